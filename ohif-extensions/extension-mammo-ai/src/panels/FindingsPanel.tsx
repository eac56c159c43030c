/* eslint-disable @typescript-eslint/no-explicit-any */
import {
  BIRADS_CATEGORIES,
  type BiradsCategory,
  type ExamLesion,
  type ReaderFinding,
  type ScreeningCategory,
} from '@sentinelle/reporting/findings';
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { BridgeApiError, type BridgeApi, type Reader, type Reading } from '../api/bridgeApi';
import { formatDateTime, formatDecimal, t, userMessage } from '../i18n';
import type { CommandsManager } from '../ohif';
import { imageIdsBySop } from '../overlay/aiOverlay';
import { findingColour } from '../overlay/findingColours';
import { onOverlaySettings, overlaySettings } from '../overlay/overlaySettings';
import { screeningCategoryStyle } from '../screeningCategoryStyle';
import { drawingsSavedAs, onStudySession, refreshReading, studySession } from '../studySession';
import { lesionName, lesionRows, viewName, viewWord, type LesionRow } from '../examLesions';
import { isRejected, onReaderMarks, readerMarks, updateReaderMarks } from '../overlay/readerMarks';
import { renderAll } from '../overlay/aiOverlay';
import { activeButton, box, button } from './panelStyles';
import { useStore } from './useStore';
import {
  drawingSize,
  drawingToFinding,
  readerDrawings,
  removeReaderDrawing,
  saveRevisionFrom,
  READER_TOOLS,
  TOOL_LABELS,
  type ReaderDrawing,
} from './readerFindings';
import './panelStrings';
import { reportHistoryRows, useReportSignings } from './report/reportHistory';

interface Props {
  readonly api: BridgeApi;
  readonly commandsManager: CommandsManager;
  readonly servicesManager: any;
}

type Mode = 'validate' | 'modify' | 'consult' | null;

/** The three decisions, each labelled in the reader's language (string keys). */
const MODE_BUTTONS: readonly { mode: Exclude<Mode, null>; label: string; needsFindings: boolean }[] = [
  { mode: 'validate', label: 'validate', needsFindings: true },
  { mode: 'modify', label: 'modify', needsFindings: true },
  { mode: 'consult', label: 'consult', needsFindings: false },
];

/** A screening reading: the category (styled), the exam score 1–10 and the calibrated probability. */
function ScreeningReading(props: {
  testId: string;
  category: ScreeningCategory;
  examScore: number;
  malignancyScore: number;
}) {
  return (
    <span data-testid={props.testId} data-category={props.category}>
      <span data-testid={`${props.testId}-category`} style={screeningCategoryStyle(props.category)}>
        {t(`category.${props.category}`)}
      </span>
      {' · '}
      {t('examScore')}{' '}
      <span
        data-testid={`${props.testId}-exam-score`}
        data-value={props.examScore}
        style={{ fontWeight: 600 }}
      >
        {props.examScore}/10
      </span>
      {' · '}
      {t('malignancyScore')}{' '}
      <span data-testid={`${props.testId}-malignancy-score`} data-value={props.malignancyScore}>
        {formatDecimal(props.malignancyScore, 2)}
      </span>
    </span>
  );
}

/** What the lesion is: type, size, shape or calcification count. */
function lesionText(lesion: ExamLesion): string {
  const parts = [t(`type.${lesion.type}`)];
  if (lesion.diameterMm !== null) parts.push(`${formatDecimal(lesion.diameterMm, 0)} ${t('mm')}`);
  if (lesion.shape) parts.push(t(`shape.${lesion.shape}`));
  if (lesion.calcificationCount !== null) parts.push(`n = ${lesion.calcificationCount}`);
  return parts.join(', ');
}

