/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/* Tests of lib/core/status.c: version, status messages, named constants. */
#include "clv_test.h"

#include <stdio.h>
#include <string.h>

#include "churn.h"
#include "clv.h"
#include "referral.h"

static void test_version_matches_header_macros(void **state) {
    (void)state;
    char expected[32];
    assert_int_equal(clv_version(), CLV_VERSION_NUMBER);
    assert_int_equal(CLV_VERSION_NUMBER,
                     CLV_VERSION_MAJOR * 10000 + CLV_VERSION_MINOR * 100 + CLV_VERSION_PATCH);
    snprintf(expected, sizeof expected, "%d.%d.%d", CLV_VERSION_MAJOR, CLV_VERSION_MINOR,
             CLV_VERSION_PATCH);
    assert_string_equal(clv_version_string(), expected);
    /* The SONAME is libclv.so.1: the major version is 1 for as long as the ABI holds. */
    assert_int_equal(CLV_VERSION_MAJOR, 1);
    /* The header's version is the build's (meson.build project version, passed in by
     * tests/meson.build): the two copies cannot drift apart. */
    assert_string_equal(clv_version_string(), CLV_PROJECT_VERSION);
}

static void test_strerror_names_every_status_distinctly(void **state) {
    (void)state;
    const int codes[] = {CLV_OK,        CLV_EINVAL,  CLV_EDOM,   CLV_ENOCONV,  CLV_ERANGE,
                         CLV_ECANCELED, CLV_ESTRUCT, CLV_ENOMEM, CLV_EDIVERGE, CLV_EIDENT};
    const size_t n = sizeof codes / sizeof codes[0];
    const char *unknown = clv_strerror(12345);
    assert_string_equal(unknown, "unknown status");
    assert_string_equal(clv_strerror(1), "unknown status");
    assert_string_equal(clv_strerror(-10), "unknown status"); /* one past CLV_EIDENT */
    for (size_t i = 0; i < n; i++) {
        const char *msg = clv_strerror(codes[i]);
        assert_non_null(msg);
        assert_true(strlen(msg) > 5);
        assert_string_not_equal(msg, unknown);
        for (size_t j = 0; j < i; j++) {
            assert_string_not_equal(msg, clv_strerror(codes[j]));
        }
    }
}

/* CLV_ENOCONV is returned by fits (iteration cap) and by sums that stop at a term cap, such
 * as clv_customer_value() over an infinite horizon: the message names all of them, not just
 * "the fit". */
static void test_strerror_enoconv_covers_fits_and_series(void **state) {
    (void)state;
    assert_string_equal(clv_strerror(CLV_ENOCONV),
                        "an iteration, fit or series did not converge within its documented "
                        "limit (for a fit: raise max_iterations, loosen tolerance or give a "
                        "start; the report holds the best point found)");
}

/* CLV_EIDENT (fits whose data carry no information) says so in words. */
static void test_strerror_eident_says_the_data_cannot_identify(void **state) {
    (void)state;
    assert_string_equal(clv_strerror(CLV_EIDENT),
                        "the data cannot identify the model: they carry no information about "
                        "its parameters (every weight is 0, every customer observed for no "
                        "time, or no repeat buyer for the spend model)");
}

/* Issue 15: an out-of-order purchase at the till is CLV_EINVAL, and the message must name
 * that case, not only "null pointer, unknown flag ..."; CLV_EDOM names the table rules. */
static void test_strerror_names_the_likely_cases(void **state) {
    (void)state;
    assert_non_null(strstr(clv_strerror(CLV_EINVAL), "out of order"));
    assert_non_null(strstr(clv_strerror(CLV_EINVAL), "earlier than the customer's last one"));
    assert_non_null(strstr(clv_strerror(CLV_EDOM), "t_x > T"));
    assert_non_null(strstr(clv_strerror(CLV_EDOM), "monetary <= 0 where x > 0"));
}

