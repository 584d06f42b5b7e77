/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * The till's model: a parameters file written by `clv-report --save-params` (format version 1,
 * described in pos-model.c), read once, and the per-customer scoring, which only calls the
 * library and never allocates. Shared by pos.c and bench-pos.c.
 */
#ifndef CLV_EXAMPLES_POS_MODEL_H
#define CLV_EXAMPLES_POS_MODEL_H

#include <stddef.h>

#include <clv.h>

/* The file's contents, and the value settings derived from them exactly as clv-report does. */
typedef struct pos_model {
    clv_purchase_model purchase; /* BG/NBD, Pareto/NBD or MBG/NBD, time unit weeks */
    clv_gg_params spend;         /* Gamma-Gamma */
    double margin;               /* share of spend that is profit, 0..1 */
    double discount_annual;      /* annual discount rate, >= 0 */
    double horizon_weeks;        /* horizon of the value, weeks, > 0 */
    char calibration_end[11];    /* YYYY-MM-DD */
    clv_value_options value;     /* months of 52/12 weeks, monthly rate, ceil(horizon) months */
    double newcomer_value;       /* value of a customer who has just bought (x = 0, T = 0) */
} pos_model;

/* One customer's answer at the till. */
typedef struct pos_score {
    double p_alive;  /* P(alive | x, t_x, T) */
    double expected; /* E[X(window) | x, t_x, T]: purchases in the next window */
    double spend;    /* Gamma-Gamma expected spend per purchase */
    double value;    /* clv_customer_value(), as clv-report computes it */
    const char *tier;
} pos_score;

/* A whole token as a finite double: 0, or -1 (trailing text, not a number, inf, NaN). */
int pos_parse_number(const char *s, double *v);

/* Reads and checks a parameters file. Returns 0, or -1 with a one-line message in err
 * ("FILE:LINE: what is wrong"). */
int pos_model_load(const char *path, pos_model *model, char *err, size_t err_size);

/* The model's name ("BG/NBD", "Pareto/NBD", "MBG/NBD"). */
const char *pos_model_name(const pos_model *model);

/* Null if (x, t_x, T, mean_spend) is a valid history in the file's time unit, else what is
 * wrong with it. */
const char *pos_check_history(double x, double t_x, double T, double mean_spend);

/* Scores one customer: P(alive), expected purchases in the next `window` time units, expected
 * spend, value and tier. No allocation. Returns CLV_OK or the library's status (out is then
 * unspecified). */
int pos_score_customer(const pos_model *model, double x, double t_x, double T, double mean_spend,
                       double window, pos_score *out);

/* The tier rule, on P(alive) and the value relative to a newcomer's (see pos-model.c). */
const char *pos_tier(const pos_model *model, double p_alive, double value);

#endif /* CLV_EXAMPLES_POS_MODEL_H */
