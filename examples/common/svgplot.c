/* SPDX-License-Identifier: MIT */
/* Copyright (c) 2026 The libclv authors */
/*
 * svgplot: self-contained SVG 1.1 charts for the examples (see svgplot.h).
 *
 * Layout, in pixels: the title and subtitle above the plot area, the y label left of it, the
 * x ticks and label below it, then the legend in rows. Axis ticks fall on "nice" steps
 * (1, 2, 2.5 or 5 times a power of ten), about six to an axis.
 */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* mkdir */
#endif
#include "svgplot.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>

#define FONT "font-family=\"sans-serif\""
#define TICKS_WANTED 6

static void out(svgplot *p, const char *fmt, ...) {
    va_list ap;
    if (p->error) {
        return;
    }
    va_start(ap, fmt);
    if (vfprintf(p->out, fmt, ap) < 0) {
        p->error = 1;
    }
    va_end(ap);
}

/* Length of the valid UTF-8 sequence XML allows at s (1-4), or 0 if there is none. */
static size_t utf8_length(const unsigned char *s) {
    unsigned char c = s[0];
    if (c < 0x80) {
        return (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') ? 1 : 0;
    }
    unsigned char lo = 0x80, hi = 0xBF;
    size_t n;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        lo = (c == 0xE0) ? 0xA0 : 0x80;
        hi = (c == 0xED) ? 0x9F : 0xBF; /* no surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        lo = (c == 0xF0) ? 0x90 : 0x80;
        hi = (c == 0xF4) ? 0x8F : 0xBF; /* at most U+10FFFF */
    } else {
        return 0;
    }
    if (s[1] < lo || s[1] > hi) {
        return 0;
    }
    for (size_t k = 2; k < n; k++) {
        if (s[k] < 0x80 || s[k] > 0xBF) {
            return 0;
        }
    }
    if (c == 0xEF && s[1] == 0xBF && (s[2] == 0xBE || s[2] == 0xBF)) {
        return 0; /* U+FFFE and U+FFFF are not XML characters */
    }
    return n;
}

void svgplot_text(FILE *f, const char *s) {
    const unsigned char *u = (const unsigned char *)(s ? s : "");
    while (*u != '\0') {
        size_t n = utf8_length(u);
        if (n == 0) {
            fputc('?', f);
            u++;
        } else if (n > 1) {
            fwrite(u, 1, n, f);
            u += n;
        } else {
            switch (*u) {
            case '&':
                fputs("&amp;", f);
                break;
            case '<':
                fputs("&lt;", f);
                break;
            case '>':
                fputs("&gt;", f);
                break;
            case '"':
                fputs("&quot;", f);
                break;
            case '\'':
                fputs("&apos;", f);
                break;
            default:
                fputc(*u, f);
                break;
            }
            u++;
        }
    }
}

static void text(svgplot *p, const char *s) {
    if (!p->error) {
        svgplot_text(p->out, s);
        p->error = ferror(p->out) != 0;
    }
}

/* A tick step of about span / wanted: 1, 2, 2.5 or 5 times a power of ten. */
static double nice_step(double span, int wanted) {
    double raw = span / wanted;
    double mag = pow(10.0, floor(log10(raw)));
    double f = raw / mag;
    double step = f <= 1.0 ? 1.0 : f <= 2.0 ? 2.0 : f <= 2.5 ? 2.5 : f <= 5.0 ? 5.0 : 10.0;
    return step * mag;
}

/* Decimals that write every multiple of step exactly. */
static int step_decimals(double step) {
    int d = 0;
    double scaled = step;
    while (d < 10 && fabs(scaled - round(scaled)) > 1e-6 * fmax(1.0, fabs(scaled))) {
        scaled *= 10.0;
        d++;
    }
    return d;
}

static void format_tick(char *buf, size_t size, double v, double step) {
    if (fabs(v) < 1e-9 * step) {
        v = 0.0; /* no "-0" */
    }
    if (fabs(v) >= 1e7) {
        snprintf(buf, size, "%.3g", v);
    } else {
        snprintf(buf, size, "%.*f", step_decimals(step), v);
    }
}

