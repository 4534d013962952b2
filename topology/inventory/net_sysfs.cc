#include "topology/inventory/net_sysfs.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <system_error>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "topology/inventory/sysfs_reader.h"

namespace spinecheck {
namespace {

namespace fs = std::filesystem;

// `speed` in Mb/s; -1 when unreadable (EINVAL while the link is down) or
// SPEED_UNKNOWN (-1, which some drivers print as 4294967295).
int64_t ReadSpeedMbps(const fs::path& path) {
  long long speed = ReadSysfsInt(path, -1);
  if (speed <= 0 || speed == std::numeric_limits<uint32_t>::max()) return -1;
  return speed;
}

bool Exists(const fs::path& path) {
  std::error_code error;
  return fs::exists(path, error);
}

}  // namespace

std::vector<InventoryNic> CollectNics(const std::string& sysfs_root) {
  std::vector<InventoryNic> nics;
  const fs::path net = fs::path(sysfs_root) / "class/net";
  for (const std::string& name : ListSysfsDir(net)) {
    if (name == "lo") continue;
    const fs::path dir = net / name;
    InventoryNic nic;
    nic.name = name;
    nic.is_virtual = !Exists(dir / "device");
    nic.mac = ReadSysfsString(dir / "address");
    nic.operstate = ReadSysfsString(dir / "operstate");
    nic.speed_mbps = ReadSpeedMbps(dir / "speed");
    if (!nic.is_virtual) {
      nic.pci_bus_id = PciBusIdOfPath(dir / "device");
      nic.numa_node = static_cast<int>(ReadSysfsInt(dir / "device/numa_node", -1));
      nic.driver = SysfsLinkBasename(dir / "device/driver");
    }
    nics.push_back(std::move(nic));
  }
  return nics;
}

std::vector<InventoryIbDevice> CollectIbDevices(const std::string& sysfs_root) {
  std::vector<InventoryIbDevice> devices;
  const fs::path infiniband = fs::path(sysfs_root) / "class/infiniband";
  for (const std::string& name : ListSysfsDir(infiniband)) {
    const fs::path dir = infiniband / name;
    InventoryIbDevice device;
    device.name = name;
    device.pci_bus_id = PciBusIdOfPath(dir / "device");
    device.numa_node = static_cast<int>(ReadSysfsInt(dir / "device/numa_node", -1));
    device.node_guid = ReadSysfsString(dir / "node_guid");

    // The interfaces of the PCI function, by port: dev_port is 0-based.
    std::vector<std::pair<int, std::string>> netdevs;
    for (const std::string& netdev : ListSysfsDir(dir / "device/net")) {
      long long dev_port = ReadSysfsInt(dir / "device/net" / netdev / "dev_port", 0);
      netdevs.emplace_back(static_cast<int>(dev_port) + 1, netdev);
    }

    std::vector<std::string> port_names = ListSysfsDir(dir / "ports");
    for (const std::string& port_name : port_names) {
      InventoryIbPort port;
      if (!absl::SimpleAtoi(port_name, &port.port)) continue;
      const fs::path port_dir = dir / "ports" / port_name;
      port.state = ParseIbStateName(ReadSysfsString(port_dir / "state"));
      port.phys_state = ParseIbStateName(ReadSysfsString(port_dir / "phys_state"));
      port.rate = ReadSysfsString(port_dir / "rate");
      port.rate_gbps = ParseIbRateGbps(port.rate);
      port.link_layer = ReadSysfsString(port_dir / "link_layer");
      port.lid = static_cast<int>(ReadSysfsInt(port_dir / "lid", -1));
      // RoCE ports name their netdev in the GID table; InfiniBand ports
      // (IPoIB) through the PCI function's net/.
      port.netdev = ReadSysfsString(port_dir / "gid_attrs/ndevs/0");
      if (port.netdev.empty()) {
        for (const auto& [number, netdev] : netdevs) {
          if (number == port.port) port.netdev = netdev;
        }
      }
      device.ports.push_back(std::move(port));
    }
    std::sort(device.ports.begin(), device.ports.end(),
              [](const InventoryIbPort& a, const InventoryIbPort& b) { return a.port < b.port; });
    devices.push_back(std::move(device));
  }
  return devices;
}

void LinkNicsToIbDevices(const std::vector<InventoryIbDevice>& ib_devices, std::vector<InventoryNic>& nics) {
  for (InventoryNic& nic : nics) {
    for (const InventoryIbDevice& device : ib_devices) {
      for (const InventoryIbPort& port : device.ports) {
        if (!port.netdev.empty() && port.netdev == nic.name) nic.ib_device = device.name;
      }
    }
    if (!nic.ib_device.empty() || nic.pci_bus_id.empty()) continue;
    for (const InventoryIbDevice& device : ib_devices) {
      if (device.pci_bus_id == nic.pci_bus_id) {
        nic.ib_device = device.name;
        break;
      }
    }
  }
}

std::string ParseIbStateName(absl::string_view text) {
  text = absl::StripAsciiWhitespace(text);
  size_t colon = text.find(':');
  if (colon != absl::string_view::npos) {
    int number = 0;
    if (absl::SimpleAtoi(text.substr(0, colon), &number)) {
      return std::string(absl::StripAsciiWhitespace(text.substr(colon + 1)));
    }
  }
  return std::string(text);
}

double ParseIbRateGbps(absl::string_view text) {
  std::vector<absl::string_view> words = absl::StrSplit(text, ' ', absl::SkipEmpty());
  double rate = 0;
  if (words.size() < 2 || words[1] != "Gb/sec" || !absl::SimpleAtod(words[0], &rate) || rate < 0) return -1;
  return rate;
}

}  // namespace spinecheck
