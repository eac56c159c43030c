import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NaturalizedDataset } from 'dcmjs';
import type { Report, ReportFinding, ReportSignature } from '../report/model';
import { renderBreastImagingReportSr, type BreastImagingReportOptions } from './breastImagingReportSr';
import { readPart10 } from './part10';
import { isSentinelleObject, REPORTING_VERSION } from './sentinelleMarker';
import { dciodvfy, dsrdump, linesWith, pixelmedSrValidator } from './testing/dicomTools';
import {
  asDcmjsReadsNested,
  childrenOf,
  codeValueOf,
  conceptOf,
  contentItems,
  itemsNamed,
  referencedItem,
} from './testing/srContent';
import { createSyntheticStudy, STUDY_UID, type SyntheticStudy } from './testing/syntheticStudy';
import { DicomRenderError, type RenderedDicom } from './types';

const CC_UID = `${STUDY_UID}.1.1`;
const MLO_UID = `${STUDY_UID}.2.1`;

/** A spiculated irregular mass in the right breast, marked on no image Sentinelle was given. */
const RIGHT_MASS: ReportFinding = {
  id: 'R1',
  origin: 'ai-modified',
  laterality: 'R',
  type: 'mass',
  diameterMm: 14,
  shape: 'irregular',
  margin: 'spiculated',
  location: 'upper-outer',
  clockPosition: 10,
  views: ['CC', 'MLO'],
  sopInstanceUid: null,
  aiScore: 0.91,
};

/** Grouped benign-looking calcifications in the left breast, marked on L CC. */
const LEFT_CALCIFICATIONS: ReportFinding = {
  id: 'R2',
  origin: 'reader',
  laterality: 'L',
  type: 'calcifications',
  diameterMm: 6.5,
  shape: null,
  margin: null,
  location: 'lower-inner',
  clockPosition: null,
  views: ['CC'],
  sopInstanceUid: CC_UID,
  aiScore: null,
};

const FINDINGS_TEXT =
  'Seins hétérogènes et denses (type c), ce qui peut masquer une lésion. ' +
  'Sein droit : masse irrégulière à contours spiculés de 14 mm, quadrant supéro-externe, à 10 h. ' +
  'Sein gauche : microcalcifications rondes regroupées sur 6,5 mm, quadrant inféro-interne, d’allure bénigne.';
const ADDENDUM_TEXT = 'Addendum : échographie complémentaire du sein droit à prévoir.';
const IMPRESSION_TEXT =
  'Sein droit : ACR 4, anomalie suspecte ; une biopsie est recommandée. Sein gauche : ACR 2, bénin.';

