// The OpenAPI 3.1 document and the route table of docs/api.md, both made from Routes(), so that
// neither can list a route the server does not have or miss one it has.
#include <cctype>

#include "api/routes.h"

namespace tamga::api {
namespace {

// Schemas of request and response bodies, referenced by name from the route table.
constexpr std::string_view kSchemas = R"json({
  "Error": {
    "type": "object", "required": ["error"],
    "properties": {"error": {
      "type": "object", "required": ["code", "field", "message"],
      "properties": {
        "code": {"type": "string", "examples": ["invalid", "unauthorized", "forbidden", "not-found",
                 "method-not-allowed", "conflict", "too-large", "unsupported-media-type", "unavailable"]},
        "field": {"type": ["string", "null"], "description": "the offending input, as a JSON path, form field, query parameter or header", "examples": ["applicant.birthDate"]},
        "message": {"type": "string", "description": "in English, for logs and scripts"},
        "reason": {"type": "string", "description": "a stable code of this particular refusal, for clients to word in their language (docs/api.md lists them)", "examples": ["held-by-another", "state-forbids", "wrong-access-code"]},
        "params": {"type": "object", "additionalProperties": {"type": "string"}, "description": "the reason's parameters, e.g. {\"officer\": \"officer.kz\"}"}}}}
  },
  "Health": {"type": "object", "properties": {"status": {"enum": ["ok", "read-only"], "description": "read-only: the audit chain failed its check at start; reason says why"}, "reason": {"type": "string"}, "jurisdictions": {"type": "array", "items": {"type": "string"}},
    "clock": {"type": "object", "description": "the server's clock: shifted when started with tamga serve --clock", "properties": {
      "now": {"type": "string", "format": "date-time"}, "shifted": {"type": "boolean"}, "startedAt": {"type": "string"},
      "jurisdictions": {"type": "object", "additionalProperties": {"type": "object", "properties": {"timeZone": {"type": "string"}, "localTime": {"type": "string"}}}}}}}},
  "OpenApi": {"type": "object", "description": "this document"},
  "DraftAnswers": {"type": "object", "additionalProperties": false, "required": ["answers"],
    "properties": {"answers": {"type": "object", "description": "the form's answers so far, as the client holds them (at most 64 KiB; not checked until submitted)"}}},
  "DraftSaved": {"type": "object", "properties": {"reference": {"type": "string", "examples": ["DR-7K3M-9QXP"]},
    "accessCode": {"type": "string", "description": "only when the draft is new: shown once, only its hash is kept"},
    "savedAt": {"type": "string", "format": "date-time"}, "expiresAt": {"type": "string", "format": "date-time", "description": "30 days after the last save"}}},
  "Draft": {"type": "object", "properties": {"reference": {"type": "string"}, "answers": {"type": "object"},
    "savedAt": {"type": "string", "format": "date-time"}, "expiresAt": {"type": "string", "format": "date-time"}}},
  "DraftDiscarded": {"type": "object", "properties": {"discarded": {"const": true}}},
  "Login": {
    "type": "object", "additionalProperties": false, "required": ["name", "password"],
    "properties": {"name": {"type": "string"}, "password": {"type": "string"},
      "otp": {"type": "string", "description": "the 6-digit one-time code (RFC 6238) of an account with an authenticator; supervisors and policy authors always have one"}}
  },
  "Account": {
    "type": "object", "required": ["name", "role", "jurisdictions"],
    "properties": {
      "name": {"type": "string"},
      "role": {"enum": ["applicant", "officer", "supervisor", "policy-author", "auditor", "admin"]},
      "jurisdictions": {"type": "array", "items": {"type": "string"}, "description": "\"*\" stands for every jurisdiction"},
      "disabled": {"type": "boolean"}, "totp": {"type": "boolean", "description": "a one-time code is asked at login"},
      "totpSecret": {"type": "string", "description": "base32; only in the answer that created the account or enrolled the authenticator"},
      "totpUri": {"type": "string"},
      "asylum": {"type": "array", "items": {"type": "string"}, "description": "jurisdictions where the account holds the asylum role: only there does it see asylum claims"}}
  },
  "PasswordChange": {"type": "object", "additionalProperties": false, "required": ["currentPassword", "newPassword"],
    "properties": {"currentPassword": {"type": "string"}, "newPassword": {"type": "string", "minLength": 12, "description": "checked against cracklib's dictionary and the account name"}}},
  "PasswordChanged": {"type": "object", "properties": {"changed": {"const": true}, "sessionsEnded": {"type": "integer", "description": "the caller's other sessions, ended"}}},
  "PasswordOnly": {"type": "object", "additionalProperties": false, "required": ["password"], "properties": {"password": {"type": "string"}}},
  "TotpSecret": {"type": "object", "properties": {"secret": {"type": "string", "description": "base32"}, "uri": {"type": "string", "description": "otpauth:// URI for an authenticator app"}}},
  "SessionsEnded": {"type": "object", "properties": {"sessionsEnded": {"type": "integer"}}},
  "CaseRevision": {"type": "object", "description": "what changed, without personal data (not audited): poll this, then read the case when the revision moved",
    "properties": {"number": {"type": "string"}, "revision": {"type": "integer"}, "state": {"type": "string"}, "assignedOfficer": {"type": "string"}, "updatedAt": {"type": "string", "format": "date-time"}}},
  "Session": {
    "allOf": [{"$ref": "#/components/schemas/Account"}],
    "properties": {"token": {"type": "string", "description": "send as Authorization: Bearer <token>"}, "expiresAt": {"type": "string", "format": "date-time"}}
  },
  "LoggedOut": {"type": "object", "properties": {"loggedOut": {"const": true}}},
  "NewAccount": {
    "type": "object", "additionalProperties": false, "required": ["name", "password", "role"],
    "properties": {
      "name": {"type": "string", "pattern": "^[a-z0-9._-]{1,64}$"},
      "password": {"type": "string", "minLength": 8},
      "role": {"enum": ["applicant", "officer", "supervisor", "policy-author", "auditor", "admin"]},
      "jurisdictions": {"type": "array", "items": {"type": "string"}},
      "asylum": {"type": "array", "items": {"type": "string"}, "description": "officers and supervisors: jurisdictions (among theirs) where they hold the asylum role"}}
  },
  "AsylumRole": {
    "type": "object", "additionalProperties": false, "required": ["jurisdictions"],
    "properties": {"jurisdictions": {"type": "array", "items": {"type": "string"}, "description": "officers, supervisors and auditors: jurisdictions among the account's; [] takes the role"}}
  },
  "AccountList": {"type": "object", "properties": {"accounts": {"type": "array", "items": {"$ref": "#/components/schemas/Account"}}}},
  "Date": {"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "examples": ["2022-09-26"]},
  "Passport": {
    "type": "object", "additionalProperties": false, "required": ["number", "issuingState", "expiry"],
    "properties": {
      "number": {"type": "string"},
      "issuingState": {"type": "string", "description": "ICAO 3-letter code", "examples": ["RUS"]},
      "issued": {"$ref": "#/components/schemas/Date"},
      "expiry": {"$ref": "#/components/schemas/Date"},
      "mrz": {"type": "string", "description": "the two machine-readable lines"}}
  },
  "Applicant": {
    "type": "object", "additionalProperties": false,
    "required": ["surname", "givenNames", "birthDate", "sex", "citizenships", "passport"],
    "properties": {
      "surname": {"type": "string", "description": "Latin, as printed in the passport"},
      "givenNames": {"type": "string"},
      "nativeName": {"type": "string", "description": "in the native script"},
      "birthDate": {"$ref": "#/components/schemas/Date"},
      "sex": {"enum": ["M", "F", "X"]},
      "citizenships": {"type": "array", "minItems": 1, "items": {"type": "string"}},
      "passport": {"$ref": "#/components/schemas/Passport"}}
  },
  "Application": {
    "type": "object", "additionalProperties": false,
    "required": ["jurisdiction", "kind", "purpose", "applicant"],
    "description": "no filingDate: the authority fixes the filing time by its clock, in the jurisdiction's time zone (a filingDate is refused, 400)",
    "properties": {
      "jurisdiction": {"type": "string", "examples": ["KZ"], "description": "one of GET /api/v1/policies"},
      "kind": {"type": "string", "examples": ["permanent-residence"]},
      "purpose": {"type": "string", "examples": ["family", "employment", "study"], "description": "a code of the purposes the version in force publishes"},
      "language": {"enum": ["en", "ru", "kk", "lv"], "description": "the language of the applicant's notices (default en)"},
      "lodging": {"type": "object", "additionalProperties": false, "required": ["place"],
        "description": "asylum claims: where the claim was lodged (a place the policy lists, e.g. border-point or migration-office) and where exactly",
        "properties": {"place": {"type": "string"}, "location": {"type": "string"}}},
      "received": {"type": "object", "additionalProperties": false, "required": ["at", "reason"],
        "description": "officers only: when a paper or counter application was received, and why that differs from now (audited, shown on the case)",
        "properties": {"at": {"type": "string", "format": "date-time", "examples": ["2022-09-21T17:30:00+06:00"]}, "reason": {"type": "string"}}},
      "applicant": {"$ref": "#/components/schemas/Applicant"}}
  },
  "Ground": {
    "type": "object", "additionalProperties": false, "required": ["ruleId", "reason", "citation"],
    "properties": {"ruleId": {"type": "string"}, "reason": {"type": "string"}, "citation": {"type": "string"},
      "reasonIn": {"type": "object", "additionalProperties": {"type": "string"}, "description": "the reason in other languages (ru, kk, lv); a refusal may give the officer's own, else a policy rule's are used while its English words are kept"},
      "citationIn": {"type": "object", "additionalProperties": {"type": "string"}},
      "formGround": {"type": "integer", "minimum": 0, "maximum": 17, "description": "the reason's number on the Schengen standard refusal form (Visa Code Annex VI); a visa refusal names at least one"}}
  },
  "Decision": {
    "type": "object",
    "properties": {
      "outcome": {"enum": ["eligible", "documents-missing", "refuse", "questions-remain", "protection-indicated", "protection-not-indicated", "exclusion-indicated"], "description": "an asylum claim's outcomes say what the officers' answers point to; none is a decision"},
      "requiredDocuments": {"type": "array", "items": {"type": "string"}},
      "missingDocuments": {"type": "array", "items": {"type": "string"}},
      "decisiveGrounds": {"type": "array", "items": {"$ref": "#/components/schemas/Ground"}, "description": "what decided: the rule that gave the outcome, each missing document's requirement and why a presented document did not count; what notices state"},
      "grounds": {"type": "array", "items": {"$ref": "#/components/schemas/Ground"}, "description": "every matched rule that gives a reason, decisive or not"},
      "matchedRules": {"type": "array", "items": {"type": "string"}},
      "policyVersion": {"type": "string"}}
  },
  "NoticeRecord": {
    "type": "object",
    "properties": {
      "code": {"type": "string", "description": "the verification code printed on the notice"},
      "kind": {"enum": ["documents-requested", "approval", "refusal", "appeal-upheld", "appeal-dismissed", "reassessment"]},
      "language": {"type": "string"}, "issuedOn": {"$ref": "#/components/schemas/Date"},
      "issuedAt": {"type": "string", "format": "date-time"}, "sha256": {"type": "string", "description": "of the PDF as issued"}}
  },
  "NoticeCheck": {
    "type": "object", "description": "names no person",
    "properties": {
      "code": {"type": "string"}, "issued": {"type": "boolean", "description": "a notice with this code was issued"},
      "matches": {"type": "boolean", "description": "and its PDF has exactly this content"},
      "jurisdiction": {"type": "string"}, "kind": {"type": "string"}, "language": {"type": "string"},
      "issuedOn": {"$ref": "#/components/schemas/Date"}, "verdict": {"type": "string"}}
  },
  "NoticeFile": {
    "type": "object", "required": ["file"],
    "properties": {"file": {"type": "string", "contentMediaType": "application/pdf", "description": "the notice's PDF file"}}
  },
  "Officers": {
    "type": "object",
    "properties": {"officers": {"type": "array", "items": {"type": "object", "properties": {
      "name": {"type": "string"}, "jurisdictions": {"type": "array", "items": {"type": "string"}},
      "held": {"type": "integer", "description": "open cases the officer holds, counted up to 10,000"},
      "overdue": {"type": "integer", "description": "of those, past their statutory deadline"}}}}}
  },
  "Release": {
    "type": "object", "additionalProperties": false,
    "properties": {"reason": {"type": "string", "maxLength": 1000, "description": "required when a supervisor takes another officer's case"}}
  },
  "Assignment": {
    "type": "object", "additionalProperties": false, "required": ["officer"],
    "properties": {"officer": {"type": "string", "description": "an active officer account of the case's jurisdiction"},
      "reason": {"type": "string", "maxLength": 1000, "description": "required when another officer holds the case"}}
  },
  "Note": {
    "type": "object", "additionalProperties": false, "required": ["text"],
    "properties": {"text": {"type": "string", "minLength": 1, "maxLength": 4000, "description": "for the authority's staff only"}}
  },
  "HitFinding": {
    "type": "object", "additionalProperties": false, "required": ["finding", "reason"],
    "properties": {"finding": {"enum": ["same-person", "not-same-person"]}, "reason": {"type": "string", "description": "what the records show"}}
  },
  "PersonResults": {
    "type": "object",
    "properties": {"results": {"type": "array", "items": {"type": "object", "properties": {
      "number": {"type": "string"}, "jurisdiction": {"type": "string"}, "name": {"type": "string"},
      "score": {"type": "number"}, "evidence": {"type": "object"}}}}}
  },
  "Watchlists": {
    "type": "object",
    "properties": {"lists": {"type": "array", "items": {"type": "object", "properties": {
      "name": {"type": "string"}, "kind": {"enum": ["entry-ban", "wanted", "sanctions"]},
      "legalBasis": {"type": "string"}, "jurisdictions": {"type": "array", "items": {"type": "string"}},
      "version": {"type": "integer"}, "versions": {"type": "array", "items": {"type": "object"}}}}}}
  },
  "DocumentCheck": {
    "type": "object", "additionalProperties": false, "required": ["state"],
    "properties": {"state": {"enum": ["verified", "rejected"]}, "note": {"type": "string", "description": "required for a rejection"}}
  },
  "Transition": {
    "type": "object",
    "properties": {
      "from": {"type": "string"}, "to": {"type": "string"},
      "by": {"enum": ["applicant", "authority", "system"]},
      "at": {"type": "string", "format": "date-time"}, "reason": {"type": "string"}}
  },
  "ApplicantView": {
    "type": "object", "description": "an application as its applicant sees it; no officer is named",
    "properties": {
      "number": {"type": "string", "examples": ["KZ-2022-000123"]},
      "jurisdiction": {"type": "string"}, "kind": {"type": "string"},
      "state": {"enum": ["submitted", "awaiting-documents", "ready-for-review", "validated", "approved",
                         "refused", "appealed", "appeal-upheld", "appeal-dismissed", "withdrawn",
                         "registered", "interview-scheduled", "examination"]},
      "purpose": {"type": "string"}, "language": {"type": "string"},
      "filingDate": {"$ref": "#/components/schemas/Date", "description": "the local date of filing in the jurisdiction's time zone"},
      "filedAt": {"type": "string", "format": "date-time", "description": "the instant of filing (UTC)"},
      "filedLocalTime": {"type": "string", "examples": ["2022-09-26T10:00:00+06:00"]},
      "receiptReason": {"type": "string", "description": "why an officer recorded an earlier receipt; empty otherwise"},
      "deadline": {"$ref": "#/components/schemas/Date"},
      "decision": {"oneOf": [{"type": "null"}, {"$ref": "#/components/schemas/Decision"}]},
      "requestedDocuments": {"type": "array", "items": {"type": "string"}, "description": "documents an officer asked for"},
      "refusalGrounds": {"type": "array", "items": {"$ref": "#/components/schemas/Ground"}},
      "appealDeadline": {"oneOf": [{"type": "null"}, {"$ref": "#/components/schemas/Date"}], "description": "the last day to appeal a refusal"},
      "appealReason": {"type": "string"},
      "notices": {"type": "array", "items": {"$ref": "#/components/schemas/NoticeRecord"}},
      "documents": {"type": "array", "items": {"$ref": "#/components/schemas/Document"}},
      "history": {"type": "array", "items": {"$ref": "#/components/schemas/Transition"}},
      "updatedAt": {"type": "string", "format": "date-time"}}
  },
  "Submitted": {
    "allOf": [{"$ref": "#/components/schemas/ApplicantView"}],
    "properties": {"accessCode": {"type": "string", "description": "shown once: with the number it opens the application"}}
  },
  "StatusLookup": {
    "type": "object", "additionalProperties": false, "required": ["number", "accessCode"],
    "properties": {"number": {"type": "string"}, "accessCode": {"type": "string"}}
  },
  "Document": {
    "type": "object",
    "properties": {
      "id": {"type": "integer"}, "kind": {"type": "string"}, "fileName": {"type": "string"},
      "contentType": {"enum": ["application/pdf", "image/jpeg", "image/png"]},
      "size": {"type": "integer"}, "uploadedAt": {"type": "string", "format": "date-time"}}
  },
  "DocumentUpload": {
    "type": "object", "required": ["kind", "file"],
    "properties": {
      "kind": {"type": "string", "examples": ["no-objection-certificate", "passport"]},
      "issuingState": {"type": "string"}, "number": {"type": "string"},
      "issued": {"$ref": "#/components/schemas/Date"}, "expires": {"$ref": "#/components/schemas/Date"},
      "holderName": {"type": "string", "description": "whom the document names; must be the applicant (any script)"},
      "mrz": {"type": "string", "description": "the document's machine-readable zone (ICAO 9303 TD1, TD2, TD3, MRV-A or MRV-B), lines separated by newlines: checked, compared with the typed fields and the applicant; empty fields are taken from it"},
      "holderBirthDate": {"$ref": "#/components/schemas/Date", "description": "must be the applicant's"},
      "file": {"type": "string", "contentMediaType": "application/octet-stream",
               "description": "PDF, JPEG or PNG, checked by content; at most 10 MiB"}}
  },
  "DocumentAdded": {
    "type": "object",
    "properties": {
      "document": {"$ref": "#/components/schemas/Document"},
      "case": {"description": "the case re-decided: ApplicantView for an applicant, Case for an officer",
               "oneOf": [{"$ref": "#/components/schemas/ApplicantView"}, {"$ref": "#/components/schemas/Case"}]}}
  },
  "Case": {
    "type": "object",
    "description": "a case as stored (cases::CaseToJson): application, state, assigned officer, deadline, latest automated decision with its trace, refusal grounds, appeal, full history and the staff's internal notes",
    "properties": {"number": {"type": "string"}, "state": {"type": "string"},
      "internalNotes": {"type": "array", "description": "staff only: never in the ApplicantView",
        "items": {"type": "object", "properties": {"at": {"type": "string"}, "author": {"type": "string"}, "text": {"type": "string"}}}}}
  },
  "CaseSummary": {
    "type": "object",
    "properties": {
      "number": {"type": "string"}, "jurisdiction": {"type": "string"}, "kind": {"type": "string"},
      "state": {"type": "string"}, "applicantName": {"type": "string"},
      "citizenships": {"type": "array", "items": {"type": "string"}},
      "filingDate": {"$ref": "#/components/schemas/Date"}, "deadline": {"$ref": "#/components/schemas/Date"},
      "overdue": {"type": "boolean"}, "assignedOfficer": {"type": "string"}, "outcome": {"type": "string"}}
  },
  "CasePage": {
    "type": "object",
    "properties": {
      "cases": {"type": "array", "items": {"$ref": "#/components/schemas/CaseSummary"}},
      "total": {"type": "integer", "description": "the cases matching the filters, counted up to 10,000"},
      "totalExact": {"type": "boolean", "description": "false: more than total match"},
      "page": {"type": "integer"}, "pageSize": {"type": "integer"},
      "next": {"type": ["string", "null"], "description": "the cursor of the next page (the cursor parameter); null on the last page"}}
  },
  "Reason": {
    "type": "object", "additionalProperties": false, "required": ["reason"],
    "properties": {"reason": {"type": "string", "minLength": 1}}
  },
  "InterviewSchedule": {
    "type": "object", "additionalProperties": false, "required": ["scheduledFor", "place"],
    "properties": {"scheduledFor": {"type": "string", "format": "date-time", "examples": ["2026-12-10T10:00:00+06:00"]},
      "place": {"type": "string", "minLength": 1}, "language": {"type": "string", "description": "the language the interview is held in (an interpreter's)"}}
  },
  "InterviewRecord": {
    "type": "object", "additionalProperties": false, "required": ["record"],
    "properties": {"record": {"type": "string", "minLength": 1, "maxLength": 100000}}
  },
  "ChecklistAnswer": {
    "type": "object", "additionalProperties": false, "required": ["question"],
    "properties": {"question": {"type": "string", "description": "a question id of the claim's policy (GET .../checklist)"},
      "answer": {"enum": ["yes", "no", ""], "description": "\"\" withdraws the answer"},
      "evidence": {"type": "string", "maxLength": 4000, "description": "what the answer rests on (required with yes or no)"}}
  },
  "DeadlineExtension": {
    "type": "object", "additionalProperties": false, "required": ["months", "reason"],
    "properties": {"months": {"type": "integer", "minimum": 1}, "reason": {"type": "string", "minLength": 1}}
  },
  "Checklist": {
    "type": "object",
    "properties": {
      "number": {"type": "string"}, "policyVersion": {"type": "string"},
      "questions": {"type": "array", "items": {"type": "object", "properties": {
        "id": {"type": "string"}, "group": {"type": "string"}, "question": {"type": "object"}, "guidance": {"type": "object"}, "citation": {"type": "object"},
        "answer": {"enum": ["yes", "no", null]}, "evidence": {"type": "string"}, "answeredBy": {"type": "string"}, "answeredAt": {"type": "string"}}}},
      "remaining": {"type": "array", "items": {"type": "string"}},
      "pointsTo": {"enum": ["questions-remain", "protection-indicated", "protection-not-indicated", "exclusion-indicated"], "description": "what the answers point to; never a decision"},
      "implications": {"type": "array", "items": {"$ref": "#/components/schemas/Ground"}},
      "timeLimits": {"type": "object"}, "extensionMonths": {"type": "integer"}, "extendedMonths": {"type": "integer"},
      "automaticRefusal": {"const": false}}
  },
  "OptionalReason": {
    "type": "object", "additionalProperties": false, "properties": {"reason": {"type": "string"}}
  },
  "DocumentRequest": {
    "type": "object", "additionalProperties": false, "required": ["kinds", "reason"],
    "properties": {"kinds": {"type": "array", "minItems": 1, "items": {"type": "string"}}, "reason": {"type": "string"}}
  },
  "Refusal": {
    "type": "object", "additionalProperties": false, "required": ["grounds"],
    "properties": {"grounds": {"type": "array", "minItems": 1, "items": {"$ref": "#/components/schemas/Ground"}}}
  },
  "AppealDecision": {
    "type": "object", "additionalProperties": false, "required": ["upheld", "reason"],
    "properties": {"upheld": {"type": "boolean"}, "reason": {"type": "string"}}
  },
  "AuditTrail": {
    "type": "object",
    "properties": {
      "number": {"type": "string"},
      "entries": {"type": "array", "items": {
        "type": "object",
        "properties": {
          "seq": {"type": "integer"}, "at": {"type": "string"}, "actor": {"type": "string"},
          "action": {"type": "string"}, "caseNumber": {"type": "string"}, "details": {},
          "hash": {"type": "string", "description": "SHA-256 chained over the log (docs/audit.md)"}}}}}
  },
  "PolicyVersion": {
    "type": "object",
    "properties": {
      "id": {"type": "string", "examples": ["KZ/permanent-residence/2022-09-22"]},
      "jurisdiction": {"type": "string"}, "kind": {"type": "string"},
      "takesEffect": {"$ref": "#/components/schemas/Date"},
      "ends": {"type": ["string", "null"], "format": "date"},
      "title": {"type": "string"}, "legalAct": {"type": "string"}, "article": {"type": "string"},
      "legalBasis": {"$ref": "#/components/schemas/LegalBasis"},
      "illustrative": {"type": "boolean", "description": "the act's own text was not found: staff see \"illustrative model\""},
      "appliesTo": {"enum": ["filed-on-or-after", "pending"]},
      "purposes": {"type": "array", "items": {"type": "object", "properties": {"code": {"type": "string"}, "label": {"type": "object", "additionalProperties": {"type": "string"}}}}},
      "documents": {"type": "object", "description": "document kind -> its name by language", "additionalProperties": {"type": "object"}},
      "refusalForm": {"type": "string", "examples": ["schengen-annex-vi"]},
      "decision": {"type": "string"}, "deadlineDays": {"type": "integer"}, "contentHash": {"type": "string"},
      "approval": {"oneOf": [{"type": "null", "description": "published before four eyes"}, {"type": "object", "description": "four eyes: who proposed the version and who approved it",
        "properties": {"proposal": {"type": "integer"}, "proposedBy": {"type": "string"}, "proposedAt": {"type": "string", "format": "date-time"},
          "approvedBy": {"type": "string"}, "approvedAt": {"type": "string", "format": "date-time"}}}]}}
  },
  "Proposal": {
    "type": "object", "description": "a draft version proposed by one policy author; it takes effect once a second person (another policy author or a supervisor of the jurisdiction) approves it",
    "properties": {
      "id": {"type": "integer"}, "jurisdiction": {"type": "string"}, "kind": {"type": "string"},
      "takesEffect": {"$ref": "#/components/schemas/Date"}, "title": {"type": "string"},
      "status": {"enum": ["proposed", "approved", "withdrawn"]},
      "proposedBy": {"type": "string"}, "proposedAt": {"type": "string", "format": "date-time"},
      "decidedBy": {"type": "string", "description": "who approved or withdrew it"}, "decidedAt": {"type": "string"},
      "version": {"type": "string", "description": "the published version's id, once approved"},
      "simulatedBy": {"type": "string"}, "simulatedAt": {"type": "string"},
      "draft": {"$ref": "#/components/schemas/Draft", "description": "the draft as proposed (the proposal's own read only)"},
      "report": {"$ref": "#/components/schemas/DraftReport", "description": "the draft tried against the library now (the proposal's own read only, while proposed)"},
      "simulation": {"oneOf": [{"type": "null"}, {"$ref": "#/components/schemas/Simulation"}], "description": "the latest simulation (the proposal's own read only)"}}
  },
  "ProposalList": {"type": "object", "properties": {"proposals": {"type": "array", "items": {"$ref": "#/components/schemas/Proposal"}}}},
  "SimulationRequest": {
    "type": "object", "additionalProperties": false,
    "properties": {
      "pending": {"type": "boolean", "description": "simulate the pending cases the draft would reach (default true)"},
      "from": {"$ref": "#/components/schemas/Date", "description": "with to: also the cases finally decided and filed from..to"},
      "to": {"$ref": "#/components/schemas/Date"}}
  },
  "Simulation": {
    "type": "object", "description": "the draft over stored cases; nothing is written to them (docs/policies.md, \"Simulation\")",
    "properties": {
      "version": {"type": "string"}, "pending": {"type": "boolean"},
      "period": {"oneOf": [{"type": "null"}, {"type": "object", "properties": {"from": {"type": ["string", "null"]}, "to": {"type": ["string", "null"]}}}]},
      "cases": {"type": "integer"}, "pendingCases": {"type": "integer"}, "changed": {"type": "integer", "description": "cases whose outcome or missing documents change"},
      "errors": {"type": "integer", "description": "cases the draft could not decide"},
      "byOutcome": {"$ref": "#/components/schemas/Counts", "description": "changed cases by \"current -> simulated\" outcome"},
      "byGround": {"$ref": "#/components/schemas/Counts", "description": "changed cases by decisive rule of the simulated decision"},
      "byCitizenship": {"$ref": "#/components/schemas/Counts"},
      "byMonth": {"$ref": "#/components/schemas/Counts", "description": "changed cases by filing month, YYYY-MM"},
      "changedCases": {"type": "array", "description": "the changed cases (and those with an error), at most 1000", "items": {"type": "object",
        "properties": {"number": {"type": "string"}, "state": {"type": "string"}, "pending": {"type": "boolean"}, "filingDate": {"$ref": "#/components/schemas/Date"},
          "citizenships": {"type": "array", "items": {"type": "string"}},
          "current": {"$ref": "#/components/schemas/SimulatedOutcome"}, "simulated": {"$ref": "#/components/schemas/SimulatedOutcome"},
          "error": {"type": "string"}}}},
      "listedAll": {"type": "boolean"}}
  },
  "DraftCaseDecision": {
    "type": "object", "description": "one stored case decided alone by a proposal's draft, beside its current decision",
    "properties": {
      "number": {"type": "string"}, "state": {"type": "string"}, "filingDate": {"$ref": "#/components/schemas/Date"},
      "citizenships": {"type": "array", "items": {"type": "string"}},
      "current": {"oneOf": [{"type": "null"}, {"$ref": "#/components/schemas/Decision"}], "description": "the case's latest automated decision, if any"},
      "simulated": {"$ref": "#/components/schemas/Decision"},
      "changed": {"type": "boolean", "description": "the outcome or the missing documents differ, as a simulation counts"}}
  },
  "Counts": {"type": "array", "items": {"type": "object", "properties": {"key": {"type": "string"}, "count": {"type": "integer"}}}},
  "SimulatedOutcome": {"type": "object", "properties": {"outcome": {"type": "string"}, "missingDocuments": {"type": "array", "items": {"type": "string"}}, "grounds": {"type": "array", "items": {"type": "string"}}}},
  "LegalBasis": {
    "type": "object", "additionalProperties": false, "required": ["act", "article", "status"],
    "properties": {
      "act": {"type": "string"}, "article": {"type": "string"},
      "adopted": {"oneOf": [{"type": "null"}, {"$ref": "#/components/schemas/Date"}]},
      "published": {"oneOf": [{"type": "null"}, {"$ref": "#/components/schemas/Date"}]},
      "link": {"type": "string"}, "status": {"enum": ["enacted", "reported", "illustrative"]}, "note": {"type": "string"}}
  },
  "PolicyVersionDetail": {
    "allOf": [{"$ref": "#/components/schemas/PolicyVersion"}],
    "properties": {
      "files": {"type": "array", "description": "the version's DMN models (policy.json is the fields above)", "items": {
        "type": "object", "properties": {"name": {"type": "string", "examples": ["eligibility.dmn"]}, "xml": {"type": "string"}}}},
      "rules": {"type": "array", "description": "every decision table rule, in file and table order", "items": {
        "type": "object",
        "properties": {
          "id": {"type": "string"}, "decision": {"type": "string", "description": "the decision or business knowledge model holding the table"},
          "file": {"type": "string"}, "reason": {"type": "string", "description": "empty: the rule is no ground"},
          "citation": {"type": "string"}}}}}
  },
  "Preview": {
    "type": "object", "additionalProperties": false, "required": ["citizenships"],
    "properties": {
      "filingDate": {"$ref": "#/components/schemas/Date", "description": "what if filed that day; default: today in the jurisdiction"},
      "passportIssuingState": {"type": "string", "description": "default: the first citizenship"},
      "passportIssued": {"$ref": "#/components/schemas/Date"},
      "purpose": {"type": "string", "examples": ["family"]},
      "citizenships": {"type": "array", "minItems": 1, "items": {"type": "string", "examples": ["RUS"]}},
      "birthDate": {"$ref": "#/components/schemas/Date", "description": "default 1990-01-01"},
      "passportExpiry": {"$ref": "#/components/schemas/Date", "description": "default: ten years after the filing date"},
      "documents": {"type": "array", "description": "the documents at hand, with the details an upload takes; a bare kind stands for one issued by the passport's state (the passport is always counted)", "items": {"oneOf": [{"type": "string"}, {
        "type": "object", "additionalProperties": false, "required": ["kind"],
        "properties": {"kind": {"type": "string"}, "issuingState": {"type": "string"}, "number": {"type": "string"},
          "issued": {"$ref": "#/components/schemas/Date"}, "expires": {"$ref": "#/components/schemas/Date"},
          "verification": {"enum": ["unverified", "verified", "rejected"]}}}]}}}
  },
  "PreviewDecision": {
    "type": "object",
    "properties": {
      "version": {"$ref": "#/components/schemas/PolicyVersion"},
      "outcome": {"enum": ["eligible", "documents-missing", "refuse"]},
      "requiredDocuments": {"type": "array", "items": {"type": "string"}},
      "missingDocuments": {"type": "array", "items": {"type": "string"}},
      "decisiveGrounds": {"type": "array", "items": {"$ref": "#/components/schemas/Ground"}},
      "grounds": {"type": "array", "items": {"$ref": "#/components/schemas/Ground"}},
      "matchedRules": {"type": "array", "items": {"type": "string"}},
      "filingDate": {"$ref": "#/components/schemas/Date"},
      "deadline": {"$ref": "#/components/schemas/Date", "description": "the statutory deadline for an application filed that day"}}
  },
  "Draft": {
    "type": "object", "additionalProperties": false,
    "required": ["takesEffect", "title", "decision", "files"],
    "description": "deadlineDays, or deadlineMonths (asylum laws count months); an asylum version keeps the latest version's asylum section (time limits, lodging, certificate, legal questions)",
    "description": "the legal basis as legalBasis, or as legalAct and article alone (an illustrative model); purposes and the refusal form are the latest version's, and so are the document names unless documents gives them",
    "properties": {
      "takesEffect": {"$ref": "#/components/schemas/Date"},
      "title": {"type": "string"}, "legalAct": {"type": "string"}, "article": {"type": "string"},
      "legalBasis": {"$ref": "#/components/schemas/LegalBasis"},
      "appliesTo": {"enum": ["filed-on-or-after", "pending"], "description": "pending: also to applications pending on takesEffect, which are decided again then"},
      "decision": {"type": "string", "examples": ["Eligibility"], "description": "the decision that fulfils the decision contract"},
      "deadlineDays": {"type": "integer", "minimum": 1, "maximum": 3650},
      "deadlineMonths": {"type": "integer", "minimum": 1, "maximum": 120},
      "files": {"type": "array", "minItems": 1, "items": {
        "type": "object", "additionalProperties": false, "required": ["name", "xml"],
        "properties": {"name": {"type": "string", "pattern": "^[A-Za-z0-9_-][A-Za-z0-9._-]*\\.dmn$"}, "xml": {"type": "string", "maxLength": 524288}}}},
      "documents": {"type": "object", "description": "every document kind's name by language (en required; policy.json's documents), the passport included", "additionalProperties": {"type": "object", "properties": {"en": {"type": "string"}, "ru": {"type": "string"}, "kk": {"type": "string"}, "lv": {"type": "string"}}}},
      "tests": {"type": "array", "minItems": 1, "description": "policy test cases (docs/policies.md), added to the kind's tests", "items": {"type": "object"}}}
  },
  "DraftReport": {
    "oneOf": [
      {"type": "object", "required": ["loaded", "passed", "failed", "failures", "unexercised", "errors", "findings"],
       "properties": {
         "loaded": {"const": true}, "passed": {"type": "integer"}, "failed": {"type": "integer"},
         "failures": {"type": "array", "items": {"type": "string"}},
         "unexercised": {"type": "array", "items": {"type": "string"}, "description": "\"KZ/permanent-residence/2023-06-01 rule kz-pr-x\" lines"},
         "errors": {"type": "integer", "description": "error findings; a draft with any is not published"},
         "findings": {"type": "array", "description": "FEEL that does not compile and the decision-table analysis (docs/engine.md, \"Table analysis\")", "items": {
           "type": "object", "required": ["severity", "kind", "message"],
           "properties": {
             "severity": {"enum": ["error", "warning", "info"]},
             "kind": {"enum": ["load", "syntax", "type", "name", "citation", "rule-id", "overlap", "gap", "unreachable", "subsumed", "output-value", "input-value"]},
             "file": {"type": "string"}, "line": {"type": "integer", "description": "line in the file; 0 when unknown"},
             "element": {"type": "string"}, "table": {"type": "string"},
             "rules": {"type": "array", "items": {"type": "string"}}, "message": {"type": "string"}}}}}},
      {"type": "object", "required": ["loaded", "error", "errors", "findings"],
       "properties": {"loaded": {"const": false}, "error": {"type": "string", "description": "what does not load, naming the file and element"},
         "errors": {"type": "integer"}, "findings": {"type": "array", "description": "as for a draft that loads: the checker's type and name errors with their positions", "items": {"type": "object"}}}}]
  },
  "DayCount": {"type": "object", "properties": {"date": {"$ref": "#/components/schemas/Date"}, "count": {"type": "integer"}}},
  "Stats": {
    "type": "object",
    "properties": {
      "from": {"$ref": "#/components/schemas/Date"}, "to": {"$ref": "#/components/schemas/Date"},
      "jurisdictions": {"type": "array", "items": {"type": "string"}},
      "backlog": {"type": "object", "description": "cases by current state; every state is present", "additionalProperties": {"type": "integer"}},
      "receivedPerDay": {"type": "array", "description": "by filing date, every day from..to", "items": {"$ref": "#/components/schemas/DayCount"}},
      "decidedPerDay": {"type": "array", "description": "approvals, refusals and appeal decisions by the day made, every day from..to", "items": {"$ref": "#/components/schemas/DayCount"}},
      "decidedWithinDeadline": {"type": "object", "properties": {
        "decided": {"type": "integer", "description": "approvals and refusals from..to"},
        "withinDeadline": {"type": "integer"},
        "share": {"type": "number", "minimum": 0, "maximum": 1, "description": "withinDeadline / decided; 0 when nothing was decided"}}},
      "open": {"type": "object", "description": "open cases now, whatever the range; days in the jurisdiction's calendar", "properties": {
        "cases": {"type": "integer", "description": "not yet decided or withdrawn"},
        "overdue": {"type": "integer", "description": "past their statutory deadline"},
        "dueWithinWeek": {"type": "integer", "description": "deadline today or in the six days after"}}},
      "oldestOpen": {"type": "array", "maxItems": 10, "items": {"$ref": "#/components/schemas/CaseSummary"}},
      "asylum": {"type": "object", "description": "asylum claims, never counted in the figures above; a figure below suppressedBelow is null", "properties": {
        "open": {"type": ["integer", "null"]}, "received": {"type": ["integer", "null"], "description": "in the whole calendar months from..to"}, "decided": {"type": ["integer", "null"]},
        "from": {"$ref": "#/components/schemas/Date"}, "to": {"$ref": "#/components/schemas/Date"}, "suppressedBelow": {"type": "integer"}, "roundedTo": {"type": "integer", "description": "figures are rounded down to a multiple of this"}}}}
  },
  "Policies": {
    "type": "object",
    "properties": {"jurisdictions": {"type": "array", "items": {
      "type": "object",
      "properties": {
        "jurisdiction": {"type": "string"},
        "kinds": {"type": "array", "items": {
          "type": "object",
          "properties": {
            "kind": {"type": "string"},
            "versions": {"type": "array", "items": {"$ref": "#/components/schemas/PolicyVersion"}}}}}}}}}
  }
})json";

std::string Capitalized(std::string_view word) {
  std::string out;
  bool upper = true;
  for (char c : word) {
    if (c == '-' || c == '.' || c == '{' || c == '}') {
      upper = true;
      continue;
    }
    out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return out;
}

// "POST /api/v1/cases/{number}/claim" -> "postCasesByNumberClaim".
std::string OperationId(const Route& route) {
  std::string id;
  for (char c : route.method) id += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string_view rest = route.path.substr(std::string_view("/api/v1/").size());
  while (!rest.empty()) {
    size_t slash = rest.find('/');
    std::string_view segment = rest.substr(0, slash);
    id += (segment.starts_with('{') ? "By" : "") + Capitalized(segment);
    rest = slash == std::string_view::npos ? "" : rest.substr(slash + 1);
  }
  return id;
}

std::vector<std::string> PathParameters(std::string_view path) {
  std::vector<std::string> names;
  for (size_t open = path.find('{'); open != std::string_view::npos; open = path.find('{', open)) {
    size_t close = path.find('}', open);
    names.emplace_back(path.substr(open + 1, close - open - 1));
    open = close;
  }
  return names;
}

// Who may call a route, in words: "anyone", "officer, supervisor", "applicant (access code)".
std::string Who(const Route& route) {
  std::string roles;
  for (Role role : route.roles) roles += (roles.empty() ? "" : ", ") + std::string(RoleName(role));
  if (route.roles.size() == 6) roles = "any account";
  std::string who = roles;
  if (route.anonymous) who = roles.empty() ? "anyone" : "anyone (as " + roles + ": in scope)";
  if (route.access_code) who += std::string(who.empty() ? "" : ", ") + "applicant (access code)";
  return who;
}

nlohmann::json Ref(std::string_view schema) {
  return {{"$ref", "#/components/schemas/" + std::string(schema)}};
}

nlohmann::json Operation(const Route& route) {
  nlohmann::json op = {{"operationId", OperationId(route)},
                       {"summary", route.summary},
                       {"description", "Who may call: " + Who(route) + "."}};
  nlohmann::json parameters = nlohmann::json::array();
  for (const std::string& name : PathParameters(route.path)) {
    parameters.push_back(
        {{"name", name}, {"in", "path"}, {"required", true}, {"schema", {{"type", "string"}}}});
  }
  for (const QueryParam& q : route.query) {
    parameters.push_back({{"name", q.name},
                          {"in", "query"},
                          {"required", q.required},
                          {"description", q.description},
                          {"schema", {{"type", q.type}}}});
  }
  if (!parameters.empty()) op["parameters"] = parameters;

  nlohmann::json security = nlohmann::json::array();
  if (route.anonymous) security.push_back(nlohmann::json::object());
  if (!route.roles.empty()) security.push_back({{"bearer", nlohmann::json::array()}});
  if (route.access_code) security.push_back({{"accessCode", nlohmann::json::array()}});
  op["security"] = security;

  if (route.body == BodyKind::kJson) {
    nlohmann::json schema = route.request_schema.empty()
                                ? nlohmann::json{{"type", "object"}, {"maxProperties", 0}}
                                : Ref(route.request_schema);
    op["requestBody"] = {{"required", !route.request_schema.empty()},
                         {"content", {{"application/json", {{"schema", schema}}}}}};
  } else if (route.body == BodyKind::kMultipart) {
    op["requestBody"] = {
        {"required", true},
        {"content", {{"multipart/form-data", {{"schema", Ref(route.request_schema)}}}}}};
  }

  nlohmann::json content;
  if (route.response_schema == "binary") {
    // Notices are PDF or HTML; documents PDF, JPEG or PNG.
    bool notice = route.path.find("/notices/") != std::string_view::npos;
    std::vector<const char*> types = {"application/pdf", "image/jpeg", "image/png"};
    if (notice) types = {"application/pdf", "text/html"};
    for (const char* type : types) {
      content[type] = {{"schema", {{"type", "string"}, {"contentMediaType", type}}}};
    }
  } else {
    content["application/json"] = {{"schema", Ref(route.response_schema)}};
  }
  nlohmann::json error = {{"$ref", "#/components/responses/Error"}};
  op["responses"] = {
      {std::to_string(route.status), {{"description", "success"}, {"content", content}}},
      {"4XX", error},
      {"503", error}};
  for (const auto& [status, schema] : route.other_responses) {
    op["responses"][std::to_string(status)] = {
        {"description", "refused, with a report"},
        {"content", {{"application/json", {{"schema", Ref(schema)}}}}}};
  }
  return op;
}

}  // namespace

nlohmann::json OpenApiDocument() {
  nlohmann::json paths = nlohmann::json::object();
  for (const Route& route : Routes()) {
    std::string method;
    for (char c : route.method) method += static_cast<char>(std::tolower(c));
    paths[std::string(route.path)][method] = Operation(route);
  }
  nlohmann::json error_response = {
      {"description", "refused: the error names the offending field where there is one"},
      {"content", {{"application/json", {{"schema", Ref("Error")}}}}}};
  return {
      {"openapi", "3.1.0"},
      {"info",
       {{"title", "tamga"},
        {"version", "1"},
        {"description",
         "Residence-permit and visa applications: submission, documents, decisions under the law "
         "in force on the filing date, officer actions, appeals. See docs/api.md."}}},
      {"paths", paths},
      {"components",
       {{"schemas", nlohmann::json::parse(kSchemas)},
        {"responses", {{"Error", error_response}}},
        {"securitySchemes",
         {{"bearer", {{"type", "http"}, {"scheme", "bearer"}}},
          {"accessCode", {{"type", "apiKey"}, {"in", "header"}, {"name", "X-Access-Code"}}}}}}}};
}

std::string RoutesMarkdown() {
  std::string out = "| Method | Path | Who may call | What it does |\n|---|---|---|---|\n";
  for (const Route& route : Routes()) {
    std::string path(route.path);
    if (!route.query.empty()) {
      path += "?";
      for (size_t i = 0; i < route.query.size(); ++i) {
        path += (i ? "&" : "") + std::string(route.query[i].name) + "=";
      }
    }
    out += "| " + std::string(route.method) + " | `" + path + "` | " + Who(route) + " | " +
           std::string(route.summary) + " |\n";
  }
  return out;
}

}  // namespace tamga::api
