#include "policy/policy.h"

#include <algorithm>
#include <cctype>
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
using ::testing::Not;
using ::testing::UnorderedElementsAre;

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

std::vector<std::string> GroundIds(const std::vector<Ground>& grounds) {
  std::vector<std::string> ids;
  for (const Ground& g : grounds) ids.push_back(g.rule_id);
  return ids;
}
std::vector<std::string> GroundIds(const Decision& d) { return GroundIds(d.grounds); }
std::vector<std::string> DecisiveIds(const Decision& d) { return GroundIds(d.decisive_grounds); }

const Ground* FindGround(const std::vector<Ground>& grounds, const std::string& id) {
  for (const Ground& g : grounds) {
    if (g.rule_id == id) return &g;
  }
  return nullptr;
}

// A passport entry of Document Details as the case service gives it.
nlohmann::json Passport(const std::string& state, const std::string& expires) {
  return {{"kind", "passport"},
          {"issuing state", state},
          {"number", "751234567"},
          {"expires", expires},
          {"verification", "verified"}};
}
nlohmann::json Consent(const std::string& state, const std::string& issued) {
  return {{"kind", "no-objection-certificate"},
          {"issuing state", state},
          {"number", "C-1"},
          {"issued", issued},
          {"verification", "unverified"}};
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
  // Copies policies/<relative> to the same place under the scratch root, with the jurisdiction.json
  // of its jurisdiction folder (every jurisdiction folder needs one).
  void Copy(const fs::path& relative) {
    fs::create_directories((root_ / relative).parent_path());
    fs::copy(kPolicies / relative, root_ / relative, fs::copy_options::recursive);
    const fs::path meta = *relative.begin() / "jurisdiction.json";
    if (!fs::exists(root_ / meta)) fs::copy_file(kPolicies / meta, root_ / meta);
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
  // Edits one field of a JSON file, named by a JSON pointer ("/legal_basis/status"); a null value
  // removes the field.
  void SetField(const fs::path& json_file, const std::string& pointer, nlohmann::json value) {
    nlohmann::json j = nlohmann::json::parse(Read(json_file));
    nlohmann::json::json_pointer ptr(pointer);
    if (value.is_null()) {
      j[ptr.parent_pointer()].erase(ptr.back());
    } else {
      j[ptr] = std::move(value);
    }
    Write(json_file, j.dump(2));
  }
  // Replaces every occurrence of `from` in a file; expects at least one.
  void Replace(const fs::path& relative, const std::string& from, const std::string& to) {
    std::string text = Read(relative);
    size_t count = 0;
    for (size_t at = 0; (at = text.find(from, at)) != std::string::npos; at += to.size(), ++count) {
      text.replace(at, from.size(), to);
    }
    EXPECT_GT(count, 0u) << "'" << from << "' not in " << relative;
    Write(relative, text);
  }

 private:
  fs::path root_;
};

// Loads `scratch` and expects it to fail in `file` (relative to the scratch root) with `message`.
void ExpectLoadError(const ScratchPolicies& scratch, const fs::path& file,
                     const std::string& message) {
  auto lib = Library::Load(scratch.root());
  ASSERT_FALSE(lib) << "loaded, expected: " << message;
  EXPECT_EQ(lib.error().where, (scratch.root() / file).string());
  EXPECT_THAT(lib.error().message, HasSubstr(message));
}

// ---------------------------------------------------------------------------------------------
// The shipped library (docs/policies.md, "Shipped policies")

TEST(LibraryTest, LoadsTheShippedPoliciesWithTheirLegalBasis) {
  const Library& lib = Shipped();
  EXPECT_THAT(lib.Jurisdictions(), ElementsAre("KZ", "LV"));
  EXPECT_THAT(lib.Kinds("KZ"), ElementsAre("asylum", "permanent-residence", "residence-visa",
                                           "temporary-residence"));
  EXPECT_THAT(lib.Kinds("lv"), ElementsAre("asylum", "visa"));
  std::vector<Version> pr = lib.Versions("KZ", "permanent-residence");
  ASSERT_EQ(pr.size(), 3u);
  EXPECT_EQ(pr[0].id(), "KZ/permanent-residence/2020-01-01");
  EXPECT_EQ(pr[1].id(), "KZ/permanent-residence/2022-09-22");
  EXPECT_EQ(pr[2].id(), "KZ/permanent-residence/2023-02-01");
  EXPECT_EQ(pr[0].ends, D("2022-09-21"));
  EXPECT_EQ(pr[1].ends, D("2023-01-31"));
  EXPECT_FALSE(pr[2].ends.has_value());
  EXPECT_EQ(pr[1].decision, "Eligibility");
  EXPECT_EQ(pr[1].content_hash.size(), 64u);
  EXPECT_NE(pr[0].content_hash, pr[1].content_hash);

  // The consent item of MVD Order No. 992 is enacted law; its enforcement date is what the note
  // explains. The baseline before it is illustrative, the 2023 passport rule only reported.
  EXPECT_EQ(pr[0].legal_basis.status, TextStatus::kIllustrative);
  EXPECT_EQ(pr[1].legal_basis.status, TextStatus::kEnacted);
  EXPECT_THAT(pr[1].legal_basis.act, HasSubstr("No. 992 of 4 December 2015"));
  EXPECT_EQ(pr[1].legal_basis.adopted, D("2015-12-04"));
  EXPECT_EQ(pr[1].legal_basis.link, "https://adilet.zan.kz/eng/docs/V1500012880");
  EXPECT_THAT(pr[1].legal_basis.note, HasSubstr("no 2021 amendment"));
  EXPECT_THAT(pr[1].legal_basis.note, HasSubstr("not verified"));
  EXPECT_EQ(pr[2].legal_basis.status, TextStatus::kReported);
  EXPECT_THAT(pr[2].legal_basis.link, HasSubstr("rbc.ru"));
  EXPECT_FALSE(pr[2].legal_basis.note.empty());
  for (const Version& v : pr) {
    // 60 calendar days: the state-service standard for the permanent residence permit.
    EXPECT_EQ(v.deadline_days, 60) << v.id();
    EXPECT_EQ(v.applies_to, AppliesTo::kFiledOnOrAfter) << v.id();
    EXPECT_TRUE(v.refusal_form.empty()) << v.id();
  }
  EXPECT_THAT(pr[1].DocumentLabel("no-objection-certificate", "ru"), HasSubstr("листок убытия"));
  EXPECT_THAT(pr[1].DocumentLabel("no-objection-certificate", "en"), HasSubstr("departure sheet"));

  // The consent attaches to the permanent residence permit, not to the residence visa: one
  // baseline version there (docs/policies.md, "Shipped policies").
  std::vector<Version> rv = lib.Versions("KZ", "residence-visa");
  ASSERT_EQ(rv.size(), 1u);
  EXPECT_EQ(rv[0].deadline_days, 30);
  EXPECT_EQ(rv[0].legal_basis.status, TextStatus::kIllustrative);
  EXPECT_FALSE(rv[0].documents.contains("no-objection-certificate"));

  std::vector<Version> lv = lib.Versions("LV", "visa");
  ASSERT_EQ(lv.size(), 2u);
  EXPECT_EQ(lv[0].legal_basis.status, TextStatus::kEnacted);
  EXPECT_EQ(lv[0].applies_to, AppliesTo::kFiledOnOrAfter);
  EXPECT_EQ(lv[1].legal_basis.status, TextStatus::kReported);
  EXPECT_EQ(lv[1].applies_to, AppliesTo::kPending);
  EXPECT_EQ(lv[1].refusal_form, "schengen-annex-vi");
  EXPECT_EQ(lv[1].legal_basis.published, D("2022-09-21"));
  for (const Version& v : lv) EXPECT_EQ(v.deadline_days, 15) << v.id();  // Visa Code Art. 23(1)
}

TEST(LibraryTest, ShippedJurisdictionsGiveTimeZoneStateAuthorityAndAppeal) {
  const Jurisdiction* kz = Shipped().FindJurisdiction("kz");
  ASSERT_NE(kz, nullptr);
  EXPECT_EQ(kz->code, "KZ");
  EXPECT_EQ(kz->state, "KAZ");
  EXPECT_EQ(kz->time_zone, "Asia/Almaty");
  EXPECT_THAT(InLanguage(kz->authority, "en"), HasSubstr("Ministry of Internal Affairs"));
  EXPECT_THAT(InLanguage(kz->authority, "ru"), HasSubstr("Министерства внутренних дел"));
  // Administrative Procedural and Process-Related Code No. 350-VI: three months (Art. 92), lodged
  // through the deciding body and considered by the higher one (Art. 91(3), (4)).
  EXPECT_EQ(kz->appeal.period_months, 3);
  EXPECT_EQ(kz->appeal.period_days, 0);
  EXPECT_THAT(InLanguage(kz->appeal.basis, "en"), HasSubstr("No. 350-VI"));
  EXPECT_THAT(InLanguage(kz->appeal.basis, "en"), HasSubstr("Art. 92"));
  EXPECT_THAT(InLanguage(kz->appeal.basis, "ru"), HasSubstr("статья 92"));

  const Jurisdiction* lv = Shipped().FindJurisdiction("LV");
  ASSERT_NE(lv, nullptr);
  EXPECT_EQ(lv->state, "LVA");
  EXPECT_EQ(lv->time_zone, "Europe/Riga");
  // MFA procedure: to the Director of the Consular Department within 30 days of receipt; Visa
  // Code Art. 32(3); Administrative Procedure Law Section 79(1).
  EXPECT_EQ(lv->appeal.period_days, 30);
  EXPECT_THAT(InLanguage(lv->appeal.body, "en"), HasSubstr("Consular Department"));
  EXPECT_THAT(InLanguage(lv->appeal.basis, "en"), HasSubstr("Art. 32(3)"));
  EXPECT_THAT(InLanguage(lv->appeal.basis, "en"), HasSubstr("Section 79(1)"));
  EXPECT_EQ(Shipped().FindJurisdiction("XX"), nullptr);
}

TEST(JurisdictionTest, AppealDeadlineCountsMonthsToTheSameDayOrTheMonthsLastDay) {
  Jurisdiction months;
  months.appeal.period_months = 3;
  EXPECT_EQ(months.AppealDeadline(D("2022-11-30")), D("2023-02-28"));  // no 30 February
  EXPECT_EQ(months.AppealDeadline(D("2023-11-30")), D("2024-02-29"));  // leap year
  EXPECT_EQ(months.AppealDeadline(D("2022-09-22")), D("2022-12-22"));
  EXPECT_EQ(months.AppealDeadline(D("2022-10-31")), D("2023-01-31"));  // across the year
  Jurisdiction days;
  days.appeal.period_days = 30;
  EXPECT_EQ(days.AppealDeadline(D("2022-09-22")), D("2022-10-22"));
  EXPECT_EQ(days.AppealDeadline(D("2022-12-15")), D("2023-01-14"));
  // The shipped ones.
  EXPECT_EQ(Shipped().FindJurisdiction("KZ")->AppealDeadline(D("2022-11-30")), D("2023-02-28"));
  EXPECT_EQ(Shipped().FindJurisdiction("LV")->AppealDeadline(D("2022-09-22")), D("2022-10-22"));
}

TEST(LibraryTest, ListsTheRulesWithTheirGroundsInEnglishAndRussianByColumnName) {
  const Library& lib = Shipped();
  std::vector<Rule> rules = lib.Rules(lib.Versions("KZ", "permanent-residence")[1]);
  std::vector<std::string> ids;
  for (const Rule& r : rules) ids.push_back(r.id);
  EXPECT_THAT(ids, ElementsAre("kz-pr-consent-asylum-seeker", "kz-pr-consent-protection-granted",
                               "kz-pr-exempt-refugee", "kz-pr-exempt-kandas", "kz-pr-not-exempt",
                               "kz-pr-passport", "kz-pr-noc", "kz-pr-passport-expired",
                               "kz-pr-passport-not-yet-issued", "kz-pr-passport-rejected",
                               "kz-pr-noc-not-valid", "kz-pr-noc-rejected", "kz-pr-noc-other-state",
                               "kz-pr-noc-issuer-unknown", "kz-pr-noc-no-passport",
                               "kz-pr-documents-missing", "kz-pr-eligible"));
  const Rule& consent = rules[6];
  EXPECT_EQ(consent.decision, "Required Documents");
  EXPECT_EQ(consent.table_id, "t_required");
  EXPECT_EQ(consent.output, "no-objection-certificate");
  EXPECT_THAT(consent.reason, HasSubstr("departure sheet"));
  EXPECT_THAT(consent.citation, HasSubstr("No. 992 of 4 December 2015"));
  EXPECT_THAT(consent.reason_in.at("ru"), HasSubstr("листок убытия"));
  EXPECT_THAT(consent.citation_in.at("ru"), HasSubstr("№ 992"));
  EXPECT_EQ(consent.form_ground, 0);
  EXPECT_TRUE(rules[4].reason.empty());  // "not exempt" explains nothing: it is no ground
  EXPECT_EQ(rules[8].output, "passport");
  EXPECT_EQ(rules[16].output, "eligible");
  // A person seeking protection is not asked for the consent of the state they fled.
  EXPECT_EQ(rules[0].output, "asylum-seeker");
  EXPECT_THAT(rules[0].citation, HasSubstr("Art. 33(1)"));

  // The Latvian refusal carries its ground on the Annex VI form of the Visa Code (as replaced by
  // Regulation (EU) 2019/1155): 7, "a threat to public policy or internal security".
  std::vector<Rule> lv = lib.Rules(lib.Versions("LV", "visa")[1]);
  auto refusal = std::find_if(lv.begin(), lv.end(),
                              [](const Rule& r) { return r.id == "lv-visa-mobilisation-refusal"; });
  ASSERT_NE(refusal, lv.end());
  EXPECT_EQ(refusal->form_ground, 7);
  EXPECT_EQ(refusal->output, "refuse");
  EXPECT_THAT(refusal->citation, HasSubstr("Art. 32(1)(a)(vi)"));
  EXPECT_THAT(refusal->citation_in.at("ru"), HasSubstr("статья 32(1)(a)(vi)"));
  for (const Rule& r : lv) {
    if (r.id != refusal->id) {
      EXPECT_EQ(r.form_ground, 0) << r.id;
    }
  }
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
  EXPECT_THAT(unknown_kind.error().message, HasSubstr("known: asylum, permanent-residence"));
  auto too_early = lib.InForce("LV", "visa", D("2019-12-31"));
  ASSERT_FALSE(too_early);
  EXPECT_EQ(too_early.error().where, "LV/visa on 2019-12-31");
  EXPECT_THAT(too_early.error().message, HasSubstr("first takes effect on 2020-01-01"));
  auto applicable = lib.Applicable("LV", "visa", D("2019-12-31"), D("2022-09-22"));
  ASSERT_FALSE(applicable);
  EXPECT_THAT(applicable.error().message, HasSubstr("no version is in force yet"));
}

// Library::Applicable: the version in force on the filing date, unless a later version that
// applies to pending applications took effect by the day of the decision (docs/policies.md,
// "How versions resolve by date").
TEST(LibraryTest, ApplicableTakesAPendingVersionOnlyWhenItTookEffectByTheDecision) {
  const Library& lib = Shipped();
  // LV/visa/2022-09-21 applies to pending applications.
  auto decided_before = lib.Applicable("LV", "visa", D("2022-09-19"), D("2022-09-20"));
  ASSERT_TRUE(decided_before) << decided_before.error().ToString();
  EXPECT_EQ(decided_before->id(), "LV/visa/2020-01-01");
  auto decided_on_the_day = lib.Applicable("LV", "visa", D("2022-09-19"), D("2022-09-21"));
  ASSERT_TRUE(decided_on_the_day);
  EXPECT_EQ(decided_on_the_day->id(), "LV/visa/2022-09-21");
  auto decided_after = lib.Applicable("LV", "visa", D("2021-01-04"), D("2022-09-22"));
  ASSERT_TRUE(decided_after);
  EXPECT_EQ(decided_after->id(), "LV/visa/2022-09-21");
  // KZ/permanent-residence/2022-09-22 applies to applications filed on or after its day only.
  auto kz = lib.Applicable("KZ", "permanent-residence", D("2022-09-21"), D("2022-11-01"));
  ASSERT_TRUE(kz);
  EXPECT_EQ(kz->id(), "KZ/permanent-residence/2020-01-01");
  auto kz_later = lib.Applicable("KZ", "permanent-residence", D("2022-09-22"), D("2023-06-01"));
  ASSERT_TRUE(kz_later);
  EXPECT_EQ(kz_later->id(), "KZ/permanent-residence/2022-09-22");
}

// ---------------------------------------------------------------------------------------------
// Deciding

TEST(DecideTest, TheSameApplicationFiledBeforeAndAfterTheConsentWasEnforced) {
  const Library& lib = Shipped();
  feel::Context application = Inputs({{"Purpose", "family"},
                                      {"Citizenships", {"RUS"}},
                                      {"Birth Date", "1990-04-12"},
                                      {"Passport Expiry", "2030-01-01"},
                                      {"Documents", {"passport"}},
                                      {"Document Details", {Passport("RUS", "2030-01-01")}}});

  auto before = lib.Decide("KZ", "permanent-residence", D("2022-09-21"), application);
  ASSERT_TRUE(before) << before.error().ToString();
  EXPECT_EQ(before->outcome, "eligible");
  EXPECT_EQ(before->policy_version, "KZ/permanent-residence/2020-01-01");
  EXPECT_EQ(before->policy_hash, lib.Versions("KZ", "permanent-residence")[0].content_hash);
  EXPECT_THAT(before->required_documents, ElementsAre("passport"));
  EXPECT_THAT(before->missing_documents, IsEmpty());
  EXPECT_THAT(GroundIds(*before), ElementsAre("kz-pr-passport", "kz-pr-eligible"));
  EXPECT_THAT(DecisiveIds(*before), ElementsAre("kz-pr-eligible"));
  EXPECT_THAT(before->warnings, IsEmpty());

  auto after = lib.Decide("KZ", "permanent-residence", D("2022-09-22"), application);
  ASSERT_TRUE(after) << after.error().ToString();
  EXPECT_EQ(after->outcome, "documents-missing");
  EXPECT_EQ(after->policy_version, "KZ/permanent-residence/2022-09-22");
  EXPECT_THAT(after->required_documents, ElementsAre("passport", "no-objection-certificate"));
  EXPECT_THAT(after->missing_documents, ElementsAre("no-objection-certificate"));
  EXPECT_THAT(GroundIds(*after),
              ElementsAre("kz-pr-passport", "kz-pr-noc", "kz-pr-documents-missing"));
  // The passport requirement is met: a ground, but not decisive.
  EXPECT_THAT(DecisiveIds(*after), ElementsAre("kz-pr-noc", "kz-pr-documents-missing"));
  const Ground& consent = after->decisive_grounds[0];
  EXPECT_THAT(consent.Reason("en"), HasSubstr("state whose passport you present"));
  EXPECT_THAT(consent.Reason("ru"), HasSubstr("паспорт которого вы предъявляете"));
  EXPECT_THAT(consent.Citation("ru"), HasSubstr("приказ Министра внутренних дел"));
  // Issue 14: grounds are written in Kazakh and Latvian too ("Reason (kk)", "Reason (lv)").
  EXPECT_THAT(consent.Reason("kk"), HasSubstr("кету парағы"));
  EXPECT_THAT(consent.Reason("lv"), HasSubstr("izrakstīšanās lapa"));
  // A language the policy does not write in falls back to English.
  EXPECT_EQ(consent.Reason("de"), consent.reason);
  EXPECT_THAT(after->warnings, IsEmpty());
  // Matched but not selected under FIRST: in matched_rules and the trace, not among the grounds.
  EXPECT_THAT(after->matched_rules, Contains("kz-pr-eligible"));
  EXPECT_THAT(after->trace_json, HasSubstr("\"id\":\"kz-pr-noc\""));
  EXPECT_THAT(after->trace_json, HasSubstr("\"selected\":false"));
  EXPECT_TRUE(nlohmann::json::accept(after->trace_json));
}

// docs/policies.md, "Evidence": a passport that expired before the filing date is a missing
// document; the requirement and the reason it does not count are both decisive.
TEST(DecideTest, AnExpiredPassportIsAMissingDocumentWithItsDefectAsDecisiveGround) {
  auto d = Shipped().Decide("KZ", "temporary-residence", D("2022-10-03"),
                            Inputs({{"Purpose", "study"},
                                    {"Citizenships", {"KGZ"}},
                                    {"Documents", {"passport"}},
                                    {"Document Details", {Passport("KGZ", "2022-10-02")}}}));
  ASSERT_TRUE(d) << d.error().ToString();
  EXPECT_EQ(d->outcome, "documents-missing");
  EXPECT_THAT(d->missing_documents, ElementsAre("passport"));
  EXPECT_THAT(DecisiveIds(*d), UnorderedElementsAre("kz-tr-passport", "kz-tr-passport-expired",
                                                    "kz-tr-documents-missing"));
  const Ground* expired = FindGround(d->decisive_grounds, "kz-tr-passport-expired");
  ASSERT_NE(expired, nullptr);
  EXPECT_EQ(expired->reason, "The passport presented had expired on the filing date.");
  EXPECT_THAT(expired->Reason("ru"), HasSubstr("истёк"));

  // Valid on the day it expires.
  auto on_the_day = Shipped().Decide(
      "KZ", "temporary-residence", D("2022-10-02"),
      Inputs({{"Documents", {"passport"}}, {"Document Details", {Passport("KGZ", "2022-10-02")}}}));
  ASSERT_TRUE(on_the_day) << on_the_day.error().ToString();
  EXPECT_EQ(on_the_day->outcome, "eligible");
}

// A dual citizen of Russia and Israel presenting a Russian passport: the consent counts only from
// Russia (docs/policies.md, "Dual citizens and stateless persons").
TEST(DecideTest, AConsentFromAnotherStateOfCitizenshipDoesNotCount) {
  auto d = Shipped().Decide(
      "KZ", "permanent-residence", D("2022-09-26"),
      Inputs(
          {{"Purpose", "family"},
           {"Citizenships", {"RUS", "ISR"}},
           {"Documents", {"passport", "no-objection-certificate"}},
           {"Document Details", {Passport("RUS", "2030-01-01"), Consent("ISR", "2022-09-20")}}}));
  ASSERT_TRUE(d) << d.error().ToString();
  EXPECT_EQ(d->outcome, "documents-missing");
  EXPECT_THAT(d->missing_documents, ElementsAre("no-objection-certificate"));
  EXPECT_THAT(DecisiveIds(*d), UnorderedElementsAre("kz-pr-noc", "kz-pr-noc-other-state",
                                                    "kz-pr-documents-missing"));
  EXPECT_EQ(FindGround(d->decisive_grounds, "kz-pr-noc-other-state")->reason,
            "The consent presented was issued by a state other than the one whose passport you "
            "present.");
}

TEST(DecideTest, RefusesAndExplainsUnderTheLatvianRuleOfSeptember2022) {
  auto d = Shipped().Decide("LV", "visa", D("2022-09-21"),
                            Inputs({{"Purpose", "tourism"},
                                    {"Citizenships", {"RUS"}},
                                    {"Documents", {"passport"}},
                                    {"Document Details", {Passport("RUS", "2030-01-01")}}}));
  ASSERT_TRUE(d) << d.error().ToString();
  EXPECT_EQ(d->outcome, "refuse");
  EXPECT_THAT(GroundIds(*d), ElementsAre("lv-visa-passport", "lv-visa-mobilisation-refusal"));
  ASSERT_THAT(DecisiveIds(*d), ElementsAre("lv-visa-mobilisation-refusal"));
  const Ground& refusal = d->decisive_grounds[0];
  EXPECT_EQ(refusal.form_ground, 7);  // Annex VI: threat to public policy or internal security
  EXPECT_THAT(refusal.Citation("en"), HasSubstr("Art. 32(1)(a)(vi)"));
  EXPECT_THAT(refusal.Reason("ru"), HasSubstr("гражданином Российской Федерации"));

  // A missing passport is decisive beside the refusal; the humanitarian purpose is an exception.
  auto no_passport = Shipped().Decide(
      "LV", "visa", D("2022-09-22"),
      Inputs({{"Purpose", "family"}, {"Citizenships", {"ISR", "RUS"}}, {"Documents", {}}}));
  ASSERT_TRUE(no_passport) << no_passport.error().ToString();
  EXPECT_EQ(no_passport->outcome, "refuse");
  EXPECT_THAT(DecisiveIds(*no_passport),
              UnorderedElementsAre("lv-visa-passport", "lv-visa-mobilisation-refusal"));
  auto humanitarian =
      Shipped().Decide("LV", "visa", D("2022-09-22"),
                       Inputs({{"Purpose", "humanitarian"},
                               {"Citizenships", {"RUS"}},
                               {"Documents", {"passport"}},
                               {"Document Details", {Passport("RUS", "2030-01-01")}}}));
  ASSERT_TRUE(humanitarian) << humanitarian.error().ToString();
  EXPECT_EQ(humanitarian->outcome, "eligible");
  EXPECT_THAT(DecisiveIds(*humanitarian), ElementsAre("lv-visa-humanitarian-exception"));
}

// LV/visa/2022-09-21 applies to pending applications: one filed on 2022-09-19 is refused when it
// is decided on 2022-09-22, eligible when decided on 2022-09-20.
TEST(DecideTest, APendingLatvianApplicationIsDecidedUnderTheVersionInForceWhenDecided) {
  feel::Context application = Inputs({{"Purpose", "tourism"},
                                      {"Citizenships", {"RUS"}},
                                      {"Documents", {"passport"}},
                                      {"Document Details", {Passport("RUS", "2030-01-01")}}});
  auto early = Shipped().Decide("LV", "visa", D("2022-09-19"), application, D("2022-09-20"));
  ASSERT_TRUE(early) << early.error().ToString();
  EXPECT_EQ(early->outcome, "eligible");
  EXPECT_EQ(early->policy_version, "LV/visa/2020-01-01");
  auto late = Shipped().Decide("LV", "visa", D("2022-09-19"), application, D("2022-09-22"));
  ASSERT_TRUE(late) << late.error().ToString();
  EXPECT_EQ(late->outcome, "refuse");
  EXPECT_EQ(late->policy_version, "LV/visa/2022-09-21");
  // The filing date stays the filing date.
  EXPECT_THAT(late->trace_json, Not(HasSubstr("2022-09-22")));
}

TEST(DecideTest, SetsApplicationKindAndFilingDateFromTheRequest) {
  const Library& lib = Shipped();
  // The 2023 version counts a passport valid at least 180 days after the Filing Date set here.
  auto d = lib.Decide("KZ", "permanent-residence", D("2023-03-01"),
                      Inputs({{"Citizenships", {"XXB"}},
                              {"Passport Expiry", "2023-04-01"},
                              {"Documents", {"passport"}}}));
  ASSERT_TRUE(d) << d.error().ToString();
  EXPECT_EQ(d->outcome, "documents-missing");
  EXPECT_THAT(DecisiveIds(*d),
              UnorderedElementsAre("kz-pr-passport", "kz-pr-passport-short-validity",
                                   "kz-pr-documents-missing"));
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
  EXPECT_TRUE(InputsFromJson({{"Document Details", {Consent("RUS", "2022-09-01")}}}, "case 3"));
}

// ---------------------------------------------------------------------------------------------
// What applicants read (docs/policies.md, "Legal basis")

// Grounds cite the act and article plainly; how far the law was found is said by the version's
// legal_basis.status and note, which staff see, not by the text an applicant reads.
TEST(ShippedTextTest, NoGroundOrTitleSaysHypotheticalModelledOrAsReported) {
  const Library& lib = Shipped();
  const std::vector<std::string> banned = {
      "hypothetical", "modelled", "modeled", "as reported", "not a reported rule", "illustrative"};
  auto check = [&](const std::string& text, const std::string& where) {
    std::string lower = text;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const std::string& word : banned) {
      EXPECT_THAT(lower, Not(HasSubstr(word))) << where << ": " << text;
    }
  };
  int grounds = 0;
  for (const std::string& j : lib.Jurisdictions()) {
    for (const std::string& k : lib.Kinds(j)) {
      for (const Version& v : lib.Versions(j, k)) {
        check(v.title, v.id() + " title");
        for (const Rule& r : lib.Rules(v)) {
          if (r.reason.empty()) continue;
          ++grounds;
          std::string where = v.id() + " rule " + r.id;
          check(r.reason, where + " Reason");
          check(r.citation, where + " Citation");
          ASSERT_TRUE(r.reason_in.contains("ru")) << where;
          ASSERT_TRUE(r.citation_in.contains("ru")) << where;
          check(r.reason_in.at("ru"), where + " Reason (ru)");
          check(r.citation_in.at("ru"), where + " Citation (ru)");
          // "гипотетическ", "как сообщается": the Russian words for the same.
          EXPECT_THAT(r.reason_in.at("ru") + r.citation_in.at("ru"), Not(HasSubstr("гипотетическ")))
              << where;
          EXPECT_THAT(r.reason_in.at("ru") + r.citation_in.at("ru"),
                      Not(HasSubstr("как сообщается")))
              << where;
        }
      }
    }
  }
  EXPECT_GT(grounds, 50);
}