let work: string;
let study: SyntheticStudy;
let report: Report;
let signature: ReportSignature;
let addendum: ReportSignature;
let options: BreastImagingReportOptions;
let first: RenderedDicom;
let firstFile: string;
let addendumFile: string;
let unilateralFile: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'sentinelle-bi-report-'));
  study = createSyntheticStudy(work);
  report = {
    patient: { name: 'Dupont^Élodie', id: 'SENT-0001', birthDate: '1970-05-12', sex: 'F' },
    study: {
      studyInstanceUid: STUDY_UID,
      accessionNumber: 'ACC-2025-0042',
      studyDate: '2025-03-04',
      description: 'Mammographie de dépistage',
      institutionName: 'Centre d’imagerie de la Sarthe',
    },
    content: {
      locale: 'fr',
      examType: 'screening',
      indication: 'Dépistage organisé, patiente asymptomatique.',
      comparison: 'Comparaison avec la mammographie du 12 mars 2023.',
      composition: 'c',
      findings: [RIGHT_MASS, LEFT_CALCIFICATIONS],
      breastAssessments: [
        { laterality: 'R', assessment: '4' },
        { laterality: 'L', assessment: '2' },
      ],
      overallAssessment: '4',
      recommendations: ['biopsy', 'routine-screening'],
      findingsText: FINDINGS_TEXT,
      impressionText: IMPRESSION_TEXT,
      notes: [],
      aiSummary: null,
    },
  };
  signature = {
    signer: { personName: 'Lefèvre^Hélène', login: 'hlefevre' },
    signedAt: '2025-03-05T09:42:00.000Z',
    version: 1,
    amends: null,
  };
  addendum = {
    ...signature,
    signedAt: '2025-03-06T08:05:00.000Z',
    version: 2,
    amends: { version: 1, signedAt: signature.signedAt },
  };
  options = {
    sourceImages: study.sources,
    institutionName: 'Centre Sénologique Sentinelle',
    now: new Date('2025-03-05T09:43:00Z'),
  };
  first = renderBreastImagingReportSr(report, signature, study.context, options);
  firstFile = join(work, 'report-v1.dcm');
  writeFileSync(firstFile, first.bytes);
  addendumFile = join(work, 'report-v2.dcm');
  writeFileSync(
    addendumFile,
    renderBreastImagingReportSr(
      { ...report, content: { ...report.content, impressionText: `${IMPRESSION_TEXT} ${ADDENDUM_TEXT}` } },
      addendum,
      study.context,
      { ...options, amendedReportSr: first },
    ).bytes,
  );
  // A diagnostic exam of the left breast alone, in English, with no source image and no composition.
  unilateralFile = join(work, 'report-left.dcm');
  writeFileSync(
    unilateralFile,
    renderBreastImagingReportSr(
      {
        ...report,
        study: { ...report.study, description: null },
        content: {
          ...report.content,
          locale: 'en',
          examType: 'diagnostic',
          indication: '',
          comparison: '',
          composition: null,
          findings: [{ ...RIGHT_MASS, id: 'L1', laterality: 'L', margin: 'indistinct', shape: 'oval' }],
          breastAssessments: [{ laterality: 'L', assessment: '4B' }],
          overallAssessment: '4B',
          recommendations: ['biopsy', 'clinical-correlation'],
          findingsText: '',
          impressionText:
            'Left breast: BI-RADS 4B, oval mass with indistinct margins. Biopsy is recommended.',
        },
      },
      signature,
      study.context,
      { institutionName: options.institutionName! },
    ).bytes,
  );
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The report's content tree, read back from a file. */
function datasetOf(file: string): NaturalizedDataset {
  return readPart10(readFileSync(file));
}

/** A content item's children related to it by `relationship`. */
function related(item: NaturalizedDataset, relationship: string): NaturalizedDataset[] {
  return childrenOf(item).filter((child) => child.RelationshipType === relationship);
}

/** The laterality (CID 6022) a content item is modified by. */
function lateralityOf(item: NaturalizedDataset): unknown {
  const modifier = related(item, 'HAS CONCEPT MOD').find((child) => conceptOf(child) === '272741003');
  return modifier && codeValueOf(modifier);
}

const RIGHT_BREAST = '73056007';
const LEFT_BREAST = '80248007';
const BOTH_BREASTS = '63762007';
const BIRADS_2 = '397141009';
const BIRADS_4 = '397144001';

test('renderBreastImagingReportSr produces Comprehensive SRs that dciodvfy accepts without error or warning', async () => {
  for (const file of [firstFile, addendumFile, unilateralFile]) {
    const { output } = await dciodvfy(file);
    expect(output).toContain('ComprehensiveSR');
    expect(linesWith(output, 'Error')).toEqual([]);
    expect(linesWith(output, 'Warning')).toEqual([]);
  }
});

