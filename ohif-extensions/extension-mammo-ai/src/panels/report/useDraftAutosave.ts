import type { ReportDraftContent } from '@sentinelle/reporting/report';
import { useCallback, useEffect, useRef, useState } from 'react';
import { userMessage } from '../../i18n';

export type SaveState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'saving' }
  | { readonly kind: 'saved'; readonly at: Date }
  | { readonly kind: 'failed'; readonly error: string };

/**
 * Drafts save themselves: each change is kept a moment (so typing makes one save, not one per
 * key), then saved; saves run one after another, so the last change is the one stored. `flush`
 * saves what is waiting now (before signing, on leaving the study). A failed save keeps its
 * content waiting for the next change or flush.
 */
export function useDraftAutosave(save: (content: ReportDraftContent) => Promise<unknown>, delayMs = 800) {
  const [state, setState] = useState<SaveState>({ kind: 'idle' });
  const waiting = useRef<ReportDraftContent | null>(null);
  const timer = useRef<number | undefined>(undefined);
  const saves = useRef<Promise<void>>(Promise.resolve());

  const flush = useCallback((): Promise<void> => {
    window.clearTimeout(timer.current);
    // A failed save does not stop the ones after it: each caller hears of its own failure.
    const run = saves.current
      .catch(() => undefined)
      .then(async () => {
        const content = waiting.current;
        if (!content) return;
        waiting.current = null;
        setState({ kind: 'saving' });
        try {
          await save(content);
          setState({ kind: 'saved', at: new Date() });
        } catch (error) {
          waiting.current ??= content;
          setState({ kind: 'failed', error: userMessage(error) });
          throw error;
        }
      });
    saves.current = run;
    return run;
  }, [save]);

  const changed = useCallback(
    (content: ReportDraftContent) => {
      waiting.current = content;
      window.clearTimeout(timer.current);
      timer.current = window.setTimeout(() => void flush().catch(() => undefined), delayMs);
    },
    [flush, delayMs],
  );

  // Leaving the study or closing the panel saves what is waiting.
  useEffect(() => () => void flush().catch(() => undefined), [flush]);

  return { state, changed, flush };
}
