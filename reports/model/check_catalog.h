#pragma once

// The catalog of checks: every kind of finding spinecheck reports, with its
// id, default severity, what it means, the operator's next step and how it
// weighs when hosts are drained. Every finding is made by NewFinding from an
// entry here; docs/schema.md (Findings) lists the same ids, and a test keeps
// the two in step. To add a check: one entry in check_catalog.cc, one line in
// docs/schema.md.

#include <vector>

#include "absl/strings/string_view.h"
#include "reports/model/run_document.h"

namespace spinecheck {

// What a failing finding of a check says about the hosts it names, least
// grave first: it measured too slow; it is set up unlike its peers (a
// driver, a library); it is defective (wrong results, lost or broken
// hardware); it stopped answering (nothing else measured on it can be
// trusted). An operator who can drain only some hosts drains the gravest
// first, and a host's gravest finding heads its line in the views. kNever:
// the check warns, or reports what could not be measured; it drains no host.
enum class DrainRank { kNever, kSlow, kMisconfigured, kDefect, kUnresponsive };

// One per catalog entry, in the catalog's order.
enum class CheckId {
  kCollectiveDataIntegrity,
  kWorldArrival,
  kWorldRankLost,
  kBurnMismatch,            // burn.<check>.mismatch
  kBurnOutlier,             // burn.<check>.outlier
  kBurnUnconfirmedOutlier,  // burn.<check>.unconfirmed_outlier
  kBurnError,               // burn.<check>.error
  kBurnBelowExpected,       // burn.<check>.below_expected
  kBurnEccUncorrectable,
  kBurnXid,
  kBurnPcieLink,
  kBurnRowRemapFailure,
  kBurnRetirementPending,
  kBurnThrottle,
  kBurnDeviceCount,
  kDcgmTest,  // dcgm.<test>
  kLinksSlowHost,
  kLinksSlowUplink,
  kLinksSlowSwitch,
  kLinksSlowPath,
  kLinksUnexplained,
  kLinksHighLatencyHost,
  kLinksHighLatencyUplink,
  kLinksHighLatencySwitch,
  kLinksHighLatencyPath,
  kLinksHighLatencyUnexplained,
  kLinksUnreachable,
  kTopoInventory,
  kInventoryDeviceCount,
  kInventoryDeviceModel,
  kInventoryCudaDriver,
  kInventoryCudaRuntime,
  kInventoryNcclVersion,
  kInventoryMpiLibrary,
  kBaselineCollectiveBusbw,
  kBaselineCollectiveLatency,
  kBaselineBurnValue,
  kBaselineLinksBandwidth,
  kBaselineLinksLatency,
};

struct CheckSpec {
  CheckId check;
  // "links.slow_host". A family of checks, one per burn check or DCGM test,
  // writes its variable part in angle brackets: "burn.<check>.mismatch".
  absl::string_view id;
  Severity severity;     // the severity its findings have unless the producer says otherwise
  DrainRank drain_rank;  // what a fail finding of it means for the hosts it names
  absl::string_view meaning;  // what a finding of it means, in one sentence
  absl::string_view action;   // the operator's next step in general; a finding's own action names its hosts
};

// Every entry, in CheckId order.
const std::vector<CheckSpec>& CheckCatalog();
const CheckSpec& SpecOf(CheckId check);

// The entry whose id is `check`, or of the family it belongs to
// ("burn.gemm.mismatch" is "burn.<check>.mismatch"); nullptr for a check
// this version does not know (a document written by a newer one).
const CheckSpec* FindCheck(absl::string_view check);

// A finding of `check`, with its default severity and the component it
// blames. For a family, `member` fills the angle brackets:
// NewFinding(CheckId::kBurnMismatch, {...}, "gemm") is a "burn.gemm.mismatch"
// finding.
Finding NewFinding(CheckId check, Component component, absl::string_view member = "");

// The drain rank of a finding's check; kSlow for a check this version
// does not know, so that a newer document's failures still drain.
DrainRank DrainRankOf(const Finding& finding);

}  // namespace spinecheck
