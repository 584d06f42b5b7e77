/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * The parameters file (version 1), as `clv-report --save-params FILE` writes it:
 *
 *   libclv-params 1                 first line: the format and its version
 *   # ...                           comment lines (and blank lines) are skipped
 *   model bgnbd                     bgnbd, pnbd or mbgnbd
 *   r 0.24259452244202795           the purchase model's parameters in the papers' notation:
 *   alpha 4.4136020190481702          r alpha a b (BG/NBD, MBG/NBD) or r alpha s beta
 *   a 0.79292201695700459             (Pareto/NBD); rates per time unit
 *   b 2.4259067755067107
 *   gg_p 6.2495722713032844         Gamma-Gamma p, q, gamma (Fader & Hardie 2013); q > 1
 *   gg_q 3.7442246671349024
 *   gg_gamma 15.443520962656009
 *   time_unit weeks                 the unit of t_x, T and the rates (version 1: weeks)
 *   margin 1                        share of spend that is profit, 0..1
 *   discount_annual 0.10000000000000001   annual discount rate, >= 0
 *   horizon_weeks 52                the value's horizon, weeks, > 0
 *   calibration_end 1997-09-30      end of the data the models were fitted to
 *
 * One "key value" a line, separated by spaces or tabs; every key exactly once, in any order;
 * no other keys. Numbers are C floating-point literals (%.17g on writing, so they read back to
 * the same bits). Anything else is an error with the file's name and line.
 *
 * The value is clv_customer_value() with clv-report's settings: months of 52/12 weeks, the
 * horizon rounded up to whole months, each month discounted at the monthly rate equivalent to
 * the annual one, margin x Gamma-Gamma expected spend per purchase.
 */
#include "pos-model.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LINE_MAX_CHARS 256

enum key_index {
    K_MODEL,
    K_R,
    K_ALPHA,
    K_A,
    K_B,
    K_S,
    K_BETA,
    K_GG_P,
    K_GG_Q,
    K_GG_GAMMA,
    K_TIME_UNIT,
    K_MARGIN,
    K_DISCOUNT,
    K_HORIZON,
    K_END,
    K_COUNT
};

static const char *const key_names[K_COUNT] = {
    [K_MODEL] = "model",
    [K_R] = "r",
    [K_ALPHA] = "alpha",
    [K_A] = "a",
    [K_B] = "b",
    [K_S] = "s",
    [K_BETA] = "beta",
    [K_GG_P] = "gg_p",
    [K_GG_Q] = "gg_q",
    [K_GG_GAMMA] = "gg_gamma",
    [K_TIME_UNIT] = "time_unit",
    [K_MARGIN] = "margin",
    [K_DISCOUNT] = "discount_annual",
    [K_HORIZON] = "horizon_weeks",
    [K_END] = "calibration_end",
};

/* Keys whose value is text rather than a number. */
static int is_text_key(int k) {
    return k == K_MODEL || k == K_TIME_UNIT || k == K_END;
}

/* What the parser has seen so far. */
typedef struct reader {
    const char *path;
    int seen[K_COUNT];
    int seen_line[K_COUNT];
    double number[K_COUNT];
    char model[16];
    char time_unit[16];
    char end[16];
    char *err;
    size_t err_size;
} reader;

/* The message of a malformed file, printf-style (checked by GCC and clang). */
#if defined(__GNUC__)
#define POS_PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#else
#define POS_PRINTF_LIKE(f, a)
#endif
POS_PRINTF_LIKE(3, 4) static int fail(reader *rd, int line, const char *fmt, ...) {
    char what[160];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    if (line > 0) {
        snprintf(rd->err, rd->err_size, "%s:%d: %s", rd->path, line, what);
    } else {
        snprintf(rd->err, rd->err_size, "%s: %s", rd->path, what);
    }
    return -1;
}

/* One line into buf (without its "\n" or "\r\n"). Returns 1 for a line, 0 at the end of the
 * file, -1 for a line that is too long or holds a NUL byte (a binary file). */
