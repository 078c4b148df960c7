// Accounts against a real SQLite database with the audit log, real argon2id, cracklib and
// liboath. The defects of issue 9 first: 126 wrong passwords in 21 s without a lockout, the
// passwords "password" and eight NUL bytes accepted, no password change, no disabling, no "revoke
// all sessions", logins and account creation not audited.
#include "accounts/accounts.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "audit/audit.h"
#include "base/temp_dir.h"
#include "store/test_database.h"

namespace tamga::accounts {
namespace {

using ::testing::HasSubstr;
using Clock = std::chrono::system_clock;

class AccountsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = store::OpenTestDatabase(dir_.path());
    ASSERT_TRUE(db.has_value());
    db_ = std::move(*db);
    store::Migration schema[] = {audit::Schema(), audit::StateSchema()};
    ASSERT_TRUE(db_->Migrate(schema).has_value());
    AccountsOptions options;
    options.clock = [this] { return now_; };
    auto accounts = Accounts::Open(*db_, options);
    ASSERT_TRUE(accounts.has_value()) << accounts.error().message;
    accounts_ = std::move(*accounts);
  }

  // The actions of the audit log, oldest first, and the chain still verifies.
  std::vector<std::string> Actions() {
    auto tx = db_->Begin();
    auto rows = tx->Query("SELECT action FROM audit_log ORDER BY seq");
    std::vector<std::string> out;
    for (const auto& r : *rows) out.push_back(r.Text(0));
    EXPECT_FALSE(audit::Verify(*tx).first_bad_seq.has_value());
    return out;
  }

  base::TempDir dir_{"tamga-accounts"};
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<Accounts> accounts_;
  Clock::time_point now_ = Clock::from_time_t(1664000000);  // 2022-09-24
  const std::string strong_ = "violet kettle orbit seventeen";
};

TEST_F(AccountsTest, WeakPasswordsAreRefusedNamingTheField) {
  for (const std::string& weak :
       {std::string("password"), std::string(8, '\0'), std::string("password1234"),
        std::string("aaaaaaaaaaaaaaaa"), std::string("qwertyuiop12"), std::string("officer.kz"),
        std::string("violet kettle\x01orbit")}) {
    auto created = accounts_->CreateAccount("officer.kz", weak, Role::kOfficer, {"KZ"});
    ASSERT_FALSE(created.has_value()) << "accepted: " << weak;
    EXPECT_EQ(created.error().field, "password") << weak;
  }
  EXPECT_THAT(accounts_->CheckPassword("x", "password1234").error().message,
              HasSubstr("too easy to guess"));
  auto created = accounts_->CreateAccount("officer.kz", strong_, Role::kOfficer, {"KZ"},
                                          {"admin", "10.0.0.7"});
  ASSERT_TRUE(created.has_value()) << created.error().message;
  EXPECT_TRUE(created->totp_secret.empty());  // officers may enrol; they are not made to
  EXPECT_EQ(accounts_->CreateAccount("officer.kz", strong_, Role::kOfficer, {"KZ"}).error().code,
            Error::Code::kConflict);
  EXPECT_EQ(Actions(), std::vector<std::string>{"account.create"});
}

TEST_F(AccountsTest, FailedLoginsLockTheAccountForAGrowingTimeAndAreAudited) {
  ASSERT_TRUE(accounts_->CreateAccount("officer.kz", strong_, Role::kOfficer, {"KZ"}));
  for (int i = 0; i < 5; ++i) {
    auto wrong = accounts_->Login("officer.kz", "wrong password " + std::to_string(i), "",
                                  {"", "203.0.113.9"});
    ASSERT_FALSE(wrong.has_value());
    EXPECT_EQ(wrong.error().code, Error::Code::kUnauthorized) << i;
  }
  // Locked now: even the right password is not checked.
  auto locked = accounts_->Login("officer.kz", strong_);
  ASSERT_FALSE(locked.has_value());
  EXPECT_EQ(locked.error().code, Error::Code::kLocked);
  EXPECT_GT(locked.error().retry_after_seconds, 0);
  EXPECT_LE(locked.error().retry_after_seconds, 61);
  now_ += std::chrono::seconds(61);
  // One more failure after the lock ends doubles it.
  ASSERT_FALSE(accounts_->Login("officer.kz", "still wrong password"));
  auto again = accounts_->Login("officer.kz", strong_);
  ASSERT_FALSE(again.has_value());
  EXPECT_GT(again.error().retry_after_seconds, 61);
  now_ += std::chrono::minutes(3);
  auto in = accounts_->Login("officer.kz", strong_, "", {"", "203.0.113.9"});
  ASSERT_TRUE(in.has_value()) << in.error().message;
  std::vector<std::string> actions = Actions();
  EXPECT_EQ(std::count(actions.begin(), actions.end(), "auth.login-failed"), 6);
  EXPECT_EQ(std::count(actions.begin(), actions.end(), "auth.locked"), 2);
  EXPECT_EQ(actions.back(), "auth.login");
  // An unknown name is audited too, and cannot be told apart from a wrong password.
  auto unknown = accounts_->Login("nobody.here", strong_);
  EXPECT_EQ(unknown.error().message, "unknown name or wrong password");
}

