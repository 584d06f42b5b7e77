#!/bin/sh
# SPDX-License-Identifier: MIT
# --help and --version of every example program but clv-report (whose options are checked with
# its input reading): --help exits 0 and prints to standard output a usage line, every option
# the program accepts (found in its source: the "--name" strings its argument loop compares,
# the values of --method and --model, word-of-mouth's input keys, clv-economics' name=value
# inputs), units and an "Example:" line; --version exits 0 and prints the program's name and
# libclv's version; an unknown option exits 2 with one line on standard error and nothing on
# standard output.
# Usage: check-help.sh <builddir> <srcdir> <libclv version>
set -eu
build=$(cd "$1" && pwd)
src=$(cd "$2" && pwd)
version=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "check-help: $1"; exit 1; }

# What a program's --help must name, from its source.
options_of() {
  # "--name" compared with an argument, and the fixed values of an option (strcmp(v, "nls")).
  grep -o 'strcmp([a-z]*\(\[[a-z]*\]\)\{0,1\}, "-[-a-z]*")' "$1" | grep -o '"--[-a-z]*"' | tr -d '"'
  grep -o 'strcmp(v, "[a-z]*")' "$1" | grep -o '"[a-z]*"' | tr -d '"'
  case "$1" in
    */word-of-mouth.c) # the input file's keys
      sed -n '/key_names\[K_COUNT\] = {/,/};/p' "$1" | grep -o '"[a-z_]*"' | tr -d '"' ;;
    */clv-economics.c) # the name=value inputs
      grep -o '{"[a-z_]*", [0-9.]*,' "$1" | sed 's/{"\([a-z_]*\)".*/\1=/' ;;
  esac
}

checked=0
for entry in retention-report:retention-report.c bass-fit:bass-fit.c \
             word-of-mouth:word-of-mouth.c clv-economics:clv-economics.c \
             pos/pos:pos/pos.c pos/pos-static:pos/pos.c pos/bench-pos:pos/bench-pos.c; do
  prog=$build/examples/${entry%%:*}
  source=$src/examples/${entry#*:}
  name=$(basename "$prog")
  [ -x "$prog" ] || fail "$prog is not built"

  "$prog" --help >"$tmp/out" 2>"$tmp/err" || fail "$name --help: exit status $?"
  [ ! -s "$tmp/err" ] || fail "$name --help wrote to standard error: $(cat "$tmp/err")"
  grep -q '^usage: ' "$tmp/out" || fail "$name --help: no usage line"
  grep -q '^Example: ' "$tmp/out" || fail "$name --help: no example invocation"
  grep -q -e '--help' "$tmp/out" || fail "$name --help does not mention --help"
  grep -q -e '--version' "$tmp/out" || fail "$name --help does not mention --version"
  options=$(options_of "$source" | sort -u)
  [ -n "$options" ] || fail "no options found in $source"
  count=0
  for option in $options; do
    grep -q -e "$option" "$tmp/out" || fail "$name --help does not mention $option"
    count=$((count + 1))
  done
  # Units: every program says in which unit its times, amounts or rates are.
  units='weeks|days|years|periods|per period|currency units|people|0\.\.1|microseconds'
  grep -q -E "$units" "$tmp/out" || fail "$name --help names no unit"

  "$prog" --version >"$tmp/out" 2>"$tmp/err" || fail "$name --version: exit status $?"
  [ ! -s "$tmp/err" ] || fail "$name --version wrote to standard error"
  [ "$(cat "$tmp/out")" = "${name%-static} (libclv examples), libclv $version" ] ||
    fail "$name --version: '$(cat "$tmp/out")', expected libclv $version"

  status=0
  "$prog" --no-such-option >"$tmp/out" 2>"$tmp/err" || status=$?
  [ "$status" -eq 2 ] || fail "$name --no-such-option: exit status $status, expected 2"
  [ ! -s "$tmp/out" ] || fail "$name --no-such-option wrote to standard output"
  [ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "$name --no-such-option: not one line: $(cat "$tmp/err")"
  grep -q -e "--no-such-option" "$tmp/err" || fail "$name: the error does not name the option"
  echo "ok: $name: --help names its $count options, --version, unknown option"
  checked=$((checked + 1))
done
[ "$checked" -eq 7 ] || fail "checked $checked programs"
echo "ok: --help and --version of the $checked example programs"
