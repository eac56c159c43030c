/**
 * Our own strings in French (first) and English. OHIF keeps the chosen language in i18next's
 * storage key; we read the same key so that the panel speaks the viewer's language.
 */
export type Language = 'fr' | 'en';

/** The page's storage and address; absent outside a browser (the language tests read the tables in Node). */
const page = globalThis as {
  readonly localStorage?: { getItem(key: string): string | null };
  readonly location?: { readonly search: string };
};

export function currentLanguage(): Language {
  let stored: string | null = null;
  try {
    stored = page.localStorage?.getItem('i18nextLng') ?? null;
  } catch {
    stored = null;
  }
  const chosen = new URLSearchParams(page.location?.search ?? '').get('lng') ?? stored ?? 'fr';
  return chosen.toLowerCase().startsWith('en') ? 'en' : 'fr';
}

/** "0,87" in French, "0.87" in English. */
export function formatDecimal(value: number, digits: number, language: Language = currentLanguage()): string {
  return new Intl.NumberFormat(language === 'fr' ? 'fr-FR' : 'en-GB', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value);
}

/** "07/12/2026 19:39" in French (dd/mm/yyyy HH:mm), "07/12/2026, 19:39" in English: 24-hour time. */
export function formatDateTime(iso: string | Date, language: Language = currentLanguage()): string {
  return new Intl.DateTimeFormat(language === 'fr' ? 'fr-FR' : 'en-GB', {
    dateStyle: 'short',
    timeStyle: 'short',
  }).format(typeof iso === 'string' ? new Date(iso) : iso);
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
  // French typography: a non-breaking space before the colon, guillemets around a quotation.
  labelled: '{label}\u00a0: ',
  'error.wrong-password': 'Mot de passe incorrect.',
  'error.wrong-code': 'Code incorrect.',
  'error.code-required': 'Saisissez aussi le code de votre application d’authentification.',
  'error.locked': 'Trop d’essais manqués : le compte est verrouillé un moment.',
  'error.too-many-attempts': 'Trop d’essais depuis cette adresse : réessayez dans une minute.',
  'error.permission-needed': 'Votre compte n’a pas l’autorisation de faire ceci.',
  'error.status.400': 'La demande est incomplète ou invalide.',
  'error.status.401': 'Session expirée : reconnectez-vous.',
  'error.status.403': 'Votre compte n’a pas l’autorisation de faire ceci.',
  'error.status.404': 'Introuvable : l’élément a peut-être été supprimé.',
  'error.status.409': 'Quelqu’un a modifié ceci entre-temps : rechargez la page.',
  'error.status.422': 'La demande a été refusée : vérifiez les données saisies.',
  'error.status.503': 'Service momentanément indisponible : réessayez dans un instant.',
  'error.other': 'L’opération a échoué ; réessayez ou prévenez l’administrateur.',
  quoted: '«\u00a0{text}\u00a0»',
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
  labelled: '{label}: ',
  'error.wrong-password': 'Wrong password.',
  'error.wrong-code': 'Wrong code.',
  'error.code-required': 'Give your authenticator app’s code too.',
  'error.locked': 'Too many failed attempts: the account is locked for a while.',
  'error.too-many-attempts': 'Too many attempts from this address: try again in a minute.',
  'error.permission-needed': 'Your account is not allowed to do this.',
  'error.status.400': 'The request is incomplete or invalid.',
  'error.status.401': 'Session expired: sign in again.',
  'error.status.403': 'Your account is not allowed to do this.',
  'error.status.404': 'Not found: it may have been deleted.',
  'error.status.409': 'Someone changed this in the meantime: reload the page.',
  'error.status.422': 'The request was refused: check what was entered.',
  'error.status.503': 'The service is briefly unavailable: try again in a moment.',
  'error.other': 'The operation failed; try again or tell the administrator.',
  quoted: '“{text}”',
};

const STRINGS: Record<Language, Strings> = { fr, en };

/** Every string of both languages, as the modules loaded so far added them (for the language tests). */
export function stringTables(): Readonly<Record<Language, Readonly<Strings>>> {
  return { fr: { ...fr }, en: { ...en } };
}

/** Adds strings (a module's own) to both languages. */
export function addStrings(more: Record<Language, Strings>): void {
  Object.assign(fr, more.fr);
  Object.assign(en, more.en);
}

/**
 * What to tell the user about a failure, in her language: the bridge's stable error code when it
 * gave one, else its status. The bridge's own message is English, for logs and API clients.
 */
export function userMessage(error: unknown): string {
  const e = error as { status?: unknown; code?: unknown; params?: { permission?: unknown } } | null;
  const language = STRINGS[currentLanguage()];
  let text = t('error.other');
  if (typeof e?.code === 'string' && language[`error.${e.code}`]) text = t(`error.${e.code}`);
  else if (typeof e?.status === 'number' && language[`error.status.${e.status}`])
    text = t(`error.status.${e.status}`);
  else if (typeof e?.status === 'number' && e.status >= 500) text = t('error.status.503');
  // The permission it needs, when the bridge names one: what to ask an administrator for.
  const permission = e?.params?.permission;
  return typeof permission === 'string' ? `${text.replace(/\.$/, '')} (${permission}).` : text;
}

/** The string for `key` in the current language, `{name}` placeholders filled from `values`. */
export function t(key: string, values: Record<string, string | number> = {}): string {
  const template = STRINGS[currentLanguage()][key] ?? STRINGS.en[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}
