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

# A fully static program through `pkg-config --static --libs clv` (the README's recipe).
cc -static -std=c99 $cflags "$src/examples/clv-economics.c" -o "$tmp/econ-full-static" \
  $(pkg-config --static --libs clv)
"$tmp/econ-full-static" | grep -q 'margin multiple *2\.667'
readelf -d "$tmp/econ-full-static" 2>/dev/null | grep -q 'NEEDED' &&
  { echo "the -static build still has dynamic dependencies"; exit 1; }

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
# 4. A CMake project through the installed CMake package: find_package(clv 1.0) and
# clv::clv, shared and then static (CLV_USE_STATIC_LIBS). pkg-config --static is the other
# way to a static link (2. above).
if command -v cmake >/dev/null 2>&1; then
  [ -f "$libdir/cmake/clv/clvConfig.cmake" ] || { echo "missing clvConfig.cmake"; exit 1; }
  [ -f "$libdir/cmake/clv/clvConfigVersion.cmake" ] || { echo "missing clvConfigVersion"; exit 1; }
  for kind in shared static; do
    use_static=OFF
    [ "$kind" = static ] && use_static=ON
    cmake -S "$src/tests/cmake-consumer" -B "$tmp/cmake-$kind" \
      -DCMAKE_PREFIX_PATH="$libdir/cmake" -DCLV_USE_STATIC_LIBS=$use_static \
      -DCMAKE_BUILD_RPATH="$libdir" >"$tmp/cmake.log" 2>&1 || { cat "$tmp/cmake.log"; exit 1; }
    cmake --build "$tmp/cmake-$kind" >"$tmp/cmake.log" 2>&1 || { cat "$tmp/cmake.log"; exit 1; }
    out=$("$tmp/cmake-$kind/consumer")
    [ "$out" = "10000 2.667" ] || { echo "CMake consumer ($kind) printed '$out'"; exit 1; }
    if [ "$kind" = shared ]; then
      ldd "$tmp/cmake-$kind/consumer" | grep -q "$libdir/libclv.so.1" ||
        { ldd "$tmp/cmake-$kind/consumer"; exit 1; }
    elif readelf -d "$tmp/cmake-$kind/consumer" | grep -q 'libclv'; then
      echo "the static CMake consumer still needs libclv.so"; exit 1
    fi
  done
  # A version the package is not: 2.0 must not be found (SameMajorVersion).
  mkdir -p "$tmp/v2"
  printf 'cmake_minimum_required(VERSION 3.13)\nproject(v2 C)\nfind_package(clv 2.0 QUIET)\nif(clv_FOUND)\n  message(FATAL_ERROR "clv 2.0 found")\nendif()\n' \
    > "$tmp/v2/CMakeLists.txt"
  cmake -S "$tmp/v2" -B "$tmp/v2/b" -DCMAKE_PREFIX_PATH="$libdir/cmake" >"$tmp/cmake.log" 2>&1 ||
    { cat "$tmp/cmake.log"; exit 1; }
  cmake_note="; CMake package (shared, static, version check)"
else
  cmake_note="; CMake package NOT checked: cmake is not installed"
fi

echo "ok: installed layout, SONAME, shared, static and C++ links through pkg-config$cmake_note"