test('renderBreastImagingReportSr writes a verified TID 4200 report that dsrdump reads, with the BI-RADS category of each breast', async () => {
  const { exitCode, output } = await dsrdump(firstFile);
  expect(exitCode).toBe(0);
  expect(output).toContain('Comprehensive SR Document');
  expect(output).toContain('Series              : Sentinelle — SR TID 4200 (#903)');
  expect(output).toContain('Completion Flag     : COMPLETE');
  expect(output).toContain('Verification Flag   : VERIFIED');
  expect(output).toContain(
    'Verifying Observers : 2025-03-05 09:42:00 +00:00, Lefèvre^Hélène, Centre Sénologique Sentinelle',
  );
  expect(output).not.toContain('Predecessor Docs');
  expect(output).toContain('<CONTAINER:(,,"Breast Imaging Report")=SEPARATE>');
  expect(output).toContain(
    '<has concept mod CODE:(,,"Language of Content Item and Descendants")=(fr,RFC5646,"French")>',
  );
  expect(output).toContain('<has obs context PNAME:(,,"Person Observer Name")="Lefèvre^Hélène">');
  // The narrative as signed, accents and all.
  expect(output).toContain(`<contains TEXT:(,,"Finding")="${FINDINGS_TEXT}">`);
  expect(output).toContain(`<contains TEXT:(,,"Impression")="${IMPRESSION_TEXT}">`);
  expect(output).toContain('<contains CODE:(,,"Procedure reported")=(111409,DCM,"Digital Mammography")>');
  expect(output).toContain('<has properties CODE:(,,"Reason for procedure")=(360156006,SCT,"Screening")>');
  expect(output).toContain(
    '<contains CODE:(,,"Breast composition")=(129718006,SCT,"Heterogeneously dense")>',
  );
  // The right mass: size, BI-RADS shape and margins; the left calcifications on L CC.
  expect(output).toContain('<contains CODE:(,,"Finding")=(129788004,SCT,"Mammographic breast mass")>');
  expect(output).toContain('<has properties NUM:(,,"Long Axis")="14" (mm,UCUM,"millimeter")>');
  expect(output).toContain('<has properties CODE:(,,"Shape")=(49608001,SCT,"Irregular")>');
  expect(output).toContain('<has properties CODE:(,,"Margins")=(129742005,SCT,"Spiculated lesion")>');
  expect(output).toContain('<contains CODE:(,,"Finding")=(129769006,SCT,"Calcification Cluster")>');
  expect(output).toContain(
    `<inferred from IMAGE:(,,"Best illustration of finding")=(DXm image,"${CC_UID}")>`,
  );
  // Overall 4, inferred from right 4 and left 2; biopsy on the right, routine screening on the left.
  expect(output).toMatch(
    new RegExp(
      [
        '<contains CODE:\\(,,"Assessment Category"\\)=\\(397144001,SCT,"4 - Suspicious"\\)>',
        '<inferred from CODE:\\(,,"Assessment Category"\\)=\\(397144001,SCT,"4 - Suspicious"\\)>',
        '<has concept mod CODE:\\(,,"Laterality"\\)=\\(73056007,SCT,"Right breast"\\)>',
        '<inferred from 1\\.7\\.3\\.2>',
        '<inferred from CODE:\\(,,"Assessment Category"\\)=\\(397141009,SCT,"2 - Benign"\\)>',
        '<has concept mod CODE:\\(,,"Laterality"\\)=\\(80248007,SCT,"Left breast"\\)>',
        '<inferred from 1\\.7\\.4\\.2>',
      ].join('\\n\\s+'),
    ),
  );
  expect(output).toMatch(
    /<contains CODE:\(,,"Recommended Follow-up"\)=\(111143,DCM,"Biopsy should be considered"\)>\n\s+<has concept mod CODE:\(,,"Laterality"\)=\(73056007,SCT,"Right breast"\)>/,
  );
  expect(output).toMatch(
    /<contains CODE:\(,,"Recommended Follow-up"\)=\(111140,DCM,"Normal interval follow-up"\)>\n\s+<has concept mod CODE:\(,,"Laterality"\)=\(80248007,SCT,"Left breast"\)>/,
  );
});

test("renderBreastImagingReportSr satisfies PixelMed's TID 4200 checks, warning only where assessments and impression cite what they are inferred from", async () => {
  for (const file of [firstFile, addendumFile]) {
    const { output } = await pixelmedSrValidator(file);
    expect(output).toContain('Found Root Template TID_4200 (BreastImagingReport)');
    expect(output).toContain('Root Template Validation Complete');
    expect(output).toContain('IOD validation complete');
    expect(linesWith(output, 'Error')).toEqual([]);
    // PixelMed's TID 4200 has no per-breast assessment, and no link from a narrative text to another.
    const warnings = linesWith(output, 'Warning:');
    expect(warnings).toHaveLength(7);
    const assessment =
      '/CONTAINER \\(111413,DCM,"Overall Assessment"\\)/CODE \\(111005,DCM,"Assessment Category"\\)' +
      '/CODE \\(111005,DCM,"Assessment Category"\\)(/CODE \\(272741003,SCT,"Laterality"\\)|/REFERENCE)?';
    const impression =
      '/CONTAINER \\(19005-8,LN,"Impressions"\\)/TEXT \\(121073,DCM,"Impression"\\)/REFERENCE';
    for (const warning of warnings) {
      expect(warning).toMatch(new RegExp(`(${assessment}|${impression}): Content Item not in template$`));
    }
  }
});

