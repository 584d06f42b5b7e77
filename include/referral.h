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
 * - Word of mouth over generations: a branching model in which the customers won talk in
 *   turn (satisfied with probability s), with the reproduction number R = s k_s c, the
 *   customers won and deterred per generation and in total (when R < 1), the time to reach
 *   a number of customers, and the full cost of a dissatisfied customer.
 * - Bass diffusion (Bass 1969, "A new product growth model for consumer durables", Management
 *   Science 15(5) 215-227): how adoption of a new product spreads by outside influence and
 *   word of mouth; the curve, its peak, forecasts, and fits of p, q and m to adoption counts
 *   by nonlinear least squares (Srinivasan & Mason 1986) or maximum likelihood (Schmittlein &
 *   Mahajan 1982).
 * - Net Promoter Score (Reichheld 2003, "The one number you need to grow", HBR 81(12)) from
 *   counts or raw 0-10 scores, with its standard error and a Wald confidence interval; two
 *   samples compared (z test), the sample size to detect a change, NPS by segment.
 * - Viral coefficient (K-factor) growth over invitation cycles and continuous time.
 * - Customer referral value (Kumar, Petersen & Leone 2007, 2010): the value of the customers
 *   a customer refers, net of those who would have come anyway; customer value = CLV + CRV.
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

/**
 * @name Word of mouth over generations (branching model)
 *
 * Customers talk once, in the generation after they join. Generation 0 is the base:
 * S_0 satisfied and D_0 dissatisfied customers. In generation n >= 1, with m = k_s c new
 * customers per satisfied customer and s the share of new customers who are satisfied:
 *
 *     won       N_n = c k_s S_{n-1}      (only satisfied customers win anyone)
 *     satisfied S_n = s N_n,   dissatisfied D_n = (1 - s) N_n
 *     deterred  L_n = g k_d D_{n-1}      (prospects who stay away: not customers, silent)
 *
 * so S_n = R^n S_0 with the reproduction number R = s k_s c, N_n = m S_0 R^(n-1),
 * L_1 = g k_d D_0 and L_n = g k_d (1 - s) m S_0 R^(n-2) for n >= 2. Summing the geometric
 * series, with G(R, n) = 1 + R + ... + R^(n-1) = (1 - R^n) / (1 - R):
 *
 *     won through generation n       W(n) = m S_0 G(R, n)
 *     deterred through generation n  L(n) = g k_d (D_0 + (1 - s) W(n - 1))
 *     totals, R < 1                  W = m S_0 / (1 - R),   L = g k_d (D_0 + (1 - s) W)
 *
 * When R >= 1 each generation wins at least as many customers as the one before (a factor
 * R per generation) and the totals do not exist. Expectations throughout: the people told
 * are assumed distinct and not yet customers (an unsaturated market), so the model is meant
 * for the early generations or R well below 1. Derivation and sources: @ref word_of_mouth.
 * @{
 */

/** One generation n >= 1 of the branching model (expected counts). */
typedef struct clv_wom_generation {
    double satisfied;           /**< S_n: new customers of this generation who are satisfied. */
    double dissatisfied;        /**< D_n: new customers of this generation who are not. */
    double customers_won;       /**< N_n = S_n + D_n: customers won by the previous
                                     generation's good word. */
    double customers_deterred;  /**< L_n: prospects deterred by the previous generation's
                                     dissatisfied customers. */
    double cumulative_won;      /**< W(n): customers won in generations 1..n. */
    double cumulative_deterred; /**< L(n): prospects deterred in generations 1..n. */
} clv_wom_generation;

/** Word of mouth summed over all generations (only when the sums exist, R < 1). */
typedef struct clv_wom_totals {
    double reproduction_number; /**< R = s k_s c: satisfied customers won per satisfied
                                     customer, in [0, 1). */
    double customers_won;       /**< W = k_s c S_0 / (1 - R), all generations. */
    double satisfied_won;       /**< s W. */
    double dissatisfied_won;    /**< (1 - s) W. */
    double customers_deterred;  /**< L = g k_d (D_0 + (1 - s) W). */
    double net_customers;       /**< W - L (may be negative). */
    double value_won;           /**< W x customer value, currency. */
    double value_lost;          /**< L x customer value, currency. */
    double net_value;           /**< value_won - value_lost, currency. */
} clv_wom_totals;

/** The full cost of one dissatisfied customer (see clv_wom_dissatisfied_cost()). */
typedef struct clv_wom_cost {
    double own_value;              /**< The customer's own lost lifetime value (as given). */
    double deterred;               /**< g k_d: prospects the customer's word deters (0 when
                                        no generation is counted). */
    double net_reproduction;       /**< a = s k_s c - (1 - s) k_d g: net customers one new
                                        customer's word brings in the next generation. */
    double customers_per_deterred; /**< e = G(a, h) = 1 + a + ... + a^(h-1): the customers
                                        one deterred prospect stands for, themselves and
                                        the net word of mouth they would have spread
                                        (negative when their word would have deterred more
                                        than it won). */
    double lost_customers;         /**< deterred x customers_per_deterred. */
    double word_of_mouth_cost;     /**< lost_customers x customer value, currency. */
    double total_cost;             /**< own_value + word_of_mouth_cost, currency. */
} clv_wom_cost;

/**
 * @brief The reproduction number R = s k_s c of the branching model.
 *
 * R is the number of satisfied customers each satisfied customer wins, so the customers won
 * per generation change by the factor R (a growth of R - 1 per generation): word of mouth
 * dies out when R < 1 (and the totals of clv_wom_total() exist) and grows without bound
 * when R > 1; R = 1 wins the same number in every generation.
 *
 * @param params          Spread and response rates; every field is validated.
 * @param satisfied_share s: probability that a new customer is satisfied, in [0, 1].
 * @param reproduction    Out: R, >= 0.
 * @return #CLV_OK; #CLV_EINVAL for a null pointer; #CLV_EDOM for a non-finite or negative
 *         number of people told, or a rate or @p satisfied_share outside [0, 1].
 */
CLV_API int clv_wom_reproduction_number(const clv_wom_params *params, double satisfied_share,
                                        double *reproduction);

