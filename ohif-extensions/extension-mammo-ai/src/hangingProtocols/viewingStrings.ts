import { addStrings, currentLanguage, t } from '../i18n';

/**
 * The words of mammography viewing, as French and English breast radiologists label their
 * images: "CC droite" / "OML gauche" (oblique médio-latérale) in French, RCC / LMLO in English.
 */
addStrings({
  fr: {
    'view.CC.R': 'CC droite',
    'view.CC.L': 'CC gauche',
    'view.MLO.R': 'OML droite',
    'view.MLO.L': 'OML gauche',
    'view.name.CC': 'CC',
    'view.name.MLO': 'OML',
    'view.current': 'actuel du {date}',
    'view.prior': 'antérieur du {date}',
    'view.trueSize': '1:1',
    'view.missing': 'Pas d’incidence {view} dans cet examen',
    'view.missingInPrior': 'Pas d’incidence {view} dans l’examen antérieur du {date}',
    'view.noPrior': 'Pas d’examen antérieur',
    'stage.screening': 'CC / OML',
    'stage.compare': 'Comparaison',
    'tool.zoom': 'Zoom',
    'tool.windowLevel': 'Fenêtrage',
    'tool.pan': 'Déplacer',
    'tool.ellipse': 'Ellipse',
    'tool.freehand': 'Contour libre',
    'tool.probe': 'Point',
    'tool.magnify': 'Loupe',
    'tool.trueSize': '1:1 pixel pour pixel',
    'tool.trueSize.tooltip':
      'Affichage 1:1\u00a0: un pixel de l’image par pixel de l’écran. Cliquer à nouveau pour revoir l’image entière.',
    'tool.compare': 'Comparaison',
    'tool.compare.tooltip':
      'Comparer à l’examen antérieur. Cliquer à nouveau pour revenir aux quatre incidences.',
    'tool.ai': 'IA',
    'tool.ai.tooltip': 'Afficher ou masquer l’IA',
  },
  en: {
    'view.CC.R': 'RCC',
    'view.CC.L': 'LCC',
    'view.MLO.R': 'RMLO',
    'view.MLO.L': 'LMLO',
    'view.name.CC': 'CC',
    'view.name.MLO': 'MLO',
    'view.current': 'current, {date}',
    'view.prior': 'prior, {date}',
    'view.trueSize': '1:1',
    'view.missing': 'No {view} view in this exam',
    'view.missingInPrior': 'No {view} view in the prior exam of {date}',
    'view.noPrior': 'No prior exam',
    'stage.screening': 'CC / MLO',
    'stage.compare': 'Comparison',
    'tool.zoom': 'Zoom',
    'tool.windowLevel': 'Window',
    'tool.pan': 'Pan',
    'tool.ellipse': 'Ellipse',
    'tool.freehand': 'Freehand',
    'tool.probe': 'Probe',
    'tool.magnify': 'Magnifier',
    'tool.trueSize': '1:1 pixel for pixel',
    'tool.trueSize.tooltip':
      '1:1 display: one image pixel per screen pixel. Click again for the whole image.',
    'tool.compare': 'Comparison',
    'tool.compare.tooltip': 'Compare with the prior exam. Click again to go back to the four views.',
    'tool.ai': 'AI',
    'tool.ai.tooltip': 'Show or hide the AI',
  },
});

/** A DICOM date (YYYYMMDD) as the reader writes it: 12/03/2024 in French, 12 Mar 2024 in English. */
export function formatStudyDate(dicomDate: string | undefined): string {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(dicomDate ?? '');
  if (!match) return '—';
  const [, year, month, day] = match;
  if (currentLanguage() === 'fr') return `${day}/${month}/${year}`;
  return new Intl.DateTimeFormat('en-GB', {
    day: '2-digit',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(Number(year), Number(month) - 1, Number(day))));
}

export { t };
