#include "topology/inventory/net_sysfs.h"

#include <gtest/gtest.h>

#include "tests/topology/inventory/fake_sysfs.h"
#include "topology/inventory/pci_relation.h"
#include "topology/inventory/sysfs_reader.h"

namespace spinecheck {
namespace {

using testing::FakeSysfs;

TEST(IbSysfsFormats, StateAndRate) {
  EXPECT_EQ(ParseIbStateName("4: ACTIVE"), "ACTIVE");
  EXPECT_EQ(ParseIbStateName("1: DOWN"), "DOWN");
  EXPECT_EQ(ParseIbStateName("5: LinkUp"), "LinkUp");
  EXPECT_EQ(ParseIbStateName("ACTIVE"), "ACTIVE");
  EXPECT_DOUBLE_EQ(ParseIbRateGbps("400 Gb/sec (4X NDR)"), 400);
  EXPECT_DOUBLE_EQ(ParseIbRateGbps("2.5 Gb/sec (1X SDR)"), 2.5);
  EXPECT_DOUBLE_EQ(ParseIbRateGbps("100 Gb/sec (2X HDR)"), 100);
  EXPECT_DOUBLE_EQ(ParseIbRateGbps("fast"), -1);
  EXPECT_DOUBLE_EQ(ParseIbRateGbps(""), -1);
}

TEST(PciBusIds, Normalised) {
  EXPECT_EQ(NormalizePciBusId("00000000:07:00.0"), "0000:07:00.0");
  EXPECT_EQ(NormalizePciBusId("0000:3B:00.1"), "0000:3b:00.1");
  EXPECT_EQ(NormalizePciBusId("07:00.0"), "0000:07:00.0");
  EXPECT_EQ(NormalizePciBusId("virtio2"), "");
  EXPECT_TRUE(IsPciBusId("0000:3b:00.1"));
  EXPECT_FALSE(IsPciBusId("pci0000:00"));
}

TEST(PciRelation, FollowsTheDocumentedRule) {
  PciPath gpu = ParsePciPath("/sys/devices/pci0000:00/0000:00:01.0/0000:01:00.0/0000:02:08.0/0000:05:00.0");
  PciPath nic_same_switch = ParsePciPath("/sys/devices/pci0000:00/0000:00:01.0/0000:01:00.0/0000:02:10.0/0000:06:00.0");
  PciPath nic_two_switches = ParsePciPath(
      "/sys/devices/pci0000:00/0000:00:01.0/0000:01:00.0/0000:02:04.0/0000:03:00.0/0000:04:00.0/0000:09:00.0/net/eth2");
  PciPath nic_other_port = ParsePciPath("/sys/devices/pci0000:00/0000:00:03.0/0000:08:00.0/virtio2");
  PciPath nic_other_root = ParsePciPath("/sys/devices/pci0000:40/0000:40:03.0/0000:43:00.0");
  ASSERT_EQ(gpu.root, "pci0000:00");
  ASSERT_EQ(gpu.chain.size(), 4u);
  ASSERT_EQ(nic_other_port.chain.back(), "0000:08:00.0");

  EXPECT_EQ(PciRelation(gpu, 0, gpu, 0, false), "X");
  EXPECT_EQ(PciRelation(gpu, 0, nic_same_switch, 0, false), "PIX");
  EXPECT_EQ(PciRelation(gpu, 0, nic_two_switches, 0, false), "PXB");
  EXPECT_EQ(PciRelation(gpu, 0, nic_other_port, 0, false), "PHB");
  EXPECT_EQ(PciRelation(gpu, 0, nic_other_root, 0, false), "NODE");
  EXPECT_EQ(PciRelation(gpu, 0, nic_other_root, 1, false), "SYS");
  EXPECT_EQ(PciRelation(gpu, -1, nic_other_root, -1, false), "SYS");
  EXPECT_EQ(PciRelation(gpu, -1, nic_other_root, -1, true), "NODE");
  EXPECT_EQ(PciRelation(gpu, 0, PciPath{}, 0, false), "");
  EXPECT_EQ(ParsePciPath("/sys/devices/virtual/net/veth0").root, "");
}

TEST(CollectNics, ReadsPhysicalAndVirtualInterfaces) {
  FakeSysfs sysfs;
  sysfs.StandardHost();
  std::vector<InventoryNic> nics = CollectNics(sysfs.root());
  ASSERT_EQ(nics.size(), 4u);  // lo left out
  EXPECT_EQ(nics[0].name, "eth0");
  EXPECT_FALSE(nics[0].is_virtual);
  EXPECT_EQ(nics[0].pci_bus_id, "0000:43:00.0");
  EXPECT_EQ(nics[0].numa_node, 1);
  EXPECT_EQ(nics[0].speed_mbps, 10000);
  EXPECT_EQ(nics[0].operstate, "up");
  EXPECT_EQ(nics[0].driver, "ixgbe");
  EXPECT_EQ(nics[0].mac, "00:1b:21:00:00:01");

  // A down link whose speed cannot be read.
  EXPECT_EQ(nics[1].name, "eth1");
  EXPECT_EQ(nics[1].speed_mbps, -1);
  EXPECT_EQ(nics[1].operstate, "down");
  EXPECT_EQ(nics[1].numa_node, 0);

  EXPECT_EQ(nics[2].name, "ib0");
  EXPECT_EQ(nics[2].driver, "mlx5_core");
  EXPECT_EQ(nics[2].ib_device, "");  // until LinkNicsToIbDevices

  EXPECT_EQ(nics[3].name, "veth0");
  EXPECT_TRUE(nics[3].is_virtual);
  EXPECT_EQ(nics[3].pci_bus_id, "");
  EXPECT_EQ(nics[3].numa_node, -1);
  EXPECT_EQ(nics[3].speed_mbps, 10000);
}

TEST(CollectIbDevices, ReadsPortsAndMapsNetdevs) {
  FakeSysfs sysfs;
  sysfs.StandardHost();
  std::vector<InventoryIbDevice> devices = CollectIbDevices(sysfs.root());
  ASSERT_EQ(devices.size(), 1u);
  const InventoryIbDevice& hca = devices[0];
  EXPECT_EQ(hca.name, "mlx5_0");
  EXPECT_EQ(hca.pci_bus_id, "0000:06:00.0");
  EXPECT_EQ(hca.numa_node, 0);
  EXPECT_EQ(hca.node_guid, "0c42:a103:00b1:2c3e");
  ASSERT_EQ(hca.ports.size(), 1u);
  const InventoryIbPort& port = hca.ports[0];
  EXPECT_EQ(port.port, 1);
  EXPECT_EQ(port.state, "ACTIVE");
  EXPECT_EQ(port.phys_state, "LinkUp");
  EXPECT_EQ(port.rate, "400 Gb/sec (4X NDR)");
  EXPECT_DOUBLE_EQ(port.rate_gbps, 400);
  EXPECT_EQ(port.link_layer, "InfiniBand");
  EXPECT_EQ(port.lid, 0x1a);
  EXPECT_EQ(port.netdev, "ib0");

  std::vector<InventoryNic> nics = CollectNics(sysfs.root());
  LinkNicsToIbDevices(devices, nics);
  EXPECT_EQ(nics[2].ib_device, "mlx5_0");
  EXPECT_EQ(nics[0].ib_device, "");
}

TEST(CollectIbDevices, RoceNetdevFromTheGidTable) {
  FakeSysfs sysfs;
  sysfs.PciDevice("pci0000:00/0000:00:02.0/0000:03:00.0", 0);
  sysfs.Link("class/infiniband/mlx5_1/device", "devices/pci0000:00/0000:00:02.0/0000:03:00.0");
  sysfs.File("class/infiniband/mlx5_1/ports/1/state", "1: DOWN");
  sysfs.File("class/infiniband/mlx5_1/ports/1/link_layer", "Ethernet");
  sysfs.File("class/infiniband/mlx5_1/ports/1/rate", "garbage");
  sysfs.File("class/infiniband/mlx5_1/ports/1/gid_attrs/ndevs/0", "ens3f0");
  std::vector<InventoryIbDevice> devices = CollectIbDevices(sysfs.root());
  ASSERT_EQ(devices.size(), 1u);
  ASSERT_EQ(devices[0].ports.size(), 1u);
  EXPECT_EQ(devices[0].ports[0].state, "DOWN");
  EXPECT_EQ(devices[0].ports[0].netdev, "ens3f0");
  EXPECT_DOUBLE_EQ(devices[0].ports[0].rate_gbps, -1);
  EXPECT_EQ(devices[0].ports[0].lid, -1);
  EXPECT_EQ(devices[0].node_guid, "");
}

TEST(CollectNics, NoSysfsIsNoInterfaces) {
  EXPECT_TRUE(CollectNics("/nonexistent-sysfs").empty());
  EXPECT_TRUE(CollectIbDevices("/nonexistent-sysfs").empty());
}

}  // namespace
}  // namespace spinecheck
