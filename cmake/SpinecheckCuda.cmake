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
  message(STATUS "CUDA toolkit ${CUDAToolkit_VERSION} at ${CUDAToolkit_LIBRARY_ROOT}")
endif()
if(SPINECHECK_HAVE_NCCL)
  message(STATUS "NCCL ${NCCL_VERSION}: ${NCCL_LIBRARY}")
endif()
