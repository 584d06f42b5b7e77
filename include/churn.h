/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/**
 * @file churn.h
 * @brief Retention and churn: rates, lifetimes, the value of retention, churn economics.
 *
 * The closed forms a business uses to talk about customers who leave:
 *
 * - churn and retention rate of a period from customer counts, with the common definitions;
 * - conversion of a churn or retention rate between period lengths (monthly <-> annual);
 * - expected and median customer lifetime under a constant churn rate (geometric lifetime);
 * - what a gain in retention is worth, from the caller's own margin, retention and discount
 *   rate (Gupta & Lehmann 2003; Reichheld & Sasser 1990 for the claim it tests);
 * - churn economics from the counts a business should keep: acquisition cost, the lifetime
 *   value the churned customers take with them, and the break-even spend on retention;
 * - the shifted-beta-geometric (sBG) model of contractual retention (Fader & Hardie 2007,
 *   "How to project customer retention", Journal of Interactive Marketing 21(1) 76-90):
 *   fit from survivor counts or censored durations, survival and retention curves,
 *   projection, expected lifetime, and the discounted expected (residual) lifetimes DEL and
 *   DERL of Fader & Hardie (2010), "Customer-base valuation in a contractual setting: the
 *   perils of ignoring heterogeneity", Marketing Science 29(1) 85-93.
 *
 * Conventions are those of clv.h (status codes, units, no allocation); this header includes it.
 */
#ifndef CLV_CHURN_H
#define CLV_CHURN_H

