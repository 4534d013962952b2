// The closed-form expected results of patterns.h against a brute-force
// reference: every rank's input is written by FillInput, the collective is
// simulated on the host as MPI would compute it (element-wise, in rank
// order, in the element type), and CountWrong must then find nothing wrong
// on any rank, and exactly the element we damage afterwards.
#include "bench/collectives/patterns.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "bench/collectives/collective.h"
#include "bench/collectives/data_type.h"
#include "bench/collectives/typed.h"

namespace spinecheck {
namespace {

constexpr DataType kHostTypes[] = {DataType::kInt8,  DataType::kUint8,  DataType::kInt32, DataType::kUint32,
                                   DataType::kInt64, DataType::kUint64, DataType::kFloat, DataType::kDouble};

// Elements after each buffer that FillInput was not given, to catch writes
// past the sizes it was told.
constexpr size_t kGuardElements = 8;
constexpr unsigned char kGuardByte = 0x5A;

// A block count that is a multiple of nothing useful (not of 2, 4 or 16).
constexpr size_t kOddBlock = 37;

// MPI's element-wise reduction in the element type: integer sums and
// products wrap exactly as the C++ arithmetic does.
template <typename T>
T Combine(ReduceOp op, T a, T b) {
  switch (op) {
    case ReduceOp::kSum:
    case ReduceOp::kAvg: return static_cast<T>(a + b);
    case ReduceOp::kProd: return static_cast<T>(a * b);
    case ReduceOp::kMin: return b < a ? b : a;
    case ReduceOp::kMax: return a < b ? b : a;
  }
  return a;
}

template <typename T>
struct RankBuffers {
  std::vector<T> send;
  std::vector<T> recv;
};

// The whole collective, computed from every rank's buffers as the
// Communicator contract (bench/comm/communicator.h) defines it, with the
// buffers arranged as LaunchCollective arranges them.
template <typename T>
void Simulate(const std::vector<PatternCall>& calls, std::vector<RankBuffers<T>>& buffers) {
  const PatternCall& first = calls.front();
  const CollectiveKind kind = first.collective->kind;
  const size_t n = static_cast<size_t>(first.ranks);
  const size_t count = first.layout.param_count;
  const bool in_place = first.in_place;

  // Snapshot every rank's input before anything is written (in-place calls
  // overwrite it).
  size_t input_offset_per_rank = 0;  // all_gather in place: rank r's block at r * count
  size_t input_count = count;
  if (kind == CollectiveKind::kReduceScatter || kind == CollectiveKind::kAllToAll) input_count = count * n;
  if (kind == CollectiveKind::kAllGather && in_place) input_offset_per_rank = count;
  std::vector<std::vector<T>> input(n);
  for (size_t r = 0; r < n; ++r) {
    const T* source = in_place ? buffers[r].recv.data() + r * input_offset_per_rank : buffers[r].send.data();
    input[r].assign(source, source + input_count);
  }

  auto reduce = [&](size_t g) {
    T acc = input[0][g];
    for (size_t r = 1; r < n; ++r) acc = Combine(first.op, acc, input[r][g]);
    if (first.op == ReduceOp::kAvg) acc = DivideByRanks(acc, first.ranks);
    return acc;
  };

  switch (kind) {
    case CollectiveKind::kAllReduce:
      for (size_t j = 0; j < count; ++j) {
        const T value = reduce(j);
        for (size_t r = 0; r < n; ++r) buffers[r].recv[j] = value;
      }
      break;
    case CollectiveKind::kReduce: {
      const size_t root = static_cast<size_t>(first.root);
      for (size_t j = 0; j < count; ++j) buffers[root].recv[j] = reduce(j);
      break;  // non-roots' receive buffers are not written
    }
    case CollectiveKind::kReduceScatter:
      for (size_t r = 0; r < n; ++r) {
        const size_t out = in_place ? calls[r].in_place_reduce_scatter_offset : 0;
        for (size_t j = 0; j < count; ++j) buffers[r].recv[out + j] = reduce(r * count + j);
      }
      break;
    case CollectiveKind::kAllGather:
      for (size_t r = 0; r < n; ++r) {
        for (size_t b = 0; b < n; ++b) std::copy(input[b].begin(), input[b].end(), buffers[r].recv.begin() + b * count);
      }
      break;
    case CollectiveKind::kAllToAll:
      // Block b of rank r's result is block r of rank b's input.
      for (size_t r = 0; r < n; ++r) {
        for (size_t b = 0; b < n; ++b) {
          std::copy(input[b].begin() + r * count, input[b].begin() + (r + 1) * count,
                    buffers[r].recv.begin() + b * count);
        }
      }
      break;
    case CollectiveKind::kBroadcast: {
      const size_t root = static_cast<size_t>(first.root);
      for (size_t r = 0; r < n; ++r) {
        // Out of place, MPI broadcasts from the root's send buffer and
        // leaves its receive buffer alone; that buffer is not checked.
        if (r == root && !in_place) continue;
        std::copy(input[root].begin(), input[root].end(), buffers[r].recv.begin());
      }
      break;
    }
    case CollectiveKind::kSendRecv:
      for (size_t r = 0; r < n; ++r) {
        const std::vector<T>& from = input[(r + n - 1) % n];
        std::copy(from.begin(), from.end(), buffers[r].recv.begin());
      }
      break;
  }
}

std::string Describe(const PatternCall& call) {
  return absl::StrCat(call.collective->name, " ", DataTypeName(call.type), " ", ReduceOpName(call.op), " n=",
                      call.ranks, " rank=", call.rank, " root=", call.root, " seed=", call.seed,
                      call.in_place ? " in-place" : " out-of-place", " count=", call.layout.param_count,
                      " rs_offset=", call.in_place_reduce_scatter_offset);
}

// Runs one call on all ranks; returns success, or the first problem found.
template <typename T>
::testing::AssertionResult CheckCase(const std::vector<PatternCall>& calls) {
  const size_t n = calls.size();
  const BufferLayout& layout = calls.front().layout;
  const size_t elements = std::max(layout.send_count, layout.recv_count);

  std::vector<RankBuffers<T>> buffers(n);
  for (size_t r = 0; r < n; ++r) {
    for (std::vector<T>* buffer : {&buffers[r].send, &buffers[r].recv}) {
      buffer->resize(elements + kGuardElements);
      std::memset(buffer->data(), kGuardByte, buffer->size() * sizeof(T));
    }
    FillInput(calls[r], buffers[r].send.data(), elements, buffers[r].recv.data(), elements);
    for (const std::vector<T>* buffer : {&buffers[r].send, &buffers[r].recv}) {
      const unsigned char* guard = reinterpret_cast<const unsigned char*>(buffer->data() + elements);
      for (size_t b = 0; b < kGuardElements * sizeof(T); ++b) {
        if (guard[b] != kGuardByte) {
          return ::testing::AssertionFailure() << "FillInput wrote past its buffer: " << Describe(calls[r]);
        }
      }
    }
    // Out of place nothing has arrived yet: the filler must match no result.
    if (!calls[r].in_place) {
      const int64_t wrong = CountWrong(calls[r], buffers[r].send.data(), buffers[r].recv.data());
      const ElementSpan output = OutputSpan(calls[r]);
      if (wrong != static_cast<int64_t>(output.count)) {
        return ::testing::AssertionFailure() << "before the collective " << wrong << " of " << output.count
                                             << " elements are wrong: " << Describe(calls[r]);
      }
    }
  }

  Simulate<T>(calls, buffers);

  for (size_t r = 0; r < n; ++r) {
    const PatternCall& call = calls[r];
    const ElementSpan output = OutputSpan(call);
    if (output.offset + output.count > elements) {
      return ::testing::AssertionFailure() << "OutputSpan [" << output.offset << ", +" << output.count
                                           << ") outside the " << elements << "-element buffer: " << Describe(call);
    }
    const int64_t wrong = CountWrong(call, buffers[r].send.data(), buffers[r].recv.data());
    if (wrong != 0) {
      return ::testing::AssertionFailure() << wrong << " wrong elements against the reference: " << Describe(call);
    }
    const T* out = (output.in_recv ? buffers[r].recv.data() : buffers[r].send.data()) + output.offset;
    for (size_t j : {size_t{0}, output.count / 2, output.count - 1}) {
      if (output.count == 0) break;
      const double expected = ExpectedOutputValue(call, j);
      if (expected != static_cast<double>(out[j])) {
        return ::testing::AssertionFailure() << "ExpectedOutputValue(" << j << ") = " << expected << ", reference "
                                             << static_cast<double>(out[j]) << ": " << Describe(call);
      }
    }
  }

  // Damage one bit of one output element on the last rank with output.
  for (size_t r = n; r-- > 0;) {
    const PatternCall& call = calls[r];
    const ElementSpan output = OutputSpan(call);
    if (output.count == 0) continue;
    T* out = (output.in_recv ? buffers[r].recv.data() : buffers[r].send.data()) + output.offset;
    for (size_t j : {size_t{0}, output.count - 1, output.count / 2}) {
      const size_t bit = (j * 5 + static_cast<size_t>(call.seed)) % (8 * sizeof(T));
      unsigned char* bytes = reinterpret_cast<unsigned char*>(&out[j]);
      bytes[bit / 8] ^= static_cast<unsigned char>(1u << (bit % 8));
      const int64_t wrong = CountWrong(call, buffers[r].send.data(), buffers[r].recv.data());
      bytes[bit / 8] ^= static_cast<unsigned char>(1u << (bit % 8));
      if (wrong != 1) {
        return ::testing::AssertionFailure() << "flipping bit " << bit << " of element " << j << " gave " << wrong
                                             << " wrong, not 1: " << Describe(call);
      }
    }
    if (CountWrong(call, buffers[r].send.data(), buffers[r].recv.data()) != 0) {
      return ::testing::AssertionFailure() << "restoring the element did not restore the result: " << Describe(call);
    }
    // Data of one seed must not pass as another's.
    if (output.count >= 64) {
      PatternCall other_seed = call;
      other_seed.seed = call.seed + 1;
      if (CountWrong(other_seed, buffers[r].send.data(), buffers[r].recv.data()) == 0) {
        return ::testing::AssertionFailure() << "the result passes as seed " << other_seed.seed << ": "
                                             << Describe(call);
      }
    }
    break;
  }
  return ::testing::AssertionSuccess();
}

// Layouts of the sweep at 1024 and 4096 bytes, and one with an odd block.
std::vector<BufferLayout> LayoutsFor(const CollectiveDefinition& collective, size_t element_size, int ranks) {
  std::vector<BufferLayout> layouts = {collective.Layout(1024, element_size, ranks),
                                       collective.Layout(4096, element_size, ranks)};
  const size_t n = static_cast<size_t>(ranks);
  switch (collective.kind) {
    case CollectiveKind::kAllGather: layouts.push_back({kOddBlock, kOddBlock * n, kOddBlock}); break;
    case CollectiveKind::kReduceScatter: layouts.push_back({kOddBlock * n, kOddBlock, kOddBlock}); break;
    case CollectiveKind::kAllToAll: layouts.push_back({kOddBlock * n, kOddBlock * n, kOddBlock}); break;
    default: layouts.push_back({kOddBlock, kOddBlock, kOddBlock}); break;
  }
  return layouts;
}

class PatternsReferenceTest : public ::testing::TestWithParam<int> {
 protected:
  void SetUp() override { ASSERT_TRUE(RegisterBuiltinCollectives(registry_).ok()); }
  CollectiveRegistry registry_{"collective"};
};

TEST_P(PatternsReferenceTest, ClosedFormsMatchBruteForceReference) {
  const int ranks = GetParam();
  int cases = 0;
  int failures = 0;
  for (const std::string& name : registry_.Names()) {
    const CollectiveDefinition* collective = registry_.Find(name);
    ASSERT_NE(collective, nullptr);
    const std::vector<ReduceOp> ops = collective->reduces ? AllReduceOps() : std::vector<ReduceOp>{ReduceOp::kSum};
    const std::set<int> roots = collective->rooted ? std::set<int>{0, ranks / 2, ranks - 1} : std::set<int>{0};
    for (DataType type : kHostTypes) {
      for (const BufferLayout& layout : LayoutsFor(*collective, DataTypeSize(type), ranks)) {
        for (ReduceOp op : ops) {
          for (bool in_place : {false, true}) {
            // In-place reduce_scatter results land at 0 (MPI); also try NCCL's rank * count.
            const std::vector<bool> nccl_offsets =
                in_place && collective->kind == CollectiveKind::kReduceScatter ? std::vector<bool>{false, true}
                                                                               : std::vector<bool>{false};
            for (bool nccl_offset : nccl_offsets) {
              for (int seed : {1, 2}) {
                for (int root : roots) {
                  std::vector<PatternCall> calls(static_cast<size_t>(ranks));
                  for (int r = 0; r < ranks; ++r) {
                    PatternCall& call = calls[static_cast<size_t>(r)];
                    call.collective = collective;
                    call.layout = layout;
                    call.type = type;
                    call.op = op;
                    call.root = root;
                    call.rank = r;
                    call.ranks = ranks;
                    call.seed = seed;
                    call.in_place = in_place;
                    call.in_place_reduce_scatter_offset =
                        nccl_offset ? static_cast<size_t>(r) * layout.param_count : 0;
                  }
                  ::testing::AssertionResult result = ::testing::AssertionSuccess();
                  ASSERT_TRUE(VisitHostType(type, [&]<typename T>() { result = CheckCase<T>(calls); }));
                  ++cases;
                  EXPECT_TRUE(result);
                  if (!result && ++failures >= 10) FAIL() << "stopping after 10 failing cases";
                }
              }
            }
          }
        }
      }
    }
  }
  // 7 collectives, 8 types, 3 layouts, 2 placements, 2 seeds at least.
  EXPECT_GE(cases, 7 * 8 * 3 * 2 * 2);
}

std::string RankCountName(const ::testing::TestParamInfo<int>& param_info) {
  return absl::StrCat("n", param_info.param);
}

// 70 > 64 exercises the cap of the min/max pattern.
INSTANTIATE_TEST_SUITE_P(RankCounts, PatternsReferenceTest, ::testing::Values(1, 2, 3, 4, 5, 7, 8, 70),
                         RankCountName);

class OutputSpanTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(RegisterBuiltinCollectives(registry_).ok()); }

