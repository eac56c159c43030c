/* eslint-disable @typescript-eslint/no-explicit-any */
import { LOG_TAG } from '../id';
import { apiRoots } from '../studySession';

const value = (study: any, tag: string): string | undefined => study?.[tag]?.Value?.[0];
/** (0010,0020) Patient ID, (0008,0020) Study Date, (0020,000D) Study Instance UID. */
const PATIENT_ID = '00100020';
const STUDY_DATE = '00080020';
const STUDY_UID = '0020000D';

async function qido(root: string, query: Record<string, string>): Promise<any[]> {
  const response = await fetch(`${root}/studies?${new URLSearchParams(query)}`, {
    headers: { accept: 'application/dicom+json' },
  });
  if (response.status === 204) return [];
  if (!response.ok) throw new Error(`QIDO-RS answered ${response.status}`);
  return (await response.json()) as any[];
}

/**
 * The patient's most recent MG study before `studyUid` (by Study Date), through QIDO-RS; null when
 * there is none or the study has no Patient ID or date to compare by.
 */
async function findPriorStudy(qidoRoot: string, studyUid: string): Promise<string | null> {
  const [current] = await qido(qidoRoot, {
    StudyInstanceUID: studyUid,
    includefield: `${PATIENT_ID},${STUDY_DATE}`,
  });
  const patientId = value(current, PATIENT_ID);
  const date = value(current, STUDY_DATE);
  if (!patientId || !date) return null;
  const candidates = await qido(qidoRoot, {
    PatientID: patientId,
    ModalitiesInStudy: 'MG',
    includefield: STUDY_DATE,
  });
  const earlier = candidates
    .map((study) => ({ uid: value(study, STUDY_UID), date: value(study, STUDY_DATE) ?? '' }))
    .filter((study) => study.uid && study.uid !== studyUid && study.date < date)
    .sort((a, b) => b.date.localeCompare(a.date));
  return earlier[0]?.uid ?? null;
}

/**
 * Adds the patient's prior exam to the studies the viewer is about to load (`studyUids`, the
 * route's own list, changed in place before OHIF loads it), so the hanging protocol's comparison
 * stage has current and prior. Only when one study is named: a reader who names several chose.
 * Resolves to the prior's UID.
 */
export async function addPriorStudy(extensionManager: any, studyUids: string[]): Promise<string | null> {
  if (studyUids.length !== 1) return null;
  const prior = await findPriorStudy(apiRoots(extensionManager).qidoRoot, studyUids[0]!).catch(
    (error: Error) => {
      console.warn(LOG_TAG, 'prior study lookup failed:', error.message);
      return null;
    },
  );
  if (prior) {
    studyUids.push(prior);
    console.info(LOG_TAG, 'prior exam loaded for comparison', prior);
  }
  return prior;
}
