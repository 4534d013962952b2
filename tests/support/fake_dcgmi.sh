#!/bin/bash
# A stand-in for `dcgmi`, placed first on PATH (as "dcgmi") by
# tests/diag/dcgm_diag_test.cc. Driven by the environment:
#   FAKE_DCGMI_ARGS_FILE  where to write the arguments it was given, one a line
#   FAKE_DCGMI_IGNORE_TERM=1  ignore SIGTERM (only SIGKILL stops it)
#   FAKE_DCGMI_SLEEP      seconds to sleep before printing
#   FAKE_DCGMI_OUTPUT     a fixture to print to stdout, without its first
#                         line (the fixture's "# source:" line)
#   FAKE_DCGMI_STDERR     a line to print to stderr
#   FAKE_DCGMI_EXIT       the exit code (default 0)
if [[ -n "${FAKE_DCGMI_ARGS_FILE:-}" ]]; then printf '%s\n' "$@" > "$FAKE_DCGMI_ARGS_FILE"; fi
if [[ "${FAKE_DCGMI_IGNORE_TERM:-}" == 1 ]]; then trap '' TERM; fi
if [[ -n "${FAKE_DCGMI_SLEEP:-}" ]]; then sleep "$FAKE_DCGMI_SLEEP"; fi
if [[ -n "${FAKE_DCGMI_OUTPUT:-}" ]]; then tail -n +2 "$FAKE_DCGMI_OUTPUT"; fi
if [[ -n "${FAKE_DCGMI_STDERR:-}" ]]; then echo "$FAKE_DCGMI_STDERR" >&2; fi
exit "${FAKE_DCGMI_EXIT:-0}"
