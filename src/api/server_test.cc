// Tests of the HTTP server itself: connections, deadlines, overload and per-address limits, over
// real sockets on 127.0.0.1 against the real stack (as api_test builds it), and the parsing of
// query strings. What the routes answer is api_test's subject.
#include "api/server.h"
#include "api/test_policies.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "api/rate_limit.h"
#include "api/request.h"
#include "cases/case_store.h"
#include "cases/service.h"
#include "policy/policy.h"
#include "store/database.h"
#include "store/test_database.h"

namespace tamga::api {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using std::chrono::milliseconds;
using std::chrono::seconds;
using SteadyClock = std::chrono::steady_clock;
using ::testing::HasSubstr;

// The stack `tamga serve` assembles, over a temporary data directory, with `options` for the
// server (the parts the server needs from the stack are filled in).
class Stack {
 public:
  explicit Stack(ServerOptions options) {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("tamga-server-" + std::to_string(getpid()) + "-" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    registry_ = std::make_unique<policy::Registry>(TestPolicies());
    auto db = store::OpenTestDatabase(dir_);
    if (!db) {
      ADD_FAILURE() << db.error().message;
      return;
    }
    db_ = *std::move(db);
    auto migrated = db_->Migrate(cases::Schema());
    EXPECT_TRUE(migrated.has_value());
    store_ = cases::MakeSqlCaseStore(*db_);
    files_ = std::make_unique<cases::FileStore>((dir_ / "files").string());
    auto now = [] { return std::string("2022-10-03T09:00:00.000Z"); };
    service_ = std::make_unique<cases::CaseService>(*store_, *registry_, *files_, now,
                                                    "http://127.0.0.1:8080", nullptr);
    auto accounts = Accounts::Open(*db_);
    if (!accounts) {
      ADD_FAILURE() << accounts.error().message;
      return;
    }
    accounts_ = *std::move(accounts);
    options.now = now;
    server_ = std::make_unique<Server>(std::move(options), *service_, *registry_, *accounts_);
    auto port = server_->Start();
    if (!port) {
      ADD_FAILURE() << port.error();
      return;
    }
    port_ = *port;
  }
  ~Stack() {
    server_.reset();
    fs::remove_all(dir_);
  }
  int port() const { return port_; }
  Accounts& accounts() { return *accounts_; }
  Server& server() { return *server_; }

 private:
  fs::path dir_;
  std::unique_ptr<policy::Registry> registry_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<cases::CaseStore> store_;
  std::unique_ptr<cases::FileStore> files_;
  std::unique_ptr<cases::CaseService> service_;
  std::unique_ptr<Accounts> accounts_;
  std::unique_ptr<Server> server_;
  int port_ = 0;
};

struct Answer {
  int status = 0;  // 0: no answer (closed, or timed out)
  std::map<std::string, std::string, CaseInsensitiveLess> headers;
  std::string body;
  json Json() const { return json::parse(body, nullptr, false); }
  std::string ErrorCode() const {
    json j = Json();
    return j.is_object() && j.contains("error") ? j["error"].value("code", "") : "";
  }
};

std::ostream& operator<<(std::ostream& os, const Answer& a) {
  return os << a.status << " " << a.body.substr(0, 500);
}

// One client connection on a plain socket, so that a test can send any bytes at any pace.
class Connection {
 public:
  explicit Connection(int port) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int one = 1;
    setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
      close(fd_);
      fd_ = -1;
    }
  }
  ~Connection() {
    if (fd_ >= 0) close(fd_);
  }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  bool connected() const { return fd_ >= 0; }