// Every document kind a version can require is named in its policy.json, in English and Russian,
// and a refusal of a version with a standard refusal form gives its ground number on the form.
TEST(ShippedTextTest, VersionsNameEveryRequiredDocumentAndRefusalFormGround) {
  const Library& lib = Shipped();
  for (const std::string& j : lib.Jurisdictions()) {
    for (const std::string& k : lib.Kinds(j)) {
      for (const Version& v : lib.Versions(j, k)) {
        for (const Rule& r : lib.Rules(v)) {
          if (r.decision == "Required Documents") {
            ASSERT_TRUE(v.documents.contains(r.output)) << v.id() << " rule " << r.id;
            EXPECT_TRUE(v.documents.at(r.output).contains("ru")) << v.id() << " " << r.output;
          }
          if (r.output == "refuse") {
            EXPECT_EQ(v.refusal_form, "schengen-annex-vi") << v.id();
            EXPECT_GT(r.form_ground, 0) << v.id() << " rule " << r.id;
          }
        }
      }
    }
  }
}

// Intake validates purpose codes against the version in force; the demo generator and the tests
// use these.
TEST(ShippedTextTest, PurposeCodesCoverTheDemoAndStayStableAcrossVersions) {
  const Library& lib = Shipped();
  for (const std::string& kind : lib.Kinds("KZ")) {
    if (kind == "asylum") continue;  // its one purpose: international protection
    for (const Version& v : lib.Versions("KZ", kind)) {
      for (const char* code :
           {"family", "employment", "study", "ethnic-repatriation", "humanitarian"}) {
        EXPECT_NE(v.FindPurpose(code), nullptr) << v.id() << " " << code;
      }
    }
  }
  std::vector<Version> lv = lib.Versions("LV", "visa");
  for (const Version& v : lv) {
    for (const char* code :
         {"tourism", "business", "family", "family-eu-citizen", "humanitarian", "study", "other"}) {
      ASSERT_NE(v.FindPurpose(code), nullptr) << v.id() << " " << code;
      EXPECT_TRUE(v.FindPurpose(code)->label.contains("ru")) << v.id() << " " << code;
    }
    EXPECT_EQ(v.FindPurpose("Humanitarian"), nullptr);  // codes, not labels
    ASSERT_EQ(v.purposes.size(), lv[0].purposes.size());
    for (size_t i = 0; i < v.purposes.size(); ++i)
      EXPECT_EQ(v.purposes[i].code, lv[0].purposes[i].code);
  }
}

