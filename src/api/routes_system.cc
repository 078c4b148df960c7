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
  nlohmann::json health = {{"status", ctx.options.read_only_reason.empty() ? "ok" : "read-only"},
                           {"jurisdictions", library->Jurisdictions()},
                           {"clock", clock}};
  if (!ctx.options.read_only_reason.empty()) health["reason"] = ctx.options.read_only_reason;
  if (!ctx.options.database_engine.empty())
    health["database"] = {{"engine", ctx.options.database_engine},
                          {"migration", ctx.options.migration_version}};
  return JsonReply(200, health);
}

Result<Reply> OpenApi(Context& ctx, const Call& call) { return Reply{200, ctx.openapi}; }

namespace {

accounts::Caller CallerOf(const Call& call) {
  return {call.account ? call.account->name : "anonymous", call.RemoteAddress()};
}

std::string BearerToken(const Call& call) {
  // The dispatcher has checked the header's form and the token.
  return call.request.Header("Authorization").substr(7);
}

nlohmann::json CreatedJson(const accounts::Accounts::Created& created) {
  nlohmann::json out = AccountJson(created.account);
  if (!created.totp_secret.empty()) {
    out["totpSecret"] = created.totp_secret;
    out["totpUri"] = created.totp_uri;
  }
  return out;
}

}  // namespace

Result<Reply> Login(Context& ctx, const Call& call) {
  std::optional<ApiError> error;
  Fields body(call.json, "", error);
  std::string name = body.String("name");
  std::string password = body.String("password");
  std::string otp = body.String("otp", Fields::kOptional);
  body.RejectUnknown();
  if (error) return std::unexpected(*error);
  auto session = ctx.accounts.Login(name, password, otp, CallerOf(call));
  if (!session) return std::unexpected(FromAccountError(session.error()));
  nlohmann::json reply = AccountJson(session->account);
  reply["token"] = session->token;
  reply["expiresAt"] = session->expires_at;
  return JsonReply(200, reply);
}

Result<Reply> Logout(Context& ctx, const Call& call) {
  std::optional<ApiError> error;
  Fields(call.json, "", error).RejectUnknown();
  if (error) return std::unexpected(*error);
  if (auto done = ctx.accounts.Logout(BearerToken(call), CallerOf(call)); !done)
    return std::unexpected(FromAccountError(done.error()));
  return JsonReply(200, {{"loggedOut", true}});
}

Result<Reply> ChangePassword(Context& ctx, const Call& call) {
  std::optional<ApiError> error;
  Fields body(call.json, "", error);
  std::string current = body.String("currentPassword");
  std::string replacement = body.String("newPassword");
  body.RejectUnknown();
  if (error) return std::unexpected(*error);
  auto ended = ctx.accounts.ChangePassword(call.account->name, current, replacement,
                                           BearerToken(call), CallerOf(call));
  if (!ended) return std::unexpected(FromAccountError(ended.error()));
  return JsonReply(200, {{"changed", true}, {"sessionsEnded", *ended}});
}

Result<Reply> EnrolTotp(Context& ctx, const Call& call) {
  std::optional<ApiError> error;
  Fields body(call.json, "", error);
  std::string password = body.String("password");
  body.RejectUnknown();
  if (error) return std::unexpected(*error);
  auto enrolled = ctx.accounts.EnrolTotp(call.account->name, password, CallerOf(call));
  if (!enrolled) return std::unexpected(FromAccountError(enrolled.error()));
  return JsonReply(200, {{"secret", enrolled->totp_secret}, {"uri", enrolled->totp_uri}});
}

Result<Reply> ListAccounts(Context& ctx, const Call& call) {
  auto accounts = ctx.accounts.List();
  if (!accounts) return std::unexpected(FromAccountError(accounts.error()));
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
  std::vector<std::string> asylum = body.Strings("asylum", Fields::kOptional);
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
  auto created =
      ctx.accounts.CreateAccount(name, password, *role, jurisdictions, CallerOf(call), "", asylum);
  if (!created) return std::unexpected(FromAccountError(created.error()));
  return JsonReply(201, CreatedJson(*created));
}

namespace {

// A supervisor acts on accounts within their jurisdictions only, and never on an admin's.
Result<void> MayManage(Context& ctx, const Call& call, const std::string& name) {
  if (call.account->role == Role::kAdmin) return {};
  auto all = ctx.accounts.List();
  if (!all) return std::unexpected(FromAccountError(all.error()));
  for (const Account& a : *all) {
    if (a.name != name) continue;
    bool covered = a.role != Role::kAdmin && a.role != Role::kSupervisor &&
                   std::ranges::all_of(a.jurisdictions, [&](const std::string& j) {
                     return j != "*" && call.account->InScope(j);
                   });
    if (!covered)
      return std::unexpected(Forbidden("name",
                                       "a supervisor manages only officer, author and "
                                       "auditor accounts of their own jurisdictions"));
    return {};
  }
  return std::unexpected(NotFound("name", "no account " + name));
}

Result<Reply> SetDisabled(Context& ctx, const Call& call, bool disabled) {
  const std::string& name = call.Path("name");
  if (auto ok = MayManage(ctx, call, name); !ok) return std::unexpected(ok.error());
  auto account = ctx.accounts.SetDisabled(name, disabled, CallerOf(call));
  if (!account) return std::unexpected(FromAccountError(account.error()));
  return JsonReply(200, AccountJson(*account));
}

}  // namespace

Result<Reply> DisableAccount(Context& ctx, const Call& call) {
  return SetDisabled(ctx, call, true);
}
Result<Reply> EnableAccount(Context& ctx, const Call& call) {
  return SetDisabled(ctx, call, false);
}

// The administrator gives or takes the asylum role (docs/asylum.md).
Result<Reply> SetAsylumRole(Context& ctx, const Call& call) {
  std::optional<ApiError> error;
  Fields body(call.json, "", error);
  // Required, and [] takes the role.
  std::vector<std::string> asylum = body.Strings("jurisdictions", Fields::kOptional);
  body.RejectUnknown();
  if (error) return std::unexpected(*error);
  if (!call.json.contains("jurisdictions"))
    return std::unexpected(Invalid("jurisdictions", "the jurisdictions of the role ([] takes it)"));
  auto account = ctx.accounts.SetAsylumRole(call.Path("name"), asylum, CallerOf(call));
  if (!account) return std::unexpected(FromAccountError(account.error()));
  return JsonReply(200, AccountJson(*account));
}

Result<Reply> RevokeSessions(Context& ctx, const Call& call) {
  const std::string& name = call.Path("name");
  if (auto ok = MayManage(ctx, call, name); !ok) return std::unexpected(ok.error());
  auto ended = ctx.accounts.RevokeSessions(name, CallerOf(call));
  if (!ended) return std::unexpected(FromAccountError(ended.error()));
  return JsonReply(200, {{"sessionsEnded", *ended}});
}

}  // namespace tamga::api
