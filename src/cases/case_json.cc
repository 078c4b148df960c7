// The JSON form of a case: the `body` column of the cases table and the officer's view in the API.
//
// Keys are camelCase like the API's input ("applicant.birthDate"); dates are ISO 8601 strings
// ("2022-09-26"); optional dates and an absent decision are null. The decision's trace is kept as
// the text the policy engine produced ("traceJson"), byte for byte: parsing it into the document
// would round FEEL numbers of up to 34 digits to doubles.
//
// Reading is lenient about absent keys (they take their defaults, so bodies written before a field
// existed still load) and strict about types: a wrong type or an unparseable date or state is an
// error naming the JSON path of the field.
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "cases/case_store.h"
#include "feel/temporal.h"

namespace tamga::cases {
namespace {

using Json = nlohmann::ordered_json;

Json DateJson(const std::optional<feel::Date>& d) {
  return d ? Json(feel::ToString(*d)) : Json(nullptr);
}

Json TranslationsJson(const policy::Translations& t) {
  Json out = Json::object();
  for (const auto& [language, text] : t) out[language] = text;
  return out;
}

Json GroundsJson(const std::vector<policy::Ground>& grounds) {
  Json out = Json::array();
  for (const policy::Ground& g : grounds) {
    Json j = {{"ruleId", g.rule_id}, {"reason", g.reason}, {"citation", g.citation}};
    if (!g.reason_in.empty()) j["reasonIn"] = TranslationsJson(g.reason_in);
    if (!g.citation_in.empty()) j["citationIn"] = TranslationsJson(g.citation_in);
    if (g.form_ground) j["formGround"] = g.form_ground;
    out.push_back(std::move(j));
  }
  return out;
}

Json DecisionJson(const policy::Decision& d) {
  return {{"outcome", d.outcome},
          {"requiredDocuments", d.required_documents},
          {"missingDocuments", d.missing_documents},
          {"decisiveGrounds", GroundsJson(d.decisive_grounds)},
          {"grounds", GroundsJson(d.grounds)},
          {"policyVersion", d.policy_version},
          {"policyHash", d.policy_hash},
          {"matchedRules", d.matched_rules},
          {"warnings", d.warnings},
          {"traceJson", d.trace_json}};
}

Json DocumentJson(const Document& d) {
  return {{"id", d.id},
          {"kind", d.kind},
          {"issuingState", d.issuing_state},
          {"number", d.number},
          {"issued", DateJson(d.issued)},
          {"expires", DateJson(d.expires)},
          {"fileName", d.file_name},
          {"contentType", d.content_type},
          {"size", d.size},
          {"sha256", d.sha256},
          {"uploadedAt", d.uploaded_at},
          {"mrz", d.mrz},
          {"holderName", d.holder_name},
          {"holderBirthDate", DateJson(d.holder_birth_date)},
          {"verification", std::string(VerificationName(d.verification))},
          {"verifiedBy", d.verified_by},
          {"verifiedAt", d.verified_at},
          {"verificationNote", d.verification_note}};
}

Json ReceiptJson(const Receipt& r) {
  return {{"filedAt", r.filed_at}, {"recordedAt", r.recorded_at}, {"recordedBy", r.recorded_by},
          {"reason", r.reason},    {"timeZone", r.time_zone},     {"localTime", r.local_time}};
}

Json NoticesJson(const std::vector<NoticeRecord>& notices) {
  Json out = Json::array();
  for (const NoticeRecord& n : notices) {
    out.push_back({{"code", n.code},
                   {"kind", n.kind},
                   {"language", n.language},
                   {"issuedAt", n.issued_at},
                   {"issuedOn", n.issued_on},
                   {"pdfSha256", n.pdf_sha256},
                   {"htmlSha256", n.html_sha256}});
  }
  return out;
}

// A JSON text kept in the model (a hit's subject and evidence) as a value; null when empty or,
// which should not happen, not JSON.
Json Embedded(const std::string& text) {
  if (text.empty()) return Json(nullptr);
  Json j = Json::parse(text, nullptr, false);
  return j.is_discarded() ? Json(nullptr) : j;
}

Json HitsJson(const std::vector<ScreeningHit>& hits) {
  Json out = Json::array();
  for (const ScreeningHit& h : hits) {
    out.push_back({{"id", h.id},
                   {"source", h.source},
                   {"list", h.list},
                   {"listKind", h.list_kind},
                   {"listVersion", h.list_version},
                   {"entryId", h.entry_id},
                   {"entryFingerprint", h.entry_fingerprint},
                   {"applicantFingerprint", h.applicant_fingerprint},
                   {"legalBasis", h.legal_basis},
                   {"reason", h.reason},
                   {"subject", Embedded(h.subject)},
                   {"score", h.score},
                   {"evidence", Embedded(h.evidence)},
                   {"raisedAt", h.raised_at},
                   {"status", std::string(HitStatusName(h.status))},
                   {"adjudicatedBy", h.adjudicated_by},
                   {"adjudicatedAt", h.adjudicated_at},
                   {"adjudicationReason", h.adjudication_reason}});
  }
  return out;
}

Json ApplicationJson(const Application& a) {
  const Applicant& p = a.applicant;
  Json documents = Json::array();
  for (const Document& d : a.documents) documents.push_back(DocumentJson(d));
  return {{"jurisdiction", a.jurisdiction},
          {"kind", a.kind},
          {"purpose", a.purpose},
          {"filingDate", feel::ToString(a.filing_date)},
          {"receipt", ReceiptJson(a.receipt)},
          {"language", a.language},
          {"applicant",
           {{"surname", p.surname},
            {"givenNames", p.given_names},
            {"nativeName", p.native_name},
            {"birthDate", feel::ToString(p.birth_date)},
            {"sex", p.sex},
            {"citizenships", p.citizenships},
            {"passport",
             {{"number", p.passport.number},
              {"issuingState", p.passport.issuing_state},
              {"issued", DateJson(p.passport.issued)},
              {"expiry", feel::ToString(p.passport.expiry)},
              {"mrz", p.passport.mrz},
              {"verification", std::string(VerificationName(p.passport.verification))},
              {"verifiedBy", p.passport.verified_by},
              {"verifiedAt", p.passport.verified_at},
              {"verificationNote", p.passport.verification_note}}}}},
          {"documents", std::move(documents)}};
}

// Reads the fields of one JSON object. The first error is kept and later reads return defaults,
// so reading is a straight sequence of reads followed by one check.
class Reader {
 public:
  Reader(const nlohmann::json& j, std::string path, std::optional<Error>& error)
      : j_(&j), path_(std::move(path)), error_(&error) {
    if (!j.is_object()) {
      Fail(path_.empty() ? "$" : path_, "expected an object");
      j_ = &Empty();
    }
  }

