#include "run/run_setup.h"

#include <unistd.h>

#include "bench/comm/communicator_factory.h"
#include "reports/json/gather_codec.h"
#include "reports/model/status_macros.h"
#include "run/run_report.h"
#include "topology/device/device_factory.h"
#include "topology/world/environment.h"
#include "topology/world/launcher.h"

namespace spinecheck {

int ExitOnUsageError(absl::string_view command, const absl::Status& status) {
  if (LauncherRank() == 0) PrintCommandError(command, status);
  return static_cast<int>(ExitCode::kUsage);
}

int ExitOnStartError(absl::string_view command, const absl::Status& status) {
  PrintCommandError(command, status);
  return static_cast<int>(ExitCode::kCouldNotTest);
}

absl::StatusOr<std::unique_ptr<World>> InitWorld(const std::string& command, int* argc, char*** argv,
                                                 const std::string& json_path) {
  RunDocument header;
  header.command = command;
  header.argv.assign(*argv, *argv + *argc);
  header.start_time = NowRfc3339();
  WorldOptions options;
  const bool root = LauncherRank() == 0;
  options.interrupt_handler = [header, json_path, root](const absl::Status& status) {
    if (root) return WriteHeaderOnSignal(header, json_path, status);
    return static_cast<int>(ExitCodeForStatus(status));
  };
  return World::Init(argc, argv, options);
}

RunDocument StartDocument(const std::string& command, World& world, int argc, char** argv,
                          const std::string& json_path) {
  RunDocument document;
  document.command = command;
  document.argv.assign(argv, argv + argc);
  document.start_time = NowRfc3339();
  document.environment.mpi_library = world.MpiLibraryVersion();
  document.environment.mpi_standard = world.MpiStandardVersion();
  document.environment.build = BuildConfiguration();
  document.environment.variables = RelevantEnvironmentVariables();
  const GpuStackVersions gpu_stack = DescribeGpuStack();
  document.environment.cuda_driver = gpu_stack.cuda_driver;
  document.environment.cuda_runtime = gpu_stack.cuda_runtime;
  WriteReportOnSignal(world, document, json_path);
  return document;
}

absl::StatusOr<std::vector<RankInfo>> GatherRanks(World& world, const std::vector<std::unique_ptr<Device>>& devices,
                                                  int devices_visible) {
  RankInfo self;
  self.rank = world.rank();
  self.local_rank = world.local_rank();
  self.pid = static_cast<int>(getpid());
  self.host = world.host();
  self.devices_visible = devices_visible;
  const GpuStackVersions gpu_stack = DescribeGpuStack();
  const std::string mpi_library = world.MpiLibraryVersion();
  self.software = {gpu_stack.cuda_driver, gpu_stack.cuda_runtime, NcclRuntimeVersionIfBuilt(),
                   mpi_library.substr(0, mpi_library.find('\n'))};
  for (size_t lane = 0; lane < devices.size(); ++lane) {
    DeviceInfo info = devices[lane]->info();
    info.comm_rank = world.rank() * static_cast<int>(devices.size()) + static_cast<int>(lane);
    self.devices.push_back(std::move(info));
  }
  SPINECHECK_ASSIGN_OR_RETURN(const std::vector<std::string> encoded, world.GatherToRoot(EncodeRankInfo(self)));
  std::vector<RankInfo> ranks;
  for (const std::string& text : encoded) {
    SPINECHECK_ASSIGN_OR_RETURN(RankInfo info, DecodeRankInfo(text));
    ranks.push_back(std::move(info));
  }
  return ranks;
}

}  // namespace spinecheck
