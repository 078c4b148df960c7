// libFuzzer target: the name matcher. The input is two names separated by the first newline (the
// second is empty when there is none). Besides not crashing, MatchNames promises a score from 0
// to 1, the same answer every time, and the same answer for the prepared names used in screening.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "identity/names.h"

namespace {

void Require(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "names_fuzz: broken promise: %s\n", what);
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tamga::identity;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t newline = input.find('\n');
  const std::string_view a = input.substr(0, newline);
  const std::string_view b = newline == std::string_view::npos ? "" : input.substr(newline + 1);

  const NameMatch m = MatchNames(a, b);
  Require(std::isfinite(m.score) && m.score >= 0 && m.score <= 1, "score within 0..1");
  for (const PartEvidence& p : m.parts) {
    Require(std::isfinite(p.score) && p.score >= 0 && p.score <= 1, "part score within 0..1");
  }
  Require(MatchNames(a, b).score == m.score, "deterministic");
  const PreparedName pa(a), pb(b);
  Require(MatchNames(pa, pb).score == m.score, "prepared names score alike");
  (void)pa.PartKeys();
  return 0;
}
