// The server. Connections live on an Asio io_context (ServerOptions::io_threads threads) where
// Boost.Beast reads and writes them asynchronously, so an idle or slow connection costs memory and
// a file descriptor, never a thread. Every connection has one deadline at a time (headers, body,
// idle, write) that is absolute: a client that trickles bytes does not extend it. Once a request is
// read whole, it goes to a bounded pool of worker threads that run the handlers (which wait on
// SQLite); when the pool is full the I/O thread answers 503 at once.
//
// The dispatcher matches every request against the route table, authenticates and authorizes it,
// checks its query and body and calls the route's handler. Routing ourselves gives a JSON 404 for
// unknown paths, a 405 with Allow for a known path with the wrong method, and one place where every
// request passes the same checks.
#include "api/server.h"

#include <brotli/decode.h>
#include <sys/resource.h>
#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <exception>
#include <limits>
#include <mutex>
#include <thread>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include "api/json_input.h"
#include "api/multipart.h"
#include "api/request.h"
#include "api/routes.h"

namespace tamga::api {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;
using SteadyClock = std::chrono::steady_clock;

constexpr size_t kMaxFieldBytes = 4096;          // a plain multipart form field
constexpr size_t kMaxParts = 16;                 // form parts of one body
constexpr size_t kMaxTargetBytes = 8192;         // the request target; longer: 414
constexpr uint32_t kMaxHeaderBytes = 64 * 1024;  // request line and headers; longer: 431
constexpr size_t kBodyChunk = 64 * 1024;         // bytes read from a body at a time
// After the last answer on a connection the server stops sending and reads (and drops) what the
// client still sends for this long, so that the client reads the answer instead of a reset.
constexpr auto kLingerTime = std::chrono::seconds(2);
constexpr auto kAcceptRetry = std::chrono::milliseconds(50);

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool StartsWithIgnoringCase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() &&
         std::equal(prefix.begin(), prefix.end(), text.begin(),
                    [](char a, char b) { return Lower(a) == Lower(b); });
}

std::string Trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  std::string out(s);
  for (char& c : out) c = Lower(c);
  return out;
}

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

// The error for an answer the server gives before any route runs.
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
    case 431:
      return {431, "headers-too-large", "", "the request's headers are too large"};
    default:
      return status >= 500 ? ApiError{status, "internal", "", "internal error"}
                           : ApiError{status, "invalid", "", "the request was refused"};
  }
}

Reply Overloaded() {
  // ErrorReply adds Retry-After: 1 to every 503.
  return ErrorReply(
      ApiError{503, "overloaded", "", "the server is busy with other requests; try again shortly"});
}

using Response = http::response<http::string_body>;

// The answer as it goes out: the reply's status, headers and body with the headers every answer
// carries. `head`: only the headers, with the Content-Length the body would have.
void Fill(Reply reply, bool head, Response& res) {
  res.result(static_cast<unsigned>(reply.status));
  bool cache_control = false;
  for (const auto& [name, value] : reply.headers) {
    res.insert(name, value);
    cache_control = cache_control || name == "Cache-Control";
  }
  // Answers carry personal data and tokens: no cache may keep them (the web UI's files say
  // otherwise for themselves).
  if (!cache_control) res.set(http::field::cache_control, "no-store");
  res.set("X-Content-Type-Options", "nosniff");
  // No other site may frame tamga (the login page included) or learn its URLs from a referrer; the
  // UI loads its own scripts only (dmn-js sets inline styles; notices open in a same-origin frame).
  res.set("Content-Security-Policy",
          "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
          "img-src 'self' data: blob:; font-src 'self' data:; frame-src 'self' blob:; "
          "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'");
  res.set("X-Frame-Options", "SAMEORIGIN");
  res.set("Referrer-Policy", "no-referrer");
  res.set(http::field::content_type, reply.content_type);
  if (head) {
    res.content_length(reply.body.size());
  } else {
    res.body() = std::move(reply.body);
    res.prepare_payload();
  }
}

// A Content-Encoding undone as the body arrives.
class Decoder {
 public:
  using Sink = std::function<bool(std::string_view)>;  // false: stop, take no more
  virtual ~Decoder() = default;
  // Decodes `in`, handing the output to `out`; false when the input is malformed.
  virtual bool Feed(std::string_view in, const Sink& out) = 0;
  // Whether the encoded stream ended properly.
  virtual bool Ended() const = 0;
};

