/** Platt scaling: score = sigmoid(a * logit + b), fitted on a validation set. */
export interface PlattParams {
  readonly a: number;
  readonly b: number;
}

export const IDENTITY_PLATT: PlattParams = { a: 1, b: 0 };

export function plattScore(logit: number, { a, b }: PlattParams): number {
  return sigmoid(a * logit + b);
}

/** The logit that plattScore maps to `score` (a must be non-zero). */
export function plattInverse(score: number, { a, b }: PlattParams): number {
  return (logit(score) - b) / a;
}

export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

// Float32 maps saturate at exactly 0 or 1; clamping keeps the logit finite so the calibrated
// score stays ordered instead of becoming NaN.
const EPS = 1e-7;

export function logit(p: number): number {
  const q = Math.min(1 - EPS, Math.max(EPS, p));
  return Math.log(q / (1 - q));
}

/** Calibrates a probability produced by a sigmoid head. */
export function calibrateProbability(p: number, params: PlattParams | undefined): number {
  return params === undefined ? p : plattScore(logit(p), params);
}