// ---------------------------------------------------------------------------------------------
// Loading: policy.json, jurisdiction.json and models

TEST(LoadTest, RefusesAMalformedPolicyJsonNamingTheFileAndField) {
  const fs::path version = "kz/permanent-residence/2020-01-01";
  struct Case {
    std::string pointer;
    nlohmann::json value;  // null: remove the field
    std::string message;
  };
  for (const Case& c : std::vector<Case>{
           {"/deadline_days", "90", "field 'deadline_days': must be a whole number"},
           {"/title", nullptr, "field 'title': missing"},
           {"/legal_basis", 7, "field 'legal_basis': must be an object"},
           {"/legal_basis/act", nullptr, "field 'legal_basis.act': missing"},
           {"/legal_basis/adopted", "4.12.2015",
            "field 'legal_basis.adopted': \"4.12.2015\" is not"},
           {"/legal_basis/link", "adilet.zan.kz", "field 'legal_basis.link': must be an http(s)"},
           {"/legal_basis/article", 12, "field 'legal_basis.article': must be a string"},
           {"/legal_basis/amended", "x", "field 'legal_basis.amended': unknown field"},
           {"/takes_effect", "2020-1-1", "field 'takes_effect': \"2020-1-1\" is not a date"},
           {"/applies_to", nullptr, "field 'applies_to': missing"},
           {"/decision", "Nope",
            "field 'decision': no model of this version has a decision 'Nope'"},
           {"/refusal_form", "national", "field 'refusal_form': the only standard form known"},
           {"/supersedes", "x", "field 'supersedes': unknown field"},
           {"/legal_act", "Order No. 992", "field 'legal_act': unknown field"}}) {
    SCOPED_TRACE(c.pointer);
    ScratchPolicies scratch;
    scratch.Copy(version);
    scratch.SetField(version / "policy.json", c.pointer, c.value);
    ExpectLoadError(scratch, version / "policy.json", c.message);
  }
}

