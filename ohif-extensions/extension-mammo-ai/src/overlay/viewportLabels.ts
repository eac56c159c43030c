/* eslint-disable @typescript-eslint/no-explicit-any */
import { viewportRole } from '../hangingProtocols/getHangingProtocolModule';
import { isTrueSize } from '../hangingProtocols/trueSize';
import { formatStudyDate, t } from '../hangingProtocols/viewingStrings';
import type { ServicesManager } from '../ohif';

const SEPARATOR = ' · ';

/** SNOMED CT view codes (View Code Sequence) of the two screening views. */
const VIEW_CODES: Record<string, 'CC' | 'MLO'> = { '399162004': 'CC', '399368009': 'MLO' };

/** What one viewport pane shows: its label, or the message of an empty viewport. */
export interface ViewportCaption {
  readonly viewportId: string;
  /** The breast and view ("CC droite"), then what else is worth knowing (the exam's date, 1:1). */
  readonly label: string;
  readonly parts: readonly string[];
  readonly laterality: 'R' | 'L';
  readonly view: 'CC' | 'MLO';
  readonly prior: boolean;
  readonly studyDate: string | null;
  /** Set when the viewport holds no image: why. */
  readonly empty: string | null;
}

interface Study {
  readonly uid: string;
  readonly date: string | undefined;
}

function instanceOf(displaySet: any): any {
  return displaySet?.instance ?? displaySet?.instances?.[0];
}

/** The breast and view an image shows, from its own attributes (the viewport's role as fallback). */
function imageRole(instance: any, fallback: { breast: 'R' | 'L'; view: 'CC' | 'MLO' }) {
  const laterality = String(instance?.ImageLaterality ?? instance?.Laterality ?? '').toUpperCase();
  const code = instance?.ViewCodeSequence?.[0]?.CodeValue;
  const position = String(instance?.ViewPosition ?? '').toUpperCase();
  const view = VIEW_CODES[code] ?? (position === 'CC' || position === 'MLO' ? position : fallback.view);
  return {
    breast: laterality === 'R' || laterality === 'L' ? (laterality as 'R' | 'L') : fallback.breast,
    view: view as 'CC' | 'MLO',
  };
}

/**
 * The captions of the viewports of the Mammography AI protocol, in grid order: each image named
 * by breast and view ("CC droite", "RMLO"), with the exam's date where current and prior are on
 * screen; an empty viewport says what is missing ("Pas d'incidence CC dans cet examen", "Pas
 * d'examen antérieur"). Viewports of other protocols get none (null).
 */
export function viewportCaptions(servicesManager: ServicesManager): (ViewportCaption | null)[] {
  const { viewportGridService, displaySetService, hangingProtocolService } = servicesManager.services;
  const viewports: any[] = [...(viewportGridService.getState().viewports?.values?.() ?? [])];
  const studies = new Map<string, Study>();
  for (const displaySet of displaySetService.getActiveDisplaySets() ?? []) {
    const instance = instanceOf(displaySet);
    if (displaySet.StudyInstanceUID && !studies.has(displaySet.StudyInstanceUID)) {
      studies.set(displaySet.StudyInstanceUID, {
        uid: displaySet.StudyInstanceUID,
        date: instance?.StudyDate ?? displaySet.StudyDate,
      });
    }
  }
  const current: string | undefined =
    hangingProtocolService.getActiveProtocol?.()?.activeStudy?.StudyInstanceUID ??
    hangingProtocolService.getState?.()?.activeStudyUID ??
    [...studies.keys()][0];
  const prior = [...studies.values()].find((study) => study.uid !== current);
  const comparing = viewports.some((vp) => viewportRole(vp.viewportOptions?.viewportId ?? '')?.prior);
  return viewports.map((vp) => {
    const viewportId: string = vp.viewportOptions?.viewportId ?? '';
    const role = viewportRole(viewportId);
    if (!role) return null;
    const displaySet = vp.displaySetInstanceUIDs?.[0]
      ? displaySetService.getDisplaySetByUID(vp.displaySetInstanceUIDs[0])
      : undefined;
    const instance = instanceOf(displaySet);
    const { breast, view } = instance ? imageRole(instance, role) : role;
    const study = instance ? studies.get(displaySet.StudyInstanceUID) : undefined;
    const studyDate: string | null = instance ? (instance.StudyDate ?? study?.date ?? null) : null;
    const parts = [t(`view.${view}.${breast}`)];
    if (instance && (role.prior || comparing)) {
      parts.push(
        t(role.prior ? 'view.prior' : 'view.current', { date: formatStudyDate(studyDate ?? undefined) }),
      );
    }
    if (instance && isTrueSize()) parts.push(t('view.trueSize'));
    const viewName = t(`view.name.${role.view}`);
    // A prior without this view: which breast and view it lacks, and which exam it is.
    const empty = instance
      ? null
      : role.prior
        ? prior
          ? t('view.missingInPrior', {
              view: t(`view.${role.view}.${role.breast}`),
              date: formatStudyDate(prior.date),
            })
          : t('view.noPrior')
        : t('view.missing', { view: viewName });
    return {
      viewportId,
      label: parts.join(SEPARATOR),
      parts,
      laterality: breast,
      view,
      prior: role.prior,
      studyDate,
      empty,
    };
  });
}

