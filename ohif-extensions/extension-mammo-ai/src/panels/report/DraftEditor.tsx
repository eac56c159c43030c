import { BIRADS_CATEGORIES, BiradsCategorySchema, type BiradsCategory } from '@sentinelle/reporting/findings';
import {
  aiSummaryTextFor,
  assessmentWithName,
  biradsLexicon,
  BreastCompositionSchema,
  BreastLocationSchema,
  ExamTypeSchema,
  MassMarginSchema,
  RecommendationSchema,
  regenerateText,
  REPORT_LOCALES,
  reportLabels,
  reviseDraft,
  reviseFinding,
  type DraftChange,
  type DraftFinding,
  type ReportDraftContent,
} from '@sentinelle/reporting/report';
import type { CSSProperties, ReactNode } from 'react';
import { currentLanguage, formatDecimal, t } from '../../i18n';
import { button, field } from '../panelStyles';
import { NotesEditor } from './NotesEditor';

const row: CSSProperties = { display: 'block', marginTop: 6 };
const heading: CSSProperties = { fontWeight: 600, marginTop: 8 };
const textArea: CSSProperties = { ...field, width: '100%', minHeight: 60, fontFamily: 'inherit' };

function Labelled({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label style={row}>
      <div>{label}</div>
      {children}
    </label>
  );
}

/** One finding as the report states it, with what the physician adds: location, clock, margin. */
function FindingRow(props: {
  finding: DraftFinding;
  content: ReportDraftContent;
  onChange: (content: ReportDraftContent) => void;
}) {
  const { finding, content, onChange } = props;
  const labels = reportLabels(content.locale);
  const lexicon = biradsLexicon(content.locale);
  const set = (change: Parameters<typeof reviseFinding>[2]) =>
    onChange(reviseFinding(content, finding.id, change));
  const size = finding.diameterMm ? ` ${formatDecimal(finding.diameterMm, 0, content.locale)} mm` : '';
  const shape = finding.shape ? `, ${lexicon.shape[finding.shape]}` : '';
  return (
    <div data-testid="report-finding" data-finding-id={finding.id} style={{ marginTop: 4 }}>
      <div>
        {finding.laterality === null ? t('report.sideUnknown') : labels.breast[finding.laterality]} ·{' '}
        {labels.findingType[finding.type]}
        {size}
        {shape} ({t(`report.origin.${finding.origin}`)})
      </div>
      {finding.laterality === null && (
        <select
          aria-label={t('report.side')}
          data-testid="finding-laterality"
          style={field}
          value=""
          onChange={(e) => {
            const laterality = e.target.value === 'R' || e.target.value === 'L' ? e.target.value : null;
            onChange(
              reviseDraft(content, {
                findings: content.findings.map((f) => (f.id === finding.id ? { ...f, laterality } : f)),
              }),
            );
          }}
        >
          <option value="">{t('report.side')} —</option>
          <option value="R">{labels.breast.R}</option>
          <option value="L">{labels.breast.L}</option>
        </select>
      )}{' '}
      <select
        aria-label={t('report.location')}
        data-testid="finding-location"
        style={field}
        value={finding.location ?? ''}
        onChange={(e) => set({ location: BreastLocationSchema.nullable().parse(e.target.value || null) })}
      >
        <option value="">{t('report.location')} —</option>
        {BreastLocationSchema.options.map((location) => (
          <option key={location} value={location}>
            {labels.location[location]}
          </option>
        ))}
      </select>{' '}
      <select
        aria-label={t('report.clock')}
        data-testid="finding-clock"
        style={field}
        value={finding.clockPosition ?? ''}
        onChange={(e) => set({ clockPosition: e.target.value ? Number(e.target.value) : null })}
      >
        <option value="">{t('report.clock')} —</option>
        {Array.from({ length: 12 }, (_, i) => i + 1).map((hour) => (
          <option key={hour} value={hour}>
            {labels.clock(hour)}
          </option>
        ))}
      </select>{' '}
      {finding.type === 'mass' && (
        <select
          aria-label={t('report.margin')}
          data-testid="finding-margin"
          style={field}
          value={finding.margin ?? ''}
          onChange={(e) => set({ margin: MassMarginSchema.nullable().parse(e.target.value || null) })}
        >
          <option value="">{t('report.margin')} —</option>
          {MassMarginSchema.options.map((margin) => (
            <option key={margin} value={margin}>
              {lexicon.margin[margin]}
            </option>
          ))}
        </select>
      )}
    </div>
  );
}

/**
 * The draft as the physician completes it: the structured fields (what the SR and FHIR carry), the
 * generated paragraphs (kept in step with them until edited), the notes and the AI summary. Every
 * change goes through reviseDraft, so that overall assessment, recommendations and text follow.
 */
