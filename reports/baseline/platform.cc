#include "reports/baseline/platform.h"

#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace spinecheck {
namespace {

// The most frequent string; ties go to the one seen first. Empty input: "".
std::string MostCommon(const std::vector<std::string>& values) {
  std::map<std::string, int> counts;
  std::string best;
  int best_count = 0;
  for (const std::string& value : values) {
    const int count = ++counts[value];
    if (count > best_count) {
      best = value;
      best_count = count;
    }
  }
  return best;
}

// "400Gb/s", "12.5Gb/s".
std::string RateText(double gbps) { return absl::StrFormat("%gGb/s", gbps); }

// "mlx5_0" -> "mlx5", "irdma1" -> "irdma": the name without the instance number.
std::string DeviceFamily(const std::string& name) {
  size_t end = name.size();
  while (end > 0 && absl::ascii_isdigit(static_cast<unsigned char>(name[end - 1]))) --end;
  if (end > 0 && name[end - 1] == '_') --end;
  return end == 0 ? name : name.substr(0, end);
}

// The host's fastest NIC as "<family> <rate>", or "" when it shows none.
std::string HostNic(const NodeInventory& node) {
  std::string best;
  double best_gbps = -1;
  for (const InventoryIbDevice& device : node.ib_devices) {
    for (const InventoryIbPort& port : device.ports) {
      if (port.state != "ACTIVE" || port.rate_gbps <= best_gbps) continue;
      best_gbps = port.rate_gbps;
      best = absl::StrCat(DeviceFamily(device.name), " ", RateText(port.rate_gbps));
    }
  }
  if (!best.empty()) return best;
  for (const InventoryNic& nic : node.nics) {
    if (nic.is_virtual || nic.operstate != "up" || nic.speed_mbps <= 0) continue;
    const double gbps = static_cast<double>(nic.speed_mbps) / 1000.0;
    if (gbps <= best_gbps) continue;
    best_gbps = gbps;
    best = absl::StrCat(nic.driver.empty() ? nic.name : nic.driver, " ", RateText(gbps));
  }
  return best;
}

}  // namespace

std::string PlatformKey(const RunDocument& document) {
  std::vector<std::string> models;
  std::map<std::string, int> devices_per_host;
  for (const RankInfo& rank : document.ranks) {
    for (const DeviceInfo& device : rank.devices) {
      models.push_back(device.model.empty() ? "unknown" : device.model);
      ++devices_per_host[rank.host];
    }
  }
  int devices = 0;
  for (const auto& [host, count] : devices_per_host) devices = std::max(devices, count);

  std::vector<std::string> nics;
  for (const NodeInventory& node : document.inventory) {
    std::string nic = HostNic(node);
    if (!nic.empty()) nics.push_back(std::move(nic));
  }
  const std::string model = models.empty() ? "unknown" : MostCommon(models);
  const std::string nic = nics.empty() ? "unknown" : MostCommon(nics);
  return absl::StrCat(model, " x", devices, " / ", nic);
}

}  // namespace spinecheck
