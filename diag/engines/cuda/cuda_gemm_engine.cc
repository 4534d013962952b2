// GemmEngine on a GPU: cuBLASLt matmul of the small-integer inputs of
// gemm_verification.h. The first product is the reference: it is copied to
// the host and checked with Freivalds' test, and stays on the device, where
// every later product is compared with it bit for bit (compare_kernels.cu).
//
// The cuBLASLt combination each type runs, all rows of cublasLtMatmul's
// table of supported combinations (compute type; scale type; A and B type;
// C and D type):
//   fp64  CUBLAS_COMPUTE_64F;           CUDA_R_64F; CUDA_R_64F;     CUDA_R_64F
//   fp32  CUBLAS_COMPUTE_32F;           CUDA_R_32F; CUDA_R_32F;     CUDA_R_32F
//   tf32  CUBLAS_COMPUTE_32F_FAST_TF32; CUDA_R_32F; CUDA_R_32F;     CUDA_R_32F
//   bf16  CUBLAS_COMPUTE_32F;           CUDA_R_32F; CUDA_R_16BF;    CUDA_R_32F
//   fp16  CUBLAS_COMPUTE_32F;           CUDA_R_32F; CUDA_R_16F;     CUDA_R_32F
//   fp8   CUBLAS_COMPUTE_32F;           CUDA_R_32F; CUDA_R_8F_E4M3; CUDA_R_32F
// (fp8: A and B scale 1.0, no D scale, which a non-fp8 D does not take; the
// "TN" layout; compute capability 8.9 or newer.) Every output is fp32 or
// fp64, so every entry of C (an integer of magnitude at most 4n) is exact
// for any n the memory allows, and so is every partial sum in any order:
// the product is the same bits whatever algorithm cuBLASLt picks, and the
// algorithm, picked once by Prepare, stays fixed until Release.
#include <cublasLt.h>

#include <cstring>
#include <memory>
#include <vector>

#include "absl/strings/str_cat.h"
#include "diag/engines/cuda/compare_kernels.h"
#include "diag/engines/cuda/cublas_error.h"
#include "diag/engines/cuda/cuda_engines.h"
#include "diag/engines/cuda/gemm_kernels.h"
#include "diag/engines/cuda/pinned_host.h"
#include "diag/engines/gemm_verification.h"
#include "reports/model/status_macros.h"
#include "topology/device/cuda/cuda_error.h"

