// The policy library: eligibility law as DMN models, grouped by jurisdiction and application kind,
// each version with the date it takes effect and the legal act behind it. Resolves "the law in
// force on date D" and decides an application under it.
//
// On disk (docs/policies.md):  policies/<jurisdiction>/<kind>/<YYYY-MM-DD>/policy.json + *.dmn
//   policy.json: {"title": ..., "legal_act": ..., "article": ..., "takes_effect": "2022-09-22",
//                 "decision": "Eligibility", "deadline_days": 90}
//   tests/*.json beside the versions: policy test cases (see RunTests).
#pragma once

#include <expected>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "dmn/dmn.h"
#include "feel/temporal.h"
#include "feel/type.h"
#include "feel/value.h"

namespace tamga::policy {

struct Error {
  std::string where;  // file or policy version ("policies/kz/permanent-residence/2022-09-22")
  std::string message;
  std::string ToString() const;
};

struct Version {
  std::string jurisdiction;  // "KZ"
  std::string kind;          // "permanent-residence"
  feel::Date takes_effect;
  std::optional<feel::Date> ends;  // the day before the next version takes effect
  std::string title;
  std::string legal_act;
  std::string article;
  std::string decision;      // the decision that fulfils the decision contract
  int deadline_days = 0;     // statutory time to decide, counted from filing
  std::string content_hash;  // SHA-256 over the version's files, hex
  std::string id() const;    // "KZ/permanent-residence/2022-09-22"
};

// One matched rule behind an outcome.
struct Ground {
  std::string rule_id;
  std::string reason;    // plain-language reason (the rule's "Reason" annotation)
  std::string citation;  // legal citation (the rule's "Citation" annotation)
};

// A decision table rule of a version, as its DMN file states it.
struct Rule {
  std::string id;
  std::string decision;  // the decision or business knowledge model whose table holds it
  std::string table_id;
  std::string file;      // the .dmn file, as loaded
  std::string reason;    // the "Reason" annotation ("" when there is none: the rule is no ground)
  std::string citation;  // the "Citation" annotation
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
  std::string legal_act;
  std::string article;
  std::string decision;
  int deadline_days = 0;
  std::vector<VersionFile> models;  // the .dmn files
};
// The policy.json of a draft, as published.
std::string PolicyJson(const Draft& draft);

// What every policy decides (the decision contract).
struct Decision {
  std::string outcome;  // "eligible", "documents-missing" or "refuse"
  std::vector<std::string> required_documents;
  std::vector<std::string> missing_documents;
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
  // Decides under the version in force on `filing_date`. `inputs` holds the application as the
  // policy's input data (see docs/policies.md for the names every policy receives); "Application
  // Kind" and "Filing Date" are added from `kind` and `filing_date` when absent (and must agree
  // with them when present). Fails on an unknown or ill-typed input, or when the contract decision
  // does not return the contract's context.
  std::expected<Decision, Error> Decide(const std::string& jurisdiction, const std::string& kind,
                                        const feel::Date& filing_date,
                                        const feel::Context& inputs) const;
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
  std::expected<Version, PublishRefusal> Publish(const Draft& draft,
                                                 const std::vector<TestFile>& tests,
                                                 std::filesystem::path root = {});

 private:
  mutable std::mutex mutex_;  // guards current_
  std::shared_ptr<const Library> current_;
  std::mutex publishing_;  // one publication at a time
};

}  // namespace tamga::policy
