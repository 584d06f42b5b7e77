/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Diagnostic records (clv.h, "Diagnostics"): clearing, filling, and the one sentence
 * clv_diag_format() makes of them. No allocation, no state: the text is assembled piece by
 * piece into the caller's buffer, counting the full length as snprintf() does.
 */
#include "core/diag.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/options.h"

int clv_diag_init(clv_diag *diag) {
    if (diag == NULL) {
        return CLV_EINVAL;
    }
    memset(diag, 0, sizeof *diag);
    diag->struct_size = (uint32_t)sizeof *diag;
    return CLV_OK;
}

void clv__diag_clear(clv_diag *diag) {
    if (clv__diag_writable(diag)) {
        diag->status = 0;
        diag->field = CLV_FIELD_NONE;
        diag->rule = CLV_RULE_NONE;
        diag->has_row = 0;
        diag->row = 0;
        diag->value = 0.0;
        diag->limit = 0.0;
    }
}

int clv__diag_set(clv_diag *diag, int status, int field, int rule, double value, double limit) {
    if (clv__diag_writable(diag)) {
        diag->status = status;
        diag->field = field;
        diag->rule = rule;
        diag->has_row = 0;
        diag->row = 0;
        diag->value = value;
        diag->limit = limit;
    }
    return status;
}

int clv__diag_row(clv_diag *diag, int status, int field, int rule, uint64_t row, double value,
                  double limit) {
    if (clv__diag_writable(diag)) {
        clv__diag_set(diag, status, field, rule, value, limit);
        diag->has_row = 1;
        diag->row = row;
    }
    return status;
}

/* ---- formatting ------------------------------------------------------------------------ */

/* The text so far: what fits in buffer[0, size - 1), and the full length. */
typedef struct writer {
    char *buffer;
    size_t size;
    size_t length;
} writer;

static void put(writer *w, const char *s) {
    size_t n = strlen(s);
    if (w->length < w->size) {
        size_t room = w->size - 1 - w->length; /* keep one byte for the NUL */
        memcpy(w->buffer + w->length, s, n < room ? n : room);
    }
    w->length += n;
}

/* A number with up to 15 significant digits, or 17 when 15 do not give it back exactly. */
static void put_number(writer *w, double v) {
    char text[40];
    if (isnan(v)) {
        put(w, "NaN");
        return;
    }
    if (isinf(v)) {
        put(w, v > 0 ? "infinity" : "-infinity");
        return;
    }
    snprintf(text, sizeof text, "%.15g", v);
    if (strtod(text, NULL) != v) {
        snprintf(text, sizeof text, "%.17g", v);
    }
    put(w, text);
}

static void put_index(writer *w, uint64_t i) {
    char text[24];
    snprintf(text, sizeof text, "%llu", (unsigned long long)i);
    put(w, text);
}

static const char *field_name(int field) {
    switch (field) {
    case CLV_FIELD_X:
        return "x";
    case CLV_FIELD_T_X:
        return "t_x";
    case CLV_FIELD_T:
        return "T";
    case CLV_FIELD_MONETARY:
        return "monetary";
    case CLV_FIELD_WEIGHT:
        return "weight";
    case CLV_FIELD_CUSTOMER:
        return "customer";
    case CLV_FIELD_TIME:
        return "time";
    case CLV_FIELD_AMOUNT:
        return "amount";
    case CLV_FIELD_ORDER:
        return "order";
    case CLV_FIELD_PARAMS:
        return "parameter";
    case CLV_FIELD_OPTIONS:
        return "option";
    case CLV_FIELD_PERIOD:
        return "period";
    case CLV_FIELD_COUNT:
        return "count";
    case CLV_FIELD_STATE:
        return "state";
    case CLV_FIELD_CALIBRATION_END:
        return "calibration_end";
    case CLV_FIELD_HOLDOUT_END:
        return "holdout_end";
    case CLV_FIELD_FLAG:
        return "flag";
    case CLV_FIELD_MAX_ITERATIONS:
        return "max_iterations";
    case CLV_FIELD_TOLERANCE:
        return "tolerance";
    case CLV_FIELD_PENALTY:
        return "penalty";
    case CLV_FIELD_START:
        return "start";
    case CLV_FIELD_COVARIANCE:
        return "covariance";
    case CLV_FIELD_HOLDOUT:
        return "holdout";
    case CLV_FIELD_TRANSACTIONS:
        return "transactions";
    case CLV_FIELD_BIRTH:
        return "birth";
    case CLV_FIELD_PREDICTED:
        return "predicted";
    case CLV_FIELD_ACTUAL:
        return "actual";
    case CLV_FIELD_EDGES:
        return "edges";
    case CLV_FIELD_EXPECTED:
        return "expected";
    case CLV_FIELD_GRID:
        return "grid";
    case CLV_FIELD_HORIZON:
        return "horizon";
    case CLV_FIELD_DURATION:
        return "duration";
    case CLV_FIELD_CHURNED:
        return "churned";
    case CLV_FIELD_ALIVE:
        return "alive";
    case CLV_FIELD_COHORT:
        return "cohort";
    case CLV_FIELD_ADOPTERS:
        return "adopters";
    case CLV_FIELD_METHOD:
        return "method";
    case CLV_FIELD_MODEL:
        return "model";
    default:
        return NULL;
    }
}