/* Status codes are ABI: their values are fixed forever (DESIGN.md, section 3). */
static void test_status_values_are_fixed(void **state) {
    (void)state;
    assert_int_equal(CLV_OK, 0);
    assert_int_equal(CLV_EINVAL, -1);
    assert_int_equal(CLV_EDOM, -2);
    assert_int_equal(CLV_ENOCONV, -3);
    assert_int_equal(CLV_ERANGE, -4);
    assert_int_equal(CLV_ECANCELED, -5);
    assert_int_equal(CLV_ESTRUCT, -6);
    assert_int_equal(CLV_ENOMEM, -7);
    assert_int_equal(CLV_EDIVERGE, -8);
    assert_int_equal(CLV_EIDENT, -9);
}

/* clv_constant() gives FFI callers every macro: each lookup equals the compiled-in macro. */
static void test_constant_lookup_equals_every_macro(void **state) {
    (void)state;
    static const struct {
        const char *name;
        double value;
    } macros[] = {
        {"CLV_VERSION_MAJOR", CLV_VERSION_MAJOR},
        {"CLV_VERSION_MINOR", CLV_VERSION_MINOR},
        {"CLV_VERSION_PATCH", CLV_VERSION_PATCH},
        {"CLV_VERSION_NUMBER", CLV_VERSION_NUMBER},
        {"CLV_OK", CLV_OK},
        {"CLV_EINVAL", CLV_EINVAL},
        {"CLV_EDOM", CLV_EDOM},
        {"CLV_ENOCONV", CLV_ENOCONV},
        {"CLV_ERANGE", CLV_ERANGE},
        {"CLV_ECANCELED", CLV_ECANCELED},
        {"CLV_ESTRUCT", CLV_ESTRUCT},
        {"CLV_ENOMEM", CLV_ENOMEM},
        {"CLV_EDIVERGE", CLV_EDIVERGE},
        {"CLV_EIDENT", CLV_EIDENT},
        {"CLV_MARGIN_END", CLV_MARGIN_END},
        {"CLV_MARGIN_START", CLV_MARGIN_START},
        {"CLV_MAX_PARAMS", CLV_MAX_PARAMS},
        {"CLV_MODEL_BGNBD", CLV_MODEL_BGNBD},
        {"CLV_MODEL_PNBD", CLV_MODEL_PNBD},
        {"CLV_MODEL_MBGNBD", CLV_MODEL_MBGNBD},
        {"CLV_MODEL_BGBB", CLV_MODEL_BGBB},
        {"CLV_MODEL_GG", CLV_MODEL_GG},
        {"CLV_MODEL_SBG", CLV_MODEL_SBG},
        {"CLV_FIT_EVALUATE", CLV_FIT_EVALUATE},
        {"CLV_FIT_DONE", CLV_FIT_DONE},
        {"CLV_BGBB_MAX_OPPORTUNITIES", CLV_BGBB_MAX_OPPORTUNITIES},
        {"CLV_CHURN_START", CLV_CHURN_START},
        {"CLV_CHURN_AVERAGE", CLV_CHURN_AVERAGE},
        {"CLV_CHURN_EXPOSED", CLV_CHURN_EXPOSED},
        {"CLV_WOM_TOLD_SATISFIED", CLV_WOM_TOLD_SATISFIED},
        {"CLV_WOM_TOLD_DISSATISFIED", CLV_WOM_TOLD_DISSATISFIED},
        {"CLV_MARKOV_MAX_STATES", CLV_MARKOV_MAX_STATES},
        {"CLV_MARKOV_ROW_TOLERANCE", CLV_MARKOV_ROW_TOLERANCE},
        {"CLV_MARKOV_MAX_HORIZON", CLV_MARKOV_MAX_HORIZON},
        {"CLV_CHURN_REASON_SERVICE", CLV_CHURN_REASON_SERVICE},
        {"CLV_CHURN_REASON_TREATMENT", CLV_CHURN_REASON_TREATMENT},
        {"CLV_CHURN_REASON_PRICE", CLV_CHURN_REASON_PRICE},
        {"CLV_CHURN_REASON_MOVED", CLV_CHURN_REASON_MOVED},
        {"CLV_CHURN_REASON_OTHER", CLV_CHURN_REASON_OTHER},
        {"CLV_CHURN_REASON_COUNT", CLV_CHURN_REASON_COUNT},
        {"CLV_BASS_NLS", CLV_BASS_NLS},
        {"CLV_BASS_ML", CLV_BASS_ML},
        {"CLV_BASS_INTERVAL", CLV_BASS_INTERVAL},
        {"CLV_BASS_DENSITY", CLV_BASS_DENSITY},
        {"CLV_BASS_MIN_PERIODS", CLV_BASS_MIN_PERIODS},
        {"CLV_FIELD_NONE", CLV_FIELD_NONE},
        {"CLV_FIELD_X", CLV_FIELD_X},
        {"CLV_FIELD_T_X", CLV_FIELD_T_X},
        {"CLV_FIELD_T", CLV_FIELD_T},
        {"CLV_FIELD_MONETARY", CLV_FIELD_MONETARY},
        {"CLV_FIELD_WEIGHT", CLV_FIELD_WEIGHT},
        {"CLV_FIELD_CUSTOMER", CLV_FIELD_CUSTOMER},
        {"CLV_FIELD_TIME", CLV_FIELD_TIME},
        {"CLV_FIELD_AMOUNT", CLV_FIELD_AMOUNT},
        {"CLV_FIELD_ORDER", CLV_FIELD_ORDER},
        {"CLV_FIELD_PARAMS", CLV_FIELD_PARAMS},
        {"CLV_FIELD_OPTIONS", CLV_FIELD_OPTIONS},
        {"CLV_FIELD_PERIOD", CLV_FIELD_PERIOD},
        {"CLV_FIELD_COUNT", CLV_FIELD_COUNT},
        {"CLV_FIELD_STATE", CLV_FIELD_STATE},
        {"CLV_FIELD_CALIBRATION_END", CLV_FIELD_CALIBRATION_END},
        {"CLV_FIELD_HOLDOUT_END", CLV_FIELD_HOLDOUT_END},
        {"CLV_FIELD_FLAG", CLV_FIELD_FLAG},
        {"CLV_FIELD_MAX_ITERATIONS", CLV_FIELD_MAX_ITERATIONS},
        {"CLV_FIELD_TOLERANCE", CLV_FIELD_TOLERANCE},
        {"CLV_FIELD_PENALTY", CLV_FIELD_PENALTY},
        {"CLV_FIELD_START", CLV_FIELD_START},
        {"CLV_FIELD_BIRTH", CLV_FIELD_BIRTH},
        {"CLV_FIELD_HOLDOUT", CLV_FIELD_HOLDOUT},
        {"CLV_FIELD_PREDICTED", CLV_FIELD_PREDICTED},
        {"CLV_FIELD_ACTUAL", CLV_FIELD_ACTUAL},
        {"CLV_FIELD_EDGES", CLV_FIELD_EDGES},
        {"CLV_FIELD_EXPECTED", CLV_FIELD_EXPECTED},
        {"CLV_FIELD_GRID", CLV_FIELD_GRID},
        {"CLV_FIELD_HORIZON", CLV_FIELD_HORIZON},
        {"CLV_RULE_NONE", CLV_RULE_NONE},
        {"CLV_RULE_MISSING", CLV_RULE_MISSING},
        {"CLV_RULE_EMPTY", CLV_RULE_EMPTY},
        {"CLV_RULE_NOT_FINITE", CLV_RULE_NOT_FINITE},
        {"CLV_RULE_NEGATIVE", CLV_RULE_NEGATIVE},
        {"CLV_RULE_NOT_WHOLE", CLV_RULE_NOT_WHOLE},
        {"CLV_RULE_NOT_POSITIVE", CLV_RULE_NOT_POSITIVE},
        {"CLV_RULE_RECENCY_ABOVE_T", CLV_RULE_RECENCY_ABOVE_T},
        {"CLV_RULE_RECENCY_WITHOUT_REPEAT", CLV_RULE_RECENCY_WITHOUT_REPEAT},
        {"CLV_RULE_OUT_OF_ORDER", CLV_RULE_OUT_OF_ORDER},
        {"CLV_RULE_NOT_SORTED", CLV_RULE_NOT_SORTED},
        {"CLV_RULE_NO_INFORMATION", CLV_RULE_NO_INFORMATION},
        {"CLV_RULE_NO_REPEAT_BUYER", CLV_RULE_NO_REPEAT_BUYER},
        {"CLV_RULE_NOT_CONVERGED", CLV_RULE_NOT_CONVERGED},
        {"CLV_RULE_INDEX_OUT_OF_RANGE", CLV_RULE_INDEX_OUT_OF_RANGE},
        {"CLV_RULE_TIE_NOT_MONOTONE", CLV_RULE_TIE_NOT_MONOTONE},
        {"CLV_RULE_OVERFLOW", CLV_RULE_OVERFLOW},
        {"CLV_RULE_BAD_FLAG", CLV_RULE_BAD_FLAG},
        {"CLV_RULE_BAD_STATE", CLV_RULE_BAD_STATE},
        {"CLV_RULE_BELOW_MIN", CLV_RULE_BELOW_MIN},
        {"CLV_RULE_ABOVE_MAX", CLV_RULE_ABOVE_MAX},
        {"CLV_RULE_TOO_SMALL", CLV_RULE_TOO_SMALL},
        {"CLV_RULE_X_ABOVE_RECENCY", CLV_RULE_X_ABOVE_RECENCY},
        {"CLV_RULE_INCOMPLETE_PAIR", CLV_RULE_INCOMPLETE_PAIR},
        {"CLV_RULE_RUNS_OFF", CLV_RULE_RUNS_OFF},
        {"CLV_RULE_TOO_FEW_BINS", CLV_RULE_TOO_FEW_BINS},
        {"CLV_CHECK_MAX_BINS", CLV_CHECK_MAX_BINS},
        {"CLV_INTERVAL_P_ALIVE", CLV_INTERVAL_P_ALIVE},
        {"CLV_INTERVAL_EXPECTED_PURCHASES", CLV_INTERVAL_EXPECTED_PURCHASES},
        {"CLV_INTERVAL_EXPECTED_NEW", CLV_INTERVAL_EXPECTED_NEW},
        {"CLV_INTERVAL_DERT", CLV_INTERVAL_DERT},
        {"CLV_INTERVAL_SPEND", CLV_INTERVAL_SPEND},
        {"CLV_INTERVAL_VALUE", CLV_INTERVAL_VALUE},
        {"CLV_INTERVAL_LOG", CLV_INTERVAL_LOG},
        {"CLV_INTERVAL_NATURAL", CLV_INTERVAL_NATURAL},
        {"CLV_INTERVAL_LOGIT", CLV_INTERVAL_LOGIT},
        {"CLV_SBG_INTERVAL_SURVIVAL", CLV_SBG_INTERVAL_SURVIVAL},
        {"CLV_SBG_INTERVAL_RETENTION", CLV_SBG_INTERVAL_RETENTION},
        {"CLV_SBG_INTERVAL_DEL", CLV_SBG_INTERVAL_DEL},
        {"CLV_SBG_INTERVAL_DERL", CLV_SBG_INTERVAL_DERL},
    };
    for (size_t i = 0; i < sizeof macros / sizeof macros[0]; i++) {
        double v = -999.0;
        assert_int_equal(clv_constant(macros[i].name, &v), CLV_OK);
        assert_true(v == macros[i].value);
    }
}

static void test_constant_rejects_unknown_and_null(void **state) {
    (void)state;
    double v = -999.0;
    assert_int_equal(clv_constant("CLV_NOT_A_CONSTANT", &v), CLV_EINVAL);
    assert_int_equal(clv_constant("clv_ok", &v), CLV_EINVAL); /* names are case-sensitive */
    assert_int_equal(clv_constant("CLV_OK ", &v), CLV_EINVAL);
    assert_int_equal(clv_constant("", &v), CLV_EINVAL);
    assert_int_equal(clv_constant(NULL, &v), CLV_EINVAL);
    assert_int_equal(clv_constant("CLV_OK", NULL), CLV_EINVAL);
    assert_true(v == -999.0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_version_matches_header_macros),
        cmocka_unit_test(test_strerror_names_every_status_distinctly),
        cmocka_unit_test(test_strerror_enoconv_covers_fits_and_series),
        cmocka_unit_test(test_strerror_eident_says_the_data_cannot_identify),
        cmocka_unit_test(test_strerror_names_the_likely_cases),
        cmocka_unit_test(test_status_values_are_fixed),
        cmocka_unit_test(test_constant_lookup_equals_every_macro),
        cmocka_unit_test(test_constant_rejects_unknown_and_null),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
