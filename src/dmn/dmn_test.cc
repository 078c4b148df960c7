#include "dmn/dmn.h"

#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace tamga::dmn {
namespace {

using feel::Value;
using ::testing::HasSubstr;

std::string Definitions(const std::string& body, const std::string& ns = "http://example.com/m",
                        const std::string& name = "m") {
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20230324/MODEL/" namespace=")" +
         ns + R"(" name=")" + name + R"(" id="defs">)" + body + "</definitions>";
}

Models Load(const std::string& xml) {
  auto models = Models::Parse({{"m.dmn", xml}});
  EXPECT_TRUE(models.has_value()) << models.error().ToString();
  return *models;
}

// Evaluates one decision and returns its value.
Value Decide(const Models& models, const std::string& decision, feel::Context inputs = {},
             Result* out = nullptr) {
  Inputs in;
  in.values = std::move(inputs);
  std::vector<std::string> names{decision};
  auto result = models.EvaluateDecisions("", names, in);
  EXPECT_TRUE(result.has_value()) << result.error().ToString();
  if (!result) return Value();
  if (out) *out = *result;
  return result->outputs.at(0).second;
}

bool HasWarning(const Result& r, const std::string& text) {
  for (const Warning& w : r.warnings) {
    if (w.message.find(text) != std::string::npos) return true;
  }
  return false;
}

feel::Context Ctx(std::vector<std::pair<std::string, Value>> entries) {
  feel::Context c;
  for (auto& [k, v] : entries) c.Set(k, v);
  return c;
}

std::string Num(const Value& v) { return v.is(feel::Kind::kNumber) ? v.number().ToString() : "?"; }

std::string Display(const Value& v) { return feel::ToDisplayString(v); }

// A decision "D" over input "x" (number) with a one-input decision table.
std::string Table(const std::string& hit_policy, const std::string& rules,
                  const std::string& output = R"(<output id="o1" name="out"/>)",
                  const std::string& input_extra = "") {
  return Definitions(R"(
  <inputData id="i_x" name="x"><variable name="x" typeRef="number"/></inputData>
  <decision id="d_D" name="D">
    <variable name="D"/>
    <informationRequirement><requiredInput href="#i_x"/></informationRequirement>
    <decisionTable id="dt" )" +
                     hit_policy + R"(>
      <input id="in1" label="x"><inputExpression typeRef="number"><text>x</text></inputExpression>)" +
                     input_extra + R"(</input>
      )" + output + rules +
                     R"(
    </decisionTable>
  </decision>)");
}

std::string Rule(const std::string& id, const std::string& in, const std::string& out,
                 const std::string& annotation = "") {
  std::string r = "<rule id=\"" + id + "\"><inputEntry><text>" + in +
                  "</text></inputEntry><outputEntry><text>" + out + "</text></outputEntry>";
  if (!annotation.empty()) {
    r += "<annotationEntry><text>" + annotation + "</text></annotationEntry>";
  }
  return r + "</rule>";
}

