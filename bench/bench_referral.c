/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Benchmark of the word-of-mouth branching model, K-factor growth, customer referral value and
 * the NPS comparisons of referral.h: one call of each scalar function (what a dashboard or a
 * SQL row pays), 50 generations of the branching model, a year of monthly referrals, and NPS
 * by segment over a million answers.
 */
#include <math.h>
#include <stdint.h>

#include "bench_common.h"
#include "referral.h"

#define CALLS 1000000

/* Parameters that vary a little from call to call, so nothing is hoisted out of the loop. */
static clv_wom_params params_for(int i) {
    clv_wom_params p = {5.0, 10.0, 0.1 + 1e-4 * (double)(i & 255), 0.2};
    return p;
}

static double time_generations(void) {
    enum { N = 50, REPEAT = CALLS / 50 };
    clv_wom_generation g[N];
    double t0 = bench_now();
    double acc = 0.0;
    for (int i = 0; i < REPEAT; i++) {
        clv_wom_params p = params_for(i);
        if (clv_wom_generations(&p, 0.8, 100.0, 20.0, N, g) == CLV_OK) {
            acc += g[N - 1].cumulative_won;
        }
    }
    bench_sink = acc;
    return (bench_now() - t0) / REPEAT;
}

static double time_total(void) {
    double t0 = bench_now();
    double acc = 0.0;
    for (int i = 0; i < CALLS; i++) {
        clv_wom_params p = params_for(i);
        clv_wom_totals t;
        if (clv_wom_total(&p, 0.8, 100.0, 20.0, 300.0, &t) == CLV_OK) {
            acc += t.net_value;
        }
    }
    bench_sink = acc;
    return (bench_now() - t0) / CALLS;
}

static double time_to_reach(void) {
    double t0 = bench_now();
    double acc = 0.0;
    for (int i = 0; i < CALLS; i++) {
        clv_wom_params p = params_for(i);
        double n, t;
        if (clv_wom_time_to_reach(&p, 0.8, 100.0, 80.0, 7.0, &n, &t) == CLV_OK) {
            acc += t;
        }
    }
    bench_sink = acc;
    return (bench_now() - t0) / CALLS;
}

static double time_dissatisfied_cost(void) {
    double t0 = bench_now();
    double acc = 0.0;
    for (int i = 0; i < CALLS; i++) {
        clv_wom_params p = params_for(i);
        p.deterrence = 0.05;
        clv_wom_cost c;
        if (clv_wom_dissatisfied_cost(&p, 0.8, 250.0, 300.0, INFINITY, &c) == CLV_OK) {
            acc += c.total_cost;
        }
    }
    bench_sink = acc;
    return (bench_now() - t0) / CALLS;
}

static double time_kfactor(void) {
    double t0 = bench_now();
    double acc = 0.0;
    for (int i = 0; i < CALLS; i++) {
        double c;
        double conv = 0.2 + 1e-4 * (double)(i & 255);
        if (clv_kfactor_customers(100.0, 5.0, conv, 12.0, &c) == CLV_OK) {
            acc += c;
        }
    }
    bench_sink = acc;
    return (bench_now() - t0) / CALLS;
}

static double time_kfactor_at(void) {
    double t0 = bench_now();
    double acc = 0.0;
    for (int i = 0; i < CALLS; i++) {
        double c;
        double time = 0.5 + 0.1 * (double)(i & 255);
        if (clv_kfactor_customers_at(100.0, 5.0, 0.25, 7.0, time, &c) == CLV_OK) {
            acc += c;
        }
    }
    bench_sink = acc;
    return (bench_now() - t0) / CALLS;
}