  bool Send(std::string_view bytes) {
    while (!bytes.empty()) {
      ssize_t n = send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      bytes.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }

  // Reads one answer (its head, then Content-Length bytes unless it answers a HEAD) within
  // `timeout`.
  Answer Read(milliseconds timeout = seconds(10), bool head_only = false) {
    auto deadline = SteadyClock::now() + timeout;
    Answer answer;
    for (;;) {
      size_t head = pending_.find("\r\n\r\n");
      if (head != std::string::npos) {
        ParseHead(pending_.substr(0, head), answer);
        size_t length = 0;
        auto it = answer.headers.find("Content-Length");
        if (it != answer.headers.end() && !head_only) {
          length = std::stoul(it->second);
        }
        if (pending_.size() >= head + 4 + length) {
          answer.body = pending_.substr(head + 4, length);
          pending_.erase(0, head + 4 + length);
          return answer;
        }
      }
      if (!Receive(deadline)) return Answer{};
    }
  }

  // Whether the server closes the connection within `timeout` (reading and dropping what comes).
  bool WaitClosed(milliseconds timeout) {
    auto deadline = SteadyClock::now() + timeout;
    while (SteadyClock::now() < deadline) {
      if (!Receive(deadline)) return closed_;
    }
    return false;
  }

 private:
  // Appends what arrives before `deadline`; false on timeout or when the peer closed.
  bool Receive(SteadyClock::time_point deadline) {
    auto left = std::chrono::duration_cast<milliseconds>(deadline - SteadyClock::now()).count();
    if (left <= 0) return false;
    pollfd p{fd_, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(left)) <= 0) return false;
    char buffer[65536];
    ssize_t n = recv(fd_, buffer, sizeof buffer, 0);
    if (n <= 0) {
      closed_ = true;
      return false;
    }
    pending_.append(buffer, static_cast<size_t>(n));
    return true;
  }

  static void ParseHead(const std::string& head, Answer& answer) {
    std::sscanf(head.c_str(), "HTTP/1.%*d %d", &answer.status);
    size_t at = head.find("\r\n");
    while (at != std::string::npos) {
      size_t end = head.find("\r\n", at + 2);
      std::string line = head.substr(at + 2, end == std::string::npos ? end : end - at - 2);
      size_t colon = line.find(':');
      if (colon != std::string::npos) {
        size_t value = line.find_first_not_of(' ', colon + 1);
        answer.headers[line.substr(0, colon)] =
            value == std::string::npos ? "" : line.substr(value);
      }
      at = end;
    }
  }

  int fd_ = -1;
  std::string pending_;
  bool closed_ = false;
};

std::string Get(const std::string& path, const std::string& extra_headers = "") {
  return "GET " + path + " HTTP/1.1\r\nHost: x\r\n" + extra_headers + "\r\n";
}

std::string Post(const std::string& path, const std::string& body,
                 const std::string& extra_headers = "") {
  return "POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" +
         extra_headers + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

// GET /api/v1/health on a new connection; the answer and how long it took.
std::pair<Answer, milliseconds> Health(int port) {
  auto start = SteadyClock::now();
  Connection c(port);
  if (!c.connected()) return {Answer{}, milliseconds(0)};
  c.Send(Get("/api/v1/health", "Connection: close\r\n"));
  Answer a = c.Read(seconds(10));
  return {a, std::chrono::duration_cast<milliseconds>(SteadyClock::now() - start)};
}

const char* kApplication = R"({"jurisdiction":"KZ","kind":"permanent-residence","purpose":"family",
  "applicant":{"surname":"IVANOV","givenNames":"IVAN","nativeName":"Иванов Иван",
  "birthDate":"1990-04-12","sex":"M","citizenships":["RUS"],
  "passport":{"number":"751234567","issuingState":"RUS","expiry":"2030-01-01"}}})";