  std::string String(const char* key) {
    const nlohmann::json* v = Get(key);
    if (!v) return "";
    if (!v->is_string()) return Fail(Path(key), "expected a string"), "";
    return v->get<std::string>();
  }

  double Double(const char* key) {
    const nlohmann::json* v = Get(key);
    if (!v) return 0;
    if (!v->is_number()) return Fail(Path(key), "expected a number"), 0;
    return v->get<double>();
  }

  // A nested value as JSON text ("" when absent).
  std::string Raw(const char* key) {
    const nlohmann::json* v = Get(key);
    return v ? v->dump() : "";
  }

  int64_t Int(const char* key) {
    const nlohmann::json* v = Get(key);
    if (!v) return 0;
    if (!v->is_number_integer()) return Fail(Path(key), "expected an integer"), 0;
    return v->get<int64_t>();
  }

  std::optional<feel::Date> OptionalDate(const char* key) {
    const nlohmann::json* v = Get(key);
    if (!v) return std::nullopt;
    std::optional<feel::Date> d;
    if (v->is_string()) d = feel::ParseDate(v->get<std::string>());
    if (!d) Fail(Path(key), v->dump() + " is not a date (YYYY-MM-DD)");
    return d;
  }

  feel::Date Date(const char* key) { return OptionalDate(key).value_or(feel::Date{}); }

