/**
 * DICOM person names (PN: "FAMILY^Given^Middle^Prefix^Suffix") as a report writes them. Only the
 * first component group is read: the ideographic and phonetic groups after "=" are for other
 * scripts, which the PDF's fonts cannot write.
 */
interface NameParts {
  readonly family: string;
  readonly given: readonly string[];
}

function nameParts(personName: string): NameParts {
  const [family = '', given = '', middle = ''] = (personName.split('=')[0] ?? '')
    .split('^')
    .map((part) => part.trim().replace(/\s+/g, ' '));
  return { family: family.toUpperCase(), given: [given, middle].filter((part) => part !== '') };
}

/** Family name in capitals first, as identification lines write it: "DUPONT^Marie" → "DUPONT Marie". */
export function familyNameFirst(personName: string): string {
  const { family, given } = nameParts(personName);
  return [family, ...given].filter((part) => part !== '').join(' ');
}

/** Given names first, as a signature reads: "MARTIN^Claire" → "Claire MARTIN". */
export function givenNameFirst(personName: string): string {
  const { family, given } = nameParts(personName);
  return [...given, family].filter((part) => part !== '').join(' ');
}
