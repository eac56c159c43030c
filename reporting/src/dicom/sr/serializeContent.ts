import type { NaturalizedDataset } from 'dcmjs';
import { codeSequence, formatDs } from '../dicomValues';
import type { Edge, SrNode } from './contentItem';

/**
 * Turns a content tree into the SR Document Content module of its root: the root's own
 * attributes (value type, concept name, template, continuity) and its Content Sequence, with
 * every by-reference edge written as the target's position (Referenced Content Item Identifier).
 * Throws when a referenced node is not in the tree by value.
 */
export function serializeContent(root: SrNode): NaturalizedDataset {
  const positions = new Map<SrNode, number[]>();
  index(root, [1], positions);
  return { ...itemAttributes(root), ...childAttributes(root, positions) };
}

function index(node: SrNode, position: number[], positions: Map<SrNode, number[]>): void {
  if (positions.has(node)) throw new Error('serializeContent: a node appears twice by value');
  positions.set(node, position);
  node.children.forEach((edge, i) => {
    if ('node' in edge) index(edge.node, [...position, i + 1], positions);
  });
}

function childAttributes(node: SrNode, positions: Map<SrNode, number[]>): NaturalizedDataset {
  if (node.children.length === 0) return {};
  return { ContentSequence: node.children.map((edge) => serializeEdge(edge, positions)) };
}

function serializeEdge(edge: Edge, positions: Map<SrNode, number[]>): NaturalizedDataset {
  if ('reference' in edge) {
    const position = positions.get(edge.reference);
    if (!position) throw new Error('serializeContent: a reference points outside the tree');
    return { RelationshipType: edge.relationship, ReferencedContentItemIdentifier: position };
  }
  return {
    RelationshipType: edge.relationship,
    ...itemAttributes(edge.node),
    ...childAttributes(edge.node, positions),
  };
}

function itemAttributes(node: SrNode): NaturalizedDataset {
  const dataset: NaturalizedDataset = { ValueType: node.valueType };
  if (node.concept) dataset.ConceptNameCodeSequence = codeSequence(node.concept);
  switch (node.valueType) {
    case 'CONTAINER':
      dataset.ContinuityOfContent = 'SEPARATE';
      if (node.template) {
        dataset.ContentTemplateSequence = [{ MappingResource: 'DCMR', TemplateIdentifier: node.template }];
      }
      break;
    case 'CODE':
      dataset.ConceptCodeSequence = codeSequence(node.code);
      break;
    case 'NUM':
      dataset.MeasuredValueSequence = [
        { NumericValue: formatDs(node.number), MeasurementUnitsCodeSequence: codeSequence(node.units) },
      ];
      break;
    case 'TEXT':
      dataset.TextValue = node.text;
      break;
    case 'PNAME':
      // dcmjs writes a PN from its component groups.
      dataset.PersonName = [{ Alphabetic: node.personName }];
      break;
    case 'UIDREF':
      dataset.UID = node.uid;
      break;
    case 'DATE':
      dataset.Date = node.date;
      break;
    case 'IMAGE':
      dataset.ReferencedSOPSequence = [
        {
          ReferencedSOPClassUID: node.image.sopClassUid,
          ReferencedSOPInstanceUID: node.image.sopInstanceUid,
        },
      ];
      break;
    case 'SCOORD':
      dataset.GraphicType = node.graphicType;
      dataset.GraphicData = node.points.flatMap((point) => [point.column, point.row]);
      break;
  }
  return dataset;
}
