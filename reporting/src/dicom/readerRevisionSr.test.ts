import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NaturalizedDataset } from 'dcmjs';
import type { ReaderFinding, ReaderRevision } from '../findings/readerReview';
import { renderAiResultsSr } from './aiResultsSr';
import { readPart10 } from './part10';
import { renderReaderRevisionSr } from './readerRevisionSr';
import { isSentinelleObject, REPORTING_VERSION } from './sentinelleMarker';
import { dciodvfy, dsrdump, linesWith, pixelmedSrValidator } from './testing/dicomTools';
import { conceptOf, contentItems, itemsNamed } from './testing/srContent';
import { createSyntheticStudy, MASS_CC, STUDY_UID, type SyntheticStudy } from './testing/syntheticStudy';
import { DicomRenderError, type RenderedDicom } from './types';

const CC_UID = `${STUDY_UID}.1.1`;
const MLO_UID = `${STUDY_UID}.2.1`;

let work: string;
let study: SyntheticStudy;
let aiSr: RenderedDicom;
let revision: ReaderRevision;
let file: string;

/** A mass the reader drew as an ellipse on L CC, with its shape, size and a note. */
const ELLIPSE_MASS: ReaderFinding = {
  id: 'R1',
  aiLesionKey: null,
  sopInstanceUid: CC_UID,
  type: 'mass',
  region: {
    kind: 'ellipse',
    axes: [
      { x: 50, y: 80 },
      { x: 70, y: 80 },
      { x: 60, y: 72 },
      { x: 60, y: 88 },
    ],
  },
  diameterMm: 2,
  shape: 'oval',
  note: 'Circumscribed margins.',
};

/** A freehand outline on L MLO, left open: the SR closes it. */
const FREEHAND_MASS: ReaderFinding = {
  id: 'R2',
  aiLesionKey: null,
  sopInstanceUid: MLO_UID,
  type: 'mass',
  region: {
    kind: 'polygon',
    points: [
      { x: 90, y: 110 },
      { x: 112, y: 112 },
      { x: 108, y: 130 },
      { x: 92, y: 128 },
    ],
  },
  diameterMm: null,
  shape: null,
  note: null,
};

/** Calcifications marked with the probe. */
const POINT_CALCIFICATIONS: ReaderFinding = {
  id: 'R3',
  aiLesionKey: null,
  sopInstanceUid: CC_UID,
  type: 'calcifications',
  region: { kind: 'point', point: { x: 140, y: 170 } },
  diameterMm: null,
  shape: null,
  note: null,
};

/** The AI's L CC mass, kept by the reader. */
const FROM_AI_MASS: ReaderFinding = {
  id: 'R4',
  aiLesionKey: `${CC_UID}:${MASS_CC.id}`,
  sopInstanceUid: CC_UID,
  type: 'mass',
  region: { kind: 'polygon', points: MASS_CC.outline },
  diameterMm: 3.14,
  shape: 'irregular',
  note: null,
};

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'sentinelle-revision-'));
  study = createSyntheticStudy(work);
  aiSr = renderAiResultsSr(study.exam, study.sources, study.context);
  revision = {
    reader: { personName: 'Martin^Claire', login: 'cmartin' },
    aiSr: {
      studyInstanceUid: aiSr.studyInstanceUid,
      seriesInstanceUid: aiSr.seriesInstanceUid,
      sopInstanceUid: aiSr.sopInstanceUid,
      sopClassUid: aiSr.sopClassUid,
    },
    revisionNumber: 2,
    findings: [ELLIPSE_MASS, FREEHAND_MASS, POINT_CALCIFICATIONS, FROM_AI_MASS],
    createdAt: '2025-03-05T08:15:00.000Z',
  };
  file = join(work, 'reader-revision.dcm');
  writeFileSync(
    file,
    renderReaderRevisionSr(revision, study.sources, study.context, { now: new Date('2025-03-05T08:16:00Z') })
      .bytes,
  );
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

test('renderReaderRevisionSr produces a TID 1500 report that dciodvfy accepts without error or warning', async () => {
  const { output } = await dciodvfy(file);
  expect(output).toContain('Comprehensive3DSR');
  expect(linesWith(output, 'Error')).toEqual([]);
  expect(linesWith(output, 'Warning')).toEqual([]);
});

