/**
 * A small client for the parts of Orthanc's REST API the bridge uses. Only the bridge talks to
 * Orthanc, with the credentials of the configuration.
 */

export interface OrthancSettings {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:18042 */
  readonly url: string;
  readonly username: string;
  readonly password: string;
  /** Per-request timeout (default 30 s). */
  readonly timeoutMs?: number;
}

/** An Orthanc request failed. `transient`: worth retrying later (network error, 5xx, timeout). */
export class OrthancError extends Error {
  override readonly name = 'OrthancError';
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly transient: boolean,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export interface OrthancChange {
  readonly ChangeType: string;
  readonly Date: string;
  /** Orthanc id of the resource. */
  readonly ID: string;
  readonly Path: string;
  readonly ResourceType: string;
  readonly Seq: number;
}

export interface OrthancChanges {
  readonly Changes: readonly OrthancChange[];
  readonly Done: boolean;
  readonly Last: number;
}

export type DicomTags = Readonly<Record<string, unknown>>;

export interface OrthancStudy {
  readonly ID: string;
  readonly IsStable: boolean;
  readonly MainDicomTags: Readonly<Record<string, string>>;
  readonly PatientMainDicomTags: Readonly<Record<string, string>>;
  readonly Series: readonly string[];
}

export interface OrthancSeries {
  readonly ID: string;
  readonly MainDicomTags: Readonly<Record<string, string>>;
  readonly Instances: readonly string[];
}

export interface OrthancSystem {
  readonly Version: string;
  readonly Name: string;
  readonly DicomAet: string;
}

export class OrthancClient {
  private readonly authorization: string;
  private readonly timeoutMs: number;

  constructor(private readonly settings: OrthancSettings) {
    this.authorization = `Basic ${Buffer.from(`${settings.username}:${settings.password}`).toString('base64')}`;
    this.timeoutMs = settings.timeoutMs ?? 30_000;
  }

  get url(): string {
    return this.settings.url;
  }

  /** JSON of `path`; undefined on 404 (a resource deleted meanwhile). */
  async request<T>(
    path: string,
    init: { method?: string; body?: string | Uint8Array; contentType?: string } = {},
  ): Promise<T | undefined> {
    const method = init.method ?? 'GET';
    const what = `Orthanc ${method} ${path.split('?')[0]}`;
    let response: Response;
    try {
      response = await fetch(`${this.settings.url}${path}`, {
        method,
        headers: {
          authorization: this.authorization,
          accept: 'application/json',
          ...(init.contentType ? { 'content-type': init.contentType } : {}),
        },
        body: init.body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      const cause = error as Error;
      const reason = cause.name === 'TimeoutError' ? `no answer within ${this.timeoutMs} ms` : cause.message;
      throw new OrthancError(`${what} failed: ${reason} (${this.settings.url})`, undefined, true, { cause });
    }
    if (response.status === 404) {
      await response.body?.cancel();
      return undefined;
    }
    if (!response.ok) {
      const text = (await response.text()).slice(0, 300);
      const hint = response.status === 401 ? ' (check ORTHANC_USERNAME and ORTHANC_PASSWORD)' : '';
      throw new OrthancError(
        `${what} answered ${response.status}${hint}: ${text}`,
        response.status,
        response.status >= 500 || response.status === 429,
      );
    }
    return (await response.json()) as T;
  }

  private async required<T>(path: string, init?: Parameters<OrthancClient['request']>[1]): Promise<T> {
    const value = await this.request<T>(path, init);
    if (value === undefined) throw new OrthancError(`Orthanc ${path} was not found`, 404, false);
    return value;
  }

  system(): Promise<OrthancSystem> {
    return this.required('/system');
  }

  changes(since: number, limit = 100): Promise<OrthancChanges> {
    return this.required(`/changes?since=${since}&limit=${limit}`);
  }

  /** The number of the newest change. */
  async lastChange(): Promise<number> {
    return (await this.required<OrthancChanges>('/changes?last')).Last;
  }

  study(id: string): Promise<OrthancStudy | undefined> {
    return this.request(`/studies/${encodeURIComponent(id)}`);
  }

  /** The study's series, expanded (main tags and instance ids). */
  studySeries(id: string): Promise<OrthancSeries[] | undefined> {
    return this.request(`/studies/${encodeURIComponent(id)}/series?expand`);
  }

  /** Every attribute of an instance except pixel data, keyed by DICOM keyword. */
  instanceTags(id: string): Promise<DicomTags | undefined> {
    return this.request(`/instances/${encodeURIComponent(id)}/simplified-tags`);
  }

  /** Orthanc id of the study with this StudyInstanceUID, undefined when Orthanc does not hold it. */
  async findStudy(studyInstanceUid: string): Promise<string | undefined> {
    const found = await this.required<{ ID: string; Type: string }[]>('/tools/lookup', {
      method: 'POST',
      body: studyInstanceUid,
      contentType: 'text/plain',
    });
    return found.find((r) => r.Type === 'Study')?.ID;
  }

  /** Stores one DICOM file (POST /instances). */
  storeInstance(dicom: Uint8Array): Promise<{ ID: string; ParentStudy: string; Status: string }> {
    return this.required('/instances', { method: 'POST', body: dicom, contentType: 'application/dicom' });
  }
}
