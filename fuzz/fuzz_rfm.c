/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * libFuzzer harness: the RFM data layer of clv.h -- clv_rfm_summary() read as given, through
 * the permutation of clv_rfm_order() and through a fuzzed (often invalid) permutation; the
 * streaming clv_rfm_update() / clv_rfm_state_summary(); and clv_rfm_check() -- on a
 * transaction log taken from the input, checked against the header's contract and against
 * naive re-implementations of the validation rules.
 *
 * Input layout:
 *   byte 0  flags: bit 0 record format (0 compact, 1 raw); bit 1 no amounts (null);
 *           bit 2 null options; bits 3-4 options size (0 exact, 1 too small, 2 larger with a
 *           zero tail, 3 larger with a non-zero tail); bit 5 each record carries an index of
 *           a fuzzed `order`; bit 6 only the required table columns; bit 7 need_monetary
 *           for clv_rfm_check().
 *   byte 1  period (low 4 bits index period_values[]);
 *   byte 2  calibration_end, byte 3 holdout_end (low 4 bits index end_values[]);
 *   byte 4  table capacity (255: MAX_N); 254 also runs the long-log checks below;
 *   then records, at most MAX_N:
 *     compact (3 bytes, +1 with bit 5): customer id = byte % 8; time byte: < 240 gives
 *       byte / 4 (exact quarters), else special_values[byte - 240]; amount byte: < 240 gives
 *       (byte - 120) / 2, else special_values[byte - 240]; order byte % (n + 2);
 *     raw (17 bytes, +1 with bit 5): customer byte % 8, little-endian time and amount
 *       doubles; order byte.
 *
 * Checked:
 * - clv_rfm_summary() returns exactly the status the contract gives: CLV_ESTRUCT / CLV_EDOM
 *   for bad options, then CLV_EINVAL / CLV_EDOM at the first bad position of the log (out of
 *   range or repeated index, non-finite time or amount, a customer id smaller than the one
 *   before, time going back within a customer, a tie of equal customer and time whose indices
 *   change direction) with that position in bad_index, then CLV_ERANGE
 *   exactly when the streaming replay overflows, then CLV_ENOMEM with the number of rows
 *   needed; on any error the table is untouched (n_customers written only on CLV_ENOMEM,
 *   bad_index only on a bad position);
 * - on CLV_OK: one row per customer whose first purchase is in the calibration period, in
 *   ascending customer order; x whole >= 0, 0 <= t_x <= T, t_x = 0 when x = 0; x, t_x, T,
 *   monetary bitwise equal to clv_rfm_update() / clv_rfm_state_summary() on the customer's
 *   calibration purchases; x_holdout and monetary_holdout as counted here; rows past
 *   n_customers untouched; the table passes clv_rfm_check();
 * - clv_rfm_order() gives a permutation sorted by (customer, time, index), or CLV_EDOM with
 *   nothing written for a non-finite time;
 * - clv_rfm_update() on the whole log as one stream: CLV_EDOM / CLV_EINVAL exactly when the
 *   contract says, the state unchanged on every error; clv_rfm_state_summary() invariants;
 * - clv_rfm_check() on rows made of the fuzzed doubles: status and bad_index as a naive check;
 * - long logs (byte 4 = 254): every record repeated LONG_REPEAT times, so ties run to 65,536
 *   rows (issue 21: a tie read backwards was quadratic, minutes for 10^6 rows; run-fuzzer.sh's
 *   per-input -timeout catches such a regression): sorted (ties rising), with every tie
 *   reversed (the same status, and the same x, t_x, T, x_holdout when both
 *   succeed), and with the longest tie in organ-pipe order (CLV_EINVAL where it turns, or
 *   CLV_EDOM at an earlier non-finite amount);
 * - inputs are never written; arrays are exact-size heap copies, so ASan sees an overread.
 */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_N 64
#define LONG_REPEAT 1024
#define SENTINEL 0xA5
#define HEADER 5

static const char *cur_what = "";

static void fail(const char *cond, int line) {
    fprintf(stderr, "\nCONTRACT VIOLATION in %s: %s (fuzz_rfm.c:%d)\n", cur_what, cond, line);
    abort();
}

#include "fuzz_common.h"

static int untouched(const void *p, size_t n) {
    return untouched_bytes(p, n, SENTINEL);
}

