/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Tests for lib/clv/rfm.c: transaction log -> (x, t_x, T, monetary) summaries, the streaming
 * state, the ordering permutation and the table validator, against clv.h's contract (group
 * clv_rfm) and the CDNOW data of tests/data (see tests/data/README.md).
 *
 * Oracles: tests/data/cdnow_customers_summary_with_transactions.csv (lifetimes' CDNOW summary,
 * weeks rounded to 2 decimals); hand counts from tests/data/CDNOW_sample.txt quoted next to each
 * check; and exact binary arithmetic on hand-made logs (times and amounts chosen so every sum
 * is exact, so those comparisons use ==).
 */
#include "clv_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clv.h"

/* ---- CDNOW ------------------------------------------------------------------------------ */

#define CDNOW_TRANSACTIONS 6919
#define CDNOW_CUSTOMERS 2357

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
static long days_from_civil(long y, long m, long d) {
    y -= (m <= 2);
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static double day_of(long yyyymmdd) {
    return (double)days_from_civil(yyyymmdd / 10000, (yyyymmdd / 100) % 100, yyyymmdd % 100);
}

/* The log in file order (grouped by sample id, ascending, and sorted by date). */
static uint64_t cdnow_id[CDNOW_TRANSACTIONS];
static double cdnow_day[CDNOW_TRANSACTIONS];
static double cdnow_amount[CDNOW_TRANSACTIONS];

/* The lifetimes summary, indexed by sample id - 1. */
static double csv_x[CDNOW_CUSTOMERS];
static double csv_t_x[CDNOW_CUSTOMERS];
static double csv_T[CDNOW_CUSTOMERS];
static double csv_zbar[CDNOW_CUSTOMERS];

static double calibration_end_day; /* 1997-09-30 */
static double holdout_end_day;     /* 1998-06-30 */

static int load_cdnow(void **state) {
    (void)state;
    calibration_end_day = day_of(19970930);
    holdout_end_day = day_of(19980630);
    FILE *f = fopen("data/CDNOW_sample.txt", "r");
    if (f == NULL) {
        fprintf(stderr, "cannot open data/CDNOW_sample.txt (run from tests/)\n");
        return -1;
    }
    unsigned long master, sample;
    long date;
    double cds, dollars;
    size_t n = 0;
    while (fscanf(f, "%lu %lu %ld %lf %lf", &master, &sample, &date, &cds, &dollars) == 5) {
        if (n == CDNOW_TRANSACTIONS) {
            fclose(f);
            return -1;
        }
        cdnow_id[n] = sample;
        cdnow_day[n] = day_of(date);
        cdnow_amount[n] = dollars;
        n++;
    }
    fclose(f);
    if (n != CDNOW_TRANSACTIONS) {
        fprintf(stderr, "CDNOW_sample.txt: %zu transactions, expected %d\n", n, CDNOW_TRANSACTIONS);
        return -1;
    }

    f = fopen("data/cdnow_customers_summary_with_transactions.csv", "r");
    if (f == NULL) {
        return -1;
    }
    char header[64];
    if (fgets(header, sizeof header, f) == NULL || strncmp(header, "ID,x,t_x,T,zbar", 15) != 0) {
        fclose(f);
        return -1;
    }
    unsigned long id;
    double x, t_x, T, zbar;
    size_t rows = 0;
    while (fscanf(f, "%lu,%lf,%lf,%lf,%lf", &id, &x, &t_x, &T, &zbar) == 5) {
        if (id < 1 || id > CDNOW_CUSTOMERS) {
            fclose(f);
            return -1;
        }
        csv_x[id - 1] = x;
        csv_t_x[id - 1] = t_x;
        csv_T[id - 1] = T;
        csv_zbar[id - 1] = zbar;
        rows++;
    }
    fclose(f);
    return rows == CDNOW_CUSTOMERS ? 0 : -1;
}

/* A full output table for CDNOW. */
typedef struct cdnow_out {
    uint64_t customer[CDNOW_CUSTOMERS];
    double x[CDNOW_CUSTOMERS];
    double t_x[CDNOW_CUSTOMERS];
    double T[CDNOW_CUSTOMERS];
    double monetary[CDNOW_CUSTOMERS];
    double x_holdout[CDNOW_CUSTOMERS];
    double monetary_holdout[CDNOW_CUSTOMERS];
    clv_rfm_table table;
} cdnow_out;

static cdnow_out *new_cdnow_out(void) {
    cdnow_out *o = calloc(1, sizeof *o);
    assert_non_null(o);
    o->table.capacity = CDNOW_CUSTOMERS;
    o->table.customer = o->customer;
    o->table.x = o->x;
    o->table.t_x = o->t_x;
    o->table.T = o->T;
    o->table.monetary = o->monetary;
    o->table.x_holdout = o->x_holdout;
    o->table.monetary_holdout = o->monetary_holdout;
    return o;
}

/* Daily periods, calibration to 1997-09-30 and (optionally) holdout to 1998-06-30. */
static clv_rfm_options cdnow_options(int with_holdout) {
    clv_rfm_options o;
    assert_status(clv_rfm_options_init(&o), CLV_OK);
    o.period = 1.0;
    o.calibration_end = calibration_end_day;
    o.holdout_end = with_holdout ? holdout_end_day : calibration_end_day;
    return o;
}

static void summarise_cdnow(const size_t *order, const uint64_t *id, const double *day,
                            const double *amount, int with_holdout, cdnow_out *o) {
    clv_rfm_options opts = cdnow_options(with_holdout);
    size_t n_customers = 0;
    size_t bad = 12345;
    assert_status(clv_rfm_summary(id, day, amount, CDNOW_TRANSACTIONS, order, &opts, &o->table,
                                  &n_customers, &bad),
                  CLV_OK);
    assert_int_equal(n_customers, CDNOW_CUSTOMERS);
    assert_int_equal(bad, 12345); /* written only on error */
}

/* The lifetimes file gives weeks = days / 7 rounded to 2 decimals; k/7 is at most 3/7 - 0.42
 * = 0.0042857 from its rounding, so 0.0043 weeks. zbar is the mean of cent amounts rounded to
 * the cent: 0.005 dollars, reached exactly at half cents (customer 1: 22.345 -> 22.35), plus
 * 1e-9 for the decimal-to-binary conversion of both numbers. */
static void test_rfm_cdnow_daily_summary_matches_lifetimes_file_for_all_2357(void **state) {
    (void)state;
    cdnow_out *o = new_cdnow_out();
    summarise_cdnow(NULL, cdnow_id, cdnow_day, cdnow_amount, 0, o);
    size_t repeaters = 0;
    for (size_t r = 0; r < CDNOW_CUSTOMERS; r++) {
        assert_int_equal(o->customer[r], r + 1); /* first appearance = ascending sample id */
        uint64_t i = o->customer[r] - 1;
        if (o->x[r] != csv_x[i]) {
            fail_msg("customer %lu: x = %g, file %g", (unsigned long)(i + 1), o->x[r], csv_x[i]);
        }
        assert_near(o->t_x[r] / 7.0, csv_t_x[i], 0.0043);
        assert_near(o->T[r] / 7.0, csv_T[i], 0.0043);
        assert_near(o->monetary[r], csv_zbar[i], 0.005 + 1e-9);
        repeaters += o->x[r] > 0.0;
    }
    assert_int_equal(repeaters, 946); /* data/README.md: 946 customers have x > 0 */
    free(o);
}

/* The issue: a till feeding clv_rfm_update() purchase by purchase must end with the batch
 * summary's numbers on the same purchases, to the bit. */
static void test_rfm_streaming_replay_of_cdnow_is_bitwise_identical_to_batch(void **state) {
    (void)state;
    cdnow_out *o = new_cdnow_out();
    summarise_cdnow(NULL, cdnow_id, cdnow_day, cdnow_amount, 1, o);
    size_t r = 0;
    for (size_t a = 0; a < CDNOW_TRANSACTIONS; r++) {
        clv_rfm_state s;
        assert_status(clv_rfm_state_init(&s), CLV_OK);
        size_t b = a;
        for (; b < CDNOW_TRANSACTIONS && cdnow_id[b] == cdnow_id[a]; b++) {
            if (cdnow_day[b] <= calibration_end_day) {
                assert_status(clv_rfm_update(&s, cdnow_day[b], cdnow_amount[b], 1.0), CLV_OK);
            }
        }
        double v[4];
        assert_status(
            clv_rfm_state_summary(&s, calibration_end_day, 1.0, &v[0], &v[1], &v[2], &v[3]),
            CLV_OK);
        assert_int_equal(o->customer[r], cdnow_id[a]);
        const double batch[4] = {o->x[r], o->t_x[r], o->T[r], o->monetary[r]};
        if (memcmp(v, batch, sizeof v) != 0) {
            fail_msg("customer %lu: stream (%.17g %.17g %.17g %.17g) != batch (%.17g %.17g %.17g "
                     "%.17g)",
                     (unsigned long)cdnow_id[a], v[0], v[1], v[2], v[3], batch[0], batch[1],
                     batch[2], batch[3]);
        }
        a = b;
    }
    assert_int_equal(r, CDNOW_CUSTOMERS);
    free(o);
}

/* The same with no period and the default calibration_end (+inf: T runs to the last purchase
 * of the whole log, 1998-06-30): the streaming reader is given that day as now. */
static void test_rfm_streaming_equals_batch_with_no_period_and_default_end(void **state) {
    (void)state;
    cdnow_out *o = new_cdnow_out();
    size_t n_customers = 0;
    assert_status(clv_rfm_summary(cdnow_id, cdnow_day, cdnow_amount, CDNOW_TRANSACTIONS, NULL, NULL,
                                  &o->table, &n_customers, NULL),
                  CLV_OK);
    assert_int_equal(n_customers, CDNOW_CUSTOMERS);
    size_t r = 0;
    for (size_t a = 0; a < CDNOW_TRANSACTIONS; r++) {
        clv_rfm_state s;
        assert_status(clv_rfm_state_init(&s), CLV_OK);
        size_t b = a;
        for (; b < CDNOW_TRANSACTIONS && cdnow_id[b] == cdnow_id[a]; b++) {
            assert_status(clv_rfm_update(&s, cdnow_day[b], cdnow_amount[b], 0.0), CLV_OK);
        }
        double v[4];
        assert_status(clv_rfm_state_summary(&s, holdout_end_day, 0.0, &v[0], &v[1], &v[2], &v[3]),
                      CLV_OK);
        const double batch[4] = {o->x[r], o->t_x[r], o->T[r], o->monetary[r]};
        assert_memory_equal(v, batch, sizeof v);
        assert_true(o->x_holdout[r] == 0.0 && o->monetary_holdout[r] == 0.0);
        a = b;
    }
    assert_int_equal(r, CDNOW_CUSTOMERS);
    free(o);
}

/* Holdout 1997-10-01 .. 1998-06-30. Totals counted from the file with awk:
 *   awk '$3>19970930 && $3<=19980630 {k=$2" "$3; if(!(k in s)){s[k]=1;n++}} END{print n}'
 * gives 1882 holdout purchases (distinct customer-days) by 684 customers; no transaction is
 * after 1998-06-30. Hand-checked customers (sample id: transactions after 1997-09-30):
 *   1: 19971212 26.48                       -> x_holdout 1, mean 26.48
 *  26: none                                 -> 0, 0
 *  51: 19980411 93.81 and 19980411 20.98    -> one purchase (one day), 114.79
 *      (lifetimes would average the two lines: 57.395; see lib/clv/rfm.c)
 *  61: 19971217 29.48, 19971218 28.49, 19971222 66.97 -> 3, 124.94 / 3
 *  46: 19971013 32.48, 19971028 24.48, 19971214 35.97, 19980110 26.48, 19980213 28.98,
 *      19980301 30.98, 19980305 32.47, 19980325 25.98, 19980415 11.88, 19980531 12.99
 *      -> 10, 262.69 / 10 = 26.269
 * and their calibration rows: 1: x 2 (19970118, 19970802), t_x 213 days, T 272 days, zbar
 * (29.73 + 14.96)/2 = 22.345; 51: x 0, T = 19970103 .. 19970930 = 270 days. */
static void test_rfm_cdnow_holdout_totals_and_hand_checked_customers(void **state) {
    (void)state;
    cdnow_out *o = new_cdnow_out();
    summarise_cdnow(NULL, cdnow_id, cdnow_day, cdnow_amount, 1, o);
    double total = 0.0;
    size_t with_holdout = 0;
    for (size_t r = 0; r < CDNOW_CUSTOMERS; r++) {
        total += o->x_holdout[r];
        with_holdout += o->x_holdout[r] > 0.0;
        if (o->x_holdout[r] == 0.0) {
            assert_true(o->monetary_holdout[r] == 0.0);
        }
    }
    assert_true(total == 1882.0);
    assert_int_equal(with_holdout, 684);

    /* Rows are in sample-id order (r = id - 1). Amounts are sums of cents: 1e-12 relative. */
    assert_true(o->x_holdout[0] == 1.0);
    assert_close(o->monetary_holdout[0], 26.48, 1e-12);
    assert_true(o->x[0] == 2.0 && o->t_x[0] == 213.0 && o->T[0] == 272.0);
    assert_close(o->monetary[0], 22.345, 1e-12);
    assert_true(o->x_holdout[25] == 0.0 && o->monetary_holdout[25] == 0.0);
    assert_true(o->x_holdout[50] == 1.0);
    assert_close(o->monetary_holdout[50], 114.79, 1e-12);
    assert_true(o->x[50] == 0.0 && o->t_x[50] == 0.0 && o->T[50] == 270.0);
    assert_true(o->monetary[50] == 0.0);
    assert_true(o->x_holdout[60] == 3.0);
    assert_close(o->monetary_holdout[60], 124.94 / 3.0, 1e-12);
    assert_true(o->x_holdout[45] == 10.0);
    assert_close(o->monetary_holdout[45], 26.269, 1e-12);
    free(o);
}

/* Customer 26 bought twice on 1997-01-13 (166.89 and 60.25): with daily periods that is one
 * repeat purchase of 227.14, 11 days after 1997-01-02 (file: x 1, t_x 1.57, zbar 227.14). */
static void test_rfm_cdnow_same_day_lines_are_one_purchase_with_summed_amount(void **state) {
    (void)state;
    cdnow_out *o = new_cdnow_out();
    summarise_cdnow(NULL, cdnow_id, cdnow_day, cdnow_amount, 0, o);
    assert_true(o->x[25] == 1.0 && o->t_x[25] == 11.0 && o->T[25] == 271.0);
    assert_close(o->monetary[25], 227.14, 1e-12);
    free(o);
}

/* Deterministic shuffle (xorshift64, Fisher-Yates), then clv_rfm_order() and the summary read
 * through the permutation: every row as from the file order. Within a day the lines of a
 * customer may come in another order, and so be summed in another order: monetary to 1e-13
 * relative (a few roundings of cent sums), everything else exact. */
static void test_rfm_order_of_shuffled_cdnow_gives_the_same_summary(void **state) {
    (void)state;
    static uint64_t id[CDNOW_TRANSACTIONS];
    static double day[CDNOW_TRANSACTIONS];
    static double amount[CDNOW_TRANSACTIONS];
    static size_t order[CDNOW_TRANSACTIONS];
    memcpy(id, cdnow_id, sizeof id);
    memcpy(day, cdnow_day, sizeof day);
    memcpy(amount, cdnow_amount, sizeof amount);
    uint64_t rng = 0x9E3779B97F4A7C15u;
    for (size_t i = CDNOW_TRANSACTIONS - 1; i > 0; i--) {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        size_t j = (size_t)(rng % (i + 1));
        uint64_t ti = id[i];
        id[i] = id[j];
        id[j] = ti;
        double td = day[i];
        day[i] = day[j];
        day[j] = td;
        double ta = amount[i];
        amount[i] = amount[j];
        amount[j] = ta;
    }
    /* The shuffled log itself is rejected: not grouped (or not sorted). */
    cdnow_out *o = new_cdnow_out();
    size_t n_customers = 0;
    size_t bad = CDNOW_TRANSACTIONS;
    clv_rfm_options opts = cdnow_options(1);
    assert_status(clv_rfm_summary(id, day, amount, CDNOW_TRANSACTIONS, NULL, &opts, &o->table,
                                  &n_customers, &bad),
                  CLV_EINVAL);
    assert_true(bad < CDNOW_TRANSACTIONS);

    assert_status(clv_rfm_order(id, day, CDNOW_TRANSACTIONS, order), CLV_OK);
    for (size_t p = 1; p < CDNOW_TRANSACTIONS; p++) {
        size_t i = order[p - 1];
        size_t j = order[p];
        int ascending = id[i] < id[j] || (id[i] == id[j] && day[i] < day[j]) ||
                        (id[i] == id[j] && day[i] == day[j] && i < j);
        assert_true(ascending);
    }
    summarise_cdnow(order, id, day, amount, 1, o);
    cdnow_out *ref = new_cdnow_out();
    summarise_cdnow(NULL, cdnow_id, cdnow_day, cdnow_amount, 1, ref);
    for (size_t r = 0; r < CDNOW_CUSTOMERS; r++) {
        assert_int_equal(o->customer[r], ref->customer[r]);
        assert_true(o->x[r] == ref->x[r] && o->t_x[r] == ref->t_x[r] && o->T[r] == ref->T[r]);
        assert_true(o->x_holdout[r] == ref->x_holdout[r]);
        assert_close(o->monetary[r], ref->monetary[r], 1e-13);
        assert_close(o->monetary_holdout[r], ref->monetary_holdout[r], 1e-13);
    }
    free(ref);
    free(o);
}

/*
 * Tables long enough for the block-wise check (blocks of 256 rows tested four or two at a
 * time without branches, a failing block rescanned row by row): each kind of bad history, put
 * at the start, the end or either side of a block boundary of a valid table (no weight, no
 * spend: the fast path), is found at its row; whole numbers past 2^52 pass, and the halves
 * just under 2^52 and 2^53 (whole-number tests that round) do not.
 */
static void test_rfm_check_finds_the_first_bad_row_of_long_tables(void **state) {
    (void)state;
    enum { N = 1031 }; /* 4 whole blocks and a tail not a multiple of 4 */
    static double x[N], t_x[N], T[N];
    static const struct {
        double x, t_x, T;
        const char *what;
    } bad[] = {
        {1.5, 1.0, 5.0, "x = 1.5"},
        {0.5, 0.0, 5.0, "x = 0.5 (rounds to 0 or 1)"},
        {4503599627370495.5, 1.0, 5.0, "x = 2^52 - 1/2"},
        {-1.0, 1.0, 5.0, "x < 0"},
        {NAN, 1.0, 5.0, "NaN x"},
        {INFINITY, 1.0, 5.0, "infinite x"},
        {2.0, 6.0, 5.0, "t_x > T"},
        {2.0, -1.0, 5.0, "t_x < 0"},
        {2.0, NAN, 5.0, "NaN t_x"},
        {0.0, 1.0, 5.0, "x = 0 with t_x > 0"},
        {0.0, 0.0, -1.0, "T < 0"},
        {2.0, 1.0, NAN, "NaN T"},
        {2.0, 1.0, INFINITY, "infinite T"},
    };
    static const size_t where[] = {0, 3, 255, 256, 257, 767, 1023, 1024, 1027, 1030};
    for (size_t i = 0; i < N; i++) {
        x[i] = (double)(i % 7);
        T[i] = 10.0 + (double)(i % 13);
        t_x[i] = (x[i] == 0.0) ? 0.0 : T[i] * 0.5;
    }
    x[100] = 9007199254740992.0 * 4.0; /* whole, past 2^53 */
    x[101] = 4503599627370497.0;       /* whole, just past 2^52 */
    x[102] = -0.0;
    t_x[102] = 0.0;
    clv_rfm_view v = {N, x, t_x, T, NULL, NULL};
    size_t found = 99;
    assert_status(clv_rfm_check(&v, 0, &found), CLV_OK);
    assert_int_equal(found, 99);
    for (size_t b = 0; b < sizeof bad / sizeof bad[0]; b++) {
        for (size_t w = 0; w < sizeof where / sizeof where[0]; w++) {
            size_t i = where[w];
            double sx = x[i], stx = t_x[i], sT = T[i];
            x[i] = bad[b].x;
            t_x[i] = bad[b].t_x;
            T[i] = bad[b].T;
            /* A second bad row later on: the first is reported. */
            double lx = x[N - 1];
            if (i + 1 < N) {
                x[N - 1] = 0.25;
            }
            found = 99;
            int st = clv_rfm_check(&v, 0, &found);
            if (st != CLV_EDOM || found != i) {
                fail_msg("%s at row %zu: status %d, bad_index %zu", bad[b].what, i, st, found);
            }
            x[N - 1] = lx;
            x[i] = sx;
            t_x[i] = stx;
            T[i] = sT;
        }
    }
    /* Each prefix length of a valid table passes (blocks of every remainder). */
    for (size_t n = 1; n < 12; n++) {
        clv_rfm_view p = {n, x, t_x, T, NULL, NULL};
        assert_status(clv_rfm_check(&p, 0, NULL), CLV_OK);
    }
}

/* The valid CDNOW table passes clv_rfm_check(), with the monetary column too (every CDNOW
 * amount is > 0). */
static void test_rfm_check_accepts_the_cdnow_summary(void **state) {
    (void)state;
    cdnow_out *o = new_cdnow_out();
    summarise_cdnow(NULL, cdnow_id, cdnow_day, cdnow_amount, 0, o);
    clv_rfm_view v = {CDNOW_CUSTOMERS, o->x, o->t_x, o->T, o->monetary, NULL};
    size_t bad = 777;
    assert_status(clv_rfm_check(&v, 1, &bad), CLV_OK);
    assert_status(clv_rfm_check(&v, 0, &bad), CLV_OK);
    assert_int_equal(bad, 777);
    free(o);
}

/* ---- small hand-made logs --------------------------------------------------------------- */

#define SMALL 8
#define SENTINEL (-12345.5)
#define SENTINEL_ID 0xDEADBEEFu

typedef struct small_out {
    uint64_t customer[SMALL];
    double x[SMALL];
    double t_x[SMALL];
    double T[SMALL];
    double monetary[SMALL];
    double x_holdout[SMALL];
    double monetary_holdout[SMALL];
    clv_rfm_table table;
    size_t n_customers;
    size_t bad;
} small_out;

static void small_init(small_out *o, size_t capacity) {
    for (size_t i = 0; i < SMALL; i++) {
        o->customer[i] = SENTINEL_ID;
        o->x[i] = o->t_x[i] = o->T[i] = SENTINEL;
        o->monetary[i] = o->x_holdout[i] = o->monetary_holdout[i] = SENTINEL;
    }
    o->table.capacity = capacity;
    o->table.customer = o->customer;
    o->table.x = o->x;
    o->table.t_x = o->t_x;
    o->table.T = o->T;
    o->table.monetary = o->monetary;
    o->table.x_holdout = o->x_holdout;
    o->table.monetary_holdout = o->monetary_holdout;
    o->n_customers = 999;
    o->bad = 999;
}

/* Every output array still holds the sentinel (rows from `from` on). */
static void assert_rows_untouched(const small_out *o, size_t from) {
    for (size_t i = from; i < SMALL; i++) {
        assert_true(o->customer[i] == SENTINEL_ID);
        assert_true(o->x[i] == SENTINEL && o->t_x[i] == SENTINEL && o->T[i] == SENTINEL);
        assert_true(o->monetary[i] == SENTINEL && o->x_holdout[i] == SENTINEL &&
                    o->monetary_holdout[i] == SENTINEL);
    }
}

static void assert_untouched(const small_out *o) {
    assert_rows_untouched(o, 0);
    assert_int_equal(o->n_customers, 999);
}

static int small_summary(const uint64_t *c, const double *t, const double *a, size_t n,
                         const size_t *order, const clv_rfm_options *opts, small_out *o) {
    return clv_rfm_summary(c, t, a, n, order, opts, &o->table, &o->n_customers, &o->bad);
}

static clv_rfm_options options_with(double period, double calibration_end, double holdout_end) {
    clv_rfm_options o;
    assert_status(clv_rfm_options_init(&o), CLV_OK);
    o.period = period;
    o.calibration_end = calibration_end;
    o.holdout_end = holdout_end;
    return o;
}

/* Customer 7 buys at 0.25, 0.75 | 1.5, 1.75 | 3 (amounts 1, 2 | 4, 8 | 16). With period 1
 * the purchases are days 0 (3), 1 (12) and 3 (16): x = 2, t_x = 3, T = floor(5.5) - 0 = 5,
 * monetary = (12 + 16)/2 = 14. Every value is a small binary fraction: exact. */
static const uint64_t collapse_c[] = {7, 7, 7, 7, 7};
static const double collapse_t[] = {0.25, 0.75, 1.5, 1.75, 3.0};
static const double collapse_a[] = {1.0, 2.0, 4.0, 8.0, 16.0};

static void test_rfm_same_period_purchases_collapse_into_one_with_summed_amount(void **state) {
    (void)state;
    small_out o;
    small_init(&o, SMALL);
    clv_rfm_options opts = options_with(1.0, 5.5, 5.5);
    assert_status(small_summary(collapse_c, collapse_t, collapse_a, 5, NULL, &opts, &o), CLV_OK);
    assert_int_equal(o.n_customers, 1);
    assert_int_equal(o.bad, 999);
    assert_true(o.customer[0] == 7);
    assert_true(o.x[0] == 2.0 && o.t_x[0] == 3.0 && o.T[0] == 5.0 && o.monetary[0] == 14.0);
    assert_true(o.x_holdout[0] == 0.0 && o.monetary_holdout[0] == 0.0);
    assert_rows_untouched(&o, 1);

    /* The same through the state: first purchase 3, last 16, repeats 12 + 16. */
    clv_rfm_state s;
    assert_status(clv_rfm_state_init(&s), CLV_OK);
    for (size_t i = 0; i < 5; i++) {
        assert_status(clv_rfm_update(&s, collapse_t[i], collapse_a[i], 1.0), CLV_OK);
    }
    assert_true(s.purchases == 3.0 && s.first_time == 0.0 && s.last_time == 3.0);
    assert_true(s.first_amount == 3.0 && s.repeat_total == 28.0 && s.last_amount == 16.0);
    double x, t_x, T, m;
    assert_status(clv_rfm_state_summary(&s, 5.5, 1.0, &x, &t_x, &T, &m), CLV_OK);
    assert_true(x == 2.0 && t_x == 3.0 && T == 5.0 && m == 14.0);
}

/* Period 0: every transaction is a purchase, even two at the same time. x = 4,
 * t_x = 3 - 0.25 = 2.75, T = 5.5 - 0.25 = 5.25, monetary = (2 + 4 + 8 + 16)/4 = 7.5; and a
 * second transaction at the same time counts (customer 9: times 1, 1 -> x = 1, t_x = 0). */
static void test_rfm_period_zero_counts_every_transaction(void **state) {
    (void)state;
    small_out o;
    small_init(&o, SMALL);
    clv_rfm_options opts = options_with(0.0, 5.5, INFINITY);
    assert_status(small_summary(collapse_c, collapse_t, collapse_a, 5, NULL, &opts, &o), CLV_OK);
    assert_true(o.x[0] == 4.0 && o.t_x[0] == 2.75 && o.T[0] == 5.25 && o.monetary[0] == 7.5);

    const uint64_t c[] = {9, 9};
    const double t[] = {1.0, 1.0};
    const double a[] = {2.0, 6.0};
    small_init(&o, SMALL);
    assert_status(small_summary(c, t, a, 2, NULL, &opts, &o), CLV_OK);
    assert_true(o.x[0] == 1.0 && o.t_x[0] == 0.0 && o.T[0] == 4.5 && o.monetary[0] == 6.0);
    clv_rfm_state s;
    assert_status(clv_rfm_state_init(&s), CLV_OK);
    assert_status(clv_rfm_update(&s, 1.0, 2.0, 0.0), CLV_OK);
    assert_status(clv_rfm_update(&s, 1.0, 6.0, 0.0), CLV_OK);
    assert_true(s.purchases == 2.0);
}

/* With the default calibration_end (+inf), T runs to the last transaction of the whole log:
 * customer 1 buys at 0 and 2, customer 2 at 1 and 10: T = 10 and 9. No amounts: monetary 0. */
static void test_rfm_default_end_measures_T_to_the_last_transaction_of_the_log(void **state) {
    (void)state;
    const uint64_t c[] = {1, 1, 2, 2};
    const double t[] = {0.0, 2.0, 1.0, 10.0};
    small_out o;
    small_init(&o, SMALL);
    assert_status(small_summary(c, t, NULL, 4, NULL, NULL, &o), CLV_OK);
    assert_int_equal(o.n_customers, 2);
    assert_true(o.customer[0] == 1 && o.x[0] == 1.0 && o.t_x[0] == 2.0 && o.T[0] == 10.0);
    assert_true(o.customer[1] == 2 && o.x[1] == 1.0 && o.t_x[1] == 9.0 && o.T[1] == 9.0);
    assert_true(o.monetary[0] == 0.0 && o.monetary[1] == 0.0);
    assert_true(o.x_holdout[0] == 0.0 && o.monetary_holdout[1] == 0.0);
}

/* Rows come in ascending customer order (ids 10, 20, 30), and the optional columns may be
 * null. Calibration ends at 4: customer 10 buys at 1 and 3 (x 1, t_x 2, T 3), 20 at 2 (T 2),
 * 30 at 0 (T 4). */
static void test_rfm_rows_follow_customer_order_and_optional_columns_may_be_null(void **state) {
    (void)state;
    const uint64_t c[] = {10, 10, 20, 30};
    const double t[] = {1.0, 3.0, 2.0, 0.0};
    small_out o;
    small_init(&o, SMALL);
    o.table.customer = NULL;
    o.table.monetary = NULL;
    o.table.x_holdout = NULL;
    o.table.monetary_holdout = NULL;
    clv_rfm_options opts = options_with(0.0, 4.0, 4.0);
    assert_status(small_summary(c, t, NULL, 4, NULL, &opts, &o), CLV_OK);
    assert_int_equal(o.n_customers, 3);
    assert_true(o.x[0] == 1.0 && o.t_x[0] == 2.0 && o.T[0] == 3.0);
    assert_true(o.x[1] == 0.0 && o.T[1] == 2.0);
    assert_true(o.x[2] == 0.0 && o.T[2] == 4.0);
    assert_true(o.customer[0] == SENTINEL_ID && o.monetary[0] == SENTINEL);
    small_init(&o, SMALL);
    assert_status(small_summary(c, t, NULL, 4, NULL, &opts, &o), CLV_OK);
    assert_true(o.customer[0] == 10 && o.customer[1] == 20 && o.customer[2] == 30);
}

/* Holdout with a period: calibration to 5, holdout to 9.5 (period start 9). Customer 3 buys
 * at 0 (1), 6.25 (2), 6.75 (4), 8 (8), 9.25 (16), 12 (32): holdout purchases days 6 (2 + 4),
 * 8 and 9 -> x_holdout 3, mean (6 + 8 + 16)/3 = 10; day 12 is after the holdout. Customer 4
 * first buys at 6, after calibration_end: no row, its holdout ignored. */
static void test_rfm_holdout_collapses_by_period_and_skips_new_customers(void **state) {
    (void)state;
    const uint64_t c[] = {3, 3, 3, 3, 3, 3, 4, 4};
    const double t[] = {0.0, 6.25, 6.75, 8.0, 9.25, 12.0, 6.0, 7.0};
    const double a[] = {1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0};
    small_out o;
    small_init(&o, SMALL);
    clv_rfm_options opts = options_with(1.0, 5.0, 9.5);
    assert_status(small_summary(c, t, a, 8, NULL, &opts, &o), CLV_OK);
    assert_int_equal(o.n_customers, 1);
    assert_true(o.customer[0] == 3 && o.x[0] == 0.0 && o.t_x[0] == 0.0 && o.T[0] == 5.0);
    assert_true(o.monetary[0] == 0.0);
    assert_true(o.x_holdout[0] == 3.0 && o.monetary_holdout[0] == 10.0);
    assert_rows_untouched(&o, 1);
}

/* A customer whose first purchase is after calibration_end gets no row; when nobody has one,
 * the result is 0 rows (calibration_end = -inf is allowed: nothing is calibration). */
static void test_rfm_first_purchase_after_calibration_end_gives_no_row(void **state) {
    (void)state;
    const uint64_t c[] = {1, 2, 2, 3};
    const double t[] = {1.0, 2.5, 3.0, 2.0};
    small_out o;
    small_init(&o, SMALL);
    /* Period 1: calibration_end 2.9 -> 2; customer 2's 2.5 is day 2 (in), customer 3's 2 in. */
    clv_rfm_options opts = options_with(1.0, 2.9, 2.9);
    assert_status(small_summary(c, t, NULL, 4, NULL, &opts, &o), CLV_OK);
    assert_int_equal(o.n_customers, 3);
    opts = options_with(0.0, 1.5, 10.0); /* no period: 2 and 3 start after 1.5 */
    small_init(&o, SMALL);
    assert_status(small_summary(c, t, NULL, 4, NULL, &opts, &o), CLV_OK);
    assert_int_equal(o.n_customers, 1);
    assert_true(o.customer[0] == 1 && o.x[0] == 0.0 && o.T[0] == 0.5);
    assert_true(o.x_holdout[0] == 0.0);
    assert_rows_untouched(&o, 1);
    opts = options_with(0.0, -INFINITY, INFINITY);
    small_init(&o, SMALL);
    assert_status(small_summary(c, t, NULL, 4, NULL, &opts, &o), CLV_OK);
    assert_int_equal(o.n_customers, 0);
    assert_rows_untouched(&o, 0);
}

/* A table with fewer rows than customers: CLV_ENOMEM, n_customers = the number needed (only
 * customers with a row count), and no row written. Capacity 0 asks for the size. */
static void test_rfm_small_table_is_enomem_with_the_needed_count(void **state) {
    (void)state;
    const uint64_t c[] = {1, 2, 3, 4};
    const double t[] = {0.0, 1.0, 2.0, 9.0};
    clv_rfm_options opts = options_with(0.0, 5.0, 5.0);
    for (size_t capacity = 0; capacity < 3; capacity++) {
        small_out o;
        small_init(&o, capacity);
        assert_status(small_summary(c, t, NULL, 4, NULL, &opts, &o), CLV_ENOMEM);
        assert_int_equal(o.n_customers, 3);
        assert_int_equal(o.bad, 999);
        assert_rows_untouched(&o, 0);
    }
    small_out o;
    small_init(&o, 3);
    assert_status(small_summary(c, t, NULL, 4, NULL, &opts, &o), CLV_OK);
    assert_int_equal(o.n_customers, 3);
    assert_rows_untouched(&o, 3);
}

/* Not sorted by customer: CLV_EINVAL at the first id smaller than the one before it (a
 * reappearing customer, or a grouped log in descending order -- one O(n) pass decides it).
 * Outputs untouched. */
static void test_rfm_log_not_sorted_by_customer_is_einval_at_the_first_descent(void **state) {
    (void)state;
    static const struct {
        uint64_t c[6];
        size_t n;
        size_t bad;
    } cases[] = {
        {{1, 1, 2, 1}, 4, 3},       /* ascending, then back */
        {{5, 3, 5}, 3, 1},          /* descending, then up again */
        {{3, 2, 1, 3}, 4, 1},       /* three descending runs */
        {{4, 6, 2, 3, 6, 7}, 6, 2}, /* second run */
        {{2, 1, 3, 1, 9, 9}, 6, 1}, /* the first descent, not a later one */
        {{9, 8, 7, 6, 5, 8}, 6, 1}, /* many runs */
        {{9, 9, 4, 1, 1}, 5, 2},    /* grouped, but in descending id order */
    };
    const double t[6] = {0.0, 1.0, 2.0, 3.0, 4.0, 5.0};
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        small_out o;
        small_init(&o, SMALL);
        assert_status(small_summary(cases[k].c, t, NULL, cases[k].n, NULL, NULL, &o), CLV_EINVAL);
        assert_int_equal(o.bad, cases[k].bad);
        assert_untouched(&o);
    }
    /* The same customers in ascending order are accepted. */
    const uint64_t c[] = {1, 1, 4, 9, 9};
    small_out o;
    small_init(&o, SMALL);
    assert_status(small_summary(c, t, NULL, 5, NULL, NULL, &o), CLV_OK);
    assert_int_equal(o.n_customers, 3);
}

