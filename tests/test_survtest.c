/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Nelson-Aalen and the log-rank test (lib/churn/survtest.c), against:
 *   - the published log-rank test of Freireich et al.'s (1963) leukaemia remission data
 *     (tests/data/freireich-leukemia.csv, with its sources): chi-square 16.8 on 1 df, expected
 *     19.3 and 10.7 relapses, as printed (Kalbfleisch & Prentice 2002, section 7.2; R's
 *     survival::survdiff);
 *   - tests/oracles/survtest_oracles.py: each risk set recomputed by scanning every row, in
 *     exact rational arithmetic, then mpmath at 40 digits (Fleming-Harrington weights 0/0,
 *     1/0, 0/1, 1/2/1/2; a stratified test; three groups with delayed entry and weights; the
 *     Nelson-Aalen table of the 6-MP group, whose H(23) = 0.7521 Klein & Moeschberger print,
 *     and of the delayed-entry table). Read at run time from tests/oracles/survtest_oracles.txt;
 *   - properties that can fail: row order, group labels and weights-as-copies do not change
 *     the answer; identical groups give a statistic of 0; bad input is refused with the row
 *     and the outputs untouched.
 *
 * Tolerances: O and E are sums of ratios of whole numbers: 1e-13 relative. The statistic adds
 * a (K-1)-dimensional Cholesky solve and, for weighted tests, pow(): 1e-12. The p-value goes
 * through the regularised incomplete gamma (clv_chi_square_p_value, 1e-12 in test_checking):
 * 1e-10. The Nelson-Aalen band goes through exp and the normal quantile: 1e-12.
 */
#include "clv_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "churn.h"

#define MAXN 64

typedef struct table {
    size_t n;
    double exit[MAXN], entry[MAXN], weight[MAXN];
    int32_t event[MAXN], group[MAXN], stratum[MAXN];
} table;

static void load_freireich(table *t) {
    FILE *f = fopen("data/freireich-leukemia.csv", "r");
    assert_non_null(f);
    char line[256];
    t->n = 0;
    while (fgets(line, sizeof line, f) != NULL) {
        double w;
        int e, g;
        if (line[0] == '#' || sscanf(line, "%lf,%d,%d", &w, &e, &g) != 3) {
            continue;
        }
        assert_true(t->n < MAXN);
        t->exit[t->n] = w;
        t->event[t->n] = e;
        t->group[t->n] = g;
        t->entry[t->n] = 0.0;
        t->weight[t->n] = 1.0;
        t->stratum[t->n] = 0;
        t->n++;
    }
    fclose(f);
    assert_int_equal(t->n, 42);
}

/* The oracle line that starts with @p prefix, or fail. */
static void oracle_line(const char *prefix, char *out, size_t size) {
    FILE *f = fopen("oracles/survtest_oracles.txt", "r");
    assert_non_null(f);
    while (fgets(out, (int)size, f) != NULL) {
        if (strncmp(out, prefix, strlen(prefix)) == 0) {
            fclose(f);
            return;
        }
    }
    fclose(f);
    fail_msg("no oracle line %s", prefix);
}

/* The number after the word @p key in @p line (the k-th number after it for k > 0). */
static double field(const char *line, const char *key, int k) {
    char pat[64];
    snprintf(pat, sizeof pat, " %s ", key);
    const char *p = strstr(line, pat);
    assert_non_null(p);
    p += strlen(pat);
    char *end;
    double v = strtod(p, &end);
    for (int i = 0; i < k; i++) {
        p = end;
        v = strtod(p, &end);
    }
    assert_true(end != p);
    return v;
}

static clv_surv_data view(const table *t, int with_entry, int with_weight, int with_stratum) {
    clv_surv_data d = {t->n,
                       t->exit,
                       t->event,
                       with_entry ? t->entry : NULL,
                       with_weight ? t->weight : NULL,
                       t->group,
                       with_stratum ? t->stratum : NULL};
    return d;
}

/* 64 bytes a row and the radix histograms (clv_surv_workspace_size(), checked below) */
static unsigned char workspace[MAXN * 64 + 6 * 2048 * 8 + 64];

static int logrank(const clv_surv_data *d, uint32_t K, double rho, double gamma, double *O,
                   double *E, clv_logrank_result *r) {
    size_t bad = 999;
    return clv_logrank_test(d, K, rho, gamma, workspace, sizeof workspace, O, E, r, &bad);
}