TEST(DmnTest, LiteralDecisionWithInputData) {
  Models m = Load(Definitions(R"(
  <inputData id="i_name" name="Full Name"><variable name="Full Name" typeRef="string"/></inputData>
  <decision id="d_greet" name="Greeting Message">
    <variable name="Greeting Message" typeRef="string"/>
    <informationRequirement><requiredInput href="#i_name"/></informationRequirement>
    <literalExpression><text>"Hello " + Full Name</text></literalExpression>
  </decision>)"));
  EXPECT_EQ(Decide(m, "Greeting Message", Ctx({{"Full Name", Value("John Doe")}})).string(),
            "Hello John Doe");
}

TEST(DmnTest, NonConformingInputIsNullWithWarning) {
  Models m = Load(Definitions(R"(
  <inputData id="i_age" name="Age"><variable name="Age" typeRef="number"/></inputData>
  <decision id="d" name="Twice">
    <variable name="Twice"/>
    <informationRequirement><requiredInput href="#i_age"/></informationRequirement>
    <literalExpression><text>Age * 2</text></literalExpression>
  </decision>)"));
  Result r;
  EXPECT_TRUE(Decide(m, "Twice", Ctx({{"Age", Value("ten")}}), &r).is_null());
  EXPECT_TRUE(HasWarning(r, "does not conform to type number"));
  EXPECT_EQ(Num(Decide(m, "Twice", Ctx({{"Age", Value(21)}}))), "42");
}

TEST(DmnTest, AllowedValuesOfItemDefinition) {
  Models m = Load(Definitions(R"(
  <itemDefinition name="tStatus"><typeRef>string</typeRef>
    <allowedValues><text>"EMPLOYED","STUDENT"</text></allowedValues></itemDefinition>
  <inputData id="i" name="Status"><variable name="Status" typeRef="tStatus"/></inputData>
  <decision id="d" name="Says">
    <variable name="Says" typeRef="string"/>
    <informationRequirement><requiredInput href="#i"/></informationRequirement>
    <literalExpression><text>"You are " + Status</text></literalExpression>
  </decision>)"));
  EXPECT_EQ(Decide(m, "Says", Ctx({{"Status", Value("STUDENT")}})).string(), "You are STUDENT");
  Result r;
  EXPECT_TRUE(Decide(m, "Says", Ctx({{"Status", Value("RETIRED")}}), &r).is_null());
  EXPECT_TRUE(HasWarning(r, "tStatus"));
}

TEST(DmnTest, DecisionResultTypeCheckAndSingletonUnwrap) {
  Models m = Load(Definitions(R"(
  <decision id="d1" name="Bad"><variable name="Bad" typeRef="number"/>
    <literalExpression><text>"not a number"</text></literalExpression></decision>
  <decision id="d2" name="Unwrapped"><variable name="Unwrapped" typeRef="number"/>
    <literalExpression><text>[7]</text></literalExpression></decision>
  <decision id="d3" name="Wrapped"><variable name="Wrapped" typeRef="tNumbers"/>
    <literalExpression><text>7</text></literalExpression></decision>
  <itemDefinition name="tNumbers" isCollection="true"><typeRef>number</typeRef></itemDefinition>)"));
  Result r;
  EXPECT_TRUE(Decide(m, "Bad", {}, &r).is_null());
  EXPECT_TRUE(HasWarning(r, "does not conform"));
  EXPECT_EQ(Num(Decide(m, "Unwrapped")), "7");
  EXPECT_EQ(Display(Decide(m, "Wrapped")), "[7]");
}

// DMN 1.5 10.3.2.9.4: "from date to date and time" (UTC midnight) where a decision's result, a
// business knowledge model's parameter or a typed context entry expects a date and time; from
// singleton list for the parameter; a list of two where a number is expected does not conform
// and is null (the "conforms to" conversion).
TEST(DmnTest, Dmn15_10_3_2_9_4_DateBecomesUtcMidnightWhereADateAndTimeIsExpected) {
  Models m = Load(Definitions(R"(
  <decision id="d1" name="Filed At"><variable name="Filed At" typeRef="dateTime"/>
    <literalExpression><text>date("2022-09-21")</text></literalExpression></decision>
  <businessKnowledgeModel id="b1" name="Next Day">
    <variable name="Next Day"/>
    <encapsulatedLogic><formalParameter name="at" typeRef="dateTime"/>
      <literalExpression><text>at + duration("P1D")</text></literalExpression></encapsulatedLogic>
  </businessKnowledgeModel>
  <decision id="d2" name="Called"><variable name="Called"/>
    <knowledgeRequirement><requiredKnowledge href="#b1"/></knowledgeRequirement>
    <literalExpression><text>[Next Day(date("2022-09-21")), Next Day([date("2022-09-21")])]</text>
    </literalExpression></decision>
  <decision id="d3" name="Entry"><variable name="Entry"/>
    <context><contextEntry><variable name="at" typeRef="dateTime"/>
      <literalExpression><text>date("2022-09-21")</text></literalExpression></contextEntry>
    </context></decision>
  <decision id="d4" name="Two"><variable name="Two" typeRef="number"/>
    <literalExpression><text>[1, 2]</text></literalExpression></decision>)"));
  EXPECT_EQ(Display(Decide(m, "Filed At")), "2022-09-21T00:00:00Z");
  EXPECT_EQ(Display(Decide(m, "Called")), "[2022-09-22T00:00:00Z, 2022-09-22T00:00:00Z]");
  EXPECT_EQ(Display(Decide(m, "Entry")), "{at: 2022-09-21T00:00:00Z}");
  Result r;
  EXPECT_TRUE(Decide(m, "Two", {}, &r).is_null());
  EXPECT_TRUE(HasWarning(r, "does not conform"));
}

TEST(DmnTest, StructuredInputAndComponents) {
  Models m = Load(Definitions(R"(
  <itemDefinition name="tPerson">
    <itemComponent name="first name"><typeRef>string</typeRef></itemComponent>
    <itemComponent name="age"><typeRef>number</typeRef></itemComponent>
  </itemDefinition>
  <inputData id="i" name="Applicant"><variable name="Applicant" typeRef="tPerson"/></inputData>
  <decision id="d" name="Adult Name">
    <variable name="Adult Name"/>
    <informationRequirement><requiredInput href="#i"/></informationRequirement>
    <literalExpression><text>if Applicant.age >= 18 then Applicant.first name else null</text></literalExpression>
  </decision>)"));
  EXPECT_EQ(
      Decide(m, "Adult Name",
             Ctx({{"Applicant", Value(Ctx({{"first name", Value("Ann")}, {"age", Value(30)}}))}}))
          .string(),
      "Ann");
  Result r;
  EXPECT_TRUE(
      Decide(m, "Adult Name",
             Ctx({{"Applicant", Value(Ctx({{"first name", Value(5)}, {"age", Value(30)}}))}}), &r)
          .is_null());
  EXPECT_TRUE(HasWarning(r, "tPerson"));
}

TEST(DecisionTableTest, UniqueHitPolicy) {
  Models m = Load(Table("hitPolicy=\"UNIQUE\"", Rule("r1", "&lt; 10", "\"small\"") +
                                                    Rule("r2", "[10..20]", "\"medium\"") +
                                                    Rule("r3", "&gt;= 15", "\"big\"")));
  Result r;
  EXPECT_EQ(Decide(m, "D", Ctx({{"x", Value(5)}}), &r).string(), "small");
  ASSERT_EQ(r.trace.size(), 1u);
  ASSERT_EQ(r.trace[0].tables.size(), 1u);
  ASSERT_EQ(r.trace[0].tables[0].matches.size(), 1u);
  EXPECT_EQ(r.trace[0].tables[0].matches[0].index, 1);
  EXPECT_EQ(r.trace[0].tables[0].matches[0].id, "r1");
  EXPECT_TRUE(r.trace[0].tables[0].matches[0].selected);
  EXPECT_EQ(r.trace[0].tables[0].table_id, "dt");
  EXPECT_EQ(r.trace[0].tables[0].label, "D");
  EXPECT_TRUE(Decide(m, "D", Ctx({{"x", Value(17)}}), &r).is_null());
  EXPECT_TRUE(HasWarning(r, "UNIQUE matched 2 rules"));
  EXPECT_TRUE(Decide(m, "D", Ctx({{"x", Value(-100)}})).is(feel::Kind::kString));
  EXPECT_TRUE(Decide(m, "D", Ctx({})).is_null());  // null input matches no rule
}

TEST(DecisionTableTest, AnyHitPolicy) {
  Models m = Load(Table("hitPolicy=\"ANY\"", Rule("r1", "&gt; 0", "\"pos\"") +
                                                 Rule("r2", "&gt; 10", "\"pos\"") +
                                                 Rule("r3", "&gt; 100", "\"huge\"")));
  EXPECT_EQ(Decide(m, "D", Ctx({{"x", Value(50)}})).string(), "pos");
  Result r;
  EXPECT_TRUE(Decide(m, "D", Ctx({{"x", Value(500)}}), &r).is_null());
  EXPECT_TRUE(HasWarning(r, "ANY"));
}

TEST(DecisionTableTest, PriorityAndOutputOrder) {
  std::string rules = Rule("r1", "&gt; 0", "\"low\"") + Rule("r2", "&gt; 10", "\"high\"") +
                      Rule("r3", "&gt; 5", "\"medium\"");
  std::string output =
      R"(<output id="o" name="out"><outputValues><text>"high","medium","low"</text></outputValues></output>)";
  Models p = Load(Table("hitPolicy=\"PRIORITY\"", rules, output));
  EXPECT_EQ(Decide(p, "D", Ctx({{"x", Value(20)}})).string(), "high");
  EXPECT_EQ(Decide(p, "D", Ctx({{"x", Value(7)}})).string(), "medium");
  Models o = Load(Table("hitPolicy=\"OUTPUT ORDER\"", rules, output));
  EXPECT_EQ(Display(Decide(o, "D", Ctx({{"x", Value(20)}}))), R"(["high", "medium", "low"])");
}

TEST(DecisionTableTest, FirstAndRuleOrder) {
  std::string rules =
      Rule("r1", "&gt; 10", "\"a\"") + Rule("r2", "&gt; 0", "\"b\"") + Rule("r3", "-", "\"c\"");
  Models f = Load(Table("hitPolicy=\"FIRST\"", rules));
  EXPECT_EQ(Decide(f, "D", Ctx({{"x", Value(5)}})).string(), "b");
  Models r = Load(Table("hitPolicy=\"RULE ORDER\"", rules));
  EXPECT_EQ(Display(Decide(r, "D", Ctx({{"x", Value(50)}}))), R"(["a", "b", "c"])");
}

// FIRST returns the first match, but the trace lists every rule that matched: policies report the
// matched rules, and derive their grounds from the selected ones only.
TEST(DecisionTableTest, FirstTracesEveryMatchAndSelectsTheFirst) {
  Models f = Load(Table(
      "hitPolicy=\"FIRST\"",
      Rule("r1", "&gt; 10", "\"a\"") + Rule("r2", "&gt; 0", "\"b\"") + Rule("r3", "-", "\"c\"")));
  Result r;
  EXPECT_EQ(Decide(f, "D", Ctx({{"x", Value(5)}}), &r).string(), "b");
  ASSERT_EQ(r.trace.size(), 1u);
  ASSERT_EQ(r.trace[0].tables.size(), 1u);
  const std::vector<RuleMatch>& matches = r.trace[0].tables[0].matches;
  ASSERT_EQ(matches.size(), 2u);
  EXPECT_EQ(matches[0].id, "r2");
  EXPECT_TRUE(matches[0].selected);
  EXPECT_EQ(matches[1].id, "r3");
  EXPECT_FALSE(matches[1].selected);
}

// Rules that repeat an input entry share its answer within an evaluation; every rule still gets
// it, whether it is a match or not.
TEST(DecisionTableTest, RepeatedEntriesAnswerEveryRule) {
  Models m = Load(Table("hitPolicy=\"RULE ORDER\"",
                        Rule("r1", "[0..10]", "\"a\"") + Rule("r2", "&gt; 10", "\"b\"") +
                            Rule("r3", "[0..10]", "\"c\"") + Rule("r4", "&gt; 10", "\"d\"") +
                            Rule("r5", "-", "\"e\"")));
  EXPECT_EQ(Display(Decide(m, "D", Ctx({{"x", Value(5)}}))), R"(["a", "c", "e"])");
  EXPECT_EQ(Display(Decide(m, "D", Ctx({{"x", Value(50)}}))), R"(["b", "d", "e"])");
  EXPECT_EQ(Display(Decide(m, "D", Ctx({{"x", Value(-5)}}))), R"(["e"])");
}

// An entry that cannot be decided warns for every rule that asks, shared or not.
TEST(DecisionTableTest, RepeatedEntryWarnsForEachRule) {
  Models m = Load(Table("hitPolicy=\"COLLECT\"", Rule("r1", "&lt; \"k\"", "\"a\"") +
                                                     Rule("r2", "&lt; \"k\"", "\"b\"") +
                                                     Rule("r3", "-", "\"c\"")));
  Result r;
  EXPECT_EQ(Display(Decide(m, "D", Ctx({{"x", Value(5)}}), &r)), R"(["c"])");
  int warnings = 0;
  for (const Warning& w : r.warnings) {
    if (w.message.find("cannot compare number with string") != std::string::npos) ++warnings;
  }
  EXPECT_EQ(warnings, 2);
}

// An entry that calls a business knowledge model is evaluated for every rule that asks: each call
// is traced (here, the table inside the model).
TEST(DecisionTableTest, EntriesCallingAModelAreNotShared) {
  Models m = Load(Definitions(R"(
  <businessKnowledgeModel id="b" name="Positive">
    <variable name="Positive"/>
    <encapsulatedLogic>
      <formalParameter name="v" typeRef="number"/>
      <decisionTable id="inner">
        <input id="vi"><inputExpression><text>v</text></inputExpression></input>
        <output id="vo" name="p"/>
        <rule id="yes"><inputEntry><text>&gt; 0</text></inputEntry><outputEntry><text>true</text></outputEntry></rule>
        <rule id="no"><inputEntry><text>&lt;= 0</text></inputEntry><outputEntry><text>false</text></outputEntry></rule>
      </decisionTable>
    </encapsulatedLogic>
  </businessKnowledgeModel>
  <inputData id="i_x" name="x"><variable name="x" typeRef="number"/></inputData>
  <decision id="d_D" name="D">
    <variable name="D"/>
    <informationRequirement><requiredInput href="#i_x"/></informationRequirement>
    <knowledgeRequirement><requiredKnowledge href="#b"/></knowledgeRequirement>
    <decisionTable id="dt" hitPolicy="COLLECT">
      <input id="in1"><inputExpression><text>x</text></inputExpression></input>
      <output id="o1" name="out"/>
      <rule id="r1"><inputEntry><text>Positive(?)</text></inputEntry><outputEntry><text>"a"</text></outputEntry></rule>
      <rule id="r2"><inputEntry><text>Positive(?)</text></inputEntry><outputEntry><text>"b"</text></outputEntry></rule>
    </decisionTable>
  </decision>)"));
  Result r;
  EXPECT_EQ(Display(Decide(m, "D", Ctx({{"x", Value(3)}}), &r)), R"(["a", "b"])");
  ASSERT_EQ(r.trace.size(), 1u);
  int inner = 0;
  for (const TableTrace& t : r.trace[0].tables) inner += t.table_id == "inner";
  EXPECT_EQ(inner, 2);
}

TEST(DecisionTableTest, CollectAndAggregations) {
  std::string rules =
      Rule("r1", "&gt; 0", "10") + Rule("r2", "&gt; 5", "20") + Rule("r3", "&gt; 8", "5");
  EXPECT_EQ(
      Display(Decide(Load(Table("hitPolicy=\"COLLECT\"", rules)), "D", Ctx({{"x", Value(9)}}))),
      "[10, 20, 5]");
  EXPECT_EQ(Num(Decide(Load(Table("hitPolicy=\"COLLECT\" aggregation=\"SUM\"", rules)), "D",
                       Ctx({{"x", Value(9)}}))),
            "35");
  EXPECT_EQ(Num(Decide(Load(Table("hitPolicy=\"COLLECT\" aggregation=\"COUNT\"", rules)), "D",
                       Ctx({{"x", Value(6)}}))),
            "2");
  EXPECT_EQ(Num(Decide(Load(Table("hitPolicy=\"COLLECT\" aggregation=\"MIN\"", rules)), "D",
                       Ctx({{"x", Value(9)}}))),
            "5");
  EXPECT_EQ(Num(Decide(Load(Table("hitPolicy=\"COLLECT\" aggregation=\"MAX\"", rules)), "D",
                       Ctx({{"x", Value(9)}}))),
            "20");
  EXPECT_TRUE(Decide(Load(Table("hitPolicy=\"COLLECT\" aggregation=\"SUM\"", rules)), "D",
                     Ctx({{"x", Value(-1)}}))
                  .is_null());
}

TEST(DecisionTableTest, MultipleOutputsDefaultsAndAnnotations) {
  Models m = Load(Definitions(R"(
  <inputData id="i" name="Age"><variable name="Age" typeRef="number"/></inputData>
  <decision id="d" name="Offer">
    <variable name="Offer"/>
    <informationRequirement><requiredInput href="#i"/></informationRequirement>
    <decisionTable hitPolicy="FIRST">
      <input id="in"><inputExpression><text>Age</text></inputExpression></input>
      <output name="Product"><defaultOutputEntry><text>"none"</text></defaultOutputEntry></output>
      <output name="Rate"><defaultOutputEntry><text>0</text></defaultOutputEntry></output>
      <annotation name="Reason"/>
      <rule id="young">
        <inputEntry><text>&lt; 25</text></inputEntry>
        <outputEntry><text>"Starter"</text></outputEntry><outputEntry><text>1.5</text></outputEntry>
        <annotationEntry><text>Art. 3 youth scheme</text></annotationEntry>
      </rule>
    </decisionTable>
  </decision>)"));
  Result r;
  EXPECT_EQ(Display(Decide(m, "Offer", Ctx({{"Age", Value(20)}}), &r)),
            R"({Product: "Starter", Rate: 1.5})");
  ASSERT_EQ(r.trace.at(0).tables.at(0).matches.size(), 1u);
  EXPECT_EQ(r.trace[0].tables[0].matches[0].annotation, "Art. 3 youth scheme");
  EXPECT_EQ(Display(Decide(m, "Offer", Ctx({{"Age", Value(40)}}))),
            R"({Product: "none", Rate: 0})");
}

TEST(DecisionTableTest, InputOutsideInputValuesIsNull) {
  Models m = Load(Table("", Rule("r1", "-", "\"ok\""), R"(<output id="o" name="out"/>)",
                        "<inputValues><text>[0..10]</text></inputValues>"));
  EXPECT_EQ(Decide(m, "D", Ctx({{"x", Value(3)}})).string(), "ok");
  Result r;
  EXPECT_TRUE(Decide(m, "D", Ctx({{"x", Value(11)}}), &r).is_null());
  EXPECT_TRUE(HasWarning(r, "not among its input values"));
}

TEST(BoxedTest, BusinessKnowledgeModelInvocation) {
  Models m = Load(Definitions(R"(
  <businessKnowledgeModel id="b" name="Monthly Payment">
    <variable name="Monthly Payment"/>
    <encapsulatedLogic>
      <formalParameter name="amount" typeRef="number"/>
      <formalParameter name="months" typeRef="number"/>
      <literalExpression><text>amount / months</text></literalExpression>
    </encapsulatedLogic>
  </businessKnowledgeModel>
  <decision id="d1" name="Literal Call">
    <variable name="Literal Call"/>
    <knowledgeRequirement><requiredKnowledge href="#b"/></knowledgeRequirement>
    <literalExpression><text>Monthly Payment(1200, 12)</text></literalExpression>
  </decision>
  <decision id="d2" name="Boxed Call">
    <variable name="Boxed Call"/>
    <knowledgeRequirement><requiredKnowledge href="#b"/></knowledgeRequirement>
    <invocation>
      <literalExpression><text>Monthly Payment</text></literalExpression>
      <binding><parameter name="months"/><literalExpression><text>10</text></literalExpression></binding>
      <binding><parameter name="amount"/><literalExpression><text>500</text></literalExpression></binding>
    </invocation>
  </decision>
  <decision id="d3" name="Bad Argument">
    <variable name="Bad Argument"/>
    <knowledgeRequirement><requiredKnowledge href="#b"/></knowledgeRequirement>
    <literalExpression><text>Monthly Payment("x", 12)</text></literalExpression>
  </decision>)"));
  EXPECT_EQ(Num(Decide(m, "Literal Call")), "100");
  EXPECT_EQ(Num(Decide(m, "Boxed Call")), "50");
  Result r;
  EXPECT_TRUE(Decide(m, "Bad Argument", {}, &r).is_null());
  EXPECT_TRUE(HasWarning(r, "does not conform"));

  auto direct = m.Invoke("", InvocableKind::kBusinessKnowledgeModel, "Monthly Payment",
                         Ctx({{"amount", Value(90)}, {"months", Value(3)}}));
  ASSERT_TRUE(direct.has_value()) << direct.error().ToString();
  EXPECT_EQ(Num(direct->outputs.at(0).second), "30");
}

TEST(BoxedTest, ContextRelationListAndFunctionDefinition) {
  Models m = Load(Definitions(R"(
  <decision id="d1" name="Ctx">
    <variable name="Ctx"/>
    <context>
      <contextEntry><variable name="base rate"/><literalExpression><text>2</text></literalExpression></contextEntry>
      <contextEntry><variable name="scale"/>
        <functionDefinition><formalParameter name="v" typeRef="number"/>
          <literalExpression><text>v * base rate</text></literalExpression></functionDefinition>
      </contextEntry>
      <contextEntry><literalExpression><text>scale(21)</text></literalExpression></contextEntry>
    </context>
  </decision>
  <decision id="d2" name="Whole">
    <variable name="Whole"/>
    <context>
      <contextEntry><variable name="a"/><literalExpression><text>1</text></literalExpression></contextEntry>
      <contextEntry><variable name="b"/><literalExpression><text>a + 1</text></literalExpression></contextEntry>
    </context>
  </decision>
  <decision id="d3" name="Rel">
    <variable name="Rel"/>
    <relation>
      <column name="name"/><column name="age"/>
      <row><literalExpression><text>"Ann"</text></literalExpression><literalExpression><text>30</text></literalExpression></row>
      <row><literalExpression><text>"Bob"</text></literalExpression><literalExpression><text>12</text></literalExpression></row>
    </relation>
  </decision>
  <decision id="d4" name="Lst">
    <variable name="Lst"/>
    <list>
      <literalExpression><text>1 + 1</text></literalExpression>
      <literalExpression><text>"two"</text></literalExpression>
    </list>
  </decision>)"));
  EXPECT_EQ(Num(Decide(m, "Ctx")), "42");
  EXPECT_EQ(Display(Decide(m, "Whole")), "{a: 1, b: 2}");
  EXPECT_EQ(Display(Decide(m, "Rel")), R"([{name: "Ann", age: 30}, {name: "Bob", age: 12}])");
  EXPECT_EQ(Display(Decide(m, "Lst")), R"([2, "two"])");
}

TEST(BoxedTest, ConditionalFilterIteratorQuantifiers) {
  auto literal = [](const std::string& text) {
    return "<literalExpression><text>" + text + "</text></literalExpression>";
  };
  Models m = Load(Definitions(
      R"(<decision id="d1" name="Cond"><variable name="Cond"/><conditional>)"
      "<if>" +
      literal("1 &gt; 2") + "</if><then>" + literal("\"yes\"") + "</then><else>" +
      literal("\"no\"") +
      R"(</else></conditional></decision>
  <decision id="d2" name="CondBad"><variable name="CondBad"/><conditional>)"
      "<if>" +
      literal("\"abc\"") + "</if><then>" + literal("1") + "</then><else>" + literal("2") +
      R"(</else></conditional></decision>
  <decision id="d3" name="Filt"><variable name="Filt"/><filter>)"
      "<in>" +
      literal("[{n: 1}, {n: 5}, {n: 9}]") + "</in><match>" + literal("n &gt; 3") +
      R"(</match></filter></decision>
  <decision id="d4" name="For"><variable name="For"/><for iteratorVariable="e">)"
      "<in>" +
      literal("[1, 2, 3]") + "</in><return>" + literal("e * e") +
      R"(</return></for></decision>
  <decision id="d5" name="Every"><variable name="Every"/><every iteratorVariable="e">)"
      "<in>" +
      literal("[1, 2, 3]") + "</in><satisfies>" + literal("e &gt; 0") +
      R"(</satisfies></every></decision>
  <decision id="d6" name="Some"><variable name="Some"/><some iteratorVariable="e">)"
      "<in>" +
      literal("[1, 2, 3]") + "</in><satisfies>" + literal("e &gt; 5") +
      R"(</satisfies></some></decision>
  <decision id="d7" name="FiltBad"><variable name="FiltBad"/><filter>)"
      "<in>" +
      literal("[1, 2]") + "</in><match>" + literal("\"x\"") + R"(</match></filter></decision>)"));
  EXPECT_EQ(Decide(m, "Cond").string(), "no");
  EXPECT_TRUE(Decide(m, "CondBad").is_null());
  EXPECT_EQ(Display(Decide(m, "Filt")), "[{n: 5}, {n: 9}]");
  EXPECT_EQ(Display(Decide(m, "For")), "[1, 4, 9]");
  EXPECT_EQ(Display(Decide(m, "Every")), "true");
  EXPECT_EQ(Display(Decide(m, "Some")), "false");
  EXPECT_TRUE(Decide(m, "FiltBad").is_null());
}

TEST(ImportTest, QualifiedNamesAcrossModels) {
  std::string imported = Definitions(R"(
  <itemDefinition name="tPerson">
    <itemComponent name="name"><typeRef>string</typeRef></itemComponent>
  </itemDefinition>
  <businessKnowledgeModel id="hello" name="Say Hello">
    <variable name="Say Hello"/>
    <encapsulatedLogic><formalParameter name="p" typeRef="tPerson"/>
      <literalExpression><text>"Hello " + p.name</text></literalExpression></encapsulatedLogic>
  </businessKnowledgeModel>
  <inputData id="in_greeting" name="Greeting"><variable name="Greeting" typeRef="string"/></inputData>
  <decision id="base" name="Base Greeting">
    <variable name="Base Greeting" typeRef="string"/>
    <informationRequirement><requiredInput href="#in_greeting"/></informationRequirement>
    <literalExpression><text>Greeting + "!"</text></literalExpression>
  </decision>)",
                                     "http://example.com/lib", "lib");
  std::string main = Definitions(R"(
  <import name="lib" namespace="http://example.com/lib" importType="https://www.omg.org/spec/DMN/20230324/MODEL/"/>
  <inputData id="i" name="Person"><variable name="Person" typeRef="lib.tPerson"/></inputData>
  <decision id="d" name="Out">
    <variable name="Out"/>
    <informationRequirement><requiredInput href="#i"/></informationRequirement>
    <informationRequirement><requiredDecision href="http://example.com/lib#base"/></informationRequirement>
    <knowledgeRequirement><requiredKnowledge href="http://example.com/lib#hello"/></knowledgeRequirement>
    <literalExpression><text>lib.Say Hello(Person) + " / " + lib.Base Greeting</text></literalExpression>
  </decision>)",
                                 "http://example.com/main", "main");
  auto models = Models::Parse({{"lib.dmn", imported}, {"main.dmn", main}});
  ASSERT_TRUE(models.has_value()) << models.error().ToString();
  Inputs in;
  in.values.Set("Person", Value(Ctx({{"name", Value("Ann")}})));
  in.by_namespace["http://example.com/lib"].Set("Greeting", Value("Hi"));
  std::vector<std::string> names{"Out"};
  auto r = models->EvaluateDecisions("main.dmn", names, in);
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  EXPECT_EQ(r->outputs.at(0).second.string(), "Hello Ann / Hi!");
  // The default model is the one nobody imports.
  auto r2 = models->EvaluateDecisions("", names, in);
  ASSERT_TRUE(r2.has_value());
  EXPECT_EQ(r2->outputs.at(0).second.string(), "Hello Ann / Hi!");
}

TEST(DecisionServiceTest, DirectAndFromFeel) {
  Models m = Load(Definitions(R"(
  <decisionService id="ds" name="Svc">
    <variable name="Svc"/>
    <outputDecision href="#out"/>
    <encapsulatedDecision href="#out"/>
    <inputDecision href="#dec_in"/>
    <inputData href="#data_in"/>
  </decisionService>
  <inputData id="data_in" name="Data"><variable name="Data" typeRef="string"/></inputData>
  <decision id="dec_in" name="Dec In"><variable name="Dec In" typeRef="string"/>
    <literalExpression><text>"never"</text></literalExpression></decision>
  <decision id="out" name="Out"><variable name="Out" typeRef="string"/>
    <informationRequirement><requiredInput href="#data_in"/></informationRequirement>
    <informationRequirement><requiredDecision href="#dec_in"/></informationRequirement>
    <literalExpression><text>Data + " " + Dec In</text></literalExpression></decision>
  <decision id="caller" name="Caller"><variable name="Caller"/>
    <knowledgeRequirement><requiredKnowledge href="#ds"/></knowledgeRequirement>
    <literalExpression><text>Svc("A", "B")</text></literalExpression></decision>
  <decision id="caller2" name="Bad Caller"><variable name="Bad Caller"/>
    <knowledgeRequirement><requiredKnowledge href="#ds"/></knowledgeRequirement>
    <literalExpression><text>Svc("A", 1)</text></literalExpression></decision>)"));
  auto direct = m.Invoke("", InvocableKind::kDecisionService, "Svc",
                         Ctx({{"Data", Value("x")}, {"Dec In", Value("y")}}));
  ASSERT_TRUE(direct.has_value()) << direct.error().ToString();
  EXPECT_EQ(direct->Find("Out")->string(), "x y");
  // Input data first, then input decisions.
  EXPECT_EQ(Decide(m, "Caller").string(), "A B");
  EXPECT_TRUE(Decide(m, "Bad Caller").is_null());
  // A missing parameter is null.
  auto missing = m.Invoke("", InvocableKind::kDecisionService, "Svc", Ctx({{"Data", Value("x")}}));
  ASSERT_TRUE(missing.has_value());
  EXPECT_TRUE(missing->Find("Out")->is_null());
  // The name-based entry point finds the service.
  Inputs in;
  in.values = Ctx({{"Data", Value("p")}, {"Dec In", Value("q")}});
  auto by_name = m.Evaluate("", "Svc", in);
  ASSERT_TRUE(by_name.has_value());
  EXPECT_EQ(by_name->Find("Out")->string(), "p q");
}

TEST(MalformedTest, UnknownReferenceNamesTheElement) {
  auto models = Models::Parse({{"m.dmn", Definitions(R"(
  <decision id="d_x" name="Broken">
    <variable name="Broken"/>
    <informationRequirement><requiredInput href="#nowhere"/></informationRequirement>
    <literalExpression><text>1</text></literalExpression>
  </decision>)")}});
  ASSERT_FALSE(models.has_value());
  EXPECT_THAT(models.error().ToString(), HasSubstr("decision 'Broken' (id d_x)"));
  EXPECT_THAT(models.error().ToString(), HasSubstr("nowhere"));
}

// Found by dmn_fuzz_test: the second definition replaced the first while the reader still held it.
TEST(MalformedTest, DuplicateItemDefinitionIsRefused) {
  auto models = Models::Parse({{"m.dmn", Definitions(R"(
  <itemDefinition name="tList" isCollection="true"><typeRef>string</typeRef></itemDefinition>
  <itemDefinition name="tList" isCollection="true"><typeRef>string</typeRef></itemDefinition>)")}});
  ASSERT_FALSE(models.has_value());
  EXPECT_THAT(models.error().ToString(), HasSubstr("'tList' is defined twice"));
}

TEST(MalformedTest, MissingNameAndBadXml) {
  auto no_name = Models::Parse(
      {{"m.dmn",
        Definitions(
            R"(<decision id="d9"><literalExpression><text>1</text></literalExpression></decision>)")}});
  ASSERT_FALSE(no_name.has_value());
  EXPECT_THAT(no_name.error().ToString(), HasSubstr("d9"));
  EXPECT_THAT(no_name.error().ToString(), HasSubstr("name"));

  auto bad_xml = Models::Parse({{"bad.dmn", "<definitions"}});
  ASSERT_FALSE(bad_xml.has_value());
  EXPECT_THAT(bad_xml.error().ToString(), HasSubstr("bad.dmn"));

  auto no_ns = Models::Parse({{"m.dmn", "<definitions name=\"x\"/>"}});
  ASSERT_FALSE(no_ns.has_value());
  EXPECT_THAT(no_ns.error().ToString(), HasSubstr("namespace"));

  auto cond = Models::Parse({{"m.dmn", Definitions(R"(<decision id="c" name="C"><variable name="C"/>
    <conditional><if><literalExpression><text>true</text></literalExpression></if></conditional></decision>)")}});
  ASSERT_FALSE(cond.has_value());
  EXPECT_THAT(cond.error().ToString(), HasSubstr("decision 'C'"));
  EXPECT_THAT(cond.error().ToString(), HasSubstr("then"));
}

TEST(MalformedTest, FeelSyntaxErrorEvaluatesToNullWithWarning) {
  Models m = Load(Definitions(R"(
  <decision id="d" name="Syntax"><variable name="Syntax"/>
    <literalExpression><text>1 + + * )</text></literalExpression></decision>
  <decision id="ok" name="Fine"><variable name="Fine"/>
    <literalExpression><text>1 + 1</text></literalExpression></decision>)"));
  ASSERT_FALSE(m.load_warnings().empty());
  EXPECT_THAT(m.load_warnings()[0].element, HasSubstr("Syntax"));
  Result r;
  EXPECT_TRUE(Decide(m, "Syntax", {}, &r).is_null());
  EXPECT_TRUE(HasWarning(r, "syntax error"));
  EXPECT_EQ(Num(Decide(m, "Fine")), "2");
}

TEST(MalformedTest, UnknownDecisionRequested) {
  Models m = Load(Definitions(R"(<decision id="ok" name="Fine"><variable name="Fine"/>
    <literalExpression><text>1</text></literalExpression></decision>)"));
  std::vector<std::string> names{"Missing"};
  auto r = m.EvaluateDecisions("", names, {});
  ASSERT_FALSE(r.has_value());
  EXPECT_THAT(r.error().ToString(), HasSubstr("Missing"));
}

TEST(DmnTest, RequiredDecisionsEvaluatedOnceInOrder) {
  Models m = Load(Definitions(R"(
  <decision id="a" name="A"><variable name="A"/><literalExpression><text>1</text></literalExpression></decision>
  <decision id="b" name="B"><variable name="B"/>
    <informationRequirement><requiredDecision href="#a"/></informationRequirement>
    <literalExpression><text>A + 1</text></literalExpression></decision>
  <decision id="c" name="C"><variable name="C"/>
    <informationRequirement><requiredDecision href="#a"/></informationRequirement>
    <informationRequirement><requiredDecision href="#b"/></informationRequirement>
    <literalExpression><text>A + B</text></literalExpression></decision>)"));
  Result r;
  EXPECT_EQ(Num(Decide(m, "C", {}, &r)), "3");
  ASSERT_EQ(r.trace.size(), 3u);
  EXPECT_EQ(r.trace[0].name, "A");
  EXPECT_EQ(r.trace[1].name, "B");
  EXPECT_EQ(r.trace[2].name, "C");
}

TEST(MalformedTest, RequirementCycleIsRefused) {
  auto models = Models::Parse({{"m.dmn", Definitions(R"(
  <decision id="a" name="A"><variable name="A"/>
    <informationRequirement><requiredDecision href="#b"/></informationRequirement>
    <literalExpression><text>B</text></literalExpression></decision>
  <decision id="b" name="B"><variable name="B"/>
    <informationRequirement><requiredDecision href="#a"/></informationRequirement>
    <literalExpression><text>A</text></literalExpression></decision>)")}});
  ASSERT_FALSE(models.has_value());
  EXPECT_THAT(models.error().ToString(), HasSubstr("cycle"));
}

TEST(DmnTest, Dmn11NamespacePrefixesAndQualifiedTypeRefs) {
  auto models = Models::Parse({{"old.dmn", R"(<?xml version="1.0"?>
<dmn:definitions xmlns:dmn="http://www.omg.org/spec/DMN/20151101/dmn.xsd"
    xmlns:feel="http://www.omg.org/spec/FEEL/20140401" namespace="http://example.com/old" name="old">
  <dmn:itemDefinition name="tAmount"><dmn:typeRef>feel:number</dmn:typeRef></dmn:itemDefinition>
  <dmn:inputData id="i" name="Amount"><dmn:variable name="Amount" typeRef="tAmount"/></dmn:inputData>
  <dmn:decision id="d" name="Fee">
    <dmn:variable name="Fee" typeRef="feel:number"/>
    <dmn:informationRequirement><dmn:requiredInput href="#i"/></dmn:informationRequirement>
    <dmn:decisionTable hitPolicy="COLLECT" aggregation="SUM">
      <dmn:input><dmn:inputExpression typeRef="feel:number"><dmn:text>Amount</dmn:text></dmn:inputExpression></dmn:input>
      <dmn:output/>
      <dmn:rule><dmn:inputEntry><dmn:text>&gt; 100</dmn:text></dmn:inputEntry><dmn:outputEntry><dmn:text>5</dmn:text></dmn:outputEntry></dmn:rule>
      <dmn:rule><dmn:inputEntry><dmn:text>-</dmn:text></dmn:inputEntry><dmn:outputEntry><dmn:text>1</dmn:text></dmn:outputEntry></dmn:rule>
    </dmn:decisionTable>
  </dmn:decision>
</dmn:definitions>)"}});
  ASSERT_TRUE(models.has_value()) << models.error().ToString();
  EXPECT_EQ(Num(Decide(*models, "Fee", Ctx({{"Amount", Value(500)}}))), "6");
  EXPECT_EQ(Num(Decide(*models, "Fee", Ctx({{"Amount", Value(50)}}))), "1");
  EXPECT_TRUE(models->load_warnings().empty());
}

TEST(BoxedTest, JavaFunctionDefinitions) {
  auto java = [](const std::string& name, const std::string& cls, const std::string& signature) {
    return R"(<functionDefinition kind="Java">
          <formalParameter name="a" typeRef="number"/><formalParameter name="b" typeRef="number"/>
          <context>
            <contextEntry><variable name="class"/><literalExpression><text>")" +
           cls + R"("</text></literalExpression></contextEntry>
            <contextEntry><variable name="method signature"/><literalExpression><text>")" +
           signature + R"("</text></literalExpression></contextEntry>
          </context></functionDefinition>)";
  };
  Models m = Load(Definitions(
      R"(<decision id="d" name="Java"><variable name="Java"/><context>
      <contextEntry><variable name="max"/>)" +
      java("max", "java.lang.Math", "max(double, double)") +
      R"(</contextEntry>
      <contextEntry><literalExpression><text>max(1, 2)</text></literalExpression></contextEntry>
    </context></decision>
  <decision id="d2" name="Missing"><variable name="Missing"/><context>
      <contextEntry><variable name="f"/>)" +
      java("f", "java.lang.Math", "noSuchMethod(double, double)") +
      R"xml(</contextEntry>
      <contextEntry><literalExpression><text>f(1, 2)</text></literalExpression></contextEntry>
    </context></decision>
  <businessKnowledgeModel id="b" name="Bigger"><variable name="Bigger"/>
    <encapsulatedLogic kind="Java">
      <formalParameter name="a" typeRef="number"/><formalParameter name="b" typeRef="number"/>
      <context>
        <contextEntry><variable name="class"/><literalExpression><text>"java.lang.Math"</text></literalExpression></contextEntry>
        <contextEntry><variable name="method signature"/><literalExpression><text>"max(double, double)"</text></literalExpression></contextEntry>
      </context>
    </encapsulatedLogic>
  </businessKnowledgeModel>
  <decision id="d3" name="Via BKM"><variable name="Via BKM"/>
    <knowledgeRequirement><requiredKnowledge href="#b"/></knowledgeRequirement>
    <literalExpression><text>Bigger(3, 9)</text></literalExpression></decision>)xml"));
  EXPECT_EQ(Num(Decide(m, "Java")), "2");
  EXPECT_TRUE(Decide(m, "Missing").is_null());
  EXPECT_EQ(Num(Decide(m, "Via BKM")), "9");
}

TEST(BoxedTest, RunawayRecursionStopsWithWarning) {
  Models m = Load(Definitions(R"(
  <businessKnowledgeModel id="b" name="Forever">
    <variable name="Forever"/>
    <encapsulatedLogic><formalParameter name="n" typeRef="number"/>
      <literalExpression><text>Forever(n + 1)</text></literalExpression></encapsulatedLogic>
  </businessKnowledgeModel>
  <businessKnowledgeModel id="f" name="Factorial">
    <variable name="Factorial"/>
    <encapsulatedLogic><formalParameter name="n" typeRef="number"/>
      <literalExpression><text>if n &lt;= 1 then 1 else n * Factorial(n - 1)</text></literalExpression></encapsulatedLogic>
  </businessKnowledgeModel>
  <decision id="d" name="Loop"><variable name="Loop"/>
    <knowledgeRequirement><requiredKnowledge href="#b"/></knowledgeRequirement>
    <literalExpression><text>Forever(0)</text></literalExpression></decision>
  <decision id="d2" name="Fact"><variable name="Fact"/>
    <knowledgeRequirement><requiredKnowledge href="#f"/></knowledgeRequirement>
    <literalExpression><text>Factorial(10)</text></literalExpression></decision>)"));
  Result r;
  EXPECT_TRUE(Decide(m, "Loop", {}, &r).is_null());
  EXPECT_TRUE(HasWarning(r, "nested too deeply"));
  EXPECT_EQ(Num(Decide(m, "Fact")), "3628800");
}

TEST(DmnTest, DottedParameterNamesStayLocalToTheirElement) {
  // "Person.Age" is a parameter name inside the BKM, and a path expression in the decision.
  Models m = Load(Definitions(R"(
  <inputData id="i" name="Person"><variable name="Person"/></inputData>
  <businessKnowledgeModel id="b" name="Older">
    <variable name="Older"/>
    <encapsulatedLogic><formalParameter name="Person.Age" typeRef="number"/>
      <literalExpression><text>Person.Age + 1</text></literalExpression></encapsulatedLogic>
  </businessKnowledgeModel>
  <decision id="d" name="Next Age"><variable name="Next Age"/>
    <informationRequirement><requiredInput href="#i"/></informationRequirement>
    <knowledgeRequirement><requiredKnowledge href="#b"/></knowledgeRequirement>
    <invocation>
      <literalExpression><text>Older</text></literalExpression>
      <binding><parameter name="Person.Age"/><literalExpression><text>Person.Age</text></literalExpression></binding>
    </invocation>
  </decision>)"));
  EXPECT_EQ(Num(Decide(m, "Next Age", Ctx({{"Person", Value(Ctx({{"Age", Value(41)}}))}}))), "42");
}

TEST(DmnTest, MissingInputIsNullWithWarning) {
  Models m = Load(Definitions(R"(
  <inputData id="i" name="x"><variable name="x" typeRef="number"/></inputData>
  <decision id="d" name="D"><variable name="D"/>
    <informationRequirement><requiredInput href="#i"/></informationRequirement>
    <literalExpression><text>x</text></literalExpression></decision>)"));
  Result r;
  EXPECT_TRUE(Decide(m, "D", {}, &r).is_null());
  ASSERT_FALSE(r.warnings.empty());
  EXPECT_THAT(r.warnings[0].element, HasSubstr("input data 'x'"));
}

}  // namespace
}  // namespace tamga::dmn