/* Not sorted by time within a customer -> CLV_EINVAL at the earlier-in-time transaction;
 * between customers times may go back. Equal times are sorted. */
static void test_rfm_unsorted_times_are_einval_at_the_step_back(void **state) {
    (void)state;
    const uint64_t c[] = {1, 1, 2, 2, 2};
    const double bad_t[] = {5.0, 6.0, 1.0, 3.0, 2.0};
    const double ok_t[] = {5.0, 6.0, 1.0, 3.0, 3.0};
    small_out o;
    small_init(&o, SMALL);
    assert_status(small_summary(c, bad_t, NULL, 5, NULL, NULL, &o), CLV_EINVAL);
    assert_int_equal(o.bad, 4);
    assert_untouched(&o);
    small_init(&o, SMALL);
    assert_status(small_summary(c, ok_t, NULL, 5, NULL, NULL, &o), CLV_OK);
}

/* NaN or infinite time or amount -> CLV_EDOM at that position; the first bad position wins
 * whatever its kind. */
static void test_rfm_nonfinite_time_or_amount_is_edom_at_that_transaction(void **state) {
    (void)state;
    const uint64_t c[] = {1, 1, 1, 2, 2};
    const double good_t[] = {0.0, 1.0, 2.0, 0.0, 1.0};
    const double good_a[] = {1.0, 1.0, 1.0, 1.0, 1.0};
    const double specials[] = {NAN, INFINITY, -INFINITY};
    for (size_t s = 0; s < 3; s++) {
        for (size_t pos = 0; pos < 5; pos++) {
            double t[5], a[5];
            memcpy(t, good_t, sizeof t);
            memcpy(a, good_a, sizeof a);
            t[pos] = specials[s];
            small_out o;
            small_init(&o, SMALL);
            assert_status(small_summary(c, t, a, 5, NULL, NULL, &o), CLV_EDOM);
            assert_int_equal(o.bad, pos);
            assert_untouched(&o);
            memcpy(t, good_t, sizeof t);
            a[pos] = specials[s];
            small_init(&o, SMALL);
            assert_status(small_summary(c, t, a, 5, NULL, NULL, &o), CLV_EDOM);
            assert_int_equal(o.bad, pos);
            assert_untouched(&o);
        }
    }
    /* A regrouping at 3 comes before a NaN at 4: EINVAL at 3. A NaN at 1 comes first: EDOM. */
    const uint64_t c2[] = {1, 1, 2, 1, 3};
    double t2[] = {0.0, 1.0, 0.0, 2.0, NAN};
    small_out o;
    small_init(&o, SMALL);
    assert_status(small_summary(c2, t2, NULL, 5, NULL, NULL, &o), CLV_EINVAL);
    assert_int_equal(o.bad, 3);
    t2[1] = NAN;
    small_init(&o, SMALL);
    assert_status(small_summary(c2, t2, NULL, 5, NULL, NULL, &o), CLV_EDOM);
    assert_int_equal(o.bad, 1);
}

