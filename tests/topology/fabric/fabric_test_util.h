// Helpers of the fabric tests: fixture paths, temp files, lookups.
#ifndef SPINECHECK_TESTS_TOPOLOGY_FABRIC_FABRIC_TEST_UTIL_H_
#define SPINECHECK_TESTS_TOPOLOGY_FABRIC_FABRIC_TEST_UTIL_H_

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "reports/model/fabric.h"

namespace spinecheck {

inline std::string Fixture(const std::string& file) { return std::string(SPINECHECK_FIXTURES) + "/topology/" + file; }

// Writes `text` to a fresh file named `name` in a per-process temp folder.
inline std::string WriteTemp(const std::string& name, const std::string& text) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("spinecheck_fabric_test_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const std::string path = (dir / name).string();
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

inline const FabricSwitch* FindSwitch(const ClusterMap& map, const std::string& name) {
  for (const FabricSwitch& s : map.switches) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

inline const FabricHost* FindHost(const ClusterMap& map, const std::string& name) {
  for (const FabricHost& h : map.hosts) {
    if (h.name == name) return &h;
  }
  return nullptr;
}

inline const FabricLink* FindLink(const ClusterMap& map, const std::string& lower, const std::string& upper) {
  for (const FabricLink& l : map.links) {
    if (l.lower == lower && l.upper == upper) return &l;
  }
  return nullptr;
}

}  // namespace spinecheck

#endif  // SPINECHECK_TESTS_TOPOLOGY_FABRIC_FABRIC_TEST_UTIL_H_
