// Accounts and bearer tokens over store::Database, with libsodium for password hashing (argon2id)
// and for the random tokens.
#include <sodium.h>

#include <algorithm>
#include <array>

#include "api/iso_time.h"
#include "api/server.h"
#include "base/sha256.h"

namespace tamga::api {
namespace {

using cases::Error;

constexpr std::array<std::string_view, 6> kRoleNames = {"applicant",     "officer", "supervisor",
                                                        "policy-author", "auditor", "admin"};

// Migration versions are recorded per database; 100 keeps clear of the case and audit schemas
// (1, 2, ...) so that accounts can share their database.
constexpr int kSchemaVersion = 100;

// Names that the case service uses for actors without an account.
constexpr std::array<std::string_view, 3> kReservedNames = {"system", "applicant", "anonymous"};

Error Unavailable(const store::Error& e) {
  return Error{Error::Code::kUnavailable, "", "account store: " + e.message};
}

// Argon2id at the interactive cost: about 64 MiB of memory and a few tens of milliseconds per
// hash, which bounds an offline guess while a login stays quick.
std::expected<std::string, Error> HashPassword(const std::string& password) {
  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(hash, password.data(), password.size(),
                            crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return std::unexpected(
        Error{Error::Code::kUnavailable, "", "out of memory hashing a password"});
  }
  return std::string(hash);
}

bool PasswordMatches(const std::string& hash, const std::string& password) {
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

std::string JoinJurisdictions(const std::vector<std::string>& jurisdictions) {
  std::string out;
  for (const std::string& j : jurisdictions) out += (out.empty() ? "" : ",") + j;
  return out;
}

std::vector<std::string> SplitJurisdictions(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    if (comma > start) out.push_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

std::expected<Account, Error> AccountFromRow(const store::Row& row) {
  std::optional<Role> role = ParseRole(row.Text(1));
  if (!role) {
    return std::unexpected(
        Error{Error::Code::kUnavailable, "", "account " + row.Text(0) + " has an unknown role"});
  }
  return Account{row.Text(0), *role, SplitJurisdictions(row.Text(2))};
}

std::expected<void, Error> CheckAccount(const std::string& name, const std::string& password,
                                        const std::vector<std::string>& jurisdictions) {
  bool name_ok = !name.empty() && name.size() <= 64 && std::ranges::all_of(name, [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
  });
  if (!name_ok) {
    return std::unexpected(
        Error{Error::Code::kInvalid, "name", "1-64 characters of a-z, 0-9, '.', '_' or '-'"});
  }
  if (std::ranges::find(kReservedNames, name) != kReservedNames.end()) {
    return std::unexpected(Error{Error::Code::kInvalid, "name", "\"" + name + "\" is reserved"});
  }
  if (password.size() < 8 || password.size() > 1024) {
    return std::unexpected(Error{Error::Code::kInvalid, "password", "8 to 1024 bytes"});
  }
  for (const std::string& j : jurisdictions) {
    bool ok = j == "*" || (!j.empty() && j.size() <= 8 &&
                           std::ranges::all_of(j, [](char c) { return c >= 'A' && c <= 'Z'; }));
    if (!ok) {
      return std::unexpected(
          Error{Error::Code::kInvalid, "jurisdictions",
                "\"" + j + "\" is not an upper-case jurisdiction code or \"*\""});
    }
  }
  return {};
}

}  // namespace

std::string_view RoleName(Role role) { return kRoleNames[static_cast<size_t>(role)]; }

std::optional<Role> ParseRole(std::string_view name) {
  for (size_t i = 0; i < kRoleNames.size(); ++i) {
    if (kRoleNames[i] == name) return static_cast<Role>(i);
  }
  return std::nullopt;
}

bool Account::InScope(std::string_view jurisdiction) const {
  return std::ranges::any_of(jurisdictions,
                             [&](const std::string& j) { return j == "*" || j == jurisdiction; });
}

std::vector<store::Migration> Accounts::Schema() {
  return {{kSchemaVersion, "api: accounts and bearer tokens",
           "CREATE TABLE accounts ("
           "  name TEXT PRIMARY KEY,"
           "  password_hash TEXT NOT NULL,"  // crypto_pwhash_str: argon2id with its parameters
           "  role TEXT NOT NULL,"
           "  jurisdictions TEXT NOT NULL,"  // comma-separated codes, or "*"
           "  created_at TEXT NOT NULL);"
           "CREATE TABLE account_tokens ("
           "  token_hash TEXT PRIMARY KEY,"  // hex SHA-256 of the token
           "  account_name TEXT NOT NULL REFERENCES accounts(name),"
           "  expires_at TEXT NOT NULL);"
           "CREATE INDEX account_tokens_by_expiry ON account_tokens(expires_at)"}};
}

Accounts::Accounts(store::Database& db, AccountsOptions options)
    : db_(db), options_(std::move(options)) {}

std::expected<std::unique_ptr<Accounts>, Error> Accounts::Open(store::Database& db,
                                                               AccountsOptions options) {
  if (sodium_init() < 0) {
    return std::unexpected(Error{Error::Code::kUnavailable, "", "libsodium failed to initialize"});
  }
  std::vector<store::Migration> schema = Schema();
  if (auto migrated = db.Migrate(schema); !migrated)
    return std::unexpected(Unavailable(migrated.error()));
  auto accounts = std::make_unique<Accounts>(db, std::move(options));
  auto dummy = HashPassword("not a password of anyone");
  if (!dummy) return std::unexpected(dummy.error());
  accounts->dummy_hash_ = *dummy;
  return accounts;
}

std::expected<Account, Error> Accounts::CreateAccount(const std::string& name,
                                                      const std::string& password, Role role,
                                                      std::vector<std::string> jurisdictions) {
  if (auto ok = CheckAccount(name, password, jurisdictions); !ok) {
    return std::unexpected(ok.error());
  }
  // Hashing takes its time and memory before the transaction, so that no one waits on it.
  auto hash = HashPassword(password);
  if (!hash) return std::unexpected(hash.error());
  auto tx = db_.Begin();
  if (!tx) return std::unexpected(Unavailable(tx.error()));
  auto existing = tx->Query("SELECT name FROM accounts WHERE name = ?", {name});
  if (!existing) return std::unexpected(Unavailable(existing.error()));
  if (!existing->empty()) {
    return std::unexpected(
        Error{Error::Code::kConflict, "name", "an account named " + name + " exists"});
  }
  auto inserted = tx->Execute(
      "INSERT INTO accounts (name, password_hash, role, jurisdictions, created_at) "
      "VALUES (?, ?, ?, ?, ?)",
      {name, *hash, std::string(RoleName(role)), JoinJurisdictions(jurisdictions),
       IsoUtc(options_.clock())});
  if (!inserted) return std::unexpected(Unavailable(inserted.error()));
  if (auto committed = tx->Commit(); !committed) {
    return std::unexpected(Unavailable(committed.error()));
  }
  return Account{name, role, std::move(jurisdictions)};
}

std::expected<std::vector<Account>, Error> Accounts::List() {
  auto tx = db_.Begin();
  if (!tx) return std::unexpected(Unavailable(tx.error()));
  auto rows = tx->Query("SELECT name, role, jurisdictions FROM accounts ORDER BY name");
  if (!rows) return std::unexpected(Unavailable(rows.error()));
  std::vector<Account> out;
  for (const store::Row& row : *rows) {
    auto account = AccountFromRow(row);
    if (!account) return std::unexpected(account.error());
    out.push_back(*std::move(account));
  }
  return out;
}

std::expected<Accounts::Session, Error> Accounts::Login(const std::string& name,
                                                        const std::string& password) {
  const Error refused{Error::Code::kForbidden, "password", "unknown name or wrong password"};
  std::string hash;
  std::optional<Account> account;
  {
    auto tx = db_.Begin();
    if (!tx) return std::unexpected(Unavailable(tx.error()));
    auto rows = tx->Query(
        "SELECT name, role, jurisdictions, password_hash FROM accounts WHERE name = ?", {name});
    if (!rows) return std::unexpected(Unavailable(rows.error()));
    if (!rows->empty()) {
      auto found = AccountFromRow(rows->front());
      if (!found) return std::unexpected(found.error());
      account = *std::move(found);
      hash = rows->front().Text(3);
    }
  }
  // An unknown name costs a verification too, so timing does not tell which names exist.
  bool matches = PasswordMatches(account ? hash : dummy_hash_, password);
  if (!account || !matches) return std::unexpected(refused);

  unsigned char random[32];
  randombytes_buf(random, sizeof random);
  char token[sodium_base64_ENCODED_LEN(sizeof random, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(token, sizeof token, random, sizeof random,
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero(random, sizeof random);

  auto now = options_.clock();
  Session session{token, IsoUtc(now + options_.token_lifetime), *account};
  auto tx = db_.Begin();
  if (!tx) return std::unexpected(Unavailable(tx.error()));
  // Expired tokens are dropped here, where a write happens anyway.
  if (auto swept = tx->Execute("DELETE FROM account_tokens WHERE expires_at <= ?", {IsoUtc(now)});
      !swept) {
    return std::unexpected(Unavailable(swept.error()));
  }
  if (auto inserted = tx->Execute(
          "INSERT INTO account_tokens (token_hash, account_name, expires_at) VALUES (?, ?, ?)",
          {base::Sha256Hex(session.token), name, session.expires_at});
      !inserted) {
    return std::unexpected(Unavailable(inserted.error()));
  }
  if (auto committed = tx->Commit(); !committed) {
    return std::unexpected(Unavailable(committed.error()));
  }
  return session;
}

std::expected<Account, Error> Accounts::Authenticate(std::string_view token) {
  const Error refused{Error::Code::kForbidden, "Authorization", "unknown or expired token"};
  auto tx = db_.Begin();
  if (!tx) return std::unexpected(Unavailable(tx.error()));
  auto rows = tx->Query(
      "SELECT a.name, a.role, a.jurisdictions, t.expires_at FROM account_tokens t "
      "JOIN accounts a ON a.name = t.account_name WHERE t.token_hash = ?",
      {base::Sha256Hex(token)});
  if (!rows) return std::unexpected(Unavailable(rows.error()));
  // ISO 8601 UTC timestamps of one format order as text.
  if (rows->empty() || rows->front().Text(3) <= IsoUtc(options_.clock())) {
    return std::unexpected(refused);
  }
  return AccountFromRow(rows->front());
}

std::expected<void, Error> Accounts::Logout(std::string_view token) {
  auto tx = db_.Begin();
  if (!tx) return std::unexpected(Unavailable(tx.error()));
  auto deleted =
      tx->Execute("DELETE FROM account_tokens WHERE token_hash = ?", {base::Sha256Hex(token)});
  if (!deleted) return std::unexpected(Unavailable(deleted.error()));
  if (auto committed = tx->Commit(); !committed) {
    return std::unexpected(Unavailable(committed.error()));
  }
  return {};
}

}  // namespace tamga::api