static void check_against(const char *prefix, const clv_surv_data *d, uint32_t K, double rho,
                          double gamma) {
    char line[1024];
    oracle_line(prefix, line, sizeof line);
    double O[4], E[4];
    clv_logrank_result r;
    assert_status(logrank(d, K, rho, gamma, O, E, &r), CLV_OK);
    assert_close(r.statistic, field(line, "stat", 0), 1e-12);
    assert_close(r.p_value, field(line, "p", 0), 1e-10);
    assert_close(r.df, (double)(K - 1), 0.0);
    for (uint32_t k = 0; k < K; k++) {
        assert_close(O[k], field(line, "O", (int)k), 1e-13);
        assert_close(E[k], field(line, "E", (int)k), 1e-13);
    }
    assert_int_equal(r.n_groups, K);
}

static void test_freireich_published(void **state) {
    (void)state;
    table t;
    load_freireich(&t);
    clv_surv_data d = view(&t, 0, 0, 0);
    double O[2], E[2];
    clv_logrank_result r;
    assert_status(logrank(&d, 2, 0.0, 0.0, O, E, &r), CLV_OK);
    /* as printed: chi-square 16.8, 1 df, p 4e-05; O 9 and 21, E 19.3 and 10.7 */
    assert_near(r.statistic, 16.8, 0.05);
    assert_near(r.p_value, 4e-5, 0.5e-5);
    assert_close(O[0], 9.0, 0.0);
    assert_close(O[1], 21.0, 0.0);
    assert_near(E[0], 19.3, 0.05);
    assert_near(E[1], 10.7, 0.05);
    assert_close(r.customers, 42.0, 0.0);
    assert_close(r.events, 30.0, 0.0);
    assert_int_equal(r.n_strata, 1);
}

static void test_freireich_weights(void **state) {
    (void)state;
    table t;
    load_freireich(&t);
    clv_surv_data d = view(&t, 0, 0, 0);
    check_against("logrank freireich rho 0.0 gamma 0.0 ", &d, 2, 0.0, 0.0);
    check_against("logrank freireich rho 1.0 gamma 0.0 ", &d, 2, 1.0, 0.0);
    check_against("logrank freireich rho 0.0 gamma 1.0 ", &d, 2, 0.0, 1.0);
    check_against("logrank freireich rho 0.5 gamma 0.5 ", &d, 2, 0.5, 0.5);
}

static void test_stratified(void **state) {
    (void)state;
    table t;
    load_freireich(&t);
    for (size_t i = 0; i < t.n; i++) {
        t.stratum[i] = (int32_t)(i % 3) * 1000 - 7; /* any int32 values: -7, 993, 1993 */
    }
    clv_surv_data d = view(&t, 0, 0, 1);
    check_against("logrank strat3 ", &d, 2, 0.0, 0.0);
    clv_logrank_result r;
    assert_status(logrank(&d, 2, 0.0, 0.0, NULL, NULL, &r), CLV_OK);
    assert_int_equal(r.n_strata, 3);
}

/* Three groups, delayed entry and weights, as the oracle builds them. */
static void three_groups(table *t) {
    load_freireich(t);
    for (size_t i = 0; i < t->n; i++) {
        if (t->group[i] == 1) {
            t->group[i] = 1 + (int32_t)(i % 2);
        }
        double e = (double)(i % 4);
        t->entry[i] = (e < t->exit[i]) ? e : t->exit[i];
        t->weight[i] = (double)(1 + i % 3);
    }
}

static void test_three_groups_entry_weights(void **state) {
    (void)state;
    table t;
    three_groups(&t);
    clv_surv_data d = view(&t, 1, 1, 0);
    check_against("logrank three_entry_weighted ", &d, 3, 0.0, 0.0);
}

static void check_na(const char *name, const clv_surv_data *d) {
    clv_na_row rows[40];
    size_t n = 0, bad = 0;
    assert_status(clv_nelson_aalen(d, 0.95, workspace, sizeof workspace, rows, 40, &n, &bad),
                  CLV_OK);
    FILE *f = fopen("oracles/survtest_oracles.txt", "r");
    assert_non_null(f);
    char line[1024];
    size_t i = 0;
    char prefix[64];
    snprintf(prefix, sizeof prefix, "%s t ", name);
    while (fgets(line, sizeof line, f) != NULL) {
        if (strncmp(line, prefix, strlen(prefix)) != 0) {
            continue;
        }
        assert_true(i < n);
        const clv_na_row *r = &rows[i++];
        char *l = line + strlen(name);
        assert_close(r->time, field(l, "t", 0), 0.0);
        assert_close(r->at_risk, field(l, "n", 0), 1e-15);
        assert_close(r->events, field(l, "d", 0), 1e-15);
        assert_close(r->cum_hazard, field(l, "H", 0), 1e-14);
        assert_close(r->std_error, field(l, "se", 0), 1e-14);
        assert_close(r->lower, field(l, "lower", 0), 1e-12);
        assert_close(r->upper, field(l, "upper", 0), 1e-12);
    }
    fclose(f);
    assert_int_equal(i, n);
    assert_true(n > 5);
}

