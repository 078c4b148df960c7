// Tests of the HTTP API: the real server on 127.0.0.1 (an ephemeral port) over a real SQLite
// database in a temporary directory, with the real policies of the repository (tests run from the
// repository root), driven over HTTP by httplib::Client.
#include "api/server.h"
#include "api/test_policies.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "api/http.h"
#include "api/json_input.h"
#include "api/routes.h"
#include "cases/case_store.h"
#include "cases/demo.h"
#include "cases/screening.h"
#include "cases/service.h"
#include "policy/policy.h"
#include "store/database.h"
#include "store/test_database.h"
#include "watchlist/watchlist.h"

namespace tamga::api {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::IsSupersetOf;
using ::testing::Not;

// The time as the case service and the server see it; tests move it forward.
class Clock {
 public:
  std::string Now() {
    std::lock_guard lock(mutex_);
    return now_;
  }
  void Set(std::string now) {
    std::lock_guard lock(mutex_);
    now_ = std::move(now);
  }

 private:
  std::mutex mutex_;
  std::string now_ = "2022-10-03T09:00:00.000Z";
};

// Everything `tamga serve` assembles over a data directory.
struct Stack {
  std::unique_ptr<policy::Registry> registry;
  std::unique_ptr<store::Database> db;
  std::unique_ptr<cases::CaseStore> store;
  std::unique_ptr<cases::FileStore> files;
  std::unique_ptr<cases::Screener> screener;
  std::unique_ptr<cases::CaseService> service;
  std::unique_ptr<Accounts> accounts;
  std::unique_ptr<Server> server;
  int port = 0;
};

// How a test's server differs from the default: its own policy library folder (which publishing
// writes into) and a web UI folder.
struct StackOptions {
  fs::path policies_dir = {};  // empty: the repository's policies/, shared and never written
  fs::path web_root = {};
  bool screening = false;  // screen applications (watchlists, earlier applications)
};

std::unique_ptr<Stack> StartStack(const fs::path& dir, Clock& clock,
                                  const StackOptions& stack_options = {}) {
  auto stack = std::make_unique<Stack>();
  if (stack_options.policies_dir.empty()) {
    stack->registry = std::make_unique<policy::Registry>(TestPolicies());
  } else {
    auto library = policy::Library::Load(stack_options.policies_dir);
    EXPECT_TRUE(library.has_value()) << library.error().ToString();
    if (!library) return nullptr;
    stack->registry = std::make_unique<policy::Registry>(*std::move(library));
  }
  auto db = store::OpenTestDatabase(dir);
  EXPECT_TRUE(db.has_value()) << db.error().message;
  if (!db) return nullptr;
  stack->db = *std::move(db);
  auto migrated = stack->db->Migrate(cases::Schema());
  EXPECT_TRUE(migrated.has_value()) << migrated.error().message;
  stack->store = cases::MakeSqlCaseStore(*stack->db);
  stack->files = std::make_unique<cases::FileStore>((dir / "files").string());
  auto now = [&clock] { return clock.Now(); };
  if (stack_options.screening) {
    stack->screener = std::make_unique<cases::Screener>(*stack->db, *stack->store);
    auto loaded = stack->screener->Load();
    EXPECT_TRUE(loaded.has_value()) << loaded.error().message;
  }
  stack->service =
      std::make_unique<cases::CaseService>(*stack->store, *stack->registry, *stack->files, now,
                                           "http://127.0.0.1:8080", stack->screener.get());
  // Accounts share the case database here, as they may.
  auto accounts = Accounts::Open(*stack->db);
  EXPECT_TRUE(accounts.has_value()) << accounts.error().message;
  if (!accounts) return nullptr;
  stack->accounts = *std::move(accounts);
  ServerOptions options;
  options.now = now;
  options.policies_dir = stack_options.policies_dir.string();
  options.web_root = stack_options.web_root.string();
  // Tests log in and submit far more often than any one client may (server_test covers limits).
  options.rate_limits = RateLimits::Off();
  stack->server =
      std::make_unique<Server>(options, *stack->service, *stack->registry, *stack->accounts);
  auto port = stack->server->Start();
  EXPECT_TRUE(port.has_value()) << port.error();
  if (!port) return nullptr;
  stack->port = *port;
  return stack;
}

struct Answer {
  int status = 0;
  json body;
  std::string raw;
  httplib::Headers headers;

  std::string Header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
  std::string ErrorField() const {
    const json& field = body["error"]["field"];
    return field.is_string() ? field.get<std::string>() : "";
  }
  std::string ErrorCode() const { return body["error"].value("code", ""); }
};

std::ostream& operator<<(std::ostream& os, const Answer& a) {
  return os << a.status << " " << a.raw.substr(0, 2000);
}

httplib::Headers Bearer(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }
httplib::Headers AccessCode(const std::string& code) { return {{"X-Access-Code", code}}; }

// An HTTP client of the API. Every answer is checked to be below 500 and, unless it is a file, to
// be JSON with Content-Type application/json.
class Client {
 public:
  explicit Client(int port) : http_("127.0.0.1", port) {
    http_.set_read_timeout(60, 0);
    http_.set_write_timeout(60, 0);
  }
  // For the one test that breaks storage on purpose: a 503 is then the right answer.
  void AllowUnavailable() { allow_unavailable_ = true; }

  Answer Get(const std::string& path, const httplib::Headers& headers = {}) {
    return Read(http_.Get(path, headers), "GET " + path);
  }
  Answer PostText(const std::string& path, const std::string& body,
                  const httplib::Headers& headers = {},
                  const std::string& content_type = "application/json") {
    return Read(http_.Post(path, headers, body, content_type), "POST " + path);
  }
  Answer Post(const std::string& path, const json& body, const httplib::Headers& headers = {}) {
    return PostText(path, body.dump(), headers);
  }
  Answer Upload(const std::string& path, const httplib::MultipartFormDataItems& items,
                const httplib::Headers& headers = {}) {
    return Read(http_.Post(path, headers, items), "POST " + path);
  }
  Answer PostChunked(const std::string& path, size_t size) {
    return Read(http_.Post(
                    path, {},
                    [size, sent = size_t{0}](size_t, httplib::DataSink& sink) mutable {
                      std::string chunk(std::min<size_t>(64 * 1024, size - sent), ' ');
                      sent += chunk.size();
                      sink.write(chunk.data(), chunk.size());
                      if (sent == size) sink.done();
                      return true;
                    },
                    "application/json"),
                "POST " + path);
  }
  // Sends the body gzip-compressed (Content-Encoding: gzip).
  Answer PostCompressed(const std::string& path, const std::string& body) {
    http_.set_compress(true);
    Answer a = PostText(path, body);
    http_.set_compress(false);
    return a;
  }
  Answer Send(const std::string& method, const std::string& path) {
    httplib::Request req;
    req.method = method;
    req.path = path;
    return Read(http_.send(req), method + " " + path);
  }

 private:
  bool allow_unavailable_ = false;
  Answer Read(httplib::Result result, const std::string& what) {
    Answer a;
    if (!result) {
      ADD_FAILURE() << what << ": no answer (" << httplib::to_string(result.error()) << ")";
      return a;
    }
    a.status = result->status;
    a.raw = result->body;
    a.headers = result->headers;
    if (!allow_unavailable_) {
      EXPECT_LT(a.status, 500) << what << ": " << a;
    }
    std::string type = result->get_header_value("Content-Type");
    bool notice = what.find("/notices/") != what.npos && what.find("/verify/") == what.npos;
    bool receipt = what.find("/receipt") != what.npos;
    bool file = a.status == 200 && what.starts_with("GET ") &&
                (what.find("/documents/") != what.npos || notice || receipt);
    if (!file) {
      EXPECT_EQ(type, "application/json") << what;
      a.body = json::parse(a.raw, nullptr, /*allow_exceptions=*/false);
      EXPECT_FALSE(a.body.is_discarded()) << what << ": not JSON: " << a.raw.substr(0, 200);
    }
    return a;
  }

  httplib::Client http_;
};

// The password and authenticator secret of every account the tests create.
const std::string kPassword = "correct horse battery staple";
const std::string kTotpSecret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

json KzApplication() {
  return json::parse(R"({
    "jurisdiction": "KZ",
    "kind": "permanent-residence",
    "purpose": "family",
    "applicant": {
      "surname": "IVANOV",
      "givenNames": "IVAN",
      "nativeName": "Иванов Иван Иванович",
      "birthDate": "1990-04-12",
      "sex": "M",
      "citizenships": ["RUS"],
      "passport": {"number": "751234567", "issuingState": "RUS", "expiry": "2030-01-01"}
    }
  })");
}

httplib::MultipartFormDataItems NocUpload(const std::string& bytes) {
  return {{"kind", "no-objection-certificate", "", ""},
          {"issuingState", "RUS", "", ""},
          {"number", "NOC-2022-0042", "", ""},
          {"issued", "2022-09-20", "", ""},
          {"file", bytes, "certificate.pdf", "application/pdf"}};
}

class ApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ =
        fs::temp_directory_path() / ("tamga-api-" + std::to_string(getpid()) + "-" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    Start();
    ASSERT_TRUE(stack_);
    for (auto [name, role, scope] :
         std::vector<std::tuple<std::string, Role, std::vector<std::string>>>{
             {"officer.kz", Role::kOfficer, {"KZ"}},
             {"officer2.kz", Role::kOfficer, {"KZ"}},
             {"officer.lv", Role::kOfficer, {"LV"}},
             {"supervisor.kz", Role::kSupervisor, {"KZ"}},
             {"auditor", Role::kAuditor, {"*"}},
             {"author", Role::kPolicyAuthor, {"KZ"}},
             {"author2", Role::kPolicyAuthor, {"KZ"}},
             {"admin", Role::kAdmin, {}},
             {"aliya", Role::kApplicant, {}}}) {
      auto created = stack_->accounts->CreateAccount(
          name, kPassword, role, scope, {}, accounts::RequiresTotp(role) ? kTotpSecret : "");
      ASSERT_TRUE(created.has_value()) << created.error().message;
    }
  }

  void TearDown() override {
    client_.reset();
    stack_.reset();
    fs::remove_all(dir_);
  }

  void Start() {
    stack_ = StartStack(dir_, clock_, stack_options_);
    if (stack_) client_ = std::make_unique<Client>(stack_->port);
  }

  // Stops the server and starts a new one over the same data directory.
  void Restart() {
    client_.reset();
    stack_.reset();
    Start();
  }

  // Restarts the server over its own copy of the shipped policies, which publishing writes into;
  // returns the copy's folder.
  fs::path ServeOwnPolicies() {
    const fs::path policies = dir_ / "policies";
    fs::copy("policies", policies, fs::copy_options::recursive);
    client_.reset();
    stack_.reset();
    stack_ = StartStack(dir_, clock_, {.policies_dir = policies});
    if (stack_) client_ = std::make_unique<Client>(stack_->port);
    return policies;
  }

  std::string Login(const std::string& name) {
    // A one-time code logs in once (RFC 6238 5.2): accounts with one keep their first session.
    const bool totp =
        name == "supervisor.kz" || name == "author" || name == "author2" || name == "chief";
    if (totp && sessions_.contains(name)) return sessions_[name];
    std::string token = LoginOnce(name);
    if (totp) sessions_[name] = token;
    return token;
  }
  std::map<std::string, std::string> sessions_;

  std::string LoginOnce(const std::string& name) {
    // Every test account has the one-time-password secret; supervisors and authors must use it.
    Answer a = api().Post(
        "/api/v1/auth/login",
        json{{"name", name},
             {"password", kPassword},
             {"otp", accounts::TotpCode(kTotpSecret, std::chrono::system_clock::now())}});
    EXPECT_EQ(a.status, 200) << a;
    return a.body.value("token", "");
  }

  struct Submitted {
    std::string number;
    std::string code;
  };
  Submitted Submit(const json& application = KzApplication()) {
    Answer a = api().Post("/api/v1/applications", application);
    EXPECT_EQ(a.status, 201) << a;
    return {a.body.value("number", ""), a.body.value("accessCode", "")};
  }

  Client& api() { return *client_; }

  fs::path dir_;
  Clock clock_;
  StackOptions stack_options_;
  std::unique_ptr<Stack> stack_;
  std::unique_ptr<Client> client_;
};

std::set<std::string> RuleIds(const json& grounds) {
  std::set<std::string> ids;
  for (const json& g : grounds) ids.insert(g.value("ruleId", ""));
  return ids;
}

TEST_F(ApiTest, ApplicationFromSubmissionToApprovalAndAppealSurvivesRestart) {
  const std::string pdf = cases::DemoPdf("No-objection certificate");
  ASSERT_TRUE(pdf.starts_with("%PDF-"));

  // Submitted without the no-objection certificate, filed after the rule took effect.
  Answer submitted = api().Post("/api/v1/applications", KzApplication());
  ASSERT_EQ(submitted.status, 201) << submitted;
  const std::string number = submitted.body["number"];
  const std::string code = submitted.body["accessCode"];
  EXPECT_THAT(number, ::testing::StartsWith("KZ-2022-"));
  EXPECT_FALSE(code.empty());
  EXPECT_EQ(submitted.Header("Location"), "/api/v1/applications/" + number);
  EXPECT_EQ(submitted.body["state"], "awaiting-documents");
  const json& decision = submitted.body["decision"];
  EXPECT_EQ(decision["outcome"], "documents-missing");
  EXPECT_EQ(decision["missingDocuments"], json::array({"no-objection-certificate"}));
  EXPECT_EQ(decision["policyVersion"], "KZ/permanent-residence/2022-09-22");
  bool cited = false;
  for (const json& g : decision["grounds"]) {
    if (g["ruleId"] == "kz-pr-noc") cited = !g["citation"].get<std::string>().empty();
  }
  EXPECT_TRUE(cited) << decision.dump(2);

  // The applicant looks it up.
  Answer status = api().Get("/api/v1/status/" + number + "?code=" + code);
  ASSERT_EQ(status.status, 200) << status;
  EXPECT_EQ(status.body["state"], "awaiting-documents");
  EXPECT_EQ(status.body["decision"]["missingDocuments"], json::array({"no-objection-certificate"}));

  // ... uploads the certificate, and the case is re-decided eligible.
  Answer uploaded = api().Upload("/api/v1/applications/" + number + "/documents", NocUpload(pdf),
                                 AccessCode(code));
  ASSERT_EQ(uploaded.status, 201) << uploaded;
  EXPECT_EQ(uploaded.body["case"]["state"], "ready-for-review");
  EXPECT_EQ(uploaded.body["case"]["decision"]["outcome"], "eligible");
  EXPECT_EQ(uploaded.body["document"]["contentType"], "application/pdf");
  EXPECT_EQ(uploaded.body["document"]["size"], pdf.size());
  const int64_t document_id = uploaded.body["document"]["id"];

  // An officer of KZ claims, validates and approves.
  const std::string officer = Login("officer.kz");
  Answer read = api().Get("/api/v1/applications/" + number, Bearer(officer));
  ASSERT_EQ(read.status, 200) << read;
  EXPECT_EQ(read.body["application"]["applicant"]["nativeName"], "Иванов Иван Иванович");
  Answer file =
      api().Get("/api/v1/applications/" + number + "/documents/" + std::to_string(document_id),
                Bearer(officer));
  ASSERT_EQ(file.status, 200);
  EXPECT_EQ(file.raw, pdf);
  EXPECT_EQ(file.Header("Content-Type"), "application/pdf");

  const std::string cases = "/api/v1/cases/" + number;
  Answer claimed = api().PostText(cases + "/claim", "", Bearer(officer));
  ASSERT_EQ(claimed.status, 200) << claimed;
  EXPECT_EQ(claimed.body["assignedOfficer"], "officer.kz");
  EXPECT_EQ(api().PostText(cases + "/claim", "", Bearer(Login("officer2.kz"))).status, 409);
  Answer validated = api().PostText(cases + "/validate", "{}", Bearer(officer));
  ASSERT_EQ(validated.status, 200) << validated;
  EXPECT_EQ(validated.body["state"], "validated");
  EXPECT_FALSE(validated.body.contains("assignedOfficer") &&
               validated.body["assignedOfficer"] == "officer.kz")
      << validated;
  // Four eyes (issue 9): the officer who validated does not approve alone.
  ASSERT_EQ(api().PostText(cases + "/claim", "", Bearer(officer)).status, 200);
  Answer alone =
      api().Post(cases + "/approve", json{{"reason", "all documents in order"}}, Bearer(officer));
  ASSERT_EQ(alone.status, 403) << alone;
  EXPECT_EQ(alone.body["error"]["field"], "officer");
  ASSERT_EQ(api().PostText(cases + "/release", "", Bearer(officer)).status, 200);
  const std::string second_officer = Login("officer2.kz");
  ASSERT_EQ(api().PostText(cases + "/claim", "", Bearer(second_officer)).status, 200);
  Answer approved = api().Post(cases + "/approve", json{{"reason", "all documents in order"}},
                               Bearer(second_officer));
  ASSERT_EQ(approved.status, 200) << approved;
  EXPECT_EQ(approved.body["state"], "approved");

  // The applicant sees the approval, and no officer's name.
  status = api().Post("/api/v1/status", json{{"number", number}, {"accessCode", code}});
  ASSERT_EQ(status.status, 200) << status;
  EXPECT_EQ(status.body["state"], "approved");
  EXPECT_THAT(status.raw, Not(HasSubstr("officer.kz")));
  std::set<std::string> movers;
  for (const json& t : status.body["history"]) movers.insert(t["by"]);
  EXPECT_EQ(movers, (std::set<std::string>{"applicant", "system", "authority"}));

  // A second application is refused, appealed, and the appeal upheld.
  Submitted second = Submit();
  const std::string second_cases = "/api/v1/cases/" + second.number;
  ASSERT_EQ(api()
                .Upload("/api/v1/applications/" + second.number + "/documents", NocUpload(pdf),
                        AccessCode(second.code))
                .status,
            201);
  ASSERT_EQ(api().PostText(second_cases + "/claim", "", Bearer(officer)).status, 200);
  ASSERT_EQ(api().PostText(second_cases + "/validate", "", Bearer(officer)).status, 200);
  ASSERT_EQ(api().PostText(second_cases + "/claim", "", Bearer(officer)).status, 200);
  json refusal = {{"grounds",
                   {{{"ruleId", "kz-officer-authenticity"},
                     {"reason", "The certificate could not be verified with its issuer."},
                     {"citation", "Law 'On Migration of the Population', art. 49 (modelled)"}}}}};
  Answer refused = api().Post(second_cases + "/refuse", refusal, Bearer(officer));
  ASSERT_EQ(refused.status, 200) << refused;
  EXPECT_EQ(refused.body["state"], "refused");
  status = api().Get("/api/v1/status/" + second.number + "?code=" + second.code);
  EXPECT_EQ(status.body["state"], "refused");
  EXPECT_EQ(RuleIds(status.body["refusalGrounds"]),
            std::set<std::string>{"kz-officer-authenticity"});

  Answer appealed =
      api().Post("/api/v1/applications/" + second.number + "/appeal",
                 json{{"reason", "The issuer confirms the certificate; letter attached."}},
                 AccessCode(second.code));
  ASSERT_EQ(appealed.status, 200) << appealed;
  EXPECT_EQ(appealed.body["state"], "appealed");
  // Four eyes: the refusing officer does not take the appeal.
  Answer own = api().PostText(second_cases + "/claim", "", Bearer(officer));
  ASSERT_EQ(own.status, 403) << own;
  ASSERT_EQ(api().PostText(second_cases + "/claim", "", Bearer(second_officer)).status, 200);
  Answer upheld = api().Post(second_cases + "/appeal-decision",
                             json{{"upheld", true}, {"reason", "the issuer confirmed it"}},
                             Bearer(second_officer));
  ASSERT_EQ(upheld.status, 200) << upheld;
  EXPECT_EQ(upheld.body["state"], "appeal-upheld");

  // A new server over the same data directory has all of it: cases, documents, accounts, tokens.
  Restart();
  ASSERT_TRUE(stack_);
  status = api().Get("/api/v1/status/" + number + "?code=" + code);
  EXPECT_EQ(status.body["state"], "approved") << status;
  status = api().Get("/api/v1/status/" + second.number + "?code=" + second.code);
  EXPECT_EQ(status.body["state"], "appeal-upheld") << status;
  read = api().Get("/api/v1/applications/" + number, Bearer(officer));
  ASSERT_EQ(read.status, 200) << read;
  EXPECT_EQ(read.body["state"], "approved");
  file = api().Get("/api/v1/applications/" + number + "/documents/" + std::to_string(document_id),
                   AccessCode(code));
  EXPECT_EQ(file.raw, pdf);
  Answer list = api().Get("/api/v1/cases", Bearer(officer));
  ASSERT_EQ(list.status, 200) << list;
  EXPECT_EQ(list.body["total"], 2);

  // The audit trail holds every step, reads included.
  Answer trail = api().Get(cases + "/audit", Bearer(Login("auditor")));
  ASSERT_EQ(trail.status, 200) << trail;
  std::set<std::string> actions;
  for (const json& e : trail.body["entries"]) actions.insert(e["action"]);
  for (const char* action : {"case.submit", "document.upload", "case.claim", "case.validate",
                             "case.approve", "case.read", "document.read"}) {
    EXPECT_TRUE(actions.contains(action)) << action << " missing from " << trail.raw;
  }
}

