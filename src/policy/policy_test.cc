#include "policy/policy.h"

#include <fstream>
#include <random>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace tamga::policy {
namespace {

namespace fs = std::filesystem;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

const fs::path kPolicies = "policies";

feel::Date D(const char* text) { return *feel::ParseDate(text); }
feel::Date AddDays(const feel::Date& d, int days) {
  return feel::Date::FromDaysSinceEpoch(d.DaysSinceEpoch() + days);
}

const Library& Shipped() {
  static const Library library = [] {
    auto loaded = Library::Load(kPolicies);
    if (!loaded) ADD_FAILURE() << loaded.error().ToString();
    return loaded ? *loaded : Library();
  }();
  return library;
}

feel::Context Inputs(const nlohmann::json& json) {
  auto inputs = InputsFromJson(json, "test");
  EXPECT_TRUE(inputs) << (inputs ? "" : inputs.error().ToString());
  return inputs ? *inputs : feel::Context{};
}

std::vector<std::string> GroundIds(const Decision& d) {
  std::vector<std::string> ids;
  for (const Ground& g : d.grounds) ids.push_back(g.rule_id);
  return ids;
}

// A scratch copy of some of the shipped policies, removed at the end of the test.
class ScratchPolicies {
 public:
  ScratchPolicies() {
    std::random_device rd;
    root_ = fs::temp_directory_path() / ("tamga-policy-test-" + std::to_string(rd()));
    fs::create_directories(root_);
  }
  ~ScratchPolicies() {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }
  const fs::path& root() const { return root_; }
  // Copies policies/<relative> to the same place under the scratch root.
  void Copy(const fs::path& relative) {
    fs::create_directories((root_ / relative).parent_path());
    fs::copy(kPolicies / relative, root_ / relative, fs::copy_options::recursive);
  }
  void Write(const fs::path& relative, const std::string& text) {
    fs::create_directories((root_ / relative).parent_path());
    std::ofstream(root_ / relative) << text;
  }
  std::string Read(const fs::path& relative) const {
    std::stringstream ss;
    ss << std::ifstream(root_ / relative).rdbuf();
    return ss.str();
  }
  // Edits one field of a policy.json.
  void SetField(const fs::path& policy_json, const std::string& field, nlohmann::json value) {
    nlohmann::json j = nlohmann::json::parse(Read(policy_json));
    if (value.is_null()) {
      j.erase(field);
    } else {
      j[field] = std::move(value);
    }
    Write(policy_json, j.dump(2));
  }

