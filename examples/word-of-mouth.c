/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * word-of-mouth: what a customer base's satisfied and dissatisfied customers are worth
 * through what they tell others.
 *
 *   word-of-mouth [--plots DIR] [--help] [--version] [FILE|-]
 *
 * FILE (or standard input with "-") holds "key = value" lines; '#' starts a comment. Keys:
 *   satisfied, dissatisfied   the customer base: satisfied and dissatisfied customers (needed)
 *   conversion                probability that a person told good things becomes a customer
 *                             (needed)
 *   deterrence                probability that a person told bad things stays away (needed)
 *   told_satisfied            people each satisfied customer tells (default 5)
 *   told_dissatisfied         people each dissatisfied customer tells (default 10)
 *   satisfied_share           probability that a new customer is satisfied (default: the
 *                             share of satisfied customers in the base)
 *   margin, retention, discount
 *                             margin per period, retention rate and discount rate per period:
 *                             the lifetime value of a customer, margin r / (1 + d - r)
 *                             (clv_retention_value, Gupta & Lehmann 2003) (needed)
 *   own_value                 the lifetime value a dissatisfied customer takes away when they
 *                             leave (default: the CLV)
 *   cycle_time                periods from joining to the people told joining (default 1)
 *   generations               generations to show (default 6)
 *   target                    customers to win by word of mouth, for the time it takes
 *                             (default: the size of the base)
 *   horizon                   generations of word of mouth in the cost of a dissatisfied
 *                             customer (default inf)
 *   invitations, invite_conversion
 *                             the K-factor's invitations per customer and their conversion
 *                             (default: satisfied_share x told_satisfied and conversion, so
 *                             that K is the branching model's reproduction number)
 * With no FILE the bundled example (examples/data/word-of-mouth.txt, run from the source
 * tree) is read; its numbers are illustrative.
 *
 * It prints the first generation of word of mouth, the generations that follow (customers won
 * and deterred, cumulative, net value), the totals when the reproduction number is below 1,
 * the time to win the target, the full cost of a dissatisfied customer and K-factor growth.
 * With --plots DIR it also writes DIR/word-of-mouth.svg (DIR is created if missing): the
 * customers won and deterred in each generation and their running totals.
 * The library does no I/O: this program reads, calls libclv, and prints.
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <clv.h>
#include <referral.h>

#include "diagnose.h"
#include "svgplot.h"

#define PROG "word-of-mouth"
#define BUNDLED "examples/data/word-of-mouth.txt"
#define MAX_GENERATIONS 200

/* The keys, in the order of the usage text; NAN until read. */
enum key {
    K_SATISFIED,
    K_DISSATISFIED,
    K_CONVERSION,
    K_DETERRENCE,
    K_TOLD_SATISFIED,
    K_TOLD_DISSATISFIED,
    K_SATISFIED_SHARE,
    K_MARGIN,
    K_RETENTION,
    K_DISCOUNT,
    K_OWN_VALUE,
    K_CYCLE_TIME,
    K_GENERATIONS,
    K_TARGET,
    K_HORIZON,
    K_INVITATIONS,
    K_INVITE_CONVERSION,
    K_COUNT
};

static const char *const key_names[K_COUNT] = {
    "satisfied",         "dissatisfied",     "conversion",  "deterrence", "told_satisfied",
    "told_dissatisfied", "satisfied_share",  "margin",      "retention",  "discount",
    "own_value",         "cycle_time",       "generations", "target",     "horizon",
    "invitations",       "invite_conversion"};

static void usage(FILE *out) {
    fprintf(out,
            "usage: " PROG " [--plots DIR] [FILE|-]\n"
            "What satisfied and dissatisfied customers are worth through what they tell others.\n"
            "  FILE: \"key = value\" lines, '#' comments. Default: " BUNDLED ".\n"
            "    satisfied, dissatisfied  customers in the base (people; needed)\n"
            "    conversion, deterrence   probability 0..1 that a person told good things buys,\n"
            "                             and that one told bad things stays away (needed)\n"
            "    margin, retention, discount  margin per period (currency units), retention\n"
            "                             and discount rates per period, 0..1 (needed)\n"
            "    told_satisfied, told_dissatisfied  people each one tells (default 5, 10)\n"
            "    satisfied_share          probability 0..1 that a new customer is satisfied\n"
            "    own_value                currency units a dissatisfied customer takes away\n"
            "    cycle_time               periods from joining to the people told joining (1)\n"
            "    generations, horizon     generations shown (6), and in a customer's cost (inf)\n"
            "    target                   customers to win by word of mouth (people)\n"
            "    invitations, invite_conversion  K-factor invitations per customer, and\n"
            "                             their conversion probability 0..1\n"
            "  --plots DIR   also write the generations as an SVG chart, DIR/word-of-mouth.svg\n"
            "  --help        this text;  --version  the program's and libclv's version\n"
            "Example: " PROG " --plots charts " BUNDLED "\n");
}

/* The values read and their lines (0: not in the file, a default), for the messages of a
 * refused call; and the domain the library documents for each key. */
static double given[K_COUNT];
static size_t given_line[K_COUNT];

static const struct {
    double lo, hi;
    int lo_open;
} key_domain[K_COUNT] = {
    [K_SATISFIED] = {0.0, DBL_MAX, 0},         [K_DISSATISFIED] = {0.0, DBL_MAX, 0},
    [K_CONVERSION] = {0.0, 1.0, 0},            [K_DETERRENCE] = {0.0, 1.0, 0},
    [K_TOLD_SATISFIED] = {0.0, DBL_MAX, 0},    [K_TOLD_DISSATISFIED] = {0.0, DBL_MAX, 0},
    [K_SATISFIED_SHARE] = {0.0, 1.0, 0},       [K_MARGIN] = {-DBL_MAX, DBL_MAX, 0},
    [K_RETENTION] = {0.0, 1.0, 0},             [K_DISCOUNT] = {0.0, DBL_MAX, 0},
    [K_OWN_VALUE] = {-DBL_MAX, DBL_MAX, 0},    [K_CYCLE_TIME] = {0.0, DBL_MAX, 1},
    [K_GENERATIONS] = {1.0, MAX_GENERATIONS, 0}, [K_TARGET] = {0.0, DBL_MAX, 0},
    [K_HORIZON] = {0.0, INFINITY, 0},          [K_INVITATIONS] = {0.0, DBL_MAX, 0},
    [K_INVITE_CONVERSION] = {0.0, 1.0, 0}};

/* A refused call: the library's message, then the lines of the file that gave the call its
 * inputs (keys, the -1-terminated list of the keys it used), those outside their domain
 * named. Defaults the program chose are not listed. */
static int check_keys(int status, const char *what, const int *keys) {
    if (status == CLV_OK) {
        return status;
    }
    diagnose_refusal(stderr, PROG, what, status, NULL);
    diagnose_input used[K_COUNT];
    size_t n = 0;
    for (; *keys >= 0; keys++) {
        int k = *keys;
        if (given_line[k] > 0) {
            used[n++] = (diagnose_input){key_names[k], given[k], given_line[k], key_domain[k].lo,
                                         key_domain[k].hi, key_domain[k].lo_open, 0};
        }
    }
    if (n == 0) {
        fprintf(stderr, PROG ": (every input of this call is a default)\n");
    } else {
        diagnose_inputs(stderr, PROG, used, n);
    }
    return status;
}

/* The keys behind each computation. */
static const int keys_wom[] = {K_SATISFIED, K_DISSATISFIED, K_CONVERSION, K_DETERRENCE,
                               K_TOLD_SATISFIED, K_TOLD_DISSATISFIED, K_SATISFIED_SHARE,
                               K_MARGIN, K_RETENTION, K_DISCOUNT, -1};

static const int keys_reach[] = {K_SATISFIED, K_DISSATISFIED, K_CONVERSION, K_DETERRENCE,
                                 K_TOLD_SATISFIED, K_TOLD_DISSATISFIED, K_SATISFIED_SHARE,
                                 K_TARGET, K_CYCLE_TIME, -1};
static const int keys_cost[] = {K_CONVERSION, K_DETERRENCE, K_TOLD_SATISFIED, K_TOLD_DISSATISFIED,
                                K_SATISFIED_SHARE, K_OWN_VALUE, K_HORIZON, K_MARGIN,
                                K_RETENTION, K_DISCOUNT, -1};
static const int keys_kfactor[] = {K_SATISFIED, K_DISSATISFIED, K_INVITATIONS,
                                   K_INVITE_CONVERSION, K_CONVERSION, K_SATISFIED_SHARE,
                                   K_TOLD_SATISFIED, K_CYCLE_TIME, -1};
static const int keys_value[] = {K_MARGIN, K_RETENTION, K_DISCOUNT, -1};

static int check(int status, const char *what) {
    return check_keys(status, what, keys_wom);
}

static char *trim(char *s) {
    while (*s == ' ' || *s == '\t') {
        s++;
    }
    char *end = s + strlen(s);
    while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r' || end[-1] == '\n')) {
        *--end = '\0';
    }
    return s;
}