/**
 * @brief Expected customers won and deterred in each of the first n generations.
 *
 * Writes generations 1..n (generations[i] is generation i + 1) of the branching model
 * described in this group, each value from its closed form (R^(n-1) by @c pow, the
 * cumulative sums by a cancellation-free geometric sum), so long horizons accumulate no
 * rounding. Generation 1 from the defaults and S_0 = 100, D_0 = 20, c = 0.1, g = 0.2,
 * s = 0.8: 50 customers won (40 satisfied, 10 not) and 40 prospects deterred.
 *
 * @param params          Spread and response rates (k_s, k_d, c, g).
 * @param satisfied_share s: probability that a new customer is satisfied, in [0, 1].
 * @param satisfied       S_0: satisfied customers of the base, >= 0, finite.
 * @param dissatisfied    D_0: dissatisfied customers of the base, >= 0, finite.
 * @param n_generations   Number of generations to write, >= 1.
 * @param generations     Out: array of @p n_generations rows, written only on success.
 * @return #CLV_OK; #CLV_EINVAL for a null pointer or @p n_generations = 0; #CLV_EDOM for a
 *         non-finite or negative count, or a rate or share outside [0, 1]; #CLV_ERANGE if a
 *         value overflows (checked before anything is written).
 */
CLV_API int clv_wom_generations(const clv_wom_params *params, double satisfied_share,
                                double satisfied, double dissatisfied, size_t n_generations,
                                clv_wom_generation *generations);

/**
 * @brief Expected customers won and deterred over all generations, and their value.
 *
 * The limits of clv_wom_generations() as n grows, W = k_s c S_0 / (1 - R) and
 * L = g k_d (D_0 + (1 - s) W), valued at @p customer_value each. They exist only when the
 * reproduction number R = s k_s c is below 1 (or nobody is ever won, S_0 = 0); otherwise the
 * honest answer is the growth factor R per generation, from clv_wom_reproduction_number(),
 * and the first generations from clv_wom_generations(). Example: the defaults with c = 0.1,
 * g = 0.2, s = 0.8 give R = 0.4; S_0 = 100 and D_0 = 20 win 50 / 0.6 = 83.3 customers in
 * all and deter 0.2 x 10 x (20 + 0.2 x 83.3) = 73.3.
 *
 * @param params          Spread and response rates (k_s, k_d, c, g).
 * @param satisfied_share s: probability that a new customer is satisfied, in [0, 1].
 * @param satisfied       S_0: satisfied customers of the base, >= 0, finite.
 * @param dissatisfied    D_0: dissatisfied customers of the base, >= 0, finite.
 * @param customer_value  Lifetime value of one customer won or lost (e.g. from
 *                        clv_retention_value()), currency; any finite value.
 * @param totals          Out: the totals.
 * @return #CLV_OK; #CLV_EINVAL for a null pointer; #CLV_EDOM for a non-finite input, a
 *         negative count, or a rate or share outside [0, 1]; #CLV_EDIVERGE when R >= 1 and
 *         S_0 > 0 (the sums grow without bound); #CLV_ERANGE on overflow.
 */
CLV_API int clv_wom_total(const clv_wom_params *params, double satisfied_share, double satisfied,
                          double dissatisfied, double customer_value, clv_wom_totals *totals);

/**
 * @brief Generations, and time, until word of mouth has won a given number of customers.
 *
 * The smallest whole n with W(n) = k_s c S_0 G(R, n) >= @p target (the customers won by
 * word of mouth, the base not counted; clv_wom_generations() reports the same W(n)), and
 * the time n x @p cycle_time, generation n arriving n cycles after the base. Solved in
 * closed form, n = ceil(log(1 - x (1 - R)) / log R) with x = target / (k_s c S_0) for R < 1
 * (log(1 + x (R - 1)) for R > 1, x for R = 1), then settled on W(n - 1) < target <= W(n).
 * When R < 1 the customers won approach k_s c S_0 / (1 - R) without reaching it: a target at
 * or above that limit is never reached, nor is any target > 0 when nobody is won (S_0 = 0 or
 * k_s c = 0), and both outputs are then @c +INFINITY (a time that is genuinely infinite, see
 * clv.h). Example (the defaults, c = 0.1, s = 0.8, S_0 = 100): W(n) = 83.3 (1 - 0.4^n) is
 * 50, 70, 78, ...: 75 customers take 3 generations; 90 are never reached.
 *
 * @param params          Spread and response rates (k_s, k_d, c, g; all validated).
 * @param satisfied_share s: probability that a new customer is satisfied, in [0, 1].
 * @param satisfied       S_0: satisfied customers of the base, >= 0, finite.
 * @param target          Customers to win, >= 0, finite; 0 is reached at once (n = 0).
 * @param cycle_time      Time from joining to the friends told joining, > 0, finite, in the
 *                        caller's unit (days, weeks).
 * @param generations     Out: n, a whole number >= 0, or @c +INFINITY.
 * @param time            Out: n x cycle_time, or @c +INFINITY.
 * @return #CLV_OK; #CLV_EINVAL for a null pointer; #CLV_EDOM for a non-finite or negative
 *         count or target, a rate or share outside [0, 1] or a cycle time <= 0;
 *         #CLV_ERANGE if the time overflows.
 */
CLV_API int clv_wom_time_to_reach(const clv_wom_params *params, double satisfied_share,
                                  double satisfied, double target, double cycle_time,
                                  double *generations, double *time);

/**
 * @brief The full cost of a dissatisfied customer: their own lost value plus the customers
 *        their word deters, and what those prospects' own word would have brought.
 *
 * The customer tells k_d people and deters g k_d prospects who would otherwise have come.
 * Had a prospect come, they would have been a new customer like any other: satisfied with
 * probability s, winning k_s c customers, or dissatisfied, deterring k_d g prospects of the
 * same kind. The customers a prospect stands for over their own next j generations,
 * e_j = 1 + a e_{j-1} with e_0 = 1 and a = s k_s c - (1 - s) k_d g, is the geometric sum
 * e = G(a, j + 1). Counting @p horizon generations of word of mouth (the deterred are
 * generation 1): e = G(a, h), and
 *
 *     total_cost = own_value + g k_d e x customer_value.
 *
 * h = 1 counts the deterred prospects only (e = 1); h = 0 counts no word of mouth. With an
 * infinite horizon e = 1 / (1 - a), which is used only when the expected won and deterred
 * customers of the prospects' trees are finite, s k_s c + (1 - s) k_d g < 1.
 *
 * @param params          Spread and response rates (k_s, k_d, c, g).
 * @param satisfied_share s: probability that a new customer is satisfied, in [0, 1].
 * @param own_value       The lifetime value the dissatisfied customer takes away (e.g. their
 *                        residual CLV), currency; any finite value.
 * @param customer_value  Lifetime value of a new customer, currency; any finite value.
 * @param horizon         Generations of word of mouth counted: a whole number >= 0 or
 *                        @c +INFINITY.
 * @param cost            Out: the cost and its parts.
 * @return #CLV_OK; #CLV_EINVAL for a null pointer or a non-integer finite @p horizon;
 *         #CLV_EDOM for a non-finite value, a negative number of people told or horizon,
 *         or a rate or share outside [0, 1]; #CLV_EDIVERGE for an infinite horizon with
 *         s k_s c + (1 - s) k_d g >= 1; #CLV_ERANGE on overflow.
 */
