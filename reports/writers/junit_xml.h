// Result documents as JUnit XML, for CI servers (Jenkins, GitLab, Buildkite)
// that turn test reports into pass/fail dashboards.
#ifndef SPINECHECK_REPORTS_WRITERS_JUNIT_XML_H_
#define SPINECHECK_REPORTS_WRITERS_JUNIT_XML_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "reports/model/run_document.h"

namespace spinecheck {

// One <testsuites> holding three <testsuite>s, always in this order (id 0..2):
//   nodes  one <testcase> per host of each document;
//   gpus   one per tested device and burn check ("<host> gpu0 <UUID> gemm"),
//          one per device with telemetry ("... health"), one per DCGM result;
//   links  for a links run, one per cable of document.topology (host<->leaf
//          and switch uplinks), or without a topology one per host of the
//          link matrices (its pairs aggregated).
// A testcase's classname is "<producer>.<command>.<suite>" ("spinecheck.burn.gpus").
//
// Outcome of a testcase, from the findings that concern its component:
//   <failure type=CHECK message=...>  a "fail" finding blames it; the body has
//       every finding's message, measured vs expected, evidence and action;
//   <error type=CHECK ...>  could not test: an "error" finding, a burn check
//       whose status is "error", a rank that did not arrive (world.arrival) or
//       a host that stopped answering (links.unreachable);
//   <skipped message=...>  not applicable: every result of the check skipped
//       on that device, no telemetry (a CPU), a DCGM test skipped, a host or
//       cable without a measured pair;
//   otherwise it passes. "warn" findings do not change an outcome; they are
//   listed in their suite's <system-out>. A fail or error finding that
//   matches no testcase gets one of its own ("<kind> <id>"), so nothing
//   blamed is lost.
// Counts (tests, failures, errors, skipped) are exact on every suite and on
// <testsuites>. time attributes are seconds: a node's is its run's duration,
// a device check's the sum of its burn results' seconds, a cable's 0 (the
// pairs run concurrently; no per-cable time is recorded); a suite's and
// <testsuites>' is the summed duration of the documents it draws on.
// timestamp is the earliest start_time of those documents, without zone
// (UTC); hostname is the host of their first rank ("localhost" if none).
//
// The output validates against the Apache Ant JUnit schema
// (tests/fixtures/junit/junit.xsd, which allows the counts on <testsuites>
// that Jenkins reads).
std::string RenderJUnit(const std::vector<RunDocument>& documents);

absl::Status WriteJUnit(const std::vector<RunDocument>& documents, const std::string& path);

}  // namespace spinecheck

#endif  // SPINECHECK_REPORTS_WRITERS_JUNIT_XML_H_
