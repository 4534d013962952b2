// `spinecheck report`: offline views of result documents (no MPI).
//
//   spinecheck report RUN.json [RUN.json …] [--html F] [--md F] [--csv F] [--junit F] [--prom F]
//                     [--baseline FILE [--tolerance T]] [--json OUT]
//   spinecheck report baseline RUN.json [RUN.json …] -o BASELINE.json
//   spinecheck report history add RUN.json [RUN.json …] --db FILE [--label L]
//   spinecheck report history regressions --db FILE [--window K] [--tolerance T]
//   spinecheck report import nccl-tests|osu|imb FILE [--json OUT]
//
// Exit codes: the worst verdict of the documents rendered (so that a report
// of a run ends as the run did), 1 when `history regressions` lists a
// regression, 2 for unreadable or malformed input, 3 when an output could
// not be written.
#ifndef SPINECHECK_TOOLS_SPINECHECK_REPORT_COMMAND_H_
#define SPINECHECK_TOOLS_SPINECHECK_REPORT_COMMAND_H_

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace spinecheck {

struct ReportFlags {
  // Rendering.
  std::vector<std::string> documents;
  std::string html_path, markdown_path, csv_path, junit_path, prometheus_path, json_path;
  std::string baseline_path;
  double tolerance = -1;  // below zero: the baseline comparison's default
  // report baseline
  std::vector<std::string> baseline_inputs;
  std::string baseline_output;
  // report history add / regressions
  std::vector<std::string> history_inputs;
  std::string history_db;
  std::string history_label;
  int history_window = 5;
  double history_tolerance = -1;
  // report import
  std::string import_tool;
  std::string import_file;
  std::string import_json;

  CLI::App* report = nullptr;
  CLI::App* baseline = nullptr;
  CLI::App* history_add = nullptr;
  CLI::App* history_regressions = nullptr;
  CLI::App* import = nullptr;
};

CLI::App* AddReportCommand(CLI::App& app, ReportFlags& flags);

// Runs the parsed `report` subcommand and returns the exit code.
int RunReportCommand(const ReportFlags& flags);

}  // namespace spinecheck

#endif  // SPINECHECK_TOOLS_SPINECHECK_REPORT_COMMAND_H_