CLV_API int clv_wom_dissatisfied_cost(const clv_wom_params *params, double satisfied_share,
                                      double own_value, double customer_value, double horizon,
                                      clv_wom_cost *cost);

/** @} */

/** @} */

/**
 * @defgroup clv_bass Bass diffusion
 * @brief How a new product spreads through a market by outside influence and word of mouth
 *        (Bass 1969), with least-squares and maximum-likelihood fits to adoption counts.
 *
 * Bass (1969, "A new product growth model for consumer durables", Management Science 15(5)
 * 215-227): of a market of m eventual adopters, a share F(t) has adopted by time t, and the
 * rate of adoption among those who have not is p + q F(t) -- p the coefficient of innovation
 * (outside influence: advertising, the launch), q the coefficient of imitation (word of mouth
 * from those who have adopted). Solving f(t) = dF/dt = (p + q F(t)) (1 - F(t)), F(0) = 0:
 *
 *   F(t) = (1 - e^{-(p+q)t}) / (1 + (q/p) e^{-(p+q)t}),
 *   f(t) = ((p+q)^2 / p) e^{-(p+q)t} / (1 + (q/p) e^{-(p+q)t})^2,
 *
 * adopters in (t1, t2] are m [F(t2) - F(t1)], and when q > p the adoption rate peaks at
 * t* = ln(q/p)/(p+q) with m (p+q)^2/(4q) adopters per period, when F(t*) = (q-p)/(2q) of the
 * market has adopted (Bass 1969). When q <= p adoption is fastest at the launch and
 * only slows down.
 *
 * **Units.** t counts periods since the launch in the caller's unit (months, years); p and q
 * are rates per that period; m and every count are in adopters (people, firms, units), and
 * may be fractional. Data for a fit are adopters per period: counts[i] adopted in the period
 * (i, i+1], i = 0..n-1, the first period starting at the launch.
 *
 * **Parameters.** p > 0, q >= 0 (q = 0 is pure innovation, F(t) = 1 - e^{-pt}), m > 0, all
 * finite; invalid ones are #CLV_EDOM. A fit estimates q > 0.
 *
 * **Fits.** clv_bass_fit() estimates p, q and m with standard errors, either by
 * - nonlinear least squares (#CLV_BASS_NLS): the counts are the model plus independent
 *   errors of equal variance; the model of period i is m [F(i+1) - F(i)]
 *   (#CLV_BASS_INTERVAL, Srinivasan & Mason 1986, "Nonlinear least squares estimation of new
 *   product diffusion models", Marketing Science 5(2) 169-178) or m f(i+1), the
 *   density at the period's end (#CLV_BASS_DENSITY, the form fitted with R's nls in the
 *   published examples). Standard errors sigma^2 (J'J)^-1, sigma^2 = SSE/(n-3), as R's nls;
 * - maximum likelihood (#CLV_BASS_ML, Schmittlein & Mahajan 1982, "Maximum likelihood
 *   estimation for an innovation diffusion model of new product acceptance", Marketing
 *   Science 1(1) 57-78): each of m people adopts in period i with probability
 *   F(i+1) - F(i), or not within the n periods with probability 1 - F(n), so the counts and
 *   the m - N who have not adopted (N = sum of the counts) are multinomial (see
 *   clv_bass_loglik()); standard errors from the inverse observed information.
 *
 * NLS on the interval form and ML answer different questions and give different estimates;
 * ML's standard errors assume every adoption independent, and are much smaller than NLS's
 * on real data that scatter around the curve (Srinivasan & Mason 1986). See docs/bass.md.
 * @{
 */

/** clv_bass_fit_options::method: nonlinear least squares (Srinivasan & Mason 1986). */
#define CLV_BASS_NLS 0
/** clv_bass_fit_options::method: maximum likelihood (Schmittlein & Mahajan 1982). */
#define CLV_BASS_ML 1
/** Adopters of a period as m [F(t) - F(t-1)], the adopters in (t-1, t]
 *  (Srinivasan & Mason 1986): the exact count the model gives the period. */
#define CLV_BASS_INTERVAL 0
/** Adopters of a period as m f(t), the adoption rate at the period's end t: the continuous
 *  model sampled once a period, as in Bass (1969)'s curve and R's nls examples. */
#define CLV_BASS_DENSITY 1
/** Fewest periods clv_bass_fit() takes: 3 parameters and 1 degree of freedom for the
 *  residual variance. */
#define CLV_BASS_MIN_PERIODS 4

/** Bass model parameters, in the paper's notation. */
typedef struct clv_bass_params {
    double p; /**< Coefficient of innovation, per period, > 0. */
    double q; /**< Coefficient of imitation, per period, >= 0. */
    double m; /**< Market potential: adopters in the end, > 0. */
} clv_bass_params;

/** Where adoption is fastest: clv_bass_peak(). */
typedef struct clv_bass_peak_info {
    double time;       /**< t* = ln(q/p)/(p+q), periods since the launch; 0 when q <= p. */
    double density;    /**< f(t*) = (p+q)^2/(4q), the share of m adopting per period at the
                            peak; p (= f(0)) when q <= p. */
    double adopters;   /**< m f(t*), adopters per period at the peak. */
    double cumulative; /**< F(t*) = (q-p)/(2q), the share of m adopted by the peak; 0 when
                            q <= p. */
    uint32_t interior; /**< 1 when q > p: the adoption rate rises to an interior peak; 0 when
                            q <= p: it is highest at the launch and only falls. */
    uint32_t reserved; /**< 0. */
} clv_bass_peak_info;

/** Options of clv_bass_fit(); a size-versioned struct (see @ref conventions). Three layouts
 *  exist: the current one; the one before the diag pointer, whose struct_size is
 *  offsetof(clv_bass_fit_options, diag) (no diagnostic record); and the one before the
 *  progress callback, whose struct_size is offsetof(clv_bass_fit_options, progress) (no
 *  callback either); any other struct_size below the current is #CLV_ESTRUCT. */
