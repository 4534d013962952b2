// NVML telemetry against the fake libnvidia-ml in tests/support/fake_nvml.cc
// (SPINECHECK_FAKE_NVML; SPINECHECK_FAKE_NVML_OLD lacks the newer functions),
// and without any NVML at all.
#include "diag/telemetry/telemetry.h"

#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "absl/time/time.h"
#include "diag/telemetry/clock_event_reasons.h"
#include "topology/nvml/nvml_library.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

extern char** environ;

namespace spinecheck {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr char kMissingLibrary[] = "/nonexistent/spinecheck/libnvidia-ml.so.1";
constexpr char kBusId[] = "0000:07:00.0";  // as CUDA prints it
constexpr char kUuid[] = "GPU-8c2f1a3e-0000-4000-8000-000000000007";

// Every test starts from no FAKE_NVML_* variable and the fake as NVML.
class TelemetryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::vector<std::string> names;
    for (char** entry = environ; *entry != nullptr; ++entry) {
      if (std::strncmp(*entry, "FAKE_NVML_", 10) == 0) {
        const char* equals = std::strchr(*entry, '=');
        names.emplace_back(*entry, equals != nullptr ? equals - *entry : std::strlen(*entry));
      }
    }
    for (const std::string& name : names) unsetenv(name.c_str());
    UseLibrary(SPINECHECK_FAKE_NVML);
    Set("FAKE_NVML_DEVICES", "2");
    Set("FAKE_NVML_BUS_IDS", "00000000:06:00.0,00000000:07:00.0");
    Set("FAKE_NVML_UUIDS", std::string("GPU-other,") + kUuid);
  }
  void TearDown() override { unsetenv(kNvmlLibraryEnv); }

  static void UseLibrary(const std::string& path) { setenv(kNvmlLibraryEnv, path.c_str(), 1); }
  static void Set(const char* name, const std::string& value) { setenv(name, value.c_str(), 1); }

  static DeviceInfo Gpu() {
    DeviceInfo device;
    device.kind = "cuda";
    device.index = 1;
    device.uuid = kUuid;
    device.pci_bus_id = kBusId;
    return device;
  }

  // A burn of 100 ms sampled every 10 ms; nothing asserted below depends on
  // how many samples fit in it beyond the first.
  static DeviceTelemetry Burn(const DeviceInfo& device) {
    std::unique_ptr<TelemetryMonitor> monitor = CreateTelemetryMonitor(device, absl::Milliseconds(10));
    monitor->Start();
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    return monitor->Finish();
  }
};

TEST_F(TelemetryTest, AbsentLibraryIsUnavailableWithTheLoaderMessage) {
  UseLibrary(kMissingLibrary);
  DeviceTelemetry telemetry = Burn(Gpu());
  EXPECT_FALSE(telemetry.available);
  EXPECT_THAT(telemetry.reason, HasSubstr("NVML unavailable: "));
  EXPECT_THAT(telemetry.reason, HasSubstr(kMissingLibrary));
  EXPECT_THAT(telemetry.reason, HasSubstr("cannot open shared object file"));
  EXPECT_EQ(telemetry.samples, 0);
}

TEST_F(TelemetryTest, DefaultLibraryIsLibnvidiaMl) {
  unsetenv(kNvmlLibraryEnv);
  EXPECT_EQ(NvmlLibrary::Path(), "libnvidia-ml.so.1");
  Set(kNvmlLibraryEnv, "");
  EXPECT_EQ(NvmlLibrary::Path(), "libnvidia-ml.so.1");
}

TEST_F(TelemetryTest, CpuDeviceIsUnavailable) {
  DeviceInfo cpu;
  cpu.kind = "cpu";
  cpu.uuid = "machine-id";
  DeviceTelemetry telemetry = Burn(cpu);
  EXPECT_FALSE(telemetry.available);
  EXPECT_EQ(telemetry.reason, "CPU device: no NVML telemetry");
}

