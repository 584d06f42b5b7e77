/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * clv-report: a customer-lifetime-value report from a transaction log.
 *
 *   clv-report [options] [FILE | -]
 *
 * FILE (or standard input with "-"; gzip through the shell: zcat log.gz | clv-report -) holds
 * one transaction per record: a customer id, a date and, optionally, an amount, in columns
 * separated by commas, semicolons, tabs or blanks, RFC 4180 quoting, with or without a header
 * (see --help and examples/common/txlog.h for what is read). With no FILE the bundled CDNOW
 * sample (tests/data/CDNOW_sample.txt, run from the source tree) is read with the papers'
 * calibration end, 1997-09-30, so the default run reproduces Fader, Hardie & Lee's published
 * BG/NBD fit.
 *
 * Time unit: weeks; purchases on the same day count as one (Fader, Hardie & Lee 2005). The
 * value of a customer is clv_customer_value(): margin x E[spend] (Gamma-Gamma, Fader & Hardie
 * 2013 eq. 5, on the customer's repeat purchase days with a positive spend) x the discounted
 * expected purchases, the horizon cut into months (52/12 weeks), each month's expected
 * purchases discounted at the monthly rate equivalent to the annual one.
 *
 * Customer ids are strings of any length, mapped to dense numbers by a hash table (memory in
 * the number of customers) and written back as given. The rows are kept as 16 bytes each
 * until they are collapsed into purchase days.
 *
 * The library does no I/O: this program reads, calls libclv, and prints.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <clv.h>

#include "report-charts.h"
#include "svgplot.h"
#include "txlog.h"

#define CLV_REPORT_VERSION "2.0"

typedef struct log_arrays {
    uint64_t *customer; /* dense customer number (index into the id table) */
    double *day;
    double *amount;
    size_t n;
    size_t cap;
} log_arrays;

static double days_from_civil(int y, int m, int d) {
    return (double)txlog_days_from_civil(y, m, d);
}

/* An option's date: YYYY-MM-DD or YYYYMMDD, a real calendar day; -1 on anything else. */
static int parse_date(const char *s, double *day) {
    int64_t d;
    const char *why;
    size_t len = strlen(s);
    int fmt = (len == 8) ? TXLOG_DATE_YMD : TXLOG_DATE_ISO;
    if (len != 8 && len != 10) {
        return -1;
    }
    if (txlog_parse_date(s, len, fmt, &d, NULL, &why) != 0) {
        return -1;
    }
    *day = (double)d;
    return 0;
}

/* A whole option value as a double (strtod alone takes "1O" for 1). */
static int parse_number(const char *s, double *v) {
    char *end = NULL;
    *v = strtod(s, &end);
    return (end != s && *end == '\0' && isfinite(*v)) ? 0 : -1;
}

/* ---- customer ids: strings to dense numbers ------------------------------------------------ */

/* Open addressing with linear probing over a power-of-two table at most half full; the ids'
 * text is kept once, in one growing buffer. Memory O(customers + their ids' length). */
typedef struct id_slot {
    uint32_t index; /* customer number + 1, or 0 for empty */
    uint32_t hash;  /* its hash, compared before the text: one cache line per probe */
} id_slot;

typedef struct id_table {
    id_slot *slot;
    size_t *off;    /* per customer + 1: its text is text[off[i] .. off[i + 1]) */
    char *text;
    size_t slots, n, cap, text_len, text_cap;
} id_table;

static uint32_t hash_id(const char *s, size_t len) {
    uint32_t h = 2166136261u; /* FNV-1a, 32 bits, then a finaliser to spread the low bits */
    for (size_t i = 0; i < len; i++) {
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    }
    h ^= h >> 16;
    h *= 0x85ebca6bu;
    h ^= h >> 13;
    return h;
}

static int grow_slots(id_table *t) {
    size_t slots = t->slots ? 2 * t->slots : 1024;
    id_slot *slot = calloc(slots, sizeof *slot);
    if (slot == NULL) {
        return -1;
    }
    for (size_t j = 0; j < t->slots; j++) {
        if (t->slot[j].index != 0) {
            size_t k = t->slot[j].hash & (slots - 1);
            while (slot[k].index != 0) {
                k = (k + 1) & (slots - 1);
            }
            slot[k] = t->slot[j];
        }
    }
    free(t->slot);
    t->slot = slot;
    t->slots = slots;
    return 0;
}

/* The customer number of an id, added if new; -1 when out of memory or of numbers. */
static int64_t id_lookup(id_table *t, const char *s, size_t len) {
    if (2 * (t->n + 1) > t->slots && grow_slots(t) != 0) {
        return -1;
    }
    uint32_t h = hash_id(s, len);
    size_t k = h & (t->slots - 1);
    while (t->slot[k].index != 0) {
        if (t->slot[k].hash == h) {
            size_t i = t->slot[k].index - 1;
            if (t->off[i + 1] - t->off[i] == len && memcmp(t->text + t->off[i], s, len) == 0) {
                return (int64_t)i;
            }
        }
        k = (k + 1) & (t->slots - 1);
    }
    if (t->n >= UINT32_MAX - 1) {
        return -1;
    }
    if (t->n + 1 >= t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 1024;
        size_t *off = realloc(t->off, (cap + 1) * sizeof *off);
        if (off == NULL) {
            return -1;
        }
        t->off = off;
        t->cap = cap;
        if (t->n == 0) {
            t->off[0] = 0;
        }
    }
    if (t->text_len + len > t->text_cap) {
        size_t cap = t->text_cap ? 2 * t->text_cap : 16384;
        while (cap < t->text_len + len) {
            cap *= 2;
        }
        char *text = realloc(t->text, cap);
        if (text == NULL) {
            return -1;
        }
        t->text = text;
        t->text_cap = cap;
    }
    memcpy(t->text + t->text_len, s, len);
    t->text_len += len;
    t->off[t->n + 1] = t->text_len;
    t->slot[k].index = (uint32_t)(t->n + 1);
    t->slot[k].hash = h;
    return (int64_t)t->n++;
}

static void id_free(id_table *t) {
    free(t->slot);
    free(t->off);
    free(t->text);
}

/* Write customer i's id as given. */
static void put_id(FILE *f, const id_table *t, uint64_t i, int width) {
    int len = (int)(t->off[i + 1] - t->off[i]);
    if (width > len) {
        fprintf(f, "%*s", width - len, "");
    }
    fwrite(t->text + t->off[i], 1, (size_t)len, f);
}

/* The same, as a CSV field: quoted when it holds a comma, a quote or a line break. */
static void put_id_csv(FILE *f, const id_table *t, uint64_t i) {
    const char *s = t->text + t->off[i];
    size_t len = t->off[i + 1] - t->off[i];
    size_t plain = 0; /* the text is not NUL-terminated: a bounded scan */
    while (plain < len && s[plain] != ',' && s[plain] != '"' && s[plain] != '\r' &&
           s[plain] != '\n') {
        plain++;
    }
    if (plain == len) {
        fwrite(s, 1, len, f);
        return;
    }
    fputc('"', f);
    for (size_t k = 0; k < len; k++) {
        if (s[k] == '"') {
            fputc('"', f);
        }
        fputc(s[k], f);
    }
    fputc('"', f);
}

/* ---- options ------------------------------------------------------------------------------- */

enum { REFUNDS_KEEP = 0, REFUNDS_DROP, REFUNDS_NET };
enum { HEADER_AUTO = 0, HEADER_YES, HEADER_NO };

typedef struct options {
    const char *path;
    int end_given;
    double end_day;
    int model; /* CLV_MODEL_BGNBD, CLV_MODEL_PNBD or CLV_MODEL_MBGNBD */
    double margin;
    double discount;
    double weeks;
    int csv;
    const char *save_params; /* --save-params FILE, or null */
    const char *plots;       /* --plots DIR, or NULL */
    /* input */
    int header;              /* HEADER_* */
    char sep;                /* 0: guess */
    const char *col[3];      /* --id, --date, --amount: a name or a 1-based position */
    const char *columns;     /* --columns a,b,c: the names of the columns */
    int no_amount;           /* --amount none */
    int date_format;         /* TXLOG_DATE_* */
    int refunds;             /* REFUNDS_* */
    double spend;            /* --spend X, or NaN */
    size_t max_bad;          /* --max-bad N */
    int timing;              /* --timing */
} options;

static void usage(FILE *f) {
    fputs(
        "usage: clv-report [options] [FILE | -]\n"
        "A customer-lifetime-value report from a transaction log: BG/NBD (or Pareto/NBD, MBG/NBD)\n"
        "for the purchases, Gamma-Gamma for the spend. Without FILE: the bundled CDNOW sample,\n"
        "calibration end 1997-09-30 (run from the source tree). '-' reads standard input.\n"
        "\n"
        "Input (one transaction per record; counts and skipped rows are printed to stderr):\n"
        "  --sep comma|semicolon|tab|space  separator (default: guessed from the first record;\n"
        "                     space means runs of blanks); RFC 4180 quotes; a UTF-8 BOM is skipped\n"
        "  --header, --no-header  the first record is / is not a header (default: a header when\n"
        "                     no field of it is a date or a number)\n"
        "  --id C, --date C, --amount C  the columns by header name or 1-based position; default:\n"
        "                     by name (id customer customer_id cust; date datetime timestamp\n"
        "                     order_date; amount value dollar_value revenue sales ...) or, without\n"
        "                     a header, the first date column, the id before it, the last amount\n"
        "                     after it; '--amount none' ignores amounts\n"
        "  --columns a,b,c    names for the columns of a log without header (e.g. id,date,amount)\n"
        "  --date-format auto|iso|ymd|epoch  YYYY-MM-DD[THH:MM[:SS][Z|+HH:MM]] (taken to UTC, then\n"
        "                     the day), YYYYMMDD, or epoch seconds (default auto, fixed by the\n"
        "                     first row)\n"
        "  --refunds keep|drop|net  rows with amount <= 0 (refunds, free items): keep (default)\n"
        "                     counts them as purchases and leaves them out of the spend model;\n"
        "                     drop ignores them; net sums them with the same customer's purchases\n"
        "                     of the same day (a day that nets to <= 0 is no purchase)\n"
        "  --spend X          a flat spend per purchase (currency) for a log without amounts\n"
        "  --max-bad N        skip at most N bad rows (default 10), refuse the file at the next\n"
        "                     one; 0 refuses at the first\n"
        "Model and value:\n"
        "  --end YYYY-MM-DD   end of the calibration period (default: the last transaction's day)\n"
        "  --model bgnbd|pnbd|mbgnbd  purchase model (default bgnbd)\n"
        "  --margin M         share of spend that is profit, 0..1 (default 1: revenue value)\n"
        "  --discount D       annual discount rate (default 0.10)\n"
        "  --weeks W          horizon of the value, in weeks (default 52; whole months)\n"
        "Output:\n"
        "  --csv              every customer as CSV (id, x, t_x and T in weeks, monetary,\n"
        "                     p_alive, expected purchases in --weeks, expected spend, clv)\n"
        "  --save-params FILE the fitted models and value settings for examples/pos\n"
        "  --plots DIR        SVG charts into DIR: tracking, P(alive), holdout and, with a\n"
        "                     spend model, value distribution, concentration, tiers\n"
        "  --timing           seconds of each step (read, summary, fits, scoring) on stderr\n"
        "  --help, --version\n"
        "Exit status: 0 when a report was printed (perhaps without the spend model, with the\n"
        "reason), 1 when nothing useful could be computed, 2 for bad options.\n"
        "\n"
        "Example:\n"
        "  zcat orders.csv.gz | clv-report --id customer --date created_at --amount total \\\n"
        "      --end 2024-06-30 --margin 0.3 -\n",
        f);
}

/* Seconds since some fixed point, for --timing. */
static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int parse_size(const char *s, size_t *v) {
    char *end = NULL;
    errno = 0;
    unsigned long long u = strtoull(s, &end, 10);
    if (end == s || *end != '\0' || errno != 0 || s[0] == '-') {
        return -1;
    }
    *v = (size_t)u;
    return 0;
}

static int parse_options(int argc, char **argv, options *o) {
    memset(o, 0, sizeof *o);
    o->model = CLV_MODEL_BGNBD;
    o->margin = 1.0;
    o->discount = 0.10;
    o->weeks = 52.0;
    o->spend = NAN;
    o->max_bad = 10;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = (i + 1 < argc) ? argv[i + 1] : NULL;
        int ok = 1, takes = 1;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            exit(0);
        } else if (strcmp(a, "--version") == 0) {
            printf("clv-report %s (libclv %s)\n", CLV_REPORT_VERSION, clv_version_string());
            exit(0);
        } else if (strcmp(a, "--csv") == 0) {
            o->csv = 1, takes = 0;
        } else if (strcmp(a, "--header") == 0) {
            o->header = HEADER_YES, takes = 0;
        } else if (strcmp(a, "--timing") == 0) {
            o->timing = 1, takes = 0;
        } else if (strcmp(a, "--no-header") == 0) {
            o->header = HEADER_NO, takes = 0;
        } else if (v == NULL) {
            ok = 0;
        } else if (strcmp(a, "--end") == 0) {
            ok = parse_date(v, &o->end_day) == 0;
            o->end_given = 1;
        } else if (strcmp(a, "--model") == 0) {
            ok = strcmp(v, "bgnbd") == 0 || strcmp(v, "pnbd") == 0 || strcmp(v, "mbgnbd") == 0;
            o->model = strcmp(v, "pnbd") == 0     ? CLV_MODEL_PNBD
                       : strcmp(v, "mbgnbd") == 0 ? CLV_MODEL_MBGNBD
                                                  : CLV_MODEL_BGNBD;
        } else if (strcmp(a, "--plots") == 0) {
            o->plots = v;
        } else if (strcmp(a, "--save-params") == 0) {
            o->save_params = v;
        } else if (strcmp(a, "--margin") == 0) {
            ok = parse_number(v, &o->margin) == 0;
        } else if (strcmp(a, "--discount") == 0) {
            ok = parse_number(v, &o->discount) == 0;
        } else if (strcmp(a, "--weeks") == 0) {
            ok = parse_number(v, &o->weeks) == 0;
        } else if (strcmp(a, "--spend") == 0) {
            ok = parse_number(v, &o->spend) == 0 && o->spend > 0.0;
        } else if (strcmp(a, "--max-bad") == 0) {
            ok = parse_size(v, &o->max_bad) == 0;
        } else if (strcmp(a, "--id") == 0) {
            o->col[0] = v;
        } else if (strcmp(a, "--date") == 0) {
            o->col[1] = v;
        } else if (strcmp(a, "--amount") == 0) {
            o->no_amount = strcmp(v, "none") == 0;
            o->col[2] = o->no_amount ? NULL : v;
        } else if (strcmp(a, "--columns") == 0) {
            o->columns = v;
        } else if (strcmp(a, "--sep") == 0) {
            o->sep = strcmp(v, "comma") == 0 || strcmp(v, ",") == 0       ? ','
                     : strcmp(v, "semicolon") == 0 || strcmp(v, ";") == 0 ? ';'
                     : strcmp(v, "tab") == 0                              ? '\t'
                     : strcmp(v, "space") == 0                            ? TXLOG_SEP_BLANKS
                                                                          : 0;
            ok = o->sep != 0;
        } else if (strcmp(a, "--date-format") == 0) {
            o->date_format = strcmp(v, "iso") == 0     ? TXLOG_DATE_ISO
                             : strcmp(v, "ymd") == 0   ? TXLOG_DATE_YMD
                             : strcmp(v, "epoch") == 0 ? TXLOG_DATE_EPOCH
                                                       : TXLOG_DATE_AUTO;
            ok = o->date_format != TXLOG_DATE_AUTO || strcmp(v, "auto") == 0;
        } else if (strcmp(a, "--refunds") == 0) {
            o->refunds = strcmp(v, "drop") == 0 ? REFUNDS_DROP
                         : strcmp(v, "net") == 0 ? REFUNDS_NET
                                                 : REFUNDS_KEEP;
            ok = o->refunds != REFUNDS_KEEP || strcmp(v, "keep") == 0;
        } else {
            ok = 0;
        }
        if (!ok && a[0] == '-' && a[1] != '\0') {
            fprintf(stderr,
                    "clv-report: unknown option, or a missing or invalid value: '%s'%s%s%s "
                    "(see --help)\n",
                    a, v ? " '" : "", v ? v : "", v ? "'" : "");
            return -1;
        }
        if (!ok) { /* a file name */
            if (o->path != NULL) {
                fprintf(stderr, "clv-report: more than one input file: '%s' and '%s'\n", o->path,
                        a);
                return -1;
            }
            o->path = a;
            takes = 0;
        }
        i += takes;
    }
    if (!(o->margin >= 0.0 && o->margin <= 1.0) || !(o->discount >= 0.0) || !(o->weeks > 0.0)) {
        fprintf(stderr, "clv-report: --margin 0..1, --discount >= 0, --weeks > 0\n");
        return -1;
    }
    return 0;
}

