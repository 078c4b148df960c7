#include "cases/proposals.h"

#include <nlohmann/json.hpp>

#include "cases/case_store.h"

namespace tamga::cases {
namespace {

Error Unavailable(const std::string& context, const store::Error& e) {
  return Error{Error::Code::kUnavailable, "", context + ": " + e.message};
}

constexpr char kColumns[] =
    "id, jurisdiction, kind, takes_effect, status, proposed_by, proposed_at, decided_by, "
    "decided_at, version, simulated_by, simulated_at";

Proposal FromRow(const store::Row& r) {
  Proposal p;
  p.id = r.Int(0);
  p.jurisdiction = r.Text(1);
  p.kind = r.Text(2);
  if (auto d = feel::ParseDate(r.Text(3))) p.takes_effect = *d;
  p.status = r.Text(4);
  p.proposed_by = r.Text(5);
  p.proposed_at = r.Text(6);
  p.decided_by = r.Text(7);
  p.decided_at = r.Text(8);
  p.version = r.Text(9);
  p.simulated_by = r.Text(10);
  p.simulated_at = r.Text(11);
  return p;
}

// The entry's details with the proposal's number added.
std::string WithNumber(const std::string& details, int64_t id) {
  nlohmann::json json = nlohmann::json::parse(details, nullptr, false);
  if (!json.is_object()) json = nlohmann::json::object();
  json["proposal"] = std::to_string(id);
  return json.dump();
}

}  // namespace

std::expected<Proposal, Error> ProposalStore::Create(Proposal p, audit::Entry entry) {
  const std::string context = "storing a proposal for " + p.jurisdiction + "/" + p.kind;
  auto tx = db_.Begin();
  if (!tx) return std::unexpected(Unavailable(context, tx.error()));
  p.status = "proposed";
  auto id = tx->Query(
      "INSERT INTO policy_proposals (jurisdiction, kind, takes_effect, status, draft, "
      "proposed_by, proposed_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {p.jurisdiction, p.kind, feel::ToString(p.takes_effect), p.status, p.draft, p.proposed_by,
       p.proposed_at});
  if (!id) return std::unexpected(Unavailable(context, id.error()));
  if (id->empty()) return std::unexpected(Unavailable(context, {"the insert returned no id"}));
  p.id = id->front().Int(0);
  entry.details = WithNumber(entry.details, p.id);
  if (auto ok = audit::Append(*tx, entry); !ok)
    return std::unexpected(Unavailable(context, ok.error()));
  if (auto ok = tx->Commit(); !ok) return std::unexpected(Unavailable(context, ok.error()));
  return p;
}

std::expected<Proposal, Error> ProposalStore::Load(int64_t id) {
  const std::string context = "reading proposal " + std::to_string(id);
  auto tx = db_.Begin();
  if (!tx) return std::unexpected(Unavailable(context, tx.error()));
  auto rows = tx->Query(
      std::string("SELECT ") + kColumns + ", draft, simulation FROM policy_proposals WHERE id = ?",
      {id});
  if (!rows) return std::unexpected(Unavailable(context, rows.error()));
  if (rows->empty())
    return std::unexpected(
        Error{Error::Code::kNotFound, "id", "no proposal " + std::to_string(id)});
  Proposal p = FromRow(rows->front());
  p.draft = rows->front().Text(12);
  p.simulation = rows->front().Text(13);
  return p;
}

std::expected<std::vector<Proposal>, Error> ProposalStore::List(const std::string& jurisdiction,
                                                                const std::string& kind) {
  const std::string context = "listing proposals for " + jurisdiction + "/" + kind;
  auto tx = db_.Begin();
  if (!tx) return std::unexpected(Unavailable(context, tx.error()));
  auto rows = tx->Query(std::string("SELECT ") + kColumns +
                            " FROM policy_proposals WHERE jurisdiction = ? AND kind = ? "
                            "ORDER BY id DESC",
                        {jurisdiction, kind});
  if (!rows) return std::unexpected(Unavailable(context, rows.error()));
  std::vector<Proposal> out;
  for (const store::Row& r : *rows) out.push_back(FromRow(r));
  return out;
}

