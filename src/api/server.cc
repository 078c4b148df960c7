// The server: cpp-httplib hands every request to one dispatcher, which matches it against the route
// table, authenticates and authorizes it, reads and checks its body, and calls the route's handler.
// Routing ourselves (rather than registering a regex per route with httplib) gives a JSON 404 for
// unknown paths, a 405 with Allow for a known path with the wrong method, and one place where every
// request passes the same checks.
#include "api/server.h"

#include <algorithm>
#include <cstdio>
#include <exception>
#include <thread>

#include "api/http.h"
#include "api/json_input.h"
#include "api/routes.h"

namespace tamga::api {
namespace {

constexpr size_t kMaxFieldBytes = 4096;  // a plain multipart form field
constexpr size_t kMaxParts = 16;

std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> out;
  size_t start = 1;  // past the leading '/'
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    out.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}

// Matches "/api/v1/cases/{number}/claim" against the segments of a request path, collecting the
// path parameters.
bool Matches(std::string_view pattern, const std::vector<std::string_view>& segments,
             std::map<std::string, std::string>& params) {
  std::vector<std::string_view> wanted = Segments(pattern);
  if (wanted.size() != segments.size()) return false;
  std::map<std::string, std::string> found;
  for (size_t i = 0; i < wanted.size(); ++i) {
    if (wanted[i].starts_with('{')) {
      if (segments[i].empty()) return false;
      found.emplace(wanted[i].substr(1, wanted[i].size() - 2), segments[i]);
    } else if (wanted[i] != segments[i]) {
      return false;
    }
  }
  params = std::move(found);
  return true;
}

// The error for an answer httplib gives on its own, before any route runs.
ApiError ErrorOfStatus(int status) {
  switch (status) {
    case 400:
      return Invalid("", "malformed HTTP request");
    case 408:
      return {408, "timeout", "", "the request was not received in time"};
    case 413:
      return TooLarge("body", "the body is larger than the server accepts");
    case 414:
      return {414, "uri-too-long", "path", "the request target is too long"};
    case 415:
      return UnsupportedMediaType("Content-Encoding", "unsupported content encoding");
    case 416:
      return {416, "range-not-satisfiable", "Range", "the requested range is not satisfiable"};
    default:
      return status >= 500 ? ApiError{status, "internal", "", "internal error"}
                           : ApiError{status, "invalid", "", "the request was refused"};
  }
}

void Write(const Reply& reply, httplib::Response& res) {
  res.status = reply.status;
  for (const auto& [name, value] : reply.headers) res.set_header(name, value);
  // Answers carry personal data and tokens: no cache may keep them.
  res.set_header("Cache-Control", "no-store");
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_content(reply.body, reply.content_type);
}

// A request body as read: the raw bytes or the multipart parts, or why it was refused.
struct Body {
  std::string raw;
  std::vector<Part> parts;
  std::optional<ApiError> error;
};

}  // namespace

struct Server::Impl {
  Impl(ServerOptions o, cases::CaseService& cases, const policy::Library& policies,
       Accounts& accounts)
      : options(std::move(o)),
        openapi(OpenApiDocument().dump(2)),
        ctx{cases, policies, accounts, options, openapi} {}

  void Dispatch(const httplib::Request& req, httplib::Response& res,
                const httplib::ContentReader* reader);
  Result<Reply> Handle(const httplib::Request& req, httplib::Response& res,
                       const httplib::ContentReader* reader);
  Result<std::optional<Account>> Authenticate(const httplib::Request& req);
  Body ReadBody(const httplib::Request& req, httplib::Response& res,
                const httplib::ContentReader* reader, const Route* route, bool keep);

  ServerOptions options;
  std::string openapi;
  Context ctx;
  httplib::Server http;
  std::thread listener;
};

Result<std::optional<Account>> Server::Impl::Authenticate(const httplib::Request& req) {
  if (!req.has_header("Authorization")) return std::nullopt;
  std::string header = req.get_header_value("Authorization");
  constexpr std::string_view kScheme = "bearer ";
  bool bearer = header.size() > kScheme.size() &&
                std::equal(kScheme.begin(), kScheme.end(), header.begin(),
                           [](char a, char b) { return a == std::tolower(b); });
  if (!bearer) return std::unexpected(Unauthorized("expected \"Authorization: Bearer <token>\""));
  auto account = ctx.accounts.Authenticate(std::string_view(header).substr(kScheme.size()));
  if (!account) {
    if (account.error().code == cases::Error::Code::kForbidden) {
      return std::unexpected(Unauthorized("unknown or expired token; log in again"));
    }
    return std::unexpected(FromCaseError(account.error()));
  }
  return *std::move(account);
}

