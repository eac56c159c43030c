import { readerJson } from '../users/json';
import type { Consultation } from './consultationStore';

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function consultationJson(c: Consultation) {
  return {
    id: c.id,
    studyInstanceUid: c.studyInstanceUid,
    requester: readerJson(c.requester),
    colleague: readerJson(c.colleague),
    note: c.note,
    answer: c.answer,
    createdAt: c.createdAt.toISOString(),
    answeredAt: iso(c.answeredAt),
  };
}
