/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/* Word-of-mouth reach: the first generation (clv_wom_reach) and the branching model over
 * generations (clv_wom_generation, clv_wom_totals, clv_wom_cost); definitions in referral.h. */
#include <float.h>
#include <math.h>

#include "core/validate.h"
#include "math/geometric.h"
#include "referral.h"

int clv_wom_params_init(clv_wom_params *params) {
    if (params == NULL) {
        return CLV_EINVAL;
    }
    params->told_satisfied = CLV_WOM_TOLD_SATISFIED;
    params->told_dissatisfied = CLV_WOM_TOLD_DISSATISFIED;
    params->conversion = 0.0;
    params->deterrence = 0.0;
    return CLV_OK;
}

/* The word-of-mouth parameters: counts told >= 0, conversion and deterrence in [0, 1]. */
static int check_wom_params(const clv_wom_params *params) {
    int st;
    if ((st = clv__check_nonneg(params->told_satisfied)) != CLV_OK ||
        (st = clv__check_nonneg(params->told_dissatisfied)) != CLV_OK ||
        (st = clv__check_prob(params->conversion)) != CLV_OK ||
        (st = clv__check_prob(params->deterrence)) != CLV_OK) {
        return st;
    }
    return CLV_OK;
}

int clv_wom_first_generation(const clv_wom_params *params, double satisfied, double dissatisfied,
                             double customer_value, clv_wom_reach *reach) {
    int st;
    if (params == NULL || reach == NULL) {
        return CLV_EINVAL;
    }
    if ((st = check_wom_params(params)) != CLV_OK ||
        (st = clv__check_nonneg(satisfied)) != CLV_OK ||
        (st = clv__check_nonneg(dissatisfied)) != CLV_OK ||
        (st = clv__check_finite(customer_value)) != CLV_OK) {
        return st;
    }
    clv_wom_reach out;
    out.told_positive = satisfied * params->told_satisfied;
    out.told_negative = dissatisfied * params->told_dissatisfied;
    out.customers_won = out.told_positive * params->conversion;
    out.customers_deterred = out.told_negative * params->deterrence;
    out.net_customers = out.customers_won - out.customers_deterred;
    out.value_won = out.customers_won * customer_value;
    out.value_lost = out.customers_deterred * customer_value;
    out.net_value = out.value_won - out.value_lost;
    const double results[] = {out.told_positive, out.told_negative, out.net_customers,
                              out.value_won,     out.value_lost,    out.net_value};
    for (size_t i = 0; i < sizeof results / sizeof results[0]; i++) {
        if ((st = clv__check_result(results[i])) != CLV_OK) {
            return st;
        }
    }
    *reach = out;
    return CLV_OK;
}

/* ---- Word of mouth over generations (branching model) ------------------------------------ */
/*
 * Recurrences (referral.h, group clv_wom): customers talk once, in the generation after they
 * join. With m = k_s c and R = s m,
 *   N_n = m S_{n-1},  S_n = s N_n,  D_n = (1 - s) N_n,  L_n = g k_d D_{n-1}   (n >= 1),
 * whose solutions are S_n = R^n S_0, N_n = m S_0 R^(n-1), D_n = (1 - s) N_n,
 * L_1 = g k_d D_0, L_n = g k_d (1 - s) m S_0 R^(n-2) (n >= 2). The cumulative sums are
 * geometric:
 *   W(n) = sum_{i=1..n} N_i = m S_0 G(R, n),
 *   L(n) = g k_d (D_0 + sum_{i=1..n-1} D_i) = g k_d (D_0 + (1 - s) W(n - 1)),
 * with G(R, n) = (1 - R^n) / (1 - R) from clv__geometric_sum (no cancellation near R = 1).
 * Every value is computed from its closed form, not by running the recurrence, so the
 * rounding does not grow with n; tests/test_wom.c checks the closed forms against the
 * recurrence run generation by generation and against mpmath.
 */

/* The parameters and the share s, validated together. */
static int check_branching(const clv_wom_params *params, double satisfied_share) {
    int st = check_wom_params(params);
    return (st != CLV_OK) ? st : clv__check_prob(satisfied_share);
}

/* R = s (k_s c): one expression, so that every function sees the same R. k_s finite, c and
 * s <= 1: the product cannot overflow. */
