/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Extreme parameters (issues 13 and 21): "never a wrong number with CLV_OK, at any parameters"
 * and "every call bounded". Every scalar prediction of BG/NBD, MBG/NBD, Pareto/NBD and BG/BB,
 * and clv_customer_value(), over every combination of parameters from EXTREME_VALUES (log-spaced
 * 1e-300..1e300, with the smallest subnormal and DBL_MAX), a few histories and horizons. The
 * validators accept any finite parameter > 0, so each of these is a call a program may make.
 *
 * No oracle can follow 10^5 cases at such parameters, so the sweep asserts properties that any
 * correct value has and a wrong one fails, whenever the status is CLV_OK (an error status is
 * always allowed here; the mpmath-checked cases at the end and the grid tests pin values):
 *   - probabilities (P(alive), P(X(t) = n), P(X(t) = n | h)) in [0, 1], finite;
 *   - over n = 0..N_MAX: sum P(X = n) <= 1 + 1e-9, and >= 1 - E[X]/(N_MAX+1) - 1e-9 (Markov's
 *     inequality bounds the mass above N_MAX by the mean), the same given a history;
 *     sum n P(X = n) <= E[X] (1 + 1e-9) + 1e-300 (the truncated mean of the same law);
 *     given a history, P(X = 0 | h) >= 1 - P(alive) - 1e-9 (the dead buy nothing);
 *   - expectations finite, >= 0, non-decreasing in t;
 *   - E[X(t) | h] <= P(alive) (r+x) t/(alpha+T) (1 + 1e-9): a live customer's expected rate is
 *     E[lambda | h] = (r+x)/(alpha+T) and dropping out only removes purchases (BG/NBD, MBG/NBD,
 *     Pareto/NBD: FHL 2005, Schmittlein et al. 1987); unconditionally E[X(t)] <= r t/alpha;
 *   - DERT finite, >= 0, <= P(alive) (r+x)/((alpha+T) delta) (the same bound discounted),
 *     non-increasing in delta;
 *   - BG/BB: sum over x of P(X(n) = x) = 1 +- 1e-9 over all x = 0..n, and its mean equals
 *     E[X(n)] (1e-9); the same for the conditional P(X(n, n+n*) = x* | h) and E[X(n*) | h];
 *     P(alive at n + m) in [0, 1] and non-increasing in m; E <= P(alive) n* (one purchase per
 *     opportunity at most);
 *   - clv_customer_value() (margin 1, spend 1): between (1+d)^-H E[X(H P) | h] and E[X(H P) | h]
 *     (each period's increment is discounted by at most (1+d)^-H and at least 1).
 * And time: every call is timed; the slowest of each function is printed, and any call over
 * SLOW_SECONDS is retried (the fastest of three counts, the machine is shared) and fails the
 * test over that budget (issue 13: no call over 10 ms; the contract is 1 ms for typical
 * parameters). A watchdog (alarm) ends a call that never returns. Budgets are checked only in
 * optimised builds without sanitizers (tests/timebomb.h); the properties always.
 *
 * A deterministic sample of the grid is taken (SWEEP_STRIDE below), a smaller one under valgrind
 * (LD_PRELOAD holds its preload library).
 */
#include <float.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BUDGET_SECONDS 0.010
#define ATTEMPTS 3
#define WATCHDOG_SECONDS 60
#define TIMEBOMB_NAME "test_extremes"
#include "timebomb.h"

#include "clv.h"

#define N_MAX 40
#define REL 1e-9
/* The grid has N_VALUES^4 = 28,561 parameter combinations: every SWEEP_STRIDE-th is taken
 * (a prime: each parameter still takes every value), ~110 per model, ~15 s in all; set
 * CLV_EXTREMES_STRIDE=1 for the whole grid (~1 h). */
#define SWEEP_STRIDE 257
#define VALGRIND_STRIDE 10007

static const double extreme_values[] = {4.9406564584124654e-324, 1e-300, 1e-150, 1e-30, 1e-8,
                                        1e-2, 1.0, 1e2, 1e8, 1e30, 1e150, 1e300,
                                        1.7976931348623157e308};
#define N_VALUES (sizeof extreme_values / sizeof extreme_values[0])

/* ---- failures and timings ----------------------------------------------------------------- */

static int under_valgrind(void) {
    const char *pre = getenv("LD_PRELOAD");
    return pre != NULL && strstr(pre, "vgpreload") != NULL;
}

/* Why time budgets are not checked in this run, or null (timebomb.h's reasons, and valgrind). */
static const char *budget_skip(void) {
    return (skip_reason != NULL) ? skip_reason
           : under_valgrind()    ? "time budgets are not checked under valgrind"
                                 : NULL;
}

static int n_failures, n_known;
static long n_calls, n_ok;

/*
 * Known failures, found by this sweep and not yet fixed (each reported on issue 13): a failure
 * whose description starts with one of these prefixes is printed and counted, not asserted.
 * Every other property stays asserted. The list shrinks as they are fixed.
 * None is left: BG/BB at extreme parameters, Pareto/NBD P(X(t) = n) and the BG/NBD and
 * MBG/NBD value times were fixed in session 9 (their cases are in
 * tests/oracles/extremes_oracles.py). The BG/NBD and MBG/NBD customer_value take below 1 ms
 * of CPU time at every point of this sample, at most ~11 ms over the whole grid (at
 * r = 5e-324, alpha = 1e-150, a point not sampled here).
 */
static const char *const known_prefixes[] = {NULL}; /* NULL entries are skipped: none */

static int is_known(const char *what) {
    for (size_t i = 0; i < sizeof known_prefixes / sizeof known_prefixes[0]; i++) {
        if (known_prefixes[i] != NULL &&
            strncmp(what, known_prefixes[i], strlen(known_prefixes[i])) == 0) {
            return 1;
        }
    }
    return 0;
}

static void failure(const char *what, const double *theta, const double *h, const char *fmt,
                    ...) {
    int known = is_known(what);
    int count = known ? ++n_known : ++n_failures;
    if (count > (known ? 5 : 40)) {
        return;
    }
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    print_message(known ? "# known: %s at (%.17g, %.17g, %.17g, %.17g) h = (%.17g, %.17g, "
                          "%.17g): %s\n"
                        : "# FAIL %s at (%.17g, %.17g, %.17g, %.17g) h = (%.17g, %.17g, %.17g): %s\n",
                  what, theta[0], theta[1], theta[2], theta[3], h[0], h[1], h[2], msg);
}

/* The slowest call of each function, kept to retry it. */
enum { F_PA, F_NEW, F_PROB, F_COND, F_PCOND, F_DERT, F_VALUE, F_ALIVE_AT, N_FN };
static const char *const fn_names[N_FN] = {"p_alive",   "expected_new", "prob_purchases",
                                           "expected",  "prob_cond",    "dert",
                                           "customer_value", "p_alive_at"};

typedef struct slowest {
    double seconds;
    int model;
    double theta[4], h[3], arg, arg2;
} slowest;

static slowest slow[4][N_FN];
static const char *const model_names[4] = {"bgnbd", "mbgnbd", "pnbd", "bgbb"};

/* One call of function fn of model m at (theta, h, arg) (arg: t, n, delta, ...; a second
 * argument arg2 for the two-argument ones); status and value. */
static int call(int m, int fn, const double *th, const double *h, double arg, double arg2,
                double *v);

static int timed(int m, int fn, const double *th, const double *h, double arg, double arg2,
                 double *v) {
    double t0 = now();
    int st = call(m, fn, th, h, arg, arg2, v);
    double s = now() - t0;
    n_calls++;
    n_ok += (st == CLV_OK);
    if (getenv("CLV_EXTREMES_TRACE") != NULL && s > 0.02) {
        print_message("# SLOW %s %s %.1f ms st %d at (%.17g, %.17g, %.17g, %.17g) h = (%g, %g, %g) "
                      "args %g %g\n",
                      model_names[m], fn_names[fn], 1e3 * s, st, th[0], th[1], th[2], th[3], h[0],
                      h[1], h[2], arg, arg2);
    }
    slowest *w = &slow[m][fn];
    if (s > w->seconds) {
        w->seconds = s;
        w->model = m;
        memcpy(w->theta, th, sizeof w->theta);
        memcpy(w->h, h, sizeof w->h);
        w->arg = arg;
        w->arg2 = arg2;
    }
    return st;
}

static int call(int m, int fn, const double *th, const double *h, double arg, double arg2,
                double *v) {
    if (fn == F_VALUE) {
        clv_purchase_model pm = {m == 0   ? CLV_MODEL_BGNBD
                                 : m == 1 ? CLV_MODEL_MBGNBD
                                 : m == 2 ? CLV_MODEL_PNBD
                                          : CLV_MODEL_BGBB,
                                 0,
                                 {th[0], th[1], th[2], th[3]}};
        clv_value_options o;
        clv_value_options_init(&o);
        o.margin = 1.0;
        o.discount_rate = arg;
        o.horizon = arg2;
        return clv_customer_value(&pm, NULL, &o, h[0], h[1], h[2], 1.0, v);
    }
    if (m == 3) {
        const clv_bgbb_params p = {th[0], th[1], th[2], th[3]};
        switch (fn) {
        case F_PA:
            return clv_bgbb_p_alive(&p, h[0], h[1], h[2], v);
        case F_NEW:
            return clv_bgbb_expected_purchases_new(&p, arg, v);
        case F_PROB:
            return clv_bgbb_prob_purchases(&p, arg, arg2, v);
        case F_COND:
            return clv_bgbb_expected_purchases(&p, h[0], h[1], h[2], arg, v);
        case F_PCOND:
            return clv_bgbb_prob_purchases_cond(&p, h[0], h[1], h[2], arg, arg2, v);
        case F_DERT:
            return clv_bgbb_dert(&p, h[0], h[1], h[2], arg, v);
        case F_ALIVE_AT:
            return clv_bgbb_p_alive_at(&p, h[0], h[1], h[2], arg, v);
        default:
            return CLV_EINVAL;
        }
    }
    if (m == 2) {
        const clv_pnbd_params p = {th[0], th[1], th[2], th[3]};
        switch (fn) {
        case F_PA:
            return clv_pnbd_p_alive(&p, h[0], h[1], h[2], v);
        case F_NEW:
            return clv_pnbd_expected_purchases_new(&p, arg, v);
        case F_PROB:
            return clv_pnbd_prob_purchases(&p, arg, arg2, v);
        case F_COND:
            return clv_pnbd_expected_purchases(&p, h[0], h[1], h[2], arg, v);
        case F_PCOND:
            return clv_pnbd_prob_purchases_cond(&p, h[0], h[1], h[2], arg, arg2, v);
        case F_DERT:
            return clv_pnbd_dert(&p, h[0], h[1], h[2], arg, v);
        default:
            return CLV_EINVAL;
        }
    }
    if (m == 1) {
        const clv_mbgnbd_params p = {th[0], th[1], th[2], th[3]};
        switch (fn) {
        case F_PA:
            return clv_mbgnbd_p_alive(&p, h[0], h[1], h[2], v);
        case F_NEW:
            return clv_mbgnbd_expected_purchases_new(&p, arg, v);
        case F_PROB:
            return clv_mbgnbd_prob_purchases(&p, arg, arg2, v);
        case F_COND:
            return clv_mbgnbd_expected_purchases(&p, h[0], h[1], h[2], arg, v);
        case F_PCOND:
            return clv_mbgnbd_prob_purchases_cond(&p, h[0], h[1], h[2], arg, arg2, v);
        case F_DERT:
            return clv_mbgnbd_dert(&p, h[0], h[1], h[2], arg, v);
        default:
            return CLV_EINVAL;
        }
    }
    const clv_bgnbd_params p = {th[0], th[1], th[2], th[3]};
    switch (fn) {
    case F_PA:
        return clv_bgnbd_p_alive(&p, h[0], h[1], h[2], v);
    case F_NEW:
        return clv_bgnbd_expected_purchases_new(&p, arg, v);
    case F_PROB:
        return clv_bgnbd_prob_purchases(&p, arg, arg2, v);
    case F_COND:
        return clv_bgnbd_expected_purchases(&p, h[0], h[1], h[2], arg, v);
    case F_PCOND:
        return clv_bgnbd_prob_purchases_cond(&p, h[0], h[1], h[2], arg, arg2, v);
    case F_DERT:
        return clv_bgnbd_dert(&p, h[0], h[1], h[2], arg, v);
    default:
        return CLV_EINVAL;
    }
}

/* ---- properties --------------------------------------------------------------------------- */

static int is_prob(double p) {
    return isfinite(p) && p >= 0.0 && p <= 1.0;
}

/* a <= b with the sweep's relative slack (and an absolute floor for underflowing values). */
static int le(double a, double b) {
    return a <= b + REL * fabs(b) + 1e-300;
}

/* The continuous-time models (BG/NBD, MBG/NBD, Pareto/NBD): theta = (r, alpha, ., .). */
static void sweep_continuous(int m, const double *th) {
    static const double hist[][3] = {{0.0, 0.0, 0.0}, {0.0, 0.0, 10.0}, {3.0, 5.0, 10.0},
                                     {200.0, 30.0, 52.0}};
    static const double horizons[] = {0.01, 1.0, 100.0, 1e6};
    static const double deltas[] = {1e-3, 0.1};
    const double none[3] = {0.0, 0.0, 0.0};
    const char *mn = model_names[m];
    double r = th[0], alpha = th[1];
    char what[64];
    /* Unconditional: E[X(t)] and P(X(t) = n). */
    double prev_e = 0.0;
    for (size_t k = 0; k < sizeof horizons / sizeof horizons[0]; k++) {
        double t = horizons[k], e = NAN;
        snprintf(what, sizeof what, "%s expected_new(t = %g)", mn, t);
        int st_e = timed(m, F_NEW, th, none, t, 0.0, &e);
        if (st_e == CLV_OK) {
            if (!(isfinite(e) && e >= 0.0)) {
                failure(what, th, none, "value %.17g", e);
            } else if (!le(prev_e, e)) {
                failure(what, th, none, "%.17g below the shorter horizon's %.17g", e, prev_e);
            } else if (!le(e, exp(log(r) + log(t) - log(alpha)))) {
                failure(what, th, none, "%.17g above r t / alpha = %.17g", e,
                        exp(log(r) + log(t) - log(alpha)));
            }
            prev_e = e;
        }
        double sum = 0.0, mean = 0.0;
        int all_ok = 1;
        for (int n = 0; n <= N_MAX; n++) {
            double p = NAN;
            int st = timed(m, F_PROB, th, none, t, n, &p);
            if (st != CLV_OK) {
                all_ok = 0;
                continue;
            }
            if (!is_prob(p)) {
                snprintf(what, sizeof what, "%s prob_purchases(t = %g, n = %d)", mn, t, n);
                failure(what, th, none, "value %.17g", p);
                all_ok = 0;
                continue;
            }
            sum += p;
            mean += n * p;
        }
        snprintf(what, sizeof what, "%s prob_purchases(t = %g) over n", mn, t);
        if (!le(sum, 1.0)) {
            failure(what, th, none, "sum %.17g above 1", sum);
        }
        if (all_ok && st_e == CLV_OK && isfinite(e)) {
            if (!le(1.0 - e / (N_MAX + 1.0), sum)) {
                failure(what, th, none, "sum %.17g, mean %.17g", sum, e);
            }
            if (!le(mean, e)) {
                failure(what, th, none, "truncated mean %.17g above E %.17g", mean, e);
            }
        }
    }
    /* Given a history. */
    for (size_t i = 0; i < sizeof hist / sizeof hist[0]; i++) {
        const double *h = hist[i];
        double pa = NAN;
        snprintf(what, sizeof what, "%s p_alive", mn);
        int st_pa = timed(m, F_PA, th, h, 0.0, 0.0, &pa);
        if (st_pa == CLV_OK && !is_prob(pa)) {
            failure(what, th, h, "value %.17g", pa);
            st_pa = CLV_EDOM;
        }
        /* ln E[lambda | alive, h] = ln((r+x)/(alpha+T)), in logs so that the bounds below do
         * not underflow where the values do not */
        double log_rate = log(r + h[0]) - log(alpha + h[2]);
        prev_e = 0.0;
        for (size_t k = 0; k < sizeof horizons / sizeof horizons[0]; k++) {
            double t = horizons[k], e = NAN;
            snprintf(what, sizeof what, "%s expected(t = %g)", mn, t);
            int st_e = timed(m, F_COND, th, h, t, 0.0, &e);
            if (st_e == CLV_OK) {
                if (!(isfinite(e) && e >= 0.0)) {
                    failure(what, th, h, "value %.17g", e);
                    st_e = CLV_EDOM;
                } else if (!le(prev_e, e)) {
                    failure(what, th, h, "%.17g below the shorter horizon's %.17g", e, prev_e);
                } else if (st_pa == CLV_OK && !le(e, exp(log(pa) + log_rate + log(t)))) {
                    failure(what, th, h, "%.17g above P(alive) (r+x) t/(alpha+T) = %.17g", e,
                            exp(log(pa) + log_rate + log(t)));
                }
                prev_e = (st_e == CLV_OK) ? e : prev_e;
            }
            if (k == 0 || k == 3) {
                continue; /* the conditional pmf at two horizons */
            }
            double sum = 0.0, mean = 0.0, p0 = NAN;
            int all_ok = 1;
            for (int n = 0; n <= N_MAX; n++) {
                double p = NAN;
                int st = timed(m, F_PCOND, th, h, t, n, &p);
                if (st != CLV_OK) {
                    all_ok = 0;
                    continue;
                }
                if (!is_prob(p)) {
                    snprintf(what, sizeof what, "%s prob_cond(t = %g, n = %d)", mn, t, n);
                    failure(what, th, h, "value %.17g", p);
                    all_ok = 0;
                    continue;
                }
                p0 = (n == 0) ? p : p0;
                sum += p;
                mean += n * p;
            }
            snprintf(what, sizeof what, "%s prob_cond(t = %g) over n", mn, t);
            if (!le(sum, 1.0)) {
                failure(what, th, h, "sum %.17g above 1", sum);
            }
            /* 1 - pa is itself off by up to 2^-53 when pa is near 1 */
            if (st_pa == CLV_OK && isfinite(p0) && !le(1.0 - pa - 2.3e-16, p0)) {
                failure(what, th, h, "P(0 | h) %.17g below 1 - P(alive) = %.17g", p0, 1.0 - pa);
            }
            if (all_ok && st_e == CLV_OK) {
                if (!le(1.0 - e / (N_MAX + 1.0), sum)) {
                    failure(what, th, h, "sum %.17g, mean %.17g", sum, e);
                }
                if (!le(mean, e)) {
                    failure(what, th, h, "truncated mean %.17g above E %.17g", mean, e);
                }
            }
        }
        double prev_d = INFINITY;
        for (size_t k = 0; k < sizeof deltas / sizeof deltas[0]; k++) {
            double d = NAN, delta = deltas[k];
            snprintf(what, sizeof what, "%s dert(delta = %g)", mn, delta);
            if (timed(m, F_DERT, th, h, delta, 0.0, &d) != CLV_OK) {
                continue;
            }
            if (!(isfinite(d) && d >= 0.0)) {
                failure(what, th, h, "value %.17g", d);
            } else if (!le(d, prev_d)) {
                failure(what, th, h, "%.17g above the smaller delta's %.17g", d, prev_d);
            } else if (st_pa == CLV_OK && !le(d, exp(log(pa) + log_rate - log(delta)))) {
                failure(what, th, h, "%.17g above P(alive) (r+x)/((alpha+T) delta) = %.17g", d,
                        exp(log(pa) + log_rate - log(delta)));
            }
            prev_d = d;
        }
        /* The customer's value over 12 periods at 1% a period, against E[X(12) | h]. */
        double v = NAN, e12 = NAN;
        snprintf(what, sizeof what, "%s customer_value(12 periods, 1%%)", mn);
        if (timed(m, F_VALUE, th, h, 0.01, 12.0, &v) == CLV_OK) {
            if (!(isfinite(v) && v >= 0.0)) {
                failure(what, th, h, "value %.17g", v);
            } else if (call(m, F_COND, th, h, 12.0, 0.0, &e12) == CLV_OK &&
                       (!le(v, e12) || !le(pow(1.01, -12.0) * e12, v))) {
                failure(what, th, h, "%.17g outside [(1.01)^-12, 1] x E[X(12) | h] = %.17g", v,
                        e12);
            }
        }
    }
}

/* BG/BB: theta = (alpha, beta, gamma, delta), histories (x, t_x, n) in opportunities. */
static void sweep_bgbb(const double *th) {
    static const double hist[][3] = {{0.0, 0.0, 0.0}, {0.0, 0.0, 6.0}, {3.0, 5.0, 6.0},
                                     {20.0, 30.0, 40.0}};
    static const double ahead[] = {1.0, 5.0, 30.0};
    const double none[3] = {0.0, 0.0, 0.0};
    char what[64];
    for (size_t k = 0; k < sizeof ahead / sizeof ahead[0]; k++) {
        double n = ahead[k], e = NAN, sum = 0.0, mean = 0.0;
        int st_e = timed(3, F_NEW, th, none, n, 0.0, &e);
        int all_ok = 1;
        snprintf(what, sizeof what, "bgbb expected_new(n = %g)", n);
        if (st_e == CLV_OK && !(isfinite(e) && e >= 0.0 && le(e, n))) {
            failure(what, th, none, "value %.17g", e);
        }
        for (int x = 0; x <= (int)n; x++) {
            double p = NAN;
            if (timed(3, F_PROB, th, none, n, x, &p) != CLV_OK) {
                all_ok = 0;
                continue;
            }
            if (!is_prob(p)) {
                snprintf(what, sizeof what, "bgbb prob_purchases(n = %g, x = %d)", n, x);
                failure(what, th, none, "value %.17g", p);
                all_ok = 0;
                continue;
            }
            sum += p;
            mean += x * p;
        }
        snprintf(what, sizeof what, "bgbb prob_purchases(n = %g) over x", n);
        if (all_ok && fabs(sum - 1.0) > REL) {
            failure(what, th, none, "sum %.17g", sum);
        }
        if (all_ok && st_e == CLV_OK && fabs(mean - e) > REL * e + 1e-300) {
            failure(what, th, none, "mean %.17g, E %.17g", mean, e);
        }
    }
    for (size_t i = 0; i < sizeof hist / sizeof hist[0]; i++) {
        const double *h = hist[i];
        double pa = NAN;
        int st_pa = timed(3, F_PA, th, h, 0.0, 0.0, &pa);
        if (st_pa == CLV_OK && !is_prob(pa)) {
            failure("bgbb p_alive", th, h, "value %.17g", pa);
            st_pa = CLV_EDOM;
        }
        double prev = INFINITY;
        for (size_t k = 0; k < sizeof ahead / sizeof ahead[0]; k++) {
            double m = ahead[k], p = NAN;
            snprintf(what, sizeof what, "bgbb p_alive_at(m = %g)", m);
            if (timed(3, F_ALIVE_AT, th, h, m, 0.0, &p) == CLV_OK) {
                if (!is_prob(p) || !le(p, prev) || (st_pa == CLV_OK && !le(p, pa))) {
                    failure(what, th, h, "value %.17g (before %.17g, P(alive) %.17g)", p, prev,
                            pa);
                }
                prev = p;
            }
        }
        for (size_t k = 0; k < sizeof ahead / sizeof ahead[0]; k++) {
            double ns = ahead[k], e = NAN, sum = 0.0, mean = 0.0;
            int all_ok = 1;
            snprintf(what, sizeof what, "bgbb expected(n* = %g)", ns);
            int st_e = timed(3, F_COND, th, h, ns, 0.0, &e);
            if (st_e == CLV_OK && !(isfinite(e) && e >= 0.0 &&
                                    (st_pa != CLV_OK || le(e, pa * ns)))) {
                failure(what, th, h, "value %.17g (P(alive) %.17g)", e, pa);
            }
            for (int x = 0; x <= (int)ns; x++) {
                double p = NAN;
                if (timed(3, F_PCOND, th, h, ns, x, &p) != CLV_OK) {
                    all_ok = 0;
                    continue;
                }
                if (!is_prob(p)) {
                    snprintf(what, sizeof what, "bgbb prob_cond(n* = %g, x* = %d)", ns, x);
                    failure(what, th, h, "value %.17g", p);
                    all_ok = 0;
                    continue;
                }
                sum += p;
                mean += x * p;
            }
            snprintf(what, sizeof what, "bgbb prob_cond(n* = %g) over x*", ns);
            if (all_ok && fabs(sum - 1.0) > REL) {
                failure(what, th, h, "sum %.17g", sum);
            }
            if (all_ok && st_e == CLV_OK && fabs(mean - e) > REL * e + 1e-300) {
                failure(what, th, h, "mean %.17g, E %.17g", mean, e);
            }
        }
        double d = NAN;
        if (timed(3, F_DERT, th, h, 0.1, 0.0, &d) == CLV_OK &&
            !(isfinite(d) && d >= 0.0 && (st_pa != CLV_OK || le(d, pa * 11.0)))) {
            /* at most one purchase per opportunity: sum_k 1.1^-k = 10 (plus rounding) */
            failure("bgbb dert(0.1)", th, h, "value %.17g (P(alive) %.17g)", d, pa);
        }
    }
}

static void sweep_model(int m) {
    size_t stride = under_valgrind() ? VALGRIND_STRIDE : SWEEP_STRIDE;
    const char *env = getenv("CLV_EXTREMES_STRIDE"); /* a sample, when exploring */
    if (env != NULL && atoi(env) > 0) {
        stride = (size_t)atoi(env);
    }
    size_t combos = N_VALUES * N_VALUES * N_VALUES * N_VALUES;
    signal(SIGALRM, watchdog);
    for (size_t c = (size_t)m; c < combos; c += stride) {
        size_t i = c;
        double th[4];
        for (int j = 0; j < 4; j++) {
            th[j] = extreme_values[i % N_VALUES];
            i /= N_VALUES;
        }
        alarm(WATCHDOG_SECONDS); /* a call that never returns ends the program */
        if (m == 3) {
            sweep_bgbb(th);
        } else {
            sweep_continuous(m, th);
        }
        alarm(0);
    }
}

/* The slowest call of each function of model m, timed again (fastest of ATTEMPTS). */
static void check_slowest(int m) {
    for (int fn = 0; fn < N_FN; fn++) {
        slowest *w = &slow[m][fn];
        if (w->seconds == 0.0) {
            continue;
        }
        double best = w->seconds;
        double v;
        for (int k = 0; k < ATTEMPTS && best > BUDGET_SECONDS && budget_skip() == NULL; k++) {
            double t0 = now();
            (void)call(m, fn, w->theta, w->h, w->arg, w->arg2, &v);
            best = fmin(best, now() - t0);
        }
        print_message("# slowest %s_%s: %.3f ms (then %.3f ms) at (%.6g, %.6g, %.6g, %.6g) "
                      "h = (%g, %g, %g), args %g, %g\n",
                      model_names[m], fn_names[fn], 1e3 * w->seconds, 1e3 * best, w->theta[0],
                      w->theta[1], w->theta[2], w->theta[3], w->h[0], w->h[1], w->h[2], w->arg, w->arg2);
        if (budget_skip() == NULL && best > BUDGET_SECONDS) {
            char what[64];
            snprintf(what, sizeof what, "%s %s time", model_names[m], fn_names[fn]);
            failure(what, w->theta, w->h, "%.3f ms", 1e3 * best);
        }
    }
}

static void run_model(int m) {
    n_failures = n_known = 0;
    n_calls = n_ok = 0;
    double t0 = now();
    sweep_model(m);
    print_message("# %s: %ld calls (%ld CLV_OK) in %.2f s\n", model_names[m], n_calls, n_ok,
                  now() - t0);
    check_slowest(m);
    if (n_known > 0) {
        print_message("# %s: %d known failures (not asserted, see known_prefixes)\n",
                      model_names[m], n_known);
    }
    if (budget_skip() != NULL) {
        print_message("# time budgets not checked: %s\n", budget_skip());
    }
    if (n_failures > 0) {
        fail_msg("%s: %d property failures with CLV_OK (the first are printed above)",
                 model_names[m], n_failures);
    }
}

static void test_bgnbd_predictions_keep_their_properties_at_extreme_parameters(void **state) {
    (void)state;
    run_model(0);
}

static void test_mbgnbd_predictions_keep_their_properties_at_extreme_parameters(void **state) {
    (void)state;
    run_model(1);
}

static void test_pnbd_predictions_keep_their_properties_at_extreme_parameters(void **state) {
    (void)state;
    run_model(2);
}

static void test_bgbb_predictions_keep_their_properties_at_extreme_parameters(void **state) {
    (void)state;
    run_model(3);
}

/* ---- the cases the sweep found, against mpmath (tests/oracles/extremes_oracles.py) -------- */

#define ORACLE_FILE "oracles/extremes_oracles.txt"
#define ORACLE_BUDGET 0.001 /* one customer, any parameters (issue 21): 1 ms */

static int oracle_call(const char *kind, const double *in, double *v) {
    if (strcmp(kind, "bgnbd_prob") == 0 || strcmp(kind, "mbgnbd_prob") == 0) {
        int m = (kind[0] == 'm') ? 1 : 0;
        const double none[3] = {0.0, 0.0, 0.0};
        return call(m, F_PROB, in, none, in[4], in[5], v);
    }
    if (strcmp(kind, "bgnbd_palive") == 0 || strcmp(kind, "mbgnbd_palive") == 0) {
        return call((kind[0] == 'm') ? 1 : 0, F_PA, in, in + 4, 0.0, 0.0, v);
    }
    if (strcmp(kind, "bgnbd_cond") == 0) {
        return call(0, F_COND, in, in + 4, in[7], 0.0, v);
    }
    if (strcmp(kind, "pnbd_prob") == 0) {
        const double none[3] = {0.0, 0.0, 0.0};
        return call(2, F_PROB, in, none, in[4], in[5], v);
    }
    if (strcmp(kind, "pnbd_palive") == 0) {
        return call(2, F_PA, in, in + 4, 0.0, 0.0, v);
    }
    if (strcmp(kind, "pnbd_cond") == 0) {
        return call(2, F_COND, in, in + 4, in[7], 0.0, v);
    }
    if (strcmp(kind, "pnbd_dert") == 0) {
        return call(2, F_DERT, in, in + 4, in[7], 0.0, v);
    }
    if (strncmp(kind, "bgbb_", 5) == 0) { /* (alpha, beta, gamma, delta), then as named */
        const double none[3] = {0.0, 0.0, 0.0};
        const char *k = kind + 5;
        return strcmp(k, "prob") == 0     ? call(3, F_PROB, in, none, in[4], in[5], v)
               : strcmp(k, "new") == 0    ? call(3, F_NEW, in, none, in[4], 0.0, v)
               : strcmp(k, "palive") == 0 ? call(3, F_PA, in, in + 4, 0.0, 0.0, v)
               : strcmp(k, "cond") == 0   ? call(3, F_COND, in, in + 4, in[7], 0.0, v)
               : strcmp(k, "pcond") == 0  ? call(3, F_PCOND, in, in + 4, in[7], in[8], v)
               : strcmp(k, "dert") == 0   ? call(3, F_DERT, in, in + 4, in[7], 0.0, v)
                                          : CLV_EINVAL;
    }
    fail_msg("unknown oracle kind %s", kind);
    return CLV_EINVAL;
}

/* Each case: CLV_OK and within 1e-9 relative of the 40+ digit value (the library's accuracy
 * promise), with an absolute floor of 1e-300 for values that underflow; and, in optimised
 * builds without sanitizers, the fastest of ATTEMPTS calls within ORACLE_BUDGET. */
static void test_found_cases_match_mpmath(void **state) {
    (void)state;
    FILE *f = fopen(ORACLE_FILE, "r");
    assert_non_null(f);
    char line[1024];
    int cases = 0;
    while (fgets(line, sizeof line, f) != NULL) {
        if (line[0] == '#' || line[0] == '\n' || line[0] == '\0') {
            continue;
        }
        line[strcspn(line, "\n")] = '\0';
        char kind[32];
        double in[10];
        int used = 0, k = 0;
        assert_int_equal(sscanf(line, "%31s%n", kind, &used), 1);
        const char *p = line + used;
        while (k < 10 && sscanf(p, "%lf%n", &in[k], &used) == 1) {
            p += used;
            k++;
        }
        assert_true(k >= 2);
        double exact = in[k - 1], v = NAN, best = INFINITY;
        int st = CLV_OK;
        for (int a = 0; a < ATTEMPTS; a++) {
            double t0 = now();
            st = oracle_call(kind, in, &v);
            best = fmin(best, now() - t0);
        }
        if (st != CLV_OK || !(fabs(v - exact) <= REL * fabs(exact) + 1e-300)) {
            fail_msg("%s: status %d, value %.17g", line, st, v);
        }
        if (budget_skip() == NULL && best > ORACLE_BUDGET) {
            fail_msg("%s: %.3f ms, over the %g ms budget", line, 1e3 * best, 1e3 * ORACLE_BUDGET);
        }
        cases++;
    }
    fclose(f);
    print_message("# %d cases from %s\n", cases, ORACLE_FILE);
    assert_true(cases >= 20);
}

int main(void) {
    (void)within_budget; /* timebomb.h's; the sweep times its own calls */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_found_cases_match_mpmath),
        cmocka_unit_test(test_bgnbd_predictions_keep_their_properties_at_extreme_parameters),
        cmocka_unit_test(test_mbgnbd_predictions_keep_their_properties_at_extreme_parameters),
        cmocka_unit_test(test_pnbd_predictions_keep_their_properties_at_extreme_parameters),
        cmocka_unit_test(test_bgbb_predictions_keep_their_properties_at_extreme_parameters),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