// Reads the body through httplib's content reader. Past a limit the rest is read and discarded, so
// that the client, which sends its whole body before it reads an answer, receives the 413 rather
// than a reset connection; past twice the payload limit reading stops (httplib itself answers 413
// to a declared Content-Length above the limit without buffering it).
Body Server::Impl::ReadBody(const httplib::Request& req, httplib::Response& res,
                            const httplib::ContentReader* reader, const Route* route, bool keep) {
  Body body;
  if (!reader) return body;  // GET and OPTIONS: httplib has read (and bounded) any body
  const size_t payload_limit = options.max_body_bytes;
  const size_t json_limit = std::min(options.max_json_bytes, payload_limit);
  size_t total = 0;
  auto too_large = [&](std::string field, std::string message) {
    if (!body.error) body.error = TooLarge(std::move(field), std::move(message));
  };
  bool ok;
  if (req.is_multipart_form_data()) {
    bool overflow = false;  // more parts than kMaxParts: the rest are read and dropped
    ok = (*reader)(
        [&](const httplib::MultipartFormData& header) {
          if (body.parts.size() == kMaxParts) {
            overflow = true;
            too_large("body", "more than " + std::to_string(kMaxParts) + " form parts");
          }
          if (!overflow) body.parts.push_back({header.name, header.filename, ""});
          return true;
        },
        [&](const char* data, size_t n) {
          total += n;
          if (total > 2 * payload_limit) return false;
          if (!keep || overflow || body.error) return true;
          Part& part = body.parts.back();
          bool is_file = part.name == "file" || !part.file_name.empty();
          size_t limit = is_file ? static_cast<size_t>(cases::kMaxDocumentBytes) : kMaxFieldBytes;
          if (part.content.size() + n > limit) {
            too_large(part.name.empty() ? "body" : part.name,
                      (is_file ? "files are limited to " : "form fields are limited to ") +
                          std::to_string(limit) + " bytes");
          } else if (total > payload_limit) {
            too_large("body", "bodies are limited to " + std::to_string(payload_limit) + " bytes");
          } else {
            part.content.append(data, n);
          }
          return true;
        });
  } else {
    size_t limit = route && route->body == BodyKind::kMultipart ? payload_limit : json_limit;
    ok = (*reader)([&](const char* data, size_t n) {
      total += n;
      if (total > 2 * payload_limit) return false;
      if (!keep || body.error) return true;
      if (body.raw.size() + n > limit) {
        too_large("body", "JSON bodies are limited to " + std::to_string(limit) + " bytes");
      } else {
        body.raw.append(data, n);
      }
      return true;
    });
  }
  if (!ok) {
    if (res.status == 413 || total > 2 * payload_limit) {
      too_large("body", "bodies are limited to " + std::to_string(payload_limit) + " bytes");
    } else if (!body.error) {
      body.error =
          Invalid("body", req.is_multipart_form_data() ? "malformed multipart/form-data body"
                                                       : "malformed or incomplete body");
    }
  }
  if (body.error) {
    body.raw.clear();
    body.parts.clear();
  }
  return body;
}

Result<Reply> Server::Impl::Handle(const httplib::Request& req, httplib::Response& res,
                                   const httplib::ContentReader* reader) {
  // Every early answer still reads the body, so that the connection stays in step.
  auto refuse = [&](ApiError error) -> Result<Reply> {
    ReadBody(req, res, reader, nullptr, /*keep=*/false);
    return std::unexpected(std::move(error));
  };
  if (!IsValidUtf8(req.path)) return refuse(Invalid("path", "the path is not valid UTF-8"));

  std::vector<std::string_view> segments = Segments(req.path);
  std::string method = req.method == "HEAD" ? "GET" : req.method;
  const Route* route = nullptr;
  std::map<std::string, std::string> params;
  std::vector<std::string> allowed;
  for (const Route& candidate : Routes()) {
    std::map<std::string, std::string> found;
    if (!Matches(candidate.path, segments, found)) continue;
    allowed.emplace_back(candidate.method);
    if (candidate.method == method) {
      route = &candidate;
      params = std::move(found);
    }
  }
  if (allowed.empty()) return refuse(NotFound("path", "no such route: " + req.path));
  std::string allow;
  for (const std::string& m : allowed) allow += (allow.empty() ? "" : ", ") + m;
  if (method == "OPTIONS") {
    ReadBody(req, res, reader, nullptr, /*keep=*/false);
    Reply reply = JsonReply(200, {{"allow", allowed}});
    reply.headers.emplace_back("Allow", allow);
    return reply;
  }
  if (!route) {
    ReadBody(req, res, reader, nullptr, /*keep=*/false);
    Reply reply = ErrorReply(ApiError{405, "method-not-allowed", "method",
                                      req.method + " is not allowed here; allowed: " + allow});
    reply.headers.emplace_back("Allow", allow);
    return reply;
  }

  auto account = Authenticate(req);
  if (!account) return refuse(account.error());
  bool role_ok =
      *account && std::ranges::find(route->roles, (*account)->role) != route->roles.end();
  bool code_ok = route->access_code && !*account && req.has_header("X-Access-Code");
  if (!route->anonymous && !role_ok && !code_ok) {
    if (!*account) {
      return refuse(Unauthorized(route->access_code
                                     ? "log in (Authorization: Bearer <token>) or give the "
                                       "application's access code in X-Access-Code"
                                     : "log in and send \"Authorization: Bearer <token>\""));
    }
    return refuse(Forbidden("role", "the role " + std::string(RoleName((*account)->role)) +
                                        " may not " + std::string(route->summary)));
  }

  for (const auto& [name, value] : req.params) {
    auto declared = std::ranges::find(route->query, name, &QueryParam::name);
    if (declared == route->query.end()) {
      return refuse(Invalid(name, "unknown query parameter"));
    }
    if (req.get_param_value_count(name) > 1) return refuse(Invalid(name, "given more than once"));
    if (!IsValidUtf8(value)) return refuse(Invalid(name, "not valid UTF-8"));
  }
  for (const QueryParam& q : route->query) {
    if (q.required && !req.has_param(std::string(q.name))) {
      return refuse(Invalid(std::string(q.name), "required query parameter"));
    }
  }

  Body body = ReadBody(req, res, reader, route, /*keep=*/true);
  if (body.error) return std::unexpected(*body.error);
  Call call{req, std::move(params), *account ? &**account : nullptr, nlohmann::json::object(), {}};
  if (route->body == BodyKind::kJson) {
    if (req.is_multipart_form_data()) {
      return std::unexpected(UnsupportedMediaType("body", "expected a JSON body"));
    }
    auto json = ParseJsonObject(body.raw);
    if (!json) return std::unexpected(json.error());
    call.json = *std::move(json);
  } else if (route->body == BodyKind::kMultipart) {
    if (!req.is_multipart_form_data()) {
      return std::unexpected(UnsupportedMediaType("body", "expected multipart/form-data"));
    }
    for (const Part& part : body.parts) {
      bool is_file = part.name == "file" || !part.file_name.empty();
      if (!IsValidUtf8(part.name) || !IsValidUtf8(part.file_name) ||
          (!is_file && !IsValidUtf8(part.content))) {
        return std::unexpected(
            Invalid(IsValidUtf8(part.name) ? part.name : "body", "not valid UTF-8"));
      }
    }
    call.parts = std::move(body.parts);
  }
  return route->handler(ctx, call);
}