// docs/policies.md, "Legal basis": "enacted" links the act's text and dates it; "reported" says in
// its note what could not be found.
TEST(LoadTest, RefusesALegalBasisThatClaimsMoreThanItShows) {
  const fs::path policy = "kz/permanent-residence/2022-09-22/policy.json";
  struct Case {
    std::string pointer;
    nlohmann::json value;
    std::string message;
  };
  for (const Case& c : std::vector<Case>{
           {"/legal_basis/link", "", "\"enacted\" needs the link to the act's text"},
           {"/legal_basis/adopted", nullptr,
            "\"enacted\" needs the link to the act's text and the date"},
           {"/legal_basis/status", "in force", "field 'legal_basis.status': must be \"enacted\""},
           {"/legal_basis/status", nullptr, "field 'legal_basis.status': missing"},
           {"/legal_basis/published", "2015-01-01",
            "field 'legal_basis.published': is before the act"},
           {"/legal_basis/adopted", "2022-09-23",
            "field 'takes_effect': is before the act was adopted"}}) {
    SCOPED_TRACE(c.pointer + " " + c.value.dump());
    ScratchPolicies scratch;
    scratch.Copy("kz/permanent-residence/2022-09-22");
    scratch.SetField(policy, c.pointer, c.value);
    ExpectLoadError(scratch, policy, c.message);
  }
  {
    ScratchPolicies scratch;
    scratch.Copy("kz/permanent-residence/2022-09-22");
    scratch.SetField(policy, "/legal_basis/status", "reported");
    scratch.SetField(policy, "/legal_basis/note", "");
    ExpectLoadError(scratch, policy,
                    "field 'legal_basis.note': say what could not be found and what the model "
                    "rests on");
  }
  {  // An illustrative version needs neither link nor note.
    ScratchPolicies scratch;
    scratch.Copy("kz/permanent-residence/2022-09-22");
    scratch.SetField(policy, "/legal_basis/status", "illustrative");
    scratch.SetField(policy, "/legal_basis/link", "");
    scratch.SetField(policy, "/legal_basis/note", nullptr);
    auto lib = Library::Load(scratch.root());
    ASSERT_TRUE(lib) << lib.error().ToString();
    EXPECT_EQ(lib->Versions("KZ", "permanent-residence")[0].legal_basis.status,
              TextStatus::kIllustrative);
  }
}

TEST(LoadTest, AppliesToIsFiledOnOrAfterOrPending) {
  const fs::path policy = "lv/visa/2022-09-21/policy.json";
  {
    ScratchPolicies scratch;
    scratch.Copy("lv/visa/2022-09-21");
    scratch.SetField(policy, "/applies_to", "decided-on-or-after");
    ExpectLoadError(scratch, policy,
                    "field 'applies_to': must be \"filed-on-or-after\" or \"pending\", not "
                    "\"decided-on-or-after\"");
  }
  {
    ScratchPolicies scratch;
    scratch.Copy("lv/visa/2022-09-21");
    scratch.SetField(policy, "/applies_to", true);
    ExpectLoadError(scratch, policy, "field 'applies_to': must be a string");
  }
}

