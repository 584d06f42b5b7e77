/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * libFuzzer harness: every public scalar entry point of clv.h, churn.h and referral.h, called
 * with doubles, flags and a string taken from the input, and checked against the contract of
 * the headers. A violation prints the function and its arguments and aborts, which libFuzzer
 * reports as a crash and saves as an artifact.
 *
 * Input layout (short inputs are zero-padded, so every input is usable):
 *   bytes  0..87  11 little-endian doubles a[0..10]
 *   bytes 88..91  int32 flag: the timing / method argument, also passed to clv_strerror()
 *   bytes 92..95  int32 selector:
 *                   bit 0     0 = raw mode: the doubles are passed as they are;
 *                             1 = mapped mode: each argument is folded into its domain
 *                                 (rates into [0, 1], counts to |x|, horizons to whole
 *                                 numbers, flags to 0..2; NaN and infinities stay), so the
 *                                 computing code is reached far more often than by chance;
 *                   bit 1     1 = fixed-point mode: each double slot is read as an int32
 *                                 (its low 4 bytes) / 65536, a value in [-32768, 32768) with
 *                                 a step of 2^-16, so that ordinary magnitudes and ratios
 *                                 between arguments, which random bit patterns of doubles
 *                                 almost never give, are common (combines with bit 0);
 *                   bits 8-11 rotation: argument i of every call is a[(i + rotation) % 11]
 *   bytes 96..    the name given to clv_constant() (NUL-terminated copy, at most 63 bytes)
 *
 * Contract checked for every call (include/clv.h, "Conventions"):
 * - the status is one of the documented codes, CLV_OK (0) .. CLV_EIDENT (-9);
 * - on an error every output still holds the sentinel bytes it was filled with;
 * - on CLV_OK every output is finite and not NaN, except the documented +INFINITY times of
 *   clv_payback_periods(), clv_expected_lifetime() and clv_median_lifetime();
 * - an input the header calls invalid (NaN, infinity, negative count, rate outside [0, 1],
 *   unknown flag, ...) is never accepted;
 * - results stay in their documented ranges (rates and probabilities in [0, 1], NPS in
 *   [-100, 100], interval lower <= upper) and obey the identities the header states.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "churn.h"
#include "clv.h"
#include "referral.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NVAL 11
#define NAME_MAX_LEN 63
#define SENTINEL 0xA5

/* ---------------------------------------------------------------------------------------- */
/* Failure report: the function, the violated condition and the arguments of the call.     */

static const char *cur_fn = "";
static double cur_args[8];
static int cur_nargs;
static int cur_flag;

static void set_call(const char *fn, int flag, int nargs, const double *args) {
    cur_fn = fn;
    cur_flag = flag;
    cur_nargs = nargs;
    for (int i = 0; i < nargs; i++) {
        cur_args[i] = args[i];
    }
}

static void fail(const char *what, int line) {
    fprintf(stderr, "\nCONTRACT VIOLATION in %s: %s (fuzz_closed_forms.c:%d)\n", cur_fn, what,
            line);
    for (int i = 0; i < cur_nargs; i++) {
        fprintf(stderr, "  arg[%d] = %.17g (%a)\n", i, cur_args[i], cur_args[i]);
    }
    fprintf(stderr, "  flag = %d\n", cur_flag);
    abort();
}

#include "fuzz_common.h"

static int untouched(const void *p, size_t n) {
    return untouched_bytes(p, n, SENTINEL);
}

/* ---------------------------------------------------------------------------------------- */
/* Predicates.                                                                               */

static int valid_status(int st) {
    return st <= CLV_OK && st >= CLV_EIDENT;
}

static int is_finite(double x) {
    return isfinite(x) != 0;
}

static int is_nonneg(double x) {
    return isfinite(x) && x >= 0.0;
}

static int is_positive(double x) {
    return isfinite(x) && x > 0.0;
}

static int is_prob(double x) {
    return x >= 0.0 && x <= 1.0;
}

static int is_horizon(double h) {
    return (isinf(h) && h > 0.0) || (isfinite(h) && h >= 0.0 && floor(h) == h);
}

static int is_timing(int t) {
    return t == CLV_MARGIN_END || t == CLV_MARGIN_START;
}

static int is_method(int m) {
    return m == CLV_CHURN_START || m == CLV_CHURN_AVERAGE || m == CLV_CHURN_EXPOSED;
}

/* A time: not NaN, >= 0, possibly +INFINITY. */
static int is_time(double x) {
    return !isnan(x) && x >= 0.0;
}

/* |x - y| small relative to their size; exact for equal values, infinities included. */
static int close_to(double x, double y, double rel) {
    if (x == y) {
        return 1;
    }
    double scale = fmax(fabs(x), fabs(y));
    return fabs(x - y) <= rel * scale || fabs(x - y) <= 1e-300;
}

static void fill(void *p, size_t n) {
    memset(p, SENTINEL, n);
}

/* Every status, including those a function returned, must have a non-empty static message;
 * a value that is no libclv status is "unknown status". */
static void check_strerror(int st) {
    const char *msg = clv_strerror(st);
    NEED(msg != NULL);
    NEED(msg[0] != '\0');
    NEED(strlen(msg) < 1024);
    if (valid_status(st)) {
        NEED(strcmp(msg, "unknown status") != 0);
    } else {
        NEED(strcmp(msg, "unknown status") == 0);
    }
}

/* The common part of every check: a documented status; on error, untouched outputs. */
static void check_common(int st, int expect_error, const void *out, size_t out_size) {
    NEED(valid_status(st));
    if (expect_error) {
        NEED(st != CLV_OK);
    }
    if (st != CLV_OK) {
        NEED(untouched(out, out_size));
    }
    check_strerror(st);
}

/* ---------------------------------------------------------------------------------------- */
/* Arguments: raw, or folded into their domain in mapped mode.                              */

enum kind { ANY, NONNEG, PROB, HORIZON };

typedef struct args {
    double v[NVAL];
    int mapped;
    int rotation;
    int flag;
} args;

static double fold_prob(double x) {
    if (!isfinite(x)) {
        return x;
    }
    double a = fabs(x);
    return a <= 1.0 ? a : fmod(a, 1.0);
}

static double arg(const args *in, int i, enum kind k) {
    double x = in->v[(i + in->rotation) % NVAL];
    if (!in->mapped) {
        return x;
    }
    switch (k) {
    case NONNEG:
        return fabs(x);
    case PROB:
        return fold_prob(x);
    case HORIZON:
        return isfinite(x) ? floor(fabs(x)) : fabs(x);
    case ANY:
    default:
        return x;
    }
}

static int flag_arg(const args *in) {
    if (!in->mapped) {
        return in->flag;
    }
    return (int)((unsigned)in->flag % 3u);
}

