// The smoke inventory's judgement of hosts against their majority: a lost
// device, an odd driver or model fails where a strict majority agrees and
// only warns where none does.
#include "run/smoke_inventory.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace spinecheck {
namespace {

RankInventory Rank(int rank, std::string host, int devices, std::string driver = "580.65") {
  RankInventory r;
  r.rank = rank;
  r.host = std::move(host);
  r.devices_visible = devices;
  r.model = "NVIDIA H100 80GB HBM3";
  r.cuda_driver = std::move(driver);
  r.cuda_runtime = "13.0";
  r.nccl = "2.28.9";
  r.mpi = "Open MPI v4.1.4";
  return r;
}

TEST(SmokeInventoryTest, ConsistentHostsHaveNoFinding) {
  EXPECT_TRUE(JudgeInventory({Rank(0, "a", 8), Rank(1, "a", 8), Rank(2, "b", 8), Rank(3, "c", 8)}, 0).empty());
}

TEST(SmokeInventoryTest, AHostWithADeviceLessFailsAgainstTheMostCommonCount) {
  const std::vector<Finding> findings = JudgeInventory({Rank(0, "a", 8), Rank(1, "b", 7), Rank(2, "c", 8)}, 0);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].check, "inventory.device_count");
  EXPECT_EQ(findings[0].severity, Severity::kFail);
  EXPECT_EQ(findings[0].component.kind, ComponentKind::kHost);
  EXPECT_EQ(findings[0].component.id, "b");
  EXPECT_EQ(findings[0].measured, 7);
  EXPECT_EQ(findings[0].expected, 8);
  EXPECT_EQ(findings[0].ranks, std::vector<int>{1});
}

TEST(SmokeInventoryTest, ExpectDevicesJudgesEveryHost) {
  const std::vector<Finding> findings = JudgeInventory({Rank(0, "a", 4), Rank(1, "b", 4)}, 8);
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].component.id, "a");
  EXPECT_EQ(findings[1].component.id, "b");
}

TEST(SmokeInventoryTest, AnOddDriverFailsUnderAMajorityAndWarnsWithoutOne) {
  std::vector<Finding> findings =
      JudgeInventory({Rank(0, "a", 8), Rank(1, "b", 8), Rank(2, "c", 8, "570.10")}, 0);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].check, "inventory.cuda_driver");
  EXPECT_EQ(findings[0].severity, Severity::kFail);
  EXPECT_EQ(findings[0].component.id, "c");
  EXPECT_EQ(findings[0].evidence, (std::vector<std::string>{"measured=570.10", "expected=580.65"}));

  // Two against two: no majority to blame either side by.
  findings = JudgeInventory({Rank(0, "a", 8), Rank(1, "b", 8), Rank(2, "c", 8, "570.10"), Rank(3, "d", 8, "570.10")},
                            0);
  ASSERT_EQ(findings.size(), 2u);
  for (const Finding& finding : findings) EXPECT_EQ(finding.severity, Severity::kWarn) << finding.message;
}

TEST(SmokeInventoryTest, InventoryOfRanksTakesTheFirstDevicesModel) {
  RankInfo info;
  info.rank = 3;
  info.host = "n1";
  info.devices_visible = 2;
  info.devices.resize(2);
  info.devices[0].model = "first";
  info.devices[1].model = "second";
  info.software.nccl = "2.28.9";
  const std::vector<RankInventory> inventory = InventoryOfRanks({info});
  ASSERT_EQ(inventory.size(), 1u);
  EXPECT_EQ(inventory[0].rank, 3);
  EXPECT_EQ(inventory[0].model, "first");
  EXPECT_EQ(inventory[0].nccl, "2.28.9");
}

}  // namespace
}  // namespace spinecheck