typedef struct clv_bass_fit_options {
    uint32_t struct_size;    /**< sizeof(clv_bass_fit_options), set by
                                  clv_bass_fit_options_init(). */
    uint32_t reserved;       /**< Must be 0. */
    int32_t method;          /**< #CLV_BASS_NLS (default) or #CLV_BASS_ML. */
    int32_t model;           /**< For NLS, the adopters of a period: #CLV_BASS_INTERVAL
                                  (default) or #CLV_BASS_DENSITY. ML is always the interval
                                  form: it must be #CLV_BASS_INTERVAL. */
    uint32_t max_iterations; /**< Cap on accepted (Gauss-)Newton steps, >= 1 (default 100). */
    uint32_t use_start;      /**< 1: start from @c start; 0 (default): the fit's own start. */
    double tolerance;        /**< Convergence when the full (Gauss-)Newton step would change
                                  no parameter by more than this relative amount (in
                                  log-parameters), in (0, 0.01] (default 1e-10). */
    clv_bass_params start;   /**< Starting point when use_start is 1: p, q, m finite and > 0,
                                  and for ML m > the total count. */
    clv_progress_fn progress; /**< Progress callback, or null (default). Called once per
                                   accepted step and, within the passes over the periods,
                                   about every 32,768 periods (a few ms of work), with the
                                   steps so far (over all starting points), the best point
                                   so far as (p, q, m) (n_params 3) and its objective: the
                                   log-likelihood for ML, -SSE/2 in units of the largest
                                   count squared for NLS; NaN, with n_params 0, before the
                                   first point is evaluated. Nonzero cancels: clv_bass_fit() returns
                                   #CLV_ECANCELED with its outputs untouched. */
    void *user_data;          /**< Passed to @c progress. */
    clv_diag *diag;           /**< Optional diagnostic record (default null; see @ref clv_diag),
                                   cleared by clv_bass_fit() and filled when it fails: the
                                   period (#CLV_FIELD_ADOPTERS, @c row its index) of a bad
                                   count, the option and rule of a bad option, the rule
                                   #CLV_RULE_NOT_CONVERGED with field #CLV_FIELD_TOLERANCE (the
                                   last full step's relative size and the limit it missed)
                                   on #CLV_ENOCONV. Not written on #CLV_ESTRUCT. */
} clv_bass_fit_options;

/** What clv_bass_fit() did, and the uncertainty of its estimates. */
typedef struct clv_bass_fit_report {
    clv_fit_report fit; /**< Parameter order p, q, m (n_params 3): standard errors,
                             covariance, iterations, evaluations (all objective evaluations,
                             including the screening of starting points), convergence.
                             loglik is the multinomial log-likelihood for ML, and for NLS the
                             Gaussian one at sigma^2 = SSE/n, -n/2 (log(2 pi) + 1 - log n +
                             log SSE), as R's logLik() of an nls fit (+INFINITY if SSE = 0);
                             gradient_norm is max_i |theta_i dLL/dtheta_i| of that loglik. */
    double sse;         /**< Sum of squared residuals count - fitted adopters over the
                             periods, adopters^2 (for ML, with the interval form). */
    double residual_se; /**< sqrt(sse / df), adopters: R's "residual standard error". */
    uint32_t n_periods; /**< Periods fitted, n. */
    uint32_t df;        /**< Residual degrees of freedom, n - 3. */
    int32_t method;     /**< #CLV_BASS_NLS or #CLV_BASS_ML, as fitted. */
    int32_t model;      /**< #CLV_BASS_INTERVAL or #CLV_BASS_DENSITY, as fitted. */
} clv_bass_fit_report;

/**
 * @brief Cumulative adoption F(t): the share of the market potential adopted by time t.
 *
 * F(t) = (1 - e^{-(p+q)t}) / (1 + (q/p) e^{-(p+q)t}) (Bass 1969), computed as
 * -expm1(-(p+q)t) p / (p + q e^{-(p+q)t}), which keeps full relative precision near the
 * launch and cannot overflow. Multiply by m for cumulative adopters.
 *
 * @param params     Bass parameters (m is checked but does not enter).
 * @param t          Time since the launch, >= 0, finite, periods.
 * @param cumulative Out: F(t), in [0, 1).
 * @return #CLV_OK; #CLV_EINVAL for a null pointer; #CLV_EDOM for invalid parameters or a
 *         negative or non-finite @p t.
 */
CLV_API int clv_bass_cumulative(const clv_bass_params *params, double t, double *cumulative);

/**
 * @brief Adoption density f(t) = dF/dt: the share of the market adopting per period at t.
 *
 * f(t) = (p + q F(t)) (1 - F(t)) (Bass 1969's hazard p + q F(t) times 1 - F), with 1 - F(t) =
 * e^{-(p+q)t} (p+q) / (p + q e^{-(p+q)t}) taken directly, so the tail keeps its relative precision.
 * m f(t) is the adoption rate in adopters per period.
 *
 * @param params  Bass parameters (m is checked but does not enter).
 * @param t       Time since the launch, >= 0, finite, periods.
 * @param density Out: f(t), per period, >= 0; f(0) = p.
 * @return #CLV_OK; #CLV_EINVAL for a null pointer; #CLV_EDOM for invalid parameters or a
 *         negative or non-finite @p t; #CLV_ERANGE if f(t) overflows (p + q beyond the
 *         largest double).
 */
CLV_API int clv_bass_density(const clv_bass_params *params, double t, double *density);

/**
 * @brief Expected adopters in the interval (t1, t2]: m [F(t2) - F(t1)].
 *
 * Computed without the cancellation of the difference as m S(t1) (1 - e^{-(p+q)(t2-t1)})
 * p / (p + q e^{-(p+q)t2}), S = 1 - F, each factor in [0, 1]: exact in the tail, where F(t2)
 * and F(t1) agree to many digits. With t1 = t - 1 and t2 = t, the adopters of period t of
 * Srinivasan & Mason (1986).
 *
 * @param params   Bass parameters.
 * @param t1       Start of the interval, >= 0, finite, periods.
 * @param t2       End of the interval, >= t1, finite, periods.
 * @param adopters Out: expected adopters in (t1, t2], in [0, m].
 * @return #CLV_OK; #CLV_EINVAL for a null pointer; #CLV_EDOM for invalid parameters, a
 *         negative or non-finite time, or t2 < t1.
 */
CLV_API int clv_bass_adopters(const clv_bass_params *params, double t1, double t2,
                              double *adopters);

