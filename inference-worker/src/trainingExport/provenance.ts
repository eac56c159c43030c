/**
 * provenance.json of an export: which cases (by pseudonym only), where their labels and marks come
 * from (the signed reading, the readers, the model that proposed each kept mark), who asked for it
 * and when, the de-identification options, and what could not be used yet.
 */
import type { TrainingCase, TrainingExport } from '@sentinelle/orthanc-bridge';
import type { VerificationReport } from './deidentifier';

export interface ProvenanceCase {
  readonly patientPseudonym: string;
  readonly studyPseudonym: string;
  readonly site: string;
  readonly images: number;
  readonly breasts: TrainingCase['breasts'];
  readonly reading: TrainingCase['reading'];
  /** Marks per origin: `reader:<login>` or `model:<id>@<version> kept by <login>`. */
  readonly marks: Readonly<Record<string, number>>;
  /** The signed report, de-identified FHIR (relative path); null for a case recorded without it. */
  readonly fhir: string | null;
}

function markSource(mark: TrainingCase['marks'][number]): string {
  const o = mark.origin;
  return o.kind === 'reader'
    ? `reader:${o.reader}`
    : `model:${o.modelId}@${o.modelVersion} kept by ${o.keptBy}`;
}

export function provenanceCase(
  c: TrainingCase,
  pseudonyms: { readonly patient: string; readonly study: string },
  images: number,
  fhir: string | null,
): ProvenanceCase {
  const marks: Record<string, number> = {};
  for (const mark of c.marks) marks[markSource(mark)] = (marks[markSource(mark)] ?? 0) + 1;
  return {
    patientPseudonym: pseudonyms.patient,
    studyPseudonym: pseudonyms.study,
    site: c.site,
    images,
    breasts: c.breasts,
    reading: c.reading,
    marks,
    fhir,
  };
}

export interface Provenance {
  readonly exportId: string;
  readonly project: string;
  readonly requestedBy: TrainingExport['requestedBy'];
  readonly requestedAt: string;
  readonly writtenAt: string;
  readonly criteria: TrainingExport['criteria'];
  /** The profile and the options (CID 7050 codes) the de-identifier states it applied. */
  readonly deidentification: VerificationReport['profile'] & {
    /** Where the project's key came from (its file in the data folder, or the environment); never the key. */
    readonly keySource: 'environment' | 'file';
  };
  readonly labels: {
    readonly rule: string;
    readonly outcome: string;
    readonly tags: string;
    /** Marks on breasts read as normal (BI-RADS 1), not written as lesions. */
    readonly marksLeftOut: number;
  };
  readonly format: { readonly images: string; readonly fhir: string; readonly labels: string };
  readonly cases: readonly ProvenanceCase[];
}

export const LABEL_RULE =
  'label per breast from the final reading (latest signed report version): BI-RADS 1 normal, 2 benign, ' +
  '6 malignant (biopsy-proven); breasts assessed 0, 3, 4 or 5 are left out until their outcome is recorded';
export const OUTCOME_NOTE =
  'no pathology outcome used: Sentinelle records none yet (issue 18 adds the pathology record)';
export const TAGS_NOTE = 'no case tags: Sentinelle has no tags yet, so none could be selected on';
