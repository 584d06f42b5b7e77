#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The libclv authors
"""The FFI path our users take: Python's ctypes over the built shared library.

Standard library only (ctypes, math, statistics), Python 3.11 or later, no numpy.

Run as the meson test 'ctypes' (suite 'ffi'), or by hand:

    CLV_LIBRARY=/path/to/build/libclv.so.1 python3 tests/ffi/test_ctypes.py

Output is TAP: the plan "1..N" first, then one "ok"/"not ok" line per check, with "# "
diagnostic lines after a failure. The exit status is 0 only if every check passed.

What it checks:
- every function declared in include/{clv,churn,referral}.h has argtypes/restype declared
  here, and they agree with the declarations parsed from the headers (as does the list of
  exported names in lib/libclv.map);
- every public struct has a ctypes.Structure mirror whose field names, order and types agree
  with the header, and whose size is (number of doubles) x 8;
- values from each header: published numbers (Gupta & Lehmann 2003: margin multiple 2.667
  and the +27.5% retention gain; the NPS example of shares 1/2, 1/3, 1/6, n = 100:
  33.3 +/- 14.6) and hand arithmetic;
- error paths of each header: NaN -> CLV_EDOM, null pointer -> CLV_EINVAL, and the
  outputs left untouched on error, as the conventions in clv.h promise.

Status codes and flags are read through clv_constant(), the getter meant for FFI callers;
a few are cross-checked against the numeric values the headers document.
"""

import array
import ctypes
import math
import os
import re
import statistics
import sys
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
INCLUDE_DIR = os.environ.get("CLV_INCLUDE_DIR", os.path.join(SOURCE_ROOT, "include"))
HEADERS = ("clv.h", "churn.h", "referral.h")
MAP_FILE = os.path.join(SOURCE_ROOT, "lib", "libclv.map")

NAN = float("nan")
INF = float("inf")
# Written into every output before a call that must fail; must still be there afterwards.
SENTINEL = -12345.5


def bail_out(message):
    """TAP 'Bail out!': the harness reports an error, not a pass or a skip."""
    print("Bail out! " + message)
    sys.stdout.flush()
    sys.exit(1)


# --------------------------------------------------------------------------------------------
# Loading the library
# --------------------------------------------------------------------------------------------

LIBRARY_PATH = os.environ.get("CLV_LIBRARY")
if not LIBRARY_PATH:
    bail_out("CLV_LIBRARY is not set: give the absolute path of the built libclv.so "
             "(meson test sets it)")
try:
    lib = ctypes.CDLL(LIBRARY_PATH)
except OSError as exc:
    bail_out("cannot load CLV_LIBRARY=%r: %s" % (LIBRARY_PATH, exc))


# --------------------------------------------------------------------------------------------
# Struct mirrors: field order and types exactly as in the headers
# --------------------------------------------------------------------------------------------

class RetentionEffect(ctypes.Structure):
    """churn.h: clv_retention_effect."""
    _fields_ = [
        ("value_before", ctypes.c_double),
        ("value_after", ctypes.c_double),
        ("value_change", ctypes.c_double),
        ("relative_change", ctypes.c_double),
    ]


class ChurnCounts(ctypes.Structure):
    """churn.h: clv_churn_counts."""
    _fields_ = [
        ("churned_customers", ctypes.c_double),
        ("purchase_new", ctypes.c_double),
        ("purchase_loyal", ctypes.c_double),
        ("loyal_periods", ctypes.c_double),
        ("profit_loyal", ctypes.c_double),
        ("acquisition_spend", ctypes.c_double),
        ("new_customers", ctypes.c_double),
        ("rework_cost", ctypes.c_double),
    ]


class ChurnCosts(ctypes.Structure):
    """churn.h: clv_churn_costs."""
    _fields_ = [
        ("cac", ctypes.c_double),
        ("loyal_lifetime_value", ctypes.c_double),
        ("lost_lifetime_value", ctypes.c_double),
        ("lost_revenue", ctypes.c_double),
        ("replacement_cost", ctypes.c_double),
        ("revenue_gap", ctypes.c_double),
        ("cost_of_churn", ctypes.c_double),
        ("breakeven_retention_spend", ctypes.c_double),
    ]


class WomParams(ctypes.Structure):
    """referral.h: clv_wom_params."""
    _fields_ = [
        ("told_satisfied", ctypes.c_double),
        ("told_dissatisfied", ctypes.c_double),
        ("conversion", ctypes.c_double),
        ("deterrence", ctypes.c_double),
    ]


class WomReach(ctypes.Structure):
    """referral.h: clv_wom_reach."""
    _fields_ = [
        ("told_positive", ctypes.c_double),
        ("told_negative", ctypes.c_double),
        ("customers_won", ctypes.c_double),
        ("customers_deterred", ctypes.c_double),
        ("net_customers", ctypes.c_double),
        ("value_won", ctypes.c_double),
        ("value_lost", ctypes.c_double),
        ("net_value", ctypes.c_double),
    ]


class Nps(ctypes.Structure):
    """referral.h: clv_nps."""
    _fields_ = [
        ("promoters", ctypes.c_double),
        ("passives", ctypes.c_double),
        ("detractors", ctypes.c_double),
        ("n", ctypes.c_double),
        ("nps", ctypes.c_double),
        ("variance", ctypes.c_double),
        ("std_error", ctypes.c_double),
    ]


# C name -> (mirror, number of doubles the header declares)
STRUCTS = {
    "clv_retention_effect": (RetentionEffect, 4),
    "clv_churn_counts": (ChurnCounts, 8),
    "clv_churn_costs": (ChurnCosts, 8),
    "clv_wom_params": (WomParams, 4),
    "clv_wom_reach": (WomReach, 8),
    "clv_nps": (Nps, 7),
}


# --------------------------------------------------------------------------------------------
# Function signatures: every exported function
# --------------------------------------------------------------------------------------------

c_int = ctypes.c_int
c_double = ctypes.c_double
c_size_t = ctypes.c_size_t
c_char_p = ctypes.c_char_p
p_double = ctypes.POINTER(ctypes.c_double)

