// The policy library: eligibility law as DMN models, grouped by jurisdiction and application kind,
// each version with the date it takes effect and the legal act behind it. Resolves "the law in
// force on date D" and decides an application under it.
//
// On disk (docs/policies.md):  policies/<jurisdiction>/jurisdiction.json (time zone, deciding
// state, authority, appeal rule) and policies/<jurisdiction>/<kind>/<YYYY-MM-DD>/policy.json +
// *.dmn
//   policy.json: {"title": ..., "legal_basis": {...}, "takes_effect": "2022-09-22",
//                 "applies_to": "filed-on-or-after", "decision": "Eligibility",
//                 "deadline_days": 90, "purposes": [...], "documents": {...}}
//   tests/*.json beside the versions: policy test cases (see RunTests).
#pragma once

#include <cstdint>
#include <expected>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "dmn/dmn.h"
#include "dmn/table_analysis.h"
#include "feel/temporal.h"
#include "feel/type.h"
#include "feel/value.h"

namespace tamga::policy {

struct Error {
  std::string where;  // file or policy version ("policies/kz/permanent-residence/2022-09-22")
  std::string message;
  std::string ToString() const;
};

// A text in several languages: language code ("en", "ru", "kk", "lv") -> text. English is always
// present where a Translations is required.
using Translations = std::map<std::string, std::string>;
// The text in `language`, else English, else "".
std::string InLanguage(const Translations& text, std::string_view language);
// Whether tamga writes notices and labels in `language`: "en", "ru", "kk", "lv".
bool IsLanguage(std::string_view language);
// A purpose or document code: 1-64 lower-case letters, digits and dashes.
bool IsCode(std::string_view s);

// How far the authority found the law a version models (docs/policies.md, "Legal basis").
enum class TextStatus {
  kEnacted,       // modelled from the text of the act itself (link to it)
  kReported,      // the act's text could not be found; modelled from official statements or reports
  kIllustrative,  // no such act: a model to show a feature; staff see "illustrative model"
};
std::string_view TextStatusName(TextStatus status);  // "enacted", "reported", "illustrative"

struct LegalBasis {
  std::string act;      // "Order of the Minister of Internal Affairs ... No. 1135"
  std::string article;  // "item 5, sub-item 7"
  std::optional<feel::Date> adopted;
  std::optional<feel::Date> published;
  std::string link;  // where the text (or the report) is published; "" when there is none
  TextStatus status = TextStatus::kEnacted;
  std::string note;  // what could not be found, or how the model reads the text
};

// Whom a version applies to once it takes effect.
enum class AppliesTo {
  kFiledOnOrAfter,  // applications filed on or after the day it takes effect
  kPending,         // also applications filed earlier and still undecided on that day
};
std::string_view AppliesToName(AppliesTo a);  // "filed-on-or-after", "pending"

// Who put a version into force (four eyes, docs/policies.md): one policy author proposed it and
// another person (a policy author or a supervisor of the jurisdiction) approved it. Versions
// published before four eyes have none.
struct Approval {
  int64_t proposal = 0;     // the proposal's number
  std::string proposed_by;  // account names
  std::string proposed_at;  // UTC ISO 8601
  std::string approved_by;
  std::string approved_at;
};

// A purpose of stay an application can give, as a version publishes it.
struct Purpose {
  std::string code;  // "family"
  Translations label;
};

// How and until when a decision is appealed (jurisdiction.json "appeal", or an asylum law's own).
struct Appeal {
  Translations body;      // where an appeal is lodged
  int period_days = 0;    // the period, in calendar days ...
  int period_months = 0;  // ... or in calendar months (exactly one of the two is set)
  Translations period;    // the period in words
  Translations basis;     // the legal basis of the right to appeal and of its period
  // The last day of the period for a decision notified on `notified` (a month period ends on the
  // same day of the month, or the month's last day when it has no such day).
  feel::Date Deadline(const feel::Date& notified) const;
};

// A legal question of an asylum procedure that an officer answers with evidence (policy.json
// "asylum.checklist"; docs/asylum.md). The policy reads the answers as its "Checklist" input.
struct ChecklistQuestion {
  std::string id;  // "well-founded-fear": a code, the key of the answer in "Checklist"
  // "inclusion", "military-service", "exclusion", "non-refoulement", "subsidiary", ...
  std::string group;
  Translations question;  // a yes-or-no question
  Translations guidance;  // what evidence to weigh
  Translations citation;  // the legal source
};

// What a version of an asylum procedure says besides its rules (policy.json "asylum"): the time
// limits, where a claim is lodged, the certificate given at registration and the legal questions.
// An asylum version decides nothing: its outcomes are kAsylumOutcomes, never a refusal.
struct AsylumProcedure {
  int extension_months = 0;  // how far an officer may extend the deadline, with a reason
  Translations time_limits;  // the time limits in words, cited
  std::vector<std::string> lodging_places;  // "border-point", "migration-office", ...
  bool online = false;                      // whether the law lets an applicant lodge online
  Translations lodging_basis;
  Translations certificate_title;  // the document given at registration
  Translations right_to_stay;      // what it entitles its holder to, cited
  Translations certificate_basis;
  std::vector<ChecklistQuestion> checklist;
  // Where and until when a refusal of a claim is appealed, when the asylum law has its own route
  // (policy.json "asylum.appeal", the shape of jurisdiction.json's); else the jurisdiction's.
  std::optional<Appeal> appeal;
  const ChecklistQuestion* FindQuestion(std::string_view id) const;
};

// A date `months` calendar months after `from`: the same day of the month, or the month's last
// day when it has no such day.
feel::Date AddMonths(const feel::Date& from, int months);

struct Version {
  std::string jurisdiction;  // "KZ"
  std::string kind;          // "permanent-residence"
  feel::Date takes_effect;
  std::optional<feel::Date> ends;  // the day before the next version takes effect
  std::string title;
  LegalBasis legal_basis;
  AppliesTo applies_to = AppliesTo::kFiledOnOrAfter;
  std::string decision;                           // the decision that fulfils the decision contract
  int deadline_days = 0;                          // statutory time to decide, counted from filing
  int deadline_months = 0;                        // ... or in calendar months (one of the two)
  std::vector<Purpose> purposes;                  // the purpose codes an application may give
  std::map<std::string, Translations> documents;  // document kind -> its name
  // The standard form a refusal follows: "" or "schengen-annex-vi" (Visa Code, Annex VI).
  std::string refusal_form;
  std::optional<Approval> approval;
  std::optional<AsylumProcedure> asylum;  // set for the asylum procedure (policy.json "asylum")
  std::string content_hash;               // SHA-256 over the version's files, hex
  // The statutory deadline of an application filed on `filed`.
  feel::Date Deadline(const feel::Date& filed) const;
  std::string id() const;  // "KZ/permanent-residence/2022-09-22"
  const Purpose* FindPurpose(std::string_view code) const;
  // The name of a document kind in `language` (the kind itself when the version does not name it).
  std::string DocumentLabel(const std::string& kind, std::string_view language) const;
};

// What a jurisdiction's folder says of it (policies/<j>/jurisdiction.json).
struct Jurisdiction {
  std::string code;   // "KZ"
  Translations name;  // "Kazakhstan"
  std::string state;  // the deciding state as ISO 3166 alpha-3, "KAZ": its citizens do not apply
  std::string
      time_zone;  // IANA name, "Asia/Almaty": the local calendar filing dates are counted in
  Translations authority;  // the deciding authority, as notices name it
  Appeal appeal;
  // The last day of the appeal period for a decision notified on `notified` (a month period ends on
  // the same day of the month, or the month's last day when it has no such day).
  feel::Date AppealDeadline(const feel::Date& notified) const;
};

// One rule behind an outcome.
struct Ground {
  std::string rule_id;
  std::string reason;             // plain-language reason (the rule's "Reason" annotation), English
  std::string citation;           // legal citation (the rule's "Citation" annotation), English
  Translations reason_in = {};    // the reason in other languages ("Reason (ru)" columns)
  Translations citation_in = {};  // the citation in other languages ("Citation (ru)")
  // The number of this ground on the version's standard refusal form ("Annex VI" column); 0: none.
  int form_ground = 0;
  std::string Reason(std::string_view language) const;
  std::string Citation(std::string_view language) const;
};

// A decision table rule of a version, as its DMN file states it.
struct Rule {
  std::string id;
  std::string decision;  // the decision or business knowledge model whose table holds it
  std::string table_id;
  std::string file;        // the .dmn file, as loaded
  std::string reason;      // the "Reason" annotation ("" when there is none: the rule is no ground)
  std::string citation;    // the "Citation" annotation
  Translations reason_in;  // "Reason (ru)", ... columns
  Translations citation_in;  // "Citation (ru)", ... columns
  int form_ground = 0;       // the "Annex VI" column
  // The rule's first output entry when it is a string literal ("passport", "refuse"), else "".
  // A ground is decisive when its output is the decision's outcome or one of its missing documents.
  std::string output;
  Ground AsGround() const;
};

// One file of a policy version: its policy.json or a DMN model.
struct VersionFile {
  std::string name;  // "eligibility.dmn", "policy.json"
  std::string content;
};

// Whether `name` may name a model file of a version folder: 1-128 characters of letters, digits,
// '.', '_' and '-', not beginning with '.', ending in ".dmn".
bool IsModelFileName(std::string_view name);

// A policy version not yet in the library, as a policy author submits it: the fields of its
// policy.json and its models.
struct Draft {
  std::string jurisdiction;  // "KZ"
  std::string kind;          // "permanent-residence"
  feel::Date takes_effect;
  std::string title;
  LegalBasis legal_basis;
  AppliesTo applies_to = AppliesTo::kFiledOnOrAfter;
  std::string decision;
  int deadline_days = 0;
  int deadline_months = 0;
  std::vector<Purpose> purposes;
  std::map<std::string, Translations> documents;
  std::string refusal_form;
  std::optional<Approval> approval;  // set when an approved proposal is published
  std::optional<AsylumProcedure> asylum;
  std::vector<VersionFile> models;  // the .dmn files
};
// The policy.json of a draft, as published.
std::string PolicyJson(const Draft& draft);

// A version folder read as a draft (`tamga policy simulate DRAFT_DIR`): its policy.json and .dmn
// files; the jurisdiction and kind are the names of the two folders above it
// (.../kz/temporary-residence/DRAFT_DIR). Fails naming the file on what Load would refuse in
// policy.json, and on a folder without models.
std::expected<Draft, Error> ReadDraftFolder(const std::filesystem::path& dir);

// The outcomes of the decision contract.
inline constexpr std::string_view kOutcomes[] = {"eligible", "documents-missing", "refuse"};
// The outcomes of an asylum version: what the officer's answers to the legal questions point to.
// None of them is a decision; only officers grant or refuse a claim (docs/asylum.md).
inline constexpr std::string_view kAsylumOutcomes[] = {
    "questions-remain", "protection-indicated", "protection-not-indicated", "exclusion-indicated"};

// What a policy author must give each rule, as errors naming the rule, its table, file and line:
// - kind "citation": a rule whose first output is an outcome of the contract or a document kind
//   (one of `documents`, or any output of the "Required Documents" table) but lacks its Reason,
//   Citation, "Reason (ru)" or "Citation (ru)" cell (applicants and officers would be told a result
//   with no reason or legal basis);
// - kind "rule-id": a rule whose id is the one the modeler generated ("DecisionRule_1ggdz7c"):
//   decisions, notices and tests name rules by id, so it must say what the rule is;
// - kind "document-name": a rule of the "Required Documents" table (docs/policies.md, the shape
//   every policy uses) requiring a kind that `documents` does not name in English and Russian
//   (applicants would be asked for a code). Such a rule also needs its texts (kind "citation").
// - kind "automatic-refusal": in an asylum version (`asylum`), a rule whose output is "refuse" or
//   another outcome outside kAsylumOutcomes: no asylum claim is ever refused by a rule.
std::vector<dmn::TableFinding> RuleFindings(std::span<const dmn::ModelSource> models,
                                            const std::map<std::string, Translations>& documents,
                                            bool asylum = false);

// What every policy decides (the decision contract).
struct Decision {
  std::string outcome;  // "eligible", "documents-missing" or "refuse"
  std::vector<std::string> required_documents;
  std::vector<std::string> missing_documents;
  // The grounds that decided: the selected rules whose output is the outcome (the refusal, the
  // verdict that documents are missing, eligibility) or one of the missing documents (the
  // requirement, and why a presented document does not count). What notices and applicants see.
  std::vector<Ground> decisive_grounds;
  // Every selected rule with a Reason, in evaluation order: the full explanation, for officers.
  std::vector<Ground> grounds;
  std::string policy_version;  // Version::id()
  std::string policy_hash;     // Version::content_hash
  std::string trace_json;      // the DMN evaluation trace, as `tamga decide --trace` prints it
  std::vector<std::string> warnings;
  std::vector<std::string> matched_rules;  // ids of every rule that matched, selected or not
};

// An input every policy receives, with its FEEL type (docs/policies.md).
struct InputSpec {
  std::string name;  // "Filing Date"
  feel::Type type;
};
const std::vector<InputSpec>& StandardInputs();

// Converts a JSON object of policy inputs to FEEL, guided by the standard input types (dates from
// ISO text). Fails, naming `where` and the input, on an unknown input or a value of the wrong type.
std::expected<feel::Context, Error> InputsFromJson(const nlohmann::json& json,
                                                   const std::string& where);

class Library {
 public:
  // Loads and compiles every version under `root`. Fails, naming the version, on a malformed
  // policy.json or model, on two versions taking effect the same day, or on a model that lacks the
  // contract decision.
  static std::expected<Library, Error> Load(const std::filesystem::path& root);

