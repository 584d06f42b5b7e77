/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * RFM summaries: from a transaction log (or a stream of purchases) to the (x, t_x, T, mean
 * repeat spend) table of Fader, Hardie & Lee (2005) and the Gamma-Gamma note (Fader & Hardie
 * 2013), with the conventions of lifetimes' summary_data_from_transaction_data and
 * calibration_and_holdout_data (lifetimes 0.11.3): purchases in one period are one purchase
 * whose amount is the period's total; x counts the repeat purchases; t_x and T are measured
 * from the first purchase; monetary is the mean of the repeat purchases' totals.
 *
 * One code path: clv_rfm_summary() runs every customer through the same state update and
 * read-out as clv_rfm_update() and clv_rfm_state_summary(), so the streaming and the batch
 * results are the same doubles, not merely close ones.
 *
 * Period starts are floor(t / period) x period. Each of the three operations (divide by a
 * positive number, floor, multiply by a positive number) is monotone under rounding, so a log
 * sorted by time stays sorted after flooring; purchases are "in the same period" when their
 * period starts are equal. A period start that overflows (a period tiny against the times) is
 * an error, CLV_ERANGE, never an infinity.
 *
 * One difference from lifetimes, on purpose: the mean holdout amount is the mean of the
 * holdout *purchases* (period totals), as for the calibration period; lifetimes averages the
 * raw holdout transactions.
 */
#include <math.h>
#include <string.h>

#include "clv.h"
#include "core/diag.h"
#include "core/options.h"
#include "core/validate.h"
#include "math/vmath.h"

/* Beyond 2^53 purchases a double no longer counts by one. */
static const double max_purchases = 9007199254740992.0;

/* ---- period starts ---------------------------------------------------------------------- */

/* Start of the period that holds time t (t itself when period = 0). */
static int period_start(double t, double period, double *start) {
    double s = (period > 0.0) ? floor(t / period) * period : t;
    if (!isfinite(s)) {
        return CLV_ERANGE;
    }
    *start = s;
    return CLV_OK;
}

/* The same for the end of a calibration or holdout period, which may be an infinity. */
static int period_end(double end, double period, double *start) {
    if (isinf(end)) {
        *start = end;
        return CLV_OK;
    }
    return period_start(end, period, start);
}

/* ---- options ---------------------------------------------------------------------------- */

int clv_rfm_options_init(clv_rfm_options *options) {
    if (options == NULL) {
        return CLV_EINVAL;
    }
    memset(options, 0, sizeof *options);
    options->struct_size = (uint32_t)sizeof *options;
    options->period = 0.0;
    options->calibration_end = INFINITY;
    options->holdout_end = INFINITY;
    return CLV_OK;
}

/* clv_rfm_options before the diag pointer: callers built against it pass this struct_size.
 * A size between it and the current layout would end inside the pointer: no layout. */
#define RFM_OPTIONS_V0_SIZE offsetof(clv_rfm_options, diag)
/* clv_rfm_options with diag, before the progress callback. */
#define RFM_OPTIONS_V1_SIZE offsetof(clv_rfm_options, progress)

/* Copy the options, validated, into `out` (defaults for a null pointer). Only the caller's
 * struct_size bytes are read. out->diag is the caller's record once the layout is known to
 * hold one (it is then cleared), null before. */
static int read_options(const clv_rfm_options *options, clv_rfm_options *out) {
    int st;
    clv__options_header head;
    clv_rfm_options_init(out);
    if (options == NULL) {
        return CLV_OK;
    }
    if ((st = clv__check_options(options, RFM_OPTIONS_V0_SIZE, sizeof(clv_rfm_options))) !=
        CLV_OK) {
        return st;
    }
    memcpy(&head, options, sizeof head);
    if (head.struct_size != RFM_OPTIONS_V0_SIZE && head.struct_size != RFM_OPTIONS_V1_SIZE &&
        head.struct_size < sizeof *out) {
        return CLV_ESTRUCT; /* between two layouts */
    }
    memcpy(out, options, head.struct_size < sizeof *out ? head.struct_size : sizeof *out);
    out->struct_size = (uint32_t)sizeof *out;
    clv__diag_clear(out->diag);
    if (!isfinite(out->period)) {
        return clv__diag_set(out->diag, CLV_EDOM, CLV_FIELD_PERIOD, CLV_RULE_NOT_FINITE,
                             out->period, 0.0);
    }
    if (out->period < 0.0) {
        return clv__diag_set(out->diag, CLV_EDOM, CLV_FIELD_PERIOD, CLV_RULE_NEGATIVE, out->period,
                             0.0);
    }
    /* NaN fails the comparison; infinite ends are allowed. */
    if (isnan(out->calibration_end)) {
        return clv__diag_set(out->diag, CLV_EDOM, CLV_FIELD_CALIBRATION_END, CLV_RULE_NOT_FINITE,
                             out->calibration_end, 0.0);
    }
    if (!(out->holdout_end >= out->calibration_end)) {
        return clv__diag_set(out->diag, CLV_EDOM, CLV_FIELD_HOLDOUT_END, CLV_RULE_BELOW_MIN,
                             out->holdout_end, out->calibration_end);
    }
    return CLV_OK;
}

/* ---- one customer's running summary ----------------------------------------------------- */

/* A state the functions below can have produced: a whole, representable purchase count; for
 * a new state every field 0; otherwise finite fields, first_time <= last_time, and with one
 * purchase no repeat spend and the first purchase also the last. */
static int check_state(const clv_rfm_state *s) {
    double n = s->purchases;
    if (!(n >= 0.0 && n <= max_purchases) || floor(n) != n) {
        return CLV_EDOM;
    }
    if (n == 0.0) {
        int empty = s->first_time == 0.0 && s->last_time == 0.0 && s->first_amount == 0.0 &&
                    s->repeat_total == 0.0 && s->last_amount == 0.0;
        return empty ? CLV_OK : CLV_EDOM;
    }
    if (!isfinite(s->first_time) || !isfinite(s->last_time) || !isfinite(s->first_amount) ||
        !isfinite(s->repeat_total) || !isfinite(s->last_amount) ||
        !(s->first_time <= s->last_time)) {
        return CLV_EDOM;
    }
    if (n == 1.0 && (s->first_time != s->last_time || s->repeat_total != 0.0 ||
                     s->first_amount != s->last_amount)) {
        return CLV_EDOM;
    }
    return CLV_OK;
}

/*
 * Add a purchase at period start `start` (already floored) to a valid state. With period > 0
 * a purchase in the last purchase's period adds its amount to that purchase; with period 0
 * every call is a new purchase, even at the same time. The state changes only on CLV_OK.
 */
static int state_add(clv_rfm_state *state, double start, double amount, double period) {
    clv_rfm_state s = *state;
    if (s.purchases == 0.0) {
        s.purchases = 1.0;
        s.first_time = s.last_time = start;
        s.first_amount = s.last_amount = amount;
        s.repeat_total = 0.0;
    } else if (start < s.last_time) {
        return CLV_EINVAL;
    } else if (period > 0.0 && start == s.last_time) {
        s.last_amount += amount;
        if (s.purchases == 1.0) {
            s.first_amount += amount;
        } else {
            s.repeat_total += amount;
        }
    } else {
        if (s.purchases >= max_purchases) {
            return CLV_ERANGE;
        }
        s.purchases += 1.0;
        s.last_time = start;
        s.last_amount = amount;
        s.repeat_total += amount;
    }
    if (!isfinite(s.first_amount) || !isfinite(s.repeat_total) || !isfinite(s.last_amount)) {
        return CLV_ERANGE;
    }
    *state = s;
    return CLV_OK;
}

