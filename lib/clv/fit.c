/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * The public fitting interface: options, the reverse-communication state around the generic
 * optimizer of lib/math/optimizer.c, and the model registry (parameter count and default
 * starting point of each model).
 */
#include "clv/fit.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

#include "churn.h"
#include "core/diag.h"
#include "core/options.h"
#include "math/optimizer.h"

#define STATE_MAGIC 0x464c5643u /* "CVLF" */
/* clv_fit_options before the allocator hooks were added: callers built against it pass this
 * struct_size, and get no hooks; then the layout with the hooks and without the diag pointer.
 * The three layouts are the only sizes up to sizeof: a size between two of them would end
 * inside a pointer, so it is no caller's layout. */
#define FIT_OPTIONS_V0_SIZE offsetof(clv_fit_options, alloc)
#define FIT_OPTIONS_V1_SIZE offsetof(clv_fit_options, diag)

typedef struct fit_state {
    uint32_t magic;
    int32_t model;
    uint32_t reported_iterations; /* iterations already passed to the progress callback */
    uint32_t cancelled;
    uint32_t no_information; /* the start told a log-likelihood identically 0: CLV_EIDENT */
    uint32_t reserved_;
    clv_progress_fn progress;
    void *user_data;
    clv_diag *diag; /* the caller's record from the options, or null */
    clv__opt opt;
} fit_state;

_Static_assert(sizeof(fit_state) <= sizeof(clv_fit_state),
               "clv_fit_state is too small for the internal state");

/* Parameter count and default start of each model. The starts are all 1: the fit works in
 * log-parameters, where this is the centre of the scale, whatever the time unit. */
static int model_info(int model, uint32_t *n_params, double *start) {
    uint32_t n;
    switch (model) {
    case CLV_MODEL_BGNBD:
    case CLV_MODEL_PNBD:
    case CLV_MODEL_MBGNBD:
    case CLV_MODEL_BGBB:
        n = 4;
        break;
    case CLV_MODEL_GG:
        n = 3;
        break;
    case CLV_MODEL_SBG:
        n = 2;
        break;
    default:
        return CLV_EINVAL;
    }
    *n_params = n;
    for (uint32_t i = 0; i < n; i++) {
        start[i] = 1.0;
    }
    return CLV_OK;
}

int clv_fit_options_init(clv_fit_options *options) {
    if (options == NULL) {
        return CLV_EINVAL;
    }
    memset(options, 0, sizeof *options);
    options->struct_size = (uint32_t)sizeof *options;
    options->max_iterations = 200;
    options->tolerance = 1e-10;
    options->penalty = 0.0;
    options->progress = NULL;
    options->user_data = NULL;
    return CLV_OK;
}

/* Copy the options, validated, into `out` (defaults for a null pointer). Only the caller's
 * struct_size bytes are read (its struct may end there); everything after this function reads
 * `out`, never the caller's struct. */
static int read_options(const clv_fit_options *options, clv_fit_options *out) {
    int st;
    clv__options_header head;
    clv_fit_options_init(out);
    if (options == NULL) {
        return CLV_OK;
    }
    if ((st = clv__check_options(options, FIT_OPTIONS_V0_SIZE, sizeof(clv_fit_options))) !=
        CLV_OK) {
        return st;
    }
    memcpy(&head, options, sizeof head);
    if (head.struct_size != FIT_OPTIONS_V0_SIZE && head.struct_size != FIT_OPTIONS_V1_SIZE &&
        head.struct_size < sizeof *out) {
        return CLV_ESTRUCT; /* between two layouts */
    }
    size_t given = head.struct_size < sizeof *out ? head.struct_size : sizeof *out;
    memcpy(out, options, given);
    out->struct_size = (uint32_t)sizeof *out;
    if ((out->alloc == NULL) != (out->dealloc == NULL)) {
        return clv__diag_set(out->diag, CLV_EINVAL, CLV_FIELD_OPTIONS, CLV_RULE_INCOMPLETE_PAIR,
                             0.0, 0.0);
    }
    if (out->max_iterations == 0) {
        return clv__diag_set(out->diag, CLV_EDOM, CLV_FIELD_MAX_ITERATIONS, CLV_RULE_BELOW_MIN, 0.0,
                             1.0);
    }
    if (!(out->tolerance > 0.0) || !isfinite(out->tolerance)) {
        return clv__diag_set(out->diag, CLV_EDOM, CLV_FIELD_TOLERANCE,
                             isfinite(out->tolerance) ? CLV_RULE_NOT_POSITIVE : CLV_RULE_NOT_FINITE,
                             out->tolerance, 0.0);
    }
    if (!(out->penalty >= 0.0) || !isfinite(out->penalty)) {
        return clv__diag_set(out->diag, CLV_EDOM, CLV_FIELD_PENALTY,
                             isfinite(out->penalty) ? CLV_RULE_NEGATIVE : CLV_RULE_NOT_FINITE,
                             out->penalty, 0.0);
    }
    if (out->use_start > 1) {
        return clv__diag_set(out->diag, CLV_EDOM, CLV_FIELD_FLAG, CLV_RULE_BAD_FLAG,
                             (double)out->use_start, 0.0);
    }
    return CLV_OK;
}

