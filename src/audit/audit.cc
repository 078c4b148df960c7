// The audit log's hash chain (format in audit.h and docs/audit.md).
//
// Besides the entries, one row audit_head(id = 1, seq, hash) records the last entry's sequence
// number and hash and is updated in the same transaction as every append. The chain alone cannot
// reveal that its newest entries were deleted (what remains is still a valid chain); the head can.
#include "audit/audit.h"
#include "base/time.h"

#include <openssl/evp.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <memory>
#include <utility>

namespace tamga::audit {
namespace {

constexpr char kSeparator = '\x1f';
constexpr size_t kHashBytes = 32;
const std::string kZeroHash(2 * kHashBytes, '0');  // hex of hash_0, 32 zero bytes
// How many entries Verify reads at a time: bounds memory however long the log grows.
constexpr int64_t kVerifyBatch = 1000;

std::string Hex(const unsigned char* bytes, size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * n);
  for (size_t i = 0; i < n; ++i) {
    out += kDigits[bytes[i] >> 4];
    out += kDigits[bytes[i] & 15];
  }
  return out;
}

// The 32 bytes a 64-digit lowercase hex hash stands for; nullopt for anything else.
std::optional<std::array<unsigned char, kHashBytes>> Unhex(const std::string& hex) {
  if (hex.size() != 2 * kHashBytes) return std::nullopt;
  auto digit = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  std::array<unsigned char, kHashBytes> out;
  for (size_t i = 0; i < kHashBytes; ++i) {
    int hi = digit(hex[2 * i]), lo = digit(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out[i] = static_cast<unsigned char>(hi * 16 + lo);
  }
  return out;
}

std::string Canonical(const Entry& e) {
  std::string out = std::to_string(e.seq);
  for (const std::string* field : {&e.at, &e.actor, &e.action, &e.case_number, &e.details}) {
    out += kSeparator;
    out += *field;
  }
  return out;
}

// hash_n = SHA-256(hash_{n-1} bytes || canonical(entry n)), hex. `prev_hex` must be valid hex.
std::expected<std::string, store::Error> ChainHash(const std::string& prev_hex, const Entry& e) {
  auto prev = Unhex(prev_hex);
  if (!prev) return std::unexpected(store::Error{"not a SHA-256 hex digest: '" + prev_hex + "'"});
  std::string canonical = Canonical(e);
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1 ||
      EVP_DigestUpdate(ctx.get(), prev->data(), prev->size()) != 1 ||
      EVP_DigestUpdate(ctx.get(), canonical.data(), canonical.size()) != 1 ||
      EVP_DigestFinal_ex(ctx.get(), digest, &len) != 1 || len != kHashBytes)
    return std::unexpected(store::Error{"SHA-256 failed in OpenSSL"});
  return Hex(digest, len);
}

Entry FromRow(const store::Row& r) {
  return Entry{r.Int(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.Text(5), r.Text(6)};
}

constexpr char kColumns[] = "seq, at, actor, action, case_number, details, hash";

}  // namespace

const store::Migration& Schema() {
  static const store::Migration kSchema{1, "audit log", R"sql(
CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY,         -- 1, 2, 3, ...: assigned from audit_head, never reused
  at TEXT NOT NULL,                -- UTC ISO 8601 with milliseconds
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  case_number TEXT NOT NULL DEFAULT '',
  details TEXT NOT NULL,           -- JSON
  hash TEXT NOT NULL               -- hex SHA-256(previous hash || canonical entry)
);
CREATE INDEX audit_log_case ON audit_log (case_number, seq);
CREATE TABLE audit_head (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq INTEGER NOT NULL,            -- the last entry's seq; 0 while the log is empty
  hash TEXT NOT NULL               -- the last entry's hash; 64 zeros while the log is empty
);
INSERT INTO audit_head (id, seq, hash)
  VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
)sql"};
  return kSchema;
}

