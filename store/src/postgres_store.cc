#include "postgres_store.h"

#include <pqxx/except>
#include <pqxx/nontransaction>
#include <pqxx/result>
#include <pqxx/transaction>
#include <utility>

#include "audit_hash.h"
#include "audit_payload.h"
#include "migrations.h"
#include "store_failure.h"
#include "write_rules.h"

namespace cartwatch::store {
namespace {

using core::ErrorCode;

// The database's own words stay out of the answer: the client gets the kind of failure and the
// SQLSTATE, never SQL text or the connection URL.
StoreFailure Unavailable(const std::string& why) {
  return StoreFailure(ErrorCode::kStoreUnavailable, "",
                      "the database could not complete the request (" + why + ")");
}

// libpqxx 6.4 leaves sqlstate() empty for the errors it throws as a subclass: name the class.
std::string Kind(const pqxx::sql_error& error) {
  if (!error.sqlstate().empty()) return "SQLSTATE " + error.sqlstate();
  if (dynamic_cast<const pqxx::insufficient_privilege*>(&error) != nullptr) {
    return "permission denied to the database role";
  }
  if (dynamic_cast<const pqxx::undefined_table*>(&error) != nullptr) return "a table is missing";
  if (dynamic_cast<const pqxx::syntax_error*>(&error) != nullptr) return "a statement was refused";
  if (dynamic_cast<const pqxx::insufficient_resources*>(&error) != nullptr) {
    return "the database server is out of resources";
  }
  if (dynamic_cast<const pqxx::integrity_constraint_violation*>(&error) != nullptr) {
    return "a rule of the schema refused the write";
  }
  return "a database error";
}

StoreFailure Unavailable(const pqxx::sql_error& error) { return Unavailable(Kind(error)); }

// Runs `operation`, turning failures into core::Error.
template <typename T, typename Operation>
core::Result<T> Guarded(Operation operation) {
  try {
    return operation();
  } catch (const StoreFailure& failure) {
    return failure.error();
  } catch (const pqxx::unique_violation&) {
    return StoreFailure(ErrorCode::kConflict, "", "the record already exists").error();
  } catch (const pqxx::sql_error& error) {
    return Unavailable(error).error();
  } catch (const pqxx::broken_connection&) {
    return Unavailable("the connection to the database was lost").error();
  } catch (const pqxx::pqxx_exception&) {
    return Unavailable("a database client error").error();
  }
}

constexpr std::string_view kPatientColumns =
    "id, age_years, weight_kg, product, infusion, created_at, created_by";
constexpr std::string_view kAssessmentColumns =
    "a.id, a.patient_id, a.time, a.assessment_json, a.recorded_at, a.recorded_by, a.supersedes, "
    "a.correction_reason, (SELECT b.id FROM assessments b WHERE b.supersedes = a.id)";
constexpr std::string_view kTreatmentColumns =
    "id, patient_id, time, drug, dose_mg, recorded_at, recorded_by";
constexpr std::string_view kAuditColumns =
    "seq, at, user_name, request_id, action, entity, entity_id, before_json, after_json, "
    "prev_hash, hash";
constexpr std::string_view kUserColumns = "name, role, password_hash, created_at, disabled";
constexpr std::string_view kTokenColumns =
    "id, user_name, token_hash, label, created_at, expires_at, revoked_at";
constexpr std::string_view kSessionColumns =
    "id_hash, user_name, csrf_token, created_at, expires_at";

std::string Cat(std::initializer_list<std::string_view> parts) {
  std::string text;
  for (std::string_view part : parts) text += part;
  return text;
}

// The statements each connection prepares once (libpqxx re-prepares them after a reconnect).
void PrepareReads(pqxx::connection& db) {
  db.prepare("patient", Cat({"SELECT ", kPatientColumns, " FROM patients WHERE id = $1"}));
  db.prepare("patients", Cat({"SELECT ", kPatientColumns, " FROM patients ORDER BY id"}));
  db.prepare("assessment",
             Cat({"SELECT ", kAssessmentColumns, " FROM assessments a WHERE a.id = $1"}));
  db.prepare("assessments", Cat({"SELECT ", kAssessmentColumns,
                                 " FROM assessments a WHERE a.patient_id = $1 ORDER BY a.time, "
                                 "a.id"}));
  db.prepare("assessments_after", Cat({"SELECT ", kAssessmentColumns,
                                       " FROM assessments a WHERE a.patient_id = $1 AND a.id > "
                                       "$2 ORDER BY a.id"}));
  db.prepare("treatments_after", Cat({"SELECT ", kTreatmentColumns,
                                      " FROM treatments WHERE patient_id = $1 AND id > $2 "
                                      "ORDER BY id"}));
  db.prepare("treatment", Cat({"SELECT ", kTreatmentColumns, " FROM treatments WHERE id = $1"}));
  db.prepare("treatments", Cat({"SELECT ", kTreatmentColumns,
                                " FROM treatments WHERE patient_id = $1 ORDER BY time, id"}));
  db.prepare("audit_after", Cat({"SELECT ", kAuditColumns,
                                 " FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2"}));
  db.prepare("audit_all", Cat({"SELECT ", kAuditColumns, " FROM audit_log ORDER BY seq"}));
  db.prepare("schema_version", "SELECT MAX(version) FROM schema_migrations");
  db.prepare("user", Cat({"SELECT ", kUserColumns, " FROM users WHERE name = $1"}));
  db.prepare("users", Cat({"SELECT ", kUserColumns, " FROM users ORDER BY name"}));
  db.prepare("token", Cat({"SELECT ", kTokenColumns, " FROM api_tokens WHERE id = $1"}));
  db.prepare("token_by_hash",
             Cat({"SELECT ", kTokenColumns, " FROM api_tokens WHERE token_hash = $1"}));
  db.prepare("tokens", Cat({"SELECT ", kTokenColumns, " FROM api_tokens ORDER BY id"}));
  db.prepare("session", Cat({"SELECT ", kSessionColumns,
                             " FROM sessions WHERE id_hash = $1 AND expires_at > $2"}));
  db.prepare("setting", "SELECT value FROM settings WHERE key = $1");
  db.prepare("login_failures_since",
             "SELECT COUNT(*) FROM login_failures WHERE user_name = $1 AND at >= $2");
}

void PrepareWrites(pqxx::connection& db) {
  PrepareReads(db);
  db.prepare("find_key",
             "SELECT request_hash, entity, entity_id FROM idempotency_keys WHERE key = $1");
  db.prepare("remember_key",
             "INSERT INTO idempotency_keys (key, request_hash, entity, entity_id, created_at) "
             "VALUES ($1, $2, $3, $4, $5)");
  db.prepare("last_audit", "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1");
  db.prepare("insert_audit", Cat({"INSERT INTO audit_log (", kAuditColumns,
                                  ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"}));
  db.prepare("patient_exists", "SELECT 1 FROM patients WHERE id = $1");
  db.prepare("insert_patient", Cat({"INSERT INTO patients (", kPatientColumns,
                                    ") VALUES ($1, $2, $3, $4, $5, $6, $7)"}));
  db.prepare("insert_assessment",
             "INSERT INTO assessments (patient_id, time, assessment_json, recorded_at, "
             "recorded_by, supersedes, correction_reason) VALUES ($1, $2, $3, $4, $5, $6, $7) "
             "RETURNING id");
  db.prepare("insert_treatment",
             "INSERT INTO treatments (patient_id, time, drug, dose_mg, recorded_at, recorded_by) "
             "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id");
  db.prepare("update_patient", "UPDATE patients SET weight_kg = $2, infusion = $3 WHERE id = $1");
  db.prepare("insert_user",
             Cat({"INSERT INTO users (", kUserColumns, ") VALUES ($1, $2, $3, $4, $5)"}));
  db.prepare("insert_token",
             "INSERT INTO api_tokens (user_name, token_hash, label, created_at, expires_at) "
             "VALUES ($1, $2, $3, $4, $5) RETURNING id");
  db.prepare("revoke_token",
             "UPDATE api_tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL");
  db.prepare("set_setting",
             "INSERT INTO settings (key, value, updated_at, updated_by) VALUES ($1, $2, $3, $4) "
             "ON CONFLICT (key) DO UPDATE SET value = excluded.value, "
             "updated_at = excluded.updated_at, updated_by = excluded.updated_by");
  db.prepare("session_exists", "SELECT 1 FROM sessions WHERE id_hash = $1");
  db.prepare("insert_session",
             Cat({"INSERT INTO sessions (", kSessionColumns, ") VALUES ($1, $2, $3, $4, $5)"}));
  db.prepare("end_session", "DELETE FROM sessions WHERE id_hash = $1");
  db.prepare("insert_login_failure", "INSERT INTO login_failures (user_name, at) VALUES ($1, $2)");
}

void Migrate(pqxx::connection& db) {
  const std::vector<Migration>& migrations = PostgresMigrations();
  const int known = migrations.empty() ? 0 : migrations.back().version;
  // One migration per transaction, each under the migration lock: a second server starting at
  // the same time waits, then finds the migration applied.
  for (;;) {
    pqxx::work tx(db, "migrate");
    tx.exec_params1("SELECT pg_advisory_xact_lock($1)", kPostgresMigrationLock);
    // Created only when missing: CREATE ... IF NOT EXISTS would need the CREATE privilege even
    // when the table exists, which a server's role does not have (0001_initial.sql).
    if (tx.exec1("SELECT to_regclass('schema_migrations') IS NULL")[0].as<bool>()) {
      tx.exec0(
          "CREATE TABLE schema_migrations (version BIGINT PRIMARY KEY, file TEXT NOT NULL, "
          "applied_at BIGINT NOT NULL)");
    }
    const auto version =
        tx.exec1("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")[0].as<std::int64_t>();
    if (version > known) {
      throw StoreFailure(ErrorCode::kStoreTooNew, "",
                         "the database has schema version " + std::to_string(version) +
                             " but this cartwatch knows up to version " + std::to_string(known) +
                             ": upgrade cartwatch before opening it");
    }
    const Migration* next = nullptr;
    for (const Migration& migration : migrations) {
      if (migration.version > version) {
        next = &migration;
        break;
      }
    }
    if (next == nullptr) {
      tx.commit();
      return;
    }
    tx.exec0(std::string(next->sql));
    tx.exec_params0("INSERT INTO schema_migrations (version, file, applied_at) VALUES ($1, $2, $3)",
                    static_cast<std::int64_t>(next->version), std::string(next->file), StoreNow());
    tx.commit();
  }
}

std::string Text(const pqxx::field& field) { return field.is_null() ? "" : field.c_str(); }

template <typename T>
std::optional<T> Optional(const pqxx::field& field) {
  if (field.is_null()) return std::nullopt;
  return field.as<T>();
}

PatientRecord ReadPatient(const pqxx::row& row) {
  PatientRecord record;
  record.patient.id = Text(row[0]);
  record.patient.age_years = Optional<double>(row[1]);
  record.patient.weight_kg = Optional<double>(row[2]);
  if (!row[3].is_null()) record.patient.product = core::FindProduct(Text(row[3]));
  record.patient.infusion = Optional<std::int64_t>(row[4]);
  record.created_at = row[5].as<std::int64_t>();
  record.created_by = Text(row[6]);
  return record;
}

AssessmentRecord ReadAssessment(const pqxx::row& row) {
  AssessmentRecord record;
  record.id = row[0].as<std::int64_t>();
  record.assessment.patient_id = Text(row[1]);
  record.assessment.time = row[2].as<std::int64_t>();
  record.assessment.assessment_json = Text(row[3]);
  record.recorded_at = row[4].as<std::int64_t>();
  record.recorded_by = Text(row[5]);
  record.supersedes = Optional<std::int64_t>(row[6]);
  record.correction_reason = Text(row[7]);
  record.superseded_by = Optional<std::int64_t>(row[8]);
  return record;
}

TreatmentRecord ReadTreatment(const pqxx::row& row) {
  TreatmentRecord record;
  record.id = row[0].as<std::int64_t>();
  record.treatment.patient_id = Text(row[1]);
  record.treatment.time = row[2].as<std::int64_t>();
  record.treatment.drug = core::FindDrug(Text(row[3])).value_or(core::Drug::kTocilizumab);
  record.treatment.dose_mg = Optional<double>(row[4]);
  record.recorded_at = row[5].as<std::int64_t>();
  record.recorded_by = Text(row[6]);
  return record;
}

AuditEntry ReadAudit(const pqxx::row& row) {
  AuditEntry entry;
  entry.seq = row[0].as<std::int64_t>();
  entry.at = row[1].as<std::int64_t>();
  entry.user = Text(row[2]);
  entry.request_id = Text(row[3]);
  entry.action = Text(row[4]);
  entry.entity = Text(row[5]);
  entry.entity_id = Text(row[6]);
  entry.before = Text(row[7]);
  entry.after = Text(row[8]);
  entry.prev_hash = Text(row[9]);
  entry.hash = Text(row[10]);
  return entry;
}

User ReadUser(const pqxx::row& row) {
  User user;
  user.name = Text(row[0]);
  // The table's CHECK admits only the four names; anything else gets the least rights.
  user.role = FindRole(Text(row[1])).value_or(Role::kViewer);
  user.password_hash = Text(row[2]);
  user.created_at = row[3].as<std::int64_t>();
  user.disabled = row[4].as<std::int64_t>() != 0;
  return user;
}

ApiToken ReadToken(const pqxx::row& row) {
  ApiToken token;
  token.id = row[0].as<std::int64_t>();
  token.user = Text(row[1]);
  token.token_hash = Text(row[2]);
  token.label = Text(row[3]);
  token.created_at = row[4].as<std::int64_t>();
  token.expires_at = row[5].as<std::int64_t>();
  token.revoked_at = Optional<std::int64_t>(row[6]);
  return token;
}

Session ReadSession(const pqxx::row& row) {
  Session session;
  session.id_hash = Text(row[0]);
  session.user = Text(row[1]);
  session.csrf_token = Text(row[2]);
  session.created_at = row[3].as<std::int64_t>();
  session.expires_at = row[4].as<std::int64_t>();
  return session;
}

// One row of a prepared read (by the reader, or by the writer inside a write), or none.
template <typename T, typename Read, typename... Args>
std::optional<T> SelectOne(pqxx::transaction_base& tx, const std::string& statement, Read read,
                           const Args&... args) {
  const pqxx::result found = tx.exec_prepared(statement, args...);
  if (found.empty()) return std::nullopt;
  return read(found[0]);
}

std::optional<User> SelectUser(pqxx::transaction_base& tx, std::string_view name) {
  return SelectOne<User>(tx, "user", ReadUser, std::string(name));
}

std::optional<ApiToken> SelectToken(pqxx::transaction_base& tx, RecordId id) {
  return SelectOne<ApiToken>(tx, "token", ReadToken, id);
}

std::optional<std::string> SelectSetting(pqxx::transaction_base& tx, std::string_view key) {
  return SelectOne<std::string>(
      tx, "setting", [](const pqxx::row& row) { return Text(row[0]); }, std::string(key));
}

// The writer's side of one write: the audit row and the idempotency key, on the writer's
// connection inside the group commit's transaction (which holds kPostgresWriteLock).
class WriteSession {
 public:
  WriteSession(pqxx::transaction_base& tx, const WriteContext& context)
      : tx_(tx), context_(context) {}

  // The id this key created before, when the request is the same; conflict when it is not.
  std::optional<std::string> Replay(std::string_view entity) {
    if (context_.idempotency_key.empty()) return std::nullopt;
    const pqxx::result found = tx_.exec_prepared("find_key", context_.idempotency_key);
    if (found.empty()) return std::nullopt;
    if (Text(found[0][0]) != context_.request_hash || Text(found[0][1]) != entity) {
      throw StoreFailure(ErrorCode::kConflict, "Idempotency-Key",
                         "this Idempotency-Key was used for a different request");
    }
    return Text(found[0][2]);
  }

  void Remember(std::string_view entity, const std::string& id) {
    if (context_.idempotency_key.empty()) return;
    tx_.exec_prepared0("remember_key", context_.idempotency_key, context_.request_hash,
                       std::string(entity), id, StoreNow());
  }

  void Audit(std::string action, std::string entity, std::string entity_id, std::string before,
             std::string after) {
    AuditEntry entry;
    entry.prev_hash = std::string(kAuditGenesisHash);
    entry.seq = 1;
    const pqxx::result last = tx_.exec_prepared("last_audit");
    if (!last.empty()) {
      entry.seq = last[0][0].as<std::int64_t>() + 1;
      entry.prev_hash = Text(last[0][1]);
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
    tx_.exec_prepared0("insert_audit", entry.seq, entry.at, entry.user, entry.request_id,
                       entry.action, entry.entity, entry.entity_id, entry.before, entry.after,
                       entry.prev_hash, entry.hash);
  }

 private:
  pqxx::transaction_base& tx_;
  const WriteContext& context_;
};

void RequirePatient(pqxx::transaction_base& tx, const std::string& id) {
  store::RequirePatient(!tx.exec_prepared("patient_exists", id).empty(), id);
}

AssessmentRecord FindAssessment(pqxx::transaction_base& tx, const std::string& id) {
  return ReadAssessment(tx.exec_prepared1("assessment", std::stoll(id)));
}

std::unique_ptr<pqxx::connection> Connect(const std::string& url) {
  try {
    return std::make_unique<pqxx::connection>(url);
  } catch (const pqxx::broken_connection&) {
    throw Unavailable("could not connect to the PostgreSQL server");
  } catch (const pqxx::pqxx_exception&) {
    throw Unavailable("could not connect to the PostgreSQL server");
  }
}

}  // namespace

// The transaction verbs as plain SQL on a nontransaction that lives for one batch, so that no
// libpqxx transaction object is open between batches (libpqxx may then reconnect). Begin takes
// the write lock: writers of other servers on the same database wait for this commit, so the
// last audit row read inside the batch is the last row of the chain.
class PostgresStore::Control final : public TransactionControl {
 public:
  explicit Control(pqxx::connection& db) : db_(db) {}

  pqxx::transaction_base& tx() { return *tx_; }

  void Begin() override {
    tx_ = std::make_unique<pqxx::nontransaction>(db_);
    tx_->exec0("BEGIN ISOLATION LEVEL READ COMMITTED");
    tx_->exec0("SET LOCAL synchronous_commit = on");
    tx_->exec_params1("SELECT pg_advisory_xact_lock($1)", kPostgresWriteLock);
  }
  void Commit() override {
    tx_->exec0("COMMIT");
    tx_.reset();
  }
  void Rollback() override {
    const std::unique_ptr<pqxx::nontransaction> tx = std::move(tx_);
    if (tx) tx->exec0("ROLLBACK");
  }
  void Savepoint() override { tx_->exec0("SAVEPOINT write"); }
  void ReleaseSavepoint() override { tx_->exec0("RELEASE SAVEPOINT write"); }
  void RollbackToSavepoint() override { tx_->exec0("ROLLBACK TO SAVEPOINT write"); }

 private:
  pqxx::connection& db_;
  std::unique_ptr<pqxx::nontransaction> tx_;
};

PostgresStore::PostgresStore(const std::string& url) : writer_(Connect(url)) {
  try {
    Migrate(*writer_);
    PrepareWrites(*writer_);
    for (std::size_t i = 0; i < kReadConnections; ++i) {
      std::unique_ptr<pqxx::connection> reader = Connect(url);
      PrepareReads(*reader);
      readers_.Add(std::move(reader));
    }
  } catch (const pqxx::sql_error& error) {
    throw Unavailable(error);
  } catch (const pqxx::pqxx_exception&) {
    throw Unavailable("the database could not be migrated");
  }
  control_ = std::make_unique<Control>(*writer_);
  committer_ = std::make_unique<GroupCommitter>(*control_, 256);
}

PostgresStore::~PostgresStore() { committer_.reset(); }

int PostgresStore::SchemaVersion() {
  ReaderPool<pqxx::connection>::Lease reader = readers_.Acquire();
  pqxx::nontransaction tx(*reader);
  return tx.exec_prepared1("schema_version")[0].as<int>();
}

core::Result<PatientRecord> PostgresStore::CreatePatient(const Patient& patient,
                                                         const WriteContext& context) {
  return Guarded<PatientRecord>([&] {
    PatientRecord record;
    committer_->Run([&] {
      pqxx::transaction_base& tx = control_->tx();
      WriteSession session(tx, context);
      if (std::optional<std::string> id = session.Replay("patient")) {
        record = ReadPatient(tx.exec_prepared1("patient", *id));
        return;
      }
      record.patient = patient;
      record.created_at = StoreNow();
      record.created_by = context.user;
      std::optional<std::string> product;
      if (patient.product) product = std::string(core::Describe(*patient.product).code);
      try {
        tx.exec_prepared0("insert_patient", patient.id, patient.age_years, patient.weight_kg,
                          product, patient.infusion, record.created_at, record.created_by);
      } catch (const pqxx::unique_violation&) {
        throw StoreFailure(ErrorCode::kConflict, "id",
                           "a patient with id " + patient.id + " already exists");
      }
      session.Audit("patient.create", "patient", patient.id, "", PatientPayload(patient));
      session.Remember("patient", patient.id);
    });
    return record;
  });
}

core::Result<AssessmentRecord> PostgresStore::RecordAssessment(const NewAssessment& assessment,
                                                               const WriteContext& context) {
  return Guarded<AssessmentRecord>([&] {
    AssessmentRecord record;
    committer_->Run([&] {
      pqxx::transaction_base& tx = control_->tx();
      WriteSession session(tx, context);
      if (std::optional<std::string> id = session.Replay("assessment")) {
        record = FindAssessment(tx, *id);
        return;
      }
      RequirePatient(tx, assessment.patient_id);
      record.assessment = assessment;
      record.recorded_at = StoreNow();
      record.recorded_by = context.user;
      record.id =
          tx.exec_prepared1("insert_assessment", assessment.patient_id, assessment.time,
                            assessment.assessment_json, record.recorded_at, record.recorded_by,
                            std::optional<std::int64_t>(), std::string())[0]
              .as<std::int64_t>();
      session.Audit("assessment.record", "assessment", std::to_string(record.id), "",
                    AssessmentPayload(record.id, assessment));
      session.Remember("assessment", std::to_string(record.id));
    });
    return record;
  });
}

core::Result<TreatmentRecord> PostgresStore::RecordTreatment(const NewTreatment& treatment,
                                                             const WriteContext& context) {
  return Guarded<TreatmentRecord>([&] {
    TreatmentRecord record;
    committer_->Run([&] {
      pqxx::transaction_base& tx = control_->tx();
      WriteSession session(tx, context);
      if (std::optional<std::string> id = session.Replay("treatment")) {
        record = ReadTreatment(tx.exec_prepared1("treatment", std::stoll(*id)));
        return;
      }
      RequirePatient(tx, treatment.patient_id);
      record.treatment = treatment;
      record.recorded_at = StoreNow();
      record.recorded_by = context.user;
      record.id = tx.exec_prepared1("insert_treatment", treatment.patient_id, treatment.time,
                                    std::string(core::Describe(treatment.drug).code),
                                    treatment.dose_mg, record.recorded_at, record.recorded_by)[0]
                      .as<std::int64_t>();
      session.Audit("treatment.record", "treatment", std::to_string(record.id), "",
                    TreatmentPayload(record.id, treatment));
      session.Remember("treatment", std::to_string(record.id));
    });
    return record;
  });
}

core::Result<AssessmentRecord> PostgresStore::CorrectAssessment(RecordId id,
                                                                const NewAssessment& replacement,
                                                                const std::string& reason,
                                                                const WriteContext& context) {
  return Guarded<AssessmentRecord>([&] {
    RequireCorrectionReason(reason);
    AssessmentRecord record;
    committer_->Run([&] {
      pqxx::transaction_base& tx = control_->tx();
      WriteSession session(tx, context);
      if (std::optional<std::string> existing = session.Replay("assessment")) {
        record = FindAssessment(tx, *existing);
        return;
      }
      const pqxx::result old = tx.exec_prepared("assessment", id);
      std::optional<AssessmentRecord> stored;
      if (!old.empty()) stored = ReadAssessment(old[0]);
      RequireCorrectable(id, stored, replacement);
      const AssessmentRecord& before = *stored;
      record.assessment = replacement;
      record.recorded_at = StoreNow();
      record.recorded_by = context.user;
      record.supersedes = id;
      record.correction_reason = reason;
      record.id = tx.exec_prepared1("insert_assessment", replacement.patient_id, replacement.time,
                                    replacement.assessment_json, record.recorded_at,
                                    record.recorded_by, std::optional<std::int64_t>(id), reason)[0]
                      .as<std::int64_t>();
      session.Audit("assessment.correct", "assessment", std::to_string(record.id),
                    AssessmentPayload(id, before.assessment),
                    CorrectionPayload(record.id, replacement, id, reason));
      session.Remember("assessment", std::to_string(record.id));
    });
    return record;
  });
}

core::Result<PatientRecord> PostgresStore::UpdatePatient(std::string_view id,
                                                         const PatientUpdate& update,
                                                         const WriteContext& context) {
  return Guarded<PatientRecord>([&] {
    PatientRecord record;
    committer_->Run([&] {
      pqxx::transaction_base& tx = control_->tx();
      WriteSession session(tx, context);
      if (std::optional<std::string> existing = session.Replay("patient")) {
        record = ReadPatient(tx.exec_prepared1("patient", *existing));
        return;
      }
      const std::optional<PatientRecord> stored =
          SelectOne<PatientRecord>(tx, "patient", ReadPatient, std::string(id));
      RequirePatientToUpdate(stored.has_value(), id);
      record = *stored;
      record.patient = ApplyUpdate(stored->patient, update);
      tx.exec_prepared0("update_patient", record.patient.id, record.patient.weight_kg,
                        record.patient.infusion);
      session.Audit("patient.update", "patient", record.patient.id, PatientPayload(stored->patient),
                    PatientPayload(record.patient));
      session.Remember("patient", record.patient.id);
    });
    return record;
  });
}

core::Result<User> PostgresStore::CreateUser(const User& user, const WriteContext& context) {
  return Guarded<User>([&] {
    User record;
    committer_->Run([&] {
      pqxx::transaction_base& tx = control_->tx();
      WriteSession session(tx, context);
      if (std::optional<std::string> name = session.Replay("user")) {
        record = SelectUser(tx, *name).value();
        return;
      }
      RequireNewUser(SelectUser(tx, user.name).has_value(), user.name);
      record = user;
      record.created_at = StoreNow();
      tx.exec_prepared0("insert_user", record.name, std::string(RoleName(record.role)),
                        record.password_hash, record.created_at,
                        static_cast<std::int64_t>(record.disabled ? 1 : 0));
      session.Audit("user.create", "user", record.name, "", UserPayload(record));
      session.Remember("user", record.name);
    });
    return record;
  });
}

core::Result<ApiToken> PostgresStore::CreateToken(const ApiToken& token,
                                                  const WriteContext& context) {
  return Guarded<ApiToken>([&] {
    ApiToken record;
    committer_->Run([&] {
      pqxx::transaction_base& tx = control_->tx();
      WriteSession session(tx, context);
      if (std::optional<std::string> id = session.Replay("token")) {
        record = SelectToken(tx, std::stoll(*id)).value();
        return;
      }
      RequireUser(SelectUser(tx, token.user).has_value(), token.user);
      RequireNewToken(!tx.exec_prepared("token_by_hash", token.token_hash).empty());
      record = token;
      record.created_at = StoreNow();
      record.revoked_at.reset();  // a token is created usable; RevokeToken ends it
      record.id = tx.exec_prepared1("insert_token", record.user, record.token_hash, record.label,
                                    record.created_at, record.expires_at)[0]
                      .as<std::int64_t>();
      session.Audit("token.create", "token", std::to_string(record.id), "", TokenPayload(record));
      session.Remember("token", std::to_string(record.id));
    });
    return record;
  });
}

core::Result<ApiToken> PostgresStore::RevokeToken(RecordId id, const WriteContext& context) {
  return Guarded<ApiToken>([&] {
    ApiToken record;
    committer_->Run([&] {
      pqxx::transaction_base& tx = control_->tx();
      WriteSession session(tx, context);
      if (std::optional<std::string> existing = session.Replay("token")) {
        record = SelectToken(tx, std::stoll(*existing)).value();
        return;
      }
      const std::optional<ApiToken> stored = SelectToken(tx, id);
      RequireToken(stored.has_value(), id);
      record = *stored;
      // A revoked token keeps its first revocation time, and a repeat changes nothing to audit.
      if (!stored->revoked_at) {
        record.revoked_at = StoreNow();
        tx.exec_prepared0("revoke_token", id, record.revoked_at);
        session.Audit("token.revoke", "token", std::to_string(id), TokenPayload(*stored),
                      TokenPayload(record));
      }
      session.Remember("token", std::to_string(id));
    });
    return record;
  });
}

core::Result<std::string> PostgresStore::SetSetting(const std::string& key,
                                                    const std::string& value,
                                                    const WriteContext& context) {
  return Guarded<std::string>([&] {
    std::string stored_value;
    committer_->Run([&] {
      pqxx::transaction_base& tx = control_->tx();
      WriteSession session(tx, context);
      if (std::optional<std::string> existing = session.Replay("setting")) {
        stored_value = SelectSetting(tx, *existing).value();
        return;
      }
      const std::optional<std::string> before = SelectSetting(tx, key);
      tx.exec_prepared0("set_setting", key, value, StoreNow(), context.user);
      stored_value = value;
      session.Audit("setting.set", "setting", key, before ? SettingPayload(*before) : "",
                    SettingPayload(value));
      session.Remember("setting", key);
    });
    return stored_value;
  });
}

core::Result<Session> PostgresStore::CreateSession(const Session& session) {
  return Guarded<Session>([&] {
    committer_->Run([&] {
      pqxx::transaction_base& tx = control_->tx();
      RequireUser(SelectUser(tx, session.user).has_value(), session.user);
      RequireNewSession(!tx.exec_prepared("session_exists", session.id_hash).empty());
      tx.exec_prepared0("insert_session", session.id_hash, session.user, session.csrf_token,
                        session.created_at, session.expires_at);
    });
    return session;
  });
}

void PostgresStore::EndSession(std::string_view id_hash) {
  committer_->Run([&] { control_->tx().exec_prepared0("end_session", std::string(id_hash)); });
}

void PostgresStore::RecordLoginFailure(std::string_view user, core::UnixSeconds at) {
  committer_->Run(
      [&] { control_->tx().exec_prepared0("insert_login_failure", std::string(user), at); });
}

int PostgresStore::LoginFailuresSince(std::string_view user, core::UnixSeconds since) {
  ReaderPool<pqxx::connection>::Lease reader = readers_.Acquire();
  pqxx::nontransaction tx(*reader);
  return tx.exec_prepared1("login_failures_since", std::string(user), since)[0].as<int>();
}

std::optional<User> PostgresStore::FindUser(std::string_view name) {
  ReaderPool<pqxx::connection>::Lease reader = readers_.Acquire();
  pqxx::nontransaction tx(*reader);
  return SelectUser(tx, name);
}

std::vector<User> PostgresStore::Users() {
  ReaderPool<pqxx::connection>::Lease reader = readers_.Acquire();
  pqxx::nontransaction tx(*reader);
  std::vector<User> users;
  for (const pqxx::row& row : tx.exec_prepared("users")) users.push_back(ReadUser(row));
  return users;
}

std::optional<ApiToken> PostgresStore::FindToken(std::string_view token_hash) {
  ReaderPool<pqxx::connection>::Lease reader = readers_.Acquire();
  pqxx::nontransaction tx(*reader);
  return SelectOne<ApiToken>(tx, "token_by_hash", ReadToken, std::string(token_hash));
}

std::vector<ApiToken> PostgresStore::Tokens() {
  ReaderPool<pqxx::connection>::Lease reader = readers_.Acquire();
  pqxx::nontransaction tx(*reader);
  std::vector<ApiToken> tokens;
  for (const pqxx::row& row : tx.exec_prepared("tokens")) tokens.push_back(ReadToken(row));
  return tokens;
}

std::optional<Session> PostgresStore::FindSession(std::string_view id_hash, core::UnixSeconds now) {
  ReaderPool<pqxx::connection>::Lease reader = readers_.Acquire();
  pqxx::nontransaction tx(*reader);
  return SelectOne<Session>(tx, "session", ReadSession, std::string(id_hash), now);
}

std::optional<std::string> PostgresStore::Setting(std::string_view key) {
  ReaderPool<pqxx::connection>::Lease reader = readers_.Acquire();
  pqxx::nontransaction tx(*reader);
  return SelectSetting(tx, key);
}

std::optional<PatientRecord> PostgresStore::FindPatient(std::string_view id) {
  ReaderPool<pqxx::connection>::Lease reader = readers_.Acquire();
  pqxx::nontransaction tx(*reader);
  return SelectOne<PatientRecord>(tx, "patient", ReadPatient, std::string(id));
}

std::vector<PatientRecord> PostgresStore::Patients() {
  ReaderPool<pqxx::connection>::Lease reader = readers_.Acquire();
  pqxx::nontransaction tx(*reader);
  std::vector<PatientRecord> records;
  for (const pqxx::row& row : tx.exec_prepared("patients")) records.push_back(ReadPatient(row));
  return records;
}

std::vector<AssessmentRecord> PostgresStore::Assessments(std::string_view patient_id) {
  ReaderPool<pqxx::connection>::Lease reader = readers_.Acquire();
  pqxx::nontransaction tx(*reader);
  std::vector<AssessmentRecord> records;
  for (const pqxx::row& row : tx.exec_prepared("assessments", std::string(patient_id))) {
    records.push_back(ReadAssessment(row));
  }
  return records;
}

std::vector<TreatmentRecord> PostgresStore::Treatments(std::string_view patient_id) {
  ReaderPool<pqxx::connection>::Lease reader = readers_.Acquire();
  pqxx::nontransaction tx(*reader);
  std::vector<TreatmentRecord> records;
  for (const pqxx::row& row : tx.exec_prepared("treatments", std::string(patient_id))) {
    records.push_back(ReadTreatment(row));
  }
  return records;
}

std::vector<AssessmentRecord> PostgresStore::AssessmentsAfter(std::string_view patient_id,
                                                              RecordId after_id) {
  ReaderPool<pqxx::connection>::Lease reader = readers_.Acquire();
  pqxx::nontransaction tx(*reader);
  std::vector<AssessmentRecord> records;
  for (const pqxx::row& row :
       tx.exec_prepared("assessments_after", std::string(patient_id), after_id)) {
    records.push_back(ReadAssessment(row));
  }
  return records;
}

std::vector<TreatmentRecord> PostgresStore::TreatmentsAfter(std::string_view patient_id,
                                                            RecordId after_id) {
  ReaderPool<pqxx::connection>::Lease reader = readers_.Acquire();
  pqxx::nontransaction tx(*reader);
  std::vector<TreatmentRecord> records;
  for (const pqxx::row& row :
       tx.exec_prepared("treatments_after", std::string(patient_id), after_id)) {
    records.push_back(ReadTreatment(row));
  }
  return records;
}

std::vector<AuditEntry> PostgresStore::AuditLog(std::int64_t after_seq, std::size_t limit) {
  ReaderPool<pqxx::connection>::Lease reader = readers_.Acquire();
  pqxx::nontransaction tx(*reader);
  std::vector<AuditEntry> entries;
  for (const pqxx::row& row :
       tx.exec_prepared("audit_after", after_seq, static_cast<std::int64_t>(limit))) {
    entries.push_back(ReadAudit(row));
  }
  return entries;
}

AuditCheck PostgresStore::VerifyAudit() {
  ReaderPool<pqxx::connection>::Lease reader = readers_.Acquire();
  pqxx::nontransaction tx(*reader);
  AuditChainCheck check;
  for (const pqxx::row& row : tx.exec_prepared("audit_all")) {
    if (!check.Add(ReadAudit(row))) break;
  }
  return check.result();
}

}  // namespace cartwatch::store
