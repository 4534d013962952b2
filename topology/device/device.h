// Device: the compute device a data-plane rank drives (the host CPU, or one
// GPU). No CUDA type appears here: the CUDA implementation lives in
// device/cuda/ and is created by the device factory.
#ifndef SPINECHECK_TOPOLOGY_DEVICE_DEVICE_H_
#define SPINECHECK_TOPOLOGY_DEVICE_DEVICE_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "reports/model/run_document.h"

namespace spinecheck {

enum class MemorySpace { kHost, kDevice };

// Owns one allocation of device memory; move-only. data() is a device
// pointer: dereference it on the host only when the device's memory space is
// kHost.
class DeviceBuffer {
 public:
  DeviceBuffer() = default;
  DeviceBuffer(void* data, size_t bytes, std::function<void(void*)> release)
      : data_(data), bytes_(bytes), release_(std::move(release)) {}
  ~DeviceBuffer() { Reset(); }
  DeviceBuffer(DeviceBuffer&& other) noexcept { *this = std::move(other); }
  DeviceBuffer& operator=(DeviceBuffer&& other) noexcept {
    if (this != &other) {
      Reset();
      data_ = std::exchange(other.data_, nullptr);
      bytes_ = std::exchange(other.bytes_, 0);
      release_ = std::move(other.release_);
    }
    return *this;
  }
  DeviceBuffer(const DeviceBuffer&) = delete;
  DeviceBuffer& operator=(const DeviceBuffer&) = delete;

  void* data() const { return data_; }
  size_t bytes() const { return bytes_; }

 private:
  void Reset() {
    if (data_ != nullptr && release_) release_(data_);
    data_ = nullptr;
    bytes_ = 0;
  }
  void* data_ = nullptr;
  size_t bytes_ = 0;
  std::function<void(void*)> release_;
};

// OK when `bytes` bytes at `offset` lie inside `buffer`; otherwise
// kOutOfRange naming the copy. Every Device's copy functions check with it
// (inline, so that device libraries built apart from this one need no link).
inline absl::Status CheckCopyRange(const DeviceBuffer& buffer, size_t offset, size_t bytes) {
  if (offset > buffer.bytes() || bytes > buffer.bytes() - offset) {
    return absl::OutOfRangeError(absl::StrCat("copy of ", bytes, " bytes at offset ", offset,
                                              " exceeds a buffer of ", buffer.bytes(), " bytes"));
  }
  return absl::OkStatus();
}

// Marks on a device's own timeline, for per-iteration times: Record(i)
// marks the moment all work issued to the device before it has finished
// (on a CPU, the moment Record is called; on a GPU, a CUDA event).
class DeviceTimer {
 public:
  virtual ~DeviceTimer() = default;
  // 0 <= index < the number of marks the timer was created with.
  virtual absl::Status Record(int index) = 0;
  // Microseconds from mark `from` to mark `to`. Call once the work before
  // `to` has completed (after a Synchronize).
  virtual absl::StatusOr<double> ElapsedUs(int from, int to) = 0;
};

class Device {
 public:
  virtual ~Device() = default;

  // Identity recorded in the result document.
  virtual const DeviceInfo& info() const = 0;
  virtual MemorySpace memory_space() const = 0;

  // `bytes` of device memory, every page touched so that the first timed
  // iteration does not pay for page faults. kResourceExhausted when the
  // memory is not there, naming the size.
  virtual absl::StatusOr<DeviceBuffer> Allocate(size_t bytes) = 0;

  // Waits until all work issued to the device has finished.
  virtual absl::Status Synchronize() = 0;

  // Copies between a device buffer (at `offset` bytes) and host memory.
  virtual absl::Status CopyToHost(const DeviceBuffer& source, size_t offset, void* destination, size_t bytes) = 0;
  virtual absl::Status CopyFromHost(const void* source, DeviceBuffer& destination, size_t offset, size_t bytes) = 0;

  // A timer with `marks` marks on this device's timeline.
  virtual absl::StatusOr<std::unique_ptr<DeviceTimer>> CreateTimer(int marks) = 0;
};

}  // namespace spinecheck

#endif  // SPINECHECK_TOPOLOGY_DEVICE_DEVICE_H_
