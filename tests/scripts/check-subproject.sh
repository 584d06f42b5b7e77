#!/bin/sh
# SPDX-License-Identifier: MIT
# libclv used as a meson subproject, as the README says: the tree in subprojects/libclv, the
# shipped packaging/libclv.wrap beside it ([provide] clv = clv_dep), and dependency('clv')
# alone in the parent. Checks that the subproject builds the library only, installs nothing
# unless asked, and adds no -Werror of its own to anybody's build.
# Usage: check-subproject.sh <srcdir>
set -eu
src=$(cd "$1" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/parent/subprojects"
ln -s "$src" "$tmp/parent/subprojects/libclv"
cp "$src/packaging/libclv.wrap" "$tmp/parent/subprojects/libclv.wrap"
cat > "$tmp/parent/meson.build" <<'MESON'
project('parent', 'c', default_options: ['c_std=c99', 'warning_level=3'])
clv = dependency('clv')
executable('parent', 'main.c', dependencies: clv, install: true)
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
b="$tmp/parent/build"
meson setup "$b" "$tmp/parent" --prefix=/usr >"$tmp/log" 2>&1 || { cat "$tmp/log"; exit 1; }
grep -q "Dependency clv found: YES" "$tmp/log" || { cat "$tmp/log"; exit 1; }
ninja -C "$b" >"$tmp/log" 2>&1 || { cat "$tmp/log"; exit 1; }
out=$(LD_LIBRARY_PATH="$b/subprojects/libclv" "$b/parent")
# 100 (1 + q + q^2), q = 8/11: 27300/121 = 225.619835 (hand calculation).
[ "$out" = "225.619835" ] || { echo "subproject build printed '$out'"; exit 1; }

# Only the library: no test, example, benchmark or fuzz target of libclv's.
targets=$(meson introspect --targets "$b" | python3 -c '
import json, sys
print(" ".join(sorted({t["name"] for t in json.load(sys.stdin) if t["subproject"] == "libclv"})))')
[ "$targets" = "clv" ] || { echo "the subproject built more than its library: $targets"; exit 1; }
# The parent did not ask for -Werror, so no compile has it: libclv does not force it.
if grep -q -- "-Werror" "$b/build.ninja"; then
  echo "libclv's compiles got -Werror that the parent did not ask for"; exit 1
fi
# Nothing of libclv's is installed by default ...
DESTDIR="$tmp/stage1" meson install -C "$b" --no-rebuild >"$tmp/log" 2>&1 ||
  { cat "$tmp/log"; exit 1; }
if find "$tmp/stage1" -name 'libclv*' -o -name 'clv.h' -o -name 'clv.pc' | grep -q .; then
  echo "the subproject installed files nobody asked for:"; find "$tmp/stage1"; exit 1
fi
# ... and everything when asked.
meson configure "$b" -Dlibclv:subproject_install=true >"$tmp/log" 2>&1 || { cat "$tmp/log"; exit 1; }
DESTDIR="$tmp/stage2" meson install -C "$b" >"$tmp/log" 2>&1 || { cat "$tmp/log"; exit 1; }
for f in libclv.so.1 libclv.a clv.h clv.pc clvConfig.cmake clvConfigVersion.cmake; do
  find "$tmp/stage2" -name "$f" | grep -q . || { echo "asked to install, $f is missing"; exit 1; }
done
echo "ok: a meson subproject through the shipped wrap and dependency('clv'), library only"