// gzip and deflate (zlib format), told apart by their headers.
class ZlibDecoder final : public Decoder {
 public:
  ZlibDecoder() { ok_ = inflateInit2(&z_, 15 + 32) == Z_OK; }
  ~ZlibDecoder() override {
    if (ok_) inflateEnd(&z_);
  }
  bool Feed(std::string_view in, const Sink& out) override {
    if (!ok_) return false;
    if (ended_) return in.empty();  // bytes after the end of the stream
    z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z_.avail_in = static_cast<uInt>(in.size());
    char buffer[16384];
    for (;;) {
      z_.next_out = reinterpret_cast<Bytef*>(buffer);
      z_.avail_out = sizeof buffer;
      int result = inflate(&z_, Z_NO_FLUSH);
      if (result != Z_OK && result != Z_STREAM_END && result != Z_BUF_ERROR) return false;
      size_t n = sizeof buffer - z_.avail_out;
      if (n > 0 && !out({buffer, n})) return true;
      if (result == Z_STREAM_END) {
        ended_ = true;
        return z_.avail_in == 0;
      }
      if (n == 0 || (z_.avail_in == 0 && z_.avail_out > 0)) return true;  // wants more input
    }
  }
  bool Ended() const override { return ended_; }

 private:
  z_stream z_{};
  bool ok_ = false;
  bool ended_ = false;
};

class BrotliDecoder final : public Decoder {
 public:
  BrotliDecoder() : state_(BrotliDecoderCreateInstance(nullptr, nullptr, nullptr)) {}
  ~BrotliDecoder() override {
    if (state_) BrotliDecoderDestroyInstance(state_);
  }
  bool Feed(std::string_view in, const Sink& out) override {
    if (!state_) return false;
    if (ended_) return in.empty();
    const auto* next_in = reinterpret_cast<const uint8_t*>(in.data());
    size_t avail_in = in.size();
    uint8_t buffer[16384];
    for (;;) {
      uint8_t* next_out = buffer;
      size_t avail_out = sizeof buffer;
      BrotliDecoderResult result = BrotliDecoderDecompressStream(state_, &avail_in, &next_in,
                                                                 &avail_out, &next_out, nullptr);
      if (result == BROTLI_DECODER_RESULT_ERROR) return false;
      size_t n = sizeof buffer - avail_out;
      if (n > 0 && !out({reinterpret_cast<const char*>(buffer), n})) return true;
      if (result == BROTLI_DECODER_RESULT_SUCCESS) {
        ended_ = true;
        return avail_in == 0;
      }
      if (result == BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT) return true;
    }
  }
  bool Ended() const override { return ended_; }

 private:
  BrotliDecoderState* state_;
  bool ended_ = false;
};

// Runs handlers on a fixed number of threads. Bounded: TryPost refuses work once `max_pending`
// tasks are queued or running, so that an overloaded server answers at once instead of queueing
// without end.
class WorkerPool {
 public:
  WorkerPool(int threads, size_t max_pending)
      : threads_wanted_(std::max(1, threads)), max_pending_(std::max<size_t>(1, max_pending)) {}
  ~WorkerPool() { Stop(); }

  void Start() {
    std::lock_guard lock(mutex_);
    stopping_ = false;
    for (int i = 0; i < threads_wanted_; ++i) threads_.emplace_back([this] { Run(); });
  }
  // Queues `task`; false (and `task` dropped) when the pool is full or stopping.
  bool TryPost(std::function<void()> task) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_ || threads_.empty() || pending_.load() >= max_pending_) return false;
      ++pending_;
      queue_.push_back(std::move(task));
    }
    ready_.notify_one();
    return true;
  }
  bool Full() const { return pending_.load() >= max_pending_; }
  size_t max_pending() const { return max_pending_; }
  // Runs what is queued, then joins the threads.
  void Stop() {
    std::vector<std::thread> threads;
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
      threads.swap(threads_);
    }
    ready_.notify_all();
    for (std::thread& t : threads) t.join();
  }

 private:
  void Run() {
    for (;;) {
      std::function<void()> task;
      {
        std::unique_lock lock(mutex_);
        ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;
        task = std::move(queue_.front());
        queue_.pop_front();
      }
      task();  // tasks catch their own exceptions
      --pending_;
    }
  }

  const int threads_wanted_;
  const size_t max_pending_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> queue_;
  std::atomic<size_t> pending_{0};
  bool stopping_ = false;
  std::vector<std::thread> threads_;
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

Result<void> CheckQuery(const Route& route, const Request& req) {
  for (const auto& [name, value] : req.query) {
    if (std::ranges::find(route.query, name, &QueryParam::name) == route.query.end()) {
      return std::unexpected(Invalid(name, "unknown query parameter"));
    }
    if (req.ParamCount(name) > 1) return std::unexpected(Invalid(name, "given more than once"));
    if (!IsValidUtf8(value)) return std::unexpected(Invalid(name, "not valid UTF-8"));
  }
  for (const QueryParam& q : route.query) {
    if (q.required && !req.HasParam(q.name)) {
      return std::unexpected(Invalid(std::string(q.name), "required query parameter"));
    }
  }
  return {};
}

bool IsMultipart(const Request& req) {
  return StartsWithIgnoringCase(req.Header("Content-Type"), "multipart/form-data");
}

