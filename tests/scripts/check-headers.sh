#!/bin/sh
# SPDX-License-Identifier: MIT
# Each public header compiles alone, warning-free, as C99, C11 and C++11 with gcc and clang,
# and under clang -Weverything (DESIGN.md section 5).
# Usage: check-headers.sh <include dir>
set -eu
inc=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
n=0
strict="-Wall -Wextra -Wpedantic -Werror"

try() {
  n=$((n + 1))
  if ! "$@" 2> "$tmp/err"; then
    echo "FAIL: $*"
    cat "$tmp/err"
    status=1
  fi
}

for h in clv.h churn.h referral.h; do
  printf '#include <%s>\nint clv_use(void);\nint clv_use(void) { return clv_version(); }\n' \
    "$h" > "$tmp/use.c"
  cp "$tmp/use.c" "$tmp/use.cpp"
  for cc in gcc clang; do
    command -v "$cc" >/dev/null 2>&1 || continue
    try "$cc" -std=c99 $strict -I"$inc" -c "$tmp/use.c" -o "$tmp/o.o"
    try "$cc" -std=c11 $strict -I"$inc" -c "$tmp/use.c" -o "$tmp/o.o"
  done
  for cxx in g++ clang++; do
    command -v "$cxx" >/dev/null 2>&1 || continue
    try "$cxx" -std=c++11 $strict -I"$inc" -c "$tmp/use.cpp" -o "$tmp/o.o"
  done
  if command -v clang >/dev/null 2>&1; then
    try clang -std=c99 -Weverything -Werror -Wno-unused-macros -I"$inc" -c "$tmp/use.c" \
      -o "$tmp/o.o"
    try clang++ -std=c++11 -Weverything -Werror -Wno-unused-macros -Wno-c++98-compat \
      -Wno-zero-as-null-pointer-constant -I"$inc" -c "$tmp/use.cpp" -o "$tmp/o.o"
  fi
done
[ "$status" -eq 0 ] && echo "ok: $n header compilations"
exit "$status"
