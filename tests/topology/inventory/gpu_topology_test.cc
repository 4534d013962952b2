// GPUs and the topology matrix through the dlopen path: the fake
// libnvidia-ml (tests/support/fake_nvml.cc) and the fake sysfs host.
#include <gtest/gtest.h>

#include <cstdlib>

#include "tests/topology/inventory/fake_sysfs.h"
#include "topology/inventory/gpu_nvml.h"
#include "topology/inventory/inventory_summary.h"
#include "topology/inventory/net_sysfs.h"
#include "topology/inventory/pci_links.h"
#include "topology/inventory/topo_matrix.h"

namespace spinecheck {
namespace {

using testing::FakeSysfs;

constexpr const char* kFakeVariables[] = {
    "FAKE_NVML_DEVICES",        "FAKE_NVML_BUS_IDS",        "FAKE_NVML_UUIDS",    "FAKE_NVML_NAMES",
    "FAKE_NVML_NVLINKS",        "FAKE_NVML_NVSWITCH_LINKS", "FAKE_NVML_TOPOLOGY", "FAKE_NVML_TOPOLOGY_DEFAULT",
    "FAKE_NVML_CPU_AFFINITY",   "FAKE_NVML_NOT_SUPPORTED",  "FAKE_NVML_INIT_ERROR"};

constexpr char kGoldenMatrix[] =
    "        GPU0    GPU1    GPU2    GPU3    NIC0    NIC1    NIC2    CPU Affinity    NUMA Affinity\n"
    "GPU0    X       NV4     SYS     SYS     PIX     SYS     PHB     0-15            0\n"
    "GPU1    NV4     X       SYS     SYS     PIX     SYS     PHB     0-15            0\n"
    "GPU2    SYS     SYS     X       PHB     SYS     PHB     SYS     0-15            1\n"
    "GPU3    SYS     SYS     PHB     X       SYS     PHB     SYS     0-15            1\n"
    "NIC0    PIX     PIX     SYS     SYS     X       SYS     PHB\n"
    "NIC1    SYS     SYS     PHB     PHB     SYS     X       SYS\n"
    "NIC2    PHB     PHB     SYS     SYS     PHB     SYS     X\n"
    "\n"
    "Legend:\n"
    "\n"
    "  X    = Self\n"
    "  SYS  = Connection traversing PCIe as well as the SMP interconnect between NUMA nodes (e.g., QPI/UPI)\n"
    "  NODE = Connection traversing PCIe as well as the interconnect between PCIe Host Bridges within a NUMA node\n"
    "  PHB  = Connection traversing PCIe as well as a PCIe Host Bridge (typically the CPU)\n"
    "  PXB  = Connection traversing multiple PCIe bridges (without traversing the PCIe Host Bridge)\n"
    "  PIX  = Connection traversing at most a single PCIe bridge\n"
    "  NV#  = Connection traversing a bonded set of # NVLinks\n"
    "  ?    = Unknown\n"
    "\n"
    "NIC Legend:\n"
    "\n"
    "  NIC0: mlx5_0\n"
    "  NIC1: eth0\n"
    "  NIC2: eth1\n";

constexpr char kGoldenSummary[] =
    "host: node001\n"
    "cpu: AMD EPYC 9654 96-Core Processor, 2 sockets, 16 cores, 32 threads\n"
    "numa nodes: 2\n"
    "  node0   cpus 0-15             64.0 GiB\n"
    "  node1   cpus 16-31            64.0 GiB\n"
    "nics: 4\n"
    "  eth0       0000:43:00.0   10000 Mb/s   up       numa 1   ixgbe        00:1b:21:00:00:01\n"
    "  eth1       0000:08:00.0   ? Mb/s       down     numa 0   igb          00:1b:21:00:00:02\n"
    "  ib0        0000:06:00.0   400000 Mb/s  up       numa 0   mlx5_core    "
    "00:00:10:29:fe:80:00:00:00:00:00:00:0c:42:a1:03:00:b1:2c:3e -> mlx5_0\n"
    "  veth0      virtual        10000 Mb/s   up       9a:00:00:00:00:01\n"
    "rdma ports: 1\n"
    "  mlx5_0     port 1  ACTIVE   LinkUp   400 Gb/sec (4X NDR)    InfiniBand lid 26    numa 0   ib0\n"
    "gpus: 2 (nvml)\n"
    "  GPU0   NVIDIA H100 80GB HBM3    0000:05:00.0   numa 0   cpus 0-15         GPU-0\n"
    "  GPU1   NVIDIA H100 80GB HBM3    0000:07:00.0   numa 0   cpus 0-15         GPU-1\n"
    "warnings: 1\n"
    "  example warning\n";

class GpuTopologyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* name : kFakeVariables) unsetenv(name);
    // The standard host's GPUs, in NVML's spelling.
    setenv("FAKE_NVML_DEVICES", "4", 1);
    setenv("FAKE_NVML_BUS_IDS", "00000000:05:00.0,00000000:07:00.0,00000000:41:00.0,00000000:44:00.0", 1);
    setenv("FAKE_NVML_UUIDS", "GPU-0,GPU-1,GPU-2,GPU-3", 1);
    setenv("FAKE_NVML_NAMES", "NVIDIA H100 80GB HBM3,NVIDIA H100 80GB HBM3,NVIDIA H100 80GB HBM3,NVIDIA H100 80GB HBM3",
           1);
    sysfs_.StandardHost();
  }
  void TearDown() override {
    for (const char* name : kFakeVariables) unsetenv(name);
  }

  // The inventory of the standard host with two NUMA nodes, as
  // CollectNodeInventory assembles it (minus hwloc).
  NodeInventory Collect() {
    NodeInventory inventory;
    inventory.host = "node001";
    inventory.numa_nodes = {{0, 0, "0-15"}, {1, 0, "16-31"}};
    inventory.nics = CollectNics(sysfs_.root());
    inventory.ib_devices = CollectIbDevices(sysfs_.root());
    LinkNicsToIbDevices(inventory.ib_devices, inventory.nics);
    absl::Status gpus = CollectGpus(SPINECHECK_FAKE_NVML, sysfs_.root(), inventory);
    EXPECT_TRUE(gpus.ok()) << gpus;
    inventory.gpu_link_source = "nvml";
    FillPciLinks(sysfs_.root(), inventory);
    return inventory;
  }

  FakeSysfs sysfs_;
};

