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
 * - Bass diffusion (Bass 1969, "A new product growth model for consumer durables", Management
 *   Science 15(5) 215-227): how adoption of a new product spreads by outside influence and
 *   word of mouth; the curve, its peak, forecasts, and fits of p, q and m to adoption counts
 *   by nonlinear least squares (Srinivasan & Mason 1986) or maximum likelihood (Schmittlein &
 *   Mahajan 1982).
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

/** Options of clv_bass_fit(); a size-versioned struct (see @ref conventions). */
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
 * start.
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
 *         p + q beyond the largest double).
 *         On every error but #CLV_ENOCONV the outputs are untouched.
 */
CLV_API int clv_bass_fit(const double *counts, size_t n, const clv_bass_fit_options *options,
                         clv_bass_params *params, clv_bass_fit_report *report);

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
