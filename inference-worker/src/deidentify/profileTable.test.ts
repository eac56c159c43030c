import dcmjs from 'dcmjs';
import { effectiveAction, profileOptions } from './profileActions';
import { isPrivateTag, isRepeatingGroup, PROFILE_ROWS, profileRow } from './profileTable';

const dictionary = (
  dcmjs.data.DicomMetaDictionary as unknown as { dictionary: Record<string, { name: string }> }
).dictionary;

/** "Patient's Birth Date" / "PatientBirthDate" -> "patientbirthdate". */
const squash = (name: string) =>
  name
    .replace(/^RETIRED_/, '')
    .toLowerCase()
    .replace(/'s\b|[^a-z0-9]/g, '');

describe('profileTable', () => {
  test('profileTable holds the rows of PS3.15 Table E.1-1, each tag once', () => {
    expect(PROFILE_ROWS.length).toBeGreaterThan(450);
    const tags = PROFILE_ROWS.map((row) => row.tag);
    expect(new Set(tags).size).toBe(tags.length);
    for (const tag of tags) expect(tag).toMatch(/^([0-9A-F]{8}|50xxxxxx|60xx[0-9A-F]{4})$/);
  });

  test("profileTable's tags name the same attributes as dcmjs's data dictionary, so no tag is mistyped", () => {
    const mismatched: string[] = [];
    const unknown: string[] = [];
    for (const row of PROFILE_ROWS.filter((r) => !r.tag.includes('x'))) {
      const entry = dictionary[`(${row.tag.slice(0, 4)},${row.tag.slice(4)})`];
      if (!entry) {
        unknown.push(row.tag);
        continue;
      }
      if (squash(entry.name) !== squash(row.name)) mismatched.push(`${row.tag} ${row.name} ≠ ${entry.name}`);
    }
    expect(mismatched).toEqual([]);
    expect(unknown).toEqual([]);
  });

  test('profileRow finds exact tags, overlay and curve groups, and nothing for unlisted ones', () => {
    expect(profileRow('00100010')?.name).toBe("Patient's Name");
    expect(profileRow('60023000')?.name).toBe('Overlay Data');
    expect(profileRow('601E4000')?.name).toBe('Overlay Comments');
    expect(profileRow('50041010')?.name).toBe('Curve Data');
    expect(profileRow('00280010')).toBeUndefined();
    expect(isRepeatingGroup('60200010', 0x6000)).toBe(false);
    expect(isPrivateTag('00291010')).toBe(true);
    expect(isPrivateTag('00100010')).toBe(false);
  });

  test('effectiveAction applies the options this project states: dates shifted, characteristics kept, descriptors cleaned, device identity only on request', () => {
    const off = profileOptions({});
    const on = profileOptions({ retainDeviceIdentity: true });
    const action = (tag: string, options = off) => effectiveAction(profileRow(tag)!, options);
    expect(action('00100010')).toBe('empty'); // Patient's Name Z
    expect(action('00100030')).toBe('empty'); // Birth Date Z: no option keeps it
    expect(action('00101010')).toBe('keep'); // Patient's Age: Retain Patient Characteristics
    expect(action('00100040')).toBe('keep'); // Sex
    expect(action('00080020')).toBe('shift'); // Study Date: Modified Dates
    expect(action('0008103E')).toBe('clean'); // Series Description: Clean Descriptors
    expect(action('00102110')).toBe('clean'); // Allergies: characteristic, but free text
    expect(action('00181000')).toBe('dummy'); // Device Serial Number X/Z/D
    expect(action('00181000', on)).toBe('keep');
    expect(action('00080018')).toBe('uid');
    expect(action('00082112')).toBe('uidSequence');
    expect(action('0040A730')).toBe('content');
    expect(action('00080081')).toBe('remove'); // Institution Address: no Retain Institution option
  });
});