TEST_F(GpuTopologyTest, GpusFromNvml) {
  setenv("FAKE_NVML_CPU_AFFINITY", "0xffff", 1);
  NodeInventory inventory = Collect();
  ASSERT_EQ(inventory.gpus.size(), 4u);
  const InventoryGpu& gpu = inventory.gpus[2];
  EXPECT_EQ(gpu.index, 2);
  EXPECT_EQ(gpu.name, "NVIDIA H100 80GB HBM3");
  EXPECT_EQ(gpu.uuid, "GPU-2");
  EXPECT_EQ(gpu.pci_bus_id, "0000:41:00.0");
  EXPECT_EQ(gpu.numa_node, 1);
  EXPECT_EQ(gpu.cpu_affinity, "0-15");
  EXPECT_TRUE(inventory.warnings.empty());
}

TEST_F(GpuTopologyTest, CpuAffinityFromSysfsWithoutNvml) {
  // FAKE_NVML_CPU_AFFINITY unset: NVML answers NOT_SUPPORTED.
  NodeInventory inventory = Collect();
  EXPECT_EQ(inventory.gpus[0].cpu_affinity, "0-15");  // local_cpulist
  EXPECT_EQ(inventory.gpus[1].cpu_affinity, "");
}

TEST_F(GpuTopologyTest, MatrixGolden) {
  setenv("FAKE_NVML_CPU_AFFINITY", "0xffff", 1);
  setenv("FAKE_NVML_NVLINKS", "0-1:4", 1);
  setenv("FAKE_NVML_TOPOLOGY", "0-1:10,2-3:30", 1);
  setenv("FAKE_NVML_TOPOLOGY_DEFAULT", "50", 1);
  NodeInventory inventory = Collect();
  EXPECT_EQ(inventory.gpu_links.nics, (std::vector<std::string>{"mlx5_0", "eth0", "eth1"}));
  EXPECT_EQ(RenderTopoMatrix(inventory), kGoldenMatrix);
}

