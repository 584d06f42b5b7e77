/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * svgplot: a small writer of self-contained SVG 1.1 charts, shared by the examples (the
 * library itself does no I/O). One chart per file: a title, a plot area with axes, ticks,
 * grid and labels, line series, points, bars, vertical markers, a heat map with its colour
 * legend, an optional right-hand axis, and a legend under the plot. No scripts, no external
 * fonts or style sheets: every attribute is written inline and the only font named is the
 * generic "sans-serif".
 *
 * Every series carries its label as a <title> (a browser shows it as a tooltip) and its data,
 * in data units, as a <desc>: "x,y x,y ..." (bars and points the same; a heat map
 * "nx ny" and then its values row by row). Tests read the data back from there.
 *
 *     svgplot p;
 *     FILE *f = fopen("chart.svg", "w");
 *     svgplot_begin(&p, f, 800, 500, "Title", "subtitle or NULL", 0);
 *     svgplot_axes(&p, 0, 10, 0, 100, "week", "purchases");
 *     svgplot_line(&p, x, y, n, "actual", SVGPLOT_BLUE, 0);
 *     if (svgplot_end(&p) != 0 || fclose(f) != 0) ...error...
 *
 * Drawing calls record a write error and do nothing after one; svgplot_end() reports it.
 * Non-finite values are skipped. Text is escaped for XML, and bytes that are not valid UTF-8
 * are written as '?', so any label makes a well-formed file.
 */
#ifndef SVGPLOT_H
#define SVGPLOT_H

#include <stddef.h>
#include <stdio.h>

/* Series flags. */
#define SVGPLOT_DASHED 1u  /* dashed line */
#define SVGPLOT_MARKERS 2u /* a dot at every point of a line */
#define SVGPLOT_RIGHT 4u   /* against the right-hand axis (svgplot_right_axis) */

/* Layout flags of svgplot_begin(). */
#define SVGPLOT_WIDE_RIGHT 1u /* room on the right for a second axis or a colour legend */
#define SVGPLOT_EXACT_Y 2u    /* the y axes span exactly the ranges given (a heat map's rows) */

/* A palette that stays apart for most colour-blind readers. */
#define SVGPLOT_BLUE "#1f77b4"
#define SVGPLOT_ORANGE "#e6730b"
#define SVGPLOT_GREEN "#2ca02c"
#define SVGPLOT_RED "#d62728"
#define SVGPLOT_PURPLE "#9467bd"
#define SVGPLOT_GREY "#7f7f7f"

#define SVGPLOT_MAX_LEGEND 12
#define SVGPLOT_MAX_TICKS 64

typedef struct svgplot_legend_entry {
    char label[96];
    char color[16];
    unsigned flags;
    int kind; /* 0 line, 1 bar, 2 point, 3 hatched cells */
} svgplot_legend_entry;

/* A chart being written. Fields are private to svgplot.c. */
typedef struct svgplot {
    FILE *out;
    int error;
    double width, height;
    double left, top, right, bottom; /* the plot area, in pixels */
    double x_lo, x_hi, y_lo, y_hi;   /* data ranges of the axes */
    double y2_lo, y2_hi;
    int has_axes, has_y2, exact_y;
    size_t n_x_ticks; /* custom x ticks (svgplot_x_ticks), 0 for automatic ones */
    double x_tick_at[SVGPLOT_MAX_TICKS];
    char x_tick_label[SVGPLOT_MAX_TICKS][24];
    size_t n_legend;
    svgplot_legend_entry legend[SVGPLOT_MAX_LEGEND];
} svgplot;

/* Start a chart of width x height pixels on out, with a title and an optional subtitle
 * (NULL for none). flags: SVGPLOT_WIDE_RIGHT, SVGPLOT_EXACT_Y, both or 0. */
void svgplot_begin(svgplot *p, FILE *out, double width, double height, const char *title,
                   const char *subtitle, unsigned flags);

/* Use these x ticks (at data values, with labels) instead of automatic ones; call before
 * svgplot_axes(). At most SVGPLOT_MAX_TICKS. */
void svgplot_x_ticks(svgplot *p, const double *at, const char *const *labels, size_t n);

/* Draw the axes, grid, ticks and labels. The x axis spans [x_lo, x_hi] exactly; the y axis is
 * widened to whole tick steps around [y_lo, y_hi] (unless SVGPLOT_EXACT_Y). Call once, before
 * any series. */
void svgplot_axes(svgplot *p, double x_lo, double x_hi, double y_lo, double y_hi,
                  const char *x_label, const char *y_label);

/* A second y axis on the right (needs SVGPLOT_WIDE_RIGHT), for series drawn with
 * SVGPLOT_RIGHT; widened to whole tick steps like the left one. */
void svgplot_right_axis(svgplot *p, double lo, double hi, const char *label);

/* A line through n points (x[i], y[i]); label (NULL: none) goes into the legend. */
void svgplot_line(svgplot *p, const double *x, const double *y, size_t n, const char *label,
                  const char *color, unsigned flags);

/* n dots. */
void svgplot_points(svgplot *p, const double *x, const double *y, size_t n, const char *label,
                    const char *color, unsigned flags);

/* n bars from 0 to y[i], centred on x[i] + offset, bar_width wide (data units of x). */
void svgplot_bars(svgplot *p, const double *x, const double *y, size_t n, double bar_width,
                  double offset, const char *label, const char *color, unsigned flags);

/* A dashed vertical line at x with a short label at its top (NULL: none). */
void svgplot_vline(svgplot *p, double x, const char *label);

/* A heat map filling the plot area: nx columns over the x axis, ny rows over the y axis,
 * z[row * nx + col] with row 0 at the bottom; colours from z_lo to z_hi (a viridis-like
 * scale), with a colour legend titled z_label on the right (needs SVGPLOT_WIDE_RIGHT).
 * Draw it before any series that should lie on top of it. */
void svgplot_heatmap(svgplot *p, const double *z, size_t nx, size_t ny, double z_lo, double z_hi,
                     const char *z_label);

/* Hatch the cells of the heat map grid (nx columns, ny rows, row 0 at the bottom) where
 * mask[row * nx + col] is non-zero: grey with diagonal strokes, for cells that cannot occur
 * (give them a non-finite z, which svgplot_heatmap() leaves blank). The group carries label
 * as its <title> and the cells as "col,row ..." in its <desc>; label goes into the legend. */
void svgplot_hatch(svgplot *p, const unsigned char *mask, size_t nx, size_t ny,
                   const char *label);

/* The colour of value t in [0, 1] on the heat map's scale, as "#rrggbb". */
void svgplot_colormap(double t, char out[8]);

/* Write the legend and close the chart: 0, or -1 if any write failed. The caller closes the
 * FILE. */
int svgplot_end(svgplot *p);

/* Create directory dir and its parents if they are missing and open dir/name for writing;
 * the file's path is written to path (size bytes). NULL on failure, with errno set (ENAMETOOLONG
 * when the path does not fit). */
FILE *svgplot_open(const char *dir, const char *name, char *path, size_t size);

/* Write text escaped for XML character data or a quoted attribute. */
void svgplot_text(FILE *out, const char *s);

#endif /* SVGPLOT_H */
