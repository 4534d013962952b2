// bare_mpi_loop: the reference against which the sweep harness's overhead is
// measured. The plainest possible timing of one MPI collective: one warm-up
// call, a barrier, `iters` calls back to back timed with steady_clock, the
// per-rank mean averaged over ranks (spinecheck's -a 1). No data checks, no
// result document. Prints "bytes time_us" per size on rank 0.
//
//   mpirun -np 2 bare_mpi_loop allreduce|allgather MIN_BYTES MAX_BYTES ITERS
//
// Written by hand on purpose: it must contain nothing but the loop.
#include <mpi.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0, size = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  if (argc != 5 || (std::strcmp(argv[1], "allreduce") != 0 && std::strcmp(argv[1], "allgather") != 0)) {
    if (rank == 0) std::fprintf(stderr, "usage: bare_mpi_loop allreduce|allgather MIN_BYTES MAX_BYTES ITERS\n");
    MPI_Finalize();
    return 2;
  }
  const bool allreduce = std::strcmp(argv[1], "allreduce") == 0;
  const size_t min_bytes = std::strtoull(argv[2], nullptr, 10);
  const size_t max_bytes = std::strtoull(argv[3], nullptr, 10);
  const int iters = std::atoi(argv[4]);
  std::vector<float> send(max_bytes / sizeof(float) + 1, 1.0f);
  std::vector<float> recv(max_bytes / sizeof(float) + 1, 0.0f);
  for (size_t bytes = min_bytes; bytes <= max_bytes; bytes *= 2) {
    // Sizes as spinecheck counts them: all_reduce count = bytes/4; all_gather
    // block = (bytes/4/size) rounded down to 4 floats, "size" = block*size*4.
    const int count = allreduce ? static_cast<int>(bytes / 4) : static_cast<int>(bytes / 4 / size / 4 * 4);
    auto call = [&] {
      if (allreduce) {
        MPI_Allreduce(send.data(), recv.data(), count, MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD);
      } else {
        MPI_Allgather(send.data(), count, MPI_FLOAT, recv.data(), count, MPI_FLOAT, MPI_COMM_WORLD);
      }
    };
    call();
    MPI_Barrier(MPI_COMM_WORLD);
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < iters; ++i) call();
    const double local_us =
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count() / iters;
    double sum_us = 0;
    MPI_Allreduce(&local_us, &sum_us, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
    if (rank == 0) {
      const size_t shown = allreduce ? bytes : static_cast<size_t>(count) * size * 4;
      std::printf("%zu %.3f\n", shown, sum_us / size);
    }
  }
  MPI_Finalize();
  return 0;
}
