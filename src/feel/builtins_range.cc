// Range functions (DMN 1.5 10.3.4.9): relations between points and ranges after Allen's interval
// algebra (before, after, meets, met by, overlaps, overlaps before, overlaps after, finishes,
// finished by, includes, during, starts, started by, coincides). Each relation is defined for some
// of the forms (point, point), (point, range), (range, point) and (range, range); the formulas are
// the specification's, with a missing range end (as in "< 10") standing for minus or plus
// infinity.
#include <string>
#include <vector>

#include "feel/builtins_internal.h"

namespace tamga::feel::builtins {
namespace {

// A point, or an end of a range: a value, or an unbounded end (-1: minus infinity, +1: plus).
struct Bound {
  const Value* value = nullptr;
  int infinity = 0;
};

struct Interval {
  Bound s, e;
  bool si = false, ei = false;  // start included, end included
};

// The interval a range value stands for: "= x" is [x..x]; a missing end (as in "< 10") is
// unbounded. Callers have rejected "!= x" and unknown (null) endpoints.
Interval IntervalOf(const Range& r) {
  if (r.form == Range::Form::kEqual) return {{&r.start, 0}, {&r.start, 0}, true, true};
  const Bound s = r.start.is_null() ? Bound{nullptr, -1} : Bound{&r.start, 0};
  const Bound e = r.end.is_null() ? Bound{nullptr, 1} : Bound{&r.end, 0};
  return {s, e, r.start_included, r.end_included};
}

// Comparisons of bounds whose values were checked to be mutually ordered beforehand.
int Cmp(const Bound& a, const Bound& b) {
  if (a.infinity || b.infinity) {
    return a.infinity == b.infinity ? 0 : (a.infinity < b.infinity ? -1 : 1);
  }
  return CompareOrder(*a.value, *b.value).value_or(0);
}
bool Lt(const Bound& a, const Bound& b) { return Cmp(a, b) < 0; }
bool Gt(const Bound& a, const Bound& b) { return Cmp(a, b) > 0; }
bool Eq(const Bound& a, const Bound& b) { return Cmp(a, b) == 0; }

using Bb = const Bound&;
using Ii = const Interval&;

bool IncludesPoint(Ii r, Bb p) {
  return (Lt(r.s, p) && Gt(r.e, p)) || (Eq(r.s, p) && r.si) || (Eq(r.e, p) && r.ei);
}
bool IncludesRange(Ii r1, Ii r2) {
  return (Lt(r1.s, r2.s) || (Eq(r1.s, r2.s) && (r1.si || !r2.si))) &&
         (Gt(r1.e, r2.e) || (Eq(r1.e, r2.e) && (r1.ei || !r2.ei)));
}
bool OverlapsBefore(Ii r1, Ii r2) {
  return (Lt(r1.s, r2.s) || (Eq(r1.s, r2.s) && r1.si && !r2.si)) &&
         (Gt(r1.e, r2.s) || (Eq(r1.e, r2.s) && r1.ei && r2.si)) &&
         (Lt(r1.e, r2.e) || (Eq(r1.e, r2.e) && (!r1.ei || r2.ei)));
}

// A relation: its name and the formula of each form (nullptr: not defined for that form). The
// parameters of the forms are named (point1, point2), (point, range), (range, point) and
// (range1, range2).
struct Relation {
  const char* name;
  bool (*point_point)(Bb p1, Bb p2);
  bool (*point_range)(Bb p, Ii r);
  bool (*range_point)(Ii r, Bb p);
  bool (*range_range)(Ii r1, Ii r2);
};

const Relation kRelations[] = {
    {"before", [](Bb p1, Bb p2) { return Lt(p1, p2); },
     [](Bb p, Ii r) { return Lt(p, r.s) || (Eq(p, r.s) && !r.si); },
     [](Ii r, Bb p) { return Lt(r.e, p) || (Eq(r.e, p) && !r.ei); },
     [](Ii r1, Ii r2) { return Lt(r1.e, r2.s) || ((!r1.ei || !r2.si) && Eq(r1.e, r2.s)); }},
    {"after", [](Bb p1, Bb p2) { return Gt(p1, p2); },
     [](Bb p, Ii r) { return Gt(p, r.e) || (Eq(p, r.e) && !r.ei); },
     [](Ii r, Bb p) { return Gt(r.s, p) || (Eq(r.s, p) && !r.si); },
     [](Ii r1, Ii r2) { return Gt(r1.s, r2.e) || ((!r1.si || !r2.ei) && Eq(r1.s, r2.e)); }},
    {"meets", nullptr, nullptr, nullptr,
     [](Ii r1, Ii r2) { return r1.ei && r2.si && Eq(r1.e, r2.s); }},
    {"met by", nullptr, nullptr, nullptr,
     [](Ii r1, Ii r2) { return r1.si && r2.ei && Eq(r1.s, r2.e); }},
    {"overlaps", nullptr, nullptr, nullptr,
     [](Ii r1, Ii r2) {
       return (Gt(r1.e, r2.s) || (Eq(r1.e, r2.s) && r1.ei && r2.si)) &&
              (Lt(r1.s, r2.e) || (Eq(r1.s, r2.e) && r1.si && r2.ei));
     }},
    {"overlaps before", nullptr, nullptr, nullptr, OverlapsBefore},
    {"overlaps after", nullptr, nullptr, nullptr,
     [](Ii r1, Ii r2) { return OverlapsBefore(r2, r1); }},
    {"finishes", nullptr, [](Bb p, Ii r) { return r.ei && Eq(r.e, p); }, nullptr,
     [](Ii r1, Ii r2) {
       return r1.ei == r2.ei && Eq(r1.e, r2.e) &&
              (Gt(r1.s, r2.s) || (Eq(r1.s, r2.s) && (!r1.si || r2.si)));
     }},
    {"finished by", nullptr, nullptr, [](Ii r, Bb p) { return r.ei && Eq(r.e, p); },
     [](Ii r1, Ii r2) {
       return r1.ei == r2.ei && Eq(r1.e, r2.e) &&
              (Lt(r1.s, r2.s) || (Eq(r1.s, r2.s) && (r1.si || !r2.si)));
     }},
    {"includes", nullptr, nullptr, IncludesPoint, IncludesRange},
    {"during", nullptr, [](Bb p, Ii r) { return IncludesPoint(r, p); }, nullptr,
     [](Ii r1, Ii r2) { return IncludesRange(r2, r1); }},
    {"starts", nullptr, [](Bb p, Ii r) { return Eq(r.s, p) && r.si; }, nullptr,
     [](Ii r1, Ii r2) {
       return Eq(r1.s, r2.s) && r1.si == r2.si &&
              (Lt(r1.e, r2.e) || (Eq(r1.e, r2.e) && (!r1.ei || r2.ei)));
     }},
    {"started by", nullptr, nullptr, [](Ii r, Bb p) { return Eq(r.s, p) && r.si; },
     [](Ii r1, Ii r2) {
       return Eq(r1.s, r2.s) && r1.si == r2.si &&
              (Gt(r1.e, r2.e) || (Eq(r1.e, r2.e) && (!r2.ei || r1.ei)));
     }},
    {"coincides", [](Bb p1, Bb p2) { return Eq(p1, p2); }, nullptr, nullptr,
     [](Ii r1, Ii r2) {
       return Eq(r1.s, r2.s) && r1.si == r2.si && Eq(r1.e, r2.e) && r1.ei == r2.ei;
     }},
};

// Whether the arguments can be related: ranges are intervals with known ends, points are not
// null, and every point and range end is of one ordered kind (all numbers, all dates, ...).
// CompareOrder fails for mixed kinds and for a zoned and a local time, so comparing each value
// with the first catches every incomparable pair.
bool Relatable(const Relation& rel, Args args, CallContext& ctx) {
  std::vector<const Value*> values;
  for (const Value& arg : args) {
    if (!arg.is(Kind::kRange)) {
      if (arg.is_null()) {
        Fail(ctx, rel.name, "a point must not be null");
        return false;
      }
      values.push_back(&arg);
      continue;
    }
    const Range& r = arg.range();
    if (r.form == Range::Form::kNotEqual) {
      Fail(ctx, rel.name, "\"!= x\" is not an interval");
      return false;
    }
    if (r.start_unknown || r.end_unknown) {
      Fail(ctx, rel.name, "a range with an unknown (null) endpoint");
      return false;
    }
    if (!r.start.is_null()) values.push_back(&r.start);
    if (!r.end.is_null()) values.push_back(&r.end);
  }
  for (const Value* v : values) {
    if (!CompareOrder(*values[0], *v)) {
      Fail(ctx, rel.name,
           "cannot compare " + ToDisplayString(*values[0]) + " with " + ToDisplayString(*v));
      return false;
    }
  }
  return true;
}

Value Apply(const Relation& rel, Args args, CallContext& ctx) {
  const bool range1 = args[0].is(Kind::kRange);
  const bool range2 = args[1].is(Kind::kRange);
  const bool defined = range1 ? (range2 ? rel.range_range != nullptr : rel.range_point != nullptr)
                              : (range2 ? rel.point_range != nullptr : rel.point_point != nullptr);
  if (!defined) {
    return Fail(ctx, rel.name,
                std::string("is not defined for a ") + (range1 ? "range" : "point") + " and a " +
                    (range2 ? "range" : "point"));
  }
  if (!Relatable(rel, args, ctx)) return Value();
  const Bound p1{&args[0], 0};
  const Bound p2{&args[1], 0};
  if (range1 && range2) {
    return rel.range_range(IntervalOf(args[0].range()), IntervalOf(args[1].range()));
  }
  if (range1) return rel.range_point(IntervalOf(args[0].range()), p2);
  if (range2) return rel.point_range(p1, IntervalOf(args[1].range()));
  return rel.point_point(p1, p2);
}

}  // namespace

void AddRangeFunctions(std::vector<Function>& out) {
  for (const Relation& rel : kRelations) {
    std::vector<std::vector<std::string>> forms;
    if (rel.point_point) forms.push_back({"point1", "point2"});
    if (rel.point_range) forms.push_back({"point", "range"});
    if (rel.range_point) forms.push_back({"range", "point"});
    if (rel.range_range) forms.push_back({"range1", "range2"});
    Function f = Define(rel.name, {AnyParam(forms[0][0]), AnyParam(forms[0][1])}, 2,
                        [&rel](Args args, CallContext& ctx) { return Apply(rel, args, ctx); });
    forms.erase(forms.begin());
    out.push_back(Overloaded(std::move(f), std::move(forms)));
  }
}

}  // namespace tamga::feel::builtins
