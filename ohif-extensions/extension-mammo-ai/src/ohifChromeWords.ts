/**
 * The words of OHIF's own chrome in French, each English literal OHIF 3.13 writes without i18next
 * (its ui-next study list, preview panel, pagination, filters) and its English dates; ohifChrome.ts
 * puts them on screen. Anything not here is left alone, so a patient's name or a study description
 * is never touched.
 */
export const OHIF_CHROME_FRENCH: Readonly<Record<string, string>> = {
  // The study list and its preview panel
  'Study List': 'Liste des examens',
  MRN: 'IPP',
  'Study Date': 'Date de l’examen',
  Modalities: 'Modalités',
  Modality: 'Modalité',
  '/ Series': '/ Séries',
  Accession: 'N° d’accès',
  Instances: 'Images',
  'No Description': 'Sans description',
  'No Series': 'Aucune série',
  'Select a study': 'Sélectionnez un examen',
  'Launch workflow': 'Ouvrir l’examen avec',
  'Launch Workflow:': 'Ouvrir avec\u00a0:',
  'Other Available Workflows': 'Autres modes disponibles',
  'Default Workflow': 'Mode par défaut',
  'Select Workflow': 'Choisir un mode',
  'No Default': 'Aucun',
  'Clear default mode': 'Retirer le mode par défaut',
  'Thumbnail view': 'Vignettes',
  'List view': 'Liste',
  Reset: 'Réinitialiser',
  'Reset filters': 'Réinitialiser les filtres',
  'Filter Modalities': 'Filtrer les modalités',
  'Open preview': 'Ouvrir l’aperçu',
  'Close preview': 'Fermer l’aperçu',
  'Open settings': 'Réglages',
  'Action Menu': 'Actions',
  'Rows per page': 'Lignes par page',
  'per page': 'par page',
  'Previous page': 'Page précédente',
  'Next page': 'Page suivante',
  View: 'Colonnes',
  Close: 'Fermer',
  Start: 'Début',
  End: 'Fin',
  'No results.': 'Aucun résultat.',
  'No studies available': 'Aucun examen',
  'Not enough room to display this column': 'Pas assez de place pour afficher cette colonne',
  About: 'À propos',
  Preferences: 'Préférences',
  'User Preferences': 'Préférences',
  // The preferences dialog's language menu (its aria-label; the dialog itself goes through i18next)
  Language: 'Langue',
  'OHIF logo': 'Sentinelle',
  // The viewer, and its viewport overlay's item titles
  'Study date': 'Date de l’examen',
  'Series description': 'Description de la série',
  'Window Level': 'Fenêtrage',
  'Instance Number': 'Numéro d’image',
  'Return to Study List': 'Retour à la liste des examens',
  'Study list': 'Liste des examens',
  Studies: 'Examens',
  Series: 'Séries',
  'Loading...': 'Chargement…',
  'More Tools': 'Plus d’outils',
  Layout: 'Disposition',
  // OHIF's error notifications
  'Show Details': 'Afficher les détails',
  'Hide Details': 'Masquer les détails',
  ...miswritten('Une erreur s’est produite.'),
};

/**
 * OHIF's error boundary titles its notification `${t('Something went wrong')}${!isProduction && ` in
 * ${context}`}.`: in its production build the second part is `false`, hence "Une erreur s'est
 * produitefalse." (its French) or "Something went wrongfalse.". Both written as meant.
 */
function miswritten(meant: string): Record<string, string> {
  return { 'Something went wrongfalse.': meant, "Une erreur s'est produitefalse.": meant };
}

/** OHIF's miswritten English chrome, written as meant (the rest of its English is left as it is). */
export const OHIF_CHROME_ENGLISH: Readonly<Record<string, string>> = miswritten('Something went wrong.');

/**
 * The calendar of the worklist's date filter (react-day-picker) names its months with the browser's
 * locale ("Dec" in an English browser): in French, its short months. Only inside the calendar, so
 * that a word such as "Mar" elsewhere (a name) is never touched.
 */
