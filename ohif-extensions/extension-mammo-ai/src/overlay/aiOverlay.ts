/* eslint-disable @typescript-eslint/no-explicit-any */
import { lesionKey } from '@sentinelle/reporting/findings';
import type { StudyFindings } from '../api/bridgeApi';
import { formatDecimal, t } from '../i18n';
import { AI_FINDING_TOOL, LOG_TAG } from '../id';
import { cornerstone, cornerstoneTools, type ServicesManager } from '../ohif';
import type { AiFindingData } from './aiFindingTool';
import { lesionIdsByMark } from '../examLesions';
import { findingColour } from './findingColours';
import { imagePlacement } from './imagePlacement';
import { segLayers } from './imageLayers';
import type { SegMask } from './segMasks';

/** The image id OHIF gave each SOP Instance UID of the displayed study. */
export function imageIdsBySop(servicesManager: ServicesManager): Map<string, string> {
  const { displaySetService } = servicesManager.services;
  const map = new Map<string, string>();
  for (const displaySet of displaySetService.getActiveDisplaySets() as any[]) {
    for (const instance of displaySet.instances ?? []) {
      if (instance?.SOPInstanceUID && instance.imageId) map.set(instance.SOPInstanceUID, instance.imageId);
    }
  }
  return map;
}

/**
 * Puts every AI lesion mark of the findings (one per view) into cornerstone's annotation state, as AI finding
 * annotations on their image (outline and centre in image pixels, and in world coordinates for
 * drawing), replacing those of an earlier call. Returns how many were placed.
 */
export function placeAiAnnotations(
  servicesManager: ServicesManager,
  study: StudyFindings,
  masks: readonly SegMask[],
): number {
  const { annotation } = cornerstoneTools();
  const { utilities } = cornerstone();
  removeAiAnnotations();
  const imageIds = imageIdsBySop(servicesManager);
  segLayers.set(
    masks,
    (mask) => mask.sourceSopInstanceUid,
    (sop) => imageIds.get(sop),
  );
  // A mark carries the id of the exam lesion it shows (L1 on both its views), as the panel lists it.
  const lesionIds = lesionIdsByMark(study.findings);
  let placed = 0;
  for (const image of study.findings.images) {
    const sop = image.imageRef.sopInstanceUid;
    const imageId = sop ? imageIds.get(sop) : undefined;
    if (!sop || !imageId) continue;
    const placement = imagePlacement(imageId);
    const toWorld = (x: number, y: number): number[] =>
      Array.from(utilities.imageToWorldCoords(imageId, [x, y]) as number[]);
    for (const lesion of image.lesions) {
      const key = lesionKey(sop, lesion.id);
      const data: AiFindingData = {
        lesionKey: key,
        type: lesion.type,
        label: [lesionIds.get(key), t(`type.${lesion.type}`), formatDecimal(lesion.score, 2)]
          .filter(Boolean)
          .join(' '),
        colour: findingColour(lesion.type),
        outline: lesion.outline.map((p) => [p.x, p.y] as [number, number]),
        centre: [lesion.centre.x, lesion.centre.y],
        worldOutline: lesion.outline.map((p) => toWorld(p.x, p.y)),
        worldCentre: toWorld(lesion.centre.x, lesion.centre.y),
      };
      annotation.state.addAnnotation(
        {
          annotationUID: `sentinelle-ai:${key}`,
          isLocked: true,
          isVisible: true,
          highlighted: false,
          invalidated: false,
          metadata: { ...placement.metadata, toolName: AI_FINDING_TOOL },
          data: { ...data, handles: { points: [data.worldCentre] } },
        },
        placement.frameOfReferenceUID,
      );
      placed++;
    }
  }
  console.info(LOG_TAG, `placed ${placed} AI lesion marks`);
  renderAll();
  return placed;
}

export function removeAiAnnotations(): void {
  const { annotation } = cornerstoneTools();
  for (const item of annotation.state.getAllAnnotations() as any[]) {
    if (item.metadata?.toolName === AI_FINDING_TOOL) annotation.state.removeAnnotation(item.annotationUID);
  }
}

export function renderAll(): void {
  for (const engine of cornerstone().getRenderingEngines?.() ?? []) engine.render();
}
