import type { ExamFindings } from '../../findings/examFindings';
import { objectTimes, patientAndStudy, seriesAndEquipment, sopCommon } from '../commonAttributes';
import { writePart10 } from '../part10';
import { modelEquipment, type Equipment } from '../sentinelleMarker';
import type { LinkedExam } from '../sourceLinks';
import type { RenderedDicom, RenderOptions, StudyContext } from '../types';
import { chosenOrNewUid } from '../uid';
import type { SrNode } from './contentItem';
import { serializeContent } from './serializeContent';
import { srDocumentGeneral, type InstanceIdentity, type VerifyingObserver } from './srDocument';

export interface SrDocumentRequest {
  readonly sopClassUid: string;
  readonly studyInstanceUid: string;
  /** When the content was made (ISO 8601): the document's Content Date and Time. */
  readonly createdAt: string;
  /** The software that made the content (General Equipment). */
  readonly equipment: Equipment;
  /** The images the content refers to: Current Requested Procedure Evidence. */
  readonly evidence: readonly InstanceIdentity[];
  /** SR documents whose content this one includes, revised: Predecessor Documents. */
  readonly predecessors?: readonly InstanceIdentity[];
  /** Who signed the content at `createdAt`: the document is then VERIFIED. */
  readonly verifier?: VerifyingObserver;
  /** Instance Number unless options.instanceNumber is given; 1 by default. */
  readonly instanceNumber?: number;
  readonly context: StudyContext;
  readonly options: RenderOptions;
  readonly newUid: () => string;
  /** Series Number unless options.seriesNumber is given, and the full Series Description. */
  readonly series: { readonly number: number; readonly description: string };
  /** The content tree; its root becomes the document's root content item. */
  readonly content: SrNode;
  /** Private coding schemes the content uses: Coding Scheme Identification Sequence (SOP Common). */
  readonly privateSchemes?: readonly PrivateCodingScheme[];
}

export interface PrivateCodingScheme {
  readonly designator: string;
  readonly name: string;
  readonly responsibleOrganization: string;
}

/** The request fields of a document about one analysis: its study, time, model and images. */
export function analysisDocument(
  exam: ExamFindings,
  linked: LinkedExam,
): Pick<SrDocumentRequest, 'studyInstanceUid' | 'createdAt' | 'equipment' | 'evidence'> {
  return {
    studyInstanceUid: linked.studyInstanceUid,
    createdAt: exam.createdAt,
    equipment: modelEquipment(exam.model),
    evidence: linked.images.map((image) => image.source),
  };
}

/** Assembles an SR document (patient, study, series, equipment, document, content) as Part 10. */
export function writeSrDocument(request: SrDocumentRequest): RenderedDicom {
  const { context, options, newUid, sopClassUid, studyInstanceUid } = request;
  const times = objectTimes(context, request.createdAt, options.now ?? new Date());
  const seriesInstanceUid = chosenOrNewUid(options.seriesInstanceUid, newUid, 'seriesInstanceUid');
  const sopInstanceUid = chosenOrNewUid(options.sopInstanceUid, newUid, 'sopInstanceUid');
  const dataset = {
    ...sopCommon(sopClassUid, sopInstanceUid, times),
    ...patientAndStudy(context, studyInstanceUid),
    ...seriesAndEquipment(
      {
        modality: 'SR',
        seriesInstanceUid,
        seriesNumber: options.seriesNumber ?? request.series.number,
        description: request.series.description,
      },
      request.equipment,
      times,
      options,
    ),
    ...srDocumentGeneral({
      times,
      instanceNumber: options.instanceNumber ?? request.instanceNumber ?? 1,
      evidence: request.evidence,
      predecessors: request.predecessors ?? [],
      ...(request.verifier ? { verifier: request.verifier } : {}),
    }),
    ...serializeContent(request.content),
    ...(request.privateSchemes?.length
      ? {
          CodingSchemeIdentificationSequence: request.privateSchemes.map((scheme) => ({
            CodingSchemeDesignator: scheme.designator,
            CodingSchemeName: scheme.name,
            CodingSchemeResponsibleOrganization: scheme.responsibleOrganization,
          })),
        }
      : {}),
  };
  return {
    bytes: writePart10(dataset),
    sopClassUid,
    sopInstanceUid,
    seriesInstanceUid,
    studyInstanceUid,
  };
}
