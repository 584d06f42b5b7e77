/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * libFuzzer harness: Kaplan-Meier (clv_km_estimate, clv_km_median, clv_km_rmst,
 * clv_km_survival_at) and cohort retention tables (clv_cohort_retention) of churn.h, checked
 * against the header's contract and naive re-implementations.
 *
 * Input layout:
 *   byte 0  flags: bit 0 weights; bit 1 give a workspace; bit 2 raw records; bits 3-4
 *           capacity (0 full, 1 exact need - 1 when possible, 2 zero with null rows, 3 from
 *           byte 2); bit 5 workspace one byte too small; bit 7 cohort mode (below).
 *   byte 1  level (low 4 bits index levels[]), byte 2 capacity (mode 3), byte 3 tau byte.
 *   then records, at most MAX_N:
 *     compact (3 bytes): duration byte (< 240: byte / 4, else special_values[byte - 240]),
 *       event byte (% 4: 0 and 1 valid, 2 and 3 become 2 and -1), weight byte (< 240:
 *       byte / 8, else special_values[byte - 240]);
 *     raw (20 bytes): little-endian duration double, int32 event, weight double.
 *   Cohort mode: byte 1 % 6 + 1 cohorts, byte 2 % 8 + 1 periods, byte 3 bit 0 observed
 *   lengths from the next cohort bytes; then one byte per cell (row-major): 255 NaN, 254 -1,
 *   253 +INFINITY, 252 DBL_MAX, else the byte's value.
 *
 * Checked: the status is the first the contract gives (naively recomputed); failing calls
 * leave every output untouched (n_rows written only for a too-small capacity, bad_index only
 * for a bad row); on success rows are the distinct event times, in order, with the counts of
 * a quadratic recount (bit-exact when weights are eighths, whose sums are exact), S in [0, 1]
 * non-increasing, no NaN anywhere, lower <= S <= upper within [0, 1]; unsorted input with a
 * workspace gives the same rows as the sorted copy (weights in eighths); the readers accept
 * every table written and agree with a linear scan; cohort outputs lie in [0, 1], pooled
 * survival is non-increasing, and only observed cells are written.
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "churn.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_N 64
#define HEADER 4
#define SENT 0xA5

static const char *cur_what = "";

static void fail(const char *cond, int line) {
    fprintf(stderr, "\nCONTRACT VIOLATION in %s: %s (fuzz_km.c:%d)\n", cur_what, cond, line);
    abort();
}

#include "fuzz_common.h"

static int untouched(const void *p, size_t n) {
    return untouched_bytes(p, n, SENT);
}

static const double special_values[16] = {
    NAN,    INFINITY, -INFINITY, -0.0,  DBL_MAX, -DBL_MAX,           1e308, -1.0,
    5e-324, 0.1,      1e-300,    1e300, 0.3,     4503599627370496.0, 2.5,   1e-10};
static const double levels[16] = {0.95,   0.9,         0.5,      0.99, 0.0,      1.0, NAN, -0.5,
                                  1e-300, 1.0 - 1e-16, 0.999999, 0.8,  INFINITY, 0.6, 1.5, 0.1};

/* ---- Kaplan-Meier ---------------------------------------------------------------------- */

typedef struct km_in {
    size_t n;
    double *t;
    int32_t *e;
    double *w; /* null: weights 1 */
} km_in;

static double w_of(const km_in *in, size_t i) {
    return in->w ? in->w[i] : 1.0;
}

/* The expected status of clv_km_estimate, the rows needed and the first bad row. */
static int naive_status(const km_in *in, double level, int have_ws, int ws_small, size_t capacity,
                        size_t *need, size_t *bad) {
    if (in->n == 0) {
        return CLV_EINVAL;
    }
    if (!(level > 0.0 && level < 1.0)) {
        return CLV_EDOM;
    }
    double total = 0.0;
    int sorted = 1;
    for (size_t i = 0; i < in->n; i++) {
        double w = w_of(in, i);
        if (!(in->t[i] >= 0.0) || !isfinite(in->t[i]) || (in->e[i] != 0 && in->e[i] != 1) ||
            !(w >= 0.0) || !isfinite(w)) {
            *bad = i;
            return CLV_EDOM;
        }
        if (i > 0 && in->t[i] < in->t[i - 1]) {
            sorted = 0;
        }
        total += w;
    }
    if (!(total > 0.0)) {
        return CLV_EDOM;
    }
    if (!isfinite(total)) {
        return CLV_ERANGE;
    }
    if (!sorted && !have_ws) {
        return CLV_EINVAL;
    }
    if (!sorted && ws_small) {
        return CLV_ENOMEM;
    }
    /* Distinct times with a positive event weight (quadratic, obvious). */
    size_t m = 0;
    for (size_t i = 0; i < in->n; i++) {
        int first = 1;
        double d = 0.0;
        for (size_t j = 0; j < in->n; j++) {
            if (in->t[j] == in->t[i]) {
                if (j < i) {
                    first = 0;
                }
                d += in->e[j] ? w_of(in, j) : 0.0;
            }
        }
        m += first && d > 0.0;
    }
    *need = m;
    return (m > capacity) ? CLV_ENOMEM : CLV_OK;
}

