#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "reports/history/history_store.h"
#include "reports/history/run_rows.h"
#include "reports/history/sqlite_db.h"
#include "tests/support/samples/document_builder.h"

namespace spinecheck {
namespace {

using ::testing::AllOf;
using ::testing::Each;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

constexpr uint64_t kGiB = uint64_t{1} << 30;
// Run-to-run noise of every figure, within ±3 %.
constexpr double kNoise[] = {1.0, 1.03, 0.97, 1.02, 0.98, 1.03, 0.97};

std::string StartTime(int run) { return absl::StrFormat("2025-03-%02dT02:00:00.000Z", run + 1); }

// Nightly run `run` (0-based): sweep rows, gemm on every GPU and links, all
// with that night's noise; `busbw_scale` and `gemm_by_uuid` make it slower.
RunDocument Nightly(int run, double busbw_scale = 1.0, const std::map<std::string, double>& gemm_by_uuid = {}) {
  RunDocument document = SampleDocument({}, StartTime(run));
  AddAllReduceRows(document, kNoise[run] * busbw_scale);
  AddGemmResults(document, 50.0 * kNoise[run], gemm_by_uuid);
  AddLinks(document, 45.0 * kNoise[run], 3.0);
  return document;
}

class HistoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = absl::StrFormat("%s/history_%s.db", ::testing::TempDir(),
                            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    for (const char* suffix : {"", "-wal", "-shm"}) std::remove((path_ + suffix).c_str());
  }

  HistoryStore OpenStore(HistoryOptions options = {}) {
    options.create = true;
    absl::StatusOr<HistoryStore> store = HistoryStore::Open(path_, options);
    EXPECT_TRUE(store.ok()) << store.status();
    return std::move(*store);
  }

  void AddAll(HistoryStore& store, const std::vector<RunDocument>& runs) {
    for (size_t i = 0; i < runs.size(); ++i) {
      const absl::StatusOr<AddedRun> added = store.Add(runs[i], absl::StrFormat("run%zu.json", i));
      ASSERT_TRUE(added.ok()) << added.status();
    }
  }

  int64_t Count(const std::string& sql) {
    absl::StatusOr<SqliteDb> db = SqliteDb::Open(path_, 1000);
    EXPECT_TRUE(db.ok());
    absl::StatusOr<int64_t> count = db->QueryInt(sql);
    EXPECT_TRUE(count.ok()) << count.status();
    return count.value_or(-1);
  }

  std::string path_;
};

TEST_F(HistoryTest, SlowGpuIsReportedWithTheDropAndSince) {
  const std::string slow = SampleGpuUuid(1, 3);
  std::vector<RunDocument> runs;
  for (int i = 0; i < 4; ++i) runs.push_back(Nightly(i));
  runs.push_back(Nightly(4, 1.0, {{slow, 40.0}}));
  runs.push_back(Nightly(5, 1.0, {{slow, 40.0}}));
  HistoryStore store = OpenStore();
  AddAll(store, runs);

  const absl::StatusOr<RegressionReport> report = store.Regressions({});
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->newest_start_time, StartTime(5));
  EXPECT_EQ(report->newest_file, "run5.json");
  EXPECT_EQ(report->earlier_runs, 5);
  EXPECT_EQ(report->configuration_key, ConfigurationKey(runs[5]));
  ASSERT_THAT(report->regressions, SizeIs(1));
  const Regression& regression = report->regressions[0];
  EXPECT_EQ(regression.kind, "gpu");
  EXPECT_EQ(regression.component, slow);
  EXPECT_EQ(regression.host, "node02");
  EXPECT_EQ(regression.metric, "gemm fp32");
  EXPECT_EQ(regression.unit, "TFLOPS");
  EXPECT_DOUBLE_EQ(regression.newest, 40.0);
  EXPECT_DOUBLE_EQ(regression.median, 50.5);  // of 50, 51.5, 48.5 and 51: the runs before the streak
  EXPECT_NEAR(regression.change_pct, 100 * (40.0 - 50.5) / 50.5, 1e-9);
  EXPECT_EQ(regression.since, StartTime(4));
  EXPECT_EQ(regression.slow_runs, 2);
}