  std::vector<std::string> Jurisdictions() const;
  std::vector<std::string> Kinds(const std::string& jurisdiction) const;
  // All versions of (jurisdiction, kind), oldest first.
  std::vector<Version> Versions(const std::string& jurisdiction, const std::string& kind) const;
  // The version in force on `date`: the latest that takes effect on or before it.
  std::expected<Version, Error> InForce(const std::string& jurisdiction, const std::string& kind,
                                        const feel::Date& date) const;
  // The version that decides an application filed on `filed` and decided on `decided` (not before
  // `filed`): the one in force on `filed`, unless a later version that applies to pending
  // applications took effect on or before `decided` (then the latest such one).
  std::expected<Version, Error> Applicable(const std::string& jurisdiction, const std::string& kind,
                                           const feel::Date& filed,
                                           const feel::Date& decided) const;
  // Decides under Applicable(jurisdiction, kind, filing_date, decided_on) (decided_on defaults to
  // the filing date). `inputs` holds the application as the policy's input data (see
  // docs/policies.md for the names every policy receives); "Application Kind" and "Filing Date" are
  // added from `kind` and `filing_date` when absent (and must agree with them when present). Fails
  // on an unknown or ill-typed input, or when the contract decision does not return the contract's
  // context.
  std::expected<Decision, Error> Decide(const std::string& jurisdiction, const std::string& kind,
                                        const feel::Date& filing_date, const feel::Context& inputs,
                                        std::optional<feel::Date> decided_on = {}) const;
  // One case for DecideBatch: the filing date and the inputs, as Decide takes them.
  struct CaseInputs {
    feel::Date filing_date;
    feel::Context inputs;
  };
  // What `version` decides for one case, whatever version its filing date would select: the
  // one-case path beside DecideBatch (with trace and texts), used to check a simulation case by
  // case. Fails on an unknown version and on ill-typed inputs, as Decide does.
  std::expected<Decision, Error> DecideWith(const Version& version, const CaseInputs& c) const;
  // What `version` decides for each of many cases (a simulation of a law change over stored
  // cases, whatever version their filing dates would select): one compiled model evaluated over
  // all of them on `threads` threads (0: one per core), results in case order. A case whose inputs
  // are ill-typed gets its error; an unknown version fails every case. The decisions' trace_json
  // is left empty unless `with_trace` (writing it is most of the cost of a decision); without
  // `with_texts` the grounds carry only their rule ids (what a simulation compares).
  std::vector<std::expected<Decision, Error>> DecideBatch(const Version& version,
                                                          std::span<const CaseInputs> cases,
                                                          int threads = 0, bool with_trace = false,
                                                          bool with_texts = true) const;
  // What jurisdiction.json says of `jurisdiction` (either case); nullptr when unknown.
  const Jurisdiction* FindJurisdiction(const std::string& jurisdiction) const;
  // Every decision table rule of `version`, in file and table order.
  std::vector<Rule> Rules(const Version& version) const;
  // The files of `version` as loaded (policy.json and its models), sorted by name; none for a
  // version that is not in the library.
  std::vector<VersionFile> Files(const Version& version) const;
  // The folder the library was loaded from.
  std::filesystem::path Root() const;

