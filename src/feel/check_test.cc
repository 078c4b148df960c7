// The checker stage (Expression::Check) on expressions written for each rule of the text: what
// FEEL defines as null whatever the inputs (DMN 1.5 10.3.2.2 equality and ordering, 10.3.2.3 and
// Table 56 arithmetic) is reported with its position; anything the checker cannot know is not.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "feel/feel.h"
#include "feel/type.h"

namespace tamga::feel {
namespace {

// Options as a DMN model gives them: Age a number, Name a string, Filed a date, Stay a days and
// time duration, Documents a list of strings, Notes of any type.
CompileOptions ModelOptions() {
  CompileOptions options;
  options.known_names = {"Age", "Name", "Filed", "Stay", "Documents", "Notes"};
  options.name_types["Age"] = Type::Of(Type::Tag::kNumber);
  options.name_types["Name"] = Type::Of(Type::Tag::kString);
  options.name_types["Filed"] = Type::Of(Type::Tag::kDate);
  options.name_types["Stay"] = Type::Of(Type::Tag::kDayTimeDuration);
  options.name_types["Documents"] = Type::ListOf(Type::Of(Type::Tag::kString));
  return options;
}

std::vector<TypeIssue> Check(std::string_view source) {
  const CompileOptions options = ModelOptions();
  auto e = Expression::Compile(source, options);
  EXPECT_TRUE(e) << source;
  if (!e) return {};
  return e->Check(options);
}

// The value is really null at run time, whatever the inputs: the report is never a guess.
void ExpectNullAtRunTime(std::string_view source) {
  const CompileOptions options = ModelOptions();
  auto e = Expression::Compile(source, options);
  ASSERT_TRUE(e);
  Context inputs;
  inputs.entries.emplace_back("Age", Value(int64_t{30}));
  inputs.entries.emplace_back("Name", Value("Ivan"));
  Diagnostics diagnostics;
  EXPECT_TRUE(e->Evaluate(inputs, diagnostics).is_null()) << source;
}

TEST(CheckTest, Dmn15_10_3_2_2_ComparingANumberWithAStringIsReportedAtTheOperator) {
  auto issues = Check("Age < \"18\"");
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].kind, TypeIssue::Kind::kType);
  EXPECT_EQ(issues[0].position, 4);
  EXPECT_EQ(issues[0].message,
            "cannot compare a number with a string: the comparison is always null");
  ExpectNullAtRunTime("Age < \"18\"");
}

TEST(CheckTest, Dmn15_10_3_2_2_EqualityOfDifferentKindsIsNull) {
  ASSERT_EQ(Check("Name = 5").size(), 1u);
  ExpectNullAtRunTime("Name = 5");
  EXPECT_TRUE(Check("Name = \"Ivan\"").empty());
  EXPECT_TRUE(Check("Name = null").empty());  // comparing with null is false, not an error
}

TEST(CheckTest, Dmn15_10_3_2_2_BooleansAndListsHaveNoOrder) {
  auto issues = Check("Documents < [\"passport\"]");
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].message, "a list has no order: the comparison is always null");
  EXPECT_EQ(Check("(Age > 18) >= true").size(), 1u);
  EXPECT_TRUE(Check("Documents = [\"passport\"]").empty());
}

TEST(CheckTest, Dmn15_Table56_ArithmeticBetweenKindsThatDoNotCombine) {
  auto issues = Check("Filed + 30");
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].position, 6);
  EXPECT_EQ(issues[0].message, "cannot add a date and a number: the result is always null");
  ExpectNullAtRunTime("date(\"2022-09-22\") + 30");
  EXPECT_TRUE(Check("Filed + Stay").empty());
  EXPECT_TRUE(Check("Filed + duration(\"P30D\") > date(\"2022-10-01\")").empty());
  EXPECT_TRUE(Check("Stay * 2").empty());
  EXPECT_EQ(Check("Stay * Stay").size(), 1u);
  EXPECT_TRUE(Check("Name + \" \" + Name").empty());
}

TEST(CheckTest, Dmn15_Table56_ResultKindsFlowIntoTheEnclosingOperation) {
  // (Age + 1) is a number, string length() a number, date() a date: each meets a string.
  EXPECT_EQ(Check("(Age + 1) = \"19\"").size(), 1u);
  EXPECT_EQ(Check("string length(Name) > \"3\"").size(), 1u);
  EXPECT_EQ(Check("date(\"2022-09-22\") < \"2022-09-23\"").size(), 1u);
  // Both branches of an if are numbers: the if is a number.
  EXPECT_EQ(Check("(if Age > 18 then 1 else 0) = \"1\"").size(), 1u);
}

TEST(CheckTest, NamesOfAnyTypeAndNamesTheExpressionBindsAreNeverReported) {
  EXPECT_TRUE(Check("Notes < \"a\" and Notes > 5").empty());
  EXPECT_TRUE(Check("for d in Documents return d + 1").empty());
  EXPECT_TRUE(Check("some Age in [1, 2] satisfies Age = \"x\"").empty());  // Age is rebound
  EXPECT_TRUE(Check("(function(Age) Age = \"x\")(\"x\")").empty());
  EXPECT_TRUE(Check("{Age: \"x\", r: Age = \"x\"}.r").empty());
  EXPECT_TRUE(Check("Documents[item = 5]").empty());  // the filter's names are the items'
}

TEST(CheckTest, UnknownNamesAreReportedWithTheirPosition) {
  auto issues = Check("Agee > 18");
  ASSERT_EQ(issues.size(), 1u);
  EXPECT_EQ(issues[0].kind, TypeIssue::Kind::kUnknownName);
  EXPECT_EQ(issues[0].position, 0);
  EXPECT_NE(issues[0].message.find("'Agee'"), std::string::npos);
  EXPECT_EQ(Check("count(Documents) > 1 and not(Age > 1) and Name2 = \"x\"").size(), 1u);
  EXPECT_TRUE(Check("for i in 1..3 return if i = 1 then 1 else partial[-1] * i").empty());
  EXPECT_TRUE(Check("Documents[kind = \"passport\"]").empty());
}

TEST(CheckTest, PlainFeelWithoutDeclaredNamesChecksNoNames) {
  auto e = Expression::Compile("x + 1", CompileOptions{});
  ASSERT_TRUE(e);
  EXPECT_TRUE(e->Check(CompileOptions{}).empty());
  auto literal = Expression::Compile("1 - \"a\"", CompileOptions{});
  ASSERT_TRUE(literal);
  EXPECT_EQ(literal->Check(CompileOptions{}).size(), 1u);
}

}  // namespace
}  // namespace tamga::feel
