#include "tools/spinecheck/report_command.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "reports/baseline/baseline.h"
#include "reports/baseline/baseline_json.h"
#include "reports/baseline/compare.h"
#include "reports/history/history_store.h"
#include "reports/importers/imb.h"
#include "reports/importers/nccl_tests.h"
#include "reports/importers/osu.h"
#include "reports/model/exit_code.h"
#include "reports/readers/json_reader.h"
#include "reports/writers/html_report.h"
#include "reports/writers/json_writer.h"
#include "reports/writers/junit_xml.h"
#include "reports/writers/long_csv.h"
#include "reports/writers/markdown_report.h"
#include "reports/writers/output_file.h"
#include "reports/writers/prometheus_textfile.h"
#include "tools/spinecheck/flag_checks.h"

namespace spinecheck {
namespace {

void PrintError(absl::string_view subcommand, absl::string_view message) {
  absl::FPrintF(stderr, "spinecheck %s: error: %s\n", subcommand, message);
}

absl::StatusOr<std::vector<RunDocument>> ReadDocuments(const std::vector<std::string>& paths) {
  std::vector<RunDocument> documents;
  for (const std::string& path : paths) {
    absl::StatusOr<RunDocument> document = ReadRunDocument(path);
    if (!document.ok()) return document.status();
    documents.push_back(*std::move(document));
  }
  return documents;
}

absl::StatusOr<std::string> ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::InvalidArgumentError(absl::StrCat(path, ": cannot be read (missing, or not readable)"));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The verdict again, after findings were added to a finished run. A run that
// ended early (usage, error, timeout) keeps its verdict: its findings cannot
// make it less incomplete.
void RedecideVerdict(RunDocument& document) {
  if (document.state != RunState::kCompleted) return;
  document.verdict = DecideVerdict(document.findings, absl::OkStatus());
}

// One line per document and one per finding, as a live run prints them.
void PrintSummary(const std::string& path, const RunDocument& document) {
  absl::PrintF("%s: %s %s verdict=%s exit=%d drain=%s reason=\"%s\"\n", path, document.source.producer,
               document.command, VerdictStatusName(document.verdict.status), static_cast<int>(document.verdict.exit_code),
               absl::StrJoin(document.verdict.drain, ","), document.verdict.reason);
  for (const Finding& finding : document.findings) {
    absl::PrintF("spinecheck: %s %s=%s check=%s measured=%g expected=%g unit=\"%s\" %s\n",
                 absl::AsciiStrToUpper(SeverityName(finding.severity)), ComponentKindName(finding.component.kind), finding.component.id, finding.check,
                 finding.measured, finding.expected, finding.unit, finding.message);
  }
}

int WorstExitCodeOf(const std::vector<RunDocument>& documents) {
  ExitCode worst = ExitCode::kPass;
  for (const RunDocument& document : documents) worst = WorstExitCode(worst, document.verdict.exit_code);
  return static_cast<int>(worst);
}

// The regressions as a table, largest change first.
std::string FormatRegressions(const RegressionReport& report) {
  std::string text = absl::StrFormat("# history: newest run %s (%s) against the median of %d earlier runs\n"
                                     "# configuration: %s\n",
                                     report.newest_start_time, report.newest_file, report.earlier_runs,
                                     report.configuration_key);
  if (!report.note.empty()) absl::StrAppend(&text, "# ", report.note, "\n");
  if (report.regressions.empty()) {
    absl::StrAppend(&text, "# no regression\n");
    return text;
  }
  absl::StrAppend(&text, absl::StrFormat("# %-10s %-40s %-12s %-22s %12s %12s %8s  %s\n", "kind", "component", "host",
                                         "metric", "newest", "median", "change", "since (runs)"));
  for (const Regression& r : report.regressions) {
    std::string component = r.component;
    if (r.size_bytes > 0) absl::StrAppend(&component, " ", r.size_bytes, " B");
    absl::StrAppend(&text, absl::StrFormat("  %-10s %-40s %-12s %-22s %12.6g %12.6g %+7.1f%%  %s (%d)\n", r.kind,
                                           component, r.host.empty() ? "-" : r.host, r.metric + " (" + r.unit + ")",
                                           r.newest, r.median, r.change_pct, r.since, r.slow_runs));
  }
  return text;
}

int RunRender(const ReportFlags& flags) {
  absl::StatusOr<std::vector<RunDocument>> documents = ReadDocuments(flags.documents);
  if (!documents.ok()) {
    PrintError("report", documents.status().message());
    return static_cast<int>(ExitCode::kUsage);
  }
  if (!flags.json_path.empty() && documents->size() != 1) {
    PrintError("report", "--json writes one judged document: give exactly one RUN.json with it");
    return static_cast<int>(ExitCode::kUsage);
  }
  const std::vector<std::pair<std::string, std::string>> output_flags = {
      {"--html", flags.html_path}, {"--md", flags.markdown_path},       {"--csv", flags.csv_path},
      {"--junit", flags.junit_path}, {"--prom", flags.prometheus_path}, {"--json", flags.json_path}};
  if (const OutputCheck check = CheckOutputFlags(output_flags); !check.status.ok()) {
    PrintError("report", check.status.message());
    return static_cast<int>(ExitCode::kUsage);
  }
  if (!flags.baseline_path.empty()) {
    absl::StatusOr<Baseline> baseline = ReadBaselineFile(flags.baseline_path);
    if (!baseline.ok()) {
      PrintError("report", absl::StrCat("--baseline: ", baseline.status().message()));
      return static_cast<int>(ExitCode::kUsage);
    }
    CompareOptions options;
    if (flags.tolerance >= 0) options.tolerance = flags.tolerance;
    for (RunDocument& document : *documents) {
      JudgeAgainstBaseline(document, *baseline, flags.baseline_path, options);
      RedecideVerdict(document);
    }
  }
  for (size_t i = 0; i < documents->size(); ++i) PrintSummary(flags.documents[i], (*documents)[i]);

  using Writer = absl::Status (*)(const std::vector<RunDocument>&, const std::string&);
  const std::pair<const std::string*, Writer> outputs[] = {
      {&flags.html_path, WriteHtmlReport},    {&flags.markdown_path, WriteMarkdownReport},
      {&flags.csv_path, WriteLongCsv},        {&flags.junit_path, WriteJUnit},
      {&flags.prometheus_path, WritePrometheusTextfile},
  };
  bool write_failed = false;
  for (const auto& [path, write] : outputs) {
    if (path->empty()) continue;
    if (absl::Status status = write(*documents, *path); !status.ok()) {
      PrintError("report", status.message());
      write_failed = true;
    }
  }
  if (!flags.json_path.empty()) {
    if (absl::Status status = WriteJsonDocument(documents->front(), flags.json_path); !status.ok()) {
      PrintError("report", status.message());
      write_failed = true;
    }
  }
  if (write_failed) return static_cast<int>(ExitCode::kCouldNotTest);
  return WorstExitCodeOf(*documents);
}

int RunBaseline(const ReportFlags& flags) {
  absl::StatusOr<std::vector<RunDocument>> documents = ReadDocuments(flags.baseline_inputs);
  if (!documents.ok()) {
    PrintError("report baseline", documents.status().message());
    return static_cast<int>(ExitCode::kUsage);
  }
  BaselineOptions options;
  options.names = flags.baseline_inputs;
  absl::StatusOr<Baseline> baseline = DeriveBaseline(*documents, options);
  if (!baseline.ok()) {
    PrintError("report baseline", baseline.status().message());
    return static_cast<int>(ExitCode::kUsage);
  }
  if (absl::Status status = WriteOutputFile(flags.baseline_output, RenderBaselineJson(*baseline));
      !status.ok()) {
    PrintError("report baseline", status.message());
    return static_cast<int>(ExitCode::kCouldNotTest);
  }
  size_t values = 0;
  for (const PlatformBaseline& platform : baseline->platforms) values += platform.values.size();
  absl::PrintF("%s: %d expected values for %d platform(s) from %d runs\n", flags.baseline_output, values,
               baseline->platforms.size(), documents->size());
  return 0;
}

// A store that cannot be read (missing, not a store, a newer schema) is a
// usage error naming it, as any other input of `report`; one that another
// process keeps locked past the busy timeout could not be tested.
int HistoryOpenExitCode(const absl::Status& status) {
  return static_cast<int>(absl::IsUnavailable(status) ? ExitCode::kCouldNotTest : ExitCode::kUsage);
}

int RunHistoryAdd(const ReportFlags& flags) {
  absl::StatusOr<std::vector<RunDocument>> documents = ReadDocuments(flags.history_inputs);
  if (!documents.ok()) {
    PrintError("report history add", documents.status().message());
    return static_cast<int>(ExitCode::kUsage);
  }
  HistoryOptions options;
  options.create = true;
  absl::StatusOr<HistoryStore> store = HistoryStore::Open(flags.history_db, options);
  if (!store.ok()) {
    PrintError("report history add", store.status().message());
    return HistoryOpenExitCode(store.status());
  }
  for (size_t i = 0; i < documents->size(); ++i) {
    const std::string label = flags.history_label.empty() ? flags.history_inputs[i] : flags.history_label;
    absl::StatusOr<AddedRun> added = store->Add((*documents)[i], label);
    if (!added.ok()) {
      const absl::Status& status = added.status();
      PrintError("report history add", absl::StrCat(flags.history_inputs[i], ": ", status.message()));
      return absl::IsAlreadyExists(status) || absl::IsInvalidArgument(status) ? static_cast<int>(ExitCode::kUsage)
                                                                              : static_cast<int>(ExitCode::kCouldNotTest);
    }
    absl::PrintF("%s: added to %s as run %d with %d measurements\n", flags.history_inputs[i], flags.history_db,
                 added->id, added->measurements);
  }
  return 0;
}

int RunHistoryRegressions(const ReportFlags& flags) {
  absl::StatusOr<HistoryStore> store = HistoryStore::Open(flags.history_db);
  if (!store.ok()) {
    PrintError("report history regressions", store.status().message());
    return HistoryOpenExitCode(store.status());
  }
  RegressionOptions options;
  options.window = flags.history_window;
  if (flags.history_tolerance >= 0) options.tolerance = flags.history_tolerance;
  absl::StatusOr<RegressionReport> report = store->Regressions(options);
  if (!report.ok()) {
    PrintError("report history regressions", report.status().message());
    return static_cast<int>(ExitCode::kCouldNotTest);
  }
  absl::PrintF("%s", FormatRegressions(*report));
  return report->regressions.empty() ? 0 : static_cast<int>(ExitCode::kFailure);
}

int RunImport(const ReportFlags& flags) {
  absl::StatusOr<std::string> text = ReadText(flags.import_file);
  if (!text.ok()) {
    PrintError("report import", text.status().message());
    return static_cast<int>(ExitCode::kUsage);
  }
  absl::StatusOr<RunDocument> document;
  if (flags.import_tool == "nccl-tests") document = ImportNcclTests(*text, flags.import_file);
  else if (flags.import_tool == "osu") document = ImportOsu(*text, flags.import_file);
  else document = ImportImb(*text, flags.import_file);
  if (!document.ok()) {
    PrintError("report import", document.status().message());
    return static_cast<int>(ExitCode::kUsage);
  }
  absl::PrintF("%s: %s%s, %d rows\n", flags.import_file, document->source.producer,
               document->source.producer_version.empty() ? "" : absl::StrCat(" ", document->source.producer_version),
               document->collective_rows.size());
  PrintSummary(flags.import_file, *document);
  if (!flags.import_json.empty()) {
    if (absl::Status status = WriteJsonDocument(*document, flags.import_json); !status.ok()) {
      PrintError("report import", status.message());
      return static_cast<int>(ExitCode::kCouldNotTest);
    }
  }
  return static_cast<int>(document->verdict.exit_code);
}

}  // namespace

CLI::App* AddReportCommand(CLI::App& app, ReportFlags& flags) {
  CLI::App* report = app.add_subcommand(
      "report", "Offline: render result documents (HTML, Markdown, CSV, JUnit, Prometheus), derive baselines, "
                "keep a history, import other tools' outputs. Needs no MPI.");
  flags.report = report;
  report->require_subcommand(0, 1);
  report->add_option("documents", flags.documents, "Result documents (spinecheck.run/1 JSON) to render together");
  report->add_option("--html", flags.html_path, "Write one self-contained HTML page here");
  report->add_option("--md", flags.markdown_path, "Write a Markdown report here");
  report->add_option("--csv", flags.csv_path, "Write long CSV here (run,producer,name,params,metric,value,unit,verdict)");
  report->add_option("--junit", flags.junit_path, "Write JUnit XML here (a testcase per node, GPU and link)");
  report->add_option("--prom", flags.prometheus_path, "Write a node_exporter textfile here (atomically)");
  report->add_option("--baseline", flags.baseline_path, "Judge the documents against this baseline (report baseline)");
  report->add_option("--tolerance", flags.tolerance, "Shortfall against the baseline that is a finding (0.1 = 10 %)")
      ->check(Fraction());
  report->add_option("--json", flags.json_path, "Write the judged document here (one RUN.json only)");

  CLI::App* baseline = report->add_subcommand("baseline", "Derive expected values per platform from known-good runs");
  flags.baseline = baseline;
  baseline->add_option("runs", flags.baseline_inputs, "Known-good result documents")->required();
  baseline->add_option("-o,--output", flags.baseline_output, "The baseline file to write")->required();

  CLI::App* history = report->add_subcommand("history", "A SQLite store of runs and what got slower");
  history->require_subcommand(1);
  CLI::App* add = history->add_subcommand("add", "Store runs, keyed by host and GPU UUID");
  flags.history_add = add;
  add->add_option("runs", flags.history_inputs, "Result documents to store")->required();
  add->add_option("--db", flags.history_db, "The history database (created when missing)")->required();
  add->add_option("--label", flags.history_label, "A label for the run (default: the file name)");
  CLI::App* regressions = history->add_subcommand(
      "regressions", "Compare the newest run with the median of the last K runs of the same configuration");
  flags.history_regressions = regressions;
  regressions->add_option("--db", flags.history_db, "The history database")->required();
  regressions->add_option("--window", flags.history_window, "K: earlier runs in the rolling median")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000));
  regressions->add_option("--tolerance", flags.history_tolerance, "Change that counts as slower (0.1 = 10 %)")
      ->check(Fraction());

  CLI::App* import = report->add_subcommand("import", "Read another tool's output into a result document");
  flags.import = import;
  import->add_option("tool", flags.import_tool, "nccl-tests, osu or imb")
      ->required()
      ->check(CLI::IsMember({"nccl-tests", "osu", "imb"}));
  import->add_option("file", flags.import_file, "The tool's output (nccl-tests text or -J JSON, OSU, IMB-MPI1)")
      ->required();
  import->add_option("--json", flags.import_json, "Write the result document here");
  return report;
}

int RunReportCommand(const ReportFlags& flags) {
  if (flags.baseline->parsed()) return RunBaseline(flags);
  if (flags.history_add->parsed()) return RunHistoryAdd(flags);
  if (flags.history_regressions->parsed()) return RunHistoryRegressions(flags);
  if (flags.import->parsed()) return RunImport(flags);
  if (flags.documents.empty()) {
    PrintError("report", "no result document given: spinecheck report RUN.json [--html F] …, or a subcommand "
                         "(baseline, history, import); see spinecheck report --help");
    return static_cast<int>(ExitCode::kUsage);
  }
  return RunRender(flags);
}

}  // namespace spinecheck
