/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * libFuzzer harness: clv_nps_from_scores(), the array entry point of referral.h, on an array of
 * answers taken from the input, checked against the contract of the header and against an
 * independent count of promoters, passives and detractors.
 *
 * Input layout:
 *   byte 0      mode: bit 0 chooses how the rest is read,
 *                 0 = raw: little-endian doubles (trailing bytes that make no double are
 *                     ignored), so NaN, infinities, -0, 10.5 and every other double appear;
 *                 1 = bytes: one answer per byte, 0..10 as themselves, 11 NaN, 12 -0,
 *                     13 +inf, 14 -1, 15 10.5, 16 11, 17 0.5, other values b % 11, so long
 *                     arrays of mostly valid answers are cheap to reach;
 *               bits 1-3 pick the confidence level given to clv_nps_interval().
 *   bytes 1..   the answers.
 *
 * Checked:
 * - the status is a documented code; CLV_OK exactly when every answer is a whole number in
 *   [0, 10] and there is at least one; CLV_EINVAL for n = 0 or a null pointer; CLV_EDOM for a
 *   bad answer; on an error the output struct still holds its sentinel bytes;
 * - on CLV_OK: the three counts are those of the answers and sum to n, the number of answers;
 *   every field is finite, nps in [-100, 100], variance in [0, 1], std_error >= 0; the result
 *   is that of clv_nps_from_counts() on the same counts; the interval of the score is finite,
 *   lower <= nps <= upper, inside [-100, 100];
 * - the library reads no answer beyond n (the array is an exact-size heap copy, so
 *   AddressSanitizer sees any overread) and never writes into it.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "referral.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define SENTINEL 0xA5

static size_t cur_n;

static void fail(const char *what, int line) {
    fprintf(stderr,
            "\nCONTRACT VIOLATION in clv_nps_from_scores: %s (fuzz_nps_scores.c:%d), "
            "n = %zu\n",
            what, line, cur_n);
    abort();
}

#include "fuzz_common.h"

static int untouched(const void *p, size_t n) {
    return untouched_bytes(p, n, SENTINEL);
}

static double byte_answer(uint8_t b) {
    switch (b) {
    case 11:
        return NAN;
    case 12:
        return -0.0;
    case 13:
        return INFINITY;
    case 14:
        return -1.0;
    case 15:
        return 10.5;
    case 16:
        return 11.0;
    case 17:
        return 0.5;
    default:
        return (double)(b % 11);
    }
}

static void check_interval(const clv_nps *s, double level) {
    double lu[2];
    memset(lu, SENTINEL, sizeof lu);
    int st = clv_nps_interval(s, level, &lu[0], &lu[1]);
    NEED(st == CLV_OK);
    NEED(isfinite(lu[0]) && isfinite(lu[1]));
    NEED(lu[0] <= lu[1]);
    NEED(lu[0] >= -100.0 && lu[1] <= 100.0);
    NEED(lu[0] <= s->nps && s->nps <= lu[1]);
}

/* One call on scores[0..n) against the harness's own count. */
static void check_scores(const double *scores, size_t n, double level) {
    cur_n = n;
    double promoters = 0.0;
    double passives = 0.0;
    double detractors = 0.0;
    int valid = n > 0;
    for (size_t i = 0; i < n; i++) {
        double s = scores[i];
        if (!(s >= 0.0 && s <= 10.0) || s != floor(s)) {
            valid = 0;
            break;
        }
        if (s >= 9.0) {
            promoters += 1.0;
        } else if (s >= 7.0) {
            passives += 1.0;
        } else {
            detractors += 1.0;
        }
    }

    clv_nps out;
    memset(&out, SENTINEL, sizeof out);
    int st = clv_nps_from_scores(scores, n, &out);
    NEED(st <= CLV_OK && st >= CLV_EIDENT);
    NEED(clv_strerror(st) != NULL);
    if (n == 0) {
        NEED(st == CLV_EINVAL);
    } else if (!valid) {
        NEED(st == CLV_EDOM);
    } else {
        NEED(st == CLV_OK);
    }
    if (st != CLV_OK) {
        NEED(untouched(&out, sizeof out));
        return;
    }
    NEED(out.promoters == promoters);
    NEED(out.passives == passives);
    NEED(out.detractors == detractors);
    NEED(out.promoters + out.passives + out.detractors == out.n);
    NEED(out.n == (double)n);
    NEED(isfinite(out.nps) && out.nps >= -100.0 && out.nps <= 100.0);
    NEED(isfinite(out.variance) && out.variance >= 0.0 && out.variance <= 1.0);
    NEED(isfinite(out.std_error) && out.std_error >= 0.0);
    NEED(fabs(out.nps - 100.0 * (promoters - detractors) / (double)n) <= 1e-12);

    clv_nps from_counts;
    NEED(clv_nps_from_counts(promoters, passives, detractors, &from_counts) == CLV_OK);
    NEED(memcmp(&from_counts, &out, sizeof out) == 0);

    check_interval(&out, level);
    check_interval(&out, 0.95);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static const double levels[8] = {0.95, 0.90, 0.99, 0.5, 0.8, 0.999, 1e-9, 0.6827};
    if (size == 0) {
        return 0;
    }
    uint8_t mode = data[0];
    double level = levels[(mode >> 1) & 7u];
    const uint8_t *body = data + 1;
    size_t body_size = size - 1;
    size_t n = (mode & 1u) ? body_size : body_size / sizeof(double);

    /* Exact-size heap copy: an overread past n is a heap-buffer-overflow under ASan. */
    double *scores = malloc(n > 0 ? n * sizeof(double) : 1);
    if (scores == NULL) {
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        if (mode & 1u) {
            scores[i] = byte_answer(body[i]);
        } else {
            memcpy(&scores[i], body + i * sizeof(double), sizeof(double));
        }
    }
    double *copy = malloc(n > 0 ? n * sizeof(double) : 1);
    if (copy == NULL) {
        free(scores);
        return 0;
    }
    if (n > 0) {
        memcpy(copy, scores, n * sizeof(double));
    }

    check_scores(scores, n, level);
    if (n > 1) {
        check_scores(scores, n / 2, level); /* a prefix: only n answers may be read */
    }
    check_scores(scores, 0, level);
    NEED(n == 0 || memcmp(copy, scores, n * sizeof(double)) == 0); /* input is const */

    clv_nps out;
    memset(&out, SENTINEL, sizeof out);
    NEED(clv_nps_from_scores(NULL, n, &out) == CLV_EINVAL);
    NEED(untouched(&out, sizeof out));
    NEED(clv_nps_from_scores(scores, n, NULL) == CLV_EINVAL);

    free(copy);
    free(scores);
    return 0;
}
