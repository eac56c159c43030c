import { currentLanguage } from './i18n';
import { LOG_TAG } from './id';
import { frenchChrome } from './ohifChromeWords';

/**
 * OHIF's own chrome in French. OHIF 3.13 ships French resources for what it passes through
 * i18next, but its new study list, preview panel, pagination, filters and date formats (ui-next)
 * write English literals no i18next resource reaches. Rather than patch the pinned bundle, this
 * translates exactly those literals (ohifChromeWords.ts) where OHIF puts them on screen: whole text
 * nodes and the attributes a user sees. Anything else is left alone.
 */
const ATTRIBUTES = ['title', 'aria-label', 'placeholder'] as const;

function translateAttribute(element: Element, name: string): void {
  const value = element.getAttribute(name);
  if (value === null) return;
  const french = frenchChrome(value);
  if (french !== null && french !== value) element.setAttribute(name, french);
}

function translateNode(node: Node): void {
  if (node.nodeType === Node.TEXT_NODE) {
    const french = frenchChrome(node.nodeValue ?? '');
    if (french !== null && french !== node.nodeValue) node.nodeValue = french;
    return;
  }
  if (!(node instanceof Element)) return;
  // Typed text is the user's; cornerstone's drawings (SVG) and images (canvas) hold no chrome and
  // change at every frame.
  if (
    node instanceof HTMLTextAreaElement ||
    node instanceof HTMLScriptElement ||
    node instanceof HTMLStyleElement ||
    node instanceof SVGElement ||
    node instanceof HTMLCanvasElement
  )
    return;
  for (const name of ATTRIBUTES) translateAttribute(node, name);
  for (const child of Array.from(node.childNodes)) translateNode(child);
}

let observer: MutationObserver | null = null;

/**
 * In French, translates OHIF's English chrome now and whenever OHIF renders more of it. The
 * observer's callback runs before the browser paints, so the English never shows. English
 * needs nothing: OHIF's chrome is English.
 */
export function startOhifChromeInFrench(): void {
  if (observer || currentLanguage() !== 'fr' || typeof MutationObserver === 'undefined') return;
  document.documentElement.lang = 'fr';
  observer = new MutationObserver((mutations) => {
    for (const mutation of mutations) {
      if (mutation.type === 'characterData') translateNode(mutation.target);
      else if (mutation.type === 'attributes' && mutation.target instanceof Element)
        translateAttribute(mutation.target, mutation.attributeName ?? '');
      else mutation.addedNodes.forEach(translateNode);
    }
  });
  const start = () => {
    translateNode(document.body);
    observer?.observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
      attributeFilter: [...ATTRIBUTES],
    });
    console.info(LOG_TAG, 'OHIF chrome in French');
  };
  if (document.body) start();
  else document.addEventListener('DOMContentLoaded', start, { once: true });
}
