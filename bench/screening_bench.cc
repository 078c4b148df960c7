// Screening at national scale: imports a generated watchlist of N persons (names in Cyrillic,
// Latin transliterations, Western Latin with diacritics, Greek and Arabic script; full, partial or
// no birth dates; some document numbers) through the real import path (CSV parse, versioned
// SQLite import), loads the screener, and screens applications against it on T threads: planted
// listed persons under another spelling and random applicants. Then the same for duplicate search
// over M stored applicants. Prints import time, load time, memory, applications per second and
// latency percentiles, and how many planted persons were found. Bounded in count.
//
//   tamga_screening_bench [--entries N] [--applications M] [--queries Q] [--threads T]
//
// The stored applicants for the duplicate search are written straight into the screening table
// (case_subjects), not as full cases: generating a million full cases takes most of an hour
// (issue 13) and the search reads only that table.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "base/csv.h"
#include "base/sha256.h"
#include "bench_args.h"
#include "cases/case_store.h"
#include "cases/screening.h"
#include "identity/transliteration.h"
#include "watchlist/watchlist.h"

namespace {

using namespace tamga;
using Clock = std::chrono::steady_clock;

using bench::Arg;
using bench::Seconds;

long RssKiB() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6);
  }
  return 0;
}

// Names.
const std::vector<std::string> kRuRoots = {
    "Иван",  "Петр",  "Сокол", "Медвед", "Кузнец", "Смирн",  "Волк",    "Орл",   "Лебед",  "Зайц",
    "Павл",  "Сидор", "Карп",  "Белк",   "Чернов", "Морозн", "Голуб",   "Ворон", "Соболь", "Горб",
    "Жук",   "Щук",   "Рыб",   "Козл",   "Баран",  "Ковал",  "Мельник", "Ткач",  "Гонч",   "Кравц",
    "Шевч",  "Бонд",  "Лис",   "Гусь",   "Журавл", "Снегир", "Дуб",     "Берез", "Липов",  "Осин",
    "Яков",  "Тимоф", "Никит", "Фёдор",  "Степан", "Григор", "Антон",   "Денис", "Булат",  "Руслан",
    "Хабар", "Цвет",  "Чайк",  "Шишк",   "Юрк",    "Ящер",   "エ"};
const std::vector<std::string> kRuInfix = {"",   "",   "",    "",     "",   "о",  "ин",
                                           "ан", "ец", "ушк", "ольн", "ыш", "ен", "ищ",
                                           "ак", "ик", "он",  "ур",   "ат", "ич"};
const std::vector<std::string> kRuSuffixMale = {"ов", "ев", "ин", "ский", "енко", "ук", "ович"};
const std::vector<std::string> kRuGivenMale = {
    "Александр", "Дмитрий", "Максим", "Сергей",   "Андрей",  "Алексей",  "Артём",      "Илья",
    "Кирилл",    "Михаил",  "Никита", "Юрий",     "Евгений", "Григорий", "Иван",       "Павел",
    "Олег",      "Роман",   "Виктор", "Владимир", "Николай", "Пётр",     "Фёдор",      "Тимур",
    "Степан",    "Борис",   "Вадим",  "Георгий",  "Денис",   "Игорь",    "Константин", "Леонид"};
const std::vector<std::string> kRuGivenFemale = {
    "Анастасия", "Мария", "Дарья",  "Анна",    "Елизавета", "Полина",  "Виктория", "Екатерина",
    "Наталья",   "Юлия",  "Ксения", "Софья",   "Ольга",     "Татьяна", "Ирина",    "Светлана",
    "Елена",     "Алина", "Вера",   "Надежда", "Людмила",   "Галина"};
const std::vector<std::string> kWestSurnames = {
    "Müller",  "Schmidt", "García", "Martínez", "Smith",    "Johnson", "Dubois", "Lefèvre",
    "Rossi",   "Bianchi", "Novák",  "Dvořák",   "Kowalski", "Wójcik",  "Jansen", "de Vries",
    "Nielsen", "Hansen",  "Öztürk", "Yılmaz",   "Silva",    "Santos",  "Kovács", "Nagy"};
const std::vector<std::string> kWestGiven = {
    "Anna",   "Maria", "Peter", "Thomas", "José",  "François", "Jürgen", "Søren",
    "Łukasz", "Zoë",   "Chloé", "Miguel", "Lucía", "Marco",    "Giulia", "Jan",
    "Eva",    "Emre",  "Ayşe",  "João",   "Ines",  "Lars",     "Karin",  "Piotr"};
