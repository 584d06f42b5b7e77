#!/bin/sh
# SPDX-License-Identifier: MIT
# examples/dask against the INSTALLED Python package: build the wheel, install it into a fresh
# virtual environment over Debian's python3 (python3-dask, python3-distributed,
# python3-numpy from the system), then run test_dask.py on a LocalCluster of 2 worker
# processes. Skipped (exit 77) where Dask or the packaging tools are not installed; .ci/run
# installs them.
# Usage: check-dask.sh <builddir> <srcdir>
set -eu
build=$(cd "$1" && pwd)
src=$(cd "$2" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM HUP
if ! /usr/bin/python3 -c "import dask.distributed, numpy" 2>/dev/null; then
  echo "check-dask: Debian's python3-dask, python3-distributed and python3-numpy are not installed: skipped"
  exit 77
fi
. "$src/python/tests/venv.sh"
rc=0
clv_python_venv "$src" "$tmp/py" "$build/mesonpy-build" || rc=$?
[ "$rc" -eq 0 ] || exit "$rc"
py=$CLV_PYTHON
export PYTHONDONTWRITEBYTECODE=1  # no __pycache__ in the source tree
# Dask's worker processes write their scratch space under the working directory.
cd "$tmp"
"$py" "$src/examples/dask/test_dask.py"
# The command the README shows, on the plain CDNOW table.
"$py" "$src/examples/dask/dask_fit.py" --compare > "$tmp/out.txt"
grep -q "^distributed: r 0.2425" "$tmp/out.txt" || { cat "$tmp/out.txt"; exit 1; }
echo "ok: distributed fits equal the single-process fits"
