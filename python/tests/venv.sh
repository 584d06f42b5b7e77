# SPDX-License-Identifier: MIT
# Sourced by the Python checks: build the wheel from the source tree with pip and
# meson-python (pip wheel --no-build-isolation, in a private build directory) and install it
# into a fresh virtual environment (python3 -m venv --system-site-packages: Debian's numpy,
# pandas, pytest and dask come from the system), so the checks import the INSTALLED package,
# never the source tree.
#
#   . python/tests/venv.sh
#   clv_python_venv <srcdir> <tmpdir> [<mesonpy-builddir>]
#
# With a third argument, meson-python builds in that directory and keeps it (under a lock:
# checks running at once take turns), so the next wheel recompiles only what changed
# instead of the whole library; the wheel and the venv are still made afresh each time.
#
# Afterwards CLV_PYTHON is the environment's python and CLV_WHEEL the wheel. Needs
# python3-mesonpy, python3-venv and python3-pip; returns 77 (skip) where they are missing.
clv_python_venv() {
  _clv_src=$(cd "$1" && pwd)
  _clv_tmp=$2
  _clv_sys=/usr/bin/python3
  if ! "$_clv_sys" -c 'import mesonpy, venv, pip' >/dev/null 2>&1; then
    echo "python3-mesonpy, python3-venv or python3-pip is not installed"
    return 77
  fi
  mkdir -p "$_clv_tmp"
  # No pip inside the venv (ensurepip takes ~10 s): the system's pip builds the wheel and
  # installs it into the venv (pip >= 22.3: --python).
  "$_clv_sys" -m venv --without-pip --system-site-packages "$_clv_tmp/venv" || return 1
  CLV_PYTHON=$_clv_tmp/venv/bin/python
  # pip 23.0 has --config-settings but not its short form -C, which came in pip 23.1. No
  # index: everything the build needs is installed (meson-python, meson, ninja).
  _clv_bdir=${3:-$_clv_tmp/build}
  _clv_lock=""
  if [ -n "${3:-}" ] && command -v flock >/dev/null 2>&1; then
    mkdir -p "$(dirname "$_clv_bdir")"
    _clv_lock="flock $_clv_bdir.lock"
  fi
  # meson-python 0.12 passes --reconfigure whenever it is given a build directory and finds
  # its native file (.mesonpy-native-file.ini, written into the source tree) unchanged: with
  # a build directory that is missing or was never configured, that fails ("does not
  # contain a valid build tree"). Without the file it configures afresh. Checked and removed
  # under the lock, so a concurrent build never loses the file while it configures.
  # shellcheck disable=SC2086,SC2016
  if ! $_clv_lock sh -c 'test -f "$1/meson-private/coredata.dat" ||
        rm -f "$2/.mesonpy-native-file.ini"; shift 2; exec "$@"' sh "$_clv_bdir" "$_clv_src" \
      "$_clv_sys" -m pip wheel --no-build-isolation --no-deps --no-index \
      --config-settings builddir="$_clv_bdir" -w "$_clv_tmp/wheel" "$_clv_src" \
      >"$_clv_tmp/wheel.log" 2>&1; then
    cat "$_clv_tmp/wheel.log"
    return 1
  fi
  CLV_WHEEL=$(ls "$_clv_tmp"/wheel/libclv-*.whl)
  "$_clv_sys" -m pip --python "$CLV_PYTHON" install --no-deps --no-index --quiet \
    "$CLV_WHEEL" || return 1
  export CLV_PYTHON CLV_WHEEL
  # The package must load its own copy of the library, whatever the caller's environment.
  unset CLV_LIBRARY LD_LIBRARY_PATH PYTHONPATH
}
