#include "tools/spinecheck/topo_command.h"

#include <cstdio>
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "reports/json/gather_codec.h"
#include "reports/model/check_catalog.h"
#include "reports/model/status_macros.h"
#include "reports/readers/json_reader.h"
#include "reports/writers/output_file.h"
#include "run/fabric_source.h"
#include "run/run_report.h"
#include "run/run_setup.h"
#include "topology/fabric/render.h"
#include "topology/inventory/inventory.h"
#include "topology/inventory/inventory_summary.h"
#include "topology/inventory/topo_matrix.h"
#include "topology/localise/infer.h"
#include "topology/world/world.h"

namespace spinecheck {
namespace {

// The topo document has no measurements to judge: its findings are the
// hosts whose inventory could not be taken.
class TopoReport : public RunReport {
 public:
  TopoReport(RunDocument document, ReportPaths paths, bool printing, std::FILE* out)
      : RunReport(std::move(document), std::move(paths), printing, out), inventory_phase_(AddFindingPhase()) {}

  void Set(std::vector<NodeInventory> inventory, std::optional<ClusterMap> map, std::vector<Finding> findings) {
    if (!printing_) return;
    std::lock_guard<std::mutex> lock(mutex_);
    document_.inventory = std::move(inventory);
    document_.topology = std::move(map);
    SetPhaseFindingsLocked(inventory_phase_, std::move(findings));
  }

