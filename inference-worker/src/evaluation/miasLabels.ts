import { readFile } from 'node:fs/promises';
import { z } from 'zod';

/** One abnormality as the mini-MIAS layout lists it (origin top-left, pixels of the image). */
export interface MiasLesion {
  readonly abnormality: 'CALC' | 'CIRC' | 'SPIC' | 'MISC' | 'ARCH' | 'ASYM';
  readonly severity: 'benign' | 'malignant';
  readonly x: number | null;
  readonly y: number | null;
  readonly radius: number | null;
}

export interface MiasImageTruth {
  readonly file: string;
  readonly patient: string;
  readonly label: 'normal' | 'benign' | 'malignant';
  readonly tissue: string;
  readonly lesions: MiasLesion[];
}

const optionalNumber = z
  .string()
  .transform((s) => (s.trim() === '' ? null : Number(s)))
  .refine((v) => v === null || Number.isFinite(v), 'not a number');

// Image-level datasets (RSNA screening: image, patient, label) leave out the lesion columns: an
// image there is labelled as a whole and has no lesion coordinates.
const row = z.object({
  image: z.string().min(1),
  patient: z.string().min(1),
  label: z.enum(['normal', 'benign', 'malignant']),
  tissue: z.string().default(''),
  abnormality: z.enum(['NORM', 'CALC', 'CIRC', 'SPIC', 'MISC', 'ARCH', 'ASYM']).default('NORM'),
  severity: z.enum(['', 'benign', 'malignant']).default(''),
  x: optionalNumber.default(null),
  y: optionalNumber.default(null),
  radius: optionalNumber.default(null),
});

export interface LabelProblem {
  readonly line: number;
  readonly message: string;
}

/**
 * Reads a labels.csv in the mini-MIAS layout (one row per abnormality, NORM for normal images) or
 * the image-level layout (image, patient, label). `image` is a path relative to the images folder.
 * A malformed row is reported and skipped; the rest is still usable.
 */
export async function readMiasLabels(
  path: string,
): Promise<{ images: MiasImageTruth[]; problems: LabelProblem[] }> {
  const lines = (await readFile(path, 'utf8')).split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = (lines.shift() ?? '').split(',').map((h) => h.trim());
  const byImage = new Map<string, MiasImageTruth>();
  const problems: LabelProblem[] = [];
  lines.forEach((text, i) => {
    const cells = text.split(',');
    const parsed = row.safeParse(Object.fromEntries(header.map((h, k) => [h, cells[k]?.trim()])));
    if (!parsed.success) {
      problems.push({
        line: i + 2,
        message: parsed.error.issues.map((e) => `${e.path.join('.')}: ${e.message}`).join('; '),
      });
      return;
    }
    const r = parsed.data;
    const image = byImage.get(r.image) ?? {
      file: r.image,
      patient: r.patient,
      label: r.label,
      tissue: r.tissue,
      lesions: [],
    };
    byImage.set(r.image, image);
    if (r.abnormality !== 'NORM') {
      image.lesions.push({
        abnormality: r.abnormality,
        severity: r.severity === 'malignant' ? 'malignant' : 'benign',
        x: r.x,
        y: r.y,
        radius: r.radius,
      });
    }
  });
  return { images: [...byImage.values()], problems };
}
