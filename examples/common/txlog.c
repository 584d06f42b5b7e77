/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/* txlog: transaction-log text to (customer id, day, amount); see txlog.h. */
#include "txlog.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_blank(char c) { return c == ' ' || c == '\t'; }
static char lower(char c) { return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c; }

size_t txlog_skip_bom(const char *text, size_t len) {
    return (len >= 3 && (unsigned char)text[0] == 0xEF && (unsigned char)text[1] == 0xBB &&
            (unsigned char)text[2] == 0xBF)
               ? 3
               : 0;
}

char txlog_guess_sep(const char *rec, size_t len) {
    size_t comma = 0, semi = 0, tab = 0;
    int quoted = 0;
    for (size_t i = 0; i < len; i++) {
        char c = rec[i];
        if (c == '"') {
            quoted = !quoted;
        } else if (!quoted) {
            comma += c == ',';
            semi += c == ';';
            tab += c == '\t';
        }
    }
    if (comma == 0 && semi == 0 && tab == 0) {
        return TXLOG_SEP_BLANKS;
    }
    return (comma >= semi && comma >= tab) ? ',' : (semi >= tab ? ';' : '\t');
}

/* The record without its line end (LF, CRLF, or a lone CR at the end). */
static size_t trim_line_end(const char *rec, size_t len) {
    while (len > 0 && (rec[len - 1] == '\n' || rec[len - 1] == '\r')) {
        len--;
    }
    return len;
}

