import type { DenaturalizedDataset } from 'dcmjs';
import { daysBetween } from '../dates';
import { pseudonymiseUid } from '../keyedHash';
import { stringValue } from '../part10';
import type { DeidentificationProject } from '../project';
import type { Finding } from './report';

export interface VerifiedPair {
  readonly name: string;
  readonly source: DenaturalizedDataset;
  readonly output: DenaturalizedDataset;
  readonly patientPseudonym: string;
}

const LEVELS = [
  ['study', '0020000D'],
  ['series', '0020000E'],
  ['instance', '00080018'],
] as const;

/**
 * UIDs across the set: each study, series and instance UID is the project's keyed hash of its
 * source UID; files that shared a study (or series) still do and no others; and every reference
 * from one file to another (an SR's evidence, a SEG's source images, a referenced series) that
 * resolved inside the source set resolves to the same file inside the output set.
 */
export function checkUidConsistency(
  pairs: readonly VerifiedPair[],
  project: Pick<DeidentificationProject, 'key'>,
): Finding[] {
  const findings: Finding[] = [];
  for (const [level, tag] of LEVELS) {
    for (const pair of pairs) {
      const source = stringValue(pair.source, tag);
      const output = stringValue(pair.output, tag);
      if (source && output !== pseudonymiseUid(project, source)) {
        findings.push({
          check: 'uid-consistency',
          message: `${pair.name}: the ${level} UID is not the project's mapping of its source UID`,
        });
      }
    }
  }
  const sourceLinks = links(pairs.map((p) => p.source));
  const outputLinks = links(pairs.map((p) => p.output));
  pairs.forEach((pair, i) => {
    const expected = sourceLinks[i]!;
    const actual = outputLinks[i]!;
    const missing = [...expected].filter((link) => !actual.has(link));
    const extra = [...actual].filter((link) => !expected.has(link));
    for (const link of missing) {
      findings.push({
        check: 'uid-consistency',
        message: `${pair.name}: lost its reference to the ${describe(link, pairs)}`,
      });
    }
    for (const link of extra) {
      findings.push({
        check: 'uid-consistency',
        message: `${pair.name}: gained a reference to the ${describe(link, pairs)}`,
      });
    }
  });
  return findings;
}

/** For each file, "level:index" of every file whose study, series or instance UID it mentions. */
function links(datasets: readonly DenaturalizedDataset[]): Set<string>[] {
  const owners = new Map<string, string[]>();
  datasets.forEach((ds, j) => {
    for (const [level, tag] of LEVELS) {
      const uid = stringValue(ds, tag);
      if (uid) owners.set(uid, [...(owners.get(uid) ?? []), `${level}:${j}`]);
    }
  });
  return datasets.map((ds) => {
    const found = new Set<string>();
    for (const uid of uidsIn(ds)) for (const owner of owners.get(uid) ?? []) found.add(owner);
    return found;
  });
}

function uidsIn(ds: DenaturalizedDataset): string[] {
  const out: string[] = [];
  for (const element of Object.values(ds)) {
    if (element.vr === 'UI')
      for (const v of element.Value ?? []) if (typeof v === 'string') out.push(v.trim());
    if (element.vr === 'SQ')
      for (const item of element.Value ?? []) out.push(...uidsIn(item as DenaturalizedDataset));
  }
  return out;
}

function describe(link: string, pairs: readonly VerifiedPair[]): string {
  const [level, index] = link.split(':');
  return `${level} of ${pairs[Number(index)]?.name ?? '?'}`;
}

const TOP_LEVEL_DATES = ['00080020', '00080021', '00080022', '00080023', '0008002A'];

/**
 * One shift per patient: in every file, each top-level date moved by the same number of days, and
 * every file of a patient by the same number, so the intervals between exams are kept.
 */
export function checkDateShifts(pairs: readonly VerifiedPair[]): Finding[] {
  const findings: Finding[] = [];
  const byPatient = new Map<string, { shift: number; name: string }>();
  for (const pair of pairs) {
    const shifts = new Set<number>();
    for (const tag of TOP_LEVEL_DATES) {
      const source = stringValue(pair.source, tag);
      const output = stringValue(pair.output, tag);
      if (!source || !output) continue;
      const days = daysBetween(source, output);
      if (days !== null) shifts.add(days);
    }
    if (shifts.size === 0) continue;
    if (shifts.size > 1 || shifts.has(0)) {
      findings.push({
        check: 'date-shift',
        message: `${pair.name}: its dates are not moved by one non-zero shift`,
      });
      continue;
    }
    const shift = [...shifts][0]!;
    const first = byPatient.get(pair.patientPseudonym);
    if (!first) byPatient.set(pair.patientPseudonym, { shift, name: pair.name });
    else if (first.shift !== shift) {
      findings.push({
        check: 'date-shift',
        message: `${pair.name}: shifted by another number of days than ${first.name}, of the same patient`,
      });
    }
  }
  return findings;
}
