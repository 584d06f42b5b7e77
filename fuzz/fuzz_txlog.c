/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * libFuzzer harness: the transaction-log parser of the examples (examples/common/txlog.c), as
 * clv-report drives it, on arbitrary text.
 *
 * Input layout: byte 0 picks the separator (bits 0-2: 0 guessed from the first non-blank
 * line, 1 ',', 2 ';', 3 '\t', 4 blanks, else guessed) and the date format (bits 3-4:
 * TXLOG_DATE_AUTO, _ISO, _YMD, _EPOCH); bit 5 forces the first record to be data. The rest is
 * the log text, cut into records at line feeds (a record goes on while a quote is open, as in
 * clv-report); each record is an exact-size heap copy, so ASan sees any read past it.
 *
 * Checked:
 * - txlog_split() returns a field count in 0..TXLOG_MAX_FIELDS or one of its three errors;
 *   every field lies inside the record or inside the scratch buffer's first len bytes;
 *   with separators other than blanks, an unquoted record of k separators has k + 1 fields;
 * - txlog_parse_date(): on success the day is a day of the years 1-9999 (give or take the
 *   one-day shift of a zone offset); ISO and YYYYMMDD dates read back to the same day from
 *   the text made of their days; on failure a reason;
 * - txlog_parse_amount(): on success a finite number equal to strtod() of the field; on
 *   failure a reason;
 * - txlog_guess_layout() and txlog_parse_row() on the first record and the rest: columns
 *   in range and distinct, rows with an id of non-zero length inside the record's fields.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "txlog.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                                          \
    do {                                                                                     \
        if (!(cond)) {                                                                       \
            fprintf(stderr, "fuzz_txlog: %s:%d: %s\n", __FILE__, __LINE__, #cond);           \
            abort();                                                                         \
        }                                                                                    \
    } while (0)

static const int64_t MIN_DAY = -719162 - 1; /* 0001-01-01, one day of zone shift */
static const int64_t MAX_DAY = 2932896 + 1; /* 9999-12-31 */

static int inside(const char *p, size_t len, const char *base, size_t base_len) {
    return p >= base && p + len <= base + base_len;
}