int txlog_split(const char *rec, size_t len, char sep, char *buf, txlog_field *fields, int max) {
    len = trim_line_end(rec, len);
    int blanks = sep == TXLOG_SEP_BLANKS;
    size_t i = 0, out = 0;
    int n = 0;
    if (blanks) {
        while (i < len && is_blank(rec[i])) {
            i++;
        }
        if (i == len) {
            return 0;
        }
    }
    for (;;) {
        /* One field from i. */
        const char *start;
        size_t flen;
        if (i < len && rec[i] == '"') {
            start = buf + out;
            size_t o = out;
            i++;
            for (;;) {
                if (i >= len) {
                    return TXLOG_OPEN_QUOTE;
                }
                if (rec[i] == '"') {
                    if (i + 1 < len && rec[i + 1] == '"') {
                        buf[o++] = '"';
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                buf[o++] = rec[i++];
            }
            flen = o - out;
            out = o;
            if (blanks) {
                if (i < len && !is_blank(rec[i])) {
                    return TXLOG_BAD_QUOTE;
                }
            } else {
                while (i < len && is_blank(rec[i])) { /* blanks after a closing quote */
                    i++;
                }
                if (i < len && rec[i] != sep) {
                    return TXLOG_BAD_QUOTE;
                }
            }
        } else {
            start = rec + i;
            while (i < len && (blanks ? !is_blank(rec[i]) : rec[i] != sep)) {
                if (rec[i] == '"') {
                    return TXLOG_BAD_QUOTE;
                }
                i++;
            }
            flen = (size_t)(rec + i - start);
        }
        if (n == max) {
            return TXLOG_TOO_MANY;
        }
        fields[n].s = start;
        fields[n].len = flen;
        n++;
        if (blanks) {
            while (i < len && is_blank(rec[i])) {
                i++;
            }
            if (i == len) {
                return n;
            }
        } else {
            if (i == len) {
                return n;
            }
            i++; /* the separator; a record ending in one has an empty last field */
        }
    }
}

/* A field without surrounding blanks. */
static void trim(const char **s, size_t *len) {
    while (*len > 0 && is_blank(**s)) {
        (*s)++;
        (*len)--;
    }
    while (*len > 0 && is_blank((*s)[*len - 1])) {
        (*len)--;
    }
}

static int name_is(const char *s, size_t len, const char *name) {
    size_t k = strlen(name);
    if (k != len) {
        return 0;
    }
    for (size_t i = 0; i < k; i++) {
        char c = lower(s[i]);
        if (c == ' ' || c == '-') {
            c = '_';
        }
        if (c != name[i]) {
            return 0;
        }
    }
    return 1;
}

int txlog_name_role(const char *s, size_t len) {
    static const char *ids[] = {"id", "customer", "customer_id", "customerid", "cust",
                                "cust_id", "client_id", "user_id"};
    static const char *dates[] = {"date", "datetime", "timestamp", "order_date", "time", "day",
                                  "purchase_date", "transaction_date"};
    static const char *amounts[] = {"amount", "value", "dollar_value", "revenue", "sales",
                                    "price", "total", "spend", "monetary"};
    trim(&s, &len);
    for (size_t k = 0; k < sizeof ids / sizeof ids[0]; k++) {
        if (name_is(s, len, ids[k])) {
            return TXLOG_ROLE_ID;
        }
    }
    for (size_t k = 0; k < sizeof dates / sizeof dates[0]; k++) {
        if (name_is(s, len, dates[k])) {
            return TXLOG_ROLE_DATE;
        }
    }
    for (size_t k = 0; k < sizeof amounts / sizeof amounts[0]; k++) {
        if (name_is(s, len, amounts[k])) {
            return TXLOG_ROLE_AMOUNT;
        }
    }
    return TXLOG_ROLE_NONE;
}

int64_t txlog_days_from_civil(int64_t y, int m, int d) {
    /* Days of the proleptic Gregorian calendar, years counted from March so that the leap day
     * comes last: 400-year eras of 146,097 days (civil calendar arithmetic). */
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static int valid_date(int64_t y, int m, int d) {
    static const int days_in[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= days_in[m - 1] &&
           !(m == 2 && d == 29 && !leap);
}

/* n digits at s as a number; -1 if they are not all digits. */
static int digits(const char *s, size_t n) {
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (!is_digit(s[i])) {
            return -1;
        }
        v = 10 * v + (s[i] - '0');
    }
    return v;
}

static int parse_ymd(const char *s, size_t len, int64_t *day, const char **why) {
    int y, m, d;
    if (len != 8 || (y = digits(s, 4)) < 0 || (m = digits(s + 4, 2)) < 0 ||
        (d = digits(s + 6, 2)) < 0) {
        *why = "date is not YYYYMMDD";
        return -1;
    }
    if (!valid_date(y, m, d)) {
        *why = "date is not a calendar day";
        return -1;
    }
    *day = txlog_days_from_civil(y, m, d);
    return 0;
}

/* YYYY-MM-DD[(T| )HH:MM[:SS[.fff]][Z|+HH:MM|+HHMM|+HH]]; local: the offset is checked, not
 * applied (the day of the time as written). */
static int parse_iso(const char *s, size_t len, int local, int64_t *day, const char **why) {
    int y, m, d;
    if (len < 10 || (y = digits(s, 4)) < 0 || s[4] != '-' || (m = digits(s + 5, 2)) < 0 ||
        s[7] != '-' || (d = digits(s + 8, 2)) < 0) {
        *why = "date is not YYYY-MM-DD";
        return -1;
    }
    if (!valid_date(y, m, d)) {
        *why = "date is not a calendar day";
        return -1;
    }
    int64_t minutes = 0; /* local time of day, minus the zone offset */
    size_t i = 10;
    if (i < len) {
        int hh, mm;
        if (!(s[i] == 'T' || s[i] == 't' || s[i] == ' ') || len < i + 6 ||
            (hh = digits(s + i + 1, 2)) < 0 || s[i + 3] != ':' || (mm = digits(s + i + 4, 2)) < 0 ||
            hh > 24 || mm > 59 || (hh == 24 && mm != 0)) {
            *why = "date has a time part that is not HH:MM[:SS]";
            return -1;
        }
        i += 6;
        if (i < len && s[i] == ':') {
            int ss;
            if (len < i + 3 || (ss = digits(s + i + 1, 2)) < 0 || ss > 60) {
                *why = "date has seconds that are not :SS";
                return -1;
            }
            i += 3;
            if (i < len && (s[i] == '.' || s[i] == ',')) {
                size_t k = ++i;
                while (i < len && is_digit(s[i])) {
                    i++;
                }
                if (i == k) {
                    *why = "date has a fraction of a second without digits";
                    return -1;
                }
            }
        }
        minutes = 60 * hh + mm;
        if (i < len && (s[i] == 'Z' || s[i] == 'z') && i + 1 == len) {
            i++;
        } else if (i < len && (s[i] == '+' || s[i] == '-')) {
            int sign = s[i] == '-' ? -1 : 1, oh, om = 0;
            size_t rest = len - i - 1;
            const char *z = s + i + 1;
            if (rest == 2 && (oh = digits(z, 2)) >= 0) {
            } else if (rest == 4 && (oh = digits(z, 2)) >= 0 && (om = digits(z + 2, 2)) >= 0) {
            } else if (rest == 5 && (oh = digits(z, 2)) >= 0 && z[2] == ':' &&
                       (om = digits(z + 3, 2)) >= 0) {
            } else {
                *why = "date has a zone offset that is not +HH:MM, +HHMM or +HH";
                return -1;
            }
            if (oh > 18 || om > 59) {
                *why = "date has a zone offset out of range";
                return -1;
            }
            if (!local) {
                minutes -= sign * (60 * oh + om); /* local = UTC + offset */
            }
            i = len;
        }
        if (i != len) {
            *why = "date has text after the time";
            return -1;
        }
    }
    int64_t shift = minutes >= 0 ? minutes / 1440 : -((-minutes + 1439) / 1440);
    *day = txlog_days_from_civil(y, m, d) + shift;
    return 0;
}

/* A plain decimal number: [+-]digits[.digits][e[+-]digits]; 0 if it is one. */
static int number_syntax(const char *s, size_t len) {
    size_t i = 0, nd = 0;
    if (i < len && (s[i] == '+' || s[i] == '-')) {
        i++;
    }
    while (i < len && is_digit(s[i])) {
        i++;
        nd++;
    }
    if (i < len && s[i] == '.') {
        i++;
        while (i < len && is_digit(s[i])) {
            i++;
            nd++;
        }
    }
    if (nd == 0) {
        return -1;
    }
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        size_t k;
        i++;
        if (i < len && (s[i] == '+' || s[i] == '-')) {
            i++;
        }
        for (k = i; i < len && is_digit(s[i]);) {
            i++;
        }
        if (i == k) {
            return -1;
        }
    }
    return i == len ? 0 : -1;
}

/* strtod on a bounded copy (the field is not NUL-terminated). A plain [+-]digits[.digits]
 * of at most 15 digits is read without it: the digits as an exact integer (< 2^53) divided
 * by an exact power of ten (<= 1e15) is one correctly rounded operation, so the same double
 * as strtod gives (fuzz_txlog checks the two agree). */
static double to_double(const char *s, size_t len) {
    static const double pow10[16] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                      1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    size_t i = (len > 0 && (s[0] == '+' || s[0] == '-')) ? 1 : 0;
    int64_t mant = 0;
    int n_digits = 0, n_frac = 0, point = 0;
    for (; i < len; i++) {
        if (is_digit(s[i]) && n_digits < 15) {
            mant = 10 * mant + (s[i] - '0');
            n_digits++;
            n_frac += point;
        } else if (s[i] == '.' && !point) {
            point = 1;
        } else {
            break;
        }
    }
    if (i == len && n_digits > 0) {
        double v = (double)mant / pow10[n_frac];
        return s[0] == '-' ? -v : v;
    }
    char tmp[64];
    if (len >= sizeof tmp) {
        return NAN;
    }
    memcpy(tmp, s, len);
    tmp[len] = '\0';
    return strtod(tmp, NULL);
}

static int parse_epoch(const char *s, size_t len, int64_t *day, const char **why) {
    if (number_syntax(s, len) != 0) {
        *why = "date is not epoch seconds (a plain number)";
        return -1;
    }
    double sec = to_double(s, len);
    /* Years 1..9999: -62135596800 s .. 253402300799 s. */
    if (!(sec >= -62135596800.0 && sec < 253402300800.0)) {
        *why = "epoch seconds out of the years 1-9999";
        return -1;
    }
    *day = (int64_t)floor(sec / 86400.0);
    return 0;
}

int txlog_parse_date(const char *s, size_t len, int fmt, int64_t *day, int *fmt_used,
                     const char **why) {
    return txlog_parse_date_zone(s, len, fmt, 0, day, fmt_used, why);
}

int txlog_parse_date_zone(const char *s, size_t len, int fmt, int local, int64_t *day,
                          int *fmt_used, const char **why) {
    trim(&s, &len);
    if (len == 0) {
        *why = "date is empty";
        return -1;
    }
    if (fmt == TXLOG_DATE_AUTO) {
        int64_t d;
        const char *w;
        if (memchr(s, '-', len) != NULL && len >= 10 && s[4] == '-') {
            fmt = TXLOG_DATE_ISO;
        } else if (len == 8 && digits(s, 4) >= 1000 && digits(s, 4) <= 2999 &&
                   parse_ymd(s, len, &d, &w) == 0) {
            fmt = TXLOG_DATE_YMD;
        } else {
            fmt = TXLOG_DATE_EPOCH;
        }
    }
    if (fmt_used != NULL) {
        *fmt_used = fmt;
    }
    switch (fmt) {
    case TXLOG_DATE_ISO:
        return parse_iso(s, len, local, day, why);
    case TXLOG_DATE_YMD:
        return parse_ymd(s, len, day, why);
    case TXLOG_DATE_EPOCH:
        return parse_epoch(s, len, day, why);
    default:
        *why = "unknown date format";
        return -1;
    }
}

int txlog_parse_amount(const char *s, size_t len, double *amount, const char **why) {
    trim(&s, &len);
    if (len == 0) {
        *why = "amount is empty";
        return -1;
    }
    if (number_syntax(s, len) == 0) {
        double v = to_double(s, len);
        if (!isfinite(v)) {
            *why = "amount is too large or too long";
            return -1;
        }
        *amount = v;
        return 0;
    }
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '$' || c >= 0x80) {
            *why = "amount has a currency symbol (give plain numbers: 12.50)";
            return -1;
        }
        if (c == ',' || c == '\'' || c == '_') {
            *why = "amount has a thousands separator or a decimal comma (give 1234.50)";
            return -1;
        }
        if (c == '(') {
            *why = "amount in parentheses (give a refund as -12.50)";
            return -1;
        }
    }
    *why = "amount is not a number ([+-]digits[.digits])";
    return -1;
}

