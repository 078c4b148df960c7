// Policies: which jurisdictions and application kinds exist, their versions, and the version in
// force on a date. The law is public, so these routes need no account.
#include "api/json_input.h"
#include "api/routes.h"
#include "api/views.h"

namespace tamga::api {

Result<Reply> ListPolicies(Context& ctx, const Call& call) {
  nlohmann::json jurisdictions = nlohmann::json::array();
  for (const std::string& jurisdiction : ctx.policies.Jurisdictions()) {
    nlohmann::json kinds = nlohmann::json::array();
    for (const std::string& kind : ctx.policies.Kinds(jurisdiction)) {
      nlohmann::json versions = nlohmann::json::array();
      for (const policy::Version& v : ctx.policies.Versions(jurisdiction, kind)) {
        versions.push_back(VersionJson(v));
      }
      kinds.push_back({{"kind", kind}, {"versions", versions}});
    }
    jurisdictions.push_back({{"jurisdiction", jurisdiction}, {"kinds", kinds}});
  }
  return JsonReply(200, {{"jurisdictions", jurisdictions}});
}

Result<Reply> PolicyInForce(Context& ctx, const Call& call) {
  const std::string& jurisdiction = call.Path("jurisdiction");
  const std::string& kind = call.Path("kind");
  std::vector<std::string> jurisdictions = ctx.policies.Jurisdictions();
  if (std::ranges::find(jurisdictions, jurisdiction) == jurisdictions.end()) {
    return std::unexpected(
        NotFound("jurisdiction", "unknown jurisdiction \"" + jurisdiction + "\""));
  }
  std::vector<std::string> kinds = ctx.policies.Kinds(jurisdiction);
  if (std::ranges::find(kinds, kind) == kinds.end()) {
    return std::unexpected(NotFound("kind", "unknown kind \"" + kind + "\" in " + jurisdiction));
  }
  auto date = ReadDate("date", *call.Query("date"));
  if (!date) return std::unexpected(date.error());
  auto version = ctx.policies.InForce(jurisdiction, kind, *date);
  if (!version) return std::unexpected(NotFound("date", version.error().ToString()));
  return JsonReply(200, VersionJson(*version));
}

}  // namespace tamga::api