static const double special_values[16] = {NAN,
                                          INFINITY,
                                          -INFINITY,
                                          -0.0,
                                          DBL_MAX,
                                          -DBL_MAX,
                                          1e308,
                                          -1e308,
                                          5e-324,
                                          0.1,
                                          1e-300,
                                          1e300,
                                          0.3,
                                          -1.0,
                                          4503599627370496.0,
                                          9007199254740993.0};
static const double period_values[16] = {0.0,    1.0,     0.25,   0.3, 7.0,   -1.0, NAN,  INFINITY,
                                         1e-300, DBL_MAX, 5e-324, 0.1, 1e300, 2.0,  -0.0, 10.0};
static const double end_values[16] = {INFINITY, -INFINITY, NAN,  0.0,  5.0,     10.0,  20.5,  30.0,
                                      1e308,    -1.0,      60.0, -0.0, DBL_MAX, 12.25, 1e300, 45.0};

static int same_bits(double a, double b) {
    return memcmp(&a, &b, sizeof a) == 0;
}

/* The period start, as the header defines it. */
static double floored(double t, double period) {
    return (period > 0.0) ? floor(t / period) * period : t;
}

/* ---- the log and its outputs -------------------------------------------------------------- */

typedef struct fuzz_log {
    size_t n;
    uint64_t *customer;
    double *time;
    double *amount; /* null: no amounts */
} fuzz_log;

typedef struct out_table {
    uint64_t customer[MAX_N];
    double x[MAX_N];
    double t_x[MAX_N];
    double T[MAX_N];
    double monetary[MAX_N];
    double x_holdout[MAX_N];
    double monetary_holdout[MAX_N];
    size_t n_customers;
    size_t bad_index;
} out_table;

static size_t at(const size_t *order, size_t pos) {
    return order != NULL ? order[pos] : pos;
}

/* The validation rules, one position at a time, quadratic and obvious; a tie (a run of equal
 * customer and time) read through `order` must have its indices strictly rising or strictly
 * falling, its direction set by its first two positions. */
static int naive_log_status(const fuzz_log *log, const size_t *order, size_t *bad) {
    for (size_t pos = 0; pos < log->n; pos++) {
        size_t idx = at(order, pos);
        *bad = pos;
        if (idx >= log->n) {
            return CLV_EINVAL;
        }
        if (!isfinite(log->time[idx]) || (log->amount && !isfinite(log->amount[idx]))) {
            return CLV_EDOM;
        }
        if (order != NULL) {
            for (size_t q = 0; q < pos; q++) {
                if (order[q] == idx) {
                    return CLV_EINVAL;
                }
            }
        }
        if (pos == 0) {
            continue;
        }
        size_t prev = at(order, pos - 1);
        if (log->customer[idx] < log->customer[prev]) {
            return CLV_EINVAL; /* not sorted by customer */
        }
        if (log->customer[idx] == log->customer[prev] && log->time[idx] < log->time[prev]) {
            return CLV_EINVAL; /* not sorted by time within the customer */
        }
        if (order != NULL && log->customer[idx] == log->customer[prev] &&
            log->time[idx] == log->time[prev]) {
            size_t first = pos - 1; /* the tie's first position */
            while (first > 0 && log->customer[order[first - 1]] == log->customer[idx] &&
                   log->time[order[first - 1]] == log->time[idx]) {
                first--;
            }
            if (first + 1 < pos) {
                int rising = order[first + 1] > order[first];
                if ((rising && !(idx > prev)) || (!rising && !(idx < prev))) {
                    return CLV_EINVAL; /* the tie changes direction */
                }
            }
        }
    }
    return CLV_OK;
}

/* What the options are after reading: -1 when they must be rejected (status in *st). */
static int naive_options(const clv_rfm_options *o, int size_mode, int *st, double *period,
                         double *cal, double *hold) {
    if (o == NULL) {
        *period = 0.0;
        *cal = *hold = INFINITY;
        return 0;
    }
    if (size_mode == 1 || size_mode == 3) {
        *st = CLV_ESTRUCT;
        return -1;
    }
    if (!(o->period >= 0.0) || !isfinite(o->period) || isnan(o->calibration_end) ||
        !(o->holdout_end >= o->calibration_end)) {
        *st = CLV_EDOM;
        return -1;
    }
    *period = o->period;
    *cal = o->calibration_end;
    *hold = o->holdout_end;
    return 0;
}

