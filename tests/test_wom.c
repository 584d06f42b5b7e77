/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Tests for lib/referral/wom.c: first-generation word-of-mouth reach (referral.h,
 * clv_wom_params_init and clv_wom_first_generation) and the branching model over generations
 * (clv_wom_reproduction_number, clv_wom_generations, clv_wom_total, clv_wom_time_to_reach,
 * clv_wom_dissatisfied_cost).
 */
#include "clv_test.h"

#include <float.h>
#include <string.h>

#include "oracles/referral_oracles.h"
#include "referral.h"

/* A clv_wom_reach full of a recognisable value, to show that failing calls write nothing. */
static clv_wom_reach sentinel_reach(void) {
    clv_wom_reach r;
    r.told_positive = r.told_negative = r.customers_won = r.customers_deterred = -4242.0;
    r.net_customers = r.value_won = r.value_lost = r.net_value = -4242.0;
    return r;
}

static void assert_reach_untouched(const clv_wom_reach *got) {
    clv_wom_reach s = sentinel_reach();
    assert_memory_equal(got, &s, sizeof s);
}

/* Parameters of the worked example: the retail defaults 5 and 10, conversion 1/8 and
 * deterrence 1/4 (dyadic, so the hand arithmetic below is exact in binary). */
static clv_wom_params example_params(void) {
    clv_wom_params p;
    assert_status(clv_wom_params_init(&p), CLV_OK);
    p.conversion = 0.125;
    p.deterrence = 0.25;
    return p;
}

/* ---- defaults ---------------------------------------------------------------------------- */

/* referral.h: told_satisfied = CLV_WOM_TOLD_SATISFIED = 5, told_dissatisfied =
 * CLV_WOM_TOLD_DISSATISFIED = 10, both rates 0; every field overwritten. */
static void test_wom_params_init_gives_defaults_5_and_10_and_zero_rates(void **state) {
    (void)state;
    clv_wom_params p;
    p.told_satisfied = p.told_dissatisfied = p.conversion = p.deterrence = NAN;
    assert_status(clv_wom_params_init(&p), CLV_OK);
    assert_true(p.told_satisfied == 5.0);
    assert_true(p.told_dissatisfied == 10.0);
    assert_true(p.conversion == 0.0);
    assert_true(p.deterrence == 0.0);
    assert_true(p.told_satisfied == CLV_WOM_TOLD_SATISFIED);
    assert_true(p.told_dissatisfied == CLV_WOM_TOLD_DISSATISFIED);
}

/* The same defaults through clv_constant(), the FFI route (clv.h: integers exactly). */
static void test_wom_defaults_match_clv_constant(void **state) {
    (void)state;
    double ks = 0.0, kd = 0.0;
    assert_status(clv_constant("CLV_WOM_TOLD_SATISFIED", &ks), CLV_OK);
    assert_status(clv_constant("CLV_WOM_TOLD_DISSATISFIED", &kd), CLV_OK);
    assert_true(ks == 5.0);
    assert_true(kd == 10.0);
    clv_wom_params p;
    assert_status(clv_wom_params_init(&p), CLV_OK);
    assert_true(p.told_satisfied == ks && p.told_dissatisfied == kd);
}

static void test_wom_params_init_null_is_einval(void **state) {
    (void)state;
    assert_status(clv_wom_params_init(NULL), CLV_EINVAL);
}

/* ---- values ------------------------------------------------------------------------------ */

/*
 * Worked example, by hand. S = 200 satisfied, D = 30 dissatisfied, k_s = 5, k_d = 10,
 * c = 1/8, g = 1/4, customer value 1500:
 *   told_positive      = 200 x 5        = 1000
 *   told_negative      = 30 x 10        = 300
 *   customers_won      = 1000 x 1/8     = 125
 *   customers_deterred = 300 x 1/4      = 75
 *   net_customers      = 125 - 75       = 50
 *   value_won          = 125 x 1500     = 187500
 *   value_lost         = 75 x 1500      = 112500
 *   net_value          = 187500 - 112500 = 75000
 * Every operand is a dyadic rational and every result an integer below 2^53, so the
 * arithmetic is exact: compared with ==.
 */
static void test_wom_first_generation_worked_example_every_field(void **state) {
    (void)state;
    clv_wom_params p = example_params();
    clv_wom_reach r;
    assert_status(clv_wom_first_generation(&p, 200.0, 30.0, 1500.0, &r), CLV_OK);
    assert_true(r.told_positive == 1000.0);
    assert_true(r.told_negative == 300.0);
    assert_true(r.customers_won == 125.0);
    assert_true(r.customers_deterred == 75.0);
    assert_true(r.net_customers == 50.0);
    assert_true(r.value_won == 187500.0);
    assert_true(r.value_lost == 112500.0);
    assert_true(r.net_value == 75000.0);
}

/*
 * Word of mouth that loses customers, with a loss-making customer (referral.h: customer
 * value "any finite value"). S = 40, D = 25, k_s = 3, k_d = 8, c = 0.2, g = 0.3, value -50:
 *   told_positive = 120, told_negative = 200, customers_won = 24, customers_deterred = 60,
 *   net_customers = -36, value_won = -1200, value_lost = -3000, net_value = 1800.
 * 0.2 and 0.3 are not exact in binary: tolerance 1e-15 relative (one or two roundings).
 */
static void test_wom_first_generation_net_negative_with_loss_making_customer(void **state) {
    (void)state;
    clv_wom_params p = {3.0, 8.0, 0.2, 0.3};
    clv_wom_reach r;
    assert_status(clv_wom_first_generation(&p, 40.0, 25.0, -50.0, &r), CLV_OK);
    assert_true(r.told_positive == 120.0);
    assert_true(r.told_negative == 200.0);
    assert_close(r.customers_won, 24.0, 1e-15);
    assert_close(r.customers_deterred, 60.0, 1e-15);
    assert_close(r.net_customers, -36.0, 1e-15);
    assert_close(r.value_won, -1200.0, 1e-15);
    assert_close(r.value_lost, -3000.0, 1e-15);
    assert_close(r.net_value, 1800.0, 1e-15);
}

/* With the defaults' zero rates, people are told (S x 5, D x 10) but nobody is won or
 * deterred: 10 x 5 = 50 and 4 x 10 = 40, all else 0. */
static void test_wom_defaults_tell_but_win_and_deter_nobody(void **state) {
    (void)state;
    clv_wom_params p;
    clv_wom_reach r;
    assert_status(clv_wom_params_init(&p), CLV_OK);
    assert_status(clv_wom_first_generation(&p, 10.0, 4.0, 300.0, &r), CLV_OK);
    assert_true(r.told_positive == 50.0 && r.told_negative == 40.0);
    assert_true(r.customers_won == 0.0 && r.customers_deterred == 0.0);
    assert_true(r.net_customers == 0.0);
    assert_true(r.value_won == 0.0 && r.value_lost == 0.0 && r.net_value == 0.0);
}

/* The edges of the domain are accepted: rates 0 and 1, zero counts, zero told, value 0.
 * Rates 1: every listener converts or is deterred: won = 7 x 5 = 35, deterred = 2 x 10 = 20. */
