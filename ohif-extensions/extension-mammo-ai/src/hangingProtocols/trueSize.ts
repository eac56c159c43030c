/* eslint-disable @typescript-eslint/no-explicit-any */
import { LOG_TAG } from '../id';
import { cornerstone, type ServicesManager } from '../ohif';
import { CHEST_WALL_ANCHORS, viewportRole } from './getHangingProtocolModule';

/**
 * "1:1" display: one image pixel on one screen (device) pixel, so nothing is interpolated, as
 * mammography workstations offer it beside "fit". The browser does not know the screen's pixel
 * pitch, so a physical 1:1 (10 cm of breast = 10 cm of glass) is not claimed. Each breast keeps its
 * chest wall anchored where the hanging protocol put it; the toggle again fits the whole image.
 */
let active = false;
const listeners = new Set<(on: boolean) => void>();

export function isTrueSize(): boolean {
  return active;
}

export function onTrueSize(listener: (on: boolean) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The whole image, its chest wall anchored as the hanging protocol put it. */
function fittedArea(breast: 'R' | 'L'): Record<string, unknown> {
  const anchor = CHEST_WALL_ANCHORS[breast];
  return {
    storeAsInitialCamera: true,
    imageArea: [1, 1],
    imageCanvasPoint: { imagePoint: [...anchor.imagePoint], canvasPoint: [...anchor.canvasPoint] },
  };
}

/**
 * 1:1 through cornerstone's SCALE display area (scale 1: one image pixel per canvas pixel, the
 * canvas being sized in device pixels), then the chest wall's middle moved to its place on the
 * canvas: cornerstone's own imageCanvasPoint is computed for fitted images and lands off screen
 * at SCALE.
 */
function showTrueSize(viewport: any, breast: 'R' | 'L'): void {
  const { metaData, utilities } = cornerstone();
  viewport.setDisplayArea({ type: 'SCALE', scale: 1 }, true);
  const imageId = viewport.getCurrentImageId();
  const { columns, rows } = metaData.get('imagePixelModule', imageId) ?? {};
  if (!columns || !rows) return;
  const { imagePoint, canvasPoint } = CHEST_WALL_ANCHORS[breast];
  // Pixel centres at integers: the image's outer edges at -0.5 and columns - 0.5.
  const anchor: number[] = utilities.imageToWorldCoords(imageId, [
    imagePoint[0] * columns - 0.5,
    imagePoint[1] * rows - 0.5,
  ]);
  const target: number[] = viewport.canvasToWorld([
    canvasPoint[0] * viewport.element.clientWidth,
    canvasPoint[1] * viewport.element.clientHeight,
  ]);
  const { focalPoint, position } = viewport.getCamera();
  const moved = (point: number[]) => point.map((value, i) => value + anchor[i]! - target[i]!);
  // Without a camera event: the pair's zoom-pan synchronizer would copy this pan onto the other
  // breast, which is anchored on the opposite side.
  const camera = { focalPoint: moved(focalPoint), position: moved(position) };
  if (viewport.setCameraNoEvent) viewport.setCameraNoEvent(camera);
  else viewport.setCamera(camera);
}

/** Applies the current mode to one viewport of the Mammography AI protocol. */
function apply(servicesManager: ServicesManager, viewportId: string): void {
  const { cornerstoneViewportService } = servicesManager.services;
  const viewport = cornerstoneViewportService.getCornerstoneViewport(viewportId);
  const role = viewportRole(viewportId);
  if (!viewport?.getCurrentImageId?.() || !role) return;
  if (active) showTrueSize(viewport, role.breast);
  // Events suppressed for the same reason.
  else viewport.setDisplayArea(fittedArea(role.breast), true);
  viewport.render();
}

function applyToGrid(servicesManager: ServicesManager): void {
  const { viewportGridService } = servicesManager.services;
  for (const id of viewportGridService.getState().viewports.keys()) apply(servicesManager, String(id));
}

export function setTrueSize(servicesManager: ServicesManager, on: boolean): void {
  active = on;
  applyToGrid(servicesManager);
  console.info(LOG_TAG, on ? '1:1 display (one image pixel per screen pixel)' : 'whole image display');
  for (const listener of listeners) listener(on);
}

export function toggleTrueSize(servicesManager: ServicesManager): void {
  setTrueSize(servicesManager, !active);
}

/**
 * How long a viewport's size stays still before 1:1 is applied again: OHIF resizes the canvases and
 * restores each camera's relative zoom on the same resize (at once, or after its own 50 ms queue),
 * which leaves an image pixel on more or fewer than one screen pixel.
 */
const RESIZE_SETTLE_MS = 150;

/**
 * Keeps 1:1 on viewports that get a new image while it is on (a stage change, an image dropped
 * into a viewport) and on viewports whose size changes (a panel opened or closed, the window
 * resized). Returns the undo; `resetTrueSize` turns the mode off for the next study.
 */
export function followTrueSize(servicesManager: ServicesManager): () => void {
  const { cornerstoneViewportService } = servicesManager.services;
  let settle: ReturnType<typeof setTimeout> | undefined;
  const resized =
    typeof ResizeObserver === 'undefined'
      ? undefined
      : new ResizeObserver(() => {
          clearTimeout(settle);
          settle = setTimeout(() => {
            if (active) applyToGrid(servicesManager);
          }, RESIZE_SETTLE_MS);
        });
  const subscription = cornerstoneViewportService.subscribe(
    cornerstoneViewportService.EVENTS.VIEWPORT_DATA_CHANGED,
    ({ viewportId }: { viewportId?: string }) => {
      if (!viewportId) return;
      const element = cornerstoneViewportService.getCornerstoneViewport(viewportId)?.element;
      if (element) resized?.observe(element);
      if (!active) return;
      // After OHIF's own display area is set for the new data.
      requestAnimationFrame(() => apply(servicesManager, viewportId));
    },
  );
  return () => {
    subscription?.unsubscribe?.();
    resized?.disconnect();
    clearTimeout(settle);
  };
}

export function resetTrueSize(): void {
  active = false;
}