static void test_nelson_aalen(void **state) {
    (void)state;
    table t;
    load_freireich(&t);
    size_t m = 0;
    for (size_t i = 0; i < t.n; i++) { /* the 6-MP group alone */
        if (t.group[i] == 0) {
            t.exit[m] = t.exit[i];
            t.event[m] = t.event[i];
            t.group[m] = 0;
            m++;
        }
    }
    t.n = m;
    clv_surv_data d = view(&t, 0, 0, 0);
    check_na("na_6mp", &d);
    /* Klein & Moeschberger (2003) print H(23) = 0.7521 for this group */
    clv_na_row rows[16];
    size_t n = 0;
    assert_status(clv_nelson_aalen(&d, 0.95, workspace, sizeof workspace, rows, 16, &n, NULL),
                  CLV_OK);
    assert_near(rows[n - 1].cum_hazard, 0.7521, 0.00005);

    table u;
    three_groups(&u);
    clv_surv_data e = view(&u, 1, 1, 0);
    check_na("na_three_entry", &e);
}

/* Reverse the rows (and swap the two group labels): the same test. */
static void test_invariances(void **state) {
    (void)state;
    table t, r;
    three_groups(&t);
    r = t;
    for (size_t i = 0; i < t.n; i++) {
        size_t j = t.n - 1 - i;
        r.exit[j] = t.exit[i];
        r.entry[j] = t.entry[i];
        r.weight[j] = t.weight[i];
        r.event[j] = t.event[i];
        r.group[j] = (t.group[i] == 1) ? 2 : (t.group[i] == 2) ? 1 : 0;
    }
    clv_surv_data a = view(&t, 1, 1, 0), b = view(&r, 1, 1, 0);
    double Oa[3], Ea[3], Ob[3], Eb[3];
    clv_logrank_result ra, rb;
    assert_status(logrank(&a, 3, 0.0, 0.0, Oa, Ea, &ra), CLV_OK);
    assert_status(logrank(&b, 3, 0.0, 0.0, Ob, Eb, &rb), CLV_OK);
    assert_close(rb.statistic, ra.statistic, 1e-12);
    assert_close(Ob[0], Oa[0], 1e-14);
    assert_close(Ob[1], Oa[2], 1e-14);
    assert_close(Eb[2], Ea[1], 1e-13);

    /* weights as copies: every row of weight w written w times. The first 21 rows (weights
     * 1, 2, 3 cycling: 42 copies), split into two groups by parity, both ways. */
    table c;
    memset(&c, 0, sizeof c);
    table h = t;
    h.n = 21;
    c.n = 0;
    for (size_t i = 0; i < h.n; i++) {
        for (int k = 0; k < (int)h.weight[i]; k++) {
            c.exit[c.n] = h.exit[i];
            c.entry[c.n] = h.entry[i];
            c.event[c.n] = h.event[i];
            c.group[c.n] = (int32_t)(i % 2); /* two groups inside the 6-MP rows */
            c.n++;
        }
        h.group[i] = (int32_t)(i % 2);
    }
    clv_surv_data hw = view(&h, 1, 1, 0), cw = view(&c, 1, 0, 0);
    clv_logrank_result rh, rc;
    assert_status(logrank(&hw, 2, 1.0, 0.0, NULL, NULL, &rh), CLV_OK);
    assert_status(logrank(&cw, 2, 1.0, 0.0, NULL, NULL, &rc), CLV_OK);
    assert_close(rc.statistic, rh.statistic, 1e-12);
    assert_close(rc.customers, rh.customers, 0.0);
    clv_na_row nh[32], nc[32];
    size_t mh = 0, mc = 0;
    assert_status(clv_nelson_aalen(&hw, 0.9, workspace, sizeof workspace, nh, 32, &mh, NULL),
                  CLV_OK);
    assert_status(clv_nelson_aalen(&cw, 0.9, workspace, sizeof workspace, nc, 32, &mc, NULL),
                  CLV_OK);
    assert_int_equal(mh, mc);
    for (size_t i = 0; i < mh; i++) {
        assert_close(nc[i].cum_hazard, nh[i].cum_hazard, 1e-14);
        assert_close(nc[i].upper, nh[i].upper, 1e-13);
    }
}