/* `order` must be a permutation: an out-of-range or repeated index is CLV_EINVAL at its
 * position, whether the repeat is inside a block of equal (customer, time) or across
 * customers. Any permutation that groups and sorts is accepted, ties in any index order. */
static void test_rfm_order_with_a_repeated_or_out_of_range_index_is_einval(void **state) {
    (void)state;
    const uint64_t c[] = {1, 1, 2, 1};
    const double t[] = {0.0, 0.0, 5.0, 0.0};
    static const struct {
        size_t order[4];
        size_t bad;
    } cases[] = {
        {{0, 4, 1, 2}, 1},          /* out of range */
        {{0, 1, 2, (size_t)-1}, 3}, /* out of range, huge */
        {{0, 0, 3, 2}, 1},          /* repeat next to itself */
        {{1, 0, 1, 2}, 2},          /* repeat in a tie whose indices fall */
        {{3, 1, 3, 2}, 2},          /* the first index again after a fall */
        {{0, 3, 0, 2}, 2},          /* repeat after a rising pair */
        {{2, 0, 1, 2}, 1},          /* across customers: seen first as an id going down */
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        small_out o;
        small_init(&o, SMALL);
        assert_status(small_summary(c, t, NULL, 4, cases[k].order, NULL, &o), CLV_EINVAL);
        if (o.bad != cases[k].bad) {
            fail_msg("case %zu: bad_index %zu, expected %zu", k, o.bad, cases[k].bad);
        }
        assert_untouched(&o);
    }
    const size_t falling_ties[] = {3, 1, 0, 2};
    const size_t rising_ties[] = {0, 1, 3, 2};
    small_out a, b;
    small_init(&a, SMALL);
    small_init(&b, SMALL);
    assert_status(small_summary(c, t, NULL, 4, falling_ties, NULL, &a), CLV_OK);
    assert_status(small_summary(c, t, NULL, 4, rising_ties, NULL, &b), CLV_OK);
    assert_int_equal(a.n_customers, 2);
    assert_true(a.x[0] == 2.0 && a.t_x[0] == 0.0 && a.T[0] == 5.0);
    assert_memory_equal(a.x, b.x, sizeof a.x);
    assert_memory_equal(a.T, b.T, sizeof a.T);
}

