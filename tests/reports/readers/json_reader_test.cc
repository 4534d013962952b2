// The result document read back: RenderJson(Parse(RenderJson(D))) equals
// RenderJson(D) byte for byte, and a bad document is an error naming the
// file and the value.
#include "reports/readers/json_reader.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "reports/writers/json_writer.h"
#include "tests/support/samples/round_trip_documents.h"

namespace spinecheck {
namespace {

using Json = nlohmann::ordered_json;

// RenderJson of the document read back from RenderJson(document).
std::string RoundTrip(const RunDocument& document) {
  const absl::StatusOr<RunDocument> read = ParseRunDocument(RenderJson(document), "doc.json");
  EXPECT_TRUE(read.ok()) << read.status();
  return read.ok() ? RenderJson(*read) : "";
}

// The error of reading `json` as "doc.json".
std::string ErrorOf(const std::string& text) {
  const absl::StatusOr<RunDocument> read = ParseRunDocument(text, "doc.json");
  EXPECT_FALSE(read.ok());
  EXPECT_EQ(read.status().code(), absl::StatusCode::kInvalidArgument);
  return std::string(read.status().message());
}

// The sweep document with `edit` applied to its JSON.
template <typename Edit>
std::string EditedSweep(Edit edit) {
  Json json = Json::parse(RenderJson(testing::SweepDocument()));
  edit(json);
  return json.dump(2);
}

TEST(JsonReaderRoundTripTest, Sweep) {
  const RunDocument document = testing::SweepDocument();
  EXPECT_EQ(RoundTrip(document), RenderJson(document));
}

TEST(JsonReaderRoundTripTest, Burn) {
  const RunDocument document = testing::BurnDocument();
  EXPECT_EQ(RoundTrip(document), RenderJson(document));
}

TEST(JsonReaderRoundTripTest, BurnWithRetests) {
  RunDocument document = testing::BurnDocument();
  ASSERT_FALSE(document.burn_results.empty());
  document.burn_retests.push_back(document.burn_results.front());
  document.burn_retests.back().value *= 0.5;
  const std::string json = RenderJson(document);
  EXPECT_TRUE(absl::StrContains(json, "\"kind\": \"burn_retest\"")) << json;
  const absl::StatusOr<RunDocument> read = ParseRunDocument(json, "doc.json");
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->burn_retests.size(), 1u);
  EXPECT_EQ(read->burn_results.size(), document.burn_results.size());
  EXPECT_EQ(RenderJson(*read), json);
}

TEST(JsonReaderRoundTripTest, Links) {
  const RunDocument document = testing::LinksDocument();
  EXPECT_EQ(RoundTrip(document), RenderJson(document));
}

TEST(JsonReaderRoundTripTest, Topo) {
  const RunDocument document = testing::TopoDocument();
  EXPECT_EQ(RoundTrip(document), RenderJson(document));
}

TEST(JsonReaderRoundTripTest, ImportWithSourceAndBaseline) {
  const RunDocument document = testing::ImportDocument();
  EXPECT_EQ(RoundTrip(document), RenderJson(document));
}

TEST(JsonReaderRoundTripTest, DefaultDocument) {
  // A document with every default but a command and a verdict: a run that
  // had not finished when it was written.
  RunDocument document;
  document.command = "sweep";
  document.verdict = {VerdictStatus::kIncomplete, ExitCode::kCouldNotTest, "", {}};
  EXPECT_EQ(RoundTrip(document), RenderJson(document));
  // With no command and no verdict at all, it is refused.
  EXPECT_TRUE(absl::StrContains(ErrorOf(RenderJson(RunDocument{})), "has no \"command\""));
}

TEST(JsonReaderTest, ConfigValuesKeepTheirType) {
  const absl::StatusOr<RunDocument> read = ParseRunDocument(RenderJson(testing::SweepDocument()), "doc.json");
  ASSERT_TRUE(read.ok()) << read.status();
  const auto& config = read->config;
  ASSERT_EQ(config.size(), 10u);
  EXPECT_EQ(config[0].first, "minBytes");
  EXPECT_EQ(std::get<int64_t>(config[0].second), 1024);
  EXPECT_EQ(std::get<int64_t>(config[1].second), int64_t{1} << 40);
  EXPECT_EQ(std::get<int64_t>(config[2].second), -1);
  EXPECT_EQ(std::get<std::string>(config[3].second), "2(factor)");
  EXPECT_EQ(std::get<double>(config[4].second), 5.0);  // "5.0" stays a double
  EXPECT_EQ(std::get<double>(config[6].second), 1e-300);
  EXPECT_EQ(std::get<bool>(config[7].second), true);
  EXPECT_EQ(std::get<bool>(config[8].second), false);
}

TEST(JsonReaderTest, WorldComesBackSortedByRankWithHosts) {
  const absl::StatusOr<RunDocument> read = ParseRunDocument(RenderJson(testing::SweepDocument()), "doc.json");
  ASSERT_TRUE(read.ok()) << read.status();
  ASSERT_EQ(read->ranks.size(), 4u);
  for (int rank = 0; rank < 4; ++rank) {
    EXPECT_EQ(read->ranks[rank].rank, rank);
    EXPECT_EQ(read->ranks[rank].host, rank % 2 == 0 ? "node-a" : "node-b");
    ASSERT_EQ(read->ranks[rank].devices.size(), 2u);
    EXPECT_EQ(read->ranks[rank].devices[1].comm_rank, 2 * rank + 1);
  }
}

TEST(JsonReaderTest, NullsComeBackAsNaNAndEmptyOptionals) {
  const absl::StatusOr<RunDocument> read = ParseRunDocument(RenderJson(testing::SweepDocument()), "doc.json");
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_TRUE(std::isnan(read->findings[1].measured));
  EXPECT_FALSE(read->collective_rows[2].out_of_place.wrong.has_value());
  EXPECT_EQ(read->collective_rows[0].out_of_place.wrong, 12);
  EXPECT_FALSE(read->collective_rows[1].in_place.measured);
}

// Finding subjects are written only when a finding has them, read back
// exactly, and a pair that is not two names is an error naming its place.
TEST(JsonReaderTest, FindingSubjectsRoundTripAndAreCheckedWhenRead) {
  RunDocument document = testing::LinksDocument();
  EXPECT_FALSE(absl::StrContains(RenderJson(document), "\"subjects\""));
  document.findings[0].subjects.pairs = {{"node-a", "node-b"}, {"node-b", "node-c"}};
  document.findings[0].subjects.variants = {"fp32"};
  EXPECT_EQ(RoundTrip(document), RenderJson(document));
  const absl::StatusOr<RunDocument> read = ParseRunDocument(RenderJson(document), "doc.json");
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_TRUE(read->findings[0].subjects.JudgesPair("node-c", "node-b"));
  EXPECT_FALSE(read->findings[0].subjects.JudgesPair("node-a", "node-c"));
  EXPECT_TRUE(read->findings[0].subjects.JudgesVariant("fp32"));
  EXPECT_FALSE(read->findings[0].subjects.JudgesVariant("fp64"));

  Json json = Json::parse(RenderJson(document));
  json["findings"][0]["subjects"]["pairs"][1] = Json::array({"node-b"});
  EXPECT_TRUE(absl::StrContains(ErrorOf(json.dump()), "/findings/0/subjects/pairs/1"));
  EXPECT_TRUE(absl::StrContains(ErrorOf(json.dump()), "a pair of host names, got 1"));
}

TEST(JsonReaderTest, LinksRetestedPairsAndMissingEntries) {
  const absl::StatusOr<RunDocument> read = ParseRunDocument(RenderJson(testing::LinksDocument()), "doc.json");
  ASSERT_TRUE(read.ok()) << read.status();
  ASSERT_TRUE(read->links.has_value());
  const LinkMatrices& links = *read->links;
  EXPECT_EQ(links.retested, (std::vector<uint8_t>{0, 1, 0, 1, 0, 0, 0, 0, 0}));
  EXPECT_TRUE(std::isnan(links.bibw(0, 0)));
  EXPECT_FLOAT_EQ(links.bibw(1, 2), 12350.0f);  // four significant digits
  EXPECT_EQ(read->topology->links[2].rate_gbps, 1600.5);
}

TEST(JsonReaderTest, UnknownKeysAndResultKindsAreSkipped) {
  const RunDocument document = testing::SweepDocument();
  const std::string text = EditedSweep([](Json& json) {
    json["future_key"] = {{"nested", 1}};
    json["verdict"]["confidence"] = 0.5;
    json["results"][0]["future_metric"] = "x";
    Json results = Json::array({json["results"][0], Json{{"kind", "future"}, {"size_bytes", "not read"}},
                                json["results"][1], Json{{"no_kind", true}}, json["results"][2]});
    json["results"] = results;
  });
  const absl::StatusOr<RunDocument> read = ParseRunDocument(text, "doc.json");
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(RenderJson(*read), RenderJson(document));
}

TEST(JsonReaderTest, MissingKeysTakeDefaults) {
  const std::string text = R"({"schema": "spinecheck.run/1", "command": "sweep", "state": "running",
                               "verdict": {"status": "incomplete", "exit_code": 3}})";
  const absl::StatusOr<RunDocument> read = ParseRunDocument(text, "doc.json");
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->source.producer, "spinecheck");
  EXPECT_EQ(read->state, RunState::kRunning);
  EXPECT_TRUE(read->collective_rows.empty());
  EXPECT_FALSE(read->topology.has_value());
}

