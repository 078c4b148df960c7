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

namespace {

uint16_t BirthYear(std::string_view text) {
  DateParts d = ParseDate(text);
  return static_cast<uint16_t>(d.year);
}

}  // namespace

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
  std::vector<uint32_t> dates;
  std::vector<uint16_t> years;
  for (const std::string& d : person.person.birth_dates) {
    if (uint32_t key = FullDateKey(d)) {
      dates.push_back(key);
      keys.push_back("b:" + std::to_string(key));
    }
    if (uint16_t y = BirthYear(d)) years.push_back(y);
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
    year_.resize(ref + 1, 0);
    parts_.resize(ref + 1, 0);
  }
  parts_[ref] = static_cast<uint8_t>(std::min<size_t>(fewest_parts, 255));
  birth_[ref] = dates.empty() ? 0 : dates[0];
  year_[ref] = years.empty() ? 0 : years[0];
  if (person.person.birth_dates.size() > 1) more_[ref] = {dates, years};
  ++count_;
}

bool PersonIndex::SameBirthDate(uint32_t ref, const std::vector<uint32_t>& dates) const {
  if (dates.empty() || ref >= birth_.size()) return false;
  if (auto more = more_.find(ref); more != more_.end()) {
    for (uint32_t d : dates) {
      if (std::find(more->second.first.begin(), more->second.first.end(), d) !=
          more->second.first.end())
        return true;
    }
    return false;
  }
  return birth_[ref] != 0 && std::find(dates.begin(), dates.end(), birth_[ref]) != dates.end();
}

bool PersonIndex::OtherYears(uint32_t ref, const std::vector<uint16_t>& years) const {
  if (years.empty() || ref >= year_.size() || year_[ref] == 0) return false;
  if (auto more = more_.find(ref); more != more_.end()) {
    for (uint16_t y : years) {
      if (std::find(more->second.second.begin(), more->second.second.end(), y) !=
          more->second.second.end())
        return false;
    }
    return true;
  }
  return std::find(years.begin(), years.end(), year_[ref]) == years.end();
}

std::vector<uint32_t> PersonIndex::Candidates(const PreparedPerson& query, size_t limit) const {
  static const std::vector<uint32_t> kNone;
  auto postings = [&](const std::string& key) -> const std::vector<uint32_t>& {
    auto it = postings_.find(key);
    return it == postings_.end() ? kNone : it->second;
  };
  std::vector<uint32_t> query_dates;
  std::vector<uint16_t> query_years;
  for (const std::string& d : query.person.birth_dates) {
    if (uint32_t key = FullDateKey(d)) query_dates.push_back(key);
    if (uint16_t y = BirthYear(d)) query_years.push_back(y);
  }
  std::vector<uint32_t> by_document;
  for (const std::string& d : query.documents) {
    if (d.size() < kMinDocumentLength) continue;
    const auto& refs = postings("d:" + d);
    by_document.insert(by_document.end(), refs.begin(), refs.end());
  }
  std::sort(by_document.begin(), by_document.end());
  std::vector<uint32_t> by_date;
  for (uint32_t d : query_dates) {
    const auto& refs = postings("b:" + std::to_string(d));
    by_date.insert(by_date.end(), refs.begin(), refs.end());
  }
  // ref -> the most query-name parts it shares keys with (documents: 99).
  std::vector<std::pair<uint32_t, int>> scored;
  for (uint32_t ref : by_document) scored.emplace_back(ref, 99);
  for (const identity::PreparedName& name : query.names) {
    std::vector<std::vector<const std::vector<uint32_t>*>> parts;
    std::vector<size_t> sizes;
    for (const auto& keys : name.PartKeys()) {
      auto& lists = parts.emplace_back();
      size_t total = 0;
      for (const std::string& key : keys) {
        const auto& refs = postings("n:" + key);
        if (!refs.empty()) lists.push_back(&refs), total += refs.size();
      }
      sizes.push_back(total);
    }
    // Where to look: the rare parts (the rarest when none is), and the same birth dates.
    std::vector<uint32_t> look = by_date;
    size_t rarest = parts.size();
    bool any_rare = false;
    for (size_t p = 0; p < parts.size(); ++p) {
      if (sizes[p] == 0) continue;
      if (rarest == parts.size() || sizes[p] < sizes[rarest]) rarest = p;
      if (sizes[p] <= kRarePartLimit) {
        any_rare = true;
        for (const auto* refs : parts[p]) look.insert(look.end(), refs->begin(), refs->end());
      }
    }
    if (!any_rare && rarest < parts.size()) {
      for (const auto* refs : parts[rarest]) look.insert(look.end(), refs->begin(), refs->end());
    }
    std::sort(look.begin(), look.end());
    look.erase(std::unique(look.begin(), look.end()), look.end());
    const bool single_query = parts.size() <= 1;
    for (uint32_t ref : look) {
      int count = 0;
      for (const auto& lists : parts) {
        for (const auto* refs : lists) {
          if (std::binary_search(refs->begin(), refs->end(), ref)) {
            ++count;
            break;
          }
        }
      }
      if (count == 0 || OtherYears(ref, query_years)) continue;
      bool single = single_query || (ref < parts_.size() && parts_[ref] <= 1);
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

}  // namespace tamga::watchlist
