import { deidentifyInstance, type DeidentifiedInstance } from './deidentifyInstance';
import { DeidentificationError } from './errors';
import type { DeidentificationProject } from './project';
import type { VerificationReport } from './verify/report';
import { verifyDeidentifiedSet } from './verify/verifySet';

export interface DeidentificationSource {
  readonly name: string;
  readonly bytes: Uint8Array;
  /** The site the instance comes from, for the k-anonymity count. */
  readonly site?: string;
}

/** Every source through the profile, one at a time (OCR is the slow part and uses one core). */
export async function cleanInstances(
  sources: readonly DeidentificationSource[],
  project: DeidentificationProject,
): Promise<DeidentifiedInstance[]> {
  if (sources.length === 0)
    throw new DeidentificationError('no_sources', null, 'no DICOM instance to de-identify');
  const out: DeidentifiedInstance[] = [];
  for (const source of sources) out.push(await deidentifyInstance(source, project));
  return out;
}

/**
 * The training-export entry point: de-identifies a set and verifies the bytes it returns. The
 * caller releases `instances` only when `report.passed`.
 */
export async function deidentifyInstances(
  sources: readonly DeidentificationSource[],
  project: DeidentificationProject,
): Promise<{ instances: DeidentifiedInstance[]; report: VerificationReport }> {
  const instances = await cleanInstances(sources, project);
  const report = await verifyDeidentifiedSet(
    instances.map((instance, i) => ({
      sourceName: sources[i]!.name,
      source: sources[i]!.bytes,
      outputName: `${instance.sopInstanceUid}.dcm`,
      output: instance.bytes,
      ...(sources[i]!.site !== undefined && { site: sources[i]!.site }),
    })),
    project,
  );
  return { instances, report };
}