  // A copy of the library with `draft` added as a version of its jurisdiction and kind (which may
  // be new), compiled and checked as Load checks a version folder. Its files are named as if they
  // were in root/<jurisdiction in lower case>/<kind>/<date>/, so errors read as they would after
  // publishing. Fails, naming the file and element, on a model that does not load (malformed XML,
  // a FEEL syntax error, a missing contract decision, ...) and on a version that already takes
  // effect that day. The library itself is unchanged.
  std::expected<Library, Error> WithDraft(const Draft& draft,
                                          const std::filesystem::path& root) const;

 private:
  struct Impl;
  std::shared_ptr<const Impl> impl_;
};

// Policy tests: data files a policy author writes. Each case names jurisdiction, kind, filing date,
// inputs, the expected outcome and the rule ids expected among the grounds.
struct TestReport {
  int passed = 0;
  int failed = 0;
  std::vector<std::string> failures;     // one line each, naming the test file and case
  std::vector<std::string> unexercised;  // "KZ/permanent-residence/2022-09-22 rule kz-noc" lines
};
std::expected<TestReport, Error> RunTests(const Library& library,
                                          const std::filesystem::path& root);

// A policy test file not (yet) on disk: its name (for failure lines) and JSON text.
struct TestFile {
  std::string name;
  std::string json;
};
// Checks that a test file parses as policy test cases (a non-empty JSON list; see RunTests). Fails
// naming the file and case.
std::expected<void, Error> CheckTestFile(const TestFile& file);
// Runs the tests of one jurisdiction and kind: the files under kind_dir/tests/ and `extra`, and
// lists the rules of that kind's versions that no case exercised. Fails on a malformed test file.
std::expected<TestReport, Error> RunKindTests(const Library& library,
                                              const std::string& jurisdiction,
                                              const std::string& kind,
                                              const std::filesystem::path& kind_dir,
                                              const std::vector<TestFile>& extra = {});

// A draft tried against the library: whether it loads and, if it does, how the tests of its
// jurisdiction and kind (with the draft's own) fare under the library with the draft added.
struct DraftReport {
  bool loaded = false;
  std::string error;  // when not loaded: what does not load, naming the file and element
  TestReport tests;   // when loaded; a malformed test file on disk counts as one failure
  // When loaded: FEEL that does not compile and the decision-table analysis of the draft's models
  // (dmn::CheckModels). A draft with an error finding is not published.
  std::vector<dmn::TableFinding> findings;
  int Errors() const;
};
// `root` is the library folder the draft would be published into (its tests are read from there).
DraftReport TryDraft(const Library& library, const std::filesystem::path& root, const Draft& draft,
                     const std::vector<TestFile>& tests);

// Why a draft was not published.
struct PublishRefusal {
  enum class Reason {
    kNotAfterLatest,  // takes effect on or before the latest version of its kind
    kUnknownKind,     // no version of that jurisdiction and kind exists
    kRejected,        // does not load or its tests fail: see `report`
    kConflict,        // the version folder exists on disk already
    kCannotWrite,     // the files could not be written
  };
  Reason reason = Reason::kRejected;
  std::string message;
  DraftReport report;
};

// Whether `draft` could be published into `library` (folder `root`) now: its kind exists, it takes
// effect after the latest version of its kind, and it loads without error findings and passes its
// kind's tests (with `tests`). The report on success; the refusal (kUnknownKind, kNotAfterLatest,
// or kRejected with the report) otherwise. What Registry::Publish checks, and what a proposal must
// pass before a second person sees it.
std::expected<DraftReport, PublishRefusal> CheckDraft(const Library& library,
                                                      const std::filesystem::path& root,
                                                      const Draft& draft,
                                                      const std::vector<TestFile>& tests);

// The library in force, shared by every request and decision, and replaced when a version is
// published. Thread-safe: Current() hands out the library of the moment, which stays valid for as
// long as its holder keeps it, while Replace() installs a new one for later callers.
class Registry {
 public:
  explicit Registry(Library library);

  std::shared_ptr<const Library> Current() const;
  void Replace(Library library);

  // Publishes `draft` into the library folder `root` (Current()->Root() when empty), one
  // publication at a time: refuses a draft that does not take effect after the latest version of
  // its kind, or that does not load, or under which a test of its kind (or one of `tests`) fails;
  // otherwise writes root/<jurisdiction lower>/<kind>/<date>/ (policy.json and the models, made in
  // a hidden folder and renamed into place) and `tests` as tests/<date>.json, reloads the whole
  // library from `root` and makes it current. Answers the version as loaded.
  // `record`, when given, is called once the version is written and loads, before it becomes
  // current; an error from it undoes the publication (kCannotWrite) — the caller records the
  // publication in its audit log there.
  std::expected<Version, PublishRefusal> Publish(
      const Draft& draft, const std::vector<TestFile>& tests, std::filesystem::path root = {},
      const std::function<std::expected<void, std::string>(const Version&)>& record = {});

 private:
  mutable std::mutex mutex_;  // guards current_
  std::shared_ptr<const Library> current_;
  std::mutex publishing_;  // one publication at a time
};

}  // namespace tamga::policy
