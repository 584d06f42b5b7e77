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
 *   value the churned customers take with them, and the break-even spend on retention.
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

#ifdef __cplusplus
}
#endif

#endif /* CLV_CHURN_H */