/* One reference row, from the streaming functions and a holdout count of our own. */
typedef struct ref_row {
    uint64_t id;
    double v[4];
    double x_holdout;
    double monetary_holdout;
} ref_row;

/*
 * The expected rows of a valid log read through `order`. Returns CLV_OK, or CLV_ERANGE when
 * some period start is not finite or the streaming replay (or a holdout total) overflows.
 */
static int reference_rows(const fuzz_log *log, const size_t *order, double period, double cal,
                          double hold, ref_row *rows, size_t *n_rows) {
    double last_time = -INFINITY;
    double last_start = -INFINITY;
    for (size_t pos = 0; pos < log->n; pos++) {
        double t = log->time[at(order, pos)];
        double s = floored(t, period);
        if (!isfinite(s)) {
            return CLV_ERANGE;
        }
        if (s > last_start) {
            last_start = s;
            last_time = t;
        }
    }
    double cal_start = isinf(cal) ? cal : floored(cal, period);
    double hold_start = isinf(hold) ? hold : floored(hold, period);
    if ((!isfinite(cal_start) && !isinf(cal)) || (!isfinite(hold_start) && !isinf(hold))) {
        return CLV_ERANGE;
    }
    double now = cal;
    if (cal == INFINITY) {
        cal_start = last_start;
        now = last_time; /* its period start is the last one of the log */
    }
    size_t r = 0;
    int status = CLV_OK;
    for (size_t a = 0; a < log->n;) {
        uint64_t id = log->customer[at(order, a)];
        clv_rfm_state state;
        NEED(clv_rfm_state_init(&state) == CLV_OK);
        double hold_count = 0.0, hold_total = 0.0, hold_last = 0.0;
        /* The calibration purchases counted independently of clv_rfm_update(). */
        double count = 0.0, first_s = 0.0, last_s = 0.0, repeat_total = 0.0;
        size_t b = a;
        for (; b < log->n && log->customer[at(order, b)] == id; b++) {
            size_t idx = at(order, b);
            double amount = log->amount ? log->amount[idx] : 0.0;
            double s = floored(log->time[idx], period);
            if (s <= cal_start) {
                if (count == 0.0) {
                    count = 1.0;
                    first_s = last_s = s;
                } else {
                    if (period == 0.0 || s != last_s) {
                        count += 1.0;
                        last_s = s;
                    }
                    if (period == 0.0 || s != first_s) {
                        repeat_total += amount;
                    }
                }
                int st = clv_rfm_update(&state, log->time[idx], amount, period);
                NEED(st == CLV_OK || st == CLV_ERANGE);
                if (st != CLV_OK) {
                    status = CLV_ERANGE;
                }
            } else if (state.purchases > 0.0 && s <= hold_start) {
                if (hold_count == 0.0 || period == 0.0 || s != hold_last) {
                    hold_count += 1.0;
                    hold_last = s;
                }
                hold_total += amount;
                if (!isfinite(hold_total)) {
                    status = CLV_ERANGE;
                }
            }
        }
        a = b;
        if (state.purchases == 0.0 || status != CLV_OK) {
            continue;
        }
        ref_row *row = &rows[r++];
        row->id = id;
        int st = clv_rfm_state_summary(&state, now, period, &row->v[0], &row->v[1], &row->v[2],
                                       &row->v[3]);
        NEED(st == CLV_OK || st == CLV_ERANGE);
        if (st != CLV_OK) {
            status = CLV_ERANGE;
        }
        if (st == CLV_OK) {
            NEED(row->v[0] == count - 1.0);
            NEED(same_bits(row->v[1], last_s - first_s));
            NEED(same_bits(row->v[2], cal_start - first_s));
            NEED(log->amount == NULL || count == 1.0 ||
                 same_bits(row->v[3], repeat_total / (count - 1.0)));
        }
        row->x_holdout = hold_count;
        row->monetary_holdout = hold_count > 0.0 ? hold_total / hold_count : 0.0;
    }
    *n_rows = r;
    return status;
}