/* ---- reading the log ----------------------------------------------------------------------- */

/* One row as read: 16 bytes, until the rows are collapsed into purchase days. */
typedef struct raw_row {
    uint32_t customer;
    int32_t day;
    double amount;
} raw_row;

typedef struct reader {
    raw_row *rows;
    size_t n, cap;
    size_t lines, records, blank, bad, header_lines;
    size_t non_positive; /* rows with amount <= 0 */
    int has_amount;
    txlog_layout layout;
    id_table ids;
} reader;

enum { SHOW_BAD = 5 };

/* Report a bad row; -1 when the file is refused (more than --max-bad). */
static int bad_row(reader *r, const options *o, size_t line, const char *why) {
    r->bad++;
    if (r->bad > o->max_bad) {
        fprintf(stderr, "clv-report: line %zu: %s; refused (more than %zu bad rows, --max-bad)\n",
                line, why, o->max_bad);
        return -1;
    }
    if (r->bad <= SHOW_BAD) {
        fprintf(stderr, "clv-report: line %zu skipped: %s\n", line, why);
    }
    return 0;
}

/* A column option: a 1-based position, or a name among the header's (or --columns'). */
static int find_column(const char *want, const txlog_field *names, int n, int *col) {
    size_t k;
    if (parse_size(want, &k) == 0) {
        *col = (int)k - 1;
        return (k >= 1 && k <= TXLOG_MAX_FIELDS) ? 0 : -1;
    }
    size_t wl = strlen(want);
    for (int c = 0; c < n; c++) {
        const char *s = names[c].s;
        size_t len = names[c].len;
        while (len > 0 && (*s == ' ' || *s == '\t')) {
            s++, len--;
        }
        while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t')) {
            len--;
        }
        if (len == wl && strncasecmp(s, want, wl) == 0) {
            *col = c;
            return 0;
        }
    }
    return -1;
}

