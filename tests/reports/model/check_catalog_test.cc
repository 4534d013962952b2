// The check catalog: complete, consistent, and the same list as docs/schema.md.
#include "reports/model/check_catalog.h"

#include <fstream>
#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace spinecheck {
namespace {

TEST(CheckCatalogTest, EveryCheckIdHasItsEntryOnce) {
  std::set<std::string> ids;
  for (size_t i = 0; i < CheckCatalog().size(); ++i) {
    const CheckSpec& spec = CheckCatalog()[i];
    EXPECT_EQ(static_cast<size_t>(spec.check), i) << spec.id << " is out of CheckId order";
    EXPECT_TRUE(ids.insert(std::string(spec.id)).second) << spec.id << " twice";
    EXPECT_FALSE(spec.meaning.empty()) << spec.id;
    EXPECT_FALSE(spec.action.empty()) << spec.id;
  }
  EXPECT_EQ(&SpecOf(CheckId::kBaselineLinksLatency), &CheckCatalog().back());
}

// A check that fails by default drains; one that warns or errs by default
// does not (a producer may raise a warning check to fail only where its
// entry says what that failure means).
TEST(CheckCatalogTest, DrainRankAgreesWithTheDefaultSeverity) {
  for (const CheckSpec& spec : CheckCatalog()) {
    if (spec.severity == Severity::kFail) {
      EXPECT_NE(spec.drain_rank, DrainRank::kNever) << spec.id;
    } else {
      EXPECT_EQ(spec.drain_rank, DrainRank::kNever) << spec.id;
    }
  }
}

TEST(CheckCatalogTest, FindsSingleChecksAndFamilyMembers) {
  EXPECT_EQ(FindCheck("links.slow_host")->check, CheckId::kLinksSlowHost);
  EXPECT_EQ(FindCheck("burn.gemm.mismatch")->check, CheckId::kBurnMismatch);
  EXPECT_EQ(FindCheck("burn.copy.unconfirmed_outlier")->check, CheckId::kBurnUnconfirmedOutlier);
  EXPECT_EQ(FindCheck("burn.memory.outlier")->check, CheckId::kBurnOutlier);
  EXPECT_EQ(FindCheck("dcgm.memtest")->check, CheckId::kDcgmTest);
  EXPECT_EQ(FindCheck("links.slow_galaxy"), nullptr);
  EXPECT_EQ(FindCheck("burn..mismatch"), nullptr) << "a family member is never empty";
  EXPECT_EQ(FindCheck("dcgm."), nullptr);
  EXPECT_EQ(FindCheck(""), nullptr);
}

TEST(CheckCatalogTest, NewFindingTakesIdSeverityAndActionFromTheCatalog) {
  const Finding finding = NewFinding(CheckId::kBurnUnconfirmedOutlier, {ComponentKind::kGpu, "GPU-1", {"n1"}}, "gemm");
  EXPECT_EQ(finding.check, "burn.gemm.unconfirmed_outlier");
  EXPECT_EQ(finding.severity, Severity::kWarn);
  EXPECT_EQ(finding.action, SpecOf(CheckId::kBurnUnconfirmedOutlier).action);
  EXPECT_EQ(finding.component.id, "GPU-1");
  EXPECT_EQ(NewFinding(CheckId::kLinksSlowHost, {ComponentKind::kHost, "n1", {"n1"}}).check, "links.slow_host");
}

TEST(CheckCatalogTest, AWarningCheckNeverDrainsAndAnUnknownCheckStillDoes) {
  Finding warning = NewFinding(CheckId::kLinksUnexplained, {ComponentKind::kLink, "pairs", {"n1", "n2"}});
  warning.severity = Severity::kFail;  // as a document may say
  Finding unknown;
  unknown.check = "fabric.something_newer";
  unknown.component = {ComponentKind::kOther, "x", {"n3"}};
  const Verdict verdict = DecideVerdict({warning, unknown}, absl::OkStatus());
  EXPECT_EQ(verdict.exit_code, ExitCode::kFailure);
  EXPECT_EQ(verdict.drain, std::vector<std::string>({"n3"}));
}

// "| `id` | fail | defect | what it means |" -> "| `id` | fail | defect |".
std::string FirstThreeCells(const std::string& row) {
  size_t end = 0;
  for (int cell = 0; cell < 3 && end != std::string::npos; ++cell) end = row.find(" |", end + 1);
  return end == std::string::npos ? row : row.substr(0, end + 2);
}

// docs/schema.md's table of checks (the section "### Check catalog") lists every
// catalog entry with its severity and drain rank, and nothing else.
TEST(CheckCatalogTest, SchemaDocumentListsTheCatalog) {
  std::ifstream in(std::string(SPINECHECK_SOURCE_DIR) + "/docs/schema.md");
  ASSERT_TRUE(in) << "docs/schema.md";
  std::set<std::string> documented;
  bool in_table = false;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("#", 0) == 0) in_table = line == "### Check catalog";
    if (in_table && line.rfind("| `", 0) == 0) documented.insert(FirstThreeCells(line));
  }
  const char* const rank_names[] = {"never", "slow", "misconfigured", "defect", "unresponsive"};
  std::set<std::string> expected;
  for (const CheckSpec& spec : CheckCatalog()) {
    expected.insert(absl::StrCat("| `", spec.id, "` | ", SeverityName(spec.severity), " | ",
                                 rank_names[static_cast<int>(spec.drain_rank)], " |"));
  }
  EXPECT_EQ(documented, expected);
}

}  // namespace
}  // namespace spinecheck