const LABEL_STYLE =
  'position:absolute;top:6px;z-index:5;pointer-events:none;padding:2px 8px;border-radius:4px;' +
  'max-width:calc(100% - 12px);white-space:nowrap;overflow:hidden;text-overflow:ellipsis;' +
  'background:rgba(0,0,0,0.7);color:#fff;font:600 15px/1.4 system-ui,sans-serif;letter-spacing:0.02em;';
const DETAILS_STYLE = 'display:block;font-weight:400;font-size:13px;color:#e2e8f0;';
const EMPTY_STYLE =
  'position:absolute;inset:0;z-index:4;pointer-events:none;display:flex;align-items:center;' +
  'justify-content:center;padding:12px;text-align:center;color:#cbd5e1;font:500 16px/1.4 system-ui,sans-serif;';

/** Our node of `kind` in `pane`, created on first use. */
function nodeIn(pane: Element, kind: 'viewport-label' | 'viewport-empty', style: string): HTMLElement {
  let node = pane.querySelector<HTMLElement>(`:scope > [data-testid="${kind}"]`);
  if (!node) {
    node = document.createElement('div');
    node.setAttribute('data-testid', kind);
    node.setAttribute('style', style);
    pane.appendChild(node);
  }
  return node;
}

function setAttributes(node: HTMLElement, attributes: Record<string, string>): void {
  for (const [name, value] of Object.entries(attributes)) {
    if (node.getAttribute(name) !== value) node.setAttribute(name, value);
  }
}

/**
 * The view on the first line, the details smaller on a second one; the text reads as one line
 * ("OML droite · antérieur du 12/03/2024") for assistive technology and tests.
 */
function writeLabel(node: HTMLElement, parts: readonly string[]): void {
  const text = parts.join(SEPARATOR);
  if (node.textContent === text) return;
  const [view, ...details] = parts;
  node.replaceChildren(document.createTextNode(view ?? ''));
  if (details.length) {
    const line = document.createElement('span');
    line.setAttribute('style', DETAILS_STYLE);
    const separator = document.createElement('span');
    separator.setAttribute('style', 'display:none');
    separator.textContent = SEPARATOR;
    line.append(separator, document.createTextNode(details.join(SEPARATOR)));
    node.append(line);
  }
  node.setAttribute('aria-label', text);
}

function removeIn(pane: Element, kind: string): void {
  pane.querySelector(`:scope > [data-testid="${kind}"]`)?.remove();
}

/** Writes the captions into OHIF's viewport panes (one per grid viewport, in grid order). */
function drawCaptions(servicesManager: ServicesManager): void {
  const panes = document.querySelectorAll('[data-cy="viewport-pane"]');
  const captions = viewportCaptions(servicesManager);
  // React has not drawn the new grid yet: the next DOM change calls again.
  if (panes.length !== captions.length) return;
  captions.forEach((caption, index) => {
    const pane = panes[index]!;
    if (!caption) {
      removeIn(pane, 'viewport-label');
      removeIn(pane, 'viewport-empty');
      return;
    }
    const label = nodeIn(pane, 'viewport-label', LABEL_STYLE);
    // On the side away from the chest wall, over air rather than breast.
    label.style.left = caption.laterality === 'R' ? '6px' : '';
    label.style.right = caption.laterality === 'L' ? '6px' : '';
    label.style.opacity = caption.empty ? '0.6' : '1';
    setAttributes(label, {
      'data-viewport-id': caption.viewportId,
      'data-laterality': caption.laterality,
      'data-view': caption.view,
      'data-prior': String(caption.prior),
      'data-study-date': caption.studyDate ?? '',
    });
    writeLabel(label, caption.parts);
    if (caption.empty) {
      const message = nodeIn(pane, 'viewport-empty', EMPTY_STYLE);
      setAttributes(message, { 'data-viewport-id': caption.viewportId });
      if (message.textContent !== caption.empty) message.textContent = caption.empty;
    } else {
      removeIn(pane, 'viewport-empty');
    }
  });
}

/**
 * Keeps a label in each viewport of the Mammography AI protocol, and a message in each empty one,
 * as the grid, its display sets and OHIF's DOM change (React redraws panes on a stage change).
 * Returns the function that takes them away.
 */
export function mountViewportLabels(servicesManager: ServicesManager): () => void {
  const { viewportGridService, displaySetService } = servicesManager.services;
  let frame = 0;
  const schedule = () => {
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      drawCaptions(servicesManager);
    });
  };
  const observer = new MutationObserver(schedule);
  observer.observe(document.body, { childList: true, subtree: true });
  const subscriptions = [
    viewportGridService.subscribe(viewportGridService.EVENTS.GRID_STATE_CHANGED, schedule),
    viewportGridService.subscribe(viewportGridService.EVENTS.LAYOUT_CHANGED, schedule),
    displaySetService.subscribe(displaySetService.EVENTS.DISPLAY_SETS_ADDED, schedule),
    displaySetService.subscribe(displaySetService.EVENTS.DISPLAY_SETS_CHANGED, schedule),
  ];
  schedule();
  return () => {
    observer.disconnect();
    cancelAnimationFrame(frame);
    for (const subscription of subscriptions) subscription?.unsubscribe?.();
    for (const node of document.querySelectorAll(
      '[data-testid="viewport-label"], [data-testid="viewport-empty"]',
    ))
      node.remove();
  };
}

/** Redraws the captions now (after a change they do not observe, such as the 1:1 toggle). */
export function refreshViewportLabels(servicesManager: ServicesManager): void {
  drawCaptions(servicesManager);
}