static void test_wom_first_generation_accepts_domain_edges(void **state) {
    (void)state;
    clv_wom_params p = {5.0, 10.0, 1.0, 1.0};
    clv_wom_reach r;
    assert_status(clv_wom_first_generation(&p, 7.0, 2.0, 0.0, &r), CLV_OK);
    assert_true(r.customers_won == 35.0 && r.customers_deterred == 20.0);
    assert_true(r.net_customers == 15.0);
    assert_true(r.value_won == 0.0 && r.net_value == 0.0);

    clv_wom_params z = {0.0, 0.0, 0.0, 0.0};
    assert_status(clv_wom_first_generation(&z, 0.0, 0.0, 100.0, &r), CLV_OK);
    assert_true(r.told_positive == 0.0 && r.told_negative == 0.0 && r.net_value == 0.0);
}

/* The largest representable result is not an overflow: DBL_MAX satisfied customers who each
 * tell one person, all converting, worth 1 each: told_positive = value_won = DBL_MAX. */
static void test_wom_first_generation_dbl_max_result_is_accepted(void **state) {
    (void)state;
    clv_wom_params p = {1.0, 10.0, 1.0, 0.0};
    clv_wom_reach r;
    assert_status(clv_wom_first_generation(&p, DBL_MAX, 0.0, 1.0, &r), CLV_OK);
    assert_true(r.told_positive == DBL_MAX);
    assert_true(r.value_won == DBL_MAX && r.net_value == DBL_MAX);
}

/* ---- errors ------------------------------------------------------------------------------ */

static void test_wom_first_generation_null_pointers_are_einval(void **state) {
    (void)state;
    clv_wom_params p = example_params();
    clv_wom_reach r = sentinel_reach();
    assert_status(clv_wom_first_generation(NULL, 1.0, 1.0, 1.0, &r), CLV_EINVAL);
    assert_reach_untouched(&r);
    assert_status(clv_wom_first_generation(&p, 1.0, 1.0, 1.0, NULL), CLV_EINVAL);
}

/* Each parameter field in turn non-finite, negative (told) or outside [0, 1] (rates):
 * CLV_EDOM, output untouched. */
static void test_wom_first_generation_bad_params_are_edom(void **state) {
    (void)state;
    const double bad_told[] = {NAN, INFINITY, -INFINITY, -1.0, -DBL_MIN};
    const double bad_rate[] = {NAN, INFINITY, -INFINITY, -0.1, -DBL_MIN, 1.0000000000000002, 1.5};
    for (size_t i = 0; i < sizeof bad_told / sizeof bad_told[0]; i++) {
        clv_wom_params p = example_params();
        clv_wom_reach r = sentinel_reach();
        p.told_satisfied = bad_told[i];
        assert_status(clv_wom_first_generation(&p, 10.0, 10.0, 100.0, &r), CLV_EDOM);
        assert_reach_untouched(&r);
        p = example_params();
        p.told_dissatisfied = bad_told[i];
        assert_status(clv_wom_first_generation(&p, 10.0, 10.0, 100.0, &r), CLV_EDOM);
        assert_reach_untouched(&r);
    }
    for (size_t i = 0; i < sizeof bad_rate / sizeof bad_rate[0]; i++) {
        clv_wom_params p = example_params();
        clv_wom_reach r = sentinel_reach();
        p.conversion = bad_rate[i];
        assert_status(clv_wom_first_generation(&p, 10.0, 10.0, 100.0, &r), CLV_EDOM);
        assert_reach_untouched(&r);
        p = example_params();
        p.deterrence = bad_rate[i];
        assert_status(clv_wom_first_generation(&p, 10.0, 10.0, 100.0, &r), CLV_EDOM);
        assert_reach_untouched(&r);
    }
}

/* Satisfied or dissatisfied count non-finite or negative; customer value non-finite:
 * CLV_EDOM, output untouched. */
static void test_wom_first_generation_bad_counts_and_value_are_edom(void **state) {
    (void)state;
    const double bad_count[] = {NAN, INFINITY, -INFINITY, -1.0, -DBL_MIN};
    const double bad_value[] = {NAN, INFINITY, -INFINITY};
    clv_wom_params p = example_params();
    for (size_t i = 0; i < sizeof bad_count / sizeof bad_count[0]; i++) {
        clv_wom_reach r = sentinel_reach();
        assert_status(clv_wom_first_generation(&p, bad_count[i], 10.0, 100.0, &r), CLV_EDOM);
        assert_reach_untouched(&r);
        assert_status(clv_wom_first_generation(&p, 10.0, bad_count[i], 100.0, &r), CLV_EDOM);
        assert_reach_untouched(&r);
    }
    for (size_t i = 0; i < sizeof bad_value / sizeof bad_value[0]; i++) {
        clv_wom_reach r = sentinel_reach();
        assert_status(clv_wom_first_generation(&p, 10.0, 10.0, bad_value[i], &r), CLV_EDOM);
        assert_reach_untouched(&r);
    }
}

/* Overflow of any result: CLV_ERANGE, output untouched.
 * - DBL_MAX satisfied x 5 told: told_positive overflows;
 * - DBL_MAX dissatisfied x 10 told: told_negative overflows;
 * - 16 satisfied x 5 x 1/8 = 10 customers won x DBL_MAX value: value_won overflows;
 * - 4 dissatisfied x 10 x 1/4 = 10 deterred x -DBL_MAX value: value_lost overflows. */
static void test_wom_first_generation_overflow_is_erange(void **state) {
    (void)state;
    clv_wom_params p = example_params();
    clv_wom_reach r = sentinel_reach();
    assert_status(clv_wom_first_generation(&p, DBL_MAX, 0.0, 1.0, &r), CLV_ERANGE);
    assert_reach_untouched(&r);
    assert_status(clv_wom_first_generation(&p, 0.0, DBL_MAX, 1.0, &r), CLV_ERANGE);
    assert_reach_untouched(&r);
    assert_status(clv_wom_first_generation(&p, 16.0, 0.0, DBL_MAX, &r), CLV_ERANGE);
    assert_reach_untouched(&r);
    assert_status(clv_wom_first_generation(&p, 0.0, 4.0, -DBL_MAX, &r), CLV_ERANGE);
    assert_reach_untouched(&r);
}

/* ======================================================================================== */
/* Word of mouth over generations: clv_wom_reproduction_number, clv_wom_generations,        */
/* clv_wom_total, clv_wom_time_to_reach, clv_wom_dissatisfied_cost.                         */
/* Reference values: the recurrence of referral.h run here generation by generation, hand   */
/* calculations, and tests/oracles/referral_oracles.py (mpmath, 50 digits, the recurrence). */
/* ======================================================================================== */

/*
 * A dyadic parameter set for hand calculations, exact in binary: k_s = 4, c = 1/4 (m = 1 new
 * customer per satisfied one), s = 3/4 (R = 3/4), k_d = 8, g = 1/8 (g k_d = 1 prospect
 * deterred per dissatisfied customer). Base S_0 = 64, D_0 = 16.
 */
