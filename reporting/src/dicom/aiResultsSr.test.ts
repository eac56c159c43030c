import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderAiResultsSr } from './aiResultsSr';
import { readPart10 } from './part10';
import { isSentinelleObject } from './sentinelleMarker';
import { dciodvfy, dsrdump, linesWith, pixelmedSrValidator } from './testing/dicomTools';
import { createSyntheticStudy, STUDY_UID, type SyntheticStudy } from './testing/syntheticStudy';
import { DicomRenderError } from './types';
import { isDicomUid } from './uid';

let work: string;
let study: SyntheticStudy;
let file: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'sentinelle-air-'));
  study = createSyntheticStudy(work);
  const rendered = renderAiResultsSr(study.exam, study.sources, study.context, {
    now: new Date('2025-03-04T10:00:00Z'),
  });
  file = join(work, 'ai-results.dcm');
  writeFileSync(file, rendered.bytes);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

test('renderAiResultsSr produces a TID 1500 report that dciodvfy accepts without error', async () => {
  const { output } = await dciodvfy(file);
  expect(output).toContain('Comprehensive3DSR');
  expect(linesWith(output, 'Error')).toEqual([]);
  // dciodvfy knows only the standard's coding schemes; a "99" private one is the standard's way
  // to code what it has no code for (PS3.16 section 8), and the SR declares it.
  const warnings = linesWith(output, 'Warning');
  expect(warnings.length).toBeGreaterThan(0);
  for (const warning of warnings)
    expect(warning).toBe(
      'Warning - Unrecognized defined term <99SENTINELLE> for value 1 of attribute <Coding Scheme Designator>',
    );
});

test('renderAiResultsSr declares the private coding scheme of the screening category and exam score', () => {
  const dataset = readPart10(renderAiResultsSr(study.exam, study.sources, study.context).bytes);
  expect(dataset.CodingSchemeIdentificationSequence).toMatchObject([
    {
      CodingSchemeDesignator: '99SENTINELLE',
      CodingSchemeName: 'Sentinelle AI screening concepts',
      CodingSchemeResponsibleOrganization: 'Sentinelle',
    },
  ]);
});

test('renderAiResultsSr writes a content tree dsrdump reads: scores, lesion geometry, site and size', async () => {
  const { exitCode, output } = await dsrdump(file);
  expect(exitCode).toBe(0);
  expect(output).toContain('<CONTAINER:(,,"Imaging Measurement Report")=SEPARATE>');
  expect(output).toContain('<has obs context CODE:(,,"Observer Type")=(121007,DCM,"Device")>');
  expect(output).toContain('(363679005,SCT,"Imaging procedure")');
  // Exam, left breast and L CC: probability of cancer 0.82 as a probability, not a percentage.
  expect(
    output.match(/NUM:\(,,"Probability of cancer"\)="0.82" \(\{probability\},UCUM,"probability"\)/g),
  ).toHaveLength(3);
  // The exam and the left breast: elevated, exam score 10, at the operating points written as parameters.
  expect(output.match(/<contains NUM:\(,,"Exam score"\)="10" \(\{score\},UCUM,"score"\)>/g)).toHaveLength(2);
  expect(
    output.match(/<contains CODE:\(,,"Screening category"\)=\(ELEVATED,99SENTINELLE,"Elevated"\)>/g),
  ).toHaveLength(2);
  expect(output).toContain('<has concept mod TEXT:(,,"Algorithm Parameters")="recall threshold 0.5">');
  expect(output).toContain('<has concept mod TEXT:(,,"Algorithm Parameters")="likely-normal threshold 0.1">');
  // Lesion L1, the mass on both views: one group per view, one tracking identifier and UID.
  expect(output.match(/<has obs context TEXT:\(,,"Tracking Identifier"\)="Lesion L1">/g)).toHaveLength(2);
  expect(output.match(/<has obs context TEXT:\(,,"Tracking Identifier"\)="Lesion L2">/g)).toHaveLength(1);
  expect(output.match(/<contains NUM:\(,,"Certainty of Finding"\)="0.8734"/g)).toHaveLength(2);
  // The L CC mass: finding, outline closed and shifted to SR coordinates, centre, site, size, shape.
  expect(output).toContain('<contains CODE:(,,"Finding")=(129788004,SCT,"Mammographic breast mass")>');
  expect(output).toContain(
    '<contains SCOORD:(,,"Image Region")=(POLYLINE,48.5/70.5,70.5/66.5,75.5/84.5,62.5/95.5,46.5/88.5,48.5/70.5)>',
  );
  expect(output).toContain('<contains SCOORD:(,,"Center")=(POINT,60.5/80.5)>');
  expect(output).toContain('<has concept mod CODE:(,,"Laterality")=(7771000,SCT,"Left")>');
  expect(output).toContain('<contains NUM:(,,"Long Axis")="3.14" (mm,UCUM,"millimeter")>');
  expect(output).toContain('<contains CODE:(,,"Shape")=(49608001,SCT,"Irregular")>');
  // The calcification cluster and its count; the MLO view of the mass has no size in mm, so no
  // Long Axis; the faint MLO mark, in no lesion, has no group.
  expect(output).toContain('<contains CODE:(,,"Finding")=(129769006,SCT,"Calcification Cluster")>');
  expect(output).toContain('<contains NUM:(,,"Number of calcifications")="7" (1,UCUM,"no units")>');
  expect(output.match(/"Long Axis"/g)).toHaveLength(2);
  // Regions and centres are SELECTED FROM the source image, by value.
  const cc = '<selected from IMAGE:=(DXm image,"1.2.826.0.1.3680043.10.1404.1.1.1")>';
  const mlo = '<selected from IMAGE:=(DXm image,"1.2.826.0.1.3680043.10.1404.1.2.1")>';
  expect(output.split(cc)).toHaveLength(5); // two lesions on L CC, each with region and centre
  expect(output.split(mlo)).toHaveLength(3); // the mass's MLO view only
  expect(output).not.toContain('POINT,40.5/200.5');
  expect(output).toContain('RESEARCH USE ONLY');
});

