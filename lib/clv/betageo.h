/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Internal: the beta-geometric/NBD family. BG/NBD (Fader, Hardie & Lee 2005) and MBG/NBD
 * (Batislam, Denizel & Filiztekin 2007) differ only in when a customer may drop out: after each
 * repeat purchase (BG/NBD), or also at time 0, right after the first (MBG/NBD). Every formula of
 * MBG/NBD is the BG/NBD formula with the Beta functions' b + x replaced by b + x + 1, so one
 * implementation serves both, with shift = 0 (BG/NBD) or 1 (MBG/NBD).
 *
 * theta = (r, alpha, a, b). Each function validates its inputs as clv.h documents for the
 * public functions that call it, and returns their statuses.
 */
#ifndef CLV_CLV_BETAGEO_H
#define CLV_CLV_BETAGEO_H

#include "clv.h"

int clv__bg_loglik(const double *theta, int shift, const clv_rfm_view *data, double *loglik,
                   double *gradient);
int clv__bg_fit(int model_tag, int shift, const clv_rfm_view *data, const clv_fit_options *options,
                double *theta, clv_fit_report *report);
int clv__bg_p_alive(const double *theta, int shift, double x, double t_x, double T, double *p);
int clv__bg_expected_purchases(const double *theta, int shift, double x, double t_x, double T,
                               double t, double *expected);
int clv__bg_dert(const double *theta, int shift, double x, double t_x, double T, double delta,
                 double *dert);
/* clv_customer_value()'s discounted sum for discount > 0 and horizon >= 1 (checked by the
 * caller): P(alive) x clv__bg_query_per_alive() (kernels.h), the kernel of the rows form. */
int clv__bg_value_total(const double *theta, int shift, double x, double t_x, double T,
                        double period, double discount, double horizon, double *sum);
int clv__bg_prob_purchases_cond(const double *theta, int shift, double x, double t_x, double T,
                                double t, double n, double *p);
int clv__bg_prob_purchases(const double *theta, int shift, double t, double n, double *p);
/* The array forms; with row_status (may be null) each row gets its status and a refused
 * row does not stop the others (clv.h, group clv_rows). */
int clv__bg_p_alive_array(const double *theta, int shift, const clv_rfm_view *data, double *p,
                          int32_t *row_status);
int clv__bg_expected_purchases_array(const double *theta, int shift, const clv_rfm_view *data,
                                     double t, double *expected, int32_t *row_status);

/* E[X(t_i) | x, t_x, T] for n horizons t (each finite, >= 0), validating once and computing
 * P(alive) once: the same values as clv__bg_expected_purchases() horizon by horizon. */
int clv__bg_expected_curve(const double *theta, int shift, double x, double t_x, double T,
                           const double *t, size_t n, double *expected);

#endif /* CLV_CLV_BETAGEO_H */