static void check_rows(const km_in *in, const clv_km_row *rows, size_t m, int exact) {
    double prev_t = -1.0, prev_s = 1.0;
    for (size_t k = 0; k < m; k++) {
        const clv_km_row *r = &rows[k];
        NEED(r->time > prev_t && isfinite(r->time) && !signbit(r->time));
        double n = 0.0, d = 0.0;
        for (size_t j = 0; j < in->n; j++) {
            if (in->t[j] >= r->time) {
                n += w_of(in, j);
            }
            if (in->t[j] == r->time && in->e[j]) {
                d += w_of(in, j);
            }
        }
        if (exact) {
            NEED(r->at_risk == n && r->events == d);
        } else {
            NEED(fabs(r->at_risk - n) <= 1e-9 * n && fabs(r->events - d) <= 1e-9 * d);
        }
        NEED(r->events > 0.0 && r->events <= r->at_risk && r->censored >= 0.0);
        NEED(r->survival >= 0.0 && r->survival <= prev_s);
        NEED(!isnan(r->std_error) && r->std_error >= 0.0);
        NEED(r->lower >= 0.0 && r->lower <= r->survival);
        NEED(r->upper >= r->survival && r->upper <= 1.0);
        prev_t = r->time;
        prev_s = r->survival;
    }
}

static void check_readers(const clv_km_row *rows, size_t m, double tau) {
    cur_what = "clv_km_median";
    double med, lo, hi;
    NEED(clv_km_median(rows, m, &med, &lo, &hi) == CLV_OK);
    double want = INFINITY;
    for (size_t k = 0; k < m; k++) {
        if (rows[k].survival <= 0.5) {
            want = rows[k].time;
            break;
        }
    }
    NEED(med == want && !isnan(lo) && !isnan(hi) && lo <= med && med <= hi);

    cur_what = "clv_km_rmst";
    double mu = -1.0, se = -1.0;
    int st = clv_km_rmst(rows, m, tau, &mu, &se);
    NEED(st == CLV_OK || st == CLV_ERANGE);
    if (st == CLV_OK) {
        NEED(mu >= 0.0 && mu <= tau && se >= 0.0 && !isnan(se));
    } else {
        NEED(mu == -1.0 && se == -1.0);
    }

    cur_what = "clv_km_survival_at";
    const double at[4] = {0.0, tau, m ? rows[m - 1].time : 1.0, INFINITY};
    for (int i = 0; i < 4; i++) {
        double s, e, l, u;
        NEED(clv_km_survival_at(rows, m, at[i], &s, &e, &l, &u) == CLV_OK);
        double ws = 1.0;
        for (size_t k = 0; k < m && rows[k].time <= at[i]; k++) {
            ws = rows[k].survival;
        }
        NEED(s == ws && l <= s && s <= u && !isnan(e));
    }
}

static void sort_copy(const km_in *in, km_in *out) {
    /* Insertion sort by duration, stable. */
    for (size_t i = 0; i < in->n; i++) {
        out->t[i] = in->t[i];
        out->e[i] = in->e[i];
        if (out->w) {
            out->w[i] = in->w[i];
        }
    }
    for (size_t i = 1; i < in->n; i++) {
        for (size_t j = i; j > 0 && out->t[j] < out->t[j - 1]; j--) {
            double t = out->t[j];
            out->t[j] = out->t[j - 1];
            out->t[j - 1] = t;
            int32_t e = out->e[j];
            out->e[j] = out->e[j - 1];
            out->e[j - 1] = e;
            if (out->w) {
                double w = out->w[j];
                out->w[j] = out->w[j - 1];
                out->w[j - 1] = w;
            }
        }
    }
}