/* The customer's row as of `end` (a period start >= last_time): x, t_x, T, monetary. */
static int state_read(const clv_rfm_state *s, double end, double row[4]) {
    double x = s->purchases - 1.0;
    double t_x = s->last_time - s->first_time;
    double T = end - s->first_time;
    double monetary = (x > 0.0) ? s->repeat_total / x : 0.0;
    if (!isfinite(t_x) || !isfinite(T) || !isfinite(monetary)) {
        return CLV_ERANGE;
    }
    row[0] = x;
    row[1] = t_x;
    row[2] = T;
    row[3] = monetary;
    return CLV_OK;
}

int clv_rfm_state_init(clv_rfm_state *state) {
    if (state == NULL) {
        return CLV_EINVAL;
    }
    memset(state, 0, sizeof *state);
    return CLV_OK;
}

int clv_rfm_update(clv_rfm_state *state, double time, double amount, double period) {
    return clv_rfm_update_diag(state, time, amount, period, NULL);
}

int clv_rfm_update_diag(clv_rfm_state *state, double time, double amount, double period,
                        clv_diag *diag) {
    double start;
    clv__diag_clear(diag);
    if (state == NULL) {
        return clv__diag_set(diag, CLV_EINVAL, CLV_FIELD_STATE, CLV_RULE_MISSING, 0.0, 0.0);
    }
    if (!isfinite(time)) {
        return clv__diag_set(diag, CLV_EDOM, CLV_FIELD_TIME, CLV_RULE_NOT_FINITE, time, 0.0);
    }
    if (!isfinite(amount)) {
        return clv__diag_set(diag, CLV_EDOM, CLV_FIELD_AMOUNT, CLV_RULE_NOT_FINITE, amount, 0.0);
    }
    if (clv__check_nonneg(period) != CLV_OK) {
        return clv__diag_set(diag, CLV_EDOM, CLV_FIELD_PERIOD,
                             isfinite(period) ? CLV_RULE_NEGATIVE : CLV_RULE_NOT_FINITE, period,
                             0.0);
    }
    if (check_state(state) != CLV_OK) {
        return clv__diag_set(diag, CLV_EDOM, CLV_FIELD_STATE, CLV_RULE_BAD_STATE, 0.0, 0.0);
    }
    if (period_start(time, period, &start) != CLV_OK) {
        return clv__diag_set(diag, CLV_ERANGE, CLV_FIELD_TIME, CLV_RULE_OVERFLOW, time, 0.0);
    }
    int st = state_add(state, start, amount, period);
    if (st == CLV_EINVAL) {
        return clv__diag_set(diag, st, CLV_FIELD_TIME, CLV_RULE_OUT_OF_ORDER, time,
                             state->last_time);
    }
    if (st == CLV_ERANGE) {
        /* a running total, or the purchase count at 2^53 */
        int count = state->purchases >= max_purchases;
        return clv__diag_set(diag, st, count ? CLV_FIELD_STATE : CLV_FIELD_AMOUNT,
                             CLV_RULE_OVERFLOW, count ? state->purchases : amount, 0.0);
    }
    return st;
}

int clv_rfm_state_summary(const clv_rfm_state *state, double now, double period, double *x,
                          double *t_x, double *T, double *monetary) {
    int st;
    double end;
    double row[4];
    if (state == NULL || x == NULL || t_x == NULL || T == NULL) {
        return CLV_EINVAL;
    }
    if ((st = check_state(state)) != CLV_OK) {
        return st;
    }
    if (state->purchases == 0.0) {
        return CLV_EINVAL;
    }
    if ((st = clv__check_finite(now)) != CLV_OK || (st = clv__check_nonneg(period)) != CLV_OK ||
        (st = period_start(now, period, &end)) != CLV_OK) {
        return st;
    }
    if (end < state->last_time) {
        return CLV_EDOM;
    }
    if ((st = state_read(state, end, row)) != CLV_OK) {
        return st;
    }
    *x = row[0];
    *t_x = row[1];
    *T = row[2];
    if (monetary != NULL) {
        *monetary = row[3];
    }
    return CLV_OK;
}

/* ---- the transaction log ---------------------------------------------------------------- */

/* The log as clv_rfm_summary() reads it: through `order` when there is one. */
typedef struct rfm_log {
    const uint64_t *customer;
    const double *time;
    const double *amount; /* may be null: every amount 0 */
    const size_t *order;  /* may be null: the identity */
    size_t n;
} rfm_log;

/* Transactions between two calls of the summary's progress callback. */
#define RFM_UNITS_PER_PROGRESS 65536u

/* The summary's progress: `total` = 3 n transactions (the three passes that can be
 * cancelled); the callback is next due when `done` reaches `next`. */
typedef struct rfm_progress {
    clv_work_fn fn;
    void *user_data;
    uint64_t total;
    uint64_t next;
} rfm_progress;

/* `done` transactions are done: call the callback if it is due; CLV_ECANCELED when it
 * cancels. Inline test first: without a callback, or between calls, this costs a compare. */
static int progress_at(rfm_progress *p, uint64_t done) {
    if (p->fn == NULL || done < p->next) {
        return CLV_OK;
    }
    p->next = done + RFM_UNITS_PER_PROGRESS;
    return (p->fn(p->user_data, done, p->total) != 0) ? CLV_ECANCELED : CLV_OK;
}

static inline size_t log_index(const rfm_log *log, size_t pos) {
    return (log->order != NULL) ? log->order[pos] : pos;
}

static inline uint64_t log_customer(const rfm_log *log, size_t pos) {
    return log->customer[log_index(log, pos)];
}

/*
 * Validate the log position by position: indices of `order` in range, finite times and
 * amounts, customer ids not decreasing, times not decreasing within a customer, and within a
 * tie (a run of equal customer and time) the indices of `order` strictly rising or strictly
 * falling. Returns the status of the first bad position (in *bad) or CLV_OK with *bad = n.
 * O(n) time, O(1) memory, whatever the order of the log or of its ties.
 *
 * Sorted by (customer, time), this proves `order` is a permutation: two positions holding the
 * same index hold the same (customer, time), and everything between them is sorted between
 * equal keys, so they lie in one tie; a strictly monotone run of indices repeats none, and n
 * distinct indices below n are all of them. A repeated index is therefore caught at the first
 * position where its tie stops rising (or falling), which is at or before the repeat.
 *
 * Why ties must be monotone: proving an arbitrary arrangement of a tie free of repeats is
 * element distinctness in read-only memory, and without workspace (this call allocates
 * nothing) no method is known that is not quadratic in the tie's length -- the scan of the
 * tie this replaces took minutes for 10^6 tied rows read backwards (issue 21). Rising is the
 * order of clv_rfm_order() and of a log read forwards; falling, of a log stored newest first
 * and read backwards.
 */