TEST(ServerTest, AnswersRequestsInTurnOnOneKeptAliveConnection) {
  Stack stack({});
  Connection c(stack.port());
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(c.Send(Post("/api/v1/auth/login", R"({"name":"nobody","password":"x"})")));
    Answer a = c.Read();
    EXPECT_EQ(a.status, 401) << a;
    EXPECT_EQ(a.headers["WWW-Authenticate"], "Bearer");
    ASSERT_TRUE(c.Send(Get("/api/v1/health")));
    Answer health = c.Read();
    EXPECT_EQ(health.status, 200) << health;
    EXPECT_EQ(health.Json()["status"], "ok");
  }
  // Pipelined: two requests in one write, two answers in order.
  ASSERT_TRUE(c.Send(Get("/api/v1/health") + Get("/api/v1/nothing")));
  EXPECT_EQ(c.Read().status, 200);
  EXPECT_EQ(c.Read().status, 404);
}

TEST(ServerTest, HeadOneZeroAndExpectContinueAreHonoured) {
  Stack stack({});
  Connection c(stack.port());
  ASSERT_TRUE(c.Send("HEAD /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n"));
  Answer head = c.Read(seconds(10), /*head_only=*/true);
  EXPECT_EQ(head.status, 200);
  EXPECT_GT(std::stoul(head.headers["Content-Length"]), 0u);  // the length of the GET's body
  // No body came with it: the next answer is read cleanly.
  ASSERT_TRUE(c.Send(Get("/api/v1/health")));
  EXPECT_EQ(c.Read().status, 200);

  // HTTP/1.0 without keep-alive: answered, then closed.
  Connection old(stack.port());
  ASSERT_TRUE(old.Send("GET /api/v1/health HTTP/1.0\r\n\r\n"));
  EXPECT_EQ(old.Read().status, 200);
  EXPECT_TRUE(old.WaitClosed(seconds(5)));

  // Expect: 100-continue gets its go-ahead before the body is sent.
  Connection expect(stack.port());
  const std::string body = R"({"name":"nobody","password":"x"})";
  ASSERT_TRUE(
      expect.Send("POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
                  "Content-Length: " +
                  std::to_string(body.size()) + "\r\n\r\n"));
  EXPECT_EQ(expect.Read().status, 100);
  ASSERT_TRUE(expect.Send(body));
  EXPECT_EQ(expect.Read().status, 401);
}

TEST(ServerTest, TheRemoteAddressReachesHandlers) {
  std::mutex mutex;
  std::string seen;
  ServerOptions options;
  options.before_handler = [&](const Request& request) {
    std::lock_guard lock(mutex);
    seen = request.remote_address;
  };
  Stack stack(options);
  EXPECT_EQ(Health(stack.port()).first.status, 200);
  std::lock_guard lock(mutex);
  EXPECT_EQ(seen, "127.0.0.1");
}

TEST(ServerTest, HealthAnswersWhileHundredsOfIdleAndSlowConnectionsAreOpen) {
  // With cpp-httplib, four idle kept-alive connections left health unanswered for 12 s.
  ServerOptions options;
  options.threads = 4;
  Stack stack(options);
  const int port = stack.port();

  // 300 kept-alive connections, each after one answered request, now idle.
  std::vector<std::unique_ptr<Connection>> idle;
  for (int i = 0; i < 300; ++i) {
    auto c = std::make_unique<Connection>(port);
    ASSERT_TRUE(c->connected()) << i;
    ASSERT_TRUE(c->Send(Get("/api/v1/health")));
    ASSERT_EQ(c->Read().status, 200) << i;
    idle.push_back(std::move(c));
  }
  // 50 slowloris connections: a byte of a header every 200 ms.
  std::vector<std::unique_ptr<Connection>> slow;
  for (int i = 0; i < 50; ++i) {
    slow.push_back(std::make_unique<Connection>(port));
    ASSERT_TRUE(slow.back()->connected());
  }
  std::atomic<bool> done = false;
  std::thread trickle([&] {
    const std::string header = "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Slow: ";
    for (size_t i = 0; !done; ++i) {
      for (auto& c : slow) c->Send(std::string(1, i < header.size() ? header[i] : 'a'));
      std::this_thread::sleep_for(milliseconds(200));
    }
  });

  milliseconds worst{0};
  for (int i = 0; i < 20; ++i) {
    auto [answer, took] = Health(port);
    EXPECT_EQ(answer.status, 200) << answer;
    worst = std::max(worst, took);
    std::this_thread::sleep_for(milliseconds(50));
  }
  done = true;
  trickle.join();
  EXPECT_LT(worst, seconds(2));
  // The idle connections still work.
  ASSERT_TRUE(idle.front()->Send(Get("/api/v1/health")));
  EXPECT_EQ(idle.front()->Read().status, 200);
}

