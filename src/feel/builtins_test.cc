// Tests of the built-in functions (DMN 1.5 section 10.3.4), mostly through FEEL text so that a case
// reads like the specification's and the DMN TCK's examples; some call the functions directly
// through FindBuiltin and Invoke.
#include "feel/builtins.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "feel/feel.h"

namespace tamga::feel {
namespace {

class BuiltinsTest : public ::testing::Test {
 protected:
  // Evaluates `source` and renders the result as FEEL text (strings quoted).
  std::string Eval(std::string_view source) {
    auto e = Expression::Compile(source);
    if (!e) return "syntax error: " + e.error().ToString();
    diagnostics_.Clear();
    return ToDisplayString(e->Evaluate(Context{}, diagnostics_));
  }

  // Calls a built-in with positional arguments.
  Value Call(std::string_view name, std::vector<Value> args) {
    const Value* f = FindBuiltin(name);
    if (!f) {
      ADD_FAILURE() << "no built-in " << name;
      return Value();
    }
    diagnostics_.Clear();
    CallContext ctx{diagnostics_};
    return Invoke(f->function(), std::move(args), ctx);
  }

  // Calls a built-in with named arguments.
  Value CallNamed(std::string_view name, std::vector<std::pair<std::string, Value>> args) {
    const Value* f = FindBuiltin(name);
    if (!f) {
      ADD_FAILURE() << "no built-in " << name;
      return Value();
    }
    diagnostics_.Clear();
    CallContext ctx{diagnostics_};
    return InvokeNamed(f->function(), std::move(args), ctx);
  }

  bool Warned() const { return !diagnostics_.warnings().empty(); }

