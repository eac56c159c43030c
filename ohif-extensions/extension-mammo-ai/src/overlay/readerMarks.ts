/**
 * The reader's word on the AI marks, as the overlay draws them: the marks she rejected in her
 * latest recorded decision, those she is unticking in the form open now (a preview, until she
 * saves or leaves it), and whether rejected marks are shown at all (dimmed) or hidden.
 */
export interface ReaderMarksState {
  /** Mark keys (`<SOP Instance UID>:<mark id>`) rejected in the latest validation or revision. */
  readonly recorded: ReadonlySet<string>;
  /** Mark keys unticked in the open form; null when no form is open. */
  readonly preview: ReadonlySet<string> | null;
  readonly showRejected: boolean;
}

const EMPTY: ReaderMarksState = { recorded: new Set(), preview: null, showRejected: false };
let state: ReaderMarksState = EMPTY;
const listeners = new Set<(value: ReaderMarksState) => void>();

export function readerMarks(): ReaderMarksState {
  return state;
}

export function updateReaderMarks(change: Partial<ReaderMarksState>): ReaderMarksState {
  state = { ...state, ...change };
  for (const listener of listeners) listener(state);
  return state;
}

export function resetReaderMarks(): void {
  updateReaderMarks(EMPTY);
}

export function onReaderMarks(listener: (value: ReaderMarksState) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** True when the mark is rejected now: unticked in the open form, else in the latest decision. */
export function isRejected(key: string, value: ReaderMarksState = state): boolean {
  return (value.preview ?? value.recorded).has(key);
}
