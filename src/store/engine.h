// Inside the store: what both engines (sqlite.cc, postgres.cc) share.
#pragma once

#include <condition_variable>
#include <expected>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "store/database.h"

namespace tamga::store {

// One transaction at a time per Database: Enter waits while another thread's transaction is open,
// and refuses (rather than deadlock) when the calling thread already has one open. Leave lets the
// next one in; a transaction may end on another thread than the one that began it.
class TransactionGate {
 public:
  std::expected<void, Error> Enter() {
    std::unique_lock lock(mu_);
    if (open_ && owner_ == std::this_thread::get_id())
      return std::unexpected(Error{
          "a transaction is already open on this thread; commit it or let it roll back before "
          "beginning another (waiting would deadlock)"});
    idle_.wait(lock, [this] { return !open_; });
    open_ = true;
    owner_ = std::this_thread::get_id();
    return {};
  }

  void Leave() {
    {
      std::lock_guard lock(mu_);
      open_ = false;
      owner_ = {};
    }
    idle_.notify_one();
  }

 private:
  std::mutex mu_;
  std::condition_variable idle_;
  bool open_ = false;
  std::thread::id owner_;
};

// The start of a statement (80 characters, on one line), for error messages.
inline std::string Snippet(std::string_view sql) {
  size_t start = sql.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) return "";
  sql.remove_prefix(start);
  std::string s(sql.substr(0, 80));
  for (char& c : s) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  return sql.size() > 80 ? s + "..." : s;
}

}  // namespace tamga::store