static double reproduction_of(const clv_wom_params *params, double satisfied_share) {
    return satisfied_share * (params->told_satisfied * params->conversion);
}

int clv_wom_reproduction_number(const clv_wom_params *params, double satisfied_share,
                                double *reproduction) {
    int st;
    if (params == NULL || reproduction == NULL) {
        return CLV_EINVAL;
    }
    if ((st = check_branching(params, satisfied_share)) != CLV_OK) {
        return st;
    }
    *reproduction = reproduction_of(params, satisfied_share);
    return CLV_OK;
}

/* The process of one base, with its constants. */
typedef struct branching {
    double told_satisfied;     /* k_s */
    double conversion;         /* c */
    double told_dissatisfied;  /* k_d */
    double deterrence;         /* g */
    double reproduction;       /* R = s (k_s c) */
    double satisfied_share;    /* s */
    double dissatisfied_share; /* 1 - s */
    double satisfied0;         /* S_0 */
    double dissatisfied0;      /* D_0 */
} branching;

static branching make_branching(const clv_wom_params *params, double satisfied_share,
                                double satisfied, double dissatisfied) {
    branching b;
    b.told_satisfied = params->told_satisfied;
    b.conversion = params->conversion;
    b.told_dissatisfied = params->told_dissatisfied;
    b.deterrence = params->deterrence;
    b.reproduction = reproduction_of(params, satisfied_share);
    b.satisfied_share = satisfied_share;
    b.dissatisfied_share = 1.0 - satisfied_share;
    b.satisfied0 = satisfied;
    b.dissatisfied0 = dissatisfied;
    return b;
}

/*
 * A product of finite factors with one rounding per factor and no intermediate underflow or
 * overflow: the mantissas (in [1/2, 1)) are multiplied and the exponents added, and only
 * the result is scaled. Every value below is such a product -- k_s c S_0 R^(n-1),
 * g k_d (1 - s) k_s c S_0 R^(n-2), ... -- and computing each one this way keeps the rows
 * consistent with the cumulative sums even when a factor is tiny or huge (g k_d = 1e-323,
 * S_0 = 1e-314: found by fuzz/fuzz_referral.c). Exact for dyadic factors.
 */
static double scaled_product(const double *factor, size_t n) {
    double mantissa = 1.0;
    long exponent = 0;
    for (size_t i = 0; i < n; i++) {
        if (factor[i] == 0.0) {
            return 0.0;
        }
        int e;
        mantissa *= frexp(factor[i], &e);
        exponent += e;
        mantissa = frexp(mantissa, &e); /* back into [1/2, 1) */
        exponent += e;
    }
    if (exponent > DBL_MAX_EXP) {
        return INFINITY; /* at least 2^DBL_MAX_EXP: past DBL_MAX */
    }
    if (exponent < DBL_MIN_EXP - DBL_MANT_DIG - 1) {
        return 0.0; /* below half the smallest subnormal */
    }
    return ldexp(mantissa, (int)exponent);
}

/* The product of the factors, left to right. While every partial product is a normal number,
 * scaling by powers of two is exact and the plain product rounds exactly as the scaled one:
 * the scaled one is needed only when a partial product leaves the normal range. */
static double product(const double *factor, size_t n) {
    double p = 1.0;
    for (size_t i = 0; i < n; i++) {
        p *= factor[i];
        if (!(fabs(p) >= DBL_MIN && fabs(p) <= DBL_MAX)) {
            return scaled_product(factor, n); /* 0, subnormal or overflowed on the way */
        }
    }
    return p;
}

/* k_s c S_0 x: the customers won by S_0 satisfied customers, times x. */
static double won_times(const branching *b, double x) {
    const double f[] = {b->told_satisfied, b->conversion, b->satisfied0, x};
    return product(f, 4);
}

/* g k_d (1 - s) k_s c S_0 x: the prospects deterred by the dissatisfied they win, times x. */
static double deterred_times(const branching *b, double x) {
    const double f[] = {b->deterrence,
                        b->told_dissatisfied,
                        b->dissatisfied_share,
                        b->told_satisfied,
                        b->conversion,
                        b->satisfied0,
                        x};
    return product(f, 7);
}

/* g k_d D_0: the prospects deterred by the base. */
static double deterred_by_base(const branching *b) {
    const double f[] = {b->deterrence, b->told_dissatisfied, b->dissatisfied0};
    return product(f, 3);
}