/* One clv_rfm_summary() call against the reference. */
static void check_summary(const fuzz_log *log, const size_t *order, const clv_rfm_options *opts,
                          int size_mode, size_t capacity, int all_columns) {
    cur_what = order ? "clv_rfm_summary (with order)" : "clv_rfm_summary";
    out_table *out = malloc(sizeof *out);
    NEED(out != NULL);
    memset(out, SENTINEL, sizeof *out);
    clv_rfm_table table = {capacity,
                           all_columns ? out->customer : NULL,
                           out->x,
                           out->t_x,
                           out->T,
                           all_columns ? out->monetary : NULL,
                           all_columns ? out->x_holdout : NULL,
                           all_columns ? out->monetary_holdout : NULL};

    int st = clv_rfm_summary(log->customer, log->time, log->amount, log->n, order, opts, &table,
                             &out->n_customers, &out->bad_index);
    NEED(st <= CLV_OK && st >= CLV_EIDENT);

    int expect;
    double period, cal, hold;
    size_t bad = 0;
    int bad_written = 0;
    ref_row rows[MAX_N];
    size_t n_rows = 0;
    if (log->n == 0) {
        expect = CLV_EINVAL;
    } else if (naive_options(opts, size_mode, &expect, &period, &cal, &hold) != 0) {
        /* expect set */
    } else if ((expect = naive_log_status(log, order, &bad)) != CLV_OK) {
        bad_written = 1;
    } else {
        expect = reference_rows(log, order, period, cal, hold, rows, &n_rows);
        if (expect == CLV_OK && n_rows > capacity) {
            expect = CLV_ENOMEM;
        }
    }
    NEED(st == expect);
    if (opts != NULL && opts->diag != NULL && (size_mode == 0 || size_mode == 2)) {
        /* issue 15: every refusal of accepted options is recorded, a success clears it, and
         * the sentence fits any buffer NUL-terminated */
        char text[24];
        size_t length = 0;
        NEED(opts->diag->status == st);
        NEED(st == CLV_OK || opts->diag->rule != CLV_RULE_NONE);
        NEED(!bad_written || opts->diag->has_row);
        NEED(clv_diag_format(opts->diag, text, sizeof text, &length) == CLV_OK);
        NEED(strlen(text) == (length < sizeof text ? length : sizeof text - 1));
    }

    int n_written = st == CLV_OK || st == CLV_ENOMEM;
    NEED(n_written ? out->n_customers == n_rows : untouched(&out->n_customers, sizeof(size_t)));
    NEED(bad_written ? out->bad_index == bad : untouched(&out->bad_index, sizeof(size_t)));
    size_t from = (st == CLV_OK) ? n_rows : 0;
    NEED(untouched(out->customer + from, (MAX_N - from) * sizeof(uint64_t)));
    NEED(untouched(out->x + from, (MAX_N - from) * sizeof(double)));
    NEED(untouched(out->t_x + from, (MAX_N - from) * sizeof(double)));
    NEED(untouched(out->T + from, (MAX_N - from) * sizeof(double)));
    NEED(untouched(out->monetary + from, (MAX_N - from) * sizeof(double)));
    NEED(untouched(out->x_holdout + from, (MAX_N - from) * sizeof(double)));
    NEED(untouched(out->monetary_holdout + from, (MAX_N - from) * sizeof(double)));
    if (st != CLV_OK) {
        free(out);
        return;
    }

    for (size_t r = 0; r < n_rows; r++) {
        double x = out->x[r], t_x = out->t_x[r], T = out->T[r];
        NEED(x >= 0.0 && floor(x) == x);
        NEED(t_x >= 0.0 && t_x <= T && isfinite(T));
        NEED(x > 0.0 || t_x == 0.0);
        NEED(same_bits(x, rows[r].v[0]) && same_bits(t_x, rows[r].v[1]) &&
             same_bits(T, rows[r].v[2]));
        if (all_columns) {
            NEED(out->customer[r] == rows[r].id);
            NEED(same_bits(out->monetary[r], rows[r].v[3]));
            NEED(log->amount != NULL || out->monetary[r] == 0.0);
            NEED(out->x_holdout[r] == rows[r].x_holdout);
            NEED(same_bits(out->monetary_holdout[r], rows[r].monetary_holdout));
        }
    }
    if (n_rows > 0) { /* every summary row is a valid model row (T >= 0 always) */
        clv_rfm_view view = {n_rows, out->x, out->t_x, out->T, NULL, NULL};
        cur_what = "clv_rfm_check (of a summary)";
        NEED(clv_rfm_check(&view, 0, NULL) == CLV_OK);
    }
    free(out);
}