/** Where the lesion is: its breast and views, then clock position, depth and nipple distance when known. */
function lesionPlace(lesion: ExamLesion): string {
  const views = lesion.views.map((v) => viewWord(v.view)).join(' + ');
  const parts = [`${t(`side.${lesion.laterality}`)} (${views})`];
  if (lesion.clockPosition !== null) parts.push(t('clockPosition', { h: lesion.clockPosition }));
  if (lesion.depth !== null) parts.push(t(`depth.${lesion.depth}`));
  if (lesion.nippleDistanceMm !== null)
    parts.push(t('nippleDistance', { d: formatDecimal(lesion.nippleDistanceMm, 0) }));
  return parts.join(', ');
}

/** The reading panel of the mammography mode: AI results, overlay controls, the reader's decisions. */
export function FindingsPanel({ api, commandsManager, servicesManager }: Props) {
  const session = useStore(studySession, onStudySession);
  const overlay = useStore(overlaySettings, onOverlaySettings);
  const marks = useStore(readerMarks, onReaderMarks);
  const [readers, setReaders] = useState<Reader[]>([]);
  const [me, setMe] = useState<Reader | null>(null);
  const reader = me?.login ?? null;
  const [reading, setReading] = useState<Reading | null>(null);
  const [mode, setMode] = useState<Mode>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [incoming, setIncoming] = useState<any[]>([]);
  const studyUid = session.studyInstanceUid;
  const findings = session.findings;
  const signings = useReportSignings(api, studyUid);

  const refresh = useCallback(async () => {
    if (!studyUid) return;
    const [nextReading, consultations] = await Promise.all([
      api.reading(studyUid).catch(() => null),
      api.consultations().catch(() => null),
      // The overlay follows the decision just recorded (rejected marks, latest revision).
      refreshReading().catch(() => undefined),
    ]);
    setReading(nextReading);
    setIncoming(consultations?.incoming.filter((c) => c.studyInstanceUid === studyUid) ?? []);
  }, [api, studyUid]);

  useEffect(() => {
    api.readers().then(setReaders, () => setReaders([]));
    api.session().then(
      (s) => setMe(s.user ?? null),
      () => setMe(null),
    );
  }, [api]);
  useEffect(() => {
    void refresh();
  }, [refresh, reader]);

  const lesions = useMemo(() => (findings ? lesionRows(findings.findings) : []), [findings]);
  const inverted = (findings?.findings.images ?? []).filter((image) => image.invertedDetected);

  const run = (name: string, options: Record<string, unknown> = {}) =>
    commandsManager.runCommand(name, options);

  return (
    <div data-testid="sentinelle-panel" style={{ overflowY: 'auto', height: '100%', background: '#090c29' }}>
      <div style={box}>
        <div style={{ fontWeight: 700, fontSize: 15 }}>{t('panelTitle')}</div>
        {findings && (
          <div data-testid="model-info" style={{ marginTop: 4 }}>
            {findings.model.id} {findings.model.version}
            {findings.model.researchOnly && (
              <div data-testid="research-notice" style={{ color: '#ffcc66', marginTop: 2 }}>
                {t('researchNotice')}
              </div>
            )}
          </div>
        )}
      </div>

      <div style={box}>
        <label>
          <input
            type="checkbox"
            data-testid="toggle-ai"
            checked={overlay.visible}
            onChange={(e) => run('sentinelleToggleAiOverlay', { visible: e.target.checked })}
          />{' '}
          {t('showAi')}
        </label>
        <div>
          <label>
            <input
              type="checkbox"
              data-testid="toggle-rejected"
              checked={marks.showRejected}
              onChange={(e) => {
                updateReaderMarks({ showRejected: e.target.checked });
                renderAll();
              }}
            />{' '}
            {t('showRejected')}
          </label>
        </div>
        <div>
          <label title={t('modelViewHint')}>
            <input
              type="checkbox"
              data-testid="toggle-model-view"
              checked={overlay.modelView}
              onChange={(e) => run('sentinelleToggleModelView', { shown: e.target.checked })}
            />{' '}
            {t('modelView')}
          </label>
        </div>
        <div>
          <label>
            {t('segOpacity')}{' '}
            <input
              type="range"
              data-testid="seg-opacity"
              min={0}
              max={1}
              step={0.05}
              value={overlay.segOpacity}
              onChange={(e) => run('sentinelleSetSegOpacity', { opacity: Number(e.target.value) })}
            />
          </label>
        </div>
      </div>

      {session.loading && <div style={box}>{t('loading')}</div>}
      {!session.loading && !findings && (
        <div style={box} data-testid="no-analysis">
          {session.error ?? t('noAnalysis')}
        </div>
      )}
      {findings && (
        <div style={box}>
          <div>
            {t('labelled', { label: t('exam') })}
            <ScreeningReading
              testId="exam-reading"
              category={findings.findings.category}
              examScore={findings.findings.examScore}
              malignancyScore={findings.findings.malignancyScore}
            />
          </div>
          {findings.findings.breasts.map((breast) => (
            <div key={breast.laterality} data-testid={`breast-${breast.laterality}`}>
              {t('labelled', { label: t(`breast${breast.laterality}`) })}
              <ScreeningReading
                testId={`breast-reading-${breast.laterality}`}
                category={breast.category}
                examScore={breast.examScore}
                malignancyScore={breast.malignancyScore}
              />
            </div>
          ))}
          {inverted.length > 0 && (
            <div data-testid="inverted-detected" style={{ color: '#ffcc66', marginTop: 4 }}>
              {t('invertedDetected', {
                views: inverted.map((image) => `${image.laterality ?? ''}${image.view ?? ''}`).join(', '),
              })}
            </div>
          )}
          <div style={{ marginTop: 6, fontWeight: 600 }}>{t('lesions')}</div>
          {lesions.length === 0 && <div>{t('noLesion')}</div>}
          {lesions.map((row) => {
            const { lesion, marks: lesionMarks } = row;
            const rejected = lesionMarks.length > 0 && lesionMarks.every((m) => isRejected(m.key, marks));
            return (
              <div
                key={lesion.id}
                data-testid="lesion-row"
                data-lesion-id={lesion.id}
                data-views={lesion.views.length}
                data-lesion-key={lesionMarks[0]?.key ?? ''}
                data-rejected={rejected}
                onClick={() =>
                  lesionMarks[0] && run('sentinelleJumpToLesion', { lesionKey: lesionMarks[0].key })
                }
                style={{
                  cursor: lesionMarks[0] ? 'pointer' : 'default',
                  padding: '3px 0',
                  borderLeft: `4px solid ${findingColour(lesion.type)}`,
                  paddingLeft: 6,
                  margin: '3px 0',
                  opacity: rejected ? 0.5 : 1,
                  textDecoration: rejected ? 'line-through' : 'none',
                }}
              >
                {lesionName(row)} · {lesionText(lesion)} · {lesionPlace(lesion)} ·{' '}
                {formatDecimal(lesion.score, 2)}
              </div>
            );
          })}
        </div>
      )}

      <div style={box}>
        <div data-testid="signed-in-as">
          {t('signedInAs', { who: me?.displayName ?? '…' })}{' '}
          <button data-testid="btn-sign-out" style={button} onClick={() => void api.signOut()}>
            {t('signOut')}
          </button>
        </div>
        <div style={{ marginTop: 6 }}>
          {MODE_BUTTONS.map(({ mode: value, label, needsFindings }) => (
            <button
              key={value}
              data-testid={`btn-${value}`}
              style={mode === value ? activeButton : button}
              disabled={needsFindings && !findings}
              onClick={() => setMode(value)}
            >
              {t(label)}
            </button>
          ))}
          <button
            data-testid="btn-open-report"
            style={button}
            disabled={!findings}
            onClick={() => run('sentinelleOpenReport')}
          >
            {t('report.open')}
          </button>
        </div>
        {message && (
          <div data-testid="panel-message" style={{ marginTop: 4, color: '#9fd89f' }}>
            {message}
          </div>
        )}
        {!reader && mode && <div style={{ color: '#ffcc66' }}>{t('needReader')}</div>}
        {reader && mode === 'validate' && findings && studyUid && (
          <ValidateForm
            api={api}
            studyUid={studyUid}
            lesions={lesions}
            onDone={(text) => {
              setMessage(text);
              setMode(null);
              void refresh();
            }}
          />
        )}
        {reader && mode === 'modify' && findings && studyUid && (
          <ModifyForm
            api={api}
            studyUid={studyUid}
            lesions={lesions}
            servicesManager={servicesManager}
            run={run}
            onDone={(text) => {
              setMessage(text);
              void refresh();
            }}
          />
        )}
        {reader && mode === 'consult' && studyUid && (
          <ConsultForm
            api={api}
            studyUid={studyUid}
            readers={readers.filter((r) => r.login !== reader)}
            onDone={(text) => {
              setMessage(text);
              setMode(null);
              void refresh();
            }}
          />
        )}
      </div>

      {incoming.length > 0 && (
        <div style={box} data-testid="incoming-requests">
          <div style={{ fontWeight: 600 }}>{t('requests')}</div>
          {incoming.map((c) => (
            <AnswerForm key={c.id} api={api} consultation={c} onDone={() => void refresh()} />
          ))}
        </div>
      )}

      {reading && <History reading={reading} extra={reportHistoryRows(signings)} />}
    </div>
  );
}