/* Widen [*lo, *hi] to whole steps (unless exact); returns the step. */
static double widen(double *lo, double *hi, int exact) {
    if (!isfinite(*lo) || !isfinite(*hi)) {
        *lo = 0.0;
        *hi = 1.0;
    }
    if (!(*hi > *lo)) {
        double pad = (*lo != 0.0) ? fabs(*lo) * 0.1 : 1.0;
        *lo -= pad;
        *hi += pad;
    }
    double step = nice_step(*hi - *lo, TICKS_WANTED);
    if (exact) {
        return step;
    }
    *lo = floor(*lo / step + 1e-9) * step;
    *hi = ceil(*hi / step - 1e-9) * step;
    return step;
}

static double px(const svgplot *p, double x) {
    return p->left + (x - p->x_lo) / (p->x_hi - p->x_lo) * (p->right - p->left);
}

static double py(const svgplot *p, double y, unsigned flags) {
    double lo = (flags & SVGPLOT_RIGHT) ? p->y2_lo : p->y_lo;
    double hi = (flags & SVGPLOT_RIGHT) ? p->y2_hi : p->y_hi;
    return p->bottom - (y - lo) / (hi - lo) * (p->bottom - p->top);
}

void svgplot_begin(svgplot *p, FILE *f, double width, double height, const char *title,
                   const char *subtitle, unsigned flags) {
    memset(p, 0, sizeof *p);
    p->out = f;
    p->width = width;
    p->height = height;
    p->left = 84.0;
    p->top = (subtitle != NULL) ? 66.0 : 46.0;
    p->right = width - ((flags & SVGPLOT_WIDE_RIGHT) ? 112.0 : 32.0);
    p->bottom = height - 92.0;
    p->exact_y = (flags & SVGPLOT_EXACT_Y) != 0;
    out(p, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n");
    out(p,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%.0f\" "
        "height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\">\n",
        width, height, width, height);
    out(p, "<title>");
    text(p, title);
    out(p, "</title>\n");
    out(p,
        "<defs><clipPath id=\"plot-area\"><rect x=\"%.3f\" y=\"%.3f\" width=\"%.3f\" "
        "height=\"%.3f\"/></clipPath></defs>\n",
        p->left, p->top, p->right - p->left, p->bottom - p->top);
    out(p, "<rect x=\"0\" y=\"0\" width=\"%.0f\" height=\"%.0f\" fill=\"#ffffff\"/>\n", width,
        height);
    out(p,
        "<text x=\"%.1f\" y=\"28\" " FONT " font-size=\"18\" font-weight=\"bold\" "
        "fill=\"#222222\">",
        p->left);
    text(p, title);
    out(p, "</text>\n");
    if (subtitle != NULL) {
        out(p, "<text x=\"%.1f\" y=\"50\" " FONT " font-size=\"13\" fill=\"#555555\">", p->left);
        text(p, subtitle);
        out(p, "</text>\n");
    }
}

void svgplot_x_ticks(svgplot *p, const double *at, const char *const *labels, size_t n) {
    if (n > SVGPLOT_MAX_TICKS) {
        n = SVGPLOT_MAX_TICKS;
    }
    for (size_t i = 0; i < n; i++) {
        p->x_tick_at[i] = at[i];
        snprintf(p->x_tick_label[i], sizeof p->x_tick_label[i], "%s", labels[i]);
    }
    p->n_x_ticks = n;
}

static void x_tick(svgplot *p, double x, const char *label) {
    double X = px(p, x);
    out(p, "<line x1=\"%.3f\" y1=\"%.3f\" x2=\"%.3f\" y2=\"%.3f\" stroke=\"#e4e4e4\"/>\n", X,
        p->top, X, p->bottom);
    out(p, "<line x1=\"%.3f\" y1=\"%.3f\" x2=\"%.3f\" y2=\"%.3f\" stroke=\"#333333\"/>\n", X,
        p->bottom, X, p->bottom + 5.0);
    out(p,
        "<text x=\"%.3f\" y=\"%.3f\" " FONT " font-size=\"12\" text-anchor=\"middle\" "
        "fill=\"#333333\">",
        X, p->bottom + 19.0);
    text(p, label);
    out(p, "</text>\n");
}

/* Ticks, labels and (for the left axis) grid lines of a y axis. */
static void y_ticks(svgplot *p, double step, unsigned flags) {
    int right = (flags & SVGPLOT_RIGHT) != 0;
    double lo = right ? p->y2_lo : p->y_lo, hi = right ? p->y2_hi : p->y_hi;
    double edge = right ? p->right : p->left;
    double first = ceil(lo / step - 1e-9);
    for (int k = 0; k <= 200; k++) {
        double v = (first + k) * step;
        if (v > hi + 1e-9 * step) {
            break;
        }
        char buf[32];
        double Y = py(p, v, flags);
        format_tick(buf, sizeof buf, v, step);
        if (!right) {
            out(p, "<line x1=\"%.3f\" y1=\"%.3f\" x2=\"%.3f\" y2=\"%.3f\" stroke=\"#e4e4e4\"/>\n",
                p->left, Y, p->right, Y);
        }
        out(p, "<line x1=\"%.3f\" y1=\"%.3f\" x2=\"%.3f\" y2=\"%.3f\" stroke=\"#333333\"/>\n", edge,
            Y, right ? edge + 5.0 : edge - 5.0, Y);
        out(p,
            "<text x=\"%.3f\" y=\"%.3f\" " FONT " font-size=\"12\" text-anchor=\"%s\" "
            "fill=\"#333333\">%s</text>\n",
            right ? edge + 8.0 : edge - 8.0, Y + 4.0, right ? "start" : "end", buf);
    }
}

/* An axis label; cls "y-label" or "y2-label" (checks find the labels by their class). */
static void rotated_label(svgplot *p, double x, const char *label, const char *cls) {
    double y = 0.5 * (p->top + p->bottom);
    out(p,
        "<text class=\"%s\" x=\"%.3f\" y=\"%.3f\" transform=\"rotate(-90 %.3f %.3f)\" " FONT
        " font-size=\"13\" text-anchor=\"middle\" fill=\"#222222\">",
        cls, x, y, x, y);
    text(p, label);
    out(p, "</text>\n");
}

void svgplot_axes(svgplot *p, double x_lo, double x_hi, double y_lo, double y_hi,
                  const char *x_label, const char *y_label) {
    if (!(x_hi > x_lo) || !isfinite(x_lo) || !isfinite(x_hi)) {
        x_hi = isfinite(x_lo) ? x_lo + 1.0 : 1.0;
        x_lo = x_hi - 1.0;
    }
    p->x_lo = x_lo;
    p->x_hi = x_hi;
    p->y_lo = y_lo;
    p->y_hi = y_hi;
    double y_step = widen(&p->y_lo, &p->y_hi, p->exact_y);
    p->has_axes = 1;
    out(p, "<g class=\"axes\">\n");
    if (p->n_x_ticks > 0) {
        for (size_t i = 0; i < p->n_x_ticks; i++) {
            x_tick(p, p->x_tick_at[i], p->x_tick_label[i]);
        }
    } else {
        double step = nice_step(x_hi - x_lo, TICKS_WANTED + 2);
        double first = ceil(x_lo / step - 1e-9);
        for (int k = 0; k <= 200; k++) {
            double v = (first + k) * step;
            if (v > x_hi + 1e-9 * step) {
                break;
            }
            char buf[32];
            format_tick(buf, sizeof buf, v, step);
            x_tick(p, v, buf);
        }
    }
    y_ticks(p, y_step, 0);
    out(p,
        "<rect x=\"%.3f\" y=\"%.3f\" width=\"%.3f\" height=\"%.3f\" fill=\"none\" "
        "stroke=\"#333333\"/>\n",
        p->left, p->top, p->right - p->left, p->bottom - p->top);
    out(p,
        "<text class=\"x-label\" x=\"%.3f\" y=\"%.3f\" " FONT " font-size=\"13\" "
        "text-anchor=\"middle\" fill=\"#222222\">",
        0.5 * (p->left + p->right), p->bottom + 40.0);
    text(p, x_label);
    out(p, "</text>\n");
    rotated_label(p, p->left - 60.0, y_label, "y-label");
    out(p, "</g>\n");
}

void svgplot_right_axis(svgplot *p, double lo, double hi, const char *label) {
    p->y2_lo = lo;
    p->y2_hi = hi;
    double step = widen(&p->y2_lo, &p->y2_hi, p->exact_y);
    p->has_y2 = 1;
    out(p, "<g class=\"right-axis\">\n");
    y_ticks(p, step, SVGPLOT_RIGHT);
    rotated_label(p, p->right + 84.0, label, "y2-label");
    out(p, "</g>\n");
}

static void add_legend(svgplot *p, const char *label, const char *color, unsigned flags, int kind) {
    if (label == NULL || p->n_legend >= SVGPLOT_MAX_LEGEND) {
        return;
    }
    svgplot_legend_entry *e = &p->legend[p->n_legend++];
    snprintf(e->label, sizeof e->label, "%s", label);
    snprintf(e->color, sizeof e->color, "%s", color);
    e->flags = flags;
    e->kind = kind;
}

/* <title> and <desc> of a series: its label and its data in data units. */
static void series_head(svgplot *p, const char *label, const double *x, const double *y, size_t n) {
    out(p, "<title>");
    text(p, label ? label : "");
    out(p, "</title><desc>");
    const char *sep = "";
    for (size_t i = 0; i < n; i++) {
        if (isfinite(x[i]) && isfinite(y[i])) {
            out(p, "%s%.10g,%.10g", sep, x[i], y[i]);
            sep = " ";
        }
    }
    out(p, "</desc>");
}

/* Dots are not clipped (a dot on the frame shows whole): those outside the axes are left out. */
static void dots(svgplot *p, const double *x, const double *y, size_t n, const char *color,
                 unsigned flags) {
    int right = (flags & SVGPLOT_RIGHT) != 0;
    double lo = right ? p->y2_lo : p->y_lo, hi = right ? p->y2_hi : p->y_hi;
    for (size_t i = 0; i < n; i++) {
        if (x[i] >= p->x_lo && x[i] <= p->x_hi && y[i] >= lo && y[i] <= hi) {
            out(p, "<circle cx=\"%.3f\" cy=\"%.3f\" r=\"3.5\" fill=\"%s\"/>\n", px(p, x[i]),
                py(p, y[i], flags), color);
        }
    }
}

void svgplot_line(svgplot *p, const double *x, const double *y, size_t n, const char *label,
                  const char *color, unsigned flags) {
    out(p,
        "<g class=\"line\" clip-path=\"url(#plot-area)\">\n<polyline fill=\"none\" "
        "stroke=\"%s\" stroke-width=\"2.5\" stroke-linejoin=\"round\"%s points=\"",
        color, (flags & SVGPLOT_DASHED) ? " stroke-dasharray=\"7 4\"" : "");
    const char *sep = "";
    for (size_t i = 0; i < n; i++) {
        if (isfinite(x[i]) && isfinite(y[i])) {
            out(p, "%s%.3f,%.3f", sep, px(p, x[i]), py(p, y[i], flags));
            sep = " ";
        }
    }
    out(p, "\">");
    series_head(p, label, x, y, n);
    out(p, "</polyline>\n</g>\n");
    if (flags & SVGPLOT_MARKERS) {
        out(p, "<g class=\"markers\">\n");
        dots(p, x, y, n, color, flags);
        out(p, "</g>\n");
    }
    add_legend(p, label, color, flags, 0);
}

void svgplot_points(svgplot *p, const double *x, const double *y, size_t n, const char *label,
                    const char *color, unsigned flags) {
    out(p, "<g class=\"points\">");
    series_head(p, label, x, y, n);
    out(p, "\n");
    dots(p, x, y, n, color, flags);
    out(p, "</g>\n");
    add_legend(p, label, color, flags, 2);
}

void svgplot_bars(svgplot *p, const double *x, const double *y, size_t n, double bar_width,
                  double offset, const char *label, const char *color, unsigned flags) {
    out(p, "<g class=\"bars\" clip-path=\"url(#plot-area)\" fill=\"%s\">", color);
    series_head(p, label, x, y, n);
    out(p, "\n");
    double base = (flags & SVGPLOT_RIGHT) ? p->y2_lo : p->y_lo;
    base = fmax(base, fmin(0.0, (flags & SVGPLOT_RIGHT) ? p->y2_hi : p->y_hi));
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(x[i]) || !isfinite(y[i])) {
            continue;
        }
        double x0 = px(p, x[i] + offset - 0.5 * bar_width);
        double x1 = px(p, x[i] + offset + 0.5 * bar_width);
        double y0 = py(p, base, flags), y1 = py(p, y[i], flags);
        out(p, "<rect x=\"%.3f\" y=\"%.3f\" width=\"%.3f\" height=\"%.3f\"/>\n", fmin(x0, x1),
            fmin(y0, y1), fabs(x1 - x0), fabs(y1 - y0));
    }
    out(p, "</g>\n");
    add_legend(p, label, color, flags, 1);
}

