#!/bin/sh
# SPDX-License-Identifier: MIT
# examples/word-of-mouth on its bundled input (run from the source tree): every number it
# prints is recomputed here, independently of the library, with awk -- the CLV from its
# formula, the first generation from the products, the generations by running the
# recurrence of referral.h step by step, the totals from the geometric series, the time to
# reach the target by counting generations, the cost of a dissatisfied customer from
# e = 1 / (1 - a), and the K-factor counts by summing K^j. Then a growing case (R >= 1) on
# standard input must say there is no finite total, and bad input must fail with a message.
# Usage: check-word-of-mouth.sh <word-of-mouth> <srcdir>
set -eu
prog=$1
cd "$2"
fail() { echo "check-word-of-mouth: $1"; exit 1; }
out=$("$prog") || fail "the default run failed"
echo "$out" | head -8

# The bundled input, read here from the file itself.
val() { awk -F= -v k="$1" '{ sub(/#.*/, "") } { gsub(/[ \t]/, "") } $1 == k { print $2 }' \
    examples/data/word-of-mouth.txt; }
S=$(val satisfied); D=$(val dissatisfied); KS=$(val told_satisfied); KD=$(val told_dissatisfied)
C=$(val conversion); G=$(val deterrence); SH=$(val satisfied_share); M=$(val margin)
RET=$(val retention); DISC=$(val discount); CT=$(val cycle_time); N=$(val generations)
TARGET=$(val target)
[ -n "$S" ] && [ -n "$TARGET" ] || fail "cannot read examples/data/word-of-mouth.txt"

# The value printed after a label (the last field of the first line that starts with it).
printed() { echo "$out" | awk -v l="$1" 'index($0, l) == 1 { print $NF; exit }'; }
near() {
    awk -v x="$1" -v y="$2" -v tol="${3:-0.006}" \
        'BEGIN { d = x - y; exit !(x != "" && (d < 0 ? -d : d) <= tol) }'
}
expect() { # label, expected value
    got=$(printed "$1")
    near "$got" "$2" || fail "'$1' printed '$got', expected $2"
}

CLV=$(awk -v m="$M" -v r="$RET" -v d="$DISC" 'BEGIN { printf "%.10f", m * r / (1 + d - r) }')
echo "$out" | grep -q "CLV $(printf '%.2f' "$CLV")\$" || fail "CLV, expected $CLV"

# First generation: S k_s, D k_d, S k_s c, D k_d g, and their value at the CLV.
calc() { awk -v S="$S" -v D="$D" -v KS="$KS" -v KD="$KD" -v C="$C" -v G="$G" -v SH="$SH" \
    -v CLV="$CLV" -v CT="$CT" -v N="$N" -v T="$TARGET" "BEGIN { printf \"%.10f\", $1 }"; }
expect "  people told good things" "$(calc 'S * KS')"
expect "  people told bad things" "$(calc 'D * KD')"
expect "  customers won" "$(calc 'S * KS * C')"
expect "  customers deterred" "$(calc 'D * KD * G')"
expect "  net customers" "$(calc 'S * KS * C - D * KD * G')"
expect "  value won" "$(calc 'S * KS * C * CLV')"
expect "  value lost" "$(calc 'D * KD * G * CLV')"
expect "  net value" "$(calc '(S * KS * C - D * KD * G) * CLV')"

# Generations: the recurrence, one step at a time, against every printed row.
rows=$(echo "$out" | awk '/^  gen /{ on = 1; next } on && $1 ~ /^[0-9]+$/ { print; next } on { exit }')
[ "$(echo "$rows" | wc -l)" -eq "$N" ] || fail "expected $N generation rows"
echo "$rows" | awk -v S="$S" -v D="$D" -v KS="$KS" -v KD="$KD" -v C="$C" -v G="$G" \
    -v SH="$SH" -v CLV="$CLV" -v CT="$CT" '
    function bad(what, got, want) { printf "generation %d %s: %s, expected %.6f\n", NR, what, got, want; err = 1 }
    function check(what, got, want) { d = got - want; if ((d < 0 ? -d : d) > 0.006 + 1e-9 * (want < 0 ? -want : want)) bad(what, got, want) }
    BEGIN { sat = S; dis = D }
    {
        won = C * KS * sat; det = G * KD * dis
        sat = SH * won; dis = (1 - SH) * won
        cw += won; cd += det
        check("time", $2, NR * CT); check("won", $3, won); check("satisfied", $4, sat)
        check("dissatisfied", $5, dis); check("deterred", $6, det); check("cum. won", $7, cw)
        check("cum. deterred", $8, cd); check("net value", $9, (cw - cd) * CLV)
    }
    END { exit err }' || fail "generation rows differ from the recurrence"

R=$(calc 'SH * KS * C')
echo "$out" | grep -q "R = s k_s c = $(printf '%.4f' "$R"))" || fail "reproduction number $R"
# Totals (R < 1 here): W = k_s c S / (1 - R), L = g k_d (D + (1 - s) W).
W=$(calc "KS * C * S / (1 - $R)")
L=$(calc "G * KD * (D + (1 - SH) * $W)")
line=$(echo "$out" | grep '^All generations: won') || fail "no totals"
set -- $(echo "$line" | tr -d ',' | awk '{ print $4, $6, $8 }')
near "$1" "$W" || fail "total won $1, expected $W"
near "$2" "$L" || fail "total deterred $2, expected $L"
near "$3" "$(calc "$W - $L")" || fail "net customers $3"
line=$(echo "$out" | grep '^All generations: value') || fail "no total value"
set -- $(echo "$line" | tr -d ',' | awk '{ print $5, $7, $9 }')
near "$1" "$(calc "$W * CLV")" 0.02 || fail "total value won $1"
near "$3" "$(calc "($W - $L) * CLV")" 0.02 || fail "total net value $3"

