// The library in force (Registry), trying a draft version against it, and publishing a draft into
// the library folder.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <system_error>

#include "policy/internal.h"

namespace tamga::policy {
namespace {

namespace fs = std::filesystem;

std::string SystemError(int error) { return std::strerror(error); }

// Writes a new file and flushes it to disk; fails if the file exists.
std::expected<void, std::string> WriteNewFile(const fs::path& path, const std::string& content) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return std::unexpected(path.string() + ": " + SystemError(errno));
  size_t written = 0;
  while (written < content.size()) {
    ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      int error = errno;
      ::close(fd);
      return std::unexpected(path.string() + ": " + SystemError(error));
    }
    written += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    return std::unexpected(path.string() + ": " + SystemError(errno));
  }
  return {};
}

// Makes a rename in `dir` durable.
void SyncDirectory(const fs::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

PublishRefusal Refusal(PublishRefusal::Reason reason, std::string message,
                       DraftReport report = {}) {
  return PublishRefusal{reason, std::move(message), std::move(report)};
}

// Writes the version folder: its files in a hidden folder (ignored by Load), renamed into place.
std::expected<void, std::string> WriteVersion(const fs::path& kind_dir, const Draft& draft) {
  const std::string date = feel::ToString(draft.takes_effect);
  const fs::path hidden = kind_dir / ("." + date + ".publishing-" + std::to_string(::getpid()));
  std::error_code ec;
  fs::remove_all(hidden, ec);
  if (!fs::create_directory(hidden, ec) || ec) {
    return std::unexpected(hidden.string() + ": " + (ec ? ec.message() : "cannot create"));
  }
  auto fail = [&](std::string message) -> std::expected<void, std::string> {
    std::error_code ignored;
    fs::remove_all(hidden, ignored);
    return std::unexpected(std::move(message));
  };
  if (auto ok = WriteNewFile(hidden / "policy.json", PolicyJson(draft)); !ok) {
    return fail(ok.error());
  }
  for (const VersionFile& model : draft.models) {
    if (auto ok = WriteNewFile(hidden / model.name, model.content); !ok) return fail(ok.error());
  }
  SyncDirectory(hidden);
  fs::rename(hidden, kind_dir / date, ec);
  if (ec) return fail((kind_dir / date).string() + ": " + ec.message());
  SyncDirectory(kind_dir);
  return {};
}

// Writes the draft's test files as tests/<date>.json (<date>-2.json, ... when taken); returns the
// files written.
std::expected<std::vector<fs::path>, std::string> WriteTests(const fs::path& kind_dir,
                                                             const Draft& draft,
                                                             const std::vector<TestFile>& tests) {
  std::vector<fs::path> written;
  if (tests.empty()) return written;
  const fs::path dir = kind_dir / "tests";
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return std::unexpected(dir.string() + ": " + ec.message());
  const std::string date = feel::ToString(draft.takes_effect);
  int suffix = 1;
  for (const TestFile& file : tests) {
    fs::path path;
    do {
      path = dir / (date + (suffix == 1 ? "" : "-" + std::to_string(suffix)) + ".json");
      ++suffix;
    } while (fs::exists(path, ec));
    fs::path temporary = dir / ("." + path.filename().string() + ".tmp");
    fs::remove(temporary, ec);
    if (auto ok = WriteNewFile(temporary, file.json); !ok) return std::unexpected(ok.error());
    fs::rename(temporary, path, ec);
    if (ec) return std::unexpected(path.string() + ": " + ec.message());
    written.push_back(path);
  }
  SyncDirectory(dir);
  return written;
}

}  // namespace

int DraftReport::Errors() const {
  return static_cast<int>(std::count_if(findings.begin(), findings.end(), [](const auto& f) {
    return f.severity == dmn::TableFinding::Severity::kError;
  }));
}

DraftReport TryDraft(const Library& library, const std::filesystem::path& root, const Draft& draft,
                     const std::vector<TestFile>& tests) {
  const fs::path base = root.empty() ? library.Root() : root;
  DraftReport report;
  // The findings come first: a draft that does not load still shows the author where and why.
  std::vector<dmn::ModelSource> sources;
  for (const VersionFile& model : draft.models) sources.push_back({model.name, model.content});
  report.findings = dmn::CheckModels(sources);
  for (dmn::TableFinding& f : RuleFindings(sources, draft.documents, draft.asylum.has_value()))
    report.findings.push_back(std::move(f));
  auto with = library.WithDraft(draft, base);
  if (!with) {
    // Named as in the policy folder (kz/permanent-residence/2027-03-01/eligibility.dmn): the
    // author needs the version and file, not where the server keeps its folder.
    report.error = with.error().ToString();
    const std::string prefix = (base / "").string();
    for (size_t at; (at = report.error.find(prefix)) != std::string::npos;)
      report.error.erase(at, prefix.size());
    return report;
  }
  report.loaded = true;
  const fs::path kind_dir = base / internal::Lower(draft.jurisdiction) / draft.kind;
  auto ran = RunKindTests(*with, draft.jurisdiction, draft.kind, kind_dir, tests);
  if (ran) {
    report.tests = std::move(*ran);
  } else {
    report.tests.failed = 1;
    report.tests.failures.push_back(ran.error().ToString());
  }
  return report;
}