 private:
  fs::path root_;
};

TEST(LibraryTest, LoadsTheShippedPolicies) {
  const Library& lib = Shipped();
  EXPECT_THAT(lib.Jurisdictions(), ElementsAre("KZ", "LV"));
  EXPECT_THAT(lib.Kinds("KZ"),
              ElementsAre("permanent-residence", "residence-visa", "temporary-residence"));
  EXPECT_THAT(lib.Kinds("lv"), ElementsAre("visa"));
  std::vector<Version> pr = lib.Versions("KZ", "permanent-residence");
  ASSERT_EQ(pr.size(), 3u);
  EXPECT_EQ(pr[0].id(), "KZ/permanent-residence/2020-01-01");
  EXPECT_EQ(pr[1].id(), "KZ/permanent-residence/2022-09-22");
  EXPECT_EQ(pr[2].id(), "KZ/permanent-residence/2023-02-01");
  EXPECT_EQ(pr[0].ends, D("2022-09-21"));
  EXPECT_EQ(pr[1].ends, D("2023-01-31"));
  EXPECT_FALSE(pr[2].ends.has_value());
  EXPECT_EQ(pr[1].decision, "Eligibility");
  EXPECT_EQ(pr[1].deadline_days, 90);
  EXPECT_THAT(pr[1].title, HasSubstr("illustrative model of publicly reported rules"));
  EXPECT_EQ(pr[1].content_hash.size(), 64u);
  EXPECT_NE(pr[0].content_hash, pr[1].content_hash);
  EXPECT_EQ(lib.Versions("KZ", "residence-visa")[0].deadline_days, 30);
}

TEST(LibraryTest, ListsTheRulesWithReasonAndCitationByColumnName) {
  const Library& lib = Shipped();
  std::vector<Rule> rules = lib.Rules(lib.Versions("KZ", "permanent-residence")[1]);
  std::vector<std::string> ids;
  for (const Rule& r : rules) ids.push_back(r.id);
  EXPECT_THAT(
      ids, ElementsAre("kz-pr-passport", "kz-pr-noc", "kz-pr-documents-missing", "kz-pr-eligible"));
  EXPECT_EQ(rules[1].decision, "Required Documents");
  EXPECT_EQ(rules[1].table_id, "t_required");
  EXPECT_THAT(rules[1].reason, HasSubstr("does not object to the relocation"));
  EXPECT_THAT(rules[1].citation, HasSubstr("2022-09-22"));
}

TEST(LibraryTest, ResolvesTheVersionInForceAtEveryBoundary) {
  const Library& lib = Shipped();
  for (const std::string& j : lib.Jurisdictions()) {
    for (const std::string& k : lib.Kinds(j)) {
      std::vector<Version> versions = lib.Versions(j, k);
      for (size_t i = 0; i < versions.size(); ++i) {
        const feel::Date start = versions[i].takes_effect;
        SCOPED_TRACE(versions[i].id());
        for (const feel::Date& d : {start, AddDays(start, 1)}) {
          auto v = lib.InForce(j, k, d);
          ASSERT_TRUE(v) << v.error().ToString();
          EXPECT_EQ(v->id(), versions[i].id());
        }
        auto before = lib.InForce(j, k, AddDays(start, -1));
        if (i == 0) {
          ASSERT_FALSE(before);
          EXPECT_THAT(before.error().ToString(), HasSubstr(j + "/" + k + " on "));
          EXPECT_THAT(before.error().ToString(), HasSubstr("no version is in force yet"));
        } else {
          ASSERT_TRUE(before) << before.error().ToString();
          EXPECT_EQ(before->id(), versions[i - 1].id());
          EXPECT_EQ(versions[i - 1].ends, AddDays(start, -1));
        }
      }
    }
  }
}

TEST(LibraryTest, NamesJurisdictionKindAndDateWhenNothingIsInForce) {
  const Library& lib = Shipped();
  auto unknown_j = lib.InForce("XX", "visa", D("2022-09-26"));
  ASSERT_FALSE(unknown_j);
  EXPECT_EQ(unknown_j.error().where, "XX/visa on 2022-09-26");
  EXPECT_THAT(unknown_j.error().message, HasSubstr("jurisdiction 'XX'"));
  auto unknown_kind = lib.InForce("KZ", "student-visa", D("2022-09-26"));
  ASSERT_FALSE(unknown_kind);
  EXPECT_EQ(unknown_kind.error().where, "KZ/student-visa on 2022-09-26");
  EXPECT_THAT(unknown_kind.error().message, HasSubstr("known: permanent-residence"));
  auto too_early = lib.InForce("LV", "visa", D("2019-12-31"));
  ASSERT_FALSE(too_early);
  EXPECT_EQ(too_early.error().where, "LV/visa on 2019-12-31");
  EXPECT_THAT(too_early.error().message, HasSubstr("first takes effect on 2020-01-01"));
}

TEST(DecideTest, TheSameApplicationFiledBeforeAndAfterTheCertificateRule) {
  const Library& lib = Shipped();
  feel::Context application = Inputs({{"Purpose", "family"},
                                      {"Citizenships", {"RUS"}},
                                      {"Birth Date", "1990-04-12"},
                                      {"Passport Expiry", "2030-01-01"},
                                      {"Documents", {"passport"}}});

  auto before = lib.Decide("KZ", "permanent-residence", D("2022-09-20"), application);
  ASSERT_TRUE(before) << before.error().ToString();
  EXPECT_EQ(before->outcome, "eligible");
  EXPECT_EQ(before->policy_version, "KZ/permanent-residence/2020-01-01");
  EXPECT_EQ(before->policy_hash, lib.Versions("KZ", "permanent-residence")[0].content_hash);
  EXPECT_THAT(before->required_documents, ElementsAre("passport"));
  EXPECT_THAT(before->missing_documents, IsEmpty());
  EXPECT_THAT(GroundIds(*before), ElementsAre("kz-pr-passport", "kz-pr-eligible"));
  EXPECT_THAT(before->warnings, IsEmpty());

  auto after = lib.Decide("KZ", "permanent-residence", D("2022-09-26"), application);
  ASSERT_TRUE(after) << after.error().ToString();
  EXPECT_EQ(after->outcome, "documents-missing");
  EXPECT_EQ(after->policy_version, "KZ/permanent-residence/2022-09-22");
  EXPECT_THAT(after->required_documents, ElementsAre("passport", "no-objection-certificate"));
  EXPECT_THAT(after->missing_documents, ElementsAre("no-objection-certificate"));
  EXPECT_THAT(GroundIds(*after),
              ElementsAre("kz-pr-passport", "kz-pr-noc", "kz-pr-documents-missing"));
  const Ground& noc = after->grounds[1];
  EXPECT_THAT(noc.reason, HasSubstr("country of citizenship does not object to the relocation"));
  EXPECT_THAT(noc.citation, HasSubstr("2022-09-22"));
  EXPECT_THAT(noc.citation, HasSubstr("as reported"));
  // Matched but not selected under FIRST: in matched_rules and the trace, not among the grounds.
  EXPECT_THAT(after->matched_rules, Contains("kz-pr-eligible"));
  EXPECT_THAT(after->trace_json, HasSubstr("\"id\":\"kz-pr-noc\""));
  EXPECT_THAT(after->trace_json, HasSubstr("\"selected\":false"));
  EXPECT_TRUE(nlohmann::json::accept(after->trace_json));
}

TEST(DecideTest, RefusesAndExplainsUnderTheLatvianMobilisationRule) {
  auto d = Shipped().Decide(
      "LV", "visa", D("2022-09-21"),
      Inputs({{"Purpose", "tourism"}, {"Citizenships", {"RUS"}}, {"Documents", {"passport"}}}));
  ASSERT_TRUE(d) << d.error().ToString();
  EXPECT_EQ(d->outcome, "refuse");
  EXPECT_THAT(GroundIds(*d), ElementsAre("lv-visa-passport", "lv-visa-mobilisation-refusal"));
  EXPECT_THAT(d->grounds[1].citation, HasSubstr("Art. 32(1)(a)(vi)"));
}

TEST(DecideTest, SetsApplicationKindAndFilingDateFromTheRequest) {
  const Library& lib = Shipped();
  auto d = lib.Decide("KZ", "residence-visa", D("2023-03-01"),
                      Inputs({{"Passport Expiry", "2023-04-01"}, {"Documents", {"passport"}}}));
  ASSERT_TRUE(d) << d.error().ToString();
  EXPECT_EQ(d->outcome, "refuse");  // Passport Expiry - Filing Date < 180 days
  auto mismatch =
      lib.Decide("KZ", "residence-visa", D("2023-03-01"), Inputs({{"Filing Date", "2023-03-02"}}));
  ASSERT_FALSE(mismatch);
  EXPECT_THAT(mismatch.error().ToString(), HasSubstr("input 'Filing Date'"));
  auto wrong_kind = lib.Decide("KZ", "residence-visa", D("2023-03-01"),
                               Inputs({{"Application Kind", "permanent-residence"}}));
  ASSERT_FALSE(wrong_kind);
  EXPECT_THAT(wrong_kind.error().ToString(), HasSubstr("input 'Application Kind'"));
}

TEST(DecideTest, RefusesUnknownAndIllTypedInputs) {
  const Library& lib = Shipped();
  feel::Context unknown;
  unknown.entries.emplace_back("Citizenship", feel::Value("RUS"));
  auto d = lib.Decide("KZ", "permanent-residence", D("2022-09-26"), unknown);
  ASSERT_FALSE(d);
  EXPECT_THAT(d.error().ToString(), HasSubstr("input 'Citizenship'"));
  feel::Context ill_typed;
  ill_typed.entries.emplace_back("Documents", feel::Value(int64_t{3}));
  d = lib.Decide("KZ", "permanent-residence", D("2022-09-26"), ill_typed);
  ASSERT_FALSE(d);
  EXPECT_THAT(d.error().ToString(), HasSubstr("input 'Documents': must be a list<string>"));

  auto bad_date = InputsFromJson({{"Birth Date", "1990-02-30"}}, "case 1");
  ASSERT_FALSE(bad_date);
  EXPECT_THAT(bad_date.error().ToString(), HasSubstr("case 1: $.Birth Date"));
  auto bad_detail =
      InputsFromJson({{"Document Details", {{{"kind", "passport"}, {"colour", 1}}}}}, "case 2");
  ASSERT_FALSE(bad_detail);
  EXPECT_THAT(bad_detail.error().ToString(), HasSubstr("unknown key 'colour'"));
}

TEST(LoadTest, RefusesAMalformedPolicyJsonNamingTheFileAndField) {
  const fs::path version = "kz/permanent-residence/2020-01-01";
  struct Case {
    std::string field;
    nlohmann::json value;  // null: remove the field
    std::string message;
  };
  for (const Case& c : std::vector<Case>{
           {"deadline_days", "90", "field 'deadline_days': must be a whole number"},
           {"title", nullptr, "field 'title': missing"},
           {"legal_act", 7, "field 'legal_act': must be a string"},
           {"takes_effect", "2020-1-1", "field 'takes_effect': \"2020-1-1\" is not a date"},
           {"decision", "Nope", "field 'decision': no model of this version has a decision 'Nope'"},
           {"supersedes", "x", "field 'supersedes': unknown field"}}) {
    SCOPED_TRACE(c.field);
    ScratchPolicies scratch;
    scratch.Copy(version);
    scratch.SetField(version / "policy.json", c.field, c.value);
    auto lib = Library::Load(scratch.root());
    ASSERT_FALSE(lib);
    EXPECT_EQ(lib.error().where, (scratch.root() / version / "policy.json").string());
    EXPECT_THAT(lib.error().message, HasSubstr(c.message));
  }
}

TEST(LoadTest, RefusesTwoVersionsTakingEffectOnTheSameDay) {
  // A version copied to a new folder without updating takes_effect claims the same day as its
  // original.
  ScratchPolicies scratch;
  scratch.Copy("kz/permanent-residence/2022-09-22");
  fs::copy(scratch.root() / "kz/permanent-residence/2022-09-22",
           scratch.root() / "kz/permanent-residence/2022-10-01", fs::copy_options::recursive);
  auto lib = Library::Load(scratch.root());
  ASSERT_FALSE(lib);
  EXPECT_EQ(lib.error().where,
            (scratch.root() / "kz/permanent-residence/2022-10-01/policy.json").string());
  EXPECT_THAT(lib.error().message, HasSubstr("field 'takes_effect'"));
  EXPECT_THAT(lib.error().message, HasSubstr("two versions on one day"));
}

TEST(LoadTest, RefusesAFolderThatIsNotAValidDate) {
  for (const char* name : {"2022-02-30", "2022-9-22", "latest"}) {
    SCOPED_TRACE(name);
    ScratchPolicies scratch;
    scratch.Copy("lv/visa/2020-01-01");
    fs::create_directories(scratch.root() / "lv/visa" / name);
    auto lib = Library::Load(scratch.root());
    ASSERT_FALSE(lib);
    EXPECT_EQ(lib.error().where, (scratch.root() / "lv/visa" / name).string());
    EXPECT_THAT(lib.error().message, HasSubstr("valid date YYYY-MM-DD"));
  }
}

TEST(LoadTest, RefusesRulesWithoutIdsAndReasonsWithoutCitations) {
  const fs::path dmn = "lv/visa/2020-01-01/eligibility.dmn";
  {
    ScratchPolicies scratch;
    scratch.Copy("lv/visa/2020-01-01");
    std::string text = scratch.Read(dmn);
    text.replace(text.find("<rule id=\"lv-visa-eligible\">"), 28, "<rule>");
    scratch.Write(dmn, text);
    auto lib = Library::Load(scratch.root());
    ASSERT_FALSE(lib);
    EXPECT_THAT(lib.error().ToString(), HasSubstr("a rule has no id"));
  }
  {
    ScratchPolicies scratch;
    scratch.Copy("lv/visa/2020-01-01");
    std::string text = scratch.Read(dmn);
    size_t at = text.find("Art. 23 (decision on the application)");
    text.erase(at, std::string("Art. 23 (decision on the application)").size());
    text.replace(text.find("Regulation (EC) No 810/2009 (Visa Code), </text>"),
                 std::string("Regulation (EC) No 810/2009 (Visa Code), </text>").size(), "</text>");
    scratch.Write(dmn, text);
    auto lib = Library::Load(scratch.root());
    ASSERT_FALSE(lib);
    EXPECT_THAT(lib.error().ToString(), HasSubstr("rule 'lv-visa-eligible' has a Reason"));
  }
}

TEST(LoadTest, RefusesAModelWithAnUnknownInputOrAFeelSyntaxError) {
  const fs::path dmn = "lv/visa/2020-01-01/eligibility.dmn";
  {
    ScratchPolicies scratch;
    scratch.Copy("lv/visa/2020-01-01");
    std::string text = scratch.Read(dmn);
    for (size_t at; (at = text.find("\"Documents\"")) != std::string::npos;) {
      text.replace(at, 11, "\"Papers\"");
    }
    scratch.Write(dmn, text);
    auto lib = Library::Load(scratch.root());
    ASSERT_FALSE(lib);
    EXPECT_THAT(lib.error().ToString(), HasSubstr("input data 'Papers'"));
  }
  {
    ScratchPolicies scratch;
    scratch.Copy("lv/visa/2020-01-01");
    std::string text = scratch.Read(dmn);
    text.replace(text.find("count(Missing Documents)"), 24, "count(Missing Documents");
    scratch.Write(dmn, text);
    auto lib = Library::Load(scratch.root());
    ASSERT_FALSE(lib);
    EXPECT_THAT(lib.error().ToString(), HasSubstr("does not load cleanly"));
  }
}

constexpr char kDocumentsModel[] = R"(<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20230324/MODEL/" id="documents" name="documents"
             namespace="urn:tamga:test:documents">
  <inputData id="i_kind" name="Application Kind"><variable name="Application Kind" typeRef="string"/></inputData>
  <decision id="d_required" name="Required Documents">
    <variable name="Required Documents"/>
    <informationRequirement id="r1"><requiredInput href="#i_kind"/></informationRequirement>
    <decisionTable id="t_required" hitPolicy="COLLECT">
      <input id="t_in"><inputExpression typeRef="string"><text>Application Kind</text></inputExpression></input>
      <output id="t_out" name="Document" typeRef="string"/>
      <annotation name="Citation"/>
      <annotation name="Reason"/>
      <rule id="xx-passport">
        <inputEntry><text>"visa"</text></inputEntry>
        <outputEntry><text>"passport"</text></outputEntry>
        <annotationEntry><text>Act 1, art. 2</text></annotationEntry>
        <annotationEntry><text>A passport is required.</text></annotationEntry>
      </rule>
      <rule id="xx-photo">
        <inputEntry><text>"visa"</text></inputEntry>
        <outputEntry><text>"photo"</text></outputEntry>
        <annotationEntry><text>Act 1, art. 3</text></annotationEntry>
        <annotationEntry><text></text></annotationEntry>
      </rule>
    </decisionTable>
  </decision>
</definitions>
)";

