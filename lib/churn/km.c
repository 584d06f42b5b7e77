/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Kaplan-Meier (product-limit) estimate of customer survival from censored durations, with
 * Greenwood standard errors, log-log confidence bands, the median with its Brookmeyer-Crowley
 * interval, the restricted mean and S(t) at any t. Formulas and sources: include/churn.h,
 * group clv_km, and docs/kaplan-meier.md.
 *
 * Sources: Kaplan & Meier (1958) JASA 53 457-481, eq. 2 (the product limit); Greenwood (1926)
 * (the variance); Kalbfleisch & Prentice (2002) and Klein & Moeschberger (2003) section 4.3
 * (the log-log band); Brookmeyer & Crowley (1982) Biometrics 38 29-41 (median interval);
 * Klein & Moeschberger (2003) section 4.5 (restricted mean and its variance).
 *
 * Method. The rows are read in duration order -- in place when the input is already sorted,
 * else through a stable LSD radix sort of (duration bits, row index) pairs in the caller's
 * workspace: a non-negative double's IEEE bit pattern, read as an unsigned integer, orders
 * like the double (-0 is mapped to +0 first). Then three passes:
 *   1. forward over the sorted rows: count the distinct event times (groups with event weight
 *      > 0), so a too-small output is reported before anything is written;
 *   2. backward: the number at risk at t_i is a suffix sum of weights (summed from the end,
 *      so it is exact for whole weights and never the difference of two large sums), and the
 *      censored weight of [t_i, t_{i+1}) is gathered on the way;
 *   3. forward over the rows written: S, the Greenwood sum, the band.
 * Nothing can fail after validation, so outputs are either fully written or untouched.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "churn.h"
#include "core/validate.h"
#include "math/normal.h"
#include "math/sortkey.h"

/* ---- the rows in duration order -------------------------------------------------------- */

/* One row of the sort: the duration's bit pattern and the row index, with the event flag in
 * the top bit of the index (row indices fit in 63 bits on any machine). */
typedef struct km_pair {
    uint64_t key;
    uint64_t index;
} km_pair;

#define KM_EVENT_BIT (UINT64_C(1) << 63)

/* The input read in duration order: directly (pairs null) or through sorted pairs. */
typedef struct km_source {
    const clv_km_data *data;
    const km_pair *pairs;
} km_source;

/* Row i in duration order: its duration, event flag and weight. */
static inline void km_get(const km_source *src, size_t i, double *t, int *event, double *w) {
    const clv_km_data *data = src->data;
    if (src->pairs == NULL) {
        *t = data->duration[i] + 0.0;
        *event = data->event[i] == 1;
        *w = (data->weight != NULL) ? data->weight[i] : 1.0;
    } else {
        uint64_t idx = src->pairs[i].index;
        size_t row = (size_t)(idx & ~KM_EVENT_BIT);
        *t = clv__nonneg_value(src->pairs[i].key);
        *event = (idx & KM_EVENT_BIT) != 0;
        *w = (data->weight != NULL) ? data->weight[row] : 1.0;
    }
}

/* The workspace, aligned for km_pair, and its size for n rows (two arrays of n pairs). */
static const size_t km_align = sizeof(uint64_t);

int clv_km_workspace_size(size_t count, size_t *bytes) {
    if (bytes == NULL) {
        return CLV_EINVAL;
    }
    if (count > (SIZE_MAX - km_align) / (2 * sizeof(km_pair))) {
        return CLV_ERANGE;
    }
    *bytes = count * 2 * sizeof(km_pair) + km_align;
    return CLV_OK;
}

/*
 * Stable LSD radix sort of the rows by duration, one byte per pass, in the workspace (already
 * checked to be large enough). Passes whose byte is the same for every key are skipped: for
 * durations of similar size the top (exponent) bytes usually are. Returns the sorted pairs.
 */
