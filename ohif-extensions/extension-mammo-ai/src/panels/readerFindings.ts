/* eslint-disable @typescript-eslint/no-explicit-any */
import type { ImagePoint, LesionType, ReaderFinding, ReaderRegion } from '@sentinelle/reporting/findings';
import { z } from 'zod';
import { RevisionSchema, type BridgeApi } from '../api/bridgeApi';
import { formatDecimal, t } from '../i18n';
import { LOG_TAG } from '../id';
import { cornerstone, cornerstoneTools } from '../ohif';
import { imagePlacement } from '../overlay/imagePlacement';

/** The cornerstone tools a reader draws findings with, and the finding type each suggests. */
export const READER_TOOLS = {
  EllipticalROI: 'mass',
  PlanarFreehandROI: 'mass',
  Probe: 'calcifications',
} as const;
export type ReaderTool = keyof typeof READER_TOOLS;

/** The tool's name as the reader's language says it (never cornerstone's class name). */
export const TOOL_LABELS: Record<ReaderTool, string> = {
  EllipticalROI: 'toolEllipse',
  PlanarFreehandROI: 'toolFreehand',
  Probe: 'toolProbe',
};

/** Annotation UIDs of drawings put back from a revision: `sentinelle-reader:<revision>:<finding id>`. */
const RESTORED_PREFIX = 'sentinelle-reader:';

/** A reader's drawing, read from cornerstone's annotation state. */
export interface ReaderDrawing {
  readonly annotationUID: string;
  readonly tool: ReaderTool;
  readonly sopInstanceUid: string;
  readonly imageId: string;
  readonly region: ReaderRegion;
  readonly diameterMm: number | null;
  /** The type the reader gave it in the revision it comes back from; null for a new drawing. */
  readonly type: LesionType | null;
}

function toImage(imageId: string, world: number[]): ImagePoint {
  const [x, y] = cornerstone().utilities.worldToImageCoords(imageId, world) as number[];
  return { x: round(x!), y: round(y!) };
}

const round = (v: number) => Math.round(v * 100) / 100;

function spacing(imageId: string): { row: number; column: number } | null {
  const plane = cornerstone().metaData.get('imagePlaneModule', imageId);
  const row = plane?.rowPixelSpacing;
  const column = plane?.columnPixelSpacing;
  return row && column ? { row, column } : null;
}

function longestMm(points: readonly ImagePoint[], mm: { row: number; column: number } | null): number | null {
  if (!mm) return null;
  let best = 0;
  for (let i = 0; i < points.length; i++)
    for (let j = i + 1; j < points.length; j++) {
      const dx = (points[i]!.x - points[j]!.x) * mm.column;
      const dy = (points[i]!.y - points[j]!.y) * mm.row;
      best = Math.max(best, Math.hypot(dx, dy));
    }
  return Math.round(best * 10) / 10;
}

/** The reader's drawings on the study's images (ellipse, freehand, probe), in image pixels. */
export function readerDrawings(sopOfImageId: (imageId: string) => string | undefined): ReaderDrawing[] {
  const drawings: ReaderDrawing[] = [];
  for (const item of cornerstoneTools().annotation.state.getAllAnnotations() as any[]) {
    const tool = item.metadata?.toolName as string;
    if (!(tool in READER_TOOLS)) continue;
    const imageId = item.metadata.referencedImageId as string | undefined;
    const sop = imageId ? sopOfImageId(imageId) : undefined;
    if (!imageId || !sop) continue;
    let region: ReaderRegion | null = null;
    if (tool === 'EllipticalROI') {
      const [bottom, top, left, right] = (item.data.handles.points as number[][]).map((p) =>
        toImage(imageId, p),
      );
      const vertical = Math.hypot(top!.x - bottom!.x, top!.y - bottom!.y);
      const horizontal = Math.hypot(right!.x - left!.x, right!.y - left!.y);
      region = {
        kind: 'ellipse',
        axes: vertical >= horizontal ? [top!, bottom!, left!, right!] : [left!, right!, top!, bottom!],
      };
    } else if (tool === 'PlanarFreehandROI') {
      const points = ((item.data.contour?.polyline ?? []) as number[][]).map((p) => toImage(imageId, p));
      if (points.length >= 3) region = { kind: 'polygon', points: thin(points, 500) };
    } else {
      region = { kind: 'point', point: toImage(imageId, item.data.handles.points[0]) };
    }
    if (!region) continue;
    const points = region.kind === 'ellipse' ? region.axes : region.kind === 'polygon' ? region.points : [];
    drawings.push({
      annotationUID: item.annotationUID,
      tool: tool as ReaderTool,
      sopInstanceUid: sop,
      imageId,
      region,
      diameterMm: longestMm(points, spacing(imageId)),
      type: (item.data.sentinelleType as LesionType | undefined) ?? null,
    });
  }
  return drawings;
}

