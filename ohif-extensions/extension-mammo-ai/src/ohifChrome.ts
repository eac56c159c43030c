import { currentLanguage } from './i18n';
import { LOG_TAG } from './id';
import { CALENDAR_FRENCH, CALENDAR_SELECTOR, englishChrome, frenchChrome } from './ohifChromeWords';

/**
 * OHIF's own chrome in French. OHIF 3.13 ships French resources for what it passes through
 * i18next, but its new study list, preview panel, pagination, filters and date formats (ui-next)
 * write English literals no i18next resource reaches. Rather than patch the pinned bundle, this
 * translates exactly those literals (ohifChromeWords.ts) where OHIF puts them on screen: whole text
 * nodes and the attributes a user sees. Anything else is left alone. In English, only what OHIF
 * miswrites (an error title ending in "false.") is written as meant.
 */
const ATTRIBUTES = ['title', 'aria-label', 'placeholder'] as const;

/** The chrome's text in the page's language, or null when it needs nothing. */
let chrome: (text: string) => string | null = frenchChrome;

function translateAttribute(element: Element, name: string): void {
  const value = element.getAttribute(name);
  if (value === null) return;
  const written = chrome(value);
  if (written !== null && written !== value) element.setAttribute(name, written);
}

/** The calendar's month names, in a text node inside the calendar only. */
function frenchCalendarWord(node: Node): string | null {
  const text = node.nodeValue?.trim() ?? '';
  const french = CALENDAR_FRENCH[text];
  if (french === undefined || chrome !== frenchChrome || !node.parentElement?.closest(CALENDAR_SELECTOR))
    return null;
  return node.nodeValue!.replace(text, french);
}

function translateNode(node: Node): void {
  if (node.nodeType === Node.TEXT_NODE) {
    const written = chrome(node.nodeValue ?? '') ?? frenchCalendarWord(node);
    if (written !== null && written !== node.nodeValue) node.nodeValue = written;
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
 * In French, translates OHIF's English chrome now and whenever OHIF renders more of it; in English,
 * writes what OHIF miswrites as meant. The observer's callback runs before the browser paints, so
 * the English (or the miswritten text) never shows.
 */
export function startOhifChrome(): void {
  if (observer || typeof MutationObserver === 'undefined') return;
  const language = currentLanguage();
  chrome = language === 'fr' ? frenchChrome : englishChrome;
  document.documentElement.lang = language;
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
    console.info(LOG_TAG, `OHIF chrome in ${language === 'fr' ? 'French' : 'English'}`);
  };
  if (document.body) start();
  else document.addEventListener('DOMContentLoaded', start, { once: true });
}
