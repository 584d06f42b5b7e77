/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/* Version, status messages and the table of named constants for FFI callers. */
#include <string.h>

#include "churn.h"
#include "clv.h"
#include "referral.h"

#define CLV_STR2(x) #x
#define CLV_STR(x) CLV_STR2(x)

int clv_version(void) {
    return CLV_VERSION_NUMBER;
}

const char *clv_version_string(void) {
    return CLV_STR(CLV_VERSION_MAJOR) "." CLV_STR(CLV_VERSION_MINOR) "." CLV_STR(CLV_VERSION_PATCH);
}

const char *clv_strerror(int status) {
    switch (status) {
    case CLV_OK:
        return "success";
    case CLV_EINVAL:
        return "invalid argument: a null pointer, an unknown flag, an empty array, a "
               "non-integer where a whole number is required, or input out of order (a "
               "transaction log not sorted by customer and time, a purchase earlier than the "
               "customer's last one)";
    case CLV_EDOM:
        return "value outside the domain: NaN, infinity, a negative count, a rate outside "
               "[0, 1], a zero denominator, or a table row breaking a rule (t_x > T, t_x > 0 "
               "with x = 0, monetary <= 0 where x > 0)";
    case CLV_ENOCONV:
        return "an iteration, fit or series did not converge within its documented limit "
               "(for a fit: raise max_iterations, loosen tolerance or give a start; the "
               "report holds the best point found)";
    case CLV_ERANGE:
        return "result not representable as a finite number (an overflow: e.g. sums of "
               "amounts or weights beyond 1.8e308, or a period tiny against the times)";
    case CLV_ECANCELED:
        return "cancelled by the caller (its progress callback returned non-zero)";
    case CLV_ESTRUCT:
        return "options struct of an unknown size, or with non-zero fields this version "
               "does not know (fill it with its ..._options_init() function)";
    case CLV_ENOMEM:
        return "a caller-provided workspace or output table is too small (the call reports "
               "the size needed), or an allocator hook failed";
    case CLV_EDIVERGE:
        return "the infinite sum diverges for these inputs (e.g. retention 1 with no "
               "discounting)";
    case CLV_EIDENT:
        return "the data cannot identify the model: they carry no information about its "
               "parameters (every weight is 0, every customer observed for no time, or no "
               "repeat buyer for the spend model)";
    default:
        return "unknown status";
    }
}

/* Every public macro an FFI caller may need, by its name in the headers. */
typedef struct clv_named_constant {
    const char *name;
    double value;
} clv_named_constant;

