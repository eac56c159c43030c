/**
 * npm run analyze -- FILE... [--pixel-spacing MM] [--model FILE.onnx] [--threads N]
 *
 * Mammograms in (DICOM uncompressed or JPEG Lossless, PNG 8/16-bit, JPEG), findings JSON out on
 * stdout: per image (screening category, marks, nipple and pectoral edge, inverted photometry),
 * per breast and for the exam, with the model's operating points. An unreadable file, or an image
 * the quality gate refuses (blank, noise, no breast, too small, FOR PROCESSING), is reported on
 * stderr with its reason and skipped; the exit code is non-zero when nothing could be analysed.
 */
import { parseArgs } from 'node:util';
import { resolveModel } from '@sentinelle/models';
import type { DecodedImage } from '../image/decodedImage';
import { analyzeExam } from '../analyze/analyzeImages';
import { decodeImageFile } from '../decode/index';
import { ASSUMED_PIXEL_MM } from '../postprocess/physicalScale';
import { MammoModel } from '../session/mammoModel';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'pixel-spacing': { type: 'string' },
    model: { type: 'string' },
    threads: { type: 'string' },
  },
});

async function main(): Promise<void> {
  if (positionals.length === 0)
    throw new Error('usage: npm run analyze -- FILE... [--pixel-spacing MM] [--model FILE.onnx]');
  const pixelSpacingMm = values['pixel-spacing'] ? Number(values['pixel-spacing']) : undefined;
  const images: DecodedImage[] = [];
  for (const path of positionals) {
    try {
      images.push(await decodeImageFile(path, pixelSpacingMm ? { pixelSpacingMm } : {}));
    } catch (err) {
      console.error(`${path}: ${err instanceof Error ? err.message : String(err)} (skipped)`);
    }
  }
  if (images.length === 0) throw new Error('no image could be read');
  for (const image of images) {
    if (!image.pixelSpacing) {
      console.error(
        `${image.source.name}: no pixel spacing; sizes in pixels only, and the skin and nipple ` +
          `margins of the marks assume ${ASSUMED_PIXEL_MM} mm a pixel (--pixel-spacing to give it)`,
      );
    }
  }

  const model = await MammoModel.load(await resolveModel(values.model ? { onnxPath: values.model } : {}), {
    ...(values.threads ? { threads: Number(values.threads) } : {}),
    onFallback: (reason) => console.error(`CUDA unavailable, running on CPU (${reason.split('\n')[0]})`),
  });
  try {
    const exam = await analyzeExam(images, model, {
      onRefused: (_image, error) => console.error(`${error.message} (skipped)`),
    });
    for (const image of exam.images) {
      if (image.invertedDetected)
        console.error(`${image.imageRef.name}: stored inverted; analysed put right`);
    }
    console.log(JSON.stringify(exam, null, 2));
  } finally {
    await model.release();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
