// The arithmetic of the data patterns: each rank's input for a collective,
// and the exact expected output, element by element.
//
// Contract: this header is shared by host verification (patterns.cc) and by
// CUDA kernels that fill and check device buffers, so both sides compute the
// same bits. It holds only constexpr functions and POD structs, with no
// library calls, exceptions or pointers to host objects: nvcc compiles
// device code that calls it with --expt-relaxed-constexpr. Elements are
// handled as their raw bits: a uint64_t whose low PatternElementBytes(type)
// bytes are the element, with the higher bits zero.
//
// Why any reduction order gives the same bits: every input is a small
// integer, and every partial and final result stays at most L(type), the
// largest integer up to which the type holds all integers exactly (float
// 2^24, double 2^53, half 2048, bfloat16 256, f8e4m3 16, f8e5m2 8; integer
// types have no limit, they wrap modulo 2^bits the same way in any order).
// Sums take one contributor per element where all ranks together would pass
// L; products have at most one factor other than 1; min/max take values from
// a known range; avg has only ranks 0 and 1 contributing. The expected
// results then have closed forms, so a rank verifies its output in O(output)
// time without seeing other ranks' data. Comparison is bit-exact except for
// floating-point avg (PatternBitsMatch).
#ifndef SPINECHECK_BENCH_COLLECTIVES_PATTERN_MATH_H_
#define SPINECHECK_BENCH_COLLECTIVES_PATTERN_MATH_H_

#include <bit>
#include <cstdint>

#include "bench/collectives/kinds.h"

