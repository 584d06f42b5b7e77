/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * clv-economics: the closed-form customer economics of a business, from its own numbers.
 *
 *   clv-economics [name=value ...]     (--help lists them with their units; --version)
 *
 * Every input has a default (a small clothing shop, yearly periods); override any of them:
 *   margin=40          margin per purchase
 *   purchases=3        purchases per year
 *   retention=0.8      share of customers kept from one year to the next
 *   discount=0.1       yearly discount rate
 *   gain=0.05          retention gain to value (+5 points)
 *   spend=12000        yearly acquisition spend
 *   new=400            customers acquired with it
 *   satisfied=900      satisfied customers       dissatisfied=100
 *   conversion=0.02    share of people told good things who become customers
 *   deterrence=0.01    share of people told bad things who stay away
 *   promoters=420 passives=310 detractors=170   NPS survey counts
 *
 * The library does no I/O: this program reads the arguments and prints the report.
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <churn.h>
#include <clv.h>
#include <referral.h>

typedef struct input {
    const char *name;
    double value;
    const char *help; /* what it is, in which unit, for --help */
    double lo, hi;    /* the domain the library documents for it, for a refusal's message */
    int lo_open, whole;
} input;

#define ANY DBL_MAX /* any finite value */

static input inputs[] = {
    {"margin", 40.0, "margin per purchase (currency units)", -ANY, ANY, 0, 0},
    {"purchases", 3.0, "purchases per customer per year", 0.0, ANY, 0, 0},
    {"retention", 0.8, "share of customers kept from one year to the next, 0..1", 0.0, 1.0, 0, 0},
    {"discount", 0.1, "yearly discount rate, 0.1 = 10%", 0.0, ANY, 0, 0},
    {"gain", 0.05, "retention gain to value, 0.05 = +5 points", -1.0, 1.0, 0, 0},
    {"spend", 12000.0, "yearly acquisition spend (currency units)", 0.0, ANY, 0, 0},
    {"new", 400.0, "customers acquired with it (people)", 0.0, ANY, 1, 0},
    {"satisfied", 900.0, "satisfied customers (people)", 0.0, ANY, 0, 0},
    {"dissatisfied", 100.0, "dissatisfied customers (people)", 0.0, ANY, 0, 0},
    {"conversion", 0.02, "share of people told good things who become customers, 0..1", 0.0,
     1.0, 0, 0},
    {"deterrence", 0.01, "share of people told bad things who stay away, 0..1", 0.0, 1.0, 0, 0},
    {"promoters", 420.0, "NPS survey: promoters (answers 9-10)", 0.0, ANY, 0, 1},
    {"passives", 310.0, "NPS survey: passives (answers 7-8)", 0.0, ANY, 0, 1},
    {"detractors", 170.0, "NPS survey: detractors (answers 0-6)", 0.0, ANY, 0, 1},
};

static void usage(void) {
    printf("usage: clv-economics [name=value ...]\n"
           "The closed-form customer economics of a business, from its own numbers (yearly\n"
           "periods). Every input has a default, a small clothing shop's; override any:\n");
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        char arg[32];
        snprintf(arg, sizeof arg, "%s=%g", inputs[i].name, inputs[i].value);
        printf("  %-20s %s\n", arg, inputs[i].help);
    }
    printf("  --help               this text;  --version  the program's and libclv's version\n"
           "Example: clv-economics margin=25 purchases=4 retention=0.7 spend=20000 new=800\n");
}

static double get(const char *name) {
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        if (strcmp(inputs[i].name, name) == 0) {
            return inputs[i].value;
        }
    }
    return NAN; /* not reached: names are from the table */
}

static int parse_arguments(int argc, char **argv) {
    for (int a = 1; a < argc; a++) {
        const char *eq = strchr(argv[a], '=');
        if (strcmp(argv[a], "-h") == 0 || strcmp(argv[a], "--help") == 0) {
            usage();
            exit(0);
        }
        if (strcmp(argv[a], "--version") == 0) {
            printf("clv-economics (libclv examples), libclv %s\n", clv_version_string());
            exit(0);
        }
        size_t i;
        for (i = 0; eq != NULL && i < sizeof inputs / sizeof inputs[0]; i++) {
            if (strlen(inputs[i].name) == (size_t)(eq - argv[a]) &&
                strncmp(inputs[i].name, argv[a], (size_t)(eq - argv[a])) == 0) {
                char *end;
                inputs[i].value = strtod(eq + 1, &end);
                if (end == eq + 1 || *end != '\0') {
                    fprintf(stderr, "clv-economics: %s is not a number\n", argv[a]);
                    return -1;
                }
                break;
            }
        }
        if (eq == NULL || i == sizeof inputs / sizeof inputs[0]) {
            fprintf(stderr,
                    "clv-economics: unknown argument '%s' (name=value expected, see --help)\n",
                    argv[a]);
            return -1;
        }
    }
    return 0;
}

/* 1 when an input is inside the domain the library documents for it. */
static int in_domain(const input *in) {
    double v = in->value;
    return isfinite(v) && (in->lo_open ? v > in->lo : v >= in->lo) && v <= in->hi &&
           (!in->whole || floor(v) == v);
}

/* A refused call: the library's message (these closed forms keep no diagnostic record,
 * clv_diag), then the arguments it was given -- names: the inputs it used, separated by
 * blanks -- those outside their domain named, or all of them when none is. This program
 * builds alone against the installed library (tests/scripts/check-install.sh), so it does
 * not share examples/common/diagnose.c, whose messages these follow. */
