#!/bin/sh
# SPDX-License-Identifier: MIT
# Compare the built libclv.so with the committed ABI baseline (libabigail 2.2, TOOLCHAIN.md).
# Any non-zero abidiff status fails: 4 is a changed type or function (an ABI break, or an
# added function, which --no-added-syms reports as nothing), 12 a removed symbol.
#
# abidiff needs the library's DWARF: on a build without -g (buildtype release or plain, as a
# packager builds) it compares no types and passes everything. Such a build is SKIPPED
# (exit 77) with a message, unless the 4th argument is "required" (meson -Dabi_check=enabled,
# as scripts/check configures it), which makes it a failure: a check that was asked for must
# not pass by comparing nothing.
# Usage: check-abi.sh <libclv.so> <baseline.abi> <include dir> [required]
set -eu
lib=$1
baseline=$2
includes=$3
required=${4:-}
if ! command -v abidiff >/dev/null 2>&1; then
  echo "abidiff not found: install abigail-tools" >&2
  exit 1
fi
if ! command -v readelf >/dev/null 2>&1; then
  echo "readelf not found: install binutils" >&2
  exit 1
fi
# Read the section headers first, so that an unreadable library fails instead of skipping.
if ! sections=$(readelf -S -W "$lib"); then
  echo "readelf cannot read $lib" >&2
  exit 1
fi
case $sections in
*" .debug_info "*) ;;
*)
  msg="$lib has no debug info (.debug_info): abidiff would compare no types"
  if [ "$required" = required ]; then
    echo "FAIL: $msg; -Dabi_check=enabled needs a -g build (buildtype debugoptimized or debug)" >&2
    exit 1
  fi
  echo "SKIP: $msg. The ABI check runs on a -g build (buildtype debugoptimized, the default)."
  exit 77
  ;;
esac
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
