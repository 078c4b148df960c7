// List functions that build or search lists (DMN 1.5 10.3.4.4 and the sort function 10.3.4.11):
// list contains, count, sublist, append, concatenate, insert before, remove, reverse, index of,
// union, distinct values, flatten, list replace, sort. Positions are 1-based; negative positions
// count from the end (-1 is the last item).
#include <algorithm>
#include <string>
#include <utility>

#include "feel/builtins_internal.h"

namespace tamga::feel::builtins {
namespace {

bool IsTrue(const Value& v) { return v.is(Kind::kBoolean) && v.boolean(); }

// A list argument of a variadic function, where Invoke() does not coerce: a single value counts
// as a list of one (DMN 1.5 10.3.2.9.4); null is no list.
std::optional<List> AsList(const Value& v) {
  if (v.is(Kind::kList)) return v.list();
  if (v.is_null()) return std::nullopt;
  return List{v};
}

// The 0-based index a position argument designates, or nullopt after a warning.
std::optional<size_t> PositionArg(std::string_view name, const Value& position, size_t size,
                                  CallContext& ctx) {
  if (!position.is(Kind::kNumber)) {
    WrongKind(ctx, name, "position", "a number", position);
    return std::nullopt;
  }
  auto p = IntegerPart(position.number());
  auto index = p ? ResolvePosition(*p, size) : std::nullopt;
  if (!index) {
    Fail(ctx, name,
         "position " + position.number().ToString() + " is outside the list of " +
             std::to_string(size) + " items");
  }
  return index;
}

Value ListContains(Args args, CallContext& ctx) {
  if (!args[0].is(Kind::kList)) return WrongKind(ctx, "list contains", "list", "a list", args[0]);
  for (const Value& item : args[0].list()) {
    if (IsTrue(Equal(item, args[1]))) return true;
  }
  return false;
}

Value Count(Args args, CallContext& ctx) {
  if (!args[0].is(Kind::kList)) return WrongKind(ctx, "count", "list", "a list", args[0]);
  return static_cast<int64_t>(args[0].list().size());
}

// sublist(list, start position, length?): like substring, over items.
Value Sublist(Args args, CallContext& ctx) {
  static constexpr std::string_view kName = "sublist";
  if (!args[0].is(Kind::kList)) return WrongKind(ctx, kName, "list", "a list", args[0]);
  const List& list = args[0].list();
  if (!args[1].is(Kind::kNumber)) {
    return WrongKind(ctx, kName, "start position", "a number", args[1]);
  }
  auto p = IntegerPart(args[1].number());
  auto first = p ? ResolvePosition(*p, list.size()) : std::nullopt;
  if (!first) return Fail(ctx, kName, "start position is outside the list");
  size_t take = list.size() - *first;
  if (args.size() > 2) {
    if (!args[2].is(Kind::kNumber)) return WrongKind(ctx, kName, "length", "a number", args[2]);
    auto n = IntegerPart(args[2].number());
    if (!n || *n < 0) return Fail(ctx, kName, "length must not be negative");
    take = std::min<size_t>(take, static_cast<size_t>(*n));
  }
  return List(list.begin() + *first, list.begin() + *first + take);
}

Value TooLong(CallContext& ctx, std::string_view name) {
  ctx.Warn("'" + std::string(name) + "': the list would have more than " +
           std::to_string(kMaxListLength) + " items");
  return Value();
}

Value Append(Args args, CallContext& ctx) {
  auto list = AsList(args[0]);
  if (!list) return WrongKind(ctx, "append", "list", "a list", args[0]);
  if (list->size() + args.size() - 1 > kMaxListLength) return TooLong(ctx, "append");
  list->insert(list->end(), args.begin() + 1, args.end());
  return std::move(*list);
}

Value Concatenate(Args args, CallContext& ctx) {
  List out;
  for (const Value& arg : args) {
    auto list = AsList(arg);
    if (!list) return WrongKind(ctx, "concatenate", "every argument", "a list", arg);
    if (out.size() + list->size() > kMaxListLength) return TooLong(ctx, "concatenate");
    out.insert(out.end(), list->begin(), list->end());
  }
  return out;
}

Value InsertBefore(Args args, CallContext& ctx) {
  if (!args[0].is(Kind::kList)) return WrongKind(ctx, "insert before", "list", "a list", args[0]);
  List list = args[0].list();
  auto index = PositionArg("insert before", args[1], list.size(), ctx);
  if (!index) return Value();
  list.insert(list.begin() + *index, args[2]);
  return list;
}

Value Remove(Args args, CallContext& ctx) {
  if (!args[0].is(Kind::kList)) return WrongKind(ctx, "remove", "list", "a list", args[0]);
  List list = args[0].list();
  auto index = PositionArg("remove", args[1], list.size(), ctx);
  if (!index) return Value();
  list.erase(list.begin() + *index);
  return list;
}

Value Reverse(Args args, CallContext& ctx) {
  if (!args[0].is(Kind::kList)) return WrongKind(ctx, "reverse", "list", "a list", args[0]);
  return List(args[0].list().rbegin(), args[0].list().rend());
}

// index of(list, match): every position whose item equals the match, ascending.
Value IndexOf(Args args, CallContext& ctx) {
  if (!args[0].is(Kind::kList)) return WrongKind(ctx, "index of", "list", "a list", args[0]);
  List positions;
  const List& list = args[0].list();
  for (size_t i = 0; i < list.size(); ++i) {
    if (IsTrue(Equal(list[i], args[1]))) positions.push_back(static_cast<int64_t>(i + 1));
  }
  return positions;
}

// Appends the items of `from` that are not yet in `out`, keeping the first occurrence.
// Quadratic: the comparisons count against the evaluation's work budget; false when it runs out.
bool AppendDistinct(const List& from, List& out, CallContext& ctx) {
  for (const Value& item : from) {
    if (!ctx.diagnostics.Spend(static_cast<int64_t>(out.size()) + 1)) {
      ctx.Warn("too many comparisons (the limit is " + std::to_string(Diagnostics::kWorkBudget) +
               " steps per evaluation)");
      return false;
    }
    bool seen = false;
    for (const Value& kept : out) {
      if (SameValue(kept, item)) {
        seen = true;
        break;
      }
    }
    if (!seen) out.push_back(item);
  }
  return true;
}

Value Union(Args args, CallContext& ctx) {
  List out;
  for (const Value& arg : args) {
    auto list = AsList(arg);
    if (!list) return WrongKind(ctx, "union", "every argument", "a list", arg);
    if (!AppendDistinct(*list, out, ctx)) return Value();
  }
  return out;
}

Value DistinctValues(Args args, CallContext& ctx) {
  if (!args[0].is(Kind::kList)) return WrongKind(ctx, "distinct values", "list", "a list", args[0]);
  List out;
  if (!AppendDistinct(args[0].list(), out, ctx)) return Value();
  return out;
}

// False when the result would exceed kMaxListLength or the walk the evaluation's work budget (a
// list holding the same list many times, at many levels, has exponentially many paths).
bool FlattenInto(const List& list, List& out, Diagnostics& diag) {
  for (const Value& item : list) {
    if (!diag.Spend(1)) return false;
    if (item.is(Kind::kList)) {
      if (!FlattenInto(item.list(), out, diag)) return false;
    } else {
      if (out.size() >= kMaxListLength) return false;
      out.push_back(item);
    }
  }
  return true;
}

Value Flatten(Args args, CallContext& ctx) {
  if (!args[0].is(Kind::kList)) return WrongKind(ctx, "flatten", "list", "a list", args[0]);
  List out;
  if (!FlattenInto(args[0].list(), out, ctx.diagnostics)) return TooLong(ctx, "flatten");
  return out;
}

// Calls a user's function value with two arguments and expects a boolean back.
std::optional<bool> CallPredicate(std::string_view name, const Function& f, const Value& a,
                                  const Value& b, CallContext& ctx) {
  Value r = Invoke(f, {a, b}, ctx);
  if (r.is(Kind::kBoolean)) return r.boolean();
  Fail(ctx, name, "the function must return true or false, not " + ToDisplayString(r));
  return std::nullopt;
}

// list replace(list, position, newItem) or list replace(list, match, newItem), where
// match(item, newItem) tells which items to replace.
Value ListReplace(Args args, CallContext& ctx) {
  static constexpr std::string_view kName = "list replace";
  if (!args[0].is(Kind::kList)) return WrongKind(ctx, kName, "list", "a list", args[0]);
  List list = args[0].list();
  const Value& selector = args[1];
  if (selector.is(Kind::kFunction)) {
    for (Value& item : list) {
      auto replace = CallPredicate(kName, selector.function(), item, args[2], ctx);
      if (!replace) return Value();
      if (*replace) item = args[2];
    }
    return list;
  }
  if (!selector.is(Kind::kNumber)) {
    return WrongKind(ctx, kName, "position", "a number or a function", selector);
  }
  auto index = PositionArg(kName, selector, list.size(), ctx);
  if (!index) return Value();
  list[*index] = args[2];
  return list;
}

using Precedes = std::function<std::optional<bool>(const Value& a, const Value& b)>;

// Bottom-up merge sort: stable, O(n log n) calls of `precedes`, and safe with a precedes function
// that is not a strict weak order (std::sort would be undefined then). false when a comparison
// fails.
bool MergeSort(List& items, const Precedes& precedes) {
  const size_t n = items.size();
  List buffer(n);
  for (size_t width = 1; width < n; width *= 2) {
    for (size_t lo = 0; lo < n; lo += 2 * width) {
      const size_t mid = std::min(lo + width, n);
      const size_t hi = std::min(lo + 2 * width, n);
      size_t i = lo, j = mid, k = lo;
      while (i < mid && j < hi) {
        auto right_first = precedes(items[j], items[i]);
        if (!right_first) return false;
        buffer[k++] = *right_first ? items[j++] : items[i++];
      }
      while (i < mid) buffer[k++] = items[i++];
      while (j < hi) buffer[k++] = items[j++];
    }
    items.swap(buffer);
  }
  return true;
}

// sort(list, precedes?): ascending by the FEEL order when no precedes function is given.
Value Sort(Args args, CallContext& ctx) {
  if (!args[0].is(Kind::kList)) return WrongKind(ctx, "sort", "list", "a list", args[0]);
  List list = args[0].list();
  const Value& precedes = ArgAt(args, 1);
  Precedes order;
  if (args.size() > 1 && !precedes.is_null()) {
    if (!precedes.is(Kind::kFunction)) {
      return WrongKind(ctx, "sort", "precedes", "a function", precedes);
    }
    order = [&](const Value& a, const Value& b) {
      return CallPredicate("sort", precedes.function(), a, b, ctx);
    };
  } else {
    order = [&](const Value& a, const Value& b) -> std::optional<bool> {
      auto c = CompareOrder(a, b);
      if (!c) {
        Fail(ctx, "sort", "cannot order " + ToDisplayString(a) + " and " + ToDisplayString(b));
        return std::nullopt;
      }
      return *c < 0;
    };
  }
  if (!MergeSort(list, order)) return Value();
  return list;
}

}  // namespace

void AddListFunctions(std::vector<Function>& out) {
  out.push_back(Define("list contains", {ListParam("list"), AnyParam("element")}, 2, ListContains));
  out.push_back(Define("count", {ListParam("list")}, 1, Count));
  out.push_back(Define("sublist",
                       {ListParam("list"), NumberParam("start position"), NumberParam("length")}, 2,
                       Sublist));
  out.push_back(DefineVariadic("append", {AnyParam("list"), AnyParam("item")}, 1, Append));
  out.push_back(DefineVariadic("concatenate", {AnyParam("list")}, 0, Concatenate));
  out.push_back(Define("insert before",
                       {ListParam("list"), NumberParam("position"), AnyParam("newItem")}, 3,
                       InsertBefore));
  out.push_back(Define("remove", {ListParam("list"), NumberParam("position")}, 2, Remove));
  out.push_back(Define("reverse", {ListParam("list")}, 1, Reverse));
  out.push_back(Define("index of", {ListParam("list"), AnyParam("match")}, 2, IndexOf));
  out.push_back(DefineVariadic("union", {AnyParam("list")}, 0, Union));
  out.push_back(Define("distinct values", {ListParam("list")}, 1, DistinctValues));
  out.push_back(Define("flatten", {ListParam("list")}, 1, Flatten));
  out.push_back(Overloaded(
      Define("list replace", {ListParam("list"), AnyParam("position"), AnyParam("newItem")}, 3,
             ListReplace),
      {{"list", "match", "newItem"}}));
  out.push_back(Define("sort", {ListParam("list"), AnyParam("precedes")}, 1, Sort));
}

}  // namespace tamga::feel::builtins