/* Two groups holding the same customers: U = 0, statistic 0, p = 1. */
static void test_identical_groups(void **state) {
    (void)state;
    table t;
    load_freireich(&t);
    table u = t;
    /* rows 0..20 (6-MP) copied as group 1 over rows 21..41 */
    for (size_t i = 0; i < 21; i++) {
        u.exit[21 + i] = t.exit[i];
        u.event[21 + i] = t.event[i];
        u.group[21 + i] = 1;
        u.group[i] = 0;
    }
    clv_surv_data d = view(&u, 0, 0, 0);
    double O[2], E[2];
    clv_logrank_result r;
    assert_status(logrank(&d, 2, 0.0, 0.0, O, E, &r), CLV_OK);
    assert_near(r.statistic, 0.0, 1e-28);
    assert_near(r.p_value, 1.0, 1e-12);
    assert_close(O[0], O[1], 0.0);
    assert_close(E[0], E[1], 1e-15);
}

static void test_bad_input(void **state) {
    (void)state;
    table t;
    load_freireich(&t);
    clv_surv_data d = view(&t, 1, 1, 0);
    double O[2] = {-1, -1}, E[2] = {-1, -1};
    clv_logrank_result r;
    memset(&r, 0x5a, sizeof r);
    clv_logrank_result r0 = r;
    size_t bad = 12345;
    /* group out of range */
    t.group[17] = 2;
    assert_status(clv_logrank_test(&d, 2, 0, 0, workspace, sizeof workspace, O, E, &r, &bad),
                  CLV_EDOM);
    assert_int_equal(bad, 17);
    t.group[17] = 0;
    /* entry after exit */
    t.entry[5] = t.exit[5] + 1.0;
    assert_status(clv_logrank_test(&d, 2, 0, 0, workspace, sizeof workspace, O, E, &r, &bad),
                  CLV_EDOM);
    assert_int_equal(bad, 5);
    size_t n_rows = 77;
    clv_na_row rows[2];
    memset(rows, 0x33, sizeof rows);
    clv_na_row rows0[2];
    memcpy(rows0, rows, sizeof rows);
    assert_status(clv_nelson_aalen(&d, 0.95, workspace, sizeof workspace, rows, 2, &n_rows, &bad),
                  CLV_EDOM);
    assert_int_equal(bad, 5);
    t.entry[5] = 0.0;
    /* negative weight, NaN exit, event 2 */
    t.weight[9] = -1.0;
    assert_status(clv_logrank_test(&d, 2, 0, 0, workspace, sizeof workspace, O, E, &r, &bad),
                  CLV_EDOM);
    assert_int_equal(bad, 9);
    t.weight[9] = 1.0;
    t.exit[3] = NAN;
    assert_status(clv_logrank_test(&d, 2, 0, 0, workspace, sizeof workspace, O, E, &r, &bad),
                  CLV_EDOM);
    assert_int_equal(bad, 3);
    t.exit[3] = 6.0;
    t.event[4] = 2;
    assert_status(clv_logrank_test(&d, 2, 0, 0, workspace, sizeof workspace, O, E, &r, &bad),
                  CLV_EDOM);
    assert_int_equal(bad, 4);
    t.event[4] = 1;
    /* arguments */
    assert_status(clv_logrank_test(&d, 1, 0, 0, workspace, sizeof workspace, O, E, &r, &bad),
                  CLV_EDOM);
    assert_status(clv_logrank_test(&d, CLV_LOGRANK_MAX_GROUPS + 1, 0, 0, workspace,
                                   sizeof workspace, O, E, &r, &bad),
                  CLV_EDOM);
    assert_status(clv_logrank_test(&d, 2, -1, 0, workspace, sizeof workspace, O, E, &r, &bad),
                  CLV_EDOM);
    assert_status(clv_logrank_test(&d, 2, 0, NAN, workspace, sizeof workspace, O, E, &r, &bad),
                  CLV_EDOM);
    assert_status(clv_logrank_test(&d, 2, 0, 0, workspace, 100, O, E, &r, &bad), CLV_ENOMEM);
    assert_status(clv_logrank_test(&d, 2, 0, 0, NULL, 0, O, E, &r, &bad), CLV_EINVAL);
    assert_status(clv_logrank_test(&d, 2, 0, 0, workspace, sizeof workspace, O, E, NULL, &bad),
                  CLV_EINVAL);
    /* no event at all */
    table c = t;
    for (size_t i = 0; i < c.n; i++) {
        c.event[i] = 0;
    }
    clv_surv_data dc = view(&c, 0, 0, 0);
    assert_status(clv_logrank_test(&dc, 2, 0, 0, workspace, sizeof workspace, O, E, &r, &bad),
                  CLV_EIDENT);
    assert_status(clv_nelson_aalen(&dc, 0.95, workspace, sizeof workspace, rows, 2, &n_rows, &bad),
                  CLV_EIDENT);
    /* a group nobody is in: its variance is 0 */
    table g = t;
    for (size_t i = 0; i < g.n; i++) {
        g.group[i] = 0;
    }
    clv_surv_data dg = view(&g, 0, 0, 0);
    assert_status(clv_logrank_test(&dg, 2, 0, 0, workspace, sizeof workspace, O, E, &r, &bad),
                  CLV_EIDENT);
    /* every weight 0 */
    table z = t;
    for (size_t i = 0; i < z.n; i++) {
        z.weight[i] = 0.0;
    }
    clv_surv_data dz = view(&z, 0, 1, 0);
    assert_status(clv_logrank_test(&dz, 2, 0, 0, workspace, sizeof workspace, O, E, &r, &bad),
                  CLV_EDOM);
    /* nothing was written by any refused call */
    assert_memory_equal(&r, &r0, sizeof r);
    assert_close(O[0], -1.0, 0.0);
    assert_close(E[1], -1.0, 0.0);
    assert_memory_equal(rows, rows0, sizeof rows);
    /* too few rows of room: the count needed, rows untouched */
    clv_surv_data ok = view(&t, 0, 0, 0);
    assert_status(clv_nelson_aalen(&ok, 0.95, workspace, sizeof workspace, rows, 2, &n_rows, &bad),
                  CLV_ENOMEM);
    assert_int_equal(n_rows, 17); /* distinct relapse times of both groups */
    assert_memory_equal(rows, rows0, sizeof rows);
    assert_status(clv_nelson_aalen(&ok, 1.0, workspace, sizeof workspace, rows, 2, &n_rows, &bad),
                  CLV_EDOM);
    size_t bytes = 0;
    assert_status(clv_surv_workspace_size(10, &bytes), CLV_OK);
    assert_true(bytes >= 10 * 64);
    assert_status(clv_surv_workspace_size(MAXN, &bytes), CLV_OK);
    assert_true(bytes <= sizeof workspace);
    assert_status(clv_surv_workspace_size(t.n, &bytes), CLV_OK);
    assert_status(clv_logrank_test(&d, 2, 0, 0, workspace, bytes, O, E, &r, &bad), CLV_OK);
    assert_status(clv_logrank_test(&d, 2, 0, 0, workspace, bytes - 1, O, E, &r, &bad),
                  CLV_ENOMEM);
    assert_status(clv_surv_workspace_size(SIZE_MAX / 8, &bytes), CLV_ERANGE);
    assert_status(clv_surv_workspace_size(10, NULL), CLV_EINVAL);
}