/* W(n) = k_s c S_0 G(R, n); n >= 0 whole or +INFINITY. */
static int cumulative_won(const branching *b, double n, double *won) {
    double g;
    int st = clv__geometric_sum(b->reproduction, n, &g);
    if (st != CLV_OK) {
        return st;
    }
    *won = won_times(b, g); /* an overflow is caught by the caller's finiteness check */
    return CLV_OK;
}

/* L(n) = g k_d D_0 + g k_d (1 - s) W(n - 1) for n >= 1, from G(R, n - 1). */
static double deterred_through(const branching *b, double g_before) {
    return deterred_by_base(b) + deterred_times(b, g_before);
}

/* Generation n >= 1 from the closed forms, given R^(n-2), R^(n-1) (pow), G(R, n - 1) and
 * G(R, n) -- which the next row reuses, so a table costs one pow and one geometric sum a
 * row. */
static int generation_row(const branching *b, size_t n, double r_before, double r_now,
                          double g_before, double g_now, clv_wom_generation *out) {
    int st;
    out->customers_won = won_times(b, r_now);
    out->satisfied = b->satisfied_share * out->customers_won;
    out->dissatisfied = b->dissatisfied_share * out->customers_won;
    /* L_1 = g k_d D_0; L_n = g k_d D_{n-1} = g k_d (1 - s) k_s c S_0 R^(n-2) */
    out->customers_deterred = (n == 1) ? deterred_by_base(b) : deterred_times(b, r_before);
    out->cumulative_won = won_times(b, g_now);
    out->cumulative_deterred = deterred_through(b, g_before);
    const double all[] = {out->satisfied,          out->dissatisfied,   out->customers_won,
                          out->customers_deterred, out->cumulative_won, out->cumulative_deterred};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        if ((st = clv__check_result(all[i])) != CLV_OK) {
            return st;
        }
    }
    return CLV_OK;
}

/* Generation n >= 1 on its own. */
static int generation_at(const branching *b, size_t n, clv_wom_generation *out) {
    double k = (double)n;
    double g_before, g_now;
    int st;
    if ((st = clv__geometric_sum(b->reproduction, k - 1.0, &g_before)) != CLV_OK ||
        (st = clv__geometric_sum(b->reproduction, k, &g_now)) != CLV_OK) {
        return st;
    }
    double r_before = (n == 1) ? 0.0 : pow(b->reproduction, k - 2.0);
    return generation_row(b, n, r_before, pow(b->reproduction, k - 1.0), g_before, g_now, out);
}

int clv_wom_generations(const clv_wom_params *params, double satisfied_share, double satisfied,
                        double dissatisfied, size_t n_generations,
                        clv_wom_generation *generations) {
    int st;
    if (params == NULL || generations == NULL || n_generations == 0) {
        return CLV_EINVAL;
    }
    if ((st = check_branching(params, satisfied_share)) != CLV_OK ||
        (st = clv__check_nonneg(satisfied)) != CLV_OK ||
        (st = clv__check_nonneg(dissatisfied)) != CLV_OK) {
        return st;
    }
    branching b = make_branching(params, satisfied_share, satisfied, dissatisfied);
    /* Nothing is written unless every row is finite. Per generation the values are geometric
     * in n from generation 2 on (generation 1's deterred come from D_0 alone), so their
     * largest values sit in generations 1, 2 and n; the cumulative ones grow with n. Checking
     * those three rows checks them all. */
    clv_wom_generation probe;
    const size_t probes[] = {1, 2, n_generations};
    for (size_t i = 0; i < sizeof probes / sizeof probes[0]; i++) {
        if (probes[i] <= n_generations && (st = generation_at(&b, probes[i], &probe)) != CLV_OK) {
            return st;
        }
    }
    /* The same values generation_at() gives, with R^(n-2) and G(R, n - 1) carried over from
     * the row before. */
    double r_before = 0.0, g_before = 0.0; /* G(R, 0) = 0 */
    for (size_t n = 1; n <= n_generations; n++) {
        double k = (double)n;
        double r_now = pow(b.reproduction, k - 1.0);
        double g_now;
        if ((st = clv__geometric_sum(b.reproduction, k, &g_now)) != CLV_OK ||
            (st = generation_row(&b, n, r_before, r_now, g_before, g_now, &generations[n - 1])) !=
                CLV_OK) {
            return st; /* not reached: the probes above bound every row */
        }
        r_before = r_now;
        g_before = g_now;
    }
    return CLV_OK;
}

