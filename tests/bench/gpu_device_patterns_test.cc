// A GPU through the Device interface, and the CUDA pattern kernels against
// the host pattern functions: the same input bytes for every type, and the
// same wrong counts. Runs on one GPU; without one (or without CUDA in the
// build) it exits 77, which ctest reports as SKIPPED with the printed reason.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#include "absl/strings/match.h"
#include "bench/collectives/collective.h"
#include "bench/collectives/pattern_engine.h"
#include "bench/collectives/patterns.h"
#include "topology/device/device_factory.h"

namespace spinecheck {
namespace {

constexpr int kSkipExitCode = 77;

std::unique_ptr<Device> OpenGpu() {
  DevicePlacement placement;
  placement.where = "test";
  absl::StatusOr<std::unique_ptr<Device>> device = CreateDevice(DeviceKind::kCuda, placement);
  EXPECT_TRUE(device.ok()) << device.status();
  return device.ok() ? std::move(*device) : nullptr;
}

TEST(CudaDeviceTest, DescribesItselfAsNvidiaSmiDoes) {
  std::unique_ptr<Device> gpu = OpenGpu();
  ASSERT_NE(gpu, nullptr);
  const DeviceInfo& info = gpu->info();
  EXPECT_EQ(info.kind, "cuda");
  EXPECT_EQ(gpu->memory_space(), MemorySpace::kDevice);
  EXPECT_TRUE(absl::StartsWith(info.uuid, "GPU-")) << info.uuid;
  EXPECT_EQ(info.uuid.size(), 40u) << info.uuid;
  EXPECT_FALSE(info.pci_bus_id.empty());
  EXPECT_FALSE(info.model.empty());
  EXPECT_GT(info.memory_bytes, uint64_t{1} << 30);
  EXPECT_FALSE(info.compute_capability.empty());
}

TEST(CudaDeviceTest, CopiesRoundTripAndRejectCopiesOutOfRange) {
  std::unique_ptr<Device> gpu = OpenGpu();
  ASSERT_NE(gpu, nullptr);
  absl::StatusOr<DeviceBuffer> buffer = gpu->Allocate(1 << 20);
  ASSERT_TRUE(buffer.ok()) << buffer.status();
  std::vector<unsigned char> out(1 << 20);
  for (size_t i = 0; i < out.size(); ++i) out[i] = static_cast<unsigned char>(i * 7);
  ASSERT_TRUE(gpu->CopyFromHost(out.data(), *buffer, 0, out.size()).ok());
  std::vector<unsigned char> back(out.size());
  ASSERT_TRUE(gpu->CopyToHost(*buffer, 0, back.data(), back.size()).ok());
  EXPECT_EQ(out, back);
  EXPECT_EQ(gpu->CopyToHost(*buffer, 1 << 20, back.data(), 1).code(), absl::StatusCode::kOutOfRange);
}

TEST(CudaDeviceTest, AnImpossibleAllocationNamesTheSizeAndTheFix) {
  std::unique_ptr<Device> gpu = OpenGpu();
  ASSERT_NE(gpu, nullptr);
  absl::StatusOr<DeviceBuffer> buffer = gpu->Allocate(size_t{1} << 52);  // 4 PiB
  ASSERT_FALSE(buffer.ok());
  EXPECT_EQ(buffer.status().code(), absl::StatusCode::kResourceExhausted) << buffer.status();
  EXPECT_TRUE(absl::StrContains(buffer.status().message(), "4503599627370496 bytes")) << buffer.status();
}

TEST(CudaDeviceTest, TimerMeasuresWorkOnTheDeviceTimeline) {
  std::unique_ptr<Device> gpu = OpenGpu();
  ASSERT_NE(gpu, nullptr);
  absl::StatusOr<DeviceBuffer> buffer = gpu->Allocate(size_t{256} << 20);
  ASSERT_TRUE(buffer.ok());
  absl::StatusOr<std::unique_ptr<PatternEngine>> engine = CreatePatternEngine(*gpu);
  ASSERT_TRUE(engine.ok()) << engine.status();
  absl::StatusOr<std::unique_ptr<DeviceTimer>> timer = gpu->CreateTimer(2);
  ASSERT_TRUE(timer.ok()) << timer.status();
  CollectiveRegistry registry("collective");
  ASSERT_TRUE(RegisterBuiltinCollectives(registry).ok());
  PatternCall call;
  call.collective = registry.Find("all_reduce");
  call.layout = call.collective->Layout(size_t{128} << 20, 4, 1);
  ASSERT_TRUE((*timer)->Record(0).ok());
  ASSERT_TRUE((*engine)->Fill(call, *buffer, *buffer).ok());  // 2 x 256 MiB of memset plus the kernel
  ASSERT_TRUE((*timer)->Record(1).ok());
  ASSERT_TRUE(gpu->Synchronize().ok());
  absl::StatusOr<double> elapsed_us = (*timer)->ElapsedUs(0, 1);
  ASSERT_TRUE(elapsed_us.ok()) << elapsed_us.status();
  EXPECT_GT(*elapsed_us, 0.0);
  EXPECT_EQ((*timer)->Record(2).code(), absl::StatusCode::kOutOfRange);
}

// Every type, collective, op and placement, as rank 1 of 3: the kernels
// write the bytes the host functions write, and count what they count.
TEST(CudaPatternEngineTest, KernelsAgreeWithTheHostFunctions) {
  std::unique_ptr<Device> gpu = OpenGpu();
  ASSERT_NE(gpu, nullptr);
  absl::StatusOr<std::unique_ptr<PatternEngine>> engine = CreatePatternEngine(*gpu);
  ASSERT_TRUE(engine.ok()) << engine.status();
  CollectiveRegistry registry("collective");
  ASSERT_TRUE(RegisterBuiltinCollectives(registry).ok());
  constexpr int kRanks = 3;
  for (const std::string& name : registry.Names()) {
    const CollectiveDefinition* collective = registry.Find(name);
    for (DataType type : AllDataTypes()) {
      const size_t element_size = DataTypeSize(type);
      const BufferLayout layout = collective->Layout(5000 * 8, element_size, kRanks);
      const size_t elements = std::max(layout.send_count, layout.recv_count);
      absl::StatusOr<DeviceBuffer> send = gpu->Allocate(elements * element_size);
      absl::StatusOr<DeviceBuffer> recv = gpu->Allocate(elements * element_size);
      ASSERT_TRUE(send.ok() && recv.ok());
      for (ReduceOp op : collective->reduces ? AllReduceOps() : std::vector<ReduceOp>{ReduceOp::kSum}) {
        for (bool in_place : {false, true}) {
          PatternCall call;
          call.collective = collective;
          call.layout = layout;
          call.type = type;
          call.op = op;
          call.root = 1;
          call.rank = 1;
          call.ranks = kRanks;
          call.seed = 5;
          call.in_place = in_place;
          call.in_place_reduce_scatter_offset = layout.param_count;  // NCCL's: rank * count
          const std::string what = std::string(name) + " " + std::string(DataTypeName(type)) + " " +
                                   std::string(ReduceOpName(op)) + (in_place ? " in-place" : " out-of-place");
          ASSERT_TRUE((*engine)->Fill(call, *send, *recv).ok()) << what;
          std::vector<unsigned char> gpu_send(elements * element_size), gpu_recv(elements * element_size);
          ASSERT_TRUE(gpu->CopyToHost(*send, 0, gpu_send.data(), gpu_send.size()).ok());
          ASSERT_TRUE(gpu->CopyToHost(*recv, 0, gpu_recv.data(), gpu_recv.size()).ok());
          std::vector<unsigned char> host_send(gpu_send.size()), host_recv(gpu_recv.size());
          FillInput(call, host_send.data(), elements, host_recv.data(), elements);
          EXPECT_EQ(gpu_send, host_send) << what;
          EXPECT_EQ(gpu_recv, host_recv) << what;

          // The filled buffers are not the collective's result: both sides
          // count the same wrong elements, also after one more flipped bit.
          const ElementSpan output = OutputSpan(call);
          absl::StatusOr<int64_t> wrong = (*engine)->CountWrong(call, *send, *recv);
          ASSERT_TRUE(wrong.ok()) << wrong.status();
          EXPECT_EQ(*wrong, CountWrong(call, host_send.data(), host_recv.data())) << what;
          if (output.count == 0) continue;
          const size_t byte = (output.offset + output.count / 2) * element_size + element_size - 1;
          std::vector<unsigned char>& host_output = output.in_recv ? host_recv : host_send;
          host_output[byte] ^= 0x40;
          ASSERT_TRUE(gpu->CopyFromHost(&host_output[byte], output.in_recv ? *recv : *send, byte, 1).ok());
          wrong = (*engine)->CountWrong(call, *send, *recv);
          ASSERT_TRUE(wrong.ok()) << wrong.status();
          EXPECT_EQ(*wrong, CountWrong(call, host_send.data(), host_recv.data())) << what;
        }
      }
    }
  }
}

}  // namespace
}  // namespace spinecheck

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  const spinecheck::GpuAvailability gpus = spinecheck::FindGpus();
  if (gpus.visible == 0) {
    std::printf("SKIPPED: needs a GPU: %s\n", gpus.reason.c_str());
    return spinecheck::kSkipExitCode;
  }
  return RUN_ALL_TESTS();
}
