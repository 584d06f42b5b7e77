/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/**
 * @file clv.h
 * @brief Customer lifetime value: shared foundations and closed-form economics.
 *
 * This header holds what every part of libclv shares -- version, status codes, named
 * constants -- and the customer-lifetime-value calculations:
 *
 * - the simple lifetime value (margin x purchases per period x lifetime);
 * - retention-based discounted CLV over a finite or infinite horizon (Gupta & Lehmann 2003,
 *   "Customers as assets", Journal of Interactive Marketing 17(1) 9-24);
 * - customer acquisition cost, LTV:CAC and the payback period.
 *
 * ## Conventions (all of libclv)
 * - Every function that can fail returns an @c int status: #CLV_OK (0) or a negative error
 *   code (#CLV_EINVAL, #CLV_EDOM, ...); clv_strerror() names it. Results come back through
 *   out-parameters, which are left untouched when the call fails.
 * - Inputs are validated before anything is computed: null pointers, NaN, infinities where a
 *   finite number is needed, negative counts, probabilities outside [0, 1] and parameter
 *   combinations for which a sum diverges are errors, never a NaN result.
 * - Money is in the caller's currency, time in the caller's period (a month, a year); every
 *   rate is per that period. One call must use one period throughout.
 * - A *time* that is genuinely infinite (a customer who never churns, a CAC that is never
 *   paid back) is returned as @c +INFINITY with #CLV_OK. A *value* that would be infinite
 *   (an undiscounted infinite stream of margins) is an error, #CLV_EDIVERGE.
 * - Options that may grow live in size-versioned structs that open with
 *   <tt>uint32_t struct_size; uint32_t reserved;</tt> (clv_fit_options, clv_rfm_options,
 *   clv_value_options, clv_bass_fit_options), filled by their @c ..._options_init(). The
 *   library reads the 8-byte header and never a byte past @c struct_size. A size smaller
 *   than the oldest layout, larger than 4096 bytes (the most any options struct will ever
 *   take), or a larger-than-known struct with a non-zero byte this version does not know is
 *   #CLV_ESTRUCT.
 * - Flag arguments are plain @c int with the values of the @c CLV_ macros below; those values
 *   are part of the ABI and never change. clv_constant() returns any of them by name for
 *   callers that cannot read C macros (FFI).
 * - No I/O, no global state, no allocation: every function is thread-safe.
 * - Where a status is not enough, validators, summaries, the till and fits fill an optional,
 *   caller-owned clv_diag (row, field, rule, value) that clv_diag_format() turns into a
 *   sentence; there is no global "last error" (see @ref clv_diag).
 *
 * Related headers: churn.h (retention and churn), referral.h (word of mouth).
 */
