import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NaturalizedDataset } from 'dcmjs';
import { renderAiResultsSr } from './aiResultsSr';
import { renderMammoCadSr } from './mammoCadSr';
import { readPart10 } from './part10';
import { dciodvfy, dsrdump, linesWith, pixelmedSrValidator } from './testing/dicomTools';
import { createSyntheticStudy, STUDY_UID, type SyntheticStudy } from './testing/syntheticStudy';
import { DicomRenderError } from './types';

let work: string;
let study: SyntheticStudy;
let file: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'sentinelle-cad-'));
  study = createSyntheticStudy(work);
  file = join(work, 'mammo-cad.dcm');
  writeFileSync(file, renderMammoCadSr(study.exam, study.sources, study.context).bytes);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

test('renderMammoCadSr produces a Mammography CAD SR that dciodvfy accepts without error', async () => {
  const { output } = await dciodvfy(file);
  expect(output).toContain('MammographyCADSR');
  expect(linesWith(output, 'Error')).toEqual([]);
  expect(linesWith(output, 'Warning')).toEqual([]);
});

test('renderMammoCadSr marks each lesion with its rendering intent, centre, outline and certainty', async () => {
  const { exitCode, output } = await dsrdump(file);
  expect(exitCode).toBe(0);
  expect(output).toContain('<CONTAINER:(,,"Mammography CAD Report")=SEPARATE>');
  expect(output).toContain('(111242,DCM,"All algorithms succeeded; with findings")');
  expect(output).toContain('<has acq context CODE:(,,"Image Laterality")=(80248007,SCT,"Left breast")>');
  expect(output).toContain('<has acq context CODE:(,,"Image View")=(399368009,SCT,"medio-lateral oblique")>');
  // One impression per lesion, INFERRED FROM the summary, every one to be presented: L1 (the mass
  // on both views: impression, composite and its two single image findings) and L2 (the cluster).
  expect(
    output.match(/<inferred from CONTAINER:\(,,"Individual Impression\/Recommendation"\)/g),
  ).toHaveLength(2);
  expect(output.match(/<has concept mod CODE:\(,,"Rendering Intent"\)=\(111150,/g)).toHaveLength(6);
  expect(output).not.toContain('(111151,');
  // L1: a mass (not a one-view density), its two views related spatially, certainty the pair's.
  expect(output).toContain(
    '<contains CODE:(,,"Composite Feature")=(129788004,SCT,"Mammographic breast mass")>',
  );
  expect(output).toContain(
    '<has properties CODE:(,,"Composite Type")=(111154,DCM,"Target content items are related spatially")>',
  );
  expect(output).toContain(
    '<has properties CODE:(,,"Scope of Feature")=(111158,DCM,"Feature detected on multiple images")>',
  );
  expect(output).toContain('<has properties NUM:(,,"Certainty of Feature")="87.34" (%,UCUM,"percent")>');
  expect(
    output.match(
      /<inferred from CODE:\(,,"Single Image Finding"\)=\(129793001,SCT,"Mammography breast density"\)>/g,
    ),
  ).toHaveLength(2);
  expect(output).toContain('<has properties NUM:(,,"Certainty of Finding")="74" (%,UCUM,"percent")>');
  // Its CC view, a "density": certainty in %, centre and outline on image 1 of the library.
  expect(output).toContain('<has properties NUM:(,,"Certainty of Finding")="87.34" (%,UCUM,"percent")>');
  expect(output).toMatch(
    /<has properties SCOORD:\(,,"Center"\)=\(POINT,60\.5\/80\.5\)>\n\s+<selected from 1\.2\.1>/,
  );
  expect(output).toMatch(/<has properties SCOORD:\(,,"Outline"\)=\(POLYLINE,48\.5\/70\.5,.*,48\.5\/70\.5\)>/);
  expect(output).toContain('<has properties CODE:(,,"Shape")=(49608001,SCT,"Irregular")>');
  // L2, the cluster on CC alone: a lone single image finding, grouped distribution, its count, its longest axis from the outline's farthest vertices.
  expect(output).toContain(
    '<contains CODE:(,,"Single Image Finding")=(129769006,SCT,"Calcification Cluster")>',
  );
  expect(output).toContain('<has properties NUM:(,,"Number of calcifications")="7" (1,UCUM,"no units")>');
  expect(output).toContain('<has properties NUM:(,,"Long Axis")="2.83" (mm,UCUM,"millimeter")>');
  expect(output).toContain('<inferred from SCOORD:(,,"Path")=(POLYLINE,130.5/160.5,150.5/180.5)>');
  // The mass's MLO view is on image 2; the faint MLO mark, in no lesion, is not reported.
  expect(output).toMatch(/"Center"\)=\(POINT,101\/120\.75\)>\n\s+<selected from 1\.2\.2>/);
  expect(output).not.toContain('POINT,40.5/200.5');
  expect(output).toContain('<contains CODE:(,,"Summary of Detections")=(111222,DCM,"Succeeded")>');
  expect(output).toContain('<contains CODE:(,,"Summary of Analyses")=(111225,DCM,"Not Attempted")>');
});