/* ---------------------------------------------------------------------------------------- */
/* clv.h                                                                                    */

static void fuzz_simple_value(const args *in) {
    double a[3] = {arg(in, 0, ANY), arg(in, 1, NONNEG), arg(in, 2, NONNEG)};
    set_call("clv_simple_value", 0, 3, a);
    double v;
    fill(&v, sizeof v);
    int st = clv_simple_value(a[0], a[1], a[2], &v);
    int bad = !is_finite(a[0]) || !is_nonneg(a[1]) || !is_nonneg(a[2]);
    check_common(st, bad, &v, sizeof v);
    if (st == CLV_OK) {
        NEED(is_finite(v));
    }
    NEED(clv_simple_value(a[0], a[1], a[2], NULL) == CLV_EINVAL);
}

/* clv_retention_value() and clv_margin_multiple() with the same rates, horizon and timing. */
static void fuzz_retention_value(const args *in) {
    double a[4] = {arg(in, 0, ANY), arg(in, 1, PROB), arg(in, 2, NONNEG), arg(in, 3, HORIZON)};
    int timing = flag_arg(in);
    set_call("clv_margin_multiple / clv_retention_value", timing, 4, a);
    int bad_rates = !is_prob(a[1]) || !is_nonneg(a[2]) || !is_horizon(a[3]) || !is_timing(timing);
    int diverges = !bad_rates && isinf(a[3]) && a[1] == 1.0 && a[2] == 0.0;

    double mult;
    fill(&mult, sizeof mult);
    int st_m = clv_margin_multiple(a[1], a[2], a[3], timing, &mult);
    check_common(st_m, bad_rates || diverges, &mult, sizeof mult);
    if (diverges) {
        NEED(st_m == CLV_EDIVERGE);
    }
    if (st_m == CLV_OK) {
        NEED(is_finite(mult));
        NEED(mult >= 0.0);
        if (a[3] == 0.0) {
            NEED(mult == 0.0); /* no margin counted */
        }
    }
    NEED(clv_margin_multiple(a[1], a[2], a[3], timing, NULL) == CLV_EINVAL);

    double v;
    fill(&v, sizeof v);
    int st_v = clv_retention_value(a[0], a[1], a[2], a[3], timing, &v);
    check_common(st_v, bad_rates || diverges || !is_finite(a[0]), &v, sizeof v);
    if (diverges && is_finite(a[0])) {
        NEED(st_v == CLV_EDIVERGE);
    }
    if (st_v == CLV_OK) {
        NEED(is_finite(v));
        NEED(st_m == CLV_OK);
        NEED(close_to(v, a[0] * mult, 1e-14)); /* CLV = margin x multiple */
    }
    NEED(clv_retention_value(a[0], a[1], a[2], a[3], timing, NULL) == CLV_EINVAL);
}

static void fuzz_cac(const args *in) {
    double a[3] = {arg(in, 0, NONNEG), arg(in, 1, NONNEG), arg(in, 2, ANY)};
    set_call("clv_cac / clv_ltv_cac_ratio", 0, 3, a);
    double cac;
    fill(&cac, sizeof cac);
    int st = clv_cac(a[0], a[1], &cac);
    check_common(st, !is_nonneg(a[0]) || !is_positive(a[1]), &cac, sizeof cac);
    if (st == CLV_OK) {
        NEED(is_finite(cac));
        NEED(cac >= 0.0);
    }
    NEED(clv_cac(a[0], a[1], NULL) == CLV_EINVAL);

    /* LTV:CAC with a[2] as the lifetime value and a[1] as the CAC. */
    double ratio;
    fill(&ratio, sizeof ratio);
    st = clv_ltv_cac_ratio(a[2], a[1], &ratio);
    check_common(st, !is_finite(a[2]) || !is_positive(a[1]), &ratio, sizeof ratio);
    if (st == CLV_OK) {
        NEED(is_finite(ratio));
    }
    NEED(clv_ltv_cac_ratio(a[2], a[1], NULL) == CLV_EINVAL);
}

static void fuzz_payback(const args *in) {
    double a[4] = {arg(in, 0, NONNEG), arg(in, 1, NONNEG), arg(in, 2, PROB), arg(in, 3, NONNEG)};
    int timing = flag_arg(in);
    set_call("clv_payback_periods", timing, 4, a);
    double n;
    fill(&n, sizeof n);
    int st = clv_payback_periods(a[0], a[1], a[2], a[3], timing, &n);
    int bad = !is_nonneg(a[0]) || !is_positive(a[1]) || !is_prob(a[2]) || !is_nonneg(a[3]) ||
              !is_timing(timing);
    check_common(st, bad, &n, sizeof n);
    if (st == CLV_OK) {
        NEED(is_time(n)); /* not NaN, >= 0, +INFINITY allowed */
        if (a[0] == 0.0) {
            NEED(n == 0.0);
        }
    }
    NEED(clv_payback_periods(a[0], a[1], a[2], a[3], timing, NULL) == CLV_EINVAL);
}

static void fuzz_discount_convert(const args *in) {
    double a[3] = {arg(in, 0, ANY), arg(in, 1, NONNEG), arg(in, 2, NONNEG)};
    set_call("clv_discount_rate_convert", 0, 3, a);
    double c;
    fill(&c, sizeof c);
    int st = clv_discount_rate_convert(a[0], a[1], a[2], &c);
    int bad = !is_finite(a[0]) || !(a[0] > -1.0) || !is_positive(a[1]) || !is_positive(a[2]);
    check_common(st, bad, &c, sizeof c);
    if (st == CLV_OK) {
        NEED(is_finite(c));
        NEED(c >= -1.0);
        if (a[1] == a[2]) {
            NEED(close_to(c, a[0], 1e-12)); /* same period: same rate */
        }
        if (a[0] == 0.0) {
            NEED(c == 0.0);
        }
    }
    NEED(clv_discount_rate_convert(a[0], a[1], a[2], NULL) == CLV_EINVAL);
}

/* ---------------------------------------------------------------------------------------- */
/* churn.h                                                                                  */

static void fuzz_churn_rate(const args *in) {
    double a[3] = {arg(in, 0, NONNEG), arg(in, 1, NONNEG), arg(in, 2, NONNEG)};
    int method = flag_arg(in);
    set_call("clv_churn_rate", method, 3, a);
    double out[2];
    fill(out, sizeof out);
    int st = clv_churn_rate(a[0], a[1], a[2], method, &out[0], &out[1]);
    int bad = !is_nonneg(a[0]) || !is_nonneg(a[1]) || !is_nonneg(a[2]) || !is_method(method);
    if (!bad) {
        if (method == CLV_CHURN_START) {
            bad = a[1] > a[0];
        } else {
            bad = a[1] > a[0] + a[2];
        }
    }
    check_common(st, bad, out, sizeof out);
    if (st == CLV_OK) {
        NEED(is_prob(out[0]));
        NEED(is_prob(out[1]));
        NEED(fabs(out[0] + out[1] - 1.0) <= 0x1p-52); /* retention = 1 - churn */
    }
    NEED(clv_churn_rate(a[0], a[1], a[2], method, NULL, &out[1]) == CLV_EINVAL);
    NEED(clv_churn_rate(a[0], a[1], a[2], method, &out[0], NULL) == CLV_EINVAL);
}