static const clv_wom_params dyadic = {4.0, 8.0, 0.25, 0.125};
#define DYADIC_S 0.75

static clv_wom_params set_params(int set) {
    const wom_set *w = &wom_sets[set];
    clv_wom_params p = {w->ks, w->kd, w->c, w->g};
    return p;
}

/* The recurrence of referral.h, run for n generations from (S_0, D_0): rows[i] is
 * generation i + 1, with running sums. Independent of the library's closed forms. */
static void run_recurrence(const clv_wom_params *p, double s, double S0, double D0, size_t n,
                           clv_wom_generation *rows) {
    double sat = S0, dis = D0, won_total = 0.0, det_total = 0.0;
    for (size_t i = 0; i < n; i++) {
        double won = p->conversion * p->told_satisfied * sat;
        double deterred = p->deterrence * p->told_dissatisfied * dis;
        sat = s * won;
        dis = (1.0 - s) * won;
        won_total += won;
        det_total += deterred;
        rows[i].satisfied = sat;
        rows[i].dissatisfied = dis;
        rows[i].customers_won = won;
        rows[i].customers_deterred = deterred;
        rows[i].cumulative_won = won_total;
        rows[i].cumulative_deterred = det_total;
    }
}

static void assert_row_close(const clv_wom_generation *got, const clv_wom_generation *want,
                             double tol, size_t n) {
    const double g[6] = {got->satisfied,          got->dissatisfied,   got->customers_won,
                         got->customers_deterred, got->cumulative_won, got->cumulative_deterred};
    const double w[6] = {want->satisfied,          want->dissatisfied,   want->customers_won,
                         want->customers_deterred, want->cumulative_won, want->cumulative_deterred};
    for (int k = 0; k < 6; k++) {
        double err = w[k] == 0.0 ? fabs(g[k]) : fabs(g[k] - w[k]) / fabs(w[k]);
        if (!(err <= tol)) {
            fail_msg("generation %zu field %d: %.17g, expected %.17g (rel %.3g > %.3g)", n, k, g[k],
                     w[k], err, tol);
        }
    }
}

/* ---- reproduction number ----------------------------------------------------------------- */

/* R = s k_s c: 0.8 x 5 x 0.1 = 0.4 (referral.h's example), 3/4 for the dyadic set. */
static void test_wom_reproduction_number_is_s_ks_c(void **state) {
    (void)state;
    clv_wom_params p = set_params(WOM_A);
    double r = -1.0;
    assert_status(clv_wom_reproduction_number(&p, 0.8, &r), CLV_OK);
    assert_close(r, 0.4, 2e-16);
    assert_status(clv_wom_reproduction_number(&dyadic, DYADIC_S, &r), CLV_OK);
    assert_true(r == 0.75);
    assert_status(clv_wom_reproduction_number(&dyadic, 0.0, &r), CLV_OK);
    assert_true(r == 0.0);
}

/* ---- generations ------------------------------------------------------------------------- */

/*
 * By hand, the dyadic set from S_0 = 64, D_0 = 16:
 *   generation 1: won 1 x 64 = 64 (48 satisfied, 16 not), deterred 1 x D_0 = 16
 *   generation 2: won 48 (36, 12), deterred 16 (the 16 dissatisfied of generation 1)
 *   generation 3: won 36 (27, 9), deterred 12
 *   cumulative: won 64, 112, 148; deterred 16, 32, 44. All exact.
 */
static void test_wom_generations_dyadic_by_hand(void **state) {
    (void)state;
    clv_wom_generation g[3];
    assert_status(clv_wom_generations(&dyadic, DYADIC_S, 64.0, 16.0, 3, g), CLV_OK);
    const double want[3][6] = {
        {48, 16, 64, 16, 64, 16}, {36, 12, 48, 16, 112, 32}, {27, 9, 36, 12, 148, 44}};
    for (int i = 0; i < 3; i++) {
        const double got[6] = {g[i].satisfied,      g[i].dissatisfied,
                               g[i].customers_won,  g[i].customers_deterred,
                               g[i].cumulative_won, g[i].cumulative_deterred};
        for (int k = 0; k < 6; k++) {
            if (got[k] != want[i][k]) {
                fail_msg("generation %d field %d: %.17g, expected %g", i + 1, k, got[k],
                         want[i][k]);
            }
        }
    }
}

/* referral.h's example: defaults, c = 0.1, g = 0.2, s = 0.8, S_0 = 100, D_0 = 20: generation
 * 1 wins 50 (40 satisfied, 10 not) and deters 40. */
static void test_wom_generations_header_example(void **state) {
    (void)state;
    clv_wom_params p = set_params(WOM_A);
    clv_wom_generation g;
    assert_status(clv_wom_generations(&p, 0.8, 100.0, 20.0, 1, &g), CLV_OK);
    assert_close(g.customers_won, 50.0, 4e-16);
    assert_close(g.satisfied, 40.0, 4e-16);
    assert_close(g.dissatisfied, 10.0, 4e-15);
    assert_close(g.customers_deterred, 40.0, 4e-16);
}

/*
 * The closed forms against the recurrence run in the test, for R = 0, 0.4, 0.81, 3/4, 1,
 * 1.35 and 2.5 over 200 generations. Tolerance 1e-15 (8 + 4n) relative: R is formed with two
 * roundings, so R^(n-1) may differ by ~2n ulps from the recurrence's n products, each of
 * which rounds too.
 */
static void test_wom_generations_equal_the_recurrence(void **state) {
    (void)state;
    const struct {
        clv_wom_params p;
        double s, S0, D0;
    } cases[] = {
        {{5.0, 10.0, 0.1, 0.2}, 0.8, 100.0, 20.0},    /* R = 0.4 */
        {{3.0, 11.0, 0.3, 0.15}, 0.9, 1234.5, 321.0}, /* R = 0.81 */
        {{4.0, 8.0, 0.25, 0.125}, 0.75, 64.0, 16.0},  /* R = 3/4 */
        {{4.0, 10.0, 0.25, 0.3}, 1.0, 10.0, 5.0},     /* R = 1, nobody dissatisfied */
        {{6.0, 10.0, 0.25, 0.3}, 0.9, 250.0, 75.0},   /* R = 1.35 */
        {{5.0, 12.0, 0.5, 0.05}, 1.0, 2.0, 1.0},      /* R = 2.5 */
        {{5.0, 10.0, 0.2, 0.4}, 0.0, 30.0, 30.0},     /* R = 0: no satisfied new customer */
    };
    enum { N = 200 };
    static clv_wom_generation got[N], want[N];
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        assert_status(
            clv_wom_generations(&cases[c].p, cases[c].s, cases[c].S0, cases[c].D0, N, got), CLV_OK);
        run_recurrence(&cases[c].p, cases[c].s, cases[c].S0, cases[c].D0, N, want);
        for (size_t i = 0; i < N; i++) {
            assert_row_close(&got[i], &want[i], 1e-15 * (8.0 + 4.0 * (double)(i + 1)), i + 1);
        }
    }
}

