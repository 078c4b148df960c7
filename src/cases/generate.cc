// Bulk synthetic caseloads (tamga demo generate): applications checked and decided as intake
// checks and decides them, stored through CaseStore::CreateMany in large transactions.
#include <algorithm>
#include <chrono>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "cases/case_store.h"
#include "cases/demo.h"
#include "cases/service.h"
#include "cases/service_internal.h"

namespace tamga::cases {
namespace {

feel::Date Day(int64_t days_since_epoch) {
  return feel::Date::FromDaysSinceEpoch(days_since_epoch);
}

// Surnames and given names in ICAO 9303 spelling, with their Cyrillic forms.
constexpr const char* kSurnames[][2] = {
    {"IVANOV", "Иванов"},      {"SMIRNOV", "Смирнов"},  {"KUZNETSOV", "Кузнецов"},
    {"POPOV", "Попов"},        {"VASILEV", "Васильев"}, {"SOKOLOV", "Соколов"},
    {"MIKHAILOV", "Михайлов"}, {"NOVIKOV", "Новиков"},  {"FEDOROV", "Фёдоров"},
    {"MOROZOV", "Морозов"},    {"VOLKOV", "Волков"},    {"ALEKSEEV", "Алексеев"},
    {"LEBEDEV", "Лебедев"},    {"SEMENOV", "Семёнов"},  {"EGOROV", "Егоров"},
    {"PAVLOV", "Павлов"}};
constexpr const char* kGiven[][2] = {
    {"IVAN", "Иван"},     {"SERGEI", "Сергей"},  {"ANDREI", "Андрей"}, {"DMITRII", "Дмитрий"},
    {"MAKSIM", "Максим"}, {"ILIA", "Илья"},      {"KIRILL", "Кирилл"}, {"ARTEM", "Артём"},
    {"NIKITA", "Никита"}, {"MIKHAIL", "Михаил"}, {"EGOR", "Егор"},     {"ROMAN", "Роман"}};
constexpr const char* kStates[] = {"RUS", "RUS", "RUS", "RUS", "RUS", "BLR", "UKR", "ARM"};

// One kind of case the library decides, with the purposes its latest version knows.
struct Target {
  std::string jurisdiction;
  std::string kind;
  const policy::Jurisdiction* rules = nullptr;
};

}  // namespace

std::expected<GenerateSummary, Error> GenerateCases(CaseStore& store,
                                                    const policy::Library& library,
                                                    const GenerateOptions& options) {
  using Clock = std::chrono::steady_clock;
  const auto started = Clock::now();
  if (options.cases < 0)
    return std::unexpected(Error{Error::Code::kInvalid, "cases", "the count cannot be negative"});
  if (options.days < 1)
    return std::unexpected(Error{Error::Code::kInvalid, "days", "at least one day of filings"});
  std::vector<Target> targets;
  for (const std::string& j : library.Jurisdictions()) {
    for (const std::string& kind : library.Kinds(j)) {
      // Generated load is of ordinary applications: an asylum claim is registered with its own
      // certificate and steps, which the generator does not write.
      if (kind == kAsylumKind) continue;
      if (options.kinds.empty() || std::find(options.kinds.begin(), options.kinds.end(),
                                             std::pair{j, kind}) != options.kinds.end())
        targets.push_back({j, kind, library.FindJurisdiction(j)});
    }
  }
  if (targets.empty())
    return std::unexpected(
        Error{Error::Code::kInvalid, "policies", "the policy library decides no kind of case"});

  std::mt19937_64 rng(options.seed);
  GenerateSummary summary;
  const int64_t first = options.first_day.DaysSinceEpoch();
  const int batch_size = std::max(1, options.batch);
  for (int64_t start = 0; start < options.cases; start += batch_size) {
    const int64_t count = std::min<int64_t>(batch_size, options.cases - start);
    std::vector<CaseToStore> batch(static_cast<size_t>(count));
    // Each version decides its cases in one batch on every core.
    std::map<std::string, std::pair<policy::Version, std::vector<size_t>>> by_version;
    for (int64_t i = 0; i < count; ++i) {
      const int64_t n = start + i;
      Case& c = batch[static_cast<size_t>(i)].c;
      Application& a = c.application;
      const Target& target = targets[static_cast<size_t>(n) % targets.size()];
      a.jurisdiction = target.jurisdiction;
      a.kind = target.kind;
      a.language = rng() % 3 == 0 ? "en" : "ru";
      a.filing_date = Day(first + static_cast<int64_t>(rng() % options.days));
      const auto& surname = kSurnames[rng() % std::size(kSurnames)];
      const auto& given = kGiven[rng() % std::size(kGiven)];
      a.applicant.surname = surname[0];
      a.applicant.given_names = given[0];
      a.applicant.native_name = std::string(surname[1]) + " " + given[1];
      a.applicant.sex = "M";
      a.applicant.birth_date =
          Day(feel::Date{1960, 1, 1}.DaysSinceEpoch() + static_cast<int64_t>(rng() % 16000));
      std::string state = kStates[rng() % std::size(kStates)];
      if (target.rules && state == target.rules->state) state = "RUS";
      a.applicant.citizenships = {state};
      a.applicant.passport.number = std::to_string(700000000 + n % 200000000);
      a.applicant.passport.issuing_state = state;
      // One passport in twenty has expired by the filing date.
      a.applicant.passport.expiry =
          Day(a.filing_date.DaysSinceEpoch() + (rng() % 20 == 0 ? -30 : 2000));
      if (rng() % 4 == 0) {
        Document d;
        d.kind = rng() % 2 ? "no-objection-certificate" : "medical-certificate";
        d.issuing_state = state;
        a.documents.push_back(d);
      }
      auto version = library.InForce(a.jurisdiction, a.kind, a.filing_date);
      if (!version)
        return std::unexpected(
            Error{Error::Code::kInvalid, "policies", version.error().ToString()});
      if (!version->purposes.empty())
        a.purpose = version->purposes[rng() % version->purposes.size()].code;
      a.receipt.local_time = feel::ToString(a.filing_date) + "T10:00:00";
      if (target.rules) {
        if (auto ok = internal::CheckApplicant(a, *target.rules); !ok)
          return std::unexpected(ok.error());
      }
      c.deadline = Day(a.filing_date.DaysSinceEpoch() + version->deadline_days);
      c.created_at = c.updated_at = feel::ToString(a.filing_date) + "T09:00:00.000Z";
      auto& group = by_version[version->id()];
      if (group.second.empty()) group.first = *version;
      group.second.push_back(static_cast<size_t>(i));
    }
    for (auto& [id, group] : by_version) {
      std::vector<policy::Library::CaseInputs> inputs;
      inputs.reserve(group.second.size());
      for (size_t i : group.second) {
        const Application& a = batch[i].c.application;
        inputs.push_back({a.filing_date, PolicyInputs(a)});
      }
      auto decided = library.DecideBatch(group.first, inputs, options.threads, /*with_trace=*/true);
      for (size_t k = 0; k < group.second.size(); ++k) {
        if (!decided[k])
          return std::unexpected(Error{
              Error::Code::kUnavailable, "policies",
              "deciding a generated case under " + id + ": " + decided[k].error().ToString()});
        batch[group.second[k]].c.decision = std::move(*decided[k]);
      }
    }
    for (CaseToStore& job : batch) {
      Case& c = job.c;
      c.history.push_back(
          {State::kSubmitted, State::kSubmitted, "generator", c.created_at, "submitted"});
      State next = internal::StateAfterDecision(c);
      c.history.push_back(
          {State::kSubmitted, next, "system", c.created_at,
           "decided under " + c.decision->policy_version + ": " + c.decision->outcome});
      // The share not pending was decided by an officer within 120 days of filing.
      if (rng() % 1000 >= static_cast<unsigned>(options.pending * 1000)) {
        const State decision =
            c.decision->outcome == "eligible" ? State::kApproved : State::kRefused;
        const std::string at = feel::ToString(Day(c.application.filing_date.DaysSinceEpoch() +
                                                  static_cast<int64_t>(rng() % 120))) +
                               "T12:00:00.000Z";
        c.history.push_back({next, decision, "generator", at, "decided"});
        c.updated_at = at;
        next = decision;
      } else {
        ++summary.pending;
      }
      c.state = next;
      job.entries.push_back(audit::Entry{
          0, c.created_at, "generator", "case.submit", "",
          internal::Details({{"outcome", c.decision->outcome},
                             {"policy", c.decision->policy_version},
                             {"state", std::string(StateName(next))},
                             {"filingDate", feel::ToString(c.application.filing_date)}}),
          ""});
    }
    auto stored = store.CreateMany(std::move(batch));
    for (auto& r : stored) {
      if (!r) return std::unexpected(r.error());
      ++summary.by_state[std::string(StateName(r->state))];
    }
    summary.cases += count;
    if (options.progress) options.progress(summary.cases);
  }
  summary.seconds = std::chrono::duration<double>(Clock::now() - started).count();
  return summary;
}

}  // namespace tamga::cases
