/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Live updates of the worklist: the bridge's event stream (GET /api/events: an analysis of a study
 * of the user's scope changed, a colleague answered, a patient was flagged urgent or no longer)
 * makes the list read the worklist again. OHIF re-queries its study list when the active data
 * source is re-created, which is what `updateDataSourceConfiguration` does with the same
 * configuration.
 */
import { LiveEventSchema, type LiveEvent } from '../api/bridgeApi';
import { LOG_TAG } from '../id';
import { t } from '../i18n';

let source: EventSource | undefined;
let pending: ReturnType<typeof setTimeout> | undefined;
let refresher: (() => void) | undefined;

/** The study list is the page at the root of the app. */
function onWorklist(): boolean {
  return window.location.pathname === '/';
}

/** How to make OHIF's study list read its data source again (set by the data source). */
export function setWorklistRefresher(extensionManager: any, configuration: unknown): void {
  refresher = () => {
    const name = extensionManager.activeDataSourceName;
    if (typeof name === 'string' && onWorklist())
      extensionManager.updateDataSourceConfiguration(name, configuration);
  };
}

/** Reads the list again now (after the user flagged a patient urgent, say). */
export function refreshWorklist(): void {
  clearTimeout(pending);
  pending = undefined;
  refresher?.();
}

/** Several events in a row (a whole batch analysed) make one refresh. */
function refreshSoon(): void {
  clearTimeout(pending);
  pending = setTimeout(refreshWorklist, 400);
}

/** What the user is told, besides the list changing under their eyes. */
function notice(event: LiveEvent): { title: string; message: string } | undefined {
  if (event.type === 'consultation' && event.change === 'answered' && event.mine)
    return { title: t('liveAnswerTitle'), message: t('liveAnswerMessage') };
  if (event.type === 'analysis' && event.status === 'done')
    return { title: t('liveAnalysisTitle'), message: t('liveAnalysisMessage') };
  return undefined;
}

/** Opens the stream once per page; the browser reconnects it when the bridge ends it. */
export function followLiveEvents(apiRoot: string, servicesManager: any): void {
  if (source || typeof EventSource === 'undefined') return;
  source = new EventSource(`${apiRoot}/events`, { withCredentials: true });
  source.onmessage = (message: MessageEvent<string>) => {
    let event: LiveEvent;
    try {
      event = LiveEventSchema.parse(JSON.parse(message.data));
    } catch (error) {
      return console.warn(LOG_TAG, 'unreadable live event:', (error as Error).message);
    }
    if (!onWorklist()) return;
    const shown = notice(event);
    if (shown)
      servicesManager?.services?.uiNotificationService?.show?.({ ...shown, type: 'info', duration: 6000 });
    refreshSoon();
  };
  source.onerror = () => {
    // A 401 or 403 closes the stream for good (the page goes to sign-in on its next call).
    if (source?.readyState === EventSource.CLOSED) source = undefined;
  };
}