TEST_F(HistoryTest, LongStreakStaysListedAgainstTheRunsBeforeIt) {
  const std::string slow = SampleGpuUuid(1, 3);
  std::vector<RunDocument> runs;
  for (int i = 0; i < 3; ++i) runs.push_back(Nightly(i));
  for (int i = 3; i < 7; ++i) runs.push_back(Nightly(i, 1.0, {{slow, 40.0}}));  // 4 slow runs, window 3
  HistoryStore store = OpenStore();
  AddAll(store, runs);
  RegressionOptions options;
  options.window = 3;
  const absl::StatusOr<RegressionReport> report = store.Regressions(options);
  ASSERT_TRUE(report.ok()) << report.status();
  ASSERT_THAT(report->regressions, SizeIs(1));
  const Regression& regression = report->regressions[0];
  EXPECT_EQ(regression.component, slow);
  EXPECT_DOUBLE_EQ(regression.median, 50.0);  // of 50, 51.5 and 48.5
  EXPECT_EQ(regression.since, StartTime(3));
  EXPECT_EQ(regression.slow_runs, 4);
}

TEST_F(HistoryTest, CollectiveBusbwRegression) {
  std::vector<RunDocument> runs;
  for (int i = 0; i < 4; ++i) runs.push_back(Nightly(i));
  runs.push_back(Nightly(4, 0.8));
  runs.push_back(Nightly(5, 0.8));
  HistoryStore store = OpenStore();
  AddAll(store, runs);

  const absl::StatusOr<RegressionReport> report = store.Regressions({});
  ASSERT_TRUE(report.ok()) << report.status();
  ASSERT_THAT(report->regressions, ::testing::Not(IsEmpty()));
  EXPECT_THAT(report->regressions, Each(AllOf(Field(&Regression::kind, "collective"),
                                              Field(&Regression::component, "all_reduce float sum 16 ranks"),
                                              Field(&Regression::since, StartTime(4)))));
  bool busbw_1g = false;
  bool time_1g = false;
  for (const Regression& regression : report->regressions) {
    if (regression.metric == "busbw_gbps") {
      EXPECT_LT(regression.change_pct, -10) << regression.size_bytes;
    }
    if (regression.metric == "time_us") {
      EXPECT_GT(regression.change_pct, 10) << regression.size_bytes;
    }
    if (regression.size_bytes != kGiB) continue;
    if (regression.metric == "busbw_gbps") {
      busbw_1g = true;
      EXPECT_NEAR(regression.change_pct, -18.0, 2.0);  // 0.8 × this night's 1.03 noise
      EXPECT_EQ(regression.slow_runs, 2);
    }
    if (regression.metric == "time_us") time_1g = true;
  }
  EXPECT_TRUE(busbw_1g);
  EXPECT_TRUE(time_1g);
  // Small sizes are latency bound and did not get slower.
  for (const Regression& regression : report->regressions) EXPECT_GE(regression.size_bytes, uint64_t{1} << 24);
}

TEST_F(HistoryTest, NoiseIsNoRegression) {
  std::vector<RunDocument> runs;
  for (int i = 0; i < 7; ++i) runs.push_back(Nightly(i));
  HistoryStore store = OpenStore();
  AddAll(store, runs);
  const absl::StatusOr<RegressionReport> report = store.Regressions({});
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_THAT(report->regressions, IsEmpty());
  EXPECT_TRUE(report->note.empty());
}

TEST_F(HistoryTest, TooFewEarlierRunsGiveANote) {
  HistoryStore store = OpenStore();
  AddAll(store, {Nightly(0), Nightly(1, 0.5)});
  const absl::StatusOr<RegressionReport> report = store.Regressions({});
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_THAT(report->regressions, IsEmpty());
  EXPECT_THAT(report->note, HasSubstr("1 earlier run(s)"));

  HistoryStore empty_store = OpenStore();
  EXPECT_EQ(empty_store.Regressions({}).value().regressions.size(), 0u);
}

