// SHA-256 (OpenSSL EVP) as lower-case hex: file names of stored documents, hashes of access codes
// and tokens, policy content hashes, the audit chain.
#pragma once

#include <string>
#include <string_view>

namespace tamga::base {

std::string Sha256Hex(std::string_view bytes);
bool IsSha256Hex(std::string_view text);  // 64 lower-case hex digits

}  // namespace tamga::base