TEST(LoadTest, RefusesMalformedPurposesAndDocuments) {
  const fs::path version = "lv/visa/2020-01-01";
  const fs::path policy = version / "policy.json";
  struct Case {
    std::string pointer;
    nlohmann::json value;
    std::string message;
  };
  nlohmann::json ru_only = {{"ru", "Туризм"}};
  for (const Case& c : std::vector<Case>{
           {"/purposes", nlohmann::json::array(), "field 'purposes': must be a non-empty list"},
           {"/purposes", nullptr, "field 'purposes': missing"},
           {"/purposes/0/code", "Humanitarian", "field 'purposes[0].code': must be a code"},
           {"/purposes/1/code", "tourism", "field 'purposes[1].code': \"tourism\" is listed twice"},
           {"/purposes/0/label", ru_only, "field 'purposes[0].label': needs the English text"},
           {"/purposes/0/label/de", "Tourismus", "field 'purposes[0].label.de': not a language"},
           {"/purposes/0/colour", "red", "field 'purposes[0].colour': unknown field"},
           {"/documents", nlohmann::json::object(), "field 'documents': must name the passport"},
           {"/documents", nullptr, "field 'documents': missing"},
           {"/documents/Visa Photo",
            {{"en", "Photo"}},
            "field 'documents.Visa Photo': a document kind"},
           {"/documents/passport/en", "", "field 'documents.passport.en': must be a non-empty"}}) {
    SCOPED_TRACE(c.pointer);
    ScratchPolicies scratch;
    scratch.Copy(version);
    scratch.SetField(policy, c.pointer, c.value);
    ExpectLoadError(scratch, policy, c.message);
  }
}

TEST(LoadTest, RefusesAMissingOrMalformedJurisdictionJson) {
  const fs::path meta = "kz/jurisdiction.json";
  struct Case {
    std::string pointer;
    nlohmann::json value;
    std::string message;
  };
  for (const Case& c : std::vector<Case>{
           {"/time_zone", "Asia/Alma-Ata-6",
            "field 'time_zone': \"Asia/Alma-Ata-6\" is not an IANA"},
           {"/time_zone", "UTC+6", "field 'time_zone': \"UTC+6\" is not an IANA time zone"},
           {"/state", "KZ", "field 'state': the deciding state as an ISO 3166 alpha-3 code"},
           {"/state", "kaz", "field 'state': the deciding state as an ISO 3166 alpha-3 code"},
           {"/name", nullptr, "field 'name': missing"},
           {"/authority", "MVD", "field 'authority': must be an object of texts by language"},
           {"/appeal/period_days", 30, "give exactly one of period_days and period_months"},
           {"/appeal/period_months", nullptr, "give exactly one of period_days and period_months"},
           {"/appeal/period_months", 0, "field 'appeal.period_months': must be a whole number"},
           {"/appeal/basis", nullptr, "field 'appeal.basis': missing"},
           {"/appeal/court", "x", "field 'appeal.court': unknown field"},
           {"/currency", "KZT", "field 'currency': unknown field"}}) {
    SCOPED_TRACE(c.pointer + " " + c.value.dump());
    ScratchPolicies scratch;
    scratch.Copy("kz/temporary-residence");
    scratch.SetField(meta, c.pointer, c.value);
    ExpectLoadError(scratch, meta, c.message);
  }
  ScratchPolicies scratch;
  scratch.Copy("kz/temporary-residence");
  fs::remove(scratch.root() / meta);
  ExpectLoadError(scratch, meta, "missing: every jurisdiction folder says its time zone");
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
    scratch.Replace(dmn, "<rule id=\"lv-visa-eligible\">", "<rule>");
    auto lib = Library::Load(scratch.root());
    ASSERT_FALSE(lib);
    EXPECT_THAT(lib.error().ToString(), HasSubstr("a rule has no id"));
  }
  {  // The Citation column of the outcome table renamed: its rules give a Reason without one.
    ScratchPolicies scratch;
    scratch.Copy("lv/visa/2020-01-01");
    std::string text = scratch.Read(dmn);
    size_t table = text.find("<decisionTable id=\"t_outcome\"");
    ASSERT_NE(table, std::string::npos);
    size_t column = text.find("<annotation name=\"Citation\"/>", table);
    ASSERT_NE(column, std::string::npos);
    text.replace(column, 29, "<annotation name=\"Source\"/>");
    scratch.Write(dmn, text);
    auto lib = Library::Load(scratch.root());
    ASSERT_FALSE(lib);
    EXPECT_THAT(
        lib.error().ToString(),
        HasSubstr("rule 'lv-visa-documents-missing' has a Reason annotation but no Citation"));
  }
}

// Issue 15: an asylum procedure decides nothing. A rule that would refuse a claim keeps its version
// from loading, and `tamga policy check` names it (kind "automatic-refusal").
TEST(LoadTest, AnAsylumVersionWithARefusingRuleDoesNotLoad) {
  const fs::path dmn = "kz/asylum/2010-01-01/eligibility.dmn";
  ScratchPolicies scratch;
  scratch.Copy("kz/asylum/2010-01-01");
  ASSERT_TRUE(Library::Load(scratch.root())) << "the shipped version loads";
  scratch.Replace(dmn, "<outputEntry><text>\"protection-not-indicated\"</text></outputEntry>",
                  "<outputEntry><text>\"refuse\"</text></outputEntry>");
  auto lib = Library::Load(scratch.root());
  ASSERT_FALSE(lib);
  EXPECT_THAT(lib.error().ToString(), HasSubstr("only officers decide an asylum claim"));
  std::vector<dmn::ModelSource> sources = {{dmn.string(), scratch.Read(dmn)}};
  std::vector<dmn::TableFinding> findings = RuleFindings(sources, {}, /*asylum=*/true);
  ASSERT_FALSE(findings.empty());
  EXPECT_EQ(findings.front().kind, "automatic-refusal");
  // The same rule in an ordinary procedure is a refusal like any other.
  EXPECT_TRUE(std::ranges::none_of(RuleFindings(sources, {}, false),
                                   [](const auto& f) { return f.kind == "automatic-refusal"; }));
}

TEST(LoadTest, AnAsylumProcedureComesWithItsSectionAndOneDeadline) {
  const fs::path policy = "kz/asylum/2010-01-01/policy.json";
  {
    ScratchPolicies scratch;
    scratch.Copy("kz/asylum/2010-01-01");
    scratch.SetField(policy, "/asylum", nullptr);
    auto lib = Library::Load(scratch.root());
    ASSERT_FALSE(lib);
    EXPECT_THAT(lib.error().ToString(), HasSubstr("field 'asylum'"));
  }
  {
    ScratchPolicies scratch;
    scratch.Copy("kz/asylum/2010-01-01");
    scratch.SetField(policy, "/deadline_days", 90);
    auto lib = Library::Load(scratch.root());
    ASSERT_FALSE(lib);
    EXPECT_THAT(lib.error().ToString(), HasSubstr("either deadline_days or deadline_months"));
  }
  {
    ScratchPolicies scratch;
    scratch.Copy("kz/asylum/2010-01-01");
    scratch.SetField(policy, "/asylum/checklist/1/id", "outside-country");
    auto lib = Library::Load(scratch.root());
    ASSERT_FALSE(lib);
    EXPECT_THAT(lib.error().ToString(), HasSubstr("is listed twice"));
  }
}

// The shipped asylum versions: months counted as the laws count them, the legal questions of the
// Convention and of UNHCR's guidelines on military service, lodging in person, and, whatever the
// officer's answers, an outcome that is never a refusal (a sample of answer combinations, each
// question yes, no or unanswered).
TEST(LibraryTest, ShippedAsylumVersionsNeverRefuseWhateverTheAnswers) {
  const Library& lib = Shipped();
  auto kz = lib.InForce("KZ", "asylum", D("2022-09-28"));
  ASSERT_TRUE(kz) << kz.error().ToString();
  ASSERT_TRUE(kz->asylum);
  EXPECT_EQ(kz->deadline_months, 3);  // Law "On Refugees", Art. 11(1)
  EXPECT_EQ(kz->Deadline(D("2022-11-30")), D("2023-02-28"));
  EXPECT_FALSE(kz->asylum->online);
  auto lv = lib.InForce("LV", "asylum", D("2022-09-28"));
  ASSERT_TRUE(lv);
  EXPECT_EQ(lv->deadline_months, 6);  // Directive 2013/32/EU, Art. 31(3)
  for (const char* id :
       {"well-founded-fear", "conscientious-objection", "disproportionate-punishment",
        "acts-contrary-to-ihl", "exclusion-1f", "refoulement-risk"}) {
    EXPECT_TRUE(kz->asylum->FindQuestion(id)) << id;
    EXPECT_TRUE(lv->asylum->FindQuestion(id)) << id;
  }
  std::mt19937 random(15);
  for (const auto& [j, date] : {std::pair{"KZ", "2022-09-28"}, std::pair{"LV", "2022-09-28"},
                                std::pair{"LV", "2026-07-01"}}) {
    auto version = lib.InForce(j, "asylum", D(date));
    ASSERT_TRUE(version && version->asylum);
    std::set<std::string> seen;
    for (int sample = 0; sample < 300; ++sample) {
      nlohmann::json checklist = nlohmann::json::object();
      for (const ChecklistQuestion& q : version->asylum->checklist) {
        switch (random() % 3) {
          case 0:
            checklist[q.id] = "yes";
            break;
          case 1:
            checklist[q.id] = "no";
            break;
          default:
            checklist[q.id] = nullptr;
        }
      }
      auto d = lib.Decide(j, "asylum", D(date),
                          Inputs({{"Citizenships", {"RUS"}}, {"Checklist", checklist}}));
      ASSERT_TRUE(d) << d.error().ToString();
      EXPECT_NE(d->outcome, "refuse");
      EXPECT_NE(std::ranges::find(kAsylumOutcomes, d->outcome), std::end(kAsylumOutcomes))
          << d->outcome;
      seen.insert(d->outcome);
    }
    // Every outcome is reached: the sample exercises the table, not one corner of it.
    EXPECT_EQ(seen.size(), std::size(kAsylumOutcomes)) << j << " " << date;
  }
}

