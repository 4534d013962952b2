// Format names and detection, file reading and dispatch to the importers.
#include "topology/fabric/importers.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "reports/model/status_macros.h"
#include "topology/fabric/csv_topology.h"
#include "topology/fabric/ec2_topology.h"
#include "topology/fabric/ibnetdiscover.h"
#include "topology/fabric/slurm_conf.h"
#include "topology/fabric/slurm_yaml.h"

namespace spinecheck {
namespace {

constexpr TopologyFormat kAllFormats[] = {TopologyFormat::kSlurmConf, TopologyFormat::kSlurmYaml,
                                          TopologyFormat::kIbnetdiscover, TopologyFormat::kEc2,
                                          TopologyFormat::kCsv, TopologyFormat::kAuto};

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    return absl::NotFoundError(absl::StrCat("topology file '", path, "' is a folder: give a file"));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(absl::StrCat("topology file '", path, "' cannot be opened (",
                                            errno != 0 ? std::strerror(errno) : "not found", ")"));
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return absl::NotFoundError(absl::StrCat("topology file '", path, "' cannot be read"));
  return text.str();
}

std::string AllNames() {
  std::string names;
  for (TopologyFormat format : kAllFormats) {
    absl::StrAppend(&names, names.empty() ? "" : ", ", TopologyFormatName(format));
  }
  return names;
}

absl::StatusOr<TopologyFormat> DetectByContent(const std::string& text, const std::string& path) {
  bool json_object = false;
  bool first = true;
  for (absl::string_view line : absl::StrSplit(absl::string_view(text).substr(0, 1 << 16), '\n')) {
    const absl::string_view trimmed = absl::StripAsciiWhitespace(line);
    if (absl::StrContains(trimmed, "ibnetdiscover") || absl::StrContains(trimmed, "Topology file:")) {
      return TopologyFormat::kIbnetdiscover;
    }
    if (trimmed.empty() || trimmed[0] == '#') continue;
    if (first) json_object = trimmed[0] == '{';
    first = false;
    const std::string lower = absl::AsciiStrToLower(trimmed);
    if (absl::StartsWith(lower, "switchname=") || absl::StartsWith(lower, "blockname=")) {
      return TopologyFormat::kSlurmConf;
    }
    if (absl::StartsWith(trimmed, "- topology:")) return TopologyFormat::kSlurmYaml;
    for (absl::string_view header : {"Switch", "Ca", "Rtr"}) {
      if (absl::StartsWith(trimmed, header) && trimmed.size() > header.size() + 1 &&
          absl::ascii_isspace(static_cast<unsigned char>(trimmed[header.size()]))) {
        const absl::string_view rest = absl::StripLeadingAsciiWhitespace(trimmed.substr(header.size()));
        if (!rest.empty() && absl::ascii_isdigit(static_cast<unsigned char>(rest[0]))) {
          return TopologyFormat::kIbnetdiscover;
        }
      }
    }
    if (json_object && absl::StrContains(trimmed, "\"Instances\"")) return TopologyFormat::kEc2;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("topology file '", path,
                   "': cannot tell its format from its name or content; give --topology-format (", AllNames(), ")"));
}

}  // namespace

std::string TopologyFormatName(TopologyFormat format) {
  switch (format) {
    case TopologyFormat::kAuto: return "auto";
    case TopologyFormat::kSlurmConf: return "slurm-conf";
    case TopologyFormat::kSlurmYaml: return "slurm-yaml";
    case TopologyFormat::kIbnetdiscover: return "ibnetdiscover";
    case TopologyFormat::kEc2: return "ec2";
    case TopologyFormat::kCsv: return "csv";
  }
  return "auto";
}

absl::StatusOr<TopologyFormat> ParseTopologyFormat(absl::string_view name) {
  for (TopologyFormat format : kAllFormats) {
    if (TopologyFormatName(format) == name) return format;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unknown topology format '", name, "'; known: ", AllNames()));
}

absl::StatusOr<TopologyFormat> DetectTopologyFormat(const std::string& path) {
  const std::string extension = absl::AsciiStrToLower(std::filesystem::path(path).extension().string());
  if (extension == ".conf") return TopologyFormat::kSlurmConf;
  if (extension == ".yaml" || extension == ".yml") return TopologyFormat::kSlurmYaml;
  if (extension == ".json") return TopologyFormat::kEc2;
  if (extension == ".csv") return TopologyFormat::kCsv;
  SPINECHECK_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  return DetectByContent(text, path);
}

absl::StatusOr<ClusterMap> ImportTopologyFile(const std::string& path, TopologyFormat format,
                                              const ImportOptions& options) {
  if (format == TopologyFormat::kAuto) {
    SPINECHECK_ASSIGN_OR_RETURN(format, DetectTopologyFormat(path));
  }
  SPINECHECK_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  absl::StatusOr<ClusterMap> map;
  switch (format) {
    case TopologyFormat::kSlurmConf: map = ParseSlurmTopologyConf(text, path); break;
    case TopologyFormat::kSlurmYaml: map = ParseSlurmTopologyYaml(text, path); break;
    case TopologyFormat::kIbnetdiscover: map = ParseIbnetdiscover(text, path); break;
    case TopologyFormat::kEc2: map = ParseEc2InstanceTopology(text, path, options.instance_hosts); break;
    case TopologyFormat::kCsv: map = ParseCsvTopology(text, path); break;
    case TopologyFormat::kAuto: return absl::InternalError("unreachable: format not detected");
  }
  if (!map.ok()) return map.status();
  SPINECHECK_RETURN_IF_ERROR(ValidateClusterMap(*map));
  return map;
}

}  // namespace spinecheck
