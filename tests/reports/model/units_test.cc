// Byte sizes as nccl-tests takes them (-b 8 -e 4G) and the GB/s convention.
#include "reports/model/units.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace spinecheck {
namespace {

constexpr uint64_t kKiB = uint64_t{1} << 10;
constexpr uint64_t kMiB = uint64_t{1} << 20;
constexpr uint64_t kGiB = uint64_t{1} << 30;
constexpr uint64_t kTiB = uint64_t{1} << 40;

// The value of a size that must parse.
uint64_t Parsed(const std::string& text) {
  const absl::StatusOr<uint64_t> bytes = ParseByteSize(text);
  EXPECT_TRUE(bytes.ok()) << "'" << text << "': " << bytes.status();
  return bytes.value_or(0);
}

TEST(ParseByteSizeTest, PlainNumberIsBytes) {
  EXPECT_EQ(Parsed("8"), 8u);
  EXPECT_EQ(Parsed("0"), 0u);
  EXPECT_EQ(Parsed("1536"), 1536u);
}

TEST(ParseByteSizeTest, BinarySuffixes) {
  EXPECT_EQ(Parsed("64K"), 64 * kKiB);
  EXPECT_EQ(Parsed("1M"), kMiB);
  EXPECT_EQ(Parsed("4G"), 4 * kGiB);
  EXPECT_EQ(Parsed("1T"), kTiB);
}

TEST(ParseByteSizeTest, SuffixIsCaseInsensitive) {
  EXPECT_EQ(Parsed("64k"), 64 * kKiB);
  EXPECT_EQ(Parsed("1m"), kMiB);
  EXPECT_EQ(Parsed("4g"), 4 * kGiB);
  EXPECT_EQ(Parsed("2t"), 2 * kTiB);
}

TEST(ParseByteSizeTest, OptionalTrailingBOrIB) {
  EXPECT_EQ(Parsed("64KiB"), 64 * kKiB);
  EXPECT_EQ(Parsed("64KB"), 64 * kKiB);
  EXPECT_EQ(Parsed("1mb"), kMiB);
  EXPECT_EQ(Parsed("1MiB"), kMiB);
  EXPECT_EQ(Parsed("4gib"), 4 * kGiB);
}

TEST(ParseByteSizeTest, FractionWithSuffixIsTruncatedToWholeBytes) {
  EXPECT_EQ(Parsed("1.5M"), kMiB + kMiB / 2);
  EXPECT_EQ(Parsed("0.5K"), 512u);
  // 1.001 * 1024 = 1025.024: truncated, not rounded.
  EXPECT_EQ(Parsed("1.001K"), 1025u);
}

TEST(ParseByteSizeTest, LargestValuesThatFit) {
  EXPECT_EQ(Parsed("18446744073709551615"), std::numeric_limits<uint64_t>::max());
  EXPECT_EQ(Parsed("16777215T"), 16777215 * kTiB);
}

class ParseByteSizeRejectsTest : public ::testing::TestWithParam<const char*> {};

TEST_P(ParseByteSizeRejectsTest, InvalidArgumentNamingTextAndAcceptedForms) {
  const std::string text = GetParam();
  const absl::StatusOr<uint64_t> bytes = ParseByteSize(text);
  ASSERT_FALSE(bytes.ok()) << "'" << text << "' parsed as " << *bytes;
  EXPECT_EQ(bytes.status().code(), absl::StatusCode::kInvalidArgument) << bytes.status();
  const std::string message(bytes.status().message());
  EXPECT_TRUE(absl::StrContains(message, absl::StrCat("'", text, "'"))) << message;
  EXPECT_TRUE(absl::StrContains(message, "K, M, G or T")) << message;
}

INSTANTIATE_TEST_SUITE_P(BadSizes, ParseByteSizeRejectsTest,
                         ::testing::Values("12Q", "", "K", "-5", "1.2.3", "99999999999999999999T",
                                           // 2^24 TiB = 2^64 bytes: one past the largest size.
                                           "16777216T", "18446744073709551616", "abc", "1e3", "M5"));

TEST(FormatByteSizeTest, LargestExactBinarySuffix) {
  EXPECT_EQ(FormatByteSize(kMiB), "1M");
  EXPECT_EQ(FormatByteSize(64 * kKiB), "64K");
  EXPECT_EQ(FormatByteSize(4 * kGiB), "4G");
  EXPECT_EQ(FormatByteSize(kTiB), "1T");
  EXPECT_EQ(FormatByteSize(3 * kTiB), "3T");
  // 1536 K is 1.5 M: only K divides it exactly.
  EXPECT_EQ(FormatByteSize(1536 * kKiB), "1536K");
}

TEST(FormatByteSizeTest, BytesWhenNoSuffixDividesExactly) {
  EXPECT_EQ(FormatByteSize(1536), "1536");
  EXPECT_EQ(FormatByteSize(8), "8");
  EXPECT_EQ(FormatByteSize(0), "0");
  EXPECT_EQ(FormatByteSize(kKiB + 1), "1025");
}

TEST(FormatByteSizeTest, RoundTripsThroughParse) {
  for (uint64_t bytes : {uint64_t{0}, uint64_t{8}, uint64_t{1000}, 1536 * kKiB, 32 * kMiB, 8 * kGiB, 5 * kTiB,
                         kTiB + kGiB}) {
    EXPECT_EQ(Parsed(FormatByteSize(bytes)), bytes) << FormatByteSize(bytes);
  }
}

TEST(BandwidthGbpsTest, GigabytesAreTenToTheNinthBytes) {
  EXPECT_DOUBLE_EQ(BandwidthGbps(1e9, 1.0), 1.0);
  EXPECT_DOUBLE_EQ(BandwidthGbps(2e9, 0.5), 4.0);
  // 1 GiB in one second is 1.073741824 GB/s, not 1.
  EXPECT_DOUBLE_EQ(BandwidthGbps(static_cast<double>(kGiB), 1.0), 1.073741824);
  // 1 MiB in 33169.3 us, as an nccl-tests row would compute it.
  EXPECT_NEAR(BandwidthGbps(static_cast<double>(kMiB), 33169.3e-6), 0.0316128468, 1e-10);
}

TEST(BandwidthGbpsTest, ZeroWhenNoTimeElapsed) {
  EXPECT_EQ(BandwidthGbps(1e9, 0), 0);
  EXPECT_EQ(BandwidthGbps(1e9, -1), 0);
  EXPECT_EQ(BandwidthGbps(0, 1), 0);
}

}  // namespace
}  // namespace spinecheck
