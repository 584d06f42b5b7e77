/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * libFuzzer harness: the Nelson-Aalen estimate and the log-rank test of churn.h
 * (clv_nelson_aalen, clv_logrank_test, clv_surv_workspace_size), checked against the header's
 * contract and a naive quadratic re-implementation.
 *
 * Input layout:
 *   byte 0  flags: bit 0 weights; bit 1 entry times; bit 2 strata; bit 3 workspace one byte
 *           too small; bit 4 capacity one row short; bit 5 raw doubles for exit and entry.
 *   byte 1  n_groups (% 5: 0..4, so 0 and 1 are refused); byte 2 rho and gamma (low and
 *           high nibble, through weights_fh[]); byte 3 level (% 16 through levels[]).
 *   then records of 6 bytes (or 22 raw), at most MAX_N: exit byte (< 240: byte / 4, else
 *   special[byte - 240]), entry byte (the same map; capped at the exit when below 200,
 *   else kept, so that entry > exit is reached), event byte (% 4: 0, 1, 2, -1), weight byte
 *   (< 240: byte / 8, else special), group byte (% 6: 0..5, out of range for small
 *   n_groups), stratum byte (% 3 - 1: -1, 0, 1).
 *
 * Checked: the status is the first the contract gives (naively recomputed); failing calls
 * leave every output untouched (n_rows written only for a too-small capacity, bad_index only
 * for a bad row); on success the Nelson-Aalen rows are the distinct event times with the
 * counts of a quadratic recount of the risk sets (bit-exact when weights are eighths), H
 * increasing and finite, lower <= H <= upper; the log-rank statistic and expected counts
 * agree with the quadratic recomputation (1e-9 relative, plus an absolute floor), O sums to
 * the events, p in [0, 1]; reversing the rows changes nothing beyond rounding.
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "churn.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_N 48
#define HEADER 4
#define SENT 0xA5

static const char *cur_what = "";

static void fail(const char *cond, int line) {
    fprintf(stderr, "\nCONTRACT VIOLATION in %s: %s (fuzz_survtest.c:%d)\n", cur_what, cond,
            line);
    abort();
}

#include "fuzz_common.h"

static const double special[16] = {NAN,    INFINITY, -INFINITY, -0.0, DBL_MAX, -DBL_MAX,
                                   1e308,  -1.0,     5e-324,    0.1,  1e-300,  1e300,
                                   0.3,    2.5,      1e-10,     7.0};
static const double levels[16] = {0.95, 0.9,  0.5, 0.99, 0.0,   1.0, NAN,        -0.5,
                                  1e-300, 0.8, 0.6, 0.1,  INFINITY, 0.3, 1.0 - 1e-16, 0.7};
static const double weights_fh[16] = {0, 0, 0, 0, 1, 1, 0.5, 2, 3, -1, NAN, INFINITY, 1e-300,
                                      0.25, 10, 0};

static double map_time(uint8_t b) {
    return (b < 240) ? b / 4.0 : special[b - 240];
}

typedef struct in_t {
    size_t n;
    double exit[MAX_N], entry[MAX_N], weight[MAX_N];
    int32_t event[MAX_N], group[MAX_N], stratum[MAX_N];
    int has_w, has_e, has_s;
} in_t;

static double w_of(const in_t *in, size_t i) {
    return in->has_w ? in->weight[i] : 1.0;
}

static int at_risk(const in_t *in, size_t i, double u) {
    return in->has_e ? (in->entry[i] < u && u <= in->exit[i]) : (u <= in->exit[i]);
}

static int counts(const in_t *in, size_t i) {
    return in->event[i] == 1 && (!in->has_e || in->entry[i] < in->exit[i]);
}

/* Positive weights more than 1e12 apart: a risk set can then be too small, beside the
 * weight that passed through it, to be told to 13 digits (CLV_ERANGE is allowed). */
static int spans_too_far(const in_t *in) {
    double lo = INFINITY, hi = 0.0;
    for (size_t i = 0; i < in->n; i++) {
        double w = w_of(in, i);
        if (w > 0.0 && isfinite(w)) {
            lo = fmin(lo, w);
            hi = fmax(hi, w);
        }
    }
    return hi > 1e12 * lo;
}

/* First bad row, or n. */
static size_t first_bad(const in_t *in, uint32_t groups) {
    for (size_t i = 0; i < in->n; i++) {
        double t = in->exit[i], w = w_of(in, i);
        int ok = isfinite(t) && t >= 0.0 && (in->event[i] == 0 || in->event[i] == 1) &&
                 isfinite(w) && w >= 0.0;
        if (ok && in->has_e) {
            ok = isfinite(in->entry[i]) && in->entry[i] >= 0.0 && in->entry[i] <= t;
        }
        if (ok && groups > 0) {
            ok = in->group[i] >= 0 && (uint32_t)in->group[i] < groups;
        }
        if (!ok) {
            return i;
        }
    }
    return in->n;
}

