#include "cases/service.h"

#include <sodium.h>

#include <array>

#include <algorithm>
#include <cctype>
#include <map>

#include <openssl/rand.h>

#include "base/clock.h"
#include "base/sha256.h"
#include "base/time.h"
#include "cases/service_internal.h"
#include "feel/json.h"
#include "identity/countries.h"
#include "identity/mrz.h"
#include "identity/transliteration.h"
#include "notices/notices.h"

namespace tamga::cases {
namespace internal {

Error Invalid(std::string field, std::string message) {
  return Error{Error::Code::kInvalid, std::move(field), std::move(message)};
}
Error Conflict(std::string message) {
  return Error{Error::Code::kConflict, "", std::move(message)};
}
Error HeldBy(const std::string& holder, const std::string& message) {
  if (holder.empty())
    return Error{Error::Code::kConflict, "", "claim the case before acting on it", "claim-first"};
  return Error{Error::Code::kConflict, "", message, "held-by-another", {{"officer", holder}}};
}
Error StateForbids(State state, std::string message) {
  return Error{Error::Code::kConflict,
               "",
               std::move(message),
               "state-forbids",
               {{"state", std::string(StateName(state))}}};
}

std::string Details(std::initializer_list<std::pair<const char*, std::string>> fields) {
  std::string out = "{";
  bool first = true;
  for (const auto& [k, v] : fields) {
    out += (first ? "" : ",") + feel::JsonQuote(k) + ":" + feel::JsonQuote(v);
    first = false;
  }
  return out + "}";
}

}  // namespace internal

namespace {

using internal::Conflict;
using internal::Details;
using internal::HeldBy;
using internal::Invalid;
using internal::StateForbids;

// Ten characters from an alphabet without look-alikes (no 0/O, 1/I/L): about 50 bits.
std::string NewAccessCode() {
  static const char kAlphabet[] = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
  unsigned char random[10];
  RAND_bytes(random, sizeof random);
  std::string code;
  for (unsigned char r : random) code += kAlphabet[r % (sizeof kAlphabet - 1)];
  return code;
}

bool IsCountryCode(const std::string& s) { return identity::IsTravelDocumentCode(s); }

feel::Date AddDays(const feel::Date& d, int days) {
  return feel::Date::FromDaysSinceEpoch(d.DaysSinceEpoch() + days);
}

// The passport's machine-readable zone, when given, must be well-formed (check digits included)
// and agree with what the applicant typed: a mistyped number or date is caught at intake.
std::expected<void, Error> ValidateMrz(const Applicant& a, const feel::Date& filing) {
  const std::string field = "applicant.passport.mrz";
  auto td3 = identity::ParseTd3(a.passport.mrz, static_cast<int>(filing.year));
  if (!td3) {
    const auto& e = td3.error();
    std::string where =
        e.line ? "line " + std::to_string(e.line) +
                     (e.position ? ", position " + std::to_string(e.position) : "") + ": "
               : "";
    return std::unexpected(Invalid(field, where + e.message));
  }
  auto mismatch = [&](const std::string& what, const std::string& typed, const std::string& mrz) {
    return Invalid(field, "the MRZ gives " + what + " " + mrz + " but the application says " +
                              (typed.empty() ? "nothing" : typed));
  };
  if (td3->number != a.passport.number)
    return std::unexpected(mismatch("passport number", a.passport.number, td3->number));
  if (td3->issuing_state != a.passport.issuing_state)
    return std::unexpected(mismatch("issuing state", a.passport.issuing_state, td3->issuing_state));
  if (td3->birth_date != feel::ToString(a.birth_date))
    return std::unexpected(
        mismatch("date of birth", feel::ToString(a.birth_date), td3->birth_date));
  if (td3->expiry_date != feel::ToString(a.passport.expiry))
    return std::unexpected(
        mismatch("date of expiry", feel::ToString(a.passport.expiry), td3->expiry_date));
  if (td3->surname != a.surname)
    return std::unexpected(mismatch("surname", a.surname, td3->surname));
  return {};
}

// A control character (NUL included) or a bidirectional override in a name cuts it short in one
// place and not another, or makes it read differently on screen than it is stored.
std::optional<std::string> HiddenCharacter(std::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == 0x7F) return "a control character (code " + std::to_string(c) + ")";
    if (c == 0xC2 && i + 1 < text.size()) {
      unsigned char d = static_cast<unsigned char>(text[i + 1]);
      if (d >= 0x80 && d <= 0x9F) return "a control character (U+0080-U+009F)";
    }
    if (c == 0xE2 && i + 2 < text.size()) {
      unsigned char d = static_cast<unsigned char>(text[i + 1]);
      unsigned char e = static_cast<unsigned char>(text[i + 2]);
      // U+200E/200F marks, U+202A-202E embeddings and overrides, U+2066-2069 isolates.
      if ((d == 0x80 && (e == 0x8E || e == 0x8F || (e >= 0xAA && e <= 0xAE))) ||
          (d == 0x81 && e >= 0xA6 && e <= 0xA9))
        return "a bidirectional formatting character";
    }
  }
  return std::nullopt;
}

std::expected<void, Error> ValidateApplicant(const Applicant& a, const feel::Date& filing) {
  for (auto [field, text] : {std::pair{"applicant.surname", &a.surname},
                             {"applicant.givenNames", &a.given_names},
                             {"applicant.nativeName", &a.native_name},
                             {"applicant.passport.number", &a.passport.number}}) {
    if (auto hidden = HiddenCharacter(*text))
      return std::unexpected(Invalid(field, "contains " + *hidden + "; type the name as printed"));
  }
  if (a.surname.empty())
    return std::unexpected(Invalid("applicant.surname", "the surname is required"));
  if (a.given_names.empty())
    return std::unexpected(Invalid("applicant.givenNames", "the given names are required"));
  if (a.birth_date.DaysSinceEpoch() >= filing.DaysSinceEpoch())
    return std::unexpected(
        Invalid("applicant.birthDate", "the birth date must be before the filing date"));
  if (a.sex != "M" && a.sex != "F" && a.sex != "X")
    return std::unexpected(Invalid("applicant.sex", "sex must be M, F or X, as in the passport"));
  if (a.citizenships.empty())
    return std::unexpected(
        Invalid("applicant.citizenships", "at least one citizenship is required"));
  for (size_t i = 0; i < a.citizenships.size(); ++i) {
    if (std::find(a.citizenships.begin(), a.citizenships.begin() + static_cast<ptrdiff_t>(i),
                  a.citizenships[i]) != a.citizenships.begin() + static_cast<ptrdiff_t>(i))
      return std::unexpected(Invalid("applicant.citizenships[" + std::to_string(i) + "]",
                                     a.citizenships[i] + " is given twice"));
    if (!IsCountryCode(a.citizenships[i]))
      return std::unexpected(Invalid("applicant.citizenships[" + std::to_string(i) + "]",
                                     "\"" + a.citizenships[i] +
                                         "\" is not a state code of ISO 3166-1 alpha-3 or ICAO "
                                         "9303 (RUS, KAZ, XXA for stateless)"));
  }
  if (a.passport.number.empty())
    return std::unexpected(Invalid("applicant.passport.number", "the passport number is required"));
  if (!IsCountryCode(a.passport.issuing_state))
    return std::unexpected(Invalid("applicant.passport.issuingState",
                                   "\"" + a.passport.issuing_state +
                                       "\" is not a state code of ISO 3166-1 alpha-3 or ICAO 9303 "
                                       "(e.g. RUS)"));
  // A passport is issued by a state of citizenship; a stateless person's or a refugee's travel
  // document by the state of residence.
  bool stateless =
      std::any_of(a.citizenships.begin(), a.citizenships.end(),
                  [](const std::string& c) { return identity::IsStatelessOrRefugee(c); });
  if (!stateless && std::find(a.citizenships.begin(), a.citizenships.end(),
                              a.passport.issuing_state) == a.citizenships.end())
    return std::unexpected(Invalid("applicant.passport.issuingState",
                                   "the passport is issued by " + a.passport.issuing_state +
                                       ", which is not among the citizenships given"));
  if (a.passport.issued &&
      a.passport.issued->DaysSinceEpoch() >= a.passport.expiry.DaysSinceEpoch())
    return std::unexpected(Invalid("applicant.passport.expiry",
                                   "the passport expires on or before the day it was issued"));
  if (a.passport.issued && a.passport.issued->DaysSinceEpoch() > filing.DaysSinceEpoch())
    return std::unexpected(
        Invalid("applicant.passport.issued", "the passport is issued after the filing date"));
  if (!a.passport.mrz.empty()) return ValidateMrz(a, filing);
  return {};
}