  Diagnostics diagnostics_;
};

std::string Show(const Value& v) { return ToDisplayString(v); }

// ---- the table ----

TEST_F(BuiltinsTest, EveryNameIsFound) {
  const auto& names = BuiltinNames();
  EXPECT_GE(names.size(), 86u);
  EXPECT_EQ(std::set<std::string>(names.begin(), names.end()).size(), names.size());
  for (const std::string& name : names) {
    const Value* f = FindBuiltin(name);
    ASSERT_NE(f, nullptr) << name;
    ASSERT_TRUE(f->is(Kind::kFunction)) << name;
    EXPECT_EQ(f->function().name, name);
  }
  EXPECT_EQ(FindBuiltin("no such function"), nullptr);
  EXPECT_EQ(FindBuiltin("substring"), FindBuiltin("substring"));  // one value for the program
}

TEST_F(BuiltinsTest, HasEveryFunctionOfTheSpecification) {
  for (const char* name : {"date",
                           "date and time",
                           "time",
                           "number",
                           "string",
                           "duration",
                           "years and months duration",
                           "range",
                           "not",
                           "is",
                           "substring",
                           "string length",
                           "upper case",
                           "lower case",
                           "substring before",
                           "substring after",
                           "replace",
                           "contains",
                           "starts with",
                           "ends with",
                           "matches",
                           "split",
                           "string join",
                           "list contains",
                           "count",
                           "min",
                           "max",
                           "sum",
                           "mean",
                           "all",
                           "any",
                           "sublist",
                           "append",
                           "concatenate",
                           "insert before",
                           "remove",
                           "reverse",
                           "index of",
                           "union",
                           "distinct values",
                           "flatten",
                           "product",
                           "median",
                           "stddev",
                           "mode",
                           "list replace",
                           "sort",
                           "decimal",
                           "floor",
                           "ceiling",
                           "round up",
                           "round down",
                           "round half up",
                           "round half down",
                           "abs",
                           "modulo",
                           "sqrt",
                           "log",
                           "exp",
                           "odd",
                           "even",
                           "get value",
                           "get entries",
                           "context",
                           "context put",
                           "context merge",
                           "before",
                           "after",
                           "meets",
                           "met by",
                           "overlaps",
                           "overlaps before",
                           "overlaps after",
                           "finishes",
                           "finished by",
                           "includes",
                           "during",
                           "starts",
                           "started by",
                           "coincides",
                           "day of year",
                           "day of week",
                           "month of year",
                           "week of year",
                           "now",
                           "today"}) {
    EXPECT_NE(FindBuiltin(name), nullptr) << name;
  }
}

// ---- conversion ----

TEST_F(BuiltinsTest, Date) {
  EXPECT_EQ(Eval("string(date(\"2017-12-31\"))"), "\"2017-12-31\"");
  EXPECT_EQ(Eval("string(date(\"-2017-01-01\"))"), "\"-2017-01-01\"");
  EXPECT_EQ(Eval("string(date(date and time(\"2017-08-14T14:25:00@Europe/Paris\")))"),
            "\"2017-08-14\"");
  EXPECT_EQ(Eval("string(date(2017, 1, 1))"), "\"2017-01-01\"");
  EXPECT_EQ(Eval("string(date(-2017, 12, 31))"), "\"-2017-12-31\"");
  EXPECT_EQ(Eval("string(date(2016, 2, 29))"), "\"2016-02-29\"");
  EXPECT_EQ(Eval("date(2017, 2, 29)"), "null");
  EXPECT_EQ(Eval("date(2017, 13, 31)"), "null");
  EXPECT_EQ(Eval("date(2017, 8, -2)"), "null");
  EXPECT_EQ(Eval("date(1000999999, 12, 1)"), "null");
  EXPECT_EQ(Eval("date(2017, null, 1)"), "null");
  EXPECT_EQ(Eval("date(\"2017-13-10\")"), "null");
  EXPECT_EQ(Eval("date(\"2012-12-25T\")"), "null");
  EXPECT_EQ(Eval("date(1)"), "null");
  EXPECT_TRUE(Warned());
  EXPECT_EQ(Eval("date(null)"), "null");
  EXPECT_EQ(Eval("date(2017, 1)"), "null");
  EXPECT_EQ(Eval("date()"), "null");
  EXPECT_EQ(Show(CallNamed("date", {{"from", "2012-12-25"}})), "2012-12-25");
}

TEST_F(BuiltinsTest, DateAndTime) {
  EXPECT_EQ(Eval("string(date and time(\"2012-12-24\"))"), "\"2012-12-24T00:00:00\"");
  EXPECT_EQ(Eval("string(date and time(\"2017-12-31T11:22:33.345+01:00\"))"),
            "\"2017-12-31T11:22:33.345+01:00\"");
  EXPECT_EQ(Eval("string(date and time(date(\"2017-01-01\"), time(\"23:59:01Z\")))"),
            "\"2017-01-01T23:59:01Z\"");
  EXPECT_EQ(Eval("string(date and time(date and time(\"2017-08-10T10:20:00+02:00\"), "
                 "time(\"23:59:01\")))"),
            "\"2017-08-10T23:59:01\"");
  EXPECT_EQ(Eval("string(date and time(date(\"2017-01-01\"), time(\"23:59:01@Europe/Paris\")))"),
            "\"2017-01-01T23:59:01@Europe/Paris\"");
  EXPECT_EQ(Eval("date and time(\"11:00:00\")"), "null");
  EXPECT_EQ(Eval("date and time(2017)"), "null");
  EXPECT_EQ(Eval("date and time(date(\"2017-08-10\"), null)"), "null");
  EXPECT_EQ(Eval("date and time(\"2017-12-31\", time(\"10:00:00\"))"), "null");
}

TEST_F(BuiltinsTest, Time) {
  EXPECT_EQ(Eval("string(time(\"11:22:33.444\"))"), "\"11:22:33.444\"");
  EXPECT_EQ(Eval("string(time(\"11:22:33+00:00\"))"), "\"11:22:33Z\"");
  EXPECT_EQ(Eval("string(time(date and time(\"2017-08-10T10:20:00-01:00\")))"),
            "\"10:20:00-01:00\"");
  EXPECT_EQ(Eval("string(time(date(\"2017-08-10\")))"), "\"00:00:00Z\"");
  EXPECT_EQ(Eval("string(time(12, 0, 0, null))"), "\"12:00:00\"");
  EXPECT_EQ(Eval("string(time(11, 59, 45))"), "\"11:59:45\"");
  EXPECT_EQ(Eval("string(time(11, 59, 45, duration(\"PT2H\")))"), "\"11:59:45+02:00\"");
  EXPECT_EQ(Eval("string(time(11, 59, 45, duration(\"-PT2H45M55S\")))"), "\"11:59:45-02:45:55\"");
  EXPECT_EQ(Eval("string(time(11, 59, 45, duration(\"-PT0H\")))"), "\"11:59:45Z\"");
  EXPECT_EQ(Eval("string(time(12, 59, 1.3, duration(\"-PT1H\")))"), "\"12:59:01.3-01:00\"");
  EXPECT_EQ(Eval("time(24, 59, 45, null)"), "null");
  EXPECT_EQ(Eval("time(23, 60, 45, null)"), "null");
  EXPECT_EQ(Eval("time(23, 59, 60, null)"), "null");
  EXPECT_EQ(Eval("time(12, 0, 0, duration(\"PT15H\"))"), "null");
  EXPECT_EQ(Eval("time(12, 0, 0, duration(\"P1Y\"))"), "null");
  EXPECT_EQ(Eval("time(null, 11, 45, duration(\"P0D\"))"), "null");
  EXPECT_EQ(Eval("time(\"24:00:01\")"), "null");
  EXPECT_EQ(Eval("time(2017)"), "null");
  EXPECT_EQ(Eval("time(1, 2)"), "null");
}

TEST_F(BuiltinsTest, Number) {
  EXPECT_EQ(Eval("number(\"1.000.000,01\", \".\", \",\")"), "1000000.01");
  EXPECT_EQ(Eval("number(\"1 000 000.01\", \" \", \".\")"), "1000000.01");
  EXPECT_EQ(Eval("number(\"1000000.01\", null, \".\")"), "1000000.01");
  EXPECT_EQ(Eval("number(\"1,000,000\", \",\", null)"), "1000000");
  EXPECT_EQ(Eval("number(\"12\")"), "12");
  EXPECT_EQ(Eval("number(\"-1.5e3\")"), "-1500");
  EXPECT_EQ(Eval("number(\"1,000,000.01\", \" \", \".\")"), "null");
  EXPECT_EQ(Eval("number(\"1,000,000.01\", \":\", \".\")"), "null");
  EXPECT_EQ(Eval("number(\"1,000,000.00\", \",\", \",\")"), "null");
  EXPECT_EQ(Eval("number(\"1,000,000.01\", 123, \".\")"), "null");
  EXPECT_EQ(Eval("number(\"foo,bar.001\", \".\", \",\")"), "null");
  EXPECT_EQ(Eval("number(123, \".\", \",\")"), "null");
  EXPECT_EQ(Eval("number(\"1.000.000,01\", \".\")"), "null");
  EXPECT_EQ(Eval("number(\"1\", \".\", \",\", \",\")"), "null");
  EXPECT_EQ(Show(CallNamed("number", {{"from", "1.000.000,01"},
                                      {"decimal separator", ","},
                                      {"grouping separator", "."}})),
            "1000000.01");
}

TEST_F(BuiltinsTest, String) {
  EXPECT_EQ(Eval("string(123.45)"), "\"123.45\"");
  EXPECT_EQ(Eval("string(true)"), "\"true\"");
  EXPECT_EQ(Eval("string(\"foo\")"), "\"foo\"");
  EXPECT_EQ(Eval("string(duration(\"PT49H\"))"), "\"P2DT1H\"");
  EXPECT_EQ(Eval("string([1, 2, \"foo\"])"), "\"[1, 2, \\\"foo\\\"]\"");
  EXPECT_EQ(Eval("string({a: \"foo\"})"), "\"{a: \\\"foo\\\"}\"");
  EXPECT_EQ(Eval("string(null)"), "null");
  EXPECT_FALSE(Warned());
  EXPECT_EQ(Eval("string(\"foo\", \"bar\")"), "null");
}

TEST_F(BuiltinsTest, Duration) {
  EXPECT_EQ(Eval("string(duration(\"P1DT2H3M4.123456789S\"))"), "\"P1DT2H3M4.123456789S\"");
  EXPECT_EQ(Eval("string(duration(\"PT1000M\"))"), "\"PT16H40M\"");
  EXPECT_EQ(Eval("string(duration(\"P26M\"))"), "\"P2Y2M\"");
  EXPECT_EQ(Eval("string(duration(\"P0Y\"))"), "\"P0M\"");
  EXPECT_EQ(Eval("string(duration(\"P0D\"))"), "\"PT0S\"");
  EXPECT_EQ(Eval("duration(\"P1Y\") instance of years and months duration"), "true");
  EXPECT_EQ(Eval("duration(\"PT24H\") instance of days and time duration"), "true");
  EXPECT_EQ(Eval("duration(\"P\")"), "null");
  EXPECT_EQ(Eval("duration(\"P1H\")"), "null");
  EXPECT_EQ(Eval("duration(\"\")"), "null");
  EXPECT_EQ(Eval("duration(2017)"), "null");
  EXPECT_EQ(Eval("duration(null)"), "null");
}

TEST_F(BuiltinsTest, YearsAndMonthsDuration) {
  EXPECT_EQ(Eval("string(years and months duration(date(\"2011-12-22\"), date(\"2013-08-24\")))"),
            "\"P1Y8M\"");
  EXPECT_EQ(Eval("string(years and months duration(date and time(\"2015-12-23T00:00:01-01:00\"), "
                 "date and time(\"2016-12-24T23:59:00-08:00\")))"),
            "\"P1Y\"");
  EXPECT_EQ(Eval("string(years and months duration(date(\"2013-08-24\"), date(\"2011-12-22\")))"),
            "\"-P1Y8M\"");
  EXPECT_EQ(Eval("years and months duration(date(\"2011-12-22\"), 2)"), "null");
  EXPECT_EQ(Eval("years and months duration(null, date(\"2011-12-22\"))"), "null");
}

TEST_F(BuiltinsTest, Range) {
  EXPECT_EQ(Eval("range(\"[1..10]\")"), "[1..10]");
  EXPECT_EQ(Eval("range(\"(1..10]\") = ]1..10]"), "true");
  EXPECT_EQ(Eval("range(\"[date(\\\"2020-01-01\\\")..date(\\\"2021-01-01\\\")]\") = "
                 "[date(\"2020-01-01\")..date(\"2021-01-01\")]"),
            "true");
  Value below = Call("range", {"< 10"});
  ASSERT_TRUE(below.is(Kind::kRange));
  EXPECT_TRUE(below.range().start.is_null());
  EXPECT_EQ(Show(below.range().end), "10");
  EXPECT_FALSE(below.range().end_included);
  Value from = Call("range", {">=18"});
  ASSERT_TRUE(from.is(Kind::kRange));
  EXPECT_EQ(Show(from.range().start), "18");
  EXPECT_TRUE(from.range().start_included);
  Value equal = Call("range", {"= 5"});
  ASSERT_TRUE(equal.is(Kind::kRange));
  EXPECT_EQ(equal.range().form, Range::Form::kEqual);
  EXPECT_EQ(Show(equal.range().start), "5");
  Value not_equal = Call("range", {"!=\"a\""});
  ASSERT_TRUE(not_equal.is(Kind::kRange));
  EXPECT_EQ(not_equal.range().form, Range::Form::kNotEqual);
  EXPECT_EQ(Show(not_equal.range().start), "\"a\"");
  EXPECT_EQ(Eval("range(\"1, 2\")"), "null");
  EXPECT_TRUE(Warned());
  EXPECT_EQ(Eval("range(\"[1..\")"), "null");
  EXPECT_EQ(Eval("range(1)"), "null");
}

// DMN 1.5 10.3.4.1 range(): the table's examples, and grammar rules 66 and 67 (10.3.1.2): one
// endpoint may be left out next to an open bracket; endpoints are literals.
TEST_F(BuiltinsTest, Dmn15_10_3_4_1_RangeExamplesAndGrammarRule66) {
  EXPECT_EQ(Eval("range(\"[18..21)\")"), "[18..21)");
  EXPECT_EQ(Eval("range(\"[2..)\") = >= 2"), "true");
  EXPECT_EQ(Eval("range(\"(..2)\") = < 2"), "true");
  EXPECT_EQ(Eval("range(\"]..2[\") = < 2"), "true");
  EXPECT_EQ(Eval("range(\"\")"), "null");
  EXPECT_EQ(Eval("range(\"[..]\")"), "null");
  // 66.b and 66.c: a missing endpoint needs an open bracket on its side.
  EXPECT_EQ(Eval("range(\"[..2)\")"), "null");
  EXPECT_EQ(Eval("range(\"(2..]\")"), "null");
  // Rule 67: numeric, string and date time literals (@"...", or date, time, date and time and
  // duration of string literals); not names or other expressions.
  EXPECT_EQ(Eval("range(\"[\\\"a\\\"..\\\"z\\\"]\")"), "[\"a\"..\"z\"]");
  EXPECT_EQ(Eval("range(\"[@\\\"2020-01-01\\\"..date(\\\"2021-01-01\\\")]\") = "
                 "[date(\"2020-01-01\")..date(\"2021-01-01\")]"),
            "true");
  EXPECT_EQ(Eval("range(\"[duration(\\\"P1D\\\")..duration(\\\"P2D\\\")]\") = "
                 "[duration(\"P1D\")..duration(\"P2D\")]"),
            "true");
  EXPECT_EQ(Eval("range(\"[-5..-1]\")"), "[-5..-1]");
  EXPECT_EQ(Eval("range(\"[x..5]\")"), "null");
  EXPECT_EQ(Eval("range(\"[1..1+1]\")"), "null");
  EXPECT_EQ(Eval("range(\"[1..abs(2)]\")"), "null");
  EXPECT_EQ(Eval("range(\">= x\")"), "null");
}

// DMN 1.5 10.3.2.7: "the endpoints must be of equivalent types ... and ordered such that range
// start <= range end"; "the same rules apply when ranges are created programmatically, e.g.,
// using the range function".
TEST_F(BuiltinsTest, Dmn15_10_3_2_7_RangeEndpointsOfOneTypeInOrder) {
  EXPECT_EQ(Eval("range(\"[5..1]\")"), "null");
  EXPECT_TRUE(Warned());
  EXPECT_EQ(Eval("range(\"[1..\\\"a\\\"]\")"), "null");
  EXPECT_EQ(Eval("range(\"[1..@\\\"2020-01-01\\\"]\")"), "null");
  EXPECT_EQ(Eval("range(\"[1..1]\")"), "[1..1]");
  EXPECT_EQ(Eval("range(\"(1..1)\")"), "(1..1)");  // empty but well formed
}

// ---- boolean ----

TEST_F(BuiltinsTest, Not) {
  EXPECT_EQ(Eval("not(true)"), "false");
  EXPECT_EQ(Eval("not(false)"), "true");
  EXPECT_EQ(Eval("not(null)"), "null");
  EXPECT_EQ(Eval("not(0)"), "null");
  EXPECT_EQ(Eval("not(\"true\")"), "null");
}

TEST_F(BuiltinsTest, Is) {
  EXPECT_EQ(Eval("is(1, 1.0)"), "true");
  EXPECT_EQ(Eval("is(1, 2)"), "false");
  EXPECT_EQ(Eval("is(\"foo\", \"foo\")"), "true");
  EXPECT_EQ(Eval("is(@\"2012-12-25\", @\"2012-12-25T00:00:00Z\")"), "false");
  EXPECT_EQ(Eval("is(@\"23:00:50Z\", @\"23:00:50+00:00\")"), "true");
  EXPECT_EQ(Eval("is(@\"23:00:50\", @\"23:00:50Z\")"), "false");
  EXPECT_EQ(Eval("is(@\"23:00:50@Europe/London\", @\"23:00:50Z\")"), "false");
  EXPECT_EQ(Eval("is(@\"2002-04-02T12:00:00-01:00\", @\"2002-04-02T17:00:00+04:00\")"), "false");
  EXPECT_EQ(Eval("@\"2002-04-02T12:00:00-01:00\" = @\"2002-04-02T17:00:00+04:00\""), "true");
  EXPECT_EQ(Eval("is(@\"P1D\", @\"PT24H\")"), "true");
  EXPECT_EQ(Eval("is(@\"P1Y\", @\"P12M\")"), "true");
  EXPECT_EQ(Eval("is(@\"P0Y\", @\"P0D\")"), "false");
  EXPECT_EQ(Eval("is([1, \"a\"], [1.0, \"a\"])"), "true");
  EXPECT_EQ(Eval("is(null, null)"), "true");
  EXPECT_EQ(Show(CallNamed("is", {{"value1", Date{2021, 2, 13}}})), "false");
  EXPECT_EQ(Show(CallNamed("is", {{"value2", Date{2021, 2, 13}}})), "false");
}

// ---- string ----

TEST_F(BuiltinsTest, Substring) {
  EXPECT_EQ(Eval("substring(\"foobar\", 3)"), "\"obar\"");
  EXPECT_EQ(Eval("substring(\"foobar\", 3, 3)"), "\"oba\"");
  EXPECT_EQ(Eval("substring(\"foobar\", -2, 1)"), "\"a\"");
  EXPECT_EQ(Eval("substring(\"foobar\", -4)"), "\"obar\"");
  EXPECT_EQ(Eval("substring(\"foobar\", 2, 100)"), "\"oobar\"");
  EXPECT_EQ(Eval("substring(\"foobar\", 2, 0)"), "\"\"");
  EXPECT_EQ(Eval("substring(\"\\U01F40Eab\", 2)"), "\"ab\"");
  EXPECT_EQ(Eval("substring(\"a\\U01F40Eb\", 2, 1) = \"\\U01F40E\""), "true");
  EXPECT_EQ(Eval("substring(\"foobar\", 2.7, 2)"), "\"oo\"");
  EXPECT_EQ(Eval("substring(\"foobar\", 0)"), "null");
  EXPECT_EQ(Eval("substring(\"foobar\", 7)"), "null");
  EXPECT_EQ(Eval("substring(\"foobar\", -7)"), "null");
  EXPECT_EQ(Eval("substring(\"foobar\", 1, -1)"), "null");
  EXPECT_EQ(Eval("substring(\"foobar\", \"1\")"), "null");
  EXPECT_EQ(Eval("substring(null, 1)"), "null");
  EXPECT_EQ(Eval("substring([\"foobar\"], 4)"), "\"bar\"");  // singleton list coercion
  EXPECT_EQ(Show(CallNamed("substring", {{"string", "foobar"}, {"start position", 3}})),
            "\"obar\"");
  EXPECT_EQ(Show(CallNamed("substring", {{"string", "foobar"}, {"start", 3}})), "null");
}

TEST_F(BuiltinsTest, StringLengthAndCase) {
  EXPECT_EQ(Eval("string length(\"\")"), "0");
  EXPECT_EQ(Eval("string length(\"abc\")"), "3");
  EXPECT_EQ(Eval("string length(\"\\U01F40E\")"), "1");
  EXPECT_EQ(Eval("string length(\"\\ud83d\\udc0e\\uD83D\\uDE00\")"), "2");
  EXPECT_EQ(Eval("string length(123)"), "null");
  EXPECT_EQ(Eval("upper case(\"aBc4\")"), "\"ABC4\"");
  EXPECT_EQ(Eval("lower case(\"aBc4\")"), "\"abc4\"");
  EXPECT_EQ(Eval("upper case(\"straße\")"), "\"STRASSE\"");
  EXPECT_EQ(Eval("lower case(\"ÀÉÎ\")"), "\"àéî\"");
  EXPECT_EQ(Eval("upper case(\"\")"), "\"\"");
  EXPECT_EQ(Eval("upper case(1)"), "null");
}

TEST_F(BuiltinsTest, SubstringBeforeAfterAndFriends) {
  EXPECT_EQ(Eval("substring before(\"foobar\", \"bar\")"), "\"foo\"");
  EXPECT_EQ(Eval("substring before(\"foobar\", \"o\")"), "\"f\"");
  EXPECT_EQ(Eval("substring before(\"foobar\", \"x\")"), "\"\"");
  EXPECT_EQ(Eval("substring before(\"abc\", \"\")"), "\"\"");
  EXPECT_EQ(Eval("substring after(\"foobar\", \"ob\")"), "\"ar\"");
  EXPECT_EQ(Eval("substring after(\"foobar\", \"o\")"), "\"obar\"");
  EXPECT_EQ(Eval("substring after(\"abc\", \"\")"), "\"abc\"");
  EXPECT_EQ(Eval("substring after(\"abc\", \"c\")"), "\"\"");
  EXPECT_EQ(Eval("contains(\"foobar\", \"of\")"), "false");
  EXPECT_EQ(Eval("contains(\"foobar\", \"ob\")"), "true");
  EXPECT_EQ(Eval("contains(\"\", \"\")"), "true");
  EXPECT_EQ(Eval("contains(null, \"bar\")"), "null");
  EXPECT_EQ(Eval("starts with(\"foobar\", \"fo\")"), "true");
  EXPECT_EQ(Eval("starts with(\"foobar\", \"bar\")"), "false");
  EXPECT_EQ(Eval("ends with(\"foobar\", \"r\")"), "true");
  EXPECT_EQ(Eval("ends with(\"foobar\", 1)"), "null");
  EXPECT_EQ(Show(CallNamed("contains", {{"string", "foobar"}, {"match", "b"}})), "true");
}

TEST_F(BuiltinsTest, Matches) {
  // Issue 9: catastrophic backtracking ran unbounded; now the step limit makes it null.
  std::string evil = "matches(\"" + std::string(40, 'a') + "!\", \"^(a+)+$\")";
  EXPECT_EQ(Eval(evil), "null");
  EXPECT_EQ(Eval("replace(\"" + std::string(40, 'a') + "!\", \"^(a+)+$\", \"x\")"), "null");
  EXPECT_EQ(Eval("matches(\"foobar\", \"^fo*b\")"), "true");
  EXPECT_EQ(Eval("matches(\"abracadabra\", \"bra\")"), "true");
  EXPECT_EQ(Eval("matches(\"abracadabra\", \"^bra\")"), "false");
  EXPECT_EQ(Eval("matches(\"abracadabra\", \"bra\", null)"), "true");
  EXPECT_EQ(Eval("matches(\"abc\", \"ABC\", \"i\")"), "true");
  EXPECT_EQ(Eval("matches(\"\\u212A\", \"k\", \"i\")"), "true");
  EXPECT_EQ(Eval("matches(\"x\", \"[A-Z-[OI]]\", \"i\")"), "true");
  EXPECT_EQ(Eval("matches(\"O\", \"[A-Z-[OI]]\", \"i\")"), "false");
  EXPECT_EQ(Eval("matches(\"i\", \"[A-Z-[OI]]\", \"i\")"), "false");
  EXPECT_EQ(Eval("matches(\"q\", \"[^Q]\", \"i\")"), "false");
  EXPECT_EQ(Eval("matches(\"Mary\\u000DJones\", \"Mary.Jones\")"), "false");
  EXPECT_EQ(Eval("matches(\"Mary\\u000DJones\", \"Mary.Jones\", \"s\")"), "true");
  EXPECT_EQ(Eval("matches(\"\\nabcd\\ndefg\\n\", \"^$\", \"m\")"), "true");
  EXPECT_EQ(Eval("matches(\"abc\\n\", \"c$\")"), "false");  // XPath $ is the very end
  EXPECT_EQ(Eval("matches(\"abc\\n\", \"c$\", \"m\")"), "true");
  EXPECT_EQ(Eval("matches(\"hello world\", \"hello\\ sworld\", \"x\")"), "true");
  EXPECT_EQ(Eval("matches(\"hello world\", \"he ll o[ ]worl d\", \"x\")"), "true");
  EXPECT_EQ(Eval("matches(\"hello world\", \"\\p{ I s B a s i c L a t i n }+\", \"x\")"), "true");
  EXPECT_EQ(Eval("matches(\"hello world\", \"\\p{ IsBasicLatin}+\")"), "null");
  EXPECT_EQ(Eval("matches(\"a.b\", \"a.b\", \"q\")"), "true");
  EXPECT_EQ(Eval("matches(\"axb\", \"a.b\", \"q\")"), "false");
  EXPECT_EQ(Eval("matches(\"aA\", \"(a)\\1\", \"i\")"), "true");
  EXPECT_EQ(Eval("[matches(\"a\", \"a[^b]\"), matches(\"a \", \"a[^b]\")]"), "[false, true]");
  EXPECT_EQ(Eval("matches(\"\\u00E9\", \"\\w\")"), "true");
  EXPECT_EQ(Eval("matches(\"-\", \"\\w\")"), "false");
  EXPECT_EQ(Eval("matches(\"a&b\", \"a[&]b\")"), "true");
  EXPECT_EQ(Eval("matches(\"abZ\", \"[a-z]*\", \"i\")"), "true");
}

TEST_F(BuiltinsTest, CompiledPatternsAreKeptApartByFlags) {
  EXPECT_EQ(Eval("matches(\"A\", \"a\")"), "false");
  EXPECT_EQ(Eval("matches(\"A\", \"a\", \"i\")"), "true");
  EXPECT_EQ(Eval("matches(\"A\", \"a\")"), "false");
  for (int i = 0; i < 100; ++i) {  // more patterns than are kept
    const std::string n = std::to_string(i);
    EXPECT_EQ(Eval("matches(\"x" + n + "\", \"^x" + n + "$\")"), "true");
  }
  EXPECT_EQ(Eval("matches(\"A\", \"a\", \"i\")"), "true");
}

TEST_F(BuiltinsTest, MatchesRejectsWhatXPathRejects) {
  for (const char* expr :
       {"matches(\"h\", \"(.)\\3\")", "matches(\"h\", \"(.)\\2\")",
        "matches(\"abcd\", \"(asd)[\\1]\")", "matches(\"abcd\", \"1[asd\\0]\")",
        "matches(\"abc\", \"\\\\bc\")", "matches(\"abc\", \"(?=a)\")", "matches(\"a\", \"(a\\1)\")",
        "matches(\"abc\", \"a{,3}\")", "matches(\"abc\", \"*a\")", "matches(\"abc\", \"[]\")",
        "matches(\"abc\", \"a]\")", "matches(\"abc\", \"a\", \"p\")",
        "matches(\"abc\", \"a\", \" \")", "matches(\"abc\", \"\\p{Foo}\")",
        "matches(\"input\", [])", "matches(\"input\", \"pattern\", [])", "matches(\"input\")",
        "matches(null, \"a\")", "matches(\"a\", null)"}) {
    EXPECT_EQ(Eval(expr), "null") << expr;
    EXPECT_TRUE(Warned()) << expr;
  }
}

TEST_F(BuiltinsTest, Replace) {
  EXPECT_EQ(Eval("replace(\"abcd\", \"(ab)|(a)\", \"[1=$1][2=$2]\")"), "\"[1=ab][2=]cd\"");
  EXPECT_EQ(Eval("replace(\"a\", \"[a-z]\", \"#\")"), "\"#\"");
  EXPECT_EQ(Eval("replace(\"banana\", \"a\", \"o\")"), "\"bonono\"");
  EXPECT_EQ(Eval("replace(\"banana\", \"[aeiou]\", \"[$0]\")"), "\"b[a]n[a]n[a]\"");
  EXPECT_EQ(Eval("replace(\"darted\", \"^(.*?)d(.*)$\", \"$1c$2\")"), "\"carted\"");
  EXPECT_EQ(Eval("replace(\"abc\", \"B\", \"x\", \"i\")"), "\"axc\"");
  EXPECT_EQ(Eval("replace(\"a.b.c\", \".\", \"$\", \"q\")"), "\"a$b$c\"");
  EXPECT_EQ(Eval("replace(\"abc\", \"(b)\", \"\\\\$1\")"), "\"a$1c\"");
  EXPECT_EQ(Eval("replace(\"abc\", \"(b)\", \"$12\")"), "\"ab2c\"");  // $1 then "2"
  EXPECT_EQ(Eval("replace(\"a\\U01F40Eb\", \"\\U01F40E\", \"-\")"), "\"a-b\"");
  EXPECT_EQ(Eval("replace(\"abc\", \"x*\", \"-\")"), "null");  // matches the empty string
  EXPECT_EQ(Eval("replace(\"abc\", \"b\", \"$\")"), "null");
  EXPECT_EQ(Eval("replace(\"abc\", \"b\", \"\\\\x\")"), "null");
  EXPECT_EQ(Eval("replace(\"abc\", \"(\", \"x\")"), "null");
  EXPECT_EQ(Eval("replace(\"abc\", \"b\", \"x\", \"k\")"), "null");
  EXPECT_EQ(Eval("replace(null, \"b\", \"x\")"), "null");
}

TEST_F(BuiltinsTest, Split) {
  EXPECT_EQ(Eval("split(\"John Doe\", \"\\s\")"), "[\"John\", \"Doe\"]");
  EXPECT_EQ(Eval("split(\"a;b;c;;\", \";\")"), "[\"a\", \"b\", \"c\", \"\", \"\"]");
  EXPECT_EQ(Eval("split(\"a1b22c\", \"[0-9]+\")"), "[\"a\", \"b\", \"c\"]");
  EXPECT_EQ(Eval("split(\"\", \",\")"), "[]");
  EXPECT_EQ(Eval("split(\"abc\", \"\")"), "null");
  EXPECT_EQ(Eval("split(\"foo\", null)"), "null");
  EXPECT_EQ(Eval("split(null, \",\")"), "null");
  EXPECT_EQ(Show(CallNamed("split", {{"delimiter", ","}, {"string", "foo,bar"}})),
            "[\"foo\", \"bar\"]");
}

TEST_F(BuiltinsTest, StringJoin) {
  EXPECT_EQ(Eval("string join([\"a\", \"b\", \"c\"])"), "\"abc\"");
  EXPECT_EQ(Eval("string join([\"a\", \"b\", \"c\"], \" and \")"), "\"a and b and c\"");
  EXPECT_EQ(Eval("string join([\"a\", \"b\", \"c\"], null)"), "\"abc\"");
  EXPECT_EQ(Eval("string join([\"a\", null, \"c\"], \"X\")"), "\"aXc\"");
  EXPECT_EQ(Eval("string join([], \"X\")"), "\"\"");
  EXPECT_EQ(Eval("string join(\"a\", \"X\")"), "\"a\"");
  EXPECT_EQ(Eval("string join([1, 2, 3], \"X\")"), "null");
  EXPECT_EQ(Eval("string join(null)"), "null");
  EXPECT_EQ(Eval("string join([\"a\"], \"X\", \"foo\")"), "null");
}

// ---- list ----

TEST_F(BuiltinsTest, ListContainsAndCount) {
  EXPECT_EQ(Eval("list contains([1, 2, 3], 2)"), "true");
  EXPECT_EQ(Eval("list contains([1, 2, 3], 2.0)"), "true");
  EXPECT_EQ(Eval("list contains([1, 2, 3], 4)"), "false");
  EXPECT_EQ(Eval("list contains([1, null], null)"), "true");
  EXPECT_EQ(Eval("list contains([\"a\"], 1)"), "false");
  EXPECT_EQ(Eval("list contains([[1, 2]], [1, 2])"), "true");
  EXPECT_EQ(Eval("list contains(null, 1)"), "null");
  EXPECT_EQ(Eval("count([1, 2, 3])"), "3");
  EXPECT_EQ(Eval("count([])"), "0");
  EXPECT_EQ(Eval("count([1, [2, 3]])"), "2");
  EXPECT_EQ(Eval("count(null)"), "null");
}

TEST_F(BuiltinsTest, MinMaxSumMean) {
  EXPECT_EQ(Eval("min([1, 2, 3])"), "1");
  EXPECT_EQ(Eval("min(1, 2, 3)"), "1");
  EXPECT_EQ(Eval("min(1)"), "1");
  EXPECT_EQ(Eval("min([])"), "null");
  EXPECT_EQ(Eval("max(1, 2, 3)"), "3");
  EXPECT_EQ(Eval("max([\"a\", \"c\", \"b\"])"), "\"c\"");
  EXPECT_EQ(Eval("string(max(date(\"2020-01-01\"), date(\"2021-01-01\")))"), "\"2021-01-01\"");
  EXPECT_EQ(Eval("max([1, \"a\"])"), "null");
  EXPECT_EQ(Eval("max([1, null])"), "null");
  EXPECT_EQ(Eval("min()"), "null");
  EXPECT_EQ(Eval("sum([1, 2, 3])"), "6");
  EXPECT_EQ(Eval("sum(1, 2, 3)"), "6");
  EXPECT_EQ(Eval("sum(1)"), "1");
  EXPECT_EQ(Eval("sum([0.1, 0.2])"), "0.3");
  EXPECT_EQ(Eval("sum([])"), "null");
  EXPECT_EQ(Eval("sum([1, \"a\"])"), "null");
  EXPECT_EQ(Eval("mean([1, 2, 3])"), "2");
  EXPECT_EQ(Eval("mean(1, 2, 3, 4)"), "2.5");
  EXPECT_EQ(Eval("mean([])"), "null");
  EXPECT_EQ(Eval("mean([1, \"a\"])"), "null");
  EXPECT_EQ(Show(CallNamed("max", {{"list", List{1, 5, 3}}})), "5");
}

TEST_F(BuiltinsTest, AllAny) {
  EXPECT_EQ(Eval("all([true, false, true])"), "false");
  EXPECT_EQ(Eval("all([true, true])"), "true");
  EXPECT_EQ(Eval("all([true, null, true])"), "null");
  EXPECT_EQ(Eval("all([false, null])"), "false");
  EXPECT_EQ(Eval("all([true, 123])"), "null");
  EXPECT_EQ(Eval("all([])"), "true");
  EXPECT_EQ(Eval("all(true)"), "true");
  EXPECT_EQ(Eval("all(null)"), "null");
  EXPECT_EQ(Eval("all(123)"), "null");
  EXPECT_EQ(Eval("all(true, null, true)"), "null");
  EXPECT_EQ(Eval("all()"), "null");
  EXPECT_EQ(Eval("any([true, false])"), "true");
  EXPECT_EQ(Eval("any([false, false])"), "false");
  EXPECT_EQ(Eval("any([123, false])"), "null");
  EXPECT_EQ(Eval("any([null, true])"), "true");
  EXPECT_EQ(Eval("any([])"), "false");
  EXPECT_EQ(Eval("any(false)"), "false");
  EXPECT_EQ(Eval("any(null, false)"), "null");
  EXPECT_EQ(Show(CallNamed("all", {{"list", List{true, false}}})), "false");
  EXPECT_EQ(Show(CallNamed("any", {{"list", Value()}})), "null");
}

TEST_F(BuiltinsTest, Sublist) {
  EXPECT_EQ(Eval("sublist([4, 5, 6], 1, 2)"), "[4, 5]");
  EXPECT_EQ(Eval("sublist([4, 5, 6], -1, 1)"), "[6]");
  EXPECT_EQ(Eval("sublist([4, 5, 6], 2)"), "[5, 6]");
  EXPECT_EQ(Eval("sublist([4, 5, 6], 2, 10)"), "[5, 6]");
  EXPECT_EQ(Eval("sublist([4, 5, 6], 2, 0)"), "[]");
  EXPECT_EQ(Eval("sublist([4, 5, 6], 4)"), "null");
  EXPECT_EQ(Eval("sublist([4, 5, 6], 0)"), "null");
  EXPECT_EQ(Eval("sublist([4, 5, 6], 1, -1)"), "null");
  EXPECT_EQ(Eval("sublist(null, 1)"), "null");
}

TEST_F(BuiltinsTest, AppendConcatenateInsertRemove) {
  EXPECT_EQ(Eval("append([1], 2, 3)"), "[1, 2, 3]");
  EXPECT_EQ(Eval("append([1])"), "[1]");
  EXPECT_EQ(Eval("append([[\"w\"]], [\"t\"])"), "[[\"w\"], [\"t\"]]");
  EXPECT_EQ(Eval("append([], null)"), "[null]");
  EXPECT_EQ(Eval("append(null, 1)"), "null");
  EXPECT_EQ(Eval("concatenate([1, 2], [3])"), "[1, 2, 3]");
  EXPECT_EQ(Eval("concatenate([[1]], [[2]])"), "[[1], [2]]");
  EXPECT_EQ(Eval("concatenate()"), "[]");
  EXPECT_EQ(Eval("concatenate([1], null)"), "null");
  EXPECT_EQ(Eval("insert before([1, 3], 2, 2)"), "[1, 2, 3]");
  EXPECT_EQ(Eval("insert before([1, 3], -1, 2)"), "[1, 2, 3]");
  EXPECT_EQ(Eval("insert before([1, 3], 1, [0])"), "[[0], 1, 3]");
  EXPECT_EQ(Eval("insert before([1, 3], 3, 2)"), "null");
  EXPECT_EQ(Eval("insert before([1, 3], 0, 2)"), "null");
  EXPECT_EQ(Eval("remove([1, 2, 3], 2)"), "[1, 3]");
  EXPECT_EQ(Eval("remove([1, 2, 3], -1)"), "[1, 2]");
  EXPECT_EQ(Eval("remove([1, 2, 3], 4)"), "null");
  EXPECT_EQ(Eval("remove([1, 2, 3], \"1\")"), "null");
}

TEST_F(BuiltinsTest, ReverseIndexOfUnionDistinctFlatten) {
  EXPECT_EQ(Eval("reverse([1, 2, 3])"), "[3, 2, 1]");
  EXPECT_EQ(Eval("reverse([])"), "[]");
  EXPECT_EQ(Eval("index of([1, 2, 3, 2], 2)"), "[2, 4]");
  EXPECT_EQ(Eval("index of([1, 2, 3], 4)"), "[]");
  EXPECT_EQ(Eval("union([1, 2], [2, 3])"), "[1, 2, 3]");
  EXPECT_EQ(Eval("union([1, 1], [1.0, 2])"), "[1, 2]");
  EXPECT_EQ(Eval("union([[1]], [[1]], [null], [null])"), "[[1], null]");
  EXPECT_EQ(Eval("distinct values([1, 2, 3, 2, 1])"), "[1, 2, 3]");
  EXPECT_EQ(Eval("distinct values([{a: 1}, {a: 1}, null, null])"), "[{a: 1}, null]");
  EXPECT_EQ(Eval("flatten([[1, 2], [[3]], 4])"), "[1, 2, 3, 4]");
  EXPECT_EQ(Eval("flatten([])"), "[]");
  EXPECT_EQ(Eval("flatten(null)"), "null");
}

TEST_F(BuiltinsTest, ProductMedianStddevMode) {
  EXPECT_EQ(Eval("product([2, 3, 4])"), "24");
  EXPECT_EQ(Eval("product(2, 3, 4)"), "24");
  EXPECT_EQ(Eval("product([2.5, 1, 2.5, 3])"), "18.75");
  EXPECT_EQ(Eval("product([])"), "null");
  EXPECT_EQ(Eval("product([1, null])"), "null");
  EXPECT_EQ(Eval("median(8, 2, 5, 3, 4)"), "4");
  EXPECT_EQ(Eval("median([6, 1, 2, 3])"), "2.5");
  EXPECT_EQ(Eval("median(4)"), "4");
  EXPECT_EQ(Eval("median([])"), "null");
  EXPECT_EQ(Eval("median([1, 2, \"foo\"])"), "null");
  // The exact result is 2.08166599946613273528229770697993148...; the last of 34 digits is left
  // to Number::Sqrt.
  EXPECT_EQ(Eval("decimal(stddev(2, 4, 7, 5), 32)"), "2.08166599946613273528229770697993");
  EXPECT_EQ(Eval("stddev([1, 1])"), "0");
  EXPECT_EQ(Eval("stddev([47])"), "null");
  EXPECT_EQ(Eval("stddev([])"), "null");
  EXPECT_EQ(Eval("stddev([1, \"a\"])"), "null");
  EXPECT_EQ(Eval("mode(6, 3, 9, 6, 6)"), "[6]");
  EXPECT_EQ(Eval("mode([6, 1, 9, 6, 1])"), "[1, 6]");
  EXPECT_EQ(Eval("mode([3, 6, 1, 9, 6, 1, 3])"), "[1, 3, 6]");
  EXPECT_EQ(Eval("mode([2.5, 1, 2.50, 3])"), "[2.5]");
  EXPECT_EQ(Eval("mode([])"), "[]");
  EXPECT_EQ(Eval("mode([1, null])"), "null");
}

TEST_F(BuiltinsTest, ListReplace) {
  EXPECT_EQ(Eval("list replace([1, 2, 3], 2, 4)"), "[1, 4, 3]");
  EXPECT_EQ(Eval("list replace([1, 2, 3], -1, 4)"), "[1, 2, 4]");
  EXPECT_EQ(Eval("list replace([1, 2, 3], 2.5, 4)"), "[1, 4, 3]");
  EXPECT_EQ(Eval("list replace([1, 2, 3], 3, null)"), "[1, 2, null]");
  EXPECT_EQ(Eval("list replace(1, 1, 5)"), "[5]");
  EXPECT_EQ(Eval("list replace([2, 4, 7, 8], function(item, newItem) item < newItem, 5)"),
            "[5, 5, 7, 8]");
  EXPECT_EQ(Eval("list replace([1, 2, 3], 0, 4)"), "null");
  EXPECT_EQ(Eval("list replace([1, 2, 3], 4, 4)"), "null");
  EXPECT_EQ(Eval("list replace([1, 2, 3], \"2\", 4)"), "null");
  EXPECT_EQ(Eval("list replace([1, 2, 3], null, 4)"), "null");
  EXPECT_EQ(Eval("list replace([2, 4], function(item) item = 2, 5)"), "null");
  EXPECT_EQ(Eval("list replace([2, 4], function(item, newItem, extra) item = 2, 5)"), "null");
  EXPECT_EQ(Eval("list replace([2, 4], function(item, newItem) item, 5)"), "null");
  EXPECT_EQ(
      Show(CallNamed("list replace", {{"position", 2}, {"newItem", 4}, {"list", List{1, 2, 3}}})),
      "[1, 4, 3]");
}

TEST_F(BuiltinsTest, Sort) {
  EXPECT_EQ(Eval("sort([3, 1, 4, 2])"), "[1, 2, 3, 4]");
  EXPECT_EQ(Eval("sort([3, 1, 4, 2], function(x, y) x > y)"), "[4, 3, 2, 1]");
  EXPECT_EQ(Eval("sort([\"a\", \"B\", \"c\"], function(x, y) lower case(x) < lower case(y))"),
            "[\"a\", \"B\", \"c\"]");
  EXPECT_EQ(Eval("sort([{k: 2, v: \"a\"}, {k: 1, v: \"b\"}, {k: 2, v: \"c\"}], "
                 "function(x, y) x.k < y.k).v"),
            "[\"b\", \"a\", \"c\"]");  // stable
  EXPECT_EQ(Eval("sort([3, 1, 2], function(x, y) x <= y)"), "[1, 2, 3]");
  EXPECT_EQ(Eval("sort([])"), "[]");
  EXPECT_EQ(Eval("sort([1, \"a\"])"), "null");
  EXPECT_EQ(Eval("sort([2, 1], function(x, y) 1)"), "null");
  EXPECT_EQ(Eval("sort([2, 1], 1)"), "null");
  EXPECT_EQ(Eval("sort(null)"), "null");
}

TEST_F(BuiltinsTest, SortOfManyItemsIsCorrect) {
  List items;
  for (int i = 0; i < 1000; ++i) items.push_back((i * 7919) % 1000);
  Value sorted = Call("sort", {items});
  ASSERT_TRUE(sorted.is(Kind::kList));
  ASSERT_EQ(sorted.list().size(), 1000u);
  for (int i = 0; i < 1000; ++i) EXPECT_EQ(Show(sorted.list()[i]), std::to_string(i));
}

// ---- numeric ----

TEST_F(BuiltinsTest, DecimalFloorCeiling) {
  EXPECT_EQ(Eval("decimal(1/3, 2)"), "0.33");
  EXPECT_EQ(Eval("decimal(1/3, 2.5)"), "0.33");
  EXPECT_EQ(Eval("decimal(1.5, 0)"), "2");
  EXPECT_EQ(Eval("decimal(2.5, 0)"), "2");
  EXPECT_EQ(Eval("decimal(0.515, 2)"), "0.52");
  EXPECT_EQ(Eval("decimal(1234, -2)"), "1200");
  EXPECT_EQ(Eval("decimal(1, null)"), "null");
  EXPECT_EQ(Eval("floor(1.5)"), "1");
  EXPECT_EQ(Eval("floor(-1.5)"), "-2");
  EXPECT_EQ(Eval("floor(-1.56, 1)"), "-1.6");
  EXPECT_EQ(Eval("floor(1.56, null)"), "null");
  EXPECT_EQ(Eval("floor(\"1.5\")"), "null");
  EXPECT_EQ(Eval("ceiling(1.5)"), "2");
  EXPECT_EQ(Eval("ceiling(-1.5)"), "-1");
  EXPECT_EQ(Eval("ceiling(-1.56, 1)"), "-1.5");
  EXPECT_EQ(Eval("ceiling(1.5, 1, 2)"), "null");
  EXPECT_EQ(Show(CallNamed("floor", {{"n", Number::Parse("1.56").value()}, {"scale", 1}})), "1.5");
}

TEST_F(BuiltinsTest, Rounding) {
  EXPECT_EQ(Eval("round up(5.5, 0)"), "6");
  EXPECT_EQ(Eval("round up(-5.5, 0)"), "-6");
  EXPECT_EQ(Eval("round up(1.121, 2)"), "1.13");
  EXPECT_EQ(Eval("round down(5.5, 0)"), "5");
  EXPECT_EQ(Eval("round down(-1.126, 2)"), "-1.12");
  EXPECT_EQ(Eval("round half up(5.5, 0)"), "6");
  EXPECT_EQ(Eval("round half up(-5.5, 0)"), "-6");
  EXPECT_EQ(Eval("round half up(1.121, 2)"), "1.12");
  EXPECT_EQ(Eval("round half down(5.5, 0)"), "5");
  EXPECT_EQ(Eval("round half down(-5.5, 0)"), "-5");
  EXPECT_EQ(Eval("round half down(1.126, 2)"), "1.13");
  EXPECT_EQ(Eval("round up(5.5, 6176)"), "5.5");
  EXPECT_EQ(Eval("round up(5.5, 6177)"), "null");
  EXPECT_EQ(Eval("round up(5.5, -6112)"), "null");
  EXPECT_EQ(Eval("round up(5.5, \"0\")"), "null");
  EXPECT_EQ(Eval("round down(5.5)"), "null");
}

TEST_F(BuiltinsTest, AbsModuloAndTranscendental) {
  EXPECT_EQ(Eval("abs(-1)"), "1");
  EXPECT_EQ(Eval("abs(0)"), "0");
  EXPECT_EQ(Eval("string(abs(duration(\"-P1D\")))"), "\"P1D\"");
  EXPECT_EQ(Eval("string(abs(duration(\"-P1Y\")))"), "\"P1Y\"");
  EXPECT_EQ(Eval("abs(\"-1\")"), "null");
  EXPECT_EQ(Eval("abs(date(\"2018-12-06\"))"), "null");
  EXPECT_EQ(Eval("modulo(12, 5)"), "2");
  EXPECT_EQ(Eval("modulo(-12, 5)"), "3");
  EXPECT_EQ(Eval("modulo(12, -5)"), "-3");
  EXPECT_EQ(Eval("modulo(10.1, 4.5)"), "1.1");
  EXPECT_EQ(Eval("modulo(1, 0)"), "null");
  EXPECT_EQ(Eval("sqrt(16)"), "4");
  EXPECT_EQ(Eval("sqrt(2)"), "1.414213562373095048801688724209698");
  EXPECT_EQ(Eval("sqrt(-1)"), "null");
  EXPECT_EQ(Eval("decimal(log(10), 8)"), "2.30258509");
  EXPECT_EQ(Eval("log(0)"), "null");
  EXPECT_EQ(Eval("log(-1)"), "null");
  EXPECT_EQ(Eval("decimal(exp(4), 8)"), "54.59815003");
  EXPECT_EQ(Eval("exp(0)"), "1");
  EXPECT_EQ(Eval("exp(\"4\")"), "null");
  EXPECT_EQ(Show(CallNamed("sqrt", {{"number", 4}})), "2");
  EXPECT_EQ(Show(CallNamed("sqrt", {{"n", 4}})), "null");
}

TEST_F(BuiltinsTest, OddEven) {
  EXPECT_EQ(Eval("odd(5)"), "true");
  EXPECT_EQ(Eval("odd(-1)"), "true");
  EXPECT_EQ(Eval("odd(2)"), "false");
  EXPECT_EQ(Eval("odd(0)"), "false");
  EXPECT_EQ(Eval("even(0)"), "true");
  EXPECT_EQ(Eval("even(-2)"), "true");
  EXPECT_EQ(Eval("even(5)"), "false");
  EXPECT_EQ(Eval("even(2.5)"), "false");
  EXPECT_EQ(Eval("odd(2.5)"), "false");
  EXPECT_EQ(Eval("even(\"4\")"), "null");
  EXPECT_EQ(Eval("odd(null)"), "null");
}

// ---- context ----

TEST_F(BuiltinsTest, GetValueAndEntries) {
  EXPECT_EQ(Eval("get value({a: \"foo\"}, \"a\")"), "\"foo\"");
  EXPECT_EQ(Eval("get value({a: \"foo\"}, \"b\")"), "null");
  EXPECT_EQ(Eval("get value({a: \"foo\"}, 123)"), "null");
  EXPECT_EQ(Eval("get value(\"foo\", \"foo\")"), "null");
  EXPECT_EQ(Eval("get value({a: \"foo\"})"), "null");
  EXPECT_EQ(Show(CallNamed("get value", {{"key", "a"}, {"m", Context{{{"a", "foo"}}}}})),
            "\"foo\"");
  EXPECT_EQ(Eval("get entries({a: \"foo\", b: \"bar\"})"),
            "[{key: \"a\", value: \"foo\"}, {key: \"b\", value: \"bar\"}]");
  EXPECT_EQ(Eval("get entries({})"), "[]");
  EXPECT_EQ(Eval("get entries([1, 2, 3])"), "null");
  EXPECT_EQ(Eval("get entries(null)"), "null");
}

TEST_F(BuiltinsTest, ContextFromEntries) {
  EXPECT_EQ(Eval("context([{key: \"a\", value: 1}, {key: \"b\", value: 2}])"), "{a: 1, b: 2}");
  EXPECT_EQ(Eval("context({key: \"a\", value: 1})"), "{a: 1}");
  EXPECT_EQ(Eval("context([{key: \"a\", value: 1, ignored: \"foo\"}])"), "{a: 1}");
  EXPECT_EQ(Eval("context({key: \"a\", value: null})"), "{a: null}");
  EXPECT_EQ(Eval("context([]) = {}"), "true");
  EXPECT_EQ(Eval("context(get entries({x: 1, y: [2]}))"), "{x: 1, y: [2]}");
  EXPECT_EQ(Eval("context([{key: \"a\", value: 1}, {key: \"a\", value: 2}])"), "null");
  EXPECT_EQ(Eval("context({value: 1})"), "null");
  EXPECT_EQ(Eval("context({key: \"a\"})"), "null");
  EXPECT_EQ(Eval("context({key: null, value: 1})"), "null");
  EXPECT_EQ(Eval("context(\"foo\")"), "null");
}

TEST_F(BuiltinsTest, ContextPutAndMerge) {
  EXPECT_EQ(Eval("context put({}, \"a\", 1)"), "{a: 1}");
  EXPECT_EQ(Eval("context put({a: 1, b: 2, c: 3}, \"b\", 4)"), "{a: 1, b: 4, c: 3}");
  EXPECT_EQ(Eval("context put({a: 1}, \"b\", null)"), "{a: 1, b: null}");
  EXPECT_EQ(Eval("context put({x: 1, y: {a: 0}}, [\"y\", \"a\"], 2)"), "{x: 1, y: {a: 2}}");
  // Named, the list form is `keys`; a list named `key` is an error (TCK 1146 nested007/008).
  EXPECT_EQ(Eval("context put(context: {x: 1, y: {a: 0}}, keys: [\"y\", \"a\"], value: 2)"),
            "{x: 1, y: {a: 2}}");
  EXPECT_EQ(Eval("context put(context: {x: 1, y: {a: 0}}, key: [\"y\", \"a\"], value: 2)"), "null");
  EXPECT_EQ(Eval("context put(context: {x: 1}, key: \"y\", value: 2)"), "{x: 1, y: 2}");
  EXPECT_EQ(Eval("context put({x: 1, y: {a: 0}}, [\"y\", \"b\"], 2)"), "{x: 1, y: {a: 0, b: 2}}");
  EXPECT_EQ(Eval("context put({x: 1, y: {a: {b: {c: 1}}}}, [\"y\", \"a\", \"b\", \"c\"], 2)"),
            "{x: 1, y: {a: {b: {c: 2}}}}");
  EXPECT_EQ(Eval("context put({x: 1, y: {a: 0}}, [\"y\", \"a\", \"b\"], 2)"), "null");
  EXPECT_EQ(Eval("context put({x: 1}, [\"z\", \"a\"], 2)"), "null");
  EXPECT_EQ(Eval("context put({x: 1}, [], 2)"), "null");
  EXPECT_EQ(Eval("context put({x: 1}, [\"y\", null], 2)"), "null");
  EXPECT_EQ(Eval("context put({}, null, 1)"), "null");
  EXPECT_EQ(Eval("context put(null, \"a\", 1)"), "null");
  EXPECT_EQ(Eval("context put([], \"a\", 1)"), "null");
  EXPECT_EQ(Eval("context merge([{x: 1}, {y: 2}])"), "{x: 1, y: 2}");
  EXPECT_EQ(Eval("context merge([{x: 1, y: 0}, {y: 2}])"), "{x: 1, y: 2}");
  EXPECT_EQ(Eval("context merge({x: 1})"), "{x: 1}");
  EXPECT_EQ(Eval("context merge([])"), "{}");
  EXPECT_EQ(Eval("context merge([{x: 1}, 2])"), "null");
  EXPECT_EQ(Eval("context merge(null)"), "null");
}

// ---- range ----

TEST_F(BuiltinsTest, BeforeAfter) {
  EXPECT_EQ(Eval("before(1, 10)"), "true");
  EXPECT_EQ(Eval("before(10, 1)"), "false");
  EXPECT_EQ(Eval("before(1, [2..5])"), "true");
  EXPECT_EQ(Eval("before(2, [2..5])"), "false");
  EXPECT_EQ(Eval("before(2, (2..5])"), "true");
  EXPECT_EQ(Eval("before([1..5], 10)"), "true");
  EXPECT_EQ(Eval("before([1..5), 5)"), "true");
  EXPECT_EQ(Eval("before([1..5], [6..10])"), "true");
  EXPECT_EQ(Eval("before([1..5), [5..10])"), "true");
  EXPECT_EQ(Eval("before([1..5], [5..10])"), "false");
  EXPECT_EQ(Eval("after(10, 1)"), "true");
  EXPECT_EQ(Eval("after(12, [2..5])"), "true");
  EXPECT_EQ(Eval("after(5, [2..5))"), "true");
  EXPECT_EQ(Eval("after([1..5], 10)"), "false");
  EXPECT_EQ(Eval("after([6..10], [1..5])"), "true");
  EXPECT_EQ(Eval("after([5..10], [1..5))"), "true");
  EXPECT_EQ(Eval("after([5..10], [1..5])"), "false");
  EXPECT_EQ(Eval("before(date(\"2020-01-01\"), [date(\"2020-02-01\")..date(\"2020-03-01\")])"),
            "true");
  EXPECT_EQ(Eval("before(1, \"a\")"), "null");
  EXPECT_EQ(Eval("before(1, [date(\"2020-02-01\")..date(\"2020-03-01\")])"), "null");
  EXPECT_EQ(Eval("before(null, 1)"), "null");
}

TEST_F(BuiltinsTest, MeetsMetByOverlaps) {
  EXPECT_EQ(Eval("meets([1..5], [5..10])"), "true");
  EXPECT_EQ(Eval("meets([1..3], [4..6])"), "false");
  EXPECT_EQ(Eval("meets([1..5], (5..8])"), "false");
  EXPECT_EQ(Eval("meets(1, [1..5])"), "null");
  EXPECT_EQ(Eval("met by([5..10], [1..5])"), "true");
  EXPECT_EQ(Eval("met by((5..8], [1..5))"), "false");
  EXPECT_EQ(Eval("met by([5..10], [1..5))"), "false");
  EXPECT_EQ(Eval("overlaps([5..10], [1..6])"), "true");
  EXPECT_EQ(Eval("overlaps((3..7], [1..4])"), "true");
  EXPECT_EQ(Eval("overlaps([1..3], (3..6])"), "false");
  EXPECT_EQ(Eval("overlaps((5..8], [1..5))"), "false");
  EXPECT_EQ(Eval("overlaps([4..10], [1..5))"), "true");
  EXPECT_EQ(Eval("overlaps before([1..5], [4..10])"), "true");
  EXPECT_EQ(Eval("overlaps before([3..4], [1..2])"), "false");
  EXPECT_EQ(Eval("overlaps before([1..3], (3..5])"), "false");
  EXPECT_EQ(Eval("overlaps before([1..5), (1..5])"), "true");
  EXPECT_EQ(Eval("overlaps before([1..5), [1..5])"), "false");
  EXPECT_EQ(Eval("overlaps after([4..10], [1..5])"), "true");
  EXPECT_EQ(Eval("overlaps after([3..4], [1..2])"), "false");
  EXPECT_EQ(Eval("overlaps after([3..5], [1..3))"), "false");
  EXPECT_EQ(Eval("overlaps after((1..5], [1..5))"), "true");
}

TEST_F(BuiltinsTest, FinishesIncludesDuringStartsCoincides) {
  EXPECT_EQ(Eval("finishes(10, [1..10])"), "true");
  EXPECT_EQ(Eval("finishes(10, [1..10))"), "false");
  EXPECT_EQ(Eval("finishes([5..10], [1..10])"), "true");
  EXPECT_EQ(Eval("finishes([5..10), [1..10))"), "true");
  EXPECT_EQ(Eval("finishes([1..10], [1..10])"), "true");
  EXPECT_EQ(Eval("finishes((1..10], [1..10])"), "true");
  EXPECT_EQ(Eval("finishes([1..10], (1..10])"), "false");
  EXPECT_EQ(Eval("finished by([1..10], 10)"), "true");
  EXPECT_EQ(Eval("finished by([1..10), 10)"), "false");
  EXPECT_EQ(Eval("finished by([1..10], [5..10])"), "true");
  EXPECT_EQ(Eval("finished by((1..10], [1..10])"), "false");
  EXPECT_EQ(Eval("includes([1..10], 5)"), "true");
  EXPECT_EQ(Eval("includes([1..10], 12)"), "false");
  EXPECT_EQ(Eval("includes([1..10], 1)"), "true");
  EXPECT_EQ(Eval("includes((1..10], 1)"), "false");
  EXPECT_EQ(Eval("includes([1..10], [4..6])"), "true");
  EXPECT_EQ(Eval("includes((5..10], [6..10))"), "true");
  EXPECT_EQ(Eval("includes([1..10), [1..10])"), "false");
  EXPECT_EQ(Eval("during(5, [1..10])"), "true");
  EXPECT_EQ(Eval("during(1, (1..10])"), "false");
  EXPECT_EQ(Eval("during([4..6], [1..10))"), "true");
  EXPECT_EQ(Eval("during((1..5], (1..10])"), "true");
  EXPECT_EQ(Eval("during([1..10], (1..10])"), "false");
  EXPECT_EQ(Eval("starts(1, [1..5])"), "true");
  EXPECT_EQ(Eval("starts(1, (1..8])"), "false");
  EXPECT_EQ(Eval("starts((1..5], [1..5])"), "false");
  EXPECT_EQ(Eval("starts([1..10], [1..10])"), "true");
  EXPECT_EQ(Eval("starts((1..10), (1..10])"), "true");
  EXPECT_EQ(Eval("started by([1..10], 1)"), "true");
  EXPECT_EQ(Eval("started by((1..10], 1)"), "false");
  EXPECT_EQ(Eval("started by([1..10], [1..5])"), "true");
  EXPECT_EQ(Eval("started by((1..10], [1..5))"), "false");
  EXPECT_EQ(Eval("started by([1..10], [1..10))"), "true");
  EXPECT_EQ(Eval("coincides(5, 5)"), "true");
  EXPECT_EQ(Eval("coincides(3, 4)"), "false");
  EXPECT_EQ(Eval("coincides([1..5], [1..5])"), "true");
  EXPECT_EQ(Eval("coincides((1..5], [1..5))"), "false");
  EXPECT_EQ(Eval("coincides(1, [1..5])"), "null");
}

TEST_F(BuiltinsTest, RangeRelationsWithUnboundedEnds) {
  Value below_ten = Call("range", {"< 10"});
  Value from_five = Call("range", {">= 5"});
  ASSERT_TRUE(below_ten.is(Kind::kRange));
  EXPECT_EQ(Show(Call("includes", {below_ten, -1000000})), "true");
  EXPECT_EQ(Show(Call("includes", {below_ten, 10})), "false");
  EXPECT_EQ(Show(Call("before", {below_ten, 10})), "true");
  EXPECT_EQ(Show(Call("after", {from_five, 4})), "true");
  EXPECT_EQ(Show(Call("overlaps", {below_ten, from_five})), "true");
  EXPECT_EQ(Show(Call("includes", {below_ten, Call("range", {"< 5"})})), "true");
  EXPECT_EQ(Show(Call("before", {-5, below_ten})), "false");
}

TEST_F(BuiltinsTest, RangeRelationsByName) {
  Value one_to_ten = Call("range", {"[1..10]"});
  EXPECT_EQ(Show(CallNamed("before", {{"point1", 1}, {"point2", 2}})), "true");
  EXPECT_EQ(Show(CallNamed("includes", {{"point", 5}, {"range", one_to_ten}})), "true");
  EXPECT_EQ(Show(CallNamed("finishes", {{"point", 10}, {"range", one_to_ten}})), "true");
  EXPECT_EQ(Show(CallNamed("meets", {{"range1", one_to_ten}, {"range2", one_to_ten}})), "false");
}

TEST_F(BuiltinsTest, RangeRelationsWithEqualityAndUnknownEnds) {
  EXPECT_EQ(Eval("includes(range(\"=5\"), 5)"), "true");
  EXPECT_EQ(Eval("coincides(range(\"=5\"), [5..5])"), "true");
  EXPECT_EQ(Eval("before(range(\"=5\"), [6..7])"), "true");
  EXPECT_EQ(Eval("before(range(\"!=5\"), 10)"), "null");
  EXPECT_TRUE(Warned());
  EXPECT_EQ(Eval("before((null..5], 10)"), "null");
  EXPECT_EQ(Eval("includes([1..null), 10)"), "null");
}

// ---- temporal ----

TEST_F(BuiltinsTest, DayMonthWeek) {
  EXPECT_EQ(Eval("day of year(date(\"1970-01-01\"))"), "1");
  EXPECT_EQ(Eval("day of year(date(\"2019-12-31\"))"), "365");
  EXPECT_EQ(Eval("day of year(date(\"2020-12-31\"))"), "366");
  EXPECT_EQ(Eval("day of year(date and time(\"2019-09-17T10:10:10\"))"), "260");
  EXPECT_EQ(Eval("day of week(date(\"2019-09-17\"))"), "\"Tuesday\"");
  EXPECT_EQ(Eval("day of week(date(\"2021-01-17\"))"), "\"Sunday\"");
  EXPECT_EQ(Eval("day of week(date(\"2021-01-11\"))"), "\"Monday\"");
  EXPECT_EQ(Eval("month of year(date(\"2019-09-17\"))"), "\"September\"");
  EXPECT_EQ(Eval("month of year(date(\"2021-01-01\"))"), "\"January\"");
  EXPECT_EQ(Eval("month of year(date(\"2021-12-01\"))"), "\"December\"");
  EXPECT_EQ(Eval("week of year(date(2019, 9, 17))"), "38");
  EXPECT_EQ(Eval("week of year(date(2003, 12, 29))"), "1");
  EXPECT_EQ(Eval("week of year(date(2004, 1, 4))"), "1");
  EXPECT_EQ(Eval("week of year(date(2005, 1, 1))"), "53");
  EXPECT_EQ(Eval("week of year(date(2005, 1, 3))"), "1");
  EXPECT_EQ(Eval("week of year(date(2005, 1, 9))"), "1");
  EXPECT_EQ(Eval("week of year(date(2008, 12, 29))"), "1");
  EXPECT_EQ(Eval("week of year(date(2010, 1, 3))"), "53");
  EXPECT_EQ(Eval("day of year(\"foo\")"), "null");
  EXPECT_EQ(Eval("day of week(null)"), "null");
  EXPECT_EQ(Eval("month of year(@\"1970-01-01\", @\"1970-01-01\")"), "null");
  EXPECT_EQ(Show(CallNamed("day of year", {{"date", Date{2019, 9, 17}}})), "260");
  EXPECT_EQ(Show(CallNamed("day of year", {{"value", Date{2019, 9, 17}}})), "null");
}

TEST_F(BuiltinsTest, NowAndToday) {
  EXPECT_EQ(Eval("now() instance of date and time"), "true");
  EXPECT_EQ(Eval("today() instance of date"), "true");
  EXPECT_EQ(Eval("today() = date(now())"), "true");
  EXPECT_EQ(Eval("now() - now() <= duration(\"PT1S\")"), "true");
  Value now = Call("now", {});
  ASSERT_TRUE(now.is(Kind::kDateTime));
  EXPECT_NE(now.date_time().time.zone.kind, Zone::Kind::kNone);
  EXPECT_GE(now.date_time().date.year, 2024);
  EXPECT_EQ(Eval("now(123)"), "null");
  EXPECT_EQ(Eval("today(123)"), "null");
}

}  // namespace
}  // namespace tamga::feel