static const km_pair *radix_sort(const clv_km_data *data, void *workspace) {
    size_t n = data->count;
    uintptr_t p = (uintptr_t)workspace;
    p = (p + km_align - 1) & ~(uintptr_t)(km_align - 1);
    km_pair *a = (km_pair *)p;
    km_pair *b = a + n;
    size_t hist[8][256];
    memset(hist, 0, sizeof hist);
    for (size_t i = 0; i < n; i++) {
        uint64_t k = clv__nonneg_key(data->duration[i]);
        a[i].key = k;
        a[i].index = (uint64_t)i | (data->event[i] == 1 ? KM_EVENT_BIT : 0);
        for (int byte = 0; byte < 8; byte++) {
            hist[byte][(k >> (8 * byte)) & 0xFF]++;
        }
    }
    for (int byte = 0; byte < 8; byte++) {
        size_t *h = hist[byte];
        if (h[(a[0].key >> (8 * byte)) & 0xFF] == n) {
            continue; /* every key has this byte: the pass would not move anything */
        }
        size_t sum = 0;
        for (int v = 0; v < 256; v++) {
            size_t c = h[v];
            h[v] = sum;
            sum += c;
        }
        for (size_t i = 0; i < n; i++) {
            b[h[(a[i].key >> (8 * byte)) & 0xFF]++] = a[i];
        }
        km_pair *tmp = a;
        a = b;
        b = tmp;
    }
    return a;
}

/* ---- validation ------------------------------------------------------------------------- */

/* Check every row; sum the weights; tell whether the durations are sorted. */
static int check_data(const clv_km_data *data, double *total, int *sorted, size_t *bad) {
    double sum = 0.0;
    int in_order = 1;
    for (size_t i = 0; i < data->count; i++) {
        double t = data->duration[i];
        int32_t e = data->event[i];
        double w = (data->weight != NULL) ? data->weight[i] : 1.0;
        if (clv__check_nonneg(t) != CLV_OK || (e != 0 && e != 1) ||
            clv__check_nonneg(w) != CLV_OK) {
            *bad = i;
            return CLV_EDOM;
        }
        if (i > 0 && t < data->duration[i - 1]) {
            in_order = 0;
        }
        sum += w;
    }
    *total = sum;
    *sorted = in_order;
    return CLV_OK;
}

/* ---- the estimate ------------------------------------------------------------------------ */

/* Pass 1: the number of distinct event times, the end of follow-up and the totals. */
static size_t count_event_times(const km_source *src, size_t n, double *max_time, double *events) {
    size_t m = 0;
    double last_t = 0.0, d = 0.0, all_events = 0.0, end = 0.0;
    for (size_t i = 0; i < n; i++) {
        double t, w;
        int e;
        km_get(src, i, &t, &e, &w);
        if (i > 0 && t != last_t) {
            m += d > 0.0;
            d = 0.0;
        }
        last_t = t;
        if (e) {
            d += w;
            all_events += w;
        }
        if (w > 0.0) {
            end = t;
        }
    }
    m += d > 0.0;
    *max_time = end;
    *events = all_events;
    return m;
}

/* Pass 2: time, at risk, events and censored of each of the m rows, from the end. */
static void fill_counts(const km_source *src, size_t n, clv_km_row *rows, size_t m) {
    double after = 0.0;   /* weight of the rows later than the current group */
    double pending = 0.0; /* censored weight between the current group and the next event */
    double d = 0.0, c = 0.0;
    size_t k = m;
    for (size_t j = n; j-- > 0;) {
        double t, w;
        int e;
        km_get(src, j, &t, &e, &w);
        if (e) {
            d += w;
        } else {
            c += w;
        }
        double t_prev = 0.0;
        int last_of_group = (j == 0);
        if (!last_of_group) {
            int e2;
            double w2;
            km_get(src, j - 1, &t_prev, &e2, &w2);
            last_of_group = t_prev != t;
        }
        if (!last_of_group) {
            continue;
        }
        double at_risk = (after + c) + d;
        if (d > 0.0) {
            clv_km_row *row = &rows[--k];
            row->time = t;
            row->at_risk = at_risk;
            row->events = d;
            row->censored = c + pending;
            pending = 0.0;
        } else {
            pending += c;
        }
        after = at_risk;
        d = c = 0.0;
    }
}