static void fuzz_km(const uint8_t *data, size_t size) {
    uint8_t flags = data[0];
    int weights = flags & 1u, have_ws = (flags >> 1) & 1u, raw = (flags >> 2) & 1u;
    int cap_mode = (flags >> 3) & 3u, ws_small = (flags >> 5) & 1u;
    double level = levels[data[1] & 15u];
    double tau = data[3] / 4.0;
    size_t rec = raw ? 20u : 3u;
    size_t n = (size - HEADER) / rec;
    if (n > MAX_N) {
        n = MAX_N;
    }
    size_t alloc = n ? n : 1;
    km_in in = {n, malloc(alloc * sizeof(double)), malloc(alloc * sizeof(int32_t)),
                weights ? malloc(alloc * sizeof(double)) : NULL};
    NEED(in.t && in.e && (!weights || in.w));
    const uint8_t *p = data + HEADER;
    int exact = !raw; /* eighths below 30 in sums of at most 64: every sum exact */
    for (size_t i = 0; i < n; i++, p += rec) {
        if (raw) {
            double w;
            memcpy(&in.t[i], p, 8);
            memcpy(&in.e[i], p + 8, 4);
            memcpy(&w, p + 12, 8);
            if (in.w) {
                in.w[i] = w;
            }
        } else {
            in.t[i] = p[0] < 240 ? p[0] / 4.0 : special_values[p[0] - 240];
            static const int32_t ev[4] = {0, 1, 2, -1};
            in.e[i] = ev[p[1] % 4];
            if (in.w) {
                in.w[i] = p[2] < 240 ? p[2] / 8.0 : special_values[p[2] - 240];
                exact &= p[2] < 240;
            }
        }
    }
    size_t ws_bytes = 0;
    NEED(clv_km_workspace_size(n, &ws_bytes) == CLV_OK);
    if (ws_small && ws_bytes > 0) {
        ws_bytes--;
    }
    void *ws = have_ws ? malloc(ws_bytes ? ws_bytes : 1) : NULL;
    size_t need_probe = 0, bad_probe = 0;
    size_t capacity = MAX_N;
    int expect0 = naive_status(&in, level, have_ws, ws_small, MAX_N, &need_probe, &bad_probe);
    if (cap_mode == 1 && expect0 == CLV_OK && need_probe > 0) {
        capacity = need_probe - 1;
    } else if (cap_mode == 2) {
        capacity = 0;
    } else if (cap_mode == 3) {
        capacity = data[2] % (MAX_N + 1);
    }
    size_t need = 0, bad = SIZE_MAX; /* SIZE_MAX: no bad row */
    int expect = naive_status(&in, level, have_ws, ws_small, capacity, &need, &bad);

    cur_what = "clv_km_estimate";
    clv_km_row rows[MAX_N];
    clv_km_summary sum;
    size_t n_rows, bad_index;
    memset(rows, SENT, sizeof rows);
    memset(&sum, SENT, sizeof sum);
    memset(&n_rows, SENT, sizeof n_rows);
    memset(&bad_index, SENT, sizeof bad_index);
    clv_km_data kd = {n, in.t, in.e, in.w};
    int st = clv_km_estimate(&kd, level, ws, ws_bytes, capacity ? rows : NULL, capacity, &n_rows,
                             &sum, &bad_index);
    NEED(st == expect);
    if (st != CLV_OK) {
        NEED(untouched(rows, sizeof rows) && untouched(&sum, sizeof sum));
        NEED(st == CLV_ENOMEM && need > capacity ? n_rows == need
                                                 : untouched(&n_rows, sizeof n_rows));
        NEED(bad != SIZE_MAX ? bad_index == bad : untouched(&bad_index, sizeof bad_index));
    } else {
        NEED(n_rows == need && sum.n_rows == need && untouched(&bad_index, sizeof bad_index));
        NEED(untouched(rows + n_rows, (MAX_N - n_rows) * sizeof rows[0]));
        NEED(sum.customers > 0.0 && sum.events >= 0.0 && sum.censored >= 0.0);
        check_rows(&in, rows, n_rows, exact);
        if (exact && n > 0) {
            /* Unsorted through the workspace == the sorted copy, bit for bit. */
            km_in sorted = {n, malloc(n * sizeof(double)), malloc(n * sizeof(int32_t)),
                            in.w ? malloc(n * sizeof(double)) : NULL};
            NEED(sorted.t && sorted.e && (!in.w || sorted.w));
            sort_copy(&in, &sorted);
            clv_km_data sd = {n, sorted.t, sorted.e, sorted.w};
            clv_km_row again[MAX_N];
            size_t n2;
            cur_what = "clv_km_estimate (sorted copy)";
            NEED(clv_km_estimate(&sd, level, NULL, 0, again, MAX_N, &n2, NULL, NULL) == CLV_OK);
            NEED(n2 == n_rows && memcmp(again, rows, n2 * sizeof rows[0]) == 0);
            free(sorted.t);
            free(sorted.e);
            free(sorted.w);
        }
        check_readers(rows, n_rows, tau);
    }
    free(ws);
    free(in.t);
    free(in.e);
    free(in.w);
}

