import type { ReportLocale, ReportSignature } from '../model';
import { DEFAULT_REPORT_TIME_ZONE, localDateAndTime } from '../text/dates';
import { givenNameFirst } from '../text/personName';

/** When something was signed, on the site's clocks (`timeZone`), as its reports are read there. */
function signedOn(locale: ReportLocale, at: string, timeZone: string): string {
  const { date, time } = localDateAndTime(locale, at, timeZone);
  return locale === 'fr' ? `le ${date} à ${time}` : `on ${date} at ${time}`;
}

/**
 * The signature block: for an addendum, first which signed version it amends, then who signed
 * this one and when, in the site's time zone ("Signé électroniquement par Dr Claire Martin le
 * 24/11/2026 à 15h05").
 */
export function signatureLines(
  locale: ReportLocale,
  signature: ReportSignature,
  timeZone: string = DEFAULT_REPORT_TIME_ZONE,
): string[] {
  const signer = `Dr ${givenNameFirst(signature.signer.personName)}`;
  const lines: string[] = [];
  const { amends } = signature;
  if (amends) {
    lines.push(
      locale === 'fr'
        ? `Addendum (version ${signature.version}) au compte rendu version ${amends.version} signé ${signedOn(locale, amends.signedAt, timeZone)}`
        : `Addendum (version ${signature.version}) to report version ${amends.version} signed ${signedOn(locale, amends.signedAt, timeZone)}`,
    );
  }
  lines.push(
    locale === 'fr'
      ? `Signé électroniquement par ${signer} ${signedOn(locale, signature.signedAt, timeZone)}`
      : `Electronically signed by ${signer} ${signedOn(locale, signature.signedAt, timeZone)}`,
  );
  return lines;
}
