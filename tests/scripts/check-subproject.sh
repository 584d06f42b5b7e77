#!/bin/sh
# SPDX-License-Identifier: MIT
# libclv used as a meson subproject: a parent project gets it with dependency('clv') through
# the wrap-less subprojects/ folder and meson.override_dependency.
# Usage: check-subproject.sh <srcdir>
set -eu
src=$(cd "$1" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/parent/subprojects"
ln -s "$src" "$tmp/parent/subprojects/libclv"
cat > "$tmp/parent/meson.build" <<'MESON'
project('parent', 'c', default_options: ['c_std=c99', 'warning_level=3', 'werror=true'])
subproject('libclv', default_options: ['tests=false', 'examples=false', 'bench=false',
                                       'default_library=static'])
clv = dependency('clv')
executable('parent', 'main.c', dependencies: clv)
MESON
cat > "$tmp/parent/main.c" <<'C'
#include <clv.h>
#include <stdio.h>
int main(void) {
    double v = 0.0;
    if (clv_retention_value(100.0, 0.8, 0.1, 3.0, CLV_MARGIN_START, &v) != CLV_OK) return 1;
    printf("%.6f\n", v);
    return 0;
}
C
meson setup "$tmp/parent/build" "$tmp/parent" >"$tmp/log" 2>&1 || { cat "$tmp/log"; exit 1; }
ninja -C "$tmp/parent/build" >"$tmp/log" 2>&1 || { cat "$tmp/log"; exit 1; }
out=$("$tmp/parent/build/parent")
# 100 (1 + q + q^2), q = 8/11: 27300/121 = 225.619835 (hand calculation).
[ "$out" = "225.619835" ] || { echo "subproject build printed '$out'"; exit 1; }
echo "ok: usable as a meson subproject through dependency('clv')"
