/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * The clv PostgreSQL extension: libclv's models as SQL functions and aggregates.
 *
 * Every function here is a thin wrapper: it reads SQL arguments, calls one libclv function and
 * turns its status into a SQL error. libclv is pure computation (no I/O, no globals, no
 * allocation unless given hooks), so it is safe inside a backend; nothing here longjmps out of
 * a library call -- errors are raised only after the call has returned.
 *
 * - Scoring functions are STRICT (SQL NULL in, NULL out); a parameters value with a NULL
 *   field also gives NULL.
 * - Fitting aggregates keep their rows in a growing array in the aggregate's memory context
 *   and fit in the final function. Rows with a NULL argument are skipped; no rows give NULL.
 *   A fit that does not converge raises a WARNING and returns its best point with
 *   converged = false. A query cancel stops a running fit through the progress callback.
 * - Cancellation (issue 21): every long library call gets a callback (fit_progress) that
 *   checks InterruptPending, the flag the signal handlers of statement_timeout,
 *   pg_cancel_backend and pg_terminate_backend set, and returns nonzero for a pending cancel
 *   or termination; it never longjmps out of the library. The library then returns
 *   CLV_ECANCELED within a few ms (the callback is consulted every few ms of work, inside
 *   the likelihood evaluations too), and only then does CHECK_FOR_INTERRUPTS() raise the
 *   backend's own error (statement timeout, cancel), leaving the backend usable.
 * - Status -> SQLSTATE: CLV_EINVAL, CLV_EDOM -> 22023 invalid_parameter_value; CLV_ERANGE,
 *   CLV_EDIVERGE -> 22003 numeric_value_out_of_range; CLV_ENOCONV (outside fits) and
 *   CLV_EIDENT (a fit's data carry no information) -> 22000 data_exception; CLV_ENOMEM -> 53200 out_of_memory; the message is clv_strerror()'s.
 * - The DETAIL says what and where: a scoring error names the customer's values (x, t_x, T
 *   ...), a fit error the library's diagnostic (clv_diag: the row, counted from 0 in the
 *   order the aggregate read its rows, the field and the rule, e.g. "row 7: monetary is 0,
 *   must be > 0 where x > 0") with that row's values.
 */
#include "postgres.h"

#include <math.h>
#include <stdlib.h>

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/typcache.h"

#include <churn.h>
#include <clv.h>
#include <referral.h>

PG_MODULE_MAGIC;

/* ------------------------------------------------------------------------------------------ */
/* Status codes and arguments                                                                 */
/* ------------------------------------------------------------------------------------------ */

static int sqlstate_of(int status) {
    switch (status) {
    case CLV_EINVAL:
    case CLV_EDOM:
        return ERRCODE_INVALID_PARAMETER_VALUE;
    case CLV_ERANGE:
    case CLV_EDIVERGE:
        return ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE;
    case CLV_ENOCONV:
    case CLV_EIDENT:
        return ERRCODE_DATA_EXCEPTION;
    case CLV_ENOMEM:
        return ERRCODE_OUT_OF_MEMORY;
    case CLV_ECANCELED:
        return ERRCODE_QUERY_CANCELED;
    default:
        return ERRCODE_INTERNAL_ERROR;
    }
}

/* Raise the library's message as a SQL error unless status is CLV_OK. */
static void check(int status, const char *function) {
    if (status != CLV_OK) {
        ereport(ERROR, (errcode(sqlstate_of(status)),
                        errmsg("%s: %s", function, clv_strerror(status))));
    }
}

/* As check(), with a DETAIL naming the customer the call was scoring (its values as SQL
 * passed them), so a failing query over a table says which row broke it. */
static void check_customer(int status, const char *function, const char *values) {
    if (status != CLV_OK) {
        ereport(ERROR, (errcode(sqlstate_of(status)),
                        errmsg("%s: %s", function, clv_strerror(status)),
                        errdetail("The customer scored: %s.", values)));
    }
}

/* The library's sentence for a diagnostic record (clv_diag_format(), measured, then written
 * into palloc'd memory), or NULL when nothing was recorded. */
static char *diag_text(const clv_diag *diag) {
    size_t length = 0;
    char *text;
    if (diag->status == 0 || clv_diag_format(diag, NULL, 0, &length) != CLV_OK) {
        return NULL;
    }
    text = palloc(length + 1);
    clv_diag_format(diag, text, length + 1, NULL);
    return text;
}

#define ARG(i) PG_GETARG_FLOAT8(i)

/* Read the n float8 fields of the composite argument argno (a clv_*_params value). False
 * when a field is NULL: the caller then returns NULL, as for a NULL argument. */
static bool read_params(FunctionCallInfo fcinfo, int argno, double *out, int n) {
    HeapTupleHeader row = PG_GETARG_HEAPTUPLEHEADER(argno);
    int i;
    for (i = 0; i < n; i++) {
        bool isnull;
        Datum d = GetAttributeByNum(row, (AttrNumber)(i + 1), &isnull);
        if (isnull) {
            return false;
        }
        out[i] = DatumGetFloat8(d);
    }
    return true;
}

/* A composite value of type typid from n float8 fields. */
static Datum make_params(Oid typid, const double *values, int n) {
    TupleDesc desc = lookup_rowtype_tupdesc(typid, -1);
    Datum fields[CLV_MAX_PARAMS];
    bool nulls[CLV_MAX_PARAMS];
    HeapTuple tuple;
    int i;
    for (i = 0; i < n; i++) {
        fields[i] = Float8GetDatum(values[i]);
        nulls[i] = false;
    }
    tuple = heap_form_tuple(desc, fields, nulls);
    ReleaseTupleDesc(desc);
    return HeapTupleGetDatum(tuple);
}

/* Return a row of the function's declared result type (OUT parameters or a named type). */
static Datum return_row(FunctionCallInfo fcinfo, Datum *fields, bool *nulls) {
    TupleDesc desc;
    if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE) {
        ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                        errmsg("function returning a record called in a context that cannot "
                               "accept one")));
    }
    desc = BlessTupleDesc(desc);
    return HeapTupleGetDatum(heap_form_tuple(desc, fields, nulls));
}

/* Return a row of n float8 OUT parameters. */
static Datum return_doubles(FunctionCallInfo fcinfo, const double *values, int n) {
    Datum fields[12];
    bool nulls[12];
    int i;
    for (i = 0; i < n; i++) {
        fields[i] = Float8GetDatum(values[i]);
        nulls[i] = false;
    }
    return return_row(fcinfo, fields, nulls);
}

static int parse_timing(text *t) {
    char *s = text_to_cstring(t);
    if (strcmp(s, "end") == 0) {
        return CLV_MARGIN_END;
    }
    if (strcmp(s, "start") == 0) {
        return CLV_MARGIN_START;
    }
    ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                    errmsg("margin timing must be 'end' or 'start', not '%s'", s)));
    return CLV_MARGIN_END;
}

static int parse_churn_method(text *t) {
    char *s = text_to_cstring(t);
    if (strcmp(s, "start") == 0) {
        return CLV_CHURN_START;
    }
    if (strcmp(s, "average") == 0) {
        return CLV_CHURN_AVERAGE;
    }
    if (strcmp(s, "exposed") == 0) {
        return CLV_CHURN_EXPOSED;
    }
    ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                    errmsg("churn method must be 'start', 'average' or 'exposed', not '%s'", s)));
    return CLV_CHURN_START;
}

/* ------------------------------------------------------------------------------------------ */
/* Scoring with the customer-base models                                                      */
/* ------------------------------------------------------------------------------------------ */

/* Every purchase model has four doubles of parameters in the paper's order. */
static clv_bgnbd_params bgnbd_of(const double *v) {
    clv_bgnbd_params p;
    p.r = v[0], p.alpha = v[1], p.a = v[2], p.b = v[3];
    return p;
}
static clv_pnbd_params pnbd_of(const double *v) {
    clv_pnbd_params p;
    p.r = v[0], p.alpha = v[1], p.s = v[2], p.beta = v[3];
    return p;
}
static clv_mbgnbd_params mbgnbd_of(const double *v) {
    clv_mbgnbd_params p;
    p.r = v[0], p.alpha = v[1], p.a = v[2], p.b = v[3];
    return p;
}
static clv_bgbb_params bgbb_of(const double *v) {
    clv_bgbb_params p;
    p.alpha = v[0], p.beta = v[1], p.gamma = v[2], p.delta = v[3];
    return p;
}
static clv_gg_params gg_of(const double *v) {
    clv_gg_params p;
    p.p = v[0], p.q = v[1], p.gamma = v[2];
    return p;
}
static clv_sbg_params sbg_of(const double *v) {
    clv_sbg_params p;
    p.alpha = v[0], p.beta = v[1];
    return p;
}
static clv_bass_params bass_of(const double *v) {
    clv_bass_params p;
    p.p = v[0], p.q = v[1], p.m = v[2];
    return p;
}

/*
 * The four scoring functions every purchase model has, with the same argument pattern:
 * p_alive(params, x, t_x, T), expected_purchases(params, x, t_x, T, t),
 * expected_purchases_new(params, t), prob_purchases(params, t, n), and one customer's
 * log-likelihood loglik(params, x, t_x, T) (the model's _loglik over a one-row table) -- for
 * BG/BB T is the number of opportunities n and prob_purchases takes (n, x). One macro per
 * model keeps the twenty wrappers identical.
 */