/* The layout from the first record: by names (header or --columns), else by its content. */
static int decide_layout(reader *r, const options *o, const txlog_field *f, int n, int header,
                         size_t line) {
    txlog_field named[TXLOG_MAX_FIELDS];
    char namebuf[1024];
    const txlog_field *names = header ? f : NULL;
    int nn = header ? n : 0;
    static const char *what[3] = {"customer id", "date", "amount"};
    if (o->columns != NULL) {
        size_t len = strlen(o->columns);
        if (len >= sizeof namebuf ||
            (nn = txlog_split(o->columns, len, ',', namebuf, named, TXLOG_MAX_FIELDS)) <= 0) {
            fprintf(stderr, "clv-report: --columns: not a comma-separated list of names\n");
            return -1;
        }
        names = named;
    }
    int col[3] = {-1, -1, -1};
    if (names == NULL) {
        const char *why;
        if (txlog_guess_layout(f, n, &r->layout, &why) != 0 && !(o->col[0] && o->col[1])) {
            fprintf(stderr, "clv-report: line %zu: %s\n", line, why);
            return -1;
        }
        col[0] = r->layout.id, col[1] = r->layout.date, col[2] = r->layout.amount;
    } else {
        for (int c = 0; c < nn; c++) {
            int role = txlog_name_role(names[c].s, names[c].len);
            if (role != TXLOG_ROLE_NONE && col[role - 1] < 0) {
                col[role - 1] = c;
            }
        }
    }
    for (int k = 0; k < 3; k++) {
        if (o->col[k] != NULL && find_column(o->col[k], names, nn, &col[k]) != 0) {
            fprintf(stderr, "clv-report: no column '%s' for the %s%s\n", o->col[k], what[k],
                    names ? " among the column names" : " (no header: give a position)");
            return -1;
        }
    }
    if (o->no_amount) {
        col[2] = -1;
    }
    for (int k = 0; k < 2; k++) {
        if (col[k] < 0) {
            fprintf(stderr,
                    "clv-report: line %zu: no column for the %s among the header's names: "
                    "choose one with --%s NAME or a position\n",
                    line, what[k], k == 0 ? "id" : "date");
            return -1;
        }
    }
    if (col[0] == col[1] || col[0] == col[2] || col[1] == col[2]) {
        fprintf(stderr, "clv-report: the id, date and amount columns must differ\n");
        return -1;
    }
    r->layout.id = col[0];
    r->layout.date = col[1];
    r->layout.amount = col[2];
    r->layout.date_format = o->date_format;
    r->has_amount = col[2] >= 0;
    fprintf(stderr, "clv-report: columns: id %d, date %d, amount ", col[0] + 1, col[1] + 1);
    if (col[2] >= 0) {
        fprintf(stderr, "%d", col[2] + 1);
    } else {
        fprintf(stderr, "none");
    }
    fprintf(stderr, " (1-based; %s, separated by %s)\n", header ? "header line" : "no header",
            r->layout.sep == ',' ? "commas" : r->layout.sep == ';' ? "semicolons"
                                          : r->layout.sep == '\t' ? "tabs" : "blanks");
    return 0;
}

static int add_row(reader *r, const txlog_row *row) {
    if (r->n == r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 65536;
        raw_row *rows = realloc(r->rows, cap * sizeof *rows);
        if (rows == NULL) {
            return -1;
        }
        r->rows = rows;
        r->cap = cap;
    }
    int64_t c = id_lookup(&r->ids, row->id, row->id_len);
    if (c < 0) {
        return -1;
    }
    r->rows[r->n].customer = (uint32_t)c;
    r->rows[r->n].day = (int32_t)row->day; /* years 1-9999 fit */
    r->rows[r->n].amount = row->amount;
    r->non_positive += row->has_amount && row->amount <= 0.0;
    r->n++;
    return 0;
}

/* Read the whole log: 0, or -1 after a message naming the line and the reason. */
static int read_log(FILE *in, const options *o, reader *r) {
    char *line = NULL, *rec = NULL, *buf = NULL;
    size_t line_cap = 0, rec_cap = 0, rec_len = 0, buf_cap = 0, rec_line = 0;
    int have_layout = 0, rc = 0;
    txlog_field f[TXLOG_MAX_FIELDS];
    ssize_t got;
    r->layout.sep = o->sep;
    while ((got = getline(&line, &line_cap, in)) > 0) {
        size_t len = (size_t)got;
        const char *text = line;
        r->lines++;
        if (r->lines == 1) {
            size_t bom = txlog_skip_bom(line, len);
            text += bom, len -= bom;
        }
        if (rec_len == 0) {
            rec_line = r->lines;
        }
        if (rec_len + len + 1 > rec_cap) { /* the record so far plus this line */
            size_t cap = 2 * (rec_len + len + 1);
            char *p = realloc(rec, cap);
            if (p == NULL) {
                rc = -1;
                break;
            }
            rec = p, rec_cap = cap;
        }
        memcpy(rec + rec_len, text, len);
        rec_len += len;
        rec[rec_len] = '\0';
        if (rec_len > buf_cap) {
            char *p = realloc(buf, rec_cap);
            if (p == NULL) {
                rc = -1;
                break;
            }
            buf = p, buf_cap = rec_cap;
        }
        if (r->layout.sep == 0 && rec_len > strspn(rec, " \t\r\n")) {
            r->layout.sep = txlog_guess_sep(rec, rec_len); /* from the first non-blank line */
        }
        int n = txlog_split(rec, rec_len, r->layout.sep ? r->layout.sep : TXLOG_SEP_BLANKS, buf,
                            f, TXLOG_MAX_FIELDS);
        int last = (rec[rec_len - 1] != '\n');
        if (n == TXLOG_OPEN_QUOTE && !last && rec_len < (1u << 20)) {
            continue; /* a quoted line break: the record goes on */
        }
        rec_len = 0;
        const char *why = NULL;
        if (n == TXLOG_OPEN_QUOTE) {
            why = last ? "truncated record: a quote is not closed at the end of the file"
                       : "a quoted field is not closed within 1 MB";
        } else if (n == TXLOG_BAD_QUOTE) {
            why = "a quote inside an unquoted field, or text after a closing quote";
        } else if (n == TXLOG_TOO_MANY) {
            why = "more than 64 fields";
        } else if (n == 0 || (n == 1 && f[0].len == 0)) {
            r->blank++;
            continue;
        }
        if (why == NULL && !have_layout) {
            int header = o->header == HEADER_YES || (o->header == HEADER_AUTO &&
                                                     txlog_is_header(f, n));
            if (decide_layout(r, o, f, n, header, rec_line) != 0) {
                rc = -1;
                break;
            }
            have_layout = 1;
            if (header) {
                r->header_lines++;
                continue;
            }
        }
        r->records++;
        txlog_row row;
        if (why == NULL && txlog_parse_row(&r->layout, f, n, &row, &why) == 0) {
            if (add_row(r, &row) != 0) {
                fprintf(stderr, "clv-report: out of memory at line %zu\n", rec_line);
                rc = -1;
                break;
            }
            continue;
        }
        char msg[160];
        snprintf(msg, sizeof msg, "%s%s", why,
                 last ? " (the last line, without a line end: truncated?)" : "");
        if (bad_row(r, o, rec_line, msg) != 0) {
            rc = -1;
            break;
        }
    }
    if (rc == 0 && rec_len > 0) { /* a quoted field still open at the end of the file */
        r->records++;
        if (bad_row(r, o, rec_line,
                    "truncated record: a quote is not closed at the end of the file") != 0) {
            rc = -1;
        }
    }
    if (rc == 0 && ferror(in)) {
        fprintf(stderr, "clv-report: read error after line %zu\n", r->lines);
        rc = -1;
    }
    free(line);
    free(rec);
    free(buf);
    return rc;
}

/* ---- rows to purchase days ----------------------------------------------------------------- */

static int by_day_then_amount(const void *a, const void *b) {
    const raw_row *x = a, *y = b;
    return (x->day > y->day) - (x->day < y->day);
}

/* Group the rows by customer (counting sort: customers are dense numbers), sort each
 * customer's rows by day, and collapse each customer-day into one purchase under the refunds
 * policy. *netted_days gets the days that were no purchase after netting or dropping. */
