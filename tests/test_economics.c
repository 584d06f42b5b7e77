/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Tests of lib/churn/economics.c: the value of a retention gain (clv_retention_gain) and the
 * cost of a period's churn from the counts a business keeps (clv_churn_economics).
 *
 * Oracle values marked "oracle" come from tests/oracles/churn_oracles.py (mpmath, 60 digits, at
 * the exact binary value of each double input); its output is tests/oracles/churn_oracles.txt.
 */
#include "clv_test.h"

#include <float.h>
#include <stddef.h>

#include "churn.h"

/* Outputs must stay untouched on error: every error test prefills this sentinel. */
#define SENTINEL (-12345.678)

/* Values of r/(1+d-r) at double inputs such as 0.8 and 0.85 (each off by up to 1.1e-16
 * relative) through a few rounded operations: the condition number of r/(1+d-r) in r is
 * 1 + r/(1+d-r) <= 5 here, so values agree to ~1e-15; relative changes (after/before - 1,
 * about 0.2) amplify that by ~5. 1e-14 covers both with margin. */
#define VALUE_TOL 1e-14

static void fill_effect(clv_retention_effect *e) {
    e->value_before = SENTINEL;
    e->value_after = SENTINEL;
    e->value_change = SENTINEL;
    e->relative_change = SENTINEL;
}

static void assert_effect_untouched(const clv_retention_effect *e) {
    assert_true(e->value_before == SENTINEL);
    assert_true(e->value_after == SENTINEL);
    assert_true(e->value_change == SENTINEL);
    assert_true(e->relative_change == SENTINEL);
}

/* ---- clv_retention_gain ------------------------------------------------------------------- */

/* refs/published.md: "r 0.80 -> 0.85 at i=10% raises margin multiple by 27.5%" (Reichheld &
 * Sasser 1990 claim, constant-margin version) and "Gupta & Lehmann 2003: r=0.8, i=0.1 ->
 * multiple 2.667". Hand, margin 100, end of period, infinite horizon:
 * before = 100 x 0.8/0.3 = 266.667, after = 100 x 0.85/0.25 = 340,
 * change = 73.333, relative = (0.85 x 0.3)/(0.8 x 0.25) - 1 = 0.255/0.2 - 1 = 0.275. */
static void test_retention_gain_r80_to_85_at_10pct_raises_value_27_5pct(void **state) {
    (void)state;
    clv_retention_effect e;
    fill_effect(&e);
    assert_status(clv_retention_gain(100.0, 0.8, 0.1, 0.05, INFINITY, CLV_MARGIN_END, &e), CLV_OK);
    assert_near(e.value_before / 100.0, 2.667, 0.0005); /* G&L's 3 printed decimals */
    assert_near(e.relative_change, 0.275, 0.0005);      /* "27.5%": one printed decimal */
    assert_close(e.value_before, 800.0 / 3.0, VALUE_TOL);
    assert_close(e.value_after, 340.0, VALUE_TOL);
    assert_close(e.value_change, 220.0 / 3.0, VALUE_TOL);
    assert_close(e.relative_change, 0.275, VALUE_TOL);
}

/* Margin at the start: m (1+d)/(1+d-r). before = 100 x 1.1/0.3 = 366.667,
 * after = 100 x 1.1/0.25 = 440, change 73.333 (the same margins, one period earlier and
 * undiscounted by the first factor), relative = 0.3/0.25 - 1 = 0.2. */
static void test_retention_gain_start_timing_r80_to_85_raises_value_20pct(void **state) {
    (void)state;
    clv_retention_effect e;
    fill_effect(&e);
    assert_status(clv_retention_gain(100.0, 0.8, 0.1, 0.05, INFINITY, CLV_MARGIN_START, &e),
                  CLV_OK);
    assert_close(e.value_before, 1100.0 / 3.0, VALUE_TOL);
    assert_close(e.value_after, 440.0, VALUE_TOL);
    assert_close(e.value_change, 220.0 / 3.0, VALUE_TOL);
    assert_close(e.relative_change, 0.2, VALUE_TOL);
}

/* Finite horizon, hand: m = 1, d = 0, 2 margins, r 0.5 -> 1 (r + gain = 1 with d = 0 is
 * finite over a finite horizon, not EDIVERGE).
 * End:   before = 0.5 + 0.25 = 0.75, after = 1 + 1 = 2, change 1.25, relative 5/3.
 * Start: before = 1 + 0.5 = 1.5,     after = 1 + 1 = 2, change 0.5,  relative 1/3.
 * All but the two relative changes are exact in binary. */