#define CLV_PG_SCORING(model)                                                                  \
    PG_FUNCTION_INFO_V1(pg_clv_##model##_p_alive);                                             \
    Datum pg_clv_##model##_p_alive(PG_FUNCTION_ARGS) {                                         \
        double v[4], out;                                                                      \
        clv_##model##_params p;                                                                \
        if (!read_params(fcinfo, 0, v, 4)) {                                                   \
            PG_RETURN_NULL();                                                                  \
        }                                                                                      \
        p = model##_of(v);                                                                     \
        check_customer(clv_##model##_p_alive(&p, ARG(1), ARG(2), ARG(3), &out), "clv_p_alive",  \
                       psprintf("x = %g, t_x = %g, T = %g", ARG(1), ARG(2), ARG(3)));          \
        PG_RETURN_FLOAT8(out);                                                                 \
    }                                                                                          \
    PG_FUNCTION_INFO_V1(pg_clv_##model##_expected_purchases);                                  \
    Datum pg_clv_##model##_expected_purchases(PG_FUNCTION_ARGS) {                              \
        double v[4], out;                                                                      \
        clv_##model##_params p;                                                                \
        if (!read_params(fcinfo, 0, v, 4)) {                                                   \
            PG_RETURN_NULL();                                                                  \
        }                                                                                      \
        p = model##_of(v);                                                                     \
        check_customer(clv_##model##_expected_purchases(&p, ARG(1), ARG(2), ARG(3), ARG(4),    \
                                                        &out),                                 \
                       "clv_expected_purchases",                                               \
                       psprintf("x = %g, t_x = %g, T = %g, t = %g", ARG(1), ARG(2), ARG(3),    \
                                ARG(4)));                                                      \
        PG_RETURN_FLOAT8(out);                                                                 \
    }                                                                                          \
    PG_FUNCTION_INFO_V1(pg_clv_##model##_expected_purchases_new);                              \
    Datum pg_clv_##model##_expected_purchases_new(PG_FUNCTION_ARGS) {                          \
        double v[4], out;                                                                      \
        clv_##model##_params p;                                                                \
        if (!read_params(fcinfo, 0, v, 4)) {                                                   \
            PG_RETURN_NULL();                                                                  \
        }                                                                                      \
        p = model##_of(v);                                                                     \
        check(clv_##model##_expected_purchases_new(&p, ARG(1), &out),                          \
              "clv_expected_purchases_new");                                                   \
        PG_RETURN_FLOAT8(out);                                                                 \
    }                                                                                          \
    PG_FUNCTION_INFO_V1(pg_clv_##model##_prob_purchases);                                      \
    Datum pg_clv_##model##_prob_purchases(PG_FUNCTION_ARGS) {                                  \
        double v[4], out;                                                                      \
        clv_##model##_params p;                                                                \
        if (!read_params(fcinfo, 0, v, 4)) {                                                   \
            PG_RETURN_NULL();                                                                  \
        }                                                                                      \
        p = model##_of(v);                                                                     \
        check(clv_##model##_prob_purchases(&p, ARG(1), ARG(2), &out), "clv_prob_purchases");  \
        PG_RETURN_FLOAT8(out);                                                                 \
    }                                                                                          \
    PG_FUNCTION_INFO_V1(pg_clv_##model##_loglik);                                              \
    Datum pg_clv_##model##_loglik(PG_FUNCTION_ARGS) {                                          \
        double v[4], out, x = ARG(1), t_x = ARG(2), T = ARG(3);                                \
        clv_##model##_params p;                                                                \
        clv_rfm_view one = {1, &x, &t_x, &T, NULL, NULL};                                      \
        if (!read_params(fcinfo, 0, v, 4)) {                                                   \
            PG_RETURN_NULL();                                                                  \
        }                                                                                      \
        p = model##_of(v);                                                                     \
        check_customer(clv_##model##_loglik(&p, &one, &out, NULL), "clv_loglik",               \
                       psprintf("x = %g, t_x = %g, T = %g", x, t_x, T));                       \
        PG_RETURN_FLOAT8(out);                                                                 \
    }

CLV_PG_SCORING(bgnbd)
CLV_PG_SCORING(pnbd)
CLV_PG_SCORING(mbgnbd)
CLV_PG_SCORING(bgbb)

/* DERT of Pareto/NBD at a continuous discount rate delta (FHL 2005, "RFM and CLV", eq. 2). */
PG_FUNCTION_INFO_V1(pg_clv_pnbd_dert);
Datum pg_clv_pnbd_dert(PG_FUNCTION_ARGS) {
    double v[4], out;
    clv_pnbd_params p;
    if (!read_params(fcinfo, 0, v, 4)) {
        PG_RETURN_NULL();
    }
    p = pnbd_of(v);
    check_customer(clv_pnbd_dert(&p, ARG(1), ARG(2), ARG(3), ARG(4), &out), "clv_dert",
                   psprintf("x = %g, t_x = %g, T = %g, discount %g", ARG(1), ARG(2), ARG(3),
                            ARG(4)));
    PG_RETURN_FLOAT8(out);
}

/* P(X(t) = n | x, t_x, T) of BG/NBD and MBG/NBD (clv_bgnbd_prob_purchases_cond()). */
PG_FUNCTION_INFO_V1(pg_clv_bgnbd_prob_purchases_cond);
Datum pg_clv_bgnbd_prob_purchases_cond(PG_FUNCTION_ARGS) {
    double v[4], out;
    clv_bgnbd_params p;
    if (!read_params(fcinfo, 0, v, 4)) {
        PG_RETURN_NULL();
    }
    p = bgnbd_of(v);
    check_customer(clv_bgnbd_prob_purchases_cond(&p, ARG(1), ARG(2), ARG(3), ARG(4), ARG(5),
                                                  &out),
                   "clv_prob_purchases",
                   psprintf("x = %g, t_x = %g, T = %g, t = %g, n = %g", ARG(1), ARG(2), ARG(3),
                            ARG(4), ARG(5)));
    PG_RETURN_FLOAT8(out);
}

PG_FUNCTION_INFO_V1(pg_clv_mbgnbd_prob_purchases_cond);
Datum pg_clv_mbgnbd_prob_purchases_cond(PG_FUNCTION_ARGS) {
    double v[4], out;
    clv_mbgnbd_params p;
    if (!read_params(fcinfo, 0, v, 4)) {
        PG_RETURN_NULL();
    }
    p = mbgnbd_of(v);
    check_customer(clv_mbgnbd_prob_purchases_cond(&p, ARG(1), ARG(2), ARG(3), ARG(4), ARG(5),
                                                  &out),
                   "clv_prob_purchases",
                   psprintf("x = %g, t_x = %g, T = %g, t = %g, n = %g", ARG(1), ARG(2), ARG(3),
                            ARG(4), ARG(5)));
    PG_RETURN_FLOAT8(out);
}

/* P(X(t) = n | x, t_x, T) of Pareto/NBD (clv_pnbd_prob_purchases_cond()). */
PG_FUNCTION_INFO_V1(pg_clv_pnbd_prob_purchases_cond);
Datum pg_clv_pnbd_prob_purchases_cond(PG_FUNCTION_ARGS) {
    double v[4], out;
    clv_pnbd_params p;
    if (!read_params(fcinfo, 0, v, 4)) {
        PG_RETURN_NULL();
    }
    p = pnbd_of(v);
    check(clv_pnbd_prob_purchases_cond(&p, ARG(1), ARG(2), ARG(3), ARG(4), ARG(5), &out),
          "clv_prob_purchases");
    PG_RETURN_FLOAT8(out);
}

/* BG/BB P(X(n, n + n*) = x* | x, t_x, n) (clv_bgbb_prob_purchases_cond()). */
PG_FUNCTION_INFO_V1(pg_clv_bgbb_prob_purchases_cond);
Datum pg_clv_bgbb_prob_purchases_cond(PG_FUNCTION_ARGS) {
    double v[4], out;
    clv_bgbb_params p;
    if (!read_params(fcinfo, 0, v, 4)) {
        PG_RETURN_NULL();
    }
    p = bgbb_of(v);
    check(clv_bgbb_prob_purchases_cond(&p, ARG(1), ARG(2), ARG(3), ARG(4), ARG(5), &out),
          "clv_prob_purchases");
    PG_RETURN_FLOAT8(out);
}

/* BG/BB P(alive at opportunity n + m | x, t_x, n) (clv_bgbb_p_alive_at()). */
PG_FUNCTION_INFO_V1(pg_clv_bgbb_p_alive_at);
Datum pg_clv_bgbb_p_alive_at(PG_FUNCTION_ARGS) {
    double v[4], out;
    clv_bgbb_params p;
    if (!read_params(fcinfo, 0, v, 4)) {
        PG_RETURN_NULL();
    }
    p = bgbb_of(v);
    check(clv_bgbb_p_alive_at(&p, ARG(1), ARG(2), ARG(3), ARG(4), &out), "clv_p_alive_at");
    PG_RETURN_FLOAT8(out);
}

/* DERT of BG/NBD and MBG/NBD at a continuous discount rate delta (clv_bgnbd_dert()). */
PG_FUNCTION_INFO_V1(pg_clv_bgnbd_dert);
Datum pg_clv_bgnbd_dert(PG_FUNCTION_ARGS) {
    double v[4], out;
    clv_bgnbd_params p;
    if (!read_params(fcinfo, 0, v, 4)) {
        PG_RETURN_NULL();
    }
    p = bgnbd_of(v);
    check_customer(clv_bgnbd_dert(&p, ARG(1), ARG(2), ARG(3), ARG(4), &out), "clv_dert",
                   psprintf("x = %g, t_x = %g, T = %g, discount %g", ARG(1), ARG(2), ARG(3),
                            ARG(4)));
    PG_RETURN_FLOAT8(out);
}

PG_FUNCTION_INFO_V1(pg_clv_mbgnbd_dert);
Datum pg_clv_mbgnbd_dert(PG_FUNCTION_ARGS) {
    double v[4], out;
    clv_mbgnbd_params p;
    if (!read_params(fcinfo, 0, v, 4)) {
        PG_RETURN_NULL();
    }
    p = mbgnbd_of(v);
    check_customer(clv_mbgnbd_dert(&p, ARG(1), ARG(2), ARG(3), ARG(4), &out), "clv_dert",
                   psprintf("x = %g, t_x = %g, T = %g, discount %g", ARG(1), ARG(2), ARG(3),
                            ARG(4)));
    PG_RETURN_FLOAT8(out);
}

/* DERT of BG/BB at a discount rate per opportunity (Fader, Hardie & Shang 2010, eq. 14). */
PG_FUNCTION_INFO_V1(pg_clv_bgbb_dert);
Datum pg_clv_bgbb_dert(PG_FUNCTION_ARGS) {
    double v[4], out;
    clv_bgbb_params p;
    if (!read_params(fcinfo, 0, v, 4)) {
        PG_RETURN_NULL();
    }
    p = bgbb_of(v);
    check_customer(clv_bgbb_dert(&p, ARG(1), ARG(2), ARG(3), ARG(4), &out), "clv_dert",
                   psprintf("x = %g, t_x = %g, n = %g, discount %g", ARG(1), ARG(2), ARG(3),
                            ARG(4)));
    PG_RETURN_FLOAT8(out);
}

/* Gamma-Gamma expected mean spend given x and zbar (Fader & Hardie 2013, eq. 5). */
PG_FUNCTION_INFO_V1(pg_clv_gg_expected_spend);
Datum pg_clv_gg_expected_spend(PG_FUNCTION_ARGS) {
    double v[3], out;
    clv_gg_params p;
    if (!read_params(fcinfo, 0, v, 3)) {
        PG_RETURN_NULL();
    }
    p = gg_of(v);
    check_customer(clv_gg_expected_spend(&p, ARG(1), ARG(2), &out), "clv_expected_spend",
                   psprintf("x = %g, zbar = %g", ARG(1), ARG(2)));
    PG_RETURN_FLOAT8(out);
}

/* One repeat customer's Gamma-Gamma log-likelihood given x and zbar (Fader & Hardie 2013,
 * eq. 3; 0 for x = 0, whose spend carries no information). */
PG_FUNCTION_INFO_V1(pg_clv_gg_loglik);
Datum pg_clv_gg_loglik(PG_FUNCTION_ARGS) {
    double v[3], out, x = ARG(1), zbar = ARG(2);
    clv_gg_params p;
    clv_rfm_view one = {1, &x, NULL, NULL, &zbar, NULL};
    if (!read_params(fcinfo, 0, v, 3)) {
        PG_RETURN_NULL();
    }
    p = gg_of(v);
    check_customer(clv_gg_loglik(&p, &one, &out, NULL), "clv_loglik",
                   psprintf("x = %g, zbar = %g", x, zbar));
    PG_RETURN_FLOAT8(out);
}

/*
 * clv_customer_value(params, [gg params,] x, t_x, T, monetary, margin, discount_rate, period,
 * horizon): clv_customer_value() of one customer. Arguments after the parameters start at
 * `first`.
 */
static Datum customer_value(FunctionCallInfo fcinfo, int model, bool with_spend) {
    clv_purchase_model pm;
    clv_gg_params spend;
    clv_value_options options;
    double gv[3], out;
    int first = with_spend ? 2 : 1;
    memset(&pm, 0, sizeof pm);
    pm.model = model;
    if (!read_params(fcinfo, 0, pm.params, 4)) {
        PG_RETURN_NULL();
    }
    if (with_spend) {
        if (!read_params(fcinfo, 1, gv, 3)) {
            PG_RETURN_NULL();
        }
        spend = gg_of(gv);
    }
    check(clv_value_options_init(&options), "clv_customer_value");
    options.margin = ARG(first + 4);
    options.discount_rate = ARG(first + 5);
    options.period = ARG(first + 6);
    options.horizon = ARG(first + 7);
    check_customer(clv_customer_value(&pm, with_spend ? &spend : NULL, &options, ARG(first),
                                      ARG(first + 1), ARG(first + 2), ARG(first + 3), &out),
                   "clv_customer_value",
                   psprintf("x = %g, t_x = %g, T = %g, monetary = %g", ARG(first),
                            ARG(first + 1), ARG(first + 2), ARG(first + 3)));
    PG_RETURN_FLOAT8(out);
}

#define CLV_PG_VALUE(model, tag)                                                               \
    PG_FUNCTION_INFO_V1(pg_clv_##model##_value);                                               \
    Datum pg_clv_##model##_value(PG_FUNCTION_ARGS) {                                           \
        return customer_value(fcinfo, tag, false);                                             \
    }                                                                                          \
    PG_FUNCTION_INFO_V1(pg_clv_##model##_gg_value);                                            \
    Datum pg_clv_##model##_gg_value(PG_FUNCTION_ARGS) {                                        \
        return customer_value(fcinfo, tag, true);                                              \
    }

CLV_PG_VALUE(bgnbd, CLV_MODEL_BGNBD)
CLV_PG_VALUE(pnbd, CLV_MODEL_PNBD)
CLV_PG_VALUE(mbgnbd, CLV_MODEL_MBGNBD)
CLV_PG_VALUE(bgbb, CLV_MODEL_BGBB)

/* ------------------------------------------------------------------------------------------ */
/* Fitting aggregates                                                                         */
/* ------------------------------------------------------------------------------------------ */

#define ROWS_MAX_COLUMNS 4

/* The aggregate state: the rows seen so far, one growing double array per argument. */
typedef struct row_store {
    int n_columns;
    bool is_bool[ROWS_MAX_COLUMNS]; /* a boolean argument is stored as 0 or 1 */
    size_t count;
    size_t capacity;
    double *column[ROWS_MAX_COLUMNS];
} row_store;

/*
 * Transition function of every fitting aggregate: append the row (float8 or boolean
 * arguments) to the state. Not STRICT, because the state is created here on the first row;
 * a row with any NULL argument is skipped, as a strict transition function would.
 */
PG_FUNCTION_INFO_V1(pg_clv_rows_accum);
Datum pg_clv_rows_accum(PG_FUNCTION_ARGS) {
    MemoryContext aggregate_context;
    row_store *rows = PG_ARGISNULL(0) ? NULL : (row_store *)PG_GETARG_POINTER(0);
    int n_columns = PG_NARGS() - 1;
    int i;
    if (!AggCheckCallContext(fcinfo, &aggregate_context)) {
        ereport(ERROR, (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
                        errmsg("pg_clv_rows_accum called outside an aggregate")));
    }
    if (n_columns < 1 || n_columns > ROWS_MAX_COLUMNS) {
        elog(ERROR, "pg_clv_rows_accum: %d arguments", n_columns);
    }
    for (i = 1; i <= n_columns; i++) {
        if (PG_ARGISNULL(i)) {
            if (rows == NULL) {
                PG_RETURN_NULL();
            }
            PG_RETURN_POINTER(rows);
        }
    }
    if (rows == NULL) {
        rows = MemoryContextAllocZero(aggregate_context, sizeof *rows);
        rows->n_columns = n_columns;
        rows->capacity = 256;
        for (i = 0; i < n_columns; i++) {
            rows->is_bool[i] = get_fn_expr_argtype(fcinfo->flinfo, i + 1) == BOOLOID;
            rows->column[i] =
                MemoryContextAllocHuge(aggregate_context, rows->capacity * sizeof(double));
        }
    }
    if (rows->count == rows->capacity) {
        rows->capacity *= 2;
        for (i = 0; i < n_columns; i++) {
            rows->column[i] = repalloc_huge(rows->column[i], rows->capacity * sizeof(double));
        }
    }
    for (i = 0; i < n_columns; i++) {
        Datum d = PG_GETARG_DATUM(i + 1);
        rows->column[i][rows->count] =
            rows->is_bool[i] ? (DatumGetBool(d) ? 1.0 : 0.0) : DatumGetFloat8(d);
    }
    rows->count++;
    PG_RETURN_POINTER(rows);
}

/* Is a cancel or termination pending? InterruptPending is the cheap test every signal handler
 * sets; an interrupt that is neither (e.g. a catch-up or barrier request) does not stop a
 * call, as CHECK_FOR_INTERRUPTS() would serve it and return without an error. */
static bool cancel_pending(void) {
    return InterruptPending && (QueryCancelPending || ProcDiePending);
}

/* Progress callback of the fits (clv_fit_options, clv_bass_fit_options): nonzero cancels. */
static int fit_progress(void *user_data, uint32_t iteration, double loglik, const double *params,
                        uint32_t n_params) {
    (void)user_data, (void)iteration, (void)loglik, (void)params, (void)n_params;
    return cancel_pending() ? 1 : 0;
}

/* Allocator hooks: working memory in the current context; NULL, never an error, on failure
 * (the library then goes on without it). */
static void *fit_alloc(void *context, size_t size) {
    if (!AllocHugeSizeIsValid(size)) {
        return NULL;
    }
    return MemoryContextAllocExtended((MemoryContext)context, size,
                                      MCXT_ALLOC_HUGE | MCXT_ALLOC_NO_OOM);
}

static void fit_free(void *context, void *ptr) {
    (void)context;
    pfree(ptr);
}

static void fit_options(clv_fit_options *options, clv_diag *diag) {
    check(clv_fit_options_init(options), "fit options");
    check(clv_diag_init(diag), "fit options");
    options->diag = diag;
    options->progress = fit_progress;
    options->alloc = fit_alloc;
    options->dealloc = fit_free;
    options->alloc_ctx = CurrentMemoryContext;
}

static double total_weight(const row_store *rows, int weight_column) {
    double sum = 0.0;
    size_t i;
    if (weight_column < 0 || weight_column >= rows->n_columns) {
        return (double)rows->count;
    }
    for (i = 0; i < rows->count; i++) {
        sum += rows->column[weight_column][i];
    }
    return sum;
}

/*
 * Turn a fit's status into what SQL sees. CLV_OK and CLV_ENOCONV return (the latter with a
 * WARNING: the result says converged = false); a cancel becomes the backend's own cancel
 * error; anything else is an ERROR whose DETAIL is the library's diagnostic (`diag`, may be
 * null) followed by `detail` (the offending row's values, when known).
 */
static void fit_status(int status, const char *function, const clv_fit_report *report,
                       const clv_diag *diag, const char *detail) {
    char *said = (diag != NULL) ? diag_text(diag) : NULL;
    if (status == CLV_OK) {
        return;
    }
    if (status == CLV_ENOCONV) {
        ereport(WARNING,
                (errcode(ERRCODE_WARNING), errmsg("%s: %s", function, clv_strerror(status)),
                 errdetail("Stopped after %u iterations with gradient norm %g; the result "
                           "has converged = false.%s%s",
                           report->iterations, report->gradient_norm, said ? " " : "",
                           said ? said : "")));
        return;
    }
    if (said != NULL) {
        detail = detail ? psprintf("%s (rows counted from 0 in the order the aggregate read "
                                   "them). %s",
                                   said, detail)
                        : said;
    }
    if (status == CLV_ECANCELED) {
        CHECK_FOR_INTERRUPTS();
        ereport(ERROR, (errcode(ERRCODE_QUERY_CANCELED), errmsg("%s: fit canceled", function)));
    }
    if (detail != NULL) {
        ereport(ERROR, (errcode(sqlstate_of(status)),
                        errmsg("%s: %s", function, clv_strerror(status)), errdetail("%s", detail)));
    }
    check(status, function);
}

/* A fit's covariance as an n x n float8[] (row-major, the parameters' order). */
static Datum covariance_datum(const clv_fit_report *report) {
    int n = (int)report->n_params, dims[2] = {n, n}, lbs[2] = {1, 1}, i;
    Datum *elems = palloc(n * n * sizeof *elems);
    for (i = 0; i < n * n; i++) {
        elems[i] = Float8GetDatum(report->covariance[i]);
    }
    return PointerGetDatum(construct_md_array(elems, NULL, 2, dims, lbs, FLOAT8OID, 8,
                                              FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
}

/* The fit result row: (params, loglik, std_error, iterations, converged, customers,
 * covariance). */
static Datum fit_result(FunctionCallInfo fcinfo, const double *params, const clv_fit_report *report,
                        double customers) {
    TupleDesc desc;
    Datum fields[7];
    bool nulls[7] = {false, false, false, false, false, false, false};
    Oid params_type;
    int n = (int)report->n_params;
    if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE) {
        elog(ERROR, "fit result type is not composite");
    }
    params_type = TupleDescAttr(desc, 0)->atttypid;
    fields[0] = make_params(params_type, params, n);
    fields[1] = Float8GetDatum(report->loglik);
    fields[2] = make_params(params_type, report->std_error, n);
    fields[3] = Int32GetDatum((int32)report->iterations);
    fields[4] = BoolGetDatum(report->converged != 0);
    fields[5] = Float8GetDatum(customers);
    fields[6] = covariance_datum(report);
    nulls[6] = report->covariance_ok == 0; /* NULL when the information is not PD */
    return return_row(fcinfo, fields, nulls);
}

typedef int (*purchase_loglik_fn)(const double *params, const clv_rfm_view *data, double *ll);

static int bgnbd_loglik(const double *v, const clv_rfm_view *data, double *ll) {
    clv_bgnbd_params p = bgnbd_of(v);
    return clv_bgnbd_loglik(&p, data, ll, NULL);
}
static int pnbd_loglik(const double *v, const clv_rfm_view *data, double *ll) {
    clv_pnbd_params p = pnbd_of(v);
    return clv_pnbd_loglik(&p, data, ll, NULL);
}
static int mbgnbd_loglik(const double *v, const clv_rfm_view *data, double *ll) {
    clv_mbgnbd_params p = mbgnbd_of(v);
    return clv_mbgnbd_loglik(&p, data, ll, NULL);
}
static int bgbb_loglik(const double *v, const clv_rfm_view *data, double *ll) {
    clv_bgbb_params p = bgbb_of(v);
    return clv_bgbb_loglik(&p, data, ll, NULL);
}

/* After a CLV_EDOM fit: the row's values, as "That row: x = .., t_x = ..": the row the
 * diagnostic names, else the first row the model rejects on its own. */
static char *bad_row(const clv_rfm_view *data, const clv_diag *diag, purchase_loglik_fn loglik,
                     const char *last_name) {
    static const double unit[4] = {1.0, 1.0, 1.0, 1.0};
    size_t i;
    if (diag->status == CLV_EDOM && diag->has_row && diag->row < data->count) {
        i = (size_t)diag->row;
        return psprintf("That row: x = %g, t_x = %g, %s = %g%s.", data->x[i], data->t_x[i],
                        last_name, data->T[i],
                        data->weight ? psprintf(", weight = %g", data->weight[i]) : "");
    }
    for (i = 0; i < data->count; i++) {
        clv_rfm_view one;
        double ll;
        memset(&one, 0, sizeof one);
        one.count = 1;
        one.x = data->x + i;
        one.t_x = data->t_x + i;
        one.T = data->T + i;
        one.weight = data->weight ? data->weight + i : NULL;
        if (loglik(unit, &one, &ll) == CLV_EDOM) {
            return psprintf("Invalid row: x = %g, t_x = %g, %s = %g%s.", data->x[i], data->t_x[i],
                            last_name, data->T[i],
                            data->weight ? psprintf(", weight = %g", data->weight[i]) : "");
        }
    }
    return NULL;
}

/* The view of a (x, t_x, T[, weight]) state. */
static clv_rfm_view purchase_view(const row_store *rows) {
    clv_rfm_view view;
    memset(&view, 0, sizeof view);
    view.count = rows->count;
    view.x = rows->column[0];
    view.t_x = rows->column[1];
    view.T = rows->column[2];
    view.weight = rows->n_columns > 3 ? rows->column[3] : NULL;
    return view;
}

#define CLV_PG_PURCHASE_FIT(model, last_name)                                                  \
    PG_FUNCTION_INFO_V1(pg_clv_##model##_fit_final);                                           \
    Datum pg_clv_##model##_fit_final(PG_FUNCTION_ARGS) {                                       \
        row_store *rows = PG_ARGISNULL(0) ? NULL : (row_store *)PG_GETARG_POINTER(0);          \
        clv_rfm_view view;                                                                     \
        clv_fit_options options;                                                               \
        clv_fit_report report;                                                                 \
        clv_diag diag;                                                                         \
        clv_##model##_params p;                                                                \
        double v[4];                                                                           \
        int status;                                                                            \
        if (rows == NULL || rows->count == 0) {                                                \
            PG_RETURN_NULL();                                                                  \
        }                                                                                      \
        view = purchase_view(rows);                                                            \
        fit_options(&options, &diag);                                                          \
        memset(&report, 0, sizeof report);                                                     \
        status = clv_##model##_fit(&view, &options, &p, &report);                              \
        fit_status(status, "clv_" #model "_fit", &report, &diag,                               \
                   status == CLV_EDOM ? bad_row(&view, &diag, model##_loglik, last_name)       \
                                      : NULL);                                                 \
        memcpy(v, &p, sizeof v);                                                               \
        return fit_result(fcinfo, v, &report, total_weight(rows, 3));                          \
    }

CLV_PG_PURCHASE_FIT(bgnbd, "T")
CLV_PG_PURCHASE_FIT(pnbd, "T")
CLV_PG_PURCHASE_FIT(mbgnbd, "T")
CLV_PG_PURCHASE_FIT(bgbb, "n")

/* clv_gg_fit(x, zbar[, weight]): the Gamma-Gamma model reads x and the mean spend only. */
PG_FUNCTION_INFO_V1(pg_clv_gg_fit_final);
Datum pg_clv_gg_fit_final(PG_FUNCTION_ARGS) {
    row_store *rows = PG_ARGISNULL(0) ? NULL : (row_store *)PG_GETARG_POINTER(0);
    clv_rfm_view view;
    clv_fit_options options;
    clv_fit_report report;
    clv_diag diag;
    clv_gg_params p;
    double v[3];
    double *zeros;
    size_t bad = 0;
    int status;
    if (rows == NULL || rows->count == 0) {
        PG_RETURN_NULL();
    }
    zeros = palloc_extended(rows->count * sizeof(double), MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
    memset(&view, 0, sizeof view);
    view.count = rows->count;
    view.x = rows->column[0];
    view.t_x = zeros;
    view.T = zeros;
    view.monetary = rows->column[1];
    view.weight = rows->n_columns > 2 ? rows->column[2] : NULL;
    fit_options(&options, &diag);
    memset(&report, 0, sizeof report);
    status = clv_gg_fit(&view, &options, &p, &report);
    fit_status(status, "clv_gg_fit", &report, &diag,
               status == CLV_EDOM && clv_rfm_check(&view, 1, &bad) == CLV_EDOM
                   ? psprintf("That row: x = %g, zbar = %g.", view.x[bad], view.monetary[bad])
                   : NULL);
    v[0] = p.p, v[1] = p.q, v[2] = p.gamma;
    return fit_result(fcinfo, v, &report, total_weight(rows, 2));
}

/* clv_sbg_fit(duration, churned[, weight]): sBG from individual censored durations. */
PG_FUNCTION_INFO_V1(pg_clv_sbg_fit_final);
Datum pg_clv_sbg_fit_final(PG_FUNCTION_ARGS) {
    row_store *rows = PG_ARGISNULL(0) ? NULL : (row_store *)PG_GETARG_POINTER(0);
    clv_sbg_durations data;
    clv_fit_options options;
    clv_fit_report report;
    clv_diag diag;
    clv_sbg_params p;
    int32_t *churned;
    double v[2];
    size_t i;
    int status;
    if (rows == NULL || rows->count == 0) {
        PG_RETURN_NULL();
    }
    churned = MemoryContextAllocHuge(CurrentMemoryContext, rows->count * sizeof(int32_t));
    for (i = 0; i < rows->count; i++) {
        churned[i] = rows->column[1][i] != 0.0;
    }
    memset(&data, 0, sizeof data);
    data.count = rows->count;
    data.duration = rows->column[0];
    data.churned = churned;
    data.weight = rows->n_columns > 2 ? rows->column[2] : NULL;
    fit_options(&options, &diag);
    memset(&report, 0, sizeof report);
    status = clv_sbg_fit(&data, &options, &p, &report);
    fit_status(status, "clv_sbg_fit", &report, &diag, NULL);
    v[0] = p.alpha, v[1] = p.beta;
    return fit_result(fcinfo, v, &report, total_weight(rows, 2));
}

static int compare_doubles(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/*
 * The (period, value) rows of a series aggregate, ordered by period, which must be
 * first, first + 1, ..., first + n - 1 exactly once each (rows may come in any order).
 */
static double *series_values(const row_store *rows, double first, const char *function) {
    double *pairs;
    double *values = MemoryContextAllocHuge(CurrentMemoryContext, rows->count * sizeof(double));
    size_t i;
    /* Rows already in period order (the usual case) need no sort: a long series is then
     * copied in O(n), and no qsort (which cannot be interrupted) holds the backend. */
    for (i = 0; i < rows->count && rows->column[0][i] == first + (double)i; i++) {
        values[i] = rows->column[1][i];
    }
    if (i == rows->count) {
        return values;
    }
    pairs = MemoryContextAllocHuge(CurrentMemoryContext, 2 * rows->count * sizeof(double));
    for (i = 0; i < rows->count; i++) {
        pairs[2 * i] = rows->column[0][i];
        pairs[2 * i + 1] = rows->column[1][i];
    }
    qsort(pairs, rows->count, 2 * sizeof(double), compare_doubles);
    CHECK_FOR_INTERRUPTS(); /* a long series: honour a cancel before the library call */
    for (i = 0; i < rows->count; i++) {
        if (pairs[2 * i] != first + (double)i) {
            ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                            errmsg("%s: periods must be %g, %g, ... without gaps or repeats",
                                   function, first, first + 1),
                            errdetail("Period %g found where %g was expected.", pairs[2 * i],
                                      first + (double)i)));
        }
        values[i] = pairs[2 * i + 1];
    }
    pfree(pairs);
    return values;
}

/* clv_sbg_fit_survivors(period, alive): one cohort's survivor counts, periods 0..n (FH 2007). */
PG_FUNCTION_INFO_V1(pg_clv_sbg_survivors_final);
Datum pg_clv_sbg_survivors_final(PG_FUNCTION_ARGS) {
    row_store *rows = PG_ARGISNULL(0) ? NULL : (row_store *)PG_GETARG_POINTER(0);
    clv_sbg_cohort cohort;
    clv_fit_options options;
    clv_fit_report report;
    clv_diag diag;
    clv_sbg_params p;
    double v[2];
    int status;
    if (rows == NULL || rows->count == 0) {
        PG_RETURN_NULL();
    }
    if (rows->count - 1 > UINT32_MAX) {
        check(CLV_EINVAL, "clv_sbg_fit_survivors");
    }
    memset(&cohort, 0, sizeof cohort);
    cohort.alive = series_values(rows, 0.0, "clv_sbg_fit_survivors");
    cohort.periods = (uint32_t)(rows->count - 1);
    fit_options(&options, &diag);
    memset(&report, 0, sizeof report);
    status = clv_sbg_fit_cohorts(&cohort, 1, &options, &p, &report);
    fit_status(status, "clv_sbg_fit_survivors", &report, &diag, NULL);
    v[0] = p.alpha, v[1] = p.beta;
    return fit_result(fcinfo, v, &report, cohort.alive[0]);
}

/*
 * clv_bass_fit(period, adopters[, density]): least-squares Bass fit of the adopters of
 * periods 1..n, as adopters in each period (Srinivasan & Mason 1986) or, with density =
 * true, as m f(t) at the period's end (Bass 1969).
 */
PG_FUNCTION_INFO_V1(pg_clv_bass_fit_final);
Datum pg_clv_bass_fit_final(PG_FUNCTION_ARGS) {
    row_store *rows = PG_ARGISNULL(0) ? NULL : (row_store *)PG_GETARG_POINTER(0);
    clv_bass_fit_options options;
    clv_bass_fit_report report;
    clv_bass_params p;
    double *counts, v[3];
    size_t i;
    int status;
    if (rows == NULL || rows->count == 0) {
        PG_RETURN_NULL();
    }
    check(clv_bass_fit_options_init(&options), "clv_bass_fit");
    options.progress = fit_progress; /* a long series: ~1 s a pass over 1e7 periods */
    if (rows->n_columns > 2) {
        options.model = rows->column[2][0] != 0.0 ? CLV_BASS_DENSITY : CLV_BASS_INTERVAL;
        for (i = 1; i < rows->count; i++) {
            if (rows->column[2][i] != rows->column[2][0]) {
                ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                                errmsg("clv_bass_fit: density must be the same in every row")));
            }
        }
    }
    counts = series_values(rows, 1.0, "clv_bass_fit");
    memset(&report, 0, sizeof report);
    status = clv_bass_fit(counts, rows->count, &options, &p, &report);
    fit_status(status, "clv_bass_fit", &report.fit, NULL, NULL);
    v[0] = p.p, v[1] = p.q, v[2] = p.m;
    return fit_result(fcinfo, v, &report.fit, report.sse);
}

/* ------------------------------------------------------------------------------------------ */
/* Closed forms: lifetime value, churn, sBG, word of mouth, Bass, NPS                        */
/* ------------------------------------------------------------------------------------------ */

/* A function of float8 arguments returning one float8 through an out-parameter. */
#define CLV_PG_F1(sqlname, call)                                                               \
    PG_FUNCTION_INFO_V1(pg_##sqlname);                                                         \
    Datum pg_##sqlname(PG_FUNCTION_ARGS) {                                                     \
        double out;                                                                            \
        check(call, #sqlname);                                                                 \
        PG_RETURN_FLOAT8(out);                                                                 \
    }

CLV_PG_F1(clv_simple_value, clv_simple_value(ARG(0), ARG(1), ARG(2), &out))
CLV_PG_F1(clv_retention_value, clv_retention_value(ARG(0), ARG(1), ARG(2), ARG(3),
                                                   parse_timing(PG_GETARG_TEXT_PP(4)), &out))
CLV_PG_F1(clv_margin_multiple,
          clv_margin_multiple(ARG(0), ARG(1), ARG(2), parse_timing(PG_GETARG_TEXT_PP(3)), &out))
CLV_PG_F1(clv_cac, clv_cac(ARG(0), ARG(1), &out))
CLV_PG_F1(clv_ltv_cac_ratio, clv_ltv_cac_ratio(ARG(0), ARG(1), &out))
CLV_PG_F1(clv_payback_periods, clv_payback_periods(ARG(0), ARG(1), ARG(2), ARG(3),
                                                   parse_timing(PG_GETARG_TEXT_PP(4)), &out))
CLV_PG_F1(clv_discount_rate_convert, clv_discount_rate_convert(ARG(0), ARG(1), ARG(2), &out))
CLV_PG_F1(clv_churn_convert, clv_churn_convert(ARG(0), ARG(1), ARG(2), &out))
CLV_PG_F1(clv_retention_convert, clv_retention_convert(ARG(0), ARG(1), ARG(2), &out))
CLV_PG_F1(clv_expected_lifetime, clv_expected_lifetime(ARG(0), &out))
CLV_PG_F1(clv_median_lifetime, clv_median_lifetime(ARG(0), &out))
CLV_PG_F1(clv_kfactor, clv_kfactor(ARG(0), ARG(1), &out))
CLV_PG_F1(clv_kfactor_customers, clv_kfactor_customers(ARG(0), ARG(1), ARG(2), ARG(3), &out))

/* clv_churn_rate(start, lost, new, method) -> churn of the period. */
PG_FUNCTION_INFO_V1(pg_clv_churn_rate);
Datum pg_clv_churn_rate(PG_FUNCTION_ARGS) {
    double churn, retention;
    check(clv_churn_rate(ARG(0), ARG(1), ARG(2), parse_churn_method(PG_GETARG_TEXT_PP(3)),
                         &churn, &retention),
          "clv_churn_rate");
    PG_RETURN_FLOAT8(churn);
}

/* clv_retention_gain(margin, retention, discount, gain, horizon, timing) -> OUT record. */
PG_FUNCTION_INFO_V1(pg_clv_retention_gain);
Datum pg_clv_retention_gain(PG_FUNCTION_ARGS) {
    clv_retention_effect e;
    double out[4];
    check(clv_retention_gain(ARG(0), ARG(1), ARG(2), ARG(3), ARG(4),
                             parse_timing(PG_GETARG_TEXT_PP(5)), &e),
          "clv_retention_gain");
    out[0] = e.value_before, out[1] = e.value_after, out[2] = e.value_change;
    out[3] = e.relative_change;
    PG_RETURN_DATUM(return_doubles(fcinfo, out, 4));
}

/* sBG functions of (params, one float8). */
#define CLV_PG_SBG(name)                                                                       \
    PG_FUNCTION_INFO_V1(pg_clv_sbg_##name);                                                    \
    Datum pg_clv_sbg_##name(PG_FUNCTION_ARGS) {                                                \
        double v[2], out;                                                                      \
        clv_sbg_params p;                                                                      \
        if (!read_params(fcinfo, 0, v, 2)) {                                                   \
            PG_RETURN_NULL();                                                                  \
        }                                                                                      \
        p = sbg_of(v);                                                                         \
        check(clv_sbg_##name(&p, ARG(1), &out), "clv_sbg_" #name);                             \
        PG_RETURN_FLOAT8(out);                                                                 \
    }

CLV_PG_SBG(survival)
CLV_PG_SBG(churn_prob)
CLV_PG_SBG(retention_rate)
CLV_PG_SBG(expected_lifetime)
CLV_PG_SBG(del)

PG_FUNCTION_INFO_V1(pg_clv_sbg_derl);
Datum pg_clv_sbg_derl(PG_FUNCTION_ARGS) {
    double v[2], out;
    clv_sbg_params p;
    if (!read_params(fcinfo, 0, v, 2)) {
        PG_RETURN_NULL();
    }
    p = sbg_of(v);
    check(clv_sbg_derl(&p, ARG(1), ARG(2), &out), "clv_sbg_derl");
    PG_RETURN_FLOAT8(out);
}

/* Bass curve: F(t), f(t) of (params, t), and adopters in (t1, t2]. */
PG_FUNCTION_INFO_V1(pg_clv_bass_cumulative);
Datum pg_clv_bass_cumulative(PG_FUNCTION_ARGS) {
    double v[3], out;
    clv_bass_params p;
    if (!read_params(fcinfo, 0, v, 3)) {
        PG_RETURN_NULL();
    }
    p = bass_of(v);
    check(clv_bass_cumulative(&p, ARG(1), &out), "clv_bass_cumulative");
    PG_RETURN_FLOAT8(out);
}

PG_FUNCTION_INFO_V1(pg_clv_bass_density);
Datum pg_clv_bass_density(PG_FUNCTION_ARGS) {
    double v[3], out;
    clv_bass_params p;
    if (!read_params(fcinfo, 0, v, 3)) {
        PG_RETURN_NULL();
    }
    p = bass_of(v);
    check(clv_bass_density(&p, ARG(1), &out), "clv_bass_density");
    PG_RETURN_FLOAT8(out);
}

PG_FUNCTION_INFO_V1(pg_clv_bass_adopters);
Datum pg_clv_bass_adopters(PG_FUNCTION_ARGS) {
    double v[3], out;
    clv_bass_params p;
    if (!read_params(fcinfo, 0, v, 3)) {
        PG_RETURN_NULL();
    }
    p = bass_of(v);
    check(clv_bass_adopters(&p, ARG(1), ARG(2), &out), "clv_bass_adopters");
    PG_RETURN_FLOAT8(out);
}

/* clv_bass_peak(params) -> (time, density, adopters, cumulative, interior). */
PG_FUNCTION_INFO_V1(pg_clv_bass_peak);
Datum pg_clv_bass_peak(PG_FUNCTION_ARGS) {
    double v[3];
    clv_bass_params p;
    clv_bass_peak_info peak;
    Datum fields[5];
    bool nulls[5] = {false, false, false, false, false};
    if (!read_params(fcinfo, 0, v, 3)) {
        PG_RETURN_NULL();
    }
    p = bass_of(v);
    check(clv_bass_peak(&p, &peak), "clv_bass_peak");
    fields[0] = Float8GetDatum(peak.time);
    fields[1] = Float8GetDatum(peak.density);
    fields[2] = Float8GetDatum(peak.adopters);
    fields[3] = Float8GetDatum(peak.cumulative);
    fields[4] = BoolGetDatum(peak.interior != 0);
    PG_RETURN_DATUM(return_row(fcinfo, fields, nulls));
}

/* clv_nps(promoters, passives, detractors, level) -> (nps, std_error, lower, upper, n). */
PG_FUNCTION_INFO_V1(pg_clv_nps);
Datum pg_clv_nps(PG_FUNCTION_ARGS) {
    clv_nps nps;
    double out[5];
    check(clv_nps_from_counts(ARG(0), ARG(1), ARG(2), &nps), "clv_nps");
    check(clv_nps_interval(&nps, ARG(3), &out[2], &out[3]), "clv_nps");
    out[0] = nps.nps, out[1] = nps.std_error, out[4] = nps.n;
    PG_RETURN_DATUM(return_doubles(fcinfo, out, 5));
}

/* Word-of-mouth arguments shared by the wom functions: (..., conversion, deterrence,
 * told_satisfied, told_dissatisfied) starting at argument `first`. */
static clv_wom_params wom_params(FunctionCallInfo fcinfo, int first) {
    clv_wom_params p;
    check(clv_wom_params_init(&p), "clv_wom");
    p.conversion = ARG(first);
    p.deterrence = ARG(first + 1);
    p.told_satisfied = ARG(first + 2);
    p.told_dissatisfied = ARG(first + 3);
    return p;
}

/* clv_wom_reproduction_number(satisfied_share, conversion, deterrence, told_s, told_d). */
PG_FUNCTION_INFO_V1(pg_clv_wom_reproduction_number);
Datum pg_clv_wom_reproduction_number(PG_FUNCTION_ARGS) {
    clv_wom_params p = wom_params(fcinfo, 1);
    double out;
    check(clv_wom_reproduction_number(&p, ARG(0), &out), "clv_wom_reproduction_number");
    PG_RETURN_FLOAT8(out);
}

/* clv_wom_total(satisfied, dissatisfied, satisfied_share, customer_value, conversion,
 * deterrence, told_s, told_d) -> totals over all generations. */
PG_FUNCTION_INFO_V1(pg_clv_wom_total);
Datum pg_clv_wom_total(PG_FUNCTION_ARGS) {
    clv_wom_params p = wom_params(fcinfo, 4);
    clv_wom_totals t;
    double out[9];
    check(clv_wom_total(&p, ARG(2), ARG(0), ARG(1), ARG(3), &t), "clv_wom_total");
    out[0] = t.reproduction_number, out[1] = t.customers_won, out[2] = t.satisfied_won;
    out[3] = t.dissatisfied_won, out[4] = t.customers_deterred, out[5] = t.net_customers;
    out[6] = t.value_won, out[7] = t.value_lost, out[8] = t.net_value;
    PG_RETURN_DATUM(return_doubles(fcinfo, out, 9));
}

/* clv_version() -> the library's run-time version string. */
PG_FUNCTION_INFO_V1(pg_clv_version);
Datum pg_clv_version(PG_FUNCTION_ARGS) {
    (void)fcinfo;
    PG_RETURN_TEXT_P(cstring_to_text(clv_version_string()));
}


/* ------------------------------------------------------------------------------------------ */
/* Model checking (issue 14): set-returning functions over arrays (array_agg of a table)      */
/* ------------------------------------------------------------------------------------------ */

/* A one-dimensional float8[] without NULLs as palloc'd doubles; *n gets its length. */
static double *float8_array(ArrayType *a, int *n, const char *function, const char *what) {
    Datum *elems;
    bool *nulls;
    int count, i;
    double *v;
    if (ARR_NDIM(a) > 1) {
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("%s: %s must be a one-dimensional array", function, what)));
    }
    deconstruct_array(a, FLOAT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE, &elems, &nulls, &count);
    v = palloc((count > 0 ? count : 1) * sizeof *v);
    for (i = 0; i < count; i++) {
        if (nulls[i]) {
            ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
                            errmsg("%s: %s[%d] is NULL", function, what, i + 1)));
        }
        v[i] = DatumGetFloat8(elems[i]);
    }
    *n = count;
    return v;
}

