import type { DenaturalizedDataset } from 'dcmjs';
import { findBurnedInText } from '../burnedInText';
import { collectIdentifyingValues } from '../identifyingValues';
import { pseudonymisePatientId } from '../keyedHash';
import { readPart10File, stringValue } from '../part10';
import { patientKey } from '../patientKey';
import { storedImage } from '../pixels';
import { CID_7050, methodCodes, profileOptions } from '../profileActions';
import type { DeidentificationProject } from '../project';
import { checkAttributes } from './attributeChecks';
import { kAnonymity } from './kAnonymity';
import type { FileVerification, Finding, VerificationReport } from './report';
import { checkDateShifts, checkUidConsistency, type VerifiedPair } from './setChecks';

export interface VerificationInput {
  readonly sourceName: string;
  readonly source: Uint8Array;
  readonly outputName: string;
  /** The de-identified file as written (re-read from disk by the CLI). */
  readonly output: Uint8Array;
  readonly site?: string;
}

const SEGMENTATION_STORAGE = '1.2.840.10008.5.1.4.1.1.66.4';

/**
 * Re-reads every de-identified file and checks it against its source and the project: attribute
 * by attribute against Table E.1-1, the markers PS3.15 asks for, an OCR re-check of the cleaned
 * pixels, then the set: UIDs mapped consistently across files, one date shift per patient, and a
 * k-anonymity count on (age band, sex, site). `passed` is false on any finding.
 */
export async function verifyDeidentifiedSet(
  inputs: readonly VerificationInput[],
  project: DeidentificationProject,
): Promise<VerificationReport> {
  const options = profileOptions(project);
  const files: FileVerification[] = [];
  const pairs: VerifiedPair[] = [];
  const characteristics: Parameters<typeof kAnonymity>[0][number][] = [];

  for (const [index, input] of inputs.entries()) {
    const findings: Finding[] = [];
    const source = tryRead(input.source);
    const output = tryRead(input.output);
    if (!source || !output) {
      findings.push({
        check: 'unreadable',
        message: `${source ? 'the output' : 'the source'} cannot be read as DICOM`,
      });
      files.push(fileResult(index, input, null, 0, null, findings));
      continue;
    }
    const pseudonym = pseudonymisePatientId(project, patientKey(source));
    const { findings: attributeFindings, checked } = checkAttributes(output, {
      options,
      identifying: collectIdentifyingValues(source, options),
      sourceDates: datesByTag(source),
      patientPseudonym: pseudonym,
    });
    findings.push(...attributeFindings, ...checkMarkers(output));
    const textRegions = await ocrRecheck(input, output, findings);
    files.push(
      fileResult(index, input, stringValue(output, '00080016') ?? null, checked, textRegions, findings),
    );
    pairs.push({ name: input.outputName, source, output, patientPseudonym: pseudonym });
    characteristics.push({
      pseudonym,
      age: stringValue(output, '00101010'),
      sex: stringValue(output, '00100040'),
      site: input.site,
    });
  }

  const setFindings = [...checkUidConsistency(pairs, project), ...checkDateShifts(pairs)];
  const anonymity = kAnonymity(characteristics);
  return {
    passed: inputs.length > 0 && files.every((f) => f.passed) && setFindings.length === 0,
    checkedAt: new Date().toISOString(),
    project: project.name,
    profile: {
      standard: 'DICOM PS3.15 Annex E, Table E.1-1',
      methods: methodCodes(options, { pixels: true, structuredContent: true }),
    },
    counts: {
      instances: inputs.length,
      studies: new Set(pairs.map((p) => stringValue(p.output, '0020000D'))).size,
      patients: new Set(pairs.map((p) => p.patientPseudonym)).size,
    },
    files,
    setFindings,
    kAnonymity: { quasiIdentifiers: ['age band', 'sex', 'site'], ...anonymity },
  };
}

function tryRead(bytes: Uint8Array): DenaturalizedDataset | null {
  try {
    return readPart10File(bytes).dataset;
  } catch {
    return null;
  }
}

function fileResult(
  sourceIndex: number,
  input: VerificationInput,
  sopClassUid: string | null,
  checked: number,
  textRegions: number | null,
  findings: readonly Finding[],
): FileVerification {
  return {
    sourceIndex,
    outputName: input.outputName,
    passed: findings.length === 0,
    sopClassUid,
    attributesChecked: checked,
    textRegionsFound: textRegions,
    findings,
  };
}

/** PS3.15 E.1.1: Patient Identity Removed YES, the method codes, Burned In Annotation NO on images. */
function checkMarkers(output: DenaturalizedDataset): Finding[] {
  const findings: Finding[] = [];
  if (stringValue(output, '00120062') !== 'YES') {
    findings.push({ check: 'markers', message: 'Patient Identity Removed (0012,0062) is not YES' });
  }
  const codes = (output['00120064']?.Value ?? []) as DenaturalizedDataset[];
  if (!codes.some((item) => stringValue(item, '00080100') === CID_7050.basicProfile.value)) {
    findings.push({
      check: 'markers',
      message: 'De-identification Method Code Sequence (0012,0064) does not state 113100',
    });
  }
  if (isImage(output) && stringValue(output, '00280301') !== 'NO') {
    findings.push({
      check: 'markers',
      message: 'Burned In Annotation (0028,0301) is not NO on a cleaned image',
    });
  }
  return findings;
}

function isImage(output: DenaturalizedDataset): boolean {
  return '7FE00010' in output && stringValue(output, '00080016') !== SEGMENTATION_STORAGE;
}

/** The cleaned pixels read again by the OCR: any word found is a finding. */
async function ocrRecheck(
  input: VerificationInput,
  output: DenaturalizedDataset,
  findings: Finding[],
): Promise<number | null> {
  if (!isImage(output)) return null;
  let image;
  try {
    image = storedImage(input.output, input.outputName);
  } catch (error) {
    findings.push({
      check: 'unreadable',
      message: `the cleaned pixels cannot be decoded: ${(error as Error).message}`,
    });
    return null;
  }
  if (!image) {
    findings.push({
      check: 'burned-in-text',
      message: 'the cleaned pixels are not in a form the OCR re-check reads',
    });
    return null;
  }
  const regions = await findBurnedInText(image);
  if (regions.length > 0) {
    const boxes = regions.map((r) => `${r.width}×${r.height} at (${r.x}, ${r.y})`).join('; ');
    findings.push({
      check: 'burned-in-text',
      message: `the OCR re-check still reads ${regions.length} word(s): ${boxes}`,
    });
  }
  return regions.length;
}

function datesByTag(dataset: DenaturalizedDataset): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const walk = (ds: DenaturalizedDataset) => {
    for (const [tag, element] of Object.entries(ds)) {
      if (element.vr === 'SQ') for (const item of element.Value ?? []) walk(item as DenaturalizedDataset);
      if (element.vr !== 'DA' && element.vr !== 'DT') continue;
      const set = out.get(tag.toUpperCase()) ?? new Set<string>();
      for (const v of element.Value ?? [])
        if (typeof v === 'string' && v.trim()) set.add(v.trim().slice(0, 8));
      out.set(tag.toUpperCase(), set);
    }
  };
  walk(dataset);
  return out;
}