constexpr char kEligibilityModel[] = R"(<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20230324/MODEL/" id="eligibility" name="eligibility"
             namespace="urn:tamga:test:eligibility">
  <import name="docs" namespace="urn:tamga:test:documents"
          importType="https://www.omg.org/spec/DMN/20230324/MODEL/"/>
  <inputData id="i_documents" name="Documents"><variable name="Documents"/></inputData>
  <decision id="d_eligibility" name="Eligibility">
    <variable name="Eligibility"/>
    <informationRequirement id="r1"><requiredDecision href="urn:tamga:test:documents#d_required"/></informationRequirement>
    <informationRequirement id="r2"><requiredInput href="#i_documents"/></informationRequirement>
    <literalExpression><text>{
      missing documents: docs.Required Documents[not(list contains(Documents, item) = true)],
      outcome: if count(missing documents) = 0 then "eligible" else "documents-missing",
      required documents: docs.Required Documents
    }</text></literalExpression>
  </decision>
</definitions>
)";

TEST(LoadTest, AVersionMaySpreadOverSeveralModels) {
  ScratchPolicies scratch;
  scratch.Write("xx/visa/2020-01-01/documents.dmn", kDocumentsModel);
  scratch.Write("xx/visa/2020-01-01/eligibility.dmn", kEligibilityModel);
  scratch.Write("xx/visa/2020-01-01/policy.json", R"({"title": "t", "legal_act": "Act 1",
      "article": "art. 2", "takes_effect": "2020-01-01", "decision": "Eligibility",
      "deadline_days": 10})");
  auto lib = Library::Load(scratch.root());
  ASSERT_TRUE(lib) << lib.error().ToString();
  Version v = lib->Versions("XX", "visa")[0];
  std::vector<Rule> rules = lib->Rules(v);
  ASSERT_EQ(rules.size(), 2u);
  EXPECT_EQ(rules[0].file, (scratch.root() / "xx/visa/2020-01-01/documents.dmn").string());
  auto d = lib->Decide("XX", "visa", D("2021-01-01"), Inputs({{"Documents", {"photo"}}}));
  ASSERT_TRUE(d) << d.error().ToString();
  EXPECT_EQ(d->outcome, "documents-missing");
  EXPECT_THAT(d->missing_documents, ElementsAre("passport"));
  // Columns are read by name (Citation before Reason here); the photo rule has no Reason.
  ASSERT_EQ(d->grounds.size(), 1u);
  EXPECT_EQ(d->grounds[0].rule_id, "xx-passport");
  EXPECT_EQ(d->grounds[0].reason, "A passport is required.");
  EXPECT_EQ(d->grounds[0].citation, "Act 1, art. 2");
  EXPECT_THAT(d->matched_rules, ElementsAre("xx-passport", "xx-photo"));
}

