// Uploaded documents, stored by content: <dir>/<hex SHA-256>. The name is the content's hash, so
// equal uploads share one file, a stored file never changes, and a read can prove that what it
// returns is what was stored.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>
#include <utility>

#include "base/sha256.h"
#include "cases/service.h"

namespace tamga::cases {
namespace {

Error Unavailable(std::string message) {
  return Error{Error::Code::kUnavailable, "", std::move(message)};
}

std::string Errno(const std::string& what, const std::string& path) {
  return what + " " + path + ": " + std::strerror(errno);
}

// Reads a whole file; nullopt with errno set on failure.
std::optional<std::string> ReadFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  std::string out;
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int saved = errno;
      ::close(fd);
      errno = saved;
      return std::nullopt;
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return out;
}

bool WriteAll(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return false;
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

}  // namespace

FileStore::FileStore(std::string directory) : dir_(std::move(directory)) {
  // Best effort here; Put reports the error if the directory still cannot be made.
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
}

std::expected<std::string, Error> FileStore::Put(std::string_view bytes) {
  std::string sha = base::Sha256Hex(bytes);
  if (sha.empty()) return std::unexpected(Unavailable("SHA-256 failed in OpenSSL"));
  std::string path = dir_ + "/" + sha;

  // Already stored and intact: nothing to write. (A damaged copy is replaced below.)
  if (auto existing = ReadFile(path); existing && *existing == bytes) return sha;

  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  if (ec)
    return std::unexpected(
        Unavailable("cannot create the document directory " + dir_ + ": " + ec.message()));

  // Write a private temporary file, make it durable, then rename it into place: a reader sees the
  // whole file or none, and a crash leaves at most a stray temporary (".tmp-" names are never
  // read).
  std::string tmp = dir_ + "/.tmp-" + sha.substr(0, 16) + "-XXXXXX";
  int fd = ::mkstemp(tmp.data());
  if (fd < 0) return std::unexpected(Unavailable(Errno("cannot create a file in", dir_)));
  auto fail = [&](const std::string& what) {
    std::string message = Errno(what, tmp);
    ::close(fd);
    ::unlink(tmp.c_str());
    return std::unexpected(Unavailable(message));
  };
  if (!WriteAll(fd, bytes)) return fail("cannot write");
  if (::fchmod(fd, 0640) != 0) return fail("cannot set permissions on");
  if (::fsync(fd) != 0) return fail("cannot flush");
  if (::close(fd) != 0) {
    std::string message = Errno("cannot close", tmp);
    ::unlink(tmp.c_str());
    return std::unexpected(Unavailable(message));
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    std::string message = Errno("cannot move the upload to", path);
    ::unlink(tmp.c_str());
    return std::unexpected(Unavailable(message));
  }
  // The rename is durable only once the directory entry is.
  int dir_fd = ::open(dir_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd < 0) return std::unexpected(Unavailable(Errno("cannot open", dir_)));
  int synced = ::fsync(dir_fd);
  int saved = errno;
  ::close(dir_fd);
  errno = saved;
  if (synced != 0) return std::unexpected(Unavailable(Errno("cannot flush", dir_)));
  return sha;
}

std::expected<std::string, Error> FileStore::Get(const std::string& sha256) const {
  if (!base::IsSha256Hex(sha256))
    return std::unexpected(Error{Error::Code::kInvalid, "sha256",
                                 "a document is named by 64 lowercase hex digits (SHA-256)"});
  std::string path = dir_ + "/" + sha256;
  auto bytes = ReadFile(path);
  if (!bytes) {
    if (errno == ENOENT)
      return std::unexpected(Error{Error::Code::kNotFound, "sha256",
                                   "no stored document with SHA-256 " + sha256 + " in " + dir_});
    return std::unexpected(Unavailable(Errno("cannot read", path)));
  }
  if (base::Sha256Hex(*bytes) != sha256)
    return std::unexpected(
        Unavailable("the stored document " + path +
                    " was altered or damaged: its content no longer matches its SHA-256; "
                    "restore it from a backup"));
  return std::move(*bytes);
}

std::string SniffContentType(std::string_view bytes) {
  if (bytes.starts_with("%PDF-")) return "application/pdf";
  if (bytes.starts_with("\xFF\xD8\xFF")) return "image/jpeg";
  if (bytes.starts_with(std::string_view("\x89PNG\r\n\x1A\n", 8))) return "image/png";
  return "";
}

}  // namespace tamga::cases
