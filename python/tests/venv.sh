# SPDX-License-Identifier: MIT
# Sourced by the Python checks: build the wheel from the source tree with pip and
# meson-python (pip wheel --no-build-isolation, in a private build directory) and install it
# into a fresh virtual environment (python3 -m venv --system-site-packages: Debian's numpy,
# pandas, pytest and dask come from the system), so the checks import the INSTALLED package,
# never the source tree.
#
#   . python/tests/venv.sh
#   clv_python_venv <srcdir> <tmpdir>
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
  "$_clv_sys" -m venv --system-site-packages "$_clv_tmp/venv" || return 1
  CLV_PYTHON=$_clv_tmp/venv/bin/python
  # A private meson build directory: checks running at once never share one (pip 23.0 has
  # --config-settings but not its short form -C, which came in pip 23.1). No index:
  # everything the build needs is installed (meson-python, meson, ninja).
  if ! "$CLV_PYTHON" -m pip wheel --no-build-isolation --no-deps --no-index \
      --config-settings builddir="$_clv_tmp/build" -w "$_clv_tmp/wheel" "$_clv_src" \
      >"$_clv_tmp/wheel.log" 2>&1; then
    cat "$_clv_tmp/wheel.log"
    return 1
  fi
  CLV_WHEEL=$(ls "$_clv_tmp"/wheel/libclv-*.whl)
  "$CLV_PYTHON" -m pip install --no-deps --no-index --quiet "$CLV_WHEEL" || return 1
  export CLV_PYTHON CLV_WHEEL
  # The package must load its own copy of the library, whatever the caller's environment.
  unset CLV_LIBRARY LD_LIBRARY_PATH PYTHONPATH
}
