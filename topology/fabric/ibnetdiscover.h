// ibnetdiscover importer: the topology file of infiniband-diags
// (`ibnetdiscover > fabric.txt`), as the man page and real captures write it
// (tabs or spaces, 2002-era layout, a stderr line before the records).
#ifndef SPINECHECK_TOPOLOGY_FABRIC_IBNETDISCOVER_H_
#define SPINECHECK_TOPOLOGY_FABRIC_IBNETDISCOVER_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "reports/model/fabric.h"

namespace spinecheck {

// The rate of an ibnetdiscover width/speed word, in Gbit/s as the IB
// specification names link rates (the signalling rate, before encoding):
// "4xHDR" = 4 lanes x 50 = 200, 4xNDR = 400, 4xEDR = 100, 4xFDR = 56,
// 4xQDR = 40, 4xDDR = 20, 4xSDR = 10, 4xXDR = 800, 4xFDR10 = 40. 0 when the
// word is not one.
double IbLinkRateGbps(absl::string_view width_speed);

// The map of ibnetdiscover text; `name` (the path) is used in messages and
// in ClusterMap::source.
//
// Hosts: a CA's host is the first word of its NodeDescription
// ("node01 HCA-1" -> node01, "gpu7 mlx5_0" -> gpu7), so the CAs of one host
// make it multi-rail; a CA with a vendor default description (no hostname:
// "MT4129 ConnectX7 Mellanox Technologies") is named by its id "H-<guid>".
// SHARP aggregation nodes ("Mellanox Technologies Aggregation Node") are not
// hosts and are left out, with their cables.
// Switches: named from the NodeDescription: "MF0;NAME:MODEL/U1" -> NAME,
// "MF0;NAME:MODEL/L01/U1" -> NAME/L01 (chassis parts); other descriptions as
// written; a name that several switches share is replaced by each switch's
// id "S-<guid>". Routers count as switches.
// Levels: a switch cabled to a host is a leaf (0); others are one above the
// nearest leaf (shortest hop count); a cable between switches of different
// levels is an uplink (a switch has every such upper neighbour as parent: a
// fat tree), between switches of the same level a peer link (the switch
// listed first in the file is `lower`); a switch out of reach of any leaf is
// level 0. Self-loops and host-to-host cables are left out.
// Rates: each cable counts once (ibnetdiscover lists it from both ends; the
// end listed first gives its rate); several cables between the same two
// nodes are one FabricLink whose rate_gbps is their sum.
//
// kInvalidArgument "PATH:LINE: reason" for: a line that is none of the
// format's lines, a port line outside a node record, a node record with no
// port line (a truncated capture: every discovered node has a cable), a node
// listed twice, and a file with no switch.
absl::StatusOr<ClusterMap> ParseIbnetdiscover(const std::string& text, const std::string& name);

}  // namespace spinecheck

#endif  // SPINECHECK_TOPOLOGY_FABRIC_IBNETDISCOVER_H_
