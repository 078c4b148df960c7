// Library::Load: reads policies/<jurisdiction>/<kind>/<YYYY-MM-DD>/, checks every policy.json and
// model, compiles the models once and orders the versions of each (jurisdiction, kind) by date.
#include <algorithm>
#include <set>

#include <date/tz.h>
#include <nlohmann/json.hpp>

#include "policy/internal.h"

namespace tamga::policy {
namespace {

namespace fs = std::filesystem;
using internal::IsDirectory;
using internal::ListDir;
using internal::ParseIsoDate;
using internal::ReadFile;

constexpr std::string_view kPolicyFile = "policy.json";
constexpr std::string_view kTestsFolder = "tests";
constexpr std::string_view kJurisdictionFile = "jurisdiction.json";

// A folder name of lower-case ASCII letters (and, when allowed, digits and dashes after the first).
bool IsLowerName(std::string_view name, bool allow_digits_and_dashes) {
  auto letter = [](char c) { return c >= 'a' && c <= 'z'; };
  if (name.empty() || !letter(name[0])) return false;
  return std::all_of(name.begin(), name.end(), [&](char c) {
    return letter(c) || (allow_digits_and_dashes && ((c >= '0' && c <= '9') || c == '-'));
  });
}

// policy.json, checked.
struct PolicyFile {
  std::string title;
  LegalBasis legal_basis;
  AppliesTo applies_to = AppliesTo::kFiledOnOrAfter;
  feel::Date takes_effect;
  std::string decision;
  int deadline_days = 0;
  int deadline_months = 0;
  std::vector<Purpose> purposes;
  std::map<std::string, Translations> documents;
  std::string refusal_form;
  std::optional<Approval> approval;
  std::optional<AsylumProcedure> asylum;
};

Error FieldError(const std::string& file, std::string_view field, const std::string& message) {
  return Error{file, "field '" + std::string(field) + "': " + message};
}

// `prefix` names the object holding the field in errors ("legal_basis.").
std::expected<std::string, Error> StringField(const nlohmann::json& json, std::string_view field,
                                              const std::string& file,
                                              const std::string& prefix = "") {
  std::string name = prefix + std::string(field);
  auto it = json.find(field);
  if (it == json.end()) return std::unexpected(FieldError(file, name, "missing"));
  if (!it->is_string()) {
    return std::unexpected(FieldError(file, name, "must be a string, not " + it->dump()));
  }
  std::string value = it->get<std::string>();
  if (value.empty()) return std::unexpected(FieldError(file, name, "must not be empty"));
  return value;
}

// A string field that may be absent, null or empty ("" then).
std::expected<std::string, Error> OptionalStringField(const nlohmann::json& json,
                                                      std::string_view field,
                                                      const std::string& file,
                                                      const std::string& prefix = "") {
  auto it = json.find(field);
  if (it == json.end() || it->is_null()) return "";
  if (!it->is_string()) {
    return std::unexpected(
        FieldError(file, prefix + std::string(field), "must be a string, not " + it->dump()));
  }
  return it->get<std::string>();
}

std::expected<std::optional<feel::Date>, Error> OptionalDateField(const nlohmann::json& json,
                                                                  std::string_view field,
                                                                  const std::string& file,
                                                                  const std::string& prefix) {
  auto text = OptionalStringField(json, field, file, prefix);
  if (!text) return std::unexpected(text.error());
  if (text->empty()) return std::optional<feel::Date>();
  auto date = ParseIsoDate(*text);
  if (!date) {
    return std::unexpected(FieldError(file, prefix + std::string(field),
                                      "\"" + *text + "\" is not a date YYYY-MM-DD"));
  }
  return date;
}

std::expected<int, Error> DaysField(const nlohmann::json& json, std::string_view field,
                                    const std::string& file) {
  auto it = json.find(field);
  if (it == json.end()) return std::unexpected(FieldError(file, field, "missing"));
  if (!it->is_number_integer() || it->get<int64_t>() < 1 || it->get<int64_t>() > 3650) {
    return std::unexpected(FieldError(
        file, field, "must be a whole number of days from 1 to 3650, not " + it->dump()));
  }
  return static_cast<int>(it->get<int64_t>());
}

std::expected<void, Error> CheckKnownFields(const nlohmann::json& json,
                                            std::initializer_list<std::string_view> known,
                                            const std::string& file, const std::string& prefix) {
  std::string list;
  for (std::string_view k : known) list += (list.empty() ? "" : ", ") + std::string(k);
  for (const auto& [key, value] : json.items()) {
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      return std::unexpected(FieldError(file, prefix + key, "unknown field (known: " + list + ")"));
    }
  }
  return {};
}

}  // namespace

namespace internal {

std::expected<Translations, Error> ParseTranslations(const nlohmann::json& json,
                                                     const std::string& field,
                                                     const std::string& file) {
  if (!json.is_object()) {
    return std::unexpected(FieldError(
        file, field, "must be an object of texts by language ({\"en\": ..., \"ru\": ...})"));
  }
  Translations out;
  for (const auto& [language, text] : json.items()) {
    if (!IsLanguage(language)) {
      return std::unexpected(FieldError(file, field + "." + language,
                                        "not a language tamga writes in (en, ru, kk, lv)"));
    }
    if (!text.is_string() || text.get<std::string>().empty()) {
      return std::unexpected(
          FieldError(file, field + "." + language, "must be a non-empty string"));
    }
    out[language] = text.get<std::string>();
  }
  if (!out.contains("en"))
    return std::unexpected(FieldError(file, field, "needs the English text (en)"));
  return out;
}

}  // namespace internal

