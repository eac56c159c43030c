import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { BridgeApi } from '../../api/bridgeApi';
import { onReportSigned, ReportsApi, type SignedReportEntry } from '../../api/reportsApi';
import { t } from '../../i18n';
import './reportStrings';

/**
 * The study's signed report versions for the reading history, fetched again whenever a version is
 * signed in this window. Empty while loading or when the bridge cannot answer.
 */
export function useReportSignings(api: BridgeApi, studyUid: string | null): SignedReportEntry[] {
  const reports = useMemo(() => new ReportsApi(api), [api]);
  const [signings, setSignings] = useState<SignedReportEntry[]>([]);
  useEffect(() => {
    if (!studyUid) return undefined;
    let live = true;
    const load = () =>
      reports.signings(studyUid).then(
        (next) => live && setSignings(next),
        () => live && setSignings([]),
      );
    void load();
    const stop = onReportSigned((signed) => {
      if (signed === studyUid) void load();
    });
    return () => {
      live = false;
      stop();
    };
  }, [reports, studyUid]);
  return signings;
}

/** Signed versions as rows of the reading history: the report, then each addendum. */
export function reportHistoryRows(
  signings: readonly SignedReportEntry[],
): { at: string; node: ReactNode; testId: string }[] {
  return signings.map((signing) => ({
    at: signing.signedAt,
    testId: signing.amendsVersion === null ? 'history-report-signed' : 'history-report-addendum',
    node:
      signing.amendsVersion === null
        ? t('report.history.signed', { who: signing.signer.displayName, version: signing.version })
        : t('report.history.addendum', {
            who: signing.signer.displayName,
            version: signing.version,
            amends: signing.amendsVersion,
          }),
  }));
}
