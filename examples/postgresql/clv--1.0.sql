-- SPDX-License-Identifier: MIT
-- clv 1.0: libclv's customer-base, churn and word-of-mouth models in SQL.
-- Time is in the caller's unit (weeks, months) throughout, as in libclv; money in the
-- caller's currency. Scoring functions are STRICT (NULL in, NULL out), IMMUTABLE and
-- PARALLEL SAFE; a parameters value with a NULL field also gives NULL. Library errors are
-- SQL errors carrying libclv's message (SQLSTATE 22023 for invalid input, 22003 for results
-- out of range or infinite sums).
\echo Use "CREATE EXTENSION clv" to load this file. \quit

------------------------------------------------------------------------------------------
-- Parameters, in the papers' notation and order
------------------------------------------------------------------------------------------
-- BG/NBD (Fader, Hardie & Lee 2005), MBG/NBD (Batislam, Denizel & Filiztekin 2007)
CREATE TYPE clv_bgnbd_params AS (r float8, alpha float8, a float8, b float8);
CREATE TYPE clv_mbgnbd_params AS (r float8, alpha float8, a float8, b float8);
-- Pareto/NBD (Schmittlein, Morrison & Colombo 1987)
CREATE TYPE clv_pnbd_params AS (r float8, alpha float8, s float8, beta float8);
-- BG/BB, discrete opportunities (Fader, Hardie & Shang 2010)
CREATE TYPE clv_bgbb_params AS (alpha float8, beta float8, gamma float8, delta float8);
-- Gamma-Gamma spend (Fader & Hardie 2013)
CREATE TYPE clv_gg_params AS (p float8, q float8, gamma float8);
-- shifted-beta-geometric contractual retention (Fader & Hardie 2007)
CREATE TYPE clv_sbg_params AS (alpha float8, beta float8);
-- Bass diffusion (Bass 1969)
CREATE TYPE clv_bass_params AS (p float8, q float8, m float8);

-- What a fitting aggregate returns: the estimate, the log-likelihood at it, the standard
-- errors (same fields as the parameters), iterations, whether the fit converged, and the
-- number of customers fitted (the sum of the weights, or the rows), and the covariance of the
-- estimate (n x n in the parameters' order; NULL when the information is not positive
-- definite), which clv_interval() and clv_bass_interval() read.
CREATE TYPE clv_bgnbd_fit_result AS (params clv_bgnbd_params, loglik float8,
    std_error clv_bgnbd_params, iterations int4, converged boolean, customers float8,
    covariance float8[]);
CREATE TYPE clv_mbgnbd_fit_result AS (params clv_mbgnbd_params, loglik float8,
    std_error clv_mbgnbd_params, iterations int4, converged boolean, customers float8,
    covariance float8[]);
CREATE TYPE clv_pnbd_fit_result AS (params clv_pnbd_params, loglik float8,
    std_error clv_pnbd_params, iterations int4, converged boolean, customers float8,
    covariance float8[]);
CREATE TYPE clv_bgbb_fit_result AS (params clv_bgbb_params, loglik float8,
    std_error clv_bgbb_params, iterations int4, converged boolean, customers float8,
    covariance float8[]);
CREATE TYPE clv_gg_fit_result AS (params clv_gg_params, loglik float8,
    std_error clv_gg_params, iterations int4, converged boolean, customers float8,
    covariance float8[]);
-- For the sBG survivor fit, customers is the cohort size.
CREATE TYPE clv_sbg_fit_result AS (params clv_sbg_params, loglik float8,
    std_error clv_sbg_params, iterations int4, converged boolean, customers float8,
    covariance float8[]);
-- For Bass the last field is the sum of squared residuals, adopters^2.
CREATE TYPE clv_bass_fit_result AS (params clv_bass_params, loglik float8,
    std_error clv_bass_params, iterations int4, converged boolean, sse float8,
    covariance float8[]);

-- STABLE, not IMMUTABLE: it reports the library loaded at run time, which an upgrade of
-- libclv.so changes without the extension's SQL changing.
CREATE FUNCTION clv_version() RETURNS text
    AS 'MODULE_PATHNAME', 'pg_clv_version' LANGUAGE C STABLE STRICT PARALLEL SAFE;

------------------------------------------------------------------------------------------
-- Scoring: one customer per call. (x, t_x, T): repeat purchases, time of the last one,
-- observation length; for BG/BB, T is the number of opportunities n.
------------------------------------------------------------------------------------------
-- P(alive) at T
CREATE FUNCTION clv_p_alive(params clv_bgnbd_params, x float8, t_x float8, "T" float8)
    RETURNS float8 AS 'MODULE_PATHNAME', 'pg_clv_bgnbd_p_alive'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_p_alive(params clv_pnbd_params, x float8, t_x float8, "T" float8)
    RETURNS float8 AS 'MODULE_PATHNAME', 'pg_clv_pnbd_p_alive'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_p_alive(params clv_mbgnbd_params, x float8, t_x float8, "T" float8)
    RETURNS float8 AS 'MODULE_PATHNAME', 'pg_clv_mbgnbd_p_alive'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_p_alive(params clv_bgbb_params, x float8, t_x float8, n float8)
    RETURNS float8 AS 'MODULE_PATHNAME', 'pg_clv_bgbb_p_alive'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- Expected purchases in (T, T + t] (BG/BB: in the next t opportunities)
CREATE FUNCTION clv_expected_purchases(params clv_bgnbd_params, x float8, t_x float8,
    "T" float8, t float8) RETURNS float8 AS 'MODULE_PATHNAME', 'pg_clv_bgnbd_expected_purchases'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_expected_purchases(params clv_pnbd_params, x float8, t_x float8,
    "T" float8, t float8) RETURNS float8 AS 'MODULE_PATHNAME', 'pg_clv_pnbd_expected_purchases'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_expected_purchases(params clv_mbgnbd_params, x float8, t_x float8,
    "T" float8, t float8) RETURNS float8
    AS 'MODULE_PATHNAME', 'pg_clv_mbgnbd_expected_purchases'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_expected_purchases(params clv_bgbb_params, x float8, t_x float8,
    n float8, n_star float8) RETURNS float8 AS 'MODULE_PATHNAME', 'pg_clv_bgbb_expected_purchases'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- Expected purchases of a new customer in (0, t] (BG/BB: in n opportunities)
