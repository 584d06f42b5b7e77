/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * libFuzzer harness for the array entry points of referral.h added with the branching model:
 * clv_wom_generations (a caller array of generations), clv_nps_by_segment (answers and
 * segment numbers) and clv_crv_value (referrals and shares per period). Each is held to its
 * contract and to an independent computation in the harness.
 *
 * Input layout: byte 0 flags (bit 0: doubles are raw little-endian binary64, else one byte
 * each mapped onto a grid of ordinary values and IEEE specials; bit 1: no share array for the
 * CRV; bit 2: answers are raw doubles too, else one byte each, 0..10 valid and 11..15
 * special); byte 1 the number of generations (1 + byte % 64); byte 2 the number of segments
 * (byte % 17, 0 included); byte 3 the number of answers (byte % 65); byte 4 the number of
 * CRV periods (byte % 17). Then, in order: k_s, k_d, c, g, s, S_0, D_0 (doubles); the answers;
 * one segment byte per answer (its number is byte % (segments + 2), so invalid numbers occur);
 * V, A, a, d, CLV (doubles); the referrals and the shares of each period (doubles). Short
 * inputs are padded with ordinary values.
 *
 * Checked: every status is a documented code and a call fails exactly when referral.h says
 * so; failing calls leave every output byte untouched (the arrays too); on CLV_OK every
 * value is finite, counts are >= 0 and add up, cumulative sums match running sums of the
 * per-generation rows, a shorter request returns the same first rows, NPS by segment equals
 * the harness's own tally pushed through clv_nps_from_counts(), and the CRV is its parts'
 * sum. Arrays are exact-size heap copies, so AddressSanitizer sees any read past n.
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "referral.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *cur_fn = "";

static void fail(const char *what, int line) {
    fprintf(stderr, "\nCONTRACT VIOLATION in %s: %s (fuzz_referral.c:%d)\n", cur_fn, what, line);
    abort();
}

#include "fuzz_common.h"

#define SENTINEL 0xA5
#define MAX_GENERATIONS 64
#define MAX_ANSWERS 64
#define MAX_SEGMENTS 16
#define MAX_PERIODS 16

/* One byte to a value: whole numbers, fractions in [0, 1] in steps of 1/64, and specials. */
static double mapped(uint8_t b) {
    static const double specials[16] = {0.0,     -0.0,     NAN,    INFINITY,   -INFINITY, DBL_MAX,
                                        DBL_MIN, 4.9e-324, 1e-300, 1e300,      -1.0,      0.5,
                                        1e5,     1e15,     1e-3,   1.0 - 1e-12};
    if (b >= 240) {
        return specials[b - 240];
    }
    if (b < 100) {
        return (double)b;
    }
    return (double)(b - 100) / 64.0 - 0.1875; /* -0.19 .. 2: rates in and just out of [0, 1] */
}

static uint8_t next_byte(reader *r) {
    return r->pos < r->size ? r->data[r->pos++] : 1;
}

static double next_double(reader *r) {
    return reader_next(r, mapped, 1.0); /* mapped(1) = 1 past the end, as next_byte gives 1 */
}

static double answer_from_byte(uint8_t b) {
    static const double specials[5] = {NAN, -0.0, 10.5, -1.0, INFINITY};
    b %= 16;
    return b <= 10 ? (double)b : specials[b - 11];
}

static int documented(int st) {
    return st <= CLV_OK && st >= CLV_EIDENT && clv_strerror(st) != NULL;
}

static int nonneg(double x) {
    return isfinite(x) && x >= 0.0;
}

static int prob(double x) {
    return x >= 0.0 && x <= 1.0;
}

static int close_to(double x, double y, double rel) {
    if (x == y) {
        return 1;
    }
    return fabs(x - y) <= rel * fmax(fabs(x), fabs(y)) || fabs(x - y) <= 1e-300;
}

/* ---- clv_wom_generations ------------------------------------------------------------------ */