const std::vector<std::string> kWestSyllables = {"ber", "wal", "ton", "ling", "ham",   "son",
                                                 "man", "ter", "ley", "dorf", "stein", "ez"};
// Syllables from which surnames are composed, so that a million people do not share a few dozen
// names (real lists have a long tail of surnames).
const std::vector<std::string> kLatinSyllables = {
    "ka", "lo",  "mer", "an", "ber", "sch", "ri", "to", "vel", "dor", "mi", "sa", "gon", "tis",
    "ra", "len", "har", "bo", "ne",  "ul",  "ze", "fa", "pin", "cor", "da", "wi", "lu",  "ste"};
const std::vector<std::string> kGreekSyllables = {
    "Πα",  "πα",  "δό", "Γε", "ωρ",  "Νι", "κο",  "λά", "Οι", "νό", "μου",
    "Κων", "στα", "Δη", "μη", "τρί", "Αν", "δρέ", "Χα", "ρα", "Βα", "σι"};
const std::vector<std::string> kGreekEndings = {"πουλος", "ίδης", "άκης", "ίου", "άτος", "έας"};
const std::vector<std::string> kArabicRoots = {"حسن",  "علي",   "خطيب", "نجار", "حداد", "سيد",
                                               "زين",  "منصور", "قاسم", "هاشم", "رشيد", "سالم",
                                               "ناصر", "فارس",  "كريم", "شريف", "عباس", "حمدان"};
const std::vector<std::string> kGreekSurnames = {"Παπαδόπουλος", "Γεωργίου",     "Νικολάου",
                                                 "Οικονόμου",    "Κωνσταντίνου", "Δημητρίου"};
const std::vector<std::string> kGreekGiven = {"Γιώργος", "Νίκος",      "Μαρία",      "Ελένη",
                                              "Κώστας",  "Δημήτρης",   "Αικατερίνη", "Ιωάννης",
                                              "Σοφία",   "Παναγιώτης", "Βασιλική",   "Χρήστος"};
const std::vector<std::string> kArabicGiven = {"محمد", "أحمد", "علي",  "حسن",  "خالد", "فاطمة",
                                               "عمر",  "يوسف", "مريم", "ليلى", "سعيد", "إبراهيم",
                                               "طارق", "نور",  "سامي", "هدى",  "وليد", "رامي"};

