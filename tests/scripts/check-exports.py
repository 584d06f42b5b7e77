#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""clv-report on the corpus of real-shaped exports (tests/data/exports/make-exports.py): every
good file reads to the customers pandas finds in it (x exactly, t_x and T to the 4 printed
decimals, the mean repeat spend to the 2 printed decimals), with the row counts it prints; every
bad file is refused with exit status 1, its line number and its reason.

Usage: check-exports.py <clv-report> <srcdir> <workdir>
"""
import csv
import io
import json
import os
import re
import subprocess
import sys

report, src, work = sys.argv[1:4]
corpus = os.path.join(work, "exports")
subprocess.run([sys.executable, os.path.join(src, "tests/data/exports/make-exports.py"), corpus],
               check=True)
with open(os.path.join(corpus, "manifest.json")) as f:
    manifest = json.load(f)

failures = 0
tests = 0


def result(ok, what):
    global failures, tests
    tests += 1
    print("%s %d - %s" % ("ok" if ok else "not ok", tests, what))
    failures += not ok


def run(args, stdin=None):
    p = subprocess.run([report] + args, stdin=stdin, capture_output=True)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8")


def check_counts(e, err, name):
    m = re.search(r"(\d+) rows skipped; (\d+) rows used, (\d+) customers", err)
    ok = m is not None and (int(m.group(1)), int(m.group(2)), int(m.group(3))) == (
        e["skipped"], e["rows_used"], e["customers"])
    result(ok, "%s: %s skipped, %s rows used, %s customers (printed: %s)" % (
        name, e["skipped"], e["rows_used"], e["customers"], m.group(0) if m else err[:300]))


def check_table(e, out, name):
    got = {r["customer"]: r for r in csv.DictReader(io.StringIO(out))}
    with open(os.path.join(corpus, e["expected"]), newline="") as f:
        want = list(csv.DictReader(f))
    bad = []
    for w in want:
        g = got.get(w["customer"])
        if g is None:
            bad.append("customer %r missing" % w["customer"])
            continue
        if (int(float(g["x"])) != int(w["x"]) or
                abs(float(g["t_x"]) - float(w["t_x"])) > 5.1e-5 or
                abs(float(g["T"]) - float(w["T"])) > 5.1e-5 or
                abs(float(g["monetary"]) - float(w["monetary"])) > 5.1e-3):
            bad.append("customer %r: got %s, want %s" % (w["customer"], dict(g), dict(w)))
    if len(got) != len(want):
        bad.append("%d rows, want %d" % (len(got), len(want)))
    result(not bad, "%s: %d customers' x, t_x, T, monetary as pandas %s" % (
        name, len(want), "; ".join(bad[:3])))
    if e.get("has_values"):
        vals = [float(r["clv"]) for r in got.values()]
        result(all(v >= 0 for v in vals), "%s: every customer has a value >= 0" % name)


for e in manifest:
    path = os.path.join(corpus, e["file"])
    rc, out, err = run(e["args"] + ["--csv", path])
    name = e["name"]
    if e["status"] == 1:
        line = "line %d" % e["refusal_line"]
        result(rc == 1 and line in err and e["refusal_reason"] in err,
               "%s refused: exit %d, '%s: ...%s' in %r" % (name, rc, line, e["refusal_reason"],
                                                         err.strip()[-300:]))
        continue
    result(rc == 0, "%s: exit status %d" % (name, rc))
    check_counts(e, err, name)
    check_table(e, out, name)
    if "skipped_line" in e:
        result("line %d skipped: %s" % (e["skipped_line"], e["skipped_reason"]) in err,
               "%s: the skipped row is named with its line and reason" % name)
    if e.get("no_amounts"):
        rc2, out2, err2 = run(e["args"] + [path])
        flat = "--spend" in e["args"]
        result(rc2 == 0 and ("Spend: a flat" in out2 if flat else
                             "Spend model: none -- the log has no amount column" in out2),
               "%s: the purchase model is reported%s" % (
                   name, " with the flat spend" if flat else ", with why there are no values"))

# gzip through the shell: the master file read from standard input.
master = [e for e in manifest if e["name"] == "master"][0]
gz = os.path.join(work, "master.txt.gz")
subprocess.run("gzip -c '%s' > '%s'" % (os.path.join(corpus, master["file"]), gz), shell=True,
               check=True)
with subprocess.Popen(["gzip", "-dc", gz], stdout=subprocess.PIPE) as z:
    rc, out, err = run(master["args"] + ["--csv", "-"], stdin=z.stdout)
result(rc == 0, "master through gzip and standard input: exit %d" % rc)
check_table(master, out, "master via gzip -c | clv-report -")

# The full master file, default settings (calibration to its last day): the $0.00 repeat
# purchases are kept as purchases and left out of the spend model, and both models are fitted.
rc, out, err = run([os.path.join(corpus, master["file"])])
result(rc == 0 and "Gamma-Gamma fit (log-likelihood" in out and
       "80 rows with amount <= 0: kept as purchases" in err,
       "master, default run: both models fitted, the 80 non-positive rows counted")

# --help names the options with their units and an example; --version the library's too.
rc, out, err = run(["--help"])
result(rc == 0 and all(w in out for w in ("--refunds keep|drop|net", "--spend X", "--columns",
                                          "--date-format", "weeks", "Example:")),
       "--help: exit 0, the input options, units and an example")
rc, out, err = run(["--version"])
result(rc == 0 and re.match(r"clv-report \S+ \(libclv \S+\)", out) is not None,
       "--version: %r" % out.strip())
rc, out, err = run(["--refunds", "sometimes"])
result(rc == 2 and "'--refunds'" in err, "a bad option value: exit 2, named")

# A log the purchase model cannot be fitted to (four customers, none of whom buys again): the
# refusal carries the library's diagnostic record, naming the parameter that runs off.
one = os.path.join(work, "no-repeat.csv")
with open(one, "w") as f:
    f.write("id,date,amount\nA,2020-01-01,10\nB,2020-01-05,12\nC,2020-02-01,9\n"
            "D,2020-03-01,5\n")
rc, out, err = run([one])
result(rc == 1 and re.search(r"fitting the purchase model: params\[\d\]: the estimate runs off "
                             r"to the edge of the parameter space", err) is not None,
       "no repeat buyer: exit 1, the library's diagnostic says which parameter runs off")

# The three ways clv-report reads a log give the same summary: a log whose customers' rows
# come in date order is summarised as it is read; a shuffled file is read again, keeping its
# rows; standard input keeps them from the start (then the same file gives the same bytes).
# Each refunds policy, with a holdout (--end) and its chart table.
refunds = [e for e in manifest if e["name"] == "refunds_net"][0]
with open(os.path.join(corpus, refunds["file"]), newline="") as f:
    rows = list(csv.reader(f))
header, body = rows[0], [r for r in rows[1:] if r]
date_col = header.index("date")
shuffled = os.path.join(work, "order-shuffled.csv")
dated = os.path.join(work, "order-dated.csv")
for path, ordered in ((shuffled, body[::-1][1::2] + body[::-1][0::2]),
                      (dated, sorted(body, key=lambda r: r[date_col]))):  # stable: file order
    with open(path, "w", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows([header] + ordered)
for policy in ("keep", "drop", "net"):
    args = ["--end", "1997-06-30", "--refunds", policy]
    got = {}
    for how, path in (("date-ordered file", dated), ("shuffled file", shuffled)):
        rc, out, err = run(args + ["--csv", path])
        got[how] = (rc, out)
        again = "not in date order: reading the file again" in err
        result(rc == 0 and again == (path == shuffled),
               "refunds %s, %s: exit %d, %s" % (policy, how, rc,
                                                "read again" if again else "read once"))
    with open(shuffled, "rb") as f:
        p = subprocess.Popen(["cat"], stdin=f, stdout=subprocess.PIPE)
        rc, out, err = run(args + ["--csv", "-"], stdin=p.stdout)
        p.wait()
    got["shuffled pipe"] = (rc, out)
    result(rc == 0 and "reading the file again" not in err, "refunds %s, pipe: read once" % policy)
    # Customers come out in the order of their first row, which the shuffle changed.
    base = sorted(got["date-ordered file"][1].splitlines())
    result(sorted(got["shuffled file"][1].splitlines()) == base and len(base) > 100,
           "refunds %s: the shuffled file gives the date-ordered file's %d customers" % (
               policy, len(base) - 1))
    result(got["shuffled pipe"][1] == got["shuffled file"][1],
           "refunds %s: the shuffled file through a pipe gives the same CSV, byte for byte" %
           policy)
    # The report with --plots: its holdout table and charts' numbers, the same three ways.
    texts = []
    for path, stdin in ((dated, None), (shuffled, None), ("-", shuffled)):
        d = os.path.join(work, "order-plots")
        if stdin:
            with open(stdin, "rb") as f:
                rc, out, err = run(args + ["--plots", d, "-"], stdin=f)
        else:
            rc, out, err = run(args + ["--plots", d, path])
        texts.append(out)
    result(texts[0] == texts[1] == texts[2] and "Holdout purchases" in texts[0],
           "refunds %s: the report and its chart tables are the same read all three ways" % policy)

# Order does not change the numbers, to the last bit: the spend is summed in exact integer
# micro-units, so amounts whose double sums depend on their order (0.1 + 0.2 + 0.3) give the
# same fitted models (--save-params writes them with 17 digits) from the log date-ordered
# (read as it streams), with each customer's rows of a day reversed (streams too), and with
# all rows but each customer's first shuffled (rows kept, 8 bytes each; the customers come
# first in the same order, so the fits see the same table; see "not done" for other orders),
# through a file and a pipe.
import itertools
import random
rng = random.Random(15)
log = []
for c in range(1000):  # customers who buy at their own rates and leave (BG/NBD's story)
    first = rng.randrange(0, 150)
    rate, leave = rng.gammavariate(0.8, 1 / 25.0), first + rng.expovariate(1 / 150.0)
    days, d = {first}, first + rng.expovariate(rate)
    while d < min(leave, 330):
        days.add(int(d))
        d += rng.expovariate(rate)
    for d in sorted(days):
        for _ in range(rng.randrange(1, 5)):
            amount = rng.choice([0.1, 0.2, 0.3, 0.7, 1.1, 2.05, 19.99, 0.01, -5.0])
            amount = amount * rng.randrange(1, 30) if amount > 0.05 else amount
            log.append(("cust-%d" % c, "1997-%02d-%02d" % (1 + d // 28, 1 + d % 28),
                        "%.2f" % amount))
log.sort(key=lambda r: (r[1], r[0]))
reversed_days = list(log)
for _, grp in itertools.groupby(range(len(log)), key=lambda i: log[i][:2]):
    grp = list(grp)
    for i, k in zip(grp, reversed(grp)):
        reversed_days[i] = log[i][:2] + (log[k][2],)
seen, firsts, rest = set(), [], []
for r in log:
    (rest if r[0] in seen else firsts).append(r)
    seen.add(r[0])
orders = {"dated": log, "reversed": reversed_days,
          "shuffled": firsts + rng.sample(rest, len(rest))}
for name, rows in orders.items():
    with open(os.path.join(work, "exact-%s.csv" % name), "w") as f:
        f.write("customer,date,amount\n")
        f.writelines("%s,%s,%s\n" % r for r in rows)
for policy in ("keep", "drop", "net"):
    outs = {}
    for name in list(orders) + ["pipe"]:
        path = os.path.join(work, "exact-%s.csv" % (name if name != "pipe" else "shuffled"))
        params = os.path.join(work, "exact-%s.params" % name)
        with open(path, "rb") as f:
            rc, out, err = run(["--refunds", policy, "--end", "1997-09-30", "--save-params",
                                params, "-" if name == "pipe" else path],
                               stdin=f if name == "pipe" else None)
        again = "reading the file again" in err
        with open(params) as f:
            outs[name] = (rc, out, f.read(), again)
    base = outs["dated"]
    result(base[0] == 0 and "gg_p" in base[2] and not base[3] and not outs["reversed"][3] and
           outs["shuffled"][3] and all(v[:3] == base[:3] for v in outs.values()),
           "refunds %s: the fitted models (17 digits) and the report are the same for the log "
           "date-ordered, with each day's rows reversed, and shuffled (file and pipe)" % policy)

# --timezone: a date-time's day in UTC (default) or as written (local). A purchase at
# 23:30-05:00 on March 1st is on March 2nd in UTC: after the calibration end 2024-03-01 (a
# holdout purchase, a second purchase day), and on the written day, March 1st, with local.
tz = os.path.join(work, "timezone.csv")
with open(tz, "w") as f:
    f.write("customer,date,amount\nA,2024-02-20T10:00-05:00,10\nA,2024-03-01T10:00-05:00,5\n"
            "A,2024-03-01T23:30-05:00,7\nB,2024-02-10T00:30+02:00,3\nB,2024-02-09T12:00Z,4\n")
for zone, days, cal in (("utc", 4, 3), ("local", 4, 4), (None, 4, 3)):
    rc, out, err = run((["--timezone", zone] if zone else []) + ["--end", "2024-03-01", tz])
    m = re.search(r"(\d+) purchase days \(same-day rows are one purchase\); \d+ customers with a "
                  r"first purchase by the calibration end, (\d+) purchase days in calibration", err)
    result(m is not None and (int(m.group(1)), int(m.group(2))) == (days, cal),
           "--timezone %s: %d purchase days, %d in calibration (printed: %s)" % (
               zone or "(default utc)", days, cal, m.group(0) if m else err[-300:]))
rc, out, err = run(["--timezone", "est", tz])
result(rc == 2 and "--timezone" in err, "--timezone est: refused, exit 2")

print("1..%d" % tests)
sys.exit(1 if failures else 0)