/* Raise a model-checking status with the library's diagnostic as DETAIL (rows from 0). */
static void check_diag(int status, const char *function, const clv_diag *diag) {
    if (status != CLV_OK) {
        char *detail = diag_text(diag);
        ereport(ERROR, (errcode(sqlstate_of(status)),
                        errmsg("%s: %s", function, clv_strerror(status)),
                        detail ? errdetail("%s (rows and indices count from 0).", detail) : 0));
    }
}

static int check_progress(void *user_data, uint64_t done, uint64_t total) {
    (void)user_data;
    (void)done;
    (void)total;
    return cancel_pending() ? 1 : 0;
}

static void check_options(clv_check_options *o, clv_diag *diag) {
    clv_check_options_init(o);
    clv_diag_init(diag);
    o->diag = diag;
    o->progress = check_progress;
}

/* The float8[] arguments first..first+count-1, all of one length (returned), into out[]. */
static int float8_arrays(FunctionCallInfo fcinfo, int first, int count, const char *const *names,
                         const char *fn, double **out) {
    int n = 0, i;
    for (i = 0; i < count; i++) {
        int len;
        out[i] = float8_array(PG_GETARG_ARRAYTYPE_P(first + i), &len, fn, names[i]);
        if (i == 0) {
            n = len;
        } else if (len != n) {
            ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                            errmsg("%s: %s has %d entries, %s has %d: they must be equal", fn,
                                   names[i], len, names[0], n)));
        }
    }
    return n;
}

