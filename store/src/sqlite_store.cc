#include "sqlite_store.h"

#include <utility>

#include "audit_hash.h"
#include "audit_payload.h"
#include "migrations.h"
#include "store_failure.h"
#include "write_rules.h"

namespace cartwatch::store {
namespace {

using core::ErrorCode;
// The database's own words stay in the server's log; the client gets the kind of failure.
StoreFailure Unavailable(const sqlite::DbError& error) {
  return StoreFailure(ErrorCode::kStoreUnavailable, "",
                      std::string("the database could not complete the request (") +
                          sqlite3_errstr(error.code()) + ")");
}

// Runs `operation`, turning failures into core::Error.
template <typename T, typename Operation>
core::Result<T> Guarded(Operation operation) {
  try {
    return operation();
  } catch (const StoreFailure& failure) {
    return failure.error();
  } catch (const sqlite::DbError& error) {
    return Unavailable(error).error();
  }
}

void Migrate(sqlite::Database& db) {
  db.Execute(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
      "file TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT");
  sqlite::Statement current = db.Prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  current.Step();
  const std::int64_t version = current.Int(0);
  const std::vector<Migration>& migrations = SqliteMigrations();
  const int known = migrations.empty() ? 0 : migrations.back().version;
  if (version > known) {
    throw StoreFailure(ErrorCode::kStoreTooNew, "",
                       "the database has schema version " + std::to_string(version) +
                           " but this cartwatch knows up to version " + std::to_string(known) +
                           ": upgrade cartwatch before opening it");
  }
  for (const Migration& migration : migrations) {
    if (migration.version <= version) continue;
    db.Execute("BEGIN IMMEDIATE");
    try {
      db.Execute(migration.sql);
      db.Prepare("INSERT INTO schema_migrations (version, file, applied_at) VALUES (?, ?, ?)")
          .Bind(1, static_cast<std::int64_t>(migration.version))
          .Bind(2, migration.file)
          .Bind(3, StoreNow())
          .Run();
      db.Execute("COMMIT");
    } catch (...) {
      db.Execute("ROLLBACK");
      throw;
    }
  }
}

PatientRecord ReadPatient(const sqlite::Statement& row) {
  PatientRecord record;
  record.patient.id = row.Text(0);
  record.patient.age_years = row.OptionalDouble(1);
  record.patient.weight_kg = row.OptionalDouble(2);
  if (!row.IsNull(3)) record.patient.product = core::FindProduct(row.Text(3));
  record.patient.infusion = row.OptionalInt(4);
  record.created_at = row.Int(5);
  record.created_by = row.Text(6);
  return record;
}

constexpr std::string_view kPatientColumns =
    "id, age_years, weight_kg, product, infusion, created_at, created_by";
constexpr std::string_view kAssessmentColumns =
    "a.id, a.patient_id, a.time, a.assessment_json, a.recorded_at, a.recorded_by, a.supersedes, "
    "a.correction_reason, (SELECT b.id FROM assessments b WHERE b.supersedes = a.id)";

AssessmentRecord ReadAssessment(const sqlite::Statement& row) {
  AssessmentRecord record;
  record.id = row.Int(0);
  record.assessment.patient_id = row.Text(1);
  record.assessment.time = row.Int(2);
  record.assessment.assessment_json = row.Text(3);
  record.recorded_at = row.Int(4);
  record.recorded_by = row.Text(5);
  record.supersedes = row.OptionalInt(6);
  record.correction_reason = row.Text(7);
  record.superseded_by = row.OptionalInt(8);
  return record;
}

TreatmentRecord ReadTreatment(const sqlite::Statement& row) {
  TreatmentRecord record;
  record.id = row.Int(0);
  record.treatment.patient_id = row.Text(1);
  record.treatment.time = row.Int(2);
  record.treatment.drug = core::FindDrug(row.Text(3)).value_or(core::Drug::kTocilizumab);
  record.treatment.dose_mg = row.OptionalDouble(4);
  record.recorded_at = row.Int(5);
  record.recorded_by = row.Text(6);
  return record;
}

AuditEntry ReadAudit(const sqlite::Statement& row) {
  AuditEntry entry;
  entry.seq = row.Int(0);
  entry.at = row.Int(1);
  entry.user = row.Text(2);
  entry.request_id = row.Text(3);
  entry.action = row.Text(4);
  entry.entity = row.Text(5);
  entry.entity_id = row.Text(6);
  entry.before = row.Text(7);
  entry.after = row.Text(8);
  entry.prev_hash = row.Text(9);
  entry.hash = row.Text(10);
  return entry;
}

constexpr std::string_view kAuditColumns =
    "seq, at, user_name, request_id, action, entity, entity_id, before_json, after_json, "
    "prev_hash, hash";

constexpr std::string_view kUserColumns = "name, role, password_hash, created_at, disabled";
constexpr std::string_view kTokenColumns =
    "id, user_name, token_hash, label, created_at, expires_at, revoked_at";
constexpr std::string_view kSessionColumns =
    "id_hash, user_name, csrf_token, created_at, expires_at";

User ReadUser(const sqlite::Statement& row) {
  User user;
  user.name = row.Text(0);
  // The table's CHECK admits only the four names; anything else gets the least rights.
  user.role = FindRole(row.Text(1)).value_or(Role::kViewer);
  user.password_hash = row.Text(2);
  user.created_at = row.Int(3);
  user.disabled = row.Int(4) != 0;
  return user;
}

ApiToken ReadToken(const sqlite::Statement& row) {
  ApiToken token;
  token.id = row.Int(0);
  token.user = row.Text(1);
  token.token_hash = row.Text(2);
  token.label = row.Text(3);
  token.created_at = row.Int(4);
  token.expires_at = row.Int(5);
  token.revoked_at = row.OptionalInt(6);
  return token;
}

Session ReadSession(const sqlite::Statement& row) {
  Session session;
  session.id_hash = row.Text(0);
  session.user = row.Text(1);
  session.csrf_token = row.Text(2);
  session.created_at = row.Int(3);
  session.expires_at = row.Int(4);
  return session;
}

// Single-row reads shared by the reader (the public reads) and the writer (inside a write).
std::optional<PatientRecord> SelectPatient(sqlite::Database& db, std::string_view id) {
  sqlite::Statement find =
      db.Prepare("SELECT " + std::string(kPatientColumns) + " FROM patients WHERE id = ?");
  find.Bind(1, id);
  if (!find.Step()) return std::nullopt;
  return ReadPatient(find);
}

std::optional<User> SelectUser(sqlite::Database& db, std::string_view name) {
  sqlite::Statement find =
      db.Prepare("SELECT " + std::string(kUserColumns) + " FROM users WHERE name = ?");
  find.Bind(1, name);
  if (!find.Step()) return std::nullopt;
  return ReadUser(find);
}

std::optional<ApiToken> SelectToken(sqlite::Database& db, std::string_view column,
                                    const auto& value) {
  sqlite::Statement find = db.Prepare("SELECT " + std::string(kTokenColumns) +
                                      " FROM api_tokens WHERE " + std::string(column) + " = ?");
  find.Bind(1, value);
  if (!find.Step()) return std::nullopt;
  return ReadToken(find);
}

std::optional<std::string> SelectSetting(sqlite::Database& db, std::string_view key) {
  sqlite::Statement find = db.Prepare("SELECT value FROM settings WHERE key = ?");
  find.Bind(1, key);
  if (!find.Step()) return std::nullopt;
  return find.Text(0);
}

// The writer's side of one write: the audit row and the idempotency key, on the writer's
// connection inside the group commit's transaction.
class WriteSession {
 public:
  WriteSession(sqlite::Database& db, const WriteContext& context) : db_(db), context_(context) {}