static void test_retention_gain_two_periods_r50_to_100_by_hand(void **state) {
    (void)state;
    clv_retention_effect e;
    fill_effect(&e);
    assert_status(clv_retention_gain(1.0, 0.5, 0.0, 0.5, 2.0, CLV_MARGIN_END, &e), CLV_OK);
    assert_close(e.value_before, 0.75, VALUE_TOL);
    assert_close(e.value_after, 2.0, VALUE_TOL);
    assert_close(e.value_change, 1.25, VALUE_TOL);
    assert_close(e.relative_change, 5.0 / 3.0, VALUE_TOL);
    assert_status(clv_retention_gain(1.0, 0.5, 0.0, 0.5, 2.0, CLV_MARGIN_START, &e), CLV_OK);
    assert_close(e.value_before, 1.5, VALUE_TOL);
    assert_close(e.value_after, 2.0, VALUE_TOL);
    assert_close(e.value_change, 0.5, VALUE_TOL);
    assert_close(e.relative_change, 1.0 / 3.0, VALUE_TOL);
}

/* Ten periods, m = 100, r 0.9 -> 0.95, d = 0.1, end of period. Oracles gain_h10_before =
 * 389.50621526280965, gain_h10_after = 487.13529426394176, gain_h10_change =
 * 97.629079001132105, gain_h10_relative = 0.25064832132462715. */
static void test_retention_gain_ten_periods_matches_mpmath(void **state) {
    (void)state;
    clv_retention_effect e;
    fill_effect(&e);
    assert_status(clv_retention_gain(100.0, 0.9, 0.1, 0.05, 10.0, CLV_MARGIN_END, &e), CLV_OK);
    assert_close(e.value_before, 389.50621526280965333, VALUE_TOL);
    assert_close(e.value_after, 487.13529426394175856, VALUE_TOL);
    assert_close(e.value_change, 97.629079001132105232, VALUE_TOL);
    assert_close(e.relative_change, 0.25064832132462714824, VALUE_TOL);
}

/* A loss of retention: r 0.85 -> 0.80 at d = 0.1 (the published example backwards):
 * before 340, after 266.667, change -73.333, relative (0.8 x 0.25)/(0.3 x 0.85) - 1 =
 * 40/51 - 1 = -11/51 = -0.2157. A negative margin keeps the relative change of the
 * published example (+0.275) while both values and the change turn negative. A zero gain
 * changes nothing. */
static void test_retention_gain_loss_negative_margin_and_zero_gain(void **state) {
    (void)state;
    clv_retention_effect e;
    fill_effect(&e);
    assert_status(clv_retention_gain(100.0, 0.85, 0.1, -0.05, INFINITY, CLV_MARGIN_END, &e),
                  CLV_OK);
    assert_close(e.value_before, 340.0, VALUE_TOL);
    assert_close(e.value_after, 800.0 / 3.0, VALUE_TOL);
    assert_close(e.value_change, -220.0 / 3.0, VALUE_TOL);
    assert_close(e.relative_change, -11.0 / 51.0, VALUE_TOL);

    assert_status(clv_retention_gain(-100.0, 0.8, 0.1, 0.05, INFINITY, CLV_MARGIN_END, &e), CLV_OK);
    assert_close(e.value_before, -800.0 / 3.0, VALUE_TOL);
    assert_close(e.value_after, -340.0, VALUE_TOL);
    assert_close(e.value_change, -220.0 / 3.0, VALUE_TOL);
    assert_close(e.relative_change, 0.275, VALUE_TOL);

    assert_status(clv_retention_gain(100.0, 0.8, 0.1, 0.0, INFINITY, CLV_MARGIN_END, &e), CLV_OK);
    assert_true(e.value_change == 0.0 && e.relative_change == 0.0);
    assert_true(e.value_before == e.value_after);
}

/* r = 0 with the margin at the start is valid (the first margin always arrives): before = m =
 * 100; +0.5 at d = 0 gives 100/(1 - 0.5) = 200, relative +1. Losing all retention from 0.5
 * (gain -0.5, r + gain = 0 is in [0, 1]) goes back: 200 -> 100, relative -0.5. */
