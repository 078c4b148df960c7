// The audit trail: an append-only log of every change and every read of an applicant's personal
// data, chained by SHA-256 so that an edited, deleted, inserted or reordered entry is detected.
// Format (docs/audit.md): entry n stores hash_n = SHA-256(hash_{n-1} || canonical(entry n)), with
// hash_0 = 32 zero bytes; canonical(entry) is the fields joined by the unit separator 0x1F in the
// order seq, at, actor, action, case_number, details.
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "store/database.h"

namespace tamga::audit {

struct Entry {
  int64_t seq = 0;          // 1, 2, 3, ... assigned on append
  std::string at;           // UTC timestamp, ISO 8601 with milliseconds
  std::string actor;        // account name, or "applicant:<case number>", or "system"
  std::string action;       // "case.submit", "case.read", "document.upload", ...
  std::string case_number;  // empty when the entry concerns no case
  std::string details;      // JSON text
  std::string hash;         // hex SHA-256, set on append
  // The hex SHA-256 of the state the act left behind (a case's row, notices and documents:
  // cases::CaseStore computes it), so that an edit of that state outside tamga is detected; empty
  // for reads and for entries written before state hashing. Part of the chained hash when set.
  std::string state = {};
};

// The audit table's schema, as a migration for store::Database::Migrate.
const store::Migration& Schema();

// Migration 7 of the case database: the `state` column of audit_log.
const store::Migration& StateSchema();

// Appends an entry inside the caller's transaction, so the entry commits with the change it
// records. Sets seq and hash on `entry`.
std::expected<void, store::Error> Append(store::Transaction& tx, Entry& entry);
// Appends the entries of one change in order, in four statements whatever their number (the head
// lock is held from the first to the commit). At most 1000 entries (one INSERT's parameters).
std::expected<void, store::Error> Append(store::Transaction& tx, std::span<Entry> entries);

// Entries of one case, oldest first.
std::expected<std::vector<Entry>, store::Error> ForCase(store::Transaction& tx,
                                                        const std::string& case_number);

struct VerifyReport {
  int64_t entries_checked = 0;
  // The first entry (by position) whose sequence number or hash does not follow from the entries
  // before it, and why ("hash mismatch", "sequence gap: expected 41, found 42"); nullopt when
  // intact. When every entry follows but the log disagrees with the head row (entries removed
  // from or added at the end), the first seq past the shorter of the two; 0 when the head row
  // or the log cannot be read at all.
  std::optional<int64_t> first_bad_seq;
  std::string problem;
  // The head as recorded (audit_head): the last entry's seq and hash. Printed by
  // `tamga audit verify` so that operators can keep a copy outside the database; only such a copy
  // reveals a rewrite of the whole chain (docs/audit.md).
  int64_t head_seq = 0;
  std::string head_hash;
};

// Walks the whole log in seq order, recomputing every hash, then compares the end of the log with
// the head row. Reads in batches, so memory stays bounded; runs inside the caller's transaction,
// which holds the database (writers wait) until it ends.
VerifyReport Verify(store::Transaction& tx);

// Checks the newest `entries` entries against each other and against the head, in the time of a
// few indexed reads: what the server does at start before it writes (a full Verify is O(log)).
VerifyReport VerifyTail(store::Transaction& tx, int64_t entries);

// The signed checkpoints of the chain head (docs/audit.md, "Checkpoints"): lines appended to a
// file outside the database, each "seq hash at signature" with an Ed25519 signature (libsodium)
// over "tamga-audit-checkpoint\n<seq>\n<hash>\n<at>". Whoever edits the database but does not
// hold the signing key cannot make a cut or rewritten chain agree with the checkpoints.
struct Checkpoint {
  int64_t seq = 0;
  std::string hash;
  std::string at;
  std::string signature;  // hex, 64 bytes
  int line = 0;           // in the file, from 1
};

class Checkpoints {
 public:
  // Opens the checkpoint file at `path` with the signing key at `key_path`. A missing key is
  // generated (0600) with its public half beside it as `<key_path>.pub`; a missing file is created.
  static std::expected<Checkpoints, std::string> Open(const std::string& path,
                                                      const std::string& key_path);
  // Appends a checkpoint of the current head, if it moved since the last one; returns whether one
  // was written. The line is written with O_APPEND and fsync'd.
  std::expected<bool, std::string> Write(store::Transaction& tx, const std::string& at);
  const std::string& PublicKeyHex() const { return public_key_hex_; }

 private:
  std::string path_;
  std::string secret_key_;  // crypto_sign_SECRETKEYBYTES
  std::string public_key_hex_;
  int64_t last_seq_ = -1;
};

struct CheckpointReport {
  int checkpoints = 0;
  std::optional<Checkpoint> last;
  std::string problem;  // empty when every checkpoint verifies and agrees with the log
};
// Reads the checkpoint file and checks each line's signature with `public_key_hex` and that the
// log's entry at its seq has its hash; the newest checkpoint's seq must not be past the head (a
// cut tail). A missing file yields zero checkpoints and no problem.
CheckpointReport VerifyCheckpoints(store::Transaction& tx, const std::string& path,
                                   const std::string& public_key_hex);
// The hex public key stored beside a signing key (`<key_path>.pub`); empty when there is none.
std::string ReadPublicKey(const std::string& key_path);

}  // namespace tamga::audit
