#include "watchlist/matching.h"

#include <algorithm>
#include <cstdio>
#include <iterator>
#include <optional>
#include <queue>

namespace tamga::watchlist {
namespace {

constexpr double kSameFullDate = 0.08;
constexpr double kSamePartialDate = 0.03;
constexpr double kSwappedDayMonth = 0.04;
constexpr double kSameYearOtherDay = -0.20;
constexpr double kOtherYear = -0.30;
constexpr double kSharedCitizenship = 0.02;
constexpr double kNoSharedCitizenship = -0.05;
constexpr double kSharedDocument = 0.25;
constexpr size_t kMinDocumentLength = 5;  // shorter numbers are too often shared by chance

struct DateParts {
  int year = 0, month = 0, day = 0;  // 0: not stated
};

// "1985", "1985-03" or "1985-03-14"; nullopt-like (year 0) otherwise.
DateParts ParseDate(std::string_view text) {
  DateParts d;
  int y = 0, m = 0, day = 0;
  if (text.size() == 10 &&
      std::sscanf(std::string(text).c_str(), "%4d-%2d-%2d", &y, &m, &day) == 3) {
    return {y, m, day};
  }
  if (text.size() == 7 && std::sscanf(std::string(text).c_str(), "%4d-%2d", &y, &m) == 2) {
    return {y, m, 0};
  }
  if (text.size() == 4 && std::sscanf(std::string(text).c_str(), "%4d", &y) == 1) return {y, 0, 0};
  return d;
}

uint32_t FullDateKey(std::string_view text) {
  DateParts d = ParseDate(text);
  if (d.year == 0 || d.month == 0 || d.day == 0) return 0;
  return static_cast<uint32_t>(d.year * 10000 + d.month * 100 + d.day);
}

// The best birth-date factor over all pairs of dates; nothing when either side states none.
std::optional<Factor> BirthDateFactor(const Person& a, const Person& b) {
  std::optional<Factor> best;
  for (const std::string& ta : a.birth_dates) {
    for (const std::string& tb : b.birth_dates) {
      DateParts da = ParseDate(ta), db = ParseDate(tb);
      if (da.year == 0 || db.year == 0) continue;
      Factor f;
      f.name = "birth-date";
      bool full = da.day && db.day;
      if (da.year != db.year) {
        f = {"birth-date", kOtherYear, "born " + ta + " / " + tb + ": another year"};
      } else if (full && da.month == db.month && da.day == db.day) {
        f = {"birth-date", kSameFullDate, ta + " on both"};
      } else if (full && da.month == db.day && da.day == db.month) {
        f = {"birth-date", kSwappedDayMonth, "day and month swapped: " + ta + " / " + tb};
      } else if ((da.month == 0 || db.month == 0 || da.month == db.month) &&
                 (da.day == 0 || db.day == 0 || da.day == db.day)) {
        f = {"birth-date", kSamePartialDate, "agree as far as both state: " + ta + " / " + tb};
      } else {
        f = {"birth-date", kSameYearOtherDay,
             "born " + ta + " / " + tb + ": same year, another day"};
      }
      if (!best || f.effect > best->effect) best = f;
    }
  }
  return best;
}

std::optional<Factor> CitizenshipFactor(const Person& a, const Person& b) {
  if (a.citizenships.empty() || b.citizenships.empty()) return std::nullopt;
  for (const std::string& ca : a.citizenships) {
    for (const std::string& cb : b.citizenships) {
      if (ca == cb) return Factor{"citizenship", kSharedCitizenship, ca + " on both"};
    }
  }
  std::string detail;
  for (const std::string& c : a.citizenships) detail += (detail.empty() ? "" : ",") + c;
  detail += " / ";
  for (size_t i = 0; i < b.citizenships.size(); ++i) detail += (i ? "," : "") + b.citizenships[i];
  return Factor{"citizenship", kNoSharedCitizenship, "none in common: " + detail};
}

std::optional<Factor> DocumentFactor(const PreparedPerson& a, const PreparedPerson& b) {
  for (const std::string& da : a.documents) {
    if (da.size() < kMinDocumentLength) continue;
    for (const std::string& db : b.documents) {
      if (da == db)
        return Factor{"document", kSharedDocument, "document number " + da + " on both"};
    }
  }
  return std::nullopt;
}

}  // namespace

std::string NormalizeDocumentNumber(std::string_view number) {
  std::string out;
  for (char c : number) {
    if (c >= 'a' && c <= 'z') out.push_back(static_cast<char>(c - 'a' + 'A'));
    if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) out.push_back(c);
  }
  return out;
}