TEST_F(ApiTest, BadApplicationsAreRefusedNamingTheField) {
  struct Bad {
    std::string name;
    std::function<void(json&)> change;
    std::string field;
  };
  std::vector<Bad> bad = {
      {"wrong type of a date", [](json& a) { a["applicant"]["birthDate"] = 19900412; },
       "applicant.birthDate"},
      {"wrong type of a list", [](json& a) { a["applicant"]["citizenships"] = "RUS"; },
       "applicant.citizenships"},
      {"wrong type in a list",
       [](json& a) {
         a["applicant"]["citizenships"] = {"RUS", 7};
       },
       "applicant.citizenships[1]"},
      {"wrong type of an object", [](json& a) { a["applicant"]["passport"] = "751234567"; },
       "applicant.passport"},
      {"unknown jurisdiction", [](json& a) { a["jurisdiction"] = "XX"; }, "jurisdiction"},
      {"unknown kind", [](json& a) { a["kind"] = "golden-visa"; }, "kind"},
      {"kind of another jurisdiction", [](json& a) { a["kind"] = "visa"; }, "kind"},
      // The authority fixes the filing date; an applicant cannot choose the law by back-dating.
      {"a filing date from the applicant", [](json& a) { a["filingDate"] = "2022-09-21"; },
       "filingDate"},
      {"a receipt time from the applicant",
       [](json& a) {
         a["received"] = {{"at", "2022-09-21T10:00:00+06:00"}, {"reason", "paper"}};
       },
       "received"},
      {"unknown purpose code", [](json& a) { a["purpose"] = "Humanitarian"; }, "purpose"},
      {"no purpose", [](json& a) { a.erase("purpose"); }, "purpose"},
      {"a citizen of the deciding state",
       [](json& a) {
         a["applicant"]["citizenships"] = {"RUS", "KAZ"};
       },
       "applicant.citizenships[1]"},
      {"citizenship not a state code", [](json& a) { a["applicant"]["citizenships"] = {"RUX"}; },
       "applicant.citizenships[0]"},
      {"notice language", [](json& a) { a["language"] = "de"; }, "language"},
      {"no such day, nested", [](json& a) { a["applicant"]["passport"]["expiry"] = "2022-02-30"; },
       "applicant.passport.expiry"},
      {"not a date", [](json& a) { a["applicant"]["birthDate"] = "12.04.1990"; },
       "applicant.birthDate"},
      {"missing field", [](json& a) { a["applicant"].erase("surname"); }, "applicant.surname"},
      {"empty field", [](json& a) { a["applicant"]["surname"] = " "; }, "applicant.surname"},
      {"unknown field", [](json& a) { a["applicant"]["nickname"] = "Vanya"; },
       "applicant.nickname"},
      {"documents inline", [](json& a) { a["documents"] = json::array(); }, "documents"},
      {"sex outside M, F, X", [](json& a) { a["applicant"]["sex"] = "Q"; }, "applicant.sex"},
      {"citizenship not ICAO", [](json& a) { a["applicant"]["citizenships"] = {"Russia"}; },
       "applicant.citizenships[0]"},
      {"overlong text", [](json& a) { a["applicant"]["surname"] = std::string(5000, 'A'); },
       "applicant.surname"},
  };
  for (const Bad& b : bad) {
    json application = KzApplication();
    b.change(application);
    Answer a = api().Post("/api/v1/applications", application);
    if (b.field == "received") {
      EXPECT_EQ(a.status, 403) << b.name << ": " << a;
      EXPECT_EQ(a.ErrorField(), b.field) << b.name << ": " << a;
      continue;
    }
    EXPECT_EQ(a.status, 400) << b.name << ": " << a;
    EXPECT_EQ(a.ErrorField(), b.field) << b.name << ": " << a;
    EXPECT_EQ(a.ErrorCode(), "invalid") << b.name;
  }

  struct BadBody {
    std::string name;
    std::string body;
    int status;
    std::string field;
  };
  std::string text = KzApplication().dump();
  std::string invalid_utf8 = text;
  invalid_utf8.replace(invalid_utf8.find("IVANOV"), 6, "IV\xC3\x28NOV");
  std::string overlong_utf8 = text;
  overlong_utf8.replace(overlong_utf8.find("IVANOV"), 6, "IV\xC0\xAFNOV");
  std::vector<BadBody> bodies = {
      {"malformed JSON", R"({"jurisdiction": "KZ", )", 400, "body"},
      {"not an object", "[1, 2, 3]", 400, "body"},
      {"trailing garbage", text + "}", 400, "body"},
      {"invalid UTF-8", invalid_utf8, 400, "body"},
      {"overlong UTF-8", overlong_utf8, 400, "body"},
      {"lone surrogate escape", R"({"jurisdiction": "\ud800"})", 400, "body"},
      {"deep nesting", std::string(100000, '[') + std::string(100000, ']'), 400, "body"},
      {"empty body", "", 400, "jurisdiction"},
      {"JSON over its limit", R"({"x": ")" + std::string(2 * 1024 * 1024, 'a') + R"("})", 413,
       "body"},
      {"body over the payload limit", std::string(13 * 1024 * 1024, ' '), 413, "body"},
  };
  for (const BadBody& b : bodies) {
    Answer a = api().PostText("/api/v1/applications", b.body);
    EXPECT_EQ(a.status, b.status) << b.name << ": " << a;
    EXPECT_EQ(a.ErrorField(), b.field) << b.name << ": " << a;
  }

  Answer form = api().Upload("/api/v1/applications", {{"jurisdiction", "KZ", "", ""}});
  EXPECT_EQ(form.status, 415) << form;

  // Nothing of it was stored.
  Answer list = api().Get("/api/v1/cases", Bearer(Login("officer.kz")));
  EXPECT_EQ(list.body["total"], 0) << list;
}

TEST_F(ApiTest, BadUploadsAreRefusedNamingTheField) {
  Submitted s = Submit();
  const std::string path = "/api/v1/applications/" + s.number + "/documents";
  const std::string pdf = cases::DemoPdf("certificate");

  auto with = [&](std::string name, std::string value) {
    httplib::MultipartFormDataItems items = NocUpload(pdf);
    for (auto& item : items) {
      if (item.name == name) item.content = value;
    }
    return items;
  };
  struct Bad {
    std::string name;
    httplib::MultipartFormDataItems items;
    int status;
    std::string field;
  };
  std::string too_big = "%PDF-1.4\n" + std::string(cases::kMaxDocumentBytes, 'x');
  std::vector<Bad> bad = {
      {"not a PDF, JPEG or PNG", with("file", "MZ\x90\x00 an executable"), 415, "file"},
      {"a PDF in name only", with("file", "<html>%PDF-</html>"), 415, "file"},
      {"file over 10 MiB", with("file", too_big), 413, "file"},
      {"empty file", with("file", ""), 400, "file"},
      {"no such day", with("issued", "2022-02-30"), 400, "issued"},
      {"no kind", with("kind", ""), 400, "kind"},
      {"issuing state not ISO 3166 alpha-3", with("issuingState", "RU"), 400, "issuingState"},
      {"issuing state that is no state", with("issuingState", "XYZ"), 400, "issuingState"},
      {"expires before it was issued",
       [&] {
         auto items = NocUpload(pdf);
         items.push_back({"expires", "2022-09-01", "", ""});  // issued 2022-09-20
         return items;
       }(),
       400, "expires"},
      {"issued in the future", with("issued", "2022-10-04"), 400, "issued"},
      {"a certificate for someone born on another day",
       [&] {
         auto items = NocUpload(pdf);
         items.push_back({"holderBirthDate", "1985-01-01", "", ""});
         return items;
       }(),
       400, "holderBirthDate"},
      {"a certificate for another person",
       [&] {
         auto items = NocUpload(pdf);
         items.push_back({"holderName", "Петров Пётр Петрович", "", ""});
         return items;
       }(),
       400, "holderName"},
      {"invalid UTF-8 in a field", with("number", "NOC-\xFF"), 400, "number"},
      {"unknown form field",
       [&] {
         auto items = NocUpload(pdf);
         items.push_back({"comment", "hello", "", ""});
         return items;
       }(),
       400, "comment"},
      {"a field given twice",
       [&] {
         auto items = NocUpload(pdf);
         items.push_back({"kind", "passport", "", ""});
         return items;
       }(),
       400, "kind"},
      {"overlong form field", with("number", std::string(5000, '7')), 413, "number"},
  };
  for (const Bad& b : bad) {
    Answer a = api().Upload(path, b.items, AccessCode(s.code));
    EXPECT_EQ(a.status, b.status) << b.name << ": " << a;
    EXPECT_EQ(a.ErrorField(), b.field) << b.name << ": " << a;
  }

  EXPECT_EQ(api().PostText(path, "{}", AccessCode(s.code)).status, 415);
  Answer no_code = api().Upload(path, NocUpload(pdf));
  EXPECT_EQ(no_code.status, 401) << no_code;
  Answer wrong_code = api().Upload(path, NocUpload(pdf), AccessCode("WRONG"));
  EXPECT_EQ(wrong_code.status, 404) << wrong_code;
  EXPECT_EQ(wrong_code.ErrorField(), "X-Access-Code");

  // The case still waits for its certificate; a good upload after all of that goes through.
  Answer status = api().Get("/api/v1/status/" + s.number + "?code=" + s.code);
  EXPECT_EQ(status.body["state"], "awaiting-documents");
  EXPECT_EQ(status.body["documents"].size(), 0u);
  EXPECT_EQ(api().Upload(path, NocUpload(pdf), AccessCode(s.code)).status, 201);
}

// Issue 14, save and return: the web form keeps an unfinished application on the server under a
// reference and an access code given once, and deletes it after submission.
TEST_F(ApiTest, AnUnfinishedApplicationIsSavedAndResumedWithItsAccessCode) {
  const json answers = {{"jurisdiction", "KZ"}, {"surname", "ИВАНОВ"}, {"step", "passport"}};
  Answer saved = api().Post("/api/v1/drafts", {{"answers", answers}});
  ASSERT_EQ(saved.status, 201) << saved;
  const std::string reference = saved.body["reference"], code = saved.body["accessCode"];
  EXPECT_EQ(reference.substr(0, 3), "DR-");
  const std::string path = "/api/v1/drafts/" + reference;

  Answer read = api().Get(path, AccessCode(code));
  ASSERT_EQ(read.status, 200) << read;
  EXPECT_EQ(read.body["answers"], answers);
  EXPECT_FALSE(read.body.contains("accessCode"));
  EXPECT_EQ(read.body["expiresAt"], saved.body["expiresAt"]);

  Answer again = api().Post(path, {{"answers", {{"surname", "PETROV"}}}}, AccessCode(code));
  ASSERT_EQ(again.status, 200) << again;
  EXPECT_FALSE(again.body.contains("accessCode"));
  EXPECT_EQ(api().Get(path, AccessCode(code)).body["answers"]["surname"], "PETROV");

  // Without the code, with a wrong one, for an unknown reference, and with staff credentials.
  EXPECT_EQ(api().Get(path).status, 401);
  Answer wrong = api().Get(path, AccessCode("WRONGCODE2"));
  EXPECT_EQ(wrong.status, 404) << wrong;
  EXPECT_EQ(wrong.ErrorField(), "reference");
  Answer unknown = api().Get("/api/v1/drafts/DR-2222-2222", AccessCode(code));
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.body["error"]["message"], wrong.body["error"]["message"]);
  EXPECT_EQ(api().Get(path, Bearer(Login("officer.kz"))).status, 403);

  // Bad bodies name the field.
  EXPECT_EQ(api().Post("/api/v1/drafts", json::object()).ErrorField(), "answers");
  EXPECT_EQ(api().Post("/api/v1/drafts", {{"answers", "text"}}).ErrorField(), "answers");
  EXPECT_EQ(api().Post("/api/v1/drafts", {{"answers", json::object()}, {"x", 1}}).ErrorField(),
            "x");
  Answer big = api().Post("/api/v1/drafts", {{"answers", {{"notes", std::string(70000, 'a')}}}});
  EXPECT_EQ(big.status, 413) << big;
  EXPECT_EQ(big.ErrorField(), "answers");

  Answer discarded = api().PostText(path + "/discard", "", AccessCode(code));
  ASSERT_EQ(discarded.status, 200) << discarded;
  EXPECT_EQ(api().Get(path, AccessCode(code)).status, 404);
}

TEST_F(ApiTest, BadQueriesAndPathsAreRefusedNamingTheParameter) {
  const std::string officer = Login("officer.kz");
  struct Bad {
    std::string path;
    int status;
    std::string field;
  };
  std::vector<Bad> bad = {
      {"/api/v1/cases?state=lost", 400, "state"},
      {"/api/v1/cases?kind=golden-visa", 400, "kind"},
      {"/api/v1/cases?citizenship=ru", 400, "citizenship"},
      {"/api/v1/cases?jurisdiction=XX", 400, "jurisdiction"},
      {"/api/v1/cases?jurisdiction=LV", 403, "jurisdiction"},
      {"/api/v1/cases?overdue=yes", 400, "overdue"},
      {"/api/v1/cases?page=0", 400, "page"},
      {"/api/v1/cases?page=1e3", 400, "page"},
      {"/api/v1/cases?pageSize=1000", 400, "pageSize"},
      {"/api/v1/cases?sate=validated", 400, "sate"},
      {"/api/v1/cases?state=validated&state=approved", 400, "state"},
      {"/api/v1/cases?citizenship=%FF%FE%FD", 400, "citizenship"},
      {"/api/v1/applications/%FF", 400, "path"},
      {"/api/v1/applications/nonsense", 404, "number"},
      {"/api/v1/applications/KZ-2022-999999", 404, ""},
      {"/api/v1/policies/KZ/permanent-residence/in-force?date=2022-02-30", 400, "date"},
      {"/api/v1/policies/KZ/permanent-residence/in-force", 400, "date"},
      {"/api/v1/policies/KZ/permanent-residence/in-force?date=1900-01-01", 404, "date"},
      {"/api/v1/policies/XX/permanent-residence/in-force?date=2022-09-26", 404, "jurisdiction"},
      {"/api/v1/policies/KZ/golden-visa/in-force?date=2022-09-26", 404, "kind"},
  };
  for (const Bad& b : bad) {
    Answer a = api().Get(b.path, Bearer(officer));
    EXPECT_EQ(a.status, b.status) << b.path << ": " << a;
    if (!b.field.empty()) {
      EXPECT_EQ(a.ErrorField(), b.field) << b.path << ": " << a;
    }
  }

  // The officer actions check their bodies as strictly.
  Submitted s = Submit();
  const std::string cases = "/api/v1/cases/" + s.number;
  ASSERT_EQ(api().PostText(cases + "/claim", "", Bearer(officer)).status, 200);
  struct BadAction {
    std::string action;
    json body;
    std::string field;
  };
  std::vector<BadAction> actions = {
      {"claim", {{"force", true}}, "force"},
      {"request-documents", {{"kinds", "passport"}, {"reason", "x"}}, "kinds"},
      {"request-documents", {{"kinds", json::array()}, {"reason", "x"}}, "kinds"},
      {"request-documents", {{"kinds", {"passport"}}}, "reason"},
      {"refuse",
       {{"grounds", {{{"ruleId", "r"}, {"reason", 7}, {"citation", "c"}}}}},
       "grounds[0].reason"},
      {"refuse", json::object(), "grounds"},
      {"appeal-decision", {{"upheld", "yes"}, {"reason", "r"}}, "upheld"},
      {"approve", {{"reason", false}}, "reason"},
      {"withdraw", json::object(), "reason"},
  };
  for (const BadAction& b : actions) {
    Answer a = api().Post(cases + "/" + b.action, b.body, Bearer(officer));
    EXPECT_EQ(a.status, 400) << b.action << " " << b.body << ": " << a;
    EXPECT_EQ(a.ErrorField(), b.field) << b.action << ": " << a;
  }
  // And the lifecycle: a case awaiting documents cannot be approved.
  Answer early = api().PostText(cases + "/approve", "", Bearer(officer));
  EXPECT_EQ(early.status, 409) << early;
}

TEST_F(ApiTest, EveryRouteChecksRoleAndJurisdiction) {
  Submitted s = Submit();
  const std::string application = "/api/v1/applications/" + s.number;
  const std::string cases = "/api/v1/cases/" + s.number;

  // No token, or a bad one.
  Answer anonymous = api().PostText(cases + "/approve", "{}");
  EXPECT_EQ(anonymous.status, 401) << anonymous;
  EXPECT_EQ(anonymous.Header("WWW-Authenticate"), "Bearer");
  EXPECT_EQ(api().Get(application).status, 401);
  EXPECT_EQ(api().Get("/api/v1/cases").status, 401);
  EXPECT_EQ(api().Get(application, Bearer("made-up-token")).status, 401);
  EXPECT_EQ(api().Get(application, {{"Authorization", "Basic b2ZmaWNlcjpwYXNz"}}).status, 401);

  // An officer of Latvia cannot touch a case of Kazakhstan.
  const std::string lv = Login("officer.lv");
  Answer foreign = api().Get(application, Bearer(lv));
  EXPECT_EQ(foreign.status, 403) << foreign;
  EXPECT_EQ(foreign.ErrorField(), "jurisdiction");
  EXPECT_THAT(foreign.body["error"]["message"].get<std::string>(), HasSubstr("KZ"));
  EXPECT_EQ(api().PostText(cases + "/claim", "", Bearer(lv)).status, 403);
  EXPECT_EQ(
      api().Upload(application + "/documents", NocUpload(cases::DemoPdf("x")), Bearer(lv)).status,
      403);
  Answer lv_list = api().Get("/api/v1/cases", Bearer(lv));
  EXPECT_EQ(lv_list.body["total"], 0) << lv_list;
  json lv_application = KzApplication();
  EXPECT_EQ(api().Post("/api/v1/applications", lv_application, Bearer(lv)).status, 403);

  // Roles: an applicant's account cannot approve; a supervisor reads but does not act; a policy
  // author and an admin see no cases; officers (in scope), auditors and supervisors read audit
  // trails.
  Answer applicant = api().PostText(cases + "/approve", "{}", Bearer(Login("aliya")));
  EXPECT_EQ(applicant.status, 403) << applicant;
  EXPECT_EQ(applicant.ErrorField(), "role");
  const std::string supervisor = Login("supervisor.kz");
  EXPECT_EQ(api().Get(application, Bearer(supervisor)).status, 200);
  EXPECT_EQ(api().Get("/api/v1/cases", Bearer(supervisor)).status, 200);
  EXPECT_EQ(api().PostText(cases + "/claim", "", Bearer(supervisor)).status, 403);
  EXPECT_EQ(api().Get(cases + "/audit", Bearer(supervisor)).status, 200);
  const std::string author = Login("author");
  EXPECT_EQ(api().Get("/api/v1/cases", Bearer(author)).status, 403);
  EXPECT_EQ(api().Get("/api/v1/policies", Bearer(author)).status, 200);
  const std::string officer = Login("officer.kz");
  Answer officer_audit = api().Get(cases + "/audit", Bearer(officer));
  EXPECT_EQ(officer_audit.status, 200) << officer_audit;
  EXPECT_EQ(officer_audit.body["entries"].front()["action"], "case.submit") << officer_audit;
  Answer foreign_audit = api().Get(cases + "/audit", Bearer(lv));
  EXPECT_EQ(foreign_audit.status, 403) << foreign_audit;
  EXPECT_EQ(foreign_audit.ErrorField(), "jurisdiction");
  EXPECT_EQ(api().Get(application, Bearer(Login("auditor"))).status, 200);
  EXPECT_EQ(api().Get(application, Bearer(Login("admin"))).status, 403);

  // The applicant's routes take the access code, not an account.
  EXPECT_EQ(api().Post(application + "/appeal", json{{"reason", "r"}}, Bearer(officer)).status,
            403);
  Answer wrong = api().Get("/api/v1/status/" + s.number + "?code=WRONG");
  EXPECT_EQ(wrong.status, 404) << wrong;
  EXPECT_EQ(wrong.ErrorField(), "code");
  EXPECT_EQ(api().Get("/api/v1/status/KZ-2022-999999?code=" + s.code).status, 404);
  EXPECT_EQ(api().Get("/api/v1/status/" + s.number).status, 400);

  // Accounts are the admin's.
  const std::string admin = Login("admin");
  EXPECT_EQ(api().Get("/api/v1/accounts", Bearer(officer)).status, 403);
  Answer accounts = api().Get("/api/v1/accounts", Bearer(admin));
  ASSERT_EQ(accounts.status, 200) << accounts;
  EXPECT_EQ(accounts.body["accounts"].size(), 9u);
  EXPECT_THAT(accounts.raw, Not(HasSubstr("argon2")));
  json officer_lv2 = {{"name", "officer2.lv"},
                      {"password", "a long passphrase"},
                      {"role", "officer"},
                      {"jurisdictions", {"LV"}}};
  EXPECT_EQ(api().Post("/api/v1/accounts", officer_lv2, Bearer(admin)).status, 201);
  EXPECT_EQ(api().Post("/api/v1/accounts", officer_lv2, Bearer(admin)).status, 409);
  officer_lv2["name"] = "officer3.lv";
  officer_lv2["role"] = "consul";
  Answer bad_role = api().Post("/api/v1/accounts", officer_lv2, Bearer(admin));
  EXPECT_EQ(bad_role.ErrorField(), "role") << bad_role;
  officer_lv2["role"] = "officer";
  officer_lv2["jurisdictions"] = {"ATLANTIS"};
  EXPECT_EQ(api().Post("/api/v1/accounts", officer_lv2, Bearer(admin)).ErrorField(),
            "jurisdictions[0]");

  // Wrong passwords, and logging out.
  Answer refused =
      api().Post("/api/v1/auth/login", json{{"name", "officer.kz"}, {"password", "correct horse"}});
  EXPECT_EQ(refused.status, 401) << refused;
  Answer unknown = api().Post("/api/v1/auth/login", json{{"name", "nobody"}, {"password", "x"}});
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(unknown.body["error"]["message"], refused.body["error"]["message"]);
  EXPECT_EQ(api().PostText("/api/v1/auth/logout", "", Bearer(officer)).status, 200);
  EXPECT_EQ(api().Get(application, Bearer(officer)).status, 401);
}

TEST_F(ApiTest, CaseListFiltersWithinScope) {
  const std::string officer = Login("officer.kz");
  Submitted first = Submit();
  json belarusian = KzApplication();
  belarusian["applicant"]["citizenships"] = {"BLR"};
  belarusian["applicant"]["passport"]["issuingState"] = "BLR";
  Submitted second = Submit(belarusian);
  json lv = KzApplication();
  lv["jurisdiction"] = "LV";
  lv["kind"] = "visa";
  Submit(lv);

  auto numbers = [&](const std::string& query) {
    Answer a = api().Get("/api/v1/cases" + query, Bearer(officer));
    EXPECT_EQ(a.status, 200) << query << ": " << a;
    std::set<std::string> out;
    for (const json& c : a.body["cases"]) out.insert(c["number"]);
    return out;
  };
  EXPECT_EQ(numbers(""), (std::set<std::string>{first.number, second.number}));
  EXPECT_EQ(numbers("?citizenship=BLR"), std::set<std::string>{second.number});
  EXPECT_EQ(numbers("?state=awaiting-documents&kind=permanent-residence&jurisdiction=KZ"),
            (std::set<std::string>{first.number, second.number}));
  EXPECT_EQ(numbers("?state=approved"), std::set<std::string>{});
  EXPECT_EQ(numbers("?overdue=true"), std::set<std::string>{});
  Answer page = api().Get("/api/v1/cases?page=2&pageSize=1", Bearer(officer));
  EXPECT_EQ(page.body["total"], 2);
  EXPECT_EQ(page.body["cases"].size(), 1u);
  EXPECT_EQ(page.body["page"], 2);

  // Past the statutory deadline (60 days from 2022-10-03) both are overdue.
  clock_.Set("2022-12-10T09:00:00.000Z");
  EXPECT_EQ(numbers("?overdue=true"), (std::set<std::string>{first.number, second.number}));
}