  PatternCall Call(const std::string& name, int rank, int ranks, int root, bool in_place) {
    PatternCall call;
    call.collective = registry_.Find(name);
    EXPECT_NE(call.collective, nullptr) << name;
    call.layout = call.collective->Layout(4096, 4, ranks);
    call.type = DataType::kFloat;
    call.rank = rank;
    call.ranks = ranks;
    call.root = root;
    call.seed = 1;
    call.in_place = in_place;
    return call;
  }

  CollectiveRegistry registry_{"collective"};
};

TEST_F(OutputSpanTest, ReduceHasOutputOnlyAtTheRoot) {
  for (bool in_place : {false, true}) {
    for (int rank = 0; rank < 4; ++rank) {
      const PatternCall call = Call("reduce", rank, 4, 2, in_place);
      const ElementSpan output = OutputSpan(call);
      EXPECT_EQ(output.count, rank == 2 ? call.layout.param_count : 0u) << rank << " in_place=" << in_place;
      if (rank == 2) {
        EXPECT_TRUE(output.in_recv);
        EXPECT_EQ(output.offset, 0u);
      }
    }
  }
}

TEST_F(OutputSpanTest, OutOfPlaceBroadcastRootIsNotChecked) {
  for (int rank = 0; rank < 3; ++rank) {
    const PatternCall out_of_place = Call("broadcast", rank, 3, 1, false);
    EXPECT_EQ(OutputSpan(out_of_place).count, rank == 1 ? 0u : out_of_place.layout.param_count) << rank;
    const PatternCall in_place = Call("broadcast", rank, 3, 1, true);
    EXPECT_EQ(OutputSpan(in_place).count, in_place.layout.param_count) << rank;
    EXPECT_TRUE(OutputSpan(in_place).in_recv);
  }
}

