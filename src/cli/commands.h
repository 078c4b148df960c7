// Sub-commands of `tamga` beyond `decide`: each parses nothing itself (main.cc does, with CLI11),
// calls the library, prints for people, and returns the process exit code.
#pragma once

#include <string>

namespace tamga::cli {

// Where `tamga serve --data DIR` keeps its state.
std::string DatabasePath(const std::string& data_dir);  // DIR/tamga.db
std::string FilesPath(const std::string& data_dir);     // DIR/files

// `tamga policy test [DIR]`: runs the policies' test files; lists failures and the rules no test
// exercised. Exit 1 when a test fails or the library does not load.
int PolicyTest(const std::string& policies_dir);

// `tamga audit verify [--data DIR]`: walks the audit chain; prints the first entry where an edited,
// deleted or reordered entry breaks it, and the head hash to record elsewhere. Exit 1 when broken.
int AuditVerify(const std::string& data_dir);

}  // namespace tamga::cli
