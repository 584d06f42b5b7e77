#!/bin/sh
# SPDX-License-Identifier: MIT
# Run one libFuzzer harness for a bounded time, as a meson test.
# usage: run-fuzzer.sh HARNESS SEED_DIR DICT SECONDS WORK_DIR [INPUT_TIMEOUT [MAX_LEN]]
#   HARNESS   the fuzz executable
#   SEED_DIR  the committed seed corpus (read only: libFuzzer writes new inputs into the
#             FIRST corpus directory, which is a fresh one under WORK_DIR)
#   DICT      the libFuzzer dictionary
#   SECONDS   -max_total_time
#   WORK_DIR  a directory in the build tree; emptied, then holds corpus/ and crash artifacts
#   INPUT_TIMEOUT  seconds one input may take (libFuzzer -timeout, default 10): low enough
#             for a harness with long inputs to catch a call gone quadratic (a time bomb)
#   MAX_LEN   largest input in bytes (libFuzzer -max_len, default 4096): the length past
#             which the harness reads nothing more, so that libFuzzer does not spend its
#             time growing bytes that change nothing
# Exit status: 0 when the session ends without a finding, 1 on any crash, leak, timeout or
# contract violation (libFuzzer's own 77 would read as SKIP to meson), 2 on bad usage.
set -u

if [ $# -lt 5 ] || [ $# -gt 7 ]; then
    echo "usage: $0 HARNESS SEED_DIR DICT SECONDS WORK_DIR [INPUT_TIMEOUT [MAX_LEN]]" >&2
    exit 2
fi
harness=$1
seeds=$2
dict=$3
seconds=$4
work=$5
input_timeout=${6:-10}
max_len=${7:-4096}

case $work in
'' | /) echo "$0: refusing work dir '$work'" >&2; exit 2 ;;
esac
rm -rf "$work/corpus"
mkdir -p "$work/corpus" || exit 2
rm -f "$work"/crash-* "$work"/leak-* "$work"/timeout-* "$work"/oom-* "$work"/slow-unit-*

"$harness" "$work/corpus" "$seeds" \
    -dict="$dict" \
    -max_total_time="$seconds" \
    -error_exitcode=1 \
    -timeout_exitcode=1 \
    -timeout="$input_timeout" \
    -max_len="$max_len" \
    -rss_limit_mb=2048 \
    -print_final_stats=1 \
    -artifact_prefix="$work/"
rc=$?

if [ "$rc" -ne 0 ]; then
    echo "run-fuzzer.sh: $harness failed (libFuzzer exit status $rc)" >&2
    for f in "$work"/crash-* "$work"/leak-* "$work"/timeout-* "$work"/oom-*; do
        [ -e "$f" ] || continue
        echo "run-fuzzer.sh: artifact $f" >&2
        od -A d -t x1 "$f" | head -n 16 >&2
        echo "run-fuzzer.sh: reproduce with: $harness $f" >&2
    done
    exit 1
fi
exit 0
