/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Special functions shared by the models (they know nothing of customers). All are pure and
 * thread-safe: no global state (never lgamma(), which writes signgam).
 *
 * Accuracy target: 1e-12 relative against mpmath over the ranges real customer data reaches
 * (arguments from 1e-3 to 1e3 for parameters, up to 1e5 + 1e3 where a purchase count x up to
 * 100,000 is added, times up to 1e4), checked by tests/test_special.c with the oracle values
 * of tests/oracles/special_oracles.py. Callers validate their arguments; outside the stated
 * domain the result is NaN.
 */
#ifndef CLV_MATH_SPECIAL_H
#define CLV_MATH_SPECIAL_H

/* log Gamma(x) for x > 0. */
double clv__lgamma(double x);

/* log Gamma(a + x) - log Gamma(a) for a > 0, x >= 0, without the cancellation of the
 * difference when a is large and x small (e.g. a = 1000, x = 1 gives log 1000 to full
 * relative precision). */
double clv__lgamma_ratio(double a, double x);

/* log B(a, b) = log Gamma(a) + log Gamma(b) - log Gamma(a + b) for a, b > 0, accurate when
 * one argument is much larger than the other. */
double clv__lbeta(double a, double b);

/* Digamma psi(x) = d/dx log Gamma(x) for x > 0. */
double clv__digamma(double x);

/* psi(a + x) - psi(a) for a > 0, x >= 0, accurate when a is large and x small. */
double clv__digamma_diff(double a, double x);

/* Trigamma psi'(x) for x > 0. */
double clv__trigamma(double x);

/*
 * Gauss hypergeometric function in log form: log 2F1(a, b; c; z) for a, b, c > 0 and
 * 0 <= z < 1, where every term of the series is positive and the value is >= 1. The log form
 * carries the huge values of x ~ 1e5 purchases. Fast for the arguments of the BG/NBD
 * conditional expectation (a = r + x, b = b + x, c = a + b + x - 1, z = t/(alpha + T + t)),
 * of the Pareto/NBD likelihood (a = r + s + x, b = s + 1, c = r + s + x + 1,
 * z = |alpha - beta| / (max(alpha, beta) + t_x)) and of sBG's DERL (a = 1), including z close
 * to 1, through the transformations of Abramowitz & Stegun 15.3.
 */
double clv__log_hyp2f1(double a, double b, double c, double z);

/*
 * log 2F1 and its partial derivatives d/da, d/db, d/dc, d/dz of log 2F1 (i.e. of the value
 * divided by itself), for the analytic gradient of the Pareto/NBD likelihood. Same domain as
 * clv__log_hyp2f1. Writes grad[0..3] = d log F / d(a, b, c, z); returns log F.
 */
double clv__log_hyp2f1_grad(double a, double b, double c, double z, double grad[4]);

/*
 * log of the upper incomplete gamma function Gamma(s, x) = int_x^inf t^(s-1) e^-t dt for
 * real s (any sign) and x > 0; used by the Pareto/NBD DERT through Tricomi's
 * U(s, s; x) = e^x Gamma(1 - s, x) (Fader, Hardie & Lee 2005, "RFM and CLV", eq. 2).
 */
double clv__log_upper_gamma(double s, double x);

/*
 * The scaled upper incomplete gamma function R(s, x) = e^x x^-s Gamma(s, x) for real s and
 * x > 0, without forming e^x and Gamma(s, x) apart (whose logs cancel for large x): Legendre's
 * continued fraction where it converges fast, as clv__log_upper_gamma(). Tricomi's
 * U(1, 1+s, x) = R(s, x) (Gamma(s, x) = e^-x U(1-s, 1-s, x), DLMF 8.5.3, and Kummer's
 * transformation 13.2.40); for s = -n, e^x x^n Gamma(-n, x) = U(1, 1-n, x).
 */
double clv__upper_gamma_scaled(double s, double x);

/*
 * The regularised incomplete beta function I_x(a, b) for a, b > 0 and 0 <= x <= 1, by the
 * continued fraction of DLMF 8.17.22 (below the mean; the symmetry I_x(a, b) = 1 - I_y(b, a)
 * above it). The caller passes x, y = 1 - x and their logarithms, each computed without
 * cancellation (e.g. x = t/(alpha+t), y = alpha/(alpha+t)), so a value of I near 0 keeps its
 * relative precision. The negative binomial tail: P(K >= n) = I_(1-p)(n, r) for K ~ NB(r, p).
 * NaN if the fraction has not converged (a and b beyond ~1e11).
 */
double clv__beta_inc(double a, double b, double x, double y, double log_x, double log_y);

/* clv__beta_inc() with at most max_steps steps of each continued fraction (NaN past them): a
 * bound on the work (~15 ns a step) where the caller has another route or an error status. */
double clv__beta_inc_capped(double a, double b, double x, double y, double log_x, double log_y,
                            long max_steps);

/*
 * The regularised upper incomplete gamma function Q(a, x) = Gamma(a, x) / Gamma(a) for a > 0
 * and x >= 0 (Q(a, 0) = 1), from clv__log_upper_gamma(): the chi-square survival function is
 * Q(df/2, x/2). Relative accuracy ~1e-13 for a up to 1e3 (the error of the exponent
 * a log x - x - log Gamma(a) grows with a). NaN outside the domain or when the series or
 * fraction did not converge.
 */
double clv__gamma_q(double a, double x);

/* lnG(y+e+d) - lnG(y+d) - lnG(y+e) + lnG(y) for y > 0, e, d >= 0 (finite), to the relative
 * accuracy of its own size (>= 0): a log of a ratio of gamma ratios, e.g. of the terms of a
 * hypergeometric series d places apart, without the cancellation of two clv__lgamma_ratio()
 * values. NaN outside the domain. */
double clv__lgamma_ratio2(double y, double e, double d);

/* clv__lgamma_ratio2() at any finite y > 0 (subnormal included), e, d >= 0, where y + e + d
 * may overflow and y may be tiny against e and d (the shift's 1 - q and Stirling's
 * log(1 - q) then formed without cancellation); a whole min(e, d) <= 16 is summed as
 * sum_(k<d) log((y+k+e)/(y+k)). Relative accuracy ~1e-13; +inf where the value overflows. */
double clv__lgamma_ratio2_wide(double y, double e, double d);

/* Largest order clv__polygamma_scaled() computes. */
#define CLV__POLYGAMMA_MAX 24

/* out[k] = psi^(k)(z) / k!, the Taylor coefficients of psi(z + h), for k = 1..kmax
 * (kmax <= CLV__POLYGAMMA_MAX), z > 0; out[0] is not written. Relative accuracy ~1e-15 for
 * z >= 1 (asymptotic series from z >= 40, shifted up below). */
void clv__polygamma_scaled(double z, int kmax, double *out);

#endif /* CLV_MATH_SPECIAL_H */
