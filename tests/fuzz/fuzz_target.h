// One fuzz target per function that reads outside input (tools/fuzz runs
// them; docs/reliability.md records the runs). A target file is
//
//   SPINECHECK_FUZZ_TARGET(osu_import) { (void)ImportOsu(input, "fuzz.txt"); }
//
// with `input` the bytes as a std::string. Built with libFuzzer
// (SPINECHECK_FUZZING, tools/fuzz) the body is LLVMFuzzerTestOneInput;
// otherwise it registers itself with fuzz_replay_test, which runs it over
// the committed corpus and every crash ever found (tests/fixtures/fuzz/NAME/)
// without a fuzzing engine. A body may abort (a broken invariant) but must
// not throw.
#ifndef SPINECHECK_TESTS_FUZZ_FUZZ_TARGET_H_
#define SPINECHECK_TESTS_FUZZ_FUZZ_TARGET_H_

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>

namespace spinecheck::fuzz {

using FuzzBody = void (*)(const std::string& input);

// Every target linked into the replay test, by name.
inline std::map<std::string, FuzzBody>& Targets() {
  static std::map<std::string, FuzzBody> targets;
  return targets;
}

struct Registration {
  Registration(const char* name, FuzzBody body) { Targets()[name] = body; }
};

// A broken invariant: a crash libFuzzer records, and a failure of the replay.
inline void Require(bool holds, const char* what) {
  if (holds) return;
  std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
  std::abort();
}

}  // namespace spinecheck::fuzz

#ifdef SPINECHECK_FUZZING
#define SPINECHECK_FUZZ_TARGET(name)                                                 \
  static void FuzzBody_##name(const std::string& input);                             \
  extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {          \
    FuzzBody_##name(std::string(reinterpret_cast<const char*>(data), size));          \
    return 0;                                                                        \
  }                                                                                  \
  static void FuzzBody_##name(const std::string& input)
#else
#define SPINECHECK_FUZZ_TARGET(name)                                                 \
  static void FuzzBody_##name(const std::string& input);                             \
  static const ::spinecheck::fuzz::Registration kRegistration_##name(#name, &FuzzBody_##name); \
  static void FuzzBody_##name(const std::string& input)
#endif

#endif  // SPINECHECK_TESTS_FUZZ_FUZZ_TARGET_H_
