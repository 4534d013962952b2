// The fabric part of the result document: the cluster map (hosts, switches,
// links) and the all-pairs link matrices of `spinecheck links`. Plain data:
// topology/fabric builds maps (importers, inference), topology/localise reads
// them, reports/writers render them.
#ifndef SPINECHECK_REPORTS_MODEL_FABRIC_H_
#define SPINECHECK_REPORTS_MODEL_FABRIC_H_

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace spinecheck {

// A host of the map, attached to one leaf switch (two or more for a
// multi-rail host).
struct FabricHost {
  std::string name;
  std::vector<std::string> switches;  // the switches it attaches to; empty: unknown
};

// A switch of the map. Level 0 switches (leaves) have hosts below them;
// a switch's parents are the switches its uplinks go to (several in a fat
// tree, none at the top).
struct FabricSwitch {
  std::string name;
  int level = 0;
  std::vector<std::string> parents;
};

// One cable: `lower` is a host or a switch, `upper` the switch above it.
struct FabricLink {
  std::string lower;
  std::string upper;
  double rate_gbps = 0;  // when the source says (ibnetdiscover); 0: unknown
};

// "node001<->leaf01": how findings and the DOT graph name a link.
inline std::string FabricLinkId(const std::string& lower, const std::string& upper) {
  return lower + "<->" + upper;
}

struct ClusterMap {
  // Where the fabric came from: "slurm topology.conf (/etc/slurm/topology.conf)",
  // "SLURM_TOPOLOGY_ADDR", "inferred from links", "none".
  std::string source = "none";
  std::vector<FabricHost> hosts;
  std::vector<FabricSwitch> switches;  // leaves first, then upwards
  std::vector<FabricLink> links;       // host links first, then switch links
};

// The all-pairs matrices of `spinecheck links`, row-major N x N over
// `hosts`; entry [i*N+j] is the pair (hosts[i], hosts[j]) and equals
// [j*N+i]. NaN: not measured (the diagonal, pairs the quick schedule skips,
// pairs with a dead peer).
struct LinkMatrices {
  std::vector<std::string> hosts;
  uint64_t bandwidth_bytes = 0;     // message size of the bandwidth test
  uint64_t latency_bytes = 0;       // message size of the latency test
  int repetitions = 0;              // measurements per pair; the median is kept
  std::vector<float> bibw_gbps;     // bidirectional bandwidth, GB/s (1e9 B/s), both directions summed
  std::vector<float> latency_us;    // one-way latency, half the round trip, microseconds
  std::vector<uint8_t> retested;    // 1 where the pair was measured again in the retest rounds
  std::string schedule;             // "circle" (every pair) or "quick" (every host and leaf pair)
  int rounds = 0;                   // rounds of the schedule
  int retest_rounds = 0;            // rounds of retests that followed
  std::vector<std::string> unreachable;  // hosts that stopped answering and were left out

  static constexpr float kMissing = std::numeric_limits<float>::quiet_NaN();
  size_t size() const { return hosts.size(); }
  float bibw(size_t i, size_t j) const { return bibw_gbps[i * hosts.size() + j]; }
  float latency(size_t i, size_t j) const { return latency_us[i * hosts.size() + j]; }
};

}  // namespace spinecheck

#endif  // SPINECHECK_REPORTS_MODEL_FABRIC_H_
