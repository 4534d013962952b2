// The closed-form expected results of patterns.h against a brute-force
// reference: every rank's input is written by FillInput, the collective is
// simulated on the host as MPI would compute it (element-wise, in rank
// order, in the element type), and CountWrong must then find nothing wrong
// on any rank, and exactly the element we damage afterwards. The types
// without a host C++ type (half, bfloat16, fp8) are reduced exactly in
// double and rounded to the type after every step. Also: the floating-point
// encoder of pattern_math.h against known bit patterns, and the tolerance
// of floating-point avg.
#include "bench/collectives/patterns.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <set>
#include <string>
#include <type_traits>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/types/span.h"
#include "bench/collectives/collective.h"
#include "bench/collectives/data_type.h"
#include "bench/collectives/pattern_math.h"
#include "bench/collectives/typed.h"

namespace spinecheck {
namespace {

constexpr DataType kHostTypes[] = {DataType::kInt8,  DataType::kUint8,  DataType::kInt32, DataType::kUint32,
                                   DataType::kInt64, DataType::kUint64, DataType::kFloat, DataType::kDouble};
constexpr DataType kNarrowTypes[] = {DataType::kHalf, DataType::kBfloat16, DataType::kF8e4m3, DataType::kF8e5m2};

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

// avg's division of the sum by the rank count.
template <typename T>
T Average(T sum, int ranks) {
  return DivideByRanks(sum, ranks);
}

// An element of a type without a host C++ type, held as its bits, in the
// format of EncodeNarrowFloat(value, kExponentBits, kMantissaBits). Its
// reduction is exact in double, then rounded to the type, as every step in
// that type rounds. Where the patterns keep their promise nothing is ever
// rounded, so the order does not matter.
template <int kExponentBits, int kMantissaBits, typename Bits>
struct NarrowElement {
  static NarrowElement FromDouble(double value) {
    return {static_cast<Bits>(EncodeNarrowFloat(value, kExponentBits, kMantissaBits))};
  }
  explicit operator double() const { return DecodeNarrowFloat(bits, kExponentBits, kMantissaBits); }

  friend NarrowElement Combine(ReduceOp op, NarrowElement a, NarrowElement b) {
    const double result = Combine(op, static_cast<double>(a), static_cast<double>(b));
    // Most steps give an operand back (adding 0, multiplying by 1, min and
    // max); that needs no rounding, and skipping it keeps 200 ranks quick.
    return result == static_cast<double>(a) ? a : FromDouble(result);
  }
  friend NarrowElement Average(NarrowElement sum, int ranks) { return FromDouble(static_cast<double>(sum) / ranks); }

