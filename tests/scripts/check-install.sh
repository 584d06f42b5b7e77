#!/bin/sh
# SPDX-License-Identifier: MIT
# Install libclv into a temporary root and build an outside program against the INSTALLED
# library through `pkg-config --cflags --libs clv`, as a user would: shared (run with an rpath)
# and static, in C and C++. Checks the installed layout and the SONAME on the way.
# Usage: check-install.sh <builddir> <srcdir>
set -eu
build=$(cd "$1" && pwd)
src=$(cd "$2" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dest="$tmp/root"

. "$src/examples/stage-install.sh"
clv_stage_install "$build" "$dest"
libdir=$CLV_LIBDIR
includedir=$CLV_INCLUDEDIR

for h in clv.h churn.h referral.h; do
  [ -f "$includedir/clv/$h" ] || { echo "missing installed header clv/$h"; exit 1; }
done
[ -f "$libdir/libclv.a" ] || { echo "missing installed libclv.a"; exit 1; }
soname=$(readelf -d "$libdir/libclv.so" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
[ "$soname" = "libclv.so.1" ] || { echo "SONAME is '$soname', expected libclv.so.1"; exit 1; }

cflags=$(pkg-config --cflags clv)
libs=$(pkg-config --libs clv)
echo "pkg-config --cflags --libs clv: $cflags $libs"

# 1. The example (it uses libm itself, so it names -lm as any such program would), linked
# against the installed shared library.
cc -std=c99 -Wall -Wextra -Werror $cflags "$src/examples/clv-economics.c" -o "$tmp/econ" \
  $libs -lm -Wl,-rpath,"$libdir"
"$tmp/econ" > "$tmp/econ.out"
# The run must resolve the installed libclv.so.1, not the build tree's.
ldd "$tmp/econ" | grep -q "$libdir/libclv.so.1" || { ldd "$tmp/econ"; exit 1; }
# Gupta & Lehmann (2003): r = 0.8, d = 0.1 -> margin multiple 2.667 (the example's defaults).
grep -q 'margin multiple *2\.667' "$tmp/econ.out" || { cat "$tmp/econ.out"; exit 1; }
# r 0.80 -> 0.85 at d = 0.10 raises the margin multiple by 27.5% (refs/published.md).
grep -q '(+27\.5%)' "$tmp/econ.out" || { cat "$tmp/econ.out"; exit 1; }

# Every C example builds against the installed library alone (only the I/O is theirs), with
# the examples' shared helpers (examples/common: the SVG writer of --plots).
for c in "$src"/examples/*.c; do
  cc -std=c99 -Wall -Wextra -Werror -D_POSIX_C_SOURCE=200809L $cflags -I "$src/examples/common" \
    "$c" "$src"/examples/common/*.c -o "$tmp/example" $libs -lm -Wl,-rpath,"$libdir" ||
    { echo "example $c failed to build"; exit 1; }
done

# 2. The same program linked statically (pkg-config --static adds libm).
cc -std=c99 $cflags "$src/examples/clv-economics.c" -o "$tmp/econ-static" \
  "$libdir/libclv.a" $(pkg-config --static --libs-only-l clv | sed 's/-lclv//')
"$tmp/econ-static" | grep -q 'margin multiple *2\.667'
if readelf -d "$tmp/econ-static" | grep -q 'libclv'; then
  echo "the static build still needs libclv.so"
  exit 1
fi

# 3. A C++ caller of all three headers.
cat > "$tmp/use.cpp" <<'CPP'
#include <clv.h>
#include <churn.h>
#include <referral.h>
#include <cstdio>
int main() {
    double m = 0.0;
    clv_nps nps;
    if (clv_margin_multiple(0.8, 0.1, 1.0 / 0.0, CLV_MARGIN_END, &m) != CLV_OK) return 1;
    if (clv_nps_from_counts(50.0, 30.0, 20.0, &nps) != CLV_OK) return 1;
    std::printf("%.3f %.1f %d\n", m, nps.nps, clv_version());
    return 0;
}
CPP
c++ -std=c++11 -Wall -Wextra -Werror $cflags "$tmp/use.cpp" -o "$tmp/use" $libs \
  -Wl,-rpath,"$libdir"
out=$("$tmp/use")
[ "$out" = "2.667 30.0 10000" ] || { echo "C++ caller printed '$out'"; exit 1; }
echo "ok: installed layout, SONAME, shared, static and C++ links through pkg-config"
