// The localiser on synthetic fabrics with known faults.
#include "topology/localise/localise.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "topology/localise/synthetic.h"

namespace spinecheck {
namespace {

std::vector<Finding> Failures(const LocaliseResult& result) {
  std::vector<Finding> failures;
  for (const Finding& f : result.findings) {
    if (f.severity == Severity::kFail) failures.push_back(f);
  }
  return failures;
}

const Finding* Find(const LocaliseResult& result, const std::string& check) {
  for (const Finding& f : result.findings) {
    if (f.check == check) return &f;
  }
  return nullptr;
}

SyntheticLinks Noisy(uint64_t seed = 7) {
  SyntheticLinks links;
  links.noise = 0.05;
  links.seed = seed;
  return links;
}

TEST(LocaliseTest, HealthyFabricWithNoiseBlamesNothing) {
  for (uint64_t seed : {1, 2, 3}) {
    const ClusterMap map = MakeSpineLeafMap(4, 4);
    const LinkMatrices matrices = MakeLinkMatrices(map, Noisy(seed));
    const LocaliseResult result = Localise(map, matrices);
    EXPECT_TRUE(result.findings.empty()) << result.findings.front().message;
    EXPECT_EQ(result.slow_pairs, 0);
    EXPECT_EQ(result.measured_pairs, 16 * 15 / 2);
    EXPECT_TRUE(result.suspect_pairs.empty());
  }
}

TEST(LocaliseTest, DegradedUplinkIsOneLinkFinding) {
  const ClusterMap map = MakeSpineLeafMap(4, 4);
  const LinkMatrices matrices = MakeLinkMatrices(map, Noisy(), {{"leaf02<->spine00", 0.25, 1}});
  const LocaliseResult result = Localise(map, matrices);
  ASSERT_EQ(result.findings.size(), 1u) << result.findings.back().message;
  const Finding& f = result.findings[0];
  EXPECT_EQ(f.severity, Severity::kFail);
  EXPECT_EQ(f.check, "links.slow_uplink");
  EXPECT_EQ(f.component.kind, ComponentKind::kLink);
  EXPECT_EQ(f.component.id, "leaf02<->spine00");
  EXPECT_EQ(f.component.hosts, (std::vector<std::string>{"node08", "node09", "node10", "node11"}));
  EXPECT_EQ(f.unit, "GB/s");
  EXPECT_NEAR(f.measured, 11, 1.5);
  EXPECT_NEAR(f.expected, 44, 2);
  EXPECT_EQ(result.slow_pairs, 48);  // 4 hosts x 12 behind other leaves
  ASSERT_EQ(f.evidence.size(), 9u);  // 8 pairs and the votes
  EXPECT_TRUE(absl::StrContains(f.evidence[0], " GB/s (expected ")) << f.evidence[0];
  EXPECT_EQ(f.evidence.back(), "votes: 48 of 48 pairs through leaf02<->spine00 slow; confidence 1.00");
  EXPECT_TRUE(absl::StrContains(f.action, "between leaf02 and spine00")) << f.action;
  EXPECT_TRUE(absl::StrContains(f.action, "node08, node09, node10, node11")) << f.action;
}

TEST(LocaliseTest, DegradedHostIsOneHostFinding) {
  const ClusterMap map = MakeSpineLeafMap(4, 4);
  const LinkMatrices matrices = MakeLinkMatrices(map, Noisy(), {{"node05", 0.25, 1}});
  const LocaliseResult result = Localise(map, matrices);
  ASSERT_EQ(result.findings.size(), 1u) << result.findings.back().message;
  const Finding& f = result.findings[0];
  EXPECT_EQ(f.check, "links.slow_host");
  EXPECT_EQ(f.component.kind, ComponentKind::kHost);
  EXPECT_EQ(f.component.id, "node05");
  EXPECT_EQ(f.component.hosts, (std::vector<std::string>{"node05"}));
  EXPECT_EQ(f.evidence.back(), "votes: 15 of 15 pairs through node05 slow; confidence 1.00");
  EXPECT_EQ(f.action, "drain node05 and check its NIC, cable and switch port (ethtool/ibstat, port counters)");
  EXPECT_EQ(result.suspect_pairs.size(), 15u);
}

TEST(LocaliseTest, TwoFaultsAtOnceAreBothFound) {
  const ClusterMap map = MakeSpineLeafMap(4, 4);
  const LinkMatrices matrices =
      MakeLinkMatrices(map, Noisy(), {{"node01", 0.3, 1}, {"leaf03<->spine00", 0.4, 1}});
  const LocaliseResult result = Localise(map, matrices);
  const std::vector<Finding> failures = Failures(result);
  ASSERT_EQ(failures.size(), 2u);
  EXPECT_EQ(failures[0].component.id, "leaf03<->spine00");  // explains more pairs, picked first
  EXPECT_EQ(failures[1].component.id, "node01");
  EXPECT_EQ(Find(result, "links.unexplained"), nullptr);
}

TEST(LocaliseTest, TwoLeavesGiveOneAmbiguousSuspectPath) {
  const ClusterMap map = MakeSpineLeafMap(2, 4);
  const LinkMatrices matrices = MakeLinkMatrices(map, Noisy(), {{"leaf01<->spine00", 0.25, 1}});
  const LocaliseResult result = Localise(map, matrices);
  ASSERT_EQ(result.findings.size(), 1u);
  const Finding& f = result.findings[0];
  EXPECT_EQ(f.check, "links.slow_path");
  EXPECT_EQ(f.component.kind, ComponentKind::kLink);
  EXPECT_EQ(f.component.id, "leaf00<->spine00");  // the group's first by kind, then name
  EXPECT_EQ(f.component.hosts.size(), 8u);
  EXPECT_TRUE(absl::StrContains(f.message, "suspect path")) << f.message;
  EXPECT_TRUE(absl::StrContains(f.message, "leaf01<->spine00")) << f.message;
  bool alternatives = false;
  for (const std::string& line : f.evidence) {
    if (absl::StrContains(line, "alternatives") && absl::StrContains(line, "leaf00<->spine00") &&
        absl::StrContains(line, "leaf01<->spine00") && absl::StrContains(line, "spine00")) {
      alternatives = true;
    }
  }
  EXPECT_TRUE(alternatives);
  EXPECT_TRUE(absl::StrContains(f.evidence[f.evidence.size() - 2], "confidence 0.33"))
      << f.evidence[f.evidence.size() - 2];
}

TEST(LocaliseTest, OneHostPerLeafMakesHostLinkAndUplinkAmbiguous) {
  const ClusterMap map = MakeSpineLeafMap(6, 1);
  const LinkMatrices matrices = MakeLinkMatrices(map, Noisy(), {{"node02", 0.25, 1}});
  const LocaliseResult result = Localise(map, matrices);
  ASSERT_EQ(result.findings.size(), 1u);
  EXPECT_EQ(result.findings[0].check, "links.slow_path");
  EXPECT_EQ(result.findings[0].component.kind, ComponentKind::kHost);  // host before link
  EXPECT_EQ(result.findings[0].component.id, "node02");
  EXPECT_TRUE(absl::StrContains(result.findings[0].message, "leaf02<->spine00"));
}

TEST(LocaliseTest, DeadHostIsNotBlamed) {
  const ClusterMap map = MakeSpineLeafMap(4, 4);
  LinkMatrices matrices = MakeLinkMatrices(map, Noisy());
  MarkDead(6, matrices);
  const LocaliseResult result = Localise(map, matrices);
  EXPECT_TRUE(result.findings.empty());
  EXPECT_EQ(result.measured_pairs, 15 * 14 / 2);
}

TEST(LocaliseTest, OneSlowPairIsUnexplainedNotBlamed) {
  const ClusterMap map = MakeSpineLeafMap(4, 4);
  LinkMatrices matrices = MakeLinkMatrices(map, Noisy());
  matrices.bibw_gbps[2 * 16 + 13] = matrices.bibw_gbps[13 * 16 + 2] = 5;
  const LocaliseResult result = Localise(map, matrices);
  ASSERT_EQ(result.findings.size(), 1u);
  EXPECT_EQ(result.findings[0].severity, Severity::kWarn);
  EXPECT_EQ(result.findings[0].check, "links.unexplained");
  EXPECT_EQ(result.findings[0].evidence.size(), 1u);
  EXPECT_TRUE(absl::StartsWith(result.findings[0].evidence[0], "node02<->node13 5.00 GB/s")) << result.findings[0].evidence[0];
  EXPECT_EQ(result.suspect_pairs, (std::vector<std::pair<int, int>>{{2, 13}}));
}

TEST(LocaliseTest, HighLatencyHostIsReportedSeparately) {
  const ClusterMap map = MakeSpineLeafMap(4, 4);
  const LinkMatrices matrices = MakeLinkMatrices(map, Noisy(), {{"node10", 1, 4}});
  // 4 x 2-3.5 us is high, but within the default 50 us of scheduling noise.
  EXPECT_TRUE(Localise(map, matrices).findings.empty());
  LocaliseOptions options;
  options.latency_min_excess_us = 0;
  const LocaliseResult result = Localise(map, matrices, options);
  ASSERT_EQ(result.findings.size(), 1u);
  EXPECT_EQ(result.findings[0].check, "links.high_latency_host");
  EXPECT_EQ(result.findings[0].severity, Severity::kWarn);
  EXPECT_EQ(result.findings[0].component.id, "node10");
  EXPECT_EQ(result.findings[0].unit, "us");
  EXPECT_EQ(result.slow_pairs, 0);
  EXPECT_EQ(result.high_latency_pairs, 15);
}

TEST(LocaliseTest, BaselineGivesAbsoluteExpectations) {
  // Every pair is at 60 % of the baseline: without the baseline nothing is
  // slow (comparable pairs agree); with it every pair is.
  const ClusterMap map = MakeSpineLeafMap(4, 4);
  const LinkMatrices baseline = MakeLinkMatrices(map, Noisy(1));
  SyntheticLinks slower = Noisy(2);
  slower.same_leaf_gbps *= 0.6;
  slower.cross_leaf_gbps *= 0.6;
  const LinkMatrices matrices = MakeLinkMatrices(map, slower);
  EXPECT_EQ(Localise(map, matrices).slow_pairs, 0);
  LocaliseOptions options;
  options.baseline = &baseline;
  const LocaliseResult result = Localise(map, matrices, options);
  EXPECT_EQ(result.slow_pairs, 120);
  EXPECT_FALSE(Failures(result).empty());
}

TEST(LocaliseTest, ClassesReportTheExpectedValues) {
  const ClusterMap map = MakeSpineLeafMap(4, 4);
  const LocaliseResult result = Localise(map, MakeLinkMatrices(map, Noisy()));
  ASSERT_EQ(result.classes.size(), 2u);
  EXPECT_EQ(result.classes[0].path_components, 2);
  EXPECT_EQ(result.classes[0].pairs, 24);
  EXPECT_NEAR(result.classes[0].bibw_gbps, 45, 2);
  EXPECT_NEAR(result.classes[0].latency_us, 2, 0.2);
  EXPECT_EQ(result.classes[1].path_components, 5);
  EXPECT_EQ(result.classes[1].pairs, 96);
  EXPECT_NEAR(result.classes[1].bibw_gbps, 44, 2);
  EXPECT_NEAR(result.classes[1].latency_us, 3.5, 0.3);
}

TEST(LocaliseTest, QuickScheduleStillFindsAHost) {
  const ClusterMap map = MakeSpineLeafMap(8, 8);
  LinkMatrices matrices = MakeLinkMatrices(map, Noisy(), {{"node20", 0.3, 1}});
  std::vector<int> leaf_of_host;
  for (int h = 0; h < 64; ++h) leaf_of_host.push_back(h / 8);
  KeepScheduledPairs(QuickSchedule(leaf_of_host), matrices);
  const LocaliseResult result = Localise(map, matrices);
  const std::vector<Finding> failures = Failures(result);
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0].component.id, "node20");
}

}  // namespace
}  // namespace spinecheck
