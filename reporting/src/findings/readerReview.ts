import { z } from 'zod';
import { ImagePointSchema, LesionTypeSchema, MassShapeSchema } from './lesion';

/** DICOM UID: dotted digits, at most 64 characters. */
const UidSchema = z
  .string()
  .max(64)
  .regex(/^[0-9]+(\.[0-9]+)*$/, 'not a DICOM UID');

/** BI-RADS assessment categories (5th edition), 4 with its subdivisions. */
export const BIRADS_CATEGORIES = ['0', '1', '2', '3', '4', '4A', '4B', '4C', '5', '6'] as const;
export const BiradsCategorySchema = z.enum(BIRADS_CATEGORIES);
export type BiradsCategory = z.infer<typeof BiradsCategorySchema>;

/**
 * Positive screening assessments (recall) as the ACR BI-RADS audit counts them (5th edition,
 * follow-up and outcome monitoring: categories 0, 3, 4 and 5), with 6 (known cancer) positive too.
 */
export const RECALL_CATEGORIES: readonly BiradsCategory[] = ['0', '3', '4', '4A', '4B', '4C', '5', '6'];
const RECALL: ReadonlySet<BiradsCategory> = new Set(RECALL_CATEGORIES);

export function isRecall(category: BiradsCategory): boolean {
  return RECALL.has(category);
}

/**
 * Where a reader marked a finding, in ORIGINAL image pixels (pixel centres at integers), as the
 * viewer's tools draw it: an ellipse by the ends of its two axes, a freehand outline, or a point
 * (the probe, for calcifications).
 */
export const ReaderRegionSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('ellipse'),
    /** Major axis ends, then minor axis ends. */
    axes: z.tuple([ImagePointSchema, ImagePointSchema, ImagePointSchema, ImagePointSchema]),
  }),
  z.object({ kind: z.literal('polygon'), points: z.array(ImagePointSchema).min(3).max(2000) }),
  z.object({ kind: z.literal('point'), point: ImagePointSchema }),
]);
export type ReaderRegion = z.infer<typeof ReaderRegionSchema>;

/** `<SOP Instance UID>:<lesion id>`: how validations, revisions and reports name an AI lesion. */
export function lesionKey(sopInstanceUid: string, lesionId: string): string {
  return `${sopInstanceUid}:${lesionId}`;
}

/** One finding as the reader keeps it after review: an AI lesion kept or edited, or their own. */
export const ReaderFindingSchema = z.object({
  /** Stable within the revision, e.g. "R1". */
  id: z.string().min(1).max(32),
  /** The AI lesion it comes from (`<SOP Instance UID>:<lesion id>`), null for the reader's own. */
  aiLesionKey: z.string().max(100).nullable(),
  sopInstanceUid: UidSchema,
  type: LesionTypeSchema,
  region: ReaderRegionSchema,
  /** Longest diameter in mm, as the reader measured it; null when unknown. */
  diameterMm: z.number().nonnegative().max(500).nullable(),
  /** Masses only. */
  shape: MassShapeSchema.nullable(),
  note: z.string().max(2000).nullable().default(null),
});
export type ReaderFinding = z.infer<typeof ReaderFindingSchema>;

/** A reader's revision of the AI results: who, which AI SR it revises, and the findings kept. */
export const ReaderRevisionSchema = z.object({
  reader: z.object({
    /** DICOM person name, e.g. "Martin^Claire". */
    personName: z.string().min(1).max(64),
    /** Login or staff id, written as Person Observer's Login Name (128774, DCM; TID 1003). */
    login: z.string().min(1).max(64),
  }),
  /** The AI SR this revision revises: its Predecessor Document. */
  aiSr: z.object({
    studyInstanceUid: UidSchema,
    seriesInstanceUid: UidSchema,
    sopInstanceUid: UidSchema,
    sopClassUid: UidSchema,
  }),
  /** 1 for the first revision of this study, then 2, 3… */
  revisionNumber: z.number().int().positive(),
  findings: z.array(ReaderFindingSchema).max(200),
  createdAt: z.iso.datetime(),
});
export type ReaderRevision = z.infer<typeof ReaderRevisionSchema>;
