/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Benchmark of the sBG model (churn.h): the fit of one 12-period cohort (Fader & Hardie 2007,
 * "regular" segment, years 0-12; target: under 50 microseconds), the same customers as
 * weighted durations, and per-call costs of S(t), P(T = t), the cohort log-likelihood, the
 * expected lifetime, DEL and DERL.
 *
 *   bench_sbg
 */
#include <stdint.h>
#include <stdio.h>

#include "bench_common.h"
#include "churn.h"

/* Fader & Hardie 2007, Table 1, regular segment: survivors of 1,000 customers, years 0-12. */
static const double regular[13] = {1000, 631, 468, 382, 326, 289, 262,
                                   241,  223, 207, 194, 183, 173};

int main(void) {
    const clv_sbg_cohort cohort = {regular, 12, 0};
    clv_sbg_params p;
    clv_fit_report r;
    printf("libclv %s sBG, median of %d runs\n", clv_version_string(), BENCH_REPEATS);
    if (clv_sbg_fit_cohorts(&cohort, 1, NULL, &p, &r) != CLV_OK) {
        fprintf(stderr, "fit failed\n");
        return 1;
    }
    printf("fit: alpha %.6f beta %.6f LL %.4f (%u iterations, %u evaluations)\n", p.alpha, p.beta,
           r.loglik, r.iterations, r.evaluations);
    TIME_CALLS("fit, one 12-period cohort (target < 50 us)", 200, {
        clv_sbg_fit_cohorts(&cohort, 1, NULL, &p, &r);
        bench_sink = p.alpha;
    });

    double dur[13];
    int32_t churned[13];
    double w[13];
    for (int t = 1; t <= 12; t++) {
        dur[t - 1] = t;
        churned[t - 1] = 1;
        w[t - 1] = regular[t - 1] - regular[t];
    }
    dur[12] = 12;
    churned[12] = 0;
    w[12] = regular[12];
    const clv_sbg_durations d = {13, dur, churned, w};
    TIME_CALLS("fit, the same as 13 weighted durations", 200, {
        clv_sbg_fit(&d, NULL, &p, &r);
        bench_sink = p.alpha;
    });

    double ll;
    double g[2];
    TIME_CALLS("log-likelihood + gradient, 12-period cohort", 20000, {
        clv_sbg_loglik_cohorts(&p, &cohort, 1, &ll, g);
        bench_sink = ll;
    });
    TIME_CALLS("log-likelihood + gradient, 13 durations", 20000, {
        clv_sbg_loglik(&p, &d, &ll, g);
        bench_sink = ll;
    });
    double v;
    TIME_CALLS("survival S(t), t = 1..64", 64000, {
        clv_sbg_survival(&p, (double)(1 + i % 64), &v);
        bench_sink = v;
    });
    TIME_CALLS("survival S(t), t = 10^6", 64000, {
        clv_sbg_survival(&p, 1e6, &v);
        bench_sink = v;
    });
    TIME_CALLS("churn probability P(T = t), t = 1..64", 64000, {
        clv_sbg_churn_prob(&p, (double)(1 + i % 64), &v);
        bench_sink = v;
    });
    TIME_CALLS("expected lifetime, horizon 12", 64000, {
        clv_sbg_expected_lifetime(&p, 12.0, &v);
        bench_sink = v;
    });
    TIME_CALLS("expected lifetime, horizon 10^6 (closed form)", 64000, {
        clv_sbg_expected_lifetime(&p, 1e6, &v);
        bench_sink = v;
    });
    TIME_CALLS("DEL, d = 10%", 20000, {
        clv_sbg_del(&p, 0.1, &v);
        bench_sink = v;
    });
    TIME_CALLS("DERL, d = 10%, 0..63 renewals", 20000, {
        clv_sbg_derl(&p, (double)(i % 64), 0.1, &v);
        bench_sink = v;
    });
    TIME_CALLS("DERL, d = 1%, 6 renewals", 20000, {
        clv_sbg_derl(&p, 6.0, 0.01, &v);
        bench_sink = v;
    });
    double proj[13];
    TIME_CALLS("projection, 13 periods", 64000, {
        clv_sbg_project(&p, 1000.0, 13, proj);
        bench_sink = proj[12];
    });
    return 0;
}
