// ExpandHostlist: Slurm's forms, padding, several groups, and errors with columns.
#include "topology/fabric/hostlist.h"

#include <string>

#include "absl/strings/str_cat.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace spinecheck {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(HostlistTest, ExpandsRangesListsAndPadding) {
  EXPECT_THAT(*ExpandHostlist("tux[0-3]"), ElementsAre("tux0", "tux1", "tux2", "tux3"));
  auto padded = ExpandHostlist("node[001-016,020]");
  ASSERT_TRUE(padded.ok());
  ASSERT_EQ(padded->size(), 17u);
  EXPECT_EQ(padded->front(), "node001");
  EXPECT_EQ((*padded)[15], "node016");
  EXPECT_EQ(padded->back(), "node020");
  EXPECT_THAT(*ExpandHostlist("a,b[8-10],c"), ElementsAre("a", "b8", "b9", "b10", "c"));
  EXPECT_THAT(*ExpandHostlist("rack[1-2]-gpu[01-02]"),
              ElementsAre("rack1-gpu01", "rack1-gpu02", "rack2-gpu01", "rack2-gpu02"));
  EXPECT_THAT(*ExpandHostlist("plain"), ElementsAre("plain"));
}

TEST(HostlistTest, ScalesLinearly) {
  auto names = ExpandHostlist("gpu[00001-65536]");
  ASSERT_TRUE(names.ok());
  EXPECT_EQ(names->size(), 65536u);
  EXPECT_EQ(names->back(), "gpu65536");
}

TEST(HostlistTest, RejectsMalformedWithColumn) {
  EXPECT_THAT(ExpandHostlist("node[1-4").status().message(), HasSubstr("column 5: '[' is not closed"));
  EXPECT_THAT(ExpandHostlist("node[4-1]").status().message(), HasSubstr("ends below its start"));
  EXPECT_THAT(ExpandHostlist("node[a-b]").status().message(), HasSubstr("not a number"));
  EXPECT_THAT(ExpandHostlist("node[[1]]").status().message(), HasSubstr("cannot nest"));
  EXPECT_THAT(ExpandHostlist("a,,b").status().message(), HasSubstr("empty name"));
  EXPECT_THAT(ExpandHostlist("n[1-9999999999]").status().message(), HasSubstr("more than"));
  EXPECT_THAT(ExpandHostlist("a]").status().message(), HasSubstr("']' without a '['"));
  EXPECT_FALSE(ExpandHostlist("").ok());
}

// Names are bounded by length too: 255 characters pass, 256 do not, whether
// the length comes from literals or from a bracket group's digits.
TEST(HostlistTest, RejectsNamesLongerThanAnyHostName) {
  const std::string longest(kMaxHostNameBytes, 'n');
  EXPECT_TRUE(ExpandHostlist(longest).ok());
  EXPECT_THAT(ExpandHostlist(longest + "x").status().message(), HasSubstr("longer than 255 characters"));
  const std::string prefix(kMaxHostNameBytes - 2, 'n');
  EXPECT_TRUE(ExpandHostlist(prefix + "[1-99]").ok());
  auto too_long = ExpandHostlist(prefix + "[1-100]");
  EXPECT_THAT(too_long.status().message(), HasSubstr(absl::StrCat("column ", prefix.size() + 1, ": names longer")));
}

// And by bytes in all: 200,000 names of 251 characters are 50 MB.
TEST(HostlistTest, RejectsMoreThan32MiBOfNames) {
  EXPECT_THAT(ExpandHostlist(std::string(245, 'n') + "[000001-200000]").status().message(),
              HasSubstr("more than 32 MiB of names"));
  auto within = ExpandHostlist(std::string(100, 'n') + "[000001-200000]");  // 21 MB
  ASSERT_TRUE(within.ok()) << within.status();
  EXPECT_EQ(within->size(), 200000u);
}

}  // namespace
}  // namespace spinecheck
