#include "diag/burn_findings.h"

#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace spinecheck {
namespace {

DeviceInfo Gpu(int index) {
  DeviceInfo device;
  device.kind = "cuda";
  device.index = index;
  device.uuid = absl::StrCat("GPU-0000000", index);
  device.pci_bus_id = absl::StrCat("0000:0", index, ":00.0");
  device.model = "NVIDIA H100 80GB HBM3";
  return device;
}

BurnResult Gemm(int rank, double tflops, int64_t mismatches = 0) {
  BurnResult result;
  result.check = "gemm";
  result.variant = "bf16";
  result.rank = rank;
  result.host = absl::StrCat("node", rank / 2);
  result.device = Gpu(rank % 2);
  result.status = BurnStatus::kMeasured;
  result.value = tflops;
  result.unit = "TFLOPS";
  result.mismatches = mismatches;
  result.checked_elements = 1000;
  return result;
}

RunDocument EightGpus(std::vector<double> tflops) {
  RunDocument document;
  for (size_t rank = 0; rank < tflops.size(); ++rank) {
    document.burn_results.push_back(Gemm(static_cast<int>(rank), tflops[rank]));
  }
  return document;
}

// The retest as the burn runs it: what PlanBurnRetests names is measured
// again, each rank at `values[rank]`.
void AddRetests(RunDocument& document, const std::map<int, double>& values, double tolerance = 0.15) {
  for (const BurnRetest& retest : PlanBurnRetests(document.burn_results, tolerance)) {
    for (const std::vector<int>* ranks : {&retest.suspects, &retest.references}) {
      for (int rank : *ranks) {
        ASSERT_TRUE(values.count(rank)) << "the retest measures rank " << rank;
        document.burn_retests.push_back(Gemm(rank, values.at(rank)));
      }
    }
  }
}

std::vector<const Finding*> WithCheck(const std::vector<Finding>& findings, const std::string& check) {
  std::vector<const Finding*> matching;
  for (const Finding& finding : findings) {
    if (finding.check == check) matching.push_back(&finding);
  }
  return matching;
}

TEST(BurnFindingsTest, FivePercentSpreadNeverFails) {
  const RunDocument document = EightGpus({700, 735, 665, 690, 710, 668, 731, 700});
  EXPECT_TRUE(DeriveBurnFindings(document, {}).empty());
}

TEST(BurnFindingsTest, SlowDeviceIsTheOnlyOutlierAndNamedByUuidAndBus) {
  RunDocument document = EightGpus({700, 705, 695, 350, 702, 698, 701, 699});
  AddRetests(document, {{3, 345}, {0, 700}, {7, 699}});
  const std::vector<Finding> findings = DeriveBurnFindings(document, {});
  ASSERT_EQ(findings.size(), 1u);
  const Finding& finding = findings[0];
  EXPECT_EQ(finding.severity, Severity::kFail);
  EXPECT_EQ(finding.check, "burn.gemm.outlier");
  EXPECT_EQ(finding.component.kind, ComponentKind::kGpu);
  EXPECT_EQ(finding.component.id, "GPU-00000001");
  EXPECT_EQ(finding.component.hosts, std::vector<std::string>{"node1"});
  EXPECT_EQ(finding.ranks, std::vector<int>{3});
  EXPECT_EQ(finding.measured, 350);
  EXPECT_DOUBLE_EQ(finding.expected, 699.5);  // the median of the eight
  EXPECT_TRUE(absl::StrContains(finding.message, "0000:01:00.0")) << finding.message;
  EXPECT_TRUE(absl::StrContains(finding.message, "GPU 1")) << finding.message;
  ASSERT_EQ(finding.evidence.size(), 2u);
  EXPECT_TRUE(absl::StrContains(finding.evidence[1], "re-measured: 345 TFLOPS against 699.5 TFLOPS on 2 reference"))
      << finding.evidence[1];
  EXPECT_TRUE(absl::StrContains(finding.evidence[1], "confirmed")) << finding.evidence[1];
}

TEST(BurnFindingsTest, RetestNamesTheSuspectsAndTwoReferencesNearestTheMedian) {
  const RunDocument document = EightGpus({700, 705, 695, 350, 702, 698, 701, 340});
  const std::vector<BurnRetest> plan = PlanBurnRetests(document.burn_results, 0.15);
  ASSERT_EQ(plan.size(), 1u);
  EXPECT_EQ(plan[0].check, "gemm");
  EXPECT_EQ(plan[0].variants, std::vector<std::string>{"bf16"});
  EXPECT_EQ(plan[0].suspects, (std::vector<int>{3, 7}));
  EXPECT_EQ(plan[0].references, (std::vector<int>{0, 5}));  // 700 and 698, nearest the median 699
  EXPECT_TRUE(PlanBurnRetests(EightGpus({700, 705, 695, 690}).burn_results, 0.15).empty()) << "nothing suspect";
}

TEST(BurnFindingsTest, OutlierThatTheRetestDoesNotConfirmOnlyWarns) {
  // One slow measurement on a busy machine: the device is at its peers' level when measured again.
  RunDocument document = EightGpus({700, 705, 695, 350, 702, 698, 701, 699});
  AddRetests(document, {{3, 690}, {0, 702}, {7, 700}});
  const std::vector<Finding> findings = DeriveBurnFindings(document, {});
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].severity, Severity::kWarn);
  EXPECT_EQ(findings[0].check, "burn.gemm.unconfirmed_outlier");
  EXPECT_EQ(findings[0].ranks, std::vector<int>{3});
  ASSERT_EQ(findings[0].evidence.size(), 2u);
  EXPECT_TRUE(absl::StrContains(findings[0].evidence[1], "690 TFLOPS against 701 TFLOPS")) << findings[0].evidence[1];
  EXPECT_TRUE(absl::StrContains(findings[0].evidence[1], "within the tolerance")) << findings[0].evidence[1];
}

