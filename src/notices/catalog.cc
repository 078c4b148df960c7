#include "notices/catalog.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>

namespace tamga::notices::catalog {
namespace {

// One row per phrase, one column per language. A null column means "no text yet": Get() falls back
// to English. Adding Kazakh or Latvian is filling the kk and lv columns, nothing else.
struct Entry {
  Phrase id;
  const char* en;
  const char* ru;
  const char* kk = nullptr;
  const char* lv = nullptr;
};

constexpr std::array<std::string_view, 4> kLanguages = {"en", "ru", "kk", "lv"};

// The Annex VI reasons in English are the wording of the standard form in Regulation (EU)
// 2019/1155, Annex III (OJ L 188, 12.7.2019), which replaced Annex VI to Regulation (EC) No
// 810/2009. The Russian texts of the form are our translation: the EU publishes no Russian version.
constexpr Entry kEntries[] = {
    {Phrase::kTitleApproval, "Notice of decision: application approved",
     "Уведомление о решении: заявление удовлетворено"},
    {Phrase::kTitleDocumentsRequested, "Request for documents",
     "Запрос о представлении документов"},
    {Phrase::kTitleRefusal, "Notice of decision: application refused",
     "Уведомление о решении: в удовлетворении заявления отказано"},
    {Phrase::kTitleVisaRefusalForm, "Refusal of visa", "Отказ в выдаче визы"},
    {Phrase::kTitleAppealUpheld, "Decision on appeal: appeal upheld",
     "Решение по жалобе: жалоба удовлетворена"},
    {Phrase::kTitleAppealDismissed, "Decision on appeal: appeal dismissed",
     "Решение по жалобе: жалоба оставлена без удовлетворения"},
    {Phrase::kTitleReassessment, "Notice: your application was assessed again under new rules",
     "Уведомление о повторной оценке заявления по новым правилам"},

    {Phrase::kFactReference, "Reference", "Номер дела"},
    {Phrase::kFactIssuedOn, "Date of this notice", "Дата уведомления"},
    {Phrase::kFactAuthority, "Authority", "Орган, принявший решение"},
    {Phrase::kFactApplicant, "Applicant", "Заявитель"},
    {Phrase::kFactBirthDate, "Date of birth", "Дата рождения"},
    {Phrase::kFactPassport, "Passport number", "Номер паспорта"},
    {Phrase::kFactApplicationKind, "Application", "Вид заявления"},
    {Phrase::kFactFiledOn, "Filed on", "Дата подачи заявления"},

    {Phrase::kHeadDecision, "Decision", "Решение"},
    {Phrase::kHeadNextSteps, "What happens next", "Дальнейшие действия"},
    {Phrase::kHeadDocuments, "Documents to present", "Документы, которые необходимо представить"},
    {Phrase::kHeadGrounds, "Grounds", "Основания"},
    {Phrase::kHeadDeadline, "Deadline", "Срок"},
    {Phrase::kHeadHowToSubmit, "How to present the documents", "Порядок представления документов"},
    {Phrase::kHeadAppeal, "How to appeal", "Порядок обжалования"},
    {Phrase::kHeadFurtherRemedy, "Further remedy", "Дальнейшее обжалование"},
    {Phrase::kHeadOfficer, "Remarks of the deciding officer", "Пояснения должностного лица"},
    {Phrase::kHeadFormReasons, "This decision is based on the following reason(s):",
     "Решение основано на следующей причине (причинах):"},
    {Phrase::kHeadRemarks, "Remarks", "Примечания"},

    {Phrase::kPartReference, "reference {ref}", "номер дела {ref}"},
    {Phrase::kPartFiled, "filed on {filed}", "дата подачи: {filed}"},

    {Phrase::kApproved, "Your application ({app}) has been approved.",
     "Ваше заявление ({app}) удовлетворено."},
    {Phrase::kCollect,
     "The document is handed over to you in person on presentation of your passport. Please come "
     "to the authority that took the decision ({authority}) and quote reference {ref}.",
     "Документ выдаётся лично заявителю при предъявлении паспорта. Для его получения обратитесь в "
     "орган, принявший решение ({authority}), и назовите номер дела {ref}."},
    {Phrase::kDocumentsIntro,
     "To continue examining your application ({app}), the authority needs the following documents:",
     "Для продолжения рассмотрения Вашего заявления ({app}) необходимо представить следующие "
     "документы:"},
    {Phrase::kGroundsIntroRequest, "The documents are requested on the following grounds:",
     "Документы запрашиваются по следующим основаниям:"},
    {Phrase::kRespondBy, "Please present the documents by {date} inclusive.",
     "Документы необходимо представить до {date} включительно."},
    {Phrase::kRespondSoon,
     "Please present the documents as soon as possible; the examination of your application "
     "continues once they are received.",
     "Просим представить документы в возможно короткий срок: рассмотрение заявления будет "
     "продолжено после их получения."},
    {Phrase::kHowToSubmit,
     "Upload the documents in the applicant portal, signing in with reference {ref} and your "
     "access code, or present them in person where you filed your application ({authority}).",
     "Загрузите документы в личном кабинете заявителя, указав для входа номер дела {ref} и код "
     "доступа, либо представьте их лично по месту подачи заявления ({authority})."},
    {Phrase::kRefused, "Your application ({app}) has been refused.",
     "В удовлетворении Вашего заявления ({app}) отказано."},
    {Phrase::kGroundsIntroRefusal,
     "The decision is based on the following grounds:", "Решение принято по следующим основаниям:"},
    {Phrase::kLegalBasis, "Legal basis: {citation}", "Правовое основание: {citation}"},
    {Phrase::kAppealIntro, "You may appeal against this decision.",
     "Вы вправе обжаловать настоящее решение."},
    {Phrase::kAppealBody, "Where to appeal: {body}", "Орган, рассматривающий жалобу: {body}"},
    {Phrase::kAppealDeadline,
     "Appeal deadline: until {date} inclusive (the last day on which an appeal can be lodged)",
     "Срок обжалования: до {date} включительно (последний день подачи жалобы)"},
    {Phrase::kAppealPeriod, "How the period is counted: {period}",
     "Порядок исчисления срока: {period}"},
    {Phrase::kAppealBasis, "Legal basis of the right to appeal: {basis}",
     "Правовое основание обжалования: {basis}"},
    {Phrase::kAppealUpheld,
     "Your appeal against the refusal of your application ({app}) has been upheld. The refusal is "
     "set aside.",
     "Ваша жалоба на решение об отказе по заявлению ({app}) удовлетворена. Решение об отказе "
     "отменено."},
    {Phrase::kReexamine,
     "Your application will be examined again; you will be notified of the new decision.",
     "Ваше заявление будет рассмотрено повторно; о новом решении Вам будет сообщено "
     "дополнительно."},
    {Phrase::kAppealDismissed,
     "Your appeal against the refusal of your application ({app}) has been dismissed. The refusal "
     "stands.",
     "Ваша жалоба на решение об отказе по заявлению ({app}) оставлена без удовлетворения. Решение "
     "об отказе остаётся в силе."},
    {Phrase::kCourt, "You may challenge this decision in court as the law of {country} provides.",
     "Вы вправе обжаловать настоящее решение в судебном порядке, предусмотренном "
     "законодательством {country}."},
    {Phrase::kReassessed,
     "Rules that also apply to applications pending on {date} have taken effect. Your application "
     "({app}) has been assessed again under them.",
     "Вступили в силу правила, которые применяются и к заявлениям, находящимся на рассмотрении "
     "на {date}. Ваше заявление ({app}) повторно оценено по этим правилам."},
    {Phrase::kGroundsIntroAssessment,
     "The assessment rests on the following grounds:", "Оценка основана на следующих основаниях:"},
    {Phrase::kNotYetDecided,
     "This assessment is not yet a decision: an officer examines your application and decides "
     "it. You will receive a notice of the decision and, if it is a refusal, of how to appeal.",
     "Эта оценка ещё не является решением: заявление рассмотрит должностное лицо и примет по нему "
     "решение. Вы получите уведомление о решении, а в случае отказа — о порядке его обжалования."},
    {Phrase::kFormCitation,
     "Standard form, Annex VI to Regulation (EC) No 810/2009 (Visa Code), as amended by "
     "Regulation (EU) 2019/1155",
     "Стандартная форма, приложение VI к Регламенту (ЕС) № 810/2009 (Визовый кодекс) в редакции "
     "Регламента (ЕС) 2019/1155"},
    {Phrase::kFormAddress, "Ms/Mr {name},", "Г-жа/г-н {name},"},
    {Phrase::kFormExamined, "Your application ({app}) has been examined by {authority}.",
     "Ваше заявление ({app}) рассмотрено компетентным органом: {authority}."},
    {Phrase::kFormRefused, "The visa has been refused.", "В выдаче визы отказано."},
    {Phrase::kFormRemarkGround, "Reason {n}: {reason}", "Причина {n}: {reason}"},
    {Phrase::kPolicyVersion, "Decided under policy version {version}",
     "Версия правил, по которой принято решение: {version}"},
    {Phrase::kFooter, "Verification code: {code} — check at {url}",
     "Код проверки: {code} — проверить подлинность можно по адресу {url}"},
    {Phrase::kFooterNoUrl, "Verification code: {code}", "Код проверки: {code}"},

    {Phrase::kCountryKZ, "the Republic of Kazakhstan", "Республики Казахстан"},
    {Phrase::kCountryLV, "the Republic of Latvia", "Латвийской Республики"},

    // Russian binds the year to "г." with a no-break space, so a line never starts with "г.".
    {Phrase::kDatePattern, "{d} {month} {y}", "{d} {month} {y}\u00A0г."},
    // Russian months in the genitive, as a date needs them ("26 сентября").
    {Phrase::kMonth1, "January", "января"},
    {Phrase::kMonth2, "February", "февраля"},
    {Phrase::kMonth3, "March", "марта"},
    {Phrase::kMonth4, "April", "апреля"},
    {Phrase::kMonth5, "May", "мая"},
    {Phrase::kMonth6, "June", "июня"},
    {Phrase::kMonth7, "July", "июля"},
    {Phrase::kMonth8, "August", "августа"},
    {Phrase::kMonth9, "September", "сентября"},
    {Phrase::kMonth10, "October", "октября"},
    {Phrase::kMonth11, "November", "ноября"},
    {Phrase::kMonth12, "December", "декабря"},

    // Annex VI, "This decision is based on the following reason(s):". English: the official
    // wording. Russian: our translation (not an official text).
    {Phrase::kAnnexVi1, "a false/counterfeit/forged travel document was presented",
     "был представлен ложный, поддельный или подделанный проездной документ"},
    {Phrase::kAnnexVi2,
     "justification for the purpose and conditions of the intended stay was not provided",
     "не представлено обоснование цели и условий предполагаемого пребывания"},
    {Phrase::kAnnexVi3,
     "you have not provided proof of sufficient means of subsistence, for the duration of the "
     "intended stay or for the return to the country of origin or residence, or for the transit to "
     "a third country into which you are certain to be admitted",
     "Вы не представили доказательств наличия достаточных средств к существованию на срок "
     "предполагаемого пребывания, или для возвращения в страну происхождения или проживания, или "
     "для транзита в третью страну, въезд в которую Вам гарантирован"},
    {Phrase::kAnnexVi4,
     "you have not provided proof that you are in a position to lawfully acquire sufficient means "
     "of subsistence, for the duration of the intended stay or for the return to the country of "
     "origin or residence, or for the transit to a third country into which you are certain to be "
     "admitted",
     "Вы не представили доказательств того, что в состоянии законным путём получить достаточные "
     "средства к существованию на срок предполагаемого пребывания, или для возвращения в страну "
     "происхождения или проживания, или для транзита в третью страну, въезд в которую Вам "
     "гарантирован"},
    {Phrase::kAnnexVi5,
     "you have already stayed for 90 days during the current 180-day period on the territory of "
     "the Member States on the basis of a uniform visa or a visa with limited territorial validity",
     "Вы уже пребывали на территории государств-членов 90 дней в течение текущего 180-дневного "
     "периода на основании единой визы или визы с ограниченной территориальной действительностью"},
    {Phrase::kAnnexVi6,
     "an alert has been issued in the Schengen Information System (SIS) for the purpose of "
     "refusing entry by … (indication of Member State)",
     "в Шенгенской информационной системе (SIS) размещено предупреждение в целях отказа во въезде, "
     "внесённое … (указание государства-члена)"},
    {Phrase::kAnnexVi7,
     "one or more Member States consider you to be a threat to public policy or internal security",
     "одно или несколько государств-членов считают, что Вы представляете угрозу публичному "
     "порядку или внутренней безопасности"},
    {Phrase::kAnnexVi8,
     "one or more Member States consider you to be a threat to public health as defined in point "
     "(21) of Article 2 of Regulation (EU) 2016/399 of the European Parliament and of the Council "
     "(Schengen Borders Code)",
     "одно или несколько государств-членов считают, что Вы представляете угрозу здоровью "
     "населения в значении пункта 21 статьи 2 Регламента (ЕС) 2016/399 Европейского парламента и "
     "Совета (Шенгенский кодекс о границах)"},
    {Phrase::kAnnexVi9,
     "one or more Member States consider you to be a threat to their international relations",
     "одно или несколько государств-членов считают, что Вы представляете угрозу их "
     "международным отношениям"},
    {Phrase::kAnnexVi10,
     "the information submitted regarding the justification for the purpose and conditions of the "
     "intended stay was not reliable",
     "представленные сведения, обосновывающие цель и условия предполагаемого пребывания, "
     "недостоверны"},
    {Phrase::kAnnexVi11,
     "there are reasonable doubts as to the reliability of the statements made regarding … "
     "(please specify)",
     "имеются обоснованные сомнения в достоверности заявлений, сделанных в отношении … (просьба "
     "уточнить)"},
    {Phrase::kAnnexVi12,
     "there are reasonable doubts as to the reliability, authenticity of the supporting documents "
     "submitted or the veracity of their contents",
     "имеются обоснованные сомнения в достоверности и подлинности представленных подтверждающих "
     "документов или в правдивости их содержания"},
    {Phrase::kAnnexVi13,
     "your intention to leave the territory of the Member States before the expiry of the visa "
     "could not be ascertained",
     "не удалось установить Ваше намерение покинуть территорию государств-членов до истечения "
     "срока действия визы"},
    {Phrase::kAnnexVi14,
     "sufficient proof that you have not been in a position to apply for a visa in advance "
     "justifying application for a visa at the border was not provided",
     "не представлено достаточных доказательств того, что Вы не имели возможности заблаговременно "
     "обратиться за визой, что оправдывало бы подачу заявления на визу на границе"},
    {Phrase::kAnnexVi15,
     "justification for the purpose and conditions of the intended airport transit was not "
     "provided",
     "не представлено обоснование цели и условий предполагаемого транзита через аэропорт"},
    {Phrase::kAnnexVi16,
     "you have not provided proof of holding adequate and valid travel medical insurance",
     "Вы не представили доказательств наличия надлежащего и действительного медицинского "
     "страхования на время поездки"},
    {Phrase::kAnnexVi17, "the visa was revoked at the request of the visa holder",
     "виза отменена по просьбе её владельца"},
};

// The table is indexed by phrase id: a row out of place would print the wrong phrase silently.
consteval bool RowsInOrder() {
  if (std::size(kEntries) != static_cast<std::size_t>(Phrase::kCount)) return false;
  for (std::size_t i = 0; i < std::size(kEntries); ++i) {
    if (static_cast<std::size_t>(kEntries[i].id) != i) return false;
  }
  return true;
}
static_assert(RowsInOrder(), "catalog rows must follow the Phrase enum, one row each");

const char* Column(const Entry& entry, std::string_view language) {
  if (language == "ru") return entry.ru;
  if (language == "kk") return entry.kk;
  if (language == "lv") return entry.lv;
  return entry.en;
}

}  // namespace

bool HasLanguage(std::string_view language) {
  for (std::string_view known : kLanguages) {
    if (known == language) return true;
  }
  return false;
}

std::string_view Get(std::string_view language, Phrase phrase) {
  const Entry& entry = kEntries[static_cast<std::size_t>(phrase)];
  const char* text = Column(entry, language);
  return text != nullptr ? text : entry.en;
}

std::string Fill(std::string_view pattern,
                 std::initializer_list<std::pair<std::string_view, std::string_view>> values) {
  std::string out;
  out.reserve(pattern.size());
  std::size_t i = 0;
  while (i < pattern.size()) {
    std::size_t close = pattern[i] == '{' ? pattern.find('}', i) : std::string_view::npos;
    if (close != std::string_view::npos) {
      std::string_view name = pattern.substr(i + 1, close - i - 1);
      auto it = std::find_if(values.begin(), values.end(),
                             [&](const auto& value) { return value.first == name; });
      if (it != values.end()) {
        out += it->second;
        i = close + 1;
        continue;
      }
    }
    out += pattern[i++];
  }
  return out;
}

std::string Say(std::string_view language, Phrase phrase,
                std::initializer_list<std::pair<std::string_view, std::string_view>> values) {
  return Fill(Get(language, phrase), values);
}

std::optional<std::string> FormatDate(std::string_view language, std::string_view iso_date) {
  // Exactly "YYYY-MM-DD": the case service writes dates that way, anything else is a data error.
  if (iso_date.size() != 10 || iso_date[4] != '-' || iso_date[7] != '-') return std::nullopt;
  int y = 0;
  unsigned m = 0;
  unsigned d = 0;
  auto number = [&](std::size_t at, std::size_t len, auto& out) {
    auto [end, ec] = std::from_chars(iso_date.data() + at, iso_date.data() + at + len, out);
    return ec == std::errc() && end == iso_date.data() + at + len;
  };
  if (!number(0, 4, y) || !number(5, 2, m) || !number(8, 2, d)) return std::nullopt;
  std::chrono::year_month_day date{std::chrono::year{y}, std::chrono::month{m},
                                   std::chrono::day{d}};
  if (!date.ok()) return std::nullopt;
  auto month = static_cast<Phrase>(static_cast<int>(Phrase::kMonth1) + static_cast<int>(m) - 1);
  return Say(language, Phrase::kDatePattern,
             {{"d", std::to_string(d)}, {"month", Get(language, month)}, {"y", std::to_string(y)}});
}

std::string_view AnnexViReason(std::string_view language, int number) {
  if (number < 1 || number > kAnnexViReasons) return {};
  return Get(language, static_cast<Phrase>(static_cast<int>(Phrase::kAnnexVi1) + number - 1));
}

std::string CountryName(std::string_view language, std::string_view code) {
  if (code == "KZ") return std::string(Get(language, Phrase::kCountryKZ));
  if (code == "LV") return std::string(Get(language, Phrase::kCountryLV));
  return std::string(code);
}

}  // namespace tamga::notices::catalog
