// Decision-table analysis on small tables written for each check, from the hit policies of
// DMN 1.5 8.2.10 and the allowed values of 8.2.6 (src/dmn/table_analysis.h).
#include "dmn/table_analysis.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tamga::dmn {
namespace {

std::string Escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else if (c == '&')
      out += "&amp;";
    else
      out += c;
  }
  return out;
}

// A model with one decision table: `inputs` are (label, inputValues) pairs, each rule is its input
// entries followed by one output entry.
std::string Table(const std::string& hit_policy, const std::vector<std::string>& inputs,
                  const std::vector<std::vector<std::string>>& rules,
                  const std::string& output_values = "", const std::string& default_output = "",
                  const std::vector<std::string>& input_values = {}) {
  std::string xml = R"(<definitions xmlns="https://www.omg.org/spec/DMN/20230324/MODEL/" name="t">)"
                    R"(<decision id="d" name="Outcome"><decisionTable id="table" hitPolicy=")" +
                    hit_policy + "\">";
  for (size_t i = 0; i < inputs.size(); ++i) {
    xml += "<input label=\"" + inputs[i] + "\"><inputExpression><text>" + inputs[i] +
           "</text></inputExpression>";
    if (i < input_values.size() && !input_values[i].empty())
      xml += "<inputValues><text>" + Escape(input_values[i]) + "</text></inputValues>";
    xml += "</input>";
  }
  xml += "<output name=\"outcome\">";
  if (!output_values.empty())
    xml += "<outputValues><text>" + Escape(output_values) + "</text></outputValues>";
  if (!default_output.empty())
    xml += "<defaultOutputEntry><text>" + default_output + "</text></defaultOutputEntry>";
  xml += "</output>";
  int n = 0;
  for (const auto& rule : rules) {
    xml += "<rule id=\"r" + std::to_string(++n) + "\">";
    for (size_t i = 0; i + 1 < rule.size(); ++i)
      xml += "<inputEntry><text>" + Escape(rule[i]) + "</text></inputEntry>";
    xml += "<outputEntry><text>" + Escape(rule.back()) + "</text></outputEntry></rule>";
  }
  return xml + "</decisionTable></decision></definitions>";
}

std::vector<TableFinding> Analyze(const std::string& xml) {
  auto findings = AnalyzeDecisionTables(xml);
  EXPECT_TRUE(findings) << findings.error();
  return findings ? *findings : std::vector<TableFinding>{};
}

std::vector<TableFinding> OfKind(const std::vector<TableFinding>& all, const std::string& kind) {
  std::vector<TableFinding> out;
  for (const TableFinding& f : all)
    if (f.kind == kind) out.push_back(f);
  return out;
}

// 8.2.10: UNIQUE, "no overlap is possible and all rules are disjoint".
TEST(TableAnalysis, Dmn15_8_2_10_UniqueOverlapIsAnErrorNamingTheCommonInputs) {
  auto findings = Analyze(Table("UNIQUE", {"Age", "Purpose"},
                                {{"< 18", "-", "\"minor\""},
                                 {"[18..65)", "\"work\"", "\"worker\""},
                                 {">= 60", "\"work\"", "\"senior\""},
                                 {">= 65", "-", "\"retired\""}}));
  auto overlaps = OfKind(findings, "overlap");
  ASSERT_EQ(overlaps.size(), 2u);
  EXPECT_EQ(overlaps[0].severity, TableFinding::Severity::kError);
  EXPECT_EQ(overlaps[0].rules, (std::vector<std::string>{"r2", "r3"}));
  EXPECT_NE(overlaps[0].message.find("Age: [60..65)"), std::string::npos) << overlaps[0].message;
  EXPECT_NE(overlaps[0].message.find("Purpose: \"work\""), std::string::npos);
  EXPECT_EQ(overlaps[1].rules, (std::vector<std::string>{"r3", "r4"}));
  EXPECT_EQ(overlaps[0].element, "decision 'Outcome'");
  EXPECT_EQ(overlaps[0].table, "table");
  EXPECT_GT(overlaps[0].line, 0);
}

TEST(TableAnalysis, Dmn15_8_2_10_UniqueTablesWithDisjointIntervalsHaveNoOverlap) {
  auto findings =
      Analyze(Table("UNIQUE", {"Age"},
                    {{"< 18", "\"minor\""}, {"[18..65)", "\"adult\""}, {">= 65", "\"senior\""}}));
  EXPECT_TRUE(findings.empty()) << findings.front().message;
}