PreparedPerson::PreparedPerson(Person p) : person(std::move(p)) {
  for (const std::string& name : person.names) {
    identity::PreparedName prepared(name);
    if (!prepared.empty()) names.push_back(std::move(prepared));
  }
  for (const std::string& d : person.documents) {
    std::string n = NormalizeDocumentNumber(d);
    if (!n.empty() && std::find(documents.begin(), documents.end(), n) == documents.end()) {
      documents.push_back(std::move(n));
    }
  }
}

PersonMatch ComparePersons(const PreparedPerson& a, const PreparedPerson& b) {
  PersonMatch out;
  bool first = true;
  size_t ia = 0;
  for (const identity::PreparedName& na : a.names) {
    size_t ib = 0;
    for (const identity::PreparedName& nb : b.names) {
      identity::NameMatch m = identity::MatchNames(na, nb);
      if (first || m.score > out.name_score) {
        first = false;
        out.name_score = m.score;
        out.name = std::move(m);
        out.left_name = ia < a.person.names.size() ? a.person.names[ia] : "";
        out.right_name = ib < b.person.names.size() ? b.person.names[ib] : "";
      }
      ++ib;
    }
    ++ia;
  }
  // Names that had no letters were dropped from `names`; find the shown names again by position
  // only when nothing was dropped (the evidence carries the parts either way).
  if (a.names.size() != a.person.names.size())
    out.left_name = a.person.names.empty() ? "" : a.person.names[0];
  if (b.names.size() != b.person.names.size())
    out.right_name = b.person.names.empty() ? "" : b.person.names[0];
  double score = out.name_score;
  for (auto factor : {BirthDateFactor(a.person, b.person), CitizenshipFactor(a.person, b.person),
                      DocumentFactor(a, b)}) {
    if (!factor) continue;
    score += factor->effect;
    out.factors.push_back(std::move(*factor));
  }
  out.score = std::clamp(score, 0.0, 1.0);
  return out;
}

void PersonIndex::Add(uint32_t ref, const PreparedPerson& person) {
  std::vector<std::string> keys;
  size_t fewest_parts = 255;
  for (const identity::PreparedName& name : person.names) {
    auto parts = name.PartKeys();
    fewest_parts = std::min(fewest_parts, parts.size());
    for (auto& part : parts) {
      for (auto& key : part) keys.push_back("n:" + key);
    }
  }
  for (const std::string& d : person.documents) {
    if (d.size() >= kMinDocumentLength) keys.push_back("d:" + d);
  }
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  for (const std::string& key : keys) {
    std::vector<uint32_t>& refs = postings_[key];
    if (refs.empty() || refs.back() < ref) {
      refs.push_back(ref);
    } else if (auto at = std::lower_bound(refs.begin(), refs.end(), ref); *at != ref) {
      refs.insert(at, ref);  // added out of order (concurrent writers): keep the list ascending
    }
  }
  if (birth_.size() <= ref) {
    birth_.resize(ref + 1, 0);
    parts_.resize(ref + 1, 0);
  }
  parts_[ref] = static_cast<uint8_t>(std::min<size_t>(fewest_parts, 255));
  std::vector<uint32_t> dates;
  for (const std::string& d : person.person.birth_dates) {
    if (uint32_t key = FullDateKey(d)) dates.push_back(key);
  }
  if (!dates.empty()) birth_[ref] = dates[0];
  if (dates.size() > 1) more_births_[ref] = std::vector<uint32_t>(dates.begin() + 1, dates.end());
  ++count_;
}