#ifndef CLV_H
#define CLV_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * @defgroup clv_core Version, status codes and constants
 * @brief What every part of the library shares.
 * @{
 */

/** @cond CLV_INTERNAL */
#if defined(CLV_BUILDING_LIBRARY) && defined(__GNUC__)
#define CLV_API __attribute__((visibility("default")))
#else
#define CLV_API
#endif
/** @endcond */

/** Major version: changes only with an ABI break (it is the SONAME, libclv.so.1). */
#define CLV_VERSION_MAJOR 1
/** Minor version: grows when functions are added. */
#define CLV_VERSION_MINOR 0
/** Patch version: fixes that change no interface. */
#define CLV_VERSION_PATCH 0
/** The compile-time version as one integer: major * 10000 + minor * 100 + patch. */
#define CLV_VERSION_NUMBER (CLV_VERSION_MAJOR * 10000 + CLV_VERSION_MINOR * 100 + CLV_VERSION_PATCH)

/** Success. */
#define CLV_OK 0
/** A null pointer, or an argument that is not of the form the function takes
 *  (an unknown flag, an empty array, a non-integer where a whole number is required). */
#define CLV_EINVAL (-1)
/** A value outside the function's mathematical domain: NaN, an infinity where a finite
 *  number is needed, a negative count, a probability outside [0, 1], a zero denominator. */
#define CLV_EDOM (-2)
/** An iteration, a fit or an infinite series did not converge within its documented limit
 *  (a fit's iteration cap, a series' term cap); for a fit the report says how far it got. */
#define CLV_ENOCONV (-3)
/** The result is not representable as a finite double (overflow). */
#define CLV_ERANGE (-4)
/** The caller cancelled through a progress callback. */
#define CLV_ECANCELED (-5)
/** A size-versioned options struct is smaller than the oldest known layout, of a size
 *  between two known layouts, larger than 4096 bytes, or larger than the library knows with
 *  a non-zero unknown tail. */
#define CLV_ESTRUCT (-6)
/** A caller-provided workspace is too small, or an allocator hook failed. */
#define CLV_ENOMEM (-7)
/** Each input is valid but together they make an infinite sum diverge
 *  (e.g. retention 1 with discount rate 0 over an infinite horizon). */
#define CLV_EDIVERGE (-8)
/** The data cannot identify the model: they carry no information about its parameters (every
 *  weight 0, every customer observed for no time, no repeat buyer for Gamma-Gamma), so the
 *  log-likelihood is the same at every point; or a fit's estimate runs off to the edge of
 *  the parameter space -- it ends (converged, or at its iteration cap) with a parameter
 *  outside [1e-6, 1e6] that the data do not pin down (no positive definite information matrix, or a standard error of the
 *  parameter's logarithm above 1): the likelihood keeps rising towards a limit, e.g.
 *  Pareto/NBD's s and beta both to infinity on a few customers none of whom shows a dropout.
 *  No estimate is returned. */
#define CLV_EIDENT (-9)

/**
 * @brief Run-time version of the library as one integer.
 * @return major * 10000 + minor * 100 + patch, e.g. 10000 for 1.0.0. Compare with
 *         #CLV_VERSION_NUMBER to detect a header/library mismatch.
 */
CLV_API int clv_version(void);

/**
 * @brief Run-time version of the library as a string.
 * @return A static, NUL-terminated string such as "1.0.0". Never null.
 */
CLV_API const char *clv_version_string(void);

/**
 * @brief A static English message for a status code.
 * @param status A value returned by any libclv function.
 * @return A static, NUL-terminated message; "unknown status" for a value that is not a
 *         libclv status. Never null; the caller must not free it.
 */
CLV_API const char *clv_strerror(int status);

/**
 * @brief The value of a named public constant, for callers that cannot read C macros.
 *
 * Knows every status code (@c "CLV_OK", @c "CLV_EINVAL", ...), every flag of clv.h, churn.h
 * and referral.h (@c "CLV_MARGIN_END", @c "CLV_CHURN_START", ...), the version macros and
 * the documented default values (@c "CLV_WOM_TOLD_SATISFIED", ...). Integers are returned
 * exactly as doubles.
 *
 * @param name  NUL-terminated name of the macro, exactly as spelled in the header.
 * @param value Out: the constant's value.
 * @return #CLV_OK; #CLV_EINVAL if @p name or @p value is null or the name is unknown
 *         (then @p value is untouched).
 */
CLV_API int clv_constant(const char *name, double *value);

/** @} */

/**
 * @defgroup clv_diag Diagnostics: what failed, where, and why
 * @brief A caller-owned record that validators and fits fill when they fail, and a function
 *        that turns it into a sentence.
 *
 * A status code says what kind of error happened; a clv_diag says where and why: the row of
 * the caller's table, the field, the rule it broke, the offending value and what it was
 * checked against -- e.g. "row 10243: monetary is 0, must be > 0 where x > 0", or
 * "purchase at 12 precedes the customer's last purchase at 15.5".
 *
 * Who fills one: clv_rfm_check_diag(), clv_rfm_update_diag(), clv_rfm_summary() (through
 * clv_rfm_options::diag), every fit that takes a clv_fit_options (through
 * clv_fit_options::diag; sBG's fits name the duration row, or the cohort and period of a
 * survivor count) and clv_bass_fit() (through clv_bass_fit_options::diag, naming the
 * period): data errors name the row, #CLV_EIDENT says why the data carry no
 * information, #CLV_ENOCONV gives the gradient norm and the tolerance it missed.
 *
 * The record is optional (a null pointer means none), owned by the caller (e.g. on the
 * stack), and written only by the call it was passed to: there is no global "last error", so
 * threads never see each other's diagnostics, and nothing is allocated. A call that takes
 * one first clears it (status 0, "nothing recorded"), then fills it when it fails. The record
 * is size-versioned like the options structs: clv_diag_init() sets @c struct_size, and a
 * record whose struct_size is smaller than this layout is never written (the call still
 * returns its status). An options struct refused with #CLV_ESTRUCT cannot be trusted to hold
 * a diag pointer, so nothing is recorded then.
 *
 * The @c field and @c rule members take the values of the @c CLV_FIELD_ and @c CLV_RULE_
 * macros below (never renumbered; clv_constant() gives each by name), so a program can react
 * to a rule without parsing text.
 * @{
 */

/** No particular input (a property of the whole table, or nothing recorded). */
#define CLV_FIELD_NONE 0
/** The x column (repeat purchases) of a customer table. */
#define CLV_FIELD_X 1
/** The t_x column (recency) of a customer table. */
#define CLV_FIELD_T_X 2
/** The T column (length of observation; n, the opportunities, for BG/BB). */
#define CLV_FIELD_T 3
/** The monetary column (mean repeat spend). */
#define CLV_FIELD_MONETARY 4
/** The weight column. */
#define CLV_FIELD_WEIGHT 5
/** The customer ids of a transaction log. */
#define CLV_FIELD_CUSTOMER 6
/** The times of a transaction log, or of a purchase at the till. */
#define CLV_FIELD_TIME 7
/** The amounts of a transaction log, or of a purchase at the till. */
#define CLV_FIELD_AMOUNT 8
/** The permutation a transaction log is read through (clv_rfm_summary()'s @c order). */
#define CLV_FIELD_ORDER 9
/** Model parameters (a fit's estimate). */
#define CLV_FIELD_PARAMS 10
/** An options struct (a fit's tolerance, penalty, start ...). */
#define CLV_FIELD_OPTIONS 11
/** A period length. */
#define CLV_FIELD_PERIOD 12
/** A number of rows: a table's count, or the capacity of an output table. */
#define CLV_FIELD_COUNT 13
/** A running summary (clv_rfm_state). */
#define CLV_FIELD_STATE 14
/** clv_rfm_options::calibration_end. */
#define CLV_FIELD_CALIBRATION_END 15
/** clv_rfm_options::holdout_end. */
#define CLV_FIELD_HOLDOUT_END 16
/** A flag argument (e.g. clv_rfm_check()'s need_monetary, clv_fit_options::use_start). */
#define CLV_FIELD_FLAG 17
/** clv_fit_options::max_iterations. */
#define CLV_FIELD_MAX_ITERATIONS 18
/** clv_fit_options::tolerance. */
#define CLV_FIELD_TOLERANCE 19
/** clv_fit_options::penalty. */
#define CLV_FIELD_PENALTY 20
/** clv_fit_options::start (@c row is the parameter's index, @c has_row 1). */
#define CLV_FIELD_START 21
/** A covariance matrix (clv_param_draws()); @c row is the row-major index of the entry
 *  (#CLV_RULE_NOT_FINITE, #CLV_RULE_NOT_SYMMETRIC) or the pivot
 *  (#CLV_RULE_NOT_POSITIVE_DEFINITE). */
#define CLV_FIELD_COVARIANCE 22
/** A holdout: the holdout window of a simulation (clv_sim_options::holdout), or the per-row
 *  actual holdout purchases of a model check (clv_conditional_by_frequency() ...). */
#define CLV_FIELD_HOLDOUT 23
/** The transactions of a simulation (clv_sim_transactions). */
#define CLV_FIELD_TRANSACTIONS 24
/** First-purchase times of a tracking call (clv_tracking_expected()); @c row its index. */
#define CLV_FIELD_BIRTH 25
/** Per-row predictions (clv_holdout_accuracy(), clv_calibration_table()). */
#define CLV_FIELD_PREDICTED 26
/** Per-row actual values or observed counts (clv_holdout_accuracy(), clv_chi_square_test()). */
#define CLV_FIELD_ACTUAL 27
/** Bin edges (clv_conditional_by_recency(), clv_calibration_table()). */
#define CLV_FIELD_EDGES 28
/** Expected counts (clv_chi_square_test()). */
#define CLV_FIELD_EXPECTED 29
/** A grid of times or recencies (clv_tracking_expected()'s times,
 *  clv_frequency_recency_matrix()'s t_x); @c row its index. */
#define CLV_FIELD_GRID 30
/** A horizon or holdout length. */
#define CLV_FIELD_HORIZON 31
/** sBG contract durations (clv_sbg_durations::duration); @c row the customer's row. */
#define CLV_FIELD_DURATION 32
/** sBG churned flags (clv_sbg_durations::churned); @c row the customer's row. */
#define CLV_FIELD_CHURNED 33
/** sBG survivor counts (clv_sbg_cohort::alive): @c row is the cohort's index times 2^32
 *  plus the period t of alive[t] (row >> 32 the cohort, row & 0xffffffff the period). */
#define CLV_FIELD_ALIVE 34
/** A cohort as a whole (its alive pointer, its reserved member); @c row the cohort's index. */
#define CLV_FIELD_COHORT 35
/** Bass adopters per period (clv_bass_fit()'s counts); @c row the period's index. */
#define CLV_FIELD_ADOPTERS 36
/** clv_bass_fit_options::method. */
#define CLV_FIELD_METHOD 37
/** clv_bass_fit_options::model. */
#define CLV_FIELD_MODEL 38

/** Nothing recorded, or no particular rule. */
#define CLV_RULE_NONE 0
/** A required pointer or column is null. */
#define CLV_RULE_MISSING 1
/** An array is empty (a count of 0). */
#define CLV_RULE_EMPTY 2
/** NaN or an infinity where a finite number is needed. */
#define CLV_RULE_NOT_FINITE 3
/** Negative where the value must be >= 0 (@c value holds it). */
#define CLV_RULE_NEGATIVE 4
/** Not a whole number where one is needed (a count). */
#define CLV_RULE_NOT_WHOLE 5
/** Not > 0 where it must be (a spend where x > 0, a parameter). */
#define CLV_RULE_NOT_POSITIVE 6
/** t_x > T: the last purchase after the end of observation (@c limit holds T). */
#define CLV_RULE_RECENCY_ABOVE_T 7
/** x = 0 with t_x > 0: a recency without a repeat purchase. */
#define CLV_RULE_RECENCY_WITHOUT_REPEAT 8
/** A purchase at the till earlier than the customer's last one (@c limit holds that time). */
#define CLV_RULE_OUT_OF_ORDER 9
/** A transaction log not sorted by customer, then time (@c limit holds the previous
 *  transaction's customer or time). */
#define CLV_RULE_NOT_SORTED 10
/** The data carry no information about the parameters: every weight is 0, or every
 *  customer was observed for no time. */
#define CLV_RULE_NO_INFORMATION 11
/** No repeat buyer (x > 0 with weight > 0): nothing to fit a spend model on. */
#define CLV_RULE_NO_REPEAT_BUYER 12
/** A fit stopped without converging (at its iteration cap, or where no step improves the
 *  log-likelihood at double precision): @c value is the gradient norm reached, @c limit the
 *  largest one the convergence test would accept there (tolerance x max(1, |log-likelihood|)
 *  at the cap, sqrt(tolerance) x max(1, |log-likelihood|) on a stall). With field
 *  #CLV_FIELD_TOLERANCE (clv_bass_fit(), whose test is on the step): @c value is the
 *  largest relative change the last full (Gauss-)Newton step would make to a parameter,
 *  @c limit the tolerance (its square root on a stall). */
#define CLV_RULE_NOT_CONVERGED 13
/** An index out of range (@c value holds it, @c limit the count it must be below). */
#define CLV_RULE_INDEX_OUT_OF_RANGE 14
/** Within a tie of equal customer and time, indices of @c order that neither strictly rise
 *  nor strictly fall (a repeated index, or a shuffled tie; @c limit holds the previous
 *  index). */
#define CLV_RULE_TIE_NOT_MONOTONE 15
/** A sum, period start or time difference that overflows a double. */
#define CLV_RULE_OVERFLOW 16
/** A flag outside its documented values. */
#define CLV_RULE_BAD_FLAG 17
/** A running summary no clv_rfm_state_init() / clv_rfm_update() sequence can produce. */
#define CLV_RULE_BAD_STATE 18
/** Below the smallest allowed value (@c limit). */
#define CLV_RULE_BELOW_MIN 19
/** Above the largest allowed value (@c limit). */
#define CLV_RULE_ABOVE_MAX 20
/** More rows are needed than an output table holds (@c value needed, @c limit capacity). */
#define CLV_RULE_TOO_SMALL 21
/** BG/BB: more purchases than opportunities up to the last purchase, x > t_x (@c limit holds
 *  t_x). */
#define CLV_RULE_X_ABOVE_RECENCY 22
/** Two options that go together given one without the other (a fit's alloc and dealloc). */
#define CLV_RULE_INCOMPLETE_PAIR 23
/** A fit's estimate runs off to the edge of the parameter space: parameter number @c row
 *  (field #CLV_FIELD_PARAMS, in the model's order) reached @c value, outside
 *  [1/limit, @c limit], and the data do not pin it down (#CLV_EIDENT; see clv_fit_result()). */
#define CLV_RULE_RUNS_OFF 24
/** A covariance matrix is not symmetric: entry @c row differs from its mirror image
 *  (@c limit) by more than 1e-8 of the larger diagonal entry. */
#define CLV_RULE_NOT_SYMMETRIC 25
/** A covariance matrix is not positive definite: its Cholesky factorisation breaks down at
 *  pivot @c row (the diagonal entry's remainder @c value is not > 0). */
#define CLV_RULE_NOT_POSITIVE_DEFINITE 26
/** No draw inside the domain: draw @c row (field #CLV_FIELD_COUNT) of the parameters stayed
 *  outside (a parameter <= 0 or not finite) in @c limit tries in a row. */
#define CLV_RULE_NO_VALID_DRAW 27
/** A chi-square test with fewer than n_params + 2 groups after merging, so no degree of
 *  freedom is left (@c value the groups, @c limit the groups needed). */
#define CLV_RULE_TOO_FEW_BINS 28
/** A survivor count above the one before it (@c value the count, @c limit the previous
 *  one): survivors cannot increase. */
#define CLV_RULE_INCREASING 29
/** No customer churned (every duration censored, or survivor counts that never fall): the
 *  sBG likelihood keeps rising as alpha -> 0, so the fit has no maximum (#CLV_ENOCONV). */
#define CLV_RULE_NO_CHURN 30
/** A reserved member is not 0 (@c value holds it). */
#define CLV_RULE_RESERVED 31
/** An option that another option rules out (@c value the option, @c limit the other one's
 *  value): Bass maximum likelihood (method 1) with the density form (model 1). */
#define CLV_RULE_CONFLICT 32
/** Not above a bound it must exceed (@c limit): e.g. a Bass ML start's m must exceed the
 *  adopters seen. */
#define CLV_RULE_NOT_ABOVE 33
/** Every value of the array is 0 (e.g. no adopters in any period: nothing to fit). */
#define CLV_RULE_ALL_ZERO 34

/**
 * @brief A diagnostic record: which input, which rule, where. Fill the size with
 *        clv_diag_init(); read it, or turn it into text with clv_diag_format().
 */
typedef struct clv_diag {
    uint32_t struct_size; /**< sizeof(clv_diag), set by clv_diag_init(). */
    uint32_t reserved;    /**< 0. */
    int32_t status;       /**< The status the call returned; 0 when nothing was recorded. */
    int32_t field;        /**< Which input: a @c CLV_FIELD_ value. */
    int32_t rule;         /**< Which rule it broke: a @c CLV_RULE_ value. */
    uint32_t has_row;     /**< 1 when @c row is meaningful, else 0. */
    uint64_t row;         /**< 0-based index into the caller's array named by @c field: the
                               table row (x, t_x, T, monetary, weight), the transaction index
                               into customer, time and amount (the index itself, not the
                               position read through @c order), or the position in @c order. */
    double value;         /**< The offending value (a customer id as a double). */
    double limit;         /**< What it was checked against (T for t_x <= T, the last
                               purchase's time, a capacity ...), or 0. */
} clv_diag;

/**
 * @brief Prepare a diagnostic record: struct_size = sizeof(clv_diag), everything else 0
 *        (nothing recorded). O(1).
 * @param diag Out: the record.
 * @return #CLV_OK; #CLV_EINVAL for a null @p diag.
 */
CLV_API int clv_diag_init(clv_diag *diag);

/**
 * @brief Write a diagnostic record as one English sentence into a caller buffer, like
 *        snprintf().
 *
 * E.g. "row 10243: monetary is 0, must be > 0 where x > 0", "transaction 7: time 3 precedes
 * the same customer's previous transaction at 8 (sort the log by customer, then time, or read
 * it through clv_rfm_order())", "fit did not converge: gradient norm 0.0021 above the
 * convergence limit 1e-07 (raise max_iterations, loosen tolerance or give a start)". A record with
 * nothing in it gives "no diagnostic recorded"; an unknown field or rule gives the row (if any) and
 * the status's clv_strerror() text. Numbers are printed with up to 15 significant digits (17 when
 * needed to give the value back exactly), with the C library's decimal point of the current locale.
 * No allocation; O(size of the text).
 *
 * @param diag   The record (struct_size at least this layout's).
 * @param buffer Out: the text, always NUL-terminated when @p size > 0, cut short when it does
 *               not fit; may be null when @p size is 0.
 * @param size   Bytes available in @p buffer, including the NUL.
 * @param length Out (optional): the length of the whole text without the NUL, whether or not
 *               it fitted (a buffer of @p length + 1 bytes holds it).
 * @return #CLV_OK; #CLV_EINVAL for a null @p diag, a null @p buffer with @p size > 0;
 *         #CLV_ESTRUCT for a record whose struct_size is smaller than this layout or whose
 *         reserved member is not 0.
 */
CLV_API int clv_diag_format(const clv_diag *diag, char *buffer, size_t size, size_t *length);

/** @} */

/**
 * @defgroup clv_value Closed-form lifetime value
 * @brief Simple and retention-based CLV, acquisition cost, LTV:CAC and payback.
 *
 * Time is counted in the caller's period (month, quarter, year); margin is the contribution
 * (revenue less variable costs) per period in the caller's currency; the retention rate r is
 * the probability that a customer present in one period is still present in the next; the
 * discount rate d is per period (e.g. an annual 10% is d = 0.10 with yearly periods; see
 * clv_discount_rate_convert() for other period lengths).
 * @{
 */

/** Margin timing: the first margin arrives one period after acquisition and only if the
 *  customer is retained, as in Gupta & Lehmann (2003) (value m r/(1+d-r) when infinite). */
#define CLV_MARGIN_END 0
/** Margin timing: the first margin arrives at acquisition (time 0), the next ones at the
 *  start of every period the customer is retained into (value m (1+d)/(1+d-r) when infinite). */
#define CLV_MARGIN_START 1

/**
 * @brief Simple lifetime value: margin per purchase x purchases per period x lifetime.
 *
 * The rule of thumb used in retail ("margin times purchases over a life of 5-7 years"):
 * undiscounted, with no churn inside the lifetime. Source: the basic CLV of marketing-metrics
 * practice (Farris et al. 2010, "Marketing Metrics", ch. 5); see clv_retention_value() for the
 * discounted, retention-based form.
 *
 * @param margin_per_purchase  Contribution per purchase, currency; any finite value
 *                             (negative for a loss-making customer).
 * @param purchases_per_period Purchases per period, >= 0, finite.
 * @param lifetime_periods     Expected lifetime in periods, >= 0, finite.
 * @param value                Out: the lifetime value, currency.
 * @return #CLV_OK; #CLV_EINVAL for a null @p value; #CLV_EDOM for a non-finite input or a
 *         negative rate or lifetime; #CLV_ERANGE if the product overflows.
 */
CLV_API int clv_simple_value(double margin_per_purchase, double purchases_per_period,
                             double lifetime_periods, double *value);

/**
 * @brief Retention-based discounted CLV of one customer with a constant margin.
 *
 * With q = r/(1+d) and margin m per period:
 * - #CLV_MARGIN_END:   CLV = sum_{t=1..N} m q^t = m q (1-q^N)/(1-q); as N -> infinity,
 *   m r/(1+d-r) (Gupta & Lehmann 2003, eq. 2, without acquisition cost);
 * - #CLV_MARGIN_START: CLV = sum_{t=0..N-1} m q^t = m (1-q^N)/(1-q); as N -> infinity,
 *   m (1+d)/(1+d-r).
 *
 * N is the number of margins counted, so both timings count the same number of payments.
 * Computed as -expm1(N log q) so a horizon of thousands of periods loses no precision.
 *
 * @param margin    Margin per period, currency; any finite value.
 * @param retention Retention rate per period r, in [0, 1].
 * @param discount  Discount rate per period d, >= 0, finite.
 * @param horizon   Number of periods N: a whole number >= 0, or @c +INFINITY for no horizon.
 * @param timing    #CLV_MARGIN_END or #CLV_MARGIN_START.
 * @param value     Out: the discounted lifetime value, currency.
 * @return #CLV_OK; #CLV_EINVAL for a null @p value, an unknown @p timing or a non-integer
 *         finite @p horizon; #CLV_EDOM for NaN or infinite rates or margin, r outside [0, 1],
 *         d < 0 or a negative horizon; #CLV_EDIVERGE when the horizon is infinite with
 *         r = 1 and d = 0; #CLV_ERANGE if the value overflows.
 */
CLV_API int clv_retention_value(double margin, double retention, double discount, double horizon,
                                int timing, double *value);

/**
 * @brief The margin multiple: CLV per unit of margin, clv_retention_value() with m = 1.
 *
 * Gupta & Lehmann (2003) tabulate r/(1+d-r) for the infinite, end-of-period case
 * (r = 0.80, d = 0.10 gives 2.667): CLV = margin x multiple.
 *
 * @param retention Retention rate per period, in [0, 1].
 * @param discount  Discount rate per period, >= 0, finite.
 * @param horizon   Whole number of periods >= 0, or @c +INFINITY.
 * @param timing    #CLV_MARGIN_END or #CLV_MARGIN_START.
 * @param multiple  Out: the margin multiple (dimensionless).
 * @return As clv_retention_value().
 */
CLV_API int clv_margin_multiple(double retention, double discount, double horizon, int timing,
                                double *multiple);

/**
 * @brief Customer acquisition cost: acquisition spend / new customers (Farris et al. 2010,
 *        "Marketing Metrics", ch. 5: average acquisition cost).
 * @param acquisition_spend Marketing and sales spend on acquisition in the period, >= 0.
 * @param new_customers     Customers acquired with that spend, > 0.
 * @param cac               Out: cost per acquired customer, currency.
 * @return #CLV_OK; #CLV_EINVAL for a null @p cac; #CLV_EDOM for a non-finite or negative
 *         input or zero new customers.
 */
CLV_API int clv_cac(double acquisition_spend, double new_customers, double *cac);

/**
 * @brief The LTV:CAC ratio, lifetime value per unit of acquisition cost.
 *
 * A ratio below 1 means every customer acquired destroys value; subscription (SaaS) practice
 * aims at 3 or more. Source: the ratio of Gupta & Lehmann's (2003) customer value to its
 * acquisition cost.
 *
 * @param lifetime_value Lifetime value of a customer, currency; any finite value.
 * @param cac            Acquisition cost per customer, > 0, finite.
 * @param ratio          Out: lifetime_value / cac (dimensionless).
 * @return #CLV_OK; #CLV_EINVAL for a null @p ratio; #CLV_EDOM for a non-finite input or
 *         @p cac <= 0; #CLV_ERANGE if the ratio overflows.
 */
CLV_API int clv_ltv_cac_ratio(double lifetime_value, double cac, double *ratio);

/**
 * @brief Payback period: how many retained, discounted margins repay the CAC.
 *
 * Solves V(n) = cac for n, where V(n) is the expected discounted value of the first n
 * margins with the timing convention of clv_retention_value(), continued to real n through
 * its closed form. With q = r/(1+d):
 * - #CLV_MARGIN_END:   n = log(1 - cac (1-q)/(m q)) / log q; the n-th margin arrives at the
 *   end of period n, so n is also the payback time in periods;
 * - #CLV_MARGIN_START: n = log(1 - cac (1-q)/m) / log q; n then counts *margins*: the n-th
 *   arrives at the start of period n, n - 1 periods after acquisition;
 * - q = 1 (r = 1, d = 0): n = cac / m, the plain payback period of SaaS practice;
 * - r = 0: with #CLV_MARGIN_START only the first margin is ever received, and by convention
 *   n = cac / m if cac <= m (the share of that margin needed; the closed form degenerates
 *   here); with #CLV_MARGIN_END none is.
 * The smallest whole number of margins that repays the CAC is ceil(n). Source: the inversion
 * of the geometric sum of clv_retention_value(); with r = 1 and d = 0 the payback period of
 * SaaS practice.
 *
 * @param cac       Acquisition cost per customer, >= 0, finite, currency.
 * @param margin    Margin per period, > 0, finite, currency.
 * @param retention Retention rate per period r, in [0, 1].
 * @param discount  Discount rate per period d, >= 0, finite.
 * @param timing    #CLV_MARGIN_END or #CLV_MARGIN_START.
 * @param periods   Out: n (periods with #CLV_MARGIN_END, margins with #CLV_MARGIN_START);
 *                  0 when @p cac is 0; @c +INFINITY when the expected
 *                  discounted margins never add up to the CAC (cac >= the infinite-horizon CLV).
 * @return #CLV_OK; #CLV_EINVAL for a null @p periods or an unknown @p timing; #CLV_EDOM for
 *         a non-finite input, a negative cac, a margin <= 0, r outside [0, 1] or d < 0;
 *         #CLV_ERANGE when the CAC is repaid but after more periods than a double holds.
 */
CLV_API int clv_payback_periods(double cac, double margin, double retention, double discount,
                                int timing, double *periods);

/**
 * @brief Convert a discount rate between period lengths by compounding.
 *
 * (1 + d_to) = (1 + d_from)^(to_length / from_length), computed as
 * expm1(k log1p(d_from)) with k = to_length / from_length; e.g. an annual 10% is a monthly
 * 0.797% (from_length 12, to_length 1, in months). Source: compound interest (equivalent
 * rates).
 *
 * @param rate        Discount rate per period of @p from_length, > -1, finite.
 * @param from_length Length of the period @p rate is quoted for, > 0, finite, any time unit.
 * @param to_length   Length of the period wanted, > 0, finite, same unit.
 * @param converted   Out: the discount rate per period of @p to_length.
 * @return #CLV_OK; #CLV_EINVAL for a null @p converted; #CLV_EDOM for a non-finite input,
 *         @p rate <= -1 or a length <= 0; #CLV_ERANGE if the result overflows.
 */
CLV_API int clv_discount_rate_convert(double rate, double from_length, double to_length,
                                      double *converted);

/**
 * @brief The continuously compounded rate per time unit equivalent to a discount rate per
 *        period: delta = ln(1 + rate) / length.
 *
 * The library's discounting conventions (docs: conventions, "Discounting"): the DERT functions
 * (clv_pnbd_dert(), clv_bgnbd_dert(), clv_mbgnbd_dert()) take a continuous rate delta per
 * time unit, as Fader, Hardie & Lee (2005, "RFM and CLV") and CLVTools'
 * continuous.discount.factor do; clv_bgbb_dert() a discrete rate per opportunity (Fader,
 * Hardie & Shang 2010, eq. 14); clv_customer_value() a discrete rate per period of a given
 * length, each period's purchases discounted at its end (lifetimes' customer_lifetime_value).
 * This converts the latter to the former: 15% a year in weeks is
 * clv_discount_rate_to_continuous(0.15, 52, &delta), delta = ln(1.15)/52.
 *
 * @param rate   Discount rate per period, > -1, finite.
 * @param length Length of that period in the time unit wanted, > 0, finite.
 * @param delta  Out: the continuous rate per time unit.
 * @return #CLV_OK; #CLV_EINVAL for a null @p delta; #CLV_EDOM for a non-finite input,
 *         @p rate <= -1 or @p length <= 0; #CLV_ERANGE if the result is not finite.
 */
CLV_API int clv_discount_rate_to_continuous(double rate, double length, double *delta);

/**
 * @brief The discount rate per period of @p length equivalent to a continuous rate per time
 *        unit: rate = e^(delta length) - 1 (the inverse of clv_discount_rate_to_continuous()).
 * @param delta  Continuously compounded rate per time unit, finite.
 * @param length Length of the period, > 0, finite, in that time unit.
 * @param rate   Out: the discount rate per period.
 * @return #CLV_OK; #CLV_EINVAL for a null @p rate; #CLV_EDOM for a non-finite input or
 *         @p length <= 0; #CLV_ERANGE if the result overflows.
 */
CLV_API int clv_discount_rate_from_continuous(double delta, double length, double *rate);

/** @} */

/**
 * @defgroup clv_rfm Customer-base data: RFM summaries
 * @brief From a transaction log, or a till's stream of purchases, to the (x, t_x, T, spend)
 *        summary every "buy till you die" model reads.
 *
 * For each customer: x = the number of *repeat* purchases (purchases after the first),
 * t_x = the time of the last purchase counted from the first (0 when x = 0), T = the time from
 * the first purchase to the end of the calibration period, and the mean spend of the repeat
 * purchases (0 when x = 0), as in Fader, Hardie & Lee (2005) and the Gamma-Gamma note
 * (Fader & Hardie 2013). Times are in the caller's unit (days, weeks); the outputs are in the
 * same unit.
 *
 * When a period length is set, purchases whose times fall into the same period,
 * floor(time / period), count as one purchase with the summed amount, and every time is taken
 * at the start of its period (floor(time / period) x period) -- the "purchases on the same day
 * are one" rule of the BG/NBD literature and of lifetimes' summary_data_from_transaction_data.
 * The end of the calibration and holdout periods are floored to their period starts too.
 * @{
 */

/**
 * @brief Work-progress callback of a long call over many rows or periods (issue 21), e.g.
 *        clv_customer_value_rows() through clv_value_options::progress. See
 *        docs/conventions.md, "Cancellation", for which calls take one and how often.
 * @param user_data The options' user_data, passed through.
 * @param done      Units of work done so far (rows for a table), <= @p total.
 * @param total     Units of work of the whole call.
 * @return 0 to go on; any other value cancels the call (#CLV_ECANCELED).
 */
typedef int (*clv_work_fn)(void *user_data, uint64_t done, uint64_t total);

/** Options of clv_rfm_summary(); a size-versioned struct (see @ref conventions). Three
 *  layouts exist: the current one; the one before @c progress, whose struct_size is
 *  offsetof(clv_rfm_options, progress); and the one before @c diag, whose struct_size is
 *  offsetof(clv_rfm_options, diag). Any other struct_size below the current is #CLV_ESTRUCT. */
typedef struct clv_rfm_options {
    uint32_t struct_size;   /**< sizeof(clv_rfm_options), set by clv_rfm_options_init(). */
    uint32_t reserved;      /**< Must be 0. */
    double period;          /**< Period length for collapsing purchases, > 0, or 0 for none
                                 (default 0: every transaction is a purchase). */
    double calibration_end; /**< End of the calibration period: T is measured to it, and
                                 transactions after it are holdout (default +INFINITY: all
                                 transactions are calibration; then T is measured to the last
                                 transaction of the whole log). */
    double holdout_end;     /**< End of the holdout period, >= calibration_end; transactions
                                 after it are ignored (default +INFINITY). */
    clv_diag *diag;         /**< Optional diagnostic record (default null): on an error,
                                 the transaction (its index into the arrays, see clv_diag),
                                 field and rule -- e.g. an unsorted time with the previous
                                 transaction's time in @c limit. */
    clv_work_fn progress;   /**< Work-progress callback, or null (default). clv_rfm_summary()
                                 calls it with (transactions done, 3 n) every
                                 #CLV_RFM_UNITS_PER_PROGRESS transactions of its checking,
                                 bounding and counting passes (counting goes a customer at a
                                 time, so one customer's long history is not split); nonzero
                                 cancels with #CLV_ECANCELED, the table, n_customers and
                                 bad_index untouched and the diag record left clear. The
                                 final writing pass (a quarter of the work) is not
                                 interrupted, so a cancelled call never leaves half a table. */
    void *user_data;        /**< Passed to @c progress. */
} clv_rfm_options;

/** Transactions (clv_rfm_summary()) or comparisons (clv_rfm_order_progress()) between two
 *  calls of a transaction-log progress callback: a few ms of work at most. */
#define CLV_RFM_UNITS_PER_PROGRESS 65536

/**
 * @brief Fill a clv_rfm_options with its size and the defaults. O(1).
 * @param options Out: the options.
 * @return #CLV_OK; #CLV_EINVAL for a null @p options.
 */
CLV_API int clv_rfm_options_init(clv_rfm_options *options);

/**
 * @brief The caller-owned output table of clv_rfm_summary(): one row per customer.
 *
 * Every array has room for @c capacity rows; the optional ones may be null.
 */
typedef struct clv_rfm_table {
    size_t capacity;           /**< Rows each array can hold. */
    uint64_t *customer;        /**< Customer id of each row (optional). */
    double *x;                 /**< Repeat purchases in the calibration period. */
    double *t_x;               /**< Time of the last calibration purchase since the first. */
    double *T;                 /**< Time from the first purchase to calibration_end. */
    double *monetary;          /**< Mean amount of the repeat calibration purchases, 0 when
                                    x = 0 (optional). */
    double *x_holdout;         /**< Purchases in (calibration_end, holdout_end] (optional). */
    double *monetary_holdout;  /**< Mean amount of the holdout purchases, 0 if none
                                    (optional). */
} clv_rfm_table;

/**
 * @brief Summarise a transaction log into one RFM row per customer.
 *
 * The log is three parallel arrays. It must be sorted by customer id (ascending, so each
 * customer's transactions are contiguous) and by time within each customer -- the order of a
 * database's ORDER BY customer, time. A log that is not can be read through the permutation
 * from clv_rfm_order() (O(n log n), no allocation: the caller owns it). Read through a
 * permutation, transactions of equal customer and time (a tie) must come in rising index
 * order, as clv_rfm_order() and a log read forwards give them, or in falling index order, as
 * a log stored newest first and read backwards gives them: that is what lets the call prove
 * @p order a permutation without memory of its own. Ties are purchases in the order read:
 * without a period each is a purchase, and the first one read is the first purchase; amounts
 * may be negative (refunds) and are summed in the order read. Customers whose first
 * transaction is after calibration_end are not in the calibration period and get no row. Rows
 * come out in ascending customer order.
 *
 * Cost: O(n) time (four passes over the log, one of them the check) and O(1) memory, for
 * any order of the log and of its ties; nothing is allocated.
 *
 * @param customer  Customer id of each transaction.
 * @param time      Time of each transaction, finite, in the caller's unit.
 * @param amount    Amount of each transaction, finite (optional: null gives monetary 0).
 * @param n         Number of transactions, >= 1.
 * @param order     Optional permutation of 0..n-1 to read the log through (from
 *                  clv_rfm_order(); ties rising or falling, see above), or null to read it
 *                  as given.
 * @param options   Options, or null for the defaults.
 * @param table     Out: the rows; x, t_x and T are required.
 * @param n_customers Out: number of rows written.
 * @param bad_index Out (optional): on #CLV_EINVAL / #CLV_EDOM, the position in the log (after
 *                  @p order) of the first offending transaction. clv_rfm_options::diag says
 *                  more: the transaction's own index into the arrays, the field and rule, and
 *                  the value with what it was compared with.
 * @return #CLV_OK; #CLV_EINVAL for a null required pointer, n = 0, an out-of-range or
 *         repeated index in @p order, a tie whose indices in @p order neither rise nor fall
 *         (at the first position that breaks its direction; a repeat breaks it at or before
 *         the repeat), or a log that is not sorted by customer and time; #CLV_EDOM for a
 *         non-finite time or amount or invalid options (negative or
 *         non-finite period, holdout_end < calibration_end, NaN ends); #CLV_ESTRUCT for a bad
 *         options size; #CLV_ERANGE when a period start, a time difference or a sum of
 *         amounts overflows; #CLV_ENOMEM when the table has fewer rows than there are customers
 *         (then @p n_customers holds the number needed and nothing else is meaningful).
 */
CLV_API int clv_rfm_summary(const uint64_t *customer, const double *time, const double *amount,
                            size_t n, const size_t *order, const clv_rfm_options *options,
                            const clv_rfm_table *table, size_t *n_customers, size_t *bad_index);

/**
 * @brief A permutation that groups a transaction log by customer and sorts it by time.
 *
 * Sorts by (customer, time), stable for equal keys: the order is (customer, time, index), a
 * strict total order, so the permutation is the only one that sorts the log that way, and
 * clv_rfm_summary() accepts it. O(n log n) time in the worst case -- ties, sorted, reversed
 * and organ-pipe logs included -- and O(log n) stack besides the caller's @p order array, no
 * allocation (introsort of indices: quicksort that hands a range to heap sort after
 * 2 log2 n partitions). One sequential pass first finds a log already sorted by customer and
 * time (then the identity, O(n)) or grouped by ascending customer (then each customer's rows
 * are sorted by time on their own, O(n log m) for histories of m rows). Where workspace can
 * be spared, clv_rfm_order_workspace() gives the same permutation many times faster.
 *
 * @param customer Customer id of each transaction.
 * @param time     Time of each transaction, finite.
 * @param n        Number of transactions.
 * @param order    Out: a permutation of 0..n-1, @p n entries.
 * @return #CLV_OK; #CLV_EINVAL for a null pointer; #CLV_EDOM for a non-finite time.
 */
CLV_API int clv_rfm_order(const uint64_t *customer, const double *time, size_t n, size_t *order);

/**
 * @brief clv_rfm_order() that reports its progress and can be cancelled.
 *
 * The same permutation, statuses and cost as clv_rfm_order() (which is this function with a
 * null callback): O(n log n) time, O(log n) stack, no allocation. @p progress is called with
 * (comparisons done, an estimate n (log2 n + 2) of the total) every
 * #CLV_RFM_UNITS_PER_PROGRESS comparisons -- every move follows one -- with done below total,
 * and once with (total, total) at the end. The first pass over the log (is it already sorted
 * or grouped?) reports every #CLV_RFM_UNITS_PER_PROGRESS rows too; done never decreases, and
 * total may be revised once, after that pass, when the work of the sort is known.
 *
 * @param customer   Customer id of each transaction (n entries).
 * @param time       Finite time of each transaction (n entries).
 * @param n          Number of transactions.
 * @param order      Out: n entries, the permutation.
 * @param progress   Work-progress callback or null; nonzero cancels.
 * @param user_data  Passed to @p progress.
 * @return #CLV_OK; #CLV_EINVAL for a null pointer; #CLV_EDOM for a non-finite time (found
 *         in the first pass: @p progress may have been called for the rows read before its
 *         block; @p order untouched); #CLV_ECANCELED when the callback cancelled (the
 *         contents of @p order are then an unspecified permutation of 0..n-1 -- do not use it).
 */
CLV_API int clv_rfm_order_progress(const uint64_t *customer, const double *time, size_t n,
                                   size_t *order, clv_work_fn progress, void *user_data);

/**
 * @brief The workspace clv_rfm_order_workspace() needs to sort this log at its fastest.
 *
 * One sequential pass over the log (O(n), no allocation). 0 for a log that is already sorted
 * by customer and time, or grouped by ascending customer (clv_rfm_order() then takes O(n),
 * or O(n log m) for customers of m rows whose times are not sorted, without workspace);
 * n x sizeof(size_t) + 64 bytes when the customer range, the time keys and the index fit in
 * one 64-bit word together (e.g. 10^6 customers, whole days over decades, 10^7 rows);
 * n x 32 + 64 bytes when the time keys and the index fit in one word (pairs of it and the
 * customer: e.g. hashed 64-bit ids, or unix seconds); else n x 48 + 64 bytes (records of
 * customer, time and index, e.g. times with fractions; on a 64-bit machine). The 64 bytes
 * are room to align any buffer. A buffer of 48 n + 64 bytes is always enough.
 *
 * @param customer Customer id of each transaction (n entries).
 * @param time     Finite time of each transaction (n entries).
 * @param n        Number of transactions.
 * @param bytes    Out: the workspace size in bytes.
 * @return #CLV_OK; #CLV_EINVAL for a null pointer; #CLV_EDOM for a non-finite time;
 *         #CLV_ERANGE if the size does not fit in a size_t.
 */
CLV_API int clv_rfm_order_workspace_size(const uint64_t *customer, const double *time, size_t n,
                                         size_t *bytes);

/**
 * @brief clv_rfm_order_progress() in caller-provided workspace: a record sort (issue 20).
 *
 * The same permutation (customer, time, index order: ties in index order), statuses and
 * progress contract as clv_rfm_order_progress(), faster. With at least the
 * clv_rfm_order_workspace_size() bytes it sorts records that carry their keys by a
 * least-significant-digit radix sort (8-bit digits, a pass skipped when every key has the
 * same digit; 0.6 s of CPU for 10^7 shuffled rows of 10^6 customers in whole days where the
 * index sort takes 9-20 s) instead of moving indices and reading the keys through them.
 * O(n) time (at most 8 passes over packed words, 16 over pairs or records), O(1) stack
 * besides 32 KB of histograms, nothing allocated. A log already sorted, or grouped by ascending customer,
 * takes the O(n) path of clv_rfm_order() and no workspace. With less workspace than needed
 * (including none) the call falls back to clv_rfm_order_progress()'s introsort: the same
 * permutation, slower. The progress total is an estimate of the records moved (radix) or
 * of the comparisons (introsort).
 *
 * @param customer       Customer id of each transaction (n entries).
 * @param time           Finite time of each transaction (n entries).
 * @param n              Number of transactions.
 * @param order          Out: n entries, the permutation (also the sort's second buffer).
 * @param workspace      Caller-owned scratch memory, any alignment, or null with size 0;
 *                       its contents on return are unspecified.
 * @param workspace_size Bytes of @p workspace.
 * @param progress       Work-progress callback or null; nonzero cancels.
 * @param user_data      Passed to @p progress.
 * @return #CLV_OK; #CLV_EINVAL for a null pointer (a null @p workspace with a nonzero
 *         size); #CLV_EDOM for a non-finite time (as clv_rfm_order_progress());
 *         #CLV_ECANCELED when the callback cancelled (@p order is then unspecified).
 */
CLV_API int clv_rfm_order_workspace(const uint64_t *customer, const double *time, size_t n,
                                    size_t *order, void *workspace, size_t workspace_size,
                                    clv_work_fn progress, void *user_data);

/**
 * @brief One customer's running summary, for a till: updated purchase by purchase in O(1),
 *        so the transaction log never has to be kept.
 *
 * Fields are in the caller's time unit and currency. Treat it as opaque: read it through
 * clv_rfm_state_summary().
 */
typedef struct clv_rfm_state {
    double purchases;    /**< Purchases so far (after collapsing), 0 for a new state. */
    double first_time;   /**< Time (period start) of the first purchase. */
    double last_time;    /**< Time (period start) of the last purchase. */
    double first_amount; /**< Amount of the first purchase (its period's total). */
    double repeat_total; /**< Total amount of the repeat purchases. */
    double last_amount;  /**< Amount of the last purchase (its period's total). */
} clv_rfm_state;

/**
 * @brief Start an empty running summary (a customer with no purchase yet). O(1).
 * @param state Out: the empty state.
 * @return #CLV_OK; #CLV_EINVAL for a null @p state.
 */
CLV_API int clv_rfm_state_init(clv_rfm_state *state);

/**
 * @brief Add one purchase to a running summary.
 *
 * Purchases must arrive in time order. With @p period > 0, a purchase in the same period as
 * the last one adds its amount to that purchase instead of counting a new one (the same rule
 * as clv_rfm_summary() with the same period). Allocation-free, O(1).
 *
 * @param state  The running summary, updated in place.
 * @param time   Time of the purchase, finite, >= the last purchase's time (with a period:
 *               not in an earlier period).
 * @param amount Amount of the purchase, finite.
 * @param period Period length for collapsing, > 0, or 0 for none.
 * @return #CLV_OK; #CLV_EINVAL for a null @p state or a purchase earlier than the last one;
 *         #CLV_EDOM for a non-finite time or amount, a negative or non-finite period, or an
 *         invalid state; #CLV_ERANGE when the period start or a running total overflows. On
 *         error the state is unchanged.
 */
CLV_API int clv_rfm_update(clv_rfm_state *state, double time, double amount, double period);

/**
 * @brief clv_rfm_update() that also says what was wrong with a refused purchase.
 *
 * The same statuses and the same state as clv_rfm_update(); on an error @p diag (optional)
 * names the field and rule, e.g. #CLV_FIELD_TIME / #CLV_RULE_OUT_OF_ORDER with the purchase's
 * time in @c value and the customer's last purchase time (its period start) in @c limit:
 * "purchase at 12 precedes the customer's last purchase at 15.5". O(1); thread-safe for
 * distinct states.
 *
 * @param state  The customer's running summary, updated in place on success.
 * @param time   Time of the purchase (see clv_rfm_update()).
 * @param amount Amount of the purchase, finite.
 * @param period Period length for collapsing, > 0, or 0 for none.
 * @param diag   Out (optional): cleared, then filled on an error (see @ref clv_diag).
 * @return As clv_rfm_update().
 */
CLV_API int clv_rfm_update_diag(clv_rfm_state *state, double time, double amount, double period,
                                clv_diag *diag);

/**
 * @brief Read a running summary as of a given time: the customer's (x, t_x, T, monetary).
 *
 * Equal to clv_rfm_summary() with calibration_end = @p now on the same purchases and period.
 * O(1) time and memory.
 *
 * @param state    A running summary with at least one purchase.
 * @param now      The time T is measured to, >= the last purchase's time (with a period: the
 *                 start of its period, as in clv_rfm_summary()).
 * @param period   The period length used in the updates (0 for none).
 * @param x        Out: repeat purchases.
 * @param t_x      Out: time of the last purchase since the first.
 * @param T        Out: time from the first purchase to @p now.
 * @param monetary Out (optional): mean amount of the repeat purchases, 0 when x = 0.
 * @return #CLV_OK; #CLV_EINVAL for a null required pointer or a state with no purchase;
 *         #CLV_EDOM for a non-finite or too early @p now, a bad period, or an invalid state;
 *         #CLV_ERANGE when the period start of @p now, t_x, T or the mean amount overflows.
 */
CLV_API int clv_rfm_state_summary(const clv_rfm_state *state, double now, double period,
                                  double *x, double *t_x, double *T, double *monetary);

/**
 * @brief A customer table as the models read it: parallel arrays, one row per customer or per
 *        group of identical customers.
 *
 * Weights compress identical rows (a database's GROUP BY x, t_x, T): a row of weight w counts
 * as w customers, and every likelihood, gradient and fit gives the same result as the
 * uncompressed table. For BG/BB (discrete time), T holds n, the number of opportunities.
 */
typedef struct clv_rfm_view {
    size_t count;           /**< Number of rows. */
    const double *x;        /**< Repeat purchases, whole numbers >= 0. */
    const double *t_x;      /**< Recency, 0 <= t_x <= T (0 when x = 0). */
    const double *T;        /**< Length of observation, >= 0. */
    const double *monetary; /**< Mean repeat spend, > 0 where x > 0 (only the spend model
                                 reads it; null otherwise). */
    const double *weight;   /**< Row weights, finite and >= 0, or null for 1 each. */
} clv_rfm_view;

/**
 * @brief Validate a customer table: find the first row a model would reject.
 *
 * A row is valid when x is a whole number >= 0, T is finite and >= 0, t_x is finite with
 * 0 <= t_x <= T, t_x = 0 when x = 0, the weight (if any) is finite and >= 0, and the
 * monetary value (if any, and if @p need_monetary) is finite and > 0 where x > 0.
 * O(count) time (one pass, stopping at the first invalid row), O(1) memory.
 *
 * @param data          The table.
 * @param need_monetary 1 to check the monetary column too (it must then be present), 0 not.
 * @param bad_index     Out (optional): the first invalid row, when the status is an error.
 * @return #CLV_OK; #CLV_EINVAL for a null @p data, a null required column, count = 0 or
 *         @p need_monetary other than 0 and 1; #CLV_EDOM for an invalid row (its index in
 *         @p bad_index).
 */
CLV_API int clv_rfm_check(const clv_rfm_view *data, int need_monetary, size_t *bad_index);

/**
 * @brief clv_rfm_check() that says which rule the first invalid row breaks.
 *
 * The same rules, statuses and cost as clv_rfm_check(). On an error @p diag names the row
 * (@c has_row 1), the field and the rule, with the offending value and what it was checked
 * against; the rules of a row are tried in this order: x (#CLV_RULE_NOT_FINITE,
 * #CLV_RULE_NEGATIVE, #CLV_RULE_NOT_WHOLE), T (not finite, negative), t_x (not finite,
 * negative, #CLV_RULE_RECENCY_ABOVE_T with T in @c limit, #CLV_RULE_RECENCY_WITHOUT_REPEAT),
 * weight (not finite, negative), monetary (not finite, #CLV_RULE_NOT_POSITIVE where x > 0).
 * An #CLV_EINVAL names the missing column (#CLV_RULE_MISSING), the empty table
 * (#CLV_RULE_EMPTY) or the bad flag (#CLV_RULE_BAD_FLAG).
 *
 * @param data          The table.
 * @param need_monetary 1 to check the monetary column too, 0 not.
 * @param diag          Out (optional): cleared, then filled on an error.
 * @return As clv_rfm_check().
 */
CLV_API int clv_rfm_check_diag(const clv_rfm_view *data, int need_monetary, clv_diag *diag);

/** @} */

/**
 * @defgroup clv_fit Fitting: options, report and the reverse-communication optimizer
 * @brief Maximum-likelihood fits of the customer-base models, in one call or driven from
 *        outside over data that never sits in one process.
 *
 * Every model is fitted by maximising its log-likelihood over the parameters, all of which are
 * positive: the optimizer works on their logarithms (BFGS, Nocedal & Wright 2006, Algorithm
 * 6.1, with a backtracking Armijo line search), using the model's analytic gradient. At the
 * optimum, the observed information (minus the Hessian of the log-likelihood, from central
 * differences of the analytic gradient) gives the covariance and standard errors. The
 * one-call fits of the models whose Hessian the library computes analytically (BG/NBD,
 * Pareto/NBD, MBG/NBD, BG/BB, Gamma-Gamma) take Newton steps with it instead (shifted towards
 * gradient
 * steps where it is not negative definite) and invert it at the optimum: fewer evaluations,
 * the same maximum.
 *
 * The log-likelihood of a customer base is a sum over customers, so it and its gradient can be
 * computed chunk by chunk, anywhere, and added. clv_fit_start(), clv_fit_next(),
 * clv_fit_tell() and clv_fit_result() run the optimizer by *reverse communication*: it asks
 * for the log-likelihood and gradient at a point, the caller computes them over its chunks
 * (in other processes, a database, a cluster) with the model's @c _loglik function, adds them
 * and tells the optimizer, until it says it is done. The one-call fits (clv_bgnbd_fit(), ...)
 * are this same loop over data in memory (or its Newton variant), so both give the same
 * parameters, to the optimizer's tolerance.
 * @{
 */

/** Largest number of parameters of any model (the size of the parameter arrays below). */
#define CLV_MAX_PARAMS 8

/** Model tag of BG/NBD (Fader, Hardie & Lee 2005): parameters r, alpha, a, b. */
#define CLV_MODEL_BGNBD 1
/** Model tag of Pareto/NBD (Schmittlein, Morrison & Colombo 1987): r, alpha, s, beta. */
#define CLV_MODEL_PNBD 2
/** Model tag of MBG/NBD (Batislam, Denizel & Filiztekin 2007): r, alpha, a, b. */
#define CLV_MODEL_MBGNBD 3
/** Model tag of BG/BB (Fader, Hardie & Shang 2010): alpha, beta, gamma, delta. */
#define CLV_MODEL_BGBB 4
/** Model tag of the Gamma-Gamma spend model (Fader & Hardie 2013): p, q, gamma. */
#define CLV_MODEL_GG 5

/**
 * @brief Allocator hook: @p size bytes aligned for any double, or null when out of memory
 *        (the fit then goes on without the memory, it does not fail).
 * @param ctx  The options' alloc_ctx.
 * @param size Bytes wanted, > 0.
 * @return The memory, or null.
 */
typedef void *(*clv_alloc_fn)(void *ctx, size_t size);

/**
 * @brief Release hook matching #clv_alloc_fn.
 * @param ctx The options' alloc_ctx.
 * @param ptr Memory returned by the allocator (never null).
 */
typedef void (*clv_free_fn)(void *ctx, void *ptr);

/**
 * @brief Progress callback of a fit, called once per accepted iteration and, within long
 *        evaluations over big tables or long series, whenever a few milliseconds of work
 *        (about 16,384 table rows) have been done since its last call (issue 21; see
 *        docs/conventions.md, "Cancellation").
 * @param user_data The options' user_data, passed through.
 * @param iteration Iterations completed (0 before the first; a call within an evaluation
 *                  repeats the count of the last).
 * @param loglik    Log-likelihood (penalised, if a penalty is set) at the current point,
 *                  the best so far; NaN before the starting point has been evaluated.
 * @param params    The current parameters, in the model's order.
 * @param n_params  Number of parameters.
 * @return 0 to go on; any other value cancels the fit (#CLV_ECANCELED).
 */
typedef int (*clv_progress_fn)(void *user_data, uint32_t iteration, double loglik,
                               const double *params, uint32_t n_params);


/** Options of every fit; a size-versioned struct (see @ref conventions). Three layouts exist:
 *  the current one; the one before @c diag, whose struct_size is
 *  offsetof(clv_fit_options, diag); and the one before the allocator hooks, whose struct_size
 *  is offsetof(clv_fit_options, alloc) (it has no hooks). Any other struct_size below
 *  sizeof(clv_fit_options) is #CLV_ESTRUCT. */
typedef struct clv_fit_options {
    uint32_t struct_size;    /**< sizeof(clv_fit_options), set by clv_fit_options_init(). */
    uint32_t reserved;       /**< Must be 0. */
    uint32_t max_iterations; /**< Iteration cap, >= 1 (default 200). */
    uint32_t use_start;      /**< 1: start from @c start; 0: the model's default start. */
    double tolerance;        /**< Convergence when max_i |theta_i dLL/dtheta_i| <=
                                  tolerance x max(1, |LL|): the gradient in log-parameters,
                                  relative to the log-likelihood. > 0 (default 1e-10; a
                                  final Newton step then refines the estimate further). */
    double penalty;          /**< L2 penalty lambda >= 0 (default 0): the fit maximises
                                  LL - lambda sum_i theta_i^2 (lifetimes' penalizer_coef times
                                  the total weight). */
    double start[CLV_MAX_PARAMS]; /**< Starting point in the model's parameter order, each
                                       finite and > 0, when use_start is 1. */
    clv_progress_fn progress;     /**< Progress callback, or null. */
    void *user_data;              /**< Passed to @c progress. */
    clv_alloc_fn alloc;   /**< Optional allocator (with @c dealloc) for the fit's working
                               memory: with it a fit of a table with many repeated rows (e.g.
                               CDNOW replicated, or customers sharing x, t_x, T in whole
                               periods) first merges identical rows into weights -- the same
                               likelihood, far fewer evaluations -- and frees the copy before
                               returning. Null (default): the fit allocates nothing and
                               evaluates the rows as given. */
    clv_free_fn dealloc;  /**< Releases what @c alloc returned; set with @c alloc. */
    void *alloc_ctx;      /**< Passed to @c alloc and @c dealloc. */
    clv_diag *diag;       /**< Optional diagnostic record (default null), cleared by the fit
                               and filled when it fails: the first invalid row of the data
                               (as clv_rfm_check_diag()), why the data cannot identify the
                               model (#CLV_EIDENT: #CLV_RULE_NO_INFORMATION,
                               #CLV_RULE_NO_REPEAT_BUYER, #CLV_RULE_RUNS_OFF), or how far a fit that did not
                               converge got (#CLV_ENOCONV: #CLV_RULE_NOT_CONVERGED). The
                               reverse-communication fit keeps the pointer from
                               clv_fit_start() and fills it in clv_fit_result(). */
} clv_fit_options;

/**
 * @brief Fill a clv_fit_options with its size and the defaults.
 * @param options Out: the options.
 * @return #CLV_OK; #CLV_EINVAL for a null @p options.
 */
CLV_API int clv_fit_options_init(clv_fit_options *options);

/** What a fit did, and the uncertainty of its estimates. */
typedef struct clv_fit_report {
    double loglik;        /**< Log-likelihood at the estimate (without the penalty). */
    double gradient_norm; /**< max_i |theta_i dLL/dtheta_i| at the estimate (with penalty). */
    double std_error[CLV_MAX_PARAMS];  /**< Standard errors in the model's parameter order
                                            (n_params used; +INFINITY when the information
                                            matrix is not positive definite). */
    double covariance[CLV_MAX_PARAMS * CLV_MAX_PARAMS]; /**< Covariance, row-major
                                            n_params x n_params (zeros when not available). */
    uint32_t n_params;      /**< Number of parameters of the model. */
    uint32_t iterations;    /**< Iterations done. */
    uint32_t evaluations;   /**< Log-likelihood evaluations (including the Hessian's). */
    uint32_t converged;     /**< 1 if the convergence test was met, else 0. */
    uint32_t covariance_ok; /**< 1 if the information matrix was positive definite. */
    uint32_t reserved;      /**< 0. */
} clv_fit_report;

/** Opaque state of a reverse-communication fit: declare one (no allocation), pass its address. */
typedef struct clv_fit_state {
    uint64_t opaque[640]; /**< Internal; do not touch. */
} clv_fit_state;

/** clv_fit_next() request: evaluate the log-likelihood and gradient at the given point. */
#define CLV_FIT_EVALUATE 1
/** clv_fit_next() request: the fit is finished; read it with clv_fit_result(). */
#define CLV_FIT_DONE 0

/**
 * @brief Start a reverse-communication fit of a model.
 * @param state    Out: the fit's state (caller-owned, e.g. on the stack).
 * @param model    #CLV_MODEL_BGNBD, #CLV_MODEL_PNBD, #CLV_MODEL_MBGNBD, #CLV_MODEL_BGBB,
 *                 #CLV_MODEL_GG, or #CLV_MODEL_SBG (churn.h).
 * @param options  Options, or null for the defaults.
 * @param n_params Out (optional): the number of parameters of the model.
 * @return #CLV_OK; #CLV_EINVAL for a null @p state or an unknown model; #CLV_ESTRUCT for a
 *         bad options size; #CLV_EDOM for invalid options (tolerance <= 0 or not finite,
 *         negative penalty, max_iterations 0, a start that is not finite and > 0).
 */
CLV_API int clv_fit_start(clv_fit_state *state, int model, const clv_fit_options *options,
                          uint32_t *n_params);

/**
 * @brief Ask the optimizer what to do next.
 *
 * On #CLV_FIT_EVALUATE, @p params holds the point (in the model's parameter order): compute
 * the model's log-likelihood and gradient there, summed over all the data, and pass them to
 * clv_fit_tell(). On #CLV_FIT_DONE, call clv_fit_result(). Asking again before
 * clv_fit_tell() hands out the same point, so a driver whose evaluation failed can retry.
 *
 * @param state   A started fit.
 * @param params  Out: the point to evaluate (CLV_MAX_PARAMS doubles of room).
 * @param request Out: #CLV_FIT_EVALUATE or #CLV_FIT_DONE.
 * @return #CLV_OK; #CLV_EINVAL for a null pointer or a state that was not started;
 *         #CLV_ECANCELED if the progress callback cancelled.
 */
CLV_API int clv_fit_next(clv_fit_state *state, double *params, int *request);

/**
 * @brief Give the optimizer the log-likelihood and gradient at the point it asked for.
 *
 * A log-likelihood that is not finite (the model cannot be evaluated there) is allowed: the
 * optimizer steps back. Pass -INFINITY (and any gradient) for such a point.
 *
 * @param state    The fit.
 * @param loglik   Total log-likelihood at the point (sum over chunks).
 * @param gradient Total gradient with respect to the parameters (model order, n_params).
 * @return #CLV_OK; #CLV_EINVAL for a null pointer or a call out of turn; #CLV_EDOM for NaN
 *         values, or a non-finite log-likelihood at the starting point.
 */
CLV_API int clv_fit_tell(clv_fit_state *state, double loglik, const double *gradient);

/**
 * @brief The result of a finished fit.
 * @param state  A fit whose clv_fit_next() returned #CLV_FIT_DONE.
 * @param params Out: the estimate, n_params doubles in the model's order.
 * @param report Out (optional): the fit report.
 * @return #CLV_OK when the fit converged; #CLV_ENOCONV when it stopped without converging
 *         and #CLV_ECANCELED when the progress callback cancelled it (in both cases the
 *         outputs hold the best point found, honestly reported); #CLV_EIDENT when the
 *         log-likelihood, its gradient (and Hessian) told at the starting point were all
 *         exactly 0 -- the data carry no information, e.g. every weight is 0 -- and then
 *         nothing is written (clv_fit_next() said #CLV_FIT_DONE right after that point);
 *         #CLV_EIDENT also when the fit ended (converged or at its iteration cap) at a
 *         point that ran off to the edge of the parameter space (see #CLV_EIDENT), again
 *         with nothing written;
 *         #CLV_EINVAL for a null pointer or a fit that is not done.
 */
CLV_API int clv_fit_result(const clv_fit_state *state, double *params, clv_fit_report *report);

/** @} */

/**
 * @defgroup clv_bgnbd BG/NBD model
 * @brief Beta-geometric/negative binomial model of repeat buying (Fader, Hardie & Lee 2005,
 *        "Counting your customers the easy way", Marketing Science 24(2) 275-284).
 *
 * While alive, a customer buys as a Poisson process with rate lambda ~ Gamma(r, alpha); after
 * each purchase they drop out with probability p ~ Beta(a, b). Time is continuous, in the
 * caller's unit (alpha is in that unit). Data per customer: x repeat purchases, the time t_x
 * of the last, and the observation length T (see clv_rfm_view).
 *
 * Every function validates its parameters (finite, > 0) and customer rows (x a whole number
 * >= 0, 0 <= t_x <= T finite, t_x = 0 when x = 0); invalid input is #CLV_EDOM (or
 * #CLV_EINVAL for null pointers and empty data), never a NaN result.
 * @{
 */

/** BG/NBD parameters, in the paper's notation and order. */
typedef struct clv_bgnbd_params {
    double r;     /**< Shape of the Gamma purchase-rate distribution, > 0. */
    double alpha; /**< Scale of the Gamma purchase-rate distribution, > 0, time unit. */
    double a;     /**< First shape of the Beta dropout distribution, > 0. */
    double b;     /**< Second shape of the Beta dropout distribution, > 0. */
} clv_bgnbd_params;

/**
 * @brief Log-likelihood of a customer table, and its gradient (FHL 2005, eq. 6).
 *
 * The sum over rows of weight x log L(r, alpha, a, b | x, t_x, T). It is a sum, so the value
 * and gradient of a table split into chunks are the sums of the chunks' values: a
 * distributed fit evaluates each chunk where it lives and adds (see @ref clv_fit).
 *
 * @param params   The parameters.
 * @param data     The customer table (x, t_x, T, optional weight).
 * @param loglik   Out: the log-likelihood.
 * @param gradient Out (optional, null to skip): d loglik / d(r, alpha, a, b), 4 doubles.
 * @return #CLV_OK; #CLV_EINVAL for a null pointer or an empty table; #CLV_EDOM for invalid
 *         parameters or rows (clv_rfm_check() finds the row); #CLV_ERANGE if the value or
 *         gradient overflows (parameters far outside any real customer base).
 */
CLV_API int clv_bgnbd_loglik(const clv_bgnbd_params *params, const clv_rfm_view *data,
                             double *loglik, double *gradient);

/**
 * @brief Maximum-likelihood fit of BG/NBD to a customer table.
 * @param data    The customer table.
 * @param options Fit options, or null for the defaults (start r = alpha = a = b = 1).
 * @param params  Out: the estimate (also written on #CLV_ENOCONV and #CLV_ECANCELED).
 * @param report  Out (optional): log-likelihood, iterations, convergence, standard errors.
 * @return #CLV_OK; #CLV_EINVAL / #CLV_EDOM as clv_bgnbd_loglik() and clv_fit_start();
 *         #CLV_ERANGE if the log-likelihood at the start overflows (weights too large);
 *         #CLV_EIDENT if the data carry no information (every weight 0, or every T = 0)
 *         or the estimate runs off to a boundary (see #CLV_EIDENT), with @p params and
 *         @p report untouched; #CLV_ENOCONV if it did not converge;
 *         #CLV_ECANCELED if the progress callback cancelled.
 */
CLV_API int clv_bgnbd_fit(const clv_rfm_view *data, const clv_fit_options *options,
                          clv_bgnbd_params *params, clv_fit_report *report);

/**
 * @brief Probability that a customer with history (x, t_x, T) is still alive at T.
 *
 * P(alive) = 1 / (1 + [x > 0] a/(b+x-1) ((alpha+T)/(alpha+t_x))^(r+x))
 * (Fader, Hardie & Lee 2005, "Computing P(alive) using the BG/NBD model", note 021).
 *
 * @param params The parameters.
 * @param x      Repeat purchases (whole number >= 0).
 * @param t_x    Time of the last purchase (0 when x = 0).
 * @param T      Observation length, >= t_x.
 * @param p      Out: the probability, in [0, 1].
 * @return #CLV_OK; #CLV_EINVAL for a null @p params or @p p; #CLV_EDOM for invalid
 *         parameters or history.
 */
CLV_API int clv_bgnbd_p_alive(const clv_bgnbd_params *params, double x, double t_x, double T,
                              double *p);

/**
 * @brief Expected purchases in (T, T + t] of a customer with history (x, t_x, T)
 *        (FHL 2005, eq. 10).
 *
 * E[X(t) | x, t_x, T] = (a+b+x-1)/(a-1) [1 - ((alpha+T)/(alpha+T+t))^(r+x)
 * 2F1(r+x, b+x; a+b+x-1; t/(alpha+T+t))] P(alive). Evaluated through Euler's transformation
 * of the 2F1 (Abramowitz & Stegun 15.3.3) where that series is well conditioned and short
 * (the parameters real data gives), else as the mean over the dropout probability
 * p ~ Beta(a, b+x) of (1 - (1 + p t/(alpha+T))^-(r+x))/p by a bounded adaptive quadrature
 * (docs: customer-base): within 1e-9 of 40-digit values over r, alpha, a, b in 1e-3..1e3,
 * x to 1e5, t_x, T, t in 1e-2..1e6 (tests/test_grid_bgnbd.c).
 *
 * @param params The parameters.
 * @param x      Repeat purchases (whole number >= 0).
 * @param t_x    Time of the last purchase.
 * @param T      Observation length.
 * @param t      Horizon, >= 0, finite, in the time unit.
 * @param expected Out: the expected number of purchases, >= 0.
 * @return #CLV_OK; #CLV_EINVAL for a null pointer; #CLV_EDOM for invalid input;
 *         #CLV_ERANGE if the value overflows, or where the quadrature is needed and the
 *         dropout law Beta(a, b+x) is too concentrated for its density to keep 1e-9 in
 *         doubles (a |ln m| + (b+x) |ln(1-m)| > 1e6, m = a/(a+b+x): e.g. a = 1e30,
 *         b = 1e150); #CLV_ENOCONV if the quadrature misses its tolerance within its work
 *         limit (seen only for parameters no fit returns, such as a = 1e300 with
 *         b = 5e-324), never a partial value.
 */
CLV_API int clv_bgnbd_expected_purchases(const clv_bgnbd_params *params, double x, double t_x,
                                         double T, double t, double *expected);

/**
 * @brief Expected purchases in (0, t] of a new customer, E[X(t)] (FHL 2005, eq. 7).
 * @param params   The parameters.
 * @param t        Horizon, >= 0, finite.
 * @param expected Out: the expected number of purchases, >= 0.
 * @return As clv_bgnbd_expected_purchases().
 */
CLV_API int clv_bgnbd_expected_purchases_new(const clv_bgnbd_params *params, double t,
                                             double *expected);

/**
 * @brief Probability that a new customer makes exactly n purchases in (0, t]
 *        (FHL 2005, eq. 8).
 * @param params The parameters.
 * @param t      Horizon, >= 0, finite.
 * @param n      Number of purchases, a whole number >= 0.
 * @param p      Out: the probability, in [0, 1].
 * @return #CLV_OK; #CLV_EINVAL for a null pointer; #CLV_EDOM for invalid input;
 *         #CLV_ERANGE if it cannot be evaluated in doubles (parameters near DBL_MAX).
 */
CLV_API int clv_bgnbd_prob_purchases(const clv_bgnbd_params *params, double t, double n,
                                     double *p);

/**
 * @brief Discounted expected residual transactions of a customer with history (x, t_x, T),
 *        at a continuous discount rate (the convention of clv_pnbd_dert()).
 *
 * DERT = int_0^inf e^(-delta tau) dE[X(tau) | x, t_x, T] = P(alive) E[h(p)], the mean over the
 * dropout probability p ~ Beta(a, b+x) of a live customer of
 * h(p) = (r+x)/p U(1, 1-r-x, delta (alpha+T)/p), the Laplace transform of the purchase rate
 * of a customer with dropout probability p (FHL 2005's derivation of eq. 10 with the
 * discounting of FHL 2005 "RFM and CLV" eq. 2; U Tricomi's function, DLMF 13.4.4), evaluated
 * by quadrature over p (docs: customer-base). CLV = margin x expected spend x DERT; for a 15%
 * annual rate in weeks, delta = ln(1.15)/52. Work: a bounded adaptive quadrature, tens of
 * microseconds.
 *
 * @param params The parameters.
 * @param x      Repeat purchases (whole number >= 0).
 * @param t_x    Time of the last purchase.
 * @param T      Observation length.
 * @param delta  Continuously compounded discount rate per time unit, > 0, finite.
 * @param dert   Out: the discounted expected residual transactions, >= 0.
 * @return #CLV_OK; #CLV_EINVAL for a null pointer; #CLV_EDOM for invalid input; #CLV_ERANGE
 *         if the value overflows, for r + x above 1e6 (beyond any fit; the quadrature
 *         does not reach 1e-9 there), or where the dropout law is too concentrated for
 *         doubles (as clv_bgnbd_expected_purchases()); #CLV_ENOCONV if the quadrature misses its
 *         tolerance within its work limit (not seen over the tested range, parameters
 *         1e-3..1e3).
 */
CLV_API int clv_bgnbd_dert(const clv_bgnbd_params *params, double x, double t_x, double T,
                           double delta, double *dert);

/**
 * @brief Probability that a customer with history (x, t_x, T) makes exactly n purchases in
 *        (T, T + t].
 *
 * P(alive) P8(n) + [n = 0] (1 - P(alive)), where P8 is clv_bgnbd_prob_purchases()'s eq. 8 of
 * FHL 2005 at the posterior parameters of a customer alive at T: r + x, alpha + T, a, b + x
 * (the derivation of eq. 10). n = 0 gives the probability of no purchase in the next t, the
 * flag a CRM's churn-risk list is made of. Sums to 1 over n, and its mean is
 * clv_bgnbd_expected_purchases(). The negative binomial tail is the regularised incomplete
 * beta function: work O(sqrt(max(n, r + x))), bounded.
 *
 * @param params The parameters.
 * @param x      Repeat purchases (whole number >= 0).
 * @param t_x    Time of the last purchase.
 * @param T      Observation length.
 * @param t      Horizon, >= 0, finite.
 * @param n      Number of purchases, a whole number >= 0.
 * @param p      Out: the probability, in [0, 1].
 * @return #CLV_OK; #CLV_EINVAL for a null pointer; #CLV_EDOM for invalid input; #CLV_ERANGE
 *         if it cannot be evaluated in doubles.
 */
CLV_API int clv_bgnbd_prob_purchases_cond(const clv_bgnbd_params *params, double x, double t_x,
                                          double T, double t, double n, double *p);

/**
 * @brief P(alive) for every row of a customer table (see clv_bgnbd_p_alive()).
 *
 * Validates the parameters and every row before writing any output.
 *
 * @param params The parameters.
 * @param data   The customer table (weights are ignored).
 * @param p      Out: data->count probabilities.
 * @return #CLV_OK; #CLV_EINVAL for a null pointer or an empty table; #CLV_EDOM for invalid
 *         parameters or rows (clv_rfm_check() finds the row).
 */
CLV_API int clv_bgnbd_p_alive_array(const clv_bgnbd_params *params, const clv_rfm_view *data,
                                    double *p);

/**
 * @brief Expected purchases in the next @p t for every row of a customer table (see
 *        clv_bgnbd_expected_purchases()).
 * @param params   The parameters.
 * @param data     The customer table (weights are ignored).
 * @param t        Horizon, >= 0, finite.
 * @param expected Out: data->count expected numbers of purchases.
 * @return As clv_bgnbd_p_alive_array(), and #CLV_EDOM for an invalid @p t; #CLV_ERANGE if
 *         an expectation overflows (#CLV_ENOCONV as clv_bgnbd_expected_purchases()), with the
 *         rows before it written and the rest untouched.
 */
CLV_API int clv_bgnbd_expected_purchases_array(const clv_bgnbd_params *params,
                                               const clv_rfm_view *data, double t,
                                               double *expected);

/** @} */

/**
 * @defgroup clv_pnbd Pareto/NBD model
 * @brief Pareto/NBD model of repeat buying (Schmittlein, Morrison & Colombo 1987, "Counting
 *        your customers: who are they and what will they do next?", Management Science 33(1)
 *        1-24), in the formulation of Fader & Hardie (2005, note 008) and Fader, Hardie & Lee
 *        (2005, "RFM and CLV: using iso-value curves for customer base analysis", Journal of
 *        Marketing Research 42(4) 415-430).
 *
 * While alive, a customer buys as a Poisson process with rate lambda ~ Gamma(r, alpha); the
 * lifetime is exponential with rate mu ~ Gamma(s, beta), so a customer may leave at any
 * moment, not only right after a purchase as in BG/NBD. Time is continuous, in the caller's
 * unit (alpha and beta are in that unit). Data as for BG/NBD: x repeat purchases, the time t_x
 * of the last, the observation length T.
 *
 * The likelihood's integral over the unobserved death time is summed as one series of
 * positive terms (the two Gauss 2F1 values of note 008, eq. 19, added termwise, so nothing
 * cancels when t_x is close to T), and integrated by adaptive Gauss-Kronrod quadrature where
 * that series would converge slowly (|alpha - beta| close to max(alpha, beta) + t_x, or very
 * large x with alpha < beta). Validation as for BG/NBD (see @ref clv_bgnbd); a value that
 * cannot be evaluated to 1e-9 relative in doubles is #CLV_ERANGE, never a NaN.
 * @{
 */

/** Pareto/NBD parameters, in the paper's notation and order. */
typedef struct clv_pnbd_params {
    double r;     /**< Shape of the Gamma purchase-rate distribution, > 0. */
    double alpha; /**< Scale of the Gamma purchase-rate distribution, > 0, time unit. */
    double s;     /**< Shape of the Gamma dropout-rate distribution, > 0. */
    double beta;  /**< Scale of the Gamma dropout-rate distribution, > 0, time unit. */
} clv_pnbd_params;

/**
 * @brief Log-likelihood of a customer table, and its gradient (Fader & Hardie 2005, note 008,
 *        eq. 19).
 *
 * The sum over rows of weight x log L(r, alpha, s, beta | x, t_x, T), with
 * L = Gamma(r+x) alpha^r beta^s / Gamma(r) [(alpha+T)^-(r+x) (beta+T)^-s
 * + s int_{t_x}^T (alpha+u)^-(r+x) (beta+u)^-(s+1) du]. A sum over rows, so chunks evaluated
 * apart add up (see @ref clv_fit).
 *
 * @param params   The parameters.
 * @param data     The customer table (x, t_x, T, optional weight).
 * @param loglik   Out: the log-likelihood.
 * @param gradient Out (optional, null to skip): d loglik / d(r, alpha, s, beta), 4 doubles.
 * @return #CLV_OK; #CLV_EINVAL for a null pointer or an empty table; #CLV_EDOM for invalid
 *         parameters or rows; #CLV_ERANGE if the value or gradient cannot be evaluated in
 *         doubles (parameters far outside any real customer base).
 */
CLV_API int clv_pnbd_loglik(const clv_pnbd_params *params, const clv_rfm_view *data,
                            double *loglik, double *gradient);

/**
 * @brief Maximum-likelihood fit of Pareto/NBD to a customer table.
 * @param data    The customer table.
 * @param options Fit options, or null for the defaults (start r = alpha = s = beta = 1;
 *                without a start of the caller's, a table of more than 65,536 rows is
 *                first fitted on 16 blocks of 1,024 rows spread over it, from that start,
 *                and the whole table's fit starts from that estimate: the same maximum, in
 *                fewer evaluations of the whole table; progress then counts both fits).
 * @param params  Out: the estimate (also written on #CLV_ENOCONV and #CLV_ECANCELED).
 * @param report  Out (optional): log-likelihood, iterations, convergence, standard errors
 *                (of the whole table's fit; untouched when cancelled in the first one).
 * @return #CLV_OK; #CLV_EINVAL / #CLV_EDOM as clv_pnbd_loglik() and clv_fit_start();
 *         #CLV_ERANGE if the log-likelihood at the start overflows (weights too large);
 *         #CLV_EIDENT if the data carry no information (every weight 0, or every T = 0)
 *         or the estimate runs off to a boundary (see #CLV_EIDENT), with @p params and
 *         @p report untouched; #CLV_ENOCONV if it did not converge;
 *         #CLV_ECANCELED if the progress callback cancelled.
 */
CLV_API int clv_pnbd_fit(const clv_rfm_view *data, const clv_fit_options *options,
                         clv_pnbd_params *params, clv_fit_report *report);

/**
 * @brief Probability that a customer with history (x, t_x, T) is still alive at T.
 *
 * P(alive) = (alpha+T)^-(r+x) (beta+T)^-s / [L / (Gamma(r+x) alpha^r beta^s / Gamma(r))]
 * (Schmittlein et al. 1987, eq. 11; note 008, eq. 18).
 *
 * @param params The parameters.
 * @param x      Repeat purchases (whole number >= 0).
 * @param t_x    Time of the last purchase (0 when x = 0).
 * @param T      Observation length, >= t_x.
 * @param p      Out: the probability, in [0, 1].
 * @return #CLV_OK; #CLV_EINVAL for a null pointer; #CLV_EDOM for invalid input;
 *         #CLV_ERANGE if it cannot be evaluated in doubles.
 */
CLV_API int clv_pnbd_p_alive(const clv_pnbd_params *params, double x, double t_x, double T,
                             double *p);

/**
 * @brief Expected purchases in (T, T + t] of a customer with history (x, t_x, T)
 *        (Schmittlein et al. 1987, eq. 22; note 008, eq. 22).
 *
 * E[X(t) | x, t_x, T] = (r+x)(beta+T) / ((alpha+T)(s-1)) [1 - ((beta+T)/(beta+T+t))^(s-1)]
 * P(alive), continuous at s = 1 (where the bracket over s - 1 is ln(1 + t/(beta+T))).
 *
 * @param params   The parameters.
 * @param x        Repeat purchases (whole number >= 0).
 * @param t_x      Time of the last purchase.
 * @param T        Observation length.
 * @param t        Horizon, >= 0, finite, in the time unit.
 * @param expected Out: the expected number of purchases, >= 0.
 * @return #CLV_OK; #CLV_EINVAL for a null pointer; #CLV_EDOM for invalid input;
 *         #CLV_ERANGE if it cannot be evaluated in doubles.
 */
CLV_API int clv_pnbd_expected_purchases(const clv_pnbd_params *params, double x, double t_x,
                                        double T, double t, double *expected);

/**
 * @brief Expected purchases in (0, t] of a new customer (Schmittlein et al. 1987, eq. 17):
 *        E[X(t)] = r beta / (alpha (s-1)) [1 - (beta/(beta+t))^(s-1)].
 * @param params   The parameters.
 * @param t        Horizon, >= 0, finite.
 * @param expected Out: the expected number of purchases, >= 0.
 * @return #CLV_OK; #CLV_EINVAL for a null pointer; #CLV_EDOM for invalid input;
 *         #CLV_ERANGE on overflow.
 */
CLV_API int clv_pnbd_expected_purchases_new(const clv_pnbd_params *params, double t,
                                            double *expected);

/**
 * @brief Probability that a new customer makes exactly n purchases in (0, t]
 *        (Fader & Hardie 2005, note 008, the P(X(t) = x) section).
 *
 * Alive through t with n Poisson purchases, or dead at some tau < t after n purchases in
 * (0, tau]. The second part is a one-dimensional integral of a positive function, computed
 * by adaptive Gauss-Kronrod quadrature instead of the note's difference of 2F1 terms (which
 * cancels for small t).
 *
 * @param params The parameters.
 * @param t      Horizon, >= 0, finite.
 * @param n      Number of purchases, a whole number >= 0.
 * @param p      Out: the probability, in [0, 1].
 * @return #CLV_OK; #CLV_EINVAL for a null pointer; #CLV_EDOM for invalid input;
 *         #CLV_ERANGE if it cannot be evaluated in doubles.
 */
CLV_API int clv_pnbd_prob_purchases(const clv_pnbd_params *params, double t, double n,
                                    double *p);

/**
 * @brief Probability that a customer with history (x, t_x, T) makes exactly n purchases in
 *        (T, T + t] (Fader & Hardie 2006, "Deriving the conditional PMF of the Pareto/NBD
 *        model").
 *
 * P(alive) P_new(n) + [n = 0] (1 - P(alive)), where P_new is clv_pnbd_prob_purchases() at the
 * posterior parameters of a customer alive at T: r + x, alpha + T, s, beta + T (the lifetime
 * is exponential, so memoryless). n = 0 gives the probability of no purchase in the next t
 * (a churn-risk flag). Sums to 1 over n, and its mean is clv_pnbd_expected_purchases(). Its
 * integral is an adaptive Gauss-Kronrod quadrature with a fixed interval budget: bounded
 * work, and #CLV_ERANGE rather than a value that misses its tolerance.
 *
 * @param params The parameters.
 * @param x      Repeat purchases (whole number >= 0).
 * @param t_x    Time of the last purchase.
 * @param T      Observation length.
 * @param t      Horizon, >= 0, finite.
 * @param n      Number of purchases, a whole number >= 0.
 * @param p      Out: the probability, in [0, 1].
 * @return #CLV_OK; #CLV_EINVAL for a null pointer; #CLV_EDOM for invalid input; #CLV_ERANGE
 *         if it cannot be evaluated in doubles to its tolerance.
 */
CLV_API int clv_pnbd_prob_purchases_cond(const clv_pnbd_params *params, double x, double t_x,
                                         double T, double t, double n, double *p);

/**
 * @brief Discounted expected residual transactions at a continuous discount rate
 *        (Fader, Hardie & Lee 2005, "RFM and CLV", eq. 2).
 *
 * DERT = int_0^inf e^(-delta t) E[purchase rate at T + t | x, t_x, T] dt
 * = delta^(s-1) (r+x)/(alpha+T) (beta+T)^s U(s, s; delta(beta+T)) P(alive), with U Tricomi's
 * confluent hypergeometric function, evaluated as e^y Gamma(1-s, y). CLV = margin x expected
 * spend x DERT. For a 15% annual rate in weeks, delta = ln(1.15)/52 (the paper's choice).
 *
 * @param params The parameters.
 * @param x      Repeat purchases.
 * @param t_x    Time of the last purchase.
 * @param T      Observation length.
 * @param delta  Continuously compounded discount rate per time unit, > 0, finite.
 * @param value  Out: the discounted expected residual transactions, >= 0.
 * @return #CLV_OK; #CLV_EINVAL for a null pointer; #CLV_EDOM for invalid input;
 *         #CLV_ERANGE on overflow.
 */
CLV_API int clv_pnbd_dert(const clv_pnbd_params *params, double x, double t_x, double T,
                          double delta, double *value);

/**
 * @brief P(alive) for every row of a customer table (see clv_pnbd_p_alive()).
 * @param params The parameters.
 * @param data   The customer table (weights are ignored).
 * @param p      Out: data->count probabilities.
 * @return #CLV_OK; #CLV_EINVAL for a null pointer or an empty table; #CLV_EDOM for invalid
 *         parameters or rows (checked before any output is written); #CLV_ERANGE if a row
 *         cannot be evaluated, with the rows before it written and the rest untouched.
 */
CLV_API int clv_pnbd_p_alive_array(const clv_pnbd_params *params, const clv_rfm_view *data,
                                   double *p);

/**
 * @brief Expected purchases in the next @p t for every row of a customer table (see
 *        clv_pnbd_expected_purchases()).
 * @param params   The parameters.
 * @param data     The customer table (weights are ignored).
 * @param t        Horizon, >= 0, finite.
 * @param expected Out: data->count expected numbers of purchases.
 * @return As clv_pnbd_p_alive_array(), and #CLV_EDOM for an invalid @p t.
 */
CLV_API int clv_pnbd_expected_purchases_array(const clv_pnbd_params *params,
                                              const clv_rfm_view *data, double t,
                                              double *expected);

/** @} */

/**
 * @defgroup clv_mbgnbd MBG/NBD model
 * @brief Modified BG/NBD (Batislam, Denizel & Filiztekin 2007, "Empirical validation and
 *        comparison of models for customer base analysis", International Journal of Research
 *        in Marketing 24(3) 201-209).
 *
 * As BG/NBD (see @ref clv_bgnbd), except that a customer may also drop out right after the
 * first purchase, so a customer with no repeat purchase is not certainly alive: dropout
 * probability p ~ Beta(a, b) is applied at time 0 and after every repeat purchase. Every
 * formula is BG/NBD's with b + x replaced by b + x + 1 in the Beta functions, and its dropout
 * term present for x = 0 too; the implementation is shared. Same data, units, validation and
 * statuses as the BG/NBD functions.
 * @{
 */

/** MBG/NBD parameters, in the paper's notation and order. */
typedef struct clv_mbgnbd_params {
    double r;     /**< Shape of the Gamma purchase-rate distribution, > 0. */
    double alpha; /**< Scale of the Gamma purchase-rate distribution, > 0, time unit. */
    double a;     /**< First shape of the Beta dropout distribution, > 0. */
    double b;     /**< Second shape of the Beta dropout distribution, > 0. */
} clv_mbgnbd_params;

/**
 * @brief Log-likelihood of a customer table and its gradient (Batislam et al. 2007, eq. 6):
 *        B(a, b+x+1)/B(a, b) NB-term(T) + B(a+1, b+x)/B(a, b) NB-term(t_x), for every x.
 * @param params   The parameters.
 * @param data     The customer table (x, t_x, T, optional weight).
 * @param loglik   Out: the log-likelihood.
 * @param gradient Out (optional): d loglik / d(r, alpha, a, b), 4 doubles.
 * @return As clv_bgnbd_loglik().
 */
CLV_API int clv_mbgnbd_loglik(const clv_mbgnbd_params *params, const clv_rfm_view *data,
                              double *loglik, double *gradient);

/**
 * @brief Maximum-likelihood fit of MBG/NBD.
 * @param data    The customer table.
 * @param options Fit options, or null for the defaults (start r = alpha = a = b = 1).
 * @param params  Out: the estimate (also written on #CLV_ENOCONV and #CLV_ECANCELED).
 * @param report  Out (optional): the fit report.
 * @return As clv_bgnbd_fit().
 */
CLV_API int clv_mbgnbd_fit(const clv_rfm_view *data, const clv_fit_options *options,
                           clv_mbgnbd_params *params, clv_fit_report *report);

/**
 * @brief P(alive) = 1 / (1 + a/(b+x) ((alpha+T)/(alpha+t_x))^(r+x)), also for x = 0
 *        (Batislam et al. 2007).
 * @param params The parameters.
 * @param x      Repeat purchases (whole number >= 0).
 * @param t_x    Time of the last purchase (0 when x = 0).
 * @param T      Observation length, >= t_x.
 * @param p      Out: the probability, in [0, 1].
 * @return As clv_bgnbd_p_alive().
 */
CLV_API int clv_mbgnbd_p_alive(const clv_mbgnbd_params *params, double x, double t_x, double T,
                               double *p);

/**
 * @brief E[X(t) | x, t_x, T] = (a+b+x)/(a-1) [1 - ((alpha+T)/(alpha+T+t))^(r+x)
 *        2F1(r+x, b+x+1; a+b+x; t/(alpha+T+t))] P(alive) (Batislam et al. 2007).
 *
 * Evaluated like clv_bgnbd_expected_purchases() (Euler's transformation; no pole at a = 1).
 *
 * @param params   The parameters.
 * @param x        Repeat purchases (whole number >= 0).
 * @param t_x      Time of the last purchase.
 * @param T        Observation length.
 * @param t        Horizon, >= 0, finite.
 * @param expected Out: the expected number of purchases, >= 0.
 * @return As clv_bgnbd_expected_purchases().
 */
CLV_API int clv_mbgnbd_expected_purchases(const clv_mbgnbd_params *params, double x, double t_x,
                                          double T, double t, double *expected);

/**
 * @brief E[X(t)] of a new customer = b/(a-1) [1 - (alpha/(alpha+t))^r
 *        2F1(r, b+1; a+b; t/(alpha+t))] (Batislam et al. 2007).
 * @param params   The parameters.
 * @param t        Horizon, >= 0, finite.
 * @param expected Out: the expected number of purchases, >= 0.
 * @return As clv_bgnbd_expected_purchases_new().
 */
CLV_API int clv_mbgnbd_expected_purchases_new(const clv_mbgnbd_params *params, double t,
                                              double *expected);

/**
 * @brief P(X(t) = n) for a new customer: B(a, b+n+1)/B(a, b) NB(n) + B(a+1, b+n)/B(a, b)
 *        P(NB >= n), NB the negative binomial of the purchase counts.
 * @param params The parameters.
 * @param t      Horizon, >= 0, finite.
 * @param n      Number of purchases, a whole number >= 0.
 * @param p      Out: the probability, in [0, 1].
 * @return As clv_bgnbd_prob_purchases().
 */
CLV_API int clv_mbgnbd_prob_purchases(const clv_mbgnbd_params *params, double t, double n,
                                      double *p);

/**
 * @brief Discounted expected residual transactions (see clv_bgnbd_dert(); Beta index b + 1).
 * @param params The parameters.
 * @param x      Repeat purchases.
 * @param t_x    Time of the last purchase.
 * @param T      Observation length.
 * @param delta  Continuously compounded discount rate per time unit, > 0, finite.
 * @param dert   Out: the discounted expected residual transactions, >= 0.
 * @return As clv_bgnbd_dert().
 */
CLV_API int clv_mbgnbd_dert(const clv_mbgnbd_params *params, double x, double t_x, double T,
                            double delta, double *dert);

/**
 * @brief P(X(t) = n | x, t_x, T) (see clv_bgnbd_prob_purchases_cond(); posterior b + x + 1).
 * @param params The parameters.
 * @param x      Repeat purchases.
 * @param t_x    Time of the last purchase.
 * @param T      Observation length.
 * @param t      Horizon, >= 0, finite.
 * @param n      Number of purchases, a whole number >= 0.
 * @param p      Out: the probability, in [0, 1].
 * @return As clv_bgnbd_prob_purchases_cond().
 */
CLV_API int clv_mbgnbd_prob_purchases_cond(const clv_mbgnbd_params *params, double x,
                                           double t_x, double T, double t, double n, double *p);

/**
 * @brief P(alive) for every row of a customer table (see clv_mbgnbd_p_alive()).
 * @param params The parameters.
 * @param data   The customer table (weights are ignored).
 * @param p      Out: data->count probabilities.
 * @return As clv_bgnbd_p_alive_array().
 */
CLV_API int clv_mbgnbd_p_alive_array(const clv_mbgnbd_params *params, const clv_rfm_view *data,
                                     double *p);

/**
 * @brief Expected purchases in the next @p t for every row of a customer table (see
 *        clv_mbgnbd_expected_purchases()).
 * @param params   The parameters.
 * @param data     The customer table (weights are ignored).
 * @param t        Horizon, >= 0, finite.
 * @param expected Out: data->count expected numbers of purchases.
 * @return As clv_bgnbd_expected_purchases_array().
 */
CLV_API int clv_mbgnbd_expected_purchases_array(const clv_mbgnbd_params *params,
                                                const clv_rfm_view *data, double t,
                                                double *expected);

/** @} */

/**
 * @defgroup clv_bgbb BG/BB model (discrete time)
 * @brief Beta-geometric/beta-Bernoulli model (Fader, Hardie & Shang 2010, "Customer-base
 *        analysis in a discrete-time noncontractual setting", Marketing Science 29(6)
 *        1086-1108).
 *
 * For businesses whose customers can transact only at discrete opportunities (a yearly
 * donation, an annual event, a course intake): while alive, a customer transacts at each
 * opportunity with probability p ~ Beta(alpha, beta), and after each opportunity dies with
 * probability theta ~ Beta(gamma, delta). Data per customer, in opportunities: x transactions
 * in the first n opportunities after the first one, the last at opportunity t_x (0 when
 * x = 0); in a clv_rfm_view, T holds n. Rows must have whole x <= t_x <= n, t_x = 0 exactly
 * when x = 0, and n <= #CLV_BGBB_MAX_OPPORTUNITIES; invalid rows are #CLV_EDOM. The
 * predictions conditional on a history divide by its likelihood, in bounded work whatever n
 * (see clv_bgbb_loglik()), and return #CLV_ENOCONV where it does.
 *
 * Any finite parameters > 0 are accepted, from the smallest subnormal to DBL_MAX: the ratios
 * of Beta functions are formed as second differences of log Gamma, each to its own relative
 * accuracy, so a prediction is either within 1e-9 of the exact value (relative, or 1e-300
 * absolute where it underflows) or an error status (#CLV_ERANGE where a value or an
 * intermediate cannot be held in a double), never a wrong number with #CLV_OK (issue 13;
 * tests/test_extremes.c sweeps 1e-300..1e300 and checks the worst cases against mpmath).
 * @{
 */

/** Largest number of opportunities n a BG/BB history may have (1e7). The likelihood's cost
 *  does not grow with n (see clv_bgbb_loglik()); the forecast lengths of the sums of eq. 8
 *  (clv_bgbb_prob_purchases(), clv_bgbb_prob_purchases_cond()) stay at most 100,000. */
#define CLV_BGBB_MAX_OPPORTUNITIES 10000000

/** BG/BB parameters, in the paper's notation and order. */
typedef struct clv_bgbb_params {
    double alpha; /**< First shape of the Beta transaction-probability distribution, > 0. */
    double beta;  /**< Second shape of the Beta transaction-probability distribution, > 0. */
    double gamma; /**< First shape of the Beta dropout-probability distribution, > 0. */
    double delta; /**< Second shape of the Beta dropout-probability distribution, > 0. */
} clv_bgbb_params;

/**
 * @brief Log-likelihood of a customer table and its gradient (FHS 2010, eq. 5).
 *
 * Cost per row bounded whatever n: the n - t_x terms of eq. 5's sum one by one up to 2,048
 * (a few ns a term, ~15-30 ns with the gradient), and above that the first 1,024 terms and the
 * rest by the Euler-Maclaurin formula, ~20 us for the value and ~50 us with the gradient per
 * row at n = 1e5 or 1e7 (1,000 rows of n = 1e5 with varied histories: ~3 ms, ~7 ms with the
 * gradient; docs/customer-base.md has the table). No callback: a fit of a big table through
 * clv_bgbb_fit() can be cancelled.
 *
 * @param params   The parameters.
 * @param data     The customer table (x, t_x, T = n, optional weight).
 * @param loglik   Out: the log-likelihood.
 * @param gradient Out (optional): d loglik / d(alpha, beta, gamma, delta), 4 doubles.
 * @return #CLV_OK; #CLV_EINVAL for a null pointer or an empty table; #CLV_EDOM for invalid
 *         parameters or rows; #CLV_ERANGE on overflow; #CLV_ENOCONV if a row's
 *         Euler-Maclaurin tail missed its tolerance within its work limit (not seen over the
 *         tests; nothing written).
 */
CLV_API int clv_bgbb_loglik(const clv_bgbb_params *params, const clv_rfm_view *data,
                            double *loglik, double *gradient);

/**
 * @brief Maximum-likelihood fit of BG/BB.
 *
 * Cost: each Newton iteration evaluates the log-likelihood with its gradient and Hessian,
 * bounded per row whatever n (see clv_bgbb_loglik(); ~60-70 us a row at n = 1e5 to 1e7, ~1 us
 * at tens of opportunities): 1,500 simulated customers of n = 1e5 fit in ~1 s. The progress
 * callback is consulted within the evaluations every few ms of work and can cancel (see
 * docs/conventions.md, "Cancellation").
 *
 * @param data    The customer table (T holds n).
 * @param options Fit options, or null for the defaults (start all parameters at 1).
 * @param params  Out: the estimate (also written on #CLV_ENOCONV and #CLV_ECANCELED).
 * @param report  Out (optional): the fit report.
 * @return As clv_bgbb_loglik() (#CLV_ERANGE also when the log-likelihood at the start
 *         overflows: weights too large); #CLV_EIDENT if the data carry no information
 *         (every weight 0, or every n = 0) or the estimate runs off to a boundary (see
 *         #CLV_EIDENT), with @p params and @p report untouched;
 *         #CLV_ENOCONV; #CLV_ECANCELED.
 */
CLV_API int clv_bgbb_fit(const clv_rfm_view *data, const clv_fit_options *options,
                         clv_bgbb_params *params, clv_fit_report *report);

/**
 * @brief Probability that a customer with history (x, t_x, n) is alive at opportunity n + 1
 *        (FHS 2010, eq. 11).
 * @param params The parameters.
 * @param x      Transactions, whole, 0 <= x <= t_x.
 * @param t_x    Opportunity of the last transaction, whole, <= n (0 when x = 0).
 * @param n      Opportunities observed, whole.
 * @param p      Out: the probability, in [0, 1].
 * @return #CLV_OK; #CLV_EINVAL for a null pointer; #CLV_EDOM for invalid input;
 *         #CLV_ERANGE if it cannot be evaluated in doubles (not seen over the test grids);
 *         #CLV_ENOCONV as clv_bgbb_loglik().
 */
CLV_API int clv_bgbb_p_alive(const clv_bgbb_params *params, double x, double t_x, double n,
                             double *p);

/**
 * @brief Expected transactions in the next n_star opportunities (n, n + n_star] of a customer
 *        with history (x, t_x, n) (FHS 2010, eq. 13).
 *
 * Evaluated so that gamma = 1 (a removable singularity of the printed formula) is exact.
 *
 * @param params   The parameters.
 * @param x        Transactions.
 * @param t_x      Opportunity of the last transaction.
 * @param n        Opportunities observed.
 * @param n_star   Future opportunities, a whole number >= 0.
 * @param expected Out: the expected number of transactions, >= 0.
 * @return #CLV_OK; #CLV_EINVAL for a null pointer; #CLV_EDOM for invalid input;
 *         #CLV_ERANGE on overflow; #CLV_ENOCONV as clv_bgbb_loglik().
 */
CLV_API int clv_bgbb_expected_purchases(const clv_bgbb_params *params, double x, double t_x,
                                        double n, double n_star, double *expected);

/**
 * @brief E[X(n)], the expected transactions of a new customer in n opportunities (FHS 2010,
 *        eq. 7).
 * @param params   The parameters.
 * @param n        Opportunities, a whole number >= 0.
 * @param expected Out: the expected number of transactions, >= 0.
 * @return #CLV_OK; #CLV_EINVAL for a null pointer; #CLV_EDOM for invalid input;
 *         #CLV_ERANGE on overflow.
 */
CLV_API int clv_bgbb_expected_purchases_new(const clv_bgbb_params *params, double n,
                                            double *expected);

/**
 * @brief P(X(n) = x): the probability that a new customer makes x transactions in n
 *        opportunities (FHS 2010, eq. 8).
 * @param params The parameters.
 * Work O(n) (the sum of eq. 8 term by term, a few flops a term).
 *
 * @param n      Opportunities, a whole number, 0 <= n <= 100,000.
 * @param x      Transactions, a whole number >= 0 (0 probability above n).
 * @param p      Out: the probability, in [0, 1].
 * @return #CLV_OK; #CLV_EINVAL for a null pointer; #CLV_EDOM for invalid input;
 *         #CLV_ERANGE if it cannot be evaluated in doubles.
 */
CLV_API int clv_bgbb_prob_purchases(const clv_bgbb_params *params, double n, double x,
                                    double *p);

/**
 * @brief Probability of exactly x* transactions in the next n* opportunities,
 *        P(X(n, n + n*) = x* | x, t_x, n) (Fader, Hardie & Shang 2010, appendix).
 *
 * P(alive at n) P8(x*; n*) + [x* = 0] (1 - P(alive at n)), where P8 is
 * clv_bgbb_prob_purchases() (eq. 8) at the posterior parameters of a customer alive at
 * opportunity n: alpha + x, beta + n - x, gamma, delta + n. x* = 0 gives the probability of
 * no transaction in the next n* opportunities. Sums to 1 over x* = 0..n*, and its mean is
 * clv_bgbb_expected_purchases(). Work O(n*) (n* <= 100,000) plus the likelihood's (see
 * clv_bgbb_loglik()).
 *
 * @param params The parameters.
 * @param x      Transactions.
 * @param t_x    Opportunity of the last transaction.
 * @param n      Opportunities observed.
 * @param n_star Future opportunities n*, a whole number, 0 <= n* <= 100,000.
 * @param x_star Transactions x*, a whole number >= 0 (0 is returned for x* > n*).
 * @param p      Out: the probability, in [0, 1].
 * @return #CLV_OK; #CLV_EINVAL for a null pointer; #CLV_EDOM for invalid input; #CLV_ERANGE
 *         if it cannot be evaluated in doubles.
 */
CLV_API int clv_bgbb_prob_purchases_cond(const clv_bgbb_params *params, double x, double t_x,
                                         double n, double n_star, double x_star, double *p);

/**
 * @brief P(alive at opportunity n + m | x, t_x, n), the probability that the customer is still
 *        alive m opportunities after the last observed one.
 *
 * FHS 2010 give m = 1 (eq. 11, clv_bgbb_p_alive(), which this equals at m = 1); at n + m it
 * is P(alive at n) times the survival over m more opportunities under the posterior of
 * theta, B(gamma, delta+n+m)/B(gamma, delta+n):
 * B(alpha+x, beta+n-x)/B(alpha,beta) B(gamma, delta+n+m)/B(gamma,delta) / L. Decreasing in m;
 * m = 0 is P(alive at n).
 *
 * @param params The parameters.
 * @param x      Transactions.
 * @param t_x    Opportunity of the last transaction.
 * @param n      Opportunities observed.
 * @param m      Opportunities ahead, a whole number, 0 <= m <= #CLV_BGBB_MAX_OPPORTUNITIES.
 * @param p      Out: the probability, in [0, 1].
 * @return #CLV_OK; #CLV_EINVAL for a null pointer; #CLV_EDOM for invalid input; #CLV_ERANGE
 *         if it cannot be evaluated in doubles.
 */
CLV_API int clv_bgbb_p_alive_at(const clv_bgbb_params *params, double x, double t_x, double n,
                                double m, double *p);

/**
 * @brief Discounted expected residual transactions after opportunity n (FHS 2010, eq. 14).
 *
 * The expected transactions at opportunities n + 1, n + 2, ..., the k-th discounted by
 * (1 + d)^-k: B(alpha+x+1, beta+n-x)/B(alpha, beta) B(gamma, delta+n+1)/(B(gamma, delta)
 * (1+d)) 2F1(1, delta+n+1; gamma+delta+n+1; 1/(1+d)) / L. CLV = margin x spend x DERT.
 * Computed by the Gauss series of the 2F1 where it needs at most 4,000 terms (a discount above
 * ~1e-2), else by one quadrature over theta ~ Beta(gamma, delta+n) of the discounted
 * geometric sum (as clv_customer_value() with one opportunity a period and an infinite
 * horizon): exact at any discount > 0 (1e-12 included), in tens of microseconds.
 *
 * @param params   The parameters.
 * @param x        Transactions.
 * @param t_x      Opportunity of the last transaction.
 * @param n        Opportunities observed.
 * @param discount Discount rate per opportunity d, > 0, finite.
 * @param dert     Out: the discounted expected residual transactions, >= 0.
 * @return #CLV_OK; #CLV_EINVAL for a null pointer; #CLV_EDOM for invalid input;
 *         #CLV_ERANGE if the result overflows; #CLV_ENOCONV if the quadrature misses its
 *         tolerance within its work limit (not seen over the test grids).
 */
CLV_API int clv_bgbb_dert(const clv_bgbb_params *params, double x, double t_x, double n,
                          double discount, double *dert);

/** @} */

/**
 * @defgroup clv_gg Gamma-Gamma spend model
 * @brief The value of a customer's transactions (Fader, Hardie & Lee 2005, "RFM and CLV",
 *        JMR 42(4); Fader & Hardie 2013, "The Gamma-Gamma model of monetary value", note 025).
 *
 * A customer's transaction values are Gamma(p, nu) around their own mean p/nu, and nu is
 * Gamma(q, gamma) across customers, independent of the purchase process. The data are the
 * customers' number of repeat transactions x and their mean value zbar (the monetary column of
 * a clv_rfm_view); customers with x = 0 carry no information and are skipped. The functions
 * read only count, x, monetary and weight: the view's t_x and T may be null (a table of
 * x and zbar, or the rows of a GROUP BY x, zbar with their counts as weights, is enough).
 * When both are given, the rows are checked as clv_rfm_check() checks them, so a table is
 * valid here exactly when it is for the purchase models. Money is in the caller's currency;
 * gamma carries that unit.
 * @{
 */

/** Gamma-Gamma parameters, in the note's notation (gamma is the note's nu scale). */
typedef struct clv_gg_params {
    double p;     /**< Shape of the transaction-value distribution, > 0. */
    double q;     /**< Shape of the Gamma distribution of nu across customers, > 0. */
    double gamma; /**< Scale of the Gamma distribution of nu, > 0, currency. */
} clv_gg_params;

/**
 * @brief Log-likelihood of the mean transaction values, and its gradient (Fader & Hardie 2013,
 *        eq. 3, the density of zbar given x).
 *
 * The sum over rows with x > 0 of weight x log f(zbar | p, q, gamma; x), f =
 * Gamma(px+q)/(Gamma(px) Gamma(q)) gamma^q zbar^(px-1) x^(px) / (gamma + x zbar)^(px+q).
 *
 * @param params   The parameters.
 * @param data     The customer table; x, monetary and the optional weight are read: x a whole
 *                 number >= 0, monetary finite and > 0 where x > 0, weight finite and >= 0.
 *                 t_x and T are not read and may be null (when both are given, each row's
 *                 history is checked as by clv_rfm_check()).
 * @param loglik   Out: the log-likelihood (0 for a table with no row of x > 0 and weight > 0).
 * @param gradient Out (optional): d loglik / d(p, q, gamma), 3 doubles.
 * @return #CLV_OK; #CLV_EINVAL for a null pointer, an empty table or a null x or monetary
 *         column; #CLV_EDOM for invalid parameters or rows; #CLV_ERANGE on overflow.
 */
CLV_API int clv_gg_loglik(const clv_gg_params *params, const clv_rfm_view *data, double *loglik,
                          double *gradient);

/**
 * @brief Maximum-likelihood fit of the Gamma-Gamma model.
 * @param data    The customer table with its monetary column, as for clv_gg_loglik() (t_x and
 *                T may be null). Cost O(count) per iteration.
 * @param options Fit options, or null for the defaults (start p = q = gamma = 1).
 * @param params  Out: the estimate (also written on #CLV_ENOCONV and #CLV_ECANCELED).
 * @param report  Out (optional): the fit report.
 * @return #CLV_OK; #CLV_EINVAL / #CLV_EDOM as clv_gg_loglik() and clv_fit_start();
 *         #CLV_ERANGE if the log-likelihood at the start overflows (weights too large);
 *         #CLV_EIDENT if no row with x > 0 has a weight above 0 (the model is fitted to repeat
 *         buyers only) or the estimate runs off to a boundary (see #CLV_EIDENT; e.g. a
 *         spend that varies no more between customers than within them sends q and gamma
 *         to infinity), with @p params and @p report untouched; #CLV_ENOCONV;
 *         #CLV_ECANCELED.
 */
CLV_API int clv_gg_fit(const clv_rfm_view *data, const clv_fit_options *options,
                       clv_gg_params *params, clv_fit_report *report);

/**
 * @brief A customer's expected mean transaction value given x transactions of mean zbar
 *        (Fader & Hardie 2013, eq. 5).
 *
 * E[Z | x, zbar] = (p (gamma + x zbar)) / (p x + q - 1): a weighted mean of the population mean
 * p gamma/(q - 1) and the customer's own zbar, with weight p x / (p x + q - 1) on zbar. For
 * x = 0 it is the population mean.
 *
 * @param params   The parameters.
 * @param x        Repeat transactions, a whole number >= 0.
 * @param monetary The mean transaction value zbar, finite, > 0 when x > 0 (ignored at x = 0).
 * @param spend    Out: the expected mean transaction value, currency.
 * @return #CLV_OK; #CLV_EINVAL for a null pointer; #CLV_EDOM for invalid input, and when
 *         p x + q <= 1 (for x = 0: q <= 1), where the expectation does not exist (the
 *         posterior of nu has shape p x + q); #CLV_ERANGE on overflow.
 */
CLV_API int clv_gg_expected_spend(const clv_gg_params *params, double x, double monetary,
                                  double *spend);

/** @} */

/**
 * @defgroup clv_value_model Customer lifetime value from fitted models
 * @brief CLV = margin x expected spend x discounted expected purchases (Fader, Hardie & Lee
 *        2005, "RFM and CLV", JMR 42(4); the discrete-period sum used by lifetimes and
 *        CLVTools).
 *
 * Combines a fitted purchase model (BG/NBD, Pareto/NBD, MBG/NBD or BG/BB), an optional
 * Gamma-Gamma spend model, a margin and a discount rate into one customer's value:
 *   value = margin x E[spend] x sum_(k=1..H) (E[X(kP) | h] - E[X((k-1)P) | h]) / (1 + d)^k,
 * the expected purchases of each period of length P discounted at the end of the period at
 * rate d, over H periods (or until the sum converges, H = infinity). For Pareto/NBD with
 * P -> 0 this tends to margin x spend x DERT at delta = ln(1 + d)/P (clv_pnbd_dert()).
 * @{
 */

/** A fitted purchase model, for the functions that work with any of them. */
typedef struct clv_purchase_model {
    int32_t model;     /**< #CLV_MODEL_BGNBD, #CLV_MODEL_PNBD, #CLV_MODEL_MBGNBD or
                            #CLV_MODEL_BGBB. */
    uint32_t reserved; /**< Must be 0. */
    double params[4];  /**< The parameters in the model's order: (r, alpha, a, b),
                            (r, alpha, s, beta) or (alpha, beta, gamma, delta). */
} clv_purchase_model;

/** How a customer's value is discounted and over which horizon (size-versioned). Two
 *  layouts exist: the current one, and the one before the progress callback, whose
 *  struct_size is offsetof(clv_value_options, progress) (no callback); any struct_size
 *  between the two is #CLV_ESTRUCT. */
typedef struct clv_value_options {
    uint32_t struct_size; /**< sizeof(clv_value_options), set by clv_value_options_init(). */
    uint32_t reserved;    /**< Must be 0. */
    double margin;        /**< Share of spend that is profit, finite, >= 0 (default 1: the
                               value in revenue). */
    double discount_rate; /**< Discount rate per period, finite, >= 0 (default 0.01). */
    double period;        /**< Period length in the model's time unit, finite, > 0 (default
                               1); for BG/BB a whole number of opportunities. */
    double horizon;       /**< Number of periods, a whole number >= 0, or +INFINITY (default
                               12); +INFINITY needs discount_rate > 0. */
    clv_work_fn progress; /**< Work-progress callback, or null (default). Read only by
                               clv_customer_value_rows(), which calls it with (rows done,
                               rows) every #CLV_VALUE_ROWS_PER_PROGRESS rows and after the
                               last; nonzero cancels (#CLV_ECANCELED). One customer's value
                               (clv_customer_value()) is bounded and ignores it. */
    void *user_data;      /**< Passed to @c progress. */
} clv_value_options;

/** Rows clv_customer_value_rows() values between two calls of clv_value_options::progress
 *  (each row well under a millisecond: a call every few ms of work at most). */
#define CLV_VALUE_ROWS_PER_PROGRESS 8

/**
 * @brief Fill a clv_value_options with its size and the defaults (margin 1, 1% per period,
 *        period 1, 12 periods).
 * @param options Out: the options.
 * @return #CLV_OK; #CLV_EINVAL for a null @p options.
 */
CLV_API int clv_value_options_init(clv_value_options *options);

/**
 * @brief One customer's lifetime value from a purchase model, a spend model, a margin and a
 *        discount rate.
 *
 * value = margin x spend x sum_k (E[X(kP) | x, t_x, T] - E[X((k-1)P) | x, t_x, T]) (1+d)^-k,
 * with spend = clv_gg_expected_spend() when @p spend_model is given, else @p monetary itself.
 * The conditional expectations are those of clv_bgnbd_expected_purchases(),
 * clv_pnbd_expected_purchases(), clv_mbgnbd_expected_purchases() or, for BG/BB (T holding
 * the opportunities n), clv_bgbb_expected_purchases(). Any horizon and any discount rate
 * >= 0 cost a bounded amount of work (docs: customer-base, "A customer's value"):
 * - Undiscounted, a finite sum telescopes to E[X(horizon x period)], one expectation.
 * - Short horizons (BG/NBD, MBG/NBD: up to 12 periods; Pareto/NBD, BG/BB: up to 64) are summed
 *   period by period.
 * - Longer or infinite horizons take one quadrature over the dropout law. BG/NBD and MBG/NBD:
 *   P(alive) times the mean over the dropout probability p of a closed-form discounted sum
 *   (its first periods directly, at most ~40, the rest by the Euler-Maclaurin formula with
 *   an incomplete-gamma integral); for a nearly undiscounted horizon (ln(1+d) x horizon <
 *   1e-3) that sum is, p by p in the same quadrature, the quadratic in ln(1+d) through the
 *   undiscounted sum and the sums at ln(1+d) x horizon = 1e-3 and 2e-3 (error below 6.4e-11
 *   of the value). Pareto/NBD and BG/BB: given alive the purchases decay as
 *   e^(-mu tau) or (1-theta)^i, each period's share of the decay discounted sums to a
 *   geometric series in closed form, and one quadrature averages it over mu ~ Gamma(s,
 *   beta+T) or theta ~ Beta(gamma, delta+n).
 * Cost (CPU time, bench/bench_value.c over the mpmath value grids and its own grid of horizons
 * 1 to 1e6 and infinite, discounts 0 to 0.1, parameters 1e-3 to 1e3 and r = 241): Pareto/NBD
 * and BG/BB microseconds (at most ~60 us); BG/NBD and MBG/NBD over long horizons a median of
 * ~0.15 ms, the slowest ~0.6 ms (nearly undiscounted horizons, every parameter 1e-3); 1,500
 * random cases over parameters 1e-3..1e3, x to 1e5, horizons 13 to infinity and discounts
 * 1e-12 to 10 at most ~1 ms (2-core machine, shared).
 * The fast routes match the period-by-period sum (1e-12; nearly undiscounted BG/NBD 1e-9) and
 * the infinite horizon the limit of long ones (tests/test_customer_value.c).
 *
 * @param model       The purchase model.
 * @param spend_model Gamma-Gamma parameters, or null to use @p monetary as the expected
 *                    spend per purchase.
 * @param options     Margin, discount rate, period and horizon; null for the defaults.
 * @param x           Repeat purchases (whole number >= 0).
 * @param t_x         Time of the last purchase.
 * @param T           Observation length (BG/BB: opportunities n).
 * @param monetary    Mean spend per repeat purchase (finite, > 0 when x > 0 or when
 *                    @p spend_model is null; ignored for x = 0 with a spend model).
 * @param value       Out: the value, currency, >= 0.
 * @return #CLV_OK; #CLV_EINVAL for a null pointer, an unknown model or a nonzero reserved
 *         field; #CLV_ESTRUCT for bad options struct headers; #CLV_EDOM for invalid
 *         parameters, history, spend or options (including an infinite horizon without
 *         discounting); #CLV_ENOCONV if a quadrature misses its tolerance within its work
 *         limit (a few thousand integrand evaluations; not seen over the test grids);
 *         #CLV_ERANGE if a quantity overflows or cannot be evaluated.
 */
CLV_API int clv_customer_value(const clv_purchase_model *model, const clv_gg_params *spend_model,
                               const clv_value_options *options, double x, double t_x,
                               double T, double monetary, double *value);

/** @} */

/**
 * @defgroup clv_rows Scoring a table row by row, with a status per row
 * @brief Every customer's P(alive), expected purchases, log-likelihood, expected spend or
 *        value over a clv_rfm_view, for any purchase model; a refused row does not stop the
 *        others.
 *
 * Each function takes a caller-owned output array of @c data->count values and an optional
 * caller-owned @p row_status array of as many statuses. They never allocate.
 *
 * - With @p row_status: every row gets its own status (#CLV_OK, or the error the one-customer
 *   function gives for that row: #CLV_EDOM for an invalid history, #CLV_ERANGE, ...) and, when
 *   it is #CLV_OK, its value; the value of a refused row is left untouched. The call returns
 *   #CLV_OK unless an argument of the call itself is bad (a null pointer, an empty table, an
 *   unknown model, invalid parameters or options): a table of a million customers with three
 *   bad rows still scores the rest.
 * - Without (null): the table is checked first (clv_rfm_check()) and the call returns the
 *   first error, as the models' @c _array functions do; a numerical error found while scoring
 *   (#CLV_ERANGE, #CLV_ENOCONV) is returned with the rows before it written and the rest
 *   untouched.
 *
 * Cost: O(count). Where the model has a vectorised @c _array form (P(alive) and expectations
 * of BG/NBD, MBG/NBD and Pareto/NBD) the rows go through it in blocks of 256, and only a block
 * it refuses is scored again row by row, so a few bad rows cost what a clean table does.
 * Otherwise the parameters are checked and their constants computed once per call, and the
 * part of a row's value that depends on part of its history is computed once per distinct
 * key and kept for the call (up to ~80 KB of stack): P(X(t) = n) of BG/NBD and MBG/NBD by
 * (x, T), Pareto/NBD's by (x, T) and T, rows with x = 0 by T, every BG/BB quantity by the
 * history (x, t_x, n). The values are the one-customer functions', bit for bit, except
 * BG/NBD and MBG/NBD DERT and customer value: given alive these depend on x and alpha + T
 * only, and for each x shared by enough distinct T the call interpolates that part in
 * ln(alpha + T) over the table's range (Chebyshev, from 9 to 65 exact evaluations, checked
 * against the exact kernel), so a row costs about what an expectation row does whatever the
 * table's order or repetition; the values are within 1e-12 relative of the one-customer
 * functions' (1e-13 in the tests), and a table in another order gets the same doubles, bit
 * for bit. Other x (few distinct T, or x not a whole number below 128) take the exact
 * kernel once per distinct (x, T).
 * Weights are ignored (each row is one customer). For BG/BB, T holds the opportunities n.
 * @{
 */

/**
 * @brief P(alive) of every row (clv_bgnbd_p_alive(), clv_mbgnbd_p_alive(), clv_pnbd_p_alive()
 *        or clv_bgbb_p_alive()).
 * @param model      The purchase model (not Gamma-Gamma).
 * @param data       The customer table (x, t_x, T).
 * @param p          Out: data->count probabilities.
 * @param row_status Out (optional): data->count statuses.
 * @return #CLV_OK; #CLV_EINVAL for a null pointer or column, an empty table, an unknown model
 *         or a nonzero reserved field; #CLV_EDOM for invalid parameters; without
 *         @p row_status, also the first row's error (see the group's description).
 */
CLV_API int clv_p_alive_rows(const clv_purchase_model *model, const clv_rfm_view *data,
                             double *p, int32_t *row_status);

/**
 * @brief Expected purchases in the next @p t of every row (clv_bgnbd_expected_purchases()
 *        and its siblings; for BG/BB, @p t is the number of future opportunities n*).
 * @param model      The purchase model (not Gamma-Gamma).
 * @param data       The customer table (x, t_x, T).
 * @param t          Horizon, finite, >= 0, in the model's time unit (BG/BB: a whole number).
 * @param expected   Out: data->count expected numbers of purchases.
 * @param row_status Out (optional): data->count statuses.
 * @return As clv_p_alive_rows(), and #CLV_EDOM for an invalid @p t.
 */
CLV_API int clv_expected_purchases_rows(const clv_purchase_model *model,
                                        const clv_rfm_view *data, double t, double *expected,
                                        int32_t *row_status);

/**
 * @brief P(X(t) = n | x, t_x, T) of every row: the probability of exactly @p n purchases in
 *        the next @p t (clv_bgnbd_prob_purchases_cond(), clv_mbgnbd_prob_purchases_cond(),
 *        clv_pnbd_prob_purchases_cond(); for BG/BB clv_bgbb_prob_purchases_cond() with
 *        n* = @p t future opportunities and x* = @p n).
 *
 * Without @p row_status a BG/BB table is also checked against BG/BB's history rules before
 * anything is written; a row whose value cannot be evaluated (#CLV_ERANGE) stops the call
 * with the rows before it written.
 *
 * @param model      The purchase model (not Gamma-Gamma).
 * @param data       The customer table (x, t_x, T).
 * @param t          Horizon, finite, >= 0, in the model's time unit (BG/BB: a whole number
 *                   of future opportunities, at most 100,000 as clv_bgbb_prob_purchases_cond()).
 * @param n          Number of purchases, a whole number >= 0 (n = 0: no purchase in @p t).
 * @param p          Out: data->count probabilities.
 * @param row_status Out (optional): data->count statuses.
 * @return As clv_p_alive_rows(), and #CLV_EDOM for an invalid @p t or @p n.
 */
CLV_API int clv_prob_purchases_rows(const clv_purchase_model *model, const clv_rfm_view *data,
                                    double t, double n, double *p, int32_t *row_status);

/**
 * @brief Discounted expected residual transactions of every row at one continuous discount
 *        rate (clv_bgnbd_dert(), clv_mbgnbd_dert(), clv_pnbd_dert(), clv_bgbb_dert()).
 *
 * One convention for every model: @p delta is a continuously compounded rate per time unit
 * of the model, each future purchase discounted by e^(-delta t) (the convention of
 * clv_pnbd_dert(), see the conventions page). For BG/BB the time unit is the opportunity and
 * e^(-delta k) = (1 + d)^-k: the row is clv_bgbb_dert() at its discrete rate
 * d = e^delta - 1 (clv_discount_rate_from_continuous() with a period of one opportunity).
 * Without @p row_status, as clv_prob_purchases_rows().
 *
 * @param model      The purchase model (not Gamma-Gamma).
 * @param data       The customer table (x, t_x, T).
 * @param delta      Continuous discount rate per time unit (BG/BB: per opportunity), > 0,
 *                   finite (BG/BB: e^delta - 1 finite).
 * @param dert       Out: data->count discounted expected residual transactions.
 * @param row_status Out (optional): data->count statuses.
 * @return As clv_p_alive_rows(), and #CLV_EDOM for an invalid @p delta.
 */
CLV_API int clv_dert_rows(const clv_purchase_model *model, const clv_rfm_view *data,
                          double delta, double *dert, int32_t *row_status);

/**
 * @brief The log-likelihood of each row's customer (the terms whose weighted sum
 *        clv_bgnbd_loglik() and its siblings return; weights ignored).
 *
 * For a per-customer fit diagnostic or an outlier screen. The model may also be
 * #CLV_MODEL_GG (params p, q, gamma; the table's x and monetary columns, t_x and T unused).
 *
 * @param model      The model: any purchase model, or Gamma-Gamma.
 * @param data       The customer table.
 * @param loglik     Out: data->count log-likelihoods (natural log).
 * @param row_status Out (optional): data->count statuses.
 * @return As clv_p_alive_rows() (Gamma-Gamma: #CLV_EINVAL for a null monetary column).
 */
CLV_API int clv_loglik_rows(const clv_purchase_model *model, const clv_rfm_view *data,
                            double *loglik, int32_t *row_status);

/**
 * @brief Gamma-Gamma expected spend per transaction of every row (clv_gg_expected_spend()).
 *
 * Reads x and monetary only (t_x and T may be null). Without @p row_status every row is
 * checked before any output is written.
 *
 * @param params     The Gamma-Gamma parameters.
 * @param data       The customer table (x, monetary).
 * @param spend      Out: data->count expected spends, currency.
 * @param row_status Out (optional): data->count statuses.
 * @return #CLV_OK; #CLV_EINVAL for a null pointer or column or an empty table; #CLV_EDOM for
 *         invalid parameters; without @p row_status, the first row's error.
 */
CLV_API int clv_gg_expected_spend_rows(const clv_gg_params *params, const clv_rfm_view *data,
                                       double *spend, int32_t *row_status);

/**
 * @brief The value of every row's customer (clv_customer_value()).
 *
 * Cost: O(rows), each row a clv_customer_value() (well under a millisecond; see there), plus
 * one pass to check the table. A table of a million customers can take seconds: the
 * options' progress callback (clv_value_options::progress) is called with (rows done, rows)
 * every #CLV_VALUE_ROWS_PER_PROGRESS rows and after the last, and can cancel.
 *
 * @param model       The purchase model.
 * @param spend_model Gamma-Gamma parameters, or null to use the monetary column itself.
 * @param options     Margin, discount rate, period and horizon; null for the defaults.
 * @param data        The customer table (x, t_x, T, monetary; monetary may be null only
 *                    with a spend model, when every x is 0).
 * @param value       Out: data->count values, currency.
 * @param row_status  Out (optional): data->count statuses.
 * @return As clv_p_alive_rows(), and #CLV_ESTRUCT or #CLV_EDOM for bad options (an argument
 *         of the call: nothing is written); #CLV_ECANCELED when the progress callback
 *         returned nonzero: the rows it reported done are written (with their status), the
 *         others untouched.
 */
CLV_API int clv_customer_value_rows(const clv_purchase_model *model,
                                    const clv_gg_params *spend_model,
                                    const clv_value_options *options, const clv_rfm_view *data,
                                    double *value, int32_t *row_status);

/** @} */

/**
 * @defgroup clv_sim Random numbers and simulation
 * @brief A random-number generator held by the caller, synthetic customer bases drawn from
 *        each model's generative story, and parameter draws for a parametric bootstrap.
 *
 * **Generator.** xoshiro256** (Blackman & Vigna 2018, "Scrambled linear pseudorandom number
 * generators", ACM TOMS 47(4)): 256 bits of state in a plain struct the caller owns (on the
 * stack, one per thread or per stream), period 2^256 - 1, seeded from one 64-bit number
 * through splitmix64 (Steele, Lea & Flood 2014). clv_rng_jump() advances a state by 2^128
 * outputs: seed once, jump k times, and k streams never overlap in any practical run. The
 * outputs are the same on every platform (the variates up to the last bits of @c log and
 * @c exp). There is no hidden state: the same seed gives the same draws, in any thread.
 *
 * **Variates.** Uniform on (0, 1) (never 0 or 1), standard normal (Box & Muller 1958),
 * gamma (Marsaglia & Tsang 2000, with their boost for shapes below 1), beta (from two
 * gammas; Johnk 1964 for shapes below 1), Poisson (inversion below a mean of 12, Hormann's 1993 PTRS above), exponential and
 * geometric (inversion). A state that is all zero (never produced by clv_rng_seed()) is
 * #CLV_EINVAL. On error the state and the output are untouched.
 *
 * **Simulation.** clv_sim_customers() draws customers of a fitted purchase model (BG/NBD,
 * Pareto/NBD, MBG/NBD, BG/BB) with their calibration row (x, t_x for the caller's T), their
 * purchases in a holdout window after T, their mean spend from Gamma-Gamma, and optionally
 * every transaction; clv_sbg_simulate() (churn.h) draws an sBG cohort's survivors.
 * clv_param_draws() draws parameter vectors from a fit's asymptotic normal distribution for a
 * parametric bootstrap: re-score with each draw, read intervals off the results (see
 * docs/simulation.md).
 * @{
 */

/** The state of a xoshiro256** generator: four 64-bit words, not all zero. Fill it with
 *  clv_rng_seed(); copy it to fork a stream, or to replay one. */
typedef struct clv_rng {
    uint64_t s[4]; /**< The generator's state words. */
} clv_rng;

/** Largest mean clv_rng_poisson() accepts (counts stay exact in a double), also the largest
 *  expected number of purchases of one simulated customer in one window. */
#define CLV_RNG_POISSON_MAX_MEAN 1e12

/**
 * @brief Seed a generator: its four words are four successive outputs of splitmix64
 *        started at @p seed (Steele, Lea & Flood 2014). O(1).
 * @param rng  Out: the state.
 * @param seed Any 64-bit value (0 is fine).
 * @return #CLV_OK; #CLV_EINVAL for a null @p rng.
 */
CLV_API int clv_rng_seed(clv_rng *rng, uint64_t seed);

/**
 * @brief Advance a generator by 2^128 outputs (the published jump polynomial of xoshiro256),
 *        to start a stream that does not overlap the first for 2^128 draws. ~256 steps.
 * @param rng The state, advanced in place.
 * @return #CLV_OK; #CLV_EINVAL for a null or all-zero state.
 */
CLV_API int clv_rng_jump(clv_rng *rng);

/**
 * @brief The next raw 64-bit output of xoshiro256**.
 * @param rng   The state, advanced in place.
 * @param value Out: the output.
 * @return #CLV_OK; #CLV_EINVAL for a null pointer or an all-zero state.
 */
CLV_API int clv_rng_next(clv_rng *rng, uint64_t *value);

/**
 * @brief A uniform variate on (0, 1): (k + 1/2) 2^-52 for the top 52 bits k of one output,
 *        so never 0 (its logarithm is finite) and never 1.
 * @param rng The state, advanced in place.
 * @param u   Out: the variate, in [2^-53, 1 - 2^-53].
 * @return #CLV_OK; #CLV_EINVAL for a null pointer or an all-zero state.
 */
CLV_API int clv_rng_uniform(clv_rng *rng, double *u);

/**
 * @brief A standard normal variate (Box & Muller 1958: sqrt(-2 ln U1) cos(2 pi U2), two
 *        outputs per variate; |z| < 8.6 by the resolution of U1).
 * @param rng The state, advanced in place.
 * @param z   Out: the variate.
 * @return #CLV_OK; #CLV_EINVAL for a null pointer or an all-zero state.
 */
CLV_API int clv_rng_normal(clv_rng *rng, double *z);

/**
 * @brief A Gamma variate of shape @p shape and rate @p rate (mean shape / rate; the papers'
 *        Gamma(r, alpha) has rate alpha). Marsaglia & Tsang (2000), ACM TOMS 26(3),
 *        squeeze and log test; for shape < 1, Gamma(shape + 1) U^(1/shape) (their sec. 6).
 * @param rng   The state, advanced in place.
 * @param shape Shape, finite, > 0.
 * @param rate  Rate (inverse scale), finite, > 0, per unit of the variate.
 * @param x     Out: the variate, >= 0 (0 only by underflow for shapes near 0).
 * @return #CLV_OK; #CLV_EINVAL for a null pointer or an all-zero state; #CLV_EDOM for a
 *         shape or rate that is not finite and > 0; #CLV_ERANGE when the variate overflows
 *         (shape / rate near DBL_MAX).
 */
CLV_API int clv_rng_gamma(clv_rng *rng, double shape, double rate, double *x);

/**
 * @brief A Beta(a, b) variate, X / (X + Y) for X ~ Gamma(a), Y ~ Gamma(b), computed from
 *        their logarithms; for a, b < 1 by Johnk's (1964) method (acceptance >= 1/2), in
 *        logarithms that stay comparable for shapes down to the smallest doubles.
 * @param rng The state, advanced in place.
 * @param a   First shape, finite, > 0.
 * @param b   Second shape, finite, > 0.
 * @param x   Out: the variate, in [0, 1] (an end only by rounding, for extreme shapes).
 * @return #CLV_OK; #CLV_EINVAL for a null pointer or an all-zero state; #CLV_EDOM for
 *         shapes that are not finite and > 0.
 */
CLV_API int clv_rng_beta(clv_rng *rng, double a, double b, double *x);

/**
 * @brief A Poisson variate: inversion (sequential search) for means below 12, else the
 *        transformed rejection PTRS of Hormann (1993), Insurance: Mathematics and Economics
 *        12(1) 39-45. Bounded work at any mean.
 * @param rng  The state, advanced in place.
 * @param mean The mean, 0 <= mean <= #CLV_RNG_POISSON_MAX_MEAN.
 * @param k    Out: the count, a whole number.
 * @return #CLV_OK; #CLV_EINVAL for a null pointer or an all-zero state; #CLV_EDOM for a
 *         mean outside its range or NaN.
 */
CLV_API int clv_rng_poisson(clv_rng *rng, double mean, double *k);

/**
 * @brief An exponential variate of rate @p rate: -ln(U) / rate.
 * @param rng  The state, advanced in place.
 * @param rate Rate, finite, > 0 (the mean is 1 / rate).
 * @param x    Out: the variate, > 0.
 * @return #CLV_OK; #CLV_EINVAL for a null pointer or an all-zero state; #CLV_EDOM for a rate
 *         that is not finite and > 0.
 */
CLV_API int clv_rng_exponential(clv_rng *rng, double rate, double *x);

/**
 * @brief A geometric variate: the number of failures before the first success of
 *        Bernoulli(p) trials, floor(ln U / ln(1 - p)); P(k) = p (1 - p)^k, k = 0, 1, ...
 * @param rng The state, advanced in place.
 * @param p   Success probability, 0 < p <= 1.
 * @param k   Out: the count, a whole number (finite; beyond 2^53 for p below ~1e-14 it is
 *            rounded to a double).
 * @return #CLV_OK; #CLV_EINVAL for a null pointer or an all-zero state; #CLV_EDOM for p
 *         outside (0, 1] or NaN.
 */
CLV_API int clv_rng_geometric(clv_rng *rng, double p, double *k);

/** Options of clv_sim_customers(); a size-versioned struct (see @ref conventions). */
typedef struct clv_sim_options {
    uint32_t struct_size; /**< sizeof(clv_sim_options), set by clv_sim_options_init(). */
    uint32_t reserved;    /**< Must be 0. */
    double T;             /**< Observation length of every customer when the call's @c T
                               array is null: finite, >= 0, in the model's time unit (BG/BB:
                               a whole number of opportunities <=
                               #CLV_BGBB_MAX_OPPORTUNITIES). Default 52. */
    double holdout;       /**< Length of the holdout window after each customer's T, finite,
                               >= 0 (default 0: no holdout; BG/BB: whole opportunities, with
                               T + holdout <= #CLV_BGBB_MAX_OPPORTUNITIES). */
    clv_work_fn progress; /**< Called with (customers done, customers) every
                               #CLV_SIM_CUSTOMERS_PER_PROGRESS customers and after the last;
                               nonzero cancels (#CLV_ECANCELED). Null: none (default). */
    void *user_data;      /**< Passed to @c progress. */
    clv_diag *diag;       /**< Optional diagnostic record, cleared by the call and filled on
                               error (default null). */
} clv_sim_options;

/** Customers clv_sim_customers() draws between two calls of its progress callback (about a
 *  millisecond of work without transactions). */
#define CLV_SIM_CUSTOMERS_PER_PROGRESS 16384

/**
 * @brief Fill a clv_sim_options with its size and the defaults (T = 52, no holdout, no
 *        callback, no diag).
 * @param options Out: the options.
 * @return #CLV_OK; #CLV_EINVAL for a null @p options.
 */
CLV_API int clv_sim_options_init(clv_sim_options *options);

/** Where clv_sim_customers() writes every purchase of the simulated customers (optional): a
 *  transaction log sorted by customer, then time, as clv_rfm_summary() reads it. */
typedef struct clv_sim_transactions {
    uint64_t *customer; /**< Out: the customer's index (its row in the call's arrays). */
    double *time;       /**< Out: the time since the customer's first purchase: 0 for the
                             first, in (0, T] for the calibration repeat purchases, in
                             (T, T + holdout] for the holdout ones (BG/BB: the opportunity,
                             a whole number). */
    double *amount;     /**< Out (optional, null to skip): the purchase's value, drawn from
                             Gamma-Gamma when the call has a spend model; needs one. */
    size_t capacity;    /**< Entries the three arrays hold. */
    size_t count;       /**< Out: the entries written; on #CLV_ENOMEM the number needed. */
} clv_sim_transactions;

/**
 * @brief Simulate a customer base from a purchase model's generative story, into caller
 *        arrays of RFM rows (and optionally holdout counts, mean spend and every purchase).
 *
 * Each customer draws their own latent rates from the model's mixing distributions, then
 * their purchases over (0, T] after a first purchase at time 0 (BG/BB: opportunities 1..n),
 * and over (T, T + holdout]:
 * - BG/NBD (Fader, Hardie & Lee 2005, Marketing Science 24(2), sec. 2): purchase rate
 *   lambda ~ Gamma(r, alpha), dropout probability p ~ Beta(a, b); a Poisson process of rate
 *   lambda, and after each repeat purchase the customer drops out with probability p (so the
 *   number of repeat purchases up to the dropout is geometric on 1, 2, ...).
 * - MBG/NBD (Batislam, Denizel & Filiztekin 2007): as BG/NBD, with a dropout chance also
 *   right after the first purchase (geometric on 0, 1, ...).
 * - Pareto/NBD (Schmittlein, Morrison & Colombo 1987): lambda ~ Gamma(r, alpha), dropout rate
 *   mu ~ Gamma(s, beta), an exponential lifetime of rate mu.
 * - BG/BB (Fader, Hardie & Shang 2010): p ~ Beta(alpha, beta), theta ~ Beta(gamma, delta);
 *   alive at each opportunity with probability 1 - theta after the last, transacting with
 *   probability p while alive.
 * - Mean spend (with @p spend_model; Fader, Hardie & Lee 2005, "RFM and CLV", JMR 42(4);
 *   Fader & Hardie 2013): nu ~ Gamma(q, gamma) per customer, each purchase's value
 *   Gamma(p, nu); @p monetary is the mean of the x repeat purchases (0 when x = 0).
 *
 * The rows come out as the fits read them (clv_rfm_view with x, t_x, T, monetary), with
 * O(1) work per customer whatever its number of purchases: the counts are drawn as Poisson,
 * geometric or binomial variates and t_x as the largest of the purchase times given the
 * count. With @p transactions, each purchase is also written (O(purchases) more work,
 * bounded by the capacity): the times given the row are drawn from the order statistics of
 * uniforms, the values given their mean from a Dirichlet split. The transaction details
 * come from a generator seeded per customer from @p rng, so the rows are the same with or
 * without @p transactions, whatever its capacity.
 *
 * Bounds: a customer's expected purchases in a window (lambda T) above
 * #CLV_RNG_POISSON_MAX_MEAN is #CLV_ERANGE (parameters far outside any customer base);
 * BG/BB's binomial counts take O(log n) variates, and its log O(n + holdout) a customer.
 * Cost otherwise O(count): about 1 us a customer for the rows, a few more with the log
 * (bench/bench_simulate).
 *
 * @param rng          The generator, advanced in place.
 * @param model        The purchase model and its parameters (#CLV_MODEL_BGNBD,
 *                     #CLV_MODEL_PNBD, #CLV_MODEL_MBGNBD, #CLV_MODEL_BGBB), each finite, > 0.
 * @param spend_model  Gamma-Gamma parameters (finite, > 0), or null (then @p monetary and
 *                     transaction amounts must be null).
 * @param options      Options (common T, holdout, progress, diag), or null for the defaults.
 * @param count        Customers to draw, >= 1.
 * @param T            Per-customer observation lengths (count values, finite, >= 0; BG/BB
 *                     whole opportunities), or null for options->T for every customer.
 * @param x            Out: count repeat purchases in (0, T].
 * @param t_x          Out: count times of the last repeat purchase (0 when x = 0).
 * @param monetary     Out (optional): count mean values of the repeat purchases (0 when
 *                     x = 0); needs @p spend_model.
 * @param x_holdout    Out (optional): count purchases in (T, T + holdout].
 * @param transactions Out (optional): every purchase (see clv_sim_transactions).
 * @return #CLV_OK; #CLV_EINVAL for a null or all-zero @p rng, a null @p model, @p x or
 *         @p t_x, count 0, an unknown model or nonzero reserved field, @p monetary or
 *         amounts without a spend model, null transaction arrays; #CLV_ESTRUCT for bad
 *         options headers; #CLV_EDOM for invalid parameters, T or holdout (the diag names
 *         them). Up to here nothing is written and @p rng is untouched. Then, during the
 *         draws: #CLV_ERANGE for a customer whose expected purchases exceed the bound (the
 *         diag has the row, field #CLV_FIELD_X, rule #CLV_RULE_ABOVE_MAX, the expected count
 *         and the bound) or whose spend overflows a double (#CLV_FIELD_MONETARY or
 *         #CLV_FIELD_AMOUNT, #CLV_RULE_OVERFLOW); #CLV_ECANCELED when the progress callback cancelled -- in both
 *         cases the output arrays and @p rng are left in an unspecified, partly written
 *         state; #CLV_ENOMEM when the purchases do not fit the transactions' capacity: the
 *         rows are all written and valid, the transaction arrays hold an unspecified
 *         partial log, @c count is the number needed (also the diag's value, with field
 *         #CLV_FIELD_TRANSACTIONS and rule #CLV_RULE_TOO_SMALL): rerun from a copy of the
 *         same @p rng with that capacity for the same customers and their full log.
 */
CLV_API int clv_sim_customers(clv_rng *rng, const clv_purchase_model *model,
                              const clv_gg_params *spend_model, const clv_sim_options *options,
                              size_t count, const double *T, double *x, double *t_x,
                              double *monetary, double *x_holdout,
                              clv_sim_transactions *transactions);

/** clv_param_draws(): draw the parameters from N(estimate, covariance) as given, rejecting
 *  (and redrawing) a vector with a parameter <= 0. */
#define CLV_DRAW_NATURAL 0
/** clv_param_draws(): draw the logarithms of the parameters from the normal the delta method
 *  gives, N(log estimate, D^-1 C D^-1) with D = diag(estimate), so every draw is positive
 *  (a log-normal; fits work on this scale, see @ref clv_fit). */
#define CLV_DRAW_LOG 1
/** Most tries clv_param_draws() makes for one in-domain draw before giving up. */
#define CLV_DRAW_MAX_TRIES 1000

/**
 * @brief Draw parameter vectors from a fit's asymptotic normal distribution, for a
 *        parametric bootstrap of any prediction.
 *
 * The maximum-likelihood estimate is asymptotically normal around the true parameters with
 * the inverse of the observed information as covariance (clv_fit_report::covariance, on
 * the parameters themselves). Each draw is estimate + L z, z standard normal, L the Cholesky
 * factor of the covariance (#CLV_DRAW_NATURAL; a draw with a parameter <= 0 is redrawn, up to
 * #CLV_DRAW_MAX_TRIES times), or exp(log estimate + L' z) with L' the factor of the delta
 * method's covariance of the logarithms (#CLV_DRAW_LOG). Re-score with each draw (a
 * clv_purchase_model with @c params set from the draw) and take quantiles of the results for
 * an interval that carries the parameters' uncertainty (docs/simulation.md has the loop).
 * O(n_params^3 + n_draws n_params^2).
 *
 * @param rng        The generator, advanced in place.
 * @param n_params   Number of parameters, 1..#CLV_MAX_PARAMS.
 * @param estimate   The estimate, n_params values, each finite and > 0 (every model's
 *                   parameters are positive).
 * @param covariance Covariance, n_params x n_params row-major, finite, symmetric (to 1e-8
 *                   of its largest diagonal entry) and positive definite.
 * @param scale      #CLV_DRAW_NATURAL or #CLV_DRAW_LOG.
 * @param n_draws    Number of draws, >= 1.
 * @param draws      Out: n_draws x n_params values, draw by draw.
 * @param diag       Optional diagnostic record.
 * @return #CLV_OK; #CLV_EINVAL for a null pointer, n_params 0 or above #CLV_MAX_PARAMS,
 *         n_draws 0, an unknown @p scale, an all-zero @p rng; #CLV_EDOM for an estimate that
 *         is not finite and > 0, a covariance entry that is not finite
 *         (#CLV_FIELD_COVARIANCE, #CLV_RULE_NOT_FINITE), not symmetric
 *         (#CLV_RULE_NOT_SYMMETRIC) or not positive definite
 *         (#CLV_RULE_NOT_POSITIVE_DEFINITE); nothing written and @p rng untouched.
 *         #CLV_ENOCONV when #CLV_DRAW_MAX_TRIES draws in a row fell outside the domain
 *         (a standard error far above its estimate: use #CLV_DRAW_LOG), with
 *         #CLV_RULE_NO_VALID_DRAW; then @p draws and @p rng are partly written.
 */
CLV_API int clv_param_draws(clv_rng *rng, uint32_t n_params, const double *estimate,
                            const double *covariance, int scale, size_t n_draws, double *draws,
                            clv_diag *diag);

/**
 * @brief clv_param_draws() with the estimate and covariance of a fit report.
 * @param rng      The generator, advanced in place.
 * @param estimate The fit's estimate (report->n_params values, the params a fit wrote, e.g.
 *                 (const double *)&bgnbd_params).
 * @param report   The fit's report; its covariance must be available (covariance_ok = 1).
 * @param scale    #CLV_DRAW_NATURAL or #CLV_DRAW_LOG.
 * @param n_draws  Number of draws, >= 1.
 * @param draws    Out: n_draws x report->n_params values.
 * @param diag     Optional diagnostic record.
 * @return As clv_param_draws(); #CLV_EDOM with #CLV_FIELD_COVARIANCE and
 *         #CLV_RULE_NOT_POSITIVE_DEFINITE when the report says the covariance is not
 *         available.
 */
CLV_API int clv_param_draws_report(clv_rng *rng, const double *estimate,
                                   const clv_fit_report *report, int scale, size_t n_draws,
                                   double *draws, clv_diag *diag);

/** @} */

/**
 * @defgroup clv_checking Model checking: does the model fit?
 * @brief Goodness-of-fit diagnostics of the purchase models (BG/NBD, Pareto/NBD, MBG/NBD,
 *        BG/BB) over arrays the caller owns: tracking, frequency histogram with a chi-square
 *        test, conditional expectations, holdout accuracy, information criteria, a
 *        likelihood-ratio test and P(alive) / expected-purchases matrices.
 *
 * An analyst does not act on a CLV table until the model has been shown to fit. These are the
 * checks of Fader, Hardie & Lee (2005, "Counting your customers the easy way", Marketing
 * Science 24(2)): fig. 2 (tracking of cumulative repeat transactions), fig. 3 (the calibration
 * frequency histogram) and fig. 4 (conditional expectations), plus the accuracy figures and
 * tests a comparison of models needs. docs/model-checking.md reads each one on CDNOW.
 *
 * All are pure computations: no I/O, no allocation, no global state. Inputs are validated
 * before anything is written; on an error the outputs are untouched, except where a function
 * documents that a numerical error (#CLV_ERANGE, #CLV_ENOCONV) found while computing leaves
 * part of an output written. Binned results (histograms, tables) have at most
 * #CLV_CHECK_MAX_BINS bins. A bin holding no customer has count 0 and means 0 (never NaN):
 * read a mean together with its count. Rows may carry weights (clv_rfm_view::weight): a row
 * of weight w counts as w customers with the same history (and holdout purchases).
 * @{
 */

/** Most bins a histogram or table of this group may have (the bins are summed on the stack,
 *  so a call never allocates and leaves its outputs untouched on error). */
#define CLV_CHECK_MAX_BINS 1000

/** Options of the model-checking functions; a size-versioned struct (see @ref conventions).
 *  Each function reads only the fields its documentation names. */
typedef struct clv_check_options {
    uint32_t struct_size; /**< sizeof(clv_check_options), set by clv_check_options_init(). */
    uint32_t reserved;    /**< Must be 0. */
    double min_expected;  /**< clv_chi_square_test(): bins are merged until each group's
                               expected count is at least this, finite, > 0 (default 5). */
    clv_work_fn progress; /**< Work-progress callback, or null (default): called with (units
                               done, units) every 4,096 units (a few ms of work; each
                               function names its unit) and once after the last; nonzero
                               cancels with #CLV_ECANCELED (what is then written: see each
                               function). */
    void *user_data;      /**< Passed to @c progress. */
    clv_diag *diag;       /**< Optional diagnostic record (default null): cleared by the call
                               and filled when it fails, naming the array (@c field), the
                               index (@c row) and the rule. */
} clv_check_options;

/**
 * @brief Fill a clv_check_options with its size and the defaults (min_expected 5, no
 *        callback, no diagnostic record).
 * @param options Out: the options.
 * @return #CLV_OK; #CLV_EINVAL for a null @p options.
 */
CLV_API int clv_check_options_init(clv_check_options *options);

/**
 * @brief Expected repeat transactions of a whole customer base at calendar times (the
 *        "tracking" curve, FHL 2005 fig. 2).
 *
 * cumulative[j] = sum_i w_i E[X(times[j] - birth_i)], the sum over customers of the
 * unconditional expectation of each model (clv_bgnbd_expected_purchases_new(),
 * clv_pnbd_expected_purchases_new(), clv_mbgnbd_expected_purchases_new(),
 * clv_bgbb_expected_purchases_new()) counted from each customer's first purchase (a customer
 * not yet born at times[j] adds 0); incremental[j] = cumulative[j] - cumulative[j-1]
 * (incremental[0] = cumulative[0]), the expected repeat transactions in each interval.
 * Customers with equal birth times are one group, and each distinct difference times[j] -
 * birth is evaluated once (a table of 2,048 differences on the stack): the cost is O(n_customers
 * + groups x n_times) additions and at most that many model evaluations, far fewer on a
 * calendar grid (2.357 million customers born on 84 days over 78 weeks in weeks: ~700
 * evaluations of ~35 us each for BG/NBD, ~0.1 s in all, bench/bench_checking.c; a grid whose
 * differences are exact in floating point, e.g. whole days, shares more). For BG/BB times are
 * opportunities, and births and times must be whole numbers.
 *
 * @param model        The purchase model.
 * @param birth        Each customer's first-purchase time, finite, >= 0, in ascending order
 *                     (equal times together), in the model's time unit.
 * @param birth_weight Optional: the number of customers each entry stands for (finite,
 *                     >= 0), or null for 1 each -- a cohort table "births per day" is one
 *                     entry a day.
 * @param n_customers  Entries of @p birth, >= 1.
 * @param times        Calendar times, finite, >= 0, ascending (non-decreasing).
 * @param n_times      Entries of @p times, >= 1.
 * @param options      progress (units: groups x times) and diag, or null.
 * @param cumulative   Out (optional): @p n_times expected cumulative repeat transactions.
 * @param incremental  Out (optional): @p n_times expected repeat transactions per interval.
 * @return #CLV_OK; #CLV_EINVAL for a null required pointer, a zero count, an unknown model,
 *         both outputs null, or births or times out of order (#CLV_RULE_NOT_SORTED, field
 *         #CLV_FIELD_BIRTH or #CLV_FIELD_TIME, @c limit the previous value); #CLV_EDOM for
 *         invalid parameters, a negative or non-finite birth, time or weight, or a BG/BB time
 *         that is not whole; #CLV_ESTRUCT for bad options; #CLV_ECANCELED when the callback
 *         cancelled, #CLV_ERANGE / #CLV_ENOCONV from a model evaluation (then
 *         @p cumulative may be partly written, @p incremental is untouched).
 */
CLV_API int clv_tracking_expected(const clv_purchase_model *model, const double *birth,
                                  const double *birth_weight, size_t n_customers,
                                  const double *times, size_t n_times,
                                  const clv_check_options *options, double *cumulative,
                                  double *incremental);

/**
 * @brief Actual repeat transactions of a customer base at calendar times, from a transaction
 *        log (the series clv_tracking_expected() is compared with).
 *
 * The log is sorted by customer, then time (as clv_rfm_summary() reads it). A customer's
 * first transaction is the first purchase (not a repeat); every later transaction at a time
 * different from the customer's previous one is a repeat transaction at that time
 * (transactions at the same time are one purchase, so a log in whole days counts purchase
 * days, as FHL 2005 do). cumulative[j] counts the repeat transactions at times <= times[j];
 * incremental[j] those in (times[j-1], times[j]] (incremental[0] = cumulative[0]).
 * O(n log n_times) time, no allocation.
 *
 * @param customer    Customer id of each transaction.
 * @param time        Time of each transaction, finite, in the unit of @p times.
 * @param n           Transactions, >= 1.
 * @param times       Calendar times, finite, ascending (non-decreasing).
 * @param n_times     Entries of @p times, >= 1.
 * @param options     diag, or null.
 * @param cumulative  Out (optional): @p n_times cumulative repeat transactions.
 * @param incremental Out (optional): @p n_times repeat transactions per interval.
 * @return #CLV_OK; #CLV_EINVAL for a null required pointer, zero counts, both outputs null or
 *         an unsorted log or grid (#CLV_RULE_NOT_SORTED); #CLV_EDOM for a non-finite time;
 *         #CLV_ESTRUCT for bad options.
 */
CLV_API int clv_tracking_actual(const uint64_t *customer, const double *time, size_t n,
                                const double *times, size_t n_times,
                                const clv_check_options *options, double *cumulative,
                                double *incremental);

/**
 * @brief Expected and actual numbers of customers with 0, 1, ..., k-1 and k or more repeat
 *        purchases in the calibration period (FHL 2005 fig. 3; lifetimes'
 *        plot_period_transactions).
 *
 * expected[x] = sum_i w_i P(X(T_i) = x) for x < k (clv_bgnbd_prob_purchases() and its
 * siblings; BG/BB clv_bgbb_prob_purchases() with n = T_i), expected[k] = sum_i w_i (1 - sum_{x<k}
 * P(X(T_i) = x)) (never below 0); actual[x] counts the rows with that x (actual[k]: x >= k).
 * Rows with the same T as the row before share their probabilities: a table sorted by T (or
 * in whole periods) costs O(distinct T x k) evaluations, else O(count x k).
 * Compare them with clv_chi_square_test().
 *
 * @param model    The purchase model.
 * @param data     The calibration table (x, t_x, T, optional weight).
 * @param k        The last bin, "k or more", 1 <= k < #CLV_CHECK_MAX_BINS.
 * @param options  progress (units: rows) and diag, or null.
 * @param expected Out: k + 1 expected numbers of customers.
 * @param actual   Out (optional): k + 1 actual numbers of customers (weighted).
 * @return #CLV_OK; #CLV_EINVAL for a null pointer or column, an empty table, an unknown model
 *         or k out of range; #CLV_EDOM for invalid parameters or rows (BG/BB: its own history
 *         rules too; diag names the row); #CLV_ESTRUCT; #CLV_ECANCELED; #CLV_ERANGE if a
 *         probability cannot be evaluated (outputs untouched in every case).
 */
CLV_API int clv_frequency_histogram(const clv_purchase_model *model, const clv_rfm_view *data,
                                    uint32_t k, const clv_check_options *options,
                                    double *expected, double *actual);

/** Result of clv_chi_square_test(). */
typedef struct clv_chi_square_result {
    double statistic; /**< Pearson's sum over the merged groups of (O - E)^2 / E. */
    double df;        /**< Degrees of freedom: groups - 1 - n_params. */
    double p_value;   /**< P(chi-square(df) >= statistic) (clv_chi_square_p_value()). */
    double groups;    /**< Number of groups after merging. */
} clv_chi_square_result;

/**
 * @brief Pearson's chi-square goodness-of-fit test of observed against expected counts, with
 *        small bins merged.
 *
 * Merging rule: the bins are taken in order and added into a group until the group's expected
 * count reaches clv_check_options::min_expected (default 5); the group is then closed and the
 * next begins. A last group still below the threshold is merged into the group before it
 * (when there is one). So a histogram 0, 1, ..., k+ keeps its well-filled low bins and merges
 * the sparse tail. The statistic sums (O - E)^2 / E over the groups, the degrees of freedom
 * are groups - 1 - @p n_params (the parameters fitted to the same data), and the p-value is
 * the chi-square survival function Q(df/2, statistic/2) (regularised upper incomplete gamma).
 * O(bins).
 *
 * @param expected Expected counts (finite, >= 0; their total > 0).
 * @param observed Observed counts (finite, >= 0).
 * @param bins     Entries of each, >= 2.
 * @param n_params Parameters estimated from the data (4 for the purchase models).
 * @param options  min_expected and diag, or null.
 * @param result   Out: statistic, df, p-value and the number of groups.
 * @param group    Out (optional): @p bins entries, the group (0-based) of each bin.
 * @return #CLV_OK; #CLV_EINVAL for a null required pointer or bins < 2; #CLV_EDOM for a
 *         negative or non-finite count, min_expected not finite and > 0, or fewer than
 *         n_params + 2 groups after merging (df < 1: #CLV_RULE_TOO_FEW_BINS, @c value the
 *         groups, @c limit the groups needed); #CLV_ESTRUCT.
 */
CLV_API int clv_chi_square_test(const double *expected, const double *observed, size_t bins,
                                uint32_t n_params, const clv_check_options *options,
                                clv_chi_square_result *result, uint32_t *group);

/**
 * @brief The chi-square survival function: P(chi-square(df) >= statistic) =
 *        Q(df/2, statistic/2), the regularised upper incomplete gamma function (series or
 *        Legendre's continued fraction, DLMF 8.11.4 and 8.9.2; within 1e-13 of mpmath over
 *        df 0.5..2000 and statistic 0..1e4, tests/oracles/checking_oracles.py).
 * @param statistic The statistic, finite, >= 0.
 * @param df        Degrees of freedom, finite, > 0, at most 1e7.
 * @param p         Out: the p-value, in [0, 1].
 * @return #CLV_OK; #CLV_EINVAL for a null @p p; #CLV_EDOM outside the domain.
 */
CLV_API int clv_chi_square_p_value(double statistic, double df, double *p);

/**
 * @brief Mean holdout purchases against the model's conditional expectation, by calibration
 *        frequency x = 0, 1, ..., k-1 and k or more (FHL 2005 fig. 4).
 *
 * For each bin: count[b] the (weighted) customers, mean_actual[b] their mean holdout
 * purchases, mean_predicted[b] their mean of E[X(holdout_length) | x, t_x, T]
 * (clv_expected_purchases_rows(); BG/BB: @p holdout_length future opportunities). An empty bin
 * has count 0 and means 0. Cost: O(count) conditional expectations (vectorised in blocks of
 * 256 where the model has a vector form).
 *
 * @param model          The purchase model.
 * @param data           The calibration table (x, t_x, T, optional weight).
 * @param holdout        Each row's actual purchases in the holdout period (finite, >= 0;
 *                       e.g. clv_rfm_table::x_holdout).
 * @param holdout_length Length of the holdout period, finite, >= 0 (BG/BB: whole).
 * @param k              The last bin, "k or more", 1 <= k < #CLV_CHECK_MAX_BINS.
 * @param options        progress (units: rows) and diag, or null.
 * @param count          Out: k + 1 numbers of customers.
 * @param mean_actual    Out: k + 1 mean holdout purchases.
 * @param mean_predicted Out: k + 1 mean predicted holdout purchases.
 * @return #CLV_OK; #CLV_EINVAL for a null pointer or column, an empty table, an unknown
 *         model, k out of range; #CLV_EDOM for invalid parameters, rows (diag names the row),
 *         holdout values (#CLV_FIELD_HOLDOUT) or length; #CLV_ESTRUCT; #CLV_ECANCELED;
 *         #CLV_ERANGE / #CLV_ENOCONV from an expectation (outputs untouched in every case).
 */
CLV_API int clv_conditional_by_frequency(const clv_purchase_model *model,
                                         const clv_rfm_view *data, const double *holdout,
                                         double holdout_length, uint32_t k,
                                         const clv_check_options *options, double *count,
                                         double *mean_actual, double *mean_predicted);

/**
 * @brief Mean holdout purchases against the model's conditional expectation, by recency bins
 *        of the caller's choosing.
 *
 * As clv_conditional_by_frequency(), with the rows binned by t_x: bin b holds
 * edges[b] <= t_x < edges[b+1], the last bin also t_x = edges[n_bins]. The bins must cover
 * every row's t_x: a row outside is #CLV_EDOM (diag: the row, #CLV_FIELD_T_X,
 * #CLV_RULE_BELOW_MIN or #CLV_RULE_ABOVE_MAX with the edge in @c limit). Binning costs
 * O(log n_bins) a row.
 *
 * @param model          The purchase model.
 * @param data           The calibration table.
 * @param holdout        Each row's actual holdout purchases (finite, >= 0).
 * @param holdout_length Length of the holdout period, finite, >= 0 (BG/BB: whole).
 * @param edges          n_bins + 1 finite, strictly increasing bin edges.
 * @param n_bins         Bins, 1 <= n_bins <= #CLV_CHECK_MAX_BINS.
 * @param options        progress and diag, or null.
 * @param count          Out: n_bins numbers of customers.
 * @param mean_actual    Out: n_bins mean holdout purchases.
 * @param mean_predicted Out: n_bins mean predicted holdout purchases.
 * @return As clv_conditional_by_frequency(); #CLV_EINVAL also for edges that do not
 *         strictly increase (#CLV_FIELD_EDGES, #CLV_RULE_NOT_SORTED), #CLV_EDOM for a
 *         non-finite edge or a row outside the bins.
 */
CLV_API int clv_conditional_by_recency(const clv_purchase_model *model,
                                       const clv_rfm_view *data, const double *holdout,
                                       double holdout_length, const double *edges,
                                       size_t n_bins, const clv_check_options *options,
                                       double *count, double *mean_actual,
                                       double *mean_predicted);

/** Holdout accuracy of per-customer predictions (clv_holdout_accuracy()). */
typedef struct clv_accuracy {
    double count;          /**< Customers (sum of weights). */
    double mae;            /**< Mean absolute error, mean |predicted - actual|. */
    double rmse;           /**< Root mean squared error. */
    double bias;           /**< Mean error, mean (predicted - actual). */
    double correlation;    /**< Pearson correlation of predicted and actual, in [-1, 1];
                                0 when it is not defined (see correlation_defined). */
    double correlation_defined; /**< 1 when both series vary, else 0 (then correlation is
                                     0, a sentinel, not a measurement). */
    double mean_predicted; /**< Mean prediction. */
    double mean_actual;    /**< Mean actual. */
} clv_accuracy;

/**
 * @brief MAE, RMSE, bias and Pearson correlation of per-customer predictions against actual
 *        holdout purchases, for comparing models on the user's own data.
 *
 * Weighted means over the rows (weights null: 1 each). The correlation is computed from
 * centred sums (two passes), so a constant offset does not cost precision. O(count).
 *
 * @param predicted Predictions (e.g. clv_expected_purchases_rows() over the holdout length),
 *                  finite.
 * @param actual    Actual values, finite.
 * @param weight    Optional weights, finite, >= 0, total > 0; null for 1 each.
 * @param count     Rows, >= 1.
 * @param options   diag, or null.
 * @param result    Out: the figures.
 * @return #CLV_OK; #CLV_EINVAL for a null required pointer or count 0; #CLV_EDOM for a
 *         non-finite value, a negative weight or a zero total weight (diag: the array and
 *         row); #CLV_ERANGE if a sum overflows; #CLV_ESTRUCT.
 */
CLV_API int clv_holdout_accuracy(const double *predicted, const double *actual,
                                 const double *weight, size_t count,
                                 const clv_check_options *options, clv_accuracy *result);

/**
 * @brief Calibration table: predictions binned, mean predicted against mean actual per bin.
 *
 * With @p edges, bin b holds edges[b] <= predicted < edges[b+1] (the last bin also its upper
 * edge); a row outside is #CLV_EDOM. Without (null), @p n_bins bins of equal weight by the
 * quantiles of the predictions: the j-th cut c_j is the smallest prediction at or below
 * which at least j/n_bins of the total weight lies, and bin b holds c_b < predicted <=
 * c_(b+1) (c_0 = -infinity, c_(n_bins) = +infinity), so ties never straddle two bins (and a
 * bin may be empty when many rows tie). The cuts are found by bisection over the doubles
 * (at most 64 passes each): O(64 n_bins count), e.g. 2 ms for CDNOW's 2,357 rows in 10 bins.
 *
 * @param predicted      Predictions, finite.
 * @param actual         Actual values, finite.
 * @param weight         Optional weights, finite, >= 0 (null: 1 each).
 * @param count          Rows, >= 1.
 * @param edges          n_bins + 1 finite, strictly increasing edges, or null for quantile
 *                       bins.
 * @param n_bins         Bins, 1 <= n_bins <= #CLV_CHECK_MAX_BINS.
 * @param options        progress (called after each pass over the rows, with (passes,
 *                       64 (n_bins - 1)), an upper bound) and diag, or null.
 * @param bin_edges      Out (optional): n_bins + 1 edges used: @p edges, or the smallest
 *                       prediction, the cuts c_1 .. c_(n_bins-1), and the largest prediction.
 * @param bin_count      Out: n_bins numbers of customers.
 * @param mean_predicted Out: n_bins mean predictions (0 for an empty bin).
 * @param mean_actual    Out: n_bins mean actual values (0 for an empty bin).
 * @return #CLV_OK; #CLV_EINVAL for a null required pointer, count 0, n_bins out of range or
 *         edges not strictly increasing; #CLV_EDOM for non-finite values, negative weights
 *         or a row outside the given edges; #CLV_ESTRUCT; #CLV_ECANCELED (outputs
 *         untouched).
 */
CLV_API int clv_calibration_table(const double *predicted, const double *actual,
                                  const double *weight, size_t count, const double *edges,
                                  size_t n_bins, const clv_check_options *options,
                                  double *bin_edges, double *bin_count,
                                  double *mean_predicted, double *mean_actual);

/**
 * @brief Akaike and Bayesian information criteria of a fit: AIC = 2 k - 2 LL, BIC = k ln(n) -
 *        2 LL (Akaike 1974; Schwarz 1978), k = report->n_params, LL = report->loglik.
 *
 * Lower is better; compare models fitted to the same customers. O(1).
 *
 * @param report The fit report (loglik finite, 1 <= n_params <= #CLV_MAX_PARAMS).
 * @param n_obs  Number of observations the fit used (customers: the sum of the weights),
 *               finite, > 0.
 * @param aic    Out (optional): AIC.
 * @param bic    Out (optional): BIC.
 * @return #CLV_OK; #CLV_EINVAL for a null @p report; #CLV_EDOM for a non-finite loglik,
 *         n_params out of range or n_obs not finite and > 0.
 */
CLV_API int clv_information_criteria(const clv_fit_report *report, double n_obs, double *aic,
                                     double *bic);

/**
 * @brief Likelihood-ratio test of a restricted fit nested in a fuller one (e.g. one pooled
 *        fit against a fit per segment: df = 4 (segments - 1)).
 *
 * statistic = 2 (LL_full - LL_restricted), asymptotically chi-square(df) under the restricted
 * model (Wilks 1938); p = clv_chi_square_p_value(statistic, df). A slightly negative
 * difference from the optimizers' tolerance (down to -1e-6 max(1, |LL_full|)) counts as 0;
 * a larger one means the fits are not nested (or one did not converge) and is #CLV_EDOM.
 * O(1).
 *
 * @param loglik_restricted Log-likelihood of the restricted (fewer-parameter) fit, finite.
 * @param loglik_full       Log-likelihood of the full fit, finite.
 * @param df                Parameters the full fit has beyond the restricted one, finite,
 *                          > 0.
 * @param statistic         Out (optional): the statistic, >= 0.
 * @param p_value           Out (optional): the p-value.
 * @return #CLV_OK; #CLV_EDOM for non-finite values, df <= 0 or a negative statistic.
 */
CLV_API int clv_likelihood_ratio_test(double loglik_restricted, double loglik_full, double df,
                                      double *statistic, double *p_value);

/**
 * @brief P(alive) and conditional expected purchases over a frequency x recency grid, for a
 *        customer observed for @p T (lifetimes' conditional_probability_alive_matrix).
 *
 * Cell (x, j), row-major with x = 0..max_x the rows and j the columns: the history
 * (x, t_x[j], T). A cell no customer can have -- x = 0 with t_x > 0, t_x > T, and for BG/BB
 * x > t_x or x > 0 with t_x = 0 -- is marked impossible: possible[cell] = 0 and its values
 * hold the sentinel 0 (never NaN); possible cells have possible[cell] = 1. Read the values
 * only where possible is 1. Cost: (max_x + 1) x n_t_x evaluations.
 *
 * @param model    The purchase model.
 * @param max_x    Largest frequency, < 100000.
 * @param t_x      Recency grid, finite, >= 0 (BG/BB: whole), @p n_t_x entries (any order).
 * @param n_t_x    Entries of @p t_x, >= 1.
 * @param T        Observation length, finite, >= 0 (BG/BB: whole, at most
 *                 #CLV_BGBB_MAX_OPPORTUNITIES).
 * @param horizon  Horizon of the expectations, finite, >= 0 (BG/BB: whole opportunities).
 * @param options  progress (units: cells) and diag, or null.
 * @param p_alive  Out (optional): (max_x + 1) x n_t_x probabilities.
 * @param expected Out (optional): (max_x + 1) x n_t_x expected purchases in @p horizon.
 * @param possible Out: (max_x + 1) x n_t_x flags, 1 possible, 0 impossible.
 * @return #CLV_OK; #CLV_EINVAL for a null required pointer, both value outputs null, an
 *         unknown model or n_t_x 0; #CLV_EDOM for invalid parameters, grid, T or horizon;
 *         #CLV_ESTRUCT; #CLV_ECANCELED, #CLV_ERANGE or #CLV_ENOCONV from a cell (then the
 *         cells before it are written, the others untouched).
 */
CLV_API int clv_frequency_recency_matrix(const clv_purchase_model *model, uint32_t max_x,
                                         const double *t_x, size_t n_t_x, double T,
                                         double horizon, const clv_check_options *options,
                                         double *p_alive, double *expected, int32_t *possible);

/** @} */

/**
 * @defgroup clv_interval Uncertainty of predictions: delta-method intervals
 * @brief Standard errors and confidence intervals of every prediction of a fitted model
 *        (P(alive), expected purchases, DERT, expected spend, customer value) from the fit's
 *        covariance, by the delta method.
 *
 * A prediction g(theta) of a maximum-likelihood estimate theta with (asymptotic) covariance C
 * (clv_fit_report::covariance, on the parameters themselves) has the standard error
 * se = sqrt(grad' C grad), grad = dg/dtheta (the delta method; e.g. Casella & Berger 2002,
 * "Statistical inference", sec. 5.5.4). The interval at confidence level L, z = Phi^-1((1 +
 * L)/2), is on one of three scales:
 * - #CLV_INTERVAL_LOG (the default): exp(log g -/+ z se/g) -- the delta method applied to
 *   log g, whose sampling distribution is closer to normal for a positive quantity; the
 *   interval stays positive and is asymmetric around g;
 * - #CLV_INTERVAL_NATURAL: g -/+ z se (may go below 0);
 * - #CLV_INTERVAL_LOGIT: for a probability, expit(logit g -/+ z se/(g (1 - g))): inside (0, 1).
 *
 * **Gradients.** Analytic where the prediction has a closed form: P(alive) of every purchase
 * model is A/L with L the customer's likelihood and A its "alive at T" term, so
 * d log P(alive) = d log A - d log L with d log L the model's analytic log-likelihood gradient
 * on a one-row table and d log A digamma and rational terms (Fader, Hardie & Lee 2005 eq. 3
 * and appendix; Schmittlein et al. 1987 eq. 11 / Fader & Hardie 2005 note 008; Batislam et
 * al. 2007; Fader, Hardie & Shang 2010 eq. 11); the Gamma-Gamma expected spend p (gamma + x
 * zbar)/(p x + q - 1) (Fader & Hardie 2013 eq. 5) by the quotient rule. The others go through
 * Gauss 2F1, quadratures or sums (conditional and new-customer expected purchases, DERT,
 * customer value): their gradient is a central difference in the log-parameters,
 * (g(theta_i e^h) - g(theta_i e^-h))/(2h) = theta_i dg/dtheta_i + O(h^2), with h = 1/16,
 * 1/32, ... (at most 6 steps) extrapolated to h = 0 by Richardson's tableau (Ridders 1982,
 * "Accurate computation of F'(x) and F'(x) F''(x)", Adv. Eng. Software 4(2)), which also
 * gives an error estimate (the difference of the last two extrapolations). A customer value
 * with a spend model factors as margin x spend x (discounted purchases): its spend-parameter
 * gradient is value / spend x the analytic spend gradient. The gradients agree with mpmath's
 * (tests/oracles/intervals_oracles.py) to 1e-7 relative.
 *
 * **Parameters and covariance.** The gradient and covariance run over the purchase model's 4
 * parameters (in clv_purchase_model::params order) for P(alive), expected purchases and
 * DERT; over the Gamma-Gamma (p, q, gamma) for the expected spend; and over the 4 purchase
 * parameters followed by the 3 spend parameters (7) for a value with a spend model (4
 * without). The purchase and spend models are fitted separately, so a caller usually fills the
 * 7 x 7 matrix block-diagonally with the two reports' covariances (the off-diagonal blocks
 * zero: the spend model's likelihood does not involve the purchase parameters). The
 * covariance must be finite, symmetric (to 1e-8 of its largest diagonal entry) and positive
 * semi-definite (its Cholesky factor exists after adding 1e-10 of the largest diagonal entry
 * to the diagonal): otherwise #CLV_EDOM with #CLV_FIELD_COVARIANCE and
 * #CLV_RULE_NOT_SYMMETRIC or #CLV_RULE_NOT_POSITIVE_DEFINITE, as clv_param_draws().
 *
 * The delta method is first order: it is good when the standard errors are small beside the
 * estimates. With a covariance a hundredth of CDNOW's BG/NBD one it matches the parametric
 * bootstrap's spread within the Monte Carlo error; with CDNOW's own the bootstrap's spread of
 * the purchase predictions is 2-17% wider, and of the Gamma-Gamma spend up to 3x
 * (tests/test_intervals.c, docs/uncertainty.md): for small bases, spend and value, check with
 * a bootstrap (clv_param_draws()). Nothing allocates; no global state.
 * @{
 */

/** Quantity of clv_prediction_gradient() and clv_interval_rows(): P(alive) at T. */
#define CLV_INTERVAL_P_ALIVE 1
/** Quantity: expected purchases in the next clv_interval_options::horizon of a customer with
 *  history (x, t_x, T) (BG/BB: future opportunities n*). */
#define CLV_INTERVAL_EXPECTED_PURCHASES 2
/** Quantity: expected purchases of a new customer in clv_interval_options::horizon
 *  (BG/BB: opportunities); the history is not read. */
#define CLV_INTERVAL_EXPECTED_NEW 3
/** Quantity: DERT at the continuous rate clv_interval_options::delta (as clv_dert_rows()). */
#define CLV_INTERVAL_DERT 4
/** Quantity: Gamma-Gamma expected spend per transaction (clv_gg_expected_spend()); the
 *  purchase model is not read and may be null. */
#define CLV_INTERVAL_SPEND 5
/** Quantity: the customer's value (clv_customer_value(), options clv_interval_options::value). */
#define CLV_INTERVAL_VALUE 6
/** Quantity: P(X(t) = n | x, t_x, T), the probability of exactly n = clv_interval_options::count
 *  purchases in the next t = clv_interval_options::horizon (the model's
 *  _prob_purchases_cond(); BG/BB: x* = count purchases in n* = horizon opportunities). n = 0
 *  is the churn-risk flag "no purchase in the next t". A probability: the logit scale keeps
 *  its interval inside (0, 1). */
#define CLV_INTERVAL_PROB_PURCHASES 7

/** Interval scale: exp(log g -/+ z se/g), for a positive quantity (the default). */
#define CLV_INTERVAL_LOG 0
/** Interval scale: g -/+ z se. */
#define CLV_INTERVAL_NATURAL 1
/** Interval scale: expit(logit g -/+ z se/(g (1 - g))), for a probability in (0, 1). */
#define CLV_INTERVAL_LOGIT 2

/** Options of the interval functions (size-versioned, see @ref conventions). Two layouts
 *  exist: the current one, and the one before @c count, whose struct_size is
 *  offsetof(clv_interval_options, count) (count 0). Any struct_size between the two is
 *  #CLV_ESTRUCT. */
typedef struct clv_interval_options {
    uint32_t struct_size; /**< sizeof(clv_interval_options), set by clv_interval_options_init(). */
    uint32_t reserved;    /**< Must be 0. */
    double level;         /**< Confidence level, in (0, 1) (default 0.95). */
    int32_t scale;        /**< #CLV_INTERVAL_LOG (default), #CLV_INTERVAL_NATURAL or
                               #CLV_INTERVAL_LOGIT. */
    uint32_t reserved2;   /**< Must be 0. */
    double horizon;       /**< Horizon t of the expected purchases, finite, >= 0, in the
                               model's time unit (BG/BB: a whole number of opportunities;
                               default 1). */
    double delta;         /**< Continuous discount rate of DERT per time unit (BG/BB: per
                               opportunity), finite, > 0 (default 0.01). */
    const clv_value_options *value; /**< Options of the value (margin, discount, period,
                                         horizon), or null for clv_value_options_init()'s. */
    clv_diag *diag;       /**< Optional diagnostic record (default null): a bad covariance,
                               level, scale or quantity. */
    clv_work_fn progress; /**< Work-progress callback, or null (default). Called with (rows
                               done, rows) -- (0, 1) and (1, 1) for one customer -- after
                               each parameter of a numerical gradient (at most 12
                               evaluations of the prediction: ~12 ms for a long-horizon
                               value) and after each row; nonzero cancels with
                               #CLV_ECANCELED. */
    void *user_data;      /**< Passed to @c progress. */
    double count;         /**< The number of purchases n of #CLV_INTERVAL_PROB_PURCHASES, a
                               whole number >= 0 (default 0); not read otherwise. */
} clv_interval_options;

/**
 * @brief Fill a clv_interval_options with its size and the defaults (95%, log scale, horizon
 *        1, delta 0.01, default value options, no diag).
 * @param options Out: the options.
 * @return #CLV_OK; #CLV_EINVAL for a null @p options.
 */
CLV_API int clv_interval_options_init(clv_interval_options *options);

/**
 * @brief One customer's prediction and its gradient with respect to the parameters.
 *
 * See the group's description for the parameters the gradient runs over and how it is
 * computed. Cost: an analytic gradient costs about two evaluations of the prediction; a
 * numerical one up to 12 per parameter (a value with a long horizon: ~1 ms each).
 *
 * @param model          The purchase model (may be null for #CLV_INTERVAL_SPEND).
 * @param spend_model    Gamma-Gamma parameters: required for #CLV_INTERVAL_SPEND; optional
 *                       for #CLV_INTERVAL_VALUE (null: @p monetary is the spend, as
 *                       clv_customer_value()); not read otherwise.
 * @param quantity       A #CLV_INTERVAL_P_ALIVE ... #CLV_INTERVAL_VALUE code.
 * @param options        Options (horizon, delta, value); null for the defaults.
 * @param x              Repeat purchases.
 * @param t_x            Time of the last purchase.
 * @param T              Observation length (BG/BB: opportunities n).
 * @param monetary       Mean spend per repeat purchase (spend and value; else not read).
 * @param estimate       Out: the prediction (the one-customer function's value).
 * @param gradient       Out: d estimate / d parameter, @p n_params values (room for
 *                       #CLV_MAX_PARAMS).
 * @param gradient_error Out (optional): an estimate of each gradient entry's absolute error
 *                       (0 for an analytic one).
 * @param n_params       Out: the number of parameters (3, 4 or 7).
 * @return #CLV_OK; #CLV_EINVAL for a null pointer, an unknown model or quantity, a nonzero
 *         reserved field; #CLV_ESTRUCT for bad options headers; #CLV_EDOM for invalid
 *         parameters, history or options; the one-customer function's error (#CLV_ERANGE,
 *         #CLV_ENOCONV), also at a point of the difference scheme (parameters within a factor
 *         e^(1/16) of the estimate); #CLV_ECANCELED when clv_interval_options::progress
 *         returned nonzero. Nothing is written on error.
 */
CLV_API int clv_prediction_gradient(const clv_purchase_model *model,
                                    const clv_gg_params *spend_model, int quantity,
                                    const clv_interval_options *options, double x, double t_x,
                                    double T, double monetary, double *estimate,
                                    double *gradient, double *gradient_error,
                                    uint32_t *n_params);

/**
 * @brief The delta-method standard error and interval of any prediction from its gradient.
 *
 * se = sqrt(grad' C grad); the interval at clv_interval_options::level on its scale (see the
 * group). On the log scale an estimate of 0 with se 0 gives [0, 0]; on the logit scale an
 * estimate of exactly 0 or 1 with se at most 64 DBL_EPSILON (a gradient that is 0 up to
 * rounding, as for BG/NBD's P(alive) of a customer with x = 0) gives [g, g]. O(n_params^3).
 *
 * @param estimate   The prediction g, finite (> 0 for the log scale, in [0, 1] for logit).
 * @param gradient   dg/dtheta, @p n_params finite values.
 * @param n_params   1..#CLV_MAX_PARAMS.
 * @param covariance n_params x n_params row-major (see the group for its checks).
 * @param options    Level and scale (the quantity fields are not read); null for defaults.
 * @param lower      Out: lower end.
 * @param upper      Out: upper end.
 * @param std_error  Out (optional): se.
 * @return #CLV_OK; #CLV_EINVAL for a null pointer, n_params out of range, an unknown scale;
 *         #CLV_ESTRUCT for bad options headers; #CLV_EDOM for a level outside (0, 1), a
 *         non-finite estimate or gradient, an estimate outside the scale's domain (or on its
 *         edge with se > 0; for logit, se > 64 DBL_EPSILON), a bad covariance (diag: #CLV_FIELD_COVARIANCE). Nothing is
 *         written on error.
 */
CLV_API int clv_delta_interval(double estimate, const double *gradient, uint32_t n_params,
                               const double *covariance, const clv_interval_options *options,
                               double *lower, double *upper, double *std_error);

/**
 * @brief Prediction, standard error and interval of every row of a table.
 *
 * Each row is clv_prediction_gradient() then clv_delta_interval(); the covariance and options
 * are checked once. Row status and untouched outputs as the @ref clv_rows functions: with
 * @p row_status a bad row does not stop the others; without, the table's histories are
 * checked first (clv_rfm_check(), nothing written on a bad row) and any other row error
 * (a BG/BB rule, a monetary value, #CLV_ERANGE) is returned with the rows before it
 * written. Weights are ignored. Cost: O(count) predictions and
 * gradients (see clv_prediction_gradient()): microseconds a row for analytic gradients, up to
 * tens of ms for numerical ones of slow quantities (BG/NBD DERT, long-horizon value), so the
 * options' progress callback is called with (rows done, rows) after each parameter of a
 * numerical gradient and after each row, and can cancel: the rows reported done are written
 * (with their status), the others untouched.
 *
 * @param model       The purchase model (null allowed for #CLV_INTERVAL_SPEND).
 * @param spend_model Gamma-Gamma parameters (see clv_prediction_gradient()).
 * @param quantity    A #CLV_INTERVAL_P_ALIVE ... #CLV_INTERVAL_VALUE code.
 * @param covariance  Covariance of the parameters the gradient runs over (3, 4 or 7 square).
 * @param options     Level, scale, horizon, delta, value options; null for the defaults.
 * @param data        The customer table (x, t_x, T; monetary for spend and value).
 * @param lower       Out: data->count lower ends.
 * @param estimate    Out: data->count predictions.
 * @param upper       Out: data->count upper ends.
 * @param std_error   Out (optional): data->count standard errors.
 * @param row_status  Out (optional): data->count statuses.
 * @return #CLV_OK; #CLV_EINVAL for a null pointer or column, an empty table, an unknown model,
 *         quantity or scale; #CLV_ESTRUCT; #CLV_EDOM for invalid parameters, options or
 *         covariance; without @p row_status, the first row's error; #CLV_ECANCELED when the
 *         progress callback returned nonzero.
 */
CLV_API int clv_interval_rows(const clv_purchase_model *model, const clv_gg_params *spend_model,
                              int quantity, const double *covariance,
                              const clv_interval_options *options, const clv_rfm_view *data,
                              double *lower, double *estimate, double *upper, double *std_error,
                              int32_t *row_status);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* CLV_H */