static int purchase_days(reader *r, const options *o, log_arrays *log, size_t *lost_days) {
    size_t nc = r->ids.n;
    size_t *start = calloc(nc + 1, sizeof *start);
    raw_row *sorted = malloc((r->n ? r->n : 1) * sizeof *sorted);
    if (start == NULL || sorted == NULL) {
        free(start);
        free(sorted);
        return -1;
    }
    for (size_t i = 0; i < r->n; i++) {
        start[r->rows[i].customer + 1]++;
    }
    for (size_t c = 0; c < nc; c++) {
        start[c + 1] += start[c];
    }
    for (size_t i = 0; i < r->n; i++) { /* stable: rows of a customer keep the file's order */
        sorted[start[r->rows[i].customer]++] = r->rows[i];
    }
    free(r->rows);
    r->rows = NULL;
    free(start);
    log->cap = r->n ? r->n : 1;
    log->customer = malloc(log->cap * sizeof *log->customer);
    log->day = malloc(log->cap * sizeof *log->day);
    log->amount = malloc(log->cap * sizeof *log->amount);
    if (log->customer == NULL || log->day == NULL || log->amount == NULL) {
        free(sorted);
        return -1;
    }
    *lost_days = 0;
    for (size_t i = 0; i < r->n;) {
        size_t j = i;
        while (j < r->n && sorted[j].customer == sorted[i].customer) {
            j++;
        }
        qsort(sorted + i, j - i, sizeof *sorted, by_day_then_amount);
        while (i < j) {
            double pos = 0.0, all = 0.0;
            size_t k = i, n_pos = 0;
            for (; k < j && sorted[k].day == sorted[i].day; k++) {
                all += sorted[k].amount;
                if (sorted[k].amount > 0.0) {
                    pos += sorted[k].amount;
                    n_pos++;
                }
            }
            int purchase = !r->has_amount || o->refunds == REFUNDS_KEEP ||
                           (o->refunds == REFUNDS_DROP ? n_pos > 0 : all > 0.0);
            if (purchase) {
                log->customer[log->n] = sorted[i].customer;
                log->day[log->n] = (double)sorted[i].day;
                /* The day's spend for the spend model: its positive amounts (keep, drop) or the
                 * net (net); 0 leaves the day out of the spend model. */
                log->amount[log->n] = !r->has_amount            ? 0.0
                                      : o->refunds == REFUNDS_NET ? all
                                                                  : pos;
                log->n++;
            } else {
                (*lost_days)++;
            }
            i = k;
        }
    }
    free(sorted);
    return 0;
}

/* Per customer of the calibration table (in log order), the spend model's data: the number
 * k of repeat purchase days in calibration with a positive spend and their mean spend. */
static void spend_data(const log_arrays *log, double end, double *k_out, double *mean_out,
                       size_t customers) {
    size_t c = 0;
    for (size_t i = 0; i < log->n && c < customers;) {
        size_t j = i;
        while (j < log->n && log->customer[j] == log->customer[i]) {
            j++;
        }
        if (log->day[i] <= end) { /* in the calibration table */
            double k = 0.0, sum = 0.0;
            for (size_t q = i + 1; q < j && log->day[q] <= end; q++) {
                if (log->amount[q] > 0.0) {
                    k += 1.0;
                    sum += log->amount[q];
                }
            }
            k_out[c] = k;
            mean_out[c] = k > 0.0 ? sum / k : 0.0;
            c++;
        }
        i = j;
    }
}

static int check(int status, const char *what) {
    if (status != CLV_OK) {
        fprintf(stderr, "clv-report: %s: %s\n", what, clv_strerror(status));
    }
    return status;
}

/* Per customer, the quantities of the report. */
typedef struct scored {
    uint64_t id;
    double x, t_x, T, monetary, p_alive, expected, spend, value;
} scored;

static int by_value(const void *a, const void *b) {
    double va = ((const scored *)a)->value;
    double vb = ((const scored *)b)->value;
    return (va < vb) - (va > vb);
}

/* The fitted model's name and parameter names, for the report. */
static const char *model_name(int model) {
    return model == CLV_MODEL_PNBD     ? "Pareto/NBD"
           : model == CLV_MODEL_MBGNBD ? "MBG/NBD"
                                       : "BG/NBD";
}

/* Fit the chosen purchase model to the customer table; on failure the library's diagnostic
 * record (which row, which rule, or why the data cannot identify the model) fills why. */
static int fit_model(int model, const clv_rfm_view *view, clv_purchase_model *pm,
                     clv_fit_report *report, char *why, size_t why_size) {
    int st;
    clv_diag diag;
    clv_fit_options fo;
    clv_diag_init(&diag);
    clv_fit_options_init(&fo);
    fo.diag = &diag;
    pm->model = model;
    pm->reserved = 0;
    if (model == CLV_MODEL_PNBD) {
        clv_pnbd_params q;
        st = clv_pnbd_fit(view, &fo, &q, report);
        memcpy(pm->params, (double[4]){q.r, q.alpha, q.s, q.beta}, sizeof pm->params);
    } else if (model == CLV_MODEL_MBGNBD) {
        clv_mbgnbd_params q;
        st = clv_mbgnbd_fit(view, &fo, &q, report);
        memcpy(pm->params, (double[4]){q.r, q.alpha, q.a, q.b}, sizeof pm->params);
    } else {
        clv_bgnbd_params q;
        st = clv_bgnbd_fit(view, &fo, &q, report);
        memcpy(pm->params, (double[4]){q.r, q.alpha, q.a, q.b}, sizeof pm->params);
    }
    if (st != CLV_OK) {
        clv_diag_format(&diag, why, why_size, NULL);
    }
    return st;
}

/* P(alive) and E[X(t) | history] of the fitted model. */
static int score(const clv_purchase_model *pm, double x, double t_x, double T, double t,
                 double *p_alive, double *expected) {
    const double *v = pm->params;
    int st;
    if (pm->model == CLV_MODEL_PNBD) {
        const clv_pnbd_params q = {v[0], v[1], v[2], v[3]};
        if ((st = clv_pnbd_p_alive(&q, x, t_x, T, p_alive)) != CLV_OK) {
            return st;
        }
        return clv_pnbd_expected_purchases(&q, x, t_x, T, t, expected);
    }
    if (pm->model == CLV_MODEL_MBGNBD) {
        const clv_mbgnbd_params q = {v[0], v[1], v[2], v[3]};
        if ((st = clv_mbgnbd_p_alive(&q, x, t_x, T, p_alive)) != CLV_OK) {
            return st;
        }
        return clv_mbgnbd_expected_purchases(&q, x, t_x, T, t, expected);
    }
    const clv_bgnbd_params q = {v[0], v[1], v[2], v[3]};
    if ((st = clv_bgnbd_p_alive(&q, x, t_x, T, p_alive)) != CLV_OK) {
        return st;
    }
    return clv_bgnbd_expected_purchases(&q, x, t_x, T, t, expected);
}

/* ---- --plots DIR: the charts of Fader, Hardie & Lee (2005) ------------------------------- */

/* Close a chart: 0, or -1 with a message. */
static int finish_plot(svgplot *p, FILE *f, const char *path) {
    int bad = svgplot_end(p) != 0;
    bad |= fclose(f) != 0;
    if (bad) {
        fprintf(stderr, "clv-report: writing %s failed\n", path);
        return -1;
    }
    return 0;
}

static FILE *open_plot(const char *dir, const char *name, char *path, size_t size) {
    FILE *f = svgplot_open(dir, name, path, size);
    if (f == NULL) {
        fprintf(stderr, "clv-report: cannot write %s/%s\n", dir, name);
    }
    return f;
}

/* The calibration cohort by day: first purchases and repeat purchases (distinct days after the
 * first) on each day since the cohort's first day, the log read through order. */
typedef struct by_day {
    double origin, last; /* first day of the cohort, last day of the log */
    size_t days;
    double *first, *repeat;
} by_day;

static int count_by_day(const log_arrays *log, const size_t *order, double end, by_day *d) {
    d->origin = INFINITY;
    d->last = -INFINITY;
    for (size_t i = 0; i < log->n; i++) {
        d->last = fmax(d->last, log->day[i]);
        int first = (i == 0 || log->customer[order[i]] != log->customer[order[i - 1]]);
        if (first && log->day[order[i]] <= end) {
            d->origin = fmin(d->origin, log->day[order[i]]);
        }
    }
    d->days = (size_t)(d->last - d->origin) + 1;
    d->first = calloc(d->days, sizeof *d->first);
    d->repeat = calloc(d->days, sizeof *d->repeat);
    if (d->first == NULL || d->repeat == NULL) {
        return -1;
    }
    int in_cohort = 0;
    for (size_t i = 0; i < log->n; i++) {
        double day = log->day[order[i]];
        if (i == 0 || log->customer[order[i]] != log->customer[order[i - 1]]) {
            in_cohort = day <= end;
            if (in_cohort) {
                d->first[(size_t)(day - d->origin)] += 1.0;
            }
        } else if (in_cohort && day != log->day[order[i - 1]]) {
            d->repeat[(size_t)(day - d->origin)] += 1.0;
        }
    }
    return 0;
}

/* (a) Cumulative repeat purchases week by week, actual and expected: FHL 2005 Figure 1, from
 * the library (clv_tracking_expected() over the cohort's first purchases by day,
 * clv_tracking_actual() over its purchase days). Week k ends on day origin + 7k - 1, so week 39
 * of CDNOW ends on 1997-09-30, the calibration end. */
