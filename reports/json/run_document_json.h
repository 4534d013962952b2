// The JSON form of every struct of the result document (docs/schema.md),
// one to_json/from_json pair per struct, found by nlohmann's
// argument-dependent lookup: `Json j = row;` writes, `ReadJsonValue(j, row)`
// reads (reports/json/json_read.h states the reading contract). The same
// pairs carry what ranks send to rank 0 (reports/json/gather_codec.h).
#ifndef SPINECHECK_REPORTS_JSON_RUN_DOCUMENT_JSON_H_
#define SPINECHECK_REPORTS_JSON_RUN_DOCUMENT_JSON_H_

#include <nlohmann/json.hpp>

#include "reports/json/json_read.h"
#include "reports/model/run_document.h"
#include "reports/model/timing_stats.h"

namespace spinecheck {

void to_json(nlohmann::ordered_json& json, const TimingStats& stats);
void from_json(const nlohmann::ordered_json& json, TimingStats& stats);

// An unmeasured placement is {"measured": false}; its other keys, if any,
// are not read.
void to_json(nlohmann::ordered_json& json, const PlacementResult& result);
void from_json(const nlohmann::ordered_json& json, PlacementResult& result);

// "kind": "collective" comes first; the reader does not look at it.
void to_json(nlohmann::ordered_json& json, const CollectiveRow& row);
void from_json(const nlohmann::ordered_json& json, CollectiveRow& row);

// Every field. Burn records carry the short form, DeviceIdentityJson.
void to_json(nlohmann::ordered_json& json, const DeviceInfo& device);
void from_json(const nlohmann::ordered_json& json, DeviceInfo& device);
// kind, index, uuid, pci_bus_id and model: which device a record is about.
nlohmann::ordered_json DeviceIdentityJson(const DeviceInfo& device);

void to_json(nlohmann::ordered_json& json, const SoftwareVersions& software);
void from_json(const nlohmann::ordered_json& json, SoftwareVersions& software);

// Without the host: in the document a rank sits inside its host's entry
// (world.hosts[].ranks[]); a gather sends the host beside it.
void to_json(nlohmann::ordered_json& json, const RankInfo& rank);
void from_json(const nlohmann::ordered_json& json, RankInfo& rank);

void to_json(nlohmann::ordered_json& json, const Environment& environment);
void from_json(const nlohmann::ordered_json& json, Environment& environment);

// "kind": "burn" comes first (a retest's writer makes it "burn_retest").
void to_json(nlohmann::ordered_json& json, const BurnResult& result);
void from_json(const nlohmann::ordered_json& json, BurnResult& result);

void to_json(nlohmann::ordered_json& json, const DeviceTelemetry& telemetry);
void from_json(const nlohmann::ordered_json& json, DeviceTelemetry& telemetry);

void to_json(nlohmann::ordered_json& json, const DcgmResult& result);
void from_json(const nlohmann::ordered_json& json, DcgmResult& result);

// The severity by name; an unknown name is an error.
void to_json(nlohmann::ordered_json& json, const Finding& finding);
void from_json(const nlohmann::ordered_json& json, Finding& finding);

void to_json(nlohmann::ordered_json& json, const Expectation& expectation);
void from_json(const nlohmann::ordered_json& json, Expectation& expectation);

// exit_code must be one of the ExitCode classes (0 to 4).
void to_json(nlohmann::ordered_json& json, const Verdict& verdict);
void from_json(const nlohmann::ordered_json& json, Verdict& verdict);

}  // namespace spinecheck

#endif  // SPINECHECK_REPORTS_JSON_RUN_DOCUMENT_JSON_H_
