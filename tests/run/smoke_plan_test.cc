// The smoke plan: the profile with the flags applied through its keys, each
// name resolved against its registry, and the errors that name the flag.
#include "run/smoke_plan.h"

#include <gtest/gtest.h>

#include <string>

#include "absl/strings/match.h"

namespace spinecheck {
namespace {

TEST(SmokePlanTest, TheSmokeProfileResolvesItsChecksAndCollectives) {
  const absl::StatusOr<SmokePlan> plan = BuildSmokePlan(SmokeRequest{});
  ASSERT_TRUE(plan.ok()) << plan.status();
  ASSERT_EQ(plan->checks.size(), 2u);  // gemm,memory
  EXPECT_EQ(plan->checks[0]->name(), "gemm");
  EXPECT_EQ(plan->checks[1]->name(), "memory");
  EXPECT_TRUE(plan->gemm_types.empty());  // every type
  ASSERT_EQ(plan->collectives.size(), 1u);
  EXPECT_EQ(plan->collectives[0]->name, "all_reduce");
  EXPECT_FALSE(plan->per_node);
}

TEST(SmokePlanTest, FlagsThenSettingsOverrideTheProfile) {
  SmokeRequest request;
  request.overrides = {{"--budget", "budget", "2m"}, {"--collective", "sweep_collectives", "all_gather,broadcast"}};
  request.settings = {"burn_types = fp32,bf16", "budget=3m"};
  request.per_node = true;
  const absl::StatusOr<SmokePlan> plan = BuildSmokePlan(request);
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(plan->settings.budget, absl::Minutes(3));  // --set comes last
  ASSERT_EQ(plan->collectives.size(), 2u);
  EXPECT_EQ(plan->collectives[1]->name, "broadcast");
  EXPECT_EQ(plan->gemm_types, (std::vector<GemmType>{GemmType::kFp32, GemmType::kBf16}));
  EXPECT_TRUE(plan->per_node);
}

TEST(SmokePlanTest, ErrorsNameTheFlag) {
  SmokeRequest request;
  request.overrides = {{"--tolerance", "burn_tolerance", "2"}};
  absl::StatusOr<SmokePlan> plan = BuildSmokePlan(request);
  ASSERT_FALSE(plan.ok());
  EXPECT_TRUE(absl::StartsWith(plan.status().message(), "--tolerance: '2': must lie between 0 and 1"))
      << plan.status();

  request = {};
  request.settings = {"budget"};
  plan = BuildSmokePlan(request);
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.status().message(), "--set: expected KEY=VALUE; got 'budget'");

  request = {};
  request.overrides = {{"--collective", "sweep_collectives", "all_reduce,allreduce"}};
  plan = BuildSmokePlan(request);
  ASSERT_FALSE(plan.ok());
  EXPECT_TRUE(absl::StartsWith(plan.status().message(), "--collective: ")) << plan.status();

  request = {};
  request.overrides = {{"-b/--minbytes", "sweep_min_bytes", "1G"}, {"-e/--maxbytes", "sweep_max_bytes", "1M"}};
  plan = BuildSmokePlan(request);
  ASSERT_FALSE(plan.ok());
  EXPECT_TRUE(absl::StrContains(plan.status().message(), "is above -e/--maxbytes")) << plan.status();

  request = {};
  request.thresholds_path = "/nonexistent/thresholds.csv";
  plan = BuildSmokePlan(request);
  ASSERT_FALSE(plan.ok());
  EXPECT_TRUE(absl::StartsWith(plan.status().message(), "--thresholds: ")) << plan.status();
}

}  // namespace
}  // namespace spinecheck