/* Reads key = value lines into v[]; 0 on success, -1 with a message. */
static int read_input(FILE *f, const char *source, double *v) {
    char *line = NULL;
    size_t cap = 0;
    size_t lineno = 0;
    int rc = 0;
    while (getline(&line, &cap, f) != -1) {
        lineno++;
        line[strcspn(line, "#")] = '\0';
        char *p = trim(line);
        if (*p == '\0') {
            continue;
        }
        char *eq = strchr(p, '=');
        if (eq == NULL) {
            fprintf(stderr, PROG ": %s:%zu: expected key = value\n", source, lineno);
            rc = -1;
            break;
        }
        *eq = '\0';
        char *key = trim(p);
        char *value = trim(eq + 1);
        int k = 0;
        while (k < K_COUNT && strcmp(key, key_names[k]) != 0) {
            k++;
        }
        char *end;
        double x = strtod(value, &end);
        if (k == K_COUNT) {
            fprintf(stderr, PROG ": %s:%zu: unknown key '%s'\n", source, lineno, key);
            rc = -1;
            break;
        }
        if (end == value || *end != '\0') {
            fprintf(stderr, PROG ": %s:%zu: '%s' is not a number\n", source, lineno, value);
            rc = -1;
            break;
        }
        v[k] = x;
        given[k] = x;
        given_line[k] = lineno;
    }
    free(line);
    return rc;
}