  State StateField(const char* key) {
    std::string name = String(key);
    if (name.empty()) return State::kSubmitted;
    auto s = ParseState(name);
    if (!s) Fail(Path(key), "unknown state \"" + name + "\"");
    return s.value_or(State::kSubmitted);
  }

  std::vector<std::string> Strings(const char* key) {
    std::vector<std::string> out;
    const nlohmann::json* v = Get(key);
    if (!v) return out;
    if (!v->is_array()) return Fail(Path(key), "expected an array of strings"), out;
    for (size_t i = 0; i < v->size(); ++i) {
      if (!(*v)[i].is_string()) {
        Fail(Path(key) + "[" + std::to_string(i) + "]", "expected a string");
        return {};
      }
      out.push_back((*v)[i].get<std::string>());
    }
    return out;
  }

  // An object of strings (translations by language).
  std::map<std::string, std::string> StringMap(const char* key) {
    std::map<std::string, std::string> out;
    const nlohmann::json* v = Get(key);
    if (!v) return out;
    if (!v->is_object()) return Fail(Path(key), "expected an object of strings"), out;
    for (const auto& [k, text] : v->items()) {
      if (!text.is_string()) return Fail(Path(key) + "." + k, "expected a string"), out;
      out[k] = text.get<std::string>();
    }
    return out;
  }

  // A nested object; null or absent reads as an empty object. `present` tells which.
  Reader Object(const char* key, bool* present = nullptr) {
    const nlohmann::json* v = Get(key);
    if (present) *present = v != nullptr;
    return Reader(v ? *v : Empty(), Path(key), *error_);
  }

  // The elements of an array of objects.
  std::vector<Reader> Objects(const char* key) {
    std::vector<Reader> out;
    const nlohmann::json* v = Get(key);
    if (!v) return out;
    if (!v->is_array()) return Fail(Path(key), "expected an array"), out;
    for (size_t i = 0; i < v->size(); ++i)
      out.emplace_back((*v)[i], Path(key) + "[" + std::to_string(i) + "]", *error_);
    return out;
  }

 private:
  static const nlohmann::json& Empty() {
    static const nlohmann::json empty = nlohmann::json::object();
    return empty;
  }
  std::string Path(const char* key) const {
    return path_.empty() ? std::string(key) : path_ + "." + key;
  }
  const nlohmann::json* Get(const char* key) {
    if (*error_) return nullptr;
    auto it = j_->find(key);
    if (it == j_->end() || it->is_null()) return nullptr;
    return &*it;
  }
  void Fail(std::string field, std::string message) {
    if (!*error_) *error_ = Error{Error::Code::kInvalid, std::move(field), std::move(message)};
  }

