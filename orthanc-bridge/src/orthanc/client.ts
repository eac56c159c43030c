/**
 * A small client for the parts of Orthanc's REST API the bridge uses. Only the bridge talks to
 * Orthanc, with the credentials of the configuration. The request plumbing (credentials, timeout,
 * OrthancRequestError) is @sentinelle/config's OrthancHttp.
 */
import { OrthancHttp, OrthancRequestError, type OrthancConnection } from '@sentinelle/config';

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
  private readonly http: OrthancHttp;

  /** `connection.timeoutMs` defaults to 30 s. */
  constructor(connection: OrthancConnection) {
    this.http = new OrthancHttp(connection, { defaultTimeoutMs: 30_000 });
  }

  get url(): string {
    return this.http.url;
  }

  /** JSON of `path`; undefined on 404 (a resource deleted meanwhile). */
  request<T>(
    path: string,
    init: { method?: string; body?: string | Uint8Array; contentType?: string } = {},
  ): Promise<T | undefined> {
    return this.http.json<T>(init.method ?? 'GET', path, { body: init.body, contentType: init.contentType });
  }

  private async required<T>(path: string, init?: Parameters<OrthancClient['request']>[1]): Promise<T> {
    const value = await this.request<T>(path, init);
    if (value === undefined)
      throw new OrthancRequestError(`Orthanc ${path} was not found`, 404, false, undefined);
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

  /**
   * The instance as a Part 10 file without its pixel data, undefined when it was deleted: the
   * header of a mammogram without its megabytes of pixels. Orthanc's `/modify` answers a modified
   * copy without storing it; keeping the UIDs needs `Force`.
   */
  async instanceHeader(id: string): Promise<Uint8Array | undefined> {
    const response = await this.http.send('POST', `/instances/${encodeURIComponent(id)}/modify`, {
      body: JSON.stringify({
        Remove: ['PixelData'],
        Keep: ['StudyInstanceUID', 'SeriesInstanceUID', 'SOPInstanceUID'],
        Force: true,
      }),
      contentType: 'application/json',
      accept: 'application/dicom',
    });
    if (response.status === 404) return undefined;
    return new Uint8Array(await response.arrayBuffer());
  }

  /** Orthanc id of the instance with this SOP Instance UID, undefined when Orthanc does not hold it. */
  async findInstance(sopInstanceUid: string): Promise<string | undefined> {
    const found = await this.required<{ ID: string; Type: string }[]>('/tools/lookup', {
      method: 'POST',
      body: sopInstanceUid,
      contentType: 'text/plain',
    });
    return found.find((r) => r.Type === 'Instance')?.ID;
  }

  /** Deletes an instance; false when Orthanc did not hold it. */
  async deleteInstance(id: string): Promise<boolean> {
    const response = await this.http.send('DELETE', `/instances/${encodeURIComponent(id)}`, {
      accept: 'application/json',
    });
    await response.body?.cancel();
    return response.status !== 404;
  }

  /** The instance's Part 10 file as Orthanc stores it; undefined when it was deleted. */
  async instanceFile(id: string): Promise<Uint8Array | undefined> {
    const response = await this.http.send('GET', `/instances/${encodeURIComponent(id)}/file`, {
      accept: 'application/dicom',
    });
    if (response.status === 404) return undefined;
    return new Uint8Array(await response.arrayBuffer());
  }

  /** Stores one DICOM file (POST /instances). */
  storeInstance(dicom: Uint8Array): Promise<{ ID: string; ParentStudy: string; Status: string }> {
    return this.required('/instances', { method: 'POST', body: dicom, contentType: 'application/dicom' });
  }
}
