#include "topology/inventory/pci_relation.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "topology/inventory/sysfs_reader.h"

namespace spinecheck {

PciPath ParsePciPath(absl::string_view canonical_path) {
  PciPath path;
  for (absl::string_view part : absl::StrSplit(canonical_path, '/', absl::SkipEmpty())) {
    if (path.root.empty()) {
      if (absl::StartsWith(part, "pci") && part.size() > 3) path.root = std::string(part);
      continue;
    }
    if (!IsPciBusId(part)) break;
    path.chain.emplace_back(part);
  }
  if (path.chain.empty()) path.root.clear();
  return path;
}

PciPath PciPathOfBusId(const std::string& sysfs_root, const std::string& bus_id) {
  if (bus_id.empty()) return {};
  std::error_code error;
  std::filesystem::path target =
      std::filesystem::canonical(std::filesystem::path(sysfs_root) / "bus/pci/devices" / bus_id, error);
  if (error) return {};
  return ParsePciPath(target.string());
}

std::string PciRelation(const PciPath& a, int numa_a, const PciPath& b, int numa_b, bool single_numa) {
  if (a.root.empty() || b.root.empty()) return "";
  if (a.root == b.root && a.chain == b.chain) return "X";
  if (a.root == b.root) {
    // Bridges are every component but the device itself.
    const size_t bridges_a = a.chain.size() - 1;
    const size_t bridges_b = b.chain.size() - 1;
    size_t shared = 0;
    while (shared < std::min(bridges_a, bridges_b) && a.chain[shared] == b.chain[shared]) ++shared;
    if (shared == 0) return "PHB";
    return bridges_a - shared <= 1 && bridges_b - shared <= 1 ? "PIX" : "PXB";
  }
  if (single_numa) return "NODE";
  if (numa_a >= 0 && numa_a == numa_b) return "NODE";
  return "SYS";
}

}  // namespace spinecheck
