-- Sentinelle bridge: the audit trail. One row per read or write of patient data (API, DICOMweb,
-- the viewer opening a study) and per sign-in: who, what, when, from where, and how it ended.
-- Written only through src/audit/auditLog.ts, which serialises appends and chains the rows: each
-- row carries the hash of the one before it (src/audit/auditChain.ts), so that `npm run
-- audit:verify` finds an altered, removed or reordered row.

CREATE TABLE audit_event (
  id            bigserial PRIMARY KEY,
  -- The database clock when the entry was appended (the application cannot backdate an entry).
  occurred_at   timestamptz NOT NULL,
  -- A user's login, or 'anonymous' (no identity), or 'system' (the bridge on its own account).
  actor         text NOT NULL CHECK (length(actor) BETWEEN 1 AND 256),
  -- The role the actor acted in, when it has one (radiologist, sysadmin, ...).
  actor_role    text CHECK (length(actor_role) BETWEEN 1 AND 64),
  -- read:   a resource was read (GET of a study, a series, an instance, a patient...)
  -- search: a query over resources (QIDO, worklists, patient lists)
  -- create, update, delete: a write
  -- export: data left the system as a file (PDF, FHIR, DICOM export)
  -- login, logout: a session began or ended (or was refused)
  action        text NOT NULL CHECK (action IN ('read', 'search', 'create', 'update', 'delete', 'export', 'login', 'logout')),
  -- What was acted on: a type (study, series, instance, patient, ...; see AUDIT_RESOURCE_TYPES)
  -- and its id (a DICOM UID, a patient id, a row id), none for a search.
  resource_type text NOT NULL CHECK (resource_type ~ '^[a-z][a-z0-9-]{0,31}$'),
  resource_id   text CHECK (length(resource_id) BETWEEN 1 AND 256),
  -- The patient whose data it was (DICOM Patient ID), when known: the "by patient" filter.
  patient_id    text CHECK (length(patient_id) BETWEEN 1 AND 64),
  -- From where: the client's address (as the HTTP layer saw it) and user agent.
  source_ip     text CHECK (length(source_ip) BETWEEN 2 AND 64),
  user_agent    text CHECK (length(user_agent) <= 512),
  -- success: 2xx/3xx; denied: 401/403; failure: anything else.
  outcome       text NOT NULL CHECK (outcome IN ('success', 'denied', 'failure')),
  http_status   integer CHECK (http_status BETWEEN 100 AND 599),
  -- Anything else worth keeping (method, path, query of a search, ...), a JSON object.
  detail        jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(detail) = 'object'),
  -- Hex SHA-256: the previous row's hash (64 zeros for the first row), and
  -- sha256(prev_hash || canonical form of this row). UNIQUE (prev_hash): two rows can never
  -- follow the same row, so the chain cannot fork.
  prev_hash     text NOT NULL UNIQUE CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
  hash          text NOT NULL UNIQUE CHECK (hash ~ '^[0-9a-f]{64}$')
);
CREATE INDEX audit_event_actor_idx ON audit_event (actor, id);
CREATE INDEX audit_event_patient_idx ON audit_event (patient_id, id) WHERE patient_id IS NOT NULL;
CREATE INDEX audit_event_occurred_idx ON audit_event (occurred_at);

-- Never changed, never deleted, never truncated (sentinelle_append_only comes from 002_reading).
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
  FOR EACH ROW EXECUTE FUNCTION sentinelle_append_only();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
  FOR EACH STATEMENT EXECUTE FUNCTION sentinelle_append_only();
