import type { NaturalizedDataset } from 'dcmjs';
import type { ObjectTimes } from '../commonAttributes';

/** The identity of a stored instance, as a Hierarchical SOP Instance Reference names it. */
export interface InstanceIdentity {
  readonly studyInstanceUid: string;
  readonly seriesInstanceUid: string;
  readonly sopClassUid: string;
  readonly sopInstanceUid: string;
}

/** The physician who signed a document, and the organization they signed for. */
export interface VerifyingObserver {
  /** DICOM person name, e.g. "DUPONT^Marie". */
  readonly personName: string;
  readonly organization: string;
}

/**
 * SR Document General module: a complete report dated with its content, with the images it
 * refers to as evidence of the requested procedure and, for a revision, the documents it revises
 * as predecessors. Unverified, unless a verifying observer signed it: it is then verified at its
 * content time, which is the signature's.
 */
export function srDocumentGeneral(document: {
  readonly times: ObjectTimes;
  readonly instanceNumber: number;
  readonly evidence: readonly InstanceIdentity[];
  readonly predecessors: readonly InstanceIdentity[];
  readonly verifier?: VerifyingObserver;
}): NaturalizedDataset {
  const { times, evidence, predecessors, verifier } = document;
  return {
    InstanceNumber: document.instanceNumber,
    CompletionFlag: 'COMPLETE',
    VerificationFlag: verifier ? 'VERIFIED' : 'UNVERIFIED',
    ...(verifier
      ? {
          VerifyingObserverSequence: [
            {
              VerifyingObserverName: [{ Alphabetic: verifier.personName }],
              VerifyingObserverIdentificationCodeSequence: [],
              VerifyingOrganization: verifier.organization,
              VerificationDateTime: times.content.dateTime,
            },
          ],
        }
      : {}),
    ContentDate: times.content.date,
    ContentTime: times.content.time,
    PerformedProcedureCodeSequence: [],
    // Type 1C: present when the document refers to images, and then not empty.
    ...(evidence.length > 0
      ? { CurrentRequestedProcedureEvidenceSequence: hierarchicalReferences(evidence) }
      : {}),
    ...(predecessors.length > 0
      ? { PredecessorDocumentsSequence: hierarchicalReferences(predecessors) }
      : {}),
  };
}

/** Hierarchical SOP Instance Reference macro: study > series > instances. */
export function hierarchicalReferences(instances: readonly InstanceIdentity[]): NaturalizedDataset[] {
  const studies = new Map<string, Map<string, InstanceIdentity[]>>();
  for (const instance of instances) {
    const series = studies.get(instance.studyInstanceUid) ?? new Map<string, InstanceIdentity[]>();
    studies.set(instance.studyInstanceUid, series);
    series.set(instance.seriesInstanceUid, [...(series.get(instance.seriesInstanceUid) ?? []), instance]);
  }
  return [...studies].map(([studyInstanceUid, series]) => ({
    StudyInstanceUID: studyInstanceUid,
    ReferencedSeriesSequence: [...series].map(([seriesInstanceUid, members]) => ({
      SeriesInstanceUID: seriesInstanceUid,
      ReferencedSOPSequence: members.map((member) => ({
        ReferencedSOPClassUID: member.sopClassUid,
        ReferencedSOPInstanceUID: member.sopInstanceUid,
      })),
    })),
  }));
}
