-- cartwatch store, schema version 2 (SQLite): site settings, failed logins, and a label on API
-- tokens. Applied once, in one transaction, by the migration runner, like 0001.
--
-- Nothing clinical changes. A setting is overwritten in place (its audit row keeps the value
-- before). Failed logins, like sessions, are not clinical and may be deleted. A patient's day 0
-- and weight may be updated (each update is audited with the patient before and after).

CREATE TABLE settings (
  key TEXT PRIMARY KEY NOT NULL,
  value TEXT NOT NULL,
  updated_at INTEGER NOT NULL,
  updated_by TEXT NOT NULL
) STRICT;

CREATE TABLE login_failures (
  id INTEGER PRIMARY KEY,
  user_name TEXT NOT NULL,
  at INTEGER NOT NULL
) STRICT;
-- The login throttle counts one user's failures since a time.
CREATE INDEX login_failures_by_user ON login_failures (user_name, at);

ALTER TABLE api_tokens ADD COLUMN label TEXT NOT NULL DEFAULT '';
