// List functions that reduce a list to a value (DMN 1.5 10.3.4.4): min, max, sum, mean, all, any,
// product, median, stddev, mode. Each takes a list or the items as separate arguments
// (max([1, 2]) = max(1, 2)); a null item makes the result null, like any other item of the wrong
// kind.
#include <algorithm>
#include <string>

#include "feel/builtins_internal.h"

namespace tamga::feel::builtins {
namespace {

// The items as numbers, or nullopt after a warning naming the first item that is not one.
std::optional<std::vector<Number>> Numbers(std::string_view name, Args items, CallContext& ctx) {
  std::vector<Number> out;
  out.reserve(items.size());
  for (const Value& item : items) {
    if (!item.is(Kind::kNumber)) {
      WrongKind(ctx, name, "every item", "a number", item);
      return std::nullopt;
    }
    out.push_back(item.number());
  }
  return out;
}

std::optional<Number> Sum(const std::vector<Number>& numbers) {
  Number total(0);
  for (const Number& n : numbers) {
    auto next = total.Add(n);
    if (!next) return std::nullopt;
    total = *next;
  }
  return total;
}

// min and max: items of one ordered kind (numbers, strings, dates, times, date and times or
// durations of one kind).
Value Extreme(std::string_view name, int wanted_sign, Args args, CallContext& ctx) {
  Args items = VariadicItems(args);
  if (items.empty()) return Value();
  const Value* best = &items[0];
  for (const Value& item : items) {
    auto c = CompareOrder(item, *best);
    if (!c) {
      return Fail(ctx, name,
                  "cannot compare " + ToDisplayString(item) + " with " + ToDisplayString(*best));
    }
    if (*c == wanted_sign) best = &item;
  }
  return *best;
}

Value SumFn(Args args, CallContext& ctx) {
  auto numbers = Numbers("sum", VariadicItems(args), ctx);
  if (!numbers || numbers->empty()) return Value();
  auto total = Sum(*numbers);
  if (!total) return Fail(ctx, "sum", "the sum overflows");
  return *total;
}

Value Mean(Args args, CallContext& ctx) {
  auto numbers = Numbers("mean", VariadicItems(args), ctx);
  if (!numbers || numbers->empty()) return Value();
  auto total = Sum(*numbers);
  auto mean = total ? total->Divide(Number(static_cast<int64_t>(numbers->size()))) : std::nullopt;
  if (!mean) return Fail(ctx, "mean", "the sum overflows");
  return *mean;
}

Value Product(Args args, CallContext& ctx) {
  auto numbers = Numbers("product", VariadicItems(args), ctx);
  if (!numbers || numbers->empty()) return Value();
  Number product(1);
  for (const Number& n : *numbers) {
    auto next = product.Multiply(n);
    if (!next) return Fail(ctx, "product", "the product overflows");
    product = *next;
  }
  return product;
}

// all: false if any item is false, else true if every item is true (or there are none), else
// null. any: true if any item is true, else false if every item is false, else null.
Value Quantify(std::string_view name, bool decisive, Args args, CallContext& ctx) {
  bool undecided = false;
  for (const Value& item : VariadicItems(args)) {
    if (item.is(Kind::kBoolean)) {
      if (item.boolean() == decisive) return decisive;
    } else {
      undecided = true;
    }
  }
  if (undecided) return Fail(ctx, name, "an item is not a boolean");
  return !decisive;
}

void SortNumbers(std::vector<Number>& numbers) {
  std::sort(numbers.begin(), numbers.end(),
            [](const Number& a, const Number& b) { return a.Compare(b) < 0; });
}

Value Median(Args args, CallContext& ctx) {
  auto numbers = Numbers("median", VariadicItems(args), ctx);
  if (!numbers || numbers->empty()) return Value();
  SortNumbers(*numbers);
  const size_t mid = numbers->size() / 2;
  if (numbers->size() % 2 == 1) return (*numbers)[mid];
  auto total = (*numbers)[mid - 1].Add((*numbers)[mid]);
  auto median = total ? total->Divide(Number(2)) : std::nullopt;
  if (!median) return Fail(ctx, "median", "overflow");
  return *median;
}

// Sample standard deviation: sqrt(sum((x - mean)^2) / (n - 1)); null for fewer than two items.
Value Stddev(Args args, CallContext& ctx) {
  auto numbers = Numbers("stddev", VariadicItems(args), ctx);
  if (!numbers) return Value();
  if (numbers->size() < 2) return Fail(ctx, "stddev", "needs at least two numbers");
  const Number n(static_cast<int64_t>(numbers->size()));
  auto total = Sum(*numbers);
  auto mean = total ? total->Divide(n) : std::nullopt;
  if (!mean) return Fail(ctx, "stddev", "overflow");
  Number squares(0);
  for (const Number& x : *numbers) {
    auto d = x.Subtract(*mean);
    auto sq = d ? d->Multiply(*d) : std::nullopt;
    auto next = sq ? squares.Add(*sq) : std::nullopt;
    if (!next) return Fail(ctx, "stddev", "overflow");
    squares = *next;
  }
  auto variance = squares.Divide(*n.Subtract(Number(1)));
  auto root = variance ? variance->Sqrt() : std::nullopt;
  if (!root) return Fail(ctx, "stddev", "overflow");
  return *root;
}

// mode: the most frequent numbers, ascending; [] for no items.
Value Mode(Args args, CallContext& ctx) {
  auto numbers = Numbers("mode", VariadicItems(args), ctx);
  if (!numbers) return Value();
  SortNumbers(*numbers);
  List modes;
  size_t best = 0;
  for (size_t i = 0; i < numbers->size();) {
    size_t j = i;
    while (j < numbers->size() && (*numbers)[j] == (*numbers)[i]) ++j;
    if (j - i > best) {
      best = j - i;
      modes.clear();
    }
    if (j - i == best) modes.push_back((*numbers)[i]);
    i = j;
  }
  return modes;
}

// The list-or-items functions: one variadic parameter named "list".
Function Aggregate(std::string name, Body body) {
  return DefineVariadic(std::move(name), {AnyParam("list")}, 1, std::move(body));
}

}  // namespace

void AddAggregateFunctions(std::vector<Function>& out) {
  out.push_back(
      Aggregate("min", [](Args args, CallContext& ctx) { return Extreme("min", -1, args, ctx); }));
  out.push_back(
      Aggregate("max", [](Args args, CallContext& ctx) { return Extreme("max", 1, args, ctx); }));
  out.push_back(Aggregate("sum", SumFn));
  out.push_back(Aggregate("mean", Mean));
  out.push_back(Aggregate("product", Product));
  out.push_back(Aggregate(
      "all", [](Args args, CallContext& ctx) { return Quantify("all", false, args, ctx); }));
  out.push_back(Aggregate(
      "any", [](Args args, CallContext& ctx) { return Quantify("any", true, args, ctx); }));
  out.push_back(Aggregate("median", Median));
  out.push_back(Aggregate("stddev", Stddev));
  out.push_back(Aggregate("mode", Mode));
}

}  // namespace tamga::feel::builtins