TEST(ServerTest, ASlowlorisConnectionGets408AndIsClosedAtTheHeaderDeadline) {
  ServerOptions options;
  options.header_timeout = seconds(1);
  Stack stack(options);
  Connection c(stack.port());
  const std::string header = "GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaa";
  auto start = SteadyClock::now();
  Answer answer;
  std::thread trickle([&] {
    for (char ch : header) {
      if (!c.Send(std::string(1, ch))) break;
      std::this_thread::sleep_for(milliseconds(200));
      if (SteadyClock::now() - start > seconds(4)) break;
    }
  });
  answer = c.Read(seconds(5));
  auto took = SteadyClock::now() - start;
  trickle.join();
  EXPECT_EQ(answer.status, 408) << answer;
  EXPECT_EQ(answer.ErrorCode(), "timeout");
  EXPECT_LT(took, seconds(3));
  EXPECT_TRUE(c.WaitClosed(seconds(5)));
}

TEST(ServerTest, SlowBodiesIdleConnectionsAndSilentOnesAreClosed) {
  ServerOptions options;
  options.header_timeout = seconds(1);
  options.body_timeout = seconds(1);
  options.keep_alive_timeout = seconds(1);
  Stack stack(options);

  // A body that stops coming: 408 at the body deadline.
  Connection body(stack.port());
  ASSERT_TRUE(
      body.Send("POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n"
                "\r\n{\"name\":"));
  Answer a = body.Read(seconds(5));
  EXPECT_EQ(a.status, 408) << a;
  EXPECT_TRUE(body.WaitClosed(seconds(5)));

  // An idle kept-alive connection: closed after keep_alive_timeout, without an answer.
  Connection idle(stack.port());
  ASSERT_TRUE(idle.Send(Get("/api/v1/health")));
  EXPECT_EQ(idle.Read().status, 200);
  auto start = SteadyClock::now();
  EXPECT_TRUE(idle.WaitClosed(seconds(5)));
  EXPECT_GE(SteadyClock::now() - start, milliseconds(800));

  // A connection that never says anything: closed at the header deadline.
  Connection silent(stack.port());
  EXPECT_TRUE(silent.WaitClosed(seconds(5)));
}

TEST(ServerTest, ConnectionsPastTheCapAreClosedAtOnce) {
  ServerOptions options;
  options.max_connections = 5;
  Stack stack(options);
  std::vector<std::unique_ptr<Connection>> open;
  for (int i = 0; i < 5; ++i) {
    open.push_back(std::make_unique<Connection>(stack.port()));
    ASSERT_TRUE(open.back()->Send(Get("/api/v1/health")));
    ASSERT_EQ(open.back()->Read().status, 200);
  }
  Connection extra(stack.port());
  EXPECT_TRUE(extra.WaitClosed(seconds(5)));
  // One goes: there is room again.
  open.pop_back();
  std::this_thread::sleep_for(milliseconds(200));
  EXPECT_EQ(Health(stack.port()).first.status, 200);
}

TEST(ServerTest, StartRaisesTheOpenFileLimitToTheHardLimit) {
  Stack stack({});
  rlimit limit{};
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &limit), 0);
  if (limit.rlim_max != RLIM_INFINITY) {
    EXPECT_EQ(limit.rlim_cur, limit.rlim_max);
  }
}