void svgplot_vline(svgplot *p, double x, const char *label) {
    if (!isfinite(x) || x < p->x_lo || x > p->x_hi) {
        return;
    }
    double X = px(p, x);
    out(p,
        "<g class=\"marker\"><line x1=\"%.3f\" y1=\"%.3f\" x2=\"%.3f\" y2=\"%.3f\" "
        "stroke=\"#444444\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\"/>",
        X, p->top, X, p->bottom);
    if (label != NULL) {
        out(p, "<text x=\"%.3f\" y=\"%.3f\" " FONT " font-size=\"12\" fill=\"#444444\">", X + 5.0,
            p->top + 15.0);
        text(p, label);
        out(p, "</text>");
    }
    out(p, "</g>\n");
}

void svgplot_colormap(double t, char buf[8]) {
    /* Five stops of a perceptually ordered dark-blue -> teal -> green -> yellow scale (the
     * key colours of matplotlib's viridis), interpolated linearly in RGB. */
    static const unsigned char stop[5][3] = {
        {68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}};
    if (!(t >= 0.0)) {
        t = 0.0; /* and NaN */
    }
    if (t > 1.0) {
        t = 1.0;
    }
    double s = t * 4.0;
    int k = (int)s;
    if (k > 3) {
        k = 3;
    }
    double f = s - k;
    int rgb[3];
    for (int c = 0; c < 3; c++) {
        rgb[c] = (int)lround(stop[k][c] + f * (stop[k + 1][c] - stop[k][c]));
    }
    snprintf(buf, 8, "#%02x%02x%02x", (unsigned)rgb[0], (unsigned)rgb[1], (unsigned)rgb[2]);
}

