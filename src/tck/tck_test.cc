#include "tck/tck.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace tamga::tck {
namespace {

namespace fs = std::filesystem;
using feel::Value;
using ::testing::HasSubstr;

constexpr char kTestFile[] = R"(<?xml version="1.0" encoding="UTF-8"?>
<testCases xmlns="http://www.omg.org/spec/DMN/20160719/testcase"
           xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">
  <modelName>m.dmn</modelName>
  <testCase id="001">
    <description>doubles</description>
    <inputNode name="x"><value xsi:type="xsd:decimal">21</value></inputNode>
    <resultNode name="Double" type="decision">
      <expected><value xsi:type="xsd:decimal">42</value></expected>
    </resultNode>
  </testCase>
  <testCase id="002">
    <inputNode name="x"><value xsi:type="xsd:decimal">1</value></inputNode>
    <resultNode name="Double" type="decision">
      <expected><value xsi:type="xsd:decimal">3</value></expected>
    </resultNode>
  </testCase>
  <testCase id="003" invocableName="Svc" type="decisionService">
    <inputNode name="x"><value xsi:nil="true"/></inputNode>
    <resultNode name="Double" errorResult="true"><expected><value xsi:nil="true"/></expected></resultNode>
  </testCase>
  <testCase id="004">
    <inputNode name="x"><value>5</value></inputNode>
    <resultNode name="Double"><expected><value>10</value></expected></resultNode>
  </testCase>
</testCases>)";

constexpr char kModel[] = R"(<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20230324/MODEL/" namespace="http://t/m" name="m">
  <inputData id="i" name="x"><variable name="x" typeRef="number"/></inputData>
  <decision id="d" name="Double"><variable name="Double" typeRef="number"/>
    <informationRequirement><requiredInput href="#i"/></informationRequirement>
    <literalExpression><text>x * 2</text></literalExpression></decision>
  <decisionService id="s" name="Svc"><variable name="Svc"/><outputDecision href="#d"/>
    <inputData href="#i"/></decisionService>
</definitions>)";

TEST(TestFileTest, ParsesCasesInputsAndResults) {
  auto file = ParseTestFile(kTestFile);
  ASSERT_TRUE(file.has_value()) << file.error();
  EXPECT_EQ(file->model_name, "m.dmn");
  ASSERT_EQ(file->cases.size(), 4u);
  const TestCase& c = file->cases[0];
  EXPECT_EQ(c.id, "001");
  EXPECT_EQ(c.description, "doubles");
  EXPECT_EQ(c.type, "decision");
  ASSERT_EQ(c.inputs.size(), 1u);
  EXPECT_EQ(c.inputs[0].name, "x");
  EXPECT_EQ(c.inputs[0].value.xsi_type, "xsd:decimal");
  ASSERT_EQ(c.results.size(), 1u);
  EXPECT_FALSE(c.results[0].error_result);
  EXPECT_EQ(file->cases[2].type, "decisionService");
  EXPECT_EQ(file->cases[2].invocable_name, "Svc");
  EXPECT_TRUE(file->cases[2].results[0].error_result);
  EXPECT_EQ(file->cases[2].inputs[0].value.form, ValueSpec::Form::kNil);
}

TEST(TestFileTest, RejectsOtherXml) {
  EXPECT_FALSE(ParseTestFile("<definitions/>").has_value());
  EXPECT_FALSE(ParseTestFile("<testCases").has_value());
}

ValueSpec Typed(std::string type, std::string text) {
  ValueSpec s;
  s.form = ValueSpec::Form::kValue;
  s.xsi_type = std::move(type);
  s.text = std::move(text);
  return s;
}

TEST(ToValueTest, XsdTypes) {
  EXPECT_EQ(ToValue(Typed("xsd:string", " a b "), std::nullopt).string(), " a b ");
  EXPECT_EQ(ToValue(Typed("xsd:decimal", "1.50"), std::nullopt).number().ToString(), "1.5");
  EXPECT_EQ(ToValue(Typed("xsd:double", "1.2E2"), std::nullopt).number().ToString(), "120");
  EXPECT_TRUE(ToValue(Typed("xsd:boolean", "true"), std::nullopt).boolean());
  EXPECT_EQ(feel::ToDisplayString(ToValue(Typed("xsd:date", "2017-01-02"), std::nullopt)),
            "2017-01-02");
  EXPECT_TRUE(ToValue(Typed("xsd:dateTime", "2017-01-02T10:00:00Z"), std::nullopt)
                  .is(feel::Kind::kDateTime));
  EXPECT_TRUE(ToValue(Typed("xsd:time", "10:00:00"), std::nullopt).is(feel::Kind::kTime));
  EXPECT_TRUE(
      ToValue(Typed("xsd:duration", "P1Y2M"), std::nullopt).is(feel::Kind::kYearMonthDuration));
  EXPECT_TRUE(
      ToValue(Typed("xsd:duration", "P1DT2H"), std::nullopt).is(feel::Kind::kDayTimeDuration));
  EXPECT_TRUE(
      ToValue(Typed("xsd:duration", "PT5M"), std::nullopt).is(feel::Kind::kDayTimeDuration));
  EXPECT_TRUE(ToValue(ValueSpec{}, std::nullopt).is_null());
}