CREATE FUNCTION clv_expected_purchases_new(params clv_bgnbd_params, t float8) RETURNS float8
    AS 'MODULE_PATHNAME', 'pg_clv_bgnbd_expected_purchases_new'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_expected_purchases_new(params clv_pnbd_params, t float8) RETURNS float8
    AS 'MODULE_PATHNAME', 'pg_clv_pnbd_expected_purchases_new'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_expected_purchases_new(params clv_mbgnbd_params, t float8) RETURNS float8
    AS 'MODULE_PATHNAME', 'pg_clv_mbgnbd_expected_purchases_new'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_expected_purchases_new(params clv_bgbb_params, n float8) RETURNS float8
    AS 'MODULE_PATHNAME', 'pg_clv_bgbb_expected_purchases_new'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- P(X(t) = n) for a new customer (BG/BB: P(X(n) = x))
CREATE FUNCTION clv_prob_purchases(params clv_bgnbd_params, t float8, n float8) RETURNS float8
    AS 'MODULE_PATHNAME', 'pg_clv_bgnbd_prob_purchases'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_prob_purchases(params clv_pnbd_params, t float8, n float8) RETURNS float8
    AS 'MODULE_PATHNAME', 'pg_clv_pnbd_prob_purchases'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_prob_purchases(params clv_mbgnbd_params, t float8, n float8) RETURNS float8
    AS 'MODULE_PATHNAME', 'pg_clv_mbgnbd_prob_purchases'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_prob_purchases(params clv_bgbb_params, n float8, x float8) RETURNS float8
    AS 'MODULE_PATHNAME', 'pg_clv_bgbb_prob_purchases'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- P(X(t) = n | x, t_x, T): n purchases in the next t of a customer with history (x, t_x, T);
-- n = 0 is the probability of no purchase at all (BG/NBD and MBG/NBD).
CREATE FUNCTION clv_prob_purchases(params clv_bgnbd_params, x float8, t_x float8, "T" float8,
    t float8, n float8) RETURNS float8 AS 'MODULE_PATHNAME', 'pg_clv_bgnbd_prob_purchases_cond'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_prob_purchases(params clv_mbgnbd_params, x float8, t_x float8, "T" float8,
    t float8, n float8) RETURNS float8 AS 'MODULE_PATHNAME', 'pg_clv_mbgnbd_prob_purchases_cond'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- Pareto/NBD (Fader & Hardie 2006); BG/BB: P(X(n, n + n_star) = x_star | x, t_x, n), x_star
-- transactions in the next n_star opportunities (FHS 2010, appendix).
CREATE FUNCTION clv_prob_purchases(params clv_pnbd_params, x float8, t_x float8, "T" float8,
    t float8, n float8) RETURNS float8 AS 'MODULE_PATHNAME', 'pg_clv_pnbd_prob_purchases_cond'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_prob_purchases(params clv_bgbb_params, x float8, t_x float8, n float8,
    n_star float8, x_star float8) RETURNS float8
    AS 'MODULE_PATHNAME', 'pg_clv_bgbb_prob_purchases_cond'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
-- BG/BB: P(alive at opportunity n + m | x, t_x, n); m = 1 is clv_p_alive.
CREATE FUNCTION clv_p_alive_at(params clv_bgbb_params, x float8, t_x float8, n float8,
    m float8) RETURNS float8 AS 'MODULE_PATHNAME', 'pg_clv_bgbb_p_alive_at'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- Discounted expected residual transactions. Pareto/NBD, BG/NBD, MBG/NBD: delta is a continuously
-- compounded rate per time unit (15% a year in weeks: ln(1.15)/52); BG/BB: a rate per
-- opportunity.
CREATE FUNCTION clv_dert(params clv_pnbd_params, x float8, t_x float8, "T" float8,
    delta float8) RETURNS float8 AS 'MODULE_PATHNAME', 'pg_clv_pnbd_dert'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_dert(params clv_bgnbd_params, x float8, t_x float8, "T" float8,
    delta float8) RETURNS float8 AS 'MODULE_PATHNAME', 'pg_clv_bgnbd_dert'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_dert(params clv_mbgnbd_params, x float8, t_x float8, "T" float8,
    delta float8) RETURNS float8 AS 'MODULE_PATHNAME', 'pg_clv_mbgnbd_dert'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_dert(params clv_bgbb_params, x float8, t_x float8, n float8,
    discount float8) RETURNS float8 AS 'MODULE_PATHNAME', 'pg_clv_bgbb_dert'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- Gamma-Gamma: expected mean spend per transaction given x and the mean spend zbar
CREATE FUNCTION clv_expected_spend(params clv_gg_params, x float8, zbar float8)
    RETURNS float8 AS 'MODULE_PATHNAME', 'pg_clv_gg_expected_spend'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- One customer's log-likelihood under fitted parameters (the model's _loglik of a one-row