// A request read whole, on its way to a worker.
struct Exchange {
  Request request;
  Match match;
  std::string body;                    // decoded, within its limit
  std::optional<ApiError> body_error;  // why the body was refused (reported after auth)
};

// The body as the route takes it: a JSON object, or form parts whose text is UTF-8.
Result<void> TakeBody(const Route& route, Exchange& ex, Call& call) {
  const Request& req = ex.request;
  if (route.body == BodyKind::kJson) {
    if (IsMultipart(req)) {
      return std::unexpected(UnsupportedMediaType("body", "expected a JSON body"));
    }
    auto json = ParseJsonObject(ex.body);
    if (!json) return std::unexpected(json.error());
    call.json = *std::move(json);
  } else if (route.body == BodyKind::kMultipart) {
    if (!IsMultipart(req)) {
      return std::unexpected(UnsupportedMediaType("body", "expected multipart/form-data"));
    }
    std::optional<std::string> boundary = MultipartBoundary(req.Header("Content-Type"));
    if (!boundary) {
      return std::unexpected(Invalid("body", "malformed multipart/form-data body: no boundary"));
    }
    MultipartLimits limits;
    limits.max_parts = kMaxParts;
    limits.max_field_bytes = kMaxFieldBytes;
    limits.max_file_bytes = static_cast<size_t>(cases::kMaxDocumentBytes);
    auto parts = ParseMultipart(ex.body, *boundary, limits);
    if (!parts) {
      const MultipartError& e = parts.error();
      return std::unexpected(e.too_large ? TooLarge(e.field, e.message)
                                         : Invalid(e.field, e.message));
    }
    for (const Part& part : *parts) {
      if (!IsValidUtf8(part.name)) return std::unexpected(Invalid("body", "not valid UTF-8"));
      if (!IsValidUtf8(part.file_name) || (!IsFilePart(part) && !IsValidUtf8(part.content))) {
        return std::unexpected(Invalid(part.name, "not valid UTF-8"));
      }
    }
    call.parts = *std::move(parts);
  }
  return {};
}

// What the server shares with its connections.
// A class of rate-limited request: this instance's limiter, the class's name and what it counts.
struct RateCheck {
  RateLimiter* limiter;
  const char* name;
  const char* what;
};

struct Core {
  Core(ServerOptions o, cases::CaseService& cases, policy::Registry& policies, Accounts& accounts)
      : options(std::move(o)),
        openapi(OpenApiDocument().dump(2)),
        ctx{cases, policies, accounts, options, openapi},
        login_limiter(options.rate_limits.login),
        access_code_limiter(options.rate_limits.access_code),
        submission_limiter(options.rate_limits.submission),
        pool(options.threads, options.max_pending > 0
                                  ? options.max_pending
                                  : static_cast<size_t>(std::max(1, options.threads)) * 32) {}

  // Worker thread: the answer to a request read whole.
  Reply Dispatch(Exchange& ex);
  Result<Reply> Handle(Exchange& ex);
  Result<std::optional<Account>> Authorize(const Route& route, const Request& req);
  // I/O thread, once the headers are read: the answer that refuses the request before it runs
  // (overloaded, or past this instance's per-address limit), or nullopt to go on.
  std::optional<Reply> Admit(const Request& req, const Match& match);
  // The limit a request to `route` counts against, if any.
  std::optional<RateCheck> RateCheckFor(const Request& req, const Route& route);
  void Accept();
  void RunIo();

  ServerOptions options;
  std::string openapi;
  Context ctx;
  RateLimiter login_limiter;
  RateLimiter access_code_limiter;
  RateLimiter submission_limiter;
  WorkerPool pool;
  std::atomic<size_t> connections{0};
  std::atomic<int> answering{0};  // requests handed to a worker whose answer is not written yet
  std::atomic<bool> stopping{false};
  bool started = false;
  std::unique_ptr<net::io_context> ioc;
  std::optional<tcp::acceptor> acceptor;
  std::optional<net::steady_timer> accept_retry;
  std::vector<std::thread> io_threads;
};