static int plot_tracking(const char *dir, const by_day *d, const log_arrays *log,
                         const size_t *order, double end, const clv_purchase_model *pm,
                         FILE *msg) {
    size_t weeks = (d->days + 6) / 7, n = log->n;
    double *cols = malloc((5 * weeks + 2 * d->days + n) * sizeof *cols);
    uint64_t *cust = malloc((n ? n : 1) * sizeof *cust);
    if (cols == NULL || cust == NULL) {
        free(cols);
        free(cust);
        return -1;
    }
    double *week = cols, *actual = cols + weeks, *expected = cols + 2 * weeks;
    double *grid_days = cols + 3 * weeks, *grid_weeks = cols + 4 * weeks;
    double *birth = cols + 5 * weeks, *born = birth + d->days, *t = born + d->days;
    for (size_t k = 0; k < weeks; k++) {
        size_t last = 7 * k + 6 < d->days ? 7 * k + 6 : d->days - 1; /* days since origin */
        week[k] = (double)(last + 1) / 7.0;
        grid_days[k] = (double)last;
        grid_weeks[k] = (double)last / 7.0;
    }
    size_t groups = 0, m = 0;
    for (size_t f = 0; f < d->days; f++) {
        if (d->first[f] > 0.0) {
            birth[groups] = (double)f / 7.0;
            born[groups++] = d->first[f];
        }
    }
    /* The cohort's purchases (customers whose first purchase is by the calibration end), in
     * the log's order: by customer, then day. */
    int in_cohort = 0;
    for (size_t i = 0; i < n; i++) {
        size_t j = order[i];
        if (i == 0 || log->customer[j] != log->customer[order[i - 1]]) {
            in_cohort = log->day[j] <= end;
        }
        if (in_cohort) {
            cust[m] = log->customer[j];
            t[m++] = log->day[j] - d->origin;
        }
    }
    int bad = check(clv_tracking_expected(pm, birth, born, groups, grid_weeks, weeks, NULL,
                                          expected, NULL),
                    "expected repeat purchases") ||
              check(clv_tracking_actual(cust, t, m, grid_days, weeks, NULL, actual, NULL),
                    "actual repeat purchases");
    free(cust);
    if (bad) {
        free(cols);
        return -1;
    }
    double calibration_weeks = (end - d->origin + 1.0) / 7.0;
    char path[4096], subtitle[160];
    FILE *f = open_plot(dir, "tracking.svg", path, sizeof path);
    if (f == NULL) {
        free(cols);
        return -1;
    }
    snprintf(subtitle, sizeof subtitle,
             "the cohort's repeat purchases week by week; %s fitted to weeks 1-%.4g",
             model_name(pm->model), calibration_weeks);
    svgplot p;
    svgplot_begin(&p, f, 860, 520, "Cumulative repeat purchases: actual vs model", subtitle, 0);
    char xlabel[96], origin[11];
    report_date(d->origin, origin); /* the cohort's first day */
    snprintf(xlabel, sizeof xlabel, "weeks since the cohort's first purchase (%s)", origin);
    svgplot_axes(&p, 0.0, week[weeks - 1], 0.0, fmax(actual[weeks - 1], expected[weeks - 1]),
                 xlabel, "cumulative repeat purchases");
    svgplot_vline(&p, calibration_weeks, "end of calibration");
    svgplot_line(&p, week, actual, weeks, "actual", SVGPLOT_BLUE, 0);
    svgplot_line(&p, week, expected, weeks, model_name(pm->model), SVGPLOT_ORANGE, SVGPLOT_DASHED);
    int rc = finish_plot(&p, f, path);
    if (rc == 0) {
        fprintf(msg, "\nCumulative repeat purchases, actual vs %s (%s)\n", model_name(pm->model),
                path);
        fprintf(msg, "%8s %10s %12s\n", "week", "actual", "expected");
        /* The first and last weeks, and the week in which the calibration period ends. */
        size_t k_end = 0;
        while (k_end + 1 < weeks && week[k_end] < calibration_weeks - 1e-9) {
            k_end++;
        }
        for (size_t k = 0; k < weeks; k++) {
            if (k == 0 || k + 1 == weeks || k == k_end) {
                fprintf(msg, "%8.4g %10.0f %12.2f%s\n", week[k], actual[k], expected[k],
                        k != k_end                                 ? ""
                        : fabs(week[k] - calibration_weeks) < 1e-9 ? "  (end of calibration)"
                                                                   : "  (calibration ends)");
            }
        }
    }
    free(cols);
    return rc;
}

/* (b) P(alive) over frequency x and recency t_x for T = the calibration length (the longest T
 * of the cohort): rows x = 0..max x, columns cell centres of t_x in [0, T]. x = 0 has no
 * recency (t_x = 0): its first cell, which holds t_x = 0, is P(alive | 0, 0, T), and its other
 * cells (x = 0 with t_x > 0, impossible) are hatched. */
static int plot_p_alive(const char *dir, const clv_purchase_model *pm, double T, double max_x,
                        FILE *msg) {
    enum { COLUMNS = 40, MAX_ROWS = 61 };
    size_t rows = max_x + 1.0 < MAX_ROWS ? (size_t)max_x + 1 : MAX_ROWS;
    max_x = (double)(rows - 1);
    double *z = malloc(rows * COLUMNS * sizeof *z);
    unsigned char impossible[COLUMNS] = {0}; /* the mask of row x = 0; rows above are 0 */
    unsigned char *mask = calloc(rows * COLUMNS, 1);
    if (z == NULL || mask == NULL) {
        free(z);
        free(mask);
        return -1;
    }
    double lo = 1.0, hi = 0.0;
    for (size_t x = 0; x < rows; x++) {
        for (size_t c = 0; c < COLUMNS; c++) {
            if (x == 0 && c > 0) {
                z[c] = NAN; /* left blank by the heat map, hatched */
                mask[c] = impossible[c] = 1;
                continue;
            }
            double t_x = x == 0 ? 0.0 : (c + 0.5) * T / COLUMNS, e;
            if (check(score(pm, (double)x, t_x, T, 0.0, &z[x * COLUMNS + c], &e), "P(alive)")) {
                free(z);
                free(mask);
                return -1;
            }
            lo = fmin(lo, z[x * COLUMNS + c]);
            hi = fmax(hi, z[x * COLUMNS + c]);
        }
    }
    char path[4096], subtitle[160];
    FILE *f = open_plot(dir, "p-alive.svg", path, sizeof path);
    if (f == NULL) {
        free(z);
        free(mask);
        return -1;
    }
    snprintf(subtitle, sizeof subtitle,
             "%s, a customer first seen %.2f weeks before the end of calibration (T)",
             model_name(pm->model), T);
    svgplot p;
    svgplot_begin(&p, f, 860, 560, "P(alive) by frequency and recency", subtitle,
                  SVGPLOT_WIDE_RIGHT | SVGPLOT_EXACT_Y);
    svgplot_axes(&p, 0.0, T, -0.5, max_x + 0.5,
                 "recency t_x: weeks from the first to the last purchase",
                 "frequency x: repeat purchases (count)");
    svgplot_heatmap(&p, z, COLUMNS, rows, 0.0, 1.0, "P(alive)");
    svgplot_hatch(&p, mask, COLUMNS, rows, "impossible: x = 0 with t_x > 0");
    int rc = finish_plot(&p, f, path);
    if (rc == 0) {
        fprintf(msg,
                "\nP(alive) for T = %.4f weeks, x = 0..%zu, t_x in %d columns of %.4f weeks "
                "(%s): from %.4f to %.4f\n",
                T, rows - 1, COLUMNS, T / COLUMNS, path, lo, hi);
        size_t hatched = 0;
        for (size_t c = 0; c < COLUMNS; c++) {
            hatched += impossible[c];
        }
        fprintf(msg, "x = 0 only at t_x = 0 (the first column); %zu impossible cells hatched\n",
                hatched);
    }
    free(z);
    free(mask);
    return rc;
}

/* (c) Holdout purchases by calibration frequency, actual and the model's conditional
 * expectation, averaged over the customers of each x = 0..6, 7+: FHL 2005 Figure 3. */