-- table): summed over a table it is the fit's log-likelihood; per customer it flags the
-- customers the model explains worst.
CREATE FUNCTION clv_loglik(params clv_bgnbd_params, x float8, t_x float8, "T" float8)
    RETURNS float8 AS 'MODULE_PATHNAME', 'pg_clv_bgnbd_loglik'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_loglik(params clv_pnbd_params, x float8, t_x float8, "T" float8)
    RETURNS float8 AS 'MODULE_PATHNAME', 'pg_clv_pnbd_loglik'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_loglik(params clv_mbgnbd_params, x float8, t_x float8, "T" float8)
    RETURNS float8 AS 'MODULE_PATHNAME', 'pg_clv_mbgnbd_loglik'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_loglik(params clv_bgbb_params, x float8, t_x float8, n float8)
    RETURNS float8 AS 'MODULE_PATHNAME', 'pg_clv_bgbb_loglik'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_loglik(params clv_gg_params, x float8, zbar float8)
    RETURNS float8 AS 'MODULE_PATHNAME', 'pg_clv_gg_loglik'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- A customer's value: margin x spend x the expected purchases of each period discounted at
-- its end, over horizon periods ('infinity' needs discount_rate > 0). With a Gamma-Gamma
-- model the spend is its expected spend, else monetary itself.
CREATE FUNCTION clv_customer_value(params clv_bgnbd_params, spend clv_gg_params, x float8,
    t_x float8, "T" float8, monetary float8, margin float8 DEFAULT 1,
    discount_rate float8 DEFAULT 0.01, period float8 DEFAULT 1, horizon float8 DEFAULT 12)
    RETURNS float8 AS 'MODULE_PATHNAME', 'pg_clv_bgnbd_gg_value'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_customer_value(params clv_pnbd_params, spend clv_gg_params, x float8,
    t_x float8, "T" float8, monetary float8, margin float8 DEFAULT 1,
    discount_rate float8 DEFAULT 0.01, period float8 DEFAULT 1, horizon float8 DEFAULT 12)
    RETURNS float8 AS 'MODULE_PATHNAME', 'pg_clv_pnbd_gg_value'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_customer_value(params clv_mbgnbd_params, spend clv_gg_params, x float8,
    t_x float8, "T" float8, monetary float8, margin float8 DEFAULT 1,
    discount_rate float8 DEFAULT 0.01, period float8 DEFAULT 1, horizon float8 DEFAULT 12)
    RETURNS float8 AS 'MODULE_PATHNAME', 'pg_clv_mbgnbd_gg_value'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_customer_value(params clv_bgbb_params, spend clv_gg_params, x float8,
    t_x float8, n float8, monetary float8, margin float8 DEFAULT 1,
    discount_rate float8 DEFAULT 0.01, period float8 DEFAULT 1, horizon float8 DEFAULT 12)
    RETURNS float8 AS 'MODULE_PATHNAME', 'pg_clv_bgbb_gg_value'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_customer_value(params clv_bgnbd_params, x float8, t_x float8, "T" float8,
    monetary float8, margin float8 DEFAULT 1, discount_rate float8 DEFAULT 0.01,
    period float8 DEFAULT 1, horizon float8 DEFAULT 12)
    RETURNS float8 AS 'MODULE_PATHNAME', 'pg_clv_bgnbd_value'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_customer_value(params clv_pnbd_params, x float8, t_x float8, "T" float8,
    monetary float8, margin float8 DEFAULT 1, discount_rate float8 DEFAULT 0.01,
    period float8 DEFAULT 1, horizon float8 DEFAULT 12)
    RETURNS float8 AS 'MODULE_PATHNAME', 'pg_clv_pnbd_value'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_customer_value(params clv_mbgnbd_params, x float8, t_x float8,
    "T" float8, monetary float8, margin float8 DEFAULT 1, discount_rate float8 DEFAULT 0.01,
    period float8 DEFAULT 1, horizon float8 DEFAULT 12)
    RETURNS float8 AS 'MODULE_PATHNAME', 'pg_clv_mbgnbd_value'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_customer_value(params clv_bgbb_params, x float8, t_x float8, n float8,
    monetary float8, margin float8 DEFAULT 1, discount_rate float8 DEFAULT 0.01,
    period float8 DEFAULT 1, horizon float8 DEFAULT 12)
    RETURNS float8 AS 'MODULE_PATHNAME', 'pg_clv_bgbb_value'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

------------------------------------------------------------------------------------------
-- Fitting aggregates: maximum likelihood over the rows of a table or of each GROUP BY
-- group. Rows with a NULL argument are skipped; no rows give NULL. An invalid row is an
-- error naming it. A fit that does not converge gives a WARNING and its best point with
-- converged = false. The optional weight counts a row as that many identical customers
-- (e.g. after GROUP BY x, t_x, "T").
------------------------------------------------------------------------------------------
CREATE FUNCTION clv_rows_accum(internal, float8, float8) RETURNS internal
    AS 'MODULE_PATHNAME', 'pg_clv_rows_accum' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION clv_rows_accum(internal, float8, float8, float8) RETURNS internal
    AS 'MODULE_PATHNAME', 'pg_clv_rows_accum' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION clv_rows_accum(internal, float8, float8, float8, float8) RETURNS internal
    AS 'MODULE_PATHNAME', 'pg_clv_rows_accum' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION clv_rows_accum(internal, float8, float8, boolean) RETURNS internal
    AS 'MODULE_PATHNAME', 'pg_clv_rows_accum' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION clv_rows_accum(internal, float8, boolean) RETURNS internal
    AS 'MODULE_PATHNAME', 'pg_clv_rows_accum' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION clv_rows_accum(internal, float8, boolean, float8) RETURNS internal
    AS 'MODULE_PATHNAME', 'pg_clv_rows_accum' LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE FUNCTION clv_bgnbd_fit_final(internal) RETURNS clv_bgnbd_fit_result
    AS 'MODULE_PATHNAME', 'pg_clv_bgnbd_fit_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION clv_pnbd_fit_final(internal) RETURNS clv_pnbd_fit_result
    AS 'MODULE_PATHNAME', 'pg_clv_pnbd_fit_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION clv_mbgnbd_fit_final(internal) RETURNS clv_mbgnbd_fit_result
    AS 'MODULE_PATHNAME', 'pg_clv_mbgnbd_fit_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION clv_bgbb_fit_final(internal) RETURNS clv_bgbb_fit_result
    AS 'MODULE_PATHNAME', 'pg_clv_bgbb_fit_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION clv_gg_fit_final(internal) RETURNS clv_gg_fit_result
    AS 'MODULE_PATHNAME', 'pg_clv_gg_fit_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION clv_sbg_fit_final(internal) RETURNS clv_sbg_fit_result
    AS 'MODULE_PATHNAME', 'pg_clv_sbg_fit_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION clv_sbg_survivors_final(internal) RETURNS clv_sbg_fit_result
    AS 'MODULE_PATHNAME', 'pg_clv_sbg_survivors_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION clv_bass_fit_final(internal) RETURNS clv_bass_fit_result
    AS 'MODULE_PATHNAME', 'pg_clv_bass_fit_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;

