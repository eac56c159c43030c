import type { CodedConcept } from './types';

/** CID 4014 View for Mammography: SNOMED CT code, its SNOMED-RT predecessor, meaning. */
const MAMMOGRAPHY_VIEWS: readonly (readonly [string, string, string])[] = [
  ['399260004', 'R-10224', 'medio-lateral'],
  ['399368009', 'R-10226', 'medio-lateral oblique'],
  ['399352003', 'R-10228', 'latero-medial'],
  ['399099002', 'R-10230', 'latero-medial oblique'],
  ['399162004', 'R-10242', 'cranio-caudal'],
  ['399196006', 'R-10244', 'caudo-cranial (from below)'],
  ['399188001', 'R-102D0', 'superolateral to inferomedial oblique'],
  ['441555000', 'R-40AAA', 'inferomedial to superolateral oblique'],
  ['399192008', 'R-1024A', 'cranio-caudal exaggerated laterally'],
  ['399101009', 'R-1024B', 'cranio-caudal exaggerated medially'],
  ['127457009', 'G-8310', 'tissue specimen from breast'],
];

/** Schemes older modalities use for SNOMED-RT codes. */
const SNOMED_RT_SCHEMES = new Set(['SRT', 'SNM3', '99SDM']);

/**
 * A view code from a source header as a CID 4014 code: SNOMED CT value with the context group's
 * meaning. Modalities still send SNOMED-RT codes (Siemens: (R-10242, SNM3, "cranio-caudal")),
 * which map one to one. Null for a code outside CID 4014, which the Mammography CAD templates
 * do not accept.
 */
export function mammographyViewCode(code: CodedConcept): CodedConcept | null {
  const scheme = code.scheme.toUpperCase();
  const row = MAMMOGRAPHY_VIEWS.find(([sct, srt]) =>
    scheme === 'SCT' ? code.value === sct : SNOMED_RT_SCHEMES.has(scheme) && code.value === srt,
  );
  return row ? { value: row[0], scheme: 'SCT', meaning: row[2] } : null;
}