int clv_wom_total(const clv_wom_params *params, double satisfied_share, double satisfied,
                  double dissatisfied, double customer_value, clv_wom_totals *totals) {
    int st;
    if (params == NULL || totals == NULL) {
        return CLV_EINVAL;
    }
    if ((st = check_branching(params, satisfied_share)) != CLV_OK ||
        (st = clv__check_nonneg(satisfied)) != CLV_OK ||
        (st = clv__check_nonneg(dissatisfied)) != CLV_OK ||
        (st = clv__check_finite(customer_value)) != CLV_OK) {
        return st;
    }
    branching b = make_branching(params, satisfied_share, satisfied, dissatisfied);
    clv_wom_totals out;
    out.reproduction_number = b.reproduction;
    if (won_times(&b, 1.0) == 0.0) {
        /* nobody is ever won (k_s c S_0 = 0), whatever R: the sums are finite */
        out.customers_won = 0.0;
        out.customers_deterred = deterred_by_base(&b);
    } else {
        double g;
        if ((st = clv__geometric_sum(b.reproduction, INFINITY, &g)) != CLV_OK) {
            return st; /* CLV_EDIVERGE for R >= 1 */
        }
        out.customers_won = won_times(&b, g);
        out.customers_deterred = deterred_through(&b, g);
    }
    out.satisfied_won = satisfied_share * out.customers_won;
    out.dissatisfied_won = b.dissatisfied_share * out.customers_won;
    out.net_customers = out.customers_won - out.customers_deterred;
    out.value_won = out.customers_won * customer_value;
    out.value_lost = out.customers_deterred * customer_value;
    out.net_value = out.value_won - out.value_lost;
    const double all[] = {out.customers_won,      out.satisfied_won, out.dissatisfied_won,
                          out.customers_deterred, out.net_customers, out.value_won,
                          out.value_lost,         out.net_value};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        if ((st = clv__check_result(all[i])) != CLV_OK) {
            return st;
        }
    }
    *totals = out;
    return CLV_OK;
}

/* Above 2^53 consecutive whole numbers are no longer distinct doubles: n + 1 == n. */
#define EXACT_WHOLE_LIMIT 9007199254740992.0