// Applicants read grounds in Russian too: a Reason without "Reason (ru)" and "Citation (ru)"
// columns does not load.
TEST(LoadTest, RefusesAReasonWithoutItsRussianText) {
  const fs::path dmn = "lv/visa/2020-01-01/eligibility.dmn";
  for (const char* column : {"Reason (ru)", "Citation (ru)"}) {
    SCOPED_TRACE(column);
    ScratchPolicies scratch;
    scratch.Copy("lv/visa/2020-01-01");
    std::string text = scratch.Read(dmn);
    std::string from = std::string("<annotation name=\"") + column + "\"/>";
    size_t at = text.find(from);  // the first table: Required Documents
    ASSERT_NE(at, std::string::npos);
    text.replace(at, from.size(), "<annotation name=\"Remark\"/>");
    scratch.Write(dmn, text);
    auto lib = Library::Load(scratch.root());
    ASSERT_FALSE(lib);
    EXPECT_THAT(lib.error().ToString(),
                HasSubstr("rule 'lv-visa-passport' has a Reason but no \"Reason (ru)\" and "
                          "\"Citation (ru)\" annotations"));
  }
}

TEST(LoadTest, RefusesAModelWithAnUnknownInputOrAFeelSyntaxError) {
  const fs::path dmn = "lv/visa/2020-01-01/eligibility.dmn";
  {
    ScratchPolicies scratch;
    scratch.Copy("lv/visa/2020-01-01");
    scratch.Replace(dmn, "\"Documents\"", "\"Papers\"");
    auto lib = Library::Load(scratch.root());
    ASSERT_FALSE(lib);
    // The checker finds the expressions that still use the old name first (issue 11).
    EXPECT_THAT(lib.error().ToString(), HasSubstr("unknown name 'Documents'"));
  }
  {
    ScratchPolicies scratch;
    scratch.Copy("lv/visa/2020-01-01");
    scratch.Replace(dmn, "count(Missing Documents)", "count(Missing Documents");
    auto lib = Library::Load(scratch.root());
    ASSERT_FALSE(lib);
    EXPECT_THAT(lib.error().ToString(), HasSubstr("does not load cleanly"));
  }
}

constexpr char kDocumentsModel[] = R"xml(<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20230324/MODEL/" id="documents" name="documents"
             namespace="urn:tamga:test:documents">
  <inputData id="i_kind" name="Application Kind"><variable name="Application Kind" typeRef="string"/></inputData>
  <decision id="d_required" name="Required Documents">
    <variable name="Required Documents"/>
    <informationRequirement id="r1"><requiredInput href="#i_kind"/></informationRequirement>
    <decisionTable id="t_required" hitPolicy="COLLECT">
      <input id="t_in"><inputExpression typeRef="string"><text>Application Kind</text></inputExpression></input>
      <output id="t_out" name="Document" typeRef="string"/>
      <annotation name="Citation (ru)"/>
      <annotation name="Citation"/>
      <annotation name="Reason"/>
      <annotation name="Reason (ru)"/>
      <rule id="xx-passport">
        <inputEntry><text>"visa"</text></inputEntry>
        <outputEntry><text>"passport"</text></outputEntry>
        <annotationEntry><text>Акт 1, ст. 2</text></annotationEntry>
        <annotationEntry><text>Act 1, art. 2</text></annotationEntry>
        <annotationEntry><text>A passport is required.</text></annotationEntry>
        <annotationEntry><text>Требуется паспорт.</text></annotationEntry>
      </rule>
      <rule id="xx-photo">
        <inputEntry><text>"visa"</text></inputEntry>
        <outputEntry><text>"photo"</text></outputEntry>
        <annotationEntry><text></text></annotationEntry>
        <annotationEntry><text>Act 1, art. 3</text></annotationEntry>
        <annotationEntry><text></text></annotationEntry>
        <annotationEntry><text></text></annotationEntry>
      </rule>
    </decisionTable>
  </decision>
</definitions>
)xml";

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

constexpr char kMinimalPolicyJson[] = R"({"title": "t",
  "legal_basis": {"act": "Act 1", "article": "art. 2", "adopted": null, "published": null,
                  "link": "", "status": "illustrative", "note": ""},
  "takes_effect": "2020-01-01", "applies_to": "filed-on-or-after", "decision": "Eligibility",
  "deadline_days": 10, "purposes": [{"code": "tourism", "label": {"en": "Tourism"}}],
  "documents": {"passport": {"en": "Passport"}, "photo": {"en": "Photo"}}})";

constexpr char kMinimalJurisdictionJson[] = R"({"name": {"en": "Exampleland"}, "state": "XXX",
  "time_zone": "Etc/UTC", "authority": {"en": "Visa office"},
  "appeal": {"body": {"en": "Court"}, "period_days": 14, "period": {"en": "14 days"},
             "basis": {"en": "Act 1, art. 9"}}})";