/* A row whose entry equals its exit was never at risk: its event does not count. */
static void test_entry_equals_exit(void **state) {
    (void)state;
    table t;
    load_freireich(&t);
    clv_surv_data d = view(&t, 1, 0, 0);
    clv_logrank_result a, b;
    assert_status(logrank(&d, 2, 0.0, 0.0, NULL, NULL, &a), CLV_OK);
    /* add a placebo relapse at week 3 that entered at week 3 */
    t.exit[t.n] = 3.0;
    t.entry[t.n] = 3.0;
    t.event[t.n] = 1;
    t.group[t.n] = 1;
    t.weight[t.n] = 1.0;
    t.n++;
    d = view(&t, 1, 0, 0);
    assert_status(logrank(&d, 2, 0.0, 0.0, NULL, NULL, &b), CLV_OK);
    assert_close(b.statistic, a.statistic, 1e-15);
    assert_close(b.events, a.events, 0.0);
    assert_close(b.customers, a.customers + 1.0, 0.0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_freireich_published),
        cmocka_unit_test(test_freireich_weights),
        cmocka_unit_test(test_stratified),
        cmocka_unit_test(test_three_groups_entry_weights),
        cmocka_unit_test(test_nelson_aalen),
        cmocka_unit_test(test_invariances),
        cmocka_unit_test(test_identical_groups),
        cmocka_unit_test(test_bad_input),
        cmocka_unit_test(test_entry_equals_exit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