static int check_positions(const rfm_log *log, size_t *bad, clv_diag *diag, rfm_progress *pr) {
    int tie_direction = 0; /* +1 rising, -1 falling, 0 not known yet (the tie's first step) */
    for (size_t pos = 0; pos < log->n; pos++) {
        size_t idx = log_index(log, pos);
        if (progress_at(pr, pos) != CLV_OK) {
            *bad = log->n;
            return CLV_ECANCELED;
        }
        *bad = pos;
        if (idx >= log->n) {
            return clv__diag_row(diag, CLV_EINVAL, CLV_FIELD_ORDER, CLV_RULE_INDEX_OUT_OF_RANGE,
                                 pos, (double)idx, (double)log->n);
        }
        if (!isfinite(log->time[idx])) {
            return clv__diag_row(diag, CLV_EDOM, CLV_FIELD_TIME, CLV_RULE_NOT_FINITE, idx,
                                 log->time[idx], 0.0);
        }
        if (log->amount != NULL && !isfinite(log->amount[idx])) {
            return clv__diag_row(diag, CLV_EDOM, CLV_FIELD_AMOUNT, CLV_RULE_NOT_FINITE, idx,
                                 log->amount[idx], 0.0);
        }
        if (pos == 0) {
            continue;
        }
        size_t prev = log_index(log, pos - 1);
        if (log->customer[idx] < log->customer[prev]) {
            return clv__diag_row(diag, CLV_EINVAL, CLV_FIELD_CUSTOMER, CLV_RULE_NOT_SORTED, idx,
                                 (double)log->customer[idx], (double)log->customer[prev]);
        }
        if (log->customer[idx] != log->customer[prev] || log->time[idx] != log->time[prev]) {
            if (log->customer[idx] == log->customer[prev] && log->time[idx] < log->time[prev]) {
                return clv__diag_row(diag, CLV_EINVAL, CLV_FIELD_TIME, CLV_RULE_NOT_SORTED, idx,
                                     log->time[idx], log->time[prev]);
            }
            tie_direction = 0;
            continue;
        }
        if (log->order == NULL) {
            continue; /* the identity: rising */
        }
        int step = (idx > prev) - (idx < prev); /* 0: the index repeated */
        if (step == 0 || (tie_direction != 0 && step != tie_direction)) {
            return clv__diag_row(diag, CLV_EINVAL, CLV_FIELD_ORDER, CLV_RULE_TIE_NOT_MONOTONE, pos,
                                 (double)idx, (double)prev);
        }
        tie_direction = step;
    }
    *bad = log->n;
    return CLV_OK;
}

/* The period starts of the calibration and holdout ends, and the period. */
typedef struct rfm_bounds {
    double period;
    double calibration_end;
    double holdout_end;
} rfm_bounds;

/* One customer's row; `has_row` is 0 when the first purchase is after calibration_end. */
typedef struct rfm_row {
    int has_row;
    double values[4]; /* x, t_x, T, monetary */
    double x_holdout;
    double monetary_holdout;
} rfm_row;

/*
 * Summarise the customer whose group starts at position a; *next receives the start of the
 * next group. The calibration purchases go through state_add() and state_read(), exactly as
 * a till would feed clv_rfm_update() and read clv_rfm_state_summary() at calibration_end.
 */
static int summarise_customer(const rfm_log *log, const rfm_bounds *bounds, size_t a, size_t *next,
                              rfm_row *row, clv_diag *diag) {
    int st;
    uint64_t id = log_customer(log, a);
    clv_rfm_state state;
    double hold_count = 0.0;
    double hold_total = 0.0;
    double hold_last = 0.0;
    size_t b = a;
    clv_rfm_state_init(&state);
    for (; b < log->n && log_customer(log, b) == id; b++) {
        size_t idx = log_index(log, b);
        double amount = (log->amount != NULL) ? log->amount[idx] : 0.0;
        double start;
        if ((st = period_start(log->time[idx], bounds->period, &start)) != CLV_OK) {
            return clv__diag_row(diag, st, CLV_FIELD_TIME, CLV_RULE_OVERFLOW, idx, log->time[idx],
                                 0.0);
        }
        if (start <= bounds->calibration_end) {
            if ((st = state_add(&state, start, amount, bounds->period)) != CLV_OK) {
                return clv__diag_row(diag, st, CLV_FIELD_AMOUNT, CLV_RULE_OVERFLOW, idx, amount,
                                     0.0);
            }
        } else if (state.purchases > 0.0 && start <= bounds->holdout_end) {
            if (hold_count == 0.0 || bounds->period == 0.0 || start != hold_last) {
                hold_count += 1.0;
                hold_last = start;
            }
            hold_total += amount;
            if (!isfinite(hold_total)) {
                return clv__diag_row(diag, CLV_ERANGE, CLV_FIELD_AMOUNT, CLV_RULE_OVERFLOW, idx,
                                     amount, 0.0);
            }
        }
    }
    *next = b;
    row->has_row = state.purchases > 0.0;
    if (!row->has_row) {
        return CLV_OK;
    }
    row->x_holdout = hold_count;
    row->monetary_holdout = (hold_count > 0.0) ? hold_total / hold_count : 0.0;
    if ((st = state_read(&state, bounds->calibration_end, row->values)) != CLV_OK) {
        size_t first = log_index(log, a); /* t_x, T or the mean from the first purchase on */
        return clv__diag_row(diag, st, CLV_FIELD_TIME, CLV_RULE_OVERFLOW, first, log->time[first],
                             0.0);
    }
    return CLV_OK;
}

/* Bounds from the options; with calibration_end = +inf, T runs to the last period start of
 * the whole log. Every transaction's period start must be representable. */
static int find_bounds(const rfm_log *log, const clv_rfm_options *opts, rfm_bounds *bounds,
                       rfm_progress *pr) {
    int st;
    double last = -INFINITY;
    bounds->period = opts->period;
    if ((st = period_end(opts->calibration_end, opts->period, &bounds->calibration_end)) !=
        CLV_OK) {
        return clv__diag_set(opts->diag, st, CLV_FIELD_CALIBRATION_END, CLV_RULE_OVERFLOW,
                             opts->calibration_end, 0.0);
    }
    if ((st = period_end(opts->holdout_end, opts->period, &bounds->holdout_end)) != CLV_OK) {
        return clv__diag_set(opts->diag, st, CLV_FIELD_HOLDOUT_END, CLV_RULE_OVERFLOW,
                             opts->holdout_end, 0.0);
    }
    for (size_t pos = 0; pos < log->n; pos++) {
        double start;
        size_t idx = log_index(log, pos);
        if (progress_at(pr, (uint64_t)log->n + pos) != CLV_OK) {
            return CLV_ECANCELED;
        }
        if ((st = period_start(log->time[idx], opts->period, &start)) != CLV_OK) {
            return clv__diag_row(opts->diag, st, CLV_FIELD_TIME, CLV_RULE_OVERFLOW, idx,
                                 log->time[idx], 0.0);
        }
        last = fmax(last, start);
    }
    if (bounds->calibration_end == INFINITY) {
        bounds->calibration_end = last;
    }
    return CLV_OK;
}

static void write_row(const clv_rfm_table *table, size_t r, uint64_t id, const rfm_row *row) {
    if (table->customer != NULL) {
        table->customer[r] = id;
    }
    table->x[r] = row->values[0];
    table->t_x[r] = row->values[1];
    table->T[r] = row->values[2];
    if (table->monetary != NULL) {
        table->monetary[r] = row->values[3];
    }
    if (table->x_holdout != NULL) {
        table->x_holdout[r] = row->x_holdout;
    }
    if (table->monetary_holdout != NULL) {
        table->monetary_holdout[r] = row->monetary_holdout;
    }
}

