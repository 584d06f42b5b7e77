#!/bin/sh
# SPDX-License-Identifier: MIT
# The examples' --plots charts, built against the INSTALLED library: clv-report,
# retention-report, word-of-mouth and bass-fit are compiled with examples/common/svgplot.c
# through pkg-config, run on their bundled data with --plots into a temporary directory, and
# then
#   1. every SVG is well-formed, self-contained SVG 1.1 and holds the expected series, whose
#      data equal the numbers the examples print and independent computations
#      (check-plots.py svg: the CDNOW tracking counted from the raw log, FHL 2005's formulas
#      at the published fit, the bundled cohorts and adoption series; clv-report's value
#      histogram, Lorenz curve, top-k% shares, Gini and tiers recomputed from the values of
#      clv-report --csv); the hatched impossible cells of the P(alive) map are counted, and
#      every axis label names its unit;
#   2. headless Chromium renders each one to a PNG, and the PNG draws: not blank, the series'
#      colours on screen, the heat map in many colours and its hatching, the 39 impossible
#      cells drawn in the hatching's greys only, none in the heat map's colours, and the value
#      charts (distribution, Lorenz curve, tiers) in their series' colours (check-plots.py
#      png, which decodes the PNG with zlib + struct). Without chromium this part is skipped
#      (exit 77) after step 1.
# Chromium runs under `timeout` with a private profile and HOME in the temporary directory;
# any of its processes still running at exit are found by that directory and killed by pid.
# Usage: check-plots.sh <builddir> <srcdir>
set -eu
build=$(cd "$1" && pwd)
src=$(cd "$2" && pwd)
tmp=$(mktemp -d)
cleanup() {
  for proc in /proc/[0-9]*; do
    case $(tr '\0' ' ' <"$proc/cmdline" 2>/dev/null || true) in
      *"$tmp/"*) kill -9 "${proc#/proc/}" 2>/dev/null || true ;;
    esac
  done
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM
fail() { echo "check-plots: $1"; exit 1; }
python=$(command -v python3) || fail "python3 is needed"

. "$src/examples/stage-install.sh"
clv_stage_install "$build" "$tmp/root"
cflags=$(pkg-config --cflags clv)
libs=$(pkg-config --libs clv)
for prog in clv-report retention-report word-of-mouth bass-fit; do
  extra=
  [ "$prog" = clv-report ] && extra="$src/examples/common/report-charts.c" # its value charts
  cc -std=c99 -Wall -Wextra -Werror -D_POSIX_C_SOURCE=200809L $cflags -I "$src/examples/common" \
    "$src/examples/$prog.c" $extra "$src/examples/common/svgplot.c" "$src/examples/common/txlog.c" \
    "$src/examples/common/diagnose.c" -o "$tmp/$prog" \
    $libs -lm -Wl,-rpath,"$CLV_LIBDIR" || fail "$prog failed to build"
done
ldd "$tmp/clv-report" | grep -q "$CLV_LIBRARY" || fail "clv-report does not use $CLV_LIBRARY"

# The bundled inputs are read from the source tree.
cd "$src"
plots="$tmp/plots"
for prog in clv-report retention-report word-of-mouth bass-fit; do
  "$tmp/$prog" --plots "$plots" >"$tmp/$prog.out" ||
    { cat "$tmp/$prog.out"; fail "$prog --plots failed"; }
done
# Every customer's value, for the value charts' checks (check-plots.py recounts them).
"$tmp/clv-report" --csv >"$tmp/clv-report.csv" || fail "clv-report --csv failed"
sed -n '/^Value concentration/,/^$/p;/^Cumulative repeat purchases/,$p' "$tmp/clv-report.out"
"$python" "$src/examples/check-plots.py" svg "$src" "$tmp" "$plots"

# A directory that cannot be made is an error with a message, not a crash.
: >"$tmp/file"
if "$tmp/bass-fit" --plots "$tmp/file/sub" >/dev/null 2>"$tmp/err"; then
  fail "bass-fit --plots into a non-directory succeeded"
fi
grep -q 'cannot write' "$tmp/err" || fail "no message for an unwritable --plots: $(cat "$tmp/err")"

chromium=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$chromium" ]; then
  echo "check-plots: SKIP the rendering: no chromium (Debian: apt-get install chromium)"
  exit 77
fi
mkdir -p "$tmp/png" "$tmp/home"
for svg in "$plots"/*.svg; do
  name=$(basename "$svg" .svg)
  size=$("$python" "$src/examples/check-plots.py" size "$svg")
  set -- $size
  # timeout signals chromium's whole process group, and kills it if it lingers.
  HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/home" XDG_CACHE_HOME="$tmp/home" \
    timeout -k 10 120 "$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --no-first-run --user-data-dir="$tmp/profile" --screenshot="$tmp/png/$name.png" \
    --window-size="$1,$2" "file://$svg" >"$tmp/chromium.log" 2>&1 ||
    { tail -20 "$tmp/chromium.log"; fail "chromium failed on $name.svg"; }
  [ -s "$tmp/png/$name.png" ] ||
    { tail -20 "$tmp/chromium.log"; fail "no screenshot of $name.svg"; }
done
"$python" "$src/examples/check-plots.py" png "$plots" "$tmp/png"
echo "ok: the examples' --plots charts are well-formed, hold the printed numbers, and draw"
