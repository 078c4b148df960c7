// Staff accounts as a domain service: who may log in, with which role and in which jurisdictions,
// and every act on an account in the audit chain. Accounts live in the case database (one
// database, one backup), and each change commits with its audit entry in one transaction.
//
// Passwords: at least 12 characters, checked against cracklib's dictionary of common and
// breached-style passwords and against the account's name, kept as argon2id hashes (libsodium).
// Sessions: random bearer tokens of which only the SHA-256 is stored, with an absolute lifetime
// and an idle timeout. Failed logins lock an account for a time that doubles with each failure past
// a threshold. A time-based one-time password (RFC 6238, liboath) is required of supervisors and
// policy authors and may be enrolled by anyone else.
#pragma once

#include <chrono>
#include <expected>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.h"

namespace tamga::accounts {

enum class Role { kApplicant, kOfficer, kSupervisor, kPolicyAuthor, kAuditor, kAdmin };
std::string_view RoleName(Role role);  // "policy-author"
std::optional<Role> ParseRole(std::string_view name);
// Whether the role must log in with a one-time password as well (supervisors, policy authors).
bool RequiresTotp(Role role);

struct Account {
  std::string name;
  Role role = Role::kApplicant;
  // Jurisdictions ("KZ", "LV") whose cases the account may see or act on; "*" stands for all.
  std::vector<std::string> jurisdictions;
  bool disabled = false;
  bool totp = false;  // a one-time password is asked at login
  // Jurisdictions in which the account holds the asylum role (docs/asylum.md): only there does it
  // see that an asylum claim exists; within its scope; "*" for every one in scope.
  std::vector<std::string> asylum = {};
  bool InScope(std::string_view jurisdiction) const;
  bool HandlesAsylum(std::string_view jurisdiction) const;
};

// A refusal, as a value; the API maps codes to 400, 401, 403, 404, 409, 429 and 503.
struct Error {
  enum class Code {
    kInvalid,
    kUnauthorized,  // unknown name, wrong password or one-time password, unknown or expired token
    kForbidden,
    kNotFound,
    kConflict,
    kLocked,  // too many failed logins: retry_after_seconds
    kUnavailable,
  };
  Code code = Code::kInvalid;
  std::string field;
  std::string message;
  int retry_after_seconds = 0;
};

struct AccountsOptions {
  std::chrono::seconds token_lifetime = std::chrono::hours(12);
  // A session unused this long ends (a workstation left logged in).
  std::chrono::seconds idle_timeout = std::chrono::minutes(30);
  // Failed logins in a row before the account locks; each further failure doubles the lock,
  // from lockout_base up to lockout_max.
  int lockout_after = 5;
  std::chrono::seconds lockout_base = std::chrono::minutes(1);
  std::chrono::seconds lockout_max = std::chrono::hours(1);
  // cracklib's dictionary (without its .pwd/.pwi/.hwm suffix); empty: Debian's default.
  std::string dictionary;
  std::function<std::chrono::system_clock::time_point()> clock = std::chrono::system_clock::now;
};

// Who asks, for the audit entry: the acting account ("system" for start-up tasks) and the
// client's address.
struct Caller {
  std::string actor = "system";
  std::string address;
};

class Accounts {
 public:
  // Applies the accounts schema (migrations 100-102) to `db`, which must also hold the audit
  // log, and returns accounts over it; `db` must outlive the returned object.
  static std::expected<std::unique_ptr<Accounts>, Error> Open(store::Database& db,
                                                              AccountsOptions options = {});
  static std::vector<store::Migration> Schema();

  struct Created {
    Account account;
    // For roles that require it: the new account's one-time-password secret (base32) and its
    // otpauth:// URI, shown once to whoever set the account up.
    std::string totp_secret;
    std::string totp_uri;
  };
  // Creates an account. Names are 1-64 characters of [a-z0-9._-] (not "system", "applicant",
  // "anonymous"); jurisdictions are upper-case codes or "*"; the password passes CheckPassword.
  // `asylum`: the jurisdictions where an officer or supervisor holds the asylum role, each in
  // `jurisdictions`. kConflict when the name is taken. Audited as account.create.
  std::expected<Created, Error> CreateAccount(const std::string& name, const std::string& password,
                                              Role role, std::vector<std::string> jurisdictions,
                                              const Caller& by = {},
                                              const std::string& totp_secret = "",
                                              std::vector<std::string> asylum = {});
  std::expected<std::vector<Account>, Error> List();

  // kInvalid naming "password" unless the password is 12-1024 bytes without control characters,
  // is not the name or built on it, and cracklib finds it strong.
  std::expected<void, Error> CheckPassword(const std::string& name,
                                           const std::string& password) const;

  struct Session {
    std::string token;  // shown once; only its SHA-256 is stored
    std::string expires_at;
    Account account;
  };
  // Checks the password (and the one-time password where the account has one) and issues a
  // token. kUnauthorized without saying which part was wrong, except "otp" when only the
  // one-time password is missing, wrong or used already (RFC 6238 5.2) after a right password (a
  // missing one does not count as a failed login); kLocked while the account is
  // locked; kForbidden for a disabled account. Every attempt is audited (auth.login,
  // auth.login-failed, auth.locked).
  std::expected<Session, Error> Login(const std::string& name, const std::string& password,
                                      const std::string& otp = "", const Caller& from = {});
  // The account a token belongs to; kUnauthorized when the token is unknown, expired, idle too
  // long, or its account disabled. Moves the session's idle clock.
  std::expected<Account, Error> Authenticate(std::string_view token);
  std::expected<void, Error> Logout(std::string_view token, const Caller& by = {});

  // Changes the caller's own password after checking the current one; ends every other session
  // and returns how many.
  std::expected<int64_t, Error> ChangePassword(const std::string& name, const std::string& current,
                                               const std::string& replacement,
                                               std::string_view keep_token, const Caller& by = {});
  // Gives or takes the asylum role: `asylum` (empty: none) replaces the jurisdictions where the
  // account holds it, each among its own; effective from its next request. Audited as
  // account.asylum with the role before and after.
  std::expected<Account, Error> SetAsylumRole(const std::string& name,
                                              std::vector<std::string> asylum, const Caller& by);
  // Disables or enables an account; disabling ends its sessions. Audited.
  std::expected<Account, Error> SetDisabled(const std::string& name, bool disabled,
                                            const Caller& by);
  // Ends every session of an account; returns how many. Audited.
  std::expected<int64_t, Error> RevokeSessions(const std::string& name, const Caller& by);
  // Enrols a one-time password for the caller's own account (after checking the password):
  // returns the new secret and otpauth:// URI, shown once.
  std::expected<Created, Error> EnrolTotp(const std::string& name, const std::string& password,
                                          const Caller& by = {});

  Accounts(store::Database& db, AccountsOptions options);  // use Open(), which migrates

 private:
  store::Database& db_;
  AccountsOptions options_;
  std::string dummy_hash_;  // verified against for unknown names, so both cases cost the same
};

// The current RFC 6238 code (6 digits, 30-second steps, HMAC-SHA-1) of a base32 secret at `at`:
// for tests and for the demo's printed codes. Empty for a bad secret.
std::string TotpCode(const std::string& base32_secret, std::chrono::system_clock::time_point at);

}  // namespace tamga::accounts
