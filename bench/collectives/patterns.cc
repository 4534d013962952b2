// Host-memory fill and verification of the data patterns: pattern_math.h
// gives each element's bits, this file moves them in and out of buffers.
#include "bench/collectives/patterns.h"

#include <bit>
#include <cstdint>
#include <cstring>
#include <type_traits>

#include "bench/collectives/data_type.h"

namespace spinecheck {
namespace {

// The unsigned integer type of an element's bits.
template <DataType kType>
using ElementBits = std::conditional_t<
    PatternElementBytes(kType) == 1, uint8_t,
    std::conditional_t<PatternElementBytes(kType) == 2, uint16_t,
                       std::conditional_t<PatternElementBytes(kType) == 4, uint32_t, uint64_t>>>;

// Calls visitor.template operator()<kType>() with kType == type.
template <typename Visitor>
void VisitStaticType(DataType type, Visitor&& visitor) {
  switch (type) {
    case DataType::kInt8: visitor.template operator()<DataType::kInt8>(); return;
    case DataType::kUint8: visitor.template operator()<DataType::kUint8>(); return;
    case DataType::kInt32: visitor.template operator()<DataType::kInt32>(); return;
    case DataType::kUint32: visitor.template operator()<DataType::kUint32>(); return;
    case DataType::kInt64: visitor.template operator()<DataType::kInt64>(); return;
    case DataType::kUint64: visitor.template operator()<DataType::kUint64>(); return;
    case DataType::kHalf: visitor.template operator()<DataType::kHalf>(); return;
    case DataType::kFloat: visitor.template operator()<DataType::kFloat>(); return;
    case DataType::kDouble: visitor.template operator()<DataType::kDouble>(); return;
    case DataType::kBfloat16: visitor.template operator()<DataType::kBfloat16>(); return;
    case DataType::kF8e4m3: visitor.template operator()<DataType::kF8e4m3>(); return;
    case DataType::kF8e5m2: visitor.template operator()<DataType::kF8e5m2>(); return;
  }
}

// The hot loops. Each is compiled once per type and flattened (every call
// inlined), so the type is a constant and the compiler folds the pattern
// functions' type switches and divisions by type-dependent constants.
template <DataType kType>
[[gnu::flatten]] void WriteInput(PatternSpec spec, uint64_t count, unsigned char* base) {
  using Bits = ElementBits<kType>;
  spec.type = kType;
  for (uint64_t j = 0; j < count; ++j) {
    const Bits bits = static_cast<Bits>(PatternInputBits(spec, j));
    std::memcpy(base + j * sizeof(Bits), &bits, sizeof(Bits));
  }
}

template <DataType kType>
[[gnu::flatten]] int64_t CountWrongElements(PatternSpec spec, uint64_t count, const unsigned char* base) {
  using Bits = ElementBits<kType>;
  spec.type = kType;
  int64_t wrong = 0;
  for (uint64_t j = 0; j < count; ++j) {
    Bits actual;
    std::memcpy(&actual, base + j * sizeof(Bits), sizeof(Bits));
    if (!PatternBitsMatch(spec, actual, PatternExpectedBits(spec, j))) ++wrong;
  }
  return wrong;
}

// The value of an element of `type` with raw bits `bits`.
double BitsToDouble(DataType type, uint64_t bits) {
  switch (type) {
    case DataType::kInt8: return static_cast<int8_t>(bits);
    case DataType::kUint8: return static_cast<uint8_t>(bits);
    case DataType::kInt32: return static_cast<int32_t>(bits);
    case DataType::kUint32: return static_cast<uint32_t>(bits);
    case DataType::kInt64: return static_cast<double>(static_cast<int64_t>(bits));
    case DataType::kUint64: return static_cast<double>(bits);
    case DataType::kHalf: return DecodeNarrowFloat(bits, 5, 10);
    case DataType::kFloat: return std::bit_cast<float>(static_cast<uint32_t>(bits));
    case DataType::kDouble: return std::bit_cast<double>(bits);
    case DataType::kBfloat16: return DecodeNarrowFloat(bits, 8, 7);
    case DataType::kF8e4m3: return DecodeNarrowFloat(bits, 4, 3);
    case DataType::kF8e5m2: return DecodeNarrowFloat(bits, 5, 2);
  }
  return 0;
}

}  // namespace


ElementSpan OutputSpan(const PatternCall& call) {
  const PatternSpan span = PatternOutputSpan(ToPatternSpec(call));
  return {span.in_recv, static_cast<size_t>(span.offset), static_cast<size_t>(span.count)};
}

void FillInput(const PatternCall& call, void* send, size_t send_elements, void* recv, size_t recv_elements) {
  const size_t element_size = DataTypeSize(call.type);
  std::memset(send, kPatternFillerByte, send_elements * element_size);
  std::memset(recv, kPatternFillerByte, recv_elements * element_size);
  const PatternSpec spec = ToPatternSpec(call);
  const PatternSpan input = PatternInputSpan(spec);
  unsigned char* base = static_cast<unsigned char*>(input.in_recv ? recv : send) + input.offset * element_size;
  VisitStaticType(call.type, [&]<DataType kType>() { WriteInput<kType>(spec, input.count, base); });
}

int64_t CountWrong(const PatternCall& call, const void* send, const void* recv) {
  const PatternSpec spec = ToPatternSpec(call);
  const PatternSpan output = PatternOutputSpan(spec);
  const size_t element_size = DataTypeSize(call.type);
  const unsigned char* base =
      static_cast<const unsigned char*>(output.in_recv ? recv : send) + output.offset * element_size;
  int64_t wrong = 0;
  VisitStaticType(call.type, [&]<DataType kType>() { wrong = CountWrongElements<kType>(spec, output.count, base); });
  return wrong;
}

double ExpectedOutputValue(const PatternCall& call, size_t index) {
  return BitsToDouble(call.type, PatternExpectedBits(ToPatternSpec(call), index));
}

}  // namespace spinecheck
