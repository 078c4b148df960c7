// RenderPdf(): the document as an A4 PDF drawn with cairo, text shaped and wrapped by pango, in
// DejaVu Sans (Cyrillic, Latvian and Kazakh letters included), subsets embedded by cairo.
//
// Layout is flowed line by line so that any paragraph can run over a page. It runs twice: the first
// pass only measures, to learn the page count that "n / N" needs; the second draws. Both passes
// measure with the same pango context, so they break pages at the same places.
//
// Determinism: cairo stamps a PDF with the clock unless told otherwise; the creation and
// modification dates are set from the notice's issue date, so the same document gives the same
// bytes. (Nothing else in cairo 1.16's output varies: font subset tags are derived from the glyphs
// used.)
#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "notices/catalog.h"
#include "notices/notices.h"

namespace tamga::notices {
namespace {

constexpr double kPageWidth = 595.2756;   // A4, 210 mm in points
constexpr double kPageHeight = 841.8898;  // 297 mm
constexpr double kMargin = 56.6929;       // 20 mm
constexpr double kContentWidth = kPageWidth - 2 * kMargin;
constexpr const char* kFamily = "DejaVu Sans";

struct TextStyle {
  double size;  // points
  bool bold = false;
  double gray = 0.07;  // 0 black .. 1 white
};
constexpr TextStyle kTitleStyle{16, true, 0};
constexpr TextStyle kHeadingStyle{11.5, true, 0};
constexpr TextStyle kBodyStyle{10};
constexpr TextStyle kLabelStyle{9.5, true, 0.2};
constexpr TextStyle kValueStyle{9.5};
constexpr TextStyle kCheckStyle{9};  // the Annex VI form's seventeen reasons: dense, like the form
constexpr TextStyle kSmallStyle{7.5, false, 0.35};
constexpr double kItemIndent = 16;   // list text, right of its bullet
constexpr double kCheckIndent = 18;  // checklist text, right of its box

struct CairoDeleter {
  void operator()(cairo_t* cr) const { cairo_destroy(cr); }
  void operator()(cairo_surface_t* surface) const { cairo_surface_destroy(surface); }
  void operator()(cairo_font_options_t* options) const { cairo_font_options_destroy(options); }
};
struct GObjectDeleter {
  void operator()(void* object) const { g_object_unref(object); }
};
struct FontDescriptionDeleter {
  void operator()(PangoFontDescription* description) const {
    pango_font_description_free(description);
  }
};
using Cairo = std::unique_ptr<cairo_t, CairoDeleter>;
using Surface = std::unique_ptr<cairo_surface_t, CairoDeleter>;
using FontOptions = std::unique_ptr<cairo_font_options_t, CairoDeleter>;
using Layout = std::unique_ptr<PangoLayout, GObjectDeleter>;
using Context = std::unique_ptr<PangoContext, GObjectDeleter>;
using FontDescription = std::unique_ptr<PangoFontDescription, FontDescriptionDeleter>;

double Points(int pango_units) { return pango_units_to_double(pango_units); }

cairo_status_t AppendToString(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

// A layout of `text` wrapped at `width` points (0: not wrapped).
Layout NewLayout(PangoContext* context, std::string_view text, const TextStyle& style,
                 double width) {
  Layout layout(pango_layout_new(context));
  FontDescription font(pango_font_description_new());
  pango_font_description_set_family(font.get(), kFamily);
  pango_font_description_set_size(font.get(), pango_units_from_double(style.size));
  pango_font_description_set_weight(font.get(),
                                    style.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description(layout.get(), font.get());
  pango_layout_set_width(layout.get(), width > 0 ? pango_units_from_double(width) : -1);
  pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text(layout.get(), text.data(), static_cast<int>(text.size()));
  return layout;
}

// The document's text blocks, each shaped once: a block is measured for keeping a section
// together, then flowed, in the measuring pass and again in the drawing pass. Shaping (pango and
// harfbuzz) is most of a notice's rendering time, and a layout, once made, draws as often as asked.
class Layouts {
 public:
  explicit Layouts(PangoContext* context) : context_(context) {}

  PangoLayout* Get(std::string_view text, const TextStyle& style, double width) {
    Key key{std::string(text), style.size, style.bold, width};
    auto it = layouts_.find(key);
    if (it == layouts_.end())
      it = layouts_.emplace(std::move(key), NewLayout(context_, text, style, width)).first;
    return it->second.get();
  }

  PangoContext* context() const { return context_; }

 private:
  using Key = std::tuple<std::string, double, bool, double>;
  PangoContext* context_;
  std::map<Key, Layout> layouts_;
};

// Lays out and draws the document. With draw == false it only advances through the pages.
class Pager {
 public:
  Pager(cairo_t* cr, Layouts& layouts, const Document& doc, bool draw, int total_pages)
      : cr_(cr),
        context_(layouts.context()),
        layouts_(layouts),
        doc_(doc),
        draw_(draw),
        total_pages_(total_pages) {
    footer_ = FooterLayout();
    double footer_height = Points(LayoutHeight(footer_.get()));
    bottom_ = kPageHeight - kMargin - std::max(footer_height, 10.0) - 10;
    keep_together_ = (bottom_ - kMargin) * 0.4;
  }

  // Draws the whole document; returns the number of pages.
  int Run() {
    StartPage();
    Title();
    FactsTable();
    for (const Section& section : doc_.sections) SectionBlock(section);
    EndPage();
    return page_;
  }

 private:
  static int LayoutHeight(PangoLayout* layout) {
    int width = 0;
    int height = 0;
    pango_layout_get_size(layout, &width, &height);
    return height;
  }

  // A layout of `text` wrapped at `width` points, shaped once for both passes; not to be changed.
  PangoLayout* Shaped(std::string_view text, const TextStyle& style, double width) const {
    return layouts_.Get(text, style, width);
  }

  // The foot of every page: the verification line, and under it the policy version. Lines break
  // only at spaces, so a URL or a code is never cut in two.
  Layout FooterLayout() const {
    std::string text = doc_.footer;
    if (!doc_.fine_print.empty()) text += (text.empty() ? "" : "\n") + doc_.fine_print;
    Layout layout = NewLayout(context_, text, kSmallStyle, kContentWidth - 50);
    PangoAttrList* attributes = pango_attr_list_new();
    for (std::size_t start = 0; start < text.size();) {
      std::size_t end = text.find_first_of(" \n", start);
      if (end == std::string::npos) end = text.size();
      PangoAttribute* no_break = pango_attr_allow_breaks_new(FALSE);
      no_break->start_index = static_cast<guint>(start);
      no_break->end_index = static_cast<guint>(end);
      pango_attr_list_insert(attributes, no_break);
      start = end + 1;
    }
    pango_layout_set_attributes(layout.get(), attributes);
    pango_attr_list_unref(attributes);
    return layout;
  }

  // The height a section takes when laid out whole, with the gaps SectionBlock leaves.
  double Height(const Section& section) const {
    double height = 0;
    auto add = [&](std::string_view text, const TextStyle& style, double width, double gap) {
      height += Points(LayoutHeight(Shaped(text, style, width))) + gap;
    };
    if (!section.heading.empty()) add(section.heading, kHeadingStyle, kContentWidth, 14);
    for (const auto& paragraph : section.paragraphs) add(paragraph, kBodyStyle, kContentWidth, 5);
    for (const auto& item : section.items) add(item, kBodyStyle, kContentWidth - kItemIndent, 4);
    for (const auto& [text, checked] : section.checklist)
      add(text, kCheckStyle, kContentWidth - kCheckIndent, 2);
    return height;
  }

  void SetGray(double gray) const { cairo_set_source_rgb(cr_, gray, gray, gray); }

  void DrawLayoutAt(PangoLayout* layout, double x, double y, double gray) const {
    if (!draw_) return;
    SetGray(gray);
    cairo_move_to(cr_, x, y);
    pango_cairo_show_layout(cr_, layout);
  }

  void Rule(double x0, double x1, double y, double gray, double width) const {
    if (!draw_) return;
    SetGray(gray);
    cairo_set_line_width(cr_, width);
    cairo_move_to(cr_, x0, y);
    cairo_line_to(cr_, x1, y);
    cairo_stroke(cr_);
  }

  // Pages after the first repeat the title small at the top, so a loose page says what it is.
  void StartPage() {
    y_ = kMargin;
    if (page_ == 1) return;
    Layout header = NewLayout(context_, doc_.title, kSmallStyle, kContentWidth);
    pango_layout_set_ellipsize(header.get(), PANGO_ELLIPSIZE_END);
    pango_layout_set_height(header.get(), 0);  // one line
    DrawLayoutAt(header.get(), kMargin, y_, kSmallStyle.gray);
    y_ += Points(LayoutHeight(header.get())) + 3;
    Rule(kMargin, kMargin + kContentWidth, y_, 0.7, 0.5);
    y_ += 12;
  }

  // Every page's foot: the verification line and "n / N".
  void EndPage() {
    double top = bottom_ + 10;
    Rule(kMargin, kMargin + kContentWidth, top - 4, 0.6, 0.5);
    DrawLayoutAt(footer_.get(), kMargin, top, kSmallStyle.gray);
    std::string number = std::to_string(page_) + " / " + std::to_string(total_pages_);
    Layout page = NewLayout(context_, number, kSmallStyle, 0);
    PangoRectangle logical;
    pango_layout_get_extents(page.get(), nullptr, &logical);
    DrawLayoutAt(page.get(), kMargin + kContentWidth - Points(logical.width), top,
                 kSmallStyle.gray);
    if (draw_) cairo_show_page(cr_);
  }

  void NewPage() {
    EndPage();
    ++page_;
    StartPage();
  }

  // Breaks the page unless `height` more points fit; never on an empty page.
  void EnsureSpace(double height) {
    if (y_ + height > bottom_ && y_ > kMargin + 30) NewPage();
  }

  void Gap(double height) { y_ += height; }

  // Draws the layout line by line at x, breaking pages between lines. `mark` is called with the
  // first line's baseline, to draw a bullet or a check box beside it.
  void Flow(PangoLayout* layout, double x, double gray,
            const std::function<void(double)>& mark = {}) {
    PangoLayoutIter* iter = pango_layout_get_iter(layout);
    bool first = true;
    do {
      PangoRectangle logical;
      pango_layout_iter_get_line_extents(iter, nullptr, &logical);
      double height = Points(logical.height);
      double baseline = Points(pango_layout_iter_get_baseline(iter) - logical.y);
      if (y_ + height > bottom_) NewPage();
      if (first && mark && draw_) mark(y_ + baseline);
      if (draw_) {
        SetGray(gray);
        cairo_move_to(cr_, x + Points(logical.x), y_ + baseline);
        pango_cairo_show_layout_line(cr_, pango_layout_iter_get_line_readonly(iter));
      }
      y_ += height;
      first = false;
    } while (pango_layout_iter_next_line(iter));
    pango_layout_iter_free(iter);
  }

  void Title() {
    PangoLayout* title = Shaped(doc_.title, kTitleStyle, kContentWidth);
    Flow(title, kMargin, kTitleStyle.gray);
    Gap(6);
    Rule(kMargin, kMargin + kContentWidth, y_, 0, 1.2);
    Gap(10);
  }

  // Label and value side by side; a row is never split over two pages.
  void FactsTable() {
    constexpr double kLabelWidth = kContentWidth * 0.36;
    constexpr double kPad = 3;
    for (const auto& [label, value] : doc_.facts) {
      PangoLayout* left = Shaped(label, kLabelStyle, kLabelWidth - 2 * kPad);
      PangoLayout* right = Shaped(value, kValueStyle, kContentWidth - kLabelWidth - 2 * kPad);
      double height = Points(std::max(LayoutHeight(left), LayoutHeight(right))) + 2 * kPad;
      EnsureSpace(height);
      DrawLayoutAt(left, kMargin + kPad, y_ + kPad, kLabelStyle.gray);
      DrawLayoutAt(right, kMargin + kLabelWidth + kPad, y_ + kPad, kValueStyle.gray);
      y_ += height;
      Rule(kMargin, kMargin + kContentWidth, y_, 0.75, 0.5);
    }
    Gap(8);
  }

  // A short section is kept on one page; a long one may run over, its heading kept with its text.
  void SectionBlock(const Section& section) {
    if (double height = Height(section); height <= keep_together_) EnsureSpace(height);
    if (!section.heading.empty()) {
      Gap(10);
      PangoLayout* heading = Shaped(section.heading, kHeadingStyle, kContentWidth);
      // Keep the heading with at least a few lines of what it heads.
      EnsureSpace(Points(LayoutHeight(heading)) + 3 * kBodyStyle.size * 1.25);
      Flow(heading, kMargin, kHeadingStyle.gray);
      Gap(4);
    }
    for (const std::string& paragraph : section.paragraphs) {
      Flow(Shaped(paragraph, kBodyStyle, kContentWidth), kMargin, kBodyStyle.gray);
      Gap(5);
    }
    for (const std::string& item : section.items) Item(item);
    for (const auto& [text, checked] : section.checklist) CheckItem(text, checked);
  }

  // A list item: a round bullet drawn (not a glyph) beside the first line, the text indented.
  void Item(const std::string& text) {
    PangoLayout* layout = Shaped(text, kBodyStyle, kContentWidth - kItemIndent);
    KeepTogether(layout);
    Flow(layout, kMargin + kItemIndent, kBodyStyle.gray, [&](double baseline) {
      SetGray(kBodyStyle.gray);
      // Centred on the x-height (about 0.55 em in DejaVu Sans).
      cairo_new_path(cr_);  // no line from where the last text ended
      cairo_arc(cr_, kMargin + 6, baseline - 0.275 * kBodyStyle.size, 1.8, 0, 2 * G_PI);
      cairo_fill(cr_);
    });
    Gap(4);
  }

  // A checklist entry: a box drawn as a rectangle, crossed when the entry applies.
  void CheckItem(const std::string& text, bool checked) {
    constexpr double kBox = 8;
    PangoLayout* layout = Shaped(text, kCheckStyle, kContentWidth - kCheckIndent);
    KeepTogether(layout);
    Flow(layout, kMargin + kCheckIndent, kCheckStyle.gray, [&](double baseline) {
      // From just below the baseline to about cap height: the box sits on the line like a letter.
      double x = kMargin + 1;
      double y = baseline + 0.6 - kBox;
      SetGray(0);
      cairo_set_line_width(cr_, 0.8);
      cairo_rectangle(cr_, x, y, kBox, kBox);
      cairo_stroke(cr_);
      if (!checked) return;
      cairo_set_line_width(cr_, 1.2);
      cairo_move_to(cr_, x + 1.6, y + 1.6);
      cairo_line_to(cr_, x + kBox - 1.6, y + kBox - 1.6);
      cairo_move_to(cr_, x + kBox - 1.6, y + 1.6);
      cairo_line_to(cr_, x + 1.6, y + kBox - 1.6);
      cairo_stroke(cr_);
    });
    Gap(2);
  }

  // A list entry of a few lines is not split over two pages.
  void KeepTogether(PangoLayout* layout) {
    double height = Points(LayoutHeight(layout));
    if (height <= keep_together_ / 2) EnsureSpace(height);
  }

  cairo_t* cr_;
  PangoContext* context_;
  Layouts& layouts_;
  const Document& doc_;
  bool draw_;
  int total_pages_;
  Layout footer_;
  double bottom_ = 0;         // lowest y the running text may reach
  double keep_together_ = 0;  // a block up to this high is moved whole to the next page
  double y_ = 0;
  int page_ = 1;
};

// Unhinted outlines and metrics: the same positions on every machine and at every zoom.
Context MakeContext(cairo_t* cr) {
  Context context(pango_cairo_create_context(cr));
  FontOptions options(cairo_font_options_create());
  cairo_font_options_set_hint_style(options.get(), CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics(options.get(), CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options(context.get(), options.get());
  return context;
}

// Fontconfig substitutes silently for a missing family; a notice in another font would lose the
// letters DejaVu Sans is chosen for, so its absence is an error.
std::optional<Error> CheckFont(PangoContext* context) {
  FontDescription description(pango_font_description_from_string(kFamily));
  std::unique_ptr<PangoFont, GObjectDeleter> font(
      pango_context_load_font(context, description.get()));
  if (!font) return Error{"no font could be loaded for the PDF"};
  FontDescription loaded(pango_font_describe(font.get()));
  const char* family = pango_font_description_get_family(loaded.get());
  if (family == nullptr || g_ascii_strcasecmp(family, kFamily) != 0)
    return Error{std::string("font \"") + kFamily + "\" is not installed (fonts-dejavu-core)"};
  return std::nullopt;
}

// cairo takes ISO 8601 dates and writes them as the PDF's D:YYYYMMDDHHmmSS dates.
std::optional<std::string> PdfDate(std::string_view issued_on) {
  if (!catalog::FormatDate("en", issued_on)) return std::nullopt;
  return std::string(issued_on) + "T00:00:00Z";
}

void SetMetadata(cairo_surface_t* surface, const Document& doc, const std::string& date) {
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, doc.title.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "tamga");
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, date.c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, date.c_str());
}

// A decimal number at `at`, up to `len` digits; nullopt unless all of them are digits.
std::optional<std::size_t> NumberAt(const std::string& text, std::size_t at, std::size_t len) {
  std::size_t value = 0;
  if (at + len > text.size()) return std::nullopt;
  auto [end, ec] = std::from_chars(text.data() + at, text.data() + at + len, value);
  if (ec != std::errc() || end != text.data() + at + len) return std::nullopt;
  return value;
}

// Where the cross-reference table starts, from the "startxref" at the end; npos if not found.
std::size_t XrefOffset(const std::string& pdf, std::size_t* number_at) {
  std::size_t at = pdf.rfind("startxref\n");
  if (at == std::string::npos) return std::string::npos;
  *number_at = at + 10;
  std::size_t end = pdf.find('\n', *number_at);
  if (end == std::string::npos) return std::string::npos;
  auto offset = NumberAt(pdf, *number_at, end - *number_at);
  if (!offset || pdf.compare(*offset, 5, "xref\n") != 0) return std::string::npos;
  return *offset;
}

// cairo 1.16 writes the Info dates as "(20220926000000Z)", without the "D:" prefix ISO 32000
// requires of a date (fixed in cairo 1.17.2). Inserts it, and moves the byte offsets of the
// cross-reference table that lie past the insertions. PDFs that cairo wrote otherwise (a newer
// cairo, or a layout this code does not know) are returned unchanged.
std::string AddDatePrefixes(std::string pdf) {
  std::size_t startxref_number = 0;
  std::size_t xref = XrefOffset(pdf, &startxref_number);
  if (xref == std::string::npos) return pdf;
  std::vector<std::size_t> inserts;  // in the original bytes, ascending
  for (const char* key : {"/CreationDate (", "/ModDate ("}) {
    std::size_t at = pdf.rfind(key, xref);
    if (at == std::string::npos) continue;
    at += std::char_traits<char>::length(key);
    if (pdf.compare(at, 2, "D:") != 0) inserts.push_back(at);
  }
  if (inserts.empty()) return pdf;
  std::ranges::sort(inserts);
  auto moved = [&](std::size_t offset) {
    return offset + 2 * std::ranges::count_if(inserts, [&](std::size_t at) { return at < offset; });
  };
  // The table: "xref\n0 N\n" then N entries of exactly 20 bytes, "oooooooooo ggggg n \n".
  std::size_t header_end = pdf.find('\n', xref + 5);
  unsigned first = 0;
  unsigned count = 0;
  if (std::sscanf(pdf.c_str() + xref + 5, "%u %u", &first, &count) != 2) return pdf;
  // Read every entry before changing any, so a table we cannot read leaves the PDF untouched.
  std::vector<std::pair<std::size_t, std::size_t>> entries;  // where, new offset
  for (unsigned i = 0; i < count; ++i) {
    std::size_t entry = header_end + 1 + 20 * i;
    if (entry + 20 > pdf.size()) return pdf;
    if (pdf[entry + 17] != 'n') continue;  // a free entry
    auto offset = NumberAt(pdf, entry, 10);
    if (!offset) return pdf;
    entries.emplace_back(entry, moved(*offset));
  }
  for (const auto& [entry, offset] : entries) {
    char digits[11];
    std::snprintf(digits, sizeof digits, "%010zu", offset);
    pdf.replace(entry, 10, digits);
  }
  std::size_t number_end = pdf.find('\n', startxref_number);
  pdf.replace(startxref_number, number_end - startxref_number, std::to_string(moved(xref)));
  for (auto it = inserts.rbegin(); it != inserts.rend(); ++it) pdf.insert(*it, "D:");
  return pdf;
}

}  // namespace

std::expected<std::string, Error> RenderPdf(const Document& document, std::string_view issued_on) {
  auto date = PdfDate(issued_on);
  if (!date) return std::unexpected(Error{"issued_on is not a date (YYYY-MM-DD)"});
  std::string bytes;
  Surface surface(
      cairo_pdf_surface_create_for_stream(AppendToString, &bytes, kPageWidth, kPageHeight));
  cairo_pdf_surface_restrict_to_version(surface.get(), CAIRO_PDF_VERSION_1_5);
  SetMetadata(surface.get(), document, *date);
  Cairo cr(cairo_create(surface.get()));
  Context context = MakeContext(cr.get());
  if (auto error = CheckFont(context.get())) return std::unexpected(*error);

  Layouts layouts(context.get());
  int pages = Pager(cr.get(), layouts, document, false, 0).Run();
  Pager(cr.get(), layouts, document, true, pages).Run();

  cr.reset();
  cairo_surface_finish(surface.get());
  if (cairo_status_t status = cairo_surface_status(surface.get()); status != CAIRO_STATUS_SUCCESS)
    return std::unexpected(Error{std::string("cairo: ") + cairo_status_to_string(status)});
  return AddDatePrefixes(std::move(bytes));
}

}  // namespace tamga::notices
