/**
 * Orthanc Explorer through the bridge shows no patient identity: Orthanc Explorer is not scoped by
 * site (it lists every patient of the archive) and is the sysadmins' tool, who run the archive
 * without reading patients. Every JSON answer is walked and the identity attributes are blanked
 * in each form Orthanc writes them: keywords (MainDicomTags, simplified tags), "gggg,eeee" tags
 * (tags, short tags) and DICOM JSON "ggggeeee". The clinical users see their patients in the viewer.
 */

/** What a hidden attribute shows. */
export const HIDDEN = '(hidden)';

/** Identity attributes by keyword: the Patient module (group 0010) and the accession number. */
const IDENTITY_KEYWORDS = new Set([
  'PatientName',
  'PatientID',
  'IssuerOfPatientID',
  'PatientBirthDate',
  'PatientBirthTime',
  'PatientSex',
  'PatientAge',
  'OtherPatientIDs',
  'OtherPatientIDsSequence',
  'OtherPatientNames',
  'PatientBirthName',
  'PatientMotherBirthName',
  'PatientAddress',
  'PatientTelephoneNumbers',
  'PatientComments',
  'PatientWeight',
  'PatientSize',
  'EthnicGroup',
  'MedicalRecordLocator',
  'MilitaryRank',
  'Occupation',
  'AccessionNumber',
]);
/** Group 0010 and (0008,0050) AccessionNumber, as "0010,0010" or "00100010". */
const IDENTITY_TAG = /^(0010,?[0-9A-Fa-f]{4}|0008,?0050)$/;

export function isIdentityKey(key: string): boolean {
  return IDENTITY_KEYWORDS.has(key) || IDENTITY_TAG.test(key);
}

/** The value an identity attribute shows, keeping the shape Orthanc gave it. */
function blank(value: unknown): unknown {
  if (typeof value === 'string') return HIDDEN;
  if (Array.isArray(value)) return [];
  if (value && typeof value === 'object') {
    const entry = value as Record<string, unknown>;
    // Orthanc's tags: { Name, Type, Value }; DICOM JSON: { vr, Value }.
    if ('Type' in entry || 'vr' in entry) {
      const rest = Object.fromEntries(Object.entries(entry).filter(([key]) => key !== 'Value'));
      if (entry.Type === 'String') return { ...rest, Value: HIDDEN };
      return entry.Type === 'Sequence' ? { ...rest, Value: [] } : rest;
    }
    return {};
  }
  return null;
}

/** A copy of a JSON answer with every identity attribute blanked, at any depth. */
export function hideIdentity(json: unknown): unknown {
  if (Array.isArray(json)) return json.map(hideIdentity);
  if (!json || typeof json !== 'object') return json;
  const entries = Object.entries(json as Record<string, unknown>);
  return Object.fromEntries(
    entries.map(([key, value]) => [key, isIdentityKey(key) ? blank(value) : hideIdentity(value)]),
  );
}
