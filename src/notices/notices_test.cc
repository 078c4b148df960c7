#include "notices/notices.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdio.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "base/temp_dir.h"

namespace tamga::notices {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

Ground MakeGround(std::string rule_id, Text reason, Text citation, int annex_vi_ground = 0) {
  Ground ground;
  ground.rule_id = std::move(rule_id);
  ground.reason = std::move(reason);
  ground.citation = std::move(citation);
  ground.annex_vi_ground = annex_vi_ground;
  return ground;
}

// A refusal of a Kazakh permanent residence permit, with everything a notice can carry.
NoticeData Refusal(std::string language) {
  NoticeData data;
  data.kind = Kind::kRefusal;
  data.language = std::move(language);
  data.reference = "KZ-2022-000123";
  data.issued_on = "2022-09-26";
  data.authority = {{"en", "Migration Service Committee"}, {"ru", "Комитет миграционной службы"}};
  data.jurisdiction = "KZ";
  data.application_kind = {{"en", "Permanent residence permit"},
                           {"ru", "Разрешение на постоянное проживание"}};
  data.filed_on = "2022-08-01";
  data.applicant_name = "IVANOV Ivan";
  data.birth_date = "1985-03-14";
  data.passport_number = "N12345678";
  data.grounds.push_back(
      MakeGround("kz-pr-noc",
                 {{"en", "No certificate of no criminal record was presented"},
                  {"ru", "Не представлена справка об отсутствии судимости"}},
                 {{"en", "Residence Rules, item 12"}, {"ru", "Правила проживания, пункт 12"}}));
  Appeal appeal;
  appeal.body = {{"en", "Appeals Board of the Committee"},
                 {"ru", "Апелляционная комиссия Комитета"}};
  appeal.deadline = "2022-10-26";
  appeal.period = {{"en", "one month from the day you receive this notice"},
                   {"ru", "один месяц со дня получения настоящего уведомления"}};
  appeal.basis = {{"en", "Administrative Procedure Code, article 91"},
                  {"ru", "Административный процедурно-процессуальный кодекс, статья 91"}};
  data.appeal = appeal;
  data.verification_code = "7Q4M-K2PX";
  data.verify_url = "https://tamga.example/notices/verify/7Q4M-K2PX";
  data.policy_version = "KZ/pr/2022-09-01";
  return data;
}

// A Latvian short-stay visa refused on the Annex VI form, reasons 2 and 13.
NoticeData AnnexViRefusal(std::string language) {
  NoticeData data = Refusal(std::move(language));
  data.reference = "LV-2022-004711";
  data.jurisdiction = "LV";
  data.authority = {{"en", "Office of Citizenship and Migration Affairs, Rīga"},
                    {"lv", "Pilsonības un migrācijas lietu pārvalde, Rīga"}};
  data.application_kind = {{"en", "Short-stay visa (type C)"},
                           {"ru", "Краткосрочная виза (тип C)"}};
  data.applicant_name = "NURLANOV Aibek";
  data.schengen_form = true;
  data.grounds = {
      MakeGround("lv-visa-purpose",
                 {{"en", "The invitation does not state the purpose of the journey"},
                  {"ru", "В приглашении не указана цель поездки"}},
                 {{"en", "Visa Code, Article 32(1)(a)(ii)"},
                  {"ru", "Визовый кодекс, статья 32(1)(a)(ii)"}},
                 2),
      MakeGround("lv-visa-return",
                 {{"en", "No ties to the country of residence were shown"},
                  {"ru", "Не подтверждена связь со страной проживания"}},
                 {{"en", "Visa Code, Article 32(1)(b)"}, {"ru", "Визовый кодекс, статья 32(1)(b)"}},
                 13)};
  data.policy_version = "LV/visa/2022-09-21";
  return data;
}

NoticeData WithKind(Kind kind, std::string language) {
  NoticeData data = Refusal(std::move(language));
  data.kind = kind;
  if (kind == Kind::kDocumentsRequested) {
    data.documents = {
        {{"en", "Certificate of no criminal record"}, {"ru", "Справка об отсутствии судимости"}},
        {{"en", "Proof of income"}, {"ru", "Документ о доходах"}}};
    data.respond_by = "2022-10-10";
  }
  if (kind != Kind::kRefusal) data.appeal.reset();
  if (kind == Kind::kApproval || kind == Kind::kAppealUpheld) data.grounds.clear();
  return data;
}

Document MustCompose(const NoticeData& data) {
  auto document = Compose(data);
  EXPECT_TRUE(document.has_value()) << (document ? "" : document.error().message);
  return document ? *document : Document{};
}

// All the text of a document, one string, for "does it say X" checks.
std::string AllText(const Document& doc) {
  std::string out = doc.title + "\n";
  for (const auto& [label, value] : doc.facts) out += label + ": " + value + "\n";
  for (const Section& section : doc.sections) {
    out += section.heading + "\n";
    for (const auto& p : section.paragraphs) out += p + "\n";
    for (const auto& item : section.items) out += item + "\n";
    for (const auto& [text, checked] : section.checklist) out += text + "\n";
  }
  return out + doc.footer + "\n" + doc.fine_print + "\n";
}

const Section* FindSection(const Document& doc, std::string_view heading) {
  for (const Section& section : doc.sections) {
    if (section.heading == heading) return &section;
  }
  return nullptr;
}

TEST(NoticesTest, KindNamesRoundTrip) {
  for (Kind kind : {Kind::kApproval, Kind::kDocumentsRequested, Kind::kRefusal, Kind::kAppealUpheld,
                    Kind::kAppealDismissed}) {
    EXPECT_EQ(ParseKind(KindName(kind)), kind);
  }
  EXPECT_EQ(KindName(Kind::kDocumentsRequested), "documents-requested");
  EXPECT_FALSE(ParseKind("rejection").has_value());
}

TEST(NoticesTest, PickPrefersLanguageThenEnglishThenAny) {
  EXPECT_EQ(Pick({{"en", "Yes"}, {"ru", "Да"}}, "ru"), "Да");
  EXPECT_EQ(Pick({{"en", "Yes"}, {"ru", "Да"}}, "kk"), "Yes");
  EXPECT_EQ(Pick({{"lv", "Jā"}}, "ru"), "Jā");
  EXPECT_EQ(Pick({}, "ru"), "");
}

TEST(NoticesTest, Languages) {
  for (const char* language : {"en", "ru", "kk", "lv"}) EXPECT_TRUE(IsNoticeLanguage(language));
  EXPECT_FALSE(IsNoticeLanguage("de"));
  EXPECT_FALSE(IsNoticeLanguage(""));
}

TEST(NoticesTest, ComposesEveryKindInEnglishAndRussian) {
  for (Kind kind : {Kind::kApproval, Kind::kDocumentsRequested, Kind::kRefusal, Kind::kAppealUpheld,
                    Kind::kAppealDismissed}) {
    for (const char* language : {"en", "ru"}) {
      SCOPED_TRACE(std::string(KindName(kind)) + "/" + language);
      Document doc = MustCompose(WithKind(kind, language));
      EXPECT_EQ(doc.language, language);
      EXPECT_FALSE(doc.title.empty());
      ASSERT_FALSE(doc.facts.empty());
      EXPECT_EQ(doc.facts.front().second, "KZ-2022-000123");
      EXPECT_GE(doc.sections.size(), 2u);
      std::string text = AllText(doc);
      EXPECT_THAT(text, HasSubstr("IVANOV Ivan"));
      EXPECT_THAT(text, HasSubstr("N12345678"));
      EXPECT_THAT(text, HasSubstr("7Q4M-K2PX"));
      EXPECT_THAT(text, HasSubstr("KZ/pr/2022-09-01"));
    }
  }
}

// Issue 15: the certificate an asylum applicant receives at registration: registered on the day,
// not a decision, the right to stay with its basis (from the policy), confidentiality, the
// interview to come and the day a decision is due.
TEST(NoticesTest, AnAsylumCertificateStatesTheRightToStayAndIsNoDecision) {
  NoticeData data = WithKind(Kind::kApproval, "en");
  data.kind = Kind::kAsylumCertificate;
  data.application_kind = {{"en", "International protection (asylum)"}};
  data.decision_due = "2022-12-28";
  EXPECT_FALSE(Compose(data)) << "a certificate needs its title and the right to stay";
  data.certificate_title = {{"en", "Certificate of an asylum seeker"},
                            {"ru", "Свидетельство лица, ищущего убежище"}};
  data.right_to_stay = {{"en", "The holder may stay in Kazakhstan while the claim is examined."}};
  data.right_to_stay_basis = {{"en", "Law No. 216-IV \"On Refugees\""}};
  Document doc = MustCompose(data);
  EXPECT_EQ(doc.title, "Certificate of an asylum seeker");
  std::string text = AllText(doc);
  EXPECT_THAT(text, HasSubstr("was registered"));
  EXPECT_THAT(text, HasSubstr("not a decision on your claim"));
  EXPECT_THAT(text, HasSubstr("The holder may stay in Kazakhstan while the claim is examined."));
  EXPECT_THAT(text, HasSubstr("Law No. 216-IV"));
  EXPECT_THAT(text, HasSubstr("does not tell the authorities of your country of origin"));
  EXPECT_THAT(text, HasSubstr("personal interview"));
  EXPECT_THAT(text, HasSubstr("7Q4M-K2PX"));  // verifiable, as a decision notice is
  data.language = "ru";
  EXPECT_EQ(MustCompose(data).title, "Свидетельство лица, ищущего убежище");
}

// A refusal of another case of a person whose asylum claim is pending says that no removal follows.
TEST(NoticesTest, ARefusalOfAPersonSeekingProtectionSaysNoRemovalFollows) {
  NoticeData data = Refusal("en");
  EXPECT_THAT(AllText(MustCompose(data)), Not(HasSubstr("no removal")));
  data.no_removal = true;
  EXPECT_THAT(AllText(MustCompose(data)), HasSubstr("no removal from the country follows from it"));
  data.language = "ru";
  EXPECT_THAT(AllText(MustCompose(data)), HasSubstr("не влечёт выдворения"));
}

TEST(NoticesTest, RussianRefusal) {
  Document doc = MustCompose(Refusal("ru"));
  EXPECT_EQ(doc.title, "Уведомление о решении: в удовлетворении заявления отказано");
  std::string text = AllText(doc);
  EXPECT_THAT(text, HasSubstr("Дата уведомления: 26 сентября 2022\u00A0г."));
  EXPECT_THAT(text, HasSubstr("Дата рождения: 14 марта 1985\u00A0г."));
  EXPECT_THAT(text, HasSubstr("В удовлетворении Вашего заявления (Разрешение на постоянное "
                              "проживание; номер дела KZ-2022-000123; дата подачи: 1 августа "
                              "2022\u00A0г.) отказано."));
  const Section* grounds = FindSection(doc, "Основания");
  ASSERT_NE(grounds, nullptr);
  ASSERT_EQ(grounds->items.size(), 1u);
  EXPECT_EQ(grounds->items[0],
            "Не представлена справка об отсутствии судимости\n"
            "Правовое основание: Правила проживания, пункт 12");
  const Section* appeal = FindSection(doc, "Порядок обжалования");
  ASSERT_NE(appeal, nullptr);
  std::string appeal_text;
  for (const auto& p : appeal->paragraphs) appeal_text += p + "\n";
  EXPECT_THAT(appeal_text, HasSubstr("Орган, рассматривающий жалобу: Апелляционная комиссия"));
  EXPECT_THAT(appeal_text, HasSubstr("Срок обжалования: до 26 октября 2022\u00A0г. включительно"));
  EXPECT_THAT(appeal_text, HasSubstr("один месяц со дня получения настоящего уведомления"));
  EXPECT_THAT(appeal_text, HasSubstr("Административный процедурно-процессуальный кодекс"));
  EXPECT_EQ(doc.footer,
            "Код проверки: 7Q4M-K2PX — проверить подлинность можно по адресу "
            "https://tamga.example/notices/verify/7Q4M-K2PX");
  EXPECT_EQ(doc.fine_print, "Версия правил, по которой принято решение: KZ/pr/2022-09-01");
}

TEST(NoticesTest, EnglishRefusalDates) {
  std::string text = AllText(MustCompose(Refusal("en")));
  EXPECT_THAT(text, HasSubstr("Date of this notice: 26 September 2022"));
  EXPECT_THAT(text, HasSubstr("Appeal deadline: until 26 October 2022 inclusive"));
  EXPECT_THAT(text, HasSubstr("Legal basis: Residence Rules, item 12"));
  EXPECT_THAT(text, HasSubstr("Verification code: 7Q4M-K2PX — check at https://"));
}

TEST(NoticesTest, ApprovalSaysHowToCollect) {
  NoticeData data = WithKind(Kind::kApproval, "en");
  data.officer_reason = "All conditions are met.";
  Document doc = MustCompose(data);
  std::string text = AllText(doc);
  EXPECT_THAT(text, HasSubstr("(Permanent residence permit; reference KZ-2022-000123; filed on 1 "
                              "August 2022) has been approved."));
  EXPECT_THAT(text, HasSubstr("All conditions are met."));
  EXPECT_THAT(text, HasSubstr("passport"));
  EXPECT_THAT(AllText(MustCompose(WithKind(Kind::kApproval, "ru"))),
              HasSubstr("при предъявлении паспорта"));
}

TEST(NoticesTest, DocumentsRequestedListsDocumentsGroundsDeadlineAndHow) {
  Document doc = MustCompose(WithKind(Kind::kDocumentsRequested, "ru"));
  const Section* documents = FindSection(doc, "Документы, которые необходимо представить");
  ASSERT_NE(documents, nullptr);
  EXPECT_EQ(documents->items,
            (std::vector<std::string>{"Справка об отсутствии судимости", "Документ о доходах"}));
  ASSERT_NE(FindSection(doc, "Основания"), nullptr);
  std::string text = AllText(doc);
  EXPECT_THAT(
      text, HasSubstr("Документы необходимо представить до 10 октября 2022\u00A0г. включительно."));
  EXPECT_THAT(text, HasSubstr("личном кабинете заявителя"));
  EXPECT_THAT(text, HasSubstr("номер дела KZ-2022-000123 и код доступа"));

  NoticeData open_ended = WithKind(Kind::kDocumentsRequested, "en");
  open_ended.respond_by.clear();
  EXPECT_THAT(AllText(MustCompose(open_ended)), HasSubstr("as soon as possible"));
}

TEST(NoticesTest, AppealOutcomes) {
  std::string upheld = AllText(MustCompose(WithKind(Kind::kAppealUpheld, "en")));
  EXPECT_THAT(upheld, HasSubstr("has been upheld. The refusal is set aside."));
  EXPECT_THAT(upheld, HasSubstr("examined again"));
  EXPECT_THAT(AllText(MustCompose(WithKind(Kind::kAppealUpheld, "ru"))),
              HasSubstr("Решение об отказе отменено."));

  std::string dismissed = AllText(MustCompose(WithKind(Kind::kAppealDismissed, "en")));
  EXPECT_THAT(dismissed, HasSubstr("has been dismissed. The refusal stands."));
  EXPECT_THAT(dismissed, HasSubstr("You may challenge this decision in court as the law of the "
                                   "Republic of Kazakhstan provides."));
  EXPECT_THAT(AllText(MustCompose(WithKind(Kind::kAppealDismissed, "ru"))),
              HasSubstr("законодательством Республики Казахстан"));

  // A further remedy given by the case service replaces the generic one.
  NoticeData with_remedy = WithKind(Kind::kAppealDismissed, "en");
  with_remedy.appeal = Refusal("en").appeal;
  with_remedy.appeal->body = {{"en", "Administrative District Court"}};
  Document doc = MustCompose(with_remedy);
  const Section* remedy = FindSection(doc, "Further remedy");
  ASSERT_NE(remedy, nullptr);
  EXPECT_THAT(AllText(doc), HasSubstr("Where to appeal: Administrative District Court"));
  EXPECT_THAT(AllText(doc), Not(HasSubstr("as the law of")));
}

TEST(NoticesTest, RefusalWithoutGroundsOrAppealFails) {
  NoticeData no_grounds = Refusal("en");
  no_grounds.grounds.clear();
  EXPECT_FALSE(Compose(no_grounds).has_value());
  NoticeData no_appeal = Refusal("en");
  no_appeal.appeal.reset();
  auto result = Compose(no_appeal);
  ASSERT_FALSE(result.has_value());
  EXPECT_THAT(result.error().message, HasSubstr("appeal"));
  NoticeData no_deadline = Refusal("en");
  no_deadline.appeal->deadline.clear();
  EXPECT_FALSE(Compose(no_deadline).has_value());
}

TEST(NoticesTest, MissingOrBadDataFails) {
  auto unknown = Compose(Refusal("de"));
  ASSERT_FALSE(unknown.has_value());
  EXPECT_THAT(unknown.error().message, HasSubstr("language"));
  NoticeData no_reference = Refusal("en");
  no_reference.reference.clear();
  EXPECT_FALSE(Compose(no_reference).has_value());
  NoticeData no_date = Refusal("en");
  no_date.issued_on.clear();
  EXPECT_FALSE(Compose(no_date).has_value());
  NoticeData bad_date = Refusal("en");
  bad_date.filed_on = "2022-02-30";
  EXPECT_FALSE(Compose(bad_date).has_value());
  NoticeData no_documents = WithKind(Kind::kDocumentsRequested, "en");
  no_documents.documents.clear();
  EXPECT_FALSE(Compose(no_documents).has_value());
  NoticeData bad_annex = AnnexViRefusal("en");
  bad_annex.grounds[0].annex_vi_ground = 18;
  EXPECT_FALSE(Compose(bad_annex).has_value());
  NoticeData unnumbered = AnnexViRefusal("en");
  for (Ground& ground : unnumbered.grounds) ground.annex_vi_ground = 0;
  EXPECT_FALSE(Compose(unnumbered).has_value());
}

// Issue 14: the applicant's receipt (GOV.UK service manual, "confirmation pages": a reference
// and what happens next) says the application was filed, that this is no decision, when the
// decision is due, what is still awaited and where to follow it; never the access code.
NoticeData Receipt(std::string language) {
  NoticeData data = Refusal(std::move(language));
  data.kind = Kind::kReceipt;
  data.grounds.clear();
  data.appeal.reset();
  data.decision_due = "2022-11-30";
  data.documents = {{{"en", "Written consent of the state of citizenship"},
                     {"ru", "Письменное согласие государства гражданства"}}};
  data.status_url = "https://migration.example.kz/#/status";
  data.verification_code.clear();  // the service gives a receipt none: it is not stored
  data.verify_url.clear();
  return data;
}

TEST(NoticesTest, AReceiptConfirmsTheFilingAndSaysWhatComesNext) {
  Document en = MustCompose(Receipt("en"));
  EXPECT_EQ(en.title, "Acknowledgement of receipt of an application");
  EXPECT_EQ(en.facts[1].first, "Date of this receipt");
  EXPECT_EQ(en.facts[2].first, "Received by");
  std::string text = AllText(en);
  EXPECT_THAT(text, HasSubstr("it is not a decision on it"));
  EXPECT_THAT(text, HasSubstr("reference KZ-2022-000123; filed on 1 August 2022"));
  EXPECT_THAT(text, HasSubstr("A decision is due by 30 November 2022"));
  EXPECT_THAT(text, HasSubstr("Written consent of the state of citizenship"));
  EXPECT_THAT(text, HasSubstr("https://migration.example.kz/#/status"));
  EXPECT_EQ(en.footer, "");  // not stored, so no verification code
  std::string ru = AllText(MustCompose(Receipt("ru")));
  EXPECT_THAT(ru, HasSubstr("Расписка о приёме заявления"));
  EXPECT_THAT(ru, HasSubstr("30 ноября 2022"));
  EXPECT_THAT(ru, HasSubstr("Письменное согласие государства гражданства"));
  EXPECT_THAT(AllText(MustCompose(Receipt("kk"))), HasSubstr("Өтінішті қабылдау туралы қолхат"));
  EXPECT_THAT(AllText(MustCompose(Receipt("lv"))),
              HasSubstr("Apliecinājums par iesnieguma saņemšanu"));
  // A decided case's receipt has no running deadline and nothing awaited.
  NoticeData decided = Receipt("en");
  decided.decision_due.clear();
  decided.documents.clear();
  EXPECT_THAT(AllText(MustCompose(decided)), Not(HasSubstr("is due by")));
  NoticeData unfiled = Receipt("en");
  unfiled.filed_on.clear();
  EXPECT_FALSE(Compose(unfiled).has_value());
  NoticeData bad_date = Receipt("en");
  bad_date.decision_due = "2022-02-30";
  EXPECT_FALSE(Compose(bad_date).has_value());
}

// Issue 14: every phrase of a notice exists in Kazakh and Latvian (catalog.cc has no gap).
TEST(NoticesTest, KazakhAndLatvianNoticesAreWrittenInTheirLanguage) {
  Document english = MustCompose(Refusal("en"));
  Document kk = MustCompose(Refusal("kk"));
  EXPECT_EQ(kk.language, "kk");
  EXPECT_NE(kk.title, english.title);
  EXPECT_EQ(kk.facts.front().first, "Іс нөмірі");
  Document lv = MustCompose(Refusal("lv"));
  EXPECT_EQ(lv.facts.front().first, "Lietas numurs");
  EXPECT_NE(lv.title, english.title);
  // The data's own Latvian text is used where it has one.
  Document annex = MustCompose(AnnexViRefusal("lv"));
  EXPECT_THAT(AllText(annex), HasSubstr("Pilsonības un migrācijas lietu pārvalde, Rīga"));
  EXPECT_THAT(AllText(annex), HasSubstr("Atteikums izsniegt vīzu"));
}

TEST(NoticesTest, AnnexViFormTicksTheNumberedReasons) {
  Document doc = MustCompose(AnnexViRefusal("en"));
  EXPECT_EQ(doc.title, "Refusal of visa");
  std::string text = AllText(doc);
  EXPECT_THAT(text, HasSubstr("Standard form, Annex VI to Regulation (EC) No 810/2009"));
  EXPECT_THAT(text, HasSubstr("Ms/Mr NURLANOV Aibek,"));
  EXPECT_THAT(text, HasSubstr("The visa has been refused."));
  const Section* reasons = FindSection(doc, "This decision is based on the following reason(s):");
  ASSERT_NE(reasons, nullptr);
  ASSERT_EQ(reasons->checklist.size(), 17u);
  for (std::size_t i = 0; i < reasons->checklist.size(); ++i) {
    EXPECT_EQ(reasons->checklist[i].second, i == 1 || i == 12) << "reason " << i + 1;
    EXPECT_EQ(reasons->checklist[i].first.rfind(std::to_string(i + 1) + ". ", 0), 0u);
  }
  EXPECT_EQ(reasons->checklist[0].first,
            "1. a false/counterfeit/forged travel document was presented");
  EXPECT_EQ(reasons->checklist[12].first,
            "13. your intention to leave the territory of the Member States before the expiry of "
            "the visa could not be ascertained");
  EXPECT_THAT(reasons->checklist[5].first, HasSubstr("an alert has been issued in the Schengen"));
  EXPECT_THAT(reasons->checklist[6].first,
              HasSubstr("threat to public policy or internal security"));
  const Section* remarks = FindSection(doc, "Remarks");
  ASSERT_NE(remarks, nullptr);
  ASSERT_EQ(remarks->items.size(), 2u);
  EXPECT_EQ(remarks->items[1],
            "Reason 13: No ties to the country of residence were shown\n"
            "Legal basis: Visa Code, Article 32(1)(b)");
  ASSERT_NE(FindSection(doc, "How to appeal"), nullptr);

  Document ru = MustCompose(AnnexViRefusal("ru"));
  EXPECT_EQ(ru.title, "Отказ в выдаче визы");
  EXPECT_THAT(AllText(ru), HasSubstr("приложение VI к Регламенту (ЕС) № 810/2009"));
  EXPECT_THAT(AllText(ru), HasSubstr("13. не удалось установить Ваше намерение покинуть"));
}

TEST(NoticesTest, HtmlIsCompleteAndEscaped) {
  NoticeData data = Refusal("ru");
  data.applicant_name = "<script>alert('x')</script> & Co";
  data.officer_reason = "line one\nline \"two\"";
  std::string html = RenderHtml(MustCompose(data));
  EXPECT_EQ(html.rfind("<!DOCTYPE html>\n<html lang=\"ru\">", 0), 0u);
  EXPECT_THAT(html, HasSubstr("<meta charset=\"utf-8\">"));
  EXPECT_THAT(html, HasSubstr("<title>Уведомление о решении"));
  EXPECT_THAT(html, HasSubstr("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co"));
  EXPECT_THAT(html, Not(HasSubstr("<script")));
  EXPECT_THAT(html, HasSubstr("line one<br>line &quot;two&quot;"));
  EXPECT_THAT(html, HasSubstr("<style>"));
  EXPECT_THAT(html, HasSubstr("@media print"));
  EXPECT_THAT(html, Not(HasSubstr("<link")));
  EXPECT_THAT(html, Not(HasSubstr(" src=")));
  EXPECT_THAT(html, HasSubstr("</html>"));
}

TEST(NoticesTest, HtmlChecklistMarksAppliedReasons) {
  std::string html = RenderHtml(MustCompose(AnnexViRefusal("en")));
  auto count = [&](std::string_view needle) {
    std::size_t n = 0;
    for (std::size_t at = html.find(needle); at != std::string::npos;
         at = html.find(needle, at + 1)) {
      ++n;
    }
    return n;
  };
  EXPECT_EQ(count("role=\"checkbox\""), 17u);
  EXPECT_EQ(count("aria-checked=\"true\""), 2u);
  EXPECT_EQ(count("class=\"box on\""), 2u);
}

// ---- PDF -------------------------------------------------------------------------------------

std::optional<std::string> Run(const std::string& command) {
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return std::nullopt;
  std::string out;
  char buffer[4096];
  while (std::size_t n = fread(buffer, 1, sizeof buffer, pipe)) out.append(buffer, n);
  if (pclose(pipe) != 0) return std::nullopt;
  return out;
}

bool Installed(const std::string& program) {
  return std::system(("command -v " + program + " >/dev/null 2>&1").c_str()) == 0;
}

// Whitespace collapsed, so text wrapped over lines still matches.
std::string Collapse(const std::string& text) {
  std::string out;
  for (char c : text) {
    bool space = c == ' ' || c == '\n' || c == '\f' || c == '\t';
    if (space && (out.empty() || out.back() == ' ')) continue;
    out += space ? ' ' : c;
  }
  return out;
}

// "n / N" as drawn; pdftotext may drop the thin spaces around the slash.
bool HasPageNumber(const std::string& text, int page, int pages) {
  std::string n = std::to_string(page);
  std::string total = std::to_string(pages);
  return text.find(n + " / " + total) != std::string::npos ||
         text.find(n + "/" + total) != std::string::npos;
}

std::string RenderToPdf(const NoticeData& data) {
  auto pdf = RenderPdf(MustCompose(data), data.issued_on);
  EXPECT_TRUE(pdf.has_value()) << (pdf ? "" : pdf.error().message);
  return pdf ? *pdf : std::string();
}

// A PDF written to a temporary file, for the poppler tools.
class PdfFile {
 public:
  explicit PdfFile(const std::string& bytes) : path_(dir_.File("notice.pdf")) {
    std::ofstream(path_, std::ios::binary) << bytes;
  }
  std::string Text() const { return Run("pdftotext -enc UTF-8 '" + path_ + "' -").value_or(""); }
  std::string Fonts() const { return Run("pdffonts '" + path_ + "'").value_or(""); }
  int Pages() const {
    std::istringstream info(Run("pdfinfo '" + path_ + "'").value_or(""));
    for (std::string line; std::getline(info, line);) {
      if (line.rfind("Pages:", 0) == 0) return std::stoi(line.substr(6));
    }
    return 0;
  }