struct Generator {
  std::mt19937 rng;
  explicit Generator(unsigned seed) : rng(seed) {}
  int Int(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); }
  bool Chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; }
  const std::string& From(const std::vector<std::string>& v) {
    return v[static_cast<size_t>(Int(0, static_cast<int>(v.size()) - 1))];
  }

  std::string RussianName(bool& female) {
    female = Chance(0.4);
    std::string surname = From(kRuRoots) + From(kRuInfix);
    if (Chance(0.6)) surname += Tail(From(kRuRoots));
    surname += From(kRuSuffixMale);
    if (female && (surname.ends_with("ов") || surname.ends_with("ев") || surname.ends_with("ин")))
      surname += "а";
    std::string given = female ? From(kRuGivenFemale) : From(kRuGivenMale);
    std::string name = surname + " " + given;
    if (Chance(0.5)) {
      std::string father = From(kRuGivenMale);
      if (father.ends_with("й")) father = father.substr(0, father.size() - 2) + "е";
      name += " " + father + (female ? "вна" : "вич");
    }
    return name;
  }

  std::string WesternName() {
    std::string surname = From(kWestSurnames);
    if (Chance(0.8)) {
      surname = From(kLatinSyllables) + From(kLatinSyllables) + From(kWestSyllables);
      surname[0] = static_cast<char>(surname[0] - 'a' + 'A');
    }
    return From(kWestGiven) + " " + surname;
  }

  std::string GreekName() {
    std::string surname = Chance(0.2)
                              ? From(kGreekSurnames)
                              : From(kGreekSyllables) + From(kGreekSyllables) + From(kGreekEndings);
    return From(kGreekGiven) + " " + surname;
  }

  std::string ArabicName() {
    return From(kArabicGiven) + " " + From(kArabicGiven) + " " + "ال" + From(kArabicRoots) +
           From(kArabicRoots);
  }

  // A root without its first letter, to compose a second root into a surname.
  static std::string Tail(const std::string& root) {
    size_t i = 1;
    while (i < root.size() && (static_cast<unsigned char>(root[i]) & 0xC0) == 0x80) ++i;
    return root.substr(i);
  }

  std::string BirthDate(bool allow_partial) {
    int y = Int(1940, 2004), m = Int(1, 12), d = Int(1, 28);
    char text[16];
    double p = allow_partial ? Int(0, 99) : 0;
    if (p >= 95) return "";
    if (p >= 85) {
      std::snprintf(text, sizeof text, "%04d", y);
    } else {
      std::snprintf(text, sizeof text, "%04d-%02d-%02d", y, m, d);
    }
    return text;
  }

  // A listed person and, for planting, the script group.
  watchlist::Subject Subject(int i) {
    watchlist::Subject s;
    s.id = "E" + std::to_string(i);
    int group = Int(0, 99);
    std::string citizenship;
    if (group < 40) {
      bool female = false;
      s.person.names.push_back(RussianName(female));
      citizenship = Chance(0.8) ? "RUS" : (Chance(0.5) ? "BLR" : "KAZ");
    } else if (group < 70) {
      bool female = false;
      std::string cyrillic = RussianName(female);
      auto latin = identity::Transliterate(
          cyrillic, Chance(0.5) ? identity::Scheme::kIcao9303 : identity::Scheme::kBgn);
      s.person.names.push_back(latin ? *latin : cyrillic);
      if (Chance(0.3)) s.person.names.push_back(cyrillic);  // an alias in the native script
      citizenship = "RUS";
    } else if (group < 92) {
      s.person.names.push_back(WesternName());
      citizenship = Chance(0.5) ? "DEU" : (Chance(0.5) ? "FRA" : "ESP");
    } else if (group < 96) {
      s.person.names.push_back(GreekName());
      citizenship = "GRC";
    } else {
      s.person.names.push_back(ArabicName());
      citizenship = "SYR";
    }
    if (std::string d = BirthDate(true); !d.empty()) s.person.birth_dates.push_back(d);
    s.person.citizenships.push_back(citizenship);
    if (Chance(0.3))
      s.person.documents.push_back(std::to_string(Int(10, 99)) +
                                   std::to_string(Int(1000000, 9999999)));
    s.reason = "generated";
    return s;
  }
};

std::string Csv(const std::vector<watchlist::Subject>& subjects) {
  std::string out = "id,name,aliases,birth_date,citizenship,documents,reason,legal_basis\n";
  for (const watchlist::Subject& s : subjects) {
    std::string aliases;
    for (size_t i = 1; i < s.person.names.size(); ++i)
      aliases += (i > 1 ? ";" : "") + s.person.names[i];
    out += s.id + "," + base::CsvQuote(s.person.names[0]) + "," + base::CsvQuote(aliases) + "," +
           (s.person.birth_dates.empty() ? "" : s.person.birth_dates[0]) + "," +
           s.person.citizenships[0] + "," +
           (s.person.documents.empty() ? "" : s.person.documents[0]) + "," + s.reason + ",\n";
  }
  return out;
}

// An application by `person`: the Latin name as a passport would print it, the native name when
// the person's first name is Cyrillic.
cases::Case ApplicationOf(const watchlist::Person& person, Generator& g) {
  cases::Case c;
  c.application.jurisdiction = "LV";
  c.application.kind = "visa";
  cases::Applicant& a = c.application.applicant;
  std::string name = person.names[0];
  bool cyrillic = name.find("\xD0") != std::string::npos || name.find("\xD1") != std::string::npos;
  if (cyrillic) {
    a.native_name = name;
    auto latin = identity::Transliterate(name, identity::Scheme::kIcao9303);
    name = latin ? *latin : name;
  }
  size_t space = name.find(' ');
  a.surname = name.substr(0, space);
  a.given_names = space == std::string::npos ? "" : name.substr(space + 1);
  std::string birth = person.birth_dates.empty() ? "" : person.birth_dates[0];
  if (birth.size() == 4) {
    birth += "-0" + std::to_string(g.Int(1, 9)) + "-1" + std::to_string(g.Int(0, 9));
  } else if (birth.size() != 10) {
    birth = g.BirthDate(false);
  }
  // Now and then a typing slip in a Latin given name (two letters swapped).
  if (!cyrillic && a.given_names.size() > 4 && g.Chance(0.2) &&
      static_cast<unsigned char>(a.given_names[2]) < 0x80 &&
      static_cast<unsigned char>(a.given_names[3]) < 0x80) {
    std::swap(a.given_names[2], a.given_names[3]);
  }
  a.birth_date = *feel::ParseDate(birth);
  a.citizenships = person.citizenships;
  a.passport.number =
      person.documents.empty() ? std::to_string(g.Int(100000000, 999999999)) : person.documents[0];
  return c;
}