SIGNATURES = {
    # clv.h
    "clv_version": (c_int, []),
    "clv_version_string": (c_char_p, []),
    "clv_strerror": (c_char_p, [c_int]),
    "clv_constant": (c_int, [c_char_p, p_double]),
    "clv_simple_value": (c_int, [c_double, c_double, c_double, p_double]),
    "clv_retention_value": (c_int, [c_double, c_double, c_double, c_double, c_int, p_double]),
    "clv_margin_multiple": (c_int, [c_double, c_double, c_double, c_int, p_double]),
    "clv_cac": (c_int, [c_double, c_double, p_double]),
    "clv_ltv_cac_ratio": (c_int, [c_double, c_double, p_double]),
    "clv_payback_periods": (c_int, [c_double, c_double, c_double, c_double, c_int, p_double]),
    "clv_discount_rate_convert": (c_int, [c_double, c_double, c_double, p_double]),
    # churn.h
    "clv_churn_rate": (c_int, [c_double, c_double, c_double, c_int, p_double, p_double]),
    "clv_churn_convert": (c_int, [c_double, c_double, c_double, p_double]),
    "clv_retention_convert": (c_int, [c_double, c_double, c_double, p_double]),
    "clv_expected_lifetime": (c_int, [c_double, p_double]),
    "clv_median_lifetime": (c_int, [c_double, p_double]),
    "clv_retention_gain": (c_int, [c_double, c_double, c_double, c_double, c_double, c_int,
                                   ctypes.POINTER(RetentionEffect)]),
    "clv_churn_economics": (c_int, [ctypes.POINTER(ChurnCounts), ctypes.POINTER(ChurnCosts)]),
    # referral.h
    "clv_wom_params_init": (c_int, [ctypes.POINTER(WomParams)]),
    "clv_wom_first_generation": (c_int, [ctypes.POINTER(WomParams), c_double, c_double, c_double,
                                         ctypes.POINTER(WomReach)]),
    "clv_nps_from_counts": (c_int, [c_double, c_double, c_double, ctypes.POINTER(Nps)]),
    "clv_nps_from_scores": (c_int, [p_double, c_size_t, ctypes.POINTER(Nps)]),
    "clv_nps_interval": (c_int, [ctypes.POINTER(Nps), c_double, p_double, p_double]),
}

_missing = []
for _name, (_restype, _argtypes) in SIGNATURES.items():
    try:
        _fn = getattr(lib, _name)
    except AttributeError:
        _missing.append(_name)
        continue
    _fn.restype = _restype
    _fn.argtypes = _argtypes
if _missing:
    bail_out("%s does not export: %s" % (LIBRARY_PATH, ", ".join(_missing)))


# --------------------------------------------------------------------------------------------
# Constants, read through clv_constant()
# --------------------------------------------------------------------------------------------

def constant(name):
    """The value of a public macro by name; integers come back as int."""
    value = ctypes.c_double(SENTINEL)
    status = lib.clv_constant(name.encode("ascii"), ctypes.byref(value))
    if status != 0:
        bail_out("clv_constant(%r) returned %d" % (name, status))
    v = value.value
    return int(v) if v == int(v) and abs(v) < 2**31 else v


STATUS_NAMES = ("CLV_OK", "CLV_EINVAL", "CLV_EDOM", "CLV_ENOCONV", "CLV_ERANGE",
                "CLV_ECANCELED", "CLV_ESTRUCT", "CLV_ENOMEM", "CLV_EDIVERGE")
# The numeric values clv.h documents ("never renumbered").
DOCUMENTED_STATUS = {"CLV_OK": 0, "CLV_EINVAL": -1, "CLV_EDOM": -2, "CLV_ENOCONV": -3,
                     "CLV_ERANGE": -4, "CLV_ECANCELED": -5, "CLV_ESTRUCT": -6,
                     "CLV_ENOMEM": -7, "CLV_EDIVERGE": -8}
DOCUMENTED_FLAGS = {"CLV_MARGIN_END": 0, "CLV_MARGIN_START": 1, "CLV_CHURN_START": 0,
                    "CLV_CHURN_AVERAGE": 1, "CLV_CHURN_EXPOSED": 2,
                    "CLV_WOM_TOLD_SATISFIED": 5, "CLV_WOM_TOLD_DISSATISFIED": 10,
                    "CLV_VERSION_MAJOR": 1, "CLV_VERSION_MINOR": 0, "CLV_VERSION_PATCH": 0,
                    "CLV_VERSION_NUMBER": 10000}

K = {name: constant(name) for name in STATUS_NAMES + tuple(DOCUMENTED_FLAGS)}
OK = K["CLV_OK"]
EINVAL = K["CLV_EINVAL"]
EDOM = K["CLV_EDOM"]
ERANGE = K["CLV_ERANGE"]
EDIVERGE = K["CLV_EDIVERGE"]
MARGIN_END = K["CLV_MARGIN_END"]
MARGIN_START = K["CLV_MARGIN_START"]
CHURN_START = K["CLV_CHURN_START"]
CHURN_AVERAGE = K["CLV_CHURN_AVERAGE"]
CHURN_EXPOSED = K["CLV_CHURN_EXPOSED"]
STATUS_NAME_OF = {K[n]: n for n in STATUS_NAMES}


# --------------------------------------------------------------------------------------------
# A minimal TAP harness
# --------------------------------------------------------------------------------------------

class Failure(Exception):
    pass


class Skip(Exception):
    pass


TESTS = []


def tap(name):
    """Register a function as one TAP test point."""
    def register(fn):
        TESTS.append((name, fn))
        return fn
    return register


def check(condition, message):
    if not condition:
        raise Failure(message)


def status_name(status):
    return STATUS_NAME_OF.get(status, str(status))


def expect_status(status, expected, what):
    check(status == expected, "%s: status %s, expected %s"
          % (what, status_name(status), status_name(expected)))


def close(actual, expected, what, rel=1e-12, abs_tol=0.0):
    """actual == expected to a relative tolerance (infinities must match exactly)."""
    if math.isinf(expected) or math.isinf(actual):
        check(actual == expected, "%s: got %r, expected %r" % (what, actual, expected))
        return
    check(math.isclose(actual, expected, rel_tol=rel, abs_tol=abs_tol),
          "%s: got %.17g, expected %.17g (rel tol %g)" % (what, actual, expected, rel))


def call_double(fn, *args):
    """Call fn(*args, &out); return (status, out)."""
    out = ctypes.c_double(SENTINEL)
    status = fn(*args, ctypes.byref(out))
    return status, out.value


def ok_double(fn, *args):
    status, value = call_double(fn, *args)
    expect_status(status, OK, "%s%r" % (fn.__name__, args))
    return value


def filled(struct_type, value=SENTINEL):
    s = struct_type()
    for field, _ in struct_type._fields_:
        setattr(s, field, value)
    return s


def untouched(struct, what):
    for field, _ in type(struct)._fields_:
        v = getattr(struct, field)
        check(v == SENTINEL, "%s: field %s was written (%r) by a failing call" % (what, field, v))


def fails_untouched(fn, args, expected, what):
    """fn(*args, &out) must return `expected` and leave out untouched."""
    status, value = call_double(fn, *args)
    expect_status(status, expected, what)
    check(value == SENTINEL, "%s: output written (%r) by a failing call" % (what, value))


def run():
    print("1..%d" % len(TESTS))
    failed = 0
    for number, (name, fn) in enumerate(TESTS, 1):
        try:
            fn()
        except Skip as exc:
            print("ok %d - %s # SKIP %s" % (number, name, exc))
        except Failure as exc:
            failed += 1
            print("not ok %d - %s" % (number, name))
            for line in str(exc).splitlines():
                print("# " + line)
        except Exception:  # a bug in the test or a ctypes error: report, keep going
            failed += 1
            print("not ok %d - %s" % (number, name))
            for line in traceback.format_exc().splitlines():
                print("# " + line)
        else:
            print("ok %d - %s" % (number, name))
        sys.stdout.flush()
    if failed:
        print("# %d of %d checks failed" % (failed, len(TESTS)))
    return 1 if failed else 0


