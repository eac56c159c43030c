import { createElement } from 'react';
import { t } from '../i18n';
import '../worklist/worklistStrings';

/**
 * Sentinelle's "page not found", in the reader's language. OHIF renders it with its own React:
 * plain elements, no hooks. The link reloads the worklist rather than using OHIF's router.
 */
export function NotFoundPage() {
  return createElement(
    'div',
    {
      'data-testid': 'sentinelle-not-found',
      className: 'absolute flex h-full w-full items-center justify-center bg-background',
    },
    createElement(
      'div',
      { className: 'bg-muted flex flex-col items-center rounded-2xl p-8 text-center' },
      createElement('h1', { className: 'text-foreground text-[22px] font-light' }, t('notFoundTitle')),
      createElement(
        'p',
        { className: 'text-muted-foreground mt-1 text-[16px] font-light' },
        t('notFoundBody'),
      ),
      createElement(
        'a',
        { href: '/', 'data-testid': 'not-found-back', className: 'text-primary mt-6 text-lg underline' },
        t('backToWorklist'),
      ),
    ),
  );
}

/**
 * OHIF's own routes a Sentinelle user must not reach: the local-file viewer (the upload is
 * Sentinelle's own page) and the debug page. Ours come first in OHIF's router, so they answer
 * "not found" there; every other unknown address gets the same page.
 */
export const CUSTOM_ROUTES = {
  routes: ['/local', '/localbasic', '/debug'].map((path) => ({ path, children: NotFoundPage })),
  notFoundRoute: { path: '*', children: NotFoundPage },
};
