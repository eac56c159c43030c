/**
 * The parts of Orthanc the worker uses: an instance's identity and transfer syntax, its file with
 * decoded pixels, a UID lookup, and STOW-RS. Orthanc 1.10 decodes JPEG Lossless, RLE and JPEG-LS
 * (DCMTK) and JPEG 2000 (GDCM plugin) when it transcodes, so the worker has one decoding path
 * for every input: Orthanc's, then the worker's decoder for uncompressed pixels. The request
 * plumbing (credentials, timeout, OrthancRequestError) is @sentinelle/config's OrthancHttp.
 */
import {
  OrthancHttp,
  OrthancRequestError,
  type OrthancConnection,
  type OrthancRequest,
} from '@sentinelle/config';
import { firstZipEntry } from './zipEntry';

/** Explicit VR Little Endian: what the worker asks Orthanc for. */
export const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';

/** JPEG 2000 (Part 1 and 2, lossless and lossy): decoded by GDCM only. */
const JPEG_2000_SYNTAXES: ReadonlySet<string> = new Set([
  '1.2.840.10008.1.2.4.90',
  '1.2.840.10008.1.2.4.91',
  '1.2.840.10008.1.2.4.92',
  '1.2.840.10008.1.2.4.93',
]);

/** Transfer syntaxes whose pixel data is not compressed: the stored file can be used as is. */
const NATIVE_SYNTAXES: ReadonlySet<string> = new Set([
  '1.2.840.10008.1.2',
  EXPLICIT_VR_LITTLE_ENDIAN,
  '1.2.840.10008.1.2.2',
]);

export interface InstanceInfo {
  readonly id: string;
  readonly sopInstanceUid: string;
  readonly sopClassUid: string | undefined;
  readonly transferSyntax: string | undefined;
}

/** One object refused by STOW-RS, with the DICOM Failure Reason (0008,1197) when given. */
export interface StowFailure {
  readonly sopInstanceUid: string | undefined;
  readonly failureReason: number | undefined;
}

export interface StowResult {
  readonly status: number;
  /** SOP Instance UIDs Orthanc accepted (a duplicate it already held counts as accepted). */
  readonly stored: readonly string[];
  readonly failed: readonly StowFailure[];
}

export class WorkerOrthancClient {
  private readonly http: OrthancHttp;

  /**
   * `connection.timeoutMs` defaults to 60 s: transcoding a large mammogram takes a while. 401 and
   * 403 count as transient: a corrected configuration fixes them without touching the study.
   */
  constructor(connection: OrthancConnection) {
    this.http = new OrthancHttp(connection, {
      defaultTimeoutMs: 60_000,
      // Orthanc gzips answers for clients that accept it (HttpCompressionEnabled): on loopback,
      // compressing megabytes of pixels costs more time than it saves.
      headers: { 'accept-encoding': 'identity' },
      isTransient: (status) => status >= 500 || status === 429 || status === 401 || status === 403,
    });
  }

  get url(): string {
    return this.http.url;
  }

  /** SOP Instance UID, SOP Class and transfer syntax of an instance; undefined when it was deleted. */
  async instance(id: string): Promise<InstanceInfo | undefined> {
    const path = `/instances/${encodeURIComponent(id)}`;
    const [resource, metadata] = await Promise.all([
      this.http.json<{ MainDicomTags?: Record<string, string> }>('GET', path),
      this.http.json<Record<string, string>>('GET', `${path}/metadata?expand`),
    ]);
    const sopInstanceUid = resource?.MainDicomTags?.SOPInstanceUID;
    if (!resource || !metadata || !sopInstanceUid) return undefined;
    return {
      id,
      sopInstanceUid,
      sopClassUid: metadata.SopClassUid,
      transferSyntax: metadata.TransferSyntax,
    };
  }

  /**
   * The instance as a Part 10 file whose pixel data is not compressed, undefined when the
   * instance was deleted:
   * - already uncompressed: the stored file;
   * - JPEG 2000: an archive job transcoding it (see transcodedByJob);
   * - other compression: a copy Orthanc transcodes to Explicit VR Little Endian with
   *   `POST /instances/{id}/modify`, decoded by DCMTK (Sentinelle's Orthanc configuration puts
   *   DCMTK before GDCM). Modify gives the copy a new SOP Instance UID unless told to keep it,
   *   which needs `Force`; the copy is returned, not stored.
   */
  async uncompressedFile(info: InstanceInfo): Promise<Uint8Array | undefined> {
    const path = `/instances/${encodeURIComponent(info.id)}`;
    if (info.transferSyntax && NATIVE_SYNTAXES.has(info.transferSyntax)) {
      return this.binary('GET', `${path}/file`);
    }
    if (info.transferSyntax && JPEG_2000_SYNTAXES.has(info.transferSyntax)) {
      return this.transcodedByJob(info.id);
    }
    return this.binary('POST', `${path}/modify`, {
      body: JSON.stringify({
        Transcode: EXPLICIT_VR_LITTLE_ENDIAN,
        Keep: ['StudyInstanceUID', 'SeriesInstanceUID', 'SOPInstanceUID'],
        Force: true,
      }),
      contentType: 'application/json',
    });
  }