namespace spinecheck {

// One rank's view of one collective call.
struct PatternSpec {
  CollectiveKind kind;
  DataType type;
  ReduceOp op;     // used by the reducing collectives only
  uint64_t count;  // the per-rank parameter count (BufferLayout::param_count)
  int root;
  int rank;
  int ranks;  // at least 1
  int seed;   // a new seed per check iteration, so stale data never matches
  bool in_place;
  // In elements; Communicator::InPlaceReduceScatterResultOffset of the backend.
  uint64_t in_place_reduce_scatter_offset;
};

// A span of elements in one of the call's two buffers.
struct PatternSpan {
  bool in_recv;     // false: the send buffer
  uint64_t offset;  // in elements
  uint64_t count;
};

// Every byte of both buffers outside the input span is set to this before a
// call. As an element it is a NaN in the floating types, which no pattern
// produces; in the integer types it is -1 or the largest value, which a
// pattern reaches only where an integer sum wraps around (many ranks).
inline constexpr unsigned char kPatternFillerByte = 0xFF;

// How far (as unsigned integers of the element width) a floating-point avg
// result may be from the expected bits: NCCL multiplies each input by
// 1/ranks in the element type before summing, as nccl-tests allows for.
inline constexpr uint64_t kPatternAvgToleranceUlps = 2;

// Size of one element of `type` in bytes: 1, 2, 4 or 8.
constexpr uint32_t PatternElementBytes(DataType type) {
  switch (type) {
    case DataType::kInt8:
    case DataType::kUint8:
    case DataType::kF8e4m3:
    case DataType::kF8e5m2: return 1;
    case DataType::kHalf:
    case DataType::kBfloat16: return 2;
    case DataType::kInt32:
    case DataType::kUint32:
    case DataType::kFloat: return 4;
    case DataType::kInt64:
    case DataType::kUint64:
    case DataType::kDouble: return 8;
  }
  return 8;
}

// The bits of `value` in a binary floating-point format with a sign bit,
// `exponent_bits` exponent bits (bias 2^(exponent_bits - 1) - 1) and
// `mantissa_bits` stored mantissa bits, rounded to nearest, ties to even:
// half (5, 10), bfloat16 (8, 7), f8e4m3 (4, 3) and f8e5m2 (5, 2); float
// (8, 23) and double (11, 52) give the hardware's bits. Zeros (with their
// sign), normal and subnormal values are exact. Magnitudes above the largest
// finite value of the format, infinities and NaNs are outside the contract
// (the patterns never produce them): the result then has every exponent bit
// set, or is the next binade up when rounding carries past the largest one.
constexpr uint64_t EncodeNarrowFloat(double value, int exponent_bits, int mantissa_bits) {
  // Read the double's fields from its bits (exact, unlike any arithmetic).
  const uint64_t bits = std::bit_cast<uint64_t>(value);
  const uint64_t sign = (bits >> 63) << (exponent_bits + mantissa_bits);
  const int double_exponent_field = static_cast<int>((bits >> 52) & 0x7FF);
  const uint64_t all_exponent_bits = ((uint64_t{1} << exponent_bits) - 1) << mantissa_bits;
  if (double_exponent_field == 0x7FF) return sign | all_exponent_bits;
  // |value| = significand * 2^(exponent - 52), with the leading 1 of the
  // significand at bit 52 (shifted there for a subnormal double).
  uint64_t significand = bits & ((uint64_t{1} << 52) - 1);
  if (double_exponent_field == 0 && significand == 0) return sign;
  int exponent = double_exponent_field == 0 ? -1022 : double_exponent_field - 1023;
  if (double_exponent_field != 0) significand |= uint64_t{1} << 52;
  while (significand < (uint64_t{1} << 52)) {
    significand <<= 1;
    --exponent;
  }
  const int bias = (1 << (exponent_bits - 1)) - 1;
  const int min_exponent = 1 - bias;  // of the normal numbers
  if (exponent > bias + 1) return sign | all_exponent_bits;
  // Keep mantissa_bits bits after the leading 1; below min_exponent the
  // result is subnormal and keeps fewer.
  const bool subnormal = exponent < min_exponent;
  const int dropped = 52 - mantissa_bits + (subnormal ? min_exponent - exponent : 0);
  if (dropped > 53) return sign;  // below half the smallest subnormal
  uint64_t kept = significand >> dropped;
  if (dropped > 0) {
    const uint64_t rest = significand & ((uint64_t{1} << dropped) - 1);
    const uint64_t half = uint64_t{1} << (dropped - 1);
    if (rest > half || (rest == half && (kept & 1) != 0)) ++kept;
  }
  // A subnormal has exponent field 0 and no implicit leading 1. Rounding up
  // to the next power of two carries into the exponent field by itself.
  if (subnormal) return sign | kept;
  const uint64_t exponent_field = static_cast<uint64_t>(exponent + bias);
  return sign | ((exponent_field << mantissa_bits) + kept - (uint64_t{1} << mantissa_bits));
}

// The value of `bits` in the format of EncodeNarrowFloat. The field with
// every exponent bit set is read as a binade of finite numbers, which is
// right for f8e4m3 (except its NaN, 0x7F/0xFF); infinities and NaNs of the
// IEEE formats are outside the contract.
constexpr double DecodeNarrowFloat(uint64_t bits, int exponent_bits, int mantissa_bits) {
  const int bias = (1 << (exponent_bits - 1)) - 1;
  const uint64_t mantissa = bits & ((uint64_t{1} << mantissa_bits) - 1);
  const int exponent_field = static_cast<int>((bits >> mantissa_bits) & ((uint64_t{1} << exponent_bits) - 1));
  const bool negative = ((bits >> (exponent_bits + mantissa_bits)) & 1) != 0;
  // |value| = significand * 2^power. 2^power may be below double's normal
  // range (double's own subnormals), so it is applied in two exact halves.
  const uint64_t significand = exponent_field == 0 ? mantissa : mantissa + (uint64_t{1} << mantissa_bits);
  const int power = (exponent_field == 0 ? 1 : exponent_field) - bias - mantissa_bits;
  const double low_half = std::bit_cast<double>(static_cast<uint64_t>(power / 2 + 1023) << 52);
  const double high_half = std::bit_cast<double>(static_cast<uint64_t>(power - power / 2 + 1023) << 52);
  const double magnitude = static_cast<double>(significand) * low_half * high_half;
  return negative ? -magnitude : magnitude;
}

// Helpers of the functions below; not part of the interface.
namespace pattern_internal {

constexpr uint64_t Min(uint64_t a, uint64_t b) { return a < b ? a : b; }

constexpr bool IsReduction(CollectiveKind kind) {
  return kind == CollectiveKind::kAllReduce || kind == CollectiveKind::kReduce ||
         kind == CollectiveKind::kReduceScatter;
}

constexpr bool IsFloating(DataType type) {
  switch (type) {
    case DataType::kHalf:
    case DataType::kFloat:
    case DataType::kDouble:
    case DataType::kBfloat16:
    case DataType::kF8e4m3:
    case DataType::kF8e5m2: return true;
    case DataType::kInt8:
    case DataType::kUint8:
    case DataType::kInt32:
    case DataType::kUint32:
    case DataType::kInt64:
    case DataType::kUint64: return false;
  }
  return false;
}

// The low PatternElementBytes(type) bytes set.
constexpr uint64_t WidthMask(DataType type) {
  const uint32_t bits = 8 * PatternElementBytes(type);
  return bits == 64 ? ~uint64_t{0} : (uint64_t{1} << bits) - 1;
}

// L(type): every integer in [0, L] is exact in `type`. Integer types wrap
// the same way in any order, so they have no limit.
constexpr uint64_t ExactIntegerLimit(DataType type) {
  switch (type) {
    case DataType::kHalf: return uint64_t{1} << 11;
    case DataType::kFloat: return uint64_t{1} << 24;
    case DataType::kDouble: return uint64_t{1} << 53;
    case DataType::kBfloat16: return uint64_t{1} << 8;
    case DataType::kF8e4m3: return 16;
    case DataType::kF8e5m2: return 8;
    case DataType::kInt8:
    case DataType::kUint8:
    case DataType::kInt32:
    case DataType::kUint32:
    case DataType::kInt64:
    case DataType::kUint64: return ~uint64_t{0};
  }
  return 0;
}

// The bits of `value` in a floating `type`, rounded to nearest even (an
// integer type gets the value truncated and wrapped; the patterns do not
// ask for that).
constexpr uint64_t EncodeReal(DataType type, double value) {
  switch (type) {
    case DataType::kHalf: return EncodeNarrowFloat(value, 5, 10);
    case DataType::kFloat: return std::bit_cast<uint32_t>(static_cast<float>(value));
    case DataType::kDouble: return std::bit_cast<uint64_t>(value);
    case DataType::kBfloat16: return EncodeNarrowFloat(value, 8, 7);
    case DataType::kF8e4m3: return EncodeNarrowFloat(value, 4, 3);
    case DataType::kF8e5m2: return EncodeNarrowFloat(value, 5, 2);
    case DataType::kInt8:
    case DataType::kUint8:
    case DataType::kInt32:
    case DataType::kUint32:
    case DataType::kInt64:
    case DataType::kUint64: break;
  }
  return static_cast<uint64_t>(static_cast<int64_t>(value)) & WidthMask(type);
}

// The bits of the integer `value` in `type`: modulo 2^bits for integer types
// (as a conversion from int64_t does), rounded to nearest even for floating
// types (exact for the values the patterns produce).
constexpr uint64_t EncodeInteger(DataType type, int64_t value) {
  if (IsFloating(type)) return EncodeReal(type, static_cast<double>(value));
  return static_cast<uint64_t>(value) & WidthMask(type);
}

// A value for element `index` of the stream `stream` (a rank, or a
// sender/receiver pair): 0..250. The collectives that only move data carry
// it; in the 8-bit floating types it is rounded, which is harmless there.
constexpr int64_t Mix(uint64_t stream, uint64_t index, int seed) {
  return static_cast<int64_t>((stream * 131 + index * 7 + static_cast<uint64_t>(seed) * 17) % 251);
}

// sum: each rank contributes (g + s) % 16 + r % 4, at most 18, when the
// total stays exact in `type`; otherwise one rank per element contributes.
constexpr bool SumOfAllRanksIsExact(DataType type, uint64_t ranks) { return 18 * ranks <= ExactIntegerLimit(type); }
// The single contributor's values are 1..SingleContributorRange(type).
constexpr uint64_t SingleContributorRange(DataType type) { return Min(15, ExactIntegerLimit(type) - 1); }

// min/max: rank r contributes (g + s) % spread + ((r + g + s) % n) % cap, so
// the minimum is (g + s) % spread and the maximum that plus cap - 1; both
// terms stay within L/2, so every value is exact.
constexpr uint64_t MinMaxSpread(DataType type) { return Min(50, ExactIntegerLimit(type) / 2); }
constexpr uint64_t MinMaxCap(DataType type, uint64_t ranks) {
  return Min(Min(ranks, 64), ExactIntegerLimit(type) / 2);
}

// avg: rank 0 contributes a value below AvgRange0, rank 1 one below
// AvgRange1, so their sum stays below L.
constexpr uint64_t AvgRange0(DataType type) { return Min(64, ExactIntegerLimit(type) / 2); }
constexpr uint64_t AvgRange1(DataType type) { return Min(61, ExactIntegerLimit(type) / 2); }

// Input of `spec.rank` at global element `g` of a reduction.
constexpr int64_t ReductionInput(const PatternSpec& spec, uint64_t g) {
  const uint64_t s = static_cast<uint64_t>(spec.seed);
  const uint64_t n = static_cast<uint64_t>(spec.ranks);
  const uint64_t r = static_cast<uint64_t>(spec.rank);
  switch (spec.op) {
    case ReduceOp::kSum:
      if (SumOfAllRanksIsExact(spec.type, n)) return static_cast<int64_t>((g + s) % 16 + r % 4);
      return r == (g + s) % n ? static_cast<int64_t>(1 + (g + s) % SingleContributorRange(spec.type)) : 0;
    case ReduceOp::kProd: return r == (g + s) % n ? static_cast<int64_t>(2 + (g + s) % 3) : 1;
    case ReduceOp::kMin:
    case ReduceOp::kMax:
      return static_cast<int64_t>((g + s) % MinMaxSpread(spec.type) + ((r + g + s) % n) % MinMaxCap(spec.type, n));
    case ReduceOp::kAvg:
      if (r == 0) return static_cast<int64_t>((g + s) % AvgRange0(spec.type));
      if (r == 1) return static_cast<int64_t>((3 * g + s) % AvgRange1(spec.type));
      return 0;
  }
  return 0;
}

// Bits of the reduction over all ranks at global element `g`.
constexpr uint64_t ReductionResultBits(const PatternSpec& spec, uint64_t g) {
  const DataType type = spec.type;
  const uint64_t s = static_cast<uint64_t>(spec.seed);
  const uint64_t n = static_cast<uint64_t>(spec.ranks);
  switch (spec.op) {
    case ReduceOp::kSum: {
      if (!SumOfAllRanksIsExact(type, n)) {
        return EncodeInteger(type, static_cast<int64_t>(1 + (g + s) % SingleContributorRange(type)));
      }
      // The sum over r of r % 4: whole cycles of 0+1+2+3, then 0..k-1.
      const uint64_t k = n % 4;
      const uint64_t rank_part = (n / 4) * 6 + k * (k - 1) / 2;
      return EncodeInteger(type, static_cast<int64_t>(n * ((g + s) % 16) + rank_part));
    }
    case ReduceOp::kProd: return EncodeInteger(type, static_cast<int64_t>(2 + (g + s) % 3));
    case ReduceOp::kMin: return EncodeInteger(type, static_cast<int64_t>((g + s) % MinMaxSpread(type)));
    case ReduceOp::kMax:
      return EncodeInteger(type, static_cast<int64_t>((g + s) % MinMaxSpread(type) + MinMaxCap(type, n) - 1));
    case ReduceOp::kAvg: {
      uint64_t sum = (g + s) % AvgRange0(type);
      if (n > 1) sum += (3 * g + s) % AvgRange1(type);
      // The sum (at most 123) fits every integer type, so typed.h's
      // DivideByRanks (truncating division in the type) gives sum / n.
      if (!IsFloating(type)) return EncodeInteger(type, static_cast<int64_t>(sum / n));
      return EncodeReal(type, static_cast<double>(sum) / static_cast<double>(n));
    }
  }
  return 0;
}

// Input element `j` of this rank; every input is an integer.
constexpr int64_t InputValue(const PatternSpec& spec, uint64_t j) {
  const uint64_t count = spec.count;
  const uint64_t rank = static_cast<uint64_t>(spec.rank);
  const uint64_t n = static_cast<uint64_t>(spec.ranks);
  switch (spec.kind) {
    case CollectiveKind::kAllReduce:
    case CollectiveKind::kReduce:
    case CollectiveKind::kReduceScatter: return ReductionInput(spec, j);
    case CollectiveKind::kAllGather:
    case CollectiveKind::kBroadcast:
    case CollectiveKind::kSendRecv: return Mix(rank, j, spec.seed);
    case CollectiveKind::kAllToAll: return Mix(rank * n + j / count, j % count, spec.seed);
  }
  return 0;
}

// Output element `j` of this rank for a collective that moves data: the
// input element of the rank it came from.
constexpr int64_t MovedValue(const PatternSpec& spec, uint64_t j) {
  const uint64_t count = spec.count;
  const uint64_t rank = static_cast<uint64_t>(spec.rank);
  const uint64_t n = static_cast<uint64_t>(spec.ranks);
  switch (spec.kind) {
    case CollectiveKind::kAllGather: return Mix(j / count, j % count, spec.seed);
    case CollectiveKind::kBroadcast: return Mix(static_cast<uint64_t>(spec.root), j, spec.seed);
    case CollectiveKind::kAllToAll: return Mix((j / count) * n + rank, j % count, spec.seed);
    case CollectiveKind::kSendRecv: return Mix((rank + n - 1) % n, j, spec.seed);
    case CollectiveKind::kAllReduce:
    case CollectiveKind::kReduce:
    case CollectiveKind::kReduceScatter: break;  // see ReductionResultBits
  }
  return 0;
}

}  // namespace pattern_internal

// Where this rank's input lives; count 0 when it has none (broadcast on a
// non-root).
constexpr PatternSpan PatternInputSpan(const PatternSpec& spec) {
  const uint64_t count = spec.count;
  const uint64_t n = static_cast<uint64_t>(spec.ranks);
  const uint64_t rank = static_cast<uint64_t>(spec.rank);
  const bool in_recv = spec.in_place;
  switch (spec.kind) {
    case CollectiveKind::kAllGather: return {in_recv, spec.in_place ? rank * count : 0, count};
    case CollectiveKind::kReduceScatter:
    case CollectiveKind::kAllToAll: return {in_recv, 0, count * n};
    case CollectiveKind::kBroadcast: return {in_recv, 0, spec.rank == spec.root ? count : 0};
    case CollectiveKind::kAllReduce:
    case CollectiveKind::kReduce:
    case CollectiveKind::kSendRecv: return {in_recv, 0, count};
  }
  return {false, 0, 0};
}

// Where this rank's result lands; count 0 when this rank receives nothing
// checkable (reduce on a non-root, out-of-place broadcast on the root).
constexpr PatternSpan PatternOutputSpan(const PatternSpec& spec) {
  const uint64_t count = spec.count;
  const uint64_t n = static_cast<uint64_t>(spec.ranks);
  switch (spec.kind) {
    case CollectiveKind::kAllReduce:
    case CollectiveKind::kSendRecv: return {true, 0, count};
    case CollectiveKind::kAllGather:
    case CollectiveKind::kAllToAll: return {true, 0, count * n};
    case CollectiveKind::kReduceScatter:
      return {true, spec.in_place ? spec.in_place_reduce_scatter_offset : 0, count};
    case CollectiveKind::kBroadcast:
      // The root's receive buffer is backend-defined (MPI broadcasts from the send buffer).
      return {true, 0, spec.rank == spec.root && !spec.in_place ? 0 : count};
    case CollectiveKind::kReduce: return {true, 0, spec.rank == spec.root ? count : 0};
  }
  return {true, 0, 0};
}

// Input element `j` (j < PatternInputSpan(spec).count) of this rank, as raw
// bits in the low PatternElementBytes(spec.type) bytes.
constexpr uint64_t PatternInputBits(const PatternSpec& spec, uint64_t j) {
  return pattern_internal::EncodeInteger(spec.type, pattern_internal::InputValue(spec, j));
}

// Expected output element `j` (j < PatternOutputSpan(spec).count) of this
// rank, as raw bits in the low PatternElementBytes(spec.type) bytes.
constexpr uint64_t PatternExpectedBits(const PatternSpec& spec, uint64_t j) {
  switch (spec.kind) {
    case CollectiveKind::kAllReduce:
    case CollectiveKind::kReduce: return pattern_internal::ReductionResultBits(spec, j);
    case CollectiveKind::kReduceScatter:
      return pattern_internal::ReductionResultBits(spec, static_cast<uint64_t>(spec.rank) * spec.count + j);
    case CollectiveKind::kAllGather:
    case CollectiveKind::kBroadcast:
    case CollectiveKind::kAllToAll:
    case CollectiveKind::kSendRecv: break;
  }
  return pattern_internal::EncodeInteger(spec.type, pattern_internal::MovedValue(spec, j));
}

// Whether an output element with bits `actual_bits` passes as
// `expected_bits` (only the low PatternElementBytes(spec.type) bytes of
// each count). Bit-exact, except a floating-point avg of a reducing
// collective, which may be kPatternAvgToleranceUlps away, comparing the bits
// as unsigned integers of the element width (the expected values are never
// negative, so this counts units in the last place).
constexpr bool PatternBitsMatch(const PatternSpec& spec, uint64_t actual_bits, uint64_t expected_bits) {
  const uint64_t mask = pattern_internal::WidthMask(spec.type);
  const uint64_t actual = actual_bits & mask;
  const uint64_t expected = expected_bits & mask;
  const bool tolerant =
      spec.op == ReduceOp::kAvg && pattern_internal::IsReduction(spec.kind) && pattern_internal::IsFloating(spec.type);
  const uint64_t distance = actual > expected ? actual - expected : expected - actual;
  return distance <= (tolerant ? kPatternAvgToleranceUlps : 0);
}

}  // namespace spinecheck

#endif  // SPINECHECK_BENCH_COLLECTIVES_PATTERN_MATH_H_
