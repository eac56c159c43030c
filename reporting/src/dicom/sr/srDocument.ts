import type { NaturalizedDataset } from 'dcmjs';
import type { ObjectTimes } from '../commonAttributes';

/** The identity of a stored instance, as a Hierarchical SOP Instance Reference names it. */
export interface InstanceIdentity {
  readonly studyInstanceUid: string;
  readonly seriesInstanceUid: string;
  readonly sopClassUid: string;
  readonly sopInstanceUid: string;
}

/**
 * SR Document General module: an unverified, complete report dated with its content, with the
 * images it refers to as evidence of the requested procedure and, for a revision, the documents
 * it revises as predecessors.
 */
export function srDocumentGeneral(document: {
  readonly times: ObjectTimes;
  readonly instanceNumber: number;
  readonly evidence: readonly InstanceIdentity[];
  readonly predecessors: readonly InstanceIdentity[];
}): NaturalizedDataset {
  const { times, evidence, predecessors } = document;
  return {
    InstanceNumber: document.instanceNumber,
    CompletionFlag: 'COMPLETE',
    VerificationFlag: 'UNVERIFIED',
    ContentDate: times.content.date,
    ContentTime: times.content.time,
    PerformedProcedureCodeSequence: [],
    CurrentRequestedProcedureEvidenceSequence: hierarchicalReferences(evidence),
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
