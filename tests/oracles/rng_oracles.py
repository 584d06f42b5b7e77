#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The libclv authors
"""Oracle for lib/math/rng.c: xoshiro256** outputs, its jump, and the bins of the variates.

Writes rng_oracles.h next to this script (for tests/test_rng.c). Run:
    python3 tests/oracles/rng_oracles.py

1. The generator, from its published description (Blackman & Vigna 2018, "Scrambled linear
   pseudorandom number generators", sec. 4 and the reference description of xoshiro256**):
   the output rotl(s1 * 5, 7) * 9 and the state recurrence, written here from the paper with
   Python integers; splitmix64 (Steele, Lea & Flood 2014) for seeding. The state {1, 2, 3, 4}
   gives the first outputs 11520, 0, 1509978240, 1215971899390074240, the values the
   authors' description lists; the script checks that before writing anything.
2. The jump: xoshiro256's state transition is linear over GF(2), a 256 x 256 bit matrix M.
   The state after 2^128 steps is M^(2^128) s, computed here by 128 squarings of M -- an
   independent check of the jump polynomial the library uses.
3. Bins of the variates (mpmath, 30 digits): for continuous distributions the 5%, 10%, ...,
   95% quantiles (20 equiprobable bins); for discrete ones the pmf merged into bins of at
   least 1% probability (a binomial's first bin starts 8 standard deviations below its
   mean, and the test counts what falls below in it). The test counts 10^5 draws per bin
   and compares with the
   chi-square upper 1e-6 point for its degrees of freedom (also computed here).
"""
import os

from mpmath import betainc, erfinv, exp, gammainc, log, mp, mpf, sqrt

mp.dps = 30
HERE = os.path.dirname(os.path.abspath(__file__))
MASK = (1 << 64) - 1


def rotl(v, k):
    return ((v << k) | (v >> (64 - k))) & MASK


def splitmix64(x):
    x = (x + 0x9E3779B97F4A7C15) & MASK
    z = x
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return x, z ^ (z >> 31)


def seed_state(seed):
    s, x = [], seed
    for _ in range(4):
        x, z = splitmix64(x)
        s.append(z)
    return s


def step(s):
    """One step of xoshiro256**: returns the output and the next state."""
    out = (rotl((s[1] * 5) & MASK, 7) * 9) & MASK
    t = (s[1] << 17) & MASK
    s0, s1, s2, s3 = s
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = rotl(s3, 45)
    return out, [s0, s1, s2, s3]


def outputs(s, n):
    out = []
    for _ in range(n):
        o, s = step(s)
        out.append(o)
    return out


def linear_next(v):
    """The linear engine on a 256-bit integer (word i at bits 64 i ..)."""
    s = [(v >> (64 * i)) & MASK for i in range(4)]
    _, s = step(s)
    return sum(w << (64 * i) for i, w in enumerate(s))


def matrix_power_2k(k):
    """Columns of M^(2^k): col[j] = M^(2^k) e_j."""
    cols = [linear_next(1 << j) for j in range(256)]
    for _ in range(k):
        new = []
        for j in range(256):
            v, acc, b = cols[j], 0, 0
            while v:
                if v & 1:
                    acc ^= cols[b]
                v >>= 1
                b += 1
            new.append(acc)
        cols = new
    return cols


def apply(cols, s):
    v = sum(w << (64 * i) for i, w in enumerate(s))
    acc, b = 0, 0
    while v:
        if v & 1:
            acc ^= cols[b]
        v >>= 1
        b += 1
    return [(acc >> (64 * i)) & MASK for i in range(4)]


def quantile(cdf, lo, hi, p):
    lo, hi = mpf(lo), mpf(hi)
    for _ in range(200):
        mid = (lo + hi) / 2
        if cdf(mid) < p:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def chi2_upper(df, alpha):
    """x with P(chi2_df > x) = alpha."""
    return quantile(lambda x: gammainc(mpf(df) / 2, 0, x / 2, regularized=True), 0, 1000,
                    1 - mpf(alpha))


