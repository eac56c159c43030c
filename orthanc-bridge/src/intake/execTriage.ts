import { ANALYSIS_PRIORITIES, type AnalysisPriority } from './queueContract';

/**
 * A triage rule, as `@sentinelle/config` validates it from TRIAGE_RULES: a study whose DICOM
 * attribute `field` matches `pattern` (regular expression source, compiled with `flags`, default
 * 'i') gets `priority`.
 */
export interface TriageRule {
  readonly priority: AnalysisPriority;
  readonly field: string;
  readonly pattern: string;
  readonly flags?: string | undefined;
}

export interface TriageDecision {
  readonly priority: AnalysisPriority;
  /** The rule that decided, with the value it matched; undefined when no rule matched. */
  readonly matched?: { readonly rule: TriageRule; readonly value: string };
}

/** Lower is more urgent. */
export function urgency(priority: AnalysisPriority): number {
  return ANALYSIS_PRIORITIES.indexOf(priority);
}

/** The most urgent of the priorities. */
export function mostUrgent(...priorities: AnalysisPriority[]): AnalysisPriority {
  return priorities.reduce((a, b) => (urgency(b) < urgency(a) ? b : a));
}

/** The string values of an attribute: DICOM multi-values (`A\B`) split; sequences and numbers ignored. */
function valuesOf(value: unknown): string[] {
  if (typeof value === 'string') return value.split('\\');
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

/**
 * The priority of a study from its DICOM attributes (keyword → value, as Orthanc's simplified
 * tags give them). Every rule is tried: the most urgent matching priority wins, whatever the
 * rules' order; with no match, `defaultPriority`. Pure: no I/O, same answer for the same input.
 */
export function execTriage(
  tags: Readonly<Record<string, unknown>>,
  rules: readonly TriageRule[],
  defaultPriority: AnalysisPriority = 'screening',
): TriageDecision {
  let decision: TriageDecision = { priority: defaultPriority };
  for (const rule of rules) {
    if (decision.matched && urgency(rule.priority) >= urgency(decision.priority)) continue;
    const regex = new RegExp(rule.pattern, rule.flags ?? 'i');
    const value = valuesOf(tags[rule.field]).find((v) => regex.test(v.trim()));
    if (value !== undefined && (!decision.matched || urgency(rule.priority) < urgency(decision.priority)))
      decision = { priority: rule.priority, matched: { rule, value } };
  }
  return decision;
}