/* Where: "row 12: ", "transaction 12: " (customer, time, amount), "order[12]: ", "start[1]: "
 * or "params[1]: " (a parameter in the model's order). */
static void put_location(writer *w, const clv_diag *d) {
    if (!d->has_row) {
        return;
    }
    if (d->field == CLV_FIELD_ALIVE || d->field == CLV_FIELD_COHORT) {
        /* sBG survivor counts: the cohort, and for alive the period (row = cohort 2^32 + t) */
        put(w, "cohort ");
        put_index(w, d->field == CLV_FIELD_ALIVE ? d->row >> 32 : d->row);
        if (d->field == CLV_FIELD_ALIVE) {
            put(w, ", alive[");
            put_index(w, d->row & 0xffffffffu);
            put(w, "]");
        }
        put(w, ": ");
        return;
    }
    if (d->field == CLV_FIELD_ADOPTERS) { /* counts[i]: the adopters of period (i, i+1] */
        put(w, "counts[");
        put_index(w, d->row);
        put(w, "]: ");
        return;
    }
    if (d->field == CLV_FIELD_ORDER || d->field == CLV_FIELD_START ||
        d->field == CLV_FIELD_PARAMS || d->field == CLV_FIELD_COVARIANCE ||
        d->field == CLV_FIELD_BIRTH || d->field == CLV_FIELD_PREDICTED ||
        d->field == CLV_FIELD_ACTUAL || d->field == CLV_FIELD_EDGES ||
        d->field == CLV_FIELD_EXPECTED || d->field == CLV_FIELD_GRID) {
        put(w, d->field == CLV_FIELD_ORDER        ? "order["
               : d->field == CLV_FIELD_START      ? "start["
               : d->field == CLV_FIELD_COVARIANCE ? "covariance["
               : d->field == CLV_FIELD_PARAMS     ? "params["
                                                  : field_name(d->field));
        if (d->field != CLV_FIELD_ORDER && d->field != CLV_FIELD_START &&
            d->field != CLV_FIELD_COVARIANCE && d->field != CLV_FIELD_PARAMS) {
            put(w, "[");
        }
        put_index(w, d->row);
        put(w, "]: ");
        return;
    }
    int log = d->field == CLV_FIELD_CUSTOMER || d->field == CLV_FIELD_TIME ||
              d->field == CLV_FIELD_AMOUNT;
    put(w, log ? "transaction " : "row ");
    put_index(w, d->row);
    put(w, ": ");
}

/* "<field> is <value>, " */
static void put_is(writer *w, const char *name, double value) {
    put(w, name);
    put(w, " is ");
    put_number(w, value);
    put(w, ", ");
}

static const char *const sort_hint =
    " (sort the log by customer, then time, or read it through clv_rfm_order())";

