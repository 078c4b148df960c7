#include "identity/names.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace tamga::identity {
namespace {

const PartEvidence* Find(const NameMatch& m, std::string_view left) {
  for (const PartEvidence& p : m.parts) {
    if (p.left == left) return &p;
  }
  return nullptr;
}

TEST(Names, AllYuriSpellingsMatchPairwise) {
  const std::vector<std::string> spellings = {"IOURI", "YURIY", "IURII", "Yuriy", "Ûrij", "Юрий"};
  for (const std::string& a : spellings) {
    for (const std::string& b : spellings) {
      NameMatch m = MatchNames(a, b);
      EXPECT_GE(m.score, kDefaultThreshold) << a << " vs " << b;
      ASSERT_EQ(m.parts.size(), 1u) << a << " vs " << b;
      EXPECT_NE(m.parts[0].how, PartMatch::kNone);
    }
  }
}

TEST(Names, TransliterationEvidenceNamesTheSystem) {
  NameMatch m = MatchNames("Юрий", "YURIY");
  ASSERT_EQ(m.parts.size(), 1u);
  EXPECT_EQ(m.parts[0].how, PartMatch::kTransliteration);
  EXPECT_NE(m.parts[0].detail.find("MVD 1997-2010"), std::string::npos) << m.parts[0].detail;
  EXPECT_EQ(MatchNames("Юрий", "IOURI").parts[0].how, PartMatch::kTransliteration);
  EXPECT_EQ(MatchNames("Юрий", "Ûrij").parts[0].how, PartMatch::kTransliteration);
  EXPECT_EQ(MatchNames("Сергей", "SERGUEI").parts[0].how, PartMatch::kTransliteration);
  EXPECT_EQ(MatchNames("IOURI", "IURII").parts[0].how, PartMatch::kPhonetic);
}

TEST(Names, OrderDoesNotMatter) {
  NameMatch m = MatchNames("IVANOV IURII", "Юрий Иванов");
  EXPECT_GE(m.score, 0.95);
  ASSERT_EQ(m.parts.size(), 2u);
  const PartEvidence* surname = Find(m, "IVANOV");
  ASSERT_NE(surname, nullptr);
  EXPECT_EQ(surname->right, "ИВАНОВ");
  EXPECT_EQ(surname->how, PartMatch::kTransliteration);
  const PartEvidence* given = Find(m, "IURII");
  ASSERT_NE(given, nullptr);
  EXPECT_EQ(given->right, "ЮРИЙ");
  EXPECT_TRUE(m.unmatched_left.empty());
  EXPECT_TRUE(m.unmatched_right.empty());
  EXPECT_DOUBLE_EQ(m.score, MatchNames("Юрий Иванов", "IVANOV IURII").score);
}

TEST(Names, SeparatorsAndHonorifics) {
  EXPECT_GE(MatchNames("IVANOV<<IURII", "Mr. Yuriy Ivanov").score, kDefaultThreshold);
  EXPECT_GE(MatchNames("Ivanov, Iurii", "IURII IVANOV").score, 0.95);
  EXPECT_GE(MatchNames("Rimsky-Korsakov Nikolai", "NIKOLAI RIMSKY KORSAKOV").score, 0.95);
}

TEST(Names, DroppedPatronymicCostsLittle) {
  NameMatch m = MatchNames("Иванов Юрий Сергеевич", "IURII IVANOV");
  EXPECT_GE(m.score, kDefaultThreshold);
  EXPECT_GE(m.score, 0.9);
  EXPECT_EQ(m.parts.size(), 2u);
  EXPECT_EQ(m.unmatched_left, std::vector<std::string>{"СЕРГЕЕВИЧ"});
  EXPECT_GE(MatchNames("IVANOVA TATIANA IVANOVNA", "Татьяна Иванова").score, kDefaultThreshold);
}

TEST(Names, DifferentPatronymicsDoNotMatch) {
  EXPECT_LT(MatchNames("Иванов Юрий Сергеевич", "Иванов Юрий Петрович").score, kDefaultThreshold);
}

// Decision: a feminine surname against the masculine form, with the same given name, is the same
// person recorded differently (registers that store the family form); it matches with a penalty.
TEST(Names, GenderedSurnameFormMatchesWithPenalty) {
  NameMatch m = MatchNames("IVANOVA ANNA", "Иванов Анна");
  EXPECT_GE(m.score, kDefaultThreshold);
  EXPECT_LT(m.score, MatchNames("IVANOVA ANNA", "Иванова Анна").score);
  const PartEvidence* surname = Find(m, "IVANOVA");
  ASSERT_NE(surname, nullptr);
  EXPECT_EQ(surname->how, PartMatch::kGenderForm);
  EXPECT_GE(MatchNames("Chaikovskaya Olga", "OLGA CHAIKOVSKII").score, kDefaultThreshold);
  EXPECT_GE(MatchNames("Petrova Anna", "Anna Petrov").score, kDefaultThreshold);
}

TEST(Names, ManAndWomanOfOneFamilyDoNotMatch) {
  EXPECT_LT(MatchNames("Александр Иванов", "IVANOVA ALEKSANDRA").score, kDefaultThreshold);
  EXPECT_LT(MatchNames("Aleksandr Ivanov", "Aleksandra Ivanov").score, kDefaultThreshold);
}

TEST(Names, Typos) {
  NameMatch w = MatchNames("IVANOV", "IVANOW");
  EXPECT_GE(w.score, kDefaultThreshold);
  NameMatch missing = MatchNames("IVANOV", "IVNOV");
  EXPECT_GE(missing.score, kDefaultThreshold);
  ASSERT_EQ(missing.parts.size(), 1u);
  EXPECT_EQ(missing.parts[0].how, PartMatch::kEditDistance);
  EXPECT_GE(MatchNames("IVANOV IURII", "IVNOV IURII").score, kDefaultThreshold);
  EXPECT_GE(MatchNames("Kuznetsov Sergei", "KUZENTSOV SERGEI").score, kDefaultThreshold);
}

TEST(Names, NonMatches) {
  NameMatch other_given = MatchNames("Yuriy Ivanov", "Sergei Ivanov");
  EXPECT_LT(other_given.score, kDefaultThreshold);
  EXPECT_EQ(other_given.unmatched_left, std::vector<std::string>{"YURIY"});
  EXPECT_EQ(other_given.unmatched_right, std::vector<std::string>{"SERGEI"});
  EXPECT_LT(MatchNames("Ivanov", "Ivanenko").score, kDefaultThreshold);
  EXPECT_LT(MatchNames("Ivanov", "Ivanovsky").score, kDefaultThreshold);
  EXPECT_LT(MatchNames("Yuriy Ivanov", "Yuriy Ivanenko").score, kDefaultThreshold);
  EXPECT_LT(MatchNames("Anna Petrova", "Maria Sidorova").score, kDefaultThreshold);
  EXPECT_LT(MatchNames("Ivan Petrov", "Petr Ivanov").score, kDefaultThreshold);
  EXPECT_LT(MatchNames("Ivanov Yuriy", "Ivanov").score, kDefaultThreshold);
}

TEST(Names, EmptyAndDeterministic) {
  EXPECT_EQ(MatchNames("", "Ivanov").score, 0.0);
  EXPECT_EQ(MatchNames("Mr", "Mr").score, 0.0);
  EXPECT_EQ(MatchNames("Иванов Юрий", "IOURI IVANOV").score,
            MatchNames("Иванов Юрий", "IOURI IVANOV").score);
}

// Found by fuzz/names_fuzz: a part in a script that folds to no Latin letter (N'Ko U+07E7) left a
// part without spellings, and the check for a Latin X read the first of none.
TEST(Names, PartWithoutLatinSpellingIsDropped) {
  EXPECT_EQ(MatchNames("IVANOV \u07E7", "IVANOV").score, 1.0);
  EXPECT_EQ(MatchNames("\u07E7", "IVANOV").score, 0.0);
  EXPECT_TRUE(PreparedName("\u07E7").empty());
}

TEST(Names, PartMatchNames) {
  EXPECT_EQ(PartMatchName(PartMatch::kExact), "exact");
  EXPECT_EQ(PartMatchName(PartMatch::kTransliteration), "transliteration");
  EXPECT_EQ(PartMatchName(PartMatch::kEditDistance), "edit-distance");
  EXPECT_EQ(PartMatchName(PartMatch::kPhonetic), "phonetic");
  EXPECT_EQ(PartMatchName(PartMatch::kGenderForm), "gender-form");
  EXPECT_EQ(PartMatchName(PartMatch::kNone), "none");
}

}  // namespace
}  // namespace tamga::identity
