import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OrthancHandle } from '@sentinelle/config';
import { startTestOrthanc } from '@sentinelle/orthanc-bridge/testing';
import {
  markLesion,
  readPart10,
  renderLesionSeg,
  studyContextFromDataset,
  type RenderedDicom,
} from '@sentinelle/reporting';
import type { ExamFindings } from '@sentinelle/reporting/findings';
import { legacyBinarySeg } from '@sentinelle/reporting/testing';
import { analyzeExam } from '../analyze/analyzeImages';
import type { MammoModel } from '../session/mammoModel';
import { WorkerOrthancClient } from './orthancClient';
import { renderResults, resultUids } from './renderResults';
import { decodeInstances, fetchInstances, type SourceInstance } from './sourceImages';
import {
  dciodvfyErrors,
  loadTestModel,
  newUid,
  orthancRest,
  wrapFfdmStudy,
  type WrappedStudy,
} from './testing/pipelineHarness';

/**
 * The lesion SEGs of the shared 4-view FFDM exam (801, 801, 981 and 1006 columns: none a multiple
 * of 8) stored in a real Orthanc and read back frame by frame through its DICOMweb plugin, as the
 * viewer reads them.
 */
let orthanc: OrthancHandle;
let model: MammoModel;
let work: string;
let rest: ReturnType<typeof orthancRest>;
let client: WorkerOrthancClient;
let study: WrappedStudy;
let instances: SourceInstance[];
let exam: ExamFindings;

beforeAll(async () => {
  [orthanc, model, work] = await Promise.all([
    startTestOrthanc(),
    loadTestModel(),
    mkdtemp(join(tmpdir(), 'sentinelle-seg-frames-')),
  ]);
  rest = orthancRest(orthanc);
  client = new WorkerOrthancClient({
    url: orthanc.url,
    username: orthanc.username,
    password: orthanc.password,
  });
  study = await wrapFfdmStudy(work);
  const ids: string[] = [];
  for (const file of study.files) ids.push((await rest.store(await readFile(file))).ID);
  instances = decodeInstances(await fetchInstances(client, ids));
  exam = await analyzeExam(
    instances.map((instance) => instance.image),
    model,
  );
});
afterAll(async () => {
  await Promise.all([orthanc?.stop(), model?.release(), rm(work, { recursive: true, force: true })]);
});

const authorization = () =>
  `Basic ${Buffer.from(`${orthanc.username}:${orthanc.password}`).toString('base64')}`;

/** A WADO-RS answer of one part (frames/N, bulk/TAG): that part's bytes, or the status refused. */
async function wadoPart(
  path: string,
  accept: string,
): Promise<{ status: number; body: Uint8Array; text: string }> {
  const response = await fetch(`${orthanc.dicomWebUrl}${path}`, {
    headers: { authorization: authorization(), accept },
  });
  const body = new Uint8Array(await response.arrayBuffer());
  const text = Buffer.from(body).toString('latin1');
  if (!response.ok) return { status: response.status, body, text };
  const boundary = /boundary="?([^";]+)"?/i.exec(response.headers.get('content-type') ?? '')?.[1];
  expect(boundary).toBeDefined();
  const start = text.indexOf('\r\n\r\n') + 4;
  const end = text.indexOf(`\r\n--${boundary}`, start);
  return { status: response.status, body: body.subarray(start, end), text: text.slice(0, start) };
}

/** What the viewer asks for a frame: its pixels, uncompressed. */
const FRAME_ACCEPT =
  'multipart/related; type="application/octet-stream"; transfer-syntax=1.2.840.10008.1.2.1';

interface SegFrame {
  readonly sourceUid: string;
  readonly segmentNumber: number;
  readonly segmentLabel: string;
}

