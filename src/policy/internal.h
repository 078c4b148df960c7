// Internals of the policy library shared by its source files: the loaded versions and the helpers
// that read a version's files.
#pragma once

#include <expected>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "dmn/dmn.h"
#include "feel/temporal.h"
#include "policy/policy.h"

namespace tamga::policy {

// One version, compiled: its metadata, models, the model holding the contract decision and the
// rules of its decision tables.
struct LoadedVersion {
  Version version;
  dmn::Models models;
  std::string model;  // the file of the model that holds the contract decision
  std::vector<Rule> rules;
  std::map<std::string, size_t, std::less<>> rule_index;  // rule id -> index into rules
  std::vector<VersionFile> files;  // policy.json and the .dmn files, sorted by name
};

namespace internal {
// Every loaded version: upper-case jurisdiction -> kind -> versions, oldest first.
struct Catalog {
  std::map<std::string, std::map<std::string, std::vector<LoadedVersion>>> versions;
  std::map<std::string, Jurisdiction> jurisdictions;  // upper-case code -> jurisdiction.json
};
}  // namespace internal

struct Library::Impl : internal::Catalog {
  std::filesystem::path root;  // the folder Load read
};

namespace internal {

// A date written exactly as YYYY-MM-DD that exists in the calendar.
std::optional<feel::Date> ParseIsoDate(std::string_view text);
bool Before(const feel::Date& a, const feel::Date& b);
std::string Upper(std::string_view s);
std::string Lower(std::string_view s);

// An object of texts by language, English required; errors name `file` and `field`.
std::expected<Translations, Error> ParseTranslations(const nlohmann::json& json,
                                                     const std::string& field,
                                                     const std::string& file);

// Sorted names of the entries of `dir`, without those beginning with a dot.
std::expected<std::vector<std::string>, Error> ListDir(const std::filesystem::path& dir);
std::expected<std::string, Error> ReadFile(const std::filesystem::path& path);
bool IsDirectory(const std::filesystem::path& path);

// What the DMN files of a version declare, read from their XML.
struct ModelScan {
  std::vector<Rule> rules;
  std::vector<std::string> input_data;  // names of every inputData
};
// Reads the decision table rules (with their "Reason" and "Citation" annotation columns) and the
// input data names of the models. Fails, naming the file, on XML that does not parse.
std::expected<ModelScan, Error> ScanModels(const std::vector<dmn::Source>& sources);

// SHA-256 (hex) over the files, in the given order: for each, its name, NUL, its size in decimal,
// NUL, its contents.
std::string ContentHash(const std::vector<std::pair<std::string, std::string>>& files);

// Checks the inputs against StandardInputs() and returns them normalised (a Document Details entry
// gets every key, null when not given).
std::expected<feel::Context, Error> NormalizeInputs(const feel::Context& inputs);

}  // namespace internal
}  // namespace tamga::policy
