import type { ReportLocale, ReportSignature } from '../model';
import { utcDateAndTime } from '../text/dates';
import { givenNameFirst } from '../text/personName';

/** When something was signed, in UTC, which the line says: the reader may be in another time zone. */
function signedOn(locale: ReportLocale, at: string): string {
  const { date, time } = utcDateAndTime(locale, at);
  return locale === 'fr' ? `le ${date} à ${time} (UTC)` : `on ${date} at ${time} (UTC)`;
}

/**
 * The signature block: for an addendum, first which signed version it amends, then who signed
 * this one and when ("Signé électroniquement par Dr Claire MARTIN le 24/11/2026 à 14:05 (UTC)").
 */
export function signatureLines(locale: ReportLocale, signature: ReportSignature): string[] {
  const signer = `Dr ${givenNameFirst(signature.signer.personName)}`;
  const lines: string[] = [];
  const { amends } = signature;
  if (amends) {
    lines.push(
      locale === 'fr'
        ? `Addendum (version ${signature.version}) au compte rendu version ${amends.version} signé ${signedOn(locale, amends.signedAt)}`
        : `Addendum (version ${signature.version}) to report version ${amends.version} signed ${signedOn(locale, amends.signedAt)}`,
    );
  }
  lines.push(
    locale === 'fr'
      ? `Signé électroniquement par ${signer} ${signedOn(locale, signature.signedAt)}`
      : `Electronically signed by ${signer} ${signedOn(locale, signature.signedAt)}`,
  );
  return lines;
}
