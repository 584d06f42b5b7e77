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
 * the number of customers) and written back as given. The log is summarised as it is read,
 * in O(customers) memory when each customer's rows come in date order (any export sorted by
 * date, or by customer then date); a file that is not is read a second time keeping its rows
 * (16 bytes each; 8 without amounts), and so is standard input from the start, since a pipe
 * cannot be read again (see "reading the log" below).
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

#include "fixfmt.h"
#include "report-charts.h"
#include "svgplot.h"
#include "txlog.h"

#define CLV_REPORT_VERSION "2.0"

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
 * text is kept once, in one growing buffer. Memory O(customers + their ids' length). A slot
 * holds where its id's text is and how long it is, so that a lookup reads two places (the
 * slot and the text), not three: on a million customers each is a cache miss, and they are
 * most of the time spent reading a log. */
#define ID_MAX_LEN ((1u << 24) - 1)

typedef struct id_slot {
    uint32_t index;    /* customer number + 1, or 0 for empty */
    uint32_t hash;     /* its hash, compared before the text */
    uint64_t text;     /* offset of the text << 24 | its length (< 2^24) */
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

/* Fetch an id's first slot, then (id_prefetch_text) the text it points to, into the cache
 * ahead of id_lookup(): the reader looks ids up in batches, each step for the whole batch, so
 * that the cache misses of a batch overlap instead of following one another. */
static void id_prefetch(const id_table *t, uint32_t h) {
#if defined(__GNUC__)
    if (t->slots > 0) {
        __builtin_prefetch(&t->slot[h & (t->slots - 1)]);
    }
#else
    (void)t, (void)h;
#endif
}

/* Returns the customer number the first slot holds when its hash is h (most likely the
 * customer's: its record can be fetched too), else -1. */
static int64_t id_prefetch_text(const id_table *t, uint32_t h) {
    if (t->slots > 0) {
        const id_slot *slot = &t->slot[h & (t->slots - 1)];
        if (slot->index != 0 && slot->hash == h) {
#if defined(__GNUC__)
            __builtin_prefetch(t->text + (slot->text >> 24));
#endif
            return (int64_t)slot->index - 1;
        }
    }
    return -1;
}

/* The customer number of an id of hash h (hash_id()), added if new; -1 when out of memory or
 * of numbers, or for an id of ID_MAX_LEN bytes or more. */
static int64_t id_lookup(id_table *t, const char *s, size_t len, uint32_t h) {
    if (len > ID_MAX_LEN || (2 * (t->n + 1) > t->slots && grow_slots(t) != 0)) {
        return -1;
    }
    size_t k = h & (t->slots - 1);
    uint64_t want = (uint64_t)len;
    while (t->slot[k].index != 0) {
        if (t->slot[k].hash == h && (t->slot[k].text & ID_MAX_LEN) == want &&
            memcmp(t->text + (t->slot[k].text >> 24), s, len) == 0) {
            return (int64_t)t->slot[k].index - 1;
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
    t->slot[k].text = (uint64_t)t->text_len << 24 | want;
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
    int local_time;          /* --timezone local: a date-time's day as written */
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
        "  --date-format auto|iso|ymd|epoch  YYYY-MM-DD[THH:MM[:SS][Z|+HH:MM]] (the day: see\n"
        "                     --timezone), YYYYMMDD, or epoch seconds (UTC days) (default auto,\n"
        "                     fixed by the first row)\n"
        "  --timezone utc|local  the day of a date-time with a zone offset: utc (default) takes\n"
        "                     it to UTC first (2024-03-01T23:30-05:00 is March 2nd); local takes\n"
        "                     the day as written, ignoring the offset (March 1st)\n"
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
        "  --timing           seconds (wall, CPU) of each step: read, fits, scoring; on stderr\n"
        "  --help, --version\n"
        "Exit status: 0 when a report was printed (perhaps without the spend model, with the\n"
        "reason), 1 when nothing useful could be computed, 2 for bad options.\n"
        "\n"
        "Example:\n"
        "  zcat orders.csv.gz | clv-report --id customer --date created_at --amount total \\\n"
        "      --end 2024-06-30 --margin 0.3 -\n",
        f);
}

/* Seconds since some fixed point, for --timing: wall-clock time, and the CPU time of this
 * process (which says more on a loaded machine). */
typedef struct stamp {
    double wall, cpu;
} stamp;

static stamp now_seconds(void) {
    struct timespec ts, cpu;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu);
    return (stamp){(double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec,
                   (double)cpu.tv_sec + 1e-9 * (double)cpu.tv_nsec};
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
        } else if (strcmp(a, "--timezone") == 0) {
            ok = strcmp(v, "utc") == 0 || strcmp(v, "local") == 0;
            o->local_time = strcmp(v, "local") == 0;
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

/*
 * The log is summarised as it is read: per customer only what the RFM summary and the report
 * need. A customer's rows of one day are one purchase (Fader, Hardie & Lee 2005), so the
 * customer keeps its latest day "open" (its rows' positive and net sums, in the file's order)
 * and closes it into the counts when a later day arrives or the file ends: x, t_x, T, the
 * repeat spend and the holdout purchases then need O(1) memory per customer, whatever its
 * number of rows, as long as each customer's rows come in date order -- the order of any
 * export sorted by date, by customer then date, or of a till. A row earlier than its
 * customer's open day cannot be placed without the customer's earlier days, which were not
 * kept: a regular file is then read again from the start, keeping every row, and standard
 * input (which cannot be read again) keeps them from the start.
 *
 * A kept row is 8 bytes (the customer's number, and its day with a bit for "amount > 0"),
 * grouped by customer in place at the end (group_rows()): the spend is not kept per row but summed
 * per customer as the rows are read, in file order, the same way whether the rows are kept or
 * not (spend_row()): a customer's positive amounts after its earliest day with one, and that
 * day's, which are added in at the end if it turns out not to be the first purchase (a
 * purchase day without a positive amount came earlier, --refunds keep). --refunds net needs
 * each day's net sum to tell a purchase from a refund day: there a kept row also keeps its
 * amount (16 bytes) and every day is summed as it is closed, a customer's days in date order.
 *
 * The sums are exact, in integers of 1e-6 of the currency unit (money_add()), as long as
 * every amount is one (at most 6 decimals, below 1e9 in size: every real price) and no sum
 * overflows 64 bits: then the order of the rows changes nothing, and a shuffled log gives the
 * date-ordered log's report byte for byte. Otherwise the sums go on in doubles from that row
 * on (the same for a given file whichever way it is read, not across orders).
 */
#define DAY_NONE INT32_MIN

/* A sum of amounts: exact integer micro-units while the reader's `exact` holds, else a double. */
typedef union money {
    int64_t u;
    double d;
} money;

#define MICRO 1e6

typedef struct customer {
    int32_t open;          /* the day of the latest rows, not yet closed; DAY_NONE */
    int32_t first;         /* the first purchase day; DAY_NONE before it */
    int32_t last_cal;      /* the last purchase day in calibration */
    uint32_t n_cal;        /* purchase days in calibration (x + 1) */
    uint32_t n_hold;       /* purchase days after the calibration end */
    uint32_t k;            /* repeat purchase days in calibration with a spend > 0 */
    uint32_t open_pos;     /* rows of the open day with an amount > 0 */
    int32_t pos_day;       /* not net: the earliest day with an amount > 0 so far; DAY_NONE */
    money pos_day_sum;     /* not net: that day's amounts > 0 (spend_row()) */
    money open_all_sum;    /* net: the sum of all the open day's amounts */
    money spend;           /* the spend of the k repeat purchase days (not net: all but
                              pos_day's until spend_finish(); a double after it) */
} customer;

/* First purchases and repeat purchases of the calibration cohort by day, for --plots: a range
 * of days [lo, lo + n) that grows as days arrive. */
typedef struct day_hist {
    int64_t lo;
    size_t n;
    double *first, *repeat;
} day_hist;

typedef struct reader {
    size_t lines, records, blank, bad, header_lines;
    size_t n;            /* rows used */
    size_t non_positive; /* rows with amount <= 0 */
    int has_amount;
    txlog_layout layout;
    id_table ids;
    /* the summary */
    customer *cust;
    size_t cust_cap;
    int32_t end;         /* the calibration end, or INT32_MAX when it is the last purchase */
    int refunds;         /* REFUNDS_* */
    size_t purchases;    /* purchase days */
    size_t lost_days;    /* customer-days that are no purchase (--refunds drop, net) */
    int32_t max_day;     /* the last purchase day */
    int plots;           /* keep the day histogram */
    day_hist hist;
    /* rows kept when the log is not in date order within customers (see above) */
    int keep_rows;
    int net_spend;       /* amounts and --refunds net: days summed as closed, amounts kept */
    int exact;           /* the money sums are integer micro-units (money_add()) */
    uint64_t *row;       /* customer << 32 | row_key(day, amount > 0) */
    double *row_amount;  /* net_spend only */
    size_t rows_cap;
    size_t quiet_until;  /* lines up to here were reported by an earlier pass */
    size_t disorder_line;
} reader;

/* Count a cohort purchase day in the histogram; -1 when out of memory. */
static int hist_add(day_hist *h, int64_t day, int repeat) {
    if (h->n == 0 || day < h->lo || day >= h->lo + (int64_t)h->n) {
        int64_t lo = h->n ? (day < h->lo ? day - (int64_t)h->n - 64 : h->lo) : day - 64;
        int64_t hi = h->n ? h->lo + (int64_t)h->n : day + 65;
        if (day >= hi) {
            hi = day + (int64_t)h->n + 65;
        }
        size_t n = (size_t)(hi - lo);
        double *first = calloc(n, sizeof *first), *rep = calloc(n, sizeof *rep);
        if (first == NULL || rep == NULL) {
            free(first);
            free(rep);
            return -1;
        }
        if (h->n > 0) {
            memcpy(first + (h->lo - lo), h->first, h->n * sizeof *first);
            memcpy(rep + (h->lo - lo), h->repeat, h->n * sizeof *rep);
        }
        free(h->first);
        free(h->repeat);
        h->first = first, h->repeat = rep, h->lo = lo, h->n = n;
    }
    (repeat ? h->repeat : h->first)[day - h->lo] += 1.0;
    return 0;
}

/* The money sums from integers to doubles, for every customer (from a row whose amount is
 * not a whole number of micro-units, or a sum that would overflow, on). */
static void money_inexact(reader *r) {
    for (size_t i = 0; i < r->cust_cap; i++) {
        customer *c = &r->cust[i];
        money *m[3] = {&c->pos_day_sum, &c->open_all_sum, &c->spend};
        for (int j = 0; j < 3; j++) {
            int64_t u = m[j]->u;
            m[j]->d = (double)u / MICRO;
        }
    }
    r->exact = 0;
}

/* An amount as integer micro-units: 1 if exactly (the double nearest a decimal of at most 6
 * places below 1e9 in size: u / 1e6 rounds back to it, and a * 1e6 is within 0.25 of u). */
static int to_micro(double a, int64_t *u) {
    if (!(fabs(a) < 1e9)) {
        return 0;
    }
    *u = llround(a * MICRO);
    return (double)*u / MICRO == a;
}

static void money_add(reader *r, money *m, double a) {
    int64_t u = 0, sum = 0;
    if (r->exact && (!to_micro(a, &u) || __builtin_add_overflow(m->u, u, &sum))) {
        money_inexact(r);
    }
    if (r->exact) {
        m->u = sum;
    } else {
        m->d += a;
    }
}

static void money_add_sum(reader *r, money *m, money a) {
    int64_t sum = 0;
    if (r->exact && __builtin_add_overflow(m->u, a.u, &sum)) {
        money_inexact(r);
        /* `a` is a copy: convert it as money_inexact() did the customer's */
        int64_t u = a.u;
        a.d = (double)u / MICRO;
    }
    if (r->exact) {
        m->u = sum;
    } else {
        m->d += a.d;
    }
}

static int money_positive(const reader *r, money m) {
    return r->exact ? m.u > 0 : m.d > 0.0;
}

/* Close a customer's open day: a purchase or not under the refunds policy, then counted.
 * The same rules as a log collapsed into purchase days: the day's spend for the spend model
 * is its positive amounts (keep, drop) or its net (net); 0 leaves it out. -1: out of memory. */
static int close_day(reader *r, customer *c) {
    int32_t day = c->open;
    if (day == DAY_NONE) {
        return 0;
    }
    c->open = DAY_NONE;
    int purchase = !r->has_amount || r->refunds == REFUNDS_KEEP ||
                   (r->refunds == REFUNDS_DROP ? c->open_pos > 0
                                               : money_positive(r, c->open_all_sum));
    if (!purchase) {
        r->lost_days++;
        return 0;
    }
    int is_first = c->first == DAY_NONE;
    if (is_first) {
        c->first = day;
    }
    r->purchases++;
    r->max_day = day > r->max_day ? day : r->max_day;
    if (day <= r->end) {
        c->n_cal++;
        c->last_cal = day;
        /* a repeat purchase with a spend > 0: net, the day's net sum; otherwise its positive
         * amounts, whose sum spend_row() keeps */
        if (!is_first &&
            (r->net_spend ? money_positive(r, c->open_all_sum) : c->open_pos > 0)) {
            c->k++;
            if (r->net_spend) {
                money_add_sum(r, &c->spend, c->open_all_sum);
            }
        }
    } else {
        c->n_hold++;
    }
    if (r->plots && c->first <= r->end && hist_add(&r->hist, day, !is_first) != 0) {
        return -1;
    }
    return 0;
}

/* A row of customer c on a day not before its open day. */
static int feed_row(reader *r, customer *c, int32_t day, double amount) {
    if (c->open != day) {
        if (close_day(r, c) != 0) {
            return -1;
        }
        c->open = day;
        c->open_pos = 0;
        c->open_all_sum.u = 0; /* 0 and 0.0 alike */
    }
    if (r->net_spend) {
        money_add(r, &c->open_all_sum, amount);
    }
    c->open_pos += amount > 0.0;
    return 0;
}

/* Not net: a row's amount > 0 into its customer's spend, in file order, whatever the order of
 * the days. The first purchase's spend is left out of the spend model; the earliest day with
 * an amount > 0 so far is held apart (pos_day, pos_day_sum), everything later in calibration
 * goes into spend, and a day that an earlier one displaces goes in then. */
static void spend_row(reader *r, customer *c, int32_t day, double amount) {
    if (c->pos_day == DAY_NONE || day < c->pos_day) {
        if (c->pos_day != DAY_NONE && c->pos_day <= r->end) {
            money_add_sum(r, &c->spend, c->pos_day_sum);
        }
        c->pos_day = day;
        c->pos_day_sum.u = 0;
        money_add(r, &c->pos_day_sum, amount);
    } else if (day == c->pos_day) {
        money_add(r, &c->pos_day_sum, amount);
    } else if (day <= r->end) {
        money_add(r, &c->spend, amount);
    }
}

/* After the customer's last day is closed: pos_day's spend counts when it is a repeat
 * purchase (keep: a purchase day without a positive amount came first). Once every customer
 * is finished, finish_log() turns the sums into doubles. */
static void spend_finish(reader *r, customer *c) {
    if (c->pos_day != DAY_NONE && c->pos_day != c->first && c->pos_day <= r->end) {
        money_add_sum(r, &c->spend, c->pos_day_sum);
    }
    c->pos_day = DAY_NONE;
}

/* A kept row's day and amount > 0 flag in 32 bits, ordered by day (years 1-9999 are within
 * +-2^30 days of 1970). */
static uint32_t row_key(int32_t day, int positive) {
    return (uint32_t)(day + (1 << 30)) << 1 | (uint32_t)(positive != 0);
}

static int32_t key_day(uint32_t key) {
    return (int32_t)(key >> 1) - (1 << 30);
}

enum { SHOW_BAD = 5 };

/* Report a bad row; -1 when the file is refused (more than --max-bad). */
static int bad_row(reader *r, const options *o, size_t line, const char *why) {
    r->bad++;
    if (r->bad > o->max_bad) {
        fprintf(stderr, "clv-report: line %zu: %s; refused (more than %zu bad rows, --max-bad)\n",
                line, why, o->max_bad);
        return -1;
    }
    if (r->bad <= SHOW_BAD && line > r->quiet_until) {
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
    r->layout.local_time = o->local_time;
    r->has_amount = col[2] >= 0;
    r->net_spend = r->has_amount && r->refunds == REFUNDS_NET;
    if (r->quiet_until > 0) { /* said by the first pass */
        return 0;
    }
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


enum { ROW_OK = 0, ROW_NOMEM = -1, ROW_DISORDER = 1 };

/* Keep a row (see "reading the log"): ROW_OK or ROW_NOMEM. */
static int keep_row(reader *r, uint32_t c, int32_t day, double amount) {
    if (r->n == r->rows_cap) { /* grows by half: less slack than doubling at 10M rows */
        size_t cap = r->rows_cap ? r->rows_cap + r->rows_cap / 2 : 65536;
        if (cap > UINT32_MAX) {
            cap = UINT32_MAX; /* finish_log() numbers rows in 32 bits */
        }
        if (cap <= r->n) {
            return ROW_NOMEM;
        }
        uint64_t *row = realloc(r->row, cap * sizeof *row);
        if (row != NULL) {
            r->row = row;
        }
        double *ra = r->net_spend ? realloc(r->row_amount, cap * sizeof *ra) : NULL;
        if (ra != NULL) {
            r->row_amount = ra;
        }
        if (row == NULL || (r->net_spend && ra == NULL)) {
            return ROW_NOMEM;
        }
        r->rows_cap = cap;
    }
    r->row[r->n] = (uint64_t)c << 32 | row_key(day, amount > 0.0);
    if (r->net_spend) {
        r->row_amount[r->n] = amount;
    }
    r->n++;
    return ROW_OK;
}

/* Take a parsed row: its customer's number, then into the customer's summary, or kept. */
static int add_row(reader *r, const txlog_row *row, uint32_t hash) {
    int64_t c = id_lookup(&r->ids, row->id, row->id_len, hash);
    if (c < 0) {
        return ROW_NOMEM;
    }
    int32_t day = (int32_t)row->day; /* years 1-9999 fit */
    double amount = row->has_amount ? row->amount : 0.0;
    r->non_positive += row->has_amount && row->amount <= 0.0;
    if ((size_t)c >= r->cust_cap) { /* new customers (a second pass numbers them again) */
        size_t cap = r->cust_cap ? 2 * r->cust_cap : 1024;
        while (cap <= (size_t)c) {
            cap *= 2;
        }
        customer *cust = realloc(r->cust, cap * sizeof *cust);
        if (cust == NULL) {
            return ROW_NOMEM;
        }
        memset(cust + r->cust_cap, 0, (cap - r->cust_cap) * sizeof *cust);
        for (size_t i = r->cust_cap; i < cap; i++) {
            cust[i].open = cust[i].first = cust[i].pos_day = DAY_NONE;
        }
        r->cust = cust, r->cust_cap = cap;
    }
    customer *cu = &r->cust[c];
    if (r->keep_rows) { /* the days are summarised at the end (finish_log()) */
        if (!r->net_spend && amount > 0.0) {
            spend_row(r, cu, day, amount);
        }
        return keep_row(r, (uint32_t)c, day, amount);
    }
    if (day < cu->open) {
        return ROW_DISORDER;
    }
    r->n++;
    if (!r->net_spend && amount > 0.0) {
        spend_row(r, cu, day, amount);
    }
    return feed_row(r, cu, day, amount) == 0 ? ROW_OK : ROW_NOMEM;
}

/* Rows parsed and waiting for their customer's number, their ids copied (the line buffer is
 * reused): BATCH rows are looked up together (see id_prefetch() and batch_flush()). */
enum { BATCH = 64 };

typedef struct batch {
    txlog_row row[BATCH];
    size_t line[BATCH];
    uint32_t hash[BATCH];
    size_t off[BATCH];
    int n;
    char *text;
    size_t text_len, text_cap;
} batch;

static int batch_push(batch *b, const txlog_row *row, size_t line) {
    if (b->text_len + row->id_len > b->text_cap) {
        size_t cap = 2 * (b->text_len + row->id_len) + 4096;
        char *p = realloc(b->text, cap);
        if (p == NULL) {
            return -1;
        }
        b->text = p, b->text_cap = cap;
    }
    memcpy(b->text + b->text_len, row->id, row->id_len);
    b->off[b->n] = b->text_len;
    b->text_len += row->id_len;
    b->row[b->n] = *row;
    b->line[b->n] = line;
    b->n++;
    return 0;
}

/* Look the batch's ids up and take its rows, in order: ROW_OK, ROW_NOMEM or ROW_DISORDER
 * (*line gets the row's line). */
static int batch_flush(reader *r, batch *b, size_t *line) {
    /* A software pipeline: while row j is taken, the slot of row j + AHEAD_SLOT and the text
     * (and customer record) of row j + AHEAD_TEXT, whose slot came in meanwhile, are on
     * their way into the cache. */
    enum { AHEAD_SLOT = 16, AHEAD_TEXT = 8 };
    for (int j = 0; j < b->n; j++) {
        b->row[j].id = b->text + b->off[j];
        b->hash[j] = hash_id(b->row[j].id, b->row[j].id_len);
        if (j < AHEAD_SLOT) {
            id_prefetch(&r->ids, b->hash[j]);
        }
    }
    for (int j = 0; j < AHEAD_TEXT && j < b->n; j++) {
        id_prefetch_text(&r->ids, b->hash[j]);
    }
    int st = ROW_OK;
    for (int j = 0; j < b->n && st == ROW_OK; j++) {
        if (j + AHEAD_SLOT < b->n) {
            id_prefetch(&r->ids, b->hash[j + AHEAD_SLOT]);
        }
        if (j + AHEAD_TEXT < b->n) {
            int64_t c = id_prefetch_text(&r->ids, b->hash[j + AHEAD_TEXT]);
#if defined(__GNUC__)
            if (c >= 0 && (size_t)c < r->cust_cap) {
                __builtin_prefetch(&r->cust[c]);
            }
#endif
        }
        st = add_row(r, &b->row[j], b->hash[j]);
        *line = b->line[j];
    }
    b->n = 0;
    b->text_len = 0;
    return st;
}

/* One pass over the log: 0, -1 after a message naming the line and the reason, or
 * ROW_DISORDER (r->disorder_line) when a customer's rows are not in date order. */
static int read_pass(FILE *in, const options *o, reader *r) {
    char *line = NULL, *rec = NULL, *buf = NULL;
    size_t line_cap = 0, rec_cap = 0, rec_len = 0, buf_cap = 0, rec_line = 0;
    int have_layout = 0, rc = 0;
    txlog_field f[TXLOG_MAX_FIELDS];
    ssize_t got;
    batch b;
    memset(&b, 0, sizeof b);
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
        if (why == NULL && txlog_parse_row(&r->layout, f, n, &row, &why) == 0 &&
            row.id_len > ID_MAX_LEN) {
            why = "customer id longer than 16 MB";
        }
        if (why == NULL) {
            size_t at = rec_line;
            int st = batch_push(&b, &row, rec_line) != 0 ? ROW_NOMEM
                     : b.n == BATCH                     ? batch_flush(r, &b, &at)
                                                        : ROW_OK;
            if (st == ROW_DISORDER) {
                r->disorder_line = at;
                rc = ROW_DISORDER;
                break;
            }
            if (st != ROW_OK) {
                fprintf(stderr, "clv-report: out of memory at line %zu\n", at);
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
    if (rc == 0 && b.n > 0) {
        size_t at = 0;
        int st = batch_flush(r, &b, &at);
        if (st == ROW_DISORDER) {
            r->disorder_line = at;
            rc = ROW_DISORDER;
        } else if (st != ROW_OK) {
            fprintf(stderr, "clv-report: out of memory at line %zu\n", at);
            rc = -1;
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
    free(b.text);
    return rc;
}

/* Read the whole log into the per-customer summary (see "reading the log" above): 0, or -1
 * after a message. end is the calibration end, INT32_MAX when it is the last purchase. */
static int read_log(FILE *in, const options *o, int32_t end, reader *r) {
    r->end = end;
    r->refunds = o->refunds;
    r->plots = o->plots != NULL;
    r->max_day = INT32_MIN;
    r->exact = 1;
    /* A pipe cannot be read again: keep the rows from the start. */
    r->keep_rows = fseeko(in, 0, SEEK_CUR) != 0;
    int rc = read_pass(in, o, r);
    if (rc == ROW_DISORDER) {
        size_t seen = r->lines;
        fprintf(stderr,
                "clv-report: line %zu: a customer's rows are not in date order: reading the "
                "file again, keeping its rows\n",
                r->disorder_line);
        if (fseeko(in, 0, SEEK_SET) != 0) {
            fprintf(stderr, "clv-report: cannot read the file again\n");
            return -1;
        }
        /* Start over; the id table stays (the same rows number the customers the same way). */
        r->lines = r->records = r->blank = r->bad = r->header_lines = 0;
        r->n = r->non_positive = r->purchases = r->lost_days = 0;
        r->max_day = INT32_MIN;
        r->hist.n = 0;
        free(r->hist.first);
        free(r->hist.repeat);
        r->hist.first = r->hist.repeat = NULL;
        free(r->cust); /* the summaries are made at the end now */
        r->cust = NULL;
        r->cust_cap = 0;
        r->keep_rows = 1;
        r->exact = 1;
        r->quiet_until = seen;
        rc = read_pass(in, o, r);
    }
    return rc;
}

/* Sort 64-bit row keys: insertion sort for the few rows of most customers, else qsort. */
static int by_key(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

static void sort_keys(uint64_t *key, size_t n) {
    if (n > 32) {
        qsort(key, n, sizeof *key, by_key);
        return;
    }
    for (size_t i = 1; i < n; i++) {
        uint64_t v = key[i];
        size_t j = i;
        for (; j > 0 && key[j - 1] > v; j--) {
            key[j] = key[j - 1];
        }
        key[j] = v;
    }
}

/*
 * Kept rows grouped by customer in place: an American flag sort (McIlroy, Bostic & McIlroy
 * 1993, "Engineering radix sort") on the customer's number, FLAG_BITS bits a pass from the
 * top: each pass counts its buckets, then moves every row straight to its bucket's next free
 * place, carrying the row it displaces on. Rows [lo, hi) have customers base + [0, 2^bits).
 * With at most 2^FLAG_BITS buckets a pass, the places being filled stay in the cache (one
 * pass over all customers at once went to memory for every row: twice the reading time).
 */
enum { FLAG_BITS = 10 };

static void group_rows(uint64_t *row, size_t lo, size_t hi, uint64_t base, int bits) {
    if (hi - lo < 2 || bits == 0) {
        return;
    }
    int shift = bits > FLAG_BITS ? bits - FLAG_BITS : 0;
    size_t nb = (size_t)1 << (bits - shift);
    size_t start[(1 << FLAG_BITS) + 1], next[1 << FLAG_BITS];
    memset(start, 0, (nb + 1) * sizeof start[0]);
    for (size_t i = lo; i < hi; i++) {
        start[(((row[i] >> 32) - base) >> shift) + 1]++;
    }
    start[0] = lo;
    for (size_t b = 0; b < nb; b++) {
        start[b + 1] += start[b];
        next[b] = start[b];
    }
    for (size_t b = 0; b < nb; b++) {
        while (next[b] < start[b + 1]) {
            uint64_t v = row[next[b]];
            size_t owner = (size_t)(((v >> 32) - base) >> shift);
            while (owner != b) { /* v to its bucket's place; carry on with what was there */
                uint64_t w = row[next[owner]];
                row[next[owner]++] = v;
                v = w;
                owner = (size_t)(((v >> 32) - base) >> shift);
            }
            row[next[b]++] = v;
        }
    }
    for (size_t b = 0; shift > 0 && b < nb; b++) {
        group_rows(row, start[b], start[b + 1], base + ((uint64_t)b << shift), shift);
    }
}

/* A customer's day counts start again (finish_log() makes them from the kept rows); the spend
 * summed as the rows were read stays. */
static void reset_days(customer *c) {
    c->open = c->first = DAY_NONE;
    c->last_cal = 0;
    c->n_cal = c->n_hold = c->k = c->open_pos = 0;
    c->open_all_sum.u = 0;
}

/* Net: each customer's kept rows by (day, row number), amounts and all, through feed_row(). */
static int finish_net_rows(reader *r, const size_t *start, const uint32_t *idx, size_t most) {
    size_t nc = r->ids.n;
    /* Each customer's rows by (day, row number): the day key in the high 32 bits. */
    uint64_t *key = malloc((most ? most : 1) * sizeof *key);
    if (key == NULL) {
        return -1;
    }
    size_t from = 0;
    for (size_t c = 0; c < nc; c++) {
        size_t m = start[c] - from;
#if defined(__GNUC__)
        /* The next customer's rows are scattered over the log: fetch them now, so that
         * their cache misses overlap with this customer's work. */
        for (size_t j = start[c]; c + 1 < nc && j < start[c + 1]; j++) {
            __builtin_prefetch(&r->row[idx[j]]);
            __builtin_prefetch(&r->row_amount[idx[j]]);
        }
#endif
        for (size_t j = 0; j < m; j++) {
            uint32_t i = idx[from + j];
            key[j] = (uint64_t)(uint32_t)r->row[i] << 32 | i;
        }
        sort_keys(key, m);
        for (size_t j = 0; j < m; j++) {
            uint32_t i = (uint32_t)key[j];
            if (feed_row(r, &r->cust[c], key_day((uint32_t)r->row[i]), r->row_amount[i]) != 0) {
                free(key);
                return -1;
            }
        }
        from = start[c];
        if (close_day(r, &r->cust[c]) != 0) {
            free(key);
            return -1;
        }
    }
    free(key);
    return 0;
}

/* Close every customer's open day; with kept rows, first run each customer's days, in date
 * order, through the same summary. 0, or -1 when out of memory. */
static int finish_log(reader *r) {
    size_t nc = r->ids.n;
    if (r->keep_rows && r->net_spend) {
        /* Counting sort of the row numbers by customer (stable: file order within one). */
        size_t *start = calloc(nc + 1, sizeof *start);
        uint32_t *idx = malloc((r->n ? r->n : 1) * sizeof *idx);
        if (start == NULL || idx == NULL || r->cust_cap < nc) {
            free(start);
            free(idx);
            return -1;
        }
        for (size_t i = 0; i < r->n; i++) {
            start[(r->row[i] >> 32) + 1]++;
        }
        size_t most = 0;
        for (size_t c = 0; c < nc; c++) {
            most = start[c + 1] > most ? start[c + 1] : most;
            start[c + 1] += start[c];
        }
        for (size_t i = 0; i < r->n; i++) {
            idx[start[r->row[i] >> 32]++] = (uint32_t)i;
        }
        for (size_t c = 0; c < nc; c++) {
            reset_days(&r->cust[c]);
        }
        int rc = finish_net_rows(r, start, idx, most);
        free(start);
        free(idx);
        free(r->row);
        free(r->row_amount);
        r->row = NULL;
        r->row_amount = NULL;
        if (r->exact) {
            money_inexact(r); /* every spend a double now */
        }
        return rc;
    }
    if (r->keep_rows) {
        /* The rows grouped by customer in place (no second array), then each customer's
         * sorted by day. */
        if (r->cust_cap < nc) {
            return -1;
        }
        int bits = 0;
        while (bits < 32 && ((uint64_t)1 << bits) < nc) {
            bits++;
        }
        group_rows(r->row, 0, r->n, 0, bits);
        int rc = 0;
        size_t from = 0;
        for (size_t c = 0; c < nc && rc == 0; c++) {
            reset_days(&r->cust[c]);
            size_t to = from;
            while (to < r->n && (r->row[to] >> 32) == c) {
                to++;
            }
            uint64_t *day = r->row + from; /* one customer: ordered by the day key */
            size_t m = to - from;
            sort_keys(day, m);
            for (size_t j = 0; j < m && rc == 0; j++) {
                /* a day's rows: one with an amount > 0 among them is what counts */
                int positive = (day[j] & 1u) != 0;
                while (j + 1 < m && ((uint32_t)day[j + 1] >> 1) == ((uint32_t)day[j] >> 1)) {
                    positive |= (day[++j] & 1u) != 0;
                }
                rc = feed_row(r, &r->cust[c], key_day((uint32_t)day[j]), positive ? 1.0 : 0.0);
            }
            if (rc == 0) {
                rc = close_day(r, &r->cust[c]);
            }
            spend_finish(r, &r->cust[c]);
            from = to;
        }
        free(r->row);
        r->row = NULL;
        if (r->exact) {
            money_inexact(r); /* every spend a double now */
        }
        return rc;
    }
    for (size_t c = 0; c < nc; c++) {
        if (close_day(r, &r->cust[c]) != 0) {
            return -1;
        }
        spend_finish(r, &r->cust[c]);
    }
    if (r->exact) {
        money_inexact(r); /* every spend a double now */
    }
    return 0;
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
 * first) on each day since the cohort's first day, from the histogram the reader kept. */
typedef struct by_day {
    double origin, last; /* first day of the cohort, last day of the log */
    size_t days;
    double *first, *repeat;
} by_day;

static int count_by_day(const reader *r, by_day *d) {
    const day_hist *h = &r->hist;
    size_t o = 0;
    while (o < h->n && h->first[o] == 0.0) {
        o++;
    }
    if (o == h->n) {
        return -1; /* no cohort: not called then */
    }
    d->origin = (double)(h->lo + (int64_t)o);
    d->last = (double)r->max_day;
    d->days = (size_t)(d->last - d->origin) + 1;
    d->first = calloc(d->days, sizeof *d->first);
    d->repeat = calloc(d->days, sizeof *d->repeat);
    if (d->first == NULL || d->repeat == NULL) {
        return -1;
    }
    for (size_t i = o; i < h->n && i - o < d->days; i++) {
        d->first[i - o] = h->first[i];
        d->repeat[i - o] = h->repeat[i];
    }
    return 0;
}

/* (a) Cumulative repeat purchases week by week, actual and expected: FHL 2005 Figure 1. The
 * expectation comes from the library (clv_tracking_expected() over the cohort's first
 * purchases grouped by day); the actual series counts the repeat purchase days the reader
 * tallied as it went. Week k ends on day origin + 7k - 1, so week 39 of CDNOW ends on
 * 1997-09-30, the calibration end. */
static int plot_tracking(const char *dir, const by_day *d, double end, const clv_purchase_model *pm,
                         FILE *msg) {
    size_t weeks = (d->days + 6) / 7;
    double *cols = malloc((4 * weeks + 2 * d->days) * sizeof *cols);
    if (cols == NULL) {
        return -1;
    }
    double *week = cols, *actual = cols + weeks, *expected = cols + 2 * weeks;
    double *grid_weeks = cols + 3 * weeks, *birth = cols + 4 * weeks, *born = birth + d->days;
    double cumulative = 0.0;
    size_t day = 0;
    for (size_t k = 0; k < weeks; k++) {
        size_t last = 7 * k + 6 < d->days ? 7 * k + 6 : d->days - 1; /* days since origin */
        for (; day <= last; day++) {
            cumulative += d->repeat[day];
        }
        week[k] = (double)(last + 1) / 7.0;
        grid_weeks[k] = (double)last / 7.0;
        actual[k] = cumulative;
    }
    size_t groups = 0;
    for (size_t f = 0; f < d->days; f++) {
        if (d->first[f] > 0.0) {
            birth[groups] = (double)f / 7.0;
            born[groups++] = d->first[f];
        }
    }
    if (check(clv_tracking_expected(pm, birth, born, groups, grid_weeks, weeks, NULL, expected,
                                    NULL),
              "expected repeat purchases")) {
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
 * expectation, averaged over the customers of each x = 0..6, 7+: FHL 2005 Figure 3. x, t_x
 * and T (weeks) and the holdout purchase days of each customer of the calibration table. */
static int plot_conditional(const char *dir, const double *x, const double *t_x, const double *T,
                            const double *x_holdout, size_t customers, double holdout_weeks,
                            const clv_purchase_model *pm, FILE *msg) {
    enum { GROUPS = 8 };
    /* Customers, mean holdout purchases and mean conditional expectation by x = 0..6, 7+
     * (clv_conditional_by_frequency(), in weeks). */
    double count[GROUPS], actual[GROUPS], expected[GROUPS];
    clv_rfm_view view = {customers, x, t_x, T, NULL, NULL};
    if (check(clv_conditional_by_frequency(pm, &view, x_holdout, holdout_weeks, GROUPS - 1, NULL,
                                           count, actual, expected),
              "conditional expectations")) {
        return -1;
    }
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
 * end, the accuracy of each customer's expected holdout purchases (x_holdout: purchase days
 * after the calibration end, up to the log's last day). 0, or -1 with a message. */
static int print_fit_checks(const clv_purchase_model *pm, const clv_fit_report *br,
                            const clv_rfm_view *view, const double *x_holdout, double last_day,
                            double end) {
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
    if (!(last_day > end)) {
        printf("  holdout: none (no purchase after the calibration end)\n");
        return 0;
    }
    size_t n = view->count;
    double *predicted = malloc((n ? n : 1) * sizeof *predicted);
    if (predicted == NULL) {
        fprintf(stderr, "clv-report: out of memory\n");
        return -1;
    }
    double weeks = (last_day - end) / 7.0;
    clv_accuracy acc;
    int rc = -1;
    if (!check(clv_expected_purchases_rows(pm, view, weeks, predicted, NULL),
               "holdout predictions") &&
        !check(clv_holdout_accuracy(predicted, x_holdout, NULL, n, NULL, &acc), "accuracy")) {
        printf("  holdout (%.4g weeks after the calibration end): %.0f purchases, %.1f "
               "predicted; per customer MAE %.3f, RMSE %.3f, correlation %.3f\n",
               weeks, acc.mean_actual * acc.count, acc.mean_predicted * acc.count, acc.mae,
               acc.rmse, acc.correlation);
        rc = 0;
    }
    free(predicted);
    return rc;
}

/* The purchase charts and, given the scored customers (s), the value charts; messages (what
 * was written, and the numbers plotted) go to msg. x, t_x, T, x_holdout: the calibration
 * table (weeks). */
static int write_plots(const char *dir, const reader *r, double end, const clv_purchase_model *pm,
                       const double *x, const double *t_x, const double *T,
                       const double *x_holdout, size_t customers, const scored *s,
                       const char *currency, FILE *msg) {
    by_day d = {0, 0, 0, NULL, NULL};
    double max_x = 0.0;
    for (size_t i = 0; i < customers; i++) {
        max_x = fmax(max_x, x[i]);
    }
    int rc = count_by_day(r, &d);
    if (rc != 0) {
        fprintf(stderr, "clv-report: out of memory\n");
    }
    if (rc == 0) {
        rc = plot_tracking(dir, &d, end, pm, msg);
    }
    if (rc == 0) {
        rc = plot_p_alive(dir, pm, (end - d.origin) / 7.0, max_x, msg);
    }
    if (rc == 0 && d.last > end) {
        rc = plot_conditional(dir, x, t_x, T, x_holdout, customers, (d.last - end) / 7.0, pm,
                              msg);
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
    if (bundled && !o.end_given) { /* the papers' calibration end */
        o.end_given = 1;
        o.end_day = days_from_civil(1997, 9, 30);
    }
    stamp t0 = now_seconds(), t_read = t0, t_summary = t0, t_fit = t0;
    int rc = read_log(in, &o, o.end_given ? (int32_t)o.end_day : INT32_MAX, &r);
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
    free(r.ids.slot); /* every id is numbered: the lookup table is done with */
    r.ids.slot = NULL;
    r.ids.slots = 0;
    if (finish_log(&r) != 0) {
        fprintf(stderr, "clv-report: out of memory\n");
        goto done;
    }
    t_read = now_seconds();
    if (r.purchases == 0) {
        fprintf(stderr, "clv-report: no purchases left after --refunds\n");
        goto done;
    }
    double end = o.end_given ? o.end_day : (double)r.max_day;

    /* The customers with a first purchase by the calibration end, in the order of their first
     * row: one (x, t_x, T) row each, in days, then weeks; k and m are the spend model's data,
     * the repeat purchase days in calibration with a positive spend and their mean spend. */
    size_t nc = r.ids.n; /* the columns are O(customers) */
    ids = malloc((nc ? nc : 1) * sizeof *ids);
    cols = malloc(7 * (nc ? nc : 1) * sizeof *cols);
    if (ids == NULL || cols == NULL) {
        fprintf(stderr, "clv-report: out of memory\n");
        goto done;
    }
    double *x = cols, *t_x = cols + nc, *T = cols + 2 * nc, *k = cols + 3 * nc;
    double *m = cols + 4 * nc;
    double *t_k = cols + 5 * nc; /* t_x, or 0 where k = 0: the spend model's rows */
    double *x_holdout = cols + 6 * nc;
    size_t customers = 0, calibration_days = 0;
    for (size_t c = 0; c < nc; c++) {
        const customer *cu = &r.cust[c];
        if (cu->first == DAY_NONE || (double)cu->first > end) {
            continue;
        }
        ids[customers] = c;
        x[customers] = (double)cu->n_cal - 1.0;
        t_x[customers] = ((double)cu->last_cal - (double)cu->first) / 7.0;
        T[customers] = (end - (double)cu->first) / 7.0;
        k[customers] = (double)cu->k;
        m[customers] = cu->k > 0 ? cu->spend.d / (double)cu->k : 0.0;
        x_holdout[customers] = (double)cu->n_hold;
        calibration_days += cu->n_cal;
        customers++;
    }
    free(r.cust); /* its part is in the columns now */
    r.cust = NULL;
    t_summary = now_seconds();
    print_counts(&r, &o, r.purchases, r.lost_days, customers, calibration_days);
    if (customers == 0) {
        fprintf(stderr, "clv-report: no customer has a purchase by the calibration end\n");
        goto done;
    }

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

    /* Score every customer: the value over whole months of the horizon. The customers are
     * gathered into rows (s) to be sorted by value for the report and the value charts; a
     * CSV without charts is written from the columns as they are. */
    int need_rows = !o.csv || o.plots != NULL;
    s = need_rows ? malloc(customers * sizeof *s) : NULL;
    clv_value_options vo;
    clv_value_options_init(&vo);
    vo.margin = o.margin;
    vo.period = 52.0 / 12.0;
    vo.horizon = ceil(o.weeks / vo.period);
    if ((need_rows && s == NULL) ||
        check(clv_discount_rate_convert(o.discount, 12.0, 1.0, &vo.discount_rate),
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
        if (first_error[i]) {
            sp[i] = val[i] = NAN;
        }
        if (need_rows) {
            s[i] = (scored){ids[i], x[i], t_x[i], T[i], m[i], pa[i], ex[i], sp[i], val[i]};
        }
    }
    if (value_errors > 0) {
        fprintf(stderr, "clv-report: %zu customers without a value (first %d named above)\n",
                value_errors, SHOW_BAD);
    }

    if (o.timing) {
        stamp t_end = now_seconds();
        fprintf(stderr,
                "clv-report: timing (wall/CPU s): read and summarise %.3f/%.3f, customer table "
                "%.3f/%.3f, fits %.3f/%.3f, scoring %.3f/%.3f\n",
                t_read.wall - t0.wall, t_read.cpu - t0.cpu, t_summary.wall - t_read.wall,
                t_summary.cpu - t_read.cpu, t_fit.wall - t_summary.wall, t_fit.cpu - t_summary.cpu,
                t_end.wall - t_fit.wall, t_end.cpu - t_fit.cpu);
    }
    if (o.csv && o.plots != NULL &&
        write_plots(o.plots, &r, end, &pm, x, t_x, T, x_holdout, customers,
                    no_spend == NULL ? s : NULL, currency, stderr) != 0) {
        goto done;
    }
    if (no_spend != NULL) {
        fprintf(stderr, "clv-report: no values: %s\n", no_spend);
    }
    if (o.csv) {
        printf("customer,x,t_x,T,monetary,p_alive,expected_purchases,expected_spend,clv\n");
        for (size_t i = 0; i < customers; i++) {
            /* printf's ",%.0f,%.4f,%.4f,%.2f,%.6f,%.6f,%.4f,%.4f", by fixfmt(): the same
             * characters in a fraction of the time, for millions of customers. */
            const double col[8] = {x[i], t_x[i], T[i], m[i], pa[i], ex[i], sp[i], val[i]};
            static const int decimals[8] = {0, 4, 4, 2, 6, 6, 4, 4};
            char line[8 * (FIXFMT_SIZE + 1) + 1];
            size_t len = 0;
            for (int q = 0; q < 8; q++) {
                line[len++] = ',';
                len += (size_t)fixfmt(line + len, col[q], decimals[q]);
            }
            line[len++] = '\n';
            put_id_csv(stdout, &r.ids, ids[i]);
            fwrite(line, 1, len, stdout);
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
    if (print_fit_checks(&pm, &br, &view, x_holdout, (double)r.max_day, end) != 0) {
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
        write_plots(o.plots, &r, end, &pm, x, t_x, T, x_holdout, customers,
                    no_spend == NULL ? s : NULL, currency, stdout) != 0) {
        goto done;
    }
    status = 0;
done:
    free(s);
    free(score_cols);
    free(row_status);
    free(first_error);
    free(ids);
    free(cols);
    free(r.cust);
    free(r.row);
    free(r.row_amount);
    free(r.hist.first);
    free(r.hist.repeat);
    id_free(&r.ids);
    return status;
}