CONTINUOUS = [
    # kind, p1, p2, cdf
    ("CLV_T_UNIFORM", 0, 0, None),
    ("CLV_T_NORMAL", 0, 0, None),
    ("CLV_T_EXPONENTIAL", 2.0, 0, lambda x, a, b: 1 - exp(-a * x)),
    ("CLV_T_GAMMA", 0.05, 1.7, lambda x, a, b: gammainc(a, 0, b * x, regularized=True)),
    ("CLV_T_GAMMA", 0.5, 1.7, lambda x, a, b: gammainc(a, 0, b * x, regularized=True)),
    ("CLV_T_GAMMA", 1.0, 1.7, lambda x, a, b: gammainc(a, 0, b * x, regularized=True)),
    ("CLV_T_GAMMA", 2.5, 1.7, lambda x, a, b: gammainc(a, 0, b * x, regularized=True)),
    ("CLV_T_GAMMA", 30.0, 1.7, lambda x, a, b: gammainc(a, 0, b * x, regularized=True)),
    ("CLV_T_BETA", 0.5, 0.5, lambda x, a, b: betainc(a, b, 0, x, regularized=True)),
    ("CLV_T_BETA", 2.0, 5.0, lambda x, a, b: betainc(a, b, 0, x, regularized=True)),
    ("CLV_T_BETA", 0.05, 3.0, lambda x, a, b: betainc(a, b, 0, x, regularized=True)),
    ("CLV_T_BETA", 30.0, 40.0, lambda x, a, b: betainc(a, b, 0, x, regularized=True)),
    ("CLV_T_BETA", 0.05, 0.2, lambda x, a, b: betainc(a, b, 0, x, regularized=True)),
]

DISCRETE = [
    ("CLV_T_POISSON", 0.7), ("CLV_T_POISSON", 5.0), ("CLV_T_POISSON", 11.99),
    ("CLV_T_POISSON", 12.0), ("CLV_T_POISSON", 40.0), ("CLV_T_POISSON", 1000.0),
    ("CLV_T_GEOMETRIC", 0.3), ("CLV_T_GEOMETRIC", 0.01), ("CLV_T_GEOMETRIC", 0.9),
    # Binomial (internal clv__rng_binomial): (trials, p); gaps up to 64 trials, halving above.
    ("CLV_T_BINOMIAL", 10.0, 0.3), ("CLV_T_BINOMIAL", 64.0, 0.9), ("CLV_T_BINOMIAL", 65.0, 0.5),
    ("CLV_T_BINOMIAL", 1000.0, 0.02), ("CLV_T_BINOMIAL", 1000000.0, 0.3),
    ("CLV_T_BINOMIAL", 100000.0, 0.999),
]


def pmf(kind, par, k, par2=0):
    par = mpf(par)
    if kind == "CLV_T_BINOMIAL":
        if k > par:
            return mpf(0)
        q = mpf(par2)
        return exp(mp.loggamma(par + 1) - mp.loggamma(k + 1) - mp.loggamma(par - k + 1)
                   + k * log(q) + (par - k) * log(1 - q))
    if kind == "CLV_T_POISSON":
        return exp(-par + k * log(par) - mp.loggamma(k + 1))
    return par * (1 - par) ** k


def discrete_bins(kind, par, par2=0):
    """Bins [lo, hi] of consecutive values with >= 1% probability each; the last is open."""
    bins, lo, acc, k, total = [], 0, mpf(0), 0, mpf(0)
    if kind == "CLV_T_BINOMIAL":  # start near the mode's lower tail
        mean, sd = par * par2, (par * par2 * (1 - par2)) ** 0.5
        k = lo = max(0, int(mean - 8 * sd))
    while True:
        acc += pmf(kind, par, k, par2)
        if acc >= mpf("0.01"):
            if 1 - total - acc < mpf("0.01"):
                break
            bins.append((lo, k, acc))
            total += acc
            lo, acc = k + 1, mpf(0)
        k += 1
    bins.append((lo, -1, 1 - total))  # hi = -1: lo and above
    return bins


