/** Evaluation statistics shared by `eval:model` and the benchmarks. */

export interface ScoredCase {
  readonly score: number;
  readonly positive: boolean;
  /** Cases of one patient are resampled together in the bootstrap. */
  readonly group: string;
}

/** Area under the ROC curve by the Mann–Whitney statistic (ties count one half). NaN without both classes. */
export function rocAuc(cases: readonly ScoredCase[]): number {
  const sorted = [...cases].sort((a, b) => a.score - b.score);
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j < sorted.length && sorted[j]!.score === sorted[i]!.score) j++;
    const meanRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) {
      if (sorted[k]!.positive) {
        positives++;
        rankSum += meanRank;
      }
    }
    i = j;
  }
  const negatives = sorted.length - positives;
  if (!positives || !negatives) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Small deterministic PRNG (mulberry32) so that confidence intervals are reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 95 % percentile bootstrap interval of AUC, resampling patients (their images stay together). */
export function bootstrapAucCi(cases: readonly ScoredCase[], reps = 2000, seed = 1): [number, number] {
  const groups = new Map<string, ScoredCase[]>();
  for (const c of cases) groups.set(c.group, [...(groups.get(c.group) ?? []), c]);
  const keys = [...groups.keys()];
  const random = seededRandom(seed);
  const aucs: number[] = [];
  for (let r = 0; r < reps; r++) {
    const sample: ScoredCase[] = [];
    for (let k = 0; k < keys.length; k++)
      sample.push(...groups.get(keys[Math.floor(random() * keys.length)]!)!);
    const auc = rocAuc(sample);
    if (!Number.isNaN(auc)) aucs.push(auc);
  }
  aucs.sort((a, b) => a - b);
  if (!aucs.length) return [Number.NaN, Number.NaN];
  return [aucs[Math.floor(0.025 * (aucs.length - 1))]!, aucs[Math.ceil(0.975 * (aucs.length - 1))]!];
}

export function sensitivitySpecificity(
  cases: readonly ScoredCase[],
  threshold: number,
): { sensitivity: number; specificity: number } {
  let tp = 0;
  let fn = 0;
  let tn = 0;
  let fp = 0;
  for (const c of cases) {
    const flagged = c.score >= threshold;
    if (c.positive && flagged) tp++;
    else if (c.positive) fn++;
    else if (flagged) fp++;
    else tn++;
  }
  return { sensitivity: tp / (tp + fn), specificity: tn / (tn + fp) };
}

export interface FrocImage {
  /** Candidate marks: centre and score, any coordinate system shared with the truth. */
  readonly marks: readonly { readonly x: number; readonly y: number; readonly score: number }[];
  /** Truth circles. */
  readonly lesions: readonly { readonly x: number; readonly y: number; readonly radius: number }[];
}

/**
 * Free-response ROC: lesion sensitivity at given false marks per image. A mark is a hit when its
 * centre lies inside a truth circle; a lesion counts once, extra marks on it are neither hits nor
 * false marks. Thresholds sweep over every mark score.
 */
export function froc(
  images: readonly FrocImage[],
  falseMarksPerImage: readonly number[],
): { fpi: number; sensitivity: number; threshold: number }[] {
  const totalLesions = images.reduce((n, im) => n + im.lesions.length, 0);
  const events: { score: number; image: number; lesion: number }[] = [];
  images.forEach((im, i) => {
    for (const m of im.marks) {
      const lesion = im.lesions.findIndex((l) => Math.hypot(m.x - l.x, m.y - l.y) <= l.radius);
      events.push({ score: m.score, image: i, lesion });
    }
  });
  events.sort((a, b) => b.score - a.score);
  const found = new Set<string>();
  let falseMarks = 0;
  const curve: { fpi: number; sensitivity: number; threshold: number }[] = [];
  for (const e of events) {
    if (e.lesion < 0) falseMarks++;
    else found.add(`${e.image}:${e.lesion}`);
    curve.push({
      fpi: falseMarks / images.length,
      sensitivity: totalLesions ? found.size / totalLesions : Number.NaN,
      threshold: e.score,
    });
  }
  return falseMarksPerImage.map((target) => {
    let best = { fpi: 0, sensitivity: 0, threshold: Number.POSITIVE_INFINITY };
    for (const p of curve) if (p.fpi <= target && p.sensitivity >= best.sensitivity) best = p;
    return { ...best, fpi: target };
  });
}