/** One checkbox per AI lesion (both its views at once), checked unless the reader unticks it. */
function LesionChecklist(props: {
  testId: string;
  lesions: readonly LesionRow[];
  checked: Record<string, boolean>;
  onChange: (checked: Record<string, boolean>) => void;
  label: (row: LesionRow) => string;
}) {
  return (
    <>
      {props.lesions.map((row) => {
        const { lesion } = row;
        return (
          <label key={lesion.id} style={{ display: 'block' }}>
            <input
              type="checkbox"
              data-testid={props.testId}
              data-lesion-id={lesion.id}
              checked={props.checked[lesion.id] ?? true}
              onChange={(e) => props.onChange({ ...props.checked, [lesion.id]: e.target.checked })}
            />{' '}
            {props.label(row)}
          </label>
        );
      })}
    </>
  );
}

/** Each lesion ticked unless the reader rejected it in her latest decision (all its marks rejected). */
function startingVerdicts(lesions: readonly LesionRow[]): Record<string, boolean> {
  const marks = readerMarks();
  return Object.fromEntries(
    lesions.map(({ lesion, marks: lesionMarks }) => [
      lesion.id,
      !(lesionMarks.length > 0 && lesionMarks.every((m) => marks.recorded.has(m.key))),
    ]),
  );
}

