// spinecheck: collective benchmarks and diagnostics for GPU clusters.
// This file only dispatches subcommands; each lives in its own file.
#include <csignal>
#include <cstdio>

#include <CLI/CLI.hpp>

#include "reports/model/exit_code.h"
#include "reports/model/run_document.h"
#include "tools/spinecheck/burn_command.h"
#include "tools/spinecheck/flag_checks.h"
#include "tools/spinecheck/links_command.h"
#include "tools/spinecheck/report_command.h"
#include "tools/spinecheck/smoke_command.h"
#include "tools/spinecheck/sweep_command.h"
#include "tools/spinecheck/topo_command.h"
#include "topology/world/launcher.h"

int main(int argc, char** argv) {
  // A reader that goes away (`| head`, a FIFO's reader) makes a write fail
  // with EPIPE, reported with the output's name, instead of killing the run
  // before it has written the rest of its outputs.
  std::signal(SIGPIPE, SIG_IGN);
  CLI::App app{"spinecheck: collective-communication benchmarks and diagnostics for GPU clusters.\n"
               "Run it under mpirun or srun (one rank per GPU or per node), or alone as one rank."};
  app.set_version_flag("--version", std::string("spinecheck ") + spinecheck::kToolVersion);
  app.require_subcommand(1);
  spinecheck::SweepFlags sweep_flags;
  CLI::App* sweep = spinecheck::AddSweepCommand(app, sweep_flags);
  spinecheck::BurnFlags burn_flags;
  CLI::App* burn = spinecheck::AddBurnCommand(app, burn_flags);
  spinecheck::LinksFlags links_flags;
  CLI::App* links = spinecheck::AddLinksCommand(app, links_flags);
  spinecheck::TopoFlags topo_flags;
  CLI::App* topo = spinecheck::AddTopoCommand(app, topo_flags);
  spinecheck::ReportFlags report_flags;
  CLI::App* report = spinecheck::AddReportCommand(app, report_flags);
  spinecheck::SmokeFlags smoke_flags;
  CLI::App* smoke = spinecheck::AddSmokeCommand(app, smoke_flags);
  spinecheck::RejectEmptyValues(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return spinecheck::LauncherRank() == 0 ? app.exit(e) : 0;
  } catch (const CLI::CallForVersion& e) {
    return spinecheck::LauncherRank() == 0 ? app.exit(e) : 0;
  } catch (const CLI::ParseError& e) {
    if (spinecheck::LauncherRank() == 0) {
      std::fprintf(stderr, "spinecheck: error: %s\nRun 'spinecheck --help' or 'spinecheck SUBCOMMAND --help'.\n",
                   e.what());
    }
    return static_cast<int>(spinecheck::ExitCode::kUsage);
  }
  if (sweep->parsed()) return spinecheck::RunSweepCommand(sweep_flags, argc, argv);
  if (burn->parsed()) return spinecheck::RunBurnCommand(burn_flags, argc, argv);
  if (links->parsed()) return spinecheck::RunLinksCommand(links_flags, argc, argv);
  if (topo->parsed()) return spinecheck::RunTopoCommand(topo_flags, argc, argv);
  if (report->parsed()) return spinecheck::RunReportCommand(report_flags);
  if (smoke->parsed()) return spinecheck::RunSmokeCommand(smoke_flags, argc, argv);
  return static_cast<int>(spinecheck::ExitCode::kUsage);
}
