#include "base/utf8.h"

#include <cstddef>
#include <cstdint>

namespace tamga::base {

bool IsValidUtf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
    unsigned char lead = byte(i);
    if (lead < 0x80) {
      ++i;
      continue;
    }
    int length;
    uint32_t min;
    uint32_t cp;
    if ((lead & 0xE0) == 0xC0) {
      length = 2, min = 0x80, cp = lead & 0x1F;
    } else if ((lead & 0xF0) == 0xE0) {
      length = 3, min = 0x800, cp = lead & 0x0F;
    } else if ((lead & 0xF8) == 0xF0) {
      length = 4, min = 0x10000, cp = lead & 0x07;
    } else {
      return false;  // a continuation byte or 0xF8..0xFF where a character should start
    }
    if (i + length > text.size()) return false;
    for (int k = 1; k < length; ++k) {
      unsigned char b = byte(i + k);
      if ((b & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (b & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += length;
  }
  return true;
}

}  // namespace tamga::base
