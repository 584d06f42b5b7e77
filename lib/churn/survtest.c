/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * The Nelson-Aalen cumulative hazard and the (stratified, Fleming-Harrington weighted)
 * log-rank test, with delayed entry and weights. Formulas and sources: include/churn.h, group
 * clv_surv.
 *
 * Method. The rows are put in (stratum, exit time) order by a stable LSD radix sort of
 * (key, row) pairs in the caller's workspace -- a non-negative double's IEEE bit pattern,
 * read as an unsigned integer, orders like the double; a stratum's int32 with its sign bit
 * flipped orders like the int32 -- and, with entry times, the entries the same way. Within a
 * stratum one forward pass over the distinct exit times keeps the risk set of each group as
 * (weight entered before u) - (weight exited before u), both read from the sorted arrays by
 * two pointers: entered means entry < u, exited means exit < u, so the risk set at u is
 * {entry < u <= exit}. Without entry times every row entered at -infinity (the Kaplan-Meier
 * risk set {u <= exit}), and the risk set is a suffix sum of the exits' weights.
 *
 * Nothing can fail after validation except the singular variance of the test, which is found
 * before any output is written.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "churn.h"
#include "clv.h"
#include "math/normal.h"
#include "math/sortkey.h"

/* ---- sorting ------------------------------------------------------------------------------ */

/*
 * One row of a sort: the time's bit pattern, and the row index with two facts packed above
 * it, so that the walks never go back to the caller's columns (but for weights): bit 63 says
 * the row's event counts (event 1 inside its risk period: entry < exit), bit 62 that the row
 * is never at risk (entry = exit: it enters the risk-set sums nowhere), bits 56-60 hold its
 * group (CLV_LOGRANK_MAX_GROUPS = 32). Row indices fit in 56 bits (checked).
 */
typedef struct sv_pair {
    uint64_t key;
    uint64_t row;
} sv_pair;

#define SV_EVENT (UINT64_C(1) << 63)
#define SV_NEVER (UINT64_C(1) << 62) /* entry = exit: never at risk, left out of the sums */
#define SV_GROUP_SHIFT 56
#define SV_ROW_MASK ((UINT64_C(1) << SV_GROUP_SHIFT) - 1)
#define SV_MAX_ROWS SV_ROW_MASK

/* Radix digits of 11 bits: 6 passes cover a non-negative double's 63 bits. The histograms
 * live in the workspace, after the pairs. */
#define SV_DIGIT 11
#define SV_BINS (1u << SV_DIGIT)
#define SV_PASSES 6

static const size_t sv_align = sizeof(uint64_t);
static const size_t sv_hist_bytes = SV_PASSES * SV_BINS * sizeof(size_t);

int clv_surv_workspace_size(size_t count, size_t *bytes) {
    if (bytes == NULL) {
        return CLV_EINVAL;
    }
    if (count > (SIZE_MAX - sv_align - sv_hist_bytes) / (4 * sizeof(sv_pair))) {
        return CLV_ERANGE;
    }
    *bytes = count * 4 * sizeof(sv_pair) + sv_hist_bytes + sv_align;
    return CLV_OK;
}

static inline uint64_t pair_row(const sv_pair *p) {
    return p->row & SV_ROW_MASK;
}

static inline uint32_t pair_group(const sv_pair *p) {
    return (uint32_t)((p->row >> SV_GROUP_SHIFT) & 0x1F);
}

static inline int pair_event(const sv_pair *p) {
    return (p->row & SV_EVENT) != 0;
}

static inline int pair_never(const sv_pair *p) {
    return (p->row & SV_NEVER) != 0;
}

/* Stable LSD radix sort of a[0..n) by its keys' low @p bits bits, with b as scratch and the
 * histograms in hist (SV_PASSES * SV_BINS); digits equal in every key are skipped. Returns
 * the sorted array (a or b). */