/** Freehand contours can hold thousands of points; every n-th keeps the shape within the SR's limits. */
function thin(points: ImagePoint[], max: number): ImagePoint[] {
  if (points.length <= max) return points;
  const step = Math.ceil(points.length / max);
  return points.filter((_, index) => index % step === 0);
}

/** A drawing as a ReaderFinding of the given type (id R<n>). */
export function drawingToFinding(
  drawing: ReaderDrawing,
  index: number,
  type: 'mass' | 'calcifications',
): ReaderFinding {
  return {
    id: `R${index + 1}`,
    aiLesionKey: null,
    sopInstanceUid: drawing.sopInstanceUid,
    type,
    region: drawing.region,
    diameterMm: drawing.diameterMm,
    shape: null,
    note: null,
  };
}

/**
 * The four ellipse handles in cornerstone's order: the image-vertical axis ("bottom", which
 * cornerstone gives the smaller image row, then "top"), then the horizontal one (left, right).
 */
function ellipseHandles(axes: readonly ImagePoint[]): ImagePoint[] {
  const [a0, a1, b0, b1] = axes as [ImagePoint, ImagePoint, ImagePoint, ImagePoint];
  const aVertical = Math.abs(a0.x - a1.x) < Math.abs(a0.y - a1.y);
  const [v0, v1] = aVertical ? [a0, a1] : [b0, b1];
  const [h0, h1] = aVertical ? [b0, b1] : [a0, a1];
  return [v0.y <= v1.y ? v0 : v1, v0.y <= v1.y ? v1 : v0, h0.x <= h1.x ? h0 : h1, h0.x <= h1.x ? h1 : h0];
}

/**
 * Puts the reader's own findings of a revision (those not derived from an AI lesion) back into
 * cornerstone's annotation state as the tools that drew them, editable, on their images: after a
 * reload her drawings are on screen again and the next revision starts from them. A finding
 * already there (same revision and id) is left as it is. Returns how many were placed.
 */
export function placeReaderDrawings(
  revisionNumber: number,
  findings: readonly ReaderFinding[],
  imageIdOfSop: (sop: string) => string | undefined,
): number {
  const { annotation } = cornerstoneTools();
  const { utilities } = cornerstone();
  let placed = 0;
  for (const finding of findings) {
    if (finding.aiLesionKey !== null) continue;
    const annotationUID = `${RESTORED_PREFIX}${revisionNumber}:${finding.id}`;
    if (annotation.state.getAnnotation(annotationUID)) continue;
    const imageId = imageIdOfSop(finding.sopInstanceUid);
    if (!imageId) continue;
    const placement = imagePlacement(imageId);
    const world = (p: ImagePoint): number[] => Array.from(utilities.imageToWorldCoords(imageId, [p.x, p.y]));
    const region = finding.region;
    const base = {
      annotationUID,
      isLocked: false,
      isVisible: true,
      highlighted: false,
      invalidated: true,
      metadata: placement.metadata,
    };
    const handles = (points: number[][]) => ({
      points,
      activeHandleIndex: null,
      textBox: { hasMoved: false, worldPosition: [0, 0, 0], worldBoundingBox: null },
    });
    let item: any;
    if (region.kind === 'ellipse') {
      item = {
        ...base,
        metadata: { ...base.metadata, toolName: 'EllipticalROI' },
        data: {
          label: '',
          handles: handles(ellipseHandles(region.axes).map(world)),
          cachedStats: {},
          initialRotation: 0,
          sentinelleType: finding.type,
        },
      };
    } else if (region.kind === 'polygon') {
      item = {
        ...base,
        metadata: { ...base.metadata, toolName: 'PlanarFreehandROI' },
        data: {
          label: '',
          handles: handles([]),
          contour: { polyline: region.points.map(world), closed: true },
          cachedStats: {},
          sentinelleType: finding.type,
        },
      };
    } else {
      item = {
        ...base,
        metadata: { ...base.metadata, toolName: 'Probe' },
        data: {
          label: '',
          handles: handles([world(region.point)]),
          cachedStats: {},
          sentinelleType: finding.type,
        },
      };
    }
    annotation.state.addAnnotation(item, placement.frameOfReferenceUID);
    placed++;
  }
  if (placed > 0) console.info(LOG_TAG, `put back ${placed} reader drawings of revision ${revisionNumber}`);
  return placed;
}

