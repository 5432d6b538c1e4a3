-- cartwatch store, schema version 2 (PostgreSQL): the same tables, columns and meaning as
-- store/migrations/sqlite/0002_settings_and_logins.sql. Applied once, in one transaction, by the
-- migration runner, like 0001.
--
-- Nothing clinical changes. A setting is overwritten in place (its audit row keeps the value
-- before). Failed logins, like sessions, are not clinical and may be deleted. A patient's day 0
-- and weight may be updated (each update is audited with the patient before and after).
--
-- Privileges. After the owner applies this migration, it grants the server's role (see
-- 0001_initial.sql) what the new writes need, on top of 0001's grants:
--
--        GRANT UPDATE ON patients TO cartwatch_app;
--        GRANT SELECT, INSERT, UPDATE ON settings TO cartwatch_app;
--        GRANT SELECT, INSERT, DELETE ON login_failures TO cartwatch_app;
--        GRANT USAGE ON SEQUENCE login_failures_id_seq TO cartwatch_app;
--
-- The audit log, assessments and treatments stay append-only: their triggers and 0001's REVOKE
-- are untouched.

CREATE TABLE settings (
  key TEXT PRIMARY KEY NOT NULL,
  value TEXT NOT NULL,
  updated_at BIGINT NOT NULL,
  updated_by TEXT NOT NULL
);

CREATE TABLE login_failures (
  id BIGSERIAL PRIMARY KEY,
  user_name TEXT NOT NULL,
  at BIGINT NOT NULL
);
-- The login throttle counts one user's failures since a time.
CREATE INDEX login_failures_by_user ON login_failures (user_name, at);

ALTER TABLE api_tokens ADD COLUMN label TEXT NOT NULL DEFAULT '';
