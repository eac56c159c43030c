/**
 * The signed report a training case carries, as its FHIR Bundle sealed with the keyring (the
 * bridge seals when the export is asked for; the worker, which holds the same keyring, opens it
 * to de-identify it). Sealed to its case: a value copied to another study or version does not open.
 */
import { FieldCipher, type Keyring } from '../crypto';
import type { TrainingCase } from './queueContract';

const context = (studyInstanceUid: string, reportVersion: number) =>
  `training_export_case.report_bundle:${studyInstanceUid}:v${reportVersion}`;

export function sealCaseReport(
  cipher: FieldCipher,
  studyInstanceUid: string,
  reportVersion: number,
  bundle: unknown,
): string {
  return cipher.seal(JSON.stringify(bundle), context(studyInstanceUid, reportVersion));
}

/** The case's report Bundle as JSON; undefined for a case recorded without one. Throws SealedDataError. */
export function openCaseReport(keyring: Keyring, c: TrainingCase): unknown {
  if (c.reportBundle === undefined) return undefined;
  const text = new FieldCipher(keyring).open(
    c.reportBundle,
    context(c.studyInstanceUid, c.reading.reportVersion),
  );
  return JSON.parse(text) as unknown;
}
