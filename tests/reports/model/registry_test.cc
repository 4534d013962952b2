// Registry<T>: explicit registration, lookup, duplicate rejection.
#include "reports/model/registry.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"

namespace spinecheck {
namespace {

struct Entry {
  explicit Entry(int v) : value(v) {}
  int value;
};

class RegistryTest : public ::testing::Test {
 protected:
  RegistryTest() : registry_("collective") {
    EXPECT_TRUE(registry_.Register("all_reduce", std::make_unique<Entry>(1)).ok());
    EXPECT_TRUE(registry_.Register("broadcast", std::make_unique<Entry>(2)).ok());
    EXPECT_TRUE(registry_.Register("alltoall", std::make_unique<Entry>(3)).ok());
  }

  Registry<Entry> registry_;
};

TEST_F(RegistryTest, FindReturnsTheRegisteredEntry) {
  const Entry* broadcast = registry_.Find("broadcast");
  ASSERT_NE(broadcast, nullptr);
  EXPECT_EQ(broadcast->value, 2);
  const Entry* all_reduce = registry_.Find("all_reduce");
  ASSERT_NE(all_reduce, nullptr);
  EXPECT_EQ(all_reduce->value, 1);
}

TEST_F(RegistryTest, FindUnknownIsNull) {
  EXPECT_EQ(registry_.Find("reduce"), nullptr);
  EXPECT_EQ(registry_.Find(""), nullptr);
  EXPECT_EQ(registry_.Find("All_Reduce"), nullptr);  // names are exact
}

TEST_F(RegistryTest, SelectAllIsEveryEntryInRegistrationOrder) {
  const absl::StatusOr<std::vector<const Entry*>> all = registry_.Select("all");
  ASSERT_TRUE(all.ok()) << all.status();
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0]->value, 1);
  EXPECT_EQ((*all)[2]->value, 3);
}

TEST_F(RegistryTest, SelectAListKeepsItsOrderAndIgnoresSpaces) {
  const absl::StatusOr<std::vector<const Entry*>> some = registry_.Select("alltoall, all_reduce,");
  ASSERT_TRUE(some.ok()) << some.status();
  ASSERT_EQ(some->size(), 2u);
  EXPECT_EQ((*some)[0]->value, 3);
  EXPECT_EQ((*some)[1]->value, 1);
}

TEST_F(RegistryTest, SelectRejectsUnknownNamesAndEmptyLists) {
  const absl::StatusOr<std::vector<const Entry*>> unknown = registry_.Select("broadcast,gather");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(absl::StrContains(unknown.status().message(), "'gather'")) << unknown.status();
  for (const char* empty : {"", ",", " , "}) {
    const absl::StatusOr<std::vector<const Entry*>> none = registry_.Select(empty);
    ASSERT_FALSE(none.ok()) << "'" << empty << "'";
    EXPECT_EQ(none.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_TRUE(absl::StrContains(none.status().message(), "all_reduce, broadcast, alltoall")) << none.status();
  }
}

TEST_F(RegistryTest, GetKnown) {
  const absl::StatusOr<const Entry*> entry = registry_.Get("alltoall");
  ASSERT_TRUE(entry.ok()) << entry.status();
  EXPECT_EQ((*entry)->value, 3);
}

TEST_F(RegistryTest, GetUnknownListsKnownNamesInRegistrationOrder) {
  const absl::StatusOr<const Entry*> entry = registry_.Get("reduce_scatter");
  ASSERT_FALSE(entry.ok());
  EXPECT_EQ(entry.status().code(), absl::StatusCode::kNotFound);
  const std::string message(entry.status().message());
  EXPECT_TRUE(absl::StrContains(message, "collective")) << message;
  EXPECT_TRUE(absl::StrContains(message, "'reduce_scatter'")) << message;
  EXPECT_TRUE(absl::StrContains(message, "all_reduce, broadcast, alltoall")) << message;
}

TEST_F(RegistryTest, NamesInRegistrationOrder) {
  EXPECT_EQ(registry_.Names(), (std::vector<std::string>{"all_reduce", "broadcast", "alltoall"}));
}

TEST_F(RegistryTest, DuplicateIsRejectedAndKeepsTheFirst) {
  const absl::Status status = registry_.Register("broadcast", std::make_unique<Entry>(99));
  EXPECT_EQ(status.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_TRUE(absl::StrContains(status.message(), "'broadcast'")) << status;
  EXPECT_TRUE(absl::StrContains(status.message(), "collective")) << status;
  ASSERT_NE(registry_.Find("broadcast"), nullptr);
  EXPECT_EQ(registry_.Find("broadcast")->value, 2);
  EXPECT_EQ(registry_.Names().size(), 3u);
}

TEST(RegistryEmptyTest, GetOnEmptyRegistryIsNotFound) {
  Registry<Entry> registry("check");
  EXPECT_TRUE(registry.Names().empty());
  const absl::StatusOr<const Entry*> entry = registry.Get("world.arrival");
  ASSERT_FALSE(entry.ok());
  EXPECT_EQ(entry.status().code(), absl::StatusCode::kNotFound);
  EXPECT_TRUE(absl::StrContains(entry.status().message(), "check 'world.arrival'")) << entry.status();
}

}  // namespace
}  // namespace spinecheck
