#!/bin/sh
# Run once by the postgres image on a new volume (/docker-entrypoint-initdb.d): the same roles as
# the private stack (config/src/services/postgresRoles.ts). POSTGRES_USER is the superuser; the
# owner role owns the database and runs the migrations; the app role gets DML only, so it cannot
# disable the audit trail's append-only trigger. Passwords come from the environment, never argv.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<'SQL'
\getenv owner_pw POSTGRES_OWNER_PASSWORD
\getenv app_pw POSTGRES_APP_PASSWORD
\getenv db POSTGRES_DB
SET password_encryption = 'scram-sha-256';
CREATE ROLE sentinelle_owner LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'owner_pw';
CREATE ROLE sentinelle_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'app_pw';
ALTER DATABASE :"db" OWNER TO sentinelle_owner;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO sentinelle_app;
ALTER DEFAULT PRIVILEGES FOR ROLE sentinelle_owner IN SCHEMA public
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO sentinelle_app;
ALTER DEFAULT PRIVILEGES FOR ROLE sentinelle_owner IN SCHEMA public
  GRANT USAGE, SELECT ON SEQUENCES TO sentinelle_app;
SQL