namespace spinecheck {
namespace {

constexpr size_t kWorkspaceBytes = size_t{32} << 20;  // cuBLASLt's split-K and other algorithms
constexpr uint8_t kCorruptionMask = 0x04;             // bit 2 of an output element's lowest byte

struct GemmConfig {
  cublasComputeType_t compute;
  cudaDataType_t scale;   // alpha and beta
  cudaDataType_t input;   // A and B
  cudaDataType_t output;  // C and D
  GemmStorage storage;    // A and B, for the widening kernel
  uint32_t output_bytes;
  int min_capability;  // major * 10 + minor
};

GemmConfig ConfigFor(GemmType type) {
  switch (type) {
    case GemmType::kFp64: return {CUBLAS_COMPUTE_64F, CUDA_R_64F, CUDA_R_64F, CUDA_R_64F, GemmStorage::kFp64, 8, 0};
    case GemmType::kFp32: return {CUBLAS_COMPUTE_32F, CUDA_R_32F, CUDA_R_32F, CUDA_R_32F, GemmStorage::kFp32, 4, 0};
    case GemmType::kTf32:
      return {CUBLAS_COMPUTE_32F_FAST_TF32, CUDA_R_32F, CUDA_R_32F, CUDA_R_32F, GemmStorage::kFp32, 4, 80};
    case GemmType::kBf16: return {CUBLAS_COMPUTE_32F, CUDA_R_32F, CUDA_R_16BF, CUDA_R_32F, GemmStorage::kBf16, 4, 80};
    case GemmType::kFp16: return {CUBLAS_COMPUTE_32F, CUDA_R_32F, CUDA_R_16F, CUDA_R_32F, GemmStorage::kFp16, 4, 0};
    case GemmType::kFp8:
      return {CUBLAS_COMPUTE_32F, CUDA_R_32F, CUDA_R_8F_E4M3, CUDA_R_32F, GemmStorage::kFp8E4M3, 4, 89};
  }
  return {CUBLAS_COMPUTE_64F, CUDA_R_64F, CUDA_R_64F, CUDA_R_64F, GemmStorage::kFp64, 8, 0};
}

// The cuBLASLt descriptors and the algorithm of one prepared GEMM.
struct MatmulPlan {
  MatmulPlan() = default;
  MatmulPlan(const MatmulPlan&) = delete;
  MatmulPlan& operator=(const MatmulPlan&) = delete;
  ~MatmulPlan() {
    if (output_layout != nullptr) (void)cublasLtMatrixLayoutDestroy(output_layout);
    if (input_layout != nullptr) (void)cublasLtMatrixLayoutDestroy(input_layout);
    if (operation != nullptr) (void)cublasLtMatmulDescDestroy(operation);
  }
  cublasLtMatmulDesc_t operation = nullptr;
  cublasLtMatrixLayout_t input_layout = nullptr;   // A and B: n x n, leading dimension n
  cublasLtMatrixLayout_t output_layout = nullptr;  // C and D: n x n, leading dimension n
  cublasLtMatmulAlgo_t algo{};
};

struct PreferenceDeleter {
  void operator()(cublasLtMatmulPreferenceOpaque_t* preference) const {
    (void)cublasLtMatmulPreferenceDestroy(preference);
  }
};

class CudaGemmEngine final : public GemmEngine {
 public:
  CudaGemmEngine(CudaDevice& device, cublasLtHandle_t handle) : device_(device), handle_(handle) {}
  ~CudaGemmEngine() override {
    Release();
    (void)device_.MakeCurrent();
    (void)cublasLtDestroy(handle_);
  }
  CudaGemmEngine(const CudaGemmEngine&) = delete;
  CudaGemmEngine& operator=(const CudaGemmEngine&) = delete;

  absl::Status Supports(GemmType type) const override {
    const int needed = ConfigFor(type).min_capability;
    if (device_.compute_capability() >= needed) return absl::OkStatus();
    return absl::UnimplementedError(absl::StrCat(std::string(GemmTypeName(type)), " needs compute capability ",
                                                 needed / 10, ".", needed % 10, " or newer (this GPU is ",
                                                 device_.info().compute_capability, ")"));
  }

  absl::StatusOr<int64_t> Prepare(GemmType type, int n, uint64_t seed) override {
    SPINECHECK_RETURN_IF_ERROR(Supports(type));
    if (n < 1) return absl::InvalidArgumentError(absl::StrCat("GEMM size must be 1 or more; got ", n));
    if (type == GemmType::kFp8 && n % 16 != 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("the fp8 GEMM size must be a multiple of 16 (cuBLASLt's fp8 leading dimensions); got ", n));
    }
    Release();
    SPINECHECK_RETURN_IF_ERROR(device_.MakeCurrent());
    const GemmConfig config = ConfigFor(type);
    const size_t elements = static_cast<size_t>(n) * static_cast<size_t>(n);
    const size_t input_bytes = elements * GemmStorageBytes(config.storage);
    const size_t output_bytes = elements * config.output_bytes;
    const size_t total_bytes = 2 * input_bytes + 2 * output_bytes + kWorkspaceBytes + elements;
    const auto allocate = [&](size_t bytes) -> absl::StatusOr<DeviceBuffer> {
      absl::StatusOr<DeviceBuffer> buffer = device_.Allocate(bytes);
      if (absl::IsResourceExhausted(buffer.status())) {
        return absl::ResourceExhaustedError(
            absl::StrCat("cannot allocate the ", std::string(GemmTypeName(type)), " GEMM of n=", n, " (", total_bytes,
                         " bytes) on ", device_.where(), " (", device_.info().model, "); lower --gemm-size"));
      }
      return buffer;
    };
    SPINECHECK_ASSIGN_OR_RETURN(a_, allocate(input_bytes));
    SPINECHECK_ASSIGN_OR_RETURN(b_transposed_, allocate(input_bytes));
    SPINECHECK_ASSIGN_OR_RETURN(c_, allocate(output_bytes));
    SPINECHECK_ASSIGN_OR_RETURN(reference_, allocate(output_bytes));
    SPINECHECK_ASSIGN_OR_RETURN(workspace_, allocate(kWorkspaceBytes));
    SPINECHECK_ASSIGN_OR_RETURN(counter_, allocate(sizeof(unsigned long long)));
    SPINECHECK_ASSIGN_OR_RETURN(host_counter_, AllocatePinnedHost(device_, sizeof(unsigned long long)));

