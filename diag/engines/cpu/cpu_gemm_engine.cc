// GemmEngine on the host CPU: OpenBLAS dgemm (fp64) and sgemm (fp32), with
// the product compared with the Freivalds-checked reference every iteration.
#include <cblas.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "absl/strings/str_cat.h"
#include "diag/engines/cpu/cpu_engines.h"
#include "diag/engines/gemm_verification.h"
#include "reports/model/status_macros.h"

namespace spinecheck {
namespace {

// Elements of `actual` whose bits differ from `reference`. Blocks are
// compared with memcmp (at memory bandwidth) and only a block that differs
// is counted element by element, so a healthy product costs one pass over
// the two buffers.
template <typename Bits>
int64_t CountDifferentElements(const void* actual, const void* reference, size_t elements) {
  constexpr size_t kBlock = 4096 / sizeof(Bits);
  const Bits* a = static_cast<const Bits*>(actual);
  const Bits* r = static_cast<const Bits*>(reference);
  int64_t different = 0;
  for (size_t start = 0; start < elements; start += kBlock) {
    const size_t count = std::min(kBlock, elements - start);
    if (std::memcmp(a + start, r + start, count * sizeof(Bits)) == 0) continue;
    for (size_t i = start; i < start + count; ++i) different += a[i] != r[i] ? 1 : 0;
  }
  return different;
}

class CpuGemmEngine final : public GemmEngine {
 public:
  CpuGemmEngine(Device& device, int threads) : device_(device), threads_(threads < 1 ? 1 : threads) {}

  absl::Status Supports(GemmType type) const override {
    if (type == GemmType::kFp64 || type == GemmType::kFp32) return absl::OkStatus();
    return absl::UnimplementedError(absl::StrCat(GemmTypeName(type), " has no CPU GEMM here: the CPU burn runs fp64 "
                                                 "and fp32 (OpenBLAS dgemm and sgemm)"));
  }

  absl::StatusOr<int64_t> Prepare(GemmType type, int n, uint64_t seed) override {
    SPINECHECK_RETURN_IF_ERROR(Supports(type));
    if (n < 1) return absl::InvalidArgumentError(absl::StrCat("GEMM size must be 1 or more; got ", n));
    Release();
    type_ = type;
    n_ = n;
    const size_t elements = static_cast<size_t>(n) * static_cast<size_t>(n);
    const size_t bytes = elements * ElementBytes();
    SPINECHECK_ASSIGN_OR_RETURN(a_, device_.Allocate(bytes));
    SPINECHECK_ASSIGN_OR_RETURN(b_, device_.Allocate(bytes));
    SPINECHECK_ASSIGN_OR_RETURN(c_, device_.Allocate(bytes));
    SPINECHECK_ASSIGN_OR_RETURN(reference_, device_.Allocate(bytes));
    std::vector<int8_t> a_entries(elements);
    std::vector<int8_t> b_entries(elements);
    for (size_t i = 0; i < elements; ++i) {
      a_entries[i] = GemmInputEntry(GemmSeedA(seed), i);
      b_entries[i] = GemmInputEntry(GemmSeedB(seed), i);
    }
    if (type == GemmType::kFp64) {
      Fill<double>(a_entries, a_);
      Fill<double>(b_entries, b_);
    } else {
      Fill<float>(a_entries, a_);
      Fill<float>(b_entries, b_);
    }
    openblas_set_num_threads(threads_);
    Multiply(reference_);
    if (type == GemmType::kFp64) {
      return CountFreivaldsFailures(n, a_entries.data(), b_entries.data(),
                                    static_cast<const double*>(reference_.data()), seed);
    }
    return CountFreivaldsFailures(n, a_entries.data(), b_entries.data(), static_cast<const float*>(reference_.data()),
                                  seed);
  }

  absl::StatusOr<int64_t> Iterate(bool corrupt_output) override {
    if (n_ == 0) return absl::FailedPreconditionError("GEMM iteration before Prepare");
    Multiply(c_);
    const size_t elements = static_cast<size_t>(n_) * static_cast<size_t>(n_);
    if (corrupt_output) {
      // Bit 2 of the lowest byte of one element, a different one each time.
      const size_t element = (iteration_ * 7919) % elements;
      static_cast<unsigned char*>(c_.data())[element * ElementBytes()] ^= 0x04;
    }
    ++iteration_;
    if (type_ == GemmType::kFp64) return CountDifferentElements<uint64_t>(c_.data(), reference_.data(), elements);
    return CountDifferentElements<uint32_t>(c_.data(), reference_.data(), elements);
  }

  void Release() override {
    a_ = DeviceBuffer();
    b_ = DeviceBuffer();
    c_ = DeviceBuffer();
    reference_ = DeviceBuffer();
    n_ = 0;
    iteration_ = 0;
  }

 private:
  size_t ElementBytes() const { return type_ == GemmType::kFp64 ? sizeof(double) : sizeof(float); }

  template <typename T>
  static void Fill(const std::vector<int8_t>& entries, DeviceBuffer& buffer) {
    T* values = static_cast<T*>(buffer.data());
    for (size_t i = 0; i < entries.size(); ++i) values[i] = static_cast<T>(entries[i]);
  }

  // output = A * B, row-major.
  void Multiply(DeviceBuffer& output) {
    if (type_ == GemmType::kFp64) {
      cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n_, n_, n_, 1.0, static_cast<const double*>(a_.data()),
                  n_, static_cast<const double*>(b_.data()), n_, 0.0, static_cast<double*>(output.data()), n_);
    } else {
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n_, n_, n_, 1.0f, static_cast<const float*>(a_.data()),
                  n_, static_cast<const float*>(b_.data()), n_, 0.0f, static_cast<float*>(output.data()), n_);
    }
  }

  Device& device_;
  int threads_;
  GemmType type_ = GemmType::kFp64;
  int n_ = 0;
  size_t iteration_ = 0;
  DeviceBuffer a_, b_, c_, reference_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<GemmEngine>> CreateCpuGemmEngine(Device& device, int threads) {
  if (device.memory_space() != MemorySpace::kHost) {
    return absl::InvalidArgumentError(absl::StrCat("the CPU GEMM engine needs host memory; ", device.info().model,
                                                   " is not a CPU device"));
  }
  return std::make_unique<CpuGemmEngine>(device, threads);
}

}  // namespace spinecheck
