// Strict reading of request input. Bodies are checked as UTF-8 before JSON parsing; objects are
// read field by field with their types checked, unknown fields refused, and every error naming the
// JSON path of the field ("applicant.passport.expiry", "grounds[1].citation").
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/routes.h"
#include "base/utf8.h"
#include "cases/model.h"
#include "feel/temporal.h"
#include "policy/policy.h"

namespace tamga::api {

using base::IsValidUtf8;

// Parses a request body as a JSON object. Refuses invalid UTF-8, malformed JSON, nesting deeper
// than `max_depth` and anything but an object; an empty body is the empty object.
Result<nlohmann::json> ParseJsonObject(std::string_view body, int max_depth = 32);

// Reads the fields of one JSON object. The first error is kept in the shared `error` and later
// reads return empty values, so a reader is used as a straight sequence of reads followed by one
// check of the error.
class Fields {
 public:
  enum Need { kRequired, kOptional };
  static constexpr size_t kMaxStringBytes = 4096;

  Fields(const nlohmann::json& object, std::string path, std::optional<ApiError>& error);

  std::string String(std::string_view key, Need need = kRequired,
                     size_t max_bytes = kMaxStringBytes);
  // A whole number from `min` to `max`.
  int Int(std::string_view key, Need need, int min, int max);
  // The value as it is, of any type; nullptr when absent (or null).
  const nlohmann::json* Raw(std::string_view key, Need need = kRequired);
  // An ISO 8601 calendar date, checked by feel::ParseDate (so 2022-02-30 is refused).
  std::optional<feel::Date> Date(std::string_view key, Need need = kRequired);
  bool Bool(std::string_view key, Need need = kRequired);
  // A non-empty array of non-empty strings, when required.
  std::vector<std::string> Strings(std::string_view key, Need need = kRequired);
  // A nested object; an absent optional object reads as {}.
  Fields Object(std::string_view key, Need need = kRequired);
  // The elements of an array of objects.
  std::vector<Fields> Objects(std::string_view key, Need need = kRequired);
  // Refuses the fields that were not read. `hint` explains a field that is refused on purpose.
  void RejectUnknown(std::string_view hint_field = "", std::string_view hint = "");

  std::string PathOf(std::string_view key) const;

 private:
  const nlohmann::json* Get(std::string_view key, Need need);
  // `reason`: ApiError::reason ("required", "wrong-type", "too-long", "unknown-field").
  void Fail(std::string field, std::string message, std::string reason = "");

  const nlohmann::json* object_;
  std::string path_;
  std::optional<ApiError>* error_;
  std::set<std::string, std::less<>> read_;
};

// The application body of POST /api/v1/applications. The jurisdiction and kind must be known to
// the policy library; everything else the case service validates in turn.
Result<cases::Application> ReadApplication(const nlohmann::json& body,
                                           const policy::Library& policies);

// The "received": {"at", "reason"} of an application an officer enters from paper; nullopt when
// the body has none.
Result<std::optional<cases::PaperReceipt>> ReadPaperReceipt(const nlohmann::json& body);
// An asylum claim's "lodging": {"place", "location"}: where it was lodged; none when absent.
Result<std::optional<cases::CaseService::Lodging>> ReadLodging(const nlohmann::json& body);

// The body {"reason": "..."} of an action.
Result<std::string> ReadReason(const nlohmann::json& body, Fields::Need need = Fields::kRequired);

// A date given as text (a query parameter or a form field), named `field` on error.
Result<feel::Date> ReadDate(const std::string& field, const std::string& text);

}  // namespace tamga::api
