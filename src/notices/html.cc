// RenderHtml(): one self-contained HTML5 page (inline CSS, no script, no external resource) that
// reads on screen and prints on A4. Every text of the document is escaped; line breaks inside a
// text (a ground's reason and its legal basis) become <br>.
#include <string>

#include "notices/notices.h"

namespace tamga::notices {
namespace {

constexpr std::string_view kStyle = R"css(
@page { size: A4; margin: 20mm; }
* { box-sizing: border-box; }
body { margin: 0; background: #f3f3f3; color: #111;
  font: 11pt/1.45 "DejaVu Sans", "Noto Sans", Arial, sans-serif; }
main { max-width: 190mm; margin: 12mm auto; padding: 16mm 18mm; background: #fff;
  border: 1px solid #ddd; }
h1 { font-size: 17pt; margin: 0 0 6mm; line-height: 1.25; }
h2 { font-size: 12pt; margin: 7mm 0 2mm; break-after: avoid; page-break-after: avoid; }
p { margin: 0 0 2.5mm; }
table.facts { border-collapse: collapse; width: 100%; margin-bottom: 4mm; }
table.facts th, table.facts td { text-align: left; vertical-align: top; padding: 1.2mm 2mm;
  border-bottom: 1px solid #ccc; }
table.facts th { width: 38%; font-weight: bold; color: #333; }
ul { margin: 0 0 3mm; padding-left: 6mm; }
li { margin-bottom: 1.5mm; break-inside: avoid; page-break-inside: avoid; }
ul.checklist { list-style: none; padding-left: 0; }
ul.checklist li { display: flex; gap: 2.5mm; align-items: flex-start; }
.box { flex: none; position: relative; width: 3.4mm; height: 3.4mm; margin-top: 1mm;
  border: 1.2px solid #000; }
.box.on::before, .box.on::after { content: ""; position: absolute; left: 50%; top: -0.4mm;
  height: 4mm; border-left: 1.4px solid #000; }
.box.on::before { transform: rotate(45deg); }
.box.on::after { transform: rotate(-45deg); }
p.fine { font-size: 8pt; color: #555; margin-top: 6mm; }
footer { margin-top: 6mm; padding-top: 2mm; border-top: 1px solid #999; font-size: 9pt;
  overflow-wrap: anywhere; }
@media screen and (max-width: 600px) {
  body { font-size: 10.5pt; }
  main { margin: 0; padding: 5mm 4mm; border: 0; max-width: none; }
  table.facts th { width: 42%; }
}
@media print {
  body { background: #fff; }
  main { margin: 0; padding: 0; border: 0; max-width: none; }
}
)css";

// Escapes for text and attribute values alike.
void AppendEscaped(std::string& out, std::string_view text) {
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
}

// Escaped, with each line break of the text as <br>.
void AppendText(std::string& out, std::string_view text) {
  std::size_t start = 0;
  while (true) {
    std::size_t nl = text.find('\n', start);
    AppendEscaped(out, text.substr(start, nl - start));
    if (nl == std::string_view::npos) return;
    out += "<br>";
    start = nl + 1;
  }
}

void AppendElement(std::string& out, std::string_view tag, std::string_view text,
                   std::string_view attributes = {}) {
  out += '<';
  out += tag;
  out += attributes;
  out += '>';
  AppendText(out, text);
  out += "</";
  out += tag;
  out += ">\n";
}

void AppendFacts(std::string& out, const Document& doc) {
  if (doc.facts.empty()) return;
  out += "<table class=\"facts\">\n";
  for (const auto& [label, value] : doc.facts) {
    out += "<tr>";
    AppendElement(out, "th", label, " scope=\"row\"");
    out.pop_back();  // keep the row on one line
    AppendElement(out, "td", value);
    out.pop_back();
    out += "</tr>\n";
  }
  out += "</table>\n";
}

// The Annex VI reasons: a box drawn with CSS borders (which print, unlike backgrounds, and need no
// ☐/☒ glyph), crossed where the reason applies; the checked state is also given to assistive
// technology through role="checkbox".
void AppendChecklist(std::string& out, const Section& section) {
  if (section.checklist.empty()) return;
  out += "<ul class=\"checklist\">\n";
  for (const auto& [text, checked] : section.checklist) {
    out += checked ? "<li role=\"checkbox\" aria-checked=\"true\" aria-readonly=\"true\">"
                     "<span class=\"box on\"></span>"
                   : "<li role=\"checkbox\" aria-checked=\"false\" aria-readonly=\"true\">"
                     "<span class=\"box\"></span>";
    AppendElement(out, "span", text);
    out.pop_back();
    out += "</li>\n";
  }
  out += "</ul>\n";
}

void AppendSection(std::string& out, const Section& section) {
  out += "<section>\n";
  if (!section.heading.empty()) AppendElement(out, "h2", section.heading);
  for (const std::string& paragraph : section.paragraphs) AppendElement(out, "p", paragraph);
  if (!section.items.empty()) {
    out += "<ul>\n";
    for (const std::string& item : section.items) AppendElement(out, "li", item);
    out += "</ul>\n";
  }
  AppendChecklist(out, section);
  out += "</section>\n";
}

}  // namespace

std::string RenderHtml(const Document& document) {
  std::string out = "<!DOCTYPE html>\n<html lang=\"";
  AppendEscaped(out, document.language);
  out += "\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  AppendElement(out, "title", document.title);
  out += "<style>";
  out += kStyle;
  out += "</style>\n</head>\n<body>\n<main>\n";
  AppendElement(out, "h1", document.title);
  AppendFacts(out, document);
  for (const Section& section : document.sections) AppendSection(out, section);
  if (!document.fine_print.empty()) AppendElement(out, "p", document.fine_print, " class=\"fine\"");
  if (!document.footer.empty()) AppendElement(out, "footer", document.footer);
  out += "</main>\n</body>\n</html>\n";
  return out;
}

}  // namespace tamga::notices
