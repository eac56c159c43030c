import type { DenaturalizedDataset } from 'dcmjs';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { daysBetween } from './dates';
import {
  deidentifyInstances,
  pseudonymiseUid,
  verifyDeidentifiedSet,
  type DeidentificationProject,
} from './index';
import { readPart10File } from './part10';
import { PROFILE_ROWS } from './profileTable';
import {
  fileWithHiddenIdentity,
  fixtureFile,
  HIDDEN_IDENTITY,
  priorExam,
  SIEMENS_FIXTURE,
  studyWithResults,
  SYNTHETIC_IDENTITY,
  SYNTHETIC_MG_FIXTURE,
  type TestFile,
} from './testSets';

const PROJECT: DeidentificationProject = { name: 'test-project', key: new Uint8Array(32).fill(42) };

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'sentinelle-deid-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const dataset = (bytes: Uint8Array): DenaturalizedDataset => readPart10File(bytes).dataset;

/** Every element at every depth, as [tag, element] pairs. */
function elements(ds: DenaturalizedDataset): [string, DenaturalizedDataset[string]][] {
  return Object.entries(ds).flatMap(([tag, element]) => [
    [tag, element] as [string, DenaturalizedDataset[string]],
    ...(element.vr === 'SQ'
      ? (element.Value ?? []).flatMap((item) => elements(item as DenaturalizedDataset))
      : []),
  ]);
}

