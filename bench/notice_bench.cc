// Rendering an applicant's notice (notices::Compose, then RenderPdf and RenderHtml), as intake
// does for every application that awaits documents and as every decision does: the largest share
// of an intake's CPU time (docs/storage.md, "Intake"). The notices are the shapes intake issues: a
// request for documents in Russian and a refusal with grounds and the appeal in Kazakh's Russian
// and in English.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>

#include "notices/notices.h"

namespace {

using namespace tamga::notices;

NoticeData Base(Kind kind, std::string language) {
  NoticeData data;
  data.kind = kind;
  data.language = std::move(language);
  data.reference = "KZ-2022-000123";
  data.issued_on = "2022-09-26";
  data.authority = {{"en", "Migration Service Committee"}, {"ru", "Комитет миграционной службы"}};
  data.jurisdiction = "KZ";
  data.application_kind = {{"en", "Temporary residence permit"},
                           {"ru", "Разрешение на временное проживание"}};
  data.filed_on = "2022-09-23";
  data.applicant_name = "IVANOV Ivan Petrovich";
  data.birth_date = "1990-03-14";
  data.passport_number = "754321987";
  Ground ground;
  ground.rule_id = "kz-tr-noc";
  ground.reason = {{"en", "No document confirming that the country of citizenship does not object"},
                   {"ru", "Не представлен документ о том, что страна гражданства не возражает"}};
  ground.citation = {{"en", "Order of 2022-09-22, item 3"}, {"ru", "Приказ от 22.09.2022, п. 3"}};
  data.grounds.push_back(ground);
  data.verification_code = "7Q4M-K2PX-9HWD-3RTA";
  data.verify_url = "https://tamga.example/#/verify?code=7Q4M-K2PX-9HWD-3RTA";
  data.policy_version = "KZ/temporary-residence/2022-09-22";
  if (kind == Kind::kDocumentsRequested) {
    data.documents = {
        {{"en", "Certificate of no criminal record"}, {"ru", "Справка об отсутствии судимости"}},
        {{"en", "Document confirming that the country of citizenship does not object"},
         {"ru", "Документ о том, что страна гражданства не возражает"}}};
  }
  if (kind == Kind::kRefusal) {
    Appeal appeal;
    appeal.body = {{"en", "Appeals Board of the Committee"},
                   {"ru", "Апелляционная комиссия Комитета"}};
    appeal.deadline = "2022-10-26";
    appeal.period = {{"en", "one month from the day you receive this notice"},
                     {"ru", "один месяц со дня получения настоящего уведомления"}};
    appeal.basis = {{"en", "Administrative Procedure Code, article 91"},
                    {"ru", "Административный процедурно-процессуальный кодекс, статья 91"}};
    data.appeal = appeal;
  }
  return data;
}

void Render(benchmark::State& state, const NoticeData& data) {
  for (auto _ : state) {
    auto document = Compose(data);
    if (!document) {
      state.SkipWithError(document.error().message.c_str());
      return;
    }
    auto pdf = RenderPdf(*document, data.issued_on);
    if (!pdf) {
      state.SkipWithError(pdf.error().message.c_str());
      return;
    }
    std::string html = RenderHtml(*document);
    benchmark::DoNotOptimize(pdf);
    benchmark::DoNotOptimize(html);
  }
}

void BM_DocumentsRequestedNotice(benchmark::State& state) {
  Render(state, Base(Kind::kDocumentsRequested, "ru"));
}
void BM_RefusalNotice(benchmark::State& state) { Render(state, Base(Kind::kRefusal, "en")); }

BENCHMARK(BM_DocumentsRequestedNotice)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RefusalNotice)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
