/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * Benchmark of the till (examples/pos): the per-customer call, pos_score_customer() (P(alive),
 * expected purchases in the next 90 days, expected spend, CLV and tier), over the CDNOW
 * customers; reading the parameters file; and the whole program, start-up to answer, as a
 * till would run it (posix_spawn of pos for one customer, median and 99th percentile), with
 * the library linked dynamically and statically, next to /bin/true. Prints figures, asserts
 * nothing.
 *
 *   bench-pos PARAMS POS POS_STATIC CDNOW_SUMMARY_CSV
 */
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench_common.h"
#include "pos-model.h"

#define SPAWN_RUNS 1000

extern char **environ;

static double cd_x[BENCH_CDNOW_N], cd_tx[BENCH_CDNOW_N], cd_T[BENCH_CDNOW_N];
static double cd_m[BENCH_CDNOW_N];

/* One run of `program PARAMS 2 30.43 38.86 22.345` (or of `program` alone when params is
 * null), its output to /dev/null; seconds, or -1 if it failed. */
static double spawn_once(const char *program, const char *params) {
    char *argv[] = {(char *)program, (char *)params, "2", "30.43", "38.86", "22.345", NULL};
    posix_spawn_file_actions_t fa;
    pid_t pid;
    int status = 0;
    if (params == NULL) {
        argv[1] = NULL;
    }
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    double t0 = bench_now();
    int rc = posix_spawn(&pid, program, &fa, NULL, argv, environ);
    if (rc == 0) {
        waitpid(pid, &status, 0);
    }
    double t = bench_now() - t0;
    posix_spawn_file_actions_destroy(&fa);
    return (rc == 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0) ? t : -1.0;
}

/* Median and 99th percentile of SPAWN_RUNS fresh processes, after a few to warm the caches. */
static int spawn_figure(const char *label, const char *program, const char *params) {
    static double runs[SPAWN_RUNS];
    for (int k = 0; k < 20; k++) {
        spawn_once(program, params);
    }
    for (int k = 0; k < SPAWN_RUNS; k++) {
        runs[k] = spawn_once(program, params);
        if (runs[k] < 0.0) {
            fprintf(stderr, "bench-pos: %s failed\n", program);
            return -1;
        }
    }
    qsort(runs, SPAWN_RUNS, sizeof runs[0], bench_compare);
    printf("%-48s %10.1f us median  %8.1f us p99  (%d runs)\n", label, 1e6 * runs[SPAWN_RUNS / 2],
           1e6 * runs[SPAWN_RUNS * 99 / 100], SPAWN_RUNS);
    return 0;
}

int main(int argc, char **argv) {
    bench_rss_quiet = 1; /* until the benchmark runs: --help and --version print their text */
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            printf("usage: bench-pos PARAMS POS POS_STATIC CDNOW_SUMMARY_CSV\n"
                   "Benchmark of the till: time per pos_score_customer() call, to load\n"
                   "PARAMS, and a whole run of the programs POS (dynamic libclv) and\n"
                   "POS_STATIC (static) for one customer (median and 99th percentile of %d\n"
                   "runs, in microseconds), next to /bin/true. CDNOW_SUMMARY_CSV: the customers\n"
                   "scored. Prints figures and asserts nothing.\n"
                   "  --help   this text;  --version  the program's and libclv's version\n"
                   "Example: meson test -C build --benchmark pos, or\n"
                   "  bench-pos pos-cdnow.params ./pos ./pos-static "
                   "tests/data/cdnow_customers_summary_with_transactions.csv\n",
                   SPAWN_RUNS);
            return 0;
        }
        if (strcmp(argv[i], "--version") == 0) {
            printf("bench-pos (libclv examples), libclv %s\n", clv_version_string());
            return 0;
        }
        if (argv[i][0] == '-' && argv[i][1] != '\0') {
            fprintf(stderr, "bench-pos: unknown option '%s' (see --help)\n", argv[i]);
            return 2;
        }
    }
    if (argc != 5) {
        fprintf(stderr, "usage: bench-pos PARAMS POS POS_STATIC CDNOW_SUMMARY_CSV\n");
        return 1;
    }
    const char *params = argv[1];
    const char *pos = argv[2];
    const char *pos_static = argv[3];
    pos_model m;
    char err[512];
    if (pos_model_load(params, &m, err, sizeof err) != 0) {
        fprintf(stderr, "bench-pos: %s\n", err);
        return 1;
    }
    if (bench_load_cdnow_spend(argv[4], cd_x, cd_tx, cd_T, cd_m) < 0) {
        return 1;
    }
    bench_rss_quiet = 0;
    printf("%s fit of %s; %d CDNOW customers\n", pos_model_name(&m), m.calibration_end,
           BENCH_CDNOW_N);

    const double window = 90.0 / 7.0;
    pos_score s;
    TIME_CALLS("pos_score_customer (all quantities, CDNOW)", 20 * BENCH_CDNOW_N, {
        int j = i % BENCH_CDNOW_N;
        pos_score_customer(&m, cd_x[j], cd_tx[j], cd_T[j], cd_m[j], window, &s);
        bench_sink = s.value;
    });
    TIME_CALLS("pos_score_customer (worked example x=2)", 100000, {
        pos_score_customer(&m, 2.0, 30.43, 38.86, 22.345, window, &s);
        bench_sink = s.value;
    });
    TIME_CALLS("pos_model_load (read and check the file)", 2000, {
        pos_model_load(params, &m, err, sizeof err);
        bench_sink = m.newcomer_value;
    });

    /* Start-up to answer: a fresh process per customer, with libclv.so and with libclv.a;
     * /bin/true is the machine's floor for starting a process. */
    if (spawn_figure("pos start-up + answer (libclv.so)", pos, params) != 0 ||
        spawn_figure("pos start-up + answer (libclv.a)", pos_static, params) != 0) {
        return 1;
    }
    if (access("/bin/true", X_OK) == 0) {
        spawn_figure("/bin/true (process start-up alone)", "/bin/true", NULL);
    }
    return 0;
}