cases::Screener::Scope ListsOnly() {
  cases::Screener::Scope scope;
  scope.applications = false;
  return scope;
}

cases::Screener::Scope ApplicationsOnly() {
  cases::Screener::Scope scope;
  scope.lists = false;
  return scope;
}

struct Run {
  double seconds = 0;
  std::vector<double> latencies_ms;
  int64_t hits = 0;
  int64_t planted_found = 0;
};

Run Screen(const cases::Screener& screener, const std::vector<cases::Case>& queries,
           const std::vector<std::string>& planted_ids, int threads,
           const cases::Screener::Scope& scope) {
  Run run;
  run.latencies_ms.resize(queries.size());
  std::atomic<size_t> next{0};
  std::atomic<int64_t> hits{0}, found{0};
  auto start = Clock::now();
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      for (size_t i = next++; i < queries.size(); i = next++) {
        auto t0 = Clock::now();
        auto result = screener.Screen(queries[i], "2026-01-01T00:00:00.000Z", scope);
        run.latencies_ms[i] = Seconds(t0) * 1000;
        if (!result) continue;
        hits += static_cast<int64_t>(result->size());
        if (!planted_ids[i].empty()) {
          for (const cases::ScreeningHit& h : *result) {
            if (h.entry_id == planted_ids[i]) {
              ++found;
              break;
            }
          }
        }
      }
    });
  }
  for (auto& w : workers) w.join();
  run.seconds = Seconds(start);
  run.hits = hits;
  run.planted_found = found;
  std::sort(run.latencies_ms.begin(), run.latencies_ms.end());
  return run;
}