static void check_generations(const clv_wom_params *p, double s, double S0, double D0, size_t n) {
    cur_fn = "clv_wom_generations";
    int bad = !nonneg(p->told_satisfied) || !nonneg(p->told_dissatisfied) || !prob(p->conversion) ||
              !prob(p->deterrence) || !prob(s) || !nonneg(S0) || !nonneg(D0);
    clv_wom_generation *g = malloc(n * sizeof *g);
    if (g == NULL) {
        return;
    }
    memset(g, SENTINEL, n * sizeof *g);
    int st = clv_wom_generations(p, s, S0, D0, n, g);
    NEED(documented(st));
    if (bad) {
        NEED(st == CLV_EDOM);
    } else {
        NEED(st == CLV_OK || st == CLV_ERANGE);
    }
    if (st != CLV_OK) {
        NEED(untouched_bytes(g, n * sizeof *g, SENTINEL));
        free(g);
        return;
    }
    double won_sum = 0.0, det_sum = 0.0;
    for (size_t i = 0; i < n; i++) {
        const clv_wom_generation *r = &g[i];
        NEED(nonneg(r->satisfied) && nonneg(r->dissatisfied) && nonneg(r->customers_won));
        NEED(nonneg(r->customers_deterred) && nonneg(r->cumulative_won));
        NEED(nonneg(r->cumulative_deterred));
        NEED(close_to(r->satisfied + r->dissatisfied, r->customers_won, 1e-13));
        NEED(i == 0 || r->cumulative_won >= g[i - 1].cumulative_won * (1.0 - 1e-13));
        won_sum += r->customers_won;
        det_sum += r->customers_deterred;
        /* closed form against the running sum: both good to ~n ulps */
        double tol = 1e-13 * (double)(i + 4);
        NEED(close_to(r->cumulative_won, won_sum, tol));
        NEED(close_to(r->cumulative_deterred, det_sum, tol));
    }
    /* each row stands alone: a shorter request gives the same first rows */
    size_t half = (n + 1) / 2;
    clv_wom_generation *h = malloc(half * sizeof *h);
    if (h != NULL) {
        NEED(clv_wom_generations(p, s, S0, D0, half, h) == CLV_OK);
        NEED(memcmp(h, g, half * sizeof *h) == 0);
        free(h);
    }
    NEED(clv_wom_generations(p, s, S0, D0, 0, g) == CLV_EINVAL);
    NEED(clv_wom_generations(NULL, s, S0, D0, n, g) == CLV_EINVAL);
    NEED(clv_wom_generations(p, s, S0, D0, n, NULL) == CLV_EINVAL);
    free(g);
}

/* ---- clv_nps_by_segment ------------------------------------------------------------------- */

static void check_segments(const double *scores, const uint32_t *segs, size_t n, size_t k) {
    cur_fn = "clv_nps_by_segment";
    double tally[MAX_SEGMENTS][3];
    memset(tally, 0, sizeof tally);
    int bad = 0;
    for (size_t i = 0; i < n; i++) {
        double s = scores[i];
        if (!(s >= 0.0 && s <= 10.0) || floor(s) != s || segs[i] >= k) {
            bad = 1;
            continue;
        }
        tally[segs[i]][s >= 9.0 ? 0 : s >= 7.0 ? 1 : 2] += 1.0;
    }
    clv_nps *out = malloc((k > 0 ? k : 1) * sizeof *out);
    if (out == NULL) {
        return;
    }
    memset(out, SENTINEL, (k > 0 ? k : 1) * sizeof *out);
    int st = clv_nps_by_segment(scores, segs, n, k, out);
    NEED(documented(st));
    if (n == 0 || k == 0) {
        NEED(st == CLV_EINVAL);
    } else if (bad) {
        NEED(st == CLV_EDOM);
    } else {
        NEED(st == CLV_OK);
    }
    if (st != CLV_OK) {
        NEED(untouched_bytes(out, (k > 0 ? k : 1) * sizeof *out, SENTINEL));
        free(out);
        return;
    }
    double total = 0.0;
    for (size_t j = 0; j < k; j++) {
        const clv_nps *o = &out[j];
        NEED(o->promoters == tally[j][0] && o->passives == tally[j][1]);
        NEED(o->detractors == tally[j][2]);
        total += o->n;
        if (o->n == 0.0) {
            NEED(o->nps == 0.0 && o->variance == 0.0 && o->std_error == 0.0);
            continue;
        }
        clv_nps want;
        NEED(clv_nps_from_counts(tally[j][0], tally[j][1], tally[j][2], &want) == CLV_OK);
        NEED(memcmp(&want, o, sizeof want) == 0);
        NEED(o->nps >= -100.0 && o->nps <= 100.0 && prob(o->variance));
    }
    NEED(total == (double)n);
    free(out);
}

/* ---- clv_crv_value ------------------------------------------------------------------------ */

