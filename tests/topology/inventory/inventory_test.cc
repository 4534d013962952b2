#include "topology/inventory/inventory.h"

#include <gtest/gtest.h>

#include <cstdlib>

#include "tests/topology/inventory/fake_sysfs.h"
#include "reports/json/gather_codec.h"
#include "reports/json/inventory_json.h"
#include "topology/inventory/topo_matrix.h"

namespace spinecheck {
namespace {

using testing::FakeSysfs;

// The machine the tests run on, through hwloc and the real /sys.
TEST(CollectNodeInventory, RealMachine) {
  absl::StatusOr<NodeInventory> inventory = CollectNodeInventory(InventoryOptions{});
  ASSERT_TRUE(inventory.ok()) << inventory.status();
  EXPECT_FALSE(inventory->host.empty());
  EXPECT_GE(inventory->sockets, 1);
  EXPECT_GE(inventory->cores, 1);
  EXPECT_GE(inventory->threads, inventory->cores);
  EXPECT_GE(inventory->numa_nodes.size(), 1u);
  for (const InventoryNic& nic : inventory->nics) EXPECT_NE(nic.name, "lo");
  if (inventory->gpu_link_source != "nvml") {
    // A host without the NVIDIA driver says why.
    EXPECT_EQ(inventory->gpu_link_source.rfind("unavailable: NVML unavailable: ", 0), 0u)
        << inventory->gpu_link_source;
    EXPECT_TRUE(inventory->gpus.empty());
  }
  // Whatever the host, it renders and survives the gather encoding.
  EXPECT_FALSE(RenderTopoMatrix(*inventory).empty());
  absl::StatusOr<NodeInventory> decoded = DecodeNodeInventory(EncodeNodeInventory(*inventory));
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(EncodeNodeInventory(*decoded), EncodeNodeInventory(*inventory));
}

TEST(CollectNodeInventory, MissingNvmlLibraryIsAReasonNotAnError) {
  InventoryOptions options;
  options.nvml_library = "libspinecheck-no-such-nvml.so.1";
  absl::StatusOr<NodeInventory> inventory = CollectNodeInventory(options);
  ASSERT_TRUE(inventory.ok()) << inventory.status();
  EXPECT_EQ(inventory->gpu_link_source,
            "unavailable: NVML unavailable: libspinecheck-no-such-nvml.so.1: cannot open shared object file: No such "
            "file or directory");
  EXPECT_TRUE(inventory->gpus.empty());
  EXPECT_NE(RenderTopoMatrix(*inventory).find("GPUs: unavailable: NVML unavailable"), std::string::npos);
}

TEST(CollectNodeInventory, FakeSysfsAndFakeNvml) {
  FakeSysfs sysfs;
  sysfs.StandardHost();
  setenv("FAKE_NVML_DEVICES", "2", 1);
  setenv("FAKE_NVML_BUS_IDS", "00000000:05:00.0,00000000:07:00.0", 1);
  setenv("FAKE_NVML_NVLINKS", "0-1:2", 1);
  InventoryOptions options;
  options.sysfs_root = sysfs.root();
  options.nvml_library = SPINECHECK_FAKE_NVML;
  absl::StatusOr<NodeInventory> inventory = CollectNodeInventory(options);
  unsetenv("FAKE_NVML_DEVICES");
  unsetenv("FAKE_NVML_BUS_IDS");
  unsetenv("FAKE_NVML_NVLINKS");
  ASSERT_TRUE(inventory.ok()) << inventory.status();
  EXPECT_EQ(inventory->gpu_link_source, "nvml");
  ASSERT_EQ(inventory->gpus.size(), 2u);
  EXPECT_EQ(inventory->gpu_links.gpu_gpu, (std::vector<std::string>{"X", "NV2", "NV2", "X"}));
  ASSERT_EQ(inventory->nics.size(), 4u);
  EXPECT_EQ(inventory->nics[2].ib_device, "mlx5_0");
  ASSERT_EQ(inventory->ib_devices.size(), 1u);
  EXPECT_EQ(inventory->gpu_links.nics, (std::vector<std::string>{"mlx5_0", "eth0", "eth1"}));
  EXPECT_EQ(inventory->gpu_links.gpu_nic[0], "PIX");
}

NodeInventory SampleInventory() {
  NodeInventory inventory;
  inventory.host = "node001";
  inventory.cpu_model = "Intel(R) Xeon(R) Platinum 8480+";
  inventory.sockets = 2;
  inventory.cores = 112;
  inventory.threads = 224;
  inventory.numa_nodes = {{0, 1ULL << 40, "0-55,112-167"}, {1, 1ULL << 40, "56-111,168-223"}};
  InventoryNic nic;
  nic.name = "ib0";
  nic.pci_bus_id = "0000:06:00.0";
  nic.numa_node = 0;
  nic.mac = "00:00:10:29";
  nic.speed_mbps = 400000;
  nic.operstate = "up";
  nic.driver = "mlx5_core";
  nic.ib_device = "mlx5_0";
  InventoryNic veth;
  veth.name = "veth0";
  veth.is_virtual = true;
  inventory.nics = {nic, veth};
  InventoryIbDevice hca;
  hca.name = "mlx5_0";
  hca.pci_bus_id = "0000:06:00.0";
  hca.numa_node = 0;
  hca.node_guid = "0c42:a103:00b1:2c3e";
  hca.ports = {{1, "ACTIVE", "LinkUp", "400 Gb/sec (4X NDR)", 400, "InfiniBand", 26, "ib0"}};
  inventory.ib_devices = {hca};
  inventory.gpus = {{0, "NVIDIA H100 80GB HBM3", "GPU-a", "0000:05:00.0", 0, "0-55"},
                    {1, "NVIDIA H100 80GB HBM3", "GPU-b", "0000:07:00.0", 0, "0-55"}};
  inventory.gpu_links.nics = {"mlx5_0"};
  inventory.gpu_links.gpu_gpu = {"X", "NV18", "NV18", "X"};
  inventory.gpu_links.gpu_nic = {"PIX", "PXB"};
  inventory.gpu_links.nic_nic = {"X"};
  inventory.gpu_link_source = "nvml";
  inventory.warnings = {"eth9: no PCI bus id"};
  return inventory;
}

TEST(InventoryJson, RoundTrips) {
  const NodeInventory inventory = SampleInventory();
  const std::string encoded = EncodeNodeInventory(inventory);
  EXPECT_EQ(encoded.find('\n'), std::string::npos);
  absl::StatusOr<NodeInventory> decoded = DecodeNodeInventory(encoded);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(EncodeNodeInventory(*decoded), encoded);
  EXPECT_EQ(decoded->host, "node001");
  EXPECT_EQ(decoded->numa_nodes[1].memory_bytes, 1ULL << 40);
  EXPECT_TRUE(decoded->nics[1].is_virtual);
  EXPECT_EQ(decoded->nics[0].speed_mbps, 400000);
  EXPECT_EQ(decoded->ib_devices[0].ports[0].lid, 26);
  EXPECT_DOUBLE_EQ(decoded->ib_devices[0].ports[0].rate_gbps, 400);
  EXPECT_EQ(decoded->gpus[1].uuid, "GPU-b");
  EXPECT_EQ(decoded->gpu_links.gpu_nic, inventory.gpu_links.gpu_nic);
  EXPECT_EQ(decoded->warnings, inventory.warnings);
  EXPECT_EQ(nlohmann::ordered_json(inventory)["nics"][1]["virtual"], true);
}

TEST(InventoryJson, RejectsWhatIsNotAnInventory) {
  EXPECT_EQ(DecodeNodeInventory("{").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(DecodeNodeInventory("[]").status().code(), absl::StatusCode::kInvalidArgument);

  nlohmann::ordered_json json = SampleInventory();
  json["nics"][0]["speed_mbps"] = "fast";
  absl::StatusOr<NodeInventory> mistyped = DecodeNodeInventory(json.dump());
  ASSERT_FALSE(mistyped.ok());
  EXPECT_NE(mistyped.status().message().find("/nics/0/speed_mbps"), std::string::npos) << mistyped.status();

  json = SampleInventory();
  json["gpu_links"]["gpu_nic"] = nlohmann::ordered_json::array({"PIX"});
  EXPECT_EQ(DecodeNodeInventory(json.dump()).status().code(), absl::StatusCode::kInvalidArgument);

  json = SampleInventory();
  json.erase("host");
  absl::StatusOr<NodeInventory> missing = DecodeNodeInventory(json.dump());
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("has no \"host\""), std::string::npos) << missing.status();
}

// Found by the rank_facts fuzz target: a number too large or not whole where
// an integer belongs was cast (undefined behaviour); it is an error naming it.
TEST(InventoryJson, RejectsNumbersThatAreNotIntegersOfTheirType) {
  for (double bad : {3.66667e73, 2.5}) {
    nlohmann::ordered_json json = SampleInventory();
    json["nics"][0]["speed_mbps"] = bad;
    absl::StatusOr<NodeInventory> read = DecodeNodeInventory(json.dump());
    ASSERT_FALSE(read.ok()) << bad;
    EXPECT_NE(read.status().message().find("/nics/0/speed_mbps: expected an integer"), std::string::npos)
        << read.status();
  }
}

}  // namespace
}  // namespace spinecheck
