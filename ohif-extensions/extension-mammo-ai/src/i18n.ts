/**
 * Our own strings in French (first) and English. OHIF keeps the chosen language in i18next's
 * storage key; we read the same key so that the panel speaks the viewer's language.
 */
export type Language = 'fr' | 'en';

export function currentLanguage(): Language {
  let stored: string | null = null;
  try {
    stored = window.localStorage.getItem('i18nextLng');
  } catch {
    stored = null;
  }
  const chosen = new URLSearchParams(window.location.search).get('lng') ?? stored ?? 'fr';
  return chosen.toLowerCase().startsWith('en') ? 'en' : 'fr';
}

/** "0,87" in French, "0.87" in English. */
export function formatDecimal(value: number, digits: number, language: Language = currentLanguage()): string {
  return new Intl.NumberFormat(language === 'fr' ? 'fr-FR' : 'en-GB', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value);
}

type Strings = Record<string, string>;

const fr: Strings = {
  aiColumn: 'IA',
  aiScoreColumn: 'Score IA',
  'status.queued': 'En attente',
  'status.running': 'En cours',
  'status.done': 'Terminée',
  'status.failed': 'Échec',
  'status.skipped': 'Non analysée',
  'status.none': '—',
  urgent: 'Urgent',
  consultationBadge: 'Avis demandé',
  'category.elevated': 'élevé',
  'category.intermediate': 'intermédiaire',
  'category.likelyNormal': 'probablement normal',
  examScore: 'score d’examen',
  malignancyScore: 'score de malignité',
};

const en: Strings = {
  aiColumn: 'AI',
  aiScoreColumn: 'AI score',
  'status.queued': 'Queued',
  'status.running': 'Running',
  'status.done': 'Done',
  'status.failed': 'Failed',
  'status.skipped': 'Not analysed',
  'status.none': '—',
  urgent: 'Urgent',
  consultationBadge: 'Opinion requested',
  'category.elevated': 'elevated',
  'category.intermediate': 'intermediate',
  'category.likelyNormal': 'likely normal',
  examScore: 'exam score',
  malignancyScore: 'malignancy score',
};

const STRINGS: Record<Language, Strings> = { fr, en };

/** Adds strings (a module's own) to both languages. */
export function addStrings(more: Record<Language, Strings>): void {
  Object.assign(fr, more.fr);
  Object.assign(en, more.en);
}

/** The string for `key` in the current language, `{name}` placeholders filled from `values`. */
export function t(key: string, values: Record<string, string | number> = {}): string {
  const template = STRINGS[currentLanguage()][key] ?? STRINGS.en[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}
