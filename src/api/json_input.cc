#include "api/json_input.h"

#include <algorithm>
#include <utility>

namespace tamga::api {
namespace {

const nlohmann::json& EmptyObject() {
  static const nlohmann::json empty = nlohmann::json::object();
  return empty;
}

std::string TypeName(const nlohmann::json& j) {
  if (j.is_number()) return "a number";
  if (j.is_string()) return "a string";
  if (j.is_boolean()) return "a boolean";
  if (j.is_null()) return "null";
  if (j.is_array()) return "an array";
  return "an object";
}

// The deepest nesting of arrays and objects in JSON text, found without parsing, so that a body of
// a million '[' is refused before a parser or a destructor recurses through it.
int NestingDepth(std::string_view text) {
  int depth = 0;
  int deepest = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return deepest;
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

}  // namespace

Result<nlohmann::json> ParseJsonObject(std::string_view body, int max_depth) {
  if (!IsValidUtf8(body)) return std::unexpected(Invalid("body", "the body is not valid UTF-8"));
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return nlohmann::json::object();
  }
  if (NestingDepth(body) > max_depth) {
    return std::unexpected(
        Invalid("body", "JSON nested deeper than " + std::to_string(max_depth) + " levels"));
  }
  nlohmann::json parsed;
  // RFC 8259 leaves duplicate names to the parser; a request that says two things about one field
  // is refused rather than silently keeping the last.
  std::vector<std::vector<std::string>> keys;
  std::string duplicate;
  auto track = [&](int, nlohmann::json::parse_event_t event, nlohmann::json& value) {
    using Event = nlohmann::json::parse_event_t;
    if (event == Event::object_start) keys.emplace_back();
    if (event == Event::object_end && !keys.empty()) keys.pop_back();
    if (event == Event::key && !keys.empty() && value.is_string()) {
      std::string key = value.get<std::string>();
      auto& seen = keys.back();
      if (std::find(seen.begin(), seen.end(), key) != seen.end()) {
        if (duplicate.empty()) duplicate = key;
      } else {
        seen.push_back(std::move(key));
      }
    }
    return true;
  };
  try {
    parsed = nlohmann::json::parse(body, track);
  } catch (const nlohmann::json::exception& e) {
    // e.what() reads "[json.exception.parse_error.101] parse error at line 1, column 7: ..." or,
    // for a number beyond a double's range (1e999999), "[json.exception.out_of_range.406] ...".
    std::string what = e.what();
    size_t start = what.find("] ");
    return std::unexpected(Invalid(
        "body", "malformed JSON: " + (start == std::string::npos ? what : what.substr(start + 2))));
  }
  if (!duplicate.empty()) {
    return std::unexpected(Invalid(duplicate, "the field \"" + duplicate + "\" appears twice"));
  }
  if (!parsed.is_object()) {
    return std::unexpected(Invalid("body", "expected a JSON object, found " + TypeName(parsed)));
  }
  return parsed;
}

Fields::Fields(const nlohmann::json& object, std::string path, std::optional<ApiError>& error)
    : object_(&object), path_(std::move(path)), error_(&error) {
  if (!object.is_object()) {
    Fail(path_.empty() ? "body" : path_, "expected an object, found " + TypeName(object),
         "wrong-type");
    object_ = &EmptyObject();
  }
}

std::string Fields::PathOf(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

void Fields::Fail(std::string field, std::string message, std::string reason) {
  if (*error_) return;
  *error_ = Invalid(std::move(field), std::move(message));
  (*error_)->reason = std::move(reason);
}

const nlohmann::json* Fields::Get(std::string_view key, Need need) {
  read_.emplace(key);
  if (*error_) return nullptr;
  auto it = object_->find(key);
  if (it == object_->end() || it->is_null()) {
    if (need == kRequired) Fail(PathOf(key), "required", "required");
    return nullptr;
  }
  return &*it;
}

std::string Fields::String(std::string_view key, Need need, size_t max_bytes) {
  const nlohmann::json* j = Get(key, need);
  if (!j) return "";
  if (!j->is_string()) {
    Fail(PathOf(key), "expected a string, found " + TypeName(*j), "wrong-type");
    return "";
  }
  const auto& s = j->get_ref<const std::string&>();
  if (s.size() > max_bytes) {
    Fail(PathOf(key), "longer than " + std::to_string(max_bytes) + " bytes", "too-long");
    return "";
  }
  if (need == kRequired && s.find_first_not_of(" \t\r\n") == std::string::npos) {
    Fail(PathOf(key), "must not be empty", "required");
    return "";
  }
  return s;
}

std::optional<feel::Date> Fields::Date(std::string_view key, Need need) {
  const nlohmann::json* j = Get(key, need);
  if (!j) return std::nullopt;
  if (!j->is_string()) {
    Fail(PathOf(key), "expected a date as a string (YYYY-MM-DD), found " + TypeName(*j),
         "wrong-type");
    return std::nullopt;
  }
  auto date = ReadDate(PathOf(key), j->get<std::string>());
  if (!date) {
    Fail(date.error().field, date.error().message, date.error().reason);
    return std::nullopt;
  }
  return *date;
}

int Fields::Int(std::string_view key, Need need, int min, int max) {
  const nlohmann::json* j = Get(key, need);
  if (!j) return 0;
  std::string range = "a whole number from " + std::to_string(min) + " to " + std::to_string(max);
  if (!j->is_number_integer()) {
    Fail(PathOf(key), "expected " + range + ", found " + TypeName(*j), "wrong-type");
    return 0;
  }
  // JSON parsers keep non-negative integers unsigned; compare each in its own type.
  bool in_range;
  if (j->is_number_unsigned()) {
    uint64_t v = j->get<uint64_t>();
    in_range = v <= static_cast<uint64_t>(max) && (min <= 0 || v >= static_cast<uint64_t>(min));
  } else {
    int64_t v = j->get<int64_t>();
    in_range = v >= min && v <= max;
  }
  if (!in_range) {
    Fail(PathOf(key), "expected " + range, "out-of-range");
    return 0;
  }
  return static_cast<int>(j->get<int64_t>());
}

const nlohmann::json* Fields::Raw(std::string_view key, Need need) { return Get(key, need); }

bool Fields::Bool(std::string_view key, Need need) {
  const nlohmann::json* j = Get(key, need);
  if (!j) return false;
  if (!j->is_boolean()) {
    Fail(PathOf(key), "expected true or false, found " + TypeName(*j), "wrong-type");
    return false;
  }
  return j->get<bool>();
}

std::vector<std::string> Fields::Strings(std::string_view key, Need need) {
  const nlohmann::json* j = Get(key, need);
  if (!j) return {};
  if (!j->is_array()) {
    Fail(PathOf(key), "expected an array of strings, found " + TypeName(*j), "wrong-type");
    return {};
  }
  if (need == kRequired && j->empty()) {
    Fail(PathOf(key), "must not be empty", "required");
    return {};
  }
  std::vector<std::string> out;
  for (size_t i = 0; i < j->size(); ++i) {
    const nlohmann::json& item = (*j)[i];
    std::string path = PathOf(key) + "[" + std::to_string(i) + "]";
    if (!item.is_string()) {
      Fail(path, "expected a string, found " + TypeName(item), "wrong-type");
      return {};
    }
    const auto& s = item.get_ref<const std::string&>();
    if (s.empty() || s.size() > kMaxStringBytes) {
      Fail(path, s.empty() ? "must not be empty" : "too long", s.empty() ? "required" : "too-long");
      return {};
    }
    out.push_back(s);
  }
  return out;
}

Fields Fields::Object(std::string_view key, Need need) {
  const nlohmann::json* j = Get(key, need);
  return Fields(j ? *j : EmptyObject(), PathOf(key), *error_);
}

std::vector<Fields> Fields::Objects(std::string_view key, Need need) {
  const nlohmann::json* j = Get(key, need);
  if (!j) return {};
  if (!j->is_array()) {
    Fail(PathOf(key), "expected an array of objects, found " + TypeName(*j), "wrong-type");
    return {};
  }
  if (need == kRequired && j->empty()) {
    Fail(PathOf(key), "must not be empty", "required");
    return {};
  }
  std::vector<Fields> out;
  for (size_t i = 0; i < j->size(); ++i) {
    out.emplace_back((*j)[i], PathOf(key) + "[" + std::to_string(i) + "]", *error_);
  }
  return out;
}

void Fields::RejectUnknown(std::string_view hint_field, std::string_view hint) {
  if (*error_) return;
  for (const auto& [key, value] : object_->items()) {
    if (read_.contains(key)) continue;
    Fail(PathOf(key), key == hint_field ? std::string(hint) : "unknown field", "unknown-field");
    return;
  }
}

Result<feel::Date> ReadDate(const std::string& field, const std::string& text) {
  // feel::ParseDate also takes years beyond four digits and negative years; an application date
  // is a plain YYYY-MM-DD.
  bool shape = text.size() == 10 && text[4] == '-' && text[7] == '-' &&
               std::all_of(text.begin(), text.end(),
                           [](char c) { return (c >= '0' && c <= '9') || c == '-'; });
  std::optional<feel::Date> date = shape ? feel::ParseDate(text) : std::nullopt;
  if (!date) {
    ApiError e =
        Invalid(field, "\"" + text + "\" is not a valid date (YYYY-MM-DD, e.g. 2022-09-26)");
    e.reason = "not-a-date";
    return std::unexpected(std::move(e));
  }
  return *date;
}

Result<std::string> ReadReason(const nlohmann::json& body, Fields::Need need) {
  std::optional<ApiError> error;
  Fields fields(body, "", error);
  std::string reason = fields.String("reason", need);
  fields.RejectUnknown();
  if (error) return std::unexpected(*error);
  return reason;
}

Result<cases::Application> ReadApplication(const nlohmann::json& body,
                                           const policy::Library& policies) {
  std::optional<ApiError> error;
  Fields root(body, "", error);
  cases::Application a;
  a.jurisdiction = root.String("jurisdiction");
  if (!error) {
    std::vector<std::string> known = policies.Jurisdictions();
    if (std::find(known.begin(), known.end(), a.jurisdiction) == known.end()) {
      return std::unexpected(Invalid("jurisdiction", "unknown jurisdiction \"" + a.jurisdiction +
                                                         "\"; known: " + Join(known)));
    }
  }
  a.kind = root.String("kind");
  if (!error) {
    std::vector<std::string> known = policies.Kinds(a.jurisdiction);
    if (std::find(known.begin(), known.end(), a.kind) == known.end()) {
      return std::unexpected(Invalid("kind", "unknown kind \"" + a.kind + "\" in " +
                                                 a.jurisdiction + "; known: " + Join(known)));
    }
  }
  a.purpose = root.String("purpose", Fields::kOptional);
  if (std::string language = root.String("language", Fields::kOptional); !language.empty())
    a.language = language;

  Fields applicant = root.Object("applicant");
  cases::Applicant& p = a.applicant;
  p.surname = applicant.String("surname");
  p.given_names = applicant.String("givenNames");
  p.native_name = applicant.String("nativeName", Fields::kOptional);
  p.birth_date = applicant.Date("birthDate").value_or(feel::Date{});
  p.sex = applicant.String("sex");
  p.citizenships = applicant.Strings("citizenships");

  Fields passport = applicant.Object("passport");
  p.passport.number = passport.String("number");
  p.passport.issuing_state = passport.String("issuingState");
  p.passport.issued = passport.Date("issued", Fields::kOptional);
  p.passport.expiry = passport.Date("expiry").value_or(feel::Date{});
  p.passport.mrz = passport.String("mrz", Fields::kOptional);

  passport.RejectUnknown();
  applicant.RejectUnknown();
  // The authority fixes the filing time; an officer entering a paper application says when it
  // was received (ReadPaperReceipt).
  root.Object("received", Fields::kOptional);
  root.Object("lodging", Fields::kOptional);  // an asylum claim's (ReadLodging)
  if (!error && body.is_object() && body.contains("filingDate")) {
    return std::unexpected(
        Invalid("filingDate",
                "the filing date is not sent: the authority fixes it by its clock when the "
                "application arrives (an officer entering a paper application gives "
                "\"received\": {\"at\", \"reason\"})"));
  }
  root.RejectUnknown("documents",
                     "documents are uploaded with their files, one by one, to "
                     "POST /api/v1/applications/{number}/documents");
  if (error) return std::unexpected(*error);
  return a;
}

Result<std::optional<cases::PaperReceipt>> ReadPaperReceipt(const nlohmann::json& body) {
  if (!body.is_object() || !body.contains("received")) return std::optional<cases::PaperReceipt>();
  std::optional<ApiError> error;
  Fields root(body, "", error);
  Fields received = root.Object("received");
  cases::PaperReceipt r;
  r.received_at = received.String("at");
  r.reason = received.String("reason");
  received.RejectUnknown();
  if (error) return std::unexpected(*error);
  return std::optional<cases::PaperReceipt>(std::move(r));
}

Result<std::optional<cases::CaseService::Lodging>> ReadLodging(const nlohmann::json& body) {
  if (!body.is_object() || !body.contains("lodging"))
    return std::optional<cases::CaseService::Lodging>();
  std::optional<ApiError> error;
  Fields root(body, "", error);
  Fields lodging = root.Object("lodging");
  cases::CaseService::Lodging l;
  l.place = lodging.String("place", Fields::kRequired, 64);
  l.location = lodging.String("location", Fields::kOptional, 1000);
  lodging.RejectUnknown();
  if (error) return std::unexpected(*error);
  return std::optional<cases::CaseService::Lodging>(std::move(l));
}

}  // namespace tamga::api
