// The HTML report and the Markdown report, rendered from the sample
// documents of one small cluster (tests/support/samples/report_documents.h).
#include "reports/writers/html_report.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "reports/model/exit_code.h"
#include "reports/writers/markdown_report.h"
#include "reports/writers/report_format.h"
#include "reports/writers/report_summary.h"
#include "tests/support/samples/report_documents.h"

#ifndef SPINECHECK_FIXTURES
#error "SPINECHECK_FIXTURES must name the tests/fixtures folder"
#endif

namespace spinecheck {
namespace {

constexpr char kGolden[] = "report_markdown_golden.md";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

// The text of the section with `id`, from its opening tag to its end.
std::string Section(const std::string& html, const std::string& id) {
  const size_t start = html.find(absl::StrCat("<section id=\"", id, "\""));
  if (start == std::string::npos) return "";
  return html.substr(start, html.find("</section>", start) - start);
}

size_t Count(const std::string& text, const std::string& needle) {
  size_t count = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + needle.size())) ++count;
  return count;
}

TEST(HtmlReportTest, EverySectionHasItsIdOnce) {
  const std::string html = RenderHtmlReport(SampleDocuments());
  for (const std::string& id : HtmlReportSectionIds()) {
    EXPECT_EQ(Count(html, absl::StrCat("id=\"", id, "\"")), 1u) << id;
  }
  EXPECT_TRUE(absl::StartsWith(html, "<!DOCTYPE html>"));
}

TEST(HtmlReportTest, VerdictIsTheWorstDocumentsWithCounts) {
  const std::string verdict = Section(RenderHtmlReport(SampleDocuments()), "verdict");
  EXPECT_TRUE(absl::StrContains(verdict, "data-status=\"fail\" data-exit-code=\"1\"")) << verdict;
  EXPECT_TRUE(absl::StrContains(verdict, "<b>6</b> nodes"));
  EXPECT_TRUE(absl::StrContains(verdict, "<b>10</b> GPUs"));
  EXPECT_TRUE(absl::StrContains(verdict, "<b>15</b> links tested"));
  EXPECT_TRUE(absl::StrContains(verdict, "<b>2</b> failed"));
  EXPECT_TRUE(absl::StrContains(verdict, "<b>1</b> warned"));
  EXPECT_TRUE(absl::StrContains(verdict, "<b>0</b> could not test"));

  std::vector<RunDocument> documents = SampleDocuments();
  RunDocument timed_out = SampleSweepDocument();
  timed_out.verdict = DecideVerdict({}, absl::DeadlineExceededError("-T 60 s expired"));
  documents.push_back(timed_out);
  EXPECT_TRUE(absl::StrContains(RenderHtmlReport(documents), "data-status=\"timeout\" data-exit-code=\"4\""));
}

TEST(HtmlReportTest, WorstExitCodeFollowsSeverityNotNumbersOfDocuments) {
  EXPECT_EQ(WorstExitCode(ExitCode::kFailure, ExitCode::kUsage), ExitCode::kUsage);
  EXPECT_EQ(WorstExitCode(ExitCode::kCouldNotTest, ExitCode::kFailure), ExitCode::kCouldNotTest);
  EXPECT_EQ(WorstExitCode(ExitCode::kCouldNotTest, ExitCode::kTimeout), ExitCode::kTimeout);
  EXPECT_EQ(WorstExitCode(ExitCode::kPass, ExitCode::kPass), ExitCode::kPass);
  EXPECT_EQ(SummarizeVerdict({}).exit_code, ExitCode::kCouldNotTest);
}

TEST(HtmlReportTest, ActionsListDrainedHostsWithReasons) {
  const std::string actions = Section(RenderHtmlReport(SampleDocuments()), "actions");
  EXPECT_TRUE(absl::StrContains(actions, "<td class=\"host\"><div data-drain=\"node02\">node02</div></td>"));
  // The hosts behind the slow uplink share one row and one list of reasons.
  EXPECT_EQ(Count(actions, "links.slow_uplink"), 1u);
  EXPECT_TRUE(absl::StrContains(actions, "<div data-drain=\"node03\">node03</div><div data-drain=\"node04\">"));
  EXPECT_TRUE(absl::StrContains(actions, "burn.gemm.mismatch"));
  EXPECT_TRUE(absl::StrContains(actions, "measured 12 mismatching elements, expected 0 mismatching elements"));
  EXPECT_TRUE(absl::StrContains(actions, "Action: drain node02 and replace GPU 1"));
  EXPECT_TRUE(absl::StrContains(actions, "links.slow_uplink"));
  // The warning drains nothing and is listed apart.
  EXPECT_TRUE(absl::StrContains(actions, "Other findings"));
  EXPECT_GT(actions.find("links.high_latency_host"), actions.find("Other findings"));
}