test('renderReaderRevisionSr writes the reader as observer and each finding as drawn, which dsrdump reads', async () => {
  const { exitCode, output } = await dsrdump(file);
  expect(exitCode).toBe(0);
  expect(output).toContain('Series              : Sentinelle — SR TID 1500 PSN (#902)');
  expect(output).toContain('Predecessor Docs    : 1');
  expect(output).toContain('<has obs context CODE:(,,"Observer Type")=(121006,DCM,"Person")>');
  expect(output).toContain('<has obs context PNAME:(,,"Person Observer Name")="Martin^Claire">');
  expect(output).toContain('<has obs context TEXT:(,,"Person Observer\'s Login Name")="cmartin">');
  expect(output).toContain('<has obs context TEXT:(,,"Tracking Identifier")="Reader finding R1">');
  // R1: an oval mass drawn as an ellipse, 2 mm, with the reader's note.
  expect(output).toContain(
    '<contains SCOORD:(,,"Image Region")=(ELLIPSE,50.5/80.5,70.5/80.5,60.5/72.5,60.5/88.5)>',
  );
  expect(output).toContain('<contains NUM:(,,"Long Axis")="2" (mm,UCUM,"millimeter")>');
  expect(output).toContain('<contains CODE:(,,"Shape")=(84360004,SCT,"Ovoid shape (Oval)")>');
  expect(output).toContain('<contains TEXT:(,,"Comment")="Circumscribed margins.">');
  // R2: the freehand outline, closed; R3: a calcification cluster at one point.
  expect(output).toContain(
    '<contains SCOORD:(,,"Image Region")=(POLYLINE,90.5/110.5,112.5/112.5,108.5/130.5,92.5/128.5,90.5/110.5)>',
  );
  expect(output).toContain('<contains CODE:(,,"Finding")=(129769006,SCT,"Calcification Cluster")>');
  expect(output).toContain('<contains SCOORD:(,,"Image Region")=(POINT,140.5/170.5)>');
  // R4 names the AI finding it comes from.
  expect(output).toContain(`<contains TEXT:(,,"Comment")="Derived from AI finding ${CC_UID}:L1">`);
  // Every finding is on the left breast, its region SELECTED FROM its image.
  expect(output.match(/<has concept mod CODE:\(,,"Laterality"\)=\(7771000,SCT,"Left"\)>/g)).toHaveLength(4);
  expect(output.split(`<selected from IMAGE:=(DXm image,"${CC_UID}")>`)).toHaveLength(4);
  expect(output.split(`<selected from IMAGE:=(DXm image,"${MLO_UID}")>`)).toHaveLength(2);
  expect(output).toContain(
    `<contains TEXT:(,,"Comment")="Reader's revision 2 of the Sentinelle AI results (SR SOP Instance ` +
      `${aiSr.sopInstanceUid}). 4 findings placed by the reader, 1 of them derived from AI findings; ` +
      'they carry no AI score.">',
  );
});

test("renderReaderRevisionSr satisfies PixelMed's template checks, warning only on the findings' evaluations", async () => {
  const { output } = await pixelmedSrValidator(file);
  expect(output).toContain('Found Root Template TID_1500 (MeasurementReport)');
  expect(output).toContain('IOD validation complete');
  expect(linesWith(output, 'Error')).toEqual([]);
  // PixelMed 2022's TID 1410 lacks the qualitative evaluation rows where shape and comments belong.
  const warnings = linesWith(output, 'Warning:');
  expect(warnings).toHaveLength(4); // R1: shape and note; R4: shape and its AI finding
  for (const warning of warnings) {
    expect(warning).toMatch(
      /\/CONTAINER \(125007,DCM,"Measurement Group"\)\/(CODE \(107644003,SCT,"Shape"\)|TEXT \(121106,DCM,"Comment"\)): Content Item not in template$/,
    );
  }
});