test('renderBreastImagingReportSr signs the document in UTF-8, in the study, as the report version', () => {
  const dataset = datasetOf(firstFile);
  expect(dataset.SOPClassUID).toBe('1.2.840.10008.5.1.4.1.1.88.33');
  expect(dataset.SpecificCharacterSet).toBe('ISO_IR 192');
  expect(dataset.StudyInstanceUID).toBe(STUDY_UID);
  expect(dataset.PatientName).toEqual([{ Alphabetic: 'Dupont^Élodie' }]);
  expect(dataset.AccessionNumber).toBe('ACC-2025-0042');
  expect(dataset.Modality).toBe('SR');
  expect(dataset.SeriesNumber).toBe(903);
  expect(dataset.InstanceNumber).toBe(1);
  expect(isSentinelleObject(dataset)).toBe(true);
  expect(dataset.SoftwareVersions).toBe(`sentinelle-reporting ${REPORTING_VERSION}`);
  expect(dataset.InstitutionName).toBe('Centre Sénologique Sentinelle');
  expect(dataset.CompletionFlag).toBe('COMPLETE');
  expect(dataset.VerificationFlag).toBe('VERIFIED');
  expect(dataset.ContentDate).toBe('20250305');
  expect(dataset.ContentTime).toMatch(/^094200/);
  expect(dataset.VerifyingObserverSequence).toMatchObject([
    {
      VerifyingObserverName: [{ Alphabetic: asDcmjsReadsNested('Lefèvre^Hélène') }],
      VerifyingOrganization: asDcmjsReadsNested('Centre Sénologique Sentinelle'),
      VerificationDateTime: expect.stringMatching(/^20250305094200/),
    },
  ]);
  expect(dataset.PredecessorDocumentsSequence).toBeUndefined();
  // Evidence: the images the report interprets.
  expect(dataset.CurrentRequestedProcedureEvidenceSequence).toMatchObject([
    {
      StudyInstanceUID: STUDY_UID,
      ReferencedSeriesSequence: [
        { ReferencedSOPSequence: [{ ReferencedSOPInstanceUID: CC_UID }] },
        { ReferencedSOPSequence: [{ ReferencedSOPInstanceUID: MLO_UID }] },
      ],
    },
  ]);
  // Both breasts imaged: the procedure and the composition are of both; each findings section of one.
  const procedures = itemsNamed(dataset, '121058').filter((item) => item.ValueType === 'CODE');
  expect(procedures.map(lateralityOf)).toEqual([BOTH_BREASTS, RIGHT_BREAST, LEFT_BREAST]);
  const compositions = itemsNamed(dataset, '129715009').filter((item) => item.ValueType === 'CODE');
  expect(compositions.map((item) => [codeValueOf(item), lateralityOf(item)])).toEqual([
    ['129718006', BOTH_BREASTS],
  ]);
  const [findingsText] = itemsNamed(dataset, '121071').filter((item) => item.ValueType === 'TEXT');
  expect(findingsText?.TextValue).toBe(asDcmjsReadsNested(FINDINGS_TEXT));
});

test('renderBreastImagingReportSr infers each breast’s assessment from its findings and the overall one from both breasts', () => {
  const dataset = datasetOf(firstFile);
  const [overallAssessment] = itemsNamed(dataset, '111413').filter((item) => item.ValueType === 'CONTAINER');
  const [overall, ...recommendations] = childrenOf(overallAssessment!);
  expect(overall).toMatchObject({ RelationshipType: 'CONTAINS', ValueType: 'CODE' });
  expect(conceptOf(overall!)).toBe('111005');
  expect(codeValueOf(overall!)).toBe(BIRADS_4);
  // Not CONTAINS: the overall category is inferred from each breast's.
  expect(childrenOf(overall!).map((item) => item.RelationshipType)).toEqual([
    'INFERRED FROM',
    'INFERRED FROM',
  ]);
  const breasts = related(overall!, 'INFERRED FROM');
  expect(breasts.map((breast) => [lateralityOf(breast), conceptOf(breast), codeValueOf(breast)])).toEqual([
    [RIGHT_BREAST, '111005', BIRADS_4],
    [LEFT_BREAST, '111005', BIRADS_2],
  ]);
  // Each breast's category is inferred, by reference, from the findings of that breast.
  const cited = breasts.map((breast) =>
    related(breast, 'INFERRED FROM').map((reference) => {
      expect(reference.ValueType).toBeUndefined(); // a reference, not a copy
      return referencedItem(dataset, reference);
    }),
  );
  expect(cited.map((findings) => findings.map(codeValueOf))).toEqual([['129788004'], ['129769006']]);
  expect(cited.map((findings) => findings.map(lateralityOf))).toEqual([[RIGHT_BREAST], [LEFT_BREAST]]);
  const trackingIdOf = (finding: NaturalizedDataset): unknown =>
    related(finding, 'HAS OBS CONTEXT').find((item) => conceptOf(item) === '112039')?.TextValue;
  expect(cited.flat().map(trackingIdOf)).toEqual(['R1', 'R2']);
  // The recommendations, each with the breast whose category calls for it.
  expect(recommendations.map((item) => [codeValueOf(item), lateralityOf(item)])).toEqual([
    ['111143', RIGHT_BREAST],
    ['111140', LEFT_BREAST],
  ]);
});

