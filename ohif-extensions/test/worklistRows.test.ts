import type { WorklistEntry } from '../extension-mammo-ai/src/api/worklistSchema';
import {
  ageFilterMatches,
  formatPersonName,
  scoreFilterMatches,
  textIncludes,
  toStudyRow,
  wordsMatch,
  worklistSearchOf,
} from '../extension-mammo-ai/src/worklist/worklistRows';

const entry: WorklistEntry = {
  studyInstanceUid: '1.2.3',
  patient: {
    patientId: 'DEMO-0005',
    issuer: '',
    name: 'LEFÈVRE^Anne^Marie',
    birthDate: '19700615',
    sex: 'F',
    age: 54,
  },
  accessionNumber: 'ACC-5',
  description: 'Bilan diagnostique URGENT',
  studyDate: '2025-01-02',
  modalities: ['MG', 'SR'],
  views: ['RCC', 'LCC', 'RMLO', 'LMLO'],
  status: 'done',
  malignancyScore: 0.87,
  category: 'elevated',
  examScore: 9,
  priority: 'stat',
  urgent: true,
  readStatus: 'toRead',
  consultations: { openForMe: 0, askedBy: [], mineOpen: 0, mineAnswered: 0 },
  openConsultationsForMe: 0,
};

describe('worklistRows', () => {
  test('toStudyRow gives OHIF the fields of its own columns, and ours under sentinelle', () => {
    expect(toStudyRow(entry, 3, true)).toEqual({
      studyInstanceUid: '1.2.3',
      date: '20250102',
      time: '',
      accession: 'ACC-5',
      mrn: 'DEMO-0005',
      patientName: 'LEFÈVRE, Anne Marie',
      description: 'Bilan diagnostique URGENT',
      modalities: 'MG\\SR',
      instances: 4,
      sentinelle: entry,
      sentinelleRank: 3,
      sentinelleCanFlag: true,
    });
    expect(formatPersonName(null)).toBe('');
    expect(formatPersonName('DUPONT')).toBe('DUPONT');
  });

  test('worklistSearchOf turns OHIF’s filters into the bridge’s searches, wildcards dropped', () => {
    expect(
      worklistSearchOf({ patientName: '*lefevre*', patientId: 'DEMO-0005', accessionNumber: ' ' }),
    ).toEqual({
      name: 'lefevre',
      patientId: 'DEMO-0005',
      accession: undefined,
    });
    expect(worklistSearchOf(undefined)).toEqual({
      name: undefined,
      patientId: undefined,
      accession: undefined,
    });
  });

  test('the text filters ignore case and accents; the score filter takes a minimum; the age one a range', () => {
    expect(wordsMatch('LEFÈVRE, Anne Marie', 'lefevre ann')).toBe(true);
    expect(wordsMatch('LEFÈVRE, Anne Marie', 'fevre')).toBe(false);
    expect(textIncludes('Bilan diagnostique URGENT', 'urgent')).toBe(true);
    expect(textIncludes('À lire', 'a lire')).toBe(true);
    expect(scoreFilterMatches(entry, 'élevé', '9')).toBe(true);
    expect(scoreFilterMatches(entry, 'élevé', '10')).toBe(false);
    expect(scoreFilterMatches(entry, 'élevé', 'eleve')).toBe(true);
    expect(scoreFilterMatches(entry, 'élevé', 'normal')).toBe(false);
    expect(scoreFilterMatches(undefined, '', '')).toBe(true);
    expect(ageFilterMatches(54, '50-60')).toBe(true);
    expect(ageFilterMatches(54, '>60')).toBe(false);
    expect(ageFilterMatches(54, '<60')).toBe(true);
    expect(ageFilterMatches(54, '54')).toBe(true);
    expect(ageFilterMatches(54, 'abc')).toBe(false);
    expect(ageFilterMatches(null, '54')).toBe(false);
  });
});
