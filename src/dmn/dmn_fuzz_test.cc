// Bounded, deterministic robustness test of the DMN layer: TCK models with elements and attributes
// deleted, duplicated or corrupted must load or be refused with an Error, and every decision of a
// model that loads must evaluate with null inputs without throwing. Skipped when the TCK is absent.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include <gtest/gtest.h>
#include <pugixml.hpp>

#include "dmn/dmn.h"
#include "dmn/xml.h"

namespace tamga::dmn {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> TckModels() {
  std::vector<fs::path> out;
  fs::path root = "../shared/dmn-tck/compliance-level-3";
  if (!fs::exists(root)) return out;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (e.path().extension() == ".dmn") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<pugi::xml_node> Elements(pugi::xml_node root) {
  std::vector<pugi::xml_node> all;
  for (const pugi::xpath_node& n : root.select_nodes("//*")) all.push_back(n.node());
  return all;
}

// One random damage: remove an element, remove an attribute, duplicate an element, or replace a
// text by a fragment of FEEL noise.
void Damage(pugi::xml_document& doc, std::mt19937& rng) {
  auto all = Elements(doc.document_element());
  if (all.size() < 2) return;
  pugi::xml_node n = all[std::uniform_int_distribution<size_t>(1, all.size() - 1)(rng)];
  static const char* const kNoise[] = {"", "(", "[1..", "}", "\"", "@\"x\"", "a.b.c(", "-", "?"};
  switch (rng() % 4) {
    case 0:
      n.parent().remove_child(n);
      break;
    case 1:
      if (n.first_attribute()) n.remove_attribute(n.first_attribute());
      break;
    case 2:
      n.parent().insert_copy_after(n, n);
      break;
    case 3:
      if (LocalName(n) == "text") n.text().set(kNoise[rng() % std::size(kNoise)]);
      break;
  }
}

TEST(DmnFuzzTest, DamagedModelsLoadOrAreRefusedAndEvaluateWithoutThrowing) {
  auto models = TckModels();
  if (models.empty()) GTEST_SKIP() << "../shared/dmn-tck is not here";
  std::mt19937 rng(20220921);
  int loaded = 0, refused = 0;
  for (size_t round = 0; round < 20; ++round) {
    for (const fs::path& path : models) {
      pugi::xml_document doc;
      if (!doc.load_file(path.c_str())) continue;
      for (int d = 0; d < 1 + static_cast<int>(rng() % 3); ++d) Damage(doc, rng);
      std::ostringstream xml;
      doc.save(xml);
      std::optional<std::expected<Models, Error>> parsed;
      ASSERT_NO_THROW(parsed.emplace(Models::Parse({{path.filename().string(), xml.str()}})))
          << path;
      auto& m = *parsed;
      if (!m) {
        ++refused;
        EXPECT_FALSE(m.error().message.empty()) << path;
        continue;
      }
      ++loaded;
      std::vector<std::string> names;
      for (pugi::xml_node n : doc.document_element().children()) {
        if (LocalName(n) == "decision" && n.attribute("name"))
          names.push_back(n.attribute("name").value());
      }
      for (const std::string& name : names) {
        EXPECT_NO_THROW((void)m->Evaluate("", name, Inputs{})) << path << " " << name;
      }
    }
  }
  EXPECT_GT(loaded, 0);
  EXPECT_GT(refused, 0);
  std::printf("damaged models: %d loaded, %d refused\n", loaded, refused);
}

}  // namespace
}  // namespace tamga::dmn