TEST(BurnFindingsTest, OutlierNeverMeasuredAgainOnlyWarns) {
  const RunDocument document = EightGpus({700, 705, 695, 350, 702, 698, 701, 699});
  const std::vector<Finding> findings = DeriveBurnFindings(document, {});
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].severity, Severity::kWarn);
  EXPECT_EQ(findings[0].check, "burn.gemm.unconfirmed_outlier");
  EXPECT_TRUE(absl::StrContains(findings[0].evidence[1], "not re-measured")) << findings[0].evidence[1];
}

TEST(BurnFindingsTest, ASuspectIsNeverItsOwnReference) {
  // Two slow devices: each is judged against the healthy references only.
  RunDocument document = EightGpus({700, 705, 695, 350, 702, 698, 701, 340});
  AddRetests(document, {{3, 345}, {7, 690}, {0, 700}, {5, 700}});
  const std::vector<Finding> findings = DeriveBurnFindings(document, {});
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(WithCheck(findings, "burn.gemm.outlier").size(), 1u);
  EXPECT_EQ(WithCheck(findings, "burn.gemm.outlier")[0]->ranks, std::vector<int>{3});
  EXPECT_EQ(WithCheck(findings, "burn.gemm.unconfirmed_outlier")[0]->ranks, std::vector<int>{7});
}

TEST(BurnFindingsTest, ToleranceIsConfigurable) {
  RunDocument document = EightGpus({700, 700, 700, 600, 700, 700, 700, 700});
  EXPECT_TRUE(DeriveBurnFindings(document, {}).empty());  // 14% below, tolerance 15%
  BurnVerdictOptions strict;
  strict.tolerance = 0.10;
  AddRetests(document, {{3, 600}, {0, 700}, {1, 700}}, strict.tolerance);
  EXPECT_EQ(WithCheck(DeriveBurnFindings(document, strict), "burn.gemm.outlier").size(), 1u);
}

