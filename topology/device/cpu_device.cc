#include "topology/device/cpu_device.h"

#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace spinecheck {
namespace {

constexpr size_t kAlignment = 4096;

// MemAvailable of /proc/meminfo in bytes (what can be allocated without
// swapping or the OOM killer); 0 when it cannot be read.
uint64_t AvailableHostBytes() {
  std::ifstream meminfo("/proc/meminfo");
  std::string key;
  uint64_t kib = 0;
  std::string unit;
  while (meminfo >> key >> kib >> unit) {
    if (key == "MemAvailable:") return kib * 1024;
  }
  return 0;
}

// Host work is done when the call that issued it returns, so a mark is the
// steady clock at Record.
class HostTimer : public DeviceTimer {
 public:
  explicit HostTimer(int marks) : marks_(static_cast<size_t>(marks)) {}
  absl::Status Record(int index) override {
    if (index < 0 || static_cast<size_t>(index) >= marks_.size()) {
      return absl::OutOfRangeError(absl::StrCat("timer mark ", index, " of ", marks_.size()));
    }
    marks_[static_cast<size_t>(index)] = std::chrono::steady_clock::now();
    return absl::OkStatus();
  }
  absl::StatusOr<double> ElapsedUs(int from, int to) override {
    if (from < 0 || to < 0 || static_cast<size_t>(from) >= marks_.size() || static_cast<size_t>(to) >= marks_.size()) {
      return absl::OutOfRangeError(absl::StrCat("timer marks ", from, "..", to, " of ", marks_.size()));
    }
    return std::chrono::duration<double, std::micro>(marks_[static_cast<size_t>(to)] - marks_[static_cast<size_t>(from)])
        .count();
  }

 private:
  std::vector<std::chrono::steady_clock::time_point> marks_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<DeviceTimer>> CpuDevice::CreateTimer(int marks) {
  return std::unique_ptr<DeviceTimer>(std::make_unique<HostTimer>(marks));
}

absl::StatusOr<DeviceBuffer> CpuDevice::Allocate(size_t bytes) {
  // Every page is touched below: more than the host has free would swap or
  // wake the OOM killer, which may end another process than this one.
  const uint64_t available = AvailableHostBytes();
  if (bytes > SIZE_MAX - kAlignment || (available > 0 && bytes > available)) {
    return absl::ResourceExhaustedError(absl::StrCat("cannot allocate ", bytes, " bytes of host memory: ", available,
                                                     " bytes are available on this host"));
  }
  const size_t rounded = (std::max<size_t>(bytes, 1) + kAlignment - 1) / kAlignment * kAlignment;
  void* data = std::aligned_alloc(kAlignment, rounded);
  if (data == nullptr) return absl::ResourceExhaustedError(absl::StrCat("cannot allocate ", bytes, " bytes of host memory"));
  std::memset(data, 0, rounded);  // touch every page now, not in the first timed iteration
  return DeviceBuffer(data, bytes, [](void* pointer) { std::free(pointer); });
}

absl::Status CpuDevice::CopyToHost(const DeviceBuffer& source, size_t offset, void* destination, size_t bytes) {
  if (absl::Status status = CheckCopyRange(source, offset, bytes); !status.ok()) return status;
  std::memcpy(destination, static_cast<const char*>(source.data()) + offset, bytes);
  return absl::OkStatus();
}

absl::Status CpuDevice::CopyFromHost(const void* source, DeviceBuffer& destination, size_t offset, size_t bytes) {
  if (absl::Status status = CheckCopyRange(destination, offset, bytes); !status.ok()) return status;
  std::memcpy(static_cast<char*>(destination.data()) + offset, source, bytes);
  return absl::OkStatus();
}

DeviceInfo DescribeHostCpu() {
  DeviceInfo info;
  info.kind = "cpu";
  info.index = 0;
  std::ifstream cpuinfo("/proc/cpuinfo");
  for (std::string line; std::getline(cpuinfo, line);) {
    if (absl::StartsWith(line, "model name")) {
      const size_t colon = line.find(':');
      if (colon != std::string::npos) info.model = std::string(absl::StripAsciiWhitespace(line.substr(colon + 1)));
      break;
    }
  }
  if (info.model.empty()) info.model = "CPU";
  const long pages = sysconf(_SC_PHYS_PAGES);
  const long page_size = sysconf(_SC_PAGESIZE);
  if (pages > 0 && page_size > 0) info.memory_bytes = static_cast<uint64_t>(pages) * static_cast<uint64_t>(page_size);
  std::ifstream machine_id("/etc/machine-id");
  std::getline(machine_id, info.uuid);
  return info;
}

}  // namespace spinecheck
