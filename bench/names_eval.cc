// Evaluates identity::MatchNames on bench/names/pairs.csv (name1,name2,label,group): precision,
// recall and F1 at kDefaultThreshold for each group. Usage: names_eval [pairs.csv] [--errors]
// [--sweep] (--errors lists misclassified pairs, --sweep prints F1 over a range of thresholds).
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "base/csv.h"
#include "identity/names.h"

namespace {

struct Pair {
  std::string a, b, group;
  bool label;
  double score;
};

struct Counts {
  int tp = 0, fp = 0, fn = 0, tn = 0;
  double Precision() const { return tp + fp ? double(tp) / (tp + fp) : 1.0; }
  double Recall() const { return tp + fn ? double(tp) / (tp + fn) : 1.0; }
  double F1() const {
    double p = Precision(), r = Recall();
    return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
  }
};

std::map<std::string, Counts> Count(const std::vector<Pair>& pairs, double threshold) {
  std::map<std::string, Counts> counts;
  for (const Pair& p : pairs) {
    bool predicted = p.score >= threshold;
    for (const std::string& g : {p.group, std::string("all")}) {
      Counts& c = counts[g];
      if (predicted && p.label) ++c.tp;
      if (predicted && !p.label) ++c.fp;
      if (!predicted && p.label) ++c.fn;
      if (!predicted && !p.label) ++c.tn;
    }
  }
  return counts;
}

}  // namespace

int main(int argc, char** argv) {
  std::string path = "bench/names/pairs.csv";
  bool errors = false, sweep = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--errors") == 0) {
      errors = true;
    } else if (std::strcmp(argv[i], "--sweep") == 0) {
      sweep = true;
    } else {
      path = argv[i];
    }
  }
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", path.c_str());
    return 1;
  }
  std::vector<Pair> pairs;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::vector<std::string> f = tamga::base::CsvFields(line);
    if (f.size() < 4) {
      std::fprintf(stderr, "bad line: %s\n", line.c_str());
      return 1;
    }
    Pair p{f[0], f[1], f[3], f[2] == "true", 0};
    p.score = tamga::identity::MatchNames(p.a, p.b).score;
    pairs.push_back(std::move(p));
  }
  const double threshold = tamga::identity::kDefaultThreshold;
  std::printf("%zu pairs, threshold %.2f\n", pairs.size(), threshold);
  std::printf("%-9s %5s %4s %4s %4s %4s %9s %7s %6s\n", "group", "pairs", "tp", "fp", "fn", "tn",
              "precision", "recall", "F1");
  for (const auto& [group, c] : Count(pairs, threshold)) {
    std::printf("%-9s %5d %4d %4d %4d %4d %9.3f %7.3f %6.3f\n", group.c_str(),
                c.tp + c.fp + c.fn + c.tn, c.tp, c.fp, c.fn, c.tn, c.Precision(), c.Recall(),
                c.F1());
  }
  if (sweep) {
    for (double t = 0.60; t <= 0.951; t += 0.025) {
      auto counts = Count(pairs, t);
      std::printf("threshold %.3f: F1 translit %.3f general %.3f all %.3f\n", t,
                  counts["translit"].F1(), counts["general"].F1(), counts["all"].F1());
    }
  }
  if (errors) {
    for (const Pair& p : pairs) {
      if ((p.score >= threshold) != p.label) {
        std::printf("%s %.3f [%s] %s | %s\n", p.label ? "FN" : "FP", p.score, p.group.c_str(),
                    p.a.c_str(), p.b.c_str());
      }
    }
  }
  return 0;
}