static int load(const clv_fit_state *state, fit_state *s) {
    memcpy(s, state, sizeof *s);
    return (s->magic == STATE_MAGIC) ? CLV_OK : CLV_EINVAL;
}

static void store(clv_fit_state *state, const fit_state *s) {
    memcpy(state, s, sizeof *s);
}

int clv_fit_start(clv_fit_state *state, int model, const clv_fit_options *options,
                  uint32_t *n_params) {
    int st;
    uint32_t n;
    double start[CLV_MAX_PARAMS];
    clv_fit_options opts;
    if (state == NULL) {
        return CLV_EINVAL;
    }
    if ((st = model_info(model, &n, start)) != CLV_OK ||
        (st = read_options(options, &opts)) != CLV_OK) {
        return st;
    }
    if (opts.use_start) {
        for (uint32_t i = 0; i < n; i++) {
            if (!(opts.start[i] > 0.0) || !isfinite(opts.start[i])) {
                return clv__diag_row(opts.diag, CLV_EDOM, CLV_FIELD_START,
                                     isfinite(opts.start[i]) ? CLV_RULE_NOT_POSITIVE
                                                             : CLV_RULE_NOT_FINITE,
                                     i, opts.start[i], 0.0);
            }
            start[i] = opts.start[i];
        }
    }
    fit_state s;
    memset(&s, 0, sizeof s);
    s.magic = STATE_MAGIC;
    s.model = model;
    s.progress = opts.progress;
    s.user_data = opts.user_data;
    s.diag = opts.diag;
    clv__diag_clear(s.diag);
    clv__opt_init(&s.opt, n, start, opts.max_iterations, opts.tolerance, opts.penalty);
    memset(state, 0, sizeof *state);
    store(state, &s);
    if (n_params != NULL) {
        *n_params = n;
    }
    return CLV_OK;
}

int clv_fit_next(clv_fit_state *state, double *params, int *request) {
    fit_state s;
    if (state == NULL || params == NULL || request == NULL || load(state, &s) != CLV_OK) {
        return CLV_EINVAL;
    }
    if (s.cancelled) {
        return CLV_ECANCELED;
    }
    if (s.no_information) {
        clv__opt_result(&s.opt, params, NULL); /* the start: nothing more to evaluate */
        *request = CLV_FIT_DONE;
        return CLV_OK;
    }
    if (s.progress != NULL && s.opt.iterations > s.reported_iterations) {
        double theta[CLV_MAX_PARAMS];
        clv__opt_result(&s.opt, theta, NULL);
        s.reported_iterations = s.opt.iterations;
        if (s.progress(s.user_data, s.opt.iterations, -s.opt.f, theta, s.opt.n) != 0) {
            s.cancelled = 1;
            store(state, &s);
            return CLV_ECANCELED;
        }
    }
    double theta[CLV_MAX_PARAMS];
    int r = clv__opt_next(&s.opt, theta);
    store(state, &s);
    memcpy(params, theta, s.opt.n * sizeof theta[0]);
    *request = r;
    return CLV_OK;
}

/*
 * Does the starting point show data that carry no information? A table whose weights are all
 * 0 (or whose every row has likelihood 1 whatever the parameters: T = 0, or for Gamma-Gamma
 * no repeat buyer) gives a log-likelihood that is the constant 0: value, gradient and Hessian
 * (Newton mode) are exactly 0 at every point, and every point is a "maximum". Any row with
 * information makes the gradient non-zero. Only the start is checked, as the optimizer would
 * stop there at once, "converged".
 */
