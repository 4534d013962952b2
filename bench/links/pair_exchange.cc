#include "bench/links/pair_exchange.h"

#include <algorithm>
#include <chrono>
#include <thread>

#include "absl/strings/str_cat.h"
#include "reports/model/status_macros.h"

namespace spinecheck {
namespace {

constexpr int kLatencyTag = 7301;
constexpr int kBandwidthTag = 7302;

// Waits for `requests` until `deadline`: spins for the first millisecond
// (a fast link finishes in microseconds and must not wait on a sleep), then
// polls every 20 us. On the deadline, unfinished requests are cancelled and
// released.
absl::Status WaitAll(std::vector<MPI_Request>& requests, absl::Time deadline) {
  const auto start = std::chrono::steady_clock::now();
  for (;;) {
    int done = 0;
    if (MPI_Testall(static_cast<int>(requests.size()), requests.data(), &done, MPI_STATUSES_IGNORE) != MPI_SUCCESS) {
      return absl::UnavailableError("MPI_Testall failed in the link test");
    }
    if (done) return absl::OkStatus();
    if (absl::Now() >= deadline) break;
    if (std::chrono::steady_clock::now() - start > std::chrono::milliseconds(1)) {
      std::this_thread::sleep_for(std::chrono::microseconds(20));
    }
  }
  for (MPI_Request& request : requests) {
    if (request == MPI_REQUEST_NULL) continue;
    MPI_Cancel(&request);
    MPI_Request_free(&request);
  }
  return absl::DeadlineExceededError("the partner did not answer in time");
}

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

PairBuffers::PairBuffers(const PairExchangeOptions& options)
    : send_(std::max(options.bandwidth_bytes, options.latency_bytes), 'l'),
      receive_(std::max(options.bandwidth_bytes, options.latency_bytes)) {}

absl::StatusOr<PairSample> MeasurePair(MPI_Comm comm, int my_rank, int partner_rank,
                                       const PairExchangeOptions& options, PairBuffers& buffers,
                                       absl::Time deadline) {
  PairSample sample;
  const int latency_count = static_cast<int>(options.latency_bytes);
  const bool starts = my_rank < partner_rank;
  std::vector<MPI_Request> requests(1, MPI_REQUEST_NULL);
  auto send_one = [&](int tag, int count) -> absl::Status {
    MPI_Isend(buffers.send(), count, MPI_BYTE, partner_rank, tag, comm, &requests[0]);
    return WaitAll(requests, deadline);
  };
  auto receive_one = [&](int tag, int count) -> absl::Status {
    MPI_Irecv(buffers.receive(), count, MPI_BYTE, partner_rank, tag, comm, &requests[0]);
    return WaitAll(requests, deadline);
  };

  // Ping-pong; its first round trip also brings the two members together.
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i <= options.latency_iterations; ++i) {
    if (i == 1) start = std::chrono::steady_clock::now();  // round trip 0 is the rendezvous
    if (starts) {
      SPINECHECK_RETURN_IF_ERROR(send_one(kLatencyTag, latency_count));
      SPINECHECK_RETURN_IF_ERROR(receive_one(kLatencyTag, latency_count));
    } else {
      SPINECHECK_RETURN_IF_ERROR(receive_one(kLatencyTag, latency_count));
      SPINECHECK_RETURN_IF_ERROR(send_one(kLatencyTag, latency_count));
    }
  }
  sample.latency_us = SecondsSince(start) / std::max(1, options.latency_iterations) / 2.0 * 1e6;

  // Both directions at once.
  const int count = static_cast<int>(options.bandwidth_bytes);
  std::vector<MPI_Request> both(2, MPI_REQUEST_NULL);
  start = std::chrono::steady_clock::now();
  MPI_Irecv(buffers.receive(), count, MPI_BYTE, partner_rank, kBandwidthTag, comm, &both[0]);
  MPI_Isend(buffers.send(), count, MPI_BYTE, partner_rank, kBandwidthTag, comm, &both[1]);
  SPINECHECK_RETURN_IF_ERROR(WaitAll(both, deadline));
  sample.bibw_gbps = 2.0 * static_cast<double>(options.bandwidth_bytes) / SecondsSince(start) / 1e9;
  return sample;
}

}  // namespace spinecheck