  /**
   * The instance transcoded to Explicit VR Little Endian by an asynchronous archive job
   * (`POST /tools/create-archive` with Transcode), read from the one-file ZIP it produces. Only
   * GDCM decodes JPEG 2000, and Debian's Orthanc runs REST handlers on civetweb threads whose
   * 100 KB stacks GDCM overflows (Orthanc dies with a segfault); job threads have ordinary stacks.
   * A job that fails is Orthanc saying it cannot decode the pixel data.
   */
  private async transcodedByJob(id: string): Promise<Uint8Array | undefined> {
    const job = await this.http.json<{ ID: string }>('POST', '/tools/create-archive', {
      body: JSON.stringify({
        Resources: [id],
        Transcode: EXPLICIT_VR_LITTLE_ENDIAN,
        Asynchronous: true,
        Priority: 10,
      }),
      contentType: 'application/json',
    });
    if (!job) return undefined;
    const deadline = Date.now() + this.http.timeoutMs;
    for (let delay = 20; ; delay = Math.min(250, delay * 2)) {
      const state = await this.http.json<{ State: string; ErrorDescription?: string; ErrorDetails?: string }>(
        'GET',
        `/jobs/${encodeURIComponent(job.ID)}`,
      );
      if (!state)
        throw new OrthancRequestError(`Orthanc lost its archive job ${job.ID}`, 404, true, undefined);
      if (state.State === 'Success') break;
      if (state.State === 'Failure') {
        // Orthanc 1.10 reports a pixel data it cannot decode as a failed job; say it as /modify does.
        const details = `Cannot transcode to transfer syntax: ${EXPLICIT_VR_LITTLE_ENDIAN} (${state.ErrorDetails || state.ErrorDescription || 'job failed'})`;
        throw new OrthancRequestError(
          `Orthanc archive job for instance ${id} failed: ${details}`,
          500,
          false,
          details,
        );
      }
      if (Date.now() > deadline) {
        throw new OrthancRequestError(
          `Orthanc archive job ${job.ID} did not finish within ${this.http.timeoutMs} ms`,
          undefined,
          true,
          undefined,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
    const zip = await this.binary('GET', `/jobs/${encodeURIComponent(job.ID)}/archive`, {
      accept: 'application/zip',
    });
    if (!zip)
      throw new OrthancRequestError(`Orthanc archive job ${job.ID} has no archive`, 404, true, undefined);
    return firstZipEntry(zip).data;
  }

  /** True when Orthanc holds an instance with this SOP Instance UID. */
  async hasInstance(sopInstanceUid: string): Promise<boolean> {
    const found = await this.http.json<{ Type: string }[]>('POST', '/tools/lookup', {
      body: sopInstanceUid,
      contentType: 'text/plain',
    });
    return (found ?? []).some((r) => r.Type === 'Instance');
  }

  /**
   * Stores Part 10 files with one STOW-RS request (`POST /dicom-web/studies`). Orthanc answers
   * 200 when all were stored, 202 when some were refused, 400/409 when none was; refused objects
   * are listed in the Failed SOP Sequence. With `OverwriteInstances: false` (Sentinelle's
   * configuration) an object whose SOP Instance UID Orthanc already holds is kept as it was and
   * reported as stored.
   */
  async stow(files: readonly Uint8Array[]): Promise<StowResult> {
    const boundary = `sentinelle-${crypto.randomUUID()}`;
    const parts: Uint8Array[] = [];
    for (const file of files) {
      parts.push(
        Buffer.from(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`),
        file,
        Buffer.from('\r\n'),
      );
    }
    parts.push(Buffer.from(`--${boundary}--\r\n`));
    const response = await this.http.send('POST', '/dicom-web/studies', {
      body: Buffer.concat(parts),
      contentType: `multipart/related; type="application/dicom"; boundary=${boundary}`,
      accept: 'application/dicom+json',
      acceptStatus: (status) => status === 200 || status === 202 || status === 400 || status === 409,
    });
    const text = await response.text();
    let json: Record<string, DicomJsonElement> = {};
    try {
      json = text ? (JSON.parse(text) as Record<string, DicomJsonElement>) : {};
    } catch {
      // An answer that is not DICOM JSON: every object counts as refused below.
    }
    const stored = items(json['00081199']).flatMap((item) => {
      const uid = firstString(item['00081155']);
      return uid ? [uid] : [];
    });
    const failed = items(json['00081198']).map((item) => ({
      sopInstanceUid: firstString(item['00081155']),
      failureReason: firstNumber(item['00081197']),
    }));
    return { status: response.status, stored, failed };
  }

  private async binary(
    method: string,
    path: string,
    request: OrthancRequest & { accept?: string } = {},
  ): Promise<Uint8Array | undefined> {
    const response = await this.http.send(method, path, {
      ...request,
      accept: request.accept ?? 'application/dicom',
    });
    if (response.status === 404) return undefined;
    return new Uint8Array(await response.arrayBuffer());
  }
}

interface DicomJsonElement {
  readonly vr?: string;
  readonly Value?: readonly unknown[];
}

function items(element: DicomJsonElement | undefined): Record<string, DicomJsonElement>[] {
  return (element?.Value ?? []).filter(
    (item): item is Record<string, DicomJsonElement> => typeof item === 'object' && item !== null,
  );
}

function firstString(element: DicomJsonElement | undefined): string | undefined {
  const value = element?.Value?.[0];
  return typeof value === 'string' ? value : undefined;
}

function firstNumber(element: DicomJsonElement | undefined): number | undefined {
  const value = element?.Value?.[0];
  return typeof value === 'number' ? value : undefined;
}