int clv_rfm_summary(const uint64_t *customer, const double *time, const double *amount, size_t n,
                    const size_t *order, const clv_rfm_options *options, const clv_rfm_table *table,
                    size_t *n_customers, size_t *bad_index) {
    int st;
    clv_rfm_options opts;
    int null_field = CLV_FIELD_NONE;
    if (customer == NULL) {
        null_field = CLV_FIELD_CUSTOMER;
    } else if (time == NULL) {
        null_field = CLV_FIELD_TIME;
    } else if (table == NULL || table->x == NULL) {
        null_field = CLV_FIELD_X;
    } else if (table->t_x == NULL) {
        null_field = CLV_FIELD_T_X;
    } else if (table->T == NULL) {
        null_field = CLV_FIELD_T;
    } else if (n_customers == NULL) {
        null_field = CLV_FIELD_COUNT;
    }
    /* The options are read first only to find the caller's record (null when they are
     * refused with CLV_ESTRUCT); a null pointer or an empty log keeps its status first. */
    int options_status = read_options(options, &opts);
    clv_diag *diag = opts.diag;
    if (null_field != CLV_FIELD_NONE) {
        return clv__diag_set(diag, CLV_EINVAL, null_field, CLV_RULE_MISSING, 0.0, 0.0);
    }
    if (n == 0) {
        return clv__diag_set(diag, CLV_EINVAL, CLV_FIELD_COUNT, CLV_RULE_EMPTY, 0.0, 0.0);
    }
    if (options_status != CLV_OK) {
        return options_status;
    }
    rfm_log log = {customer, time, amount, order, n};

    /* Every input checked before anything is written: the first bad position wins. */
    size_t bad;
    rfm_progress pr = {opts.progress, opts.user_data, 3 * (uint64_t)n, RFM_UNITS_PER_PROGRESS};
    int position_status = check_positions(&log, &bad, diag, &pr);
    if (position_status == CLV_ECANCELED) {
        return CLV_ECANCELED; /* the record stays clear */
    }
    if (position_status != CLV_OK) {
        if (bad_index != NULL) {
            *bad_index = bad;
        }
        return position_status;
    }

    /* Compute every row once without writing, for CLV_ERANGE and the row count. */
    rfm_bounds bounds;
    rfm_row row;
    size_t rows = 0;
    if ((st = find_bounds(&log, &opts, &bounds, &pr)) != CLV_OK) {
        return st;
    }
    for (size_t a = 0; a < n;) {
        /* a customer at a time: one long history is not split */
        if ((st = progress_at(&pr, 2 * (uint64_t)n + a)) != CLV_OK) {
            return st;
        }
        if ((st = summarise_customer(&log, &bounds, a, &a, &row, diag)) != CLV_OK) {
            return st;
        }
        rows += (size_t)row.has_row;
    }
    if (rows > table->capacity) {
        *n_customers = rows;
        return clv__diag_set(diag, CLV_ENOMEM, CLV_FIELD_COUNT, CLV_RULE_TOO_SMALL, (double)rows,
                             (double)table->capacity);
    }

    rows = 0;
    for (size_t a = 0; a < n;) {
        uint64_t id = log_customer(&log, a);
        summarise_customer(&log, &bounds, a, &a, &row, NULL);
        if (row.has_row) {
            write_row(table, rows++, id, &row);
        }
    }
    *n_customers = rows;
    return CLV_OK;
}

/* ---- ordering --------------------------------------------------------------------------- */

/* (customer, time, index) order: a strict total order, so the sort is stable, and the sorted
 * permutation is the only one; no two entries ever compare equal. */
/* The sort's keys and progress: `budget` comparisons left before the next call of the
 * callback; `cancelled` once it has returned nonzero (every loop then stops). */
typedef struct rfm_sort {
    const uint64_t *customer;
    const double *time;
    clv_work_fn fn;
    void *user_data;
    uint64_t done;
    uint64_t total;
    unsigned budget;
    int cancelled;
    uint64_t moved; /* records moved by the radix sort (its units of progress) */
} rfm_sort;

/* Comparisons between two calls of clv_rfm_order_progress()'s callback. */
#define RFM_SORT_UNITS_PER_PROGRESS 65536u

static void sort_progress(rfm_sort *s) {
    s->done += RFM_SORT_UNITS_PER_PROGRESS;
    s->budget = RFM_SORT_UNITS_PER_PROGRESS;
    if (s->fn != NULL && !s->cancelled &&
        s->fn(s->user_data, s->done < s->total ? s->done : s->total - 1, s->total) != 0) {
        s->cancelled = 1;
    }
}

static int order_before(rfm_sort *s, size_t i, size_t j) {
    const uint64_t *customer = s->customer;
    const double *time = s->time;
    if (--s->budget == 0) {
        sort_progress(s);
    }
    if (customer[i] != customer[j]) {
        return customer[i] < customer[j];
    }
    if (time[i] != time[j]) {
        return time[i] < time[j];
    }
    return i < j;
}

static inline void swap_index(size_t *a, size_t *b) {
    size_t t = *a;
    *a = *b;
    *b = t;
}

static void sift_down(rfm_sort *s, size_t *heap, size_t root,
                      size_t count) {
    size_t top = heap[root];
    while (root < count / 2) { /* root has a child; 2 root + 1 cannot overflow */
        size_t child = 2 * root + 1;
        if (child + 1 < count && order_before(s, heap[child], heap[child + 1])) {
            child++;
        }
        if (!order_before(s, top, heap[child])) {
            break;
        }
        heap[root] = heap[child];
        root = child;
    }
    heap[root] = top;
}

/* Heap sort (Williams 1964, Floyd's heap construction): a max-heap, largest moved last.
 * O(count log count) whatever the keys, O(1) memory. */
static void heap_sort(rfm_sort *s, size_t *order, size_t count) {
    for (size_t i = count / 2; i > 0; i--) {
        sift_down(s, order, i - 1, count);
    }
    for (size_t end = count; end > 1 && !s->cancelled; end--) {
        swap_index(&order[0], &order[end - 1]);
        sift_down(s, order, 0, end - 1);
    }
}

/* Insertion sort, for the short runs the partitions leave. */
static void insertion_sort(rfm_sort *s, size_t *order,
                           size_t count) {
    for (size_t i = 1; i < count && !s->cancelled; i++) {
        size_t v = order[i];
        size_t j = i;
        for (; j > 0 && order_before(s, v, order[j - 1]); j--) {
            order[j] = order[j - 1];
        }
        order[j] = v;
    }
}

#define INSERTION_RUN 16

/*
 * Introsort (Musser 1997): quicksort with Hoare's partition around the median of the first,
 * middle and last entries, recursing into the smaller part (at most log2 n frames deep) and
 * looping on the larger; a range still unsorted after `depth` partitions (2 log2 n from the
 * top) is heap sorted, so the worst case stays O(n log n) -- keys built against the median of
 * three (organ pipe) included -- while typical logs sort several times faster than by heap
 * sort alone, whose every step is a cache miss. Runs of INSERTION_RUN or fewer end by
 * insertion. The keys are distinct, so a scan always stops at the pivot.
 */
static void intro_sort(rfm_sort *s, size_t *order, size_t count,
                       unsigned depth) {
    while (count > INSERTION_RUN) {
        if (s->cancelled) {
            return;
        }
        if (depth == 0) {
            heap_sort(s, order, count);
            return;
        }
        depth--;
        size_t mid = count / 2;
        size_t last = count - 1;
        if (order_before(s, order[mid], order[0])) {
            swap_index(&order[mid], &order[0]);
        }
        if (order_before(s, order[last], order[0])) {
            swap_index(&order[last], &order[0]);
        }
        if (order_before(s, order[last], order[mid])) {
            swap_index(&order[last], &order[mid]);
        }
        swap_index(&order[0], &order[mid]); /* the median is the pivot, at 0 */
        size_t pivot = order[0];
        size_t i = 0;
        size_t j = count;
        for (;;) {
            do {
                i++;
            } while (i < count && order_before(s, order[i], pivot));
            do {
                j--;
            } while (order_before(s, pivot, order[j])); /* stops at 0 */
            if (i >= j) {
                break;
            }
            swap_index(&order[i], &order[j]);
        }
        swap_index(&order[0], &order[j]); /* [0, j) before the pivot, (j, count) after */
        size_t right = count - 1 - j;
        if (j < right) {
            intro_sort(s, order, j, depth);
            order += j + 1;
            count = right;
        } else {
            intro_sort(s, order + j + 1, right, depth);
            count = j;
        }
    }
    insertion_sort(s, order, count);
}

