#include "topology/inventory/topo_matrix.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace spinecheck {
namespace {

constexpr char kLegend[] =
    "Legend:\n"
    "\n"
    "  X    = Self\n"
    "  SYS  = Connection traversing PCIe as well as the SMP interconnect between NUMA nodes (e.g., QPI/UPI)\n"
    "  NODE = Connection traversing PCIe as well as the interconnect between PCIe Host Bridges within a NUMA node\n"
    "  PHB  = Connection traversing PCIe as well as a PCIe Host Bridge (typically the CPU)\n"
    "  PXB  = Connection traversing multiple PCIe bridges (without traversing the PCIe Host Bridge)\n"
    "  PIX  = Connection traversing at most a single PCIe bridge\n"
    "  NV#  = Connection traversing a bonded set of # NVLinks\n"
    "  ?    = Unknown\n";

std::string Cell(const std::string& text) { return absl::StrFormat("%-8s", text.empty() ? "?" : text); }

void AppendLine(std::string& out, const std::string& line) {
  absl::StrAppend(&out, absl::StripTrailingAsciiWhitespace(line), "\n");
}

std::string Entry(const std::vector<std::string>& matrix, size_t index) {
  return index < matrix.size() ? matrix[index] : "";
}

}  // namespace

std::string RenderTopoMatrix(const NodeInventory& inventory) {
  const GpuLinkMatrix& links = inventory.gpu_links;
  const size_t g = inventory.gpus.size();
  const size_t n = links.nics.size();
  std::string out;
  if (g == 0 && n == 0) {
    AppendLine(out, absl::StrCat("No GPUs or NICs on ", inventory.host, " (GPUs: ", inventory.gpu_link_source, ")"));
    return out;
  }

  std::string header(8, ' ');
  for (size_t i = 0; i < g; ++i) header += Cell(absl::StrCat("GPU", i));
  for (size_t i = 0; i < n; ++i) header += Cell(absl::StrCat("NIC", i));
  if (g > 0) header += "CPU Affinity    NUMA Affinity";
  AppendLine(out, header);

  for (size_t i = 0; i < g; ++i) {
    const InventoryGpu& gpu = inventory.gpus[i];
    std::string row = Cell(absl::StrCat("GPU", i));
    for (size_t j = 0; j < g; ++j) row += Cell(Entry(links.gpu_gpu, i * g + j));
    for (size_t j = 0; j < n; ++j) row += Cell(Entry(links.gpu_nic, i * n + j));
    row += absl::StrFormat("%-16s%s", gpu.cpu_affinity.empty() ? "N/A" : gpu.cpu_affinity,
                           gpu.numa_node < 0 ? "N/A" : absl::StrCat(gpu.numa_node));
    AppendLine(out, row);
  }
  for (size_t i = 0; i < n; ++i) {
    std::string row = Cell(absl::StrCat("NIC", i));
    for (size_t j = 0; j < g; ++j) row += Cell(Entry(links.gpu_nic, j * n + i));
    for (size_t j = 0; j < n; ++j) row += Cell(Entry(links.nic_nic, i * n + j));
    AppendLine(out, row);
  }
  absl::StrAppend(&out, "\n", kLegend);
  if (n > 0) {
    absl::StrAppend(&out, "\nNIC Legend:\n\n");
    for (size_t i = 0; i < n; ++i) absl::StrAppend(&out, "  NIC", i, ": ", links.nics[i], "\n");
  }
  if (g == 0) absl::StrAppend(&out, "\nGPUs: ", inventory.gpu_link_source, "\n");
  return out;
}

}  // namespace spinecheck