/* The four parameters of a purchase model's composite argument 0, or an error. */
static clv_purchase_model purchase_model_arg(FunctionCallInfo fcinfo, int model, const char *fn) {
    clv_purchase_model pm = {model, 0, {0, 0, 0, 0}};
    if (!read_params(fcinfo, 0, pm.params, 4)) {
        ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
                        errmsg("%s: a parameter is NULL", fn)));
    }
    return pm;
}

/* A covariance argument: n x n float8 values (a 2-D n x n or a 1-D n*n array, row-major). */
static double *covariance_arg(FunctionCallInfo fcinfo, int argno, int n, const char *fn) {
    ArrayType *a = PG_GETARG_ARRAYTYPE_P(argno);
    Datum *elems;
    bool *nulls;
    int count, i;
    double *c;
    deconstruct_array(a, FLOAT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE, &elems, &nulls, &count);
    if (count != n * n || ARR_NDIM(a) > 2) {
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("%s: the covariance must be %d x %d (a fit's covariance), not %d "
                               "values", fn, n, n, count)));
    }
    c = palloc(count * sizeof *c);
    for (i = 0; i < count; i++) {
        if (nulls[i]) {
            ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
                            errmsg("%s: the covariance has a NULL (the fit's information was "
                                   "not positive definite?)", fn)));
        }
        c[i] = DatumGetFloat8(elems[i]);
    }
    return c;
}