/**
 * @brief Time and height of the adoption peak.
 *
 * When q > p the density rises to a single peak at t* = ln(q/p)/(p+q), of height
 * f(t*) = (p+q)^2/(4q), when F(t*) = (q-p)/(2q) (Bass 1969); @c interior = 1.
 * When q <= p, f'(t) = f(t) (q - p - 2 q F(t)) <= 0 for every t >= 0: adoption is fastest
 * at the launch and there is no interior peak. Then the maximum over t >= 0 is reported:
 * time 0, density f(0) = p, cumulative 0, and @c interior = 0 says it is not a peak in the
 * sense of Bass's formula (which would give a time <= 0).
 *
 * @param params Bass parameters.
 * @param peak   Out: time, density, adopters per period and cumulative share at the peak.
 * @return #CLV_OK; #CLV_EINVAL for a null pointer; #CLV_EDOM for invalid parameters;
 *         #CLV_ERANGE if the height m (p+q)^2/(4q) overflows.
 */
CLV_API int clv_bass_peak(const clv_bass_params *params, clv_bass_peak_info *peak);

/**
 * @brief Forecast: expected adopters in each of @p count consecutive periods.
 *
 * adopters[i] is the model's count for the period (start + i, start + i + 1]:
 * m [F(start+i+1) - F(start+i)] with #CLV_BASS_INTERVAL, m f(start+i+1) with
 * #CLV_BASS_DENSITY -- use the form the parameters were fitted with. After a fit to n
 * periods, start = n forecasts the periods that follow the data; start = 0 gives the fitted
 * values of the data's periods.
 *
 * @param params   Bass parameters, e.g. from clv_bass_fit().
 * @param start    Time at which the first period starts, >= 0, finite, periods.
 * @param model    #CLV_BASS_INTERVAL or #CLV_BASS_DENSITY.
 * @param count    Number of periods, >= 1.
 * @param adopters Out: @p count expected adopters, caller-owned.
 * @return #CLV_OK; #CLV_EINVAL for a null pointer, @p count = 0 or an unknown @p model;
 *         #CLV_EDOM for invalid parameters or a negative or non-finite @p start;
 *         #CLV_ERANGE if a count overflows (density form only; nothing is written then).
 */
CLV_API int clv_bass_forecast(const clv_bass_params *params, double start, int model, size_t count,
                              double *adopters);

/**
 * @brief Log-likelihood of adoption counts (Schmittlein & Mahajan 1982), and its gradient.
 *
 * m people each adopt in period i, (i, i+1], with probability F(i+1) - F(i), or after the
 * n observed periods with probability 1 - F(n). With N = sum_i counts[i] adopters seen, the
 * counts and the m - N non-adopters are multinomial:
 *
 *   LL = ln Gamma(m+1) - ln Gamma(m-N+1) - sum_i ln Gamma(counts[i]+1)
 *        + sum_i counts[i] ln[F(i+1) - F(i)] + (m - N) ln[1 - F(n)],
 *
 * the Gamma functions extending the factorials to real m and counts (the probability of the
 * counts exactly when m and the counts are whole numbers). Each ln[F(i+1) - F(i)] is formed
 * from logarithms of its factors (see clv_bass_adopters()), so no period underflows.
 *
 * @param params   Bass parameters, with m >= N.
 * @param counts   Adopters in each of the @p n periods, each >= 0 and finite.
 * @param n        Number of periods, >= 1.
 * @param loglik   Out: LL.
 * @param gradient Out (optional, may be null): dLL/dp, dLL/dq, dLL/dm.
 * @return #CLV_OK; #CLV_EINVAL for a null @p params, @p counts or @p loglik, or n = 0;
 *         #CLV_EDOM for invalid parameters, a negative or non-finite count, or m < N;
 *         #CLV_ERANGE if N, p + q or the result is not finite (e.g. a period of
 *         probability 0 in doubles that has adopters).
 */
CLV_API int clv_bass_loglik(const clv_bass_params *params, const double *counts, size_t n,
                            double *loglik, double *gradient);

/**
 * @brief Fill a clv_bass_fit_options with its size and the defaults.
 *
 * method #CLV_BASS_NLS, model #CLV_BASS_INTERVAL, max_iterations 100, tolerance 1e-10, no
 * start, no progress callback, no diag.
 *
 * @param options Out: the options.
 * @return #CLV_OK; #CLV_EINVAL for a null @p options.
 */
CLV_API int clv_bass_fit_options_init(clv_bass_fit_options *options);

/**
 * @brief Fit p, q and m to adopters per period, with standard errors.
 *
 * Least squares (Srinivasan & Mason 1986) or maximum likelihood (Schmittlein & Mahajan 1982)
 * as the options choose; see the group's description and docs/bass.md. The search runs on
 * log p, log q and log m (ML: log(m - N)), so the estimates stay positive. It starts from the
 * best, by the fit's own objective, of Bass (1969)'s regression S_t = a + b Y_{t-1} +
 * c Y_{t-1}^2 (S_t adopters of period t, Y_{t-1} adopters before it; p, q, m solved from a,
 * b, c when its roots are valid) and a grid of 12 curves spanning the data's time scale, m
 * set to its best value for each; then Levenberg-Marquardt steps (Gauss-Newton for NLS,
 * Newton on the analytic Hessian for ML; Marquardt 1963), with a second and third start if
 * the first does not converge. No allocation: O(n) time per step, no limit on n.
 *
 * Cost: O(n) a pass over the periods (a test per period, plus exp and logarithms for each
 * period evaluated: NLS evaluates every period, ML only the periods with adopters and their
 * neighbours); about 15 passes to screen the starts, then a pass per step tried and one
 * for the report, up to max_iterations steps for each of up to 3 starts. 1e7 mostly empty
 * periods take ~0.1 s a pass for ML, ~1 s for NLS on the reference machine; the options'
 * progress callback is consulted every few ms of that work and can cancel
 * (#CLV_ECANCELED).
 *
 * @param counts   Adopters in each of the @p n periods since the launch, (i, i+1] for
 *                 counts[i]; each >= 0, finite, not all 0.
 * @param n        Number of periods, >= #CLV_BASS_MIN_PERIODS (4).
 * @param options  Options, or null for the defaults (NLS, interval form).
 * @param params   Out: the estimates; also on #CLV_ENOCONV (the best point reached).
 * @param report   Out (optional): standard errors and what the fit did; also on
 *                 #CLV_ENOCONV, with converged = 0.
 * @return #CLV_OK; #CLV_EINVAL for a null @p counts or @p params, n below
 *         #CLV_BASS_MIN_PERIODS, an unknown method or model, or ML with the density form;
 *         #CLV_ESTRUCT for a bad options size; #CLV_EDOM for a negative or non-finite count,
 *         all counts 0, or invalid options (max_iterations 0, tolerance outside (0, 0.01],
 *         use_start not 0 or 1, an invalid start or for ML a start with m <= N);
 *         #CLV_ENOCONV when no start converged within max_iterations (or the data pull the
 *         estimates to the edge of the parameter space, e.g. q -> 0 or m -> infinity);
 *         #CLV_ERANGE when N, or an estimate, the SSE or the covariance in the caller's
 *         units overflows, or the objective cannot be evaluated at the given start (a
 *         parameter, or m divided by the largest count, outside the normal doubles, or
 *         p + q beyond the largest double); #CLV_ECANCELED when the progress callback
 *         returned nonzero.
 *         On every error but #CLV_ENOCONV the outputs are untouched.
 *         Every refusal, the #CLV_ERANGE cases and #CLV_ENOCONV are also recorded in
 *         clv_bass_fit_options::diag when given (e.g. "counts[3]: adopters is -2, must be >= 0";
 *         see @ref clv_diag).
 */
