/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Shared by the time-bomb programs (tests/test_timebomb_*.c, issue 21): the reason to skip
 * (sanitizers, no optimisation), a watchdog that ends a runaway call, and within_budget(), the
 * fastest of up to ATTEMPTS calls against a wall-clock budget. Each program defines
 * BUDGET_SECONDS and TIMEBOMB_NAME before including this header.
 */
#ifndef CLV_TEST_TIMEBOMB_H
#define CLV_TEST_TIMEBOMB_H

#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "clv_test.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(undefined_behavior_sanitizer) ||             \
    __has_feature(memory_sanitizer) || __has_feature(thread_sanitizer)
#define TIMEBOMB_SANITIZED 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define TIMEBOMB_SANITIZED 1
#endif
#if defined(TIMEBOMB_SANITIZED)
static const char *const skip_reason = "time budgets are for builds without sanitizers";
#elif !defined(__OPTIMIZE__)
static const char *const skip_reason = "time budgets are for optimised builds (debugoptimized)";
#else
static const char *const skip_reason = NULL;
#endif

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void watchdog(int sig) {
    (void)sig;
    static const char msg[] = TIMEBOMB_NAME ": a call ran past the watchdog\n";
    ssize_t w = write(2, msg, sizeof msg - 1);
    (void)w;
    _exit(1);
}

typedef void (*call_fn)(void);

/* The fastest of up to ATTEMPTS calls, stopping at the first within the budget. */
static void within_budget(const char *what, call_fn call) {
    double best = INFINITY;
    for (int k = 0; k < ATTEMPTS && best > BUDGET_SECONDS; k++) {
        alarm(WATCHDOG_SECONDS);
        double t0 = now();
        call();
        double s = now() - t0;
        alarm(0);
        best = fmin(best, s);
    }
    printf("# %s: %.4f s (budget %g s)\n", what, best, BUDGET_SECONDS);
    if (best > BUDGET_SECONDS) {
        fail_msg("%s took %.4f s, over the %g s budget", what, best, BUDGET_SECONDS);
    }
}

#endif /* CLV_TEST_TIMEBOMB_H */