TEST_F(AccountsTest, ChangingThePasswordEndsOtherSessions) {
  ASSERT_TRUE(accounts_->CreateAccount("officer.kz", strong_, Role::kOfficer, {"KZ"}));
  auto mine = accounts_->Login("officer.kz", strong_);
  auto other = accounts_->Login("officer.kz", strong_);
  ASSERT_TRUE(mine && other);
  EXPECT_EQ(
      accounts_->ChangePassword("officer.kz", "not it", "amber lantern harbor nine", mine->token)
          .error()
          .field,
      "currentPassword");
  EXPECT_EQ(
      accounts_->ChangePassword("officer.kz", strong_, "password1234", mine->token).error().field,
      "newPassword");
  ASSERT_TRUE(
      accounts_->ChangePassword("officer.kz", strong_, "amber lantern harbor nine", mine->token));
  EXPECT_TRUE(accounts_->Authenticate(mine->token).has_value());
  EXPECT_EQ(accounts_->Authenticate(other->token).error().code, Error::Code::kUnauthorized);
  EXPECT_FALSE(accounts_->Login("officer.kz", strong_).has_value());
  EXPECT_TRUE(accounts_->Login("officer.kz", "amber lantern harbor nine").has_value());
}

TEST_F(AccountsTest, ADisabledAccountLosesItsSessionsAndCannotLogIn) {
  ASSERT_TRUE(accounts_->CreateAccount("officer.kz", strong_, Role::kOfficer, {"KZ"}));
  auto session = accounts_->Login("officer.kz", strong_);
  ASSERT_TRUE(session.has_value());
  EXPECT_EQ(accounts_->SetDisabled("officer.kz", true, {"officer.kz", ""}).error().code,
            Error::Code::kForbidden);  // not oneself
  auto disabled = accounts_->SetDisabled("officer.kz", true, {"supervisor", "10.0.0.1"});
  ASSERT_TRUE(disabled.has_value());
  EXPECT_TRUE(disabled->disabled);
  EXPECT_EQ(accounts_->Authenticate(session->token).error().code, Error::Code::kUnauthorized);
  EXPECT_EQ(accounts_->Login("officer.kz", strong_).error().code, Error::Code::kForbidden);
  ASSERT_TRUE(accounts_->SetDisabled("officer.kz", false, {"supervisor", ""}));
  auto back = accounts_->Login("officer.kz", strong_);
  ASSERT_TRUE(back.has_value());
  auto other = accounts_->Login("officer.kz", strong_);
  EXPECT_EQ(accounts_->RevokeSessions("officer.kz", {"supervisor", ""}).value_or(-1), 2);
  EXPECT_FALSE(accounts_->Authenticate(back->token).has_value());
  EXPECT_FALSE(accounts_->Authenticate(other->token).has_value());
  std::vector<std::string> actions = Actions();
  EXPECT_THAT(actions, ::testing::Contains("account.disable"));
  EXPECT_THAT(actions, ::testing::Contains("account.enable"));
  EXPECT_THAT(actions, ::testing::Contains("account.revoke-sessions"));
}

TEST_F(AccountsTest, ASessionEndsWhenIdleAndAtItsLifetime) {
  ASSERT_TRUE(accounts_->CreateAccount("officer.kz", strong_, Role::kOfficer, {"KZ"}));
  auto session = accounts_->Login("officer.kz", strong_);
  ASSERT_TRUE(session.has_value());
  for (int i = 0; i < 30; ++i) {  // used every 20 minutes for 10 hours: stays
    now_ += std::chrono::minutes(20);
    ASSERT_TRUE(accounts_->Authenticate(session->token).has_value()) << i;
  }
  now_ += std::chrono::minutes(31);  // idle past 30 minutes
  auto idle = accounts_->Authenticate(session->token);
  ASSERT_FALSE(idle.has_value());
  EXPECT_THAT(idle.error().message, HasSubstr("without use"));
  auto fresh = accounts_->Login("officer.kz", strong_);
  for (int i = 0; i < 37; ++i) {  // 12 hours 20 minutes of use: past the absolute lifetime
    now_ += std::chrono::minutes(20);
    (void)accounts_->Authenticate(fresh->token);
  }
  EXPECT_FALSE(accounts_->Authenticate(fresh->token).has_value());
}