/* mpmath oracle (the recurrence at 50 digits) for the sets A-D, 40 generations, including
 * R = 1 - 2^-40 (set C) where W(n) = m S_0 (1 - R^n)/(1 - R) in doubles would cancel to the
 * last 4 digits. Tolerance as above. */
static void test_wom_generations_match_mpmath(void **state) {
    (void)state;
    clv_wom_generation g[WOM_ORACLE_GENERATIONS];
    for (int set = WOM_A; set <= WOM_D; set++) {
        clv_wom_params p = set_params(set);
        const wom_set *w = &wom_sets[set];
        assert_status(clv_wom_generations(&p, w->s, w->S0, w->D0, WOM_ORACLE_GENERATIONS, g),
                      CLV_OK);
        for (size_t i = 0; i < WOM_ORACLE_GENERATIONS; i++) {
            const double *o = wom_generation_oracle[set][i];
            clv_wom_generation want = {o[0], o[1], o[2], o[3], o[4], o[5]};
            assert_row_close(&g[i], &want, 1e-15 * (8.0 + 4.0 * (double)(i + 1)), i + 1);
        }
    }
}

/* Asking for fewer generations gives the same first rows (each row is computed on its own). */
static void test_wom_generations_prefix_is_stable(void **state) {
    (void)state;
    clv_wom_params p = set_params(WOM_B);
    const wom_set *w = &wom_sets[WOM_B];
    clv_wom_generation many[30], few[7];
    assert_status(clv_wom_generations(&p, w->s, w->S0, w->D0, 30, many), CLV_OK);
    assert_status(clv_wom_generations(&p, w->s, w->S0, w->D0, 7, few), CLV_OK);
    assert_memory_equal(few, many, sizeof few);
}

/* Found by fuzz/fuzz_referral.c: with g k_d subnormal (k_d = 4.9e-324) and 1 - s = 1e-12,
 * the product g k_d (1 - s) underflowed to 0 in the per-generation deterred count while the
 * cumulative L(n) = g k_d (D_0 + (1 - s) W(n - 1)) did not: the rows must still add up. */
static void test_wom_generations_subnormal_deterrence_rows_add_up(void **state) {
    (void)state;
    const double near1 = 1.0 - 1e-12;
    clv_wom_params p = {6.0, 4.9e-324, near1, near1};
    enum { N = 63 };
    clv_wom_generation g[N];
    assert_status(clv_wom_generations(&p, near1, 99.0, 5.0, N, g), CLV_OK);
    double sum = 0.0;
    for (size_t i = 0; i < N; i++) {
        sum += g[i].customers_deterred;
        /* early rows are themselves subnormal (a few ulps of 4.9e-324): 1e-300 absolute */
        assert_near(g[i].cumulative_deterred, sum, 1e-12 * sum + 1e-300);
    }
    assert_true(g[N - 1].customers_deterred > 0.0);
}

/* ---- totals ------------------------------------------------------------------------------ */

/*
 * By hand, the dyadic set: W = m S_0 / (1 - R) = 64 / (1/4) = 256 (192 satisfied, 64 not),
 * L = g k_d (D_0 + (1 - s) W) = 16 + 64 = 80, net 176; at 250 a customer: 64000 won,
 * 20000 lost, 44000 net. Exact.
 */
static void test_wom_total_dyadic_by_hand(void **state) {
    (void)state;
    clv_wom_totals t;
    assert_status(clv_wom_total(&dyadic, DYADIC_S, 64.0, 16.0, 250.0, &t), CLV_OK);
    assert_true(t.reproduction_number == 0.75);
    assert_true(t.customers_won == 256.0);
    assert_true(t.satisfied_won == 192.0 && t.dissatisfied_won == 64.0);
    assert_true(t.customers_deterred == 80.0);
    assert_true(t.net_customers == 176.0);
    assert_true(t.value_won == 64000.0 && t.value_lost == 20000.0 && t.net_value == 44000.0);
}

/* referral.h's example: W = 50 / 0.6 = 83.33, L = 2 (20 + 0.2 W) = 73.33; and the mpmath
 * oracle for sets A, B and C (R = 1 - 2^-40: W = 4e15 customers, exact to the ulp since
 * 1 - R is exact). Tolerance 1e-14 (R from two roundings, then 1 / (1 - R)). */
static void test_wom_total_matches_mpmath(void **state) {
    (void)state;
    for (int set = WOM_A; set <= WOM_C; set++) {
        clv_wom_params p = set_params(set);
        const wom_set *w = &wom_sets[set];
        clv_wom_totals t;
        assert_status(clv_wom_total(&p, w->s, w->S0, w->D0, 120.0, &t), CLV_OK);
        assert_close(t.reproduction_number, wom_total_oracle[set][0], 1e-15);
        assert_close(t.customers_won, wom_total_oracle[set][1], 1e-14);
        assert_close(t.customers_deterred, wom_total_oracle[set][2], 1e-14);
        assert_close(t.value_won, 120.0 * wom_total_oracle[set][1], 1e-14);
    }
    clv_wom_params p = set_params(WOM_A);
    clv_wom_totals t;
    assert_status(clv_wom_total(&p, 0.8, 100.0, 20.0, 1.0, &t), CLV_OK);
    assert_close(t.customers_won, 250.0 / 3.0, 1e-15);
    assert_close(t.customers_deterred, 220.0 / 3.0, 1e-15);
}

/* The totals are the limit of the cumulative generations: R = 0.81 after 400 generations
 * (R^400 = 1e-37) and the dyadic set after 200 (0.75^200 = 1e-25). */
static void test_wom_total_is_limit_of_generations(void **state) {
    (void)state;
    static clv_wom_generation g[400];
    clv_wom_params p = set_params(WOM_B);
    const wom_set *w = &wom_sets[WOM_B];
    clv_wom_totals t;
    assert_status(clv_wom_generations(&p, w->s, w->S0, w->D0, 400, g), CLV_OK);
    assert_status(clv_wom_total(&p, w->s, w->S0, w->D0, 1.0, &t), CLV_OK);
    assert_close(g[399].cumulative_won, t.customers_won, 1e-14);
    assert_close(g[399].cumulative_deterred, t.customers_deterred, 1e-14);
    assert_status(clv_wom_generations(&dyadic, DYADIC_S, 64.0, 16.0, 200, g), CLV_OK);
    assert_status(clv_wom_total(&dyadic, DYADIC_S, 64.0, 16.0, 1.0, &t), CLV_OK);
    assert_close(g[199].cumulative_won, t.customers_won, 1e-15);
    assert_close(g[199].cumulative_deterred, t.customers_deterred, 1e-15);
}

/* R >= 1 with satisfied customers: no total, CLV_EDIVERGE and nothing written (R = 1 exactly
 * and R = 1.35). Without satisfied customers nobody is ever won and the totals exist:
 * W = 0, L = g k_d D_0 = 0.3 x 10 x 75 = 225. */
