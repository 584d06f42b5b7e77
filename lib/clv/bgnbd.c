/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * BG/NBD (Fader, Hardie & Lee 2005, "Counting your customers the easy way", Marketing Science
 * 24(2) 275-284): the public functions. The formulas are in betageo.c, shared with MBG/NBD;
 * BG/NBD is the family's shift 0 (dropout only after repeat purchases).
 */
#include "clv.h"
#include "clv/betageo.h"

#define BGNBD_SHIFT 0

/* The parameter struct as the engine's theta; null stays null for the engine to report. */
#define THETA(p) ((p) == NULL ? NULL : (const double[4]){(p)->r, (p)->alpha, (p)->a, (p)->b})

int clv_bgnbd_loglik(const clv_bgnbd_params *params, const clv_rfm_view *data, double *loglik,
                     double *gradient) {
    if (params == NULL) {
        return CLV_EINVAL;
    }
    return clv__bg_loglik(THETA(params), BGNBD_SHIFT, data, loglik, gradient);
}

int clv_bgnbd_fit(const clv_rfm_view *data, const clv_fit_options *options,
                  clv_bgnbd_params *params, clv_fit_report *report) {
    double theta[CLV_MAX_PARAMS];
    if (params == NULL) {
        return CLV_EINVAL;
    }
    int st = clv__bg_fit(CLV_MODEL_BGNBD, BGNBD_SHIFT, data, options, theta, report);
    if (st == CLV_OK || st == CLV_ENOCONV || st == CLV_ECANCELED) {
        params->r = theta[0];
        params->alpha = theta[1];
        params->a = theta[2];
        params->b = theta[3];
    }
    return st;
}

int clv_bgnbd_p_alive(const clv_bgnbd_params *params, double x, double t_x, double T, double *p) {
    if (params == NULL) {
        return CLV_EINVAL;
    }
    return clv__bg_p_alive(THETA(params), BGNBD_SHIFT, x, t_x, T, p);
}

int clv_bgnbd_expected_purchases(const clv_bgnbd_params *params, double x, double t_x, double T,
                                 double t, double *expected) {
    if (params == NULL) {
        return CLV_EINVAL;
    }
    return clv__bg_expected_purchases(THETA(params), BGNBD_SHIFT, x, t_x, T, t, expected);
}

int clv_bgnbd_expected_purchases_new(const clv_bgnbd_params *params, double t, double *expected) {
    return clv_bgnbd_expected_purchases(params, 0.0, 0.0, 0.0, t, expected);
}

int clv_bgnbd_prob_purchases(const clv_bgnbd_params *params, double t, double n, double *p) {
    if (params == NULL) {
        return CLV_EINVAL;
    }
    return clv__bg_prob_purchases(THETA(params), BGNBD_SHIFT, t, n, p);
}

int clv_bgnbd_p_alive_array(const clv_bgnbd_params *params, const clv_rfm_view *data, double *p) {
    if (params == NULL) {
        return CLV_EINVAL;
    }
    return clv__bg_p_alive_array(THETA(params), BGNBD_SHIFT, data, p, NULL);
}

int clv_bgnbd_expected_purchases_array(const clv_bgnbd_params *params, const clv_rfm_view *data,
                                       double t, double *expected) {
    if (params == NULL) {
        return CLV_EINVAL;
    }
    return clv__bg_expected_purchases_array(THETA(params), BGNBD_SHIFT, data, t, expected,
                                            NULL);
}

int clv_bgnbd_dert(const clv_bgnbd_params *params, double x, double t_x, double T, double delta,
                double *dert) {
    if (params == NULL) {
        return CLV_EINVAL;
    }
    return clv__bg_dert(THETA(params), BGNBD_SHIFT, x, t_x, T, delta, dert);
}

int clv_bgnbd_prob_purchases_cond(const clv_bgnbd_params *params, double x, double t_x, double T,
                                double t, double n, double *p) {
    if (params == NULL) {
        return CLV_EINVAL;
    }
    return clv__bg_prob_purchases_cond(THETA(params), BGNBD_SHIFT, x, t_x, T, t, n, p);
}
