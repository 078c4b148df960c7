// Applications as applicants file and follow them: submission, status, documents, appeal and
// withdrawal. An applicant proves a case is theirs with its access code; officers act in scope.
#include <charconv>

#include "api/json_input.h"
#include "api/routes.h"
#include "api/views.h"
#include "base/sha256.h"

namespace tamga::api {
namespace {

// The form fields of a document upload besides the file.
constexpr std::string_view kDocumentFields[] = {
    "kind",       "issuingState",    "number", "issued", "expires",
    "holderName", "holderBirthDate", "mrz",    "file"};

// What an account sees of a case: officers the case as stored, applicants their view.
nlohmann::json CaseFor(const Call& call, const cases::Case& c) {
  if (!call.account) return ApplicantView(c);
  return nlohmann::json::parse(StaffCaseJson(c, *call.account));
}

Result<cases::Document> DocumentOf(const Call& call) {
  for (size_t i = 0; i < call.parts.size(); ++i) {
    const std::string& name = call.parts[i].name;
    if (std::ranges::find(kDocumentFields, name) == std::end(kDocumentFields)) {
      return std::unexpected(Invalid(name.empty() ? "body" : name, "unknown form field"));
    }
    for (size_t k = 0; k < i; ++k) {
      if (call.parts[k].name == name) return std::unexpected(Invalid(name, "given more than once"));
    }
  }
  auto text = [&](std::string_view name) {
    const Part* part = call.FindPart(name);
    return part ? part->content : std::string();
  };
  cases::Document d;
  d.kind = text("kind");
  if (d.kind.empty()) {
    return std::unexpected(Invalid("kind", "required: the kind of document, e.g. passport"));
  }
  d.issuing_state = text("issuingState");
  d.number = text("number");
  d.holder_name = text("holderName");
  d.mrz = text("mrz");
  for (auto [field, target] : {std::pair{"issued", &d.issued}, std::pair{"expires", &d.expires},
                               std::pair{"holderBirthDate", &d.holder_birth_date}}) {
    if (std::string value = text(field); !value.empty()) {
      auto date = ReadDate(field, value);
      if (!date) return std::unexpected(date.error());
      *target = *date;
    }
  }
  const Part* file = call.FindPart("file");
  if (!file || file->content.empty()) {
    return std::unexpected(Invalid("file", "required: the document's file (PDF, JPEG or PNG)"));
  }
  if (file->file_name.size() > 255) {
    return std::unexpected(Invalid("file", "file names are limited to 255 bytes"));
  }
  d.content_type = cases::SniffContentType(file->content);
  if (d.content_type.empty()) {
    ApiError e = UnsupportedMediaType(
        "file", "the file is not a PDF, JPEG or PNG (checked by its content, not its name)");
    e.reason = "file-type";
    return std::unexpected(std::move(e));
  }
  d.file_name = file->file_name;
  d.size = static_cast<int64_t>(file->content.size());
  return d;
}

// The request's Idempotency-Key, scoped to its caller (an account, the applicant of a case, or
// anyone without credentials), with the hash of what was asked.
std::optional<cases::CaseService::Idempotency> IdempotencyOf(const Call& call,
                                                             const std::string& request) {
  if (!call.request.HasHeader("Idempotency-Key")) return std::nullopt;
  cases::CaseService::Idempotency i;
  i.key = call.request.Header("Idempotency-Key");
  i.scope = call.account                   ? "account:" + call.account->name
            : call.path.contains("number") ? "applicant:" + call.Path("number")
                                           : "anonymous";
  i.request_sha256 =
      base::Sha256Hex(call.request.method + " " + call.request.path + "\n" + request);
  return i;
}

}  // namespace

Result<Reply> SubmitApplication(Context& ctx, const Call& call) {
  // One policy snapshot reads the application and decides it.
  std::shared_ptr<const policy::Library> library = ctx.Policies();
  auto application = ReadApplication(call.json, *library);
  if (!application) return std::unexpected(application.error());
  auto receipt = ReadPaperReceipt(call.json);
  if (!receipt) return std::unexpected(receipt.error());
  auto lodging = ReadLodging(call.json);
  if (!lodging) return std::unexpected(lodging.error());
  // Applicants need no account; an officer files at a counter, in their own jurisdictions.
  cases::Actor actor{"applicant", "applicant"};
  if (call.account && call.account->role == Role::kOfficer) {
    if (auto scoped = RequireScope(*call.account, application->jurisdiction); !scoped) {
      return std::unexpected(scoped.error());
    }
    actor = ActorOf(*call.account);
  } else if (*receipt) {
    return std::unexpected(Forbidden("received",
                                     "only an officer entering a paper application "
                                     "records when it was received"));
  }
  auto idempotency = IdempotencyOf(call, call.json.dump());
  auto submitted = ctx.cases.Submit(*std::move(application), actor, *receipt,
                                    idempotency ? &*idempotency : nullptr, library, *lodging);
  if (!submitted) return std::unexpected(FromCaseError(submitted.error()));
  nlohmann::json body = ApplicantView(submitted->c);
  body["accessCode"] = submitted->access_code;
  // A replay answers as the first request did, with 200 rather than 201 and a header saying so.
  Reply reply = JsonReply(submitted->replayed ? 200 : 201, body);
  if (submitted->replayed) reply.headers.emplace_back("Idempotent-Replayed", "true");
  reply.headers.emplace_back("Location", "/api/v1/applications/" + submitted->c.number);
  return reply;
}

Result<Reply> GetApplication(Context& ctx, const Call& call) {
  const std::string& number = call.Path("number");
  auto actor = CaseActor(ctx, call, number);  // the route admits accounts only
  if (!actor) return std::unexpected(actor.error());
  auto c = ctx.cases.Get(number, *actor);
  if (!c) return std::unexpected(FromCaseError(c.error()));
  // The number told the jurisdiction; the case itself has the last word.
  if (auto scoped = RequireScope(*call.account, c->application.jurisdiction); !scoped) {
    return std::unexpected(scoped.error());
  }
  return Reply{200, StaffCaseJson(*c, *call.account)};
}

Result<Reply> StatusByQuery(Context& ctx, const Call& call) {
  auto c = CaseForApplicant(ctx, call.Path("number"), call.Query("code").value_or(""), "code");
  if (!c) return std::unexpected(c.error());
  return JsonReply(200, ApplicantView(*c));
}

Result<Reply> StatusByBody(Context& ctx, const Call& call) {
  std::optional<ApiError> error;
  Fields body(call.json, "", error);
  std::string number = body.String("number");
  std::string code = body.String("accessCode");
  body.RejectUnknown();
  if (error) return std::unexpected(*error);
  auto c = CaseForApplicant(ctx, number, code, "accessCode");
  if (!c) return std::unexpected(c.error());
  return JsonReply(200, ApplicantView(*c));
}

namespace {

// A draft's answers: the form's JSON object as the applicant left it, at most kMaxDraftBytes.
constexpr size_t kMaxDraftBytes = 64 * 1024;

Result<std::string> DraftAnswers(const Call& call) {
  std::optional<ApiError> error;
  Fields body(call.json, "", error);
  const nlohmann::json* answers = body.Raw("answers");
  body.RejectUnknown();
  if (error) return std::unexpected(*error);
  if (!answers->is_object())
    return std::unexpected(Invalid("answers", "an object: the application's answers so far"));
  std::string text = answers->dump();
  if (text.size() > kMaxDraftBytes) {
    return std::unexpected(TooLarge("answers", "a saved application holds at most " +
                                                   std::to_string(kMaxDraftBytes / 1024) +
                                                   " KiB of answers (files are not saved)"));
  }
  return text;
}

nlohmann::json DraftSavedJson(const cases::CaseService::DraftSaved& d) {
  nlohmann::json j = {
      {"reference", d.reference}, {"savedAt", d.saved_at}, {"expiresAt", d.expires_at}};
  if (!d.access_code.empty()) j["accessCode"] = d.access_code;
  return j;
}

}  // namespace

Result<Reply> CreateDraft(Context& ctx, const Call& call) {
  auto answers = DraftAnswers(call);
  if (!answers) return std::unexpected(answers.error());
  auto saved = ctx.cases.SaveNewDraft(*answers);
  if (!saved) return std::unexpected(FromCaseError(saved.error()));
  return JsonReply(201, DraftSavedJson(*saved));
}

Result<Reply> ReadDraft(Context& ctx, const Call& call) {
  auto d = ctx.cases.LoadDraft(call.Path("reference"), call.request.Header("X-Access-Code"));
  if (!d) return std::unexpected(FromCaseError(d.error()));
  // Stored as this server wrote it; a row edited into something else reads as no answers.
  nlohmann::json answers = nlohmann::json::parse(d->answers, nullptr, /*allow_exceptions=*/false);
  if (!answers.is_object()) answers = nlohmann::json::object();
  return JsonReply(200, {{"reference", d->reference},
                         {"answers", answers},
                         {"savedAt", d->saved_at},
                         {"expiresAt", d->expires_at}});
}

Result<Reply> UpdateDraft(Context& ctx, const Call& call) {
  auto answers = DraftAnswers(call);
  if (!answers) return std::unexpected(answers.error());
  auto saved =
      ctx.cases.SaveDraft(call.Path("reference"), call.request.Header("X-Access-Code"), *answers);
  if (!saved) return std::unexpected(FromCaseError(saved.error()));
  return JsonReply(200, DraftSavedJson(*saved));
}

Result<Reply> DiscardDraft(Context& ctx, const Call& call) {
  auto gone = ctx.cases.DiscardDraft(call.Path("reference"), call.request.Header("X-Access-Code"));
  if (!gone) return std::unexpected(FromCaseError(gone.error()));
  return JsonReply(200, {{"discarded", true}});
}

Result<Reply> UploadDocument(Context& ctx, const Call& call) {
  const std::string& number = call.Path("number");
  auto actor = CaseActor(ctx, call, number);
  if (!actor) return std::unexpected(actor.error());
  auto document = DocumentOf(call);
  if (!document) return std::unexpected(document.error());
  std::string parts;
  for (const Part& part : call.parts)
    parts += base::Sha256Hex(part.name) + base::Sha256Hex(part.file_name) +
             base::Sha256Hex(part.content);
  auto idempotency = IdempotencyOf(call, parts);
  auto c = ctx.cases.AddDocument(number, *std::move(document), call.FindPart("file")->content,
                                 *actor, idempotency ? &*idempotency : nullptr);
  if (!c) return std::unexpected(FromCaseError(c.error()));
  // The document added (or, on a replay, added by the first request).
  const std::vector<cases::Document>& documents = c->application.documents;
  auto added = idempotency
                   ? std::ranges::find(documents, idempotency->document_id, &cases::Document::id)
                   : std::ranges::max_element(documents, {}, &cases::Document::id);
  bool found = added != documents.end();
  bool replayed = idempotency && idempotency->replayed;
  Reply reply = JsonReply(replayed ? 200 : 201,
                          {{"case", CaseFor(call, *c)},
                           {"document", found ? DocumentSummaryJson(*added) : nlohmann::json()}});
  if (replayed) reply.headers.emplace_back("Idempotent-Replayed", "true");
  if (found) {
    reply.headers.emplace_back(
        "Location", "/api/v1/applications/" + number + "/documents/" + std::to_string(added->id));
  }
  return reply;
}

Result<Reply> DownloadDocument(Context& ctx, const Call& call) {
  const std::string& number = call.Path("number");
  const std::string& id_text = call.Path("id");
  int64_t id = 0;
  auto [end, ec] = std::from_chars(id_text.data(), id_text.data() + id_text.size(), id);
  if (ec != std::errc() || end != id_text.data() + id_text.size() || id <= 0) {
    return std::unexpected(NotFound("id", "\"" + id_text + "\" is not a document id"));
  }
  auto actor = CaseActor(ctx, call, number);
  if (!actor) return std::unexpected(actor.error());
  auto bytes = ctx.cases.DocumentContent(number, id, *actor);
  if (!bytes) return std::unexpected(FromCaseError(bytes.error()));
  // Uploads were accepted by their content, so their content says what they are.
  std::string type = cases::SniffContentType(*bytes);
  std::string extension = type == "application/pdf" ? ".pdf"
                          : type == "image/jpeg"    ? ".jpg"
                          : type == "image/png"     ? ".png"
                                                    : "";
  Reply reply{200, *std::move(bytes), type.empty() ? "application/octet-stream" : type};
  // A name of our own making: the uploaded file name could carry anything into a header.
  reply.headers.emplace_back("Content-Disposition", "attachment; filename=\"document-" +
                                                        std::to_string(id) + extension + "\"");
  return reply;
}

Result<Reply> AppealApplication(Context& ctx, const Call& call) {
  const std::string& number = call.Path("number");
  auto actor = CaseActor(ctx, call, number);
  if (!actor) return std::unexpected(actor.error());
  auto reason = ReadReason(call.json);
  if (!reason) return std::unexpected(reason.error());
  auto c = ctx.cases.Appeal(number, *reason, *actor);
  if (!c) return std::unexpected(FromCaseError(c.error()));
  return JsonReply(200, ApplicantView(*c));
}

Result<Reply> WithdrawApplication(Context& ctx, const Call& call) {
  const std::string& number = call.Path("number");
  auto actor = CaseActor(ctx, call, number);
  if (!actor) return std::unexpected(actor.error());
  auto reason = ReadReason(call.json);
  if (!reason) return std::unexpected(reason.error());
  auto c = ctx.cases.Withdraw(number, *reason, *actor);
  if (!c) return std::unexpected(FromCaseError(c.error()));
  return JsonReply(200, ApplicantView(*c));
}

Result<Reply> GetNotice(Context& ctx, const Call& call) {
  const std::string& number = call.Path("number");
  auto actor = CaseActor(ctx, call, number);
  if (!actor) return std::unexpected(actor.error());
  std::string format = call.Query("format").value_or("pdf");
  auto notice = ctx.cases.Notice(number, call.Path("code"), format, *actor);
  if (!notice) return std::unexpected(FromCaseError(notice.error()));
  Reply reply{200, std::move(notice->content), notice->content_type};
  if (format == "pdf") {
    reply.headers.emplace_back("Content-Disposition", "attachment; filename=\"notice-" + number +
                                                          "-" + notice->record.code + ".pdf\"");
  }
  return reply;
}

Result<Reply> GetReceipt(Context& ctx, const Call& call) {
  const std::string& number = call.Path("number");
  auto actor = CaseActor(ctx, call, number);
  if (!actor) return std::unexpected(actor.error());
  auto pdf = ctx.cases.Receipt(number, call.Query("language").value_or(""), *actor);
  if (!pdf) return std::unexpected(FromCaseError(pdf.error()));
  Reply reply{200, *std::move(pdf), "application/pdf"};
  reply.headers.emplace_back("Content-Disposition",
                             "attachment; filename=\"receipt-" + number + ".pdf\"");
  return reply;
}

namespace {

Result<Reply> NoticeCheckReply(Context& ctx, const std::string& code, const std::string& sha256) {
  auto check = ctx.cases.VerifyNotice(code, sha256);
  if (!check) return std::unexpected(FromCaseError(check.error()));
  nlohmann::json body = {{"code", code}, {"issued", check->issued}, {"matches", check->matches}};
  if (check->issued) {
    body["jurisdiction"] = check->jurisdiction;
    body["kind"] = check->kind;
    body["language"] = check->language;
    body["issuedOn"] = check->issued_on;
  }
  body["verdict"] = !check->issued ? "no notice was issued with this code"
                    : check->matches
                        ? "a notice with this code and exactly this content was issued"
                        : "a notice with this code was issued, but its content differs from this";
  return JsonReply(200, body);
}

}  // namespace

Result<Reply> VerifyNoticeByHash(Context& ctx, const Call& call) {
  std::string sha256 = call.Query("sha256").value_or("");
  std::ranges::transform(sha256, sha256.begin(),
                         [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (!base::IsSha256Hex(sha256)) {
    return std::unexpected(
        Invalid("sha256", "the SHA-256 of the notice's PDF file, as 64 hexadecimal digits"));
  }
  return NoticeCheckReply(ctx, call.Path("code"), sha256);
}

Result<Reply> VerifyNoticeByFile(Context& ctx, const Call& call) {
  const Part* file = call.FindPart("file");
  if (!file || file->content.empty()) {
    return std::unexpected(Invalid("file", "required: the notice's PDF file"));
  }
  for (const Part& part : call.parts) {
    if (part.name != "file") return std::unexpected(Invalid(part.name, "unknown form field"));
  }
  return NoticeCheckReply(ctx, call.Path("code"), base::Sha256Hex(file->content));
}

}  // namespace tamga::api
