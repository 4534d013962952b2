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
constexpr int kWindowMessageBytes = 256 << 10;

// Waits for `requests` until `deadline`. For the first millisecond it polls
// back to back, yielding the core between polls (a fast link finishes in
// microseconds and must not wait on a sleep; the yield costs nothing on a
// dedicated core, and where the partner shares this core it lets it answer
// at once instead of after this rank's time slice). Then it sleeps between
// polls for 1/50 of the time waited so far (20 us to 1 ms), which bounds the
// timing error at 2 % while leaving the cores to the kernel and the other
// ranks. On the deadline, unfinished requests are cancelled and released.
absl::Status WaitAll(std::vector<MPI_Request>& requests, absl::Time deadline) {
  const auto start = std::chrono::steady_clock::now();
  for (;;) {
    int done = 0;
    if (MPI_Testall(static_cast<int>(requests.size()), requests.data(), &done, MPI_STATUSES_IGNORE) != MPI_SUCCESS) {
      return absl::UnavailableError("MPI_Testall failed in the link test");
    }
    if (done) return absl::OkStatus();
    if (absl::Now() >= deadline) break;
    const auto waited = std::chrono::steady_clock::now() - start;
    if (waited > std::chrono::milliseconds(1)) {
      std::this_thread::sleep_for(std::clamp<std::chrono::steady_clock::duration>(
          waited / 50, std::chrono::microseconds(20), std::chrono::milliseconds(1)));
    } else {
      std::this_thread::yield();
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

absl::StatusOr<double> MeasureLatency(MPI_Comm comm, int my_rank, int partner_rank,
                                      const PairExchangeOptions& options, PairBuffers& buffers, absl::Time deadline) {
  const int count = static_cast<int>(options.latency_bytes);
  std::vector<MPI_Request> request(1, MPI_REQUEST_NULL);
  auto send = [&]() -> absl::Status {
    MPI_Isend(buffers.send(), count, MPI_BYTE, partner_rank, kLatencyTag, comm, &request[0]);
    return WaitAll(request, deadline);
  };
  auto receive = [&]() -> absl::Status {
    MPI_Irecv(buffers.receive(), count, MPI_BYTE, partner_rank, kLatencyTag, comm, &request[0]);
    return WaitAll(request, deadline);
  };
  // Round trip 0 brings the two members together and is not kept. Each
  // later round trip is timed and the median kept: a round trip that the
  // scheduler interrupted says nothing about the link.
  std::vector<double> round_trips;
  round_trips.reserve(static_cast<size_t>(options.latency_iterations));
  for (int i = 0; i <= options.latency_iterations; ++i) {
    const auto start = std::chrono::steady_clock::now();
    if (my_rank < partner_rank) {
      SPINECHECK_RETURN_IF_ERROR(send());
      SPINECHECK_RETURN_IF_ERROR(receive());
    } else {
      SPINECHECK_RETURN_IF_ERROR(receive());
      SPINECHECK_RETURN_IF_ERROR(send());
    }
    if (i > 0) round_trips.push_back(SecondsSince(start));
  }
  std::sort(round_trips.begin(), round_trips.end());
  return round_trips[round_trips.size() / 2] / 2.0 * 1e6;
}

absl::StatusOr<double> MeasureBidirectionalBandwidth(MPI_Comm comm, int /*my_rank*/, int partner_rank,
                                                     const PairExchangeOptions& options, PairBuffers& buffers,
                                                     absl::Time deadline) {
  // Both directions at once, as a window of messages (like osu_bibw): one
  // large message each way lets a TCP transport serve the two directions
  // one after the other.
  const int count = static_cast<int>(options.bandwidth_bytes);
  const int messages = (count + kWindowMessageBytes - 1) / kWindowMessageBytes;
  std::vector<MPI_Request> requests(2 * static_cast<size_t>(messages), MPI_REQUEST_NULL);
  const auto start = std::chrono::steady_clock::now();
  for (int m = 0; m < messages; ++m) {
    const int offset = m * kWindowMessageBytes;
    const int size = std::min(kWindowMessageBytes, count - offset);
    MPI_Irecv(buffers.receive() + offset, size, MPI_BYTE, partner_rank, kBandwidthTag, comm, &requests[2 * m]);
    MPI_Isend(buffers.send() + offset, size, MPI_BYTE, partner_rank, kBandwidthTag, comm, &requests[2 * m + 1]);
  }
  SPINECHECK_RETURN_IF_ERROR(WaitAll(requests, deadline));
  return 2.0 * static_cast<double>(options.bandwidth_bytes) / SecondsSince(start) / 1e9;
}

}  // namespace spinecheck
