// Compile-time dispatch on DataType for host code, and the one definition of
// "average over ranks" that backends and verification share.
#ifndef SPINECHECK_BENCH_COLLECTIVES_TYPED_H_
#define SPINECHECK_BENCH_COLLECTIVES_TYPED_H_

#include <cstdint>
#include <type_traits>

#include "bench/collectives/data_type.h"

namespace spinecheck {

// Calls visitor.template operator()<T>() with T the C++ type of `type`, and
// returns false for types without a host C++ type (half, bfloat16, fp8).
template <typename Visitor>
bool VisitHostType(DataType type, Visitor&& visitor) {
  switch (type) {
    case DataType::kInt8: visitor.template operator()<int8_t>(); return true;
    case DataType::kUint8: visitor.template operator()<uint8_t>(); return true;
    case DataType::kInt32: visitor.template operator()<int32_t>(); return true;
    case DataType::kUint32: visitor.template operator()<uint32_t>(); return true;
    case DataType::kInt64: visitor.template operator()<int64_t>(); return true;
    case DataType::kUint64: visitor.template operator()<uint64_t>(); return true;
    case DataType::kFloat: visitor.template operator()<float>(); return true;
    case DataType::kDouble: visitor.template operator()<double>(); return true;
    default: return false;
  }
}

// avg's result from a sum over `ranks` ranks: IEEE division for floating
// types, truncating integer division (in 64 bits) for integer types.
template <typename T>
T DivideByRanks(T sum, int ranks) {
  if constexpr (std::is_floating_point_v<T>) {
    return sum / static_cast<T>(ranks);
  } else if constexpr (std::is_signed_v<T>) {
    return static_cast<T>(static_cast<int64_t>(sum) / ranks);
  } else {
    return static_cast<T>(static_cast<uint64_t>(sum) / static_cast<uint64_t>(ranks));
  }
}

}  // namespace spinecheck

#endif  // SPINECHECK_BENCH_COLLECTIVES_TYPED_H_
