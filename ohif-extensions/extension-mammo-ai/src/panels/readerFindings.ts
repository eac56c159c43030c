/* eslint-disable @typescript-eslint/no-explicit-any */
import type { ImagePoint, ReaderFinding, ReaderRegion } from '@sentinelle/reporting/findings';
import { cornerstone, cornerstoneTools } from '../ohif';

/** The cornerstone tools a reader draws findings with, and the finding type each suggests. */
export const READER_TOOLS = {
  EllipticalROI: 'mass',
  PlanarFreehandROI: 'mass',
  Probe: 'calcifications',
} as const;
type ReaderTool = keyof typeof READER_TOOLS;

/** A reader's drawing, read from cornerstone's annotation state. */
export interface ReaderDrawing {
  readonly annotationUID: string;
  readonly tool: ReaderTool;
  readonly sopInstanceUid: string;
  readonly region: ReaderRegion;
  readonly diameterMm: number | null;
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
      region,
      diameterMm: longestMm(points, spacing(imageId)),
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