static double or_default(double x, double fallback) {
    return isnan(x) ? fallback : x;
}

static void print_first_generation(const clv_wom_reach *r) {
    printf("\nFirst generation\n");
    printf("  people told good things   %14.2f\n", r->told_positive);
    printf("  people told bad things    %14.2f\n", r->told_negative);
    printf("  customers won             %14.2f\n", r->customers_won);
    printf("  customers deterred        %14.2f\n", r->customers_deterred);
    printf("  net customers             %14.2f\n", r->net_customers);
    printf("  value won                 %14.2f\n", r->value_won);
    printf("  value lost                %14.2f\n", r->value_lost);
    printf("  net value                 %14.2f\n", r->net_value);
}

static int print_generations(const clv_wom_params *p, double s, double sat, double dis, size_t n,
                             double cycle, double clv) {
    clv_wom_generation g[MAX_GENERATIONS];
    double r;
    if (check(clv_wom_reproduction_number(p, s, &r), "reproduction number") != CLV_OK ||
        check(clv_wom_generations(p, s, sat, dis, n, g), "generations") != CLV_OK) {
        return -1;
    }
    printf("\nGenerations (reproduction number R = s k_s c = %.4f)\n", r);
    printf("  gen       time         won   satisfied  dissatisfied    deterred    cum. won"
           "  cum. deterred  cum. net value\n");
    for (size_t i = 0; i < n; i++) {
        const clv_wom_generation *x = &g[i];
        printf("  %3zu %10.2f %11.2f %11.2f %13.2f %11.2f %11.2f %14.2f %14.2f\n", i + 1,
               cycle * (double)(i + 1), x->customers_won, x->satisfied, x->dissatisfied,
               x->customers_deterred, x->cumulative_won, x->cumulative_deterred,
               (x->cumulative_won - x->cumulative_deterred) * clv);
    }
    clv_wom_totals t;
    int st = clv_wom_total(p, s, sat, dis, clv, &t);
    if (st == CLV_EDIVERGE) {
        printf("All generations: R = %.4f >= 1, word of mouth wins %.1f%% more customers each "
               "generation; no finite total\n",
               r, 100.0 * (r - 1.0));
    } else if (check(st, "totals") != CLV_OK) {
        return -1;
    } else {
        printf("All generations: won %.2f, deterred %.2f, net %.2f customers\n", t.customers_won,
               t.customers_deterred, t.net_customers);
        printf("All generations: value won %.2f, lost %.2f, net %.2f\n", t.value_won, t.value_lost,
               t.net_value);
    }
    return 0;
}

