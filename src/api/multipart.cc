#include "api/multipart.h"

#include <algorithm>

namespace tamga::api {
namespace {

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [](char x, char y) { return Lower(x) == Lower(y); });
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Parameters of a header value such as `form-data; name="file"; filename="a b.pdf"`: the value
// before the first ';' and then name=value pairs, values quoted (with backslash escapes) or tokens.
struct HeaderValue {
  std::string value;
  std::vector<std::pair<std::string, std::string>> params;  // names lower-cased
};

std::optional<HeaderValue> ParseParams(std::string_view text) {
  HeaderValue out;
  size_t semicolon = text.find(';');
  out.value = std::string(Trim(text.substr(0, semicolon)));
  size_t i = semicolon == std::string_view::npos ? text.size() : semicolon + 1;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == ';')) ++i;
    if (i == text.size()) break;
    size_t equals = text.find('=', i);
    if (equals == std::string_view::npos) return std::nullopt;
    std::string name(Trim(text.substr(i, equals - i)));
    for (char& c : name) c = Lower(c);
    if (name.empty()) return std::nullopt;
    i = equals + 1;
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
    std::string value;
    if (i < text.size() && text[i] == '"') {
      bool closed = false;
      for (++i; i < text.size(); ++i) {
        if (text[i] == '\\' && i + 1 < text.size()) {
          value += text[++i];
        } else if (text[i] == '"') {
          closed = true;
          ++i;
          break;
        } else {
          value += text[i];
        }
      }
      if (!closed) return std::nullopt;
      while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
      if (i < text.size() && text[i] != ';') return std::nullopt;
    } else {
      size_t end = text.find(';', i);
      if (end == std::string_view::npos) end = text.size();
      value = std::string(Trim(text.substr(i, end - i)));
      i = end;
    }
    out.params.emplace_back(std::move(name), std::move(value));
  }
  return out;
}

const std::string* Param(const HeaderValue& header, std::string_view name) {
  for (const auto& [n, v] : header.params) {
    if (n == name) return &v;
  }
  return nullptr;
}

MultipartError Malformed(std::string message) {
  return {false, "body", "malformed multipart/form-data body: " + std::move(message)};
}

// The headers of one part (the text between the delimiter line and the empty line), into `part`.
std::optional<MultipartError> ReadPartHeaders(std::string_view headers, Part& part) {
  bool disposition = false;
  while (!headers.empty()) {
    size_t end = headers.find("\r\n");
    std::string_view line = headers.substr(0, end);
    headers = end == std::string_view::npos ? std::string_view() : headers.substr(end + 2);
    if (line.find('\n') != std::string_view::npos || line.find('\r') != std::string_view::npos) {
      return Malformed("a part's header line is not ended by CRLF");
    }
    size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0 || line[0] == ' ' || line[0] == '\t') {
      return Malformed("a part's header line is not \"Name: value\"");
    }
    if (!EqualsIgnoringCase(Trim(line.substr(0, colon)), "content-disposition")) continue;
    auto value = ParseParams(line.substr(colon + 1));
    if (!value || !EqualsIgnoringCase(value->value, "form-data")) {
      return Malformed("a part's Content-Disposition is not form-data");
    }
    const std::string* name = Param(*value, "name");
    if (!name) return Malformed("a part's Content-Disposition has no name");
    if (disposition) return Malformed("a part has two Content-Disposition headers");
    disposition = true;
    part.name = *name;
    if (const std::string* file = Param(*value, "filename")) part.file_name = *file;
  }
  if (!disposition) return Malformed("a part has no Content-Disposition header");
  return std::nullopt;
}

}  // namespace

bool IsFilePart(const Part& part) { return part.name == "file" || !part.file_name.empty(); }

