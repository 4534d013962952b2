// Findings derived from the rows, the verdict, exit codes and the host map.
#include "reports/model/run_document.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "reports/model/exit_code.h"
#include "tests/support/sample_rows.h"

namespace spinecheck {
namespace {

RankInfo Rank(int rank, std::string host) {
  RankInfo info;
  info.rank = rank;
  info.host = std::move(host);
  return info;
}

// An all_reduce float sum row of `size_bytes`, both placements measured and
// checked, with the given wrong elements per rank.
CollectiveRow Row(uint64_t size_bytes, std::vector<std::pair<int, int64_t>> out_of_place_wrong,
                  std::vector<std::pair<int, int64_t>> in_place_wrong) {
  CollectiveRow row = FloatAllReduceRow(size_bytes, 4);
  for (auto [result, wrong_by_rank] : {std::pair{&row.out_of_place, out_of_place_wrong},
                                       std::pair{&row.in_place, in_place_wrong}}) {
    result->measured = true;
    int64_t total = 0;
    for (const auto& [rank, wrong] : wrong_by_rank) total += wrong;
    result->wrong = total;
    result->wrong_by_rank = wrong_by_rank;
  }
  return row;
}

// Four ranks, two per host.
RunDocument TwoHostDocument() {
  RunDocument document;
  document.ranks = {Rank(0, "node-a"), Rank(1, "node-a"), Rank(2, "node-b"), Rank(3, "node-b")};
  return document;
}

Finding FailOn(std::string host, Severity severity = Severity::kFail) {
  Finding finding;
  finding.severity = severity;
  finding.check = "collective.data_integrity";
  finding.component = {ComponentKind::kHost, host, {host}};
  return finding;
}

TEST(SeverityTest, OneOrderAndTheDocumentsNames) {
  EXPECT_LT(Severity::kWarn, Severity::kError);
  EXPECT_LT(Severity::kError, Severity::kFail);
  for (Severity severity : {Severity::kWarn, Severity::kError, Severity::kFail}) {
    const absl::StatusOr<Severity> parsed = ParseSeverity(SeverityName(severity));
    ASSERT_TRUE(parsed.ok()) << parsed.status();
    EXPECT_EQ(*parsed, severity);
  }
  EXPECT_EQ(SeverityName(Severity::kFail), "fail");
  const absl::StatusOr<Severity> unknown = ParseSeverity("info");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().message(), "unknown severity 'info'; accepted: warn, error, fail");
}

TEST(DeriveCollectiveFindingsTest, NothingWrongGivesNoFindings) {
  RunDocument document = TwoHostDocument();
  document.collective_rows = {Row(1024, {}, {}), Row(2048, {}, {})};
  EXPECT_TRUE(DeriveCollectiveFindings(document).empty());
}

TEST(DeriveCollectiveFindingsTest, OneFailFindingPerRankWithWrongElements) {
  RunDocument document = TwoHostDocument();
  document.collective_rows = {Row(1024, {{1, 5}, {3, 2}}, {{1, 7}}), Row(2048, {}, {})};
  const std::vector<Finding> findings = DeriveCollectiveFindings(document);
  ASSERT_EQ(findings.size(), 2u);

  const Finding& rank1 = findings[0];
  EXPECT_EQ(rank1.severity, Severity::kFail);
  EXPECT_EQ(rank1.check, "collective.data_integrity");
  EXPECT_EQ(rank1.component.kind, ComponentKind::kHost);
  EXPECT_EQ(rank1.component.id, "node-a");
  EXPECT_EQ(rank1.component.hosts, std::vector<std::string>{"node-a"});
  EXPECT_EQ(rank1.ranks, std::vector<int>{1});
  EXPECT_EQ(rank1.measured, 12);  // 5 out-of-place + 7 in-place
  EXPECT_EQ(rank1.expected, 0);
  EXPECT_EQ(rank1.unit, "wrong elements");
  ASSERT_EQ(rank1.evidence.size(), 2u);
  EXPECT_EQ(rank1.evidence[0], "all_reduce float sum 1024 B out-of-place: 5 wrong elements");
  EXPECT_EQ(rank1.evidence[1], "all_reduce float sum 1024 B in-place: 7 wrong elements");
  EXPECT_FALSE(rank1.message.empty());
  EXPECT_TRUE(absl::StrContains(rank1.action, "node-a")) << rank1.action;

  const Finding& rank3 = findings[1];
  EXPECT_EQ(rank3.component.kind, ComponentKind::kHost);
  EXPECT_EQ(rank3.component.id, "node-b");
  EXPECT_EQ(rank3.component.hosts, std::vector<std::string>{"node-b"});
  EXPECT_EQ(rank3.ranks, std::vector<int>{3});
  EXPECT_EQ(rank3.measured, 2);
  ASSERT_EQ(rank3.evidence.size(), 1u);
}

// -g 2: two processes, each driving two GPUs; data-plane rank 3 is the
// second GPU of world rank 1, on node-b.
TEST(DeriveCollectiveFindingsTest, WrongDataOnAGpuBlamesThatGpuByUuid) {
  RunDocument document;
  for (int process = 0; process < 2; ++process) {
    RankInfo info = Rank(process, process == 0 ? "node-a" : "node-b");
    for (int lane = 0; lane < 2; ++lane) {
      DeviceInfo gpu;
      gpu.kind = "cuda";
      gpu.index = lane;
      gpu.uuid = absl::StrCat("GPU-", process, lane);
      gpu.comm_rank = process * 2 + lane;
      info.devices.push_back(gpu);
    }
    document.ranks.push_back(info);
  }
  document.collective_rows = {Row(1024, {{3, 4}}, {})};
  const std::vector<Finding> findings = DeriveCollectiveFindings(document);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].component.kind, ComponentKind::kGpu);
  EXPECT_EQ(findings[0].component.id, "GPU-11");
  EXPECT_EQ(findings[0].component.hosts, std::vector<std::string>{"node-b"});
  EXPECT_EQ(findings[0].ranks, std::vector<int>{3});
  EXPECT_TRUE(absl::StrContains(findings[0].message, "rank 3 on node-b (GPU 1 GPU-11)")) << findings[0].message;
  EXPECT_EQ(DecideVerdict(findings, absl::OkStatus()).drain, std::vector<std::string>{"node-b"});
}