// The words of a name in capital Latin letters as ICAO 9303 spells them: "Иванов Иван" and
// "IVANOV IVAN" give the same words.
std::vector<std::string> NameWords(const std::string& name) {
  std::string latin = identity::Transliterate(name, identity::Scheme::kIcao9303).value_or(name);
  std::vector<std::string> words;
  std::string word;
  for (char ch : latin + " ") {
    unsigned char c = static_cast<unsigned char>(ch);
    if (std::isalpha(c)) {
      word += static_cast<char>(std::toupper(c));
    } else if (!word.empty()) {
      words.push_back(word);
      word.clear();
    }
  }
  return words;
}

// A document that names its holder must name the applicant: the same date of birth, and a surname
// the applicant bears (in the passport's spelling or in the native name).
std::expected<void, Error> ValidateHolder(const Document& d, const Applicant& a) {
  if (d.holder_birth_date && !(*d.holder_birth_date == a.birth_date))
    return std::unexpected(Invalid("holderBirthDate", "the document is for someone born on " +
                                                          feel::ToString(*d.holder_birth_date) +
                                                          ", but the applicant was born on " +
                                                          feel::ToString(a.birth_date)));
  if (d.holder_name.empty()) return {};
  std::vector<std::string> known = NameWords(a.surname);
  for (const auto& w : NameWords(a.native_name)) known.push_back(w);
  for (const auto& w : NameWords(d.holder_name)) {
    if (std::find(known.begin(), known.end(), w) != known.end()) return {};
  }
  return std::unexpected(Invalid("holderName", "the document names \"" + d.holder_name +
                                                   "\", not the applicant " + a.surname + " " +
                                                   a.given_names));
}

// A document's machine-readable zone (ICAO 9303, any format) must be valid and agree with what was
// typed and with the applicant; fields left empty are taken from it.
std::expected<void, Error> CheckDocumentMrz(Document& d, const Applicant& a,
                                            const feel::Date& today) {
  if (d.mrz.empty()) return {};
  identity::MachineReadableZone z = identity::ParseMrzText(d.mrz, static_cast<int>(today.year));
  if (!z.valid) {
    std::string errors;
    for (const auto& e : z.errors) errors += (errors.empty() ? "" : ", ") + e;
    return std::unexpected(Invalid("mrz", "the machine-readable zone does not check: " + errors));
  }
  auto mismatch = [&](const char* field, const std::string& what, const std::string& typed,
                      const std::string& in_mrz) {
    return Invalid(field,
                   "the machine-readable zone gives " + what + " " + in_mrz + ", not " + typed);
  };
  if (d.number.empty()) d.number = z.document_number;
  if (d.number != z.document_number)
    return std::unexpected(mismatch("number", "document number", d.number, z.document_number));
  if (d.issuing_state.empty()) d.issuing_state = z.issuing_state;
  if (d.issuing_state != z.issuing_state)
    return std::unexpected(
        mismatch("issuingState", "issuing state", d.issuing_state, z.issuing_state));
  if (auto expiry = feel::ParseDate(z.expiry_date)) {
    if (!d.expires) d.expires = *expiry;
    if (!(*d.expires == *expiry))
      return std::unexpected(
          mismatch("expires", "expiry date", feel::ToString(*d.expires), z.expiry_date));
  }
  // A birth date with unknown parts ("1974-XX-XX") is compared where it is known.
  std::string birth = feel::ToString(a.birth_date);
  for (size_t i = 0; i < birth.size() && i < z.date_of_birth.size(); ++i) {
    if (z.date_of_birth[i] != 'X' && z.date_of_birth[i] != birth[i])
      return std::unexpected(mismatch("mrz", "the holder's date of birth", birth, z.date_of_birth));
  }
  if (z.surname != a.surname)
    return std::unexpected(mismatch("mrz", "the holder's surname", a.surname, z.surname));
  return {};
}

// A presented document's own data: a real issuing state, issued before it expires and not after
// today.
}  // namespace

std::expected<void, Error> CheckDocumentData(const Document& d, const feel::Date& today) {
  if (!d.issuing_state.empty() && !identity::IsIsoAlpha3(d.issuing_state))
    return std::unexpected(Invalid("issuingState", "\"" + d.issuing_state +
                                                       "\" is not an ISO 3166-1 alpha-3 code "
                                                       "(RUS, KAZ, LVA)"));
  if (d.issued && d.expires && d.expires->DaysSinceEpoch() < d.issued->DaysSinceEpoch())
    return std::unexpected(
        Invalid("expires", "the document expires (" + feel::ToString(*d.expires) +
                               ") before it was issued (" + feel::ToString(*d.issued) + ")"));
  if (d.issued && d.issued->DaysSinceEpoch() > today.DaysSinceEpoch())
    return std::unexpected(
        Invalid("issued", "the issue date " + feel::ToString(*d.issued) + " is in the future"));
  return {};
}

CaseService::CaseService(CaseStore& store, policy::Registry& policies, FileStore& files,
                         std::function<std::string()> now, std::string public_url,
                         Screener* screener)
    : store_(store),
      policies_(policies),
      files_(files),
      now_(std::move(now)),
      public_url_(std::move(public_url)),
      screener_(screener) {}

feel::Context PolicyInputs(const Application& app) {
  feel::Context in;
  in.Set("Application Kind", feel::Value(app.kind));
  in.Set("Purpose", feel::Value(app.purpose));
  in.Set("Filing Date", feel::Value(app.filing_date));
  feel::List citizenships;
  for (const auto& c : app.applicant.citizenships) citizenships.push_back(feel::Value(c));
  in.Set("Citizenships", feel::Value(std::move(citizenships)));
  in.Set("Birth Date", feel::Value(app.applicant.birth_date));
  in.Set("Passport Expiry", feel::Value(app.applicant.passport.expiry));
  auto date = [](const std::optional<feel::Date>& d) {
    return d ? feel::Value(*d) : feel::Value();
  };
  auto detail = [&](const std::string& kind, const std::string& state, const std::string& number,
                    const std::optional<feel::Date>& issued,
                    const std::optional<feel::Date>& expires, Verification verification) {
    feel::Context c;
    c.Set("kind", feel::Value(kind));
    c.Set("issuing state", state.empty() ? feel::Value() : feel::Value(state));
    c.Set("number", number.empty() ? feel::Value() : feel::Value(number));
    c.Set("issued", date(issued));
    c.Set("expires", date(expires));
    c.Set("verification", feel::Value(std::string(VerificationName(verification))));
    return feel::Value(std::move(c));
  };
  const Passport& p = app.applicant.passport;
  feel::List kinds{feel::Value("passport")};
  feel::List details{
      detail("passport", p.issuing_state, p.number, p.issued, p.expiry, p.verification)};
  for (const auto& d : app.documents) {
    kinds.push_back(feel::Value(d.kind));
    details.push_back(
        detail(d.kind, d.issuing_state, d.number, d.issued, d.expires, d.verification));
  }
  in.Set("Documents", feel::Value(std::move(kinds)));
  in.Set("Document Details", feel::Value(std::move(details)));
  return in;
}

namespace internal {

bool HasDocument(const Application& app, const std::string& kind) {
  return std::any_of(app.documents.begin(), app.documents.end(),
                     [&](const Document& d) { return d.kind == kind; });
}

// The documents a case waits for: the policy's missing documents and the officer's requests not
// yet met.
std::vector<std::string> AwaitedDocuments(const Case& c) {
  std::vector<std::string> out;
  if (c.decision && c.decision->outcome == "documents-missing") out = c.decision->missing_documents;
  for (const auto& kind : c.requested_documents) {
    if (!HasDocument(c.application, kind) && std::find(out.begin(), out.end(), kind) == out.end())
      out.push_back(kind);
  }
  return out;
}

bool HasOpenHits(const Case& c) {
  return std::any_of(c.screening_hits.begin(), c.screening_hits.end(),
                     [](const ScreeningHit& h) { return h.status == HitStatus::kOpen; });
}

// The state a decision puts an undecided case in: a screening hit not yet adjudicated holds it for
// an officer; documents missing (by the policy, or asked for by an officer and not yet given) keep
// it waiting; otherwise an officer reviews it.
State StateAfterDecision(const Case& c) {
  if (HasOpenHits(c)) return State::kScreeningReview;
  if (c.decision && c.decision->outcome == "documents-missing") return State::kAwaitingDocuments;
  return AwaitedDocuments(c).empty() ? State::kReadyForReview : State::kAwaitingDocuments;
}

}  // namespace internal

using internal::AwaitedDocuments;
using internal::HasOpenHits;
using internal::ScreeningEntry;
using internal::StateAfterDecision;

