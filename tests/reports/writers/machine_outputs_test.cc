// Long CSV, JUnit XML and Prometheus textfile rendered from sample documents:
// goldens, verdicts, counts, escaping and the no-per-pair-series contract.
// Schema and promtool validation: machine_outputs_validation_test.cc.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "reports/writers/junit_xml.h"
#include "reports/writers/long_csv.h"
#include "reports/writers/prometheus_textfile.h"
#include "tests/support/samples/machine_output_documents.h"
#include "tests/reports/writers/machine_outputs_test_support.h"

namespace spinecheck {
namespace {

// Lines of the long CSV whose name, params and metric are as given.
std::vector<std::string> CsvLines(const std::string& csv, const std::string& needle) {
  std::vector<std::string> lines;
  for (const std::string& line : std::vector<std::string>(absl::StrSplit(csv, '\n'))) {
    if (absl::StrContains(line, needle)) lines.push_back(line);
  }
  return lines;
}

std::string VerdictOf(const std::string& line) { return line.substr(line.rfind(',') + 1); }

TEST(LongCsv, MatchesGolden) {
  EXPECT_EQ(CompareWithGolden("long.csv", RenderLongCsv(SampleDocuments())), "");
}

TEST(LongCsv, VerdictPerMeasurement) {
  const std::string csv = RenderLongCsv(SampleDocuments());
  ASSERT_TRUE(absl::StartsWith(csv, "run,producer,name,params,metric,value,unit,verdict\n"));
  // The corrupted placement fails on every metric; its neighbours pass.
  const auto corrupted = CsvLines(csv, "size_bytes=1048576;type=float;redop=sum;placement=out_of_place");
  ASSERT_EQ(corrupted.size(), 4u);
  for (const std::string& line : corrupted) EXPECT_EQ(VerdictOf(line), "fail") << line;
  for (const std::string& line : CsvLines(csv, "redop=sum;placement=in_place")) EXPECT_EQ(VerdictOf(line), "pass");
  // A row measured with -c 0 is not checked, and its wrong count is empty.
  for (const std::string& line : CsvLines(csv, ",all_gather,")) EXPECT_EQ(VerdictOf(line), "not_checked") << line;
  EXPECT_TRUE(absl::StrContains(csv, ",all_gather,size_bytes=1048576;type=float;redop=none;placement=out_of_place,wrong,,elements,not_checked\n"));

  EXPECT_TRUE(absl::StrContains(csv, "device=GPU-aaaa1111;index=1;variant=fp32,value,48.5,TFLOPS,fail\n"));
  EXPECT_TRUE(absl::StrContains(csv, "device=GPU-aaaa1111;index=1;variant=fp32,mismatches,12,elements,fail\n"));
  EXPECT_TRUE(absl::StrContains(csv, "device=GPU-aaaa2222;index=2;variant=fp32,value,20,TFLOPS,warn\n"));
  EXPECT_TRUE(absl::StrContains(csv, "device=GPU-aaaa0000;index=0;variant=fp8,value,,TFLOPS,skipped\n"));
  EXPECT_TRUE(absl::StrContains(csv, "device=GPU-aaaa0000;index=0;variant=fp32,value,51.25,TFLOPS,pass\n"));
  EXPECT_TRUE(absl::StrContains(csv, "burn.memory,host=node02;device=GPU-bbbb0000;index=0;variant=,value,,GB/s,error\n"));
  EXPECT_TRUE(absl::StrContains(csv, "telemetry,host=node02;device=GPU-bbbb0000;index=0,available,,,skipped\n"));
  EXPECT_TRUE(absl::StrContains(csv, "telemetry,host=node01;device=GPU-aaaa0000;index=0,sm_clock_min_mhz,1755,MHz,pass\n"));

  // Link pairs: only measured pairs, quoted (the comma), verdicts by metric.
  EXPECT_TRUE(absl::StrContains(csv, ",links,\"pair=node01,node03\",bandwidth_gbps,6,GB/s,fail\n"));
  EXPECT_TRUE(absl::StrContains(csv, ",links,\"pair=node01,node03\",latency_us,5,us,pass\n"));
  EXPECT_TRUE(absl::StrContains(csv, ",links,\"pair=node01,node02\",bandwidth_gbps,24,GB/s,pass\n"));
  EXPECT_TRUE(absl::StrContains(csv, ",links,\"pair=node01,node02\",latency_us,3.5,us,warn\n"));
  EXPECT_FALSE(absl::StrContains(csv, "pair=node02,node04"));
  EXPECT_FALSE(absl::StrContains(csv, "pair=node03,node01"));  // each pair once
}

TEST(LongCsv, QuotesFieldsPerRfc4180) {
  RunDocument document = SampleBurnDocument();
  document.burn_results.resize(1);
  document.burn_results[0].host = kOddHost;
  document.telemetry.clear();
  document.command = "burn";
  document.source = {"nccl-tests", "2.19.6", "/data/a,b \"x\".txt"};
  const std::string csv = RenderLongCsv({document});
  EXPECT_TRUE(absl::StrContains(
      csv, "\"/data/a,b \"\"x\"\".txt\",nccl-tests burn,burn.gemm,\"host=odd\"\"<&\nhost;device=GPU-aaaa0000;index=0;"
           "variant=fp32\",value,51.25,TFLOPS,pass\n"))
      << csv;
}

// The text of the <testsuite name="NAME" ...> start tag.
std::string SuiteTag(const std::string& xml, const std::string& name) {
  const size_t start = xml.find(absl::StrCat("<testsuite name=\"", name, "\""));
  if (start == std::string::npos) return "";
  return xml.substr(start, xml.find('>', start) - start);
}

TEST(JUnit, MatchesGolden) { EXPECT_EQ(CompareWithGolden("junit.xml", RenderJUnit(SampleDocuments())), ""); }

TEST(JUnit, CountsOnEverySuite) {
  const std::string xml = RenderJUnit(SampleDocuments());
  // Sweep: 2 nodes, burn: 2, links: 4; the corrupted rank's host fails.
  EXPECT_TRUE(absl::StrContains(SuiteTag(xml, "nodes"),
                                "tests=\"8\" failures=\"1\" errors=\"0\" skipped=\"0\" time=\"101.000\""))
      << SuiteTag(xml, "nodes");
  // gpu0 gemm, gpu0 health, gpu1 gemm (fail), gpu2 gemm (warn: passes),
  // gpu2 copy (skipped), node02 gpu0 memory (error), node02 health (skipped).
  EXPECT_TRUE(absl::StrContains(SuiteTag(xml, "gpus"),
                                "tests=\"7\" failures=\"1\" errors=\"1\" skipped=\"2\" time=\"60.000\""))
      << SuiteTag(xml, "gpus");
  // Six cables; the blamed uplink fails.
  EXPECT_TRUE(absl::StrContains(SuiteTag(xml, "links"),
                                "tests=\"6\" failures=\"1\" errors=\"0\" skipped=\"0\" time=\"30.500\""))
      << SuiteTag(xml, "links");
  EXPECT_TRUE(absl::StrContains(
      xml, "<testsuites name=\"spinecheck\" tests=\"21\" failures=\"3\" errors=\"1\" skipped=\"2\" time=\"101.000\">"));
  EXPECT_EQ(SuiteTag(xml, "nodes").find("timestamp=\"2026-11-22T23:34:21\"") != std::string::npos, true);
}

TEST(JUnit, OutcomesNameTheCheck) {
  const std::string xml = RenderJUnit(SampleDocuments());
  EXPECT_TRUE(absl::StrContains(xml, "name=\"leaf1&lt;-&gt;spine0\" time=\"0.000\">\n      <failure message=\"uplink "
                                     "leaf1&lt;-&gt;spine0 (slow): 3 of 3 pairs slow, median 6.25 GB/s against 24 "
                                     "expected\" type=\"links.slow_uplink\">"));
  EXPECT_TRUE(absl::StrContains(xml, "measured 6.25 GB/s, expected 24 GB/s\nevidence: node01&lt;-&gt;node03 6 GB/s"));
  EXPECT_TRUE(absl::StrContains(xml, "type=\"burn.gemm.mismatch\""));
  EXPECT_TRUE(absl::StrContains(xml, "<error message=\"node02 rank 1 gpu0 GPU-bbbb0000: memory could not run"));
  EXPECT_TRUE(absl::StrContains(xml, "<skipped message=\"d2d:2-&gt;3: no peer device\"/>"));
  EXPECT_TRUE(absl::StrContains(xml, "<skipped message=\"no telemetry: libnvidia-ml.so.1 not found\"/>"));
  EXPECT_TRUE(absl::StrContains(xml, "links.high_latency_unexplained (warn)"));  // in system-out
}

TEST(JUnit, EscapesAttributesAndText) {
  const std::string xml = RenderJUnit({SampleSweepDocument()});
  EXPECT_TRUE(absl::StrContains(xml, "name=\"odd&quot;&lt;&amp;&#10;host\""));
  EXPECT_TRUE(absl::StrContains(xml, "message=\"rank 1 on odd&quot;&lt;&amp;&#10;host received 7"));
  EXPECT_TRUE(absl::StrContains(xml, ">collective.data_integrity (fail): rank 1 on odd\"&lt;&amp;\nhost received"));
  EXPECT_FALSE(absl::StrContains(xml, "<&"));
}

TEST(JUnit, RanksThatDidNotArriveAreErrors) {
  RunDocument document = SampleSweepDocument();
  Finding arrival;
  arrival.severity = Severity::kFail;
  arrival.check = "world.arrival";
  arrival.component = {ComponentKind::kHost, "node01", {"node01"}};
  arrival.message = "rank 0 on node01 did not arrive before the -T deadline";
  document.findings.push_back(arrival);
  const std::string xml = RenderJUnit({document});
  EXPECT_TRUE(absl::StrContains(xml, "<error message=\"rank 0 on node01 did not arrive before the -T deadline\" "
                                     "type=\"world.arrival\">"));
  EXPECT_TRUE(absl::StrContains(SuiteTag(xml, "nodes"), "tests=\"2\" failures=\"1\" errors=\"1\""));
}

TEST(JUnit, LinksWithoutTopologyAggregatePerHost) {
  RunDocument document = SampleLinksDocument();
  document.topology.reset();
  document.findings[0].component = {ComponentKind::kHost, "node03", {"node03"}};
  document.findings[0].check = "links.slow_host";
  const std::string xml = RenderJUnit({document});
  EXPECT_TRUE(absl::StrContains(SuiteTag(xml, "links"), "tests=\"4\" failures=\"1\""));
  EXPECT_TRUE(absl::StrContains(xml, "name=\"node03 links\" time=\"0.000\">\n      <failure"));
}

TEST(Prometheus, MatchesGolden) {
  EXPECT_EQ(CompareWithGolden("spinecheck.prom", RenderPrometheus(SampleDocuments())), "");
}

TEST(Prometheus, FollowsTheExpositionFormat) {
  std::vector<RunDocument> twice = SampleDocuments();
  for (const RunDocument& document : SampleDocuments()) twice.push_back(document);
  for (const std::string& text : {RenderPrometheus(SampleDocuments()), RenderPrometheus(twice)}) {
    const std::vector<std::string> violations = ExpositionViolations(text);
    EXPECT_TRUE(violations.empty()) << absl::StrJoin(violations, "\n");
  }
  EXPECT_EQ(RenderPrometheus(SampleDocuments()), RenderPrometheus(twice));
}

TEST(Prometheus, CheckerCatchesBrokenText) {
  EXPECT_FALSE(ExpositionViolations("a_b 1\n").empty());                                        // no TYPE
  EXPECT_FALSE(ExpositionViolations("# HELP a x\n# TYPE a gauge\na{h=\"x\"} 1\na{h=\"x\"} 2\n").empty());
  EXPECT_FALSE(ExpositionViolations("# HELP a x\n# TYPE a gauge\na{h=\"\\x\"} 1\n").empty());   // bad escape
  EXPECT_FALSE(ExpositionViolations("# HELP a x\n# TYPE a gauge\na 1 1700000000000\n").empty());  // timestamp
  EXPECT_FALSE(ExpositionViolations("# HELP 1a x\n# TYPE 1a gauge\n1a 1\n").empty());
}

TEST(Prometheus, NoSeriesPerHostPair) {
  const std::string text = RenderPrometheus(SampleDocuments());
  for (const std::string& label : SampleLabelNames(text)) {
    EXPECT_TRUE(label != "pair" && label != "peer" && label != "src" && label != "dst" && label != "host2") << label;
  }
  // One series per host, whatever the number of pairs.
  int link_series = 0;
  for (const std::string& line : std::vector<std::string>(absl::StrSplit(text, '\n'))) {
    if (absl::StartsWith(line, "spinecheck_node_link_bandwidth_min_bytes_per_second{")) ++link_series;
  }
  EXPECT_EQ(link_series, 4);
  EXPECT_TRUE(absl::StrContains(text, "spinecheck_node_link_bandwidth_min_bytes_per_second{host=\"node03\"} 6000000000\n"));
  EXPECT_TRUE(absl::StrContains(text, "spinecheck_node_link_pairs{host=\"node02\"} 2\n"));
}

TEST(Prometheus, PlateauUnitsLabelsAndEscaping) {
  const std::string text = RenderPrometheus(SampleDocuments());
  EXPECT_TRUE(absl::StrContains(text, "spinecheck_collective_busbw_bytes_per_second{producer=\"spinecheck\","
                                      "collective=\"all_reduce\",type=\"float\",redop=\"sum\",placement=\"out_of_place\"} "
                                      "10485760000\n"));
  EXPECT_TRUE(absl::StrContains(text, "spinecheck_collective_time_seconds{producer=\"spinecheck\",collective=\"all_reduce\","
                                      "type=\"float\",redop=\"sum\",placement=\"out_of_place\"} 1e-04\n"));
  EXPECT_TRUE(absl::StrContains(text, "spinecheck_gpu_gemm_flops{gpu=\"1\",UUID=\"GPU-aaaa1111\",pci_bus_id=\"0000:08:00.0\","
                                      "modelName=\"NVIDIA H100 80GB HBM3\",Hostname=\"node01\",variant=\"fp32\"} 48500000000000\n"));
  EXPECT_TRUE(absl::StrContains(text, "spinecheck_gpu_status{gpu=\"1\",UUID=\"GPU-aaaa1111\""));
  EXPECT_TRUE(absl::StrContains(text, "spinecheck_node_status{host=\"odd\\\"<&\\nhost\"} 1\n"));
  EXPECT_TRUE(absl::StrContains(text, "spinecheck_node_findings{host=\"node03\",severity=\"fail\"} 1\n"));
  EXPECT_TRUE(absl::StrContains(text, "spinecheck_run_exit_code{producer=\"spinecheck\",command=\"burn\"} 1\n"));
  EXPECT_TRUE(absl::StrContains(text, "spinecheck_run_timestamp_seconds{producer=\"spinecheck\",command=\"sweep\"} 1795390461.447\n"));
  EXPECT_TRUE(absl::StrContains(text, "# TYPE spinecheck_run_timestamp_seconds gauge\n"));
  EXPECT_FALSE(absl::StrContains(text, "size_bytes=\""));  // one series per collective, not per size
}

TEST(Prometheus, WritesTextfileAtomically) {
  const std::filesystem::path folder =
      std::filesystem::temp_directory_path() / absl::StrCat("spinecheck_prom_", getpid());
  std::filesystem::create_directories(folder);
  const std::string path = (folder / "spinecheck.prom").string();
  ASSERT_TRUE(WritePrometheusTextfile(SampleDocuments(), path).ok());
  ASSERT_TRUE(WritePrometheusTextfile(SampleDocuments(), path).ok());  // over an existing file
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) names.push_back(entry.path().filename());
  EXPECT_EQ(names, std::vector<std::string>{"spinecheck.prom"});
  std::ifstream in(path);
  std::stringstream content;
  content << in.rdbuf();
  EXPECT_EQ(content.str(), RenderPrometheus(SampleDocuments()));
  const absl::Status missing = WritePrometheusTextfile(SampleDocuments(), (folder / "no/such/x.prom").string());
  EXPECT_FALSE(missing.ok());
  EXPECT_TRUE(absl::StrContains(missing.message(), "no/such/x.prom"));
  std::filesystem::remove_all(folder);
}

}  // namespace
}  // namespace spinecheck
