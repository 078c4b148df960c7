// Accounts over store::Database: argon2id and random tokens from libsodium, password strength
// from cracklib, one-time passwords from liboath, every act in the audit chain.
#include "accounts/accounts.h"

#include <crack.h>
#include <liboath/oath.h>
#include <sodium.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <ctime>
#include <mutex>

#include <nlohmann/json.hpp>

#include "audit/audit.h"
#include "base/clock.h"
#include "base/sha256.h"
#include "base/time.h"

namespace tamga::accounts {
namespace {

constexpr std::array<std::string_view, 6> kRoleNames = {"applicant",     "officer", "supervisor",
                                                        "policy-author", "auditor", "admin"};

// Migration versions are recorded per database; 100 and up keep clear of the case and audit
// schemas (1, 2, ...).
constexpr int kSchemaVersion = 100;

// Names that the case service uses for actors without an account.
constexpr std::array<std::string_view, 3> kReservedNames = {"system", "applicant", "anonymous"};

constexpr size_t kMinPassword = 12;
constexpr size_t kMaxPassword = 1024;
constexpr unsigned kTotpStep = 30;
constexpr size_t kTotpSecretBytes = 20;  // 160 bits, as RFC 4226 recommends

Error Unavailable(const store::Error& e) {
  return Error{Error::Code::kUnavailable, "", "account store: " + e.message};
}

std::string IsoUtc(std::chrono::system_clock::time_point t) { return base::IsoUtc(t); }

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

// The columns every account read selects, in this order.
constexpr char kAccountColumns[] = "name, role, jurisdictions, disabled, totp_secret, asylum";

std::expected<Account, Error> AccountFromRow(const store::Row& row) {
  std::optional<Role> role = ParseRole(row.Text(1));
  if (!role) {
    return std::unexpected(
        Error{Error::Code::kUnavailable, "", "account " + row.Text(0) + " has an unknown role"});
  }
  return Account{row.Text(0),
                 *role,
                 SplitJurisdictions(row.Text(2)),
                 row.Int(3) != 0,
                 !row.Text(4).empty(),
                 SplitJurisdictions(row.Text(5))};
}

std::expected<void, Error> CheckName(const std::string& name) {
  bool ok = !name.empty() && name.size() <= 64 && std::ranges::all_of(name, [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
  });
  if (!ok)
    return std::unexpected(Error{Error::Code::kInvalid, "name",
                                 "names are 1-64 characters of a-z, 0-9, '.', '_' and '-'"});
  if (std::ranges::find(kReservedNames, name) != kReservedNames.end())
    return std::unexpected(
        Error{Error::Code::kInvalid, "name", "\"" + name + "\" is reserved; choose another name"});
  return {};
}

std::expected<void, Error> CheckJurisdictions(const std::vector<std::string>& jurisdictions) {
  for (size_t i = 0; i < jurisdictions.size(); ++i) {
    const std::string& j = jurisdictions[i];
    bool ok = j == "*" || (!j.empty() && j.size() <= 8 &&
                           std::ranges::all_of(j, [](char c) { return c >= 'A' && c <= 'Z'; }));
    if (!ok)
      return std::unexpected(Error{Error::Code::kInvalid,
                                   "jurisdictions[" + std::to_string(i) + "]",
                                   "jurisdictions are upper-case codes (\"KZ\") or \"*\""});
  }
  return {};
}

// The asylum role (docs/asylum.md): officers and supervisors work claims, an auditor with it
// reads their audit trails; only in the account's own jurisdictions.
std::expected<void, Error> CheckAsylumRole(const Account& account,
                                           const std::vector<std::string>& asylum) {
  if (asylum.empty()) return {};
  if (account.role != Role::kOfficer && account.role != Role::kSupervisor &&
      account.role != Role::kAuditor)
    return std::unexpected(Error{Error::Code::kInvalid, "asylum",
                                 "only officers, supervisors and auditors hold the asylum role"});
  if (auto ok = CheckJurisdictions(asylum); !ok)
    return std::unexpected(Error{Error::Code::kInvalid, "asylum", ok.error().message});
  for (size_t i = 0; i < asylum.size(); ++i) {
    if (asylum[i] != "*" && !account.InScope(asylum[i]))
      return std::unexpected(Error{Error::Code::kInvalid, "asylum[" + std::to_string(i) + "]",
                                   asylum[i] + " is not among the account's jurisdictions"});
  }
  return {};
}

std::string NewToken() {
  unsigned char random[32];
  randombytes_buf(random, sizeof random);
  char token[sodium_base64_ENCODED_LEN(sizeof random, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(token, sizeof token, random, sizeof random,
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero(random, sizeof random);
  return token;
}

std::string NewTotpSecret() {
  unsigned char random[kTotpSecretBytes];
  randombytes_buf(random, sizeof random);
  char* encoded = nullptr;
  size_t length = 0;
  std::string out;
  if (oath_base32_encode(reinterpret_cast<const char*>(random), sizeof random, &encoded, &length) ==
      OATH_OK) {
    out.assign(encoded, length);
    free(encoded);
  }
  sodium_memzero(random, sizeof random);
  while (!out.empty() && out.back() == '=') out.pop_back();
  return out;
}

std::optional<std::string> DecodeBase32(const std::string& secret) {
  std::string padded = secret;
  while (padded.size() % 8 != 0) padded += '=';
  char* decoded = nullptr;
  size_t length = 0;
  if (oath_base32_decode(padded.c_str(), padded.size(), &decoded, &length) != OATH_OK)
    return std::nullopt;
  std::string out(decoded, length);
  free(decoded);
  return out;
}

// The time step (RFC 6238: seconds since the epoch / 30) whose code `otp` is, within one step
// either side of now (a phone's clock a little off, or a code typed as it changed); nullopt when
// it is none of them.
std::optional<int64_t> TotpStep(const std::string& base32_secret, const std::string& otp,
                                std::chrono::system_clock::time_point now) {
  auto secret = DecodeBase32(base32_secret);
  if (!secret || otp.size() != 6 || !std::ranges::all_of(otp, ::isdigit)) return std::nullopt;
  const time_t t = std::chrono::system_clock::to_time_t(now);
  int position = 0;
  if (oath_totp_validate2(secret->data(), secret->size(), t, kTotpStep, 0, 1, &position,
                          otp.c_str()) < 0)
    return std::nullopt;
  return static_cast<int64_t>(t / kTotpStep) + position;
}

std::string TotpUri(const std::string& name, const std::string& secret) {
  return "otpauth://totp/tamga:" + name + "?secret=" + secret +
         "&issuer=tamga&algorithm=SHA1&digits=6&period=30";
}

// An audit entry's details: string fields as a JSON object (nlohmann escapes what needs it).
std::string Json(std::initializer_list<std::pair<const char*, std::string>> fields) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [key, value] : fields) out[key] = value;
  return out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::expected<void, Error> Audit(store::Transaction& tx, const std::string& at,
                                 const std::string& actor, const char* action,
                                 std::string details) {
  audit::Entry entry{0, at, actor.empty() ? "anonymous" : actor, action, "", std::move(details),
                     ""};
  if (auto ok = audit::Append(tx, entry); !ok) return std::unexpected(Unavailable(ok.error()));
  return {};
}

std::expected<void, Error> Commit(store::Transaction& tx) {
  if (auto ok = tx.Commit(); !ok) return std::unexpected(Unavailable(ok.error()));
  return {};
}

// cracklib keeps static state: one check at a time.
std::mutex cracklib_mutex;

}  // namespace

std::string_view RoleName(Role role) { return kRoleNames[static_cast<size_t>(role)]; }

std::optional<Role> ParseRole(std::string_view name) {
  for (size_t i = 0; i < kRoleNames.size(); ++i) {
    if (kRoleNames[i] == name) return static_cast<Role>(i);
  }
  return std::nullopt;
}

bool RequiresTotp(Role role) { return role == Role::kSupervisor || role == Role::kPolicyAuthor; }

bool Account::InScope(std::string_view jurisdiction) const {
  return std::ranges::any_of(jurisdictions,
                             [&](const std::string& j) { return j == "*" || j == jurisdiction; });
}

bool Account::HandlesAsylum(std::string_view jurisdiction) const {
  return InScope(jurisdiction) && std::ranges::any_of(asylum, [&](const std::string& j) {
           return j == "*" || j == jurisdiction;
         });
}

std::string TotpCode(const std::string& base32_secret, std::chrono::system_clock::time_point at) {
  auto secret = DecodeBase32(base32_secret);
  if (!secret) return "";
  char otp[7] = {};
  if (oath_totp_generate(secret->data(), secret->size(), std::chrono::system_clock::to_time_t(at),
                         kTotpStep, 0, 6, otp) != OATH_OK)
    return "";
  return otp;
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
           "CREATE INDEX account_tokens_by_expiry ON account_tokens(expires_at)"},
          {kSchemaVersion + 1, "accounts: lockout, disabling, one-time passwords, idle sessions",
           "ALTER TABLE accounts ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;"
           "ALTER TABLE accounts ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0;"
           "ALTER TABLE accounts ADD COLUMN locked_until TEXT NOT NULL DEFAULT '';"
           "ALTER TABLE accounts ADD COLUMN totp_secret TEXT NOT NULL DEFAULT '';"  // base32
           "ALTER TABLE accounts ADD COLUMN password_changed_at TEXT NOT NULL DEFAULT '';"
           "ALTER TABLE account_tokens ADD COLUMN last_used_at TEXT NOT NULL DEFAULT '';"
           "CREATE INDEX account_tokens_by_account ON account_tokens(account_name)"},
          {kSchemaVersion + 2, "accounts: the last one-time-password step used",
           "ALTER TABLE accounts ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0"},
          {kSchemaVersion + 3, "accounts: the asylum role",
           // comma-separated codes, or "*": where the account sees asylum claims
           "ALTER TABLE accounts ADD COLUMN asylum TEXT NOT NULL DEFAULT ''"}};
}

Accounts::Accounts(store::Database& db, AccountsOptions options)
    : db_(db), options_(std::move(options)) {}

std::expected<std::unique_ptr<Accounts>, Error> Accounts::Open(store::Database& db,
                                                               AccountsOptions options) {
  if (sodium_init() < 0 || oath_init() != OATH_OK) {
    return std::unexpected(
        Error{Error::Code::kUnavailable, "", "libsodium or liboath failed to initialize"});
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

std::expected<void, Error> Accounts::CheckPassword(const std::string& name,
                                                   const std::string& password) const {
  auto weak = [](std::string why) {
    return std::unexpected(Error{Error::Code::kInvalid, "password", std::move(why)});
  };
  if (password.size() < kMinPassword || password.size() > kMaxPassword)
    return weak("passwords are " + std::to_string(kMinPassword) + " to " +
                std::to_string(kMaxPassword) + " bytes; a phrase of several words is easiest");
  if (std::ranges::any_of(password,
                          [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }))
    return weak("passwords may not contain control characters");
  std::string lower = password;
  std::ranges::transform(lower, lower.begin(), [](unsigned char c) { return std::tolower(c); });
  if (!name.empty() && lower == name) return weak("the password is the account name");
  const std::string dictionary =
      options_.dictionary.empty() ? GetDefaultCracklibDict() : options_.dictionary;
  char message[256] = {};
  std::lock_guard lock(cracklib_mutex);
  // Debian's variant reports an unreadable dictionary instead of exiting the process.
  if (__DEBIAN_SPECIFIC__SafeFascistCheck(password.c_str(), dictionary.c_str(), message,
                                          sizeof message) == 0)
    return std::unexpected(Error{Error::Code::kUnavailable, "",
                                 "the password dictionary " + dictionary + " cannot be read"});
  if (message[0] != '\0') return weak(std::string("the password is too easy to guess: ") + message);
  // The dictionary is known readable now, so cracklib's own check against the account name (its
  // manglings: reversed, doubled, capitalised) cannot end the process.
  if (!name.empty()) {
    if (const char* why = FascistCheckUser(password.c_str(), dictionary.c_str(), name.c_str(), ""))
      return weak(std::string("the password is too easy to guess: ") + why);
  }
  // cracklib takes "password1234" for strong; breached lists are full of a word with digits or
  // signs around it. The letters alone, when short, are checked as a password of their own.
  std::string core;
  for (char c : lower)
    if (std::isalpha(static_cast<unsigned char>(c))) core += c;
  if (core.size() < kMinPassword) {
    char core_message[256] = {};
    if (core.size() < 6 ||
        (__DEBIAN_SPECIFIC__SafeFascistCheck(core.c_str(), dictionary.c_str(), core_message,
                                             sizeof core_message) != 0 &&
         core_message[0] != '\0'))
      return weak(
          "the password is too easy to guess: a common word or a few letters with digits "
          "or signs added");
  }
  return {};
}

std::expected<Accounts::Created, Error> Accounts::CreateAccount(
    const std::string& name, const std::string& password, Role role,
    std::vector<std::string> jurisdictions, const Caller& by, const std::string& totp_secret,
    std::vector<std::string> asylum) {
  if (auto ok = CheckName(name); !ok) return std::unexpected(ok.error());
  if (auto ok = CheckPassword(name, password); !ok) return std::unexpected(ok.error());
  if (auto ok = CheckJurisdictions(jurisdictions); !ok) return std::unexpected(ok.error());
  if (auto ok = CheckAsylumRole(Account{name, role, jurisdictions}, asylum); !ok)
    return std::unexpected(ok.error());
  // Hashing takes its time and memory before the transaction, so that no one waits on it.
  auto hash = HashPassword(password);
  if (!hash) return std::unexpected(hash.error());
  Created created{Account{name, role, jurisdictions, false, false, asylum}, "", ""};
  if (RequiresTotp(role) || !totp_secret.empty()) {
    created.totp_secret = totp_secret.empty() ? NewTotpSecret() : totp_secret;
    if (!DecodeBase32(created.totp_secret))
      return std::unexpected(
          Error{Error::Code::kInvalid, "totpSecret", "the one-time-password secret is not base32"});
    created.totp_uri = TotpUri(name, created.totp_secret);
    created.account.totp = true;
  }
  const std::string now = IsoUtc(options_.clock());
  auto tx = db_.Begin();
  if (!tx) return std::unexpected(Unavailable(tx.error()));
  auto inserted = tx->Query(
      "INSERT INTO accounts (name, password_hash, role, jurisdictions, created_at, totp_secret, "
      "password_changed_at, asylum) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING "
      "RETURNING name",
      {name, *hash, std::string(RoleName(role)), JoinJurisdictions(jurisdictions), now,
       created.totp_secret, now, JoinJurisdictions(asylum)});
  if (!inserted) return std::unexpected(Unavailable(inserted.error()));
  if (inserted->empty())
    return std::unexpected(
        Error{Error::Code::kConflict, "name", "an account named " + name + " exists"});
  if (auto ok = Audit(*tx, now, by.actor, "account.create",
                      Json({{"account", name},
                            {"role", std::string(RoleName(role))},
                            {"jurisdictions", JoinJurisdictions(jurisdictions)},
                            {"asylum", JoinJurisdictions(asylum)},
                            {"address", by.address}}));
      !ok)
    return std::unexpected(ok.error());
  if (auto ok = Commit(*tx); !ok) return std::unexpected(ok.error());
  return created;
}

std::expected<std::vector<Account>, Error> Accounts::List() {
  auto tx = db_.Begin();
  if (!tx) return std::unexpected(Unavailable(tx.error()));
  auto rows = tx->Query(std::string("SELECT ") + kAccountColumns + " FROM accounts ORDER BY name");
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
                                                        const std::string& password,
                                                        const std::string& otp,
                                                        const Caller& from) {
  const Error refused{Error::Code::kUnauthorized, "password", "unknown name or wrong password"};
  const auto now = options_.clock();
  const std::string at = IsoUtc(now);
  std::string hash, secret, locked_until;
  int64_t failures = 0, last_step = 0;
  std::optional<Account> account;
  {
    auto tx = db_.Begin();
    if (!tx) return std::unexpected(Unavailable(tx.error()));
    auto rows = tx->Query(std::string("SELECT ") + kAccountColumns +
                              ", password_hash, failed_logins, locked_until, totp_last_step "
                              "FROM accounts WHERE name = ?",
                          {name});
    if (!rows) return std::unexpected(Unavailable(rows.error()));
    if (!rows->empty()) {
      auto found = AccountFromRow(rows->front());
      if (!found) return std::unexpected(found.error());
      account = *std::move(found);
      secret = rows->front().Text(4);
      hash = rows->front().Text(6);
      failures = rows->front().Int(7);
      locked_until = rows->front().Text(8);
      last_step = rows->front().Int(9);
    }
  }
  // A locked account is not checked at all (no guess counts while locked); it says for how long.
  if (account && !locked_until.empty() && locked_until > at) {
    auto until = base::ParseInstant(locked_until);
    int seconds =
        until ? static_cast<int>(
                    std::chrono::duration_cast<std::chrono::seconds>(*until - now).count()) +
                    1
              : 60;
    auto tx = db_.Begin();
    if (tx && Audit(*tx, at, name, "auth.locked", Json({{"address", from.address}})))
      (void)tx->Commit();
    return std::unexpected(
        Error{Error::Code::kLocked, "name",
              "too many failed logins: the account is locked until " + locked_until, seconds});
  }
  // An unknown name costs a verification too, so timing does not tell which names exist.
  bool matches = PasswordMatches(account ? hash : dummy_hash_, password);
  // RFC 6238 section 5.2: a code is accepted once; a later login needs a later step's code.
  std::optional<int64_t> step;
  if (account && account->totp) step = TotpStep(secret, otp, now);
  bool otp_ok = !account || !account->totp || (step && *step > last_step);
  // A right password without a code is the first half of a login, not a guess: it does not count.
  bool code_asked = account && matches && !otp_ok && otp.empty();

  auto tx = db_.Begin();
  if (!tx) return std::unexpected(Unavailable(tx.error()));
  if (!account || !matches || !otp_ok) {
    Error error = refused;
    if (account && matches && !otp_ok)
      error = Error{Error::Code::kUnauthorized, "otp",
                    otp.empty() ? "enter the 6-digit code from your authenticator app"
                    : step      ? "this one-time code was used already; wait for the next one"
                                : "the one-time code is wrong or expired"};
    if (account && !code_asked) {
      ++failures;
      std::string lock;
      if (failures >= options_.lockout_after) {
        auto doubling = std::min<int64_t>(failures - options_.lockout_after, 20);
        auto span = std::min<std::chrono::seconds>(options_.lockout_base * (int64_t{1} << doubling),
                                                   options_.lockout_max);
        lock = IsoUtc(now + span);
      }
      auto counted =
          tx->Execute("UPDATE accounts SET failed_logins = ?, locked_until = ? WHERE name = ?",
                      {failures, lock, name});
      if (!counted) return std::unexpected(Unavailable(counted.error()));
    }
    if (auto ok = Audit(*tx, at, account ? name : "anonymous", "auth.login-failed",
                        Json({{"name", name},
                              {"address", from.address},
                              {"failures", std::to_string(failures)},
                              {"why", code_asked ? "otp-asked" : error.field}}));
        !ok)
      return std::unexpected(ok.error());
    if (auto ok = Commit(*tx); !ok) return std::unexpected(ok.error());
    return std::unexpected(error);
  }
  if (account->disabled) {
    if (auto ok = Audit(*tx, at, name, "auth.login-failed",
                        Json({{"name", name}, {"address", from.address}, {"why", "disabled"}}));
        ok)
      (void)tx->Commit();
    return std::unexpected(
        Error{Error::Code::kForbidden, "name", "the account is disabled; ask a supervisor"});
  }

  Session session{NewToken(), IsoUtc(now + options_.token_lifetime), *account};
  // Expired tokens are dropped here, where a write happens anyway.
  if (auto swept = tx->Execute("DELETE FROM account_tokens WHERE expires_at <= ?", {at}); !swept)
    return std::unexpected(Unavailable(swept.error()));
  if (auto inserted = tx->Execute(
          "INSERT INTO account_tokens (token_hash, account_name, expires_at, last_used_at) "
          "VALUES (?, ?, ?, ?)",
          {base::Sha256Hex(session.token), name, session.expires_at, at});
      !inserted)
    return std::unexpected(Unavailable(inserted.error()));
  if (auto reset = tx->Execute(
          "UPDATE accounts SET failed_logins = 0, locked_until = '', totp_last_step = ? "
          "WHERE name = ?",
          {step.value_or(last_step), name});
      !reset)
    return std::unexpected(Unavailable(reset.error()));
  if (auto ok = Audit(*tx, at, name, "auth.login",
                      Json({{"address", from.address}, {"expiresAt", session.expires_at}}));
      !ok)
    return std::unexpected(ok.error());
  if (auto ok = Commit(*tx); !ok) return std::unexpected(ok.error());
  return session;
}

std::expected<Account, Error> Accounts::Authenticate(std::string_view token) {
  const Error refused{Error::Code::kUnauthorized, "Authorization",
                      "unknown or expired token; log in again"};
  const auto now = options_.clock();
  const std::string at = IsoUtc(now);
  const std::string token_hash = base::Sha256Hex(token);
  // Read without the write lock (most calls write nothing); the rare writes below take it.
  auto tx = db_.BeginRead();
  if (!tx) return std::unexpected(Unavailable(tx.error()));
  auto rows = tx->Query(
      "SELECT a.name, a.role, a.jurisdictions, a.disabled, a.totp_secret, a.asylum, "
      "t.expires_at, t.last_used_at FROM account_tokens t JOIN accounts a ON a.name = "
      "t.account_name "
      "WHERE t.token_hash = ?",
      {token_hash});
  if (!rows) return std::unexpected(Unavailable(rows.error()));
  // ISO 8601 UTC timestamps of one format order as text.
  if (rows->empty() || rows->front().Text(6) <= at) return std::unexpected(refused);
  const std::string last_used = rows->front().Text(7);
  (void)tx->Commit();
  auto write = [&](const char* sql, std::vector<store::Datum> params) {
    if (auto w = db_.Begin(); w && w->Execute(sql, std::move(params))) (void)w->Commit();
  };
  if (!last_used.empty() && last_used <= IsoUtc(now - options_.idle_timeout)) {
    write("DELETE FROM account_tokens WHERE token_hash = ?", {token_hash});
    return std::unexpected(Error{Error::Code::kUnauthorized, "Authorization",
                                 "the session ended after " +
                                     std::to_string(options_.idle_timeout.count() / 60) +
                                     " minutes without use; log in again"});
  }
  auto account = AccountFromRow(rows->front());
  if (!account) return account;
  if (account->disabled) return std::unexpected(refused);
  // The idle clock moves at most once a minute, so a busy session does not write on every call.
  if (last_used.empty() || last_used <= IsoUtc(now - std::chrono::minutes(1))) {
    write("UPDATE account_tokens SET last_used_at = ? WHERE token_hash = ?", {at, token_hash});
  }
  return account;
}

std::expected<void, Error> Accounts::Logout(std::string_view token, const Caller& by) {
  auto tx = db_.Begin();
  if (!tx) return std::unexpected(Unavailable(tx.error()));
  auto deleted = tx->Query("DELETE FROM account_tokens WHERE token_hash = ? RETURNING account_name",
                           {base::Sha256Hex(token)});
  if (!deleted) return std::unexpected(Unavailable(deleted.error()));
  if (!deleted->empty()) {
    if (auto ok = Audit(*tx, IsoUtc(options_.clock()), deleted->front().Text(0), "auth.logout",
                        Json({{"address", by.address}}));
        !ok)
      return std::unexpected(ok.error());
  }
  return Commit(*tx);
}

std::expected<int64_t, Error> Accounts::ChangePassword(const std::string& name,
                                                       const std::string& current,
                                                       const std::string& replacement,
                                                       std::string_view keep_token,
                                                       const Caller& by) {
  std::string hash;
  {
    auto tx = db_.Begin();
    if (!tx) return std::unexpected(Unavailable(tx.error()));
    auto rows = tx->Query("SELECT password_hash FROM accounts WHERE name = ?", {name});
    if (!rows) return std::unexpected(Unavailable(rows.error()));
    if (rows->empty())
      return std::unexpected(Error{Error::Code::kNotFound, "name", "no account " + name});
    hash = rows->front().Text(0);
  }
  if (!PasswordMatches(hash, current))
    return std::unexpected(
        Error{Error::Code::kUnauthorized, "currentPassword", "the current password is wrong"});
  if (current == replacement)
    return std::unexpected(Error{Error::Code::kInvalid, "newPassword",
                                 "the new password is the same as the current one"});
  if (auto ok = CheckPassword(name, replacement); !ok) {
    Error e = ok.error();
    if (e.field == "password") e.field = "newPassword";
    return std::unexpected(e);
  }
  auto new_hash = HashPassword(replacement);
  if (!new_hash) return std::unexpected(new_hash.error());
  const std::string at = IsoUtc(options_.clock());
  auto tx = db_.Begin();
  if (!tx) return std::unexpected(Unavailable(tx.error()));
  if (auto ok = tx->Execute(
          "UPDATE accounts SET password_hash = ?, password_changed_at = ? WHERE name = ?",
          {*new_hash, at, name});
      !ok)
    return std::unexpected(Unavailable(ok.error()));
  // Whoever else held a session (a stolen token, another workstation) is logged out.
  auto ended =
      tx->Query("DELETE FROM account_tokens WHERE account_name = ? AND token_hash <> ? RETURNING 1",
                {name, base::Sha256Hex(keep_token)});
  if (!ended) return std::unexpected(Unavailable(ended.error()));
  if (auto ok = Audit(*tx, at, by.actor.empty() || by.actor == "system" ? name : by.actor,
                      "account.password",
                      Json({{"account", name},
                            {"address", by.address},
                            {"sessionsEnded", std::to_string(ended->size())}}));
      !ok)
    return std::unexpected(ok.error());
  if (auto ok = Commit(*tx); !ok) return std::unexpected(ok.error());
  return static_cast<int64_t>(ended->size());
}

std::expected<Account, Error> Accounts::SetAsylumRole(const std::string& name,
                                                      std::vector<std::string> asylum,
                                                      const Caller& by) {
  const std::string at = IsoUtc(options_.clock());
  auto tx = db_.Begin();
  if (!tx) return std::unexpected(Unavailable(tx.error()));
  auto rows =
      tx->Query(std::string("SELECT ") + kAccountColumns + " FROM accounts WHERE name = ?", {name});
  if (!rows) return std::unexpected(Unavailable(rows.error()));
  if (rows->empty())
    return std::unexpected(Error{Error::Code::kNotFound, "name", "no account " + name});
  auto account = AccountFromRow(rows->front());
  if (!account) return account;
  if (auto ok = CheckAsylumRole(*account, asylum); !ok) return std::unexpected(ok.error());
  const std::string before = JoinJurisdictions(account->asylum);
  auto updated = tx->Execute("UPDATE accounts SET asylum = ? WHERE name = ?",
                             {JoinJurisdictions(asylum), name});
  if (!updated) return std::unexpected(Unavailable(updated.error()));
  if (auto ok = Audit(*tx, at, by.actor, "account.asylum",
                      Json({{"account", name},
                            {"before", before},
                            {"asylum", JoinJurisdictions(asylum)},
                            {"address", by.address}}));
      !ok)
    return std::unexpected(ok.error());
  if (auto ok = Commit(*tx); !ok) return std::unexpected(ok.error());
  account->asylum = std::move(asylum);
  return account;
}

std::expected<Account, Error> Accounts::SetDisabled(const std::string& name, bool disabled,
                                                    const Caller& by) {
  if (by.actor == name)
    return std::unexpected(
        Error{Error::Code::kForbidden, "name", "an account cannot disable or enable itself"});
  const std::string at = IsoUtc(options_.clock());
  auto tx = db_.Begin();
  if (!tx) return std::unexpected(Unavailable(tx.error()));
  auto rows = tx->Query(std::string("UPDATE accounts SET disabled = ?, failed_logins = 0, "
                                    "locked_until = '' WHERE name = ? RETURNING ") +
                            kAccountColumns,
                        {int64_t{disabled}, name});
  if (!rows) return std::unexpected(Unavailable(rows.error()));
  if (rows->empty())
    return std::unexpected(Error{Error::Code::kNotFound, "name", "no account " + name});
  auto account = AccountFromRow(rows->front());
  if (!account) return account;
  int64_t ended = 0;
  if (disabled) {
    auto gone = tx->Query("DELETE FROM account_tokens WHERE account_name = ? RETURNING 1", {name});
    if (!gone) return std::unexpected(Unavailable(gone.error()));
    ended = static_cast<int64_t>(gone->size());
  }
  if (auto ok = Audit(*tx, at, by.actor, disabled ? "account.disable" : "account.enable",
                      Json({{"account", name},
                            {"address", by.address},
                            {"sessionsEnded", std::to_string(ended)}}));
      !ok)
    return std::unexpected(ok.error());
  if (auto ok = Commit(*tx); !ok) return std::unexpected(ok.error());
  return account;
}

std::expected<int64_t, Error> Accounts::RevokeSessions(const std::string& name, const Caller& by) {
  const std::string at = IsoUtc(options_.clock());
  auto tx = db_.Begin();
  if (!tx) return std::unexpected(Unavailable(tx.error()));
  auto exists = tx->Query("SELECT 1 FROM accounts WHERE name = ?", {name});
  if (!exists) return std::unexpected(Unavailable(exists.error()));
  if (exists->empty())
    return std::unexpected(Error{Error::Code::kNotFound, "name", "no account " + name});
  auto gone = tx->Query("DELETE FROM account_tokens WHERE account_name = ? RETURNING 1", {name});
  if (!gone) return std::unexpected(Unavailable(gone.error()));
  if (auto ok = Audit(*tx, at, by.actor, "account.revoke-sessions",
                      Json({{"account", name},
                            {"address", by.address},
                            {"sessionsEnded", std::to_string(gone->size())}}));
      !ok)
    return std::unexpected(ok.error());
  if (auto ok = Commit(*tx); !ok) return std::unexpected(ok.error());
  return static_cast<int64_t>(gone->size());
}

std::expected<Accounts::Created, Error> Accounts::EnrolTotp(const std::string& name,
                                                            const std::string& password,
                                                            const Caller& by) {
  std::string hash;
  std::optional<Account> account;
  {
    auto tx = db_.Begin();
    if (!tx) return std::unexpected(Unavailable(tx.error()));
    auto rows = tx->Query(
        std::string("SELECT ") + kAccountColumns + ", password_hash FROM accounts WHERE name = ?",
        {name});
    if (!rows) return std::unexpected(Unavailable(rows.error()));
    if (rows->empty())
      return std::unexpected(Error{Error::Code::kNotFound, "name", "no account " + name});
    auto found = AccountFromRow(rows->front());
    if (!found) return std::unexpected(found.error());
    account = *found;
    hash = rows->front().Text(6);
  }
  if (!PasswordMatches(hash, password))
    return std::unexpected(Error{Error::Code::kUnauthorized, "password", "the password is wrong"});
  Created created{*account, NewTotpSecret(), ""};
  created.totp_uri = TotpUri(name, created.totp_secret);
  created.account.totp = true;
  const std::string at = IsoUtc(options_.clock());
  auto tx = db_.Begin();
  if (!tx) return std::unexpected(Unavailable(tx.error()));
  if (auto ok = tx->Execute("UPDATE accounts SET totp_secret = ? WHERE name = ?",
                            {created.totp_secret, name});
      !ok)
    return std::unexpected(Unavailable(ok.error()));
  if (auto ok = Audit(*tx, at, name, "account.totp-enrol", Json({{"address", by.address}})); !ok)
    return std::unexpected(ok.error());
  if (auto ok = Commit(*tx); !ok) return std::unexpected(ok.error());
  return created;
}

}  // namespace tamga::accounts
