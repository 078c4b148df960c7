// libFuzzer target: the API's reading of JSON request bodies (src/api/json_input.h): the body
// parsed as one JSON object (UTF-8, depth and duplicate-key checks), then read as a new
// application, a paper receipt and a reason, against the example policy library. Every input must
// be accepted or refused with an ApiError: an exception escaping, a crash, undefined behaviour or
// a leak is a finding.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "api/json_input.h"
#include "policy/policy.h"

namespace {

const tamga::policy::Library* policies = nullptr;

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  // TAMGA_POLICIES overrides the library the fuzz build was configured with.
  const char* dir = std::getenv("TAMGA_POLICIES");
  auto library = tamga::policy::Library::Load(dir ? dir : TAMGA_POLICIES_DIR);
  if (!library) {
    std::fprintf(stderr, "json_input_fuzz: cannot load the policies: %s\n",
                 library.error().message.c_str());
    std::abort();
  }
  policies = new tamga::policy::Library(std::move(*library));
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tamga::api;
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  auto json = ParseJsonObject(body);
  if (!json) return 0;
  (void)ReadApplication(*json, *policies);
  (void)ReadPaperReceipt(*json);
  (void)ReadReason(*json, Fields::kOptional);
  if (json->contains("date") && (*json)["date"].is_string()) {
    (void)ReadDate("date", (*json)["date"].get<std::string>());
  }
  return 0;
}