  const nlohmann::json* j_;
  std::string path_;
  std::optional<Error>* error_;
};

std::vector<policy::Ground> ReadGrounds(Reader& r, const char* key) {
  std::vector<policy::Ground> out;
  for (Reader& g : r.Objects(key)) {
    policy::Ground ground{g.String("ruleId"), g.String("reason"), g.String("citation")};
    ground.reason_in = g.StringMap("reasonIn");
    ground.citation_in = g.StringMap("citationIn");
    ground.form_ground = static_cast<int>(g.Int("formGround"));
    out.push_back(std::move(ground));
  }
  return out;
}

Verification ReadVerification(Reader& r) {
  std::string name = r.String("verification");
  return name.empty() ? Verification::kUnverified
                      : ParseVerification(name).value_or(Verification::kUnverified);
}

Json AnswersJson(const std::vector<ChecklistAnswer>& answers) {
  Json out = Json::array();
  for (const ChecklistAnswer& x : answers) {
    out.push_back({{"question", x.question},
                   {"answer", x.answer},
                   {"evidence", x.evidence},
                   {"answeredBy", x.answered_by},
                   {"answeredAt", x.answered_at}});
  }
  return out;
}

Json AsylumJson(const AsylumClaim& a) {
  Json interview = nullptr;
  if (const auto& i = a.interview) {
    interview = {{"scheduledFor", i->scheduled_for},
                 {"place", i->place},
                 {"language", i->language},
                 {"scheduledBy", i->scheduled_by},
                 {"recordedAt", i->recorded_at},
                 {"recordedBy", i->recorded_by},
                 {"record", i->record}};
  }
  return {{"lodgingPlace", a.lodging_place},
          {"lodgingLocation", a.lodging_location},
          {"registeredAt", a.registered_at},
          {"interview", std::move(interview)},
          {"answers", AnswersJson(a.answers)},
          {"refusalProposedBy", a.refusal_proposed_by},
          {"refusalProposedAt", a.refusal_proposed_at},
          {"proposedGrounds", GroundsJson(a.proposed_grounds)},
          {"extendedMonths", a.extended_months},
          {"extensionReason", a.extension_reason}};
}

}  // namespace

std::string CaseToJson(const Case& c) {
  Json history = Json::array();
  for (const Transition& t : c.history) {
    Json step = {{"from", std::string(StateName(t.from))},
                 {"to", std::string(StateName(t.to))},
                 {"actor", t.actor},
                 {"at", t.at},
                 {"reason", t.reason}};
    if (!t.action.empty()) step["action"] = t.action;
    if (!t.note.empty()) step["note"] = t.note;
    if (!t.params.empty()) step["params"] = t.params;
    history.push_back(std::move(step));
  }
  Json notes = Json::array();
  for (const InternalNote& n : c.notes)
    notes.push_back({{"at", n.at}, {"author", n.author}, {"text", n.text}});
  Json j = {{"id", c.id},
            {"number", c.number},
            {"state", std::string(StateName(c.state))},
            {"revision", c.revision},
            {"application", ApplicationJson(c.application)},
            {"assignedOfficer", c.assigned_officer},
            {"deadline", feel::ToString(c.deadline)},
            {"decision", c.decision ? DecisionJson(*c.decision) : Json(nullptr)},
            {"requestedDocuments", c.requested_documents},
            {"refusalGrounds", GroundsJson(c.refusal_grounds)},
            {"appealDeadline", DateJson(c.appeal_deadline)},
            {"appealReason", c.appeal_reason},
            {"notices", NoticesJson(c.notices)},
            {"screening", {{"screenedAt", c.screened_at}, {"hits", HitsJson(c.screening_hits)}}},
            {"history", std::move(history)},
            {"internalNotes", std::move(notes)},
            {"asylum", c.asylum ? AsylumJson(*c.asylum) : Json(nullptr)},
            {"protection", c.protection ? Json{{"status", c.protection->status},
                                               {"claim", c.protection->claim},
                                               {"foundAt", c.protection->found_at}}
                                        : Json(nullptr)},
            {"createdAt", c.created_at},
            {"updatedAt", c.updated_at}};
  // Text reaches here validated as UTF-8 by the API; should invalid bytes slip through, they are
  // replaced (U+FFFD) rather than making the case unstorable.
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string DecisionInputsJson(const Case& c) {
  Json grounds = Json::array();
  if (c.decision) {
    for (const policy::Ground& g : c.decision->decisive_grounds)
      grounds.push_back({{"ruleId", g.rule_id}});
  }
  Json decision = nullptr;
  if (c.decision) {
    decision = {{"outcome", c.decision->outcome},
                {"missingDocuments", c.decision->missing_documents},
                {"decisiveGrounds", std::move(grounds)}};
  }
  Json j = {{"state", std::string(StateName(c.state))},
            {"application", ApplicationJson(c.application)},
            {"decision", std::move(decision)}};
  // What else a policy reads (PolicyInputs(const Case&)): the applicant's protection and an
  // asylum claim's answers.
  if (c.protection) j["protection"] = {{"status", c.protection->status}};
  if (c.asylum) j["asylum"] = {{"answers", AnswersJson(c.asylum->answers)}};
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::expected<Case, Error> CaseFromJson(const std::string& json) {
  nlohmann::json parsed = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded())
    return std::unexpected(Error{Error::Code::kInvalid, "", "the case is not well-formed JSON"});

  std::optional<Error> error;
  Reader r(parsed, "", error);
  Case c;
  c.id = r.Int("id");
  c.number = r.String("number");
  c.state = r.StateField("state");
  c.revision = r.Int("revision");

  Reader a = r.Object("application");
  Application& app = c.application;
  app.jurisdiction = a.String("jurisdiction");
  app.kind = a.String("kind");
  app.purpose = a.String("purpose");
  app.filing_date = a.Date("filingDate");
  Reader rc = a.Object("receipt");
  app.receipt.filed_at = rc.String("filedAt");
  app.receipt.recorded_at = rc.String("recordedAt");
  app.receipt.recorded_by = rc.String("recordedBy");
  app.receipt.reason = rc.String("reason");
  app.receipt.time_zone = rc.String("timeZone");
  app.receipt.local_time = rc.String("localTime");
  if (std::string language = a.String("language"); !language.empty()) app.language = language;
  Reader p = a.Object("applicant");
  app.applicant.surname = p.String("surname");
  app.applicant.given_names = p.String("givenNames");
  app.applicant.native_name = p.String("nativeName");
  app.applicant.birth_date = p.Date("birthDate");
  app.applicant.sex = p.String("sex");
  app.applicant.citizenships = p.Strings("citizenships");
  Reader pp = p.Object("passport");
  app.applicant.passport.number = pp.String("number");
  app.applicant.passport.issuing_state = pp.String("issuingState");
  app.applicant.passport.issued = pp.OptionalDate("issued");
  app.applicant.passport.expiry = pp.Date("expiry");
  app.applicant.passport.mrz = pp.String("mrz");
  app.applicant.passport.verification = ReadVerification(pp);
  app.applicant.passport.verified_by = pp.String("verifiedBy");
  app.applicant.passport.verified_at = pp.String("verifiedAt");
  app.applicant.passport.verification_note = pp.String("verificationNote");
  for (Reader& d : a.Objects("documents")) {
    Document doc;
    doc.id = d.Int("id");
    doc.kind = d.String("kind");
    doc.issuing_state = d.String("issuingState");
    doc.number = d.String("number");
    doc.issued = d.OptionalDate("issued");
    doc.expires = d.OptionalDate("expires");
    doc.file_name = d.String("fileName");
    doc.content_type = d.String("contentType");
    doc.size = d.Int("size");
    doc.sha256 = d.String("sha256");
    doc.uploaded_at = d.String("uploadedAt");
    doc.mrz = d.String("mrz");
    doc.holder_name = d.String("holderName");
    doc.holder_birth_date = d.OptionalDate("holderBirthDate");
    doc.verification = ReadVerification(d);
    doc.verified_by = d.String("verifiedBy");
    doc.verified_at = d.String("verifiedAt");
    doc.verification_note = d.String("verificationNote");
    app.documents.push_back(std::move(doc));
  }

  c.assigned_officer = r.String("assignedOfficer");
  c.deadline = r.Date("deadline");
  bool has_decision = false;
  Reader d = r.Object("decision", &has_decision);
  if (has_decision) {
    policy::Decision decision;
    decision.outcome = d.String("outcome");
    decision.required_documents = d.Strings("requiredDocuments");
    decision.missing_documents = d.Strings("missingDocuments");
    decision.decisive_grounds = ReadGrounds(d, "decisiveGrounds");
    decision.grounds = ReadGrounds(d, "grounds");
    decision.policy_version = d.String("policyVersion");
    decision.policy_hash = d.String("policyHash");
    decision.matched_rules = d.Strings("matchedRules");
    decision.warnings = d.Strings("warnings");
    decision.trace_json = d.String("traceJson");
    c.decision = std::move(decision);
  }
  c.requested_documents = r.Strings("requestedDocuments");
  c.refusal_grounds = ReadGrounds(r, "refusalGrounds");
  c.appeal_deadline = r.OptionalDate("appealDeadline");
  c.appeal_reason = r.String("appealReason");
  for (Reader& n : r.Objects("notices")) {
    c.notices.push_back({n.String("code"), n.String("kind"), n.String("language"),
                         n.String("issuedAt"), n.String("issuedOn"), n.String("pdfSha256"),
                         n.String("htmlSha256")});
  }
  Reader screening = r.Object("screening");
  c.screened_at = screening.String("screenedAt");
  for (Reader& h : screening.Objects("hits")) {
    ScreeningHit hit;
    hit.id = h.Int("id");
    hit.source = h.String("source");
    hit.list = h.String("list");
    hit.list_kind = h.String("listKind");
    hit.list_version = h.Int("listVersion");
    hit.entry_id = h.String("entryId");
    hit.entry_fingerprint = h.String("entryFingerprint");
    hit.applicant_fingerprint = h.String("applicantFingerprint");
    hit.legal_basis = h.String("legalBasis");
    hit.reason = h.String("reason");
    hit.subject = h.Raw("subject");
    hit.score = h.Double("score");
    hit.evidence = h.Raw("evidence");
    hit.raised_at = h.String("raisedAt");
    hit.status = ParseHitStatus(h.String("status")).value_or(HitStatus::kOpen);
    hit.adjudicated_by = h.String("adjudicatedBy");
    hit.adjudicated_at = h.String("adjudicatedAt");
    hit.adjudication_reason = h.String("adjudicationReason");
    c.screening_hits.push_back(std::move(hit));
  }
  for (Reader& t : r.Objects("history")) {
    Transition tr;
    tr.from = t.StateField("from");
    tr.to = t.StateField("to");
    tr.actor = t.String("actor");
    tr.at = t.String("at");
    tr.reason = t.String("reason");
    tr.action = t.String("action");
    tr.note = t.String("note");
    tr.params = t.StringMap("params");
    c.history.push_back(std::move(tr));
  }
  for (Reader& n : r.Objects("internalNotes"))
    c.notes.push_back({n.String("at"), n.String("author"), n.String("text")});
  bool has_asylum = false;
  Reader ar = r.Object("asylum", &has_asylum);
  if (has_asylum) {
    AsylumClaim claim;
    claim.lodging_place = ar.String("lodgingPlace");
    claim.lodging_location = ar.String("lodgingLocation");
    claim.registered_at = ar.String("registeredAt");
    bool has_interview = false;
    Reader i = ar.Object("interview", &has_interview);
    if (has_interview) {
      claim.interview =
          Interview{i.String("scheduledFor"), i.String("place"),      i.String("language"),
                    i.String("scheduledBy"),  i.String("recordedAt"), i.String("recordedBy"),
                    i.String("record")};
    }
    for (Reader& x : ar.Objects("answers")) {
      claim.answers.push_back({x.String("question"), x.String("answer"), x.String("evidence"),
                               x.String("answeredBy"), x.String("answeredAt")});
    }
    claim.refusal_proposed_by = ar.String("refusalProposedBy");
    claim.refusal_proposed_at = ar.String("refusalProposedAt");
    claim.proposed_grounds = ReadGrounds(ar, "proposedGrounds");
    claim.extended_months = static_cast<int>(ar.Int("extendedMonths"));
    claim.extension_reason = ar.String("extensionReason");
    c.asylum = std::move(claim);
  }
  bool has_protection = false;
  Reader pr = r.Object("protection", &has_protection);
  if (has_protection)
    c.protection = Protection{pr.String("status"), pr.String("claim"), pr.String("foundAt")};
  c.created_at = r.String("createdAt");
  c.updated_at = r.String("updatedAt");
  if (error) return std::unexpected(std::move(*error));
  return c;
}

}  // namespace tamga::cases
