import type { KAnonymityGroup } from './report';

export interface PatientCharacteristics {
  readonly pseudonym: string;
  /** DICOM AS ('047Y'), if known. */
  readonly age: string | undefined;
  readonly sex: string | undefined;
  readonly site: string | undefined;
}

/** Ten-year bands from a DICOM age string; ages in months, weeks or days are under ten. */
export function ageBand(age: string | undefined): string {
  const match = /^(\d{3})([DWMY])$/.exec(age?.trim() ?? '');
  if (!match) return 'unknown';
  const years = match[2] === 'Y' ? Number(match[1]) : 0;
  const low = Math.floor(years / 10) * 10;
  return `${low}-${low + 9}`;
}

/**
 * Patients counted per (age band, sex, site), each patient once (on their first instance): k is
 * the smallest count, the size of the crowd the rarest patient hides in.
 */
export function kAnonymity(patients: readonly PatientCharacteristics[]): {
  k: number;
  groups: KAnonymityGroup[];
} {
  const seen = new Set<string>();
  const counts = new Map<string, KAnonymityGroup>();
  for (const patient of patients) {
    if (seen.has(patient.pseudonym)) continue;
    seen.add(patient.pseudonym);
    const group = {
      ageBand: ageBand(patient.age),
      sex: patient.sex?.trim() || 'unknown',
      site: patient.site?.trim() || 'unspecified',
    };
    const key = `${group.ageBand}|${group.sex}|${group.site}`;
    const previous = counts.get(key);
    counts.set(key, { ...group, patients: (previous?.patients ?? 0) + 1 });
  }
  const groups = [...counts.values()].sort(
    (a, b) =>
      a.patients - b.patients ||
      `${a.site}${a.ageBand}${a.sex}`.localeCompare(`${b.site}${b.ageBand}${b.sex}`),
  );
  return { k: groups.length === 0 ? 0 : Math.min(...groups.map((g) => g.patients)), groups };
}