static int plot_conditional(const char *dir, const log_arrays *log, const size_t *order, double end,
                            double holdout_weeks, const clv_purchase_model *pm, FILE *msg) {
    enum { GROUPS = 8 };
    size_t n = log->n, customers = 0;
    double *cols = malloc(4 * n * sizeof *cols);
    if (cols == NULL) {
        return -1;
    }
    double *x = cols, *t_x = cols + n, *T = cols + 2 * n, *x_holdout = cols + 3 * n;
    clv_rfm_options ro;
    clv_rfm_options_init(&ro);
    ro.period = 1.0;
    ro.calibration_end = end; /* and holdout_end +inf: everything after is holdout */
    clv_rfm_table table = {n, NULL, x, t_x, T, NULL, x_holdout, NULL};
    if (check(
            clv_rfm_summary(log->customer, log->day, NULL, n, order, &ro, &table, &customers, NULL),
            "summarising the holdout")) {
        free(cols);
        return -1;
    }
    /* Customers, mean holdout purchases and mean conditional expectation by x = 0..6, 7+
     * (clv_conditional_by_frequency(), in weeks). */
    double count[GROUPS], actual[GROUPS], expected[GROUPS];
    for (size_t i = 0; i < customers; i++) {
        t_x[i] /= 7.0;
        T[i] /= 7.0;
    }
    clv_rfm_view view = {customers, x, t_x, T, NULL, NULL};
    if (check(clv_conditional_by_frequency(pm, &view, x_holdout, holdout_weeks, GROUPS - 1, NULL,
                                           count, actual, expected),
              "conditional expectations")) {
        free(cols);
        return -1;
    }
    free(cols);
    double at[GROUPS], mean_actual[GROUPS], mean_expected[GROUPS], top = 0.0;
    const char *labels[GROUPS] = {"0", "1", "2", "3", "4", "5", "6", "7+"};
    for (size_t g = 0; g < GROUPS; g++) {
        at[g] = (double)g;
        mean_actual[g] = count[g] > 0.0 ? actual[g] : NAN; /* means already */
        mean_expected[g] = count[g] > 0.0 ? expected[g] : NAN;
        top = fmax(top, fmax(count[g] > 0.0 ? mean_actual[g] : 0.0,
                             count[g] > 0.0 ? mean_expected[g] : 0.0));
    }
    char path[4096], subtitle[160];
    FILE *f = open_plot(dir, "conditional.svg", path, sizeof path);
    if (f == NULL) {
        return -1;
    }
    snprintf(
        subtitle, sizeof subtitle,
        "mean purchases in the %.4g holdout weeks of the customers with x calibration purchases",
        holdout_weeks);
    svgplot p;
    svgplot_begin(&p, f, 860, 520, "Holdout purchases by calibration purchases", subtitle, 0);
    svgplot_x_ticks(&p, at, labels, GROUPS);
    svgplot_axes(&p, -0.6, GROUPS - 0.4, 0.0, top,
                 "repeat purchases in the calibration period, x (count)",
                 "mean purchases per customer in the holdout weeks");
    svgplot_bars(&p, at, mean_actual, GROUPS, 0.38, -0.2, "actual", SVGPLOT_BLUE, 0);
    svgplot_bars(&p, at, mean_expected, GROUPS, 0.38, 0.2, model_name(pm->model), SVGPLOT_ORANGE,
                 0);
    if (finish_plot(&p, f, path) != 0) {
        return -1;
    }
    fprintf(msg, "\nHoldout purchases in %.4g weeks by calibration purchases x (%s)\n",
            holdout_weeks, path);
    fprintf(msg, "%4s %10s %10s %10s\n", "x", "customers", "actual", "expected");
    for (size_t g = 0; g < GROUPS; g++) {
        fprintf(msg, "%4s %10.0f %10.4f %10.4f\n", labels[g], count[g], mean_actual[g],
                mean_expected[g]);
    }
    return 0;
}

/* How well the purchase model fits, printed under it (issue 14, the library's model checking):
 * the calibration histogram x = 0..6, 7+ against the model with Pearson's chi-square (bins
 * merged to expected counts >= 5), AIC and BIC, and, when the log goes on past the calibration
 * end, the accuracy of each customer's expected holdout purchases. 0, or -1 with a message. */
static int print_fit_checks(const clv_purchase_model *pm, const clv_fit_report *br,
                            const clv_rfm_view *view, const log_arrays *log, double end) {
    double expected[8], actual[8], aic, bic;
    clv_chi_square_result chi;
    if (check(clv_frequency_histogram(pm, view, 7, NULL, expected, actual), "histogram") ||
        check(clv_chi_square_test(expected, actual, 8, 4, NULL, &chi, NULL), "chi-square") ||
        check(clv_information_criteria(br, (double)view->count, &aic, &bic), "AIC")) {
        return -1;
    }
    printf("  fit check: calibration purchases 0..6, 7+ against the model: chi-square %.2f on "
           "%.0f df, p = %.3f; AIC %.1f, BIC %.1f\n",
           chi.statistic, chi.df, chi.p_value, aic, bic);
    double last = end;
    for (size_t i = 0; i < log->n; i++) {
        last = fmax(last, log->day[i]);
    }
    if (!(last > end)) {
        printf("  holdout: none (no purchase after the calibration end)\n");
        return 0;
    }
    size_t n = view->count, rows = 0;
    double *cols = malloc(6 * n * sizeof *cols);
    if (cols == NULL) {
        fprintf(stderr, "clv-report: out of memory\n");
        return -1;
    }
    double *hx = cols, *ht = cols + n, *hT = cols + 2 * n, *holdout = cols + 3 * n;
    double *predicted = cols + 4 * n;
    clv_rfm_options ro;
    clv_rfm_options_init(&ro);
    ro.period = 1.0;
    ro.calibration_end = end;
    clv_rfm_table table = {n, NULL, hx, ht, hT, NULL, holdout, NULL};
    double weeks = (last - end) / 7.0;
    clv_accuracy acc;
    int rc = -1;
    if (!check(clv_rfm_summary(log->customer, log->day, NULL, log->n, NULL, &ro, &table, &rows,
                               NULL),
               "summarising the holdout") &&
        rows == n &&
        !check(clv_expected_purchases_rows(pm, view, weeks, predicted, NULL),
               "holdout predictions") &&
        !check(clv_holdout_accuracy(predicted, holdout, NULL, n, NULL, &acc), "accuracy")) {
        printf("  holdout (%.4g weeks after the calibration end): %.0f purchases, %.1f "
               "predicted; per customer MAE %.3f, RMSE %.3f, correlation %.3f\n",
               weeks, acc.mean_actual * acc.count, acc.mean_predicted * acc.count, acc.mae,
               acc.rmse, acc.correlation);
        rc = 0;
    }
    free(cols);
    return rc;
}

/* The purchase charts and, given the scored customers (s), the value charts; messages (what was written, and the numbers plotted) go to msg. */
static int write_plots(const char *dir, const log_arrays *log, const size_t *order, double end,
                       const clv_purchase_model *pm, const double *x, size_t customers,
                       const scored *s, const char *currency, FILE *msg) {
    by_day d = {0, 0, 0, NULL, NULL};
    double max_x = 0.0;
    for (size_t i = 0; i < customers; i++) {
        max_x = fmax(max_x, x[i]);
    }
    int rc = count_by_day(log, order, end, &d);
    if (rc != 0) {
        fprintf(stderr, "clv-report: out of memory\n");
    }
    if (rc == 0) {
        rc = plot_tracking(dir, &d, log, order, end, pm, msg);
    }
    if (rc == 0) {
        rc = plot_p_alive(dir, pm, (end - d.origin) / 7.0, max_x, msg);
    }
    if (rc == 0 && d.last > end) {
        rc = plot_conditional(dir, log, order, end, (d.last - end) / 7.0, pm, msg);
    } else if (rc == 0) {
        fprintf(msg, "\nNo transactions after the calibration end: no holdout chart\n");
    }
    /* The value charts: over the customers with a value; none without a spend model (s null). */
    if (rc == 0 && s == NULL) {
        fprintf(msg, "\nNo values (no spend model): no value charts\n");
    }
    double *value = (rc == 0 && s != NULL) ? malloc((customers ? customers : 1) * sizeof *value)
                                           : NULL;
    size_t valued = 0;
    for (size_t i = 0; value != NULL && i < customers; i++) {
        if (!isnan(s[i].value)) {
            value[valued++] = s[i].value;
        }
    }
    if (rc == 0 && s != NULL) {
        rc = value != NULL ? report_value_charts(dir, value, valued, currency, msg) : -1;
    }
    free(value);
    free(d.first);
    free(d.repeat);
    return rc;
}

/* --save-params: the fitted models and the value settings as a small versioned text file,
 * read by examples/pos (the till). Format version 1: the first line is "libclv-params 1";
 * then one "key value" per line, "#" lines are comments:
 *   model            bgnbd, pnbd or mbgnbd
 *   r alpha a b      the BG/NBD or MBG/NBD parameters (pnbd: r alpha s beta)
 *   gg_p gg_q gg_gamma   the Gamma-Gamma parameters (gamma in the log's currency)
 *   time_unit        weeks (t_x, T and the rates above are in weeks)
 *   margin           share of spend that is profit, 0..1
 *   discount_annual  annual discount rate
 *   horizon_weeks    the value's horizon, in weeks (whole months of 52/12 weeks, rounded up)
 *   calibration_end  YYYY-MM-DD, the end of the calibration period
 * Doubles are printed with %.17g so that they read back to the same bits. Returns 0, or -1
 * with a message. */