policy::Translations KindLabel(const std::string& kind) {
  static const std::map<std::string, policy::Translations> kLabels = {
      {"permanent-residence",
       {{"en", "Permanent residence permit"}, {"ru", "Разрешение на постоянное проживание"}}},
      {"temporary-residence",
       {{"en", "Temporary residence permit"}, {"ru", "Разрешение на временное проживание"}}},
      {"residence-visa",
       {{"en", "Visa for permanent residence"}, {"ru", "Виза на постоянное жительство"}}},
      {"visa", {{"en", "Visa"}, {"ru", "Виза"}}},
      {"asylum",
       {{"en", "International protection (asylum)"},
        {"ru", "Международная защита (убежище)"},
        {"kk", "Халықаралық қорғау (баспана)"},
        {"lv", "Starptautiskā aizsardzība (patvērums)"}}},
  };
  auto it = kLabels.find(kind);
  return it == kLabels.end() ? policy::Translations{{"en", kind}} : it->second;
}

std::expected<feel::Date, Error> CaseService::LocalDateOf(const std::string& jurisdiction,
                                                          const std::string& instant) const {
  const policy::Jurisdiction* j = policies_.Current()->FindJurisdiction(jurisdiction);
  if (!j)
    return std::unexpected(Invalid("jurisdiction", "unknown jurisdiction '" + jurisdiction + "'"));
  auto t = base::ParseInstant(instant);
  if (!t)
    return std::unexpected(
        Error{Error::Code::kUnavailable, "", "the clock gave \"" + instant + "\""});
  auto local = base::LocalDate(*t, j->time_zone);
  if (!local) return std::unexpected(Error{Error::Code::kUnavailable, "", local.error()});
  return *feel::ParseDate(*local);
}

std::expected<feel::Date, Error> CaseService::LocalToday(const std::string& jurisdiction) const {
  return LocalDateOf(jurisdiction, now_());
}

namespace {

// Fixes when the authority received the application: now, or the officer's recorded receipt
// (not in the future, not older than kMaxReceiptAgeDays, with a reason).
std::expected<Receipt, Error> FixReceipt(const std::string& now, const Actor& actor,
                                         const std::optional<PaperReceipt>& paper,
                                         const std::string& time_zone) {
  Receipt r;
  r.recorded_at = now;
  r.recorded_by = actor.name;
  r.time_zone = time_zone;
  r.filed_at = now;
  if (paper) {
    if (actor.role != "officer")
      return std::unexpected(Error{Error::Code::kForbidden, "received.at",
                                   "only an officer entering a paper application records when it "
                                   "was received"});
    auto at = base::ParseInstant(paper->received_at);
    if (!at)
      return std::unexpected(Invalid("received.at", "\"" + paper->received_at +
                                                        "\" is not an instant with its offset, "
                                                        "e.g. 2022-09-21T17:30:00+06:00"));
    auto current = base::ParseInstant(now);
    if (current && *at > *current)
      return std::unexpected(Invalid("received.at", "the receipt time is in the future"));
    if (current && *current - *at > std::chrono::hours(24 * kMaxReceiptAgeDays))
      return std::unexpected(Invalid("received.at", "a receipt more than " +
                                                        std::to_string(kMaxReceiptAgeDays) +
                                                        " days ago cannot be recorded"));
    if (paper->reason.empty())
      return std::unexpected(Invalid("received.reason",
                                     "say why the receipt time differs from now (e.g. "
                                     "\"received at the Almaty counter; system outage\")"));
    r.filed_at = base::IsoUtc(*at);
    r.reason = paper->reason;
  }
  auto filed = base::ParseInstant(r.filed_at);
  if (!filed)
    return std::unexpected(
        Error{Error::Code::kUnavailable, "", "the clock gave \"" + r.filed_at + "\""});
  auto local = base::LocalDateTime(*filed, time_zone);
  if (!local) return std::unexpected(Error{Error::Code::kUnavailable, "", local.error()});
  r.local_time = *local;
  return r;
}

// The deciding state's own citizens do not apply for its residence permits or visas.
std::expected<void, Error> CheckNotOwnCitizen(const Applicant& a, const policy::Jurisdiction& j) {
  for (size_t i = 0; i < a.citizenships.size(); ++i) {
    if (a.citizenships[i] == j.state)
      return std::unexpected(
          Invalid("applicant.citizenships[" + std::to_string(i) + "]",
                  "citizens of " + policy::InLanguage(j.name, "en") + " (" + j.state +
                      ") do not need a residence permit or visa of their own state"));
  }
  return {};
}

}  // namespace

namespace {

// Keys are looked up and sealed with by domain-separated hashes, so the stored lookup hash says
// nothing of the sealing key.
std::string KeyHash(const CaseService::Idempotency& i) {
  return base::Sha256Hex("tamga-idempotency-id\n" + i.scope + "\n" + i.key);
}

std::array<unsigned char, crypto_secretbox_KEYBYTES> SealingKey(const CaseService::Idempotency& i) {
  std::array<unsigned char, crypto_secretbox_KEYBYTES> key;
  std::string input = "tamga-idempotency-seal\n" + i.scope + "\n" + i.key;
  crypto_generichash(key.data(), key.size(), reinterpret_cast<const unsigned char*>(input.data()),
                     input.size(), nullptr, 0);
  return key;
}

std::string Seal(const CaseService::Idempotency& i, const std::string& secret) {
  auto key = SealingKey(i);
  std::string out(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + secret.size(), '\0');
  auto* bytes = reinterpret_cast<unsigned char*>(out.data());
  randombytes_buf(bytes, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(bytes + crypto_secretbox_NONCEBYTES,
                        reinterpret_cast<const unsigned char*>(secret.data()), secret.size(), bytes,
                        key.data());
  std::string hex(out.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), bytes, out.size());
  hex.pop_back();
  return hex;
}

std::optional<std::string> Unseal(const CaseService::Idempotency& i, const std::string& hex) {
  std::string bytes(hex.size() / 2, '\0');
  size_t n = 0;
  if (sodium_hex2bin(reinterpret_cast<unsigned char*>(bytes.data()), bytes.size(), hex.data(),
                     hex.size(), nullptr, &n, nullptr) != 0 ||
      n < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES)
    return std::nullopt;
  auto key = SealingKey(i);
  const auto* in = reinterpret_cast<const unsigned char*>(bytes.data());
  std::string plain(n - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES, '\0');
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plain.data()),
                                 in + crypto_secretbox_NONCEBYTES, n - crypto_secretbox_NONCEBYTES,
                                 in, key.data()) != 0)
    return std::nullopt;
  return plain;
}

std::expected<void, Error> CheckKey(const std::string& key) {
  bool printable = std::all_of(key.begin(), key.end(), [](char c) { return c > 0x20 && c < 0x7f; });
  if (key.size() < 16 || key.size() > 255 || !printable)
    return std::unexpected(Invalid("Idempotency-Key",
                                   "an idempotency key is 16 to 255 printable ASCII characters "
                                   "without spaces, e.g. a UUID"));
  return {};
}

}  // namespace

