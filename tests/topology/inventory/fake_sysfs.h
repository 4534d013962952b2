// A fake sysfs tree in a temporary directory, for the inventory tests:
// files, directories and symbolic links laid out as the kernel does, and
// one standard host (two root complexes, a PCIe switch, four GPUs, an
// InfiniBand HCA, two Ethernet ports, a veth) that several tests share.
#ifndef SPINECHECK_TESTS_TOPOLOGY_INVENTORY_FAKE_SYSFS_H_
#define SPINECHECK_TESTS_TOPOLOGY_INVENTORY_FAKE_SYSFS_H_

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace spinecheck::testing {

class FakeSysfs {
 public:
  FakeSysfs() {
    std::string pattern = (std::filesystem::temp_directory_path() / "spinecheck-sysfs-XXXXXX").string();
    root_ = mkdtemp(pattern.data());
  }
  ~FakeSysfs() {
    std::error_code ignored;
    std::filesystem::remove_all(root_, ignored);
  }
  FakeSysfs(const FakeSysfs&) = delete;
  FakeSysfs& operator=(const FakeSysfs&) = delete;

  const std::string& root() const { return root_; }

  // Writes `text` and a newline to root/relative, making its directories.
  void File(const std::string& relative, const std::string& text) const {
    std::filesystem::path path = std::filesystem::path(root_) / relative;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path) << text << "\n";
  }
  void Dir(const std::string& relative) const { std::filesystem::create_directories(std::filesystem::path(root_) / relative); }
  // root/link -> root/target (absolute).
  void Link(const std::string& link, const std::string& target) const {
    std::filesystem::path path = std::filesystem::path(root_) / link;
    std::filesystem::create_directories(path.parent_path());
    std::filesystem::create_directories(std::filesystem::path(root_) / target);
    std::filesystem::create_directory_symlink(std::filesystem::path(root_) / target, path);
  }

  // A PCI function at `path` under devices/ ("pci0000:00/0000:00:01.0/0000:05:00.0"),
  // with its bus/pci/devices link and numa_node.
  void PciDevice(const std::string& path, int numa_node) const {
    const std::string dir = "devices/" + path;
    File(dir + "/numa_node", std::to_string(numa_node));
    Link("bus/pci/devices/" + std::filesystem::path(path).filename().string(), dir);
  }

  // A network interface on the PCI function at `pci_path` (empty: virtual).
  void Nic(const std::string& name, const std::string& pci_path, const std::string& driver, const std::string& mac,
           const std::string& speed, const std::string& operstate) const {
    const std::string dir = "class/net/" + name;
    File(dir + "/address", mac);
    File(dir + "/operstate", operstate);
    if (speed.empty()) {
      Dir(dir + "/speed");  // reading a directory fails, as `speed` of a down link does (EINVAL)
    } else {
      File(dir + "/speed", speed);
    }
    if (pci_path.empty()) return;
    Link(dir + "/device", "devices/" + pci_path);
    if (!driver.empty()) Link("devices/" + pci_path + "/driver", "bus/pci/drivers/" + driver);
  }

  // The standard host. NUMA node 0: root complex pci0000:00 with a PCIe
  // switch (root port 00:01.0, upstream 01:00.0) holding GPU0 (05:00.0),
  // GPU1 (07:00.0) and the HCA mlx5_0 (06:00.0, netdev ib0), and eth1
  // (08:00.0, down, speed unreadable) on root port 00:03.0. NUMA node 1:
  // root complex pci0000:40 with GPU2 (41:00.0), GPU3 (44:00.0) and eth0
  // (43:00.0) on three root ports. veth0 is virtual.
  void StandardHost() const {
    const std::string sw = "pci0000:00/0000:00:01.0/0000:01:00.0";
    PciDevice(sw + "/0000:02:08.0/0000:05:00.0", 0);
    PciDevice(sw + "/0000:02:0c.0/0000:07:00.0", 0);
    PciDevice(sw + "/0000:02:10.0/0000:06:00.0", 0);
    PciDevice("pci0000:00/0000:00:03.0/0000:08:00.0", 0);
    PciDevice("pci0000:40/0000:40:01.0/0000:41:00.0", 1);
    PciDevice("pci0000:40/0000:40:02.0/0000:44:00.0", 1);
    PciDevice("pci0000:40/0000:40:03.0/0000:43:00.0", 1);
    File("devices/" + sw + "/0000:02:08.0/0000:05:00.0/local_cpulist", "0-15");

    Nic("eth0", "pci0000:40/0000:40:03.0/0000:43:00.0", "ixgbe", "00:1b:21:00:00:01", "10000", "up");
    Nic("eth1", "pci0000:00/0000:00:03.0/0000:08:00.0", "igb", "00:1b:21:00:00:02", "", "down");
    Nic("ib0", sw + "/0000:02:10.0/0000:06:00.0", "mlx5_core", "00:00:10:29:fe:80:00:00:00:00:00:00:0c:42:a1:03:00:b1:2c:3e",
        "400000", "up");
    Nic("veth0", "", "", "9a:00:00:00:00:01", "10000", "up");
    Nic("lo", "", "", "00:00:00:00:00:00", "", "unknown");
    File("devices/" + sw + "/0000:02:10.0/0000:06:00.0/net/ib0/dev_port", "0");

    const std::string ib = "class/infiniband/mlx5_0";
    File(ib + "/node_guid", "0c42:a103:00b1:2c3e");
    Link(ib + "/device", "devices/" + sw + "/0000:02:10.0/0000:06:00.0");
    File(ib + "/ports/1/state", "4: ACTIVE");
    File(ib + "/ports/1/phys_state", "5: LinkUp");
    File(ib + "/ports/1/rate", "400 Gb/sec (4X NDR)");
    File(ib + "/ports/1/link_layer", "InfiniBand");
    File(ib + "/ports/1/lid", "0x1a");
  }

 private:
  std::string root_;
};

}  // namespace spinecheck::testing

#endif  // SPINECHECK_TESTS_TOPOLOGY_INVENTORY_FAKE_SYSFS_H_