-- clv_bgnbd_fit(x, t_x, T [, weight]), and likewise Pareto/NBD and MBG/NBD
CREATE AGGREGATE clv_bgnbd_fit(x float8, t_x float8, "T" float8) (
    SFUNC = clv_rows_accum, STYPE = internal, FINALFUNC = clv_bgnbd_fit_final,
    PARALLEL = SAFE);
CREATE AGGREGATE clv_bgnbd_fit(x float8, t_x float8, "T" float8, weight float8) (
    SFUNC = clv_rows_accum, STYPE = internal, FINALFUNC = clv_bgnbd_fit_final,
    PARALLEL = SAFE);
CREATE AGGREGATE clv_pnbd_fit(x float8, t_x float8, "T" float8) (
    SFUNC = clv_rows_accum, STYPE = internal, FINALFUNC = clv_pnbd_fit_final,
    PARALLEL = SAFE);
CREATE AGGREGATE clv_pnbd_fit(x float8, t_x float8, "T" float8, weight float8) (
    SFUNC = clv_rows_accum, STYPE = internal, FINALFUNC = clv_pnbd_fit_final,
    PARALLEL = SAFE);
CREATE AGGREGATE clv_mbgnbd_fit(x float8, t_x float8, "T" float8) (
    SFUNC = clv_rows_accum, STYPE = internal, FINALFUNC = clv_mbgnbd_fit_final,
    PARALLEL = SAFE);
CREATE AGGREGATE clv_mbgnbd_fit(x float8, t_x float8, "T" float8, weight float8) (
    SFUNC = clv_rows_accum, STYPE = internal, FINALFUNC = clv_mbgnbd_fit_final,
    PARALLEL = SAFE);
-- clv_bgbb_fit(x, t_x, n [, weight]): transactions, last opportunity, opportunities
CREATE AGGREGATE clv_bgbb_fit(x float8, t_x float8, n float8) (
    SFUNC = clv_rows_accum, STYPE = internal, FINALFUNC = clv_bgbb_fit_final,
    PARALLEL = SAFE);
CREATE AGGREGATE clv_bgbb_fit(x float8, t_x float8, n float8, weight float8) (
    SFUNC = clv_rows_accum, STYPE = internal, FINALFUNC = clv_bgbb_fit_final,
    PARALLEL = SAFE);
-- clv_gg_fit(x, zbar [, weight]): rows with x = 0 carry no information and are ignored
CREATE AGGREGATE clv_gg_fit(x float8, zbar float8) (
    SFUNC = clv_rows_accum, STYPE = internal, FINALFUNC = clv_gg_fit_final,
    PARALLEL = SAFE);
CREATE AGGREGATE clv_gg_fit(x float8, zbar float8, weight float8) (
    SFUNC = clv_rows_accum, STYPE = internal, FINALFUNC = clv_gg_fit_final,
    PARALLEL = SAFE);
-- clv_sbg_fit(duration, churned [, weight]): churned in period `duration`, or (churned =
-- false) still a customer after `duration` periods
CREATE AGGREGATE clv_sbg_fit(duration float8, churned boolean) (
    SFUNC = clv_rows_accum, STYPE = internal, FINALFUNC = clv_sbg_fit_final,
    PARALLEL = SAFE);
CREATE AGGREGATE clv_sbg_fit(duration float8, churned boolean, weight float8) (
    SFUNC = clv_rows_accum, STYPE = internal, FINALFUNC = clv_sbg_fit_final,
    PARALLEL = SAFE);
-- clv_sbg_fit_survivors(period, alive): one cohort's customers still active after
-- period = 0, 1, ..., n renewal decisions (rows in any order; GROUP BY cohort for several)
CREATE AGGREGATE clv_sbg_fit_survivors(period float8, alive float8) (
    SFUNC = clv_rows_accum, STYPE = internal, FINALFUNC = clv_sbg_survivors_final,
    PARALLEL = SAFE);
-- clv_bass_fit(period, adopters [, density]): adopters in periods 1..n since the launch,
-- least squares on the adopters of each period (Srinivasan & Mason 1986) or, with
-- density = true, on m f(t) at the period's end (Bass 1969)
CREATE AGGREGATE clv_bass_fit(period float8, adopters float8) (
    SFUNC = clv_rows_accum, STYPE = internal, FINALFUNC = clv_bass_fit_final,
    PARALLEL = SAFE);
CREATE AGGREGATE clv_bass_fit(period float8, adopters float8, density boolean) (
    SFUNC = clv_rows_accum, STYPE = internal, FINALFUNC = clv_bass_fit_final,
    PARALLEL = SAFE);

