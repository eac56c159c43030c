import { CONCEPTS, VALUES } from './codes';
import { code, hasObsContext, pname, text, type Edge } from './sr/contentItem';
import { DicomRenderError } from './types';

/** A physician who made or signed SR content: DICOM person name and Sentinelle login. */
export interface PersonIdentity {
  readonly personName: string;
  readonly login: string;
}

/** A PN value holds one name: a backslash would start a second one. */
export function checkPersonName(unit: string, role: string, personName: string): void {
  if (personName.includes('\\') || /[\p{Cc}]/u.test(personName)) {
    throw new DicomRenderError(`${unit}: the ${role}'s name "${personName}" is not a DICOM person name`);
  }
}

/**
 * TID 1002/1003: the person is the observer, by name and login, and by organization when
 * known.
 */
export function personObserver(person: PersonIdentity, organization?: string): Edge[] {
  return [
    hasObsContext(code(CONCEPTS.observerType, VALUES.person)),
    hasObsContext(pname(CONCEPTS.personObserverName, person.personName)),
    hasObsContext(text(CONCEPTS.personObserverLoginName, person.login)),
    ...(organization ? [hasObsContext(text(CONCEPTS.personObserverOrganizationName, organization))] : []),
  ];
}