// Holds the workers inside requests until released.
class Gate {
 public:
  void Wait() {
    std::unique_lock lock(mutex_);
    ++waiting_;
    changed_.notify_all();
    changed_.wait(lock, [this] { return open_; });
  }
  void WaitForWaiting(int n) {
    std::unique_lock lock(mutex_);
    changed_.wait_for(lock, seconds(10), [&] { return waiting_ >= n; });
  }
  void Open() {
    std::lock_guard lock(mutex_);
    open_ = true;
    changed_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  int waiting_ = 0;
  bool open_ = false;
};

TEST(ServerTest, AFullQueueAnswers503WithRetryAfterAtOnce) {
  Gate gate;
  ServerOptions options;
  options.threads = 1;
  options.max_pending = 2;
  options.before_handler = [&](const Request& request) {
    if (request.path == "/api/v1/openapi.json") gate.Wait();
  };
  Stack stack(options);
  // One request runs (held), one waits in the queue: the pool is full.
  Connection running(stack.port()), queued(stack.port());
  ASSERT_TRUE(running.Send(Get("/api/v1/openapi.json")));
  gate.WaitForWaiting(1);
  ASSERT_TRUE(queued.Send(Get("/api/v1/openapi.json")));
  std::this_thread::sleep_for(milliseconds(200));

  auto start = SteadyClock::now();
  Connection refused(stack.port());
  ASSERT_TRUE(refused.Send(Get("/api/v1/health") + Get("/api/v1/health")));
  Answer a = refused.Read(seconds(5));
  EXPECT_LT(SteadyClock::now() - start, seconds(2));
  EXPECT_EQ(a.status, 503) << a;
  EXPECT_EQ(a.headers["Retry-After"], "1");
  EXPECT_EQ(a.ErrorCode(), "overloaded");
  // The connection stays usable; the second request is refused as well while the pool is full.
  EXPECT_EQ(refused.Read(seconds(5)).status, 503);

  gate.Open();
  EXPECT_EQ(running.Read().status, 200);
  EXPECT_EQ(queued.Read().status, 200);
  EXPECT_EQ(Health(stack.port()).first.status, 200);
}

TEST(ServerTest, LoginsPastTheLimitGet429WithRetryAfterThatGrowsWhileIgnored) {
  ServerOptions options;
  options.rate_limits = RateLimits::Off();
  options.rate_limits.login = {3, seconds(60), /*backoff=*/true};
  Stack stack(options);
  Connection c(stack.port());
  const std::string login = Post("/api/v1/auth/login", R"({"name":"nobody","password":"x"})");
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(c.Send(login));
    EXPECT_EQ(c.Read().status, 401) << i;
  }
  ASSERT_TRUE(c.Send(login));
  Answer first = c.Read();
  EXPECT_EQ(first.status, 429) << first;
  EXPECT_EQ(first.ErrorCode(), "rate-limited");
  EXPECT_EQ(first.Json()["error"]["field"], "login");
  EXPECT_THAT(first.Json()["error"].value("message", ""), HasSubstr("login limit is 3 per 60"));
  int wait = std::stoi(first.headers["Retry-After"]);
  EXPECT_GE(wait, 1);
  EXPECT_LE(wait, 20);
  // Ignoring Retry-After doubles the wait.
  ASSERT_TRUE(c.Send(login));
  Answer second = c.Read();
  EXPECT_EQ(second.status, 429);
  EXPECT_GT(std::stoi(second.headers["Retry-After"]), wait);
  // Other routes are not limited.
  ASSERT_TRUE(c.Send(Get("/api/v1/health")));
  EXPECT_EQ(c.Read().status, 200);
}