std::expected<CaseService::Submitted, Error> CaseService::Submit(
    Application app, const Actor& actor, std::optional<PaperReceipt> paper,
    Idempotency* idempotency, std::shared_ptr<const policy::Library> library,
    std::optional<Lodging> lodging) {
  if (idempotency) {
    auto earlier = EarlierUse(*idempotency);
    if (!earlier) return std::unexpected(earlier.error());
    if (*earlier) return Replay(**earlier, *idempotency);
  }
  // One library for the whole submission, even if a version is published meanwhile.
  if (!library) library = policies_.Current();
  const policy::Library& policies = *library;
  auto kinds = policies.Kinds(app.jurisdiction);
  const policy::Jurisdiction* jurisdiction = policies.FindJurisdiction(app.jurisdiction);
  if (kinds.empty() || !jurisdiction)
    return std::unexpected(
        Invalid("jurisdiction", "unknown jurisdiction '" + app.jurisdiction + "'"));
  if (std::find(kinds.begin(), kinds.end(), app.kind) == kinds.end())
    return std::unexpected(
        Invalid("kind", "no policy for '" + app.kind + "' in " + app.jurisdiction));
  if (!notices::IsNoticeLanguage(app.language))
    return std::unexpected(Invalid(
        "language", "notices are written in en, ru, kk or lv, not \"" + app.language + "\""));
  std::string now = now_();
  auto receipt = FixReceipt(now, actor, paper, jurisdiction->time_zone);
  if (!receipt) return std::unexpected(receipt.error());
  app.receipt = std::move(*receipt);
  app.filing_date = *feel::ParseDate(app.receipt.local_time.substr(0, 10));
  if (auto ok = ValidateApplicant(app.applicant, app.filing_date); !ok)
    return std::unexpected(ok.error());
  if (auto ok = CheckNotOwnCitizen(app.applicant, *jurisdiction); !ok)
    return std::unexpected(ok.error());
  auto version = policies.InForce(app.jurisdiction, app.kind, app.filing_date);
  if (!version) return std::unexpected(Invalid("received.at", version.error().ToString()));
  if (!version->FindPurpose(app.purpose)) {
    std::string known;
    for (const auto& p : version->purposes) known += (known.empty() ? "" : ", ") + p.code;
    return std::unexpected(
        Invalid("purpose", (app.purpose.empty() ? std::string("the purpose is required")
                                                : "unknown purpose \"" + app.purpose + "\"") +
                               "; " + version->id() + " knows " + known));
  }

  Case c;
  if (version->asylum) {
    // An asylum claim is lodged in person where the law says (docs/asylum.md): an applicant
    // cannot lodge one online unless the law allows it, and the place is one the policy lists.
    const policy::AsylumProcedure& procedure = *version->asylum;
    if ((actor.role == "applicant" || actor.role == "anonymous") && !procedure.online)
      return std::unexpected(Error{Error::Code::kForbidden, "kind",
                                   "an asylum claim is lodged in person: " +
                                       policy::InLanguage(procedure.lodging_basis, "en"),
                                   "lodge-in-person"});
    if (!lodging || std::ranges::find(procedure.lodging_places, lodging->place) ==
                        procedure.lodging_places.end()) {
      std::string places;
      for (const auto& p : procedure.lodging_places) places += (places.empty() ? "" : ", ") + p;
      return std::unexpected(
          Invalid("lodging.place", "where the claim was lodged: one of " + places));
    }
    if (lodging->location.size() > kMaxReasonBytes)
      return std::unexpected(
          Invalid("lodging.location", "at most " + std::to_string(kMaxReasonBytes) + " bytes"));
    c.asylum = AsylumClaim{lodging->place, lodging->location};
  }
  c.application = std::move(app);
  c.deadline = version->Deadline(c.application.filing_date);
  c.created_at = c.updated_at = now;
  auto protection = ProtectionOf(c);
  if (!protection) return std::unexpected(protection.error());
  c.protection = std::move(*protection);
  auto today = LocalDateOf(c.application.jurisdiction, now);
  auto decision =
      policies.Decide(c.application.jurisdiction, c.application.kind, c.application.filing_date,
                      PolicyInputs(c), today ? std::optional<feel::Date>(*today) : std::nullopt);
  std::string received = "submitted";
  if (!c.application.receipt.reason.empty()) {
    received = "received on " + c.application.receipt.local_time + " (entered " + now + " by " +
               actor.name + "): " + c.application.receipt.reason;
  }
  Transition submitted{State::kSubmitted, State::kSubmitted, actor.name,
                       c.created_at,      received,          "case.submit"};
  if (!c.application.receipt.reason.empty()) {
    submitted.note = c.application.receipt.reason;
    submitted.params["receivedAt"] = c.application.receipt.local_time;
  }
  c.history.push_back(std::move(submitted));
  // A valid application is never lost to a failing policy: it is stored as submitted, with the
  // reason, and decided again (redecide) once the policy is fixed.
  State next = State::kSubmitted;
  std::vector<audit::Entry> entries;
  // An asylum claim is not screened: a listed name is a question for its officers (Article 1F),
  // never a refusal on a list's basis.
  if (screener_ && !c.IsAsylum()) {
    auto hits = screener_->Screen(c, now);
    if (!hits) return std::unexpected(hits.error());
    c.screening_hits = std::move(*hits);
    c.screened_at = now;
    entries.push_back(ScreeningEntry(c, now, actor.name, "case.screen", c.screening_hits));
  }
  if (!decision && HasOpenHits(c)) next = State::kScreeningReview;
  if (decision) {
    c.decision = std::move(*decision);
    // An asylum claim stays lodged until it is registered (Register, after it has a number).
    next = c.IsAsylum() ? State::kSubmitted : StateAfterDecision(c);
    c.history.push_back(
        {State::kSubmitted,
         next,
         "system",
         c.created_at,
         "decided under " + c.decision->policy_version + ": " + c.decision->outcome,
         "case.decide",
         "",
         {{"outcome", c.decision->outcome}, {"version", c.decision->policy_version}}});
  } else {
    c.history.push_back({State::kSubmitted, State::kSubmitted, "system", c.created_at,
                         "decision pending: " + decision.error().ToString(),
                         "case.decide-pending"});
  }
  c.state = next;
  c.revision = 1;

  std::string code = NewAccessCode();
  entries.insert(entries.begin(),
                 audit::Entry{0, c.created_at, actor.name, "case.submit", "",
                              Details({{"outcome", c.decision ? c.decision->outcome : "pending"},
                                       {"policy", c.decision ? c.decision->policy_version : ""},
                                       {"state", std::string(StateName(next))},
                                       {"filedAt", c.application.receipt.filed_at},
                                       {"filingDate", feel::ToString(c.application.filing_date)},
                                       {"receiptReason", c.application.receipt.reason}}),
                              ""});
  // The number is assigned by the store; a notice needs it, so it is issued right after.
  std::optional<IdempotencyRecord> record;
  if (idempotency) {
    record = NewRecord(*idempotency);
    record->sealed = Seal(*idempotency, code);
  }
  auto created = store_.Create(std::move(c), base::Sha256Hex(code), std::move(entries),
                               record ? &*record : nullptr);
  if (!created && idempotency && created.error().field == "Idempotency-Key") {
    // A concurrent request with the same key committed first: answer with its outcome.
    auto earlier = EarlierUse(*idempotency);
    if (earlier && *earlier) return Replay(**earlier, *idempotency);
  }
  if (!created) return std::unexpected(created.error());
  if (screener_) screener_->Remember(*created);
  if (created->IsAsylum()) {
    // Registered at once, with its certificate (Directive 2013/33/EU Art. 6: within three days).
    auto registered = Register(*created, actor);
    if (!registered) return std::unexpected(registered.error());
    return Submitted{std::move(*registered), code};
  }
  // Missing documents are asked for at once, also while a screening hit waits for an officer.
  if (created->state == State::kAwaitingDocuments ||
      (created->state == State::kScreeningReview && !AwaitedDocuments(*created).empty())) {
    auto notice = NoticeIfDocumentsChanged(*created, {});
    if (notice && !notice->empty()) {
      auto updated = Commit(*created, created->state, Actor{"system", "system"}, "case.notice",
                            "notice: documents requested", std::move(*notice));
      if (updated) created = std::move(*updated);
    }
  }
  return Submitted{std::move(*created), code};
}

std::expected<CaseService::Submitted, Error> CaseService::Replay(const IdempotencyRecord& record,
                                                                 Idempotency& idempotency) {
  auto code = Unseal(idempotency, record.sealed);
  if (!code)
    return std::unexpected(Error{Error::Code::kUnavailable, "Idempotency-Key",
                                 "the access code kept for this Idempotency-Key cannot be opened"});
  auto c = store_.Load(record.case_number);
  if (!c) return std::unexpected(c.error());
  idempotency.replayed = true;
  return Submitted{std::move(*c), *code, true};
}

std::expected<Case, Error> CaseService::Revision(const std::string& number, const Actor& actor) {
  return Load(number, actor);
}

std::expected<std::vector<audit::Entry>, Error> CaseService::AuditTrail(const std::string& number,
                                                                        const Actor& actor) {
  auto c = Load(number, actor);
  if (!c) return std::unexpected(Error{c.error().code, "number", "no case " + number});
  auto trail = store_.AuditTrail(number);
  if (!trail) return trail;
  if (trail->empty())
    return std::unexpected(Error{Error::Code::kNotFound, "number", "no case " + number});
  if (auto recorded =
          store_.RecordRead({0, now_(), actor.name, "case.audit-read", number, "{}", ""});
      !recorded)
    return std::unexpected(recorded.error());
  return trail;
}

std::expected<policy::Version, policy::PublishRefusal> CaseService::PublishPolicy(
    const policy::Draft& draft, const std::vector<policy::TestFile>& tests,
    const std::filesystem::path& root, const Actor& author) {
  auto record = [&](const policy::Version& v) -> std::expected<void, std::string> {
    audit::Entry entry{0,           now_(),
                       author.name, "policy.publish",
                       "",          Details({{"version", v.id()}, {"contentHash", v.content_hash}}),
                       ""};
    if (auto ok = store_.RecordPublication(v.id(), std::move(entry)); !ok)
      return std::unexpected(ok.error().message);
    return {};
  };
  return policies_.Publish(draft, tests, root, record);
}