TEST_F(TelemetryTest, HealthyGpuHasReadingsAndNoChange) {
  DeviceTelemetry telemetry = Burn(Gpu());
  ASSERT_TRUE(telemetry.available) << telemetry.reason;
  EXPECT_THAT(telemetry.reason, IsEmpty());
  EXPECT_GE(telemetry.samples, 1);
  EXPECT_EQ(telemetry.temperature_max_c, 60);
  EXPECT_EQ(telemetry.power_max_w, 300);
  EXPECT_EQ(telemetry.power_limit_w, 700);
  EXPECT_EQ(telemetry.sm_clock_min_mhz, 1980);
  EXPECT_EQ(telemetry.sm_clock_max_mhz, 1980);
  EXPECT_EQ(telemetry.throttle_reasons_mask, 0u);
  EXPECT_THAT(telemetry.throttle_reasons, IsEmpty());
  EXPECT_EQ(telemetry.ecc_corrected_before, 0);
  EXPECT_EQ(telemetry.ecc_corrected_after, 0);
  EXPECT_EQ(telemetry.ecc_uncorrected_before, 0);
  EXPECT_EQ(telemetry.ecc_uncorrected_after, 0);
  EXPECT_EQ(telemetry.retired_pages_sbe, 0);
  EXPECT_EQ(telemetry.retired_pages_dbe, 0);
  EXPECT_FALSE(telemetry.retired_pages_pending);
  EXPECT_EQ(telemetry.remapped_rows_correctable, 0);
  EXPECT_EQ(telemetry.remapped_rows_uncorrectable, 0);
  EXPECT_FALSE(telemetry.remapped_rows_pending);
  EXPECT_FALSE(telemetry.remapped_rows_failure);
  EXPECT_THAT(telemetry.xid_events, IsEmpty());
  EXPECT_EQ(telemetry.pcie_gen_current, 5);
  EXPECT_EQ(telemetry.pcie_gen_max, 5);
  EXPECT_EQ(telemetry.pcie_width_current, 16);
  EXPECT_EQ(telemetry.pcie_width_max, 16);
  EXPECT_EQ(telemetry.rank, -1);  // left for the caller
  EXPECT_THAT(telemetry.host, IsEmpty());
}

TEST_F(TelemetryTest, UncorrectableEccDuringTheBurnShowsBeforeAndAfter) {
  Set("FAKE_NVML_ECC_UNCORRECTED", "1");
  Set("FAKE_NVML_ECC_UNCORRECTED_AFTER", "3");
  Set("FAKE_NVML_ECC_CORRECTED_AFTER", "12");
  DeviceTelemetry telemetry = Burn(Gpu());
  ASSERT_TRUE(telemetry.available) << telemetry.reason;
  EXPECT_EQ(telemetry.ecc_uncorrected_before, 1);
  EXPECT_EQ(telemetry.ecc_uncorrected_after, 3);
  EXPECT_EQ(telemetry.ecc_corrected_before, 0);
  EXPECT_EQ(telemetry.ecc_corrected_after, 12);
}

TEST_F(TelemetryTest, XidEventsAreReportedInOrder) {
  Set("FAKE_NVML_XID", "79,48");
  DeviceTelemetry telemetry = Burn(Gpu());
  ASSERT_TRUE(telemetry.available) << telemetry.reason;
  EXPECT_THAT(telemetry.xid_events, ElementsAre(79, 48));
}

TEST_F(TelemetryTest, XidsQueuedWhenTheBurnEndsAreStillCollected) {
  // Finish right after Start: the sampler may not have waited on the event
  // set yet; Finish drains what is queued.
  Set("FAKE_NVML_XID", "13,31,43");
  std::unique_ptr<TelemetryMonitor> monitor = CreateTelemetryMonitor(Gpu(), absl::Seconds(1));
  monitor->Start();
  DeviceTelemetry telemetry = monitor->Finish();
  ASSERT_TRUE(telemetry.available) << telemetry.reason;
  EXPECT_THAT(telemetry.xid_events, ElementsAre(13, 31, 43));
  EXPECT_GE(telemetry.samples, 1);
}

TEST_F(TelemetryTest, PcieLinkBelowItsMaximum) {
  Set("FAKE_NVML_PCIE_GEN", "3");
  Set("FAKE_NVML_PCIE_WIDTH", "8");
  DeviceTelemetry telemetry = Burn(Gpu());
  ASSERT_TRUE(telemetry.available) << telemetry.reason;
  EXPECT_EQ(telemetry.pcie_gen_current, 3);
  EXPECT_EQ(telemetry.pcie_gen_max, 5);
  EXPECT_EQ(telemetry.pcie_width_current, 8);
  EXPECT_EQ(telemetry.pcie_width_max, 16);
}