// One client connection, driven by its own strand: read the headers, admit, read the body, hand the
// request to a worker, write the answer, wait for the next request. At most one deadline is armed
// at a time; when it passes, the pending read is cancelled (and answered 408) or the connection is
// closed.
class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(Core& core, tcp::socket socket)
      : core_(core), socket_(std::move(socket)), timer_(socket_.get_executor()) {
    ++core_.connections;
  }
  ~Connection() {
    Answered();
    --core_.connections;
  }

  void Start() {
    net::dispatch(socket_.get_executor(), [self = shared_from_this()] {
      beast::error_code ec;
      self->socket_.set_option(tcp::no_delay(true), ec);
      // Responses go out at once: without TCP_NODELAY, Nagle's algorithm and the client's delayed
      // ACK hold every small JSON reply for ~40 ms.
      auto endpoint = self->socket_.remote_endpoint(ec);
      if (!ec) {
        net::ip::address address = endpoint.address();
        if (address.is_v6() && address.to_v6().is_v4_mapped()) {
          address = net::ip::make_address_v4(net::ip::v4_mapped, address.to_v6());
        }
        self->remote_ = address.to_string();
      }
      self->ArmDeadline(self->core_.options.header_timeout);
      self->ReadHeader();
    });
  }

 private:
  enum class Phase { kHeader, kBody, kHandler, kWrite, kIdle, kLinger, kClosed };

  void ArmDeadline(SteadyClock::duration after) {
    ++deadline_id_;
    timed_out_ = false;
    timer_.expires_after(after);
    timer_.async_wait([self = shared_from_this(), id = deadline_id_](beast::error_code ec) {
      if (!ec && id == self->deadline_id_) self->OnDeadline();
    });
  }
  void DisarmDeadline() {
    ++deadline_id_;
    timer_.cancel();
  }
  void OnDeadline() {
    timed_out_ = true;
    beast::error_code ec;
    if (phase_ == Phase::kHeader || phase_ == Phase::kBody) {
      socket_.cancel(ec);  // the read ends with operation_aborted, and its handler answers 408
    } else if (phase_ != Phase::kHandler && phase_ != Phase::kClosed) {
      Close();
    }
  }

  void ReadHeader() {
    phase_ = Phase::kHeader;
    parser_.emplace();
    parser_->header_limit(kMaxHeaderBytes);
    // Bodies are bounded by Consume, which counts decoded bytes too. (Not boost::none: Beast 1.74
    // compares a Content-Length with the empty optional and refuses every body.)
    parser_->body_limit(std::numeric_limits<std::uint64_t>::max());
    http::async_read_header(
        socket_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, size_t) { self->OnHeader(ec); });
  }

  static bool IsHttpError(const beast::error_code& ec) {
    return ec.category() == http::make_error_code(http::error::bad_method).category() &&
           ec != http::error::end_of_stream;
  }

  void OnHeader(beast::error_code ec) {
    if (phase_ == Phase::kClosed) return;
    // The body's first bytes may come with the headers; with no buffer for them yet the parser
    // stops there, which is no error.
    if (ec == http::error::need_buffer) ec = {};
    if (ec) {
      bool got_some = parser_->got_some() || buffer_.size() > 0;
      if (timed_out_ && got_some) return Refuse(ErrorOfStatus(408));
      if (ec == http::error::header_limit) return Refuse(ErrorOfStatus(431));
      if (IsHttpError(ec) && got_some) return Refuse(ErrorOfStatus(400));
      return Close();  // the client went, or never said anything
    }
    auto& message = parser_->get();
    version_ = message.version();
    keep_alive_ = message.keep_alive();
    request_ = Request{};
    request_.method = std::string(message.method_string());
    head_ = request_.method == "HEAD";
    std::string_view target(message.target().data(), message.target().size());
    if (target.size() > kMaxTargetBytes) return Refuse(ErrorOfStatus(414));
    size_t question = target.find('?');
    request_.path = PercentDecode(target.substr(0, question), /*plus_is_space=*/false);
    if (question != std::string_view::npos)
      request_.query = ParseQuery(target.substr(question + 1));
    for (const auto& field : message) {
      request_.headers.emplace(std::string(field.name_string()), std::string(field.value()));
    }
    request_.remote_address = remote_;

    // A declared length over the limit is refused without reading the body.
    const size_t max_body = core_.options.max_body_bytes;
    if (auto length = parser_->content_length(); length && *length > max_body) {
      return Refuse(
          TooLarge("body", "bodies are limited to " + std::to_string(max_body) + " bytes"));
    }
    match_ = FindRoute(request_.path, request_.method);
    early_ = core_.Admit(request_, match_);
    StartBody();
  }

  void StartBody() {
    const size_t max_body = core_.options.max_body_bytes;
    raw_bytes_ = decoded_bytes_ = 0;
    body_.clear();
    body_error_.reset();
    decoder_.reset();
    keep_ = !early_;
    if (IsMultipart(request_)) {
      keep_limit_ = max_body;
      keep_message_ = "bodies are limited to " + std::to_string(max_body) + " bytes";
    } else {
      keep_limit_ = std::min(core_.options.max_json_bytes, max_body);
      keep_message_ = "JSON bodies are limited to " + std::to_string(keep_limit_) + " bytes";
    }
    std::string encoding = Trimmed(request_.Header("Content-Encoding"));
    if (encoding == "gzip" || encoding == "x-gzip" || encoding == "deflate") {
      decoder_ = std::make_unique<ZlibDecoder>();
    } else if (encoding == "br") {
      decoder_ = std::make_unique<BrotliDecoder>();
    } else if (!encoding.empty() && encoding != "identity") {
      body_error_ = UnsupportedMediaType("Content-Encoding", "unsupported content encoding");
      keep_ = false;
    }
    if (parser_->is_done()) return BodyDone();
    if (Trimmed(request_.Header("Expect")) == "100-continue" && version_ >= 11) {
      // The client waits for a go-ahead before it sends the body; a refusal ends the exchange.
      if (early_) return Respond(*std::move(early_), /*close=*/true);
      phase_ = Phase::kWrite;
      ArmDeadline(core_.options.write_timeout);
      static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      net::async_write(socket_, net::buffer(kContinue.data(), kContinue.size()),
                       [self = shared_from_this()](beast::error_code ec, size_t) {
                         if (self->phase_ == Phase::kClosed) return;
                         if (ec) return self->Close();
                         self->ReadBodyStart();
                       });
      return;
    }
    ReadBodyStart();
  }

  void ReadBodyStart() {
    phase_ = Phase::kBody;
    ArmDeadline(core_.options.body_timeout);
    chunk_.resize(kBodyChunk);
    ReadBody();
  }

  void ReadBody() {
    auto& body = parser_->get().body();
    body.data = chunk_.data();
    body.size = chunk_.size();
    http::async_read_some(
        socket_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, size_t) { self->OnBody(ec); });
  }

  void OnBody(beast::error_code ec) {
    if (phase_ == Phase::kClosed) return;
    if (ec == http::error::need_buffer) ec = {};
    if (ec) {
      if (timed_out_) return Refuse(ErrorOfStatus(408));
      if (IsHttpError(ec)) return Refuse(Invalid("body", "malformed or incomplete body"));
      return Close();
    }
    size_t n = chunk_.size() - parser_->get().body().size;
    if (n > 0 && !Consume({chunk_.data(), n})) {
      // Past twice the limit the rest is not even read.
      return Refuse(TooLarge("body", "bodies are limited to " +
                                         std::to_string(core_.options.max_body_bytes) + " bytes"));
    }
    if (parser_->is_done()) return BodyDone();
    ReadBody();
  }

  // Takes `raw` body bytes: decoded and kept within the limit, else counted and dropped so that the
  // client, which sends its whole body before it reads an answer, gets the answer rather than a
  // reset connection. False past twice the payload limit, where reading stops.
  bool Consume(std::string_view raw) {
    const size_t max_body = core_.options.max_body_bytes;
    raw_bytes_ += raw.size();
    if (raw_bytes_ > 2 * max_body) return false;
    if (!keep_) return true;
    auto sink = [&](std::string_view data) {
      decoded_bytes_ += data.size();
      if (decoded_bytes_ > 2 * max_body) {
        TooLargeBody("body", "bodies are limited to " + std::to_string(max_body) + " bytes");
        return false;
      }
      if (body_.size() + data.size() > keep_limit_) {
        TooLargeBody("body", keep_message_);
        return false;
      }
      body_.append(data);
      return true;
    };
    if (!decoder_) {
      sink(raw);
    } else if (!decoder_->Feed(raw, sink) && keep_) {
      body_error_ = Invalid("body", IsMultipart(request_) ? "malformed multipart/form-data body"
                                                          : "malformed or incomplete body");
      keep_ = false;
    }
    return true;
  }

  void TooLargeBody(std::string field, std::string message) {
    if (!body_error_) body_error_ = TooLarge(std::move(field), std::move(message));
    keep_ = false;
  }

  void BodyDone() {
    DisarmDeadline();
    std::vector<char>().swap(chunk_);
    if (decoder_ && keep_ && !decoder_->Ended()) {
      body_error_ = Invalid("body", "malformed or incomplete body");
    }
    decoder_.reset();
    if (early_) return Respond(*std::move(early_), /*close=*/false);
    if (body_error_) body_.clear();
    Submit();
  }

  void Submit() {
    phase_ = Phase::kHandler;
    auto ex = std::make_shared<Exchange>(
        Exchange{std::move(request_), std::move(match_), std::move(body_), std::move(body_error_)});
    body_.clear();
    bool posted = core_.pool.TryPost([self = shared_from_this(), ex] {
      Reply reply = self->core_.Dispatch(*ex);
      net::post(self->socket_.get_executor(), [self, reply = std::move(reply)]() mutable {
        self->Respond(std::move(reply), /*close=*/false);
      });
    });
    if (posted) {
      answering_ = true;
      ++core_.answering;
    } else {
      Respond(Overloaded(), /*close=*/false);
    }
  }

  void Answered() {
    if (!answering_) return;
    answering_ = false;
    --core_.answering;
  }

  // An answer to a request that cannot be read on: the connection closes after it.
  void Refuse(const ApiError& error) { Respond(ErrorReply(error), /*close=*/true); }

  void Respond(Reply reply, bool close) {
    if (phase_ == Phase::kClosed) return;
    phase_ = Phase::kWrite;
    ++requests_;
    keep_open_ = !close && keep_alive_ && requests_ < core_.options.max_requests_per_connection &&
                 !core_.stopping.load();
    response_ = std::make_unique<Response>();
    response_->version(version_);
    try {
      Fill(std::move(reply), head_, *response_);
    } catch (const std::exception& e) {  // an invalid header value in a reply: a bug
      std::fprintf(stderr, "tamga api: writing an answer: %s\n", e.what());
      response_ = std::make_unique<Response>();
      response_->version(version_);
      Fill(ErrorReply(ApiError{500, "internal", "", "internal error"}), head_, *response_);
    }
    response_->keep_alive(keep_open_);
    ArmDeadline(core_.options.write_timeout);
    http::async_write(
        socket_, *response_,
        [self = shared_from_this()](beast::error_code ec, size_t) { self->OnWritten(ec); });
  }

  void OnWritten(beast::error_code ec) {
    if (phase_ == Phase::kClosed) return;
    Answered();
    response_.reset();
    if (ec) return Close();
    if (!keep_open_) return Linger();
    parser_.reset();
    early_.reset();
    head_ = false;
    if (buffer_.size() > 0) {  // the next request is already here (pipelined)
      ArmDeadline(core_.options.header_timeout);
      return ReadHeader();
    }
    buffer_.shrink_to_fit();  // an idle connection keeps no buffer
    WaitIdle();
  }

  void WaitIdle() {
    phase_ = Phase::kIdle;
    ArmDeadline(core_.options.keep_alive_timeout);
    socket_.async_wait(tcp::socket::wait_read, [self = shared_from_this()](beast::error_code ec) {
      if (self->phase_ != Phase::kIdle) return;
      if (ec) return self->Close();
      // The header deadline runs from the first byte of the request.
      self->ArmDeadline(self->core_.options.header_timeout);
      self->ReadHeader();
    });
  }

  void Linger() {
    phase_ = Phase::kLinger;
    beast::error_code ec;
    socket_.shutdown(tcp::socket::shutdown_send, ec);
    if (ec) return Close();
    ArmDeadline(kLingerTime);
    chunk_.resize(16 * 1024);
    DrainSome();
  }
  void DrainSome() {
    socket_.async_read_some(net::buffer(chunk_),
                            [self = shared_from_this()](beast::error_code ec, size_t n) {
                              if (self->phase_ != Phase::kLinger) return;
                              if (ec) return self->Close();
                              self->DrainSome();
                            });
  }

  void Close() {
    if (phase_ == Phase::kClosed) return;
    phase_ = Phase::kClosed;
    Answered();
    DisarmDeadline();
    beast::error_code ec;
    socket_.shutdown(tcp::socket::shutdown_both, ec);
    socket_.close(ec);
    response_.reset();
    parser_.reset();
    std::vector<char>().swap(chunk_);
  }

  Core& core_;
  tcp::socket socket_;
  net::steady_timer timer_;
  uint64_t deadline_id_ = 0;
  bool timed_out_ = false;
  Phase phase_ = Phase::kHeader;
  std::string remote_;
  int requests_ = 0;
  bool answering_ = false;  // counted in Core::answering

  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::buffer_body>> parser_;
  unsigned version_ = 11;
  bool keep_alive_ = false;
  bool keep_open_ = false;
  bool head_ = false;
  Request request_;
  Match match_;
  std::optional<Reply> early_;  // decided before the body: answered once it is read

  std::vector<char> chunk_;
  std::unique_ptr<Decoder> decoder_;
  size_t raw_bytes_ = 0;
  size_t decoded_bytes_ = 0;
  bool keep_ = true;
  size_t keep_limit_ = 0;
  std::string keep_message_;
  std::string body_;
  std::optional<ApiError> body_error_;

  std::unique_ptr<Response> response_;
};

