import type { ReportLocale } from '../model';

/**
 * Typography of the report's two languages. French puts a no-break space (U+00A0) before the
 * two-part punctuation marks (: ; ? !) and inside guillemets, so that a line never starts with
 * one of them; U+00A0 is also the one such space WinAnsi (the PDF's font encoding) can write,
 * where the narrow U+202F that Intl's French formats use cannot be.
 */
export const NBSP = '\u00A0';

/** "Score de malignité : 0,87" in French, "Malignancy score: 0.87" in English. */
export function labelled(locale: ReportLocale, label: string, value: string): string {
  return locale === 'fr' ? `${label}${NBSP}: ${value}` : `${label}: ${value}`;
}

/** Joins the clauses of one sentence: " ; " in French, "; " in English. */
export function clauses(locale: ReportLocale, parts: readonly string[]): string {
  return parts.join(locale === 'fr' ? `${NBSP}; ` : '; ');
}

/** « text » in French, “text” in English. */
export function quoted(locale: ReportLocale, text: string): string {
  return locale === 'fr' ? `«${NBSP}${text}${NBSP}»` : `\u201C${text}\u201D`;
}

/** "CC et MLO", "CC, MLO et ML"; "CC and MLO". */
export function listed(locale: ReportLocale, items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  const and = locale === 'fr' ? 'et' : 'and';
  return `${items.slice(0, -1).join(', ')} ${and} ${items[items.length - 1]}`;
}

/** The text with its first letter in capitals ("sein droit" → "Sein droit"). */
export function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The form of a noun that agrees with a count, by the language's plural rules (French: 0 and 1 singular). */
export function agreeing(locale: ReportLocale, count: number, forms: { one: string; other: string }): string {
  return new Intl.PluralRules(locale).select(count) === 'one' ? forms.one : forms.other;
}
