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
  bool cache_control = false;
  for (const auto& [name, value] : reply.headers) {
    res.set_header(name, value);
    cache_control = cache_control || name == "Cache-Control";
  }
  // Answers carry personal data and tokens: no cache may keep them (the web UI's files say
  // otherwise for themselves).
  if (!cache_control) res.set_header("Cache-Control", "no-store");
  res.set_header("X-Content-Type-Options", "nosniff");
  // No other site may frame tamga (the login page included) or learn its URLs from a referrer; the
  // UI loads its own scripts only (dmn-js sets inline styles; notices open in a same-origin frame).
  res.set_header("Content-Security-Policy",
                 "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                 "img-src 'self' data: blob:; font-src 'self' data:; frame-src 'self' blob:; "
                 "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'");
  res.set_header("X-Frame-Options", "SAMEORIGIN");
  res.set_header("Referrer-Policy", "no-referrer");
  res.set_content(reply.body, reply.content_type);
}

// A request body as read: the raw bytes or the multipart parts, or why it was refused.
struct Body {
  std::string raw;
  std::vector<Part> parts;
  std::optional<ApiError> error;
};

// The route a request names, its path parameters, and the methods its path allows.
struct Match {
  const Route* route = nullptr;
  std::map<std::string, std::string> params;
  std::vector<std::string> allowed;
  std::string Allow() const {
    std::string allow;
    for (const std::string& m : allowed) allow += (allow.empty() ? "" : ", ") + m;
    return allow;
  }
};

Match FindRoute(const std::string& path, const std::string& request_method) {
  std::vector<std::string_view> segments = Segments(path);
  std::string method = request_method == "HEAD" ? "GET" : request_method;
  Match match;
  for (const Route& candidate : Routes()) {
    std::map<std::string, std::string> params;
    if (!Matches(candidate.path, segments, params)) continue;
    match.allowed.emplace_back(candidate.method);
    if (candidate.method == method) {
      match.route = &candidate;
      match.params = std::move(params);
    }
  }
  return match;
}

Result<void> CheckQuery(const Route& route, const httplib::Request& req) {
  for (const auto& [name, value] : req.params) {
    if (std::ranges::find(route.query, name, &QueryParam::name) == route.query.end()) {
      return std::unexpected(Invalid(name, "unknown query parameter"));
    }
    if (req.get_param_value_count(name) > 1) {
      return std::unexpected(Invalid(name, "given more than once"));
    }
    if (!IsValidUtf8(value)) return std::unexpected(Invalid(name, "not valid UTF-8"));
  }
  for (const QueryParam& q : route.query) {
    if (q.required && !req.has_param(std::string(q.name))) {
      return std::unexpected(Invalid(std::string(q.name), "required query parameter"));
    }
  }
  return {};
}

bool IsFilePart(const Part& part) { return part.name == "file" || !part.file_name.empty(); }

// The body as the route takes it: a JSON object, or form parts whose text is UTF-8.
Result<void> TakeBody(const Route& route, const httplib::Request& req, Body body, Call& call) {
  if (route.body == BodyKind::kJson) {
    if (req.is_multipart_form_data()) {
      return std::unexpected(UnsupportedMediaType("body", "expected a JSON body"));
    }
    auto json = ParseJsonObject(body.raw);
    if (!json) return std::unexpected(json.error());
    call.json = *std::move(json);
  } else if (route.body == BodyKind::kMultipart) {
    if (!req.is_multipart_form_data()) {
      return std::unexpected(UnsupportedMediaType("body", "expected multipart/form-data"));
    }
    for (const Part& part : body.parts) {
      if (!IsValidUtf8(part.name)) return std::unexpected(Invalid("body", "not valid UTF-8"));
      if (!IsValidUtf8(part.file_name) || (!IsFilePart(part) && !IsValidUtf8(part.content))) {
        return std::unexpected(Invalid(part.name, "not valid UTF-8"));
      }
    }
    call.parts = std::move(body.parts);
  }
  return {};
}

// One request on its way through the server.
struct Exchange {
  const httplib::Request& req;
  httplib::Response& res;
  const httplib::ContentReader* reader;  // null for GET and OPTIONS, whose body httplib has read
  bool body_read = false;
};

}  // namespace

