import { modelName, type ModelInfo } from '../findings/examFindings';
import type { RenderOptions } from './types';
import { nameBasedUid } from './uid';

/** Manufacturer (0008,0070) of every object Sentinelle produces. */
export const SENTINELLE_MANUFACTURER = 'Sentinelle';

/**
 * Series Description prefix of every series of AI results Sentinelle produces. Series descriptions
 * are stored data that any workstation shows as they are, in whatever language its reader reads:
 * they name the object by DICOM's own words (SR, SEG, the template number), the same in French and
 * in English, rather than in one language ("AI results", "résultats IA").
 */
export const SENTINELLE_SERIES_PREFIX = 'Sentinelle';

/**
 * Version of this package, written as the Software Versions of objects that no model made (a
 * reader's revision). Kept equal to package.json's by a test.
 */
export const REPORTING_VERSION = '0.1.0';

/** The software that made an object, as General Equipment writes it. */
export interface Equipment {
  /** Manufacturer's Model Name (0008,1090). */
  readonly modelName: string;
  /** Software Versions (0018,1020); never empty, so that isSentinelleObject recognises the object. */
  readonly softwareVersions: string;
}

/** Software Versions (0018,1020) of produced objects: the model that made the findings. */
export function softwareVersions(model: ModelInfo): string {
  return modelName(model);
}

/** The equipment of objects a model's findings make: the model and its version. */
export function modelEquipment(model: ModelInfo): Equipment {
  return { modelName: model.id, softwareVersions: softwareVersions(model) };
}

/** The equipment of objects made from a reader's input: this package. */
export const READER_EQUIPMENT: Equipment = Object.freeze({
  modelName: 'sentinelle-reporting',
  softwareVersions: `sentinelle-reporting ${REPORTING_VERSION}`,
});

/** Series Description of a series of AI results: "Sentinelle — <what>", e.g. "Sentinelle — SEG". */
export function aiSeriesDescription(what: string): string {
  return `${SENTINELLE_SERIES_PREFIX} — ${what}`;
}

/**
 * The UID of this Sentinelle device: the configured Device Observer UID, else one derived from
 * the model, the same in every report (SR device observer, SEG device serial number).
 */
export function deviceUid(model: ModelInfo, options: RenderOptions): string {
  return options.deviceObserverUid ?? nameBasedUid(`device:${model.id}:${model.version}`);
}

/**
 * True for a DICOM object Sentinelle produced, from its Manufacturer and Software Versions, so
 * that the bridge does not analyse its own output. Accepts the three shapes tags come in:
 * Orthanc's simplified tags (`{ Manufacturer: "Sentinelle" }`), Orthanc's full tags
 * (`{ "0008,0070": { Name, Type, Value } }`) and DICOM JSON (`{ "00080070": { vr, Value: [...] } }`).
 */
export function isSentinelleObject(tags: Readonly<Record<string, unknown>>): boolean {
  const manufacturer = tagValue(tags, 'Manufacturer', '0008,0070');
  const versions = tagValue(tags, 'SoftwareVersions', '0018,1020');
  return manufacturer === SENTINELLE_MANUFACTURER && versions !== null && versions.length > 0;
}

/** The first value of a tag, trimmed, in any of the three shapes; null when absent. */
function tagValue(tags: Readonly<Record<string, unknown>>, keyword: string, tag: string): string | null {
  const candidates = [
    tags[keyword],
    tags[tag],
    tags[tag.replace(',', '')],
    tags[tag.replace(',', '').toLowerCase()],
  ];
  for (const candidate of candidates) {
    const value = firstString(candidate);
    if (value !== null) return value;
  }
  return null;
}

function firstString(value: unknown): string | null {
  if (typeof value === 'string') return value.split('\\')[0]?.trim() ?? null;
  if (Array.isArray(value)) return firstString(value[0]);
  if (typeof value === 'object' && value !== null && 'Value' in value) {
    return firstString((value as { Value: unknown }).Value);
  }
  return null;
}