    // The inputs, on the host as int8 (kept for Freivalds' test), widened
    // to the storage type on the device.
    a_entries_.resize(elements);
    b_entries_.resize(elements);
    for (size_t i = 0; i < elements; ++i) {
      a_entries_[i] = GemmInputEntry(GemmSeedA(seed), i);
      b_entries_[i] = GemmInputEntry(GemmSeedB(seed), i);
    }
    std::vector<int8_t> b_transposed_entries(elements);
    const size_t size = static_cast<size_t>(n);
    for (size_t k = 0; k < size; ++k) {
      for (size_t j = 0; j < size; ++j) b_transposed_entries[j * size + k] = b_entries_[k * size + j];
    }
    {
      SPINECHECK_ASSIGN_OR_RETURN(DeviceBuffer staging, allocate(elements));
      SPINECHECK_RETURN_IF_ERROR(Widen(a_entries_, staging, config.storage, a_));
      SPINECHECK_RETURN_IF_ERROR(Widen(b_transposed_entries, staging, config.storage, b_transposed_));
    }
    if (type == GemmType::kFp8) {
      const float one = 1.0f;
      SPINECHECK_ASSIGN_OR_RETURN(scale_, allocate(sizeof(one)));
      SPINECHECK_RETURN_IF_ERROR(device_.CopyFromHost(&one, scale_, 0, sizeof(one)));
    }
    SPINECHECK_ASSIGN_OR_RETURN(plan_, Plan(type, config, n));
    config_ = config;

    // The reference, checked on the host.
    SPINECHECK_RETURN_IF_ERROR(Multiply(reference_));
    int64_t failures = 0;
    if (config.output == CUDA_R_64F) {
      std::vector<double> reference(elements);
      SPINECHECK_RETURN_IF_ERROR(device_.CopyToHost(reference_, 0, reference.data(), output_bytes));
      failures = CountFreivaldsFailures(n, a_entries_.data(), b_entries_.data(), reference.data(), seed);
    } else {
      std::vector<float> reference(elements);
      SPINECHECK_RETURN_IF_ERROR(device_.CopyToHost(reference_, 0, reference.data(), output_bytes));
      failures = CountFreivaldsFailures(n, a_entries_.data(), b_entries_.data(), reference.data(), seed);
    }
    n_ = n;
    return failures;
  }

  absl::StatusOr<int64_t> Iterate(bool corrupt_output) override {
    if (n_ == 0) return absl::FailedPreconditionError("GEMM iteration before Prepare");
    SPINECHECK_RETURN_IF_ERROR(device_.MakeCurrent());
    SPINECHECK_RETURN_IF_ERROR(Multiply(c_));
    const size_t elements = static_cast<size_t>(n_) * static_cast<size_t>(n_);
    if (corrupt_output) {
      // Bit 2 of the lowest byte (little-endian) of one element, a
      // different one each iteration.
      const size_t element = (iteration_ * 7919) % elements;
      SPINECHECK_RETURN_IF_ERROR(
          SPINECHECK_CUDA_CALL(LaunchFlipBits(static_cast<unsigned char*>(c_.data()) + element * config_.output_bytes,
                                              kCorruptionMask, device_.stream()),
                               device_.where()));
    }
    ++iteration_;
    auto* counter = static_cast<unsigned long long*>(counter_.data());
    auto* host_counter = static_cast<unsigned long long*>(host_counter_.data());
    SPINECHECK_RETURN_IF_ERROR(
        SPINECHECK_CUDA_CALL(LaunchCountDifferentElements(c_.data(), reference_.data(), c_.bytes(),
                                                          config_.output_bytes, counter, device_.stream()),
                             device_.where()));
    SPINECHECK_RETURN_IF_ERROR(SPINECHECK_CUDA_CALL(
        cudaMemcpyAsync(host_counter, counter, sizeof(*counter), cudaMemcpyDeviceToHost, device_.stream()),
        device_.where()));
    SPINECHECK_RETURN_IF_ERROR(device_.Synchronize());
    return static_cast<int64_t>(*host_counter);
  }