static int no_information(const fit_state *s, double loglik, const double *grad,
                          const double *hess) {
    uint32_t n = s->opt.n;
    if (!s->opt.awaiting || s->opt.evaluations != 0 || loglik != 0.0) {
        return 0;
    }
    for (uint32_t i = 0; i < n; i++) {
        if (grad[i] != 0.0) {
            return 0;
        }
    }
    for (uint32_t i = 0; hess != NULL && i < n * n; i++) {
        if (hess[i] != 0.0) {
            return 0;
        }
    }
    return 1;
}

/* clv_fit_tell(), and (hess not null) its Newton-mode form for the one-call driver. */
static int tell_point(clv_fit_state *state, double loglik, const double *grad, const double *hess) {
    fit_state s;
    if (load(state, &s) != CLV_OK || s.cancelled || s.no_information) {
        return CLV_EINVAL;
    }
    if (no_information(&s, loglik, grad, hess)) {
        s.no_information = 1;
        s.opt.awaiting = 0; /* clv_fit_next() now says CLV_FIT_DONE */
        store(state, &s);
        return CLV_OK;
    }
    int st = (hess == NULL) ? clv__opt_tell(&s.opt, loglik, grad)
                            : clv__opt_tell_hessian(&s.opt, loglik, grad, hess);
    if (st == CLV_OK) {
        store(state, &s);
    }
    return st;
}

int clv_fit_tell(clv_fit_state *state, double loglik, const double *gradient) {
    if (state == NULL || gradient == NULL) {
        return CLV_EINVAL;
    }
    return tell_point(state, loglik, gradient, NULL);
}

/*
 * Did the estimate run off to the edge of the parameter space? Every parameter is positive and
 * fitted on the log scale; real customer bases give estimates within a few powers of ten of 1
 * (the CDNOW and published fits lie in [0.001, 100]), and a scale parameter in an odd unit
 * (alpha in seconds, gamma in cents) far from 1 is still pinned down by the data. A
 * log-parameter beyond +-log(CLV__FIT_BOUND) that the data do not pin down -- the information
 * matrix is not positive definite, or the standard error of that log-parameter,
 * std_error_i / theta_i, exceeds 1 (the data cannot tell theta_i from e theta_i) -- is a
 * likelihood that keeps rising towards a limit it never reaches: Pareto/NBD's s and beta both
 * to infinity at a fixed ratio (a dropout rate the same for everyone), BG/NBD's r and alpha
 * both to infinity (a purchase rate the same for everyone). The point returned would be
 * wherever the optimizer stopped, whether its convergence test was met there or its iteration
 * cap was reached on the way: there is no estimate to return (CLV_EIDENT, nothing written,
 * the diag names the parameter; issue 21). A fit that stopped without converging inside the
 * bounds is CLV_ENOCONV as before, its point written and honestly reported as not converged.
 */
#define CLV__FIT_BOUND 1e6

/* The first parameter that ran off, or n if none did. */
static uint32_t ran_off(const double *theta, uint32_t n, const clv_fit_report *report) {
    for (uint32_t i = 0; i < n; i++) {
        if (theta[i] <= CLV__FIT_BOUND && theta[i] >= 1.0 / CLV__FIT_BOUND) {
            continue;
        }
        if (!report->covariance_ok || !(report->std_error[i] <= theta[i])) {
            return i;
        }
    }
    return n;
}

