// The JSON form of the fabric parts of the document: the cluster map
// ("topology") and the link matrices ("links"); see docs/schema.md. One
// to_json/from_json pair per struct (reports/json/json_read.h states the
// reading contract).
#ifndef SPINECHECK_REPORTS_JSON_FABRIC_JSON_H_
#define SPINECHECK_REPORTS_JSON_FABRIC_JSON_H_

#include <nlohmann/json.hpp>

#include "reports/json/json_read.h"
#include "reports/model/fabric.h"

namespace spinecheck {

void to_json(nlohmann::ordered_json& json, const FabricHost& host);
void from_json(const nlohmann::ordered_json& json, FabricHost& host);

void to_json(nlohmann::ordered_json& json, const FabricSwitch& fabric_switch);
void from_json(const nlohmann::ordered_json& json, FabricSwitch& fabric_switch);

// With its derived "id" (FabricLinkId) first; the reader does not look at it.
void to_json(nlohmann::ordered_json& json, const FabricLink& link);
void from_json(const nlohmann::ordered_json& json, FabricLink& link);

void to_json(nlohmann::ordered_json& json, const ClusterMap& map);
void from_json(const nlohmann::ordered_json& json, ClusterMap& map);

// Matrices as arrays of rows, one per host; a missing entry (NaN) is null,
// and an empty array an absent matrix. Values keep four significant digits,
// which is below the measurement's noise. Retested pairs are pairs of host
// names, each of them one of `hosts`.
void to_json(nlohmann::ordered_json& json, const LinkMatrices& matrices);
void from_json(const nlohmann::ordered_json& json, LinkMatrices& matrices);

}  // namespace spinecheck

#endif  // SPINECHECK_REPORTS_JSON_FABRIC_JSON_H_