/* ---- worst cases: ties, reversed and adversarial orders (issue 21) ----------------------- */

#define MILLION 1000000

/* One customer (42) with MILLION transactions, all at time 10: amount (i % 10) - 3 for row i,
 * refunds (-3, -2, -1) included. Every sum is of whole numbers below 2^53: exact. */
typedef struct tied_log {
    uint64_t *customer;
    double *time;
    double *amount;
    size_t *order;
} tied_log;

static tied_log tied_log_new(void) {
    tied_log log = {malloc(MILLION * sizeof(uint64_t)), malloc(MILLION * sizeof(double)),
                    malloc(MILLION * sizeof(double)), malloc(MILLION * sizeof(size_t))};
    assert_non_null(log.customer);
    assert_non_null(log.time);
    assert_non_null(log.amount);
    assert_non_null(log.order);
    for (size_t i = 0; i < MILLION; i++) {
        log.customer[i] = 42;
        log.time[i] = 10.0;
        log.amount[i] = (double)(i % 10) - 3.0;
    }
    return log;
}

static void tied_log_free(tied_log *log) {
    free(log->order);
    free(log->amount);
    free(log->time);
    free(log->customer);
}

/* One row of a summary whose table has room for exactly one customer. */
typedef struct one_row {
    uint64_t customer;
    double x, t_x, T, monetary, x_holdout, monetary_holdout;
    size_t n_customers, bad;
} one_row;

static int one_summary(const tied_log *log, const size_t *order, const clv_rfm_options *opts,
                       one_row *r) {
    clv_rfm_table table = {1,     &r->customer, &r->x,         &r->t_x,
                           &r->T, &r->monetary, &r->x_holdout, &r->monetary_holdout};
    r->customer = SENTINEL_ID;
    r->x = r->t_x = r->T = r->monetary = r->x_holdout = r->monetary_holdout = SENTINEL;
    r->n_customers = r->bad = 999;
    return clv_rfm_summary(log->customer, log->time, log->amount, MILLION, order, opts, &table,
                           &r->n_customers, &r->bad);
}

/*
 * 10^6 tied rows of one customer read as given, through the rising identity and through the
 * reversed one (a log stored newest first): the tie is 10^6 purchases without a period, so
 * x = 999,999, t_x = T = 0 (T runs to the last time of the log, 10), and monetary is the sum
 * of every amount but the first one read, over x. The amounts sum to 100,000 x 45 - 3 x 10^6
 * = 1,500,000; read forwards the first is row 0 (-3), backwards row 999,999 (+6). With period
 * 1 and calibration_end 15 the tie is one purchase (x = 0) and T = 15 - 10.
 */