static void test_wom_total_diverges_for_r_at_least_1(void **state) {
    (void)state;
    clv_wom_params one = {4.0, 10.0, 0.25, 0.3};
    clv_wom_params grow = set_params(WOM_D);
    clv_wom_totals t, sentinel;
    memset(&t, 0xA5, sizeof t);
    memcpy(&sentinel, &t, sizeof t);
    assert_status(clv_wom_total(&one, 1.0, 10.0, 5.0, 100.0, &t), CLV_EDIVERGE);
    assert_status(clv_wom_total(&grow, 0.9, 250.0, 75.0, 100.0, &t), CLV_EDIVERGE);
    assert_memory_equal(&t, &sentinel, sizeof t);
    assert_status(clv_wom_total(&grow, 0.9, 0.0, 75.0, 100.0, &t), CLV_OK);
    assert_true(t.customers_won == 0.0);
    assert_close(t.customers_deterred, 225.0, 1e-15);
    assert_close(t.reproduction_number, 1.35, 1e-15);
}

/* ---- time to reach ----------------------------------------------------------------------- */

/* By hand, the dyadic set: W(n) = 256 (1 - 0.75^n) = 64, 112, 148, 175, ... A target equal to
 * W(2) = 112 takes 2 generations, a hair more takes 3; 256 is the limit, never reached;
 * 0 takes none. Time = generations x cycle time (7 days). */
static void test_wom_time_to_reach_dyadic_by_hand(void **state) {
    (void)state;
    double n = -1.0, t = -1.0;
    assert_status(clv_wom_time_to_reach(&dyadic, DYADIC_S, 64.0, 112.0, 7.0, &n, &t), CLV_OK);
    assert_true(n == 2.0 && t == 14.0);
    assert_status(clv_wom_time_to_reach(&dyadic, DYADIC_S, 64.0, 112.00000001, 7.0, &n, &t),
                  CLV_OK);
    assert_true(n == 3.0 && t == 21.0);
    assert_status(clv_wom_time_to_reach(&dyadic, DYADIC_S, 64.0, 64.0, 7.0, &n, &t), CLV_OK);
    assert_true(n == 1.0 && t == 7.0);
    assert_status(clv_wom_time_to_reach(&dyadic, DYADIC_S, 64.0, 1e-300, 7.0, &n, &t), CLV_OK);
    assert_true(n == 1.0);
    assert_status(clv_wom_time_to_reach(&dyadic, DYADIC_S, 64.0, 0.0, 7.0, &n, &t), CLV_OK);
    assert_true(n == 0.0 && t == 0.0);
    assert_status(clv_wom_time_to_reach(&dyadic, DYADIC_S, 64.0, 256.0, 7.0, &n, &t), CLV_OK);
    assert_true(isinf(n) && n > 0.0 && isinf(t) && t > 0.0);
    assert_status(clv_wom_time_to_reach(&dyadic, DYADIC_S, 64.0, 255.0, 7.0, &n, &t), CLV_OK);
    /* 256 (1 - 0.75^n) >= 255  <=>  0.75^n <= 1/256  <=>  n >= 19.28 */
    assert_true(n == 20.0 && t == 140.0);
}

/* The mpmath oracle's generations (smallest n with W(n) >= target, confirmed on both sides at
 * 50 digits), for R = 0.4, 0.81, 1 - 2^-40 (100001 generations) and 1.35 (up to 10^300
 * customers); and the library's answer agrees with its own clv_wom_generations(): W(n - 1)
 * < target <= W(n). */
static void test_wom_time_to_reach_matches_mpmath_and_generations(void **state) {
    (void)state;
    for (size_t i = 0; i < sizeof wom_time_cases / sizeof wom_time_cases[0]; i++) {
        const wom_time_case *c = &wom_time_cases[i];
        clv_wom_params p = set_params(c->set);
        const wom_set *w = &wom_sets[c->set];
        double n = -1.0, t = -1.0;
        assert_status(clv_wom_time_to_reach(&p, w->s, w->S0, c->target, c->cycle_time, &n, &t),
                      CLV_OK);
        if (!(n == c->generations)) {
            fail_msg("case %zu (target %.17g): %.17g generations, oracle %.17g", i, c->target, n,
                     c->generations);
        }
        if (isinf(n)) {
            assert_true(isinf(t));
            continue;
        }
        assert_true(t == n * c->cycle_time);
        if (n <= 3000.0) {
            static clv_wom_generation g[3000];
            assert_status(clv_wom_generations(&p, w->s, w->S0, w->D0, (size_t)n, g), CLV_OK);
            assert_true(g[(size_t)n - 1].cumulative_won >= c->target);
            assert_true(n == 1.0 || g[(size_t)n - 2].cumulative_won < c->target);
        }
    }
}

/* On the boundary: a target equal to W(n) as clv_wom_generations() reports it takes exactly
 * n generations, and the next double above it n + 1 -- for R = 0.4, 0.81, 3/4, 1 and 1.35 and
 * n = 1..60 (for R < 1 while the generation still adds 1e-9 of the total). The closed-form guess
 * log(1 - x (1 - R)) / log R lands a rounding away from a whole number here, on either side, and
 * the answer must still be the smallest n. */
static void test_wom_time_to_reach_is_exact_at_every_boundary(void **state) {
    (void)state;
    const struct {
        clv_wom_params p;
        double s, S0;
    } cases[] = {
        {{5.0, 10.0, 0.1, 0.2}, 0.8, 100.0},   {{3.0, 11.0, 0.3, 0.15}, 0.9, 1234.5},
        {{4.0, 8.0, 0.25, 0.125}, 0.75, 64.0}, {{4.0, 10.0, 0.25, 0.3}, 1.0, 10.0},
        {{6.0, 10.0, 0.25, 0.3}, 0.9, 250.0},  {{7.0, 10.0, 0.13, 0.3}, 0.7, 33.3},
    };
    enum { N = 60 };
    clv_wom_generation g[N];
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        assert_status(clv_wom_generations(&cases[c].p, cases[c].s, cases[c].S0, 0.0, N, g), CLV_OK);
        for (size_t i = 0; i + 1 < N; i++) {
            double w = g[i].cumulative_won;
            if (!(g[i + 1].customers_won > 1e-9 * w)) {
                /* R < 1 near its limit: W(n) is then within a few ulps of m S_0 / (1 - R),
                 * where "reached" and "never" turn on the last digit of R. */
                break;
            }
            double n, t;
            assert_status(
                clv_wom_time_to_reach(&cases[c].p, cases[c].s, cases[c].S0, w, 1.0, &n, &t),
                CLV_OK);
            if (!(n == (double)(i + 1))) {
                fail_msg("case %zu: target W(%zu) = %.17g took %.17g generations", c, i + 1, w, n);
            }
            double above = nextafter(w, INFINITY);
            assert_status(
                clv_wom_time_to_reach(&cases[c].p, cases[c].s, cases[c].S0, above, 1.0, &n, &t),
                CLV_OK);
            if (!(n == (double)(i + 2))) {
                fail_msg("case %zu: target just above W(%zu) = %.17g took %.17g generations", c,
                         i + 1, w, n);
            }
        }
    }
}

