/* eslint-disable @typescript-eslint/no-explicit-any */
import { BridgeApi, type ModelView, type StudyFindings } from './api/bridgeApi';
import { LOG_TAG } from './id';
import type { ServicesManager } from './ohif';
import { imageIdsBySop, placeAiAnnotations, removeAiAnnotations } from './overlay/aiOverlay';
import { modelViewLayers, segLayers } from './overlay/imageLayers';
import { loadSegMasks, type SegMask } from './overlay/segMasks';

/** What the viewer knows of the open study's AI results; the panel and the overlay share it. */
export interface StudySessionState {
  readonly studyInstanceUid: string | null;
  readonly loading: boolean;
  readonly findings: StudyFindings | null;
  readonly error: string | null;
  /** AI lesion marks currently in cornerstone's annotation state. */
  readonly placedMarks: number;
}

const EMPTY: StudySessionState = {
  studyInstanceUid: null,
  loading: false,
  findings: null,
  error: null,
  placedMarks: 0,
};
let state: StudySessionState = EMPTY;
let masks: SegMask[] = [];
/** The images as the model saw them, fetched the first time the reader asks (null: not yet). */
let modelViews: ModelView[] | null = null;
const listeners = new Set<(value: StudySessionState) => void>();
let unsubscribers: (() => void)[] = [];

function set(change: Partial<StudySessionState>): void {
  state = { ...state, ...change };
  for (const listener of listeners) listener(state);
}

export function studySession(): StudySessionState {
  return state;
}

export function onStudySession(listener: (value: StudySessionState) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The bridge API and DICOMweb roots from the active data source's configuration. */
export function apiRoots(extensionManager: any): { api: BridgeApi; qidoRoot: string; wadoRoot: string } {
  const configuration = extensionManager.getActiveDataSource?.()[0]?.getConfig?.() ?? {};
  const origin = window.location.origin;
  return {
    api: new BridgeApi(String(configuration.bridgeApiRoot ?? `${origin}/api`)),
    qidoRoot: String(configuration.qidoRoot ?? `${origin}/dicom-web`),
    wadoRoot: String(configuration.wadoRoot ?? `${origin}/dicom-web`),
  };
}

/**
 * Opens the AI results of a study: fetches the findings and SEG masks, and places the marks as
 * soon as the study's images are known to OHIF (and again whenever display sets change).
 */
export async function openStudySession(
  servicesManager: ServicesManager,
  extensionManager: any,
  studyUid: string,
): Promise<void> {
  closeStudySession();
  set({ ...EMPTY, studyInstanceUid: studyUid, loading: true });
  const { displaySetService } = servicesManager.services;
  const place = () => {
    if (!state.findings) return;
    const imageIds = imageIdsBySop(servicesManager);
    if (imageIds.size === 0) return;
    set({ placedMarks: placeAiAnnotations(servicesManager, state.findings, masks) });
    if (modelViews) placeModelViews(servicesManager, modelViews);
  };
  for (const event of [
    displaySetService.EVENTS.DISPLAY_SETS_ADDED,
    displaySetService.EVENTS.DISPLAY_SETS_CHANGED,
  ]) {
    if (event) unsubscribers.push(displaySetService.subscribe(event, place).unsubscribe);
  }
  try {
    const { api, wadoRoot } = apiRoots(extensionManager);
    const findings = await api.findings(studyUid);
    if (state.studyInstanceUid !== studyUid) return;
    masks = findings
      ? await loadSegMasks(wadoRoot, findings).catch((error: Error) => {
          console.warn(LOG_TAG, 'SEG overlay unavailable:', error.message);
          return [];
        })
      : [];
    set({ findings, loading: false });
    place();
  } catch (error) {
    console.error(LOG_TAG, 'AI findings unavailable', error);
    set({ loading: false, error: (error as Error).message });
  }
}

/**
 * Makes the images as the model saw them ready to draw (fetched once per study); returns how many
 * of the study's images have one.
 */
export async function loadModelViews(
  servicesManager: ServicesManager,
  extensionManager: any,
): Promise<number> {
  const studyUid = state.studyInstanceUid;
  if (!studyUid) return 0;
  if (!modelViews) {
    const views = (await apiRoots(extensionManager).api.modelViews(studyUid)) ?? [];
    if (state.studyInstanceUid !== studyUid) return 0;
    modelViews = views;
  }
  return placeModelViews(servicesManager, modelViews);
}

function placeModelViews(servicesManager: ServicesManager, views: readonly ModelView[]): number {
  const imageIds = imageIdsBySop(servicesManager);
  modelViewLayers.set(
    views,
    (view) => view.sopInstanceUid,
    (sop) => imageIds.get(sop),
  );
  return views.filter((view) => imageIds.has(view.sopInstanceUid)).length;
}

export function closeStudySession(): void {
  for (const unsubscribe of unsubscribers) unsubscribe();
  unsubscribers = [];
  masks = [];
  modelViews = null;
  segLayers.clear();
  modelViewLayers.clear();
  if ((window as any).cornerstoneTools) removeAiAnnotations();
  set(EMPTY);
}
