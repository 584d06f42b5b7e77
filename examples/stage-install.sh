# SPDX-License-Identifier: MIT
# Sourced by the example tests: install libclv from a build directory into a private root and
# point pkg-config at it, so that an example builds against the INSTALLED library exactly as a
# user's program would (pkg-config --cflags --libs clv).
#
#   . examples/stage-install.sh
#   clv_stage_install <builddir> <destroot>
#
# Afterwards PKG_CONFIG_PATH, PKG_CONFIG_LIBDIR and PKG_CONFIG_SYSROOT_DIR name only the staged
# clv.pc; CLV_LIBDIR is the staged library directory, CLV_INCLUDEDIR the staged include
# directory and CLV_LIBRARY the staged libclv.so.1. Several tests may stage at once: meson
# install runs under a lock on the build directory.
clv_stage_install() {
  _clv_build=$(cd "$1" && pwd)
  _clv_dest=$2
  mkdir -p "$_clv_dest"
  _clv_dest=$(cd "$_clv_dest" && pwd)
  if command -v flock >/dev/null 2>&1; then
    flock "$_clv_build/.stage-install.lock" \
      meson install -C "$_clv_build" --no-rebuild --destdir "$_clv_dest" \
      >"$_clv_dest.install.log" 2>&1
  else
    meson install -C "$_clv_build" --no-rebuild --destdir "$_clv_dest" \
      >"$_clv_dest.install.log" 2>&1
  fi || { cat "$_clv_dest.install.log"; return 1; }
  _clv_pc=$(find "$_clv_dest" -name clv.pc | head -n 1)
  [ -n "$_clv_pc" ] || { echo "clv.pc was not installed under $_clv_dest"; return 1; }
  PKG_CONFIG_PATH=$(dirname "$_clv_pc")
  PKG_CONFIG_LIBDIR=$PKG_CONFIG_PATH
  PKG_CONFIG_SYSROOT_DIR=$_clv_dest
  export PKG_CONFIG_PATH PKG_CONFIG_LIBDIR PKG_CONFIG_SYSROOT_DIR
  # pkgconf prefixes variables with the sysroot too.
  CLV_LIBDIR=$(pkg-config --variable=libdir clv)
  CLV_INCLUDEDIR=$(pkg-config --variable=includedir clv)
  CLV_LIBRARY=$CLV_LIBDIR/libclv.so.1
  [ -f "$CLV_LIBRARY" ] || { echo "no $CLV_LIBRARY after install"; return 1; }
  export CLV_LIBDIR CLV_INCLUDEDIR CLV_LIBRARY
  # An example must not pick up the build tree's library through meson test's environment.
  unset LD_LIBRARY_PATH
}
