import type { CodedConcept } from '../types';

/** Relationship types between SR content items (PS3.3 C.17.3.2.4). */
export type RelationshipType =
  | 'CONTAINS'
  | 'HAS PROPERTIES'
  | 'HAS OBS CONTEXT'
  | 'HAS ACQ CONTEXT'
  | 'HAS CONCEPT MOD'
  | 'INFERRED FROM'
  | 'SELECTED FROM';

/** A referenced composite instance (the value of an IMAGE item). */
export interface InstanceReference {
  readonly sopClassUid: string;
  readonly sopInstanceUid: string;
}

/** A point in SR image coordinates: column\row, (0,0) = top-left corner of the top-left pixel. */
export interface ScoordPoint {
  readonly column: number;
  readonly row: number;
}

/**
 * The shapes a SCOORD item draws, with the points each takes: one POINT; a POLYLINE of two or
 * more points (closed when the last repeats the first); an ELLIPSE by four points, the ends of
 * its major axis then the ends of its minor axis (PS3.3 C.18.6.1.2).
 */
export type GraphicType = 'POINT' | 'POLYLINE' | 'ELLIPSE';

/** An edge to a child: by value (`node`) or by reference to an item elsewhere (`reference`). */
export type Edge =
  | { readonly relationship: RelationshipType; readonly node: SrNode }
  | { readonly relationship: RelationshipType; readonly reference: SrNode };

type Value =
  | { readonly valueType: 'CONTAINER'; readonly template?: string }
  | { readonly valueType: 'CODE'; readonly code: CodedConcept }
  | { readonly valueType: 'NUM'; readonly number: number; readonly units: CodedConcept }
  | { readonly valueType: 'TEXT'; readonly text: string }
  | { readonly valueType: 'PNAME'; readonly personName: string }
  | { readonly valueType: 'UIDREF'; readonly uid: string }
  | { readonly valueType: 'DATE'; readonly date: string }
  | { readonly valueType: 'IMAGE'; readonly image: InstanceReference }
  | {
      readonly valueType: 'SCOORD';
      readonly graphicType: GraphicType;
      readonly points: readonly ScoordPoint[];
    };

/** One content item and its children. Nodes are values: a node may be referenced, not shared. */
export type SrNode = Value & { readonly concept?: CodedConcept; readonly children: readonly Edge[] };

type Children = readonly (Edge | null | false)[];
const edges = (children: Children): Edge[] => children.filter((edge): edge is Edge => Boolean(edge));

export function container(concept: CodedConcept, children: Children, template?: string): SrNode {
  return { valueType: 'CONTAINER', concept, children: edges(children), ...(template ? { template } : {}) };
}

export function code(concept: CodedConcept, value: CodedConcept, children: Children = []): SrNode {
  return { valueType: 'CODE', concept, code: value, children: edges(children) };
}

export function num(
  concept: CodedConcept,
  value: number,
  units: CodedConcept,
  children: Children = [],
): SrNode {
  return { valueType: 'NUM', concept, number: value, units, children: edges(children) };
}

export function text(concept: CodedConcept, value: string, children: Children = []): SrNode {
  return { valueType: 'TEXT', concept, text: value, children: edges(children) };
}

/** A person's name in DICOM PN form ("Family^Given"). */
export function pname(concept: CodedConcept, value: string): SrNode {
  return { valueType: 'PNAME', concept, personName: value, children: [] };
}

export function uidref(concept: CodedConcept, value: string): SrNode {
  return { valueType: 'UIDREF', concept, uid: value, children: [] };
}

export function date(concept: CodedConcept, value: string): SrNode {
  return { valueType: 'DATE', concept, date: value, children: [] };
}

export function image(reference: InstanceReference, children: Children = [], concept?: CodedConcept): SrNode {
  return { valueType: 'IMAGE', image: reference, children: edges(children), ...(concept ? { concept } : {}) };
}

const POINT_COUNTS: Record<GraphicType, (count: number) => boolean> = {
  POINT: (count) => count === 1,
  POLYLINE: (count) => count >= 2,
  ELLIPSE: (count) => count === 4,
};

/** Spatial coordinates on an image. Throws when the points do not fit the graphic type. */
export function scoord(
  concept: CodedConcept,
  graphicType: GraphicType,
  points: readonly ScoordPoint[],
  children: Children,
): SrNode {
  if (!POINT_COUNTS[graphicType](points.length)) {
    throw new RangeError(`scoord: a ${graphicType} cannot have ${points.length} points`);
  }
  return { valueType: 'SCOORD', concept, graphicType, points, children: edges(children) };
}

const by =
  (relationship: RelationshipType) =>
  (node: SrNode): Edge => ({ relationship, node });

export const contains = by('CONTAINS');
export const hasProperties = by('HAS PROPERTIES');
export const hasObsContext = by('HAS OBS CONTEXT');
export const hasAcqContext = by('HAS ACQ CONTEXT');
export const hasConceptMod = by('HAS CONCEPT MOD');
export const inferredFrom = by('INFERRED FROM');
export const selectedFrom = by('SELECTED FROM');

/** A by-reference edge: the child is `target`, which sits by value elsewhere in the same tree. */
export function byReference(relationship: RelationshipType, target: SrNode): Edge {
  return { relationship, reference: target };
}