/* ---- cohort tables ------------------------------------------------------------------------ */

static double cell_of(uint8_t b) {
    switch (b) {
    case 255:
        return NAN;
    case 254:
        return -1.0;
    case 253:
        return INFINITY;
    case 252:
        return DBL_MAX;
    default:
        return (double)b;
    }
}

static void fuzz_cohort(const uint8_t *data, size_t size) {
    size_t nc = data[1] % 6u + 1, np = data[2] % 8u + 1;
    int with_observed = data[3] & 1u;
    const uint8_t *p = data + HEADER;
    size_t left = size - HEADER;
    size_t observed[6];
    for (size_t c = 0; c < nc; c++) {
        observed[c] = (left > 0) ? (size_t)(*p % (np + 2)) : np;
        if (with_observed && left > 0) {
            p++;
            left--;
        }
    }
    double *cells = malloc(nc * np * sizeof(double));
    NEED(cells != NULL);
    for (size_t i = 0; i < nc * np; i++) {
        cells[i] = (i < left) ? cell_of(p[i]) : NAN;
    }
    /* Naive validation. */
    int expect = CLV_OK;
    size_t bad = 0, len[6];
    for (size_t c = 0; c < nc && expect == CLV_OK; c++) {
        const double *row = cells + c * np;
        size_t L = 0;
        if (with_observed) {
            L = observed[c];
            if (L > np) {
                expect = CLV_EINVAL;
                break;
            }
        } else {
            while (L < np && !isnan(row[L])) {
                L++;
            }
            for (size_t t = L; t < np; t++) {
                if (!isnan(row[t])) {
                    expect = CLV_EDOM;
                }
            }
        }
        if (expect == CLV_OK && (L == 0 || !(row[0] > 0.0))) {
            expect = CLV_EDOM;
        }
        for (size_t t = 0; t < L && expect == CLV_OK; t++) {
            if (!(row[t] >= 0.0) || !isfinite(row[t]) || (t > 0 && row[t] > row[t - 1])) {
                expect = CLV_EDOM;
            }
        }
        bad = c;
        len[c] = L;
    }
    clv_cohort_table tb = {nc, np, np, cells, with_observed ? observed : NULL};
    double r[48], s[48], pr[8], ps[8];
    memset(r, SENT, sizeof r);
    memset(s, SENT, sizeof s);
    memset(pr, SENT, sizeof pr);
    memset(ps, SENT, sizeof ps);
    clv_cohort_rates rates = {np, r, s, pr, ps};
    size_t pooled, bad_cohort;
    memset(&pooled, SENT, sizeof pooled);
    memset(&bad_cohort, SENT, sizeof bad_cohort);
    cur_what = "clv_cohort_retention";
    int st = clv_cohort_retention(&tb, &rates, &pooled, &bad_cohort);
    if (expect != CLV_OK) {
        NEED(st == expect);
    } else {
        NEED(st == CLV_OK || st == CLV_ERANGE);
    }
    if (st != CLV_OK) {
        NEED(untouched(r, sizeof r) && untouched(s, sizeof s) && untouched(pr, sizeof pr) &&
             untouched(ps, sizeof ps) && untouched(&pooled, sizeof pooled));
        NEED(st == CLV_EDOM ? bad_cohort == bad : untouched(&bad_cohort, sizeof bad_cohort));
    } else {
        NEED(pooled >= 1 && pooled <= np);
        for (size_t c = 0; c < nc; c++) {
            for (size_t t = 0; t < np; t++) {
                double rv = r[c * np + t], sv = s[c * np + t];
                if (t >= len[c]) {
                    NEED(untouched(&rv, sizeof rv) && untouched(&sv, sizeof sv));
                    continue;
                }
                NEED(sv >= 0.0 && sv <= 1.0);
                NEED(untouched(&rv, sizeof rv) || (rv >= 0.0 && rv <= 1.0));
            }
        }
        for (size_t t = 0; t < np; t++) {
            if (t >= pooled) {
                NEED(untouched(&pr[t], sizeof pr[t]) && untouched(&ps[t], sizeof ps[t]));
                continue;
            }
            NEED(pr[t] >= 0.0 && pr[t] <= 1.0 && ps[t] >= 0.0 && ps[t] <= 1.0);
            NEED(t == 0 || ps[t] <= ps[t - 1]);
        }
    }
    free(cells);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < HEADER) {
        return 0;
    }
    if (data[0] & 0x80u) {
        fuzz_cohort(data, size);
    } else {
        fuzz_km(data, size);
    }
    return 0;
}
