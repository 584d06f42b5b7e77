#!/bin/sh
# SPDX-License-Identifier: MIT
# The exported dynamic symbols of libclv.so equal the names in lib/libclv.map, every one is
# versioned CLV_1.x, and every one starts with clv_ (DESIGN.md section 5).
# Usage: check-exports.sh <libclv.so> <libclv.map>
set -eu
lib=$1
map=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

nm -D --defined-only "$lib" | awk '$2 != "A" {print $3}' | sort > "$tmp/exported-versioned"
sed 's/@@*.*//' "$tmp/exported-versioned" | sort > "$tmp/exported"
# Names listed under global: in the version script (comments and keywords dropped).
sed -e 's,/\*.*\*/,,g' "$map" | tr -d ' \t' | grep -E '^[A-Za-z_][A-Za-z0-9_]*;$' \
  | tr -d ';' | sort > "$tmp/mapped"

status=0
if ! diff -u "$tmp/mapped" "$tmp/exported" > "$tmp/diff"; then
  echo "exported symbols differ from lib/libclv.map (- map only, + exported only):"
  cat "$tmp/diff"
  status=1
fi
bad=$(grep -v -E '^clv_' "$tmp/exported" || true)
if [ -n "$bad" ]; then
  echo "exported symbols without the clv_ prefix: $bad"
  status=1
fi
unversioned=$(grep -v -E '@@?CLV_1\.[0-9]+$' "$tmp/exported-versioned" || true)
if [ -n "$unversioned" ]; then
  echo "exported symbols not versioned CLV_1.x: $unversioned"
  status=1
fi
n=$(wc -l < "$tmp/exported")
if [ "$n" -eq 0 ]; then
  echo "no exported symbols found in $lib"
  status=1
fi
[ "$status" -eq 0 ] && echo "ok: $n exported symbols, all clv_, all versioned, equal to the map"
exit "$status"
