import type { ModelEntry } from '@sentinelle/models';
import type { OperatingPoints } from '@sentinelle/reporting';

/**
 * The reporting package's operating points from a registry entry: the screening thresholds chosen
 * on the model's validation women, and the lesion-map threshold from which a mark is reported.
 * One place, so that the findings, the worklist and the evaluation read the same numbers.
 */
export function screeningOperatingPoints(entry: ModelEntry): OperatingPoints {
  const { recall, likelyNormal, examScoreCuts } = entry.operatingPoints;
  return { recall, likelyNormal, examScoreCuts, lesion: entry.thresholds.lesion };
}