# --------------------------------------------------------------------------------------------
# The headers, parsed: the mirrors and signatures above must agree with them
# --------------------------------------------------------------------------------------------

def header_source():
    texts = []
    for header in HEADERS:
        path = os.path.join(INCLUDE_DIR, header)
        if not os.path.isfile(path):
            raise Skip("public headers not found in %s (set CLV_INCLUDE_DIR)" % INCLUDE_DIR)
        with open(path, encoding="utf-8") as f:
            texts.append(f.read())
    text = "\n".join(texts)
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)  # comments
    text = re.sub(r"//[^\n]*", " ", text)
    text = re.sub(r"^\s*#[^\n]*", " ", text, flags=re.M)  # preprocessor lines
    return text


def ctype_of(c_type):
    """The ctypes type for a C type written in a public header (FFI-plain types only)."""
    t = " ".join(c_type.replace("*", " * ").split())
    t = re.sub(r"\bconst\b\s*", "", t).strip()
    scalars = {"double": c_double, "int": c_int, "size_t": c_size_t}
    if t in scalars:
        return scalars[t]
    if t == "char *":
        return c_char_p
    if t == "double *":
        return p_double
    m = re.fullmatch(r"(clv_\w+) \*", t)
    if m and m.group(1) in STRUCTS:
        return ctypes.POINTER(STRUCTS[m.group(1)][0])
    raise Failure("C type %r is not one the FFI conventions allow (or not mirrored here)"
                  % c_type)


def header_functions():
    """name -> (return C type, [parameter C types]) for every CLV_API declaration."""
    decls = {}
    for m in re.finditer(r"\bCLV_API\s+([^;(){}]*?)\b(clv_\w+)\s*\(([^)]*)\)\s*;",
                         header_source()):
        ret, name, params = m.group(1).strip(), m.group(2), m.group(3).strip()
        types = []
        if params != "void":
            for p in params.split(","):
                p = " ".join(p.split())
                pm = re.fullmatch(r"(.*?[\s*])(\w+)", p)
                check(pm is not None, "cannot parse parameter %r of %s" % (p, name))
                types.append(pm.group(1).strip())
        decls[name] = (ret, types)
    return decls


@tap("every function the headers declare has a ctypes signature, and the ABI map agrees")
def test_function_set():
    declared = set(header_functions())
    ours = set(SIGNATURES)
    check(declared == ours, "declared in headers but not here: %s; here but not declared: %s"
          % (sorted(declared - ours), sorted(ours - declared)))
    if os.path.isfile(MAP_FILE):
        with open(MAP_FILE, encoding="utf-8") as f:
            text = re.sub(r"/\*.*?\*/", " ", f.read(), flags=re.S)
        exported = set(re.findall(r"\b(clv_\w+)\s*;", text))
        check(exported == ours, "lib/libclv.map exports %s; headers declare %s"
              % (sorted(exported), sorted(ours)))


@tap("argtypes and restype agree with the header declarations")
def test_signatures_match_headers():
    problems = []
    for name, (ret, params) in sorted(header_functions().items()):
        restype, argtypes = SIGNATURES[name]
        if ctype_of(ret) is not restype:
            problems.append("%s returns %s" % (name, ret))
        want = [ctype_of(p) for p in params]
        if len(want) != len(argtypes) or any(a is not b for a, b in zip(want, argtypes)):
            problems.append("%s(%s)" % (name, ", ".join(params)))
        fn = getattr(lib, name)
        if fn.argtypes != argtypes or fn.restype is not restype:
            problems.append("%s: signature not installed on the library function" % name)
    check(not problems, "signatures differ from the headers:\n" + "\n".join(problems))


@tap("struct mirrors: field names, order and types as in the headers")
def test_struct_layout_matches_headers():
    found = {}
    for m in re.finditer(r"typedef\s+struct\s+(\w+)\s*\{(.*?)\}\s*(\w+)\s*;", header_source(),
                         flags=re.S):
        tag, body, name = m.groups()
        check(tag == name, "typedef struct %s ... %s: tag and name differ" % (tag, name))
        fields = []
        for member in body.split(";"):
            member = " ".join(member.split())
            if not member:
                continue
            mm = re.fullmatch(r"(.*?[\s*])(\w+)", member)
            check(mm is not None, "cannot parse member %r of %s" % (member, name))
            fields.append((mm.group(2), ctype_of(mm.group(1).strip())))
        found[name] = fields
    check(set(found) == set(STRUCTS), "headers declare structs %s; mirrored here: %s"
          % (sorted(found), sorted(STRUCTS)))
    for name, (mirror, _) in STRUCTS.items():
        ours = list(mirror._fields_)
        check(ours == found[name], "%s: header has %s, mirror has %s"
              % (name, [f for f, _ in found[name]], [f for f, _ in ours]))


def _sizeof_test(c_name):
    mirror, doubles = STRUCTS[c_name]

    def test():
        check(all(t is c_double for _, t in mirror._fields_), "%s: a member is not double" % c_name)
        check(len(mirror._fields_) == doubles, "%s: %d members, the header declares %d"
              % (c_name, len(mirror._fields_), doubles))
        check(ctypes.sizeof(mirror) == doubles * 8, "sizeof(%s) = %d, expected %d doubles = %d"
              % (c_name, ctypes.sizeof(mirror), doubles, doubles * 8))
        check(ctypes.alignment(mirror) == ctypes.alignment(c_double), "%s: alignment" % c_name)
    return test


for _c_name in STRUCTS:
    tap("sizeof(%s) == %d doubles x 8" % (_c_name, STRUCTS[_c_name][1]))(_sizeof_test(_c_name))


# --------------------------------------------------------------------------------------------
# clv.h: version, status codes, constants
# --------------------------------------------------------------------------------------------

@tap("clv_version() == 10000 == CLV_VERSION_NUMBER")
def test_version():
    v = lib.clv_version()
    check(v == 10000, "clv_version() = %r, expected 10000 (1.0.0)" % v)
    check(v == K["CLV_VERSION_NUMBER"], "clv_version() %r != CLV_VERSION_NUMBER %r"
          % (v, K["CLV_VERSION_NUMBER"]))
    check(v == K["CLV_VERSION_MAJOR"] * 10000 + K["CLV_VERSION_MINOR"] * 100
          + K["CLV_VERSION_PATCH"], "version number does not match major/minor/patch")


@tap("clv_version_string() == b'1.0.0' and matches the version macros")
def test_version_string():
    s = lib.clv_version_string()
    check(s == b"1.0.0", "clv_version_string() = %r" % (s,))
    check(s == ("%d.%d.%d" % (K["CLV_VERSION_MAJOR"], K["CLV_VERSION_MINOR"],
                              K["CLV_VERSION_PATCH"])).encode(), "string does not match macros")


@tap("clv_constant: status codes and flags have their documented values")
def test_constant_values():
    for name, expected in list(DOCUMENTED_STATUS.items()) + list(DOCUMENTED_FLAGS.items()):
        value = ctypes.c_double(SENTINEL)
        status = lib.clv_constant(name.encode(), ctypes.byref(value))
        check(status == 0, "clv_constant(%r) returned %d" % (name, status))
        check(value.value == expected, "%s = %r, documented %r" % (name, value.value, expected))
    check(len({K[n] for n in STATUS_NAMES}) == len(STATUS_NAMES), "status codes not distinct")
    check(all(K[n] < 0 for n in STATUS_NAMES if n != "CLV_OK"), "an error code is not negative")