static void test_rfm_million_tied_rows_in_either_direction_give_the_exact_summary(void **state) {
    (void)state;
    tied_log log = tied_log_new();
    double total = 0.0;
    for (size_t i = 0; i < MILLION; i++) {
        total += log.amount[i];
    }
    assert_true(total == 1500000.0);

    one_row r;
    for (size_t i = 0; i < MILLION; i++) {
        log.order[i] = i;
    }
    const size_t *forwards[] = {NULL, log.order};
    for (size_t k = 0; k < 2; k++) {
        assert_status(one_summary(&log, forwards[k], NULL, &r), CLV_OK);
        assert_int_equal(r.n_customers, 1);
        assert_int_equal(r.customer, 42);
        assert_true(r.x == 999999.0 && r.t_x == 0.0 && r.T == 0.0);
        assert_true(r.monetary == 1500003.0 / 999999.0);
        assert_true(r.x_holdout == 0.0 && r.monetary_holdout == 0.0);
    }

    for (size_t i = 0; i < MILLION; i++) {
        log.order[i] = MILLION - 1 - i;
    }
    assert_status(one_summary(&log, log.order, NULL, &r), CLV_OK);
    assert_int_equal(r.n_customers, 1);
    assert_true(r.x == 999999.0 && r.t_x == 0.0 && r.T == 0.0);
    assert_true(r.monetary == 1499994.0 / 999999.0);

    clv_rfm_options daily = options_with(1.0, 15.0, INFINITY);
    assert_status(one_summary(&log, log.order, &daily, &r), CLV_OK);
    assert_true(r.x == 0.0 && r.t_x == 0.0 && r.T == 5.0 && r.monetary == 0.0);

    /* clv_rfm_order() of the tie is the identity. */
    assert_status(clv_rfm_order(log.customer, log.time, MILLION, log.order), CLV_OK);
    for (size_t i = 0; i < MILLION; i++) {
        if (log.order[i] != i) {
            fail_msg("clv_rfm_order of a tie: order[%zu] = %zu", i, log.order[i]);
        }
    }
    tied_log_free(&log);
}

/*
 * The same tie read through orders that are permutations but neither rise nor fall: organ
 * pipe (evens rising, then odds falling: 999,998 then 999,999 still rise, so the first fall
 * is at position 500,001), a sawtooth (pairs swapped: 1, 0, 3, 2, ...: it turns at position
 * 2), a random shuffle (it turns at the first position whose step differs from the first
 * step, found here by a plain scan); and
 * orders that are not permutations: a falling run that ends on its first index again
 * (position 999,999) or on an index out of range. Each is CLV_EINVAL at that position, with
 * the table and n_customers untouched.
 */
static void test_rfm_tie_read_in_no_direction_is_einval_where_it_turns(void **state) {
    (void)state;
    tied_log log = tied_log_new();
    one_row r;
    size_t half = MILLION / 2;

    for (size_t i = 0; i < half; i++) {
        log.order[i] = 2 * i;
        log.order[MILLION - 1 - i] = 2 * i + 1;
    }
    assert_status(one_summary(&log, log.order, NULL, &r), CLV_EINVAL);
    assert_int_equal(r.bad, half + 1);

    for (size_t i = 0; i < MILLION; i++) {
        log.order[i] = i ^ 1u;
    }
    assert_status(one_summary(&log, log.order, NULL, &r), CLV_EINVAL);
    assert_int_equal(r.bad, 2);

    uint64_t rng = 0x2545F4914F6CDD1Du;
    for (size_t i = 0; i < MILLION; i++) {
        log.order[i] = i;
    }
    for (size_t i = MILLION - 1; i > 0; i--) {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        size_t j = (size_t)(rng % (i + 1));
        size_t tmp = log.order[i];
        log.order[i] = log.order[j];
        log.order[j] = tmp;
    }
    int first_up = log.order[1] > log.order[0];
    size_t turn = 2;
    while ((log.order[turn] > log.order[turn - 1]) == first_up) {
        turn++;
    }
    assert_status(one_summary(&log, log.order, NULL, &r), CLV_EINVAL);
    assert_int_equal(r.bad, turn);

    for (size_t i = 0; i < MILLION; i++) {
        log.order[i] = MILLION - 1 - i;
    }
    log.order[MILLION - 1] = MILLION - 1;
    assert_status(one_summary(&log, log.order, NULL, &r), CLV_EINVAL);
    assert_int_equal(r.bad, MILLION - 1);
    log.order[MILLION - 1] = MILLION;
    assert_status(one_summary(&log, log.order, NULL, &r), CLV_EINVAL);
    assert_int_equal(r.bad, MILLION - 1);
    assert_true(r.n_customers == 999 && r.customer == SENTINEL_ID && r.x == SENTINEL &&
                r.t_x == SENTINEL && r.T == SENTINEL && r.monetary == SENTINEL &&
                r.x_holdout == SENTINEL && r.monetary_holdout == SENTINEL);
    tied_log_free(&log);
}

/*
 * Many customers, the log stored with its keys in adversarial orders: sorted, reversed, organ
 * pipe (even sorted positions rising over the first half, odd ones falling over the second),
 * shuffled, and reversed again but read back through the reversed identity (each tie falling).
 * Customer c of C_MANY has m = 1 + c % 5 transactions, transaction j at time c % 3 + j / 2 (so
 * they tie in pairs) with amount j + 1. Every row is as counted here by hand: x = m - 1,
 * t_x = (m - 1) / 2 (integer division), T = 4 - c % 3 (the last time of the log is
 * 2 + (5 - 1) / 2 = 4), and monetary the amounts after the first purchase read,
 * (m(m + 1)/2 - (f + 1)) / (m - 1), where f is the j of the first pair read first: through
 * clv_rfm_order() the one stored first, through the reversed identity j = 0.
 */
#define C_MANY 20000

static void many_expected(uint64_t c, size_t f, double *x, double *t_x, double *T,
                          double *monetary) {
    double m = (double)(1 + c % 5);
    *x = m - 1.0;
    *t_x = (double)((size_t)(m - 1.0) / 2);
    *T = 4.0 - (double)(c % 3);
    *monetary = (m > 1.0) ? (m * (m + 1.0) / 2.0 - (double)(f + 1)) / (m - 1.0) : 0.0;
}

static void test_rfm_many_customers_in_adversarial_orders_give_the_counted_rows(void **state) {
    (void)state;
    size_t n = 0;
    for (uint64_t c = 0; c < C_MANY; c++) {
        n += 1 + c % 5;
    }
    uint64_t *sorted_c = malloc(n * sizeof *sorted_c), *c = malloc(n * sizeof *c);
    double *sorted_t = malloc(n * sizeof *sorted_t), *t = malloc(n * sizeof *t);
    double *sorted_a = malloc(n * sizeof *sorted_a), *a = malloc(n * sizeof *a);
    size_t *perm = malloc(n * sizeof *perm), *order = malloc(n * sizeof *order);
    size_t *stored_at = malloc(n * sizeof *stored_at), *first_of = malloc(C_MANY * sizeof(size_t));
    clv_rfm_table table = {C_MANY,
                           malloc(C_MANY * sizeof(uint64_t)),
                           malloc(C_MANY * sizeof(double)),
                           malloc(C_MANY * sizeof(double)),
                           malloc(C_MANY * sizeof(double)),
                           malloc(C_MANY * sizeof(double)),
                           NULL,
                           NULL};
    assert_true(sorted_c && c && sorted_t && t && sorted_a && a && perm && order && stored_at &&
                first_of);
    assert_true(table.customer && table.x && table.t_x && table.T && table.monetary);
    size_t p = 0;
    for (uint64_t id = 0; id < C_MANY; id++) {
        first_of[id] = p;
        for (size_t j = 0; j < 1 + id % 5; j++, p++) {
            sorted_c[p] = id;
            sorted_t[p] = (double)(id % 3 + j / 2);
            sorted_a[p] = (double)(j + 1);
        }
    }

    /* perm[q] = the sorted position stored at q. */
    uint64_t rng = 0x9E3779B97F4A7C15u;
    for (int shape = 0; shape < 5; shape++) {
        for (size_t q = 0; q < n; q++) {
            perm[q] = q;
        }
        if (shape == 1 || shape == 4) { /* reversed; 4: read back through the reversed identity */
            for (size_t q = 0; q < n; q++) {
                perm[q] = n - 1 - q;
            }
        } else if (shape == 2) { /* organ pipe */
            for (size_t q = 0; q < n; q++) {
                perm[q] = (q < (n + 1) / 2) ? 2 * q : 2 * (n - 1 - q) + 1;
            }
        } else if (shape == 3) { /* shuffled */
            for (size_t q = n - 1; q > 0; q--) {
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                size_t j = (size_t)(rng % (q + 1));
                size_t tmp = perm[q];
                perm[q] = perm[j];
                perm[j] = tmp;
            }
        }
        for (size_t q = 0; q < n; q++) {
            c[q] = sorted_c[perm[q]];
            t[q] = sorted_t[perm[q]];
            a[q] = sorted_a[perm[q]];
        }
        for (size_t q = 0; q < n; q++) {
            stored_at[perm[q]] = q;
        }
        int falling = (shape == 4);
        if (falling) {
            for (size_t q = 0; q < n; q++) {
                order[q] = n - 1 - q;
            }
        } else {
            assert_status(clv_rfm_order(c, t, n, order), CLV_OK);
        }
        size_t n_customers = 0;
        assert_status(clv_rfm_summary(c, t, a, n, order, NULL, &table, &n_customers, NULL), CLV_OK);
        assert_int_equal(n_customers, C_MANY);
        for (uint64_t id = 0; id < C_MANY; id++) {
            double x, t_x, T, monetary;
            size_t s = first_of[id];
            size_t f = (!falling && id % 5 > 0 && stored_at[s + 1] < stored_at[s]) ? 1 : 0;
            many_expected(id, f, &x, &t_x, &T, &monetary);
            if (table.customer[id] != id || table.x[id] != x || table.t_x[id] != t_x ||
                table.T[id] != T || table.monetary[id] != monetary) {
                fail_msg("shape %d, customer %zu: (%g, %g, %g, %.17g), expected (%g, %g, %g, "
                         "%.17g)",
                         shape, (size_t)id, table.x[id], table.t_x[id], table.T[id],
                         table.monetary[id], x, t_x, T, monetary);
            }
        }
    }
    free(table.monetary);
    free(table.T);
    free(table.t_x);
    free(table.x);
    free(table.customer);
    free(first_of);
    free(stored_at);
    free(order);
    free(perm);
    free(a);
    free(sorted_a);
    free(t);
    free(sorted_t);
    free(c);
    free(sorted_c);
}

/*
 * clv_rfm_order() on 100,000 rows whose keys are built against sorts: all tied, sorted,
 * reversed, organ pipe (rising then falling: the median of three keeps picking a small pivot,
 * so the depth limit hands ranges to heap sort), a sawtooth of 1,000 customers, random keys
 * with many ties, and one customer whose times are an organ pipe of -0.0 and 0.0 and
 * integers (-0.0 and 0.0 are equal: a tie, kept in index order). The result must be a
 * permutation, strictly ascending in (customer, time, index): the only such one.
 */
#define ADVERSARIAL_ROWS 100000