test('renderBreastImagingReportSr infers the narrative impression from the findings text', () => {
  const dataset = datasetOf(firstFile);
  const [impression] = itemsNamed(dataset, '121073');
  expect(impression?.TextValue).toBe(asDcmjsReadsNested(IMPRESSION_TEXT));
  // By reference to the Finding text of the Findings section, not a copy of it.
  const [reference] = related(impression!, 'INFERRED FROM');
  expect(reference?.ValueType).toBeUndefined();
  const [findingsSection] = itemsNamed(dataset, '121070').filter((item) => item.ValueType === 'CONTAINER');
  expect(referencedItem(dataset, reference!)).toBe(childrenOf(findingsSection!)[0]);
  expect(childrenOf(findingsSection!)[0]).toMatchObject({
    RelationshipType: 'CONTAINS',
    ValueType: 'TEXT',
    TextValue: asDcmjsReadsNested(FINDINGS_TEXT),
  });
});

test('renderBreastImagingReportSr cites the SR of the amended version as the predecessor of an addendum', async () => {
  const dataset = datasetOf(addendumFile);
  expect(dataset.InstanceNumber).toBe(2);
  expect(dataset.ContentDate).toBe('20250306');
  expect(dataset.VerificationFlag).toBe('VERIFIED');
  expect(dataset.PredecessorDocumentsSequence).toMatchObject([
    {
      StudyInstanceUID: first.studyInstanceUid,
      ReferencedSeriesSequence: [
        {
          SeriesInstanceUID: first.seriesInstanceUid,
          ReferencedSOPSequence: [
            { ReferencedSOPClassUID: first.sopClassUid, ReferencedSOPInstanceUID: first.sopInstanceUid },
          ],
        },
      ],
    },
  ]);
  expect(itemsNamed(dataset, '121073')[0]?.TextValue).toBe(
    asDcmjsReadsNested(`${IMPRESSION_TEXT} ${ADDENDUM_TEXT}`),
  );
  const { output } = await dsrdump(addendumFile);
  expect(output).toContain('Predecessor Docs    : 1');
  expect(output).toContain('Verifying Observers : 2025-03-06 08:05:00 +00:00, Lefèvre^Hélène');
});

test('renderBreastImagingReportSr writes a unilateral diagnostic report with no source image that the validators accept', async () => {
  const dataset = datasetOf(unilateralFile);
  const procedures = itemsNamed(dataset, '121058').filter((item) => item.ValueType === 'CODE');
  expect(procedures.map(lateralityOf)).toEqual([LEFT_BREAST, LEFT_BREAST]);
  expect(
    itemsNamed(dataset, '111401')
      .filter((item) => item.ValueType === 'CODE')
      .map(codeValueOf),
  ).toEqual(['261004008', '261004008']);
  expect(itemsNamed(dataset, '129715009')).toEqual([]); // no composition
  expect(contentItems(dataset).filter((item) => item.ValueType === 'IMAGE')).toEqual([]);
  expect(dataset.CurrentRequestedProcedureEvidenceSequence).toBeUndefined(); // no image to cite
  const [overall] = itemsNamed(dataset, '111005');
  expect(overall?.ConceptCodeSequence).toMatchObject([
    { CodeValue: 'MA.II.A.5.4B', CodingSchemeDesignator: 'BI', CodingSchemeVersion: '4.0' },
  ]);
  // Biopsy is what 4B calls for; "clinical correlation" is the reader's own, for no breast in particular.
  const recommendations = itemsNamed(dataset, '111053');
  expect(recommendations.map((item) => [codeValueOf(item), lateralityOf(item)])).toEqual([
    ['111143', LEFT_BREAST],
    ['111141', undefined],
  ]);
  const [dsr, templates] = await Promise.all([dsrdump(unilateralFile), pixelmedSrValidator(unilateralFile)]);
  expect(dsr.exitCode).toBe(0);
  expect(dsr.output).toContain('(en,RFC5646,"English")');
  expect(dsr.output).toContain(
    '<contains CODE:(,,"Assessment Category")=(MA.II.A.5.4B,BI[4.0],"4B - Intermediate suspicion")>',
  );
  expect(templates.output).toContain('Found Root Template TID_4200 (BreastImagingReport)');
  expect(linesWith(templates.output, 'Error')).toEqual([]);
  expect(linesWith(templates.output, 'Warning:')).toHaveLength(3); // one breast's assessment; no findings text to infer the impression from
});