# Time to reach the target: count generations until the customers won reach it.
NT=$(calc 'S' | awk -v S="$S" -v KS="$KS" -v C="$C" -v SH="$SH" -v T="$TARGET" \
    'BEGIN { sat = S; while (cw < T && n < 10000) { won = C * KS * sat; sat = SH * won; cw += won; n++ } print n }')
echo "$out" | grep -q "customers by word of mouth: $NT generations = $(calc "$NT * CT" | xargs printf '%.2f') periods" ||
    fail "time to reach $TARGET: expected $NT generations"

# The cost of a dissatisfied customer: a = s k_s c - (1 - s) k_d g, e = 1 / (1 - a).
A=$(calc "$R - (1 - SH) * KD * G")
E=$(calc "1 / (1 - $A)")
expect "  own lost lifetime value" "$CLV"
expect "  prospects deterred" "$(calc 'G * KD')" 0.00006
expect "  customers each stands for" "$E" 0.00006
expect "  word-of-mouth cost" "$(calc "G * KD * $E * CLV")"
expect "  total cost" "$(calc "CLV + G * KD * $E * CLV")"

# K-factor: K = s k_s x c by default, from the whole base; customers after n cycles are the
# base times 1 + K + ... + K^n; at one period (1 / cycle time cycles) Skok's formula.
K=$(calc 'SH * KS * C')
echo "$out" | awk '/^Viral coefficient/{ on = 1; next } on && $1 ~ /^[0-9]+$/ { print }' |
    awk -v B="$(calc 'S + D')" -v K="$K" -v CT="$CT" '
    { want = 0; t = 1; for (j = 0; j <= $1; j++) { want += B * t; t *= K }
      d = $3 - want; if ((d < 0 ? -d : d) > 0.006) { printf "cycle %d: %s, expected %.4f\n", $1, $3, want; err = 1 }
      rows++ }
    END { exit err || rows == 0 }' || fail "K-factor rows"
AT=$(calc "(S + D) * ($K ^ (1 / CT + 1) - 1) / ($K - 1)")
echo "$out" | grep -q "after 1 period ([0-9.]* cycles): $(printf '%.2f' "$AT") customers" ||
    fail "K-factor after one period, expected $AT"
echo "$out" | grep -q "limit $(calc "(S + D) / (1 - $K)" | xargs printf '%.2f') customers" ||
    fail "K-factor limit"

# A growing case on standard input: R = 0.9 x 5 x 0.3 = 1.35, no finite total, a cost with no
# limit over all generations, K >= 1.
grow=$(printf 'satisfied = 100\ndissatisfied = 50\nconversion = 0.3\ndeterrence = 0.2\nsatisfied_share = 0.9\nmargin = 10\nretention = 0.5\ndiscount = 0\n' |
    "$prog" -) || fail "the growing case failed"
echo "$grow" | grep -q 'R = s k_s c = 1.3500' || fail "growing case: R"
echo "$grow" | grep -q 'no finite total' || fail "growing case: a total was printed"
echo "$grow" | grep -q 'has no limit' || fail "growing case: the cost had a limit"
echo "$grow" | grep -q 'K >= 1: no limit' || fail "growing case: K-factor limit"
echo "$grow" | grep -q 'CLV 10.00$' || fail "growing case: CLV 10 x 0.5 / 0.5"

# Bad input: a conversion of 1.5 is the library's CLV_EDOM, with a message and exit 1; a
# missing key and an unknown key are the program's own errors.
if err=$(printf 'satisfied = 1\ndissatisfied = 1\nconversion = 1.5\ndeterrence = 0\nmargin = 1\nretention = 0.5\ndiscount = 0.1\n' |
    "$prog" - 2>&1 >/dev/null); then
    fail "conversion 1.5 accepted"
fi
echo "$err" | grep -q 'first generation' || fail "no library message for conversion 1.5: $err"
# ... naming the line of the file and the key outside its domain (issue 15).
echo "$err" | grep -q 'line 3: conversion = 1.5: must be in \[0, 1\]' ||
    fail "the message does not name line 3 and conversion: $err"
# A retention above 1 refused by the lifetime value, named with its line (after a comment).
if err=$(printf '# base\nsatisfied = 1\ndissatisfied = 1\nconversion = 0.1\ndeterrence = 0\nmargin = 1\nretention = 1.2\ndiscount = 0.1\n' |
    "$prog" - 2>&1 >/dev/null); then
    fail "retention 1.2 accepted"
fi
echo "$err" | grep -q 'lifetime value' || fail "no library message for retention 1.2: $err"
echo "$err" | grep -q 'line 7: retention = 1.2: must be in \[0, 1\]' ||
    fail "the message does not name line 7 and retention: $err"
if printf 'satisfied = 1\n' | "$prog" - >/dev/null 2>&1; then fail "missing keys accepted"; fi
if printf 'satisfied = 1\nfoo = 2\n' | "$prog" - >/dev/null 2>&1; then fail "unknown key accepted"; fi
echo "ok: word-of-mouth prints what the recurrence, the series and the formulas give"