static void test_rfm_order_of_adversarial_keys_is_the_sorted_permutation(void **state) {
    (void)state;
    size_t n = ADVERSARIAL_ROWS;
    uint64_t *c = malloc(n * sizeof *c);
    double *t = malloc(n * sizeof *t);
    size_t *order = malloc(n * sizeof *order);
    unsigned char *seen = malloc(n);
    assert_true(c && t && order && seen);
    uint64_t rng = 0x243F6A8885A308D3u;
    for (int shape = 0; shape < 7; shape++) {
        for (size_t i = 0; i < n; i++) {
            size_t pipe = (i < n / 2) ? i : n - 1 - i;
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            switch (shape) {
            case 0:
                c[i] = 5;
                t[i] = 1.0;
                break;
            case 1:
                c[i] = i;
                t[i] = 0.0;
                break;
            case 2:
                c[i] = n - i;
                t[i] = 0.0;
                break;
            case 3:
                c[i] = pipe;
                t[i] = 0.0;
                break;
            case 4:
                c[i] = i % 1000;
                t[i] = (double)(i / 1000);
                break;
            case 5:
                c[i] = rng % 1000;
                t[i] = (double)((rng >> 32) % 10);
                break;
            default:
                c[i] = 9;
                t[i] = (pipe % 3 == 0) ? ((i & 1) ? -0.0 : 0.0) : (double)pipe;
            }
        }
        memset(seen, 0, n);
        assert_status(clv_rfm_order(c, t, n, order), CLV_OK);
        for (size_t p = 0; p < n; p++) {
            assert_true(order[p] < n && !seen[order[p]]);
            seen[order[p]] = 1;
            if (p == 0) {
                continue;
            }
            size_t i = order[p - 1], j = order[p];
            int ascending = c[i] < c[j] || (c[i] == c[j] && t[i] < t[j]) ||
                            (c[i] == c[j] && t[i] == t[j] && i < j);
            if (!ascending) {
                fail_msg("shape %d: positions %zu, %zu hold rows %zu, %zu out of order", shape,
                         p - 1, p, i, j);
            }
        }
    }
    free(seen);
    free(order);
    free(t);
    free(c);
}

/* clv_rfm_order: (customer, time) with ties in index order; CLV_EDOM for a non-finite time
 * with nothing written; n = 0 is an empty permutation. */
static void test_rfm_order_sorts_by_customer_then_time_and_keeps_ties_in_index_order(void **s) {
    (void)s;
    const uint64_t c[] = {2, 1, 2, 1, 1, 2, 1};
    const double t[] = {3.0, 1.0, 3.0, 0.0, 1.0, -1.0, 1.0};
    size_t order[7];
    assert_status(clv_rfm_order(c, t, 7, order), CLV_OK);
    const size_t expected[] = {3, 1, 4, 6, 5, 0, 2};
    assert_memory_equal(order, expected, sizeof order);

    double bad_t[7];
    memcpy(bad_t, t, sizeof bad_t);
    bad_t[6] = NAN;
    size_t untouched[7] = {9, 9, 9, 9, 9, 9, 9};
    assert_status(clv_rfm_order(c, bad_t, 7, untouched), CLV_EDOM);
    for (size_t i = 0; i < 7; i++) {
        assert_int_equal(untouched[i], 9);
    }
    assert_status(clv_rfm_order(c, t, 0, untouched), CLV_OK);
    assert_int_equal(untouched[0], 9);
}

/* Options: too small, reserved set, or a larger struct with a non-zero unknown tail ->
 * CLV_ESTRUCT; a larger struct with a zero tail is accepted. */
static void test_rfm_options_size_checks_give_estruct(void **state) {
    (void)state;
    const uint64_t c[] = {1};
    const double t[] = {0.0};
    struct {
        clv_rfm_options o;
        uint64_t tail;
    } big;
    clv_rfm_options opts;
    small_out o;

    assert_status(clv_rfm_options_init(&opts), CLV_OK);
    opts.struct_size = (uint32_t)offsetof(clv_rfm_options, diag) - 8; /* below the oldest */
    small_init(&o, SMALL);
    assert_status(small_summary(c, t, NULL, 1, NULL, &opts, &o), CLV_ESTRUCT);
    assert_untouched(&o);
    assert_int_equal(o.bad, 999);

    assert_status(clv_rfm_options_init(&opts), CLV_OK);
    opts.reserved = 1;
    small_init(&o, SMALL);
    assert_status(small_summary(c, t, NULL, 1, NULL, &opts, &o), CLV_ESTRUCT);
    assert_untouched(&o);

    memset(&big, 0, sizeof big);
    assert_status(clv_rfm_options_init(&big.o), CLV_OK);
    big.o.struct_size = (uint32_t)sizeof big;
    big.tail = 1;
    small_init(&o, SMALL);
    assert_status(small_summary(c, t, NULL, 1, NULL, &big.o, &o), CLV_ESTRUCT);
    assert_untouched(&o);
    big.tail = 0;
    small_init(&o, SMALL);
    assert_status(small_summary(c, t, NULL, 1, NULL, &big.o, &o), CLV_OK);
    assert_int_equal(o.n_customers, 1);
}

/* The defaults, and bad option values -> CLV_EDOM. */
static void test_rfm_options_defaults_and_bad_values_give_edom(void **state) {
    (void)state;
    clv_rfm_options opts;
    assert_status(clv_rfm_options_init(&opts), CLV_OK);
    assert_int_equal(opts.struct_size, sizeof opts);
    assert_int_equal(opts.reserved, 0);
    assert_true(opts.period == 0.0);
    assert_true(opts.calibration_end == INFINITY && opts.holdout_end == INFINITY);

    const uint64_t c[] = {1};
    const double t[] = {0.0};
    const clv_rfm_options bad[] = {
        options_with(-1.0, 1.0, 1.0),       options_with(NAN, 1.0, 1.0),
        options_with(INFINITY, 1.0, 1.0),   options_with(1.0, NAN, 1.0),
        options_with(1.0, 1.0, NAN),        options_with(1.0, 2.0, 1.0),
        options_with(0.0, INFINITY, 100.0), options_with(0.0, 1.0, -INFINITY),
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        small_out o;
        small_init(&o, SMALL);
        assert_status(small_summary(c, t, NULL, 1, NULL, &bad[k], &o), CLV_EDOM);
        assert_untouched(&o);
        assert_int_equal(o.bad, 999);
    }
}

/* Every null pointer -> CLV_EINVAL, n = 0 too; nothing written. */
static void test_rfm_every_null_pointer_is_einval(void **state) {
    (void)state;
    const uint64_t c[] = {1, 1};
    const double t[] = {0.0, 1.0};
    small_out o;
    small_init(&o, SMALL);
    assert_status(clv_rfm_summary(NULL, t, NULL, 2, NULL, NULL, &o.table, &o.n_customers, NULL),
                  CLV_EINVAL);
    assert_status(clv_rfm_summary(c, NULL, NULL, 2, NULL, NULL, &o.table, &o.n_customers, NULL),
                  CLV_EINVAL);
    assert_status(clv_rfm_summary(c, t, NULL, 2, NULL, NULL, NULL, &o.n_customers, NULL),
                  CLV_EINVAL);
    assert_status(clv_rfm_summary(c, t, NULL, 2, NULL, NULL, &o.table, NULL, NULL), CLV_EINVAL);
    assert_status(clv_rfm_summary(c, t, NULL, 0, NULL, NULL, &o.table, &o.n_customers, NULL),
                  CLV_EINVAL);
    double **columns[] = {&o.table.x, &o.table.t_x, &o.table.T};
    for (size_t k = 0; k < 3; k++) {
        double *saved = *columns[k];
        *columns[k] = NULL;
        assert_status(clv_rfm_summary(c, t, NULL, 2, NULL, NULL, &o.table, &o.n_customers, NULL),
                      CLV_EINVAL);
        *columns[k] = saved;
    }
    assert_untouched(&o);

    size_t order[2];
    assert_status(clv_rfm_order(NULL, t, 2, order), CLV_EINVAL);
    assert_status(clv_rfm_order(c, NULL, 2, order), CLV_EINVAL);
    assert_status(clv_rfm_order(c, t, 2, NULL), CLV_EINVAL);
    assert_status(clv_rfm_options_init(NULL), CLV_EINVAL);
    assert_status(clv_rfm_state_init(NULL), CLV_EINVAL);
    assert_status(clv_rfm_update(NULL, 1.0, 1.0, 0.0), CLV_EINVAL);

    clv_rfm_state s;
    assert_status(clv_rfm_state_init(&s), CLV_OK);
    assert_status(clv_rfm_update(&s, 1.0, 1.0, 0.0), CLV_OK);
    double x = SENTINEL, t_x = SENTINEL, T = SENTINEL;
    assert_status(clv_rfm_state_summary(NULL, 2.0, 0.0, &x, &t_x, &T, NULL), CLV_EINVAL);
    assert_status(clv_rfm_state_summary(&s, 2.0, 0.0, NULL, &t_x, &T, NULL), CLV_EINVAL);
    assert_status(clv_rfm_state_summary(&s, 2.0, 0.0, &x, NULL, &T, NULL), CLV_EINVAL);
    assert_status(clv_rfm_state_summary(&s, 2.0, 0.0, &x, &t_x, NULL, NULL), CLV_EINVAL);
    assert_true(x == SENTINEL && t_x == SENTINEL && T == SENTINEL);
    assert_status(clv_rfm_state_summary(&s, 2.0, 0.0, &x, &t_x, &T, NULL), CLV_OK);
    assert_true(x == 0.0 && t_x == 0.0 && T == 1.0);

    assert_status(clv_rfm_check(NULL, 0, NULL), CLV_EINVAL);
}

/* Results that overflow are CLV_ERANGE, never inf: a time span beyond DBL_MAX, a sum of
 * amounts beyond DBL_MAX, and a period so small that floor(t / period) overflows. */
static void test_rfm_overflowing_results_are_erange_with_outputs_untouched(void **state) {
    (void)state;
    const uint64_t c[] = {1, 1};
    const double span[] = {-1e308, 1e308};
    const double big[] = {1e308, 1e308};
    const double t[] = {0.0, 1.0};
    small_out o;
    small_init(&o, SMALL);
    assert_status(small_summary(c, span, NULL, 2, NULL, NULL, &o), CLV_ERANGE);
    assert_untouched(&o);
    assert_int_equal(o.bad, 999);
    const double t3[] = {0.0, 1.0, 2.0};
    const double a3[] = {1.0, 1e308, 1e308};
    const uint64_t c3[] = {1, 1, 1};
    small_init(&o, SMALL);
    assert_status(small_summary(c3, t3, a3, 3, NULL, NULL, &o), CLV_ERANGE);
    assert_untouched(&o);
    clv_rfm_options tiny = options_with(1e-300, INFINITY, INFINITY);
    small_init(&o, SMALL);
    assert_status(small_summary(c, big, NULL, 2, NULL, &tiny, &o), CLV_ERANGE);
    assert_untouched(&o);
    small_init(&o, SMALL);
    assert_status(small_summary(c, t, NULL, 2, NULL, &tiny, &o), CLV_OK);

    clv_rfm_state s, before;
    assert_status(clv_rfm_state_init(&s), CLV_OK);
    assert_status(clv_rfm_update(&s, 0.0, 1.0, 0.0), CLV_OK);
    assert_status(clv_rfm_update(&s, 1.0, 1e308, 0.0), CLV_OK);
    before = s;
    assert_status(clv_rfm_update(&s, 2.0, 1e308, 0.0), CLV_ERANGE);
    assert_memory_equal(&s, &before, sizeof s);
    assert_status(clv_rfm_update(&s, 1e300, 1.0, 1e-300), CLV_ERANGE);
    assert_memory_equal(&s, &before, sizeof s);
    double x = SENTINEL, t_x = SENTINEL, T = SENTINEL, m = SENTINEL;
    assert_status(clv_rfm_state_init(&s), CLV_OK);
    assert_status(clv_rfm_update(&s, -1e308, 1.0, 0.0), CLV_OK);
    assert_status(clv_rfm_state_summary(&s, 1e308, 0.0, &x, &t_x, &T, &m), CLV_ERANGE);
    assert_true(x == SENTINEL && t_x == SENTINEL && T == SENTINEL && m == SENTINEL);
}

