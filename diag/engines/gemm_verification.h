// The inputs every GEMM engine multiplies, and Freivalds' test of a product.
//
// Entries are integers in [-2, 2], exactly representable in every GemmType
// (fp8 e4m3 included), so C = A * B has integer entries of magnitude at most
// 4n, exact in fp32 accumulation for any n below 2^22. Matrices are n x n,
// row-major: c[i*n + j] = sum_k a[i*n + k] * b[k*n + j].
#ifndef SPINECHECK_DIAG_ENGINES_GEMM_VERIFICATION_H_
#define SPINECHECK_DIAG_ENGINES_GEMM_VERIFICATION_H_

#include <cmath>
#include <cstdint>
#include <vector>

namespace spinecheck {

// Entry `index` of the input matrix drawn from `seed` (splitmix64), in [-2, 2].
inline int8_t GemmInputEntry(uint64_t seed, uint64_t index) {
  uint64_t z = seed + 0x9e3779b97f4a7c15ULL * (index + 1);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  z ^= z >> 31;
  return static_cast<int8_t>(static_cast<int>(z % 5) - 2);
}

// Seeds of A and B for a run seed.
inline uint64_t GemmSeedA(uint64_t seed) { return seed * 2 + 1; }
inline uint64_t GemmSeedB(uint64_t seed) { return seed * 2 + 2; }

// Freivalds' test, in exact integer arithmetic: with a random vector r of
// entries in [1, 2^16], compares C r with A (B r) row by row and returns the
// number of rows that differ (a C entry that is not an integer fails its
// row). A wrong element escapes with probability at most 2^-16 per row.
// O(n^2) time. `c` holds any arithmetic type (float, double, int).
template <typename CValue>
int64_t CountFreivaldsFailures(int n, const int8_t* a, const int8_t* b, const CValue* c, uint64_t seed) {
  const size_t size = static_cast<size_t>(n);
  std::vector<int64_t> r(size);
  for (size_t j = 0; j < size; ++j) {
    uint64_t z = (seed ^ 0x5851f42d4c957f2dULL) + 0x9e3779b97f4a7c15ULL * (j + 1);
    z = (z ^ (z >> 33)) * 0xff51afd7ed558ccdULL;
    z ^= z >> 33;
    r[j] = static_cast<int64_t>(z % 65536) + 1;
  }
  std::vector<int64_t> br(size, 0);  // B r
  for (size_t k = 0; k < size; ++k) {
    int64_t sum = 0;
    const int8_t* row = b + k * size;
    for (size_t j = 0; j < size; ++j) sum += row[j] * r[j];
    br[k] = sum;
  }
  int64_t failures = 0;
  for (size_t i = 0; i < size; ++i) {
    const int8_t* a_row = a + i * size;
    const CValue* c_row = c + i * size;
    int64_t expected = 0;  // (A (B r))_i
    for (size_t k = 0; k < size; ++k) expected += a_row[k] * br[k];
    int64_t actual = 0;  // (C r)_i
    bool integral = true;
    for (size_t j = 0; j < size; ++j) {
      const double value = static_cast<double>(c_row[j]);
      if (!(std::nearbyint(value) == value) || std::fabs(value) > 4.0 * static_cast<double>(size)) {
        integral = false;  // NaN, a fraction, or beyond any correct entry
        continue;
      }
      actual += static_cast<int64_t>(value) * r[j];
    }
    if (!integral || actual != expected) ++failures;
  }
  return failures;
}

}  // namespace spinecheck

#endif  // SPINECHECK_DIAG_ENGINES_GEMM_VERIFICATION_H_