std::expected<Case, Error> CaseService::Get(const std::string& number, const Actor& actor) {
  auto c = Load(number, actor);
  if (!c) return c;
  auto read = store_.RecordRead({0, now_(), actor.name, "case.read", number, "{}", ""});
  if (!read) return std::unexpected(read.error());
  return c;
}

std::expected<Case, Error> CaseService::GetForApplicant(const std::string& number,
                                                        const std::string& access_code) {
  auto hash = store_.AccessCodeHash(number);
  // The same answer for an unknown number and a wrong code, so numbers cannot be probed.
  if (!hash || *hash != base::Sha256Hex(access_code))
    return std::unexpected(Error{Error::Code::kNotFound, "accessCode",
                                 "no application with that number and access code",
                                 "wrong-access-code"});
  return Get(number, Actor{"applicant:" + number, "applicant"});
}

namespace {

// A draft's reference: "DR-" and eight characters of the access-code alphabet (about 40 bits).
std::string NewDraftReference() {
  std::string code = NewAccessCode();
  return "DR-" + code.substr(0, 4) + "-" + code.substr(4, 4);
}

Error NoSuchDraft() {
  return Error{Error::Code::kNotFound,
               "reference",
               "no saved application with that reference and access code (drafts are kept " +
                   std::to_string(kDraftDays) + " days after they were last saved)",
               "no-saved-application",
               {{"days", std::to_string(kDraftDays)}}};
}

// saved_at plus kDraftDays.
std::string DraftExpiry(const std::string& saved_at) {
  auto t = base::ParseInstant(saved_at);
  if (!t) return saved_at;
  return base::IsoUtc(*t + std::chrono::days(kDraftDays));
}

}  // namespace

std::expected<CaseService::DraftSaved, Error> CaseService::SaveNewDraft(
    const std::string& answers) {
  ApplicationDraft d{"", "", answers, now_(), ""};
  d.expires_at = DraftExpiry(d.saved_at);
  std::string code = NewAccessCode();
  d.code_hash = base::Sha256Hex(code);
  // A reference drawn twice (one chance in a trillion per stored draft) is drawn again.
  for (int attempt = 0;; ++attempt) {
    d.reference = NewDraftReference();
    auto put = store_.PutDraft(d, /*create=*/true);
    if (put) break;
    if (put.error().code != Error::Code::kConflict || attempt == 3)
      return std::unexpected(put.error());
  }
  return DraftSaved{d.reference, code, d.saved_at, d.expires_at};
}

std::expected<ApplicationDraft, Error> CaseService::LoadDraft(const std::string& reference,
                                                              const std::string& access_code) {
  auto d = store_.FindDraft(reference, now_());
  if (!d) return std::unexpected(d.error());
  if (!*d || (*d)->code_hash != base::Sha256Hex(access_code)) return std::unexpected(NoSuchDraft());
  return **d;
}

std::expected<CaseService::DraftSaved, Error> CaseService::SaveDraft(const std::string& reference,
                                                                     const std::string& access_code,
                                                                     const std::string& answers) {
  auto d = LoadDraft(reference, access_code);
  if (!d) return std::unexpected(d.error());
  d->answers = answers;
  d->saved_at = now_();
  d->expires_at = DraftExpiry(d->saved_at);
  if (auto put = store_.PutDraft(*d, /*create=*/false); !put) {
    if (put.error().code == Error::Code::kNotFound) return std::unexpected(NoSuchDraft());
    return std::unexpected(put.error());
  }
  return DraftSaved{d->reference, "", d->saved_at, d->expires_at};
}

std::expected<void, Error> CaseService::DiscardDraft(const std::string& reference,
                                                     const std::string& access_code) {
  if (auto d = LoadDraft(reference, access_code); !d) return std::unexpected(d.error());
  auto gone = store_.DeleteDraft(reference);
  if (!gone) return std::unexpected(gone.error());
  if (!*gone) return std::unexpected(NoSuchDraft());
  return {};
}

namespace {

// A list shows applicants' names and citizenships: personal data, so its reading is audited, one
// entry per list naming the cases shown.
audit::Entry ListRead(const std::string& at, const Actor& actor, const char* action,
                      const std::vector<CaseSummary>& shown) {
  std::string numbers;
  for (const auto& s : shown) numbers += (numbers.empty() ? "" : ",") + s.number;
  return audit::Entry{0, at, actor.name, action, "", Details({{"cases", numbers}}), ""};
}

}  // namespace

// The filter narrowed to the asylum claims `actor` may know of (docs/asylum.md).
static CaseFilter WithAsylumScope(CaseFilter filter, const Actor& actor) {
  if (actor.role != "system") filter.asylum_jurisdictions = actor.asylum;
  return filter;
}

std::expected<CasePage, Error> CaseService::List(const CaseFilter& filter, const Actor& actor) {
  auto page = store_.List(WithAsylumScope(filter, actor));
  if (!page || page->cases.empty()) return page;
  if (auto read = store_.RecordRead(ListRead(now_(), actor, "case.list", page->cases)); !read)
    return std::unexpected(read.error());
  return page;
}

std::expected<CaseStats, Error> CaseService::Stats(const StatsQuery& query, const Actor& actor) {
  auto stats = store_.Stats(query);
  if (!stats) return stats;
  // Small numbers of asylum claims could single a person out (docs/asylum.md): suppressed, and
  // the others rounded down, so that two figures do not subtract to a small one.
  for (std::optional<int64_t>* figure :
       {&stats->asylum.open, &stats->asylum.received, &stats->asylum.decided}) {
    if (!*figure) continue;
    if (**figure < kMinAsylumCount)
      figure->reset();
    else
      **figure -= **figure % kAsylumRounding;
  }
  if (stats->oldest_open.empty()) return stats;
  if (auto read = store_.RecordRead(ListRead(now_(), actor, "stats.read", stats->oldest_open));
      !read)
    return std::unexpected(read.error());
  return stats;
}

std::expected<Case, Error> CaseService::Load(const std::string& number, const Actor& actor) {
  auto c = store_.Load(number);
  if (!c) return c;
  // Article 30 of Directive 2013/32/EU: a claim is not revealed to whoever may not know of it.
  // It answers as a number that does not exist, not as a refusal, which would confirm it.
  if (c->IsAsylum() && !actor.SeesAsylum(c->application.jurisdiction) &&
      actor.name != "applicant:" + c->number)
    return std::unexpected(
        Error{Error::Code::kNotFound, "number", "no case with number " + number});
  return c;
}

std::expected<Case, Error> CaseService::LoadFor(const std::string& number, State to,
                                                const Actor& actor, bool must_hold) {
  auto c = Load(number, actor);
  if (!c) return c;
  if (!TransitionAllowed(c->state, to, c->IsAsylum()))
    return std::unexpected(
        StateForbids(c->state, "a case in state '" + std::string(StateName(c->state)) +
                                   "' cannot become '" + std::string(StateName(to)) + "'"));
  if (must_hold && c->assigned_officer != actor.name)
    return std::unexpected(
        HeldBy(c->assigned_officer,
               "the case is held by " + c->assigned_officer + "; only they can act on it"));
  return c;
}

std::expected<Case, Error> CaseService::Commit(Case c, State to, const Actor& actor,
                                               std::string action, std::string reason,
                                               std::vector<audit::Entry> extra,
                                               const IdempotencyRecord* idempotency,
                                               StepText text) {
  std::string at = now_();
  // A re-decision that changes nothing and an internal note are not steps of the lifecycle.
  if ((to != c.state || action != "case.redecide") && action != "case.note") {
    c.history.push_back({c.state, to, actor.name, at, reason, action, std::move(text.note),
                         std::move(text.params)});
  }
  c.state = to;
  c.updated_at = at;
  c.revision += 1;
  audit::Entry entry{
      0,          at,
      actor.name, std::move(action),
      c.number,   Details({{"state", std::string(StateName(to))}, {"reason", reason}}),
      ""};
  std::vector<audit::Entry> entries{std::move(entry)};
  for (audit::Entry& e : extra) {
    e.at = at;
    entries.push_back(std::move(e));
  }
  return store_.Update(c, std::move(entries), idempotency);
}

std::expected<std::optional<IdempotencyRecord>, Error> CaseService::EarlierUse(
    const Idempotency& idempotency) {
  if (auto ok = CheckKey(idempotency.key); !ok) return std::unexpected(ok.error());
  auto found = store_.FindIdempotency(KeyHash(idempotency), now_());
  if (!found || !*found) return found;
  if ((*found)->request_hash != idempotency.request_sha256)
    return std::unexpected(Error{Error::Code::kConflict, "Idempotency-Key",
                                 "this Idempotency-Key was used for a different request; use a "
                                 "new key for a new request"});
  return found;
}