// A document that cannot say how the run ended is never read as a pass.
TEST(JsonReaderErrorTest, ADocumentWithoutAVerdictOrMeasurementsIsRejected) {
  EXPECT_TRUE(absl::StrContains(ErrorOf(R"({"schema": "spinecheck.run/1"})"), "has no \"command\""));
  EXPECT_TRUE(absl::StrContains(ErrorOf(R"({"schema": "spinecheck.run/1", "command": "sweep"})"),
                                "has no \"state\""));
  EXPECT_TRUE(absl::StrContains(
      ErrorOf(R"({"schema": "spinecheck.run/1", "command": "sweep", "state": "completed"})"), "has no \"verdict\""));
  EXPECT_TRUE(absl::StrContains(ErrorOf(R"({"schema": "spinecheck.run/1", "command": "sweep", "state": "completed",
                                            "verdict": {"status": "pass"}})"),
                                "exit_code"));
  EXPECT_TRUE(absl::StrContains(ErrorOf(R"({"schema": "spinecheck.run/1", "command": "sweep", "state": "completed",
                                            "verdict": {"status": "pass", "exit_code": 0}})"),
                                "a missing measurement is never a pass"));
  EXPECT_TRUE(absl::StrContains(ErrorOf(R"({"schema": "spinecheck.run/1", "command": "sweep", "state": "completed",
                                            "verdict": {"status": "pass", "exit_code": 1}})"),
                                "does not go with exit code 1"));
  EXPECT_TRUE(absl::StrContains(ErrorOf(R"({"schema": "spinecheck.run/1", "command": "sweep", "state": "running",
                                            "verdict": {"status": "pass", "exit_code": 0}})"),
                                "does not go with verdict"));
  EXPECT_EQ(ErrorOf(R"({"schema": "spinecheck.run/1", "command": "sweep", "state": "done",
                        "verdict": {"status": "pass", "exit_code": 0}})"),
            "doc.json: /state: unknown state 'done'; accepted: running, completed, error, timeout");
  EXPECT_EQ(ErrorOf(R"({"schema": "spinecheck.run/1", "command": "sweep", "state": "completed",
                        "verdict": {"status": "ok", "exit_code": 0}})"),
            "doc.json: /verdict/status: unknown verdict status 'ok'; accepted: pass, fail, usage, error, timeout, "
            "incomplete");
}