TEST(LoadTest, AVersionMaySpreadOverSeveralModels) {
  ScratchPolicies scratch;
  scratch.Write("xx/jurisdiction.json", kMinimalJurisdictionJson);
  scratch.Write("xx/visa/2020-01-01/documents.dmn", kDocumentsModel);
  scratch.Write("xx/visa/2020-01-01/eligibility.dmn", kEligibilityModel);
  scratch.Write("xx/visa/2020-01-01/policy.json", kMinimalPolicyJson);
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
  // Columns are read by name (in any order); the photo rule has no Reason.
  ASSERT_EQ(d->grounds.size(), 1u);
  EXPECT_EQ(d->grounds[0].rule_id, "xx-passport");
  EXPECT_EQ(d->grounds[0].reason, "A passport is required.");
  EXPECT_EQ(d->grounds[0].citation, "Act 1, art. 2");
  EXPECT_EQ(d->grounds[0].Reason("ru"), "Требуется паспорт.");
  EXPECT_EQ(d->grounds[0].Citation("ru"), "Акт 1, ст. 2");
  // Its output is a missing document: decisive.
  EXPECT_THAT(DecisiveIds(*d), ElementsAre("xx-passport"));
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

// ---------------------------------------------------------------------------------------------
// Policy tests (docs/policies.md, "Tests")

TEST(RunTestsTest, TheShippedPoliciesPassAndExerciseEveryRule) {
  auto report = RunTests(Shipped(), kPolicies);
  ASSERT_TRUE(report) << report.error().ToString();
  EXPECT_THAT(report->failures, IsEmpty());
  EXPECT_EQ(report->failed, 0);
  EXPECT_GE(report->passed, 82);
  EXPECT_THAT(report->unexercised, IsEmpty());
}

// Every shipped case says which grounds decide it: the grounds an applicant reads are tested.
TEST(RunTestsTest, EveryShippedCaseStatesItsDecisiveGrounds) {
  for (const auto& entry : fs::recursive_directory_iterator(kPolicies)) {
    if (entry.path().extension() != ".json" || entry.path().parent_path().filename() != "tests")
      continue;
    std::ifstream in(entry.path());
    nlohmann::json cases = nlohmann::json::parse(in);
    for (const nlohmann::json& c : cases) {
      EXPECT_TRUE(c.contains("expected_decisive_grounds"))
          << entry.path() << ": " << c.value("name", "?");
      EXPECT_TRUE(c.contains("expected_version")) << entry.path() << ": " << c.value("name", "?");
    }
  }
}

// The models handle absent details (null issued, expires, issuing state) without evaluation
// warnings, other than for inputs a case leaves out: a warning would mean that a comparison with
// null decided a case by accident.
TEST(RunTestsTest, TheShippedCasesDecideWithoutWarnings) {
  int decided = 0;
  for (const auto& entry : fs::recursive_directory_iterator(kPolicies)) {
    if (entry.path().extension() != ".json" || entry.path().parent_path().filename() != "tests")
      continue;
    const fs::path kind_dir = entry.path().parent_path().parent_path();
    const std::string kind = kind_dir.filename().string();
    const std::string jurisdiction = kind_dir.parent_path().filename().string();
    std::ifstream in(entry.path());
    for (const nlohmann::json& c : nlohmann::json::parse(in)) {
      if (!c.contains("filing_date")) continue;  // filed_at: the runner's local-date test covers it
      feel::Date filed = D(c["filing_date"].get<std::string>().c_str());
      std::optional<feel::Date> decided_on;
      if (c.contains("decided_on")) decided_on = D(c["decided_on"].get<std::string>().c_str());
      auto d = Shipped().Decide(jurisdiction, kind, filed, Inputs(c["inputs"]), decided_on);
      ASSERT_TRUE(d) << c["name"] << ": " << d.error().ToString();
      for (const std::string& w : d->warnings) {
        // An input the case does not give is null, with a warning (docs/policies.md, "Inputs").
        if (w.find("no value was given") == std::string::npos) {
          ADD_FAILURE() << entry.path() << ": " << c["name"] << ": " << w;
        }
      }
      ++decided;
    }
  }
  EXPECT_GT(decided, 70);
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
    "expected_decisive_grounds": ["lv-visa-passport"],
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
  EXPECT_THAT(line,
              HasSubstr("decisive grounds: expected [lv-visa-passport], got [lv-visa-eligible]"));
  EXPECT_THAT(line, HasSubstr("missing documents: expected [visa-photo], got []"));
  EXPECT_THAT(report->unexercised,
              UnorderedElementsAre("LV/visa/2020-01-01 rule lv-visa-documents-missing",
                                   "LV/visa/2020-01-01 rule lv-visa-passport-expired",
                                   "LV/visa/2020-01-01 rule lv-visa-passport-not-yet-issued",
                                   "LV/visa/2020-01-01 rule lv-visa-passport-rejected"));
}

// filed_at is an instant; the runner takes its local date in the jurisdiction's time zone (Riga
// was on UTC+3, summer time, in September 2022).
TEST(RunTestsTest, FiledAtIsCountedInTheJurisdictionsLocalCalendar) {
  ScratchPolicies scratch;
  scratch.Copy("lv/visa/2020-01-01");
  scratch.Copy("lv/visa/2022-09-21");
  scratch.Write("lv/visa/tests/midnight.json", R"([
    {"name": "23:59:59 in Riga on 2022-09-20", "filed_at": "2022-09-20T20:59:59Z",
     "inputs": {"Purpose": "tourism", "Citizenships": ["RUS"], "Documents": ["passport"]},
     "expected_version": "2020-01-01", "expected_outcome": "eligible",
     "expected_decisive_grounds": ["lv-visa-eligible"]},
    {"name": "00:00 in Riga on 2022-09-21", "filed_at": "2022-09-20T21:00:00Z",
     "inputs": {"Purpose": "tourism", "Citizenships": ["RUS"], "Documents": ["passport"]},
     "expected_version": "2022-09-21", "expected_outcome": "refuse",
     "expected_decisive_grounds": ["lv-visa-mobilisation-refusal"]},
    {"name": "the same instant written with Riga's offset", "filed_at": "2022-09-21T00:00:00+03:00",
     "inputs": {"Purpose": "tourism", "Citizenships": ["RUS"], "Documents": ["passport"]},
     "expected_version": "2022-09-21", "expected_outcome": "refuse"},
    {"name": "filed on the 19th, decided on the 22nd", "filed_at": "2022-09-19T12:00:00Z",
     "decided_on": "2022-09-22",
     "inputs": {"Purpose": "tourism", "Citizenships": ["RUS"], "Documents": ["passport"]},
     "expected_version": "2022-09-21", "expected_outcome": "refuse"}
  ])");
  auto lib = Library::Load(scratch.root());
  ASSERT_TRUE(lib) << lib.error().ToString();
  auto report = RunTests(*lib, scratch.root());
  ASSERT_TRUE(report) << report.error().ToString();
  EXPECT_THAT(report->failures, IsEmpty());
  EXPECT_EQ(report->passed, 4);

  // In Almaty (UTC+6 in 2022) the same instant 2022-09-21T18:00:00Z is already the 22nd.
  auto kz = RunKindTests(Shipped(), "KZ", "permanent-residence",
                         kPolicies / "kz/permanent-residence/no-such-folder", {{"almaty", R"([
    {"name": "17:59:59Z", "filed_at": "2022-09-21T17:59:59Z",
     "inputs": {"Citizenships": ["RUS"], "Documents": ["passport"]},
     "expected_version": "2020-01-01", "expected_outcome": "eligible"},
    {"name": "18:00:00Z", "filed_at": "2022-09-21T18:00:00Z",
     "inputs": {"Citizenships": ["RUS"], "Documents": ["passport"]},
     "expected_version": "2022-09-22", "expected_outcome": "documents-missing",
     "expected_missing_documents": ["no-objection-certificate"]}])"}});
  ASSERT_TRUE(kz) << kz.error().ToString();
  EXPECT_THAT(kz->failures, IsEmpty());
  EXPECT_EQ(kz->passed, 2);
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

  struct Case {
    std::string json;
    std::string message;
  };
  for (const Case& c : std::vector<Case>{
           {R"([{"name": "n", "filed_at": "2022-09-21T18:00:00", "inputs": {},
                 "expected_outcome": "eligible"}])",
            "field 'filed_at' must be an instant with its offset"},
           {R"([{"name": "n", "filing_date": "2022-09-21", "filed_at": "2022-09-21T18:00:00Z",
                 "inputs": {}, "expected_outcome": "eligible"}])",
            "give either 'filing_date'"},
           {R"([{"name": "n", "inputs": {}, "expected_outcome": "eligible"}])",
            "give either 'filing_date'"},
           {R"([{"name": "n", "filing_date": "2022-09-21", "decided_on": "2022-09-20",
                 "inputs": {}, "expected_outcome": "eligible"}])",
            "field 'decided_on' is before the filing date"},
           {R"([{"name": "n", "filing_date": "2022-09-21", "inputs": {},
                 "expected_outcome": "eligible", "expected_decisive_grounds": "x"}])",
            "field 'expected_decisive_grounds' must be a list"}}) {
    SCOPED_TRACE(c.message);
    auto checked = CheckTestFile({"t.json", c.json});
    ASSERT_FALSE(checked);
    EXPECT_THAT(checked.error().ToString(), HasSubstr(c.message));
  }
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
  d.legal_basis.act = "draft act";
  d.legal_basis.article = "draft article";
  d.legal_basis.status = TextStatus::kIllustrative;
  d.decision = "Eligibility";
  d.deadline_days = 45;
  d.purposes = {{"study", {{"en", "Study"}, {"ru", "Обучение"}}}};
  d.documents = {{"passport", {{"en", "Passport"}}}};
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
  EXPECT_EQ(versions[1].legal_basis.status, TextStatus::kIllustrative);
  EXPECT_NE(versions[1].FindPurpose("study"), nullptr);
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
  Draft enacted_without_link = TemporaryResidenceDraft("2023-06-01");
  enacted_without_link.legal_basis.status = TextStatus::kEnacted;
  auto refused = shipped.WithDraft(enacted_without_link, kPolicies);
  ASSERT_FALSE(refused.has_value());
  EXPECT_THAT(refused.error().ToString(), HasSubstr("field 'legal_basis.status'"));
  Draft unknown_jurisdiction = TemporaryResidenceDraft("2023-06-01");
  unknown_jurisdiction.jurisdiction = "UZ";
  auto unknown = shipped.WithDraft(unknown_jurisdiction, kPolicies);
  ASSERT_FALSE(unknown.has_value());
  EXPECT_THAT(unknown.error().ToString(), HasSubstr("unknown jurisdiction UZ"));
}

TEST(DraftTest, PolicyJsonWritesEveryField) {
  Draft d = TemporaryResidenceDraft("2023-06-01");
  d.legal_basis.adopted = D("2023-05-01");
  d.applies_to = AppliesTo::kPending;
  d.refusal_form = "schengen-annex-vi";
  nlohmann::json j = nlohmann::json::parse(PolicyJson(d));
  EXPECT_EQ(j["legal_basis"]["status"], "illustrative");
  EXPECT_EQ(j["legal_basis"]["adopted"], "2023-05-01");
  EXPECT_TRUE(j["legal_basis"]["published"].is_null());
  EXPECT_EQ(j["applies_to"], "pending");
  EXPECT_EQ(j["purposes"][0]["label"]["ru"], "Обучение");
  EXPECT_EQ(j["documents"]["passport"]["en"], "Passport");
  EXPECT_EQ(j["refusal_form"], "schengen-annex-vi");
  EXPECT_FALSE(nlohmann::json::parse(PolicyJson(TemporaryResidenceDraft("2023-06-01")))
                   .contains("refusal_form"));
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
      "expected_outcome": "documents-missing", "expected_grounds": ["kz-tr-passport"],
      "expected_decisive_grounds": ["kz-tr-passport", "kz-tr-documents-missing"]}])"};
  DraftReport report =
      TryDraft(Shipped(), kPolicies, TemporaryResidenceDraft("2023-06-01"), {extra});
  ASSERT_TRUE(report.loaded) << report.error;
  // The shipped cases of the kind are all filed before the draft takes effect.
  int shipped_cases = 0;
  {
    std::ifstream in(kPolicies / "kz/temporary-residence/tests/baseline.json");
    shipped_cases = static_cast<int>(nlohmann::json::parse(in).size());
  }
  EXPECT_EQ(report.tests.passed, shipped_cases + 1);
  EXPECT_EQ(report.tests.failed, 0);
  EXPECT_THAT(report.tests.failures, IsEmpty());
  // The draft's own rules: only the missing passport was exercised.
  EXPECT_THAT(report.tests.unexercised,
              Contains("KZ/temporary-residence/2023-06-01 rule kz-tr-passport-expired"));
  EXPECT_THAT(report.tests.unexercised,
              Not(Contains("KZ/temporary-residence/2020-01-01 rule kz-tr-passport-expired")));
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