  void Release() override {
    plan_.reset();
    a_ = DeviceBuffer();
    b_transposed_ = DeviceBuffer();
    c_ = DeviceBuffer();
    reference_ = DeviceBuffer();
    workspace_ = DeviceBuffer();
    scale_ = DeviceBuffer();
    counter_ = DeviceBuffer();
    host_counter_ = DeviceBuffer();
    a_entries_ = {};
    b_entries_ = {};
    n_ = 0;
    iteration_ = 0;
  }

 private:
  // Uploads `entries` into `staging` (int8, at least as large) and widens
  // them into `out`.
  absl::Status Widen(const std::vector<int8_t>& entries, DeviceBuffer& staging, GemmStorage storage,
                     DeviceBuffer& out) {
    SPINECHECK_RETURN_IF_ERROR(device_.CopyFromHost(entries.data(), staging, 0, entries.size()));
    SPINECHECK_RETURN_IF_ERROR(
        SPINECHECK_CUDA_CALL(LaunchWidenGemmEntries(static_cast<const int8_t*>(staging.data()), entries.size(), storage,
                                                    out.data(), device_.stream()),
                             device_.where()));
    return device_.Synchronize();
  }

  // Row-major to cuBLASLt's column-major: an n x n row-major buffer read
  // column-major is the transpose of its matrix. The engine keeps A
  // row-major (a_) and B transposed row-major (b_transposed_, which is B
  // column-major), and asks cuBLASLt for D = op(X) * Y with op(X) = X^T
  // ("TN", the layout fp8 requires; every type uses it), X = b_transposed_
  // (B column-major) and Y = a_ (A^T column-major): D = B^T A^T = (A B)^T
  // column-major, which is the buffer of C = A B row-major, as
  // gemm_verification.h defines it.
  absl::StatusOr<std::unique_ptr<MatmulPlan>> Plan(GemmType type, const GemmConfig& config, int n) {
    const std::string& where = device_.where();
    auto plan = std::make_unique<MatmulPlan>();
    SPINECHECK_RETURN_IF_ERROR(
        SPINECHECK_CUBLAS_CALL(cublasLtMatmulDescCreate(&plan->operation, config.compute, config.scale), where));
    const cublasOperation_t transpose = CUBLAS_OP_T;
    const cublasOperation_t no_transpose = CUBLAS_OP_N;
    SPINECHECK_RETURN_IF_ERROR(SPINECHECK_CUBLAS_CALL(
        cublasLtMatmulDescSetAttribute(plan->operation, CUBLASLT_MATMUL_DESC_TRANSA, &transpose, sizeof(transpose)),
        where));
    SPINECHECK_RETURN_IF_ERROR(
        SPINECHECK_CUBLAS_CALL(cublasLtMatmulDescSetAttribute(plan->operation, CUBLASLT_MATMUL_DESC_TRANSB,
                                                              &no_transpose, sizeof(no_transpose)),
                               where));
    if (type == GemmType::kFp8) {
      const void* scale = scale_.data();  // one float 1.0 on the device, for A and B
      SPINECHECK_RETURN_IF_ERROR(SPINECHECK_CUBLAS_CALL(
          cublasLtMatmulDescSetAttribute(plan->operation, CUBLASLT_MATMUL_DESC_A_SCALE_POINTER, &scale, sizeof(scale)),
          where));
      SPINECHECK_RETURN_IF_ERROR(SPINECHECK_CUBLAS_CALL(
          cublasLtMatmulDescSetAttribute(plan->operation, CUBLASLT_MATMUL_DESC_B_SCALE_POINTER, &scale, sizeof(scale)),
          where));
    }
    const uint64_t size = static_cast<uint64_t>(n);
    SPINECHECK_RETURN_IF_ERROR(
        SPINECHECK_CUBLAS_CALL(cublasLtMatrixLayoutCreate(&plan->input_layout, config.input, size, size, n), where));
    SPINECHECK_RETURN_IF_ERROR(
        SPINECHECK_CUBLAS_CALL(cublasLtMatrixLayoutCreate(&plan->output_layout, config.output, size, size, n), where));

    cublasLtMatmulPreference_t raw_preference = nullptr;
    SPINECHECK_RETURN_IF_ERROR(SPINECHECK_CUBLAS_CALL(cublasLtMatmulPreferenceCreate(&raw_preference), where));
    std::unique_ptr<cublasLtMatmulPreferenceOpaque_t, PreferenceDeleter> preference(raw_preference);
    const uint64_t workspace_bytes = kWorkspaceBytes;
    SPINECHECK_RETURN_IF_ERROR(SPINECHECK_CUBLAS_CALL(
        cublasLtMatmulPreferenceSetAttribute(preference.get(), CUBLASLT_MATMUL_PREF_MAX_WORKSPACE_BYTES,
                                             &workspace_bytes, sizeof(workspace_bytes)),
        where));
    cublasLtMatmulHeuristicResult_t heuristic{};
    int returned = 0;
    SPINECHECK_RETURN_IF_ERROR(SPINECHECK_CUBLAS_CALL(
        cublasLtMatmulAlgoGetHeuristic(handle_, plan->operation, plan->input_layout, plan->input_layout,
                                       plan->output_layout, plan->output_layout, preference.get(), 1, &heuristic,
                                       &returned),
        where));
    if (returned < 1 || heuristic.state != CUBLAS_STATUS_SUCCESS) {
      return absl::UnimplementedError(absl::StrCat("cuBLASLt on ", where, " (", device_.info().model,
                                                   ") has no algorithm for the ", std::string(GemmTypeName(type)),
                                                   " GEMM of n=", n));
    }
    plan->algo = heuristic.algo;
    return plan;
  }

