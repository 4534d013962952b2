// CopyEngine on a GPU, as nvbandwidth measures it: host to device and device
// to host through pinned memory (cudaMemcpyAsync), and this GPU to every
// peer GPU it can reach with peer access (cudaMemcpyPeerAsync), one path
// each, every copy on this device's stream and timed with its events.
// Verification compares destination with source on this GPU
// (compare_kernels.cu): pinned host memory is mapped into its address
// space and peer memory is reachable through peer access.
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "diag/engines/cuda/compare_kernels.h"
#include "diag/engines/cuda/cuda_engines.h"
#include "diag/engines/cuda/pinned_host.h"
#include "reports/model/status_macros.h"
#include "topology/device/cuda/cuda_error.h"

namespace spinecheck {
namespace {

constexpr size_t kHostToDevice = 0;  // path indices; peers follow
constexpr size_t kDeviceToHost = 1;
constexpr size_t kFirstPeer = 2;

// Fills `bytes` at `data` with a hash of each 8-byte block's index, so that
// a misplaced block or a missing copy shows up as different words.
void FillSource(void* data, uint64_t bytes) {
  auto* out = static_cast<unsigned char*>(data);
  for (uint64_t offset = 0, block = 1; offset < bytes; offset += sizeof(uint64_t), ++block) {
    uint64_t z = block * 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 31)) * 0xbf58476d1ce4e5b9ULL;
    z ^= z >> 29;
    std::memcpy(out + offset, &z, bytes - offset < sizeof(z) ? bytes - offset : sizeof(z));
  }
}

class CudaCopyEngine final : public CopyEngine {
 public:
  CudaCopyEngine(CudaDevice& device, std::vector<int> peers, std::unique_ptr<DeviceTimer> timer, DeviceBuffer counter,
                 DeviceBuffer host_counter)
      : device_(device),
        peers_(std::move(peers)),
        timer_(std::move(timer)),
        counter_(std::move(counter)),
        host_counter_(std::move(host_counter)) {
    paths_ = {"h2d", "d2h"};
    for (int peer : peers_) paths_.push_back(absl::StrCat("d2d:", device_.ordinal(), "->", peer));
  }

  const std::vector<std::string>& Paths() const override { return paths_; }

  absl::Status Allocate(uint64_t bytes) override {
    Release();
    if (bytes == 0) return absl::InvalidArgumentError("copy size must be at least 1 byte");
    const auto exhausted = [&](const absl::Status& status, const std::string& what) {
      if (!absl::IsResourceExhausted(status)) return status;
      return absl::ResourceExhaustedError(absl::StrCat("cannot allocate ", bytes, " bytes of ", what, " for copies on ",
                                                       device_.where(), "; lower --copy-size (", status.message(),
                                                       ")"));
    };
    const auto allocate_device = [&]() -> absl::StatusOr<DeviceBuffer> {
      absl::StatusOr<DeviceBuffer> buffer = device_.Allocate(bytes);
      if (!buffer.ok()) return exhausted(buffer.status(), "device memory");
      return buffer;
    };
    const auto allocate_host = [&]() -> absl::StatusOr<DeviceBuffer> {
      absl::StatusOr<DeviceBuffer> buffer = AllocatePinnedHost(device_, bytes);
      if (!buffer.ok()) return exhausted(buffer.status(), "pinned host memory");
      return buffer;
    };
    SPINECHECK_ASSIGN_OR_RETURN(host_source_, allocate_host());
    SPINECHECK_ASSIGN_OR_RETURN(host_destination_, allocate_host());
    FillSource(host_source_.data(), bytes);
    std::memset(host_destination_.data(), 0, bytes);
    SPINECHECK_ASSIGN_OR_RETURN(mapped_host_source_, MappedDevicePointer(device_, host_source_));
    SPINECHECK_ASSIGN_OR_RETURN(mapped_host_destination_, MappedDevicePointer(device_, host_destination_));
    SPINECHECK_ASSIGN_OR_RETURN(device_source_, allocate_device());
    SPINECHECK_ASSIGN_OR_RETURN(device_destination_, allocate_device());  // zeroed by Allocate
    SPINECHECK_RETURN_IF_ERROR(device_.CopyFromHost(host_source_.data(), device_source_, 0, bytes));
    for (int peer : peers_) {
      absl::StatusOr<DeviceBuffer> buffer = AllocateOnPeer(peer, bytes);
      if (!buffer.ok()) return exhausted(buffer.status(), absl::StrCat("peer GPU ", peer, " memory"));
      peer_destinations_.push_back(*std::move(buffer));
    }
    bytes_ = bytes;
    return absl::OkStatus();
  }

