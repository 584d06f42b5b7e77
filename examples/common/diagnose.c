/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/* diagnose: the examples' messages for a refused libclv call; see diagnose.h. */
#include "diagnose.h"

#include <float.h>
#include <math.h>

int diagnose_refusal(FILE *f, const char *prog, const char *what, int status,
                     const clv_diag *diag) {
    char text[400];
    if (diag != NULL && diag->status != 0 &&
        clv_diag_format(diag, text, sizeof text, NULL) == CLV_OK) {
        fprintf(f, "%s: %s: %s\n", prog, what, text);
    } else {
        fprintf(f, "%s: %s: %s\n", prog, what, clv_strerror(status));
    }
    return status;
}

int diagnose_in_domain(const diagnose_input *in) {
    double v = in->value;
    if (isnan(v) ||
        (isinf(v) && !(isinf(in->lo) && v == in->lo) && !(isinf(in->hi) && v == in->hi))) {
        return 0;
    }
    if (in->lo_open ? !(v > in->lo) : !(v >= in->lo)) {
        return 0;
    }
    return v <= in->hi && (!in->whole || floor(v) == v);
}

/* Where an input came from: "line 4: name = v" or "argument name=v". */
static void where(FILE *f, const diagnose_input *in) {
    if (in->line > 0) {
        fprintf(f, "line %zu: %s = %.10g", in->line, in->name, in->value);
    } else {
        fprintf(f, "argument %s=%.10g", in->name, in->value);
    }
}

size_t diagnose_inputs(FILE *f, const char *prog, const diagnose_input *in, size_t n) {
    size_t outside = 0;
    for (size_t i = 0; i < n; i++) {
        if (diagnose_in_domain(&in[i])) {
            continue;
        }
        outside++;
        fprintf(f, "%s: ", prog);
        where(f, &in[i]);
        if (in[i].lo <= -DBL_MAX && in[i].hi >= DBL_MAX) {
            fputs(": must be a finite number", f);
        } else if (in[i].hi >= DBL_MAX) {
            fprintf(f, ": must be %s %.10g", in[i].lo_open ? ">" : ">=", in[i].lo);
        } else {
            fprintf(f, ": must be in %c%.10g, %.10g]", in[i].lo_open ? '(' : '[', in[i].lo,
                    in[i].hi);
        }
        fputs(in[i].whole ? ", a whole number\n" : "\n", f);
    }
    if (outside == 0 && n > 0) {
        fprintf(f, "%s: the inputs of this call: ", prog);
        for (size_t i = 0; i < n; i++) {
            where(f, &in[i]);
            fputs(i + 1 < n ? "; " : "\n", f);
        }
    }
    return outside;
}