static void test_retention_gain_start_timing_from_and_to_zero_retention(void **state) {
    (void)state;
    clv_retention_effect e;
    fill_effect(&e);
    assert_status(clv_retention_gain(100.0, 0.0, 0.0, 0.5, INFINITY, CLV_MARGIN_START, &e), CLV_OK);
    assert_close(e.value_before, 100.0, VALUE_TOL);
    assert_close(e.value_after, 200.0, VALUE_TOL);
    assert_close(e.relative_change, 1.0, VALUE_TOL);
    assert_status(clv_retention_gain(100.0, 0.5, 0.0, -0.5, INFINITY, CLV_MARGIN_START, &e),
                  CLV_OK);
    assert_close(e.value_before, 200.0, VALUE_TOL);
    assert_close(e.value_after, 100.0, VALUE_TOL);
    assert_close(e.relative_change, -0.5, VALUE_TOL);
}

static void test_retention_gain_rejects_null_effect(void **state) {
    (void)state;
    assert_status(clv_retention_gain(100.0, 0.8, 0.1, 0.05, INFINITY, CLV_MARGIN_END, NULL),
                  CLV_EINVAL);
}

/* Unknown timing flag and a non-integer finite horizon are CLV_EINVAL. */
static void test_retention_gain_rejects_unknown_timing_and_fractional_horizon(void **state) {
    (void)state;
    clv_retention_effect e;
    fill_effect(&e);
    assert_status(clv_retention_gain(100.0, 0.8, 0.1, 0.05, INFINITY, 2, &e), CLV_EINVAL);
    assert_status(clv_retention_gain(100.0, 0.8, 0.1, 0.05, INFINITY, -1, &e), CLV_EINVAL);
    assert_status(clv_retention_gain(100.0, 0.8, 0.1, 0.05, 2.5, CLV_MARGIN_END, &e), CLV_EINVAL);
    assert_status(clv_retention_gain(100.0, 0.8, 0.1, 0.05, 1e-9, CLV_MARGIN_START, &e),
                  CLV_EINVAL);
    assert_effect_untouched(&e);
}

/* NaN and infinities in every argument that must be finite; zero margin; r and d outside
 * their domain; negative horizon. */
static void test_retention_gain_rejects_nonfinite_zero_margin_and_out_of_domain(void **state) {
    (void)state;
    const double nonfinite[] = {NAN, INFINITY, -INFINITY};
    clv_retention_effect e;
    fill_effect(&e);
    for (size_t i = 0; i < 3; i++) {
        double x = nonfinite[i];
        assert_status(clv_retention_gain(x, 0.8, 0.1, 0.05, INFINITY, CLV_MARGIN_END, &e),
                      CLV_EDOM);
        assert_status(clv_retention_gain(100.0, x, 0.1, 0.05, INFINITY, CLV_MARGIN_END, &e),
                      CLV_EDOM);
        assert_status(clv_retention_gain(100.0, 0.8, x, 0.05, INFINITY, CLV_MARGIN_END, &e),
                      CLV_EDOM);
        assert_status(clv_retention_gain(100.0, 0.8, 0.1, x, INFINITY, CLV_MARGIN_END, &e),
                      CLV_EDOM);
    }
    assert_status(clv_retention_gain(100.0, 0.8, 0.1, 0.05, NAN, CLV_MARGIN_END, &e), CLV_EDOM);
    assert_status(clv_retention_gain(100.0, 0.8, 0.1, 0.05, -INFINITY, CLV_MARGIN_END, &e),
                  CLV_EDOM);
    assert_status(clv_retention_gain(100.0, 0.8, 0.1, 0.05, -1.0, CLV_MARGIN_END, &e), CLV_EDOM);
    /* Zero margin (both signs of zero). */
    assert_status(clv_retention_gain(0.0, 0.8, 0.1, 0.05, INFINITY, CLV_MARGIN_END, &e), CLV_EDOM);
    assert_status(clv_retention_gain(-0.0, 0.8, 0.1, 0.05, 10.0, CLV_MARGIN_START, &e), CLV_EDOM);
    /* r outside [0, 1], d < 0. */
    assert_status(clv_retention_gain(100.0, -0.1, 0.1, 0.2, INFINITY, CLV_MARGIN_END, &e),
                  CLV_EDOM);
    assert_status(clv_retention_gain(100.0, 1.1, 0.1, -0.2, INFINITY, CLV_MARGIN_END, &e),
                  CLV_EDOM);
    assert_status(clv_retention_gain(100.0, 0.8, -0.01, 0.05, INFINITY, CLV_MARGIN_END, &e),
                  CLV_EDOM);
    assert_effect_untouched(&e);
}