// Issue 14, the work queue: "my cases" (assignee=me), claimable cases, "next case", a
// supervisor's assignment (an officer of the case's jurisdiction, a reason to take a held case)
// and internal notes, which the applicant never sees. Bad input names its field.
TEST_F(ApiTest, TheWorkQueueAssignsClaimsNextAndKeepsNotesInternal) {
  const std::string officer = Login("officer.kz");
  const std::string officer2 = Login("officer2.kz");
  const std::string supervisor = Login("supervisor.kz");
  Submitted first = Submit();
  Submitted second = Submit();
  auto numbers = [&](const std::string& query, const std::string& token) {
    Answer a = api().Get("/api/v1/cases" + query, Bearer(token));
    EXPECT_EQ(a.status, 200) << query << ": " << a;
    std::vector<std::string> out;
    for (const json& c : a.body["cases"]) out.push_back(c["number"]);
    return out;
  };

  Answer next = api().PostText("/api/v1/cases/next", "", Bearer(officer));
  ASSERT_EQ(next.status, 200) << next;
  EXPECT_EQ(next.body["number"], first.number);
  EXPECT_EQ(next.body["assignedOfficer"], "officer.kz");
  EXPECT_EQ(numbers("?assignee=me", officer), std::vector<std::string>{first.number});
  EXPECT_EQ(numbers("?claimable=true", officer2), std::vector<std::string>{second.number});
  EXPECT_EQ(numbers("?assignee=officer.kz", supervisor), std::vector<std::string>{first.number});
  Answer nosy = api().Get("/api/v1/cases?assignee=officer.kz", Bearer(officer2));
  EXPECT_EQ(nosy.status, 403) << nosy;
  EXPECT_EQ(nosy.ErrorField(), "assignee");
  EXPECT_EQ(api().Get("/api/v1/cases?claimable=yes", Bearer(officer)).ErrorField(), "claimable");
  EXPECT_EQ(api().PostText("/api/v1/cases/next", "", Bearer(supervisor)).status, 403);

  const std::string cases = "/api/v1/cases/" + first.number;
  // Assignment: a supervisor's, to an officer of KZ, with a reason to take a held case.
  EXPECT_EQ(api().Post(cases + "/assign", json{{"officer", "officer2.kz"}}, Bearer(officer)).status,
            403);
  Answer silent =
      api().Post(cases + "/assign", json{{"officer", "officer2.kz"}}, Bearer(supervisor));
  EXPECT_EQ(silent.status, 400) << silent;
  EXPECT_EQ(silent.ErrorField(), "reason");
  EXPECT_EQ(api()
                .Post(cases + "/assign", json{{"officer", "officer.lv"}, {"reason", "r"}},
                      Bearer(supervisor))
                .ErrorField(),
            "officer");
  EXPECT_EQ(
      api()
          .Post(cases + "/assign", json{{"officer", "nobody"}, {"reason", "r"}}, Bearer(supervisor))
          .ErrorField(),
      "officer");
  EXPECT_EQ(api()
                .Post(cases + "/assign", json{{"officer", "officer2.kz"}, {"why", "r"}},
                      Bearer(supervisor))
                .status,
            400);
  Answer moved = api().Post(cases + "/assign",
                            json{{"officer", "officer2.kz"}, {"reason", "officer.kz is on leave"}},
                            Bearer(supervisor));
  ASSERT_EQ(moved.status, 200) << moved;
  EXPECT_EQ(moved.body["assignedOfficer"], "officer2.kz");
  EXPECT_EQ(numbers("?assignee=me", officer), std::vector<std::string>{});

  // Notes: added by staff, on the staff's view, not in the applicant's.
  Answer empty = api().Post(cases + "/notes", json{{"text", ""}}, Bearer(officer2));
  EXPECT_EQ(empty.status, 400) << empty;
  EXPECT_EQ(empty.ErrorField(), "text");
  Answer noted = api().Post(cases + "/notes", json{{"text", "Consulate called back: NOC sent."}},
                            Bearer(officer2));
  ASSERT_EQ(noted.status, 200) << noted;
  ASSERT_EQ(noted.body["internalNotes"].size(), 1u);
  EXPECT_EQ(noted.body["internalNotes"][0]["author"], "officer2.kz");
  EXPECT_EQ(api().Post(cases + "/notes", json{{"text", "x"}}, Bearer(Login("officer.lv"))).status,
            403);
  Answer seen = api().Get("/api/v1/status/" + first.number + "?code=" + first.code);
  ASSERT_EQ(seen.status, 200) << seen;
  EXPECT_THAT(seen.raw, Not(HasSubstr("Consulate called back")));
  EXPECT_THAT(seen.raw, Not(HasSubstr("internal note")));
  // Who holds the case and why it moved stay with the staff: the applicant's history has the step
  // as a code to say in their language, without names or the supervisor's reason.
  EXPECT_THAT(seen.raw, Not(HasSubstr("officer2.kz")));
  EXPECT_THAT(seen.raw, Not(HasSubstr("on leave")));
  bool assigned = false;
  for (const json& step : seen.body["history"]) {
    if (step.value("action", "") != "case.assign") continue;
    assigned = true;
    EXPECT_FALSE(step.contains("note")) << step;
    EXPECT_FALSE(step.contains("params")) << step;
    EXPECT_EQ(step["by"], "authority");
  }
  EXPECT_TRUE(assigned) << seen;
  // The staff's view keeps every part of the step.
  Answer staff = api().Get("/api/v1/applications/" + first.number, Bearer(supervisor));
  ASSERT_EQ(staff.status, 200) << staff;
  bool kept = false;
  for (const json& step : staff.body["history"]) {
    if (step.value("action", "") != "case.assign") continue;
    kept = step.value("note", "") == "officer.kz is on leave" &&
           step["params"].value("officer", "") == "officer2.kz" &&
           step["params"].value("holder", "") == "officer.kz";
  }
  EXPECT_TRUE(kept) << staff;

  // The supervisor takes the case back with a reason; nothing waits for officer.kz now.
  Answer take = api().Post(cases + "/release", json::object(), Bearer(supervisor));
  EXPECT_EQ(take.ErrorField(), "reason") << take;
  ASSERT_EQ(
      api().Post(cases + "/release", json{{"reason", "rebalancing"}}, Bearer(supervisor)).status,
      200);
  ASSERT_EQ(api().PostText("/api/v1/cases/next", "", Bearer(officer)).status, 200);
  ASSERT_EQ(api().PostText("/api/v1/cases/next", "", Bearer(officer)).status, 200);
  Answer none = api().PostText("/api/v1/cases/next", "", Bearer(officer));
  EXPECT_EQ(none.status, 404) << none;
}

TEST_F(ApiTest, PoliciesAndTheVersionInForce) {
  Answer policies = api().Get("/api/v1/policies");
  ASSERT_EQ(policies.status, 200) << policies;
  std::set<std::string> jurisdictions;
  for (const json& j : policies.body["jurisdictions"]) jurisdictions.insert(j["jurisdiction"]);
  EXPECT_TRUE(jurisdictions.contains("KZ") && jurisdictions.contains("LV")) << policies;

  Answer before = api().Get("/api/v1/policies/KZ/permanent-residence/in-force?date=2022-09-21");
  ASSERT_EQ(before.status, 200) << before;
  EXPECT_EQ(before.body["takesEffect"], "2020-01-01");
  EXPECT_EQ(before.body["ends"], "2022-09-21");
  Answer after = api().Get("/api/v1/policies/KZ/permanent-residence/in-force?date=2022-09-26");
  ASSERT_EQ(after.status, 200) << after;
  EXPECT_EQ(after.body["id"], "KZ/permanent-residence/2022-09-22");
  EXPECT_EQ(after.body["deadlineDays"], 60);
  // The legal basis and how the version applies are data of the version.
  EXPECT_THAT(after.body["legalBasis"]["act"].get<std::string>(), HasSubstr("No. 992"));
  EXPECT_EQ(after.body["legalBasis"]["status"], "enacted");
  EXPECT_EQ(after.body["appliesTo"], "filed-on-or-after");
  EXPECT_EQ(after.body["illustrative"], false);
  bool family = false;
  for (const json& p : after.body["purposes"]) family = family || p["code"] == "family";
  EXPECT_TRUE(family) << after;
  Answer lv = api().Get("/api/v1/policies/LV/visa/in-force?date=2022-09-21");
  EXPECT_EQ(lv.body["appliesTo"], "pending") << lv;
  EXPECT_EQ(lv.body["illustrative"], true) << lv;
  EXPECT_EQ(lv.body["refusalForm"], "schengen-annex-vi") << lv;
}

// Sends a raw request; defined below.
int SendRaw(int port, const std::string& request);

TEST_F(ApiTest, PreviewDecidesUnderTheLawOfTheFilingDateAndStoresNothing) {
  const std::string preview = "/api/v1/policies/KZ/permanent-residence/preview";
  json sketch = {{"filingDate", "2022-09-26"}, {"purpose", "family"}, {"citizenships", {"RUS"}}};
  Answer waiting = api().Post(preview, sketch);
  ASSERT_EQ(waiting.status, 200) << waiting;
  EXPECT_EQ(waiting.body["version"]["id"], "KZ/permanent-residence/2022-09-22");
  EXPECT_EQ(waiting.body["version"]["takesEffect"], "2022-09-22");
  EXPECT_THAT(waiting.body["version"]["legalAct"].get<std::string>(), HasSubstr("No. 992"));
  EXPECT_EQ(waiting.body["outcome"], "documents-missing");
  EXPECT_EQ(waiting.body["missingDocuments"], json({"no-objection-certificate"}));
  EXPECT_EQ(waiting.body["requiredDocuments"], json({"passport", "no-objection-certificate"}));
  EXPECT_EQ(waiting.body["deadline"], "2022-11-25");
  EXPECT_TRUE(RuleIds(waiting.body["grounds"]).contains("kz-pr-noc")) << waiting;
  EXPECT_EQ(RuleIds(waiting.body["decisiveGrounds"]),
            (std::set<std::string>{"kz-pr-noc", "kz-pr-documents-missing"}))
      << waiting;
  for (const json& g : waiting.body["grounds"]) {
    EXPECT_FALSE(g["citation"].get<std::string>().empty()) << g;
  }

  // The form updates as documents are ticked, and as the filing date moves.
  sketch["documents"] = {"passport", "no-objection-certificate"};
  Answer complete = api().Post(preview, sketch);
  EXPECT_EQ(complete.body["outcome"], "eligible") << complete;
  EXPECT_EQ(complete.body["missingDocuments"], json::array());
  Answer before =
      api().Post(preview, json{{"filingDate", "2022-09-20"}, {"citizenships", {"RUS"}}});
  EXPECT_EQ(before.body["version"]["id"], "KZ/permanent-residence/2020-01-01") << before;
  EXPECT_EQ(before.body["outcome"], "eligible");
  // Under the 2023 amendment a passport valid less than 180 days after filing does not count.
  Answer expiring = api().Post(preview, json{{"filingDate", "2023-03-01"},
                                             {"citizenships", {"RUS"}},
                                             {"birthDate", "1985-02-01"},
                                             {"passportExpiry", "2023-05-01"}});
  EXPECT_EQ(expiring.body["outcome"], "documents-missing") << expiring;
  EXPECT_EQ(expiring.body["missingDocuments"], json({"passport", "no-objection-certificate"}))
      << expiring;
  // The preview takes documents with their details, as an upload does: a consent from another
  // state than the passport's does not count.
  json detailed = {
      {"filingDate", "2022-09-26"},
      {"citizenships", {"RUS", "ISR"}},
      {"passportIssuingState", "RUS"},
      {"documents", {{{"kind", "no-objection-certificate"}, {"issuingState", "ISR"}}}}};
  Answer other_state = api().Post(preview, detailed);
  EXPECT_EQ(other_state.body["outcome"], "documents-missing") << other_state;
  EXPECT_TRUE(RuleIds(other_state.body["decisiveGrounds"]).contains("kz-pr-noc-other-state"))
      << other_state;
  detailed["documents"][0]["issuingState"] = "RUS";
  EXPECT_EQ(api().Post(preview, detailed).body["outcome"], "eligible");
  detailed["documents"][0]["issued"] = "2022-09-10";
  detailed["documents"][0]["expires"] = "2022-09-01";
  EXPECT_EQ(api().Post(preview, detailed).ErrorField(), "documents[0].expires");

  // Anyone may preview, officers too; nothing is stored.
  const std::string officer = Login("officer.kz");
  EXPECT_EQ(api().Post(preview, sketch, Bearer(officer)).status, 200);
  EXPECT_EQ(api().Get("/api/v1/cases", Bearer(officer)).body["total"], 0);

  // Refusals name the field, as for applications.
  auto field = [&](const std::string& path, const json& body) {
    Answer a = api().Post(path, body);
    EXPECT_EQ(a.status, 400) << path << " " << body << ": " << a;
    return a.ErrorField();
  };
  const json base = {{"filingDate", "2022-09-26"}, {"citizenships", {"RUS"}}};
  EXPECT_EQ(field("/api/v1/policies/XX/permanent-residence/preview", base), "jurisdiction");
  EXPECT_EQ(field("/api/v1/policies/KZ/tourism/preview", base), "kind");
  json bad = base;
  bad["filingDate"] = "2022-02-30";
  EXPECT_EQ(field(preview, bad), "filingDate");
  bad = base;
  bad["filingDate"] = "2019-06-01";  // before the first version
  EXPECT_EQ(field(preview, bad), "filingDate");
  bad = base;
  bad["birthDate"] = "2022-09-27";
  EXPECT_EQ(field(preview, bad), "birthDate");
  bad = base;
  bad["passportExpiry"] = "soon";
  EXPECT_EQ(field(preview, bad), "passportExpiry");
  bad = base;
  bad["citizenships"] = {"RUS", "kaz"};
  EXPECT_EQ(field(preview, bad), "citizenships[1]");
  bad = base;
  bad["documents"] = {"passport", 7};
  EXPECT_EQ(field(preview, bad), "documents[1]");
  bad = base;
  bad["citizenships"] = {"RUS", "KAZ"};  // a citizen of the deciding state, as at intake
  EXPECT_EQ(field(preview, bad), "citizenships[1]");
  bad = base;
  bad["documents"] = {{{"kind", "no-objection-certificate"}, {"issuingState", "Russia"}}};
  EXPECT_EQ(field(preview, bad), "documents[0].issuingState");
  bad = base;
  bad["surname"] = "IVANOV";
  EXPECT_EQ(field(preview, bad), "surname");
  EXPECT_EQ(field(preview, json{{"filingDate", "2022-09-26"}}), "citizenships");
}

TEST_F(ApiTest, PolicyVersionWithItsModelsAndRules) {
  Answer version = api().Get("/api/v1/policies/KZ/permanent-residence/versions/2022-09-22");
  ASSERT_EQ(version.status, 200) << version;
  EXPECT_EQ(version.body["id"], "KZ/permanent-residence/2022-09-22");
  EXPECT_EQ(version.body["ends"], "2023-01-31");
  EXPECT_EQ(version.body["decision"], "Eligibility");
  EXPECT_EQ(version.body["deadlineDays"], 60);
  Answer in_force = api().Get("/api/v1/policies/KZ/permanent-residence/in-force?date=2022-10-01");
  EXPECT_EQ(version.body["contentHash"], in_force.body["contentHash"]);
  ASSERT_EQ(version.body["files"].size(), 1u) << version;
  EXPECT_EQ(version.body["files"][0]["name"], "eligibility.dmn");
  std::ifstream in("policies/kz/permanent-residence/2022-09-22/eligibility.dmn");
  std::stringstream dmn;
  dmn << in.rdbuf();
  EXPECT_EQ(version.body["files"][0]["xml"], dmn.str());
  bool noc = false;
  for (const json& rule : version.body["rules"]) {
    if (rule["id"] != "kz-pr-noc") continue;
    noc = true;
    EXPECT_EQ(rule["file"], "eligibility.dmn");
    EXPECT_FALSE(rule["reason"].get<std::string>().empty());
    EXPECT_THAT(rule["citation"].get<std::string>(), HasSubstr("No. 992"));
    EXPECT_FALSE(rule["reasonIn"]["ru"].get<std::string>().empty());
    EXPECT_EQ(rule["output"], "no-objection-certificate");
  }
  EXPECT_TRUE(noc) << version;

  EXPECT_EQ(api().Get("/api/v1/policies/KZ/permanent-residence/versions/2022-09-23").ErrorField(),
            "date");
  EXPECT_EQ(api().Get("/api/v1/policies/KZ/permanent-residence/versions/2022-13-01").ErrorField(),
            "date");
  Answer kind = api().Get("/api/v1/policies/KZ/tourism/versions/2022-09-22");
  EXPECT_EQ(kind.status, 404);
  EXPECT_EQ(kind.ErrorField(), "kind");
}