  absl::StatusOr<double> CopyOnce(size_t path) override {
    SPINECHECK_RETURN_IF_ERROR(CheckPath(path));
    SPINECHECK_RETURN_IF_ERROR(device_.MakeCurrent());
    const std::string& where = device_.where();
    cudaStream_t stream = device_.stream();
    SPINECHECK_RETURN_IF_ERROR(timer_->Record(0));
    if (path == kHostToDevice) {
      SPINECHECK_RETURN_IF_ERROR(SPINECHECK_CUDA_CALL(
          cudaMemcpyAsync(device_destination_.data(), host_source_.data(), bytes_, cudaMemcpyHostToDevice, stream),
          where));
    } else if (path == kDeviceToHost) {
      SPINECHECK_RETURN_IF_ERROR(SPINECHECK_CUDA_CALL(
          cudaMemcpyAsync(host_destination_.data(), device_source_.data(), bytes_, cudaMemcpyDeviceToHost, stream),
          where));
    } else {
      const size_t peer = path - kFirstPeer;
      SPINECHECK_RETURN_IF_ERROR(
          SPINECHECK_CUDA_CALL(cudaMemcpyPeerAsync(peer_destinations_[peer].data(), peers_[peer], device_source_.data(),
                                                   device_.ordinal(), bytes_, stream),
                               where));
    }
    SPINECHECK_RETURN_IF_ERROR(timer_->Record(1));
    SPINECHECK_RETURN_IF_ERROR(device_.Synchronize());
    SPINECHECK_ASSIGN_OR_RETURN(const double elapsed_us, timer_->ElapsedUs(0, 1));
    return elapsed_us * 1e-6;
  }

  absl::StatusOr<int64_t> VerifyLast(size_t path) override {
    SPINECHECK_RETURN_IF_ERROR(CheckPath(path));
    SPINECHECK_RETURN_IF_ERROR(device_.MakeCurrent());
    const void* actual = nullptr;
    const void* expected = nullptr;
    if (path == kHostToDevice) {
      actual = device_destination_.data();
      expected = mapped_host_source_;
    } else if (path == kDeviceToHost) {
      actual = mapped_host_destination_;
      expected = device_source_.data();
    } else {
      actual = peer_destinations_[path - kFirstPeer].data();
      expected = device_source_.data();
    }
    const std::string& where = device_.where();
    auto* counter = static_cast<unsigned long long*>(counter_.data());
    auto* host_counter = static_cast<unsigned long long*>(host_counter_.data());
    SPINECHECK_RETURN_IF_ERROR(SPINECHECK_CUDA_CALL(
        LaunchCountDifferentElements(actual, expected, bytes_, sizeof(uint32_t), counter, device_.stream()), where));
    SPINECHECK_RETURN_IF_ERROR(SPINECHECK_CUDA_CALL(
        cudaMemcpyAsync(host_counter, counter, sizeof(*counter), cudaMemcpyDeviceToHost, device_.stream()), where));
    SPINECHECK_RETURN_IF_ERROR(device_.Synchronize());
    return static_cast<int64_t>(*host_counter);
  }

  void Release() override {
    peer_destinations_.clear();
    device_source_ = DeviceBuffer();
    device_destination_ = DeviceBuffer();
    host_source_ = DeviceBuffer();
    host_destination_ = DeviceBuffer();
    mapped_host_source_ = nullptr;
    mapped_host_destination_ = nullptr;
    bytes_ = 0;
  }

 private:
  absl::Status CheckPath(size_t path) const {
    if (bytes_ == 0) return absl::FailedPreconditionError("copy before Allocate");
    if (path >= paths_.size()) {
      return absl::OutOfRangeError(absl::StrCat("copy path ", path, " of ", paths_.size()));
    }
    return absl::OkStatus();
  }