TEST(DeriveCollectiveFindingsTest, EvidenceNamesRootAndOmitsRedopNone) {
  RunDocument document = TwoHostDocument();
  CollectiveRow row = Row(4096, {{2, 1}}, {});
  row.collective = "broadcast";
  row.redop = "none";
  row.root = 0;
  document.collective_rows = {row};
  const std::vector<Finding> findings = DeriveCollectiveFindings(document);
  ASSERT_EQ(findings.size(), 1u);
  ASSERT_EQ(findings[0].evidence.size(), 1u);
  EXPECT_EQ(findings[0].evidence[0], "broadcast float root 0 4096 B out-of-place: 1 wrong elements");
}

TEST(DeriveCollectiveFindingsTest, EvidenceCappedWithMoreCallsLine) {
  RunDocument document = TwoHostDocument();
  // Rank 2 is wrong in 5 placements (3 rows out-of-place, 2 in-place).
  document.collective_rows = {Row(8, {{2, 1}}, {{2, 1}}), Row(16, {{2, 2}}, {{2, 2}}), Row(32, {{2, 3}}, {})};
  const std::vector<Finding> findings = DeriveCollectiveFindings(document, /*max_evidence=*/2);
  ASSERT_EQ(findings.size(), 1u);
  const Finding& finding = findings[0];
  EXPECT_EQ(finding.measured, 9);  // every wrong element counts, not only those in the evidence
  EXPECT_EQ(finding.component.id, "node-b");
  ASSERT_EQ(finding.evidence.size(), 3u);
  EXPECT_EQ(finding.evidence[0], "all_reduce float sum 8 B out-of-place: 1 wrong elements");
  EXPECT_EQ(finding.evidence[1], "all_reduce float sum 8 B in-place: 1 wrong elements");
  // One call = one row's out-of-place or in-place check.
  EXPECT_EQ(finding.evidence[2], "... and 3 more calls");
}