TEST(JsonReaderErrorTest, NegativeTimesAndNonFiniteFiguresAreRejected) {
  const std::string negative = EditedSweep([](Json& json) { json["results"][0]["time_us"] = -4.5; });
  EXPECT_TRUE(absl::StrContains(ErrorOf(negative), "/results/0/time_us: negative")) << ErrorOf(negative);
  // JSON has no infinity; 1e999 parses as one.
  std::string infinite = EditedSweep([](Json& json) { json["results"][0]["busbw_gbps"] = 123456.75; });
  const size_t at = infinite.find("123456.75");
  ASSERT_NE(at, std::string::npos);
  infinite.replace(at, std::string("123456.75").size(), "1e999");
  const std::string error = ErrorOf(infinite);
  EXPECT_TRUE(absl::StrContains(error, "/results/0/busbw_gbps: not a finite number") ||
              absl::StrContains(error, "not a JSON document"))
      << error;
}

TEST(JsonReaderErrorTest, NotJsonNamesLineAndColumn) {
  const std::string error = ErrorOf("{\n  \"schema\": \"spinecheck.run/1\",\n  oops\n}");
  EXPECT_TRUE(absl::StartsWith(error, "doc.json: not a JSON document: ")) << error;
  EXPECT_TRUE(absl::StrContains(error, "line 3, column")) << error;
}