/* ---- the running state ------------------------------------------------------------------ */

/* A purchase before the last one (or, with a period, in an earlier period) -> CLV_EINVAL;
 * bad values or an invalid state -> CLV_EDOM; the state is unchanged either way. */
static void test_rfm_update_out_of_order_or_bad_input_fails_and_keeps_the_state(void **state) {
    (void)state;
    clv_rfm_state s, before;
    assert_status(clv_rfm_state_init(&s), CLV_OK);
    assert_status(clv_rfm_update(&s, 2.5, 10.0, 1.0), CLV_OK);
    assert_status(clv_rfm_update(&s, 5.0, 20.0, 1.0), CLV_OK);
    before = s;
    assert_status(clv_rfm_update(&s, 4.0, 1.0, 1.0), CLV_EINVAL);
    assert_memory_equal(&s, &before, sizeof s);
    assert_status(clv_rfm_update(&s, 4.999, 1.0, 0.0), CLV_EINVAL);
    assert_memory_equal(&s, &before, sizeof s);
    assert_status(clv_rfm_update(&s, 5.5, 1.0, 1.0), CLV_OK); /* same period: collapses */
    assert_true(s.purchases == 2.0 && s.repeat_total == 21.0 && s.last_amount == 21.0);
    before = s;
    const double bad[][3] = {
        {NAN, 1.0, 1.0},  {INFINITY, 1.0, 1.0}, {6.0, NAN, 1.0},      {6.0, -INFINITY, 1.0},
        {6.0, 1.0, -1.0}, {6.0, 1.0, NAN},      {6.0, 1.0, INFINITY},
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        assert_status(clv_rfm_update(&s, bad[k][0], bad[k][1], bad[k][2]), CLV_EDOM);
        assert_memory_equal(&s, &before, sizeof s);
    }
    clv_rfm_state broken = before;
    broken.purchases = 1.5;
    assert_status(clv_rfm_update(&broken, 6.0, 1.0, 1.0), CLV_EDOM);
    broken = before;
    broken.last_time = NAN;
    assert_status(clv_rfm_update(&broken, 6.0, 1.0, 1.0), CLV_EDOM);
    broken = before;
    broken.first_time = 9.0; /* after last_time */
    assert_status(clv_rfm_update(&broken, 10.0, 1.0, 1.0), CLV_EDOM);
    assert_true(broken.first_time == 9.0 && broken.purchases == 2.0);
    /* Negative amounts (returns) are allowed: any finite amount. */
    assert_status(clv_rfm_update(&s, 7.0, -4.0, 1.0), CLV_OK);
    assert_true(s.purchases == 3.0 && s.repeat_total == 17.0);
}

static void test_rfm_state_summary_of_an_empty_state_is_einval(void **state) {
    (void)state;
    clv_rfm_state s;
    double x = SENTINEL, t_x = SENTINEL, T = SENTINEL, m = SENTINEL;
    assert_status(clv_rfm_state_init(&s), CLV_OK);
    assert_true(s.purchases == 0.0);
    assert_status(clv_rfm_state_summary(&s, 1.0, 0.0, &x, &t_x, &T, &m), CLV_EINVAL);
    assert_true(x == SENTINEL && t_x == SENTINEL && T == SENTINEL && m == SENTINEL);
    s.first_time = 3.0; /* not a state init or update can make */
    assert_status(clv_rfm_state_summary(&s, 1.0, 0.0, &x, &t_x, &T, &m), CLV_EDOM);
}

/* now before the last purchase (its period start, with a period) -> CLV_EDOM; in the last
 * purchase's period is fine (T = t_x); a non-finite now or bad period -> CLV_EDOM. */
static void test_rfm_state_summary_before_the_last_purchase_is_edom(void **state) {
    (void)state;
    clv_rfm_state s;
    double x = SENTINEL, t_x = SENTINEL, T = SENTINEL, m = SENTINEL;
    assert_status(clv_rfm_state_init(&s), CLV_OK);
    assert_status(clv_rfm_update(&s, 1.0, 2.0, 1.0), CLV_OK);
    assert_status(clv_rfm_update(&s, 4.5, 6.0, 1.0), CLV_OK);
    const double bad_now[] = {3.99, NAN, INFINITY, -INFINITY};
    for (size_t k = 0; k < sizeof bad_now / sizeof bad_now[0]; k++) {
        assert_status(clv_rfm_state_summary(&s, bad_now[k], 1.0, &x, &t_x, &T, &m), CLV_EDOM);
    }
    assert_status(clv_rfm_state_summary(&s, 5.0, -1.0, &x, &t_x, &T, &m), CLV_EDOM);
    assert_status(clv_rfm_state_summary(&s, 5.0, NAN, &x, &t_x, &T, &m), CLV_EDOM);
    assert_true(x == SENTINEL && t_x == SENTINEL && T == SENTINEL && m == SENTINEL);
    assert_status(clv_rfm_state_summary(&s, 4.0, 1.0, &x, &t_x, &T, &m), CLV_OK);
    assert_true(x == 1.0 && t_x == 3.0 && T == 3.0 && m == 6.0);
}

/* ---- clv_rfm_check ---------------------------------------------------------------------- */

