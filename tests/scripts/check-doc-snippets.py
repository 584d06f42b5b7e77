#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The C snippets of the guides compile against the public headers and do what the text says.

Usage: check-doc-snippets.py SRCDIR LIBCLV_SO [CFLAG ...] -- CC [CC ARGS ...]

Every ```c block of the pages listed in PAGES is compiled with -Wall -Wextra -Werror against
include/ and linked with the built libclv.so:
- a block with its own main() is built and run as it is;
- a block with #include lines but no main() is a translation unit: it is compiled, and run
  when a directive gives it a main;
- any other block is a fragment: it becomes the body of main() after the headers, and runs.
A directive, an HTML comment just before the block (invisible in Doxygen's output and in a
rendered Markdown file), says more, one key per line:

    <!-- snippet
    context: C code put before the block (inside main for a fragment, after the block for a
             translation unit, where it must define main)
    check: a C expression that must be true after the block (a fragment) -- the figures
    stdout: the exact standard output expected
    -->

A prelude gives snippets doc_cdnow(), which reads tests/data/cdnow_customers_summary_with_
transactions.csv (the CDNOW customers of the text, weeks) into caller arrays, and near(a, b,
tol), a relative comparison. Prints TAP: one test per block.
"""
import os
import re
import subprocess
import sys
import tempfile

PAGES = ["docs/mainpage.md", "docs/model-choice.md", "docs/units.md", "docs/integrations.md"]

PRELUDE = r'''#include <clv.h>
#include <churn.h>
#include <referral.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The CDNOW customer table of the guides: id, x, t_x, T, zbar; returns the rows read. */
static size_t doc_cdnow(double *x, double *t_x, double *T, double *zbar, size_t capacity) {
    FILE *f = fopen(DOC_CDNOW_CSV, "r");
    char line[256];
    size_t n = 0;
    if (f == NULL || fgets(line, sizeof line, f) == NULL) {
        fprintf(stderr, "cannot read %s\n", DOC_CDNOW_CSV);
        exit(2);
    }
    while (n < capacity && fgets(line, sizeof line, f) != NULL) {
        long id;
        if (sscanf(line, "%ld,%lf,%lf,%lf,%lf", &id, &x[n], &t_x[n], &T[n], &zbar[n]) == 5)
            n++;
    }
    fclose(f);
    return n;
}

/* |a - b| <= tol max(|b|, 1e-300): the printed digits of the text. */
static int near(double a, double b, double tol) {
    return fabs(a - b) <= tol * fmax(fabs(b), 1e-300);
}
'''

FENCE = re.compile(r"^```c\s*$")
DIRECTIVE = re.compile(r"<!--\s*snippet\s*\n(.*?)-->\s*", re.S)


def parse_directive(text):
    """key: value lines; a line starting with whitespace continues the previous value."""
    keys = {}
    last = None
    for line in text.splitlines():
        m = re.match(r"^(context|check|stdout):\s?(.*)$", line)
        if m:
            last = m.group(1)
            keys[last] = (keys.get(last, "") + "\n" if last in keys else "") + m.group(2)
        elif last and line.strip():
            keys[last] += "\n" + line
        elif line.strip():
            raise ValueError("unknown directive line: %r" % line)
    return keys


def blocks(path):
    """(line number, code, directive dict) of every ```c block of a Markdown file."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    out = []
    i = 0
    while i < len(lines):
        if FENCE.match(lines[i]):
            start = i
            j = i + 1
            while j < len(lines) and lines[j].strip() != "```":
                j += 1
            before = "\n".join(lines[max(0, start - 40):start]) + "\n"
            at = before.rfind("<!-- snippet")
            m = DIRECTIVE.fullmatch(before[at:]) if at >= 0 else None
            directive = parse_directive(m.group(1)) if m else {}
            out.append((start + 1, "\n".join(lines[start + 1:j]) + "\n", directive))
            i = j + 1
        else:
            i += 1
    return out


def program(code, directive):
    """The C source to build, and whether to run it."""
    context = directive.get("context", "")
    check = directive.get("check")
    if re.search(r"\bint\s+main\s*\(", code):
        return PRELUDE + code, True
    if re.search(r"^\s*#\s*include", code, re.M):
        return PRELUDE + code + "\n" + context + "\n", bool(context)
    body = context + "\n" + code
    if check:
        body += ('\nif (!(%s)) {\n    fprintf(stderr, "check failed: %%s\\n", %s);\n'
                 '    return 1;\n}\n' % (check.replace("\n", " "), c_string(check)))
    return PRELUDE + "int main(void) {\n" + body + "\nreturn 0;\n}\n", True


def c_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def main(argv):
    sep = argv.index("--")
    srcdir, lib = argv[1], argv[2]
    cflags = argv[3:sep]
    cc = argv[sep + 1:]
    libdir = os.path.dirname(os.path.abspath(lib))
    csv = os.path.join(srcdir, "tests", "data", "cdnow_customers_summary_with_transactions.csv")
    cases = []
    for page in PAGES:
        for line, code, directive in blocks(os.path.join(srcdir, page)):
            cases.append((page, line, code, directive))
    print("1..%d" % len(cases))
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for k, (page, line, code, directive) in enumerate(cases, 1):
            name = "%s:%d" % (page, line)
            source, run = program(code, directive)
            c_file = os.path.join(tmp, "snippet%d.c" % k)
            exe = os.path.join(tmp, "snippet%d" % k)
            with open(c_file, "w", encoding="utf-8") as f:
                f.write(source)
            flags = ["-std=c99", "-Wall", "-Wextra", "-Werror", "-Wno-unused-function",
                     "-I" + os.path.join(srcdir, "include"),
                     '-DDOC_CDNOW_CSV="%s"' % csv] + cflags
            if run:
                cmd = cc + flags + [c_file, "-o", exe, "-L" + libdir, "-lclv", "-lm",
                                    "-Wl,-rpath," + libdir]
            else:
                cmd = cc + flags + ["-c", c_file, "-o", exe + ".o"]
            res = subprocess.run(cmd, capture_output=True, text=True)
            problem = None
            if res.returncode != 0:
                problem = "does not compile:\n" + res.stderr
            elif run:
                res = subprocess.run([exe], capture_output=True, text=True, timeout=60)
                if res.returncode != 0:
                    problem = "exit status %d:\n%s%s" % (res.returncode, res.stdout, res.stderr)
                elif "stdout" in directive and res.stdout != directive["stdout"] + "\n":
                    problem = "printed %r, the text says %r" % (res.stdout, directive["stdout"])
            if problem is None:
                print("ok %d - %s%s" % (k, name, "" if run else " (compiled)"))
            else:
                failed += 1
                print("not ok %d - %s" % (k, name))
                for text in problem.splitlines():
                    print("# " + text)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
