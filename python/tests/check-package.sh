#!/bin/sh
# SPDX-License-Identifier: MIT
# The Python package as a user gets it: build the wheel from the source tree (pip +
# meson-python), install it into a fresh virtual environment in a temporary directory, stage an
# install of the C library (for the CLV_LIBRARY=system test), and run the package's pytest
# suite there, from outside the source tree. Skipped (77) where python3-mesonpy,
# python3-venv, python3-pip or python3-pytest is missing.
# Usage: check-package.sh <builddir> <srcdir>
set -eu
build=$(cd "$1" && pwd)
src=$(cd "$2" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM HUP
if ! /usr/bin/python3 -c 'import pytest, numpy, pandas' >/dev/null 2>&1; then
  echo "check-package: python3-pytest, python3-numpy or python3-pandas is not installed: skipped"
  exit 77
fi
. "$src/python/tests/venv.sh"
rc=0
clv_python_venv "$src" "$tmp/py" "$build/mesonpy-build" || rc=$?
[ "$rc" -eq 0 ] || exit "$rc"
echo "wheel: $(basename "$CLV_WHEEL")"
. "$src/examples/stage-install.sh"
clv_stage_install "$build" "$tmp/root"
CLV_STAGED_LIBRARY=$CLV_LIBRARY
unset CLV_LIBRARY
export CLV_STAGED_LIBRARY
export PYTHONDONTWRITEBYTECODE=1 LIBCLV_TEST_DATA="$src/tests/data"
cd "$tmp"
exec "$CLV_PYTHON" -m pytest -p no:cacheprovider -q -rs "$src/python/tests"