IdempotencyRecord CaseService::NewRecord(const Idempotency& idempotency) const {
  IdempotencyRecord record;
  record.key_hash = KeyHash(idempotency);
  record.request_hash = idempotency.request_sha256;
  record.created_at = now_();
  return record;
}

std::expected<void, Error> CaseService::Decide(Case& c) {
  auto today = LocalToday(c.application.jurisdiction);
  if (!today) return std::unexpected(today.error());
  // The applicant's protection as it stands now: a claim lodged, granted or finally refused
  // since the last decision changes which rules apply.
  auto protection = ProtectionOf(c);
  if (!protection) return std::unexpected(protection.error());
  c.protection = std::move(*protection);
  auto decision = policies_.Current()->Decide(c.application.jurisdiction, c.application.kind,
                                              c.application.filing_date, PolicyInputs(c), *today);
  if (!decision)
    return std::unexpected(Error{Error::Code::kUnavailable, "", decision.error().ToString()});
  c.decision = std::move(*decision);
  return {};
}

std::expected<Case, Error> CaseService::AddDocument(const std::string& number, Document document,
                                                    std::string_view bytes, const Actor& actor,
                                                    Idempotency* idempotency) {
  if (idempotency) {
    auto earlier = EarlierUse(*idempotency);
    if (!earlier) return std::unexpected(earlier.error());
    if (*earlier) {
      if ((*earlier)->case_number != number)
        return std::unexpected(Error{Error::Code::kConflict, "Idempotency-Key",
                                     "this Idempotency-Key was used for another application"});
      idempotency->replayed = true;
      idempotency->document_id = (*earlier)->document_id;
      return Load(number, actor);
    }
  }
  if (document.kind.empty())
    return std::unexpected(Invalid("kind", "the document kind is required"));
  if (static_cast<int64_t>(bytes.size()) > kMaxDocumentBytes)
    return std::unexpected(Error{
        Error::Code::kTooLarge,
        "file",
        "the file is larger than " + std::to_string(kMaxDocumentBytes / (1024 * 1024)) + " MiB",
        "file-too-large",
        {{"mib", std::to_string(kMaxDocumentBytes / (1024 * 1024))}}});
  if (bytes.empty()) return std::unexpected(Invalid("file", "the file is empty"));
  std::string type = SniffContentType(bytes);
  if (type.empty())
    return std::unexpected(Error{Error::Code::kInvalid, "file",
                                 "the file is not a PDF, JPEG or PNG document", "file-type"});
  if (auto ok = CheckDocumentFile(bytes, type); !ok) return std::unexpected(ok.error());
  auto c = Load(number, actor);
  if (!c) return c;
  if (!IsOpen(c->state))
    return std::unexpected(StateForbids(
        c->state,
        "the case is " + std::string(StateName(c->state)) + "; documents can no longer be added"));
  auto today = LocalToday(c->application.jurisdiction);
  if (!today) return std::unexpected(today.error());
  if (auto ok = CheckDocumentMrz(document, c->application.applicant, *today); !ok)
    return std::unexpected(ok.error());
  if (auto ok = CheckDocumentData(document, *today); !ok) return std::unexpected(ok.error());
  if (auto ok = ValidateHolder(document, c->application.applicant); !ok)
    return std::unexpected(ok.error());
  auto sha = files_.Put(bytes);
  if (!sha) return std::unexpected(sha.error());
  int64_t next_id = 1;
  for (const auto& d : c->application.documents) next_id = std::max(next_id, d.id + 1);
  document.id = next_id;
  document.content_type = type;
  document.size = static_cast<int64_t>(bytes.size());
  document.sha256 = *sha;
  document.uploaded_at = now_();
  document.verification = Verification::kUnverified;
  document.verified_by.clear();
  document.verified_at.clear();
  document.verification_note.clear();
  c->application.documents.push_back(document);
  std::optional<IdempotencyRecord> record;
  if (idempotency) {
    record = NewRecord(*idempotency);
    record->document_id = document.id;
    idempotency->document_id = document.id;
  }
  auto added =
      RedecideAfter(std::move(*c), actor, "document.upload", "document added: " + document.kind,
                    record ? &*record : nullptr, {"", {{"document", document.kind}}});
  if (!added && idempotency && added.error().field == "Idempotency-Key")
    return AddDocument(number, std::move(document), bytes, actor, idempotency);  // now a replay
  return added;
}

std::expected<Case, Error> CaseService::VerifyDocument(const std::string& number,
                                                       int64_t document_id,
                                                       Verification verification,
                                                       const std::string& note,
                                                       const Actor& officer) {
  if (verification == Verification::kUnverified)
    return std::unexpected(Invalid("state", "a check says \"verified\" or \"rejected\""));
  if (verification == Verification::kRejected && note.empty())
    return std::unexpected(Invalid("note", "say why the document is rejected"));
  auto c = Load(number, officer);
  if (!c) return c;
  if (!IsOpen(c->state) || c->state == State::kAppealed)
    return std::unexpected(StateForbids(
        c->state,
        "documents of a " + std::string(StateName(c->state)) + " case are no longer checked"));
  if (c->assigned_officer != officer.name)
    return std::unexpected(
        HeldBy(c->assigned_officer, "the case is held by " + c->assigned_officer));
  std::string at = now_();
  std::string what;
  std::string kind;
  if (document_id == 0) {
    Passport& p = c->application.applicant.passport;
    p.verification = verification;
    p.verified_by = officer.name;
    p.verified_at = at;
    p.verification_note = note;
    what = "passport";
    kind = "passport";
  } else {
    auto d = std::find_if(c->application.documents.begin(), c->application.documents.end(),
                          [&](const Document& d) { return d.id == document_id; });
    if (d == c->application.documents.end())
      return std::unexpected(
          Error{Error::Code::kNotFound, "documentId",
                "case " + number + " has no document " + std::to_string(document_id)});
    d->verification = verification;
    d->verified_by = officer.name;
    d->verified_at = at;
    d->verification_note = note;
    what = d->kind + " (document " + std::to_string(document_id) + ")";
    kind = d->kind;
  }
  return RedecideAfter(
      std::move(*c), officer, "document.verify",
      what + " " + std::string(VerificationName(verification)) + (note.empty() ? "" : ": " + note),
      nullptr,
      {note, {{"document", kind}, {"verification", std::string(VerificationName(verification))}}});
}

std::expected<Case, Error> CaseService::RedecideAfter(Case c, const Actor& actor,
                                                      std::string action, std::string reason,
                                                      const IdempotencyRecord* idempotency,
                                                      StepText text) {
  State to = c.state;
  std::vector<audit::Entry> extra;
  if (c.state == State::kAwaitingDocuments || c.state == State::kReadyForReview ||
      c.state == State::kScreeningReview) {
    std::vector<std::string> before = AwaitedDocuments(c);
    if (auto ok = Decide(c); !ok) return std::unexpected(ok.error());
    to = StateAfterDecision(c);
    reason += "; re-decided: " + c.decision->outcome;
    text.params["outcome"] = c.decision->outcome;
    auto notice = NoticeIfDocumentsChanged(c, before);
    if (!notice) return std::unexpected(notice.error());
    extra = std::move(*notice);
  }
  return Commit(std::move(c), to, actor, std::move(action), std::move(reason), std::move(extra),
                idempotency, std::move(text));
}

std::expected<std::string, Error> CaseService::DocumentContent(const std::string& number,
                                                               int64_t document_id,
                                                               const Actor& actor) {
  auto c = Load(number, actor);
  if (!c) return std::unexpected(c.error());
  for (const auto& d : c->application.documents) {
    if (d.id != document_id) continue;
    auto read = store_.RecordRead({0, now_(), actor.name, "document.read", number,
                                   Details({{"document", std::to_string(document_id)}}), ""});
    if (!read) return std::unexpected(read.error());
    return files_.Get(d.sha256);
  }
  return std::unexpected(
      Error{Error::Code::kNotFound, "documentId",
            "case " + number + " has no document " + std::to_string(document_id)});
}

