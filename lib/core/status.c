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
        return "invalid argument: null pointer, unknown flag, empty array or non-integer "
               "where a whole number is required";
    case CLV_EDOM:
        return "value outside the domain: NaN, infinity, negative count, rate outside [0, 1] "
               "or zero denominator";
    case CLV_ENOCONV:
        return "an iteration, fit or series did not converge within its documented limit";
    case CLV_ERANGE:
        return "result not representable as a finite number";
    case CLV_ECANCELED:
        return "cancelled by the caller";
    case CLV_ESTRUCT:
        return "options struct of an unknown size, or with non-zero fields this version "
               "does not know";
    case CLV_ENOMEM:
        return "workspace too small or allocation failed";
    case CLV_EDIVERGE:
        return "the infinite sum diverges for these inputs (e.g. retention 1 with no "
               "discounting)";
    case CLV_EIDENT:
        return "the data cannot identify the model: they carry no information about its "
               "parameters (e.g. every weight is 0)";
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
    CLV_NAMED(CLV_WOM_TOLD_SATISFIED),
    CLV_NAMED(CLV_WOM_TOLD_DISSATISFIED),
    CLV_NAMED(CLV_MARKOV_MAX_STATES),
    CLV_NAMED(CLV_MARKOV_ROW_TOLERANCE),
    CLV_NAMED(CLV_MARKOV_MAX_HORIZON),
    CLV_NAMED(CLV_VALUE_ROWS_PER_PROGRESS),
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