function ValidateForm({
  api,
  studyUid,
  lesions,
  onDone,
}: {
  api: BridgeApi;
  studyUid: string;
  lesions: LesionRow[];
  onDone: (text: string) => void;
}) {
  const [agree, setAgree] = useState<Record<string, boolean>>(() => startingVerdicts(lesions));
  const [overall, setOverall] = useState(true);
  const [birads, setBirads] = useState<BiradsCategory | ''>('');
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    try {
      await api.validate(studyUid, {
        overall: overall ? 'agree' : 'disagree',
        ...(birads ? { birads } : {}),
        // The verdict on a lesion is the verdict on each of its views' marks.
        lesions: lesions.flatMap(({ lesion, marks }) =>
          marks.map((m) => ({ lesionKey: m.key, agree: agree[lesion.id] ?? true })),
        ),
      });
      onDone(t('saved'));
    } catch (e) {
      setError(userMessage(e));
    }
  };
  return (
    <div data-testid="validate-form" style={{ marginTop: 6 }}>
      <LesionChecklist
        testId="lesion-agree"
        lesions={lesions}
        checked={agree}
        onChange={setAgree}
        label={(row) => `${lesionName(row)} ${t('agreeLesion')}`}
      />
      <label style={{ display: 'block' }}>
        <input
          type="checkbox"
          data-testid="overall-agree"
          checked={overall}
          onChange={(e) => setOverall(e.target.checked)}
        />{' '}
        {t('overallAgree')}
      </label>
      <label>
        {t('birads')}{' '}
        <select
          data-testid="birads-select"
          style={{ color: '#000' }}
          value={birads}
          onChange={(e) => setBirads(e.target.value as BiradsCategory | '')}
        >
          <option value="">—</option>
          {BIRADS_CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </label>
      <div>
        <button data-testid="submit-validation" style={button} onClick={() => void submit()}>
          {t('save')}
        </button>
      </div>
      {error && <div style={{ color: '#ff6b6b' }}>{error}</div>}
    </div>
  );
}