/* Pass 3: S, its Greenwood standard error and the log-log band, row by row. */
static void fill_survival(clv_km_row *rows, size_t m, double z) {
    double s = 1.0, v = 0.0;
    for (size_t k = 0; k < m; k++) {
        clv_km_row *row = &rows[k];
        double n = row->at_risk, d = row->events;
        double left = n - d;
        if (s > 0.0 && left > 0.0) {
            s *= left / n;
            v += (d / n) / left; /* d / (n (n - d)), Greenwood (1926) */
        } else {
            s = 0.0;
        }
        row->survival = s;
        if (!(s > 0.0)) {
            /* Everyone left at risk churned: no variance, band [0, 0] by convention. */
            row->std_error = 0.0;
            row->lower = row->upper = 0.0;
            continue;
        }
        row->std_error = s * sqrt(v);
        /* log(-log S) has standard error sqrt(v) / |log S| (delta method); transforming the
         * symmetric interval back gives S^exp(+-z sigma). Kalbfleisch & Prentice (2002). */
        double log_s = log(s);
        double a = 0.0;
        if (z > 0.0 && log_s < 0.0) {
            a = z * (sqrt(v) / -log_s);
        }
        double lower = exp(log_s * exp(a));
        double upper = exp(log_s * exp(-a));
        row->lower = fmin(lower, s); /* exp(log s) may differ from s by an ulp */
        row->upper = fmax(upper, s);
    }
}

int clv_km_estimate(const clv_km_data *data, double level, void *workspace, size_t workspace_bytes,
                    clv_km_row *rows, size_t capacity, size_t *n_rows, clv_km_summary *summary,
                    size_t *bad_index) {
    if (data == NULL || n_rows == NULL || data->duration == NULL || data->event == NULL ||
        (rows == NULL && capacity > 0)) {
        return CLV_EINVAL;
    }
    if (data->count == 0) {
        return CLV_EINVAL;
    }
    if (!(level > 0.0 && level < 1.0)) {
        return CLV_EDOM;
    }
    int st, sorted;
    double total;
    size_t bad;
    if ((st = check_data(data, &total, &sorted, &bad)) != CLV_OK) {
        if (bad_index != NULL) {
            *bad_index = bad;
        }
        return st;
    }
    if (!(total > 0.0)) {
        return CLV_EDOM;
    }
    if (!isfinite(total)) {
        return CLV_ERANGE;
    }
    km_source src = {data, NULL};
    if (!sorted) {
        size_t need;
        if (workspace == NULL) {
            return CLV_EINVAL;
        }
        if (clv_km_workspace_size(data->count, &need) != CLV_OK || workspace_bytes < need) {
            return CLV_ENOMEM;
        }
        src.pairs = radix_sort(data, workspace);
    }
    double max_time, events;
    size_t m = count_event_times(&src, data->count, &max_time, &events);
    if (m > capacity) {
        *n_rows = m;
        return CLV_ENOMEM;
    }
    double z = clv__normal_two_sided_quantile(level);
    fill_counts(&src, data->count, rows, m);
    fill_survival(rows, m, z);
    *n_rows = m;
    if (summary != NULL) {
        summary->customers = total;
        summary->events = events;
        summary->censored = fmax(total - events, 0.0);
        summary->max_time = max_time;
        summary->level = level;
        summary->z = z;
        summary->n_rows = m;
    }
    return CLV_OK;
}

/* ---- reading a table --------------------------------------------------------------------- */

/* A table clv_km_estimate() can have written (see clv_km_survival_at() in churn.h). */
static int check_rows(const clv_km_row *rows, size_t n_rows) {
    double prev_t = -1.0, prev_s = 1.0;
    for (size_t k = 0; k < n_rows; k++) {
        const clv_km_row *r = &rows[k];
        if (!(r->time >= 0.0) || !isfinite(r->time) || !(r->time > prev_t) ||
            !isfinite(r->at_risk) || !(r->events > 0.0) || !(r->events <= r->at_risk) ||
            clv__check_nonneg(r->censored) != CLV_OK || !(r->survival >= 0.0) ||
            !(r->survival <= prev_s) || !(r->std_error >= 0.0) || !(r->lower >= 0.0) ||
            !(r->lower <= r->survival) || !(r->upper >= r->survival) || !(r->upper <= 1.0)) {
            return CLV_EDOM;
        }
        prev_t = r->time;
        prev_s = r->survival;
    }
    return CLV_OK;
}

