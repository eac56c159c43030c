import { execTriage, mostUrgent, type TriageRule } from './execTriage';

const rules: TriageRule[] = [
  { priority: 'diagnostic', field: 'StudyDescription', pattern: '\\b(diag|bilan|recall)', flags: 'i' },
  { priority: 'stat', field: 'RequestedProcedurePriority', pattern: '^(STAT|HIGH)$', flags: 'i' },
  { priority: 'stat', field: 'RequestedProcedureDescription', pattern: '\\b(urgent|urgence)\\b' },
];

describe('execTriage', () => {
  it('execTriage gives the default priority when no rule matches', () => {
    expect(execTriage({ StudyDescription: 'Mammographie de dépistage' }, rules)).toEqual({
      priority: 'screening',
    });
    expect(execTriage({}, rules, 'diagnostic')).toEqual({ priority: 'diagnostic' });
  });

  it('execTriage applies a matching rule and says which value matched', () => {
    const decision = execTriage({ StudyDescription: 'MAMMO BILAN DIAG' }, rules);
    expect(decision.priority).toBe('diagnostic');
    expect(decision.matched?.value).toBe('MAMMO BILAN DIAG');
    expect(decision.matched?.rule).toBe(rules[0]);
  });

  it('execTriage lets the most urgent matching rule win whatever the order of the rules', () => {
    const tags = { StudyDescription: 'diagnostic', RequestedProcedurePriority: 'HIGH' };
    expect(execTriage(tags, rules).priority).toBe('stat');
    expect(execTriage(tags, [...rules].reverse()).priority).toBe('stat');
  });

  it('execTriage compiles patterns case-insensitively unless flags say otherwise', () => {
    expect(execTriage({ RequestedProcedureDescription: 'Mammo URGENT' }, rules).priority).toBe('stat');
    const caseSensitive: TriageRule[] = [
      { priority: 'stat', field: 'StudyDescription', pattern: 'URG', flags: '' },
    ];
    expect(execTriage({ StudyDescription: 'urg' }, caseSensitive).priority).toBe('screening');
    expect(execTriage({ StudyDescription: 'URG' }, caseSensitive).priority).toBe('stat');
  });

  it('execTriage reads each value of a multi-valued attribute and ignores sequences and numbers', () => {
    const r: TriageRule[] = [{ priority: 'stat', field: 'X', pattern: '^stat$' }];
    expect(execTriage({ X: 'routine\\STAT' }, r).priority).toBe('stat');
    expect(execTriage({ X: [{ CodeMeaning: 'stat' }] }, r).priority).toBe('screening');
    expect(execTriage({ X: 42 }, r).priority).toBe('screening');
  });

  it('execTriage lets a matching rule decide even when it is less urgent than the default', () => {
    const screeningRule: TriageRule[] = [
      { priority: 'screening', field: 'StudyDescription', pattern: 'dépistage' },
    ];
    expect(execTriage({ StudyDescription: 'Dépistage organisé' }, screeningRule, 'diagnostic').priority).toBe(
      'screening',
    );
  });
});

describe('mostUrgent', () => {
  it('mostUrgent picks stat over diagnostic over screening', () => {
    expect(mostUrgent('screening', 'diagnostic')).toBe('diagnostic');
    expect(mostUrgent('diagnostic', 'stat', 'screening')).toBe('stat');
  });
});
