/* eslint-disable @typescript-eslint/no-explicit-any */
import type { ModelView } from '../api/bridgeApi';
import type { SegMask } from './segMasks';

/** A picture laid over a whole image: a SEG frame, or the image as the model saw it. */
export interface ImageLayer {
  readonly url: string;
  /** The picture's own size in pixels. */
  readonly width: number;
  readonly height: number;
  /** The image it covers, corner to corner. */
  readonly imageColumns: number;
  readonly imageRows: number;
}

/** Layers by cornerstone image id, replaced as a whole for each study. */
class LayersByImage<T> {
  private readonly byImageId = new Map<string, T[]>();

  set(items: readonly T[], sopOf: (item: T) => string, imageIdOf: (sop: string) => string | undefined): void {
    this.byImageId.clear();
    for (const item of items) {
      const imageId = imageIdOf(sopOf(item));
      if (imageId) this.byImageId.set(imageId, [...(this.byImageId.get(imageId) ?? []), item]);
    }
  }

  clear(): void {
    this.byImageId.clear();
  }

  for(imageId: string): readonly T[] {
    return this.byImageId.get(imageId) ?? [];
  }
}

export const segLayers = new LayersByImage<SegMask>();
export const modelViewLayers = new LayersByImage<ModelView>();

/** Paint order, back to front: the model's view, then SEG fills, then every mark and label. */
const LAYER_ORDER: Record<string, number> = { 'model-view': 0, seg: 1 };
const layerRank = (node: Element) => LAYER_ORDER[node.getAttribute('data-sentinelle') ?? ''] ?? 2;

function sendBehindMarks(node: SVGImageElement): void {
  const parent = node.parentNode;
  if (!parent) return;
  const rank = layerRank(node);
  const above = [...parent.children].find((child) => child !== node && layerRank(child) > rank);
  if (above) parent.insertBefore(node, above);
}

/**
 * Draws `layer` as an SVG image placed by the affine map from image pixels to canvas (three
 * corners), so it follows zoom, pan, flips and rotation exactly.
 */
export function drawImageLayer(
  svgDrawingHelper: any,
  id: string,
  kind: 'seg' | 'model-view',
  viewport: any,
  imageId: string,
  layer: ImageLayer,
  opacity: number,
): void {
  const { utilities } = (window as any).cornerstone;
  // Image coordinates have pixel centres at integers: the image's outer corner is at -0.5.
  const corner = (x: number, y: number) =>
    viewport.worldToCanvas(utilities.imageToWorldCoords(imageId, [x - 0.5, y - 0.5]));
  const o = corner(0, 0);
  const u = corner(layer.imageColumns, 0);
  const v = corner(0, layer.imageRows);
  const a = (u[0] - o[0]) / layer.width;
  const b = (u[1] - o[1]) / layer.width;
  const c = (v[0] - o[0]) / layer.height;
  const d = (v[1] - o[1]) / layer.height;
  const hash = `${id}::image::${kind}`;
  let node = svgDrawingHelper.getSvgNode(hash) as SVGImageElement | undefined;
  if (!node) {
    node = document.createElementNS('http://www.w3.org/2000/svg', 'image');
    node.setAttribute('data-sentinelle', kind);
    svgDrawingHelper.appendNode(node, hash);
    sendBehindMarks(node);
  } else {
    svgDrawingHelper.setNodeTouched(hash);
  }
  node.setAttribute('href', layer.url);
  node.setAttribute('width', String(layer.width));
  node.setAttribute('height', String(layer.height));
  node.setAttribute('preserveAspectRatio', 'none');
  node.setAttribute('opacity', String(opacity));
  node.setAttribute('style', 'image-rendering: pixelated; pointer-events: none');
  node.setAttribute('transform', `matrix(${a} ${b} ${c} ${d} ${o[0]} ${o[1]})`);
}
