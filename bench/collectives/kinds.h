// The enums that name one collective call: which collective, which element
// type and which reduction op. They include no library header, so CUDA
// device code can use them as well as host code (see pattern_math.h).
#ifndef SPINECHECK_BENCH_COLLECTIVES_KINDS_H_
#define SPINECHECK_BENCH_COLLECTIVES_KINDS_H_

namespace spinecheck {

// Element types, in nccl-tests' order (-d int8 ... bfloat16, f8e4m3, f8e5m2).
// kF8e4m3 is the "fn" variant (no infinities, largest finite value 448).
enum class DataType {
  kInt8, kUint8, kInt32, kUint32, kInt64, kUint64,       // integer types
  kHalf, kFloat, kDouble, kBfloat16, kF8e4m3, kF8e5m2,  // floating types
};

// Reduction operations (-o sum prod min max avg).
enum class ReduceOp { kSum, kProd, kMin, kMax, kAvg };

// The collectives spinecheck measures (collective.h describes each one).
enum class CollectiveKind { kAllReduce, kAllGather, kReduceScatter, kBroadcast, kReduce, kAllToAll, kSendRecv };

}  // namespace spinecheck

#endif  // SPINECHECK_BENCH_COLLECTIVES_KINDS_H_
