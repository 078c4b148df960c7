#include "cases/demo.h"

#include <algorithm>
#include <random>

#include "identity/mrz.h"
#include "identity/transliteration.h"

namespace tamga::cases {
namespace {

struct Names {
  const char* citizenship;
  std::vector<const char*> male_surnames, female_surnames, male_given, female_given;
};

const std::vector<Names>& Nationalities() {
  static const std::vector<Names> kNames = {
      {"RUS",
       {"Иванов",   "Смирнов", "Кузнецов", "Попов",    "Васильев", "Петров",   "Соколов",
        "Михайлов", "Новиков", "Фёдоров",  "Морозов",  "Волков",   "Алексеев", "Лебедев",
        "Семёнов",  "Егоров",  "Щербаков", "Журавлёв", "Цветков",  "Объедков"},
       {"Иванова", "Смирнова", "Кузнецова", "Попова", "Васильева", "Петрова", "Соколова",
        "Михайлова", "Новикова", "Фёдорова", "Морозова", "Волкова", "Щербакова", "Цветкова"},
       {"Александр", "Дмитрий", "Максим", "Сергей", "Андрей", "Алексей", "Артём", "Илья", "Кирилл",
        "Михаил", "Никита", "Юрий", "Евгений", "Григорий"},
       {"Анастасия", "Мария", "Дарья", "Анна", "Елизавета", "Полина", "Виктория", "Екатерина",
        "Наталья", "Юлия", "Ксения", "Софья"}},
      {"BLR",
       {"Шевчик", "Ковалёв", "Новик", "Козлов", "Лукашевич", "Жук", "Мельник", "Климович"},
       {"Шевчик", "Ковалёва", "Новик", "Козлова", "Лукашевич", "Жук", "Мельник", "Климович"},
       {"Павел", "Янка", "Алесь", "Віктар", "Сяргей", "Андрэй"},
       {"Алеся", "Вольга", "Ірына", "Наталля", "Святлана", "Ганна"}},
      {"UKR",
       {"Шевченко", "Бондаренко", "Коваленко", "Ткаченко", "Кравченко", "Олійник", "Мельничук",
        "Ющенко"},
       {"Шевченко", "Бондаренко", "Коваленко", "Ткаченко", "Кравченко", "Олійник", "Мельничук",
        "Ющенко"},
       {"Олександр", "Андрій", "Іван", "Богдан", "Тарас", "Юрій", "Євген"},
       {"Олена", "Ірина", "Оксана", "Наталія", "Юлія", "Ганна", "Катерина"}},
  };
  return kNames;
}

class Picker {
 public:
  explicit Picker(unsigned seed) : rng_(seed) {}
  int Int(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  bool Chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }
  template <typename T>
  const T& From(const std::vector<T>& v) {
    return v[Int(0, static_cast<int>(v.size()) - 1)];
  }

