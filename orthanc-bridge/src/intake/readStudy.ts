import { createHash } from 'node:crypto';
import type { PatientDemographics } from '../patients/patientStore';
import type { DicomTags, OrthancClient, OrthancSeries } from '../orthanc/client';
import { classifyInstance, isSentinelleObject, sortViews, viewOf } from './mammography';

export interface MammographyImage {
  readonly orthancId: string;
  readonly sopInstanceUid: string;
  /** e.g. 'RCC'; undefined when the header does not say. */
  readonly view: string | undefined;
}

/** What the bridge needs to know of a study, read from Orthanc. */
export interface StudySnapshot {
  readonly orthancId: string;
  readonly studyInstanceUid: string;
  readonly accessionNumber: string | null;
  /** ISO date, null when StudyDate is absent or not a valid date. */
  readonly studyDate: string | null;
  readonly description: string | null;
  readonly patient: PatientDemographics;
  /** Modalities of the study's series (Sentinelle's own results excluded), sorted. */
  readonly modalities: readonly string[];
  /** The 2D mammography images, in series then instance order. */
  readonly images: readonly MammographyImage[];
  readonly views: readonly string[];
  /** sha256 of the images' sorted SOP Instance UIDs: the identity of the image set. */
  readonly imagesDigest: string;
  /** Breast tomosynthesis objects present (not analysed). */
  readonly tomosynthesisCount: number;
  /** Objects Sentinelle produced (SR, SEG), ignored. */
  readonly ownObjectCount: number;
  /** Attributes triage rules are applied to: the study's main tags and the first image's header. */
  readonly triageTags: DicomTags;
}

function str(value: string | undefined): string | null {
  const v = value?.trim();
  return v ? v : null;
}

/** DICOM DA (YYYYMMDD) → YYYY-MM-DD, or null when it is not a real date. */
export function isoDate(da: string | undefined): string | null {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(da?.trim() ?? '');
  if (!m) return null;
  const iso = `${m[1]}-${m[2]}-${m[3]}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(iso) ? iso : null;
}

/** Runs `fn` over `items` with at most `limit` calls in flight, keeping the order of results. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  });
  await Promise.all(lanes);
  return results;
}

function numberTag(tags: DicomTags, keyword: string): number {
  const n = Number.parseInt(String(tags[keyword] ?? ''), 10);
  return Number.isFinite(n) ? n : Number.MAX_SAFE_INTEGER;
}

/**
 * Reads a study from Orthanc: its header, and which of its instances are mammography images.
 * Instance headers are read for MG series; of any other series only the first instance is read,
 * and the rest only when that one is a mammography or tomosynthesis object (a CT study of 500
 * slices costs one header). Undefined when Orthanc no longer holds the study.
 */
export async function readStudy(
  orthanc: OrthancClient,
  orthancId: string,
): Promise<StudySnapshot | undefined> {
  const study = await orthanc.study(orthancId);
  const seriesList = await orthanc.studySeries(orthancId);
  if (!study || !seriesList) return undefined;

  const modalities = new Set<string>();
  const found: { tags: DicomTags; orthancId: string; series: OrthancSeries }[] = [];
  let ownObjectCount = 0;
  let tomosynthesisCount = 0;

  for (const series of [...seriesList].sort(
    (a, b) => numberTag(a.MainDicomTags, 'SeriesNumber') - numberTag(b.MainDicomTags, 'SeriesNumber'),
  )) {
    const modality = series.MainDicomTags.Modality?.trim().toUpperCase();
    if (series.Instances.length === 0) continue;
    if (modality !== 'MG') {
      const first = await orthanc.instanceTags(series.Instances[0]!);
      if (first && isSentinelleObject(first)) {
        ownObjectCount += series.Instances.length;
        continue;
      }
      if (modality) modalities.add(modality);
      if (!first || classifyInstance(first) === 'other') continue;
    } else {
      modalities.add(modality);
    }
    const ids = series.Instances;
    const headers = await mapLimit(ids, 4, async (id) => ({ id, tags: await orthanc.instanceTags(id) }));
    for (const { id, tags } of headers) {
      if (!tags) continue; // deleted meanwhile
      if (isSentinelleObject(tags)) ownObjectCount++;
      else if (classifyInstance(tags) === 'tomosynthesis') tomosynthesisCount++;
      else if (classifyInstance(tags) === 'mammography') found.push({ tags, orthancId: id, series });
    }
  }

  found.sort((a, b) => {
    const bySeries =
      numberTag(a.series.MainDicomTags, 'SeriesNumber') - numberTag(b.series.MainDicomTags, 'SeriesNumber');
    return bySeries || numberTag(a.tags, 'InstanceNumber') - numberTag(b.tags, 'InstanceNumber');
  });
  const images = found.map(({ tags, orthancId: id }) => ({
    orthancId: id,
    sopInstanceUid: String(tags.SOPInstanceUID ?? id),
    view: viewOf(tags),
  }));
  const digest = createHash('sha256')
    .update(
      images
        .map((i) => i.sopInstanceUid)
        .sort()
        .join('\n'),
    )
    .digest('hex');

  const main = study.MainDicomTags;
  const patient = study.PatientMainDicomTags;
  return {
    orthancId,
    studyInstanceUid: main.StudyInstanceUID!,
    accessionNumber: str(main.AccessionNumber),
    studyDate: isoDate(main.StudyDate),
    description: str(main.StudyDescription),
    patient: {
      patientId: patient.PatientID?.trim() ?? '',
      issuer: patient.IssuerOfPatientID?.trim() ?? '',
      name: str(patient.PatientName),
      birthDate: str(patient.PatientBirthDate),
      sex: str(patient.PatientSex),
    },
    modalities: [...modalities].sort(),
    images,
    views: sortViews(images.flatMap((i) => (i.view ? [i.view] : []))),
    imagesDigest: digest,
    tomosynthesisCount,
    ownObjectCount,
    triageTags: { ...(found[0]?.tags ?? {}), ...main },
  };
}
