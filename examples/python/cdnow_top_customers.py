# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The libclv authors
"""CDNOW in a few cells: transactions -> RFM summary -> BG/NBD and Gamma-Gamma -> the top
customers by lifetime value. The Python counterpart of examples/clv-report.c, with its
defaults (calibration end 1997-09-30, weeks, same-day purchases collapsed, a 52-week value
in months at 10% a year, margin 1), so the two print the same fit and the same top ten.

    pip install --no-build-isolation .      # once, from the source tree (the package)
    python3 examples/python/cdnow_top_customers.py [TRANSACTIONS]

The installed package carries its own libclv.so.1; CLV_LIBRARY may name another.
"""

# %% Setup: the installed package (pip install .), never a path.
import datetime
import math
import os
import sys

import libclv

HERE = os.path.dirname(os.path.abspath(__file__))

SAMPLE = os.path.join(HERE, "..", "..", "tests", "data", "CDNOW_sample.txt")
EPOCH = datetime.date(1970, 1, 1).toordinal()


def day_number(yyyymmdd):
    """Days since 1970-01-01 of a YYYYMMDD date."""
    d = datetime.date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8]))
    return float(d.toordinal() - EPOCH)


# %% Read the transactions: master id, sample id, date, CDs, dollars (tests/data/README.md).
path = sys.argv[1] if len(sys.argv) > 1 else SAMPLE
customer, day, amount, written = [], [], [], {}
with open(path, encoding="ascii") as f:
    for line in f:
        fields = line.split()
        if len(fields) == 5:
            customer.append(int(fields[1]))
            written[customer[-1]] = fields[1]  # printed as written: "0509"
            day.append(day_number(fields[2]))
            amount.append(float(fields[4]))

# %% One row per customer: purchases on the same day count once (period = 1 day), the
# calibration period ends 1997-09-30 (Fader, Hardie & Lee 2005); then days -> weeks.
summary = libclv.core.rfm_summary(customer, day, amount, period=1.0,
                             calibration_end=day_number("19970930"))
t_x = [v / 7.0 for v in summary.t_x]
T = [v / 7.0 for v in summary.T]
table = libclv.CustomerTable(summary.x, t_x, T, monetary=summary.monetary)
print("libclv %s -- customer lifetime value report" % libclv.version_string())
print("%d transactions, %d customers in the calibration period (weeks)\n"
      % (len(customer), len(table)))

# %% Fit BG/NBD (purchases) on everyone and Gamma-Gamma (spend) on the repeat customers.
bgnbd, report = libclv.bgnbd_fit(table)
spend, spend_report = libclv.gg_fit(table)
print("BG/NBD fit (log-likelihood %.4f, %d iterations%s)"
      % (report.loglik, report.iterations, "" if report.converged else ", NOT converged"))
for name, value, se in zip(("r", "alpha", "a", "b"), bgnbd, report.std_error):
    print("  %-6s %10.4f  (SE %.4f)" % (name, value, se))
# %% Does it fit? The calibration histogram 0..6, 7+ against the model (chi-square, bins merged
# to expected counts >= 5), AIC and BIC, and the holdout after 1997-09-30 customer by customer.
hist_expected, hist_actual = libclv.frequency_histogram(bgnbd, table, 7)
chi = libclv.chi_square_test(hist_expected, hist_actual, 4)
aic, bic = libclv.information_criteria(report, len(table))
print("  fit check: calibration purchases 0..6, 7+ against the model: chi-square %.2f on %.0f "
      "df, p = %.3f; AIC %.1f, BIC %.1f" % (chi.statistic, chi.df, chi.p_value, aic, bic))
holdout_weeks = (max(day) - day_number("19970930")) / 7.0
acc = libclv.holdout_accuracy(libclv.expected_purchases_rows(bgnbd, table, holdout_weeks),
                              summary.x_holdout)
print("  holdout (%.4g weeks after the calibration end): %.0f purchases, %.1f predicted; per "
      "customer MAE %.3f, RMSE %.3f, correlation %.3f"
      % (holdout_weeks, acc.mean_actual * acc.count, acc.mean_predicted * acc.count, acc.mae,
         acc.rmse, acc.correlation))
print("Gamma-Gamma fit (log-likelihood %.4f)" % spend_report.loglik)
for name, value, se in zip(("p", "q", "gamma"), spend, spend_report.std_error):
    print("  %-6s %10.4f  (SE %.4f)" % (name, value, se))

# %% Value over 52 weeks in months, discounted at 10% a year (the monthly equivalent).
weeks, annual, margin = 52.0, 0.10, 1.0
month = 52.0 / 12.0
monthly = libclv.discount_rate_convert(annual, 12.0, 1.0)
horizon = math.ceil(weeks / month)
p_alive = libclv.bgnbd_p_alive_array(bgnbd, table)
expected = libclv.bgnbd_expected_purchases_array(bgnbd, table, weeks)
rows = []
for i, cid in enumerate(summary.customer):
    x, m = summary.x[i], summary.monetary[i]
    value = libclv.customer_value(bgnbd, spend, x, t_x[i], T[i], m, margin=margin,
                                  discount_rate=monthly, period=month, horizon=horizon)
    rows.append((value, cid, x, t_x[i], T[i], p_alive[i], expected[i],
                 libclv.gg_expected_spend(spend, x, m)))
total = sum(r[0] for r in rows)
print("\nValue over %.0f weeks at %.0f%% a year, margin %.2f: total %.2f, mean %.2f"
      % (weeks, 100 * annual, margin, total, total / len(rows)))

# %% How concentrated the value is: the Gini coefficient (Gini 1912, on ascending values:
# sum_i (2i - n - 1) v_(i) / (n sum v)) and the share held by the top 1/5/10/20% of customers
# (ceil(k n / 100) of them), as clv-report prints them.
values = sorted(r[0] for r in rows)
n = len(values)
gini = sum((2 * (i + 1) - n - 1) * v for i, v in enumerate(values)) / (n * total)
print("\nValue concentration (%d customers, total %.2f US$): Gini %.4f" % (n, total, gini))
for pct in (1, 5, 10, 20):
    k = max(1, (pct * n + 99) // 100)
    print("  top %2d%% (%d customers) hold %6.2f%% of the value"
          % (pct, k, 100 * sum(values[n - k:]) / total))

# %% The top ten.
print("\nTop 10 customers by value")
print("%10s %4s %8s %8s %8s %8s %10s %10s"
      % ("customer", "x", "t_x", "T", "P(alive)", "E[X]", "E[spend]", "value"))
for value, cid, x, tx, big_t, alive, ex, sp in sorted(rows, key=lambda r: -r[0])[:10]:
    print("%10s %4.0f %8.2f %8.2f %8.4f %8.3f %10.2f %10.2f"
          % (written[cid], x, tx, big_t, alive, ex, sp, value))
