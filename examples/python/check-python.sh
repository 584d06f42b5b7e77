#!/bin/sh
# SPDX-License-Identifier: MIT
# The Python wrapper (examples/python/libclv.py) against the INSTALLED library: stage an
# install, then run its unittest suite twice -- with the default python3 and numpy blocked
# (the standard-library path), and with Debian's /usr/bin/python3 and numpy arrays when
# that interpreter has numpy (else a printed note). The CDNOW script must print what
# clv-report prints.
# Usage: check-python.sh <builddir> <srcdir> [<clv-report>]
set -eu
build=$(cd "$1" && pwd)
src=$(cd "$2" && pwd)
report=${3:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

. "$src/examples/stage-install.sh"
clv_stage_install "$build" "$tmp/root"
echo "staged: CLV_LIBRARY=$CLV_LIBRARY"
# The library is found through CLV_LIBRARY (the test also tries pkg-config without it).
export CLV_REPORT="$report"
export PYTHONDONTWRITEBYTECODE=1  # no __pycache__ in the source tree
tests="$src/examples/python/test_libclv.py"
status=0

echo "== $(command -v python3) ($(python3 --version 2>&1)), numpy blocked"
LIBCLV_BLOCK_NUMPY=1 python3 "$tests" || status=1

if /usr/bin/python3 -c 'import numpy' >/dev/null 2>&1; then
  echo "== /usr/bin/python3 ($(/usr/bin/python3 --version 2>&1)) with numpy"
  LIBCLV_REQUIRE_NUMPY=1 /usr/bin/python3 "$tests" || status=1
else
  echo "NOTE: /usr/bin/python3 cannot import numpy: the numpy half is skipped"
fi
exit "$status"