export const CALENDAR_FRENCH: Readonly<Record<string, string>> = {
  Jan: 'janv.',
  Feb: 'févr.',
  Mar: 'mars',
  Apr: 'avr.',
  May: 'mai',
  Jun: 'juin',
  Jul: 'juil.',
  Aug: 'août',
  Sep: 'sept.',
  Oct: 'oct.',
  Nov: 'nov.',
  Dec: 'déc.',
};

/** The calendar's root element (react-day-picker's class). */
export const CALENDAR_SELECTOR = '.rdp-root';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
/** Moment's French short months, for OHIF's French date format ("DD MMM YYYY": "17 mars 2025"). */
const MOIS = [
  'janv.',
  'févr.',
  'mars',
  'avr.',
  'mai',
  'juin',
  'juil.',
  'août',
  'sept.',
  'oct.',
  'nov.',
  'déc.',
];

/**
 * OHIF's dates in words: "03 Mar 2025", "03-Mar-2025", "Mar-03-2025", "Mar 3, 2025", "17 mars 2025",
 * each with an optional time.
 */
const DATE_PATTERNS: readonly RegExp[] = [
  /\b(?<day>\d{1,2})[ -](?<month>[A-Z][a-z]{2}|janv\.|févr\.|mars|avr\.|mai|juin|juil\.|août|sept\.|oct\.|nov\.|déc\.)[ -](?<year>\d{4})(?:,? (?<time>\d{1,2}:\d{2}(?::\d{2})?(?: ?[AP]M)?))?/g,
  /\b(?<month>[A-Z][a-z]{2})[ -](?<day>\d{1,2}),?[ -](?<year>\d{4})(?:,? (?<time>\d{1,2}:\d{2}(?::\d{2})?(?: ?[AP]M)?))?/g,
];

/** "09:30 AM" → "09:30", "9:05 PM" → "21:05", "14:02:11" → "14:02". */
function hours24(time: string): string {
  const [, h = '0', m = '00', meridiem] = /^(\d{1,2}):(\d{2})(?::\d{2})?(?: ?([AP]M))?$/.exec(time) ?? [];
  let hour = Number(h) % (meridiem ? 12 : 24);
  if (meridiem === 'PM') hour += 12;
  return `${String(hour).padStart(2, '0')}:${m}`;
}

/** Every English date in `text` as the French write it: dd/mm/yyyy, and HH:mm when a time is there. */
export function frenchDates(text: string): string {
  let out = text;
  for (const pattern of DATE_PATTERNS) {
    out = out.replace(pattern, (whole, ...args) => {
      const groups = args[args.length - 1] as { day: string; month: string; year: string; time?: string };
      const name = groups.month.toLowerCase();
      const month = MONTHS.includes(name) ? MONTHS.indexOf(name) : MOIS.indexOf(name);
      if (month < 0) return whole;
      const date = `${groups.day.padStart(2, '0')}/${String(month + 1).padStart(2, '0')}/${groups.year}`;
      return groups.time ? `${date} ${hours24(groups.time)}` : date;
    });
  }
  return out;
}

/** The English chrome of OHIF written as meant, or null when it needs nothing. */
export function englishChrome(text: string): string | null {
  const trimmed = text.trim();
  const meant = trimmed ? OHIF_CHROME_ENGLISH[trimmed] : undefined;
  return meant === undefined ? null : text.replace(trimmed, meant);
}

/** The French for one piece of OHIF's chrome, or null when it is not OHIF's English. */
export function frenchChrome(text: string): string | null {
  const trimmed = text.trim();
  if (!trimmed) return null;
  const exact = OHIF_CHROME_FRENCH[trimmed];
  if (exact !== undefined) return text.replace(trimmed, exact);
  const range = /^(\d+)-(\d+) of (\d+)$/.exec(trimmed);
  if (range) return text.replace(trimmed, `${range[1]}–${range[2]} sur ${range[3]}`);
  const sort = /^Sort (.+)$/.exec(trimmed);
  if (sort)
    return text.replace(trimmed, `Trier par ${(OHIF_CHROME_FRENCH[sort[1]!] ?? sort[1]!).toLowerCase()}`);
  const dated = frenchDates(text);
  return dated === text ? null : dated;
}
