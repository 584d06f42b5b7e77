# SPDX-License-Identifier: MIT
"""Count test cases in meson test logs and print the closing line CI reads.

Usage: python3 scripts/tally-tests.py LOG.json [LOG.json ...]
A TAP test (cmocka, ctypes, ...) counts each "ok"/"not ok" line of its output; any other test
counts as one. Prints per-log counts, the skips (if any) and a last line "N passed, N failed";
exits 1 if anything failed or no test ran at all.
"""
import json
import re
import sys

TAP = re.compile(r"^(not ok|ok)\b(.*)$")


def tally(path):
    passed = failed = skipped = 0
    with open(path, encoding="utf-8") as log:
        for line in log:
            entry = json.loads(line)
            result = entry.get("result")
            points = [TAP.match(l) for l in (entry.get("stdout") or "").splitlines()]
            points = [m for m in points if m]
            if result == "SKIP":
                skipped += 1
            elif points:
                for m in points:
                    if m.group(1) == "ok" and "# SKIP" not in m.group(2):
                        passed += 1
                    elif m.group(1) == "ok":
                        skipped += 1
                    else:
                        failed += 1
                # A TAP program that crashed after its last line still failed.
                if result not in ("OK", "EXPECTEDFAIL") and not any(
                    m.group(1) == "not ok" for m in points
                ):
                    failed += 1
            elif result in ("OK", "EXPECTEDFAIL"):
                passed += 1
            else:
                failed += 1
    return passed, failed, skipped


def main(paths):
    total = [0, 0, 0]
    for path in paths:
        p, f, s = tally(path)
        print(f"{path}: {p} passed, {f} failed, {s} skipped")
        total = [total[0] + p, total[1] + f, total[2] + s]
    if total[2]:
        print(f"{total[2]} skipped")
    # The closing line CI reads, alone and exactly in this form.
    print(f"{total[0]} passed, {total[1]} failed")
    return 0 if total[1] == 0 and total[0] > 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