CLV_API int clv_bass_fit(const double *counts, size_t n, const clv_bass_fit_options *options,
                         clv_bass_params *params, clv_bass_fit_report *report);

/** clv_bass_interval(): cumulative adopters N(t) = m F(t), t >= 0. */
#define CLV_BASS_FORECAST_CUMULATIVE 1
/** clv_bass_interval(): adopters in the period (t - 1, t], m [F(t) - F(t - 1)], t >= 1 (the
 *  #CLV_BASS_INTERVAL form of clv_bass_forecast()). */
#define CLV_BASS_FORECAST_PERIOD 2
/** clv_bass_interval(): the adoption rate m f(t), adopters per period at t, t >= 0 (the
 *  #CLV_BASS_DENSITY form of clv_bass_forecast() for the period ending at t). */
#define CLV_BASS_FORECAST_RATE 3

/**
 * @brief A Bass forecast at a list of times with its delta-method standard errors and
 *        intervals (clv.h, group @ref clv_interval, for the method and the scales).
 *
 * The gradient in (p, q, m) is analytic, from the logarithm of each quantity, differentiating
 * Bass's (1969) closed form F(t) = (1 - e^{-(p+q)t}) / (1 + (q/p) e^{-(p+q)t}) (the solution
 * of his hazard equation f / (1 - F) = p + q F; see the group) and f = dF/dt; with
 * E = e^{-(p+q)t}, D = p + q E, s = p + q:
 * - N(t) = m p (1 - E) / D: d log N/dp = 1/p + t/(e^{st} - 1) - (1 - q t E)/D,
 *   d log N/dq = t/(e^{st} - 1) - E (1 - q t)/D, d log N/dm = 1/m;
 * - the period (t - 1, t] as clv_bass_adopters() writes it, m S(t-1) (1 - e^{-s}) p / D(t),
 *   S(u) = s E(u) / D(u): the sum of the log-derivatives of its factors, with
 *   d log S(u)/dp = 1/s - u - (1 - q u E)/D, d log S(u)/dq = 1/s - u - E (1 - q u)/D and
 *   d log(1 - e^{-s}) = 1/(e^s - 1) in p and in q, so no difference of two close numbers is
 *   formed, even far in the tail;
 * - m f(t) = m s^2 p E / D^2: d log/dp = 2/s + 1/p - t - 2 (1 - q t E)/D,
 *   d log/dq = 2/s - t - 2 E (1 - q t)/D.
 * The gradient agrees with mpmath's to 1e-11 of its largest entry and the standard errors with the spread
 * of a parametric bootstrap (clv_param_draws()) within its Monte Carlo error
 * (tests/test_interval_bass.c, tests/oracles/bass_interval_oracles.py). The estimates are
 * those of clv_bass_cumulative(), clv_bass_adopters() and clv_bass_density() (times m).
 *
 * The times are all checked first, then every interval is computed once to find any error,
 * then computed again and written: on an error nothing is written. Cost: O(n_times), under
 * ~0.6 us a time for each of the two passes (bench/bench_intervals.c: 0.9-1.3 us a time in
 * all on a loaded machine); the options' progress callback is called with
 * (done, 2 n_times) every 4,096 times of each pass and after the last, and can cancel
 * (#CLV_ECANCELED): during the first pass nothing is written, during the second the times
 * reported done are written and the others untouched (as clv_interval_rows()).
 *
 * @param params     The fitted parameters (clv_bass_fit()): p > 0, q >= 0, m > 0, finite,
 *                   with p + q finite.
 * @param covariance Their 3 x 3 covariance, row-major, in the order p, q, m
 *                   (clv_bass_fit_report::fit's covariance), finite, symmetric, positive
 *                   semi-definite: checked as clv_delta_interval() does, then again after
 *                   dividing each row and column by its standard deviation, since the
 *                   variances of p and m differ by ~1e13 and an allowance relative to the
 *                   largest would hide a p-q block that is not positive semi-definite.
 * @param quantity   #CLV_BASS_FORECAST_CUMULATIVE, #CLV_BASS_FORECAST_PERIOD or
 *                   #CLV_BASS_FORECAST_RATE.
 * @param times      @p n_times times since the launch, in periods, finite, >= 0 (>= 1 for
 *                   #CLV_BASS_FORECAST_PERIOD); any order.
 * @param n_times    Number of times, >= 1.
 * @param options    Level, scale and progress callback (clv_interval_options; horizon,
 *                   delta and value are not read); null for 95% on the log scale. The logit
 *                   scale needs estimates in [0, 1] and is rarely what a count wants.
 * @param estimate   Out: @p n_times predictions, adopters (per period for the rate).
 * @param lower      Out: @p n_times lower ends.
 * @param upper      Out: @p n_times upper ends.
 * @param std_error  Out (optional): @p n_times standard errors.
 * @return #CLV_OK; #CLV_EINVAL for a null pointer, @p n_times 0, an unknown quantity or
 *         scale, a nonzero reserved field; #CLV_ESTRUCT for bad options headers; #CLV_EDOM
 *         for invalid parameters (diag #CLV_FIELD_PARAMS, row 0, 1, 2 for p, q, m), a bad
 *         time (#CLV_FIELD_TIME, its index as the row), a bad covariance (diag as
 *         clv_delta_interval()), an estimate outside the scale's domain; #CLV_ERANGE when
 *         p + q, a gradient or an interval end overflows; #CLV_ECANCELED as above.
 *         Nothing is written on error (but see the cancel above).
 */
CLV_API int clv_bass_interval(const clv_bass_params *params, const double *covariance,
                              int quantity, const double *times, size_t n_times,
                              const clv_interval_options *options, double *estimate,
                              double *lower, double *upper, double *std_error);

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