void Report(const char* what, const Run& run, size_t queries, size_t planted) {
  auto pct = [&](double p) {
    return run.latencies_ms[std::min(run.latencies_ms.size() - 1,
                                     static_cast<size_t>(p * run.latencies_ms.size()))];
  };
  std::printf(
      "%s: %zu applications in %.2f s = %.0f applications/s; latency p50 %.2f ms, p99 "
      "%.2f ms, max %.2f ms; %lld hits; planted persons found %lld of %zu\n",
      what, queries, run.seconds, queries / run.seconds, pct(0.5), pct(0.99),
      run.latencies_ms.back(), static_cast<long long>(run.hits),
      static_cast<long long>(run.planted_found), planted);
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // progress shows as it happens
  const int entries = Arg(argc, argv, "--entries", 1'000'000);
  const int applications = Arg(argc, argv, "--applications", 1'000'000);
  const int query_count = Arg(argc, argv, "--queries", 20'000);
  const int threads = Arg(argc, argv, "--threads", 2);
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("tamga-screening-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  struct Cleanup {
    std::filesystem::path dir;
    ~Cleanup() { std::filesystem::remove_all(dir); }
  } cleanup{std::getenv("TAMGA_SCREENING_KEEP") ? std::filesystem::path() : dir};

  Generator g(20221004);
  std::printf(
      "screening benchmark: %d list entries, %d stored applicants, %d applications, %d "
      "threads\n",
      entries, applications, query_count, threads);
  std::vector<watchlist::Subject> subjects;
  subjects.reserve(static_cast<size_t>(entries));
  for (int i = 0; i < entries; ++i) subjects.push_back(g.Subject(i));
  const std::string csv_path = (dir / "list.csv").string();
  {
    std::ofstream out(csv_path, std::ios::binary);
    out << Csv(subjects);
  }
  std::printf("list file: %.1f MB\n", std::filesystem::file_size(csv_path) / 1e6);

  auto db = store::Database::OpenSqlite((dir / "tamga.db").string());
  if (!db || !(*db)->Migrate(cases::Schema())) {
    std::fprintf(stderr, "cannot open the database\n");
    return 1;
  }
  auto store = cases::MakeSqlCaseStore(**db);

  // Import: read, parse, store as a version (what `tamga watchlist import` does).
  auto t0 = Clock::now();
  std::ifstream in(csv_path, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto parsed = watchlist::ParseCsv(text);
  if (!parsed) {
    std::fprintf(stderr, "list line %d: %s\n", parsed.error()[0].line,
                 parsed.error()[0].message.c_str());
    return 1;
  }
  watchlist::ImportRequest request{
      "generated", watchlist::ListKind::kEntryBan, "generated", std::vector<std::string>{"*"},
      "csv",       base::Sha256Hex(text),          "bench",     "2026-01-01T00:00:00.000Z"};
  auto version = watchlist::Import(**db, request, *parsed);
  if (!version) {
    std::fprintf(stderr, "import: %s\n", version.error().message.c_str());
    return 1;
  }
  std::printf("import of %d entries (parse and versioned store): %.1f s (target < 60 s)\n", entries,
              Seconds(t0));
  text.clear();
  text.shrink_to_fit();
  parsed->subjects.clear();
  parsed->subjects.shrink_to_fit();

  // Stored applicants for the duplicate search, straight into the screening table.
  t0 = Clock::now();
  {
    auto tx = (*db)->Begin();
    if (!tx) return 1;
    for (int i = 0; i < applications; ++i) {
      watchlist::Subject s = g.Subject(i);
      s.id = "LV-2022-" + std::to_string(1000000 + i);
      auto ok = tx->Execute(
          "INSERT INTO case_subjects (case_id, number, jurisdiction, person) VALUES (?, ?, ?, ?)",
          {static_cast<int64_t>(i + 1), s.id, std::string("LV"), watchlist::SubjectJson(s)});
      if (!ok) {
        std::fprintf(stderr, "seeding applicants: %s\n", ok.error().message.c_str());
        return 1;
      }
    }
    if (!tx->Commit()) return 1;
  }
  std::printf("seeded %d stored applicants in %.1f s\n", applications, Seconds(t0));

  long rss_before = RssKiB();
  t0 = Clock::now();
  cases::Screener screener(**db, *store);
  if (auto loaded = screener.Load(); !loaded) {
    std::fprintf(stderr, "load: %s\n", loaded.error().message.c_str());
    return 1;
  }
  std::printf("screener loaded %zu list entries and %zu applicants in %.1f s; memory +%.0f MiB\n",
              screener.ListEntries(), screener.Applicants(), Seconds(t0),
              (RssKiB() - rss_before) / 1024.0);

  // Applications: every tenth a listed person under another spelling, the rest new people.
  std::vector<cases::Case> queries;
  std::vector<std::string> planted;
  Generator q(7);
  for (int i = 0; i < query_count; ++i) {
    if (i % 10 == 0) {
      const watchlist::Subject& s = subjects[static_cast<size_t>(q.Int(0, entries - 1))];
      queries.push_back(ApplicationOf(s.person, q));
      planted.push_back(s.id);
    } else {
      watchlist::Subject fresh = q.Subject(entries + i);
      queries.push_back(ApplicationOf(fresh.person, q));
      planted.push_back("");
    }
  }
  size_t planted_count = static_cast<size_t>((query_count + 9) / 10);
  // TAMGA_SCREENING_SHOW=N prints the hits of the first N applicants that are not listed, to see
  // what namesakes the generated list raises.
  if (const char* show = std::getenv("TAMGA_SCREENING_SHOW")) {
    int shown = 0;
    for (size_t i = 0; i < queries.size() && shown < std::atoi(show); ++i) {
      if (!planted[i].empty()) continue;
      auto hits = screener.Screen(queries[i], "2026-01-01T00:00:00.000Z", ListsOnly());
      if (!hits || hits->empty()) continue;
      ++shown;
      const cases::Applicant& a = queries[i].application.applicant;
      std::printf("applicant %s %s / %s, %s\n", a.surname.c_str(), a.given_names.c_str(),
                  a.native_name.c_str(), feel::ToString(a.birth_date).c_str());
      for (const cases::ScreeningHit& h : *hits) {
        std::printf("  %.3f %s %s\n", h.score, h.subject.c_str(), h.evidence.c_str());
      }
    }
  }
  Run lists = Screen(screener, queries, planted, threads, ListsOnly());
  Report("watchlist screening", lists, queries.size(), planted_count);
  std::vector<std::string> none(queries.size());
  Run dups = Screen(screener, queries, none, threads, ApplicationsOnly());
  Report("duplicate search over stored applicants", dups, queries.size(), 0);
  std::printf(
      "(the duplicate search finds and compares; its hits need the stored cases, which this "
      "benchmark does not write, so it reports none)\n");
  return 0;
}
