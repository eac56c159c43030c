import { isIP } from 'node:net';
import { z } from 'zod';

/** A DICOM AE title: 1-16 printable characters, no backslash. */
export const AE_TITLE = /^[\x20-\x5b\x5d-\x7e]{1,16}$/;

const hostname =
  /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/**
 * A modality allowed to send images (C-STORE) and C-ECHO to Orthanc: only from `host` and only
 * under its calling AE title `aet`. `port` is where Orthanc would reach it (for C-ECHO or C-MOVE
 * from Orthanc); Orthanc ignores it for incoming stores.
 */
export const dicomModalitySchema = z.strictObject({
  aet: z.string().regex(AE_TITLE, 'must be a DICOM AE title (1-16 printable characters, no backslash)'),
  host: z.string().refine((h) => isIP(h) !== 0 || hostname.test(h), 'must be an IP address or a host name'),
  port: z.number().int().min(1).max(65535).default(104),
});
export type DicomModality = z.output<typeof dicomModalitySchema>;

/** dcmtk's storescu calls as STORESCU by default: the README's example, from this machine only. */
export const DEMO_STORESCU: DicomModality = { aet: 'STORESCU', host: '127.0.0.1', port: 104 };

/**
 * SENTINELLE_DICOM_MODALITIES: a JSON array of {"aet", "host", "port"?}. Unset: the demo's
 * storescu on 127.0.0.1. `loopbackOnly` (SENTINELLE_DICOM_HOST is a loopback address): every host
 * must be a loopback address, since Orthanc then accepts nothing from elsewhere.
 */
export function parseDicomModalities(
  raw: string | undefined,
  loopbackOnly: boolean,
  isLoopback: (host: string) => boolean,
  issue: (message: string) => void,
): readonly DicomModality[] {
  if (raw === undefined) return [DEMO_STORESCU];
  const shape = 'a JSON array of {"aet": "<AE title>", "host": "<IP address or name>", "port": <TCP port>}';
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    issue(`SENTINELLE_DICOM_MODALITIES must be ${shape}; it is not JSON (${(error as Error).message})`);
    return [];
  }
  const parsed = z.array(dicomModalitySchema).safeParse(json);
  if (!parsed.success) {
    for (const problem of parsed.error.issues) {
      const [index, ...keys] = problem.path.map(String);
      const at = index === undefined ? '' : `[${index}]${keys.map((k) => `.${k}`).join('')}`;
      issue(`SENTINELLE_DICOM_MODALITIES${at} ${problem.message} (expected ${shape})`);
    }
    return [];
  }
  const seen = new Set<string>();
  parsed.data.forEach((m, i) => {
    const key = `${m.aet}@${m.host}`;
    if (seen.has(key)) issue(`SENTINELLE_DICOM_MODALITIES[${i}] repeats ${m.aet} on ${m.host}`);
    seen.add(key);
    if (loopbackOnly && !isLoopback(m.host))
      issue(
        `SENTINELLE_DICOM_MODALITIES[${i}].host ${JSON.stringify(m.host)} is not a loopback address, but ` +
          'SENTINELLE_DICOM_HOST is: set SENTINELLE_DICOM_HOST=0.0.0.0 to take images from the network',
      );
  });
  return parsed.data;
}

/** The `DicomModalities` section of Orthanc's configuration: stores and echoes, nothing else. */
export function orthancModalities(
  modalities: readonly DicomModality[],
  tls: boolean,
): Record<string, unknown> {
  return Object.fromEntries(
    modalities.map((m, i) => [
      `modality${i + 1}`,
      {
        AET: m.aet,
        Host: m.host,
        Port: m.port,
        AllowEcho: true,
        AllowStore: true,
        AllowFind: false,
        AllowFindWorklist: false,
        AllowGet: false,
        AllowMove: false,
        AllowStorageCommitment: false,
        UseDicomTls: tls,
      },
    ]),
  );
}
