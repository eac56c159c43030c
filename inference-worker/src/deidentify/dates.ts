/**
 * Shifting DICOM DA (YYYYMMDD) and DT (YYYYMMDDHHMMSS.FFFFFF&ZZXX) values by whole days. Partial
 * values keep their precision: a DT of YYYYMM stays a month. A value that is not a date is
 * returned as null so the caller removes it rather than keeping something it cannot read.
 */
export function shiftDa(value: string, days: number): string | null {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(value.trim());
  if (!match) return null;
  return shiftYmd(Number(match[1]), Number(match[2]), Number(match[3]), days);
}

export function shiftDt(value: string, days: number): string | null {
  const trimmed = value.trim();
  const match = /^(\d{4})(\d{2})?(\d{2})?(.*)$/.exec(trimmed);
  if (!match) return null;
  const [, year, month, day, rest = ''] = match;
  // A partial DT keeps its precision: shift from the middle of the year or month it names.
  const precision = month === undefined ? 4 : day === undefined ? 6 : 8;
  const shifted = shiftYmd(Number(year), Number(month ?? 7), Number(day ?? (month ? 15 : 1)), days);
  return shifted === null ? null : shifted.slice(0, precision) + rest;
}

function shiftYmd(year: number, month: number, day: number, days: number): string | null {
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (Number.isNaN(date.getTime())) return null;
  date.setUTCDate(date.getUTCDate() + days);
  const y = String(date.getUTCFullYear()).padStart(4, '0');
  const m = String(date.getUTCMonth() + 1).padStart(2, '0');
  const d = String(date.getUTCDate()).padStart(2, '0');
  return `${y}${m}${d}`;
}

/** Whole days from a to b (DA values); null when either is not a full date. */
export function daysBetween(a: string, b: string): number | null {
  const parse = (value: string): number | null => {
    const match = /^(\d{4})(\d{2})(\d{2})/.exec(value.trim());
    return match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : null;
  };
  const from = parse(a);
  const to = parse(b);
  return from === null || to === null ? null : Math.round((to - from) / 86_400_000);
}

/** Age in whole years at a date, as a DICOM AS value ('047Y'); null without both dates. */
export function ageAt(birthDate: string, atDate: string): string | null {
  const birth = /^(\d{4})(\d{2})(\d{2})$/.exec(birthDate.trim());
  const at = /^(\d{4})(\d{2})(\d{2})/.exec(atDate.trim());
  if (!birth || !at) return null;
  let years = Number(at[1]) - Number(birth[1]);
  if (Number(at[2]) * 100 + Number(at[3]) < Number(birth[2]) * 100 + Number(birth[3])) years -= 1;
  return years >= 0 && years < 1000 ? `${String(years).padStart(3, '0')}Y` : null;
}