#include "clv.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @defgroup clv_churn_rates Churn and retention rates
 * @brief Rates of a period from counts, and their conversion between period lengths.
 *
 * Churn c is the share of customers lost per period and retention r = 1 - c. A customer's
 * lifetime under a constant churn rate is geometric: P(lifetime = t periods) = c (1-c)^(t-1),
 * t = 1, 2, ..., with survival (1-c)^t after t periods.
 * @{
 */

/** Churn = lost / customers at the start of the period. Lost counts only customers who were
 *  there at the start (the usual definition; retention = 1 - churn = (end - new) / start). */
#define CLV_CHURN_START 0
/** Churn = lost / average customer count, (start + end) / 2 with end = start - lost + new;
 *  a smoother figure for a base that grows or shrinks quickly within the period. */
#define CLV_CHURN_AVERAGE 1
/** Churn = lost / (start + new): every customer exposed to the risk during the period; lost
 *  may then include new customers who left within the same period. */
#define CLV_CHURN_EXPOSED 2

/**
 * @brief Churn and retention rate of one period from customer counts.
 *
 * The denominator depends on @p method (#CLV_CHURN_START, #CLV_CHURN_AVERAGE,
 * #CLV_CHURN_EXPOSED); retention is 1 - churn in every method. Counts may be fractional
 * (e.g. averaged or weighted counts). Source: the customer retention rate (E - N)/S of
 * Reichheld & Sasser (1990) and marketing-metrics practice (Farris et al. 2010, "Marketing
 * Metrics", ch. 5); the average and exposed denominators are the common alternatives.
 *
 * @param start_customers Customers at the start of the period, >= 0, finite.
 * @param lost_customers  Customers lost during the period, >= 0, finite; at most
 *                        @p start_customers with #CLV_CHURN_START, at most start + new
 *                        with #CLV_CHURN_EXPOSED, and at most the average count
 *                        (start + end)/2 with #CLV_CHURN_AVERAGE (so that churn <= 1),
 *                        i.e. lost <= (2 start + new)/3.
 * @param new_customers   Customers gained during the period, >= 0, finite.
 * @param method          #CLV_CHURN_START, #CLV_CHURN_AVERAGE or #CLV_CHURN_EXPOSED.
 * @param churn           Out: churn rate for the period, in [0, 1].
 * @param retention       Out: retention rate for the period, 1 - churn.
 * @return #CLV_OK; #CLV_EINVAL for a null output or an unknown @p method; #CLV_EDOM for a
 *         non-finite or negative count, more customers lost than the method allows, or a
 *         zero denominator (no customers).
 */
CLV_API int clv_churn_rate(double start_customers, double lost_customers, double new_customers,
                           int method, double *churn, double *retention);

/**
 * @brief Convert a churn rate between period lengths by compounding retention.
 *
 * 1 - c_to = (1 - c_from)^(to_length / from_length), computed as -expm1(k log1p(-c_from))
 * so small rates keep their digits: a monthly churn of 2% is an annual 21.53%. Source:
 * survival compounds over periods (independent, constant per-period retention).
 *
 * @param churn       Churn rate per period of @p from_length, in [0, 1].
 * @param from_length Length of the period @p churn is quoted for, > 0, finite.
 * @param to_length   Length of the period wanted, > 0, finite, same time unit.
 * @param converted   Out: churn rate per period of @p to_length, in [0, 1].
 * @return #CLV_OK; #CLV_EINVAL for a null @p converted; #CLV_EDOM for a non-finite input,
 *         @p churn outside [0, 1] or a length <= 0.
 */
CLV_API int clv_churn_convert(double churn, double from_length, double to_length,
                              double *converted);

/**
 * @brief Convert a retention rate between period lengths: r_to = r_from^(to/from)
 *        (compounding, as clv_churn_convert()).
 * @param retention   Retention rate per period of @p from_length, in [0, 1].
 * @param from_length Length of the period @p retention is quoted for, > 0, finite.
 * @param to_length   Length of the period wanted, > 0, finite, same time unit.
 * @param converted   Out: retention rate per period of @p to_length, in [0, 1].
 * @return #CLV_OK; #CLV_EINVAL for a null @p converted; #CLV_EDOM for a non-finite input,
 *         @p retention outside [0, 1] or a length <= 0.
 */
CLV_API int clv_retention_convert(double retention, double from_length, double to_length,
                                  double *converted);

/**
 * @brief Expected customer lifetime under a constant churn rate: 1 / churn periods.
 *
 * The mean of the geometric lifetime that counts the period of acquisition as the first,
 * P(lifetime = t) = c (1-c)^(t-1). Source: the geometric distribution; the "lifetime =
 * 1 / churn" rule of subscription practice.
 *
 * @param churn   Churn rate per period, in [0, 1].
 * @param periods Out: expected lifetime in periods, >= 1; @c +INFINITY when @p churn is 0.
 * @return #CLV_OK; #CLV_EINVAL for a null @p periods; #CLV_EDOM for @p churn not in [0, 1];
 *         #CLV_ERANGE for a churn so small (subnormal) that 1/churn overflows.
 */
CLV_API int clv_expected_lifetime(double churn, double *periods);

/**
 * @brief Half-life of a customer base under a constant churn rate: the time by which half
 *        of the customers are gone.
 *
 * The t with (1 - c)^t = 1/2, t = log 2 / -log1p(-c), with survival continued to real t. This
 * is the "median lifetime" businesses quote; the median of the discrete geometric lifetime of
 * clv_expected_lifetime() (whole periods, the period of acquisition counted as the first) is
 * max(1, ceil(t)). Source: the survival function of the geometric distribution.
 *
 * @param churn   Churn rate per period, in [0, 1].
 * @param periods Out: the median lifetime in periods, >= 0; @c +INFINITY when @p churn is 0,
 *                0 when it is 1 (everyone is gone at once).
 * @return #CLV_OK; #CLV_EINVAL for a null @p periods; #CLV_EDOM for @p churn not in [0, 1];
 *         #CLV_ERANGE for a churn so small (subnormal) that t overflows.
 */
CLV_API int clv_median_lifetime(double churn, double *periods);

/** @} */

/**
 * @defgroup clv_churn_value The value of retention
 * @brief What a change in the retention rate does to customer lifetime value.
 * @{
 */

/** The lifetime value of a customer before and after a change in retention. */
typedef struct clv_retention_effect {
    double value_before;    /**< CLV at the current retention rate, currency. */
    double value_after;     /**< CLV at retention + gain, currency. */
    double value_change;    /**< value_after - value_before, currency. */
    double relative_change; /**< value_change / value_before (0.275 means +27.5%). */
} clv_retention_effect;

/**
 * @brief The effect of a retention gain on lifetime value with a constant margin.
 *
 * Evaluates clv_retention_value() at r and at r + gain. With an infinite horizon and
 * #CLV_MARGIN_END the relative change is the change of the margin multiple r/(1+d-r) of
 * Gupta & Lehmann (2003): r 0.80 -> 0.85 at d = 0.10 gives +27.5%. (Reichheld & Sasser 1990
 * report 25-85% profit gains for 5 points less defection; their figure also counts margins
 * that grow with tenure, which a constant margin does not.)
 *
 * @param margin    Margin per period, currency; finite and not 0.
 * @param retention Current retention rate per period r, in [0, 1].
 * @param discount  Discount rate per period d, >= 0, finite.
 * @param gain      Change in retention (0.05 for +5 points), finite, with r + gain in [0, 1];
 *                  negative for a loss of retention.
 * @param horizon   Whole number of periods >= 0, or @c +INFINITY.
 * @param timing    #CLV_MARGIN_END or #CLV_MARGIN_START.
 * @param effect    Out: values before and after and their changes.
 * @return #CLV_OK; #CLV_EINVAL for a null @p effect, an unknown @p timing or a non-integer
 *         horizon; #CLV_EDOM for a non-finite input, a zero margin, r or r + gain outside
 *         [0, 1], d < 0, a negative horizon, or a value before the change of 0 (r = 0 with
 *         #CLV_MARGIN_END, a horizon of 0, or a value that underflows to 0), where the
 *         relative change is undefined; #CLV_EDIVERGE when r or r + gain is 1 with d = 0 over
 *         an infinite horizon; #CLV_ERANGE on overflow.
 */
CLV_API int clv_retention_gain(double margin, double retention, double discount, double gain,
                               double horizon, int timing, clv_retention_effect *effect);

/** @} */

/**
 * @defgroup clv_churn_economics Churn economics
 * @brief From the counts a business should keep to what churn costs it.
 * @{
 */

/**
 * @brief The counts a business should keep about the customers it loses, for one period.
 *
 * Money in the caller's currency, lengths in the caller's period. Every field is finite and
 * >= 0.
 */
typedef struct clv_churn_counts {
    double churned_customers; /**< Customers lost in the period. */
    double purchase_new;      /**< Average revenue per period of a new customer. */
    double purchase_loyal;    /**< Average revenue per period of a loyal customer. */
    double loyal_periods;     /**< Length of the loyal relationship, in periods. */
    double profit_loyal;      /**< Profit per loyal customer per period. */
    double acquisition_spend; /**< Spend on acquiring customers in the period. */
    double new_customers;     /**< Customers acquired with that spend, > 0. */
    double rework_cost;       /**< Warranty, rework and complaint cost spent in the period
                                   on the customers who were lost. */
} clv_churn_counts;

/**
 * @brief What churn costs, derived from a clv_churn_counts.
 *
 * With n = churned_customers:
 * - cac = acquisition_spend / new_customers;
 * - loyal_lifetime_value = profit_loyal x loyal_periods (undiscounted);
 * - lost_lifetime_value = n x loyal_lifetime_value;
 * - lost_revenue = n x purchase_loyal x loyal_periods;
 * - replacement_cost = n x cac, the acquisition spend to win back the same number of customers;
 * - revenue_gap = n x (purchase_loyal - purchase_new), the revenue per period lost even after
 *   every churned customer is replaced by a new one (negative if new customers spend more);
 * - cost_of_churn = lost_lifetime_value + replacement_cost + rework_cost;
 * - breakeven_retention_spend = loyal_lifetime_value + cac + rework_cost / n (just
 *   loyal_lifetime_value + cac when n = 0): the most that can be spent to keep one customer
 *   who would otherwise leave before keeping them costs more than losing them.
 *
 * These are the definitions of the cost-of-a-lost-customer worksheet of service management
 * (after Reichheld & Sasser 1990, "Zero defections", HBR 68(5): lost profit, replacement
 * cost, service-failure cost), undiscounted. cost_of_churn and breakeven_retention_spend are
 * *upper bounds*: they charge the full cost of replacing a churned customer without
 * crediting the replacement's own future profit. For a discounted value use
 * clv_retention_value().
 */
typedef struct clv_churn_costs {
    double cac;                       /**< Acquisition cost per new customer, currency. */
    double loyal_lifetime_value;      /**< Profit over a loyal relationship, per customer. */
    double lost_lifetime_value;       /**< Profit the churned customers take with them. */
    double lost_revenue;              /**< Revenue the churned customers take with them. */
    double replacement_cost;          /**< Acquisition spend to replace them. */
    double revenue_gap;               /**< Revenue per period lost after replacing them. */
    double cost_of_churn;             /**< Total cost of the period's churn. */
    double breakeven_retention_spend; /**< Break-even retention spend per customer. */
} clv_churn_costs;

/**
 * @brief Turn the counts of a period into the cost of its churn (see clv_churn_costs).
 * @param counts The counts; every field finite and >= 0, new_customers > 0.
 * @param costs  Out: the derived costs.
 * @return #CLV_OK; #CLV_EINVAL for a null pointer; #CLV_EDOM for a non-finite or negative
 *         field or zero new customers; #CLV_ERANGE if a product overflows.
 */
CLV_API int clv_churn_economics(const clv_churn_counts *counts, clv_churn_costs *costs);

/** @} */

/**
 * @defgroup clv_km Kaplan-Meier survival of customers
 * @brief The product-limit estimate of the share of customers still active after a time t,
 *        from durations that may be censored, with Greenwood standard errors, log-log
 *        confidence bands, the median and the restricted mean lifetime.
 *
 * Each customer has a duration (time from acquisition to churn, or to the end of observation
 * for a customer still active: a *censored* duration) in the caller's time unit, and an event
 * flag: 1 churned (an event), 0 censored. A weight, when given, counts identical customers:
 * a row of weight w is w customers, and the estimate equals that of the table with the row
 * repeated w times.
 *
 * At each distinct event time t_i, with n_i customers at risk (duration >= t_i) and d_i
 * events at t_i, the estimate is (Kaplan & Meier 1958, "Nonparametric estimation from
 * incomplete observations", JASA 53, eq. 2)
 *
 *     S(t) = prod_{t_i <= t} (1 - d_i / n_i),
 *
 * a right-continuous step function. Ties follow the usual convention: at a time t, events
 * come before censorings, so customers censored at t are still at risk at t. Its variance is
 * Greenwood's (Greenwood 1926, "The natural duration of cancer", Reports on Public Health and
 * Medical Subjects 33):
 *
 *     Var S(t) = S(t)^2 sum_{t_i <= t} d_i / (n_i (n_i - d_i)).
 *
 * The pointwise confidence band is that of the log-log transform (Kalbfleisch & Prentice
 * 2002, "The Statistical Analysis of Failure Time Data", 2nd ed., Wiley; Klein &
 * Moeschberger 2003, section 4.3; the conf.type = "log-log" of R's survival package): with
 * v(t) = the Greenwood sum above, sigma(t) = sqrt(v(t)) / |log S(t)| and z the two-sided
 * normal quantile of the level,
 *
 *     lower = S(t)^exp(+z sigma(t)),   upper = S(t)^exp(-z sigma(t)),
 *
 * which always lies inside [0, 1]. Where S(t) = 0 (everyone left at risk churned) the
 * variance is 0 by convention and the band is [0, 0].
 *
 * The median lifetime and its confidence interval follow Brookmeyer & Crowley (1982, "A
 * confidence interval for the median survival time", Biometrics 38, 29-41) in the form most
 * software uses: the interval is the set of times where the band contains 0.5.
 * @{
 */

/** The customers, as structure-of-arrays columns. */
typedef struct clv_km_data {
    size_t count;            /**< Number of rows, >= 1. */
    const double *duration;  /**< Duration of each row, finite and >= 0, caller's time unit. */
    const int32_t *event;    /**< 1 if the customer churned at the duration, 0 if censored. */
    const double *weight;    /**< Customers per row, finite and >= 0, or null for 1 each. */
} clv_km_data;

/** One row of the Kaplan-Meier table: one distinct event time. */
typedef struct clv_km_row {
    double time;      /**< The event time t_i, caller's unit. */
    double at_risk;   /**< n_i: customers (weight) with duration >= t_i. */
    double events;    /**< d_i: customers (weight) who churned at t_i, > 0. */
    double censored;  /**< Customers censored in [t_i, t_{i+1}) (to the end for the last
                           row), so that at_risk of the next row = at_risk - events -
                           censored. */
    double survival;  /**< S(t_i), in [0, 1]. */
    double std_error; /**< Greenwood standard error of S(t_i), >= 0 (+INFINITY only if the
                           variance overflows, possible only with subnormal weights). */
    double lower;     /**< Lower end of the log-log confidence band at t_i, in [0, S]. */
    double upper;     /**< Upper end of the log-log confidence band at t_i, in [S, 1]. */
} clv_km_row;

/** Totals of a Kaplan-Meier estimate. */
typedef struct clv_km_summary {
    double customers; /**< Total weight (number of customers). */
    double events;    /**< Total weight of the events (churned customers). */
    double censored;  /**< Total weight of the censored customers. */
    double max_time;  /**< Largest duration of a row with positive weight: the end of
                           follow-up, beyond which S(t) is not estimated. */
    double level;     /**< The confidence level of the band, as given. */
    double z;         /**< The normal quantile used, Phi^-1((1 + level) / 2). */
    size_t n_rows;    /**< Number of distinct event times (rows). */
} clv_km_summary;

/**
 * @brief Bytes of workspace clv_km_estimate() needs to sort @p count unsorted rows.
 *
 * The sort is a stable radix sort of (duration, row index) pairs, 32 bytes per row plus
 * alignment slack; input already sorted by duration needs none.
 *
 * @param count Number of rows.
 * @param bytes Out: the workspace size in bytes.
 * @return #CLV_OK; #CLV_EINVAL for a null @p bytes; #CLV_ERANGE if the size overflows size_t.
 */
CLV_API int clv_km_workspace_size(size_t count, size_t *bytes);

/**
 * @brief The Kaplan-Meier estimate of customer survival, one row per distinct event time.
 *
 * Input sorted by duration (non-decreasing; events and censorings in any order within a
 * tie) is read in place in O(n). Unsorted input is sorted in the caller's @p workspace of
 * clv_km_workspace_size() bytes, in O(n) passes of a radix sort (no allocation); without a
 * workspace it is an error, #CLV_EINVAL. Rows of weight 0 are read but count for nothing.
 *
 * Totals are exact for whole-number weights below 2^53; with fractional weights, sorted and
 * unsorted input of the same rows agree up to the rounding of the sums.
 *
 * @param data      The customers.
 * @param level     Confidence level of the band, in (0, 1), e.g. 0.95.
 * @param workspace Workspace for unsorted input, or null (input must then be sorted).
 * @param workspace_bytes Size of @p workspace in bytes (any alignment).
 * @param rows      Out: the table, @p capacity rows; may be null when @p capacity is 0.
 * @param capacity  Rows @p rows can hold. The number needed is at most the number of rows
 *                  with an event; call with capacity 0 to learn it.
 * @param n_rows    Out: rows written on #CLV_OK; the rows needed on #CLV_ENOMEM from a
 *                  too-small @p capacity.
 * @param summary   Out (optional): totals.
 * @param bad_index Out (optional): on #CLV_EDOM for a bad row, the index of the first one.
 * @return #CLV_OK (also with 0 rows, when no customer churned); #CLV_EINVAL for a null
 *         @p data, column or @p n_rows, a null @p rows with a non-zero capacity, count 0,
 *         or unsorted input without a workspace; #CLV_EDOM for @p level outside (0, 1) or
 *         NaN, a negative, NaN or infinite duration, an event flag other than 0 and 1, a
 *         negative, NaN or infinite weight (the row in @p bad_index), or a total weight of
 *         0; #CLV_ERANGE if the total weight overflows; #CLV_ENOMEM for a workspace smaller
 *         than clv_km_workspace_size() (@p n_rows untouched) or fewer than the needed rows
 *         (the number needed in @p n_rows). On error nothing else is written.
 */
CLV_API int clv_km_estimate(const clv_km_data *data, double level, void *workspace,
                            size_t workspace_bytes, clv_km_row *rows, size_t capacity,
                            size_t *n_rows, clv_km_summary *summary, size_t *bad_index);

/**
 * @brief S(t) and its band at any time t, read from a table of clv_km_estimate().
 *
 * The step function is right-continuous: the values of the last row with time <= t, or
 * S = 1 with standard error 0 and band [1, 1] before the first event time. Beyond the end of
 * follow-up (clv_km_summary::max_time) the curve is not estimated; this function returns
 * the last value there, as a flat continuation. O(log n_rows) after an O(n_rows) check.
 *
 * @param rows      The table, as clv_km_estimate() wrote it (null when @p n_rows is 0).
 * @param n_rows    Its number of rows (0: no event, S = 1 everywhere).
 * @param t         The time, >= 0 (+INFINITY allowed), caller's unit.
 * @param survival  Out: S(t).
 * @param std_error Out (optional): Greenwood standard error of S(t).
 * @param lower     Out (optional): lower end of the band at t.
 * @param upper     Out (optional): upper end of the band at t.
 * @return #CLV_OK; #CLV_EINVAL for a null @p survival or null @p rows with rows; #CLV_EDOM
 *         for t < 0 or NaN, or a table no estimate can have produced (times not finite,
 *         negative or not increasing; survival or band outside [0, 1], survival increasing,
 *         a band not around S; counts not finite, events <= 0 or above at_risk).
 */
CLV_API int clv_km_survival_at(const clv_km_row *rows, size_t n_rows, double t, double *survival,
                               double *std_error, double *lower, double *upper);

/**
 * @brief Median lifetime and its confidence interval from a Kaplan-Meier table.
 *
 * The median is the smallest event time with S(t) <= 0.5 (Klein & Moeschberger 2003,
 * "Survival Analysis", 2nd ed., section 4.5; R's survival package instead takes the midpoint
 * to the next event time when S equals 0.5 exactly over an interval). The interval of
 * Brookmeyer & Crowley (1982), read off the log-log band of the table: its lower end is the
 * smallest event time whose lower band is <= 0.5, its upper end the smallest event time
 * whose upper band is <= 0.5 (as R's print.survfit does with conf.type = "log-log").
 *
 * "Not reached" is @c +INFINITY with #CLV_OK: for the median when S never falls to 0.5
 * within follow-up (always the case with 0 rows), for the upper end when the upper band never
 * does. The confidence level is the one the table was estimated with.
 *
 * @param rows   The table, as clv_km_estimate() wrote it (null when @p n_rows is 0).
 * @param n_rows Its number of rows.
 * @param median Out: the median lifetime, caller's unit, or +INFINITY.
 * @param lower  Out (optional): lower end of its confidence interval, or +INFINITY.
 * @param upper  Out (optional): upper end of its confidence interval, or +INFINITY.
 * @return #CLV_OK; #CLV_EINVAL for a null @p median or null @p rows with rows; #CLV_EDOM
 *         for a table no estimate can have produced (see clv_km_survival_at()).
 */
CLV_API int clv_km_median(const clv_km_row *rows, size_t n_rows, double *median, double *lower,
                          double *upper);

/**
 * @brief Restricted mean lifetime to a horizon tau: the area under S(t) on [0, tau].
 *
 * mu(tau) = integral_0^tau S(t) dt, the expected lifetime counted up to tau (E min(T, tau)),
 * exact for the step function. Its standard error is the Greenwood-type estimate of Klein &
 * Moeschberger (2003, section 4.5; also R's survival print.survfit rmean):
 *
 *     Var mu(tau) = sum_{t_i <= tau} A_i^2 d_i / (n_i (n_i - d_i)),  A_i = integral_{t_i}^tau S,
 *
 * where a term with n_i = d_i has A_i = 0 and counts 0. Choose tau at most the end of
 * follow-up (clv_km_summary::max_time): past it the curve is continued flat here, which the
 * data do not support.
 *
 * @param rows      The table, as clv_km_estimate() wrote it (null when @p n_rows is 0).
 * @param n_rows    Its number of rows.
 * @param tau       The horizon, finite and >= 0, caller's unit.
 * @param rmst      Out: mu(tau), caller's unit, in [0, tau].
 * @param std_error Out (optional): its standard error.
 * @return #CLV_OK; #CLV_EINVAL for a null @p rmst or null @p rows with rows; #CLV_EDOM for a
 *         tau that is negative, NaN or infinite, or a table no estimate can have produced
 *         (see clv_km_survival_at()); #CLV_ERANGE if the variance overflows.
 */
CLV_API int clv_km_rmst(const clv_km_row *rows, size_t n_rows, double tau, double *rmst,
                        double *std_error);

/** @} */

/**
 * @defgroup clv_markov Markov migration model: lapse and return
 * @brief Lifetime value of customers who lapse and may come back ("second wave"), after
 *        Pfeifer & Carraway (2000).
 *
 * A customer's relationship is a Markov chain on states 0..n-1 (for example recency: periods
 * since the last purchase). P is the n x n transition matrix of one period, row-major,
 * P[i*n + j] = probability of moving from state i to state j; every row sums to 1. R is the
 * reward vector: R[i] is the net contribution received in a period the customer spends in
 * state i (in the recency chain, the margin of the purchase that brought the customer into
 * recency 1, less the marketing spent on customers in that state). With the discount rate d
 * per period, the expected present value of a customer who starts in each state over periods
 * 0..T (Pfeifer & Carraway 2000, "Modeling customer relationships as Markov chains", Journal
 * of Interactive Marketing 14(2) 43-55, finite-horizon value) is
 *
 *     V(T) = sum_{t=0}^{T} [(1+d)^-1 P]^t R,
 *
 * the period-0 reward undiscounted, the reward of period t discounted by (1+d)^-t. With no
 * horizon (their infinite-horizon value), V = [I - (1+d)^-1 P]^-1 R, which needs d > 0: a
 * stochastic P has eigenvalue 1, so with d <= 0 the series need not converge (#CLV_EDIVERGE).
 *
 * The library allocates nothing: the caller passes a workspace of
 * #CLV_MARKOV_WORKSPACE_SIZE(n) doubles (clv_markov_workspace_size() at run time), 33 KiB
 * for the largest chain of #CLV_MARKOV_MAX_STATES states. The linear system is solved by
 * Gaussian elimination with partial pivoting; I - P/(1+d) is strictly diagonally dominant
 * by rows (margin d/(1+d)), so it is never singular and its condition number in the
 * infinity norm is at most (2+d)/d.
 * @{
 */

/** The most states a chain may have. */
#define CLV_MARKOV_MAX_STATES 64
/** How far a row of the transition matrix may sum from 1 (absolute). */
#define CLV_MARKOV_ROW_TOLERANCE 1e-9
/** The most periods clv_markov_value() sums for a finite horizon (see there). */
#define CLV_MARKOV_MAX_HORIZON 100000
/** Doubles of workspace clv_markov_value() needs for a chain of @p n states: n (n + 2). */
#define CLV_MARKOV_WORKSPACE_SIZE(n) ((n) * ((n) + 2))

/**
 * @brief The workspace clv_markov_value() needs, in doubles: n_states (n_states + 2), the
 *        value of #CLV_MARKOV_WORKSPACE_SIZE for callers that cannot use a macro.
 * @param n_states  Number of states, 1..#CLV_MARKOV_MAX_STATES.
 * @param n_doubles Out: number of doubles of workspace.
 * @return #CLV_OK; #CLV_EINVAL for a null @p n_doubles or @p n_states out of range.
 */
CLV_API int clv_markov_workspace_size(size_t n_states, size_t *n_doubles);

/**
 * @brief Expected discounted value of a customer in each starting state of a Markov
 *        migration model (Pfeifer & Carraway 2000; see @ref clv_markov).
 *
 * Finite horizon: V(T) by T steps of V <- R + P V/(1+d) (Horner's rule on the sum, O(T n^2);
 * up to ~0.8 s: clv_markov_value_progress() takes a callback that can cancel).
 * With d > 0 the sum stops once the terms left are below 2^-60 of the largest reward (after
 * about 42/d periods; far below the rounding error of the sum), so any long horizon is cheap; a
 * horizon that still needs more than #CLV_MARKOV_MAX_HORIZON steps (d <= 0, or d below about 5e-4
 * with a horizon beyond 100000 periods) is #CLV_EDOM: use the infinite horizon there.
 * Infinite horizon: the linear system [I - P/(1+d)] V = R by Gaussian elimination with
 * partial pivoting (O(n^3)). Accuracy: a relative residual of a few units of rounding times
 * n; the error in V is at most that times the condition number (2+d)/d.
 *
 * @param transition     P, n_states x n_states, row-major; entries in [0, 1], every row sums
 *                       to 1 within #CLV_MARKOV_ROW_TOLERANCE.
 * @param reward         R, n_states rewards per period, currency; finite (negative for a cost).
 * @param n_states       Number of states n, 1..#CLV_MARKOV_MAX_STATES.
 * @param discount       Discount rate d per period, > -1, finite; > 0 for an infinite horizon.
 * @param horizon        Last period T counted (a whole number >= 0; T = 0 gives V = R), or
 *                       @c +INFINITY for no horizon.
 * @param workspace      Scratch space of at least @p workspace_size doubles, not aliasing
 *                       the other arrays; contents on return unspecified.
 * @param workspace_size Doubles available in @p workspace, at least
 *                       #CLV_MARKOV_WORKSPACE_SIZE(n_states).
 * @param value          Out: n_states values, value[i] for a customer starting in state i.
 * @return #CLV_OK; #CLV_EINVAL for a null pointer, @p n_states of 0 or above
 *         #CLV_MARKOV_MAX_STATES, a workspace too small or a horizon that is not a whole
 *         number; #CLV_EDOM for a NaN or infinite entry, a transition probability outside
 *         [0, 1], a row that does not sum to 1, d <= -1, a negative horizon or one that
 *         needs more than #CLV_MARKOV_MAX_HORIZON steps;
 *         #CLV_EDIVERGE for an infinite horizon with d <= 0; #CLV_ERANGE when a value
 *         overflows. On error @p value is untouched.
 */
CLV_API int clv_markov_value(const double *transition, const double *reward, size_t n_states,
                             double discount, double horizon, double *workspace,
                             size_t workspace_size, double *value);

/**
 * @brief clv_markov_value() with a work-progress callback that can cancel (issue 21).
 *
 * Cost: O(steps n^2) for a finite horizon, steps = min(T, about 42/d) <=
 * #CLV_MARKOV_MAX_HORIZON (the longest, 100,000 steps of 64 states, is ~0.8 s on the reference
 * machine); O(n^3) for the infinite horizon (under a millisecond). For a finite horizon
 * @p progress is called with (steps done, steps) every 2^20 / n^2 steps (at least 1: every
 * 256 steps of 64 states, a few ms of work); it is not called for the infinite horizon or a
 * horizon of 0.
 *
 * @param transition     As clv_markov_value().
 * @param reward         As clv_markov_value().
 * @param n_states       As clv_markov_value().
 * @param discount       As clv_markov_value().
 * @param horizon        As clv_markov_value().
 * @param workspace      As clv_markov_value().
 * @param workspace_size As clv_markov_value().
 * @param value          Out: as clv_markov_value().
 * @param progress       Work-progress callback, or null (then exactly clv_markov_value()).
 * @param user_data      Passed to @p progress.
 * @return As clv_markov_value(); #CLV_ECANCELED when @p progress returned nonzero (@p value
 *         untouched).
 */
CLV_API int clv_markov_value_progress(const double *transition, const double *reward,
                                      size_t n_states, double discount, double horizon,
                                      double *workspace, size_t workspace_size, double *value,
                                      clv_work_fn progress, void *user_data);

/**
 * @brief Build the recency chain of Pfeifer & Carraway (2000), their introductory example:
 *        transition matrix and rewards for clv_markov_value().
 *
 * State k (k = 0..K-1) is recency k+1: k+1 periods since the last purchase. In a period a
 * customer of recency k+1 buys with probability p[k] and moves to recency 1 (state 0), or
 * does not and moves to recency k+2, capped at K (state K-1, "lapsed", which keeps its own
 * purchase probability p[K-1]: 0 makes it absorbing, more lets lapsed customers come back).
 * The reward of state 0 is the margin of the purchase that brought the customer there, less
 * that state's marketing cost; every other state earns minus its marketing cost:
 * R[0] = margin - cost[0], R[k] = -cost[k].
 *
 * @param purchase_prob  p[0..K-1], purchase probability per period by recency, in [0, 1].
 * @param n_states       K, 1..#CLV_MARKOV_MAX_STATES.
 * @param margin         Net contribution of one purchase, currency, finite.
 * @param marketing_cost Marketing spent per period on a customer in each state, K entries,
 *                       finite and >= 0; null for none.
 * @param transition     Out: P, K x K, row-major (K*K doubles).
 * @param reward         Out: R, K doubles.
 * @return #CLV_OK; #CLV_EINVAL for a null @p purchase_prob, @p transition or @p reward, or
 *         @p n_states out of range; #CLV_EDOM for a probability outside [0, 1] (or NaN), a
 *         non-finite margin, or a negative or non-finite cost. On error the outputs are
 *         untouched.
 */
CLV_API int clv_markov_recency_chain(const double *purchase_prob, size_t n_states, double margin,
                                     const double *marketing_cost, double *transition,
                                     double *reward);

/** @} */

/**
 * @defgroup clv_cohort Cohort retention tables
 * @brief From the active customers of each acquisition cohort, period by period, to the
 *        triangle of retention rates, survival, and the pooled retention curve.
 *
 * The input is a matrix of counts: row c is the cohort acquired in one period, column t the
 * number of its customers still active t periods after acquisition (column 0 = the cohort's
 * size). Younger cohorts are observed for fewer periods, so the table is a triangle: cohort c
 * is observed in columns 0 .. L_c - 1. For a closed cohort (no one joins after acquisition)
 * the counts can only fall.
 *
 * - retention r_c(t) = n_c(t) / n_c(t-1), the share of last period's customers kept;
 * - survival  S_c(t) = n_c(t) / n_c(0), the share of the cohort still active;
 * - pooled retention R(t) = sum_c n_c(t) / sum_c n_c(t-1), both sums over the cohorts
 *   observed at t (and so at t - 1): every cohort's customers at risk count once, which is
 *   the actuarial (life-table) pooling of the cohorts' experience;
 * - pooled survival S(t) = R(1) R(2) ... R(t).
 *
 * The rows of active counts are exactly the survivor counts alive[0..L_c - 1] from which the
 * shifted-beta-geometric model (Fader & Hardie 2007, "How to project customer retention",
 * Journal of Interactive Marketing 21(1)) is fitted; survival rows are those counts divided
 * by the cohort size. See docs/kaplan-meier.md for the relation to Kaplan-Meier.
 * @{
 */

/** The counts of active customers by cohort and period since acquisition. */
typedef struct clv_cohort_table {
    size_t n_cohorts;       /**< Number of cohorts (rows), >= 1. */
    size_t n_periods;       /**< Number of columns, >= 1 (period 0 included). */
    size_t stride;          /**< Elements from one row to the next, >= n_periods. */
    const double *active;   /**< active[c * stride + t]: customers of cohort c active t
                                 periods after acquisition, finite and >= 0. */
    const size_t *observed; /**< Optional: observed[c] = L_c, the number of observed columns
                                 of cohort c, 1 <= L_c <= n_periods; cells from L_c on are
                                 not read. Null: L_c is the number of leading non-NaN cells
                                 (NaN marks an unobserved cell, as in a pivot table), and
                                 every cell after the first NaN must be NaN too. */
} clv_cohort_table;

/** Caller-owned outputs of clv_cohort_retention(); every array is optional (null). */
typedef struct clv_cohort_rates {
    size_t stride;            /**< Elements between rows of retention and survival, >=
                                   n_periods when either is given. */
    double *retention;        /**< r_c(t) at [c * stride + t]; 1 at t = 0 by convention. */
    double *survival;         /**< S_c(t) at [c * stride + t]; 1 at t = 0. */
    double *pooled_retention; /**< R(t), n_periods entries; 1 at t = 0. */
    double *pooled_survival;  /**< S(t), n_periods entries; 1 at t = 0. */
} clv_cohort_rates;

/**
 * @brief Retention and survival of each cohort, and the pooled curves.
 *
 * Written for cohort c: columns 0 .. L_c - 1 of survival, and of retention except where
 * n_c(t-1) = 0 (a cohort already gone: r_c(t) is undefined and that cell is not written).
 * Pooled curves: columns 0 .. P - 1, where P (in @p pooled_length) stops before the first
 * period t at which no cohort observed at t had a customer at t - 1. Cells that are not
 * written keep the caller's contents: pre-fill with NaN to mark them.
 *
 * @param table         The counts.
 * @param rates         Out: the arrays to fill (each optional; the struct itself required).
 * @param pooled_length Out (optional): P, the number of pooled entries written, >= 1.
 * @param bad_cohort    Out (optional): on #CLV_EDOM, the first cohort with a bad cell.
 * @return #CLV_OK; #CLV_EINVAL for a null @p table, @p active or @p rates, no cohort or
 *         period, a stride below n_periods (input, or output with retention or survival),
 *         a stride x n_cohorts that overflows, or an observed length above n_periods;
 *         #CLV_EDOM for a negative, infinite or (within L_c) NaN count, a cohort of size 0,
 *         an observed length of 0 (a NaN cohort size), a count above the one before it in
 *         the same cohort (a closed cohort cannot grow), or an observed cell after a NaN
 *         one (the cohort in @p bad_cohort); #CLV_ERANGE if a pooled sum overflows. On
 *         error nothing is written.
 */
CLV_API int clv_cohort_retention(const clv_cohort_table *table, const clv_cohort_rates *rates,
                                 size_t *pooled_length, size_t *bad_cohort);

/** @} */

/**
 * @defgroup clv_sbg Shifted-beta-geometric (sBG) contractual retention model
 * @brief Customers who renew a contract period by period (Fader & Hardie 2007, "How to
 *        project customer retention", Journal of Interactive Marketing 21(1) 76-90; DEL and
 *        DERL from Fader & Hardie 2010, Marketing Science 29(1) 85-93).
 *
 * At the end of every period an active customer cancels with a probability theta that is the
 * customer's own and does not change over time; across customers theta ~ Beta(alpha, beta).
 * The period T in which a random new customer cancels (T = 1, 2, ...: T = t means t - 1
 * renewals, then no renewal at the end of period t) then has (FH 2007, section 3; eq. 7 is
 * the recursive form of P(T = t))
 *
 * - P(T = t) = B(alpha + 1, beta + t - 1) / B(alpha, beta), t >= 1;
 * - S(t) = P(T > t) = B(alpha, beta + t) / B(alpha, beta), t >= 0 (S(0) = 1);
 * - retention rate r(t) = S(t) / S(t - 1) = (beta + t - 1) / (alpha + beta + t - 1), which
 *   rises with t: the heterogeneity sorts the cohort, not a change in anyone's behaviour.
 *
 * Periods are whole contract periods (months, years) of the caller's choosing; a discount
 * rate is per that period. Data come in two forms, with the same likelihood (FH 2007,
 * eq. B3) on the same customers:
 *
 * - individual durations (clv_sbg_durations), right-censored, optionally weighted;
 * - survivor counts of one or several cohorts (clv_sbg_cohort), as a business reports them.
 *
 * Parameters are fitted by maximum likelihood through the same optimizer and reverse
 * communication as the customer-base models of clv.h (#CLV_MODEL_SBG; parameters alpha, beta
 * in that order). Every function validates its inputs first and leaves its outputs untouched
 * on error; an invalid data row or survivor count is #CLV_EDOM.
 * @{
 */

/** Model tag of sBG for clv_fit_start() (Fader & Hardie 2007): parameters alpha, beta. */
#define CLV_MODEL_SBG 6

/** sBG parameters: the churn probability theta ~ Beta(alpha, beta) across customers. */
typedef struct clv_sbg_params {
    double alpha; /**< First shape of the Beta distribution of theta, > 0, finite. */
    double beta;  /**< Second shape of the Beta distribution of theta, > 0, finite. */
} clv_sbg_params;

/**
 * @brief Individual contract durations, right-censored: parallel arrays, one row per
 *        customer or per group of identical customers.
 *
 * Row i is a customer who was acquired at the start of period 1 and
 * - churned[i] = 1: cancelled in period duration[i], i.e. made duration[i] - 1 renewals and
 *   did not renew at the end of period duration[i]; contributes log P(T = duration[i]);
 * - churned[i] = 0: is still a customer after duration[i] periods (made duration[i]
 *   renewals, the last one at the end of period duration[i], and is not yet observed
 *   further); contributes log S(duration[i]).
 *
 * A customer observed for 0 periods carries no information and is not a valid row.
 */
typedef struct clv_sbg_durations {
    size_t count;           /**< Number of rows, >= 1. */
    const double *duration; /**< Whole number of periods >= 1, finite. */
    const int32_t *churned; /**< 1 if the customer churned in period duration[i], 0 if
                                 censored (still a customer after duration[i] periods). */
    const double *weight;   /**< Row weights, finite and >= 0 (a row of weight w counts as w
                                 identical customers), or null for 1 each. */
} clv_sbg_durations;

/**
 * @brief One cohort's survivor counts, as in FH 2007, Table 1.
 *
 * alive[t], t = 0..periods, is the number of customers of the cohort still active at the
 * start of period t + 1, i.e. after t renewal decisions: alive[0] is the cohort's size, and
 * alive[t - 1] - alive[t] customers cancelled in period t. Counts are finite, >= 0 and
 * non-increasing; they may be fractional (percentages of the cohort, or weighted counts).
 * The alive[periods] customers still active at the end are right-censored.
 */
typedef struct clv_sbg_cohort {
    const double *alive; /**< periods + 1 survivor counts. */
    uint32_t periods;    /**< Number of renewal decisions observed, >= 0. */
    uint32_t reserved;   /**< Must be 0. */
} clv_sbg_cohort;

/**
 * @brief Log-likelihood of individual durations and its gradient (FH 2007, eq. B3 written
 *        per customer).
 *
 * Sum over rows of weight x log P(T = duration) (churned) or weight x log S(duration)
 * (censored). A sum, so it can be computed over chunks of the customers and added (see
 * clv_fit_start()).
 *
 * @param params   The parameters.
 * @param data     The durations.
 * @param loglik   Out: the log-likelihood.
 * @param gradient Out (optional): d loglik / d(alpha, beta), 2 doubles.
 * @return #CLV_OK; #CLV_EINVAL for a null pointer (params, data, loglik, data->duration,
 *         data->churned) or count = 0; #CLV_EDOM for parameters not finite and > 0, or a row
 *         with a duration that is not a whole number >= 1, a churned flag other than 0 and
 *         1, or a weight that is negative or not finite; #CLV_ERANGE if the value is not
 *         finite.
 */
CLV_API int clv_sbg_loglik(const clv_sbg_params *params, const clv_sbg_durations *data,
                           double *loglik, double *gradient);

/**
 * @brief Maximum-likelihood fit of sBG to individual durations.
 * @param data    The durations.
 * @param options Fit options, or null for the defaults (start at alpha = beta = 1).
 * @param params  Out: the estimate (also written on #CLV_ENOCONV and #CLV_ECANCELED).
 * @param report  Out (optional): the fit report (log-likelihood, standard errors).
 * @return #CLV_OK; #CLV_EINVAL / #CLV_EDOM as clv_sbg_loglik() and clv_fit_start();
 *         #CLV_ESTRUCT for a bad options size; #CLV_ENOCONV when the fit did not converge;
 *         #CLV_ERANGE if the log-likelihood at the start overflows; #CLV_EIDENT if every
 *         weight is 0 or there is no customer, or the estimate runs off to a boundary (see
 *         #CLV_EIDENT: e.g. no customer churned, and alpha drifts to 0; or a retention the
 *         same every period, and alpha and beta grow without end), outputs untouched;
 *         #CLV_ECANCELED.
 */
CLV_API int clv_sbg_fit(const clv_sbg_durations *data, const clv_fit_options *options,
                        clv_sbg_params *params, clv_fit_report *report);

/**
 * @brief Log-likelihood of cohorts' survivor counts and its gradient (FH 2007, eq. B3).
 *
 * LL = sum over cohorts of sum_{t=1..periods} (alive[t-1] - alive[t]) log P(T = t)
 *      + alive[periods] log S(periods),
 * the same value as clv_sbg_loglik() on the corresponding durations. Several cohorts (e.g.
 * one per acquisition year, each observed for a different number of periods) are summed;
 * nothing is allocated.
 *
 * @param params    The parameters.
 * @param cohorts   Array of @p n_cohorts cohorts.
 * @param n_cohorts Number of cohorts, >= 1.
 * @param loglik    Out: the log-likelihood.
 * @param gradient  Out (optional): d loglik / d(alpha, beta), 2 doubles.
 * @return #CLV_OK; #CLV_EINVAL for a null pointer (including a cohort's alive array),
 *         n_cohorts = 0 or a non-zero reserved field; #CLV_EDOM for parameters not finite
 *         and > 0, or survivor counts that are negative, not finite or increasing;
 *         #CLV_ERANGE if the value is not finite.
 */
CLV_API int clv_sbg_loglik_cohorts(const clv_sbg_params *params, const clv_sbg_cohort *cohorts,
                                   size_t n_cohorts, double *loglik, double *gradient);

/**
 * @brief Maximum-likelihood fit of sBG to cohorts' survivor counts (FH 2007, section 4).
 *
 * On the paper's data (1,000 customers, years 1-7) it gives alpha, beta = 0.704, 1.182 for
 * the "regular" and 0.668, 3.806 for the "high end" segment.
 *
 * Cost: a check of the counts, then O(total periods) per evaluation (one log1p and one log a
 * period, ~0.1 us: a cohort of 1e7 periods is ~1 s an evaluation, a few seconds a fit). The
 * progress callback is consulted within the evaluations about every 32,768 periods and can
 * cancel (see docs/conventions.md, "Cancellation").
 *
 * @param cohorts   Array of @p n_cohorts cohorts.
 * @param n_cohorts Number of cohorts, >= 1.
 * @param options   Fit options, or null for the defaults (start at alpha = beta = 1).
 * @param params    Out: the estimate (also written on #CLV_ENOCONV and #CLV_ECANCELED).
 * @param report    Out (optional): the fit report.
 * @return As clv_sbg_loglik_cohorts() and clv_sbg_fit().
 */
CLV_API int clv_sbg_fit_cohorts(const clv_sbg_cohort *cohorts, size_t n_cohorts,
                                const clv_fit_options *options, clv_sbg_params *params,
                                clv_fit_report *report);

/**
 * @brief Survival function S(t) = P(T > t) = B(alpha, beta + t) / B(alpha, beta)
 *        (FH 2007, section 3): the share of a new cohort still active after t periods.
 *
 * Computed as a ratio of gamma functions in log space, accurate for any t.
 *
 * @param params   The parameters.
 * @param t        Periods, a whole number >= 0, finite.
 * @param survival Out: S(t), in (0, 1] (may underflow to 0 for extreme t and alpha).
 * @return #CLV_OK; #CLV_EINVAL for a null pointer or a non-integer @p t; #CLV_EDOM for
 *         parameters not finite and > 0, or @p t negative or not finite; #CLV_ERANGE if it
 *         cannot be evaluated in doubles (alpha and t both beyond ~1e305).
 */
CLV_API int clv_sbg_survival(const clv_sbg_params *params, double t, double *survival);

/**
 * @brief Probability that a new customer cancels in period t:
 *        P(T = t) = B(alpha + 1, beta + t - 1) / B(alpha, beta) (FH 2007, section 3;
 *        eq. 7 in its recursive form).
 * @param params The parameters.
 * @param t      Period, a whole number >= 1, finite.
 * @param p      Out: P(T = t), in [0, 1].
 * @return #CLV_OK; #CLV_EINVAL for a null pointer or a non-integer @p t; #CLV_EDOM for
 *         parameters not finite and > 0, or @p t < 1 or not finite; #CLV_ERANGE if it cannot
 *         be evaluated in doubles (alpha and t both beyond ~1e305).
 */
CLV_API int clv_sbg_churn_prob(const clv_sbg_params *params, double t, double *p);

/**
 * @brief Retention rate of period t: the share of the customers active in period t - 1 who
 *        renew into period t, r(t) = (beta + t - 1) / (alpha + beta + t - 1) (FH 2007,
 *        section 3; r(1) = S(1) = beta / (alpha + beta)).
 * @param params The parameters.
 * @param t      Period, a whole number >= 1, finite.
 * @param rate   Out: r(t), in (0, 1).
 * @return #CLV_OK; #CLV_EINVAL for a null pointer or a non-integer @p t; #CLV_EDOM for
 *         parameters not finite and > 0, or @p t < 1 or not finite.
 */
CLV_API int clv_sbg_retention_rate(const clv_sbg_params *params, double t, double *rate);

/**
 * @brief Expected survivors of a cohort: survivors[t] = cohort_size x S(t), t = 0..count-1
 *        (FH 2007, section 4: the projection of Figures 3 and 4).
 *
 * survivors[0] is the cohort size; survivors[t] is the expected number of customers active
 * after t renewal decisions. Evaluated by the recursion S(t) = r(t) S(t-1) in log space.
 *
 * @param params      The parameters.
 * @param cohort_size Customers acquired, >= 0, finite (1 gives the survival curve).
 * @param count       Number of values to write, >= 1 (periods 0..count-1).
 * @param survivors   Out: @p count values.
 * @return #CLV_OK; #CLV_EINVAL for a null pointer or count = 0; #CLV_EDOM for parameters
 *         not finite and > 0 or a cohort size negative or not finite.
 */
CLV_API int clv_sbg_project(const clv_sbg_params *params, double cohort_size, size_t count,
                            double *survivors);

/**
 * @brief Expected lifetime of a new customer in periods, E[min(T, horizon)].
 *
 * Sum_{t=0}^{horizon-1} S(t): the expected number of periods a new customer is (and pays
 * as) a customer within the first @p horizon periods, the period of cancellation counted
 * whole, as clv_expected_lifetime() counts it for a constant churn rate. With an infinite
 * horizon this is E[T] = E[1/theta] = (alpha + beta - 1) / (alpha - 1), which exists only
 * for alpha > 1 (FH 2010: with alpha <= 1 the survival decays too slowly, S(t) ~ t^-alpha).
 * A finite horizon is summed exactly through the telescoping closed form
 * [(alpha + beta - 1) - (alpha + beta + H - 1) S(H)] / (alpha - 1) (its limit
 * beta (psi(beta + H) - psi(beta)) at alpha = 1), written so it keeps its digits near
 * alpha = 1; horizons up to 1000 periods are summed term by term.
 *
 * @param params  The parameters.
 * @param horizon Whole number of periods >= 0, or @c +INFINITY.
 * @param periods Out: the expected lifetime in periods, in [0, horizon].
 * @return #CLV_OK; #CLV_EINVAL for a null pointer or a non-integer finite horizon;
 *         #CLV_EDOM for parameters not finite and > 0 or a negative or NaN horizon;
 *         #CLV_EDIVERGE for an infinite horizon with alpha <= 1; #CLV_ERANGE if it cannot
 *         be evaluated in doubles (extreme parameters with a horizon beyond ~1e305).
 */
CLV_API int clv_sbg_expected_lifetime(const clv_sbg_params *params, double horizon,
                                      double *periods);

/**
 * @brief Discounted expected lifetime of a new customer (Fader & Hardie 2010):
 *        DEL = sum_{t>=0} S(t) / (1 + d)^t = 2F1(1, beta; alpha + beta; 1/(1 + d)).
 *
 * A customer who pays 1 at the start of every period they are active (the first payment at
 * acquisition, undiscounted) is worth DEL; the expected lifetime value of a new customer is
 * margin x DEL. With d = 0 it is the undiscounted expected lifetime E[T] of
 * clv_sbg_expected_lifetime(). Evaluated as 1 + DERL(0 renewals)/(1 + d) through the
 * library's Gauss 2F1; for a very small d > 0 (below ~1e-8) the relative error grows like
 * 1e-16/d, because the 2F1 sees z = 1/(1 + d) rounded to a double.
 *
 * @param params   The parameters.
 * @param discount Discount rate per period d, >= 0, finite.
 * @param del      Out: the discounted expected lifetime, in periods (>= 1).
 * @return #CLV_OK; #CLV_EINVAL for a null pointer; #CLV_EDOM for parameters not finite and
 *         > 0, or d negative or not finite; #CLV_EDIVERGE for d = 0 with alpha <= 1;
 *         #CLV_ERANGE if the value overflows, or if the Gauss series behind it would need
 *         more than 2e7 terms (a discount within about 1e-6 of 0 with beta in the thousands
 *         or more), which it reports in about 0.1 s rather than summing for minutes.
 */
CLV_API int clv_sbg_del(const clv_sbg_params *params, double discount, double *del);

/**
 * @brief Discounted expected residual lifetime of an active customer (FH 2010, eq. 6).
 *
 * For a customer who has made @p renewals = n - 1 renewals and whose contract is now up for
 * renewal (the end of period n, in FH 2010's notation), the expected discounted number of
 * future payments, each made at a renewal, the next one undiscounted:
 * DERL = sum_{k>=0} P(T > n + k | T > n - 1) / (1 + d)^k
 *      = (beta + n - 1)/(alpha + beta + n - 1) 2F1(1, beta + n; alpha + beta + n; 1/(1 + d)).
 * The residual value of such a customer is margin x DERL. With d = 0 and alpha > 1 it is
 * (beta + n - 1)/(alpha - 1). Accuracy as clv_sbg_del().
 *
 * @param params   The parameters.
 * @param renewals Renewals made so far, n - 1: a whole number >= 0, finite.
 * @param discount Discount rate per period d, >= 0, finite.
 * @param derl     Out: the discounted expected residual lifetime, in periods (> 0).
 * @return #CLV_OK; #CLV_EINVAL for a null pointer or a non-integer @p renewals; #CLV_EDOM
 *         for parameters not finite and > 0, negative or non-finite @p renewals, or d
 *         negative or not finite; #CLV_EDIVERGE for d = 0 with alpha <= 1; #CLV_ERANGE if
 *         the value overflows or its series would need more than 2e7 terms (see
 *         clv_sbg_del()).
 */
CLV_API int clv_sbg_derl(const clv_sbg_params *params, double renewals, double discount,
                         double *derl);

/** Largest cohort clv_sbg_simulate() draws: 2^53, up to which every count is exact in a
 *  double. */
#define CLV_SBG_SIMULATE_MAX_COHORT 9007199254740992.0

/**
 * @brief Simulate the survivor counts of one sBG cohort (Fader & Hardie 2007, sec. 2), as
 *        clv_sbg_cohort holds them, with the caller's generator (clv.h, @ref clv_sim).
 *
 * Every customer cancels at the end of each period with their own theta ~ Beta(alpha,
 * beta). Drawn as the equivalent chain of binomials: of the alive[t - 1] customers who made
 * t - 1 renewals, Binomial(alive[t - 1], alpha / (alpha + beta + t - 1)) cancel in period t
 * (a survivor's theta is Beta(alpha, beta + t - 1)), each binomial exact in O(log
 * cohort_size) variates (Devroye 1986, ch. X.4). Work O(periods log(cohort_size)).
 * The counts fit back with clv_sbg_fit_cohorts().
 *
 * @param rng         The generator (clv_rng_seed()), advanced in place.
 * @param params      The parameters, finite, > 0.
 * @param cohort_size Customers acquired, a whole number, 0 <= cohort_size <=
 *                    #CLV_SBG_SIMULATE_MAX_COHORT.
 * @param periods     Renewal decisions to simulate.
 * @param alive       Out: periods + 1 counts; alive[0] = cohort_size, alive[t] the customers
 *                    still active after t renewal decisions (whole numbers, non-increasing).
 * @return #CLV_OK; #CLV_EINVAL for a null pointer or an all-zero @p rng; #CLV_EDOM for
 *         invalid parameters or cohort size. On error nothing is written and @p rng is
 *         untouched.
 */
CLV_API int clv_sbg_simulate(clv_rng *rng, const clv_sbg_params *params, double cohort_size,
                             uint32_t periods, double *alive);

/** clv_sbg_interval(): S(t), the share of a cohort still active after t periods. */
#define CLV_SBG_INTERVAL_SURVIVAL 1
/** clv_sbg_interval(): the retention rate of period t (clv_sbg_retention_rate()). */
#define CLV_SBG_INTERVAL_RETENTION 2
/** clv_sbg_interval(): DEL at the discount rate (clv_sbg_del()). */
#define CLV_SBG_INTERVAL_DEL 3
/** clv_sbg_interval(): DERL after t renewals at the discount rate (clv_sbg_derl()). */
#define CLV_SBG_INTERVAL_DERL 4

/**
 * @brief An sBG prediction with its delta-method standard error and interval (clv.h, group
 *        @ref clv_interval, for the method and the scales).
 *
 * The gradient in (alpha, beta) is a Richardson-extrapolated central difference in the
 * log-parameters (as for the purchase models' DERT), checked against mpmath to 1e-7
 * (tests/test_intervals.c). O(1) evaluations (at most 24) of the prediction.
 *
 * @param params     The fitted parameters.
 * @param covariance Their 2 x 2 covariance, row-major (clv_fit_report::covariance of
 *                   clv_sbg_fit()), finite, symmetric, positive semi-definite.
 * @param quantity   #CLV_SBG_INTERVAL_SURVIVAL, #CLV_SBG_INTERVAL_RETENTION,
 *                   #CLV_SBG_INTERVAL_DEL or #CLV_SBG_INTERVAL_DERL.
 * @param t          Periods (survival, retention) or renewals (DERL), a whole number;
 *                   not read for DEL.
 * @param discount   Discount rate per period (DEL, DERL), finite, >= 0; else not read.
 * @param options    Level and scale (clv_interval_options; the other fields are not read);
 *                   null for 95% on the log scale.
 * @param estimate   Out: the prediction.
 * @param lower      Out: lower end.
 * @param upper      Out: upper end.
 * @param std_error  Out (optional): the standard error.
 * @return #CLV_OK; #CLV_EINVAL for a null pointer or an unknown quantity or scale;
 *         #CLV_ESTRUCT; #CLV_EDOM for a bad covariance (diag as clv_delta_interval()) or an
 *         input the prediction's function refuses; that function's other errors, also at a
 *         point of the difference scheme (parameters within e^(1/16) of the estimate).
 *         Nothing is written on error.
 */
CLV_API int clv_sbg_interval(const clv_sbg_params *params, const double *covariance,
                             int quantity, double t, double discount,
                             const clv_interval_options *options, double *estimate,
                             double *lower, double *upper, double *std_error);

/** @} */

/**
 * @defgroup clv_churn_reasons Churn by reason
 * @brief Customers lost per cause, the value each cause destroys, and what removing a cause
 *        is worth.
 *
 * The caller keeps a count of lost customers per reason, with as many reasons as it likes;
 * the constants below name a conventional order (service failure, rude treatment, price,
 * moved away, other) for callers that have no order of their own. "Customers leave over
 * service five times more often than over price" is clv_churn_reason_ratio() of the
 * business's own counts.
 * @{
 */

/** Conventional reason index: a service failure. */
#define CLV_CHURN_REASON_SERVICE 0
/** Conventional reason index: rude or indifferent treatment by staff. */
#define CLV_CHURN_REASON_TREATMENT 1
/** Conventional reason index: price. */
#define CLV_CHURN_REASON_PRICE 2
/** Conventional reason index: the customer moved away. */
#define CLV_CHURN_REASON_MOVED 3
/** Conventional reason index: any other reason. */
#define CLV_CHURN_REASON_OTHER 4
/** Number of conventional reasons. */
#define CLV_CHURN_REASON_COUNT 5

/** One reason's share of the churn and of the value lost. */
typedef struct clv_churn_reason {
    double lost;           /**< Customers lost to this reason (the input count). */
    double customer_value; /**< Lifetime value per customer lost to it, currency. */
    double value_lost;     /**< lost x customer_value, currency. */
    double share;          /**< lost / total lost; 0 when no customer was lost. */
    double value_share;    /**< value_lost / total value lost; 0 when that total is 0. */
} clv_churn_reason;

/** Totals over every reason. */
typedef struct clv_churn_reason_total {
    double lost;       /**< Customers lost to any reason. */
    double value_lost; /**< Lifetime value lost to any reason, currency. */
} clv_churn_reason_total;

/** What removing part of one cause of churn is worth. */
typedef struct clv_churn_reason_effect {
    double customers_kept; /**< fraction x lost[reason]: customers no longer lost. */
    double value_saved;    /**< customers_kept x that reason's lifetime value, currency. */
    double lost_before;    /**< Customers lost to any reason, as counted. */
    double lost_after;     /**< lost_before - customers_kept. */
    double churn_before;   /**< lost_before / base_customers; -1 when no base is given. */
    double churn_after;    /**< lost_after / base_customers; -1 when no base is given. */
} clv_churn_reason_effect;

/**
 * @brief Each reason's customers lost, the lifetime value it destroys and their shares.
 *
 * value_lost[i] = lost[i] x clv[i], with clv[i] = customer_value[i], or @p value for every
 * reason when @p customer_value is null. Shares divide by the totals (0 when a total is 0).
 * Undiscounted bookkeeping of the caller's own figures: the lifetime value per customer comes
 * from elsewhere (clv_retention_value(), clv_markov_value(), a fitted model).
 *
 * @param lost           Customers lost per reason, @p n_reasons entries, finite and >= 0
 *                       (fractional or weighted counts allowed).
 * @param customer_value Lifetime value of a customer lost to each reason, currency, finite
 *                       and >= 0; null to use @p value for every reason.
 * @param n_reasons      Number of reasons, >= 1.
 * @param value          Lifetime value per customer, currency, finite and >= 0; used only
 *                       when @p customer_value is null.
 * @param reasons        Out: @p n_reasons entries.
 * @param total          Out: the totals.
 * @return #CLV_OK; #CLV_EINVAL for a null @p lost, @p reasons or @p total, or no reason;
 *         #CLV_EDOM for a negative or non-finite count or value; #CLV_ERANGE when a product
 *         or total overflows. On error the outputs are untouched.
 */
CLV_API int clv_churn_reasons(const double *lost, const double *customer_value, size_t n_reasons,
                              double value, clv_churn_reason *reasons,
                              clv_churn_reason_total *total);

/**
 * @brief What removing a fraction of one cause of churn is worth: halving it (0.5) or
 *        removing it (1).
 *
 * customers_kept = fraction x lost[reason], value_saved = customers_kept x clv[reason] (clv as
 * in clv_churn_reasons()), and with a customer base of S at the start of the period, churn
 * goes from (total lost)/S to (total lost - customers_kept)/S. Assumes the customers kept
 * stay as long as an average customer (their lifetime value is that reason's clv) and that
 * no other cause takes them instead.
 *
 * @param lost           Customers lost per reason, as in clv_churn_reasons().
 * @param customer_value Lifetime value per reason, or null to use @p value for all.
 * @param n_reasons      Number of reasons, >= 1.
 * @param value          Lifetime value per customer when @p customer_value is null.
 * @param reason         Index of the cause removed, < @p n_reasons.
 * @param fraction       Share of that cause removed, in [0, 1].
 * @param base_customers Customers at the start of the period, finite, at least the total
 *                       lost; 0 when unknown (the churn fields are then -1, which no
 *                       churn rate can be).
 * @param effect         Out: the effect.
 * @return #CLV_OK; #CLV_EINVAL for a null @p lost or @p effect, no reason or @p reason out
 *         of range; #CLV_EDOM for a bad count or value (as clv_churn_reasons()), a fraction
 *         outside [0, 1], a negative or non-finite base, or a base smaller than the total
 *         lost; #CLV_ERANGE on overflow. On error @p effect is untouched.
 */
CLV_API int clv_churn_reason_removal(const double *lost, const double *customer_value,
                                     size_t n_reasons, double value, size_t reason, double fraction,
                                     double base_customers, clv_churn_reason_effect *effect);

/**
 * @brief How many times more often customers leave for one reason than for another:
 *        lost[numerator] / lost[denominator].
 * @param lost        Customers lost per reason, finite and >= 0 (only the two entries named
 *                    are read).
 * @param n_reasons   Number of reasons, >= 1.
 * @param numerator   Index of the first reason, < @p n_reasons.
 * @param denominator Index of the second reason, < @p n_reasons.
 * @param ratio       Out: the ratio (5 for "five times more often").
 * @return #CLV_OK; #CLV_EINVAL for a null pointer or an index out of range; #CLV_EDOM for a
 *         negative or non-finite count, or no customer lost to the second reason;
 *         #CLV_ERANGE when the ratio overflows. On error @p ratio is untouched.
 */
CLV_API int clv_churn_reason_ratio(const double *lost, size_t n_reasons, size_t numerator,
                                   size_t denominator, double *ratio);

/** @} */

/**
 * @defgroup clv_surv Cumulative hazard and survival comparisons between groups
 * @brief The Nelson-Aalen cumulative hazard, and the log-rank test (with its stratified and
 *        Fleming-Harrington weighted forms) of whether groups of customers -- a loyalty
 *        programme against none, three price plans -- churn at the same rate; both with
 *        delayed entry (customers observed from a later start) and weights.
 *
 * **Data.** As for Kaplan-Meier (@ref clv_km), one row per customer (or per group of
 * identical customers, with a weight): an exit time (churn, or the end of observation for a
 * censored customer), an event flag and, optionally, an entry time. A customer with entry
 * time e and exit time t is *at risk* at time u when e < u <= t (left truncation: a
 * customer who joined the observed base at e, say a migrated account, cannot have been seen
 * to churn before e); without entry times every customer is at risk from time 0 on (u <= t),
 * which is the Kaplan-Meier risk set. At a time u, events come before censorings.
 *
 * **Nelson-Aalen** (Nelson 1972, "Theory and applications of hazard plotting for censored
 * failure data", Technometrics 14, 945-966; Aalen 1978, "Nonparametric inference for a family
 * of counting processes", Annals of Statistics 6, 701-726): at the distinct event times t_i
 * with n_i at risk and d_i events,
 *
 *     H(t) = sum_{t_i <= t} d_i / n_i,   Var H(t) = sum_{t_i <= t} d_i / n_i^2,
 *
 * the variance being the Poisson-type estimator of Klein & Moeschberger (2003, "Survival
 * Analysis", 2nd ed., Springer, eq. 4.2.4), and the pointwise band that of log H by the delta
 * method, H exp(-+ z sigma / H) with sigma = sqrt(Var H) and z the two-sided normal quantile
 * of the level: it stays positive.
 *
 * **Log-rank test** of K groups (Mantel 1966; Peto & Peto 1972), weighted by the
 * Fleming-Harrington G(rho, gamma) family (Fleming & Harrington 1991, "Counting Processes and
 * Survival Analysis", Wiley, section 7.3; Harrington & Fleming 1982, Biometrika 69 553-566):
 * at each distinct event time t of a stratum, with n at risk, d events, n_k at risk and d_k
 * events in group k, and w = S(t-)^rho (1 - S(t-))^gamma where S is the Kaplan-Meier
 * estimate of the stratum's pooled data just before t,
 *
 *     U_k = sum_t w (d_k - d n_k / n),
 *     V_kl = sum_t w^2 d (n - d) / (n - 1) (n_k / n) (delta_kl - n_l / n)   (n > 1),
 *
 * summed over strata (the stratified test: each stratum has its own risk sets and its own
 * S). The statistic is U' V^- U over the first K - 1 groups, chi-square with K - 1 degrees
 * of freedom under equal hazards. rho = gamma = 0 is the log-rank (Mantel-Haenszel) test,
 * rho = 1, gamma = 0 the Peto-Peto / Prentice (Wilcoxon-type) test that weights early
 * differences, rho = 0, gamma = 1 one that weights late differences. Observed and expected
 * counts per group are reported unweighted: O_k = sum d_k, E_k = sum d n_k / n. For two
 * groups and rho = gamma = 0 this is R's survival::survdiff (rho = 0) and the test of
 * Kalbfleisch & Prentice (2002, section 7.2). Weights count customers (a row of weight w is
 * w identical rows): the variance's (n - 1) treats them so.
 *
 * **Cost and memory.** O(n) passes of a stable radix sort in the caller's workspace
 * (clv_surv_workspace_size()), no allocation; 1M customers in well under a second.
 * @{
 */

/** Most groups clv_logrank_test() compares (its (K - 1) x (K - 1) variance lives on the
 *  stack). */
#define CLV_LOGRANK_MAX_GROUPS 32

/** The customers of a Nelson-Aalen estimate or a log-rank test, as structure-of-arrays
 *  columns. */
typedef struct clv_surv_data {
    size_t count;           /**< Number of rows, >= 1. */
    const double *exit;     /**< Time of churn or censoring, finite and >= 0, caller's unit. */
    const int32_t *event;   /**< 1 if the customer churned at @c exit, 0 if censored. */
    const double *entry;    /**< Entry time, finite, >= 0 and <= exit; or null for "at risk
                                 from the start" (the Kaplan-Meier risk set). */
    const double *weight;   /**< Customers per row, finite and >= 0, or null for 1 each. */
    const int32_t *group;   /**< clv_logrank_test(): each row's group, 0 .. n_groups - 1.
                                 Not read by clv_nelson_aalen(). */
    const int32_t *stratum; /**< clv_logrank_test(): each row's stratum, any int32 value, or
                                 null for one stratum. Not read by clv_nelson_aalen(). */
} clv_surv_data;

/** One row of the Nelson-Aalen table: one distinct event time. */
typedef struct clv_na_row {
    double time;       /**< The event time t_i, caller's unit. */
    double at_risk;    /**< n_i: customers (weight) at risk at t_i. */
    double events;     /**< d_i: customers (weight) who churned at t_i, > 0. */
    double cum_hazard; /**< H(t_i), >= 0. */
    double std_error;  /**< sqrt(Var H(t_i)), >= 0. */
    double lower;      /**< Lower end of the log-transformed band at t_i, in [0, H] (0 only
                            when H itself underflows to 0 or the variance overflows). */
    double upper;      /**< Upper end of the band, >= H (+INFINITY only if the variance
                            overflows, possible only with weights near the smallest
                            doubles). */
} clv_na_row;

/** What clv_logrank_test() found. */
typedef struct clv_logrank_result {
    double statistic; /**< U' V^- U, >= 0. */
    double df;        /**< Degrees of freedom: n_groups - 1. */
    double p_value;   /**< P(chi-square(df) >= statistic). */
    double customers; /**< Total weight of the rows. */
    double events;    /**< Total weight of the events. */
    double rho;       /**< The weight exponent rho, as given. */
    double gamma;     /**< The weight exponent gamma, as given. */
    uint32_t n_groups; /**< Groups compared, as given. */
    uint32_t n_strata; /**< Distinct strata (1 without a stratum column). */
} clv_logrank_result;

/**
 * @brief Bytes of workspace clv_nelson_aalen() and clv_logrank_test() need for @p count rows.
 *
 * Two arrays of 16-byte (key, row) pairs for the exit times and, with entry times, two more:
 * 64 bytes a row plus alignment slack (enough for either call, with or without entries).
 *
 * @param count Number of rows.
 * @param bytes Out: the size in bytes.
 * @return #CLV_OK; #CLV_EINVAL for a null @p bytes; #CLV_ERANGE if the size overflows size_t.
 */
CLV_API int clv_surv_workspace_size(size_t count, size_t *bytes);

/**
 * @brief The Nelson-Aalen cumulative hazard H(t) at every distinct event time, with its
 *        standard error and a log-transformed band (see @ref clv_surv).
 *
 * @param data      The customers (exit, event; entry and weight optional).
 * @param level     Confidence level of the band, in (0, 1) (e.g. 0.95).
 * @param workspace At least clv_surv_workspace_size() bytes, any alignment.
 * @param workspace_bytes Its size.
 * @param rows      Out: one row per distinct event time, in time order (@p capacity rows
 *                  of room; may be null when @p capacity is 0).
 * @param capacity  Rows of room in @p rows.
 * @param n_rows    Out: rows written; on #CLV_ENOMEM for too little capacity, the number
 *                  needed.
 * @param bad_index Out (optional): on #CLV_EDOM for a bad row, its index.
 * @return #CLV_OK; #CLV_EINVAL for null pointers or count 0; #CLV_EDOM for a bad row (exit
 *         negative or not finite, event not 0 or 1, entry negative, not finite or after
 *         exit, weight negative or not finite; @p bad_index says which), a total weight of 0,
 *         or @p level outside (0, 1); #CLV_EIDENT when no row has an event with positive
 *         weight inside its risk period (there is no hazard to estimate); #CLV_ENOMEM for a
 *         workspace that is too small, or too few @p rows (@p n_rows then says how many);
 *         #CLV_ERANGE when weights overflow. On error @p rows is untouched.
 */
CLV_API int clv_nelson_aalen(const clv_surv_data *data, double level, void *workspace,
                             size_t workspace_bytes, clv_na_row *rows, size_t capacity,
                             size_t *n_rows, size_t *bad_index);

/**
 * @brief The log-rank test of equal hazards across @p n_groups groups, stratified when the
 *        data have strata, Fleming-Harrington G(rho, gamma) weighted (see @ref clv_surv).
 *
 * @param data      The customers: exit, event and group (entry, weight, stratum optional).
 * @param n_groups  Number of groups, 2 .. #CLV_LOGRANK_MAX_GROUPS.
 * @param rho       Weight exponent on S(t-), finite and >= 0 (0 for the log-rank test).
 * @param gamma     Weight exponent on 1 - S(t-), finite and >= 0 (0 for the log-rank test).
 * @param workspace At least clv_surv_workspace_size() bytes, any alignment.
 * @param workspace_bytes Its size.
 * @param observed  Out (optional): n_groups observed event counts O_k.
 * @param expected  Out (optional): n_groups expected event counts E_k under equal hazards.
 * @param result    Out: the statistic, degrees of freedom and p-value.
 * @param bad_index Out (optional): on #CLV_EDOM for a bad row, its index.
 * @return #CLV_OK; #CLV_EINVAL for null pointers (data, exit, event, group, result) or count
 *         0; #CLV_EDOM for a bad row (as clv_nelson_aalen(), and a group outside
 *         0 .. n_groups - 1), n_groups outside 2 .. #CLV_LOGRANK_MAX_GROUPS, or rho or gamma
 *         negative or not finite; #CLV_EIDENT when the test has no information: no event, or
 *         a variance matrix that is singular (a group never at risk at an event time, or
 *         every weight w zero); #CLV_ENOMEM for a workspace that is too small; #CLV_ERANGE on
 *         overflow. On error the outputs are untouched.
 */
CLV_API int clv_logrank_test(const clv_surv_data *data, uint32_t n_groups, double rho,
                             double gamma, void *workspace, size_t workspace_bytes,
                             double *observed, double *expected, clv_logrank_result *result,
                             size_t *bad_index);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* CLV_CHURN_H */