TEST_F(GpuTopologyTest, NvSwitchLinksCountForEveryPair) {
  setenv("FAKE_NVML_NVSWITCH_LINKS", "18", 1);
  NodeInventory inventory = Collect();
  const std::vector<std::string>& m = inventory.gpu_links.gpu_gpu;
  ASSERT_EQ(m.size(), 16u);
  for (size_t i = 0; i < 4; ++i) {
    for (size_t j = 0; j < 4; ++j) EXPECT_EQ(m[i * 4 + j], i == j ? "X" : "NV18") << i << "," << j;
  }
}

TEST_F(GpuTopologyTest, PciTreeFillsWhatNvmlCannotAnswer) {
  setenv("FAKE_NVML_NOT_SUPPORTED", "nvmlDeviceGetTopologyCommonAncestor,nvmlDeviceGetNvLinkState", 1);
  NodeInventory inventory = Collect();
  const std::vector<std::string>& m = inventory.gpu_links.gpu_gpu;
  EXPECT_EQ(m[0 * 4 + 1], "PIX");  // one PCIe switch
  EXPECT_EQ(m[0 * 4 + 2], "SYS");  // other root complex, other NUMA node
  EXPECT_EQ(m[2 * 4 + 3], "PHB");  // one root complex
  ASSERT_FALSE(inventory.warnings.empty());
  EXPECT_NE(inventory.warnings[0].find("nvmlDeviceGetTopologyCommonAncestor failed"), std::string::npos)
      << inventory.warnings[0];
}

TEST_F(GpuTopologyTest, NvmlInitFailureIsTheReason) {
  setenv("FAKE_NVML_INIT_ERROR", "9", 1);
  NodeInventory inventory;
  absl::Status status = CollectGpus(SPINECHECK_FAKE_NVML, sysfs_.root(), inventory);
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  EXPECT_NE(status.message().find("Driver Not Loaded"), std::string::npos) << status;
  EXPECT_TRUE(inventory.gpus.empty());
}

TEST_F(GpuTopologyTest, SummaryGolden) {
  setenv("FAKE_NVML_CPU_AFFINITY", "0xffff", 1);
  setenv("FAKE_NVML_DEVICES", "2", 1);
  NodeInventory inventory = Collect();
  inventory.cpu_model = "AMD EPYC 9654 96-Core Processor";
  inventory.sockets = 2;
  inventory.cores = 16;
  inventory.threads = 32;
  inventory.numa_nodes = {{0, 64ULL << 30, "0-15"}, {1, 64ULL << 30, "16-31"}};
  inventory.warnings = {"example warning"};
  EXPECT_EQ(RenderInventorySummary(inventory), kGoldenSummary);
}

TEST(CpuMask, ToCpuList) {
  unsigned long mask[2] = {0xf0fUL, 1UL};
  EXPECT_EQ(CpuListFromMask(mask, 2), "0-3,8-11,64");
  unsigned long none[1] = {0};
  EXPECT_EQ(CpuListFromMask(none, 1), "");
  EXPECT_EQ(TopologyLevelName(20), "PXB");
  EXPECT_EQ(TopologyLevelName(40), "NODE");
  EXPECT_EQ(TopologyLevelName(7), "");
}

}  // namespace
}  // namespace spinecheck