TEST_F(TelemetryTest, ThermalThrottlingIsNamedAndIdleIsNot) {
  Set("FAKE_NVML_THROTTLE", "0x21");  // GPU idle | SW thermal slowdown
  Set("FAKE_NVML_SM_CLOCK_MHZ", "1200");
  DeviceTelemetry telemetry = Burn(Gpu());
  ASSERT_TRUE(telemetry.available) << telemetry.reason;
  EXPECT_EQ(telemetry.throttle_reasons_mask, 0x21u);
  EXPECT_THAT(telemetry.throttle_reasons, ElementsAre("sw_thermal"));
  EXPECT_EQ(telemetry.sm_clock_min_mhz, 1200);
  EXPECT_EQ(telemetry.sm_clock_max_mhz, 1980);
}

TEST_F(TelemetryTest, RetiredPagesAndRemappedRowsAreRead) {
  Set("FAKE_NVML_RETIRED_SBE", "2");
  Set("FAKE_NVML_RETIRED_DBE", "1");
  Set("FAKE_NVML_RETIRED_PENDING", "1");
  Set("FAKE_NVML_REMAPPED_CORRECTABLE", "4");
  Set("FAKE_NVML_REMAPPED_UNCORRECTABLE", "1");
  Set("FAKE_NVML_REMAPPED_PENDING", "1");
  DeviceTelemetry telemetry = Burn(Gpu());
  ASSERT_TRUE(telemetry.available) << telemetry.reason;
  EXPECT_EQ(telemetry.retired_pages_sbe, 2);
  EXPECT_EQ(telemetry.retired_pages_dbe, 1);
  EXPECT_TRUE(telemetry.retired_pages_pending);
  EXPECT_EQ(telemetry.remapped_rows_correctable, 4);
  EXPECT_EQ(telemetry.remapped_rows_uncorrectable, 1);
  EXPECT_TRUE(telemetry.remapped_rows_pending);
  EXPECT_FALSE(telemetry.remapped_rows_failure);
}

TEST_F(TelemetryTest, UnsupportedReadingsStayEmptyAndTheRestIsRead) {
  Set("FAKE_NVML_NOT_SUPPORTED",
      "nvmlDeviceGetTotalEccErrors,nvmlDeviceGetRetiredPages,nvmlDeviceGetPowerUsage,nvmlDeviceRegisterEvents");
  Set("FAKE_NVML_XID", "79");
  DeviceTelemetry telemetry = Burn(Gpu());
  ASSERT_TRUE(telemetry.available) << telemetry.reason;
  EXPECT_FALSE(telemetry.ecc_corrected_before.has_value());
  EXPECT_FALSE(telemetry.ecc_uncorrected_after.has_value());
  EXPECT_FALSE(telemetry.retired_pages_sbe.has_value());
  EXPECT_FALSE(telemetry.retired_pages_dbe.has_value());
  EXPECT_EQ(telemetry.power_max_w, 0);
  EXPECT_THAT(telemetry.xid_events, IsEmpty());  // no registration, no events
  EXPECT_EQ(telemetry.temperature_max_c, 60);
  EXPECT_EQ(telemetry.remapped_rows_correctable, 0);
  EXPECT_GE(telemetry.samples, 1);
}

TEST_F(TelemetryTest, OlderDriverWithoutNewerFunctions) {
  UseLibrary(SPINECHECK_FAKE_NVML_OLD);
  Set("FAKE_NVML_THROTTLE", "0x4");
  DeviceTelemetry telemetry = Burn(Gpu());
  ASSERT_TRUE(telemetry.available) << telemetry.reason;
  // nvmlDeviceGetCurrentClocksThrottleReasons stands in for the event reasons.
  EXPECT_THAT(telemetry.throttle_reasons, ElementsAre("sw_power_cap"));
  EXPECT_FALSE(telemetry.remapped_rows_correctable.has_value());
  EXPECT_FALSE(telemetry.remapped_rows_uncorrectable.has_value());
}

TEST_F(TelemetryTest, GpuFoundByUuidWithoutBusId) {
  DeviceInfo device = Gpu();
  device.pci_bus_id.clear();
  Set("FAKE_NVML_PCIE_GEN", "4");
  EXPECT_EQ(Burn(device).pcie_gen_current, 4);
}