@tap("clv_constant: unknown name or null pointer -> CLV_EINVAL, value untouched")
def test_constant_errors():
    fails_untouched(lib.clv_constant, (b"CLV_NO_SUCH_CONSTANT",), EINVAL, "unknown name")
    fails_untouched(lib.clv_constant, (b"clv_edom",), EINVAL, "wrong case")
    fails_untouched(lib.clv_constant, (b"",), EINVAL, "empty name")
    fails_untouched(lib.clv_constant, (None,), EINVAL, "null name")
    expect_status(lib.clv_constant(b"CLV_EDOM", None), EINVAL, "null value")
    check(EINVAL == -1, "CLV_EINVAL should be -1")


@tap("clv_strerror: a non-empty, distinct message per status; 'unknown status' otherwise")
def test_strerror():
    messages = {}
    for name in STATUS_NAMES:
        msg = lib.clv_strerror(K[name])
        check(isinstance(msg, bytes) and len(msg) > 0, "clv_strerror(%s) = %r" % (name, msg))
        check(msg != b"unknown status", "clv_strerror(%s) is 'unknown status'" % name)
        messages[msg] = name
    check(len(messages) == len(STATUS_NAMES), "two status codes share a message")
    for bogus in (1, -9, 12345, -2**31):
        msg = lib.clv_strerror(bogus)
        check(msg == b"unknown status", "clv_strerror(%d) = %r" % (bogus, msg))


# --------------------------------------------------------------------------------------------
# clv.h: closed-form lifetime value
# --------------------------------------------------------------------------------------------

@tap("margin multiple r=0.8, d=0.1, infinite, end = 2.667 (Gupta & Lehmann 2003)")
def test_margin_multiple_published():
    m = ok_double(lib.clv_margin_multiple, 0.8, 0.1, INF, MARGIN_END)
    close(m, 0.8 / (1.1 - 0.8), "r/(1+d-r)")
    check(round(m, 3) == 2.667, "printed value 2.667, got %.6f" % m)
    m = ok_double(lib.clv_margin_multiple, 0.8, 0.1, INF, MARGIN_START)
    close(m, 1.1 / (1.1 - 0.8), "(1+d)/(1+d-r), margin now")


@tap("margin multiple over a finite horizon equals the explicit sum of q^t")
def test_margin_multiple_finite():
    r, d = 0.9, 0.12
    q = r / (1 + d)
    for n in (1, 3, 10, 250):
        end = ok_double(lib.clv_margin_multiple, r, d, float(n), MARGIN_END)
        start = ok_double(lib.clv_margin_multiple, r, d, float(n), MARGIN_START)
        close(end, sum(q ** t for t in range(1, n + 1)), "end-of-period, N=%d" % n, rel=1e-13)
        close(start, sum(q ** t for t in range(0, n)), "start-of-period, N=%d" % n, rel=1e-13)
    close(ok_double(lib.clv_margin_multiple, r, d, 0.0, MARGIN_END), 0.0, "N=0")
    close(ok_double(lib.clv_margin_multiple, 1.0, 0.0, 12.0, MARGIN_END), 12.0, "r=1, d=0, N=12")


@tap("clv_retention_value = margin x multiple; r=1, d=0, infinite -> CLV_EDIVERGE")
def test_retention_value():
    v = ok_double(lib.clv_retention_value, 150.0, 0.8, 0.1, INF, MARGIN_END)
    close(v, 150.0 * 0.8 / 0.3, "150 x 2.667")
    v = ok_double(lib.clv_retention_value, -40.0, 0.75, 0.05, 4.0, MARGIN_START)
    q = 0.75 / 1.05
    close(v, -40.0 * (1 + q + q * q + q ** 3), "negative margin, 4 margins from now")
    fails_untouched(lib.clv_retention_value, (100.0, 1.0, 0.0, INF, MARGIN_END), EDIVERGE,
                    "r=1, d=0, infinite horizon")
    close(ok_double(lib.clv_retention_value, 100.0, 1.0, 0.0, 7.0, MARGIN_START), 700.0,
          "r=1, d=0, finite horizon")


@tap("clv_simple_value, clv_cac, clv_ltv_cac_ratio by hand arithmetic")
def test_simple_cac_ratio():
    close(ok_double(lib.clv_simple_value, 20.0, 2.0, 5.0), 200.0, "20 x 2 x 5")
    close(ok_double(lib.clv_simple_value, -3.5, 4.0, 6.0), -84.0, "loss-making customer")
    close(ok_double(lib.clv_cac, 5000.0, 125.0), 40.0, "5000 / 125")
    close(ok_double(lib.clv_cac, 0.0, 10.0), 0.0, "no spend")
    close(ok_double(lib.clv_ltv_cac_ratio, 120.0, 40.0), 3.0, "120 / 40")
    fails_untouched(lib.clv_cac, (5000.0, 0.0), EDOM, "zero new customers")
    fails_untouched(lib.clv_ltv_cac_ratio, (120.0, 0.0), EDOM, "cac 0")
    fails_untouched(lib.clv_simple_value, (1e200, 1e200, 1.0), ERANGE, "overflowing product")


@tap("clv_payback_periods solves V(n) = cac (end, start, q=1, never, cac 0)")
def test_payback():
    cac, m, r, d = 150.0, 100.0, 0.8, 0.1
    q = r / (1 + d)
    n = ok_double(lib.clv_payback_periods, cac, m, r, d, MARGIN_END)
    close(m * q * (1 - q ** n) / (1 - q), cac, "V(n) at the returned n, end", rel=1e-12)
    close(n, math.log(1 - cac * (1 - q) / (m * q)) / math.log(q), "closed form, end")
    n = ok_double(lib.clv_payback_periods, cac, m, r, d, MARGIN_START)
    close(m * (1 - q ** n) / (1 - q), cac, "V(n) at the returned n, start", rel=1e-12)
    close(ok_double(lib.clv_payback_periods, 250.0, 50.0, 1.0, 0.0, MARGIN_END), 5.0, "q=1")
    close(ok_double(lib.clv_payback_periods, 300.0, 100.0, 0.8, 0.1, MARGIN_END), INF,
          "cac above the infinite-horizon CLV 266.7")
    close(ok_double(lib.clv_payback_periods, 0.0, 100.0, 0.8, 0.1, MARGIN_END), 0.0, "cac 0")
    close(ok_double(lib.clv_payback_periods, 50.0, 100.0, 0.0, 0.1, MARGIN_START), 0.5,
          "r=0, start: only the first margin")
    close(ok_double(lib.clv_payback_periods, 50.0, 100.0, 0.0, 0.1, MARGIN_END), INF,
          "r=0, end: no margin ever")