 private:
  std::mt19937 rng_;
};

std::string Upper(std::string_view cyrillic) {
  return identity::Transliterate(cyrillic, identity::Scheme::kIcao9303)
      .value_or(std::string(cyrillic));
}

// Filing dates cluster after the mobilization announcement of 2022-09-21.
feel::Date FilingDate(Picker& pick) {
  int64_t start = feel::Date{2022, 9, 1}.DaysSinceEpoch();
  int64_t surge = feel::Date{2022, 9, 21}.DaysSinceEpoch();
  int64_t end = feel::Date{2022, 11, 30}.DaysSinceEpoch();
  int64_t day = pick.Chance(0.6) ? pick.Int(surge, surge + 20) : pick.Int(start, end);
  return feel::Date::FromDaysSinceEpoch(std::min(day, end));
}

Application MakeApplication(Picker& pick, const policy::Library& policies) {
  const Names& n = Nationalities()[pick.Chance(0.75) ? 0 : (pick.Chance(0.6) ? 1 : 2)];
  bool female = pick.Chance(0.45);
  std::string surname = pick.From(female ? n.female_surnames : n.male_surnames);
  std::string given = pick.From(female ? n.female_given : n.male_given);
  Application app;
  app.jurisdiction = pick.Chance(0.7) ? "KZ" : "LV";
  // Asylum claims are lodged in person with an officer and follow their own procedure: the demo's
  // applications are of the other kinds.
  auto kinds = policies.Kinds(app.jurisdiction);
  std::erase(kinds, std::string(kAsylumKind));
  app.kind = kinds.empty() ? "visa" : pick.From(kinds);
  app.filing_date = FilingDate(pick);
  // A purpose the version in force publishes.
  std::vector<std::string> purposes;
  if (auto version = policies.InForce(app.jurisdiction, app.kind, app.filing_date)) {
    for (const policy::Purpose& p : version->purposes) purposes.push_back(p.code);
  }
  app.purpose = purposes.empty() ? "other" : pick.From(purposes);
  app.language = pick.Chance(0.6) ? "ru" : "en";
  Applicant& a = app.applicant;
  a.surname = Upper(surname);
  a.given_names = Upper(given);
  a.native_name = surname + " " + given;
  a.birth_date = feel::Date{pick.Int(1955, 2003), pick.Int(1, 12), pick.Int(1, 28)};
  a.sex = female ? "F" : "M";
  a.citizenships = {n.citizenship};
  a.passport.number = std::to_string(pick.Int(10, 99)) + std::to_string(pick.Int(1000000, 9999999));
  a.passport.issuing_state = n.citizenship;
  a.passport.expiry = feel::Date{pick.Int(2022, 2032), pick.Int(1, 12), pick.Int(1, 28)};
  identity::Td3 mrz;
  mrz.issuing_state = a.passport.issuing_state;
  mrz.surname = a.surname;
  mrz.given_names = a.given_names;
  mrz.number = a.passport.number;
  mrz.nationality = n.citizenship;
  mrz.birth_date = feel::ToString(a.birth_date);
  mrz.sex = a.sex;
  mrz.expiry_date = feel::ToString(a.passport.expiry);
  a.passport.mrz = identity::FormatTd3(mrz);
  return app;
}

Document MakeDocument(const std::string& kind, const Application& app) {
  Document d;
  d.kind = kind;
  d.issuing_state = app.applicant.citizenships.front();
  d.number = "D-" + app.applicant.passport.number;
  d.issued = app.filing_date;
  d.file_name = kind + ".pdf";
  return d;
}

}  // namespace

std::string DemoPdf(std::string_view title) {
  std::string text;
  for (char c : title) text += (c == '(' || c == ')' || c == '\\') ? ' ' : c;
  std::string stream = "BT /F1 18 Tf 72 720 Td (" + text + ") Tj ET";
  std::vector<std::string> objects = {
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
      "/Resources << /Font << /F1 5 0 R >> >> >>",
      "<< /Length " + std::to_string(stream.size()) + " >>\nstream\n" + stream + "\nendstream",
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  };
  return PdfOfObjects(objects);
}

std::string PdfOfObjects(const std::vector<std::string>& objects) {
  std::string pdf = "%PDF-1.4\n";
  std::vector<size_t> offsets;
  for (size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  size_t xref = pdf.size();
  pdf += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
  for (size_t off : offsets) {
    std::string o = std::to_string(off);
    pdf += std::string(10 - o.size(), '0') + o + " 00000 n \n";
  }
  pdf += "trailer\n<< /Size " + std::to_string(objects.size() + 1) +
         " /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

std::string DemoOfficer(const std::string& jurisdiction, int which) {
  std::string j = jurisdiction;
  std::transform(j.begin(), j.end(), j.begin(), [](unsigned char c) { return std::tolower(c); });
  return (which == 1 ? "officer." : "officer" + std::to_string(which) + ".") + j;
}

std::expected<DemoSummary, Error> SeedDemo(CaseStore& store, const policy::Library& policies,
                                           FileStore& files, const DemoOptions& options) {
  Picker pick(options.seed);
  std::string clock;
  policy::Registry registry(policies);
  CaseService service(store, registry, files, [&clock] { return clock; });
  DemoSummary summary;
  const Actor applicant{"applicant", "applicant"};
  for (int i = 0; i < options.applications; ++i) {
    Application app = MakeApplication(pick, policies);
    clock = feel::ToString(app.filing_date) + "T09:00:00.000Z";
    // Some applicants bring everything; some forget a document.
    bool complete = pick.Chance(0.55);
    auto submitted = service.Submit(app, applicant);
    if (!submitted) return std::unexpected(submitted.error());
    Case c = submitted->c;
    const std::string number = c.number;
    const Actor officer{DemoOfficer(app.jurisdiction), "officer"};
    const Actor second{DemoOfficer(app.jurisdiction, 2), "officer"};
    auto step = [&](std::expected<Case, Error> r) {
      if (r) c = std::move(*r);
      return r.has_value();
    };
    if (complete && c.decision) {
      // A copy: each step replaces `c`, and with it the decision this list belongs to.
      const std::vector<std::string> missing_documents = c.decision->missing_documents;
      for (const std::string& missing : missing_documents)
        step(service.AddDocument(number, MakeDocument(missing, app), DemoPdf(missing), applicant));
    }
    clock = feel::ToString(app.filing_date) + "T15:00:00.000Z";
    int depth = pick.Int(0, 6);
    if (depth >= 1 && c.state == State::kReadyForReview) step(service.Claim(number, officer));
    if (depth >= 2 && c.state == State::kReadyForReview) step(service.Validate(number, officer));
    // Four eyes: a second officer decides what the first validated.
    if (depth >= 3 && c.state == State::kValidated) step(service.Claim(number, second));
    if (depth >= 3 && c.state == State::kValidated) {
      bool refuse = c.decision && c.decision->outcome == "refuse";
      if (refuse) {
        step(service.Refuse(number,
                            c.decision->grounds.empty()
                                ? std::vector<policy::Ground>{{"", "refused", ""}}
                                : c.decision->grounds,
                            second));
      } else {
        step(service.Approve(number, "all requirements met", second));
      }
    }
    if (depth >= 5 && c.state == State::kRefused)
      step(service.Appeal(number, "I ask for a review of my circumstances", applicant));
    if (depth >= 6 && c.state == State::kAppealed) {
      step(service.Claim(number, officer));
      step(service.DecideAppeal(number, pick.Chance(0.3), "reviewed on appeal", officer));
    }
    if (depth == 0 && pick.Chance(0.1))
      step(service.Withdraw(number, "no longer needed", applicant));
    ++summary.applications;
    summary.by_state[std::string(StateName(c.state))]++;
  }
  // Two asylum claims per jurisdiction with the procedure (docs/asylum.md), lodged at a border
  // post by its officer: one registered, one under examination with its first questions
  // answered, for the officers with the asylum role. Not counted among the applications.
  for (const std::string& j : policies.Jurisdictions()) {
    auto kinds = policies.Kinds(j);
    if (std::ranges::find(kinds, std::string(kAsylumKind)) == kinds.end()) continue;
    std::string lower = j;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char ch) { return std::tolower(ch); });
    const Actor border{DemoOfficer(j, 1), "officer"};
    const Actor examiner{"asylum." + lower, "officer", {j}};
    for (int k = 0; k < 2; ++k) {
      Application app = MakeApplication(pick, policies);
      app.jurisdiction = j;
      app.kind = std::string(kAsylumKind);
      auto version = policies.InForce(j, app.kind, app.filing_date);
      if (!version || version->purposes.empty() || !version->asylum) continue;
      app.purpose = version->purposes.front().code;
      app.documents.clear();
      clock = feel::ToString(app.filing_date) + "T06:00:00.000Z";
      auto lodged = service.Submit(app, border, {}, nullptr, nullptr,
                                   CaseService::Lodging{version->asylum->lodging_places.front(),
                                                        "Demo border crossing point"});
      if (!lodged) return std::unexpected(lodged.error());
      Case c = lodged->c;
      if (k == 1) {
        clock = feel::ToString(app.filing_date) + "T10:00:00.000Z";
        auto step = [&](std::expected<Case, Error> r) {
          if (r) c = std::move(*r);
        };
        step(service.Claim(c.number, examiner));
        step(service.ScheduleInterview(c.number, feel::ToString(app.filing_date) + "T12:00:00Z",
                                       "Interview room 1", app.language, examiner));
        step(service.RecordInterview(c.number,
                                     "Left after receiving a call-up notice; says he will not "
                                     "serve in the war.",
                                     examiner));
        for (const char* question : {"outside-country", "well-founded-fear"})
          step(service.AnswerQuestion(c.number, question, "yes", "Interview record", examiner));
      }
      summary.by_state[std::string(StateName(c.state))]++;
    }
  }
  return summary;
}

}  // namespace tamga::cases