std::string ReadText(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string Replaced(std::string text, const std::string& from, const std::string& to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

// How many policy test cases the files of a tests/ folder hold.
int KindTestCount(const fs::path& dir) {
  int n = 0;
  for (const auto& entry : fs::directory_iterator(dir))
    n += json::parse(ReadText(entry.path())).size();
  return n;
}

// A new version of KZ temporary residence taking effect on 2023-06-01 that also requires the
// no-objection certificate (rule kz-tr-noc), with tests for it.
json TemporaryResidenceDraft() {
  std::string xml = Replaced(ReadText("policies/kz/temporary-residence/2020-01-01/eligibility.dmn"),
                             "2020-01-01", "2023-06-01");
  const std::string after_passport = "<outputEntry><text>\"passport\"</text></outputEntry>";
  size_t rule_end = xml.find("</rule>", xml.find(after_passport)) + std::string("</rule>").size();
  xml.insert(rule_end, R"(
      <rule id="kz-tr-noc">
        <inputEntry><text>"temporary-residence"</text></inputEntry>
        <outputEntry><text>"no-objection-certificate"</text></outputEntry>
        <annotationEntry><text>A no-objection certificate is required from 2023-06-01.</text></annotationEntry>
        <annotationEntry><text>Test order of 2023-06-01</text></annotationEntry>
        <annotationEntry><text>С 2023-06-01 требуется справка об отсутствии возражений.</text></annotationEntry>
        <annotationEntry><text>Тестовый приказ от 2023-06-01</text></annotationEntry>
      </rule>)");
  json tests = json::parse(R"([
    {"name": "the certificate is required from 2023-06-01", "filing_date": "2023-06-15",
     "inputs": {"Citizenships": ["RUS"], "Documents": ["passport"]},
     "expected_version": "2023-06-01", "expected_outcome": "documents-missing",
     "expected_grounds": ["kz-tr-noc", "kz-tr-documents-missing"],
     "expected_missing_documents": ["no-objection-certificate"]},
    {"name": "with the certificate the application is eligible", "filing_date": "2023-06-01",
     "inputs": {"Citizenships": ["RUS"], "Documents": ["passport", "no-objection-certificate"]},
     "expected_version": "2023-06-01", "expected_outcome": "eligible",
     "expected_grounds": ["kz-tr-noc", "kz-tr-eligible"]},
    {"name": "an expired passport does not count", "filing_date": "2023-06-01",
     "inputs": {"Citizenships": ["RUS"], "Document Details": [
       {"kind": "passport", "issuing state": "RUS", "expires": "2023-05-31"},
       {"kind": "no-objection-certificate", "issuing state": "RUS"}]},
     "expected_outcome": "documents-missing", "expected_missing_documents": ["passport"],
     "expected_grounds": ["kz-tr-passport-expired"]},
    {"name": "a passport issued after filing does not count", "filing_date": "2023-06-01",
     "inputs": {"Citizenships": ["RUS"], "Document Details": [
       {"kind": "passport", "issuing state": "RUS", "issued": "2023-06-02"},
       {"kind": "no-objection-certificate", "issuing state": "RUS"}]},
     "expected_outcome": "documents-missing", "expected_missing_documents": ["passport"],
     "expected_grounds": ["kz-tr-passport-not-yet-issued"]},
    {"name": "a rejected passport does not count", "filing_date": "2023-06-01",
     "inputs": {"Citizenships": ["RUS"], "Document Details": [
       {"kind": "passport", "issuing state": "RUS", "verification": "rejected"},
       {"kind": "no-objection-certificate", "issuing state": "RUS"}]},
     "expected_outcome": "documents-missing", "expected_missing_documents": ["passport"],
     "expected_grounds": ["kz-tr-passport-rejected"]}
  ])");
  return {{"takesEffect", "2023-06-01"},
          {"title", "Kazakhstan: temporary residence with a no-objection certificate (test)"},
          {"legalAct", "Test order of 2023-06-01"},
          {"article", "no-objection certificate"},
          {"decision", "Eligibility"},
          {"deadlineDays", 30},
          {"files", {{{"name", "eligibility.dmn"}, {"xml", xml}}}},
          // The new document is named for applicants (a rule requiring an unnamed one is refused).
          {"documents",
           {{"passport", {{"en", "Passport"}, {"ru", "Паспорт"}}},
            {"no-objection-certificate",
             {{"en", "No-objection certificate"}, {"ru", "Справка об отсутствии возражений"}}}}},
          {"tests", tests}};
}

// A draft whose model has an error the table analysis finds (an outcome outside the output's
// allowed values, DMN 1.5 8.2.6) is tested with the finding naming file, line, table and rule, and
// is not published (issue 11); the library on disk is untouched.
TEST_F(ApiTest, ADraftWithAnErrorInItsModelIsReportedAndNotPublished) {
  const fs::path policies = ServeOwnPolicies();
  ASSERT_TRUE(stack_);
  const std::string author = Login("author");
  json draft = TemporaryResidenceDraft();
  std::string xml = draft["files"][0]["xml"];
  const std::string entry = R"(<outputEntry><text>"documents-missing"</text></outputEntry>)";
  ASSERT_NE(xml.find(entry), std::string::npos);
  xml.replace(xml.find(entry), entry.size(),
              R"(<outputEntry><text>"documents-mising"</text></outputEntry>)");
  draft["files"][0]["xml"] = xml;

  Answer tested =
      api().Post("/api/v1/policies/KZ/temporary-residence/drafts/test", draft, Bearer(author));
  ASSERT_EQ(tested.status, 200) << tested;
  EXPECT_EQ(tested.body["errors"], 1) << tested.body.dump();
  json wrong;
  for (const json& f : tested.body["findings"])
    if (f["kind"] == "output-value") wrong = f;
  ASSERT_TRUE(wrong.is_object()) << tested.body.dump();
  EXPECT_EQ(wrong["severity"], "error");
  EXPECT_EQ(wrong["file"], "eligibility.dmn");
  EXPECT_EQ(wrong["table"], "t_outcome");
  EXPECT_EQ(wrong["rules"].size(), 1u);
  EXPECT_GT(wrong["line"].get<int>(), 1);
  EXPECT_NE(wrong["message"].get<std::string>().find("\"documents-mising\""), std::string::npos)
      << wrong;

  Answer published =
      api().Post("/api/v1/policies/KZ/temporary-residence/proposals", draft, Bearer(author));
  EXPECT_EQ(published.status, 422) << published;
  EXPECT_EQ(published.body["errors"], 1);
  EXPECT_FALSE(fs::exists(policies / "kz" / "temporary-residence" / "2023-06-01"));
}

// The checker stage on a draft: Filing Date is declared a date, so comparing it with a string is
// null whatever the case (DMN 1.5 10.3.2.2); the draft is refused with the element and position.
TEST_F(ApiTest, ADraftWithATypeErrorIsRefusedWithThePosition) {
  const fs::path policies = ServeOwnPolicies();
  ASSERT_TRUE(stack_);
  const std::string author = Login("author");
  json draft = TemporaryResidenceDraft();
  std::string xml = draft["files"][0]["xml"];
  const std::string rejected = R"(d.verification = "rejected")";
  ASSERT_NE(xml.find(rejected), std::string::npos);
  xml.replace(xml.find(rejected), rejected.size(), R"(Filing Date = "2023-06-01")");
  draft["files"][0]["xml"] = xml;

  Answer tested =
      api().Post("/api/v1/policies/KZ/temporary-residence/drafts/test", draft, Bearer(author));
  ASSERT_EQ(tested.status, 200) << tested;
  json type;
  for (const json& f : tested.body["findings"])
    if (f["kind"] == "type") type = f;
  ASSERT_TRUE(type.is_object()) << tested.body.dump();
  EXPECT_EQ(type["severity"], "error");
  EXPECT_EQ(type["file"], "eligibility.dmn");
  EXPECT_GT(type["line"].get<int>(), 1);
  EXPECT_NE(type["message"].get<std::string>().find(
                "column 77: cannot compare a date with a string: the comparison is always null"),
            std::string::npos)
      << type;

  Answer published =
      api().Post("/api/v1/policies/KZ/temporary-residence/proposals", draft, Bearer(author));
  EXPECT_EQ(published.status, 422) << published;
  EXPECT_FALSE(fs::exists(policies / "kz" / "temporary-residence" / "2023-06-01"));
}

TEST_F(ApiTest, DraftsAreTestedAndPublishedVersionsDecideAtOnce) {
  const fs::path policies = ServeOwnPolicies();
  ASSERT_TRUE(stack_);
  const std::string author = Login("author");
  const std::string drafts = "/api/v1/policies/KZ/temporary-residence/drafts/test";
  const std::string versions = "/api/v1/policies/KZ/temporary-residence/proposals";
  const json draft = TemporaryResidenceDraft();

  Answer tested = api().Post(drafts, draft, Bearer(author));
  ASSERT_EQ(tested.status, 200) << tested;
  EXPECT_EQ(tested.body["loaded"], true);
  // The kind's tests and the draft's five.
  EXPECT_EQ(tested.body["passed"], KindTestCount("policies/kz/temporary-residence/tests") + 5)
      << tested;
  EXPECT_EQ(tested.body["failed"], 0);
  EXPECT_EQ(tested.body["failures"], json::array());
  EXPECT_EQ(tested.body["unexercised"], json::array());
  EXPECT_EQ(api().Post(drafts, draft).status, 401);
  Answer officer = api().Post(drafts, draft, Bearer(Login("officer.kz")));
  EXPECT_EQ(officer.status, 403);
  EXPECT_EQ(officer.ErrorField(), "role");
  EXPECT_EQ(api().Post(drafts, draft, Bearer(Login("admin"))).status, 200);
  // An author scoped to KZ can neither test nor publish Latvian law (issue 9).
  Answer foreign = api().Post("/api/v1/policies/LV/visa/proposals", draft, Bearer(author));
  EXPECT_EQ(foreign.status, 403) << foreign;
  EXPECT_EQ(foreign.ErrorField(), "jurisdiction");
  EXPECT_EQ(api().Post("/api/v1/policies/LV/visa/drafts/test", draft, Bearer(author)).status, 403);

  // Drafts that do not load are reported, naming the file and the element.
  const std::string xml = draft["files"][0]["xml"];
  auto report = [&](const json& body) {
    Answer a = api().Post(drafts, body, Bearer(author));
    EXPECT_EQ(a.status, 200) << a;
    EXPECT_EQ(a.body["loaded"], false) << a;
    return a.body.value("error", "");
  };
  json broken = draft;
  broken["files"][0]["xml"] = xml.substr(0, xml.size() / 2);
  const std::string unloadable_report = report(broken);
  EXPECT_THAT(unloadable_report, HasSubstr("kz/temporary-residence/2023-06-01/eligibility.dmn"));
  EXPECT_THAT(unloadable_report, Not(HasSubstr(policies.string())))
      << "the server's folder is not the author's business";
  broken["files"][0]["xml"] = Replaced(xml, "item))]", "item)]");
  std::string syntax = report(broken);
  EXPECT_THAT(syntax, HasSubstr("2023-06-01/eligibility.dmn"));
  EXPECT_THAT(syntax, HasSubstr("Missing Documents"));
  broken = draft;
  broken["decision"] = "Verdict";
  EXPECT_THAT(report(broken), HasSubstr("Verdict"));

  // A failing test is reported by name.
  json failing = draft;
  failing["tests"][0]["expected_outcome"] = "eligible";
  Answer failed = api().Post(drafts, failing, Bearer(author));
  ASSERT_EQ(failed.status, 200) << failed;
  EXPECT_EQ(failed.body["loaded"], true);
  EXPECT_EQ(failed.body["failed"], 1);
  EXPECT_THAT(failed.body["failures"][0].get<std::string>(),
              HasSubstr("the certificate is required from 2023-06-01"));

  // Malformed requests are still 400s naming the field.
  auto field = [&](const json& body) {
    Answer a = api().Post(drafts, body, Bearer(author));
    EXPECT_EQ(a.status, 400) << a;
    return a.ErrorField();
  };
  json bad = draft;
  bad["deadlineDays"] = 0;
  EXPECT_EQ(field(bad), "deadlineDays");
  bad = draft;
  bad["files"][0]["name"] = "../eligibility.dmn";
  EXPECT_EQ(field(bad), "files[0].name");
  bad = draft;
  bad["files"].push_back(draft["files"][0]);
  EXPECT_EQ(field(bad), "files[1].name");
  bad = draft;
  bad["tests"][1]["expected_outcome"] = "maybe";
  EXPECT_EQ(field(bad), "tests");
  bad = draft;
  bad.erase("files");
  EXPECT_EQ(field(bad), "files");
  bad = draft;
  bad["takesEffect"] = "2023-06-31";
  EXPECT_EQ(field(bad), "takesEffect");
  bad = draft;
  bad["documents"]["Medical Certificate"] = {{"en", "Medical certificate"}};
  EXPECT_EQ(field(bad), "documents.Medical Certificate");
  bad = draft;
  bad["documents"]["no-objection-certificate"]["de"] = "Unbedenklichkeitsbescheinigung";
  EXPECT_EQ(field(bad), "documents.no-objection-certificate.de");
  bad = draft;
  bad["documents"]["no-objection-certificate"].erase("en");
  EXPECT_EQ(field(bad), "documents.no-objection-certificate.en");
  bad = draft;
  bad["documents"].erase("passport");
  EXPECT_EQ(field(bad), "documents.passport");
  // Without the new document's name, the rule requiring it is an error naming the rule.
  json unnamed = draft;
  unnamed.erase("documents");
  Answer nameless = api().Post(drafts, unnamed, Bearer(author));
  ASSERT_EQ(nameless.status, 200) << nameless;
  EXPECT_EQ(nameless.body["errors"], 1) << nameless;
  EXPECT_EQ(nameless.body["findings"][0]["kind"], "document-name");
  EXPECT_EQ(nameless.body["findings"][0]["rules"], json({"kz-tr-noc"}));
  EXPECT_EQ(api().Post("/api/v1/policies/KZ/tourism/drafts/test", draft, Bearer(author)).status,
            404);

  // Publishing refuses what the test reports, and dates that are not after the latest version.
  const fs::path folder = policies / "kz" / "temporary-residence" / "2023-06-01";
  Answer refused = api().Post(versions, failing, Bearer(author));
  EXPECT_EQ(refused.status, 422) << refused;
  EXPECT_EQ(refused.body["failed"], 1);
  broken["decision"] = "Verdict";
  Answer unloadable = api().Post(versions, broken, Bearer(author));
  EXPECT_EQ(unloadable.status, 422) << unloadable;
  EXPECT_EQ(unloadable.body["loaded"], false);
  json early = draft;
  early["takesEffect"] = "2020-01-01";
  Answer same_day = api().Post(versions, early, Bearer(author));
  EXPECT_EQ(same_day.status, 409) << same_day;
  EXPECT_EQ(same_day.ErrorField(), "takesEffect");
  early["takesEffect"] = "2019-06-01";
  EXPECT_EQ(api().Post(versions, early, Bearer(author)).status, 409);
  EXPECT_FALSE(fs::exists(folder));
  EXPECT_EQ(api().Post(versions, draft, Bearer(Login("officer.kz"))).status, 403);

  // Proposed, then approved by a second author: written, reloaded, in force for new requests and
  // decisions.
  Answer proposed = api().Post(versions, draft, Bearer(author));
  ASSERT_EQ(proposed.status, 201) << proposed;
  EXPECT_FALSE(fs::exists(folder)) << "a proposal is not in force";
  Answer published = api().Post(proposed.Header("Location") + "/approve", json::object(),
                                Bearer(Login("author2")));
  ASSERT_EQ(published.status, 201) << published;
  EXPECT_EQ(published.body["id"], "KZ/temporary-residence/2023-06-01");
  EXPECT_EQ(published.body["ends"], nullptr);
  {
    // Issue 9: the publication is in the audit chain as policy.publish, by its author.
    auto tx = stack_->db->Begin();
    auto rows = tx->Query("SELECT actor, details FROM audit_log WHERE action = 'policy.publish'");
    ASSERT_TRUE(rows.has_value());
    ASSERT_EQ(rows->size(), 1u);
    EXPECT_EQ(rows->front().Text(0), "author2");
    EXPECT_THAT(rows->front().Text(1), HasSubstr("\"proposedBy\":\"author\""));
    EXPECT_THAT(rows->front().Text(1), HasSubstr("KZ/temporary-residence/2023-06-01"));
  }
  EXPECT_EQ(published.body["files"][0]["xml"], xml);
  EXPECT_EQ(published.Header("Location"),
            "/api/v1/policies/KZ/temporary-residence/versions/2023-06-01");
  EXPECT_EQ(ReadText(folder / "eligibility.dmn"), xml);
  json policy_json = json::parse(ReadText(folder / "policy.json"));
  EXPECT_EQ(policy_json["takes_effect"], "2023-06-01");
  EXPECT_EQ(policy_json["approval"]["proposed_by"], "author");
  EXPECT_EQ(policy_json["approval"]["approved_by"], "author2");
  EXPECT_EQ(published.body["approval"]["approvedBy"], "author2");
  EXPECT_EQ(policy_json["deadline_days"], 30);
  EXPECT_EQ(json::parse(ReadText(folder.parent_path() / "tests" / "2023-06-01.json")),
            draft["tests"]);
  EXPECT_EQ(api().Post(versions, draft, Bearer(author)).status, 409);

  Answer previous = api().Get("/api/v1/policies/KZ/temporary-residence/versions/2020-01-01");
  EXPECT_EQ(previous.body["ends"], "2023-05-31") << previous;
  Answer preview = api().Post("/api/v1/policies/KZ/temporary-residence/preview",
                              json{{"filingDate", "2023-06-15"}, {"citizenships", {"RUS"}}});
  EXPECT_EQ(preview.body["version"]["id"], "KZ/temporary-residence/2023-06-01") << preview;
  EXPECT_EQ(preview.body["missingDocuments"], json({"no-objection-certificate"}));
  clock_.Set("2023-06-15T09:00:00.000Z");
  json application = KzApplication();
  application["kind"] = "temporary-residence";
  Answer submitted = api().Post("/api/v1/applications", application);
  ASSERT_EQ(submitted.status, 201) << submitted;
  EXPECT_EQ(submitted.body["decision"]["policyVersion"], "KZ/temporary-residence/2023-06-01");
  EXPECT_EQ(submitted.body["state"], "awaiting-documents");

  // The version is on disk: a restarted server has it.
  Restart();
  EXPECT_EQ(api().Get("/api/v1/policies/KZ/temporary-residence/versions/2023-06-01").status, 404)
      << "the default test server reads the repository's policies";
  client_.reset();
  stack_.reset();
  stack_ = StartStack(dir_, clock_, {.policies_dir = policies});
  ASSERT_TRUE(stack_);
  client_ = std::make_unique<Client>(stack_->port);
  Answer reloaded = api().Get("/api/v1/policies/KZ/temporary-residence/versions/2023-06-01");
  EXPECT_EQ(reloaded.status, 200) << reloaded;
  EXPECT_EQ(reloaded.body["contentHash"], published.body["contentHash"]);
}

// Issue 12: four eyes. A draft is proposed by one author and published only when a second person
// approves it; the proposer cannot approve their own, and a version is never approved to take
// effect in the past. Before approval the draft is simulated over the stored cases (nothing written
// to them), and on its date it re-decides exactly the pending cases the simulation said would
// change.
TEST_F(ApiTest, FourEyesPublicationAndASimulationThatPredictsTheReDecision) {
  const fs::path policies = ServeOwnPolicies();
  ASSERT_TRUE(stack_);
  const std::string proposals = "/api/v1/policies/KZ/temporary-residence/proposals";
  // Three pending temporary-residence cases filed in January (eligible under the 2020 version),
  // and one filed then and approved by two officers.
  clock_.Set("2023-01-10T09:00:00.000Z");
  json application = KzApplication();
  application["kind"] = "temporary-residence";
  std::vector<std::string> pending;
  for (const char* given : {"IVAN", "PETR", "OLEG"}) {
    application["applicant"]["givenNames"] = given;
    pending.push_back(Submit(application).number);
  }
  application["applicant"]["givenNames"] = "ANNA";
  const std::string approved = Submit(application).number;
  const std::string kz = Login("officer.kz"), kz2 = Login("officer2.kz");
  for (auto [action, token] :
       {std::pair{"claim", kz}, {"validate", kz}, {"claim", kz2}, {"approve", kz2}}) {
    Answer a = api().PostText("/api/v1/cases/" + approved + "/" + action, "{}", Bearer(token));
    ASSERT_EQ(a.status, 200) << action << " " << a;
  }
  std::map<std::string, int> revisions;
  for (const std::string& n : pending) {
    Answer c = api().Get("/api/v1/applications/" + n, Bearer(kz));
    ASSERT_EQ(c.body["decision"]["outcome"], "eligible") << c;
    revisions[n] = c.body["revision"];
  }

  const std::string author = Login("author");
  json draft = TemporaryResidenceDraft();
  draft["appliesTo"] = "pending";
  clock_.Set("2023-05-20T09:00:00.000Z");
  Answer proposed = api().Post(proposals, draft, Bearer(author));
  ASSERT_EQ(proposed.status, 201) << proposed;
  EXPECT_EQ(proposed.body["status"], "proposed");
  EXPECT_EQ(proposed.body["proposedBy"], "author");
  const std::string proposal = proposed.Header("Location");
  EXPECT_EQ(proposal, proposals + "/" + std::to_string(proposed.body["id"].get<int>()));
  EXPECT_FALSE(fs::exists(policies / "kz" / "temporary-residence" / "2023-06-01"));

  // The proposer cannot approve their own draft; an officer cannot approve at all; an author of
  // another jurisdiction cannot see it.
  Answer own = api().Post(proposal + "/approve", json::object(), Bearer(author));
  EXPECT_EQ(own.status, 403) << own;
  EXPECT_EQ(own.ErrorField(), "approver");
  EXPECT_EQ(api().Post(proposal + "/approve", json::object(), Bearer(kz)).status, 403);
  EXPECT_EQ(api().Get(proposals + "/999", Bearer(author)).status, 404);
  EXPECT_EQ(api()
                .Get("/api/v1/policies/KZ/permanent-residence/proposals/" +
                         std::to_string(proposed.body["id"].get<int>()),
                     Bearer(author))
                .status,
            404);

  // The simulation: the three pending cases and the approved one filed in January.
  Answer bad = api().Post(proposal + "/simulate", json{{"from", "2023-01-01"}}, Bearer(author));
  EXPECT_EQ(bad.status, 400) << bad;
  EXPECT_EQ(bad.ErrorField(), "to");
  bad = api().Post(proposal + "/simulate", json{{"from", "2023-02-01"}, {"to", "2023-01-01"}},
                   Bearer(author));
  EXPECT_EQ(bad.ErrorField(), "from");
  Answer simulated = api().Post(proposal + "/simulate",
                                json{{"from", "2023-01-01"}, {"to", "2023-01-31"}}, Bearer(author));
  ASSERT_EQ(simulated.status, 200) << simulated;
  const json& sim = simulated.body;
  EXPECT_EQ(sim["version"], "KZ/temporary-residence/2023-06-01");
  EXPECT_EQ(sim["cases"], 4) << sim;
  EXPECT_EQ(sim["pendingCases"], 3);
  EXPECT_EQ(sim["changed"], 4) << "every case lacks the certificate the draft requires";
  EXPECT_EQ(sim["errors"], 0);
  EXPECT_EQ(sim["byOutcome"], json::parse(R"([{"key": "eligible -> documents-missing",
                                                "count": 4}])"));
  EXPECT_EQ(sim["byCitizenship"], json::parse(R"([{"key": "RUS", "count": 4}])"));
  EXPECT_EQ(sim["byMonth"], json::parse(R"([{"key": "2023-01", "count": 4}])"));
  bool noc_ground = false;
  for (const json& g : sim["byGround"]) noc_ground |= g["key"] == "kz-tr-noc" && g["count"] == 4;
  EXPECT_TRUE(noc_ground) << sim["byGround"];
  std::set<std::string> predicted;
  for (const json& c : sim["changedCases"]) {
    EXPECT_EQ(c["current"]["outcome"], "eligible");
    EXPECT_EQ(c["simulated"]["outcome"], "documents-missing");
    EXPECT_EQ(c["simulated"]["missingDocuments"], json({"no-objection-certificate"}));
    if (c["pending"] == true) predicted.insert(c["number"].get<std::string>());
  }
  EXPECT_EQ(predicted, std::set<std::string>(pending.begin(), pending.end()));
  // Each case decided alone by the draft (the one-case path, with texts) agrees with the batch.
  for (const json& c : sim["changedCases"]) {
    Answer one = api().Get(proposal + "/cases/" + c["number"].get<std::string>(), Bearer(author));
    ASSERT_EQ(one.status, 200) << one;
    EXPECT_TRUE(one.body["changed"].get<bool>());
    EXPECT_EQ(one.body["current"]["outcome"], c["current"]["outcome"]);
    EXPECT_EQ(one.body["simulated"]["outcome"], c["simulated"]["outcome"]);
    EXPECT_EQ(one.body["simulated"]["missingDocuments"], c["simulated"]["missingDocuments"]);
    EXPECT_EQ(one.body["simulated"]["policyVersion"], "KZ/temporary-residence/2023-06-01");
    bool cited = false;
    for (const json& g : one.body["simulated"]["decisiveGrounds"])
      cited |=
          g["ruleId"] == "kz-tr-noc" && g["citationIn"]["ru"] == "Тестовый приказ от 2023-06-01";
    EXPECT_TRUE(cited) << one.body["simulated"]["decisiveGrounds"];
  }
  EXPECT_EQ(api().Get(proposal + "/cases/KZ-0000-999999", Bearer(author)).status, 404);
  // Nothing was written to the cases; the run is on the proposal and in the audit log.
  for (const std::string& n : pending)
    EXPECT_EQ(api().Get("/api/v1/applications/" + n, Bearer(kz)).body["revision"], revisions[n]);
  Answer read = api().Get(proposal, Bearer(Login("author2")));
  ASSERT_EQ(read.status, 200) << read;
  EXPECT_EQ(read.body["simulatedBy"], "author");
  EXPECT_EQ(read.body["simulation"]["changed"], 4);
  EXPECT_EQ(read.body["report"]["failed"], 0);
  EXPECT_EQ(read.body["draft"]["appliesTo"], "pending");
  {
    auto tx = stack_->db->Begin();
    auto rows = tx->Query(
        "SELECT actor, action, details FROM audit_log WHERE action LIKE 'policy.%' ORDER BY seq");
    ASSERT_TRUE(rows.has_value());
    ASSERT_EQ(rows->size(), 2u);
    EXPECT_EQ((*rows)[0].Text(1), "policy.propose");
    EXPECT_EQ((*rows)[1].Text(1), "policy.simulate");
    EXPECT_THAT((*rows)[1].Text(2), HasSubstr("\"changed\":\"4\""));
  }

  // A second author approves: published, with both names on the version.
  Answer published = api().Post(proposal + "/approve", json::object(), Bearer(Login("author2")));
  ASSERT_EQ(published.status, 201) << published;
  EXPECT_EQ(published.body["approval"]["proposedBy"], "author");
  EXPECT_EQ(published.body["approval"]["approvedBy"], "author2");
  EXPECT_EQ(api()
                .Post(proposal + "/approve", json::object(), Bearer(Login("supervisor.kz")))
                .ErrorField(),
            "status");
  for (const std::string& n : pending)
    EXPECT_EQ(api().Get("/api/v1/applications/" + n, Bearer(kz)).body["decision"]["outcome"],
              "eligible")
        << "the version is not in force before its date";

  // On its date the pending cases are decided again: exactly those the simulation predicted.
  clock_.Set("2023-06-01T09:00:00.000Z");
  auto applied = stack_->service->ApplyPendingVersions();
  ASSERT_TRUE(applied.has_value()) << applied.error().message;
  std::set<std::string> redecided;
  for (const std::string& n : pending) {
    Answer c = api().Get("/api/v1/applications/" + n, Bearer(kz));
    if (c.body["decision"]["outcome"] != "eligible") redecided.insert(n);
    EXPECT_EQ(c.body["decision"]["policyVersion"], "KZ/temporary-residence/2023-06-01");
  }
  EXPECT_EQ(redecided, predicted);
  // A new applicant, in Russian, is told the requirement with its reason and legal basis.
  application["applicant"]["givenNames"] = "MARIA";
  application["language"] = "ru";
  Submitted fresh = Submit(application);
  Answer status =
      api().Post("/api/v1/status", json{{"number", fresh.number}, {"accessCode", fresh.code}});
  ASSERT_EQ(status.status, 200) << status;
  EXPECT_EQ(status.body["state"], "awaiting-documents") << status;
  json noc;
  for (const json& g : status.body["decision"]["decisiveGrounds"])
    if (g["ruleId"] == "kz-tr-noc") noc = g;
  ASSERT_TRUE(noc.is_object()) << status.body["decision"];
  EXPECT_EQ(noc["reasonIn"]["ru"], "С 2023-06-01 требуется справка об отсутствии возражений.");
  EXPECT_EQ(noc["citationIn"]["ru"], "Тестовый приказ от 2023-06-01");

  // A proposal approved after its date would have taken effect in the past: refused. Withdrawn,
  // it can no longer be approved.
  json later = TemporaryResidenceDraft();
  later["takesEffect"] = "2023-07-01";
  later.erase("tests");
  Answer second = api().Post(proposals, later, Bearer(author));
  ASSERT_EQ(second.status, 201) << second;
  const std::string second_url = second.Header("Location");
  clock_.Set("2023-07-02T09:00:00.000Z");
  Answer past = api().Post(second_url + "/approve", json::object(), Bearer(Login("supervisor.kz")));
  EXPECT_EQ(past.status, 409) << past;
  EXPECT_EQ(past.ErrorField(), "takesEffect");
  EXPECT_FALSE(fs::exists(policies / "kz" / "temporary-residence" / "2023-07-01"));
  Answer withdrawn = api().Post(second_url + "/withdraw", json::object(), Bearer(author));
  ASSERT_EQ(withdrawn.status, 200) << withdrawn;
  EXPECT_EQ(withdrawn.body["status"], "withdrawn");
  Answer list = api().Get(proposals, Bearer(Login("supervisor.kz")));
  ASSERT_EQ(list.status, 200) << list;
  ASSERT_EQ(list.body["proposals"].size(), 2u);
  EXPECT_EQ(list.body["proposals"][0]["status"], "withdrawn");
  EXPECT_EQ(list.body["proposals"][1]["status"], "approved");
  EXPECT_EQ(list.body["proposals"][1]["version"], "KZ/temporary-residence/2023-06-01");
  // A draft cannot be proposed to take effect in the past either.
  later["takesEffect"] = "2023-07-01";
  Answer backdated = api().Post(proposals, later, Bearer(author));
  EXPECT_EQ(backdated.status, 409) << backdated;
  EXPECT_EQ(backdated.ErrorField(), "takesEffect");
}

