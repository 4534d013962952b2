// Small, shared readings of a result document for the machine outputs
// (long CSV, JUnit XML, Prometheus textfile): how a run is named, which
// findings cover which measurement, and numbers formatted losslessly.
// Everything here is a pure function of the document.
#ifndef SPINECHECK_REPORTS_WRITERS_DOCUMENT_VIEWS_H_
#define SPINECHECK_REPORTS_WRITERS_DOCUMENT_VIEWS_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "reports/model/run_document.h"

namespace spinecheck {

// Names the document among others: its start_time, or source.file for an
// imported document (falling back to start_time when the file is empty).
std::string RunId(const RunDocument& document);

// "spinecheck sweep", "nccl-tests import": the producer and the command.
std::string ProducerLabel(const RunDocument& document);

// The most severe of `findings` ("fail", "error", "warn"), or "" for none.
std::string WorstSeverity(const std::vector<const Finding*>& findings);

// Whether `finding` names this device: a GPU by its UUID, a CPU device by its
// host (burn findings on a CPU blame the host, see docs/schema.md).
bool FindingNamesDevice(const Finding& finding, const std::string& host, const DeviceInfo& device);

// The findings of `document` that judge the burn record `result`: those of
// its check ("burn.<check>.*") that name its device and its rank (when they
// list ranks) and judge its variant (finding subjects).
std::vector<const Finding*> FindingsOfBurnRecord(const RunDocument& document, const BurnResult& result);

// Seconds since the Unix epoch of an RFC 3339 time; nullopt when empty or
// unparsable.
std::optional<double> UnixSeconds(const std::string& rfc3339);

// end_time - start_time in seconds; 0 when either is missing or the run ended
// before it started.
double RunDurationSeconds(const RunDocument& document);

// The shortest text that reads back as the same double ("1.5", "1e+21",
// "0.30000000000000004"), whole numbers below 2^53 without exponent
// ("6000000000"); "NaN", "+Inf", "-Inf" for the non-finite values (the
// Prometheus spelling).
std::string FormatExactNumber(double value);
// The same for a float (the link matrices): "0.011", not "0.010999999940395355".
std::string FormatExactNumber(float value);

// Hosts of the document in first-appearance order: ranks, then link matrix
// hosts, then topology hosts.
std::vector<std::string> DocumentHosts(const RunDocument& document);

}  // namespace spinecheck

#endif  // SPINECHECK_REPORTS_WRITERS_DOCUMENT_VIEWS_H_
