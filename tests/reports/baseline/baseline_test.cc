#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_join.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "reports/baseline/baseline.h"
#include "reports/baseline/baseline_json.h"
#include "reports/baseline/compare.h"
#include "reports/baseline/platform.h"
#include "reports/baseline/run_metrics.h"
#include "tests/support/samples/document_builder.h"

namespace spinecheck {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

constexpr char kH100Platform[] = "NVIDIA H100 80GB HBM3 x8 / mlx5 400Gb/s";
constexpr uint64_t kGiB = uint64_t{1} << 30;

// A passing sweep + burn + links run, every figure scaled by `scale`.
RunDocument GoodRun(const std::string& start_time, double scale, const SampleWorld& world = {}) {
  RunDocument run = SampleDocument(world, start_time);
  AddAllReduceRows(run, scale, 1.0 / scale);
  AddGemmResults(run, 50.0 * scale);
  AddLinks(run, 45.0 * scale, 3.0 / scale);
  return run;
}

Baseline ThreeRunBaseline() {
  std::vector<RunDocument> runs = {GoodRun("2025-01-01T00:00:00.000Z", 0.98), GoodRun("2025-01-02T00:00:00.000Z", 1.0),
                                   GoodRun("2025-01-03T00:00:00.000Z", 1.02)};
  absl::StatusOr<Baseline> baseline = DeriveBaseline(runs, {{"a.json", "b.json", "c.json"}, "2025-01-04T00:00:00Z"});
  EXPECT_TRUE(baseline.ok()) << baseline.status();
  return *baseline;
}

std::vector<std::string> Checks(const std::vector<Finding>& findings) {
  std::vector<std::string> checks;
  for (const Finding& finding : findings) checks.push_back(finding.check);
  return checks;
}

TEST(PlatformKeyTest, NamesModelDevicesPerNodeAndNic) {
  EXPECT_EQ(PlatformKey(SampleDocument({}, "t")), kH100Platform);
}

TEST(PlatformKeyTest, UnknownNicWithoutInventory) {
  SampleWorld world;
  world.inventory = false;
  world.gpus_per_host = 4;
  world.model = "NVIDIA A100-SXM4-80GB";
  EXPECT_EQ(PlatformKey(SampleDocument(world, "t")), "NVIDIA A100-SXM4-80GB x4 / unknown");
}

TEST(PlatformKeyTest, HostThatLostAGpuKeepsThePlatform) {
  RunDocument run = SampleDocument({}, "t");
  run.ranks.pop_back();  // node02 drives 7 GPUs
  EXPECT_EQ(PlatformKey(run), kH100Platform);
}

TEST(DeriveBaselineTest, MedianAndBandOverRuns) {
  const Baseline baseline = ThreeRunBaseline();
  ASSERT_THAT(baseline.platforms, SizeIs(1));
  const PlatformBaseline& platform = baseline.platforms[0];
  EXPECT_EQ(platform.platform, kH100Platform);
  EXPECT_THAT(platform.sources, ElementsAre("a.json", "b.json", "c.json"));
  EXPECT_EQ(baseline.created, "2025-01-04T00:00:00Z");

  const BaselineValue* gemm = platform.Find("burn", "gemm fp32", 0, 0, "value");
  ASSERT_NE(gemm, nullptr);
  EXPECT_DOUBLE_EQ(gemm->expected, 50.0);
  EXPECT_DOUBLE_EQ(gemm->low, 49.0);
  EXPECT_DOUBLE_EQ(gemm->high, 51.0);
  EXPECT_EQ(gemm->runs, 3);
  EXPECT_EQ(gemm->unit, "TFLOPS");

  const BaselineValue* busbw = platform.Find("collective", "all_reduce float sum", 16, kGiB, "busbw_gbps");
  ASSERT_NE(busbw, nullptr);
  EXPECT_NEAR(busbw->expected, 358.7, 0.1);
  EXPECT_LT(busbw->low, busbw->expected);
  EXPECT_GT(busbw->high, busbw->expected);
  EXPECT_EQ(busbw->unit, "GB/s");
  const BaselineValue* time = platform.Find("collective", "all_reduce float sum", 16, 8, "time_us");
  ASSERT_NE(time, nullptr);
  EXPECT_NEAR(time->expected, 20.0, 0.01);

  const BaselineValue* links = platform.Find("links", "any pair", 0, 0, "bandwidth_gbps");
  ASSERT_NE(links, nullptr);
  EXPECT_NEAR(links->expected, 45.0, 1e-4);
  EXPECT_NE(platform.Find("links", "any pair", 0, 0, "latency_us"), nullptr);
}

TEST(DeriveBaselineTest, RefusesARunThatDidNotPassNamingItsFile) {
  std::vector<RunDocument> runs = {GoodRun("t1", 1.0), GoodRun("t2", 1.0)};
  runs[1].verdict.status = VerdictStatus::kFail;
  runs[1].verdict.reason = "1 host(s) blamed";
  const absl::StatusOr<Baseline> baseline = DeriveBaseline(runs, {{"good.json", "bad.json"}, ""});
  ASSERT_FALSE(baseline.ok());
  EXPECT_EQ(baseline.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(baseline.status().message(), HasSubstr("bad.json"));
  EXPECT_THAT(baseline.status().message(), HasSubstr("\"fail\""));
}

TEST(DeriveBaselineTest, RefusesNoRuns) { EXPECT_FALSE(DeriveBaseline({}, {}).ok()); }

TEST(DeriveBaselineTest, PlatformsAreKeptApart) {
  SampleWorld a100;
  a100.model = "NVIDIA A100-SXM4-80GB";
  std::vector<RunDocument> runs = {GoodRun("t1", 1.0), GoodRun("t2", 0.5, a100), GoodRun("t3", 1.0)};
  const absl::StatusOr<Baseline> baseline = DeriveBaseline(runs, {});
  ASSERT_TRUE(baseline.ok()) << baseline.status();
  ASSERT_THAT(baseline->platforms, SizeIs(2));
  const PlatformBaseline* h100 = baseline->Find(kH100Platform);
  const PlatformBaseline* a = baseline->Find("NVIDIA A100-SXM4-80GB x8 / mlx5 400Gb/s");
  ASSERT_NE(h100, nullptr);
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(h100->Find("burn", "gemm fp32", 0, 0, "value")->runs, 2);
  EXPECT_DOUBLE_EQ(a->Find("burn", "gemm fp32", 0, 0, "value")->expected, 25.0);
  EXPECT_THAT(h100->sources, ElementsAre("run 0 (started t1)", "run 2 (started t3)"));
}

TEST(BaselineJsonTest, RoundTrips) {
  const Baseline baseline = ThreeRunBaseline();
  const std::string text = RenderBaselineJson(baseline);
  EXPECT_THAT(text, HasSubstr("\"schema\": \"spinecheck.baseline/1\""));
  const absl::StatusOr<Baseline> parsed = ParseBaseline(text, "b.json");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(RenderBaselineJson(*parsed), text);
  ASSERT_THAT(parsed->platforms, SizeIs(1));
  EXPECT_EQ(parsed->platforms[0].values.size(), baseline.platforms[0].values.size());
}

TEST(BaselineJsonTest, ErrorsNamePathAndPointer) {
  const std::string good = RenderBaselineJson(ThreeRunBaseline());
  auto error = [](const std::string& text) {
    const absl::StatusOr<Baseline> parsed = ParseBaseline(text, "base.json");
    EXPECT_FALSE(parsed.ok());
    return std::string(parsed.status().message());
  };
  EXPECT_THAT(error("{"), HasSubstr("base.json: invalid JSON"));
  EXPECT_THAT(error("[]"), HasSubstr("base.json: (root): expected an object"));
  EXPECT_THAT(error(R"({"schema": "spinecheck.baseline/2", "created": "", "platforms": []})"),
              HasSubstr("base.json: /schema: \"spinecheck.baseline/2\""));
  EXPECT_THAT(error(R"({"schema": "spinecheck.baseline/1", "created": ""})"),
              HasSubstr("base.json: /platforms: missing"));

  nlohmann::json broken = nlohmann::json::parse(good);
  broken["platforms"][0]["values"][1].erase("expected");
  EXPECT_THAT(error(broken.dump()), HasSubstr("base.json: /platforms/0/values/1/expected: missing"));
  broken = nlohmann::json::parse(good);
  broken["platforms"][0]["values"][2]["size_bytes"] = -4;
  EXPECT_THAT(error(broken.dump()),
              HasSubstr("base.json: /platforms/0/values/2/size_bytes: expected a non-negative integer"));
  broken = nlohmann::json::parse(good);
  broken["platforms"][0]["values"][0]["low"] = 1e9;
  EXPECT_THAT(error(broken.dump()), HasSubstr("base.json: /platforms/0/values/0: band does not hold"));
  broken = nlohmann::json::parse(good);
  broken["platforms"][0]["sources"][0] = 7;
  EXPECT_THAT(error(broken.dump()), HasSubstr("base.json: /platforms/0/sources/0: expected a string"));
}

TEST(CompareWithBaselineTest, NoiseWithinToleranceGivesNoFindings) {
  const Baseline baseline = ThreeRunBaseline();
  for (double scale : {0.97, 1.03}) {
    const BaselineComparison comparison = CompareWithBaseline(GoodRun("t", scale), baseline, {});
    EXPECT_THAT(comparison.findings, IsEmpty()) << scale;
    EXPECT_THAT(comparison.skipped, IsEmpty());
  }
}

TEST(CompareWithBaselineTest, ExpectationsJudgePlateauOnBusbwAndSmallSizesOnTime) {
  const BaselineComparison comparison = CompareWithBaseline(GoodRun("t", 1.0), ThreeRunBaseline(), {});
  std::map<uint64_t, std::string> collective_metric;
  for (const Expectation& expectation : comparison.expectations) {
    EXPECT_EQ(expectation.platform, kH100Platform);
    if (expectation.check == "collective") collective_metric[expectation.size_bytes] = expectation.metric;
  }
  // Baseline busbw at 16M is 81 % of the 1G figure, at 2M 35 %.
  EXPECT_EQ(collective_metric.at(uint64_t{1} << 24), "busbw_gbps");
  EXPECT_EQ(collective_metric.at(uint64_t{1} << 27), "busbw_gbps");
  EXPECT_EQ(collective_metric.at(kGiB), "busbw_gbps");
  EXPECT_EQ(collective_metric.at(uint64_t{1} << 21), "time_us");
  EXPECT_EQ(collective_metric.at(8), "time_us");
  EXPECT_EQ(collective_metric.size(), 10u);
  const auto gemm = std::find_if(comparison.expectations.begin(), comparison.expectations.end(),
                                 [](const Expectation& e) { return e.check == "burn"; });
  ASSERT_NE(gemm, comparison.expectations.end());
  EXPECT_EQ(gemm->key, "gemm fp32");
  EXPECT_DOUBLE_EQ(gemm->expected, 50.0);
  EXPECT_DOUBLE_EQ(gemm->tolerance, 0.10);
}

TEST(CompareWithBaselineTest, PlateauOverrideMovesTheBoundary) {
  CompareOptions options;
  options.plateau_min_bytes = uint64_t{1} << 27;
  const BaselineComparison comparison = CompareWithBaseline(GoodRun("t", 1.0), ThreeRunBaseline(), options);
  for (const Expectation& expectation : comparison.expectations) {
    if (expectation.check != "collective") continue;
    EXPECT_EQ(expectation.metric, expectation.size_bytes >= (uint64_t{1} << 27) ? "busbw_gbps" : "time_us")
        << expectation.size_bytes;
  }
}

TEST(CompareWithBaselineTest, BusbwShortfallFailsTheJob) {
  RunDocument run = SampleDocument({}, "t");
  AddAllReduceRows(run, 0.8);  // bandwidth 20 % down, latency unchanged
  const BaselineComparison comparison = CompareWithBaseline(run, ThreeRunBaseline(), {});
  ASSERT_THAT(comparison.findings, SizeIs(1)) << absl::StrJoin(Checks(comparison.findings), ",");
  const Finding& finding = comparison.findings[0];
  EXPECT_EQ(finding.check, "baseline.collective.busbw");
  EXPECT_EQ(finding.severity, Severity::kFail);
  EXPECT_EQ(finding.component.kind, ComponentKind::kJob);
  EXPECT_EQ(finding.component.id, "node01,node02");
  EXPECT_THAT(finding.component.hosts, IsEmpty());  // fails the run, drains nothing
  EXPECT_EQ(finding.unit, "GB/s");
  EXPECT_NEAR(finding.measured / finding.expected, 0.8, 0.02);
  EXPECT_THAT(finding.evidence, SizeIs(3));  // the plateau: 16M, 128M and 1G
  EXPECT_THAT(finding.message, HasSubstr("all_reduce float sum at 16 ranks"));
  EXPECT_FALSE(finding.action.empty());
}

TEST(CompareWithBaselineTest, OneSlowHostIsBlamed) {
  RunDocument run = SampleDocument({}, "t");
  AddAllReduceRows(run, 0.7);
  for (CollectiveRow& row : run.collective_rows) {
    row.out_of_place.slowest_host = "node02";
    row.out_of_place.slowest_rank = 8;
    row.out_of_place.rank_time_min_us = row.out_of_place.time_us * 0.6;
  }
  const BaselineComparison comparison = CompareWithBaseline(run, ThreeRunBaseline(), {});
  ASSERT_THAT(comparison.findings, SizeIs(1));
  EXPECT_EQ(comparison.findings[0].component.kind, ComponentKind::kHost);
  EXPECT_EQ(comparison.findings[0].component.id, "node02");
  EXPECT_THAT(comparison.findings[0].ranks, ElementsAre(8));
}

TEST(CompareWithBaselineTest, SmallSizeLatencyWarnsOnlyAboveTheAbsoluteExcess) {
  RunDocument run = SampleDocument({}, "t");
  AddAllReduceRows(run, 1.0, 1.5);  // latency 20 -> 30 us: +50 %, +10 us
  BaselineComparison comparison = CompareWithBaseline(run, ThreeRunBaseline(), {});
  ASSERT_THAT(comparison.findings, SizeIs(1)) << absl::StrJoin(Checks(comparison.findings), ",");
  EXPECT_EQ(comparison.findings[0].check, "baseline.collective.latency");
  EXPECT_EQ(comparison.findings[0].severity, Severity::kWarn);
  EXPECT_EQ(comparison.findings[0].unit, "us");

  CompareOptions options;
  options.latency_min_excess_us = 15;
  comparison = CompareWithBaseline(run, ThreeRunBaseline(), options);
  EXPECT_THAT(comparison.findings, IsEmpty());
}

TEST(CompareWithBaselineTest, SlowGpuIsBlamedByUuid) {
  RunDocument run = SampleDocument({}, "t");
  AddGemmResults(run, 50.5, {{SampleGpuUuid(1, 3), 40.0}});
  const BaselineComparison comparison = CompareWithBaseline(run, ThreeRunBaseline(), {});
  ASSERT_THAT(comparison.findings, SizeIs(1));
  const Finding& finding = comparison.findings[0];
  EXPECT_EQ(finding.check, "baseline.burn.value");
  EXPECT_EQ(finding.severity, Severity::kFail);
  EXPECT_EQ(finding.component.kind, ComponentKind::kGpu);
  EXPECT_EQ(finding.component.id, SampleGpuUuid(1, 3));
  EXPECT_THAT(finding.component.hosts, ElementsAre("node02"));
  EXPECT_THAT(finding.ranks, ElementsAre(11));
  EXPECT_DOUBLE_EQ(finding.measured, 40.0);
  EXPECT_DOUBLE_EQ(finding.expected, 50.0);
  EXPECT_EQ(finding.unit, "TFLOPS");
  EXPECT_THAT(finding.evidence, ElementsAre(HasSubstr("gemm fp32: 40 TFLOPS, expected 50")));
}

TEST(CompareWithBaselineTest, SlowLinkHostIsBlamed) {
  SampleWorld world;
  world.hosts = 4;
  std::vector<RunDocument> runs = {GoodRun("t1", 1.0, world), GoodRun("t2", 1.0, world)};
  const absl::StatusOr<Baseline> baseline = DeriveBaseline(runs, {});
  ASSERT_TRUE(baseline.ok());
  RunDocument run = SampleDocument(world, "t");
  AddLinks(run, 45.0, 3.0, "node03", 0.5);
  const BaselineComparison comparison = CompareWithBaseline(run, *baseline, {});
  ASSERT_THAT(comparison.findings, SizeIs(1));
  EXPECT_EQ(comparison.findings[0].check, "baseline.links.bandwidth");
  EXPECT_EQ(comparison.findings[0].component.id, "node03");
}

TEST(CompareWithBaselineTest, UnknownPlatformIsSkippedWithAReason) {
  SampleWorld world;
  world.model = "NVIDIA B200";
  RunDocument run = GoodRun("t", 0.5, world);
  const BaselineComparison comparison = CompareWithBaseline(run, ThreeRunBaseline(), {});
  EXPECT_THAT(comparison.findings, IsEmpty());
  EXPECT_THAT(comparison.expectations, IsEmpty());
  ASSERT_THAT(comparison.skipped, SizeIs(1));
  EXPECT_THAT(comparison.skipped[0], HasSubstr("\"NVIDIA B200 x8 / mlx5 400Gb/s\" is not in the baseline"));
  EXPECT_THAT(comparison.skipped[0], HasSubstr(kH100Platform));
}

TEST(CompareWithBaselineTest, OtherRankCountIsSkipped) {
  SampleWorld world;
  world.hosts = 4;
  RunDocument run = SampleDocument(world, "t");
  AddAllReduceRows(run);
  const BaselineComparison comparison = CompareWithBaseline(run, ThreeRunBaseline(), {});
  EXPECT_THAT(comparison.findings, IsEmpty());
  EXPECT_THAT(comparison.skipped, ElementsAre(HasSubstr("at 32 ranks: the baseline has it at 16 ranks only")));
}

}  // namespace
}  // namespace spinecheck
