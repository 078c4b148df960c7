// What an uploaded file must be before it is stored (CheckDocumentFile in service.h): a PDF that a
// real PDF library (qpdf) reads without repairs, with no JavaScript or launch actions and a
// bounded page count; a PNG or JPEG whose declared size is bounded, read from its header before
// anything would decode it.
#include <qpdf/QPDF.hh>
#include <qpdf/QPDFExc.hh>
#include <qpdf/QPDFObjectHandle.hh>
#include <qpdf/QPDFPageDocumentHelper.hh>

#include <cstdint>
#include <exception>
#include <optional>
#include <string>
#include <string_view>

#include "cases/service.h"

namespace tamga::cases {
namespace {

Error Refused(std::string message) {
  return Error{Error::Code::kInvalid, "file", std::move(message)};
}

// Actions a document has no business carrying: they run code or open other programs in the
// viewer of the officer who opens it.
bool IsActiveAction(QPDFObjectHandle object) {
  if (!object.isDictionary()) return false;
  if (object.hasKey("/JS")) return true;
  QPDFObjectHandle kind = object.getKey("/S");
  if (!kind.isName()) return false;
  std::string name = kind.getName();
  return name == "/JavaScript" || name == "/Launch" || name == "/ImportData" ||
         name == "/Rendition";
}

std::expected<void, Error> CheckPdf(std::string_view bytes) {
  try {
    QPDF pdf;
    pdf.setSuppressWarnings(true);
    pdf.processMemoryFile("upload.pdf", bytes.data(), bytes.size());
    if (pdf.anyWarnings())
      return std::unexpected(
          Refused("the PDF is damaged (qpdf had to repair its structure); scan or save it again"));
    if (pdf.isEncrypted())
      return std::unexpected(Refused("the PDF is encrypted; upload it without a password"));
    // Names tree of document-level JavaScript.
    QPDFObjectHandle names = pdf.getRoot().getKey("/Names");
    if (names.isDictionary() && names.hasKey("/JavaScript"))
      return std::unexpected(Refused("the PDF carries JavaScript; upload it without scripts"));
    for (QPDFObjectHandle object : pdf.getAllObjects()) {
      QPDFObjectHandle dict = object.isStream() ? object.getDict() : object;
      if (IsActiveAction(dict))
        return std::unexpected(
            Refused("the PDF carries JavaScript or an action that launches a program; upload it "
                    "without them"));
    }
    size_t pages = QPDFPageDocumentHelper(pdf).getAllPages().size();
    if (pages == 0) return std::unexpected(Refused("the PDF has no pages"));
    if (pages > kMaxDocumentPages)
      return std::unexpected(Refused("the PDF has " + std::to_string(pages) +
                                     " pages; documents are limited to " +
                                     std::to_string(kMaxDocumentPages)));
  } catch (const std::exception& e) {
    return std::unexpected(Refused("the file is not a readable PDF; scan or save it again"));
  }
  return {};
}

uint32_t BigEndian(std::string_view bytes, size_t at, int n) {
  uint32_t value = 0;
  for (int i = 0; i < n; ++i) value = (value << 8) | static_cast<unsigned char>(bytes[at + i]);
  return value;
}

struct Dimensions {
  uint32_t width = 0, height = 0;
};

// PNG: the IHDR chunk that must come first holds width and height.
std::optional<Dimensions> PngDimensions(std::string_view bytes) {
  if (bytes.size() < 24 || bytes.substr(12, 4) != "IHDR") return std::nullopt;
  return Dimensions{BigEndian(bytes, 16, 4), BigEndian(bytes, 20, 4)};
}

// JPEG: walks the marker segments to the first start-of-frame (SOF0-SOF15 but DHT, JPG, DAC).
std::optional<Dimensions> JpegDimensions(std::string_view bytes) {
  size_t at = 2;
  while (at + 4 <= bytes.size()) {
    if (static_cast<unsigned char>(bytes[at]) != 0xFF) return std::nullopt;
    unsigned char marker = static_cast<unsigned char>(bytes[at + 1]);
    if (marker == 0xFF) {  // fill byte
      ++at;
      continue;
    }
    if (marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {
      at += 2;
      continue;
    }
    uint32_t length = BigEndian(bytes, at + 2, 2);
    if (length < 2) return std::nullopt;
    bool frame =
        marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    if (frame) {
      if (at + 9 > bytes.size()) return std::nullopt;
      return Dimensions{BigEndian(bytes, at + 7, 2), BigEndian(bytes, at + 5, 2)};
    }
    if (marker == 0xDA || marker == 0xD9) return std::nullopt;  // scan data before any frame
    at += 2 + length;
  }
  return std::nullopt;
}

std::expected<void, Error> CheckImage(std::string_view bytes, bool png) {
  auto size = png ? PngDimensions(bytes) : JpegDimensions(bytes);
  if (!size)
    return std::unexpected(
        Refused(std::string("the ") + (png ? "PNG" : "JPEG") + " file's header is damaged"));
  if (size->width == 0 || size->height == 0)
    return std::unexpected(Refused("the image has no pixels"));
  uint64_t pixels = uint64_t{size->width} * size->height;
  if (size->width > kMaxImageSide || size->height > kMaxImageSide || pixels > kMaxImagePixels)
    return std::unexpected(Refused(
        "the image is " + std::to_string(size->width) + " x " + std::to_string(size->height) +
        " pixels; images are limited to " + std::to_string(kMaxImageSide) + " pixels a side and " +
        std::to_string(kMaxImagePixels / 1000000) + " megapixels"));
  return {};
}

}  // namespace

std::expected<void, Error> CheckDocumentFile(std::string_view bytes,
                                             std::string_view content_type) {
  if (content_type == "application/pdf") return CheckPdf(bytes);
  if (content_type == "image/png") return CheckImage(bytes, true);
  if (content_type == "image/jpeg") return CheckImage(bytes, false);
  return std::unexpected(Refused("the file is not a PDF, JPEG or PNG document"));
}

}  // namespace tamga::cases
