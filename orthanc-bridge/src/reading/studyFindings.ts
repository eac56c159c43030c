import {
  COMPREHENSIVE_3D_SR_STORAGE,
  isLegacyFindings,
  lesionKey,
  readStoredFindings,
  type ExamFindings,
} from '@sentinelle/reporting';
import { z } from 'zod';
import type { BridgeContext } from '../context';
import { modelInUse } from '../modelGovernance/modelInUse';
import { notFound } from '../http/errors';
import { findCurrentAnalysis, type Analysis } from '../studies/analysisStore';
import { findStudy, type StudyRecord } from '../studies/studyStore';
import { registryOperatingPoints } from './registryOperatingPoints';

/** The AI results SR a reader's revision revises (its Predecessor Document). */
export interface AiSrRef {
  readonly studyInstanceUid: string;
  readonly seriesInstanceUid: string;
  readonly sopInstanceUid: string;
  readonly sopClassUid: string;
}

/** The lesion masks the worker stored: one SEG series, one instance per pixel grid. */
export interface SegRef {
  readonly seriesInstanceUid: string;
  readonly instances: readonly { sopInstanceUid: string; rows: number; columns: number }[];
}

/** A study whose current analysis is done, with the findings the reader reads. */
export interface StudyFindings {
  readonly study: StudyRecord;
  readonly analysis: Analysis & { readonly findings: ExamFindings };
  readonly findings: ExamFindings;
  /** Undefined when the analysis result names no AI SR (not one the worker recorded). */
  readonly aiSr: AiSrRef | undefined;
  readonly seg: SegRef | null;
}

const uidRef = z.object({ seriesInstanceUid: z.string(), sopInstanceUid: z.string() });
/** The parts of the worker's AnalysisResult the reading uses. */
const resultSchema = z.object({
  sr: uidRef.optional(),
  seg: z
    .object({
      seriesInstanceUid: z.string(),
      instances: z.array(z.object({ sopInstanceUid: z.string(), rows: z.number(), columns: z.number() })),
    })
    .nullable()
    .optional(),
});

/**
 * The study's current analysis (see findCurrentAnalysis) with its findings; undefined when the
 * study is unknown or that analysis is not done with findings. Findings stored in an older format
 * are upgraded with the operating points the registry gives the model that produced them.
 */
export async function loadStudyFindings(
  ctx: BridgeContext,
  studyInstanceUid: string,
): Promise<StudyFindings | undefined> {
  const [study, analysis] = await Promise.all([
    findStudy(ctx.pool, ctx.cipher, studyInstanceUid),
    modelInUse(ctx).then((model) => findCurrentAnalysis(ctx.pool, studyInstanceUid, model.version)),
  ]);
  if (!study || analysis?.status !== 'done' || !analysis.findings) return undefined;
  const points = isLegacyFindings(analysis.findings)
    ? await registryOperatingPoints(ctx.registryPath)
    : new Map<string, never>();
  const findings = readStoredFindings(analysis.findings, (modelId) => points.get(modelId));
  const result = resultSchema.safeParse(analysis.result);
  const sr = result.success ? result.data.sr : undefined;
  return {
    study,
    analysis: { ...analysis, findings },
    findings,
    aiSr: sr && {
      studyInstanceUid,
      seriesInstanceUid: sr.seriesInstanceUid,
      sopInstanceUid: sr.sopInstanceUid,
      sopClassUid: COMPREHENSIVE_3D_SR_STORAGE,
    },
    seg: (result.success ? result.data.seg : null) ?? null,
  };
}

/**
 * loadStudyFindings for a reading route: 404 until the study's current analysis is done, the
 * message naming what the reader meant to do, if anything.
 */
export async function requireStudyFindings(
  ctx: BridgeContext,
  studyInstanceUid: string,
  purpose?: 'validate' | 'revise',
): Promise<StudyFindings> {
  const loaded = await loadStudyFindings(ctx, studyInstanceUid);
  if (!loaded)
    throw notFound(`study ${studyInstanceUid} has no finished AI analysis${purpose ? ` to ${purpose}` : ''}`);
  return loaded;
}

/** The keys of every lesion of the findings (of images with a SOP Instance UID). */
export function lesionKeys(findings: ExamFindings): Set<string> {
  return new Set(
    findings.images.flatMap((image) => {
      const uid = image.imageRef.sopInstanceUid;
      return uid ? image.lesions.map((lesion) => lesionKey(uid, lesion.id)) : [];
    }),
  );
}
