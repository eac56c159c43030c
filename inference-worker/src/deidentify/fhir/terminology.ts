/**
 * The URIs an exported FHIR file may keep: standard code systems and units, and the extensions
 * whose content is structured. A local code system (http://hospital.example/codes) names the site,
 * so its codings are not kept; these fixed URIs are not searched for source values either.
 */

/** The Patient's age band at the exam, in years (a Range), in place of its birth date. */
export const AGE_BAND_EXTENSION = 'urn:sentinelle:fhir:StructureDefinition:age-band';

export const KEPT_EXTENSIONS: ReadonlySet<string> = new Set([
  'http://hl7.org/fhir/StructureDefinition/diagnosticReport-addendumOf',
  AGE_BAND_EXTENSION,
]);

const STANDARD_SYSTEM_PREFIXES = [
  'http://loinc.org',
  'http://snomed.info/sct',
  'http://dicom.nema.org/resources/ontology/DCM',
  'http://unitsofmeasure.org',
  'http://terminology.hl7.org/CodeSystem/',
  'http://hl7.org/fhir/',
  'urn:ietf:rfc:3986',
  'urn:ietf:bcp:47',
  'urn:dicom:uid',
] as const;

/** A standard code system, unit system or identifier system (not a site's own). */
export function isStandardSystem(uri: string): boolean {
  return STANDARD_SYSTEM_PREFIXES.some((prefix) => uri === prefix || uri.startsWith(prefix));
}

/** A URI the de-identifier writes or keeps as it is, the same in every export. */
export function isFixedUri(uri: string): boolean {
  return KEPT_EXTENSIONS.has(uri) || isStandardSystem(uri);
}