@tap("clv_discount_rate_convert: annual 10% -> monthly 0.797%")
def test_discount_convert():
    monthly = ok_double(lib.clv_discount_rate_convert, 0.10, 12.0, 1.0)
    close(monthly, 1.1 ** (1 / 12) - 1, "1.1^(1/12) - 1")
    check(round(monthly * 100, 3) == 0.797, "documented 0.797%%, got %.5f%%" % (monthly * 100))
    close(ok_double(lib.clv_discount_rate_convert, monthly, 1.0, 12.0), 0.10, "round trip",
          rel=1e-13)
    fails_untouched(lib.clv_discount_rate_convert, (-1.0, 12.0, 1.0), EDOM, "rate -1")


@tap("clv.h errors: NaN -> CLV_EDOM, bad flag/horizon/null -> CLV_EINVAL, output untouched")
def test_clv_errors():
    fails_untouched(lib.clv_margin_multiple, (NAN, 0.1, INF, MARGIN_END), EDOM, "NaN retention")
    fails_untouched(lib.clv_retention_value, (NAN, 0.8, 0.1, INF, MARGIN_END), EDOM, "NaN margin")
    fails_untouched(lib.clv_retention_value, (1.0, 0.8, NAN, INF, MARGIN_END), EDOM, "NaN rate")
    fails_untouched(lib.clv_retention_value, (1.0, 0.8, 0.1, NAN, MARGIN_END), EDOM, "NaN horizon")
    fails_untouched(lib.clv_retention_value, (1.0, 1.2, 0.1, INF, MARGIN_END), EDOM, "r > 1")
    fails_untouched(lib.clv_retention_value, (1.0, 0.8, -0.1, INF, MARGIN_END), EDOM, "d < 0")
    fails_untouched(lib.clv_retention_value, (1.0, 0.8, 0.1, -3.0, MARGIN_END), EDOM, "N < 0")
    fails_untouched(lib.clv_retention_value, (1.0, 0.8, 0.1, 2.5, MARGIN_END), EINVAL,
                    "non-integer horizon")
    bad_flag = max(MARGIN_END, MARGIN_START) + 5
    fails_untouched(lib.clv_margin_multiple, (0.8, 0.1, INF, bad_flag), EINVAL, "unknown timing")
    fails_untouched(lib.clv_payback_periods, (1.0, 1.0, 0.8, 0.1, bad_flag), EINVAL,
                    "payback, unknown timing")
    fails_untouched(lib.clv_payback_periods, (1.0, 0.0, 0.8, 0.1, MARGIN_END), EDOM, "margin 0")
    fails_untouched(lib.clv_simple_value, (INF, 1.0, 1.0), EDOM, "infinite margin")
    for fn, args in ((lib.clv_simple_value, (1.0, 1.0, 1.0)),
                     (lib.clv_retention_value, (1.0, 0.8, 0.1, INF, MARGIN_END)),
                     (lib.clv_margin_multiple, (0.8, 0.1, INF, MARGIN_END)),
                     (lib.clv_cac, (1.0, 1.0)),
                     (lib.clv_ltv_cac_ratio, (1.0, 1.0)),
                     (lib.clv_payback_periods, (1.0, 1.0, 0.8, 0.1, MARGIN_END)),
                     (lib.clv_discount_rate_convert, (0.1, 12.0, 1.0))):
        expect_status(fn(*args, None), EINVAL, "%s with a null output" % fn.__name__)


# --------------------------------------------------------------------------------------------
# churn.h
# --------------------------------------------------------------------------------------------

@tap("clv_retention_gain 0.80 -> 0.85 at d=0.1: +27.5% (Gupta & Lehmann 2003)")
def test_retention_gain_published():
    effect = filled(RetentionEffect)
    st = lib.clv_retention_gain(100.0, 0.80, 0.10, 0.05, INF, MARGIN_END, ctypes.byref(effect))
    expect_status(st, OK, "clv_retention_gain")
    close(effect.value_before, 100 * 0.80 / 0.30, "value_before = 266.67")
    close(effect.value_after, 100 * 0.85 / 0.25, "value_after = 340")
    close(effect.value_change, 340.0 - 800.0 / 3.0, "value_change = 73.33", rel=1e-12)
    close(effect.relative_change, 0.275, "relative_change", rel=1e-12)
    check(round(effect.relative_change, 3) == 0.275, "published +27.5%")


@tap("clv_retention_gain: a loss of retention, start timing, finite horizon")
def test_retention_gain_other():
    effect = filled(RetentionEffect)
    st = lib.clv_retention_gain(50.0, 0.9, 0.08, -0.1, 5.0, MARGIN_START, ctypes.byref(effect))
    expect_status(st, OK, "clv_retention_gain")

    def start_value(r):
        q = r / 1.08
        return 50.0 * sum(q ** t for t in range(5))
    before, after = start_value(0.9), start_value(0.8)
    close(effect.value_before, before, "value_before", rel=1e-13)
    close(effect.value_after, after, "value_after", rel=1e-13)
    close(effect.value_change, after - before, "value_change", rel=1e-12)
    close(effect.relative_change, (after - before) / before, "relative_change", rel=1e-12)
    check(effect.relative_change < 0, "a loss of retention must lower the value")


@tap("clv_churn_convert(0.02, 1, 12) = 1 - 0.98^12 (monthly 2% = annual 21.53%)")
def test_churn_convert():
    annual = ok_double(lib.clv_churn_convert, 0.02, 1.0, 12.0)
    close(annual, 1 - 0.98 ** 12, "1 - 0.98^12", rel=1e-14)
    check(round(annual * 100, 2) == 21.53, "documented 21.53%%, got %.4f%%" % (annual * 100))
    close(ok_double(lib.clv_churn_convert, annual, 12.0, 1.0), 0.02, "round trip", rel=1e-13)
    close(ok_double(lib.clv_churn_convert, 1.0, 1.0, 12.0), 1.0, "churn 1 stays 1")
    close(ok_double(lib.clv_churn_convert, 1e-12, 1.0, 12.0), -math.expm1(12 * math.log1p(-1e-12)),
          "tiny churn keeps its digits", rel=1e-14)


@tap("clv_retention_convert(0.98, 1, 12) = 0.98^12, consistent with clv_churn_convert")
def test_retention_convert():
    annual = ok_double(lib.clv_retention_convert, 0.98, 1.0, 12.0)
    close(annual, 0.98 ** 12, "0.98^12", rel=1e-14)
    close(annual, 1 - ok_double(lib.clv_churn_convert, 0.02, 1.0, 12.0), "1 - churn", rel=1e-13)
    close(ok_double(lib.clv_retention_convert, 0.81, 2.0, 1.0), 0.9, "0.81 per 2 periods")


@tap("clv_churn_rate with the three denominators (start, average, exposed)")
def test_churn_rate():
    def rate(start, lost, new, method):
        churn, retention = ctypes.c_double(SENTINEL), ctypes.c_double(SENTINEL)
        st = lib.clv_churn_rate(start, lost, new, method, ctypes.byref(churn),
                                ctypes.byref(retention))
        expect_status(st, OK, "clv_churn_rate(%r, %r, %r, %r)" % (start, lost, new, method))
        close(retention.value, 1.0 - churn.value, "retention = 1 - churn", rel=1e-15)
        return churn.value
    close(rate(200.0, 10.0, 40.0, CHURN_START), 10.0 / 200.0, "lost / start")
    close(rate(200.0, 10.0, 40.0, CHURN_AVERAGE), 10.0 / 215.0, "lost / ((200 + 230) / 2)")
    close(rate(200.0, 10.0, 40.0, CHURN_EXPOSED), 10.0 / 240.0, "lost / (start + new)")
    close(rate(200.0, 0.0, 0.0, CHURN_START), 0.0, "nobody lost")
    close(rate(200.0, 200.0, 0.0, CHURN_START), 1.0, "everybody lost")


