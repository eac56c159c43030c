import type { DenaturalizedDataset } from 'dcmjs';
import { cleanDataset } from './cleanDataset';
import { ageAt } from './dates';
import { DeidentificationError } from './errors';
import { collectIdentifyingValues } from './identifyingValues';
import { dateShiftDays, pseudonymisePatientId, pseudonymiseUid } from './keyedHash';
import { patientKey } from './patientKey';
import { cleanPixels, type PixelKind } from './pixels';
import { methodCodes, profileOptions } from './profileActions';
import { readPart10File, stringValue, writePart10File, type Part10 } from './part10';
import type { DeidentificationProject } from './project';

export interface DeidentifiedInstance {
  readonly sourceName: string;
  readonly bytes: Uint8Array;
  readonly patientPseudonym: string;
  readonly studyInstanceUid: string;
  readonly seriesInstanceUid: string;
  readonly sopInstanceUid: string;
  readonly sopClassUid: string;
  readonly pixels: PixelKind;
  /** Burned-in text regions blanked (OCR and manufacturer-known). */
  readonly blankedRegions: number;
}

/** One source instance through the profile, its pixels cleaned: the de-identified Part 10 bytes. */
export async function deidentifyInstance(
  source: { readonly name: string; readonly bytes: Uint8Array },
  project: DeidentificationProject,
): Promise<DeidentifiedInstance> {
  const part10 = read(source);
  const { dataset } = part10;
  const options = profileOptions(project);
  const key = patientKey(dataset);
  const pseudonym = pseudonymisePatientId(project, key);
  const cleaned = cleanDataset(dataset, {
    options,
    replaceUid: (uid) => pseudonymiseUid(project, uid),
    shiftDays: dateShiftDays(project, key),
    patientPseudonym: pseudonym,
    identifying: collectIdentifyingValues(dataset, options),
    keep: new Set((project.keepAttributes ?? []).map((tag) => tag.replace(/[^0-9a-f]/gi, '').toUpperCase())),
  });
  cleaned['00100020'] = { vr: 'LO', Value: [pseudonym] };
  cleaned['00100010'] = { vr: 'PN', Value: [{ Alphabetic: pseudonym }] };
  const age = derivedAge(dataset);
  if (age && !stringValue(cleaned, '00101010')) cleaned['00101010'] = { vr: 'AS', Value: [age] };

  const pixels = await cleanPixelsOf(part10, source);
  Object.assign(cleaned, pixels.attributes);
  Object.assign(cleaned, deidentificationMarkers(options, pixels.kind === 'image', '0040A730' in dataset));

  const uid = (tag: string) => stringValue(cleaned, tag) ?? '';
  return {
    sourceName: source.name,
    bytes: writePart10File(sorted(cleaned)),
    patientPseudonym: pseudonym,
    studyInstanceUid: uid('0020000D'),
    seriesInstanceUid: uid('0020000E'),
    sopInstanceUid: uid('00080018'),
    sopClassUid: uid('00080016'),
    pixels: pixels.kind,
    blankedRegions: pixels.regions.length,
  };
}

function read(source: { readonly name: string; readonly bytes: Uint8Array }): Part10 {
  try {
    return readPart10File(source.bytes);
  } catch (error) {
    throw new DeidentificationError(
      'unreadable_dicom',
      source.name,
      'not a readable DICOM Part 10 file (no DICM marker, or truncated); remove it from the input folder',
      { cause: error },
    );
  }
}

async function cleanPixelsOf(part10: Part10, source: { readonly name: string; readonly bytes: Uint8Array }) {
  try {
    return await cleanPixels(part10, source.bytes, source.name);
  } catch (error) {
    if (error instanceof Error && error.name === 'BurnedInTextError') throw error; // OCR itself broken: not this file's fault
    throw new DeidentificationError('unsupported_pixels', source.name, (error as Error).message, {
      cause: error,
    });
  }
}

/** Patient's Age from the birth date at the study, before the birth date goes (kept characteristic). */
function derivedAge(dataset: DenaturalizedDataset): string | null {
  const birth = stringValue(dataset, '00100030');
  const at = stringValue(dataset, '00080020') ?? stringValue(dataset, '00080023');
  return birth && at ? ageAt(birth, at) : null;
}

/** What PS3.15 E.1.1 asks a de-identified instance to say about itself. */
function deidentificationMarkers(
  options: ReturnType<typeof profileOptions>,
  pixels: boolean,
  structuredContent: boolean,
): DenaturalizedDataset {
  const codes = methodCodes(options, { pixels, structuredContent });
  return {
    '00120062': { vr: 'CS', Value: ['YES'] },
    '00120063': {
      vr: 'LO',
      Value: ['Sentinelle', 'PS3.15 Annex E Table E.1-1', ...codes.map((c) => c.value)],
    },
    '00120064': {
      vr: 'SQ',
      Value: codes.map((code) => ({
        '00080100': { vr: 'SH', Value: [code.value] },
        '00080102': { vr: 'SH', Value: ['DCM'] },
        '00080104': { vr: 'LO', Value: [code.meaning] },
      })),
    },
    '00280303': { vr: 'CS', Value: ['MODIFIED'] },
  };
}

/** Elements in tag order, as Part 10 requires (added ones were appended). */
function sorted(dataset: DenaturalizedDataset): DenaturalizedDataset {
  return Object.fromEntries(Object.entries(dataset).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