#define CLV_NAMED(macro)                                                                           \
    { #macro, (double)(macro) }

static const clv_named_constant clv_constants[] = {
    CLV_NAMED(CLV_VERSION_MAJOR),
    CLV_NAMED(CLV_VERSION_MINOR),
    CLV_NAMED(CLV_VERSION_PATCH),
    CLV_NAMED(CLV_VERSION_NUMBER),
    CLV_NAMED(CLV_OK),
    CLV_NAMED(CLV_EINVAL),
    CLV_NAMED(CLV_EDOM),
    CLV_NAMED(CLV_ENOCONV),
    CLV_NAMED(CLV_ERANGE),
    CLV_NAMED(CLV_ECANCELED),
    CLV_NAMED(CLV_ESTRUCT),
    CLV_NAMED(CLV_ENOMEM),
    CLV_NAMED(CLV_EDIVERGE),
    CLV_NAMED(CLV_EIDENT),
    CLV_NAMED(CLV_MARGIN_END),
    CLV_NAMED(CLV_MARGIN_START),
    CLV_NAMED(CLV_MAX_PARAMS),
    CLV_NAMED(CLV_MODEL_BGNBD),
    CLV_NAMED(CLV_MODEL_PNBD),
    CLV_NAMED(CLV_MODEL_MBGNBD),
    CLV_NAMED(CLV_MODEL_BGBB),
    CLV_NAMED(CLV_MODEL_GG),
    CLV_NAMED(CLV_MODEL_SBG),
    CLV_NAMED(CLV_FIT_EVALUATE),
    CLV_NAMED(CLV_FIT_DONE),
    CLV_NAMED(CLV_BGBB_MAX_OPPORTUNITIES),
    CLV_NAMED(CLV_CHURN_START),
    CLV_NAMED(CLV_CHURN_AVERAGE),
    CLV_NAMED(CLV_CHURN_EXPOSED),
    CLV_NAMED(CLV_LOGRANK_MAX_GROUPS),
    CLV_NAMED(CLV_WOM_TOLD_SATISFIED),
    CLV_NAMED(CLV_WOM_TOLD_DISSATISFIED),
    CLV_NAMED(CLV_MARKOV_MAX_STATES),
    CLV_NAMED(CLV_MARKOV_ROW_TOLERANCE),
    CLV_NAMED(CLV_MARKOV_MAX_HORIZON),
    CLV_NAMED(CLV_VALUE_ROWS_PER_PROGRESS),
    CLV_NAMED(CLV_RFM_UNITS_PER_PROGRESS),
    CLV_NAMED(CLV_CHURN_REASON_SERVICE),
    CLV_NAMED(CLV_CHURN_REASON_TREATMENT),
    CLV_NAMED(CLV_CHURN_REASON_PRICE),
    CLV_NAMED(CLV_CHURN_REASON_MOVED),
    CLV_NAMED(CLV_CHURN_REASON_OTHER),
    CLV_NAMED(CLV_CHURN_REASON_COUNT),
    CLV_NAMED(CLV_BASS_NLS),
    CLV_NAMED(CLV_BASS_ML),
    CLV_NAMED(CLV_BASS_INTERVAL),
    CLV_NAMED(CLV_BASS_DENSITY),
    CLV_NAMED(CLV_BASS_MIN_PERIODS),
    CLV_NAMED(CLV_FIELD_NONE),
    CLV_NAMED(CLV_FIELD_X),
    CLV_NAMED(CLV_FIELD_T_X),
    CLV_NAMED(CLV_FIELD_T),
    CLV_NAMED(CLV_FIELD_MONETARY),
    CLV_NAMED(CLV_FIELD_WEIGHT),
    CLV_NAMED(CLV_FIELD_CUSTOMER),
    CLV_NAMED(CLV_FIELD_TIME),
    CLV_NAMED(CLV_FIELD_AMOUNT),
    CLV_NAMED(CLV_FIELD_ORDER),
    CLV_NAMED(CLV_FIELD_PARAMS),
    CLV_NAMED(CLV_FIELD_OPTIONS),
    CLV_NAMED(CLV_FIELD_PERIOD),
    CLV_NAMED(CLV_FIELD_COUNT),
    CLV_NAMED(CLV_FIELD_STATE),
    CLV_NAMED(CLV_FIELD_CALIBRATION_END),
    CLV_NAMED(CLV_FIELD_HOLDOUT_END),
    CLV_NAMED(CLV_FIELD_FLAG),
    CLV_NAMED(CLV_FIELD_MAX_ITERATIONS),
    CLV_NAMED(CLV_FIELD_TOLERANCE),
    CLV_NAMED(CLV_FIELD_PENALTY),
    CLV_NAMED(CLV_FIELD_START),
    CLV_NAMED(CLV_FIELD_BIRTH),
    CLV_NAMED(CLV_FIELD_HOLDOUT),
    CLV_NAMED(CLV_FIELD_PREDICTED),
    CLV_NAMED(CLV_FIELD_ACTUAL),
    CLV_NAMED(CLV_FIELD_EDGES),
    CLV_NAMED(CLV_FIELD_EXPECTED),
    CLV_NAMED(CLV_FIELD_GRID),
    CLV_NAMED(CLV_FIELD_HORIZON),
    CLV_NAMED(CLV_RULE_NONE),
    CLV_NAMED(CLV_RULE_MISSING),
    CLV_NAMED(CLV_RULE_EMPTY),
    CLV_NAMED(CLV_RULE_NOT_FINITE),
    CLV_NAMED(CLV_RULE_NEGATIVE),
    CLV_NAMED(CLV_RULE_NOT_WHOLE),
    CLV_NAMED(CLV_RULE_NOT_POSITIVE),
    CLV_NAMED(CLV_RULE_RECENCY_ABOVE_T),
    CLV_NAMED(CLV_RULE_RECENCY_WITHOUT_REPEAT),
    CLV_NAMED(CLV_RULE_OUT_OF_ORDER),
    CLV_NAMED(CLV_RULE_NOT_SORTED),
    CLV_NAMED(CLV_RULE_NO_INFORMATION),
    CLV_NAMED(CLV_RULE_NO_REPEAT_BUYER),
    CLV_NAMED(CLV_RULE_NOT_CONVERGED),
    CLV_NAMED(CLV_RULE_INDEX_OUT_OF_RANGE),
    CLV_NAMED(CLV_RULE_TIE_NOT_MONOTONE),
    CLV_NAMED(CLV_RULE_OVERFLOW),
    CLV_NAMED(CLV_RULE_BAD_FLAG),
    CLV_NAMED(CLV_RULE_BAD_STATE),
    CLV_NAMED(CLV_RULE_BELOW_MIN),
    CLV_NAMED(CLV_RULE_ABOVE_MAX),
    CLV_NAMED(CLV_RULE_TOO_SMALL),
    CLV_NAMED(CLV_RULE_X_ABOVE_RECENCY),
    CLV_NAMED(CLV_RULE_INCOMPLETE_PAIR),
    CLV_NAMED(CLV_RULE_RUNS_OFF),
    CLV_NAMED(CLV_FIELD_COVARIANCE),
    CLV_NAMED(CLV_FIELD_TRANSACTIONS),
    CLV_NAMED(CLV_RULE_NOT_SYMMETRIC),
    CLV_NAMED(CLV_RULE_NOT_POSITIVE_DEFINITE),
    CLV_NAMED(CLV_RULE_NO_VALID_DRAW),
    CLV_NAMED(CLV_RNG_POISSON_MAX_MEAN),
    CLV_NAMED(CLV_SIM_CUSTOMERS_PER_PROGRESS),
    CLV_NAMED(CLV_DRAW_NATURAL),
    CLV_NAMED(CLV_DRAW_LOG),
    CLV_NAMED(CLV_DRAW_MAX_TRIES),
    CLV_NAMED(CLV_SBG_SIMULATE_MAX_COHORT),
    CLV_NAMED(CLV_RULE_TOO_FEW_BINS),
    CLV_NAMED(CLV_CHECK_MAX_BINS),
    CLV_NAMED(CLV_INTERVAL_P_ALIVE),
    CLV_NAMED(CLV_INTERVAL_EXPECTED_PURCHASES),
    CLV_NAMED(CLV_INTERVAL_EXPECTED_NEW),
    CLV_NAMED(CLV_INTERVAL_DERT),
    CLV_NAMED(CLV_INTERVAL_SPEND),
    CLV_NAMED(CLV_INTERVAL_VALUE),
    CLV_NAMED(CLV_INTERVAL_PROB_PURCHASES),
    CLV_NAMED(CLV_INTERVAL_LOG),
    CLV_NAMED(CLV_INTERVAL_NATURAL),
    CLV_NAMED(CLV_INTERVAL_LOGIT),
    CLV_NAMED(CLV_SBG_INTERVAL_SURVIVAL),
    CLV_NAMED(CLV_SBG_INTERVAL_RETENTION),
    CLV_NAMED(CLV_SBG_INTERVAL_DEL),
    CLV_NAMED(CLV_SBG_INTERVAL_DERL),
    CLV_NAMED(CLV_BASS_FORECAST_CUMULATIVE),
    CLV_NAMED(CLV_BASS_FORECAST_PERIOD),
    CLV_NAMED(CLV_BASS_FORECAST_RATE),
    CLV_NAMED(CLV_FIELD_DURATION),
    CLV_NAMED(CLV_FIELD_CHURNED),
    CLV_NAMED(CLV_FIELD_ALIVE),
    CLV_NAMED(CLV_FIELD_COHORT),
    CLV_NAMED(CLV_FIELD_ADOPTERS),
    CLV_NAMED(CLV_FIELD_METHOD),
    CLV_NAMED(CLV_FIELD_MODEL),
    CLV_NAMED(CLV_RULE_INCREASING),
    CLV_NAMED(CLV_RULE_NO_CHURN),
    CLV_NAMED(CLV_RULE_RESERVED),
    CLV_NAMED(CLV_RULE_CONFLICT),
    CLV_NAMED(CLV_RULE_NOT_ABOVE),
    CLV_NAMED(CLV_RULE_ALL_ZERO),
};

int clv_constant(const char *name, double *value) {
    if (name == NULL || value == NULL) {
        return CLV_EINVAL;
    }
    for (size_t i = 0; i < sizeof clv_constants / sizeof clv_constants[0]; i++) {
        if (strcmp(name, clv_constants[i].name) == 0) {
            *value = clv_constants[i].value;
            return CLV_OK;
        }
    }
    return CLV_EINVAL;
}
