// For the API's test binaries (api_test, server_test): the repository's policy library, loaded
// once per process; a library that does not load stops the tests at once with the reason.
#pragma once

#include <cstdio>
#include <cstdlib>

#include "policy/policy.h"

namespace tamga::api {

inline const policy::Library& TestPolicies() {
  static const policy::Library library = [] {
    auto loaded = policy::Library::Load("policies");
    if (!loaded) {
      std::fprintf(stderr, "cannot load policies/: %s\n", loaded.error().ToString().c_str());
      std::abort();
    }
    return *std::move(loaded);
  }();
  return library;
}

}  // namespace tamga::api
