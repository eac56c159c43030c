import {
  nameBasedUid,
  renderAiResultsSr,
  renderLesionSeg,
  renderMammoCadSr,
  type ExamFindings,
  type RenderedDicom,
  type RenderOptions,
  type SourceImage,
  type StudyContext,
} from '@sentinelle/reporting';

/**
 * The UIDs of an analysis revision's results, derived from its key (`<StudyInstanceUID>:<model
 * version>`) and revision alone. A retried job (the worker died after storing, before recording)
 * renders objects with the same UIDs, and Orthanc keeps one copy of each: one result set per
 * revision, whatever happens between STOW-RS and markAnalysisDone.
 */
export interface ResultUids {
  readonly aiResultsSr: { readonly seriesInstanceUid: string; readonly sopInstanceUid: string };
  readonly mammoCadSr: { readonly seriesInstanceUid: string; readonly sopInstanceUid: string };
  readonly segSeriesInstanceUid: string;
  /** SOP Instance UID of the SEG of one pixel grid ("<columns>x<rows>"). */
  segSopInstanceUid(grid: string): string;
}

export function resultUids(key: string, revision: number): ResultUids {
  const uid = (what: string) => nameBasedUid(`analysis-result:${key}:${revision}:${what}`);
  return {
    aiResultsSr: { seriesInstanceUid: uid('ai-results-sr:series'), sopInstanceUid: uid('ai-results-sr') },
    mammoCadSr: { seriesInstanceUid: uid('mammo-cad-sr:series'), sopInstanceUid: uid('mammo-cad-sr') },
    segSeriesInstanceUid: uid('seg:series'),
    segSopInstanceUid: (grid) => uid(`seg:${grid}`),
  };
}

export interface RenderedResults {
  /** Comprehensive 3D SR, TID 1500 (IHE AI Results). */
  readonly aiResultsSr: RenderedDicom;
  /** Mammography CAD SR, TID 4000. */
  readonly mammoCadSr: RenderedDicom;
  /** Lesion masks: one SEG per pixel grid with a lesion to mask, all in one series; often none. */
  readonly segs: readonly (RenderedDicom & { readonly rows: number; readonly columns: number })[];
}

/** Options the deployment may set on every produced object. */
export type SiteRenderOptions = Pick<
  RenderOptions,
  'institutionName' | 'deviceSerialNumber' | 'deviceObserverUid'
>;

/**
 * Renders the findings as the AI results SR, the Mammography CAD SR and the lesion SEGs, each in
 * its own series. A SEG has one pixel grid, and the views of an exam need not share one (the
 * shared test exam's four views all differ), so images are grouped by grid and each group with a
 * lesion to mask gets its own SEG instance in the one SEG series.
 */
export function renderResults(
  exam: ExamFindings,
  sources: readonly SourceImage[],
  context: StudyContext,
  uids: ResultUids,
  site: SiteRenderOptions = {},
): RenderedResults {
  const aiResultsSr = renderAiResultsSr(exam, sources, context, { ...site, ...uids.aiResultsSr });
  const mammoCadSr = renderMammoCadSr(exam, sources, context, { ...site, ...uids.mammoCadSr });

  const grids = new Map<string, ExamFindings['images'][number][]>();
  for (const image of exam.images) {
    const grid = `${image.width}x${image.height}`;
    grids.set(grid, [...(grids.get(grid) ?? []), image]);
  }
  const segs: RenderedResults['segs'][number][] = [];
  for (const [grid, images] of grids) {
    const uidsOfGroup = new Set(images.map((image) => image.imageRef.sopInstanceUid));
    const seg = renderLesionSeg(
      { ...exam, images },
      sources.filter((source) => uidsOfGroup.has(source.sopInstanceUid)),
      context,
      {
        ...site,
        seriesInstanceUid: uids.segSeriesInstanceUid,
        sopInstanceUid: uids.segSopInstanceUid(grid),
        instanceNumber: segs.length + 1,
      },
    );
    if (seg) segs.push({ ...seg, rows: images[0]!.height, columns: images[0]!.width });
  }
  return { aiResultsSr, mammoCadSr, segs };
}

/** Every produced object, SRs first. */
export function resultFiles(results: RenderedResults): RenderedDicom[] {
  return [results.aiResultsSr, results.mammoCadSr, ...results.segs];
}