def main():
    want = [11520, 0, 1509978240, 1215971899390074240]
    got = outputs([1, 2, 3, 4], 4)
    assert got == want, got
    lines = ["/* SPDX-License-Identifier: MIT */",
             "/* Generated by tests/oracles/rng_oracles.py; do not edit. */",
             "#ifndef CLV_ORACLE_RNG_H", "#define CLV_ORACLE_RNG_H", "",
             "#include <stdint.h>", ""]
    lines.append("/* xoshiro256** from the state {1, 2, 3, 4}: its first 8 outputs. */")
    lines.append("static const uint64_t rng_state1234_out[8] = {")
    lines += ["    UINT64_C(%d)," % o for o in outputs([1, 2, 3, 4], 8)]
    lines.append("};")
    seeds = [0, 1, 42, 0xDEADBEEF, MASK]
    lines.append("/* Seeded through splitmix64: the state and the first 8 outputs. */")
    lines.append("typedef struct rng_seed_case {\n    uint64_t seed;\n    uint64_t state[4];\n"
                 "    uint64_t out[8];\n} rng_seed_case;")
    lines.append("static const rng_seed_case rng_seed_cases[] = {")
    for sd in seeds:
        st = seed_state(sd)
        lines.append("    {UINT64_C(%d),\n     {%s},\n     {%s}}," % (
            sd, ", ".join("UINT64_C(%d)" % w for w in st),
            ", ".join("UINT64_C(%d)" % o for o in outputs(st, 8))))
    lines.append("};")
    cols = matrix_power_2k(128)
    st = seed_state(42)
    j1 = apply(cols, st)
    j2 = apply(cols, j1)
    lines.append("/* The state seeded with 42 after one and two jumps of 2^128 steps (M^(2^128) "
                 "over GF(2)). */")
    lines.append("static const uint64_t rng_jump1[4] = {%s};" % ", ".join(
        "UINT64_C(%d)" % w for w in j1))
    lines.append("static const uint64_t rng_jump2[4] = {%s};" % ", ".join(
        "UINT64_C(%d)" % w for w in j2))
    lines.append("")
    lines.append("#define CLV_T_NORMAL 0\n#define CLV_T_EXPONENTIAL 1\n#define CLV_T_GAMMA 2\n"
                 "#define CLV_T_BETA 3\n#define CLV_T_POISSON 4\n#define CLV_T_GEOMETRIC 5\n"
                 "#define CLV_T_BINOMIAL 6\n#define CLV_T_UNIFORM 7")
    lines.append("/* 19 inner quantiles (5%, ..., 95%) and the chi-square(19) upper 1e-6 point. */")
    lines.append("typedef struct rng_cont_case {\n    int kind;\n    double p1, p2;\n"
                 "    double edge[19];\n} rng_cont_case;")
    lines.append("static const double rng_chi2_19 = %s;" % mp.nstr(chi2_upper(19, 1e-6), 17))
    lines.append("static const rng_cont_case rng_cont_cases[] = {")
    for kind, a, b, cdf in CONTINUOUS:
        edges = []
        for i in range(1, 20):
            p = mpf(i) / 20
            if kind == "CLV_T_UNIFORM":
                q = p
            elif kind == "CLV_T_NORMAL":
                q = sqrt(2) * erfinv(2 * p - 1)
            elif kind == "CLV_T_BETA":
                q = quantile(lambda x: cdf(x, mpf(a), mpf(b)), 0, 1, p)
            else:
                q = quantile(lambda x: cdf(x, mpf(a), mpf(b)), 0, 200, p)
            edges.append(mp.nstr(q, 17))
        lines.append("    {%s, %r, %r, {%s}}," % (kind, float(a), float(b), ", ".join(edges)))
    lines.append("};")
    lines.append("/* Discrete bins: values lo..hi (hi = -1: lo and above), probability. */")
    lines.append("typedef struct rng_bin {\n    double lo, hi, prob;\n} rng_bin;")
    lines.append("typedef struct rng_disc_case {\n    int kind;\n    double par, par2;\n"
                 "    int n_bins;\n    double chi2;\n    rng_bin bins[100];\n} rng_disc_case;")
    lines.append("static const rng_disc_case rng_disc_cases[] = {")
    for case in DISCRETE:
        kind, par = case[0], case[1]
        par2 = case[2] if len(case) > 2 else 0.0
        bins = discrete_bins(kind, par, par2)
        assert len(bins) <= 100, (kind, par, len(bins))
        crit = chi2_upper(len(bins) - 1, 1e-6)
        lines.append("    {%s, %r, %r, %d, %s,\n     {%s}}," % (
            kind, float(par), float(par2), len(bins), mp.nstr(crit, 17),
            ", ".join("{%d, %d, %s}" % (lo, hi, mp.nstr(p, 17)) for lo, hi, p in bins)))
    lines.append("};")
    lines.append("")
    lines.append("#endif /* CLV_ORACLE_RNG_H */")
    with open(os.path.join(HERE, "rng_oracles.h"), "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