static int print_time_to_reach(const clv_wom_params *p, double s, double sat, double target,
                               double cycle) {
    double n, t;
    if (check_keys(clv_wom_time_to_reach(p, s, sat, target, cycle, &n, &t), "time to reach",
                   keys_reach) != CLV_OK) {
        return -1;
    }
    if (isinf(n)) {
        clv_wom_totals tot;
        double limit = NAN;
        if (clv_wom_total(p, s, sat, 0.0, 0.0, &tot) == CLV_OK) {
            limit = tot.customers_won;
        }
        printf("\nTime to win %.2f customers by word of mouth: never (it wins at most %.2f)\n",
               target, limit);
    } else {
        printf("\nTime to win %.2f customers by word of mouth: %.0f generations = %.2f periods\n",
               target, n, t);
    }
    return 0;
}

static int print_cost(const clv_wom_params *p, double s, double own, double clv, double horizon,
                      double fallback_horizon) {
    clv_wom_cost c;
    int st = clv_wom_dissatisfied_cost(p, s, own, clv, horizon, &c);
    if (st == CLV_EDIVERGE) {
        printf("\nThe cost of a dissatisfied customer over all generations has no limit "
               "(s k_s c + (1 - s) k_d g >= 1); over %.0f generations:\n",
               fallback_horizon);
        horizon = fallback_horizon;
        st = clv_wom_dissatisfied_cost(p, s, own, clv, horizon, &c);
    } else {
        if (isinf(horizon)) {
            printf("\nFull cost of a dissatisfied customer (all generations of word of mouth)\n");
        } else {
            printf("\nFull cost of a dissatisfied customer (%.0f generations of word of mouth)\n",
                   horizon);
        }
    }
    if (check_keys(st, "cost of a dissatisfied customer", keys_cost) != CLV_OK) {
        return -1;
    }
    printf("  own lost lifetime value   %14.2f\n", c.own_value);
    printf("  prospects deterred        %14.4f\n", c.deterred);
    printf("  customers each stands for %14.4f\n", c.customers_per_deterred);
    printf("  customers lost            %14.4f\n", c.lost_customers);
    printf("  word-of-mouth cost        %14.2f\n", c.word_of_mouth_cost);
    printf("  total cost                %14.2f\n", c.total_cost);
    return 0;
}

static int print_kfactor(double base, double invitations, double conversion, size_t n,
                         double cycle) {
    double k;
    if (check_keys(clv_kfactor(invitations, conversion, &k), "K-factor", keys_kfactor) != CLV_OK) {
        return -1;
    }
    printf("\nViral coefficient K = %.4f (%.4f invitations x conversion %.4f), from %.2f "
           "customers\n",
           k, invitations, conversion, base);
    printf("  cycles       time   customers\n");
    for (size_t i = 0; i <= n; i++) {
        double c;
        if (check_keys(clv_kfactor_customers(base, invitations, conversion, (double)i, &c),
                       "K-factor customers", keys_kfactor) != CLV_OK) {
            return -1;
        }
        printf("  %6zu %10.2f %11.2f\n", i, cycle * (double)i, c);
    }
    double c;
    if (check_keys(clv_kfactor_customers_at(base, invitations, conversion, cycle, 1.0, &c),
                   "K-factor over time", keys_kfactor) != CLV_OK) {
        return -1;
    }
    printf("  after 1 period (%.2f cycles): %.2f customers\n", 1.0 / cycle, c);
    int st = clv_kfactor_customers(base, invitations, conversion, INFINITY, &c);
    if (st == CLV_EDIVERGE) {
        printf("  K >= 1: no limit\n");
    } else if (check_keys(st, "K-factor limit", keys_kfactor) != CLV_OK) {
        return -1;
    } else {
        printf("  limit %.2f customers\n", c);
    }
    return 0;
}

