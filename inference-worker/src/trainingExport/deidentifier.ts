/**
 * The export's one meeting point with the de-identifier (src/deidentify): its function, the
 * project's key from its key store, its verification report and the Markdown it renders. Nothing here re-implements it.
 */
import {
  DeidentificationError,
  deidentifyInstances,
  loadProjectKey,
  reportMarkdown,
  type VerificationReport,
} from '../deidentify/index';

export {
  DeidentificationError,
  deidentifyInstances,
  loadProjectKey,
  reportMarkdown,
  type VerificationReport,
};

const MAX_REASONS = 50;

/**
 * Why a set failed verification, one line per finding (files by their de-identified name, which
 * names no patient), at most MAX_REASONS and a count of the rest.
 */
export function verificationReasons(report: VerificationReport): string[] {
  const lines = [
    ...report.files.flatMap((file) =>
      file.findings.map(
        (f) => `${file.outputName}: ${f.check}${f.attribute ? ` at ${f.attribute}` : ''}: ${f.message}`,
      ),
    ),
    ...report.setFindings.map((f) => `the set: ${f.check}: ${f.message}`),
  ];
  if (!report.passed && lines.length === 0)
    lines.push('the verification did not pass (no file was verified)');
  return lines.length > MAX_REASONS
    ? [...lines.slice(0, MAX_REASONS), `… and ${lines.length - MAX_REASONS} more finding(s) in the report`]
    : lines;
}