std::optional<RateCheck> Core::RateCheckFor(const Request& req, const Route& route) {
  switch (route.rate) {
    case RateClass::kNone:
      return std::nullopt;
    case RateClass::kLogin:
      return RateCheck{&login_limiter, "login", "login attempts"};
    case RateClass::kAccessCode:
      if (req.HasHeader("Authorization")) return std::nullopt;
      return RateCheck{&access_code_limiter, "access-code", "access-code lookups"};
    case RateClass::kSubmission:
      if (req.HasHeader("Authorization")) return std::nullopt;
      return RateCheck{&submission_limiter, "submission", "anonymous submissions"};
  }
  return std::nullopt;
}

Reply RateLimited(const RateCheck& check, RateDecision decision) {
  const RateLimit& limit = check.limiter->limit();
  std::string name = check.name;
  std::string retry = std::to_string(decision.retry_after.count());
  Reply reply = ErrorReply(ApiError{
      429, "rate-limited", name,
      "too many " + std::string(check.what) + " from this address (the " + name + " limit is " +
          std::to_string(limit.requests) + " per " + std::to_string(limit.per.count()) +
          " seconds" + (limit.backoff ? ", doubling the wait while refused requests go on" : "") +
          "); retry after " + retry + " seconds"});
  reply.headers.emplace_back("Retry-After", retry);
  return reply;
}