/* A text argument that must be one of names[]: its code from codes[]. */
static int choice_arg(FunctionCallInfo fcinfo, int argno, const char *const *names,
                      const int *codes, int n, const char *fn, const char *what) {
    char *s = text_to_cstring(PG_GETARG_TEXT_PP(argno));
    int i;
    for (i = 0; i < n; i++) {
        if (strcmp(s, names[i]) == 0) {
            return codes[i];
        }
    }
    ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                    errmsg("%s: unknown %s '%s'", fn, what, s)));
    return codes[0];
}

static void check_done(int st, const char *fn, const clv_diag *diag) {
    if (st == CLV_ECANCELED) {
        CHECK_FOR_INTERRUPTS();
    }
    check_diag(st, fn, diag);
}

#define TABLE_MAX_COLUMNS 8

/* The rows of a set-returning function's result from columns of doubles: column c of row r
 * is cols[c][r], or r itself where cols[c] is NULL (a bin or row number), converted to the
 * result column's type (int4, int8 or float8); a NaN is SQL NULL (a cell "marked, not
 * filled"). One emitter for every table here. */
static void emit_table(FunctionCallInfo fcinfo, size_t n_rows, int n_cols, double *const *cols) {
    ReturnSetInfo *rsinfo = (ReturnSetInfo *)fcinfo->resultinfo;
    size_t r;
    int c;
    InitMaterializedSRF(fcinfo, 0);
    if (rsinfo->setDesc->natts != n_cols || n_cols > TABLE_MAX_COLUMNS) {
        elog(ERROR, "result of %d columns, expected %d", rsinfo->setDesc->natts, n_cols);
    }
    for (r = 0; r < n_rows; r++) {
        Datum values[TABLE_MAX_COLUMNS];
        bool nulls[TABLE_MAX_COLUMNS];
        for (c = 0; c < n_cols; c++) {
            double v = cols[c] != NULL ? cols[c][r] : (double)r;
            Oid type = TupleDescAttr(rsinfo->setDesc, c)->atttypid;
            nulls[c] = isnan(v);
            values[c] = nulls[c]            ? (Datum)0
                        : type == INT4OID ? Int32GetDatum((int32)v)
                        : type == INT8OID ? Int64GetDatum((int64)v)
                                          : Float8GetDatum(v);
        }
        tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
        if (r % 65536 == 65535) {
            CHECK_FOR_INTERRUPTS(); /* between rows: no library call is running */
        }
    }
}