static double total_weight(const in_t *in) {
    double s = 0.0;
    for (size_t i = 0; i < in->n; i++) {
        s += w_of(in, i);
    }
    return s;
}

/* Distinct event times (with positive risk set), sorted, into ts; returns their number. */
static size_t event_times(const in_t *in, int32_t stratum, int all, double *ts) {
    size_t m = 0;
    for (size_t i = 0; i < in->n; i++) {
        if (!counts(in, i) || !(w_of(in, i) > 0.0) || (!all && in->stratum[i] != stratum)) {
            continue;
        }
        double u = in->exit[i];
        int seen = 0;
        for (size_t k = 0; k < m; k++) {
            seen |= ts[k] == u;
        }
        if (!seen) {
            ts[m++] = u;
        }
    }
    for (size_t a = 1; a < m; a++) { /* insertion sort */
        double v = ts[a];
        size_t b = a;
        while (b > 0 && ts[b - 1] > v) {
            ts[b] = ts[b - 1];
            b--;
        }
        ts[b] = v;
    }
    return m;
}

static void check_na(const in_t *in, const clv_surv_data *d, double level, int short_ws,
                     int short_cap) {
    cur_what = "clv_nelson_aalen";
    static unsigned char ws[MAX_N * 64 + 6 * 2048 * 8 + 64];
    size_t need_ws;
    NEED(clv_surv_workspace_size(in->n, &need_ws) == CLV_OK && need_ws <= sizeof ws);
    double ts[MAX_N];
    size_t m = (in->n > 0) ? event_times(in, 0, 1, ts) : 0;
    size_t bad = first_bad(in, 0);
    double tot = total_weight(in);
    size_t cap = (short_cap && m > 0) ? m - 1 : MAX_N;
    int want;
    if (in->n == 0) {
        want = CLV_EINVAL;
    } else if (!(level > 0.0 && level < 1.0)) {
        want = CLV_EDOM;
    } else if (bad < in->n) {
        want = CLV_EDOM;
    } else if (!(tot > 0.0)) {
        want = CLV_EDOM;
    } else if (!isfinite(tot)) {
        want = CLV_ERANGE;
    } else if (short_ws) {
        want = CLV_ENOMEM;
    } else if (m == 0) {
        want = CLV_EIDENT;
    } else if (m > cap) {
        want = CLV_ENOMEM;
    } else {
        want = CLV_OK;
    }
    clv_na_row rows[MAX_N];
    memset(rows, SENT, sizeof rows);
    size_t n_rows, bad_index;
    memset(&n_rows, SENT, sizeof n_rows);
    memset(&bad_index, SENT, sizeof bad_index);
    int st = clv_nelson_aalen(d, level, ws, short_ws ? need_ws - 1 : need_ws, rows, cap, &n_rows,
                              &bad_index);
    if (st == CLV_ERANGE && spans_too_far(in) &&
        (want == CLV_OK || want == CLV_EIDENT || want == CLV_ENOMEM)) {
        /* a risk set too small beside the weight that passed through it (documented) */
        NEED(untouched_bytes(rows, sizeof rows, SENT));
        return;
    }
    NEED(st == want);
    if (st == CLV_EDOM && bad < in->n && in->n > 0 && level > 0.0 && level < 1.0) {
        NEED(bad_index == bad);
    } else {
        NEED(untouched_bytes(&bad_index, sizeof bad_index, SENT));
    }
    if (st != CLV_OK) {
        NEED(untouched_bytes(rows, sizeof rows, SENT));
        if (st == CLV_ENOMEM && !short_ws) {
            NEED(n_rows == m);
        } else {
            NEED(untouched_bytes(&n_rows, sizeof n_rows, SENT));
        }
        return;
    }
    NEED(n_rows == m);
    double H = 0.0;
    for (size_t k = 0; k < m; k++) {
        double n = 0.0, dd = 0.0;
        for (size_t i = 0; i < in->n; i++) {
            if (at_risk(in, i, ts[k])) {
                n += w_of(in, i);
            }
            if (in->exit[i] == ts[k] && counts(in, i)) {
                dd += w_of(in, i);
            }
        }
        const clv_na_row *r = &rows[k];
        NEED(r->time == ts[k]);
        NEED(fabs(r->at_risk - n) <= 1e-12 * n && fabs(r->events - dd) <= 1e-12 * dd);
        H += dd / n;
        NEED(isfinite(r->cum_hazard) && fabs(r->cum_hazard - H) <= 1e-12 * H);
        NEED(r->lower <= r->cum_hazard && r->cum_hazard <= r->upper && r->lower >= 0.0);
        NEED(!isnan(r->std_error) && r->std_error >= 0.0);
    }
}