/* clv_churn_convert() and clv_retention_convert() on the same rate and lengths. */
static void fuzz_rate_convert(const args *in) {
    double a[3] = {arg(in, 0, PROB), arg(in, 1, NONNEG), arg(in, 2, NONNEG)};
    int bad = !is_prob(a[0]) || !is_positive(a[1]) || !is_positive(a[2]);

    set_call("clv_churn_convert", 0, 3, a);
    double c;
    fill(&c, sizeof c);
    int st = clv_churn_convert(a[0], a[1], a[2], &c);
    check_common(st, bad, &c, sizeof c);
    if (st == CLV_OK) {
        NEED(!isnan(c));
        NEED(is_prob(c));
        /* 1 - c_to = (1 - c)^(to/from) with to/from > 0: 0 stays 0, 1 stays 1. */
        if (a[0] == 0.0) {
            NEED(c == 0.0);
        }
        if (a[0] == 1.0) {
            NEED(c == 1.0);
        }
        if (a[1] == a[2]) {
            NEED(close_to(c, a[0], 1e-12));
        }
    }
    NEED(clv_churn_convert(a[0], a[1], a[2], NULL) == CLV_EINVAL);

    set_call("clv_retention_convert", 0, 3, a);
    double r;
    fill(&r, sizeof r);
    st = clv_retention_convert(a[0], a[1], a[2], &r);
    check_common(st, bad, &r, sizeof r);
    if (st == CLV_OK) {
        NEED(!isnan(r));
        NEED(is_prob(r));
        /* r_to = r^(to/from) with to/from > 0: 0 stays 0, 1 stays 1. */
        if (a[0] == 0.0) {
            NEED(r == 0.0);
        }
        if (a[0] == 1.0) {
            NEED(r == 1.0);
        }
        if (a[1] == a[2]) {
            NEED(close_to(r, a[0], 1e-12));
        }
    }
    NEED(clv_retention_convert(a[0], a[1], a[2], NULL) == CLV_EINVAL);
}

/* clv_expected_lifetime() and clv_median_lifetime() of the same churn rate. */
static void fuzz_lifetimes(const args *in) {
    double a[1] = {arg(in, 0, PROB)};
    int bad = !is_prob(a[0]);

    set_call("clv_expected_lifetime", 0, 1, a);
    double mean;
    fill(&mean, sizeof mean);
    int st_e = clv_expected_lifetime(a[0], &mean);
    check_common(st_e, bad, &mean, sizeof mean);
    if (st_e == CLV_OK) {
        NEED(is_time(mean));
        NEED(mean >= 1.0);
        if (a[0] == 0.0) {
            NEED(isinf(mean) && mean > 0.0);
        }
        if (a[0] == 1.0) {
            NEED(mean == 1.0);
        }
    }
    NEED(clv_expected_lifetime(a[0], NULL) == CLV_EINVAL);

    set_call("clv_median_lifetime", 0, 1, a);
    double median;
    fill(&median, sizeof median);
    int st_m = clv_median_lifetime(a[0], &median);
    check_common(st_m, bad, &median, sizeof median);
    if (st_m == CLV_OK) {
        NEED(is_time(median));
        if (a[0] == 0.0) {
            NEED(isinf(median) && median > 0.0);
        }
        if (a[0] == 1.0) {
            NEED(median == 0.0);
        }
        /* log 2 / -log(1 - c) <= log 2 / c < 1 / c: the median is below the mean. */
        if (st_e == CLV_OK) {
            NEED(median <= mean);
        }
    }
    NEED(clv_median_lifetime(a[0], NULL) == CLV_EINVAL);
}

static void fuzz_retention_gain(const args *in) {
    double a[5] = {arg(in, 0, ANY), arg(in, 1, PROB), arg(in, 2, NONNEG), arg(in, 3, ANY),
                   arg(in, 4, HORIZON)};
    int timing = flag_arg(in);
    if (in->mapped && isfinite(a[3])) {
        /* keep r + gain in [0, 1] often: gain = folded value - r */
        a[3] = fold_prob(a[3]) - a[1];
    }
    set_call("clv_retention_gain", timing, 5, a);
    clv_retention_effect e;
    fill(&e, sizeof e);
    int st = clv_retention_gain(a[0], a[1], a[2], a[3], a[4], timing, &e);
    double improved = a[1] + a[3];
    int bad = !is_finite(a[0]) || a[0] == 0.0 || !is_finite(a[3]) || !is_prob(a[1]) ||
              !is_prob(improved) || !is_nonneg(a[2]) || !is_horizon(a[4]) || !is_timing(timing) ||
              a[4] == 0.0 || (a[1] == 0.0 && timing == CLV_MARGIN_END) ||
              (isinf(a[4]) && a[2] == 0.0 && (a[1] == 1.0 || improved == 1.0));
    check_common(st, bad, &e, sizeof e);
    if (st == CLV_OK) {
        NEED(is_finite(e.value_before));
        NEED(is_finite(e.value_after));
        NEED(is_finite(e.value_change));
        NEED(is_finite(e.relative_change));
        NEED(e.value_before != 0.0);
        NEED(close_to(e.value_change, e.value_after - e.value_before, 1e-14));
        NEED(close_to(e.relative_change, e.value_change / e.value_before, 1e-14));
        /* value_before is clv_retention_value() at r */
        double v;
        NEED(clv_retention_value(a[0], a[1], a[2], a[4], timing, &v) == CLV_OK);
        NEED(close_to(v, e.value_before, 1e-14));
    }
    NEED(clv_retention_gain(a[0], a[1], a[2], a[3], a[4], timing, NULL) == CLV_EINVAL);
}