/* r + gain outside [0, 1] although r and gain are each fine: 0.9 + 0.2 = 1.1, 0.1 - 0.2 =
 * -0.1, one ulp above 1, and a huge finite gain. */
static void test_retention_gain_rejects_r_plus_gain_outside_unit_interval(void **state) {
    (void)state;
    clv_retention_effect e;
    fill_effect(&e);
    assert_status(clv_retention_gain(100.0, 0.9, 0.1, 0.2, INFINITY, CLV_MARGIN_END, &e), CLV_EDOM);
    assert_status(clv_retention_gain(100.0, 0.1, 0.1, -0.2, INFINITY, CLV_MARGIN_END, &e),
                  CLV_EDOM);
    assert_status(clv_retention_gain(100.0, 0.5, 0.1, 0.5 + DBL_EPSILON, 5.0, CLV_MARGIN_START, &e),
                  CLV_EDOM);
    assert_status(clv_retention_gain(100.0, 0.5, 0.1, DBL_MAX, 5.0, CLV_MARGIN_END, &e), CLV_EDOM);
    assert_status(clv_retention_gain(100.0, 0.5, 0.1, -DBL_MAX, 5.0, CLV_MARGIN_END, &e), CLV_EDOM);
    assert_effect_untouched(&e);
}

/* A value before the change of 0 makes the relative change undefined: r = 0 with the margin
 * at the end (no margin ever arrives), or a horizon of 0 (no margin counted), either timing. */
static void test_retention_gain_rejects_zero_value_before(void **state) {
    (void)state;
    clv_retention_effect e;
    fill_effect(&e);
    assert_status(clv_retention_gain(100.0, 0.0, 0.1, 0.5, INFINITY, CLV_MARGIN_END, &e), CLV_EDOM);
    assert_status(clv_retention_gain(100.0, 0.0, 0.1, 0.5, 10.0, CLV_MARGIN_END, &e), CLV_EDOM);
    assert_status(clv_retention_gain(100.0, 0.8, 0.1, 0.05, 0.0, CLV_MARGIN_END, &e), CLV_EDOM);
    assert_status(clv_retention_gain(100.0, 0.8, 0.1, 0.05, 0.0, CLV_MARGIN_START, &e), CLV_EDOM);
    assert_effect_untouched(&e);
}

/* r + gain = 1 with d = 0 over an infinite horizon: the value after is an undiscounted
 * infinite stream, CLV_EDIVERGE (documented). 0.75 + 0.25 = 1 exactly in binary. Also the
 * mirror case r = 1, d = 0 with a loss of retention: the value *before* diverges; the header
 * names only r + gain = 1, but clv.h's convention (an infinite value is CLV_EDIVERGE, never
 * inf) and clv_retention_value() give the same status. */
static void test_retention_gain_undiscounted_retention_1_forever_diverges(void **state) {
    (void)state;
    clv_retention_effect e;
    fill_effect(&e);
    assert_status(clv_retention_gain(100.0, 0.75, 0.0, 0.25, INFINITY, CLV_MARGIN_END, &e),
                  CLV_EDIVERGE);
    assert_status(clv_retention_gain(100.0, 0.75, 0.0, 0.25, INFINITY, CLV_MARGIN_START, &e),
                  CLV_EDIVERGE);
    assert_status(clv_retention_gain(-100.0, 0.0, 0.0, 1.0, INFINITY, CLV_MARGIN_START, &e),
                  CLV_EDIVERGE);
    assert_status(clv_retention_gain(100.0, 1.0, 0.0, -0.25, INFINITY, CLV_MARGIN_END, &e),
                  CLV_EDIVERGE);
    assert_effect_untouched(&e);
    /* Any discount makes the same stream finite: m r/(1+d-r) = 100 x 1/0.1 = 1000 after. */
    assert_status(clv_retention_gain(100.0, 0.75, 0.1, 0.25, INFINITY, CLV_MARGIN_END, &e), CLV_OK);
    assert_close(e.value_after, 1000.0, VALUE_TOL);
}