/* Nobody is ever won (no satisfied customer, or c = 0): never, unless the target is 0. With
 * R = 0 (s = 0) only generation 1 wins: m S_0 = 150 customers, and nothing more. */
static void test_wom_time_to_reach_never_when_nobody_is_won(void **state) {
    (void)state;
    clv_wom_params p = {5.0, 10.0, 0.2, 0.4};
    double n, t;
    assert_status(clv_wom_time_to_reach(&p, 0.8, 0.0, 1.0, 1.0, &n, &t), CLV_OK);
    assert_true(isinf(n) && isinf(t));
    assert_status(clv_wom_time_to_reach(&p, 0.0, 150.0, 150.0, 2.0, &n, &t), CLV_OK);
    assert_true(n == 1.0 && t == 2.0);
    assert_status(clv_wom_time_to_reach(&p, 0.0, 150.0, 150.5, 2.0, &n, &t), CLV_OK);
    assert_true(isinf(n));
    p.conversion = 0.0;
    assert_status(clv_wom_time_to_reach(&p, 0.8, 100.0, 1.0, 1.0, &n, &t), CLV_OK);
    assert_true(isinf(n));
}

/* R = 1: W(n) = n m S_0 exactly: 1000 customers at 4 a generation take 250. */
static void test_wom_time_to_reach_at_r_1_is_linear(void **state) {
    (void)state;
    clv_wom_params p = {4.0, 10.0, 0.25, 0.3};
    double n, t;
    assert_status(clv_wom_time_to_reach(&p, 1.0, 4.0, 1000.0, 0.5, &n, &t), CLV_OK);
    assert_true(n == 250.0 && t == 125.0);
    assert_status(clv_wom_time_to_reach(&p, 1.0, 4.0, 1001.0, 0.5, &n, &t), CLV_OK);
    assert_true(n == 251.0);
}

/* ---- the cost of a dissatisfied customer ------------------------------------------------- */

/*
 * By hand, the dyadic set but g = 1/16 (g k_d = 1/2): a = s k_s c - (1 - s) k_d g =
 * 3/4 - 1/8 = 5/8, and s k_s c + (1 - s) k_d g = 7/8 < 1. Own value 100, customer value 40:
 *   h = 0: no word counted: cost 100;
 *   h = 1: the 1/2 deterred prospect only, e = 1: 100 + 0.5 x 40 = 120;
 *   h = 3: e = 1 + 5/8 + 25/64 = 129/64: 100 + 0.5 x 129/64 x 40 = 140.3125;
 *   h = inf: e = 1 / (1 - 5/8) = 8/3: 100 + 0.5 x 8/3 x 40 = 153.33.
 */
static void test_wom_dissatisfied_cost_by_hand(void **state) {
    (void)state;
    clv_wom_params p = {4.0, 8.0, 0.25, 0.0625};
    clv_wom_cost c;
    assert_status(clv_wom_dissatisfied_cost(&p, DYADIC_S, 100.0, 40.0, 0.0, &c), CLV_OK);
    assert_true(c.total_cost == 100.0 && c.deterred == 0.0 && c.lost_customers == 0.0);
    assert_true(c.net_reproduction == 0.625 && c.own_value == 100.0);
    assert_status(clv_wom_dissatisfied_cost(&p, DYADIC_S, 100.0, 40.0, 1.0, &c), CLV_OK);
    assert_true(c.deterred == 0.5 && c.customers_per_deterred == 1.0);
    assert_true(c.word_of_mouth_cost == 20.0 && c.total_cost == 120.0);
    assert_status(clv_wom_dissatisfied_cost(&p, DYADIC_S, 100.0, 40.0, 3.0, &c), CLV_OK);
    assert_close(c.customers_per_deterred, 129.0 / 64.0, 4e-16);
    assert_close(c.total_cost, 140.3125, 4e-16);
    assert_status(clv_wom_dissatisfied_cost(&p, DYADIC_S, 100.0, 40.0, INFINITY, &c), CLV_OK);
    assert_close(c.customers_per_deterred, 8.0 / 3.0, 4e-16);
    assert_close(c.lost_customers, 4.0 / 3.0, 4e-16);
    assert_close(c.total_cost, 100.0 + 160.0 / 3.0, 4e-16);
}

/* e against its recurrence e_j = 1 + a e_{j-1} run in the test, for a in {5/8, 0.4 - ..., -2,
 * 1.05} and horizons 1..60: tolerance 1e-15 (8 + h |log|a||) plus 1e-15 for the recurrence's
 * own rounding over h steps (scaled by h). */
static void test_wom_dissatisfied_cost_equals_recurrence(void **state) {
    (void)state;
    const struct {
        clv_wom_params p;
        double s;
    } cases[] = {
        {{4.0, 8.0, 0.25, 0.0625}, 0.75}, /* a = 5/8 */
        {{3.0, 11.0, 0.3, 0.15}, 0.9},    /* a = 0.81 - 0.165 = 0.645 */
        {{5.0, 10.0, 0.2, 0.3}, 0.5},     /* a = 0.5 - 1.5 = -1 */
        {{5.0, 20.0, 0.2, 0.6}, 0.4},     /* a = -6.8 */
        {{6.0, 10.0, 0.25, 0.3}, 0.9},    /* a = 1.35 - 0.3 = 1.05 */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const clv_wom_params *p = &cases[i].p;
        double s = cases[i].s;
        double a = s * p->told_satisfied * p->conversion -
                   (1.0 - s) * p->told_dissatisfied * p->deterrence;
        double e = 0.0;
        for (int h = 1; h <= 60; h++) {
            e = 1.0 + a * e;
            clv_wom_cost c;
            assert_status(clv_wom_dissatisfied_cost(p, s, 0.0, 1.0, (double)h, &c), CLV_OK);
            double scale = fabs(e) > 1.0 ? fabs(e) : 1.0;
            /* an alternating sum (a < 0) may be far smaller than its terms: tolerance on the
             * largest term |a|^(h-1) */
            double big = pow(fabs(a), h - 1) + scale;
            double tol = 1e-15 * (8.0 + 4.0 * h) * big;
            if (!(fabs(c.customers_per_deterred - e) <= tol)) {
                fail_msg("case %zu h %d: e = %.17g, recurrence %.17g", i, h,
                         c.customers_per_deterred, e);
            }
            assert_close(c.lost_customers, c.deterred * c.customers_per_deterred, 1e-15);
        }
    }
}

/* mpmath oracle: sets A (a = 0 to rounding), B, D (a = 1.05, finite horizons) and E
 * (a = -6.8, alternating). Tolerance 1e-15 (8 + 4h) relative to the largest term. */
