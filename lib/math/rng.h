/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Internal: random variates from a caller-owned xoshiro256** state (lib/math/rng.c). The
 * draws work on the state in place and validate nothing: the public clv_rng_* functions and
 * the simulations (lib/clv/simulate.c, lib/churn/sbg_simulate.c) check their arguments first.
 */
#ifndef CLV_MATH_RNG_H
#define CLV_MATH_RNG_H

#include <stdint.h>

#include "clv.h"

/* Largest mean clv__rng_poisson() takes (documented as CLV_RNG_POISSON_MAX_MEAN). */
#define CLV__POISSON_MAX_MEAN 1e12

/* Is the state usable (not all zero: xoshiro's only fixed point)? */
int clv__rng_ok(const clv_rng *rng);

/* Fill the state from a 64-bit seed through splitmix64. */
void clv__rng_seed(clv_rng *rng, uint64_t seed);

/* The next 64-bit output of xoshiro256**. */
uint64_t clv__rng_next(clv_rng *rng);

/* Uniform on (0, 1), never 0 or 1: (k + 1/2) 2^-52 for a 52-bit k. */
double clv__rng_uniform(clv_rng *rng);

/* Standard normal (Box & Muller 1958). */
double clv__rng_normal(clv_rng *rng);

/* Exponential of rate 1. */
double clv__rng_exp1(clv_rng *rng);

/* Gamma(shape, 1) (Marsaglia & Tsang 2000), shape finite > 0; and its logarithm, which stays
 * finite when a tiny shape makes the variate underflow. */
double clv__rng_gamma1(clv_rng *rng, double shape);
double clv__rng_log_gamma1(clv_rng *rng, double shape);

/* Beta(a, b) from two gammas, in [0, 1] (0 or 1 only through underflow of tiny shapes). */
double clv__rng_beta(clv_rng *rng, double a, double b);

/* Failures before the first success, success probability p in [0, 1] (p = 0: +INFINITY). */
double clv__rng_geometric(clv_rng *rng, double p);

/* Poisson(mean), 0 <= mean <= CLV__POISSON_MAX_MEAN. */
double clv__rng_poisson(clv_rng *rng, double mean);

/* Binomial(m, p) for a whole m >= 0 (exact; O(log m) variates). */
double clv__rng_binomial(clv_rng *rng, double m, double p);

#endif /* CLV_MATH_RNG_H */
