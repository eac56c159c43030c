import type { Finding, VerificationReport } from './report';

/** The verification report as a page a person reads before releasing (or not) a set. */
export function reportMarkdown(report: VerificationReport): string {
  const lines: string[] = [
    `# De-identification verification — ${report.project}`,
    '',
    `**Result: ${report.passed ? 'PASSED — the set may be released' : 'FAILED — the set is not released'}**`,
    '',
    `Checked ${report.checkedAt}: ${report.counts.instances} instance(s), ${report.counts.studies} study(ies), ${report.counts.patients} patient(s).`,
    '',
    `Profile: ${report.profile.standard}, with ${report.profile.methods.map((m) => `${m.meaning} (${m.value})`).join(', ')}.`,
    '',
    '## Files',
    '',
    '| # | output | attributes checked | OCR words left | result |',
    '| ---: | --- | ---: | ---: | --- |',
    ...report.files.map(
      (f) =>
        `| ${f.sourceIndex + 1} | ${cell(f.outputName)} | ${f.attributesChecked} | ${f.textRegionsFound ?? '—'} | ${f.passed ? 'passed' : `**${f.findings.length} finding(s)**`} |`,
    ),
    '',
  ];
  const failing = report.files.filter((f) => !f.passed);
  if (failing.length > 0 || report.setFindings.length > 0) {
    lines.push('## Findings', '');
    for (const file of failing) {
      lines.push(`### ${file.outputName}`, '', ...file.findings.map(findingLine), '');
    }
    if (report.setFindings.length > 0)
      lines.push('### The set', '', ...report.setFindings.map(findingLine), '');
  }
  lines.push(
    '## k-anonymity on (age band, sex, site)',
    '',
    `k = ${report.kAnonymity.k}: every patient shares these three values with at least ${Math.max(report.kAnonymity.k - 1, 0)} other(s) in the set.`,
    '',
    '| age band | sex | site | patients |',
    '| --- | --- | --- | ---: |',
    ...report.kAnonymity.groups.map(
      (g) => `| ${g.ageBand} | ${cell(g.sex)} | ${cell(g.site)} | ${g.patients} |`,
    ),
    '',
  );
  return lines.join('\n');
}

function findingLine(finding: Finding): string {
  return `- [${finding.check}] ${finding.attribute ? `${cell(finding.attribute)}: ` : ''}${cell(finding.message)}`;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