static void fuzz_churn_economics(const args *in) {
    double a[8];
    for (int i = 0; i < 8; i++) {
        a[i] = arg(in, i, NONNEG);
    }
    set_call("clv_churn_economics", 0, 8, a);
    clv_churn_counts counts;
    counts.churned_customers = a[0];
    counts.purchase_new = a[1];
    counts.purchase_loyal = a[2];
    counts.loyal_periods = a[3];
    counts.profit_loyal = a[4];
    counts.acquisition_spend = a[5];
    counts.new_customers = a[6];
    counts.rework_cost = a[7];
    int bad = !is_positive(a[6]);
    for (int i = 0; i < 8; i++) {
        bad |= !is_nonneg(a[i]);
    }
    clv_churn_costs c;
    fill(&c, sizeof c);
    int st = clv_churn_economics(&counts, &c);
    check_common(st, bad, &c, sizeof c);
    if (st == CLV_OK) {
        const double all[8] = {c.cac,           c.loyal_lifetime_value,     c.lost_lifetime_value,
                               c.lost_revenue,  c.replacement_cost,         c.revenue_gap,
                               c.cost_of_churn, c.breakeven_retention_spend};
        for (int i = 0; i < 8; i++) {
            NEED(is_finite(all[i]));
        }
        /* Everything but the revenue gap is a sum of products of counts >= 0. */
        NEED(c.cac >= 0.0);
        NEED(c.loyal_lifetime_value >= 0.0);
        NEED(c.lost_lifetime_value >= 0.0);
        NEED(c.lost_revenue >= 0.0);
        NEED(c.replacement_cost >= 0.0);
        NEED(c.cost_of_churn >= 0.0);
        NEED(c.breakeven_retention_spend >= 0.0);
    }
    NEED(clv_churn_economics(NULL, &c) == CLV_EINVAL);
    NEED(clv_churn_economics(&counts, NULL) == CLV_EINVAL);
}

/* ---------------------------------------------------------------------------------------- */
/* referral.h                                                                               */

static void fuzz_wom(const args *in) {
    double a[7] = {arg(in, 0, NONNEG), arg(in, 1, NONNEG), arg(in, 2, PROB), arg(in, 3, PROB),
                   arg(in, 4, NONNEG), arg(in, 5, NONNEG), arg(in, 6, ANY)};
    set_call("clv_wom_first_generation", 0, 7, a);
    clv_wom_params p;
    NEED(clv_wom_params_init(&p) == CLV_OK);
    NEED(p.told_satisfied == CLV_WOM_TOLD_SATISFIED);
    NEED(p.told_dissatisfied == CLV_WOM_TOLD_DISSATISFIED);
    NEED(p.conversion == 0.0 && p.deterrence == 0.0);
    NEED(clv_wom_params_init(NULL) == CLV_EINVAL);
    p.told_satisfied = a[0];
    p.told_dissatisfied = a[1];
    p.conversion = a[2];
    p.deterrence = a[3];
    int bad = !is_nonneg(a[0]) || !is_nonneg(a[1]) || !is_prob(a[2]) || !is_prob(a[3]) ||
              !is_nonneg(a[4]) || !is_nonneg(a[5]) || !is_finite(a[6]);
    clv_wom_reach r;
    fill(&r, sizeof r);
    int st = clv_wom_first_generation(&p, a[4], a[5], a[6], &r);
    check_common(st, bad, &r, sizeof r);
    if (st == CLV_OK) {
        const double all[8] = {r.told_positive,      r.told_negative, r.customers_won,
                               r.customers_deterred, r.net_customers, r.value_won,
                               r.value_lost,         r.net_value};
        for (int i = 0; i < 8; i++) {
            NEED(is_finite(all[i]));
        }
        NEED(r.told_positive >= 0.0 && r.told_negative >= 0.0);
        NEED(r.customers_won >= 0.0 && r.customers_won <= r.told_positive);
        NEED(r.customers_deterred >= 0.0 && r.customers_deterred <= r.told_negative);
    }
    NEED(clv_wom_first_generation(NULL, a[4], a[5], a[6], &r) == CLV_EINVAL);
    NEED(clv_wom_first_generation(&p, a[4], a[5], a[6], NULL) == CLV_EINVAL);
}

/* clv_nps_interval() of a score, computed by the library or arbitrary. */
static void check_interval(const clv_nps *s, double level) {
    double lu[2];
    fill(lu, sizeof lu);
    int st = clv_nps_interval(s, level, &lu[0], &lu[1]);
    int bad = !(level > 0.0 && level < 1.0) || !is_finite(s->nps) || !(s->nps >= -100.0) ||
              !(s->nps <= 100.0) || !is_finite(s->std_error) || !(s->std_error >= 0.0) ||
              !is_finite(s->n) || !(s->n > 0.0);
    check_common(st, bad, lu, sizeof lu);
    if (st == CLV_OK) {
        NEED(is_finite(lu[0]) && is_finite(lu[1]));
        NEED(lu[0] <= lu[1]);
        NEED(lu[0] >= -100.0 && lu[1] <= 100.0);
        NEED(lu[0] <= s->nps && s->nps <= lu[1]); /* nps -/+ z SE with z >= 0 */
        /* For a level in (0, 1) the quantile z of (1 + level) / 2 is below 38.5 in doubles,
         * so the interval is never wider than nps +/- 40 SE (before clipping). */
        double half = 40.0 * s->std_error;
        NEED(lu[0] >= fmax(-100.0, s->nps - half));
        NEED(lu[1] <= fmin(100.0, s->nps + half));
    }
    NEED(clv_nps_interval(NULL, level, &lu[0], &lu[1]) == CLV_EINVAL);
    NEED(clv_nps_interval(s, level, NULL, &lu[1]) == CLV_EINVAL);
    NEED(clv_nps_interval(s, level, &lu[0], NULL) == CLV_EINVAL);
}

static void fuzz_nps(const args *in) {
    double a[4] = {arg(in, 0, NONNEG), arg(in, 1, NONNEG), arg(in, 2, NONNEG), arg(in, 3, PROB)};
    set_call("clv_nps_from_counts / clv_nps_interval", 0, 4, a);
    clv_nps s;
    fill(&s, sizeof s);
    int st = clv_nps_from_counts(a[0], a[1], a[2], &s);
    int bad =
        !is_nonneg(a[0]) || !is_nonneg(a[1]) || !is_nonneg(a[2]) || !(a[0] + a[1] + a[2] > 0.0);
    check_common(st, bad, &s, sizeof s);
    if (st == CLV_OK) {
        NEED(s.promoters == a[0] && s.passives == a[1] && s.detractors == a[2]);
        NEED(is_finite(s.n) && s.n > 0.0);
        NEED(close_to(s.n, a[0] + a[1] + a[2], 1e-15));
        NEED(is_finite(s.nps) && s.nps >= -100.0 && s.nps <= 100.0);
        NEED(is_finite(s.variance) && s.variance >= 0.0 && s.variance <= 1.0);
        NEED(is_finite(s.std_error) && s.std_error >= 0.0);
        check_interval(&s, a[3]);
        check_interval(&s, 0.95);
    }
    NEED(clv_nps_from_counts(a[0], a[1], a[2], NULL) == CLV_EINVAL);

    /* clv_nps_interval() on an arbitrary struct: it must reject what is no score. */
    double b[8] = {arg(in, 4, ANY), arg(in, 5, ANY), arg(in, 6, ANY),  arg(in, 7, ANY),
                   arg(in, 8, ANY), arg(in, 9, ANY), arg(in, 10, ANY), a[3]};
    set_call("clv_nps_interval (raw struct)", 0, 8, b);
    clv_nps raw = {b[0], b[1], b[2], b[3], b[4], b[5], b[6]};
    check_interval(&raw, b[7]);
}