/* ---- the record sort -------------------------------------------------------------------- */

/*
 * Issue 20: the introsort above moves indices and reads the keys through them, one cache
 * miss per comparison on a log that does not fit in cache (19.5 s for 10^7 rows). With
 * workspace from the caller, clv_rfm_order_workspace() sorts *records* that carry their keys
 * instead: a least-significant-digit radix sort (Knuth, TAOCP vol. 3, 5.2.5) of 8-bit digits,
 * each pass a sequential read and 256 sequential write streams, and a pass skipped when every
 * record has the same digit there. Two layouts:
 *
 * - packed, one 64-bit word a transaction: (customer - min customer) in the high bits, the
 *   time key (below) in the middle, the transaction's index in the low bits, when the three
 *   fit in 64 bits (e.g. 10^6 customers, whole days over decades and 10^7 rows: 20 + 15 + 24
 *   bits). The word order is the (customer, time, index) order itself, so the sorted words
 *   give the permutation. Workspace: n words, the caller's order array being the other
 *   buffer of the two the passes alternate between.
 * - records of (customer, time key, index) otherwise (24 bytes on a 64-bit machine): sorted
 *   by the time digits then the customer digits; each pass is stable (a counting sort) and
 *   the records start in index order, so equal (customer, time) keys keep index order.
 *   Workspace: 2 n records.
 *
 * The time key maps a finite double to a 64-bit word in the same order: the bits of a
 * positive number with the sign bit set, the complement of a negative number's bits (-0 is
 * taken as +0, as the comparison of the introsort, and of C, has them equal). Keys are taken
 * relative to the smallest, and shifted right by the low bits every key shares with the
 * first (whole numbers as doubles end in many zero bits), which keeps their order.
 *
 * Both give exactly the permutation of the introsort: the order (customer, time, index) is a
 * strict total order, so only one permutation sorts by it.
 */

/* What one pass over the log finds: the fast paths it allows and the key ranges. */
typedef struct log_scan {
    int sorted;         /* (customer, time) never decreases: the identity is the order */
    int grouped;        /* customer never decreases (a log grouped by ascending customer) */
    uint64_t c_min, c_max;
    uint64_t t_min, t_max;
    uint64_t t_spread;  /* OR of (key ^ first key): its trailing zeros are shared by all */
} log_scan;

static inline uint64_t time_key(double t) {
    uint64_t u;
    if (t == 0.0) {
        t = 0.0; /* -0 */
    }
    memcpy(&u, &t, sizeof u);
    return (u >> 63) ? ~u : (u | ((uint64_t)1 << 63));
}

static inline unsigned bit_length(uint64_t v) {
    unsigned b = 0;
    for (; v != 0; v >>= 1) {
        b++;
    }
    return b;
}

static inline unsigned trailing_zeros(uint64_t v) {
    unsigned z = 0;
    for (; v != 0 && (v & 1u) == 0; v >>= 1) {
        z++;
    }
    return z;
}

/* Check every time finite (CLV_EDOM otherwise) and describe the log. O(n), sequential. */
/* One pass over the log (the order's check for a sorted or grouped log, and the ranges of the
 * keys), in blocks between which the caller's progress callback is consulted (a pass over
 * 1e7 rows is ~0.05 s; issue 21's budget is 0.1 s between callbacks). */
static int scan_log(const uint64_t *customer, const double *time, size_t n, log_scan *s,
                    rfm_sort *pr) {
    s->sorted = 1;
    s->grouped = 1;
    s->c_min = s->c_max = 0;
    s->t_min = s->t_max = s->t_spread = 0;
    if (n == 0) {
        return CLV_OK;
    }
    uint64_t first_key = time_key(time[0]);
    uint64_t c_min = customer[0], c_max = customer[0];
    uint64_t t_min = first_key, t_max = first_key, spread = 0;
    int sorted = 1, grouped = 1;
    int finite = 1;
    for (size_t b = 0; b < n; b += RFM_SORT_UNITS_PER_PROGRESS) {
        size_t end = (n - b > RFM_SORT_UNITS_PER_PROGRESS) ? b + RFM_SORT_UNITS_PER_PROGRESS : n;
        for (size_t i = b; i < end; i++) {
            double t = time[i];
            finite &= isfinite(t) != 0;
            uint64_t c = customer[i];
            uint64_t k = time_key(t);
            c_min = (c < c_min) ? c : c_min;
            c_max = (c > c_max) ? c : c_max;
            t_min = (k < t_min) ? k : t_min;
            t_max = (k > t_max) ? k : t_max;
            spread |= k ^ first_key;
            if (i > 0) {
                uint64_t c0 = customer[i - 1];
                grouped &= c >= c0;
                sorted &= c > c0 || (c == c0 && !(t < time[i - 1]));
            }
        }
        if (!finite) {
            return CLV_EDOM; /* before the callback of its block */
        }
        if (end < n) {
            sort_progress(pr);
            if (pr->cancelled) {
                return CLV_ECANCELED;
            }
        }
    }
    if (!finite) {
        return CLV_EDOM;
    }
    s->sorted = sorted;
    s->grouped = grouped;
    s->c_min = c_min;
    s->c_max = c_max;
    s->t_min = t_min;
    s->t_max = t_max;
    s->t_spread = spread;
    return CLV_OK;
}

/* The layout a log's records take: bit widths of the three fields of the packed word. */
typedef struct order_layout {
    unsigned c_bits, t_shift, t_bits, i_bits;
    int packed; /* the three fit in one word (and a size_t is 64 bits) */
    int paired; /* else time and index fit in one word: 16-byte (customer, word) pairs */
} order_layout;

static void plan_layout(const log_scan *s, size_t n, order_layout *l) {
    l->c_bits = bit_length(s->c_max - s->c_min);
    l->t_shift = (s->t_spread == 0) ? 0 : trailing_zeros(s->t_spread);
    l->t_bits = bit_length((s->t_max - s->t_min) >> l->t_shift);
    l->i_bits = bit_length((uint64_t)(n - 1));
    l->packed = (SIZE_MAX >= UINT64_MAX) && l->c_bits + l->t_bits + l->i_bits <= 64;
    l->paired = !l->packed && l->t_bits + l->i_bits <= 64;
}

/* One 16-byte pair: the customer, and the time key above the index in one word. */
typedef struct order_pair {
    uint64_t customer; /* relative to the smallest */
    uint64_t word;     /* (time key << i_bits) | index */
} order_pair;

/* One 24-byte record of the general layout. */
typedef struct order_record {
    uint64_t customer; /* relative to the smallest */
    uint64_t time;     /* time key relative to the smallest, shifted */
    size_t index;
} order_record;

#define RADIX_BITS 8
#define RADIX_SIZE 256

/* Workspace bytes of a layout (packed, paired or records: 2, 1, 0), plus an alignment's
 * worth; 0 on overflow. */