/** Two independent NPS samples compared (see clv_nps_compare()). */
typedef struct clv_nps_comparison {
    double difference; /**< nps_a - nps_b, NPS points, in [-200, 200]. */
    double std_error;  /**< sqrt(SE_a^2 + SE_b^2), NPS points, > 0. */
    double z;          /**< difference / std_error, the Wald statistic. */
    double p_value;    /**< Two-sided p-value P(|Z| >= |z|), in [0, 1]. */
    double lower;      /**< Lower end of the confidence interval of the difference. */
    double upper;      /**< Upper end of the confidence interval of the difference. */
} clv_nps_comparison;

/**
 * @brief Compare the NPS of two independent samples: difference, standard error, two-sided
 *        z test and Wald confidence interval.
 *
 * For independent samples the variances add: SE = sqrt(SE_a^2 + SE_b^2) and
 * z = (nps_a - nps_b) / SE, referred to the standard normal; p = P(|Z| >= |z|) =
 * erfc(|z| / sqrt 2). The interval is difference +/- z_q SE with z_q the normal quantile at
 * (1 + level) / 2, clipped to [-200, 200]. Example: 200 answers with shares 1/2, 1/3, 1/6
 * (NPS 33.3, SE 5.27) against 200 with shares 0.4, 0.35, 0.25 (NPS 15, SE 5.60): difference
 * 18.3, SE 7.69, z 2.38, p 0.017. Like clv_nps_interval(), a normal approximation: good
 * for a hundred or more answers per sample away from NPS +/-100.
 *
 * @param a          First sample's score (clv_nps_from_counts() or by hand).
 * @param b          Second sample's score.
 * @param level      Confidence level of the interval, in (0, 1), e.g. 0.95.
 * @param comparison Out: the comparison.
 * @return #CLV_OK; #CLV_EINVAL for a null pointer; #CLV_EDOM for @p level outside (0, 1),
 *         a score that clv_nps_interval() would reject, or two scores that both have a
 *         zero standard error (the test has no sampling error to refer to); #CLV_ERANGE if
 *         z overflows (subnormal standard errors).
 */
CLV_API int clv_nps_compare(const clv_nps *a, const clv_nps *b, double level,
                            clv_nps_comparison *comparison);

/**
 * @brief Answers needed in each of two groups to detect a change of NPS with a two-sided
 *        z test.
 *
 * The normal-approximation sample size of a two-sided, two-sample test (e.g. Chow, Shao &
 * Wang 2008, "Sample Size Calculations in Clinical Research", 2nd ed., section 3.2.1, with
 * 2 sigma^2 written sigma_a^2 + sigma_b^2 for unequal variances), on the +1/0/-1 score:
 *
 *     n = ceil( (z_{1-alpha/2} + z_{power})^2 (var_a + var_b) / (delta / 100)^2 ),
 *
 * at least 1. Take the variances from clv_nps::variance of a pilot or of last wave's survey
 * (the same value twice when no change in the mix is expected). Example: variance 5/9 in
 * both groups, delta 10 points, alpha 0.05, power 0.8: n = 873 per group.
 *
 * @param variance_a  Per-answer variance of the score in group a, in [0, 1].
 * @param variance_b  Per-answer variance of the score in group b, in [0, 1].
 * @param delta       Change of NPS to detect, NPS points, non-zero, |delta| <= 200.
 * @param alpha       Two-sided significance level, in (0, 1).
 * @param power       Probability of detecting the change, in (0, 1) and such that
 *                    z_{1-alpha/2} + z_{power} > 0 (e.g. any power >= 0.5).
 * @param n_per_group Out: answers per group, a whole number >= 1.
 * @return #CLV_OK; #CLV_EINVAL for a null @p n_per_group; #CLV_EDOM for an input outside
 *         its domain (NaN included); #CLV_ERANGE if n overflows.
 */
CLV_API int clv_nps_sample_size(double variance_a, double variance_b, double delta, double alpha,
                                double power, double *n_per_group);

/**
 * @brief NPS of each segment from raw 0-10 answers and their segment numbers.
 *
 * Answer i belongs to segment segments[i], numbered 0 .. n_segments - 1 (a store, a region,
 * a product). nps[k] is what clv_nps_from_scores() would give for the answers of segment k.
 * A segment with no answers gets every field 0 and n = 0: no score (clv_nps_interval()
 * rejects it). Every answer and every segment number is checked before anything is written.
 *
 * @param scores     Array of @p n answers, each a whole number from 0 to 10.
 * @param segments   Array of @p n segment numbers, each < @p n_segments.
 * @param n          Number of answers, >= 1.
 * @param n_segments Number of segments, >= 1: the length of @p nps.
 * @param nps        Out: array of @p n_segments scores.
 * @return #CLV_OK; #CLV_EINVAL for a null pointer, @p n = 0 or @p n_segments = 0;
 *         #CLV_EDOM if an answer is not a whole number in [0, 10] or a segment number is
 *         >= @p n_segments.
 */
CLV_API int clv_nps_by_segment(const double *scores, const uint32_t *segments, size_t n,
                               size_t n_segments, clv_nps *nps);

/** @} */

/**
 * @defgroup clv_kfactor Viral coefficient (K-factor) growth
 * @brief Customers after n invitation cycles and over continuous time.
 *
 * Each customer sends i invitations once, in the cycle after joining; each converts with
 * probability c. The viral coefficient K = i c is the number of customers each customer
 * brings. Starting from C_0 customers, cycle j brings C_0 K^j new ones, so after n cycles
 *
 *     C(n) = C_0 (1 + K + ... + K^n) = C_0 (1 - K^(n+1)) / (1 - K),   C_0 (n + 1) at K = 1,
 *
 * and at time t with cycle time c_t the same formula with n = t / c_t, the form given by
 * Skok (2009, "Lessons learned - viral marketing", forEntrepreneurs.com, who attributes it
 * to Stan Reiss): C(t) = C_0 (K^(t/c_t + 1) - 1) / (K - 1). Between whole cycles this is
 * our continuous interpolation, growing like exp(t ln K / c_t). K < 1 levels off at
 * C_0 / (1 - K); K > 1 grows without bound (in a real market, until it saturates).
 * @{
 */

/**
 * @brief The viral coefficient K = invitations x conversion.
 * @param invitations Invitations each customer sends, >= 0, finite.
 * @param conversion  Probability that an invitation makes a customer, in [0, 1].
 * @param k           Out: K, >= 0.
 * @return #CLV_OK; #CLV_EINVAL for a null @p k; #CLV_EDOM for a non-finite or negative
 *         @p invitations or a @p conversion outside [0, 1].
 */
