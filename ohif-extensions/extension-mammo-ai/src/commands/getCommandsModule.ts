/* eslint-disable @typescript-eslint/no-explicit-any */
import { LOG_TAG, MODULE_IDS } from '../id';
import type { ExtensionParams } from '../ohif';
import { cornerstone, cornerstoneTools } from '../ohif';
import { renderAll } from '../overlay/aiOverlay';
import { overlaySettings, updateOverlaySettings } from '../overlay/overlaySettings';
import { loadModelViews, studySession } from '../studySession';

/**
 * Commands of the mammography workspace: AI overlay on/off, SEG opacity, the images as the model
 * saw them, jumping to a lesion (the viewport holding its image becomes active and centres on it,
 * its pair following mirrored),
 * and opening the report panel.
 */
/** A viewport of the grid with the image it shows: SOP Instance, breast and projection (CC, MLO). */
interface ShownViewport {
  readonly id: string;
  readonly viewport: any;
  readonly sop: string | undefined;
  readonly laterality: string | undefined;
  readonly projection: string | undefined;
}

/** Moves the image on the viewport's canvas by (dx, dy) pixels: the camera moves the other way. */
function shiftImage(viewport: any, dx: number, dy: number): void {
  if (dx === 0 && dy === 0) return;
  const element = viewport.element as HTMLElement;
  const centre = [element.clientWidth / 2, element.clientHeight / 2];
  const from = viewport.canvasToWorld(centre) as number[];
  const to = viewport.canvasToWorld([centre[0]! - dx, centre[1]! - dy]) as number[];
  const delta = [0, 1, 2].map((i) => to[i]! - from[i]!);
  const camera = viewport.getCamera();
  viewport.setCamera({
    focalPoint: camera.focalPoint.map((v: number, i: number) => v + delta[i]!),
    position: camera.position.map((v: number, i: number) => v + delta[i]!),
  });
  viewport.render();
}

/** Runs `change` with cornerstone's synchronizers (zoom/pan of a row) off, then turns them on again. */
function withoutSynchronizers(change: () => void): void {
  const manager = cornerstoneTools().SynchronizerManager;
  const enabled = ((manager?.getAllSynchronizers?.() ?? []) as any[]).filter((s) => !s.isDisabled?.());
  enabled.forEach((s) => s.setEnabled(false));
  try {
    change();
  } finally {
    enabled.forEach((s) => s.setEnabled(true));
  }
}

export function getCommandsModule({ servicesManager, extensionManager }: ExtensionParams) {
  const { viewportGridService, cornerstoneViewportService, panelService } = servicesManager.services;

  /** The grid's viewports that show an image, with what the image is. */
  const shownViewports = (): ShownViewport[] => {
    const { metaData } = cornerstone();
    const shown: ShownViewport[] = [];
    for (const [id] of viewportGridService.getState().viewports as Map<string, unknown>) {
      const viewport = cornerstoneViewportService.getCornerstoneViewport(id);
      const imageId = viewport?.getCurrentImageId?.();
      if (!imageId) continue;
      const instance = metaData.get('instance', imageId) ?? {};
      const view = instance.ViewCodeSequence?.[0]?.CodeValue as string | undefined;
      shown.push({
        id,
        viewport,
        sop:
          metaData.get('generalImageModule', imageId)?.sopInstanceUid ??
          metaData.get('sopCommonModule', imageId)?.sopInstanceUID ??
          instance.SOPInstanceUID,
        laterality: instance.ImageLaterality ?? instance.Laterality,
        projection: view ?? instance.ViewPosition,
      });
    }
    return shown;
  };

  const actions = {
    sentinelleToggleAiOverlay: ({ visible }: { visible?: boolean } = {}) => {
      updateOverlaySettings({ visible: visible ?? !overlaySettings().visible });
      renderAll();
    },
    sentinelleSetSegOpacity: ({ opacity }: { opacity: number }) => {
      if (typeof opacity !== 'number' || Number.isNaN(opacity)) {
        console.warn(LOG_TAG, 'sentinelleSetSegOpacity needs a number, got', opacity);
        return;
      }
      updateOverlaySettings({ segOpacity: opacity });
      renderAll();
    },
    /** Shows (or hides) the images as the model saw them; resolves to how many images have one. */
    sentinelleToggleModelView: async ({ shown }: { shown?: boolean } = {}): Promise<number> => {
      const { modelView } = updateOverlaySettings({ modelView: shown ?? !overlaySettings().modelView });
      const count = modelView
        ? await loadModelViews(servicesManager, extensionManager).catch((error: Error) => {
            console.warn(LOG_TAG, 'the images as the model saw them are unavailable:', error.message);
            return 0;
          })
        : 0;
      renderAll();
      return count;
    },
    /**
     * Centres the lesion's mark in the viewport showing its image, and moves the other viewports
     * of the same projection with it as a radiologist's hanging wants: the same breast by the same
     * shift, the other breast by its mirror (horizontal shift reversed), so that the pair stays
     * back to back and each viewport keeps showing the matching region of its breast. The viewports'
     * own pan synchronisation (which shifts every viewport the same way) is held off meanwhile.
     * Returns the viewport id it centred, or null when no viewport shows the lesion's image.
     */
    sentinelleJumpToLesion: ({ lesionKey }: { lesionKey: string }): string | null => {
      const session = studySession();
      const [sop, lesionId] = String(lesionKey).split(':');
      const image = session.findings?.findings.images.find((i) => i.imageRef.sopInstanceUid === sop);
      const lesion = image?.lesions.find((l) => l.id === lesionId);
      if (!image || !lesion) {
        console.warn(LOG_TAG, 'no such AI lesion', lesionKey);
        return null;
      }
      const shown = shownViewports();
      const target = shown.find((v) => v.sop === sop);
      if (!target) return null;
      const imageId = target.viewport.getCurrentImageId();
      const world = cornerstone().utilities.imageToWorldCoords(imageId, [lesion.centre.x, lesion.centre.y]);
      const [x, y] = target.viewport.worldToCanvas(world) as number[];
      const element = target.viewport.element as HTMLElement;
      // How far the image must move on the canvas for the lesion to sit at the centre.
      const shift = [element.clientWidth / 2 - x!, element.clientHeight / 2 - y!] as const;
      withoutSynchronizers(() => {
        for (const other of shown) {
          if (other.projection !== target.projection) continue;
          const mirrored = other.laterality !== target.laterality;
          shiftImage(other.viewport, mirrored ? -shift[0] : shift[0], shift[1]);
        }
      });
      viewportGridService.setActiveViewportId(target.id);
      return target.id;
    },
    sentinelleOpenReport: () => {
      panelService.activatePanel(MODULE_IDS.reportPanel, true);
    },
  };

  return {
    actions,
    definitions: {
      sentinelleToggleAiOverlay: { commandFn: actions.sentinelleToggleAiOverlay },
      sentinelleSetSegOpacity: { commandFn: actions.sentinelleSetSegOpacity },
      sentinelleToggleModelView: { commandFn: actions.sentinelleToggleModelView },
      sentinelleJumpToLesion: { commandFn: actions.sentinelleJumpToLesion },
      sentinelleOpenReport: { commandFn: actions.sentinelleOpenReport },
    },
    defaultContext: 'CORNERSTONE',
  };
}