/* The statistic by the definitions, for K groups (Cholesky in the naive way). */
static double naive_logrank(const in_t *in, uint32_t K, double rho, double gamma, double *E) {
    double U[8] = {0}, V[8][8] = {{0}};
    for (uint32_t k = 0; k < K; k++) {
        E[k] = 0.0;
    }
    for (int32_t s = -1; s <= 1; s++) {
        double ts[MAX_N];
        size_t m = event_times(in, s, !in->has_s, ts);
        if (!in->has_s && s != 0) {
            continue;
        }
        double S = 1.0;
        for (size_t k = 0; k < m; k++) {
            double nk[8] = {0}, dk[8] = {0}, n = 0.0, dd = 0.0;
            for (size_t i = 0; i < in->n; i++) {
                if (in->has_s && in->stratum[i] != s) {
                    continue;
                }
                if (at_risk(in, i, ts[k])) {
                    nk[in->group[i]] += w_of(in, i);
                    n += w_of(in, i);
                }
                if (in->exit[i] == ts[k] && counts(in, i)) {
                    dk[in->group[i]] += w_of(in, i);
                    dd += w_of(in, i);
                }
            }
            if (!(n > 0.0) || !(dd > 0.0)) {
                continue;
            }
            double w = pow(S, rho) * pow(1.0 - S, gamma);
            double c = (n > 1.0) ? dd * ((n - dd) / (n - 1.0)) : 0.0;
            for (uint32_t a = 0; a < K; a++) {
                E[a] += dd * (nk[a] / n);
                U[a] += w * (dk[a] - dd * (nk[a] / n));
                for (uint32_t b = 0; b < K; b++) {
                    V[a][b] += w * w * c * (nk[a] / n) * ((a == b) - nk[b] / n);
                }
            }
            S *= 1.0 - dd / n;
        }
    }
    /* solve by Gaussian elimination without pivoting on K - 1 (positive definite) */
    uint32_t m = K - 1;
    for (uint32_t a = 0; a < m; a++) {
        for (uint32_t b = 0; b < m; b++) {
            if (!isfinite(V[a][b]) || !isfinite(U[a])) {
                return NAN; /* the naive sums overflowed: no comparison */
            }
        }
    }
    double A[8][9];
    for (uint32_t a = 0; a < m; a++) {
        for (uint32_t b = 0; b < m; b++) {
            A[a][b] = V[a][b];
        }
        A[a][m] = U[a];
    }
    for (uint32_t p = 0; p < m; p++) {
        if (!(A[p][p] > 0.0)) {
            return NAN;
        }
        for (uint32_t r = p + 1; r < m; r++) {
            double f = A[r][p] / A[p][p];
            for (uint32_t c = p; c <= m; c++) {
                A[r][c] -= f * A[p][c];
            }
        }
    }
    double y[8], q = 0.0;
    for (uint32_t a = m; a-- > 0;) {
        double sum = A[a][m];
        for (uint32_t c = a + 1; c < m; c++) {
            sum -= A[a][c] * y[c];
        }
        y[a] = sum / A[a][a];
    }
    for (uint32_t a = 0; a < m; a++) {
        q += U[a] * y[a];
    }
    return q;
}

