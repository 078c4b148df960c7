// Sub-commands of `tamga` beyond `decide`: each parses nothing itself (main.cc does, with CLI11),
// calls the library, prints for people, and returns the process exit code.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

namespace tamga::cli {

// Where `tamga serve --data DIR` keeps its state.
std::string DatabasePath(const std::string& data_dir);  // DIR/tamga.db
std::string FilesPath(const std::string& data_dir);     // DIR/files
// The database of a command: `db` (--db, or TAMGA_DB through CLI11) when given: a PostgreSQL URL
// or an SQLite file; otherwise DIR/tamga.db.
std::string DatabaseLocation(const std::string& data_dir, const std::string& db);

// `tamga policy test [DIR]`: runs the policies' test files; lists failures and the rules no test
// exercised. Exit 1 when a test fails or the library does not load.
int PolicyTest(const std::string& policies_dir);
// `tamga policy check [DIR]`: every model under DIR: models that do not load, FEEL that does not
// compile, and the decision-table analysis (dmn/table_analysis.h); exit 1 when there are errors.
int PolicyCheck(const std::string& policies_dir);

// `tamga policy simulate DRAFT_DIR [--period FROM..TO] [--policies DIR] [--data DIR|--db URL]`:
// the draft version folder (policy.json and models, in <jurisdiction>/<kind>/) over the pending
// cases it would reach and, with a period, the cases decided and filed then (cases::Simulate);
// prints a progress bar on stderr, the totals of changed outcomes by outcome, ground, citizenship
// and month, the changed cases (at most `list`), and as its last line exactly
// "simulate: N cases, M changed". Writes nothing. Exit 2 on bad arguments, 1 when the draft or
// the database cannot be read.
struct PolicySimulateOptions {
  std::string draft_dir;
  std::string period;
  std::string policies_dir = "policies";
  std::string data_dir = "var";
  std::string db;
  int list = 20;
};
int PolicySimulate(const PolicySimulateOptions& options);

// Where the signed checkpoints of the audit chain and their signing key live by default: beside
// the database (docs/audit.md says why an operator moves the key elsewhere).
std::string CheckpointsPath(const std::string& data_dir);
std::string AuditKeyPath(const std::string& data_dir);

// `tamga audit verify [--data DIR] [--public-key HEX]`: walks the audit chain (the first entry
// where an edited, deleted, inserted or reordered entry breaks it), compares every case, document
// and notice with the state its last audited act recorded, and checks the signed checkpoints (with
// the operator's copy of the public key when given, else the one beside the key). 0 when all hold.
int AuditVerify(const std::string& data_dir, const std::string& public_key = "",
                const std::string& db = "");

// `tamga db copy --from DIR|URL --to DIR|URL [--from-data DIR] [--to-data DIR]`: copies an
// office's data (every table: cases, notices, accounts, watchlists, policy activations, the audit
// chain; and the files: documents, the checkpoint log and its key) into an empty target, in one
// transaction, then verifies the target as `tamga audit verify` does. A URL side's files are in its
// --X-data folder. Both databases are first brought to this build's schema. 0 when the copy
// verifies.
struct DbCopy {
  std::string from, to;
  std::string from_data, to_data;
};
int CopyDatabase(const DbCopy& options, std::ostream& out, std::ostream& err);

// `tamga demo generate --cases N [--data DIR|--db URL] [--policies DIR] [--seed S] [--batch B]`:
// N synthetic applications checked, decided and stored as intake would (cases::GenerateCases),
// B to a transaction, for benchmarks and load tests; prints progress on stderr and, last,
// "generated N cases in S s (R cases/s) into LOCATION". Exit 2 on bad arguments, 1 on a failure.
struct DemoGenerateOptions {
  int64_t cases = 0;
  std::string data_dir = "var";
  std::string db;
  std::string policies_dir = "policies";
  unsigned seed = 2022;
  int batch = 2000;
};
int DemoGenerate(const DemoGenerateOptions& options);

// `tamga mrz`: reads JSON lines {"mrz": ["LINE1", "LINE2"(, "LINE3")]} and writes one JSON line
// each (identity::MrzJson: valid, format, fields, errors). A line that is not of that shape gets
// {"valid": false, "errors": ["input"]} and a message on stderr naming its line; exit 1 then.
int Mrz(std::istream& in, std::ostream& out);

// `tamga names match [--threshold T] FILE.csv`: for each row of a CSV whose header has name1 and
// name2 (other columns ignored), writes name1,name2,score,match to stdout. Exit 2 on a file that
// cannot be read or a row without those columns (naming the line).
int NamesMatch(const std::string& file, double threshold);

// `tamga watchlist import --name NAME --format ftm|csv [--kind K] [--legal-basis B]
// [--jurisdiction J]... [--data DIR] FILE`: stores the file as the list's next version (all or
// nothing: every parse error is printed as FILE:LINE: column: message, exit 1).
struct WatchlistImport {
  std::string name;
  std::string format;
  std::string kind;  // entry-ban, wanted, sanctions: required for a new list
  std::string legal_basis;
  std::vector<std::string> jurisdictions;
  std::string data_dir = "var";
  std::string db;  // --db: overrides DIR/tamga.db
  std::string file;
  std::string actor = "cli";
};
int ImportWatchlist(const WatchlistImport& options, std::ostream& out, std::ostream& err);
// `tamga watchlist list [--data DIR]`: lists, versions, what each changed and the hits
// re-screening raised.
int ListWatchlists(const std::string& data_dir, const std::string& db, std::ostream& out,
                   std::ostream& err);

}  // namespace tamga::cli