static int save_params(const char *path, const options *o, const clv_purchase_model *pm,
                       const clv_gg_params *gp, double end_day) {
    static const char *bg_keys[4] = {"r", "alpha", "a", "b"};
    static const char *pnbd_keys[4] = {"r", "alpha", "s", "beta"};
    const char **keys = (pm->model == CLV_MODEL_PNBD) ? pnbd_keys : bg_keys;
    /* Day number -> civil date, the inverse of days_from_civil(). */
    long z = (long)end_day + 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long day = doy - (153 * mp + 2) / 5 + 1;
    long month = mp < 10 ? mp + 3 : mp - 9;
    long year = yoe + era * 400 + (month <= 2);
    FILE *f = fopen(path, "w");
    if (f == NULL) {
        fprintf(stderr, "clv-report: cannot write %s\n", path);
        return -1;
    }
    fprintf(f, "libclv-params 1\n# %s fit by clv-report, libclv %s\n", model_name(pm->model),
            clv_version_string());
    fprintf(f, "model %s\n",
            pm->model == CLV_MODEL_PNBD     ? "pnbd"
            : pm->model == CLV_MODEL_MBGNBD ? "mbgnbd"
                                            : "bgnbd");
    for (int k = 0; k < 4; k++) {
        fprintf(f, "%s %.17g\n", keys[k], pm->params[k]);
    }
    fprintf(f, "gg_p %.17g\ngg_q %.17g\ngg_gamma %.17g\n", gp->p, gp->q, gp->gamma);
    fprintf(f, "time_unit weeks\nmargin %.17g\ndiscount_annual %.17g\nhorizon_weeks %.17g\n",
            o->margin, o->discount, o->weeks);
    fprintf(f, "calibration_end %04ld-%02ld-%02ld\n", year, month, day);
    if (fclose(f) != 0) {
        fprintf(stderr, "clv-report: cannot write %s\n", path);
        return -1;
    }
    return 0;
}

/* The counts of the input, always printed (to stderr). */
static void print_counts(const reader *r, const options *o, size_t purchases, size_t lost_days,
                         size_t customers, size_t calibration_days) {
    fprintf(stderr,
            "clv-report: read %zu lines: %zu rows, %zu header, %zu blank; %zu rows skipped; "
            "%zu rows used, %zu customers\n",
            r->lines, r->records, r->header_lines, r->blank, r->bad, r->n, r->ids.n);
    if (r->bad > SHOW_BAD) {
        fprintf(stderr, "clv-report: (%zu more skipped rows not shown)\n", r->bad - SHOW_BAD);
    }
    if (r->has_amount) {
        static const char *policy[3] = {
            "kept as purchases, left out of the spend model (--refunds keep)",
            "dropped (--refunds drop)", "netted against the same day's purchases (--refunds net)"};
        fprintf(stderr, "clv-report: %zu rows with amount <= 0: %s", r->non_positive,
                policy[o->refunds]);
        if (o->refunds != REFUNDS_KEEP) {
            fprintf(stderr, "; %zu customer-days left without a purchase", lost_days);
        }
        fputc('\n', stderr);
    }
    fprintf(stderr,
            "clv-report: %zu purchase days (same-day rows are one purchase); %zu customers "
            "with a first purchase by the calibration end, %zu purchase days in calibration\n",
            purchases, customers, calibration_days);
}