TEST(DeriveCollectiveFindingsTest, NoMoreLineWhenEvidenceFits) {
  RunDocument document = TwoHostDocument();
  document.collective_rows = {Row(8, {{0, 1}}, {{0, 1}})};
  const std::vector<Finding> findings = DeriveCollectiveFindings(document, /*max_evidence=*/2);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].evidence.size(), 2u);
  for (const std::string& line : findings[0].evidence) EXPECT_FALSE(absl::StrContains(line, "more")) << line;
}

TEST(DeriveCollectiveFindingsTest, DefaultCapIsEight) {
  RunDocument document = TwoHostDocument();
  for (uint64_t size = 8; size <= 8 * 1024; size *= 2) document.collective_rows.push_back(Row(size, {{1, 1}}, {}));
  ASSERT_EQ(document.collective_rows.size(), 11u);
  const std::vector<Finding> findings = DeriveCollectiveFindings(document);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].measured, 11);
  ASSERT_EQ(findings[0].evidence.size(), 9u);
  EXPECT_TRUE(absl::StartsWith(findings[0].evidence[8], "... and 3 more")) << findings[0].evidence[8];
}

TEST(DecideVerdictTest, PassWhenOkAndNothingFound) {
  const Verdict verdict = DecideVerdict({}, absl::OkStatus());
  EXPECT_EQ(verdict.status, VerdictStatus::kPass);
  EXPECT_EQ(verdict.exit_code, ExitCode::kPass);
  EXPECT_EQ(static_cast<int>(verdict.exit_code), 0);
  EXPECT_TRUE(verdict.drain.empty());
  EXPECT_FALSE(verdict.reason.empty());
}

TEST(DecideVerdictTest, FailFindingsFailAndDrainEachHostOnce) {
  const std::vector<Finding> findings = {FailOn("node-b"), FailOn("node-a"), FailOn("node-b")};
  const Verdict verdict = DecideVerdict(findings, absl::OkStatus());
  EXPECT_EQ(verdict.status, VerdictStatus::kFail);
  EXPECT_EQ(verdict.exit_code, ExitCode::kFailure);
  EXPECT_EQ(static_cast<int>(verdict.exit_code), 1);
  // In the order of the findings (docs/schema.md).
  EXPECT_EQ(verdict.drain, (std::vector<std::string>{"node-b", "node-a"}));
}

TEST(DecideVerdictTest, FindingBlamingSeveralHostsDrainsThemAll) {
  Finding link = FailOn("link-1");
  link.component = {ComponentKind::kLink, "node-a<->node-c", {"node-a", "node-c"}};
  const Verdict verdict = DecideVerdict({FailOn("node-a"), link}, absl::OkStatus());
  EXPECT_EQ(verdict.exit_code, ExitCode::kFailure);
  EXPECT_EQ(verdict.drain, (std::vector<std::string>{"node-a", "node-c"}));
}

TEST(DecideVerdictTest, FailFindingWithoutHostsStillFails) {
  Finding finding = FailOn("node-a");
  finding.component.hosts.clear();
  const Verdict verdict = DecideVerdict({finding}, absl::OkStatus());
  EXPECT_EQ(verdict.exit_code, ExitCode::kFailure);
  EXPECT_EQ(verdict.status, VerdictStatus::kFail);
  EXPECT_TRUE(verdict.drain.empty());
  EXPECT_EQ(verdict.reason, "1 failure(s) found; no host named to drain");
}

TEST(DecideVerdictTest, WarnFindingsDoNotDrainOrFail) {
  const Verdict verdict = DecideVerdict({FailOn("node-b", Severity::kWarn)}, absl::OkStatus());
  EXPECT_EQ(verdict.status, VerdictStatus::kPass);
  EXPECT_EQ(verdict.exit_code, ExitCode::kPass);
  EXPECT_TRUE(verdict.drain.empty());
}

