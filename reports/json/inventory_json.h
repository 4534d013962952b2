// The JSON form of the node inventory (the document's `inventory` entries,
// and what each rank of `topo` sends to rank 0): one to_json/from_json pair
// per struct (reports/json/json_read.h states the reading contract). Keys
// are the field names, except InventoryNic::is_virtual ("virtual").
#ifndef SPINECHECK_REPORTS_JSON_INVENTORY_JSON_H_
#define SPINECHECK_REPORTS_JSON_INVENTORY_JSON_H_

#include <nlohmann/json.hpp>

#include "reports/json/json_read.h"
#include "reports/model/inventory.h"

namespace spinecheck {

void to_json(nlohmann::ordered_json& json, const InventoryNumaNode& node);
void from_json(const nlohmann::ordered_json& json, InventoryNumaNode& node);

void to_json(nlohmann::ordered_json& json, const InventoryNic& nic);
void from_json(const nlohmann::ordered_json& json, InventoryNic& nic);

void to_json(nlohmann::ordered_json& json, const InventoryIbPort& port);
void from_json(const nlohmann::ordered_json& json, InventoryIbPort& port);

void to_json(nlohmann::ordered_json& json, const InventoryIbDevice& device);
void from_json(const nlohmann::ordered_json& json, InventoryIbDevice& device);

void to_json(nlohmann::ordered_json& json, const InventoryGpu& gpu);
void from_json(const nlohmann::ordered_json& json, InventoryGpu& gpu);

void to_json(nlohmann::ordered_json& json, const GpuLinkMatrix& links);
void from_json(const nlohmann::ordered_json& json, GpuLinkMatrix& links);

void to_json(nlohmann::ordered_json& json, const NodeInventory& inventory);
void from_json(const nlohmann::ordered_json& json, NodeInventory& inventory);

}  // namespace spinecheck

#endif  // SPINECHECK_REPORTS_JSON_INVENTORY_JSON_H_
