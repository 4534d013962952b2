// `spinecheck links`: all-pairs point-to-point test between nodes (one rank
// per node), in the rounds of the circle method or of the quick schedule;
// suspect pairs are measured again against known-good nodes, and the slow
// pairs are projected onto the fabric map to name the host, uplink or
// switch at fault.
#ifndef SPINECHECK_TOOLS_SPINECHECK_LINKS_COMMAND_H_
#define SPINECHECK_TOOLS_SPINECHECK_LINKS_COMMAND_H_

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace spinecheck {

// Flag values as typed; checked by RunLinksCommand.
struct LinksFlags {
  std::string bandwidth_bytes = "16M";  // -b: message of the bandwidth test, each direction
  std::string latency_bytes = "8";      // message of the latency test
  int repetitions = 5;                  // -n: samples per pair; the median is kept
  int warmup = 1;                       // -w
  int latency_iterations = 50;          // round trips per latency sample
  double timeout_s = 30;                // -T: how long one pair may take before its partner counts as gone
  bool quick = false;                   // every host and every leaf pair, in fewer rounds
  bool retest = true;
  std::string topology_path;            // --topology FILE
  std::string topology_format = "auto";
  double tolerance = 0.25;              // a pair is slow below (1 - tolerance) x expected
  double latency_tolerance = 1.0;       // latency is high above (1 + x) x expected ...
  double latency_min_excess_us = 50;    // ... and at least this much above it
  std::string baseline_path;            // a previous links document: absolute expectations
  std::string json_path;
  std::string html_path;  // --html: the report page, written when the run ends
  std::string dot_path;
  std::vector<std::string> injections;  // hang=RANK
};

CLI::App* AddLinksCommand(CLI::App& app, LinksFlags& flags);

// Runs the link test under the current launcher and returns the exit code.
int RunLinksCommand(const LinksFlags& flags, int argc, char** argv);

}  // namespace spinecheck

#endif  // SPINECHECK_TOOLS_SPINECHECK_LINKS_COMMAND_H_