TEST_F(HistoryTest, SameRunTwiceIsRefused) {
  HistoryStore store = OpenStore();
  ASSERT_TRUE(store.Add(Nightly(0), "a.json").ok());
  const absl::StatusOr<AddedRun> again = store.Add(Nightly(0), "copy-of-a.json");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_THAT(again.status().message(), HasSubstr("already stored as run 1 (a.json)"));
  EXPECT_EQ(store.RunCount().value(), 1);
}

TEST_F(HistoryTest, FailingInsertMidRunLeavesNoPartialRun) {
  {
    HistoryStore store = OpenStore();
    AddAll(store, {Nightly(0), Nightly(1)});
  }
  const int64_t measurements = Count("SELECT count(*) FROM measurements");
  HistoryOptions failing;
  failing.after_measurement_for_testing = [](int row) {
    return row == 5 ? absl::InternalError("disk full (injected)") : absl::OkStatus();
  };
  HistoryStore store = OpenStore(failing);
  const absl::StatusOr<AddedRun> added = store.Add(Nightly(2), "run2.json");
  ASSERT_FALSE(added.ok());
  EXPECT_THAT(added.status().message(), HasSubstr("disk full"));
  EXPECT_EQ(store.RunCount().value(), 2);
  EXPECT_EQ(Count("SELECT count(*) FROM measurements"), measurements);

  // Nothing of it remains to block adding it for real.
  HistoryStore healthy = OpenStore();
  EXPECT_TRUE(healthy.Add(Nightly(2), "run2.json").ok());
  EXPECT_EQ(healthy.RunCount().value(), 3);
}

TEST_F(HistoryTest, ProcessDyingInsideTheTransactionLosesNothingStored) {
  {
    HistoryStore store = OpenStore();
    AddAll(store, {Nightly(0), Nightly(1)});
  }
  const int64_t measurements = Count("SELECT count(*) FROM measurements");
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // The child opens its own connection and dies half-way through a run.
    HistoryOptions dying;
    dying.after_measurement_for_testing = [](int row) {
      if (row == 20) _exit(0);
      return absl::OkStatus();
    };
    absl::StatusOr<HistoryStore> store = HistoryStore::Open(path_, dying);
    if (!store.ok()) _exit(2);
    (void)store->Add(Nightly(2), "run2.json");
    _exit(3);  // not reached: the hook exits first
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_EQ(WEXITSTATUS(status), 0);

  HistoryStore store = OpenStore();
  EXPECT_EQ(store.RunCount().value(), 2);
  EXPECT_EQ(Count("SELECT count(*) FROM measurements"), measurements);
  EXPECT_EQ(Count("SELECT count(*) FROM measurements WHERE run_id NOT IN (SELECT id FROM runs)"), 0);
  EXPECT_TRUE(store.Add(Nightly(2), "run2.json").ok());
}

TEST_F(HistoryTest, ReopenKeepsRunsAndSchema) {
  {
    HistoryStore store = OpenStore();
    AddAll(store, {Nightly(0), Nightly(1), Nightly(2)});
  }
  HistoryStore store = OpenStore();
  EXPECT_EQ(store.RunCount().value(), 3);
  EXPECT_EQ(Count("PRAGMA user_version"), kHistorySchemaVersion);
  absl::StatusOr<SqliteDb> db = SqliteDb::Open(path_, 1000);
  ASSERT_TRUE(db.ok());
  absl::StatusOr<SqliteStatement> mode = db->Prepare("PRAGMA journal_mode");
  ASSERT_TRUE(mode.ok());
  ASSERT_TRUE(mode->Step().value());
  EXPECT_EQ(mode->Text(0), "wal");
  EXPECT_TRUE(store.Add(Nightly(3), "run3.json").ok());
}

TEST_F(HistoryTest, FutureSchemaVersionIsRefused) {
  {
    absl::StatusOr<SqliteDb> db = SqliteDb::Open(path_, 1000);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(db->Exec("PRAGMA user_version = 2").ok());
  }
  const absl::StatusOr<HistoryStore> store = HistoryStore::Open(path_);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(store.status().message(), HasSubstr("schema version 2 is newer than this spinecheck reads (1)"));
  EXPECT_THAT(store.status().message(), HasSubstr(path_));
}

