import type { MethodCode } from '../profileActions';

/** What a finding is about, so a reader (or a program) can group them. */
export type FindingCheck =
  | 'unreadable'
  | 'profile'
  | 'private'
  | 'overlay'
  | 'person-name'
  | 'identifying-value'
  | 'uid'
  | 'date'
  | 'markers'
  | 'burned-in-text'
  | 'uid-consistency'
  | 'date-shift'
  // FHIR resources exported with a case (../fhir/verifyFhir.ts).
  | 'fhir-invalid'
  | 'narrative'
  | 'free-text'
  | 'patient';

export interface Finding {
  readonly check: FindingCheck;
  /** Where in the data set: "Content Sequence (0040,A730)[2] > Person Name (0040,A123)". */
  readonly attribute?: string;
  /** What is wrong, without the identifying value itself. */
  readonly message: string;
}

export interface FileVerification {
  /**
   * The source's position in the verified list. Not its name: a source path can hold a patient's
   * name ("DUPONT_MARIE/IMG1.dcm") and this report travels with the released set.
   */
  readonly sourceIndex: number;
  readonly outputName: string;
  readonly passed: boolean;
  readonly sopClassUid: string | null;
  readonly attributesChecked: number;
  /** Words the OCR re-check read in the cleaned pixels; null where the file has no image. */
  readonly textRegionsFound: number | null;
  readonly findings: readonly Finding[];
}

export interface KAnonymityGroup {
  readonly ageBand: string;
  readonly sex: string;
  readonly site: string;
  readonly patients: number;
}

export interface VerificationReport {
  readonly passed: boolean;
  readonly checkedAt: string;
  readonly project: string;
  readonly profile: {
    readonly standard: 'DICOM PS3.15 Annex E, Table E.1-1';
    readonly methods: readonly MethodCode[];
  };
  readonly counts: { readonly instances: number; readonly studies: number; readonly patients: number };
  readonly files: readonly FileVerification[];
  /** Findings about the set as a whole: UIDs across files, date shifts across a patient's files. */
  readonly setFindings: readonly Finding[];
  readonly kAnonymity: {
    readonly quasiIdentifiers: readonly ['age band', 'sex', 'site'];
    /** The smallest group: every patient shares (age band, sex, site) with at least k - 1 others. */
    readonly k: number;
    readonly groups: readonly KAnonymityGroup[];
  };
}