static double time_crv(void) {
    enum { T = 12 };
    double referrals[T], share[T];
    for (int t = 0; t < T; t++) {
        referrals[t] = 0.1 * (double)(t % 4);
        share[t] = 0.25;
    }
    double t0 = bench_now();
    double acc = 0.0;
    for (int i = 0; i < CALLS; i++) {
        clv_crv_params p = {300.0 + (double)(i & 255), 50.0, 20.0, 0.01};
        clv_crv_result r;
        if (clv_crv_value(&p, referrals, share, T, 1000.0, &r) == CLV_OK) {
            acc += r.crv;
        }
    }
    bench_sink = acc;
    return (bench_now() - t0) / CALLS;
}

static double time_nps_compare(void) {
    clv_nps b;
    clv_nps_from_counts(420.0, 300.0, 280.0, &b);
    double t0 = bench_now();
    double acc = 0.0;
    for (int i = 0; i < CALLS; i++) {
        clv_nps a;
        clv_nps_comparison c;
        if (clv_nps_from_counts(600.0 + (double)(i & 255), 250.0, 110.0, &a) == CLV_OK &&
            clv_nps_compare(&a, &b, 0.95, &c) == CLV_OK) {
            acc += c.p_value;
        }
    }
    bench_sink = acc;
    return (bench_now() - t0) / CALLS;
}

static double time_sample_size(void) {
    double t0 = bench_now();
    double acc = 0.0;
    for (int i = 0; i < CALLS; i++) {
        double n;
        if (clv_nps_sample_size(0.55, 0.6, 5.0 + 0.01 * (double)(i & 255), 0.05, 0.8, &n) ==
            CLV_OK) {
            acc += n;
        }
    }
    bench_sink = acc;
    return (bench_now() - t0) / CALLS;
}

static double time_by_segment(const double *scores, const uint32_t *segs, size_t n) {
    enum { K = 50 };
    clv_nps out[K];
    double t0 = bench_now();
    if (clv_nps_by_segment(scores, segs, n, K, out) == CLV_OK) {
        bench_sink = out[0].nps;
    }
    return (bench_now() - t0) / (double)n;
}

typedef double (*bench_fn)(void);

static void report(const char *what, bench_fn fn, const char *unit) {
    double s[BENCH_REPEATS];
    for (int k = 0; k < BENCH_REPEATS; k++) {
        s[k] = fn();
    }
    bench_report(what, bench_median(s, BENCH_REPEATS), unit);
}

int main(void) {
    enum { N_SCORES = 1000000 };
    double *scores = malloc(N_SCORES * sizeof *scores);
    uint32_t *segs = malloc(N_SCORES * sizeof *segs);
    if (scores == NULL || segs == NULL) {
        free(scores);
        free(segs);
        return 1;
    }
    for (size_t i = 0; i < N_SCORES; i++) {
        scores[i] = (double)((i * 7u + 3u) % 11u);
        segs[i] = (uint32_t)((i * 13u + i / 7u) % 50u);
    }
    printf("libclv %s word of mouth, K-factor, CRV, NPS, median of %d runs\n", clv_version_string(),
           BENCH_REPEATS);
    report("clv_wom_generations (50 generations)", time_generations, "call");
    report("clv_wom_total", time_total, "call");
    report("clv_wom_time_to_reach", time_to_reach, "call");
    report("clv_wom_dissatisfied_cost (infinite horizon)", time_dissatisfied_cost, "call");
    report("clv_kfactor_customers (12 cycles)", time_kfactor, "call");
    report("clv_kfactor_customers_at", time_kfactor_at, "call");
    report("clv_crv_value (12 periods)", time_crv, "call");
    report("clv_nps_from_counts + clv_nps_compare", time_nps_compare, "call");
    report("clv_nps_sample_size", time_sample_size, "call");
    double s[BENCH_REPEATS];
    for (int k = 0; k < BENCH_REPEATS; k++) {
        s[k] = time_by_segment(scores, segs, N_SCORES);
    }
    bench_report("clv_nps_by_segment (1e6 answers, 50 segments)", bench_median(s, BENCH_REPEATS),
                 "answer");
    free(scores);
    free(segs);
    return 0;
}