static void check_crv(const clv_crv_params *p, const double *refs, const double *share, size_t t,
                      double clv) {
    cur_fn = "clv_crv_value";
    int bad = !isfinite(p->referral_value) || !nonneg(p->acquisition_cost) ||
              !nonneg(p->referral_cost) || !nonneg(p->discount) || !isfinite(clv);
    double count = 0.0;
    for (size_t i = 0; i < t; i++) {
        bad |= !nonneg(refs[i]) || (share != NULL && !prob(share[i]));
        count += refs[i];
    }
    clv_crv_result r;
    memset(&r, SENTINEL, sizeof r);
    int st = clv_crv_value(p, refs, share, t, clv, &r);
    NEED(documented(st));
    if (t == 0) {
        NEED(st == CLV_EINVAL);
    } else if (bad) {
        NEED(st == CLV_EDOM);
    } else {
        NEED(st == CLV_OK || st == CLV_ERANGE);
    }
    if (st != CLV_OK) {
        NEED(untouched_bytes(&r, sizeof r, SENTINEL));
        return;
    }
    const double all[8] = {r.incremental_customers,
                           r.anyway_customers,
                           r.value_incremental,
                           r.acquisition_saved,
                           r.referral_cost,
                           r.crv,
                           r.clv,
                           r.customer_value};
    for (int i = 0; i < 8; i++) {
        NEED(isfinite(all[i]));
    }
    NEED(r.incremental_customers >= 0.0 && r.anyway_customers >= 0.0);
    NEED(r.acquisition_saved >= 0.0 && r.referral_cost >= 0.0);
    NEED(close_to(r.incremental_customers + r.anyway_customers, count, 1e-12));
    NEED(r.clv == clv);
    double scale = fabs(r.value_incremental) + r.acquisition_saved + r.referral_cost;
    NEED(fabs(r.crv - (r.value_incremental + r.acquisition_saved - r.referral_cost)) <=
         1e-15 * scale + 1e-300);
    NEED(fabs(r.customer_value - (clv + r.crv)) <= 1e-15 * (fabs(clv) + fabs(r.crv)) + 1e-300);
    if (p->discount == 0.0) {
        NEED(close_to(r.value_incremental, r.incremental_customers * p->referral_value, 1e-12));
    } else {
        /* discounting only shrinks: at most the undiscounted amounts (the harness's own count
         * may overflow where the library's discounted sums do not) */
        NEED(!isfinite(count) || r.referral_cost <= count * p->referral_cost * (1.0 + 1e-12));
    }
    NEED(clv_crv_value(NULL, refs, share, t, clv, &r) == CLV_EINVAL);
    NEED(clv_crv_value(p, NULL, share, t, clv, &r) == CLV_EINVAL);
    NEED(clv_crv_value(p, refs, share, t, clv, NULL) == CLV_EINVAL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 5) {
        return 0;
    }
    reader r = {data, size, 5, data[0] & 1u};
    int no_share = (data[0] >> 1) & 1u;
    int raw_answers = (data[0] >> 2) & 1u;
    size_t n_gen = 1u + data[1] % MAX_GENERATIONS;
    size_t n_seg = data[2] % (MAX_SEGMENTS + 1u);
    size_t n_ans = data[3] % (MAX_ANSWERS + 1u);
    size_t n_per = data[4] % (MAX_PERIODS + 1u);

    clv_wom_params p;
    p.told_satisfied = next_double(&r);
    p.told_dissatisfied = next_double(&r);
    p.conversion = next_double(&r);
    p.deterrence = next_double(&r);
    double s = next_double(&r);
    double S0 = next_double(&r);
    double D0 = next_double(&r);
    check_generations(&p, s, S0, D0, n_gen);

    /* exact-size heap arrays (at least one element so that malloc(0) is never asked) */
    double *scores = malloc((n_ans ? n_ans : 1) * sizeof *scores);
    uint32_t *segs = malloc((n_ans ? n_ans : 1) * sizeof *segs);
    double *refs = malloc((n_per ? n_per : 1) * sizeof *refs);
    double *share = malloc((n_per ? n_per : 1) * sizeof *share);
    if (scores == NULL || segs == NULL || refs == NULL || share == NULL) {
        free(scores);
        free(segs);
        free(refs);
        free(share);
        return 0;
    }
    for (size_t i = 0; i < n_ans; i++) {
        if (raw_answers) {
            reader raw = r;
            raw.raw = 1;
            scores[i] = next_double(&raw);
            r.pos = raw.pos;
        } else {
            scores[i] = answer_from_byte(next_byte(&r));
        }
    }
    for (size_t i = 0; i < n_ans; i++) {
        segs[i] = (uint32_t)(next_byte(&r) % (n_seg + 2u));
    }
    check_segments(scores, segs, n_ans, n_seg);

    clv_crv_params c;
    c.referral_value = next_double(&r);
    c.acquisition_cost = next_double(&r);
    c.referral_cost = next_double(&r);
    c.discount = next_double(&r);
    double clv = next_double(&r);
    for (size_t i = 0; i < n_per; i++) {
        refs[i] = next_double(&r);
    }
    for (size_t i = 0; i < n_per; i++) {
        share[i] = next_double(&r);
    }
    check_crv(&c, refs, no_share ? NULL : share, n_per, clv);

    free(scores);
    free(segs);
    free(refs);
    free(share);
    return 0;
}
