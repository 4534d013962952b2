// The importers of nccl-tests, OSU and IMB outputs against real logs
// (tests/fixtures/imports, first line names each one's source) and against
// malformed inputs, which must be rejected with the line that is wrong.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "reports/importers/imb.h"
#include "reports/importers/nccl_tests.h"
#include "reports/importers/osu.h"

namespace spinecheck {
namespace {

std::string Fixture(const std::string& name) {
  std::ifstream in(std::string(SPINECHECK_FIXTURES) + "/imports/" + name);
  EXPECT_TRUE(in.good()) << name;
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// GB/s of `bytes` moved in `time_us`.
double Gbps(double bytes, double time_us) { return bytes / (time_us * 1e-6) / 1e9; }

// ---------------------------------------------------------------- nccl-tests

TEST(ImportNcclTests, H100TwoNodesAllReduce) {
  const std::string file = "all_reduce_h100_2node_16rank_gcp_a3mega.txt";
  auto document = ImportNcclTests(Fixture(file), file);
  ASSERT_TRUE(document.ok()) << document.status();
  EXPECT_EQ(document->command, "import");
  EXPECT_EQ(document->state, RunState::kCompleted);
  EXPECT_EQ(document->source.producer, "nccl-tests");
  EXPECT_EQ(document->source.producer_version, "");  // this era prints no version line
  EXPECT_EQ(document->source.file, file);
  ASSERT_EQ(document->collective_rows.size(), 31u);
  ASSERT_EQ(document->ranks.size(), 16u);
  EXPECT_EQ(document->ranks[0].host, "ztan-mig-235z");
  EXPECT_EQ(document->ranks[8].host, "ztan-mig-gq73");
  EXPECT_EQ(document->ranks[8].pid, 6733);
  EXPECT_EQ(document->ranks[8].local_rank, 0);
  EXPECT_EQ(document->ranks[15].local_rank, 7);
  ASSERT_EQ(document->ranks[2].devices.size(), 1u);
  EXPECT_EQ(document->ranks[2].devices[0].pci_bus_id, "0000:0b:00");
  EXPECT_EQ(document->ranks[2].devices[0].model, "NVIDIA H100 80GB HBM3");
  EXPECT_EQ(document->ranks[2].devices[0].index, 2);
  EXPECT_EQ(document->ranks[2].devices[0].comm_rank, 2);

  const CollectiveRow& first = document->collective_rows.front();
  EXPECT_EQ(first.size_bytes, 8u);
  EXPECT_EQ(first.count, 2u);
  EXPECT_DOUBLE_EQ(first.out_of_place.time_us, 135.8);
  const CollectiveRow& last = document->collective_rows.back();
  EXPECT_EQ(last.collective, "all_reduce");  // from the file name: the log never names it
  EXPECT_EQ(last.size_bytes, 8589934592u);
  EXPECT_EQ(last.count, 2147483648u);
  EXPECT_EQ(last.type, "float");
  EXPECT_EQ(last.redop, "sum");
  EXPECT_EQ(last.root, -1);
  EXPECT_EQ(last.ranks, 16);
  EXPECT_DOUBLE_EQ(last.bus_factor, 30.0 / 16.0);
  EXPECT_TRUE(last.out_of_place.measured);
  EXPECT_DOUBLE_EQ(last.out_of_place.time_us, 47535);
  EXPECT_DOUBLE_EQ(last.out_of_place.algbw_gbps, 180.71);
  EXPECT_DOUBLE_EQ(last.out_of_place.busbw_gbps, 338.82);
  EXPECT_EQ(last.out_of_place.wrong, 0);
  EXPECT_DOUBLE_EQ(last.in_place.time_us, 47743);
  EXPECT_DOUBLE_EQ(last.in_place.busbw_gbps, 337.35);
  EXPECT_EQ(last.in_place.wrong, 0);
  EXPECT_TRUE(document->findings.empty());
  EXPECT_EQ(document->verdict.status, VerdictStatus::kPass);
  EXPECT_EQ(document->verdict.exit_code, ExitCode::kPass);
}

TEST(ImportNcclTests, AllGatherWithoutHashPrefixAndValidationOff) {
  const std::string file = "all_gather_h100_2node_16rank_dstack_no_hash_prefix.txt";
  auto document = ImportNcclTests(Fixture(file), file);
  ASSERT_TRUE(document.ok()) << document.status();
  ASSERT_EQ(document->collective_rows.size(), 11u);
  EXPECT_TRUE(document->ranks.empty());  // no device lines in this log
  const CollectiveRow& first = document->collective_rows.front();
  EXPECT_EQ(first.collective, "all_gather");
  EXPECT_EQ(first.size_bytes, 8388608u);
  EXPECT_EQ(first.count, 131072u);
  EXPECT_EQ(first.redop, "none");
  EXPECT_EQ(first.ranks, 0);
  EXPECT_DOUBLE_EQ(first.bus_factor, 0);
  EXPECT_DOUBLE_EQ(first.out_of_place.time_us, 166.6);
  EXPECT_DOUBLE_EQ(first.out_of_place.algbw_gbps, 50.34);
  EXPECT_DOUBLE_EQ(first.out_of_place.busbw_gbps, 47.19);
  EXPECT_FALSE(first.out_of_place.wrong.has_value());  // N/A
  EXPECT_FALSE(first.in_place.wrong.has_value());
  EXPECT_DOUBLE_EQ(document->collective_rows.back().in_place.busbw_gbps, 188.59);
  EXPECT_DOUBLE_EQ(document->collective_rows[8].out_of_place.time_us, 10863);
  EXPECT_EQ(document->verdict.status, VerdictStatus::kPass);
}

TEST(ImportNcclTests, LegacyErrorColumnK80) {
  const std::string file = "all_reduce_k80_4gpu_legacy_error_column_azureml.txt";
  auto document = ImportNcclTests(Fixture(file), file);
  ASSERT_TRUE(document.ok()) << document.status();
  ASSERT_EQ(document->collective_rows.size(), 7u);  // the NCCL INFO line inside the table is skipped
  ASSERT_EQ(document->ranks.size(), 4u);
  EXPECT_EQ(document->ranks[3].host, "2e3f9af7241040529530e810ce60fe5d000002");
  EXPECT_EQ(document->ranks[3].pid, 197);
  EXPECT_EQ(document->ranks[3].devices[0].pci_bus_id, "0x00");
  EXPECT_EQ(document->ranks[3].devices[0].model, "Tesla K80");
  const CollectiveRow& last = document->collective_rows.back();
  EXPECT_EQ(last.size_bytes, 2147483648u);
  EXPECT_EQ(last.root, -1);  // no root column before 2.13
  EXPECT_EQ(last.redop, "sum");
  EXPECT_EQ(last.ranks, 4);
  EXPECT_DOUBLE_EQ(last.bus_factor, 1.5);
  EXPECT_DOUBLE_EQ(last.out_of_place.time_us, 1258554);  // overflows its 7-character field
  EXPECT_DOUBLE_EQ(last.out_of_place.busbw_gbps, 2.56);
  EXPECT_FALSE(last.out_of_place.wrong.has_value());  // a deviation, not a count
  EXPECT_TRUE(document->findings.empty());            // 2e-07 is within float's 1e-5 × 3
  EXPECT_EQ(document->verdict.status, VerdictStatus::kPass);
}

TEST(ImportNcclTests, LegacyErrorBeyondToleranceFails) {
  const std::string text =
      "#   Rank  0 Pid    195 on host-a device  0 [0x00] Tesla K80\n"
      "#   Rank  1 Pid    196 on host-a device  1 [0x00] Tesla K80\n"
      "#       size         count      type   redop     time   algbw   busbw  error     time   algbw   busbw  error\n"
      "    33554432       8388608     float     sum    19902    1.69    2.53  1e+00    19898    1.69    2.53  0e+00\n";
  auto document = ImportNcclTests(text, "all_reduce.log");
  ASSERT_TRUE(document.ok()) << document.status();
  ASSERT_EQ(document->findings.size(), 1u);
  EXPECT_EQ(document->findings[0].check, "collective.data_integrity");
  EXPECT_EQ(document->verdict.status, VerdictStatus::kFail);
}

TEST(ImportNcclTests, SixRunsInOneLog) {
  const std::string file = "all_reduce_v100_2gpu_six_runs_validation_off.txt";
  auto document = ImportNcclTests(Fixture(file), file);
  ASSERT_TRUE(document.ok()) << document.status();
  ASSERT_EQ(document->collective_rows.size(), 6u);
  ASSERT_EQ(document->ranks.size(), 2u);
  EXPECT_EQ(document->ranks[0].pid, 154);  // the first run's world
  EXPECT_EQ(document->ranks[1].devices[0].pci_bus_id, "0x89");
  for (const CollectiveRow& row : document->collective_rows) {
    EXPECT_EQ(row.collective, "all_reduce");
    EXPECT_EQ(row.size_bytes, 33554432u);
    EXPECT_EQ(row.ranks, 2);
    EXPECT_DOUBLE_EQ(row.bus_factor, 1.0);
    EXPECT_FALSE(row.out_of_place.wrong.has_value());
  }
  EXPECT_DOUBLE_EQ(document->collective_rows[4].out_of_place.time_us, 792.2);
  EXPECT_DOUBLE_EQ(document->collective_rows[4].out_of_place.busbw_gbps, 42.36);
  EXPECT_DOUBLE_EQ(document->collective_rows[4].in_place.busbw_gbps, 42.37);
  EXPECT_DOUBLE_EQ(document->collective_rows[5].out_of_place.time_us, 6080.7);
}

TEST(ImportNcclTests, CurrentFormatWithWrongElementsFails) {
  const std::string text =
      "# nccl-tests version 2.19.6 nccl-headers=22903 nccl-library=22903\n"
      "# Collective test starting: reduce_scatter_perf\n"
      "# nThread 1 nGpus 1 minBytes 1024 maxBytes 2048 step: 2(factor) warmup iters: 1 iters: 20 agg iters: 1 "
      "validation: 1 graph: 0 unalign: 0\n"
      "#\n"
      "# Using devices\n"
      "#  Rank  0 Group  0 Pid  12345 on     node-a device  0 [0000:07:00] NVIDIA H100 80GB HBM3\n"
      "#  Rank  1 Group  0 Pid  12346 on     node-b device  0 [0000:07:00] NVIDIA H100 80GB HBM3\n"
      "#\n"
      "#                                                              out-of-place                       in-place\n"
      "#       size         count      type   redop    root     time   algbw   busbw  #wrong     time   algbw   "
      "busbw  #wrong\n"
      "#        (B)    (elements)                               (us)  (GB/s)  (GB/s)             (us)  (GB/s)  "
      "(GB/s)\n"
      "        1024           128     float     sum      -1    10.50    0.10    0.05       0    10.40    0.10    "
      "0.05       3\n"
      "        2048           256     float     sum      -1    11.00    0.19    0.09  1.23457e+06    11.10    0.18    "
      "0.09       0\n"
      "# Out of bounds values : 2 FAILED\n"
      "# Avg bus bandwidth    : 0.07 \n"
      "#\n"
      "# Collective test concluded: reduce_scatter_perf\n";
  auto document = ImportNcclTests(text, "run.log");
  ASSERT_TRUE(document.ok()) << document.status();
  EXPECT_EQ(document->source.producer_version, "2.19.6");
  EXPECT_EQ(document->environment.nccl_version_runtime, "2.29.3");
  ASSERT_EQ(document->collective_rows.size(), 2u);
  EXPECT_EQ(document->collective_rows[0].collective, "reduce_scatter");
  EXPECT_DOUBLE_EQ(document->collective_rows[0].bus_factor, 0.5);
  EXPECT_EQ(document->collective_rows[0].in_place.wrong, 3);
  EXPECT_EQ(document->collective_rows[1].out_of_place.wrong, 1234570);
  ASSERT_EQ(document->findings.size(), 1u);
  const Finding& finding = document->findings[0];
  EXPECT_EQ(finding.check, "collective.data_integrity");
  EXPECT_EQ(finding.severity, Severity::kFail);
  EXPECT_DOUBLE_EQ(finding.measured, 1234573);
  EXPECT_EQ(finding.evidence.size(), 2u);
  EXPECT_EQ(finding.component.hosts, (std::vector<std::string>{"node-a", "node-b"}));
  EXPECT_EQ(document->verdict.status, VerdictStatus::kFail);
  EXPECT_EQ(document->verdict.exit_code, ExitCode::kFailure);
  EXPECT_EQ(document->verdict.drain, (std::vector<std::string>{"node-a", "node-b"}));
}

TEST(ImportNcclTests, JsonOutput) {
  const std::string file = "nccl_tests_all_reduce_4rank_2host_json_v3.json";
  auto document = ImportNcclTests(Fixture(file), file);
  ASSERT_TRUE(document.ok()) << document.status();
  EXPECT_EQ(document->source.producer, "nccl-tests");
  EXPECT_EQ(document->environment.nccl_version_runtime, "2.29.3");
  EXPECT_EQ(document->argv.front(), "./build/all_reduce_perf");
  ASSERT_EQ(document->ranks.size(), 4u);
  EXPECT_EQ(document->ranks[2].host, "node-b");
  EXPECT_EQ(document->ranks[2].local_rank, 0);
  EXPECT_EQ(document->ranks[3].devices[0].pci_bus_id, "0000:2a:00");
  ASSERT_EQ(document->collective_rows.size(), 3u);
  const CollectiveRow& row = document->collective_rows[1];
  EXPECT_EQ(row.collective, "all_reduce");
  EXPECT_EQ(row.size_bytes, 16777216u);
  EXPECT_EQ(row.count, 4194304u);
  EXPECT_EQ(row.root, -1);
  EXPECT_DOUBLE_EQ(row.bus_factor, 1.5);
  EXPECT_DOUBLE_EQ(row.out_of_place.time_us, 310.5);
  EXPECT_DOUBLE_EQ(row.out_of_place.algbw_gbps, 54.032902);
  EXPECT_DOUBLE_EQ(row.out_of_place.busbw_gbps, 81.049353);
  EXPECT_EQ(row.out_of_place.wrong, 0);
  EXPECT_EQ(row.in_place.wrong, 5);
  EXPECT_EQ(row.out_of_place.iteration_stats.samples, 4);
  EXPECT_DOUBLE_EQ(row.out_of_place.iteration_stats.min_us, 304.29);
  ASSERT_EQ(document->findings.size(), 1u);
  EXPECT_DOUBLE_EQ(document->findings[0].measured, 5);
  EXPECT_EQ(document->verdict.status, VerdictStatus::kFail);
  EXPECT_EQ(document->verdict.drain, (std::vector<std::string>{"node-a", "node-b"}));
}

// Found by the nccl_tests_import fuzz target: a device's rank given as a
// float beyond an int was cast (undefined behaviour); it is an error naming
// it, as is a wrong-element count beyond an integer.
TEST(ImportNcclTests, JsonNumbersThatDoNotFitAreErrors) {
  const std::string file = "nccl_tests_all_reduce_4rank_2host_json_v3.json";
  const std::string text = Fixture(file);
  const std::string body = text.substr(text.find('\n') + 1);  // after the "# source:" line
  nlohmann::json json = nlohmann::json::parse(body);
  json["config"]["devices"][1]["rank"] = 4.1e85;
  auto document = ImportNcclTests(json.dump(), file);
  ASSERT_FALSE(document.ok());
  EXPECT_TRUE(absl::StrContains(document.status().message(), "rank 4.1e+85 is not an integer of 32 bits"))
      << document.status();

  json = nlohmann::json::parse(body);
  json["results"][0]["out_of_place"]["nwrong"] = 1e300;
  document = ImportNcclTests(json.dump(), file);
  ASSERT_FALSE(document.ok());
  EXPECT_TRUE(absl::StrContains(document.status().message(), "out_of_place.nwrong: is not a count or null")) << document.status();
}

// ----------------------------------------------------------------------- OSU

TEST(ImportOsu, LatencyV5) {
  const std::string file = "osu_excalibur_alaska_ib_ompi4_osu_latency_v5.6.2.txt";
  auto document = ImportOsu(Fixture(file), file);
  ASSERT_TRUE(document.ok()) << document.status();
  EXPECT_EQ(document->source.producer, "osu");
  EXPECT_EQ(document->source.producer_version, "v5.6.2");
  ASSERT_EQ(document->collective_rows.size(), 24u);  // 0, 1, 2, 4 ... 4194304
  EXPECT_EQ(document->collective_rows[0].size_bytes, 0u);
  EXPECT_DOUBLE_EQ(document->collective_rows[0].out_of_place.time_us, 1.00);
  const CollectiveRow& last = document->collective_rows.back();
  EXPECT_EQ(last.collective, "osu_latency");
  EXPECT_EQ(last.size_bytes, 4194304u);
  EXPECT_EQ(last.ranks, 2);
  EXPECT_DOUBLE_EQ(last.out_of_place.time_us, 351.21);
  EXPECT_DOUBLE_EQ(last.out_of_place.algbw_gbps, Gbps(4194304, 351.21));
  EXPECT_DOUBLE_EQ(last.out_of_place.busbw_gbps, Gbps(4194304, 351.21));
  EXPECT_FALSE(last.out_of_place.wrong.has_value());
  EXPECT_FALSE(last.in_place.measured);
  EXPECT_EQ(document->verdict.status, VerdictStatus::kPass);
}

TEST(ImportOsu, BandwidthsAndMessageRate) {
  auto bw = ImportOsu(Fixture("osu_cscs_mpich_osu_bw_DD_internode.txt"), "bw.txt");
  ASSERT_TRUE(bw.ok()) << bw.status();
  EXPECT_EQ(bw->source.producer_version, "v7.5");
  ASSERT_EQ(bw->collective_rows.size(), 23u);
  EXPECT_EQ(bw->collective_rows.back().collective, "osu_bw");
  EXPECT_DOUBLE_EQ(bw->collective_rows.back().out_of_place.algbw_gbps, 23974.34e6 / 1e9);
  EXPECT_DOUBLE_EQ(bw->collective_rows.back().out_of_place.time_us, 0);

  auto bibw = ImportOsu(Fixture("osu_excalibur_alaska_ib_ompi4_osu_bibw_v5.6.2.txt"), "bibw.txt");
  ASSERT_TRUE(bibw.ok()) << bibw.status();
  EXPECT_EQ(bibw->collective_rows.back().collective, "osu_bibw");
  EXPECT_DOUBLE_EQ(bibw->collective_rows.back().out_of_place.algbw_gbps, 20799.10e6 / 1e9);

  auto mbw = ImportOsu(Fixture("osu_excalibur_alaska_ib_ompi4_osu_mbw_mr_64procs_v5.6.2.txt"), "mbw.txt");
  ASSERT_TRUE(mbw.ok()) << mbw.status();
  EXPECT_EQ(mbw->collective_rows.size(), 23u);
  EXPECT_EQ(mbw->collective_rows.back().collective, "osu_mbw_mr");
  EXPECT_EQ(mbw->collective_rows.back().ranks, 64);  // [ pairs: 32 ]
  EXPECT_DOUBLE_EQ(mbw->collective_rows.back().out_of_place.algbw_gbps, 12368.16e6 / 1e9);

  auto big = ImportOsu(Fixture("osu_oci_osu_bw_2nodes_256MiB_v7.5.txt"), "big.txt");
  ASSERT_TRUE(big.ok()) << big.status();
  ASSERT_EQ(big->collective_rows.size(), 1u);
  EXPECT_EQ(big->collective_rows[0].size_bytes, 268435456u);
  EXPECT_DOUBLE_EQ(big->collective_rows[0].out_of_place.algbw_gbps, 12254.16e6 / 1e9);
}

TEST(ImportOsu, CollectivesAndRanksFromTheLauncher) {
  auto allreduce = ImportOsu(Fixture("osu_excalibur_alaska_ib_ompi4_osu_allreduce_v5.6.2.txt"), "ar.txt");
  ASSERT_TRUE(allreduce.ok()) << allreduce.status();
  ASSERT_EQ(allreduce->collective_rows.size(), 19u);  // 4 ... 1048576
  const CollectiveRow& last = allreduce->collective_rows.back();
  EXPECT_EQ(last.collective, "all_reduce");
  EXPECT_DOUBLE_EQ(last.out_of_place.time_us, 3730.69);
  EXPECT_EQ(last.ranks, 0);  // the log names no process count
  EXPECT_DOUBLE_EQ(last.bus_factor, 0);
  EXPECT_DOUBLE_EQ(last.out_of_place.busbw_gbps, 0);

  auto allgather = ImportOsu(Fixture("osu_excalibur_alaska_ib_ompi4_osu_allgather_v5.6.2.txt"), "ag.txt");
  ASSERT_TRUE(allgather.ok()) << allgather.status();
  EXPECT_EQ(allgather->collective_rows.back().collective, "all_gather");
  EXPECT_DOUBLE_EQ(allgather->collective_rows.back().out_of_place.time_us, 96412.44);

  auto alltoall = ImportOsu(Fixture("osu_oci_osu_alltoall_np36_v7.5.txt"), "a2a.txt");
  ASSERT_TRUE(alltoall.ok()) << alltoall.status();
  ASSERT_EQ(alltoall->collective_rows.size(), 27u);  // 1 ... 67108864
  const CollectiveRow& a2a = alltoall->collective_rows.back();
  EXPECT_EQ(a2a.collective, "alltoall");
  EXPECT_EQ(a2a.ranks, 36);  // mpirun -n 36
  EXPECT_DOUBLE_EQ(a2a.bus_factor, 35.0);  // (n-1)/n × n: the printed size is per peer
  EXPECT_DOUBLE_EQ(a2a.out_of_place.time_us, 747888.64);
  EXPECT_DOUBLE_EQ(a2a.out_of_place.busbw_gbps, Gbps(67108864, 747888.64) * 35.0);

  auto multi = ImportOsu(Fixture("osu_nvidia_cloudai_testdata_osu_multi_lat_v7.4.txt"), "ml.txt");
  ASSERT_TRUE(multi.ok()) << multi.status();
  EXPECT_EQ(multi->source.producer_version, "v7.4");
  ASSERT_EQ(multi->collective_rows.size(), 6u);
  EXPECT_EQ(multi->collective_rows[5].collective, "osu_multi_lat");
  EXPECT_DOUBLE_EQ(multi->collective_rows[5].out_of_place.time_us, 2.01);
}

TEST(ImportOsu, ValidationColumn) {
  auto document = ImportOsu(Fixture("osu_cscs_ompi_osu_alltoall_validation_2n4ppn.txt"), "v.txt");
  ASSERT_TRUE(document.ok()) << document.status();
  ASSERT_EQ(document->collective_rows.size(), 21u);  // 1 ... 1048576
  const CollectiveRow& last = document->collective_rows.back();
  EXPECT_EQ(last.ranks, 8);  // srun -N2 --ntasks-per-node=4
  EXPECT_DOUBLE_EQ(last.out_of_place.time_us, 519.85);
  EXPECT_EQ(last.out_of_place.wrong, 0);
  EXPECT_EQ(document->verdict.status, VerdictStatus::kPass);

  const std::string failed =
      "# OSU MPI Allreduce Latency Test v7.5\n"
      "# Size       Avg Latency(us)   Min Latency(us)   Max Latency(us)  Iterations  Validation\n"
      "4                       5.47              5.01              6.02        1000        Pass\n"
      "8                       5.89              5.11              6.40        1000        Fail\n";
  auto bad = ImportOsu(failed, "fail.txt");
  ASSERT_TRUE(bad.ok()) << bad.status();
  EXPECT_DOUBLE_EQ(bad->collective_rows[0].out_of_place.iteration_stats.min_us, 5.01);
  EXPECT_DOUBLE_EQ(bad->collective_rows[0].out_of_place.iteration_stats.max_us, 6.02);
  EXPECT_EQ(bad->collective_rows[0].out_of_place.iteration_stats.samples, 1000);
  EXPECT_FALSE(bad->collective_rows[1].out_of_place.wrong.has_value());
  ASSERT_EQ(bad->findings.size(), 1u);
  EXPECT_EQ(bad->findings[0].check, "collective.data_integrity");
  EXPECT_EQ(bad->verdict.status, VerdictStatus::kFail);
}

// Found by the osu_import fuzz target: an iteration count beyond what an
// integer holds was cast (undefined behaviour); it is an error naming it.
TEST(ImportOsu, AnIterationCountThatIsNotAWholeCountIsAnError) {
  for (const char* count : {"7.77778e+106", "2.5", "-3"}) {
    const std::string text = absl::StrCat(
        "# OSU MPI Allreduce Latency Test v7.5\n"
        "# Size       Avg Latency(us)   Min Latency(us)   Max Latency(us)  Iterations\n"
        "4                       5.47              5.01              6.02        ",
        count, "\n");
    auto document = ImportOsu(text, "odd.txt");
    ASSERT_FALSE(document.ok()) << count;
    EXPECT_TRUE(absl::StrContains(document.status().message(), "odd.txt:3: iterations '")) << document.status();
  }
}

// ----------------------------------------------------------------------- IMB

TEST(ImportImb, PingPong2019) {
  const std::string file = "excalibur_alaska_ib_ompi4_IMB-MPI1_pingpong_2019u5.txt";
  auto document = ImportImb(Fixture(file), file);
  ASSERT_TRUE(document.ok()) << document.status();
  EXPECT_EQ(document->source.producer, "imb");
  EXPECT_EQ(document->source.producer_version, "2019 Update 5");
  EXPECT_EQ(document->environment.mpi_standard, "3.1");
  ASSERT_EQ(document->collective_rows.size(), 24u);
  const CollectiveRow& last = document->collective_rows.back();
  EXPECT_EQ(last.collective, "pingpong");
  EXPECT_EQ(last.size_bytes, 4194304u);
  EXPECT_EQ(last.ranks, 2);
  EXPECT_DOUBLE_EQ(last.out_of_place.time_us, 352.68);
  EXPECT_DOUBLE_EQ(last.out_of_place.algbw_gbps, 11892.60e6 / 1e9);
  EXPECT_EQ(last.out_of_place.iteration_stats.samples, 10);
  EXPECT_EQ(document->verdict.status, VerdictStatus::kPass);

  auto newer = ImportImb(Fixture("oci_ompi_IMB-MPI1_pingpong_2nodes_2021.7.txt"), "pp.txt");
  ASSERT_TRUE(newer.ok()) << newer.status();
  EXPECT_EQ(newer->source.producer_version, "2021.7");
  ASSERT_EQ(newer->collective_rows.size(), 2u);
  EXPECT_DOUBLE_EQ(newer->collective_rows[1].out_of_place.time_us, 21957.85);
  EXPECT_DOUBLE_EQ(newer->collective_rows[1].out_of_place.algbw_gbps, 12225.03e6 / 1e9);
}

TEST(ImportImb, UnibandAndBiband) {
  auto biband = ImportImb(Fixture("excalibur_alaska_ib_ompi4_IMB-MPI1_biband_np16_2019u5.txt"), "b.txt");
  ASSERT_TRUE(biband.ok()) << biband.status();
  ASSERT_EQ(biband->collective_rows.size(), 24u);
  EXPECT_EQ(biband->collective_rows.back().collective, "biband");
  EXPECT_EQ(biband->collective_rows.back().ranks, 16);
  EXPECT_DOUBLE_EQ(biband->collective_rows.back().out_of_place.algbw_gbps, 20484.15e6 / 1e9);

  auto uniband = ImportImb(Fixture("excalibur_alaska_ib_ompi4_IMB-MPI1_uniband_np64_2019u5.txt"), "u.txt");
  ASSERT_TRUE(uniband.ok()) << uniband.status();
  EXPECT_EQ(uniband->collective_rows.back().collective, "uniband");
  EXPECT_EQ(uniband->collective_rows.back().ranks, 64);
  EXPECT_DOUBLE_EQ(uniband->collective_rows.back().out_of_place.algbw_gbps, 8339.23e6 / 1e9);
}

TEST(ImportImb, CollectivesWithTimeSpread) {
  auto allreduce = ImportImb(Fixture("oci_impi_IMB-MPI1_allreduce_np144_2021.2.txt"), "ar.txt");
  ASSERT_TRUE(allreduce.ok()) << allreduce.status();
  EXPECT_EQ(allreduce->source.producer_version, "2021.2");
  ASSERT_EQ(allreduce->collective_rows.size(), 3u);
  const CollectiveRow& row = allreduce->collective_rows[2];
  EXPECT_EQ(row.collective, "all_reduce");
  EXPECT_EQ(row.size_bytes, 268435456u);
  EXPECT_EQ(row.ranks, 144);
  EXPECT_DOUBLE_EQ(row.out_of_place.time_us, 205992.71);
  EXPECT_DOUBLE_EQ(row.out_of_place.iteration_stats.min_us, 205579.37);
  EXPECT_DOUBLE_EQ(row.out_of_place.iteration_stats.max_us, 206503.46);
  EXPECT_DOUBLE_EQ(row.out_of_place.iteration_stats.mean_us, 205992.71);
  EXPECT_DOUBLE_EQ(row.out_of_place.rank_time_max_us, 206503.46);
  EXPECT_DOUBLE_EQ(row.bus_factor, 2.0 * 143 / 144);
  EXPECT_DOUBLE_EQ(row.out_of_place.algbw_gbps, Gbps(268435456, 205992.71));
  EXPECT_DOUBLE_EQ(row.out_of_place.busbw_gbps, Gbps(268435456, 205992.71) * 2.0 * 143 / 144);

  auto alltoall = ImportImb(Fixture("oci_ompi_IMB-MPI1_alltoall_np36_2021.7.txt"), "a2a.txt");
  ASSERT_TRUE(alltoall.ok()) << alltoall.status();
  ASSERT_EQ(alltoall->collective_rows.size(), 2u);
  EXPECT_EQ(alltoall->collective_rows[1].collective, "alltoall");
  EXPECT_EQ(alltoall->collective_rows[1].ranks, 36);
  EXPECT_DOUBLE_EQ(alltoall->collective_rows[1].out_of_place.time_us, 373427.99);
  EXPECT_DOUBLE_EQ(alltoall->collective_rows[1].bus_factor, 35.0);
}

TEST(ImportImb, Before2019MbytesAreMebibytes) {
  const std::string text =
      "#    Intel (R) MPI Benchmarks 2018, MPI-1 part\n"
      "# Benchmarking PingPong\n"
      "# #processes = 2\n"
      "       #bytes #repetitions      t[usec]   Mbytes/sec\n"
      "      1048576           40        91.88     10883.76\n";
  auto document = ImportImb(text, "old.txt");
  ASSERT_TRUE(document.ok()) << document.status();
  EXPECT_EQ(document->source.producer_version, "2018");
  EXPECT_DOUBLE_EQ(document->collective_rows[0].out_of_place.algbw_gbps, 10883.76 * 1048576 / 1e9);
}

// ----------------------------------------------------------- malformed input

struct Malformed {
  std::string name;
  std::string tool;  // "nccl", "osu", "imb"
  std::string text;
  std::string expected;  // "FILE:LINE: ..." prefix, then a word of the reason
  std::string reason_word;
};

absl::Status ImportWith(const Malformed& input) {
  if (input.tool == "nccl") return ImportNcclTests(input.text, "in.txt").status();
  if (input.tool == "osu") return ImportOsu(input.text, "in.txt").status();
  return ImportImb(input.text, "in.txt").status();
}

const char kNcclHeader[] =
    "# Collective test starting: all_reduce_perf\n"
    "#       size         count      type   redop    root     time   algbw   busbw  #wrong     time   algbw   "
    "busbw  #wrong\n";

TEST(ImportMalformed, NamesTheLine) {
  const std::vector<Malformed> inputs = {
      {"nccl truncated row", "nccl", std::string(kNcclHeader) + "  1024  256  float  sum  -1  10.5  0.10  0.09  0\n",
       "in.txt:3: ", "truncated"},
      {"nccl non-numeric time", "nccl",
       std::string(kNcclHeader) + "  1024  256  float  sum  -1  fast  0.10  0.09  0  10.4  0.10  0.09  0\n",
       "in.txt:3: ", "time"},
      {"nccl unknown header", "nccl",
       "# source: a copied log\n#  size  count  type  redop  root  time  algbw  busbw  #bad  time  algbw  busbw  "
       "#bad\n",
       "in.txt:2: ", "unknown"},
      {"nccl no rows", "nccl", std::string(kNcclHeader) + "# Avg bus bandwidth    : 0 \n", "in.txt:3: ", "no"},
      {"nccl collective unknown", "nccl",
       "#  size  count  type  redop  root  time  algbw  busbw  #wrong  time  algbw  busbw  #wrong\n", "in.txt:1: ",
       "collective"},
      {"nccl row before header", "nccl", "# nThread 1\n  1024  256  float  sum  -1  10.5  0.10  0.09  0\n",
       "in.txt:2: ", "header"},
      {"nccl json syntax", "nccl", "# source: x\n{\"version\": 3,\n \"results\": [ {\"size\": 8,, } ]}\n",
       "in.txt:3: ", "JSON"},
      {"nccl json without results", "nccl", "\n{\"version\": 3, \"args\": [\"all_reduce_perf\"]}\n", "in.txt:2: ",
       "results"},
      {"osu unknown title", "osu", "# OSU MPI Put Latency Test v7.5\n", "in.txt:1: ", "unknown"},
      {"osu truncated row", "osu",
       "# OSU MPI Latency Test v7.5\n# Datatype: MPI_CHAR.\n# Size       Avg Latency(us)\n1   1.5\n2\n",
       "in.txt:5: ", "truncated"},
      {"osu non-numeric", "osu", "# OSU MPI Bandwidth Test v7.5\n# Size      Bandwidth (MB/s)\n1   lots\n",
       "in.txt:3: ", "number"},
      {"osu unknown column", "osu", "# OSU MPI Latency Test v7.5\n# Size     Jitter (us)\n", "in.txt:2: ",
       "column"},
      {"osu no rows", "osu", "# OSU MPI Latency Test v7.5\n# Size       Avg Latency(us)\n", "in.txt:2: ", "no"},
      {"osu bad validation", "osu",
       "# OSU MPI Latency Test v7.5\n# Size       Avg Latency(us)   Validation\n1   1.5   Maybe\n", "in.txt:3: ",
       "validation"},
      {"imb unknown column", "imb",
       "# Benchmarking PingPong\n# #processes = 2\n       #bytes #repetitions      t[msec]\n", "in.txt:3: ",
       "column"},
      {"imb truncated row", "imb",
       "# Benchmarking PingPong\n# #processes = 2\n       #bytes #repetitions      t[usec]   Mbytes/sec\n"
       "            0         1000         1.03\n",
       "in.txt:4: ", "truncated"},
      {"imb row outside a block", "imb", "            0         1000         1.03         0.00\n", "in.txt:1: ",
       "header"},
      {"imb bad process count", "imb", "# Benchmarking Allreduce\n# #processes = many\n", "in.txt:2: ",
       "#processes"},
  };
  for (const Malformed& input : inputs) {
    const absl::Status status = ImportWith(input);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << input.name;
    EXPECT_TRUE(absl::StartsWith(status.message(), input.expected)) << input.name << ": " << status.message();
    EXPECT_TRUE(absl::StrContains(status.message(), input.reason_word)) << input.name << ": " << status.message();
  }
}

}  // namespace
}  // namespace spinecheck
