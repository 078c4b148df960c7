// The web UI's built files (ServerOptions::web_root), served for every GET outside /api/. The UI
// is a single-page app: a path that names no file is one of its own routes and gets index.html.
#include <filesystem>
#include <fstream>
#include <sstream>

#include "api/routes.h"

namespace tamga::api {
namespace {

namespace fs = std::filesystem;

struct MediaType {
  std::string_view extension;
  std::string_view type;
};

constexpr MediaType kMediaTypes[] = {
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".jpg", "image/jpeg"},
    {".jpeg", "image/jpeg"},
    {".webp", "image/webp"},
    {".ico", "image/x-icon"},
    {".json", "application/json"},
    {".map", "application/json"},
    {".webmanifest", "application/manifest+json"},
    {".woff2", "font/woff2"},
    {".woff", "font/woff"},
    {".txt", "text/plain; charset=utf-8"},
};

// The media type of a file by its extension; nullopt for an extension not listed.
std::optional<std::string_view> MediaTypeOf(const fs::path& file) {
  std::string extension = file.extension().string();
  for (char& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const MediaType& m : kMediaTypes) {
    if (m.extension == extension) return m.type;
  }
  return std::nullopt;
}

std::optional<std::string> ReadWhole(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream out;
  out << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return out.str();
}

// Whether `file` (made canonical) lies inside `root` (canonical): a symbolic link may not lead out.
bool Inside(const fs::path& root, const fs::path& file) {
  std::error_code ec;
  fs::path real = fs::canonical(file, ec);
  if (ec) return false;
  auto [r, f] = std::mismatch(root.begin(), root.end(), real.begin(), real.end());
  return r == root.end();
}

Result<Reply> FileReply(const fs::path& file, std::string_view cache_control) {
  std::optional<std::string> content = ReadWhole(file);
  if (!content) return std::unexpected(NotFound("path", "cannot read " + file.filename().string()));
  std::string type(MediaTypeOf(file).value_or("application/octet-stream"));
  return Reply{200, *std::move(content), type, {{"Cache-Control", std::string(cache_control)}}};
}

}  // namespace

std::optional<Result<Reply>> StaticFile(const std::string& web_root, const std::string& path) {
  std::error_code ec;
  fs::path root = fs::canonical(web_root, ec);
  if (ec || !fs::is_directory(root, ec)) return std::nullopt;

  fs::path relative;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    std::string_view segment = std::string_view(path).substr(start, slash - start);
    start = slash + 1;
    if (segment == "..") {
      return std::unexpected(Invalid("path", "\"..\" is not allowed in a path"));
    }
    if (segment.find('\0') != std::string_view::npos ||
        segment.find('\\') != std::string_view::npos) {
      return std::unexpected(Invalid("path", "a path may not hold NUL or '\\'"));
    }
    if (segment.empty() || segment == ".") continue;
    // Hidden files (.env, .git) are never served.
    if (segment.starts_with('.')) return std::unexpected(NotFound("path", "no such file"));
    relative /= segment;
  }

  if (!relative.empty()) {
    fs::path file = root / relative;
    if (fs::is_regular_file(file, ec) && Inside(root, file)) {
      // Hashed build output (assets/) never changes under its name; anything else is revalidated.
      bool hashed = *relative.begin() == "assets";
      return FileReply(file, hashed ? "public, max-age=31536000, immutable" : "no-cache");
    }
    // A missing script, style or image is a missing file, not a route of the UI.
    std::optional<std::string_view> type = MediaTypeOf(relative);
    if (type && !type->starts_with("text/html")) {
      return std::unexpected(NotFound("path", "no such file: " + relative.string()));
    }
  }
  fs::path index = root / "index.html";
  if (!fs::is_regular_file(index, ec)) {
    return std::unexpected(NotFound("path", "the web UI has no index.html"));
  }
  return FileReply(index, "no-cache");
}

}  // namespace tamga::api