@tap("clv_expected_lifetime = 1/c and clv_median_lifetime = log 2 / -log(1-c)")
def test_lifetimes():
    close(ok_double(lib.clv_expected_lifetime, 0.2), 5.0, "1 / 0.2")
    close(ok_double(lib.clv_expected_lifetime, 0.0), INF, "no churn: infinite")
    close(ok_double(lib.clv_expected_lifetime, 1.0), 1.0, "churn 1: one period")
    close(ok_double(lib.clv_median_lifetime, 0.5), 1.0, "half gone after one period")
    close(ok_double(lib.clv_median_lifetime, 0.02), math.log(2) / -math.log1p(-0.02), "c = 0.02")
    close(ok_double(lib.clv_median_lifetime, 0.0), INF, "no churn: infinite")
    close(ok_double(lib.clv_median_lifetime, 1.0), 0.0, "churn 1: 0")


@tap("clv_churn_economics: the seven counts -> costs, by hand arithmetic")
def test_churn_economics():
    counts = ChurnCounts(churned_customers=10.0, purchase_new=50.0, purchase_loyal=80.0,
                         loyal_periods=24.0, profit_loyal=20.0, acquisition_spend=10000.0,
                         new_customers=200.0, rework_cost=1500.0)
    costs = filled(ChurnCosts)
    expect_status(lib.clv_churn_economics(ctypes.byref(counts), ctypes.byref(costs)), OK,
                  "clv_churn_economics")
    expected = {"cac": 50.0,                          # 10000 / 200
                "loyal_lifetime_value": 480.0,        # 20 x 24
                "lost_lifetime_value": 4800.0,        # 10 x 480
                "lost_revenue": 19200.0,              # 10 x 80 x 24
                "replacement_cost": 500.0,            # 10 x 50
                "revenue_gap": 300.0,                 # 10 x (80 - 50)
                "cost_of_churn": 6800.0,              # 4800 + 500 + 1500
                "breakeven_retention_spend": 680.0}   # 480 + 50 + 1500 / 10
    for field, value in expected.items():
        close(getattr(costs, field), value, field)
    # No churned customers: no rework share, and the gap turns on new customers spending more.
    counts.churned_customers = 0.0
    counts.purchase_new = 90.0
    costs = filled(ChurnCosts)
    expect_status(lib.clv_churn_economics(ctypes.byref(counts), ctypes.byref(costs)), OK, "n=0")
    close(costs.breakeven_retention_spend, 530.0, "n = 0: loyal value + cac")
    close(costs.cost_of_churn, 1500.0, "n = 0: rework only")
    check(costs.revenue_gap == 0.0, "n = 0: revenue_gap %r" % costs.revenue_gap)


@tap("churn.h errors: NaN -> CLV_EDOM, null/unknown method -> CLV_EINVAL, outputs untouched")
def test_churn_errors():
    fails_untouched(lib.clv_churn_convert, (NAN, 1.0, 12.0), EDOM, "NaN churn")
    fails_untouched(lib.clv_churn_convert, (1.5, 1.0, 12.0), EDOM, "churn > 1")
    fails_untouched(lib.clv_churn_convert, (0.02, 0.0, 12.0), EDOM, "zero period length")
    fails_untouched(lib.clv_retention_convert, (0.9, 1.0, NAN), EDOM, "NaN length")
    fails_untouched(lib.clv_expected_lifetime, (NAN,), EDOM, "NaN churn, expected lifetime")
    fails_untouched(lib.clv_median_lifetime, (-0.1,), EDOM, "negative churn, median lifetime")
    for fn, args in ((lib.clv_churn_convert, (0.02, 1.0, 12.0)),
                     (lib.clv_retention_convert, (0.98, 1.0, 12.0)),
                     (lib.clv_expected_lifetime, (0.1,)),
                     (lib.clv_median_lifetime, (0.1,))):
        expect_status(fn(*args, None), EINVAL, "%s with a null output" % fn.__name__)

    def churn_rate_fails(args, expected, what):
        churn, retention = ctypes.c_double(SENTINEL), ctypes.c_double(SENTINEL)
        st = lib.clv_churn_rate(*args, ctypes.byref(churn), ctypes.byref(retention))
        expect_status(st, expected, what)
        check(churn.value == SENTINEL and retention.value == SENTINEL,
              "%s: outputs written (%r, %r)" % (what, churn.value, retention.value))
    churn_rate_fails((NAN, 1.0, 0.0, CHURN_START), EDOM, "NaN start count")
    churn_rate_fails((10.0, 11.0, 5.0, CHURN_START), EDOM, "lost > start")
    churn_rate_fails((10.0, 10.0, 0.0, CHURN_AVERAGE), EDOM, "lost above the average count")
    churn_rate_fails((0.0, 0.0, 0.0, CHURN_EXPOSED), EDOM, "no customers")
    churn_rate_fails((10.0, 1.0, 0.0, max(CHURN_START, CHURN_AVERAGE, CHURN_EXPOSED) + 1),
                     EINVAL, "unknown method")
    churn = ctypes.c_double(SENTINEL)
    expect_status(lib.clv_churn_rate(10.0, 1.0, 0.0, CHURN_START, ctypes.byref(churn), None),
                  EINVAL, "null retention output")
    check(churn.value == SENTINEL, "churn written although retention was null")


