/**
 * An open GET /api/events stream, as a test reads it: the events received so far (parsed), the raw
 * SSE messages, a wait for one event, and closing it.
 */
import { sessionHeaders, signIn } from './testUsers';
import { waitUntil } from './harness';

export interface EventStream {
  readonly events: Record<string, unknown>[];
  readonly raw: string[];
  waitFor(what: string, match: (event: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

/** Opens the stream as `login`; throws unless the bridge answers with an event stream. */
export async function openEventStream(baseUrl: string, login: string): Promise<EventStream> {
  const abort = new AbortController();
  const response = await fetch(`${baseUrl}/api/events`, {
    headers: sessionHeaders(await signIn(baseUrl, login)),
    signal: abort.signal,
  });
  const type = response.headers.get('content-type');
  if (response.status !== 200 || type !== 'text/event-stream; charset=utf-8') {
    abort.abort();
    throw new Error(`GET /api/events as ${login} answered ${response.status} (${type})`);
  }
  const events: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const reading = (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of response.body!) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const message = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          raw.push(message);
          for (const line of message.split('\n'))
            if (line.startsWith('data: ')) events.push(JSON.parse(line.slice(6)) as Record<string, unknown>);
        }
      }
    } catch {
      // aborted
    }
  })();
  return {
    events,
    raw,
    waitFor: (what, match) => waitUntil(what, async () => events.find(match)),
    close: async () => {
      abort.abort();
      await reading;
    },
  };
}