// A measurement that could not be taken is never a pass (DESIGN.md).
TEST(DecideVerdictTest, ErrorFindingsWithoutFailuresCouldNotTest) {
  const std::vector<Finding> findings = {FailOn("node-a", Severity::kError), FailOn("node-b", Severity::kWarn)};
  const Verdict verdict = DecideVerdict(findings, absl::OkStatus());
  EXPECT_EQ(verdict.exit_code, ExitCode::kCouldNotTest);
  EXPECT_TRUE(verdict.drain.empty());
  EXPECT_TRUE(absl::StrContains(verdict.reason, "1 measurement(s) could not be taken")) << verdict.reason;
}

TEST(DecideVerdictTest, OnlyFailFindingsAreDrained) {
  const std::vector<Finding> findings = {FailOn("node-a", Severity::kError), FailOn("node-b")};
  const Verdict verdict = DecideVerdict(findings, absl::OkStatus());
  EXPECT_EQ(verdict.exit_code, ExitCode::kFailure);
  EXPECT_EQ(verdict.drain, std::vector<std::string>{"node-b"});
}

TEST(DecideVerdictTest, UsageErrorWinsOverFindings) {
  const Verdict verdict =
      DecideVerdict({FailOn("node-a")}, absl::InvalidArgumentError("invalid size '12Q'"));
  EXPECT_EQ(verdict.status, VerdictStatus::kUsage);
  EXPECT_EQ(verdict.exit_code, ExitCode::kUsage);
  EXPECT_EQ(static_cast<int>(verdict.exit_code), 2);
  EXPECT_TRUE(absl::StrContains(verdict.reason, "invalid size '12Q'")) << verdict.reason;
}

TEST(DecideVerdictTest, TimeoutWinsOverFindings) {
  const Verdict verdict =
      DecideVerdict({FailOn("node-a")}, absl::DeadlineExceededError("rank 3 did not arrive"));
  EXPECT_EQ(verdict.status, VerdictStatus::kTimeout);
  EXPECT_EQ(verdict.exit_code, ExitCode::kTimeout);
  EXPECT_EQ(static_cast<int>(verdict.exit_code), 4);
  EXPECT_TRUE(absl::StrContains(verdict.reason, "rank 3 did not arrive")) << verdict.reason;
}

TEST(DecideVerdictTest, InfrastructureErrorWinsOverFindings) {
  const Verdict verdict = DecideVerdict({FailOn("node-a")}, absl::InternalError("MPI_Allreduce failed"));
  EXPECT_EQ(verdict.status, VerdictStatus::kError);
  EXPECT_EQ(verdict.exit_code, ExitCode::kCouldNotTest);
  EXPECT_EQ(static_cast<int>(verdict.exit_code), 3);
  EXPECT_TRUE(absl::StrContains(verdict.reason, "MPI_Allreduce failed")) << verdict.reason;
}

TEST(DecideVerdictTest, ErrorWithoutFindings) {
  const Verdict verdict = DecideVerdict({}, absl::UnavailableError("rank 2 unreachable"));
  EXPECT_EQ(verdict.status, VerdictStatus::kError);
  EXPECT_EQ(verdict.exit_code, ExitCode::kCouldNotTest);
}

TEST(ExitCodeForStatusTest, Mapping) {
  EXPECT_EQ(ExitCodeForStatus(absl::OkStatus()), ExitCode::kPass);
  EXPECT_EQ(ExitCodeForStatus(absl::InvalidArgumentError("x")), ExitCode::kUsage);
  EXPECT_EQ(ExitCodeForStatus(absl::NotFoundError("x")), ExitCode::kUsage);
  EXPECT_EQ(ExitCodeForStatus(absl::OutOfRangeError("x")), ExitCode::kUsage);
  EXPECT_EQ(ExitCodeForStatus(absl::FailedPreconditionError("x")), ExitCode::kUsage);
  EXPECT_EQ(ExitCodeForStatus(absl::DeadlineExceededError("x")), ExitCode::kTimeout);
  EXPECT_EQ(ExitCodeForStatus(absl::UnavailableError("x")), ExitCode::kCouldNotTest);
  EXPECT_EQ(ExitCodeForStatus(absl::InternalError("x")), ExitCode::kCouldNotTest);
  EXPECT_EQ(ExitCodeForStatus(absl::DataLossError("x")), ExitCode::kCouldNotTest);
  EXPECT_EQ(ExitCodeForStatus(absl::UnknownError("x")), ExitCode::kCouldNotTest);
}