 private:
  size_t inventory_phase_;
};

Finding InventoryError(const std::string& host, const std::string& reason) {
  Finding finding = NewFinding(CheckId::kTopoInventory, {ComponentKind::kHost, host, {host}});
  finding.message = absl::StrCat("the inventory of ", host, " could not be taken: ", reason);
  finding.action = absl::StrCat("run spinecheck topo on ", host, " alone to see the error");
  return finding;
}

// Rank 0: the map from --topology or SLURM_TOPOLOGY_ADDR, else inferred from
// a links document, else the hosts alone.
absl::StatusOr<ClusterMap> BuildMap(const TopoFlags& flags, std::optional<TopologyFormat> format,
                                    const std::vector<std::string>& hosts, const std::vector<std::string>& addrs,
                                    std::string& note) {
  SPINECHECK_ASSIGN_OR_RETURN(std::optional<ClusterMap> map,
                              ResolveTopology(flags.topology_path, format, hosts, addrs, note));
  if (map) return *std::move(map);
  if (!flags.links_path.empty()) {
    absl::StatusOr<LinkMatrices> matrices = ReadLinkMatricesFile(flags.links_path);
    if (!matrices.ok()) return absl::InvalidArgumentError(absl::StrCat("--from-links: ", matrices.status().message()));
    return InferLeaves(*matrices);
  }
  ClusterMap alone;
  alone.source = "none (give --topology FILE, run under Slurm's topology/tree, or --from-links a links document)";
  for (const std::string& host : hosts) alone.hosts.push_back(FabricHost{host, {}});
  return alone;
}

}  // namespace

CLI::App* AddTopoCommand(CLI::App& app, TopoFlags& flags) {
  CLI::App* topo = app.add_subcommand(
      "topo", "Node inventory (CPUs, NUMA, NICs, InfiniBand, GPUs and their NVLink/PCIe matrix) and the fabric map.");
  topo->add_option("--topology", flags.topology_path,
                   "Fabric: Slurm topology.conf or topology.yaml, ibnetdiscover output, EC2 instance topology JSON, "
                   "or CSV host,leaf[,spine]");
  topo->add_option("--topology-format", flags.topology_format, "auto, slurm-conf, slurm-yaml, ibnetdiscover, ec2 or csv")
      ->capture_default_str();
  topo->add_option("--from-links", flags.links_path,
                   "Without a topology source: infer the leaves from a links document (links --json)");
  topo->add_option("--json", flags.json_path, "Write the result document (spinecheck.run/1) here");
  topo->add_option("--dot", flags.dot_path, "Write the fabric map as a Graphviz DOT graph");
  return topo;
}

int RunTopoCommand(const TopoFlags& flags, int argc, char** argv) {
  const absl::StatusOr<std::optional<TopologyFormat>> format = ParseTopologyFormatFlag(flags.topology_format);
  if (!format.ok()) return ExitOnUsageError("topo", format.status());
  absl::StatusOr<std::unique_ptr<World>> world_or = InitWorld("topo", &argc, &argv, flags.json_path);
  if (!world_or.ok()) return ExitOnStartError("topo", world_or.status());
  World& world = **world_or;
  const bool root = world.rank() == 0;
  RunDocument document = StartDocument("topo", world, argc, argv, flags.json_path);
  document.config = {{"topology", flags.topology_path}, {"from_links", flags.links_path}};
  absl::StatusOr<std::vector<RankInfo>> ranks = GatherRanks(world, {});
  absl::Status status = world.AgreeOnError(ranks.status());
  if (ranks.ok()) document.ranks = std::move(*ranks);
  std::vector<std::string> hosts;
  for (const auto& [host, host_ranks] : RanksByHost(document.ranks)) hosts.push_back(host);

  // The first rank of every host takes its inventory; "!" + reason when it could not.
  std::string mine;
  if (world.local_rank() == 0) {
    absl::StatusOr<NodeInventory> inventory = CollectNodeInventory(InventoryOptions{});
    mine = inventory.ok() ? EncodeNodeInventory(*inventory) : absl::StrCat("!", inventory.status().message());
  }
  absl::StatusOr<std::vector<std::string>> gathered = world.GatherToRoot(mine);
  if (status.ok()) status = world.AgreeOnError(gathered.status());
  absl::StatusOr<std::vector<std::string>> addrs = GatherTopologyAddrs(world, hosts.size());
  if (status.ok()) status = world.AgreeOnError(addrs.status());

  std::vector<NodeInventory> inventory;
  std::vector<Finding> findings;
  std::optional<ClusterMap> map;
  std::string note;
  if (status.ok() && root) {
    for (size_t rank = 0; rank < gathered->size(); ++rank) {
      const std::string& text = (*gathered)[rank];
      if (text.empty()) continue;
      const std::string& host = document.ranks[rank].host;
      if (text[0] == '!') {
        findings.push_back(InventoryError(host, text.substr(1)));
        continue;
      }
      absl::StatusOr<NodeInventory> node = DecodeNodeInventory(text);
      if (node.ok()) {
        inventory.push_back(*std::move(node));
      } else {
        findings.push_back(InventoryError(host, std::string(node.status().message())));
      }
    }
    absl::StatusOr<ClusterMap> built = BuildMap(flags, *format, hosts, *addrs, note);
    status = built.status();
    if (built.ok()) map = *std::move(built);
  }
  status = world.AgreeOnError(status);

  TopoReport report(std::move(document), {flags.json_path, "", "", flags.dot_path}, root, stdout);
  if (status.ok()) status = world.AgreeOnError(report.initial_write());
  if (status.ok() && root) {
    std::printf("# spinecheck %s topo: %zu hosts, %d ranks\n", kToolVersion, hosts.size(), world.size());
    for (const NodeInventory& node : inventory) std::printf("#\n%s", RenderInventorySummary(node).c_str());
    // The GPU matrix of the first host with GPUs, and which hosts differ from it.
    const NodeInventory* reference = nullptr;
    std::vector<std::string> differing;
    for (const NodeInventory& node : inventory) {
      if (node.gpus.empty()) continue;
      if (reference == nullptr) {
        reference = &node;
        std::printf("#\n# GPU topology of %s (nvidia-smi topo -m):\n%s", node.host.c_str(),
                    RenderTopoMatrix(node).c_str());
      } else if (RenderTopoMatrix(node) != RenderTopoMatrix(*reference)) {
        differing.push_back(node.host);
      }
    }
    if (!differing.empty()) {
      std::printf("# hosts whose GPU topology differs from %s: %s\n", reference->host.c_str(),
                  absl::StrJoin(differing, ",").c_str());
    }
    if (!note.empty()) std::printf("%s\n", note.c_str());
    std::printf("#\n# fabric (%s):\n", map->source.c_str());
    for (absl::string_view line : absl::StrSplit(RenderTree(*map), '\n', absl::SkipEmpty())) {
      std::printf("#   %s\n", std::string(line).c_str());
    }
    std::fflush(stdout);
    if (!flags.dot_path.empty()) {
      // Checked at the start; a failure now (a full disk) fails the run.
      status = WriteOutputFile(flags.dot_path, RenderDot(*map));
    }
    report.Set(std::move(inventory), std::move(map), std::move(findings));
  }
  return EndRun(world, report, status);
}

}  // namespace spinecheck