int clv_fit_result(const clv_fit_state *state, double *params, clv_fit_report *report) {
    fit_state s;
    double theta[CLV_MAX_PARAMS];
    clv_fit_report rep;
    if (state == NULL || params == NULL || load(state, &s) != CLV_OK) {
        return CLV_EINVAL;
    }
    if (s.no_information) {
        /* no estimate: nothing written */
        return clv__diag_set(s.diag, CLV_EIDENT, CLV_FIELD_NONE, CLV_RULE_NO_INFORMATION, 0.0, 0.0);
    }
    if (!s.cancelled && clv__opt_next(&s.opt, theta) != CLV_FIT_DONE) {
        return CLV_EINVAL; /* not finished */
    }
    clv__opt_result(&s.opt, theta, &rep);
    uint32_t off = s.cancelled ? s.opt.n : ran_off(theta, s.opt.n, &rep);
    if (off < s.opt.n) {
        /* no estimate: nothing written */
        return clv__diag_row(s.diag, CLV_EIDENT, CLV_FIELD_PARAMS, CLV_RULE_RUNS_OFF, off,
                             theta[off], CLV__FIT_BOUND);
    }
    memcpy(params, theta, s.opt.n * sizeof theta[0]);
    if (report != NULL) {
        *report = rep;
    }
    if (s.cancelled) {
        return CLV_ECANCELED;
    }
    if (!s.opt.converged) {
        /* The limit of the test that failed (lib/math/optimizer.c): tolerance at the
         * iteration cap, its square root where the line search stalled. */
        double scale = fmax(1.0, fabs(s.opt.loglik));
        double limit = (s.opt.iterations >= s.opt.max_iterations) ? s.opt.tolerance * scale
                                                                  : sqrt(s.opt.tolerance) * scale;
        return clv__diag_set(s.diag, CLV_ENOCONV, CLV_FIELD_PARAMS, CLV_RULE_NOT_CONVERGED,
                             s.opt.gnorm, limit);
    }
    return CLV_OK;
}

clv_diag *clv__fit_diag(const clv_fit_options *options) {
    clv_fit_options o;
    return (options != NULL && read_options(options, &o) != CLV_ESTRUCT) ? o.diag : NULL;
}

int clv__fit_check_rows(const clv_rfm_view *data, int need_monetary,
                        const clv_fit_options *options) {
    return clv_rfm_check_diag(data, need_monetary, clv__fit_diag(options));
}

int clv__loglik_out(double ll, const double *g, int n, double *loglik, double *gradient) {
    if (!isfinite(ll)) {
        return CLV_ERANGE;
    }
    for (int i = 0; i < n; i++) {
        if (!isfinite(g[i])) {
            return CLV_ERANGE;
        }
    }
    *loglik = ll;
    if (gradient != NULL) {
        memcpy(gradient, g, (size_t)n * sizeof g[0]);
    }
    return CLV_OK;
}

int clv__tick_consult(clv__ticker *tick) {
    tick->work = 0;
    if (tick->cancelled) {
        return 1;
    }
    fit_state s;
    double theta[CLV_MAX_PARAMS];
    load((const clv_fit_state *)tick->state, &s);
    clv__opt_result(&s.opt, theta, NULL);
    /* the iterations so far and the best point yet; NaN before the start was evaluated */
    double loglik = (s.opt.evaluations > 0) ? -s.opt.f : NAN;
    if (tick->progress(tick->user_data, s.opt.iterations, loglik, theta, s.opt.n) != 0) {
        tick->cancelled = 1;
    }
    return (int)tick->cancelled;
}

int clv__sum_rows(const clv_rfm_view *data, uint32_t n, clv__rows_part part, const void *ctx,
                  uint64_t units_per_row, clv__ticker *tick, double *loglik, double *g, double *h) {
    if (units_per_row == 0) {
        units_per_row = 1;
    }
    size_t chunk = (size_t)(CLV__TICK_WORK / units_per_row);
    if (chunk == 0) {
        chunk = 1;
    }
    if (tick == NULL || tick->progress == NULL || data->count <= chunk) {
        /* one part: the same sums, in the same order, as without a callback */
        *loglik = part(ctx, data, g, h);
        return clv__tick(tick, units_per_row * data->count) ? CLV_ECANCELED : CLV_OK;
    }
    double ll = 0.0;
    double gp[CLV_MAX_PARAMS];
    double hp[CLV_MAX_PARAMS * CLV_MAX_PARAMS];
    memset(g, 0, n * sizeof g[0]);
    if (h != NULL) {
        memset(h, 0, (size_t)n * n * sizeof h[0]);
    }
    for (size_t i = 0; i < data->count; i += chunk) {
        size_t len = (data->count - i < chunk) ? data->count - i : chunk;
        clv_rfm_view v = {len,
                          data->x ? data->x + i : NULL,
                          data->t_x ? data->t_x + i : NULL,
                          data->T ? data->T + i : NULL,
                          data->monetary ? data->monetary + i : NULL,
                          data->weight ? data->weight + i : NULL};
        ll += part(ctx, &v, gp, (h != NULL) ? hp : NULL);
        for (uint32_t k = 0; k < n; k++) {
            g[k] += gp[k];
        }
        for (uint32_t k = 0; h != NULL && k < n * n; k++) {
            h[k] += hp[k];
        }
        if (clv__tick(tick, units_per_row * len)) {
            return CLV_ECANCELED;
        }
    }
    *loglik = ll;
    return CLV_OK;
}

