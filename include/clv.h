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
 * - Flag arguments are plain @c int with the values of the @c CLV_ macros below; those values
 *   are part of the ABI and never change. clv_constant() returns any of them by name for
 *   callers that cannot read C macros (FFI).
 * - No I/O, no global state, no allocation: every function is thread-safe.
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
/** An iterative fit did not converge; the report says how far it got. */
#define CLV_ENOCONV (-3)
/** The result is not representable as a finite double (overflow). */
#define CLV_ERANGE (-4)
/** The caller cancelled through a progress callback. */
#define CLV_ECANCELED (-5)
/** A size-versioned options struct is smaller than the oldest known layout, or larger
 *  than the library knows with a non-zero unknown tail. */
#define CLV_ESTRUCT (-6)
/** A caller-provided workspace is too small, or an allocator hook failed. */
#define CLV_ENOMEM (-7)
/** Each input is valid but together they make an infinite sum diverge
 *  (e.g. retention 1 with discount rate 0 over an infinite horizon). */
#define CLV_EDIVERGE (-8)

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

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* CLV_H */