/* clv_rfm_order(): a sorted permutation, or CLV_EDOM with nothing written. */
static int check_order(const fuzz_log *log, size_t *order) {
    cur_what = "clv_rfm_order";
    int finite = 1;
    for (size_t i = 0; i < log->n; i++) {
        finite &= isfinite(log->time[i]) != 0;
    }
    memset(order, SENTINEL, log->n * sizeof *order);
    int st = clv_rfm_order(log->customer, log->time, log->n, order);
    if (!finite) {
        NEED(st == CLV_EDOM);
        NEED(untouched(order, log->n * sizeof *order));
        return 0;
    }
    NEED(st == CLV_OK);
    unsigned char seen[MAX_N] = {0};
    for (size_t p = 0; p < log->n; p++) {
        NEED(order[p] < log->n && !seen[order[p]]);
        seen[order[p]] = 1;
        if (p > 0) {
            size_t i = order[p - 1], j = order[p];
            NEED(log->customer[i] < log->customer[j] ||
                 (log->customer[i] == log->customer[j] &&
                  (log->time[i] < log->time[j] || (log->time[i] == log->time[j] && i < j))));
        }
    }
    /* The record sort (issue 20), with the workspace it asks for and with one byte less
     * (the introsort fallback): the same permutation. */
    cur_what = "clv_rfm_order_workspace";
    size_t bytes = 0;
    NEED(clv_rfm_order_workspace_size(log->customer, log->time, log->n, &bytes) == CLV_OK);
    NEED(bytes <= 48 * log->n + 64);
    unsigned char *ws = malloc(bytes + 1);
    size_t *again = malloc((log->n ? log->n : 1) * sizeof *again);
    NEED(ws != NULL && again != NULL);
    for (size_t less = 0; less <= (bytes > 0); less++) {
        NEED(clv_rfm_order_workspace(log->customer, log->time, log->n, again, ws + 1,
                                     bytes - less, NULL, NULL) == CLV_OK);
        NEED(log->n == 0 || memcmp(again, order, log->n * sizeof *order) == 0);
    }
    free(again);
    free(ws);
    return 1;
}

/* The whole log as one customer's stream, then read at a few times. */
static void check_stream(const fuzz_log *log, double period) {
    cur_what = "clv_rfm_update";
    clv_rfm_state state;
    NEED(clv_rfm_state_init(&state) == CLV_OK);
    int period_ok = period >= 0.0 && isfinite(period);
    for (size_t i = 0; i < log->n; i++) {
        double t = log->time[i];
        double a = log->amount ? log->amount[i] : 1.0;
        clv_rfm_state before = state;
        int st = clv_rfm_update(&state, t, a, period);
        if (!isfinite(t) || !isfinite(a) || !period_ok) {
            NEED(st == CLV_EDOM);
        } else if (!isfinite(floored(t, period))) {
            NEED(st == CLV_ERANGE);
        } else if (before.purchases > 0.0 && floored(t, period) < before.last_time) {
            NEED(st == CLV_EINVAL);
        } else {
            NEED(st == CLV_OK || st == CLV_ERANGE);
        }
        if (st != CLV_OK) {
            NEED(memcmp(&state, &before, sizeof state) == 0);
            continue;
        }
        NEED(state.purchases >= 1.0 && state.first_time <= state.last_time);
        NEED(state.purchases >= before.purchases);
    }
    cur_what = "clv_rfm_state_summary";
    const double nows[4] = {state.last_time, state.last_time + 1.0, 1e300,
                            log->n ? log->time[0] : 0.0};
    for (size_t k = 0; k < 4; k++) {
        double v[4];
        memset(v, SENTINEL, sizeof v);
        int st = clv_rfm_state_summary(&state, nows[k], period, &v[0], &v[1], &v[2], &v[3]);
        NEED(st <= CLV_OK && st >= CLV_EIDENT);
        if (state.purchases == 0.0) {
            NEED(st == CLV_EINVAL);
        }
        if (st != CLV_OK) {
            NEED(untouched(v, sizeof v));
            continue;
        }
        NEED(v[0] == state.purchases - 1.0);
        NEED(v[1] >= 0.0 && v[1] <= v[2] && isfinite(v[2]) && isfinite(v[3]));
        NEED(v[0] > 0.0 || (v[1] == 0.0 && v[3] == 0.0));
    }
}

