/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * txlog: a pure parser of transaction-log text for the examples (clv-report). No I/O, no
 * allocation, no global state: the caller reads a record (a line, or several when a quoted field
 * holds a line break), and these functions split it into fields and read a customer id, a day
 * and an amount from them. Fuzzed by fuzz/fuzz_txlog.c.
 *
 * Text handled:
 * - separators: comma, semicolon, tab, or runs of blanks (TXLOG_SEP_BLANKS); guessed from the
 *   first record by txlog_guess_sep();
 * - RFC 4180 quoting: a field in double quotes may hold separators, line breaks and doubled
 *   quotes (""); a CR before the LF that ends a record is dropped; a UTF-8 byte order mark at
 *   the start of the text is skipped by txlog_skip_bom();
 * - dates (day numbers: days since 1970-01-01, UTC, proleptic Gregorian calendar):
 *   ISO 8601 YYYY-MM-DD, optionally followed by a time "T" or " " HH:MM[:SS[.fff]] and a zone
 *   "Z", +HH:MM, +HHMM or +HH (the time is converted to UTC, then its day taken); YYYYMMDD;
 *   or epoch seconds (a decimal number of seconds since 1970-01-01T00:00:00Z);
 * - amounts: an optional sign, digits, an optional decimal point and an optional exponent.
 *   A currency symbol, a thousands separator or a decimal comma is refused with its reason,
 *   never guessed: "1,234" may be 1234 or 1.234 depending on the country of the export.
 */
#ifndef CLV_EXAMPLES_TXLOG_H
#define CLV_EXAMPLES_TXLOG_H

#include <stddef.h>
#include <stdint.h>

/* Separator value meaning "runs of blanks (spaces and tabs)". */
#define TXLOG_SEP_BLANKS ' '
/* Most fields in one record. */
#define TXLOG_MAX_FIELDS 64

/* Results of txlog_split() below zero. */
enum {
    TXLOG_OPEN_QUOTE = -1, /* a quoted field is still open at the end: the record goes on */
    TXLOG_BAD_QUOTE = -2,  /* text after a closing quote, or a quote inside an unquoted field */
    TXLOG_TOO_MANY = -3    /* more than the given number of fields */
};

/* Date formats of txlog_parse_date(). */
enum { TXLOG_DATE_AUTO = 0, TXLOG_DATE_ISO, TXLOG_DATE_YMD, TXLOG_DATE_EPOCH };

/* Column roles, for txlog_name_role(). */
enum { TXLOG_ROLE_NONE = 0, TXLOG_ROLE_ID, TXLOG_ROLE_DATE, TXLOG_ROLE_AMOUNT };

/* One field: its text (unquoted; not NUL-terminated) and length. */
typedef struct txlog_field {
    const char *s;
    size_t len;
} txlog_field;

/* Where the columns are (0-based; amount -1 when the log has none) and how dates read. */
typedef struct txlog_layout {
    char sep;        /* ',', ';', '\t' or TXLOG_SEP_BLANKS */
    int id, date, amount;
    int date_format; /* TXLOG_DATE_*: AUTO is resolved by the first row read */
    int local_time;  /* 1: an ISO date-time's day as written, its zone offset ignored; 0: the
                        day in UTC (the offset applied) */
} txlog_layout;

/* One transaction read from a record. */
typedef struct txlog_row {
    const char *id; /* customer id as written (unquoted), not NUL-terminated */
    size_t id_len;
    int64_t day;    /* days since 1970-01-01 (UTC) */
    double amount;  /* 0 when has_amount is 0 */
    int has_amount;
} txlog_row;

/* Length of a UTF-8 byte order mark at the start of text (3), or 0. */
size_t txlog_skip_bom(const char *text, size_t len);

/* The separator of a record: the most frequent of ',', ';' and '\t' outside quotes, or
 * TXLOG_SEP_BLANKS when there is none. */
char txlog_guess_sep(const char *rec, size_t len);

/*
 * Split one record (without or with its line end) into at most max fields, unquoting them into
 * buf (room for len bytes; fields point into rec or buf). With TXLOG_SEP_BLANKS, blanks around
 * fields are separators and an empty record has no fields; otherwise an empty record has one
 * empty field. Returns the number of fields, or TXLOG_OPEN_QUOTE, TXLOG_BAD_QUOTE, TXLOG_TOO_MANY.
 */
int txlog_split(const char *rec, size_t len, char sep, char *buf, txlog_field *fields, int max);

/* The role a header name suggests (case and surrounding blanks ignored): id, customer,
 * customer_id, customerid, cust, cust_id, client_id; date, datetime, timestamp, order_date,
 * time, day; amount, value, dollar_value, revenue, sales, price, total, spend. */
int txlog_name_role(const char *s, size_t len);

/* 1 when the record reads as a header: no field is a date or a number. */
int txlog_is_header(const txlog_field *fields, int n);

/*
 * A date field to a day number. fmt is TXLOG_DATE_ISO, _YMD, _EPOCH, or _AUTO (ISO when it
 * has a '-', YYYYMMDD for 8 digits that are a date of years 1000-2999, else epoch seconds);
 * fmt_used (optional) gets the format that read it. Years 1-9999. Returns 0, or -1 with the
 * reason in *why (a static string).
 */
int txlog_parse_date(const char *s, size_t len, int fmt, int64_t *day, int *fmt_used,
                     const char **why);

/* As txlog_parse_date() (which is this with local 0); local 1 takes an ISO date-time's day as
 * written, its zone offset checked but not applied (2024-03-01T23:30-05:00 is March 1st, not
 * the UTC day March 2nd). Dates without an offset and epoch seconds read the same either way. */
int txlog_parse_date_zone(const char *s, size_t len, int fmt, int local, int64_t *day,
                          int *fmt_used, const char **why);

/* An amount field: [+-]digits[.digits][e[+-]digits], finite. Returns 0, or -1 with *why. */
int txlog_parse_amount(const char *s, size_t len, double *amount, const char **why);

/*
 * The transaction of a split record under a layout. Fields beyond the layout's are ignored.
 * Resolves layout->date_format when it is AUTO. Returns 0, or -1 with *why.
 */
int txlog_parse_row(txlog_layout *layout, const txlog_field *fields, int n, txlog_row *row,
                    const char **why);

/*
 * A layout for a log without a header, from its first record: the date is the first field
 * that is an ISO or YYYYMMDD date; the id the field before it (or after it, when the date is
 * first); the amount the last field after the date with a decimal point, else the last
 * numeric field after the date that is not the id. Returns 0, or -1 with *why.
 */
int txlog_guess_layout(const txlog_field *fields, int n, txlog_layout *layout, const char **why);

/* Days since 1970-01-01 of a proleptic Gregorian date. */
int64_t txlog_days_from_civil(int64_t y, int m, int d);

#endif
