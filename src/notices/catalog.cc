#include "notices/catalog.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>

namespace tamga::notices::catalog {
namespace {

// One row per phrase, one column per language; every row has all four. A null column would mean
// "no text yet": Get() falls back to English for that phrase.
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
// The Kazakh texts are our translation too: there is no Kazakh version either. The Latvian texts
// are our translation, not the form's official Latvian wording (Latvian is an official language and
// OJ L 188 has the form in Latvian); replace them with that wording once checked against EUR-Lex.
constexpr Entry kEntries[] = {
    {Phrase::kTitleApproval, "Notice of decision: application approved",
     "Уведомление о решении: заявление удовлетворено",
     "Шешім туралы хабарлама: өтініш қанағаттандырылды",
     "Paziņojums par lēmumu: iesniegums apmierināts"},
    {Phrase::kTitleDocumentsRequested, "Request for documents", "Запрос о представлении документов",
     "Құжаттарды ұсыну туралы сұрау салу", "Pieprasījums iesniegt dokumentus"},
    {Phrase::kTitleRefusal, "Notice of decision: application refused",
     "Уведомление о решении: в удовлетворении заявления отказано",
     "Шешім туралы хабарлама: өтінішті қанағаттандырудан бас тартылды",
     "Paziņojums par lēmumu: atteikums apmierināt iesniegumu"},
    {Phrase::kTitleVisaRefusalForm, "Refusal of visa", "Отказ в выдаче визы",
     "Визаны беруден бас тарту", "Atteikums izsniegt vīzu"},
    {Phrase::kTitleAppealUpheld, "Decision on appeal: appeal upheld",
     "Решение по жалобе: жалоба удовлетворена", "Шағым бойынша шешім: шағым қанағаттандырылды",
     "Lēmums par pārsūdzību: pārsūdzība apmierināta"},
    {Phrase::kTitleAppealDismissed, "Decision on appeal: appeal dismissed",
     "Решение по жалобе: жалоба оставлена без удовлетворения",
     "Шағым бойынша шешім: шағым қанағаттандырусыз қалдырылды",
     "Lēmums par pārsūdzību: pārsūdzība noraidīta"},
    {Phrase::kTitleReassessment, "Notice: your application was assessed again under new rules",
     "Уведомление о повторной оценке заявления по новым правилам",
     "Өтінішті жаңа ережелер бойынша қайта бағалау туралы хабарлама",
     "Paziņojums par iesnieguma atkārtotu novērtēšanu saskaņā ar jaunajiem noteikumiem"},
    {Phrase::kTitleReceipt, "Acknowledgement of receipt of an application",
     "Расписка о приёме заявления", "Өтінішті қабылдау туралы қолхат",
     "Apliecinājums par iesnieguma saņemšanu"},

    {Phrase::kFactReference, "Reference", "Номер дела", "Іс нөмірі", "Lietas numurs"},
    {Phrase::kFactIssuedOn, "Date of this notice", "Дата уведомления", "Хабарлама күні",
     "Paziņojuma datums"},
    {Phrase::kFactAuthority, "Authority", "Орган, принявший решение", "Шешім қабылдаған орган",
     "Lēmumu pieņēmusī iestāde"},
    {Phrase::kFactApplicant, "Applicant", "Заявитель", "Өтініш беруші", "Iesniedzējs"},
    {Phrase::kFactBirthDate, "Date of birth", "Дата рождения", "Туған күні", "Dzimšanas datums"},
    {Phrase::kFactPassport, "Passport number", "Номер паспорта", "Паспорт нөмірі", "Pases numurs"},
    {Phrase::kFactApplicationKind, "Application", "Вид заявления", "Өтініш түрі",
     "Iesnieguma veids"},
    {Phrase::kFactFiledOn, "Filed on", "Дата подачи заявления", "Өтініш берілген күн",
     "Iesnieguma iesniegšanas datums"},
    {Phrase::kFactReceiptDate, "Date of this receipt", "Дата расписки", "Қолхат күні",
     "Apliecinājuma datums"},
    {Phrase::kFactReceivedBy, "Received by", "Орган, принявший заявление",
     "Өтінішті қабылдаған орган", "Iesniegumu saņēmusī iestāde"},

    {Phrase::kHeadDecision, "Decision", "Решение", "Шешім", "Lēmums"},
    {Phrase::kHeadNextSteps, "What happens next", "Дальнейшие действия", "Бұдан кейінгі әрекеттер",
     "Turpmākā rīcība"},
    {Phrase::kHeadDocuments, "Documents to present", "Документы, которые необходимо представить",
     "Ұсынылуға тиіс құжаттар", "Iesniedzamie dokumenti"},
    {Phrase::kHeadGrounds, "Grounds", "Основания", "Негіздер", "Pamatojums"},
    {Phrase::kHeadDeadline, "Deadline", "Срок", "Мерзім", "Termiņš"},
    {Phrase::kHeadHowToSubmit, "How to present the documents", "Порядок представления документов",
     "Құжаттарды ұсыну тәртібі", "Dokumentu iesniegšanas kārtība"},
    {Phrase::kHeadAppeal, "How to appeal", "Порядок обжалования", "Шағымдану тәртібі",
     "Pārsūdzēšanas kārtība"},
    {Phrase::kHeadFurtherRemedy, "Further remedy", "Дальнейшее обжалование", "Одан әрі шағымдану",
     "Turpmākā pārsūdzēšana"},
    {Phrase::kHeadOfficer, "Remarks of the deciding officer", "Пояснения должностного лица",
     "Шешім қабылдаған инспектордың түсініктемесі", "Lēmumu pieņēmušās amatpersonas paskaidrojumi"},
    {Phrase::kHeadFormReasons, "This decision is based on the following reason(s):",
     "Решение основано на следующей причине (причинах):",
     "Бұл шешім мына себепке (себептерге) негізделген:",
     "Šis lēmums pamatojas uz šādu(-iem) iemeslu(-iem):"},
    {Phrase::kHeadRemarks, "Remarks", "Примечания", "Ескертпелер", "Piezīmes"},
    {Phrase::kHeadReceipt, "Receipt", "Приём заявления", "Өтінішті қабылдау",
     "Iesnieguma saņemšana"},
    {Phrase::kHeadRegistration, "Registration", "Регистрация", "Тіркеу", "Reģistrācija"},
    {Phrase::kHeadRightToStay, "Your right to stay", "Ваше право на пребывание",
     "Сіздің болу құқығыңыз", "Jūsu tiesības uzturēties"},
    {Phrase::kHeadConfidentiality, "Confidentiality", "Конфиденциальность", "Құпиялылық",
     "Konfidencialitāte"},
    {Phrase::kHeadYourStay, "Your stay", "Ваше пребывание", "Сіздің болуыңыз", "Jūsu uzturēšanās"},

    {Phrase::kPartReference, "reference {ref}", "номер дела {ref}", "іс нөмірі {ref}",
     "lietas numurs {ref}"},
    {Phrase::kPartFiled, "filed on {filed}", "дата подачи: {filed}", "берілген күні: {filed}",
     "iesniegšanas datums: {filed}"},

    {Phrase::kApproved, "Your application ({app}) has been approved.",
     "Ваше заявление ({app}) удовлетворено.", "Сіздің өтінішіңіз ({app}) қанағаттандырылды.",
     "Jūsu iesniegums ({app}) ir apmierināts."},
    {Phrase::kCollect,
     "The document is handed over to you in person on presentation of your passport. Please come "
     "to the authority that took the decision ({authority}) and quote reference {ref}.",
     "Документ выдаётся лично заявителю при предъявлении паспорта. Для его получения обратитесь в "
     "орган, принявший решение ({authority}), и назовите номер дела {ref}.",
     "Құжат паспорт көрсетілген кезде өтініш берушінің өзіне беріледі. Оны алу үшін шешім "
     "қабылдаған органға ({authority}) келіп, іс нөмірін атаңыз: {ref}.",
     "Dokumentu izsniedz personīgi iesniedzējam, uzrādot pasi. Lai to saņemtu, ierodieties lēmumu "
     "pieņēmušajā iestādē ({authority}) un norādiet lietas numuru {ref}."},
    {Phrase::kDocumentsIntro,
     "To continue examining your application ({app}), the authority needs the following documents:",
     "Для продолжения рассмотрения Вашего заявления ({app}) необходимо представить следующие "
     "документы:",
     "Сіздің өтінішіңізді ({app}) қарауды жалғастыру үшін мына құжаттарды ұсыну қажет:",
     "Lai turpinātu Jūsu iesnieguma ({app}) izskatīšanu, nepieciešams iesniegt šādus dokumentus:"},
    {Phrase::kGroundsIntroRequest, "The documents are requested on the following grounds:",
     "Документы запрашиваются по следующим основаниям:",
     "Құжаттар мына негіздер бойынша сұратылады:", "Dokumenti tiek pieprasīti šādu iemeslu dēļ:"},
    {Phrase::kRespondBy, "Please present the documents by {date} inclusive.",
     "Документы необходимо представить до {date} включительно.",
     "Құжаттарды ұсынудың соңғы күні: {date} (осы күнді қоса алғанда).",
     "Dokumentu iesniegšanas termiņš: {date} (ieskaitot)."},
    {Phrase::kRespondSoon,
     "Please present the documents as soon as possible; the examination of your application "
     "continues once they are received.",
     "Просим представить документы в возможно короткий срок: рассмотрение заявления будет "
     "продолжено после их получения.",
     "Құжаттарды мүмкіндігінше қысқа мерзімде ұсынуыңызды сұраймыз: өтінішіңізді қарау оларды "
     "алғаннан кейін жалғастырылады.",
     "Lūdzam iesniegt dokumentus iespējami īsā laikā: Jūsu iesnieguma izskatīšana tiks turpināta "
     "pēc to saņemšanas."},
    {Phrase::kHowToSubmit,
     "Upload the documents in the applicant portal, signing in with reference {ref} and your "
     "access code, or present them in person where you filed your application ({authority}).",
     "Загрузите документы в личном кабинете заявителя, указав для входа номер дела {ref} и код "
     "доступа, либо представьте их лично по месту подачи заявления ({authority}).",
     "Құжаттарды өтініш берушінің жеке кабинетіне жүктеңіз (кіру үшін {ref} іс нөмірін және кіру "
     "кодын пайдаланыңыз) не оларды өтініш берген жеріңізде ({authority}) жеке өзіңіз ұсыныңыз.",
     "Augšupielādējiet dokumentus iesniedzēja portālā, piesakoties ar lietas numuru {ref} un "
     "piekļuves kodu, vai iesniedziet tos personīgi iesnieguma iesniegšanas vietā ({authority})."},
    {Phrase::kRefused, "Your application ({app}) has been refused.",
     "В удовлетворении Вашего заявления ({app}) отказано.",
     "Сіздің өтінішіңізді ({app}) қанағаттандырудан бас тартылды.",
     "Jūsu iesnieguma ({app}) apmierināšana ir atteikta."},
    {Phrase::kGroundsIntroRefusal,
     "The decision is based on the following grounds:", "Решение принято по следующим основаниям:",
     "Шешім мына негіздер бойынша қабылданды:", "Lēmums pieņemts šādu iemeslu dēļ:"},
    {Phrase::kLegalBasis, "Legal basis: {citation}", "Правовое основание: {citation}",
     "Құқықтық негіз: {citation}", "Tiesiskais pamats: {citation}"},
    {Phrase::kAppealIntro, "You may appeal against this decision.",
     "Вы вправе обжаловать настоящее решение.", "Сіз осы шешімге шағым жасауға құқылысыз.",
     "Jums ir tiesības pārsūdzēt šo lēmumu."},
    {Phrase::kAppealBody, "Where to appeal: {body}", "Орган, рассматривающий жалобу: {body}",
     "Шағымды қарайтын орган: {body}", "Pārsūdzību izskata: {body}"},
    {Phrase::kAppealDeadline,
     "Appeal deadline: until {date} inclusive (the last day on which an appeal can be lodged)",
     "Срок обжалования: до {date} включительно (последний день подачи жалобы)",
     "Шағым берудің соңғы күні: {date} (осы күнді қоса алғанда)",
     "Pārsūdzēšanas termiņš: {date} (ieskaitot; pēdējā diena, kurā var iesniegt pārsūdzību)"},
    {Phrase::kAppealPeriod, "How the period is counted: {period}",
     "Порядок исчисления срока: {period}", "Мерзімді есептеу тәртібі: {period}",
     "Termiņa aprēķināšanas kārtība: {period}"},
    {Phrase::kAppealBasis, "Legal basis of the right to appeal: {basis}",
     "Правовое основание обжалования: {basis}", "Шағымдану құқығының құқықтық негізі: {basis}",
     "Pārsūdzēšanas tiesību tiesiskais pamats: {basis}"},
    {Phrase::kAppealUpheld,
     "Your appeal against the refusal of your application ({app}) has been upheld. The refusal is "
     "set aside.",
     "Ваша жалоба на решение об отказе по заявлению ({app}) удовлетворена. Решение об отказе "
     "отменено.",
     "Өтінішіңіз ({app}) бойынша бас тарту туралы шешімге берген шағымыңыз қанағаттандырылды. Бас "
     "тарту туралы шешімнің күші жойылды.",
     "Jūsu pārsūdzība par atteikumu apmierināt iesniegumu ({app}) ir apmierināta. Atteikuma lēmums "
     "ir atcelts."},
    {Phrase::kReexamine,
     "Your application will be examined again; you will be notified of the new decision.",
     "Ваше заявление будет рассмотрено повторно; о новом решении Вам будет сообщено "
     "дополнительно.",
     "Сіздің өтінішіңіз қайта қаралады; жаңа шешім туралы Сізге қосымша хабарланады.",
     "Jūsu iesniegums tiks izskatīts atkārtoti; par jauno lēmumu Jums tiks paziņots papildus."},
    {Phrase::kAppealDismissed,
     "Your appeal against the refusal of your application ({app}) has been dismissed. The refusal "
     "stands.",
     "Ваша жалоба на решение об отказе по заявлению ({app}) оставлена без удовлетворения. Решение "
     "об отказе остаётся в силе.",
     "Өтінішіңіз ({app}) бойынша бас тарту туралы шешімге берген шағымыңыз қанағаттандырусыз "
     "қалдырылды. Бас тарту туралы шешім күшінде қалады.",
     "Jūsu pārsūdzība par atteikumu apmierināt iesniegumu ({app}) ir noraidīta. Atteikuma lēmums "
     "paliek spēkā."},
    {Phrase::kCourt, "You may challenge this decision in court as the law of {country} provides.",
     "Вы вправе обжаловать настоящее решение в судебном порядке, предусмотренном "
     "законодательством {country}.",
     "Сіз осы шешімге {country} заңнамасында көзделген тәртіппен сотқа шағым жасай аласыз.",
     "Jūs varat pārsūdzēt šo lēmumu tiesā {country} normatīvajos aktos noteiktajā kārtībā."},
    {Phrase::kReassessed,
     "Rules that also apply to applications pending on {date} have taken effect. Your application "
     "({app}) has been assessed again under them.",
     "Вступили в силу правила, которые применяются и к заявлениям, находящимся на рассмотрении "
     "на {date}. Ваше заявление ({app}) повторно оценено по этим правилам.",
     "Ережелер күшіне енді ({date}); олар сол күні қаралып жатқан өтініштерге де қолданылады. "
     "Сіздің өтінішіңіз ({app}) осы ережелер бойынша қайта бағаланды.",
     "Ir stājušies spēkā noteikumi, kas attiecas arī uz iesniegumiem, kuri to spēkā stāšanās dienā "
     "({date}) bija izskatīšanā. Jūsu iesniegums ({app}) ir atkārtoti novērtēts saskaņā ar šiem "
     "noteikumiem."},
    {Phrase::kGroundsIntroAssessment,
     "The assessment rests on the following grounds:", "Оценка основана на следующих основаниях:",
     "Бағалау мына негіздерге сүйенеді:", "Novērtējums pamatojas uz šādiem iemesliem:"},
    {Phrase::kNotYetDecided,
     "This assessment is not yet a decision: an officer examines your application and decides "
     "it. You will receive a notice of the decision and, if it is a refusal, of how to appeal.",
     "Эта оценка ещё не является решением: заявление рассмотрит должностное лицо и примет по нему "
     "решение. Вы получите уведомление о решении, а в случае отказа — о порядке его обжалования.",
     "Бұл бағалау әлі шешім емес: өтінішіңізді инспектор қарап, ол бойынша шешім қабылдайды. Сіз "
     "шешім туралы, ал бас тартылған жағдайда оған шағымдану тәртібі туралы да хабарлама аласыз.",
     "Šis novērtējums vēl nav lēmums: Jūsu iesniegumu izskatīs un par to lems amatpersona. Jūs "
     "saņemsiet paziņojumu par lēmumu un atteikuma gadījumā arī par tā pārsūdzēšanas kārtību."},
    {Phrase::kReceived,
     "Your application ({app}) was received and registered. This receipt confirms that it was "
     "filed; it is not a decision on it.",
     "Ваше заявление ({app}) принято и зарегистрировано. Настоящая расписка подтверждает подачу "
     "заявления и не является решением по нему.",
     "Сіздің өтінішіңіз ({app}) қабылданып, тіркелді. Бұл қолхат өтініштің берілгенін растайды "
     "және ол бойынша шешім болып табылмайды.",
     "Jūsu iesniegums ({app}) ir saņemts un reģistrēts. Šis apliecinājums apstiprina iesnieguma "
     "iesniegšanu; tas nav lēmums par to."},
    {Phrase::kDecisionDue,
     "A decision is due by {date}, the time limit the law sets for this kind of application.",
     "Решение должно быть принято не позднее срока, установленного законом для заявлений этого "
     "вида: {date}.",
     "Шешім осы түрдегі өтініштер үшін заңда белгіленген мерзімнен кешіктірілмей қабылдануы "
     "тиіс: {date}.",
     "Lēmums jāpieņem ne vēlāk kā likumā šāda veida iesniegumiem noteiktajā termiņā: {date}."},
    {Phrase::kStillToPresent, "These documents are still to be presented:",
     "Необходимо ещё представить следующие документы:", "Мына құжаттарды әлі ұсыну қажет:",
     "Vēl jāiesniedz šādi dokumenti:"},
    {Phrase::kClaimRegistered,
     "Your claim for international protection was registered on the date below. Keep this "
     "certificate with you and show it when the authorities ask for your documents. Date of "
     "registration: {date}.",
     "Ваше ходатайство о предоставлении международной защиты зарегистрировано. Имейте это "
     "свидетельство при себе и предъявляйте его по требованию властей. Дата регистрации: {date}.",
     "Халықаралық қорғау беру туралы өтінішіңіз тіркелді. Осы куәлікті өзіңізбен бірге алып "
     "жүріңіз және билік органдары талап еткенде көрсетіңіз. Тіркелген күні: {date}.",
     "Jūsu starptautiskās aizsardzības pieteikums ir reģistrēts. Glabājiet šo apliecību pie sevis "
     "un uzrādiet to, kad iestādes prasa Jūsu dokumentus. Reģistrācijas datums: {date}."},
    {Phrase::kNotADecision,
     "This certificate is not a decision on your claim. Officers examine it and decide; you will "
     "receive the decision in writing.",
     "Это свидетельство не является решением по Вашему ходатайству. Его рассматривают и решают "
     "должностные лица; решение Вы получите в письменной форме.",
     "Бұл куәлік Сіздің өтінішіңіз бойынша шешім болып табылмайды. Оны лауазымды адамдар қарайды "
     "және шешеді; шешімді жазбаша түрде аласыз.",
     "Šī apliecība nav lēmums par Jūsu pieteikumu. To izskata un par to lemj amatpersonas; lēmumu "
     "saņemsiet rakstiski."},
    {Phrase::kInterviewNext,
     "You will be invited to a personal interview about the reasons for your claim, with an "
     "interpreter if you need one. Bring any documents or other evidence you have.",
     "Вас пригласят на личное собеседование о причинах Вашего ходатайства, при необходимости с "
     "переводчиком. Возьмите с собой все имеющиеся документы и иные доказательства.",
     "Сізді өтінішіңіздің себептері туралы жеке сұхбатқа, қажет болса аудармашымен, шақырады. "
     "Өзіңізде бар барлық құжаттар мен өзге де дәлелдемелерді алып келіңіз.",
     "Jūs uzaicinās uz personīgo interviju par Jūsu pieteikuma iemesliem, ja nepieciešams, ar "
     "tulku. Ņemiet līdzi visus Jūsu rīcībā esošos dokumentus un citus pierādījumus."},
    {Phrase::kConfidential,
     "Your claim is confidential. The authority does not tell the authorities of your country of "
     "origin that you have asked for protection and does not ask them for documents or consent "
     "about you.",
     "Ваше ходатайство конфиденциально. Орган не сообщает властям страны Вашего происхождения о "
     "том, что Вы просите защиты, и не запрашивает у них документы или согласие в отношении Вас.",
     "Сіздің өтінішіңіз құпия. Орган шыққан еліңіздің билік органдарына Сіздің қорғау "
     "сұрағаныңыз туралы хабарламайды және олардан Сізге қатысты құжаттар немесе келісім "
     "сұратпайды.",
     "Jūsu pieteikums ir konfidenciāls. Iestāde neinformē Jūsu izcelsmes valsts iestādes par to, "
     "ka esat lūdzis aizsardzību, un neprasa tām dokumentus vai piekrišanu attiecībā uz Jums."},
    {Phrase::kNoRemoval,
     "This decision does not end your right to stay while your claim for international protection "
     "is examined, and no removal from the country follows from it.",
     "Это решение не прекращает Вашего права на пребывание, пока рассматривается Ваше ходатайство "
     "о предоставлении международной защиты, и не влечёт выдворения из страны.",
     "Бұл шешім халықаралық қорғау беру туралы өтінішіңіз қаралып жатқанда болу құқығыңызды "
     "тоқтатпайды және елден шығарып жіберуге әкеп соқпайды.",
     "Šis lēmums neizbeidz Jūsu tiesības uzturēties, kamēr tiek izskatīts Jūsu starptautiskās "
     "aizsardzības pieteikums, un no tā neizriet izraidīšana no valsts."},
    {Phrase::kFollow,
     "Follow your application at {url} with its reference and your access code. The access code "
     "is not printed on this receipt: keep it separately.",
     "Следите за ходом рассмотрения заявления на {url}, указав номер дела и Ваш код доступа. Код "
     "доступа в расписке не печатается: храните его отдельно.",
     "Өтінішіңіздің қаралу барысын {url} мекенжайында іс нөмірі мен қолжетімділік кодыңыз арқылы "
     "қадағалаңыз. Қолжетімділік коды бұл қолхатта басылмайды: оны бөлек сақтаңыз.",
     "Sekojiet iesnieguma izskatīšanas gaitai vietnē {url}, norādot lietas numuru un savu "
     "piekļuves kodu. Piekļuves kods šajā apliecinājumā netiek drukāts: glabājiet to atsevišķi."},
    {Phrase::kFormCitation,
     "Standard form, Annex VI to Regulation (EC) No 810/2009 (Visa Code), as amended by "
     "Regulation (EU) 2019/1155",
     "Стандартная форма, приложение VI к Регламенту (ЕС) № 810/2009 (Визовый кодекс) в редакции "
     "Регламента (ЕС) 2019/1155",
     "Стандартты нысан, (ЕО) 2019/1155 Регламентімен өзгертілген (ЕҚ) № 810/2009 Регламентінің "
     "(Визалық кодекс) VI қосымшасы",
     "Standarta veidlapa, Regulas (EK) Nr. 810/2009 (Vīzu kodekss) VI pielikums, kas grozīts ar "
     "Regulu (ES) 2019/1155"},
    {Phrase::kFormAddress, "Ms/Mr {name},", "Г-жа/г-н {name},", "Құрметті {name} ханым/мырза!",
     "Godātā kundze / godātais kungs {name}!"},
    {Phrase::kFormExamined, "Your application ({app}) has been examined by {authority}.",
     "Ваше заявление ({app}) рассмотрено компетентным органом: {authority}.",
     "Сіздің өтінішіңізді ({app}) құзыретті орган қарады: {authority}.",
     "Jūsu iesniegumu ({app}) ir izskatījusi kompetentā iestāde: {authority}."},
    {Phrase::kFormRefused, "The visa has been refused.", "В выдаче визы отказано.",
     "Визаны беруден бас тартылды.", "Vīzas izsniegšana ir atteikta."},
    {Phrase::kFormRemarkGround, "Reason {n}: {reason}", "Причина {n}: {reason}",
     "{n}-себеп: {reason}", "{n}. iemesls: {reason}"},
    {Phrase::kPolicyVersion, "Decided under policy version {version}",
     "Версия правил, по которой принято решение: {version}",
     "Шешім қабылданған ережелер нұсқасы: {version}",
     "Noteikumu versija, saskaņā ar kuru pieņemts lēmums: {version}"},
    {Phrase::kFooter, "Verification code: {code} — check at {url}",
     "Код проверки: {code} — проверить подлинность можно по адресу {url}",
     "Тексеру коды: {code} — құжаттың түпнұсқалығын {url} мекенжайы бойынша тексеруге болады",
     "Pārbaudes kods: {code} — dokumenta autentiskumu var pārbaudīt adresē {url}"},
    {Phrase::kFooterNoUrl, "Verification code: {code}", "Код проверки: {code}",
     "Тексеру коды: {code}", "Pārbaudes kods: {code}"},

    // Russian, Kazakh and Latvian in the genitive: kCourt puts the name before "law".
    {Phrase::kCountryKZ, "the Republic of Kazakhstan", "Республики Казахстан",
     "Қазақстан Республикасының", "Kazahstānas Republikas"},
    {Phrase::kCountryLV, "the Republic of Latvia", "Латвийской Республики",
     "Латвия Республикасының", "Latvijas Republikas"},

    // Russian binds the year to "г." with a no-break space, so a line never starts with "г.".
    // Kazakh and Latvian put the year first: "2022 жылғы 22 қыркүйек",
    // "2022. gada 22. septembris"; no-break spaces keep the year with its word and the day with
    // its month.
    {Phrase::kDatePattern, "{d} {month} {y}", "{d} {month} {y}\u00A0г.",
     "{y}\u00A0жылғы {d}\u00A0{month}", "{y}.\u00A0gada {d}.\u00A0{month}"},
    // Russian months in the genitive, as a date needs them ("26 сентября"); Kazakh and Latvian
    // months in the nominative, as theirs do. Sentences never put a case ending on {date}: Kazakh
    // and Latvian would decline the month ("қыркүйекке дейін", "līdz 22. septembrim"), so their
    // texts name the date after a colon or in parentheses.
    {Phrase::kMonth1, "January", "января", "қаңтар", "janvāris"},
    {Phrase::kMonth2, "February", "февраля", "ақпан", "februāris"},
    {Phrase::kMonth3, "March", "марта", "наурыз", "marts"},
    {Phrase::kMonth4, "April", "апреля", "сәуір", "aprīlis"},
    {Phrase::kMonth5, "May", "мая", "мамыр", "maijs"},
    {Phrase::kMonth6, "June", "июня", "маусым", "jūnijs"},
    {Phrase::kMonth7, "July", "июля", "шілде", "jūlijs"},
    {Phrase::kMonth8, "August", "августа", "тамыз", "augusts"},
    {Phrase::kMonth9, "September", "сентября", "қыркүйек", "septembris"},
    {Phrase::kMonth10, "October", "октября", "қазан", "oktobris"},
    {Phrase::kMonth11, "November", "ноября", "қараша", "novembris"},
    {Phrase::kMonth12, "December", "декабря", "желтоқсан", "decembris"},

    // Annex VI, "This decision is based on the following reason(s):". English: the official
    // wording. Russian, Kazakh and Latvian: our translation (not an official text).
    {Phrase::kAnnexVi1, "a false/counterfeit/forged travel document was presented",
     "был представлен ложный, поддельный или подделанный проездной документ",
     "жалған, қолдан жасалған немесе өзгертілген жол жүру құжаты ұсынылды",
     "iesniegtais ceļošanas dokuments ir nepatiess, viltots vai pārveidots"},
    {Phrase::kAnnexVi2,
     "justification for the purpose and conditions of the intended stay was not provided",
     "не представлено обоснование цели и условий предполагаемого пребывания",
     "жоспарланған болудың мақсаты мен шарттарының негіздемесі ұсынылмады",
     "nav sniegts pamatojums paredzētās uzturēšanās mērķim un nosacījumiem"},
    {Phrase::kAnnexVi3,
     "you have not provided proof of sufficient means of subsistence, for the duration of the "
     "intended stay or for the return to the country of origin or residence, or for the transit to "
     "a third country into which you are certain to be admitted",
     "Вы не представили доказательств наличия достаточных средств к существованию на срок "
     "предполагаемого пребывания, или для возвращения в страну происхождения или проживания, или "
     "для транзита в третью страну, въезд в которую Вам гарантирован",
     "Сіз жоспарланған болу кезеңіне, не шыққан немесе тұратын еліңізге қайтуға, не кіруге рұқсат "
     "етілетініңіз анық үшінші елге транзитпен өтуге жеткілікті күнкөріс қаражатыңыздың бар "
     "екенінің дәлелін ұсынбадыңыз",
     "Jūs neesat iesniedzis(-usi) pierādījumus, ka Jums ir pietiekami iztikas līdzekļi paredzētās "
     "uzturēšanās laikam vai atgriešanās ceļam uz izcelsmes vai dzīvesvietas valsti, vai tranzītam "
     "uz trešo valsti, kurā Jūs noteikti tiksiet ielaists(-a)"},
    {Phrase::kAnnexVi4,
     "you have not provided proof that you are in a position to lawfully acquire sufficient means "
     "of subsistence, for the duration of the intended stay or for the return to the country of "
     "origin or residence, or for the transit to a third country into which you are certain to be "
     "admitted",
     "Вы не представили доказательств того, что в состоянии законным путём получить достаточные "
     "средства к существованию на срок предполагаемого пребывания, или для возвращения в страну "
     "происхождения или проживания, или для транзита в третью страну, въезд в которую Вам "
     "гарантирован",
     "Сіз жоспарланған болу кезеңіне, не шыққан немесе тұратын еліңізге қайтуға, не кіруге рұқсат "
     "етілетініңіз анық үшінші елге транзитпен өтуге жеткілікті күнкөріс қаражатын заңды жолмен "
     "ала алатыныңыздың дәлелін ұсынбадыңыз",
     "Jūs neesat iesniedzis(-usi) pierādījumus, ka spējat likumīgā ceļā iegūt pietiekamus iztikas "
     "līdzekļus paredzētās uzturēšanās laikam vai atgriešanās ceļam uz izcelsmes vai dzīvesvietas "
     "valsti, vai tranzītam uz trešo valsti, kurā Jūs noteikti tiksiet ielaists(-a)"},
    {Phrase::kAnnexVi5,
     "you have already stayed for 90 days during the current 180-day period on the territory of "
     "the Member States on the basis of a uniform visa or a visa with limited territorial validity",
     "Вы уже пребывали на территории государств-членов 90 дней в течение текущего 180-дневного "
     "периода на основании единой визы или визы с ограниченной территориальной действительностью",
     "Сіз бірыңғай виза немесе аумақтық қолданылуы шектеулі виза негізінде ағымдағы 180 күндік "
     "кезеңде мүше мемлекеттердің аумағында 90 күн болып қойдыңыз",
     "Jūs jau esat uzturējies(-usies) dalībvalstu teritorijā 90 dienas pašreizējā 180 dienu "
     "laikposmā, pamatojoties uz vienoto vīzu vai vīzu ar ierobežotu teritoriālo derīgumu"},
    {Phrase::kAnnexVi6,
     "an alert has been issued in the Schengen Information System (SIS) for the purpose of "
     "refusing entry by … (indication of Member State)",
     "в Шенгенской информационной системе (SIS) размещено предупреждение в целях отказа во въезде, "
     "внесённое … (указание государства-члена)",
     "Шенгендік ақпараттық жүйеде (SIS) кіруден бас тарту мақсатында … (мүше мемлекетті көрсету) "
     "енгізген ескерту бар",
     "Šengenas Informācijas sistēmā (SIS) ir izdots brīdinājums ar mērķi atteikt ieceļošanu; "
     "brīdinājumu izdevusi … (norādīt dalībvalsti)"},
    {Phrase::kAnnexVi7,
     "one or more Member States consider you to be a threat to public policy or internal security",
     "одно или несколько государств-членов считают, что Вы представляете угрозу публичному "
     "порядку или внутренней безопасности",
     "бір немесе бірнеше мүше мемлекет Сізді қоғамдық тәртіпке немесе ішкі қауіпсіздікке қатер "
     "төндіреді деп санайды",
     "viena vai vairākas dalībvalstis uzskata, ka Jūs apdraudat sabiedrisko kārtību vai iekšējo "
     "drošību"},
    {Phrase::kAnnexVi8,
     "one or more Member States consider you to be a threat to public health as defined in point "
     "(21) of Article 2 of Regulation (EU) 2016/399 of the European Parliament and of the Council "
     "(Schengen Borders Code)",
     "одно или несколько государств-членов считают, что Вы представляете угрозу здоровью "
     "населения в значении пункта 21 статьи 2 Регламента (ЕС) 2016/399 Европейского парламента и "
     "Совета (Шенгенский кодекс о границах)",
     "бір немесе бірнеше мүше мемлекет Сізді Еуропалық Парламент пен Кеңестің (ЕО) 2016/399 "
     "Регламентінің (Шенген шекаралар кодексі) 2-бабының 21-тармағында айқындалған мағынада "
     "халықтың денсаулығына қатер төндіреді деп санайды",
     "viena vai vairākas dalībvalstis uzskata, ka Jūs apdraudat sabiedrības veselību Eiropas "
     "Parlamenta un Padomes Regulas (ES) 2016/399 (Šengenas Robežu kodekss) 2. panta 21. punkta "
     "nozīmē"},
    {Phrase::kAnnexVi9,
     "one or more Member States consider you to be a threat to their international relations",
     "одно или несколько государств-членов считают, что Вы представляете угрозу их "
     "международным отношениям",
     "бір немесе бірнеше мүше мемлекет Сізді өздерінің халықаралық қатынастарына қатер төндіреді "
     "деп санайды",
     "viena vai vairākas dalībvalstis uzskata, ka Jūs apdraudat to starptautiskās attiecības"},
    {Phrase::kAnnexVi10,
     "the information submitted regarding the justification for the purpose and conditions of the "
     "intended stay was not reliable",
     "представленные сведения, обосновывающие цель и условия предполагаемого пребывания, "
     "недостоверны",
     "жоспарланған болудың мақсаты мен шарттарының негіздемесіне қатысты ұсынылған мәліметтер "
     "сенімді емес",
     "iesniegtā informācija par paredzētās uzturēšanās mērķa un nosacījumu pamatojumu nebija "
     "ticama"},
    {Phrase::kAnnexVi11,
     "there are reasonable doubts as to the reliability of the statements made regarding … "
     "(please specify)",
     "имеются обоснованные сомнения в достоверности заявлений, сделанных в отношении … (просьба "
     "уточнить)",
     "мына мәселе бойынша берілген мәлімдемелердің сенімділігіне негізді күмән бар: … (нақтылаңыз)",
     "pastāv pamatotas šaubas par sniegto paziņojumu ticamību attiecībā uz … (lūdzu, precizējiet)"},
    {Phrase::kAnnexVi12,
     "there are reasonable doubts as to the reliability, authenticity of the supporting documents "
     "submitted or the veracity of their contents",
     "имеются обоснованные сомнения в достоверности и подлинности представленных подтверждающих "
     "документов или в правдивости их содержания",
     "ұсынылған растаушы құжаттардың сенімділігіне, түпнұсқалығына немесе олардың мазмұнының "
     "шынайылығына негізді күмән бар",
     "pastāv pamatotas šaubas par iesniegto apliecinošo dokumentu ticamību, autentiskumu vai to "
     "satura patiesumu"},
    {Phrase::kAnnexVi13,
     "your intention to leave the territory of the Member States before the expiry of the visa "
     "could not be ascertained",
     "не удалось установить Ваше намерение покинуть территорию государств-членов до истечения "
     "срока действия визы",
     "виза қолданылу мерзімі аяқталғанға дейін мүше мемлекеттердің аумағынан шығып кету "
     "ниетіңізді анықтау мүмкін болмады",
     "nebija iespējams konstatēt Jūsu nodomu atstāt dalībvalstu teritoriju pirms vīzas derīguma "
     "termiņa beigām"},
    {Phrase::kAnnexVi14,
     "sufficient proof that you have not been in a position to apply for a visa in advance "
     "justifying application for a visa at the border was not provided",
     "не представлено достаточных доказательств того, что Вы не имели возможности заблаговременно "
     "обратиться за визой, что оправдывало бы подачу заявления на визу на границе",
     "шекарада визаға өтініш беруді негіздейтін, визаға алдын ала өтініш беру мүмкіндігіңіз "
     "болмағанының жеткілікті дәлелі ұсынылмады",
     "netika iesniegti pietiekami pierādījumi tam, ka Jums nebija iespējas iepriekš pieteikties "
     "vīzai, kas pamatotu vīzas pieteikuma iesniegšanu uz robežas"},
    {Phrase::kAnnexVi15,
     "justification for the purpose and conditions of the intended airport transit was not "
     "provided",
     "не представлено обоснование цели и условий предполагаемого транзита через аэропорт",
     "жоспарланған әуежай арқылы транзиттің мақсаты мен шарттарының негіздемесі ұсынылмады",
     "nav sniegts pamatojums paredzētā lidostas tranzīta mērķim un nosacījumiem"},
    {Phrase::kAnnexVi16,
     "you have not provided proof of holding adequate and valid travel medical insurance",
     "Вы не представили доказательств наличия надлежащего и действительного медицинского "
     "страхования на время поездки",
     "Сіз сапарға арналған тиісті және жарамды медициналық сақтандырудың бар екенінің дәлелін "
     "ұсынбадыңыз",
     "Jūs neesat iesniedzis(-usi) pierādījumus par atbilstošu un derīgu ceļojuma medicīnisko "
     "apdrošināšanu"},
    {Phrase::kAnnexVi17, "the visa was revoked at the request of the visa holder",
     "виза отменена по просьбе её владельца", "визаның күші оның иесінің өтініші бойынша жойылды",
     "vīza tika atcelta pēc vīzas turētāja lūguma"},
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