/* Overflow is CLV_ERANGE:
 * - margin DBL_MAX, r 0.5, d 0, end: before = DBL_MAX x 0.5/0.5 = DBL_MAX (finite), after at
 *   r = 0.75 is DBL_MAX x 3: the value after overflows;
 * - margin DBL_MAX at the start: before = DBL_MAX x 1/0.5 overflows already;
 * - margin 1, r = 4.9e-324 (the smallest subnormal, a valid rate), end, d 0: before =
 *   4.9e-324, after = 0.9/0.1 = 9, relative change 9/4.9e-324 = 1.8e324 overflows. */
static void test_retention_gain_overflow_is_erange(void **state) {
    (void)state;
    clv_retention_effect e;
    fill_effect(&e);
    assert_status(clv_retention_gain(DBL_MAX, 0.5, 0.0, 0.25, INFINITY, CLV_MARGIN_END, &e),
                  CLV_ERANGE);
    assert_status(clv_retention_gain(-DBL_MAX, 0.5, 0.0, 0.25, INFINITY, CLV_MARGIN_END, &e),
                  CLV_ERANGE);
    assert_status(clv_retention_gain(DBL_MAX, 0.5, 0.0, 0.25, INFINITY, CLV_MARGIN_START, &e),
                  CLV_ERANGE);
    assert_status(clv_retention_gain(1.0, DBL_TRUE_MIN, 0.0, 0.9, INFINITY, CLV_MARGIN_END, &e),
                  CLV_ERANGE);
    assert_effect_untouched(&e);
    /* The same tiny r with a modest gain is representable: relative ~ 1/4.9e-324 x 1e-300. */
    assert_status(clv_retention_gain(1.0, DBL_TRUE_MIN, 0.0, 1e-300, INFINITY, CLV_MARGIN_END, &e),
                  CLV_OK);
    assert_true(isfinite(e.relative_change) && e.relative_change > 1e20);
}

/* ---- clv_churn_economics ------------------------------------------------------------------ */

/* The worked example of this file: 40 customers lost; new customers spend 50 a period, loyal
 * ones 80 over 5 periods with a profit of 30 a period; 12000 spent to win 100 new customers;
 * 2000 of warranty and rework on the lost ones. */
static clv_churn_counts worked_example(void) {
    clv_churn_counts k;
    k.churned_customers = 40.0;
    k.purchase_new = 50.0;
    k.purchase_loyal = 80.0;
    k.loyal_periods = 5.0;
    k.profit_loyal = 30.0;
    k.acquisition_spend = 12000.0;
    k.new_customers = 100.0;
    k.rework_cost = 2000.0;
    return k;
}

static void fill_costs(clv_churn_costs *c) {
    c->cac = SENTINEL;
    c->loyal_lifetime_value = SENTINEL;
    c->lost_lifetime_value = SENTINEL;
    c->lost_revenue = SENTINEL;
    c->replacement_cost = SENTINEL;
    c->revenue_gap = SENTINEL;
    c->cost_of_churn = SENTINEL;
    c->breakeven_retention_spend = SENTINEL;
}

static void assert_costs_untouched(const clv_churn_costs *c) {
    assert_true(c->cac == SENTINEL);
    assert_true(c->loyal_lifetime_value == SENTINEL);
    assert_true(c->lost_lifetime_value == SENTINEL);
    assert_true(c->lost_revenue == SENTINEL);
    assert_true(c->replacement_cost == SENTINEL);
    assert_true(c->revenue_gap == SENTINEL);
    assert_true(c->cost_of_churn == SENTINEL);
    assert_true(c->breakeven_retention_spend == SENTINEL);
}

/* Hand arithmetic on the worked example (every quantity an integer below 2^53, and both
 * divisions have integer results, so binary64 is exact: tolerance 0):
 * cac = 12000/100 = 120; loyal_lifetime_value = 30 x 5 = 150; lost_lifetime_value =
 * 40 x 150 = 6000; lost_revenue = 40 x 80 x 5 = 16000; replacement_cost = 40 x 120 = 4800;
 * revenue_gap = 40 x (80 - 50) = 1200; cost_of_churn = 6000 + 4800 + 2000 = 12800;
 * breakeven_retention_spend = 150 + 120 + 2000/40 = 320. */
