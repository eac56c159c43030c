import type { ReportLocale } from '../model';
import { NBSP } from './typography';

/**
 * A number with a fixed count of decimals: "0,87" in French, "0.87" in English. Written by hand
 * rather than with Intl so that no grouping space (U+202F in French, not WinAnsi) can appear.
 */
export function decimal(locale: ReportLocale, value: number, digits: number): string {
  const text = value.toFixed(digits);
  return locale === 'fr' ? text.replace('.', ',') : text;
}

/**
 * A length in whole millimetres ("8 mm"): sizes on a mammogram, a projection, are reported to the
 * millimetre; tenths from the AI's outline or the viewer's ruler would be false precision. Below
 * half a millimetre (a point marker) it reads "< 1 mm". The space is a no-break one: a line never
 * ends between the number and its unit.
 */
export function millimetres(value: number): string {
  const whole = Math.round(value);
  return whole === 0 ? `<${NBSP}1${NBSP}mm` : `${whole}${NBSP}mm`;
}
