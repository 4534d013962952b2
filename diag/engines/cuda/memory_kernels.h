// Launchers of the memory-test kernels (memory_kernels.cu): writing and
// verifying the word patterns of memory_engine.h over device memory. Plain
// C++ declarations, so that host code compiled by the C++ compiler can call
// them. Mismatch counters are device memory and are added to, never reset.
#ifndef SPINECHECK_DIAG_ENGINES_CUDA_MEMORY_KERNELS_H_
#define SPINECHECK_DIAG_ENGINES_CUDA_MEMORY_KERNELS_H_

#include <cuda_runtime_api.h>

#include <cstdint>

namespace spinecheck {

// The value of every 32-bit word in one write or verify pass.
struct WordPattern {
  enum class Kind { kWalkingOnes, kRandom, kConstant };
  Kind kind = Kind::kConstant;
  uint32_t walking_pass = 0;  // kWalkingOnes: word i holds 1u << ((i + walking_pass) % 32)
  uint64_t seed = 0;          // kRandom: word i holds MemoryRandomWord(seed, i)
  uint32_t constant = 0;      // kConstant: every word holds it
};

// The splitmix64 finaliser of (seed, index), truncated to 32 bits: the
// random pattern's words (the CPU engine's, so both test the same values).
inline constexpr uint32_t MemoryRandomWord(uint64_t seed, uint64_t index) {
  uint64_t z = seed + 0x9e3779b97f4a7c15ULL * (index + 1);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return static_cast<uint32_t>(z ^ (z >> 31));
}

// Enqueues on `stream`: the `count` words at `words` set to `pattern`.
cudaError_t LaunchWriteWords(uint32_t* words, uint64_t count, const WordPattern& pattern, cudaStream_t stream);

// Enqueues on `stream`: adds to *mismatches the words that do not hold
// `pattern`.
cudaError_t LaunchVerifyWords(const uint32_t* words, uint64_t count, const WordPattern& pattern,
                              unsigned long long* mismatches, cudaStream_t stream);

// Enqueues on `stream` one moving-inversions sweep: every word is read,
// counted in *mismatches when it is not `expected`, and overwritten with
// `replacement`. The grid walks the buffer from its first word up, or with
// `descending` from its last word down (in grid-stride order: the threads
// in flight cover a window that moves in that direction).
cudaError_t LaunchInvertWords(uint32_t* words, uint64_t count, uint32_t expected, uint32_t replacement, bool descending,
                              unsigned long long* mismatches, cudaStream_t stream);

}  // namespace spinecheck

#endif  // SPINECHECK_DIAG_ENGINES_CUDA_MEMORY_KERNELS_H_