TEST(LoadTest, ContentHashFollowsTheFiles) {
  ScratchPolicies scratch;
  scratch.Copy("lv/visa/2020-01-01");
  auto first = Library::Load(scratch.root());
  ASSERT_TRUE(first) << first.error().ToString();
  EXPECT_EQ(first->Versions("LV", "visa")[0].content_hash,
            Shipped().Versions("LV", "visa")[0].content_hash);
  scratch.Write("lv/visa/2020-01-01/eligibility.dmn",
                scratch.Read("lv/visa/2020-01-01/eligibility.dmn") + "\n");
  auto second = Library::Load(scratch.root());
  ASSERT_TRUE(second) << second.error().ToString();
  EXPECT_NE(second->Versions("LV", "visa")[0].content_hash,
            first->Versions("LV", "visa")[0].content_hash);
}

TEST(RunTestsTest, TheShippedPoliciesPassAndExerciseEveryRule) {
  auto report = RunTests(Shipped(), kPolicies);
  ASSERT_TRUE(report) << report.error().ToString();
  EXPECT_THAT(report->failures, IsEmpty());
  EXPECT_EQ(report->failed, 0);
  EXPECT_GE(report->passed, 27);
  EXPECT_THAT(report->unexercised, IsEmpty());
}

TEST(RunTestsTest, ReportsFailuresAndUnexercisedRules) {
  ScratchPolicies scratch;
  scratch.Copy("lv/visa/2020-01-01");
  scratch.Write("lv/visa/tests/wrong.json", R"([{
    "name": "expects the wrong outcome",
    "filing_date": "2021-01-01",
    "inputs": {"Documents": ["passport"]},
    "expected_outcome": "refuse",
    "expected_grounds": ["lv-visa-no-such-rule"],
    "expected_missing_documents": ["visa-photo"]
  }])");
  auto lib = Library::Load(scratch.root());
  ASSERT_TRUE(lib) << lib.error().ToString();
  auto report = RunTests(*lib, scratch.root());
  ASSERT_TRUE(report) << report.error().ToString();
  EXPECT_EQ(report->passed, 0);
  EXPECT_EQ(report->failed, 1);
  ASSERT_EQ(report->failures.size(), 1u);
  const std::string& line = report->failures[0];
  EXPECT_THAT(line, HasSubstr((scratch.root() / "lv/visa/tests/wrong.json").string() +
                              ": case 'expects the wrong outcome'"));
  EXPECT_THAT(line, HasSubstr("outcome: expected refuse, got eligible"));
  EXPECT_THAT(line, HasSubstr("grounds: expected lv-visa-no-such-rule among"));
  EXPECT_THAT(line, HasSubstr("missing documents: expected [visa-photo], got []"));
  EXPECT_THAT(report->unexercised,
              ElementsAre("LV/visa/2020-01-01 rule lv-visa-documents-missing"));
}

