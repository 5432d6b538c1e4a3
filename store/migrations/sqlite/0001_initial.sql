-- cartwatch store, schema version 1 (SQLite). Applied once, in one transaction, by the migration
-- runner (store/src/migrations.cc), which records the version in schema_migrations.
--
-- Nothing clinical is updated or deleted: a correction is a new row that names the row it
-- supersedes. The triggers refuse UPDATE and DELETE on clinical rows and on the audit log.

CREATE TABLE patients (
  id TEXT PRIMARY KEY NOT NULL,
  age_years REAL,
  weight_kg REAL,
  product TEXT,
  infusion INTEGER,
  created_at INTEGER NOT NULL,
  created_by TEXT NOT NULL
) STRICT;

CREATE TABLE assessments (
  id INTEGER PRIMARY KEY,
  patient_id TEXT NOT NULL REFERENCES patients (id),
  time INTEGER NOT NULL,
  assessment_json TEXT NOT NULL,
  recorded_at INTEGER NOT NULL,
  recorded_by TEXT NOT NULL,
  supersedes INTEGER UNIQUE REFERENCES assessments (id),
  correction_reason TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX assessments_by_patient ON assessments (patient_id, time);

CREATE TABLE treatments (
  id INTEGER PRIMARY KEY,
  patient_id TEXT NOT NULL REFERENCES patients (id),
  time INTEGER NOT NULL,
  drug TEXT NOT NULL,
  dose_mg REAL,
  recorded_at INTEGER NOT NULL,
  recorded_by TEXT NOT NULL
) STRICT;
CREATE INDEX treatments_by_patient ON treatments (patient_id, time);

CREATE TABLE users (
  name TEXT PRIMARY KEY NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('viewer', 'nurse', 'physician', 'admin')),
  password_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE api_tokens (
  id INTEGER PRIMARY KEY,
  user_name TEXT NOT NULL REFERENCES users (name),
  token_hash TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  revoked_at INTEGER
) STRICT;

CREATE TABLE sessions (
  id_hash TEXT PRIMARY KEY NOT NULL,
  user_name TEXT NOT NULL REFERENCES users (name),
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) STRICT;

CREATE TABLE cds_feedback (
  id INTEGER PRIMARY KEY,
  service TEXT NOT NULL,
  card_id TEXT NOT NULL,
  outcome TEXT NOT NULL,
  body TEXT NOT NULL,
  received_at INTEGER NOT NULL
) STRICT;

-- A retried write with the same key finds the record it created the first time.
CREATE TABLE idempotency_keys (
  key TEXT PRIMARY KEY NOT NULL,
  request_hash TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  user_name TEXT NOT NULL,
  request_id TEXT NOT NULL,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  before_json TEXT NOT NULL,
  after_json TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
) STRICT;

CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER assessments_append_only_update BEFORE UPDATE ON assessments
BEGIN SELECT RAISE(ABORT, 'assessments are never changed: record a correction'); END;
CREATE TRIGGER assessments_append_only_delete BEFORE DELETE ON assessments
BEGIN SELECT RAISE(ABORT, 'assessments are never deleted: record a correction'); END;
CREATE TRIGGER treatments_append_only_update BEFORE UPDATE ON treatments
BEGIN SELECT RAISE(ABORT, 'treatments are never changed'); END;
CREATE TRIGGER treatments_append_only_delete BEFORE DELETE ON treatments
BEGIN SELECT RAISE(ABORT, 'treatments are never deleted'); END;
