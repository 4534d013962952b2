#include "bench/collectives/data_type.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace spinecheck {
namespace {

struct TypeEntry {
  DataType type;
  const char* name;
  size_t size;
};
constexpr TypeEntry kTypes[] = {
    {DataType::kInt8, "int8", 1},       {DataType::kUint8, "uint8", 1},     {DataType::kInt32, "int32", 4},
    {DataType::kUint32, "uint32", 4},   {DataType::kInt64, "int64", 8},     {DataType::kUint64, "uint64", 8},
    {DataType::kHalf, "half", 2},       {DataType::kFloat, "float", 4},     {DataType::kDouble, "double", 8},
    {DataType::kBfloat16, "bfloat16", 2}, {DataType::kF8e4m3, "f8e4m3", 1}, {DataType::kF8e5m2, "f8e5m2", 1},
};
constexpr const char* kOpNames[] = {"sum", "prod", "min", "max", "avg"};

}  // namespace

absl::string_view DataTypeName(DataType type) { return kTypes[static_cast<int>(type)].name; }
size_t DataTypeSize(DataType type) { return kTypes[static_cast<int>(type)].size; }

const std::vector<DataType>& AllDataTypes() {
  static const std::vector<DataType> types = [] {
    std::vector<DataType> all;
    for (const TypeEntry& entry : kTypes) all.push_back(entry.type);
    return all;
  }();
  return types;
}

absl::StatusOr<DataType> ParseDataType(absl::string_view name) {
  std::vector<std::string> names;
  for (const TypeEntry& entry : kTypes) {
    if (name == entry.name) return entry.type;
    names.push_back(entry.name);
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unknown data type '", name, "'; accepted: ", absl::StrJoin(names, ", "), ", all"));
}

absl::string_view ReduceOpName(ReduceOp op) { return kOpNames[static_cast<int>(op)]; }

const std::vector<ReduceOp>& AllReduceOps() {
  static const std::vector<ReduceOp> ops = {ReduceOp::kSum, ReduceOp::kProd, ReduceOp::kMin, ReduceOp::kMax,
                                            ReduceOp::kAvg};
  return ops;
}

absl::StatusOr<ReduceOp> ParseReduceOp(absl::string_view name) {
  for (ReduceOp op : AllReduceOps()) {
    if (name == ReduceOpName(op)) return op;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unknown reduction op '", name, "'; accepted: sum, prod, min, max, avg, all"));
}

}  // namespace spinecheck
