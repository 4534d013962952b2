#include "bench/collectives/patterns.h"

#include <algorithm>
#include <cstring>

#include "bench/collectives/typed.h"

namespace spinecheck {
namespace {

constexpr unsigned char kFillerByte = 0xFF;

// A value for element `index` of the stream `stream` (a rank, or a
// sender/receiver pair): 0..250.
int64_t Mix(uint64_t stream, uint64_t index, int seed) {
  return static_cast<int64_t>((stream * 131 + index * 7 + static_cast<uint64_t>(seed) * 17) % 251);
}

// Input of `rank` at global element `g` of a reduction with `op`.
int64_t ReductionInput(ReduceOp op, uint64_t g, int rank, int ranks, int seed) {
  const uint64_t s = static_cast<uint64_t>(seed);
  const uint64_t n = static_cast<uint64_t>(ranks);
  const uint64_t r = static_cast<uint64_t>(rank);
  switch (op) {
    case ReduceOp::kSum: return static_cast<int64_t>((g + s) % 16 + r % 4);
    case ReduceOp::kProd: return r == (g + s) % n ? static_cast<int64_t>(2 + (g + s) % 3) : 1;
    case ReduceOp::kMin:
    case ReduceOp::kMax: {
      const uint64_t cap = std::min<uint64_t>(n, 64);
      return static_cast<int64_t>((g + s) % 50 + ((r + g + s) % n) % cap);
    }
    case ReduceOp::kAvg:
      if (r == 0) return static_cast<int64_t>((g + s) % 64);
      if (r == 1) return static_cast<int64_t>((3 * g + s) % 61);
      return 0;
  }
  return 0;
}

// Reduction over all ranks at global element `g`, as T.
template <typename T>
T ReductionResult(ReduceOp op, uint64_t g, int ranks, int seed) {
  const uint64_t s = static_cast<uint64_t>(seed);
  const int64_t n = ranks;
  switch (op) {
    case ReduceOp::kSum: {
      // sum over r of r % 4: whole cycles of 0+1+2+3, then 0..k-1.
      const int64_t k = n % 4;
      const int64_t rank_part = (n / 4) * 6 + k * (k - 1) / 2;
      return static_cast<T>(n * static_cast<int64_t>((g + s) % 16) + rank_part);
    }
    case ReduceOp::kProd: return static_cast<T>(2 + (g + s) % 3);
    case ReduceOp::kMin: return static_cast<T>((g + s) % 50);
    case ReduceOp::kMax: return static_cast<T>(static_cast<int64_t>((g + s) % 50) + std::min<int64_t>(n, 64) - 1);
    case ReduceOp::kAvg: {
      int64_t sum = static_cast<int64_t>((g + s) % 64);
      if (n > 1) sum += static_cast<int64_t>((3 * g + s) % 61);
      return DivideByRanks(static_cast<T>(sum), ranks);
    }
  }
  return T{};
}

// Expected output element `j` of OutputSpan, as T.
template <typename T>
T Expected(const PatternCall& call, size_t j) {
  const size_t count = call.layout.param_count;
  const uint64_t n = static_cast<uint64_t>(call.ranks);
  switch (call.collective->kind) {
    case CollectiveKind::kAllReduce:
    case CollectiveKind::kReduce:
      return ReductionResult<T>(call.op, j, call.ranks, call.seed);
    case CollectiveKind::kReduceScatter:
      return ReductionResult<T>(call.op, static_cast<uint64_t>(call.rank) * count + j, call.ranks, call.seed);
    case CollectiveKind::kAllGather:
      return static_cast<T>(Mix(j / count, j % count, call.seed));
    case CollectiveKind::kBroadcast:
      return static_cast<T>(Mix(static_cast<uint64_t>(call.root), j, call.seed));
    case CollectiveKind::kAllToAll:
      return static_cast<T>(Mix((j / count) * n + static_cast<uint64_t>(call.rank), j % count, call.seed));
    case CollectiveKind::kSendRecv:
      return static_cast<T>(Mix((static_cast<uint64_t>(call.rank) + n - 1) % n, j, call.seed));
  }
  return T{};
}

// Input element `j` of this rank (within its input span), as T.
template <typename T>
T Input(const PatternCall& call, size_t j) {
  const size_t count = call.layout.param_count;
  const uint64_t rank = static_cast<uint64_t>(call.rank);
  const uint64_t n = static_cast<uint64_t>(call.ranks);
  switch (call.collective->kind) {
    case CollectiveKind::kAllReduce:
    case CollectiveKind::kReduce:
    case CollectiveKind::kReduceScatter:
      return static_cast<T>(ReductionInput(call.op, j, call.rank, call.ranks, call.seed));
    case CollectiveKind::kAllGather:
    case CollectiveKind::kBroadcast:
    case CollectiveKind::kSendRecv:
      return static_cast<T>(Mix(rank, j, call.seed));
    case CollectiveKind::kAllToAll:
      return static_cast<T>(Mix(rank * n + j / count, j % count, call.seed));
  }
  return T{};
}

// Where this rank's input lives.
ElementSpan InputSpan(const PatternCall& call) {
  const size_t count = call.layout.param_count;
  const size_t n = static_cast<size_t>(call.ranks);
  const size_t rank = static_cast<size_t>(call.rank);
  const bool in_recv = call.in_place;
  switch (call.collective->kind) {
    case CollectiveKind::kAllGather:
      return {in_recv, call.in_place ? rank * count : 0, count};
    case CollectiveKind::kReduceScatter:
    case CollectiveKind::kAllToAll:
      return {in_recv, 0, count * n};
    case CollectiveKind::kBroadcast:
      return {in_recv, 0, call.rank == call.root ? count : 0};
    case CollectiveKind::kAllReduce:
    case CollectiveKind::kReduce:
    case CollectiveKind::kSendRecv:
      return {in_recv, 0, count};
  }
  return {};
}

}  // namespace

ElementSpan OutputSpan(const PatternCall& call) {
  const size_t count = call.layout.param_count;
  const size_t n = static_cast<size_t>(call.ranks);
  switch (call.collective->kind) {
    case CollectiveKind::kAllReduce:
    case CollectiveKind::kSendRecv:
      return {true, 0, count};
    case CollectiveKind::kAllGather:
    case CollectiveKind::kAllToAll:
      return {true, 0, count * n};
    case CollectiveKind::kReduceScatter:
      return call.in_place ? ElementSpan{true, call.in_place_reduce_scatter_offset, count}
                           : ElementSpan{true, 0, count};
    case CollectiveKind::kBroadcast:
      // The root's receive buffer is backend-defined (MPI broadcasts from the send buffer).
      return {true, 0, call.rank == call.root && !call.in_place ? 0 : count};
    case CollectiveKind::kReduce:
      return {true, 0, call.rank == call.root ? count : 0};
  }
  return {};
}

void FillInput(const PatternCall& call, void* send, size_t send_elements, void* recv, size_t recv_elements) {
  const size_t element_size = DataTypeSize(call.type);
  std::memset(send, kFillerByte, send_elements * element_size);
  std::memset(recv, kFillerByte, recv_elements * element_size);
  const ElementSpan input = InputSpan(call);
  VisitHostType(call.type, [&]<typename T>() {
    T* base = static_cast<T*>(input.in_recv ? recv : send) + input.offset;
    for (size_t j = 0; j < input.count; ++j) base[j] = Input<T>(call, j);
  });
}

int64_t CountWrong(const PatternCall& call, const void* send, const void* recv) {
  const ElementSpan output = OutputSpan(call);
  int64_t wrong = 0;
  VisitHostType(call.type, [&]<typename T>() {
    const T* base = static_cast<const T*>(output.in_recv ? recv : send) + output.offset;
    for (size_t j = 0; j < output.count; ++j) {
      const T expected = Expected<T>(call, j);
      if (std::memcmp(&base[j], &expected, sizeof(T)) != 0) ++wrong;
    }
  });
  return wrong;
}

double ExpectedOutputValue(const PatternCall& call, size_t index) {
  double value = 0;
  VisitHostType(call.type, [&]<typename T>() { value = static_cast<double>(Expected<T>(call, index)); });
  return value;
}

}  // namespace spinecheck