TEST(JsonReaderErrorTest, EmptyTextIsNotJson) {
  EXPECT_TRUE(absl::StartsWith(ErrorOf(""), "doc.json: not a JSON document: "));
}

TEST(JsonReaderErrorTest, OtherSchema) {
  EXPECT_EQ(ErrorOf(R"({"schema": "spinecheck.run/2", "results": 7})"),
            "doc.json: schema \"spinecheck.run/2\" is not spinecheck.run/1; this spinecheck reads "
            "spinecheck.run/1 documents");
}

TEST(JsonReaderErrorTest, NoSchema) {
  EXPECT_EQ(ErrorOf(R"({"results": []})"),
            "doc.json: has no \"schema\"; this spinecheck reads spinecheck.run/1 documents");
  EXPECT_EQ(ErrorOf(R"({"schema": 1})"), "doc.json: /schema: expected a string, got integer");
}

TEST(JsonReaderErrorTest, TopLevelNotAnObject) {
  EXPECT_EQ(ErrorOf("[1, 2]"), "doc.json: the top level: expected an object, got array");
}

TEST(JsonReaderErrorTest, WrongTypeNamesThePointer) {
  const std::string text = EditedSweep([](Json& json) {
    json["results"].push_back(json["results"][0]);
    json["results"][3]["size_bytes"] = "1M";
  });
  EXPECT_EQ(ErrorOf(text), "doc.json: /results/3/size_bytes: expected an unsigned integer, got string");
}

TEST(JsonReaderErrorTest, NegativeWhereUnsigned) {
  const std::string text = EditedSweep([](Json& json) { json["world"]["hosts"][1]["ranks"][0]["devices"][1]["memory_bytes"] = -5; });
  EXPECT_EQ(ErrorOf(text),
            "doc.json: /world/hosts/1/ranks/0/devices/1/memory_bytes: expected an unsigned integer, got negative integer");
}

TEST(JsonReaderErrorTest, IntegerOutOfRange) {
  const std::string text = EditedSweep([](Json& json) { json["results"][0]["root"] = int64_t{1} << 40; });
  EXPECT_EQ(ErrorOf(text), "doc.json: /results/0/root: expected a 32-bit integer, got 1099511627776 (out of range)");
}

TEST(JsonReaderErrorTest, FloatWhereInteger) {
  const std::string text = EditedSweep([](Json& json) { json["results"][1]["out_of_place"]["wrong"] = 1.5; });
  EXPECT_EQ(ErrorOf(text), "doc.json: /results/1/out_of_place/wrong: expected an integer or null, got number");
}

TEST(JsonReaderErrorTest, ObjectExpected) {
  const std::string text = EditedSweep([](Json& json) { json["verdict"] = "fail"; });
  EXPECT_EQ(ErrorOf(text), "doc.json: /verdict: expected an object, got string");
}

TEST(JsonReaderErrorTest, ArrayExpected) {
  const std::string text = EditedSweep([](Json& json) { json["findings"][0]["evidence"] = "one line"; });
  EXPECT_EQ(ErrorOf(text), "doc.json: /findings/0/evidence: expected an array, got string");
}

TEST(JsonReaderErrorTest, ConfigValueOfNoConfigTypeWithEscapedKey) {
  const std::string text = EditedSweep([](Json& json) { json["config"]["a/b~c"] = Json::array({1}); });
  EXPECT_EQ(ErrorOf(text), "doc.json: /config/a~1b~0c: expected an integer, number, boolean or string, got array");
}

TEST(JsonReaderErrorTest, ExitCodeOutsideTheClasses) {
  const std::string text = EditedSweep([](Json& json) { json["verdict"]["exit_code"] = 9; });
  EXPECT_EQ(ErrorOf(text), "doc.json: /verdict/exit_code: expected an exit code from 0 to 4, got 9");
}

