/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/**
 * @file referral.h
 * @brief Word of mouth: what satisfied and dissatisfied customers are worth through what
 *        they tell others, and the Net Promoter Score.
 *
 * - First-generation word-of-mouth reach: each satisfied customer tells k_s people, each
 *   dissatisfied one k_d (defaults 5 and 10, the retail rule of thumb usually traced to the
 *   TARP studies for the White House Office of Consumer Affairs, 1979-1986); a person told
 *   good things becomes a customer with the conversion rate, one told bad things is deterred
 *   (a customer who would otherwise have come) with the deterrence rate; the net effect in
 *   customers and in lifetime value.
 * - Net Promoter Score (Reichheld 2003, "The one number you need to grow", HBR 81(12)) from
 *   counts or raw 0-10 scores, with its standard error and a Wald confidence interval.
 *
 * Conventions are those of clv.h (status codes, units, no allocation); this header includes it.
 */
#ifndef CLV_REFERRAL_H
#define CLV_REFERRAL_H

#include "clv.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @defgroup clv_wom Word-of-mouth reach
 * @brief The first generation of word of mouth from satisfied and dissatisfied customers.
 * @{
 */

/** Default number of people a satisfied customer tells (the retail rule of thumb). */
#define CLV_WOM_TOLD_SATISFIED 5.0
/** Default number of people a dissatisfied customer tells (the retail rule of thumb). */
#define CLV_WOM_TOLD_DISSATISFIED 10.0

/** How word of mouth spreads and what it does to the people it reaches. */
typedef struct clv_wom_params {
    double told_satisfied;    /**< People each satisfied customer tells, >= 0 (default 5). */
    double told_dissatisfied; /**< People each dissatisfied customer tells, >= 0 (default 10). */
    double conversion;        /**< Probability that a person told good things becomes a
                                   customer, in [0, 1]. */
    double deterrence;        /**< Probability that a person told bad things is deterred,
                                   i.e. a customer lost who would otherwise have come,
                                   in [0, 1]. */
} clv_wom_params;

/** The expected result of one generation of word of mouth. */
typedef struct clv_wom_reach {
    double told_positive;      /**< People told good things: satisfied x told_satisfied. */
    double told_negative;      /**< People told bad things: dissatisfied x told_dissatisfied. */
    double customers_won;      /**< told_positive x conversion. */
    double customers_deterred; /**< told_negative x deterrence. */
    double net_customers;      /**< customers_won - customers_deterred (may be negative). */
    double value_won;          /**< customers_won x customer value, currency. */
    double value_lost;         /**< customers_deterred x customer value, currency. */
    double net_value;          /**< value_won - value_lost, currency. */
} clv_wom_reach;

/**
 * @brief Fill a clv_wom_params with the defaults.
 *
 * told_satisfied = #CLV_WOM_TOLD_SATISFIED (5), told_dissatisfied =
 * #CLV_WOM_TOLD_DISSATISFIED (10), conversion = deterrence = 0. The rates have no
 * rule-of-thumb value: set them from the business's own data before use.
 *
 * @param params Out: the parameters.
 * @return #CLV_OK; #CLV_EINVAL for a null @p params.
 */
CLV_API int clv_wom_params_init(clv_wom_params *params);

/**
 * @brief Expected first-generation word-of-mouth reach and its value.
 *
 * told_positive = S k_s, told_negative = D k_d, customers won = S k_s c, customers deterred
 * = D k_d g, value = customers x @p customer_value. Expectations over independent listeners;
 * the people told are assumed distinct and not yet customers. Later generations (the told
 * who become customers and talk in turn) are not counted here.
 *
 * @param params         Spread and response rates (see clv_wom_params).
 * @param satisfied      Satisfied customers S, >= 0, finite.
 * @param dissatisfied   Dissatisfied customers D, >= 0, finite.
 * @param customer_value Lifetime value of one customer, currency; any finite value.
 * @param reach          Out: the expected reach, customers and value.
 * @return #CLV_OK; #CLV_EINVAL for a null pointer; #CLV_EDOM for a non-finite input, a
 *         negative count, or a rate outside [0, 1]; #CLV_ERANGE on overflow.
 */
CLV_API int clv_wom_first_generation(const clv_wom_params *params, double satisfied,
                                     double dissatisfied, double customer_value,
                                     clv_wom_reach *reach);

/** @} */

/**
 * @defgroup clv_nps Net Promoter Score
 * @brief NPS with its sampling error.
 *
 * Promoters answer 9-10, passives 7-8, detractors 0-6 to "how likely are you to recommend
 * us?". Each response is scored +1, 0 or -1; NPS = 100 (p_P - p_D) is 100 times the mean
 * score. Its variance per response is p_P + p_D - (p_P - p_D)^2 (the variance of the +1/0/-1
 * score, a trinomial), so SE(NPS) = 100 sqrt(variance / n).
 * @{
 */

/** A Net Promoter Score with the counts behind it. */
typedef struct clv_nps {
    double promoters;  /**< Respondents scoring 9-10. */
    double passives;   /**< Respondents scoring 7-8. */
    double detractors; /**< Respondents scoring 0-6. */
    double n;          /**< promoters + passives + detractors. */
    double nps;        /**< 100 (promoters - detractors) / n, in [-100, 100]. */
    double variance;   /**< Per-response variance of the +1/0/-1 score, in [0, 1]. */
    double std_error;  /**< Standard error of nps, 100 sqrt(variance / n), NPS points. */
} clv_nps;

/**
 * @brief NPS and its standard error from the three counts.
 * @param promoters  Promoters, >= 0, finite (may be fractional, e.g. survey weights).
 * @param passives   Passives, >= 0, finite.
 * @param detractors Detractors, >= 0, finite.
 * @param nps        Out: the score and its standard error.
 * @return #CLV_OK; #CLV_EINVAL for a null @p nps; #CLV_EDOM for a non-finite or negative
 *         count or no respondents at all; #CLV_ERANGE if the total overflows.
 */
CLV_API int clv_nps_from_counts(double promoters, double passives, double detractors, clv_nps *nps);

/**
 * @brief NPS and its standard error from raw 0-10 answers.
 * @param scores Array of @p n answers, each a whole number from 0 to 10.
 * @param n      Number of answers, >= 1.
 * @param nps    Out: the score and its standard error.
 * @return #CLV_OK; #CLV_EINVAL for a null pointer or @p n = 0; #CLV_EDOM if any answer is
 *         not a whole number in [0, 10] (NaN included). Every answer is checked before
 *         @p nps is written.
 */
CLV_API int clv_nps_from_scores(const double *scores, size_t n, clv_nps *nps);

/**
 * @brief Two-sided Wald confidence interval for an NPS: nps +/- z SE.
 *
 * z is the standard normal quantile at (1 + level) / 2 (1.959964 for 95%), computed with
 * Wichura's algorithm AS 241 (1988, Applied Statistics 37(3) 477-484). The interval is clipped
 * to [-100, 100], the range NPS can take. Wald intervals are accurate for n of 100 or more
 * away from the extremes; with few answers, or nearly all promoters, they are too narrow.
 *
 * @param nps   A score from clv_nps_from_counts() or clv_nps_from_scores().
 * @param level Confidence level, in (0, 1), e.g. 0.95.
 * @param lower Out: lower end, NPS points.
 * @param upper Out: upper end, NPS points.
 * @return #CLV_OK; #CLV_EINVAL for a null pointer; #CLV_EDOM for @p level outside (0, 1)
 *         or a @p nps with a non-finite field, n <= 0, nps outside [-100, 100] or a negative
 *         std_error. The fields are not cross-checked against each other, so a score built by
 *         hand from a published NPS and standard error is accepted.
 */
CLV_API int clv_nps_interval(const clv_nps *nps, double level, double *lower, double *upper);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* CLV_REFERRAL_H */
