/**
 * FHIR R4 XML (https://hl7.org/fhir/R4/xml.html), written and read with the R4 structure definitions:
 * elements in definition order whatever the JSON key order, primitives as value attributes (with
 * their id and extensions as `_name` in JSON), Element.id and Extension.url as attributes, repeating
 * elements as repeated tags, inline resources wrapped in their type's element, the narrative div
 * inline in the XHTML namespace. Reading checks what writing guarantees: well-formedness (strictly),
 * the FHIR namespace, known elements in definition order, cardinality, primitive lexical forms.
 */
import type { Resource } from '@medplum/fhirtypes';
import { XMLParser } from 'fast-xml-parser';
import {
  fhirType,
  isPrimitiveType,
  isResourceTypeName,
  loadFhirDefinitions,
  primitiveJsonKind,
  RESOURCE_TYPE,
  XHTML_TYPE,
  type FhirElement,
} from './definitions';
import { XHTML_NAMESPACE } from './narrative';
import type { FhirResourceJson } from './validate';
import { escapeXmlAttribute, scanXml, unescapeXml } from './xmlScan';

export const FHIR_NAMESPACE = 'http://hl7.org/fhir';

export class FhirXmlError extends Error {
  override readonly name = 'FhirXmlError';
}

export interface FhirXmlOptions {
  /** Indent nested elements (default true); the narrative div is written exactly as in JSON. */
  readonly pretty?: boolean;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

class XmlWriter {
  private readonly out: string[] = [];
  private depth = 0;

  constructor(private readonly pretty: boolean) {}

  private line(text: string): void {
    this.out.push(this.pretty ? `${'  '.repeat(this.depth)}${text}\n` : text);
  }

  open(tag: string): void {
    this.line(tag);
    this.depth++;
  }

  close(name: string): void {
    this.depth--;
    this.line(`</${name}>`);
  }

  leaf(text: string): void {
    this.line(text);
  }