test('renderReaderRevisionSr cites the AI results SR as its predecessor and the reader as a person observer', () => {
  const dataset = readPart10(readFileSync(file));
  expect(dataset.SOPClassUID).toBe('1.2.840.10008.5.1.4.1.1.88.34');
  expect(dataset.StudyInstanceUID).toBe(STUDY_UID);
  expect(dataset.PatientName).toEqual([{ Alphabetic: 'Dupont^Élodie' }]);
  expect(dataset.PatientID).toBe('SENT-0001');
  expect(dataset.AccessionNumber).toBe('ACC-2025-0042');
  expect(dataset.Modality).toBe('SR');
  expect(dataset.SeriesDescription).toBe('Sentinelle — SR TID 1500 PSN');
  // Told apart from the AI results SR it revises, in the same language-neutral words.
  expect(readPart10(aiSr.bytes).SeriesDescription).toBe('Sentinelle — SR TID 1500');
  expect(dataset.SeriesNumber).toBe(902);
  expect(dataset.InstanceNumber).toBe(2);
  expect(dataset.CompletionFlag).toBe('COMPLETE');
  expect(dataset.VerificationFlag).toBe('UNVERIFIED');
  expect(dataset.ContentDate).toBe('20250305');
  expect(isSentinelleObject(dataset)).toBe(true);
  expect(dataset.SoftwareVersions).toBe(`sentinelle-reporting ${REPORTING_VERSION}`);

  expect(dataset.PredecessorDocumentsSequence).toMatchObject([
    {
      StudyInstanceUID: aiSr.studyInstanceUid,
      ReferencedSeriesSequence: [
        {
          SeriesInstanceUID: aiSr.seriesInstanceUid,
          ReferencedSOPSequence: [
            { ReferencedSOPClassUID: aiSr.sopClassUid, ReferencedSOPInstanceUID: aiSr.sopInstanceUid },
          ],
        },
      ],
    },
  ]);

  const root = (dataset.ContentSequence as NaturalizedDataset[]).filter(
    (item) => item.RelationshipType === 'HAS OBS CONTEXT',
  );
  expect(root.map(conceptOf)).toEqual(['121005', '121008', '128774']);
  const observerType = (root[0]?.ConceptCodeSequence as NaturalizedDataset[])[0];
  expect(observerType).toMatchObject({ CodeValue: '121006', CodingSchemeDesignator: 'DCM' });
  expect(root[1]).toMatchObject({ ValueType: 'PNAME', PersonName: [{ Alphabetic: 'Martin^Claire' }] });
  expect(root[2]).toMatchObject({ ValueType: 'TEXT', TextValue: 'cmartin' });
});

test('renderReaderRevisionSr writes an ellipse by its axes and a freehand outline closed, in SR image coordinates', () => {
  const dataset = readPart10(readFileSync(file));
  const regions = itemsNamed(dataset, '111030');
  expect(regions.map((region) => region.GraphicType)).toEqual(['ELLIPSE', 'POLYLINE', 'POINT', 'POLYLINE']);
  const axes = ELLIPSE_MASS.region.kind === 'ellipse' ? ELLIPSE_MASS.region.axes : [];
  expect(regions[0]?.GraphicData).toEqual(axes.flatMap(({ x, y }) => [x + 0.5, y + 0.5]));
  const outline = regions[1]?.GraphicData as number[];
  expect(outline).toHaveLength(10);
  expect(outline.slice(-2)).toEqual(outline.slice(0, 2));
  expect(regions[2]?.GraphicData).toEqual([140.5, 170.5]);

  // Axes given minor first are written major first, as DICOM's ELLIPSE requires.
  const swapped: ReaderFinding = {
    ...ELLIPSE_MASS,
    region: { kind: 'ellipse', axes: [axes[2]!, axes[3]!, axes[0]!, axes[1]!] },
  };
  const rendered = renderReaderRevisionSr({ ...revision, findings: [swapped] }, study.sources, study.context);
  const [ellipse] = itemsNamed(readPart10(rendered.bytes), '111030');
  expect(ellipse?.GraphicData).toEqual(regions[0]?.GraphicData);
});

test('renderReaderRevisionSr claims no AI score', () => {
  const dataset = readPart10(readFileSync(file));
  const measured = contentItems(dataset)
    .filter((item) => item.ValueType === 'NUM' && item.RelationshipType === 'CONTAINS')
    .map(conceptOf);
  expect(measured).toEqual(['103339001', '103339001']); // Long Axis of R1 and R4, nothing else
  const units = contentItems(dataset).flatMap(
    (item) =>
      (item.MeasuredValueSequence as NaturalizedDataset[] | undefined)?.map(
        (value) => (value.MeasurementUnitsCodeSequence as NaturalizedDataset[])[0]?.CodeValue,
      ) ?? [],
  );
  expect(units).not.toContain('{probability}');
  expect(units).not.toContain('%');
});