TEST(ExitCodeForStatusTest, NumericValues) {
  EXPECT_EQ(static_cast<int>(ExitCode::kPass), 0);
  EXPECT_EQ(static_cast<int>(ExitCode::kFailure), 1);
  EXPECT_EQ(static_cast<int>(ExitCode::kUsage), 2);
  EXPECT_EQ(static_cast<int>(ExitCode::kCouldNotTest), 3);
  EXPECT_EQ(static_cast<int>(ExitCode::kTimeout), 4);
}

TEST(VerdictStatusTest, EachExitCodeHasItsStatusAndBack) {
  const std::pair<ExitCode, absl::string_view> expected[] = {{ExitCode::kPass, "pass"},
                                                             {ExitCode::kFailure, "fail"},
                                                             {ExitCode::kUsage, "usage"},
                                                             {ExitCode::kCouldNotTest, "error"},
                                                             {ExitCode::kTimeout, "timeout"}};
  for (const auto& [code, name] : expected) {
    EXPECT_EQ(VerdictStatusName(VerdictStatusOf(code)), name);
    EXPECT_EQ(ExitCodeOf(VerdictStatusOf(code)), code);
  }
  EXPECT_EQ(ExitCodeOf(VerdictStatus::kIncomplete), ExitCode::kCouldNotTest);
  EXPECT_EQ(ParseVerdictStatus("incomplete").value(), VerdictStatus::kIncomplete);
  EXPECT_EQ(ParseRunState("timeout").value(), RunState::kTimeout);
  EXPECT_FALSE(ParseRunState("done").ok());
}

TEST(RanksByHostTest, HostsInFirstAppearanceOrderWithTheirRanks) {
  const std::vector<RankInfo> ranks = {Rank(0, "node-b"), Rank(1, "node-a"), Rank(2, "node-b"),
                                       Rank(3, "node-c"), Rank(4, "node-a")};
  const std::vector<std::pair<std::string, std::vector<int>>> expected = {
      {"node-b", {0, 2}}, {"node-a", {1, 4}}, {"node-c", {3}}};
  EXPECT_EQ(RanksByHost(ranks), expected);
}

TEST(RanksByHostTest, OneHostAndNone) {
  EXPECT_TRUE(RanksByHost({}).empty());
  const std::vector<std::pair<std::string, std::vector<int>>> expected = {{"solo", {0, 1, 2}}};
  EXPECT_EQ(RanksByHost({Rank(0, "solo"), Rank(1, "solo"), Rank(2, "solo")}), expected);
}

TEST(NowRfc3339Test, UtcWithMilliseconds) {
  const std::string now = NowRfc3339();
  // 2026-11-22T23:07:58.504Z
  ASSERT_EQ(now.size(), 24u) << now;
  EXPECT_EQ(now[4], '-');
  EXPECT_EQ(now[7], '-');
  EXPECT_EQ(now[10], 'T');
  EXPECT_EQ(now[13], ':');
  EXPECT_EQ(now[16], ':');
  EXPECT_EQ(now[19], '.');
  EXPECT_EQ(now[23], 'Z');
}

TEST(RunDocumentTest, DefaultsNameTheSchema) {
  const RunDocument document;
  EXPECT_EQ(document.schema, "spinecheck.run/1");
  EXPECT_EQ(document.state, RunState::kRunning);
}

}  // namespace
}  // namespace spinecheck