static void check_logrank(const in_t *in, const clv_surv_data *d, uint32_t K, double rho,
                          double gamma, int short_ws) {
    cur_what = "clv_logrank_test";
    static unsigned char ws[MAX_N * 64 + 6 * 2048 * 8 + 64];
    size_t need_ws;
    NEED(clv_surv_workspace_size(in->n, &need_ws) == CLV_OK);
    double O[8], E[8];
    clv_logrank_result r;
    size_t bad_index;
    memset(O, SENT, sizeof O);
    memset(E, SENT, sizeof E);
    memset(&r, SENT, sizeof r);
    memset(&bad_index, SENT, sizeof bad_index);
    int st = clv_logrank_test(d, K, rho, gamma, ws, short_ws ? need_ws - 1 : need_ws, O, E, &r,
                              &bad_index);
    size_t bad = first_bad(in, K);
    double tot = total_weight(in);
    int pre;
    if (in->n == 0) {
        pre = CLV_EINVAL;
    } else if (K < 2 || K > CLV_LOGRANK_MAX_GROUPS || !(isfinite(rho) && rho >= 0.0) ||
               !(isfinite(gamma) && gamma >= 0.0)) {
        pre = CLV_EDOM;
    } else if (bad < in->n) {
        pre = CLV_EDOM;
    } else if (!(tot > 0.0)) {
        pre = CLV_EDOM;
    } else if (!isfinite(tot)) {
        pre = CLV_ERANGE;
    } else if (short_ws) {
        pre = CLV_ENOMEM;
    } else {
        pre = CLV_OK; /* then OK, EIDENT or ERANGE, checked below */
    }
    if (pre != CLV_OK) {
        NEED(st == pre);
    } else {
        NEED(st == CLV_OK || st == CLV_EIDENT ||
             (st == CLV_ERANGE && (spans_too_far(in) || tot > 1e300)));
    }
    if (st == CLV_EDOM && bad < in->n && pre == CLV_EDOM && in->n > 0 && K >= 2 &&
        K <= CLV_LOGRANK_MAX_GROUPS && isfinite(rho) && rho >= 0.0 && isfinite(gamma) &&
        gamma >= 0.0) {
        NEED(bad_index == bad);
    } else {
        NEED(untouched_bytes(&bad_index, sizeof bad_index, SENT));
    }
    if (st != CLV_OK) {
        NEED(untouched_bytes(O, sizeof O, SENT) && untouched_bytes(E, sizeof E, SENT));
        NEED(untouched_bytes(&r, sizeof r, SENT));
        return;
    }
    NEED(r.statistic >= 0.0 && isfinite(r.statistic));
    NEED(r.p_value >= 0.0 && r.p_value <= 1.0);
    NEED(r.df == (double)(K - 1) && r.n_groups == K);
    double osum = 0.0, esum = 0.0;
    for (uint32_t k = 0; k < K; k++) {
        NEED(O[k] >= 0.0 && E[k] >= 0.0);
        osum += O[k];
        esum += E[k];
    }
    NEED(fabs(osum - r.events) <= 1e-12 * r.events && fabs(esum - r.events) <= 1e-9 * r.events);
    double En[8];
    double q = naive_logrank(in, K, rho, gamma, En);
    if (isfinite(q) && r.statistic < 1e12) {
        NEED(fabs(q - r.statistic) <= 1e-7 * fmax(q, 1.0));
    }
    for (uint32_t k = 0; k < K; k++) {
        NEED(fabs(En[k] - E[k]) <= 1e-9 * fmax(En[k], 1.0));
    }
    /* the rows reversed: the same answer */
    in_t rev = *in;
    for (size_t i = 0; i < in->n; i++) {
        size_t j = in->n - 1 - i;
        rev.exit[j] = in->exit[i];
        rev.entry[j] = in->entry[i];
        rev.weight[j] = in->weight[i];
        rev.event[j] = in->event[i];
        rev.group[j] = in->group[i];
        rev.stratum[j] = in->stratum[i];
    }
    clv_surv_data dr = {rev.n,
                        rev.exit,
                        rev.event,
                        rev.has_e ? rev.entry : NULL,
                        rev.has_w ? rev.weight : NULL,
                        rev.group,
                        rev.has_s ? rev.stratum : NULL};
    clv_logrank_result rr;
    NEED(clv_logrank_test(&dr, K, rho, gamma, ws, need_ws, NULL, NULL, &rr, NULL) == CLV_OK);
    NEED(fabs(rr.statistic - r.statistic) <= 1e-9 * fmax(r.statistic, 1.0));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < HEADER) {
        return 0;
    }
    uint8_t flags = data[0];
    in_t in;
    memset(&in, 0, sizeof in);
    in.has_w = flags & 1;
    in.has_e = (flags >> 1) & 1;
    in.has_s = (flags >> 2) & 1;
    int raw = (flags >> 5) & 1;
    size_t rec = raw ? 22 : 6;
    for (size_t pos = HEADER; pos + rec <= size && in.n < MAX_N; pos += rec) {
        const uint8_t *p = data + pos;
        size_t i = in.n++;
        if (raw) {
            memcpy(&in.exit[i], p, 8);
            memcpy(&in.entry[i], p + 8, 8);
            p += 16;
        } else {
            in.exit[i] = map_time(p[0]);
            double e = map_time(p[1]);
            in.entry[i] = (p[1] < 200 && e > in.exit[i]) ? in.exit[i] : e;
            p += 2;
        }
        static const int32_t ev[4] = {0, 1, 2, -1};
        in.event[i] = ev[p[0] % 4];
        in.weight[i] = (p[1] < 240) ? p[1] / 8.0 : special[p[1] - 240];
        in.group[i] = p[2] % 6;
        in.stratum[i] = (int32_t)(p[3] % 3) - 1;
    }
    clv_surv_data d = {in.n,
                       in.exit,
                       in.event,
                       in.has_e ? in.entry : NULL,
                       in.has_w ? in.weight : NULL,
                       in.group,
                       in.has_s ? in.stratum : NULL};
    double level = levels[data[3] % 16];
    check_na(&in, &d, level, (flags >> 3) & 1, (flags >> 4) & 1);
    uint32_t K = data[1] % 5;
    double rho = weights_fh[data[2] & 15], gamma = weights_fh[data[2] >> 4];
    check_logrank(&in, &d, K, rho, gamma, (flags >> 3) & 1);
    return 0;
}