static size_t workspace_bytes(size_t n, int layout) {
    size_t unit = (layout == 2)   ? sizeof(size_t)
                  : (layout == 1) ? 2 * sizeof(order_pair)
                                  : 2 * sizeof(order_record);
    if (n > (SIZE_MAX - 64) / unit) {
        return 0;
    }
    return n * unit + 64;
}

/* The workspace aligned for `align`, and the bytes left after aligning. */
static void *align_workspace(void *workspace, size_t size, size_t align, size_t *left) {
    uintptr_t p = (uintptr_t)workspace;
    size_t skip = (size_t)((align - p % align) % align);
    if (workspace == NULL || size < skip) {
        *left = 0;
        return NULL;
    }
    *left = size - skip;
    return (unsigned char *)workspace + skip;
}

/* One record moved (or passed over) by the radix sort: every RFM_SORT_UNITS_PER_PROGRESS
 * of them, a call of the callback. */
static inline void radix_progress(rfm_sort *s) {
    if ((++s->moved & (RFM_SORT_UNITS_PER_PROGRESS - 1)) == 0) {
        sort_progress(s);
    }
}

/* A pass skipped (every key has the same digit there) still counts its n records, so the
 * progress total can be fixed in advance; no record is touched. */
static void radix_skip(rfm_sort *s, size_t n) {
    for (size_t i = 0; i < n && !s->cancelled; i++) {
        radix_progress(s);
    }
}

/* Digits (of RADIX_BITS) that can differ between keys of `bits` bits. */
static unsigned digits_of(unsigned bits) {
    return (bits + RADIX_BITS - 1) / RADIX_BITS;
}

/* Prefix sums of one digit's histogram: counts become start positions. */
static void bucket_starts(size_t *count) {
    size_t sum = 0;
    for (unsigned d = 0; d < RADIX_SIZE; d++) {
        size_t c = count[d];
        count[d] = sum;
        sum += c;
    }
}

/* Packed layout: the words in order[] (as size_t), ws the other buffer. */
static void radix_packed(rfm_sort *s, const log_scan *scan, const order_layout *l, size_t n,
                         size_t *order, size_t *ws) {
    enum { DIGITS = 64 / RADIX_BITS };
    size_t count[DIGITS][RADIX_SIZE];
    memset(count, 0, sizeof count);
    unsigned t_pos = l->i_bits;
    unsigned c_pos = l->i_bits + l->t_bits;
    for (size_t i = 0; i < n; i++) {
        uint64_t w = (uint64_t)i;
        uint64_t tk = (time_key(s->time[i]) - scan->t_min) >> l->t_shift;
        if (l->t_bits > 0) {
            w |= tk << t_pos;
        }
        if (l->c_bits > 0) {
            w |= (s->customer[i] - scan->c_min) << c_pos;
        }
        order[i] = (size_t)w;
        for (unsigned d = 0; d < DIGITS; d++) {
            count[d][(w >> (d * RADIX_BITS)) & (RADIX_SIZE - 1)]++;
        }
        radix_progress(s);
    }
    size_t *src = order, *dst = ws;
    unsigned digits = digits_of(l->c_bits + l->t_bits + l->i_bits);
    for (unsigned d = 0; d < digits && !s->cancelled; d++) {
        unsigned shift = d * RADIX_BITS;
        if (count[d][((uint64_t)src[0] >> shift) & (RADIX_SIZE - 1)] == n) {
            radix_skip(s, n); /* every word has this digit: the pass would copy */
            continue;
        }
        bucket_starts(count[d]);
        for (size_t i = 0; i < n; i++) {
            size_t w = src[i];
            dst[count[d][((uint64_t)w >> shift) & (RADIX_SIZE - 1)]++] = w;
            radix_progress(s);
        }
        size_t *t = src;
        src = dst;
        dst = t;
    }
    size_t mask = (l->i_bits >= 64) ? SIZE_MAX : (((size_t)1 << l->i_bits) - 1);
    for (size_t i = 0; i < n && !s->cancelled; i++) {
        order[i] = src[i] & mask;
        radix_progress(s);
    }
}

/* Paired layout: pairs in a and b (n each); the word's digits, then the customer's. */
static void radix_pairs(rfm_sort *s, const log_scan *scan, const order_layout *l, size_t n,
                        size_t *order, order_pair *a, order_pair *b) {
    enum { DIGITS = 64 / RADIX_BITS };
    size_t wc[DIGITS][RADIX_SIZE];
    size_t cc[DIGITS][RADIX_SIZE];
    memset(wc, 0, sizeof wc);
    memset(cc, 0, sizeof cc);
    for (size_t i = 0; i < n; i++) {
        uint64_t tk = (time_key(s->time[i]) - scan->t_min) >> l->t_shift;
        order_pair r = {s->customer[i] - scan->c_min,
                        (l->t_bits > 0 ? tk << l->i_bits : 0) | (uint64_t)i};
        a[i] = r;
        for (unsigned d = 0; d < DIGITS; d++) {
            wc[d][(r.word >> (d * RADIX_BITS)) & (RADIX_SIZE - 1)]++;
            cc[d][(r.customer >> (d * RADIX_BITS)) & (RADIX_SIZE - 1)]++;
        }
        radix_progress(s);
    }
    order_pair *src = a, *dst = b;
    unsigned w_digits = digits_of(l->t_bits + l->i_bits);
    unsigned passes = w_digits + digits_of(l->c_bits);
    for (unsigned pass = 0; pass < passes && !s->cancelled; pass++) {
        int on_word = pass < w_digits;
        unsigned d = on_word ? pass : pass - w_digits;
        unsigned shift = d * RADIX_BITS;
        size_t *count = on_word ? wc[d] : cc[d];
        uint64_t first = on_word ? src[0].word : src[0].customer;
        if (count[(first >> shift) & (RADIX_SIZE - 1)] == n) {
            radix_skip(s, n);
            continue;
        }
        bucket_starts(count);
        for (size_t i = 0; i < n; i++) {
            uint64_t key = on_word ? src[i].word : src[i].customer;
            dst[count[(key >> shift) & (RADIX_SIZE - 1)]++] = src[i];
            radix_progress(s);
        }
        order_pair *t = src;
        src = dst;
        dst = t;
    }
    uint64_t mask = (l->i_bits >= 64) ? UINT64_MAX : (((uint64_t)1 << l->i_bits) - 1);
    for (size_t i = 0; i < n && !s->cancelled; i++) {
        order[i] = (size_t)(src[i].word & mask);
        radix_progress(s);
    }
}

/* General layout: records in a and b (n each). */
static void radix_records(rfm_sort *s, const log_scan *scan, const order_layout *l, size_t n,
                          size_t *order, order_record *a, order_record *b) {
    enum { DIGITS = 64 / RADIX_BITS };
    size_t tc[DIGITS][RADIX_SIZE];
    size_t cc[DIGITS][RADIX_SIZE];
    memset(tc, 0, sizeof tc);
    memset(cc, 0, sizeof cc);
    for (size_t i = 0; i < n; i++) {
        order_record r = {s->customer[i] - scan->c_min,
                          (time_key(s->time[i]) - scan->t_min) >> l->t_shift, i};
        a[i] = r;
        for (unsigned d = 0; d < DIGITS; d++) {
            tc[d][(r.time >> (d * RADIX_BITS)) & (RADIX_SIZE - 1)]++;
            cc[d][(r.customer >> (d * RADIX_BITS)) & (RADIX_SIZE - 1)]++;
        }
        radix_progress(s);
    }
    order_record *src = a, *dst = b;
    /* the time digits (least significant first), then the customer digits */
    unsigned t_digits = digits_of(l->t_bits);
    unsigned passes = t_digits + digits_of(l->c_bits);
    for (unsigned pass = 0; pass < passes && !s->cancelled; pass++) {
        int on_time = pass < t_digits;
        unsigned d = on_time ? pass : pass - t_digits;
        unsigned shift = d * RADIX_BITS;
        size_t *count = on_time ? tc[d] : cc[d];
        uint64_t first = on_time ? src[0].time : src[0].customer;
        if (count[(first >> shift) & (RADIX_SIZE - 1)] == n) {
            radix_skip(s, n);
            continue;
        }
        bucket_starts(count);
        for (size_t i = 0; i < n; i++) {
            uint64_t key = on_time ? src[i].time : src[i].customer;
            dst[count[(key >> shift) & (RADIX_SIZE - 1)]++] = src[i];
            radix_progress(s);
        }
        order_record *t = src;
        src = dst;
        dst = t;
    }
    for (size_t i = 0; i < n && !s->cancelled; i++) {
        order[i] = src[i].index;
        radix_progress(s);
    }
}

