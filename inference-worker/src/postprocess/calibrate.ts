/** Platt scaling: score = sigmoid(a * logit + b), fitted on out-of-fold predictions. */
export interface PlattParams {
  readonly a: number;
  readonly b: number;
}

export function plattScore(logit: number, { a, b }: PlattParams): number {
  return 1 / (1 + Math.exp(-(a * logit + b)));
}