std::expected<void, Error> ProposalStore::Close(int64_t id, std::string_view status,
                                                const std::string& by, const std::string& at,
                                                const std::string& version,
                                                std::vector<audit::Entry> entries,
                                                const std::string& notify) {
  const std::string context = "closing proposal " + std::to_string(id);
  auto tx = db_.Begin();
  if (!tx) return std::unexpected(Unavailable(context, tx.error()));
  auto updated = tx->Query(
      "UPDATE policy_proposals SET status = ?, decided_by = ?, decided_at = ?, version = ? "
      "WHERE id = ? AND status = 'proposed' RETURNING id",
      {std::string(status), by, at, version, id});
  if (!updated) return std::unexpected(Unavailable(context, updated.error()));
  if (updated->empty())
    return std::unexpected(Error{Error::Code::kConflict, "status",
                                 "proposal " + std::to_string(id) +
                                     " is no longer proposed (approved or withdrawn meanwhile)"});
  for (audit::Entry& e : entries) {
    if (auto ok = audit::Append(*tx, e); !ok)
      return std::unexpected(Unavailable(context, ok.error()));
  }
  if (!notify.empty()) {
    if (auto ok = tx->Notify(kChangesChannel, notify); !ok)
      return std::unexpected(Unavailable(context, ok.error()));
  }
  if (auto ok = tx->Commit(); !ok) return std::unexpected(Unavailable(context, ok.error()));
  return {};
}

std::expected<void, Error> ProposalStore::AttachSimulation(int64_t id,
                                                           const std::string& simulation,
                                                           const std::string& by,
                                                           const std::string& at,
                                                           audit::Entry entry) {
  const std::string context = "attaching a simulation to proposal " + std::to_string(id);
  auto tx = db_.Begin();
  if (!tx) return std::unexpected(Unavailable(context, tx.error()));
  auto updated = tx->Query(
      "UPDATE policy_proposals SET simulation = ?, simulated_by = ?, simulated_at = ? "
      "WHERE id = ? AND status = 'proposed' RETURNING id",
      {simulation, by, at, id});
  if (!updated) return std::unexpected(Unavailable(context, updated.error()));
  if (updated->empty())
    return std::unexpected(Error{Error::Code::kConflict, "status",
                                 "proposal " + std::to_string(id) + " is no longer proposed"});
  if (auto ok = audit::Append(*tx, entry); !ok)
    return std::unexpected(Unavailable(context, ok.error()));
  if (auto ok = tx->Commit(); !ok) return std::unexpected(Unavailable(context, ok.error()));
  return {};
}

const store::Migration& ProposalSchema() {
  static const store::Migration kSchema{9, "policy proposals (four eyes)", R"sql(
CREATE TABLE policy_proposals (
  id INTEGER PRIMARY KEY,
  jurisdiction TEXT NOT NULL,
  kind TEXT NOT NULL,
  takes_effect TEXT NOT NULL,           -- YYYY-MM-DD
  status TEXT NOT NULL,                 -- proposed, approved, withdrawn
  draft TEXT NOT NULL,                  -- the draft as proposed (JSON)
  proposed_by TEXT NOT NULL,
  proposed_at TEXT NOT NULL,
  decided_by TEXT NOT NULL DEFAULT '',  -- who approved or withdrew it
  decided_at TEXT NOT NULL DEFAULT '',
  version TEXT NOT NULL DEFAULT '',     -- the published version, once approved
  simulation TEXT NOT NULL DEFAULT '',  -- the latest simulation (JSON)
  simulated_by TEXT NOT NULL DEFAULT '',
  simulated_at TEXT NOT NULL DEFAULT ''
);
CREATE INDEX policy_proposals_kind ON policy_proposals (jurisdiction, kind, status);
)sql"};
  return kSchema;
}

}  // namespace tamga::cases
