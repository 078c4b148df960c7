// Who may act on which case: an account's role and jurisdictions, or an applicant's access code.
#include <chrono>

#include "api/iso_time.h"
#include "api/routes.h"

namespace tamga::api {

std::optional<std::string> Call::Query(const std::string& name) const {
  if (!request.HasParam(name)) return std::nullopt;
  return request.Param(name);
}

const Part* Call::FindPart(std::string_view name) const {
  for (const Part& part : parts) {
    if (part.name == name) return &part;
  }
  return nullptr;
}

std::string Context::Now() const {
  return options.now ? options.now() : IsoUtc(std::chrono::system_clock::now());
}

feel::Date Context::Today() const {
  return feel::ParseDate(Now().substr(0, 10)).value_or(feel::Date{});
}

Result<std::string> JurisdictionOfNumber(const std::string& number) {
  size_t dash = number.find('-');
  if (dash == std::string::npos || dash == 0) {
    return std::unexpected(NotFound(
        "number", "\"" + number + "\" is not an application number (e.g. KZ-2022-000123)"));
  }
  return number.substr(0, dash);
}

Result<void> RequireScope(const Account& account, const std::string& jurisdiction) {
  if (account.InScope(jurisdiction)) return {};
  return std::unexpected(
      Forbidden("jurisdiction", std::string(RoleName(account.role)) + " " + account.name +
                                    " is not scoped to jurisdiction " + jurisdiction));
}

cases::Actor ActorOf(const Account& account) {
  cases::Actor actor{account.name, std::string(RoleName(account.role))};
  for (const std::string& j : account.asylum) {
    if (j == "*" || account.InScope(j)) actor.asylum.push_back(j);
  }
  return actor;
}

Result<cases::Case> CaseForApplicant(Context& ctx, const std::string& number,
                                     const std::string& code, const std::string& field) {
  auto c = ctx.cases.GetForApplicant(number, code);
  if (c) return *std::move(c);
  if (c.error().code == cases::Error::Code::kForbidden ||
      c.error().code == cases::Error::Code::kNotFound) {
    ApiError e = NotFound(field, "no application with this number and access code");
    e.reason = "wrong-access-code";
    return std::unexpected(std::move(e));
  }
  return std::unexpected(FromCaseError(c.error()));
}

Result<cases::Actor> CaseActor(Context& ctx, const Call& call, const std::string& number) {
  if (call.account) {
    auto jurisdiction = JurisdictionOfNumber(number);
    if (!jurisdiction) return std::unexpected(jurisdiction.error());
    if (auto scoped = RequireScope(*call.account, *jurisdiction); !scoped) {
      return std::unexpected(scoped.error());
    }
    return ActorOf(*call.account);
  }
  auto c = CaseForApplicant(ctx, number, call.request.Header("X-Access-Code"), "X-Access-Code");
  if (!c) return std::unexpected(c.error());
  return cases::Actor{"applicant:" + number, "applicant"};
}

}  // namespace tamga::api