/** dcmtk's dump of a file: what any other reader would see in it. */
function dcmdump(bytes: Uint8Array, name: string): string {
  const file = join(work, name.replace(/\//g, '_'));
  writeFileSync(file, bytes);
  return execFileSync('dcmdump', ['+L', '+U8', file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/** The table rows that, with this project's options, must never appear in an output. */
const REMOVED_ROWS = PROFILE_ROWS.filter(
  (row) => row.basic === 'X' && !row.options.some((o) => o === 'PAT' || o === 'DATES' || o === 'STRUCT'),
);
const EMPTIED_ROWS = PROFILE_ROWS.filter((row) => row.basic === 'Z' && row.options.length === 0);
const UID_ROWS = PROFILE_ROWS.filter((row) => row.basic === 'U' && !row.options.includes('DEV'));

/** Checks an output against its source row by row, independently of the cleaner's own code. */
function expectProfileApplied(
  source: DenaturalizedDataset,
  output: DenaturalizedDataset,
  pseudonym: string,
): void {
  const present = elements(output);
  const tags = new Set(present.map(([tag]) => tag.toUpperCase()));
  for (const row of REMOVED_ROWS)
    expect({ row: row.name, present: tags.has(row.tag) }).toEqual({ row: row.name, present: false });
  for (const [tag, element] of present) {
    const upper = tag.toUpperCase();
    const group = Number.parseInt(upper.slice(0, 4), 16);
    expect({ tag, private: group % 2 === 1 }).toEqual({ tag, private: false });
    const repeating = (base: number) => group >= base && group <= base + 0x1e; // 50xx curves, 60xx overlays
    expect({ tag, overlayOrCurve: repeating(0x5000) || repeating(0x6000) }).toEqual({
      tag,
      overlayOrCurve: false,
    });
    const values = (element.Value ?? []).filter((v) => v !== '' && v !== null);
    if (EMPTIED_ROWS.some((row) => row.tag === upper)) {
      const pseudonymous = values.every((v) => JSON.stringify(v).includes(pseudonym));
      expect({ tag, emptyOrPseudonym: values.length === 0 || pseudonymous }).toEqual({
        tag,
        emptyOrPseudonym: true,
      });
    }
    if (UID_ROWS.some((row) => row.tag === upper)) {
      const sourceUids = new Set(
        elements(source)
          .filter(([, e]) => e.vr === 'UI')
          .flatMap(([, e]) => e.Value ?? []),
      );
      for (const uid of values) {
        expect(String(uid)).toMatch(/^2\.25\.\d+$/);
        expect(sourceUids.has(uid)).toBe(false);
      }
    }
    if (element.vr === 'PN') {
      expect(
        values.every((v) => JSON.stringify(v).includes(pseudonym) || JSON.stringify(v).includes('ANONYMOUS')),
      ).toBe(true);
    }
  }
}

function expectNoneOf(dump: string, values: readonly string[]): void {
  const upper = dump.toUpperCase();
  for (const value of values)
    expect({ value, found: upper.includes(value.toUpperCase()) }).toEqual({ value, found: false });
}

describe('deidentifyInstances', () => {
  test('deidentifyInstances cleans the Siemens JPEG Lossless mammogram and the synthetic MG attribute by attribute, and the verification passes', async () => {
    const sources = [fixtureFile(SIEMENS_FIXTURE), fixtureFile(SYNTHETIC_MG_FIXTURE)];
    const { instances, report } = await deidentifyInstances(sources, PROJECT);
    expect(report.passed).toBe(true);
    expect(report.files.map((f) => f.textRegionsFound)).toEqual([0, 0]);
    sources.forEach((source, i) => {
      const input = dataset(source.bytes);
      const output = dataset(instances[i]!.bytes);
      expectProfileApplied(input, output, instances[i]!.patientPseudonym);
      // Written uncompressed, pixels decoded, overlay planes gone, the markers PS3.15 asks for.
      expect(readPart10File(instances[i]!.bytes).transferSyntaxUid).toBe('1.2.840.10008.1.2.1');
      expect(output['00280301']?.Value).toEqual(['NO']);
      expect(output['00120062']?.Value).toEqual(['YES']);
      const codes = ((output['00120064']?.Value ?? []) as DenaturalizedDataset[]).map(
        (item) => item['00080100']?.Value?.[0],
      );
      expect(codes).toEqual(['113100', '113101', '113105', '113107', '113108']);
      expect(output['00100040']?.Value).toEqual(input['00100040']?.Value); // Retain Patient Characteristics
    });
    // The Siemens file: its identity, its detector serial hidden in Detector Description, its overlays.
    const siemens = dcmdump(instances[0]!.bytes, 'siemens.dcm');
    expectNoneOf(siemens, [
      'AAAAAA',
      'BBBBBBB',
      'CCCCCC',
      '202009101100',
      '20200910',
      '20000101',
      'L03-02246',
      '2608',
      'First reference mark',
      '1.3.12.2.1107.4',
    ]);
    expect(dataset(instances[0]!.bytes)['00101010']?.Value).toEqual(['020Y']); // age kept, birth date gone
    // The synthetic MG carries a test pattern's text in its pixels: found, blanked, re-read clean.
    expect(instances[1]!.blankedRegions).toBeGreaterThan(10);
  });

  test('deidentifyInstances leaves no identity in private groups, nested sequences, person names in sequences, overlays or a typed comment', async () => {
    const source = fileWithHiddenIdentity();
    const { instances, report } = await deidentifyInstances([source], PROJECT);
    expect(report.passed).toBe(true);
    const output = dataset(instances[0]!.bytes);
    expectProfileApplied(dataset(source.bytes), output, instances[0]!.patientPseudonym);
    const dump = dcmdump(instances[0]!.bytes, 'hidden.dcm');
    expectNoneOf(dump, [
      'Lefèvre',
      'Lefevre',
      'Jeanne',
      HIDDEN_IDENTITY.patientId,
      HIDDEN_IDENTITY.otherId,
      HIDDEN_IDENTITY.birthDate,
      HIDDEN_IDENTITY.accession,
      HIDDEN_IDENTITY.institution,
      'Kerbrat',
      'Le Goff',
      'Morvan',
      'MAMMO-VANNES-2',
      'SN-DEVICE-8841',
      'ST-5531',
      'ACME PRIVATE',
      'Patient name mark',
    ]);
    // The non-table sequence is kept; its nested Person Name (D) gets the dummy, its date the shift.
    const performed = (output['00400260']?.Value?.[0] as DenaturalizedDataset)['00400440']
      ?.Value?.[0] as DenaturalizedDataset;
    expect(performed['00080104']?.Value).toEqual(['Performed by']);
    expect(performed['0040A123']?.Value).toEqual([{ Alphabetic: 'ANONYMOUS' }]);
    expect(daysBetween('20240611', String(performed['0040A121']?.Value?.[0]))).toBe(
      daysBetween('20240611', String(output['00080020']?.Value?.[0])),
    );
  });

  test('deidentifyInstances keeps a study, its SR and its SEG pointing at each other, with names and notes gone from the SR content', async () => {
    const sources = studyWithResults(join(work, 'study'));
    const { instances, report } = await deidentifyInstances(sources, PROJECT);
    expect(report.passed).toBe(true);
    const outputs = instances.map((i) => dataset(i.bytes));
    const [cc, mlo] = instances;
    // One study, the mapping of the source study UID, in every object.
    expect(new Set(instances.map((i) => i.studyInstanceUid))).toEqual(
      new Set([pseudonymiseUid(PROJECT, '1.2.826.0.1.3680043.10.1404.1')]),
    );
    const referenced = (ds: DenaturalizedDataset) =>
      new Set(
        elements(ds)
          .filter(([tag]) => tag.toUpperCase() === '00081155')
          .flatMap(([, e]) => e.Value ?? []),
      );
    // Each object refers to the new UIDs of exactly the instances its source referred to.
    const sourceUids = sources.map((source) => String(dataset(source.bytes)['00080018']?.Value?.[0]));
    for (const i of [2, 3, 4, 5]) {
      const sourceRefs = referenced(dataset(sources[i]!.bytes));
      const expected = instances.filter((_, j) => sourceRefs.has(sourceUids[j])).map((o) => o.sopInstanceUid);
      const actual = [...referenced(outputs[i]!)].filter((uid) =>
        instances.some((o) => o.sopInstanceUid === uid),
      );
      expect({ object: sources[i]!.name, refs: actual.sort() }).toEqual({
        object: sources[i]!.name,
        refs: expected.sort(),
      });
      expect([...referenced(outputs[i]!)].every((uid) => String(uid).startsWith('2.25.'))).toBe(true);
    }
    for (const i of [2, 3, 4]) {
      expect(referenced(outputs[i]!)).toEqual(new Set([cc!.sopInstanceUid, mlo!.sopInstanceUid]));
    }
    // The SEG's referenced series is the images' new series; the reader's SR still points at the AI SR.
    const segSeries = elements(outputs[4]!)
      .filter(([tag]) => tag.toUpperCase() === '0020000E')
      .map(([, e]) => e.Value?.[0]);
    expect(segSeries).toContain(cc!.seriesInstanceUid);
    expect(referenced(outputs[5]!).has(instances[2]!.sopInstanceUid)).toBe(true);
    for (const [i, instance] of instances.entries()) {
      expectProfileApplied(dataset(sources[i]!.bytes), outputs[i]!, instance.patientPseudonym);
      expectNoneOf(dcmdump(instance.bytes, `study-${i}.dcm`), [
        'Dupont',
        'Élodie',
        'Elodie',
        'Martin',
        'Claire',
        SYNTHETIC_IDENTITY.patientId,
        SYNTHETIC_IDENTITY.accession,
        SYNTHETIC_IDENTITY.birthDate,
        SYNTHETIC_IDENTITY.studyDate,
        'Clinique des Lilas',
        'SN-77421',
        '1.2.826.0.1.3680043.10.1404.1',
      ]);
    }
    // The SEG's masks are kept (decompressed), not blanked.
    expect(instances[4]!.pixels).toBe('mask');
    expect(readPart10File(instances[4]!.bytes).transferSyntaxUid).toBe('1.2.840.10008.1.2.1');
  });

  test('deidentifyInstances shifts every date of a patient by one amount, so the interval between two exams is kept', async () => {
    const [cc] = studyWithResults(join(work, 'dates'));
    const prior = priorExam(cc!, 371);
    const { instances, report } = await deidentifyInstances([cc!, prior], PROJECT);
    expect(report.passed).toBe(true);
    const studyDate = (file: TestFile | Uint8Array) =>
      String(dataset(file instanceof Uint8Array ? file : file.bytes)['00080020']?.Value?.[0]);
    const shiftNow = daysBetween(studyDate(cc!), studyDate(instances[0]!.bytes))!;
    const shiftPrior = daysBetween(studyDate(prior), studyDate(instances[1]!.bytes))!;
    expect(shiftNow).toBeLessThanOrEqual(-365);
    expect(shiftPrior).toBe(shiftNow);
    expect(daysBetween(studyDate(instances[1]!.bytes), studyDate(instances[0]!.bytes))).toBe(371);
    expect(instances[0]!.patientPseudonym).toBe(instances[1]!.patientPseudonym);
    expect(instances[0]!.studyInstanceUid).not.toBe(instances[1]!.studyInstanceUid);
  });

  test('deidentifyInstances fails verification when the project keeps a descriptor that carries the patient name', async () => {
    const source = fileWithHiddenIdentity();
    const { report } = await deidentifyInstances([source], { ...PROJECT, keepAttributes: ['0020,4000'] });
    expect(report.passed).toBe(false);
    expect(report.files[0]!.findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ check: 'identifying-value', attribute: 'Image Comments (0020,4000)' }),
      ]),
    );
    // The report names the source attribute, never the value it found.
    expect(JSON.stringify(report)).not.toMatch(/Lef[eè]vre|Jeanne|IPP-4471/);
  });

  test('deidentifyInstances fails verification when the project keeps a birth date, which no value scan would catch', async () => {
    const { report } = await deidentifyInstances([fixtureFile(SIEMENS_FIXTURE)], {
      ...PROJECT,
      keepAttributes: ['0010,0030'],
    });
    expect(report.passed).toBe(false);
    expect(report.files[0]!.findings).toEqual([
      expect.objectContaining({ check: 'profile', attribute: "Patient's Birth Date (0010,0030)" }),
    ]);
  });

  test('verifyDeidentifiedSet fails a set that was not de-identified, finding every kind of leak', async () => {
    const source = fileWithHiddenIdentity();
    const report = await verifyDeidentifiedSet(
      [{ sourceName: source.name, source: source.bytes, outputName: source.name, output: source.bytes }],
      PROJECT,
    );
    expect(report.passed).toBe(false);
    const checks = new Set(report.files[0]!.findings.map((f) => f.check));
    for (const check of [
      'profile',
      'private',
      'overlay',
      'person-name',
      'identifying-value',
      'uid',
      'date',
      'markers',
    ]) {
      expect({ check, found: checks.has(check as never) }).toEqual({ check, found: true });
    }
    expect(report.setFindings.map((f) => f.check)).toContain('uid-consistency');
  });

  test('verifyDeidentifiedSet counts k-anonymity per patient on age band, sex and site', async () => {
    const sources = [
      { ...fixtureFile(SIEMENS_FIXTURE), site: 'site-a' },
      { ...fileWithHiddenIdentity(), site: 'site-a' },
    ];
    const { report } = await deidentifyInstances(sources, PROJECT);
    expect(report.kAnonymity.k).toBe(1);
    expect(report.kAnonymity.groups).toEqual([
      { ageBand: '20-29', sex: 'F', site: 'site-a', patients: 1 },
      { ageBand: '60-69', sex: 'F', site: 'site-a', patients: 1 },
    ]);
  });
});
