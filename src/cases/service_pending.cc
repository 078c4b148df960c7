// Versions that apply to pending applications: when one takes effect in its jurisdiction's local
// calendar, the cases filed before it and still undecided are decided again under it, once
// (docs/cases.md).
#include "cases/service.h"
#include "cases/service_internal.h"

namespace tamga::cases {

using internal::AwaitedDocuments;
using internal::Details;
using internal::StateAfterDecision;

std::expected<int64_t, Error> CaseService::ApplyPendingVersions() {
  std::lock_guard lock(applying_);
  auto library = policies_.Current();
  int64_t total = 0;
  for (const std::string& j : library->Jurisdictions()) {
    auto today = LocalToday(j);
    if (!today) return std::unexpected(today.error());
    for (const std::string& kind : library->Kinds(j)) {
      for (const policy::Version& v : library->Versions(j, kind)) {
        if (v.applies_to != policy::AppliesTo::kPending ||
            today->DaysSinceEpoch() < v.takes_effect.DaysSinceEpoch())
          continue;
        auto applied = store_.WasApplied(v.id());
        if (!applied) return std::unexpected(applied.error());
        if (*applied) continue;
        auto pending = store_.PendingFiledBefore(j, kind, v.takes_effect);
        if (!pending) return std::unexpected(pending.error());
        int64_t count = 0;
        for (const std::string& number : *pending) {
          auto c = store_.Load(number);
          if (!c) return std::unexpected(c.error());
          // An asylum claim is not reassessed: its policy only says what the officers' answers
          // point to, and reads them again under the new version at the next answer.
          if (c->IsAsylum()) continue;
          std::string outcome_before = c->decision ? c->decision->outcome : "";
          if (auto ok = Decide(*c); !ok) return std::unexpected(ok.error());
          State to = StateAfterDecision(*c);
          std::vector<audit::Entry> extra;
          auto notice = IssueNotice(*c, "reassessment",
                                    {.grounds = c->decision->decisive_grounds,
                                     .documents = AwaitedDocuments(*c),
                                     .rules_changed_on = feel::ToString(v.takes_effect)});
          if (!notice) return std::unexpected(notice.error());
          extra.push_back(std::move(*notice));
          std::string reason = v.id() + " applies to applications pending on " +
                               feel::ToString(v.takes_effect) + ": re-decided " +
                               (outcome_before.empty() ? "" : "from " + outcome_before + " ") +
                               "to " + c->decision->outcome;
          StepText text{"",
                        {{"outcome", c->decision->outcome},
                         {"version", v.id()},
                         {"from", feel::ToString(v.takes_effect)}}};
          auto done = Commit(std::move(*c), to, Actor{"system", "system"}, "case.redecide-pending",
                             reason, std::move(extra), nullptr, std::move(text));
          if (!done) return std::unexpected(done.error());
          ++count;
        }
        audit::Entry entry{
            0,
            now_(),
            "system",
            "policy.apply-to-pending",
            "",
            Details(
                {{"version", v.id()}, {"hash", v.content_hash}, {"cases", std::to_string(count)}}),
            ""};
        if (auto ok = store_.RecordApplied(v.id(), v.content_hash, count, std::move(entry)); !ok)
          return std::unexpected(ok.error());
        total += count;
      }
    }
  }
  return total;
}

}  // namespace tamga::cases