std::expected<void, store::Error> Append(store::Transaction& tx, Entry& entry) {
  if (entry.actor.empty()) return std::unexpected(store::Error{"an audit entry needs an actor"});
  if (entry.action.empty()) return std::unexpected(store::Error{"an audit entry needs an action"});
  // The separator may not occur inside a field: otherwise text could move from one field to the
  // next without changing the hash. (JSON escapes control characters, so valid details never
  // contain it.)
  const std::pair<const char*, const std::string*> fields[] = {{"at", &entry.at},
                                                               {"actor", &entry.actor},
                                                               {"action", &entry.action},
                                                               {"case_number", &entry.case_number},
                                                               {"details", &entry.details}};
  for (const auto& [name, value] : fields) {
    if (value->find(kSeparator) != std::string::npos)
      return std::unexpected(store::Error{std::string("the audit entry's ") + name +
                                          " contains the control character 0x1F; remove it"});
  }

  auto head = tx.Query("SELECT seq, hash FROM audit_head WHERE id = 1");
  if (!head) return std::unexpected(head.error());
  if (head->empty())
    return std::unexpected(store::Error{
        "the audit_head row is missing: the audit schema was not migrated, or the head was "
        "deleted (run `tamga audit verify`)"});

  Entry e = entry;
  if (e.at.empty()) e.at = base::UtcNow();
  if (e.details.empty()) e.details = "{}";
  e.seq = head->front().Int(0) + 1;
  auto hash = ChainHash(head->front().Text(1), e);
  if (!hash)
    return std::unexpected(
        store::Error{"the audit head is damaged (" + hash.error().message + ")"});
  e.hash = std::move(*hash);

  auto inserted = tx.Execute(
      "INSERT INTO audit_log (seq, at, actor, action, case_number, details, hash) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)",
      {e.seq, e.at, e.actor, e.action, e.case_number, e.details, e.hash});
  if (!inserted) return std::unexpected(inserted.error());
  auto moved = tx.Execute("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", {e.seq, e.hash});
  if (!moved) return std::unexpected(moved.error());
  entry = std::move(e);
  return {};
}

std::expected<std::vector<Entry>, store::Error> ForCase(store::Transaction& tx,
                                                        const std::string& case_number) {
  auto rows = tx.Query(
      std::string("SELECT ") + kColumns + " FROM audit_log WHERE case_number = ? ORDER BY seq",
      {case_number});
  if (!rows) return std::unexpected(rows.error());
  std::vector<Entry> out;
  out.reserve(rows->size());
  for (const store::Row& r : *rows) out.push_back(FromRow(r));
  return out;
}

VerifyReport Verify(store::Transaction& tx) {
  VerifyReport report;
  auto fail = [&report](int64_t seq, std::string problem) {
    report.first_bad_seq = seq;
    report.problem = std::move(problem);
    return report;
  };

  auto head = tx.Query("SELECT seq, hash FROM audit_head WHERE id = 1");
  if (!head) return fail(0, "cannot read the audit head: " + head.error().message);
  if (head->empty()) return fail(0, "the audit_head row is missing");
  int64_t head_seq = head->front().Int(0);
  std::string head_hash = head->front().Text(1);
  report.head_seq = head_seq;
  report.head_hash = head_hash;

  // An entry numbered below 1 comes before the chain by position; the walk below starts at 1.
  auto stray = tx.Query("SELECT MIN(seq) FROM audit_log WHERE seq < 1");
  if (!stray) return fail(0, "cannot read the audit log: " + stray.error().message);
  if (!stray->empty() && !stray->front().IsNull(0))
    return fail(stray->front().Int(0),
                "sequence gap: expected 1, found " + std::to_string(stray->front().Int(0)));

  int64_t expected = 1;
  std::string prev = kZeroHash;
  for (;;) {
    auto rows = tx.Query(
        std::string("SELECT ") + kColumns + " FROM audit_log WHERE seq >= ? ORDER BY seq LIMIT ?",
        {expected, kVerifyBatch});
    if (!rows) return fail(0, "cannot read the audit log: " + rows.error().message);
    for (const store::Row& r : *rows) {
      Entry e = FromRow(r);
      if (e.seq != expected)
        return fail(e.seq, "sequence gap: expected " + std::to_string(expected) + ", found " +
                               std::to_string(e.seq));
      auto hash = ChainHash(prev, e);
      if (!hash || *hash != e.hash)
        return fail(e.seq, "hash mismatch: the entry, or its place in the chain, was changed");
      ++report.entries_checked;
      prev = e.hash;
      ++expected;
    }
    if (static_cast<int64_t>(rows->size()) < kVerifyBatch) break;
  }
  int64_t last = expected - 1;
  if (last < head_seq)
    return fail(last + 1, "the head records " + std::to_string(head_seq) +
                              " entries but the log ends at " + std::to_string(last) +
                              ": entries were removed from the end");
  if (last > head_seq)
    return fail(head_seq + 1, "entry " + std::to_string(head_seq + 1) +
                                  " follows the last entry the head records (" +
                                  std::to_string(head_seq) + ")");
  if (prev != head_hash)
    return fail(
        last, last == 0 ? "the head hash is not that of an empty log"
                        : "the head hash does not match entry " + std::to_string(last) + "'s hash");
  return report;
}

}  // namespace tamga::audit
