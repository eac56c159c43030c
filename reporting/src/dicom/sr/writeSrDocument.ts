import type { ExamFindings } from '../../findings/examFindings';
import { objectTimes, patientAndStudy, seriesAndEquipment, sopCommon } from '../commonAttributes';
import { writePart10 } from '../part10';
import type { LinkedExam } from '../sourceLinks';
import type { RenderedDicom, RenderOptions, StudyContext } from '../types';
import type { SrNode } from './contentItem';
import { serializeContent } from './serializeContent';
import { srDocumentGeneral } from './srDocument';
import { chosenOrNewUid } from '../uid';

export interface SrDocumentRequest {
  readonly sopClassUid: string;
  readonly exam: ExamFindings;
  readonly linked: LinkedExam;
  readonly context: StudyContext;
  readonly options: RenderOptions;
  readonly newUid: () => string;
  readonly series: { readonly number: number; readonly description: string };
  /** The content tree; its root becomes the document's root content item. */
  readonly content: SrNode;
}

/** Assembles an SR document (patient, study, series, equipment, document, content) as Part 10. */
export function writeSrDocument(request: SrDocumentRequest): RenderedDicom {
  const { exam, linked, context, options, newUid, sopClassUid } = request;
  const times = objectTimes(context, exam.createdAt, options.now ?? new Date());
  const seriesInstanceUid = chosenOrNewUid(options.seriesInstanceUid, newUid, 'seriesInstanceUid');
  const sopInstanceUid = chosenOrNewUid(options.sopInstanceUid, newUid, 'sopInstanceUid');
  const dataset = {
    ...sopCommon(sopClassUid, sopInstanceUid, times),
    ...patientAndStudy(context, linked.studyInstanceUid),
    ...seriesAndEquipment(
      {
        modality: 'SR',
        seriesInstanceUid,
        seriesNumber: options.seriesNumber ?? request.series.number,
        description: request.series.description,
      },
      exam.model,
      times,
      options,
    ),
    ...srDocumentGeneral(
      times,
      linked.images.map((image) => image.source),
    ),
    ...(options.instanceNumber !== undefined ? { InstanceNumber: options.instanceNumber } : {}),
    ...serializeContent(request.content),
  };
  return {
    bytes: writePart10(dataset),
    sopClassUid,
    sopInstanceUid,
    seriesInstanceUid,
    studyInstanceUid: linked.studyInstanceUid,
  };
}
