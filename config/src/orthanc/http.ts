/**
 * The request plumbing every Orthanc REST client in Sentinelle shares: base URL, HTTP Basic
 * credentials, a per-request timeout, one error class, 404 read as "deleted meanwhile", and JSON
 * answers. What each service asks Orthanc stays in its own client (the bridge's change feed and
 * study reads, the worker's transcoding and STOW-RS, config's start-up checks and demo upload),
 * built on `OrthancHttp`.
 */

/** The value of an HTTP Basic Authorization header. */
export function basicAuth(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

export interface OrthancConnection {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:18042 */
  readonly url: string;
  readonly username: string;
  readonly password: string;
  /** Per-request timeout; each client chooses its default (OrthancHttpOptions.defaultTimeoutMs). */
  readonly timeoutMs?: number;
}

/**
 * An Orthanc request failed. `transient`: worth retrying later (unreachable, timeout, 5xx, 429,
 * and whatever else the client's `isTransient` says).
 */
export class OrthancRequestError extends Error {
  override readonly name = 'OrthancRequestError';
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly transient: boolean,
    /** Orthanc's own explanation (`Details`, else `OrthancError`) when it gave one. */
    readonly details: string | undefined,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export interface OrthancHttpOptions {
  /** Timeout when the connection sets none. */
  readonly defaultTimeoutMs: number;
  /** Sent with every request, after authorization and accept. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Whether an error status is worth retrying (default: 5xx and 429). */
  readonly isTransient?: (status: number) => boolean;
}

export interface OrthancRequest {
  readonly body?: string | Uint8Array;
  readonly contentType?: string;
}

export interface OrthancSendRequest extends OrthancRequest {
  readonly accept: string;
  /** Error statuses returned to the caller instead of thrown (STOW-RS answers 400/409 with a body). */
  readonly acceptStatus?: (status: number) => boolean;
}

const serverTrouble = (status: number): boolean => status >= 500 || status === 429;

export class OrthancHttp {
  readonly url: string;
  readonly timeoutMs: number;
  private readonly authorization: string;
  private readonly headers: Readonly<Record<string, string>>;
  private readonly isTransient: (status: number) => boolean;

  constructor(connection: OrthancConnection, options: OrthancHttpOptions) {
    this.url = connection.url;
    this.timeoutMs = connection.timeoutMs ?? options.defaultTimeoutMs;
    this.authorization = basicAuth(connection.username, connection.password);
    this.headers = options.headers ?? {};
    this.isTransient = options.isTransient ?? serverTrouble;
  }

  /** JSON of `path`; undefined on 404 (a resource deleted meanwhile). */
  async json<T>(method: string, path: string, request: OrthancRequest = {}): Promise<T | undefined> {
    const response = await this.send(method, path, { ...request, accept: 'application/json' });
    if (response.status === 404) return undefined;
    return (await response.json()) as T;
  }

  /** One request; 404 is returned (with its body drained), other failures throw OrthancRequestError. */
  async send(method: string, path: string, request: OrthancSendRequest): Promise<Response> {
    const what = `Orthanc ${method} ${path.split('?')[0]}`;
    let response: Response;
    try {
      response = await fetch(`${this.url}${path}`, {
        method,
        headers: {
          authorization: this.authorization,
          accept: request.accept,
          ...this.headers,
          ...(request.contentType ? { 'content-type': request.contentType } : {}),
        },
        body: request.body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const cause = error as Error;
      const reason = cause.name === 'TimeoutError' ? `no answer within ${this.timeoutMs} ms` : cause.message;
      throw new OrthancRequestError(`${what} failed: ${reason} (${this.url})`, undefined, true, undefined, {
        cause,
      });
    }
    if (response.ok || response.status === 404 || request.acceptStatus?.(response.status)) {
      if (response.status === 404) await response.body?.cancel();
      return response;
    }
    const text = (await response.text()).slice(0, 1000);
    const details = orthancDetails(text);
    const status = response.status;
    const hint = status === 401 ? ' (check ORTHANC_USERNAME and ORTHANC_PASSWORD)' : '';
    throw new OrthancRequestError(
      `${what} answered ${status}${hint}: ${details ?? text.slice(0, 300)}`,
      status,
      this.isTransient(status),
      details,
    );
  }
}

/** Orthanc's error answers (HttpDescribeErrors) are JSON with `Details` and `OrthancError`. */
function orthancDetails(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { Details?: unknown; OrthancError?: unknown };
    const details = typeof body.Details === 'string' && body.Details ? body.Details : undefined;
    const error = typeof body.OrthancError === 'string' ? body.OrthancError : undefined;
    return details ?? error;
  } catch {
    return undefined;
  }
}