  // `bytes` of zeroed memory on GPU `peer`, released there.
  absl::StatusOr<DeviceBuffer> AllocateOnPeer(int peer, uint64_t bytes) {
    const std::string where = absl::StrCat(device_.where(), " (peer GPU ", peer, ")");
    SPINECHECK_RETURN_IF_ERROR(SPINECHECK_CUDA_CALL(cudaSetDevice(peer), where));
    void* data = nullptr;
    absl::Status status = SPINECHECK_CUDA_CALL(cudaMalloc(&data, bytes), where);
    DeviceBuffer buffer;
    if (status.ok()) {
      buffer = DeviceBuffer(data, bytes, [peer](void* pointer) {
        (void)cudaSetDevice(peer);
        (void)cudaFree(pointer);
      });
      status = SPINECHECK_CUDA_CALL(cudaMemset(data, 0, bytes), where);
    }
    if (status.ok()) status = SPINECHECK_CUDA_CALL(cudaDeviceSynchronize(), where);
    SPINECHECK_RETURN_IF_ERROR(status);
    SPINECHECK_RETURN_IF_ERROR(device_.MakeCurrent());
    return buffer;
  }

  CudaDevice& device_;
  std::vector<int> peers_;  // CUDA ordinals of the peer GPUs, in path order
  std::vector<std::string> paths_;
  std::unique_ptr<DeviceTimer> timer_;  // marks 0 and 1 around each copy
  DeviceBuffer counter_;                // words that differ, on the device
  DeviceBuffer host_counter_;           // pinned: counter_, read back
  uint64_t bytes_ = 0;                  // 0 until Allocate succeeds
  DeviceBuffer host_source_;            // pinned, mapped
  DeviceBuffer host_destination_;       // pinned, mapped
  void* mapped_host_source_ = nullptr;  // their device pointers
  void* mapped_host_destination_ = nullptr;
  DeviceBuffer device_source_;                   // the source of d2h and of every d2d path
  DeviceBuffer device_destination_;              // h2d's destination
  std::vector<DeviceBuffer> peer_destinations_;  // one per peer, on that GPU
};

// The GPUs this one can reach with peer access, with peer access enabled.
absl::StatusOr<std::vector<int>> EnablePeers(const CudaDevice& device) {
  SPINECHECK_RETURN_IF_ERROR(device.MakeCurrent());
  int count = 0;
  SPINECHECK_RETURN_IF_ERROR(SPINECHECK_CUDA_CALL(cudaGetDeviceCount(&count), device.where()));
  std::vector<int> peers;
  for (int peer = 0; peer < count; ++peer) {
    if (peer == device.ordinal()) continue;
    int can_access = 0;
    SPINECHECK_RETURN_IF_ERROR(
        SPINECHECK_CUDA_CALL(cudaDeviceCanAccessPeer(&can_access, device.ordinal(), peer), device.where()));
    if (can_access == 0) continue;
    const cudaError_t code = cudaDeviceEnablePeerAccess(peer, 0);
    if (code == cudaErrorPeerAccessAlreadyEnabled) {
      (void)cudaGetLastError();  // not an error here; clear it so that later checks do not see it
    } else {
      SPINECHECK_RETURN_IF_ERROR(CudaStatus(code, "cudaDeviceEnablePeerAccess", __FILE__, __LINE__,
                                            absl::StrCat(device.where(), " (peer access to GPU ", peer, ")")));
    }
    peers.push_back(peer);
  }
  return peers;
}

}  // namespace

absl::StatusOr<std::unique_ptr<CopyEngine>> CreateCudaCopyEngine(CudaDevice& device) {
  SPINECHECK_ASSIGN_OR_RETURN(std::vector<int> peers, EnablePeers(device));
  SPINECHECK_ASSIGN_OR_RETURN(std::unique_ptr<DeviceTimer> timer, device.CreateTimer(2));
  SPINECHECK_ASSIGN_OR_RETURN(DeviceBuffer counter, device.Allocate(sizeof(unsigned long long)));
  SPINECHECK_ASSIGN_OR_RETURN(DeviceBuffer host_counter, AllocatePinnedHost(device, sizeof(unsigned long long)));
  return std::unique_ptr<CopyEngine>(std::make_unique<CudaCopyEngine>(device, std::move(peers), std::move(timer),
                                                                      std::move(counter), std::move(host_counter)));
}

}  // namespace spinecheck