/* The radix sort's progress total: n records in each pass (the build, each digit that can
 * differ, done or skipped, and the read-out), + 1 so that done stays below it. */
static uint64_t radix_total(size_t n, const order_layout *l) {
    unsigned digits = l->packed   ? digits_of(l->c_bits + l->t_bits + l->i_bits)
                      : l->paired ? digits_of(l->t_bits + l->i_bits) + digits_of(l->c_bits)
                                  : digits_of(l->t_bits) + digits_of(l->c_bits);
    return (uint64_t)n * (digits + 2) + 1;
}

/* A log grouped by ascending customer: the identity, with each customer's run that is not
 * sorted by time sorted by the introsort (its keys are contiguous: no cache misses). */
static void order_grouped(rfm_sort *s, size_t n, size_t *order) {
    for (size_t i = 0; i < n; i++) {
        order[i] = i;
    }
    for (size_t a = 0; a < n && !s->cancelled;) {
        size_t b = a + 1;
        int run_sorted = 1;
        for (; b < n && s->customer[b] == s->customer[a]; b++) {
            run_sorted &= !(s->time[b] < s->time[b - 1]);
        }
        if (!run_sorted) {
            unsigned depth = 0;
            for (size_t k = b - a; k > 1; k >>= 1) {
                depth += 2;
            }
            intro_sort(s, order + a, b - a, depth);
        }
        a = b;
    }
}

/* The shared body of the clv_rfm_order family; `workspace` may be null (size 0). */
static int rfm_order(const uint64_t *customer, const double *time, size_t n, size_t *order,
                     void *workspace, size_t workspace_size, clv_work_fn progress,
                     void *user_data) {
    int st;
    log_scan scan;
    if (customer == NULL || time == NULL || order == NULL) {
        return CLV_EINVAL;
    }
    unsigned depth = 0;
    for (size_t k = n; k > 1; k >>= 1) {
        depth += 2;
    }
    /* total: an estimate of the comparisons, n (log2 n + 2); done stays below it until the
     * end, whatever the sort really needs. */
    rfm_sort s = {customer, time, progress, user_data, 0,
                  (uint64_t)n * (depth / 2 + 2) + 1, RFM_SORT_UNITS_PER_PROGRESS, 0, 0};
    if ((st = scan_log(customer, time, n, &scan, &s)) != CLV_OK) {
        return st;
    }
    s.budget = RFM_SORT_UNITS_PER_PROGRESS;
    order_layout layout;
    plan_layout(&scan, n, &layout);
    size_t left;
    if (scan.sorted) {
        for (size_t i = 0; i < n; i++) {
            order[i] = i;
        }
    } else if (scan.grouped) {
        order_grouped(&s, n, order);
    } else if (layout.packed && workspace_size >= workspace_bytes(n, 2) &&
               workspace_bytes(n, 2) != 0) {
        size_t *ws = align_workspace(workspace, workspace_size, sizeof(size_t), &left);
        s.total = s.done + radix_total(n, &layout); /* after the scan's units */
        radix_packed(&s, &scan, &layout, n, order, ws);
    } else if ((layout.packed || layout.paired) && workspace_size >= workspace_bytes(n, 1) &&
               workspace_bytes(n, 1) != 0) {
        order_pair *ws = align_workspace(workspace, workspace_size, sizeof(uint64_t), &left);
        layout.packed = 0;
        layout.paired = 1;
        s.total = s.done + radix_total(n, &layout); /* after the scan's units */
        radix_pairs(&s, &scan, &layout, n, order, ws, ws + n);
    } else if (workspace_size >= workspace_bytes(n, 0) && workspace_bytes(n, 0) != 0) {
        order_record *ws = align_workspace(workspace, workspace_size, sizeof(uint64_t), &left);
        layout.packed = 0;
        layout.paired = 0;
        s.total = s.done + radix_total(n, &layout); /* after the scan's units */
        radix_records(&s, &scan, &layout, n, order, ws, ws + n);
    } else {
        for (size_t i = 0; i < n; i++) {
            order[i] = i;
        }
        intro_sort(&s, order, n, depth);
    }
    if (s.cancelled) {
        return CLV_ECANCELED;
    }
    if (progress != NULL && progress(user_data, s.total, s.total) != 0) {
        return CLV_ECANCELED;
    }
    return CLV_OK;
}

int clv_rfm_order_progress(const uint64_t *customer, const double *time, size_t n, size_t *order,
                           clv_work_fn progress, void *user_data) {
    return rfm_order(customer, time, n, order, NULL, 0, progress, user_data);
}

int clv_rfm_order(const uint64_t *customer, const double *time, size_t n, size_t *order) {
    return rfm_order(customer, time, n, order, NULL, 0, NULL, NULL);
}

int clv_rfm_order_workspace_size(const uint64_t *customer, const double *time, size_t n,
                                 size_t *bytes) {
    int st;
    log_scan scan;
    order_layout layout;
    if (customer == NULL || time == NULL || bytes == NULL) {
        return CLV_EINVAL;
    }
    rfm_sort quiet = {customer, time, NULL, NULL, 0, UINT64_MAX, RFM_SORT_UNITS_PER_PROGRESS,
                      0, 0}; /* no callback: the blocks only count */
    if ((st = scan_log(customer, time, n, &scan, &quiet)) != CLV_OK) {
        return st;
    }
    if (scan.sorted || scan.grouped || n < 2) {
        *bytes = 0;
        return CLV_OK;
    }
    plan_layout(&scan, n, &layout);
    size_t need = workspace_bytes(n, layout.packed ? 2 : layout.paired ? 1 : 0);
    if (need == 0) {
        return CLV_ERANGE;
    }
    *bytes = need;
    return CLV_OK;
}

int clv_rfm_order_workspace(const uint64_t *customer, const double *time, size_t n,
                            size_t *order, void *workspace, size_t workspace_size,
                            clv_work_fn progress, void *user_data) {
    if (workspace == NULL && workspace_size != 0) {
        return CLV_EINVAL;
    }
    return rfm_order(customer, time, n, order, workspace, workspace_size, progress, user_data);
}

/* ---- the customer table ----------------------------------------------------------------- */

/* Is row i of a table valid (see clv_rfm_check())? */
static int row_valid(const clv_rfm_view *data, int need_monetary, size_t i) {
    double x = data->x[i];
    double T = data->T[i];
    /* The models' own history check (T = 0 is a customer first seen at the end of the
     * observation: valid, and every model handles it). */
    if (clv__check_history(x, data->t_x[i], T) != CLV_OK) {
        return 0;
    }
    if (data->weight != NULL && clv__check_nonneg(data->weight[i]) != CLV_OK) {
        return 0;
    }
    if (need_monetary) {
        double m = data->monetary[i];
        if (clv__check_finite(m) != CLV_OK || (x > 0.0 && !(m > 0.0))) {
            return 0;
        }
    }
    return 1;
}