  // Enqueues output = A * B (row-major) on the device's stream.
  absl::Status Multiply(DeviceBuffer& output) {
    static constexpr double kOne64 = 1.0;
    static constexpr double kZero64 = 0.0;
    static constexpr float kOne32 = 1.0f;
    static constexpr float kZero32 = 0.0f;
    const bool wide = config_.scale == CUDA_R_64F;
    const void* alpha = wide ? static_cast<const void*>(&kOne64) : static_cast<const void*>(&kOne32);
    const void* beta = wide ? static_cast<const void*>(&kZero64) : static_cast<const void*>(&kZero32);
    return SPINECHECK_CUBLAS_CALL(
        cublasLtMatmul(handle_, plan_->operation, alpha, b_transposed_.data(), plan_->input_layout, a_.data(),
                       plan_->input_layout, beta, output.data(), plan_->output_layout, output.data(),
                       plan_->output_layout, &plan_->algo, workspace_.data(), workspace_.bytes(), device_.stream()),
        device_.where());
  }

  CudaDevice& device_;
  cublasLtHandle_t handle_;
  GemmConfig config_ = ConfigFor(GemmType::kFp64);
  int n_ = 0;  // 0 until Prepare succeeds
  size_t iteration_ = 0;
  std::unique_ptr<MatmulPlan> plan_;
  std::vector<int8_t> a_entries_;  // A and B as GemmInputEntry gives them, row-major
  std::vector<int8_t> b_entries_;
  DeviceBuffer a_;             // A, row-major, in the storage type
  DeviceBuffer b_transposed_;  // B^T, row-major, in the storage type
  DeviceBuffer c_;             // every later product
  DeviceBuffer reference_;     // the first product
  DeviceBuffer workspace_;
  DeviceBuffer scale_;         // fp8: 1.0f, the A and B scale
  DeviceBuffer counter_;       // elements of c_ that differ from reference_
  DeviceBuffer host_counter_;  // pinned: counter_, read back
};

}  // namespace

absl::StatusOr<std::unique_ptr<GemmEngine>> CreateCudaGemmEngine(CudaDevice& device) {
  SPINECHECK_RETURN_IF_ERROR(device.MakeCurrent());
  cublasLtHandle_t handle = nullptr;
  SPINECHECK_RETURN_IF_ERROR(SPINECHECK_CUBLAS_CALL(cublasLtCreate(&handle), device.where()));
  return std::unique_ptr<GemmEngine>(std::make_unique<CudaGemmEngine>(device, handle));
}

}  // namespace spinecheck
