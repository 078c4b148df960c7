// Statistics for supervisors: the backlog by state, filings and decisions per day, decisions within
// the statutory deadline and the oldest open cases, over the caller's jurisdictions.
#include "api/json_input.h"
#include "api/routes.h"
#include "api/views.h"

namespace tamga::api {
namespace {

nlohmann::json DaysJson(const std::vector<cases::DayCount>& days) {
  nlohmann::json out = nlohmann::json::array();
  for (const cases::DayCount& d : days) {
    out.push_back({{"date", feel::ToString(d.date)}, {"count", d.count}});
  }
  return out;
}

}  // namespace

Result<Reply> Stats(Context& ctx, const Call& call) {
  const Account& account = *call.account;
  cases::StatsQuery query;
  if (auto jurisdiction = call.Query("jurisdiction")) {
    std::vector<std::string> known = ctx.Policies()->Jurisdictions();
    if (std::ranges::find(known, *jurisdiction) == known.end()) {
      return std::unexpected(
          Invalid("jurisdiction", "unknown jurisdiction \"" + *jurisdiction + "\""));
    }
    if (auto scoped = RequireScope(account, *jurisdiction); !scoped) {
      return std::unexpected(scoped.error());
    }
    query.jurisdictions = {*jurisdiction};
  } else if (!account.InScope("*")) {
    // An empty list would mean every jurisdiction to the store.
    if (account.jurisdictions.empty()) {
      return std::unexpected(Forbidden("jurisdiction", account.name + " has no jurisdictions"));
    }
    query.jurisdictions = account.jurisdictions;
  }
  for (auto [name, target] : {std::pair{"from", &query.from}, std::pair{"to", &query.to}}) {
    if (auto text = call.Query(name)) {
      auto date = ReadDate(name, *text);
      if (!date) return std::unexpected(date.error());
      *target = *date;
    }
  }
  if (query.from && query.to && query.from->DaysSinceEpoch() > query.to->DaysSinceEpoch()) {
    return std::unexpected(Invalid("from", "from is after to"));
  }
  query.today = ctx.Today();
  auto stats = ctx.cases.Stats(query, ActorOf(account));
  if (!stats) return std::unexpected(FromCaseError(stats.error()));

  nlohmann::json backlog = nlohmann::json::object();
  for (const auto& [state, count] : stats->backlog) {
    backlog[std::string(cases::StateName(state))] = count;
  }
  int64_t open = 0;
  for (const auto& [state, count] : stats->backlog) {
    if (cases::IsOpen(state)) open += count;
  }
  nlohmann::json oldest = nlohmann::json::array();
  for (const cases::CaseSummary& s : stats->oldest_open) oldest.push_back(SummaryJson(s));
  double share = stats->decided == 0 ? 0.0
                                     : static_cast<double>(stats->within_deadline) /
                                           static_cast<double>(stats->decided);
  return JsonReply(
      200,
      {{"from", feel::ToString(stats->from)},
       {"to", feel::ToString(stats->to)},
       {"jurisdictions",
        query.jurisdictions.empty() ? ctx.Policies()->Jurisdictions() : query.jurisdictions},
       {"backlog", backlog},
       {"receivedPerDay", DaysJson(stats->received_per_day)},
       {"decidedPerDay", DaysJson(stats->decided_per_day)},
       {"decidedWithinDeadline",
        {{"decided", stats->decided},
         {"withinDeadline", stats->within_deadline},
         {"share", share}}},
       {"open",
        {{"cases", open},
         {"overdue", stats->open_overdue},
         {"dueWithinWeek", stats->open_due_within_week}}},
       {"oldestOpen", oldest},
       // Asylum claims apart, each figure null below the minimum count (docs/asylum.md).
       {"asylum",
        {{"open", stats->asylum.open ? nlohmann::json(*stats->asylum.open) : nullptr},
         {"received", stats->asylum.received ? nlohmann::json(*stats->asylum.received) : nullptr},
         {"decided", stats->asylum.decided ? nlohmann::json(*stats->asylum.decided) : nullptr},
         {"from", feel::ToString(stats->asylum.from)},
         {"to", feel::ToString(stats->asylum.to)},
         {"suppressedBelow", cases::kMinAsylumCount},
         {"roundedTo", cases::kAsylumRounding}}}});
}

}  // namespace tamga::api