/** The frames of a stored SEG as its DICOMweb metadata describes them. */
async function framesOf(seg: RenderedDicom): Promise<{ frames: SegFrame[]; rows: number; columns: number }> {
  const base = `/studies/${seg.studyInstanceUid}/series/${seg.seriesInstanceUid}/instances/${seg.sopInstanceUid}`;
  const response = await fetch(`${orthanc.dicomWebUrl}${base}/metadata`, {
    headers: { authorization: authorization(), accept: 'application/dicom+json' },
  });
  expect(response.status).toBe(200);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const [metadata] = (await response.json()) as any[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const first = (element: any, tag: string): any => element?.[tag]?.Value?.[0];
  const labels = new Map<number, string>(
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    (metadata['00620002'].Value as any[]).map((s) => [first(s, '00620004'), first(s, '00620005')]),
  );
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const frames = (metadata['52009230'].Value as any[]).map((frame) => {
    const segmentNumber = first(first(frame, '0062000A'), '0062000B') as number;
    return {
      sourceUid: first(first(first(frame, '00089124'), '00082112'), '00081155') as string,
      segmentNumber,
      segmentLabel: labels.get(segmentNumber)!,
    };
  });
  return { frames, rows: first(metadata, '00280010'), columns: first(metadata, '00280011') };
}

/** The mask the findings give one (source image, segment): 1 inside a masked lesion. */
function expectedMask(frame: SegFrame, columns: number, rows: number, includeBelowThreshold: boolean) {
  const type = frame.segmentLabel === 'Mass' ? 'mass' : 'calcifications';
  const image = exam.images.find((candidate) => candidate.imageRef.sopInstanceUid === frame.sourceUid)!;
  const mask = new Uint8Array(columns * rows);
  for (const lesion of image.lesions) {
    if (lesion.type === type && (lesion.aboveThreshold || includeBelowThreshold))
      markLesion(mask, columns, rows, lesion.outline, lesion.centre);
  }
  return mask;
}

const differences = (served: Uint8Array, mask: Uint8Array, inside: number) =>
  mask.reduce((sum, value, i) => sum + (served[i] === (value ? inside : 0) ? 0 : 1), 0);

/** Stores the SEGs through STOW-RS, checks each with dciodvfy, and reads every frame back through WADO-RS. */
async function expectEveryFrameServed(segs: readonly RenderedDicom[], includeBelowThreshold: boolean) {
  const stored = await client.stow(segs.map((seg) => seg.bytes));
  expect(stored.failed).toEqual([]);
  const served: { view: string; columns: number; segment: string; marked: number }[] = [];
  for (const seg of segs) {
    const file = join(work, `${seg.sopInstanceUid}.dcm`);
    await writeFile(file, seg.bytes);
    expect(await dciodvfyErrors(file)).toEqual([]);
    const { frames, rows, columns } = await framesOf(seg);
    const base = `/studies/${seg.studyInstanceUid}/series/${seg.seriesInstanceUid}/instances/${seg.sopInstanceUid}`;
    for (const [index, frame] of frames.entries()) {
      const { status, body } = await wadoPart(`${base}/frames/${index + 1}`, FRAME_ACCEPT);
      expect({ frame: index + 1, columns, status }).toEqual({ frame: index + 1, columns, status: 200 });
      // 8 bits a pixel, padded to an even length at most.
      expect(body.length - rows * columns).toBeGreaterThanOrEqual(0);
      expect(body.length - rows * columns).toBeLessThanOrEqual(1);
      const mask = expectedMask(frame, columns, rows, includeBelowThreshold);
      expect(differences(body, mask, 255)).toBe(0);
      const image = exam.images.find((candidate) => candidate.imageRef.sopInstanceUid === frame.sourceUid)!;
      served.push({
        view: `${image.laterality}${image.view}`,
        columns,
        segment: frame.segmentLabel,
        marked: mask.reduce((sum, value) => sum + value, 0),
      });
    }
  }
  return served;
}

test('the worker writes lesion SEGs whose every frame a real Orthanc serves through WADO-RS, equal to the lesion masks, on the 4-view FFDM exam', async () => {
  const results = renderResults(
    exam,
    instances.map((instance) => instance.source),
    studyContextFromDataset(instances[0]!.dataset),
    resultUids(`${study.studyInstanceUid}:test`, 1),
  );
  // The model marks lesions above the operating point on this exam (see the viewer test).
  expect(results.segs.length).toBeGreaterThan(0);
  const served = await expectEveryFrameServed(results.segs, false);
  expect(served.some((frame) => frame.columns % 8 !== 0 && frame.marked > 0)).toBe(true);
});

test('renderLesionSeg masks of every view of the 4-view FFDM exam are served by Orthanc, for every width and segment', async () => {
  // Every mark of the model, below the operating point included: frames on each of the four views.
  const context = studyContextFromDataset(instances[0]!.dataset);
  const segs = instances
    .map((instance) => {
      const image = exam.images.find(
        (candidate) => candidate.imageRef.sopInstanceUid === instance.source.sopInstanceUid,
      )!;
      return renderLesionSeg({ ...exam, images: [image] }, [instance.source], context, {
        includeBelowThreshold: true,
      });
    })
    .filter((seg): seg is RenderedDicom => seg !== null);
  const served = await expectEveryFrameServed(segs, true);
  // Each view the model marks has its masks served (it marks three of the four: L-MLO has none).
  const marked = exam.images
    .filter((image) => image.lesions.length > 0)
    .map((i) => `${i.laterality}${i.view}`);
  expect(marked.length).toBeGreaterThanOrEqual(3);
  expect(new Set(served.filter((frame) => frame.marked > 0).map((frame) => frame.view))).toEqual(
    new Set(marked),
  );
  expect(served.every((frame) => frame.columns % 8 !== 0)).toBe(true);
  // Orthanc also renders them (Orthanc Explorer's preview).
  const [id] = await rest.instancesWithUid(segs[0]!.sopInstanceUid);
  const preview = await rest.bytes(`/instances/${id}/frames/0/preview`);
  expect([...preview.subarray(1, 4)]).toEqual([...Buffer.from('PNG')]);
});

test('a BINARY SEG stored by an older Sentinelle on an 801-column grid: Orthanc refuses its frames but serves its Pixel Data, whose frames are the masks', async () => {
  const results = renderResults(
    exam,
    instances.map((instance) => instance.source),
    studyContextFromDataset(instances[0]!.dataset),
    resultUids(`${study.studyInstanceUid}:legacy`, 1),
  );
  const odd = results.segs.find((seg) => seg.columns % 8 !== 0)!;
  expect(odd).toBeDefined();
  const legacy: RenderedDicom = { ...odd, sopInstanceUid: newUid(), bytes: new Uint8Array() };
  const bytes = legacyBinarySeg(odd.bytes, legacy.sopInstanceUid);
  expect((await client.stow([bytes])).failed).toEqual([]);
  const { frames, rows, columns } = await framesOf(legacy);
  const base = `/studies/${legacy.studyInstanceUid}/series/${legacy.seriesInstanceUid}/instances/${legacy.sopInstanceUid}`;

  // The fault the viewer met: every frame request answered 400 (Orthanc logs "Bad number of
  // columns for a black-and-white image").
  for (const accept of [
    FRAME_ACCEPT,
    'multipart/related; type="application/octet-stream"; transfer-syntax=*',
  ]) {
    const refused = await wadoPart(`${base}/frames/1`, accept);
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('Bad file format');
  }

  // What the viewer falls back to: the bulk Pixel Data, frames packed back to back, LSB first.
  const bulk = await wadoPart(`${base}/bulk/7fe00010`, 'multipart/related; type="application/octet-stream"');
  expect(bulk.status).toBe(200);
  expect(bulk.body.length).toBeGreaterThanOrEqual(Math.ceil((frames.length * rows * columns) / 8));
  for (const [index, frame] of frames.entries()) {
    const pixels = rows * columns;
    const unpacked = new Uint8Array(pixels);
    for (let i = 0, bit = index * pixels; i < pixels; i++, bit++)
      unpacked[i] = (bulk.body[bit >> 3]! >> (bit & 7)) & 1;
    expect(differences(unpacked, expectedMask(frame, columns, rows, false), 1)).toBe(0);
  }
  expect(readPart10(bytes).SegmentationType).toBe('BINARY');
});
