// Answers: JSON bodies, and errors as {"error": {"code", "field", "message"}}.
#include <algorithm>
#include "api/routes.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <iostream>

namespace tamga::api {

ApiError Invalid(std::string field, std::string message) {
  return {400, "invalid", std::move(field), std::move(message)};
}
ApiError Unauthorized(std::string message) {
  return {401, "unauthorized", "Authorization", std::move(message)};
}
ApiError Forbidden(std::string field, std::string message) {
  return {403, "forbidden", std::move(field), std::move(message)};
}
ApiError NotFound(std::string field, std::string message) {
  return {404, "not-found", std::move(field), std::move(message)};
}
ApiError TooLarge(std::string field, std::string message) {
  return {413, "too-large", std::move(field), std::move(message)};
}
ApiError UnsupportedMediaType(std::string field, std::string message) {
  return {415, "unsupported-media-type", std::move(field), std::move(message)};
}

namespace {

// A failure of storage or of the server itself: its message may name server paths (the files
// folder, the policy library) or SQL, which no client should read. The client gets an incident
// reference; the operator finds the details under it in the server's log.
ApiError Unavailable(const cases::Error& error) {
  static std::atomic<uint64_t> next{0};
  auto now = std::chrono::system_clock::now().time_since_epoch();
  char reference[32];
  std::snprintf(reference, sizeof reference, "%llx-%llu",
                static_cast<unsigned long long>(
                    std::chrono::duration_cast<std::chrono::seconds>(now).count()),
                static_cast<unsigned long long>(next++));
  std::cerr << "tamga: incident " << reference << ": " << error.message << std::endl;
  return {503, "unavailable", error.field,
          std::string("the service cannot complete this right now; try again shortly (incident ") +
              reference + ")"};
}

}  // namespace

namespace {

ApiError StatusOfCaseError(const cases::Error& error) {
  using Code = cases::Error::Code;
  switch (error.code) {
    case Code::kInvalid:
      return Invalid(error.field, error.message);
    case Code::kForbidden:
      return Forbidden(error.field, error.message);
    case Code::kNotFound:
      return NotFound(error.field, error.message);
    case Code::kConflict:
      return {409, "conflict", error.field, error.message};
    case Code::kTooLarge:
      return TooLarge(error.field, error.message);
    case Code::kUnavailable:
      return Unavailable(error);
  }
  return Unavailable(error);
}

}  // namespace

ApiError FromCaseError(const cases::Error& error) {
  ApiError e = StatusOfCaseError(error);
  e.reason = error.reason;
  e.params = error.params;
  return e;
}

ApiError FromAccountError(const accounts::Error& error) {
  using Code = accounts::Error::Code;
  switch (error.code) {
    case Code::kInvalid:
      return Invalid(error.field, error.message);
    case Code::kUnauthorized:
      return {401, "unauthorized", error.field, error.message};
    case Code::kForbidden:
      return Forbidden(error.field, error.message);
    case Code::kNotFound:
      return NotFound(error.field, error.message);
    case Code::kConflict:
      return {409, "conflict", error.field, error.message};
    case Code::kLocked:
      return {429, "locked", error.field, error.message, std::max(1, error.retry_after_seconds)};
    case Code::kUnavailable:
      return Unavailable(
          cases::Error{cases::Error::Code::kUnavailable, error.field, error.message});
  }
  return Unavailable(cases::Error{cases::Error::Code::kUnavailable, error.field, error.message});
}

nlohmann::json ErrorJson(const ApiError& error) {
  nlohmann::json e = {
      {"code", error.code},
      {"field", error.field.empty() ? nlohmann::json() : nlohmann::json(error.field)},
      {"message", error.message}};
  if (!error.reason.empty()) {
    e["reason"] = error.reason;
    e["params"] = error.params;
  }
  return {{"error", e}};
}

Reply JsonReply(int status, const nlohmann::json& body) {
  // Replacing rather than throwing on invalid UTF-8: input is checked on the way in, so this only
  // guards against stored text that was never checked.
  return Reply{status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)};
}

Reply ErrorReply(const ApiError& error) {
  Reply reply = JsonReply(error.status, ErrorJson(error));
  if (error.status == 401) reply.headers.emplace_back("WWW-Authenticate", "Bearer");
  if (error.retry_after_seconds > 0)
    reply.headers.emplace_back("Retry-After", std::to_string(error.retry_after_seconds));
  else if (error.status == 503)
    reply.headers.emplace_back("Retry-After", "1");
  return reply;
}

}  // namespace tamga::api
