// Four-eyes publication of policy versions (docs/policies.md, "Four eyes"): a draft is proposed by
// one policy author and takes effect only once a second person approves it. Proposals, their
// simulations and their approval live in the case database, each change committed with its audit
// entry.
#pragma once

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "audit/audit.h"
#include "cases/model.h"
#include "store/database.h"

namespace tamga::cases {

struct Proposal {
  int64_t id = 0;
  std::string jurisdiction;  // "KZ"
  std::string kind;
  feel::Date takes_effect;
  std::string status;  // "proposed", "approved", "withdrawn"
  std::string draft;   // the draft as proposed (JSON, as the API's Draft schema has it)
  std::string proposed_by;
  std::string proposed_at;
  std::string decided_by;  // who approved or withdrew it
  std::string decided_at;
  std::string version;     // the published version's id, once approved
  std::string simulation;  // the latest simulation (JSON, SimulationToJson); "" when none
  std::string simulated_by;
  std::string simulated_at;
};

class ProposalStore {
 public:
  explicit ProposalStore(store::Database& db) : db_(db) {}

  // Stores a new proposal ("proposed"), numbering it; the entry (its details get the number)
  // commits with it.
  std::expected<Proposal, Error> Create(Proposal proposal, audit::Entry entry);
  // kNotFound naming "id" when there is none.
  std::expected<Proposal, Error> Load(int64_t id);
  // The proposals of a jurisdiction and kind, newest first, without their drafts and simulations'
  // case lists (the draft and simulation fields are left empty).
  std::expected<std::vector<Proposal>, Error> List(const std::string& jurisdiction,
                                                   const std::string& kind);
  // Closes a proposal that is still "proposed" as `status` ("approved" with the version's id, or
  // "withdrawn"), with its audit entries; kConflict naming "status" when it was closed meanwhile.
  // `notify`, when not empty, is sent on kChangesChannel once it commits.
  std::expected<void, Error> Close(int64_t id, std::string_view status, const std::string& by,
                                   const std::string& at, const std::string& version,
                                   std::vector<audit::Entry> entries,
                                   const std::string& notify = "");
  // Attaches a simulation to a proposal that is still "proposed" (replacing an earlier one), with
  // its audit entry.
  std::expected<void, Error> AttachSimulation(int64_t id, const std::string& simulation,
                                              const std::string& by, const std::string& at,
                                              audit::Entry entry);

 private:
  store::Database& db_;
};

// The table of proposals, as a migration for store::Database::Migrate (part of cases::Schema()).
const store::Migration& ProposalSchema();

}  // namespace tamga::cases