function ModifyForm(props: {
  api: BridgeApi;
  studyUid: string;
  lesions: LesionRow[];
  servicesManager: any;
  run: (name: string, options?: Record<string, unknown>) => unknown;
  onDone: (text: string) => void;
}) {
  const { api, studyUid, lesions, servicesManager, run, onDone } = props;
  // A revision starts from the reader's latest decision, never from the raw AI.
  const previous = useStore(studySession, onStudySession).latestRevision;
  const [keep, setKeep] = useState<Record<string, boolean>>(() => startingVerdicts(lesions));
  useEffect(() => {
    // What she unticks leaves the screen at once; leaving the form shows the recorded decision again.
    const unticked = lesions.filter(({ lesion }) => keep[lesion.id] === false).flatMap(({ marks }) => marks);
    updateReaderMarks({ preview: new Set(unticked.map((m) => m.key)) });
    renderAll();
  }, [keep, lesions]);
  useEffect(
    () => () => {
      updateReaderMarks({ preview: null });
      renderAll();
    },
    [],
  );
  const [drawings, setDrawings] = useState<ReaderDrawing[]>([]);
  const [types, setTypes] = useState<Record<string, 'mass' | 'calcifications'>>({});
  const [error, setError] = useState<string | null>(null);

  const sopOf = useCallback(() => {
    const reverse = new Map<string, string>();
    for (const [sop, imageId] of imageIdsBySop(servicesManager)) reverse.set(imageId, sop);
    return (imageId: string) => reverse.get(imageId);
  }, [servicesManager]);

  useEffect(() => {
    const update = () => setDrawings(readerDrawings(sopOf()));
    update();
    const { measurementService } = servicesManager.services;
    const subscriptions = [
      measurementService.EVENTS.MEASUREMENT_ADDED,
      measurementService.EVENTS.MEASUREMENT_UPDATED,
      measurementService.EVENTS.MEASUREMENT_REMOVED,
      measurementService.EVENTS.RAW_MEASUREMENT_ADDED,
    ]
      .filter(Boolean)
      .map((event: string) => measurementService.subscribe(event, update));
    const timer = window.setInterval(update, 1000);
    return () => {
      subscriptions.forEach((s: any) => s.unsubscribe());
      window.clearInterval(timer);
    };
  }, [servicesManager, sopOf]);

  const save = async () => {
    // One finding per kept lesion, outlined on its better view; as the previous revision kept it, if it did.
    const kept: ReaderFinding[] = lesions
      .filter(({ lesion, marks }) => keep[lesion.id] !== false && marks.length > 0)
      .map(({ lesion, marks }, index) => {
        const before = previous?.findings?.find((f) => marks.some((m) => m.key === f.aiLesionKey));
        return {
          id: `A${index + 1}`,
          aiLesionKey: before?.aiLesionKey ?? marks[0]!.key,
          sopInstanceUid: before?.sopInstanceUid ?? marks[0]!.image.imageRef.sopInstanceUid!,
          type: before?.type ?? lesion.type,
          region: before?.region ?? { kind: 'polygon' as const, points: marks[0]!.mark.outline },
          diameterMm: before ? before.diameterMm : lesion.diameterMm,
          shape: before ? before.shape : lesion.shape,
          note: before?.note ?? null,
        };
      });
    const own = drawings.map((d, index) => drawingToFinding(d, index, typeOf(d)));
    try {
      const revision = await saveRevisionFrom(
        api,
        studyUid,
        [...kept, ...own],
        previous?.revisionNumber ?? 0,
      );
      drawingsSavedAs(revision.revisionNumber);
      onDone(t('revisionSaved', { n: revision.revisionNumber }));
    } catch (e) {
      // Another revision was saved since this one started: say so in the reader's language.
      setError(e instanceof BridgeApiError && e.status === 409 ? t('revisionConflict') : userMessage(e));
    }
  };

  const tool = (toolName: string) => run('setToolActive', { toolName });
  const typeOf = (d: ReaderDrawing) => types[d.annotationUID] ?? d.type ?? READER_TOOLS[d.tool];
  const images = studySession().findings?.findings.images ?? [];
  const viewOf = (sop: string) => {
    const image = images.find((i) => i.imageRef.sopInstanceUid === sop);
    return image ? viewName(image) : '?';
  };
  return (
    <div data-testid="modify-form" style={{ marginTop: 6 }}>
      {previous && (
        <div
          data-testid="modify-from-revision"
          data-revision={previous.revisionNumber}
          style={{ color: '#9fb7d8' }}
        >
          {t('fromRevision', {
            n: previous.revisionNumber,
            date: formatDateTime(previous.createdAt),
          })}
        </div>
      )}
      <div>{t('keepAi')}</div>
      <LesionChecklist
        testId="keep-ai-lesion"
        lesions={lesions}
        checked={keep}
        onChange={setKeep}
        label={(row) => `${lesionName(row)} ${lesionText(row.lesion)}`}
      />
      <div style={{ marginTop: 4 }}>
        <button data-testid="tool-ellipse" style={button} onClick={() => tool('EllipticalROI')}>
          {t('toolEllipse')}
        </button>
        <button data-testid="tool-freehand" style={button} onClick={() => tool('PlanarFreehandROI')}>
          {t('toolFreehand')}
        </button>
        <button data-testid="tool-probe" style={button} onClick={() => tool('Probe')}>
          {t('toolProbe')}
        </button>
      </div>
      <div style={{ fontWeight: 600, marginTop: 4 }}>{t('readerFindings')}</div>
      {drawings.length === 0 && <div>{t('noReaderFinding')}</div>}
      {drawings.map((d, index) => {
        const size = drawingSize(d.tool, d.region, d.imageId);
        return (
          <div key={d.annotationUID} data-testid="reader-drawing" data-annotation-uid={d.annotationUID}>
            <span data-testid="reader-drawing-label">
              {viewOf(d.sopInstanceUid)} · R{index + 1} · {t(TOOL_LABELS[d.tool])}
              {size ? ` · ${size}` : ''}
            </span>{' '}
            <select
              aria-label={t('changeType', { id: `R${index + 1}` })}
              style={{ color: '#000' }}
              value={typeOf(d)}
              onChange={(e) =>
                setTypes({ ...types, [d.annotationUID]: e.target.value as 'mass' | 'calcifications' })
              }
            >
              <option value="mass">{t('type.mass')}</option>
              <option value="calcifications">{t('type.calcifications')}</option>
            </select>{' '}
            <button
              data-testid="remove-reader-drawing"
              style={button}
              title={t('removeDrawing', { id: `R${index + 1}` })}
              aria-label={t('removeDrawing', { id: `R${index + 1}` })}
              onClick={() => {
                removeReaderDrawing(d.annotationUID);
                setDrawings(readerDrawings(sopOf()));
              }}
            >
              ✕
            </button>
          </div>
        );
      })}
      <button data-testid="save-revision" style={button} onClick={() => void save()}>
        {t('saveRevision')}
      </button>
      {error && <div style={{ color: '#ff6b6b' }}>{error}</div>}
    </div>
  );
}

