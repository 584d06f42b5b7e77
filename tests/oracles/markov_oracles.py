# SPDX-License-Identifier: MIT
"""High-precision values for tests/test_markov.c (Markov migration model, lib/churn/markov.c).

Run: python3 tests/oracles/markov_oracles.py > tests/oracles/markov_oracles.txt
Independent of the C code: the value V = sum_{t=0}^{T} [(1+d)^-1 P]^t R of Pfeifer & Carraway
(2000) is summed term by term (matrix powers, not Horner's rule) and the infinite-horizon value
V = [I - P/(1+d)]^-1 R is mpmath's LU solve, both at 50 significant digits. Every input is
exact in binary (probabilities k/1024 or short decimals taken at their double value with
mpf(float)), so the C result can be held to its rounding error.
"""
from mpmath import mp, mpf, matrix, lu_solve, eye

mp.dps = 50


def show(name, values):
    print(f"{name} = " + ", ".join(mp.nstr(v, 20) for v in values))


def recency_chain(p, margin, cost):
    """The recency chain of include/churn.h (clv_markov_recency_chain), written directly."""
    k = len(p)
    P = matrix(k, k)
    R = matrix(k, 1)
    for i in range(k):
        P[i, 0] += mpf(p[i])
        P[i, min(i + 1, k - 1)] += 1 - mpf(p[i])
        R[i] = -mpf(cost[i])
    R[0] += mpf(margin)
    return P, R


def value_infinite(P, R, d):
    q = 1 / (1 + mpf(d))
    return lu_solve(eye(P.rows) - q * P, R)


def value_finite(P, R, d, T):
    q = 1 / (1 + mpf(d))
    term = R
    total = R
    for _ in range(T):
        term = q * (P * term)
        total = total + term
    return total


def big_chain(n):
    """A dense n-state chain with P[i][j] = w_ij / 1024, w_ij integers summing to 1024 per
    row (so exact in binary); rewards R_i = (i % 7) - 2 (some negative). The C test builds
    the same chain with the same integer rule."""
    P = matrix(n, n)
    for i in range(n):
        w = [1 + (i * 7 + j * 13) % 17 for j in range(n)]
        s = sum(w)
        scaled = [x * 1024 // s for x in w]
        scaled[i] += 1024 - sum(scaled)
        for j in range(n):
            P[i, j] = mpf(scaled[j]) / 1024
    R = matrix([[mpf((i % 7) - 2)] for i in range(n)])
    return P, R


# The recency chain with purchase probabilities 0.30, 0.20, 0.15, 0.05 by recency 1-4 and a
# lapsed fifth state, margin 40, marketing 4 per period in states 1-4 and none when lapsed,
# d = 0.2 per period: the shape of Pfeifer & Carraway's (2000) example (numbers illustrative).
p = [0.30, 0.20, 0.15, 0.05, 0.0]
cost = [4.0, 4.0, 4.0, 4.0, 0.0]
P, R = recency_chain(p, 40.0, cost)
show("recency_absorbing_inf", value_infinite(P, R, 0.2))
show("recency_absorbing_T10", value_finite(P, R, 0.2, 10))
# Lapse and return: lapsed customers buy again with 0.02 per period and cost 1 to reach.
p2 = [0.30, 0.20, 0.15, 0.05, 0.02]
cost2 = [4.0, 4.0, 4.0, 4.0, 1.0]
P2, R2 = recency_chain(p2, 40.0, cost2)
show("recency_return_inf", value_infinite(P2, R2, 0.2))
show("recency_return_T3", value_finite(P2, R2, 0.2, 3))

# 50 states, d = 0.01 per period (condition number up to 201).
P50, R50 = big_chain(50)
V50 = value_infinite(P50, R50, 0.01)
show("chain50_inf_states_0_17_49", [V50[0], V50[17], V50[49]])
V50T = value_finite(P50, R50, 0.01, 120)
show("chain50_T120_states_0_17_49", [V50T[0], V50T[17], V50T[49]])