TEST_F(ApiTest, StatsCountBacklogAndDecisionsWithinScope) {
  // KZ: filed 2022-09-20 (eligible) and approved on 2022-09-25; filed 2022-09-26 and waiting for
  // the certificate. LV: filed 2022-09-22 and refused on 2022-10-20, after its 15-day deadline.
  const std::string kz = Login("officer.kz");
  const std::string lv = Login("officer.lv");
  clock_.Set("2022-09-20T10:00:00.000Z");
  Submitted approved = Submit(KzApplication());
  clock_.Set("2022-09-25T10:00:00.000Z");
  const std::string kz2 = Login("officer2.kz");  // four eyes: a second officer approves
  for (auto [action, token] :
       {std::pair{"claim", kz}, {"validate", kz}, {"claim", kz2}, {"approve", kz2}}) {
    Answer a =
        api().PostText("/api/v1/cases/" + approved.number + "/" + action, "{}", Bearer(token));
    ASSERT_EQ(a.status, 200) << action << ": " << a;
  }
  json visa = KzApplication();
  visa["jurisdiction"] = "LV";
  visa["kind"] = "visa";
  clock_.Set("2022-09-22T10:00:00.000Z");
  Submitted refused = Submit(visa);
  clock_.Set("2022-09-26T10:00:00.000Z");
  Submitted waiting = Submit();
  clock_.Set("2022-10-20T10:00:00.000Z");
  for (const char* action : {"claim", "validate", "claim"}) {
    ASSERT_EQ(
        api().PostText("/api/v1/cases/" + refused.number + "/" + action, "{}", Bearer(lv)).status,
        200);
  }
  Answer refusal = api().Post("/api/v1/cases/" + refused.number + "/refuse",
                              json{{"grounds",
                                    {{{"ruleId", "lv-visa-rus"},
                                      {"reason", "Refused."},
                                      {"citation", "Statement of 2022-09-21"}}}}},
                              Bearer(lv));
  // A Schengen visa refusal is notified on the Annex VI form: it names one of the form's reasons.
  ASSERT_EQ(refusal.status, 400) << refusal;
  EXPECT_EQ(refusal.ErrorField(), "grounds");
  refusal = api().Post("/api/v1/cases/" + refused.number + "/refuse",
                       json{{"grounds",
                             {{{"ruleId", "lv-visa-rus"},
                               {"reason", "Refused."},
                               {"citation", "Visa Code, Art. 32(1)(a)(vi)"},
                               {"formGround", 7}}}}},
                       Bearer(lv));
  ASSERT_EQ(refusal.status, 200) << refusal;

  const std::string supervisor = Login("supervisor.kz");
  Answer stats = api().Get("/api/v1/stats?from=2022-09-15&to=2022-09-30", Bearer(supervisor));
  ASSERT_EQ(stats.status, 200) << stats;
  EXPECT_EQ(stats.body["from"], "2022-09-15");
  EXPECT_EQ(stats.body["to"], "2022-09-30");
  EXPECT_EQ(stats.body["jurisdictions"], json({"KZ"}));
  const json& backlog = stats.body["backlog"];
  EXPECT_EQ(backlog.size(), 11u) << backlog;
  EXPECT_EQ(backlog["approved"], 1);
  EXPECT_EQ(backlog["awaiting-documents"], 1);
  EXPECT_EQ(backlog["refused"], 0);  // the refusal is Latvia's
  EXPECT_EQ(backlog["submitted"], 0);
  auto per_day = [](const json& days) {
    std::map<std::string, int> out;
    for (const json& d : days) {
      if (d["count"] != 0) out[d["date"]] = d["count"];
    }
    return out;
  };
  EXPECT_EQ(stats.body["receivedPerDay"].size(), 16u);
  EXPECT_EQ(stats.body["receivedPerDay"][0], json({{"date", "2022-09-15"}, {"count", 0}}));
  EXPECT_EQ(per_day(stats.body["receivedPerDay"]),
            (std::map<std::string, int>{{"2022-09-20", 1}, {"2022-09-26", 1}}));
  EXPECT_EQ(per_day(stats.body["decidedPerDay"]), (std::map<std::string, int>{{"2022-09-25", 1}}));
  EXPECT_EQ(stats.body["decidedWithinDeadline"],
            json({{"decided", 1}, {"withinDeadline", 1}, {"share", 1.0}}));
  ASSERT_EQ(stats.body["oldestOpen"].size(), 1u);
  EXPECT_EQ(stats.body["oldestOpen"][0]["number"], waiting.number);
  EXPECT_EQ(stats.body["oldestOpen"][0]["state"], "awaiting-documents");

  // Without a range: the last 90 days of data, here all of it.
  Answer whole = api().Get("/api/v1/stats", Bearer(supervisor));
  ASSERT_EQ(whole.status, 200) << whole;
  EXPECT_EQ(whole.body["from"], "2022-09-20");
  EXPECT_EQ(whole.body["to"], "2022-09-26");
  EXPECT_EQ(whole.body["receivedPerDay"].size(), 7u);

  // Every jurisdiction: Latvia's refusal came after its deadline.
  ASSERT_TRUE(stack_->accounts->CreateAccount("chief", kPassword, Role::kSupervisor, {"*"}, {},
                                              kTotpSecret));
  Answer all = api().Get("/api/v1/stats?from=2022-09-01&to=2022-10-31", Bearer(Login("chief")));
  ASSERT_EQ(all.status, 200) << all;
  EXPECT_EQ(all.body["decidedWithinDeadline"],
            json({{"decided", 2}, {"withinDeadline", 1}, {"share", 0.5}}));
  EXPECT_EQ(per_day(all.body["decidedPerDay"]),
            (std::map<std::string, int>{{"2022-09-25", 1}, {"2022-10-20", 1}}));
  EXPECT_EQ(all.body["backlog"]["refused"], 1);
  Answer latvia = api().Get("/api/v1/stats?jurisdiction=LV&from=2022-09-01&to=2022-10-31",
                            Bearer(Login("chief")));
  EXPECT_EQ(latvia.body["backlog"]["approved"], 0) << latvia;
  EXPECT_EQ(latvia.body["backlog"]["refused"], 1);
  EXPECT_EQ(latvia.body["oldestOpen"], json::array());

  // Scope, roles and parameters.
  Answer foreign = api().Get("/api/v1/stats?jurisdiction=LV", Bearer(supervisor));
  EXPECT_EQ(foreign.status, 403);
  EXPECT_EQ(foreign.ErrorField(), "jurisdiction");
  EXPECT_EQ(api().Get("/api/v1/stats", Bearer(kz)).ErrorField(), "role");
  EXPECT_EQ(api().Get("/api/v1/stats", Bearer(Login("admin"))).ErrorField(), "jurisdiction");
  EXPECT_EQ(api().Get("/api/v1/stats").status, 401);
  EXPECT_EQ(api().Get("/api/v1/stats?jurisdiction=XX", Bearer(supervisor)).ErrorField(),
            "jurisdiction");
  EXPECT_EQ(
      api().Get("/api/v1/stats?from=2022-10-01&to=2022-09-01", Bearer(supervisor)).ErrorField(),
      "from");
  EXPECT_EQ(api().Get("/api/v1/stats?to=2022-09-31", Bearer(supervisor)).ErrorField(), "to");
  EXPECT_EQ(
      api().Get("/api/v1/stats?from=1990-01-01&to=2022-09-30", Bearer(supervisor)).ErrorField(),
      "from");
  EXPECT_EQ(api().Get("/api/v1/stats?state=approved", Bearer(supervisor)).ErrorField(), "state");
}

