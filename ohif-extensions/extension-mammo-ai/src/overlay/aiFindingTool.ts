import { AI_FINDING_TOOL } from '../id';
import { cornerstoneTools } from '../ohif';
import { overlaySettings } from './overlaySettings';
import { segMasksFor, type SegMask } from './segMasks';

/* eslint-disable @typescript-eslint/no-explicit-any */

/** What an AI lesion annotation carries: image pixels (centres at integers) as in the findings. */
export interface AiFindingData {
  readonly lesionKey: string;
  readonly type: 'mass' | 'calcifications';
  readonly label: string;
  readonly colour: string;
  readonly outline: readonly [number, number][];
  readonly centre: readonly [number, number];
  /** The same points in world coordinates, for drawing. */
  readonly worldOutline: readonly number[][];
  readonly worldCentre: readonly number[];
}

let registered = false;

/**
 * Registers the tool that draws the AI's lesion marks: outline, centre marker, score label, and
 * the SEG mask as a translucent image. It only displays: the AI's marks cannot be edited, the
 * reader's own findings are drawn with cornerstone's measurement tools.
 */
export function registerAiFindingTool(): void {
  if (registered) return;
  const tools = cornerstoneTools();
  const { AnnotationDisplayTool, annotation, drawing } = tools;

  class AiFindingTool extends AnnotationDisplayTool {
    static toolName = AI_FINDING_TOOL;

    constructor(props: any = {}, defaults: any = { supportedInteractionTypes: [], configuration: {} }) {
      super(props, defaults);
    }

    renderAnnotation = (enabledElement: any, svgDrawingHelper: any): boolean => {
      const settings = overlaySettings();
      if (!settings.visible) return false;
      const { viewport } = enabledElement;
      const imageId = viewport.getCurrentImageId?.();
      if (!imageId) return false;
      const all: any[] = annotation.state.getAnnotations(AI_FINDING_TOOL, viewport.element) ?? [];
      const mine = all.filter((a) => a.metadata.referencedImageId === imageId);
      if (settings.segOpacity > 0) {
        segMasksFor(imageId).forEach((mask, index) =>
          drawSegMask(
            svgDrawingHelper,
            `sentinelle-seg-${index}`,
            viewport,
            imageId,
            mask,
            settings.segOpacity,
          ),
        );
      }
      for (const item of mine) {
        const data = item.data as AiFindingData;
        const uid = item.annotationUID;
        const outline = data.worldOutline.map((p) => viewport.worldToCanvas(p));
        drawing.drawPolyline(svgDrawingHelper, uid, 'outline', outline, {
          color: data.colour,
          lineWidth: 2,
          closePath: true,
        });
        const centre = viewport.worldToCanvas(data.worldCentre);
        drawing.drawCircle(svgDrawingHelper, uid, 'centre', centre, 4, {
          color: data.colour,
          fill: data.colour,
        });
        drawing.drawTextBox(svgDrawingHelper, uid, 'label', [data.label], [centre[0] + 10, centre[1] - 10], {
          color: data.colour,
        });
      }
      return mine.length > 0;
    };
  }

  tools.addTool(AiFindingTool);
  registered = true;
}

/**
 * The SEG frame as an SVG image, placed by the affine map from image pixels to canvas (three
 * corners), so it follows zoom, pan, flips and rotation exactly.
 */
function drawSegMask(
  svgDrawingHelper: any,
  uid: string,
  viewport: any,
  imageId: string,
  mask: SegMask,
  opacity: number,
): void {
  const { utilities } = (window as any).cornerstone;
  // Image coordinates have pixel centres at integers: the image's outer corner is at -0.5.
  const corner = (x: number, y: number) =>
    viewport.worldToCanvas(utilities.imageToWorldCoords(imageId, [x - 0.5, y - 0.5]));
  const o = corner(0, 0);
  const u = corner(mask.width, 0);
  const v = corner(0, mask.height);
  const a = (u[0] - o[0]) / mask.width;
  const b = (u[1] - o[1]) / mask.width;
  const c = (v[0] - o[0]) / mask.height;
  const d = (v[1] - o[1]) / mask.height;
  const hash = `${uid}::image::seg`;
  let node = svgDrawingHelper.getSvgNode(hash) as SVGImageElement | undefined;
  if (!node) {
    node = document.createElementNS('http://www.w3.org/2000/svg', 'image');
    node.setAttribute('data-sentinelle', 'seg');
    svgDrawingHelper.appendNode(node, hash);
  } else {
    svgDrawingHelper.setNodeTouched(hash);
  }
  node.setAttribute('href', mask.url);
  node.setAttribute('width', String(mask.width));
  node.setAttribute('height', String(mask.height));
  node.setAttribute('preserveAspectRatio', 'none');
  node.setAttribute('opacity', String(opacity));
  node.setAttribute('style', 'image-rendering: pixelated; pointer-events: none');
  node.setAttribute('transform', `matrix(${a} ${b} ${c} ${d} ${o[0]} ${o[1]})`);
}