  // The id this key created before, when the request is the same; conflict when it is not.
  std::optional<std::string> Replay(std::string_view entity) {
    if (context_.idempotency_key.empty()) return std::nullopt;
    sqlite::Statement find =
        db_.Prepare("SELECT request_hash, entity, entity_id FROM idempotency_keys WHERE key = ?");
    find.Bind(1, context_.idempotency_key);
    if (!find.Step()) return std::nullopt;
    if (find.Text(0) != context_.request_hash || find.Text(1) != entity) {
      throw StoreFailure(ErrorCode::kConflict, "Idempotency-Key",
                         "this Idempotency-Key was used for a different request");
    }
    return find.Text(2);
  }

  void Remember(std::string_view entity, const std::string& id) {
    if (context_.idempotency_key.empty()) return;
    db_.Prepare(
           "INSERT INTO idempotency_keys (key, request_hash, entity, entity_id, created_at) "
           "VALUES (?, ?, ?, ?, ?)")
        .Bind(1, context_.idempotency_key)
        .Bind(2, context_.request_hash)
        .Bind(3, entity)
        .Bind(4, id)
        .Bind(5, StoreNow())
        .Run();
  }

  void Audit(std::string action, std::string entity, std::string entity_id, std::string before,
             std::string after) {
    AuditEntry entry;
    entry.prev_hash = std::string(kAuditGenesisHash);
    entry.seq = 1;
    sqlite::Statement last =
        db_.Prepare("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1");
    if (last.Step()) {
      entry.seq = last.Int(0) + 1;
      entry.prev_hash = last.Text(1);
    }
    entry.at = StoreNow();
    entry.user = context_.user;
    entry.request_id = context_.request_id;
    entry.action = std::move(action);
    entry.entity = std::move(entity);
    entry.entity_id = std::move(entity_id);
    entry.before = std::move(before);
    entry.after = std::move(after);
    entry.hash = AuditHash(entry);
    db_.Prepare("INSERT INTO audit_log (" + std::string(kAuditColumns) +
                ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .Bind(1, entry.seq)
        .Bind(2, entry.at)
        .Bind(3, entry.user)
        .Bind(4, entry.request_id)
        .Bind(5, entry.action)
        .Bind(6, entry.entity)
        .Bind(7, entry.entity_id)
        .Bind(8, entry.before)
        .Bind(9, entry.after)
        .Bind(10, entry.prev_hash)
        .Bind(11, entry.hash)
        .Run();
  }

 private:
  sqlite::Database& db_;
  const WriteContext& context_;
};

void RequirePatient(sqlite::Database& db, const std::string& id) {
  sqlite::Statement find = db.Prepare("SELECT 1 FROM patients WHERE id = ?");
  find.Bind(1, id);
  store::RequirePatient(find.Step(), id);
}

}  // namespace

class SqliteStore::Control final : public TransactionControl {
 public:
  explicit Control(sqlite::Database& db) : db_(db) {}
  void Begin() override { db_.Execute("BEGIN IMMEDIATE"); }
  void Commit() override { db_.Execute("COMMIT"); }
  void Rollback() override { db_.Execute("ROLLBACK"); }
  void Savepoint() override { db_.Execute("SAVEPOINT write"); }
  void ReleaseSavepoint() override { db_.Execute("RELEASE write"); }
  void RollbackToSavepoint() override { db_.Execute("ROLLBACK TO write"); }

