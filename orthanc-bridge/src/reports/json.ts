import type { ReportVersion } from './reportStore';

/** A report version as the API answers it (row ids and the PDF bytes stay inside). */
export function reportVersionJson(v: ReportVersion) {
  return {
    studyInstanceUid: v.studyInstanceUid,
    version: v.version,
    amendsVersion: v.amendsVersion,
    status: v.status,
    content: v.content,
    author: v.author,
    createdAt: v.createdAt.toISOString(),
    updatedAt: v.updatedAt.toISOString(),
    signer: v.signer && { login: v.signer.login, displayName: v.signer.displayName },
    signedAt: v.signedAt?.toISOString() ?? null,
    sr: v.sr,
    template: v.template,
  };
}
