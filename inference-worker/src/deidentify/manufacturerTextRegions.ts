import type { TextRegion } from './burnedInText';

type Rect = readonly [x: number, y: number, width: number, height: number];

type KnownDevice = {
  /** Compared case-insensitively as "contains", as the source library does. */
  readonly manufacturer?: string;
  readonly model: string;
  readonly rows?: number;
  readonly columns?: number;
  readonly regions: readonly Rect[];
};

/**
 * Where devices are known to burn text, blanked whatever the OCR reads.
 *
 * Source: the RSNA Clinical Trial Processor's burned-in annotation library
 * (DicomPixelAnonymizer.script, CTP by J. Perry, "known regions in certain modality images where
 * PHI has been found"), rectangles as (x, y, width, height) in stored pixels. Kept: the entries
 * that manufacturer, model and matrix size alone select (ultrasound, as in breast ultrasound, and
 * Canon CXDI radiography). Left out: its CT dose-screen entries, which also need Image Type or
 * Series Description.
 *
 * No mammography unit is listed: that library has no MG entry and we have no manufacturer
 * documentation of where Hologic, GE, Siemens, Fujifilm or Planmed units burn text. FFDM units
 * normally write the label as an overlay or presentation state rather than into the pixels, so
 * for MG the OCR pass is what finds burned-in text. Add a unit here only with its source.
 */
const KNOWN_DEVICES: readonly KnownDevice[] = [
  {
    manufacturer: 'Canon',
    model: 'CXDI',
    rows: 2592,
    regions: [
      [0, 0, 2208, 80],
      [0, 2512, 2208, 80],
    ],
  },
  { model: 'LOGIQ9', regions: [[0, 0, 640, 40]] },
  { model: 'LOGIQE9', regions: [[0, 0, 960, 70]] },
  { model: 'iU22', rows: 480, regions: [[0, 0, 640, 47]] },
  { model: 'iU22', rows: 768, regions: [[0, 0, 1024, 75]] },
  { model: 'iU22', rows: 600, regions: [[0, 0, 800, 59]] },
  { model: 'Z_ONE', regions: [[0, 0, 800, 65]] },
  {
    manufacturer: 'ATL',
    model: 'HDI 5000',
    rows: 476,
    columns: 640,
    regions: [
      [40, 0, 200, 40],
      [240, 0, 190, 16],
    ],
  },
  {
    manufacturer: 'SIEMENS',
    model: 'ANTARES',
    rows: 768,
    columns: 1024,
    regions: [
      [0, 0, 1024, 60],
      [200, 60, 20, 20],
      [800, 65, 104, 14],
    ],
  },
  {
    manufacturer: 'SIEMENS',
    model: 'ACUSON',
    rows: 600,
    columns: 800,
    regions: [
      [0, 0, 800, 43],
      [128, 56, 16, 16],
    ],
  },
  { manufacturer: 'ACUSON', model: 'SEQUOIA', rows: 480, columns: 640, regions: [[0, 0, 640, 30]] },
  { manufacturer: 'TOSHIBA', model: 'A500', rows: 720, columns: 960, regions: [[0, 0, 960, 60]] },
  {
    manufacturer: 'SuperSonic Imagine SA',
    model: 'Aixplorer',
    rows: 1050,
    columns: 1400,
    regions: [[0, 0, 1000, 89]],
  },
];

const contains = (value: string | undefined, part: string): boolean =>
  value !== undefined && value.toLowerCase().includes(part.toLowerCase());

/** The known text areas of this device at this matrix size, clipped to the image. */
export function knownTextRegions(
  manufacturer: string | undefined,
  model: string | undefined,
  width: number,
  height: number,
): TextRegion[] {
  const regions: TextRegion[] = [];
  for (const device of KNOWN_DEVICES) {
    if (device.manufacturer !== undefined && !contains(manufacturer, device.manufacturer)) continue;
    if (!contains(model, device.model)) continue;
    if (device.rows !== undefined && device.rows !== height) continue;
    if (device.columns !== undefined && device.columns !== width) continue;
    for (const [x, y, w, h] of device.regions) {
      const x1 = Math.min(width, x + w);
      const y1 = Math.min(height, y + h);
      if (x1 <= x || y1 <= y) continue;
      regions.push({
        x,
        y,
        width: x1 - x,
        height: y1 - y,
        text: `known text area of ${device.manufacturer ?? ''} ${device.model}`.replace(/\s+/g, ' '),
        source: 'manufacturer',
      });
    }
  }
  return regions;
}
