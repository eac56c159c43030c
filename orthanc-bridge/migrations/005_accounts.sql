-- Sentinelle bridge: accounts, permissions and patient scope. The readers of issue 4 become the
-- accounts of everyone who signs in (radiologists, pathologists, physician-admins, sysadmins); the
-- foreign keys of validations, revisions and consultations follow the renamed table.

ALTER TABLE reader RENAME TO user_account;
ALTER TABLE user_account
  -- src/auth/permissions.ts ROLES.
  ADD COLUMN role text NOT NULL DEFAULT 'radiologist'
    CHECK (role IN ('physician-admin', 'radiologist', 'pathologist', 'sysadmin')),
  -- The site whose patients the account sees, and its care teams within the site.
  ADD COLUMN site text NOT NULL DEFAULT 'main' CHECK (site ~ '^[a-z0-9][a-z0-9-]{0,31}$'),
  ADD COLUMN care_teams text[] NOT NULL DEFAULT '{}',
  -- argon2id (PHC string); null: the account signs in through the hospital's identity provider only.
  ADD COLUMN password_hash text CHECK (password_hash LIKE '$argon2id$%'),
  -- TOTP second factor: the secret (sealed by the bridge's field cipher once enrolment is
  -- confirmed), the last time step used (a code is good once), and the unused recovery codes'
  -- hashes. A pending enrolment keeps its secret in the session until confirmed.
  ADD COLUMN totp_secret text,
  ADD COLUMN totp_last_step bigint,
  ADD COLUMN recovery_code_hashes text[] NOT NULL DEFAULT '{}',
  -- Single sign-on: the identity provider's issuer and subject of an account created by OIDC.
  ADD COLUMN oidc_issuer text,
  ADD COLUMN oidc_subject text,
  -- A disabled account cannot sign in; its history stays (rows reference it).
  ADD COLUMN disabled_at timestamptz,
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
  ADD UNIQUE (oidc_issuer, oidc_subject);
ALTER TABLE user_account RENAME CONSTRAINT reader_pkey TO user_account_pkey;
ALTER TABLE user_account RENAME CONSTRAINT reader_login_key TO user_account_login_key;

-- Per-account changes to the role's default permissions (src/auth/permissions.ts): granted true
-- adds the permission, false revokes it. Who changed it and when is in the audit trail too.
CREATE TABLE user_permission_change (
  user_id    bigint NOT NULL REFERENCES user_account (id),
  permission text NOT NULL CHECK (permission ~ '^[a-z]+:[a-z]+$'),
  granted    boolean NOT NULL,
  changed_by bigint REFERENCES user_account (id),
  changed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, permission)
);

-- Patient scope: a patient belongs to the site that sent the images (set at intake from the
-- study's institution) and, optionally, to one care team of that site. Null site: not yet
-- assigned, visible to nobody.
ALTER TABLE patient
  ADD COLUMN site text CHECK (site ~ '^[a-z0-9][a-z0-9-]{0,31}$'),
  ADD COLUMN care_team text;
CREATE INDEX patient_site_idx ON patient (site);

-- A case shared with someone outside the patient's site or care team (a consultation shares the
-- study's patient with the colleague asked).
CREATE TABLE patient_share (
  patient_ref bigint NOT NULL REFERENCES patient (id),
  user_id     bigint NOT NULL REFERENCES user_account (id),
  shared_by   bigint REFERENCES user_account (id),
  reason      text NOT NULL CHECK (length(reason) BETWEEN 1 AND 64),
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (patient_ref, user_id)
);
CREATE INDEX patient_share_user_idx ON patient_share (user_id);