std::optional<Reply> Core::Admit(const Request& req, const Match& match) {
  if (pool.Full()) return Overloaded();
  if (!match.route) return std::nullopt;
  auto check = RateCheckFor(req, *match.route);
  if (!check) return std::nullopt;
  RateDecision decision = check->limiter->Take(req.remote_address);
  if (decision.allowed) return std::nullopt;
  return RateLimited(*check, decision);
}

// The caller's account, if any, once it is known that the route admits the caller: an account of
// one of the route's roles, anyone on an anonymous route, or (for the handler to check) an
// applicant's access code.
Result<std::optional<Account>> Core::Authorize(const Route& route, const Request& req) {
  std::optional<Account> account;
  if (req.HasHeader("Authorization")) {
    std::string header = req.Header("Authorization");
    constexpr std::string_view kScheme = "bearer ";
    bool bearer = header.size() > kScheme.size() && StartsWithIgnoringCase(header, kScheme);
    if (!bearer) {
      return std::unexpected(Unauthorized("expected \"Authorization: Bearer <token>\""));
    }
    auto found = ctx.accounts.Authenticate(std::string_view(header).substr(kScheme.size()));
    if (!found) {
      if (found.error().code == accounts::Error::Code::kUnauthorized)
        return std::unexpected(Unauthorized(found.error().message));
      return std::unexpected(FromAccountError(found.error()));
    }
    account = *std::move(found);
  }
  if (route.anonymous) return account;
  if (account) {
    if (std::ranges::find(route.roles, account->role) != route.roles.end()) return account;
    return std::unexpected(Forbidden("role", "the role " + std::string(RoleName(account->role)) +
                                                 " may not " + std::string(route.summary)));
  }
  if (route.access_code && req.HasHeader("X-Access-Code")) return account;
  return std::unexpected(Unauthorized(route.access_code
                                          ? "log in (Authorization: Bearer <token>) or give the "
                                            "application's access code in X-Access-Code"
                                          : "log in and send \"Authorization: Bearer <token>\""));
}

