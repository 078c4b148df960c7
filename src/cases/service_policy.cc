// Changing the law under four eyes: proposals of policy versions, their simulation over stored
// cases, and their approval by a second person (docs/policies.md, "Four eyes").
#include "cases/service.h"
#include "cases/service_internal.h"

namespace tamga::cases {

using internal::Details;

namespace {

bool Before(const feel::Date& a, const feel::Date& b) {
  return a.DaysSinceEpoch() < b.DaysSinceEpoch();
}

CaseService::ProposalError Refused(Error::Code code, std::string field, std::string message) {
  return CaseService::ProposalError{Error{code, std::move(field), std::move(message)}, {}};
}

// A publication refused by the registry, as a proposal's error.
// The library with a proposal's draft beside it, and the draft's version in it: what a
// simulation and a single case's decision under the proposal run on.
std::expected<std::pair<policy::Library, policy::Version>, Error> BesideLibrary(
    const policy::Library& library, const policy::Draft& draft) {
  auto with = library.WithDraft(draft, library.Root());
  if (!with)
    return std::unexpected(
        Error{Error::Code::kConflict, "draft",
              "the proposal no longer loads beside the library: " + with.error().ToString()});
  auto version = with->InForce(draft.jurisdiction, draft.kind, draft.takes_effect);
  if (!version)
    return std::unexpected(Error{Error::Code::kUnavailable, "", version.error().ToString()});
  return std::pair{*std::move(with), *std::move(version)};
}

CaseService::ProposalError FromRefusal(policy::PublishRefusal refusal) {
  using Reason = policy::PublishRefusal::Reason;
  switch (refusal.reason) {
    case Reason::kNotAfterLatest:
    case Reason::kConflict:
      return Refused(Error::Code::kConflict, "takesEffect", std::move(refusal.message));
    case Reason::kUnknownKind:
      return Refused(Error::Code::kNotFound, "kind", std::move(refusal.message));
    case Reason::kRejected:
      return CaseService::ProposalError{
          Error{Error::Code::kInvalid, "draft", std::move(refusal.message)},
          std::move(refusal.report)};
    case Reason::kCannotWrite:
      break;
  }
  return Refused(Error::Code::kUnavailable, "", std::move(refusal.message));
}

}  // namespace

std::expected<Proposal, CaseService::ProposalError> CaseService::Propose(
    const policy::Draft& draft, const std::vector<policy::TestFile>& tests, std::string draft_json,
    const std::filesystem::path& root, const Actor& author) {
  const std::string date = feel::ToString(draft.takes_effect);
  auto today = LocalToday(draft.jurisdiction);
  if (!today) return std::unexpected(ProposalError{today.error(), {}});
  if (Before(draft.takes_effect, *today))
    return std::unexpected(Refused(Error::Code::kConflict, "takesEffect",
                                   date + " is in the past in " + draft.jurisdiction +
                                       " (today is " + feel::ToString(*today) +
                                       "): a version cannot take effect before it is approved"));
  // What publication would check, now: a second person sees only a draft that could take effect.
  if (auto checked = policy::CheckDraft(*policies_.Current(), root, draft, tests); !checked)
    return std::unexpected(FromRefusal(std::move(checked.error())));
  Proposal p;
  p.jurisdiction = draft.jurisdiction;
  p.kind = draft.kind;
  p.takes_effect = draft.takes_effect;
  p.draft = std::move(draft_json);
  p.proposed_by = author.name;
  p.proposed_at = now_();
  audit::Entry entry{0,
                     p.proposed_at,
                     author.name,
                     "policy.propose",
                     "",
                     Details({{"version", draft.jurisdiction + "/" + draft.kind + "/" + date},
                              {"title", draft.title}}),
                     ""};
  auto created = store_.Proposals().Create(std::move(p), std::move(entry));
  if (!created) return std::unexpected(ProposalError{created.error(), {}});
  return *std::move(created);
}

std::expected<policy::Version, CaseService::ProposalError> CaseService::ApproveProposal(
    int64_t id, policy::Draft draft, const std::vector<policy::TestFile>& tests,
    const std::filesystem::path& root, const Actor& approver) {
  auto p = store_.Proposals().Load(id);
  if (!p) return std::unexpected(ProposalError{p.error(), {}});
  if (p->status != "proposed")
    return std::unexpected(
        Refused(Error::Code::kConflict, "status",
                "proposal " + std::to_string(id) + " is " + p->status + " already"));
  if (p->proposed_by == approver.name)
    return std::unexpected(Refused(Error::Code::kForbidden, "approver",
                                   "four eyes: " + approver.name +
                                       " proposed this version and cannot approve it; another "
                                       "policy author or a supervisor of " +
                                       p->jurisdiction + " approves it"));
  auto today = LocalToday(p->jurisdiction);
  if (!today) return std::unexpected(ProposalError{today.error(), {}});
  if (Before(p->takes_effect, *today))
    return std::unexpected(Refused(
        Error::Code::kConflict, "takesEffect",
        "the version would take effect on " + feel::ToString(p->takes_effect) + ", before today (" +
            feel::ToString(*today) + ") in " + p->jurisdiction +
            ": cases already decided under the law of those days would not have been; propose "
            "it again with a date from today"));
  const std::string at = now_();
  draft.approval = policy::Approval{id, p->proposed_by, p->proposed_at, approver.name, at};
  auto record = [&](const policy::Version& v) -> std::expected<void, std::string> {
    std::vector<audit::Entry> entries = {{0, at, approver.name, "policy.approve", "",
                                          Details({{"proposal", std::to_string(id)},
                                                   {"version", v.id()},
                                                   {"proposedBy", p->proposed_by}}),
                                          ""},
                                         {0, at, approver.name, "policy.publish", "",
                                          Details({{"version", v.id()},
                                                   {"contentHash", v.content_hash},
                                                   {"proposedBy", p->proposed_by},
                                                   {"approvedBy", approver.name}}),
                                          ""}};
    auto closed = store_.Proposals().Close(id, "approved", approver.name, at, v.id(),
                                           std::move(entries), "policy:" + v.id());
    if (!closed) return std::unexpected(closed.error().message);
    return {};
  };
  auto published = policies_.Publish(draft, tests, root, record);
  if (!published) return std::unexpected(FromRefusal(std::move(published.error())));
  return *std::move(published);
}

std::expected<Proposal, Error> CaseService::WithdrawProposal(int64_t id, const Actor& actor) {
  auto p = store_.Proposals().Load(id);
  if (!p) return std::unexpected(p.error());
  const std::string at = now_();
  audit::Entry entry{0,
                     at,
                     actor.name,
                     "policy.withdraw",
                     "",
                     Details({{"proposal", std::to_string(id)},
                              {"version", p->jurisdiction + "/" + p->kind + "/" +
                                              feel::ToString(p->takes_effect)}}),
                     ""};
  if (auto ok = store_.Proposals().Close(id, "withdrawn", actor.name, at, "", {std::move(entry)});
      !ok)
    return std::unexpected(ok.error());
  return store_.Proposals().Load(id);
}

std::expected<Simulation, Error> CaseService::SimulateProposal(int64_t id,
                                                               const policy::Draft& draft,
                                                               const SimulationScope& scope,
                                                               const Actor& actor) {
  auto p = store_.Proposals().Load(id);
  if (!p) return std::unexpected(p.error());
  if (p->status != "proposed")
    return std::unexpected(Error{Error::Code::kConflict, "status",
                                 "proposal " + std::to_string(id) + " is " + p->status +
                                     "; only a proposed version is simulated"});
  // A simulation lists the cases it changes: over asylum claims, only for those who may know of
  // them (docs/asylum.md).
  if (draft.kind == kAsylumKind && !actor.SeesAsylum(draft.jurisdiction))
    return std::unexpected(Error{Error::Code::kForbidden, "kind",
                                 "simulating an asylum policy over stored claims needs the asylum "
                                 "role in " +
                                     draft.jurisdiction});
  auto beside = BesideLibrary(*policies_.Current(), draft);
  if (!beside) return std::unexpected(beside.error());
  const auto& [with, version] = *beside;
  auto simulation = Simulate(store_, with, version, scope);
  if (!simulation) return simulation;
  const std::string at = now_();
  std::string period;
  if (scope.from || scope.to)
    period = (scope.from ? feel::ToString(*scope.from) : "") + ".." +
             (scope.to ? feel::ToString(*scope.to) : "");
  audit::Entry entry{0,
                     at,
                     actor.name,
                     "policy.simulate",
                     "",
                     Details({{"proposal", std::to_string(id)},
                              {"version", version.id()},
                              {"pending", scope.pending ? "yes" : "no"},
                              {"period", period},
                              {"cases", std::to_string(simulation->cases)},
                              {"changed", std::to_string(simulation->changed)}}),
                     ""};
  if (auto ok = store_.Proposals().AttachSimulation(id, SimulationToJson(*simulation), actor.name,
                                                    at, std::move(entry));
      !ok)
    return std::unexpected(ok.error());
  return simulation;
}

std::expected<CaseService::DraftDecision, Error> CaseService::DecideUnderProposal(
    int64_t id, const policy::Draft& draft, const std::string& number, const Actor& actor) {
  auto p = store_.Proposals().Load(id);
  if (!p) return std::unexpected(p.error());
  auto beside = BesideLibrary(*policies_.Current(), draft);
  if (!beside) return std::unexpected(beside.error());
  const auto& [with, version] = *beside;
  auto c = Get(number, actor);
  if (!c) return std::unexpected(c.error());
  if (c->application.jurisdiction != draft.jurisdiction || c->application.kind != draft.kind)
    return std::unexpected(Error{
        Error::Code::kNotFound, "number",
        "case " + number + " is not a " + draft.jurisdiction + "/" + draft.kind + " application"});
  auto decided = with.DecideWith(version, {c->application.filing_date, PolicyInputs(*c)});
  if (!decided)
    return std::unexpected(Error{Error::Code::kInvalid, "number", decided.error().ToString()});
  const bool changed = Changes(c->decision, *decided);
  return DraftDecision{std::move(*c), std::move(*decided), changed};
}

std::expected<Proposal, Error> CaseService::GetProposal(int64_t id) {
  return store_.Proposals().Load(id);
}

std::expected<std::vector<Proposal>, Error> CaseService::ListProposals(
    const std::string& jurisdiction, const std::string& kind) {
  return store_.Proposals().List(jurisdiction, kind);
}

}  // namespace tamga::cases