 private:
  sqlite::Database& db_;
};

SqliteStore::SqliteStore(const std::string& path)
    : writer_([&] {
        try {
          return sqlite::Database(path);
        } catch (const sqlite::DbError& error) {
          throw StoreFailure(ErrorCode::kStoreUnavailable, "", error.what());
        }
      }()) {
  try {
    Migrate(writer_);
    for (std::size_t i = 0; i < kReadConnections; ++i) {
      readers_.Add(std::make_unique<sqlite::Database>(path));
    }
  } catch (const sqlite::DbError& error) {
    throw StoreFailure(ErrorCode::kStoreUnavailable, "", error.what());
  }
  control_ = std::make_unique<Control>(writer_);
  committer_ = std::make_unique<GroupCommitter>(*control_, 256);
}

SqliteStore::~SqliteStore() { committer_.reset(); }

int SqliteStore::SchemaVersion() {
  ReaderPool<sqlite::Database>::Lease reader = readers_.Acquire();
  sqlite::Statement version = reader->Prepare("SELECT MAX(version) FROM schema_migrations");
  version.Step();
  return static_cast<int>(version.Int(0));
}

core::Result<PatientRecord> SqliteStore::CreatePatient(const Patient& patient,
                                                       const WriteContext& context) {
  return Guarded<PatientRecord>([&] {
    PatientRecord record;
    committer_->Run([&] {
      WriteSession session(writer_, context);
      if (std::optional<std::string> id = session.Replay("patient")) {
        record = SelectPatient(writer_, *id).value();
        return;
      }
      record.patient = patient;
      record.created_at = StoreNow();
      record.created_by = context.user;
      try {
        sqlite::Statement insert =
            writer_.Prepare("INSERT INTO patients (" + std::string(kPatientColumns) +
                            ") VALUES (?, ?, ?, ?, ?, ?, ?)");
        insert.Bind(1, patient.id).Bind(2, patient.age_years).Bind(3, patient.weight_kg);
        if (patient.product) {
          insert.Bind(4, core::Describe(*patient.product).code);
        } else {
          insert.BindNull(4);
        }
        insert.Bind(5, patient.infusion).Bind(6, record.created_at).Bind(7, record.created_by);
        insert.Run();
      } catch (const sqlite::DbError& error) {
        if (!error.constraint()) throw;
        throw StoreFailure(ErrorCode::kConflict, "id",
                           "a patient with id " + patient.id + " already exists");
      }
      session.Audit("patient.create", "patient", patient.id, "", PatientPayload(patient));
      session.Remember("patient", patient.id);
    });
    return record;
  });
}

core::Result<AssessmentRecord> SqliteStore::RecordAssessment(const NewAssessment& assessment,
                                                             const WriteContext& context) {
  return Guarded<AssessmentRecord>([&] {
    AssessmentRecord record;
    committer_->Run([&] {
      WriteSession session(writer_, context);
      if (std::optional<std::string> id = session.Replay("assessment")) {
        sqlite::Statement find = writer_.Prepare("SELECT " + std::string(kAssessmentColumns) +
                                                 " FROM assessments a WHERE a.id = ?");
        find.Bind(1, static_cast<std::int64_t>(std::stoll(*id)));
        find.Step();
        record = ReadAssessment(find);
        return;
      }
      RequirePatient(writer_, assessment.patient_id);
      record.assessment = assessment;
      record.recorded_at = StoreNow();
      record.recorded_by = context.user;
      writer_
          .Prepare(
              "INSERT INTO assessments (patient_id, time, assessment_json, recorded_at, "
              "recorded_by) VALUES (?, ?, ?, ?, ?)")
          .Bind(1, assessment.patient_id)
          .Bind(2, assessment.time)
          .Bind(3, assessment.assessment_json)
          .Bind(4, record.recorded_at)
          .Bind(5, record.recorded_by)
          .Run();
      record.id = writer_.LastInsertRowId();
      session.Audit("assessment.record", "assessment", std::to_string(record.id), "",
                    AssessmentPayload(record.id, assessment));
      session.Remember("assessment", std::to_string(record.id));
    });
    return record;
  });
}

core::Result<TreatmentRecord> SqliteStore::RecordTreatment(const NewTreatment& treatment,
                                                           const WriteContext& context) {
  return Guarded<TreatmentRecord>([&] {
    TreatmentRecord record;
    committer_->Run([&] {
      WriteSession session(writer_, context);
      if (std::optional<std::string> id = session.Replay("treatment")) {
        sqlite::Statement find = writer_.Prepare(
            "SELECT id, patient_id, time, drug, dose_mg, recorded_at, recorded_by FROM "
            "treatments WHERE id = ?");
        find.Bind(1, static_cast<std::int64_t>(std::stoll(*id)));
        find.Step();
        record = ReadTreatment(find);
        return;
      }
      RequirePatient(writer_, treatment.patient_id);
      record.treatment = treatment;
      record.recorded_at = StoreNow();
      record.recorded_by = context.user;
      writer_
          .Prepare(
              "INSERT INTO treatments (patient_id, time, drug, dose_mg, recorded_at, recorded_by) "
              "VALUES (?, ?, ?, ?, ?, ?)")
          .Bind(1, treatment.patient_id)
          .Bind(2, treatment.time)
          .Bind(3, core::Describe(treatment.drug).code)
          .Bind(4, treatment.dose_mg)
          .Bind(5, record.recorded_at)
          .Bind(6, record.recorded_by)
          .Run();
      record.id = writer_.LastInsertRowId();
      session.Audit("treatment.record", "treatment", std::to_string(record.id), "",
                    TreatmentPayload(record.id, treatment));
      session.Remember("treatment", std::to_string(record.id));
    });
    return record;
  });
}

core::Result<AssessmentRecord> SqliteStore::CorrectAssessment(RecordId id,
                                                              const NewAssessment& replacement,
                                                              const std::string& reason,
                                                              const WriteContext& context) {
  return Guarded<AssessmentRecord>([&] {
    RequireCorrectionReason(reason);
    AssessmentRecord record;
    committer_->Run([&] {
      WriteSession session(writer_, context);
      if (std::optional<std::string> existing = session.Replay("assessment")) {
        sqlite::Statement find = writer_.Prepare("SELECT " + std::string(kAssessmentColumns) +
                                                 " FROM assessments a WHERE a.id = ?");
        find.Bind(1, static_cast<std::int64_t>(std::stoll(*existing)));
        find.Step();
        record = ReadAssessment(find);
        return;
      }
      sqlite::Statement old = writer_.Prepare("SELECT " + std::string(kAssessmentColumns) +
                                              " FROM assessments a WHERE a.id = ?");
      old.Bind(1, id);
      std::optional<AssessmentRecord> stored;
      if (old.Step()) stored = ReadAssessment(old);
      RequireCorrectable(id, stored, replacement);
      const AssessmentRecord& before = *stored;
      record.assessment = replacement;
      record.recorded_at = StoreNow();
      record.recorded_by = context.user;
      record.supersedes = id;
      record.correction_reason = reason;
      writer_
          .Prepare(
              "INSERT INTO assessments (patient_id, time, assessment_json, recorded_at, "
              "recorded_by, supersedes, correction_reason) VALUES (?, ?, ?, ?, ?, ?, ?)")
          .Bind(1, replacement.patient_id)
          .Bind(2, replacement.time)
          .Bind(3, replacement.assessment_json)
          .Bind(4, record.recorded_at)
          .Bind(5, record.recorded_by)
          .Bind(6, id)
          .Bind(7, reason)
          .Run();
      record.id = writer_.LastInsertRowId();
      session.Audit("assessment.correct", "assessment", std::to_string(record.id),
                    AssessmentPayload(id, before.assessment),
                    CorrectionPayload(record.id, replacement, id, reason));
      session.Remember("assessment", std::to_string(record.id));
    });
    return record;
  });
}

core::Result<PatientRecord> SqliteStore::UpdatePatient(std::string_view id,
                                                       const PatientUpdate& update,
                                                       const WriteContext& context) {
  return Guarded<PatientRecord>([&] {
    PatientRecord record;
    committer_->Run([&] {
      WriteSession session(writer_, context);
      if (std::optional<std::string> existing = session.Replay("patient")) {
        record = SelectPatient(writer_, *existing).value();
        return;
      }
      const std::optional<PatientRecord> stored = SelectPatient(writer_, id);
      RequirePatientToUpdate(stored.has_value(), id);
      record = *stored;
      record.patient = ApplyUpdate(stored->patient, update);
      writer_.Prepare("UPDATE patients SET weight_kg = ?, infusion = ? WHERE id = ?")
          .Bind(1, record.patient.weight_kg)
          .Bind(2, record.patient.infusion)
          .Bind(3, id)
          .Run();
      session.Audit("patient.update", "patient", record.patient.id, PatientPayload(stored->patient),
                    PatientPayload(record.patient));
      session.Remember("patient", record.patient.id);
    });
    return record;
  });
}

core::Result<User> SqliteStore::CreateUser(const User& user, const WriteContext& context) {
  return Guarded<User>([&] {
    User record;
    committer_->Run([&] {
      WriteSession session(writer_, context);
      if (std::optional<std::string> name = session.Replay("user")) {
        record = SelectUser(writer_, *name).value();
        return;
      }
      RequireNewUser(SelectUser(writer_, user.name).has_value(), user.name);
      record = user;
      record.created_at = StoreNow();
      writer_
          .Prepare("INSERT INTO users (" + std::string(kUserColumns) + ") VALUES (?, ?, ?, ?, ?)")
          .Bind(1, record.name)
          .Bind(2, RoleName(record.role))
          .Bind(3, record.password_hash)
          .Bind(4, record.created_at)
          .Bind(5, static_cast<std::int64_t>(record.disabled ? 1 : 0))
          .Run();
      session.Audit("user.create", "user", record.name, "", UserPayload(record));
      session.Remember("user", record.name);
    });
    return record;
  });
}

core::Result<ApiToken> SqliteStore::CreateToken(const ApiToken& token,
                                                const WriteContext& context) {
  return Guarded<ApiToken>([&] {
    ApiToken record;
    committer_->Run([&] {
      WriteSession session(writer_, context);
      if (std::optional<std::string> id = session.Replay("token")) {
        record = SelectToken(writer_, "id", static_cast<RecordId>(std::stoll(*id))).value();
        return;
      }
      RequireUser(SelectUser(writer_, token.user).has_value(), token.user);
      RequireNewToken(SelectToken(writer_, "token_hash", token.token_hash).has_value());
      record = token;
      record.created_at = StoreNow();
      record.revoked_at.reset();  // a token is created usable; RevokeToken ends it
      writer_
          .Prepare(
              "INSERT INTO api_tokens (user_name, token_hash, label, created_at, expires_at) "
              "VALUES (?, ?, ?, ?, ?)")
          .Bind(1, record.user)
          .Bind(2, record.token_hash)
          .Bind(3, record.label)
          .Bind(4, record.created_at)
          .Bind(5, record.expires_at)
          .Run();
      record.id = writer_.LastInsertRowId();
      session.Audit("token.create", "token", std::to_string(record.id), "", TokenPayload(record));
      session.Remember("token", std::to_string(record.id));
    });
    return record;
  });
}

core::Result<ApiToken> SqliteStore::RevokeToken(RecordId id, const WriteContext& context) {
  return Guarded<ApiToken>([&] {
    ApiToken record;
    committer_->Run([&] {
      WriteSession session(writer_, context);
      if (std::optional<std::string> existing = session.Replay("token")) {
        record = SelectToken(writer_, "id", static_cast<RecordId>(std::stoll(*existing))).value();
        return;
      }
      const std::optional<ApiToken> stored = SelectToken(writer_, "id", id);
      RequireToken(stored.has_value(), id);
      record = *stored;
      // A revoked token keeps its first revocation time, and a repeat changes nothing to audit.
      if (!stored->revoked_at) {
        record.revoked_at = StoreNow();
        writer_.Prepare("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
            .Bind(1, record.revoked_at)
            .Bind(2, id)
            .Run();
        session.Audit("token.revoke", "token", std::to_string(id), TokenPayload(*stored),
                      TokenPayload(record));
      }
      session.Remember("token", std::to_string(id));
    });
    return record;
  });
}

core::Result<std::string> SqliteStore::SetSetting(const std::string& key, const std::string& value,
                                                  const WriteContext& context) {
  return Guarded<std::string>([&] {
    std::string stored_value;
    committer_->Run([&] {
      WriteSession session(writer_, context);
      if (std::optional<std::string> existing = session.Replay("setting")) {
        stored_value = SelectSetting(writer_, *existing).value();
        return;
      }
      const std::optional<std::string> before = SelectSetting(writer_, key);
      writer_
          .Prepare(
              "INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?) "
              "ON CONFLICT (key) DO UPDATE SET value = excluded.value, "
              "updated_at = excluded.updated_at, updated_by = excluded.updated_by")
          .Bind(1, key)
          .Bind(2, value)
          .Bind(3, StoreNow())
          .Bind(4, context.user)
          .Run();
      stored_value = value;
      session.Audit("setting.set", "setting", key, before ? SettingPayload(*before) : "",
                    SettingPayload(value));
      session.Remember("setting", key);
    });
    return stored_value;
  });
}

core::Result<Session> SqliteStore::CreateSession(const Session& session) {
  return Guarded<Session>([&] {
    committer_->Run([&] {
      RequireUser(SelectUser(writer_, session.user).has_value(), session.user);
      sqlite::Statement open = writer_.Prepare("SELECT 1 FROM sessions WHERE id_hash = ?");
      open.Bind(1, session.id_hash);
      RequireNewSession(open.Step());
      writer_
          .Prepare("INSERT INTO sessions (" + std::string(kSessionColumns) +
                   ") VALUES (?, ?, ?, ?, ?)")
          .Bind(1, session.id_hash)
          .Bind(2, session.user)
          .Bind(3, session.csrf_token)
          .Bind(4, session.created_at)
          .Bind(5, session.expires_at)
          .Run();
    });
    return session;
  });
}

void SqliteStore::EndSession(std::string_view id_hash) {
  committer_->Run(
      [&] { writer_.Prepare("DELETE FROM sessions WHERE id_hash = ?").Bind(1, id_hash).Run(); });
}

void SqliteStore::RecordLoginFailure(std::string_view user, core::UnixSeconds at) {
  committer_->Run([&] {
    writer_.Prepare("INSERT INTO login_failures (user_name, at) VALUES (?, ?)")
        .Bind(1, user)
        .Bind(2, at)
        .Run();
  });
}

int SqliteStore::LoginFailuresSince(std::string_view user, core::UnixSeconds since) {
  ReaderPool<sqlite::Database>::Lease reader = readers_.Acquire();
  sqlite::Statement count =
      reader->Prepare("SELECT COUNT(*) FROM login_failures WHERE user_name = ? AND at >= ?");
  count.Bind(1, user).Bind(2, since);
  count.Step();
  return static_cast<int>(count.Int(0));
}

std::optional<User> SqliteStore::FindUser(std::string_view name) {
  ReaderPool<sqlite::Database>::Lease reader = readers_.Acquire();
  return SelectUser(*reader, name);
}

std::vector<User> SqliteStore::Users() {
  ReaderPool<sqlite::Database>::Lease reader = readers_.Acquire();
  sqlite::Statement all =
      reader->Prepare("SELECT " + std::string(kUserColumns) + " FROM users ORDER BY name");
  std::vector<User> users;
  while (all.Step()) users.push_back(ReadUser(all));
  return users;
}

std::optional<ApiToken> SqliteStore::FindToken(std::string_view token_hash) {
  ReaderPool<sqlite::Database>::Lease reader = readers_.Acquire();
  return SelectToken(*reader, "token_hash", token_hash);
}

std::vector<ApiToken> SqliteStore::Tokens() {
  ReaderPool<sqlite::Database>::Lease reader = readers_.Acquire();
  sqlite::Statement all =
      reader->Prepare("SELECT " + std::string(kTokenColumns) + " FROM api_tokens ORDER BY id");
  std::vector<ApiToken> tokens;
  while (all.Step()) tokens.push_back(ReadToken(all));
  return tokens;
}

std::optional<Session> SqliteStore::FindSession(std::string_view id_hash, core::UnixSeconds now) {
  ReaderPool<sqlite::Database>::Lease reader = readers_.Acquire();
  sqlite::Statement find = reader->Prepare("SELECT " + std::string(kSessionColumns) +
                                           " FROM sessions WHERE id_hash = ? AND expires_at > ?");
  find.Bind(1, id_hash).Bind(2, now);
  if (!find.Step()) return std::nullopt;
  return ReadSession(find);
}

std::optional<std::string> SqliteStore::Setting(std::string_view key) {
  ReaderPool<sqlite::Database>::Lease reader = readers_.Acquire();
  return SelectSetting(*reader, key);
}

std::optional<PatientRecord> SqliteStore::FindPatient(std::string_view id) {
  ReaderPool<sqlite::Database>::Lease reader = readers_.Acquire();
  return SelectPatient(*reader, id);
}

std::vector<PatientRecord> SqliteStore::Patients() {
  ReaderPool<sqlite::Database>::Lease reader = readers_.Acquire();
  sqlite::Statement all =
      reader->Prepare("SELECT " + std::string(kPatientColumns) + " FROM patients ORDER BY id");
  std::vector<PatientRecord> records;
  while (all.Step()) records.push_back(ReadPatient(all));
  return records;
}

std::vector<AssessmentRecord> SqliteStore::Assessments(std::string_view patient_id) {
  ReaderPool<sqlite::Database>::Lease reader = readers_.Acquire();
  sqlite::Statement all = reader->Prepare("SELECT " + std::string(kAssessmentColumns) +
                                          " FROM assessments a WHERE a.patient_id = ? "
                                          "ORDER BY a.time, a.id");
  all.Bind(1, patient_id);
  std::vector<AssessmentRecord> records;
  while (all.Step()) records.push_back(ReadAssessment(all));
  return records;
}

std::vector<TreatmentRecord> SqliteStore::Treatments(std::string_view patient_id) {
  ReaderPool<sqlite::Database>::Lease reader = readers_.Acquire();
  sqlite::Statement all = reader->Prepare(
      "SELECT id, patient_id, time, drug, dose_mg, recorded_at, recorded_by FROM treatments "
      "WHERE patient_id = ? ORDER BY time, id");
  all.Bind(1, patient_id);
  std::vector<TreatmentRecord> records;
  while (all.Step()) records.push_back(ReadTreatment(all));
  return records;
}

std::vector<AssessmentRecord> SqliteStore::AssessmentsAfter(std::string_view patient_id,
                                                            RecordId after_id) {
  ReaderPool<sqlite::Database>::Lease reader = readers_.Acquire();
  sqlite::Statement rows = reader->Prepare("SELECT " + std::string(kAssessmentColumns) +
                                           " FROM assessments a WHERE a.patient_id = ? AND "
                                           "a.id > ? ORDER BY a.id");
  rows.Bind(1, patient_id).Bind(2, after_id);
  std::vector<AssessmentRecord> records;
  while (rows.Step()) records.push_back(ReadAssessment(rows));
  return records;
}

std::vector<TreatmentRecord> SqliteStore::TreatmentsAfter(std::string_view patient_id,
                                                          RecordId after_id) {
  ReaderPool<sqlite::Database>::Lease reader = readers_.Acquire();
  sqlite::Statement rows = reader->Prepare(
      "SELECT id, patient_id, time, drug, dose_mg, recorded_at, recorded_by FROM treatments "
      "WHERE patient_id = ? AND id > ? ORDER BY id");
  rows.Bind(1, patient_id).Bind(2, after_id);
  std::vector<TreatmentRecord> records;
  while (rows.Step()) records.push_back(ReadTreatment(rows));
  return records;
}

std::vector<AuditEntry> SqliteStore::AuditLog(std::int64_t after_seq, std::size_t limit) {
  ReaderPool<sqlite::Database>::Lease reader = readers_.Acquire();
  sqlite::Statement rows = reader->Prepare("SELECT " + std::string(kAuditColumns) +
                                           " FROM audit_log WHERE seq > ? ORDER BY seq LIMIT ?");
  rows.Bind(1, after_seq).Bind(2, static_cast<std::int64_t>(limit));
  std::vector<AuditEntry> entries;
  while (rows.Step()) entries.push_back(ReadAudit(rows));
  return entries;
}

AuditCheck SqliteStore::VerifyAudit() {
  ReaderPool<sqlite::Database>::Lease reader = readers_.Acquire();
  sqlite::Statement rows =
      reader->Prepare("SELECT " + std::string(kAuditColumns) + " FROM audit_log ORDER BY seq");
  AuditChainCheck check;
  while (rows.Step() && check.Add(ReadAudit(rows))) {
  }
  return check.result();
}

}  // namespace cartwatch::store
