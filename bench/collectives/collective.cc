#include "bench/collectives/collective.h"

#include <memory>

#include "reports/model/status_macros.h"

namespace spinecheck {
namespace {

// Per-rank block of a split collective: count / ranks, rounded down to a
// multiple of 16 bytes as nccl-tests does since 2024-12.
size_t AlignedBlock(size_t count, size_t element_size, int ranks) {
  const size_t block = count / static_cast<size_t>(ranks);
  const size_t granule = element_size >= 16 ? 1 : 16 / element_size;
  return block / granule * granule;
}

}  // namespace

BufferLayout CollectiveDefinition::Layout(size_t bytes, size_t element_size, int ranks) const {
  const size_t count = bytes / element_size;
  const size_t n = static_cast<size_t>(ranks);
  switch (kind) {
    case CollectiveKind::kAllGather: {
      const size_t block = AlignedBlock(count, element_size, ranks);
      return {block, block * n, block};
    }
    case CollectiveKind::kReduceScatter: {
      const size_t block = AlignedBlock(count, element_size, ranks);
      return {block * n, block, block};
    }
    case CollectiveKind::kAllToAll: {
      const size_t block = AlignedBlock(count, element_size, ranks);
      return {block * n, block * n, block};
    }
    case CollectiveKind::kAllReduce:
    case CollectiveKind::kBroadcast:
    case CollectiveKind::kReduce:
    case CollectiveKind::kSendRecv:
      return {count, count, count};
  }
  return {};
}

double CollectiveDefinition::BusFactor(int ranks) const {
  const double n = ranks;
  switch (kind) {
    case CollectiveKind::kAllReduce: return 2.0 * (n - 1) / n;
    case CollectiveKind::kAllGather:
    case CollectiveKind::kReduceScatter:
    case CollectiveKind::kAllToAll: return (n - 1) / n;
    case CollectiveKind::kBroadcast:
    case CollectiveKind::kReduce:
    case CollectiveKind::kSendRecv: return 1.0;
  }
  return 1.0;
}

absl::Status RegisterBuiltinCollectives(CollectiveRegistry& registry) {
  const CollectiveDefinition builtins[] = {
      {"all_reduce", CollectiveKind::kAllReduce, /*reduces=*/true, /*rooted=*/false},
      {"all_gather", CollectiveKind::kAllGather, false, false},
      {"reduce_scatter", CollectiveKind::kReduceScatter, true, false},
      {"broadcast", CollectiveKind::kBroadcast, false, true},
      {"reduce", CollectiveKind::kReduce, true, true},
      {"alltoall", CollectiveKind::kAllToAll, false, false},
      {"sendrecv", CollectiveKind::kSendRecv, false, false},
  };
  for (const CollectiveDefinition& definition : builtins) {
    SPINECHECK_RETURN_IF_ERROR(registry.Register(definition.name, std::make_unique<CollectiveDefinition>(definition)));
  }
  return absl::OkStatus();
}

absl::Status LaunchCollective(const CollectiveDefinition& definition, Communicator& comm, void* send, void* recv,
                              const BufferLayout& layout, DataType type, ReduceOp op, int root, bool in_place) {
  const size_t count = layout.param_count;
  char* recv_bytes = static_cast<char*>(recv);
  const size_t block_bytes = count * DataTypeSize(type) * static_cast<size_t>(comm.rank());
  switch (definition.kind) {
    case CollectiveKind::kAllReduce:
      return comm.AllReduce(in_place ? recv : send, recv, count, type, op);
    case CollectiveKind::kAllGather:
      return comm.AllGather(in_place ? recv_bytes + block_bytes : send, recv, count, type);
    case CollectiveKind::kReduceScatter:
      return comm.ReduceScatter(in_place ? recv : send, in_place ? recv_bytes + block_bytes : recv, count, type, op);
    case CollectiveKind::kBroadcast:
      return comm.Broadcast(in_place ? recv : send, recv, count, type, root);
    case CollectiveKind::kReduce:
      return comm.Reduce(in_place ? recv : send, recv, count, type, op, root);
    case CollectiveKind::kAllToAll:
      return comm.AllToAll(in_place ? recv : send, recv, count, type);
    case CollectiveKind::kSendRecv:
      return comm.SendRecv(in_place ? recv : send, recv, count, type);
  }
  return absl::InvalidArgumentError("unknown collective kind");
}

const CollectiveRegistry& BuiltinCollectives() {
  static const CollectiveRegistry registry = [] {
    CollectiveRegistry built("collective");
    (void)RegisterBuiltinCollectives(built);  // built-in names are distinct
    return built;
  }();
  return registry;
}

}  // namespace spinecheck