/* The branching model of word of mouth: clv_wom_reproduction_number, clv_wom_total,
 * clv_wom_time_to_reach (checked against clv_wom_generations for short answers) and
 * clv_wom_dissatisfied_cost on one set of parameters. */
static void fuzz_wom_branching(const args *in) {
    double a[11] = {arg(in, 0, NONNEG), arg(in, 1, NONNEG), arg(in, 2, PROB),    arg(in, 3, PROB),
                    arg(in, 4, PROB),   arg(in, 5, NONNEG), arg(in, 6, NONNEG),  arg(in, 7, ANY),
                    arg(in, 8, NONNEG), arg(in, 9, NONNEG), arg(in, 10, HORIZON)};
    set_call("clv_wom_reproduction_number / _total / _time_to_reach / _dissatisfied_cost", 0, 8, a);
    clv_wom_params p = {a[0], a[1], a[2], a[3]};
    double s = a[4];
    int bad_params =
        !is_nonneg(a[0]) || !is_nonneg(a[1]) || !is_prob(a[2]) || !is_prob(a[3]) || !is_prob(s);

    double r;
    fill(&r, sizeof r);
    int st = clv_wom_reproduction_number(&p, s, &r);
    check_common(st, bad_params, &r, sizeof r);
    NEED(st == CLV_OK || bad_params);
    if (st == CLV_OK) {
        NEED(is_nonneg(r));
        NEED(close_to(r, s * a[0] * a[2], 1e-15));
    }
    NEED(clv_wom_reproduction_number(NULL, s, &r) == CLV_EINVAL);
    NEED(clv_wom_reproduction_number(&p, s, NULL) == CLV_EINVAL);

    /* totals */
    clv_wom_totals t;
    fill(&t, sizeof t);
    int bad_total = bad_params || !is_nonneg(a[5]) || !is_nonneg(a[6]) || !is_finite(a[7]);
    int grows = !bad_total && r >= 1.0 && a[0] * a[2] > 0.0 && a[5] > 0.0;
    st = clv_wom_total(&p, s, a[5], a[6], a[7], &t);
    check_common(st, bad_total || grows, &t, sizeof t);
    if (grows) {
        NEED(st == CLV_EDIVERGE);
    }
    if (!bad_total && !grows) {
        NEED(st == CLV_OK || st == CLV_ERANGE);
    }
    if (st == CLV_OK) {
        const double all[9] = {t.reproduction_number, t.customers_won,      t.satisfied_won,
                               t.dissatisfied_won,    t.customers_deterred, t.net_customers,
                               t.value_won,           t.value_lost,         t.net_value};
        for (int i = 0; i < 9; i++) {
            NEED(is_finite(all[i]));
        }
        NEED(t.reproduction_number == r);
        NEED(t.customers_won >= 0.0 && t.customers_deterred >= 0.0);
        NEED(close_to(t.satisfied_won + t.dissatisfied_won, t.customers_won, 1e-14));
        NEED(close_to(t.net_customers, t.customers_won - t.customers_deterred, 1e-15) ||
             fabs(t.net_customers - (t.customers_won - t.customers_deterred)) <=
                 1e-15 * (t.customers_won + t.customers_deterred));
    }
    NEED(clv_wom_total(NULL, s, a[5], a[6], a[7], &t) == CLV_EINVAL);
    NEED(clv_wom_total(&p, s, a[5], a[6], a[7], NULL) == CLV_EINVAL);

    /* time to reach a[8] customers with cycle time a[9] */
    double nt[2];
    fill(nt, sizeof nt);
    int bad_time = bad_params || !is_nonneg(a[5]) || !is_nonneg(a[8]) || !is_positive(a[9]);
    st = clv_wom_time_to_reach(&p, s, a[5], a[8], a[9], &nt[0], &nt[1]);
    check_common(st, bad_time, nt, sizeof nt);
    if (!bad_time) {
        NEED(st == CLV_OK || st == CLV_ERANGE);
    }
    if (st == CLV_OK) {
        NEED(!isnan(nt[0]) && nt[0] >= 0.0 && (isinf(nt[0]) || floor(nt[0]) == nt[0]));
        NEED(isinf(nt[0]) == isinf(nt[1]));
        NEED(isinf(nt[0]) || nt[1] == nt[0] * a[9]);
        if (a[8] == 0.0) {
            NEED(nt[0] == 0.0 && nt[1] == 0.0);
        }
        /* the answer is the smallest n with W(n) >= target, on clv_wom_generations' W(n) */
        if (nt[0] >= 1.0 && nt[0] <= 32.0) {
            clv_wom_generation g[32];
            size_t n = (size_t)nt[0];
            if (clv_wom_generations(&p, s, a[5], 0.0, n, g) == CLV_OK) {
                NEED(g[n - 1].cumulative_won >= a[8]);
                NEED(n == 1 || g[n - 2].cumulative_won < a[8]);
            }
        }
    }
    NEED(clv_wom_time_to_reach(&p, s, a[5], a[8], a[9], NULL, &nt[1]) == CLV_EINVAL);
    NEED(clv_wom_time_to_reach(&p, s, a[5], a[8], a[9], &nt[0], NULL) == CLV_EINVAL);

    /* the cost of a dissatisfied customer: own value a[7], customer value a[6] - 1 */
    double value = a[6] - 1.0;
    clv_wom_cost c;
    fill(&c, sizeof c);
    int bad_cost = bad_params || !is_finite(a[7]) || !is_finite(value) || !is_horizon(a[10]);
    double rho = s * a[0] * a[2] + (1.0 - s) * a[1] * a[3];
    int cost_diverges = !bad_cost && isinf(a[10]) && !(rho < 1.0);
    st = clv_wom_dissatisfied_cost(&p, s, a[7], value, a[10], &c);
    check_common(st, bad_cost || cost_diverges, &c, sizeof c);
    if (!bad_cost && isfinite(a[10]) && a[10] >= 0.0 && floor(a[10]) != a[10]) {
        NEED(st == CLV_EINVAL);
    }
    if (cost_diverges) {
        NEED(st == CLV_EDIVERGE);
    }
    if (st == CLV_OK) {
        const double all[7] = {
            c.own_value,      c.deterred,           c.net_reproduction, c.customers_per_deterred,
            c.lost_customers, c.word_of_mouth_cost, c.total_cost};
        for (int i = 0; i < 7; i++) {
            NEED(is_finite(all[i]));
        }
        NEED(c.own_value == a[7]);
        NEED(c.deterred >= 0.0);
        if (a[10] == 0.0) {
            NEED(c.deterred == 0.0 && c.lost_customers == 0.0 && c.total_cost == a[7]);
        }
        if (a[10] == 1.0) {
            NEED(c.customers_per_deterred == 1.0);
        }
        NEED(close_to(c.lost_customers, c.deterred * c.customers_per_deterred, 1e-15));
        NEED(fabs(c.total_cost - (c.own_value + c.word_of_mouth_cost)) <=
             1e-15 * (fabs(c.own_value) + fabs(c.word_of_mouth_cost)));
    }
    NEED(clv_wom_dissatisfied_cost(NULL, s, a[7], value, a[10], &c) == CLV_EINVAL);
    NEED(clv_wom_dissatisfied_cost(&p, s, a[7], value, a[10], NULL) == CLV_EINVAL);
}