bool PersonIndex::SameBirthDate(uint32_t ref, const std::vector<uint32_t>& dates) const {
  if (dates.empty() || ref >= birth_.size() || birth_[ref] == 0) return false;
  for (uint32_t d : dates) {
    if (d == birth_[ref]) return true;
  }
  auto more = more_births_.find(ref);
  if (more == more_births_.end()) return false;
  for (uint32_t d : dates) {
    if (std::find(more->second.begin(), more->second.end(), d) != more->second.end()) return true;
  }
  return false;
}

std::vector<uint32_t> PersonIndex::Candidates(const PreparedPerson& query, size_t limit) const {
  static const std::vector<uint32_t> kNone;
  auto postings = [&](const std::string& key) -> const std::vector<uint32_t>& {
    auto it = postings_.find(key);
    return it == postings_.end() ? kNone : it->second;
  };
  std::vector<uint32_t> query_dates;
  for (const std::string& d : query.person.birth_dates) {
    if (uint32_t key = FullDateKey(d)) query_dates.push_back(key);
  }
  // ref -> the most query parts it shares a key with, over the query's names; documents count 99.
  std::vector<std::pair<uint32_t, int>> scored;
  for (const std::string& d : query.documents) {
    if (d.size() < kMinDocumentLength) continue;
    for (uint32_t ref : postings("d:" + d)) scored.emplace_back(ref, 99);
  }
  for (const identity::PreparedName& name : query.names) {
    auto parts = name.PartKeys();
    // Each part's refs, as one ascending list (a part has one key or a few).
    std::vector<std::vector<uint32_t>> lists;
    for (const auto& keys : parts) {
      std::vector<uint32_t> refs;
      for (const std::string& key : keys) {
        const std::vector<uint32_t>& p = postings("n:" + key);
        if (refs.empty()) {
          refs = p;
        } else if (!p.empty()) {
          std::vector<uint32_t> merged;
          merged.reserve(refs.size() + p.size());
          std::set_union(refs.begin(), refs.end(), p.begin(), p.end(), std::back_inserter(merged));
          refs.swap(merged);
        }
      }
      if (!refs.empty()) lists.push_back(std::move(refs));
    }
    // k-way merge counting how many parts each ref appears under.
    using Cursor = std::pair<uint32_t, size_t>;  // (ref, list)
    std::priority_queue<Cursor, std::vector<Cursor>, std::greater<>> heap;
    std::vector<size_t> pos(lists.size(), 0);
    for (size_t i = 0; i < lists.size(); ++i) heap.emplace(lists[i][0], i);
    size_t query_parts = parts.size();
    while (!heap.empty()) {
      uint32_t ref = heap.top().first;
      int count = 0;
      while (!heap.empty() && heap.top().first == ref) {
        size_t i = heap.top().second;
        heap.pop();
        ++count;
        if (++pos[i] < lists[i].size()) heap.emplace(lists[i][pos[i]], i);
      }
      bool single = query_parts <= 1 || (ref < parts_.size() && parts_[ref] <= 1);
      if (count >= 2 || single || SameBirthDate(ref, query_dates)) scored.emplace_back(ref, count);
    }
  }
  std::sort(scored.begin(), scored.end(), [](const auto& x, const auto& y) {
    return x.first != y.first ? x.first < y.first : x.second > y.second;
  });
  scored.erase(std::unique(scored.begin(), scored.end(),
                           [](const auto& x, const auto& y) { return x.first == y.first; }),
               scored.end());
  std::stable_sort(scored.begin(), scored.end(),
                   [](const auto& x, const auto& y) { return x.second > y.second; });
  if (scored.size() > limit) scored.resize(limit);
  std::vector<uint32_t> out;
  out.reserve(scored.size());
  for (const auto& [ref, count] : scored) out.push_back(ref);
  return out;
}

size_t PersonIndex::MemoryBytes() const {
  size_t bytes = birth_.capacity() * sizeof(uint32_t) + parts_.capacity();
  for (const auto& [key, refs] : postings_) {
    bytes += key.capacity() + sizeof(key) + refs.capacity() * sizeof(uint32_t) + sizeof(refs) + 16;
  }
  bytes += more_births_.size() * 48;
  return bytes;
}

}  // namespace tamga::watchlist
