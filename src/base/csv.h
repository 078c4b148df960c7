// CSV lines as RFC 4180 writes them: comma-separated, fields with commas or quotes in double
// quotes, a quote inside doubled. A quoted field does not span lines here (names and codes never
// do).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tamga::base {

// The fields of one line; a trailing carriage return is dropped.
std::vector<std::string> CsvFields(std::string_view line);
// A field as it must be written: quoted when it holds a comma, a quote or a newline.
std::string CsvQuote(std::string_view field);

}  // namespace tamga::base