test('renderBreastImagingReportSr gives findings tracking UIDs that depend only on the study, the version and the id', () => {
  const uids = (rendered: RenderedDicom): unknown[] =>
    itemsNamed(readPart10(rendered.bytes), '112040').map((item) => item.UID);
  const again = uids(renderBreastImagingReportSr(report, signature, study.context, options));
  expect(again).toEqual(uids(first));
  expect(new Set(again).size).toBe(2);
  const next = uids(
    renderBreastImagingReportSr(report, addendum, study.context, { ...options, amendedReportSr: first }),
  );
  expect(next.filter((uid) => again.includes(uid))).toEqual([]);
});

test('renderBreastImagingReportSr refuses what a signed report SR cannot say', () => {
  const render =
    (
      changes: {
        report?: Partial<Report>;
        content?: Partial<Report['content']>;
        signature?: Partial<ReportSignature>;
      },
      renderOptions: BreastImagingReportOptions = options,
    ) =>
    () =>
      renderBreastImagingReportSr(
        { ...report, ...changes.report, content: { ...report.content, ...changes.content } },
        { ...signature, ...changes.signature },
        study.context,
        renderOptions,
      );
  expect(render({ report: { patient: { ...report.patient, id: 'SENT-0002' } } })).toThrow(
    new DicomRenderError(
      'renderBreastImagingReportSr: the report is about patient SENT-0002, the study header about patient SENT-0001',
    ),
  );
  expect(render({ signature: addendum })).toThrow(
    'renderBreastImagingReportSr: version 2 amends version 1; give the SR of that version as options.amendedReportSr',
  );
  expect(render({}, { ...options, amendedReportSr: first })).toThrow(
    'renderBreastImagingReportSr: version 1 amends no report, yet options.amendedReportSr is given',
  );
  expect(render({ content: { findings: [RIGHT_MASS, { ...LEFT_CALCIFICATIONS, id: 'R1' }] } })).toThrow(
    'renderBreastImagingReportSr: two findings have the id "R1"',
  );
  expect(render({ content: { findings: [{ ...RIGHT_MASS, sopInstanceUid: '1.2.3.4' }] } })).toThrow(
    'renderBreastImagingReportSr: finding "R1" is on SOP Instance 1.2.3.4, which is not among the source images given',
  );
  expect(render({ content: { findings: [{ ...RIGHT_MASS, sopInstanceUid: MLO_UID }] } })).toThrow(
    'renderBreastImagingReportSr: finding "R1" is in the right breast but marked on an image of the left breast',
  );
  expect(
    render({
      content: {
        breastAssessments: [
          { laterality: 'L', assessment: '2' },
          { laterality: 'L', assessment: '3' },
        ],
      },
    }),
  ).toThrow('renderBreastImagingReportSr: a breast has two assessments');
  expect(render({ content: { findingsText: ' ', impressionText: '' } })).toThrow(
    'renderBreastImagingReportSr: the report has neither findings nor impression text',
  );
  expect(
    render(
      { report: { study: { ...report.study, institutionName: null } } },
      { sourceImages: study.sources },
    ),
  ).toThrow(
    'renderBreastImagingReportSr: no institution to name as the verifying organization; set options.institutionName',
  );
  expect(render({ signature: { signer: { personName: 'Lefèvre\\Hélène', login: 'hlefevre' } } })).toThrow(
    DicomRenderError,
  );
  expect(
    render({}, { ...options, sourceImages: [{ ...study.sources[0]!, studyInstanceUid: '1.2.3' }] }),
  ).toThrow(
    `renderBreastImagingReportSr: source image ${CC_UID} is in study 1.2.3, the report in study ${STUDY_UID}`,
  );
});
