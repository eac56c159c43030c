import type { DicomTags } from '../orthanc/client';

/** Whether Sentinelle produced this object (its SR and SEG results): never analysed. */
export { isSentinelleObject } from '@sentinelle/reporting';

/** Digital Mammography X-Ray Image Storage, For Presentation and For Processing. */
export const MAMMOGRAPHY_SOP_CLASSES: ReadonlySet<string> = new Set([
  '1.2.840.10008.5.1.4.1.1.1.2',
  '1.2.840.10008.5.1.4.1.1.1.2.1',
]);

/** Breast tomosynthesis and breast projection objects: multi-frame, not what the 2D model reads. */
const TOMOSYNTHESIS_SOP_CLASSES: ReadonlySet<string> = new Set([
  '1.2.840.10008.5.1.4.1.1.13.1.3',
  '1.2.840.10008.5.1.4.1.1.13.1.4',
  '1.2.840.10008.5.1.4.1.1.13.1.5',
]);

function text(tags: DicomTags, keyword: string): string | undefined {
  const value = tags[keyword];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

export type ImageKind = 'mammography' | 'tomosynthesis' | 'other';

/**
 * What an instance is to the bridge: a 2D mammography image (Modality MG or a digital
 * mammography SOP class, with pixels), a tomosynthesis object, or anything else.
 */
export function classifyInstance(tags: DicomTags): ImageKind {
  const sopClass = text(tags, 'SOPClassUID') ?? '';
  if (TOMOSYNTHESIS_SOP_CLASSES.has(sopClass)) return 'tomosynthesis';
  if (MAMMOGRAPHY_SOP_CLASSES.has(sopClass)) return 'mammography';
  const hasPixels = text(tags, 'Rows') !== undefined && text(tags, 'Columns') !== undefined;
  return text(tags, 'Modality')?.toUpperCase() === 'MG' && hasPixels ? 'mammography' : 'other';
}

/** SNOMED CT view codes (CID 4014) the bridge names. */
const VIEW_CODES: Readonly<Record<string, string>> = {
  '399162004': 'CC',
  '399368009': 'MLO',
  '399260004': 'ML',
  '399352003': 'LM',
  'R-10242': 'CC',
  'R-10226': 'MLO',
};

function viewCode(tags: DicomTags): string | undefined {
  const position = text(tags, 'ViewPosition')?.toUpperCase();
  if (position) return position;
  const sequence = tags.ViewCodeSequence;
  const item = Array.isArray(sequence) ? (sequence[0] as DicomTags | undefined) : undefined;
  if (!item) return undefined;
  const code = text(item, 'CodeValue');
  if (code && VIEW_CODES[code]) return VIEW_CODES[code];
  const meaning = text(item, 'CodeMeaning')?.toLowerCase() ?? '';
  if (/medio-?lateral oblique/.test(meaning)) return 'MLO';
  if (/cranio-?caudal/.test(meaning)) return 'CC';
  return undefined;
}

/** Laterality and view of a mammography image, e.g. 'RCC' or 'LMLO'; undefined when unknown. */
export function viewOf(tags: DicomTags): string | undefined {
  const laterality = (text(tags, 'ImageLaterality') ?? text(tags, 'Laterality'))?.toUpperCase();
  const view = viewCode(tags);
  if (!view) return undefined;
  return `${laterality === 'R' || laterality === 'L' ? laterality : ''}${view}`;
}

const VIEW_ORDER = ['RCC', 'LCC', 'RMLO', 'LMLO'];

/** Distinct views, the four screening views first (RCC, LCC, RMLO, LMLO), then the others sorted. */
export function sortViews(views: Iterable<string>): string[] {
  const rank = (v: string) => (VIEW_ORDER.includes(v) ? VIEW_ORDER.indexOf(v) : VIEW_ORDER.length);
  return [...new Set(views)].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}
