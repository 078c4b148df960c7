// Inside the API: the route table that the dispatcher, the OpenAPI document and docs/api.md are all
// generated from, what a handler receives, and what it answers.
#pragma once

#include <expected>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/multipart.h"
#include "api/request.h"
#include "api/server.h"
#include "cases/model.h"
#include "cases/service.h"
#include "policy/policy.h"

namespace tamga::api {

// An answer other than success. Rendered as {"error": {"code", "field", "message"}}.
struct ApiError {
  int status = 400;
  std::string code;   // "invalid", "unauthorized", "forbidden", "not-found", "conflict", ...
  std::string field;  // the offending input ("applicant.birthDate", "file", "jurisdiction")
  std::string message;
  int retry_after_seconds = 0;  // sent as Retry-After when set (429, 503)
  // A stable code of this refusal and its parameters, for clients to word in their language
  // (cases::Error::reason); sent as "reason" and "params" when set.
  std::string reason = {};
  std::map<std::string, std::string> params = {};
};

ApiError Invalid(std::string field, std::string message);
ApiError Unauthorized(std::string message);
ApiError Forbidden(std::string field, std::string message);
ApiError NotFound(std::string field, std::string message);
ApiError TooLarge(std::string field, std::string message);
ApiError UnsupportedMediaType(std::string field, std::string message);
ApiError FromCaseError(const cases::Error& error);
// 401, 403, 404, 409, 429 (with retry_after_seconds), 400 or 503 for an accounts refusal.
ApiError FromAccountError(const accounts::Error& error);
nlohmann::json ErrorJson(const ApiError& error);

struct Reply {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers = {};
};
Reply JsonReply(int status, const nlohmann::json& body);
Reply ErrorReply(const ApiError& error);

template <typename T>
using Result = std::expected<T, ApiError>;

// A request as a handler sees it: authenticated, its body read, checked and parsed.
struct Call {
  const Request& request;                   // as read: method, path, query, headers, remote address
  std::map<std::string, std::string> path;  // path parameters by name ("number")
  const Account* account = nullptr;         // nullptr: no bearer token
  nlohmann::json json;                      // JSON routes: the body (an object; {} when empty)
  std::vector<Part> parts;                  // multipart routes

