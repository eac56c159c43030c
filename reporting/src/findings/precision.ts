/** Rounds to `decimals` places (half away from zero): values written as DICOM DS, and the report's. */
export function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.sign(value) * (Math.round(Math.abs(value) * factor) / factor);
}

/** Lengths are kept to 0.01 mm: exact as DS, the same in the SRs and the report. */
export const MM_DECIMALS = 2;