/* The sentence after the location; 0 when the field or rule is not one this version knows. */
static int put_rule(writer *w, const clv_diag *d) {
    const char *name = field_name(d->field);
    switch (d->rule) {
    case CLV_RULE_MISSING:
        if (name == NULL) {
            return 0;
        }
        put(w, "the ");
        put(w, name);
        put(w, " argument or column is null, and is required");
        return 1;
    case CLV_RULE_EMPTY:
        put(w, "the table is empty (count = 0); at least one row is required");
        return 1;
    case CLV_RULE_NOT_FINITE:
    case CLV_RULE_NEGATIVE:
    case CLV_RULE_NOT_WHOLE:
    case CLV_RULE_NOT_POSITIVE:
    case CLV_RULE_BELOW_MIN:
    case CLV_RULE_ABOVE_MAX:
        if (name == NULL) {
            return 0;
        }
        put_is(w, name, d->value);
        if (d->rule == CLV_RULE_NOT_FINITE) {
            put(w, "must be a finite number");
        } else if (d->rule == CLV_RULE_NEGATIVE) {
            put(w, "must be >= 0");
        } else if (d->rule == CLV_RULE_NOT_WHOLE) {
            put(w, "must be a whole number");
        } else if (d->rule == CLV_RULE_NOT_POSITIVE) {
            put(w, d->field == CLV_FIELD_MONETARY ? "must be > 0 where x > 0" : "must be > 0");
        } else {
            put(w, d->rule == CLV_RULE_BELOW_MIN ? "must be >= " : "must be <= ");
            put_number(w, d->limit);
        }
        return 1;
    case CLV_RULE_RECENCY_ABOVE_T:
        put_is(w, "t_x", d->value);
        put(w, "must be <= T (");
        put_number(w, d->limit);
        put(w, "): the last purchase cannot come after the end of observation");
        return 1;
    case CLV_RULE_RECENCY_WITHOUT_REPEAT:
        put_is(w, "t_x", d->value);
        put(w, "must be 0 where x = 0 (no repeat purchase, so no recency)");
        return 1;
    case CLV_RULE_X_ABOVE_RECENCY:
        put_is(w, "x", d->value);
        put(w, "must be <= t_x (");
        put_number(w, d->limit);
        put(w, "): at most one purchase per opportunity");
        return 1;
    case CLV_RULE_OUT_OF_ORDER:
        put(w, "purchase at ");
        put_number(w, d->value);
        put(w, " precedes the customer's last purchase at ");
        put_number(w, d->limit);
        put(w, " (purchases must come in time order)");
        return 1;
    case CLV_RULE_NOT_SORTED:
        if (d->field == CLV_FIELD_BIRTH || d->field == CLV_FIELD_GRID ||
            d->field == CLV_FIELD_EDGES) {
            put(w, name);
            put(w, " ");
            put_number(w, d->value);
            put(w, d->field == CLV_FIELD_EDGES ? " does not exceed the one before, "
                                               : " precedes the one before, ");
            put_number(w, d->limit);
            put(w, d->field == CLV_FIELD_EDGES ? ": edges must strictly increase"
                                               : ": the values must be in ascending order");
            return 1;
        }
        if (d->field == CLV_FIELD_CUSTOMER) {
            put(w, "customer ");
            put_number(w, d->value);
            put(w, " comes after customer ");
            put_number(w, d->limit);
        } else {
            put(w, "time ");
            put_number(w, d->value);
            put(w, " precedes the same customer's previous transaction at ");
            put_number(w, d->limit);
        }
        put(w, sort_hint);
        return 1;
    case CLV_RULE_INDEX_OUT_OF_RANGE:
        put(w, "index ");
        put_number(w, d->value);
        put(w, " is out of range, must be < ");
        put_number(w, d->limit);
        return 1;
    case CLV_RULE_TIE_NOT_MONOTONE:
        put(w, "index ");
        put_number(w, d->value);
        put(w, " follows index ");
        put_number(w, d->limit);
        put(w, " within transactions of equal customer and time, whose indices must strictly "
               "rise or strictly fall (a repeated index, or a shuffled tie)");
        return 1;
    case CLV_RULE_NO_INFORMATION:
        put(w, "the data carry no information about the parameters (every weight is 0, or "
               "every customer was observed for no time)");
        return 1;
    case CLV_RULE_NO_REPEAT_BUYER:
        put(w, "no customer with x > 0 and weight > 0: the spend model is fitted on repeat "
               "buyers' mean spend only");
        return 1;
    case CLV_RULE_NOT_CONVERGED:
        if (d->field == CLV_FIELD_TOLERANCE) {
            put(w, "fit did not converge: the last full Newton step would change a parameter by ");
            put_number(w, d->value);
            put(w, " (relative), above the convergence limit ");
            put_number(w, d->limit);
            put(w, " (raise max_iterations, loosen tolerance or give a start)");
            return 1;
        }
        put(w, "fit did not converge: gradient norm ");
        put_number(w, d->value);
        put(w, " above the convergence limit ");
        put_number(w, d->limit);
        put(w, " (raise max_iterations, loosen tolerance or give a start)");
        return 1;
    case CLV_RULE_OVERFLOW:
        if (name == NULL) {
            return 0;
        }
        put(w, name);
        put(w, " ");
        put_number(w, d->value);
        if (d->field == CLV_FIELD_TIME) {
            put(w, ": its period start or its distance to another time overflows (a period "
                   "tiny against the times?)");
        } else if (d->field == CLV_FIELD_AMOUNT) {
            put(w, ": a running sum of amounts overflows");
        } else if (d->field == CLV_FIELD_ADOPTERS) {
            put(w, ": the total of the adopters overflows");
        } else {
            put(w, ": a result overflows");
        }
        return 1;
    case CLV_RULE_BAD_FLAG:
        if (name == NULL) {
            return 0;
        }
        put_is(w, name, d->value);
        put(w, "must be 0 or 1");
        return 1;
    case CLV_RULE_RUNS_OFF:
        put(w, "the estimate runs off to the edge of the parameter space: it reached ");
        put_number(w, d->value);
        put(w, ", outside [1/");
        put_number(w, d->limit);
        put(w, ", ");
        put_number(w, d->limit);
        put(w, "], and the data do not pin it down (the likelihood keeps rising towards a "
               "limit: too few customers, or no sign of the heterogeneity or dropout the "
               "model describes)");
        return 1;
    case CLV_RULE_INCOMPLETE_PAIR:
        put(w, "alloc and dealloc must be set together (one allocator hook without the "
               "other)");
        return 1;
    case CLV_RULE_BAD_STATE:
        put(w, "the running summary is not one clv_rfm_state_init() and clv_rfm_update() "
               "can produce (uninitialised or corrupted)");
        return 1;
    case CLV_RULE_NOT_SYMMETRIC:
        put(w, "covariance is not symmetric: ");
        put_number(w, d->value);
        put(w, " against ");
        put_number(w, d->limit);
        put(w, " in the mirror-image entry");
        return 1;
    case CLV_RULE_NOT_POSITIVE_DEFINITE:
        put(w, "covariance not positive definite");
        if (d->has_row) {
            put(w, " (the Cholesky factorisation breaks down at this pivot, remainder ");
            put_number(w, d->value);
            put(w, ")");
        }
        return 1;
    case CLV_RULE_NO_VALID_DRAW:
        put(w, "no draw with every parameter > 0 in ");
        put_number(w, d->limit);
        put(w, " tries (standard errors large against the estimate: draw on the log scale)");
        return 1;
    case CLV_RULE_TOO_FEW_BINS:
        put(w, "only ");
        put_number(w, d->value);
        put(w, " groups of bins are left after merging bins to the minimum expected count, "
               "and ");
        put_number(w, d->limit);
        put(w, " are needed for a degree of freedom (more bins, or a lower min_expected)");
        return 1;
    case CLV_RULE_INCREASING:
        if (name == NULL) {
            return 0;
        }
        put_is(w, name, d->value);
        put(w, "above the count before it, ");
        put_number(w, d->limit);
        put(w, ": survivors cannot increase");
        return 1;
    case CLV_RULE_NO_CHURN:
        put(w, "no customer churned (every duration censored, or survivor counts that never "
               "fall): the likelihood keeps rising as alpha -> 0, so the fit has no maximum");
        return 1;
    case CLV_RULE_RESERVED:
        put(w, "the reserved member is ");
        put_number(w, d->value);
        put(w, ", must be 0");
        return 1;
    case CLV_RULE_CONFLICT:
        if (name == NULL) {
            return 0;
        }
        put_is(w, name, d->value);
        if (d->field == CLV_FIELD_MODEL) {
            put(w, "not allowed with method ");
            put_number(w, d->limit);
            put(w, " (maximum likelihood fits the interval form, model 0, only)");
        } else {
            put(w, "not allowed with the other option's value ");
            put_number(w, d->limit);
        }
        return 1;
    case CLV_RULE_NOT_ABOVE:
        if (name == NULL) {
            return 0;
        }
        put_is(w, name, d->value);
        put(w, "must be > ");
        put_number(w, d->limit);
        return 1;
    case CLV_RULE_ALL_ZERO:
        if (d->field == CLV_FIELD_ADOPTERS) {
            put(w, "no adopters in any period (every count is 0): nothing to fit");
            return 1;
        }
        if (name == NULL) {
            return 0;
        }
        put(w, "every ");
        put(w, name);
        put(w, " value is 0: nothing to fit");
        return 1;
    case CLV_RULE_TOO_SMALL:
        put(w, "the output table holds ");
        put_number(w, d->limit);
        put(w, " rows, and ");
        put_number(w, d->value);
        put(w, " are needed");
        return 1;
    default:
        return 0;
    }
}

int clv_diag_format(const clv_diag *diag, char *buffer, size_t size, size_t *length) {
    clv__options_header head;
    if (diag == NULL || (buffer == NULL && size > 0)) {
        return CLV_EINVAL;
    }
    memcpy(&head, diag, sizeof head);
    if (head.struct_size < sizeof(clv_diag) || head.reserved != 0) {
        return CLV_ESTRUCT;
    }
    writer w = {buffer, size, 0};
    if (diag->status == 0) {
        put(&w, "no diagnostic recorded");
    } else {
        put_location(&w, diag);
        if (!put_rule(&w, diag)) {
            put(&w, clv_strerror(diag->status));
        }
    }
    if (size > 0) {
        buffer[w.length < size ? w.length : size - 1] = '\0';
    }
    if (length != NULL) {
        *length = w.length;
    }
    return CLV_OK;
}
