// RankInfo <-> the one string each rank sends to rank 0.
#include "topology/world/rank_info_codec.h"

#include <gtest/gtest.h>

#include <algorithm>
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

TEST(RankInfoCodecTest, SeparatorBytesAreRemovedFromTextFields) {
  RankInfo info = Info();
  info.host = "node\x1e-a\x1f";
  DeviceInfo first = Gpu(0, "0000:\x1f" "07:00.0");
  first.model = "NVIDIA\x1f H100\x1e 80GB";
  first.kind = "cu\x1e" "da";
  info.devices = {first, Gpu(1, "0000:08:00.0")};

  const std::string encoded = EncodeRankInfo(info);
  const absl::StatusOr<RankInfo> decoded = DecodeRankInfo(encoded);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->rank, 13);
  EXPECT_EQ(decoded->host, "node-a");
  ASSERT_EQ(decoded->devices.size(), 2u);  // the stray bytes did not split records
  EXPECT_EQ(decoded->devices[0].kind, "cuda");
  EXPECT_EQ(decoded->devices[0].model, "NVIDIA H100 80GB");
  EXPECT_EQ(decoded->devices[0].pci_bus_id, "0000:07:00.0");
  EXPECT_EQ(decoded->devices[0].memory_bytes, uint64_t{85520809984});
  EXPECT_EQ(decoded->devices[1].index, 1);
  EXPECT_EQ(decoded->devices[1].pci_bus_id, "0000:08:00.0");
}

TEST(RankInfoCodecTest, EncodingUsesTheDocumentedSeparators) {
  RankInfo info = Info();
  info.devices = {Gpu(5, "0000:85:00.0")};
  const std::string encoded = EncodeRankInfo(info);
  EXPECT_EQ(std::count(encoded.begin(), encoded.end(), '\x1e'), 2);  // head, software, one device
  EXPECT_EQ(std::count(encoded.begin(), encoded.end(), '\x1f'), 4 + 3 + 7);
}

class DecodeRankInfoRejectsTest : public ::testing::TestWithParam<std::string> {};

TEST_P(DecodeRankInfoRejectsTest, DataLoss) {
  const absl::StatusOr<RankInfo> decoded = DecodeRankInfo(GetParam());
  ASSERT_FALSE(decoded.ok()) << "decoded rank " << decoded->rank;
  EXPECT_EQ(decoded.status().code(), absl::StatusCode::kDataLoss) << decoded.status();
}

// A well-formed software record: driver, runtime, NCCL, MPI.
#define SW "13.0\x1f" "13.0\x1f" "2.28.9\x1f" "Open MPI"

INSTANTIATE_TEST_SUITE_P(
    Malformed, DecodeRankInfoRejectsTest,
    ::testing::Values(std::string(""), std::string("garbage"),
                      std::string("1\x1f" "2\x1f" "3"),                        // three head fields
                      std::string("1\x1f" "2\x1f" "3\x1f" "h"),               // four head fields
                      std::string("1\x1f" "2\x1f" "3\x1f" "h\x1f" "x"),        // devices visible not a number
                      std::string("1\x1f" "2\x1f" "3\x1f" "h\x1f" "1\x1f" "x"),  // six head fields
                      std::string("one\x1f" "2\x1f" "3\x1f" "host\x1f" "1"),           // rank not a number
                      std::string("1\x1f" "2\x1f" "pid\x1f" "host\x1f" "1"),           // pid not a number
                      std::string("1\x1f" "2\x1f" "3\x1f" "host\x1f" "1"),              // no software record
                      std::string("1\x1f" "2\x1f" "3\x1f" "host\x1f" "1\x1e" "13.0"),  // short software record
                      std::string("1\x1f" "2\x1f" "3\x1f" "host\x1f" "1\x1e" SW "\x1e"),  // empty device record
                      std::string("1\x1f" "2\x1f" "3\x1f" "host\x1f" "1\x1e" SW "\x1e" "cuda\x1f" "0"),  // short device
                      std::string("1\x1f" "2\x1f" "3\x1f" "host\x1f" "1\x1e" SW "\x1e"   // index not a number
                                  "cuda\x1f" "zero\x1f" "u\x1f" "b\x1f" "m\x1f" "1"),
                      std::string("1\x1f" "2\x1f" "3\x1f" "host\x1f" "1\x1e" SW "\x1e"   // memory not a number
                                  "cuda\x1f" "0\x1f" "u\x1f" "b\x1f" "m\x1f" "lots"),
                      std::string("1\x1f" "2\x1f" "3\x1f" "host\x1f" "1\x1e" SW "\x1e"   // negative memory
                                  "cuda\x1f" "0\x1f" "u\x1f" "b\x1f" "m\x1f" "-1")));
#undef SW

}  // namespace
}  // namespace spinecheck
