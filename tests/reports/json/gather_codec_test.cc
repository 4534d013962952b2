// What ranks send rank 0: RankInfo and burn records, encoded and decoded.
// (The node inventory's codec is tested with the inventory, in
// tests/topology/inventory/inventory_test.cc.)
#include "reports/json/gather_codec.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "reports/model/run_document.h"

namespace spinecheck {
namespace {

DeviceInfo Gpu(int index, std::string bus) {
  DeviceInfo device;
  device.kind = "cuda";
  device.index = index;
  device.uuid = "GPU-5c1f9a3e-0000-4b6d-9f00-1234567890ab";
  device.pci_bus_id = std::move(bus);
  device.model = "NVIDIA H100 80GB HBM3";
  device.memory_bytes = uint64_t{85520809984};
  device.compute_capability = "9.0";
  device.comm_rank = 8 + index;
  return device;
}

RankInfo Info() {
  RankInfo info;
  info.rank = 13;
  info.local_rank = 5;
  info.pid = 6738;
  info.host = "ztan-mig-gq73";
  info.devices_visible = 8;
  info.software = {"13.0", "13.0", "2.28.9", "Open MPI v4.1.4, package: Debian OpenMPI"};
  return info;
}

void ExpectSameDevice(const DeviceInfo& actual, const DeviceInfo& expected) {
  EXPECT_EQ(actual.kind, expected.kind);
  EXPECT_EQ(actual.index, expected.index);
  EXPECT_EQ(actual.uuid, expected.uuid);
  EXPECT_EQ(actual.pci_bus_id, expected.pci_bus_id);
  EXPECT_EQ(actual.model, expected.model);
  EXPECT_EQ(actual.memory_bytes, expected.memory_bytes);
  EXPECT_EQ(actual.compute_capability, expected.compute_capability);
  EXPECT_EQ(actual.comm_rank, expected.comm_rank);
}

void ExpectRoundTrip(const RankInfo& info) {
  const absl::StatusOr<RankInfo> decoded = DecodeRankInfo(EncodeRankInfo(info));
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->rank, info.rank);
  EXPECT_EQ(decoded->local_rank, info.local_rank);
  EXPECT_EQ(decoded->pid, info.pid);
  EXPECT_EQ(decoded->host, info.host);
  EXPECT_EQ(decoded->devices_visible, info.devices_visible);
  EXPECT_EQ(decoded->software.cuda_driver, info.software.cuda_driver);
  EXPECT_EQ(decoded->software.cuda_runtime, info.software.cuda_runtime);
  EXPECT_EQ(decoded->software.nccl, info.software.nccl);
  EXPECT_EQ(decoded->software.mpi_library, info.software.mpi_library);
  ASSERT_EQ(decoded->devices.size(), info.devices.size());
  for (size_t i = 0; i < info.devices.size(); ++i) {
    SCOPED_TRACE(i);
    ExpectSameDevice(decoded->devices[i], info.devices[i]);
  }
}

TEST(RankInfoCodecTest, RoundTripWithoutDevices) { ExpectRoundTrip(Info()); }

TEST(RankInfoCodecTest, RoundTripWithOneDevice) {
  RankInfo info = Info();
  info.devices = {Gpu(5, "0000:85:00.0")};
  ExpectRoundTrip(info);
}

TEST(RankInfoCodecTest, RoundTripWithTwoDevices) {
  RankInfo info = Info();
  info.devices = {Gpu(5, "0000:85:00.0"), Gpu(6, "0000:8b:00.0")};
  info.devices[1].memory_bytes = UINT64_MAX;
  ExpectRoundTrip(info);
}

TEST(RankInfoCodecTest, RoundTripCpuWithEmptyFields) {
  RankInfo info;
  info.rank = 0;
  info.local_rank = 0;
  info.pid = 1;
  info.host = "";
  DeviceInfo cpu;
  cpu.kind = "cpu";
  cpu.model = "AMD EPYC 7763 64-Core Processor";
  info.devices = {cpu};  // empty uuid and pci_bus_id
  ExpectRoundTrip(info);
}

TEST(RankInfoCodecTest, RoundTripWithSpacesAndPunctuation) {
  RankInfo info = Info();
  info.host = "node a,b;c\tkey=value";
  DeviceInfo device = Gpu(0, "0000:07:00.0");
  device.model = "Intel(R) Xeon(R) Platinum 8480+ | \"quoted\"";
  info.devices = {device};
  ExpectRoundTrip(info);
}

TEST(RankInfoCodecTest, TextFieldsKeepEveryByte) {
  RankInfo info = Info();
  info.host = "node\x1e-a\x1f\n\"b\"";
  DeviceInfo first = Gpu(0, "0000:\x1f" "07:00.0");
  first.model = "NVIDIA\x1f H100\x1e 80GB\t\\";
  info.devices = {first, Gpu(1, "0000:08:00.0")};
  ExpectRoundTrip(info);
}

TEST(RankInfoCodecTest, InvalidUtf8IsReplacedNotThrown) {
  RankInfo info = Info();
  info.host = "node\xff\xfe";
  const absl::StatusOr<RankInfo> decoded = DecodeRankInfo(EncodeRankInfo(info));
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->host, "node\xef\xbf\xbd\xef\xbf\xbd");  // U+FFFD twice
}

class DecodeRankInfoRejectsTest : public ::testing::TestWithParam<std::string> {};

