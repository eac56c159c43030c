import { ageAtStudy, type Report, type ReportLocale } from '../model';
import { calendarDate } from '../text/dates';
import { familyNameFirst } from '../text/personName';
import { agreeing } from '../text/typography';

const LABELS = {
  fr: {
    patient: { F: 'Patiente', other: 'Patient' },
    patientId: 'Identifiant patient',
    birthDate: 'Date de naissance',
    age: 'Âge à l’examen',
    years: { one: 'an', other: 'ans' },
    studyDate: 'Date de l’examen',
    accessionNumber: 'Numéro d’accession',
  },
  en: {
    patient: { F: 'Patient', other: 'Patient' },
    patientId: 'Patient ID',
    birthDate: 'Date of birth',
    age: 'Age at examination',
    years: { one: 'year', other: 'years' },
    studyDate: 'Examination date',
    accessionNumber: 'Accession number',
  },
} as const satisfies Record<ReportLocale, unknown>;

export interface IdentificationLine {
  readonly label: string;
  readonly value: string;
}

/**
 * Who and which exam the report is about, label then value: name (family name in capitals),
 * patient id, birth date and age at the study when the birth date is known, study date, and the
 * accession number when there is one.
 */
export function identificationLines(report: Report): IdentificationLine[] {
  const { locale } = report.content;
  const labels = LABELS[locale];
  const { patient, study } = report;
  const age = ageAtStudy(patient.birthDate, study.studyDate);
  const lines: IdentificationLine[] = [
    {
      label: patient.sex === 'F' ? labels.patient.F : labels.patient.other,
      value: familyNameFirst(patient.name),
    },
    { label: labels.patientId, value: patient.id },
  ];
  if (patient.birthDate !== null)
    lines.push({ label: labels.birthDate, value: calendarDate(locale, patient.birthDate) });
  if (age !== null) lines.push({ label: labels.age, value: `${age} ${agreeing(locale, age, labels.years)}` });
  lines.push({ label: labels.studyDate, value: calendarDate(locale, study.studyDate) });
  if (study.accessionNumber) lines.push({ label: labels.accessionNumber, value: study.accessionNumber });
  return lines;
}
