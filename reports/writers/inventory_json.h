// The node inventory as JSON: the object the result document embeds, and
// the compact string ranks gather (one line, no spaces). Keys are the
// NodeInventory field names, except InventoryNic::is_virtual ("virtual").
#ifndef SPINECHECK_REPORTS_WRITERS_INVENTORY_JSON_H_
#define SPINECHECK_REPORTS_WRITERS_INVENTORY_JSON_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "nlohmann/json.hpp"
#include "reports/model/inventory.h"

namespace spinecheck {

nlohmann::ordered_json ToJson(const NodeInventory& inventory);

// kInvalidArgument naming the first missing or mistyped field
// ("node inventory: nics[1].speed_mbps: type must be number, but is string").
absl::StatusOr<NodeInventory> NodeInventoryFromJson(const nlohmann::ordered_json& json);

// ToJson, dumped compactly.
std::string EncodeNodeInventory(const NodeInventory& inventory);

// kInvalidArgument when `text` is not JSON or not an inventory.
absl::StatusOr<NodeInventory> DecodeNodeInventory(absl::string_view text);

}  // namespace spinecheck

#endif  // SPINECHECK_REPORTS_WRITERS_INVENTORY_JSON_H_