  const std::string& Path(const std::string& name) const { return path.at(name); }
  std::optional<std::string> Query(const std::string& name) const;
  const Part* FindPart(std::string_view name) const;
  // The client's IP address (Request::remote_address), for audit and per-address limits.
  const std::string& RemoteAddress() const { return request.remote_address; }
};

// What handlers work with.
struct Context {
  cases::CaseService& cases;
  policy::Registry& registry;
  Accounts& accounts;
  const ServerOptions& options;
  const std::string& openapi;  // rendered once at start-up
  std::string Now() const;     // UTC ISO 8601
  feel::Date Today() const;
  // The policy library in force now; a handler takes it once and keeps it for the request.
  std::shared_ptr<const policy::Library> Policies() const { return registry.Current(); }
};

using Handler = Result<Reply> (*)(Context& ctx, const Call& call);

enum class BodyKind { kNone, kJson, kMultipart };

struct QueryParam {
  std::string_view name = {};
  std::string_view type = {};  // OpenAPI type: "string", "integer", "boolean"
  std::string_view description = {};
  bool required = false;
};

// Which per-address limit (ServerOptions::rate_limits) a route counts against. The server applies
// it before the body is read, so a refused request costs no handler and no database work.
enum class RateClass {
  kNone,
  kLogin,       // every call
  kAccessCode,  // calls without an Authorization header (the applicant's access code)
  kSubmission,  // calls without an Authorization header (anonymous submissions)
};

struct Route {
  std::string_view method = {};   // "GET", "POST"
  std::string_view path = {};     // "/api/v1/cases/{number}/claim"
  std::string_view summary = {};  // one line, for docs/api.md and OpenAPI
  // Roles that may call the route with a bearer token. Scope (the account's jurisdictions) is
  // checked by the handler, which knows the case.
  std::vector<Role> roles = {};
  bool anonymous = false;    // callable without credentials
  bool access_code = false;  // callable by the applicant holding the case's access code
  RateClass rate = RateClass::kNone;
  BodyKind body = BodyKind::kNone;
  std::string_view request_schema = {};   // OpenAPI component of the JSON body
  int status = 200;                       // on success
  std::string_view response_schema = {};  // OpenAPI component; "binary" for file bytes
  std::vector<QueryParam> query = {};
  // Answers besides success and the errors, with their OpenAPI component (422 "DraftReport").
  std::vector<std::pair<int, std::string_view>> other_responses = {};
  Handler handler = nullptr;
};

// Every route of the API, in the order docs/api.md lists them.
const std::vector<Route>& Routes();

// The OpenAPI 3.1 document, generated from Routes().
nlohmann::json OpenApiDocument();
// The route table of docs/api.md (between its "routes:begin" and "routes:end" markers), generated
// from Routes(); api_test checks that the document holds exactly this text.
std::string RoutesMarkdown();

// Scope. Case numbers are "<jurisdiction>-<filing year>-<sequence>" (cases/case_store.h), so the
// jurisdiction of a case is known before it is loaded: an account out of scope learns nothing and
// causes no audited read.
Result<std::string> JurisdictionOfNumber(const std::string& number);
Result<void> RequireScope(const Account& account, const std::string& jurisdiction);
cases::Actor ActorOf(const Account& account);

// The case, for the applicant holding its access code. A wrong code and an unknown number answer
// alike (404 naming `field`), so that numbers cannot be probed.
Result<cases::Case> CaseForApplicant(Context& ctx, const std::string& number,
                                     const std::string& code, const std::string& field);

// Who acts on case `number`: the caller's account when its scope includes the case (the route has
// checked the role), else the applicant presenting the case's access code in X-Access-Code.
Result<cases::Actor> CaseActor(Context& ctx, const Call& call, const std::string& number);

// Handlers (routes_*.cc).
Result<Reply> Health(Context& ctx, const Call& call);
Result<Reply> OpenApi(Context& ctx, const Call& call);
Result<Reply> Login(Context& ctx, const Call& call);
Result<Reply> Logout(Context& ctx, const Call& call);
Result<Reply> ListAccounts(Context& ctx, const Call& call);
Result<Reply> CreateAccount(Context& ctx, const Call& call);
Result<Reply> ChangePassword(Context& ctx, const Call& call);
Result<Reply> EnrolTotp(Context& ctx, const Call& call);
Result<Reply> DisableAccount(Context& ctx, const Call& call);
Result<Reply> EnableAccount(Context& ctx, const Call& call);
Result<Reply> RevokeSessions(Context& ctx, const Call& call);

Result<Reply> SubmitApplication(Context& ctx, const Call& call);
Result<Reply> GetApplication(Context& ctx, const Call& call);
Result<Reply> StatusByQuery(Context& ctx, const Call& call);
Result<Reply> StatusByBody(Context& ctx, const Call& call);
Result<Reply> CreateDraft(Context& ctx, const Call& call);
Result<Reply> ReadDraft(Context& ctx, const Call& call);
Result<Reply> UpdateDraft(Context& ctx, const Call& call);
Result<Reply> DiscardDraft(Context& ctx, const Call& call);
Result<Reply> UploadDocument(Context& ctx, const Call& call);
Result<Reply> DownloadDocument(Context& ctx, const Call& call);
Result<Reply> AppealApplication(Context& ctx, const Call& call);
Result<Reply> WithdrawApplication(Context& ctx, const Call& call);
Result<Reply> GetNotice(Context& ctx, const Call& call);
Result<Reply> GetReceipt(Context& ctx, const Call& call);
Result<Reply> VerifyNoticeByHash(Context& ctx, const Call& call);
Result<Reply> VerifyNoticeByFile(Context& ctx, const Call& call);

Result<Reply> ListCases(Context& ctx, const Call& call);
Result<Reply> ClaimCase(Context& ctx, const Call& call);
Result<Reply> ReleaseCase(Context& ctx, const Call& call);
Result<Reply> AssignCase(Context& ctx, const Call& call);
Result<Reply> ClaimNextCase(Context& ctx, const Call& call);
Result<Reply> AddNote(Context& ctx, const Call& call);
Result<Reply> ListOfficers(Context& ctx, const Call& call);
Result<Reply> CaseRevision(Context& ctx, const Call& call);
Result<Reply> RequestDocuments(Context& ctx, const Call& call);
Result<Reply> ValidateCase(Context& ctx, const Call& call);
Result<Reply> SetAsylumRole(Context& ctx, const Call& call);
// Asylum claims (routes_asylum.cc).
Result<Reply> ScheduleInterview(Context& ctx, const Call& call);
Result<Reply> RecordInterview(Context& ctx, const Call& call);
Result<Reply> AnswerQuestion(Context& ctx, const Call& call);
Result<Reply> ClaimChecklist(Context& ctx, const Call& call);
Result<Reply> ExtendDeadline(Context& ctx, const Call& call);
Result<Reply> ConfirmRefusal(Context& ctx, const Call& call);
Result<Reply> DeclineRefusal(Context& ctx, const Call& call);
Result<Reply> ApproveCase(Context& ctx, const Call& call);
Result<Reply> RefuseCase(Context& ctx, const Call& call);
Result<Reply> RedecideCase(Context& ctx, const Call& call);
Result<Reply> DecideAppeal(Context& ctx, const Call& call);
Result<Reply> WithdrawCase(Context& ctx, const Call& call);
Result<Reply> CaseAudit(Context& ctx, const Call& call);
Result<Reply> VerifyDocument(Context& ctx, const Call& call);
Result<Reply> AdjudicateHit(Context& ctx, const Call& call);
Result<Reply> SearchPersons(Context& ctx, const Call& call);
Result<Reply> ListWatchlists(Context& ctx, const Call& call);

Result<Reply> ListPolicies(Context& ctx, const Call& call);
Result<Reply> PolicyInForce(Context& ctx, const Call& call);
Result<Reply> PreviewDecision(Context& ctx, const Call& call);
Result<Reply> GetPolicyVersion(Context& ctx, const Call& call);
Result<Reply> TestDraft(Context& ctx, const Call& call);
Result<Reply> ProposeVersion(Context& ctx, const Call& call);
Result<Reply> ListProposals(Context& ctx, const Call& call);
Result<Reply> GetProposal(Context& ctx, const Call& call);
Result<Reply> SimulateProposal(Context& ctx, const Call& call);
Result<Reply> DecideUnderProposal(Context& ctx, const Call& call);
Result<Reply> ApproveProposal(Context& ctx, const Call& call);
Result<Reply> WithdrawProposal(Context& ctx, const Call& call);

Result<Reply> Stats(Context& ctx, const Call& call);

// The web UI's files (ServerOptions::web_root) for a GET outside /api/: the file the path names,
// else index.html; nullopt when there is no UI to serve.
std::optional<Result<Reply>> StaticFile(const std::string& web_root, const std::string& path);

}  // namespace tamga::api