/* Are the log-likelihood and its gradient (n values) finite numbers? */
static int finite_point(double loglik, const double *grad, uint32_t n) {
    if (!isfinite(loglik)) {
        return 0;
    }
    for (uint32_t i = 0; i < n; i++) {
        if (!isfinite(grad[i])) {
            return 0;
        }
    }
    return 1;
}

/* The one-call fit loop: BFGS on gradients from eval, or (eval_h not null) Newton on the
 * Hessians from eval_h; both through the reverse-communication state, so the progress
 * callback and cancellation work the same way.
 *
 * The data were validated and the starting point is finite and > 0, so a log-likelihood or
 * gradient there that is not a finite number is an overflow -- weights whose sum, or whose
 * products with the terms, exceed DBL_MAX -- and CLV_ERANGE, as the model's own loglik
 * function says at the same point; not the optimizer's CLV_EDOM for a caller's unevaluable
 * start. */
static int run_fit(int model, const clv_fit_options *options, clv__loglik_eval eval,
                   clv__loglik_hess_eval eval_h, const void *ctx, double *theta,
                   clv_fit_report *report) {
    clv_fit_state state;
    fit_state s;
    int st;
    int request;
    uint32_t n;
    int first = 1;
    double point[CLV_MAX_PARAMS];
    if ((st = clv_fit_start(&state, model, options, &n)) != CLV_OK) {
        return st;
    }
    if (eval_h != NULL) {
        load(&state, &s);
        clv__opt_use_newton(&s.opt);
        store(&state, &s);
    }
    load(&state, &s);
    clv__ticker tick = {s.progress, s.user_data, &state, 0, 0, 0};
    for (;;) {
        load(&state, &s);
        uint32_t reported = s.reported_iterations;
        if ((st = clv_fit_next(&state, point, &request)) != CLV_OK) {
            break;
        }
        load(&state, &s);
        if (s.reported_iterations != reported) {
            tick.work = 0; /* the callback was just called for an iteration */
        }
        if (request == CLV_FIT_DONE) {
            break;
        }
        double loglik;
        double grad[CLV_MAX_PARAMS];
        double hess[CLV_MAX_PARAMS * CLV_MAX_PARAMS];
        st = (eval_h == NULL) ? eval(ctx, point, &loglik, grad, &tick)
                              : eval_h(ctx, point, &loglik, grad, hess, &tick);
        if (st == CLV_ECANCELED) {
            /* cancelled inside an evaluation: the best point so far, as between iterations */
            load(&state, &s);
            s.cancelled = 1;
            store(&state, &s);
            break;
        }
        if (st != CLV_OK) {
            return st;
        }
        if (first && !finite_point(loglik, grad, n)) {
            return CLV_ERANGE;
        }
        first = 0;
        if ((st = tell_point(&state, loglik, grad, (eval_h != NULL) ? hess : NULL)) != CLV_OK) {
            return st;
        }
    }
    if (st != CLV_OK && st != CLV_ECANCELED) {
        return st;
    }
    return clv_fit_result(&state, theta, report);
}

int clv__fit_run(int model, const clv_fit_options *options, clv__loglik_eval eval, const void *ctx,
                 double *theta, clv_fit_report *report) {
    return run_fit(model, options, eval, NULL, ctx, theta, report);
}

int clv__fit_run_newton(int model, const clv_fit_options *options, clv__loglik_hess_eval eval,
                        const void *ctx, double *theta, clv_fit_report *report) {
    return run_fit(model, options, NULL, eval, ctx, theta, report);
}

/* ---- merging identical rows ---------------------------------------------------------------- */

/* Below this many rows merging is not worth its pass over the data. */
#define PACK_MIN_ROWS 256

/* splitmix64's finaliser (Steele, Lea & Flood 2014), on the bit patterns of the key. */
static uint64_t mix(uint64_t h) {
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9ull;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebull;
    h ^= h >> 31;
    return h;
}