/* Viral coefficient growth: clv_kfactor, clv_kfactor_customers, clv_kfactor_customers_at. */
static void fuzz_kfactor(const args *in) {
    double a[6] = {arg(in, 0, NONNEG),  arg(in, 1, NONNEG), arg(in, 2, PROB),
                   arg(in, 3, HORIZON), arg(in, 4, NONNEG), arg(in, 5, NONNEG)};
    set_call("clv_kfactor / _customers / _customers_at", 0, 6, a);
    int bad_k = !is_nonneg(a[1]) || !is_prob(a[2]);
    double k;
    fill(&k, sizeof k);
    int st = clv_kfactor(a[1], a[2], &k);
    check_common(st, bad_k, &k, sizeof k);
    NEED(st == CLV_OK || bad_k);
    if (st == CLV_OK) {
        NEED(k == a[1] * a[2]);
    }
    NEED(clv_kfactor(a[1], a[2], NULL) == CLV_EINVAL);

    double c;
    fill(&c, sizeof c);
    int bad = bad_k || !is_nonneg(a[0]) || !is_horizon(a[3]);
    int diverges = !bad && isinf(a[3]) && a[0] > 0.0 && !(a[1] * a[2] < 1.0);
    st = clv_kfactor_customers(a[0], a[1], a[2], a[3], &c);
    check_common(st, bad || diverges, &c, sizeof c);
    if (diverges) {
        NEED(st == CLV_EDIVERGE);
    }
    if (st == CLV_OK) {
        NEED(is_finite(c));
        NEED(c >= a[0] * (1.0 - 1e-15)); /* the starting customers are counted */
        if (a[3] == 0.0) {
            NEED(c == a[0]);
        }
    }
    NEED(clv_kfactor_customers(a[0], a[1], a[2], a[3], NULL) == CLV_EINVAL);

    double ct = a[4], time = a[5];
    fill(&c, sizeof c);
    bad = bad_k || !is_nonneg(a[0]) || !is_positive(ct) || isnan(time) || time < 0.0;
    diverges = !bad && isinf(time) && a[0] > 0.0 && !(a[1] * a[2] < 1.0);
    st = clv_kfactor_customers_at(a[0], a[1], a[2], ct, time, &c);
    check_common(st, bad || diverges, &c, sizeof c);
    if (diverges) {
        NEED(st == CLV_EDIVERGE);
    }
    if (st == CLV_OK) {
        NEED(is_finite(c));
        NEED(c >= a[0] * (1.0 - 1e-15));
        if (time == 0.0) {
            NEED(c == a[0]);
        }
    }
    NEED(clv_kfactor_customers_at(a[0], a[1], a[2], ct, time, NULL) == CLV_EINVAL);
}

/* clv_nps_compare on two scores from counts and on arbitrary structs; clv_nps_sample_size. */
static void fuzz_nps_compare(const args *in) {
    double a[8] = {arg(in, 0, NONNEG), arg(in, 1, NONNEG), arg(in, 2, NONNEG), arg(in, 3, NONNEG),
                   arg(in, 4, NONNEG), arg(in, 5, NONNEG), arg(in, 6, PROB),   arg(in, 7, ANY)};
    set_call("clv_nps_compare", 0, 8, a);
    clv_nps x, y;
    if (clv_nps_from_counts(a[0], a[1], a[2], &x) == CLV_OK &&
        clv_nps_from_counts(a[3], a[4], a[5], &y) == CLV_OK) {
        clv_nps_comparison c;
        fill(&c, sizeof c);
        int st = clv_nps_compare(&x, &y, a[6], &c);
        int bad = !(a[6] > 0.0 && a[6] < 1.0) || !(x.std_error > 0.0 || y.std_error > 0.0);
        check_common(st, bad, &c, sizeof c);
        if (!bad) {
            NEED(st == CLV_OK || st == CLV_ERANGE);
        }
        if (st == CLV_OK) {
            NEED(is_finite(c.difference) && c.difference >= -200.0 && c.difference <= 200.0);
            NEED(c.difference == x.nps - y.nps);
            NEED(is_positive(c.std_error) && is_finite(c.z));
            NEED(is_prob(c.p_value));
            NEED(c.lower <= c.difference && c.difference <= c.upper);
            NEED(c.lower >= -200.0 && c.upper <= 200.0);
            clv_nps_comparison back;
            NEED(clv_nps_compare(&y, &x, a[6], &back) == CLV_OK);
            NEED(back.p_value == c.p_value && back.z == -c.z);
        }
    }
    /* arbitrary structs must be rejected unless they are scores */
    double b[8] = {arg(in, 7, ANY), arg(in, 8, ANY), arg(in, 9, ANY), arg(in, 10, ANY),
                   arg(in, 0, ANY), arg(in, 1, ANY), arg(in, 2, ANY), arg(in, 3, ANY)};
    set_call("clv_nps_compare (raw struct)", 0, 8, b);
    clv_nps raw = {b[0], b[1], b[2], b[3], b[4], b[5], b[6]};
    clv_nps fixed = {0.0, 1.0, 0.0, 1.0, 0.0, 0.0, 1.0};
    clv_nps_comparison c;
    fill(&c, sizeof c);
    int st = clv_nps_compare(&raw, &fixed, 0.95, &c);
    int bad = !is_finite(raw.promoters) || !is_finite(raw.passives) || !is_finite(raw.detractors) ||
              !is_finite(raw.variance) || !is_finite(raw.n) || !(raw.n > 0.0) ||
              !is_finite(raw.nps) || !(raw.nps >= -100.0 && raw.nps <= 100.0) ||
              !is_finite(raw.std_error) || !(raw.std_error >= 0.0);
    check_common(st, bad, &c, sizeof c);
    NEED(st == CLV_OK || bad);
    if (st == CLV_OK) {
        NEED(is_prob(c.p_value) && c.lower <= c.upper);
    }

    /* sample size: variances a[6] and fold(b[7]), delta b[0], alpha a[6], power fold(b[1]) */
    double v2 = fold_prob(b[7]), power = fold_prob(b[1]);
    double sz[4] = {a[6], v2, b[0], power};
    set_call("clv_nps_sample_size", 0, 4, sz);
    double n;
    fill(&n, sizeof n);
    st = clv_nps_sample_size(a[6], v2, b[0], 0.05, power, &n);
    bad = !is_prob(a[6]) || !is_prob(v2) || !(fabs(b[0]) > 0.0 && fabs(b[0]) <= 200.0) ||
          !(power > 0.0 && power < 1.0);
    check_common(st, bad, &n, sizeof n);
    if (st == CLV_OK) {
        NEED(is_finite(n) && n >= 1.0 && floor(n) == n);
    }
    NEED(clv_nps_sample_size(a[6], v2, b[0], 0.05, power, NULL) == CLV_EINVAL);
}