 private:
  base::TempDir dir_{"notices-test"};
  std::string path_;
};

// Every in-use entry of the cross-reference table points at the start of its object.
void ExpectValidXref(const std::string& pdf) {
  std::size_t startxref = pdf.rfind("startxref\n");
  ASSERT_NE(startxref, std::string::npos);
  std::size_t xref = std::stoul(pdf.substr(startxref + 10));
  ASSERT_EQ(pdf.compare(xref, 7, "xref\n0 "), 0);
  std::size_t count = std::stoul(pdf.substr(xref + 7));
  std::size_t entries = pdf.find('\n', xref + 5) + 1;
  for (std::size_t i = 1; i < count; ++i) {
    std::string entry = pdf.substr(entries + 20 * i, 20);
    ASSERT_EQ(entry[17], 'n') << "object " << i;
    std::string object = std::to_string(i) + " 0 obj";
    EXPECT_EQ(pdf.compare(std::stoul(entry.substr(0, 10)), object.size(), object), 0)
        << "object " << i;
  }
}

TEST(NoticesPdfTest, IsAPdfAndDeterministic) {
  NoticeData data = Refusal("ru");
  std::string first = RenderToPdf(data);
  std::string second = RenderToPdf(data);
  ASSERT_GT(first.size(), 1000u);
  EXPECT_EQ(first.rfind("%PDF-1.5", 0), 0u);
  EXPECT_TRUE(first == second) << "two renderings differ";
  EXPECT_NE(first.find("/CreationDate (D:20220926000000Z)"), std::string::npos);
  EXPECT_NE(first.find("/ModDate (D:20220926000000Z)"), std::string::npos);
  EXPECT_NE(first.find("/Title <FEFF0423"), std::string::npos);  // "У…", UTF-16
  ExpectValidXref(first);
  // The issue date given to RenderPdf changes the metadata dates, and nothing else.
  std::string next_day = RenderPdf(MustCompose(data), "2022-09-27").value_or("");
  ASSERT_EQ(next_day.size(), first.size());
  std::size_t differing = 0;
  for (std::size_t i = 0; i < first.size(); ++i) differing += first[i] != next_day[i];
  EXPECT_EQ(differing, 2u);  // the day digit of CreationDate and of ModDate
}

TEST(NoticesPdfTest, RejectsBadIssueDate) {
  EXPECT_FALSE(RenderPdf(MustCompose(Refusal("en")), "26.09.2022").has_value());
}

TEST(NoticesPdfTest, RussianTextSurvivesExtraction) {
  if (!Installed("pdftotext")) GTEST_SKIP() << "pdftotext (poppler-utils) is not installed";
  PdfFile pdf(RenderToPdf(Refusal("ru")));
  std::string text = Collapse(pdf.Text());
  EXPECT_THAT(text, HasSubstr("Уведомление о решении"));
  EXPECT_THAT(text, HasSubstr("Не представлена справка об отсутствии судимости"));
  EXPECT_THAT(text, HasSubstr("Правовое основание: Правила проживания, пункт 12"));
  EXPECT_THAT(text, HasSubstr("Порядок обжалования"));
  EXPECT_THAT(text, HasSubstr("26 октября 2022"));
  EXPECT_THAT(text, HasSubstr("Код проверки: 7Q4M-K2PX"));
  EXPECT_TRUE(HasPageNumber(text, 1, 1)) << text;
}

TEST(NoticesPdfTest, LatvianAndKazakhLettersSurvive) {
  if (!Installed("pdftotext")) GTEST_SKIP() << "pdftotext (poppler-utils) is not installed";
  NoticeData data = AnnexViRefusal("lv");
  data.applicant_name = "BĒRZIŅŠ Jānis";
  data.officer_reason = "Rīga; Қазақстан; āčēģīķļņšūž ĀČĒĢĪĶĻŅŠŪŽ; әғқңөұүһі ӘҒҚҢӨҰҮҺІ";
  PdfFile pdf(RenderToPdf(data));
  std::string text = Collapse(pdf.Text());
  EXPECT_THAT(text, HasSubstr("BĒRZIŅŠ Jānis"));
  EXPECT_THAT(text, HasSubstr("Rīga"));
  EXPECT_THAT(text, HasSubstr("Қазақстан"));
  EXPECT_THAT(text, HasSubstr("āčēģīķļņšūž ĀČĒĢĪĶĻŅŠŪŽ"));
  EXPECT_THAT(text, HasSubstr("әғқңөұүһі ӘҒҚҢӨҰҮҺІ"));
  EXPECT_THAT(text, HasSubstr("Standarta veidlapa, Regulas (EK) Nr. 810/2009"));
}

TEST(NoticesPdfTest, FontsAreEmbedded) {
  if (!Installed("pdffonts")) GTEST_SKIP() << "pdffonts (poppler-utils) is not installed";
  PdfFile pdf(RenderToPdf(AnnexViRefusal("ru")));
  std::istringstream fonts(pdf.Fonts());
  std::string line;
  std::getline(fonts, line);  // header
  std::getline(fonts, line);  // ------
  int count = 0;
  while (std::getline(fonts, line)) {
    std::istringstream words(line);
    std::vector<std::string> columns{std::istream_iterator<std::string>(words), {}};
    // name type... encoding emb sub uni object-number generation
    ASSERT_GE(columns.size(), 6u) << line;
    EXPECT_EQ(columns[columns.size() - 5], "yes") << "not embedded: " << line;
    EXPECT_THAT(columns[0], HasSubstr("DejaVuSans")) << line;
    ++count;
  }
  EXPECT_GE(count, 2);  // regular and bold
}

TEST(NoticesPdfTest, LongRefusalRunsOverPages) {
  NoticeData data = Refusal("en");
  data.grounds.clear();
  for (int i = 1; i <= 200; ++i) {
    std::string n = std::to_string(i);
    data.grounds.push_back(MakeGround("rule-" + n,
                                      {{"en", "Ground number " + n +
                                                  ": the documents presented for this condition "
                                                  "do not show that it is met on the filing date"}},
                                      {{"en", "Residence Rules, item " + n}}));
  }
  std::string bytes = RenderToPdf(data);
  EXPECT_EQ(bytes, RenderToPdf(data));
  if (!Installed("pdftotext") || !Installed("pdfinfo"))
    GTEST_SKIP() << "poppler-utils is not installed";
  PdfFile pdf(bytes);
  int pages = pdf.Pages();
  EXPECT_GE(pages, 5);
  std::string text = Collapse(pdf.Text());
  EXPECT_THAT(text, HasSubstr("Ground number 1: the documents"));
  EXPECT_THAT(text, HasSubstr("Ground number 200: the documents presented for this condition do "
                              "not show that it is met on the filing date"));
  EXPECT_THAT(text, HasSubstr("Legal basis: Residence Rules, item 200"));
  EXPECT_TRUE(HasPageNumber(text, 1, pages));
  EXPECT_TRUE(HasPageNumber(text, pages, pages));
  // The verification line is on every page.
  std::size_t footers = 0;
  for (std::size_t at = text.find("Verification code: 7Q4M-K2PX"); at != std::string::npos;
       at = text.find("Verification code: 7Q4M-K2PX", at + 1)) {
    ++footers;
  }
  EXPECT_EQ(footers, static_cast<std::size_t>(pages));
}

}  // namespace
}  // namespace tamga::notices
