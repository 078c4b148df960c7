#include "policy/trace_json.h"

#include "feel/json.h"

namespace tamga::policy {
namespace {

std::string MatchJson(const dmn::RuleMatch& r) {
  return "{\"rule\":" + std::to_string(r.index) + ",\"id\":" + feel::JsonQuote(r.id) +
         ",\"annotation\":" + feel::JsonQuote(r.annotation) +
         ",\"selected\":" + (r.selected ? "true" : "false") + "}";
}

std::string TableJson(const dmn::TableTrace& table) {
  std::string out = "{\"table\":" + feel::JsonQuote(table.table_id) +
                    ",\"label\":" + feel::JsonQuote(table.label) + ",\"matched\":[";
  for (size_t m = 0; m < table.matches.size(); ++m) {
    out += std::string(m ? "," : "") + MatchJson(table.matches[m]);
  }
  return out + "]}";
}

std::string DecisionJson(const dmn::DecisionTrace& d) {
  std::string out = "{\"decision\":" + feel::JsonQuote(d.name) +
                    ",\"id\":" + feel::JsonQuote(d.id) + ",\"value\":" + feel::ToJson(d.value) +
                    ",\"tables\":[";
  for (size_t t = 0; t < d.tables.size(); ++t) {
    out += std::string(t ? "," : "") + TableJson(d.tables[t]);
  }
  return out + "]}";
}

}  // namespace

std::string TraceJson(const dmn::Result& result) {
  std::string out = "[";
  for (size_t i = 0; i < result.trace.size(); ++i) {
    out += std::string(i ? "," : "") + DecisionJson(result.trace[i]);
  }
  return out + "]";
}

}  // namespace tamga::policy