TEST_F(HistoryTest, NotADatabaseIsRefused) {
  std::ofstream(path_) << "this is not an SQLite database, just some text that is long enough to have a header.\n";
  const absl::StatusOr<HistoryStore> store = HistoryStore::Open(path_);
  ASSERT_FALSE(store.ok());
  EXPECT_THAT(store.status().message(), HasSubstr(path_));
}

TEST_F(HistoryTest, ReadingAStoreThatIsNotThereCreatesNothing) {
  const absl::StatusOr<HistoryStore> store = HistoryStore::Open(path_);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(store.status().message(), HasSubstr("no history store there"));
  EXPECT_FALSE(std::filesystem::exists(path_));
}

TEST_F(HistoryTest, AFifoOrFolderIsNotAStore) {
  ASSERT_EQ(mkfifo(path_.c_str(), 0600), 0);
  HistoryOptions create;
  create.create = true;
  const absl::StatusOr<HistoryStore> fifo = HistoryStore::Open(path_, create);
  ASSERT_FALSE(fifo.ok());
  EXPECT_EQ(fifo.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(std::filesystem::exists(path_ + "-wal")) << "nothing is put beside it";
  std::remove(path_.c_str());
  std::filesystem::create_directory(path_);
  EXPECT_EQ(HistoryStore::Open(path_, create).status().code(), absl::StatusCode::kInvalidArgument);
  std::filesystem::remove(path_);
}

TEST_F(HistoryTest, ALockedStoreWaitsThenSaysSo) {
  { HistoryStore store = OpenStore(); }
  // Another process's writer holds the lock.
  absl::StatusOr<SqliteDb> holder = SqliteDb::Open(path_, 1000);
  ASSERT_TRUE(holder.ok());
  ASSERT_TRUE(holder->Exec("BEGIN IMMEDIATE").ok());
  HistoryOptions impatient;
  impatient.busy_timeout_ms = 200;
  HistoryStore store = OpenStore(impatient);
  const absl::StatusOr<AddedRun> blocked = store.Add(Nightly(0), "run0.json");
  ASSERT_FALSE(blocked.ok());
  EXPECT_EQ(blocked.status().code(), absl::StatusCode::kUnavailable) << blocked.status();
  EXPECT_THAT(blocked.status().message(), HasSubstr(path_));
  ASSERT_TRUE(holder->Exec("ROLLBACK").ok());
  EXPECT_TRUE(store.Add(Nightly(0), "run0.json").ok());
}

TEST_F(HistoryTest, ConcurrentWritersLoseNoRun) {
  { HistoryStore store = OpenStore(); }
  // Nightly(run) takes runs 0 to 6 (one noise figure each).
  constexpr int kWriters = 3;
  constexpr int kRunsEach = 2;
  std::vector<pid_t> children;
  for (int writer = 0; writer < kWriters; ++writer) {
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      absl::StatusOr<HistoryStore> store = HistoryStore::Open(path_);
      if (!store.ok()) _exit(2);
      for (int i = 0; i < kRunsEach; ++i) {
        if (!store->Add(Nightly(writer * kRunsEach + i), "run.json").ok()) _exit(3);
      }
      _exit(0);
    }
    children.push_back(child);
  }
  for (pid_t child : children) {
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, 0), child);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "writer exit " << status;
  }
  EXPECT_EQ(OpenStore().RunCount().value(), kWriters * kRunsEach);
}

TEST(MeasurementRowsTest, KeysByCollectiveSizeGpuUuidAndHost) {
  RunDocument document = Nightly(0);
  const std::vector<MeasurementRow> rows = MeasurementRows(document);
  // 10 sizes × (busbw, time) + 16 GPUs + 2 hosts × (bandwidth, latency).
  EXPECT_THAT(rows, SizeIs(20 + 16 + 4));
  int gpus = 0;
  for (const MeasurementRow& row : rows) {
    if (row.kind == "gpu") {
      ++gpus;
      EXPECT_THAT(row.component, HasSubstr("GPU-"));
      EXPECT_TRUE(row.higher_is_better);
    }
    if (row.metric == "time_us" || row.metric == "links.latency_us") {
      EXPECT_FALSE(row.higher_is_better);
    }
  }
  EXPECT_EQ(gpus, 16);
}

}  // namespace
}  // namespace spinecheck
