import { t } from '../i18n';
import { AI_FINDING_TOOL } from '../id';
import { cornerstoneTools } from '../ohif';
import { drawImageLayer, modelViewLayers, segLayers } from './imageLayers';
import { overlaySettings } from './overlaySettings';
import { isRejected, readerMarks } from './readerMarks';

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
 * Registers the tool that draws the AI's lesion marks (outline, centre marker, score label), the
 * SEG mask as a translucent image, and, when asked, the image as the model saw it underneath them.
 * It only displays: the AI's marks cannot be edited, the reader's own findings are drawn with
 * cornerstone's measurement tools.
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
      const { viewport } = enabledElement;
      const imageId = viewport.getCurrentImageId?.();
      if (!imageId) return false;
      const modelViews = settings.modelView ? modelViewLayers.for(imageId) : [];
      modelViews.forEach((view, index) =>
        drawImageLayer(
          svgDrawingHelper,
          `sentinelle-model-view-${index}`,
          'model-view',
          viewport,
          imageId,
          view,
          1,
        ),
      );
      if (!settings.visible) return modelViews.length > 0;
      const all: any[] = annotation.state.getAnnotations(AI_FINDING_TOOL, viewport.element) ?? [];
      const onImage = all.filter((a) => a.metadata.referencedImageId === imageId);
      // The reader's word wins: a mark she rejected is hidden, or dimmed when she asks to see them.
      const marks = readerMarks();
      const mine = onImage.filter(
        (a) => marks.showRejected || !isRejected((a.data as AiFindingData).lesionKey, marks),
      );
      if (settings.segOpacity > 0) {
        segLayers.for(imageId).forEach((mask, index) => {
          // A SEG frame holds every mark of one type on the image: it goes with them when all are rejected.
          const type = mask.segmentLabel.toLowerCase();
          const ofType = onImage.filter((a) => (a.data as AiFindingData).type === type);
          const allRejected =
            ofType.length > 0 && ofType.every((a) => isRejected((a.data as AiFindingData).lesionKey, marks));
          if (allRejected && !marks.showRejected) return;
          drawImageLayer(
            svgDrawingHelper,
            `sentinelle-seg-${index}`,
            'seg',
            viewport,
            imageId,
            mask,
            allRejected ? settings.segOpacity * 0.4 : settings.segOpacity,
          );
        });
      }
      for (const item of mine) {
        const data = item.data as AiFindingData;
        const uid = item.annotationUID;
        const rejected = isRejected(data.lesionKey, marks);
        const colour = rejected ? REJECTED_COLOUR : data.colour;
        const outline = data.worldOutline.map((p) => viewport.worldToCanvas(p));
        drawing.drawPolyline(svgDrawingHelper, uid, 'outline', outline, {
          color: colour,
          lineWidth: rejected ? 1 : 2,
          lineDash: rejected ? '4,4' : '',
          closePath: true,
        });
        const centre = viewport.worldToCanvas(data.worldCentre);
        drawing.drawCircle(svgDrawingHelper, uid, 'centre', centre, rejected ? 2 : 4, {
          color: colour,
          fill: colour,
        });
        const label = rejected ? `${data.label} (${t('rejectedMark')})` : data.label;
        drawing.drawTextBox(svgDrawingHelper, uid, 'label', [label], labelPosition(centre, viewport), {
          color: colour,
        });
        markOutline(svgDrawingHelper, uid, data.lesionKey, rejected);
      }
      return modelViews.length > 0 || mine.length > 0;
    };
  }

  tools.addTool(AiFindingTool);
  registered = true;
}

/** A rejected mark, when shown at all: grey, thin, dashed. */
const REJECTED_COLOUR = 'rgba(170, 170, 170, 0.6)';

/** Names the outline node's mark and whether it is dimmed, for tests and stylesheets. */
function markOutline(svgDrawingHelper: any, uid: string, lesionKey: string, rejected: boolean): void {
  const node = svgDrawingHelper.getSvgNode?.(`${uid}::polyline::outline`) as SVGElement | undefined;
  node?.setAttribute('data-lesion-key', lesionKey);
  node?.setAttribute('data-rejected', String(rejected));
}

/** Beside the centre marker, but kept inside the viewport so a lesion near an edge stays named. */
const LABEL_BOX = { width: 150, height: 44 };
function labelPosition(centre: number[], viewport: any): [number, number] {
  const { clientWidth, clientHeight } = viewport.element as HTMLElement;
  const x = Math.max(0, Math.min(centre[0]! + 10, clientWidth - LABEL_BOX.width));
  const y = Math.max(0, Math.min(centre[1]! - 10, clientHeight - LABEL_BOX.height));
  return [x, y];
}