/* Each kind of invalid row, put in row 2 of an otherwise valid table, is CLV_EDOM at 2. */
static void test_rfm_check_reports_the_row_of_each_kind_of_invalid_row(void **state) {
    (void)state;
    enum { X, TX, TT, M, W };
    static const struct {
        int column;
        double value;
        const char *what;
    } cases[] = {
        {X, 1.5, "non-integer x"},
        {X, -1.0, "negative x"},
        {X, NAN, "NaN x"},
        {X, INFINITY, "infinite x"},
        {TX, 9.0, "t_x > T"},
        {TX, -0.5, "negative t_x"},
        {TX, NAN, "NaN t_x"},
        {TT, 3.5, "T < t_x"},
        {TT, -3.0, "T < 0"},
        {TT, NAN, "NaN T"},
        {TT, INFINITY, "infinite T"},
        {M, 0.0, "monetary 0 with x > 0"},
        {M, -2.0, "negative monetary with x > 0"},
        {M, NAN, "NaN monetary"},
        {W, -1.0, "negative weight"},
        {W, NAN, "NaN weight"},
        {W, INFINITY, "infinite weight"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        double x[4] = {0.0, 2.0, 3.0, 1.0};
        double t_x[4] = {0.0, 1.5, 4.0, 2.0};
        double T[4] = {5.0, 5.0, 8.0, 5.0};
        double m[4] = {0.0, 10.0, 12.0, 8.0};
        double w[4] = {1.0, 0.0, 7.0, 1.0};
        double *col[] = {x, t_x, T, m, w};
        col[cases[k].column][2] = cases[k].value;
        clv_rfm_view v = {4, x, t_x, T, m, w};
        size_t bad = 99;
        int st = clv_rfm_check(&v, 1, &bad);
        if (st != CLV_EDOM || bad != 2) {
            fail_msg("%s: status %d, bad_index %zu", cases[k].what, st, bad);
        }
    }
    /* x = 0 with t_x > 0 (row 0 this time). */
    double x[2] = {0.0, 1.0}, t_x[2] = {0.5, 1.0}, T[2] = {2.0, 2.0};
    clv_rfm_view v = {2, x, t_x, T, NULL, NULL};
    size_t bad = 99;
    assert_status(clv_rfm_check(&v, 0, &bad), CLV_EDOM);
    assert_int_equal(bad, 0);
    /* Valid: T = 0 for a customer first seen at the end of observation (x = t_x = 0). */
    double z[1] = {0.0};
    clv_rfm_view fresh = {1, z, z, z, NULL, NULL};
    assert_status(clv_rfm_check(&fresh, 0, NULL), CLV_OK);
    /* Valid: x = 0 with monetary 0; monetary unchecked without need_monetary. */
    t_x[0] = 0.0;
    double m[2] = {0.0, NAN};
    v.monetary = m;
    bad = 99;
    assert_status(clv_rfm_check(&v, 0, &bad), CLV_OK);
    assert_int_equal(bad, 99);
    assert_status(clv_rfm_check(&v, 1, &bad), CLV_EDOM);
    assert_int_equal(bad, 1);
    m[1] = 3.0;
    assert_status(clv_rfm_check(&v, 1, NULL), CLV_OK);
}

/* Null table or column, no rows, a missing monetary column when it is needed, or a flag other
 * than 0 or 1 -> CLV_EINVAL, bad_index untouched. */
static void test_rfm_check_rejects_null_columns_empty_tables_and_bad_flags(void **state) {
    (void)state;
    double x[1] = {0.0}, t_x[1] = {0.0}, T[1] = {1.0};
    const clv_rfm_view views[] = {
        {1, NULL, t_x, T, NULL, NULL},
        {1, x, NULL, T, NULL, NULL},
        {1, x, t_x, NULL, NULL, NULL},
        {0, x, t_x, T, NULL, NULL},
    };
    size_t bad = 99;
    for (size_t k = 0; k < sizeof views / sizeof views[0]; k++) {
        assert_status(clv_rfm_check(&views[k], 0, &bad), CLV_EINVAL);
    }
    clv_rfm_view v = {1, x, t_x, T, NULL, NULL};
    assert_status(clv_rfm_check(&v, 1, &bad), CLV_EINVAL);
    assert_status(clv_rfm_check(&v, 2, &bad), CLV_EINVAL);
    assert_status(clv_rfm_check(&v, -1, &bad), CLV_EINVAL);
    assert_int_equal(bad, 99);
    assert_status(clv_rfm_check(&v, 0, &bad), CLV_OK);
}

/* ---- progress and cancellation (issue 21) ------------------------------------------------ */

#define CANCEL_ROWS 300000
#define CANCEL_MAX_HISTORY 40 /* longest customer history of cancel_log() */

/* A shuffled log with ties: customer k has 1 + k % CANCEL_MAX_HISTORY transactions on whole
 * days 0..9 (many equal times), permuted by a Fisher-Yates shuffle with a fixed LCG. */
static void cancel_log(uint64_t *customer, double *time, double *amount) {
    uint64_t k = 0;
    size_t left = 1;
    uint64_t rng = 12345;
    for (size_t i = 0; i < CANCEL_ROWS; i++) {
        if (left == 0) {
            k++;
            left = 1 + (size_t)(k % CANCEL_MAX_HISTORY);
        }
        left--;
        rng = rng * 6364136223846793005u + 1442695040888963407u;
        customer[i] = k * 7919u % 1000003u;
        time[i] = (double)((rng >> 33) % 10u);
        amount[i] = (double)((rng >> 40) % 100u);
    }
    for (size_t i = CANCEL_ROWS - 1; i > 0; i--) {
        rng = rng * 6364136223846793005u + 1442695040888963407u;
        size_t j = (size_t)((rng >> 33) % (i + 1));
        uint64_t c = customer[i];
        double t = time[i], a = amount[i];
        customer[i] = customer[j];
        time[i] = time[j];
        amount[i] = amount[j];
        customer[j] = c;
        time[j] = t;
        amount[j] = a;
    }
}

typedef struct watch {
    uint64_t calls;
    uint64_t cancel_at; /* 0: never */
    uint64_t last_done;
    uint64_t total;
    uint64_t max_step;
    int bad; /* done fell, exceeded total, or total changed */
} watch;

static int watch_fn(void *user_data, uint64_t done, uint64_t total) {
    watch *w = user_data;
    w->calls++;
    if (done < w->last_done || done > total || (w->calls > 1 && total != w->total)) {
        w->bad = 1;
    }
    if (done - w->last_done > w->max_step) {
        w->max_step = done - w->last_done;
    }
    w->last_done = done;
    w->total = total;
    return w->cancel_at != 0 && w->calls == w->cancel_at;
}

static void test_rfm_order_progress_reports_and_cancels(void **state) {
    (void)state;
    uint64_t *customer = malloc(CANCEL_ROWS * sizeof *customer);
    double *time = malloc(CANCEL_ROWS * sizeof *time);
    double *amount = malloc(CANCEL_ROWS * sizeof *amount);
    size_t *plain = malloc(CANCEL_ROWS * sizeof *plain);
    size_t *watched = malloc(CANCEL_ROWS * sizeof *watched);
    assert_non_null(customer && time && amount && plain && watched);
    cancel_log(customer, time, amount);
    assert_int_equal(clv_rfm_order(customer, time, CANCEL_ROWS, plain), CLV_OK);
    watch w = {0};
    assert_int_equal(clv_rfm_order_progress(customer, time, CANCEL_ROWS, watched, watch_fn, &w),
                     CLV_OK);
    assert_memory_equal(plain, watched, CANCEL_ROWS * sizeof *plain);
    /* 300,000 keys need more than 3 n comparisons: several calls, the last (total, total) */
    assert_true(w.calls >= 10);
    assert_false(w.bad);
    assert_true(w.last_done == w.total);
    assert_true(w.max_step <= CLV_RFM_UNITS_PER_PROGRESS);
    /* the permutation sorts the log */
    for (size_t i = 1; i < CANCEL_ROWS; i++) {
        size_t a = plain[i - 1], b = plain[i];
        assert_true(customer[a] < customer[b] ||
                    (customer[a] == customer[b] &&
                     (time[a] < time[b] || (time[a] == time[b] && a < b))));
    }
    for (uint64_t k = 1; k <= 3; k++) {
        watch c = {0};
        c.cancel_at = k;
        assert_int_equal(
            clv_rfm_order_progress(customer, time, CANCEL_ROWS, watched, watch_fn, &c),
            CLV_ECANCELED);
        assert_int_equal(c.calls, k); /* not called again after cancelling */
    }
    free(customer);
    free(time);
    free(amount);
    free(plain);
    free(watched);
}

static void test_rfm_summary_progress_reports_and_cancels(void **state) {
    (void)state;
    uint64_t *customer = malloc(CANCEL_ROWS * sizeof *customer);
    double *time = malloc(CANCEL_ROWS * sizeof *time);
    double *amount = malloc(CANCEL_ROWS * sizeof *amount);
    size_t *order = malloc(CANCEL_ROWS * sizeof *order);
    double *cols = malloc(2 * 7 * (size_t)CANCEL_ROWS * sizeof *cols);
    uint64_t *ids = malloc(2 * (size_t)CANCEL_ROWS * sizeof *ids);
    assert_non_null(customer && time && amount && order && cols && ids);
    cancel_log(customer, time, amount);
    assert_int_equal(clv_rfm_order(customer, time, CANCEL_ROWS, order), CLV_OK);
    clv_rfm_table tables[2];
    for (int t = 0; t < 2; t++) {
        double *c = cols + (size_t)t * 7 * CANCEL_ROWS;
        clv_rfm_table tb = {CANCEL_ROWS,       ids + (size_t)t * CANCEL_ROWS, c,
                            c + CANCEL_ROWS,   c + 2 * (size_t)CANCEL_ROWS,
                            c + 3 * (size_t)CANCEL_ROWS, c + 4 * (size_t)CANCEL_ROWS,
                            c + 5 * (size_t)CANCEL_ROWS};
        tables[t] = tb;
    }
    memset(cols, 0xA5, 2 * 7 * (size_t)CANCEL_ROWS * sizeof *cols);
    memset(ids, 0xA5, 2 * (size_t)CANCEL_ROWS * sizeof *ids);
    clv_rfm_options opts;
    clv_rfm_options_init(&opts);
    opts.period = 1.0;
    opts.calibration_end = 6.0;
    size_t n_plain = 0, n_watched = 0;
    assert_int_equal(clv_rfm_summary(customer, time, amount, CANCEL_ROWS, order, &opts,
                                     &tables[0], &n_plain, NULL),
                     CLV_OK);
    watch w = {0};
    opts.progress = watch_fn;
    opts.user_data = &w;
    assert_int_equal(clv_rfm_summary(customer, time, amount, CANCEL_ROWS, order, &opts,
                                     &tables[1], &n_watched, NULL),
                     CLV_OK);
    assert_int_equal(n_plain, n_watched);
    assert_true(n_plain > 1000);
    assert_memory_equal(cols, cols + 7 * (size_t)CANCEL_ROWS,
                        7 * (size_t)CANCEL_ROWS * sizeof *cols);
    assert_memory_equal(ids, ids + CANCEL_ROWS, CANCEL_ROWS * sizeof *ids);
    assert_false(w.bad);
    assert_true(w.total == 3u * CANCEL_ROWS);
    /* 3 n / 65,536 = 13.7: a call at least every 65,536 transactions (plus one customer's
     * history in the counting pass) */
    assert_true(w.calls >= 12);
    assert_true(w.max_step <= CLV_RFM_UNITS_PER_PROGRESS + CANCEL_MAX_HISTORY);
    /* cancel at the first, a middle and the last call: nothing written, diag clear */
    const uint64_t at[3] = {1, w.calls / 2, w.calls};
    for (int k = 0; k < 3; k++) {
        watch c = {0};
        c.cancel_at = at[k];
        clv_diag diag;
        memset(&diag, 0x5A, sizeof diag);
        opts.user_data = &c;
        opts.diag = &diag;
        memset(cols + 7 * (size_t)CANCEL_ROWS, 0xA5, 7 * (size_t)CANCEL_ROWS * sizeof *cols);
        size_t n_cancel = 12345, bad = 54321;
        assert_int_equal(clv_rfm_summary(customer, time, amount, CANCEL_ROWS, order, &opts,
                                         &tables[1], &n_cancel, &bad),
                         CLV_ECANCELED);
        assert_int_equal(c.calls, at[k]);
        assert_int_equal(n_cancel, 12345);
        assert_int_equal(bad, 54321);
        assert_int_equal(diag.status, CLV_OK);
        for (size_t i = 0; i < 7 * (size_t)CANCEL_ROWS; i++) {
            uint64_t bits;
            memcpy(&bits, &cols[7 * (size_t)CANCEL_ROWS + i], sizeof bits);
            assert_true(bits == 0xA5A5A5A5A5A5A5A5u);
        }
    }
    free(customer);
    free(time);
    free(amount);
    free(order);
    free(cols);
    free(ids);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rfm_cdnow_daily_summary_matches_lifetimes_file_for_all_2357),
        cmocka_unit_test(test_rfm_streaming_replay_of_cdnow_is_bitwise_identical_to_batch),
        cmocka_unit_test(test_rfm_streaming_equals_batch_with_no_period_and_default_end),
        cmocka_unit_test(test_rfm_cdnow_holdout_totals_and_hand_checked_customers),
        cmocka_unit_test(test_rfm_cdnow_same_day_lines_are_one_purchase_with_summed_amount),
        cmocka_unit_test(test_rfm_order_of_shuffled_cdnow_gives_the_same_summary),
        cmocka_unit_test(test_rfm_check_accepts_the_cdnow_summary),
        cmocka_unit_test(test_rfm_same_period_purchases_collapse_into_one_with_summed_amount),
        cmocka_unit_test(test_rfm_period_zero_counts_every_transaction),
        cmocka_unit_test(test_rfm_default_end_measures_T_to_the_last_transaction_of_the_log),
        cmocka_unit_test(test_rfm_rows_follow_customer_order_and_optional_columns_may_be_null),
        cmocka_unit_test(test_rfm_holdout_collapses_by_period_and_skips_new_customers),
        cmocka_unit_test(test_rfm_first_purchase_after_calibration_end_gives_no_row),
        cmocka_unit_test(test_rfm_small_table_is_enomem_with_the_needed_count),
        cmocka_unit_test(test_rfm_log_not_sorted_by_customer_is_einval_at_the_first_descent),
        cmocka_unit_test(test_rfm_unsorted_times_are_einval_at_the_step_back),
        cmocka_unit_test(test_rfm_nonfinite_time_or_amount_is_edom_at_that_transaction),
        cmocka_unit_test(test_rfm_order_with_a_repeated_or_out_of_range_index_is_einval),
        cmocka_unit_test(test_rfm_million_tied_rows_in_either_direction_give_the_exact_summary),
        cmocka_unit_test(test_rfm_tie_read_in_no_direction_is_einval_where_it_turns),
        cmocka_unit_test(test_rfm_many_customers_in_adversarial_orders_give_the_counted_rows),
        cmocka_unit_test(test_rfm_order_sorts_by_customer_then_time_and_keeps_ties_in_index_order),
        cmocka_unit_test(test_rfm_order_of_adversarial_keys_is_the_sorted_permutation),
        cmocka_unit_test(test_rfm_options_size_checks_give_estruct),
        cmocka_unit_test(test_rfm_options_defaults_and_bad_values_give_edom),
        cmocka_unit_test(test_rfm_every_null_pointer_is_einval),
        cmocka_unit_test(test_rfm_overflowing_results_are_erange_with_outputs_untouched),
        cmocka_unit_test(test_rfm_update_out_of_order_or_bad_input_fails_and_keeps_the_state),
        cmocka_unit_test(test_rfm_state_summary_of_an_empty_state_is_einval),
        cmocka_unit_test(test_rfm_state_summary_before_the_last_purchase_is_edom),
        cmocka_unit_test(test_rfm_check_reports_the_row_of_each_kind_of_invalid_row),
        cmocka_unit_test(test_rfm_check_finds_the_first_bad_row_of_long_tables),
        cmocka_unit_test(test_rfm_check_rejects_null_columns_empty_tables_and_bad_flags),
        cmocka_unit_test(test_rfm_order_progress_reports_and_cancels),
        cmocka_unit_test(test_rfm_summary_progress_reports_and_cancels),
    };
    return cmocka_run_group_tests(tests, load_cdnow, NULL);
}
