// The HTTP API of tamga: REST over HTTP with JSON under /api/v1 (docs/api.md; the OpenAPI 3.1
// document is served at /api/v1/openapi.json). Accounts with argon2id password hashes and bearer
// tokens authenticate officers, supervisors, policy authors, auditors and admins; applicants need
// no account: submitting returns an application number and an access code that opens the case.
#pragma once

#include <chrono>
#include <expected>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "accounts/accounts.h"
#include "api/rate_limit.h"
#include "cases/model.h"
#include "cases/service.h"
#include "policy/policy.h"
#include "store/database.h"

namespace tamga::api {

// Staff accounts are a domain service of their own (src/accounts); the API authenticates with it.
using accounts::Account;
using accounts::Accounts;
using accounts::AccountsOptions;
using accounts::ParseRole;
using accounts::Role;
using accounts::RoleName;

struct Request;  // api/request.h

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 0;  // 0: an ephemeral port, returned by Start()
  // Worker threads that run the handlers (which wait on SQLite and hash passwords); `tamga serve
  // --threads`. Connections do not hold them: reading and writing is asynchronous on io_threads.
  int threads = 8;
  // Threads that accept connections and read and write requests for all of them; 1 or 2.
  int io_threads = 1;
  // Requests admitted at once: running on a worker or waiting for one. Past it a request is
  // answered at once with 503 "overloaded" and Retry-After: 1, without running. 0: threads * 32.
  size_t max_pending = 0;
  // Open connections at once; past it a new connection is closed as soon as it is accepted. Start()
  // raises the process's soft limit of open files to its hard limit to make room for them.
  size_t max_connections = 10000;
  // Deadlines. The request line and headers must arrive within header_timeout of the connection's
  // first byte (a new connection: of its opening), the body within body_timeout of the headers;
  // past either the client gets 408 and the connection is closed, however slowly bytes trickle in.
  // A kept-alive connection idle for keep_alive_timeout is closed; an answer must be written within
  // write_timeout.
  std::chrono::milliseconds header_timeout = std::chrono::seconds(10);
  std::chrono::milliseconds body_timeout = std::chrono::seconds(60);
  std::chrono::milliseconds keep_alive_timeout = std::chrono::seconds(30);
  std::chrono::milliseconds write_timeout = std::chrono::seconds(60);
  // Requests on one connection before the server closes it (after answering the last).
  int max_requests_per_connection = 1000;
  // Per-address limits of logins, access-code lookups and anonymous submissions (429 past them).
  RateLimits rate_limits;
  // When set, the same limits are also counted in the database, across every instance that shares
  // it (on the worker thread, after this instance's own count); tamga serve sets it on PostgreSQL.
  SharedRateLimits* shared_rate_limits = nullptr;
  // Why the audit chain cannot be trusted (tamga serve checks it at start); when set, the server
  // is read-only: every request but GET, HEAD and OPTIONS answers 503 "read-only" with the reason,
  // and /api/v1/health reports it.
  std::string read_only_reason;
  // What /api/v1/health reports of the database: "sqlite" or "postgresql", and the highest
  // migration version applied (empty engine: not reported).
  std::string database_engine;
  int migration_version = 0;
  // For tests: called on the worker thread before each request is handled (to hold workers busy).
  std::function<void(const Request&)> before_handler;
  // Largest request body: a document upload with its form fields. Larger bodies get 413.
  size_t max_body_bytes = 12 * 1024 * 1024;
  // Largest JSON body; applications are a few kilobytes.
  size_t max_json_bytes = 1024 * 1024;
  // Current UTC time as ISO 8601, for "today" in the overdue filter; the system clock when empty.
  std::function<std::string()> now;
  // Whether `now` runs from a chosen start (tamga serve --clock), and that start: shown in
  // /api/v1/health and in the web UI's banner.
  bool clock_shifted = false;
  std::string clock_started;
  // The policy library folder that POST /api/v1/policies/{jurisdiction}/{kind}/versions publishes
  // into (and whose tests drafts are tried against); empty: the folder the current library was
  // loaded from.
  std::string policies_dir;
  // The web UI's built assets (index.html, assets/...). Every GET outside /api/ is answered from
  // here, unknown paths with index.html (the UI routes them itself). Empty, or not a directory:
  // no UI, API only (checked on each request, so a UI built later is served without a restart).
  std::string web_root;
};

// The HTTP server: Boost.Beast on an Asio io_context for the connections, a bounded pool of worker
// threads for the handlers (api/server.cc). The service, policy registry and accounts must outlive
// it. Every request works with the library current when it starts; publishing a
// version replaces it in `policies` for later requests (and for the case service, which should
// share the registry).
class Server {
 public:
  Server(ServerOptions options, cases::CaseService& cases, policy::Registry& policies,
         Accounts& accounts);
  ~Server();  // stops
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts serving on background threads; returns the bound port.
  std::expected<int, std::string> Start();
  // Stops accepting, finishes the requests in flight and joins the threads. Idempotent.
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tamga::api