CLV_API int clv_kfactor(double invitations, double conversion, double *k);

/**
 * @brief Customers after n whole invitation cycles, C_0 (1 - K^(n+1)) / (1 - K).
 *
 * The starting customers are counted. Computed without cancellation near K = 1 (through
 * expm1 and log1p), exact C_0 (n + 1) at K = 1. Example: 100 customers, 5 invitations,
 * conversion 0.25 (K = 1.25): 225 after one cycle, 576.5625 (100 + 125 + 156.25 +
 * 195.3125) after three.
 *
 * @param initial     C_0: customers at the start, >= 0, finite.
 * @param invitations Invitations each customer sends, >= 0, finite.
 * @param conversion  Probability that an invitation makes a customer, in [0, 1].
 * @param cycles      n: a whole number >= 0, or @c +INFINITY for the limit C_0 / (1 - K).
 * @param customers   Out: C(n), customers.
 * @return #CLV_OK; #CLV_EINVAL for a null @p customers or a non-integer finite @p cycles;
 *         #CLV_EDOM for an input outside its domain; #CLV_EDIVERGE for infinite cycles with
 *         K >= 1 and C_0 > 0; #CLV_ERANGE if the count overflows.
 */
CLV_API int clv_kfactor_customers(double initial, double invitations, double conversion,
                                  double cycles, double *customers);

/**
 * @brief Customers at time t, C_0 (K^(t/c_t + 1) - 1) / (K - 1) (Skok 2009).
 *
 * At t = n c_t equal to clv_kfactor_customers() after n cycles; in between, the continuous
 * interpolation of the group description.
 *
 * @param initial     C_0: customers at time 0, >= 0, finite.
 * @param invitations Invitations each customer sends, >= 0, finite.
 * @param conversion  Probability that an invitation makes a customer, in [0, 1].
 * @param cycle_time  c_t: time from joining to the invited joining, > 0, finite.
 * @param time        t, in the unit of @p cycle_time: >= 0, or @c +INFINITY for the limit.
 * @param customers   Out: C(t), customers.
 * @return #CLV_OK; #CLV_EINVAL for a null @p customers; #CLV_EDOM for an input outside its
 *         domain; #CLV_EDIVERGE for an infinite time with K >= 1 and C_0 > 0; #CLV_ERANGE
 *         if the count overflows.
 */
CLV_API int clv_kfactor_customers_at(double initial, double invitations, double conversion,
                                     double cycle_time, double time, double *customers);

/** @} */

/**
 * @defgroup clv_crv Customer referral value
 * @brief What a customer's referrals are worth (Kumar, Petersen & Leone 2007, 2010).
 *
 * Kumar, Petersen & Leone (2007, "How valuable is word of mouth?", Harvard Business Review
 * 85(10) 139-146; 2010, "Driving profitability by encouraging customer referrals: who, when,
 * and how", Journal of Marketing 74(5) 1-17) value a customer by their own purchases (CLV)
 * and by the customers they refer (CRV). A referred customer who would not have come
 * otherwise is worth their own value to the firm; one who would have joined anyway only
 * saves the cost of acquiring them; every referral costs its incentive. With n_t referred
 * customers joining in period t = 1..T, a share w_t of whom would have joined anyway,
 * value V per referred customer, acquisition cost A and referral cost a per referral:
 *
 *     CRV = sum_t [ n_t (1 - w_t) V + n_t w_t A - n_t a ] / (1 + d)^t,
 *     customer value = CLV + CRV.
 *
 * The papers publish no numeric example; this is the definition, in our notation.
 * @{
 */

/** The economics of one referral. */
typedef struct clv_crv_params {
    double referral_value;   /**< V: value of a referred customer who would not have come
                                  otherwise, at the time they join (e.g. their CLV net of
                                  the marketing spent on them), currency; any finite value. */
    double acquisition_cost; /**< A: acquisition cost saved on a referred customer who would
                                  have joined anyway, currency, >= 0. */
    double referral_cost;    /**< a: incentive and handling cost of one referral, currency,
                                  >= 0. */
    double discount;         /**< d: discount rate per period, >= 0. */
} clv_crv_params;

/** A customer's referral value and total value (see clv_crv_value()). */
typedef struct clv_crv_result {
    double incremental_customers; /**< sum n_t (1 - w_t): referred customers who would not
                                       have come otherwise (undiscounted). */
    double anyway_customers;      /**< sum n_t w_t: referred customers who would have
                                       joined anyway (undiscounted). */
    double value_incremental;     /**< sum n_t (1 - w_t) V / (1 + d)^t, currency. */
    double acquisition_saved;     /**< sum n_t w_t A / (1 + d)^t, currency. */
    double referral_cost;         /**< sum n_t a / (1 + d)^t, currency. */
    double crv;                   /**< value_incremental + acquisition_saved - referral_cost. */
    double clv;                   /**< The customer's own lifetime value (as given). */
    double customer_value;        /**< clv + crv. */
} clv_crv_result;

/**
 * @brief Customer referral value of one customer, and customer value = CLV + CRV.
 *
 * Referrals of period t (t = 1 for the first element) are discounted by (1 + d)^t, as
 * (1 + d)^-t = exp(-t log1p(d)). Example: 2 referrals in period 1 and 1 in period 2, none
 * who would have joined anyway, V = 300, a = 20, d = 0.1: CRV = 560 / 1.1 + 280 / 1.21 =
 * 740.50.
 *
 * @param params       The economics of a referral (see clv_crv_params).
 * @param referrals    Array of @p n_periods counts n_t of referred customers who joined in
 *                     period t, each >= 0 and finite (fractional for expectations).
 * @param anyway_share Array of @p n_periods shares w_t in [0, 1] of those who would have
 *                     joined anyway, or null for none.
 * @param n_periods    T, the number of periods, >= 1.
 * @param clv          The customer's own lifetime value, currency; any finite value.
 * @param result       Out: CRV, its parts, and CLV + CRV.
 * @return #CLV_OK; #CLV_EINVAL for a null @p params, @p referrals or @p result, or
 *         @p n_periods = 0; #CLV_EDOM for any input outside its domain (checked before
 *         anything is computed); #CLV_ERANGE on overflow.
 */
CLV_API int clv_crv_value(const clv_crv_params *params, const double *referrals,
                          const double *anyway_share, size_t n_periods, double clv,
                          clv_crv_result *result);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* CLV_REFERRAL_H */