@tap("clv_retention_gain / clv_churn_economics errors leave the out-struct untouched")
def test_churn_struct_errors():
    def gain_fails(args, expected, what):
        effect = filled(RetentionEffect)
        expect_status(lib.clv_retention_gain(*args, ctypes.byref(effect)), expected, what)
        untouched(effect, what)
    gain_fails((100.0, NAN, 0.1, 0.05, INF, MARGIN_END), EDOM, "NaN retention")
    gain_fails((100.0, 0.8, 0.1, NAN, INF, MARGIN_END), EDOM, "NaN gain")
    gain_fails((0.0, 0.8, 0.1, 0.05, INF, MARGIN_END), EDOM, "zero margin")
    gain_fails((100.0, 0.97, 0.1, 0.05, INF, MARGIN_END), EDOM, "r + gain > 1")
    gain_fails((100.0, 0.0, 0.1, 0.05, INF, MARGIN_END), EDOM, "value before 0 (r=0, end)")
    gain_fails((100.0, 0.8, 0.1, 0.05, 0.0, MARGIN_END), EDOM, "value before 0 (horizon 0)")
    gain_fails((100.0, 0.95, 0.0, 0.05, INF, MARGIN_END), EDIVERGE, "r + gain = 1, d = 0")
    gain_fails((100.0, 0.8, 0.1, 0.05, 1.5, MARGIN_END), EINVAL, "non-integer horizon")
    gain_fails((100.0, 0.8, 0.1, 0.05, INF, MARGIN_START + 7), EINVAL, "unknown timing")
    expect_status(lib.clv_retention_gain(100.0, 0.8, 0.1, 0.05, INF, MARGIN_END, None), EINVAL,
                  "null effect")

    good = ChurnCounts(10.0, 50.0, 80.0, 24.0, 20.0, 10000.0, 200.0, 1500.0)
    for field, value, expected in (("profit_loyal", NAN, EDOM), ("rework_cost", -1.0, EDOM),
                                   ("new_customers", 0.0, EDOM), ("loyal_periods", INF, EDOM)):
        counts = ChurnCounts.from_buffer_copy(good)
        setattr(counts, field, value)
        costs = filled(ChurnCosts)
        expect_status(lib.clv_churn_economics(ctypes.byref(counts), ctypes.byref(costs)),
                      expected, "%s = %r" % (field, value))
        untouched(costs, "%s = %r" % (field, value))
    costs = filled(ChurnCosts)
    expect_status(lib.clv_churn_economics(None, ctypes.byref(costs)), EINVAL, "null counts")
    untouched(costs, "null counts")
    expect_status(lib.clv_churn_economics(ctypes.byref(good), None), EINVAL, "null costs")


# --------------------------------------------------------------------------------------------
# referral.h: word of mouth
# --------------------------------------------------------------------------------------------

@tap("clv_wom_params_init: defaults 5 and 10 (= CLV_WOM_TOLD_*), rates 0")
def test_wom_init():
    params = filled(WomParams)
    expect_status(lib.clv_wom_params_init(ctypes.byref(params)), OK, "clv_wom_params_init")
    check(params.told_satisfied == 5.0, "told_satisfied = %r" % params.told_satisfied)
    check(params.told_dissatisfied == 10.0, "told_dissatisfied = %r" % params.told_dissatisfied)
    check(params.told_satisfied == K["CLV_WOM_TOLD_SATISFIED"], "CLV_WOM_TOLD_SATISFIED")
    check(params.told_dissatisfied == K["CLV_WOM_TOLD_DISSATISFIED"], "CLV_WOM_TOLD_DISSATISFIED")
    check(params.conversion == 0.0 and params.deterrence == 0.0,
          "rates = %r, %r" % (params.conversion, params.deterrence))
    expect_status(lib.clv_wom_params_init(None), EINVAL, "null params")


@tap("clv_wom_first_generation with the defaults and conversion 0.2, deterrence 0.1")
def test_wom_first_generation():
    params = WomParams()
    lib.clv_wom_params_init(ctypes.byref(params))
    params.conversion = 0.2
    params.deterrence = 0.1
    reach = filled(WomReach)
    st = lib.clv_wom_first_generation(ctypes.byref(params), 100.0, 20.0, 300.0,
                                      ctypes.byref(reach))
    expect_status(st, OK, "clv_wom_first_generation")
    expected = {"told_positive": 500.0,       # 100 satisfied x 5
                "told_negative": 200.0,       # 20 dissatisfied x 10
                "customers_won": 100.0,       # 500 x 0.2
                "customers_deterred": 20.0,   # 200 x 0.1
                "net_customers": 80.0,        # 100 - 20
                "value_won": 30000.0,         # 100 x 300
                "value_lost": 6000.0,         # 20 x 300
                "net_value": 24000.0}         # 30000 - 6000
    for field, value in expected.items():
        close(getattr(reach, field), value, field, rel=1e-14)


@tap("clv_wom_first_generation: bad word of mouth outweighs good (negative net)")
def test_wom_negative():
    params = WomParams(told_satisfied=3.0, told_dissatisfied=11.0, conversion=0.05,
                       deterrence=0.25)
    reach = filled(WomReach)
    st = lib.clv_wom_first_generation(ctypes.byref(params), 40.0, 8.0, -1.0 * 250.0,
                                      ctypes.byref(reach))
    expect_status(st, OK, "clv_wom_first_generation")
    close(reach.told_positive, 120.0, "40 x 3")
    close(reach.told_negative, 88.0, "8 x 11")
    close(reach.customers_won, 6.0, "120 x 0.05")
    close(reach.customers_deterred, 22.0, "88 x 0.25")
    close(reach.net_customers, -16.0, "6 - 22")
    close(reach.value_won, -1500.0, "6 x -250 (a loss-making customer)")
    close(reach.value_lost, -5500.0, "22 x -250")
    close(reach.net_value, 4000.0, "-1500 - -5500")


@tap("referral.h errors: NaN -> CLV_EDOM, null -> CLV_EINVAL, reach untouched")
def test_wom_errors():
    def fails(params, args, expected, what):
        reach = filled(WomReach)
        p = ctypes.byref(params) if params is not None else None
        expect_status(lib.clv_wom_first_generation(p, *args, ctypes.byref(reach)), expected, what)
        untouched(reach, what)
    base = WomParams(5.0, 10.0, 0.2, 0.1)
    fails(base, (NAN, 20.0, 300.0), EDOM, "NaN satisfied")
    fails(base, (100.0, -1.0, 300.0), EDOM, "negative dissatisfied")
    fails(base, (100.0, 20.0, INF), EDOM, "infinite customer value")
    fails(WomParams(5.0, 10.0, 1.5, 0.1), (100.0, 20.0, 300.0), EDOM, "conversion 1.5")
    fails(WomParams(5.0, 10.0, 0.2, NAN), (100.0, 20.0, 300.0), EDOM, "NaN deterrence")
    fails(WomParams(-5.0, 10.0, 0.2, 0.1), (100.0, 20.0, 300.0), EDOM, "negative told")
    fails(base, (1e300, 20.0, 1e300), ERANGE, "overflowing value")
    fails(None, (100.0, 20.0, 300.0), EINVAL, "null params")
    expect_status(lib.clv_wom_first_generation(ctypes.byref(base), 1.0, 1.0, 1.0, None), EINVAL,
                  "null reach")


# --------------------------------------------------------------------------------------------
# referral.h: Net Promoter Score
# --------------------------------------------------------------------------------------------

def nps_counts(p, a, d):
    out = filled(Nps)
    expect_status(lib.clv_nps_from_counts(p, a, d, ctypes.byref(out)), OK,
                  "clv_nps_from_counts(%r, %r, %r)" % (p, a, d))
    return out


def interval(nps, level):
    lo, hi = ctypes.c_double(SENTINEL), ctypes.c_double(SENTINEL)
    expect_status(lib.clv_nps_interval(ctypes.byref(nps), level, ctypes.byref(lo),
                                       ctypes.byref(hi)), OK, "clv_nps_interval(%r)" % level)
    return lo.value, hi.value


