// store::Database on PostgreSQL through libpq (issue 10, first step): `?` placeholders rewritten to
// $1, $2, ...; parameters sent as text (blobs as binary); values read back by column type; every
// transaction SERIALIZABLE, with serialization failures and deadlocks reported as `busy` so that a
// caller may retry. Like the SQLite implementation, one Database runs one transaction at a time on
// one connection; several processes (tamga instances) share the server.
#include <libpq-fe.h>

#include <charconv>
#include <cstring>
#include <memory>

#include "store/database.h"
#include "store/engine.h"

namespace tamga::store {
namespace {

// Type OIDs of pg_type that come back as something other than text.
constexpr Oid kBool = 16, kBytea = 17, kInt8 = 20, kInt2 = 21, kInt4 = 23, kFloat4 = 700,
              kFloat8 = 701, kNumeric = 1700;

using Result = std::unique_ptr<PGresult, decltype(&PQclear)>;

// SQLSTATE classes a retry may get past: serialization_failure, deadlock_detected.
bool IsRetryable(const char* state) {
  return state && (std::strcmp(state, "40001") == 0 || std::strcmp(state, "40P01") == 0);
}

// `?` outside string literals, quoted identifiers and comments becomes $1, $2, ...; returns how
// many there were.
std::string NumberPlaceholders(std::string_view sql, int& count) {
  std::string out;
  out.reserve(sql.size() + 16);
  count = 0;
  for (size_t i = 0; i < sql.size(); ++i) {
    char c = sql[i];
    if (c == '\'' || c == '"') {
      size_t end = sql.find(c, i + 1);
      while (end != std::string_view::npos && end + 1 < sql.size() && sql[end + 1] == c)
        end = sql.find(c, end + 2);  // a doubled quote stays inside
      if (end == std::string_view::npos) end = sql.size() - 1;
      out.append(sql.substr(i, end - i + 1));
      i = end;
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      size_t end = sql.find('\n', i);
      if (end == std::string_view::npos) end = sql.size() - 1;
      out.append(sql.substr(i, end - i + 1));
      i = end;
    } else if (c == '?') {
      out += '$' + std::to_string(++count);
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

class PostgresDatabase final : public Database {
 public:
  explicit PostgresDatabase(PGconn* conn) : conn_(conn) {}
  ~PostgresDatabase() override { PQfinish(conn_); }

  std::expected<Transaction, Error> Begin() override {
    if (auto entered = gate_.Enter(); !entered) return std::unexpected(entered.error());
    if (PQstatus(conn_) != CONNECTION_OK) PQreset(conn_);
    Result begun(PQexec(conn_, "BEGIN ISOLATION LEVEL SERIALIZABLE"), PQclear);
    if (PQresultStatus(begun.get()) != PGRES_COMMAND_OK) {
      Error e = Failure(begun.get(), "cannot begin a transaction");
      Release();
      return std::unexpected(e);
    }
    return Transaction(this);
  }

 protected:
  std::expected<Rows, Error> Run(std::string_view sql, std::span<const Datum> params) override {
    int count = 0;
    std::string text = NumberPlaceholders(sql, count);
    if (static_cast<size_t>(count) != params.size())
      return std::unexpected(Error{"\"" + Snippet(sql) + "\" has " + std::to_string(count) +
                                   " parameters but " + std::to_string(params.size()) +
                                   " values were given"});
    Result result(nullptr, PQclear);
    if (params.empty()) {
      // No parameters: the simple protocol, which runs several statements (migrations).
      result.reset(PQexec(conn_, text.c_str()));
    } else {
      std::vector<std::string> values(params.size());
      std::vector<const char*> pointers(params.size());
      std::vector<int> lengths(params.size()), formats(params.size());
      for (size_t i = 0; i < params.size(); ++i) {
        const Datum& d = params[i];
        if (std::holds_alternative<std::nullptr_t>(d)) {
          pointers[i] = nullptr;
          continue;
        }
        if (auto* v = std::get_if<int64_t>(&d)) {
          values[i] = std::to_string(*v);
        } else if (auto* v = std::get_if<double>(&d)) {
          char buf[64];
          auto [end, ec] = std::to_chars(buf, buf + sizeof buf, *v);
          values[i].assign(buf, ec == std::errc() ? end : buf);
        } else if (auto* v = std::get_if<std::string>(&d)) {
          values[i] = *v;
        } else if (auto* v = std::get_if<Blob>(&d)) {
          values[i] = v->bytes;
          formats[i] = 1;  // binary: bytes as they are
        }
        pointers[i] = values[i].data();
        lengths[i] = static_cast<int>(values[i].size());
      }
      result.reset(PQexecParams(conn_, text.c_str(), static_cast<int>(params.size()), nullptr,
                                pointers.data(), lengths.data(), formats.data(), 0));
    }
    ExecStatusType status = PQresultStatus(result.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
      return std::unexpected(Failure(result.get(), "\"" + Snippet(sql) + "\" failed"));
    Rows rows;
    int n = PQntuples(result.get()), columns = PQnfields(result.get());
    rows.reserve(n);
    for (int r = 0; r < n; ++r) {
      Row row;
      row.columns.reserve(columns);
      for (int c = 0; c < columns; ++c) row.columns.push_back(Value(result.get(), r, c));
      rows.push_back(std::move(row));
    }
    // PostgreSQL has no last-insert rowid: an INSERT ... RETURNING id answers it.
    last_id_ = 0;
    if (n == 1 && columns >= 1) {
      if (auto* id = std::get_if<int64_t>(&rows.front().columns.front())) last_id_ = *id;
    }
    return rows;
  }

  std::expected<int64_t, Error> LastInsertId() override { return last_id_; }

  std::expected<void, Error> Finish(bool commit) override {
    Result done(PQexec(conn_, commit ? "COMMIT" : "ROLLBACK"), PQclear);
    std::expected<void, Error> out;
    if (PQresultStatus(done.get()) != PGRES_COMMAND_OK) {
      out = std::unexpected(Failure(done.get(), commit ? "commit failed" : "rollback failed"));
    } else if (commit && std::strcmp(PQcmdStatus(done.get()), "ROLLBACK") == 0) {
      // COMMIT of a transaction that failed earlier answers ROLLBACK: nothing was stored.
      out = std::unexpected(
          Error{"commit failed: an earlier statement of the transaction failed", false});
    }
    Release();
    return out;
  }

 private:
  Error Failure(const PGresult* result, const std::string& context) {
    const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    std::string message = result ? PQresultErrorMessage(result) : PQerrorMessage(conn_);
    while (!message.empty() && (message.back() == '\n' || message.back() == ' '))
      message.pop_back();
    if (message.empty()) message = PQerrorMessage(conn_);
    return Error{context + ": " + message, IsRetryable(state)};
  }

  static Datum Value(const PGresult* result, int r, int c) {
    if (PQgetisnull(result, r, c)) return nullptr;
    const char* text = PQgetvalue(result, r, c);
    int length = PQgetlength(result, r, c);
    switch (PQftype(result, c)) {
      case kInt2:
      case kInt4:
      case kInt8: {
        int64_t v = 0;
        std::from_chars(text, text + length, v);
        return v;
      }
      case kBool:
        return int64_t{text[0] == 't'};
      case kFloat4:
      case kFloat8:
      case kNumeric: {
        double v = 0;
        std::from_chars(text, text + length, v);
        return v;
      }
      case kBytea: {
        size_t size = 0;
        unsigned char* bytes = PQunescapeBytea(reinterpret_cast<const unsigned char*>(text), &size);
        Blob blob{bytes ? std::string(reinterpret_cast<char*>(bytes), size) : std::string()};
        PQfreemem(bytes);
        return blob;
      }
      default:
        return std::string(text, length);
    }
  }

  void Release() { gate_.Leave(); }

  PGconn* conn_;
  int64_t last_id_ = 0;
  TransactionGate gate_;
};

std::expected<std::unique_ptr<Database>, Error> Database::OpenPostgres(const std::string& url) {
  PGconn* conn = PQconnectdb(url.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string message = PQerrorMessage(conn);
    PQfinish(conn);
    while (!message.empty() && message.back() == '\n') message.pop_back();
    return std::unexpected(Error{"cannot connect to PostgreSQL: " + message});
  }
  // Quiet notices ("relation already exists, skipping") rather than print them on stderr.
  PQsetNoticeProcessor(
      conn, [](void*, const char*) {}, nullptr);
  Result set(PQexec(conn, "SET client_encoding = 'UTF8'; SET synchronous_commit = on"), PQclear);
  if (PQresultStatus(set.get()) != PGRES_COMMAND_OK) {
    std::string message = PQresultErrorMessage(set.get());
    PQfinish(conn);
    return std::unexpected(Error{"cannot set up the PostgreSQL session: " + message});
  }
  return std::make_unique<PostgresDatabase>(conn);
}

}  // namespace tamga::store
