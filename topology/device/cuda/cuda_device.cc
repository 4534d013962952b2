#include "topology/device/cuda/cuda_device.h"

#include <cstdio>
#include <filesystem>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "reports/model/status_macros.h"
#include "topology/device/cuda/cuda_error.h"

namespace spinecheck {
namespace {

// "GPU-1f2e...": the form nvidia-smi and NVML print.
std::string FormatUuid(const cudaUUID_t& uuid) {
  const auto* b = reinterpret_cast<const unsigned char*>(uuid.bytes);
  return absl::StrFormat("GPU-%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1], b[2],
                         b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

std::string FormatVersion(int version) {
  if (version <= 0) return "none";
  return absl::StrCat(version / 1000, ".", (version % 1000) / 10);
}

// CUDA events recorded on the device's stream.
class CudaTimer : public DeviceTimer {
 public:
  explicit CudaTimer(const CudaDevice& device) : device_(device) {}
  ~CudaTimer() override {
    (void)device_.MakeCurrent();
    for (cudaEvent_t event : events_) (void)cudaEventDestroy(event);
  }
  absl::Status Create(int marks) {
    SPINECHECK_RETURN_IF_ERROR(device_.MakeCurrent());
    for (int i = 0; i < marks; ++i) {
      cudaEvent_t event = nullptr;
      SPINECHECK_RETURN_IF_ERROR(SPINECHECK_CUDA_CALL(cudaEventCreate(&event), device_.where()));
      events_.push_back(event);
    }
    return absl::OkStatus();
  }
  absl::Status Record(int index) override {
    SPINECHECK_RETURN_IF_ERROR(CheckIndex(index));
    return SPINECHECK_CUDA_CALL(cudaEventRecord(events_[static_cast<size_t>(index)], device_.stream()),
                                device_.where());
  }
  absl::StatusOr<double> ElapsedUs(int from, int to) override {
    SPINECHECK_RETURN_IF_ERROR(CheckIndex(from));
    SPINECHECK_RETURN_IF_ERROR(CheckIndex(to));
    float ms = 0;
    SPINECHECK_RETURN_IF_ERROR(SPINECHECK_CUDA_CALL(
        cudaEventElapsedTime(&ms, events_[static_cast<size_t>(from)], events_[static_cast<size_t>(to)]),
        device_.where()));
    return static_cast<double>(ms) * 1000.0;
  }

 private:
  absl::Status CheckIndex(int index) const {
    if (index < 0 || static_cast<size_t>(index) >= events_.size()) {
      return absl::OutOfRangeError(absl::StrCat("timer mark ", index, " of ", events_.size()));
    }
    return absl::OkStatus();
  }
  const CudaDevice& device_;
  std::vector<cudaEvent_t> events_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<CudaDevice>> CudaDevice::Open(int ordinal, const std::string& where) {
  std::unique_ptr<CudaDevice> device(new CudaDevice(ordinal, absl::StrCat(where, " GPU ", ordinal)));
  SPINECHECK_RETURN_IF_ERROR(device->MakeCurrent());
  cudaDeviceProp properties{};
  SPINECHECK_RETURN_IF_ERROR(SPINECHECK_CUDA_CALL(cudaGetDeviceProperties(&properties, ordinal), device->where_));
  char pci_bus_id[32] = {};
  SPINECHECK_RETURN_IF_ERROR(
      SPINECHECK_CUDA_CALL(cudaDeviceGetPCIBusId(pci_bus_id, sizeof(pci_bus_id), ordinal), device->where_));
  SPINECHECK_RETURN_IF_ERROR(
      SPINECHECK_CUDA_CALL(cudaStreamCreateWithFlags(&device->stream_, cudaStreamNonBlocking), device->where_));
  device->compute_capability_ = properties.major * 10 + properties.minor;
  DeviceInfo& info = device->info_;
  info.kind = "cuda";
  info.index = ordinal;
  info.uuid = FormatUuid(properties.uuid);
  info.pci_bus_id = pci_bus_id;
  info.model = properties.name;
  info.memory_bytes = properties.totalGlobalMem;
  info.compute_capability = absl::StrCat(properties.major, ".", properties.minor);
  return device;
}

CudaDevice::~CudaDevice() {
  if (stream_ != nullptr) {
    (void)MakeCurrent();
    (void)cudaStreamDestroy(stream_);
  }
}

absl::Status CudaDevice::MakeCurrent() const { return SPINECHECK_CUDA_CALL(cudaSetDevice(ordinal_), where_); }

absl::StatusOr<DeviceBuffer> CudaDevice::Allocate(size_t bytes) {
  SPINECHECK_RETURN_IF_ERROR(MakeCurrent());
  void* data = nullptr;
  absl::Status status = SPINECHECK_CUDA_CALL(cudaMalloc(&data, std::max<size_t>(bytes, 1)), where_);
  if (absl::IsResourceExhausted(status)) {
    return absl::ResourceExhaustedError(absl::StrCat("cannot allocate ", bytes, " bytes on ", where_, " (",
                                                     info_.model, ")"));
  }
  SPINECHECK_RETURN_IF_ERROR(status);
  const int ordinal = ordinal_;
  DeviceBuffer buffer(data, bytes, [ordinal](void* pointer) {
    (void)cudaSetDevice(ordinal);
    (void)cudaFree(pointer);
  });
  // Touch the memory now, not in the first timed iteration.
  SPINECHECK_RETURN_IF_ERROR(SPINECHECK_CUDA_CALL(cudaMemsetAsync(data, 0, bytes, stream_), where_));
  SPINECHECK_RETURN_IF_ERROR(Synchronize());
  return buffer;
}

absl::Status CudaDevice::Synchronize() {
  SPINECHECK_RETURN_IF_ERROR(MakeCurrent());
  return SPINECHECK_CUDA_CALL(cudaStreamSynchronize(stream_), where_);
}

absl::Status CudaDevice::CopyToHost(const DeviceBuffer& source, size_t offset, void* destination, size_t bytes) {
  SPINECHECK_RETURN_IF_ERROR(CheckCopyRange(source, offset, bytes));
  SPINECHECK_RETURN_IF_ERROR(MakeCurrent());
  SPINECHECK_RETURN_IF_ERROR(SPINECHECK_CUDA_CALL(
      cudaMemcpyAsync(destination, static_cast<const char*>(source.data()) + offset, bytes, cudaMemcpyDeviceToHost,
                      stream_),
      where_));
  return Synchronize();
}

absl::Status CudaDevice::CopyFromHost(const void* source, DeviceBuffer& destination, size_t offset, size_t bytes) {
  SPINECHECK_RETURN_IF_ERROR(CheckCopyRange(destination, offset, bytes));
  SPINECHECK_RETURN_IF_ERROR(MakeCurrent());
  SPINECHECK_RETURN_IF_ERROR(SPINECHECK_CUDA_CALL(
      cudaMemcpyAsync(static_cast<char*>(destination.data()) + offset, source, bytes, cudaMemcpyHostToDevice, stream_),
      where_));
  return Synchronize();
}

absl::StatusOr<std::unique_ptr<DeviceTimer>> CudaDevice::CreateTimer(int marks) {
  auto timer = std::make_unique<CudaTimer>(*this);
  SPINECHECK_RETURN_IF_ERROR(timer->Create(marks));
  return std::unique_ptr<DeviceTimer>(std::move(timer));
}

VisibleGpus FindVisibleGpus() {
  VisibleGpus gpus;
  const cudaError_t code = cudaGetDeviceCount(&gpus.count);
  if (code == cudaErrorInsufficientDriver && !std::filesystem::exists("/proc/driver/nvidia/version")) {
    gpus.count = 0;
    gpus.reason = "no NVIDIA driver is loaded (/proc/driver/nvidia/version is missing)";
  } else if (code != cudaSuccess) {
    gpus.count = 0;
    gpus.reason = absl::StrCat(cudaGetErrorString(code), " (", cudaGetErrorName(code), ")");
  } else if (gpus.count == 0) {
    gpus.reason = "the CUDA runtime reports no GPU";
  }
  return gpus;
}

CudaVersions DescribeCudaVersions() {
  int driver = 0;
  int runtime = 0;
  if (cudaDriverGetVersion(&driver) != cudaSuccess) driver = 0;
  if (cudaRuntimeGetVersion(&runtime) != cudaSuccess) runtime = 0;
  return {FormatVersion(driver), FormatVersion(runtime)};
}

}  // namespace spinecheck