/* clv_rfm_check() on rows made of the fuzzed doubles, against the rules written out. */
static int naive_row_ok(double x, double t_x, double T, double m, double w, int need_m, int has_w) {
    if (!(x >= 0.0) || !isfinite(x) || floor(x) != x) {
        return 0;
    }
    if (!(T >= 0.0) || !isfinite(T) || !(t_x >= 0.0) || !(t_x <= T) || (x == 0.0 && t_x != 0.0)) {
        return 0;
    }
    if (has_w && (!(w >= 0.0) || !isfinite(w))) {
        return 0;
    }
    if (need_m && (!isfinite(m) || (x > 0.0 && !(m > 0.0)))) {
        return 0;
    }
    return 1;
}

static void check_view(const fuzz_log *log, int need_monetary, int with_weight) {
    cur_what = "clv_rfm_check";
    size_t n = log->n;
    if (n == 0 || log->amount == NULL) {
        return;
    }
    double *x = malloc(n * sizeof *x), *t_x = malloc(n * sizeof *t_x);
    double *T = malloc(n * sizeof *T), *m = malloc(n * sizeof *m), *w = malloc(n * sizeof *w);
    NEED(x && t_x && T && m && w);
    for (size_t i = 0; i < n; i++) {
        /* Mostly valid rows: x from the customer byte, times and amounts as given. */
        x[i] = (double)(log->customer[i] % 4);
        t_x[i] = (x[i] > 0.0) ? fabs(log->time[i]) : log->time[i] * (log->customer[i] >= 4);
        T[i] = fabs(log->time[(i + 1) % n]) + t_x[i];
        m[i] = log->amount[i];
        w[i] = log->amount[(i + 1) % n];
    }
    clv_rfm_view v = {n, x, t_x, T, m, with_weight ? w : NULL};
    size_t expect_bad = n;
    for (size_t i = 0; i < n; i++) {
        if (!naive_row_ok(x[i], t_x[i], T[i], m[i], w[i], need_monetary, with_weight)) {
            expect_bad = i;
            break;
        }
    }
    size_t bad;
    memset(&bad, SENTINEL, sizeof bad);
    int st = clv_rfm_check(&v, need_monetary, &bad);
    if (expect_bad == n) {
        NEED(st == CLV_OK && untouched(&bad, sizeof bad));
    } else {
        NEED(st == CLV_EDOM && bad == expect_bad);
    }
    free(x);
    free(t_x);
    free(T);
    free(m);
    free(w);
}

/* ---- long logs ---------------------------------------------------------------------------- */

typedef struct long_table {
    uint64_t customer[MAX_N];
    double x[MAX_N], t_x[MAX_N], T[MAX_N], monetary[MAX_N], x_holdout[MAX_N];
    double monetary_holdout[MAX_N];
    size_t n_customers;
    size_t bad;
    int status;
} long_table;

static void long_summary(const fuzz_log *log, const size_t *order, const clv_rfm_options *opts,
                         long_table *out) {
    clv_rfm_table table = {MAX_N,  out->customer, out->x,         out->t_x,
                           out->T, out->monetary, out->x_holdout, out->monetary_holdout};
    out->n_customers = out->bad = (size_t)-1;
    out->status = clv_rfm_summary(log->customer, log->time, log->amount, log->n, order, opts,
                                  &table, &out->n_customers, &out->bad);
}

/* Is position p of `order` in the same tie (customer and time) as position q? */
static int same_key(const fuzz_log *log, const size_t *order, size_t p, size_t q) {
    return log->customer[order[p]] == log->customer[order[q]] &&
           log->time[order[p]] == log->time[order[q]];
}