namespace {

// Four eyes (issue 9): an officer who filed a case on the applicant's behalf, or who validated
// its documents, does not also approve it; a refusal is reviewed on appeal by someone other than
// the officer who refused. Names come from the case's own history, which is hash-covered by the
// audit chain, so a holder cannot erase them.
std::expected<void, Error> SecondOfficer(const Case& c, const Actor& officer, const char* act) {
  if (officer.role != "officer") return {};
  auto did = [&](auto pred) {
    return std::any_of(c.history.begin(), c.history.end(), [&](const Transition& t) {
      // A claim or release is recorded as a step from a state to itself.
      return t.actor == officer.name && t.from != t.to && pred(t);
    });
  };
  auto forbidden = [&](const std::string& why) {
    return std::unexpected(Error{Error::Code::kForbidden,
                                 "officer",
                                 why + "; another officer must " + act + " it (four eyes)",
                                 "four-eyes",
                                 {{"act", act}}});
  };
  if (std::string_view(act) == "approve") {
    if (!c.history.empty() && c.history.front().actor == officer.name)
      return forbidden("you filed this application");
    if (did([](const Transition& t) { return t.to == State::kValidated; }))
      return forbidden("you validated this case");
  } else if (did([](const Transition& t) {
               return t.to == State::kRefused || t.to == State::kRefusalProposed;
             })) {
    return forbidden("you refused this case");
  }
  return {};
}

}  // namespace

// How many pages of 25 the next-case claim reads before it says that nothing is waiting: past
// 200 cases that others took or four eyes forbid, the officer's queue is exhausted in practice.
constexpr int kNextCasePages = 8;

std::expected<Case, Error> CaseService::Claim(const std::string& number, const Actor& officer) {
  auto c = Load(number, officer);
  if (!c) return c;
  if (!IsOpen(c->state) || c->state == State::kSubmitted)
    return std::unexpected(StateForbids(
        c->state, "a case in state '" + std::string(StateName(c->state)) + "' cannot be claimed"));
  if (!c->assigned_officer.empty() && c->assigned_officer != officer.name)
    return std::unexpected(
        HeldBy(c->assigned_officer, "the case is already held by " + c->assigned_officer));
  if (c->state == State::kAppealed) {
    if (auto second = SecondOfficer(*c, officer, "decide the appeal against"); !second)
      return std::unexpected(second.error());
  }
  c->assigned_officer = officer.name;
  return Commit(std::move(*c), c->state, officer, "case.claim", "claimed by " + officer.name);
}

std::expected<Case, Error> CaseService::Release(const std::string& number, const Actor& actor,
                                                const std::string& why) {
  if (why.size() > kMaxReasonBytes)
    return std::unexpected(Invalid(
        "reason", "at most " + std::to_string(kMaxReasonBytes) + " bytes: keep the reason short"));
  auto c = Load(number, actor);
  if (!c) return c;
  if (c->assigned_officer.empty()) return std::unexpected(Conflict("nobody holds the case"));
  const bool own = c->assigned_officer == actor.name;
  if (actor.role != "supervisor" && !own)
    return std::unexpected(
        HeldBy(c->assigned_officer,
               "the case is held by " + c->assigned_officer + "; only they can release it"));
  if (!own && why.empty())
    return std::unexpected(Invalid(
        "reason", "say why you take the case from " + c->assigned_officer + " (they are told)"));
  std::string reason = "released by " + actor.name + " (held by " + c->assigned_officer + ")";
  if (!why.empty()) reason += ": " + why;
  StepText text{why, {{"holder", c->assigned_officer}}};
  c->assigned_officer.clear();
  return Commit(std::move(*c), c->state, actor, "case.release", reason, {}, nullptr,
                std::move(text));
}

std::expected<Case, Error> CaseService::Assign(const std::string& number, const Actor& to,
                                               const std::string& why, const Actor& supervisor) {
  if (why.size() > kMaxReasonBytes)
    return std::unexpected(Invalid(
        "reason", "at most " + std::to_string(kMaxReasonBytes) + " bytes: keep the reason short"));
  if (to.role != "officer")
    return std::unexpected(Invalid("officer", to.name + " is not an officer"));
  auto c = Load(number, supervisor);
  if (!c) return c;
  if (c->IsAsylum() && !to.SeesAsylum(c->application.jurisdiction))
    return std::unexpected(Invalid(
        "officer", to.name + " does not hold the asylum role in " + c->application.jurisdiction));
  if (!IsOpen(c->state) || c->state == State::kSubmitted)
    return std::unexpected(Conflict("a case in state '" + std::string(StateName(c->state)) +
                                    "' is not assigned to an officer"));
  if (c->assigned_officer == to.name)
    return std::unexpected(Conflict(to.name + " already holds the case"));
  if (!c->assigned_officer.empty() && why.empty())
    return std::unexpected(Invalid("reason", "the case is held by " + c->assigned_officer +
                                                 ": say why it goes to " + to.name));
  // The four-eyes rules bind an assignment as they bind a claim.
  if (c->state == State::kAppealed) {
    if (auto second = SecondOfficer(*c, to, "decide the appeal against"); !second)
      return std::unexpected(
          Error{Error::Code::kConflict, "officer", to.name + ": " + second.error().message});
  }
  std::string reason = "assigned to " + to.name + " by " + supervisor.name;
  if (!c->assigned_officer.empty()) reason += " (held by " + c->assigned_officer + ")";
  if (!why.empty()) reason += ": " + why;
  StepText text{why, {{"officer", to.name}}};
  if (!c->assigned_officer.empty()) text.params["holder"] = c->assigned_officer;
  c->assigned_officer = to.name;
  return Commit(std::move(*c), c->state, supervisor, "case.assign", reason, {}, nullptr,
                std::move(text));
}

std::expected<Case, Error> CaseService::ClaimNext(const CaseFilter& queue, const Actor& officer) {
  CaseFilter f = WithAsylumScope(queue, officer);
  f.claimable = true;
  f.assignee.clear();
  f.after.clear();
  f.page = 1;
  f.page_size = 25;
  f.max_counted = 0;
  // The queue's order, first case first; one another officer took a moment ago, or that the
  // four-eyes rules keep from this officer, is passed over for the next.
  for (int pages = 0; pages < kNextCasePages; ++pages) {
    auto page = store_.List(f);
    if (!page) return std::unexpected(page.error());
    for (const CaseSummary& s : page->cases) {
      if (s.state == State::kValidated) {
        // Only a second officer approves a validated case: its validator is not handed it.
        auto c = store_.Load(s.number);
        if (!c) return c;
        if (!SecondOfficer(*c, officer, "approve")) continue;
      }
      if (s.state == State::kRefusalProposed) {
        // Nor is a proposed refusal handed to its proposer, who cannot confirm it.
        auto c = store_.Load(s.number);
        if (!c) return c;
        if (c->asylum && c->asylum->refusal_proposed_by == officer.name) continue;
      }
      auto claimed = Claim(s.number, officer);
      if (claimed) return claimed;
      if (claimed.error().code != Error::Code::kConflict &&
          claimed.error().code != Error::Code::kForbidden)
        return claimed;
    }
    if (page->next.empty()) break;
    f.after = page->next;
  }
  return std::unexpected(
      Error{Error::Code::kNotFound, "", "no case is waiting for an officer in your queue"});
}

std::expected<Case, Error> CaseService::AddNote(const std::string& number, const std::string& text,
                                                const Actor& author) {
  if (text.find_first_not_of(" \t\r\n") == std::string::npos)
    return std::unexpected(Invalid("text", "write the note"));
  if (text.size() > kMaxNoteBytes)
    return std::unexpected(
        Invalid("text", "a note holds at most " + std::to_string(kMaxNoteBytes) + " bytes"));
  auto c = Load(number, author);
  if (!c) return c;
  std::string at = now_();
  c->notes.push_back({at, author.name, text});
  // The note is the authority's: the audit entry says one was added, and the case (hashed into
  // the chain) holds it; the applicant's history shows nothing.
  return Commit(std::move(*c), c->state, author, "case.note",
                "internal note " + std::to_string(c->notes.size()));
}

std::expected<Case, Error> CaseService::RequestDocuments(const std::string& number,
                                                         const std::vector<std::string>& kinds,
                                                         const std::string& reason,
                                                         const Actor& officer) {
  if (kinds.empty()) return std::unexpected(Invalid("kinds", "name at least one document kind"));
  if (reason.empty()) return std::unexpected(Invalid("reason", "say why the documents are needed"));
  auto c = LoadFor(number, State::kAwaitingDocuments, officer, true);
  if (!c) return c;
  // Documents may be asked for while a screening hit waits; the case stays held for it.
  State to = HasOpenHits(*c) ? State::kScreeningReview : State::kAwaitingDocuments;
  for (const auto& k : kinds) {
    if (std::find(c->requested_documents.begin(), c->requested_documents.end(), k) ==
        c->requested_documents.end())
      c->requested_documents.push_back(k);
  }
  auto notice =
      IssueNotice(*c, "documents-requested", {.documents = kinds, .officer_reason = reason});
  if (!notice) return std::unexpected(notice.error());
  return Commit(std::move(*c), to, officer, "case.request-documents", reason, {std::move(*notice)},
                nullptr, {reason, {}});
}