int txlog_is_header(const txlog_field *fields, int n) {
    for (int k = 0; k < n; k++) {
        int64_t d;
        double v;
        const char *w;
        const char *s = fields[k].s;
        size_t len = fields[k].len;
        if (txlog_parse_date(s, len, TXLOG_DATE_ISO, &d, NULL, &w) == 0 ||
            txlog_parse_amount(s, len, &v, &w) == 0) {
            return 0;
        }
    }
    return n > 0;
}

int txlog_guess_layout(const txlog_field *fields, int n, txlog_layout *layout, const char **why) {
    int date = -1;
    for (int k = 0; k < n && date < 0; k++) {
        int64_t d;
        int f;
        const char *w;
        if (txlog_parse_date(fields[k].s, fields[k].len, TXLOG_DATE_AUTO, &d, &f, &w) == 0 &&
            f != TXLOG_DATE_EPOCH) {
            date = k;
        }
    }
    if (date < 0) {
        *why = "no field of the first row is a date (YYYY-MM-DD or YYYYMMDD): name the "
               "columns with --columns, or --date N for epoch seconds";
        return -1;
    }
    int id = date > 0 ? date - 1 : (n > 1 ? 1 : -1);
    if (id < 0) {
        *why = "the first row has no field for the customer id";
        return -1;
    }
    int amount = -1, numeric = -1;
    for (int k = date + 1; k < n; k++) {
        double v;
        const char *w;
        if (k == id || txlog_parse_amount(fields[k].s, fields[k].len, &v, &w) != 0) {
            continue;
        }
        numeric = k;
        if (memchr(fields[k].s, '.', fields[k].len) != NULL) {
            amount = k;
        }
    }
    layout->id = id;
    layout->date = date;
    layout->amount = amount >= 0 ? amount : numeric;
    return 0;
}

int txlog_parse_row(txlog_layout *layout, const txlog_field *fields, int n, txlog_row *row,
                    const char **why) {
    int need = layout->id > layout->date ? layout->id : layout->date;
    if (layout->amount > need) {
        need = layout->amount;
    }
    if (n <= need) {
        *why = "too few fields";
        return -1;
    }
    const char *s = fields[layout->id].s;
    size_t len = fields[layout->id].len;
    trim(&s, &len);
    if (len == 0) {
        *why = "customer id is empty";
        return -1;
    }
    row->id = s;
    row->id_len = len;
    int used;
    if (txlog_parse_date_zone(fields[layout->date].s, fields[layout->date].len,
                              layout->date_format, layout->local_time, &row->day, &used,
                              why) != 0) {
        return -1;
    }
    if (layout->date_format == TXLOG_DATE_AUTO) {
        layout->date_format = used;
    }
    row->amount = 0.0;
    row->has_amount = layout->amount >= 0;
    if (row->has_amount && txlog_parse_amount(fields[layout->amount].s, fields[layout->amount].len,
                                              &row->amount, why) != 0) {
        return -1;
    }
    return 0;
}