struct Server::Impl {
  Impl(ServerOptions o, cases::CaseService& cases, policy::Registry& policies, Accounts& accounts)
      : options(std::move(o)),
        openapi(OpenApiDocument().dump(2)),
        ctx{cases, policies, accounts, options, openapi} {}

  void Dispatch(Exchange& ex);
  Result<Reply> Handle(Exchange& ex);
  Result<std::optional<Account>> Authorize(const Route& route, const httplib::Request& req);
  Body ReadBody(Exchange& ex, bool keep);

  ServerOptions options;
  std::string openapi;
  Context ctx;
  httplib::Server http;
  std::thread listener;
};

// The caller's account, if any, once it is known that the route admits the caller: an account of
// one of the route's roles, anyone on an anonymous route, or (for the handler to check) an
// applicant's access code.
Result<std::optional<Account>> Server::Impl::Authorize(const Route& route,
                                                       const httplib::Request& req) {
  std::optional<Account> account;
  if (req.has_header("Authorization")) {
    std::string header = req.get_header_value("Authorization");
    constexpr std::string_view kScheme = "bearer ";
    bool bearer = header.size() > kScheme.size() &&
                  std::equal(kScheme.begin(), kScheme.end(), header.begin(),
                             [](char a, char b) { return a == std::tolower(b); });
    if (!bearer) {
      return std::unexpected(Unauthorized("expected \"Authorization: Bearer <token>\""));
    }
    auto found = ctx.accounts.Authenticate(std::string_view(header).substr(kScheme.size()));
    if (!found) {
      if (found.error().code == cases::Error::Code::kForbidden) {
        return std::unexpected(Unauthorized("unknown or expired token; log in again"));
      }
      return std::unexpected(FromCaseError(found.error()));
    }
    account = *std::move(found);
  }
  if (route.anonymous) return account;
  if (account) {
    if (std::ranges::find(route.roles, account->role) != route.roles.end()) return account;
    return std::unexpected(Forbidden("role", "the role " + std::string(RoleName(account->role)) +
                                                 " may not " + std::string(route.summary)));
  }
  if (route.access_code && req.has_header("X-Access-Code")) return account;
  return std::unexpected(Unauthorized(route.access_code
                                          ? "log in (Authorization: Bearer <token>) or give the "
                                            "application's access code in X-Access-Code"
                                          : "log in and send \"Authorization: Bearer <token>\""));
}