/* The short log with each record repeated LONG_REPEAT times, read three ways. */
static void check_long(const fuzz_log *short_log, const clv_rfm_options *opts) {
    cur_what = "clv_rfm_summary (long log)";
    size_t n = short_log->n * LONG_REPEAT;
    if (n == 0) {
        return;
    }
    fuzz_log log = {n, malloc(n * sizeof(uint64_t)), malloc(n * sizeof(double)),
                    short_log->amount ? malloc(n * sizeof(double)) : NULL};
    size_t *sorted = malloc(n * sizeof(size_t));
    size_t *other = malloc(n * sizeof(size_t));
    long_table *a = malloc(sizeof *a), *b = malloc(sizeof *b);
    NEED(log.customer && log.time && (!short_log->amount || log.amount) && sorted && other && a &&
         b);
    for (size_t i = 0; i < n; i++) {
        log.customer[i] = short_log->customer[i / LONG_REPEAT];
        log.time[i] = short_log->time[i / LONG_REPEAT];
        if (log.amount) {
            log.amount[i] = short_log->amount[i / LONG_REPEAT];
        }
    }
    /* The sorted permutation, built here from the records (an insertion sort of at most MAX_N
     * by customer, time and record; each record's copies are consecutive indices): O(n),
     * where clv_rfm_order() under the fuzzer's comparison hooks would dominate the run. */
    size_t rec[MAX_N];
    int finite = 1;
    for (size_t k = 0; k < short_log->n; k++) {
        finite &= isfinite(short_log->time[k]) != 0;
        size_t j = k;
        for (; j > 0; j--) {
            size_t r = rec[j - 1];
            int after = short_log->customer[r] > short_log->customer[k] ||
                        (short_log->customer[r] == short_log->customer[k] &&
                         short_log->time[r] > short_log->time[k]);
            if (!after) {
                break;
            }
            rec[j] = r;
        }
        rec[j] = k;
    }
    for (size_t k = 0, p = 0; k < short_log->n; k++) {
        for (size_t c = 0; c < LONG_REPEAT; c++) {
            sorted[p++] = rec[k] * LONG_REPEAT + c;
        }
    }
    if (finite) {
        long_summary(&log, sorted, opts, a);
        /* Every tie reversed: valid whenever the sorted read is. */
        size_t longest = 0, longest_len = 0;
        for (size_t p = 0; p < n;) {
            size_t q = p + 1;
            while (q < n && same_key(&log, sorted, p, q)) {
                q++;
            }
            for (size_t k = p; k < q; k++) {
                other[k] = sorted[q - 1 - (k - p)];
            }
            if (q - p > longest_len) {
                longest = p;
                longest_len = q - p;
            }
            p = q;
        }
        long_summary(&log, other, opts, b);
        NEED(a->status == b->status || (a->status == CLV_OK && b->status == CLV_ERANGE) ||
             (a->status == CLV_ERANGE && b->status == CLV_OK));
        if (a->status == CLV_OK && b->status == CLV_OK) {
            NEED(a->n_customers == b->n_customers);
            /* Equal as numbers, not bitwise: a tie of -0.0 and 0.0 (equal times) may put
             * either zero first or last, so t_x and T may differ in the sign of a zero. */
            for (size_t r = 0; r < a->n_customers && r < MAX_N; r++) {
                NEED(a->customer[r] == b->customer[r] && same_bits(a->x[r], b->x[r]) &&
                     a->t_x[r] == b->t_x[r] && a->T[r] == b->T[r] &&
                     a->x_holdout[r] == b->x_holdout[r]);
            }
        }
        /* The longest tie in organ-pipe order: evens rising, then odds falling. */
        if (longest_len >= 3 && (a->status == CLV_OK || a->status == CLV_ERANGE ||
                                 a->status == CLV_ENOMEM || a->status == CLV_EDOM)) {
            memcpy(other, sorted, n * sizeof(size_t));
            size_t half = (longest_len + 1) / 2;
            for (size_t k = 0; k < longest_len; k++) {
                size_t from = (k < half) ? 2 * k : 2 * (longest_len - 1 - k) + 1;
                other[longest + k] = sorted[longest + from];
            }
            size_t turn = longest + 1; /* the first step against the tie's first one */
            int rising = other[longest + 1] > other[longest];
            while (turn < longest + longest_len && (other[turn] > other[turn - 1]) == rising) {
                turn++;
            }
            size_t first_bad_amount = n;
            for (size_t p = 0; p < n && log.amount; p++) {
                if (!isfinite(log.amount[other[p]])) {
                    first_bad_amount = p;
                    break;
                }
            }
            long_summary(&log, other, opts, b);
            if (a->status == CLV_EDOM && a->bad == (size_t)-1) {
                NEED(b->status == CLV_EDOM); /* the options */
            } else if (turn < longest + longest_len && turn < first_bad_amount) {
                NEED(b->status == CLV_EINVAL && b->bad == turn);
            } else if (first_bad_amount < n && first_bad_amount <= turn) {
                NEED(b->status == CLV_EDOM && b->bad == first_bad_amount);
            }
        }
    }
    free(b);
    free(a);
    free(other);
    free(sorted);
    free(log.amount);
    free(log.time);
    free(log.customer);
}

/* ---- decoding ------------------------------------------------------------------------------ */

static double compact_time(uint8_t b) {
    return b < 240 ? b / 4.0 : special_values[b - 240];
}