// 8.2.10: ANY, "multiple rules can match, but they all have the same output".
TEST(TableAnalysis, Dmn15_8_2_10_AnyAllowsOverlapsWithTheSameOutputOnly) {
  auto findings = Analyze(Table("ANY", {"Score"},
                                {{">= 50", "\"pass\""},
                                 {">= 70", "\"pass\""},
                                 {">= 90", "\"distinction\""},
                                 {"< 50", "\"fail\""}}));
  auto overlaps = OfKind(findings, "overlap");
  ASSERT_EQ(overlaps.size(), 2u);  // r1/r3 and r2/r3; r1/r2 agree
  EXPECT_EQ(overlaps[0].rules, (std::vector<std::string>{"r1", "r3"}));
  EXPECT_EQ(overlaps[1].rules, (std::vector<std::string>{"r2", "r3"}));
  // r2 adds nothing to r1 (same output, inside it).
  auto subsumed = OfKind(findings, "subsumed");
  ASSERT_EQ(subsumed.size(), 1u);
  EXPECT_EQ(subsumed[0].rules, (std::vector<std::string>{"r2", "r1"}));
}

// A gap: inputs no rule matches (the single-hit table then answers null, 8.2.10 and 8.3.4).
TEST(TableAnalysis, GapsAreShownAsIntervalsAndValues) {
  auto findings = Analyze(Table("UNIQUE", {"Age", "Resident"},
                                {{"< 18", "-", "\"minor\""},
                                 {"[18..65]", "true", "\"adult resident\""},
                                 {"> 70", "-", "\"senior\""}}));
  auto gaps = OfKind(findings, "gap");
  ASSERT_EQ(gaps.size(), 1u);
  const std::string& m = gaps[0].message;
  EXPECT_NE(m.find("answers null: Age: [18..65], Resident: false; Age: (65..70]"),
            std::string::npos)
      << m;
}

// 8.2.6: a default output entry is the answer when no rule matches, so there is no gap.
TEST(TableAnalysis, Dmn15_8_2_6_ADefaultOutputClosesGaps) {
  auto findings = Analyze(Table("UNIQUE", {"Age"}, {{"< 18", "\"minor\""}}, "", "\"other\""));
  EXPECT_TRUE(OfKind(findings, "gap").empty());
}

// Allowed input values bound the domain: a gap outside them is no gap.
TEST(TableAnalysis, Dmn15_8_2_6_InputValuesBoundTheDomain) {
  auto findings = Analyze(Table("UNIQUE", {"Kind"},
                                {{"\"visa\"", "1"}, {"\"permit\"", "2"}, {"\"other\"", "3"}}, "",
                                "", {"\"visa\", \"permit\""}));
  EXPECT_TRUE(OfKind(findings, "gap").empty());
  auto outside = OfKind(findings, "input-value");
  ASSERT_EQ(outside.size(), 1u);
  EXPECT_EQ(outside[0].rules, std::vector<std::string>{"r3"});
  // Without them, any other string is a gap.
  auto open = Analyze(Table("UNIQUE", {"Kind"}, {{"\"visa\"", "1"}, {"\"permit\"", "2"}}));
  auto gaps = OfKind(open, "gap");
  ASSERT_EQ(gaps.size(), 1u);
  EXPECT_NE(gaps[0].message.find("Kind: < \"permit\""), std::string::npos) << gaps[0].message;
}

// 8.2.10: FIRST, "the first matching rule in rule order": a later rule that earlier ones cover
// never fires.
TEST(TableAnalysis, Dmn15_8_2_10_FirstReportsRulesThatNeverFire) {
  auto findings = Analyze(Table("FIRST", {"Age", "Resident"},
                                {{"< 18", "-", "\"minor\""},
                                 {">= 18", "true", "\"resident\""},
                                 {">= 18", "false", "\"visitor\""},
                                 {"> 30", "-", "\"never\""},
                                 {"[10..12]", "true", "\"never either\""}}));
  auto unreachable = OfKind(findings, "unreachable");
  ASSERT_EQ(unreachable.size(), 2u);
  EXPECT_EQ(unreachable[0].rules, (std::vector<std::string>{"r4", "r2", "r3"}));
  EXPECT_NE(unreachable[0].message.find("together"), std::string::npos);
  EXPECT_EQ(unreachable[1].rules, (std::vector<std::string>{"r5", "r1"}));
  EXPECT_TRUE(OfKind(findings, "gap").empty());
}

// 8.2.6: an output entry must be one of the output values.
TEST(TableAnalysis, Dmn15_8_2_6_OutputEntriesOutsideTheOutputValuesAreErrors) {
  auto findings = Analyze(Table("UNIQUE", {"Age"}, {{"< 18", "\"minor\""}, {">= 18", "\"adlt\""}},
                                "\"minor\", \"adult\""));
  auto wrong = OfKind(findings, "output-value");
  ASSERT_EQ(wrong.size(), 1u);
  EXPECT_EQ(wrong[0].severity, TableFinding::Severity::kError);
  EXPECT_EQ(wrong[0].rules, std::vector<std::string>{"r2"});
  EXPECT_NE(wrong[0].message.find("\"adlt\""), std::string::npos);
}