TEST(ServerTest, AnonymousSubmissionsAndAccessCodeLookupsArePerAddressLimited) {
  ServerOptions options;
  options.rate_limits = RateLimits::Off();
  options.rate_limits.submission = {2, seconds(60)};
  options.rate_limits.access_code = {2, seconds(60)};
  Stack stack(options);
  ASSERT_TRUE(stack.accounts()
                  .CreateAccount("officer.kz", "correct horse battery", Role::kOfficer, {"KZ"})
                  .has_value());
  Connection c(stack.port());
  std::string number, code;
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(c.Send(Post("/api/v1/applications", kApplication)));
    Answer a = c.Read();
    ASSERT_EQ(a.status, 201) << a;
    number = a.Json().value("number", "");
    code = a.Json().value("accessCode", "");
  }
  ASSERT_TRUE(c.Send(Post("/api/v1/applications", kApplication)));
  Answer refused = c.Read();
  EXPECT_EQ(refused.status, 429) << refused;
  EXPECT_EQ(refused.Json()["error"]["field"], "submission");
  EXPECT_FALSE(refused.headers["Retry-After"].empty());

  // An officer at the counter (a bearer token) is not limited.
  ASSERT_TRUE(c.Send(
      Post("/api/v1/auth/login", R"({"name":"officer.kz","password":"correct horse battery"})")));
  std::string token = c.Read().Json().value("token", "");
  ASSERT_FALSE(token.empty());
  ASSERT_TRUE(c.Send(
      Post("/api/v1/applications", kApplication, "Authorization: Bearer " + token + "\r\n")));
  EXPECT_EQ(c.Read().status, 201);

  // Status lookups with the access code, right or wrong, count against the access-code limit.
  ASSERT_TRUE(c.Send(Get("/api/v1/status/" + number + "?code=" + code)));
  EXPECT_EQ(c.Read().status, 200);
  ASSERT_TRUE(c.Send(Get("/api/v1/status/" + number + "?code=WRONG")));
  EXPECT_EQ(c.Read().status, 404);
  ASSERT_TRUE(c.Send(Get("/api/v1/status/" + number + "?code=" + code)));
  Answer limited = c.Read();
  EXPECT_EQ(limited.status, 429) << limited;
  EXPECT_EQ(limited.Json()["error"]["field"], "access-code");
  ASSERT_TRUE(
      c.Send(Post("/api/v1/status", json{{"number", number}, {"accessCode", code}}.dump())));
  EXPECT_EQ(c.Read().status, 429);
}

TEST(ServerTest, BodiesOverTheLimitAndBadRequestsAreRefusedInJson) {
  ServerOptions options;
  options.max_body_bytes = 64 * 1024;
  options.max_json_bytes = 1024;
  Stack stack(options);
  // Declared too long: refused before the body is read.
  Connection declared(stack.port());
  ASSERT_TRUE(
      declared.Send("POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\n"
                    "Content-Length: 1000000\r\n\r\n"));
  Answer a = declared.Read();
  EXPECT_EQ(a.status, 413) << a;
  // A JSON body over its limit, sent whole: 413 naming the body, and the connection goes on.
  Connection json_body(stack.port());
  ASSERT_TRUE(json_body.Send(Post("/api/v1/auth/login", std::string(2000, ' '))));
  Answer b = json_body.Read();
  EXPECT_EQ(b.status, 413) << b;
  EXPECT_EQ(b.Json()["error"]["field"], "body");
  ASSERT_TRUE(json_body.Send(Get("/api/v1/health")));
  EXPECT_EQ(json_body.Read().status, 200);
  // Unknown encodings, bad chunking, garbage and over-long targets.
  Connection encoded(stack.port());
  ASSERT_TRUE(encoded.Send(Post("/api/v1/auth/login", "{}", "Content-Encoding: zstd\r\n")));
  EXPECT_EQ(encoded.Read().status, 415);
  Connection chunked(stack.port());
  ASSERT_TRUE(
      chunked.Send("POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\n"
                   "Transfer-Encoding: chunked\r\n\r\nZZ\r\n"));
  EXPECT_EQ(chunked.Read().status, 400);
  Connection garbage(stack.port());
  ASSERT_TRUE(garbage.Send("GARBAGE\r\n\r\n"));
  Answer g = garbage.Read();
  EXPECT_EQ(g.status, 400);
  EXPECT_EQ(g.headers["Content-Type"], "application/json");
  Connection long_target(stack.port());
  ASSERT_TRUE(long_target.Send(Get("/api/v1/" + std::string(9000, 'a'))));
  EXPECT_EQ(long_target.Read().status, 414);
  Connection long_headers(stack.port());
  ASSERT_TRUE(long_headers.Send(Get("/", "X-Big: " + std::string(70000, 'a') + "\r\n")));
  EXPECT_EQ(long_headers.Read().status, 431);
}