/* Rows of `columns` float8 values after an int4 bin number 0..bins-1. */
static void emit_bins(FunctionCallInfo fcinfo, int bins, int columns, double **cols) {
    double *all[TABLE_MAX_COLUMNS];
    int c;
    all[0] = NULL;
    for (c = 0; c < columns; c++) {
        all[c + 1] = cols[c];
    }
    emit_table(fcinfo, (size_t)bins, columns + 1, all);
}

/* clv_frequency_histogram(params, x[], T[], k): (bin, expected, actual), bin = 0..k-1 and k
 * for "k or more". */
static Datum frequency_histogram(FunctionCallInfo fcinfo, int model) {
    static const char *const names[2] = {"x", "T"};
    const char *fn = "clv_frequency_histogram";
    clv_purchase_model pm = purchase_model_arg(fcinfo, model, fn);
    double *a[2], *x, *T, *t_x, *expected, *actual, *cols[2];
    int n = float8_arrays(fcinfo, 1, 2, names, fn, a), k = PG_GETARG_INT32(3), st;
    clv_check_options o;
    clv_diag diag;
    x = a[0];
    T = a[1];
    if (k < 1 || k >= CLV_CHECK_MAX_BINS) {
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("%s: 1 <= k < %d", fn, CLV_CHECK_MAX_BINS)));
    }
    t_x = palloc0((n > 0 ? n : 1) * sizeof *t_x); /* the histogram reads x and T only */
    {
        int i;
        for (i = 0; i < n; i++) {
            t_x[i] = x[i] > 0.0 ? T[i] : 0.0; /* a valid recency for every model */
        }
    }
    expected = palloc((k + 1) * sizeof *expected);
    actual = palloc((k + 1) * sizeof *actual);
    check_options(&o, &diag);
    {
        clv_rfm_view v = {(size_t)n, x, t_x, T, NULL, NULL};
        st = clv_frequency_histogram(&pm, &v, (uint32_t)k, &o, expected, actual);
    }
    check_done(st, fn, &diag);
    cols[0] = expected;
    cols[1] = actual;
    emit_bins(fcinfo, k + 1, 2, cols);
    return (Datum)0;
}

/* clv_conditional_by_frequency(params, x[], t_x[], T[], holdout[], holdout_length, k):
 * (bin, customers, mean_actual, mean_predicted). */
static Datum conditional_by_frequency(FunctionCallInfo fcinfo, int model) {
    static const char *const names[4] = {"x", "t_x", "T", "holdout"};
    const char *fn = "clv_conditional_by_frequency";
    clv_purchase_model pm = purchase_model_arg(fcinfo, model, fn);
    double *a[4], *cols[3];
    int n = float8_arrays(fcinfo, 1, 4, names, fn, a), k = PG_GETARG_INT32(6), st;
    clv_check_options o;
    clv_diag diag;
    if (k < 1 || k >= CLV_CHECK_MAX_BINS) {
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("%s: 1 <= k < %d", fn, CLV_CHECK_MAX_BINS)));
    }
    cols[0] = palloc((k + 1) * sizeof(double));
    cols[1] = palloc((k + 1) * sizeof(double));
    cols[2] = palloc((k + 1) * sizeof(double));
    check_options(&o, &diag);
    {
        clv_rfm_view v = {(size_t)n, a[0], a[1], a[2], NULL, NULL};
        st = clv_conditional_by_frequency(&pm, &v, a[3], PG_GETARG_FLOAT8(5), (uint32_t)k, &o,
                                          cols[0], cols[1], cols[2]);
    }
    check_done(st, fn, &diag);
    emit_bins(fcinfo, k + 1, 3, cols);
    return (Datum)0;
}

#define CLV_PG_CHECKING(model, tag)                                                            \
    PG_FUNCTION_INFO_V1(pg_clv_##model##_frequency_histogram);                                 \
    Datum pg_clv_##model##_frequency_histogram(PG_FUNCTION_ARGS) {                             \
        return frequency_histogram(fcinfo, tag);                                               \
    }                                                                                          \
    PG_FUNCTION_INFO_V1(pg_clv_##model##_conditional_by_frequency);                            \
    Datum pg_clv_##model##_conditional_by_frequency(PG_FUNCTION_ARGS) {                        \
        return conditional_by_frequency(fcinfo, tag);                                          \
    }

CLV_PG_CHECKING(bgnbd, CLV_MODEL_BGNBD)
CLV_PG_CHECKING(pnbd, CLV_MODEL_PNBD)
CLV_PG_CHECKING(mbgnbd, CLV_MODEL_MBGNBD)
CLV_PG_CHECKING(bgbb, CLV_MODEL_BGBB)

PG_FUNCTION_INFO_V1(pg_clv_chi_square_p_value);
Datum pg_clv_chi_square_p_value(PG_FUNCTION_ARGS) {
    double p;
    check(clv_chi_square_p_value(ARG(0), ARG(1), &p), "clv_chi_square_p_value");
    PG_RETURN_FLOAT8(p);
}

/* ------------------------------------------------------------------------------------------ */
/* Model checking, continued (issue 14): tracking, recency, holdout accuracy, calibration,    */
/* the frequency x recency matrix; simulation; intervals                                      */
/* ------------------------------------------------------------------------------------------ */

/* clv_tracking(params, birth[], times[]): (time, cumulative, incremental) expected repeat
 * transactions of the base at each calendar time. Births in any order (sorted here). */
static Datum tracking(FunctionCallInfo fcinfo, int model) {
    const char *fn = "clv_tracking";
    clv_purchase_model pm = purchase_model_arg(fcinfo, model, fn);
    int n, n_times;
    double *birth, *times, *cols[3];
    clv_check_options o;
    clv_diag diag;
    birth = float8_array(PG_GETARG_ARRAYTYPE_P(1), &n, fn, "birth");
    times = float8_array(PG_GETARG_ARRAYTYPE_P(2), &n_times, fn, "times");
    if (n == 0 || n_times == 0) {
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("%s: birth and times must not be empty", fn)));
    }
    qsort(birth, n, sizeof *birth, compare_doubles); /* NaN sorts somewhere; the library
                                                        refuses it */
    cols[0] = times;
    cols[1] = palloc(n_times * sizeof(double));
    cols[2] = palloc(n_times * sizeof(double));
    check_options(&o, &diag);
    check_done(clv_tracking_expected(&pm, birth, NULL, (size_t)n, times, (size_t)n_times, &o,
                                     cols[1], cols[2]),
               fn, &diag);
    emit_table(fcinfo, (size_t)n_times, 3, cols);
    return (Datum)0;
}

/* clv_tracking_actual(customer[], time[], times[]): (time, cumulative, incremental) repeat
 * transactions of a transaction log, given in any order (sorted here by customer and time). */
typedef struct log_entry {
    int64 customer;
    double time;
} log_entry;

static int compare_log(const void *a, const void *b) {
    const log_entry *x = a, *y = b;
    if (x->customer != y->customer) {
        return x->customer < y->customer ? -1 : 1;
    }
    return (x->time > y->time) - (x->time < y->time);
}

PG_FUNCTION_INFO_V1(pg_clv_tracking_actual);
Datum pg_clv_tracking_actual(PG_FUNCTION_ARGS) {
    const char *fn = "clv_tracking_actual";
    ArrayType *ids = PG_GETARG_ARRAYTYPE_P(0);
    Datum *elems;
    bool *nulls;
    int n, n_time, n_times, i;
    double *time, *times, *cols[3];
    uint64_t *customer;
    log_entry *log;
    clv_check_options o;
    clv_diag diag;
    deconstruct_array(ids, INT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE, &elems, &nulls, &n);
    time = float8_array(PG_GETARG_ARRAYTYPE_P(1), &n_time, fn, "time");
    times = float8_array(PG_GETARG_ARRAYTYPE_P(2), &n_times, fn, "times");
    if (n != n_time || n == 0 || n_times == 0) {
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("%s: customer and time must have the same length, and the log "
                               "and times must not be empty", fn)));
    }
    log = palloc(n * sizeof *log);
    for (i = 0; i < n; i++) {
        if (nulls[i]) {
            ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
                            errmsg("%s: customer[%d] is NULL", fn, i + 1)));
        }
        log[i].customer = DatumGetInt64(elems[i]);
        log[i].time = time[i];
    }
    qsort(log, n, sizeof *log, compare_log);
    customer = palloc(n * sizeof *customer);
    for (i = 0; i < n; i++) {
        customer[i] = (uint64_t)log[i].customer;
        time[i] = log[i].time;
    }
    cols[0] = times;
    cols[1] = palloc(n_times * sizeof(double));
    cols[2] = palloc(n_times * sizeof(double));
    check_options(&o, &diag);
    check_done(clv_tracking_actual(customer, time, (size_t)n, times, (size_t)n_times, &o,
                                   cols[1], cols[2]),
               fn, &diag);
    emit_table(fcinfo, (size_t)n_times, 3, cols);
    return (Datum)0;
}

/* clv_conditional_by_recency(params, x[], t_x[], T[], holdout[], holdout_length, edges[]):
 * (bin, lower_edge, upper_edge, customers, mean_actual, mean_predicted). */
static Datum conditional_by_recency(FunctionCallInfo fcinfo, int model) {
    static const char *const names[4] = {"x", "t_x", "T", "holdout"};
    const char *fn = "clv_conditional_by_recency";
    clv_purchase_model pm = purchase_model_arg(fcinfo, model, fn);
    double *a[4], *edges, *cols[6];
    int n = float8_arrays(fcinfo, 1, 4, names, fn, a), n_edges;
    clv_check_options o;
    clv_diag diag;
    edges = float8_array(PG_GETARG_ARRAYTYPE_P(6), &n_edges, fn, "edges");
    if (n_edges < 2 || n_edges - 1 > CLV_CHECK_MAX_BINS) {
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("%s: edges must hold 2 to %d values", fn,
                               CLV_CHECK_MAX_BINS + 1)));
    }
    cols[0] = NULL;
    cols[1] = edges;
    cols[2] = edges + 1;
    cols[3] = palloc(n_edges * sizeof(double));
    cols[4] = palloc(n_edges * sizeof(double));
    cols[5] = palloc(n_edges * sizeof(double));
    check_options(&o, &diag);
    {
        clv_rfm_view v = {(size_t)n, a[0], a[1], a[2], NULL, NULL};
        check_done(clv_conditional_by_recency(&pm, &v, a[3], PG_GETARG_FLOAT8(5), edges,
                                              (size_t)n_edges - 1, &o, cols[3], cols[4],
                                              cols[5]),
                   fn, &diag);
    }
    emit_table(fcinfo, (size_t)n_edges - 1, 6, cols);
    return (Datum)0;
}

/* clv_frequency_recency_matrix(params, max_x, t_x[], T, horizon): (x, t_x, p_alive,
 * expected), one row a cell, x-major; NULL values in the cells no customer can have. */