static uint64_t bits(double v) {
    uint64_t u;
    v += 0.0; /* -0 and +0 are one key */
    memcpy(&u, &v, sizeof u);
    return u;
}

/* The hook that releases a block, kept at the block's start: clv__unpack() frees with the
 * hook that was validated when the block was made, and never reads the caller's options
 * again (whose struct may end before the hooks). */
typedef struct pack_release {
    clv_free_fn dealloc;
    void *ctx;
} pack_release;

/* The release record rounded up to whole doubles, so the columns after it stay aligned. */
#define PACK_HEADER_BYTES                                                                          \
    ((sizeof(pack_release) + sizeof(double) - 1) / sizeof(double) * sizeof(double))

int clv__pack_rows(const clv_rfm_view *in, int key_monetary, const clv_fit_options *options,
                   clv__packed *packed) {
    clv_fit_options o;
    if (options == NULL || read_options(options, &o) != CLV_OK || o.alloc == NULL ||
        in->count < PACK_MIN_ROWS || in->count > UINT32_MAX / 4) {
        return 0;
    }
    size_t max_out = in->count / 2;
    size_t cap = 1;
    while (cap < 2 * max_out) {
        cap <<= 1;
    }
    /* One block: the release record, 5 columns of max_out doubles, then the hash table of cap
     * slots (row + 1). */
    size_t bytes = PACK_HEADER_BYTES + 5 * max_out * sizeof(double) + cap * sizeof(uint32_t);
    void *mem = o.alloc(o.alloc_ctx, bytes);
    if (mem == NULL) {
        return 0;
    }
    const pack_release release = {o.dealloc, o.alloc_ctx};
    memcpy(mem, &release, sizeof release);
    double *x = (double *)(void *)((unsigned char *)mem + PACK_HEADER_BYTES);
    double *t_x = x + max_out;
    double *T = t_x + max_out;
    double *m = T + max_out;
    double *w = m + max_out;
    uint32_t *slot = (uint32_t *)(w + max_out);
    memset(slot, 0, cap * sizeof *slot);
    size_t n = 0;
    for (size_t i = 0; i < in->count; i++) {
        double wi = (in->weight != NULL) ? in->weight[i] : 1.0;
        if (wi == 0.0) {
            continue;
        }
        double mi = (key_monetary && in->monetary != NULL) ? in->monetary[i] : 0.0;
        uint64_t h = mix(bits(in->x[i]) ^ mix(bits(in->t_x[i]) ^ mix(bits(in->T[i]) ^ bits(mi))));
        size_t k = (size_t)h & (cap - 1);
        for (;;) {
            uint32_t s = slot[k];
            if (s == 0) {
                if (n == max_out) {
                    o.dealloc(o.alloc_ctx, mem); /* mostly distinct: not worth it */
                    return 0;
                }
                x[n] = in->x[i];
                t_x[n] = in->t_x[i];
                T[n] = in->T[i];
                m[n] = (in->monetary != NULL) ? in->monetary[i] : 0.0;
                w[n] = wi;
                slot[k] = (uint32_t)(n + 1);
                n++;
                break;
            }
            size_t j = s - 1;
            if (x[j] == in->x[i] && t_x[j] == in->t_x[i] && T[j] == in->T[i] &&
                (!key_monetary || m[j] == mi)) {
                if (!isfinite(w[j] + wi)) {
                    /* A merged weight over DBL_MAX: the rows as given, where each finite
                     * weight stays a valid one (a row whose terms are 0 still adds 0). */
                    o.dealloc(o.alloc_ctx, mem);
                    return 0;
                }
                w[j] += wi;
                break;
            }
            k = (k + 1) & (cap - 1);
        }
    }
    if (n == 0) {
        o.dealloc(o.alloc_ctx, mem);
        return 0;
    }
    packed->mem = mem;
    packed->view = (clv_rfm_view){n, x, t_x, T, (in->monetary != NULL) ? m : NULL, w};
    return 1;
}

void clv__unpack(const clv_fit_options *options, clv__packed *packed) {
    (void)options; /* the block carries its own release hook */
    if (packed->mem != NULL) {
        pack_release release;
        memcpy(&release, packed->mem, sizeof release);
        release.dealloc(release.ctx, packed->mem);
        packed->mem = NULL;
    }
}
