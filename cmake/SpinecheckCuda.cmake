# GPU backend detection, driven by SPINECHECK_CUDA = AUTO | ON | OFF.
#
# Sets SPINECHECK_HAVE_CUDA and SPINECHECK_HAVE_NCCL (ON/OFF). With ON, a
# missing toolkit or NCCL stops the configure step with the reason; with AUTO
# the build goes on without GPU backends and the binary says so at run time.
set(SPINECHECK_HAVE_CUDA OFF)
set(SPINECHECK_HAVE_NCCL OFF)

string(TOUPPER "${SPINECHECK_CUDA}" _spinecheck_cuda_mode)
if(NOT _spinecheck_cuda_mode MATCHES "^(AUTO|ON|OFF)$")
  message(FATAL_ERROR "SPINECHECK_CUDA must be AUTO, ON or OFF (got '${SPINECHECK_CUDA}')")
endif()

if(NOT _spinecheck_cuda_mode STREQUAL "OFF")
  if(NOT DEFINED CUDAToolkit_ROOT AND EXISTS /usr/local/cuda)
    set(CUDAToolkit_ROOT /usr/local/cuda)
  endif()
  find_package(CUDAToolkit QUIET)
  if(CUDAToolkit_FOUND)
    set(SPINECHECK_HAVE_CUDA ON)
    find_package(NCCL QUIET)
    if(NCCL_FOUND)
      set(SPINECHECK_HAVE_NCCL ON)
    endif()
  endif()
  if(_spinecheck_cuda_mode STREQUAL "ON" AND NOT (SPINECHECK_HAVE_CUDA AND SPINECHECK_HAVE_NCCL))
    message(FATAL_ERROR "SPINECHECK_CUDA=ON but CUDA toolkit found=${SPINECHECK_HAVE_CUDA}, NCCL found=${SPINECHECK_HAVE_NCCL}. "
                        "Set CUDAToolkit_ROOT / NCCL_HOME, or configure with -DSPINECHECK_CUDA=OFF.")
  endif()
endif()

if(SPINECHECK_HAVE_CUDA)
  # Kernels (.cu) are compiled for the GPUs of the clusters we test: A100
  # (sm_80), H100/H200 (sm_90) and B200 (sm_100). Override with
  # -DCMAKE_CUDA_ARCHITECTURES=... for other GPUs.
  if(NOT DEFINED CMAKE_CUDA_ARCHITECTURES)
    set(CMAKE_CUDA_ARCHITECTURES 80 90 100)
  endif()
  if(NOT DEFINED CMAKE_CUDA_COMPILER AND EXISTS "${CUDAToolkit_BIN_DIR}/nvcc")
    set(CMAKE_CUDA_COMPILER "${CUDAToolkit_BIN_DIR}/nvcc")
  endif()
  enable_language(CUDA)
  # CMake 3.25 knows nvcc's dialects only up to C++17; nvcc 12 and later take
  # -std=c++20, which the project's CXX_STANDARD 20 asks of .cu files too.
  if(NOT CMAKE_CUDA20_STANDARD_COMPILE_OPTION AND CMAKE_CUDA_COMPILER_VERSION VERSION_GREATER_EQUAL 12.0)
    set(CMAKE_CUDA20_STANDARD_COMPILE_OPTION "-std=c++20")
    set(CMAKE_CUDA20_EXTENSION_COMPILE_OPTION "-std=c++20")
    list(APPEND CMAKE_CUDA_COMPILE_FEATURES cuda_std_20)
  endif()
  set(CMAKE_CUDA_STANDARD 20)
  set(CMAKE_CUDA_STANDARD_REQUIRED ON)
  message(STATUS "CUDA toolkit ${CUDAToolkit_VERSION} (${CUDAToolkit_BIN_DIR}), architectures ${CMAKE_CUDA_ARCHITECTURES}")
endif()
if(SPINECHECK_HAVE_NCCL)
  message(STATUS "NCCL ${NCCL_VERSION}: ${NCCL_LIBRARY}")
endif()