TEST_F(TelemetryTest, GpuUnknownToNvmlIsUnavailable) {
  DeviceInfo device = Gpu();
  device.pci_bus_id = "0000:99:00.0";
  device.uuid = "GPU-unknown";
  DeviceTelemetry telemetry = Burn(device);
  EXPECT_FALSE(telemetry.available);
  EXPECT_THAT(telemetry.reason, HasSubstr("nvmlDeviceGetHandleByPciBusId_v2 failed at telemetry.cc:"));
  EXPECT_THAT(telemetry.reason, HasSubstr("GPU 0000:99:00.0: Not Found (NVML_ERROR_NOT_FOUND)"));
  EXPECT_THAT(telemetry.reason, HasSubstr("GPU GPU-unknown"));
}

TEST_F(TelemetryTest, TwoMonitorsShareOneInitialisation) {
  DeviceInfo other = Gpu();
  other.pci_bus_id = "0000:06:00.0";
  std::unique_ptr<TelemetryMonitor> first = CreateTelemetryMonitor(Gpu(), absl::Milliseconds(10));
  std::unique_ptr<TelemetryMonitor> second = CreateTelemetryMonitor(other, absl::Milliseconds(10));
  first->Start();
  second->Start();
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  EXPECT_TRUE(first->Finish().available);
  EXPECT_TRUE(second->Finish().available);
}

TEST_F(TelemetryTest, DestroyedWithoutFinishStopsCleanly) {
  std::unique_ptr<TelemetryMonitor> monitor = CreateTelemetryMonitor(Gpu(), absl::Milliseconds(10));
  monitor->Start();
  monitor.reset();
  EXPECT_EQ(NvmlDeviceCount().value_or(-1), 2);
}

TEST_F(TelemetryTest, DeviceCountWithTheFake) {
  absl::StatusOr<int> count = NvmlDeviceCount();
  ASSERT_TRUE(count.ok()) << count.status();
  EXPECT_EQ(*count, 2);
}

TEST_F(TelemetryTest, DeviceCountWithoutNvml) {
  UseLibrary(kMissingLibrary);
  absl::StatusOr<int> count = NvmlDeviceCount();
  ASSERT_FALSE(count.ok());
  EXPECT_EQ(count.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(count.status().message(), HasSubstr(kMissingLibrary));
}

TEST_F(TelemetryTest, DeviceCountWhenInitFails) {
  Set("FAKE_NVML_INIT_ERROR", "9");
  absl::StatusOr<int> count = NvmlDeviceCount();
  ASSERT_FALSE(count.ok());
  EXPECT_EQ(count.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(count.status().message(), HasSubstr("nvmlInit_v2 failed at nvml_library.cc:"));
  EXPECT_THAT(count.status().message(), HasSubstr("Driver Not Loaded (NVML_ERROR_DRIVER_NOT_LOADED)"));
}

TEST_F(TelemetryTest, LibraryWithoutNvmlFunctionsIsUnavailable) {
  UseLibrary("libc.so.6");
  absl::StatusOr<int> count = NvmlDeviceCount();
  ASSERT_FALSE(count.ok());
  EXPECT_THAT(count.status().message(), HasSubstr("libc.so.6 does not export nvmlInit_v2"));
}

TEST(ClockEventReasonsTest, NamesSlowdownsOnlyInBitOrder) {
  EXPECT_THAT(NameClockEventReasons(0x1ff),
              ElementsAre("sw_power_cap", "hw_slowdown", "sync_boost", "sw_thermal", "hw_thermal", "hw_power_brake"));
  EXPECT_THAT(NameClockEventReasons(0x1 | 0x2 | 0x100), IsEmpty());
  EXPECT_THAT(NameClockEventReasons(0x48), ElementsAre("hw_slowdown", "hw_thermal"));
}

TEST(NvmlReturnNameTest, NamesKnownAndUnknownCodes) {
  EXPECT_EQ(NvmlReturnName(NVML_ERROR_NOT_SUPPORTED), "NVML_ERROR_NOT_SUPPORTED");
  EXPECT_EQ(NvmlReturnName(static_cast<nvmlReturn_t>(42)), "nvmlReturn_t 42");
}

}  // namespace
}  // namespace spinecheck
