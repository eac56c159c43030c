import { OrthancRequestError } from '@sentinelle/config';
import { DicomRenderError } from '@sentinelle/reporting';
import { UnreadableImageError } from '../decode/index';
import { ImageQualityError } from '../preprocess/imageQualityError';
import { classifyFailure, PermanentAnalysisError, StudyGoneError } from './failures';

test('classifyFailure retries what a service being away explains, and stops on what the study itself causes', () => {
  const transient = [
    new OrthancRequestError('Orthanc GET /instances/x failed: fetch failed', undefined, true, undefined),
    new OrthancRequestError('Orthanc answered 503', 503, true, undefined),
    Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
    new Error('Connection is closed.'),
  ];
  for (const error of transient)
    expect(classifyFailure(error)).toEqual({ kind: 'transient', reason: error.message });

  expect(classifyFailure(new UnreadableImageError('image 2 of 4', 'multi-frame image (3 frames)'))).toEqual({
    kind: 'permanent',
    reason: 'unreadable image: image 2 of 4: multi-frame image (3 frames)',
  });
  expect(
    classifyFailure(new PermanentAnalysisError('image 1 of 1 is not a mammogram (Modality CT)')).kind,
  ).toBe('permanent');
  expect(classifyFailure(new DicomRenderError('no source image')).reason).toMatch(
    /^the results could not be written as DICOM/,
  );
  expect(
    classifyFailure(new OrthancRequestError('answered 400: Bad request', 400, false, 'Bad request')).kind,
  ).toBe('permanent');
  expect(classifyFailure(new StudyGoneError('image 1 of 4 was deleted')).kind).toBe('gone');
});

test('classifyFailure stops on an image the quality gate refused, with its reason in French and English', () => {
  const refused = new ImageQualityError('image 3 of 4', 'no-breast', {
    fr: 'aucun sein trouvé sur l’image',
    en: 'no breast found in the image',
  });
  expect(classifyFailure(refused)).toEqual({
    kind: 'permanent',
    reason:
      'image not analysable: image 3 of 4: aucun sein trouvé sur l’image / no breast found in the image',
  });
});