static double unit(double z, double lo, double hi) {
    return (hi > lo) ? (z - lo) / (hi - lo) : 0.5;
}

static void color_legend(svgplot *p, double z_lo, double z_hi, const char *z_label) {
    const int steps = 96;
    double x = p->right + 16.0, w = 16.0, h = p->bottom - p->top;
    out(p, "<g class=\"color-legend\" shape-rendering=\"crispEdges\">\n");
    for (int k = 0; k < steps; k++) {
        char c[8];
        svgplot_colormap((k + 0.5) / steps, c);
        out(p, "<rect x=\"%.3f\" y=\"%.3f\" width=\"%.3f\" height=\"%.3f\" fill=\"%s\"/>\n", x,
            p->bottom - (k + 1) * h / steps, w, h / steps + 0.5, c);
    }
    out(p,
        "<rect x=\"%.3f\" y=\"%.3f\" width=\"%.3f\" height=\"%.3f\" fill=\"none\" "
        "stroke=\"#333333\"/>\n",
        x, p->top, w, h);
    double lo = z_lo, hi = z_hi;
    double step = nice_step(hi > lo ? hi - lo : 1.0, 5);
    double first = ceil(lo / step - 1e-9);
    for (int k = 0; k <= 200; k++) {
        double v = (first + k) * step;
        if (v > hi + 1e-9 * step) {
            break;
        }
        char buf[32];
        double Y = p->bottom - unit(v, lo, hi) * h;
        format_tick(buf, sizeof buf, v, step);
        out(p, "<line x1=\"%.3f\" y1=\"%.3f\" x2=\"%.3f\" y2=\"%.3f\" stroke=\"#333333\"/>", x + w,
            Y, x + w + 4.0, Y);
        out(p, "<text x=\"%.3f\" y=\"%.3f\" " FONT " font-size=\"12\" fill=\"#333333\">%s</text>\n",
            x + w + 7.0, Y + 4.0, buf);
    }
    out(p, "</g>\n");
    rotated_label(p, p->right + 92.0, z_label, "z-label");
}