namespace {

using internal::ParseTranslations;

std::expected<Translations, Error> TranslationsField(const nlohmann::json& json,
                                                     std::string_view field,
                                                     const std::string& file,
                                                     const std::string& prefix = "") {
  auto it = json.find(field);
  if (it == json.end())
    return std::unexpected(FieldError(file, prefix + std::string(field), "missing"));
  return ParseTranslations(*it, prefix + std::string(field), file);
}

std::expected<LegalBasis, Error> ParseLegalBasis(const nlohmann::json& json,
                                                 const std::string& file) {
  const std::string prefix = "legal_basis.";
  if (!json.is_object()) {
    return std::unexpected(FieldError(file, "legal_basis",
                                      "must be an object {act, article, adopted, published, link, "
                                      "status, note}"));
  }
  if (auto ok = CheckKnownFields(
          json, {"act", "article", "adopted", "published", "link", "status", "note"}, file, prefix);
      !ok)
    return std::unexpected(ok.error());
  LegalBasis b;
  for (auto [field, target] : {std::pair{"act", &b.act}, std::pair{"article", &b.article}}) {
    auto value = StringField(json, field, file, prefix);
    if (!value) return std::unexpected(value.error());
    *target = std::move(*value);
  }
  for (auto [field, target] :
       {std::pair{"adopted", &b.adopted}, std::pair{"published", &b.published}}) {
    auto value = OptionalDateField(json, field, file, prefix);
    if (!value) return std::unexpected(value.error());
    *target = *value;
  }
  auto link = OptionalStringField(json, "link", file, prefix);
  auto note = OptionalStringField(json, "note", file, prefix);
  auto status = StringField(json, "status", file, prefix);
  if (!link) return std::unexpected(link.error());
  if (!note) return std::unexpected(note.error());
  if (!status) return std::unexpected(status.error());
  b.link = *link;
  b.note = *note;
  if (!b.link.empty() && !b.link.starts_with("https://") && !b.link.starts_with("http://")) {
    return std::unexpected(FieldError(file, prefix + "link", "must be an http(s) address"));
  }
  if (*status == "enacted") {
    b.status = TextStatus::kEnacted;
    if (b.link.empty() || !b.adopted) {
      return std::unexpected(
          FieldError(file, prefix + "status",
                     "\"enacted\" needs the link to the act's text and the date it was adopted"));
    }
  } else if (*status == "reported") {
    b.status = TextStatus::kReported;
    if (b.note.empty()) {
      return std::unexpected(FieldError(file, prefix + "note",
                                        "say what could not be found and what the model rests on"));
    }
  } else if (*status == "illustrative") {
    b.status = TextStatus::kIllustrative;
  } else {
    return std::unexpected(FieldError(
        file, prefix + "status",
        "must be \"enacted\", \"reported\" or \"illustrative\", not \"" + *status + "\""));
  }
  if (b.adopted && b.published && internal::Before(*b.published, *b.adopted)) {
    return std::unexpected(FieldError(file, prefix + "published", "is before the act was adopted"));
  }
  return b;
}

std::expected<std::vector<Purpose>, Error> ParsePurposes(const nlohmann::json& json,
                                                         const std::string& file) {
  auto it = json.find("purposes");
  if (it == json.end()) return std::unexpected(FieldError(file, "purposes", "missing"));
  if (!it->is_array() || it->empty()) {
    return std::unexpected(
        FieldError(file, "purposes", "must be a non-empty list of {\"code\", \"label\"}"));
  }
  std::vector<Purpose> out;
  for (size_t i = 0; i < it->size(); ++i) {
    const nlohmann::json& p = (*it)[i];
    std::string where = "purposes[" + std::to_string(i) + "]";
    if (!p.is_object()) return std::unexpected(FieldError(file, where, "must be an object"));
    if (auto ok = CheckKnownFields(p, {"code", "label"}, file, where + "."); !ok)
      return std::unexpected(ok.error());
    auto code = p.find("code");
    if (code == p.end() || !code->is_string() || !IsCode(code->get<std::string>())) {
      return std::unexpected(FieldError(file, where + ".code",
                                        "must be a code of lower-case letters, digits and dashes"));
    }
    auto label = TranslationsField(p, "label", file, where + ".");
    if (!label) return std::unexpected(label.error());
    for (const Purpose& seen : out) {
      if (seen.code == code->get<std::string>())
        return std::unexpected(
            FieldError(file, where + ".code", "\"" + seen.code + "\" is listed twice"));
    }
    out.push_back({code->get<std::string>(), std::move(*label)});
  }
  return out;
}

std::expected<std::map<std::string, Translations>, Error> ParseDocuments(const nlohmann::json& json,
                                                                         const std::string& file) {
  auto it = json.find("documents");
  if (it == json.end()) return std::unexpected(FieldError(file, "documents", "missing"));
  if (!it->is_object()) {
    return std::unexpected(
        FieldError(file, "documents", "must be an object: document kind -> its name by language"));
  }
  std::map<std::string, Translations> out;
  for (const auto& [kind, labels] : it->items()) {
    if (!IsCode(kind)) {
      return std::unexpected(FieldError(
          file, "documents." + kind, "a document kind is lower-case letters, digits and dashes"));
    }
    auto t = ParseTranslations(labels, "documents." + kind, file);
    if (!t) return std::unexpected(t.error());
    out[kind] = std::move(*t);
  }
  if (!out.contains("passport")) {
    return std::unexpected(FieldError(file, "documents", "must name the passport"));
  }
  return out;
}

// "approval": {"proposal", "proposed_by", "proposed_at", "approved_by", "approved_at"}.
std::expected<Approval, Error> ParseApproval(const nlohmann::json& json, const std::string& file) {
  const std::string prefix = "approval.";
  if (!json.is_object()) {
    return std::unexpected(FieldError(file, "approval",
                                      "must be an object {proposal, proposed_by, proposed_at, "
                                      "approved_by, approved_at}"));
  }
  if (auto ok = CheckKnownFields(
          json, {"proposal", "proposed_by", "proposed_at", "approved_by", "approved_at"}, file,
          prefix);
      !ok)
    return std::unexpected(ok.error());
  Approval a;
  auto number = json.find("proposal");
  if (number == json.end() || !number->is_number_integer() || number->get<int64_t>() < 1) {
    return std::unexpected(FieldError(file, "approval.proposal", "must be a proposal number"));
  }
  a.proposal = number->get<int64_t>();
  for (auto [field, target] :
       {std::pair{"proposed_by", &a.proposed_by}, std::pair{"proposed_at", &a.proposed_at},
        std::pair{"approved_by", &a.approved_by}, std::pair{"approved_at", &a.approved_at}}) {
    auto value = StringField(json, field, file, prefix);
    if (!value) return std::unexpected(value.error());
    *target = std::move(*value);
  }
  if (a.proposed_by == a.approved_by) {
    return std::unexpected(
        FieldError(file, "approval.approved_by", "must be another person than the proposer"));
  }
  return a;
}

std::expected<Appeal, Error> ParseAppeal(const nlohmann::json& json, const std::string& file);

// "asylum": {"extension_months", "time_limits", "lodging": {"places", "online", "basis"},
//            "certificate": {"title", "right_to_stay", "basis"}, "checklist": [...]}.
std::expected<AsylumProcedure, Error> ParseAsylum(const nlohmann::json& json,
                                                  const std::string& file) {
  const std::string prefix = "asylum.";
  if (!json.is_object()) return std::unexpected(FieldError(file, "asylum", "must be an object"));
  if (auto ok = CheckKnownFields(
          json,
          {"extension_months", "time_limits", "lodging", "certificate", "checklist", "appeal"},
          file, prefix);
      !ok)
    return std::unexpected(ok.error());
  AsylumProcedure a;
  auto extension = json.find("extension_months");
  if (extension == json.end() || !extension->is_number_integer() || extension->get<int64_t>() < 0 ||
      extension->get<int64_t>() > 60) {
    return std::unexpected(FieldError(file, prefix + "extension_months",
                                      "must be a whole number of months from 0 to 60"));
  }
  a.extension_months = static_cast<int>(extension->get<int64_t>());
  auto limits = TranslationsField(json, "time_limits", file, prefix);
  if (!limits) return std::unexpected(limits.error());
  a.time_limits = std::move(*limits);

  auto lodging = json.find("lodging");
  if (lodging == json.end() || !lodging->is_object())
    return std::unexpected(FieldError(file, prefix + "lodging", "must be an object"));
  if (auto ok =
          CheckKnownFields(*lodging, {"places", "online", "basis"}, file, prefix + "lodging.");
      !ok)
    return std::unexpected(ok.error());
  auto places = lodging->find("places");
  if (places == lodging->end() || !places->is_array() || places->empty()) {
    return std::unexpected(
        FieldError(file, prefix + "lodging.places", "must be a non-empty list of codes"));
  }
  for (const auto& place : *places) {
    if (!place.is_string() || !IsCode(place.get<std::string>())) {
      return std::unexpected(FieldError(file, prefix + "lodging.places",
                                        "must be codes of lower-case letters, digits and dashes"));
    }
    a.lodging_places.push_back(place.get<std::string>());
  }
  auto online = lodging->find("online");
  if (online == lodging->end() || !online->is_boolean())
    return std::unexpected(FieldError(file, prefix + "lodging.online", "must be true or false"));
  a.online = online->get<bool>();
  auto lodging_basis = TranslationsField(*lodging, "basis", file, prefix + "lodging.");
  if (!lodging_basis) return std::unexpected(lodging_basis.error());
  a.lodging_basis = std::move(*lodging_basis);

  auto certificate = json.find("certificate");
  if (certificate == json.end() || !certificate->is_object())
    return std::unexpected(FieldError(file, prefix + "certificate", "must be an object"));
  if (auto ok = CheckKnownFields(*certificate, {"title", "right_to_stay", "basis"}, file,
                                 prefix + "certificate.");
      !ok)
    return std::unexpected(ok.error());
  for (auto [field, target] :
       {std::pair{"title", &a.certificate_title}, std::pair{"right_to_stay", &a.right_to_stay},
        std::pair{"basis", &a.certificate_basis}}) {
    auto text = TranslationsField(*certificate, field, file, prefix + "certificate.");
    if (!text) return std::unexpected(text.error());
    *target = std::move(*text);
  }

  auto checklist = json.find("checklist");
  if (checklist == json.end() || !checklist->is_array() || checklist->empty()) {
    return std::unexpected(
        FieldError(file, prefix + "checklist", "must be a non-empty list of legal questions"));
  }
  for (size_t i = 0; i < checklist->size(); ++i) {
    const nlohmann::json& q = (*checklist)[i];
    const std::string where = prefix + "checklist[" + std::to_string(i) + "]";
    if (!q.is_object()) return std::unexpected(FieldError(file, where, "must be an object"));
    if (auto ok = CheckKnownFields(q, {"id", "group", "question", "guidance", "citation"}, file,
                                   where + ".");
        !ok)
      return std::unexpected(ok.error());
    ChecklistQuestion question;
    for (auto [field, target] :
         {std::pair{"id", &question.id}, std::pair{"group", &question.group}}) {
      auto code = StringField(q, field, file, where + ".");
      if (!code) return std::unexpected(code.error());
      if (!IsCode(*code)) {
        return std::unexpected(FieldError(file, where + "." + field,
                                          "must be a code of lower-case letters, digits and "
                                          "dashes"));
      }
      *target = std::move(*code);
    }
    if (a.FindQuestion(question.id)) {
      return std::unexpected(
          FieldError(file, where + ".id", "\"" + question.id + "\" is listed twice"));
    }
    for (auto [field, target] :
         {std::pair{"question", &question.question}, std::pair{"guidance", &question.guidance},
          std::pair{"citation", &question.citation}}) {
      auto text = TranslationsField(q, field, file, where + ".");
      if (!text) return std::unexpected(text.error());
      *target = std::move(*text);
    }
    a.checklist.push_back(std::move(question));
  }
  if (auto appeal = json.find("appeal"); appeal != json.end()) {
    auto parsed = ParseAppeal(*appeal, file);
    if (!parsed) return std::unexpected(parsed.error());
    a.appeal = std::move(*parsed);
  }
  return a;
}

std::expected<PolicyFile, Error> ParsePolicyFile(const std::string& text, const std::string& file) {
  nlohmann::json json = nlohmann::json::parse(text, nullptr, false);
  if (json.is_discarded()) return std::unexpected(Error{file, "invalid JSON"});
  if (!json.is_object()) return std::unexpected(Error{file, "must be a JSON object"});
  if (auto ok = CheckKnownFields(json,
                                 {"title", "legal_basis", "takes_effect", "applies_to", "decision",
                                  "deadline_days", "deadline_months", "purposes", "documents",
                                  "refusal_form", "approval", "procedure", "asylum"},
                                 file, "");
      !ok)
    return std::unexpected(ok.error());
  PolicyFile p;
  for (auto [field, target] : {std::pair{"title", &p.title}, std::pair{"decision", &p.decision}}) {
    auto value = StringField(json, field, file);
    if (!value) return std::unexpected(value.error());
    *target = std::move(*value);
  }
  auto basis = json.find("legal_basis");
  if (basis == json.end()) return std::unexpected(FieldError(file, "legal_basis", "missing"));
  auto legal_basis = ParseLegalBasis(*basis, file);
  if (!legal_basis) return std::unexpected(legal_basis.error());
  p.legal_basis = std::move(*legal_basis);
  auto takes_effect = StringField(json, "takes_effect", file);
  if (!takes_effect) return std::unexpected(takes_effect.error());
  auto date = ParseIsoDate(*takes_effect);
  if (!date) {
    return std::unexpected(
        FieldError(file, "takes_effect", "\"" + *takes_effect + "\" is not a date YYYY-MM-DD"));
  }
  p.takes_effect = *date;
  if (p.legal_basis.adopted && internal::Before(p.takes_effect, *p.legal_basis.adopted)) {
    return std::unexpected(FieldError(file, "takes_effect", "is before the act was adopted"));
  }
  auto applies = StringField(json, "applies_to", file);
  if (!applies) return std::unexpected(applies.error());
  if (*applies == "filed-on-or-after") {
    p.applies_to = AppliesTo::kFiledOnOrAfter;
  } else if (*applies == "pending") {
    p.applies_to = AppliesTo::kPending;
  } else {
    return std::unexpected(
        FieldError(file, "applies_to",
                   "must be \"filed-on-or-after\" or \"pending\", not \"" + *applies + "\""));
  }
  // The statutory time to decide, in days or (as asylum laws count it) in calendar months.
  if (json.contains("deadline_months")) {
    if (json.contains("deadline_days")) {
      return std::unexpected(FieldError(file, "deadline_months",
                                        "give either deadline_days or deadline_months, not both"));
    }
    const nlohmann::json& months = json["deadline_months"];
    if (!months.is_number_integer() || months.get<int64_t>() < 1 || months.get<int64_t>() > 120) {
      return std::unexpected(
          FieldError(file, "deadline_months", "must be a whole number of months from 1 to 120"));
    }
    p.deadline_months = static_cast<int>(months.get<int64_t>());
  } else {
    auto days = DaysField(json, "deadline_days", file);
    if (!days) return std::unexpected(days.error());
    p.deadline_days = *days;
  }
  auto purposes = ParsePurposes(json, file);
  if (!purposes) return std::unexpected(purposes.error());
  p.purposes = std::move(*purposes);
  auto documents = ParseDocuments(json, file);
  if (!documents) return std::unexpected(documents.error());
  p.documents = std::move(*documents);
  auto procedure = OptionalStringField(json, "procedure", file);
  if (!procedure) return std::unexpected(procedure.error());
  if (!procedure->empty() && *procedure != "asylum") {
    return std::unexpected(
        FieldError(file, "procedure", "the only procedure besides the ordinary one is \"asylum\""));
  }
  auto asylum = json.find("asylum");
  if ((*procedure == "asylum") != (asylum != json.end())) {
    return std::unexpected(FieldError(file, "asylum",
                                      "an asylum procedure (\"procedure\": \"asylum\") and its "
                                      "\"asylum\" section come together"));
  }
  if (asylum != json.end()) {
    auto parsed = ParseAsylum(*asylum, file);
    if (!parsed) return std::unexpected(parsed.error());
    if (!p.refusal_form.empty() || json.contains("refusal_form")) {
      return std::unexpected(
          FieldError(file, "refusal_form", "an asylum procedure has no standard refusal form"));
    }
    p.asylum = std::move(*parsed);
  }
  auto form = OptionalStringField(json, "refusal_form", file);
  if (!form) return std::unexpected(form.error());
  if (!form->empty() && *form != "schengen-annex-vi") {
    return std::unexpected(
        FieldError(file, "refusal_form", "the only standard form known is \"schengen-annex-vi\""));
  }
  p.refusal_form = *form;
  if (auto approval = json.find("approval"); approval != json.end() && !approval->is_null()) {
    auto parsed = ParseApproval(*approval, file);
    if (!parsed) return std::unexpected(parsed.error());
    p.approval = std::move(*parsed);
  }
  return p;
}

// The files of a version folder, sorted by name.
struct VersionFiles {
  std::vector<std::pair<std::string, std::string>> files;  // name, contents
  std::string policy_json;
  std::vector<dmn::Source> sources;  // the .dmn files, named by their path
};

std::expected<VersionFiles, Error> ReadVersionFiles(const fs::path& dir) {
  auto names = ListDir(dir);
  if (!names) return std::unexpected(names.error());
  VersionFiles out;
  bool has_policy = false;
  for (const std::string& name : *names) {
    fs::path path = dir / name;
    bool is_dmn = name.size() > 4 && name.ends_with(".dmn");
    if (IsDirectory(path) || (name != kPolicyFile && !is_dmn)) {
      return std::unexpected(Error{
          path.string(), "unexpected entry: a version folder holds policy.json and .dmn files"});
    }
    auto contents = ReadFile(path);
    if (!contents) return std::unexpected(contents.error());
    if (is_dmn) {
      out.sources.push_back({path.string(), *contents});
    } else {
      out.policy_json = *contents;
      has_policy = true;
    }
    out.files.emplace_back(name, std::move(*contents));
  }
  if (!has_policy) return std::unexpected(Error{(dir / kPolicyFile).string(), "missing"});
  if (out.sources.empty()) return std::unexpected(Error{dir.string(), "no .dmn model"});
  return out;
}

// The file of the one model that defines `decision` as a decision.
std::expected<std::string, Error> ContractModel(const dmn::Models& models,
                                                const std::string& decision,
                                                const std::string& policy_file) {
  std::vector<std::string> found;
  for (const dmn::ModelInfo& m : models.models()) {
    if (models.KindOf(m.file, decision) == dmn::InvocableKind::kDecision) found.push_back(m.file);
  }
  if (found.empty()) {
    return std::unexpected(FieldError(
        policy_file, "decision", "no model of this version has a decision '" + decision + "'"));
  }
  if (found.size() > 1) {
    return std::unexpected(
        FieldError(policy_file, "decision",
                   "decision '" + decision + "' is defined by " + found[0] + " and " + found[1]));
  }
  return found[0];
}

// Every rule has an id unique in the version, and a rule that gives a reason cites the law.
std::expected<void, Error> CheckRules(const std::vector<Rule>& rules) {
  std::set<std::string, std::less<>> ids;
  for (size_t i = 0; i < rules.size(); ++i) {
    const Rule& r = rules[i];
    std::string where = r.file + " (table " + (r.table_id.empty() ? "without id" : r.table_id) +
                        " of '" + r.decision + "')";
    if (r.id.empty()) return std::unexpected(Error{where, "a rule has no id"});
    if (!ids.insert(r.id).second) {
      return std::unexpected(Error{where, "rule id '" + r.id + "' is used twice in this version"});
    }
    if (!r.reason.empty() && r.citation.empty()) {
      return std::unexpected(
          Error{where, "rule '" + r.id + "' has a Reason annotation but no Citation"});
    }
    // Applicants read grounds in their language: a ground is written in Russian too.
    if (!r.reason.empty() && (!r.reason_in.contains("ru") || !r.citation_in.contains("ru"))) {
      return std::unexpected(Error{where, "rule '" + r.id +
                                              "' has a Reason but no \"Reason (ru)\" and "
                                              "\"Citation (ru)\" annotations"});
    }
  }
  return {};
}

std::expected<void, Error> CheckInputData(const std::vector<std::string>& names,
                                          const std::string& where) {
  for (const std::string& name : names) {
    bool known = std::any_of(StandardInputs().begin(), StandardInputs().end(),
                             [&](const InputSpec& s) { return s.name == name; });
    if (!known) {
      return std::unexpected(Error{where, "input data '" + name +
                                              "' is not one of the inputs every policy receives "
                                              "(docs/policies.md)"});
    }
  }
  return {};
}

std::expected<LoadedVersion, Error> CompileVersion(const fs::path& dir, Version version,
                                                   const VersionFiles& files) {
  std::string where = dir.string();
  auto models = dmn::Models::Parse(files.sources);
  if (!models) return std::unexpected(Error{where, models.error().ToString()});
  if (!models->load_warnings().empty()) {
    const dmn::Warning& w = models->load_warnings().front();
    // A warning names the element; with a single model, the file is known too.
    bool names_file = std::any_of(
        files.sources.begin(), files.sources.end(),
        [&](const dmn::Source& s) { return w.element.find(s.file) != std::string::npos; });
    std::string file = !names_file && files.sources.size() == 1 ? files.sources[0].file : where;
    return std::unexpected(
        Error{file, "the model does not load cleanly: " + w.element + ": " + w.message});
  }
  auto model = ContractModel(*models, version.decision, (dir / kPolicyFile).string());
  if (!model) return std::unexpected(model.error());
  auto scan = internal::ScanModels(files.sources);
  if (!scan) return std::unexpected(scan.error());
  if (auto ok = CheckRules(scan->rules); !ok) return std::unexpected(ok.error());
  if (version.asylum) {
    // No rule of an asylum procedure decides a claim (docs/asylum.md): RuleFindings reports the
    // same to an author; a version on disk with such a rule does not load at all.
    for (const Rule& r : scan->rules) {
      if (std::ranges::find(kOutcomes, r.output) != std::end(kOutcomes)) {
        return std::unexpected(Error{r.file, "rule '" + r.id + "' produces \"" + r.output +
                                                 "\" in an asylum procedure: only officers "
                                                 "decide an asylum claim"});
      }
    }
  }
  if (auto ok = CheckInputData(scan->input_data, where); !ok) return std::unexpected(ok.error());
  LoadedVersion loaded{
      std::move(version), std::move(*models), std::move(*model), std::move(scan->rules), {}, {}};
  for (size_t i = 0; i < loaded.rules.size(); ++i) loaded.rule_index[loaded.rules[i].id] = i;
  for (const auto& [name, content] : files.files) loaded.files.push_back({name, content});
  return loaded;
}

Error DateMismatch(const fs::path& dir, const feel::Date& takes_effect,
                   const std::set<std::string>& folder_dates) {
  std::string date = feel::ToString(takes_effect);
  std::string message = "\"" + date + "\" differs from the folder date " + dir.filename().string();
  if (folder_dates.contains(date)) {
    message += "; version " + date + " already takes effect that day (two versions on one day)";
  }
  return FieldError((dir / kPolicyFile).string(), "takes_effect", message);
}

// A version from its files, as read from `dir` (or to be written there).
std::expected<LoadedVersion, Error> CompileFiles(const fs::path& dir,
                                                 const std::string& jurisdiction,
                                                 const std::string& kind, const VersionFiles& files,
                                                 const std::set<std::string>& folder_dates) {
  auto policy = ParsePolicyFile(files.policy_json, (dir / kPolicyFile).string());
  if (!policy) return std::unexpected(policy.error());
  // The kind "asylum" follows the asylum procedure, and only it (docs/asylum.md): cases are hidden
  // and refused by two officers by their kind.
  if ((kind == "asylum") != policy->asylum.has_value()) {
    return std::unexpected(FieldError(
        (dir / kPolicyFile).string(), "procedure",
        kind == "asylum" ? "the kind asylum follows the asylum procedure: \"procedure\": "
                           "\"asylum\" with its \"asylum\" section"
                         : "only the kind asylum follows the asylum procedure"));
  }
  if (feel::ToString(policy->takes_effect) != dir.filename().string()) {
    return std::unexpected(DateMismatch(dir, policy->takes_effect, folder_dates));
  }
  Version v;
  v.jurisdiction = jurisdiction;
  v.kind = kind;
  v.takes_effect = policy->takes_effect;
  v.title = policy->title;
  v.legal_basis = std::move(policy->legal_basis);
  v.applies_to = policy->applies_to;
  v.decision = policy->decision;
  v.deadline_days = policy->deadline_days;
  v.deadline_months = policy->deadline_months;
  v.purposes = std::move(policy->purposes);
  v.documents = std::move(policy->documents);
  v.refusal_form = std::move(policy->refusal_form);
  v.approval = std::move(policy->approval);
  v.asylum = std::move(policy->asylum);
  v.content_hash = internal::ContentHash(files.files);
  return CompileVersion(dir, std::move(v), files);
}

std::expected<LoadedVersion, Error> LoadVersion(const fs::path& dir,
                                                const std::string& jurisdiction,
                                                const std::string& kind,
                                                const std::set<std::string>& folder_dates) {
  auto files = ReadVersionFiles(dir);
  if (!files) return std::unexpected(files.error());
  return CompileFiles(dir, jurisdiction, kind, *files, folder_dates);
}

// The version folders of a kind folder: every entry but tests/ must be named by a valid date.
std::expected<std::set<std::string>, Error> VersionFolders(const fs::path& dir) {
  auto names = ListDir(dir);
  if (!names) return std::unexpected(names.error());
  std::set<std::string> dates;
  for (const std::string& name : *names) {
    if (name == kTestsFolder) continue;
    if (!IsDirectory(dir / name) || !ParseIsoDate(name)) {
      return std::unexpected(Error{(dir / name).string(),
                                   "not a version folder: expected a folder named by a valid date "
                                   "YYYY-MM-DD (or tests/)"});
    }
    dates.insert(name);
  }
  if (dates.empty()) return std::unexpected(Error{dir.string(), "no policy versions"});
  return dates;
}

// Orders the versions by date and sets each one's end to the day before the next takes effect.
std::expected<void, Error> Chain(std::vector<LoadedVersion>& versions, const fs::path& dir) {
  std::sort(versions.begin(), versions.end(), [](const auto& a, const auto& b) {
    return internal::Before(a.version.takes_effect, b.version.takes_effect);
  });
  for (size_t i = 0; i + 1 < versions.size(); ++i) {
    const feel::Date& next = versions[i + 1].version.takes_effect;
    if (!internal::Before(versions[i].version.takes_effect, next)) {
      return std::unexpected(
          Error{dir.string(), "two versions take effect on " + feel::ToString(next)});
    }
    versions[i].version.ends = feel::Date::FromDaysSinceEpoch(next.DaysSinceEpoch() - 1);
  }
  return {};
}

std::expected<std::vector<LoadedVersion>, Error> LoadKind(const fs::path& dir,
                                                          const std::string& jurisdiction,
                                                          const std::string& kind) {
  auto dates = VersionFolders(dir);
  if (!dates) return std::unexpected(dates.error());
  std::vector<LoadedVersion> versions;
  for (const std::string& date : *dates) {
    auto v = LoadVersion(dir / date, jurisdiction, kind, *dates);
    if (!v) return std::unexpected(v.error());
    versions.push_back(std::move(*v));
  }
  if (auto ok = Chain(versions, dir); !ok) return std::unexpected(ok.error());
  return versions;
}

bool IsTimeZone(const std::string& name) {
  try {
    return date::locate_zone(name) != nullptr;
  } catch (const std::exception&) {
    return false;
  }
}

std::expected<Appeal, Error> ParseAppeal(const nlohmann::json& json, const std::string& file) {
  const std::string prefix = "appeal.";
  if (!json.is_object()) return std::unexpected(FieldError(file, "appeal", "must be an object"));
  if (auto ok = CheckKnownFields(json, {"body", "period_days", "period_months", "period", "basis"},
                                 file, prefix);
      !ok)
    return std::unexpected(ok.error());
  Appeal a;
  for (auto [field, target] :
       {std::pair{"body", &a.body}, std::pair{"period", &a.period}, std::pair{"basis", &a.basis}}) {
    auto t = TranslationsField(json, field, file, prefix);
    if (!t) return std::unexpected(t.error());
    *target = std::move(*t);
  }
  auto days = json.find("period_days");
  auto months = json.find("period_months");
  if ((days == json.end()) == (months == json.end())) {
    return std::unexpected(FieldError(file, "appeal.period_days",
                                      "give exactly one of period_days and period_months"));
  }
  auto whole = [&](const nlohmann::json& v, const char* name,
                   int max) -> std::expected<int, Error> {
    if (!v.is_number_integer() || v.get<int64_t>() < 1 || v.get<int64_t>() > max)
      return std::unexpected(FieldError(file, prefix + name,
                                        "must be a whole number from 1 to " + std::to_string(max)));
    return static_cast<int>(v.get<int64_t>());
  };
  if (days != json.end()) {
    auto n = whole(*days, "period_days", 366);
    if (!n) return std::unexpected(n.error());
    a.period_days = *n;
  } else {
    auto n = whole(*months, "period_months", 24);
    if (!n) return std::unexpected(n.error());
    a.period_months = *n;
  }
  return a;
}

std::expected<Jurisdiction, Error> ParseJurisdiction(const std::string& text,
                                                     const std::string& code,
                                                     const std::string& file) {
  nlohmann::json json = nlohmann::json::parse(text, nullptr, false);
  if (json.is_discarded()) return std::unexpected(Error{file, "invalid JSON"});
  if (!json.is_object()) return std::unexpected(Error{file, "must be a JSON object"});
  if (auto ok =
          CheckKnownFields(json, {"name", "state", "time_zone", "authority", "appeal"}, file, "");
      !ok)
    return std::unexpected(ok.error());
  Jurisdiction j;
  j.code = code;
  for (auto [field, target] : {std::pair{"name", &j.name}, std::pair{"authority", &j.authority}}) {
    auto t = TranslationsField(json, field, file);
    if (!t) return std::unexpected(t.error());
    *target = std::move(*t);
  }
  auto state = StringField(json, "state", file);
  if (!state) return std::unexpected(state.error());
  if (state->size() != 3 ||
      !std::all_of(state->begin(), state->end(), [](char c) { return c >= 'A' && c <= 'Z'; })) {
    return std::unexpected(
        FieldError(file, "state", "the deciding state as an ISO 3166 alpha-3 code (\"KAZ\")"));
  }
  j.state = *state;
  auto zone = StringField(json, "time_zone", file);
  if (!zone) return std::unexpected(zone.error());
  if (!IsTimeZone(*zone)) {
    return std::unexpected(FieldError(
        file, "time_zone", "\"" + *zone + "\" is not an IANA time zone (\"Asia/Almaty\")"));
  }
  j.time_zone = *zone;
  auto appeal = json.find("appeal");
  if (appeal == json.end()) return std::unexpected(FieldError(file, "appeal", "missing"));
  auto parsed = ParseAppeal(*appeal, file);
  if (!parsed) return std::unexpected(parsed.error());
  j.appeal = std::move(*parsed);
  return j;
}

std::expected<void, Error> LoadJurisdiction(const fs::path& dir, internal::Catalog& impl) {
  std::string name = dir.filename().string();
  if (!IsDirectory(dir) || !IsLowerName(name, false)) {
    return std::unexpected(Error{dir.string(),
                                 "not a jurisdiction folder: expected a folder named by the "
                                 "jurisdiction's code in lower-case letters (\"kz\")"});
  }
  auto kinds = ListDir(dir);
  if (!kinds) return std::unexpected(kinds.error());
  std::string jurisdiction = internal::Upper(name);
  auto meta = ReadFile(dir / kJurisdictionFile);
  if (!meta) {
    return std::unexpected(Error{(dir / kJurisdictionFile).string(),
                                 "missing: every jurisdiction folder says its time zone, deciding "
                                 "state, authority and appeal rule there"});
  }
  auto parsed = ParseJurisdiction(*meta, jurisdiction, (dir / kJurisdictionFile).string());
  if (!parsed) return std::unexpected(parsed.error());
  impl.jurisdictions[jurisdiction] = std::move(*parsed);
  std::erase(*kinds, std::string(kJurisdictionFile));
  if (kinds->empty()) return std::unexpected(Error{dir.string(), "no application kinds"});
  for (const std::string& kind : *kinds) {
    if (!IsDirectory(dir / kind) || !IsLowerName(kind, true)) {
      return std::unexpected(Error{(dir / kind).string(),
                                   "not an application kind folder: expected a folder named in "
                                   "lower-case letters, digits and dashes"});
    }
    auto versions = LoadKind(dir / kind, jurisdiction, kind);
    if (!versions) return std::unexpected(versions.error());
    impl.versions[jurisdiction].emplace(kind, std::move(*versions));
  }
  return {};
}

// The files of a draft as a version folder would hold them.
std::expected<VersionFiles, Error> DraftFiles(const Draft& draft, const fs::path& dir) {
  VersionFiles out;
  out.policy_json = PolicyJson(draft);
  out.files.emplace_back(std::string(kPolicyFile), out.policy_json);
  std::set<std::string, std::less<>> names;
  for (const VersionFile& f : draft.models) {
    if (!IsModelFileName(f.name)) {
      return std::unexpected(Error{(dir / f.name).string(),
                                   "not a model file name: letters, digits, '.', '_' and '-', "
                                   "ending in .dmn"});
    }
    if (!names.insert(f.name).second) {
      return std::unexpected(Error{(dir / f.name).string(), "given twice"});
    }
    out.files.emplace_back(f.name, f.content);
  }
  if (draft.models.empty()) return std::unexpected(Error{dir.string(), "no .dmn model"});
  std::sort(out.files.begin(), out.files.end());
  for (const auto& [name, content] : out.files) {
    if (name != kPolicyFile) out.sources.push_back({(dir / name).string(), content});
  }
  return out;
}

}  // namespace

