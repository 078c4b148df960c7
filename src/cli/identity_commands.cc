// `tamga mrz` and `tamga names match`: the identity module's checks for scripts and evaluation.
#include <ctime>
#include <fstream>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "base/csv.h"
#include "cli/commands.h"
#include "identity/mrz.h"
#include "identity/names.h"

namespace tamga::cli {
namespace {

int CurrentYear() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  return tm.tm_year + 1900;
}

}  // namespace

int Mrz(std::istream& in, std::ostream& out) {
  const int year = CurrentYear();
  std::string line;
  int line_number = 0, bad = 0;
  while (std::getline(in, line)) {
    ++line_number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    std::vector<std::string> lines;
    bool shaped = !j.is_discarded() && j.is_object() && j.contains("mrz") && j["mrz"].is_array();
    if (shaped) {
      for (const auto& l : j["mrz"]) {
        if (!l.is_string()) shaped = false;
        if (shaped) lines.push_back(l.get<std::string>());
      }
    }
    if (!shaped) {
      std::cerr << "tamga mrz: line " << line_number
                << ": expected {\"mrz\": [\"LINE1\", \"LINE2\"]} (two or three strings)\n";
      out << nlohmann::json{{"valid", false}, {"errors", {"input"}}}.dump() << "\n";
      ++bad;
      continue;
    }
    out << identity::MrzJson(identity::ParseMrz(lines, year)) << "\n";
  }
  return bad ? 1 : 0;
}

int NamesMatch(const std::string& file, double threshold) {
  std::ifstream in(file);
  if (!in) {
    std::cerr << "tamga names match: cannot read " << file << "\n";
    return 2;
  }
  std::string header;
  if (!std::getline(in, header)) {
    std::cerr << "tamga names match: " << file << ": line 1: empty file, expected a header\n";
    return 2;
  }
  std::vector<std::string> columns = base::CsvFields(header);
  int left = -1, right = -1;
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i] == "name1") left = static_cast<int>(i);
    if (columns[i] == "name2") right = static_cast<int>(i);
  }
  if (left < 0 || right < 0) {
    std::cerr << "tamga names match: " << file
              << ": line 1: the header needs columns name1 and name2\n";
    return 2;
  }
  std::cout << "name1,name2,score,match\n";
  std::string line;
  int line_number = 1;
  char score[32];
  while (std::getline(in, line)) {
    ++line_number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    std::vector<std::string> f = base::CsvFields(line);
    if (static_cast<int>(f.size()) <= std::max(left, right)) {
      std::cerr << "tamga names match: " << file << ": line " << line_number << ": has " << f.size()
                << " columns, the header " << columns.size() << "\n";
      return 2;
    }
    identity::NameMatch m = identity::MatchNames(f[left], f[right]);
    std::snprintf(score, sizeof score, "%.4f", m.score);
    std::cout << base::CsvQuote(f[left]) << "," << base::CsvQuote(f[right]) << "," << score << ","
              << (m.score >= threshold ? "true" : "false") << "\n";
  }
  return 0;
}

}  // namespace tamga::cli