static sv_pair *radix_sort(sv_pair *a, sv_pair *b, size_t n, int bits, size_t *hist) {
    int passes = (bits + SV_DIGIT - 1) / SV_DIGIT;
    memset(hist, 0, (size_t)passes * SV_BINS * sizeof *hist);
    for (size_t i = 0; i < n; i++) {
        uint64_t k = a[i].key;
        for (int p = 0; p < passes; p++) {
            hist[p * SV_BINS + ((k >> (SV_DIGIT * p)) & (SV_BINS - 1))]++;
        }
    }
    for (int p = 0; p < passes; p++) {
        size_t *h = hist + p * SV_BINS;
        int shift = SV_DIGIT * p;
        if (h[(a[0].key >> shift) & (SV_BINS - 1)] == n) {
            continue;
        }
        size_t sum = 0;
        for (unsigned v = 0; v < SV_BINS; v++) {
            size_t c = h[v];
            h[v] = sum;
            sum += c;
        }
        for (size_t i = 0; i < n; i++) {
            b[h[(a[i].key >> shift) & (SV_BINS - 1)]++] = a[i];
        }
        sv_pair *tmp = a;
        a = b;
        b = tmp;
    }
    return a;
}

/*
 * The rows in (stratum, time) order, time being the exit (entry 0) or the entry (entry 1):
 * first by time, then stably by stratum (whose int32 with the sign bit flipped orders like
 * the int32). Returns the sorted array (a or b).
 */
static sv_pair *sort_rows(const clv_surv_data *d, int entry, const int32_t *stratum, sv_pair *a,
                          sv_pair *b, size_t *hist) {
    size_t n = d->count;
    const double *time = entry ? d->entry : d->exit;
    for (size_t i = 0; i < n; i++) {
        uint64_t flags = 0;
        if (d->group != NULL) {
            flags |= (uint64_t)(uint32_t)d->group[i] << SV_GROUP_SHIFT;
        }
        if (d->event[i] == 1 && (d->entry == NULL || d->entry[i] < d->exit[i])) {
            flags |= SV_EVENT;
        }
        if (d->entry != NULL && !(d->entry[i] < d->exit[i])) {
            flags |= SV_NEVER;
        }
        a[i].key = clv__nonneg_key(time[i]);
        a[i].row = (uint64_t)i | flags;
    }
    sv_pair *s = radix_sort(a, b, n, 63, hist);
    if (stratum == NULL) {
        return s;
    }
    sv_pair *o = (s == a) ? b : a;
    for (size_t i = 0; i < n; i++) {
        s[i].key = (uint64_t)((uint32_t)stratum[pair_row(&s[i])] ^ UINT32_C(0x80000000));
    }
    sv_pair *t = radix_sort(s, o, n, 32, hist);
    for (size_t i = 0; i < n; i++) { /* the time keys back, for the walks */
        t[i].key = clv__nonneg_key(time[pair_row(&t[i])]);
    }
    return t;
}

/* ---- validation --------------------------------------------------------------------------- */

static int check_rows(const clv_surv_data *d, uint32_t n_groups, double *total, size_t *bad) {
    double sum = 0.0;
    for (size_t i = 0; i < d->count; i++) {
        double t = d->exit[i];
        double w = (d->weight != NULL) ? d->weight[i] : 1.0;
        int ok = isfinite(t) && t >= 0.0 && (d->event[i] == 0 || d->event[i] == 1) &&
                 isfinite(w) && w >= 0.0;
        if (ok && d->entry != NULL) {
            double e = d->entry[i];
            ok = isfinite(e) && e >= 0.0 && e <= t;
        }
        if (ok && n_groups > 0) {
            ok = d->group[i] >= 0 && (uint32_t)d->group[i] < n_groups;
        }
        if (!ok) {
            *bad = i;
            return CLV_EDOM;
        }
        sum += w;
    }
    *total = sum;
    return CLV_OK;
}

/* Validation and sorting shared by both entry points. n_groups 0: groups are not read. */
typedef struct sv_sorted {
    const sv_pair *exits;   /* rows in (stratum, exit) order */
    const sv_pair *entries; /* rows in (stratum, entry) order, or null */
    double total;
} sv_sorted;

