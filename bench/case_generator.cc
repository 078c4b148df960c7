#include "case_generator.h"

#include <algorithm>
#include <chrono>
#include <random>
#include <string>
#include <vector>

#include "cases/case_store.h"
#include "cases/service.h"

namespace tamga::bench {

namespace {

feel::Date Day(int64_t days_since_epoch) {
  return feel::Date::FromDaysSinceEpoch(days_since_epoch);
}

}  // namespace

std::expected<Generated, std::string> GenerateCases(store::Database& db,
                                                    const policy::Library& library,
                                                    const policy::Version& version, int n,
                                                    int threads) {
  // Generation: applicants filed between 2022-09-01 and 2023-08-31; 60% still pending.
  const auto generating = std::chrono::steady_clock::now();
  std::mt19937_64 rng(20220921);
  const int64_t first_day = feel::Date{2022, 9, 1}.DaysSinceEpoch();
  const char* states[] = {"RUS", "RUS", "RUS", "RUS", "BLR", "UKR", "ARM", "KGZ"};
  const std::vector<std::string> extra_documents = {"no-objection-certificate",
                                                    "medical-certificate"};
  constexpr int kBatch = 10'000;
  Generated out;
  for (int start = 0; start < n; start += kBatch) {
    const int count = std::min(kBatch, n - start);
    std::vector<cases::Case> batch(static_cast<size_t>(count));
    std::vector<policy::Library::CaseInputs> inputs;
    for (int i = 0; i < count; ++i) {
      cases::Case& c = batch[static_cast<size_t>(i)];
      cases::Application& a = c.application;
      a.jurisdiction = "KZ";
      a.kind = "temporary-residence";
      a.purpose = rng() % 2 ? "family" : "employment";
      a.filing_date = Day(first_day + static_cast<int64_t>(rng() % 365));
      a.applicant.surname = "SURNAME" + std::to_string(start + i);
      a.applicant.given_names = "GIVEN";
      a.applicant.birth_date = Day(feel::Date{1960, 1, 1}.DaysSinceEpoch() + rng() % 15000);
      a.applicant.citizenships = {states[rng() % 8]};
      a.applicant.passport.number = std::to_string(700000000 + start + i);
      a.applicant.passport.issuing_state = a.applicant.citizenships.front();
      // One passport in twenty has expired by the filing date.
      a.applicant.passport.expiry =
          Day(a.filing_date.DaysSinceEpoch() + (rng() % 20 == 0 ? -30 : 2000));
      if (rng() % 4 == 0) {
        cases::Document d;
        d.kind = extra_documents[rng() % 2];
        d.issuing_state = a.applicant.citizenships.front();
        a.documents.push_back(d);
      }
      inputs.push_back({a.filing_date, cases::PolicyInputs(a)});
    }
    auto decided = library.DecideBatch(version, inputs, threads, /*with_trace=*/true);
    auto tx = db.Begin();
    if (!tx) return std::unexpected(tx.error().message);
    for (int i = 0; i < count; ++i) {
      cases::Case& c = batch[static_cast<size_t>(i)];
      if (!decided[static_cast<size_t>(i)])
        return std::unexpected(decided[static_cast<size_t>(i)].error().ToString());
      c.decision = *decided[static_cast<size_t>(i)];
      c.number = "KZ-" + std::to_string(c.application.filing_date.year) + "-" +
                 std::to_string(1'000'000 + start + i);
      c.deadline = Day(c.application.filing_date.DaysSinceEpoch() + version.deadline_days);
      const bool pending = rng() % 10 < 6;
      out.pending += pending;
      c.state = pending ? (c.decision->outcome == "eligible" ? cases::State::kReadyForReview
                                                             : cases::State::kAwaitingDocuments)
                        : (c.decision->outcome == "eligible" ? cases::State::kApproved
                                                             : cases::State::kRefused);
      c.revision = 1;
      c.created_at = c.updated_at = feel::ToString(c.application.filing_date) + "T09:00:00.000Z";
      std::string body = cases::CaseToJson(c);
      auto ok = tx->Execute(
          "INSERT INTO cases (number, jurisdiction, kind, state, applicant_name, citizenships, "
          "filing_date, deadline, outcome, revision, access_code_hash, body, created_at, "
          "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, '', ?, ?, ?)",
          {c.number, c.application.jurisdiction, c.application.kind,
           std::string(cases::StateName(c.state)), c.application.applicant.surname,
           "|" + c.application.applicant.citizenships.front() + "|",
           feel::ToString(c.application.filing_date), feel::ToString(c.deadline),
           c.decision->outcome, std::move(body), c.created_at, c.updated_at});
      if (ok) {
        // As the case store writes it (CaseStore::Create): the inputs in a row of their own.
        ok = tx->Execute(
            "INSERT INTO case_inputs (id, number, jurisdiction, kind, state, filing_date, "
            "revision, inputs) SELECT id, number, jurisdiction, kind, state, filing_date, "
            "revision, ? FROM cases WHERE number = ?",
            {cases::DecisionInputsJson(c), c.number});
      }
      if (!ok) return std::unexpected(ok.error().message);
    }
    if (auto ok = tx->Commit(); !ok) return std::unexpected(ok.error().message);
  }
  out.cases = n;
  out.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - generating).count();
  return out;
}

}  // namespace tamga::bench
