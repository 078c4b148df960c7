// Demo data: a few thousand synthetic applications filed September-November 2022 by Russian,
// Belarusian and Ukrainian citizens (Cyrillic names with their ICAO passport spellings), worked by
// demo officers into every state of the lifecycle. Deterministic for a given seed.
#pragma once

#include <cstdint>
#include <expected>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "cases/service.h"

namespace tamga::cases {

struct DemoOptions {
  int applications = 3000;
  unsigned seed = 2022;
};

struct DemoSummary {
  int applications = 0;
  std::map<std::string, int> by_state;  // state name -> count
};

// A small, valid one-page PDF whose page shows `title`: what demo documents are made of.
std::string DemoPdf(std::string_view title);
// A PDF of these objects (numbered from 1, the first the catalog) with a correct cross-reference
// table: what DemoPdf is made with, and what tests build PDFs of their own with.
std::string PdfOfObjects(const std::vector<std::string>& objects);

// Officer account names the demo acts as, by jurisdiction: the first ("officer.kz") validates and
// the second ("officer2.kz") decides, as four eyes require.
std::string DemoOfficer(const std::string& jurisdiction, int which = 1);

std::expected<DemoSummary, Error> SeedDemo(CaseStore& store, const policy::Library& policies,
                                           FileStore& files, const DemoOptions& options);

// A synthetic national caseload for benchmarks and load tests (tamga demo generate): `cases`
// applications spread over the library's jurisdictions and kinds, filed over `days` days from
// `first_day`, each checked as intake checks an applicant, decided under the version in force on
// its filing date (with its trace) and stored through CaseStore::CreateMany, `batch` to a
// transaction, with its audit entry, counters and screening record. A share `pending` stays
// open; the rest were approved or refused by an officer within 120 days of filing.
// Deterministic for a seed.
struct GenerateOptions {
  int64_t cases = 100'000;
  unsigned seed = 2022;
  feel::Date first_day{2022, 9, 1};
  int days = 365;
  double pending = 0.6;
  int batch = 2'000;
  int threads = 0;  // deciding; 0: one per core
  // The (jurisdiction, kind) pairs generated, in turn; empty: every kind the library decides.
  std::vector<std::pair<std::string, std::string>> kinds;
  std::function<void(int64_t stored)> progress;
};

struct GenerateSummary {
  int64_t cases = 0;
  int64_t pending = 0;
  std::map<std::string, int64_t> by_state;
  double seconds = 0;
};

std::expected<GenerateSummary, Error> GenerateCases(CaseStore& store,
                                                    const policy::Library& library,
                                                    const GenerateOptions& options);

}  // namespace tamga::cases