test("renderMammoCadSr satisfies PixelMed's template checks, warning only on the long axis measurements", async () => {
  const { output } = await pixelmedSrValidator(file);
  expect(output).toContain('Found Root Template TID_4000 (MammographyCADDocumentRoot)');
  expect(output).toContain('IOD validation complete');
  expect(linesWith(output, 'Error')).toEqual([]);
  // PixelMed checks TID 1400 under TID 4010/4011 only when no other descriptor is present.
  const warnings = linesWith(output, 'Warning:');
  expect(warnings).toHaveLength(6);
  for (const warning of warnings) {
    expect(warning).toMatch(
      /NUM \(103339001,SCT,"Long Axis"\)(\/SCOORD \(121055,DCM,"Path"\)(\/REFERENCE)?)?: Content Item not in template$/,
    );
  }
});

test('renderMammoCadSr reports an exam without lesions as succeeded without findings', () => {
  const clean = { ...study.exam, lesions: [] };
  const dataset = readPart10(renderMammoCadSr(clean, study.sources, study.context).bytes);
  expect(dataset.StudyInstanceUID).toBe(STUDY_UID);
  const summary = (dataset.ContentSequence as { ConceptCodeSequence?: { CodeValue: string }[] }[])[2];
  expect(summary?.ConceptCodeSequence?.[0]?.CodeValue).toBe('111241');
});

/** Tracking Identifier -> Tracking Unique Identifier, over the whole content tree. */
function trackingUids(dataset: NaturalizedDataset): Map<string, string> {
  const found = new Map<string, string>();
  const conceptOf = (item: NaturalizedDataset): unknown =>
    (item.ConceptNameCodeSequence as NaturalizedDataset[] | undefined)?.[0]?.CodeValue;
  const walk = (items: NaturalizedDataset[]): void => {
    const identifier = items.find((item) => conceptOf(item) === '112039')?.TextValue;
    const uid = items.find((item) => conceptOf(item) === '112040')?.UID;
    if (typeof identifier === 'string' && typeof uid === 'string') found.set(identifier, uid);
    for (const item of items) walk((item.ContentSequence as NaturalizedDataset[] | undefined) ?? []);
  };
  walk((dataset.ContentSequence as NaturalizedDataset[] | undefined) ?? []);
  return found;
}

test('renderMammoCadSr gives each lesion the tracking UID it has in the AI results SR of the same analysis', () => {
  const cad = trackingUids(readPart10(renderMammoCadSr(study.exam, study.sources, study.context).bytes));
  const air = trackingUids(readPart10(renderAiResultsSr(study.exam, study.sources, study.context).bytes));
  expect([...cad.keys()]).toEqual(['Lesion L1', 'Lesion L2']);
  for (const [identifier, uid] of cad) expect(air.get(identifier)).toBe(uid);
  expect(new Set(cad.values()).size).toBe(2);
});

test('renderMammoCadSr refuses a lesion that cites a mark the findings do not hold', () => {
  const [first, ...rest] = study.exam.lesions;
  const lost = { ...first!, views: [{ ...first!.views[0]!, mark: 'L9' }] };
  expect(() =>
    renderMammoCadSr({ ...study.exam, lesions: [lost, ...rest] }, study.sources, study.context),
  ).toThrow(
    new DicomRenderError(
      'renderMammoCadSr: lesion L1 cites mark L9 of image "L-CC", which the findings do not hold',
    ),
  );
});