/*
 * The history checks of clv__check_history() on n rows (n a multiple of the width), four or
 * two at a time and without branches: 1 if every row passes. A whole number is recognised
 * without floor(): for 0 <= x < 2^52, (x + 2^52) - 2^52 is x rounded to an integer, and every
 * double from 2^52 up is whole. NaN fails every comparison.
 */
#define HISTORY_LANES(VD, VI, VF)                                                                \
    VI bad = {0};                                                                              \
    for (size_t i = 0; i < n; i += sizeof(VD) / sizeof(double)) {                              \
        VD x, tx, TT;                                                                          \
        memcpy(&x, data->x + i0 + i, sizeof x);                                                \
        memcpy(&tx, data->t_x + i0 + i, sizeof tx);                                            \
        memcpy(&TT, data->T + i0 + i, sizeof TT);                                              \
        VI whole = (x >= 0x1p52) | (((x + 0x1p52) - 0x1p52) == x);                              \
        VI ok = (x >= 0.0) & (x <= 0x1.fffffffffffffp1023) & whole & (TT >= 0.0) &              \
                (TT <= 0x1.fffffffffffffp1023) & (tx >= 0.0) & (tx <= TT) &                     \
                ((x != 0.0) | (tx == 0.0));                                                    \
        bad |= ~ok;                                                                            \
    }                                                                                          \
    VI zero = {0};                                                                             \
    VI any = (bad != zero);                                                                    \
    for (size_t k = 0; k < sizeof(VD) / sizeof(double); k++) {                                 \
        if (any[k]) {                                                                          \
            return 0;                                                                          \
        }                                                                                      \
    }                                                                                          \
    return 1;

static int histories_ok2(const clv_rfm_view *data, size_t i0, size_t n) {
    HISTORY_LANES(clv__v2d, clv__v2i, CLV__V2)
}

#if CLV__HAVE_AVX2_PATH
CLV__TARGET_AVX2 static int histories_ok4(const clv_rfm_view *data, size_t i0, size_t n) {
    HISTORY_LANES(clv__v4d, clv__v4i, CLV__V4)
}
#endif

#define CHECK_BLOCK 256

/* Record the first rule an invalid row breaks, in the order clv_rfm_check_diag() documents.
 * Each test is the negation of part of row_valid(), so an invalid row always matches one. */
void clv__diag_table_row(const clv_rfm_view *data, int need_monetary, size_t i, clv_diag *diag) {
    double x = data->x[i];
    double t_x = data->t_x[i];
    double T = data->T[i];
    int rule = CLV_RULE_NONE;
    int field = CLV_FIELD_X;
    double value = x;
    double limit = 0.0;
    if (!isfinite(x)) {
        rule = CLV_RULE_NOT_FINITE;
    } else if (x < 0.0) {
        rule = CLV_RULE_NEGATIVE;
    } else if (floor(x) != x) {
        rule = CLV_RULE_NOT_WHOLE;
    } else if (!isfinite(T) || T < 0.0) {
        field = CLV_FIELD_T;
        value = T;
        rule = isfinite(T) ? CLV_RULE_NEGATIVE : CLV_RULE_NOT_FINITE;
    } else if (!isfinite(t_x) || t_x < 0.0) {
        field = CLV_FIELD_T_X;
        value = t_x;
        rule = isfinite(t_x) ? CLV_RULE_NEGATIVE : CLV_RULE_NOT_FINITE;
    } else if (t_x > T) {
        field = CLV_FIELD_T_X;
        value = t_x;
        limit = T;
        rule = CLV_RULE_RECENCY_ABOVE_T;
    } else if (x == 0.0 && t_x != 0.0) {
        field = CLV_FIELD_T_X;
        value = t_x;
        rule = CLV_RULE_RECENCY_WITHOUT_REPEAT;
    } else if (data->weight != NULL && clv__check_nonneg(data->weight[i]) != CLV_OK) {
        field = CLV_FIELD_WEIGHT;
        value = data->weight[i];
        rule = isfinite(value) ? CLV_RULE_NEGATIVE : CLV_RULE_NOT_FINITE;
    } else if (need_monetary) {
        field = CLV_FIELD_MONETARY;
        value = data->monetary[i];
        rule = isfinite(value) ? CLV_RULE_NOT_POSITIVE : CLV_RULE_NOT_FINITE;
    }
    clv__diag_row(diag, CLV_EDOM, field, rule, i, value, limit);
}

static int check_table(const clv_rfm_view *data, int need_monetary, size_t *bad_index,
                       clv_diag *diag) {
    clv__diag_clear(diag);
    if (data == NULL) {
        return clv__diag_set(diag, CLV_EINVAL, CLV_FIELD_NONE, CLV_RULE_MISSING, 0.0, 0.0);
    }
    if (data->x == NULL || data->t_x == NULL || data->T == NULL ||
        (need_monetary == 1 && data->monetary == NULL)) {
        int field = (data->x == NULL)     ? CLV_FIELD_X
                    : (data->t_x == NULL) ? CLV_FIELD_T_X
                    : (data->T == NULL)   ? CLV_FIELD_T
                                          : CLV_FIELD_MONETARY;
        return clv__diag_set(diag, CLV_EINVAL, field, CLV_RULE_MISSING, 0.0, 0.0);
    }
    if (data->count == 0) {
        return clv__diag_set(diag, CLV_EINVAL, CLV_FIELD_COUNT, CLV_RULE_EMPTY, 0.0, 0.0);
    }
    if (need_monetary != 0 && need_monetary != 1) {
        return clv__diag_set(diag, CLV_EINVAL, CLV_FIELD_FLAG, CLV_RULE_BAD_FLAG,
                             (double)need_monetary, 0.0);
    }
    /* Blocks of rows whose histories pass the branch-free test, with no weight or spend to
     * check, are valid; any other block is checked row by row, which finds the first bad
     * row. */
    int fast = (data->weight == NULL && !need_monetary);
    int avx2 = clv__have_avx2();
    for (size_t i0 = 0; i0 < data->count; i0 += CHECK_BLOCK) {
        size_t m = (data->count - i0 < CHECK_BLOCK) ? data->count - i0 : CHECK_BLOCK;
        size_t whole = m & ~(size_t)3;
        int ok = 0;
        if (fast && whole == m) {
#if CLV__HAVE_AVX2_PATH
            ok = avx2 ? histories_ok4(data, i0, m) : histories_ok2(data, i0, m);
#else
            ok = histories_ok2(data, i0, m);
#endif
        }
        if (ok) {
            continue;
        }
        for (size_t i = i0; i < i0 + m; i++) {
            if (!row_valid(data, need_monetary, i)) {
                if (bad_index != NULL) {
                    *bad_index = i;
                }
                if (diag != NULL) {
                    clv__diag_table_row(data, need_monetary, i, diag);
                }
                return CLV_EDOM;
            }
        }
    }
    (void)avx2;
    return CLV_OK;
}

int clv_rfm_check(const clv_rfm_view *data, int need_monetary, size_t *bad_index) {
    return check_table(data, need_monetary, bad_index, NULL);
}

int clv_rfm_check_diag(const clv_rfm_view *data, int need_monetary, clv_diag *diag) {
    return check_table(data, need_monetary, NULL, diag);
}
