// Demo data: a few thousand synthetic applications filed September-November 2022 by Russian,
// Belarusian and Ukrainian citizens (Cyrillic names with their ICAO passport spellings), worked by
// demo officers into every state of the lifecycle. Deterministic for a given seed.
#pragma once

#include <expected>
#include <map>
#include <string>
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

}  // namespace tamga::cases