function ConsultForm({
  api,
  studyUid,
  readers,
  onDone,
}: {
  api: BridgeApi;
  studyUid: string;
  readers: Reader[];
  onDone: (text: string) => void;
}) {
  const [colleague, setColleague] = useState(readers[0]?.login ?? '');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const send = async () => {
    try {
      await api.consult(studyUid, colleague, note);
      onDone(t('saved'));
    } catch (e) {
      setError(userMessage(e));
    }
  };
  return (
    <div data-testid="consult-form" style={{ marginTop: 6 }}>
      <label>
        {t('colleague')}{' '}
        <select
          data-testid="colleague-select"
          style={{ color: '#000' }}
          value={colleague}
          onChange={(e) => setColleague(e.target.value)}
        >
          {readers.map((r) => (
            <option key={r.login} value={r.login}>
              {r.displayName}
            </option>
          ))}
        </select>
      </label>
      <textarea
        data-testid="consult-note"
        placeholder={t('note')}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        style={{ width: '100%', minHeight: 60, color: '#000' }}
      />
      <button
        data-testid="send-consult"
        style={button}
        disabled={!colleague || !note.trim()}
        onClick={() => void send()}
      >
        {t('send')}
      </button>
      {error && <div style={{ color: '#ff6b6b' }}>{error}</div>}
    </div>
  );
}