// Only an argon2id hash and the token's SHA-256 are stored; a token ends at its lifetime.
TEST_F(AccountsTest, StoresArgon2idHashesAndHashedTokensThatExpire) {
  ASSERT_TRUE(accounts_->CreateAccount("officer.kz", strong_, Role::kOfficer, {"KZ"}));
  EXPECT_EQ(accounts_->CreateAccount("Bad Name", strong_, Role::kOfficer, {}).error().field,
            "name");
  EXPECT_EQ(accounts_->CreateAccount("system", strong_, Role::kOfficer, {}).error().field, "name");
  EXPECT_EQ(accounts_->CreateAccount("lower", strong_, Role::kOfficer, {"kz"}).error().field,
            "jurisdictions[0]");
  auto session = accounts_->Login("officer.kz", strong_);
  ASSERT_TRUE(session.has_value()) << session.error().message;
  EXPECT_GE(session->token.size(), 43u);
  auto account = accounts_->Authenticate(session->token);
  ASSERT_TRUE(account.has_value());
  EXPECT_TRUE(account->InScope("KZ"));
  EXPECT_FALSE(account->InScope("LV"));
  {
    auto tx = db_->Begin();
    auto hash = tx->Query("SELECT password_hash FROM accounts WHERE name = 'officer.kz'");
    EXPECT_THAT(hash->at(0).Text(0), ::testing::StartsWith("$argon2id$"));
    auto tokens = tx->Query("SELECT token_hash FROM account_tokens");
    ASSERT_EQ(tokens->size(), 1u);
    EXPECT_EQ(tokens->at(0).Text(0).size(), 64u);
    EXPECT_NE(tokens->at(0).Text(0), session->token);
  }
  for (int i = 0; i < 40; ++i) {  // kept in use, it still ends after 12 hours
    now_ += std::chrono::minutes(20);
    (void)accounts_->Authenticate(session->token);
  }
  EXPECT_EQ(accounts_->Authenticate(session->token).error().code, Error::Code::kUnauthorized);
}

// RFC 6238: supervisors and policy authors get a secret at creation and must give a code.
TEST_F(AccountsTest, SupervisorsLogInWithAOneTimePassword) {
  auto created = accounts_->CreateAccount("chief", strong_, Role::kSupervisor, {"*"});
  ASSERT_TRUE(created.has_value()) << created.error().message;
  ASSERT_FALSE(created->totp_secret.empty());
  EXPECT_THAT(created->totp_uri, HasSubstr("otpauth://totp/tamga:chief?secret="));
  auto no_code = accounts_->Login("chief", strong_);
  ASSERT_FALSE(no_code.has_value());
  EXPECT_EQ(no_code.error().field, "otp");
  std::string code = TotpCode(created->totp_secret, now_);
  ASSERT_EQ(code.size(), 6u);
  std::string wrong = code == "000000" ? "000001" : "000000";
  EXPECT_EQ(accounts_->Login("chief", strong_, wrong).error().field, "otp");
  EXPECT_EQ(accounts_->Login("chief", "wrong password here", code).error().field, "password");
  auto in = accounts_->Login("chief", strong_, code);
  ASSERT_TRUE(in.has_value()) << in.error().message;
  EXPECT_TRUE(in->account.totp);
  // RFC 6238 5.2: the same code does not log in twice; the next step's code does.
  auto replayed = accounts_->Login("chief", strong_, code);
  ASSERT_FALSE(replayed.has_value());
  EXPECT_THAT(replayed.error().message, HasSubstr("used already"));
  now_ += std::chrono::seconds(30);
  EXPECT_TRUE(accounts_->Login("chief", strong_, TotpCode(created->totp_secret, now_)));
  // Being asked for the code is not a failed login: six prompts do not lock the account.
  for (int i = 0; i < 6; ++i) EXPECT_EQ(accounts_->Login("chief", strong_).error().field, "otp");
  now_ += std::chrono::seconds(30);
  EXPECT_TRUE(accounts_->Login("chief", strong_, TotpCode(created->totp_secret, now_)));
  // A code from ten minutes ago no longer works.
  EXPECT_FALSE(accounts_->Login("chief", strong_,
                                TotpCode(created->totp_secret, now_ - std::chrono::minutes(10))));
  // RFC 6238 appendix B: the SHA-1 test secret "12345678901234567890" at 59 s gives 287082.
  EXPECT_EQ(TotpCode("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", Clock::from_time_t(59)), "287082");

  // An officer may enrol one.
  ASSERT_TRUE(accounts_->CreateAccount("officer.kz", strong_, Role::kOfficer, {"KZ"}));
  auto enrolled = accounts_->EnrolTotp("officer.kz", strong_);
  ASSERT_TRUE(enrolled.has_value());
  EXPECT_EQ(accounts_->Login("officer.kz", strong_).error().field, "otp");
  EXPECT_TRUE(accounts_->Login("officer.kz", strong_, TotpCode(enrolled->totp_secret, now_)));
}

}  // namespace
}  // namespace tamga::accounts
