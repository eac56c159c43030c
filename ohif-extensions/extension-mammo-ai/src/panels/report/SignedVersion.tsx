import { assessmentWithName } from '@sentinelle/reporting/report';
import { formatDateTime, t } from '../../i18n';
import { REPORT_EXPORTS, type ReportsApi, type ReportVersion } from '../../api/reportsApi';
import { box } from '../panelStyles';

/** A signed version: who signed and when, its conclusion, and its exports to download. */
export function SignedVersion(props: { readonly version: ReportVersion; readonly reports: ReportsApi }) {
  const { version, reports } = props;
  const { content } = version;
  const signedAt = version.signedAt ? formatDateTime(version.signedAt) : '';
  return (
    <div style={box} data-testid="signed-version" data-version={version.version}>
      <div style={{ fontWeight: 600 }}>
        {t('report.version', { version: version.version })}
        {version.amendsVersion !== null && ` — ${t('report.addendumOf', { version: version.amendsVersion })}`}
      </div>
      <div data-testid="signed-by">
        {t('report.signedBy', { name: version.signer?.displayName ?? '?', date: signedAt })}
      </div>
      <div style={{ marginTop: 4 }} data-testid="signed-overall">
        {assessmentWithName(content.locale, content.overallAssessment)}
      </div>
      <div style={{ whiteSpace: 'pre-wrap', marginTop: 4, color: '#bbb' }}>{content.impressionText}</div>
      <div style={{ marginTop: 4 }}>
        {t('labelled', { label: t('report.download') })}
        {REPORT_EXPORTS.map((kind) => (
          <a
            key={kind}
            data-testid={`export-${kind}`}
            href={reports.exportUrl(version.studyInstanceUid, version.version, kind)}
            download
            style={{ color: '#7cc4ff', marginRight: 8 }}
          >
            {t(`report.export.${kind}`)}
          </a>
        ))}
      </div>
    </div>
  );
}
