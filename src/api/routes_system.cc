// Health, the OpenAPI document, logging in and out, and accounts (admin).
#include "api/json_input.h"
#include "api/routes.h"
#include "api/views.h"
#include "base/clock.h"

namespace tamga::api {

Result<Reply> Health(Context& ctx, const Call& call) {
  nlohmann::json clock = {{"now", ctx.Now()}, {"shifted", ctx.options.clock_shifted}};
  if (ctx.options.clock_shifted) clock["startedAt"] = ctx.options.clock_started;
  // The local time in each jurisdiction, as filing dates are counted there.
  nlohmann::json local = nlohmann::json::object();
  auto library = ctx.Policies();
  for (const std::string& j : library->Jurisdictions()) {
    if (const policy::Jurisdiction* info = library->FindJurisdiction(j)) {
      auto t = base::ParseInstant(ctx.Now());
      if (!t) continue;
      if (auto text = base::LocalDateTime(*t, info->time_zone))
        local[j] = {{"timeZone", info->time_zone}, {"localTime", *text}};
    }
  }
  clock["jurisdictions"] = local;
  return JsonReply(
      200, {{"status", "ok"}, {"jurisdictions", library->Jurisdictions()}, {"clock", clock}});
}

Result<Reply> OpenApi(Context& ctx, const Call& call) { return Reply{200, ctx.openapi}; }

Result<Reply> Login(Context& ctx, const Call& call) {
  std::optional<ApiError> error;
  Fields body(call.json, "", error);
  std::string name = body.String("name");
  std::string password = body.String("password");
  body.RejectUnknown();
  if (error) return std::unexpected(*error);
  auto session = ctx.accounts.Login(name, password);
  if (!session) {
    if (session.error().code == cases::Error::Code::kForbidden) {
      return std::unexpected(ApiError{401, "unauthorized", "password", session.error().message});
    }
    return std::unexpected(FromCaseError(session.error()));
  }
  nlohmann::json reply = AccountJson(session->account);
  reply["token"] = session->token;
  reply["expiresAt"] = session->expires_at;
  return JsonReply(200, reply);
}

Result<Reply> Logout(Context& ctx, const Call& call) {
  std::optional<ApiError> error;
  Fields(call.json, "", error).RejectUnknown();
  if (error) return std::unexpected(*error);
  // The dispatcher has checked the header's form and the token.
  std::string token = call.request.Header("Authorization").substr(7);
  if (auto done = ctx.accounts.Logout(token); !done) {
    return std::unexpected(FromCaseError(done.error()));
  }
  return JsonReply(200, {{"loggedOut", true}});
}

Result<Reply> ListAccounts(Context& ctx, const Call& call) {
  auto accounts = ctx.accounts.List();
  if (!accounts) return std::unexpected(FromCaseError(accounts.error()));
  nlohmann::json list = nlohmann::json::array();
  for (const Account& a : *accounts) list.push_back(AccountJson(a));
  return JsonReply(200, {{"accounts", list}});
}

Result<Reply> CreateAccount(Context& ctx, const Call& call) {
  std::optional<ApiError> error;
  Fields body(call.json, "", error);
  std::string name = body.String("name");
  std::string password = body.String("password");
  std::string role_name = body.String("role");
  std::vector<std::string> jurisdictions = body.Strings("jurisdictions", Fields::kOptional);
  body.RejectUnknown();
  if (error) return std::unexpected(*error);
  std::optional<Role> role = ParseRole(role_name);
  if (!role) {
    return std::unexpected(Invalid("role", "unknown role \"" + role_name +
                                               "\"; one of applicant, officer, supervisor, "
                                               "policy-author, auditor, admin"));
  }
  std::vector<std::string> known = ctx.Policies()->Jurisdictions();
  for (size_t i = 0; i < jurisdictions.size(); ++i) {
    if (jurisdictions[i] != "*" && std::ranges::find(known, jurisdictions[i]) == known.end()) {
      return std::unexpected(Invalid("jurisdictions[" + std::to_string(i) + "]",
                                     "unknown jurisdiction \"" + jurisdictions[i] + "\""));
    }
  }
  auto account = ctx.accounts.CreateAccount(name, password, *role, jurisdictions);
  if (!account) return std::unexpected(FromCaseError(account.error()));
  return JsonReply(201, AccountJson(*account));
}

}  // namespace tamga::api
