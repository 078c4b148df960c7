// The audit trail: an append-only log of every change and every read of an applicant's personal
// data, chained by SHA-256 so that an edited, deleted, inserted or reordered entry is detected.
// Format (docs/audit.md): entry n stores hash_n = SHA-256(hash_{n-1} || canonical(entry n)), with
// hash_0 = 32 zero bytes; canonical(entry) is the fields joined by the unit separator 0x1F in the
// order seq, at, actor, action, case_number, details.
#pragma once

#include <cstdint>
#include <expected>
#include <optional>
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
};

// The audit table's schema, as a migration for store::Database::Migrate.
const store::Migration& Schema();

// Appends an entry inside the caller's transaction, so the entry commits with the change it
// records. Sets seq and hash on `entry`.
std::expected<void, store::Error> Append(store::Transaction& tx, Entry& entry);

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

}  // namespace tamga::audit