/* ---------------------------------------------------------------------------------------- */
/* Constants and messages.                                                                  */

typedef struct known_constant {
    const char *name;
    double value;
} known_constant;

#define KNOWN(macro)                                                                               \
    { #macro, (double)(macro) }

static const known_constant known[] = {
    KNOWN(CLV_VERSION_MAJOR),
    KNOWN(CLV_VERSION_MINOR),
    KNOWN(CLV_VERSION_PATCH),
    KNOWN(CLV_VERSION_NUMBER),
    KNOWN(CLV_OK),
    KNOWN(CLV_EINVAL),
    KNOWN(CLV_EDOM),
    KNOWN(CLV_ENOCONV),
    KNOWN(CLV_ERANGE),
    KNOWN(CLV_ECANCELED),
    KNOWN(CLV_ESTRUCT),
    KNOWN(CLV_ENOMEM),
    KNOWN(CLV_EDIVERGE),
    KNOWN(CLV_EIDENT),
    KNOWN(CLV_MARGIN_END),
    KNOWN(CLV_MARGIN_START),
    KNOWN(CLV_MAX_PARAMS),
    KNOWN(CLV_MODEL_BGNBD),
    KNOWN(CLV_MODEL_PNBD),
    KNOWN(CLV_MODEL_MBGNBD),
    KNOWN(CLV_MODEL_BGBB),
    KNOWN(CLV_MODEL_GG),
    KNOWN(CLV_MODEL_SBG),
    KNOWN(CLV_FIT_EVALUATE),
    KNOWN(CLV_FIT_DONE),
    KNOWN(CLV_BGBB_MAX_OPPORTUNITIES),
    KNOWN(CLV_CHURN_START),
    KNOWN(CLV_CHURN_AVERAGE),
    KNOWN(CLV_CHURN_EXPOSED),
    KNOWN(CLV_LOGRANK_MAX_GROUPS),
    KNOWN(CLV_WOM_TOLD_SATISFIED),
    KNOWN(CLV_WOM_TOLD_DISSATISFIED),
    KNOWN(CLV_MARKOV_MAX_STATES),
    KNOWN(CLV_MARKOV_ROW_TOLERANCE),
    KNOWN(CLV_MARKOV_MAX_HORIZON),
    KNOWN(CLV_CHURN_REASON_SERVICE),
    KNOWN(CLV_CHURN_REASON_TREATMENT),
    KNOWN(CLV_CHURN_REASON_PRICE),
    KNOWN(CLV_CHURN_REASON_MOVED),
    KNOWN(CLV_CHURN_REASON_OTHER),
    KNOWN(CLV_CHURN_REASON_COUNT),
    KNOWN(CLV_BASS_NLS),
    KNOWN(CLV_BASS_ML),
    KNOWN(CLV_BASS_INTERVAL),
    KNOWN(CLV_BASS_DENSITY),
    KNOWN(CLV_BASS_MIN_PERIODS),
    KNOWN(CLV_FIELD_NONE),
    KNOWN(CLV_FIELD_X),
    KNOWN(CLV_FIELD_T_X),
    KNOWN(CLV_FIELD_T),
    KNOWN(CLV_FIELD_MONETARY),
    KNOWN(CLV_FIELD_WEIGHT),
    KNOWN(CLV_FIELD_CUSTOMER),
    KNOWN(CLV_FIELD_TIME),
    KNOWN(CLV_FIELD_AMOUNT),
    KNOWN(CLV_FIELD_ORDER),
    KNOWN(CLV_FIELD_PARAMS),
    KNOWN(CLV_FIELD_OPTIONS),
    KNOWN(CLV_FIELD_PERIOD),
    KNOWN(CLV_FIELD_COUNT),
    KNOWN(CLV_FIELD_STATE),
    KNOWN(CLV_FIELD_CALIBRATION_END),
    KNOWN(CLV_FIELD_HOLDOUT_END),
    KNOWN(CLV_FIELD_FLAG),
    KNOWN(CLV_FIELD_MAX_ITERATIONS),
    KNOWN(CLV_FIELD_TOLERANCE),
    KNOWN(CLV_FIELD_PENALTY),
    KNOWN(CLV_FIELD_START),
    KNOWN(CLV_RULE_NONE),
    KNOWN(CLV_RULE_MISSING),
    KNOWN(CLV_RULE_EMPTY),
    KNOWN(CLV_RULE_NOT_FINITE),
    KNOWN(CLV_RULE_NEGATIVE),
    KNOWN(CLV_RULE_NOT_WHOLE),
    KNOWN(CLV_RULE_NOT_POSITIVE),
    KNOWN(CLV_RULE_RECENCY_ABOVE_T),
    KNOWN(CLV_RULE_RECENCY_WITHOUT_REPEAT),
    KNOWN(CLV_RULE_OUT_OF_ORDER),
    KNOWN(CLV_RULE_NOT_SORTED),
    KNOWN(CLV_RULE_NO_INFORMATION),
    KNOWN(CLV_RULE_NO_REPEAT_BUYER),
    KNOWN(CLV_RULE_NOT_CONVERGED),
    KNOWN(CLV_RULE_INDEX_OUT_OF_RANGE),
    KNOWN(CLV_RULE_TIE_NOT_MONOTONE),
    KNOWN(CLV_RULE_OVERFLOW),
    KNOWN(CLV_RULE_BAD_FLAG),
    KNOWN(CLV_RULE_BAD_STATE),
    KNOWN(CLV_RULE_BELOW_MIN),
    KNOWN(CLV_RULE_ABOVE_MAX),
    KNOWN(CLV_RULE_TOO_SMALL),
    KNOWN(CLV_RULE_X_ABOVE_RECENCY),
    KNOWN(CLV_RULE_INCOMPLETE_PAIR),
    KNOWN(CLV_RULE_RUNS_OFF),
    /* model checking, simulation, intervals and progress granularities */
    KNOWN(CLV_CHECK_MAX_BINS),
    KNOWN(CLV_DRAW_LOG),
    KNOWN(CLV_DRAW_MAX_TRIES),
    KNOWN(CLV_DRAW_NATURAL),
    KNOWN(CLV_FIELD_ACTUAL),
    KNOWN(CLV_FIELD_BIRTH),
    KNOWN(CLV_FIELD_COVARIANCE),
    KNOWN(CLV_FIELD_EDGES),
    KNOWN(CLV_FIELD_EXPECTED),
    KNOWN(CLV_FIELD_GRID),
    KNOWN(CLV_FIELD_HOLDOUT),
    KNOWN(CLV_FIELD_HORIZON),
    KNOWN(CLV_FIELD_PREDICTED),
    KNOWN(CLV_FIELD_TRANSACTIONS),
    KNOWN(CLV_INTERVAL_DERT),
    KNOWN(CLV_INTERVAL_EXPECTED_NEW),
    KNOWN(CLV_INTERVAL_EXPECTED_PURCHASES),
    KNOWN(CLV_INTERVAL_LOG),
    KNOWN(CLV_INTERVAL_LOGIT),
    KNOWN(CLV_INTERVAL_NATURAL),
    KNOWN(CLV_INTERVAL_P_ALIVE),
    KNOWN(CLV_INTERVAL_SPEND),
    KNOWN(CLV_INTERVAL_VALUE),
    KNOWN(CLV_INTERVAL_PROB_PURCHASES),
    KNOWN(CLV_RFM_UNITS_PER_PROGRESS),
    KNOWN(CLV_RNG_POISSON_MAX_MEAN),
    KNOWN(CLV_RULE_NOT_POSITIVE_DEFINITE),
    KNOWN(CLV_RULE_NOT_SYMMETRIC),
    KNOWN(CLV_RULE_NO_VALID_DRAW),
    KNOWN(CLV_RULE_TOO_FEW_BINS),
    KNOWN(CLV_BASS_FORECAST_CUMULATIVE),
    KNOWN(CLV_BASS_FORECAST_PERIOD),
    KNOWN(CLV_BASS_FORECAST_RATE),
    KNOWN(CLV_SBG_INTERVAL_DEL),
    KNOWN(CLV_SBG_INTERVAL_DERL),
    KNOWN(CLV_SBG_INTERVAL_RETENTION),
    KNOWN(CLV_SBG_INTERVAL_SURVIVAL),
    KNOWN(CLV_SBG_SIMULATE_MAX_COHORT),
    KNOWN(CLV_SIM_CUSTOMERS_PER_PROGRESS),
    KNOWN(CLV_VALUE_ROWS_PER_PROGRESS),
    /* sBG and Bass diagnostics (issue 15) */
    KNOWN(CLV_FIELD_DURATION),
    KNOWN(CLV_FIELD_CHURNED),
    KNOWN(CLV_FIELD_ALIVE),
    KNOWN(CLV_FIELD_COHORT),
    KNOWN(CLV_FIELD_ADOPTERS),
    KNOWN(CLV_FIELD_METHOD),
    KNOWN(CLV_FIELD_MODEL),
    KNOWN(CLV_RULE_INCREASING),
    KNOWN(CLV_RULE_NO_CHURN),
    KNOWN(CLV_RULE_RESERVED),
    KNOWN(CLV_RULE_CONFLICT),
    KNOWN(CLV_RULE_NOT_ABOVE),
    KNOWN(CLV_RULE_ALL_ZERO),
};

static void fuzz_constant(const char *name) {
    static const double no_args[1] = {0.0};
    set_call("clv_constant", 0, 0, no_args);
    const known_constant *expect = NULL;
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        if (strcmp(name, known[i].name) == 0) {
            expect = &known[i];
        }
    }
    double v;
    fill(&v, sizeof v);
    int st = clv_constant(name, &v);
    check_common(st, expect == NULL, &v, sizeof v);
    NEED(st == CLV_OK || st == CLV_EINVAL);
    if (st == CLV_OK) {
        NEED(expect != NULL);
        NEED(v == expect->value);
    }
    NEED(clv_constant(NULL, &v) == CLV_EINVAL);
    NEED(clv_constant(name, NULL) == CLV_EINVAL);
}