static int read_line(FILE *f, char *buf, size_t size) {
    size_t n = 0;
    int c;
    while ((c = getc(f)) != EOF && c != '\n') {
        if (c == '\0' || n + 1 >= size) {
            return -1;
        }
        buf[n++] = (char)c;
    }
    if (c == EOF && n == 0) {
        return ferror(f) ? -1 : 0;
    }
    if (n > 0 && buf[n - 1] == '\r') {
        n--;
    }
    buf[n] = '\0';
    return 1;
}

/* A whole token as a finite double (pos-model.h). */
int pos_parse_number(const char *s, double *v) {
    char *end = NULL;
    *v = strtod(s, &end);
    return (end != s && *end == '\0' && isfinite(*v)) ? 0 : -1;
}

/* YYYY-MM-DD, a real calendar day. */
static int valid_date(const char *s) {
    static const int days_in[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int y, m, d;
    char tail;
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
        sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || m < 1 || m > 12 || d < 1 ||
        d > days_in[m - 1]) {
        return -1;
    }
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return (m == 2 && d == 29 && !leap) ? -1 : 0;
}

/* One "key value" line. */
static int read_pair(reader *rd, char *line, int lineno) {
    char *key = strtok(line, " \t");
    char *value = strtok(NULL, " \t");
    char *extra = strtok(NULL, " \t");
    int k;
    if (value == NULL || extra != NULL) {
        return fail(rd, lineno, "expected 'key value'");
    }
    for (k = 0; k < K_COUNT && strcmp(key, key_names[k]) != 0; k++) {
    }
    if (k == K_COUNT) {
        return fail(rd, lineno, "unknown key '%s'", key);
    }
    if (rd->seen[k]) {
        return fail(rd, lineno, "'%s' again (first on line %d)", key, rd->seen_line[k]);
    }
    rd->seen[k] = 1;
    rd->seen_line[k] = lineno;
    if (is_text_key(k)) {
        char *dst = (k == K_MODEL) ? rd->model : (k == K_TIME_UNIT) ? rd->time_unit : rd->end;
        if (strlen(value) >= sizeof rd->model) {
            return fail(rd, lineno, "'%s': value too long", key);
        }
        strcpy(dst, value);
        return 0;
    }
    if (pos_parse_number(value, &rd->number[k]) != 0) {
        return fail(rd, lineno, "'%s': '%s' is not a finite number", key, value);
    }
    return 0;
}

/* The keys of the model named in the file are all there, and no others. */
static int check_keys(reader *rd, pos_model *m) {
    static const int bg_keys[] = {K_R, K_ALPHA, K_A, K_B};
    static const int pnbd_keys[] = {K_R, K_ALPHA, K_S, K_BETA};
    if (!rd->seen[K_MODEL]) {
        return fail(rd, 0, "no 'model' line");
    }
    if (strcmp(rd->model, "bgnbd") == 0 || strcmp(rd->model, "mbgnbd") == 0) {
        m->purchase.model = (rd->model[0] == 'm') ? CLV_MODEL_MBGNBD : CLV_MODEL_BGNBD;
    } else if (strcmp(rd->model, "pnbd") == 0) {
        m->purchase.model = CLV_MODEL_PNBD;
    } else {
        return fail(rd, rd->seen_line[K_MODEL], "model '%s' (expected bgnbd, pnbd or mbgnbd)",
                    rd->model);
    }
    const int *keys = (m->purchase.model == CLV_MODEL_PNBD) ? pnbd_keys : bg_keys;
    const int *other = (m->purchase.model == CLV_MODEL_PNBD) ? bg_keys : pnbd_keys;
    for (int i = 2; i < 4; i++) {
        if (rd->seen[other[i]]) {
            return fail(rd, rd->seen_line[other[i]], "'%s' is not a parameter of %s",
                        key_names[other[i]], rd->model);
        }
    }
    for (int i = 0; i < 4; i++) {
        m->purchase.params[i] = rd->number[keys[i]];
        if (!rd->seen[keys[i]]) {
            return fail(rd, 0, "no '%s' line", key_names[keys[i]]);
        }
    }
    for (int k = K_GG_P; k < K_COUNT; k++) {
        if (!rd->seen[k]) {
            return fail(rd, 0, "no '%s' line", key_names[k]);
        }
    }
    return 0;
}

