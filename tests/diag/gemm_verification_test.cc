#include "diag/engines/gemm_verification.h"

#include <cstdint>
#include <vector>

#include <gtest/gtest.h>

namespace spinecheck {
namespace {

struct Product {
  int n;
  std::vector<int8_t> a, b;
  std::vector<double> c;
};

// The exact product, computed naively.
Product ExactProduct(int n, uint64_t seed) {
  Product p{n, {}, {}, {}};
  const size_t size = static_cast<size_t>(n);
  for (size_t i = 0; i < size * size; ++i) {
    p.a.push_back(GemmInputEntry(GemmSeedA(seed), i));
    p.b.push_back(GemmInputEntry(GemmSeedB(seed), i));
  }
  p.c.assign(size * size, 0);
  for (size_t i = 0; i < size; ++i) {
    for (size_t k = 0; k < size; ++k) {
      for (size_t j = 0; j < size; ++j) p.c[i * size + j] += p.a[i * size + k] * p.b[k * size + j];
    }
  }
  return p;
}

TEST(GemmInputEntryTest, CoversMinusTwoToTwoAndDependsOnSeed) {
  std::vector<int> seen(5, 0);
  int differ = 0;
  for (uint64_t i = 0; i < 10000; ++i) {
    const int8_t value = GemmInputEntry(7, i);
    ASSERT_GE(value, -2);
    ASSERT_LE(value, 2);
    ++seen[static_cast<size_t>(value + 2)];
    differ += value != GemmInputEntry(8, i) ? 1 : 0;
  }
  for (int count : seen) EXPECT_GT(count, 1500);
  EXPECT_GT(differ, 5000);
}

TEST(FreivaldsTest, ExactProductPasses) {
  const Product p = ExactProduct(48, 3);
  EXPECT_EQ(CountFreivaldsFailures(p.n, p.a.data(), p.b.data(), p.c.data(), 11), 0);
  std::vector<float> as_float(p.c.begin(), p.c.end());
  EXPECT_EQ(CountFreivaldsFailures(p.n, p.a.data(), p.b.data(), as_float.data(), 11), 0);
}

TEST(FreivaldsTest, CountsEveryRowWithAWrongElement) {
  Product p = ExactProduct(40, 5);
  p.c[3 * 40 + 7] += 1;      // off by one
  p.c[17 * 40 + 0] = -p.c[17 * 40 + 0] + 1;  // sign flip (never equal: entries are integers, this adds 1)
  p.c[17 * 40 + 39] += 4;   // second error in the same row
  p.c[39 * 40 + 39] += 0.5;  // not an integer
  EXPECT_EQ(CountFreivaldsFailures(p.n, p.a.data(), p.b.data(), p.c.data(), 1), 3);
}

TEST(FreivaldsTest, NanAndHugeValuesFailTheirRow) {
  Product p = ExactProduct(16, 9);
  p.c[2 * 16 + 2] = std::nan("");
  p.c[5 * 16 + 1] = 1e300;
  EXPECT_EQ(CountFreivaldsFailures(p.n, p.a.data(), p.b.data(), p.c.data(), 1), 2);
}

}  // namespace
}  // namespace spinecheck