export function DraftEditor(props: {
  readonly content: ReportDraftContent;
  readonly version: number;
  readonly onChange: (content: ReportDraftContent) => void;
}) {
  const { content, version, onChange } = props;
  const { locale } = content;
  const lexicon = biradsLexicon(locale);
  const labels = reportLabels(locale);
  const change = (draftChange: DraftChange) => onChange(reviseDraft(content, draftChange));
  const assess = (laterality: 'R' | 'L', assessment: BiradsCategory | null) =>
    change({
      breastAssessments: content.breastAssessments.map((breast) =>
        breast.laterality === laterality ? { ...breast, assessment } : breast,
      ),
    });
  const recommend = (recommendation: (typeof RecommendationSchema.options)[number], on: boolean) =>
    change({
      recommendations: RecommendationSchema.options.filter((r) =>
        r === recommendation ? on : content.recommendations.includes(r),
      ),
    });
  const ai = content.aiSummary && aiSummaryTextFor(content.aiSummary, locale);

  return (
    <div data-testid="report-draft">
      <Labelled label={t('report.language')}>
        <select
          data-testid="report-locale"
          style={field}
          value={locale}
          onChange={(e) => change({ locale: e.target.value === 'en' ? 'en' : 'fr' })}
        >
          {REPORT_LOCALES.map((l) => (
            <option key={l} value={l}>
              {l === 'fr' ? 'Français' : 'English'}
            </option>
          ))}
        </select>
      </Labelled>
      <Labelled label={t('report.examType')}>
        <select
          data-testid="report-exam-type"
          style={field}
          value={content.examType}
          onChange={(e) => change({ examType: ExamTypeSchema.parse(e.target.value) })}
        >
          {ExamTypeSchema.options.map((type) => (
            <option key={type} value={type}>
              {labels.examTitle[type]}
            </option>
          ))}
        </select>
      </Labelled>
      <Labelled label={t('report.indication')}>
        <textarea
          data-testid="report-indication"
          style={textArea}
          value={content.indication}
          maxLength={2000}
          onChange={(e) => change({ indication: e.target.value })}
        />
      </Labelled>
      <Labelled label={t('report.comparison')}>
        <textarea
          data-testid="report-comparison"
          style={textArea}
          value={content.comparison}
          maxLength={2000}
          onChange={(e) => change({ comparison: e.target.value })}
        />
      </Labelled>
      <Labelled label={t('report.composition')}>
        <select
          data-testid="report-composition"
          style={field}
          value={content.composition ?? ''}
          onChange={(e) =>
            change({ composition: BreastCompositionSchema.nullable().parse(e.target.value || null) })
          }
        >
          <option value="">{t('report.notGiven')}</option>
          {BreastCompositionSchema.options.map((composition) => (
            <option key={composition} value={composition}>
              {lexicon.composition[composition]}
            </option>
          ))}
        </select>
      </Labelled>

      <div style={heading}>{t('report.findings')}</div>
      {content.findings.length === 0 && <div>{t('report.noFinding')}</div>}
      {content.findings.map((finding) => (
        <FindingRow key={finding.id} finding={finding} content={content} onChange={onChange} />
      ))}

      <div style={heading}>{t('report.assessment')}</div>
      {content.breastAssessments.map((breast) => (
        <Labelled key={breast.laterality} label={labels.breast[breast.laterality]}>
          <select
            data-testid={`assessment-${breast.laterality}`}
            style={field}
            value={breast.assessment ?? ''}
            onChange={(e) =>
              assess(breast.laterality, BiradsCategorySchema.nullable().parse(e.target.value || null))
            }
          >
            <option value="">{t('report.notAssessed')}</option>
            {BIRADS_CATEGORIES.map((category) => (
              <option key={category} value={category}>
                {assessmentWithName(locale, category)}
              </option>
            ))}
          </select>
        </Labelled>
      ))}
      <div style={row} data-testid="overall-assessment" data-category={content.overallAssessment ?? ''}>
        {t('report.overall')}
        {currentLanguage() === 'fr' ? '\u00a0: ' : ': '}
        {content.overallAssessment === null
          ? t('report.overallPending')
          : assessmentWithName(locale, content.overallAssessment)}
      </div>

      <div style={heading}>{t('report.recommendations')}</div>
      {RecommendationSchema.options.map((recommendation) => (
        <label key={recommendation} style={{ display: 'block' }}>
          <input
            type="checkbox"
            data-testid={`recommendation-${recommendation}`}
            checked={content.recommendations.includes(recommendation)}
            onChange={(e) => recommend(recommendation, e.target.checked)}
          />{' '}
          {lexicon.recommendation[recommendation]}
        </label>
      ))}

      <Labelled label={t('report.findingsText')}>
        <textarea
          data-testid="report-findings-text"
          style={{ ...textArea, minHeight: 80 }}
          value={content.findingsText}
          onChange={(e) => change({ findingsText: e.target.value })}
        />
      </Labelled>
      <Labelled label={t('report.impressionText')}>
        <textarea
          data-testid="report-impression-text"
          style={{ ...textArea, minHeight: 80 }}
          value={content.impressionText}
          onChange={(e) => change({ impressionText: e.target.value })}
        />
      </Labelled>
      <button
        type="button"
        data-testid="report-regenerate"
        style={button}
        onClick={() => onChange(regenerateText(content))}
      >
        {t('report.regenerate')}
      </button>

      <div style={heading}>{t('report.notes')}</div>
      <NotesEditor notes={content.notes} version={version} onChange={(notes) => change({ notes })} />

      {ai && (
        <>
          <div style={heading}>{t('report.aiSummary')}</div>
          <div data-testid="report-ai-summary">{ai.text}</div>
          <div style={{ color: '#ffcc66', fontSize: 12 }}>{ai.footnote}</div>
        </>
      )}
    </div>
  );
}