TEST(ServerTest, MultipartUploadsReachTheHandlerParsed) {
  // An upload to an unknown case with a valid access code header: the form is parsed, then the
  // handler answers 404 for the case; a broken form is refused before it.
  Stack stack({});
  const std::string path = "/api/v1/applications/KZ-2022-000001/documents";
  auto upload = [&](const std::string& body) {
    Connection c(stack.port());
    c.Send("POST " + path +
           " HTTP/1.1\r\nHost: x\r\nX-Access-Code: A\r\n"
           "Content-Type: multipart/form-data; boundary=\"b o\"\r\nContent-Length: " +
           std::to_string(body.size()) + "\r\n\r\n" + body);
    return c.Read();
  };
  Answer ok = upload(
      "--b o\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\npassport\r\n"
      "--b o\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n"
      "Content-Type: application/pdf\r\n\r\n%PDF-1.4\r\n--b o--\r\n");
  EXPECT_EQ(ok.status, 404) << ok;
  Answer unterminated =
      upload("--b o\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\npassport\r\n");
  EXPECT_EQ(unterminated.status, 400) << unterminated;
  EXPECT_EQ(unterminated.Json()["error"]["field"], "body");
  Answer big_field = upload("--b o\r\nContent-Disposition: form-data; name=\"number\"\r\n\r\n" +
                            std::string(5000, '7') + "\r\n--b o--\r\n");
  EXPECT_EQ(big_field.status, 413) << big_field;
  EXPECT_EQ(big_field.Json()["error"]["field"], "number");
}

TEST(QueryTest, PercentDecodingPlusAndRepeatedNames) {
  EXPECT_EQ(PercentDecode("a%20b+c%2Bd", true), "a b c+d");
  EXPECT_EQ(PercentDecode("a%20b+c", false), "a b+c");
  EXPECT_EQ(PercentDecode("%FF%fe", false), "\xFF\xFE");
  EXPECT_EQ(PercentDecode("100%", true), "100%");
  EXPECT_EQ(PercentDecode("%zz%4", true), "%zz%4");
  QueryParams q = ParseQuery(
      "state=approved&citizenship=R%55S&x&&=nameless&state=validated&"
      "note=a+b%26c%3Dd");
  EXPECT_EQ(q.count("state"), 2u);
  EXPECT_EQ(q.find("citizenship")->second, "RUS");
  EXPECT_EQ(q.find("x")->second, "");
  EXPECT_EQ(q.find("note")->second, "a b&c=d");
  EXPECT_EQ(q.count(""), 0u);
  EXPECT_EQ(q.size(), 5u);
}

TEST(QueryTest, HeadersAreFoundWhateverTheirCase) {
  Request r;
  r.headers.emplace("x-access-code", "ABC");
  r.headers.emplace("Authorization", "Bearer t");
  EXPECT_TRUE(r.HasHeader("X-Access-Code"));
  EXPECT_EQ(r.Header("X-ACCESS-CODE"), "ABC");
  EXPECT_EQ(r.Header("authorization"), "Bearer t");
  EXPECT_EQ(r.Header("Missing"), "");
  r.query = ParseQuery("code=1");
  EXPECT_TRUE(r.HasParam("code"));
  EXPECT_EQ(r.Param("code"), "1");
  EXPECT_EQ(r.ParamCount("code"), 1u);
}

}  // namespace
}  // namespace tamga::api