@tap("NPS from counts: shares 1/2, 1/3, 1/6 of 100 -> 33.3, variance 5/9 (published example)")
def test_nps_counts_published():
    s = nps_counts(50.0, 100.0 / 3.0, 50.0 / 3.0)
    close(s.n, 100.0, "n", rel=1e-15)
    close(s.nps, 100.0 / 3.0, "nps = 100 (1/2 - 1/6)", rel=1e-14)
    check(round(s.nps, 1) == 33.3, "published NPS 33.3, got %r" % s.nps)
    close(s.variance, 5.0 / 9.0, "variance 1/2 + 1/6 - (1/3)^2", rel=1e-14)
    close(s.std_error, 100.0 * math.sqrt(5.0 / 9.0 / 100.0), "SE = 100 sqrt(var/n)", rel=1e-14)
    check((s.promoters, s.passives, s.detractors) == (50.0, 100.0 / 3.0, 50.0 / 3.0),
          "counts not carried into the result")


@tap("NPS 95% Wald interval: 33.3 +/- 14.6 (published example), z from AS 241")
def test_nps_interval_published():
    s = nps_counts(50.0, 100.0 / 3.0, 50.0 / 3.0)
    lo, hi = interval(s, 0.95)
    half = (hi - lo) / 2
    check(round(half, 1) == 14.6, "published half-width 14.6, got %r" % half)
    z = statistics.NormalDist().inv_cdf(0.975)
    close(lo, s.nps - z * s.std_error, "lower", rel=1e-13)
    close(hi, s.nps + z * s.std_error, "upper", rel=1e-13)
    check(round(z, 6) == 1.959964, "oracle z")
    lo90, hi90 = interval(s, 0.90)
    close((hi90 - lo90) / 2, statistics.NormalDist().inv_cdf(0.95) * s.std_error, "90% half-width",
          rel=1e-13)
    check(lo < lo90 < s.nps < hi90 < hi, "90% interval must lie inside the 95% one")


@tap("NPS interval is clipped to [-100, 100]")
def test_nps_interval_clipped():
    s = nps_counts(2.0, 0.0, 1.0)   # nps 33.3, SE 54.4: 95% upper end 140 before clipping
    lo, hi = interval(s, 0.95)
    check(hi == 100.0, "upper = %r, expected clipped to 100" % hi)
    close(lo, s.nps - statistics.NormalDist().inv_cdf(0.975) * s.std_error, "lower", rel=1e-13)
    s = nps_counts(0.0, 0.0, 7.0)
    check(s.nps == -100.0 and s.variance == 0.0 and s.std_error == 0.0,
          "all detractors: nps %r, variance %r, se %r" % (s.nps, s.variance, s.std_error))
    check(interval(s, 0.99) == (-100.0, -100.0), "all detractors: interval")


@tap("NPS from a Python array of 0-10 scores (ctypes array and array.array)")
def test_nps_scores():
    scores = [10, 9, 9, 8, 7, 6, 0, 10, 3, 9]   # 5 promoters, 2 passives, 3 detractors
    arr = (ctypes.c_double * len(scores))(*scores)
    s = filled(Nps)
    expect_status(lib.clv_nps_from_scores(arr, len(scores), ctypes.byref(s)), OK,
                  "clv_nps_from_scores")
    check((s.promoters, s.passives, s.detractors, s.n) == (5.0, 2.0, 3.0, 10.0),
          "counts %r" % ((s.promoters, s.passives, s.detractors, s.n),))
    close(s.nps, 20.0, "100 (0.5 - 0.3)", rel=1e-14)
    close(s.variance, 0.5 + 0.3 - 0.2 ** 2, "variance 0.76", rel=1e-14)
    close(s.std_error, 100 * math.sqrt(0.76 / 10), "SE", rel=1e-14)
    # The published example as 100 raw answers, passed zero-copy from an array.array.
    answers = array.array("d", [9.0] * 25 + [10.0] * 25 + [7.0] * 33 + [5.0] * 17)
    buf = (ctypes.c_double * len(answers)).from_buffer(answers)
    t = filled(Nps)
    expect_status(lib.clv_nps_from_scores(buf, len(answers), ctypes.byref(t)), OK, "100 answers")
    u = nps_counts(50.0, 33.0, 17.0)
    for field, _ in Nps._fields_:
        close(getattr(t, field), getattr(u, field), "scores vs counts: " + field, rel=1e-15)


@tap("NPS errors: NaN -> CLV_EDOM, null/empty -> CLV_EINVAL, outputs untouched")
def test_nps_errors():
    def counts_fail(args, expected, what):
        out = filled(Nps)
        expect_status(lib.clv_nps_from_counts(*args, ctypes.byref(out)), expected, what)
        untouched(out, what)
    counts_fail((NAN, 1.0, 1.0), EDOM, "NaN promoters")
    counts_fail((1.0, -1.0, 1.0), EDOM, "negative passives")
    counts_fail((0.0, 0.0, 0.0), EDOM, "no respondents")
    expect_status(lib.clv_nps_from_counts(1.0, 1.0, 1.0, None), EINVAL, "null nps")

    def scores_fail(values, n, expected, what):
        out = filled(Nps)
        arr = (ctypes.c_double * len(values))(*values) if values is not None else None
        expect_status(lib.clv_nps_from_scores(arr, n, ctypes.byref(out)), expected, what)
        untouched(out, what)
    scores_fail([10.0, 9.0, NAN], 3, EDOM, "NaN score (last)")
    scores_fail([10.0, 11.0, 3.0], 3, EDOM, "score 11")
    scores_fail([10.0, 8.5, 3.0], 3, EDOM, "non-integer score")
    scores_fail([-1.0], 1, EDOM, "score -1")
    scores_fail([10.0], 0, EINVAL, "n = 0")
    scores_fail(None, 3, EINVAL, "null scores")
    arr = (ctypes.c_double * 1)(9.0)
    expect_status(lib.clv_nps_from_scores(arr, 1, None), EINVAL, "null nps")

    good = nps_counts(50.0, 30.0, 20.0)

    def interval_fails(nps, level, expected, what):
        lo, hi = ctypes.c_double(SENTINEL), ctypes.c_double(SENTINEL)
        p = ctypes.byref(nps) if nps is not None else None
        expect_status(lib.clv_nps_interval(p, level, ctypes.byref(lo), ctypes.byref(hi)),
                      expected, what)
        check(lo.value == SENTINEL and hi.value == SENTINEL,
              "%s: outputs written (%r, %r)" % (what, lo.value, hi.value))
    interval_fails(good, NAN, EDOM, "NaN level")
    interval_fails(good, 1.0, EDOM, "level 1")
    interval_fails(good, 0.0, EDOM, "level 0")
    interval_fails(None, 0.95, EINVAL, "null nps")
    for field, value in (("nps", 120.0), ("nps", NAN), ("std_error", -1.0), ("n", 0.0),
                         ("std_error", INF)):
        bad = Nps.from_buffer_copy(good)
        setattr(bad, field, value)
        interval_fails(bad, 0.95, EDOM, "inconsistent score: %s = %r" % (field, value))
    lo = ctypes.c_double(SENTINEL)
    expect_status(lib.clv_nps_interval(ctypes.byref(good), 0.95, ctypes.byref(lo), None), EINVAL,
                  "null upper")
    check(lo.value == SENTINEL, "lower written although upper was null")


if __name__ == "__main__":
    sys.exit(run())
