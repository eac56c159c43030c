/**
 * The demo study of site-b: a copy of the committed "benign" demo study, as if "Site B Clinic" had
 * sent it (another patient, InstitutionName "Site B Clinic", its own UIDs), so that dr.roux's site
 * holds a patient of its own. Made at start with dcmtk's dcmodify into the data dir (never
 * committed: the committed demo stays four studies), with a manifest that loadDemoStudies loads.
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DEMO_MANIFEST, readDemoManifest, type DemoManifest } from './demo';
import { DEMO_SITE_B_INSTITUTION } from './demoUsers';
import { DEMO_DIR } from './paths';

const run = promisify(execFile);

/** The committed study it copies (mini-MIAS mdb001/mdb002, benign). */
const SOURCE_KEY = 'benign';

/** Name-based UIDs (nameBasedUid('demo/site-b/…') of @sentinelle/reporting): the same at every start. */
const STUDY_UID = '2.25.329360292194826028650747999044676524325';
const SERIES_UID = '2.25.104011602144759982333551051035471616551';
const IMAGE_UIDS: Readonly<Record<string, string>> = {
  RMLO: '2.25.173915348790876091857658319028510332221',
  LMLO: '2.25.290580786594696121731172996081531195984',
};

export const SITE_B_DEMO_PATIENT = { patientId: 'DEMO-0006', patientName: 'DEMO^Site-B' } as const;

/** Where npm start writes the site-b demo study. */
export function siteBDemoDir(dataDir: string): string {
  return join(dataDir, 'demo-site-b');
}

/**
 * The folder of the site-b demo study, made on first use from the committed demo study in
 * `demoDir` into `siteBDemoDir(dataDir)`, and left as it is once its manifest is there.
 */
export async function prepareSiteBDemo(options: {
  readonly dataDir: string;
  readonly demoDir?: string;
  readonly log?: (line: string) => void;
}): Promise<string> {
  const demoDir = options.demoDir ?? DEMO_DIR;
  const dir = siteBDemoDir(options.dataDir);
  if (await readDemoManifest(dir)) return dir;
  const source = (await readDemoManifest(demoDir))?.studies.find((s) => s.key === SOURCE_KEY);
  if (!source) throw new Error(`no "${SOURCE_KEY}" demo study in ${demoDir} to copy for site-b`);
  options.log?.(`making the site-b demo study (${DEMO_SITE_B_INSTITUTION}) into ${dir}`);

  // Written beside, then renamed: a start that stops half-way leaves no manifest behind.
  const work = `${dir}.partial`;
  await rm(work, { recursive: true, force: true });
  await mkdir(work, { recursive: true });
  const images: DemoManifest['studies'][number]['images'] = [];
  for (const image of source.images) {
    const view = `${image.laterality}${image.view}`;
    const sopInstanceUid = IMAGE_UIDS[view];
    if (!sopInstanceUid) throw new Error(`the site-b demo study has no UID for a ${view} image`);
    const file = `${view}.dcm`;
    await copyFile(join(demoDir, image.file), join(work, file));
    // -nb: no .bak copy; meta header UIDs follow the SOP Instance UID (dcmodify's default).
    await run('dcmodify', [
      '-nb',
      ...['-i', `(0010,0020)=${SITE_B_DEMO_PATIENT.patientId}`],
      ...['-i', `(0010,0010)=${SITE_B_DEMO_PATIENT.patientName}`],
      ...['-i', `(0008,0080)=${DEMO_SITE_B_INSTITUTION}`],
      ...['-i', '(0008,0050)=DEMO0006'],
      ...['-i', `(0008,1030)=Mammographie de dépistage, ${DEMO_SITE_B_INSTITUTION} (démo)`],
      ...['-i', `(0020,000d)=${STUDY_UID}`],
      ...['-i', `(0020,000e)=${SERIES_UID}`],
      ...['-i', `(0008,0018)=${sopInstanceUid}`],
      join(work, file),
    ]);
    images.push({
      ...image,
      file,
      sopInstanceUid,
      source: `${image.source}, copied for ${DEMO_SITE_B_INSTITUTION}`,
    });
  }
  const manifest: DemoManifest = {
    attribution: `A copy of the "${SOURCE_KEY}" demo study (see config/demo/README.md) sent by ${DEMO_SITE_B_INSTITUTION}.`,
    studies: [
      {
        ...source,
        key: 'site-b',
        studyInstanceUid: STUDY_UID,
        ...SITE_B_DEMO_PATIENT,
        studyDescription: `Mammographie de dépistage, ${DEMO_SITE_B_INSTITUTION} (démo)`,
        images,
      },
    ],
  };
  await writeFile(join(work, DEMO_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  await rm(dir, { recursive: true, force: true });
  await rename(work, dir);
  return dir;
}