TEST(TableAnalysis, EntriesWithNamesAreUnknownAndNeverReportedAsOverlapOrGap) {
  // "< Limit" depends on an input: whether the rules overlap is known only when the table runs.
  auto findings =
      Analyze(Table("UNIQUE", {"Amount"}, {{"< Limit", "\"low\""}, {">= 0", "\"any\""}}));
  EXPECT_TRUE(OfKind(findings, "overlap").empty());
  EXPECT_TRUE(OfKind(findings, "gap").empty());
  // The same unknown entry on two rules does overlap.
  auto same = Analyze(Table("UNIQUE", {"Amount"}, {{"< Limit", "\"a\""}, {"< Limit", "\"b\""}}));
  EXPECT_EQ(OfKind(same, "overlap").size(), 1u);
}

TEST(TableAnalysis, NotListsAndDatesAreSets) {
  auto findings = Analyze(Table("UNIQUE", {"Citizenship", "Filed"},
                                {{"not(\"RUS\", \"BLR\")", "-", "\"other\""},
                                 {"\"RUS\", \"BLR\"", "< date(\"2022-09-21\")", "\"before\""},
                                 {"\"RUS\"", ">= date(\"2022-09-21\")", "\"after\""}}));
  auto gaps = OfKind(findings, "gap");
  ASSERT_EQ(gaps.size(), 1u);
  EXPECT_NE(gaps[0].message.find("Citizenship: \"BLR\", Filed: >= date(\"2022-09-21\")"),
            std::string::npos)
      << gaps[0].message;
  EXPECT_TRUE(OfKind(findings, "overlap").empty());
}

TEST(TableAnalysis, SyntaxErrorsAreErrorsWithTheRule) {
  auto findings = Analyze(Table("UNIQUE", {"Age"}, {{"[1..", "1"}, {"> 5", "2"}}));
  auto syntax = OfKind(findings, "syntax");
  ASSERT_EQ(syntax.size(), 1u);
  EXPECT_EQ(syntax[0].rules, std::vector<std::string>{"r1"});
  EXPECT_NE(syntax[0].message.find("'[1..'"), std::string::npos);
}

TEST(TableAnalysis, CollectSumCountsASubsumedRuleTwice) {
  auto findings = Analyze(
      Table("COLLECT\" aggregation=\"SUM", {"Age"}, {{"> 10", "1"}, {"> 20", "1"}, {"< 5", "2"}}));
  auto subsumed = OfKind(findings, "subsumed");
  ASSERT_EQ(subsumed.size(), 1u);
  EXPECT_NE(subsumed[0].message.find("counted twice"), std::string::npos);
  EXPECT_TRUE(OfKind(findings, "gap").empty());  // COLLECT answers an empty list (here 0)
}

// The checker stage over a model: Age is declared a number, so `Age < "18"` is null whatever the
// input (DMN 1.5 10.3.2.2), and `Agee` is no name of the model; both are errors with file, line,
// element and the column in the expression.
TEST(TableAnalysis, CheckModelsReportsTypeErrorsAndUnknownNamesWithTheirPosition) {
  const std::string xml =
      R"(<definitions xmlns="https://www.omg.org/spec/DMN/20230324/MODEL/" name="m" namespace="m">
  <inputData id="i_age" name="Age"><variable name="Age" typeRef="number"/></inputData>
  <decision id="d_minor" name="Minor">
    <variable name="Minor" typeRef="boolean"/>
    <informationRequirement><requiredInput href="#i_age"/></informationRequirement>
    <literalExpression><text>Age &lt; "18"</text></literalExpression>
  </decision>
  <decision id="d_adult" name="Adult">
    <informationRequirement><requiredInput href="#i_age"/></informationRequirement>
    <literalExpression><text>Agee &gt;= 18</text></literalExpression>
  </decision>
  <decision id="d_fine" name="Fine">
    <informationRequirement><requiredInput href="#i_age"/></informationRequirement>
    <literalExpression><text>Age + 1 &gt; 18 and count([Age]) = 1</text></literalExpression>
  </decision>
</definitions>)";
  auto findings = CheckModels({{"m.dmn", xml}});
  auto type = OfKind(findings, "type");
  ASSERT_EQ(type.size(), 1u);
  EXPECT_EQ(type[0].severity, TableFinding::Severity::kError);
  EXPECT_EQ(type[0].file, "m.dmn");
  EXPECT_EQ(type[0].line, 3);
  EXPECT_NE(type[0].element.find("d_minor"), std::string::npos);
  EXPECT_NE(type[0].message.find("line 1, column 5: cannot compare a number with a string"),
            std::string::npos)
      << type[0].message;
  auto name = OfKind(findings, "name");
  ASSERT_EQ(name.size(), 1u);
  EXPECT_EQ(name[0].line, 8);
  EXPECT_NE(name[0].message.find("line 1, column 1: unknown name 'Agee'"), std::string::npos)
      << name[0].message;
}

