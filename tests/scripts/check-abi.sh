#!/bin/sh
# SPDX-License-Identifier: MIT
# Compare the built libclv.so with the committed ABI baseline (libabigail 2.2, TOOLCHAIN.md).
# Any non-zero abidiff status fails: 4 is a changed type or function (an ABI break, or an
# added function, which --no-added-syms reports as nothing), 12 a removed symbol.
# Usage: check-abi.sh <libclv.so> <baseline.abi> <include dir>
set -eu
lib=$1
baseline=$2
includes=$3
if ! command -v abidiff >/dev/null 2>&1; then
  echo "abidiff not found: install abigail-tools" >&2
  exit 1
fi
# A build without debug info makes abidiff compare no types and pass everything.
if ! readelf -S "$lib" | grep -q '\.debug_info'; then
  echo "$lib has no debug info: the ABI check needs a -g build (buildtype debugoptimized)" >&2
  exit 1
fi
set +e
abidiff --drop-private-types --no-added-syms --headers-dir2 "$includes" "$baseline" "$lib"
rc=$?
set -e
if [ "$rc" -ne 0 ]; then
  echo "abidiff exit status $rc: the ABI differs from $baseline" >&2
  echo "(adding functions is allowed: regenerate the baseline with scripts/update-abi in its own commit)" >&2
  exit 1
fi
echo "ok: ABI matches $baseline"