------------------------------------------------------------------------------------------
-- Closed forms. timing: 'end' (first margin one period after acquisition, Gupta & Lehmann
-- 2003) or 'start'. horizon: whole periods or 'infinity'.
------------------------------------------------------------------------------------------
CREATE FUNCTION clv_simple_value(margin_per_purchase float8, purchases_per_period float8,
    lifetime_periods float8) RETURNS float8 AS 'MODULE_PATHNAME', 'pg_clv_simple_value'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_retention_value(margin float8, retention float8, discount float8,
    horizon float8 DEFAULT 'infinity', timing text DEFAULT 'end') RETURNS float8
    AS 'MODULE_PATHNAME', 'pg_clv_retention_value' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_margin_multiple(retention float8, discount float8,
    horizon float8 DEFAULT 'infinity', timing text DEFAULT 'end') RETURNS float8
    AS 'MODULE_PATHNAME', 'pg_clv_margin_multiple' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_cac(acquisition_spend float8, new_customers float8) RETURNS float8
    AS 'MODULE_PATHNAME', 'pg_clv_cac' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_ltv_cac_ratio(lifetime_value float8, cac float8) RETURNS float8
    AS 'MODULE_PATHNAME', 'pg_clv_ltv_cac_ratio' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_payback_periods(cac float8, margin float8, retention float8,
    discount float8, timing text DEFAULT 'end') RETURNS float8
    AS 'MODULE_PATHNAME', 'pg_clv_payback_periods' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_discount_rate_convert(rate float8, from_length float8, to_length float8)
    RETURNS float8 AS 'MODULE_PATHNAME', 'pg_clv_discount_rate_convert'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- Churn. method: 'start' (lost / customers at the start), 'average' or 'exposed'.
CREATE FUNCTION clv_churn_rate(start_customers float8, lost_customers float8,
    new_customers float8 DEFAULT 0, method text DEFAULT 'start') RETURNS float8
    AS 'MODULE_PATHNAME', 'pg_clv_churn_rate' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_churn_convert(churn float8, from_length float8, to_length float8)
    RETURNS float8 AS 'MODULE_PATHNAME', 'pg_clv_churn_convert'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_retention_convert(retention float8, from_length float8, to_length float8)
    RETURNS float8 AS 'MODULE_PATHNAME', 'pg_clv_retention_convert'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_expected_lifetime(churn float8) RETURNS float8
    AS 'MODULE_PATHNAME', 'pg_clv_expected_lifetime' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_median_lifetime(churn float8) RETURNS float8
    AS 'MODULE_PATHNAME', 'pg_clv_median_lifetime' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_retention_gain(margin float8, retention float8, discount float8,
    gain float8, horizon float8 DEFAULT 'infinity', timing text DEFAULT 'end',
    OUT value_before float8, OUT value_after float8, OUT value_change float8,
    OUT relative_change float8)
    AS 'MODULE_PATHNAME', 'pg_clv_retention_gain' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- sBG (Fader & Hardie 2007; DEL and DERL: Fader & Hardie 2010). t in whole periods.
CREATE FUNCTION clv_sbg_survival(params clv_sbg_params, t float8) RETURNS float8
    AS 'MODULE_PATHNAME', 'pg_clv_sbg_survival' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_sbg_churn_prob(params clv_sbg_params, t float8) RETURNS float8
    AS 'MODULE_PATHNAME', 'pg_clv_sbg_churn_prob' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_sbg_retention_rate(params clv_sbg_params, t float8) RETURNS float8
    AS 'MODULE_PATHNAME', 'pg_clv_sbg_retention_rate'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_sbg_expected_lifetime(params clv_sbg_params,
    horizon float8 DEFAULT 'infinity') RETURNS float8
    AS 'MODULE_PATHNAME', 'pg_clv_sbg_expected_lifetime'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_sbg_del(params clv_sbg_params, discount float8) RETURNS float8
    AS 'MODULE_PATHNAME', 'pg_clv_sbg_del' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_sbg_derl(params clv_sbg_params, renewals float8, discount float8)
    RETURNS float8 AS 'MODULE_PATHNAME', 'pg_clv_sbg_derl'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

------------------------------------------------------------------------------------------
-- Word of mouth, K-factor, Bass diffusion, Net Promoter Score
------------------------------------------------------------------------------------------
CREATE FUNCTION clv_wom_reproduction_number(satisfied_share float8, conversion float8,
    deterrence float8 DEFAULT 0, told_satisfied float8 DEFAULT 5,
    told_dissatisfied float8 DEFAULT 10) RETURNS float8
    AS 'MODULE_PATHNAME', 'pg_clv_wom_reproduction_number'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_wom_total(satisfied float8, dissatisfied float8, satisfied_share float8,
    customer_value float8, conversion float8, deterrence float8,
    told_satisfied float8 DEFAULT 5, told_dissatisfied float8 DEFAULT 10,
    OUT reproduction_number float8, OUT customers_won float8, OUT satisfied_won float8,
    OUT dissatisfied_won float8, OUT customers_deterred float8, OUT net_customers float8,
    OUT value_won float8, OUT value_lost float8, OUT net_value float8)
    AS 'MODULE_PATHNAME', 'pg_clv_wom_total' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_kfactor(invitations float8, conversion float8) RETURNS float8
    AS 'MODULE_PATHNAME', 'pg_clv_kfactor' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_kfactor_customers(initial float8, invitations float8, conversion float8,
    cycles float8) RETURNS float8 AS 'MODULE_PATHNAME', 'pg_clv_kfactor_customers'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION clv_bass_cumulative(params clv_bass_params, t float8) RETURNS float8
    AS 'MODULE_PATHNAME', 'pg_clv_bass_cumulative' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_bass_density(params clv_bass_params, t float8) RETURNS float8
    AS 'MODULE_PATHNAME', 'pg_clv_bass_density' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_bass_adopters(params clv_bass_params, t1 float8, t2 float8)
    RETURNS float8 AS 'MODULE_PATHNAME', 'pg_clv_bass_adopters'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_bass_peak(params clv_bass_params, OUT "time" float8, OUT density float8,
    OUT adopters float8, OUT cumulative float8, OUT interior boolean)
    AS 'MODULE_PATHNAME', 'pg_clv_bass_peak' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- NPS from the counts of promoters (9-10), passives (7-8) and detractors (0-6), with its