// A checker error in a rule's output entry (a document kind typed without its quotes is a name,
// DMN 1.5 10.3.1.2) names that rule and its line, so that an editor can show it on the rule.
TEST(TableAnalysis, CheckModelsNamesTheRuleOfAnEntrysError) {
  const std::string xml =
      R"(<definitions xmlns="https://www.omg.org/spec/DMN/20230324/MODEL/" name="m" namespace="m">
  <inputData id="i_kind" name="Kind"><variable name="Kind" typeRef="string"/></inputData>
  <decision id="d_required" name="Required Documents">
    <informationRequirement><requiredInput href="#i_kind"/></informationRequirement>
    <decisionTable id="t_required" hitPolicy="COLLECT">
      <input id="in1"><inputExpression typeRef="string"><text>Kind</text></inputExpression></input>
      <output id="o" name="Document" typeRef="string"/>
      <rule id="passport"><inputEntry><text>-</text></inputEntry><outputEntry><text>"passport"</text></outputEntry></rule>
      <rule id="medical"><inputEntry><text>-</text></inputEntry><outputEntry><text>medical certificate</text></outputEntry></rule>
    </decisionTable>
  </decision>
</definitions>)";
  auto name = OfKind(CheckModels({{"m.dmn", xml}}), "name");
  ASSERT_EQ(name.size(), 1u);
  EXPECT_EQ(name[0].rules, std::vector<std::string>{"medical"});
  EXPECT_EQ(name[0].line, 9);
  EXPECT_NE(name[0].message.find("output entry of rule 2 (medical)"), std::string::npos)
      << name[0].message;
}

// Input entries are unary tests of the input (DMN 1.5 8.3.3, 10.3.2.9): against an input declared
// a number, `< "18"` and `"adult"` never match, while `[18..65)` and `>= 65` may.
TEST(TableAnalysis, CheckModelsReportsInputEntriesThatCanNeverMatchTheInputsType) {
  const std::string xml =
      R"(<definitions xmlns="https://www.omg.org/spec/DMN/20230324/MODEL/" name="m" namespace="m">
  <inputData id="i_age" name="Age"><variable name="Age" typeRef="number"/></inputData>
  <decision id="d_band" name="Band">
    <informationRequirement><requiredInput href="#i_age"/></informationRequirement>
    <decisionTable id="t_band" hitPolicy="FIRST">
      <input id="in1"><inputExpression><text>Age</text></inputExpression></input>
      <input id="in2"><inputExpression typeRef="string"><text>string(Age)</text></inputExpression></input>
      <output id="o" name="band"/>
      <rule id="r1"><inputEntry><text>&lt; "18"</text></inputEntry><inputEntry><text>-</text></inputEntry><outputEntry><text>"minor"</text></outputEntry></rule>
      <rule id="r2"><inputEntry><text>[18..65)</text></inputEntry><inputEntry><text>"18", 19</text></inputEntry><outputEntry><text>"adult"</text></outputEntry></rule>
      <rule id="r3"><inputEntry><text>&gt;= 65, "adult"</text></inputEntry><inputEntry><text>-</text></inputEntry><outputEntry><text>"senior"</text></outputEntry></rule>
    </decisionTable>
  </decision>
</definitions>)";
  auto type = OfKind(CheckModels({{"m.dmn", xml}}), "type");
  ASSERT_EQ(type.size(), 3u);
  EXPECT_NE(type[0].message.find("input entry of rule 1 (r1) '< \"18\"': line 1, column 1: "
                                 "cannot compare a number with a string"),
            std::string::npos)
      << type[0].message;
  EXPECT_NE(type[1].message.find("rule 2 (r2) '\"18\", 19': line 1, column 7: cannot compare a "
                                 "string with a number"),
            std::string::npos)
      << type[1].message;
  EXPECT_NE(type[2].message.find("rule 3 (r3) '>= 65, \"adult\"': line 1, column 8"),
            std::string::npos)
      << type[2].message;
}

TEST(TableAnalysis, NotXmlIsAnError) { EXPECT_FALSE(AnalyzeDecisionTables("<definitions")); }

}  // namespace
}  // namespace tamga::dmn