int clv_wom_time_to_reach(const clv_wom_params *params, double satisfied_share, double satisfied,
                          double target, double cycle_time, double *generations, double *time) {
    int st;
    if (params == NULL || generations == NULL || time == NULL) {
        return CLV_EINVAL;
    }
    if ((st = check_branching(params, satisfied_share)) != CLV_OK ||
        (st = clv__check_nonneg(satisfied)) != CLV_OK ||
        (st = clv__check_nonneg(target)) != CLV_OK ||
        (st = clv__check_positive(cycle_time)) != CLV_OK) {
        return st;
    }
    if (target == 0.0) {
        *generations = 0.0;
        *time = 0.0;
        return CLV_OK;
    }
    branching b = make_branching(params, satisfied_share, satisfied, 0.0);
    double first = won_times(&b, 1.0); /* W(1) = k_s c S_0 */
    double r = b.reproduction;
    double n;
    if (first == 0.0) {
        n = INFINITY; /* nobody is ever won */
    } else if (!isfinite(first)) {
        n = 1.0; /* generation 1 alone wins more than any finite target */
    } else if (r == 0.0) {
        n = (target <= first) ? 1.0 : INFINITY; /* W(n) = m S_0 for every n >= 1 */
    } else {
        /* W(n) >= target  <=>  G(R, n) >= x = target / (m S_0). log x is also formed from
         * the logs, for a ratio that overflows. */
        double x = target / first;
        double log_x = log(target) - log(first);
        if (r < 1.0) {
            /* G(R, n) < 1 / (1 - R) for every finite n: a target at or above the limit is
             * never reached. Otherwise R^n <= 1 - x (1 - R), n >= log1p(-x (1 - R)) / log R. */
            double y = x * (1.0 - r);
            n = (y >= 1.0) ? INFINITY : ceil(log1p(-y) / log(r));
        } else if (r == 1.0) {
            if (!isfinite(x)) {
                return CLV_ERANGE; /* reached, after more generations than a double holds */
            }
            n = ceil(x); /* G(1, n) = n */
        } else {
            /* R^n >= 1 + x (R - 1): n >= log1p(x (R - 1)) / log R, in logs when x (R - 1)
             * overflows (then the 1 is far below the last digit). */
            double y = x * (r - 1.0);
            double log_y1 = isfinite(y) ? log1p(y) : log_x + log(r - 1.0);
            n = ceil(log_y1 / log(r));
        }
        if (isfinite(n)) {
            /* The closed form above and W(n) of clv_wom_generations() round differently:
             * settle n on the same W(n) the caller sees, the smallest n with W(n) >= target. */
            n = fmax(n, 1.0);
            double w;
            for (int step = 0; step < 4 && n < EXACT_WHOLE_LIMIT; step++) {
                if ((st = cumulative_won(&b, n, &w)) != CLV_OK && st != CLV_ERANGE) {
                    return st;
                }
                if (st == CLV_OK && w < target) {
                    n += 1.0;
                } else {
                    break;
                }
            }
            for (int step = 0; step < 4 && n > 1.0 && n < EXACT_WHOLE_LIMIT; step++) {
                if (cumulative_won(&b, n - 1.0, &w) == CLV_OK && isfinite(w) && w >= target) {
                    n -= 1.0;
                } else {
                    break;
                }
            }
        }
    }
    if (isinf(n)) {
        *generations = INFINITY;
        *time = INFINITY;
        return CLV_OK;
    }
    double t = n * cycle_time;
    if ((st = clv__check_result(t)) != CLV_OK) {
        return st;
    }
    *generations = n;
    *time = t;
    return CLV_OK;
}

int clv_wom_dissatisfied_cost(const clv_wom_params *params, double satisfied_share,
                              double own_value, double customer_value, double horizon,
                              clv_wom_cost *cost) {
    int st;
    if (params == NULL || cost == NULL) {
        return CLV_EINVAL;
    }
    if ((st = check_branching(params, satisfied_share)) != CLV_OK ||
        (st = clv__check_finite(own_value)) != CLV_OK ||
        (st = clv__check_finite(customer_value)) != CLV_OK ||
        (st = clv__check_horizon(horizon)) != CLV_OK) {
        return st;
    }
    /*
     * A deterred prospect, had they come, would have been a new customer: satisfied with
     * probability s (winning m = k_s c customers) or not (deterring g k_d prospects like
     * themselves). The customers a prospect stands for over j further generations obey
     * e_j = 1 + s m e_{j-1} - (1 - s) g k_d e_{j-1} = 1 + a e_{j-1}, e_0 = 1, so
     * e_j = G(a, j + 1). The deterred are generation 1 of the customer's word; a horizon of
     * h generations leaves them h - 1 of their own: e = G(a, h).
     */
    double won = reproduction_of(params, satisfied_share); /* R */
    double deterred_by_new =
        (1.0 - satisfied_share) * (params->told_dissatisfied * params->deterrence);
    double a = won - deterred_by_new;
    if (isinf(horizon) && !(won + deterred_by_new < 1.0)) {
        /* The prospects' trees of customers won and deterred grow like
         * (s m + (1 - s) g k_d)^j: their sums, and so the cost, have no finite limit. */
        return CLV_EDIVERGE;
    }
    clv_wom_cost out;
    out.own_value = own_value;
    out.net_reproduction = a;
    out.deterred = (horizon >= 1.0) ? params->deterrence * params->told_dissatisfied : 0.0;
    if ((st = clv__geometric_sum(a, horizon, &out.customers_per_deterred)) != CLV_OK) {
        return st;
    }
    out.lost_customers = out.deterred * out.customers_per_deterred;
    out.word_of_mouth_cost = out.lost_customers * customer_value;
    out.total_cost = own_value + out.word_of_mouth_cost;
    const double all[] = {out.net_reproduction, out.lost_customers, out.word_of_mouth_cost,
                          out.total_cost};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        if ((st = clv__check_result(all[i])) != CLV_OK) {
            return st;
        }
    }
    *cost = out;
    return CLV_OK;
}