Result<Reply> Core::Handle(Exchange& ex) {
  const Request& req = ex.request;
  if (!IsValidUtf8(req.path)) return std::unexpected(Invalid("path", "not valid UTF-8"));
  bool api = req.path == "/api" || req.path.starts_with("/api/");
  if (!api && (req.method == "GET" || req.method == "HEAD") && !options.web_root.empty()) {
    if (auto file = StaticFile(options.web_root, req.path)) return *std::move(file);
  }
  Match& match = ex.match;
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
  // A broken audit chain: nothing is written (reads that are audited fail in the store too).
  if (!options.read_only_reason.empty() && req.method != "GET" && req.method != "HEAD")
    return std::unexpected(ApiError{503, "read-only", "",
                                    "tamga is read-only until an operator restores the audit "
                                    "chain: " +
                                        options.read_only_reason});
  // Past this instance's limit (Admit), the limit shared by every instance on the database.
  if (options.shared_rate_limits) {
    if (auto check = RateCheckFor(req, route)) {
      RateDecision decision = options.shared_rate_limits->Take(check->name, check->limiter->limit(),
                                                               req.remote_address);
      if (!decision.allowed) return RateLimited(*check, decision);
    }
  }
  auto account = Authorize(route, req);
  if (!account) return std::unexpected(account.error());
  if (auto query = CheckQuery(route, req); !query) return std::unexpected(query.error());
  if (ex.body_error) return std::unexpected(*ex.body_error);
  Call call{
      req, std::move(match.params), *account ? &**account : nullptr, nlohmann::json::object(), {}};
  if (auto taken = TakeBody(route, ex, call); !taken) return std::unexpected(taken.error());
  return route.handler(ctx, call);
}

Reply Core::Dispatch(Exchange& ex) {
  Result<Reply> reply;
  try {
    if (options.before_handler) options.before_handler(ex.request);
    reply = Handle(ex);
  } catch (const std::exception& e) {
    // A bug, not bad input: input is checked before it is used.
    std::fprintf(stderr, "tamga api: %s %s: %s\n", ex.request.method.c_str(),
                 ex.request.path.c_str(), e.what());
    reply = std::unexpected(ApiError{500, "internal", "", "internal error"});
  }
  return reply ? *std::move(reply) : ErrorReply(reply.error());
}