TEST(HtmlReportTest, NodesAreWorstFirst) {
  const std::string nodes = Section(RenderHtmlReport(SampleDocuments()), "nodes");
  const size_t node02 = nodes.find("data-host=\"node02\"");
  const size_t node03 = nodes.find("data-host=\"node03\"");
  const size_t node01 = nodes.find("data-host=\"node01\"");
  const size_t node05 = nodes.find("data-host=\"node05\"");
  ASSERT_NE(node02, std::string::npos);
  ASSERT_NE(node05, std::string::npos);
  EXPECT_LT(node02, node01);  // fail before warn
  EXPECT_LT(node03, node01);
  EXPECT_LT(node01, node05);  // warn before pass
  EXPECT_TRUE(absl::StrContains(nodes, "<tr class=\"st-fail\" data-host=\"node02\">"));
  EXPECT_TRUE(absl::StrContains(nodes, "<tr class=\"st-warn\" data-host=\"node01\">"));
  EXPECT_TRUE(absl::StrContains(nodes, "<th>burn</th><th>links</th>"));
}

TEST(HtmlReportTest, SweepChartHasLog2LabelsAndTheBaselineBand) {
  const std::string sweep = Section(RenderHtmlReport(SampleDocuments()), "sweep");
  EXPECT_TRUE(absl::StrContains(sweep, "data-key=\"all_reduce float sum\""));
  EXPECT_EQ(Count(sweep, "<svg class=\"chart\""), 1u);
  for (const char* label : {">8 B<", ">1 KiB<", ">1 MiB<", ">16 MiB<"}) {
    EXPECT_TRUE(absl::StrContains(sweep, label)) << label;
  }
  EXPECT_TRUE(absl::StrContains(sweep, "<polygon class=\"band\""));
  EXPECT_TRUE(absl::StrContains(sweep, "<polyline class=\"expected\""));
  EXPECT_EQ(Count(sweep, "<circle class=\"point\""), 8u);  // 8 B .. 16 MiB by 8x
}

TEST(HtmlReportTest, BlamedUplinkHostsAndGpuAreMarked) {
  const std::string html = RenderHtmlReport(SampleDocuments());
  const std::string topology = Section(html, "topology");
  EXPECT_TRUE(absl::StrContains(topology, "<line class=\"edge blamed fail\""));
  EXPECT_TRUE(absl::StrContains(topology, "data-link=\"leaf01&lt;-&gt;spine00\""));
  EXPECT_EQ(Count(topology, "edge blamed"), 1u);
  EXPECT_TRUE(absl::StrContains(topology, "<g class=\"node blamed warn\" data-host=\"node01\">"));

  const std::string links = Section(html, "links");
  // Pairs across the leaves cross the blamed uplink; pairs within leaf00 do not.
  EXPECT_TRUE(absl::StrContains(links, "class=\"cell blamed fail\" x="));
  EXPECT_TRUE(absl::StrContains(links, "data-pair=\"node01&lt;-&gt;node03\"><title>"));
  const size_t pair = links.find("data-pair=\"node01&lt;-&gt;node03\"");
  EXPECT_NE(links.rfind("<rect class=\"cell blamed fail\"", pair), std::string::npos);
  const size_t healthy = links.find("data-pair=\"node01&lt;-&gt;node02\"");
  const size_t healthy_rect = links.rfind("<rect", healthy);
  EXPECT_EQ(links.substr(healthy_rect, 18), "<rect class=\"cell\"");
  // Hosts in leaf order: leaf00's three, then leaf01's.
  EXPECT_LT(links.find("data-host=\"node05\""), links.find("data-host=\"node03\""));
  EXPECT_TRUE(absl::StrContains(links, "class=\"host blamed warn\""));

  const std::string burn = Section(html, "burn");
  EXPECT_TRUE(absl::StrContains(burn, absl::StrCat("<tr class=\"st-fail blamed\" data-uuid=\"", kCorruptGpuUuid, "\">")));
  EXPECT_TRUE(absl::StrContains(burn, "<td class=\"num st-fail\">12</td>") ||
              absl::StrContains(burn, "<td class=\"num\">12</td>"));
  EXPECT_TRUE(absl::StrContains(burn, "<td class=\"st-fail\">79</td>"));  // the XID
  EXPECT_TRUE(absl::StrContains(burn, "gen5 x16 of gen5 x16"));
}

