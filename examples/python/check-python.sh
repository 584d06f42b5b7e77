#!/bin/sh
# SPDX-License-Identifier: MIT
# The ctypes core of the Python package (python/libclv/_core.py) as INSTALLED: build the wheel,
# install it into a fresh virtual environment (python/tests/venv.sh), stage an install of the
# C library, then run test_libclv.py twice with the environment's python -- with numpy
# blocked and the package's own libclv.so.1 (the standard-library path), and with numpy and
# CLV_LIBRARY naming the staged library. The CDNOW script must print what clv-report prints.
# Usage: check-python.sh <builddir> <srcdir> [<clv-report>]
set -eu
build=$(cd "$1" && pwd)
src=$(cd "$2" && pwd)
report=${3:-}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

. "$src/python/tests/venv.sh"
rc=0
clv_python_venv "$src" "$tmp/py" "$build/mesonpy-build" || rc=$?
[ "$rc" -eq 0 ] || exit "$rc"
py=$CLV_PYTHON
. "$src/examples/stage-install.sh"
clv_stage_install "$build" "$tmp/root"
staged=$CLV_LIBRARY
unset CLV_LIBRARY
echo "wheel: $CLV_WHEEL; staged: $staged"
export CLV_REPORT="$report"
export PYTHONDONTWRITEBYTECODE=1  # no __pycache__ in the source tree
tests="$src/examples/python/test_libclv.py"
status=0
cd "$tmp"

echo "== $py ($("$py" --version 2>&1)), numpy blocked, the package's own library"
LIBCLV_BLOCK_NUMPY=1 "$py" "$tests" || status=1

if "$py" -c 'import numpy' >/dev/null 2>&1; then
  echo "== $py with numpy, CLV_LIBRARY=$staged"
  CLV_LIBRARY=$staged LIBCLV_REQUIRE_NUMPY=1 "$py" "$tests" || status=1
else
  echo "NOTE: $py cannot import numpy: the numpy half is skipped"
fi
exit "$status"
