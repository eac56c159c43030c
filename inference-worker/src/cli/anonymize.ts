/**
 * `npm run anonymize -- --in DIR --out DIR [--project NAME] [--site NAME] [--retain-device-identity]
 *  [--keep GGGG,EEEE …]`
 *
 * De-identifies every DICOM file under --in (PS3.15 Annex E Basic Profile with the Retain
 * Longitudinal Modified Dates, Retain Patient Characteristics, Clean Pixel Data and Clean
 * Descriptors options), verifies the result and writes it to --out only when the verification
 * passes; otherwise exits 1 with the reasons and writes nothing to --out. --keep names an attribute
 * the cleaner leaves verbatim; the verification checks it like any other, so keeping one the
 * profile removes or empties fails the set.
 *
 * The project's key: SENTINELLE_DEID_KEY (64 hex digits) when set, else
 * <data dir>/deidentification/keys/<project>.key, created with mode 0600 on first use (data dir:
 * SENTINELLE_DATA_DIR, by default .data/ at the repository root). Keep that file: the same key gives
 * the same pseudonyms and UIDs in every export of the project.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_DATA_DIR } from '@sentinelle/config';
import { anonymizeFolder } from '../deidentify/anonymizeFolder';
import { loadProjectKey } from '../deidentify/keyStore';

const { values } = parseArgs({
  options: {
    in: { type: 'string' },
    out: { type: 'string' },
    project: { type: 'string', default: 'default' },
    site: { type: 'string' },
    'retain-device-identity': { type: 'boolean', default: false },
    keep: { type: 'string', multiple: true },
  },
});

async function main(): Promise<void> {
  if (!values.in || !values.out) {
    throw new Error(
      'usage: anonymize -- --in DIR --out DIR [--project NAME] [--site NAME] [--retain-device-identity] [--keep GGGG,EEEE …]',
    );
  }
  const dataDir = process.env.SENTINELLE_DATA_DIR || DEFAULT_DATA_DIR;
  const { key, source } = loadProjectKey(values.project, { dataDir });
  console.log(
    `[anonymize] project ${values.project}, key from ${source === 'environment' ? 'SENTINELLE_DEID_KEY' : 'the project key file'}`,
  );
  const result = await anonymizeFolder({
    inDir: values.in,
    outDir: values.out,
    project: {
      name: values.project,
      key,
      retainDeviceIdentity: values['retain-device-identity'],
      keepAttributes: values.keep ?? [],
    },
    ...(values.site !== undefined && { site: values.site }),
  });
  for (const name of result.skipped) console.warn(`[anonymize] skipped ${name}: not a DICOM Part 10 file`);
  const { report } = result;
  const summary = `${report.counts.instances} instance(s), ${report.counts.studies} study(ies), ${report.counts.patients} patient(s), k = ${report.kAnonymity.k}`;
  if (result.released) {
    console.log(`[anonymize] verification passed: ${summary}; written to ${values.out}`);
    console.log(`[anonymize] report: ${result.reportFiles.markdown}`);
    return;
  }
  console.error(`[anonymize] verification FAILED: nothing written to ${values.out}`);
  for (const file of report.files.filter((f) => !f.passed)) {
    for (const finding of file.findings) {
      console.error(
        `  ${result.sourceNames[file.sourceIndex] ?? `#${file.sourceIndex + 1}`}: [${finding.check}] ${finding.attribute ? `${finding.attribute}: ` : ''}${finding.message}`,
      );
    }
  }
  for (const finding of report.setFindings) console.error(`  set: [${finding.check}] ${finding.message}`);
  console.error(`[anonymize] report: ${result.reportFiles.markdown}`);
  process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