static void test_wom_dissatisfied_cost_matches_mpmath(void **state) {
    (void)state;
    for (size_t i = 0; i < sizeof wom_cost_cases / sizeof wom_cost_cases[0]; i++) {
        const wom_cost_case *k = &wom_cost_cases[i];
        clv_wom_params p = set_params(k->set);
        clv_wom_cost c;
        assert_status(
            clv_wom_dissatisfied_cost(&p, wom_sets[k->set].s, k->own, k->value, k->horizon, &c),
            CLV_OK);
        double h = isinf(k->horizon) ? 50.0 : k->horizon;
        double big = fmax(1.0, pow(fabs(k->a), fmax(h - 1.0, 0.0)));
        double tol = 1e-15 * (8.0 + 4.0 * h);
        assert_true(fabs(c.net_reproduction - k->a) <= 1e-15 * (fabs(k->a) + 8.0));
        assert_close(c.deterred, k->deterred, 1e-15);
        assert_true(fabs(c.customers_per_deterred - k->e) <= tol * big);
        assert_true(fabs(c.lost_customers - k->lost) <= tol * big * fmax(1.0, k->deterred));
        double money = fabs(k->own) + fabs(k->value) * big * fmax(1.0, k->deterred);
        assert_true(fabs(c.total_cost - k->total) <= tol * money);
    }
}

/* An infinite horizon needs s k_s c + (1 - s) k_d g < 1: the dyadic set has exactly 1 (the
 * prospects' trees grow linearly), CLV_EDIVERGE; set D (R = 1.35) too. Nothing written. */
static void test_wom_dissatisfied_cost_infinite_horizon_diverges_at_rho_1(void **state) {
    (void)state;
    clv_wom_cost c, sentinel;
    memset(&c, 0xA5, sizeof c);
    memcpy(&sentinel, &c, sizeof c);
    assert_status(clv_wom_dissatisfied_cost(&dyadic, DYADIC_S, 100.0, 40.0, INFINITY, &c),
                  CLV_EDIVERGE);
    clv_wom_params d = set_params(WOM_D);
    assert_status(clv_wom_dissatisfied_cost(&d, 0.9, 100.0, 40.0, INFINITY, &c), CLV_EDIVERGE);
    assert_memory_equal(&c, &sentinel, sizeof c);
    /* finite horizons are always answered */
    assert_status(clv_wom_dissatisfied_cost(&dyadic, DYADIC_S, 100.0, 40.0, 10.0, &c), CLV_OK);
}

/* ---- errors of the branching functions --------------------------------------------------- */

/* Null pointers and zero generations: CLV_EINVAL, nothing written. */
static void test_wom_branching_null_pointers_are_einval(void **state) {
    (void)state;
    double x = -1.0, y = -1.0;
    clv_wom_generation g;
    clv_wom_totals t;
    clv_wom_cost c;
    memset(&g, 0xA5, sizeof g);
    clv_wom_generation g0 = g;
    assert_status(clv_wom_reproduction_number(NULL, 0.5, &x), CLV_EINVAL);
    assert_status(clv_wom_reproduction_number(&dyadic, 0.5, NULL), CLV_EINVAL);
    assert_status(clv_wom_generations(NULL, 0.5, 1.0, 1.0, 1, &g), CLV_EINVAL);
    assert_status(clv_wom_generations(&dyadic, 0.5, 1.0, 1.0, 1, NULL), CLV_EINVAL);
    assert_status(clv_wom_generations(&dyadic, 0.5, 1.0, 1.0, 0, &g), CLV_EINVAL);
    assert_memory_equal(&g, &g0, sizeof g);
    assert_status(clv_wom_total(NULL, 0.5, 1.0, 1.0, 1.0, &t), CLV_EINVAL);
    assert_status(clv_wom_total(&dyadic, 0.5, 1.0, 1.0, 1.0, NULL), CLV_EINVAL);
    assert_status(clv_wom_time_to_reach(NULL, 0.5, 1.0, 1.0, 1.0, &x, &y), CLV_EINVAL);
    assert_status(clv_wom_time_to_reach(&dyadic, 0.5, 1.0, 1.0, 1.0, NULL, &y), CLV_EINVAL);
    assert_status(clv_wom_time_to_reach(&dyadic, 0.5, 1.0, 1.0, 1.0, &x, NULL), CLV_EINVAL);
    assert_status(clv_wom_dissatisfied_cost(NULL, 0.5, 1.0, 1.0, 1.0, &c), CLV_EINVAL);
    assert_status(clv_wom_dissatisfied_cost(&dyadic, 0.5, 1.0, 1.0, 1.0, NULL), CLV_EINVAL);
    assert_true(x == -1.0 && y == -1.0);
}

/* Each parameter field, the share s, the counts, the values, the target, the cycle time and
 * the horizon in turn outside its domain: CLV_EDOM from every function that takes it
 * (a fractional horizon is CLV_EINVAL, as in clv.h), outputs untouched. */
static void test_wom_branching_bad_inputs_are_edom(void **state) {
    (void)state;
    const double bad_told[] = {NAN, INFINITY, -1.0, -DBL_MIN};
    const double bad_rate[] = {NAN, -0.1, 1.0000000000000002, INFINITY};
    const double bad_any[] = {NAN, INFINITY, -INFINITY};
    static clv_wom_generation g[2];
    clv_wom_totals t;
    clv_wom_cost c;
    double x = -1.0, y = -1.0;
    memset(g, 0xA5, sizeof g);
    memset(&t, 0xA5, sizeof t);
    memset(&c, 0xA5, sizeof c);
    clv_wom_totals t0 = t;
    clv_wom_cost c0 = c;
    unsigned char g0[sizeof g];
    memcpy(g0, g, sizeof g);
    for (int field = 0; field < 5; field++) {
        for (size_t i = 0; i < 4; i++) { /* both bad lists have 4 entries */
            clv_wom_params p = dyadic;
            double s = DYADIC_S;
            double v = field < 2 ? bad_told[i] : bad_rate[i];
            switch (field) {
            case 0:
                p.told_satisfied = v;
                break;
            case 1:
                p.told_dissatisfied = v;
                break;
            case 2:
                p.conversion = v;
                break;
            case 3:
                p.deterrence = v;
                break;
            default:
                s = v;
                break;
            }
            assert_status(clv_wom_reproduction_number(&p, s, &x), CLV_EDOM);
            assert_status(clv_wom_generations(&p, s, 10.0, 10.0, 2, g), CLV_EDOM);
            assert_status(clv_wom_total(&p, s, 10.0, 10.0, 1.0, &t), CLV_EDOM);
            assert_status(clv_wom_time_to_reach(&p, s, 10.0, 5.0, 1.0, &x, &y), CLV_EDOM);
            assert_status(clv_wom_dissatisfied_cost(&p, s, 1.0, 1.0, 2.0, &c), CLV_EDOM);
        }
    }
    for (size_t i = 0; i < 4; i++) {
        double bad = bad_told[i]; /* NaN, inf, negative: bad counts, targets */
        assert_status(clv_wom_generations(&dyadic, DYADIC_S, bad, 10.0, 2, g), CLV_EDOM);
        assert_status(clv_wom_generations(&dyadic, DYADIC_S, 10.0, bad, 2, g), CLV_EDOM);
        assert_status(clv_wom_total(&dyadic, DYADIC_S, bad, 10.0, 1.0, &t), CLV_EDOM);
        assert_status(clv_wom_total(&dyadic, DYADIC_S, 10.0, bad, 1.0, &t), CLV_EDOM);
        assert_status(clv_wom_time_to_reach(&dyadic, DYADIC_S, bad, 5.0, 1.0, &x, &y), CLV_EDOM);
        assert_status(clv_wom_time_to_reach(&dyadic, DYADIC_S, 10.0, bad, 1.0, &x, &y), CLV_EDOM);
    }
    const double bad_cycle[] = {0.0, -0.0, -1.0, NAN, INFINITY};
    for (size_t i = 0; i < sizeof bad_cycle / sizeof bad_cycle[0]; i++) {
        assert_status(clv_wom_time_to_reach(&dyadic, DYADIC_S, 10.0, 5.0, bad_cycle[i], &x, &y),
                      CLV_EDOM);
    }
    for (size_t i = 0; i < sizeof bad_any / sizeof bad_any[0]; i++) {
        assert_status(clv_wom_total(&dyadic, DYADIC_S, 10.0, 10.0, bad_any[i], &t), CLV_EDOM);
        assert_status(clv_wom_dissatisfied_cost(&dyadic, DYADIC_S, bad_any[i], 1.0, 2.0, &c),
                      CLV_EDOM);
        assert_status(clv_wom_dissatisfied_cost(&dyadic, DYADIC_S, 1.0, bad_any[i], 2.0, &c),
                      CLV_EDOM);
    }
    assert_status(clv_wom_dissatisfied_cost(&dyadic, DYADIC_S, 1.0, 1.0, -1.0, &c), CLV_EDOM);
    assert_status(clv_wom_dissatisfied_cost(&dyadic, DYADIC_S, 1.0, 1.0, NAN, &c), CLV_EDOM);
    assert_status(clv_wom_dissatisfied_cost(&dyadic, DYADIC_S, 1.0, 1.0, 2.5, &c), CLV_EINVAL);
    assert_memory_equal(g, g0, sizeof g);
    assert_memory_equal(&t, &t0, sizeof t);
    assert_memory_equal(&c, &c0, sizeof c);
    assert_true(x == -1.0 && y == -1.0);
}

