// UTF-8 as text crossing tamga's borders must be: request bodies, headers, paths, imported lists.
#pragma once

#include <string_view>

namespace tamga::base {

// Well-formed UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF.
bool IsValidUtf8(std::string_view text);

}  // namespace tamga::base
