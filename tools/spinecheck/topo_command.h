// `spinecheck topo`: the inventory of every node (CPUs and NUMA, NICs and
// RDMA ports with their PCI and NUMA locality, GPUs and their NVLink/PCIe
// matrix) and the cluster map from the fabric sources, gathered on rank 0:
// a text tree, a DOT graph and the document.
#ifndef SPINECHECK_TOOLS_SPINECHECK_TOPO_COMMAND_H_
#define SPINECHECK_TOOLS_SPINECHECK_TOPO_COMMAND_H_

#include <string>

#include <CLI/CLI.hpp>

namespace spinecheck {

struct TopoFlags {
  std::string topology_path;
  std::string topology_format = "auto";
  std::string links_path;  // a links document: infer the leaves from its matrices
  std::string json_path;
  std::string dot_path;
};

CLI::App* AddTopoCommand(CLI::App& app, TopoFlags& flags);

// Runs the inventory under the current launcher and returns the exit code.
int RunTopoCommand(const TopoFlags& flags, int argc, char** argv);

}  // namespace spinecheck

#endif  // SPINECHECK_TOOLS_SPINECHECK_TOPO_COMMAND_H_