// Reads the body through httplib's content reader, keeping it when `keep`. Past a limit the rest is
// read and discarded, so that the client, which sends its whole body before it reads an answer,
// receives the 413 rather than a reset connection; past twice the payload limit reading stops
// (httplib itself answers 413 to a declared Content-Length above the limit without reading it).
Body Server::Impl::ReadBody(Exchange& ex, bool keep) {
  Body body;
  if (!ex.reader || ex.body_read) return body;
  ex.body_read = true;
  const size_t payload_limit = options.max_body_bytes;
  const size_t json_limit = std::min(options.max_json_bytes, payload_limit);
  size_t total = 0;
  auto too_large = [&](std::string field, std::string message) {
    if (!body.error) body.error = TooLarge(std::move(field), std::move(message));
  };
  bool ok;
  if (ex.req.is_multipart_form_data()) {
    bool overflow = false;  // more parts than kMaxParts: the rest are read and dropped
    ok = (*ex.reader)(
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
          if (!keep || overflow || body.error || body.parts.empty()) return true;
          Part& part = body.parts.back();
          bool is_file = IsFilePart(part);
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
    ok = (*ex.reader)([&](const char* data, size_t n) {
      total += n;
      if (total > 2 * payload_limit) return false;
      if (!keep || body.error) return true;
      if (body.raw.size() + n > json_limit) {
        too_large("body", "JSON bodies are limited to " + std::to_string(json_limit) + " bytes");
      } else {
        body.raw.append(data, n);
      }
      return true;
    });
  }
  if (!ok) {
    // httplib leaves its reason in the status: 413 over the payload limit, 415 for an unknown
    // Content-Encoding, 400 for a malformed body.
    if (ex.res.status == 413 || total > 2 * payload_limit) {
      too_large("body", "bodies are limited to " + std::to_string(payload_limit) + " bytes");
    } else if (ex.res.status == 415) {
      body.error = UnsupportedMediaType("Content-Encoding", "unsupported content encoding");
    } else if (!body.error) {
      body.error =
          Invalid("body", ex.req.is_multipart_form_data() ? "malformed multipart/form-data body"
                                                          : "malformed or incomplete body");
    }
  }
  if (body.error) {
    body.raw.clear();
    body.parts.clear();
  }
  return body;
}

Result<Reply> Server::Impl::Handle(Exchange& ex) {
  const httplib::Request& req = ex.req;
  if (!IsValidUtf8(req.path)) return std::unexpected(Invalid("path", "not valid UTF-8"));
  bool api = req.path == "/api" || req.path.starts_with("/api/");
  if (!api && (req.method == "GET" || req.method == "HEAD") && !options.web_root.empty()) {
    if (auto file = StaticFile(options.web_root, req.path)) return *std::move(file);
  }
  Match match = FindRoute(req.path, req.method);
  if (match.allowed.empty()) {
    return std::unexpected(NotFound("path", "no such route: " + req.path));
  }
  if (req.method == "OPTIONS" || !match.route) {
    Reply reply =
        req.method == "OPTIONS"
            ? JsonReply(200, {{"allow", match.allowed}})
            : ErrorReply(ApiError{405, "method-not-allowed", "method",
                                  req.method + " is not allowed here; allowed: " + match.Allow()});
    reply.headers.emplace_back("Allow", match.Allow());
    return reply;
  }
  const Route& route = *match.route;
  auto account = Authorize(route, req);
  if (!account) return std::unexpected(account.error());
  if (auto query = CheckQuery(route, req); !query) return std::unexpected(query.error());

  Body body = ReadBody(ex, /*keep=*/true);
  if (body.error) return std::unexpected(*body.error);
  Call call{
      req, std::move(match.params), *account ? &**account : nullptr, nlohmann::json::object(), {}};
  if (auto taken = TakeBody(route, req, std::move(body), call); !taken) {
    return std::unexpected(taken.error());
  }
  return route.handler(ctx, call);
}

void Server::Impl::Dispatch(Exchange& ex) {
  Result<Reply> reply;
  try {
    reply = Handle(ex);
    // An answer given before the body was read still reads it, to keep the connection in step.
    ReadBody(ex, /*keep=*/false);
  } catch (const std::exception& e) {
    // A bug, not bad input: input is checked before it is used.
    std::fprintf(stderr, "tamga api: %s %s: %s\n", ex.req.method.c_str(), ex.req.path.c_str(),
                 e.what());
    reply = std::unexpected(ApiError{500, "internal", "", "internal error"});
  }
  Write(reply ? *reply : ErrorReply(reply.error()), ex.res);
}

Server::Server(ServerOptions options, cases::CaseService& cases, policy::Registry& policies,
               Accounts& accounts)
    : impl_(std::make_unique<Impl>(std::move(options), cases, policies, accounts)) {
  Impl& impl = *impl_;
  httplib::Server& http = impl.http;
  size_t threads = std::max(1, impl.options.threads);
  http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  http.set_payload_max_length(impl.options.max_body_bytes);
  // httplib closes a kept-alive connection after 5 requests by default; clients that poll or
  // work a queue would reconnect all the time.
  http.set_keep_alive_max_count(100);
  // Responses go out at once: without TCP_NODELAY, Nagle's algorithm and the client's delayed ACK
  // hold every small JSON reply for ~40 ms.
  http.set_tcp_nodelay(true);

  auto plain = [&impl](const httplib::Request& req, httplib::Response& res) {
    Exchange ex{req, res, nullptr};
    impl.Dispatch(ex);
  };
  auto with_body = [&impl](const httplib::Request& req, httplib::Response& res,
                           const httplib::ContentReader& reader) {
    Exchange ex{req, res, &reader};
    impl.Dispatch(ex);
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
