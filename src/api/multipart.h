// multipart/form-data bodies (RFC 7578 over RFC 2046), as document uploads send them. Boost.Beast
// reads HTTP but has no multipart parser, so this is a small one of our own: the whole body is in
// memory (the server has already bounded it), parts are located by their delimiters, and each part
// is limited in size by whether it is a file or a plain field.
#pragma once

#include <cstddef>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tamga::api {

// One part of a multipart/form-data body.
struct Part {
  std::string name;
  std::string file_name;  // empty for a plain form field
  std::string content;
};

// A file, as opposed to a plain field: named "file", or sent with a file name.
bool IsFilePart(const Part& part);

struct MultipartLimits {
  size_t max_parts = 16;
  size_t max_field_bytes = 4096;             // a plain form field
  size_t max_file_bytes = 10 * 1024 * 1024;  // a file part
  size_t max_header_bytes = 8192;            // the headers of one part
};

struct MultipartError {
  bool too_large = false;  // a limit was passed (413), else the body is malformed (400)
  std::string field;       // the part over its limit; "body" for the body as a whole
  std::string message;
};

// The boundary named in a Content-Type of multipart/form-data ("multipart/form-data;
// boundary=xyz", the boundary possibly quoted); nullopt for another type or without a valid
// boundary (1-70 characters).
std::optional<std::string> MultipartBoundary(std::string_view content_type);

// The parts of `body`, in order. Refuses a body without its first or final delimiter, a part
// without "Content-Disposition: form-data; name=...", lines not ended by CRLF, and more parts or
// larger ones than `limits` allow. Text before the first delimiter and after the last is ignored,
// as RFC 2046 says.
std::expected<std::vector<Part>, MultipartError> ParseMultipart(std::string_view body,
                                                                std::string_view boundary,
                                                                const MultipartLimits& limits = {});

}  // namespace tamga::api
