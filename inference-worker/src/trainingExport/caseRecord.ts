/**
 * A case's signed report in the export: its FHIR Bundle de-identified with the pseudonyms and date
 * shift of the case's images (src/deidentify/fhir), written as
 * fhir/<patient pseudonym>/<study pseudonym>.json, then re-read and verified against its source and
 * one image of the case.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { DeidentifiedInstance } from '../deidentify/deidentifyInstance';
import {
  deidentifyFhirBundle,
  FhirDeidentificationError,
  imagePatientKey,
  verifyFhirFile,
  withFhirFiles,
} from '../deidentify/fhir/index';
import type { DeidentificationProject } from '../deidentify/project';
import type { FileVerification } from '../deidentify/verify/report';

export { FhirDeidentificationError, withFhirFiles };

export interface CaseRecord {
  /** Relative to the export folder. */
  readonly path: string;
  readonly verification: FileVerification;
}

/** Undefined for a case without a report Bundle (recorded before exports carried one). */
export async function caseRecord(
  folder: string,
  source: unknown,
  project: DeidentificationProject,
  image: { readonly source: Uint8Array; readonly output: DeidentifiedInstance },
): Promise<CaseRecord | undefined> {
  if (source === undefined) return undefined;
  const patientKey = imagePatientKey(image.source);
  const { bundle } = deidentifyFhirBundle(source, project, { patientKey });
  const path = `fhir/${image.output.patientPseudonym}/${image.output.studyInstanceUid}.json`;
  await mkdir(dirname(join(folder, path)), { recursive: true });
  await writeFile(join(folder, path), `${JSON.stringify(bundle, null, 2)}\n`);
  const verification = verifyFhirFile(
    {
      outputName: path,
      source,
      output: await readFile(join(folder, path)),
      patientKey,
      image: { source: image.source, output: image.output.bytes },
    },
    project,
    0,
  );
  return { path, verification };
}
