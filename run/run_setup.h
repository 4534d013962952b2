// What every subcommand does before it measures: the document's header
// (command, argv, start time, environment) and the description of every
// rank, gathered to rank 0.
#ifndef SPINECHECK_RUN_RUN_SETUP_H_
#define SPINECHECK_RUN_RUN_SETUP_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "reports/model/run_document.h"
#include "topology/device/device.h"
#include "topology/world/world.h"

namespace spinecheck {

// World::Init with SIGTERM, SIGHUP and SIGINT handled from the start: a
// signal that arrives during MPI_Init has the launcher's rank 0 write the
// document's header (command, argv, start time) to `json_path`
// (WriteHeaderOnSignal). StartDocument then takes over.
absl::StatusOr<std::unique_ptr<World>> InitWorld(const std::string& command, int* argc, char*** argv,
                                                 const std::string& json_path);

// A usage error found before MPI starts (bad flags, a bad --baseline),
// printed once, by the launcher's rank 0: returns exit code 2.
int ExitOnUsageError(absl::string_view command, const absl::Status& status);
// MPI could not start (InitWorld failed), printed by every rank: returns
// exit code 3.
int ExitOnStartError(absl::string_view command, const absl::Status& status);

// A document for `command` with argv, start time, MPI, build, CUDA versions
// and the relevant environment variables filled in. From here on, SIGTERM,
// SIGHUP and SIGINT end the run through the run's report, or write this
// header to `json_path` (--json) while there is no report yet
// (WriteReportOnSignal).
RunDocument StartDocument(const std::string& command, World& world, int argc, char** argv,
                          const std::string& json_path);

// Collective: every rank's description (host, pid, its devices with their
// data-plane rank world rank * devices + lane, and `devices_visible`), on
// rank 0 in rank order; empty elsewhere.
absl::StatusOr<std::vector<RankInfo>> GatherRanks(World& world, const std::vector<std::unique_ptr<Device>>& devices,
                                                  int devices_visible = 0);

}  // namespace spinecheck

#endif  // SPINECHECK_RUN_RUN_SETUP_H_