  toString(): string {
    return this.out.join('');
  }
}

function attributes(values: readonly (readonly [string, string | undefined])[]): string {
  return values
    .filter((entry): entry is readonly [string, string] => entry[1] !== undefined)
    .map(([name, value]) => ` ${name}="${escapeXmlAttribute(value)}"`)
    .join('');
}

function primitiveText(value: unknown, element: FhirElement, path: string): string {
  const kind = primitiveJsonKind(element.type);
  if (kind === 'number' && typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (kind === 'boolean' && typeof value === 'boolean') return value ? 'true' : 'false';
  if (kind === 'string' && typeof value === 'string') return value;
  throw new FhirXmlError(`${path}: ${JSON.stringify(value)} is not a JSON ${kind} (${element.type})`);
}

/** Element.id of data types and backbone elements, Extension.url: XML attributes. */
function isAttribute(typeName: string, isResource: boolean, name: string): boolean {
  return (name === 'id' && !isResource) || (name === 'url' && typeName === 'Extension');
}

function writeResource(writer: XmlWriter, resource: unknown, path: string, root: boolean): void {
  if (
    !isObject(resource) ||
    typeof resource.resourceType !== 'string' ||
    !isResourceTypeName(resource.resourceType)
  ) {
    throw new FhirXmlError(`${path}: not a FHIR resource`);
  }
  const type = resource.resourceType;
  writer.open(`<${type}${root ? ` xmlns="${FHIR_NAMESPACE}"` : ''}>`);
  writeChildren(writer, resource, type, path);
  writer.close(type);
}

function writeChildren(writer: XmlWriter, value: Json, typeName: string, path: string): void {
  const type = fhirType(typeName);
  const consumed = new Set<string>(type.isResource ? ['resourceType'] : []);
  for (const element of type.elements) {
    if (isAttribute(typeName, type.isResource, element.name)) {
      consumed.add(element.name);
      continue;
    }
    const own = value[element.name];
    const companion = value[`_${element.name}`];
    if (own === undefined && companion === undefined) continue;
    consumed.add(element.name).add(`_${element.name}`);
    const elementPath = `${path}.${element.name}`;
    if (element.isArray) {
      const items: unknown = own ?? [];
      const extras: unknown = companion ?? [];
      if (!Array.isArray(items) || !Array.isArray(extras)) {
        throw new FhirXmlError(`${elementPath}: a repeating element must be a JSON array`);
      }
      const count = Math.max(items.length, extras.length);
      for (let index = 0; index < count; index++) {
        writeElement(writer, element, items[index], extras[index], `${elementPath}[${index}]`);
      }
    } else writeElement(writer, element, own, companion, elementPath);
  }
  for (const key of Object.keys(value)) {
    if (!consumed.has(key)) throw new FhirXmlError(`${path}.${key} is not an element of ${typeName}`);
  }
}

function writeElement(
  writer: XmlWriter,
  element: FhirElement,
  value: unknown,
  companion: unknown,
  path: string,
): void {
  const name = element.name;
  if (element.type === XHTML_TYPE) {
    // Written as is: it must be a well-formed <div> that declares the XHTML namespace itself, or it
    // would break the document or land in the FHIR namespace.
    let root: string | undefined;
    const problems =
      typeof value === 'string'
        ? scanXml(value, { startElement: (tag, _attributes, namespace) => (root ??= `${tag} ${namespace}`) })
        : [];
    if (typeof value !== 'string' || problems.length || root !== `div ${XHTML_NAMESPACE}`) {
      throw new FhirXmlError(`${path}: the narrative must be a well-formed <div> in the XHTML namespace`);
    }
    writer.leaf(value);
    return;
  }
  if (element.type === RESOURCE_TYPE) {
    writer.open(`<${name}>`);
    writeResource(writer, value, path, false);
    writer.close(name);
    return;
  }
  if (isPrimitiveType(element.type)) {
    const extra = companion === undefined || companion === null ? {} : companion;
    if (!isObject(extra)) throw new FhirXmlError(`${path}: _${name} must be an object`);
    const { id, extension, ...rest } = extra;
    if (Object.keys(rest).length) {
      throw new FhirXmlError(`${path}: _${name} holds more than id and extension`);
    }
    if (id !== undefined && typeof id !== 'string') throw new FhirXmlError(`${path}: id must be a string`);
    const hasValue = value !== undefined && value !== null;
    const extensions = extension === undefined ? [] : extension;
    if (!Array.isArray(extensions)) throw new FhirXmlError(`${path}: extension must be an array`);
    if (!hasValue && id === undefined && extensions.length === 0) {
      throw new FhirXmlError(`${path}: a primitive element needs a value or extensions`);
    }
    const attrs = attributes([
      ['id', id],
      ['value', hasValue ? primitiveText(value, element, path) : undefined],
    ]);
    if (extensions.length === 0) {
      writer.leaf(`<${name}${attrs}/>`);
      return;
    }
    writer.open(`<${name}${attrs}>`);
    const extensionElement = fhirType('Element').byName.get('extension');
    extensions.forEach((item: unknown, index) => {
      if (extensionElement) {
        writeElement(writer, extensionElement, item, undefined, `${path}.extension[${index}]`);
      }
    });
    writer.close(name);
    return;
  }
  if (!isObject(value)) throw new FhirXmlError(`${path}: ${element.type} must be a JSON object`);
  if (companion !== undefined) throw new FhirXmlError(`${path}: _${name} on a complex element`);
  const type = fhirType(element.type);
  const attrs = attributes([
    ['id', typeof value.id === 'string' ? value.id : undefined],
    ['url', element.type === 'Extension' && typeof value.url === 'string' ? value.url : undefined],
  ]);
  if (Object.keys(value).every((key) => isAttribute(element.type, type.isResource, key))) {
    writer.leaf(`<${name}${attrs}/>`);
    return;
  }
  writer.open(`<${name}${attrs}>`);
  writeChildren(writer, value, element.type, path);
  writer.close(name);
}

/** The resource as FHIR R4 XML, with the XML declaration. */
export function toFhirXml(resource: FhirResourceJson, options: FhirXmlOptions = {}): string {
  loadFhirDefinitions();
  const writer = new XmlWriter(options.pretty ?? true);
  writer.leaf('<?xml version="1.0" encoding="UTF-8"?>');
  writeResource(writer, resource, resource.resourceType, true);
  return writer.toString();
}

// --- Reading --------------------------------------------------------------------------------------

/** fast-xml-parser's ordered node: { tag: children, ":@": attributes } or { "#text": text }. */
type XmlNode = Record<string, unknown>;

const ATTRIBUTES = ':@';
const TEXT = '#text';

function nodeName(node: XmlNode): string {
  const name = Object.keys(node).find((key) => key !== ATTRIBUTES);
  if (name === undefined) throw new FhirXmlError('empty XML node');
  return name;
}

function nodeChildren(node: XmlNode, name: string): XmlNode[] {
  const children = node[name];
  return Array.isArray(children) ? (children as XmlNode[]) : [];
}

function nodeAttributes(node: XmlNode): Record<string, string> {
  const attrs = node[ATTRIBUTES];
  return isObject(attrs) ? (attrs as Record<string, string>) : {};
}

const PRIMITIVE_PATTERNS: Readonly<Record<string, RegExp>> = {
  boolean: /^(true|false)$/,
  integer: /^-?([0]|([1-9][0-9]*))$/,
  unsignedInt: /^([0]|([1-9][0-9]*))$/,
  positiveInt: /^\+?[1-9][0-9]*$/,
  decimal: /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$/,
};

function parsePrimitive(raw: string, element: FhirElement, path: string): string | number | boolean {
  const text = unescapeXml(raw);
  const pattern = PRIMITIVE_PATTERNS[element.type];
  if (pattern && !pattern.test(text))
    throw new FhirXmlError(`${path}: "${text}" is not a valid ${element.type}`);
  switch (primitiveJsonKind(element.type)) {
    case 'boolean':
      return text === 'true';
    case 'number':
      return Number(text);
    case 'string':
      return text;
  }
}

function checkAttributes(attrs: Record<string, string>, allowed: readonly string[], path: string): void {
  for (const [name, value] of Object.entries(attrs)) {
    if (name === 'xmlns') {
      if (unescapeXml(value) !== FHIR_NAMESPACE) throw new FhirXmlError(`${path}: not in the FHIR namespace`);
    } else if (!allowed.includes(name)) throw new FhirXmlError(`${path}: unexpected attribute ${name}`);
  }
}

function checkNoText(node: XmlNode, path: string): void {
  const text = node[TEXT];
  if (typeof text === 'string' && text.trim() !== '')
    throw new FhirXmlError(`${path}: text content is not allowed`);
}

function readResource(node: XmlNode, path: string): Json {
  const name = nodeName(node);
  if (name === TEXT || !isResourceTypeName(name))
    throw new FhirXmlError(`${path}: <${name}> is not a FHIR resource`);
  checkAttributes(nodeAttributes(node), [], path);
  const resource: Json = { resourceType: name };
  readChildren(resource, nodeChildren(node, name), name, path);
  return resource;
}

function readChildren(target: Json, children: readonly XmlNode[], typeName: string, path: string): void {
  const type = fhirType(typeName);
  let last: FhirElement | undefined;
  const values = new Map<FhirElement, unknown[]>();
  const companions = new Map<FhirElement, (Json | null)[]>();
  for (const child of children) {
    const name = nodeName(child);
    if (name === TEXT) {
      checkNoText(child, path);
      continue;
    }
    const element = type.byName.get(name);
    if (!element || isAttribute(typeName, type.isResource, name)) {
      throw new FhirXmlError(`${path}: <${name}> is not an element of ${typeName}`);
    }
    if (last && element.order < last.order) throw new FhirXmlError(`${path}: <${name}> is out of order`);
    if (last && element.order === last.order && (element !== last || !element.isArray)) {
      throw new FhirXmlError(`${path}: <${name}> appears more often than ${typeName} allows`);
    }
    last = element;
    const list = values.get(element) ?? [];
    const extras = companions.get(element) ?? [];
    values.set(element, list);
    companions.set(element, extras);
    const elementPath = element.isArray ? `${path}.${name}[${list.length}]` : `${path}.${name}`;
    const { value, companion } = readElement(child, element, elementPath);
    list.push(value ?? null);
    extras.push(companion ?? null);
  }
  for (const [element, list] of values) {
    const extras = companions.get(element) ?? [];
    const hasValue = list.some((item) => item !== null);
    const hasCompanion = extras.some((item) => item !== null);
    if (element.isArray) {
      if (hasValue) target[element.name] = list;
      if (hasCompanion) target[`_${element.name}`] = extras;
    } else {
      if (hasValue) target[element.name] = list[0];
      if (hasCompanion) target[`_${element.name}`] = extras[0];
    }
  }
}

function readElement(
  node: XmlNode,
  element: FhirElement,
  path: string,
): { value?: unknown; companion?: Json } {
  const name = element.name;
  const attrs = nodeAttributes(node);
  const children = nodeChildren(node, name);
  if (element.type === XHTML_TYPE) {
    if (unescapeXml(attrs.xmlns ?? '') !== XHTML_NAMESPACE)
      throw new FhirXmlError(`${path}: div outside XHTML`);
    const text = children.map((child) => (typeof child[TEXT] === 'string' ? child[TEXT] : '')).join('');
    const attrText = Object.entries(attrs)
      .map(([key, value]) => ` ${key}="${escapeXmlAttribute(unescapeXml(value))}"`)
      .join('');
    return { value: text === '' ? `<div${attrText}/>` : `<div${attrText}>${text}</div>` };
  }
  if (element.type === RESOURCE_TYPE) {
    checkAttributes(attrs, [], path);
    const resources = children.filter((child) => nodeName(child) !== TEXT);
    children.forEach((child) => checkNoText(child, path));
    const [resource] = resources;
    if (resources.length !== 1 || !resource) throw new FhirXmlError(`${path}: expected exactly one resource`);
    return { value: readResource(resource, path) };
  }
  if (isPrimitiveType(element.type)) {
    checkAttributes(attrs, ['id', 'value'], path);
    const companion: Json = {};
    if (attrs.id !== undefined) companion.id = unescapeXml(attrs.id);
    const extensions: Json = {};
    readChildren(extensions, children, 'Element', path);
    if (extensions.id !== undefined) throw new FhirXmlError(`${path}: unexpected id element`);
    if (extensions.extension !== undefined) companion.extension = extensions.extension;
    const value = attrs.value === undefined ? undefined : parsePrimitive(attrs.value, element, path);
    if (value === undefined && Object.keys(companion).length === 0) {
      throw new FhirXmlError(`${path}: a primitive element needs a value or extensions`);
    }
    return { value, ...(Object.keys(companion).length ? { companion } : {}) };
  }
  const type = fhirType(element.type);
  checkAttributes(
    attrs,
    [...(type.isResource ? [] : ['id']), ...(element.type === 'Extension' ? ['url'] : [])],
    path,
  );
  const value: Json = {};
  if (attrs.id !== undefined) value.id = unescapeXml(attrs.id);
  if (attrs.url !== undefined) value.url = unescapeXml(attrs.url);
  readChildren(value, children, element.type, path);
  return { value };
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  // The narrative's XHTML stays as written: it is a string in JSON.
  stopNodes: ['*.div'],
  // Entities and character references are resolved here, once (unescapeXml): fast-xml-parser would
  // resolve the predefined entities but leave character references.
  processEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

/** Reads FHIR R4 XML into the resource's JSON form; FhirXmlError for anything FHIR XML does not allow. */
export function fromFhirXml(xml: string): Resource {
  loadFhirDefinitions();
  const problems = scanXml(xml);
  if (problems.length) {
    const list = problems.map(({ line, column, message }) => `${line}:${column} ${message}`).join('; ');
    throw new FhirXmlError(`not well-formed XML: ${list}`);
  }
  const nodes = parser.parse(xml) as XmlNode[];
  const roots = nodes.filter((node) => nodeName(node) !== TEXT);
  const [root] = roots;
  if (roots.length !== 1 || !root) throw new FhirXmlError('expected one root element');
  if (unescapeXml(nodeAttributes(root).xmlns ?? '') !== FHIR_NAMESPACE) {
    throw new FhirXmlError(`the root element is not in the FHIR namespace ${FHIR_NAMESPACE}`);
  }
  return readResource(root, nodeName(root)) as unknown as Resource;
}