void svgplot_heatmap(svgplot *p, const double *z, size_t nx, size_t ny, double z_lo, double z_hi,
                     const char *z_label) {
    if (nx == 0 || ny == 0) {
        return;
    }
    double dx = (p->x_hi - p->x_lo) / (double)nx, dy = (p->y_hi - p->y_lo) / (double)ny;
    out(p, "<g class=\"heatmap\" shape-rendering=\"crispEdges\"><title>");
    text(p, z_label);
    out(p, "</title><desc>%zu %zu", nx, ny);
    for (size_t i = 0; i < nx * ny; i++) {
        out(p, " %.10g", z[i]);
    }
    out(p, "</desc>\n");
    for (size_t row = 0; row < ny; row++) {
        for (size_t col = 0; col < nx; col++) {
            double v = z[row * nx + col];
            if (!isfinite(v)) {
                continue;
            }
            char c[8];
            svgplot_colormap(unit(v, z_lo, z_hi), c);
            double x0 = px(p, p->x_lo + (double)col * dx), x1 = px(p, p->x_lo + (col + 1.0) * dx);
            double y0 = py(p, p->y_lo + (double)row * dy, 0);
            double y1 = py(p, p->y_lo + (row + 1.0) * dy, 0);
            /* Half a pixel of overlap so that no seam shows between cells. */
            out(p, "<rect x=\"%.3f\" y=\"%.3f\" width=\"%.3f\" height=\"%.3f\" fill=\"%s\"/>\n", x0,
                y1, x1 - x0 + 0.5, y0 - y1 + 0.5, c);
        }
    }
    out(p, "</g>\n");
    color_legend(p, z_lo, z_hi, z_label);
}