namespace tamga::policy {
namespace {

// Every case of every shipped kind's tests, `repeat` times over.
std::vector<Library::CaseInputs> ShippedCases(const std::string& jurisdiction,
                                              const std::string& kind, int repeat) {
  std::vector<Library::CaseInputs> cases;
  std::string j = jurisdiction;
  std::transform(j.begin(), j.end(), j.begin(), [](unsigned char c) { return std::tolower(c); });
  for (int r = 0; r < repeat; ++r) {
    for (const auto& entry : fs::directory_iterator(kPolicies / j / kind / "tests")) {
      std::ifstream in(entry.path());
      for (const nlohmann::json& c : nlohmann::json::parse(in)) {
        // Cases that give the instant of filing (filed_at) are left to RunTests.
        if (!c.contains("filing_date") || !c.contains("inputs")) continue;
        cases.push_back({D(c["filing_date"].get<std::string>().c_str()), Inputs(c["inputs"])});
      }
    }
  }
  return cases;
}

// A batch decides each case as Decide does under the same version, whatever the number of threads.
// Issue 12: what a policy author must give each rule. The shipped versions have every reason and
// citation; a rule that requires a document without its Russian citation, and a rule left with the
// modeler's generated id, are errors naming the rule and its line.
TEST(RuleFindingsTest, ARequirementNeedsItsTextsAndEveryRuleAReadableId) {
  const Version v = Shipped().Versions("KZ", "temporary-residence").front();
  std::string xml;
  for (const VersionFile& f : Shipped().Files(v))
    if (f.name == "eligibility.dmn") xml = f.content;
  ASSERT_FALSE(xml.empty());
  EXPECT_THAT(RuleFindings(std::vector<dmn::ModelSource>{{"eligibility.dmn", xml}}, v.documents),
              ::testing::IsEmpty());

  // The generated id, and kz-tr-passport-expired's Russian citation (its fourth cell) emptied.
  std::string changed = xml;
  const std::string id = R"(id="kz-tr-passport")";
  changed.replace(changed.find(id), id.size(), R"(id="DecisionRule_1ggdz7c")");
  size_t rule = changed.find(R"(<rule id="kz-tr-passport-expired">)");
  ASSERT_NE(rule, std::string::npos);
  size_t cell = rule;
  for (int i = 0; i < 4; ++i) cell = changed.find("<annotationEntry><text>", cell + 1);
  size_t text = cell + std::string("<annotationEntry><text>").size();
  changed.erase(text, changed.find("</text>", text) - text);
  auto findings =
      RuleFindings(std::vector<dmn::ModelSource>{{"eligibility.dmn", changed}}, v.documents);
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].kind, "rule-id");
  EXPECT_EQ(findings[0].rules, std::vector<std::string>{"DecisionRule_1ggdz7c"});
  EXPECT_EQ(findings[0].line, 77);
  EXPECT_EQ(findings[1].kind, "citation");
  EXPECT_EQ(findings[1].rules, std::vector<std::string>{"kz-tr-passport-expired"});
  EXPECT_EQ(findings[1].line, 115);
  EXPECT_THAT(findings[1].message,
              HasSubstr("produces the required document \"passport\" without Citation (ru)"));
  for (const auto& f : findings) EXPECT_EQ(f.severity, dmn::TableFinding::Severity::kError);
}

// Issue 12: a new requirement (the scenario of the issue: a medical certificate) is refused until
// its rule has its texts and the version names the document in English and Russian.
TEST(RuleFindingsTest, ANewRequiredDocumentNeedsItsNameAndTexts) {
  const Version v = Shipped().Versions("KZ", "temporary-residence").front();
  std::string xml;
  for (const VersionFile& f : Shipped().Files(v))
    if (f.name == "eligibility.dmn") xml = f.content;
  const size_t end = xml.find("</decisionTable>", xml.find(R"(<rule id="kz-tr-passport">)"));
  ASSERT_NE(end, std::string::npos);
  std::string bare = xml, texts = xml;
  bare.insert(end, R"(<rule id="kz-tr-medical"><inputEntry><text>-</text></inputEntry>)"
                   R"(<outputEntry><text>"medical-certificate"</text></outputEntry></rule>)");
  texts.insert(end, R"(<rule id="kz-tr-medical"><inputEntry><text>-</text></inputEntry>)"
                    R"(<outputEntry><text>"medical-certificate"</text></outputEntry>)"
                    R"(<annotationEntry><text>A medical certificate.</text></annotationEntry>)"
                    R"(<annotationEntry><text>Order 1, art. 2</text></annotationEntry>)"
                    R"(<annotationEntry><text>Медицинская справка.</text></annotationEntry>)"
                    R"(<annotationEntry><text>Приказ 1, ст. 2</text></annotationEntry></rule>)");
  auto findings =
      RuleFindings(std::vector<dmn::ModelSource>{{"eligibility.dmn", bare}}, v.documents);
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].kind, "document-name");
  EXPECT_EQ(findings[0].rules, std::vector<std::string>{"kz-tr-medical"});
  EXPECT_THAT(findings[0].message, HasSubstr("\"medical-certificate\""));
  EXPECT_EQ(findings[1].kind, "citation");
  EXPECT_THAT(findings[1].message,
              HasSubstr("without Reason, Citation, Reason (ru) and Citation (ru)"));

  findings = RuleFindings(std::vector<dmn::ModelSource>{{"eligibility.dmn", texts}}, v.documents);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].kind, "document-name");
  auto named = v.documents;
  named["medical-certificate"] = {{"en", "Medical certificate"}};
  EXPECT_EQ(RuleFindings(std::vector<dmn::ModelSource>{{"eligibility.dmn", texts}}, named).size(),
            1u)
      << "the Russian name is missing";
  named["medical-certificate"]["ru"] = "Медицинская справка";
  EXPECT_THAT(RuleFindings(std::vector<dmn::ModelSource>{{"eligibility.dmn", texts}}, named),
              ::testing::IsEmpty());
}

TEST(DecideBatchTest, DecidesEveryShippedCaseAsDecideDoesOnAnyNumberOfThreads) {
  int compared = 0;
  for (const std::string& j : Shipped().Jurisdictions()) {
    for (const std::string& k : Shipped().Kinds(j)) {
      auto cases = ShippedCases(j, k, 5);
      ASSERT_FALSE(cases.empty()) << j << "/" << k;
      for (const Version& v : Shipped().Versions(j, k)) {
        auto four = Shipped().DecideBatch(v, cases, 4, true);
        auto one = Shipped().DecideBatch(v, cases, 1, true);
        auto untraced = Shipped().DecideBatch(v, cases, 2);
        auto bare = Shipped().DecideBatch(v, cases, 2, false, /*with_texts=*/false);
        ASSERT_EQ(four.size(), cases.size());
        ASSERT_EQ(one.size(), cases.size());
        for (size_t i = 0; i < cases.size(); ++i) {
          ASSERT_TRUE(four[i]) << v.id() << " case " << i << ": " << four[i].error().ToString();
          ASSERT_TRUE(one[i]);
          EXPECT_EQ(four[i]->trace_json, one[i]->trace_json) << v.id() << " case " << i;
          ASSERT_TRUE(untraced[i]);
          EXPECT_EQ(untraced[i]->outcome, four[i]->outcome);
          EXPECT_EQ(GroundIds(*untraced[i]), GroundIds(*four[i]));
          EXPECT_EQ(untraced[i]->trace_json, "");
          // Without texts: the same outcome, documents and rule ids, and no reasons.
          ASSERT_TRUE(bare[i]);
          EXPECT_EQ(bare[i]->outcome, four[i]->outcome);
          EXPECT_EQ(bare[i]->missing_documents, four[i]->missing_documents);
          EXPECT_EQ(GroundIds(*bare[i]), GroundIds(*four[i]));
          EXPECT_EQ(DecisiveIds(*bare[i]), DecisiveIds(*four[i]));
          for (const Ground& g : bare[i]->decisive_grounds) EXPECT_EQ(g.reason, "");
          auto applicable = Shipped().Applicable(j, k, cases[i].filing_date, cases[i].filing_date);
          if (!applicable || applicable->id() != v.id()) continue;
          auto single = Shipped().Decide(j, k, cases[i].filing_date, cases[i].inputs);
          ASSERT_TRUE(single);
          EXPECT_EQ(four[i]->outcome, single->outcome) << v.id() << " case " << i;
          EXPECT_EQ(GroundIds(*four[i]), GroundIds(*single));
          EXPECT_EQ(four[i]->trace_json, single->trace_json);
          ++compared;
        }
      }
    }
  }
  EXPECT_GT(compared, 100);
}

TEST(DecideBatchTest, AnIllTypedCaseFailsAloneAndAnUnknownVersionFailsEveryCase) {
  auto cases = ShippedCases("KZ", "permanent-residence", 1);
  ASSERT_GE(cases.size(), 2u);
  cases[1].inputs.Set("Citizenships", feel::Value(7));
  auto versions = Shipped().Versions("KZ", "permanent-residence");
  auto decided = Shipped().DecideBatch(versions.back(), cases, 2);
  ASSERT_EQ(decided.size(), cases.size());
  EXPECT_TRUE(decided[0]);
  ASSERT_FALSE(decided[1]);
  EXPECT_THAT(decided[1].error().ToString(), HasSubstr("Citizenships"));
  Version unknown = versions.back();
  unknown.takes_effect = D("2099-01-01");
  for (const auto& d : Shipped().DecideBatch(unknown, cases, 2)) EXPECT_FALSE(d);
}

}  // namespace
}  // namespace tamga::policy
