import type { LesionMaps } from './lesionMaps';
import { MAP_CHANNELS } from './lesionMaps';
import type { LesionRegion } from './lesionRegion';

/**
 * Whether a calcification cluster that sits on a mass may be reported beside it. The
 * calcification channel answers to a mass's bright core and edges as well, which drew 57 mm
 * "clusters" on top of masses; a mass with real calcifications does exist (and matters), so the
 * cluster stays when both channels independently reach the lesion threshold where they meet.
 *
 * "On" a mass: the cluster's peak lies in the mass's region, or the mass's peak in the cluster's.
 * "Where they meet": that peak's cell. Clusters away from every mass are not this rule's concern.
 */
export function calcificationsStandApart(
  maps: LesionMaps,
  cluster: LesionRegion,
  masses: readonly LesionRegion[],
  lesionThreshold: number,
): boolean {
  const plane = maps.height * maps.width;
  const both = (index: number) =>
    maps.data[MAP_CHANNELS.mass * plane + index]! >= lesionThreshold &&
    maps.data[MAP_CHANNELS.calcifications * plane + index]! >= lesionThreshold;
  const clusterPeak = cluster.peakRow * maps.width + cluster.peakCol;
  for (const mass of masses) {
    const massPeak = mass.peakRow * maps.width + mass.peakCol;
    if (contains(mass, clusterPeak) && !both(clusterPeak)) return false;
    if (contains(cluster, massPeak) && !both(massPeak)) return false;
  }
  return true;
}

function contains(region: LesionRegion, index: number): boolean {
  return region.cells.includes(index);
}