TEST(JsonReaderErrorTest, UnknownSeverityIsRejected) {
  RunDocument document = testing::BurnDocument();
  Finding finding;
  finding.check = "burn.gemm.mismatch";
  document.findings.push_back(finding);
  Json json = Json::parse(RenderJson(document));
  json["findings"][0]["severity"] = "info";
  EXPECT_EQ(ErrorOf(json.dump(2)),
            "doc.json: /findings/0/severity: unknown severity 'info'; accepted: warn, error, fail");
}

// New component kinds are an additive change (docs/schema.md, Versioning):
// read as "other", never an error.
TEST(JsonReaderTest, AComponentKindOfANewerVersionIsReadAsOther) {
  RunDocument document = testing::BurnDocument();
  Finding finding;
  finding.check = "burn.gemm.mismatch";
  document.findings.push_back(finding);
  Json json = Json::parse(RenderJson(document));
  json["findings"][0]["component"]["kind"] = "rack";
  const absl::StatusOr<RunDocument> read = ParseRunDocument(json.dump(2), "doc.json");
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->findings[0].component.kind, ComponentKind::kOther);
}

TEST(JsonReaderErrorTest, UnknownStatusesAreRejected) {
  RunDocument document = testing::BurnDocument();
  document.dcgm_results.push_back({"node-a", 0, "Hardware", "Memory", DcgmStatus::kPass, {}});
  Json json = Json::parse(RenderJson(document));
  json["results"][0]["status"] = "passed";
  EXPECT_EQ(ErrorOf(json.dump(2)),
            "doc.json: /results/0/status: unknown burn status 'passed'; accepted: measured, skipped, error");
  json = Json::parse(RenderJson(document));
  json["dcgm"][0]["status"] = "PASS";
  EXPECT_EQ(ErrorOf(json.dump(2)),
            "doc.json: /dcgm/0/status: unknown DCGM status 'PASS'; accepted: pass, skip, unknown, warn, fail");
}

TEST(JsonReaderErrorTest, LinksMatrixOfAnotherSize) {
  Json json = Json::parse(RenderJson(testing::LinksDocument()));
  json["links"]["bibw_gbps"].erase(1);
  EXPECT_EQ(ErrorOf(json.dump()), "doc.json: /links/bibw_gbps: expected 3 rows (one per host), got 2");
  json = Json::parse(RenderJson(testing::LinksDocument()));
  json["links"]["latency_us"][2][1] = "fast";
  EXPECT_EQ(ErrorOf(json.dump()), "doc.json: /links/latency_us/2/1: expected a number, got string");
}

TEST(JsonReaderErrorTest, RetestedPairOfAnUnknownHost) {
  Json json = Json::parse(RenderJson(testing::LinksDocument()));
  json["links"]["retested_pairs"][0][1] = "node-z";
  EXPECT_EQ(ErrorOf(json.dump()), "doc.json: /links/retested_pairs/0/1: \"node-z\" is not one of links.hosts");
}

TEST(JsonReaderErrorTest, InventoryWrongType) {
  Json json = Json::parse(RenderJson(testing::TopoDocument()));
  json["inventory"][0]["ib_devices"][0]["ports"][1]["lid"] = true;
  EXPECT_EQ(ErrorOf(json.dump()), "doc.json: /inventory/0/ib_devices/0/ports/1/lid: expected an integer, got boolean");
}

TEST(JsonReaderErrorTest, MatrixValueBeyondFloatRange) {
  Json json = Json::parse(RenderJson(testing::LinksDocument()));
  json["links"]["bibw_gbps"][0][1] = 1e300;
  EXPECT_EQ(ErrorOf(json.dump()), "doc.json: /links/bibw_gbps/0/1: expected a number within float range, got 1e+300");
}

// Every value of every sample document replaced by values of two JSON types
// (rotating over the types, to keep the test fast): the reader answers OK or kInvalidArgument (never throws), and what
// it accepts reads back to the same bytes again.
void CollectPointers(const Json& json, const std::string& pointer, std::vector<std::string>& out) {
  out.push_back(pointer);
  if (json.is_object()) {
    for (const auto& [key, value] : json.items()) CollectPointers(value, absl::StrCat(pointer, "/", key), out);
  } else if (json.is_array()) {
    for (size_t i = 0; i < json.size(); ++i) CollectPointers(json[i], absl::StrCat(pointer, "/", i), out);
  }
}