void Server::Impl::Dispatch(const httplib::Request& req, httplib::Response& res,
                            const httplib::ContentReader* reader) {
  Result<Reply> reply;
  try {
    reply = Handle(req, res, reader);
  } catch (const std::exception& e) {
    // A bug, not bad input: input is checked before it is used.
    std::fprintf(stderr, "tamga api: %s %s: %s\n", req.method.c_str(), req.path.c_str(), e.what());
    reply = std::unexpected(ApiError{500, "internal", "", "internal error"});
  }
  Write(reply ? *reply : ErrorReply(reply.error()), res);
}

Server::Server(ServerOptions options, cases::CaseService& cases, const policy::Library& policies,
               Accounts& accounts)
    : impl_(std::make_unique<Impl>(std::move(options), cases, policies, accounts)) {
  Impl& impl = *impl_;
  httplib::Server& http = impl.http;
  size_t threads = std::max(1, impl.options.threads);
  http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  http.set_payload_max_length(impl.options.max_body_bytes);

  auto plain = [&impl](const httplib::Request& req, httplib::Response& res) {
    impl.Dispatch(req, res, nullptr);
  };
  auto with_body = [&impl](const httplib::Request& req, httplib::Response& res,
                           const httplib::ContentReader& reader) {
    impl.Dispatch(req, res, &reader);
  };
  http.Get(".*", plain);
  http.Options(".*", plain);
  http.Post(".*", with_body);
  http.Put(".*", with_body);
  http.Patch(".*", with_body);
  http.Delete(".*", with_body);
  http.Post(".*", plain);
  http.Put(".*", plain);
  http.Patch(".*", plain);
  http.Delete(".*", plain);

  // Answers httplib gives on its own (a malformed request line, a body over the payload limit, a
  // URI too long) become JSON errors too.
  http.set_error_handler(
      httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        Write(ErrorReply(ErrorOfStatus(res.status)), res);
        return httplib::Server::HandlerResponse::Handled;
      }));
  http.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        Write(ErrorReply(ApiError{500, "internal", "", "internal error"}), res);
      });
}

Server::~Server() { Stop(); }

std::expected<int, std::string> Server::Start() {
  Impl& impl = *impl_;
  if (impl.listener.joinable()) return std::unexpected("the server is already started");
  const std::string& host = impl.options.host;
  int port = impl.options.port;
  if (port == 0) {
    port = impl.http.bind_to_any_port(host);
  } else if (!impl.http.bind_to_port(host, port)) {
    port = -1;
  }
  if (port <= 0) {
    return std::unexpected("cannot listen on " + host + ":" + std::to_string(impl.options.port));
  }
  impl.listener = std::thread([&impl] { impl.http.listen_after_bind(); });
  // stop() does nothing until the accept loop runs, so Start returns only once it does.
  for (int i = 0; i < 5000 && !impl.http.is_running(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  if (!impl.http.is_running()) {
    Stop();
    return std::unexpected("the server did not start on " + host + ":" + std::to_string(port));
  }
  return port;
}

void Server::Stop() {
  Impl& impl = *impl_;
  if (!impl.listener.joinable()) return;
  impl.http.stop();
  impl.listener.join();
}

}  // namespace tamga::api