test('renderReaderRevisionSr gives each finding a tracking UID that depends only on the revision and the finding', () => {
  const uids = (rendered: RenderedDicom): unknown[] =>
    itemsNamed(readPart10(rendered.bytes), '112040').map((item) => item.UID);
  const first = uids(renderReaderRevisionSr(revision, study.sources, study.context));
  expect(new Set(first).size).toBe(4);
  expect(uids(renderReaderRevisionSr(revision, study.sources, study.context))).toEqual(first);
  const next = uids(renderReaderRevisionSr({ ...revision, revisionNumber: 3 }, study.sources, study.context));
  expect(next.filter((uid) => first.includes(uid))).toEqual([]);
});

test('renderReaderRevisionSr numbers the instance as told, and lists every source image when no finding is kept', async () => {
  const numbered = readPart10(
    renderReaderRevisionSr(revision, study.sources, study.context, { instanceNumber: 7, seriesNumber: 12 })
      .bytes,
  );
  expect(numbered.InstanceNumber).toBe(7);
  expect(numbered.SeriesNumber).toBe(12);

  const onlyMlo = readPart10(
    renderReaderRevisionSr({ ...revision, findings: [FREEHAND_MASS] }, study.sources, study.context).bytes,
  );
  const evidence = (sequence: unknown): unknown[] =>
    (sequence as NaturalizedDataset[]).flatMap((studyItem) =>
      (studyItem.ReferencedSeriesSequence as NaturalizedDataset[]).flatMap((series) =>
        (series.ReferencedSOPSequence as NaturalizedDataset[]).map((sop) => sop.ReferencedSOPInstanceUID),
      ),
    );
  expect(evidence(onlyMlo.CurrentRequestedProcedureEvidenceSequence)).toEqual([MLO_UID]);

  const empty = join(work, 'empty-revision.dcm');
  writeFileSync(
    empty,
    renderReaderRevisionSr({ ...revision, findings: [] }, study.sources, study.context).bytes,
  );
  const dataset = readPart10(readFileSync(empty));
  expect(evidence(dataset.CurrentRequestedProcedureEvidenceSequence)).toEqual([CC_UID, MLO_UID]);
  expect(itemsNamed(dataset, '126010')).toEqual([]); // no Imaging Measurements container
  expect(itemsNamed(dataset, '121106')[0]?.TextValue).toMatch(/The reader kept no finding\.$/);
  const [iod, templates] = await Promise.all([dciodvfy(empty), pixelmedSrValidator(empty)]);
  expect(linesWith(iod.output, 'Error')).toEqual([]);
  expect(linesWith(iod.output, 'Warning')).toEqual([]);
  expect(templates.output).toContain('IOD validation complete');
  expect(linesWith(templates.output, 'Error')).toEqual([]);
  expect(linesWith(templates.output, 'Warning:')).toEqual([]);
});

test('renderReaderRevisionSr refuses a finding on an image it was not given, and findings the SR cannot hold', () => {
  const render =
    (changes: Partial<ReaderRevision>, sources = study.sources) =>
    () =>
      renderReaderRevisionSr({ ...revision, ...changes }, sources, study.context);
  expect(render({}, study.sources.slice(0, 1))).toThrow(
    new DicomRenderError(
      `renderReaderRevisionSr: finding "R2" is on SOP Instance ${MLO_UID}, which is not among the source images given`,
    ),
  );
  expect(render({}, study.sources.slice(0, 1))).toThrow(DicomRenderError);
  expect(render({ findings: [ELLIPSE_MASS, { ...FREEHAND_MASS, id: 'R1' }] })).toThrow(
    'renderReaderRevisionSr: two findings have the id "R1"',
  );
  expect(render({ findings: [{ ...POINT_CALCIFICATIONS, shape: 'round' }] })).toThrow(
    'renderReaderRevisionSr: finding "R3" is calcifications but has a mass shape (round)',
  );
  expect(render({ aiSr: { ...revision.aiSr, studyInstanceUid: '1.2.3' } })).toThrow(
    `renderReaderRevisionSr: source image ${CC_UID} is in study ${STUDY_UID}, the AI results it revises in study 1.2.3`,
  );
  expect(render({ reader: { personName: 'Martin\\Claire', login: 'cmartin' } })).toThrow(DicomRenderError);
});

test("REPORTING_VERSION, the reader revision's software version, is the package's version", () => {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  expect(REPORTING_VERSION).toBe(manifest.version);
});
