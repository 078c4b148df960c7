// The audit log's hash chain (format in audit.h and docs/audit.md).
//
// Besides the entries, one row audit_head(id = 1, seq, hash) records the last entry's sequence
// number and hash and is updated in the same transaction as every append. The chain alone cannot
// reveal that its newest entries were deleted (what remains is still a valid chain); the head can.
#include "audit/audit.h"
#include "base/time.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <sodium.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

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

// Entries without a state keep the six-field form they were hashed with before state hashing;
// the seventh field, when present, makes the field count differ, so the two cannot collide.
std::string Canonical(const Entry& e) {
  std::string out = std::to_string(e.seq);
  for (const std::string* field : {&e.at, &e.actor, &e.action, &e.case_number, &e.details}) {
    out += kSeparator;
    out += *field;
  }
  if (!e.state.empty()) {
    out += kSeparator;
    out += e.state;
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
  return Entry{r.Int(0),  r.Text(1), r.Text(2), r.Text(3),
               r.Text(4), r.Text(5), r.Text(6), r.Text(7)};
}

constexpr char kColumns[] = "seq, at, actor, action, case_number, details, hash, state";

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

const store::Migration& StateSchema() {
  static const store::Migration kSchema{7, "audit log: state hashes", R"sql(
ALTER TABLE audit_log ADD COLUMN state TEXT NOT NULL DEFAULT '';  -- hex SHA-256 of the state after
)sql"};
  return kSchema;
}

namespace {

std::expected<void, store::Error> CheckEntry(const Entry& entry) {
  if (entry.actor.empty()) return std::unexpected(store::Error{"an audit entry needs an actor"});
  if (entry.action.empty()) return std::unexpected(store::Error{"an audit entry needs an action"});
  // The separator may not occur inside a field: otherwise text could move from one field to the
  // next without changing the hash. (JSON escapes control characters, so valid details never
  // contain it.)
  const std::pair<const char*, const std::string*> fields[] = {
      {"at", &entry.at},           {"actor", &entry.actor},
      {"action", &entry.action},   {"case_number", &entry.case_number},
      {"details", &entry.details}, {"state", &entry.state}};
  for (const auto& [name, value] : fields) {
    if (value->find(kSeparator) != std::string::npos)
      return std::unexpected(store::Error{std::string("the audit entry's ") + name +
                                          " contains the control character 0x1F; remove it"});
  }
  return {};
}

}  // namespace

std::expected<void, store::Error> Append(store::Transaction& tx, std::span<Entry> entries) {
  if (entries.empty()) return {};
  if (entries.size() > 1000)
    return std::unexpected(store::Error{"at most 1000 audit entries are appended at once, not " +
                                        std::to_string(entries.size())});
  for (const Entry& entry : entries) {
    if (auto ok = CheckEntry(entry); !ok) return ok;
  }

  // Appends are serialized on the head row: this write takes its lock first, so on PostgreSQL
  // (READ COMMITTED) a second transaction appending at once waits here until the first commits,
  // and then reads the new head: one chain, never a fork. On SQLite the transaction holds the
  // write lock already and the write changes nothing. The lock is held to the commit, so appends
  // are as fast as commits; keep the append last in a transaction. Every statement from here to
  // the commit is time other instances wait, so the entries go in four statements however many
  // there are: lock and read the head, check the last entry, insert them all, move the head. (The
  // check cannot ride on the locking UPDATE: under READ COMMITTED a subquery there reads the
  // snapshot from before the lock wait, which lacks the entries the lock holder just committed.)
  auto head = tx.Query("UPDATE audit_head SET seq = seq WHERE id = 1 RETURNING seq, hash");
  if (!head) return std::unexpected(head.error());
  if (head->empty())
    return std::unexpected(store::Error{
        "the audit_head row is missing: the audit schema was not migrated, or the head was "
        "deleted (run `tamga audit verify`)"});

  // Never extend a chain whose head does not match its last entry (a cut tail, an edited head or
  // last entry): the server stops writing rather than bury the break under new entries.
  const int64_t head_seq = head->front().Int(0);
  std::string previous = head->front().Text(1);
  if (head_seq > 0) {
    auto last = tx.Query("SELECT hash FROM audit_log WHERE seq = ?", {head_seq});
    if (!last) return std::unexpected(last.error());
    if (last->empty() || last->front().Text(0) != previous)
      return std::unexpected(store::Error{
          "the audit chain is broken at its head (entry " + std::to_string(head_seq) +
          " is missing or differs from the head); nothing more is written until an operator "
          "runs `tamga audit verify` and restores the database"});
  }

  std::vector<Entry> chained(entries.begin(), entries.end());
  std::string sql =
      "INSERT INTO audit_log (seq, at, actor, action, case_number, details, hash, state) VALUES ";
  std::vector<store::Datum> params;
  params.reserve(chained.size() * 8);
  int64_t seq = head_seq;
  for (size_t i = 0; i < chained.size(); ++i) {
    Entry& e = chained[i];
    if (e.at.empty()) e.at = base::UtcNow();
    if (e.details.empty()) e.details = "{}";
    e.seq = ++seq;
    auto hash = ChainHash(previous, e);
    if (!hash)
      return std::unexpected(
          store::Error{"the audit head is damaged (" + hash.error().message + ")"});
    e.hash = std::move(*hash);
    previous = e.hash;
    sql += i == 0 ? "(?, ?, ?, ?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?, ?, ?, ?)";
    for (store::Datum d : {store::Datum{e.seq}, store::Datum{e.at}, store::Datum{e.actor},
                           store::Datum{e.action}, store::Datum{e.case_number},
                           store::Datum{e.details}, store::Datum{e.hash}, store::Datum{e.state}})
      params.push_back(std::move(d));
  }
  auto inserted = tx.Execute(sql, std::move(params));
  if (!inserted) return std::unexpected(inserted.error());
  auto moved = tx.Execute("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1",
                          {chained.back().seq, chained.back().hash});
  if (!moved) return std::unexpected(moved.error());
  std::move(chained.begin(), chained.end(), entries.begin());
  return {};
}

std::expected<void, store::Error> Append(store::Transaction& tx, Entry& entry) {
  return Append(tx, std::span<Entry>(&entry, 1));
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

namespace {

// Walks the log from `first` (whose predecessor's hash is `prev`) to its end and compares the end
// with the head; `report` already holds the head.
VerifyReport Walk(store::Transaction& tx, int64_t first, std::string prev, VerifyReport report) {
  auto fail = [&report](int64_t seq, std::string problem) {
    report.first_bad_seq = seq;
    report.problem = std::move(problem);
    return report;
  };
  const int64_t head_seq = report.head_seq;
  int64_t expected = first;
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
  if (prev != report.head_hash)
    return fail(
        last, last == 0 ? "the head hash is not that of an empty log"
                        : "the head hash does not match entry " + std::to_string(last) + "'s hash");
  return report;
}

// The head row into `report`; false (with the problem set) when it cannot be read.
bool ReadHead(store::Transaction& tx, VerifyReport& report) {
  auto head = tx.Query("SELECT seq, hash FROM audit_head WHERE id = 1");
  if (!head || head->empty()) {
    report.first_bad_seq = 0;
    report.problem = !head ? "cannot read the audit head: " + head.error().message
                           : "the audit_head row is missing";
    return false;
  }
  report.head_seq = head->front().Int(0);
  report.head_hash = head->front().Text(1);
  return true;
}

}  // namespace

VerifyReport Verify(store::Transaction& tx) {
  VerifyReport report;
  if (!ReadHead(tx, report)) return report;
  // An entry numbered below 1 comes before the chain by position; the walk below starts at 1.
  auto stray = tx.Query("SELECT MIN(seq) FROM audit_log WHERE seq < 1");
  if (!stray) {
    report.first_bad_seq = 0;
    report.problem = "cannot read the audit log: " + stray.error().message;
    return report;
  }
  if (!stray->empty() && !stray->front().IsNull(0)) {
    report.first_bad_seq = stray->front().Int(0);
    report.problem = "sequence gap: expected 1, found " + std::to_string(stray->front().Int(0));
    return report;
  }
  return Walk(tx, 1, kZeroHash, std::move(report));
}

VerifyReport VerifyTail(store::Transaction& tx, int64_t entries) {
  VerifyReport report;
  if (!ReadHead(tx, report)) return report;
  int64_t first = std::max<int64_t>(1, report.head_seq - std::max<int64_t>(entries, 1) + 1);
  std::string prev = kZeroHash;
  if (first > 1) {
    auto before = tx.Query("SELECT hash FROM audit_log WHERE seq = ?", {first - 1});
    if (!before || before->empty()) {
      report.first_bad_seq = first - 1;
      report.problem = "entry " + std::to_string(first - 1) + " is missing";
      return report;
    }
    prev = before->front().Text(0);
  }
  return Walk(tx, first, std::move(prev), std::move(report));
}

// --- Checkpoints -----------------------------------------------------------------------------

namespace {

std::string SignedText(int64_t seq, const std::string& hash, const std::string& at) {
  return "tamga-audit-checkpoint\n" + std::to_string(seq) + "\n" + hash + "\n" + at;
}

std::optional<std::string> UnhexAny(const std::string& hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  std::string out(hex.size() / 2, '\0');
  size_t bin_len = 0;
  if (sodium_hex2bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), hex.data(),
                     hex.size(), nullptr, &bin_len, nullptr) != 0 ||
      bin_len != out.size())
    return std::nullopt;
  return out;
}

std::optional<std::string> ReadWhole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

bool WriteNew(const std::string& path, const std::string& text) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0) return false;
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
            ::fsync(fd) == 0;
  ::close(fd);
  return ok;
}

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

}  // namespace

