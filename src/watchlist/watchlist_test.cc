// Tests of list parsing (FtM, CSV), versioned import into a real SQLite file, person comparison
// and the blocking index.
#include "watchlist/watchlist.h"

#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "audit/audit.h"
#include "base/temp_dir.h"

namespace tamga::watchlist {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr const char* kFtm =
    R"({"id":"os-1","schema":"Person","properties":{"name":["Иванов Юрий Петрович"],"alias":["IOURI IVANOV"],"birthDate":["1979-04-12"],"nationality":["ru"],"passportNumber":["71 1234567"],"topics":["sanction"],"program":["EU 269/2014"]}})"
    "\n"
    R"({"id":"os-2","schema":"Company","properties":{"name":["Roga i Kopyta LLC"]}})"
    "\n"
    "\n"
    R"({"id":"os-3","schema":"Person","properties":{"name":["Petrova Anna"],"birthDate":["1985"],"topics":["wanted"],"notes":["Wanted for fraud"]}})"
    "\n";

TEST(ParseFtm, PersonsWithAliasesDatesNationalityAndDocuments) {
  auto parsed = ParseFtm(kFtm);
  ASSERT_TRUE(parsed) << parsed.error()[0].message;
  EXPECT_EQ(parsed->skipped, 1);  // the company
  ASSERT_EQ(parsed->subjects.size(), 2u);
  const Subject& s = parsed->subjects[0];
  EXPECT_EQ(s.id, "os-1");
  EXPECT_THAT(s.person.names, ElementsAre("Иванов Юрий Петрович", "IOURI IVANOV"));
  EXPECT_THAT(s.person.birth_dates, ElementsAre("1979-04-12"));
  EXPECT_THAT(s.person.citizenships, ElementsAre("RUS"));  // FtM writes ISO alpha-2
  EXPECT_THAT(s.person.documents, ElementsAre("71 1234567"));
  EXPECT_EQ(s.legal_basis, "EU 269/2014");
  EXPECT_EQ(parsed->subjects[1].reason, "Wanted for fraud");
}

TEST(ParseFtm, BrokenLinesFailTheWholeFileWithLineNumbers) {
  std::string text =
      std::string(kFtm) + "{not json\n" +
      R"({"id":"os-9","schema":"Person","properties":{"name":["X Y"],"birthDate":["1985-13-01"]}})" +
      "\n" + R"({"id":"os-10","schema":"Person","properties":{"alias":["X"]}})" + "\n";
  auto parsed = ParseFtm(text);
  ASSERT_FALSE(parsed);
  ASSERT_EQ(parsed.error().size(), 3u);
  EXPECT_EQ(parsed.error()[0].line, 5);
  EXPECT_EQ(parsed.error()[1].line, 6);
  EXPECT_EQ(parsed.error()[1].column, "birthDate");
  EXPECT_EQ(parsed.error()[2].line, 7);
  EXPECT_EQ(parsed.error()[2].column, "name");
}

TEST(ParseCsv, NationalListWithAnyScriptPartialDatesAndSeveralValues) {
  auto parsed = ParseCsv(
      "id,name,aliases,birth_date,citizenship,documents,reason,legal_basis\n"
      "LV-1,Иванов Юрий,\"IVANOV YURIY; IOURI IVANOV\",1979,RUS,7112345678,Threat to security,"
      "\"Immigration Law, Section 61\"\n"
      "LV-2,Kuznetsova Olga,,1990-07,\"RUS;BLR\",,,\n");
  ASSERT_TRUE(parsed) << parsed.error()[0].message;
  ASSERT_EQ(parsed->subjects.size(), 2u);
  EXPECT_THAT(parsed->subjects[0].person.names,
              ElementsAre("Иванов Юрий", "IVANOV YURIY", "IOURI IVANOV"));
  EXPECT_EQ(parsed->subjects[0].legal_basis, "Immigration Law, Section 61");
  EXPECT_THAT(parsed->subjects[1].person.citizenships, ElementsAre("RUS", "BLR"));
  EXPECT_THAT(parsed->subjects[1].person.birth_dates, ElementsAre("1990-07"));
}

TEST(ParseCsv, MissingColumnsAndBadValuesNameLineAndColumn) {
  auto no_name = ParseCsv("id,birth_date\nA,1980\n");
  ASSERT_FALSE(no_name);
  EXPECT_EQ(no_name.error()[0].line, 1);
  EXPECT_EQ(no_name.error()[0].column, "name");

  auto bad = ParseCsv(
      "id,name,birth_date,citizenship\n"
      "A,Ivanov Ivan,1980-02-30,RUS\n"
      "B,Petrov Petr,1980,ZZZ\n"
      "C,Sidorov\n"
      "A,Again,,\n");
  ASSERT_FALSE(bad);
  ASSERT_EQ(bad.error().size(), 4u);
  EXPECT_EQ(bad.error()[0].line, 2);
  EXPECT_EQ(bad.error()[0].column, "birth_date");
  EXPECT_EQ(bad.error()[1].line, 3);
  EXPECT_EQ(bad.error()[1].column, "citizenship");
  EXPECT_EQ(bad.error()[2].line, 4);
  EXPECT_THAT(bad.error()[2].message, HasSubstr("2 fields"));
  EXPECT_EQ(bad.error()[3].line, 5);
  EXPECT_EQ(bad.error()[3].column, "id");

  auto latin1 = ParseCsv("id,name\nA,M\xfcller Hans\n");  // Latin-1, not UTF-8
  ASSERT_FALSE(latin1);
  EXPECT_EQ(latin1.error()[0].line, 2);
  EXPECT_THAT(latin1.error()[0].message, HasSubstr("UTF-8"));
  EXPECT_FALSE(ParseCsv(""));
  EXPECT_FALSE(ParseCsv("id,name,nickname\n"));  // an unknown column is a typo until shown not
}

Person P(std::vector<std::string> names, std::vector<std::string> dates = {},
         std::vector<std::string> citizenships = {}, std::vector<std::string> documents = {}) {
  return Person{std::move(names), std::move(dates), std::move(citizenships), std::move(documents)};
}

double Score(const Person& a, const Person& b) {
  return ComparePersons(PreparedPerson(a), PreparedPerson(b)).score;
}

TEST(ComparePersons, BirthDatesRaiseOrLowerTheNameScore) {
  Person listed = P({"Иванов Юрий Петрович"}, {"1979-04-12"}, {"RUS"});
  // The same person under the 1997-2010 passport spelling, without the patronymic.
  PersonMatch same = ComparePersons(PreparedPerson(listed),
                                    PreparedPerson(P({"YURIY IVANOV"}, {"1979-04-12"}, {"RUS"})));
  EXPECT_GE(same.score, kHitThreshold);
  EXPECT_GT(same.score, same.name_score);
  ASSERT_EQ(same.factors.size(), 2u);
  EXPECT_EQ(same.factors[0].name, "birth-date");
  EXPECT_DOUBLE_EQ(same.factors[0].effect, 0.08);
  // A namesake born in another year is not a hit.
  EXPECT_LT(Score(listed, P({"IURII IVANOV"}, {"1991-04-12"}, {"RUS"})), kHitThreshold);
  // Day and month swapped still counts for the person.
  PersonMatch swapped =
      ComparePersons(PreparedPerson(listed), PreparedPerson(P({"IURII IVANOV"}, {"1979-12-04"})));
  ASSERT_FALSE(swapped.factors.empty());
  EXPECT_THAT(swapped.factors[0].detail, HasSubstr("swapped"));
  EXPECT_GE(swapped.score, kHitThreshold);
  // A year-only list date agrees with a full date of that year.
  PersonMatch partial = ComparePersons(PreparedPerson(P({"Petrova Anna"}, {"1985"})),
                                       PreparedPerson(P({"ANNA PETROVA"}, {"1985-06-01"})));
  ASSERT_EQ(partial.factors.size(), 1u);
  EXPECT_DOUBLE_EQ(partial.factors[0].effect, 0.03);
  EXPECT_DOUBLE_EQ(partial.score, 1.0);  // clamped
}

TEST(ComparePersons, AliasesAndDocumentNumbers) {
  Person listed = P({"Smith John", "Иван Кузнецов"}, {}, {}, {"AB 123 4567"});
  PersonMatch m = ComparePersons(PreparedPerson(listed), PreparedPerson(P({"KUZNETSOV IVAN"})));
  EXPECT_GE(m.score, kHitThreshold);
  EXPECT_EQ(m.left_name, "Иван Кузнецов");  // the alias matched
  // The same document number under an unrelated name is worth an officer's look.
  PersonMatch doc = ComparePersons(PreparedPerson(listed),
                                   PreparedPerson(P({"SMYTHE JONATHAN"}, {}, {}, {"AB1234567"})));
  ASSERT_FALSE(doc.factors.empty());
  EXPECT_EQ(doc.factors.back().name, "document");
  EXPECT_GT(doc.score, doc.name_score + 0.2);
}

TEST(PersonIndex, FindsSpellingVariantsAndTyposWithTheSameBirthDate) {
  std::vector<Person> people = {
      P({"Иванов Юрий Петрович"}, {"1979-04-12"}),  // 0
      P({"Petrov Ivan"}, {"1980-01-01"}),           // 1
      P({"Ivanova Maria"}, {"1979-04-12"}),         // 2
      P({"Sidorov Oleg"}, {}, {}, {"7112345678"}),  // 3
      P({"Kuznetsov Yuriy"}, {"1979-04-12"}),       // 4
  };
  PersonIndex index;
  for (uint32_t i = 0; i < people.size(); ++i) index.Add(i, PreparedPerson(people[i]));
  EXPECT_EQ(index.size(), 5u);
  auto found = [&](const Person& q) { return index.Candidates(PreparedPerson(q)); };
  // Two parts in common (IOURI ~ Юрий, IVANOV ~ Иванов): found first.
  auto c = found(P({"IOURI IVANOV"}));
  ASSERT_FALSE(c.empty());
  EXPECT_EQ(c[0], 0u);
  // One part in common is not enough on its own...
  EXPECT_THAT(found(P({"IURII SMIRNOV"})), ::testing::IsEmpty());
  // ...unless the full birth date is the same (a typo in the other part).
  auto typo = found(P({"IURII IVANOB"}, {"1979-04-12"}));
  EXPECT_THAT(typo, ::testing::Contains(0u));
  EXPECT_THAT(typo, ::testing::Contains(4u));
  // The document number alone finds the person.
  EXPECT_THAT(found(P({"Somebody Else"}, {}, {}, {"71 12345678"})), ElementsAre(3u));
}

class ImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = store::Database::OpenSqlite(dir_.File("tamga.db"));
    ASSERT_TRUE(db) << db.error().message;
    db_ = std::move(*db);
    std::vector<store::Migration> schema = {audit::Schema(), Schema(), audit::StateSchema()};
    ASSERT_TRUE(db_->Migrate(schema));
  }
  std::expected<Version, store::Error> ImportCsv(const std::string& csv, std::string at) {
    auto parsed = ParseCsv(csv);
    EXPECT_TRUE(parsed);
    ImportRequest r{"lv-entry-bans",
                    ListKind::kEntryBan,
                    "Immigration Law, Section 61",
                    std::vector<std::string>{"LV"},
                    "csv",
                    "hash",
                    "cli",
                    std::move(at)};
    return Import(*db_, r, *parsed);
  }
  base::TempDir dir_{"tamga-watchlist"};
  std::unique_ptr<store::Database> db_;
};