  Bits bits;
};
using Half = NarrowElement<5, 10, uint16_t>;
using Bfloat16 = NarrowElement<8, 7, uint16_t>;
using F8e4m3 = NarrowElement<4, 3, uint8_t>;
using F8e5m2 = NarrowElement<5, 2, uint8_t>;

// Calls visitor.template operator()<T>() with T the element type the
// reference uses for `type`.
template <typename Visitor>
bool VisitReferenceType(DataType type, Visitor&& visitor) {
  switch (type) {
    case DataType::kHalf: visitor.template operator()<Half>(); return true;
    case DataType::kBfloat16: visitor.template operator()<Bfloat16>(); return true;
    case DataType::kF8e4m3: visitor.template operator()<F8e4m3>(); return true;
    case DataType::kF8e5m2: visitor.template operator()<F8e5m2>(); return true;
    default: return VisitHostType(type, visitor);
  }
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
    if (first.op == ReduceOp::kAvg) acc = Average(acc, first.ranks);
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
    // Where a floating-point avg tolerates 2 units in the last place, flip
    // bit 2 or above (a change of 4 units or more).
    const size_t lowest_bit = PatternBitsMatch(ToPatternSpec(call), 0, kPatternAvgToleranceUlps) ? 2 : 0;
    for (size_t j : {size_t{0}, output.count - 1, output.count / 2}) {
      const size_t bit = lowest_bit + (j * 5 + static_cast<size_t>(call.seed)) % (8 * sizeof(T) - lowest_bit);
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

// Runs the reference on `ranks` ranks for every collective, type of
// `types`, layout, op, placement, seed of `seeds` and root; adds the cases
// to `cases`. (Each case also checks that seed + 1 does not pass.)
void CheckAllCases(const CollectiveRegistry& registry, int ranks, absl::Span<const DataType> types,
                   std::initializer_list<int> seeds, int& cases) {
  int failures = 0;
  for (const std::string& name : registry.Names()) {
    const CollectiveDefinition* collective = registry.Find(name);
    ASSERT_NE(collective, nullptr);
    const std::vector<ReduceOp> ops = collective->reduces ? AllReduceOps() : std::vector<ReduceOp>{ReduceOp::kSum};
    const std::set<int> roots = collective->rooted ? std::set<int>{0, ranks / 2, ranks - 1} : std::set<int>{0};
    for (DataType type : types) {
      for (const BufferLayout& layout : LayoutsFor(*collective, DataTypeSize(type), ranks)) {
        for (ReduceOp op : ops) {
          for (bool in_place : {false, true}) {
            // In-place reduce_scatter results land at 0 (MPI); also try NCCL's rank * count.
            const std::vector<bool> nccl_offsets =
                in_place && collective->kind == CollectiveKind::kReduceScatter ? std::vector<bool>{false, true}
                                                                               : std::vector<bool>{false};
            for (bool nccl_offset : nccl_offsets) {
              for (int seed : seeds) {
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
                  ASSERT_TRUE(VisitReferenceType(type, [&]<typename T>() { result = CheckCase<T>(calls); }));
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
}

class PatternsReferenceTest : public ::testing::TestWithParam<int> {
 protected:
  void SetUp() override { ASSERT_TRUE(RegisterBuiltinCollectives(registry_).ok()); }
  CollectiveRegistry registry_{"collective"};
};

TEST_P(PatternsReferenceTest, ClosedFormsMatchBruteForceReference) {
  int cases = 0;
  CheckAllCases(registry_, GetParam(), kHostTypes, {1, 2}, cases);
  // 7 collectives, 8 types, 3 layouts, 2 placements, 2 seeds at least.
  EXPECT_GE(cases, 7 * 8 * 3 * 2 * 2);
}

std::string RankCountName(const ::testing::TestParamInfo<int>& param_info) {
  return absl::StrCat("n", param_info.param);
}

// 70 > 64 exercises the cap of the min/max pattern.
INSTANTIATE_TEST_SUITE_P(RankCounts, PatternsReferenceTest, ::testing::Values(1, 2, 3, 4, 5, 7, 8, 70),
                         RankCountName);

// The same for half, bfloat16 and fp8, whose small exact ranges change the
// patterns with the rank count: 8 keeps every rank in bfloat16's sum, 70
// gives it a single contributor, 200 does so for half too. One seed keeps
// 200 ranks quick.
class NarrowPatternsReferenceTest : public PatternsReferenceTest {};

TEST_P(NarrowPatternsReferenceTest, ClosedFormsMatchExactReference) {
  int cases = 0;
  CheckAllCases(registry_, GetParam(), kNarrowTypes, {1}, cases);
  // 7 collectives, 4 types, 3 layouts, 2 placements at least.
  EXPECT_GE(cases, 7 * 4 * 3 * 2);
}

INSTANTIATE_TEST_SUITE_P(RankCounts, NarrowPatternsReferenceTest, ::testing::Values(1, 2, 3, 8, 70, 200),
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

// What CUDA kernels rely on: plain structs, and functions usable in constant
// expressions (so nvcc --expt-relaxed-constexpr lets device code call them).
static_assert(std::is_trivial_v<PatternSpec> && std::is_standard_layout_v<PatternSpec>);
static_assert(std::is_trivial_v<PatternSpan> && std::is_standard_layout_v<PatternSpan>);
constexpr PatternSpec kHalfAvgOnThreeRanks{CollectiveKind::kAllReduce, DataType::kHalf, ReduceOp::kAvg, 16, 0, 0, 3, 1,
                                           false, 0};
static_assert(PatternInputSpan(kHalfAvgOnThreeRanks).count == 16);
static_assert(PatternInputBits(kHalfAvgOnThreeRanks, 0) == 0x3C00);  // rank 0: (0 + 1) % 64 = 1
static_assert(PatternExpectedBits(kHalfAvgOnThreeRanks, 0) == EncodeNarrowFloat(2.0 / 3, 5, 10));  // (1 + 1) / 3
static_assert(PatternBitsMatch(kHalfAvgOnThreeRanks, 0x3555, 0x3557));
static_assert(PatternElementBytes(DataType::kBfloat16) == 2 && PatternElementBytes(DataType::kF8e5m2) == 1);

struct FloatFormat {
  const char* name;
  int exponent_bits;
  int mantissa_bits;
  bool has_infinity;  // false: f8e4m3, whose top binade is finite up to its NaN
};
constexpr FloatFormat kHalfFormat{"half", 5, 10, true};
constexpr FloatFormat kBfloat16Format{"bfloat16", 8, 7, true};
constexpr FloatFormat kF8e4m3Format{"f8e4m3", 4, 3, false};
constexpr FloatFormat kF8e5m2Format{"f8e5m2", 5, 2, true};

TEST(EncodeNarrowFloatTest, KnownBitPatterns) {
  struct Known {
    FloatFormat format;
    double value;
    uint64_t bits;
  };
  const Known known[] = {
      {kHalfFormat, 1.0, 0x3C00},
      {kHalfFormat, 2048.0, 0x6800},
      {kHalfFormat, 0.5, 0x3800},
      {kHalfFormat, -1.0, 0xBC00},
      {kHalfFormat, 0.0, 0x0000},
      {kHalfFormat, -0.0, 0x8000},
      {kHalfFormat, 65504.0, 0x7BFF},   // largest finite
      {kHalfFormat, 0x1p-14, 0x0400},   // smallest normal
      {kHalfFormat, 0x1p-24, 0x0001},   // smallest subnormal
      {kHalfFormat, 2049.0, 0x6800},    // tie: to the even 2048
      {kHalfFormat, 2050.0, 0x6801},
      {kHalfFormat, 2051.0, 0x6802},    // tie: to the even 2052
      {kHalfFormat, 0x1p-25, 0x0000},   // tie between 0 and the smallest subnormal
      {kHalfFormat, 0x1.8p-24, 0x0002}, // tie between subnormals 1 and 2
      {kBfloat16Format, 1.0, 0x3F80},
      {kBfloat16Format, 256.0, 0x4380},
      {kBfloat16Format, 257.0, 0x4380},  // tie: to the even 256
      {kBfloat16Format, 259.0, 0x4382},  // tie: to the even 260
      {kF8e4m3Format, 1.0, 0x38},
      {kF8e4m3Format, 16.0, 0x58},
      {kF8e4m3Format, 17.0, 0x58},  // tie: to the even 16
      {kF8e4m3Format, 448.0, 0x7E},  // largest finite (the "fn" variant)
      {kF8e4m3Format, -448.0, 0xFE},
      {kF8e4m3Format, 0x1p-9, 0x01},    // smallest subnormal
      {kF8e4m3Format, 0x1.ep-7, 0x08},  // 7.5 * 2^-9: tie, rounds up into the smallest normal 2^-6
      {kF8e5m2Format, 1.0, 0x3C},
      {kF8e5m2Format, 8.0, 0x48},
      {kF8e5m2Format, 9.0, 0x48},   // tie: to the even 8
      {kF8e5m2Format, 11.0, 0x4A},  // tie: to the even 12
      {kF8e5m2Format, 57344.0, 0x7B},  // largest finite
      {kF8e5m2Format, 0x1p-16, 0x01},  // smallest subnormal
  };
  for (const Known& k : known) {
    EXPECT_EQ(EncodeNarrowFloat(k.value, k.format.exponent_bits, k.format.mantissa_bits), k.bits)
        << k.format.name << " " << k.value;
  }
}

// Exhaustive over the narrow formats: every finite value encodes to its own
// bits (with either sign), the midpoint of two neighbours goes to the one
// with an even mantissa, and anything off the midpoint to the nearer one.
TEST(EncodeNarrowFloatTest, EveryFiniteValueRoundTripsAndMidpointsGoToEven) {
  for (const FloatFormat& format : {kHalfFormat, kBfloat16Format, kF8e4m3Format, kF8e5m2Format}) {
    const int e = format.exponent_bits;
    const int m = format.mantissa_bits;
    const uint64_t sign = uint64_t{1} << (e + m);
    // The first positive pattern that is not finite.
    const uint64_t end = format.has_infinity ? ((uint64_t{1} << e) - 1) << m : sign - 1;
    int failures = 0;
    for (uint64_t bits = 0; bits < end && failures < 10; ++bits) {
      const double value = DecodeNarrowFloat(bits, e, m);
      if (EncodeNarrowFloat(value, e, m) != bits || EncodeNarrowFloat(-value, e, m) != (bits | sign)) {
        ADD_FAILURE() << format.name << ": " << value << " does not round-trip to 0x" << std::hex << bits;
        ++failures;
      }
      if (bits + 1 == end) break;
      const double next = DecodeNarrowFloat(bits + 1, e, m);
      const double midpoint = (value + next) / 2;  // exact in double
      const uint64_t even = (bits & 1) == 0 ? bits : bits + 1;
      const double below = midpoint - (next - value) / 1024;
      const double above = midpoint + (next - value) / 1024;
      if (EncodeNarrowFloat(midpoint, e, m) != even || EncodeNarrowFloat(below, e, m) != bits ||
          EncodeNarrowFloat(above, e, m) != bits + 1) {
        ADD_FAILURE() << format.name << ": rounding between 0x" << std::hex << bits << " and 0x" << bits + 1;
        ++failures;
      }
    }
  }
}

// float (8, 23) and double (11, 52) through the same encoder give the
// hardware's bits, subnormals and ties included.
TEST(EncodeNarrowFloatTest, AgreesWithFloatAndDouble) {
  for (double value : {1.0, -1.0, 0.1, 1.0 / 3, 16777217.0, 16777219.0, 3.0e38, 0x1p-126, 0x1p-149, 0x1.8p-149,
                       0x1p-150, 0x1.8p-150, 1e-40, -1e-42, 0x1.000001p0, 0x1.0000018p0}) {
    EXPECT_EQ(EncodeNarrowFloat(value, 8, 23), std::bit_cast<uint32_t>(static_cast<float>(value))) << value;
    EXPECT_EQ(EncodeNarrowFloat(value, 11, 52), std::bit_cast<uint64_t>(value)) << value;
    EXPECT_EQ(DecodeNarrowFloat(std::bit_cast<uint64_t>(value), 11, 52), value);
  }
  for (double value : {5e-324, 0x1p-1060, 1e300, -0.0}) {
    EXPECT_EQ(EncodeNarrowFloat(value, 11, 52), std::bit_cast<uint64_t>(value)) << value;
    EXPECT_EQ(DecodeNarrowFloat(std::bit_cast<uint64_t>(value), 11, 52), value);
  }
}

PatternSpec AvgSpec(CollectiveKind kind, DataType type) {
  return PatternSpec{kind, type, ReduceOp::kAvg, 64, 0, 1, 3, 1, false, 0};
}

// Floating-point avg may be 2 units in the last place away (NCCL scales each
// input by 1/ranks before summing); a third unit is wrong.
TEST(PatternBitsMatchTest, FloatingAvgAcceptsTwoUnitsInTheLastPlace) {
  for (DataType type : {DataType::kFloat, DataType::kDouble, DataType::kHalf, DataType::kBfloat16, DataType::kF8e4m3,
                        DataType::kF8e5m2}) {
    for (CollectiveKind kind : {CollectiveKind::kAllReduce, CollectiveKind::kReduce, CollectiveKind::kReduceScatter}) {
      const PatternSpec spec = AvgSpec(kind, type);
      const uint64_t expected = PatternExpectedBits(spec, 5);
      ASSERT_GE(expected, 3u) << DataTypeName(type);
      for (uint64_t ulps : {0, 1, 2}) {
        EXPECT_TRUE(PatternBitsMatch(spec, expected + ulps, expected)) << DataTypeName(type) << " +" << ulps;
        EXPECT_TRUE(PatternBitsMatch(spec, expected - ulps, expected)) << DataTypeName(type) << " -" << ulps;
      }
      EXPECT_FALSE(PatternBitsMatch(spec, expected + 3, expected)) << DataTypeName(type);
      EXPECT_FALSE(PatternBitsMatch(spec, expected - 3, expected)) << DataTypeName(type);
      // Only the element's own bytes count.
      const uint32_t width_bits = 8 * PatternElementBytes(type);
      if (width_bits < 64) {
        EXPECT_TRUE(PatternBitsMatch(spec, expected | uint64_t{1} << width_bits, expected));
      }
    }
  }
}

TEST(PatternBitsMatchTest, EverythingElseIsBitExact) {
  // Integer avg.
  const PatternSpec int_avg = AvgSpec(CollectiveKind::kAllReduce, DataType::kInt32);
  EXPECT_FALSE(PatternBitsMatch(int_avg, PatternExpectedBits(int_avg, 5) + 1, PatternExpectedBits(int_avg, 5)));
  // Other ops of floating types.
  for (ReduceOp op : {ReduceOp::kSum, ReduceOp::kProd, ReduceOp::kMin, ReduceOp::kMax}) {
    PatternSpec spec = AvgSpec(CollectiveKind::kAllReduce, DataType::kHalf);
    spec.op = op;
    const uint64_t expected = PatternExpectedBits(spec, 5);
    EXPECT_TRUE(PatternBitsMatch(spec, expected, expected)) << ReduceOpName(op);
    EXPECT_FALSE(PatternBitsMatch(spec, expected + 1, expected)) << ReduceOpName(op);
  }
  // Collectives that only move data, whatever op the call carries.
  const PatternSpec gather = AvgSpec(CollectiveKind::kAllGather, DataType::kFloat);
  EXPECT_FALSE(PatternBitsMatch(gather, PatternExpectedBits(gather, 5) + 1, PatternExpectedBits(gather, 5)));
}

// The host functions on a narrow type: a correct result passes, and one
// wrong element is counted once.
TEST(PatternsTest, WrongNarrowElementIsCounted) {
  CollectiveRegistry registry("collective");
  ASSERT_TRUE(RegisterBuiltinCollectives(registry).ok());
  for (DataType type : kNarrowTypes) {
    for (ReduceOp op : {ReduceOp::kSum, ReduceOp::kAvg}) {
      PatternCall call;
      call.collective = registry.Find("all_reduce");
      ASSERT_NE(call.collective, nullptr);
      const size_t width = DataTypeSize(type);
      call.layout = call.collective->Layout(1024, width, 4);
      call.type = type;
      call.op = op;
      call.rank = 1;
      call.ranks = 4;
      call.seed = 2;
      const size_t elements = call.layout.recv_count;
      std::vector<unsigned char> send(elements * width), recv(elements * width);
      FillInput(call, send.data(), elements, recv.data(), elements);
      // The expected result, element by element.
      const PatternSpec spec = ToPatternSpec(call);
      for (size_t j = 0; j < call.layout.param_count; ++j) {
        const uint64_t bits = PatternExpectedBits(spec, j);
        std::memcpy(recv.data() + j * width, &bits, width);  // the low bytes (little-endian host)
      }
      const std::string what = absl::StrCat(DataTypeName(type), " ", ReduceOpName(op));
      EXPECT_EQ(CountWrong(call, send.data(), recv.data()), 0) << what;
      // One element a few units off: 1 unit for sum, 3 for avg (2 pass).
      const size_t j = 7;
      const uint64_t expected = PatternExpectedBits(spec, j);
      const uint64_t off = expected + (op == ReduceOp::kAvg ? 3 : 1);
      std::memcpy(recv.data() + j * width, &off, width);
      EXPECT_EQ(CountWrong(call, send.data(), recv.data()), 1) << what;
      if (op == ReduceOp::kAvg) {
        const uint64_t tolerated = expected + 2;
        std::memcpy(recv.data() + j * width, &tolerated, width);
        EXPECT_EQ(CountWrong(call, send.data(), recv.data()), 0) << what;
      }
    }
  }
}

}  // namespace
}  // namespace spinecheck
