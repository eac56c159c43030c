import { reportProblems, type ReportDraftContent, type ReportProblem } from '@sentinelle/reporting/report';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { BridgeApiError, type BridgeApi, type SignedInSession } from '../../api/bridgeApi';
import { ReportsApi, type StudyReport } from '../../api/reportsApi';
import { currentLanguage, t, userMessage } from '../../i18n';
import { onStudySession, studySession } from '../../studySession';
import { box, button, errorText } from '../panelStyles';
import { useStore } from '../useStore';
import { DraftEditor } from './DraftEditor';
import { SignDialog } from './SignDialog';
import { SignedVersion } from './SignedVersion';
import { useDraftAutosave, type SaveState } from './useDraftAutosave';
import './reportStrings';

/**
 * What keeps the draft from being signed, in the viewer's language: the report's consistency rules
 * (the ones the bridge signs by). `refused`: the bridge has just refused to sign it.
 */
function ProblemList(props: { readonly problems: readonly ReportProblem[]; readonly refused: boolean }) {
  const language = currentLanguage();
  if (props.problems.length === 0 && !props.refused) return null;
  return (
    <div
      data-testid="report-problems"
      data-refused={props.refused}
      role={props.refused ? 'alert' : 'status'}
      style={{ marginTop: 8, padding: 6, border: '1px solid #b5651d', borderRadius: 4 }}
    >
      <div style={{ fontWeight: 600, color: '#ffb37a' }}>
        {props.refused ? t('report.refused') : t('report.toComplete')}
      </div>
      <ul style={{ margin: '4px 0 0 16px', padding: 0 }}>
        {props.problems.map((problem, index) => (
          <li
            key={`${problem.code}-${problem.laterality ?? ''}-${problem.findingId ?? ''}-${index}`}
            data-testid="report-problem-item"
            data-code={problem.code}
          >
            {problem.message[language]}
          </li>
        ))}
      </ul>
    </div>
  );
}

function saveStateText(state: SaveState, stored: boolean): string {
  switch (state.kind) {
    case 'idle':
      return stored ? '' : t('report.prefilled');
    case 'saving':
      return t('report.saving');
    case 'saved':
      return t('report.savedAt', {
        time: state.at.toLocaleTimeString(currentLanguage() === 'fr' ? 'fr-FR' : 'en-GB'),
      });
    case 'failed':
      return t('report.saveFailed', { error: state.error });
  }
}

/**
 * The report panel of the mammography mode: the study's signed versions with their exports, and the
 * draft (prefilled from the validated reading, saved as the physician types) with its signature.
 * After a signature the report is closed to edits; an addendum opens a new draft amending it.
 */
export function ReportPanel({ api }: { readonly api: BridgeApi }) {
  const session = useStore(studySession, onStudySession);
  const studyUid = session.studyInstanceUid;
  const analysed = session.findings !== null;
  const reports = useMemo(() => new ReportsApi(api), [api]);
  const [user, setUser] = useState<SignedInSession['user'] | null>(null);
  const [report, setReport] = useState<StudyReport | null>(null);
  const [draft, setDraft] = useState<ReportDraftContent | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [signing, setSigning] = useState(false);
  const [refused, setRefused] = useState(false);
  const problems = useMemo(() => (draft ? reportProblems(draft) : []), [draft]);

  const save = useCallback(
    (content: ReportDraftContent) => (studyUid ? reports.saveDraft(studyUid, content) : Promise.resolve()),
    [reports, studyUid],
  );
  const autosave = useDraftAutosave(save);

  const load = useCallback(async () => {
    if (!studyUid) return;
    try {
      const next = await reports.report(studyUid, currentLanguage());
      setReport(next);
      setDraft(next.draft?.content ?? null);
      setProblem(null);
    } catch (error) {
      setReport(null);
      setDraft(null);
      setProblem(
        error instanceof BridgeApiError && error.status === 404
          ? t('report.unavailable')
          : userMessage(error),
      );
    }
  }, [reports, studyUid]);

  useEffect(() => {
    api.session().then(
      (s) => setUser(s.user ?? null),
      () => setUser(null),
    );
  }, [api]);
  // Again when the AI results arrive: the report is prefilled from them.
  useEffect(() => {
    void load();
  }, [load, analysed]);

  const permissions = new Set(user?.permissions ?? []);
  const canEdit = permissions.has('finding:validate');
  const canSign = permissions.has('report:sign');

  const edit = (content: ReportDraftContent) => {
    setDraft(content);
    setRefused(false);
    autosave.changed(content);
  };

  const sign = async (password: string, code: string | undefined) => {
    if (!studyUid || !draft) return;
    // Saves what is on screen (a prefilled draft too), then signs exactly that.
    autosave.changed(draft);
    await autosave.flush();
    try {
      await reports.sign(studyUid, password, code);
    } catch (error) {
      if (!(error instanceof BridgeApiError && error.status === 422)) throw error;
      // Refused for its content: the list says why, in the viewer's language.
      setSigning(false);
      setRefused(true);
      return;
    }
    setSigning(false);
    setRefused(false);
    await load();
  };

  const startAddendum = async () => {
    if (!studyUid) return;
    try {
      await reports.startAddendum(studyUid);
      await load();
    } catch (error) {
      setProblem(userMessage(error));
    }
  };

  return (
    <div data-testid="report-panel" style={{ overflowY: 'auto', height: '100%', background: '#090c29' }}>
      <div style={box}>
        <div style={{ fontWeight: 700, fontSize: 15 }}>{t('report.tab')}</div>
        {problem && (
          <div data-testid="report-problem" style={errorText}>
            {problem}
          </div>
        )}
      </div>

      {report?.versions.map((version) => (
        <SignedVersion key={version.version} version={version} reports={reports} />
      ))}

      {report?.draft && draft && (
        <div style={box}>
          <div style={{ fontWeight: 600 }}>
            {t('report.draftOf', { version: report.draft.version })}
            {report.draft.amendsVersion !== null &&
              ` — ${t('report.addendumOf', { version: report.draft.amendsVersion })}`}
          </div>
          <div data-testid="report-save-state" data-state={autosave.state.kind} style={{ color: '#999' }}>
            {saveStateText(autosave.state, report.draft.stored)}
          </div>
          {canEdit ? (
            <DraftEditor content={draft} version={report.draft.version} onChange={edit} />
          ) : (
            <div style={{ whiteSpace: 'pre-wrap' }}>{draft.impressionText}</div>
          )}
          <div style={{ marginTop: 8 }}>
            {!canSign && <div style={{ color: '#ffcc66' }}>{t('report.noSignPermission')}</div>}
            {canEdit && <ProblemList problems={problems} refused={refused} />}
            {canSign && !signing && (
              <button
                data-testid="btn-sign-report"
                style={{ ...button, ...(problems.length > 0 && { opacity: 0.5, cursor: 'not-allowed' }) }}
                disabled={problems.length > 0}
                title={problems.length > 0 ? t('report.toComplete') : undefined}
                onClick={() => setSigning(true)}
              >
                {t('report.sign')}
              </button>
            )}
            {canSign && signing && (
              <SignDialog
                signerName={user?.displayName ?? ''}
                askCode={user?.totpEnrolled === true}
                onSign={sign}
                onCancel={() => setSigning(false)}
              />
            )}
          </div>
        </div>
      )}

      {report && !report.draft && report.versions.length > 0 && canEdit && (
        <div style={box}>
          <button data-testid="btn-start-addendum" style={button} onClick={() => void startAddendum()}>
            {t('report.startAddendum')}
          </button>
        </div>
      )}
    </div>
  );
}