-- standard error and Wald interval at `level`.
CREATE FUNCTION clv_nps(promoters float8, passives float8, detractors float8,
    level float8 DEFAULT 0.95, OUT nps float8, OUT std_error float8, OUT lower float8,
    OUT upper float8, OUT n float8)
    AS 'MODULE_PATHNAME', 'pg_clv_nps' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

------------------------------------------------------------------------------------------
-- Model checking (issue 14): goodness of fit of a purchase model, over arrays (array_agg of
-- a customer table). The calibration histogram 0..k-1, k+ (FHL 2005 fig. 3): bin is x (k
-- for "k or more"), expected and actual customers. The conditional expectations by
-- calibration frequency (FHL 2005 fig. 4): customers, mean holdout purchases and the model's
-- mean conditional expectation over holdout_length. The chi-square p-value of a statistic.
------------------------------------------------------------------------------------------
CREATE FUNCTION clv_frequency_histogram(params clv_bgnbd_params, x float8[], "T" float8[],
    k int4) RETURNS TABLE (bin int4, expected float8, actual float8)
    AS 'MODULE_PATHNAME', 'pg_clv_bgnbd_frequency_histogram'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_frequency_histogram(params clv_pnbd_params, x float8[], "T" float8[],
    k int4) RETURNS TABLE (bin int4, expected float8, actual float8)
    AS 'MODULE_PATHNAME', 'pg_clv_pnbd_frequency_histogram'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_frequency_histogram(params clv_mbgnbd_params, x float8[], "T" float8[],
    k int4) RETURNS TABLE (bin int4, expected float8, actual float8)
    AS 'MODULE_PATHNAME', 'pg_clv_mbgnbd_frequency_histogram'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_frequency_histogram(params clv_bgbb_params, x float8[], n float8[],
    k int4) RETURNS TABLE (bin int4, expected float8, actual float8)
    AS 'MODULE_PATHNAME', 'pg_clv_bgbb_frequency_histogram'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_conditional_by_frequency(params clv_bgnbd_params, x float8[],
    t_x float8[], "T" float8[], holdout float8[], holdout_length float8, k int4)
    RETURNS TABLE (bin int4, customers float8, mean_actual float8, mean_predicted float8)
    AS 'MODULE_PATHNAME', 'pg_clv_bgnbd_conditional_by_frequency'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_conditional_by_frequency(params clv_pnbd_params, x float8[],
    t_x float8[], "T" float8[], holdout float8[], holdout_length float8, k int4)
    RETURNS TABLE (bin int4, customers float8, mean_actual float8, mean_predicted float8)
    AS 'MODULE_PATHNAME', 'pg_clv_pnbd_conditional_by_frequency'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_conditional_by_frequency(params clv_mbgnbd_params, x float8[],
    t_x float8[], "T" float8[], holdout float8[], holdout_length float8, k int4)
    RETURNS TABLE (bin int4, customers float8, mean_actual float8, mean_predicted float8)
    AS 'MODULE_PATHNAME', 'pg_clv_mbgnbd_conditional_by_frequency'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_conditional_by_frequency(params clv_bgbb_params, x float8[],
    t_x float8[], n float8[], holdout float8[], holdout_length float8, k int4)
    RETURNS TABLE (bin int4, customers float8, mean_actual float8, mean_predicted float8)
    AS 'MODULE_PATHNAME', 'pg_clv_bgbb_conditional_by_frequency'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_chi_square_p_value(statistic float8, df float8) RETURNS float8
    AS 'MODULE_PATHNAME', 'pg_clv_chi_square_p_value'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

