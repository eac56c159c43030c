import { LOG_TAG, MODULE_IDS } from '../id';
import type { ExtensionParams } from '../ohif';
import { cornerstone } from '../ohif';
import { renderAll } from '../overlay/aiOverlay';
import { overlaySettings, updateOverlaySettings } from '../overlay/overlaySettings';
import { loadModelViews, studySession } from '../studySession';

/**
 * Commands of the mammography workspace: AI overlay on/off, SEG opacity, the images as the model
 * saw them, jumping to a lesion (the viewport holding its image becomes active and centres on it),
 * and opening the report panel.
 */
export function getCommandsModule({ servicesManager, extensionManager }: ExtensionParams) {
  const { viewportGridService, cornerstoneViewportService, panelService } = servicesManager.services;

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
    /** Returns the viewport id it centred, or null when no viewport shows the lesion's image. */
    sentinelleJumpToLesion: ({ lesionKey }: { lesionKey: string }): string | null => {
      const session = studySession();
      const [sop, lesionId] = String(lesionKey).split(':');
      const image = session.findings?.findings.images.find((i) => i.imageRef.sopInstanceUid === sop);
      const lesion = image?.lesions.find((l) => l.id === lesionId);
      if (!image || !lesion) {
        console.warn(LOG_TAG, 'no such AI lesion', lesionKey);
        return null;
      }
      for (const [viewportId] of viewportGridService.getState().viewports as Map<string, unknown>) {
        const viewport = cornerstoneViewportService.getCornerstoneViewport(viewportId);
        const imageId = viewport?.getCurrentImageId?.();
        if (!imageId || viewport.getImageIds?.().length === undefined) continue;
        const shownSop =
          cornerstone().metaData.get('generalImageModule', imageId)?.sopInstanceUid ??
          cornerstone().metaData.get('sopCommonModule', imageId)?.sopInstanceUID;
        if (shownSop !== sop) continue;
        const world = cornerstone().utilities.imageToWorldCoords(imageId, [lesion.centre.x, lesion.centre.y]);
        const camera = viewport.getCamera();
        const delta = [0, 1, 2].map((i) => world[i] - camera.focalPoint[i]);
        viewport.setCamera({
          focalPoint: camera.focalPoint.map((v: number, i: number) => v + delta[i]!),
          position: camera.position.map((v: number, i: number) => v + delta[i]!),
        });
        viewport.render();
        viewportGridService.setActiveViewportId(viewportId);
        return viewportId;
      }
      return null;
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