int clv_km_survival_at(const clv_km_row *rows, size_t n_rows, double t, double *survival,
                       double *std_error, double *lower, double *upper) {
    int st;
    if (survival == NULL || (rows == NULL && n_rows > 0)) {
        return CLV_EINVAL;
    }
    if (!(t >= 0.0) || (st = check_rows(rows, n_rows)) != CLV_OK) {
        return CLV_EDOM;
    }
    /* The number of rows with time <= t, by bisection. */
    size_t lo = 0, hi = n_rows;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (rows[mid].time <= t) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    double s = 1.0, se = 0.0, l = 1.0, u = 1.0;
    if (lo > 0) {
        const clv_km_row *r = &rows[lo - 1];
        s = r->survival;
        se = r->std_error;
        l = r->lower;
        u = r->upper;
    }
    *survival = s;
    if (std_error != NULL) {
        *std_error = se;
    }
    if (lower != NULL) {
        *lower = l;
    }
    if (upper != NULL) {
        *upper = u;
    }
    return CLV_OK;
}

int clv_km_median(const clv_km_row *rows, size_t n_rows, double *median, double *lower,
                  double *upper) {
    if (median == NULL || (rows == NULL && n_rows > 0)) {
        return CLV_EINVAL;
    }
    if (check_rows(rows, n_rows) != CLV_OK) {
        return CLV_EDOM;
    }
    /* The first event time at which each curve reaches 0.5 (all three are non-increasing
     * in a valid table; a band that never does gives "not reached", +INFINITY). */
    double med = INFINITY, lo = INFINITY, hi = INFINITY;
    for (size_t k = n_rows; k-- > 0;) {
        if (rows[k].survival <= 0.5) {
            med = rows[k].time;
        }
        if (rows[k].lower <= 0.5) {
            lo = rows[k].time;
        }
        if (rows[k].upper <= 0.5) {
            hi = rows[k].time;
        }
    }
    *median = med;
    if (lower != NULL) {
        *lower = lo;
    }
    if (upper != NULL) {
        *upper = hi;
    }
    return CLV_OK;
}

int clv_km_rmst(const clv_km_row *rows, size_t n_rows, double tau, double *rmst,
                double *std_error) {
    if (rmst == NULL || (rows == NULL && n_rows > 0)) {
        return CLV_EINVAL;
    }
    if (clv__check_nonneg(tau) != CLV_OK || check_rows(rows, n_rows) != CLV_OK) {
        return CLV_EDOM;
    }
    /* Rows 0..K-1 are the event times <= tau. A_i = integral_{t_i}^tau S is summed from the
     * end, A_i = S_i (t_{i+1} - t_i) + A_{i+1}, so each is a sum of non-negative terms and not
     * the difference of two areas. */
    size_t K = 0;
    while (K < n_rows && rows[K].time <= tau) {
        K++;
    }
    double area_after = 0.0, var = 0.0, next_t = tau;
    for (size_t i = K; i-- > 0;) {
        const clv_km_row *r = &rows[i];
        area_after += r->survival * (next_t - r->time);
        next_t = r->time;
        double left = r->at_risk - r->events;
        if (area_after > 0.0 && left > 0.0) {
            /* Klein & Moeschberger (2003) section 4.5: A_i^2 d_i / (n_i (n_i - d_i)). */
            var += area_after * area_after * ((r->events / r->at_risk) / left);
        }
    }
    double mu = (K > 0) ? rows[0].time + area_after : tau; /* S = 1 on [0, t_1) */
    if (!isfinite(var)) {
        return CLV_ERANGE;
    }
    *rmst = fmin(mu, tau);
    if (std_error != NULL) {
        *std_error = sqrt(var);
    }
    return CLV_OK;
}
