import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  DEMO_SITE_B_INSTITUTION,
  DEMO_SITES,
  prepareSiteBDemo,
  readDemoManifest,
  siteBDemoDir,
} from './index';

const run = promisify(execFile);

describe('prepareSiteBDemo', () => {
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'sentinelle-site-b-demo-'));
  });
  afterAll(() => rm(work, { recursive: true, force: true }));

  test('prepareSiteBDemo copies a committed demo study as sent by Site B Clinic, a site-b patient with UIDs of its own, once', async () => {
    const lines: string[] = [];
    const dir = await prepareSiteBDemo({ dataDir: work, log: (line) => lines.push(line) });
    expect(dir).toBe(siteBDemoDir(work));
    expect(lines).toEqual([expect.stringMatching(/^making the site-b demo study \(Site B Clinic\)/)]);

    const manifest = (await readDemoManifest(dir))!;
    const committed = (await readDemoManifest())!;
    expect(manifest.studies).toHaveLength(1);
    const study = manifest.studies[0]!;
    expect(study).toMatchObject({ key: 'site-b', patientId: 'DEMO-0006', patientName: 'DEMO^Site-B' });
    const uids = [study.studyInstanceUid, ...study.images.map((i) => i.sopInstanceUid)];
    const committedUids = committed.studies.flatMap((s) => [
      s.studyInstanceUid,
      ...s.images.map((i) => i.sopInstanceUid),
    ]);
    expect(uids.filter((uid) => committedUids.includes(uid))).toEqual([]);
    // The demo's sites put this institution's patients in site-b.
    expect(DEMO_SITES.sites.find((s) => s.institutions.includes(DEMO_SITE_B_INSTITUTION))?.id).toBe('site-b');

    for (const image of study.images) {
      const { stdout } = await run('dcmdump', [
        ...['--search', 'InstitutionName', '--search', 'PatientID', '--search', 'StudyInstanceUID'],
        ...['--search', 'SOPInstanceUID', '--search', 'MediaStorageSOPInstanceUID'],
        join(dir, image.file),
      ]);
      expect(stdout).toContain(`[${DEMO_SITE_B_INSTITUTION}]`);
      expect(stdout).toContain('[DEMO-0006]');
      expect(stdout).toContain(`[${study.studyInstanceUid}]`);
      // The file's meta header follows its new SOP Instance UID.
      expect(stdout.split(`[${image.sopInstanceUid}]`)).toHaveLength(3);
    }

    // Made once: a later start finds it and changes nothing.
    const before = await stat(join(dir, 'studies.json'));
    expect(await prepareSiteBDemo({ dataDir: work, log: (line) => lines.push(line) })).toBe(dir);
    expect(lines).toHaveLength(1);
    expect((await stat(join(dir, 'studies.json'))).mtimeMs).toBe(before.mtimeMs);
  });
});