/* Values in their domains; the value settings as clv-report derives them. */
static int check_values(reader *rd, pos_model *m) {
    for (int i = 0; i < 4; i++) {
        if (!(m->purchase.params[i] > 0.0)) {
            return fail(rd, 0, "the %s parameters must be > 0", rd->model);
        }
    }
    m->spend = (clv_gg_params){rd->number[K_GG_P], rd->number[K_GG_Q], rd->number[K_GG_GAMMA]};
    if (!(m->spend.p > 0.0) || !(m->spend.q > 1.0) || !(m->spend.gamma > 0.0)) {
        return fail(rd, 0,
                    "Gamma-Gamma needs gg_p > 0, gg_q > 1 (a finite mean spend), "
                    "gg_gamma > 0");
    }
    if (strcmp(rd->time_unit, "weeks") != 0) {
        return fail(rd, rd->seen_line[K_TIME_UNIT], "time_unit '%s' (version 1: weeks)",
                    rd->time_unit);
    }
    m->margin = rd->number[K_MARGIN];
    m->discount_annual = rd->number[K_DISCOUNT];
    m->horizon_weeks = rd->number[K_HORIZON];
    if (!(m->margin >= 0.0 && m->margin <= 1.0) || !(m->discount_annual >= 0.0) ||
        !(m->horizon_weeks > 0.0)) {
        return fail(rd, 0, "margin must be 0..1, discount_annual >= 0, horizon_weeks > 0");
    }
    if (valid_date(rd->end) != 0) {
        return fail(rd, rd->seen_line[K_END], "calibration_end '%s' is not a YYYY-MM-DD date",
                    rd->end);
    }
    memcpy(m->calibration_end, rd->end, sizeof m->calibration_end);
    clv_value_options_init(&m->value);
    m->value.margin = m->margin;
    m->value.period = 52.0 / 12.0;
    m->value.horizon = ceil(m->horizon_weeks / m->value.period);
    if (clv_discount_rate_convert(m->discount_annual, 12.0, 1.0, &m->value.discount_rate) !=
        CLV_OK) {
        return fail(rd, 0, "discount_annual %g cannot be converted to a monthly rate",
                    m->discount_annual);
    }
    int st = clv_customer_value(&m->purchase, &m->spend, &m->value, 0.0, 0.0, 0.0, 0.0,
                                &m->newcomer_value);
    if (st != CLV_OK) {
        return fail(rd, 0, "the value of a new customer: %s", clv_strerror(st));
    }
    return 0;
}

int pos_model_load(const char *path, pos_model *model, char *err, size_t err_size) {
    reader rd;
    char line[LINE_MAX_CHARS];
    memset(&rd, 0, sizeof rd);
    memset(model, 0, sizeof *model);
    rd.path = path;
    rd.err = err;
    rd.err_size = err_size;
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        return fail(&rd, 0, "cannot open");
    }
    int lineno = 0;
    int r;
    int status = 0;
    while (status == 0 && (r = read_line(f, line, sizeof line)) != 0) {
        lineno++;
        if (r < 0) {
            status = fail(&rd, lineno, "line too long, or not a text file");
        } else if (lineno == 1) {
            int version;
            char tail;
            if (sscanf(line, "libclv-params %d%c", &version, &tail) != 1 ||
                strncmp(line, "libclv-params ", 14) != 0) {
                status = fail(&rd, 1, "not a libclv parameters file (no 'libclv-params 1')");
            } else if (version != 1) {
                status = fail(&rd, 1, "format version %d (this program reads version 1)", version);
            }
        } else if (line[strspn(line, " \t")] != '\0' && line[strspn(line, " \t")] != '#') {
            status = read_pair(&rd, line, lineno);
        }
    }
    fclose(f);
    if (status == 0 && lineno == 0) {
        status = fail(&rd, 0, "empty file (expected 'libclv-params 1')");
    }
    if (status == 0) {
        status = check_keys(&rd, model);
    }
    if (status == 0) {
        status = check_values(&rd, model);
    }
    return status;
}