std::optional<std::string> MultipartBoundary(std::string_view content_type) {
  auto value = ParseParams(content_type);
  if (!value || !EqualsIgnoringCase(value->value, "multipart/form-data")) return std::nullopt;
  const std::string* boundary = Param(*value, "boundary");
  if (!boundary || boundary->empty() || boundary->size() > 70) return std::nullopt;
  if (boundary->find_first_of("\r\n") != std::string::npos) return std::nullopt;
  return *boundary;
}

std::expected<std::vector<Part>, MultipartError> ParseMultipart(std::string_view body,
                                                                std::string_view boundary,
                                                                const MultipartLimits& limits) {
  if (boundary.empty()) return std::unexpected(Malformed("no boundary"));
  const std::string delimiter = "--" + std::string(boundary);
  const std::string next_delimiter = "\r\n" + delimiter;

  // A delimiter counts only where it is followed by "--" (the last), or by optional white space and
  // CRLF: "--boundaryX" inside content is content.
  auto is_delimiter_end = [&](size_t after) {
    if (body.substr(after, 2) == "--") return true;
    while (after < body.size() && (body[after] == ' ' || body[after] == '\t')) ++after;
    return body.substr(after, 2) == "\r\n";
  };
  // The position just past the next delimiter at or after `from` (which is preceded by CRLF, or
  // is at the very start of the body); npos when there is none.
  auto find_delimiter = [&](size_t from, bool at_start) -> std::pair<size_t, size_t> {
    if (at_start && body.starts_with(delimiter) && is_delimiter_end(delimiter.size())) {
      return {0, delimiter.size()};
    }
    for (size_t at = body.find(next_delimiter, from); at != std::string_view::npos;
         at = body.find(next_delimiter, at + 1)) {
      if (is_delimiter_end(at + next_delimiter.size())) return {at, at + next_delimiter.size()};
    }
    return {std::string_view::npos, std::string_view::npos};
  };

  auto [first, pos] = find_delimiter(0, /*at_start=*/true);
  if (first == std::string_view::npos) return std::unexpected(Malformed("no opening boundary"));
  std::vector<Part> parts;
  for (;;) {
    if (body.substr(pos, 2) == "--") return parts;  // the close delimiter; the rest is epilogue
    while (pos < body.size() && (body[pos] == ' ' || body[pos] == '\t')) ++pos;
    pos += 2;  // CRLF, checked by is_delimiter_end
    if (parts.size() == limits.max_parts) {
      return std::unexpected(MultipartError{
          true, "body", "more than " + std::to_string(limits.max_parts) + " form parts"});
    }
    Part part;
    size_t content_start;
    if (body.substr(pos, 2) == "\r\n") {
      content_start = pos + 2;  // no headers at all; refused below for want of a name
    } else {
      size_t headers_end = body.find("\r\n\r\n", pos);
      if (headers_end == std::string_view::npos || headers_end - pos > limits.max_header_bytes) {
        return std::unexpected(Malformed(headers_end == std::string_view::npos
                                             ? "a part's headers do not end"
                                             : "a part's headers are too long"));
      }
      if (auto error = ReadPartHeaders(body.substr(pos, headers_end - pos), part)) {
        return std::unexpected(*error);
      }
      content_start = headers_end + 4;
    }
    if (part.name.empty() && content_start == pos + 2) {
      return std::unexpected(Malformed("a part has no Content-Disposition header"));
    }
    auto [end, after] = find_delimiter(content_start, /*at_start=*/false);
    if (end == std::string_view::npos) {
      return std::unexpected(Malformed("the body ends without its final boundary"));
    }
    size_t size = end - content_start;
    bool file = IsFilePart(part);
    size_t limit = file ? limits.max_file_bytes : limits.max_field_bytes;
    if (size > limit) {
      return std::unexpected(
          MultipartError{true, part.name.empty() ? "body" : part.name,
                         (file ? "files are limited to " : "form fields are limited to ") +
                             std::to_string(limit) + " bytes"});
    }
    part.content = std::string(body.substr(content_start, size));
    parts.push_back(std::move(part));
    pos = after;
  }
}

}  // namespace tamga::api
