/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * diagnose: what the example programs print when a libclv call refuses their input -- the
 * library's diagnostic record (clv_diag: row, field, rule, value) when the call fills one,
 * and, from the example's own knowledge of where each number came from, the line of the
 * input file (or the command-line argument) that holds the offending value.
 *
 * Calls that take a clv_diag (through clv_fit_options::diag -- sBG's fits included --,
 * clv_bass_fit_options::diag, clv_rfm_options::diag, or a *_diag variant) say what was wrong
 * themselves; the closed forms have no record, so for those the example checks the call's
 * inputs against the domains the library documents and names the first one outside.
 */
#ifndef CLV_EXAMPLES_DIAGNOSE_H
#define CLV_EXAMPLES_DIAGNOSE_H

#include <stddef.h>
#include <stdio.h>

#include <clv.h>

/* Print "PROG: WHAT: " and the diagnostic record as clv_diag_format() writes it when diag is
 * non-null and filled, else clv_strerror(status). Returns status. */
int diagnose_refusal(FILE *f, const char *prog, const char *what, int status, const clv_diag *diag);

/* One scalar input of a call: its name, its value, where it came from (line of the input
 * file, 1-based, or 0 for a command-line argument, written name=value) and the domain the
 * library documents for it: lo <= value <= hi (lo_open: lo < value), a whole number when
 * whole is 1. */
typedef struct diagnose_input {
    const char *name;
    double value;
    size_t line;
    double lo, hi;
    int lo_open, whole;
} diagnose_input;

/* 1 when the input is inside its domain (finite unless a bound is infinite). */
int diagnose_in_domain(const diagnose_input *in);

/*
 * After a refusal: name each input outside its domain ("PROG: line 4: conversion = 1.5: must
 * be in [0, 1]"; "PROG: argument new=0: must be > 0"; a bound of +-DBL_MAX means none); when
 * none is (the inputs break a rule between them), list them all with where they came from.
 * Returns the number of inputs named as outside.
 */
size_t diagnose_inputs(FILE *f, const char *prog, const diagnose_input *in, size_t n);

#endif
