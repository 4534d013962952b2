#include "run/smoke_inventory.h"

#include <algorithm>
#include <map>
#include <tuple>
#include <utility>

#include "absl/strings/str_cat.h"
#include "reports/model/check_catalog.h"

namespace spinecheck {
namespace {

// The most common value and how often it occurs; ties go to the first seen.
template <typename T>
std::pair<T, int> MostCommon(const std::vector<T>& values) {
  std::vector<std::pair<T, int>> counts;
  for (const T& value : values) {
    auto it = std::find_if(counts.begin(), counts.end(), [&](const auto& c) { return c.first == value; });
    if (it == counts.end()) {
      counts.push_back({value, 1});
    } else {
      ++it->second;
    }
  }
  std::pair<T, int> best{};
  for (const auto& c : counts) {
    if (c.second > best.second) best = c;
  }
  return best;
}

// `majority`: most hosts agree on `expected`, so a host that differs fails;
// otherwise there is nothing to judge it by, and it is a warning.
Finding InventoryFinding(CheckId check, bool majority, const std::string& host, std::vector<int> ranks,
                         const std::string& what, const std::string& measured, const std::string& expected,
                         int hosts) {
  Finding finding = NewFinding(check, {ComponentKind::kHost, host, {host}});
  if (!majority) finding.severity = Severity::kWarn;
  finding.ranks = std::move(ranks);
  finding.measured = 0;
  finding.expected = 1;
  finding.unit = what;
  finding.evidence = {absl::StrCat("measured=", measured.empty() ? "(none)" : measured),
                      absl::StrCat("expected=", expected.empty() ? "(none)" : expected)};
  finding.message = majority
                        ? absl::StrCat(host, " has ", what, " '", measured, "' where the majority of the ", hosts,
                                       " hosts has '", expected, "'")
                        : absl::StrCat(host, " has ", what, " '", measured, "'; the ", hosts,
                                       " hosts have no majority to judge it by");
  finding.action = absl::StrCat("align ", host, "'s ", what, " with the other nodes (or drain it) before the job runs");
  return finding;
}

}  // namespace

std::vector<RankInventory> InventoryOfRanks(const std::vector<RankInfo>& ranks) {
  std::vector<RankInventory> inventory;
  for (const RankInfo& rank : ranks) {
    RankInventory r;
    r.rank = rank.rank;
    r.host = rank.host;
    r.devices_visible = rank.devices_visible;
    if (!rank.devices.empty()) r.model = rank.devices.front().model;
    r.cuda_driver = rank.software.cuda_driver;
    r.cuda_runtime = rank.software.cuda_runtime;
    r.nccl = rank.software.nccl;
    r.mpi = rank.software.mpi_library;
    inventory.push_back(std::move(r));
  }
  return inventory;
}

std::vector<Finding> JudgeInventory(const std::vector<RankInventory>& ranks, int expect_devices) {
  std::vector<std::string> hosts;
  std::map<std::string, std::vector<const RankInventory*>> by_host;
  for (const RankInventory& r : ranks) {
    if (by_host[r.host].empty()) hosts.push_back(r.host);
    by_host[r.host].push_back(&r);
  }
  auto ranks_of = [&](const std::string& host) {
    std::vector<int> list;
    for (const RankInventory* r : by_host[host]) list.push_back(r->rank);
    return list;
  };
  const int n = static_cast<int>(hosts.size());
  std::vector<Finding> findings;

  std::vector<int> counts;
  for (const std::string& host : hosts) counts.push_back(by_host[host].front()->devices_visible);
  int expected = expect_devices;
  if (expected == 0) {
    // The most common count; a tie goes to the larger count (missing
    // devices are the usual fault, extra ones are not).
    std::map<int, int> tally;
    for (int count : counts) ++tally[count];
    int best = 0;
    for (const auto& [count, times] : tally) {
      if (times >= best) {
        best = times;
        expected = count;
      }
    }
  }
  for (size_t i = 0; i < hosts.size(); ++i) {
    if (counts[i] == expected) continue;
    Finding finding = NewFinding(CheckId::kInventoryDeviceCount, {ComponentKind::kHost, hosts[i], {hosts[i]}});
    finding.ranks = ranks_of(hosts[i]);
    finding.measured = counts[i];
    finding.expected = expected;
    finding.unit = "devices";
    finding.message = absl::StrCat(hosts[i], " shows ", counts[i], " devices; expected ", expected,
                                   expect_devices > 0 ? " (--expect-devices)" : " (the most common count)");
    finding.action = absl::StrCat("check ", hosts[i], " for a lost GPU (nvidia-smi, dmesg for XIDs, PCIe), drain it");
    findings.push_back(std::move(finding));
  }

  // Device models: every device against the majority of devices.
  std::vector<std::string> models;
  for (const RankInventory& r : ranks) models.push_back(r.model);
  const auto [model, model_count] = MostCommon(models);
  std::map<std::string, std::pair<std::string, std::vector<int>>> odd_models;  // host -> model, ranks
  for (const RankInventory& r : ranks) {
    if (r.model == model) continue;
    auto& entry = odd_models[r.host];
    entry.first = r.model;
    entry.second.push_back(r.rank);
  }
  const bool model_majority = 2 * model_count > static_cast<int>(ranks.size());
  for (const std::string& host : hosts) {
    auto it = odd_models.find(host);
    if (it == odd_models.end()) continue;
    findings.push_back(InventoryFinding(CheckId::kInventoryDeviceModel, model_majority, host,
                                        it->second.second, "device model", it->second.first, model, n));
  }

  // Versions: each host's against the majority of hosts.
  for (const auto& [check, what, field] :
       std::vector<std::tuple<CheckId, const char*, std::string RankInventory::*>>{
           {CheckId::kInventoryCudaDriver, "CUDA driver", &RankInventory::cuda_driver},
           {CheckId::kInventoryCudaRuntime, "CUDA runtime", &RankInventory::cuda_runtime},
           {CheckId::kInventoryNcclVersion, "NCCL version", &RankInventory::nccl},
           {CheckId::kInventoryMpiLibrary, "MPI library", &RankInventory::mpi}}) {
    std::vector<std::string> values;
    for (const std::string& host : hosts) values.push_back(by_host[host].front()->*field);
    const auto [value, count] = MostCommon(values);
    const bool majority = 2 * count > n;
    for (size_t i = 0; i < hosts.size(); ++i) {
      if (values[i] == value) continue;
      findings.push_back(
          InventoryFinding(check, majority, hosts[i], ranks_of(hosts[i]), what, values[i], value, n));
    }
  }
  return findings;
}

}  // namespace spinecheck