static int check(int status, const char *what, const char *names) {
    if (status == CLV_OK) {
        return status;
    }
    fprintf(stderr, "clv-economics: %s: %s\n", what, clv_strerror(status));
    int pass, named = 0;
    for (pass = 0; pass < 2; pass++) { /* the inputs outside their domain; else all */
        for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
            const input *in = &inputs[i];
            const char *at = strstr(names, in->name);
            size_t len = strlen(in->name);
            while (at != NULL && !((at == names || at[-1] == ' ') &&
                                   (at[len] == ' ' || at[len] == '\0'))) {
                at = strstr(at + 1, in->name);
            }
            if (at == NULL || (pass == 0 && in_domain(in))) {
                continue;
            }
            named++;
            fprintf(stderr, "clv-economics: argument %s=%.10g", in->name, in->value);
            if (pass == 1) {
                fputs(" (the inputs of this call are each in their domain)\n", stderr);
            } else if (in->lo <= -ANY && in->hi >= ANY) {
                fputs(": must be a finite number\n", stderr);
            } else if (in->hi >= ANY) {
                fprintf(stderr, ": must be %s %.10g%s\n", in->lo_open ? ">" : ">=", in->lo,
                        in->whole ? ", a whole number" : "");
            } else {
                fprintf(stderr, ": must be in [%.10g, %.10g]\n", in->lo, in->hi);
            }
        }
        if (named > 0) {
            break;
        }
    }
    return status;
}

int main(int argc, char **argv) {
    if (parse_arguments(argc, argv) != 0) {
        return 2;
    }
    double margin_year = get("margin") * get("purchases");
    double simple;
    double multiple;
    double clv_end;
    double cac;
    double ratio;
    double payback;
    double churn_year;
    double churn_month;
    double life;
    double median;
    clv_retention_effect effect;
    clv_wom_params wom;
    clv_wom_reach reach;
    clv_nps nps;
    double lo;
    double hi;

    if (check(clv_expected_lifetime(1.0 - get("retention"), &life), "lifetime", "retention") ||
        check(clv_median_lifetime(1.0 - get("retention"), &median), "median lifetime",
              "retention") ||
        check(clv_simple_value(get("margin"), get("purchases"), life, &simple), "simple value",
              "margin purchases retention") ||
        check(clv_margin_multiple(get("retention"), get("discount"), INFINITY, CLV_MARGIN_END,
                                  &multiple),
              "margin multiple", "retention discount") ||
        check(clv_retention_value(margin_year, get("retention"), get("discount"), INFINITY,
                                  CLV_MARGIN_END, &clv_end),
              "retention value", "margin purchases retention discount") ||
        check(clv_cac(get("spend"), get("new"), &cac), "CAC", "spend new") ||
        check(clv_ltv_cac_ratio(clv_end, cac, &ratio), "LTV:CAC",
              "margin purchases retention discount spend new") ||
        check(clv_payback_periods(cac, margin_year, get("retention"), get("discount"),
                                  CLV_MARGIN_END, &payback),
              "payback", "margin purchases retention discount spend new") ||
        check(clv_retention_gain(margin_year, get("retention"), get("discount"), get("gain"),
                                 INFINITY, CLV_MARGIN_END, &effect),
              "retention gain", "margin purchases retention discount gain")) {
        return 1;
    }
    churn_year = 1.0 - get("retention");
    if (check(clv_churn_convert(churn_year, 12.0, 1.0, &churn_month), "churn conversion",
              "retention") ||
        check(clv_wom_params_init(&wom), "word-of-mouth defaults", "")) {
        return 1;
    }
    wom.conversion = get("conversion");
    wom.deterrence = get("deterrence");
    if (check(
            clv_wom_first_generation(&wom, get("satisfied"), get("dissatisfied"), clv_end, &reach),
            "word of mouth", "satisfied dissatisfied conversion deterrence") ||
        check(clv_nps_from_counts(get("promoters"), get("passives"), get("detractors"), &nps),
              "NPS", "promoters passives detractors") ||
        check(clv_nps_interval(&nps, 0.95, &lo, &hi), "NPS interval",
              "promoters passives detractors")) {
        return 1;
    }

    printf("libclv %s -- customer economics\n\n", clv_version_string());
    printf("Lifetime\n");
    printf("  churn per year                 %10.4f  (%.4f per month)\n", churn_year, churn_month);
    printf("  expected lifetime, years       %10.2f  (half gone after %.2f)\n", life, median);
    printf("  simple lifetime value          %10.2f  (margin x purchases x lifetime)\n", simple);
    printf("  margin multiple                %10.3f  (Gupta & Lehmann 2003, r/(1+d-r))\n",
           multiple);
    printf("  discounted lifetime value      %10.2f\n", clv_end);
    printf("Acquisition\n");
    printf("  CAC                            %10.2f\n", cac);
    printf("  LTV:CAC                        %10.2f\n", ratio);
    printf("  payback, years                 %10.2f\n", payback);
    printf("Retention\n");
    printf("  value at retention %.2f         %10.2f\n", get("retention"), effect.value_before);
    printf("  value at retention %.2f         %10.2f  (%+.1f%%)\n", get("retention") + get("gain"),
           effect.value_after, 100.0 * effect.relative_change);
    printf("Word of mouth (each satisfied customer tells %.0f, dissatisfied %.0f)\n",
           wom.told_satisfied, wom.told_dissatisfied);
    printf("  people told good / bad things  %10.0f / %.0f\n", reach.told_positive,
           reach.told_negative);
    printf("  customers won / deterred       %10.2f / %.2f\n", reach.customers_won,
           reach.customers_deterred);
    printf("  net value of word of mouth     %10.2f\n", reach.net_value);
    printf("Net Promoter Score\n");
    printf("  NPS                            %10.1f  (SE %.1f, 95%% CI %.1f to %.1f, n = %.0f)\n",
           nps.nps, nps.std_error, lo, hi, nps.n);
    return 0;
}
