-- cartwatch store, schema version 1 (PostgreSQL): the same tables, columns and meaning as
-- store/migrations/sqlite/0001_initial.sql. Applied once, in one transaction, by the migration
-- runner (store/src/postgres_store.cc), which holds an advisory lock so that two servers starting
-- together do not both migrate, and records the version in schema_migrations.
--
-- Nothing clinical is updated or deleted: a correction is a new row that names the row it
-- supersedes. Two guards keep it so:
--   1. Triggers refuse UPDATE, DELETE and TRUNCATE on clinical rows and on the audit log, for
--      every role, the owner included (only a deliberate DISABLE TRIGGER by the owner or a
--      superuser gets past them, and the audit hash chain then shows what was changed).
--   2. Privileges. A site runs the server as a role that owns nothing, so that it cannot even
--      disable the triggers. The owner role applies the migrations (start cartwatch once with its
--      URL), then grants the server's role only what the server does:
--
--        CREATE ROLE cartwatch_app LOGIN PASSWORD '...';
--        GRANT CONNECT ON DATABASE cartwatch TO cartwatch_app;
--        GRANT USAGE ON SCHEMA public TO cartwatch_app;
--        -- append-only: read and add, never change or remove
--        GRANT SELECT, INSERT ON audit_log, assessments, treatments TO cartwatch_app;
--        REVOKE UPDATE, DELETE, TRUNCATE ON audit_log, assessments, treatments FROM cartwatch_app;
--        GRANT SELECT, INSERT ON patients, idempotency_keys, cds_feedback TO cartwatch_app;
--        GRANT SELECT, INSERT, UPDATE ON users, api_tokens, sessions TO cartwatch_app;
--        GRANT DELETE ON sessions TO cartwatch_app;
--        GRANT SELECT ON schema_migrations TO cartwatch_app;
--        GRANT USAGE ON SEQUENCE assessments_id_seq, treatments_id_seq, api_tokens_id_seq,
--          cds_feedback_id_seq TO cartwatch_app;
--
--      The server then opens the database with the app role's URL; finding every migration
--      applied, it creates nothing. A binary with newer migrations is refused until the owner
--      migrates.
-- PUBLIC never had these rights on a new table; the REVOKE at the end says so explicitly.

CREATE TABLE patients (
  id TEXT PRIMARY KEY NOT NULL,
  age_years DOUBLE PRECISION,
  weight_kg DOUBLE PRECISION,
  product TEXT,
  infusion BIGINT,
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL
);

CREATE TABLE assessments (
  id BIGSERIAL PRIMARY KEY,
  patient_id TEXT NOT NULL REFERENCES patients (id),
  time BIGINT NOT NULL,
  assessment_json TEXT NOT NULL,
  recorded_at BIGINT NOT NULL,
  recorded_by TEXT NOT NULL,
  supersedes BIGINT UNIQUE REFERENCES assessments (id),
  correction_reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX assessments_by_patient ON assessments (patient_id, time);

CREATE TABLE treatments (
  id BIGSERIAL PRIMARY KEY,
  patient_id TEXT NOT NULL REFERENCES patients (id),
  time BIGINT NOT NULL,
  drug TEXT NOT NULL,
  dose_mg DOUBLE PRECISION,
  recorded_at BIGINT NOT NULL,
  recorded_by TEXT NOT NULL
);
CREATE INDEX treatments_by_patient ON treatments (patient_id, time);

CREATE TABLE users (
  name TEXT PRIMARY KEY NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('viewer', 'nurse', 'physician', 'admin')),
  password_hash TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  disabled BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE api_tokens (
  id BIGSERIAL PRIMARY KEY,
  user_name TEXT NOT NULL REFERENCES users (name),
  token_hash TEXT NOT NULL UNIQUE,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  revoked_at BIGINT
);

CREATE TABLE sessions (
  id_hash TEXT PRIMARY KEY NOT NULL,
  user_name TEXT NOT NULL REFERENCES users (name),
  csrf_token TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);

CREATE TABLE cds_feedback (
  id BIGSERIAL PRIMARY KEY,
  service TEXT NOT NULL,
  card_id TEXT NOT NULL,
  outcome TEXT NOT NULL,
  body TEXT NOT NULL,
  received_at BIGINT NOT NULL
);

-- A retried write with the same key finds the record it created the first time.
CREATE TABLE idempotency_keys (
  key TEXT PRIMARY KEY NOT NULL,
  request_hash TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  created_at BIGINT NOT NULL
);

-- seq is not a sequence: the server numbers each row as the last row's seq + 1 while it holds
-- the audit advisory lock, so that the chain has no gaps (a sequence would leave one for every
-- rolled-back write).
CREATE TABLE audit_log (
  seq BIGINT PRIMARY KEY,
  at BIGINT NOT NULL,
  user_name TEXT NOT NULL,
  request_id TEXT NOT NULL,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  before_json TEXT NOT NULL,
  after_json TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);

CREATE FUNCTION cartwatch_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'restrict_violation';
END;
$$;

CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION cartwatch_refuse_change('the audit log is append-only');
CREATE TRIGGER audit_log_append_only_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION cartwatch_refuse_change('the audit log is append-only');
CREATE TRIGGER assessments_append_only BEFORE UPDATE OR DELETE ON assessments
  FOR EACH ROW EXECUTE FUNCTION
  cartwatch_refuse_change('assessments are never changed or deleted: record a correction');
CREATE TRIGGER assessments_append_only_truncate BEFORE TRUNCATE ON assessments
  FOR EACH STATEMENT EXECUTE FUNCTION
  cartwatch_refuse_change('assessments are never changed or deleted: record a correction');
CREATE TRIGGER treatments_append_only BEFORE UPDATE OR DELETE ON treatments
  FOR EACH ROW EXECUTE FUNCTION cartwatch_refuse_change('treatments are never changed or deleted');
CREATE TRIGGER treatments_append_only_truncate BEFORE TRUNCATE ON treatments
  FOR EACH STATEMENT EXECUTE FUNCTION cartwatch_refuse_change('treatments are never changed or deleted');

REVOKE UPDATE, DELETE, TRUNCATE ON audit_log, assessments, treatments FROM PUBLIC;