TEST(HtmlReportTest, HostileTextIsEscapedEverywhere) {
  const std::string html = RenderHtmlReport(SampleDocuments());
  EXPECT_FALSE(absl::StrContains(html, kHostileHost));
  EXPECT_TRUE(absl::StrContains(html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
  EXPECT_EQ(Count(html, "<script"), 1u);  // the page's own check script
}

TEST(HtmlReportTest, PageIsSelfContained) {
  const std::string html = RenderHtmlReport(SampleDocuments());
  for (const char* reference : {"http:", "https:", "src=", "href=", "url(", "@import", "xmlns"}) {
    EXPECT_FALSE(absl::StrContains(html, reference)) << reference;
  }
}

TEST(HtmlReportTest, EnvironmentHighlightsTheValueThatDiffersFromTheMajority) {
  const std::string environment = Section(RenderHtmlReport(SampleDocuments()), "environment");
  EXPECT_EQ(Count(environment, "class=\"differs\""), 1u);
  const size_t node04 = environment.find("<tr data-host=\"node04\">");
  ASSERT_NE(node04, std::string::npos);
  const std::string row = environment.substr(node04, environment.find("</tr>", node04) - node04);
  EXPECT_TRUE(absl::StrContains(row, "<td class=\"differs\">mlx5_0/1 200 Gb/s ACTIVE</td>")) << row;
  EXPECT_TRUE(absl::StrContains(environment, "<td>13.0</td>"));
  EXPECT_TRUE(absl::StrContains(environment, "<td>Open MPI v4.1.4</td>"));
}

TEST(HtmlReportTest, EnvironmentComparesEveryRanksOwnVersions) {
  RunDocument sweep = SampleSweepDocument();
  ASSERT_GE(sweep.ranks.size(), 3u);
  for (RankInfo& rank : sweep.ranks) rank.software = {"13.0", "13.0", "2.28.9", "Open MPI v4.1.4"};
  sweep.ranks.back().software.cuda_driver = "12.8";  // one host left behind
  const std::string environment = Section(RenderHtmlReport({sweep}), "environment");
  const std::string host = sweep.ranks.back().host;
  const size_t at = environment.find(absl::StrCat("<tr data-host=\"", host, "\">"));
  ASSERT_NE(at, std::string::npos) << environment;
  const std::string row = environment.substr(at, environment.find("</tr>", at) - at);
  EXPECT_TRUE(absl::StrContains(row, "<td class=\"differs\">12.8</td>")) << row;
  EXPECT_FALSE(absl::StrContains(environment, "rank 0 only")) << environment;
}

TEST(HtmlReportTest, SectionsWithoutDataSaySo) {
  const std::string html = RenderHtmlReport({SampleSweepDocument()});
  EXPECT_TRUE(absl::StrContains(Section(html, "links"), "No link matrices in these documents."));
  EXPECT_TRUE(absl::StrContains(Section(html, "topology"), "No fabric map in these documents."));
  EXPECT_TRUE(absl::StrContains(Section(html, "burn"), "No burn results in these documents."));
  EXPECT_TRUE(absl::StrContains(Section(html, "actions"), "Nothing to drain."));
  EXPECT_TRUE(absl::StrContains(Section(html, "verdict"), "data-status=\"pass\" data-exit-code=\"0\""));
  const std::string empty = RenderHtmlReport({});
  EXPECT_TRUE(absl::StrContains(empty, "No result documents were given."));
  EXPECT_TRUE(absl::StrContains(empty, "No collective sweep in these documents."));
}

TEST(HtmlReportTest, WritesTheFileAndReportsABadPath) {
  const std::string dir = ::testing::TempDir();
  const std::string path = absl::StrCat(dir, "/report_test.html");
  ASSERT_TRUE(WriteHtmlReport(SampleDocuments(), path).ok());
  EXPECT_EQ(ReadFile(path), RenderHtmlReport(SampleDocuments()));
  const std::string md_path = absl::StrCat(dir, "/report_test.md");
  ASSERT_TRUE(WriteMarkdownReport(SampleDocuments(), md_path).ok());
  EXPECT_EQ(ReadFile(md_path), RenderMarkdownReport(SampleDocuments()));
  const absl::Status status = WriteHtmlReport(SampleDocuments(), "/nonexistent-folder/r.html");
  EXPECT_FALSE(status.ok());
  EXPECT_TRUE(absl::StrContains(status.message(), "/nonexistent-folder/r.html")) << status;
}

TEST(MarkdownReportTest, MatchesTheGoldenFile) {
  const std::string markdown = RenderMarkdownReport(SampleDocuments());
  const std::string path = absl::StrCat(SPINECHECK_FIXTURES, "/", kGolden);
  // SPINECHECK_UPDATE_GOLDEN=1 rewrites the golden file from this output.
  if (std::getenv("SPINECHECK_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(path, std::ios::binary) << markdown;
  }
  EXPECT_EQ(markdown, ReadFile(path)) << "rerun with SPINECHECK_UPDATE_GOLDEN=1 after checking the difference";
}

TEST(MarkdownReportTest, EscapesDocumentTextAndMarksBlameAndDifferences) {
  const std::string markdown = RenderMarkdownReport(SampleDocuments());
  EXPECT_FALSE(absl::StrContains(markdown, "<script"));
  EXPECT_TRUE(absl::StrContains(markdown, "&lt;script&gt;alert(1)&lt;/script&gt;"));
  EXPECT_TRUE(absl::StrContains(markdown, "12 wrong GEMM elements \\| fp32"));
  EXPECT_TRUE(absl::StrContains(markdown, "**mlx5_0/1 200 Gb/s ACTIVE**"));
  EXPECT_TRUE(absl::StrContains(markdown, "uplink leaf01<->spine00 (fail)") ||
              absl::StrContains(markdown, "uplink leaf01&lt;-&gt;spine00 (fail)"));
  EXPECT_LT(markdown.find("| node02 | fail |"), markdown.find("| node01 | warn |"));
  EXPECT_LT(markdown.find("| node01 | warn |"), markdown.find("| node05 | pass |"));
  for (const char* heading : {"## Verdict", "## Actions", "## Nodes", "## Bus bandwidth", "## Pairwise bandwidth",
                              "## Topology", "## GPU burn", "## Environment"}) {
    EXPECT_TRUE(absl::StrContains(markdown, heading)) << heading;
  }
}

TEST(ReportFormatTest, SizesNumbersAndEscapes) {
  EXPECT_EQ(FormatSizeLabel(8), "8 B");
  EXPECT_EQ(FormatSizeLabel(1024), "1 KiB");
  EXPECT_EQ(FormatSizeLabel(uint64_t{1} << 20), "1 MiB");
  EXPECT_EQ(FormatSizeLabel(1536), "1.5 KiB");
  EXPECT_EQ(FormatSizeLabel(uint64_t{4} << 30), "4 GiB");
  EXPECT_EQ(FormatNumber(0.6727989), "0.6728");
  EXPECT_EQ(FormatNumber(12.346), "12.35");
  EXPECT_EQ(FormatNumber(46.0), "46");
  EXPECT_EQ(FormatNumber(356.24), "356.2");
  EXPECT_EQ(HtmlEscape("a<b>&\"'"), "a&lt;b&gt;&amp;&quot;&#39;");
  EXPECT_EQ(MarkdownCell("a|b\nc"), "a\\|b c");
  EXPECT_EQ(MarkdownCell(""), "—");
}

}  // namespace
}  // namespace spinecheck
