import { z } from 'zod';
import { ReportLocaleSchema } from '../model';
import { bytesOfBase64 } from './base64';

/** The sections a report template may hold, in the order it lists them. */
export const REPORT_SECTIONS = [
  'indication',
  'comparison',
  'technique',
  'composition',
  'findings',
  'ai-summary',
  'impression',
  'recommendations',
  'notes',
] as const;
export const ReportSectionSchema = z.enum(REPORT_SECTIONS);
export type ReportSection = z.infer<typeof ReportSectionSchema>;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** A logo as base64 PNG; checked here so that a wrong upload fails when saved, not when printed. */
const LogoPngSchema = z
  .base64()
  .max(1_400_000, 'the logo is over 1 MB')
  .refine((base64) => {
    // Zod runs this on text that failed the base64 check too: atob throws on it.
    try {
      const bytes = bytesOfBase64(base64.slice(0, 12));
      return PNG_SIGNATURE.every((byte, index) => bytes[index] === byte);
    } catch {
      return false;
    }
  }, 'the logo is not a PNG image');

/** One site's report layout in one language. */
export const ReportTemplateSchema = z.strictObject({
  /** The site it belongs to (site id). */
  institution: z.string().min(1).max(64),
  /** Raised on every change; printed in the footer, so a signed report says which layout it used. */
  version: z.number().int().positive(),
  locale: ReportLocaleSchema,
  header: z.strictObject({
    /** Printed at the top; null: the study's Institution Name. */
    institutionName: z.string().min(1).max(128).nullable(),
    addressLines: z.array(z.string().min(1).max(128)).max(6),
    logoPng: LogoPngSchema.nullable(),
  }),
  /** Sections in print order, each at most once; a section with nothing to say is left out. */
  sections: z
    .array(ReportSectionSchema)
    .min(1)
    .refine((sections) => new Set(sections).size === sections.length, 'a section is listed twice'),
  /** The site's own words for the title and section headings, in the template's language. */
  wording: z
    .strictObject({
      title: z.string().min(1).max(200).optional(),
      headings: z.partialRecord(ReportSectionSchema, z.string().min(1).max(100)).optional(),
    })
    .optional(),
});
export type ReportTemplate = z.infer<typeof ReportTemplateSchema>;