const char *pos_model_name(const pos_model *model) {
    return model->purchase.model == CLV_MODEL_PNBD     ? "Pareto/NBD"
           : model->purchase.model == CLV_MODEL_MBGNBD ? "MBG/NBD"
                                                       : "BG/NBD";
}

const char *pos_check_history(double x, double t_x, double T, double mean_spend) {
    if (!isfinite(x) || !(x >= 0.0) || floor(x) != x) {
        return "x (repeat purchases) must be a whole number >= 0";
    }
    if (!isfinite(T) || !(T >= 0.0)) {
        return "T (time since the first purchase) must be >= 0";
    }
    if (!isfinite(t_x) || !(t_x >= 0.0) || !(t_x <= T)) {
        return "t_x (time of the last repeat purchase) must be in 0..T";
    }
    if (x == 0.0 && t_x != 0.0) {
        return "t_x must be 0 when x is 0";
    }
    if (!isfinite(mean_spend) || !(mean_spend >= 0.0) || (x > 0.0 && !(mean_spend > 0.0))) {
        return "mean_spend must be > 0 (or 0 when x is 0)";
    }
    return NULL;
}

/* The tier, from the customer's P(alive) and value against a newcomer's value V0 (the value
 * of someone who has just made a first purchase, at the population's mean spend):
 *   "win back"  P(alive) < 0.5: more likely gone than not; worth a reminder or an offer;
 *   "retain"    value >= 2 V0: worth two newcomers or more; look after them;
 *   "grow"      value < V0: alive but worth less than a newcomer; a nudge to buy again;
 *   "standard"  everyone else. */
const char *pos_tier(const pos_model *model, double p_alive, double value) {
    if (p_alive < 0.5) {
        return "win back";
    }
    if (value >= 2.0 * model->newcomer_value) {
        return "retain";
    }
    if (value < model->newcomer_value) {
        return "grow";
    }
    return "standard";
}

int pos_score_customer(const pos_model *model, double x, double t_x, double T, double mean_spend,
                       double window, pos_score *out) {
    const double *v = model->purchase.params;
    int st;
    if (model->purchase.model == CLV_MODEL_PNBD) {
        const clv_pnbd_params q = {v[0], v[1], v[2], v[3]};
        if ((st = clv_pnbd_p_alive(&q, x, t_x, T, &out->p_alive)) != CLV_OK ||
            (st = clv_pnbd_expected_purchases(&q, x, t_x, T, window, &out->expected)) != CLV_OK) {
            return st;
        }
    } else if (model->purchase.model == CLV_MODEL_MBGNBD) {
        const clv_mbgnbd_params q = {v[0], v[1], v[2], v[3]};
        if ((st = clv_mbgnbd_p_alive(&q, x, t_x, T, &out->p_alive)) != CLV_OK ||
            (st = clv_mbgnbd_expected_purchases(&q, x, t_x, T, window, &out->expected)) != CLV_OK) {
            return st;
        }
    } else {
        const clv_bgnbd_params q = {v[0], v[1], v[2], v[3]};
        if ((st = clv_bgnbd_p_alive(&q, x, t_x, T, &out->p_alive)) != CLV_OK ||
            (st = clv_bgnbd_expected_purchases(&q, x, t_x, T, window, &out->expected)) != CLV_OK) {
            return st;
        }
    }
    if ((st = clv_gg_expected_spend(&model->spend, x, mean_spend, &out->spend)) != CLV_OK ||
        (st = clv_customer_value(&model->purchase, &model->spend, &model->value, x, t_x, T,
                                 mean_spend, &out->value)) != CLV_OK) {
        return st;
    }
    out->tier = pos_tier(model, out->p_alive, out->value);
    return CLV_OK;
}
