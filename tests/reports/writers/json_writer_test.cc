// The "spinecheck.run/1" document, parsed back as a reader would.
#include "reports/writers/json_writer.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "reports/model/run_document.h"

namespace spinecheck {
namespace {

using Json = nlohmann::ordered_json;

DeviceInfo Cpu(int index, std::string host_id) {
  DeviceInfo device;
  device.kind = "cpu";
  device.index = index;
  device.uuid = std::move(host_id);
  device.model = "AMD EPYC 7763 64-Core Processor";
  device.memory_bytes = uint64_t{512} << 30;
  return device;
}

RunDocument SampleDocument() {
  RunDocument document;
  document.command = "sweep";
  document.argv = {"spinecheck", "sweep", "-b", "1K"};
  document.start_time = "2026-11-22T23:07:58.504Z";
  document.end_time = "2026-11-22T23:08:01.000Z";
  document.state = RunState::kCompleted;
  document.config = {{"minBytes", int64_t{1024}},
                     {"timeout_s", 2.5},
                     {"blocking_flag", true},
                     {"op", std::string("sum")}};

  RankInfo rank0;
  rank0.rank = 0;
  rank0.local_rank = 0;
  rank0.pid = 4242;
  rank0.host = "node-a";
  rank0.devices = {Cpu(0, "machine-a")};
  RankInfo rank1;
  rank1.rank = 1;
  rank1.local_rank = 0;
  rank1.pid = 4343;
  rank1.host = "node-b";
  rank1.devices = {Cpu(0, "machine-b")};
  document.ranks = {rank0, rank1};

  document.environment.backend = "mpi";
  document.environment.mpi_library = "Open MPI v4.1.6";
  document.environment.mpi_standard = "3.1";
  document.environment.build = "cuda=OFF nccl=OFF";
  document.environment.variables = {{"OMPI_COMM_WORLD_SIZE", "2"}};

  CollectiveRow row;
  row.collective = "all_reduce";
  row.size_bytes = 1024;
  row.count = 256;
  row.type = "float";
  row.redop = "sum";
  row.root = -1;
  row.ranks = 2;
  row.bus_factor = 1.0;
  row.out_of_place.measured = true;
  row.out_of_place.time_us = 12.5;
  row.out_of_place.algbw_gbps = 0.08192;
  row.out_of_place.busbw_gbps = 0.08192;
  row.out_of_place.iteration_stats.samples = 20;
  row.out_of_place.iteration_stats.min_us = 11;
  row.out_of_place.iteration_stats.p50_us = 12;
  row.out_of_place.iteration_stats.p99_us = 19.75;
  row.out_of_place.iteration_stats.max_us = 19.75;
  row.out_of_place.iteration_stats.mean_us = 12.5;
  row.out_of_place.iteration_stats.cv_pct = 3.5;
  row.out_of_place.slowest_rank = 1;
  row.out_of_place.slowest_host = "node-b";
  row.out_of_place.rank_time_min_us = 12;
  row.out_of_place.rank_time_max_us = 13;
  // wrong unset: -c 0.
  row.in_place.measured = true;
  row.in_place.time_us = 13;
  row.in_place.wrong = 5;
  row.in_place.wrong_by_rank = {{1, 5}};
  document.collective_rows = {row};

  Finding finding;
  finding.severity = Severity::kFail;
  finding.check = "collective.data_integrity";
  finding.component = {ComponentKind::kHost, "node-b", {"node-b"}};
  finding.ranks = {1};
  finding.measured = 5;
  finding.expected = 0;
  finding.unit = "wrong elements";
  finding.evidence = {"all_reduce float sum 1024 B in-place: 5 wrong elements"};
  finding.action = "drain node-b";
  finding.message = "rank 1 on node-b received 5 wrong elements";
  document.findings = {finding};

  document.verdict.status = VerdictStatus::kFail;
  document.verdict.exit_code = ExitCode::kFailure;
  document.verdict.reason = "1 host(s) blamed";
  document.verdict.drain = {"node-b"};
  return document;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

// A fresh folder under the test's temporary directory.
std::string FreshDir(const std::string& name) {
  const std::filesystem::path dir =
      std::filesystem::path(::testing::TempDir()) / absl::StrCat("json_writer_test_", name, "_", getpid());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

TEST(RenderJsonTest, ParsesBackWithSchemaAndTopLevelKeysInOrder) {
  const std::string text = RenderJson(SampleDocument());
  EXPECT_TRUE(absl::EndsWith(text, "}\n"));
  EXPECT_TRUE(absl::StartsWith(text, "{\n  \"schema\": ")) << text.substr(0, 40);  // indented by 2
  const Json json = Json::parse(text);
  EXPECT_EQ(json["schema"], "spinecheck.run/1");
  EXPECT_EQ(json["tool"]["name"], "spinecheck");
  EXPECT_EQ(json["tool"]["version"], kToolVersion);
  EXPECT_EQ(json["command"], "sweep");
  EXPECT_EQ(json["argv"], Json({"spinecheck", "sweep", "-b", "1K"}));
  EXPECT_EQ(json["state"], "completed");
  EXPECT_EQ(json["start_time"], "2026-11-22T23:07:58.504Z");

  // docs/schema.md lists these in this order; other keys may sit between.
  const std::vector<std::string> documented = {"schema", "tool",  "command",     "argv",    "start_time",
                                               "end_time", "state", "config",      "world",   "environment",
                                               "results",  "findings", "verdict"};
  std::vector<std::string> keys;
  for (const auto& [key, value] : json.items()) keys.push_back(key);
  size_t next = 0;
  for (const std::string& key : keys) {
    if (next < documented.size() && key == documented[next]) ++next;
  }
  EXPECT_EQ(next, documented.size()) << "top-level keys out of documented order";
}

TEST(RenderJsonTest, ConfigKeepsEachValueType) {
  const Json json = Json::parse(RenderJson(SampleDocument()));
  const Json& config = json["config"];
  ASSERT_TRUE(config.is_object());
  EXPECT_TRUE(config["minBytes"].is_number_integer());
  EXPECT_EQ(config["minBytes"], 1024);
  EXPECT_TRUE(config["timeout_s"].is_number_float());
  EXPECT_EQ(config["timeout_s"], 2.5);
  EXPECT_TRUE(config["blocking_flag"].is_boolean());
  EXPECT_EQ(config["blocking_flag"], true);
  EXPECT_TRUE(config["op"].is_string());
  EXPECT_EQ(config["op"], "sum");
  // In the document's order.
  std::vector<std::string> keys;
  for (const auto& [key, value] : config.items()) keys.push_back(key);
  EXPECT_EQ(keys, (std::vector<std::string>{"minBytes", "timeout_s", "blocking_flag", "op"}));
}

TEST(RenderJsonTest, WorldGroupsRanksByHost) {
  const Json json = Json::parse(RenderJson(SampleDocument()));
  const Json& world = json["world"];
  EXPECT_EQ(world["size"], 2);
  EXPECT_EQ(world["host_count"], 2);
  ASSERT_EQ(world["hosts"].size(), 2u);
  EXPECT_EQ(world["hosts"][0]["host"], "node-a");
  EXPECT_EQ(world["hosts"][1]["host"], "node-b");
  ASSERT_EQ(world["hosts"][0]["ranks"].size(), 1u);
  ASSERT_EQ(world["hosts"][1]["ranks"].size(), 1u);
  const Json& rank1 = world["hosts"][1]["ranks"][0];
  EXPECT_EQ(rank1["rank"], 1);
  EXPECT_EQ(rank1["local_rank"], 0);
  EXPECT_EQ(rank1["pid"], 4343);
  ASSERT_EQ(rank1["devices"].size(), 1u);
  const Json& device = rank1["devices"][0];
  EXPECT_EQ(device["kind"], "cpu");
  EXPECT_EQ(device["index"], 0);
  EXPECT_EQ(device["uuid"], "machine-b");
  EXPECT_EQ(device["pci_bus_id"], "");
  EXPECT_EQ(device["model"], "AMD EPYC 7763 64-Core Processor");
  EXPECT_EQ(device["memory_bytes"], uint64_t{512} << 30);
}

TEST(RenderJsonTest, WorldWithSeveralRanksPerHost) {
  RunDocument document = SampleDocument();
  RankInfo rank2 = document.ranks[0];
  rank2.rank = 2;
  rank2.local_rank = 1;
  document.ranks.push_back(rank2);  // node-a again
  const Json json = Json::parse(RenderJson(document));
  EXPECT_EQ(json["world"]["size"], 3);
  EXPECT_EQ(json["world"]["host_count"], 2);
  const Json& node_a = json["world"]["hosts"][0];
  EXPECT_EQ(node_a["host"], "node-a");
  ASSERT_EQ(node_a["ranks"].size(), 2u);
  EXPECT_EQ(node_a["ranks"][0]["rank"], 0);
  EXPECT_EQ(node_a["ranks"][1]["rank"], 2);
  EXPECT_EQ(node_a["ranks"][1]["local_rank"], 1);
}

TEST(RenderJsonTest, ResultPlacementFields) {
  const Json json = Json::parse(RenderJson(SampleDocument()));
  ASSERT_EQ(json["results"].size(), 1u);
  const Json& result = json["results"][0];
  EXPECT_EQ(result["kind"], "collective");
  EXPECT_EQ(result["collective"], "all_reduce");
  EXPECT_EQ(result["size_bytes"], 1024);
  EXPECT_EQ(result["count"], 256);
  EXPECT_EQ(result["root"], -1);
  EXPECT_EQ(result["ranks"], 2);

  const Json& out = result["out_of_place"];
  EXPECT_EQ(out["measured"], true);
  EXPECT_EQ(out["time_us"], 12.5);
  EXPECT_EQ(out["algbw_gbps"], 0.08192);
  EXPECT_EQ(out["busbw_gbps"], 0.08192);
  ASSERT_TRUE(out.contains("wrong"));
  EXPECT_TRUE(out["wrong"].is_null());
  EXPECT_TRUE(out["wrong_by_rank"].is_array());
  EXPECT_TRUE(out["wrong_by_rank"].empty());
  EXPECT_EQ(out["iterations"]["samples"], 20);
  EXPECT_EQ(out["iterations"]["p50_us"], 12);
  EXPECT_EQ(out["iterations"]["p99_us"], 19.75);
  EXPECT_EQ(out["iterations"]["cv_pct"], 3.5);
  EXPECT_EQ(out["slowest_rank"], 1);
  EXPECT_EQ(out["slowest_host"], "node-b");
  EXPECT_EQ(out["rank_time_us"]["min"], 12);
  EXPECT_EQ(out["rank_time_us"]["max"], 13);

  const Json& in = result["in_place"];
  EXPECT_TRUE(in["wrong"].is_number_integer());
  EXPECT_EQ(in["wrong"], 5);
  ASSERT_EQ(in["wrong_by_rank"].size(), 1u);
  EXPECT_EQ(in["wrong_by_rank"][0]["rank"], 1);
  EXPECT_EQ(in["wrong_by_rank"][0]["wrong"], 5);
}

TEST(RenderJsonTest, UnmeasuredPlacementHasOnlyMeasuredFalse) {
  RunDocument document = SampleDocument();
  document.collective_rows[0].in_place = PlacementResult{};
  const Json json = Json::parse(RenderJson(document));
  EXPECT_EQ(json["results"][0]["in_place"], Json({{"measured", false}}));
}

TEST(RenderJsonTest, MeasuredValuesAreDoublesWithADecimalPoint) {
  RunDocument document = SampleDocument();
  document.collective_rows[0].out_of_place.busbw_gbps = 0;
  const std::string text = RenderJson(document);
  EXPECT_TRUE(absl::StrContains(text, "\"busbw_gbps\": 0.0")) << text;
  EXPECT_TRUE(absl::StrContains(text, "\"expected\": 0.0")) << text;
  EXPECT_TRUE(absl::StrContains(text, "\"bus_factor\": 1.0")) << text;
}

TEST(RenderJsonTest, FindingsAndVerdict) {
  const Json json = Json::parse(RenderJson(SampleDocument()));
  ASSERT_EQ(json["findings"].size(), 1u);
  const Json& finding = json["findings"][0];
  EXPECT_EQ(finding["severity"], "fail");
  EXPECT_EQ(finding["check"], "collective.data_integrity");
  EXPECT_EQ(finding["component"]["kind"], "host");
  EXPECT_EQ(finding["component"]["id"], "node-b");
  EXPECT_EQ(finding["component"]["hosts"], Json({"node-b"}));
  EXPECT_EQ(finding["ranks"], Json({1}));
  EXPECT_EQ(finding["measured"], 5);
  EXPECT_EQ(finding["unit"], "wrong elements");
  ASSERT_EQ(finding["evidence"].size(), 1u);
  EXPECT_EQ(finding["action"], "drain node-b");

  const Json& verdict = json["verdict"];
  EXPECT_EQ(verdict["status"], "fail");
  EXPECT_TRUE(verdict["exit_code"].is_number_integer());
  EXPECT_EQ(verdict["exit_code"], 1);
  EXPECT_EQ(verdict["reason"], "1 host(s) blamed");
  EXPECT_EQ(verdict["drain"], Json({"node-b"}));
}

TEST(RenderJsonTest, EnvironmentVariables) {
  const Json json = Json::parse(RenderJson(SampleDocument()));
  EXPECT_EQ(json["environment"]["backend"], "mpi");
  EXPECT_EQ(json["environment"]["mpi_standard"], "3.1");
  EXPECT_EQ(json["environment"]["variables"]["OMPI_COMM_WORLD_SIZE"], "2");
}

TEST(RenderJsonTest, InvalidUtf8IsReplacedNotThrown) {
  RunDocument document = SampleDocument();
  document.ranks[1].host = "node-\xff\xfe-b";
  document.environment.variables["BAD"] = "\xc3";
  std::string text;
  ASSERT_NO_THROW(text = RenderJson(document));
  Json json;
  ASSERT_NO_THROW(json = Json::parse(text));
  const std::string host = json["world"]["hosts"][1]["host"];
  EXPECT_TRUE(absl::StartsWith(host, "node-")) << host;
  EXPECT_TRUE(absl::EndsWith(host, "-b")) << host;
  EXPECT_TRUE(absl::StrContains(host, "\xEF\xBF\xBD")) << host;  // U+FFFD
  EXPECT_EQ(json["world"]["host_count"], 2);
}

TEST(WriteJsonDocumentTest, WritesTheRenderedDocument) {
  const std::string dir = FreshDir("write");
  const std::string path = dir + "/run.json";
  const RunDocument document = SampleDocument();
  ASSERT_TRUE(WriteJsonDocument(document, path).ok());
  EXPECT_EQ(ReadFile(path), RenderJson(document));
  EXPECT_EQ(Json::parse(ReadFile(path))["schema"], "spinecheck.run/1");

  // Rewriting replaces the file, and no temporary file is left behind.
  RunDocument finished = document;
  finished.state = RunState::kTimeout;
  ASSERT_TRUE(WriteJsonDocument(finished, path).ok());
  EXPECT_EQ(Json::parse(ReadFile(path))["state"], "timeout");
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) names.push_back(entry.path().filename());
  EXPECT_EQ(names, std::vector<std::string>{"run.json"});
  std::filesystem::remove_all(dir);
}

TEST(WriteJsonDocumentTest, MissingFolderIsAnErrorNamingThePath) {
  const std::string dir = FreshDir("missing");
  const std::string path = dir + "/no-such-folder/run.json";
  const absl::Status status = WriteJsonDocument(SampleDocument(), path);
  EXPECT_FALSE(status.ok());
  EXPECT_TRUE(absl::StrContains(status.message(), path)) << status;
  EXPECT_FALSE(std::filesystem::exists(path));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace spinecheck