/* The hatching of svgplot_hatch() and its legend sample: grey, diagonal strokes. */
#define HATCH_ID "svgplot-hatch"

void svgplot_hatch(svgplot *p, const unsigned char *mask, size_t nx, size_t ny,
                   const char *label) {
    if (nx == 0 || ny == 0) {
        return;
    }
    double dx = (p->x_hi - p->x_lo) / (double)nx, dy = (p->y_hi - p->y_lo) / (double)ny;
    out(p, "<defs><pattern id=\"" HATCH_ID "\" width=\"7\" height=\"7\" "
           "patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
           "<rect width=\"7\" height=\"7\" fill=\"#e3e3e3\"/>"
           "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"7\" stroke=\"#8c8c8c\" "
           "stroke-width=\"2.5\"/></pattern></defs>\n");
    out(p, "<g class=\"hatched\" shape-rendering=\"crispEdges\"><title>");
    text(p, label);
    out(p, "</title><desc>");
    const char *sep = "";
    for (size_t i = 0; i < nx * ny; i++) {
        if (mask[i]) {
            out(p, "%s%zu,%zu", sep, i % nx, i / nx);
            sep = " ";
        }
    }
    out(p, "</desc>\n");
    for (size_t i = 0; i < nx * ny; i++) {
        if (!mask[i]) {
            continue;
        }
        size_t col = i % nx, row = i / nx;
        double x0 = px(p, p->x_lo + (double)col * dx), x1 = px(p, p->x_lo + (col + 1.0) * dx);
        double y0 = py(p, p->y_lo + (double)row * dy, 0);
        double y1 = py(p, p->y_lo + (row + 1.0) * dy, 0);
        out(p, "<rect x=\"%.3f\" y=\"%.3f\" width=\"%.3f\" height=\"%.3f\" "
               "fill=\"url(#" HATCH_ID ")\"/>\n",
            x0, y1, x1 - x0 + 0.5, y0 - y1 + 0.5);
    }
    out(p, "</g>\n");
    add_legend(p, label, "#8c8c8c", 0, 3);
}