/* Overflow: CLV_ERANGE and nothing written -- the whole array stays as it was, even though
 * the early generations alone would have been finite (R = 2.5: 2.5^800 ~ 1e318). */
static void test_wom_branching_overflow_is_erange_and_writes_nothing(void **state) {
    (void)state;
    clv_wom_params p = {5.0, 12.0, 0.5, 0.05};
    static clv_wom_generation g[800];
    static unsigned char before[sizeof g];
    memset(g, 0xA5, sizeof g);
    memcpy(before, g, sizeof g);
    assert_status(clv_wom_generations(&p, 1.0, 2.0, 1.0, 800, g), CLV_ERANGE);
    assert_memory_equal(g, before, sizeof g);
    assert_status(clv_wom_generations(&p, 1.0, 2.0, 1.0, 700, g), CLV_OK); /* 2.5^700 ~ 1e278 */
    /* totals: 1e300 customers won x a value of 1e300 */
    clv_wom_totals t;
    memset(&t, 0xA5, sizeof t);
    clv_wom_totals t0 = t;
    assert_status(clv_wom_total(&dyadic, DYADIC_S, 1e300, 0.0, 1e300, &t), CLV_ERANGE);
    assert_status(clv_wom_total(&dyadic, DYADIC_S, DBL_MAX, 0.0, 1.0, &t), CLV_ERANGE);
    assert_memory_equal(&t, &t0, sizeof t);
    /* time: 1 generation x a cycle time near DBL_MAX x 2 */
    double n = -1.0, tt = -1.0;
    assert_status(clv_wom_time_to_reach(&dyadic, DYADIC_S, 64.0, 100.0, DBL_MAX, &n, &tt),
                  CLV_ERANGE);
    assert_true(n == -1.0 && tt == -1.0);
    /* cost: e x value overflows */
    clv_wom_cost c;
    memset(&c, 0xA5, sizeof c);
    clv_wom_cost c0 = c;
    assert_status(clv_wom_dissatisfied_cost(&dyadic, DYADIC_S, 0.0, DBL_MAX, 5.0, &c), CLV_ERANGE);
    assert_memory_equal(&c, &c0, sizeof c);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wom_params_init_gives_defaults_5_and_10_and_zero_rates),
        cmocka_unit_test(test_wom_defaults_match_clv_constant),
        cmocka_unit_test(test_wom_params_init_null_is_einval),
        cmocka_unit_test(test_wom_first_generation_worked_example_every_field),
        cmocka_unit_test(test_wom_first_generation_net_negative_with_loss_making_customer),
        cmocka_unit_test(test_wom_defaults_tell_but_win_and_deter_nobody),
        cmocka_unit_test(test_wom_first_generation_accepts_domain_edges),
        cmocka_unit_test(test_wom_first_generation_dbl_max_result_is_accepted),
        cmocka_unit_test(test_wom_first_generation_null_pointers_are_einval),
        cmocka_unit_test(test_wom_first_generation_bad_params_are_edom),
        cmocka_unit_test(test_wom_first_generation_bad_counts_and_value_are_edom),
        cmocka_unit_test(test_wom_first_generation_overflow_is_erange),
        cmocka_unit_test(test_wom_reproduction_number_is_s_ks_c),
        cmocka_unit_test(test_wom_generations_dyadic_by_hand),
        cmocka_unit_test(test_wom_generations_header_example),
        cmocka_unit_test(test_wom_generations_equal_the_recurrence),
        cmocka_unit_test(test_wom_generations_match_mpmath),
        cmocka_unit_test(test_wom_generations_prefix_is_stable),
        cmocka_unit_test(test_wom_generations_subnormal_deterrence_rows_add_up),
        cmocka_unit_test(test_wom_total_dyadic_by_hand),
        cmocka_unit_test(test_wom_total_matches_mpmath),
        cmocka_unit_test(test_wom_total_is_limit_of_generations),
        cmocka_unit_test(test_wom_total_diverges_for_r_at_least_1),
        cmocka_unit_test(test_wom_time_to_reach_dyadic_by_hand),
        cmocka_unit_test(test_wom_time_to_reach_matches_mpmath_and_generations),
        cmocka_unit_test(test_wom_time_to_reach_is_exact_at_every_boundary),
        cmocka_unit_test(test_wom_time_to_reach_never_when_nobody_is_won),
        cmocka_unit_test(test_wom_time_to_reach_at_r_1_is_linear),
        cmocka_unit_test(test_wom_dissatisfied_cost_by_hand),
        cmocka_unit_test(test_wom_dissatisfied_cost_equals_recurrence),
        cmocka_unit_test(test_wom_dissatisfied_cost_matches_mpmath),
        cmocka_unit_test(test_wom_dissatisfied_cost_infinite_horizon_diverges_at_rho_1),
        cmocka_unit_test(test_wom_branching_null_pointers_are_einval),
        cmocka_unit_test(test_wom_branching_bad_inputs_are_edom),
        cmocka_unit_test(test_wom_branching_overflow_is_erange_and_writes_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