std::expected<Case, Error> CaseService::Validate(const std::string& number, const Actor& officer) {
  auto c = LoadFor(number, State::kValidated, officer, true);
  if (!c) return c;
  if (c->IsAsylum()) {
    // A claim is validated once its examination has answered every legal question.
    if (auto answered =
            internal::AllAnswered(*c, DecidingVersion(*c), "before the examination is complete");
        !answered)
      return std::unexpected(answered.error());
  }
  const bool asylum = c->IsAsylum();
  // A validated case goes back to the queue: a second officer claims it to decide (four eyes).
  c->assigned_officer.clear();
  return Commit(std::move(*c), State::kValidated, officer, "case.validate",
                asylum ? "examination complete; released for a second officer to decide"
                       : "documents validated; released for a second officer to decide");
}

std::expected<Case, Error> CaseService::Approve(const std::string& number,
                                                const std::string& reason, const Actor& officer) {
  auto c = LoadFor(number, State::kApproved, officer, true);
  if (!c) return c;
  if (auto second = SecondOfficer(*c, officer, "approve"); !second)
    return std::unexpected(second.error());
  auto notice = IssueNotice(*c, "approval", {.officer_reason = reason});
  if (!notice) return std::unexpected(notice.error());
  return Commit(std::move(*c), State::kApproved, officer, "case.approve",
                reason.empty() ? "approved" : reason, {std::move(*notice)}, nullptr, {reason, {}});
}

std::expected<Case, Error> CaseService::Refuse(const std::string& number,
                                               const std::vector<policy::Ground>& grounds,
                                               const Actor& officer) {
  if (grounds.empty())
    return std::unexpected(Invalid("grounds", "a refusal needs at least one ground"));
  for (size_t i = 0; i < grounds.size(); ++i) {
    if (grounds[i].reason.empty())
      return std::unexpected(Invalid("grounds[" + std::to_string(i) + "].reason",
                                     "every ground needs a reason the applicant can read"));
  }
  // An asylum claim is never refused by one officer: the refusal is proposed, and a second
  // officer confirms it (ConfirmRefusal).
  auto claim = Load(number, officer);
  if (!claim) return claim;
  if (claim->IsAsylum()) return ProposeRefusal(std::move(*claim), grounds, officer);
  auto c = LoadFor(number, State::kRefused, officer, true);
  if (!c) return c;
  if (c->state == State::kScreeningReview)
    return std::unexpected(Conflict(
        "the case waits for screening review: record a finding on each hit first (a confirmed "
        "entry ban refuses it on the list's legal basis)"));
  return RefuseOn(std::move(*c), WithPolicyTexts(grounds, *c), officer, "case.refuse",
                  grounds.front().reason);
}

std::expected<Case, Error> CaseService::RefuseOn(Case c, std::vector<policy::Ground> grounds,
                                                 const Actor& officer, std::string action,
                                                 std::string reason,
                                                 std::vector<audit::Entry> extra) {
  c.refusal_grounds = std::move(grounds);
  if (auto ok = CheckRefusalForm(c.refusal_grounds, c); !ok) return std::unexpected(ok.error());
  auto notice = IssueNotice(c, "refusal", {.grounds = c.refusal_grounds});
  if (!notice) return std::unexpected(notice.error());
  extra.push_back(std::move(*notice));
  // The grounds are the case's own (refusal_grounds): the step names how many.
  StepText text{"", {{"grounds", std::to_string(c.refusal_grounds.size())}}};
  return Commit(std::move(c), State::kRefused, officer, std::move(action), std::move(reason),
                std::move(extra), nullptr, std::move(text));
}

// An officer acts only on a case they hold (issue 9: a second officer withdrew or re-decided a case
// another officer held). Applicants, supervisors and the system are not holders.
static std::expected<void, Error> OfficerHolds(const Case& c, const Actor& actor) {
  if (actor.role != "officer" || c.assigned_officer == actor.name) return {};
  return std::unexpected(HeldBy(c.assigned_officer, "the case is held by " + c.assigned_officer +
                                                        "; only they can act on it"));
}

std::expected<Case, Error> CaseService::Redecide(const std::string& number, const Actor& actor) {
  auto c = Load(number, actor);
  if (!c) return c;
  if (auto held = OfficerHolds(*c, actor); !held) return std::unexpected(held.error());
  if (c->IsAsylum()) {
    // A claim left lodged (its registration failed after it was stored) is registered now; a
    // registered one is not re-decided: its answers are (AnswerQuestion).
    if (c->state == State::kSubmitted) return Register(*std::move(c), actor);
    return std::unexpected(
        Conflict("an asylum claim is not re-decided: answer its legal questions"));
  }
  if (c->state != State::kSubmitted && c->state != State::kAwaitingDocuments &&
      c->state != State::kReadyForReview && c->state != State::kScreeningReview)
    return std::unexpected(Conflict("only a case awaiting documents or review can be re-decided"));
  std::vector<std::string> before = AwaitedDocuments(*c);
  if (auto ok = Decide(*c); !ok) return std::unexpected(ok.error());
  State to = StateAfterDecision(*c);
  std::string reason =
      "re-decided under " + c->decision->policy_version + ": " + c->decision->outcome;
  auto notice = NoticeIfDocumentsChanged(*c, before);
  if (!notice) return std::unexpected(notice.error());
  StepText text{"", {{"outcome", c->decision->outcome}, {"version", c->decision->policy_version}}};
  return Commit(std::move(*c), to, actor, "case.redecide", reason, std::move(*notice), nullptr,
                std::move(text));
}

std::expected<Case, Error> CaseService::Appeal(const std::string& number, const std::string& reason,
                                               const Actor& applicant) {
  if (reason.empty()) return std::unexpected(Invalid("reason", "an appeal needs a reason"));
  auto c = LoadFor(number, State::kAppealed, applicant, false);
  if (!c) return c;
  if (c->appeal_deadline) {
    auto today = LocalToday(c->application.jurisdiction);
    if (!today) return std::unexpected(today.error());
    if (today->DaysSinceEpoch() > c->appeal_deadline->DaysSinceEpoch())
      return std::unexpected(
          Error{Error::Code::kConflict,
                "",
                "the period to appeal ended on " + feel::ToString(*c->appeal_deadline),
                "appeal-period-over",
                {{"date", feel::ToString(*c->appeal_deadline)}}});
  }
  c->appeal_reason = reason;
  c->assigned_officer.clear();  // an appeal is worked afresh
  return Commit(std::move(*c), State::kAppealed, applicant, "case.appeal", reason, {}, nullptr,
                {reason, {}});
}

std::expected<Case, Error> CaseService::DecideAppeal(const std::string& number, bool upheld,
                                                     const std::string& reason,
                                                     const Actor& officer) {
  if (reason.empty())
    return std::unexpected(Invalid("reason", "an appeal decision needs a reason"));
  State to = upheld ? State::kAppealUpheld : State::kAppealDismissed;
  auto c = LoadFor(number, to, officer, true);
  if (!c) return c;
  if (auto second = SecondOfficer(*c, officer, "decide the appeal against"); !second)
    return std::unexpected(second.error());
  auto notice =
      IssueNotice(*c, upheld ? "appeal-upheld" : "appeal-dismissed", {.officer_reason = reason});
  if (!notice) return std::unexpected(notice.error());
  return Commit(std::move(*c), to, officer, upheld ? "appeal.uphold" : "appeal.dismiss", reason,
                {std::move(*notice)}, nullptr, {reason, {}});
}

std::expected<Case, Error> CaseService::Withdraw(const std::string& number,
                                                 const std::string& reason, const Actor& actor) {
  auto c = LoadFor(number, State::kWithdrawn, actor, false);
  if (!c) return c;
  if (auto held = OfficerHolds(*c, actor); !held) return std::unexpected(held.error());
  // Withdrawing a claim ends the protection it gives: only its applicant does, not one officer
  // (a refusal needs two; docs/asylum.md).
  if (c->IsAsylum() && actor.role != "applicant")
    return std::unexpected(Error{Error::Code::kForbidden, "reason",
                                 "an asylum claim is withdrawn by its applicant, with the access "
                                 "code; an officer refuses one only with a second officer",
                                 "applicant-withdraws"});
  return Commit(std::move(*c), State::kWithdrawn, actor, "case.withdraw",
                reason.empty() ? "withdrawn" : reason, {}, nullptr, {reason, {}});
}

}  // namespace tamga::cases

namespace tamga::cases::internal {

std::expected<void, Error> CheckApplicant(const Application& app,
                                          const policy::Jurisdiction& jurisdiction) {
  if (auto ok = ValidateApplicant(app.applicant, app.filing_date); !ok) return ok;
  return CheckNotOwnCitizen(app.applicant, jurisdiction);
}

}  // namespace tamga::cases::internal
