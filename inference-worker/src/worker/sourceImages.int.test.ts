import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { OrthancHandle } from '@sentinelle/config';
import { startTestOrthanc } from '@sentinelle/orthanc-bridge/testing';
import { WorkerOrthancClient } from './orthancClient';
import { decodeInstances, fetchInstances } from './sourceImages';
import { orthancRest, SIEMENS_JPEG_LOSSLESS, transcodedCopy, wrapFfdmStudy } from './testing/pipelineHarness';

const run = promisify(execFile);

let orthanc: OrthancHandle;
let work: string;
beforeAll(async () => {
  [orthanc, work] = await Promise.all([startTestOrthanc(), mkdtemp(join(tmpdir(), 'sentinelle-sources-'))]);
});
afterAll(async () => {
  await Promise.all([orthanc?.stop(), rm(work, { recursive: true, force: true })]);
});

const SYNTAXES = {
  jpegLossless: '1.2.840.10008.1.2.4.70',
  jpeg2000: '1.2.840.10008.1.2.4.90',
  rle: '1.2.840.10008.1.2.5',
} as const;

test('fetchInstances gives the pixels of JPEG Lossless, JPEG 2000 and RLE mammograms decoded by Orthanc, identical to the uncompressed original, and Orthanc survives it', async () => {
  const rest = orthancRest(orthanc);
  const client = new WorkerOrthancClient({
    url: orthanc.url,
    username: orthanc.username,
    password: orthanc.password,
  });

  // One uncompressed mammogram, and copies of the same pixels under other UIDs in each syntax.
  const original = await rest.store(
    await readFile((await wrapFfdmStudy(work, { views: ['CC'], lateralities: ['R'] })).files[0]!),
  );
  const ids: Record<string, string> = { native: original.ID };
  for (const [name, syntax] of Object.entries(SYNTAXES)) {
    const file = (await wrapFfdmStudy(work, { views: ['CC'], lateralities: ['R'] })).files[0]!;
    let compressed: Uint8Array;
    if (name === 'rle') {
      // Orthanc encodes RLE with GDCM only, which Sentinelle's configuration keeps to JPEG 2000.
      await run('dcmcrle', [file, `${file}.rle`]);
      compressed = await readFile(`${file}.rle`);
    } else {
      const copy = await rest.store(await readFile(file));
      compressed = await transcodedCopy(orthanc, copy.ID, syntax);
      await rest.json(`/instances/${copy.ID}`, { method: 'DELETE' });
    }
    ids[name] = (await rest.store(compressed)).ID;
    expect(
      (await rest.json<Record<string, string>>(`/instances/${ids[name]}/metadata?expand`)).TransferSyntax,
    ).toBe(syntax);
  }
  ids.siemens = (await rest.store(await readFile(SIEMENS_JPEG_LOSSLESS))).ID;

  const names = Object.keys(ids);
  // Several rounds: GDCM asked to decode JPEG 2000 in a REST call crashes Debian's Orthanc within
  // a few calls (see WorkerOrthancClient); the archive jobs the worker uses do not.
  for (let round = 0; round < 8; round++) {
    const decoded = decodeInstances(
      await fetchInstances(
        client,
        names.map((name) => ids[name]!),
      ),
    );
    const byName = Object.fromEntries(names.map((name, i) => [name, decoded[i]!]));
    const reference = byName.native!.image;
    for (const name of Object.keys(SYNTAXES)) {
      const { image, source } = byName[name]!;
      // GDCM's encoder wrote a 16-bit JPEG 2000 code stream, and its decoder then reports
      // BitsStored 16 ("more bits actually stored on disk"); the values are the same.
      const bitsStored = name === 'jpeg2000' ? 16 : 12;
      expect([name, image.width, image.height, image.bitsStored]).toEqual([
        name,
        reference.width,
        reference.height,
        bitsStored,
      ]);
      expect(Buffer.from(image.pixels.buffer).equals(Buffer.from(reference.pixels.buffer))).toBe(true);
      expect(image.source.sopInstanceUid).toBe(source.sopInstanceUid);
      expect(image.pixelSpacing).toEqual({ rowMm: 0.1, columnMm: 0.1, source: 'ImagerPixelSpacing' });
    }
    expect(byName.siemens!.image).toMatchObject({ width: 1318, height: 788, laterality: 'L', view: 'CC' });
    expect(byName.siemens!.source.sopInstanceUid).toBe('1.3.12.2.1107.4');
  }
  expect((await rest.json<{ Version: string }>('/system')).Version).toBe('1.10.1');
});

test('fetchInstances reports a deleted image as gone', async () => {
  const client = new WorkerOrthancClient({
    url: orthanc.url,
    username: orthanc.username,
    password: orthanc.password,
  });
  await expect(
    fetchInstances(client, ['00000000-00000000-00000000-00000000-00000000']),
  ).rejects.toMatchObject({
    name: 'StudyGoneError',
    message: expect.stringMatching(/image 1 of 1 .* was deleted from Orthanc/),
  });
});