/* --plots DIR: word-of-mouth.svg, the customers each generation wins and deters (bars) and
 * the running totals (lines), generation by generation. */
static int plot_generations(const char *dir, const clv_wom_params *p, double s, double sat,
                            double dis, size_t n, double cycle) {
    clv_wom_generation g[MAX_GENERATIONS];
    double gen[MAX_GENERATIONS], won[MAX_GENERATIONS], deterred[MAX_GENERATIONS];
    double cum_won[MAX_GENERATIONS], cum_deterred[MAX_GENERATIONS], net[MAX_GENERATIONS];
    if (check(clv_wom_generations(p, s, sat, dis, n, g), "generations") != CLV_OK) {
        return -1;
    }
    double lo = 0.0, hi = 0.0;
    for (size_t i = 0; i < n; i++) {
        gen[i] = (double)(i + 1);
        won[i] = g[i].customers_won;
        deterred[i] = g[i].customers_deterred;
        cum_won[i] = g[i].cumulative_won;
        cum_deterred[i] = g[i].cumulative_deterred;
        net[i] = cum_won[i] - cum_deterred[i];
        lo = fmin(lo, net[i]);
        hi = fmax(hi, fmax(fmax(won[i], deterred[i]), fmax(cum_won[i], cum_deterred[i])));
    }
    char path[4096], subtitle[200];
    FILE *f = svgplot_open(dir, "word-of-mouth.svg", path, sizeof path);
    if (f == NULL) {
        fprintf(stderr, PROG ": cannot write %s/word-of-mouth.svg\n", dir);
        return -1;
    }
    snprintf(subtitle, sizeof subtitle,
             "from %.6g satisfied and %.6g dissatisfied customers; satisfied tell %.4g, "
             "dissatisfied %.4g; a generation every %.4g periods",
             sat, dis, p->told_satisfied, p->told_dissatisfied, cycle);
    svgplot plot;
    svgplot_begin(&plot, f, 860, 540, "Word of mouth, generation by generation", subtitle, 0);
    if (n <= 24) { /* a tick for every generation */
        char text[24][8];
        const char *labels[24];
        for (size_t i = 0; i < n; i++) {
            snprintf(text[i], sizeof text[i], "%zu", i + 1);
            labels[i] = text[i];
        }
        svgplot_x_ticks(&plot, gen, labels, n);
    }
    svgplot_axes(&plot, 0.4, (double)n + 0.6, lo, hi,
                 "generation of word of mouth (one cycle_time of periods each)",
                 "customers (people)");
    svgplot_bars(&plot, gen, won, n, 0.36, -0.19, "won in the generation", "#98df8a", 0);
    svgplot_bars(&plot, gen, deterred, n, 0.36, 0.19, "deterred in the generation", "#ff9896", 0);
    svgplot_line(&plot, gen, cum_won, n, "won, cumulative", SVGPLOT_GREEN, SVGPLOT_MARKERS);
    svgplot_line(&plot, gen, cum_deterred, n, "deterred, cumulative", SVGPLOT_RED, SVGPLOT_MARKERS);
    svgplot_line(&plot, gen, net, n, "net customers, cumulative", SVGPLOT_BLUE,
                 SVGPLOT_MARKERS | SVGPLOT_DASHED);
    int bad = svgplot_end(&plot) != 0;
    bad |= fclose(f) != 0;
    if (bad) {
        fprintf(stderr, PROG ": writing %s failed\n", path);
        return -1;
    }
    printf("\nplot: %s\n", path);
    return 0;
}