static Datum frequency_recency_matrix(FunctionCallInfo fcinfo, int model) {
    const char *fn = "clv_frequency_recency_matrix";
    clv_purchase_model pm = purchase_model_arg(fcinfo, model, fn);
    int max_x = PG_GETARG_INT32(1), n_t, c;
    double *t_x = float8_array(PG_GETARG_ARRAYTYPE_P(2), &n_t, fn, "t_x");
    double *cols[4];
    int32_t *possible;
    size_t cells, i;
    clv_check_options o;
    clv_diag diag;
    if (max_x < 0 || max_x >= 100000 || n_t == 0 || (size_t)(max_x + 1) * n_t > 10000000) {
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("%s: 0 <= max_x < 100000, t_x not empty, at most 1e7 cells", fn)));
    }
    cells = (size_t)(max_x + 1) * n_t;
    for (c = 0; c < 4; c++) {
        cols[c] = palloc(cells * sizeof(double));
    }
    possible = palloc(cells * sizeof *possible);
    check_options(&o, &diag);
    check_done(clv_frequency_recency_matrix(&pm, (uint32_t)max_x, t_x, (size_t)n_t,
                                            PG_GETARG_FLOAT8(3), PG_GETARG_FLOAT8(4), &o,
                                            cols[2], cols[3], possible),
               fn, &diag);
    for (i = 0; i < cells; i++) {
        cols[0][i] = (double)(i / n_t);
        cols[1][i] = t_x[i % n_t];
        if (!possible[i]) {
            cols[2][i] = cols[3][i] = NAN; /* marked, not filled */
        }
    }
    emit_table(fcinfo, cells, 4, cols);
    return (Datum)0;
}

/* Largest base clv_simulate() draws in one call (its rows are materialized). */
#define SIMULATE_MAX_CUSTOMERS 10000000

/* clv_simulate(params, customers, T, holdout, seed): (customer, x, t_x, T, x_holdout), a base
 * drawn from the model's generative story (clv_sim_customers()) with xoshiro256** seeded by
 * seed: the same seed gives the same base. */
static Datum simulate(FunctionCallInfo fcinfo, int model) {
    const char *fn = "clv_simulate";
    clv_purchase_model pm = purchase_model_arg(fcinfo, model, fn);
    int32 n = PG_GETARG_INT32(1);
    double *cols[5];
    clv_sim_options o;
    clv_diag diag;
    clv_rng rng;
    int c;
    if (n < 1 || n > SIMULATE_MAX_CUSTOMERS) {
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("%s: customers must be 1..%d", fn, SIMULATE_MAX_CUSTOMERS)));
    }
    for (c = 1; c < 5; c++) {
        cols[c] = palloc(n * sizeof(double));
    }
    cols[0] = NULL;
    clv_sim_options_init(&o);
    clv_diag_init(&diag);
    o.T = PG_GETARG_FLOAT8(2);
    o.holdout = PG_GETARG_FLOAT8(3);
    o.diag = &diag;
    o.progress = check_progress;
    clv_rng_seed(&rng, (uint64_t)PG_GETARG_INT64(4));
    check_done(clv_sim_customers(&rng, &pm, NULL, &o, (size_t)n, NULL, cols[1], cols[2], NULL,
                                 cols[4], NULL),
               fn, &diag);
    for (c = 0; c < n; c++) {
        cols[3][c] = o.T;
    }
    emit_table(fcinfo, (size_t)n, 5, cols);
    return (Datum)0;
}

static const char *const interval_scale_names[3] = {"log", "natural", "logit"};
static const int interval_scale_codes[3] = {CLV_INTERVAL_LOG, CLV_INTERVAL_NATURAL,
                                            CLV_INTERVAL_LOGIT};

/* clv_interval(params, covariance, quantity, x, t_x, T, horizon, level, scale, delta):
 * (estimate, lower, upper, std_error) of one customer's prediction, by the delta method. */
static Datum interval(FunctionCallInfo fcinfo, int model) {
    static const char *const names[4] = {"p_alive", "expected_purchases", "expected_new",
                                         "dert"};
    static const int codes[4] = {CLV_INTERVAL_P_ALIVE, CLV_INTERVAL_EXPECTED_PURCHASES,
                                 CLV_INTERVAL_EXPECTED_NEW, CLV_INTERVAL_DERT};
    const char *fn = "clv_interval";
    clv_purchase_model pm = purchase_model_arg(fcinfo, model, fn);
    double *cov = covariance_arg(fcinfo, 1, 4, fn);
    int quantity = choice_arg(fcinfo, 2, names, codes, 4, fn, "quantity");
    double x = ARG(3), t_x = ARG(4), T = ARG(5), out[4], g[CLV_MAX_PARAMS];
    clv_interval_options o;
    clv_diag diag;
    uint32_t n;
    int st;
    clv_interval_options_init(&o);
    clv_diag_init(&diag);
    o.diag = &diag;
    o.horizon = ARG(6);
    o.level = ARG(7);
    o.scale = choice_arg(fcinfo, 8, interval_scale_names, interval_scale_codes, 3, fn, "scale");
    o.delta = ARG(9);
    st = clv_prediction_gradient(&pm, NULL, quantity, &o, x, t_x, T, 0.0, &out[0], g, NULL, &n);
    if (st == CLV_OK) {
        st = clv_delta_interval(out[0], g, n, cov, &o, &out[1], &out[2], &out[3]);
    }
    if (st != CLV_OK) {
        char *detail = diag_text(&diag);
        ereport(ERROR, (errcode(sqlstate_of(st)), errmsg("%s: %s", fn, clv_strerror(st)),
                        errdetail("The customer scored: x = %g, t_x = %g, T = %g%s%s.", x, t_x,
                                  T, detail ? "; " : "", detail ? detail : "")));
    }
    return return_doubles(fcinfo, out, 4);
}

/* clv_value_interval(params, spend, purchase_covariance, spend_covariance, x, t_x, T, monetary,
 * margin, discount_rate, period, horizon, level, scale): a customer's value with its interval;
 * the 7 x 7 covariance is block-diagonal from the two fits' (the models are fitted apart). */
static Datum value_interval(FunctionCallInfo fcinfo, int model) {
    const char *fn = "clv_value_interval";
    clv_purchase_model pm = purchase_model_arg(fcinfo, model, fn);
    double gv[3], *c4 = covariance_arg(fcinfo, 2, 4, fn), *c3 = covariance_arg(fcinfo, 3, 3, fn);
    double cov[49], x = ARG(4), t_x = ARG(5), T = ARG(6), monetary = ARG(7), out[4];
    double g[CLV_MAX_PARAMS];
    clv_gg_params spend;
    clv_value_options v;
    clv_interval_options o;
    clv_diag diag;
    uint32_t n;
    int i, j, st;
    if (!read_params(fcinfo, 1, gv, 3)) {
        ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
                        errmsg("%s: a spend parameter is NULL", fn)));
    }
    spend = gg_of(gv);
    memset(cov, 0, sizeof cov);
    for (i = 0; i < 4; i++) {
        for (j = 0; j < 4; j++) {
            cov[i * 7 + j] = c4[i * 4 + j];
        }
    }
    for (i = 0; i < 3; i++) {
        for (j = 0; j < 3; j++) {
            cov[(4 + i) * 7 + 4 + j] = c3[i * 3 + j];
        }
    }
    clv_value_options_init(&v);
    v.margin = ARG(8);
    v.discount_rate = ARG(9);
    v.period = ARG(10);
    v.horizon = ARG(11);
    clv_interval_options_init(&o);
    clv_diag_init(&diag);
    o.diag = &diag;
    o.value = &v;
    o.level = ARG(12);
    o.scale = choice_arg(fcinfo, 13, interval_scale_names, interval_scale_codes, 3, fn, "scale");
    o.progress = check_progress;
    st = clv_prediction_gradient(&pm, &spend, CLV_INTERVAL_VALUE, &o, x, t_x, T, monetary, &out[0],
                                 g, NULL, &n);
    if (st == CLV_OK) {
        st = clv_delta_interval(out[0], g, n, cov, &o, &out[1], &out[2], &out[3]);
    }
    if (st == CLV_ECANCELED) {
        CHECK_FOR_INTERRUPTS();
    }
    if (st != CLV_OK) {
        char *detail = diag_text(&diag);
        ereport(ERROR, (errcode(sqlstate_of(st)), errmsg("%s: %s", fn, clv_strerror(st)),
                        errdetail("The customer scored: x = %g, t_x = %g, T = %g, monetary = %g"
                                  "%s%s.", x, t_x, T, monetary, detail ? "; " : "",
                                  detail ? detail : "")));
    }
    return return_doubles(fcinfo, out, 4);
}

/* clv_sbg_interval(params, covariance, quantity, t, discount, level, scale): an sBG
 * prediction with its interval (clv_sbg_interval()). */
PG_FUNCTION_INFO_V1(pg_clv_sbg_interval);
Datum pg_clv_sbg_interval(PG_FUNCTION_ARGS) {
    static const char *const names[4] = {"survival", "retention", "del", "derl"};
    static const int codes[4] = {CLV_SBG_INTERVAL_SURVIVAL, CLV_SBG_INTERVAL_RETENTION,
                                 CLV_SBG_INTERVAL_DEL, CLV_SBG_INTERVAL_DERL};
    const char *fn = "clv_sbg_interval";
    double v[2], *cov, out[4];
    clv_sbg_params p;
    clv_interval_options o;
    clv_diag diag;
    int quantity;
    if (!read_params(fcinfo, 0, v, 2)) {
        ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
                        errmsg("%s: a parameter is NULL", fn)));
    }
    p = sbg_of(v);
    cov = covariance_arg(fcinfo, 1, 2, fn);
    quantity = choice_arg(fcinfo, 2, names, codes, 4, fn, "quantity");
    clv_interval_options_init(&o);
    clv_diag_init(&diag);
    o.diag = &diag;
    o.level = ARG(5);
    o.scale = choice_arg(fcinfo, 6, interval_scale_names, interval_scale_codes, 3, fn, "scale");
    check_diag(clv_sbg_interval(&p, cov, quantity, ARG(3), ARG(4), &o, &out[0], &out[1],
                                &out[2], &out[3]),
               fn, &diag);
    return return_doubles(fcinfo, out, 4);
}

#define CLV_PG_CHECKING2(model, tag)                                                           \
    PG_FUNCTION_INFO_V1(pg_clv_##model##_tracking);                                            \
    Datum pg_clv_##model##_tracking(PG_FUNCTION_ARGS) {                                        \
        return tracking(fcinfo, tag);                                                          \
    }                                                                                          \
    PG_FUNCTION_INFO_V1(pg_clv_##model##_conditional_by_recency);                              \
    Datum pg_clv_##model##_conditional_by_recency(PG_FUNCTION_ARGS) {                          \
        return conditional_by_recency(fcinfo, tag);                                            \
    }                                                                                          \
    PG_FUNCTION_INFO_V1(pg_clv_##model##_frequency_recency_matrix);                            \
    Datum pg_clv_##model##_frequency_recency_matrix(PG_FUNCTION_ARGS) {                        \
        return frequency_recency_matrix(fcinfo, tag);                                          \
    }                                                                                          \
    PG_FUNCTION_INFO_V1(pg_clv_##model##_simulate);                                            \
    Datum pg_clv_##model##_simulate(PG_FUNCTION_ARGS) {                                        \
        return simulate(fcinfo, tag);                                                          \
    }                                                                                          \
    PG_FUNCTION_INFO_V1(pg_clv_##model##_interval);                                            \
    Datum pg_clv_##model##_interval(PG_FUNCTION_ARGS) {                                        \
        return interval(fcinfo, tag);                                                          \
    }                                                                                          \
    PG_FUNCTION_INFO_V1(pg_clv_##model##_value_interval);                                      \
    Datum pg_clv_##model##_value_interval(PG_FUNCTION_ARGS) {                                  \
        return value_interval(fcinfo, tag);                                                    \
    }

CLV_PG_CHECKING2(bgnbd, CLV_MODEL_BGNBD)
CLV_PG_CHECKING2(pnbd, CLV_MODEL_PNBD)
CLV_PG_CHECKING2(mbgnbd, CLV_MODEL_MBGNBD)
CLV_PG_CHECKING2(bgbb, CLV_MODEL_BGBB)