TEST_F(ImportTest, EachImportIsAVersionThatKnowsWhatChanged) {
  auto v1 = ImportCsv("id,name,birth_date\nA,Ivanov Ivan,1980\nB,Petrov Petr,1970\n",
                      "2026-01-01T00:00:00.000Z");
  ASSERT_TRUE(v1) << v1.error().message;
  EXPECT_EQ(v1->version, 1);
  EXPECT_EQ(v1->added, 2);
  auto v2 = ImportCsv("id,name,birth_date\nA,Ivanov Ivan,1981\nC,Sidorov Oleg,1960\n",
                      "2026-01-02T00:00:00.000Z");
  ASSERT_TRUE(v2) << v2.error().message;
  EXPECT_EQ(v2->version, 2);
  EXPECT_EQ(v2->added, 1);
  EXPECT_EQ(v2->changed, 1);
  EXPECT_EQ(v2->removed, 1);
  EXPECT_EQ(v2->entries, 2);

  std::vector<std::string> current;
  ASSERT_TRUE(ForEachCurrentEntry(*db_, [&](ListedSubject&& s) {
    current.push_back(s.subject.id + "@" + std::to_string(s.version));
    EXPECT_EQ(s.legal_basis, "Immigration Law, Section 61");
    EXPECT_THAT(s.jurisdictions, ElementsAre("LV"));
  }));
  EXPECT_THAT(current, ::testing::UnorderedElementsAre("A@2", "C@2"));
  auto changed = ChangedIn(*db_, "lv-entry-bans", 2);
  ASSERT_TRUE(changed);
  EXPECT_EQ(changed->size(), 2u);

  auto pending = NotRescreened(*db_);
  ASSERT_TRUE(pending);
  EXPECT_EQ(pending->size(), 2u);
  EXPECT_EQ(Generation(*db_).value_or(0), 2);

  // Both imports are in the audit chain, which verifies.
  auto tx = db_->Begin();
  ASSERT_TRUE(tx);
  audit::VerifyReport report = audit::Verify(*tx);
  EXPECT_EQ(report.entries_checked, 2);
  EXPECT_FALSE(report.first_bad_seq);
}

TEST_F(ImportTest, ANewListNeedsAKind) {
  auto parsed = ParseCsv("id,name\nA,Ivanov Ivan\n");
  ASSERT_TRUE(parsed);
  ImportRequest r;
  r.name = "unknown";
  r.format = "csv";
  auto v = Import(*db_, r, *parsed);
  ASSERT_FALSE(v);
  EXPECT_THAT(v.error().message, HasSubstr("kind"));
  auto lists = Lists(*db_);
  ASSERT_TRUE(lists);
  EXPECT_TRUE(lists->empty());
}

}  // namespace
}  // namespace tamga::watchlist