std::string ReadPublicKey(const std::string& key_path) {
  auto text = ReadWhole(key_path + ".pub");
  return text ? Trim(*text) : "";
}

std::expected<Checkpoints, std::string> Checkpoints::Open(const std::string& path,
                                                          const std::string& key_path) {
  if (sodium_init() < 0) return std::unexpected("libsodium failed to initialise");
  Checkpoints out;
  out.path_ = path;
  auto key_hex = ReadWhole(key_path);
  if (!key_hex) {
    unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
    crypto_sign_keypair(pk, sk);
    std::string sk_hex = Hex(sk, sizeof sk), pk_hex = Hex(pk, sizeof pk);
    sodium_memzero(sk, sizeof sk);
    if (!WriteNew(key_path, sk_hex + "\n") || !WriteNew(key_path + ".pub", pk_hex + "\n"))
      return std::unexpected("cannot create the audit signing key " + key_path + ": " +
                             std::strerror(errno));
    key_hex = sk_hex;
  }
  auto sk = UnhexAny(Trim(*key_hex));
  if (!sk || sk->size() != crypto_sign_SECRETKEYBYTES)
    return std::unexpected("the audit signing key " + key_path +
                           " is not an Ed25519 secret key in hex");
  out.secret_key_ = *sk;
  unsigned char pk[crypto_sign_PUBLICKEYBYTES];
  crypto_sign_ed25519_sk_to_pk(pk, reinterpret_cast<const unsigned char*>(sk->data()));
  out.public_key_hex_ = Hex(pk, sizeof pk);
  std::string stored = ReadPublicKey(key_path);
  if (!stored.empty() && stored != out.public_key_hex_)
    return std::unexpected("the public key beside " + key_path + " does not belong to it");
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
  if (fd < 0)
    return std::unexpected("cannot open the audit checkpoint file " + path + ": " +
                           std::strerror(errno));
  ::close(fd);
  return out;
}