int main(int argc, char **argv) {
    const char *path = NULL, *plots = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            usage(stdout);
            return 0;
        }
        if (strcmp(argv[i], "--version") == 0) {
            printf(PROG " (libclv examples), libclv %s\n", clv_version_string());
            return 0;
        }
        if (strcmp(argv[i], "--plots") == 0 && i + 1 < argc) {
            plots = argv[++i];
            continue;
        }
        if ((argv[i][0] == '-' && argv[i][1] != '\0') || path != NULL) {
            fprintf(stderr, PROG ": unknown, incomplete or extra argument '%s' (see --help)\n",
                    argv[i]);
            return 2;
        }
        path = argv[i];
    }
    const char *source = path ? path : BUNDLED;
    FILE *f = (path && strcmp(path, "-") == 0) ? stdin : fopen(source, "r");
    if (f == NULL) {
        fprintf(stderr, PROG ": cannot open %s\n", source);
        return 1;
    }
    double v[K_COUNT];
    for (int k = 0; k < K_COUNT; k++) {
        v[k] = NAN;
    }
    int rc = read_input(f, source, v);
    if (f != stdin) {
        fclose(f);
    }
    if (rc != 0) {
        return 1;
    }
    const int needed[] = {K_SATISFIED, K_DISSATISFIED, K_CONVERSION, K_DETERRENCE,
                          K_MARGIN,    K_RETENTION,    K_DISCOUNT};
    for (size_t i = 0; i < sizeof needed / sizeof needed[0]; i++) {
        if (isnan(v[needed[i]])) {
            fprintf(stderr, PROG ": %s: missing key '%s'\n", source, key_names[needed[i]]);
            return 1;
        }
    }

    clv_wom_params p;
    clv_wom_params_init(&p); /* 5 and 10 */
    p.told_satisfied = or_default(v[K_TOLD_SATISFIED], p.told_satisfied);
    p.told_dissatisfied = or_default(v[K_TOLD_DISSATISFIED], p.told_dissatisfied);
    p.conversion = v[K_CONVERSION];
    p.deterrence = v[K_DETERRENCE];
    double sat = v[K_SATISFIED], dis = v[K_DISSATISFIED];
    double base = sat + dis;
    double s = or_default(v[K_SATISFIED_SHARE], base > 0.0 ? sat / base : 0.0);
    double cycle = or_default(v[K_CYCLE_TIME], 1.0);
    double gens = or_default(v[K_GENERATIONS], 6.0);
    if (!(gens >= 1.0 && gens <= MAX_GENERATIONS) || floor(gens) != gens) {
        fprintf(stderr, PROG ": generations must be a whole number from 1 to %d\n",
                MAX_GENERATIONS);
        return 1;
    }
    size_t n = (size_t)gens;

    double clv;
    if (check_keys(clv_retention_value(v[K_MARGIN], v[K_RETENTION], v[K_DISCOUNT], INFINITY,
                                       CLV_MARGIN_END, &clv),
                   "lifetime value", keys_value) != CLV_OK) {
        return 1;
    }
    double own = or_default(v[K_OWN_VALUE], clv);

    printf(PROG ": %s\n", path ? (strcmp(path, "-") == 0 ? "standard input" : path) : BUNDLED);
    printf("Customer base: %.2f satisfied, %.2f dissatisfied\n", sat, dis);
    printf("Word of mouth: satisfied tell %.2f, dissatisfied tell %.2f; conversion %.4f, "
           "deterrence %.4f; new customers satisfied %.4f\n",
           p.told_satisfied, p.told_dissatisfied, p.conversion, p.deterrence, s);
    printf("Lifetime value: margin %.2f a period, retention %.4f, discount %.4f -> CLV %.2f\n",
           v[K_MARGIN], v[K_RETENTION], v[K_DISCOUNT], clv);

    clv_wom_reach first;
    if (check(clv_wom_first_generation(&p, sat, dis, clv, &first), "first generation") != CLV_OK) {
        return 1;
    }
    print_first_generation(&first);
    if (print_generations(&p, s, sat, dis, n, cycle, clv) != 0 ||
        print_time_to_reach(&p, s, sat, or_default(v[K_TARGET], base), cycle) != 0 ||
        print_cost(&p, s, own, clv, or_default(v[K_HORIZON], INFINITY), gens) != 0 ||
        print_kfactor(base, or_default(v[K_INVITATIONS], s * p.told_satisfied),
                      or_default(v[K_INVITE_CONVERSION], p.conversion), n, cycle) != 0 ||
        (plots != NULL && plot_generations(plots, &p, s, sat, dis, n, cycle) != 0)) {
        return 1;
    }
    return 0;
}
