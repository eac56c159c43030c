import {
  fhirType,
  isPrimitiveType,
  isResourceTypeName,
  RESOURCE_TYPE,
  XHTML_TYPE,
  type FhirElement,
  type FhirType,
} from './definitions';

/** One element value met while walking a resource, with its definition and FHIRPath-like path. */
export interface VisitedElement {
  readonly element: FhirElement;
  readonly owner: FhirType;
  /** The JSON value: a scalar for primitives (null when only the `_name` extension is there). */
  readonly value: unknown;
  readonly path: string;
}

export type FhirVisitor = (node: VisitedElement) => void;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Visits every element of `value` (a resource when `typeName` is a resource type), depth first, in
 * definition order. Properties the definitions do not know are skipped: the structural validator
 * reports them.
 */
export function walkFhir(
  value: Record<string, unknown>,
  typeName: string,
  path: string,
  visit: FhirVisitor,
): void {
  const owner = fhirType(typeName);
  for (const element of owner.elements) {
    const own = value[element.name];
    const primitive = isPrimitiveType(element.type);
    const companion = primitive ? value[`_${element.name}`] : undefined;
    if (own === undefined && companion === undefined) continue;
    const count = element.isArray
      ? Math.max(Array.isArray(own) ? own.length : 0, Array.isArray(companion) ? companion.length : 0)
      : 1;
    for (let index = 0; index < count; index++) {
      const item: unknown = element.isArray ? (Array.isArray(own) ? own[index] : undefined) : own;
      const itemPath = element.isArray ? `${path}.${element.name}[${index}]` : `${path}.${element.name}`;
      visit({ element, owner, value: item ?? null, path: itemPath });
      if (primitive) {
        const extra: unknown = element.isArray
          ? Array.isArray(companion)
            ? companion[index]
            : undefined
          : companion;
        if (isObject(extra)) walkFhir(extra, 'Element', itemPath, visit);
      } else if (isObject(item) && element.type !== XHTML_TYPE) {
        // An inline resource of an unknown type is the structural validator's to report.
        const type = element.type === RESOURCE_TYPE ? item.resourceType : element.type;
        if (typeof type === 'string' && (element.type !== RESOURCE_TYPE || isResourceTypeName(type))) {
          walkFhir(item, type, itemPath, visit);
        }
      }
    }
  }
}

/** Walks a whole resource; paths start with its type ("Bundle.entry[0].resource…"). Nothing is
 * visited in a resource of an unknown type. */
export function walkResource(resource: { readonly resourceType: string }, visit: FhirVisitor): void {
  if (!isResourceTypeName(resource.resourceType)) return;
  walkFhir(
    resource as unknown as Record<string, unknown>,
    resource.resourceType,
    resource.resourceType,
    visit,
  );
}