static int prepare(const clv_surv_data *d, uint32_t n_groups, const int32_t *stratum,
                   void *workspace, size_t workspace_bytes, sv_sorted *out, size_t *bad_index) {
    if (d->count == 0) {
        return CLV_EINVAL;
    }
    size_t bad = 0;
    double total;
    int st = check_rows(d, n_groups, &total, &bad);
    if (st != CLV_OK) {
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
    size_t need;
    if (workspace == NULL) {
        return CLV_EINVAL;
    }
    if (clv_surv_workspace_size(d->count, &need) != CLV_OK || workspace_bytes < need) {
        return CLV_ENOMEM;
    }
    if (d->count > SV_MAX_ROWS) {
        return CLV_ERANGE;
    }
    uintptr_t p = ((uintptr_t)workspace + sv_align - 1) & ~(uintptr_t)(sv_align - 1);
    sv_pair *w = (sv_pair *)p;
    size_t n = d->count;
    size_t *hist = (size_t *)(w + 4 * n);
    out->exits = sort_rows(d, 0, stratum, w, w + n, hist);
    out->entries = (d->entry != NULL) ? sort_rows(d, 1, stratum, w + 2 * n, w + 3 * n, hist)
                                      : NULL;
    out->total = total;
    return CLV_OK;
}

static inline double pair_weight(const clv_surv_data *d, const sv_pair *p) {
    return (d->weight != NULL) ? d->weight[pair_row(p)] : 1.0;
}

/*
 * A risk set kept as (weight entered) - (weight exited), each sum in double-double (Knuth's
 * two-sum, TAOCP vol. 2, 4.2.2), so that a small risk set left after large weights have
 * passed is not lost to cancellation: whole-number weights are summed exactly (to 2^106), and
 * other weights to about n eps^2 of the entered total. A risk set too small for that bound to
 * leave 13 correct digits is CLV_ERANGE, never a wrong count; a risk set with no row of
 * positive weight left in it is exactly 0 (counted in rows).
 */
typedef struct risk_set {
    double in_hi, in_lo, out_hi, out_lo;
    size_t ops;      /* additions so far */
    size_t in_rows;  /* rows of positive weight entered */
    size_t out_rows; /* ... and exited */
} risk_set;

static inline void dd_add(double *hi, double *lo, double b) {
    double s = *hi + b;
    double bb = s - *hi;
    *lo += (*hi - (s - bb)) + (b - bb);
    *hi = s;
}

static inline void risk_enter(risk_set *r, double w) {
    dd_add(&r->in_hi, &r->in_lo, w);
    r->ops++;
    r->in_rows += (w > 0.0);
}

static inline void risk_exit(risk_set *r, double w) {
    dd_add(&r->out_hi, &r->out_lo, w);
    r->ops++;
    r->out_rows += (w > 0.0);
}

/* The risk set's weight into *v: CLV_OK, or CLV_ERANGE when it cannot be told to 13 digits. */
static inline int risk_value(const risk_set *r, double *v) {
    if (r->in_rows <= r->out_rows) {
        *v = 0.0;
        return CLV_OK;
    }
    double hi = r->in_hi, lo = 0.0;
    dd_add(&hi, &lo, -r->out_hi);
    double x = hi + (lo + (r->in_lo - r->out_lo));
    /* error <= (ops + 4) 2^-104 in_hi; ask for 1e13 times that */
    double bound = 1e13 * ((double)r->ops + 4.0) * 0x1p-104 * r->in_hi;
    if (!(x > bound)) {
        return CLV_ERANGE;
    }
    *v = x;
    return CLV_OK;
}

static inline int64_t row_stratum(const int32_t *stratum, uint64_t row) {
    return (stratum != NULL) ? (int64_t)stratum[row] : 0;
}

/* ---- Nelson-Aalen ------------------------------------------------------------------------- */

/*
 * One walk over the distinct exit times of the (single-stratum) sorted rows, calling back at
 * each time with events: the risk set n(u) = entered(entry < u) - exited(exit < u).
 * emit(ctx, index, u, n, d) is called with index = 0, 1, ... for the event times; with
 * emit null it only counts them. Returns the number of event times.
 */
typedef void (*na_emit)(void *ctx, size_t i, double u, double n, double d);

/* SIZE_MAX from na_walk: a risk set could not be told accurately (CLV_ERANGE). */
#define NA_ERANGE SIZE_MAX

static size_t na_walk(const clv_surv_data *d, const sv_sorted *s, na_emit emit, void *ctx) {
    size_t n = d->count;
    size_t ix = 0, ie = 0, m = 0;
    risk_set r;
    memset(&r, 0, sizeof r);
    if (s->entries == NULL) { /* every row is at risk from the start */
        for (size_t i = 0; i < n; i++) {
            risk_enter(&r, (d->weight != NULL) ? d->weight[i] : 1.0);
        }
    }
    while (ix < n) {
        double u = clv__nonneg_value(s->exits[ix].key);
        /* entries strictly before u */
        while (s->entries != NULL && ie < n && clv__nonneg_value(s->entries[ie].key) < u) {
            if (!pair_never(&s->entries[ie])) {
                risk_enter(&r, pair_weight(d, &s->entries[ie]));
            }
            ie++;
        }
        double events = 0.0;
        size_t j = ix;
        while (j < n && clv__nonneg_value(s->exits[j].key) == u) {
            if (pair_event(&s->exits[j])) {
                events += pair_weight(d, &s->exits[j]);
            }
            j++;
        }
        if (events > 0.0) {
            double at_risk;
            if (risk_value(&r, &at_risk) != CLV_OK) {
                return NA_ERANGE;
            }
            if (at_risk > 0.0) {
                if (emit != NULL) {
                    emit(ctx, m, u, at_risk, events);
                }
                m++;
            }
        }
        for (size_t k = ix; k < j; k++) {
            if (!pair_never(&s->exits[k])) {
                risk_exit(&r, pair_weight(d, &s->exits[k]));
            }
        }
        ix = j;
    }
    return m;
}

typedef struct na_ctx {
    clv_na_row *rows;
    double h, v, z;
} na_ctx;

static void na_fill(void *c, size_t i, double u, double n, double d) {
    na_ctx *x = c;
    /* a row whose events exceed its risk set cannot occur: events are part of it */
    double q = d / n; /* in (0, 1]: the events are part of the risk set */
    x->h += q;
    x->v += q / n; /* d / n^2 without forming n^2, which under- or overflows first */
    clv_na_row *r = &x->rows[i];
    r->time = u;
    r->at_risk = n;
    r->events = d;
    r->cum_hazard = x->h;
    r->std_error = sqrt(x->v);
    if (!(x->h > 0.0)) {
        /* d / n underflowed (events of weight ~1e-308 among many): H is 0 to double
         * precision, and so is its band */
        r->lower = 0.0;
        r->upper = 0.0;
        return;
    }
    /* +INFINITY only when the variance overflows (weights below ~1e-308) */
    double f = (x->z > 0.0) ? exp(x->z * r->std_error / x->h) : 1.0; /* z = 0: a point */
    r->lower = x->h / f;
    r->upper = x->h * f;
}

int clv_nelson_aalen(const clv_surv_data *data, double level, void *workspace,
                     size_t workspace_bytes, clv_na_row *rows, size_t capacity, size_t *n_rows,
                     size_t *bad_index) {
    if (data == NULL || n_rows == NULL || data->exit == NULL || data->event == NULL ||
        (rows == NULL && capacity > 0)) {
        return CLV_EINVAL;
    }
    if (data->count == 0) {
        return CLV_EINVAL;
    }
    if (!(level > 0.0 && level < 1.0)) {
        return CLV_EDOM;
    }
    sv_sorted s;
    int st = prepare(data, 0, NULL, workspace, workspace_bytes, &s, bad_index);
    if (st != CLV_OK) {
        return st;
    }
    size_t m = na_walk(data, &s, NULL, NULL);
    if (m == NA_ERANGE) {
        return CLV_ERANGE;
    }
    if (m == 0) {
        return CLV_EIDENT;
    }
    if (m > capacity) {
        *n_rows = m;
        return CLV_ENOMEM;
    }
    na_ctx c = {rows, 0.0, 0.0, clv__normal_two_sided_quantile(level)};
    na_walk(data, &s, na_fill, &c);
    *n_rows = m;
    return CLV_OK;
}

/* ---- log-rank ----------------------------------------------------------------------------- */

#define KMAX CLV_LOGRANK_MAX_GROUPS

typedef struct lr_acc {
    double U[KMAX];
    double V[KMAX][KMAX];
    double O[KMAX];
    double E[KMAX];
    double events;
    uint32_t strata;
} lr_acc;

/*
 * One stratum: the sorted exits [x0, x1) and entries [e0, e1) of it. Per-group risk sets are
 * kept as entered - exited (or, without entries, the stratum's group totals minus exited).
 */
static int lr_stratum(const clv_surv_data *d, uint32_t K, double rho, double gamma,
                      const sv_pair *ex, size_t nx, const sv_pair *en, size_t ne,
                      lr_acc *acc) {
    risk_set risk[KMAX];
    memset(risk, 0, sizeof risk);
    if (en == NULL) {
        for (size_t i = 0; i < nx; i++) {
            risk_enter(&risk[pair_group(&ex[i])], pair_weight(d, &ex[i]));
        }
    }
    double S = 1.0; /* pooled Kaplan-Meier of the stratum, just before u */
    size_t ix = 0, ie = 0;
    while (ix < nx) {
        double u = clv__nonneg_value(ex[ix].key);
        while (en != NULL && ie < ne && clv__nonneg_value(en[ie].key) < u) {
            if (!pair_never(&en[ie])) {
                risk_enter(&risk[pair_group(&en[ie])], pair_weight(d, &en[ie]));
            }
            ie++;
        }
        double dk[KMAX];
        for (uint32_t k = 0; k < K; k++) {
            dk[k] = 0.0;
        }
        size_t j = ix;
        double dsum = 0.0;
        while (j < nx && clv__nonneg_value(ex[j].key) == u) {
            if (pair_event(&ex[j])) {
                double w = pair_weight(d, &ex[j]);
                dk[pair_group(&ex[j])] += w;
                dsum += w;
            }
            j++;
        }
        if (dsum > 0.0) {
            double nk[KMAX];
            double n = 0.0;
            for (uint32_t k = 0; k < K; k++) {
                if (risk_value(&risk[k], &nk[k]) != CLV_OK) {
                    return CLV_ERANGE;
                }
                n += nk[k];
            }
            if (n > 0.0) {
                double w = 1.0;
                if (rho != 0.0) {
                    w *= pow(S, rho);
                }
                if (gamma != 0.0) {
                    w *= pow(1.0 - S, gamma);
                }
                /* products ordered so that no intermediate exceeds the result (weights
                 * near DBL_MAX) */
                double c = (n > 1.0) ? dsum * ((n - dsum) / (n - 1.0)) : 0.0;
                for (uint32_t k = 0; k < K; k++) {
                    double e = dsum * (nk[k] / n);
                    acc->O[k] += dk[k];
                    acc->E[k] += e;
                    acc->U[k] += w * (dk[k] - e);
                    double pk = nk[k] / n;
                    for (uint32_t l = 0; l < K; l++) {
                        double pl = nk[l] / n;
                        acc->V[k][l] += w * w * c * pk * ((k == l ? 1.0 : 0.0) - pl);
                    }
                }
                acc->events += dsum;
                S *= fmax(1.0 - dsum / n, 0.0);
            }
        }
        for (size_t k = ix; k < j; k++) {
            if (!pair_never(&ex[k])) {
                risk_exit(&risk[pair_group(&ex[k])], pair_weight(d, &ex[k]));
            }
        }
        ix = j;
    }
    return CLV_OK;
}

/*
 * Solve V y = U for the first m = K - 1 groups by Cholesky (V is symmetric positive
 * semi-definite; positive definite unless a group carries no information). Returns U'y, or
 * -1 when V is singular to working precision.
 */
static double quadratic_form(const lr_acc *acc, uint32_t m) {
    double L[KMAX][KMAX];
    double scale = 0.0;
    for (uint32_t i = 0; i < m; i++) {
        scale = fmax(scale, acc->V[i][i]);
    }
    if (!(scale > 0.0)) {
        return -1.0;
    }
    for (uint32_t i = 0; i < m; i++) {
        for (uint32_t j = 0; j <= i; j++) {
            double sum = acc->V[i][j];
            for (uint32_t k = 0; k < j; k++) {
                sum -= L[i][k] * L[j][k];
            }
            if (i == j) {
                if (!(sum > 1e-12 * scale)) {
                    return -1.0;
                }
                L[i][i] = sqrt(sum);
            } else {
                L[i][j] = sum / L[j][j];
            }
        }
    }
    double y[KMAX];
    double q = 0.0;
    for (uint32_t i = 0; i < m; i++) {
        double sum = acc->U[i];
        for (uint32_t k = 0; k < i; k++) {
            sum -= L[i][k] * y[k];
        }
        y[i] = sum / L[i][i];
        q += y[i] * y[i];
    }
    return q;
}

int clv_logrank_test(const clv_surv_data *data, uint32_t n_groups, double rho, double gamma,
                     void *workspace, size_t workspace_bytes, double *observed, double *expected,
                     clv_logrank_result *result, size_t *bad_index) {
    if (data == NULL || result == NULL || data->exit == NULL || data->event == NULL ||
        data->group == NULL) {
        return CLV_EINVAL;
    }
    if (data->count == 0) {
        return CLV_EINVAL;
    }
    if (n_groups < 2 || n_groups > KMAX || !(isfinite(rho) && rho >= 0.0) ||
        !(isfinite(gamma) && gamma >= 0.0)) {
        return CLV_EDOM;
    }
    sv_sorted s;
    int st = prepare(data, n_groups, data->stratum, workspace, workspace_bytes, &s, bad_index);
    if (st != CLV_OK) {
        return st;
    }
    lr_acc acc;
    memset(&acc, 0, sizeof acc);
    size_t n = data->count;
    size_t x0 = 0, e0 = 0;
    while (x0 < n) {
        int64_t g = row_stratum(data->stratum, pair_row(&s.exits[x0]));
        size_t x1 = x0;
        while (x1 < n && row_stratum(data->stratum, pair_row(&s.exits[x1])) == g) {
            x1++;
        }
        size_t e1 = e0;
        if (s.entries != NULL) {
            /* the same stratum's entries: the same rows, so the same count */
            e1 = e0 + (x1 - x0);
        }
        st = lr_stratum(data, n_groups, rho, gamma, s.exits + x0, x1 - x0,
                        (s.entries != NULL) ? s.entries + e0 : NULL, e1 - e0, &acc);
        if (st != CLV_OK) {
            return st;
        }
        acc.strata++;
        x0 = x1;
        e0 = e1;
    }
    if (!(acc.events > 0.0)) {
        return CLV_EIDENT;
    }
    if (!isfinite(acc.events)) {
        return CLV_ERANGE;
    }
    for (uint32_t k = 0; k < n_groups; k++) {
        if (!isfinite(acc.E[k]) || !isfinite(acc.O[k]) || !isfinite(acc.U[k])) {
            return CLV_ERANGE;
        }
    }
    double q = quadratic_form(&acc, n_groups - 1);
    if (q < 0.0) {
        return CLV_EIDENT;
    }
    if (!isfinite(q)) {
        return CLV_ERANGE;
    }
    double p;
    double df = (double)(n_groups - 1);
    if ((st = clv_chi_square_p_value(q, df, &p)) != CLV_OK) {
        return st;
    }
    for (uint32_t k = 0; k < n_groups; k++) {
        if (observed != NULL) {
            observed[k] = acc.O[k];
        }
        if (expected != NULL) {
            expected[k] = acc.E[k];
        }
    }
    result->statistic = q;
    result->df = df;
    result->p_value = p;
    result->customers = s.total;
    result->events = acc.events;
    result->rho = rho;
    result->gamma = gamma;
    result->n_groups = n_groups;
    result->n_strata = acc.strata;
    return CLV_OK;
}
