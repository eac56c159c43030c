export { compareModels } from './compareModels';
export type { ComparedCase, ModelComparison, OperatingResult } from './compareModels';
export { ComparisonInputError, delongAuc, pairedDelong } from './delong';
export type { AucEstimate, PairedDelong } from './delong';
export { mcnemar, mcnemarOf } from './mcnemar';
export type { McNemar } from './mcnemar';
export { wilson } from './proportion';
export type { Proportion } from './proportion';