static void test_churn_economics_worked_example_every_field_by_hand(void **state) {
    (void)state;
    clv_churn_counts k = worked_example();
    clv_churn_costs c;
    fill_costs(&c);
    assert_status(clv_churn_economics(&k, &c), CLV_OK);
    assert_close(c.cac, 120.0, 0.0);
    assert_close(c.loyal_lifetime_value, 150.0, 0.0);
    assert_close(c.lost_lifetime_value, 6000.0, 0.0);
    assert_close(c.lost_revenue, 16000.0, 0.0);
    assert_close(c.replacement_cost, 4800.0, 0.0);
    assert_close(c.revenue_gap, 1200.0, 0.0);
    assert_close(c.cost_of_churn, 12800.0, 0.0);
    assert_close(c.breakeven_retention_spend, 320.0, 0.0);
}

/* Zero churned customers: nothing is lost, and the break-even spend is documented as
 * loyal_lifetime_value + cac = 150 + 120 = 270 (no division by n = 0). With rework 0, the
 * cost of churn is 0; with a rework cost of 500 booked anyway, it is just that 500 and the
 * break-even spend stays 270. Exact (integers). */
static void test_churn_economics_zero_churned_customers(void **state) {
    (void)state;
    clv_churn_counts k = worked_example();
    k.churned_customers = 0.0;
    k.rework_cost = 0.0;
    clv_churn_costs c;
    fill_costs(&c);
    assert_status(clv_churn_economics(&k, &c), CLV_OK);
    assert_close(c.cac, 120.0, 0.0);
    assert_close(c.loyal_lifetime_value, 150.0, 0.0);
    assert_close(c.lost_lifetime_value, 0.0, 0.0);
    assert_close(c.lost_revenue, 0.0, 0.0);
    assert_close(c.replacement_cost, 0.0, 0.0);
    assert_close(c.revenue_gap, 0.0, 0.0);
    assert_close(c.cost_of_churn, 0.0, 0.0);
    assert_close(c.breakeven_retention_spend, 270.0, 0.0);
    k.rework_cost = 500.0;
    assert_status(clv_churn_economics(&k, &c), CLV_OK);
    assert_close(c.cost_of_churn, 500.0, 0.0);
    assert_close(c.breakeven_retention_spend, 270.0, 0.0);
}

/* New customers who spend more than loyal ones make the revenue gap negative (documented):
 * purchase_new 95 vs loyal 80: 40 x (80 - 95) = -600. Fractional counts: 2.5 churned,
 * acquisition 1000 over 8 new -> cac 125, replacement 2.5 x 125 = 312.5, cost of churn 375 + 312.5
 * + 2000 = 2687.5, break-even 150 + 125 + 2000/2.5 = 1075. All dyadic, exact. Zero acquisition
 * spend gives cac 0. */
static void test_churn_economics_negative_gap_fractional_counts_and_free_acquisition(void **state) {
    (void)state;
    clv_churn_counts k = worked_example();
    k.purchase_new = 95.0;
    clv_churn_costs c;
    fill_costs(&c);
    assert_status(clv_churn_economics(&k, &c), CLV_OK);
    assert_close(c.revenue_gap, -600.0, 0.0);

    k = worked_example();
    k.churned_customers = 2.5;
    k.acquisition_spend = 1000.0;
    k.new_customers = 8.0;
    assert_status(clv_churn_economics(&k, &c), CLV_OK);
    assert_close(c.cac, 125.0, 0.0);
    assert_close(c.replacement_cost, 312.5, 0.0);
    assert_close(c.lost_lifetime_value, 375.0, 0.0); /* 2.5 x 150 */
    assert_close(c.lost_revenue, 1000.0, 0.0);       /* 2.5 x 80 x 5 */
    assert_close(c.cost_of_churn, 2687.5, 0.0);      /* 375 + 312.5 + 2000 */
    assert_close(c.breakeven_retention_spend, 1075.0, 0.0);

    k = worked_example();
    k.acquisition_spend = 0.0;
    assert_status(clv_churn_economics(&k, &c), CLV_OK);
    assert_close(c.cac, 0.0, 0.0);
    assert_close(c.replacement_cost, 0.0, 0.0);
    assert_close(c.cost_of_churn, 8000.0, 0.0); /* 6000 + 0 + 2000 */
}