TEST_F(ApiTest, WebUiFilesAreServedOutsideTheApi) {
  const fs::path web = dir_ / "web";
  fs::create_directories(web / "assets");
  std::ofstream(web / "index.html") << "<!doctype html><title>tamga</title>";
  std::ofstream(web / "assets" / "index-3f9a.js") << "console.log('tamga');";
  std::ofstream(web / "favicon.svg") << "<svg xmlns=\"http://www.w3.org/2000/svg\"/>";
  std::ofstream(web / ".env") << "SECRET=1";
  std::ofstream(dir_ / "secret.txt") << "not for the web";
  client_.reset();
  stack_.reset();
  stack_ = StartStack(dir_, clock_, {.web_root = web});
  ASSERT_TRUE(stack_);
  client_ = std::make_unique<Client>(stack_->port);

  httplib::Client http("127.0.0.1", stack_->port);
  auto get = [&](const std::string& path) {
    auto res = http.Get(path);
    EXPECT_TRUE(res) << path;
    return res ? *res : httplib::Response{};
  };
  for (const std::string path : {"/", "/index.html", "/cases/KZ-2022-000001",
                                 "/policies/KZ/permanent-residence/2022-09-22", "/accounts/a.b"}) {
    httplib::Response page = get(path);
    EXPECT_EQ(page.status, 200) << path;
    EXPECT_EQ(page.body, "<!doctype html><title>tamga</title>") << path;
    EXPECT_EQ(page.get_header_value("Content-Type"), "text/html; charset=utf-8") << path;
    EXPECT_EQ(page.get_header_value("Cache-Control"), "no-cache") << path;
  }
  httplib::Response script = get("/assets/index-3f9a.js");
  EXPECT_EQ(script.status, 200);
  EXPECT_EQ(script.body, "console.log('tamga');");
  EXPECT_EQ(script.get_header_value("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_THAT(script.get_header_value("Cache-Control"), HasSubstr("immutable"));
  httplib::Response icon = get("/favicon.svg");
  EXPECT_EQ(icon.get_header_value("Content-Type"), "image/svg+xml");
  EXPECT_EQ(icon.get_header_value("Cache-Control"), "no-cache");

  // Missing assets, hidden files and paths out of the folder are JSON errors, as is the API.
  EXPECT_EQ(api().Get("/assets/missing.js").status, 404);
  EXPECT_EQ(api().Get("/.env").status, 404);
  EXPECT_EQ(
      SendRaw(stack_->port,
              "GET /assets/../../secret.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
      400);
  EXPECT_EQ(SendRaw(stack_->port,
                    "GET /%2e%2e/secret.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
            400);
  EXPECT_EQ(api().Get("/api/v1/nothing-here").status, 404);
  EXPECT_EQ(api().Get("/api/v1/health").body["status"], "ok");
  EXPECT_EQ(api().PostText("/", "{}").status, 404);
}

TEST_F(ApiTest, UnknownRoutesAndMethodsAnswerInJson) {
  Answer unknown = api().Get("/api/v1/nothing-here");
  EXPECT_EQ(unknown.status, 404) << unknown;
  EXPECT_EQ(unknown.ErrorCode(), "not-found");
  EXPECT_EQ(api().Get("/").status, 404);
  EXPECT_EQ(api().Get("/api/v1/cases/").status, 404);
  Answer method = api().Get("/api/v1/auth/login");
  EXPECT_EQ(method.status, 405) << method;
  EXPECT_EQ(method.Header("Allow"), "POST");
  EXPECT_EQ(api().Send("DELETE", "/api/v1/applications/KZ-2022-000001").status, 405);
  EXPECT_EQ(api().Send("PUT", "/api/v1/health").status, 405);
  Answer options = api().Send("OPTIONS", "/api/v1/status");
  EXPECT_EQ(options.status, 200);
  EXPECT_EQ(options.Header("Allow"), "POST");
  EXPECT_EQ(api().Get("/api/v1/health").body["status"], "ok");
  EXPECT_EQ(api().Get("/api/v1/" + std::string(8000, 'a')).status, 404);
  // A path over httplib's length limit is refused by httplib itself, still in JSON.
  EXPECT_EQ(api().Get("/api/v1/" + std::string(10000, 'a')).status, 414);
}

// Sends `request` as is on a new connection and returns the status of the answer, after checking
// that it is JSON.
int SendRaw(int port, const std::string& request) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval timeout{10, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    close(fd);
    ADD_FAILURE() << "cannot connect";
    return 0;
  }
  for (size_t sent = 0; sent < request.size();) {
    ssize_t n = send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<size_t>(n);
  }
  // Reads one answer: its head, then as many bytes as its Content-Length says.
  std::string answer;
  char buffer[4096];
  auto complete = [&answer] {
    size_t head = answer.find("\r\n\r\n");
    if (head == std::string::npos) return false;
    size_t length = 0;
    if (size_t at = answer.find("Content-Length: "); at != std::string::npos && at < head) {
      length = std::stoul(answer.substr(at + 16));
    }
    return answer.size() >= head + 4 + length;
  };
  for (ssize_t n; !complete() && (n = recv(fd, buffer, sizeof buffer, 0)) > 0;) {
    answer.append(buffer, n);
  }
  close(fd);
  EXPECT_THAT(answer, HasSubstr("Content-Type: application/json")) << answer;
  int status = 0;
  std::sscanf(answer.c_str(), "HTTP/1.1 %d", &status);
  return status;
}

TEST_F(ApiTest, OutOfRangeNumbersDuplicateKeysAndHiddenCharactersAreRefusedNamingTheField) {
  // Issue 9: a number beyond a double's range answered 500 on any JSON route.
  Answer huge = api().PostText("/api/v1/auth/login", R"({"name":"a","password":1e999999})");
  EXPECT_EQ(huge.status, 400) << huge;
  EXPECT_EQ(huge.ErrorField(), "body");
  // Two values for one field: refused, not the last one silently kept.
  Answer twice = api().PostText("/api/v1/auth/login",
                                R"({"name":"officer.kz","name":"admin","password":"x"})");
  EXPECT_EQ(twice.status, 400) << twice;
  EXPECT_EQ(twice.ErrorField(), "name");
  // A NUL was stored whole in the case and cut in the list column; bidi overrides reorder text.
  for (auto [field, value] :
       std::vector<std::pair<std::string, std::string>>{{"surname", std::string("IVA\0NOV", 7)},
                                                        {"givenNames", "IVAN\u202E"},
                                                        {"nativeName", "Иванов\x01"}}) {
    json application = KzApplication();
    application["applicant"][field] = value;
    Answer a = api().Post("/api/v1/applications", application);
    EXPECT_EQ(a.status, 400) << field << ": " << a;
    EXPECT_EQ(a.ErrorField(), "applicant." + field) << a;
  }
}

TEST_F(ApiTest, EveryAnswerCarriesSecurityHeadersAndDataFilesArePrivate) {
  // Issue 9: only X-Content-Type-Options was set, so any site could frame the login page.
  for (const std::string path : {"/api/v1/health", "/api/v1/nope"}) {
    Answer a = api().Get(path);
    EXPECT_EQ(a.Header("X-Content-Type-Options"), "nosniff") << path;
    EXPECT_THAT(a.Header("Content-Security-Policy"), HasSubstr("frame-ancestors 'self'")) << path;
    EXPECT_EQ(a.Header("X-Frame-Options"), "SAMEORIGIN") << path;
    EXPECT_EQ(a.Header("Referrer-Policy"), "no-referrer") << path;
  }
  // tamga.db (cases, accounts' password hashes) was world-readable.
  Submit();
  if (store::TestsOnPostgres()) return;  // no database file: PostgreSQL keeps its own
  auto perms = fs::status(dir_ / "tamga.db").permissions();
  EXPECT_EQ(perms & (fs::perms::group_all | fs::perms::others_all), fs::perms::none);
}

TEST_F(ApiTest, AStorageFailureNamesNoServerPath) {
  // Issue 9: error messages showed server paths (the files folder). Make the files folder a file.
  Submitted s = Submit();
  api().AllowUnavailable();
  fs::remove_all(dir_ / "files");
  { std::ofstream(dir_ / "files") << "not a folder"; }
  Answer a = api().Upload("/api/v1/applications/" + s.number + "/documents",
                          NocUpload(cases::DemoPdf("certificate")), AccessCode(s.code));
  EXPECT_EQ(a.status, 503) << a;
  EXPECT_THAT(a.raw, HasSubstr("incident"));
  EXPECT_THAT(a.raw, Not(HasSubstr(dir_.string())));
  EXPECT_THAT(a.raw, Not(HasSubstr("files")));
}

TEST_F(ApiTest, AnOfficerWithdrawsOrRedecidesOnlyACaseTheyHold) {
  // Issue 9: a second officer withdrew or re-decided a case another officer held (200).
  Submitted s = Submit();
  const std::string cases = "/api/v1/cases/" + s.number;
  const std::string first = Login("officer.kz"), second = Login("officer2.kz");
  EXPECT_EQ(api().Post(cases + "/withdraw", json{{"reason", "x"}}, Bearer(second)).status, 409);
  ASSERT_EQ(api().PostText(cases + "/claim", "{}", Bearer(first)).status, 200);
  Answer redecide = api().PostText(cases + "/redecide", "{}", Bearer(second));
  EXPECT_EQ(redecide.status, 409) << redecide;
  EXPECT_THAT(redecide.raw, HasSubstr("held by officer.kz"));
  EXPECT_EQ(api().Post(cases + "/withdraw", json{{"reason", "x"}}, Bearer(second)).status, 409);
  EXPECT_EQ(api().PostText(cases + "/redecide", "{}", Bearer(first)).status, 200);
  Answer withdrawn =
      api().Post(cases + "/withdraw", json{{"reason", "asked by phone"}}, Bearer(first));
  EXPECT_EQ(withdrawn.status, 200) << withdrawn;
  EXPECT_EQ(withdrawn.body["state"], "withdrawn");
}

TEST_F(ApiTest, HostileRequestsGetJsonErrorsNever5xx) {
  // Bodies over the limit in chunks (no Content-Length to refuse them by) and compressed.
  Answer chunked = api().PostChunked("/api/v1/applications", 3 * 1024 * 1024);
  EXPECT_EQ(chunked.status, 413) << chunked;
  EXPECT_EQ(chunked.ErrorField(), "body");
  Answer bomb = api().PostCompressed("/api/v1/applications", std::string(64 * 1024 * 1024, ' '));
  EXPECT_EQ(bomb.status, 413) << bomb;
  Answer small = api().PostCompressed("/api/v1/auth/login", R"({"name": "x", "password": "y"})");
  EXPECT_EQ(small.status, 401) << small;

  const int port = stack_->port;
  EXPECT_EQ(SendRaw(port, "GARBAGE\r\n\r\n"), 400);
  EXPECT_EQ(SendRaw(port,
                    "POST /api/v1/applications HTTP/1.1\r\nHost: x\r\n"
                    "Content-Encoding: gzip\r\nContent-Length: 2\r\n"
                    "Connection: close\r\n\r\n{}"),
            400);
  const std::string not_a_part = "--zz\r\nnot a part\r\n";
  EXPECT_EQ(SendRaw(port,
                    "POST /api/v1/applications/KZ-2022-000001/documents HTTP/1.1\r\n"
                    "Host: x\r\nX-Access-Code: A\r\nConnection: close\r\n"
                    "Content-Type: multipart/form-data; boundary=zz\r\nContent-Length: " +
                        std::to_string(not_a_part.size()) + "\r\n\r\n" + not_a_part),
            400);

  // Many form parts.
  Submitted s = Submit();
  httplib::MultipartFormDataItems parts;
  for (int i = 0; i < 40; ++i) parts.push_back({"kind", "passport", "", ""});
  Answer many =
      api().Upload("/api/v1/applications/" + s.number + "/documents", parts, AccessCode(s.code));
  EXPECT_EQ(many.status, 413) << many;

  // The server still serves.
  EXPECT_EQ(api().Get("/api/v1/health").status, 200);
}

// Collects every "$ref" in a JSON document.
void Refs(const json& j, std::vector<std::string>& out) {
  if (j.is_object()) {
    for (const auto& [key, value] : j.items()) {
      if (key == "$ref" && value.is_string()) out.push_back(value);
      Refs(value, out);
    }
  } else if (j.is_array()) {
    for (const json& item : j) Refs(item, out);
  }
}

TEST_F(ApiTest, OpenApiDocumentAndDocsListEveryRoute) {
  Answer doc = api().Get("/api/v1/openapi.json");
  ASSERT_EQ(doc.status, 200);
  EXPECT_EQ(doc.body["openapi"], "3.1.0");
  std::set<std::string> operation_ids;
  for (const Route& route : Routes()) {
    std::string method(route.method);
    for (char& c : method) c = static_cast<char>(std::tolower(c));
    const json& op = doc.body["paths"][std::string(route.path)][method];
    ASSERT_TRUE(op.is_object()) << route.method << " " << route.path;
    EXPECT_TRUE(operation_ids.insert(op["operationId"]).second) << op["operationId"];
  }
  std::vector<std::string> refs;
  Refs(doc.body, refs);
  EXPECT_FALSE(refs.empty());
  for (const std::string& ref : refs) {
    ASSERT_TRUE(ref.starts_with("#/"));
    EXPECT_TRUE(doc.body.contains(json::json_pointer(ref.substr(1)))) << ref;
  }

  std::ifstream in("docs/api.md");
  ASSERT_TRUE(in) << "docs/api.md";
  std::stringstream read;
  read << in.rdbuf();
  const std::string text = read.str();
  const std::string begin = "<!-- routes:begin -->\n";
  size_t start = text.find(begin);
  size_t end = text.find("<!-- routes:end -->");
  ASSERT_TRUE(start != std::string::npos && end != std::string::npos && start < end);
  EXPECT_EQ(text.substr(start + begin.size(), end - start - begin.size()), RoutesMarkdown())
      << "docs/api.md is out of date; its route table should read:\n"
      << RoutesMarkdown();
}

// Issue 9: the same Idempotency-Key twice made two cases. A retry now gets the first outcome
// (the same number and access code, 200 and Idempotent-Replayed), a different request with the
// same key 409, a malformed key 400; uploads alike. Concurrent retries make one case.
TEST_F(ApiTest, IdempotencyKeysMakeRetriesSafe) {
  const httplib::Headers key = {{"Idempotency-Key", "7f1c9a1e-5d2b-4b7e-9d1a-3c6f0e2a8b41"}};
  Answer first = api().Post("/api/v1/applications", KzApplication(), key);
  ASSERT_EQ(first.status, 201) << first;
  Answer again = api().Post("/api/v1/applications", KzApplication(), key);
  ASSERT_EQ(again.status, 200) << again;
  EXPECT_EQ(again.Header("Idempotent-Replayed"), "true");
  EXPECT_EQ(again.body["number"], first.body["number"]);
  EXPECT_EQ(again.body["accessCode"], first.body["accessCode"]);
  json other = KzApplication();
  other["applicant"]["surname"] = "PETROV";
  Answer changed = api().Post("/api/v1/applications", other, key);
  EXPECT_EQ(changed.status, 409) << changed;
  EXPECT_EQ(changed.ErrorField(), "Idempotency-Key");
  Answer bad = api().Post("/api/v1/applications", KzApplication(), {{"Idempotency-Key", "x"}});
  EXPECT_EQ(bad.status, 400) << bad;
  EXPECT_EQ(bad.ErrorField(), "Idempotency-Key");
  // The access code is not stored in the clear for the replay.
  {
    auto tx = stack_->db->Begin();
    auto rows = tx->Query("SELECT sealed FROM idempotency_keys");
    ASSERT_TRUE(rows.has_value());
    ASSERT_EQ(rows->size(), 1u);
    EXPECT_EQ(rows->front().Text(0).find(first.body["accessCode"].get<std::string>()),
              std::string::npos);
  }

  // Concurrent retries of one submission: one case.
  const httplib::Headers racing = {{"Idempotency-Key", "race-0123456789abcdef"}};
  std::vector<std::thread> threads;
  std::mutex mutex;
  std::set<std::string> numbers;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      Client client(stack_->port);
      Answer a = client.Post("/api/v1/applications", KzApplication(), racing);
      std::lock_guard lock(mutex);
      if (a.status == 200 || a.status == 201) numbers.insert(a.body.value("number", ""));
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(numbers.size(), 1u);

  // Uploads: the retried upload adds no second document.
  const std::string number = first.body["number"];
  const std::string code = first.body["accessCode"];
  httplib::Headers upload_key = AccessCode(code);
  upload_key.emplace("Idempotency-Key", "upload-0123456789abcdef");
  const std::string pdf = cases::DemoPdf("No objection");
  Answer up =
      api().Upload("/api/v1/applications/" + number + "/documents", NocUpload(pdf), upload_key);
  ASSERT_EQ(up.status, 201) << up;
  Answer up_again =
      api().Upload("/api/v1/applications/" + number + "/documents", NocUpload(pdf), upload_key);
  ASSERT_EQ(up_again.status, 200) << up_again;
  EXPECT_EQ(up_again.body["document"]["id"], up.body["document"]["id"]);
  Answer status = api().Post("/api/v1/status", json{{"number", number}, {"accessCode", code}});
  EXPECT_EQ(status.body["documents"].size(), up.body["case"]["documents"].size()) << status;
}

// Issue 9: 126 wrong passwords in 21 s without throttling; no password change, no disabling, no
// revoking sessions; a supervisor logging in with a password alone.
TEST_F(ApiTest, StaffAccountsLockChangeDisableAndAskSupervisorsForACode) {
  for (int i = 0; i < 5; ++i) {
    Answer wrong = api().Post(
        "/api/v1/auth/login",
        json{{"name", "officer.kz"}, {"password", "not the password " + std::to_string(i)}});
    ASSERT_EQ(wrong.status, 401) << wrong;
  }
  Answer locked =
      api().Post("/api/v1/auth/login", json{{"name", "officer.kz"}, {"password", kPassword}});
  EXPECT_EQ(locked.status, 429) << locked;
  EXPECT_FALSE(locked.Header("Retry-After").empty());
  EXPECT_EQ(locked.body["error"]["code"], "locked");

  // A supervisor needs the one-time code.
  Answer no_code =
      api().Post("/api/v1/auth/login", json{{"name", "supervisor.kz"}, {"password", kPassword}});
  EXPECT_EQ(no_code.status, 401) << no_code;
  EXPECT_EQ(no_code.ErrorField(), "otp");

  // Changing one's password ends one's other sessions; a weak one is refused naming the field.
  const std::string first = Login("officer2.kz"), second = Login("officer2.kz");
  Answer weak = api().Post("/api/v1/auth/password",
                           json{{"currentPassword", kPassword}, {"newPassword", "password1234"}},
                           Bearer(first));
  EXPECT_EQ(weak.status, 400) << weak;
  EXPECT_EQ(weak.ErrorField(), "newPassword");
  Answer changed =
      api().Post("/api/v1/auth/password",
                 json{{"currentPassword", kPassword}, {"newPassword", "amber lantern harbor nine"}},
                 Bearer(first));
  ASSERT_EQ(changed.status, 200) << changed;
  EXPECT_EQ(api().Get("/api/v1/cases", Bearer(first)).status, 200);
  EXPECT_EQ(api().Get("/api/v1/cases", Bearer(second)).status, 401);

  // A supervisor of KZ disables a KZ officer (its sessions end), not an LV one or an admin.
  const std::string supervisor = Login("supervisor.kz");
  EXPECT_EQ(api().PostText("/api/v1/accounts/officer.lv/disable", "", Bearer(supervisor)).status,
            403);
  EXPECT_EQ(api().PostText("/api/v1/accounts/admin/disable", "", Bearer(supervisor)).status, 403);
  Answer disabled = api().PostText("/api/v1/accounts/officer2.kz/disable", "", Bearer(supervisor));
  ASSERT_EQ(disabled.status, 200) << disabled;
  EXPECT_EQ(disabled.body["disabled"], true);
  EXPECT_EQ(api().Get("/api/v1/cases", Bearer(first)).status, 401);
  Answer refused =
      api().Post("/api/v1/auth/login",
                 json{{"name", "officer2.kz"}, {"password", "amber lantern harbor nine"}});
  EXPECT_EQ(refused.status, 403) << refused;
  ASSERT_EQ(api().PostText("/api/v1/accounts/officer2.kz/enable", "", Bearer(supervisor)).status,
            200);
  const std::string again = Login("officer.lv");
  Answer revoked =
      api().PostText("/api/v1/accounts/officer.lv/revoke-sessions", "", Bearer(Login("admin")));
  ASSERT_EQ(revoked.status, 200) << revoked;
  EXPECT_GE(revoked.body["sessionsEnded"], 1);
  EXPECT_EQ(api().Get("/api/v1/cases", Bearer(again)).status, 401);

  // Logins, failures, lockouts and account acts are in the audit chain.
  auto tx = stack_->db->Begin();
  auto rows = tx->Query(
      "SELECT action, COUNT(*) FROM audit_log WHERE action LIKE 'auth.%' OR action LIKE "
      "'account.%' GROUP BY action");
  ASSERT_TRUE(rows.has_value());
  std::map<std::string, int64_t> counts;
  for (const auto& r : *rows) counts[r.Text(0)] = r.Int(1);
  EXPECT_EQ(counts["auth.login-failed"], 7) << "5 wrong, the missing code, the disabled account";
  EXPECT_EQ(counts["auth.locked"], 1);
  EXPECT_GE(counts["auth.login"], 4);
  EXPECT_EQ(counts["account.password"], 1);
  EXPECT_EQ(counts["account.disable"], 1);
  EXPECT_EQ(counts["account.enable"], 1);
  EXPECT_EQ(counts["account.revoke-sessions"], 1);
  EXPECT_GE(counts["account.create"], 8);
}

// The case page polls a case's revision: nothing personal, so nothing audited (issue 9: each
// poll of the full case wrote a hash-chained case.read).
TEST_F(ApiTest, PollingARevisionWritesNoAuditEntry) {
  Submitted s = Submit();
  const std::string officer = Login("officer.kz");
  auto reads = [&] {
    auto tx = stack_->db->Begin();
    auto rows = tx->Query("SELECT COUNT(*) FROM audit_log WHERE action = 'case.read'");
    return rows->front().Int(0);
  };
  int64_t before = reads();
  for (int i = 0; i < 5; ++i) {
    Answer r = api().Get("/api/v1/cases/" + s.number + "/revision", Bearer(officer));
    ASSERT_EQ(r.status, 200) << r;
    EXPECT_GE(r.body["revision"], 1);
    EXPECT_FALSE(r.body.contains("application"));
  }
  EXPECT_EQ(reads(), before);
  EXPECT_EQ(
      api().Get("/api/v1/cases/" + s.number + "/revision", Bearer(Login("officer.lv"))).status,
      403);
}

TEST_F(ApiTest, ConcurrentSubmissionsAreAllCommitted) {
  constexpr int kThreads = 6;
  constexpr int kEach = 4;
  std::mutex mutex;
  std::set<std::string> numbers;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      Client client(stack_->port);
      for (int i = 0; i < kEach; ++i) {
        Answer a = client.Post("/api/v1/applications", KzApplication());
        EXPECT_EQ(a.status, 201) << a;
        std::lock_guard lock(mutex);
        numbers.insert(a.body.value("number", ""));
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(numbers.size(), static_cast<size_t>(kThreads * kEach));
  Restart();
  Answer list = api().Get("/api/v1/cases?pageSize=200", Bearer(Login("officer.kz")));
  EXPECT_EQ(list.body["total"], kThreads * kEach) << list;
}

TEST(JsonInputTest, Utf8Validation) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("Иванов 𝄞 ǅ"));
  EXPECT_FALSE(IsValidUtf8("\xC3\x28"));          // bad continuation
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate U+D800
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xE2\x82"));          // truncated
  EXPECT_FALSE(IsValidUtf8("\xFF"));
}

// The text of a PDF as pdftotext (poppler-utils) extracts it, UTF-8.
std::string PdfText(const fs::path& dir, const std::string& pdf) {
  const fs::path file = dir / "notice.pdf";
  std::ofstream(file, std::ios::binary) << pdf;
  std::string command = "pdftotext -enc UTF-8 '" + file.string() + "' -";
  std::string text;
  if (FILE* pipe = popen(command.c_str(), "r")) {
    char buffer[4096];
    for (size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) text.append(buffer, n);
    pclose(pipe);
  }
  return text;
}

// Words separated by any run of white space (pdftotext breaks lines and keeps no-break spaces).
std::string Squeezed(const std::string& text) {
  std::string out;
  bool space = false;
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    bool nbsp = c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xA0;
    if (c == ' ' || c == '\n' || c == '\t' || c == '\f' || nbsp) {
      if (nbsp) ++i;
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += text[i];
  }
  return out;
}

// The authority fixes the filing time; an officer entering a paper application may record an
// earlier receipt with a reason, which the case, its history and its audit trail show.
TEST_F(ApiTest, AnOfficerRecordsAPaperReceiptWithAReasonAndItShows) {
  clock_.Set("2022-09-23T03:00:00.000Z");  // 09:00 in Almaty
  const std::string officer = Login("officer.kz");
  json paper = KzApplication();
  paper["received"] = {{"at", "2022-09-21T17:30:00+06:00"},
                       {"reason", "received at the Almaty counter during a system outage"}};
  Answer submitted = api().Post("/api/v1/applications", paper, Bearer(officer));
  ASSERT_EQ(submitted.status, 201) << submitted;
  EXPECT_EQ(submitted.body["filingDate"], "2022-09-21");
  EXPECT_EQ(submitted.body["filedLocalTime"], "2022-09-21T17:30:00+06:00");
  EXPECT_EQ(submitted.body["receiptReason"],
            "received at the Almaty counter during a system outage");
  // Filed before the consent was enforced: decided under the earlier version.
  EXPECT_EQ(submitted.body["decision"]["policyVersion"], "KZ/permanent-residence/2020-01-01");
  const std::string number = submitted.body["number"];
  Answer c = api().Get("/api/v1/applications/" + number, Bearer(officer));
  ASSERT_EQ(c.status, 200) << c;
  const json& receipt = c.body["application"]["receipt"];
  EXPECT_EQ(receipt["filedAt"], "2022-09-21T11:30:00.000Z");
  EXPECT_EQ(receipt["recordedAt"], "2022-09-23T03:00:00.000Z");
  EXPECT_EQ(receipt["recordedBy"], "officer.kz");
  EXPECT_EQ(receipt["timeZone"], "Asia/Almaty");
  EXPECT_THAT(c.body["history"][0]["reason"].get<std::string>(), HasSubstr("system outage"));
  Answer audit = api().Get("/api/v1/cases/" + number + "/audit", Bearer(officer));
  ASSERT_EQ(audit.status, 200) << audit;
  EXPECT_EQ(audit.body["entries"][0]["details"]["receiptReason"],
            "received at the Almaty counter during a system outage");

  // Outside the officer's scope, without a reason, in the future: refused, nothing stored.
  json lv = paper;
  lv["jurisdiction"] = "LV";
  lv["kind"] = "visa";
  EXPECT_EQ(api().Post("/api/v1/applications", lv, Bearer(officer)).status, 403);
  json no_reason = paper;
  no_reason["received"].erase("reason");
  EXPECT_EQ(api().Post("/api/v1/applications", no_reason, Bearer(officer)).ErrorField(),
            "received.reason");
  json future = paper;
  future["received"]["at"] = "2022-09-24T09:00:00+06:00";
  EXPECT_EQ(api().Post("/api/v1/applications", future, Bearer(officer)).ErrorField(),
            "received.at");
  EXPECT_EQ(api().Get("/api/v1/cases", Bearer(officer)).body["total"], 1);
}

TEST_F(ApiTest, HealthShowsTheClockAndLocalTimes) {
  clock_.Set("2022-09-21T18:30:00.000Z");
  Answer health = api().Get("/api/v1/health");
  ASSERT_EQ(health.status, 200) << health;
  EXPECT_EQ(health.body["clock"]["now"], "2022-09-21T18:30:00.000Z");
  EXPECT_EQ(health.body["clock"]["jurisdictions"]["KZ"]["localTime"], "2022-09-22T00:30:00+06:00");
  EXPECT_EQ(health.body["clock"]["jurisdictions"]["LV"]["timeZone"], "Europe/Riga");
  EXPECT_EQ(health.body["clock"]["jurisdictions"]["LV"]["localTime"], "2022-09-21T21:30:00+03:00");
}

// A refused applicant receives a notice in their language: the PDF names the decisive ground,
// its legal basis and the appeal deadline; its code and hash verify, a changed byte does not.
TEST_F(ApiTest, ARefusedApplicantDownloadsAVerifiableNoticeInRussian) {
  clock_.Set("2022-09-26T07:00:00.000Z");  // 10:00 in Riga
  json visa = KzApplication();
  visa["jurisdiction"] = "LV";
  visa["kind"] = "visa";
  visa["purpose"] = "tourism";
  visa["language"] = "ru";
  Answer submitted = api().Post("/api/v1/applications", visa);
  ASSERT_EQ(submitted.status, 201) << submitted;
  const std::string number = submitted.body["number"];
  const std::string code = submitted.body["accessCode"];
  ASSERT_EQ(submitted.body["decision"]["outcome"], "refuse") << submitted;
  const json decisive = submitted.body["decision"]["decisiveGrounds"];
  ASSERT_EQ(decisive.size(), 1u) << submitted;
  EXPECT_EQ(decisive[0]["ruleId"], "lv-visa-mobilisation-refusal");
  EXPECT_EQ(decisive[0]["formGround"], 7);
  const std::string reason_ru = decisive[0]["reasonIn"]["ru"];
  const std::string citation_ru = decisive[0]["citationIn"]["ru"];

  const std::string lv = Login("officer.lv");
  const std::string cases = "/api/v1/cases/" + number;
  ASSERT_EQ(api().PostText(cases + "/claim", "{}", Bearer(lv)).status, 200);
  ASSERT_EQ(api().PostText(cases + "/validate", "{}", Bearer(lv)).status, 200);
  ASSERT_EQ(api().PostText(cases + "/claim", "{}", Bearer(lv)).status, 200);
  json ground = decisive[0];
  ground.erase("reasonIn");
  ground.erase("citationIn");
  Answer refused = api().Post(cases + "/refuse", json{{"grounds", {ground}}}, Bearer(lv));
  ASSERT_EQ(refused.status, 200) << refused;

  Answer status = api().Get("/api/v1/status/" + number + "?code=" + code);
  ASSERT_EQ(status.status, 200) << status;
  EXPECT_EQ(status.body["appealDeadline"], "2022-10-26");  // 30 days from the notice
  json notice;
  for (const json& n : status.body["notices"]) {
    if (n["kind"] == "refusal") notice = n;
  }
  ASSERT_FALSE(notice.is_null()) << status;
  EXPECT_EQ(notice["language"], "ru");
  const std::string path =
      "/api/v1/applications/" + number + "/notices/" + notice["code"].get<std::string>();
  EXPECT_EQ(api().Get(path).status, 401);
  EXPECT_EQ(api().Get(path, AccessCode("WRONGCODE0")).status, 404);
  Answer pdf = api().Get(path + "?format=pdf", AccessCode(code));
  ASSERT_EQ(pdf.status, 200) << pdf.status;
  EXPECT_EQ(pdf.Header("Content-Type"), "application/pdf");
  ASSERT_TRUE(pdf.raw.starts_with("%PDF-"));
  std::string text = Squeezed(PdfText(dir_, pdf.raw));
  EXPECT_THAT(text, HasSubstr(Squeezed(reason_ru).substr(0, 60))) << text;
  EXPECT_THAT(text, HasSubstr("810/2009")) << text;
  EXPECT_THAT(text, HasSubstr(Squeezed(citation_ru).substr(0, 40))) << text;
  EXPECT_THAT(text, HasSubstr("26 октября 2022")) << text;
  EXPECT_THAT(text, HasSubstr(notice["code"].get<std::string>())) << text;
  Answer html = api().Get(path + "?format=html", AccessCode(code));
  ASSERT_EQ(html.status, 200);
  EXPECT_THAT(html.raw, HasSubstr("lang=\"ru\""));

  // Anyone can check a notice by its code and content, and learns nothing about the person.
  const std::string verify = "/api/v1/notices/verify/" + notice["code"].get<std::string>();
  Answer ok = api().Get(verify + "?sha256=" + notice["sha256"].get<std::string>());
  ASSERT_EQ(ok.status, 200) << ok;
  EXPECT_EQ(ok.body["issued"], true);
  EXPECT_EQ(ok.body["matches"], true);
  EXPECT_EQ(ok.body["kind"], "refusal");
  EXPECT_THAT(ok.raw, Not(HasSubstr("IVANOV")));
  EXPECT_THAT(ok.raw, Not(HasSubstr(number)));
  Answer by_file = api().Upload(verify, {{"file", pdf.raw, "notice.pdf", "application/pdf"}});
  EXPECT_EQ(by_file.body["matches"], true) << by_file;
  std::string changed = pdf.raw;
  changed[changed.size() / 2] ^= 0x01;
  Answer tampered = api().Upload(verify, {{"file", changed, "notice.pdf", "application/pdf"}});
  EXPECT_EQ(tampered.body["issued"], true) << tampered;
  EXPECT_EQ(tampered.body["matches"], false) << tampered;
  EXPECT_EQ(api()
                .Get("/api/v1/notices/verify/AAAA-BBBB-CCCC-DDDD?sha256=" +
                     notice["sha256"].get<std::string>())
                .body["issued"],
            false);
  EXPECT_EQ(api().Get(verify + "?sha256=abc").ErrorField(), "sha256");

  // The notice's hash is in the audit chain.
  Answer audit = api().Get("/api/v1/cases/" + number + "/audit", Bearer(lv));
  bool chained = false;
  for (const json& e : audit.body["entries"]) {
    chained =
        chained || (e["action"] == "notice.issue" && e["details"]["sha256"] == notice["sha256"]);
  }
  EXPECT_TRUE(chained) << audit;

  // After the deadline the appeal is refused; on its last day it is accepted.
  clock_.Set("2022-10-26T22:00:00.000Z");  // 27 October in Riga
  Answer late = api().Post("/api/v1/applications/" + number + "/appeal",
                           json{{"reason", "I travel to a funeral"}}, AccessCode(code));
  EXPECT_EQ(late.status, 409) << late;
  clock_.Set("2022-10-26T20:00:00.000Z");  // 23:00 on 26 October in Riga
  Answer appealed = api().Post("/api/v1/applications/" + number + "/appeal",
                               json{{"reason", "I travel to a funeral"}}, AccessCode(code));
  EXPECT_EQ(appealed.status, 200) << appealed;
}

// Tests with screening on: the demo entry-ban list of Latvia imported as a real operator would.
class ScreeningApiTest : public ApiTest {
 protected:
  void SetUp() override {
    stack_options_.screening = true;
    ApiTest::SetUp();
  }

  // Imports `csv` as the next version of lv-entry-bans and re-screens open cases; returns the new
  // hits.
  int64_t ImportLvList(const std::string& csv) {
    auto parsed = watchlist::ParseCsv(csv);
    EXPECT_TRUE(parsed.has_value());
    watchlist::ImportRequest request{"lv-entry-bans",
                                     watchlist::ListKind::kEntryBan,
                                     std::string(kLvBasis),
                                     std::vector<std::string>{"LV"},
                                     "csv",
                                     "sha",
                                     "test",
                                     clock_.Now()};
    auto version = watchlist::Import(*stack_->db, request, *parsed);
    EXPECT_TRUE(version.has_value()) << version.error().message;
    auto hits = stack_->service->RescreenLists();
    EXPECT_TRUE(hits.has_value()) << hits.error().message;
    return hits.value_or(-1);
  }

  static std::string DemoList() {
    std::ifstream in("demo/watchlists/lv-entry-bans.csv");
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

  static json LvVisa(const std::string& surname, const std::string& given,
                     const std::string& native, const std::string& birth,
                     const std::string& passport) {
    json visa = KzApplication();
    visa["jurisdiction"] = "LV";
    visa["kind"] = "visa";
    visa["purpose"] = "tourism";
    visa["applicant"]["surname"] = surname;
    visa["applicant"]["givenNames"] = given;
    visa["applicant"]["nativeName"] = native;
    visa["applicant"]["birthDate"] = birth;
    visa["applicant"]["passport"]["number"] = passport;
    return visa;
  }

  static constexpr std::string_view kLvBasis = "Immigration Law (Latvia), Section 61";
};

TEST_F(ScreeningApiTest, AListedPersonUnderAnotherSpellingIsHeldThenRefusedOnTheListsBasis) {
  clock_.Set("2022-09-26T07:00:00.000Z");
  ASSERT_EQ(ImportLvList(DemoList()), 0);  // no cases yet
  // Listed as "Иванов Юрий Петрович" (aliases IOURI IVANOV, YURIY IVANOV); applies as IURII, the
  // ICAO 9303 spelling of his 2013 passport.
  Submitted s = Submit(LvVisa("IVANOV", "IURII", "Иванов Юрий", "1979-04-12", "759876543"));
  ASSERT_FALSE(s.number.empty());
  // The applicant sees a case under review, and nothing of the list.
  Answer status = api().Get("/api/v1/status/" + s.number + "?code=" + s.code);
  ASSERT_EQ(status.status, 200) << status;
  EXPECT_EQ(status.body["state"], "ready-for-review");
  EXPECT_FALSE(status.body.contains("screening"));
  EXPECT_THAT(status.raw, Not(HasSubstr("LV-EB-0001")));
  EXPECT_THAT(status.raw, Not(HasSubstr("screening")));

  const std::string lv = Login("officer.lv");
  const std::string cases = "/api/v1/cases/" + s.number;
  Answer c = api().Get("/api/v1/applications/" + s.number, Bearer(lv));
  ASSERT_EQ(c.status, 200) << c;
  EXPECT_EQ(c.body["state"], "screening-review");
  const json& hits = c.body["screening"]["hits"];
  ASSERT_EQ(hits.size(), 1u) << c;
  EXPECT_EQ(hits[0]["source"], "watchlist");
  EXPECT_EQ(hits[0]["list"], "lv-entry-bans");
  EXPECT_EQ(hits[0]["entryId"], "LV-EB-0001");
  EXPECT_EQ(hits[0]["status"], "open");
  EXPECT_GE(hits[0]["score"].get<double>(), watchlist::kHitThreshold);
  // The evidence pairs each part and says how it matched.
  const json& evidence = hits[0]["evidence"];
  EXPECT_EQ(evidence["parts"].size(), 2u) << evidence;
  EXPECT_EQ(evidence["factors"][0]["factor"], "birth-date") << evidence;
  // The queue shows it among the cases waiting for screening review.
  Answer queue = api().Get("/api/v1/cases?state=screening-review", Bearer(lv));
  ASSERT_EQ(queue.status, 200) << queue;
  ASSERT_EQ(queue.body["cases"].size(), 1u);
  EXPECT_EQ(queue.body["cases"][0]["number"], s.number);

  // No outcome is final until the hit is adjudicated.
  ASSERT_EQ(api().PostText(cases + "/claim", "{}", Bearer(lv)).status, 200);
  EXPECT_EQ(api().PostText(cases + "/validate", "{}", Bearer(lv)).status, 409);
  EXPECT_EQ(api().Post(cases + "/approve", json{{"reason", "ok"}}, Bearer(lv)).status, 409);
  // Bad findings are refused naming the field.
  Answer bad =
      api().Post(cases + "/screening/1", json{{"finding", "maybe"}, {"reason", "x"}}, Bearer(lv));
  EXPECT_EQ(bad.status, 400) << bad;
  EXPECT_EQ(bad.ErrorField(), "finding");
  bad = api().Post(cases + "/screening/1", json{{"finding", "same-person"}}, Bearer(lv));
  EXPECT_EQ(bad.status, 400) << bad;
  EXPECT_EQ(bad.ErrorField(), "reason");
  EXPECT_EQ(api()
                .Post(cases + "/screening/9", json{{"finding", "same-person"}, {"reason", "x"}},
                      Bearer(lv))
                .status,
            404);
  EXPECT_EQ(api()
                .Post(cases + "/screening/x", json{{"finding", "same-person"}, {"reason", "x"}},
                      Bearer(lv))
                .status,
            404);
  // Another officer cannot adjudicate a case they do not hold.
  const std::string kz = Login("officer.kz");
  EXPECT_EQ(api()
                .Post(cases + "/screening/1", json{{"finding", "same-person"}, {"reason", "x"}},
                      Bearer(kz))
                .status,
            403);

  Answer confirmed =
      api().Post(cases + "/screening/1",
                 json{{"finding", "same-person"},
                      {"reason", "same birth date and patronymic; photo matches the 2009 visa"}},
                 Bearer(lv));
  ASSERT_EQ(confirmed.status, 200) << confirmed;
  EXPECT_EQ(confirmed.body["state"], "refused");
  const json& grounds = confirmed.body["refusalGrounds"];
  ASSERT_EQ(grounds.size(), 1u) << confirmed;
  EXPECT_EQ(grounds[0]["citation"], kLvBasis);
  EXPECT_EQ(grounds[0]["formGround"], 7);  // Annex VI: threat to public policy or security
  EXPECT_EQ(confirmed.body["screening"]["hits"][0]["status"], "same-person");
  EXPECT_EQ(confirmed.body["screening"]["hits"][0]["adjudicatedBy"], "officer.lv");
  EXPECT_EQ(api()
                .Post(cases + "/screening/1", json{{"finding", "same-person"}, {"reason", "x"}},
                      Bearer(lv))
                .status,
            409);

  // The applicant is told the ground and its legal basis, not the list entry.
  status = api().Get("/api/v1/status/" + s.number + "?code=" + s.code);
  EXPECT_EQ(status.body["state"], "refused");
  EXPECT_EQ(status.body["refusalGrounds"][0]["citation"], kLvBasis);
  EXPECT_THAT(status.raw, Not(HasSubstr("LV-EB-0001")));
  EXPECT_THAT(status.raw, Not(HasSubstr("Threat to national security")));
  // Screening, the finding and the refusal are in the audit trail.
  Answer trail = api().Get(cases + "/audit", Bearer(lv));
  ASSERT_EQ(trail.status, 200) << trail;
  std::set<std::string> actions;
  for (const json& e : trail.body["entries"]) actions.insert(e.value("action", ""));
  EXPECT_THAT(actions, IsSupersetOf({"case.screen", "screening.adjudicate", "case.refuse"}))
      << trail;

  // A second application of the refused person, under yet another spelling, shows the refusal.
  clock_.Set("2022-10-03T07:00:00.000Z");
  Submitted again = Submit(LvVisa("IVANOV", "YURIY", "", "1979-04-12", "751111111"));
  Answer second = api().Get("/api/v1/applications/" + again.number, Bearer(lv));
  ASSERT_EQ(second.status, 200) << second;
  EXPECT_EQ(second.body["state"], "screening-review");
  bool earlier = false;
  for (const json& h : second.body["screening"]["hits"]) {
    if (h["source"] != "application") continue;
    earlier = true;
    EXPECT_EQ(h["entryId"], s.number);
    EXPECT_EQ(h["subject"]["state"], "refused");
    EXPECT_THAT(h["reason"].get<std::string>(), HasSubstr("refused because"));
    EXPECT_THAT(h["reason"].get<std::string>(), HasSubstr(std::string(kLvBasis)));
  }
  EXPECT_TRUE(earlier) << second;

  // Officers find both by name typed in Latin; the Kazakh officer sees no Latvian case.
  Answer found = api().Get("/api/v1/persons?name=Yuriy%20Ivanov", Bearer(lv));
  ASSERT_EQ(found.status, 200) << found;
  std::set<std::string> numbers;
  for (const json& r : found.body["results"]) numbers.insert(r["number"].get<std::string>());
  EXPECT_THAT(numbers, IsSupersetOf({s.number, again.number}));
  Answer kz_found = api().Get("/api/v1/persons?name=Yuriy%20Ivanov", Bearer(kz));
  ASSERT_EQ(kz_found.status, 200);
  EXPECT_TRUE(kz_found.body["results"].empty()) << kz_found;
  EXPECT_EQ(api().Get("/api/v1/persons", Bearer(lv)).ErrorField(), "name");
  EXPECT_EQ(api().Get("/api/v1/persons?name=x&birthDate=1979-13-01", Bearer(lv)).ErrorField(),
            "birthDate");
  // Issue 14: a passport number alone finds exactly the application that carries it, in scope.
  Answer by_passport = api().Get("/api/v1/persons?document=751111111", Bearer(lv));
  ASSERT_EQ(by_passport.status, 200) << by_passport;
  ASSERT_EQ(by_passport.body["results"].size(), 1u) << by_passport;
  EXPECT_EQ(by_passport.body["results"][0]["number"], again.number);
  EXPECT_TRUE(api().Get("/api/v1/persons?document=751111111", Bearer(kz)).body["results"].empty());
  EXPECT_TRUE(api().Get("/api/v1/persons?document=999999999", Bearer(lv)).body["results"].empty());
  EXPECT_EQ(api().Get("/api/v1/persons?document=" + std::string(51, '7'), Bearer(lv)).ErrorField(),
            "document");
}

TEST_F(ScreeningApiTest, AFalsePositiveIsClearedAndNotRaisedAgainUntilARecordChanges) {
  clock_.Set("2022-09-26T07:00:00.000Z");
  ASSERT_EQ(ImportLvList(DemoList()), 0);
  // A namesake of LV-EB-0004 (Петров Сергей Николаевич, 1969-07-30), born the same day.
  Submitted s =
      Submit(LvVisa("PETROV", "SERGEI", "Петров Сергей Николаевич", "1969-07-30", "752222222"));
  const std::string lv = Login("officer.lv");
  const std::string cases = "/api/v1/cases/" + s.number;
  Answer c = api().Get("/api/v1/applications/" + s.number, Bearer(lv));
  ASSERT_EQ(c.body["state"], "screening-review") << c;
  ASSERT_EQ(c.body["screening"]["hits"].size(), 1u) << c;
  EXPECT_EQ(c.body["screening"]["hits"][0]["entryId"], "LV-EB-0004");
  ASSERT_EQ(api().PostText(cases + "/claim", "{}", Bearer(lv)).status, 200);
  Answer cleared = api().Post(
      cases + "/screening/1",
      json{{"finding", "not-same-person"},
           {"reason", "the listed person was born in Pskov; the applicant in Omsk (birth record)"}},
      Bearer(lv));
  ASSERT_EQ(cleared.status, 200) << cleared;
  EXPECT_EQ(cleared.body["state"], "ready-for-review");  // the case goes on as decided
  EXPECT_TRUE(cleared.body["refusalGrounds"].empty());

  // The same list again (a new version with no changes): the pair is not raised again.
  clock_.Set("2022-09-27T07:00:00.000Z");
  EXPECT_EQ(ImportLvList(DemoList()), 0);
  c = api().Get("/api/v1/applications/" + s.number, Bearer(lv));
  EXPECT_EQ(c.body["state"], "ready-for-review");
  EXPECT_EQ(c.body["screening"]["hits"].size(), 1u);

  // The entry changes (a new alias): the changed record is screened again and raises a new hit.
  std::string changed = DemoList();
  changed.replace(changed.find("PETROV SERGUEI"), 14, "PETROV SERGUEI;PETROV SERGEY");
  EXPECT_EQ(ImportLvList(changed), 1);
  c = api().Get("/api/v1/applications/" + s.number, Bearer(lv));
  EXPECT_EQ(c.body["state"], "screening-review");
  ASSERT_EQ(c.body["screening"]["hits"].size(), 2u);
  EXPECT_EQ(c.body["screening"]["hits"][1]["status"], "open");
  EXPECT_EQ(c.body["screening"]["hits"][1]["listVersion"], 3);

  // Supervisors see the versions and what re-screening raised.
  Answer lists = api().Get("/api/v1/watchlists", Bearer(lv));
  ASSERT_EQ(lists.status, 200) << lists;
  ASSERT_EQ(lists.body["lists"].size(), 1u);
  const json& versions = lists.body["lists"][0]["versions"];
  ASSERT_EQ(versions.size(), 3u);
  EXPECT_EQ(versions[0]["version"], 3);
  EXPECT_EQ(versions[0]["changed"], 1);
  EXPECT_EQ(versions[0]["newHits"], 1);
  EXPECT_EQ(versions[1]["newHits"], 0);
  EXPECT_EQ(api().Get("/api/v1/watchlists", Bearer(Login("aliya"))).status, 403);
}

}  // namespace
TEST_F(ScreeningApiTest, AListAppliesOnlyWhereItIsInForceAndAWantedHitIsNoGround) {
  clock_.Set("2022-09-26T07:00:00.000Z");
  ASSERT_EQ(ImportLvList(DemoList()), 0);
  std::ifstream in("demo/watchlists/kz-wanted.csv");
  std::stringstream wanted;
  wanted << in.rdbuf();
  auto parsed = watchlist::ParseCsv(wanted.str());
  ASSERT_TRUE(parsed.has_value());
  watchlist::ImportRequest request{"kz-wanted", watchlist::ListKind::kWanted,
                                   "demo",      std::vector<std::string>{"KZ"},
                                   "csv",       "sha",
                                   "test",      clock_.Now()};
  ASSERT_TRUE(watchlist::Import(*stack_->db, request, *parsed).has_value());
  ASSERT_TRUE(stack_->service->RescreenLists().has_value());

  // Latvia's entry ban does not reach a Kazakh case.
  json kz = KzApplication();
  kz["applicant"]["surname"] = "IVANOV";
  kz["applicant"]["givenNames"] = "IURII";
  kz["applicant"]["nativeName"] = "Иванов Юрий";
  kz["applicant"]["birthDate"] = "1979-04-12";
  Submitted s = Submit(kz);
  const std::string officer = Login("officer.kz");
  Answer c = api().Get("/api/v1/applications/" + s.number, Bearer(officer));
  ASSERT_EQ(c.status, 200) << c;
  EXPECT_NE(c.body["state"], "screening-review") << c;
  EXPECT_TRUE(c.body["screening"]["hits"].empty()) << c;

  // A wanted person is held for review; confirming the hit alerts, it does not refuse.
  kz["applicant"]["surname"] = "VOLKOV";
  kz["applicant"]["givenNames"] = "MAKSIM";
  kz["applicant"]["nativeName"] = "Волков Максим";
  kz["applicant"]["birthDate"] = "1986-03-21";
  kz["applicant"]["passport"]["number"] = "753333333";
  Submitted w = Submit(kz);
  const std::string cases = "/api/v1/cases/" + w.number;
  c = api().Get("/api/v1/applications/" + w.number, Bearer(officer));
  ASSERT_EQ(c.body["state"], "screening-review") << c;
  ASSERT_EQ(c.body["screening"]["hits"].size(), 1u) << c;
  EXPECT_EQ(c.body["screening"]["hits"][0]["listKind"], "wanted");
  ASSERT_EQ(api().PostText(cases + "/claim", "{}", Bearer(officer)).status, 200);
  // Documents may be asked for meanwhile; the case stays held, and cannot be refused by hand.
  Answer asked =
      api().Post(cases + "/request-documents",
                 json{{"kinds", {"employment-contract"}}, {"reason", "the purpose needs it"}},
                 Bearer(officer));
  ASSERT_EQ(asked.status, 200) << asked;
  EXPECT_EQ(asked.body["state"], "screening-review");
  Answer refused = api().Post(
      cases + "/refuse",
      json{{"grounds", {{{"ruleId", "officer"}, {"reason", "wanted"}, {"citation", "x"}}}}},
      Bearer(officer));
  EXPECT_EQ(refused.status, 409) << refused;
  // Each officer sees the lists that apply where they work.
  Answer lists = api().Get("/api/v1/watchlists", Bearer(officer));
  ASSERT_EQ(lists.status, 200) << lists;
  ASSERT_EQ(lists.body["lists"].size(), 1u) << lists;
  EXPECT_EQ(lists.body["lists"][0]["name"], "kz-wanted");
  EXPECT_EQ(api().Get("/api/v1/watchlists", Bearer(Login("auditor"))).body["lists"].size(), 2u);
  Answer confirmed = api().Post(
      cases + "/screening/1",
      json{{"finding", "same-person"}, {"reason", "same birth date, photo; police informed"}},
      Bearer(officer));
  ASSERT_EQ(confirmed.status, 200) << confirmed;
  EXPECT_NE(confirmed.body["state"], "refused");
  EXPECT_NE(confirmed.body["state"], "screening-review");
  EXPECT_TRUE(confirmed.body["refusalGrounds"].empty());
  EXPECT_EQ(confirmed.body["screening"]["hits"][0]["status"], "same-person");
}

// Issue 14: refusals people meet carry a stable reason and its parameters (docs/api.md), which the
// UI words in its language; the English message stays for logs and scripts.
TEST_F(ApiTest, RefusalsCarryStableReasonsForClientsToWord) {
  clock_.Set("2022-09-26T04:00:00.000Z");
  Submitted s = Submit();
  const std::string cases = "/api/v1/cases/" + s.number;
  const std::string first = Login("officer.kz"), second = Login("officer2.kz");
  Answer unclaimed =
      api().Post(cases + "/request-documents",
                 {{"kinds", {"medical-certificate"}}, {"reason", "needed"}}, Bearer(first));
  EXPECT_EQ(unclaimed.status, 409) << unclaimed;
  EXPECT_EQ(unclaimed.body["error"]["reason"], "claim-first");
  ASSERT_EQ(api().Post(cases + "/claim", json::object(), Bearer(first)).status, 200);
  Answer held = api().Post(cases + "/claim", json::object(), Bearer(second));
  EXPECT_EQ(held.status, 409) << held;
  EXPECT_EQ(held.body["error"]["reason"], "held-by-another");
  EXPECT_EQ(held.body["error"]["params"], (json{{"officer", "officer.kz"}}));
  EXPECT_THAT(held.body["error"]["message"].get<std::string>(), HasSubstr("officer.kz"));
  Answer approve = api().Post(cases + "/approve", json::object(), Bearer(first));
  EXPECT_EQ(approve.status, 409) << approve;
  EXPECT_EQ(approve.body["error"]["reason"], "state-forbids");
  EXPECT_EQ(approve.body["error"]["params"]["state"], "awaiting-documents");
  Answer wrong = api().Post("/api/v1/status", {{"number", s.number}, {"accessCode", "WRONGCODE2"}});
  EXPECT_EQ(wrong.status, 404);
  EXPECT_EQ(wrong.body["error"]["reason"], "wrong-access-code");
  // Input errors: a missing field, a wrong type, an unknown field, an impossible date.
  json bad = KzApplication();
  bad["applicant"].erase("surname");
  EXPECT_EQ(api().Post("/api/v1/applications", bad).body["error"]["reason"], "required");
  bad = KzApplication();
  bad["applicant"]["surname"] = 7;
  EXPECT_EQ(api().Post("/api/v1/applications", bad).body["error"]["reason"], "wrong-type");
  bad = KzApplication();
  bad["nickname"] = "x";
  EXPECT_EQ(api().Post("/api/v1/applications", bad).body["error"]["reason"], "unknown-field");
  bad = KzApplication();
  bad["applicant"]["birthDate"] = "1990-02-30";
  Answer date = api().Post("/api/v1/applications", bad);
  EXPECT_EQ(date.ErrorField(), "applicant.birthDate");
  EXPECT_EQ(date.body["error"]["reason"], "not-a-date");
  // An error without a reason has neither key.
  Answer plain = api().Get("/api/v1/cases?sort=number", Bearer(first));
  EXPECT_EQ(plain.ErrorField(), "sort");
  EXPECT_FALSE(plain.body["error"].contains("reason"));
}

// Issue 14: the confirmation page offers the application's receipt as a PDF (the applicant with
// the access code, or an officer at the counter), in the applicant's language or another.
TEST_F(ApiTest, TheApplicantDownloadsTheReceiptOfTheApplication) {
  clock_.Set("2022-09-26T04:00:00.000Z");
  Submitted s = Submit();
  const std::string path = "/api/v1/applications/" + s.number + "/receipt";
  Answer pdf = api().Get(path, AccessCode(s.code));
  ASSERT_EQ(pdf.status, 200) << pdf;
  EXPECT_EQ(pdf.raw.substr(0, 5), "%PDF-");
  std::string text = Squeezed(PdfText(dir_, pdf.raw));
  EXPECT_THAT(text, HasSubstr("Acknowledgement of receipt of an application"));
  EXPECT_THAT(text, HasSubstr(s.number));
  EXPECT_THAT(text, HasSubstr("it is not a decision on it"));
  EXPECT_THAT(text, HasSubstr("A decision is due by"));
  EXPECT_THAT(text, Not(HasSubstr(s.code)));  // the access code is never printed
  std::string ru =
      Squeezed(PdfText(dir_, api().Get(path + "?language=ru", AccessCode(s.code)).raw));
  EXPECT_THAT(ru, HasSubstr("Расписка о приёме заявления"));
  EXPECT_EQ(api().Get(path + "?language=de", AccessCode(s.code)).ErrorField(), "language");
  EXPECT_EQ(api().Get(path, AccessCode("WRONGCODE2")).status, 404);
  EXPECT_EQ(api().Get(path).status, 401);
  EXPECT_EQ(api().Get(path, Bearer(Login("officer.kz"))).status, 200);
  EXPECT_EQ(api().Get(path, Bearer(Login("author"))).status, 403);
}

// Issue 15: asylum claims. Officers with the asylum role in KZ (two, for four eyes) and in LV; the
// other accounts are ApiTest's, without it. Screening is on: it is the identity matcher that finds
// a person's claim from their other cases.
class AsylumApiTest : public ApiTest {
 protected:
  void SetUp() override {
    stack_options_.screening = true;
    ApiTest::SetUp();
    for (auto [name, scope] : std::vector<std::pair<std::string, std::string>>{
             {"asylum.kz", "KZ"}, {"asylum2.kz", "KZ"}, {"asylum.lv", "LV"}}) {
      auto created = stack_->accounts->CreateAccount(name, kPassword, Role::kOfficer, {scope}, {},
                                                     "", {scope});
      ASSERT_TRUE(created.has_value()) << created.error().message;
    }
  }

  // A Russian citizen who left to avoid the September 2022 mobilisation, lodging at a border post.
  static json Claim(const std::string& jurisdiction = "KZ") {
    json claim = KzApplication();
    claim["jurisdiction"] = jurisdiction;
    claim["kind"] = "asylum";
    claim["purpose"] = "international-protection";
    claim["language"] = "ru";
    claim["applicant"]["surname"] = "SOKOLOV";
    claim["applicant"]["givenNames"] = "DMITRII";
    claim["applicant"]["nativeName"] = "Соколов Дмитрий";
    claim["applicant"]["passport"]["number"] = "762345678";
    claim["lodging"] = {{"place", "border-point"}, {"location", "Syrym, Kazakhstan-Russia border"}};
    return claim;
  }

  Submitted Lodge(const json& claim, const std::string& token) {
    Answer a = api().Post("/api/v1/applications", claim, Bearer(token));
    EXPECT_EQ(a.status, 201) << a;
    return {a.body.value("number", ""), a.body.value("accessCode", "")};
  }

  Answer Act(const std::string& number, const std::string& action, const json& body,
             const std::string& token) {
    return api().Post("/api/v1/cases/" + number + "/" + action, body, Bearer(token));
  }

  // Claims the claim, schedules and records its interview: the claim is in examination.
  void Examine(const std::string& number, const std::string& token) {
    ASSERT_EQ(Act(number, "claim", json::object(), token).status, 200);
    Answer scheduled = Act(number, "interview",
                           {{"scheduledFor", "2022-10-05T10:00:00+06:00"},
                            {"place", "Almaty, interview room 2"},
                            {"language", "ru"}},
                           token);
    ASSERT_EQ(scheduled.status, 200) << scheduled;
    EXPECT_EQ(scheduled.body["state"], "interview-scheduled");
    Answer recorded = Act(number, "interview/record",
                          {{"record",
                            "Left Russia on 2022-09-24 after a call-up notice; says he "
                            "will not take part in the war in Ukraine."}},
                          token);
    ASSERT_EQ(recorded.status, 200) << recorded;
    EXPECT_EQ(recorded.body["state"], "examination");
  }

  // Answers every question of the claim's checklist: `yes` for those listed, "no" otherwise.
  // Returns the checklist as it then reads.
  json AnswerAll(const std::string& number, const std::string& token,
                 const std::set<std::string>& yes) {
    Answer list = api().Get("/api/v1/cases/" + number + "/checklist", Bearer(token));
    EXPECT_EQ(list.status, 200) << list;
    for (const json& q : list.body["questions"]) {
      const std::string id = q["id"];
      Answer a = Act(number, "checklist",
                     {{"question", id},
                      {"answer", yes.contains(id) ? "yes" : "no"},
                      {"evidence", "interview record of 2022-10-05"}},
                     token);
      EXPECT_EQ(a.status, 200) << id << ": " << a;
    }
    return api().Get("/api/v1/cases/" + number + "/checklist", Bearer(token)).body;
  }
};

// Done when: a claim by a Russian citizen citing mobilisation is registered and never refused
// automatically, whatever the officer's answers point to.
TEST_F(AsylumApiTest, AClaimCitingMobilisationIsRegisteredAndNeverRefusedAutomatically) {
  clock_.Set("2022-09-28T06:00:00.000Z");
  // The law has the claim lodged in person: no one lodges it through the public form.
  Answer online = api().Post("/api/v1/applications", Claim());
  ASSERT_EQ(online.status, 403) << online;
  EXPECT_EQ(online.body["error"]["reason"], "lodge-in-person");
  // A border officer lodges it, though without the asylum role; the place must be the policy's.
  const std::string border = Login("officer.kz");
  json nowhere = Claim();
  nowhere["lodging"]["place"] = "embassy";
  EXPECT_EQ(api().Post("/api/v1/applications", nowhere, Bearer(border)).ErrorField(),
            "lodging.place");
  Submitted claim = Lodge(Claim(), border);
  const std::string asylum = Login("asylum.kz");
  Answer c = api().Get("/api/v1/applications/" + claim.number, Bearer(asylum));
  ASSERT_EQ(c.status, 200) << c;
  EXPECT_EQ(c.body["state"], "registered");
  EXPECT_EQ(c.body["asylum"]["lodgingPlace"], "border-point");
  // Law of the Republic of Kazakhstan "On Refugees", Art. 11(1): three months from registration.
  EXPECT_EQ(c.body["deadline"], "2022-12-28");
  EXPECT_EQ(c.body["decision"]["outcome"], "questions-remain");
  ASSERT_EQ(c.body["notices"].size(), 1u);
  EXPECT_EQ(c.body["notices"][0]["kind"], "asylum-certificate");
  // The certificate, in the applicant's language: registered, not a decision, the right to stay.
  Answer certificate =
      api().Get("/api/v1/applications/" + claim.number + "/notices/" +
                    c.body["notices"][0]["code"].get<std::string>() + "?format=html",
                AccessCode(claim.code));
  ASSERT_EQ(certificate.status, 200) << certificate;
  // The border officer prints it under their own name; no other officer without the role reads it.
  const std::string certificate_path = "/api/v1/applications/" + claim.number + "/notices/" +
                                       c.body["notices"][0]["code"].get<std::string>();
  EXPECT_EQ(api().Get(certificate_path, Bearer(border)).status, 200);
  EXPECT_EQ(api().Get(certificate_path, Bearer(Login("officer2.kz"))).status, 404);
  EXPECT_THAT(certificate.raw, HasSubstr("зарегистрировано"));
  EXPECT_THAT(certificate.raw, HasSubstr("не является решением"));
  EXPECT_THAT(certificate.raw, HasSubstr("не запрашивает у них документы или согласие"));
  // The applicant sees the claim registered, and nothing of what the engine makes of it.
  Answer status = api().Get("/api/v1/status/" + claim.number + "?code=" + claim.code);
  ASSERT_EQ(status.status, 200) << status;
  EXPECT_EQ(status.body["state"], "registered");
  EXPECT_TRUE(status.body["decision"].is_null());

  // Prosecution for evading the draft alone (every question but the first answered no): the
  // answers point to no protection, and the claim stays with the officers.
  Examine(claim.number, asylum);
  json checklist = AnswerAll(claim.number, asylum, {"outside-country"});
  EXPECT_EQ(checklist["pointsTo"], "protection-not-indicated");
  EXPECT_EQ(checklist["automaticRefusal"], false);
  EXPECT_TRUE(checklist["remaining"].empty());
  Answer after = api().Get("/api/v1/applications/" + claim.number, Bearer(asylum));
  EXPECT_EQ(after.body["state"], "examination");
  EXPECT_TRUE(after.body["refusalGrounds"].empty());
  EXPECT_EQ(after.body["notices"].size(), 1u);  // no refusal notice
  // An objector who would have to take part in acts contrary to humanitarian law: protection is
  // indicated, with the guideline cited among the implications.
  checklist = AnswerAll(claim.number, asylum,
                        {"outside-country", "well-founded-fear", "persecution", "convention-reason",
                         "no-state-protection", "conscientious-objection", "acts-contrary-to-ihl"});
  EXPECT_EQ(checklist["pointsTo"], "protection-indicated");
  std::string implications = checklist["implications"].dump();
  EXPECT_THAT(implications, HasSubstr("Guidelines on International Protection No. 10"));
  // A question the policy does not ask, and an answer without its evidence, are refused.
  EXPECT_EQ(Act(claim.number, "checklist",
                {{"question", "nationality"}, {"answer", "yes"}, {"evidence", "x"}}, asylum)
                .ErrorField(),
            "question");
  EXPECT_EQ(Act(claim.number, "checklist", {{"question", "persecution"}, {"answer", "yes"}}, asylum)
                .ErrorField(),
            "evidence");
}

// Done when: an officer without the asylum role cannot see that the claim exists: 404 as for a
// number never given, in every read, list, search and queue.
TEST_F(AsylumApiTest, WithoutTheAsylumRoleAClaimDoesNotExist) {
  clock_.Set("2022-09-28T06:00:00.000Z");
  const std::string border = Login("officer.kz");
  Submitted claim = Lodge(Claim(), border);
  const std::string unknown = "KZ-2022-999999";
  for (const std::string& token : {border, Login("supervisor.kz"), Login("auditor")}) {
    Answer read = api().Get("/api/v1/applications/" + claim.number, Bearer(token));
    Answer never = api().Get("/api/v1/applications/" + unknown, Bearer(token));
    EXPECT_EQ(read.status, 404) << read;
    EXPECT_EQ(never.status, 404);
    EXPECT_EQ(read.body["error"]["message"].get<std::string>(),
              "no case with number " + claim.number);
    EXPECT_EQ(never.body["error"]["message"].get<std::string>(), "no case with number " + unknown);
    EXPECT_EQ(api().Get("/api/v1/cases/" + claim.number + "/audit", Bearer(token)).status, 404);
    EXPECT_EQ(api().Get("/api/v1/cases/" + claim.number + "/revision", Bearer(token)).status, 404);
  }
  EXPECT_EQ(Act(claim.number, "claim", json::object(), border).status, 404);
  Answer listed = api().Get("/api/v1/cases?kind=asylum", Bearer(border));
  ASSERT_EQ(listed.status, 200) << listed;
  EXPECT_TRUE(listed.body["cases"].empty());
  EXPECT_EQ(api().Post("/api/v1/cases/next", json::object(), Bearer(border)).status, 404);
  Answer found = api().Get("/api/v1/persons?name=Sokolov%20Dmitrii", Bearer(border));
  ASSERT_EQ(found.status, 200) << found;
  EXPECT_THAT(found.raw, Not(HasSubstr(claim.number)));
  // An officer with the role in LV only does not see a KZ claim either (scope answers 403 first).
  EXPECT_EQ(api().Get("/api/v1/applications/" + claim.number, Bearer(Login("asylum.lv"))).status,
            403);
  // With the role in KZ: read, listed, found.
  const std::string asylum = Login("asylum.kz");
  EXPECT_EQ(api().Get("/api/v1/applications/" + claim.number, Bearer(asylum)).status, 200);
  EXPECT_THAT(api().Get("/api/v1/cases?kind=asylum", Bearer(asylum)).raw, HasSubstr(claim.number));
  EXPECT_THAT(api().Get("/api/v1/persons?name=Sokolov%20Dmitrii", Bearer(asylum)).raw,
              HasSubstr(claim.number));
}

// Done when: statistics below the minimum count are suppressed, and claims never show in the
// ordinary figures.
TEST_F(AsylumApiTest, StatisticsOfFewClaimsAreSuppressed) {
  clock_.Set("2022-09-28T06:00:00.000Z");
  const std::string border = Login("officer.kz");
  const std::string supervisor = Login("supervisor.kz");
  Lodge(Claim(), border);
  Answer one = api().Get("/api/v1/stats?from=2022-09-01&to=2022-09-30", Bearer(supervisor));
  ASSERT_EQ(one.status, 200) << one;
  EXPECT_TRUE(one.body["asylum"]["open"].is_null()) << one.body["asylum"];
  EXPECT_TRUE(one.body["asylum"]["received"].is_null());
  EXPECT_EQ(one.body["asylum"]["suppressedBelow"], 10);
  EXPECT_EQ(one.body["open"]["cases"], 0);  // not among the ordinary figures
  int64_t received = 0;
  for (const json& d : one.body["receivedPerDay"]) received += d["count"].get<int64_t>();
  EXPECT_EQ(received, 0);
  EXPECT_TRUE(one.body["oldestOpen"].empty());
  for (int i = 1; i < 10; ++i) {
    json claim = Claim();
    claim["applicant"]["surname"] = "PETROV";
    claim["applicant"]["givenNames"] = "PAVEL" + std::string(1, static_cast<char>('A' + i));
    claim["applicant"]["nativeName"] = "";
    claim["applicant"]["passport"]["number"] = "76000000" + std::to_string(i);
    Lodge(claim, border);
  }
  Answer ten = api().Get("/api/v1/stats?from=2022-09-01&to=2022-09-30", Bearer(supervisor));
  EXPECT_EQ(ten.body["asylum"]["open"], 10) << ten.body["asylum"];
  EXPECT_EQ(ten.body["asylum"]["received"], 10);
  EXPECT_TRUE(ten.body["asylum"]["decided"].is_null());
  EXPECT_EQ(ten.body["open"]["cases"], 0);
}

// Done when: a refusal needs two officers: one proposes it with written grounds once every
// question is answered, another confirms or declines it.
TEST_F(AsylumApiTest, ARefusalNeedsTwoOfficers) {
  clock_.Set("2022-09-28T06:00:00.000Z");
  const std::string first = Login("asylum.kz");
  const std::string second = Login("asylum2.kz");
  Submitted claim = Lodge(Claim(), Login("officer.kz"));
  Examine(claim.number, first);
  const json grounds = {{"grounds",
                         {{{"ruleId", "kz-asylum-not-indicated"},
                           {"reason", "The applicant fears only prosecution for draft evasion."},
                           {"citation", "1951 Convention, Art. 1A(2)"}}}}};
  Answer early = Act(claim.number, "refuse", grounds, first);
  ASSERT_EQ(early.status, 409) << early;
  EXPECT_EQ(early.body["error"]["reason"], "questions-remain");
  AnswerAll(claim.number, first, {"outside-country"});
  EXPECT_EQ(Act(claim.number, "refuse", json{{"grounds", json::array()}}, first).ErrorField(),
            "grounds");
  Answer proposed = Act(claim.number, "refuse", grounds, first);
  ASSERT_EQ(proposed.status, 200) << proposed;
  EXPECT_EQ(proposed.body["state"], "refusal-proposed");
  EXPECT_EQ(proposed.body["notices"].size(), 1u);  // no refusal notice yet
  EXPECT_EQ(proposed.body["assignedOfficer"], "");
  // The proposer cannot confirm their own proposal.
  ASSERT_EQ(Act(claim.number, "claim", json::object(), first).status, 200);
  Answer own = Act(claim.number, "refusal/confirm", json::object(), first);
  EXPECT_EQ(own.status, 403) << own;
  EXPECT_EQ(own.body["error"]["reason"], "four-eyes");
  ASSERT_EQ(Act(claim.number, "release", json::object(), first).status, 200);
  // The second officer declines it: the claim goes back to examination.
  ASSERT_EQ(Act(claim.number, "claim", json::object(), second).status, 200);
  EXPECT_EQ(Act(claim.number, "refusal/decline", json::object(), second).ErrorField(), "reason");
  Answer declined = Act(claim.number, "refusal/decline",
                        {{"reason", "The objection to acts in Ukraine was not examined."}}, second);
  ASSERT_EQ(declined.status, 200) << declined;
  EXPECT_EQ(declined.body["state"], "examination");
  // Proposed again by the second officer, confirmed by the first: refused, with its notice.
  ASSERT_EQ(Act(claim.number, "refuse", grounds, second).status, 200);
  ASSERT_EQ(Act(claim.number, "claim", json::object(), first).status, 200);
  Answer refused = Act(claim.number, "refusal/confirm", json::object(), first);
  ASSERT_EQ(refused.status, 200) << refused;
  EXPECT_EQ(refused.body["state"], "refused");
  EXPECT_EQ(refused.body["notices"].back()["kind"], "refusal");
  EXPECT_EQ(refused.body["refusalGrounds"][0]["reason"],
            "The applicant fears only prosecution for draft evasion.");
  // The applicant never saw the proposal or its withdrawal.
  Answer status = api().Get("/api/v1/status/" + claim.number + "?code=" + claim.code);
  EXPECT_THAT(status.raw, Not(HasSubstr("refusal-proposed")));
  EXPECT_THAT(status.raw, Not(HasSubstr("asylum.propose-refusal")));
}

// Done when: the residence no-objection rule is not applied to a person with a pending claim, and
// the decision says why, citing the law; no removal follows from a refusal of their other case.
TEST_F(AsylumApiTest, TheNoObjectionRuleIsNotAppliedToAPersonWithAPendingClaim) {
  clock_.Set("2022-10-03T06:00:00.000Z");
  // The same person applied for permanent residence first: the consent is asked for.
  json residence = KzApplication();
  residence["applicant"] = Claim()["applicant"];
  residence["applicant"]["surname"] = "SOKOLOFF";  // another spelling, the same passport
  Submitted pr = Submit(residence);
  const std::string officer = Login("officer.kz");
  Answer before = api().Get("/api/v1/applications/" + pr.number, Bearer(officer));
  ASSERT_EQ(before.status, 200) << before;
  EXPECT_EQ(before.body["decision"]["missingDocuments"], json::array({"no-objection-certificate"}));
  // Then a claim: the residence case is flagged and decided again without the consent.
  Submitted claim = Lodge(Claim(), officer);
  Answer after = api().Get("/api/v1/applications/" + pr.number, Bearer(officer));
  ASSERT_EQ(after.status, 200) << after;
  EXPECT_EQ(after.body["protection"]["status"], "asylum-pending");
  EXPECT_EQ(after.body["protection"]["claim"], "");  // which claim: the asylum role's business
  EXPECT_TRUE(after.body["decision"]["missingDocuments"].empty()) << after.body["decision"];
  EXPECT_EQ(after.body["state"], "ready-for-review");
  std::string grounds = after.body["decision"]["grounds"].dump();
  EXPECT_THAT(grounds, HasSubstr("kz-pr-consent-asylum-seeker"));
  EXPECT_THAT(grounds, HasSubstr("Art. 33(1)"));
  EXPECT_THAT(after.raw, Not(HasSubstr(claim.number)));
  EXPECT_EQ(api()
                .Get("/api/v1/applications/" + pr.number, Bearer(Login("asylum.kz")))
                .body["protection"]["claim"],
            claim.number);
  // A second application of the person, filed while the claim is pending, is decided so at once.
  Submitted later = Submit(residence);
  Answer second = api().Get("/api/v1/applications/" + later.number, Bearer(officer));
  EXPECT_EQ(second.body["protection"]["status"], "asylum-pending");
  EXPECT_EQ(second.body["decision"]["outcome"], "eligible");
  // Someone else is still asked for the consent.
  Submitted other = Submit();
  EXPECT_EQ(api()
                .Get("/api/v1/applications/" + other.number, Bearer(officer))
                .body["decision"]["missingDocuments"],
            json::array({"no-objection-certificate"}));
  // Refused on other grounds, the residence case removes no one while the claim is pending.
  const std::string officer2 = Login("officer2.kz");
  for (auto [action, token] :
       {std::pair{"claim", officer}, {"validate", officer}, {"claim", officer2}}) {
    ASSERT_EQ(Act(pr.number, action, json::object(), token).status, 200) << action;
  }
  Answer refused = Act(pr.number, "refuse",
                       {{"grounds",
                         {{{"ruleId", "officer"},
                           {"reason", "The family link was not shown."},
                           {"citation", "Law No. 477-IV, Art. 49"}}}}},
                       officer2);
  ASSERT_EQ(refused.status, 200) << refused;
  Answer notice =
      api().Get("/api/v1/applications/" + pr.number + "/notices/" +
                    refused.body["notices"].back()["code"].get<std::string>() + "?format=html",
                AccessCode(pr.code));
  ASSERT_EQ(notice.status, 200) << notice;
  EXPECT_THAT(notice.raw, HasSubstr("no removal from the country follows"));
}

// A policy author changes an asylum version through the API: its deadline in months, its
// procedure's section kept from the latest version, and a rule that would refuse a claim is an
// error that keeps the draft from being proposed.
TEST_F(AsylumApiTest, AnAsylumDraftKeepsItsProcedureAndCannotRefuse) {
  const fs::path policies = ServeOwnPolicies();
  ASSERT_TRUE(stack_);
  const std::string author = Login("author");
  const std::string xml = ReadText("policies/kz/asylum/2010-01-01/eligibility.dmn");
  json draft = {{"takesEffect", "2027-01-01"},
                {"title", "Kazakhstan: asylum claim (test of a draft)"},
                {"legalAct", "Test order of 2027-01-01"},
                {"article", "1"},
                {"decision", "Eligibility"},
                {"deadlineMonths", 3},
                {"files", {{{"name", "eligibility.dmn"}, {"xml", xml}}}}};
  const std::string drafts = "/api/v1/policies/KZ/asylum/drafts/test";
  Answer tested = api().Post(drafts, draft, Bearer(author));
  ASSERT_EQ(tested.status, 200) << tested;
  EXPECT_EQ(tested.body["loaded"], true) << tested.body;
  EXPECT_EQ(tested.body["errors"], 0) << tested.body;
  EXPECT_EQ(tested.body["failed"], 0) << tested.body;
  const std::string kept = "<outputEntry><text>\"protection-not-indicated\"</text></outputEntry>";
  ASSERT_NE(xml.find(kept), std::string::npos);
  draft["files"][0]["xml"] =
      Replaced(xml, kept, "<outputEntry><text>\"refuse\"</text></outputEntry>");
  Answer refusing = api().Post(drafts, draft, Bearer(author));
  ASSERT_EQ(refusing.status, 200) << refusing;
  EXPECT_EQ(refusing.body["loaded"], false);
  EXPECT_THAT(refusing.body.dump(), HasSubstr("automatic-refusal"));
  EXPECT_THAT(refusing.body["error"].get<std::string>(),
              HasSubstr("only officers decide an asylum claim"));
  Answer proposed = api().Post("/api/v1/policies/KZ/asylum/proposals", draft, Bearer(author));
  EXPECT_EQ(proposed.status, 422) << proposed;
  EXPECT_FALSE(fs::exists(policies / "kz" / "asylum" / "2027-01-01"));
}

// The administrator gives and takes the asylum role; it holds from the account's next request. An
// auditor with it reads a claim's audit trail. Only the applicant withdraws a claim.
TEST_F(AsylumApiTest, TheAsylumRoleIsGivenAndTakenAndOnlyTheApplicantWithdraws) {
  clock_.Set("2022-09-28T06:00:00.000Z");
  const std::string border = Login("officer.kz");
  Submitted claim = Lodge(Claim(), border);
  const std::string read = "/api/v1/applications/" + claim.number;
  ASSERT_EQ(api().Get(read, Bearer(border)).status, 404);
  const std::string admin = Login("admin");
  const std::string grant = "/api/v1/accounts/officer.kz/asylum";
  EXPECT_EQ(api().Post(grant, {{"jurisdictions", {"LV"}}}, Bearer(admin)).ErrorField(),
            "asylum[0]");  // not among officer.kz's jurisdictions
  EXPECT_EQ(api().Post(grant, {{"jurisdictions", {"KZ"}}}, Bearer(Login("supervisor.kz"))).status,
            403);
  Answer given = api().Post(grant, {{"jurisdictions", {"KZ"}}}, Bearer(admin));
  ASSERT_EQ(given.status, 200) << given;
  EXPECT_EQ(given.body["asylum"], json::array({"KZ"}));
  EXPECT_EQ(api().Get(read, Bearer(border)).status, 200);  // the same session
  ASSERT_EQ(api().Post(grant, {{"jurisdictions", json::array()}}, Bearer(admin)).status, 200);
  EXPECT_EQ(api().Get(read, Bearer(border)).status, 404);
  Answer auditor =
      api().Post("/api/v1/accounts/auditor/asylum", {{"jurisdictions", {"KZ"}}}, Bearer(admin));
  ASSERT_EQ(auditor.status, 200) << auditor;
  EXPECT_EQ(api().Get("/api/v1/cases/" + claim.number + "/audit", Bearer(Login("auditor"))).status,
            200);
  // One officer does not end a claim (and the protection it gives) by withdrawing it.
  const std::string asylum = Login("asylum.kz");
  ASSERT_EQ(Act(claim.number, "claim", json::object(), asylum).status, 200);
  Answer officer = Act(claim.number, "withdraw", {{"reason", "no longer needed"}}, asylum);
  EXPECT_EQ(officer.status, 403) << officer;
  EXPECT_EQ(officer.body["error"]["reason"], "applicant-withdraws");
  Answer applicant =
      api().Post("/api/v1/applications/" + claim.number + "/withdraw",
                 {{"reason", "I have left for a third country."}}, AccessCode(claim.code));
  ASSERT_EQ(applicant.status, 200) << applicant;
  EXPECT_EQ(applicant.body["state"], "withdrawn");
}

// Protection is applied only to the claim's own applicant: a namesake born on another day is
// still asked for the consent; and a policy author cannot list claims through a simulation.
TEST_F(AsylumApiTest, ProtectionFollowsTheSamePersonOnlyAndSimulationsDoNotListClaims) {
  clock_.Set("2022-10-03T06:00:00.000Z");
  Lodge(Claim(), Login("officer.kz"));
  json namesake = KzApplication();
  namesake["applicant"] = Claim()["applicant"];
  namesake["applicant"]["birthDate"] = "1991-07-30";
  namesake["applicant"]["passport"]["number"] = "769999999";
  Submitted other = Submit(namesake);
  Answer c = api().Get("/api/v1/applications/" + other.number, Bearer(Login("officer.kz")));
  ASSERT_EQ(c.status, 200) << c;
  EXPECT_TRUE(c.body["protection"].is_null()) << c.body["protection"];
  EXPECT_EQ(c.body["decision"]["missingDocuments"], json::array({"no-objection-certificate"}));

  ServeOwnPolicies();
  ASSERT_TRUE(stack_);
  const std::string author = Login("author");
  json draft = {{"takesEffect", "2027-01-01"},
                {"title", "Kazakhstan: asylum claim (test of a simulation)"},
                {"legalAct", "Test order of 2027-01-01"},
                {"article", "1"},
                {"decision", "Eligibility"},
                {"deadlineMonths", 3},
                {"files",
                 {{{"name", "eligibility.dmn"},
                   {"xml", ReadText("policies/kz/asylum/2010-01-01/eligibility.dmn")}}}}};
  Answer proposed = api().Post("/api/v1/policies/KZ/asylum/proposals", draft, Bearer(author));
  ASSERT_EQ(proposed.status, 201) << proposed;
  Answer simulated =
      api().Post("/api/v1/policies/KZ/asylum/proposals/" +
                     std::to_string(proposed.body["id"].get<int64_t>()) + "/simulate",
                 {{"pending", true}}, Bearer(author));
  EXPECT_EQ(simulated.status, 403) << simulated;
}

}  // namespace tamga::api
