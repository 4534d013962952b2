// Element types and reduction operations, named as nccl-tests names them
// (-d int8 ... bfloat16, f8e4m3, f8e5m2; -o sum prod min max avg).
#ifndef SPINECHECK_BENCH_COLLECTIVES_DATA_TYPE_H_
#define SPINECHECK_BENCH_COLLECTIVES_DATA_TYPE_H_

#include <cstddef>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "bench/collectives/kinds.h"

namespace spinecheck {

// DataType and ReduceOp are defined in kinds.h.

absl::string_view DataTypeName(DataType type);
size_t DataTypeSize(DataType type);
// Every type, in nccl-tests' order (what "-d all" means before a backend filters it).
const std::vector<DataType>& AllDataTypes();
// kInvalidArgument naming the text and listing the accepted names.
absl::StatusOr<DataType> ParseDataType(absl::string_view name);

absl::string_view ReduceOpName(ReduceOp op);
const std::vector<ReduceOp>& AllReduceOps();
absl::StatusOr<ReduceOp> ParseReduceOp(absl::string_view name);

}  // namespace spinecheck

#endif  // SPINECHECK_BENCH_COLLECTIVES_DATA_TYPE_H_