static void check_field(const char *s, size_t len, int fmt) {
    int64_t day;
    int used = -1;
    const char *why = NULL;
    if (txlog_parse_date(s, len, fmt, &day, &used, &why) == 0) {
        CHECK(day >= MIN_DAY && day <= MAX_DAY);
        CHECK(used >= TXLOG_DATE_ISO && used <= TXLOG_DATE_EPOCH);
        if (used == TXLOG_DATE_YMD) {
            /* Back from the day: the civil date, then the same day again. */
            char text[16];
            int64_t z = day + 719468, era = (z >= 0 ? z : z - 146096) / 146097;
            int64_t doe = z - era * 146097;
            int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
            int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
            int d = (int)(doy - (153 * mp + 2) / 5 + 1), m = (int)(mp < 10 ? mp + 3 : mp - 9);
            int64_t y = yoe + era * 400 + (m <= 2);
            int64_t again;
            snprintf(text, sizeof text, "%04d-%02d-%02d", (int)y, m, d);
            CHECK(txlog_parse_date(text, 10, TXLOG_DATE_ISO, &again, NULL, &why) == 0);
            CHECK(again == day);
            CHECK(txlog_days_from_civil(y, m, d) == day);
        }
    } else {
        CHECK(why != NULL && why[0] != '\0');
    }
    double v;
    why = NULL;
    if (txlog_parse_amount(s, len, &v, &why) == 0) {
        CHECK(isfinite(v));
        char tmp[80];
        if (len < sizeof tmp) {
            memcpy(tmp, s, len);
            tmp[len] = '\0';
            CHECK(strtod(tmp, NULL) == v);
        }
    } else {
        CHECK(why != NULL && why[0] != '\0');
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1) {
        return 0;
    }
    static const char seps[5] = {0, ',', ';', '\t', TXLOG_SEP_BLANKS};
    char sep = seps[(data[0] & 7) < 5 ? data[0] & 7 : 0];
    int fmt = (data[0] >> 3) & 3;
    int force_data = (data[0] >> 5) & 1;
    int local_time = (data[0] >> 6) & 1; /* --timezone local: a date-time's day as written */
    const char *text = (const char *)data + 1;
    size_t len = size - 1;
    size_t pos = txlog_skip_bom(text, len);
    txlog_layout layout = {sep, -1, -1, -1, fmt, local_time};
    int have_layout = 0;
    size_t start = pos;
    while (pos < len) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - text) + 1 : len;
        size_t rlen = end - start;
        char *rec = malloc(rlen ? rlen : 1), *buf = malloc(rlen ? rlen : 1);
        txlog_field f[TXLOG_MAX_FIELDS];
        CHECK(rec != NULL && buf != NULL);
        memcpy(rec, text + start, rlen);
        if (layout.sep == 0) {
            size_t k = 0;
            while (k < rlen && (rec[k] == ' ' || rec[k] == '\t' || rec[k] == '\r' ||
                                rec[k] == '\n')) {
                k++;
            }
            if (k < rlen) {
                layout.sep = txlog_guess_sep(rec, rlen);
                CHECK(layout.sep == ',' || layout.sep == ';' || layout.sep == '\t' ||
                      layout.sep == TXLOG_SEP_BLANKS);
            }
        }
        char use = layout.sep ? layout.sep : TXLOG_SEP_BLANKS;
        int n = txlog_split(rec, rlen, use, buf, f, TXLOG_MAX_FIELDS);
        CHECK(n >= TXLOG_TOO_MANY && n <= TXLOG_MAX_FIELDS);
        if (n == TXLOG_OPEN_QUOTE && nl != NULL) {
            free(rec);
            free(buf);
            pos = end; /* the record goes on past the line feed */
            continue;
        }
        if (n > 0) {
            size_t seps_seen = 0;
            int quoted = memchr(rec, '"', rlen) != NULL;
            for (size_t k = 0; k < rlen; k++) {
                seps_seen += rec[k] == use;
            }
            if (use != TXLOG_SEP_BLANKS && !quoted) {
                CHECK((size_t)n == seps_seen + 1);
            }
            for (int k = 0; k < n; k++) {
                CHECK(inside(f[k].s, f[k].len, rec, rlen) || inside(f[k].s, f[k].len, buf, rlen));
                check_field(f[k].s, f[k].len, fmt);
                (void)txlog_name_role(f[k].s, f[k].len);
            }
            const char *why = NULL;
            if (!have_layout) {
                int header = !force_data && txlog_is_header(f, n);
                if (txlog_guess_layout(f, n, &layout, &why) == 0) {
                    CHECK(layout.id >= 0 && layout.id < n && layout.date >= 0 &&
                          layout.date < n && layout.id != layout.date);
                    CHECK(layout.amount < n && layout.amount != layout.id &&
                          layout.amount != layout.date);
                    have_layout = 1;
                } else {
                    CHECK(why != NULL);
                }
                (void)header;
            }
            if (have_layout) {
                txlog_row row;
                why = NULL;
                if (txlog_parse_row(&layout, f, n, &row, &why) == 0) {
                    CHECK(row.id_len > 0);
                    CHECK(inside(row.id, row.id_len, rec, rlen) ||
                          inside(row.id, row.id_len, buf, rlen));
                    CHECK(row.day >= MIN_DAY && row.day <= MAX_DAY);
                    CHECK(isfinite(row.amount));
                    CHECK(row.has_amount == (layout.amount >= 0));
                    CHECK(layout.date_format != TXLOG_DATE_AUTO);
                } else {
                    CHECK(why != NULL && why[0] != '\0');
                }
            }
        }
        free(rec);
        free(buf);
        pos = end;
        start = end;
    }
    return 0;
}