std::expected<bool, std::string> Checkpoints::Write(store::Transaction& tx, const std::string& at) {
  // Under the head row's lock, like an append: several instances writing one shared checkpoint
  // file then write heads in chain order.
  if (auto locked = tx.Execute("UPDATE audit_head SET seq = seq WHERE id = 1"); !locked)
    return std::unexpected("cannot lock the audit head: " + locked.error().message);
  auto head = tx.Query("SELECT seq, hash FROM audit_head WHERE id = 1");
  if (!head || head->empty()) return std::unexpected("cannot read the audit head");
  int64_t seq = head->front().Int(0);
  std::string hash = head->front().Text(1);
  if (seq == last_seq_) return false;
  std::string text = SignedText(seq, hash, at);
  unsigned char sig[crypto_sign_BYTES];
  crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(text.data()),
                       text.size(), reinterpret_cast<const unsigned char*>(secret_key_.data()));
  std::string line =
      std::to_string(seq) + " " + hash + " " + at + " " + Hex(sig, sizeof sig) + "\n";
  int fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
  if (fd < 0) return std::unexpected("cannot open " + path_ + ": " + std::strerror(errno));
  bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) &&
            ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) return std::unexpected("cannot write " + path_ + ": " + std::strerror(errno));
  last_seq_ = seq;
  return true;
}

