// Small helpers of the policy library: dates, names, hashing, error text.
#include <openssl/evp.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <system_error>

#include "policy/internal.h"

namespace tamga::policy {

std::string Error::ToString() const { return where.empty() ? message : where + ": " + message; }

std::string Version::id() const {
  return jurisdiction + "/" + kind + "/" + feel::ToString(takes_effect);
}

std::string InLanguage(const Translations& text, std::string_view language) {
  auto it = text.find(std::string(language));
  if (it == text.end()) it = text.find("en");
  return it == text.end() ? "" : it->second;
}

std::string_view TextStatusName(TextStatus status) {
  switch (status) {
    case TextStatus::kEnacted:
      return "enacted";
    case TextStatus::kReported:
      return "reported";
    case TextStatus::kIllustrative:
      return "illustrative";
  }
  return "enacted";
}

std::string_view AppliesToName(AppliesTo a) {
  switch (a) {
    case AppliesTo::kFiledOnOrAfter:
      return "filed-on-or-after";
    case AppliesTo::kPending:
      return "pending";
  }
  return "filed-on-or-after";
}

const Purpose* Version::FindPurpose(std::string_view code) const {
  for (const Purpose& p : purposes) {
    if (p.code == code) return &p;
  }
  return nullptr;
}

std::string Version::DocumentLabel(const std::string& kind, std::string_view language) const {
  auto it = documents.find(kind);
  return it == documents.end() ? kind : InLanguage(it->second, language);
}

std::string Ground::Reason(std::string_view language) const {
  if (language == "en") return reason;
  auto it = reason_in.find(std::string(language));
  return it == reason_in.end() ? reason : it->second;
}

std::string Ground::Citation(std::string_view language) const {
  if (language == "en") return citation;
  auto it = citation_in.find(std::string(language));
  return it == citation_in.end() ? citation : it->second;
}

Ground Rule::AsGround() const {
  return Ground{id, reason, citation, reason_in, citation_in, form_ground};
}

feel::Date AddMonths(const feel::Date& from, int months) {
  // A period of months ends on the day of the last month that has the number of the day it
  // started from; a month without that day ends it on its last day.
  int64_t total = from.year * 12 + (from.month - 1) + months;
  feel::Date end;
  end.year = total / 12;
  end.month = static_cast<int>(total % 12) + 1;
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (end.year % 4 == 0 && end.year % 100 != 0) || end.year % 400 == 0;
  int last = kDays[end.month - 1] + (end.month == 2 && leap ? 1 : 0);
  end.day = std::min<int>(from.day, last);
  return end;
}

feel::Date Appeal::Deadline(const feel::Date& notified) const {
  if (period_days > 0)
    return feel::Date::FromDaysSinceEpoch(notified.DaysSinceEpoch() + period_days);
  return AddMonths(notified, period_months);
}

feel::Date Jurisdiction::AppealDeadline(const feel::Date& notified) const {
  return appeal.Deadline(notified);
}

feel::Date Version::Deadline(const feel::Date& filed) const {
  if (deadline_months > 0) return AddMonths(filed, deadline_months);
  return feel::Date::FromDaysSinceEpoch(filed.DaysSinceEpoch() + deadline_days);
}

const ChecklistQuestion* AsylumProcedure::FindQuestion(std::string_view id) const {
  for (const ChecklistQuestion& q : checklist) {
    if (q.id == id) return &q;
  }
  return nullptr;
}

bool IsLanguage(std::string_view language) {
  return language == "en" || language == "ru" || language == "kk" || language == "lv";
}

bool IsCode(std::string_view s) {
  return !s.empty() && s.size() <= 64 && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

namespace internal {

std::optional<feel::Date> ParseIsoDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return std::nullopt;
  }
  return feel::ParseDate(text);
}

bool Before(const feel::Date& a, const feel::Date& b) {
  return a.DaysSinceEpoch() < b.DaysSinceEpoch();
}

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Sorted names of the entries of `dir`, without those beginning with a dot.
std::expected<std::vector<std::string>, Error> ListDir(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::directory_iterator it(dir, ec);
  if (ec) return std::unexpected(Error{dir.string(), "cannot list: " + ec.message()});
  std::vector<std::string> names;
  for (; it != std::filesystem::directory_iterator(); it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (!name.starts_with(".")) names.push_back(std::move(name));
  }
  if (ec) return std::unexpected(Error{dir.string(), "cannot list: " + ec.message()});
  std::sort(names.begin(), names.end());
  return names;
}

std::expected<std::string, Error> ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::unexpected(Error{path.string(), "cannot read"});
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool IsDirectory(const std::filesystem::path& path) {
  std::error_code ec;
  return std::filesystem::is_directory(path, ec);
}

std::string ContentHash(const std::vector<std::pair<std::string, std::string>>& files) {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
  for (const auto& [name, contents] : files) {
    std::string header = name + '\0' + std::to_string(contents.size()) + '\0';
    EVP_DigestUpdate(ctx, header.data(), header.size());
    EVP_DigestUpdate(ctx, contents.data(), contents.size());
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(ctx, digest, &length);
  EVP_MD_CTX_free(ctx);
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) {
    char buf[3];
    std::snprintf(buf, sizeof buf, "%02x", digest[i]);
    hex += buf;
  }
  return hex;
}

}  // namespace internal
}  // namespace tamga::policy