test("renderAiResultsSr satisfies PixelMed's template checks, warning only on the qualitative evaluations", async () => {
  const { output } = await pixelmedSrValidator(file);
  expect(output).toContain('Found Root Template TID_1500 (MeasurementReport)');
  expect(output).toContain('IOD validation complete');
  expect(linesWith(output, 'Error')).toEqual([]);
  // PixelMed 2022's TID 1410/1501 lack the qualitative evaluation rows where the shape of each
  // view of the mass and the screening category of the exam and the breast belong.
  const warnings = linesWith(output, 'Warning:');
  expect(warnings).toHaveLength(4);
  for (const warning of warnings)
    expect(warning).toMatch(
      /CODE \((107644003,SCT,"Shape"|SCRCAT,99SENTINELLE,"Screening category")\): Content Item not in template$/,
    );
});

test("renderAiResultsSr files the report in the source study, in a new series marked as Sentinelle's", () => {
  const rendered = renderAiResultsSr(study.exam, study.sources, study.context, {
    uidRoot: '1.2.826.0.1.3680043.10.1404.9',
  });
  const dataset = readPart10(rendered.bytes);
  expect(dataset.SOPClassUID).toBe('1.2.840.10008.5.1.4.1.1.88.34');
  expect(dataset.StudyInstanceUID).toBe(STUDY_UID);
  expect(dataset.PatientName).toEqual([{ Alphabetic: 'Dupont^Élodie' }]);
  expect(dataset.PatientID).toBe('SENT-0001');
  expect(dataset.AccessionNumber).toBe('ACC-2025-0042');
  expect(dataset.StudyDescription).toBe('Mammographie de dépistage');
  expect(dataset.Modality).toBe('SR');
  expect(dataset.SeriesDescription).toBe('Sentinelle — SR TID 1500');
  for (const uid of [rendered.seriesInstanceUid, rendered.sopInstanceUid]) {
    expect(uid.startsWith('1.2.826.0.1.3680043.10.1404.9.')).toBe(true);
    expect(isDicomUid(uid)).toBe(true);
  }
  expect(study.sources.map((source) => source.seriesInstanceUid)).not.toContain(rendered.seriesInstanceUid);
  expect(dataset.SOPInstanceUID).toBe(rendered.sopInstanceUid);
  expect(isSentinelleObject(dataset)).toBe(true);
  expect(dataset.SoftwareVersions).toBe('sentinelle-mias 0.1.0');
});

test('renderAiResultsSr refuses findings without their source image or on another pixel grid', () => {
  expect(() => renderAiResultsSr(study.exam, study.sources.slice(0, 1), study.context)).toThrow(
    new DicomRenderError(
      'renderAiResultsSr: no source image given for "L-MLO" (SOP Instance 1.2.826.0.1.3680043.10.1404.1.2.1)',
    ),
  );
  const resized = study.sources.map((source) => ({ ...source, rows: source.rows + 1 }));
  expect(() => renderAiResultsSr(study.exam, resized, study.context)).toThrow(
    /on a 200×240 grid, its source image is 200×241/,
  );
});