std::expected<DraftReport, PublishRefusal> CheckDraft(const Library& library,
                                                      const std::filesystem::path& root,
                                                      const Draft& draft,
                                                      const std::vector<TestFile>& tests) {
  using Reason = PublishRefusal::Reason;
  const std::string jurisdiction = internal::Upper(draft.jurisdiction);
  std::vector<Version> versions = library.Versions(jurisdiction, draft.kind);
  if (versions.empty()) {
    return std::unexpected(
        Refusal(Reason::kUnknownKind, "no policy versions of " + jurisdiction + "/" + draft.kind));
  }
  const Version& latest = versions.back();
  if (!internal::Before(latest.takes_effect, draft.takes_effect)) {
    return std::unexpected(Refusal(
        Reason::kNotAfterLatest, "a new version must take effect after the latest, " + latest.id() +
                                     "; " + feel::ToString(draft.takes_effect) + " is not after " +
                                     feel::ToString(latest.takes_effect)));
  }
  DraftReport report = TryDraft(library, root, draft, tests);
  std::string why;
  if (!report.loaded) {
    why = report.error;
  } else if (int errors = report.Errors(); errors > 0) {
    why = std::to_string(errors) + " error(s) in the draft's models (see findings)";
  } else if (report.tests.failed > 0) {
    why = std::to_string(report.tests.failed) + " policy test(s) fail with the draft";
  }
  if (!why.empty()) return std::unexpected(Refusal(Reason::kRejected, why, std::move(report)));
  return report;
}

Registry::Registry(Library library)
    : current_(std::make_shared<const Library>(std::move(library))) {}

std::shared_ptr<const Library> Registry::Current() const {
  std::lock_guard lock(mutex_);
  return current_;
}

void Registry::Replace(Library library) {
  auto next = std::make_shared<const Library>(std::move(library));
  std::lock_guard lock(mutex_);
  current_ = std::move(next);
}

std::expected<Version, PublishRefusal> Registry::Publish(
    const Draft& draft, const std::vector<TestFile>& tests, std::filesystem::path root,
    const std::function<std::expected<void, std::string>(const Version&)>& record) {
  using Reason = PublishRefusal::Reason;
  std::lock_guard publishing(publishing_);
  std::shared_ptr<const Library> library = Current();
  if (root.empty()) root = library->Root();
  const std::string jurisdiction = internal::Upper(draft.jurisdiction);
  const std::string date = feel::ToString(draft.takes_effect);
  if (auto checked = CheckDraft(*library, root, draft, tests); !checked)
    return std::unexpected(std::move(checked.error()));

  const fs::path kind_dir = root / internal::Lower(jurisdiction) / draft.kind;
  std::error_code ec;
  if (!internal::IsDirectory(kind_dir)) {
    return std::unexpected(
        Refusal(Reason::kCannotWrite, kind_dir.string() + ": not a policy kind folder"));
  }
  if (fs::exists(kind_dir / date, ec)) {
    return std::unexpected(Refusal(Reason::kConflict, (kind_dir / date).string() +
                                                          " exists on disk already; reload the "
                                                          "server to see it"));
  }
  if (auto ok = WriteVersion(kind_dir, draft); !ok) {
    return std::unexpected(Refusal(Reason::kCannotWrite, ok.error()));
  }
  auto written = WriteTests(kind_dir, draft, tests);
  auto undo = [&] {
    std::error_code ignored;
    fs::remove_all(kind_dir / date, ignored);
    if (written) {
      for (const fs::path& path : *written) fs::remove(path, ignored);
    }
  };
  if (!written) {
    undo();
    return std::unexpected(Refusal(Reason::kCannotWrite, written.error()));
  }
  auto reloaded = Library::Load(root);
  if (!reloaded) {
    undo();
    DraftReport failed;
    failed.error = reloaded.error().ToString();
    return std::unexpected(Refusal(Reason::kRejected, failed.error, std::move(failed)));
  }
  auto version = reloaded->InForce(jurisdiction, draft.kind, draft.takes_effect);
  if (!version) {
    undo();
    DraftReport failed;
    failed.error = version.error().ToString();
    return std::unexpected(Refusal(Reason::kRejected, failed.error, std::move(failed)));
  }
  // The publication is recorded (the audit log) before the version decides anything: if the
  // record cannot be written, nothing was published.
  if (record) {
    if (auto recorded = record(*version); !recorded) {
      undo();
      return std::unexpected(Refusal(Reason::kCannotWrite, recorded.error()));
    }
  }
  Replace(*std::move(reloaded));
  return *version;
}

}  // namespace tamga::policy