function AnswerForm({
  api,
  consultation,
  onDone,
}: {
  api: BridgeApi;
  consultation: any;
  onDone: () => void;
}) {
  const [answer, setAnswer] = useState('');
  return (
    <div data-testid="incoming-request" style={{ marginTop: 4 }}>
      <div>
        {t('labelled', { label: consultation.requester.displayName })}
        {t('quoted', { text: consultation.note })}
      </div>
      {consultation.answer ? (
        <div>
          {t('labelled', { label: t('answer') })}
          {consultation.answer}
        </div>
      ) : (
        <div>
          <textarea
            data-testid="answer-input"
            value={answer}
            onChange={(e) => setAnswer(e.target.value)}
            style={{ width: '100%', minHeight: 40, color: '#000' }}
          />
          <button
            data-testid="send-answer"
            style={button}
            disabled={!answer.trim()}
            onClick={() => void api.answer(consultation.id, answer).then(onDone)}
          >
            {t('send')}
          </button>
        </div>
      )}
    </div>
  );
}

function History({
  reading,
  extra,
}: {
  reading: Reading;
  extra: { at: string; node: ReactNode; testId: string }[];
}) {
  const rows: { at: string; node: ReactNode; testId: string }[] = [
    ...extra,
    ...reading.validations.map((v) => ({
      at: v.createdAt,
      testId: 'history-validation',
      node: (
        <>
          {t('validatedBy', { who: v.reader.displayName })} · {v.overall === 'agree' ? '✓' : '✗'}
          {v.birads ? ` · BI-RADS ${v.birads}` : ''}
        </>
      ),
    })),
    ...reading.revisions.map((r) => ({
      at: r.createdAt,
      testId: 'history-revision',
      node: <>{t('revisedBy', { n: r.revisionNumber, who: r.reader.displayName })}</>,
    })),
    ...reading.consultations.map((c) => ({
      at: c.createdAt,
      testId: 'history-consultation',
      node: (
        <>
          {t('labelled', { label: `${c.requester.displayName} → ${c.colleague.displayName}` })}
          {t('quoted', { text: c.note })}{' '}
          {c.answer ? <span data-testid="consultation-answer">— {c.answer}</span> : <em>({t('waiting')})</em>}
        </>
      ),
    })),
  ].sort((a, b) => b.at.localeCompare(a.at));
  if (rows.length === 0) return null;
  return (
    <div style={box} data-testid="reading-history">
      <div style={{ fontWeight: 600 }}>{t('history')}</div>
      {rows.map((row, index) => (
        <div key={index} data-testid={row.testId} style={{ marginTop: 3 }}>
          <span style={{ color: '#999' }}>{formatDateTime(row.at)}</span> · {row.node}
        </div>
      ))}
    </div>
  );
}