TEST(BurnFindingsTest, NoisyGroupDoesNotFailItsSlowestMember) {
  // Four oversubscribed CPU ranks: a 29% spread that is noise.
  const RunDocument document = EightGpus({9.2, 12.1, 13.8, 15.2});
  EXPECT_TRUE(DeriveBurnFindings(document, {}).empty());
}

TEST(BurnFindingsTest, DeviceBelowHalfTheMedianFailsInANoisyGroup) {
  // Four oversubscribed CPU ranks, rank 1 run at 0.3 of its speed (fp64
  // TFLOPS of a real run): the slow device's own distance inflates the
  // group's deviation, but a quarter of the median is never noise.
  RunDocument document = EightGpus({0.0323, 0.0085, 0.0364, 0.0475});
  AddRetests(document, {{1, 0.009}, {0, 0.033}, {2, 0.035}});
  const std::vector<Finding> all = DeriveBurnFindings(document, {});
  const auto outliers = WithCheck(all, "burn.gemm.outlier");
  ASSERT_EQ(outliers.size(), 1u);
  EXPECT_EQ(outliers[0]->ranks, std::vector<int>{1});
}

TEST(BurnFindingsTest, PeersAreTheSameModelOnly) {
  RunDocument document = EightGpus({700, 700, 700, 700});
  for (int rank = 4; rank < 6; ++rank) {
    BurnResult slower_model = Gemm(rank, 300);
    slower_model.device.model = "NVIDIA A100-SXM4-80GB";
    document.burn_results.push_back(slower_model);
  }
  EXPECT_TRUE(DeriveBurnFindings(document, {}).empty());
}

TEST(BurnFindingsTest, LoneDeviceHasNoPeers) {
  EXPECT_TRUE(DeriveBurnFindings(EightGpus({10}), {}).empty());
}

TEST(BurnFindingsTest, MismatchFailsOnlyTheCorruptedDevice) {
  RunDocument document = EightGpus({700, 700, 700, 700});
  document.burn_results[2].mismatches = 17;
  const std::vector<Finding> findings = DeriveBurnFindings(document, {});
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].check, "burn.gemm.mismatch");
  EXPECT_EQ(findings[0].ranks, std::vector<int>{2});
  EXPECT_EQ(findings[0].measured, 17);
  ASSERT_EQ(findings[0].evidence.size(), 1u);
  EXPECT_TRUE(absl::StrContains(findings[0].evidence[0], "17 of 1000")) << findings[0].evidence[0];
}

TEST(BurnFindingsTest, CheckErrorIsAnErrorFindingNotAFailure) {
  RunDocument document = EightGpus({700, 700});
  document.burn_results[1].status = BurnStatus::kError;
  document.burn_results[1].reason = "out of memory allocating 1073741824 bytes";
  const std::vector<Finding> findings = DeriveBurnFindings(document, {});
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].severity, Severity::kError);
  EXPECT_TRUE(absl::StrContains(findings[0].message, "out of memory")) << findings[0].message;
}

TEST(BurnFindingsTest, FarBelowThePublishedFigureWarns) {
  RunDocument document = EightGpus({400});
  document.burn_results[0].expected = 989;
  const std::vector<Finding> findings = DeriveBurnFindings(document, {});
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].severity, Severity::kWarn);
  EXPECT_EQ(findings[0].check, "burn.gemm.below_expected");
}

DeviceTelemetry HealthyTelemetry(int rank) {
  DeviceTelemetry t;
  t.rank = rank;
  t.host = "node0";
  t.device = Gpu(rank);
  t.available = true;
  t.ecc_uncorrected_before = 0;
  t.ecc_uncorrected_after = 0;
  t.pcie_gen_current = t.pcie_gen_max = 5;
  t.pcie_width_current = t.pcie_width_max = 16;
  return t;
}

