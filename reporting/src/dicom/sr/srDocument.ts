import type { NaturalizedDataset } from 'dcmjs';
import type { ObjectTimes } from '../commonAttributes';
import type { SourceImage } from '../types';

/**
 * SR Document General module: an unverified, complete machine report dated with the findings,
 * with the analysed images as evidence of the requested procedure.
 */
export function srDocumentGeneral(times: ObjectTimes, sources: readonly SourceImage[]): NaturalizedDataset {
  return {
    InstanceNumber: 1,
    CompletionFlag: 'COMPLETE',
    VerificationFlag: 'UNVERIFIED',
    ContentDate: times.content.date,
    ContentTime: times.content.time,
    PerformedProcedureCodeSequence: [],
    CurrentRequestedProcedureEvidenceSequence: hierarchicalReferences(sources),
  };
}

/** Hierarchical SOP Instance Reference macro: study > series > instances. */
export function hierarchicalReferences(sources: readonly SourceImage[]): NaturalizedDataset[] {
  const studies = new Map<string, Map<string, SourceImage[]>>();
  for (const source of sources) {
    const series = studies.get(source.studyInstanceUid) ?? new Map<string, SourceImage[]>();
    studies.set(source.studyInstanceUid, series);
    series.set(source.seriesInstanceUid, [...(series.get(source.seriesInstanceUid) ?? []), source]);
  }
  return [...studies].map(([studyInstanceUid, series]) => ({
    StudyInstanceUID: studyInstanceUid,
    ReferencedSeriesSequence: [...series].map(([seriesInstanceUid, instances]) => ({
      SeriesInstanceUID: seriesInstanceUid,
      ReferencedSOPSequence: instances.map((instance) => ({
        ReferencedSOPClassUID: instance.sopClassUid,
        ReferencedSOPInstanceUID: instance.sopInstanceUid,
      })),
    })),
  }));
}
