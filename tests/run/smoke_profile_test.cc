// Profiles of `spinecheck smoke`: the built-in ones, a file's key = value
// lines over the smoke profile, and the errors that name the line and the
// accepted values.
#include "run/smoke_profile.h"

#include <gtest/gtest.h>

#include <string>

#include "absl/strings/match.h"
#include "absl/time/time.h"

namespace spinecheck {
namespace {

TEST(SmokeProfileTest, EveryBuiltinProfileLoads) {
  for (const std::string& name : BuiltinProfileNames()) {
    const absl::StatusOr<SmokeSettings> settings = LoadProfile(name);
    ASSERT_TRUE(settings.ok()) << name << ": " << settings.status();
    EXPECT_EQ(settings->profile, name);
    EXPECT_GT(settings->budget, absl::ZeroDuration()) << name;
  }
  const absl::StatusOr<SmokeSettings> smoke = LoadProfile("smoke");
  EXPECT_EQ(smoke->budget, absl::Seconds(50));
  EXPECT_EQ(smoke->links_schedule, "quick");
}

TEST(SmokeProfileTest, AFileSaysOnlyWhatDiffersFromSmoke) {
  const absl::StatusOr<SmokeSettings> settings = ParseProfile(
      "# site profile\n"
      "budget = 2m   # longer\n"
      "\n"
      "phases = burn,links\n"
      "links = full\n"
      "burn_memory_size = 2G\n",
      "site.profile");
  ASSERT_TRUE(settings.ok()) << settings.status();
  EXPECT_EQ(settings->profile, "site.profile");
  EXPECT_EQ(settings->budget, absl::Minutes(2));
  EXPECT_FALSE(settings->inventory);
  EXPECT_TRUE(settings->burn);
  EXPECT_FALSE(settings->sweep);
  EXPECT_TRUE(settings->links);
  EXPECT_EQ(settings->links_schedule, "full");
  EXPECT_EQ(settings->burn_memory_bytes, uint64_t{2} << 30);
  EXPECT_EQ(settings->sweep_max_bytes, uint64_t{64} << 20);  // the smoke profile's
}

TEST(SmokeProfileTest, ErrorsNameTheFileTheLineAndTheAcceptedValues) {
  const absl::StatusOr<SmokeSettings> bad_value = ParseProfile("budget = 1m\nsweep_iters = many\n", "p.txt");
  ASSERT_FALSE(bad_value.ok());
  EXPECT_EQ(bad_value.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StartsWith(bad_value.status().message(), "--profile: p.txt:2: sweep_iters: 'many': must be"))
      << bad_value.status();

  const absl::StatusOr<SmokeSettings> unknown = ParseProfile("burn_seconds = 5\n", "p.txt");
  ASSERT_FALSE(unknown.ok());
  EXPECT_TRUE(absl::StrContains(unknown.status().message(), "p.txt:1: unknown key 'burn_seconds'; known: budget,"))
      << unknown.status();

  const absl::StatusOr<SmokeSettings> no_equals = ParseProfile("budget 5m\n", "p.txt");
  ASSERT_FALSE(no_equals.ok());
  EXPECT_TRUE(absl::StrContains(no_equals.status().message(), "p.txt:1: expected key = value")) << no_equals.status();

  const absl::StatusOr<SmokeSettings> missing = LoadProfile("/nonexistent/profile");
  ASSERT_FALSE(missing.ok());
  EXPECT_TRUE(absl::StrContains(missing.status().message(), "is neither a built-in profile (smoke, quick, acceptance)"))
      << missing.status();
}

TEST(SmokeProfileTest, AFlagGoesThroughTheSameKeys) {
  SmokeSettings settings = *LoadProfile("smoke");
  EXPECT_TRUE(ApplySetting(settings, "links_tolerance", "0.3").ok());
  EXPECT_DOUBLE_EQ(settings.links_tolerance, 0.3);
  EXPECT_FALSE(ApplySetting(settings, "links_tolerance", "1.5").ok());
  EXPECT_DOUBLE_EQ(settings.links_tolerance, 0.3);  // a rejected value changes nothing
}

TEST(SmokeProfileTest, TheDocumentRecordsEverySettingWithTheProfileFirst) {
  const auto described = DescribeSettings(*LoadProfile("quick"));
  ASSERT_FALSE(described.empty());
  EXPECT_EQ(described.front().first, "profile");
  EXPECT_EQ(std::get<std::string>(described.front().second), "quick");
}

}  // namespace
}  // namespace spinecheck
