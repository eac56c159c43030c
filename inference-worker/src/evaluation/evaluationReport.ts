import type { ModelEntry } from '@sentinelle/models';
import { z } from 'zod';
import type { DiameterRatioSummary } from './diameterRatio';
import { diameterRatios } from './diameterRatio';
import type { OperatingPointResult } from './examLevel';
import { atThreshold, examCases, examScoreHistogram } from './examLevel';
import type { FrocImage, ScoredCase } from './metrics';
import { bootstrapAucCi, froc, rocAuc } from './metrics';
import type { MiasLesion } from './miasLabels';
import type { ImageOutcome } from './scoreImages';

export const FROC_POINTS = [0.5, 1, 2];
const MASSES: readonly MiasLesion['abnormality'][] = ['CIRC', 'SPIC', 'MISC'];

export interface AucWithCi {
  readonly value: number;
  /** 95 % percentile bootstrap, resampling women. */
  readonly ci95: [number, number];
}

export interface EvaluationReport {
  readonly model: { id: string; version: string; input: string; onnx: string };
  readonly dataset: string;
  /** The validation split the women came from; null when every labelled woman was used. */
  readonly split: { file: string; women: number } | null;
  /** The registry says the model saw these women in training: every figure is in-sample. */
  readonly inSample: boolean;
  readonly counts: { labelled: number; scored: number; refused: number; unreadable: number; women: number };
  readonly refused: { file: string; code: string; reason: string }[];
  readonly unreadable: { file: string; reason: string }[];
  readonly aucMalignant: AucWithCi;
  /** Exam level: a woman's score is the maximum over her images. */
  readonly examAucMalignant: AucWithCi;
  /** Null when the labels have no benign class (abnormal would just be malignant again). */
  readonly aucAbnormal: AucWithCi | null;
  readonly operatingPoints: {
    readonly chosenOn: string;
    readonly recall: OperatingPointResult;
    readonly likelyNormal: OperatingPointResult;
    readonly examScores: { normal: number[]; cancer: number[] };
  };
  /** Share of no-cancer exams at or above the recall threshold. */
  readonly flaggedNormal: number;
  /** Null when no label gives lesion coordinates. */
  readonly froc: {
    lesions: number;
    points: { fpi: number; sensitivity: number; threshold: number }[];
  } | null;
  /** Null when no mass has a circle. */
  readonly massDiameter: DiameterRatioSummary | null;
  readonly msPerImage: number;
  readonly perImage: {
    file: string;
    patient: string;
    label: string;
    malignancyScore: number;
    abnormalityScore: number;
    marks: number;
  }[];
}

/** What a registry entry records about a dataset's validation women having been seen in training. */
const inSampleRecord = z.object({
  validationSplit: z.record(z.string(), z.object({ inSample: z.boolean() }).partial()),
});

/**
 * True when the registry says the model was trained on these women (an older model trained on
 * every image of a dataset): its figures there are in-sample and say nothing of new women.
 */
export function trainedOnValidationWomen(entry: ModelEntry, dataset: string): boolean {
  const parsed = inSampleRecord.safeParse(entry.metrics);
  return parsed.success && parsed.data.validationSplit[dataset]?.inSample === true;
}

function aucWithCi(cases: readonly ScoredCase[]): AucWithCi {
  return { value: rocAuc(cases), ci95: bootstrapAucCi(cases) };
}

/** Every figure of one evaluation, from the outcomes of its images. */
export function evaluationReport(input: {
  readonly entry: ModelEntry;
  readonly onnxPath: string;
  readonly dataset: string;
  readonly split: { file: string; women: number } | null;
  readonly outcomes: readonly ImageOutcome[];
  readonly toExamScore: (score: number) => number;
}): EvaluationReport {
  const { entry, outcomes } = input;
  const scored = outcomes.flatMap((o) => (o.kind === 'scored' ? [o] : []));
  if (scored.length === 0) throw new Error('no image could be evaluated');

  const malignant = scored.map((o) => ({
    score: o.malignancyScore,
    positive: o.truth.label === 'malignant',
    group: o.truth.patient,
  }));
  const abnormal = scored.map((o) => ({
    score: o.abnormalityScore,
    positive: o.truth.label !== 'normal',
    group: o.truth.patient,
  }));
  const exams = examCases(malignant);
  const { recall, likelyNormal, chosenOn } = entry.operatingPoints;
  const atRecall = atThreshold(exams, recall);

  const circles = (o: (typeof scored)[number], types?: readonly MiasLesion['abnormality'][]) =>
    o.truth.lesions.flatMap((l) =>
      l.x === null || l.y === null || l.radius === null || (types && !types.includes(l.abnormality))
        ? []
        : [{ x: l.x, y: l.y, radius: l.radius }],
    );
  const frocImages: FrocImage[] = scored.map((o) => ({ marks: o.marks, lesions: circles(o) }));
  const frocLesions = frocImages.reduce((n, im) => n + im.lesions.length, 0);
  const sizes = diameterRatios(scored.map((o) => ({ marks: o.marks, masses: circles(o, MASSES) })));

  return {
    model: {
      id: entry.id,
      version: entry.version,
      input: `${entry.input.height}×${entry.input.width}`,
      onnx: input.onnxPath,
    },
    dataset: input.dataset,
    split: input.split,
    inSample: trainedOnValidationWomen(entry, input.dataset),
    counts: {
      labelled: outcomes.length,
      scored: scored.length,
      refused: outcomes.filter((o) => o.kind === 'refused').length,
      unreadable: outcomes.filter((o) => o.kind === 'unreadable').length,
      women: exams.length,
    },
    refused: outcomes.flatMap((o) =>
      o.kind === 'refused' ? [{ file: o.truth.file, code: o.code, reason: o.reason }] : [],
    ),
    unreadable: outcomes.flatMap((o) =>
      o.kind === 'unreadable' ? [{ file: o.truth.file, reason: o.reason }] : [],
    ),
    aucMalignant: aucWithCi(malignant),
    examAucMalignant: aucWithCi(exams),
    aucAbnormal: scored.some((o) => o.truth.label === 'benign') ? aucWithCi(abnormal) : null,
    operatingPoints: {
      chosenOn,
      recall: atRecall,
      likelyNormal: atThreshold(exams, likelyNormal),
      examScores: examScoreHistogram(exams, input.toExamScore),
    },
    flaggedNormal: atRecall.flaggedNormal,
    froc: frocLesions ? { lesions: frocLesions, points: froc(frocImages, FROC_POINTS) } : null,
    massDiameter: sizes.masses ? sizes : null,
    msPerImage: scored.reduce((s, o) => s + o.ms, 0) / scored.length,
    perImage: scored.map((o) => ({
      file: o.truth.file,
      patient: o.truth.patient,
      label: o.truth.label,
      malignancyScore: o.malignancyScore,
      abnormalityScore: o.abnormalityScore,
      marks: o.marks.length,
    })),
  };
}
