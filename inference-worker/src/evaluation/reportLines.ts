import type { OperatingPointResult } from './examLevel';
import type { AucWithCi, EvaluationReport } from './evaluationReport';

const f3 = (v: number) => (Number.isNaN(v) ? 'n/a' : v.toFixed(3));
const ci = (c: readonly [number, number]) => `[${f3(c[0])}, ${f3(c[1])}]`;
const auc = (a: AucWithCi) => `${f3(a.value)} 95% CI ${ci(a.ci95)}`;

function operatingPointLine(name: string, r: OperatingPointResult): string {
  return (
    `${name} ${f3(r.threshold)}: sensitivity ${f3(r.sensitivity)} ${ci(r.sensitivityCi95)}, ` +
    `specificity ${f3(r.specificity)} ${ci(r.specificityCi95)} on ${r.exams} exams (${r.examsWithCancer} with cancer)`
  );
}

/**
 * What eval:model prints, one dataset per run. The last line is the one-line summary scripts
 * parse: `AUC_malignant=… AUC_abnormal=… ms_per_image=… flagged_normal=…` (n/a where a figure
 * cannot be computed on these labels).
 */
export function reportLines(report: EvaluationReport, outPath: string): string[] {
  const { counts } = report;
  const { recall, likelyNormal } = report.operatingPoints;
  return [
    `model ${report.model.id} ${report.model.version} (input ${report.model.input}) on ${report.dataset}: ` +
      (report.split
        ? `validation women of ${report.split.file} (${report.split.women} women in the split)`
        : 'every labelled woman (no --split)'),
    ...(report.inSample
      ? [
          `caution: the registry says ${report.model.id} was trained on these women; every figure below is in-sample`,
        ]
      : []),
    `images: ${counts.labelled} labelled, ${counts.scored} scored of ${counts.women} women, ` +
      `${counts.refused} refused by the quality gate, ${counts.unreadable} unreadable`,
    ...report.refused.map((r) => `  refused ${r.file}: ${r.code}: ${r.reason}`),
    ...report.unreadable.map((r) => `  unreadable ${r.file}: ${r.reason}`),
    `AUC malignant vs rest, per image: ${auc(report.aucMalignant)} (bootstrap by woman)`,
    `AUC malignant, per exam (max over a woman's images): ${auc(report.examAucMalignant)}`,
    report.aucAbnormal
      ? `AUC abnormal vs normal, per image: ${auc(report.aucAbnormal)}`
      : 'AUC abnormal vs normal: n/a (these labels have no benign class)',
    `operating points (registry: ${report.operatingPoints.chosenOn}), exam level:`,
    `  ${operatingPointLine('recall threshold', recall)}; elevated: ${f3(recall.flagged)} of exams, ` +
      `${f3(recall.flaggedNormal)} of no-cancer exams`,
    `  ${operatingPointLine('likely-normal threshold', likelyNormal)}; likely normal: ` +
      `${f3(1 - likelyNormal.flagged)} of exams`,
    `  exam score 1..10, no-cancer exams: ${report.operatingPoints.examScores.normal.join(' ')}; ` +
      `exams with cancer: ${report.operatingPoints.examScores.cancer.join(' ')}`,
    report.froc
      ? `FROC (${report.froc.lesions} lesions with coordinates): ` +
        report.froc.points.map((p) => `${f3(p.sensitivity)} at ${p.fpi} FP/image`).join(', ')
      : 'FROC: n/a (no lesion coordinates in these labels)',
    report.massDiameter
      ? `mass diameter predicted/true (2 × radius): median ${f3(report.massDiameter.median)} over ` +
        `${report.massDiameter.matched} matched of ${report.massDiameter.masses} masses with a circle`
      : 'mass diameter: n/a (no mass circles in these labels)',
    `mean ms per image (decode to findings): ${report.msPerImage.toFixed(1)}`,
    `report written to ${outPath}`,
    `AUC_malignant=${f3(report.aucMalignant.value)} AUC_abnormal=${report.aucAbnormal ? f3(report.aucAbnormal.value) : 'n/a'} ` +
      `ms_per_image=${Math.round(report.msPerImage)} flagged_normal=${f3(report.flaggedNormal)}`,
  ];
}