TEST(ToValueTest, UntypedValuesFollowTheDeclaredType) {
  ValueSpec untyped = Typed("", "12");
  EXPECT_EQ(ToValue(untyped, std::nullopt).string(), "12");
  EXPECT_EQ(ToValue(untyped, feel::Type::Of(feel::Type::Tag::kNumber)).number().ToString(), "12");

  ValueSpec person;
  person.form = ValueSpec::Form::kComponents;
  person.components.emplace_back("age", Typed("", "30"));
  person.components.emplace_back("name", Typed("xsd:string", "Ann"));
  feel::Type type = feel::Type::Of(feel::Type::Tag::kContext);
  type.fields.emplace_back("age", feel::Type::Of(feel::Type::Tag::kNumber));
  EXPECT_EQ(feel::ToDisplayString(ToValue(person, type)), R"({age: 30, name: "Ann"})");

  ValueSpec list;
  list.form = ValueSpec::Form::kList;
  list.items.push_back(Typed("", "1"));
  list.items.push_back(ValueSpec{});
  EXPECT_EQ(feel::ToDisplayString(
                ToValue(list, feel::Type::ListOf(feel::Type::Of(feel::Type::Tag::kNumber)))),
            "[1, null]");
}

TEST(ValuesMatchTest, Comparison) {
  auto num = [](const char* s) { return Value(*feel::Number::Parse(s)); };
  EXPECT_TRUE(ValuesMatch(num("1.000000001"), num("1")));
  EXPECT_FALSE(ValuesMatch(num("1.0000001"), num("1")));
  EXPECT_TRUE(ValuesMatch(Value(), Value()));
  EXPECT_FALSE(ValuesMatch(Value(), Value(0)));
  EXPECT_FALSE(ValuesMatch(Value("1"), Value(1)));
  EXPECT_TRUE(ValuesMatch(Value(feel::List{Value(1), Value("a")}),
                          Value(feel::List{Value(1), Value("a")})));
  EXPECT_FALSE(ValuesMatch(Value(feel::List{Value(1)}), Value(feel::List{Value(1), Value(2)})));
  feel::Context a, b, c;
  a.Set("x", Value(1));
  b.Set("x", num("1.0"));
  c.Set("x", Value(1));
  c.Set("y", Value(2));
  EXPECT_TRUE(ValuesMatch(Value(a), Value(b)));
  EXPECT_FALSE(ValuesMatch(Value(a), Value(c)));
  EXPECT_TRUE(
      ValuesMatch(Value(*feel::ParseDate("2017-01-01")), Value(*feel::ParseDate("2017-01-01"))));
  EXPECT_FALSE(ValuesMatch(Value(*feel::ParseDateTime("2017-01-01T10:00:00Z")),
                           Value(*feel::ParseDateTime("2017-01-01T10:00:00"))));
}

class RunTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("tamga_tck_test_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
             "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_ / "level-x" / "0001-double");
    Write(root_ / "level-x" / "0001-double" / "m.dmn", kModel);
    Write(root_ / "level-x" / "0001-double" / "0001-double-test-01.xml", kTestFile);
  }
  void TearDown() override { fs::remove_all(root_); }
  static void Write(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }
  static std::string Read(const fs::path& p) {
    std::ostringstream s;
    s << std::ifstream(p).rdbuf();
    return s.str();
  }
  static std::string LastLine(const std::string& text) {
    std::string t = text.substr(0, text.find_last_not_of('\n') + 1);
    return t.substr(t.find_last_of('\n') + 1);
  }
  fs::path root_;
};

TEST_F(RunTest, CountsCasesAndWritesCsv) {
  std::ostringstream out;
  RunOptions options{{root_.string()}, (root_ / "out.csv").string(), false};
  EXPECT_EQ(tck::Run(options, out), 1);
  EXPECT_EQ(LastLine(out.str()), "tck: 3 passed, 1 failed");
  EXPECT_THAT(out.str(), HasSubstr("level-x: 3 passed, 1 failed"));
  EXPECT_THAT(out.str(), HasSubstr("case 002"));
  EXPECT_THAT(out.str(), HasSubstr("expected 3, actual 2"));
  std::string csv = Read(root_ / "out.csv");
  EXPECT_THAT(csv, HasSubstr(R"("0001-double","0001-double-test-01","001","SUCCESS","")"));
  EXPECT_THAT(csv, HasSubstr(R"("0001-double","0001-double-test-01","002","ERROR",)"));
}

TEST_F(RunTest, ModelThatDoesNotLoadFailsEveryCase) {
  Write(root_ / "level-x" / "0001-double" / "m.dmn", "<definitions name=\"broken\"/>");
  std::ostringstream out;
  EXPECT_EQ(tck::Run(RunOptions{{root_.string()}, "", false}, out), 1);
  EXPECT_EQ(LastLine(out.str()), "tck: 0 passed, 4 failed");
  EXPECT_THAT(out.str(), HasSubstr("the models do not load"));
  EXPECT_THAT(out.str(), HasSubstr("namespace"));
}

TEST_F(RunTest, NothingFound) {
  std::ostringstream out;
  fs::create_directories(root_ / "empty");
  EXPECT_EQ(tck::Run(RunOptions{{(root_ / "empty").string()}, "", false}, out), 2);
  EXPECT_EQ(LastLine(out.str()), "tck: 0 passed, 0 failed");
}

}  // namespace
}  // namespace tamga::tck