CheckpointReport VerifyCheckpoints(store::Transaction& tx, const std::string& path,
                                   const std::string& public_key_hex) {
  CheckpointReport report;
  auto fail = [&report](int line, std::string problem) {
    report.problem = "checkpoint line " + std::to_string(line) + ": " + std::move(problem);
    return report;
  };
  if (sodium_init() < 0) {
    report.problem = "libsodium failed to initialise";
    return report;
  }
  auto text = ReadWhole(path);
  if (!text) return report;
  auto pk = UnhexAny(public_key_hex);
  if (!pk || pk->size() != crypto_sign_PUBLICKEYBYTES) {
    report.problem = "no valid Ed25519 public key to check the checkpoints with";
    return report;
  }
  auto head = tx.Query("SELECT seq FROM audit_head WHERE id = 1");
  if (!head || head->empty()) {
    report.problem = "cannot read the audit head";
    return report;
  }
  const int64_t head_seq = head->front().Int(0);
  std::istringstream lines(*text);
  std::string line;
  int number = 0;
  int64_t previous = -1;
  while (std::getline(lines, line)) {
    ++number;
    if (line.empty()) continue;
    Checkpoint c;
    c.line = number;
    std::istringstream fields(line);
    std::string extra;
    if (!(fields >> c.seq >> c.hash >> c.at >> c.signature) || (fields >> extra))
      return fail(number, "not \"seq hash at signature\"");
    auto sig = UnhexAny(c.signature);
    std::string signed_text = SignedText(c.seq, c.hash, c.at);
    if (!sig || sig->size() != crypto_sign_BYTES ||
        crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(sig->data()),
                                    reinterpret_cast<const unsigned char*>(signed_text.data()),
                                    signed_text.size(),
                                    reinterpret_cast<const unsigned char*>(pk->data())) != 0)
      return fail(number, "the signature does not verify with the public key " + public_key_hex);
    if (c.seq < previous)
      return fail(number, "records entry " + std::to_string(c.seq) + " after a checkpoint of " +
                              std::to_string(previous));
    if (c.seq > head_seq)
      return fail(number, "records entry " + std::to_string(c.seq) + " but the log ends at " +
                              std::to_string(head_seq) + ": entries were cut from the end");
    if (c.seq > 0) {
      auto entry = tx.Query("SELECT hash FROM audit_log WHERE seq = ?", {c.seq});
      if (!entry) return fail(number, "cannot read the audit log");
      if (entry->empty() || entry->front().Text(0) != c.hash)
        return fail(number, "entry " + std::to_string(c.seq) +
                                " differs from the signed checkpoint: the chain was rewritten");
    }
    previous = c.seq;
    ++report.checkpoints;
    report.last = c;
  }
  return report;
}

}  // namespace tamga::audit