TEST(RunTestsTest, RefusesAMalformedTestFileNamingTheCase) {
  ScratchPolicies scratch;
  scratch.Copy("lv/visa/2020-01-01");
  scratch.Write("lv/visa/tests/bad.json",
                R"([{"name": "no outcome", "filing_date": "2021-01-01", "inputs": {}}])");
  auto lib = Library::Load(scratch.root());
  ASSERT_TRUE(lib) << lib.error().ToString();
  auto report = RunTests(*lib, scratch.root());
  ASSERT_FALSE(report);
  EXPECT_EQ(report.error().where, (scratch.root() / "lv/visa/tests/bad.json").string());
  EXPECT_THAT(report.error().message,
              HasSubstr("case 1 ('no outcome'): field 'expected_outcome': missing"));
}

}  // namespace
}  // namespace tamga::policy

namespace tamga::policy {
namespace {

// The shipped KZ temporary-residence model as a draft taking effect on `date`.
Draft TemporaryResidenceDraft(const char* date) {
  std::ifstream in(kPolicies / "kz/temporary-residence/2020-01-01/eligibility.dmn");
  std::stringstream xml;
  xml << in.rdbuf();
  Draft d;
  d.jurisdiction = "KZ";
  d.kind = "temporary-residence";
  d.takes_effect = D(date);
  d.title = "draft";
  d.legal_act = "draft act";
  d.article = "draft article";
  d.decision = "Eligibility";
  d.deadline_days = 45;
  d.models = {{"eligibility.dmn", xml.str()}};
  return d;
}

TEST(DraftTest, WithDraftAddsAVersionToACopyOfTheLibrary) {
  const Library& shipped = Shipped();
  auto with = shipped.WithDraft(TemporaryResidenceDraft("2023-06-01"), "elsewhere");
  ASSERT_TRUE(with.has_value()) << with.error().ToString();
  std::vector<Version> versions = with->Versions("KZ", "temporary-residence");
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_EQ(versions[0].ends, D("2023-05-31"));
  EXPECT_EQ(versions[1].id(), "KZ/temporary-residence/2023-06-01");
  EXPECT_EQ(versions[1].deadline_days, 45);
  EXPECT_EQ(with->Files(versions[1]).size(), 2u);  // eligibility.dmn, policy.json
  EXPECT_EQ(with->Rules(versions[1]).front().file,
            "elsewhere/kz/temporary-residence/2023-06-01/eligibility.dmn");
  auto decided =
      with->Decide("KZ", "temporary-residence", D("2023-07-01"), Inputs(nlohmann::json::object()));
  ASSERT_TRUE(decided.has_value()) << decided.error().ToString();
  EXPECT_EQ(decided->policy_version, "KZ/temporary-residence/2023-06-01");
  // The library itself is unchanged.
  EXPECT_EQ(shipped.Versions("KZ", "temporary-residence").size(), 1u);
  EXPECT_EQ(shipped.Versions("KZ", "temporary-residence")[0].ends, std::nullopt);

  auto same_day = shipped.WithDraft(TemporaryResidenceDraft("2020-01-01"), kPolicies);
  ASSERT_FALSE(same_day.has_value());
  EXPECT_THAT(same_day.error().ToString(), HasSubstr("already takes effect"));
  Draft bad_name = TemporaryResidenceDraft("2023-06-01");
  bad_name.models[0].name = "../eligibility.dmn";
  EXPECT_FALSE(shipped.WithDraft(bad_name, kPolicies).has_value());
}

TEST(DraftTest, RegistryHandsOutTheLibraryOfTheMomentAndKeepsItAlive) {
  Registry registry(Shipped());
  std::shared_ptr<const Library> before = registry.Current();
  auto with = Shipped().WithDraft(TemporaryResidenceDraft("2023-06-01"), kPolicies);
  ASSERT_TRUE(with.has_value());
  registry.Replace(*with);
  EXPECT_EQ(before->Versions("KZ", "temporary-residence").size(), 1u);
  EXPECT_EQ(registry.Current()->Versions("KZ", "temporary-residence").size(), 2u);
}

TEST(DraftTest, TryDraftRunsTheKindsTestsWithTheDraftsOwn) {
  TestFile extra{"draft tests", R"([{"name": "no passport", "filing_date": "2023-07-01",
      "inputs": {"Documents": []}, "expected_version": "2023-06-01",
      "expected_outcome": "documents-missing", "expected_grounds": ["kz-tr-passport"]}])"};
  DraftReport report =
      TryDraft(Shipped(), kPolicies, TemporaryResidenceDraft("2023-06-01"), {extra});
  ASSERT_TRUE(report.loaded) << report.error;
  EXPECT_EQ(report.tests.passed, 3);
  EXPECT_EQ(report.tests.failed, 0);
  // Under FIRST, "eligible" matches beside "documents-missing": every rule is exercised.
  EXPECT_THAT(report.tests.unexercised, IsEmpty());
  extra.json = R"([{"name": "wrong", "filing_date": "2023-07-01", "inputs": {},
      "expected_outcome": "eligible"}])";
  DraftReport failing =
      TryDraft(Shipped(), kPolicies, TemporaryResidenceDraft("2023-06-01"), {extra});
  EXPECT_EQ(failing.tests.failed, 1);
  EXPECT_THAT(failing.tests.failures, ElementsAre(HasSubstr("draft tests: case 'wrong'")));
  EXPECT_FALSE(CheckTestFile({"x", "[]"}).has_value());
}

}  // namespace
}  // namespace tamga::policy