int main(int argc, char **argv) {
    options o;
    reader r;
    log_arrays log = {NULL, NULL, NULL, 0, 0};
    size_t *order = NULL;
    uint64_t *ids = NULL;
    double *cols = NULL;
    scored *s = NULL;
    double *score_cols = NULL;
    int32_t *row_status = NULL;
    unsigned char *first_error = NULL;
    int status = 1;
    memset(&r, 0, sizeof r);
    if (parse_options(argc, argv, &o) != 0) {
        return 2;
    }
    int bundled = (o.path == NULL);
    /* The unit of the values: CDNOW's amounts are US dollars. */
    const char *currency = bundled ? "US$" : "currency units";
    const char *path = bundled ? "tests/data/CDNOW_sample.txt" : o.path;
    FILE *in = (strcmp(path, "-") == 0) ? stdin : fopen(path, "r");
    if (in == NULL) {
        fprintf(stderr, "clv-report: cannot open %s (run from the source tree, or give a file)\n",
                path);
        return 1;
    }
    double t0 = now_seconds(), t_read = 0, t_summary = 0, t_fit = 0;
    int rc = read_log(in, &o, &r);
    t_read = now_seconds();
    if (in != stdin) {
        fclose(in);
    }
    if (rc != 0) {
        goto done;
    }
    if (r.n == 0) {
        fprintf(stderr, "clv-report: no transactions in %s (%zu lines, %zu rows skipped)\n",
                path, r.lines, r.bad);
        goto done;
    }
    size_t lost_days = 0;
    if (purchase_days(&r, &o, &log, &lost_days) != 0) {
        fprintf(stderr, "clv-report: out of memory\n");
        goto done;
    }
    if (log.n == 0) {
        fprintf(stderr, "clv-report: no purchases left after --refunds\n");
        goto done;
    }
    double end = o.end_day;
    if (!o.end_given) {
        end = bundled ? days_from_civil(1997, 9, 30) : log.day[0];
        for (size_t i = 0; !bundled && i < log.n; i++) {
            end = fmax(end, log.day[i]);
        }
    }

    /* Purchase days -> one (x, t_x, T) row per customer, in days, then weeks; the log is
     * sorted by customer and day, so it is read as it is. */
    size_t n = log.n, nc = r.ids.n; /* at most nc customers: the columns are O(customers) */
    ids = malloc(nc * sizeof *ids);
    cols = malloc(6 * nc * sizeof *cols);
    order = o.plots != NULL ? malloc(n * sizeof *order) : NULL; /* the charts read through it */
    if (ids == NULL || cols == NULL || (o.plots != NULL && order == NULL)) {
        fprintf(stderr, "clv-report: out of memory\n");
        goto done;
    }
    for (size_t i = 0; order != NULL && i < n; i++) {
        order[i] = i;
    }
    double *x = cols, *t_x = cols + nc, *T = cols + 2 * nc, *k = cols + 3 * nc;
    double *m = cols + 4 * nc;
    double *t_k = cols + 5 * nc; /* t_x, or 0 where k = 0: the spend model's rows */
    clv_rfm_options ro;
    clv_rfm_options_init(&ro);
    ro.period = 1.0;
    ro.calibration_end = end;
    clv_rfm_table table = {nc, ids, x, t_x, T, NULL, NULL, NULL};
    size_t customers = 0, bad = 0;
    clv_diag rdiag;
    clv_diag_init(&rdiag);
    ro.diag = &rdiag;
    if (clv_rfm_summary(log.customer, log.day, NULL, n, NULL, &ro, &table, &customers, &bad) !=
        CLV_OK) {
        char why[320];
        clv_diag_format(&rdiag, why, sizeof why, NULL);
        fprintf(stderr, "clv-report: summarising the log: %s\n", why);
        goto done;
    }
    size_t calibration_days = 0;
    for (size_t i = 0; i < customers; i++) {
        calibration_days += (size_t)x[i] + 1;
        t_x[i] /= 7.0;
        T[i] /= 7.0;
    }
    t_summary = now_seconds();
    print_counts(&r, &o, n, lost_days, customers, calibration_days);
    if (customers == 0) {
        fprintf(stderr, "clv-report: no customer has a purchase by the calibration end\n");
        goto done;
    }
    spend_data(&log, end, k, m, customers);

    /* Fits: the purchase model on everyone; nothing useful without it. */
    clv_rfm_view view = {customers, x, t_x, T, NULL, NULL};
    clv_purchase_model pm;
    clv_fit_report br;
    char why[512];
    if (fit_model(o.model, &view, &pm, &br, why, sizeof why) != CLV_OK) {
        fprintf(stderr, "clv-report: fitting the purchase model: %s\n", why);
        goto done;
    }
    /* Gamma-Gamma on the repeat purchase days with a positive spend (Fader & Hardie 2013), or a
     * flat --spend, or no spend model: then the report has no value, and says why. */
    clv_gg_params gp = {0, 0, 0};
    clv_fit_report gr;
    const char *no_spend = NULL;
    char reason[512];
    size_t spenders = 0;
    for (size_t i = 0; i < customers; i++) {
        spenders += k[i] > 0.0;
        t_k[i] = k[i] > 0.0 ? t_x[i] : 0.0;
    }
    if (!r.has_amount) {
        no_spend = isnan(o.spend) ? "the log has no amount column: give --spend X, a flat spend "
                                    "per purchase, for values"
                                  : NULL;
    } else if (!isnan(o.spend)) {
        no_spend = NULL; /* --spend overrides the amounts */
    } else {
        clv_rfm_view sv = {customers, k, t_k, T, m, NULL};
        clv_diag diag;
        clv_fit_options fo;
        clv_diag_init(&diag);
        clv_fit_options_init(&fo);
        fo.diag = &diag;
        int st = clv_gg_fit(&sv, &fo, &gp, &gr);
        if (st != CLV_OK) {
            char why[320];
            clv_diag_format(&diag, why, sizeof why, NULL);
            snprintf(reason, sizeof reason,
                     "the Gamma-Gamma fit failed on the %zu customers with a positive repeat "
                     "spend: %s",
                     spenders, why);
            no_spend = reason;
        }
    }
    int has_gg = r.has_amount && isnan(o.spend) && no_spend == NULL;
    if (o.save_params != NULL) {
        if (!has_gg) {
            fprintf(stderr, "clv-report: --save-params needs the Gamma-Gamma spend model: not "
                            "written\n");
        } else if (save_params(o.save_params, &o, &pm, &gp, end) != 0) {
            goto done;
        }
    }

    /* Score every customer: the value over whole months of the horizon. */
    s = malloc(customers * sizeof *s);
    clv_value_options vo;
    clv_value_options_init(&vo);
    vo.margin = o.margin;
    vo.period = 52.0 / 12.0;
    vo.horizon = ceil(o.weeks / vo.period);
    if (s == NULL || check(clv_discount_rate_convert(o.discount, 12.0, 1.0, &vo.discount_rate),
                           "converting the discount rate")) {
        goto done;
    }
    t_fit = now_seconds();
    /* The rows forms score the whole table (vectorised where the model allows) and give
     * every row its own status: a customer refused names itself below, the rest are scored. */
    size_t value_errors = 0;
    score_cols = malloc(4 * customers * sizeof *score_cols);
    row_status = malloc(customers * sizeof *row_status);
    first_error = calloc(customers, sizeof *first_error);
    if (score_cols == NULL || row_status == NULL || first_error == NULL) {
        fprintf(stderr, "clv-report: out of memory\n");
        goto done;
    }
    double *pa = score_cols, *ex = score_cols + customers, *sp = score_cols + 2 * customers;
    double *val = score_cols + 3 * customers;
    static const char *steps[5] = {"", "P(alive)", "expected purchases", "expected spend",
                                   "value"};
    clv_rfm_view cv = {customers, x, t_x, T, NULL, NULL};
    for (size_t i = 0; i < customers; i++) {
        pa[i] = ex[i] = val[i] = NAN;
        sp[i] = no_spend == NULL && !has_gg ? o.spend : NAN;
    }
    for (int step = 1; step <= 4; step++) {
        int st = CLV_OK;
        if (step == 1) {
            st = clv_p_alive_rows(&pm, &cv, pa, row_status);
        } else if (step == 2) {
            st = clv_expected_purchases_rows(&pm, &cv, o.weeks, ex, row_status);
        } else if (no_spend != NULL) {
            break;
        } else if (step == 3 && has_gg) {
            clv_rfm_view gv = {customers, k, NULL, NULL, m, NULL};
            st = clv_gg_expected_spend_rows(&gp, &gv, sp, row_status);
        } else if (step == 3) {
            continue; /* the flat --spend */
        } else {
            /* Value = margin x spend x discounted expected purchases, the spend given as the
             * monetary column (clv_customer_value() without a spend model). */
            for (size_t i = 0; i < customers; i++) {
                sp[i] = first_error[i] ? 1.0 : sp[i];
            }
            clv_rfm_view vv = {customers, x, t_x, T, sp, NULL};
            st = clv_customer_value_rows(&pm, NULL, &vo, &vv, val, row_status);
        }
        if (check(st, steps[step])) {
            goto done;
        }
        for (size_t i = 0; i < customers; i++) {
            if (row_status[i] != CLV_OK && first_error[i] == 0) {
                first_error[i] = step;
                val[i] = NAN;
                if (++value_errors <= SHOW_BAD) {
                    fputs("clv-report: customer '", stderr);
                    put_id(stderr, &r.ids, ids[i], 0);
                    fprintf(stderr,
                            "' (x %.0f, t_x %.4f, T %.4f weeks, mean spend %.2f): %s: %s\n",
                            x[i], t_x[i], T[i], m[i], steps[step], clv_strerror(row_status[i]));
                }
            }
        }
    }
    for (size_t i = 0; i < customers; i++) {
        s[i] = (scored){ids[i], x[i], t_x[i], T[i], m[i], pa[i], ex[i],
                        first_error[i] ? NAN : sp[i], first_error[i] ? NAN : val[i]};
    }
    if (value_errors > 0) {
        fprintf(stderr, "clv-report: %zu customers without a value (first %d named above)\n",
                value_errors, SHOW_BAD);
    }

    if (o.timing) {
        fprintf(stderr,
                "clv-report: timing: read %.3f s, rows to customers %.3f s, fits %.3f s, "
                "scoring %.3f s\n",
                t_read - t0, t_summary - t_read, t_fit - t_summary, now_seconds() - t_fit);
    }
    if (o.csv && o.plots != NULL &&
        write_plots(o.plots, &log, order, end, &pm, x, customers, no_spend == NULL ? s : NULL,
                    currency, stderr) != 0) {
        goto done;
    }
    if (no_spend != NULL) {
        fprintf(stderr, "clv-report: no values: %s\n", no_spend);
    }
    if (o.csv) {
        printf("customer,x,t_x,T,monetary,p_alive,expected_purchases,expected_spend,clv\n");
        for (size_t i = 0; i < customers; i++) {
            put_id_csv(stdout, &r.ids, s[i].id);
            printf(",%.0f,%.4f,%.4f,%.2f,%.6f,%.6f,%.4f,%.4f\n", s[i].x, s[i].t_x, s[i].T,
                   s[i].monetary, s[i].p_alive, s[i].expected, s[i].spend, s[i].value);
        }
        status = 0;
        goto done;
    }
    printf("libclv %s -- customer lifetime value report\n", clv_version_string());
    printf("%zu transactions, %zu customers in the calibration period (weeks)\n\n", r.n,
           customers);
    printf("%s fit (log-likelihood %.4f, %u iterations%s)\n", model_name(pm.model), br.loglik,
           br.iterations, br.converged ? "" : ", NOT converged");
    static const char *bg_names[4] = {"r", "alpha", "a", "b"};
    static const char *pnbd_names[4] = {"r", "alpha", "s", "beta"};
    const char **names = (pm.model == CLV_MODEL_PNBD) ? pnbd_names : bg_names;
    for (int q = 0; q < 4; q++) {
        printf("  %-6s %10.4f  (SE %.4f)\n", names[q], pm.params[q], br.std_error[q]);
    }
    if (print_fit_checks(&pm, &br, &view, &log, end) != 0) {
        goto done;
    }
    if (has_gg) {
        printf("Gamma-Gamma fit (log-likelihood %.4f)\n", gr.loglik);
        fprintf(stderr, "clv-report: Gamma-Gamma fitted on the %zu customers with a positive "
                        "repeat spend\n",
                spenders);
        printf("  %-6s %10.4f  (SE %.4f)\n  %-6s %10.4f  (SE %.4f)\n  %-6s %10.4f  (SE %.4f)\n",
               "p", gp.p, gr.std_error[0], "q", gp.q, gr.std_error[1], "gamma", gp.gamma,
               gr.std_error[2]);
    } else if (no_spend == NULL) {
        printf("Spend: a flat %.2f per purchase (--spend)\n", o.spend);
    } else {
        printf("Spend model: none -- %s\n", no_spend);
    }
    double total = 0.0;
    size_t valued = 0;
    for (size_t i = 0; i < customers; i++) {
        if (!isnan(s[i].value)) {
            total += s[i].value;
            valued++;
        } else if (no_spend != NULL) {
            s[i].value = s[i].expected; /* rank by expected purchases */
        }
    }
    qsort(s, customers, sizeof *s, by_value);
    if (no_spend == NULL) {
        printf("\nValue over %.0f weeks at %.0f%% a year, margin %.2f: total %.2f, mean %.2f\n",
               o.weeks, 100.0 * o.discount, o.margin, total,
               valued ? total / (double)valued : 0.0);
        /* Concentration over the customers with a value (s is sorted by value, NaN last). */
        double *sorted = malloc((valued ? valued : 1) * sizeof *sorted);
        report_concentration conc;
        size_t k = 0;
        for (size_t i = 0; sorted != NULL && i < customers; i++) {
            if (!isnan(s[i].value)) {
                sorted[k++] = s[i].value;
            }
        }
        if (sorted != NULL && k > 0 && report_concentration_of(sorted, k, sorted, &conc) == 0) {
            report_print_concentration(stdout, &conc, currency);
        } else {
            printf("\nValue concentration: not defined (values must be >= 0, their total > 0)\n");
        }
        free(sorted);
        printf("\nTop 10 customers by value\n");
    } else {
        printf("\nTop 10 customers by expected purchases in %.0f weeks (no values)\n", o.weeks);
    }
    printf("%10s %4s %8s %8s %8s %8s %10s %10s\n", "customer", "x", "t_x", "T", "P(alive)", "E[X]",
           "E[spend]", "value");
    for (size_t i = 0; i < customers && i < 10; i++) {
        put_id(stdout, &r.ids, s[i].id, 10);
        printf(" %4.0f %8.2f %8.2f %8.4f %8.3f", s[i].x, s[i].t_x, s[i].T, s[i].p_alive,
               s[i].expected);
        if (no_spend != NULL) {
            printf(" %10s %10s\n", "-", "-");
        } else {
            printf(" %10.2f %10.2f\n", s[i].spend, s[i].value);
        }
    }
    if (o.plots != NULL &&
        write_plots(o.plots, &log, order, end, &pm, x, customers, no_spend == NULL ? s : NULL,
                    currency, stdout) != 0) {
        goto done;
    }
    status = 0;
done:
    free(s);
    free(score_cols);
    free(row_status);
    free(first_error);
    free(order);
    free(ids);
    free(cols);
    free(log.customer);
    free(log.day);
    free(log.amount);
    free(r.rows);
    id_free(&r.ids);
    return status;
}
