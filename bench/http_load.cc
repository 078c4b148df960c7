// The HTTP server under hostile load, on loopback against a real stack: many idle kept-alive
// connections and slowloris connections are held open while health checks are timed, then
// clients flood the server with submissions past its admission bound and the answers are counted
// (successes, 503s, anything else). Bounded in connections, requests and time.
//
//   tamga_http_load [--idle N] [--slow N] [--checks N] [--flood-clients N]
//                   [--flood-requests N] [--threads N] [--max-pending N]
//
// Target: every health check answers within 100 ms while the connections are held; the flood gets
// only successes and 503s (with Retry-After), never an error or a crash. Exits non-zero when a
// health check or a flood request gets no answer.
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "api/http.h"
#include "api/server.h"
#include "bench_args.h"
#include "cases/case_store.h"
#include "cases/service.h"
#include "policy/policy.h"
#include "store/database.h"

namespace {

using Clock = std::chrono::steady_clock;

using tamga::bench::Arg;

int Connect(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

bool SendAll(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

// The status of one answer read within `timeout_ms` (its head and Content-Length bytes); 0 when
// none came.
int ReadStatus(int fd, int timeout_ms) {
  std::string answer;
  auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    size_t head = answer.find("\r\n\r\n");
    if (head != std::string::npos) {
      size_t length = 0;
      if (size_t at = answer.find("Content-Length: "); at != std::string::npos && at < head) {
        length = std::strtoul(answer.c_str() + at + 16, nullptr, 10);
      }
      if (answer.size() >= head + 4 + length) break;
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    pollfd p{fd, POLLIN, 0};
    if (left.count() <= 0 || poll(&p, 1, static_cast<int>(left.count())) <= 0) return 0;
    char buffer[16384];
    ssize_t n = recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) return 0;
    answer.append(buffer, static_cast<size_t>(n));
  }
  int status = 0;
  std::sscanf(answer.c_str(), "HTTP/1.%*d %d", &status);
  return status;
}

const char* kHealth = "GET /api/v1/health HTTP/1.1\r\nHost: bench\r\n\r\n";

std::string Application(int client, int i) {
  char body[768];
  std::snprintf(body, sizeof body,
                R"({"jurisdiction":"KZ","kind":"permanent-residence","purpose":"employment",)"
                R"("applicant":{"surname":"LOAD","givenNames":"TEST","nativeName":"Лоад Тест",)"
                R"("birthDate":"19%02d-%02d-%02d","sex":"M","citizenships":["RUS"],)"
                R"("passport":{"number":"76%07d","issuingState":"RUS","expiry":"2030-01-01"}}})",
                50 + (client % 49), 1 + i % 12, 1 + (client + i) % 28, client * 10000 + i);
  return body;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace tamga;
  const int idle_count = Arg(argc, argv, "--idle", 1000);
  const int slow_count = Arg(argc, argv, "--slow", 200);
  const int checks = Arg(argc, argv, "--checks", 200);
  const int flood_clients = Arg(argc, argv, "--flood-clients", 64);
  const int flood_requests = Arg(argc, argv, "--flood-requests", 20);
  const int threads = Arg(argc, argv, "--threads", 4);
  const int max_pending = Arg(argc, argv, "--max-pending", 16);

  std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("tamga-http-load-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto policies = policy::Library::Load(TAMGA_SOURCE_DIR "/policies");
  auto db = store::Database::OpenSqlite((dir / "tamga.db").string());
  if (!policies || !db || !(*db)->Migrate(cases::Schema())) {
    std::fprintf(stderr, "http load: cannot set up the server\n");
    return 1;
  }
  auto accounts = api::Accounts::Open(**db);
  if (!accounts) return 1;
  auto store = cases::MakeSqlCaseStore(**db);
  cases::FileStore files((dir / "files").string());
  policy::Registry registry(*policies);
  cases::CaseService service(
      *store, registry, files, [] { return std::string("2022-09-26T10:00:00.000Z"); },
      "http://127.0.0.1:8080", nullptr);
  api::ServerOptions options;
  options.threads = threads;
  options.max_pending = static_cast<size_t>(max_pending);
  options.rate_limits = api::RateLimits::Off();  // every client is 127.0.0.1
  api::Server server(options, service, registry, **accounts);
  auto port = server.Start();
  if (!port) {
    std::fprintf(stderr, "http load: %s\n", port.error().c_str());
    return 1;
  }
  std::printf("== HTTP server under load (%d worker threads, at most %d requests admitted)\n",
              threads, max_pending);

  // Idle kept-alive connections, each after one answered request.
  std::vector<int> idle;
  int idle_failed = 0;
  for (int i = 0; i < idle_count; ++i) {
    int fd = Connect(*port);
    if (fd < 0 || !SendAll(fd, kHealth) || ReadStatus(fd, 5000) != 200) {
      ++idle_failed;
      if (fd >= 0) close(fd);
      continue;
    }
    idle.push_back(fd);
  }
  // Slowloris connections: one byte of a never-ending header every 200 ms.
  std::vector<int> slow;
  for (int i = 0; i < slow_count; ++i) {
    if (int fd = Connect(*port); fd >= 0) slow.push_back(fd);
  }
  std::atomic<bool> stop_trickle = false;
  std::thread trickle([&] {
    const std::string header = "GET /api/v1/health HTTP/1.1\r\nHost: bench\r\nX-Slow: ";
    for (size_t i = 0; !stop_trickle; ++i) {
      char byte = i < header.size() ? header[i] : 'a';
      for (int fd : slow) send(fd, &byte, 1, MSG_NOSIGNAL | MSG_DONTWAIT);
      for (int waited = 0; waited < 200 && !stop_trickle; waited += 10) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  std::printf(
      "held open: %zu idle kept-alive connections (%d could not be opened), %zu slowloris\n",
      idle.size(), idle_failed, slow.size());

  // Health checks, each on a new connection, while those are held.
  std::vector<double> latencies;
  int unanswered = 0;
  for (int i = 0; i < checks; ++i) {
    auto t0 = Clock::now();
    int fd = Connect(*port);
    int status = fd < 0 || !SendAll(fd, kHealth) ? 0 : ReadStatus(fd, 5000);
    auto t1 = Clock::now();
    if (fd >= 0) close(fd);
    if (status != 200) {
      ++unanswered;
      continue;
    }
    latencies.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
  }
  std::sort(latencies.begin(), latencies.end());
  auto pct = [&](double p) {
    return latencies.empty() ? 0.0
                             : latencies[std::min(latencies.size() - 1,
                                                  static_cast<size_t>(p * latencies.size()))];
  };
  double worst = latencies.empty() ? 0.0 : latencies.back();
  std::printf(
      "health: %zu of %d answered; latency p50 %.2f ms, p99 %.2f ms, max %.2f ms (target: every "
      "check < 100 ms: %s)\n",
      latencies.size(), checks, pct(0.50), pct(0.99), worst,
      unanswered == 0 && worst < 100.0 ? "met" : "MISSED");
  // An idle connection still answers.
  bool idle_alive =
      !idle.empty() && SendAll(idle.front(), kHealth) && ReadStatus(idle.front(), 5000) == 200;
  std::printf("an idle connection answers after the checks: %s\n", idle_alive ? "yes" : "NO");
  stop_trickle = true;
  trickle.join();

  // Flood: more concurrent clients than the server admits, submitting as fast as they can.
  std::atomic<int> created = 0, overloaded = 0, retry_after = 0, other = 0, errors = 0;
  const auto flood_start = Clock::now();
  std::vector<std::thread> clients;
  for (int c = 0; c < flood_clients; ++c) {
    clients.emplace_back([&, c] {
      httplib::Client client("127.0.0.1", *port);
      client.set_keep_alive(true);
      client.set_tcp_nodelay(true);
      client.set_read_timeout(30, 0);
      for (int i = 0; i < flood_requests; ++i) {
        auto res = client.Post("/api/v1/applications", Application(c, i), "application/json");
        if (!res) {
          ++errors;
        } else if (res->status == 201) {
          ++created;
        } else if (res->status == 503) {
          ++overloaded;
          if (res->get_header_value("Retry-After") == "1") ++retry_after;
        } else {
          ++other;
        }
      }
    });
  }
  for (std::thread& t : clients) t.join();
  double flood_seconds = std::chrono::duration<double>(Clock::now() - flood_start).count();
  std::printf(
      "flood: %d clients x %d submissions in %.2f s: %d committed (201), %d refused at once "
      "(503, %d with Retry-After: 1), %d other answers, %d errors\n",
      flood_clients, flood_requests, flood_seconds, created.load(), overloaded.load(),
      retry_after.load(), other.load(), errors.load());
  bool serving = [&] {
    int fd = Connect(*port);
    bool ok = fd >= 0 && SendAll(fd, kHealth) && ReadStatus(fd, 5000) == 200;
    if (fd >= 0) close(fd);
    return ok;
  }();
  std::printf("the server still serves after the flood: %s\n", serving ? "yes" : "NO");

  for (int fd : idle) close(fd);
  for (int fd : slow) close(fd);
  server.Stop();
  std::filesystem::remove_all(dir);
  return unanswered == 0 && idle_alive && errors == 0 && serving ? 0 : 1;
}