TEST_P(DecodeRankInfoRejectsTest, DataLoss) {
  const absl::StatusOr<RankInfo> decoded = DecodeRankInfo(GetParam());
  ASSERT_FALSE(decoded.ok()) << "decoded rank " << decoded->rank;
  EXPECT_EQ(decoded.status().code(), absl::StatusCode::kDataLoss) << decoded.status();
}

INSTANTIATE_TEST_SUITE_P(
    Malformed, DecodeRankInfoRejectsTest,
    ::testing::Values(std::string(""), std::string("garbage"), std::string("[1, 2]"), std::string("{"),
                      std::string(R"({"host": "h", "software": {}})"),               // no rank
                      std::string(R"({"rank": 1, "software": {}})"),                 // no host
                      std::string(R"({"rank": 1, "host": "h"})"),                    // no software
                      std::string(R"({"rank": "one", "host": "h", "software": {}})"),  // rank not a number
                      std::string(R"({"rank": 1.5, "host": "h", "software": {}})"),    // not whole
                      std::string(R"({"rank": 4294967296, "host": "h", "software": {}})"),  // beyond 32 bits
                      std::string(R"({"rank": 1, "host": 7, "software": {}})"),
                      std::string(R"({"rank": 1, "host": "h", "software": [], "devices": []})"),
                      std::string(R"({"rank": 1, "host": "h", "software": {}, "devices": {}})"),
                      std::string(R"({"rank": 1, "host": "h", "software": {}, "devices": [{"memory_bytes": -1}]})")));

TEST(RankInfoCodecTest, TheErrorNamesTheValue) {
  const absl::StatusOr<RankInfo> decoded =
      DecodeRankInfo(R"({"rank": 1, "host": "h", "software": {}, "devices": [{}, {"index": "x"}]})");
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.status().message(), "malformed rank description: /devices/1/index: expected an integer, got string");
}

BurnResult Gemm() {
  BurnResult result;
  result.check = "gemm";
  result.variant = "fp32";
  result.rank = 3;
  result.host = "node-b";
  result.device = Gpu(1, "0000:08:00.0");
  result.status = BurnStatus::kMeasured;
  result.seconds = 2.5;
  result.iterations = 40;
  result.mismatches = 0;
  result.checked_elements = int64_t{1} << 40;
  result.value = 51.2;
  result.unit = "TFLOPS";
  result.expected = 60;
  result.details = {{"n", 8192}, {"a_threads", 4}};
  return result;
}

TEST(BurnRecordsCodecTest, RoundTrip) {
  BurnRecords records;
  records.results = {Gemm()};
  records.results.push_back(Gemm());
  records.results[1].mismatches.reset();
  DeviceTelemetry telemetry;
  telemetry.rank = 3;
  telemetry.host = "node-b";
  telemetry.device = Gpu(1, "0000:08:00.0");
  telemetry.available = true;
  telemetry.ecc_corrected_after = 7;
  telemetry.xid_events = {79, 48};
  telemetry.throttle_reasons_mask = UINT64_MAX;
  records.telemetry = {telemetry};
  records.dcgm = {{"node-b", 1, "Hardware", "Memory", DcgmStatus::kFail, {"row remap pending"}}};
  records.skipped = {"copy: no second device"};

  const absl::StatusOr<BurnRecords> decoded = DecodeBurnRecords(EncodeBurnRecords(records));
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  ASSERT_EQ(decoded->results.size(), 2u);
  EXPECT_EQ(decoded->results[0].mismatches, 0);
  EXPECT_FALSE(decoded->results[1].mismatches.has_value());
  EXPECT_EQ(decoded->results[0].checked_elements, int64_t{1} << 40);
  EXPECT_EQ(decoded->results[0].details, records.results[0].details);  // in the order sent
  EXPECT_EQ(decoded->results[0].device.uuid, records.results[0].device.uuid);
  EXPECT_EQ(decoded->results[0].device.memory_bytes, 0u);  // records name the device; they do not describe it
  ASSERT_EQ(decoded->telemetry.size(), 1u);
  EXPECT_EQ(decoded->telemetry[0].ecc_corrected_after, 7);
  EXPECT_FALSE(decoded->telemetry[0].ecc_corrected_before.has_value());
  EXPECT_EQ(decoded->telemetry[0].xid_events, telemetry.xid_events);
  EXPECT_EQ(decoded->telemetry[0].throttle_reasons_mask, UINT64_MAX);
  ASSERT_EQ(decoded->dcgm.size(), 1u);
  EXPECT_EQ(decoded->dcgm[0].messages, records.dcgm[0].messages);
  EXPECT_EQ(decoded->skipped, records.skipped);
}

TEST(BurnRecordsCodecTest, RejectsWhatNoRankSent) {
  for (const std::string& text : {std::string(""), std::string("[]"), std::string(R"({"results": []})"),
                                 std::string(R"({"results": {}, "telemetry": [], "dcgm": [], "skipped": []})"),
                                 std::string(R"({"results": [{"iterations": 1e300}], "telemetry": [], "dcgm": [],
                                                 "skipped": []})")}) {
    const absl::StatusOr<BurnRecords> decoded = DecodeBurnRecords(text);
    ASSERT_FALSE(decoded.ok()) << text;
    EXPECT_EQ(decoded.status().code(), absl::StatusCode::kDataLoss) << text;
  }
}

}  // namespace
}  // namespace spinecheck
