/* eslint-disable @typescript-eslint/no-explicit-any */
import { BridgeApi, type ModelView, type Reading, type Revision, type StudyFindings } from './api/bridgeApi';
import { rejectedMarkKeys } from './examLesions';
import { userMessage } from './i18n';
import { LOG_TAG } from './id';
import type { ServicesManager } from './ohif';
import { imageIdsBySop, placeAiAnnotations, removeAiAnnotations, renderAll } from './overlay/aiOverlay';
import { modelViewLayers, segLayers } from './overlay/imageLayers';
import { resetReaderMarks, updateReaderMarks } from './overlay/readerMarks';
import { loadSegMasks, type SegMask } from './overlay/segMasks';
import { configureReaderTools, placeReaderDrawings } from './panels/readerFindings';

/** What the viewer knows of the open study's AI results; the panel and the overlay share it. */
export interface StudySessionState {
  readonly studyInstanceUid: string | null;
  readonly loading: boolean;
  readonly findings: StudyFindings | null;
  readonly error: string | null;
  /** AI lesion marks currently in cornerstone's annotation state. */
  readonly placedMarks: number;
  /**
   * The study's latest reader revision (the newest number), with its findings: where the reader's
   * drawings come back from and where her next revision starts. Null before the first.
   */
  readonly latestRevision: Revision | null;
}

const EMPTY: StudySessionState = {
  studyInstanceUid: null,
  loading: false,
  findings: null,
  error: null,
  placedMarks: 0,
  latestRevision: null,
};
let state: StudySessionState = EMPTY;
let masks: SegMask[] = [];
/** The images as the model saw them, fetched the first time the reader asks (null: not yet). */
let modelViews: ModelView[] | null = null;
const listeners = new Set<(value: StudySessionState) => void>();
let unsubscribers: (() => void)[] = [];
/** The revision whose drawings are on screen (put back once per study session). */
let drawingsPlacedFrom: number | null = null;
let sessionServices: ServicesManager | null = null;
let sessionApi: BridgeApi | null = null;

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
  const { displaySetService, toolGroupService } = servicesManager.services;
  sessionServices = servicesManager;
  if (!configureReaderTools(toolGroupService))
    console.warn(LOG_TAG, 'no "default" tool group: the reader tools keep cornerstone’s labels');
  const place = () => {
    if (!state.findings) return;
    const imageIds = imageIdsBySop(servicesManager);
    if (imageIds.size === 0) return;
    set({ placedMarks: placeAiAnnotations(servicesManager, state.findings, masks) });
    placeLatestDrawings();
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
    sessionApi = api;
    const [findings, reading] = await Promise.all([
      api.findings(studyUid),
      api.reading(studyUid).catch((error: Error) => {
        console.warn(LOG_TAG, 'the reading of the study is unavailable:', error.message);
        return null;
      }),
    ]);
    if (state.studyInstanceUid !== studyUid) return;
    masks = findings
      ? await loadSegMasks(wadoRoot, findings).catch((error: Error) => {
          console.warn(LOG_TAG, 'SEG overlay unavailable:', error.message);
          return [];
        })
      : [];
    set({ findings, loading: false });
    if (reading) applyReading(reading);
    place();
  } catch (error) {
    console.error(LOG_TAG, 'AI findings unavailable', error);
    set({ loading: false, error: userMessage(error) });
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

/** The reader's latest decision (which marks she rejected) and revision, from the study's reading. */
function applyReading(reading: Reading): void {
  const latestRevision =
    [...reading.revisions].sort((a, b) => b.revisionNumber - a.revisionNumber)[0] ?? null;
  set({ latestRevision });
  if (state.findings) updateReaderMarks({ recorded: rejectedMarkKeys(state.findings.findings, reading) });
  placeLatestDrawings();
  renderAll();
}

/** Puts the latest revision's own drawings on screen, once per session, when its images are known. */
function placeLatestDrawings(): void {
  const revision = state.latestRevision;
  if (!revision || !sessionServices || drawingsPlacedFrom === revision.revisionNumber) return;
  const imageIds = imageIdsBySop(sessionServices);
  if (imageIds.size === 0) return;
  placeReaderDrawings(revision.revisionNumber, revision.findings ?? [], (sop) => imageIds.get(sop));
  drawingsPlacedFrom = revision.revisionNumber;
  renderAll();
}

/** Reads the study's reading again (after the reader recorded a decision): the overlay follows it. */
export async function refreshReading(): Promise<void> {
  const studyUid = state.studyInstanceUid;
  if (!studyUid || !sessionApi) return;
  const reading = await sessionApi.reading(studyUid);
  if (state.studyInstanceUid !== studyUid) return;
  applyReading(reading);
}

/**
 * Says that the reader's drawings on screen are those of revision `revisionNumber`, which she has
 * just saved from them: they are not put back a second time.
 */
export function drawingsSavedAs(revisionNumber: number): void {
  drawingsPlacedFrom = revisionNumber;
}

export function closeStudySession(): void {
  for (const unsubscribe of unsubscribers) unsubscribe();
  unsubscribers = [];
  drawingsPlacedFrom = null;
  sessionServices = null;
  sessionApi = null;
  resetReaderMarks();
  masks = [];
  modelViews = null;
  segLayers.clear();
  modelViewLayers.clear();
  if ((window as any).cornerstoneTools) removeAiAnnotations();
  set(EMPTY);
}
