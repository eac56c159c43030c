/**
 * The DICOMweb relay against a site-b radiologist (dr.roux) on the real stack: every path shape of
 * the grammar (the DICOMweb part of the authorisation matrix), traversal in every encoding, a
 * seeded fuzz of a few hundred paths, the scope of every UID, STOW checked before storing, the
 * audit entries of refusals and stores, and the URLs Orthanc writes in its answers.
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { jest } from '@jest/globals';
import { writePart10 } from '@sentinelle/reporting';
import { MG_FOR_PRESENTATION, newUid, storeStudy, waitUntil } from '../testing/harness';
import { useReadingApp } from '../testing/readingApp';
import { sessionHeaders, sessionOf } from '../testing/testUsers';

jest.setTimeout(180_000);

const t = useReadingApp();

interface Answer {
  readonly status: number;
  readonly text: string;
  readonly headers: IncomingHttpHeaders;
}

/** A request with its target sent byte for byte (fetch would resolve dot segments first). */
async function raw(
  path: string,
  init: {
    method?: string;
    as?: string | null;
    body?: Buffer;
    headers?: Record<string, string>;
  } = {},
): Promise<Answer> {
  const who = init.as === undefined ? 'dr.roux' : init.as;
  const headers = {
    ...(who ? sessionHeaders(await sessionOf(t.app.url, who)) : {}),
    ...init.headers,
  };
  const url = new URL(t.app.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, path, method: init.method ?? 'GET', headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            text: Buffer.concat(chunks).toString('utf8'),
            headers: res.headers,
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

interface SiteStudy {
  readonly patientId: string;
  readonly studyUid: string;
  readonly seriesUid: string;
  readonly instanceUids: readonly string[];
}

/** A stored MG study once the bridge holds its patient (seen through `as`, who is in its site). */
async function siteStudy(patientId: string, institution: string | undefined, as: string): Promise<SiteStudy> {
  const seriesUid = newUid();
  const studyUid = await storeStudy(t.client, {
    views: ['LCC', 'RCC'],
    patientId,
    seriesInstanceUid: seriesUid,
    ...(institution && { institution }),
  });
  await waitUntil(`the bridge's record of ${studyUid}`, async () => {
    const { status } = await t.api(`/api/studies/${studyUid}/analysis`, { as });
    return status === 200 ? true : undefined;
  });
  const found = await t.client.request<{ MainDicomTags: { SOPInstanceUID: string } }[]>('/tools/find', {
    method: 'POST',
    body: JSON.stringify({ Level: 'Instance', Query: { StudyInstanceUID: studyUid }, Expand: true }),
    contentType: 'application/json',
  });
  return { patientId, studyUid, seriesUid, instanceUids: found!.map((i) => i.MainDicomTags.SOPInstanceUID) };
}

/** Site main's study (dr.martin's) and site-b's (dr.roux's). */
async function twoSites(): Promise<{ main: SiteStudy; b: SiteStudy }> {
  const main = await siteStudy('PAT-MAIN-1', undefined, 'dr.martin');
  const b = await siteStudy('PAT-B-1', 'Hopital B', 'dr.roux');
  return { main, b };
}

/**
 * Everything that would show site main's data in an answer. Express's own 404 page (HTML, for a
 * path no router takes) echoes the path asked, UIDs included: it holds nothing else.
 */
function leaks(answer: Answer, main: SiteStudy): string[] {
  if (answer.status === 404 && answer.headers['content-type']?.startsWith('text/html')) return [];
  return [main.patientId, main.studyUid, main.seriesUid, ...main.instanceUids].filter((s) =>
    answer.text.includes(s),
  );
}

/** What only Orthanc's own REST API (not its DICOMweb plugin) answers. */
const ORTHANC_API_MARKS = [
  'MainDicomTags',
  'DicomAet',
  'ApiVersion',
  'CountPatients',
  'IsStable',
  'ParentStudy',
];

async function orthancCounts(): Promise<unknown> {
  return t.client.request('/statistics');
}

/** The audit entries of an actor (read by the physician-admin), once `enough` holds. */
async function auditOf(actor: string, enough: (entries: AuditRow[]) => boolean): Promise<AuditRow[]> {
  return waitUntil(`the audit entries of ${actor}`, async () => {
    const answer = await t.api(`/api/audit?actor=${actor}&limit=500`, { as: 'dr.lefevre' });
    const entries = answer.body?.entries as AuditRow[] | undefined;
    return entries && enough(entries) ? entries : undefined;
  });
}

interface AuditRow {
  action: string;
  resourceType: string;
  resourceId: string | null;
  patientId: string | null;
  outcome: string;
  httpStatus: number | null;
  detail: Record<string, unknown>;
}

/** A Part 10 MG instance (no pixels: Orthanc stores any instance). */
function instanceFile(tags: {
  studyUid: string;
  patientId: string;
  institution?: string;
  seriesUid?: string;
}): Buffer {
  return Buffer.from(
    writePart10({
      SOPClassUID: MG_FOR_PRESENTATION,
      SOPInstanceUID: newUid(),
      StudyInstanceUID: tags.studyUid,
      SeriesInstanceUID: tags.seriesUid ?? newUid(),
      PatientID: tags.patientId,
      PatientName: 'Stow^Test',
      PatientBirthDate: '19700101',
      PatientSex: 'F',
      Modality: 'MG',
      StudyDate: '20250301',
      OtherPatientIDsSequence: [{ PatientID: 'OTHER-1', IssuerOfPatientID: 'X' }],
      ...(tags.institution && { InstitutionName: tags.institution }),
    }),
  );
}

const BOUNDARY = 'sentinelle-stow-boundary';

function stowBody(files: readonly Buffer[]): Buffer {
  const parts = files.flatMap((file) => [
    Buffer.from(`--${BOUNDARY}\r\nContent-Type: application/dicom\r\n\r\n`),
    file,
    Buffer.from('\r\n'),
  ]);
  return Buffer.concat([...parts, Buffer.from(`--${BOUNDARY}--\r\n`)]);
}

function stow(path: string, files: readonly Buffer[], as: string | null = 'dr.roux'): Promise<Answer> {
  return raw(path, {
    method: 'POST',
    as,
    body: stowBody(files),
    headers: {
      'content-type': `multipart/related; type="application/dicom"; boundary=${BOUNDARY}`,
      accept: 'application/dicom+json',
    },
  });
}

async function orthancHoldsStudy(studyUid: string): Promise<boolean> {
  return (await t.client.findStudy(studyUid)) !== undefined;
}

describe('DICOMweb relay scope', () => {
  test('dicomwebRelay refuses dot segments in any encoding, and none reaches another site or Orthanc’s API', async () => {
    const { main, b } = await twoSites();
    const before = await orthancCounts();
    const mainOrthancId = await t.client.findStudy(main.studyUid);
    const own = `/dicom-web/studies/${b.studyUid}`;
    const other = main.studyUid;
    const variants: [string, string][] = [
      ['GET', `${own}/../${other}/metadata`],
      ['GET', `${own}/%2e%2e/${other}/metadata`],
      ['GET', `${own}/%2E%2E/${other}/metadata`],
      ['GET', `${own}/%2e%2E/${other}/series`],
      ['GET', `${own}/..%2f${other}/metadata`],
      ['GET', `${own}%2f..%2f${other}`],
      ['GET', `${own}/%252e%252e/${other}/metadata`],
      ['GET', `${own}/%252E%252E%252F${other}`],
      ['GET', `${own}/..\\${other}\\metadata`],
      ['GET', `${own}\\..\\${other}`],
      ['GET', `${own}/%5c..%5c${other}`],
      ['GET', `${own}/./../${other}`],
      ['GET', `/dicom-web/Studies/${other}/metadata`],
      ['GET', `/DICOM-WEB/studies/${other}/metadata`],
      ['GET', `/Dicom-Web/studies/${other}`],
      ['GET', `/dicom-web/STUDIES/${other}/series`],
      ['GET', `/dicom-web/studies/${other}/METADATA`],
      ['GET', `/dicom-web//studies/${other}`],
      ['GET', `${own}/../../../system`],
      ['GET', `${own}/../../../patients?expand`],
      ['GET', `${own}/%2e%2e/%2e%2e/%2e%2e/patients?expand`],
      ['GET', `${own}/%2E%2E/%2E%2E/%2E%2E/system`],
      ['GET', `${own}/..%2F..%2F..%2Fsystem`],
      ['GET', `${own}/..\\..\\..\\system`],
      ['GET', `/dicom-web/../patients?expand`],
      ['GET', `/dicom-web/servers`],
      ['GET', `/dicom-web/studies/${b.studyUid}/../../../studies/${mainOrthancId}`],
      ['GET', `http://127.0.0.1/dicom-web/studies/${other}/metadata`],
      ['POST', `${own}/../../../tools/find`],
      ['POST', `${own}/%2e%2e/%2e%2e/%2e%2e/tools/find`],
      ['POST', `${own}/../../../tools/create-dicom`],
      ['DELETE', `${own}/../../../studies/${mainOrthancId}`],
      ['DELETE', `/dicom-web/studies/${other}`],
    ];
    const failures: string[] = [];
    for (const [method, path] of variants) {
      const answer = await raw(path, {
        method,
        ...(method === 'POST' && {
          body: Buffer.from(JSON.stringify({ Level: 'Study', Query: {}, Expand: true })),
          headers: { 'content-type': 'application/json' },
        }),
      });
      const marks = ORTHANC_API_MARKS.filter((m) => answer.text.includes(m));
      if (answer.status < 400 || leaks(answer, main).length || marks.length)
        failures.push(`${method} ${path}: ${answer.status} ${[...leaks(answer, main), ...marks].join(' ')}`);
    }
    expect(failures).toEqual([]);
    // Nothing was created or deleted in Orthanc: no write went past the relay.
    expect(await orthancCounts()).toEqual(before);
    expect(await orthancHoldsStudy(main.studyUid)).toBe(true);
    // Her own study still answers through the same relay.
    expect((await raw(`${own}/metadata`)).status).toBe(200);
  });

  test('dicomwebRelay checks every UID: another study’s series or instance named under her own study is not found', async () => {
    const { main, b } = await twoSites();
    const own = `/dicom-web/studies/${b.studyUid}`;
    const ownSeries = `${own}/series/${b.seriesUid}`;
    const cases = [
      `${own}/series/${main.seriesUid}`,
      `${own}/series/${main.seriesUid}/metadata`,
      `${own}/series/${main.seriesUid}/rendered`,
      `${own}/series/${main.seriesUid}/instances`,
      `${own}/series/${main.seriesUid}/instances/${main.instanceUids[0]}/metadata`,
      `${own}/series/${main.seriesUid}/instances/${main.instanceUids[0]}/frames/1`,
      `${ownSeries}/instances/${main.instanceUids[0]}`,
      `${ownSeries}/instances/${main.instanceUids[0]}/metadata`,
      `${ownSeries}/instances/${main.instanceUids[0]}/bulk/7fe00010`,
    ];
    for (const path of cases) {
      const answer = await raw(path);
      expect([path, answer.status, leaks(answer, main)]).toEqual([path, 404, []]);
    }
    // Searches under her study, or naming the other study in the query, find nothing of it.
    for (const path of [
      `${own}/series?StudyInstanceUID=${main.studyUid}`,
      `${own}/instances?SeriesInstanceUID=${main.seriesUid}`,
      `/dicom-web/series?StudyInstanceUID=${main.studyUid}`,
      `/dicom-web/instances?PatientID=${main.patientId}`,
      `/dicom-web/studies?PatientID=${main.patientId}`,
    ]) {
      const answer = await raw(path);
      expect([path, answer.status, leaks(answer, main)]).toEqual([path, 200, []]);
    }
    expect(JSON.parse((await raw(`${own}/series`)).text)).toHaveLength(1);
    // The main site's radiologist reads the same shapes of his own study.
    const mainSeries = `/dicom-web/studies/${main.studyUid}/series/${main.seriesUid}`;
    expect(
      (await raw(`${mainSeries}/instances/${main.instanceUids[0]}/metadata`, { as: 'dr.martin' })).status,
    ).toBe(200);
  });

  test('dicomwebRelay answers the site-b radiologist on every DICOMweb path shape as the authorisation matrix says', async () => {
    const { main, b } = await twoSites();
    const shapes = (s: SiteStudy) => {
      const study = `/dicom-web/studies/${s.studyUid}`;
      const series = `${study}/series/${s.seriesUid}`;
      const instance = `${series}/instances/${s.instanceUids[0]}`;
      return {
        study,
        'study/metadata': `${study}/metadata`,
        'study/rendered': `${study}/rendered`,
        'study/series': `${study}/series`,
        'study/instances': `${study}/instances`,
        series,
        'series/metadata': `${series}/metadata`,
        'series/rendered': `${series}/rendered`,
        'series/instances': `${series}/instances`,
        instance,
        'instance/metadata': `${instance}/metadata`,
        'instance/rendered': `${instance}/rendered`,
        'instance/frames': `${instance}/frames/1`,
        'instance/frames/rendered': `${instance}/frames/1/rendered`,
        'instance/bulk': `${instance}/bulk/7fe00010`,
      };
    };
    const failures: string[] = [];
    const expectStatus = async (
      path: string,
      as: string | null,
      ok: (status: number) => boolean,
      want: string,
    ) => {
      const answer = await raw(path, { as });
      if (!ok(answer.status) || (as === 'dr.roux' && leaks(answer, main).length))
        failures.push(`${as ?? 'anonymous'} ${path}: ${answer.status}, expected ${want}`);
      if (answer.headers['cache-control'] !== 'no-store')
        failures.push(`${path}: cache-control ${answer.headers['cache-control']}`);
    };
    const granted = (status: number) => status !== 401 && status !== 403 && status < 500;
    for (const [shape, path] of Object.entries(shapes(b))) {
      await expectStatus(path, 'dr.roux', granted, `${shape} of her own study answered`);
      await expectStatus(path, null, (s) => s === 401, '401');
      await expectStatus(path, 'admin.dupont', (s) => s === 403, '403 (a sysadmin reads no images)');
    }
    for (const [shape, path] of Object.entries(shapes(main)))
      await expectStatus(path, 'dr.roux', (s) => s === 403, `403 for ${shape} of another site`);
    for (const path of ['/dicom-web/studies', '/dicom-web/series', '/dicom-web/instances']) {
      await expectStatus(path, 'dr.roux', (s) => s === 200, '200 without the other site');
      await expectStatus(path, null, (s) => s === 401, '401');
    }
    // Storing (both STOW shapes) is for patient:write within scope: a pathologist reads but does not
    // store, and nobody stores into another site's study.
    expect((await stow('/dicom-web/studies', [], 'dr.moreau')).status).toBe(403);
    expect((await stow('/dicom-web/studies', [], null)).status).toBe(401);
    expect((await stow(`/dicom-web/studies/${b.studyUid}`, [], 'admin.dupont')).status).toBe(403);
    const intoMain = [instanceFile({ studyUid: main.studyUid, patientId: main.patientId })];
    expect((await stow(`/dicom-web/studies/${main.studyUid}`, intoMain)).status).toBe(403);
    expect((await stow('/dicom-web/studies', intoMain)).status).toBe(403);
    expect(failures).toEqual([]);
  });

  test('dicomwebRelay lets no fuzzed path of a site-b user reach another site’s data or Orthanc’s own API', async () => {
    const { main, b } = await twoSites();
    const before = await orthancCounts();
    // mulberry32: the same few hundred paths on every run.
    let seed = 0x5e171e11;
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
      return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
    };
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const uids = [
      b.studyUid,
      b.seriesUid,
      b.instanceUids[0]!,
      main.studyUid,
      main.seriesUid,
      main.instanceUids[0]!,
    ];
    const words = [
      'studies',
      'series',
      'instances',
      'metadata',
      'rendered',
      'thumbnail',
      'frames',
      '1',
      'bulk',
      '7fe00010',
      'Studies',
      'SERIES',
      'patients',
      'system',
      'tools',
      'find',
      'servers',
    ];
    const tricks = [
      '..',
      '.',
      '%2e%2e',
      '%2E%2E',
      '%2e',
      '%252e%252e',
      '%2f',
      '%2F',
      '%5c',
      '\\',
      '..\\..',
      '',
      '%00',
    ];
    const separators = ['/', '/', '/', '/', '//', '%2f', '\\', '/./', '/../'];
    const paths = new Set<string>();
    while (paths.size < 300) {
      const segments = Array.from({ length: 1 + Math.floor(random() * 8) }, () => {
        const r = random();
        const segment = r < 0.4 ? pick(uids) : r < 0.75 ? pick(words) : pick(tricks);
        return random() < 0.1 ? `${segment}${pick(tricks)}` : segment;
      });
      let path = random() < 0.9 ? '/dicom-web/studies' : pick(['/dicom-web', '/DICOM-WEB', '/dicom-web/..']);
      for (const segment of segments) path += pick(separators) + segment;
      if (random() < 0.2)
        path += pick(['?expand', '?PatientID=PAT-MAIN-1', `?StudyInstanceUID=${main.studyUid}`]);
      paths.add(path);
    }
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    for (const path of paths) {
      const answer = await raw(path);
      statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      const marks = ORTHANC_API_MARKS.filter((m) => answer.text.includes(m));
      if (leaks(answer, main).length || marks.length || answer.status >= 500)
        failures.push(`${path}: ${answer.status} ${[...leaks(answer, main), ...marks].join(' ')}`);
    }
    expect(failures).toEqual([]);
    // The fuzz went through the grammar's refusals (400, 404) and its scope checks (403).
    expect([...statuses.keys()]).toEqual(expect.arrayContaining([400, 403, 404]));
    expect(await orthancCounts()).toEqual(before);
  });

  test('dicomwebRelay checks a STOW without a study in the path before storing: another site’s study, patient or institution is refused', async () => {
    const { main, b } = await twoSites();
    const before = await orthancCounts();
    const refusals: [string, Answer][] = [
      // Adding a series to the main site's study.
      [
        'other study',
        await stow('/dicom-web/studies', [instanceFile({ studyUid: main.studyUid, patientId: 'PAT-B-1' })]),
      ],
      // A new study of the main site's patient.
      [
        'other patient',
        await stow('/dicom-web/studies', [instanceFile({ studyUid: newUid(), patientId: main.patientId })]),
      ],
      // A new patient from an institution of the main site.
      [
        'other institution',
        await stow('/dicom-web/studies', [instanceFile({ studyUid: newUid(), patientId: 'PAT-NEW-1' })]),
      ],
      // Her own patient's images hiding one of the other site's.
      [
        'one of several',
        await stow('/dicom-web/studies', [
          instanceFile({ studyUid: b.studyUid, patientId: b.patientId, institution: 'Hopital B' }),
          instanceFile({ studyUid: main.studyUid, patientId: b.patientId, institution: 'Hopital B' }),
        ]),
      ],
    ];
    for (const [what, answer] of refusals) expect([what, answer.status]).toEqual([what, 403]);
    // Her study named in the path, another study in the body.
    const mismatch = await stow(`/dicom-web/studies/${b.studyUid}`, [
      instanceFile({ studyUid: main.studyUid, patientId: b.patientId, institution: 'Hopital B' }),
    ]);
    expect(mismatch.status).toBe(400);
    // Her own study under another patient's ID.
    const otherPatient = await stow('/dicom-web/studies', [
      instanceFile({ studyUid: b.studyUid, patientId: 'PAT-B-2', institution: 'Hopital B' }),
    ]);
    expect(otherPatient.status).toBe(409);
    // Not DICOM, or not multipart: refused before Orthanc.
    expect((await stow('/dicom-web/studies', [Buffer.from('not a DICOM file')])).status).toBe(400);
    expect(
      (
        await raw('/dicom-web/studies', {
          method: 'POST',
          body: instanceFile({ studyUid: newUid(), patientId: 'PAT-B-1', institution: 'Hopital B' }),
          headers: { 'content-type': 'application/dicom' },
        })
      ).status,
    ).toBe(415);
    expect(await orthancCounts()).toEqual(before);

    // Her own site's new patient, and more images of her own patient, are stored.
    const newStudy = newUid();
    const stored = await stow('/dicom-web/studies', [
      instanceFile({ studyUid: newStudy, patientId: 'PAT-B-NEW', institution: 'Hopital B' }),
    ]);
    expect(stored.status).toBe(200);
    expect(await orthancHoldsStudy(newStudy)).toBe(true);
    const more = await stow(`/dicom-web/studies/${b.studyUid}`, [
      instanceFile({ studyUid: b.studyUid, patientId: b.patientId, institution: 'Hopital B' }),
    ]);
    expect(more.status).toBe(200);
  });

  test('dicomwebRelay records refusals with the study’s patient, a traversal as refused with its raw path, and a STOW as a creation with its patient', async () => {
    const { main, b } = await twoSites();
    expect((await raw(`/dicom-web/studies/${main.studyUid}/metadata`)).status).toBe(403);
    const traversal = `/dicom-web/studies/${b.studyUid}/%2e%2e/${main.studyUid}/metadata`;
    expect((await raw(traversal)).status).toBe(400);
    const newStudy = newUid();
    const stored = await stow('/dicom-web/studies', [
      instanceFile({ studyUid: newStudy, patientId: 'PAT-B-AUDIT', institution: 'Hopital B' }),
    ]);
    expect(stored.status).toBe(200);
    expect(
      (await stow('/dicom-web/studies', [instanceFile({ studyUid: main.studyUid, patientId: 'PAT-B-1' })]))
        .status,
    ).toBe(403);

    const entries = await auditOf('dr.roux', (e) => e.filter((x) => x.action === 'create').length >= 2);
    const ofPath = (path: string) => entries.filter((e) => e.detail.path === path);
    expect(ofPath(`/dicom-web/studies/${main.studyUid}/metadata`)).toEqual([
      expect.objectContaining({
        action: 'read',
        resourceId: main.studyUid,
        patientId: main.patientId,
        outcome: 'denied',
        httpStatus: 403,
      }),
    ]);
    // The traversal is not a read of her own study nor of the other one: a refused path, as sent.
    expect(ofPath(traversal)).toEqual([
      expect.objectContaining({
        resourceId: null,
        patientId: null,
        httpStatus: 400,
        detail: expect.objectContaining({ refused: expect.any(String) }),
      }),
    ]);
    const stows = ofPath('/dicom-web/studies').filter((e) => e.action === 'create');
    expect(stows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          resourceType: 'study',
          resourceId: newStudy,
          patientId: 'PAT-B-AUDIT',
          outcome: 'success',
        }),
        expect.objectContaining({
          resourceId: main.studyUid,
          patientId: 'PAT-B-1',
          outcome: 'denied',
          httpStatus: 403,
        }),
      ]),
    );
    expect(entries.filter((e) => e.action === 'search' && e.detail.path === '/dicom-web/studies')).toEqual(
      [],
    );
    // A sysadmin's refused read names the patient too.
    expect((await raw(`/dicom-web/studies/${main.studyUid}/metadata`, { as: 'admin.dupont' })).status).toBe(
      403,
    );
    const [sysadmin] = await auditOf('admin.dupont', (e) => e.some((x) => x.resourceId === main.studyUid));
    expect(sysadmin).toMatchObject({
      resourceId: main.studyUid,
      patientId: main.patientId,
      outcome: 'denied',
    });
  });

  test('dicomwebRelay answers RetrieveURLs at the bridge’s origin, without quotes, in QIDO and STOW answers', async () => {
    const { b } = await twoSites();
    const qido = await raw(`/dicom-web/studies?StudyInstanceUID=${b.studyUid}`, {
      headers: { accept: 'application/dicom+json' },
    });
    expect(qido.status).toBe(200);
    expect(qido.headers['cache-control']).toBe('no-store');
    const [match] = JSON.parse(qido.text) as Record<string, { Value: string[] }>[];
    expect(match!['00081190']!.Value[0]).toBe(`${t.app.url}/dicom-web/studies/${b.studyUid}`);

    const newStudy = newUid();
    const stored = await stow('/dicom-web/studies', [
      instanceFile({ studyUid: newStudy, patientId: 'PAT-B-URL', institution: 'Hopital B' }),
    ]);
    expect(stored.status).toBe(200);
    const answer = JSON.parse(stored.text) as Record<string, { Value: unknown[] }>;
    expect(answer['00081190']!.Value[0]).toBe(`${t.app.url}/dicom-web/studies/${newStudy}`);
    // A forged Host does not make its way into the URLs.
    const forged = await raw(`/dicom-web/studies?StudyInstanceUID=${b.studyUid}`, {
      headers: { host: 'evil.example;proto=https', accept: 'application/dicom+json' },
    });
    expect(forged.text).not.toContain('evil.example');
  });
});