/* clv_holdout_accuracy(predicted[], actual[]): (customers, mae, rmse, bias, correlation,
 * mean_predicted, mean_actual); correlation NULL where it is not defined. */
PG_FUNCTION_INFO_V1(pg_clv_holdout_accuracy);
Datum pg_clv_holdout_accuracy(PG_FUNCTION_ARGS) {
    static const char *const names[2] = {"predicted", "actual"};
    const char *fn = "clv_holdout_accuracy";
    double *a[2];
    int n = float8_arrays(fcinfo, 0, 2, names, fn, a);
    clv_check_options o;
    clv_diag diag;
    clv_accuracy acc;
    Datum fields[7];
    bool nulls[7] = {false, false, false, false, false, false, false};
    check_options(&o, &diag);
    check_done(clv_holdout_accuracy(a[0], a[1], NULL, (size_t)n, &o, &acc), fn, &diag);
    fields[0] = Float8GetDatum(acc.count);
    fields[1] = Float8GetDatum(acc.mae);
    fields[2] = Float8GetDatum(acc.rmse);
    fields[3] = Float8GetDatum(acc.bias);
    fields[4] = Float8GetDatum(acc.correlation);
    nulls[4] = acc.correlation_defined == 0.0;
    fields[5] = Float8GetDatum(acc.mean_predicted);
    fields[6] = Float8GetDatum(acc.mean_actual);
    return return_row(fcinfo, fields, nulls);
}

/* clv_calibration_table(predicted[], actual[], bins): (bin, lower_edge, upper_edge,
 * customers, mean_predicted, mean_actual), bins of equal size by the predictions' quantiles. */
PG_FUNCTION_INFO_V1(pg_clv_calibration_table);
Datum pg_clv_calibration_table(PG_FUNCTION_ARGS) {
    static const char *const names[2] = {"predicted", "actual"};
    const char *fn = "clv_calibration_table";
    double *a[2], *cols[6], *edges;
    int n = float8_arrays(fcinfo, 0, 2, names, fn, a), bins = PG_GETARG_INT32(2), c;
    clv_check_options o;
    clv_diag diag;
    if (bins < 1 || bins > CLV_CHECK_MAX_BINS) {
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("%s: bins must be 1..%d", fn, CLV_CHECK_MAX_BINS)));
    }
    edges = palloc((bins + 1) * sizeof *edges);
    for (c = 3; c < 6; c++) {
        cols[c] = palloc(bins * sizeof(double));
    }
    check_options(&o, &diag);
    check_done(clv_calibration_table(a[0], a[1], NULL, (size_t)n, NULL, (size_t)bins, &o, edges,
                                     cols[3], cols[4], cols[5]),
               fn, &diag);
    cols[0] = NULL;
    cols[1] = edges;
    cols[2] = edges + 1;
    emit_table(fcinfo, (size_t)bins, 6, cols);
    return (Datum)0;
}

/* clv_bass_interval(params, covariance, quantity, times[], level, scale): (time, estimate,
 * lower, upper, std_error) of a Bass forecast at each time (clv_bass_interval()). */
PG_FUNCTION_INFO_V1(pg_clv_bass_interval);
Datum pg_clv_bass_interval(PG_FUNCTION_ARGS) {
    static const char *const names[3] = {"cumulative", "period", "rate"};
    static const int codes[3] = {CLV_BASS_FORECAST_CUMULATIVE, CLV_BASS_FORECAST_PERIOD,
                                 CLV_BASS_FORECAST_RATE};
    const char *fn = "clv_bass_interval";
    double v[3], *cov, *times, *cols[5];
    clv_bass_params b;
    clv_interval_options o;
    clv_diag diag;
    int n, quantity, c;
    if (!read_params(fcinfo, 0, v, 3)) {
        ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
                        errmsg("%s: a parameter is NULL", fn)));
    }
    b = bass_of(v);
    cov = covariance_arg(fcinfo, 1, 3, fn);
    quantity = choice_arg(fcinfo, 2, names, codes, 3, fn, "quantity");
    times = float8_array(PG_GETARG_ARRAYTYPE_P(3), &n, fn, "times");
    clv_interval_options_init(&o);
    clv_diag_init(&diag);
    o.diag = &diag;
    o.progress = check_progress;
    o.level = ARG(4);
    o.scale = choice_arg(fcinfo, 5, interval_scale_names, interval_scale_codes, 3, fn, "scale");
    for (c = 1; c < 5; c++) {
        cols[c] = palloc((n > 0 ? n : 1) * sizeof(double));
    }
    cols[0] = times;
    check_done(clv_bass_interval(&b, cov, quantity, times, (size_t)n, &o, cols[1], cols[2],
                                 cols[3], cols[4]),
               fn, &diag);
    emit_table(fcinfo, (size_t)n, 5, cols);
    return (Datum)0;
}

/* ---- survival comparisons (churn.h, group clv_surv; issue 19) ------------------------- */

/* An int4[] argument as int32 values (no NULLs), its length in *n. */
static int32_t *int4_array(ArrayType *a, int *n, const char *function, const char *what) {
    Datum *elems;
    bool *nulls;
    int count, i;
    int32_t *v;
    if (ARR_NDIM(a) > 1) {
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("%s: %s must be a one-dimensional array", function, what)));
    }
    deconstruct_array(a, INT4OID, 4, true, TYPALIGN_INT, &elems, &nulls, &count);
    v = palloc((count > 0 ? count : 1) * sizeof *v);
    for (i = 0; i < count; i++) {
        if (nulls[i]) {
            ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
                            errmsg("%s: %s[%d] is NULL", function, what, i + 1)));
        }
        v[i] = DatumGetInt32(elems[i]);
    }
    *n = count;
    return v;
}

static int compare_int32(const void *a, const void *b) {
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

/* A survival status with the offending row (1-based, as SQL arrays count) in the message. */
static void check_surv(int status, const char *fn, size_t bad) {
    if (status == CLV_EDOM && bad != (size_t)-1) {
        ereport(ERROR, (errcode(sqlstate_of(status)),
                        errmsg("%s: %s", fn, clv_strerror(status)),
                        errdetail("Row %zu (array element %zu): exit negative or not finite, "
                                  "event not 0 or 1, or entry after exit.",
                                  bad, bad + 1)));
    }
    check(status, fn);
}

/* clv_nelson_aalen(exit[], event[], entry[] DEFAULT NULL): (time, at_risk, events, cum_hazard,
 * std_error, lower, upper), one row per distinct event time. */
PG_FUNCTION_INFO_V1(pg_clv_nelson_aalen);
Datum pg_clv_nelson_aalen(PG_FUNCTION_ARGS) {
    const char *fn = "clv_nelson_aalen";
    int n, n_event, n_entry = 0;
    double *exit_t, *entry = NULL;
    int32_t *event;
    size_t bytes, n_rows = 0, bad = (size_t)-1;
    clv_na_row *rows;
    double *cols[7];
    size_t r;
    if (PG_ARGISNULL(0) || PG_ARGISNULL(1)) {
        PG_RETURN_NULL();
    }
    exit_t = float8_array(PG_GETARG_ARRAYTYPE_P(0), &n, fn, "exit");
    event = int4_array(PG_GETARG_ARRAYTYPE_P(1), &n_event, fn, "event");
    if (!PG_ARGISNULL(2)) {
        entry = float8_array(PG_GETARG_ARRAYTYPE_P(2), &n_entry, fn, "entry");
    }
    if (n_event != n || (entry != NULL && n_entry != n) || n == 0) {
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("%s: exit, event (and entry) must be non-empty and of one length",
                               fn)));
    }
    {
        clv_surv_data d = {(size_t)n, exit_t, event, entry, NULL, NULL, NULL};
        void *ws;
        check(clv_surv_workspace_size((size_t)n, &bytes), fn);
        ws = palloc(bytes);
        rows = palloc((size_t)n * sizeof *rows);
        check_surv(clv_nelson_aalen(&d, 0.95, ws, bytes, rows, (size_t)n, &n_rows, &bad), fn,
                   bad);
    }
    for (r = 0; r < 7; r++) {
        cols[r] = palloc((n_rows > 0 ? n_rows : 1) * sizeof(double));
    }
    for (r = 0; r < n_rows; r++) {
        cols[0][r] = rows[r].time;
        cols[1][r] = rows[r].at_risk;
        cols[2][r] = rows[r].events;
        cols[3][r] = rows[r].cum_hazard;
        cols[4][r] = rows[r].std_error;
        cols[5][r] = rows[r].lower;
        cols[6][r] = rows[r].upper;
    }
    emit_table(fcinfo, n_rows, 7, cols);
    return (Datum)0;
}

/* clv_logrank(exit[], event[], grp[], rho, gamma, stratum[] DEFAULT NULL): (grp, observed,
 * expected, statistic, df, p_value), one row per distinct group label (labels any int4,
 * in ascending order; the test's figures repeated on each row). */
PG_FUNCTION_INFO_V1(pg_clv_logrank);
Datum pg_clv_logrank(PG_FUNCTION_ARGS) {
    const char *fn = "clv_logrank";
    int n, n_event, n_group, n_stratum = 0, i, k = 0;
    double *exit_t;
    int32_t *event, *label, *group, *sorted, *stratum = NULL;
    double observed[CLV_LOGRANK_MAX_GROUPS], expected[CLV_LOGRANK_MAX_GROUPS];
    double *cols[6];
    clv_logrank_result res;
    size_t bytes, bad = (size_t)-1;
    if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3) ||
        PG_ARGISNULL(4)) {
        PG_RETURN_NULL();
    }
    exit_t = float8_array(PG_GETARG_ARRAYTYPE_P(0), &n, fn, "exit");
    event = int4_array(PG_GETARG_ARRAYTYPE_P(1), &n_event, fn, "event");
    label = int4_array(PG_GETARG_ARRAYTYPE_P(2), &n_group, fn, "grp");
    if (!PG_ARGISNULL(5)) {
        stratum = int4_array(PG_GETARG_ARRAYTYPE_P(5), &n_stratum, fn, "stratum");
    }
    if (n_event != n || n_group != n || (stratum != NULL && n_stratum != n) || n == 0) {
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("%s: exit, event, grp (and stratum) must be non-empty and of one "
                               "length", fn)));
    }
    /* the distinct labels, ascending: group codes 0 .. k-1 */
    sorted = palloc(n * sizeof *sorted);
    memcpy(sorted, label, n * sizeof *sorted);
    qsort(sorted, n, sizeof *sorted, compare_int32);
    for (i = 0; i < n; i++) {
        if (i == 0 || sorted[i] != sorted[i - 1]) {
            if (k == CLV_LOGRANK_MAX_GROUPS) {
                ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                                errmsg("%s: more than %d groups", fn, CLV_LOGRANK_MAX_GROUPS)));
            }
            sorted[k++] = sorted[i];
        }
    }
    group = palloc(n * sizeof *group);
    for (i = 0; i < n; i++) {
        int32_t *at = bsearch(&label[i], sorted, k, sizeof *sorted, compare_int32);
        group[i] = (int32_t)(at - sorted);
    }
    {
        clv_surv_data d = {(size_t)n, exit_t, event, NULL, NULL, group, stratum};
        void *ws;
        check(clv_surv_workspace_size((size_t)n, &bytes), fn);
        ws = palloc(bytes);
        check_surv(clv_logrank_test(&d, (uint32_t)k, PG_GETARG_FLOAT8(3), PG_GETARG_FLOAT8(4),
                                    ws, bytes, observed, expected, &res, &bad),
                   fn, bad);
    }
    for (i = 0; i < 6; i++) {
        cols[i] = palloc(k * sizeof(double));
    }
    for (i = 0; i < k; i++) {
        cols[0][i] = sorted[i];
        cols[1][i] = observed[i];
        cols[2][i] = expected[i];
        cols[3][i] = res.statistic;
        cols[4][i] = res.df;
        cols[5][i] = res.p_value;
    }
    emit_table(fcinfo, (size_t)k, 6, cols);
    return (Datum)0;
}
