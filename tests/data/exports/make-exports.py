#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Make a corpus of real-shaped transaction exports from the CDNOW data, each with the
summary clv-report must find in it, computed here independently with pandas.

Usage: make-exports.py OUTDIR

Sources (tests/data/exports/, gzip -9 -n of byte-identical copies, see README.md):
  CDNOW_master.txt.gz          lifetimes 0.11.3 datasets/CDNOW_master.txt (Bruce Hardie's CDNOW
                               data: header, blank-separated columns, YYYYMMDD dates)
  example_transactions.csv.gz  lifetimes 0.11.3 datasets/example_transactions.csv (date,id)

Writes OUTDIR/<name>.<ext> for every variant, OUTDIR/<name>.expected.csv (one row per
calibration customer: id, x, t_x, T in weeks, monetary = mean positive spend of the repeat
purchase days) and OUTDIR/manifest.json: per variant the clv-report arguments and what it must
print (rows used, rows skipped, customers; or, for a bad file, exit status 1 and the refusal's
line number and reason). Deterministic: fixed seeds, no clock.

The summary follows Fader, Hardie & Lee (2005): purchases on the same day count as one; x is
the number of purchase days after the first up to the calibration end, t_x the time from the
first to the last of them, T from the first purchase to the end (weeks = days / 7).
"""
import csv
import datetime as dt
import gzip
import json
import os
import random
import sys

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
END = dt.date(1997, 9, 30)
EPOCH = dt.date(1970, 1, 1)


def load_master():
    with gzip.open(os.path.join(HERE, "CDNOW_master.txt.gz"), "rt") as f:
        df = pd.read_csv(f, sep=r"\s+", dtype={"customer_id": str, "date": str})
    df["day"] = pd.to_datetime(df["date"], format="%Y%m%d").dt.date
    return df[["customer_id", "day", "dollar_value"]].rename(
        columns={"customer_id": "id", "dollar_value": "amount"})


def summary(df, end=END, refunds="keep", has_amount=True):
    """Per customer (x, t_x, T, monetary) of rows id, day, amount under a refunds policy."""
    d = df.copy()
    d["pos"] = d["amount"].where(d["amount"] > 0, 0.0) if has_amount else 0.0
    d["npos"] = (d["amount"] > 0).astype(int) if has_amount else 0
    g = d.groupby(["id", "day"], sort=False).agg(
        all=("amount", "sum") if has_amount else ("day", "size"), pos=("pos", "sum"),
        npos=("npos", "sum")).reset_index()
    if has_amount and refunds == "drop":
        g = g[g["npos"] > 0]
    if has_amount and refunds == "net":
        g = g[g["all"] > 0]
    g["spend"] = (g["all"] if refunds == "net" else g["pos"]) if has_amount else 0.0
    g["d"] = g["day"].map(dt.date.toordinal)
    e = end.toordinal()
    g["first"] = g.groupby("id", sort=False)["d"].transform("min")
    g = g[g["first"] <= e]
    rep = g[(g["d"] > g["first"]) & (g["d"] <= e)]
    first = g.groupby("id")["first"].first()
    x = rep.groupby("id").size().reindex(first.index, fill_value=0)
    last = rep.groupby("id")["d"].max().reindex(first.index)
    pos = rep[rep["spend"] > 0]
    m = pos.groupby("id")["spend"].mean().reindex(first.index, fill_value=0.0)
    t_x = ((last - first) / 7.0).fillna(0.0)
    T = (e - first) / 7.0
    return [(cid, int(x[cid]), float(t_x[cid]), float(T[cid]), float(m[cid]))
            for cid in first.index]


def write_expected(out, name, rows):
    with open(os.path.join(out, name + ".expected.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["customer", "x", "t_x", "T", "monetary"])
        for r in rows:
            w.writerow([r[0], r[1], repr(r[2]), repr(r[3]), repr(r[4])])


def quote(s, sep):
    if any(ch in s for ch in (sep, '"', "\n", "\r")):
        return '"' + s.replace('"', '""') + '"'
    return s


def lines_of(records, sep, eol="\n"):
    return "".join(sep.join(quote(str(v), sep) for v in r) + eol for r in records)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    rnd = random.Random(15)
    master = load_master()
    sub = master[master["id"].astype(int) <= 2500].reset_index(drop=True)
    manifest = []

    def good(name, ext, text, df, args, refunds="keep", has_amount=True, skipped=0,
             extra=None, encoding="utf-8"):
        path = os.path.join(out, name + "." + ext)
        with open(path, "wb") as f:
            f.write(text.encode(encoding) if isinstance(text, str) else text)
        rows = summary(df, refunds=refunds, has_amount=has_amount)
        write_expected(out, name, rows)
        e = {"name": name, "file": name + "." + ext, "args": ["--end", "1997-09-30"] + args,
             "status": 0, "rows_used": len(df), "skipped": skipped,
             "customers": int(df["id"].nunique()), "expected": name + ".expected.csv",
             "has_values": has_amount}
        e.update(extra or {})
        manifest.append(e)

    def bad(name, ext, text, args, line, reason):
        with open(os.path.join(out, name + "." + ext), "wb") as f:
            f.write(text.encode("utf-8"))
        manifest.append({"name": name, "file": name + "." + ext,
                         "args": ["--end", "1997-09-30"] + args, "status": 1,
                         "refusal_line": line, "refusal_reason": reason})

    # 1. The full master file as it is (header, blank-separated, YYYYMMDD, $0.00 purchases).
    with gzip.open(os.path.join(HERE, "CDNOW_master.txt.gz"), "rb") as f:
        raw = f.read()  # bytes as published: CRLF line ends
    good("master", "txt", raw, master, [])

    # 2. customer_id,date,amount with a header, string ids, ISO dates, shuffled rows.
    d2 = sub.copy()
    d2["id"] = "C-" + d2["id"]
    recs = [(r.id, r.day.isoformat(), "%.2f" % r.amount) for r in d2.itertuples()]
    rnd.shuffle(recs)
    good("comma_header_shuffled", "csv",
         lines_of([("customer_id", "date", "amount")] + recs, ","), d2, [])

    # 3. Semicolons, a BOM, CRLF, quoted names with separators, quotes and a line break, a
    #    header with other names and extra columns: chosen by name.
    d3 = sub.copy()
    names = {}
    for cid in d3["id"].unique():
        k = int(cid)
        names[cid] = ('Smith; J. "VIP" %d' % k if k % 7 == 0 else
                      "Ünïcode kunde %d" % k if k % 7 == 1 else
                      "two\nlines %d" % k if k % 7 == 2 else "cust%d" % k)
    d3["id"] = d3["id"].map(names)
    recs = [("x%d" % i, r.id, r.day.strftime("%Y%m%d"), "1", "%.2f" % r.amount)
            for i, r in enumerate(d3.itertuples())]
    text = "\ufeff" + lines_of([("order", "Client_ID", "Order_Date", "units", "Revenue")] + recs,
                               ";", "\r\n")
    good("semicolon_bom_crlf_quoted", "csv", text, d3, [])

    # 4. Tabs, no header, blank lines in between, id/date/amount by content.
    d4 = sub.copy()
    recs = [(r.id, r.day.isoformat(), "%.2f" % r.amount) for r in d4.itertuples()]
    text = "".join("\t".join(r) + "\n" + ("\n" if i % 97 == 0 else "") for i, r in
                   enumerate(recs))
    good("tab_noheader_blanks", "tsv", "\n" + text, d4, [])

    # 5. ISO date-times with zone offsets: a UTC instant inside the purchase day, written in
    #    local time (which may be on the day before or after) with its offset.
    d5 = sub.copy()
    offsets = [-8 * 60, -5 * 60, 0, 120, 330, 540, 14 * 60, -12 * 60]
    recs = []
    for r in d5.itertuples():
        utc = dt.datetime.combine(r.day, dt.time()) + dt.timedelta(
            seconds=rnd.randrange(86400))
        off = rnd.choice(offsets)
        local = utc + dt.timedelta(minutes=off)
        if off == 0 and rnd.random() < 0.5:
            stamp = local.strftime("%Y-%m-%dT%H:%M:%SZ")
        else:
            sign = "+" if off >= 0 else "-"
            stamp = local.strftime("%Y-%m-%dT%H:%M:%S") + "%s%02d:%02d" % (
                sign, abs(off) // 60, abs(off) % 60)
        recs.append((stamp, r.id, "%.2f" % r.amount))
    rnd.shuffle(recs)
    good("datetime_offsets", "csv", lines_of([("timestamp", "cust", "value")] + recs, ","), d5,
         [])

    # 6. Epoch seconds, named columns given by position.
    d6 = sub.copy()
    recs = [(r.id, str((r.day - EPOCH).days * 86400 + rnd.randrange(86400)), "%.2f" % r.amount)
            for r in d6.itertuples()]
    good("epoch_positions", "csv", lines_of([("who", "when", "how_much")] + recs, ","), d6,
         ["--id", "1", "--date", "2", "--amount", "3", "--date-format", "epoch"])

    # 7. Refunds and free items: a refund on the day of some purchases (half or all of it),
    #    refunds on days without a purchase, zero amounts; under the three policies.
    d7 = sub.copy()
    extra = []
    for r in d7.sample(n=400, random_state=15).itertuples():
        extra.append((r.id, r.day, -round(r.amount * rnd.choice([0.5, 1.0, 1.5]), 2)))
    for r in d7.sample(n=100, random_state=16).itertuples():
        extra.append((r.id, r.day + dt.timedelta(days=rnd.randrange(1, 60)), -5.0))
        extra.append((r.id, r.day + dt.timedelta(days=rnd.randrange(1, 60)), 0.0))
    d7 = pd.concat([d7, pd.DataFrame(extra, columns=["id", "day", "amount"])],
                   ignore_index=True)
    recs = [(r.id, r.day.isoformat(), "%.2f" % r.amount) for r in d7.itertuples()]
    rnd.shuffle(recs)
    text = lines_of([("customer", "date", "amount")] + recs, ",")
    for pol in ("keep", "drop", "net"):
        good("refunds_" + pol, "csv", text, d7, ["--refunds", pol], refunds=pol)

    # 8. A truncated last line (the export was cut): that row is skipped with its line number.
    d8 = sub.copy()
    recs = [(r.id, r.day.isoformat(), "%.2f" % r.amount) for r in d8.itertuples()]
    text = lines_of([("id", "date", "amount")] + recs, ",")
    cut = text[:-1].rfind("\n") + 1
    text = text[:cut] + text[cut:cut + 9]  # "01234,199": a date cut short, no line end
    good("truncated_last_line", "csv", text, d8.iloc[:-1], [], skipped=1,
         extra={"skipped_line": len(recs) + 1, "skipped_reason": "too few fields"})

    # 9. date,id with "YYYY-MM-DD 00:00:00" and no amounts (lifetimes' example_transactions):
    #    the purchase model only; then a flat --spend.
    with gzip.open(os.path.join(HERE, "example_transactions.csv.gz"), "rt") as f:
        ex = pd.read_csv(f, dtype={"id": str})
    ex["day"] = pd.to_datetime(ex["date"]).dt.date
    ex["amount"] = 0.0
    with gzip.open(os.path.join(HERE, "example_transactions.csv.gz"), "rb") as f:
        raw_ex = f.read()
    end9 = ["--end", "2014-12-31"]
    for nm, args in (("no_amount", []), ("no_amount_flat_spend", ["--spend", "12.5"])):
        with open(os.path.join(out, nm + ".csv"), "wb") as f:
            f.write(raw_ex)
        rows = summary(ex, end=dt.date(2014, 12, 31), has_amount=False)
        write_expected(out, nm, rows)
        manifest.append({"name": nm, "file": nm + ".csv", "args": end9 + args, "status": 0,
                         "rows_used": len(ex), "skipped": 0,
                         "customers": int(ex["id"].nunique()), "expected": nm + ".expected.csv",
                         "has_values": bool(args), "no_amounts": True})

    # 10. Bad files, refused with the line and the reason.
    head = "customer_id,date,amount\n"
    ok = "".join("%s,1997-01-%02d,%.2f\n" % (r.id, 1 + i % 28, r.amount)
                 for i, r in enumerate(sub.head(5).itertuples()))
    bad("bad_date_strict", "csv", head + ok + "00077,1997-02-30,10.00\n" + ok, ["--max-bad", "0"],
        7, "date is not a calendar day")
    bad("bad_currency", "csv", head + ok + "00077,1997-02-03,$10.00\n", ["--max-bad", "0"], 7,
        "currency symbol")
    bad("bad_thousands", "csv", head + ok + '00077,1997-02-03,"1,234.50"\n', ["--max-bad", "0"],
        7, "thousands separator")
    bad("bad_open_quote", "csv", head + ok + '"00077,1997-02-03,10.00\n', ["--max-bad", "0"], 7,
        "quote is not closed")
    bad("bad_no_date_column", "csv", "customer_id,when,amount\n" + ok, [], 1,
        "no column for the date")
    bad("bad_too_many", "csv",
        head + "".join("%d,1997-13-01,1.00\n" % i for i in range(20)), [], 12,
        "date is not a calendar day")

    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
