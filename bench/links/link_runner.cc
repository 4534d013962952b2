#include "bench/links/link_runner.h"

#include <algorithm>
#include <cmath>

#include "absl/algorithm/container.h"
#include "absl/strings/str_cat.h"
#include "reports/model/status_macros.h"
#include "topology/world/mpi_error.h"

namespace spinecheck {
namespace {

constexpr absl::Duration kBarrierGrace = absl::Seconds(5);

float Median(std::vector<double> values) {
  if (values.empty()) return LinkMatrices::kMissing;
  std::sort(values.begin(), values.end());
  const size_t half = values.size() / 2;
  return static_cast<float>(values.size() % 2 == 1 ? values[half] : (values[half - 1] + values[half]) / 2.0);
}

}  // namespace

LinkRunner::LinkRunner(PeerGroup& group, const LinkRunOptions& options)
    : group_(group),
      options_(options),
      buffers_(options.exchange),
      samples_(static_cast<size_t>(group.original_size())),
      retested_(static_cast<size_t>(group.original_size()), 0) {}

absl::Status LinkRunner::Run(const LinkSchedule& schedule, const RoundCallback& after_round) {
  // Each round has two phases with a barrier between them, so that no
  // latency sample shares the fabric (or the cores) with a bulk transfer.
  for (int round = 0; round < schedule.rounds(); ++round) {
    const int partner = schedule.Partner(round, group_.index());
    for (Phase phase : {Phase::kLatency, Phase::kBandwidth}) {
      if (partner >= 0 && group_.alive(partner) && !absl::c_linear_search(timed_out_, partner)) {
        Measure(phase, partner, absl::Now() + options_.pair_timeout / 2);
      }
      SPINECHECK_RETURN_IF_ERROR(group_.Arrive(options_.pair_timeout / 2 + kBarrierGrace));
    }
    if (after_round) after_round(round, schedule.rounds());
  }
  return absl::OkStatus();
}

void LinkRunner::Measure(Phase phase, int partner, absl::Time deadline) {
  Samples& samples = samples_[static_cast<size_t>(partner)];
  std::vector<double>& kept = phase == Phase::kLatency ? samples.latency_us : samples.bibw_gbps;
  if (phase == Phase::kLatency && !kept.empty()) retested_[static_cast<size_t>(partner)] = 1;
  const int my_rank = group_.RankOf(group_.index());
  const int partner_rank = group_.RankOf(partner);
  for (int i = 0; i < options_.warmup + options_.repetitions; ++i) {
    absl::StatusOr<double> sample =
        phase == Phase::kLatency
            ? MeasureLatency(group_.comm(), my_rank, partner_rank, options_.exchange, buffers_, deadline)
            : MeasureBidirectionalBandwidth(group_.comm(), my_rank, partner_rank, options_.exchange, buffers_,
                                            deadline);
    if (!sample.ok()) {
      timed_out_.push_back(partner);
      return;
    }
    if (i >= options_.warmup) kept.push_back(*sample);
  }
}

absl::Status LinkRunner::Gather(const std::vector<std::string>& hosts, LinkMatrices& matrices) const {
  const size_t n = static_cast<size_t>(group_.original_size());
  std::vector<float> bandwidth_row(n, LinkMatrices::kMissing);
  std::vector<float> latency_row(n, LinkMatrices::kMissing);
  std::vector<uint8_t> retested_row(n, 0);
  for (size_t partner = 0; partner < n; ++partner) {
    const std::vector<double>& bandwidths = samples_[partner].bibw_gbps;
    bandwidth_row[partner] = Median(bandwidths);
    latency_row[partner] = Median(samples_[partner].latency_us);
    retested_row[partner] = retested_[partner];
    if (bandwidths.empty() && absl::c_linear_search(timed_out_, static_cast<int>(partner)) &&
        group_.alive(static_cast<int>(partner))) {
      bandwidth_row[partner] = 0.0f;  // both members stayed, but the pair could not finish
    }
  }

  // Rows land directly in the leader's matrices, at the row of their
  // original member index.
  int survivors = 0;
  MPI_Comm_size(group_.comm(), &survivors);
  const bool leader = group_.is_leader();
  std::vector<int> counts, displacements;
  if (leader) {
    matrices.hosts = hosts;
    matrices.bibw_gbps.assign(n * n, LinkMatrices::kMissing);
    matrices.latency_us.assign(n * n, LinkMatrices::kMissing);
    for (int index = 0; index < static_cast<int>(n); ++index) {
      if (!group_.alive(index)) continue;
      counts.push_back(static_cast<int>(n));
      displacements.push_back(index * static_cast<int>(n));
    }
  }
  const std::string where = absl::StrCat("group member ", group_.index());
  if (leader) matrices.retested.assign(n * n, 0);
  for (auto [row, matrix] : {std::pair<const std::vector<float>*, float*>{&bandwidth_row, matrices.bibw_gbps.data()},
                             {&latency_row, matrices.latency_us.data()}}) {
    SPINECHECK_RETURN_IF_ERROR(SPINECHECK_MPI_CALL(
        MPI_Gatherv(row->data(), static_cast<int>(n), MPI_FLOAT, leader ? matrix : nullptr, counts.data(),
                    displacements.data(), MPI_FLOAT, 0, group_.comm()),
        where));
  }
  SPINECHECK_RETURN_IF_ERROR(SPINECHECK_MPI_CALL(
      MPI_Gatherv(retested_row.data(), static_cast<int>(n), MPI_UNSIGNED_CHAR,
                  leader ? matrices.retested.data() : nullptr, counts.data(), displacements.data(),
                  MPI_UNSIGNED_CHAR, 0, group_.comm()),
      where));
  if (!leader) return absl::OkStatus();

  // Symmetric: the mean of both members' view where both have one.
  auto symmetrise = [n](std::vector<float>& m) {
    for (size_t i = 0; i < n; ++i) {
      for (size_t j = i + 1; j < n; ++j) {
        float& upper = m[i * n + j];
        float& lower = m[j * n + i];
        const float value = std::isnan(upper) ? lower : std::isnan(lower) ? upper : (upper + lower) / 2.0f;
        upper = lower = value;
      }
    }
  };
  symmetrise(matrices.bibw_gbps);
  symmetrise(matrices.latency_us);
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = i + 1; j < n; ++j) {
      const uint8_t either = matrices.retested[i * n + j] | matrices.retested[j * n + i];
      matrices.retested[i * n + j] = matrices.retested[j * n + i] = either;
    }
  }
  matrices.repetitions = options_.repetitions;
  matrices.bandwidth_bytes = options_.exchange.bandwidth_bytes;
  matrices.latency_bytes = options_.exchange.latency_bytes;
  return absl::OkStatus();
}

}  // namespace spinecheck
