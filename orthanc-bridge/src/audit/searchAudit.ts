/**
 * The describer of a route that lists patient data (worklist, analyses, consultations): a search,
 * its query string kept in the detail (sealed in the table, see sealedDetail.ts).
 */
import type { AuditResourceType } from './auditLog';
import type { AuditDescriber } from './auditMiddleware';

export function searchAudit(resourceType: AuditResourceType): AuditDescriber {
  return (req) => ({
    resourceType,
    action: 'search',
    detail: { query: req.originalUrl.split('?')[1] ?? '' },
  });
}