TEST(BurnFindingsTest, TelemetryVerdicts) {
  RunDocument document;
  document.telemetry.push_back(HealthyTelemetry(0));
  DeviceTelemetry ecc = HealthyTelemetry(1);
  ecc.ecc_uncorrected_after = 2;
  DeviceTelemetry xid = HealthyTelemetry(2);
  xid.xid_events = {79};
  DeviceTelemetry pcie = HealthyTelemetry(3);
  pcie.pcie_gen_current = 3;
  DeviceTelemetry hot = HealthyTelemetry(4);
  hot.throttle_reasons = {"sw_thermal"};
  hot.throttle_reasons_mask = 0x20;
  DeviceTelemetry absent = HealthyTelemetry(5);
  absent.available = false;
  absent.xid_events = {13};  // ignored: nothing was read
  for (const DeviceTelemetry& t : {ecc, xid, pcie, hot, absent}) document.telemetry.push_back(t);

  const std::vector<Finding> findings = DeriveBurnFindings(document, {});
  ASSERT_EQ(findings.size(), 4u);
  EXPECT_EQ(findings[0].check, "burn.ecc_uncorrectable");
  EXPECT_EQ(findings[0].ranks, std::vector<int>{1});
  EXPECT_EQ(findings[0].measured, 2);
  EXPECT_EQ(findings[1].check, "burn.xid");
  EXPECT_TRUE(absl::StrContains(findings[1].message, "XID 79")) << findings[1].message;
  EXPECT_EQ(findings[2].check, "burn.pcie_link");
  EXPECT_EQ(findings[2].severity, Severity::kFail);
  EXPECT_EQ(findings[3].check, "burn.throttle");
  EXPECT_EQ(findings[3].severity, Severity::kWarn);
}

TEST(BurnFindingsTest, HostShowingFewerDevicesThanExpectedFails) {
  RunDocument document;
  for (int rank = 0; rank < 3; ++rank) {
    RankInfo info;
    info.rank = rank;
    info.host = rank < 2 ? "node0" : "node1";
    info.devices_visible = rank < 2 ? 8 : 7;
    info.devices.push_back(Gpu(rank));
    document.ranks.push_back(info);
  }
  BurnVerdictOptions options;
  options.expect_devices = 8;
  const std::vector<Finding> findings = DeriveBurnFindings(document, options);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].check, "burn.device_count");
  EXPECT_EQ(findings[0].component.id, "node1");
  EXPECT_EQ(findings[0].measured, 7);
  EXPECT_TRUE(DeriveBurnFindings(document, {}).empty());  // not asked
}

TEST(BurnFindingsTest, DcgmFailuresAndWarnings) {
  RunDocument document;
  document.dcgm_results.push_back({"node0", 0, "Hardware", "Memory", DcgmStatus::kPass, {}});
  document.dcgm_results.push_back({"node0", 3, "Hardware", "Memory", DcgmStatus::kFail, {"DBE detected"}});
  document.dcgm_results.push_back({"node1", 1, "Integration", "PCIe", DcgmStatus::kWarn, {"low bandwidth"}});
  const std::vector<Finding> findings = DeriveBurnFindings(document, {});
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].severity, Severity::kFail);
  EXPECT_EQ(findings[0].check, "dcgm.Memory");
  EXPECT_EQ(findings[0].component.hosts, std::vector<std::string>{"node0"});
  EXPECT_TRUE(absl::StrContains(findings[0].message, "GPU 3")) << findings[0].message;
  EXPECT_EQ(findings[1].severity, Severity::kWarn);
}

// A result DCGM gave in a word spinecheck does not know is a warning, never
// a pass and never a blame.
TEST(BurnFindingsTest, AnUnknownDcgmResultIsAWarning) {
  RunDocument document;
  document.dcgm_results.push_back({"node0", 2, "Hardware", "Memory", DcgmStatus::kUnknown, {"dcgmi reported ..."}});
  const std::vector<Finding> findings = DeriveBurnFindings(document, {});
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].severity, Severity::kWarn);
  EXPECT_TRUE(absl::StrContains(findings[0].message, "gave an unknown result on GPU 2")) << findings[0].message;
}

}  // namespace
}  // namespace spinecheck