TEST(JsonReaderTest, AnyValueOfAnyTypeIsReadOrRejected) {
  const std::vector<Json> replacements = {Json("text"), Json(-1),          Json(uint64_t{1} << 63), Json(1.5),
                                          Json(true),   Json(nullptr),     Json::array(),          Json::object()};
  int accepted = 0, rejected = 0;
  for (const RunDocument& document : {testing::SweepDocument(), testing::BurnDocument(), testing::LinksDocument(),
                                      testing::TopoDocument(), testing::ImportDocument()}) {
    const Json original = Json::parse(RenderJson(document));
    std::vector<std::string> pointers;
    CollectPointers(original, "", pointers);
    for (size_t p = 0; p < pointers.size(); ++p) {
      const std::string& pointer = pointers[p];
      if (pointer.empty() || pointer == "/schema") continue;
      for (size_t shift : {0, 3}) {
        const Json& replacement = replacements[(p + shift) % replacements.size()];
        Json edited = original;
        edited[Json::json_pointer(pointer)] = replacement;
        const absl::StatusOr<RunDocument> read = ParseRunDocument(edited.dump(), "doc.json");
        if (!read.ok()) {
          ++rejected;
          EXPECT_EQ(read.status().code(), absl::StatusCode::kInvalidArgument) << pointer << " " << read.status();
          continue;
        }
        ++accepted;
        const std::string rendered = RenderJson(*read);
        const absl::StatusOr<RunDocument> again = ParseRunDocument(rendered, "doc.json");
        ASSERT_TRUE(again.ok()) << pointer << " = " << replacement.dump() << ": " << again.status();
        EXPECT_EQ(RenderJson(*again), rendered) << pointer << " = " << replacement.dump();
      }
    }
  }
  EXPECT_GT(accepted, 0);
  EXPECT_GT(rejected, 0);
}

TEST(ReadRunDocumentTest, ReadsAFile) {
  const std::string path = absl::StrCat(::testing::TempDir(), "/reader_", getpid(), ".json");
  const RunDocument document = testing::BurnDocument();
  std::ofstream(path) << RenderJson(document);
  const absl::StatusOr<RunDocument> read = ReadRunDocument(path);
  std::filesystem::remove(path);
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(RenderJson(*read), RenderJson(document));
}

TEST(ReadRunDocumentTest, MissingFileNamesThePath) {
  const absl::StatusOr<RunDocument> read = ReadRunDocument("/nonexistent/run.json");
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(read.status().message(), "/nonexistent/run.json: cannot be read: No such file or directory");
}

TEST(ReadRunDocumentTest, AFolderIsNotADocument) {
  const absl::StatusOr<RunDocument> read = ReadRunDocument(::testing::TempDir());
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::EndsWith(read.status().message(), ": is a folder, not a result document")) << read.status();
}

TEST(ReadRunDocumentTest, ErrorsNameThePath) {
  const std::string path = absl::StrCat(::testing::TempDir(), "/reader_bad_", getpid(), ".json");
  std::ofstream(path) << R"({"schema": "nccl-tests"})";
  const absl::StatusOr<RunDocument> read = ReadRunDocument(path);
  std::filesystem::remove(path);
  ASSERT_FALSE(read.ok());
  EXPECT_TRUE(absl::StartsWith(read.status().message(), path + ": schema \"nccl-tests\"")) << read.status();
}

// Documents written by real runs of the binary (tests/fixtures/documents):
// each reads back to the same bytes.
TEST(JsonReaderFixtureTest, RealDocumentsRoundTrip) {
  const std::filesystem::path folder = std::filesystem::path(SPINECHECK_FIXTURES) / "documents";
  if (!std::filesystem::is_directory(folder)) GTEST_SKIP() << folder << " does not exist";
  int documents = 0;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    if (entry.path().extension() != ".json") continue;
    ++documents;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    const absl::StatusOr<RunDocument> read = ParseRunDocument(text.str(), entry.path().string());
    ASSERT_TRUE(read.ok()) << read.status();
    EXPECT_EQ(RenderJson(*read), text.str()) << entry.path();
  }
  EXPECT_GT(documents, 0);
}

}  // namespace
}  // namespace spinecheck
