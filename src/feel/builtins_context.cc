// Context functions (DMN 1.5 10.3.4.8): get value, get entries, context, context put, context
// merge. Contexts are values: every function returns a new context and leaves its argument as it
// was.
#include <string>
#include <utility>

#include "feel/builtins_internal.h"

namespace tamga::feel::builtins {
namespace {

// get value(m, key): the value of the entry named `key`, null when there is none.
Value GetValue(Args args, CallContext& ctx) {
  if (!args[0].is(Kind::kContext)) return WrongKind(ctx, "get value", "m", "a context", args[0]);
  if (!args[1].is(Kind::kString)) return WrongKind(ctx, "get value", "key", "a string", args[1]);
  const Value* v = args[0].context().Find(args[1].string());
  return v ? *v : Value();
}

// get entries(m): [{key: "a", value: 1}, ...] in the context's order.
Value GetEntries(Args args, CallContext& ctx) {
  if (!args[0].is(Kind::kContext)) return WrongKind(ctx, "get entries", "m", "a context", args[0]);
  List entries;
  for (const auto& [key, value] : args[0].context().entries) {
    Context entry;
    entry.entries = {{"key", Value(key)}, {"value", value}};
    entries.push_back(std::move(entry));
  }
  return entries;
}

// context(entries): the inverse of get entries; each entry needs a string key and a value (other
// entries are ignored), and a key may appear only once.
Value ContextFn(Args args, CallContext& ctx) {
  if (!args[0].is(Kind::kList)) {
    return WrongKind(ctx, "context", "entries", "a list of contexts", args[0]);
  }
  Context out;
  for (const Value& entry : args[0].list()) {
    if (!entry.is(Kind::kContext))
      return WrongKind(ctx, "context", "every entry", "a context", entry);
    const Value* key = entry.context().Find("key");
    const Value* value = entry.context().Find("value");
    if (!key || !key->is(Kind::kString) || !value) {
      return Fail(ctx, "context", "every entry needs a string \"key\" and a \"value\"");
    }
    if (out.Find(key->string())) {
      return Fail(ctx, "context", "the key \"" + key->string() + "\" appears twice");
    }
    out.entries.emplace_back(key->string(), *value);
  }
  return out;
}

// Puts `value` at the path `keys` (non-empty): every context on the way must exist.
std::optional<Context> PutPath(const Context& context, std::span<const Value> keys,
                               const Value& value) {
  Context out = context;
  const std::string& key = keys[0].string();
  if (keys.size() == 1) {
    out.Set(key, value);
    return out;
  }
  const Value* inner = context.Find(key);
  if (!inner || !inner->is(Kind::kContext)) return std::nullopt;
  auto updated = PutPath(inner->context(), keys.subspan(1), value);
  if (!updated) return std::nullopt;
  out.Set(key, std::move(*updated));
  return out;
}

// context put(context, key, value) and context put(context, keys, value): a copy of the context
// with the entry replaced (in place) or appended; with a list of keys, in nested contexts.
Value ContextPut(Args args, CallContext& ctx) {
  static constexpr std::string_view kName = "context put";
  if (!args[0].is(Kind::kContext)) return WrongKind(ctx, kName, "context", "a context", args[0]);
  const Value& key = args[1];
  List single;
  std::span<const Value> keys;
  if (key.is(Kind::kString)) {
    single.push_back(key);
    keys = single;
  } else if (key.is(Kind::kList)) {
    // A list of keys belongs to the `keys` form; named `key:` it is an error (TCK 1146 nested008).
    if (ctx.named_params && ctx.named_params->size() > 1 && (*ctx.named_params)[1] == "key")
      return WrongKind(ctx, kName, "key", "a string (a list of keys is named keys)", key);
    keys = key.list();
  } else {
    return WrongKind(ctx, kName, "key", "a string or a list of strings", key);
  }
  if (keys.empty()) return Fail(ctx, kName, "the list of keys is empty");
  for (const Value& k : keys) {
    if (!k.is(Kind::kString)) return WrongKind(ctx, kName, "every key", "a string", k);
  }
  auto out = PutPath(args[0].context(), keys, args[2]);
  if (!out) return Fail(ctx, kName, "a key on the path does not name a context");
  return std::move(*out);
}

// context merge(contexts): the entries of all contexts; a later context's entry replaces an
// earlier one of the same key.
Value ContextMerge(Args args, CallContext& ctx) {
  if (!args[0].is(Kind::kList)) {
    return WrongKind(ctx, "context merge", "contexts", "a list of contexts", args[0]);
  }
  Context out;
  for (const Value& c : args[0].list()) {
    if (!c.is(Kind::kContext)) return WrongKind(ctx, "context merge", "every item", "a context", c);
    for (const auto& [key, value] : c.context().entries) out.Set(key, value);
  }
  return out;
}

}  // namespace

void AddContextFunctions(std::vector<Function>& out) {
  out.push_back(Define("get value", {ContextParam("m"), AnyParam("key")}, 2, GetValue));
  out.push_back(Define("get entries", {ContextParam("m")}, 1, GetEntries));
  out.push_back(Define("context", {ListParam("entries")}, 1, ContextFn));
  out.push_back(Overloaded(
      Define("context put", {ContextParam("context"), AnyParam("key"), AnyParam("value")}, 3,
             ContextPut),
      {{"context", "keys", "value"}}));
  out.push_back(Define("context merge", {ListParam("contexts")}, 1, ContextMerge));
}

}  // namespace tamga::feel::builtins
