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
 * Finite horizon: V(T) by T steps of V <- R + P V/(1+d) (Horner's rule on the sum, O(T n^2)).
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
    double churn_before;   /**< lost_before / base_customers; NaN when no base is given. */
    double churn_after;    /**< lost_after / base_customers; NaN when no base is given. */
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
 *                       lost; 0 when unknown (the churn fields are then NaN).
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

#ifdef __cplusplus
}
#endif

#endif /* CLV_CHURN_H */