static double compact_amount(uint8_t b) {
    return b < 240 ? (b - 120) / 2.0 : special_values[b - 240];
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < HEADER) {
        return 0;
    }
    uint8_t flags = data[0];
    int raw = flags & 1u;
    int no_amounts = (flags >> 1) & 1u;
    int null_options = (flags >> 2) & 1u;
    int size_mode = (flags >> 3) & 3u;
    int fuzzed_order = (flags >> 5) & 1u;
    int all_columns = !((flags >> 6) & 1u);
    int need_monetary = (flags >> 7) & 1u;
    size_t rec = (raw ? 17u : 3u) + (size_t)fuzzed_order;
    size_t n = (size - HEADER) / rec;
    if (n > MAX_N) {
        n = MAX_N;
    }
    size_t capacity = data[4] == 255 ? MAX_N : data[4] % (MAX_N + 1);

    /* Exact-size heap copies: an overread past n is a heap-buffer-overflow under ASan. */
    size_t alloc = n > 0 ? n : 1;
    fuzz_log log = {n, malloc(alloc * sizeof(uint64_t)), malloc(alloc * sizeof(double)),
                    no_amounts ? NULL : malloc(alloc * sizeof(double))};
    size_t *fuzz_order = malloc(alloc * sizeof(size_t));
    size_t *sorted = malloc(alloc * sizeof(size_t));
    NEED(log.customer && log.time && (no_amounts || log.amount) && fuzz_order && sorted);
    const uint8_t *p = data + HEADER;
    for (size_t i = 0; i < n; i++, p += rec) {
        log.customer[i] = p[0] % 8u;
        double t, a;
        if (raw) {
            memcpy(&t, p + 1, sizeof t);
            memcpy(&a, p + 9, sizeof a);
        } else {
            t = compact_time(p[1]);
            a = compact_amount(p[2]);
        }
        log.time[i] = t;
        if (log.amount) {
            log.amount[i] = a;
        }
        fuzz_order[i] = fuzzed_order ? p[rec - 1] % (n + 2) : i;
    }

    /* Keep copies to prove the inputs are read only. */
    uint64_t customer_copy[MAX_N];
    double time_copy[MAX_N], amount_copy[MAX_N];
    memcpy(customer_copy, log.customer, n * sizeof(uint64_t));
    memcpy(time_copy, log.time, n * sizeof(double));
    if (log.amount) {
        memcpy(amount_copy, log.amount, n * sizeof(double));
    }

    struct {
        clv_rfm_options o;
        uint64_t tail;
    } big;
    memset(&big, 0, sizeof big);
    NEED(clv_rfm_options_init(&big.o) == CLV_OK);
    big.o.period = period_values[data[1] & 15u];
    big.o.calibration_end = end_values[data[2] & 15u];
    big.o.holdout_end = end_values[data[3] & 15u];
    if (size_mode == 1) {
        /* below the oldest layout (the one before the diag pointer) */
        big.o.struct_size = (uint32_t)(offsetof(clv_rfm_options, diag) - 8);
    } else if (size_mode >= 2) {
        big.o.struct_size = (uint32_t)sizeof big;
        big.tail = (size_mode == 3) ? 1u : 0u;
    }
    clv_diag diag;
    NEED(clv_diag_init(&diag) == CLV_OK);
    if (size_mode == 0 || size_mode == 2) {
        big.o.diag = &diag;
    }
    const clv_rfm_options *opts = null_options ? NULL : &big.o;

    check_summary(&log, NULL, opts, size_mode, capacity, all_columns);
    if (check_order(&log, sorted)) {
        check_summary(&log, sorted, opts, size_mode, capacity, all_columns);
    }
    if (fuzzed_order) {
        check_summary(&log, fuzz_order, opts, size_mode, capacity, all_columns);
    }
    if (data[4] == 254) {
        check_long(&log, opts);
    }
    check_stream(&log, null_options ? 0.0 : big.o.period);
    check_view(&log, need_monetary, (flags >> 6) & 1u);

    cur_what = "inputs";
    NEED(memcmp(customer_copy, log.customer, n * sizeof(uint64_t)) == 0);
    NEED(memcmp(time_copy, log.time, n * sizeof(double)) == 0);
    NEED(!log.amount || memcmp(amount_copy, log.amount, n * sizeof(double)) == 0);

    free(sorted);
    free(fuzz_order);
    free(log.amount);
    free(log.time);
    free(log.customer);
    return 0;
}