void Core::Accept() {
  acceptor->async_accept(net::make_strand(*ioc), [this](beast::error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted || !acceptor->is_open()) return;
    if (ec) {
      // Out of file descriptors, most likely: try again shortly rather than spin.
      accept_retry->expires_after(kAcceptRetry);
      accept_retry->async_wait([this](beast::error_code wait) {
        if (!wait && acceptor->is_open()) Accept();
      });
      return;
    }
    if (connections.load() >= options.max_connections || stopping.load()) {
      beast::error_code ignored;
      socket.close(ignored);  // over the cap: closed at once
    } else {
      std::make_shared<Connection>(*this, std::move(socket))->Start();
    }
    Accept();
  });
}

void Core::RunIo() {
  for (;;) {
    try {
      ioc->run();
      return;
    } catch (const std::exception& e) {  // a bug in a handler: log it and keep serving
      std::fprintf(stderr, "tamga api: I/O thread: %s\n", e.what());
    }
  }
}

// Every connection is a file descriptor: the soft limit (often 1,024) goes up to the hard one.
void RaiseOpenFileLimit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == limit.rlim_max) return;
  rlimit raised = limit;
  raised.rlim_cur = limit.rlim_max == RLIM_INFINITY ? 1 << 20 : limit.rlim_max;
  if (setrlimit(RLIMIT_NOFILE, &raised) != 0 && limit.rlim_max == RLIM_INFINITY) {
    raised.rlim_cur = 65536;
    setrlimit(RLIMIT_NOFILE, &raised);
  }
}

}  // namespace

struct Server::Impl : Core {
  using Core::Core;
};

Server::Server(ServerOptions options, cases::CaseService& cases, policy::Registry& policies,
               Accounts& accounts)
    : impl_(std::make_unique<Impl>(std::move(options), cases, policies, accounts)) {}

Server::~Server() { Stop(); }

std::expected<int, std::string> Server::Start() {
  Core& core = *impl_;
  if (core.started) return std::unexpected("the server is already started");
  RaiseOpenFileLimit();
  const std::string& host = core.options.host;
  const std::string where = host + ":" + std::to_string(core.options.port);
  int io_threads = std::max(1, core.options.io_threads);
  core.ioc = std::make_unique<net::io_context>(io_threads);
  beast::error_code ec;
  tcp::endpoint endpoint;
  net::ip::address address = net::ip::make_address(host, ec);
  if (!ec) {
    endpoint = tcp::endpoint(address, static_cast<unsigned short>(core.options.port));
  } else {
    tcp::resolver resolver(*core.ioc);
    auto results = resolver.resolve(host, std::to_string(core.options.port), ec);
    if (ec || results.empty()) {
      core.ioc.reset();
      return std::unexpected("cannot listen on " + where + ": unknown host");
    }
    endpoint = results.begin()->endpoint();
  }
  core.acceptor.emplace(*core.ioc);
  auto fail = [&](const char* step) -> std::expected<int, std::string> {
    std::string message = "cannot listen on " + where + " (" + step + "): " + ec.message();
    core.acceptor.reset();
    core.ioc.reset();
    return std::unexpected(message);
  };
  if (core.acceptor->open(endpoint.protocol(), ec); ec) return fail("open");
  if (core.acceptor->set_option(net::socket_base::reuse_address(true), ec); ec) {
    return fail("reuse address");
  }
  if (core.acceptor->bind(endpoint, ec); ec) return fail("bind");
  if (core.acceptor->listen(net::socket_base::max_listen_connections, ec); ec)
    return fail("listen");
  int port = core.acceptor->local_endpoint(ec).port();
  if (ec) return fail("local address");
  core.accept_retry.emplace(*core.ioc);
  core.stopping = false;
  core.pool.Start();
  core.Accept();
  for (int i = 0; i < io_threads; ++i) core.io_threads.emplace_back([&core] { core.RunIo(); });
  core.started = true;
  return port;
}

void Server::Stop() {
  Core& core = *impl_;
  if (!core.started) return;
  core.started = false;
  core.stopping = true;
  net::post(*core.ioc, [&core] {
    beast::error_code ec;
    core.acceptor->close(ec);
    core.accept_retry->cancel();
  });
  // Handlers queued or running finish; their answers are written while the I/O threads still run.
  core.pool.Stop();
  auto give_up = SteadyClock::now() + std::min<SteadyClock::duration>(core.options.write_timeout,
                                                                      std::chrono::seconds(5));
  while (core.answering.load() > 0 && SteadyClock::now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  core.ioc->stop();
  for (std::thread& t : core.io_threads) t.join();
  core.io_threads.clear();
  core.acceptor.reset();
  core.accept_retry.reset();
  // Destroying the io_context destroys the operations still pending, and with them the
  // connections they hold.
  core.ioc.reset();
}

}  // namespace tamga::api