static void test_churn_economics_rejects_null_pointers(void **state) {
    (void)state;
    clv_churn_counts k = worked_example();
    clv_churn_costs c;
    fill_costs(&c);
    assert_status(clv_churn_economics(NULL, &c), CLV_EINVAL);
    assert_costs_untouched(&c);
    assert_status(clv_churn_economics(&k, NULL), CLV_EINVAL);
    assert_status(clv_churn_economics(NULL, NULL), CLV_EINVAL);
}

/* Every field: NaN, +inf, -inf, a negative value; and zero new customers. */
static void test_churn_economics_rejects_nonfinite_negative_fields_and_zero_new(void **state) {
    (void)state;
    const size_t fields[] = {offsetof(clv_churn_counts, churned_customers),
                             offsetof(clv_churn_counts, purchase_new),
                             offsetof(clv_churn_counts, purchase_loyal),
                             offsetof(clv_churn_counts, loyal_periods),
                             offsetof(clv_churn_counts, profit_loyal),
                             offsetof(clv_churn_counts, acquisition_spend),
                             offsetof(clv_churn_counts, new_customers),
                             offsetof(clv_churn_counts, rework_cost)};
    const double bad[] = {NAN, INFINITY, -INFINITY, -1.0, -DBL_MIN};
    clv_churn_costs c;
    fill_costs(&c);
    for (size_t f = 0; f < sizeof fields / sizeof fields[0]; f++) {
        for (size_t b = 0; b < sizeof bad / sizeof bad[0]; b++) {
            clv_churn_counts k = worked_example();
            *(double *)((char *)&k + fields[f]) = bad[b];
            if (clv_churn_economics(&k, &c) != CLV_EDOM) {
                fail_msg("field %zu = %g not rejected with CLV_EDOM", f, bad[b]);
            }
        }
    }
    clv_churn_counts k = worked_example();
    k.new_customers = 0.0;
    assert_status(clv_churn_economics(&k, &c), CLV_EDOM);
    k.new_customers = -0.0;
    assert_status(clv_churn_economics(&k, &c), CLV_EDOM);
    assert_costs_untouched(&c);
}

/* Overflow is CLV_ERANGE. Each case makes exactly one of the documented products or sums
 * overflow (outputs derived from it follow), the rest of the counts keep it isolated:
 * - lost_lifetime_value: 1e307 churned x (30 x 5) = 1.5e309 (purchases and cac 0);
 * - cac: DBL_MAX spend over 0.5 new customers = 2 DBL_MAX;
 * - loyal_lifetime_value: profit DBL_MAX x 5 periods;
 * - lost_revenue: 1e300 churned x 1e10 x 5 = 5e310 (new customers spend as much: gap 0;
 *   profit and acquisition 0);
 * - revenue_gap: 1e300 churned x (1e10 - 0) = 1e310, while lost_revenue = 1e300 x 1e10 x
 *   1e-10 = 1e300 is representable;
 * - cost_of_churn: a sum, 1e306 x 150 + 1e306 x 120 = 2.7e308 (purchases and rework 0);
 * - breakeven_retention_spend: rework 1e300 over 1e-10 churned = 1e310. */
static void test_churn_economics_overflow_is_erange(void **state) {
    (void)state;
    clv_churn_costs c;
    fill_costs(&c);
    clv_churn_counts k = worked_example();
    k.churned_customers = 1e307;
    k.purchase_loyal = k.purchase_new = k.acquisition_spend = 0.0;
    assert_status(clv_churn_economics(&k, &c), CLV_ERANGE);

    k = worked_example();
    k.acquisition_spend = DBL_MAX;
    k.new_customers = 0.5;
    assert_status(clv_churn_economics(&k, &c), CLV_ERANGE);

    k = worked_example();
    k.profit_loyal = DBL_MAX;
    assert_status(clv_churn_economics(&k, &c), CLV_ERANGE);

    k = worked_example();
    k.churned_customers = 1e300;
    k.purchase_loyal = k.purchase_new = 1e10;
    k.profit_loyal = k.acquisition_spend = 0.0;
    assert_status(clv_churn_economics(&k, &c), CLV_ERANGE);

    k = worked_example();
    k.churned_customers = 1e300;
    k.purchase_loyal = 1e10;
    k.purchase_new = 0.0;
    k.loyal_periods = 1e-10;
    k.profit_loyal = k.acquisition_spend = 0.0;
    assert_status(clv_churn_economics(&k, &c), CLV_ERANGE);

    k = worked_example();
    k.churned_customers = 1e306;
    k.purchase_loyal = k.purchase_new = k.rework_cost = 0.0;
    assert_status(clv_churn_economics(&k, &c), CLV_ERANGE);

    k = worked_example();
    k.churned_customers = 1e-10;
    k.rework_cost = 1e300;
    assert_status(clv_churn_economics(&k, &c), CLV_ERANGE);
    assert_costs_untouched(&c);

    /* Just below the cost_of_churn limit the same counts succeed: 1e305 x 270 = 2.7e307. */
    k = worked_example();
    k.churned_customers = 1e305;
    k.purchase_loyal = k.purchase_new = k.rework_cost = 0.0;
    assert_status(clv_churn_economics(&k, &c), CLV_OK);
    assert_close(c.cost_of_churn, 2.7e307, 1e-15); /* three rounded products and a sum */
}