bool IsModelFileName(std::string_view name) {
  if (name.size() <= 4 || name.size() > 128 || name.starts_with('.') || !name.ends_with(".dmn")) {
    return false;
  }
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
  });
}

namespace {

nlohmann::ordered_json TranslationsJson(const Translations& t) {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (const auto& [language, text] : t) out[language] = text;
  return out;
}

nlohmann::ordered_json DateOrNull(const std::optional<feel::Date>& d) {
  return d ? nlohmann::ordered_json(feel::ToString(*d)) : nlohmann::ordered_json();
}

}  // namespace

std::string PolicyJson(const Draft& draft) {
  const LegalBasis& b = draft.legal_basis;
  nlohmann::ordered_json purposes = nlohmann::ordered_json::array();
  for (const Purpose& p : draft.purposes) {
    purposes.push_back({{"code", p.code}, {"label", TranslationsJson(p.label)}});
  }
  nlohmann::ordered_json documents = nlohmann::ordered_json::object();
  for (const auto& [kind, label] : draft.documents) documents[kind] = TranslationsJson(label);
  nlohmann::ordered_json json = {{"title", draft.title},
                                 {"legal_basis",
                                  {{"act", b.act},
                                   {"article", b.article},
                                   {"adopted", DateOrNull(b.adopted)},
                                   {"published", DateOrNull(b.published)},
                                   {"link", b.link},
                                   {"status", TextStatusName(b.status)},
                                   {"note", b.note}}},
                                 {"takes_effect", feel::ToString(draft.takes_effect)},
                                 {"applies_to", AppliesToName(draft.applies_to)},
                                 {"decision", draft.decision},
                                 {"deadline_days", draft.deadline_days},
                                 {"purposes", purposes},
                                 {"documents", documents}};
  if (draft.deadline_months > 0) {
    json.erase("deadline_days");
    json["deadline_months"] = draft.deadline_months;
  }
  if (!draft.refusal_form.empty()) json["refusal_form"] = draft.refusal_form;
  if (const auto& a = draft.asylum) {
    nlohmann::ordered_json checklist = nlohmann::ordered_json::array();
    for (const ChecklistQuestion& q : a->checklist) {
      checklist.push_back({{"id", q.id},
                           {"group", q.group},
                           {"question", TranslationsJson(q.question)},
                           {"guidance", TranslationsJson(q.guidance)},
                           {"citation", TranslationsJson(q.citation)}});
    }
    json["procedure"] = "asylum";
    json["asylum"] = {{"extension_months", a->extension_months},
                      {"time_limits", TranslationsJson(a->time_limits)},
                      {"lodging",
                       {{"places", a->lodging_places},
                        {"online", a->online},
                        {"basis", TranslationsJson(a->lodging_basis)}}},
                      {"certificate",
                       {{"title", TranslationsJson(a->certificate_title)},
                        {"right_to_stay", TranslationsJson(a->right_to_stay)},
                        {"basis", TranslationsJson(a->certificate_basis)}}},
                      {"checklist", checklist}};
    if (const auto& appeal = a->appeal) {
      nlohmann::ordered_json j = {{"body", TranslationsJson(appeal->body)}};
      if (appeal->period_days > 0) j["period_days"] = appeal->period_days;
      if (appeal->period_months > 0) j["period_months"] = appeal->period_months;
      j["period"] = TranslationsJson(appeal->period);
      j["basis"] = TranslationsJson(appeal->basis);
      json["asylum"]["appeal"] = j;
    }
  }
  if (const auto& a = draft.approval) {
    json["approval"] = {{"proposal", a->proposal},
                        {"proposed_by", a->proposed_by},
                        {"proposed_at", a->proposed_at},
                        {"approved_by", a->approved_by},
                        {"approved_at", a->approved_at}};
  }
  return json.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

std::expected<Draft, Error> ReadDraftFolder(const fs::path& dir) {
  if (!IsDirectory(dir)) return std::unexpected(Error{dir.string(), "not a folder"});
  const fs::path absolute = fs::absolute(dir).lexically_normal();
  fs::path folder = absolute.filename().empty() ? absolute.parent_path() : absolute;
  const fs::path kind_dir = folder.parent_path();
  const std::string kind = kind_dir.filename().string();
  const std::string jurisdiction = kind_dir.parent_path().filename().string();
  if (!IsLowerName(kind, true) || !IsLowerName(jurisdiction, false)) {
    return std::unexpected(Error{dir.string(),
                                 "a draft folder sits in <jurisdiction>/<kind>/ (e.g. "
                                 "kz/temporary-residence/2027-03-01), which names what it is "
                                 "a version of"});
  }
  auto files = ReadVersionFiles(dir);
  if (!files) return std::unexpected(files.error());
  auto policy = ParsePolicyFile(files->policy_json, (dir / kPolicyFile).string());
  if (!policy) return std::unexpected(policy.error());
  Draft d;
  d.jurisdiction = internal::Upper(jurisdiction);
  d.kind = kind;
  d.takes_effect = policy->takes_effect;
  d.title = std::move(policy->title);
  d.legal_basis = std::move(policy->legal_basis);
  d.applies_to = policy->applies_to;
  d.decision = std::move(policy->decision);
  d.deadline_days = policy->deadline_days;
  d.deadline_months = policy->deadline_months;
  d.purposes = std::move(policy->purposes);
  d.documents = std::move(policy->documents);
  d.refusal_form = std::move(policy->refusal_form);
  d.asylum = std::move(policy->asylum);
  for (auto& [name, content] : files->files) {
    if (name != kPolicyFile) d.models.push_back({name, std::move(content)});
  }
  return d;
}

std::expected<Library, Error> Library::WithDraft(const Draft& draft, const fs::path& root) const {
  std::string jurisdiction = internal::Upper(draft.jurisdiction);
  std::string folder = internal::Lower(draft.jurisdiction);
  if (!IsLowerName(folder, false)) {
    return std::unexpected(Error{(root / folder).string(), "not a jurisdiction code (\"KZ\")"});
  }
  if (!IsLowerName(draft.kind, true)) {
    return std::unexpected(Error{(root / folder / draft.kind).string(),
                                 "not an application kind: lower-case letters, digits and dashes"});
  }
  if (!impl_ || !impl_->jurisdictions.contains(jurisdiction)) {
    return std::unexpected(Error{
        (root / folder / std::string(kJurisdictionFile)).string(),
        "unknown jurisdiction " + jurisdiction + ": its folder and jurisdiction.json come first"});
  }
  const fs::path kind_dir = root / folder / draft.kind;
  const fs::path dir = kind_dir / feel::ToString(draft.takes_effect);
  auto files = DraftFiles(draft, dir);
  if (!files) return std::unexpected(files.error());
  auto impl = impl_ ? std::make_shared<Impl>(*impl_) : std::make_shared<Impl>();
  std::vector<LoadedVersion>& versions = impl->versions[jurisdiction][draft.kind];
  std::set<std::string> dates;
  for (const LoadedVersion& v : versions) dates.insert(feel::ToString(v.version.takes_effect));
  if (dates.contains(feel::ToString(draft.takes_effect))) {
    return std::unexpected(FieldError(
        (dir / kPolicyFile).string(), "takes_effect",
        "version " + feel::ToString(draft.takes_effect) + " already takes effect that day"));
  }
  auto loaded = CompileFiles(dir, jurisdiction, draft.kind, *files, dates);
  if (!loaded) return std::unexpected(loaded.error());
  versions.push_back(std::move(*loaded));
  for (LoadedVersion& v : versions) v.version.ends.reset();
  if (auto ok = Chain(versions, kind_dir); !ok) return std::unexpected(ok.error());
  Library library;
  library.impl_ = std::move(impl);
  return library;
}

std::expected<Library, Error> Library::Load(const std::filesystem::path& root) {
  if (!IsDirectory(root)) return std::unexpected(Error{root.string(), "not a directory"});
  auto names = ListDir(root);
  if (!names) return std::unexpected(names.error());
  if (names->empty()) return std::unexpected(Error{root.string(), "no jurisdiction folders"});
  auto impl = std::make_shared<Impl>();
  impl->root = root;
  for (const std::string& name : *names) {
    if (auto ok = LoadJurisdiction(root / name, *impl); !ok) return std::unexpected(ok.error());
  }
  Library library;
  library.impl_ = std::move(impl);
  return library;
}

}  // namespace tamga::policy