static void fuzz_messages(int flag, int selector) {
    static const double no_args[1] = {0.0};
    set_call("clv_strerror / clv_version", flag, 0, no_args);
    check_strerror(flag);
    check_strerror(selector);
    for (int st = CLV_EIDENT - 2; st <= 2; st++) {
        check_strerror(st);
    }
    NEED(clv_version() == CLV_VERSION_NUMBER);
    const char *vs = clv_version_string();
    NEED(vs != NULL && vs[0] != '\0' && strlen(vs) < 64);
}

/* ---------------------------------------------------------------------------------------- */

static uint32_t read_u32(const uint8_t *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    uint8_t buf[8 * NVAL + 8] = {0};
    memcpy(buf, data, size < sizeof buf ? size : sizeof buf);

    args in;
    memcpy(in.v, buf, sizeof in.v); /* the host is little-endian (x86-64, arm64) */
    int32_t flag;
    uint32_t uflag = read_u32(buf + 8 * NVAL);
    memcpy(&flag, &uflag, sizeof flag);
    uint32_t selector = read_u32(buf + 8 * NVAL + 4);
    int32_t selector_int;
    memcpy(&selector_int, &selector, sizeof selector_int);
    in.flag = flag;
    in.mapped = (int)(selector & 1u);
    if (selector & 2u) {
        for (int i = 0; i < NVAL; i++) {
            uint32_t low = read_u32(buf + 8 * i);
            int32_t fixed;
            memcpy(&fixed, &low, sizeof fixed);
            in.v[i] = (double)fixed / 65536.0;
        }
    }
    in.rotation = (int)(((selector >> 8) & 0xFu) % NVAL);

    char name[NAME_MAX_LEN + 1] = {0};
    if (size > sizeof buf) {
        size_t len = size - sizeof buf;
        memcpy(name, data + sizeof buf, len < NAME_MAX_LEN ? len : NAME_MAX_LEN);
    }

    fuzz_simple_value(&in);
    fuzz_retention_value(&in);
    fuzz_cac(&in);
    fuzz_payback(&in);
    fuzz_discount_convert(&in);
    fuzz_churn_rate(&in);
    fuzz_rate_convert(&in);
    fuzz_lifetimes(&in);
    fuzz_retention_gain(&in);
    fuzz_churn_economics(&in);
    fuzz_wom(&in);
    fuzz_nps(&in);
    fuzz_wom_branching(&in);
    fuzz_kfactor(&in);
    fuzz_nps_compare(&in);
    fuzz_constant(name);
    fuzz_messages(flag, selector_int);
    return 0;
}