TEST_F(OutputSpanTest, UnrootedCollectivesCoverTheirWholeResult) {
  for (bool in_place : {false, true}) {
    const PatternCall all_reduce = Call("all_reduce", 1, 3, 0, in_place);
    EXPECT_EQ(OutputSpan(all_reduce).count, all_reduce.layout.param_count);
    const PatternCall all_gather = Call("all_gather", 1, 3, 0, in_place);
    EXPECT_EQ(OutputSpan(all_gather).count, all_gather.layout.recv_count);
    EXPECT_EQ(OutputSpan(all_gather).offset, 0u);
    const PatternCall alltoall = Call("alltoall", 1, 3, 0, in_place);
    EXPECT_EQ(OutputSpan(alltoall).count, alltoall.layout.recv_count);
    const PatternCall sendrecv = Call("sendrecv", 1, 3, 0, in_place);
    EXPECT_EQ(OutputSpan(sendrecv).count, sendrecv.layout.param_count);
    for (const PatternCall& call : {all_reduce, all_gather, alltoall, sendrecv}) {
      EXPECT_TRUE(OutputSpan(call).in_recv) << call.collective->name;
    }
  }
}

TEST_F(OutputSpanTest, InPlaceReduceScatterUsesTheBackendOffset) {
  PatternCall call = Call("reduce_scatter", 2, 4, 0, true);
  call.in_place_reduce_scatter_offset = 0;
  EXPECT_EQ(OutputSpan(call).offset, 0u);
  EXPECT_EQ(OutputSpan(call).count, call.layout.param_count);
  call.in_place_reduce_scatter_offset = 2 * call.layout.param_count;
  EXPECT_EQ(OutputSpan(call).offset, 2 * call.layout.param_count);
  EXPECT_TRUE(OutputSpan(call).in_recv);
  // Out of place the result is the whole receive buffer whatever the offset.
  call.in_place = false;
  EXPECT_EQ(OutputSpan(call).offset, 0u);
  EXPECT_EQ(OutputSpan(call).count, call.layout.param_count);
}

// A buffer that never saw the collective is all wrong, out of place.
TEST(PatternsTest, UntouchedReceiveBufferIsAllWrong) {
  CollectiveRegistry registry("collective");
  ASSERT_TRUE(RegisterBuiltinCollectives(registry).ok());
  PatternCall call;
  call.collective = registry.Find("all_reduce");
  ASSERT_NE(call.collective, nullptr);
  call.layout = call.collective->Layout(1024, 4, 2);
  call.type = DataType::kFloat;
  call.ranks = 2;
  call.seed = 3;
  std::vector<float> send(call.layout.send_count), recv(call.layout.recv_count);
  FillInput(call, send.data(), send.size(), recv.data(), recv.size());
  EXPECT_EQ(CountWrong(call, send.data(), recv.data()), static_cast<int64_t>(call.layout.param_count));
  // Copying the input is not the result on two ranks either.
  recv = send;
  EXPECT_GT(CountWrong(call, send.data(), recv.data()), 0);
}

}  // namespace
}  // namespace spinecheck
