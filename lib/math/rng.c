/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Random numbers from a caller-owned state (issue 14): the xoshiro256** generator of Blackman
 * & Vigna (2018), "Scrambled linear pseudorandom number generators" (arXiv:1805.01407; ACM
 * TOMS 47(4) 2021), seeded through splitmix64 (Steele, Lea & Flood 2014, "Fast splittable
 * pseudorandom number generators", OOPSLA), and the variates the simulations need:
 *
 * - uniform on (0, 1): the top 52 bits k of an output as (k + 1/2) 2^-52, never 0 or 1 (the
 *   simulations take logarithms of it);
 * - standard normal: Box & Muller (1958), "A note on the generation of random normal
 *   deviates", Ann. Math. Statist. 29(2) 610-611 (one pair per call, the sine half unused:
 *   the state holds nothing but the generator);
 * - gamma: Marsaglia & Tsang (2000), "A simple method for generating gamma variables", ACM
 *   TOMS 26(3) 363-372, with their boost for shapes below 1 (sec. 6: Gamma(a) =
 *   Gamma(a + 1) U^(1/a)), carried in logarithms so that tiny shapes do not underflow;
 * - beta: X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b) (e.g. Devroye 1986, "Non-uniform random
 *   variate generation", ch. IX.4), from the logarithms of the two; for both shapes below 1,
 *   Johnk's (1964) method, whose logarithms stay comparable for shapes near 0;
 * - exponential and geometric: inversion, -log U and floor(log U / log(1 - p));
 * - binomial: halving by beta order statistics (Devroye 1986, ch. X.4), then geometric gaps;
 * - Poisson: inversion by sequential search below a mean of 12, and above it the transformed
 *   rejection with squeeze PTRS of Hormann (1993), "The transformed rejection method for
 *   generating Poisson random variables", Insurance: Mathematics and Economics 12(1) 39-45.
 *
 * Every loop is bounded. The rejection loops accept a proposal with probability above 0.89
 * (gamma, Poisson) or 0.5 (beta for small shapes), so 1,000 rejections in a row have
 * probability below 1e-300: never seen; past that bound the draw returns a central value
 * of the law (the mode, or the mean for beta) rather than loop on. No global state, no allocation:
 * each function reads and writes only the caller's clv_rng.
 */
#include "math/rng.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

#include "core/diag.h"
#include "math/special.h"

#define MAX_TRIES 1000

static inline uint64_t rotl(uint64_t v, int k) {
    return (v << k) | (v >> (64 - k));
}

/* splitmix64 (Steele, Lea & Flood 2014): a Weyl sequence with step 0x9e3779b97f4a7c15
 * through the variant-13 finaliser of Stafford's MurmurHash3 mixers. */
static uint64_t splitmix64(uint64_t *x) {
    uint64_t z = (*x += UINT64_C(0x9e3779b97f4a7c15));
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

int clv__rng_ok(const clv_rng *rng) {
    return (rng->s[0] | rng->s[1] | rng->s[2] | rng->s[3]) != 0;
}

void clv__rng_seed(clv_rng *rng, uint64_t seed) {
    uint64_t x = seed;
    for (int i = 0; i < 4; i++) {
        rng->s[i] = splitmix64(&x);
    }
    if (!clv__rng_ok(rng)) { /* four zero outputs in a row: not reachable, kept for safety */
        rng->s[0] = 1;
    }
}

/* xoshiro256** (Blackman & Vigna 2018, sec. 4): the output scrambler ** is
 * rotl(s1 x 5, 7) x 9, then the xorshift-rotate linear engine of 256 bits advances. */
uint64_t clv__rng_next(clv_rng *rng) {
    uint64_t *s = rng->s;
    uint64_t out = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return out;
}

/* The jump polynomial of xoshiro256 for 2^128 steps, as published with the generator: the
 * state after the jump is the sum (xor) of the states at the steps whose bit is set. */
static const uint64_t jump_poly[4] = {UINT64_C(0x180ec6d33cfd0aba), UINT64_C(0xd5a61266f0c9392c),
                                      UINT64_C(0xa9582618e03fc9aa), UINT64_C(0x39abdc4529b1661c)};

static void jump(clv_rng *rng) {
    uint64_t acc[4] = {0, 0, 0, 0};
    for (int w = 0; w < 4; w++) {
        for (int b = 0; b < 64; b++) {
            if (jump_poly[w] & (UINT64_C(1) << b)) {
                for (int i = 0; i < 4; i++) {
                    acc[i] ^= rng->s[i];
                }
            }
            (void)clv__rng_next(rng);
        }
    }
    memcpy(rng->s, acc, sizeof acc);
}

double clv__rng_uniform(clv_rng *rng) {
    uint64_t k = clv__rng_next(rng) >> 12;
    return ((double)k + 0.5) * 0x1p-52;
}

double clv__rng_exp1(clv_rng *rng) {
    return -log(clv__rng_uniform(rng));
}

#define TWO_PI 6.283185307179586476925286766559

double clv__rng_normal(clv_rng *rng) {
    double u1 = clv__rng_uniform(rng);
    double u2 = clv__rng_uniform(rng);
    return sqrt(-2.0 * log(u1)) * cos(TWO_PI * u2);
}

/* log of a Gamma(shape, 1) variate for shape >= 1 (Marsaglia & Tsang 2000, sec. 4): with
 * d = shape - 1/3, c = 1/sqrt(9 d), propose v = (1 + c z)^3 for a standard normal z; accept
 * d v when u < 1 - 0.0331 z^4 (the squeeze) or log u < z^2/2 + d (1 - v + log v). */
static double log_gamma_ge1(clv_rng *rng, double shape) {
    double d = shape - 1.0 / 3.0;
    double c = 1.0 / sqrt(9.0 * d);
    for (int tries = 0; tries < MAX_TRIES; tries++) {
        double z = clv__rng_normal(rng);
        double v = 1.0 + c * z;
        if (v <= 0.0) {
            continue;
        }
        v = v * v * v;
        double u = clv__rng_uniform(rng);
        double z2 = z * z;
        if (u < 1.0 - 0.0331 * z2 * z2) {
            return log(d) + log(v);
        }
        double lv = log(v);
        if (log(u) < 0.5 * z2 + d * (1.0 - v + lv)) {
            return log(d) + lv;
        }
    }
    return log(d); /* unreachable in practice (see the file comment) */
}

double clv__rng_log_gamma1(clv_rng *rng, double shape) {
    if (shape >= 1.0) {
        return log_gamma_ge1(rng, shape);
    }
    /* Marsaglia & Tsang 2000, sec. 6: Gamma(a) = Gamma(a + 1) U^(1/a) for a < 1. */
    double lg = log_gamma_ge1(rng, shape + 1.0);
    return lg + log(clv__rng_uniform(rng)) / shape;
}

double clv__rng_gamma1(clv_rng *rng, double shape) {
    return exp(clv__rng_log_gamma1(rng, shape));
}

/*
 * Beta(a, b) for a, b < 1 by Johnk (1964), "Erzeugung von betaverteilten und gammaverteilten
 * Zufallszahlen", Metrika 8, 5-15: X = U^(1/a), Y = V^(1/b), accepted when X + Y <= 1, gives
 * X / (X + Y). Acceptance Gamma(a + 1) Gamma(b + 1) / Gamma(a + b + 1) >= 1/2. In logs, with
 * the ratio's logarithm log(Y / X) = (a log V - b log U) / (a b) formed from finite products:
 * for shapes near the smallest doubles X and Y both underflow (their logarithms are -inf)
 * and only this form tells which is larger (the draw is then 0 or 1, as the law is).
 */
static double beta_johnk(clv_rng *rng, double a, double b) {
    for (int tries = 0; tries < MAX_TRIES; tries++) {
        double lu = log(clv__rng_uniform(rng));
        double lv = log(clv__rng_uniform(rng));
        double lx = lu / a, ly = lv / b;
        double hi = fmax(lx, ly);
        if (hi != -INFINITY && hi + log1p(exp(fmin(lx, ly) - hi)) > 0.0) {
            continue; /* X + Y > 1 */
        }
        double num = a * lv - b * lu;
        if (num == 0.0) {
            return 0.5;
        }
        double d = num / (a * b); /* +-inf when a b underflows: the draw is then 0 or 1 */
        if (d > 0.0) {
            double e = exp(-d);
            return e / (1.0 + e);
        }
        return 1.0 / (1.0 + exp(d));
    }
    return a / (a + b); /* unreachable in practice (see the file comment) */
}

double clv__rng_beta(clv_rng *rng, double a, double b) {
    if (a < 1.0 && b < 1.0) {
        return beta_johnk(rng, a, b);
    }
    /* At least one shape >= 1, so at most one logarithm is -inf (a tiny other shape). */
    double lx = clv__rng_log_gamma1(rng, a);
    double ly = clv__rng_log_gamma1(rng, b);
    /* X / (X + Y) = 1 / (1 + e^(ly - lx)), exact in logs whatever the two magnitudes. */
    double diff = ly - lx;
    if (diff > 0.0) {
        double e = exp(-diff);
        return e / (1.0 + e);
    }
    return 1.0 / (1.0 + exp(diff));
}

double clv__rng_geometric(clv_rng *rng, double p) {
    double u = clv__rng_uniform(rng);
    if (p >= 1.0) {
        return 0.0;
    }
    if (p <= 0.0) {
        return INFINITY;
    }
    /* P(G >= k) = (1 - p)^k: G = floor(log U / log(1 - p)). */
    return floor(log(u) / log1p(-p));
}

/* Poisson by inversion: the smallest k with F(k) >= U, summing the pmf upwards. Used for
 * means below 12, where the pmf beyond k = 200 is below 1e-150: the cap ends a U that the
 * rounded sum of the pmf never reaches. */
static double poisson_inversion(clv_rng *rng, double mean) {
    double u = clv__rng_uniform(rng);
    double p = exp(-mean);
    double cdf = p;
    double k = 0.0;
    while (u > cdf && k < 200.0) {
        k += 1.0;
        p *= mean / k;
        cdf += p;
    }
    return k;
}

/* PTRS, Hormann (1993), sec. 3 and Table 1: the transformed rejection with its constants b,
 * a, v_r and 1/alpha as functions of the mean; accept quickly in the centre (us >= 0.07 and
 * v <= v_r), else compare with the exact log pmf. Acceptance above 0.89 for means >= 10. */
static double poisson_ptrs(clv_rng *rng, double mean) {
    double smu = sqrt(mean);
    double b = 0.931 + 2.53 * smu;
    double a = -0.059 + 0.02483 * b;
    double inv_alpha = 1.1239 + 1.1328 / (b - 3.4);
    double vr = 0.9277 - 3.6224 / (b - 2.0);
    double log_mean = log(mean);
    for (int tries = 0; tries < MAX_TRIES; tries++) {
        double u = clv__rng_uniform(rng) - 0.5;
        double v = clv__rng_uniform(rng);
        double us = 0.5 - fabs(u);
        double k = floor((2.0 * a / us + b) * u + mean + 0.43);
        if (us >= 0.07 && v <= vr) {
            return k;
        }
        if (k < 0.0 || (us < 0.013 && v > us)) {
            continue;
        }
        double lhs = log(v) + log(inv_alpha) - log(a / (us * us) + b);
        double rhs = -mean + k * log_mean - clv__lgamma(k + 1.0);
        if (lhs <= rhs) {
            return k;
        }
    }
    return floor(mean); /* unreachable in practice (see the file comment) */
}

double clv__rng_poisson(clv_rng *rng, double mean) {
    if (mean <= 0.0) {
        return 0.0;
    }
    return (mean < 12.0) ? poisson_inversion(rng, mean) : poisson_ptrs(rng, mean);
}

/* Successes of m Bernoulli(p) trials, m small: the gaps between successes are geometric, so
 * count them by jumping from one success to the next (at most m + 1 draws). */
static double binomial_gaps(clv_rng *rng, double m, double p) {
    if (p > 0.5) {
        return m - binomial_gaps(rng, m, 1.0 - p);
    }
    double count = 0.0;
    double pos = 0.0;
    for (;;) {
        pos += clv__rng_geometric(rng, p) + 1.0;
        if (!(pos <= m)) {
            return count;
        }
        count += 1.0;
    }
}

/* Above this many trials the binomial halves its trials with one beta variate. */
#define BINOMIAL_SPLIT 64.0

/*
 * Binomial(m, p) exactly, by the order statistics of m uniforms (Devroye 1986, ch. X.4): the
 * k-th smallest of m uniforms, k = ceil(m / 2), is U ~ Beta(k, m + 1 - k). If U <= p, those k
 * trials succeed and the m - k above U are uniform on (U, 1), succeeding with probability
 * (p - U) / (1 - U); else the m - k above fail and the k - 1 below are uniform on (0, U),
 * succeeding with probability p / U. Each round halves m: O(log m) beta variates, then the
 * gaps for the last <= 64 trials.
 */
double clv__rng_binomial(clv_rng *rng, double m, double p) {
    double count = 0.0;
    while (m > BINOMIAL_SPLIT) {
        if (p <= 0.0) {
            return count;
        }
        if (p >= 1.0) {
            return count + m;
        }
        double k = floor((m + 1.0) / 2.0);
        double u = clv__rng_beta(rng, k, m + 1.0 - k);
        if (u <= p) {
            count += k;
            m -= k;
            p = (p - u) / (1.0 - u);
        } else {
            m = k - 1.0;
            p = p / u;
        }
    }
    return count + binomial_gaps(rng, m, p);
}

/* ---- public interface -------------------------------------------------------------- */

static int check_rng(const clv_rng *rng) {
    if (rng == NULL) {
        return CLV_EINVAL;
    }
    return clv__rng_ok(rng) ? CLV_OK : CLV_EINVAL;
}

static int positive(double v) {
    return v > 0.0 && isfinite(v);
}

int clv_rng_seed(clv_rng *rng, uint64_t seed) {
    if (rng == NULL) {
        return CLV_EINVAL;
    }
    clv__rng_seed(rng, seed);
    return CLV_OK;
}

int clv_rng_jump(clv_rng *rng) {
    int st = check_rng(rng);
    if (st == CLV_OK) {
        jump(rng);
    }
    return st;
}

int clv_rng_next(clv_rng *rng, uint64_t *value) {
    int st = check_rng(rng);
    if (st != CLV_OK || value == NULL) {
        return CLV_EINVAL;
    }
    *value = clv__rng_next(rng);
    return CLV_OK;
}

int clv_rng_uniform(clv_rng *rng, double *u) {
    if (check_rng(rng) != CLV_OK || u == NULL) {
        return CLV_EINVAL;
    }
    *u = clv__rng_uniform(rng);
    return CLV_OK;
}

int clv_rng_normal(clv_rng *rng, double *z) {
    if (check_rng(rng) != CLV_OK || z == NULL) {
        return CLV_EINVAL;
    }
    *z = clv__rng_normal(rng);
    return CLV_OK;
}

int clv_rng_exponential(clv_rng *rng, double rate, double *x) {
    if (check_rng(rng) != CLV_OK || x == NULL) {
        return CLV_EINVAL;
    }
    if (!positive(rate)) {
        return CLV_EDOM;
    }
    *x = clv__rng_exp1(rng) / rate;
    return CLV_OK;
}

int clv_rng_gamma(clv_rng *rng, double shape, double rate, double *x) {
    if (check_rng(rng) != CLV_OK || x == NULL) {
        return CLV_EINVAL;
    }
    if (!positive(shape) || !positive(rate)) {
        return CLV_EDOM;
    }
    clv_rng copy = *rng;
    double v = exp(clv__rng_log_gamma1(&copy, shape) - log(rate));
    if (!isfinite(v)) {
        return CLV_ERANGE;
    }
    *rng = copy;
    *x = v;
    return CLV_OK;
}

int clv_rng_beta(clv_rng *rng, double a, double b, double *x) {
    if (check_rng(rng) != CLV_OK || x == NULL) {
        return CLV_EINVAL;
    }
    if (!positive(a) || !positive(b)) {
        return CLV_EDOM;
    }
    *x = clv__rng_beta(rng, a, b);
    return CLV_OK;
}

int clv_rng_poisson(clv_rng *rng, double mean, double *k) {
    if (check_rng(rng) != CLV_OK || k == NULL) {
        return CLV_EINVAL;
    }
    if (!(mean >= 0.0) || !(mean <= CLV__POISSON_MAX_MEAN)) {
        return CLV_EDOM;
    }
    *k = clv__rng_poisson(rng, mean);
    return CLV_OK;
}

int clv_rng_geometric(clv_rng *rng, double p, double *k) {
    if (check_rng(rng) != CLV_OK || k == NULL) {
        return CLV_EINVAL;
    }
    if (!(p > 0.0) || !(p <= 1.0)) {
        return CLV_EDOM;
    }
    *k = clv__rng_geometric(rng, p);
    return CLV_OK;
}
