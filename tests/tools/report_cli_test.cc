// `spinecheck report` end to end, as an operator runs it: the views of real
// result documents (tests/fixtures/documents, written by real sweep, burn,
// links and topo runs), a baseline and a history made from real burns, the
// importers on real logs of other tools, and bad input.
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "tests/tools/cli_test_support.h"
#include "tests/tools/process.h"

namespace spinecheck {
namespace {

using Json = nlohmann::json;

std::string Document(const std::string& name) { return absl::StrCat(SPINECHECK_FIXTURES, "/documents/", name); }
std::string Import(const std::string& name) { return absl::StrCat(SPINECHECK_FIXTURES, "/imports/", name); }

std::vector<std::string> Report(std::vector<std::string> args) {
  args.insert(args.begin(), {SPINECHECK_BINARY, "report"});
  return args;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "no file at " << path;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

int Count(const std::string& text, const std::string& what) {
  int count = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++count;
  return count;
}

// A real burn on this machine, alone (no mpirun): fp64 GEMM for 2 s.
// `slow` runs the loop at that fraction of its speed (--inject slow=0:F).
ProcessResult Burn(const std::string& json, double slow = 0) {
  std::vector<std::string> argv = {SPINECHECK_BINARY, "burn", "--checks", "gemm", "--types", "fp64",
                                   "--duration", "2s", "--json", json};
  if (slow > 0) argv.insert(argv.end(), {"--inject", absl::StrCat("slow=0:", slow)});
  return RunProcess(argv);
}

TEST(ReportCliTest, EveryViewOfRealDocumentsAndTheWorstExitCode) {
  const std::string html = TempPath("r.html"), md = TempPath("r.md"), csv = TempPath("r.csv"),
                    junit = TempPath("r.xml"), prom = TempPath("r.prom");
  const ProcessResult result =
      RunProcess(Report({Document("sweep.json"), Document("burn.json"), Document("links.json"), Document("topo.json"),
                         "--html", html, "--md", md, "--csv", csv, "--junit", junit, "--prom", prom}));
  // The burn blamed a corrupted device and the links run an uplink: exit 1, as those runs ended.
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_TRUE(absl::StrContains(result.out, "check=burn.gemm.mismatch")) << result.out;
  EXPECT_TRUE(absl::StrContains(result.out, "link=leaf01<->spine00")) << result.out;

  const std::string page = ReadFile(html);
  for (const char* id : {"verdict", "actions", "nodes", "sweep", "links", "topology", "burn", "environment"}) {
    EXPECT_TRUE(absl::StrContains(page, absl::StrCat("id=\"", id, "\""))) << id;
  }
  EXPECT_FALSE(absl::StrContains(page, "http://")) << "the page must work offline";
  EXPECT_FALSE(absl::StrContains(page, "https://")) << "the page must work offline";

  EXPECT_TRUE(absl::StrContains(ReadFile(md), "leaf01&lt;-&gt;spine00"));  // Markdown escapes '<' and '>'
  const std::string rows = ReadFile(csv);
  EXPECT_EQ(rows.rfind("run,producer,name,params,metric,value,unit,verdict\n", 0), 0u) << rows.substr(0, 200);
  EXPECT_TRUE(absl::StrContains(rows, "busbw_gbps"));

  const std::string xml = ReadFile(junit);
  EXPECT_TRUE(absl::StrContains(xml, "<testsuites")) << xml.substr(0, 300);
  EXPECT_GE(Count(xml, "<failure"), 2) << "the corrupted device and the uplink";

  const std::string metrics = ReadFile(prom);
  EXPECT_TRUE(absl::StrContains(metrics, "spinecheck_run_exit_code"));
  // Per-node aggregates, never a series per pair of hosts.
  EXPECT_FALSE(absl::StrContains(metrics, "peer=")) << metrics;
  EXPECT_FALSE(absl::StrContains(metrics, "pair=")) << metrics;
}

TEST(ReportCliTest, TheDocumentReadBackIsTheDocumentWritten) {
  for (const char* name : {"sweep.json", "burn.json", "links.json", "topo.json"}) {
    const std::string copy = TempPath(absl::StrCat("copy_", name));
    const ProcessResult result = RunProcess(Report({Document(name), "--json", copy}));
    EXPECT_LE(result.exit_code, 1) << result.err;
    EXPECT_EQ(ReadFile(copy), ReadFile(Document(name))) << name;
  }
}

TEST(ReportCliTest, BaselineFromKnownGoodBurnsNamesTheSlowedDevice) {
  std::vector<std::string> good;
  for (int i = 0; i < 2; ++i) {
    good.push_back(TempPath(absl::StrCat("good", i, ".json")));
    ASSERT_EQ(Burn(good.back()).exit_code, 0);
  }
  const std::string baseline = TempPath("baseline.json");
  std::vector<std::string> derive = {"baseline"};
  derive.insert(derive.end(), good.begin(), good.end());
  derive.insert(derive.end(), {"-o", baseline});
  const ProcessResult derived = RunProcess(Report(derive));
  ASSERT_EQ(derived.exit_code, 0) << derived.err;
  EXPECT_EQ(ReadJson(baseline)["schema"], "spinecheck.baseline/1");

  // A clean run passes (a wide tolerance: this machine's throughput drifts).
  const std::string clean = TempPath("clean.json");
  ASSERT_EQ(Burn(clean).exit_code, 0);
  const std::string judged_clean = TempPath("judged_clean.json");
  const ProcessResult passed =
      RunProcess(Report({clean, "--baseline", baseline, "--tolerance", "0.35", "--json", judged_clean}));
  EXPECT_EQ(passed.exit_code, 0) << passed.out << passed.err;
  EXPECT_FALSE(ReadJson(judged_clean)["baseline"]["expectations"].empty());

  // The same device at a fifth of its speed falls below the band.
  const std::string slow = TempPath("slow.json");
  ASSERT_EQ(Burn(slow, 0.2).exit_code, 0);  // alone, it has no peer to be an outlier against
  const std::string judged = TempPath("judged.json");
  const ProcessResult failed = RunProcess(Report({slow, "--baseline", baseline, "--tolerance", "0.35", "--json", judged}));
  EXPECT_EQ(failed.exit_code, 1) << failed.out << failed.err;
  const Json document = ReadJson(judged);
  ASSERT_FALSE(document["findings"].empty());
  EXPECT_EQ(document["findings"][0]["check"], "baseline.burn.value");
  EXPECT_EQ(document["baseline"]["file"], baseline);
  EXPECT_EQ(document["verdict"]["exit_code"], 1);
}

TEST(ReportCliTest, HistoryReportsTheRegressionSinceItsFirstSlowRun) {
  const std::string db = TempPath("history.db");
  std::vector<std::string> runs;
  for (int i = 0; i < 5; ++i) {
    runs.push_back(TempPath(absl::StrCat("run", i, ".json")));
    ASSERT_EQ(Burn(runs.back(), i == 4 ? 0.2 : 0).exit_code, 0);
    const ProcessResult added = RunProcess(Report({"history", "add", runs.back(), "--db", db}));
    ASSERT_EQ(added.exit_code, 0) << added.err;
  }
  // Adding a run twice is refused.
  EXPECT_EQ(RunProcess(Report({"history", "add", runs.front(), "--db", db})).exit_code, 2);

  const ProcessResult regressions = RunProcess(Report({"history", "regressions", "--db", db, "--tolerance", "0.35"}));
  EXPECT_EQ(regressions.exit_code, 1) << regressions.out << regressions.err;
  EXPECT_TRUE(absl::StrContains(regressions.out, "gemm fp64")) << regressions.out;
  const std::string newest_start = ReadJson(runs.back())["start_time"];
  EXPECT_TRUE(absl::StrContains(regressions.out, newest_start)) << "since the slow run: " << regressions.out;
  EXPECT_EQ(Count(regressions.out, "gemm fp64"), 1) << regressions.out;
}

TEST(ReportCliTest, ImportsOtherToolsLogsIntoResultDocuments) {
  struct Case {
    std::string tool, file;
    size_t rows;
  };
  for (const Case& c : {Case{"nccl-tests", "all_reduce_h100_2node_16rank_gcp_a3mega.txt", 31},
                        Case{"osu", "osu_oci_osu_alltoall_np36_v7.5.txt", 27},
                        Case{"imb", "oci_ompi_IMB-MPI1_alltoall_np36_2021.7.txt", 0}}) {
    const std::string json = TempPath(absl::StrCat(c.tool, ".json"));
    const ProcessResult result = RunProcess(Report({"import", c.tool, Import(c.file), "--json", json}));
    EXPECT_EQ(result.exit_code, 0) << c.file << "\n" << result.out << result.err;
    const Json document = ReadJson(json);
    EXPECT_EQ(document["command"], "import");
    EXPECT_EQ(document["source"]["producer"], c.tool);
    if (c.rows > 0) {
      EXPECT_EQ(document["results"].size(), c.rows) << c.file;
    }
    EXPECT_FALSE(document["results"].empty()) << c.file;
    // An imported document renders like any other.
    EXPECT_EQ(RunProcess(Report({json, "--md", TempPath("import.md")})).exit_code, 0);
  }
}

TEST(ReportCliTest, BadInputExitsTwoNamingTheInput) {
  const std::string not_json = TempPath("not.json");
  std::ofstream(not_json) << "# nccl-tests output, not a result document\n";
  const std::string foreign = TempPath("foreign.json");
  std::ofstream(foreign) << R"({"schema": "spinecheck.run/9"})";
  // A document with no state and no verdict must never read as a pass (a
  // Prometheus textfile saying exit 0 would tell monitoring "healthy").
  const std::string bare = TempPath("bare.json");
  std::ofstream(bare) << R"({"schema": "spinecheck.run/1"})";
  const std::string truncated = TempPath("truncated.json");
  std::ofstream(truncated) << R"({"schema": "spinecheck.run/1", "command": "sweep", "state": "completed"})";
  const std::string malformed_log = TempPath("all_reduce_truncated.txt");
  std::ofstream(malformed_log) << "#       size         count      type   redop    root     time   algbw   busbw #wrong"
                                  "     time   algbw   busbw #wrong\n"
                               << "#        (B)    (elements)                               (us)  (GB/s)  (GB/s)"
                                  "            (us)  (GB/s)  (GB/s)\n"
                               << "     1048576        262144     float     sum      -1   25.31\n";
  const std::vector<BadInput> cases = {
      {{"/nonexistent/run.json"}, "/nonexistent/run.json"},
      {{not_json}, "not a JSON document"},
      {{foreign}, "is not spinecheck.run/1"},
      {{}, "no result document given"},
      {{Document("sweep.json"), Document("burn.json"), "--json", TempPath("two.json")}, "exactly one"},
      {{Document("sweep.json"), "--baseline", not_json}, "--baseline"},
      {{"import", "nccl-tests", malformed_log}, "all_reduce_truncated.txt:3:"},
      {{"import", "iperf", malformed_log}, "iperf"},
      {{"history", "regressions"}, "--db"},
      {{"history", "regressions", "--db", "/nonexistent/history.db"}, "/nonexistent/history.db: no history store"},
      {{"history", "regressions", "--db", TempPath("never_added.db")}, "no history store"},
      {{Document("sweep.json"), "--baseline", Document("sweep.json"), "--tolerance", "nan"}, "--tolerance"},
      {{Document("sweep.json"), "--tolerance", "-1"}, "--tolerance"},
      {{bare}, "has no \"command\""},
      {{truncated}, "has no \"verdict\""},
      {{Document("sweep.json"), "--html", "x.out", "--md", "./x.out"}, "--html and --md name the same file"},
      {{Document("sweep.json"), "--prom", "/nonexistent/metrics.prom"}, "--prom: cannot write"},
  };
  for (const BadInput& bad : cases) {
    const ProcessResult result = RunProcess(Report(bad.args));
    EXPECT_EQ(result.exit_code, 2) << bad.must_mention << "\n" << result.out << result.err;
    EXPECT_TRUE(absl::StrContains(result.err, bad.must_mention)) << bad.must_mention << " not in: " << result.err;
  }
}

}  // namespace
}  // namespace spinecheck