int svgplot_end(svgplot *p) {
    double x = p->left, y = p->bottom + 62.0;
    if (p->n_legend > 0) {
        out(p, "<g class=\"legend\">\n");
    }
    for (size_t i = 0; i < p->n_legend; i++) {
        const svgplot_legend_entry *e = &p->legend[i];
        /* About 7 px a character of 12 px sans-serif. */
        double w = 34.0 + 7.0 * (double)strlen(e->label) + 18.0;
        if (e->flags & SVGPLOT_RIGHT) {
            w += 84.0; /* " (right axis)" */
        }
        if (x > p->left && x + w > p->width - 10.0) {
            x = p->left;
            y += 20.0;
        }
        if (e->kind == 3) {
            out(p,
                "<rect x=\"%.3f\" y=\"%.3f\" width=\"24\" height=\"11\" "
                "fill=\"url(#" HATCH_ID ")\" stroke=\"%s\"/>",
                x, y - 9.0, e->color);
        } else if (e->kind == 1) {
            out(p, "<rect x=\"%.3f\" y=\"%.3f\" width=\"24\" height=\"11\" fill=\"%s\"/>", x,
                y - 9.0, e->color);
        } else if (e->kind == 2) {
            out(p, "<circle cx=\"%.3f\" cy=\"%.3f\" r=\"3.5\" fill=\"%s\"/>", x + 12.0, y - 4.0,
                e->color);
        } else {
            out(p,
                "<line x1=\"%.3f\" y1=\"%.3f\" x2=\"%.3f\" y2=\"%.3f\" stroke=\"%s\" "
                "stroke-width=\"2.5\"%s/>",
                x, y - 4.0, x + 24.0, y - 4.0, e->color,
                (e->flags & SVGPLOT_DASHED) ? " stroke-dasharray=\"7 4\"" : "");
            if (e->flags & SVGPLOT_MARKERS) {
                out(p, "<circle cx=\"%.3f\" cy=\"%.3f\" r=\"3.5\" fill=\"%s\"/>", x + 12.0, y - 4.0,
                    e->color);
            }
        }
        out(p, "<text x=\"%.3f\" y=\"%.3f\" " FONT " font-size=\"12\" fill=\"#222222\">", x + 32.0,
            y);
        text(p, e->label);
        if (e->flags & SVGPLOT_RIGHT) {
            out(p, " (right axis)");
        }
        out(p, "</text>\n");
        x += w;
    }
    if (p->n_legend > 0) {
        out(p, "</g>\n");
    }
    out(p, "</svg>\n");
    if (fflush(p->out) != 0 || ferror(p->out)) {
        p->error = 1;
    }
    return p->error ? -1 : 0;
}

FILE *svgplot_open(const char *dir, const char *name, char *path, size_t size) {
    int len = snprintf(path, size, "%s/%s", dir, name);
    if (len < 0 || (size_t)len >= size) {
        errno = ENAMETOOLONG;
        return NULL;
    }
    /* mkdir -p: each parent of dir in turn (path holds dir up to the last '/'), then dir. */
    size_t dir_len = (size_t)len - strlen(name) - 1;
    for (size_t i = 1; i <= dir_len; i++) {
        if (i == dir_len || path[i] == '/') {
            char saved = path[i];
            path[i] = '\0';
            int made = mkdir(path, 0777) == 0 || errno == EEXIST;
            path[i] = saved;
            if (!made) {
                return NULL;
            }
        }
    }
    return fopen(path, "w");
}