------------------------------------------------------------------------------------------
-- Model checking, continued (issue 14). Tracking: the expected repeat transactions of the
-- base at calendar times, from each customer's first-purchase time (any order), against the
-- actual series of a transaction log (any order). Conditional expectations by recency bins
-- (edges: n_bins + 1 increasing values covering every t_x). Holdout accuracy and the
-- calibration table (bins of equal size by the predictions' quantiles). The P(alive) and
-- expected-purchases matrix over x = 0..max_x and a recency grid, NULL in the cells no
-- customer can have. Errors name the array and the row (counted from 0) in their DETAIL.
------------------------------------------------------------------------------------------
CREATE FUNCTION clv_tracking(params clv_bgnbd_params, birth float8[], times float8[])
    RETURNS TABLE (t float8, cumulative float8, incremental float8)
    AS 'MODULE_PATHNAME', 'pg_clv_bgnbd_tracking' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_conditional_by_recency(params clv_bgnbd_params, x float8[], t_x float8[],
    "T" float8[], holdout float8[], holdout_length float8, edges float8[])
    RETURNS TABLE (bin int4, lower_edge float8, upper_edge float8, customers float8,
                   mean_actual float8, mean_predicted float8)
    AS 'MODULE_PATHNAME', 'pg_clv_bgnbd_conditional_by_recency'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_frequency_recency_matrix(params clv_bgnbd_params, max_x int4, t_x float8[],
    "T" float8, horizon float8)
    RETURNS TABLE (x int4, t_x float8, p_alive float8, expected float8)
    AS 'MODULE_PATHNAME', 'pg_clv_bgnbd_frequency_recency_matrix'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_tracking(params clv_pnbd_params, birth float8[], times float8[])
    RETURNS TABLE (t float8, cumulative float8, incremental float8)
    AS 'MODULE_PATHNAME', 'pg_clv_pnbd_tracking' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_conditional_by_recency(params clv_pnbd_params, x float8[], t_x float8[],
    "T" float8[], holdout float8[], holdout_length float8, edges float8[])
    RETURNS TABLE (bin int4, lower_edge float8, upper_edge float8, customers float8,
                   mean_actual float8, mean_predicted float8)
    AS 'MODULE_PATHNAME', 'pg_clv_pnbd_conditional_by_recency'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_frequency_recency_matrix(params clv_pnbd_params, max_x int4, t_x float8[],
    "T" float8, horizon float8)
    RETURNS TABLE (x int4, t_x float8, p_alive float8, expected float8)
    AS 'MODULE_PATHNAME', 'pg_clv_pnbd_frequency_recency_matrix'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_tracking(params clv_mbgnbd_params, birth float8[], times float8[])
    RETURNS TABLE (t float8, cumulative float8, incremental float8)
    AS 'MODULE_PATHNAME', 'pg_clv_mbgnbd_tracking' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_conditional_by_recency(params clv_mbgnbd_params, x float8[], t_x float8[],
    "T" float8[], holdout float8[], holdout_length float8, edges float8[])
    RETURNS TABLE (bin int4, lower_edge float8, upper_edge float8, customers float8,
                   mean_actual float8, mean_predicted float8)
    AS 'MODULE_PATHNAME', 'pg_clv_mbgnbd_conditional_by_recency'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_frequency_recency_matrix(params clv_mbgnbd_params, max_x int4, t_x float8[],
    "T" float8, horizon float8)
    RETURNS TABLE (x int4, t_x float8, p_alive float8, expected float8)
    AS 'MODULE_PATHNAME', 'pg_clv_mbgnbd_frequency_recency_matrix'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_tracking(params clv_bgbb_params, birth float8[], times float8[])
    RETURNS TABLE (t float8, cumulative float8, incremental float8)
    AS 'MODULE_PATHNAME', 'pg_clv_bgbb_tracking' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_conditional_by_recency(params clv_bgbb_params, x float8[], t_x float8[],
    n float8[], holdout float8[], holdout_length float8, edges float8[])
    RETURNS TABLE (bin int4, lower_edge float8, upper_edge float8, customers float8,
                   mean_actual float8, mean_predicted float8)
    AS 'MODULE_PATHNAME', 'pg_clv_bgbb_conditional_by_recency'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_frequency_recency_matrix(params clv_bgbb_params, max_x int4, t_x float8[],
    n float8, horizon float8)
    RETURNS TABLE (x int4, t_x float8, p_alive float8, expected float8)
    AS 'MODULE_PATHNAME', 'pg_clv_bgbb_frequency_recency_matrix'
    LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_tracking_actual(customer int8[], purchase_time float8[], times float8[])
    RETURNS TABLE (t float8, cumulative float8, incremental float8)
    AS 'MODULE_PATHNAME', 'pg_clv_tracking_actual' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_holdout_accuracy(predicted float8[], actual float8[],
    OUT customers float8, OUT mae float8, OUT rmse float8, OUT bias float8,
    OUT correlation float8, OUT mean_predicted float8, OUT mean_actual float8)
    AS 'MODULE_PATHNAME', 'pg_clv_holdout_accuracy' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_calibration_table(predicted float8[], actual float8[], bins int4)
    RETURNS TABLE (bin int4, lower_edge float8, upper_edge float8, customers float8,
                   mean_predicted float8, mean_actual float8)
    AS 'MODULE_PATHNAME', 'pg_clv_calibration_table' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

------------------------------------------------------------------------------------------
-- Simulation (issue 14): a customer base drawn from the model's generative story, customers
-- observed for T each, with their purchases in a holdout of the given length after T; the
-- generator is xoshiro256** seeded with seed, so the same seed gives the same base.
------------------------------------------------------------------------------------------
CREATE FUNCTION clv_simulate(params clv_bgnbd_params, customers int4, "T" float8,
    holdout float8, seed int8)
    RETURNS TABLE (customer int4, x float8, t_x float8, "T" float8, x_holdout float8)
    AS 'MODULE_PATHNAME', 'pg_clv_bgnbd_simulate' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_simulate(params clv_pnbd_params, customers int4, "T" float8,
    holdout float8, seed int8)
    RETURNS TABLE (customer int4, x float8, t_x float8, "T" float8, x_holdout float8)
    AS 'MODULE_PATHNAME', 'pg_clv_pnbd_simulate' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_simulate(params clv_mbgnbd_params, customers int4, "T" float8,
    holdout float8, seed int8)
    RETURNS TABLE (customer int4, x float8, t_x float8, "T" float8, x_holdout float8)
    AS 'MODULE_PATHNAME', 'pg_clv_mbgnbd_simulate' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_simulate(params clv_bgbb_params, customers int4, n float8,
    holdout float8, seed int8)
    RETURNS TABLE (customer int4, x float8, t_x float8, n float8, x_holdout float8)
    AS 'MODULE_PATHNAME', 'pg_clv_bgbb_simulate' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

------------------------------------------------------------------------------------------
-- Intervals (issue 14): a customer's prediction with its delta-method standard error and
-- interval, from the fit's covariance ((fit).covariance). quantity 'p_alive',
-- 'expected_purchases' (in the next horizon), 'expected_new' (a new customer, in horizon) or
-- 'dert' (at the continuous rate delta); scale 'log', 'natural' or 'logit'. A Bass forecast
-- at each time: 'cumulative' m F(t), 'period' the adopters of (t-1, t], 'rate' m f(t). A
-- customer's value (as clv_customer_value with a spend model) from the purchase and the
-- spend fits' covariances (the 7 x 7 matrix is block-diagonal: the fits are separate). An sBG
-- prediction: 'survival' S(t), 'retention' of period t, 'del' and 'derl' (after t renewals)
-- at the discount rate.
------------------------------------------------------------------------------------------
CREATE FUNCTION clv_interval(params clv_bgnbd_params, covariance float8[], quantity text,
    x float8, t_x float8, "T" float8, horizon float8 DEFAULT 1, level float8 DEFAULT 0.95,
    scale text DEFAULT 'log', delta float8 DEFAULT 0.01,
    OUT estimate float8, OUT lower float8, OUT upper float8, OUT std_error float8)
    AS 'MODULE_PATHNAME', 'pg_clv_bgnbd_interval' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_interval(params clv_pnbd_params, covariance float8[], quantity text,
    x float8, t_x float8, "T" float8, horizon float8 DEFAULT 1, level float8 DEFAULT 0.95,
    scale text DEFAULT 'log', delta float8 DEFAULT 0.01,
    OUT estimate float8, OUT lower float8, OUT upper float8, OUT std_error float8)
    AS 'MODULE_PATHNAME', 'pg_clv_pnbd_interval' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_interval(params clv_mbgnbd_params, covariance float8[], quantity text,
    x float8, t_x float8, "T" float8, horizon float8 DEFAULT 1, level float8 DEFAULT 0.95,
    scale text DEFAULT 'log', delta float8 DEFAULT 0.01,
    OUT estimate float8, OUT lower float8, OUT upper float8, OUT std_error float8)
    AS 'MODULE_PATHNAME', 'pg_clv_mbgnbd_interval' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_interval(params clv_bgbb_params, covariance float8[], quantity text,
    x float8, t_x float8, n float8, horizon float8 DEFAULT 1, level float8 DEFAULT 0.95,
    scale text DEFAULT 'log', delta float8 DEFAULT 0.01,
    OUT estimate float8, OUT lower float8, OUT upper float8, OUT std_error float8)
    AS 'MODULE_PATHNAME', 'pg_clv_bgbb_interval' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_value_interval(params clv_bgnbd_params, spend clv_gg_params,
    covariance float8[], spend_covariance float8[], x float8, t_x float8, "T" float8,
    monetary float8, margin float8 DEFAULT 1, discount_rate float8 DEFAULT 0.01,
    period float8 DEFAULT 1, horizon float8 DEFAULT 12, level float8 DEFAULT 0.95,
    scale text DEFAULT 'log',
    OUT estimate float8, OUT lower float8, OUT upper float8, OUT std_error float8)
    AS 'MODULE_PATHNAME', 'pg_clv_bgnbd_value_interval' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_value_interval(params clv_pnbd_params, spend clv_gg_params,
    covariance float8[], spend_covariance float8[], x float8, t_x float8, "T" float8,
    monetary float8, margin float8 DEFAULT 1, discount_rate float8 DEFAULT 0.01,
    period float8 DEFAULT 1, horizon float8 DEFAULT 12, level float8 DEFAULT 0.95,
    scale text DEFAULT 'log',
    OUT estimate float8, OUT lower float8, OUT upper float8, OUT std_error float8)
    AS 'MODULE_PATHNAME', 'pg_clv_pnbd_value_interval' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_value_interval(params clv_mbgnbd_params, spend clv_gg_params,
    covariance float8[], spend_covariance float8[], x float8, t_x float8, "T" float8,
    monetary float8, margin float8 DEFAULT 1, discount_rate float8 DEFAULT 0.01,
    period float8 DEFAULT 1, horizon float8 DEFAULT 12, level float8 DEFAULT 0.95,
    scale text DEFAULT 'log',
    OUT estimate float8, OUT lower float8, OUT upper float8, OUT std_error float8)
    AS 'MODULE_PATHNAME', 'pg_clv_mbgnbd_value_interval' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_value_interval(params clv_bgbb_params, spend clv_gg_params,
    covariance float8[], spend_covariance float8[], x float8, t_x float8, n float8,
    monetary float8, margin float8 DEFAULT 1, discount_rate float8 DEFAULT 0.01,
    period float8 DEFAULT 1, horizon float8 DEFAULT 12, level float8 DEFAULT 0.95,
    scale text DEFAULT 'log',
    OUT estimate float8, OUT lower float8, OUT upper float8, OUT std_error float8)
    AS 'MODULE_PATHNAME', 'pg_clv_bgbb_value_interval' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_sbg_interval(params clv_sbg_params, covariance float8[], quantity text,
    t float8, discount float8 DEFAULT 0.1, level float8 DEFAULT 0.95, scale text DEFAULT 'log',
    OUT estimate float8, OUT lower float8, OUT upper float8, OUT std_error float8)
    AS 'MODULE_PATHNAME', 'pg_clv_sbg_interval' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION clv_bass_interval(params clv_bass_params, covariance float8[], quantity text,
    times float8[], level float8 DEFAULT 0.95, scale text DEFAULT 'log')
    RETURNS TABLE (t float8, estimate float8, lower float8, upper float8, std_error float8)
    AS 'MODULE_PATHNAME', 'pg_clv_bass_interval' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

------------------------------------------------------------------------------------------
-- Churn comparisons (churn.h, group clv_surv): the Nelson-Aalen cumulative hazard, and the
-- log-rank test of whether groups churn alike, over arrays (array_agg of a customer table).
-- Rows with entry times are at risk only after entry (delayed entry).
CREATE FUNCTION clv_nelson_aalen(exit float8[], event int4[], entry float8[] DEFAULT NULL)
    RETURNS TABLE (t float8, at_risk float8, events float8, cum_hazard float8,
                   std_error float8, lower float8, upper float8)
    AS 'MODULE_PATHNAME', 'pg_clv_nelson_aalen' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT
    PARALLEL SAFE;
-- grp: any int4 labels; rho, gamma: Fleming-Harrington weights (0, 0: log-rank; 1, 0:
-- Peto-Peto); stratum: optional strata. One row per group, ascending, with the test's
-- statistic, degrees of freedom and p-value on every row.
CREATE FUNCTION clv_logrank(exit float8[], event int4[], grp int4[], rho float8 DEFAULT 0,
    gamma float8 DEFAULT 0, stratum int4[] DEFAULT NULL)
    RETURNS TABLE (grp int4, observed float8, expected float8, statistic float8, df float8,
                   p_value float8)
    AS 'MODULE_PATHNAME', 'pg_clv_logrank' LANGUAGE C IMMUTABLE CALLED ON NULL INPUT
    PARALLEL SAFE;