/** Takes one of the reader's drawings off the images (it is left out of her next revision). */
export function removeReaderDrawing(annotationUID: string): void {
  cornerstoneTools().annotation.state.removeAnnotation(annotationUID);
  for (const engine of cornerstone().getRenderingEngines?.() ?? []) engine.render();
}

/** "12,3 × 8,1 mm", "Ø 14,2 mm": a drawing's size as the row and the image label both say it. */
export function drawingSize(tool: ReaderTool, region: ReaderRegion, imageId: string): string | null {
  const mm = spacing(imageId);
  const unit = mm ? t('mm') : t('px');
  const scale = mm ?? { row: 1, column: 1 };
  const length = (a: ImagePoint, b: ImagePoint) =>
    Math.hypot((a.x - b.x) * scale.column, (a.y - b.y) * scale.row);
  if (tool === 'EllipticalROI' && region.kind === 'ellipse') {
    const [a0, a1, b0, b1] = region.axes;
    const [major, minor] = [length(a0, a1), length(b0, b1)].sort((x, y) => y - x);
    return `${formatDecimal(major!, 1)} × ${formatDecimal(minor!, 1)} ${unit}`;
  }
  if (region.kind === 'polygon') {
    const longest = longestMm(thin(region.points, 200), scale);
    return longest === null ? null : `Ø ${formatDecimal(longest, 1)} ${unit}`;
  }
  return null;
}

/** A cornerstone annotation of a reader tool as the region it outlines, in image pixels. */
function annotationRegion(tool: ReaderTool, data: any, imageId: string): ReaderRegion | null {
  if (tool === 'EllipticalROI') {
    const points = (data.handles?.points ?? []) as number[][];
    if (points.length !== 4) return null;
    const [bottom, top, left, right] = points.map((p) => toImage(imageId, p)) as ImagePoint[];
    return { kind: 'ellipse', axes: [top!, bottom!, left!, right!] };
  }
  if (tool === 'PlanarFreehandROI') {
    const points = ((data.contour?.polyline ?? []) as number[][]).map((p) => toImage(imageId, p));
    return points.length >= 3 ? { kind: 'polygon', points } : null;
  }
  const point = data.handles?.points?.[0];
  return point ? { kind: 'point', point: toImage(imageId, point) } : null;
}

/**
 * The text each reader tool writes beside its drawing: the tool's name in the reader's language
 * and its size in mm (cornerstone's own lines are English statistics: area, mean, max, std dev).
 */
function textLines(tool: ReaderTool) {
  return (data: any, targetId?: string): string[] => {
    const imageId = String(targetId ?? '').replace(/^imageId:/, '');
    const name = t(TOOL_LABELS[tool]);
    if (!imageId) return [name];
    try {
      const region = annotationRegion(tool, data, imageId);
      const size = region ? drawingSize(tool, region, imageId) : null;
      return [size ? `${name} · ${size}` : name];
    } catch {
      return [name];
    }
  };
}

/** Gives the reader tools of the tool group our labels (French or English, sizes in mm). */
export function configureReaderTools(toolGroupService: any, toolGroupId = 'default'): boolean {
  const group = toolGroupService?.getToolGroup?.(toolGroupId);
  if (!group) return false;
  for (const tool of Object.keys(READER_TOOLS) as ReaderTool[]) {
    if (group.hasTool?.(tool) === false) continue;
    group.setToolConfiguration(tool, { getTextLines: textLines(tool) });
  }
  return true;
}

/**
 * Saves the reader's revision as started from revision `basedOn` (0: the AI results alone): the
 * bridge refuses it (409) when another revision was saved since, rather than undo that one.
 */
export function saveRevisionFrom(
  api: BridgeApi,
  studyUid: string,
  findings: readonly ReaderFinding[],
  basedOn: number,
): Promise<{ revisionNumber: number }> {
  return api
    .request(
      z.object({ revision: RevisionSchema.pick({ revisionNumber: true }) }),
      'POST',
      `/studies/${encodeURIComponent(studyUid)}/revisions`,
      { findings, basedOn },
    )
    .then((r) => r.revision);
}