/* No spurious overflow: lost_revenue = n x purchase_loyal x loyal_periods must succeed when
 * that product is representable, whatever order the factors come in.
 * - n 2, purchase_loyal DBL_MAX, loyal_periods 0.25 (purchase_new DBL_MAX too, so the revenue
 *   gap is 0; profit 0): lost_revenue = DBL_MAX/2, exact (powers of two);
 * - n 0, purchase_loyal 1e200 over 1e200 periods (profit 0): nobody churned, so
 *   lost_revenue = 0 although 1e200 x 1e200 alone would overflow. */
static void test_churn_economics_lost_revenue_has_no_spurious_overflow(void **state) {
    (void)state;
    clv_churn_costs c;
    fill_costs(&c);
    clv_churn_counts k = worked_example();
    k.churned_customers = 2.0;
    k.purchase_loyal = DBL_MAX;
    k.purchase_new = DBL_MAX;
    k.loyal_periods = 0.25;
    k.profit_loyal = 0.0;
    assert_status(clv_churn_economics(&k, &c), CLV_OK);
    assert_true(c.lost_revenue == DBL_MAX / 2);
    assert_true(c.revenue_gap == 0.0);

    k = worked_example();
    k.churned_customers = 0.0;
    k.purchase_loyal = 1e200;
    k.loyal_periods = 1e200;
    k.profit_loyal = 0.0;
    k.rework_cost = 0.0;
    fill_costs(&c);
    assert_status(clv_churn_economics(&k, &c), CLV_OK);
    assert_true(c.lost_revenue == 0.0);
    assert_true(c.loyal_lifetime_value == 0.0);
    assert_close(c.breakeven_retention_spend, 120.0, 0.0); /* 0 + cac */
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_retention_gain_r80_to_85_at_10pct_raises_value_27_5pct),
        cmocka_unit_test(test_retention_gain_start_timing_r80_to_85_raises_value_20pct),
        cmocka_unit_test(test_retention_gain_two_periods_r50_to_100_by_hand),
        cmocka_unit_test(test_retention_gain_ten_periods_matches_mpmath),
        cmocka_unit_test(test_retention_gain_loss_negative_margin_and_zero_gain),
        cmocka_unit_test(test_retention_gain_start_timing_from_and_to_zero_retention),
        cmocka_unit_test(test_retention_gain_rejects_null_effect),
        cmocka_unit_test(test_retention_gain_rejects_unknown_timing_and_fractional_horizon),
        cmocka_unit_test(test_retention_gain_rejects_nonfinite_zero_margin_and_out_of_domain),
        cmocka_unit_test(test_retention_gain_rejects_r_plus_gain_outside_unit_interval),
        cmocka_unit_test(test_retention_gain_rejects_zero_value_before),
        cmocka_unit_test(test_retention_gain_undiscounted_retention_1_forever_diverges),
        cmocka_unit_test(test_retention_gain_overflow_is_erange),
        cmocka_unit_test(test_churn_economics_worked_example_every_field_by_hand),
        cmocka_unit_test(test_churn_economics_zero_churned_customers),
        cmocka_unit_test(test_churn_economics_negative_gap_fractional_counts_and_free_acquisition),
        cmocka_unit_test(test_churn_economics_rejects_null_pointers),
        cmocka_unit_test(test_churn_economics_rejects_nonfinite_negative_fields_and_zero_new),
        cmocka_unit_test(test_churn_economics_overflow_is_erange),
        cmocka_unit_test(test_churn_economics_lost_revenue_has_no_spurious_overflow),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
