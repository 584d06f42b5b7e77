# SPDX-License-Identifier: MIT
# Copyright (c) 2026 The libclv authors
"""libclv from Python: a ctypes wrapper of the installed C library.

Standard library only; numpy is optional. Every exported C function is reachable through a
function or method here (``C_API`` maps each C name to the Python name that calls it).

    import libclv
    t = libclv.CustomerTable(x, t_x, T)                 # x, t_x, T in weeks
    params, report = libclv.bgnbd_fit(t)                # BGNBDParams(r, alpha, a, b), FitReport
    libclv.bgnbd_p_alive(params, 2, 30.43, 38.86)       # one customer
    libclv.bgnbd_p_alive_array(params, t)               # every row

Conventions
-----------
* Names are the C names without ``clv_``: ``clv_bgnbd_fit`` is ``bgnbd_fit``. Functions that
  return one value return a float; several values come back as a tuple or a frozen dataclass
  (``RetentionEffect``, ``NPS``, ...) with the C struct's field names.
* Parameters are frozen dataclasses in the papers' order (``BGNBDParams(r, alpha, a, b)``,
  ...); any sequence of the right length is accepted in their place, and they unpack like
  tuples (``r, alpha, a, b = params``).
* A status other than CLV_OK raises ``ClvError`` (a subclass per status: ``ClvDomainError``
  for CLV_EDOM, ...), carrying ``.status``, ``.name`` ("CLV_EDOM"), ``.message`` (the
  library's ``clv_strerror``) and, where the library names one, ``.index`` (the first bad
  row). Where the library fills a diagnostic record (clv_diag: validation, summaries, the
  till, fits) the error also carries ``.diag`` (a ``Diagnostic``), ``.row`` (the row or
  transaction index, or None), ``.field`` and ``.rule`` (names such as "CLV_FIELD_MONETARY"
  and "CLV_RULE_NOT_POSITIVE", or None) and ``.detail`` (the library's sentence, e.g.
  "row 10243: monetary is 0, must be > 0 where x > 0"), which ``str(error)`` shows. A fit that stops without converging raises ``ClvNoConvergenceError`` and one
  cancelled by its progress callback ``ClvCanceledError``; both carry the best point found
  and its report as ``.params`` and ``.report``, exactly what the C fit writes.
* Arrays: any one-dimensional sequence of numbers is copied into a C array. A numpy array
  that is already C-contiguous with the C type (float64 for doubles) and an ``array.array``
  of that type are passed without a copy (the library reads their memory). Array results are
  numpy arrays when an array input was a numpy array, lists otherwise. Only a transition
  matrix (markov_value) and a cohort table may be two-dimensional.
* Every value is checked before it reaches C, never truncated by ctypes: a number for a C
  double must be real (int, float, Fraction, Decimal, numpy integer or floating; not str,
  complex or datetime64: TypeError); an integer for a C integer must be an integer (a float,
  even 3.0, is a TypeError) within the C type's range (a negative count is a ValueError, a
  value too large for the type an OverflowError). numpy arrays are checked by dtype and
  shape, and their values by range before any cast.
* Workspaces (Kaplan-Meier sort, Markov chain, RFM ordering) are allocated here.
* Progress callbacks: ``progress(iteration, loglik, params) -> bool``; a true result cancels
  the fit. An exception raised in the callback cancels the fit and is re-raised.

The library: ``CLV_LIBRARY`` naming a file loads that file; otherwise the package's own copy,
``libclv.so.1`` next to this file (a wheel built by pip carries it); ``CLV_LIBRARY=system``,
or a package installed without its copy (meson ``-Dpython_libclv=system``), loads a
system-installed libclv instead: ``pkg-config --variable=libdir clv``, else
``ctypes.util.find_library("clv")``. ``LD_LIBRARY_PATH`` is never needed.
"""

import array as _array
import ctypes
import ctypes.util
import dataclasses
import decimal
import inspect
import math
import numbers
import operator
import os
import subprocess
from dataclasses import dataclass

try:
    import numpy as _np
except ImportError:  # numpy is optional
    _np = None

__all__ = []  # filled in at the end: every public name

HAVE_NUMPY = _np is not None
INF = math.inf

# ------------------------------------------------------------------------------------------
# Loading the library
# ------------------------------------------------------------------------------------------

ABI_MAJOR = 1


class LibraryNotFoundError(ImportError):
    """libclv could not be found or loaded."""


#: The package's own copy of the library (pip install): next to this file.
BUNDLED_LIBRARY = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                               "libclv.so.%d" % ABI_MAJOR)


def _find_library():
    """The path of libclv.so.1 and how it was found: CLV_LIBRARY (a path), the package's
    own copy (BUNDLED_LIBRARY), or -- with CLV_LIBRARY=system or without a copy -- the
    system's (pkg-config, then ctypes.util.find_library)."""
    path = os.environ.get("CLV_LIBRARY")
    if path and path != "system":
        return path, "CLV_LIBRARY"
    if path != "system" and os.path.exists(BUNDLED_LIBRARY):
        return BUNDLED_LIBRARY, "bundled"
    tried = ["CLV_LIBRARY=system" if path else "CLV_LIBRARY (not set)",
             "the package's copy (skipped)" if path else "the package's copy (%s: none)"
             % BUNDLED_LIBRARY]
    try:
        out = subprocess.run(["pkg-config", "--variable=libdir", "clv"], capture_output=True,
                             text=True, timeout=60, check=False)
        libdir = out.stdout.strip() if out.returncode == 0 else ""
    except (OSError, subprocess.SubprocessError):
        libdir = ""
    if libdir:
        for name in ("libclv.so.%d" % ABI_MAJOR, "libclv.so", "libclv.%d.dylib" % ABI_MAJOR,
                     "libclv.dylib"):
            candidate = os.path.join(libdir, name)
            if os.path.exists(candidate):
                return candidate, "pkg-config"
        tried.append("pkg-config libdir %s (no libclv.so.%d there)" % (libdir, ABI_MAJOR))
    else:
        tried.append("pkg-config --variable=libdir clv (no clv.pc found)")
    name = ctypes.util.find_library("clv")
    if name:
        return name, "find_library"
    tried.append('ctypes.util.find_library("clv") (nothing)')
    raise LibraryNotFoundError(
        "libclv not found; tried " + "; ".join(tried) +
        ". Install libclv, set CLV_LIBRARY to the path of libclv.so.1, or point "
        "PKG_CONFIG_PATH at the directory holding clv.pc.")


LIBRARY_PATH, LIBRARY_SOURCE = _find_library()
try:
    _lib = ctypes.CDLL(LIBRARY_PATH)
except OSError as _exc:
    raise LibraryNotFoundError("cannot load libclv from %s (found through %s): %s"
                               % (LIBRARY_PATH, LIBRARY_SOURCE, _exc)) from None

_D = ctypes.c_double
_PD = ctypes.POINTER(ctypes.c_double)
_I = ctypes.c_int
_U32 = ctypes.c_uint32
_I32 = ctypes.c_int32
_U64 = ctypes.c_uint64
_SZ = ctypes.c_size_t
_VP = ctypes.c_void_p

# ------------------------------------------------------------------------------------------
# Conversions. Every Python value bound for C goes through _int (by C integer type), _real
# (a double) or _array_in / _matrix_in (arrays), which check its kind and range and raise
# TypeError (wrong kind: a string, a float for an integer, complex, datetime64), ValueError
# (a negative value for an unsigned type, a wrong shape) or OverflowError (outside the C
# type's range) -- never letting ctypes truncate: -1 as a size_t count reaches C as SIZE_MAX,
# 2**32 + 1 as a uint32_t as 1.
# ------------------------------------------------------------------------------------------

def _int_limits(ctype):
    bits = 8 * ctypes.sizeof(ctype)
    if ctype(-1).value < 0:  # signed
        return -(1 << (bits - 1)), (1 << (bits - 1)) - 1, "a signed %d-bit C integer" % bits
    return 0, (1 << bits) - 1, "an unsigned %d-bit C integer" % bits


# By C type (c_int32 and c_int are one ctypes type, as are c_uint64 and c_size_t here).
_INT_LIMITS = {t: _int_limits(t) for t in (_I, _I32, _U32, _U64, _SZ)}


def _int(value, ctype, name):
    """``value`` as a Python int for a C integer parameter of type ``ctype``: an int, a bool,
    a numpy integer or anything with __index__. A float (even 3.0), a string or None is a
    TypeError; a negative value for an unsigned type a ValueError; anything else outside the
    type's range an OverflowError."""
    if _np is not None and isinstance(value, _np.bool_):
        value = bool(value)
    lo, hi, kind = _INT_LIMITS[ctype]
    try:
        v = operator.index(value)
    except TypeError:
        raise TypeError("%s: expected an integer (%s), got %s"
                        % (name, kind, type(value).__name__)) from None
    if v < lo and lo == 0:
        raise ValueError("%s must be >= 0 (%s), got %d" % (name, kind, v))
    if v < lo or v > hi:
        raise OverflowError("%s = %d is outside the range [%d, %d] of %s"
                            % (name, v, lo, hi, kind))
    return v


_REAL_TYPES = {float: True, int: True}


def _is_real_type(t):
    """Whether values of type t are real numbers a double can hold: int, float, bool,
    Fraction, Decimal, numpy integer, floating and bool scalars; not str, bytes, complex
    (numpy's too), numpy datetime64 / timedelta64 or None."""
    ok = _REAL_TYPES.get(t)
    if ok is None:
        ok = issubclass(t, (numbers.Real, decimal.Decimal))
        if _np is not None:
            ok = (ok or issubclass(t, _np.bool_)) and \
                not issubclass(t, (_np.datetime64, _np.timedelta64))
        _REAL_TYPES[t] = ok
    return ok


def _real(value, name):
    """``value`` as a float for a C double parameter (see _is_real_type). NaN and infinities
    pass (the library decides what they mean); an int too large for a double is an
    OverflowError."""
    if type(value) is float:
        return value
    if not _is_real_type(type(value)):
        raise TypeError("%s: expected a real number, got %s" % (name, type(value).__name__))
    return float(value)


#: C name -> the bound ctypes function, for every C function this module binds.
BOUND = {}
#: C name -> the Python names (module functions, Class.method) that call it.
C_API = {}


def _bind(name, argtypes, restype=ctypes.c_int):
    fn = getattr(_lib, name)
    fn.argtypes = argtypes
    fn.restype = restype
    BOUND[name] = fn
    return fn


def _exposes(pyname, *c_names):
    for c in c_names:
        C_API.setdefault(c, []).append(pyname)


# ------------------------------------------------------------------------------------------
# Version, constants, status codes and errors
# ------------------------------------------------------------------------------------------

_clv_version = _bind("clv_version", [])
_clv_version_string = _bind("clv_version_string", [], ctypes.c_char_p)
_clv_strerror = _bind("clv_strerror", [ctypes.c_int], ctypes.c_char_p)
_clv_constant = _bind("clv_constant", [ctypes.c_char_p, _PD])


def version():
    """The library's version number, major * 10000 + minor * 100 + patch."""
    return _clv_version()


def version_string():
    """The library's version, "major.minor.patch"."""
    return _clv_version_string().decode("ascii")


def strerror(status):
    """The library's message for a status code."""
    return _clv_strerror(_int(status, _I, "status")).decode("utf-8")


def constant(name):
    """The value of a named public constant of the C headers ("CLV_EDOM", "CLV_MARGIN_END",
    ...), as the library reports it; integers come back as int."""
    if not isinstance(name, str):
        raise TypeError("constant: expected a str name, got %s" % type(name).__name__)
    if "\0" in name:  # C would read the name only up to the NUL
        raise ValueError("constant: the name contains a NUL character: %r" % (name,))
    if not name.isascii():
        raise KeyError("libclv has no constant named %r" % (name,))
    value = _D()
    status = _clv_constant(name.encode("ascii"), ctypes.byref(value))
    if status != 0:
        raise KeyError("libclv has no constant named %r" % (name,))
    v = value.value
    return int(v) if v.is_integer() and "TOLERANCE" not in name else v


_exposes("version", "clv_version")
_exposes("version_string", "clv_version_string")
_exposes("strerror", "clv_strerror")
_exposes("constant", "clv_constant")

if version() // 10000 != ABI_MAJOR:
    raise LibraryNotFoundError("%s is libclv %s; this module needs major version %d"
                               % (LIBRARY_PATH, version_string(), ABI_MAJOR))

_STATUS_NAMES = ("CLV_OK", "CLV_EINVAL", "CLV_EDOM", "CLV_ENOCONV", "CLV_ERANGE",
                 "CLV_ECANCELED", "CLV_ESTRUCT", "CLV_ENOMEM", "CLV_EDIVERGE", "CLV_EIDENT")
#: Status code -> name, read from the library (clv_constant).
STATUS_NAMES = {constant(n): n for n in _STATUS_NAMES}
OK = constant("CLV_OK")
EINVAL = constant("CLV_EINVAL")
EDOM = constant("CLV_EDOM")
ENOCONV = constant("CLV_ENOCONV")
ERANGE = constant("CLV_ERANGE")
ECANCELED = constant("CLV_ECANCELED")
ESTRUCT = constant("CLV_ESTRUCT")
ENOMEM = constant("CLV_ENOMEM")
EDIVERGE = constant("CLV_EDIVERGE")
EIDENT = constant("CLV_EIDENT")


# ------------------------------------------------------------------------------------------
# Diagnostics (clv_diag): which row, field and rule a refused call names
# ------------------------------------------------------------------------------------------

_DiagC = type("clv_diag", (ctypes.Structure,), {"_fields_": [
    ("struct_size", ctypes.c_uint32), ("reserved", ctypes.c_uint32), ("status", ctypes.c_int32),
    ("field", ctypes.c_int32), ("rule", ctypes.c_int32), ("has_row", ctypes.c_uint32),
    ("row", ctypes.c_uint64), ("value", _D), ("limit", _D)]})
_clv_diag_init = _bind("clv_diag_init", [ctypes.POINTER(_DiagC)])
_clv_diag_format = _bind("clv_diag_format", [ctypes.POINTER(_DiagC), ctypes.c_char_p,
                                             ctypes.c_size_t, ctypes.POINTER(ctypes.c_size_t)])

_FIELD_NAMES = ("NONE", "X", "T_X", "T", "MONETARY", "WEIGHT", "CUSTOMER", "TIME", "AMOUNT",
                "ORDER", "PARAMS", "OPTIONS", "PERIOD", "COUNT", "STATE", "CALIBRATION_END",
                "HOLDOUT_END", "FLAG", "MAX_ITERATIONS", "TOLERANCE", "PENALTY", "START",
                "COVARIANCE", "HOLDOUT", "TRANSACTIONS", "BIRTH", "PREDICTED", "ACTUAL",
                "EDGES", "EXPECTED", "GRID", "HORIZON", "DURATION", "CHURNED", "ALIVE", "COHORT",
                "ADOPTERS", "METHOD", "MODEL")
_RULE_NAMES = ("NONE", "MISSING", "EMPTY", "NOT_FINITE", "NEGATIVE", "NOT_WHOLE",
               "NOT_POSITIVE", "RECENCY_ABOVE_T", "RECENCY_WITHOUT_REPEAT", "OUT_OF_ORDER",
               "NOT_SORTED", "NO_INFORMATION", "NO_REPEAT_BUYER", "NOT_CONVERGED",
               "INDEX_OUT_OF_RANGE", "TIE_NOT_MONOTONE", "OVERFLOW", "BAD_FLAG", "BAD_STATE",
               "BELOW_MIN", "ABOVE_MAX", "TOO_SMALL", "X_ABOVE_RECENCY", "INCOMPLETE_PAIR",
               "RUNS_OFF", "NOT_SYMMETRIC", "NOT_POSITIVE_DEFINITE", "NO_VALID_DRAW",
               "TOO_FEW_BINS", "INCREASING", "NO_CHURN", "RESERVED", "CONFLICT", "NOT_ABOVE",
               "ALL_ZERO")
#: CLV_FIELD_* and CLV_RULE_* value -> name, read from the library (clv_constant).
FIELD_NAMES = {constant("CLV_FIELD_" + n): "CLV_FIELD_" + n for n in _FIELD_NAMES}
RULE_NAMES = {constant("CLV_RULE_" + n): "CLV_RULE_" + n for n in _RULE_NAMES}


@dataclass(frozen=True)
class Diagnostic:
    """What a refused call recorded (clv_diag): status, field and rule (the CLV_FIELD_ and
    CLV_RULE_ values; field_name and rule_name spell them), row (the 0-based row or
    transaction index, or None), value (the offending value), limit (what it was checked
    against) and text (the library's sentence, clv_diag_format)."""
    status: int
    field: int
    rule: int
    row: object
    value: float
    limit: float
    text: str

    @property
    def field_name(self):
        return FIELD_NAMES.get(self.field, "CLV_FIELD_%d" % self.field)

    @property
    def rule_name(self):
        return RULE_NAMES.get(self.rule, "CLV_RULE_%d" % self.rule)


def _new_diag():
    """An empty clv_diag, from clv_diag_init."""
    d = _DiagC()
    if _clv_diag_init(ctypes.byref(d)) != 0 or d.struct_size != ctypes.sizeof(_DiagC):
        raise LibraryNotFoundError("clv_diag of this library does not match the wrapper")
    return d


def diag_format(d):
    """The library's sentence for a clv_diag record (clv_diag_format): measured, then
    written into a buffer of that size."""
    length = ctypes.c_size_t(0)
    status = _clv_diag_format(ctypes.byref(d), None, 0, ctypes.byref(length))
    if status != 0:
        return strerror(status)
    buf = ctypes.create_string_buffer(length.value + 1)
    _clv_diag_format(ctypes.byref(d), buf, len(buf), None)
    return buf.value.decode("utf-8", "replace")


def _diagnostic(d):
    """A Diagnostic of a filled clv_diag, or None (no record, or nothing recorded)."""
    if d is None or d.status == 0:
        return None
    return Diagnostic(d.status, d.field, d.rule, int(d.row) if d.has_row else None, d.value,
                      d.limit, diag_format(d))


_exposes("diag_format", "clv_diag_init", "clv_diag_format")


class ClvError(Exception):
    """A libclv call returned an error status.

    Attributes: status (int), name ("CLV_EDOM"), message (clv_strerror's text), function
    (the C function), index (the first bad row or cohort where the library names one, else
    None); for fits, params and report (the best point and its report, else None). Where
    the library filled a diagnostic record: diag (a Diagnostic), row, field, rule (names) and
    detail (its sentence); otherwise those are None (row is then index).
    """

    def __init__(self, status, function=None, index=None, params=None, report=None,
                 diag=None):
        self.status = status
        self.name = STATUS_NAMES.get(status, "CLV_UNKNOWN")
        self.message = strerror(status)
        self.function = function
        d = diag if isinstance(diag, Diagnostic) else _diagnostic(diag)
        if d is not None and d.status != status:
            d = None  # a record from another call: never shown
        #: The library's diagnostic record (a Diagnostic), or None.
        self.diag = d
        #: The row (or transaction) the library names, or None.
        self.row = d.row if d is not None and d.row is not None else index
        self.index = index if index is not None else self.row
        #: "CLV_FIELD_..." and "CLV_RULE_..." of the record, or None.
        self.field = d.field_name if d is not None else None
        self.rule = d.rule_name if d is not None else None
        #: The library's sentence for the record (clv_diag_format), or None.
        self.detail = d.text if d is not None else None
        self.params = params
        self.report = report
        text = "%s (%s)" % (self.message, self.name)
        if function:
            text = "%s: %s" % (function, text)
        if self.detail is not None:
            text += ": " + self.detail
        elif self.index is not None:
            text += ", at index %d" % self.index
        super().__init__(text)


class ClvInvalidError(ClvError, ValueError):
    """CLV_EINVAL: a null pointer, unknown flag, empty array, non-integer count, or input out
    of order (an unsorted log, a purchase at the till earlier than the last)."""


class ClvDomainError(ClvError, ValueError):
    """CLV_EDOM: a value outside the model's domain (NaN, negative count, ...)."""


class ClvNoConvergenceError(ClvError):
    """CLV_ENOCONV: a fit, iteration or series stopped within its limit without converging
    (for fits .params, .report: the best point)."""


class ClvRangeError(ClvError, ArithmeticError):
    """CLV_ERANGE: the result is not representable as a finite number."""


class ClvCanceledError(ClvError):
    """CLV_ECANCELED: the progress callback cancelled the fit (.params, .report)."""


class ClvStructError(ClvError):
    """CLV_ESTRUCT: an options struct of a size the library does not know."""


class ClvNoMemoryError(ClvError):
    """CLV_ENOMEM: a workspace or output too small."""


class ClvDivergeError(ClvError, ArithmeticError):
    """CLV_EDIVERGE: an infinite sum diverges for these inputs."""


class ClvIdentError(ClvError, ValueError):
    """CLV_EIDENT: the data carry no information about the parameters (every weight 0, no
    repeat buyer for Gamma-Gamma): the model cannot be fitted to them."""


_ERROR_CLASSES = {EINVAL: ClvInvalidError, EDOM: ClvDomainError, ENOCONV: ClvNoConvergenceError,
                  ERANGE: ClvRangeError, ECANCELED: ClvCanceledError, ESTRUCT: ClvStructError,
                  ENOMEM: ClvNoMemoryError, EDIVERGE: ClvDivergeError, EIDENT: ClvIdentError}


def _error(status, function, **attrs):
    return _ERROR_CLASSES.get(status, ClvError)(status, function, **attrs)


def _check(status, function, **attrs):
    if status != OK:
        raise _error(status, function, **attrs)


# Flags, read from the library rather than copied from the headers.
MARGIN_END = constant("CLV_MARGIN_END")
MARGIN_START = constant("CLV_MARGIN_START")
MAX_PARAMS = constant("CLV_MAX_PARAMS")
_FIT_DONE = constant("CLV_FIT_DONE")


def _flag(value, table, what, ctype=_I):
    """A flag or index given by name (a key of ``table``) or as an integer of ``ctype``."""
    if isinstance(value, str):
        try:
            return table[value]
        except KeyError:
            raise ValueError("%s must be one of %s, not %r"
                             % (what, ", ".join(sorted(table)), value)) from None
    return _int(value, ctype, what)


_TIMING = {"end": MARGIN_END, "start": MARGIN_START}

# ------------------------------------------------------------------------------------------
# Arrays
# ------------------------------------------------------------------------------------------

_TYPECODES = {_D: "d", _I32: "i", _U32: "I", _U64: "Q"}
if _np is not None:
    _NP_TYPES = {_D: _np.float64, _I32: _np.int32, _U32: _np.uint32, _U64: _np.uint64,
                 _SZ: _np.uintp}


class _Array:
    """An input array as the C library reads it: a typed pointer, its length, and the
    object that owns the memory (kept alive as long as this is)."""

    __slots__ = ("ptr", "n", "owner", "numpy")

    def __init__(self, ptr, n, owner, numpy):
        self.ptr, self.n, self.owner, self.numpy = ptr, n, owner, numpy


def _is_numpy(value):
    return _np is not None and isinstance(value, _np.ndarray)


def _array_in(value, ctype=_D, name="array", length=None):
    """An input array for a C array of ``ctype`` (see Conversions): a one-dimensional numpy
    array (zero-copy when it is C-contiguous with the C type, e.g. float64 for doubles), an
    array.array of the C type (zero-copy), or any other sequence, copied. Elements are
    checked as _real / _int check scalars; a numpy array of another dtype is converted only
    when every value fits. None stays None (an optional column)."""
    if value is None:
        return None
    if _is_numpy(value):
        arr = _numpy_in(value, ctype, name)
    elif isinstance(value, _array.array) and value.typecode == _TYPECODES.get(ctype) \
            and len(value) > 0:
        buf = (ctype * len(value)).from_buffer(value)
        arr = _Array(ctypes.cast(buf, ctypes.POINTER(ctype)), len(value), (value, buf), False)
    else:
        arr = _sequence_in(value, ctype, name)
    if length is not None and arr.n != length:
        raise ValueError("%s has %d entries, expected %d" % (name, arr.n, length))
    return arr


def _numpy_in(a, ctype, name):
    if a.ndim != 1:
        raise ValueError("%s must be one-dimensional, got a numpy array of shape %s"
                         % (name, a.shape))
    kind = a.dtype.kind
    if kind == "O":  # Python objects: checked one by one
        arr = _sequence_in(a.tolist(), ctype, name)
        arr.numpy = True
        return arr
    dtype = _np.dtype(_NP_TYPES[ctype])
    if ctype is _D:
        if kind not in "biuf":
            raise TypeError("%s: expected real numbers, got a numpy %s array"
                            % (name, a.dtype))
    else:
        if kind not in "biu":
            raise TypeError("%s: expected integers (%s), got a numpy %s array"
                            % (name, _INT_LIMITS[ctype][2], a.dtype))
        if a.dtype != dtype and a.size:
            lo, hi, _ = _INT_LIMITS[ctype]
            bad = _np.flatnonzero((a < lo) | (a > hi)) if kind != "b" else ()
            if len(bad):
                i = int(bad[0])
                _int(int(a[i]), ctype, "%s[%d]" % (name, i))  # raises
    if a.dtype != dtype:
        a = a.astype(dtype)
    a = _np.ascontiguousarray(a)  # the same array when already C-contiguous
    return _Array(a.ctypes.data_as(ctypes.POINTER(ctype)), a.size, a, True)


_NESTED = (list, tuple)


def _sequence_in(value, ctype, name):
    try:
        values = list(value)
    except TypeError:
        raise TypeError("%s: expected a sequence of %s, got %s" % (
            name, "numbers" if ctype is _D else "integers", type(value).__name__)) from None
    types = set(map(type, values))  # each distinct type is checked once
    for t in types:
        if issubclass(t, _NESTED) or (_np is not None and issubclass(t, _np.ndarray)):
            raise ValueError("%s must be one-dimensional, got a nested sequence at index %d"
                             % (name, next(i for i, v in enumerate(values) if type(v) is t)))
    if ctype is _D:
        if not types <= {float, int}:
            values = [_real(v, "%s[%d]" % (name, i)) for i, v in enumerate(values)]
    else:
        if not types <= {int}:
            values = [_int(v, ctype, "%s[%d]" % (name, i)) for i, v in enumerate(values)]
        lo, hi, _ = _INT_LIMITS[ctype]
        if values and (min(values) < lo or max(values) > hi):
            i = next(i for i, v in enumerate(values) if not lo <= v <= hi)
            _int(values[i], ctype, "%s[%d]" % (name, i))  # raises
    buf = (ctype * len(values))(*values)
    return _Array(ctypes.cast(buf, ctypes.POINTER(ctype)), len(values), buf, False)


def _matrix_in(value, name, rows, cols):
    """A rows x cols matrix of doubles, row-major: a 2-D numpy array of that shape (zero-copy
    as _array_in), a sequence of ``rows`` rows of ``cols`` numbers, or a flat sequence of
    rows * cols numbers."""
    if _is_numpy(value) and value.ndim == 2:
        if value.shape != (rows, cols):
            raise ValueError("%s must be %d x %d, got shape %s" % (name, rows, cols,
                                                                   value.shape))
        value = _np.ascontiguousarray(value).reshape(-1)  # a view: still zero-copy
    elif not _is_numpy(value) and not isinstance(value, _array.array):
        value = list(value)
        if value and all(isinstance(r, _NESTED) or _is_numpy(r) for r in value):
            if len(value) != rows or any(len(r) != cols for r in value):
                raise ValueError("%s must be %d rows of %d numbers" % (name, rows, cols))
            value = [v for r in value for v in r]
    return _array_in(value, _D, name, rows * cols)


def _ptr(arr):
    return None if arr is None else arr.ptr


class _Out:
    """An output array: numpy when the caller used numpy, else a ctypes buffer read to a
    list."""

    def __init__(self, n, numpy, ctype=_D):
        self.numpy = bool(numpy) and _np is not None
        if self.numpy:
            self.buf = _np.empty(n, dtype=_NP_TYPES[ctype])
            self.ptr = self.buf.ctypes.data_as(ctypes.POINTER(ctype))
        else:
            self.buf = (ctype * n)()
            self.ptr = ctypes.cast(self.buf, ctypes.POINTER(ctype))

    def fill(self, value):
        if self.numpy:
            self.buf.fill(value)
        else:
            for i in range(len(self.buf)):
                self.buf[i] = value
        return self

    def result(self, n=None):
        if self.numpy:
            return self.buf if n is None else self.buf[:n]
        return list(self.buf) if n is None else list(self.buf[:n])


# ------------------------------------------------------------------------------------------
# Structs: ctypes mirrors of the C layouts, dataclasses for Python users
# ------------------------------------------------------------------------------------------

def _cstruct(name, fields):
    return type(name, (ctypes.Structure,), {"_fields_": fields})


def _doubles(*names):
    return [(n, _D) for n in names]


class _Record:
    """Base of the result dataclasses: built from a ctypes struct by field name."""

    _ctype = None

    @classmethod
    def _from_c(cls, s):
        return cls(**{f.name: getattr(s, f.name) for f in dataclasses.fields(cls)})

    def _to_c(self):
        values = dataclasses.asdict(self)
        return self._ctype(**{n: _real(values[n], n) if t is _D else _int(values[n], t, n)
                              for n, t in self._ctype._fields_ if n in values})


def _record(name, ctype, doc, bools=()):
    """A frozen dataclass with the struct's fields (reserved ones left out)."""
    fields = [(n, bool if n in bools else (int if t in (_U32, _I32, _SZ, _U64) else float))
              for n, t in ctype._fields_ if n != "reserved"]
    cls = dataclasses.make_dataclass(name, fields, bases=(_Record,), frozen=True,
                                     namespace={"__doc__": doc, "_ctype": ctype})
    cls.__module__ = __name__
    if bools:
        orig = cls._from_c.__func__

        def _from_c(k, s):
            obj = orig(k, s)
            return dataclasses.replace(obj, **{b: bool(getattr(obj, b)) for b in bools})
        cls._from_c = classmethod(_from_c)
    return cls


class _Params:
    """Base of the parameter dataclasses: iterable like a tuple, convertible to C."""

    _ctype = None

    def __iter__(self):
        return iter(dataclasses.astuple(self))

    def __len__(self):
        return len(dataclasses.fields(self))

    def __getitem__(self, index):
        return dataclasses.astuple(self)[index]

    def _to_c(self):
        return self._ctype(*(_real(getattr(self, f.name), f.name)
                             for f in dataclasses.fields(self)))

    @classmethod
    def _coerce(cls, value):
        """The C struct of a params dataclass of this model or of a plain sequence."""
        if isinstance(value, cls):
            return value._to_c()
        if isinstance(value, _Params):
            raise TypeError("expected %s, got %s" % (cls.__name__, type(value).__name__))
        if isinstance(value, (str, bytes)):
            raise TypeError("expected %s or a sequence of numbers, got %s"
                            % (cls.__name__, type(value).__name__))
        values = tuple(_real(v, "%s[%d]" % (cls.__name__, i)) for i, v in enumerate(value))
        n = len(dataclasses.fields(cls))
        if len(values) != n:
            raise ValueError("%s takes %d values, got %d" % (cls.__name__, n, len(values)))
        return cls._ctype(*values)


@dataclass(frozen=True)
class BGNBDParams(_Params):
    """BG/NBD (Fader, Hardie & Lee 2005): Gamma(r, alpha) purchase rates, Beta(a, b) dropout."""
    r: float
    alpha: float
    a: float
    b: float


@dataclass(frozen=True)
class PNBDParams(_Params):
    """Pareto/NBD (Schmittlein, Morrison & Colombo 1987): Gamma(r, alpha) purchase rates,
    Gamma(s, beta) dropout rates."""
    r: float
    alpha: float
    s: float
    beta: float


@dataclass(frozen=True)
class MBGNBDParams(_Params):
    """MBG/NBD (Batislam, Denizel & Filiztekin 2007): as BG/NBD, dropout also at time 0."""
    r: float
    alpha: float
    a: float
    b: float


@dataclass(frozen=True)
class BGBBParams(_Params):
    """BG/BB (Fader, Hardie & Shang 2010): Beta(alpha, beta) transaction and Beta(gamma,
    delta) dropout probabilities per opportunity."""
    alpha: float
    beta: float
    gamma: float
    delta: float


@dataclass(frozen=True)
class GGParams(_Params):
    """Gamma-Gamma spend (Fader & Hardie 2013): shape p of a transaction's value, nu ~
    Gamma(q, gamma) across customers."""
    p: float
    q: float
    gamma: float


@dataclass(frozen=True)
class SBGParams(_Params):
    """Shifted-beta-geometric (Fader & Hardie 2007): churn probability theta ~ Beta(alpha,
    beta)."""
    alpha: float
    beta: float


@dataclass(frozen=True)
class BassParams(_Params):
    """Bass diffusion (Bass 1969): innovation p, imitation q, market potential m."""
    p: float
    q: float
    m: float


for _cls, _fields in ((BGNBDParams, "r alpha a b"), (PNBDParams, "r alpha s beta"),
                      (MBGNBDParams, "r alpha a b"), (BGBBParams, "alpha beta gamma delta"),
                      (GGParams, "p q gamma"), (SBGParams, "alpha beta"),
                      (BassParams, "p q m")):
    _cls._ctype = _cstruct("c_" + _cls.__name__, _doubles(*_fields.split()))


@dataclass(frozen=True)
class FitReport:
    """What a fit did and the uncertainty of its estimates (clv_fit_report).

    loglik is without the penalty; gradient_norm is max_i |theta_i dLL/dtheta_i| at the
    estimate; std_error has n_params entries (inf when the information matrix is not
    positive definite); covariance is n_params x n_params (zeros when not available).
    """
    loglik: float
    gradient_norm: float
    std_error: tuple
    covariance: tuple
    n_params: int
    iterations: int
    evaluations: int
    converged: bool
    covariance_ok: bool

    @classmethod
    def _from_c(cls, r):
        n = r.n_params
        return cls(r.loglik, r.gradient_norm, tuple(r.std_error[:n]),
                   tuple(tuple(r.covariance[i * n:(i + 1) * n]) for i in range(n)), n,
                   r.iterations, r.evaluations, bool(r.converged), bool(r.covariance_ok))


_FitReportC = _cstruct("clv_fit_report", [
    ("loglik", _D), ("gradient_norm", _D), ("std_error", _D * 8), ("covariance", _D * 64),
    ("n_params", _U32), ("iterations", _U32), ("evaluations", _U32), ("converged", _U32),
    ("covariance_ok", _U32), ("reserved", _U32)])

_ProgressFn = ctypes.CFUNCTYPE(ctypes.c_int, _VP, _U32, _D, _PD, _U32)
_WorkFn = ctypes.CFUNCTYPE(ctypes.c_int, _VP, ctypes.c_uint64, ctypes.c_uint64)
_AllocFn = ctypes.CFUNCTYPE(_VP, _VP, _SZ)
_FreeFn = ctypes.CFUNCTYPE(None, _VP, _VP)

_FitOptionsC = _cstruct("clv_fit_options", [
    ("struct_size", _U32), ("reserved", _U32), ("max_iterations", _U32), ("use_start", _U32),
    ("tolerance", _D), ("penalty", _D), ("start", _D * 8), ("progress", _ProgressFn),
    ("user_data", _VP), ("alloc", _AllocFn), ("dealloc", _FreeFn), ("alloc_ctx", _VP),
    ("diag", ctypes.POINTER(_DiagC))])

_RfmViewC = _cstruct("clv_rfm_view", [
    ("count", _SZ), ("x", _PD), ("t_x", _PD), ("T", _PD), ("monetary", _PD), ("weight", _PD)])


def _init_options(init, ctype, name):
    """A size-versioned options struct filled in by the library's _init function."""
    o = ctype()
    _check(init(ctypes.byref(o)), name)
    if o.struct_size != ctypes.sizeof(ctype):
        raise ClvStructError(ESTRUCT, name)
    return o


# ------------------------------------------------------------------------------------------
# Customer tables (clv_rfm_view)
# ------------------------------------------------------------------------------------------

_clv_rfm_check = _bind("clv_rfm_check", [ctypes.POINTER(_RfmViewC), ctypes.c_int,
                                         ctypes.POINTER(_SZ)])
_clv_rfm_check_diag = _bind("clv_rfm_check_diag", [ctypes.POINTER(_RfmViewC), ctypes.c_int,
                                                   ctypes.POINTER(_DiagC)])


class CustomerTable:
    """A customer table as the models read it (clv_rfm_view): x repeat purchases, recency
    t_x and observation length T per row (for BG/BB, T holds n, the opportunities), with
    optional mean repeat spend ``monetary`` and row ``weight`` (a row of weight w counts as
    w identical customers).

    The columns are converted once and kept alive with the table; numpy float64
    C-contiguous columns are not copied: the library reads them in place, so changing such
    an array changes what the next call sees.
    """

    def __init__(self, x, t_x, T, monetary=None, weight=None):
        self._x = _array_in(x, _D, "x")
        n = self._x.n
        self._t_x = _array_in(t_x, _D, "t_x", n)
        self._T = _array_in(T, _D, "T", n)
        self._monetary = _array_in(monetary, _D, "monetary", n)
        self._weight = _array_in(weight, _D, "weight", n)
        cols = (self._x, self._t_x, self._T, self._monetary, self._weight)
        #: True when any column was a numpy array (array results are then numpy arrays).
        self.numpy = any(c is not None and c.numpy for c in cols)
        #: The clv_rfm_view passed to the library (its pointers are the columns' memory).
        self.view = _RfmViewC(n, *(_ptr(c) for c in cols[:3]), _ptr(self._monetary),
                              _ptr(self._weight))

    def __len__(self):
        return self.view.count

    @property
    def count(self):
        """Number of rows."""
        return self.view.count

    def _column(self, arr):
        if arr is None:
            return None
        if arr.numpy:
            return arr.owner
        return list(arr.ptr[:arr.n])

    @property
    def x(self):
        return self._column(self._x)

    @property
    def t_x(self):
        return self._column(self._t_x)

    @property
    def T(self):  # noqa: N802 -- the paper's name
        return self._column(self._T)

    @property
    def monetary(self):
        return self._column(self._monetary)

    @property
    def weight(self):
        return self._column(self._weight)

    def check(self, need_monetary=False):
        """Validate the rows as every model does (clv_rfm_check); raises ClvDomainError
        with ``.index`` (and ``.row``) the first bad row, and ``.field``, ``.rule`` and
        ``.detail`` the rule it breaks (clv_rfm_check_diag)."""
        bad = _SZ(0)
        flag = 1 if need_monetary else 0
        status = _clv_rfm_check(ctypes.byref(self.view), flag, ctypes.byref(bad))
        if status != OK:
            d = _new_diag()
            _clv_rfm_check_diag(ctypes.byref(self.view), flag, ctypes.byref(d))
            raise _error(status, "clv_rfm_check", index=bad.value if status == EDOM else None,
                         diag=d)

    def _bad_row(self, need_monetary):
        """The diagnostic record of the first bad row (clv_rfm_check_diag), or None."""
        d = _new_diag()
        if _clv_rfm_check_diag(ctypes.byref(self.view), need_monetary, ctypes.byref(d)) == EDOM:
            return d
        return None


_exposes("CustomerTable.check", "clv_rfm_check", "clv_rfm_check_diag")


def _table(data):
    if not isinstance(data, CustomerTable):
        raise TypeError("expected a CustomerTable, got %s" % type(data).__name__)
    return data


def _table_call(fn, name, data, *args, need_monetary=0):
    """Call a function on a table; on CLV_EDOM name the first bad row and its rule
    (clv_rfm_check_diag)."""
    status = fn(*args)
    if status != OK:
        d = data._bad_row(need_monetary) if status == EDOM else None
        raise _error(status, name, index=int(d.row) if d is not None else None, diag=d)


# ------------------------------------------------------------------------------------------
# Fitting: options, progress, allocator, the reverse-communication driver
# ------------------------------------------------------------------------------------------

_clv_fit_options_init = _bind("clv_fit_options_init", [ctypes.POINTER(_FitOptionsC)])
_FitStateC = _cstruct("clv_fit_state", [("opaque", _U64 * 640)])
_clv_fit_start = _bind("clv_fit_start", [ctypes.POINTER(_FitStateC), ctypes.c_int,
                                         ctypes.POINTER(_FitOptionsC), ctypes.POINTER(_U32)])
_clv_fit_next = _bind("clv_fit_next", [ctypes.POINTER(_FitStateC), _PD,
                                       ctypes.POINTER(ctypes.c_int)])
_clv_fit_tell = _bind("clv_fit_tell", [ctypes.POINTER(_FitStateC), _D, _PD])
_clv_fit_result = _bind("clv_fit_result", [ctypes.POINTER(_FitStateC), _PD,
                                           ctypes.POINTER(_FitReportC)])


class _Progress:
    """A Python progress callback as a clv_progress_fn (kept alive by the fit)."""

    def __init__(self, fn):
        self.fn = fn
        self.error = None
        self.c_fn = _ProgressFn(self._call)

    def _call(self, _user_data, iteration, loglik, params, n_params):
        try:
            return 1 if self.fn(int(iteration), float(loglik),
                                tuple(params[i] for i in range(n_params))) else 0
        except BaseException as exc:  # noqa: BLE001 -- re-raised after the fit
            self.error = exc
            return 1


class _Work:
    """A Python work-progress callback ``progress(done, total) -> bool`` as a clv_work_fn (a
    true result, or an exception, cancels; the exception is re-raised after the call)."""

    def __init__(self, fn):
        self.fn = fn
        self.error = None
        self.c_fn = _WorkFn(self._call)

    def _call(self, _user_data, done, total):
        try:
            return 1 if self.fn(int(done), int(total)) else 0
        except BaseException as exc:  # noqa: BLE001 -- re-raised after the call
            self.error = exc
            return 1

    def check(self, status, name):
        if self.error is not None:
            raise self.error
        _check(status, name)


class _Allocator:
    """clv_alloc_fn / clv_free_fn over Python-owned buffers (lets a fit merge rows)."""

    def __init__(self):
        self.blocks = {}
        self.c_alloc = _AllocFn(self._alloc)
        self.c_free = _FreeFn(self._free)

    def _alloc(self, _ctx, size):
        try:
            buf = (_D * ((size + 7) // 8))()
        except MemoryError:
            return None
        address = ctypes.addressof(buf)
        self.blocks[address] = buf
        return address

    def _free(self, _ctx, ptr):
        self.blocks.pop(ptr, None)


class _FitSetup:
    """clv_fit_options from keyword arguments, and the Python objects it points to."""

    def __init__(self, n_params, start=None, tolerance=None, max_iterations=None, penalty=None,
                 progress=None, merge_rows=False):
        o = _init_options(_clv_fit_options_init, _FitOptionsC, "clv_fit_options_init")
        if start is not None:
            values = tuple(_real(v, "start[%d]" % i) for i, v in enumerate(start))
            if len(values) != n_params:
                raise ValueError("start has %d values, the model %d" % (len(values), n_params))
            o.use_start = 1
            for i, v in enumerate(values):
                o.start[i] = v
        if tolerance is not None:
            o.tolerance = _real(tolerance, "tolerance")
        if max_iterations is not None:
            o.max_iterations = _int(max_iterations, _U32, "max_iterations")
        if penalty is not None:
            o.penalty = _real(penalty, "penalty")
        self.progress = _Progress(progress) if progress is not None else None
        if self.progress is not None:
            o.progress = self.progress.c_fn
        self.allocator = _Allocator() if merge_rows else None
        if self.allocator is not None:
            o.alloc = self.allocator.c_alloc
            o.dealloc = self.allocator.c_free
        self.diag = _new_diag()
        o.diag = ctypes.pointer(self.diag)
        self.options = o

    def finish(self, status, name, params, report):
        """Raise what the fit's status says, with the best point and the fit's diagnostic
        record attached."""
        if self.progress is not None and self.progress.error is not None:
            raise self.progress.error
        _check(status, name, params=params, report=report, diag=self.diag)
        return params, report


_MODELS = {}  # name -> (model tag, params class, loglik function)


class FitDriver:
    """A fit driven from outside (reverse communication): the optimizer asks for points, the
    caller evaluates the log-likelihood and gradient wherever the data lives (summing
    chunks) and tells it the totals.

        drv = FitDriver("bgnbd")
        while (point := drv.ask()) is not None:
            ll, grad = bgnbd_loglik(point, table)      # or a sum over chunks
            drv.tell(ll, grad)
        params, report = drv.result()

    Models: "bgnbd", "pnbd", "mbgnbd", "bgbb", "gg", "sbg". Options as the one-call fits.
    A point where the log-likelihood cannot be evaluated is told as tell(-inf) (the
    optimizer steps back). result() raises ClvNoConvergenceError / ClvCanceledError with
    .params and .report when the fit did not converge or was cancelled.
    """

    def __init__(self, model, start=None, tolerance=None, max_iterations=None, penalty=None,
                 progress=None):
        try:
            tag, cls, _ = _MODELS[model]
        except KeyError:
            raise ValueError("unknown model %r; one of %s" % (model, ", ".join(_MODELS))) \
                from None
        self.model = model
        self.params_type = cls
        n = len(dataclasses.fields(cls))
        self._setup = _FitSetup(n, start, tolerance, max_iterations, penalty, progress)
        self._state = _FitStateC()
        n_params = _U32(0)
        _check(_clv_fit_start(ctypes.byref(self._state), tag, ctypes.byref(self._setup.options),
                              ctypes.byref(n_params)), "clv_fit_start", diag=self._setup.diag)
        #: Number of parameters of the model.
        self.n_params = n_params.value
        self._point = (_D * MAX_PARAMS)()
        self.done = False

    def ask(self):
        """The next point to evaluate (a tuple of n_params floats), or None when the fit is
        finished (then call result())."""
        request = ctypes.c_int(0)
        status = _clv_fit_next(ctypes.byref(self._state), self._point, ctypes.byref(request))
        if status == ECANCELED:
            self.done = True
            return None
        _check(status, "clv_fit_next")
        if request.value == _FIT_DONE:
            self.done = True
            return None
        return tuple(self._point[:self.n_params])

    def tell(self, loglik, gradient=None):
        """The total log-likelihood and gradient at the point ask() returned. The gradient
        is required (clv_fit_tell reads one): it may be left out only for a point where the
        log-likelihood cannot be evaluated, told as -inf (or nan, which the library
        rejects), where the optimizer steps back and reads no gradient. A finite loglik
        without a gradient raises TypeError (a zero gradient would read as converged)."""
        ll = _real(loglik, "loglik")
        g = (_D * MAX_PARAMS)()
        if gradient is None:
            if math.isfinite(ll):
                raise TypeError("tell(): a finite log-likelihood needs its gradient (%d "
                                "values); only a point that cannot be evaluated is told "
                                "without one, as tell(-inf)" % self.n_params)
        else:
            if isinstance(gradient, (str, bytes)):
                raise TypeError("gradient: expected a sequence of numbers, got %s"
                                % type(gradient).__name__)
            values = tuple(_real(v, "gradient[%d]" % i) for i, v in enumerate(gradient))
            if len(values) != self.n_params:
                raise ValueError("gradient has %d values, expected %d"
                                 % (len(values), self.n_params))
            for i, v in enumerate(values):
                g[i] = v
        _check(_clv_fit_tell(ctypes.byref(self._state), ll, g), "clv_fit_tell")

    def result(self):
        """(params, FitReport) of the finished fit."""
        p = (_D * MAX_PARAMS)()
        rep = _FitReportC()
        status = _clv_fit_result(ctypes.byref(self._state), p, ctypes.byref(rep))
        if status == EINVAL:
            _check(status, "clv_fit_result")
        params = self.params_type(*p[:self.n_params])
        return self._setup.finish(status, "clv_fit_result", params, FitReport._from_c(rep))


_exposes("FitDriver", "clv_fit_start", "clv_fit_options_init")
_exposes("FitDriver.ask", "clv_fit_next")
_exposes("FitDriver.tell", "clv_fit_tell")
_exposes("FitDriver.result", "clv_fit_result")

# ------------------------------------------------------------------------------------------
# Function factories for the many functions of the same shape
# ------------------------------------------------------------------------------------------

_REQUIRED = inspect.Parameter.empty


def _signature(params_cls, args):
    ps = []
    if params_cls is not None:
        ps.append(inspect.Parameter("params", inspect.Parameter.POSITIONAL_OR_KEYWORD))
    for a in args:
        ps.append(inspect.Parameter(a[0], inspect.Parameter.POSITIONAL_OR_KEYWORD,
                                    default=a[2] if len(a) > 2 else _REQUIRED))
    return inspect.Signature(ps)


def _scalar_args(sig, params_cls, args, a, kw):
    """The C arguments of a call (a, kw) to a function made by _scalar or _struct_out: the
    params struct by reference (when there is one), then each scalar converted."""
    bound = sig.bind(*a, **kw)
    bound.apply_defaults()
    values = list(bound.arguments.values())
    c_args = []
    if params_cls is not None:
        c_args.append(ctypes.byref(params_cls._coerce(values.pop(0))))
    for spec, v in zip(args, values):
        if len(spec) > 3:
            c_args.append(spec[3](v))
        elif spec[1] is _D:
            c_args.append(_real(v, spec[0]))
        else:
            c_args.append(_int(v, spec[1], spec[0]))
    return c_args


def _scalar(pyname, cname, args, doc, params_cls=None, outs=1, out_type=_D):
    """A function of scalars (and optionally a params struct first) with ``outs`` scalar
    outputs. args: (name, ctype[, default[, converter]])."""
    argtypes = ([ctypes.POINTER(params_cls._ctype)] if params_cls is not None else [])
    argtypes += [a[1] for a in args] + [ctypes.POINTER(out_type)] * outs
    c_fn = _bind(cname, argtypes)
    sig = _signature(params_cls, args)

    def fn(*a, **kw):
        c_args = _scalar_args(sig, params_cls, args, a, kw)
        out = [out_type() for _ in range(outs)]
        _check(c_fn(*c_args, *(ctypes.byref(o) for o in out)), cname)
        return out[0].value if outs == 1 else tuple(o.value for o in out)

    fn.__name__ = fn.__qualname__ = pyname
    fn.__signature__ = sig
    fn.__doc__ = doc + "\n\n(%s)" % cname
    fn.__module__ = __name__
    globals()[pyname] = fn
    _exposes(pyname, cname)
    return fn


def _struct_out(pyname, cname, args, record, doc, params_cls=None):
    """A function of scalars (and optionally a params struct) writing one struct."""
    argtypes = ([ctypes.POINTER(params_cls._ctype)] if params_cls is not None else [])
    argtypes += [a[1] for a in args] + [ctypes.POINTER(record._ctype)]
    c_fn = _bind(cname, argtypes)
    sig = _signature(params_cls, args)

    def fn(*a, **kw):
        c_args = _scalar_args(sig, params_cls, args, a, kw)
        out = record._ctype()
        _check(c_fn(*c_args, ctypes.byref(out)), cname)
        return record._from_c(out)

    fn.__name__ = fn.__qualname__ = pyname
    fn.__signature__ = sig
    fn.__doc__ = doc + "\n\nReturns %s. (%s)" % (record.__name__, cname)
    fn.__module__ = __name__
    globals()[pyname] = fn
    _exposes(pyname, cname)
    return fn


def _model_functions(prefix, cls, n_params, need_monetary=0):
    """bind <prefix>_loglik and <prefix>_fit on a CustomerTable."""
    c_ll = _bind("clv_%s_loglik" % prefix, [ctypes.POINTER(cls._ctype),
                                             ctypes.POINTER(_RfmViewC), _PD, _PD])
    c_fit = _bind("clv_%s_fit" % prefix, [ctypes.POINTER(_RfmViewC),
                                          ctypes.POINTER(_FitOptionsC),
                                          ctypes.POINTER(cls._ctype), ctypes.POINTER(_FitReportC)])

    def loglik(params, table):
        t = _table(table)
        p = cls._coerce(params)
        ll = _D()
        grad = (_D * n_params)()
        _table_call(c_ll, c_ll.__name__, t, ctypes.byref(p), ctypes.byref(t.view),
                    ctypes.byref(ll), grad, need_monetary=need_monetary)
        return ll.value, tuple(grad)

    def fit(table, *, start=None, tolerance=None, max_iterations=None, penalty=None,
            progress=None, merge_rows=False):
        t = _table(table)
        setup = _FitSetup(n_params, start, tolerance, max_iterations, penalty, progress,
                          merge_rows)
        p = cls._ctype()
        rep = _FitReportC()
        status = c_fit(ctypes.byref(t.view), ctypes.byref(setup.options), ctypes.byref(p),
                       ctypes.byref(rep))
        if status not in (OK, ENOCONV, ECANCELED):
            d = setup.diag
            raise _error(status, c_fit.__name__,
                         index=int(d.row) if d.status == status and d.has_row else None,
                         diag=d)
        return setup.finish(status, c_fit.__name__, cls(*(getattr(p, f.name) for f in
                                                           dataclasses.fields(cls))),
                            FitReport._from_c(rep))

    loglik.__name__ = loglik.__qualname__ = prefix + "_loglik"
    loglik.__doc__ = (
        "(loglik, gradient) of the %s model over a CustomerTable: a sum over rows, so the "
        "values of chunks add up (clv_%s_loglik). gradient is a tuple in the parameters' "
        "order." % (cls.__name__[:-6], prefix))
    fit.__name__ = fit.__qualname__ = prefix + "_fit"
    fit.__doc__ = (
        "Maximum-likelihood fit of %s to a CustomerTable: (%s, FitReport) (clv_%s_fit).\n\n"
        "start: a starting point (params or sequence); tolerance, max_iterations, penalty "
        "(L2 on the log-parameters): as clv_fit_options; progress(iteration, loglik, "
        "params) -> True cancels; merge_rows: give the fit an allocator so it merges "
        "identical rows first (same likelihood, fewer evaluations). Raises "
        "ClvNoConvergenceError / ClvCanceledError with .params and .report."
        % (cls.__name__[:-6], cls.__name__, prefix))
    for f in (loglik, fit):
        f.__module__ = __name__
        globals()[f.__name__] = f
    _exposes(loglik.__name__, c_ll.__name__)
    _exposes(fit.__name__, c_fit.__name__)
    return loglik


def _array_functions(prefix, cls):
    """<prefix>_p_alive_array and <prefix>_expected_purchases_array on a CustomerTable."""
    c_alive = _bind("clv_%s_p_alive_array" % prefix, [ctypes.POINTER(cls._ctype),
                                                       ctypes.POINTER(_RfmViewC), _PD])
    c_exp = _bind("clv_%s_expected_purchases_array" % prefix,
                  [ctypes.POINTER(cls._ctype), ctypes.POINTER(_RfmViewC), _D, _PD])

    def p_alive_array(params, table):
        t = _table(table)
        out = _Out(len(t), t.numpy)
        _table_call(c_alive, c_alive.__name__, t, ctypes.byref(cls._coerce(params)),
                    ctypes.byref(t.view), out.ptr)
        return out.result()

    def expected_purchases_array(params, table, t):
        tab = _table(table)
        out = _Out(len(tab), tab.numpy)
        _table_call(c_exp, c_exp.__name__, tab, ctypes.byref(cls._coerce(params)),
                    ctypes.byref(tab.view), _real(t, "t"), out.ptr)
        return out.result()

    p_alive_array.__name__ = p_alive_array.__qualname__ = prefix + "_p_alive_array"
    p_alive_array.__doc__ = "P(alive) of every row of a CustomerTable (%s)." % c_alive.__name__
    expected_purchases_array.__name__ = prefix + "_expected_purchases_array"
    expected_purchases_array.__qualname__ = expected_purchases_array.__name__
    expected_purchases_array.__doc__ = (
        "Expected purchases in the next t periods of every row of a CustomerTable (%s)."
        % c_exp.__name__)
    for f in (p_alive_array, expected_purchases_array):
        f.__module__ = __name__
        globals()[f.__name__] = f
    _exposes(p_alive_array.__name__, c_alive.__name__)
    _exposes(expected_purchases_array.__name__, c_exp.__name__)


# ------------------------------------------------------------------------------------------
# clv.h: closed-form value
# ------------------------------------------------------------------------------------------

def _timing(v):
    return _flag(v, _TIMING, "timing")


_scalar("simple_value", "clv_simple_value",
        [("margin_per_purchase", _D), ("purchases_per_period", _D), ("lifetime_periods", _D)],
        "margin x purchases per period x lifetime.")
_scalar("retention_value", "clv_retention_value",
        [("margin", _D), ("retention", _D), ("discount", _D), ("horizon", _D, INF),
         ("timing", _I, "end", _timing)],
        "Retention-discounted CLV of a margin per period (Gupta & Lehmann 2003); timing "
        '"end" (first margin one period later) or "start".')
_scalar("margin_multiple", "clv_margin_multiple",
        [("retention", _D), ("discount", _D), ("horizon", _D, INF),
         ("timing", _I, "end", _timing)],
        "The margin multiple r/(1+i-r) of Gupta & Lehmann (2003), or its finite-horizon form.")
_scalar("cac", "clv_cac", [("acquisition_spend", _D), ("new_customers", _D)],
        "Customer acquisition cost: spend / new customers.")
_scalar("ltv_cac_ratio", "clv_ltv_cac_ratio", [("lifetime_value", _D), ("cac", _D)],
        "LTV:CAC ratio.")
_scalar("payback_periods", "clv_payback_periods",
        [("cac", _D), ("margin", _D), ("retention", _D), ("discount", _D),
         ("timing", _I, "end", _timing)],
        "Periods until the discounted retained margin pays back the CAC (inf if never).")
_scalar("discount_rate_convert", "clv_discount_rate_convert",
        [("rate", _D), ("from_length", _D), ("to_length", _D)],
        "Convert a discount rate between period lengths by compounding.")
_scalar("discount_rate_to_continuous", "clv_discount_rate_to_continuous",
        [("rate", _D), ("length", _D)],
        "The continuous rate per time unit of a discount rate per period: ln(1+rate)/length.")
_scalar("discount_rate_from_continuous", "clv_discount_rate_from_continuous",
        [("delta", _D), ("length", _D)],
        "The discount rate per period of a continuous rate per time unit: e^(delta length)-1.")

# ------------------------------------------------------------------------------------------
# clv.h: transaction logs to RFM rows
# ------------------------------------------------------------------------------------------

_RfmOptionsC = _cstruct("clv_rfm_options", [("struct_size", _U32), ("reserved", _U32),
                                            ("period", _D), ("calibration_end", _D),
                                            ("holdout_end", _D),
                                            ("diag", ctypes.POINTER(_DiagC)),
                                            ("progress", _WorkFn), ("user_data", _VP)])
_RfmTableC = _cstruct("clv_rfm_table", [
    ("capacity", _SZ), ("customer", ctypes.POINTER(_U64)), ("x", _PD), ("t_x", _PD), ("T", _PD),
    ("monetary", _PD), ("x_holdout", _PD), ("monetary_holdout", _PD)])
_RfmStateC = _cstruct("clv_rfm_state", _doubles(
    "purchases", "first_time", "last_time", "first_amount", "repeat_total", "last_amount"))

_clv_rfm_options_init = _bind("clv_rfm_options_init", [ctypes.POINTER(_RfmOptionsC)])
_clv_rfm_summary = _bind("clv_rfm_summary", [
    ctypes.POINTER(_U64), _PD, _PD, _SZ, ctypes.POINTER(_SZ), ctypes.POINTER(_RfmOptionsC),
    ctypes.POINTER(_RfmTableC), ctypes.POINTER(_SZ), ctypes.POINTER(_SZ)])
_clv_rfm_order = _bind("clv_rfm_order", [ctypes.POINTER(_U64), _PD, _SZ, ctypes.POINTER(_SZ)])
_clv_rfm_order_progress = _bind("clv_rfm_order_progress", [
    ctypes.POINTER(_U64), _PD, _SZ, ctypes.POINTER(_SZ), _WorkFn, _VP])
_clv_rfm_order_workspace_size = _bind("clv_rfm_order_workspace_size", [
    ctypes.POINTER(_U64), _PD, _SZ, ctypes.POINTER(_SZ)])
_clv_rfm_order_workspace = _bind("clv_rfm_order_workspace", [
    ctypes.POINTER(_U64), _PD, _SZ, ctypes.POINTER(_SZ), _VP, _SZ, _WorkFn, _VP])
_clv_rfm_state_init = _bind("clv_rfm_state_init", [ctypes.POINTER(_RfmStateC)])
_clv_rfm_update = _bind("clv_rfm_update", [ctypes.POINTER(_RfmStateC), _D, _D, _D])
_clv_rfm_update_diag = _bind("clv_rfm_update_diag", [ctypes.POINTER(_RfmStateC), _D, _D, _D,
                                                     ctypes.POINTER(_DiagC)])
_clv_rfm_state_summary = _bind("clv_rfm_state_summary", [
    ctypes.POINTER(_RfmStateC), _D, _D, _PD, _PD, _PD, _PD])


@dataclass(frozen=True)
class RFMSummary:
    """One row per customer from a transaction log (clv_rfm_summary), in ascending customer
    order: ids, x, t_x, T, monetary (mean repeat spend), x_holdout and monetary_holdout
    (purchases and mean amount after calibration_end). Columns are lists, or numpy arrays
    when the log was given as numpy arrays."""
    customer: object
    x: object
    t_x: object
    T: object  # noqa: N815 -- the paper's name
    monetary: object
    x_holdout: object
    monetary_holdout: object

    def __len__(self):
        return len(self.x)

    def table(self, monetary=True):
        """The calibration columns as a CustomerTable (with monetary, for Gamma-Gamma)."""
        return CustomerTable(self.x, self.t_x, self.T, self.monetary if monetary else None)


def rfm_order(customer, time):
    """The permutation that sorts a transaction log by (customer, time), stable
    (clv_rfm_order): a list of indices, or a numpy array for numpy input."""
    c = _array_in(customer, _U64, "customer")
    t = _array_in(time, _D, "time", c.n)
    out = _Out(c.n, c.numpy or t.numpy, _SZ)
    need = _SZ(0)  # the record sort's workspace (0 for a log already sorted or grouped)
    _check(_clv_rfm_order_workspace_size(c.ptr, t.ptr, c.n, ctypes.byref(need)),
           "clv_rfm_order_workspace_size")
    ws = ctypes.create_string_buffer(need.value) if need.value else None
    _check(_clv_rfm_order_workspace(c.ptr, t.ptr, c.n, out.ptr, ws, need.value, _WorkFn(), None),
           "clv_rfm_order_workspace")
    return out.result()


def rfm_summary(customer, time, amount=None, *, period=0.0, calibration_end=INF,
                holdout_end=INF, order=None, progress=None):
    """Summarise a transaction log into one (x, t_x, T, monetary) row per customer
    (clv_rfm_summary).

    customer: integer ids; time: in the caller's unit (e.g. days); amount: optional.
    period > 0 collapses purchases in the same period (1 with times in days: same-day
    purchases count once); calibration_end: T is measured to it and later transactions are
    holdout; holdout_end: later ones are ignored. The log may be in any order: unless an
    ``order`` permutation is given it is sorted with rfm_order() first (a log already sorted
    by customer and time reads the same). Times of the result are in the unit of ``time``.
    Raises ClvError with ``.index`` the first bad transaction. ``progress(done, total)``, if
    given, is called every 65,536 comparisons of the sort (clv_rfm_order_progress) and
    transactions of the summary; a true result cancels (ClvError CLV_ECANCELED).
    """
    work = _Work(progress) if progress is not None else None
    c = _array_in(customer, _U64, "customer")
    n = c.n
    t = _array_in(time, _D, "time", n)
    a = _array_in(amount, _D, "amount", n)
    numpy = c.numpy or t.numpy or (a is not None and a.numpy)
    if order is None:
        if n == 0:
            raise ClvInvalidError(EINVAL, "clv_rfm_summary")
        perm = _Out(n, False, _SZ)
        if work is None:
            status = _clv_rfm_order(c.ptr, t.ptr, n, perm.ptr)
        else:
            status = _clv_rfm_order_progress(c.ptr, t.ptr, n, perm.ptr, work.c_fn, None)
            if work.error is not None:
                raise work.error
        if status == EDOM:  # a non-finite time: name the first
            index = next((i for i in range(n) if not math.isfinite(t.ptr[i])), None)
            raise _error(status, "clv_rfm_order", index=index)
        _check(status, "clv_rfm_order")
        order_ptr, keep = perm.ptr, perm
    else:
        keep = _array_in(order, _SZ, "order", n)
        order_ptr = keep.ptr
    o = _init_options(_clv_rfm_options_init, _RfmOptionsC, "clv_rfm_options_init")
    o.period = _real(period, "period")
    o.calibration_end = _real(calibration_end, "calibration_end")
    o.holdout_end = _real(holdout_end, "holdout_end")
    d = _new_diag()
    o.diag = ctypes.pointer(d)
    if work is not None:
        o.progress = work.c_fn
    cols = [_Out(n, numpy, _U64)] + [_Out(n, numpy) for _ in range(6)]
    table = _RfmTableC(n, *(col.ptr for col in cols))
    n_customers = _SZ(0)
    bad = _SZ(n)
    status = _clv_rfm_summary(c.ptr, t.ptr, _ptr(a), n, order_ptr, ctypes.byref(o),
                              ctypes.byref(table), ctypes.byref(n_customers), ctypes.byref(bad))
    # bad_index is a position in the sorted log: report the transaction's own index.
    index = order_ptr[bad.value] if status in (EINVAL, EDOM) and bad.value < n else None
    del keep
    if work is not None and work.error is not None:
        raise work.error
    _check(status, "clv_rfm_summary", index=index, diag=d)
    m = n_customers.value
    return RFMSummary(*(col.result(m) for col in cols))


class RFMState:
    """One customer's running summary, updated purchase by purchase (clv_rfm_state): a till
    need not keep the log. ``period`` as in rfm_summary()."""

    def __init__(self, period=0.0):
        self.period = _real(period, "period")
        self._s = _RfmStateC()
        _check(_clv_rfm_state_init(ctypes.byref(self._s)), "clv_rfm_state_init")

    def update(self, time, amount=0.0, *, diag=True):
        """Add a purchase (in time order). A refused purchase raises ClvError whose
        ``.detail`` says why, e.g. "purchase at 12 precedes the customer's last purchase at
        15.5" (clv_rfm_update_diag); diag=False calls the plain clv_rfm_update."""
        t, a = _real(time, "time"), _real(amount, "amount")
        if not diag:
            _check(_clv_rfm_update(ctypes.byref(self._s), t, a, self.period), "clv_rfm_update")
            return
        d = _new_diag()
        _check(_clv_rfm_update_diag(ctypes.byref(self._s), t, a, self.period, ctypes.byref(d)),
               "clv_rfm_update_diag", diag=d)

    def summary(self, now):
        """(x, t_x, T, monetary) as of time ``now``."""
        out = [_D() for _ in range(4)]
        _check(_clv_rfm_state_summary(ctypes.byref(self._s), _real(now, "now"), self.period,
                                      *(ctypes.byref(o) for o in out)), "clv_rfm_state_summary")
        return tuple(o.value for o in out)

    @property
    def purchases(self):
        """Purchases so far (after collapsing)."""
        return self._s.purchases


_exposes("rfm_order", "clv_rfm_order", "clv_rfm_order_progress",
         "clv_rfm_order_workspace_size", "clv_rfm_order_workspace")
_exposes("rfm_summary", "clv_rfm_summary", "clv_rfm_options_init", "clv_rfm_order",
         "clv_rfm_order_progress")
_exposes("RFMState", "clv_rfm_state_init")
_exposes("RFMState.update", "clv_rfm_update", "clv_rfm_update_diag")
_exposes("RFMState.summary", "clv_rfm_state_summary")

# ------------------------------------------------------------------------------------------
# clv.h: the customer-base models
# ------------------------------------------------------------------------------------------

_MODELS["bgnbd"] = (constant("CLV_MODEL_BGNBD"), BGNBDParams,
                    _model_functions("bgnbd", BGNBDParams, 4))
_MODELS["pnbd"] = (constant("CLV_MODEL_PNBD"), PNBDParams,
                   _model_functions("pnbd", PNBDParams, 4))
_MODELS["mbgnbd"] = (constant("CLV_MODEL_MBGNBD"), MBGNBDParams,
                     _model_functions("mbgnbd", MBGNBDParams, 4))
_MODELS["bgbb"] = (constant("CLV_MODEL_BGBB"), BGBBParams,
                   _model_functions("bgbb", BGBBParams, 4))
_MODELS["gg"] = (constant("CLV_MODEL_GG"), GGParams,
                 _model_functions("gg", GGParams, 3, need_monetary=1))
_MODELS["sbg"] = (constant("CLV_MODEL_SBG"), SBGParams, None)  # sbg_loglik: churn section

for _prefix, _cls, _name in (("bgnbd", BGNBDParams, "BG/NBD"), ("pnbd", PNBDParams, "Pareto/NBD"),
                             ("mbgnbd", MBGNBDParams, "MBG/NBD")):
    _scalar(_prefix + "_p_alive", "clv_%s_p_alive" % _prefix,
            [("x", _D), ("t_x", _D), ("T", _D)],
            "%s: probability that a customer with history (x, t_x, T) is alive at T." % _name,
            _cls)
    _scalar(_prefix + "_expected_purchases", "clv_%s_expected_purchases" % _prefix,
            [("x", _D), ("t_x", _D), ("T", _D), ("t", _D)],
            "%s: expected purchases in (T, T + t] of a customer with history (x, t_x, T)."
            % _name, _cls)
    _scalar(_prefix + "_expected_purchases_new", "clv_%s_expected_purchases_new" % _prefix,
            [("t", _D)], "%s: E[X(t)], expected purchases of a new customer in t." % _name,
            _cls)
    _scalar(_prefix + "_prob_purchases", "clv_%s_prob_purchases" % _prefix,
            [("t", _D), ("n", _D)], "%s: P(X(t) = n) for a new customer." % _name, _cls)
    _array_functions(_prefix, _cls)

_scalar("pnbd_dert", "clv_pnbd_dert", [("x", _D), ("t_x", _D), ("T", _D), ("delta", _D)],
        "Pareto/NBD: discounted expected residual transactions at continuous rate delta "
        "(Fader, Hardie & Lee 2005, JMR).", PNBDParams)
for _prefix, _name, _cls in (("bgnbd", "BG/NBD", BGNBDParams), ("mbgnbd", "MBG/NBD", MBGNBDParams)):
    _scalar(_prefix + "_dert", "clv_%s_dert" % _prefix,
            [("x", _D), ("t_x", _D), ("T", _D), ("delta", _D)],
            "%s: discounted expected residual transactions at continuous rate delta (the "
            "convention of pnbd_dert)." % _name, _cls)
    _scalar(_prefix + "_prob_purchases_cond", "clv_%s_prob_purchases_cond" % _prefix,
            [("x", _D), ("t_x", _D), ("T", _D), ("t", _D), ("n", _D)],
            "%s: P(X(t) = n | x, t_x, T), n purchases in the next t of a customer with "
            "history (x, t_x, T); n = 0 is the churn-risk flag." % _name, _cls)
_scalar("pnbd_prob_purchases_cond", "clv_pnbd_prob_purchases_cond",
        [("x", _D), ("t_x", _D), ("T", _D), ("t", _D), ("n", _D)],
        "Pareto/NBD: P(X(t) = n | x, t_x, T), n purchases in the next t of a customer with "
        "history (x, t_x, T) (Fader & Hardie 2006); n = 0 is the churn-risk flag.", PNBDParams)
_scalar("bgbb_prob_purchases_cond", "clv_bgbb_prob_purchases_cond",
        [("x", _D), ("t_x", _D), ("n", _D), ("n_star", _D), ("x_star", _D)],
        "BG/BB: P(X(n, n + n_star) = x_star | x, t_x, n), x_star transactions in the next "
        "n_star opportunities (Fader, Hardie & Shang 2010, appendix).", BGBBParams)
_scalar("bgbb_p_alive_at", "clv_bgbb_p_alive_at",
        [("x", _D), ("t_x", _D), ("n", _D), ("m", _D)],
        "BG/BB: probability that a customer with history (x, t_x, n) is alive at "
        "opportunity n + m (m = 1: bgbb_p_alive).", BGBBParams)
_scalar("bgbb_p_alive", "clv_bgbb_p_alive", [("x", _D), ("t_x", _D), ("n", _D)],
        "BG/BB: probability that a customer with history (x, t_x, n) is alive at n + 1.",
        BGBBParams)
_scalar("bgbb_expected_purchases", "clv_bgbb_expected_purchases",
        [("x", _D), ("t_x", _D), ("n", _D), ("n_star", _D)],
        "BG/BB: expected transactions in the next n_star opportunities.", BGBBParams)
_scalar("bgbb_expected_purchases_new", "clv_bgbb_expected_purchases_new", [("n", _D)],
        "BG/BB: E[X(n)] of a new customer.", BGBBParams)
_scalar("bgbb_prob_purchases", "clv_bgbb_prob_purchases", [("n", _D), ("x", _D)],
        "BG/BB: P(X(n) = x) for a new customer.", BGBBParams)
_scalar("bgbb_dert", "clv_bgbb_dert", [("x", _D), ("t_x", _D), ("n", _D), ("discount", _D)],
        "BG/BB: discounted expected residual transactions.", BGBBParams)
_scalar("gg_expected_spend", "clv_gg_expected_spend", [("x", _D), ("monetary", _D)],
        "Gamma-Gamma: conditional expected mean spend of a customer (the population mean "
        "for x = 0).", GGParams)

# ------------------------------------------------------------------------------------------
# clv.h: customer value
# ------------------------------------------------------------------------------------------

_PurchaseModelC = _cstruct("clv_purchase_model", [("model", _I32), ("reserved", _U32),
                                                  ("params", _D * 4)])
_ValueOptionsC = _cstruct("clv_value_options", [
    ("struct_size", _U32), ("reserved", _U32), ("margin", _D), ("discount_rate", _D),
    ("period", _D), ("horizon", _D), ("progress", _WorkFn), ("user_data", _VP)])
_clv_value_options_init = _bind("clv_value_options_init", [ctypes.POINTER(_ValueOptionsC)])
_clv_customer_value = _bind("clv_customer_value", [
    ctypes.POINTER(_PurchaseModelC), ctypes.POINTER(GGParams._ctype),
    ctypes.POINTER(_ValueOptionsC), _D, _D, _D, _D, _PD])

_PURCHASE_MODELS = {BGNBDParams: "bgnbd", PNBDParams: "pnbd", MBGNBDParams: "mbgnbd",
                    BGBBParams: "bgbb"}


def value_options():
    """The library's defaults of customer_value(): a dict of margin, discount_rate, period
    and horizon (clv_value_options_init)."""
    o = _init_options(_clv_value_options_init, _ValueOptionsC, "clv_value_options_init")
    return {"margin": o.margin, "discount_rate": o.discount_rate, "period": o.period,
            "horizon": o.horizon}


def customer_value(model, spend, x, t_x, T, monetary, *, margin=None, discount_rate=None,
                   period=None, horizon=None):
    """A customer's lifetime value (clv_customer_value): margin x expected spend
    (Gamma-Gamma ``spend``) x expected purchases of each period of the horizon, discounted.

    model: BGNBDParams, PNBDParams, MBGNBDParams or BGBBParams; spend: GGParams.
    Options not given keep the library's defaults (value_options()).
    """
    try:
        tag = _MODELS[_PURCHASE_MODELS[type(model)]][0]
    except KeyError:
        raise TypeError("model must be BGNBDParams, PNBDParams, MBGNBDParams or BGBBParams")
    pm = _PurchaseModelC(tag, 0, (_D * 4)(*(_real(v, "model." + f.name) for v, f in
                                            zip(model, dataclasses.fields(model)))))
    o = _init_options(_clv_value_options_init, _ValueOptionsC, "clv_value_options_init")
    for name, v in (("margin", margin), ("discount_rate", discount_rate), ("period", period),
                    ("horizon", horizon)):
        if v is not None:
            setattr(o, name, _real(v, name))
    out = _D()
    _check(_clv_customer_value(ctypes.byref(pm), ctypes.byref(GGParams._coerce(spend)),
                               ctypes.byref(o), _real(x, "x"), _real(t_x, "t_x"), _real(T, "T"),
                               _real(monetary, "monetary"), ctypes.byref(out)),
           "clv_customer_value")
    return out.value


_exposes("customer_value", "clv_customer_value", "clv_value_options_init")
_exposes("value_options", "clv_value_options_init")

# ------------------------------------------------------------------------------------------
# clv.h: scoring a table row by row, with a status per row
# ------------------------------------------------------------------------------------------

_PI32 = ctypes.POINTER(_I32)
_PurchaseModelP = ctypes.POINTER(_PurchaseModelC)
_RfmViewP = ctypes.POINTER(_RfmViewC)
_clv_p_alive_rows = _bind("clv_p_alive_rows", [_PurchaseModelP, _RfmViewP, _PD, _PI32])
_clv_expected_purchases_rows = _bind("clv_expected_purchases_rows",
                                     [_PurchaseModelP, _RfmViewP, _D, _PD, _PI32])
_clv_prob_purchases_rows = _bind("clv_prob_purchases_rows",
                                 [_PurchaseModelP, _RfmViewP, _D, _D, _PD, _PI32])
_clv_dert_rows = _bind("clv_dert_rows", [_PurchaseModelP, _RfmViewP, _D, _PD, _PI32])
_clv_loglik_rows = _bind("clv_loglik_rows", [_PurchaseModelP, _RfmViewP, _PD, _PI32])
_clv_gg_expected_spend_rows = _bind("clv_gg_expected_spend_rows", [
    ctypes.POINTER(GGParams._ctype), _RfmViewP, _PD, _PI32])
_clv_customer_value_rows = _bind("clv_customer_value_rows", [
    _PurchaseModelP, ctypes.POINTER(GGParams._ctype), ctypes.POINTER(_ValueOptionsC),
    _RfmViewP, _PD, _PI32])


def _purchase_model(model, allow_gg=False):
    """The clv_purchase_model of a params dataclass (GGParams only where allow_gg)."""
    classes = dict(_PURCHASE_MODELS)
    if allow_gg:
        classes[GGParams] = "gg"
    try:
        tag = _MODELS[classes[type(model)]][0]
    except KeyError:
        raise TypeError("model must be one of %s, not %s"
                        % (", ".join(c.__name__ for c in classes), type(model).__name__)) \
            from None
    values = [_real(v, "model." + f.name) for v, f in zip(model, dataclasses.fields(model))]
    return _PurchaseModelC(tag, 0, (_D * 4)(*(values + [0.0] * (4 - len(values)))))


def _rows_call(c_fn, name, table, args, row_status, need_monetary=0):
    """Run a _rows function: the values (NaN where a row was refused), and with row_status
    the statuses too, as (values, statuses). An error names the first bad row: by
    clv_rfm_check_diag (with its field and rule), else (a table of x and monetary only, a
    row error the check does not know) by the rows' statuses of a second call."""
    t = _table(table)
    out = _Out(len(t), t.numpy).fill(math.nan)
    if not row_status:
        status = c_fn(*args, out.ptr, None)
        if status == OK:
            return out.result()
        d = t._bad_row(need_monetary) if status == EDOM else None
        index = int(d.row) if d is not None else None
        if index is None and status not in (ECANCELED, EINVAL):
            st = (_I32 * len(t))()
            if c_fn(*args, _Out(len(t), False).ptr, st) == OK:
                index = next((i for i in range(len(t)) if st[i] != OK), None)
        raise _error(status, name, index=index, diag=d)
    status = _Out(len(t), t.numpy, _I32)
    _check(c_fn(*args, out.ptr, status.ptr), name)
    return out.result(), status.result()


def p_alive_rows(model, table, *, row_status=False):
    """P(alive) of every row of a CustomerTable for a purchase model (BGNBDParams,
    PNBDParams, MBGNBDParams or BGBBParams) (clv_p_alive_rows). With row_status=True,
    returns (values, statuses): a refused row gets its status and NaN, the others are
    scored; without, the first bad row raises."""
    t = _table(table)
    return _rows_call(_clv_p_alive_rows, "clv_p_alive_rows", t,
                      (ctypes.byref(_purchase_model(model)), ctypes.byref(t.view)), row_status)


def expected_purchases_rows(model, table, t, *, row_status=False):
    """Expected purchases in the next t of every row (clv_expected_purchases_rows); for
    BG/BB, t is a whole number of opportunities. row_status as p_alive_rows()."""
    tab = _table(table)
    return _rows_call(_clv_expected_purchases_rows, "clv_expected_purchases_rows", tab,
                      (ctypes.byref(_purchase_model(model)), ctypes.byref(tab.view),
                       _real(t, "t")), row_status)


def prob_purchases_rows(model, table, t, n, *, row_status=False):
    """P(X(t) = n | x, t_x, T) of every row (clv_prob_purchases_rows); for BG/BB, t is a
    whole number of future opportunities and n the transactions in them. row_status as
    p_alive_rows()."""
    tab = _table(table)
    return _rows_call(_clv_prob_purchases_rows, "clv_prob_purchases_rows", tab,
                      (ctypes.byref(_purchase_model(model)), ctypes.byref(tab.view),
                       _real(t, "t"), _real(n, "n")), row_status)


def dert_rows(model, table, delta, *, row_status=False):
    """Discounted expected residual transactions of every row at one continuous rate delta
    per time unit (BG/BB: per opportunity, i.e. bgbb_dert at discount e^delta - 1)
    (clv_dert_rows). row_status as p_alive_rows()."""
    tab = _table(table)
    return _rows_call(_clv_dert_rows, "clv_dert_rows", tab,
                      (ctypes.byref(_purchase_model(model)), ctypes.byref(tab.view),
                       _real(delta, "delta")), row_status)


def loglik_rows(model, table, *, row_status=False):
    """Each row's log-likelihood (weights ignored) for any purchase model or Gamma-Gamma
    (GGParams: reads x and monetary only) (clv_loglik_rows). row_status as p_alive_rows()."""
    t = _table(table)
    return _rows_call(_clv_loglik_rows, "clv_loglik_rows", t,
                      (ctypes.byref(_purchase_model(model, allow_gg=True)),
                       ctypes.byref(t.view)), row_status)


def gg_expected_spend_rows(params, table, *, row_status=False):
    """Gamma-Gamma expected spend per transaction of every row; reads x and monetary only
    (clv_gg_expected_spend_rows). row_status as p_alive_rows()."""
    t = _table(table)
    return _rows_call(_clv_gg_expected_spend_rows, "clv_gg_expected_spend_rows", t,
                      (ctypes.byref(GGParams._coerce(params)), ctypes.byref(t.view)),
                      row_status, need_monetary=1)


def customer_value_rows(model, spend, table, *, margin=None, discount_rate=None, period=None,
                        horizon=None, row_status=False, progress=None):
    """The value of every row's customer (clv_customer_value_rows): as customer_value(), with
    ``spend`` a GGParams or None (the monetary column is then the spend). row_status as
    p_alive_rows(). progress(done, total) -> bool is called every few rows; a true result
    (or an exception, re-raised) cancels: ClvCanceledError."""
    t = _table(table)
    o = _init_options(_clv_value_options_init, _ValueOptionsC, "clv_value_options_init")
    for name, v in (("margin", margin), ("discount_rate", discount_rate), ("period", period),
                    ("horizon", horizon)):
        if v is not None:
            setattr(o, name, _real(v, name))
    work = _Work(progress) if progress is not None else None
    if work is not None:
        o.progress = work.c_fn
    gg = None if spend is None else ctypes.byref(GGParams._coerce(spend))
    try:
        return _rows_call(_clv_customer_value_rows, "clv_customer_value_rows", t,
                          (ctypes.byref(_purchase_model(model)), gg, ctypes.byref(o),
                           ctypes.byref(t.view)), row_status, need_monetary=1)
    except ClvError:
        if work is not None and work.error is not None:
            raise work.error
        raise


for _name in ("p_alive", "expected_purchases", "loglik", "gg_expected_spend",
              "customer_value", "prob_purchases", "dert"):
    _exposes(_name + "_rows", "clv_%s_rows" % _name)
_exposes("customer_value_rows", "clv_value_options_init")

# ------------------------------------------------------------------------------------------
# churn.h: rates, lifetimes, the retention claim, churn economics
# ------------------------------------------------------------------------------------------

_CHURN_METHODS = {"start": constant("CLV_CHURN_START"), "average": constant("CLV_CHURN_AVERAGE"),
                  "exposed": constant("CLV_CHURN_EXPOSED")}

_scalar("churn_rate", "clv_churn_rate",
        [("start_customers", _D), ("lost_customers", _D), ("new_customers", _D, 0.0),
         ("method", _I, "start", lambda v: _flag(v, _CHURN_METHODS, "method"))],
        '(churn, retention) of a period; method "start" (lost / start), "average" or '
        '"exposed" (start + new).', outs=2)
_scalar("churn_convert", "clv_churn_convert",
        [("churn", _D), ("from_length", _D), ("to_length", _D)],
        "Convert a churn rate between period lengths (retention compounds).")
_scalar("retention_convert", "clv_retention_convert",
        [("retention", _D), ("from_length", _D), ("to_length", _D)],
        "Convert a retention rate between period lengths: r^(to/from).")
_scalar("expected_lifetime", "clv_expected_lifetime", [("churn", _D)],
        "Expected lifetime in periods at a constant churn rate, 1/churn (inf for 0).")
_scalar("median_lifetime", "clv_median_lifetime", [("churn", _D)],
        "Median lifetime in periods at a constant churn rate.")

RetentionEffect = _record("RetentionEffect", _cstruct("clv_retention_effect", _doubles(
    "value_before", "value_after", "value_change", "relative_change")),
    "What a retention gain does to CLV (clv_retention_effect).")
_struct_out("retention_gain", "clv_retention_gain",
            [("margin", _D), ("retention", _D), ("discount", _D), ("gain", _D),
             ("horizon", _D, INF), ("timing", _I, "end", _timing)], RetentionEffect,
            "CLV before and after retention rises by ``gain`` (e.g. 0.05 for 5 points).")

ChurnCounts = _record("ChurnCounts", _cstruct("clv_churn_counts", _doubles(
    "churned_customers", "purchase_new", "purchase_loyal", "loyal_periods", "profit_loyal",
    "acquisition_spend", "new_customers", "rework_cost")),
    "The seven counts a business should keep, and its rework cost (clv_churn_counts).")
ChurnCosts = _record("ChurnCosts", _cstruct("clv_churn_costs", _doubles(
    "cac", "loyal_lifetime_value", "lost_lifetime_value", "lost_revenue", "replacement_cost",
    "revenue_gap", "cost_of_churn", "breakeven_retention_spend")),
    "What a period's churn costs (clv_churn_costs).")
_clv_churn_economics = _bind("clv_churn_economics", [ctypes.POINTER(ChurnCounts._ctype),
                                                     ctypes.POINTER(ChurnCosts._ctype)])


def churn_economics(counts=None, **fields):
    """CAC, cost of churn and break-even retention spend from a business's own counts
    (clv_churn_economics): a ChurnCounts, or its fields as keywords. Returns ChurnCosts."""
    if counts is None:
        counts = ChurnCounts(**fields)
    elif fields:
        raise TypeError("give a ChurnCounts or keywords, not both")
    out = ChurnCosts._ctype()
    _check(_clv_churn_economics(ctypes.byref(counts._to_c()), ctypes.byref(out)),
           "clv_churn_economics")
    return ChurnCosts._from_c(out)


_exposes("churn_economics", "clv_churn_economics")

# ------------------------------------------------------------------------------------------
# churn.h: Kaplan-Meier
# ------------------------------------------------------------------------------------------

_KMDataC = _cstruct("clv_km_data", [("count", _SZ), ("duration", _PD),
                                    ("event", ctypes.POINTER(_I32)), ("weight", _PD)])
KMRow = _record("KMRow", _cstruct("clv_km_row", _doubles(
    "time", "at_risk", "events", "censored", "survival", "std_error", "lower", "upper")),
    "One event time of a Kaplan-Meier table (clv_km_row).")
KMSummary = _record("KMSummary", _cstruct("clv_km_summary", _doubles(
    "customers", "events", "censored", "max_time", "level", "z") + [("n_rows", _SZ)]),
    "Totals of a Kaplan-Meier estimate (clv_km_summary).")
_KMRowsP = ctypes.POINTER(KMRow._ctype)
_clv_km_workspace_size = _bind("clv_km_workspace_size", [_SZ, ctypes.POINTER(_SZ)])
_clv_km_estimate = _bind("clv_km_estimate", [
    ctypes.POINTER(_KMDataC), _D, _VP, _SZ, _KMRowsP, _SZ, ctypes.POINTER(_SZ),
    ctypes.POINTER(KMSummary._ctype), ctypes.POINTER(_SZ)])
_clv_km_survival_at = _bind("clv_km_survival_at", [_KMRowsP, _SZ, _D, _PD, _PD, _PD, _PD])
_clv_km_median = _bind("clv_km_median", [_KMRowsP, _SZ, _PD, _PD, _PD])
_clv_km_rmst = _bind("clv_km_rmst", [_KMRowsP, _SZ, _D, _PD, _PD])


def km_workspace_size(count):
    """Bytes of workspace clv_km_estimate needs to sort ``count`` rows (km_estimate
    allocates it for you)."""
    out = _SZ()
    _check(_clv_km_workspace_size(_int(count, _SZ, "count"), ctypes.byref(out)),
           "clv_km_workspace_size")
    return out.value


class KaplanMeier:
    """A Kaplan-Meier estimate of customer survival (km_estimate()): ``rows`` (KMRow, one
    per distinct event time, with Greenwood standard errors and a log-log band) and
    ``summary`` (KMSummary)."""

    def __init__(self, rows_c, n_rows, summary):
        self._rows_c = rows_c
        self._n = n_rows
        self.rows = [KMRow._from_c(rows_c[i]) for i in range(n_rows)]
        self.summary = summary

    def _rows(self):
        return ctypes.cast(self._rows_c, _KMRowsP) if self._n else None

    def survival_at(self, t):
        """(survival, std_error, lower, upper) at time t (clv_km_survival_at)."""
        out = [_D() for _ in range(4)]
        _check(_clv_km_survival_at(self._rows(), self._n, _real(t, "t"),
                                   *(ctypes.byref(o) for o in out)), "clv_km_survival_at")
        return tuple(o.value for o in out)

    def median(self):
        """(median, lower, upper) lifetime; inf when not reached (clv_km_median)."""
        out = [_D() for _ in range(3)]
        _check(_clv_km_median(self._rows(), self._n, *(ctypes.byref(o) for o in out)),
               "clv_km_median")
        return tuple(o.value for o in out)

    def rmst(self, tau):
        """(restricted mean lifetime to tau, its standard error) (clv_km_rmst)."""
        out = [_D() for _ in range(2)]
        _check(_clv_km_rmst(self._rows(), self._n, _real(tau, "tau"),
                            *(ctypes.byref(o) for o in out)), "clv_km_rmst")
        return tuple(o.value for o in out)


def km_estimate(duration, event, weight=None, level=0.95):
    """Kaplan-Meier estimate from durations and event flags (1 churned, 0 censored), with
    optional row weights, in any order (clv_km_estimate; the sort workspace is allocated
    here). Returns a KaplanMeier."""
    d = _array_in(duration, _D, "duration")
    n = d.n
    e = _array_in(event, _I32, "event", n)
    w = _array_in(weight, _D, "weight", n)
    data = _KMDataC(n, d.ptr, e.ptr, _ptr(w))
    size = km_workspace_size(n)
    workspace = ctypes.create_string_buffer(max(size, 1))
    rows = (KMRow._ctype * max(n, 1))()
    n_rows = _SZ(0)
    summary = KMSummary._ctype()
    bad = _SZ(0)
    status = _clv_km_estimate(ctypes.byref(data), _real(level, "level"), workspace, size, rows, n,
                              ctypes.byref(n_rows), ctypes.byref(summary), ctypes.byref(bad))
    _check(status, "clv_km_estimate", index=bad.value if status == EDOM else None)
    return KaplanMeier(rows, n_rows.value, KMSummary._from_c(summary))


_exposes("km_workspace_size", "clv_km_workspace_size")
_exposes("km_estimate", "clv_km_estimate", "clv_km_workspace_size")
_exposes("KaplanMeier.survival_at", "clv_km_survival_at")
_exposes("KaplanMeier.median", "clv_km_median")
_exposes("KaplanMeier.rmst", "clv_km_rmst")

# ------------------------------------------------------------------------------------------
# churn.h: Nelson-Aalen and the log-rank test
# ------------------------------------------------------------------------------------------

_SurvDataC = _cstruct("clv_surv_data", [
    ("count", _SZ), ("exit", _PD), ("event", ctypes.POINTER(_I32)), ("entry", _PD),
    ("weight", _PD), ("group", ctypes.POINTER(_I32)), ("stratum", ctypes.POINTER(_I32))])
NARow = _record("NARow", _cstruct("clv_na_row", _doubles(
    "time", "at_risk", "events", "cum_hazard", "std_error", "lower", "upper")),
    "One event time of a Nelson-Aalen table (clv_na_row).")
LogrankResult = _record("LogrankResult", _cstruct("clv_logrank_result", _doubles(
    "statistic", "df", "p_value", "customers", "events", "rho", "gamma") +
    [("n_groups", _U32), ("n_strata", _U32)]),
    "What the log-rank test found (clv_logrank_result).")
_clv_surv_workspace_size = _bind("clv_surv_workspace_size", [_SZ, ctypes.POINTER(_SZ)])
_clv_nelson_aalen = _bind("clv_nelson_aalen", [
    ctypes.POINTER(_SurvDataC), _D, _VP, _SZ, ctypes.POINTER(NARow._ctype), _SZ,
    ctypes.POINTER(_SZ), ctypes.POINTER(_SZ)])
_clv_logrank_test = _bind("clv_logrank_test", [
    ctypes.POINTER(_SurvDataC), _U32, _D, _D, _VP, _SZ, _PD, _PD,
    ctypes.POINTER(LogrankResult._ctype), ctypes.POINTER(_SZ)])


def surv_workspace_size(count):
    """Bytes of workspace clv_nelson_aalen / clv_logrank_test need for ``count`` rows
    (nelson_aalen and logrank_test allocate it for you)."""
    out = _SZ()
    _check(_clv_surv_workspace_size(_int(count, _SZ, "count"), ctypes.byref(out)),
           "clv_surv_workspace_size")
    return out.value


def _surv_data(exit, event, entry, weight, group, stratum):
    x = _array_in(exit, _D, "exit")
    n = x.n
    keep = [x, _array_in(event, _I32, "event", n), _array_in(entry, _D, "entry", n),
            _array_in(weight, _D, "weight", n), _array_in(group, _I32, "group", n),
            _array_in(stratum, _I32, "stratum", n)]
    data = _SurvDataC(n, x.ptr, keep[1].ptr, _ptr(keep[2]), _ptr(keep[3]), _ptr(keep[4]),
                      _ptr(keep[5]))
    return data, keep, n


def nelson_aalen(exit, event, entry=None, weight=None, level=0.95):
    """Nelson-Aalen cumulative hazard from exit times and event flags (1 churned, 0
    censored), with optional entry times (delayed entry) and row weights, in any order
    (clv_nelson_aalen). Returns a list of NARow, one per distinct event time."""
    data, keep, n = _surv_data(exit, event, entry, weight, None, None)
    size = surv_workspace_size(n)
    workspace = ctypes.create_string_buffer(max(size, 1))
    rows = (NARow._ctype * max(n, 1))()
    n_rows = _SZ(0)
    bad = _SZ(0)
    status = _clv_nelson_aalen(ctypes.byref(data), _real(level, "level"), workspace, size,
                               rows, n, ctypes.byref(n_rows), ctypes.byref(bad))
    _check(status, "clv_nelson_aalen", index=bad.value if status == EDOM else None)
    del keep
    return [NARow._from_c(rows[i]) for i in range(n_rows.value)]


def logrank_test(exit, event, group, n_groups=None, entry=None, weight=None, stratum=None,
                 rho=0.0, gamma=0.0):
    """Log-rank test of equal hazards across groups 0..n_groups-1 (default: max(group)+1),
    stratified when ``stratum`` is given, Fleming-Harrington G(rho, gamma) weighted
    (clv_logrank_test). Returns (LogrankResult, observed, expected), the last two lists of
    n_groups event counts."""
    data, keep, n = _surv_data(exit, event, entry, weight, group, stratum)
    if n_groups is None:
        n_groups = max(keep[4].ptr[i] for i in range(n)) + 1 if n else 0
    k = _int(n_groups, _U32, "n_groups")
    size = surv_workspace_size(n)
    workspace = ctypes.create_string_buffer(max(size, 1))
    observed = (_D * max(k, 1))()
    expected = (_D * max(k, 1))()
    result = LogrankResult._ctype()
    bad = _SZ(0)
    status = _clv_logrank_test(ctypes.byref(data), k, _real(rho, "rho"), _real(gamma, "gamma"),
                               workspace, size, observed, expected, ctypes.byref(result),
                               ctypes.byref(bad))
    _check(status, "clv_logrank_test", index=bad.value if status == EDOM else None)
    del keep
    return (LogrankResult._from_c(result), [observed[i] for i in range(k)],
            [expected[i] for i in range(k)])


_exposes("surv_workspace_size", "clv_surv_workspace_size")
_exposes("nelson_aalen", "clv_nelson_aalen", "clv_surv_workspace_size")
_exposes("logrank_test", "clv_logrank_test", "clv_surv_workspace_size")

# ------------------------------------------------------------------------------------------
# churn.h: Markov migration model (Pfeifer & Carraway 2000)
# ------------------------------------------------------------------------------------------

_clv_markov_workspace_size = _bind("clv_markov_workspace_size", [_SZ, ctypes.POINTER(_SZ)])
_clv_markov_value = _bind("clv_markov_value", [_PD, _PD, _SZ, _D, _D, _PD, _SZ, _PD])
_clv_markov_value_progress = _bind("clv_markov_value_progress",
                                   [_PD, _PD, _SZ, _D, _D, _PD, _SZ, _PD, _WorkFn, _VP])
_clv_markov_recency_chain = _bind("clv_markov_recency_chain", [_PD, _SZ, _D, _PD, _PD, _PD])


def markov_workspace_size(n_states):
    """Doubles of workspace clv_markov_value needs (markov_value allocates it for you)."""
    out = _SZ()
    _check(_clv_markov_workspace_size(_int(n_states, _SZ, "n_states"), ctypes.byref(out)),
           "clv_markov_workspace_size")
    return out.value


def markov_value(transition, reward, discount, horizon=INF, *, progress=None):
    """Expected discounted value of a customer starting in each state of a Markov chain
    (clv_markov_value): transition P (n x n: rows, a flat row-major sequence or a 2-D
    numpy array), reward R (n), discount rate per period, horizon (periods, or inf).
    progress(done, total) -> bool (clv_markov_value_progress) is called every few ms of a
    long finite horizon; a true result (or an exception, re-raised) cancels."""
    r = _array_in(reward, _D, "reward")
    n = r.n
    p = _matrix_in(transition, "transition", n, n)
    size = markov_workspace_size(n) if 0 < n else 0
    workspace = (_D * max(size, 1))()
    out = _Out(n, r.numpy or p.numpy)
    if progress is not None:
        work = _Work(progress)
        work.check(_clv_markov_value_progress(p.ptr, r.ptr, n, _real(discount, "discount"),
                                              _real(horizon, "horizon"), workspace, size,
                                              out.ptr, work.c_fn, None),
                   "clv_markov_value_progress")
        return out.result()
    _check(_clv_markov_value(p.ptr, r.ptr, n, _real(discount, "discount"),
                             _real(horizon, "horizon"), workspace, size, out.ptr),
           "clv_markov_value")
    return out.result()


def markov_recency_chain(purchase_prob, margin, marketing_cost=None):
    """The recency chain of Pfeifer & Carraway (2000) (clv_markov_recency_chain):
    (transition, reward) for markov_value(). transition is a list of rows, or an n x n numpy
    array for numpy input."""
    p = _array_in(purchase_prob, _D, "purchase_prob")
    n = p.n
    c = _array_in(marketing_cost, _D, "marketing_cost", n)
    numpy = p.numpy or (c is not None and c.numpy)
    transition = _Out(n * n, numpy)
    reward = _Out(n, numpy)
    _check(_clv_markov_recency_chain(p.ptr, n, _real(margin, "margin"), _ptr(c), transition.ptr,
                                     reward.ptr), "clv_markov_recency_chain")
    flat = transition.result()
    rows = flat.reshape(n, n) if numpy else [flat[i * n:(i + 1) * n] for i in range(n)]
    return rows, reward.result()


_exposes("markov_workspace_size", "clv_markov_workspace_size")
_exposes("markov_value", "clv_markov_value", "clv_markov_value_progress",
         "clv_markov_workspace_size")
_exposes("markov_recency_chain", "clv_markov_recency_chain")

# ------------------------------------------------------------------------------------------
# churn.h: cohort retention tables
# ------------------------------------------------------------------------------------------

_CohortTableC = _cstruct("clv_cohort_table", [("n_cohorts", _SZ), ("n_periods", _SZ),
                                              ("stride", _SZ), ("active", _PD),
                                              ("observed", ctypes.POINTER(_SZ))])
_CohortRatesC = _cstruct("clv_cohort_rates", [("stride", _SZ), ("retention", _PD),
                                              ("survival", _PD), ("pooled_retention", _PD),
                                              ("pooled_survival", _PD)])
_clv_cohort_retention = _bind("clv_cohort_retention", [
    ctypes.POINTER(_CohortTableC), ctypes.POINTER(_CohortRatesC), ctypes.POINTER(_SZ),
    ctypes.POINTER(_SZ)])


@dataclass(frozen=True)
class CohortRates:
    """Retention and survival of each cohort (rows; NaN where not defined or not observed)
    and the pooled curves (clv_cohort_retention)."""
    retention: object
    survival: object
    pooled_retention: object
    pooled_survival: object


def cohort_retention(active, observed=None):
    """Cohort retention table from counts of active customers: one row per acquisition
    cohort, column t = customers still active t periods after acquisition.

    active: a list of rows (they may have different lengths: a triangle) or a 2-D numpy
    array with NaN in unobserved cells; observed: optional observed lengths per cohort.
    Raises ClvDomainError with ``.index`` the first bad cohort.
    """
    if _is_numpy(active):
        if active.ndim not in (1, 2):
            raise ValueError("active must be a 2-D array (one row per cohort), got shape %s"
                             % (active.shape,))
        a2 = active if active.ndim == 2 else active.reshape(1, -1)
        n_cohorts, n_periods = a2.shape
        act = _matrix_in(a2, "active", n_cohorts, n_periods)
        numpy = True
    else:
        rows = [list(r) for r in active]
        n_cohorts = len(rows)
        n_periods = max((len(r) for r in rows), default=0)
        if observed is None and any(len(r) != n_periods for r in rows):
            observed = [len(r) for r in rows]
        act = _array_in([v for r in rows for v in r + [math.nan] * (n_periods - len(r))],
                        _D, "active")
        numpy = False
    obs = _array_in(observed, _SZ, "observed", n_cohorts)
    numpy = numpy or (obs is not None and obs.numpy)
    table = _CohortTableC(n_cohorts, n_periods, n_periods, act.ptr, _ptr(obs))
    cells = n_cohorts * n_periods
    outs = [_Out(cells, numpy).fill(math.nan), _Out(cells, numpy).fill(math.nan),
            _Out(n_periods, numpy).fill(math.nan), _Out(n_periods, numpy).fill(math.nan)]
    rates = _CohortRatesC(n_periods, *(o.ptr for o in outs))
    pooled = _SZ(0)
    bad = _SZ(0)
    status = _clv_cohort_retention(ctypes.byref(table), ctypes.byref(rates),
                                   ctypes.byref(pooled), ctypes.byref(bad))
    _check(status, "clv_cohort_retention", index=bad.value if status == EDOM else None)
    m = pooled.value

    def matrix(o):
        flat = o.result()
        if numpy:
            return flat.reshape(n_cohorts, n_periods)
        return [flat[c * n_periods:(c + 1) * n_periods] for c in range(n_cohorts)]
    return CohortRates(matrix(outs[0]), matrix(outs[1]), outs[2].result(m), outs[3].result(m))


_exposes("cohort_retention", "clv_cohort_retention")

# ------------------------------------------------------------------------------------------
# churn.h: shifted-beta-geometric contractual model (Fader & Hardie 2007, 2010)
# ------------------------------------------------------------------------------------------

_SbgDurationsC = _cstruct("clv_sbg_durations", [("count", _SZ), ("duration", _PD),
                                                ("churned", ctypes.POINTER(_I32)),
                                                ("weight", _PD)])
_SbgCohortC = _cstruct("clv_sbg_cohort", [("alive", _PD), ("periods", _U32),
                                          ("reserved", _U32)])
_SbgP = ctypes.POINTER(SBGParams._ctype)
_clv_sbg_loglik = _bind("clv_sbg_loglik", [_SbgP, ctypes.POINTER(_SbgDurationsC), _PD, _PD])
_clv_sbg_fit = _bind("clv_sbg_fit", [ctypes.POINTER(_SbgDurationsC),
                                     ctypes.POINTER(_FitOptionsC), _SbgP,
                                     ctypes.POINTER(_FitReportC)])
_clv_sbg_loglik_cohorts = _bind("clv_sbg_loglik_cohorts", [
    _SbgP, ctypes.POINTER(_SbgCohortC), _SZ, _PD, _PD])
_clv_sbg_fit_cohorts = _bind("clv_sbg_fit_cohorts", [
    ctypes.POINTER(_SbgCohortC), _SZ, ctypes.POINTER(_FitOptionsC), _SbgP,
    ctypes.POINTER(_FitReportC)])
_clv_sbg_project = _bind("clv_sbg_project", [_SbgP, _D, _SZ, _PD])


class DurationTable:
    """Contract durations for the sBG model (clv_sbg_durations): whole periods per customer,
    churned 1 if the customer cancelled in that period, 0 if still a customer (censored),
    optional row weights. Columns are kept alive and read in place like CustomerTable's."""

    def __init__(self, duration, churned, weight=None):
        self._d = _array_in(duration, _D, "duration")
        n = self._d.n
        self._c = _array_in(churned, _I32, "churned", n)
        self._w = _array_in(weight, _D, "weight", n)
        self.view = _SbgDurationsC(n, self._d.ptr, self._c.ptr, _ptr(self._w))

    def __len__(self):
        return self.view.count


def _cohorts(cohorts):
    arrays = [_array_in(c, _D, "cohort") for c in cohorts]
    for a in arrays:
        if a.n < 1:
            raise ValueError("a cohort needs at least its initial size")
    c = (_SbgCohortC * max(len(arrays), 1))(
        *(_SbgCohortC(a.ptr, _int(a.n - 1, _U32, "cohort[%d] periods" % i), 0)
          for i, a in enumerate(arrays)))
    return c, len(arrays), arrays


def sbg_loglik(params, durations):
    """(loglik, (d/dalpha, d/dbeta)) of sBG over a DurationTable (clv_sbg_loglik)."""
    if not isinstance(durations, DurationTable):
        raise TypeError("expected a DurationTable")
    ll, grad = _D(), (_D * 2)()
    _check(_clv_sbg_loglik(ctypes.byref(SBGParams._coerce(params)),
                           ctypes.byref(durations.view), ctypes.byref(ll), grad),
           "clv_sbg_loglik")
    return ll.value, tuple(grad)


def sbg_loglik_cohorts(params, cohorts):
    """(loglik, gradient) of sBG over cohorts' survivor counts (clv_sbg_loglik_cohorts):
    each cohort a sequence alive[0..periods] (alive[0] the cohort's size)."""
    c, n, keep = _cohorts(cohorts)
    ll, grad = _D(), (_D * 2)()
    _check(_clv_sbg_loglik_cohorts(ctypes.byref(SBGParams._coerce(params)), c, n,
                                   ctypes.byref(ll), grad), "clv_sbg_loglik_cohorts")
    del keep
    return ll.value, tuple(grad)


def _fit_call(c_fit, name, data_args, cls, n_params, options):
    setup = _FitSetup(n_params, **options)
    p = cls._ctype()
    rep = _FitReportC()
    status = c_fit(*data_args, ctypes.byref(setup.options), ctypes.byref(p), ctypes.byref(rep))
    if status not in (OK, ENOCONV, ECANCELED):
        # sBG's data checks fill the record: the duration row, or the cohort and period
        # (row = cohort * 2**32 + period for CLV_FIELD_ALIVE)
        _check(status, name, diag=setup.diag)
    params = cls(*(getattr(p, f.name) for f in dataclasses.fields(cls)))
    return setup.finish(status, name, params, FitReport._from_c(rep))


def sbg_fit(durations, *, start=None, tolerance=None, max_iterations=None, penalty=None,
            progress=None):
    """Maximum-likelihood sBG fit to a DurationTable: (SBGParams, FitReport) (clv_sbg_fit).
    Options and errors as bgnbd_fit()."""
    if not isinstance(durations, DurationTable):
        raise TypeError("expected a DurationTable")
    return _fit_call(_clv_sbg_fit, "clv_sbg_fit", (ctypes.byref(durations.view),), SBGParams,
                     2, dict(start=start, tolerance=tolerance, max_iterations=max_iterations,
                             penalty=penalty, progress=progress))


def sbg_fit_cohorts(cohorts, *, start=None, tolerance=None, max_iterations=None, penalty=None,
                    progress=None):
    """Maximum-likelihood sBG fit to cohorts' survivor counts (clv_sbg_fit_cohorts), e.g.
    sbg_fit_cohorts([[1000, 631, 468, 382, 326, 289, 262, 241]])."""
    c, n, keep = _cohorts(cohorts)
    result = _fit_call(_clv_sbg_fit_cohorts, "clv_sbg_fit_cohorts", (c, n), SBGParams, 2,
                       dict(start=start, tolerance=tolerance, max_iterations=max_iterations,
                            penalty=penalty, progress=progress))
    del keep
    return result


def sbg_project(params, cohort_size, count):
    """Expected survivors of a cohort after 0 .. count-1 periods (clv_sbg_project)."""
    n = _int(count, _SZ, "count")
    out = _Out(n, False)
    _check(_clv_sbg_project(ctypes.byref(SBGParams._coerce(params)),
                            _real(cohort_size, "cohort_size"), n, out.ptr), "clv_sbg_project")
    return out.result()


_MODELS["sbg"] = (constant("CLV_MODEL_SBG"), SBGParams, sbg_loglik)
_exposes("sbg_loglik", "clv_sbg_loglik")
_exposes("sbg_fit", "clv_sbg_fit")
_exposes("sbg_loglik_cohorts", "clv_sbg_loglik_cohorts")
_exposes("sbg_fit_cohorts", "clv_sbg_fit_cohorts")
_exposes("sbg_project", "clv_sbg_project")
_scalar("sbg_survival", "clv_sbg_survival", [("t", _D)],
        "S(t) = P(T > t), the share of a new cohort still active after t periods.", SBGParams)
_scalar("sbg_churn_prob", "clv_sbg_churn_prob", [("t", _D)],
        "P(T = t): the probability of cancelling in period t.", SBGParams)
_scalar("sbg_retention_rate", "clv_sbg_retention_rate", [("t", _D)],
        "r(t) = (beta + t - 1) / (alpha + beta + t - 1).", SBGParams)
_scalar("sbg_expected_lifetime", "clv_sbg_expected_lifetime", [("horizon", _D, INF)],
        "Expected lifetime in periods, up to a horizon (inf for none).", SBGParams)
_scalar("sbg_del", "clv_sbg_del", [("discount", _D)],
        "Discounted expected lifetime of a new customer (Fader & Hardie 2010).", SBGParams)
_scalar("sbg_derl", "clv_sbg_derl", [("renewals", _D), ("discount", _D)],
        "Discounted expected residual lifetime after a number of renewals (Fader & Hardie "
        "2010).", SBGParams)

# ------------------------------------------------------------------------------------------
# churn.h: reasons for churn
# ------------------------------------------------------------------------------------------

#: Conventional reason indices: "service", "treatment", "price", "moved", "other".
CHURN_REASONS = {k: constant("CLV_CHURN_REASON_" + k.upper())
                 for k in ("service", "treatment", "price", "moved", "other")}
ChurnReason = _record("ChurnReason", _cstruct("clv_churn_reason", _doubles(
    "lost", "customer_value", "value_lost", "share", "value_share")),
    "One reason's share of the churn and of the value lost (clv_churn_reason).")
ChurnReasonTotal = _record("ChurnReasonTotal", _cstruct("clv_churn_reason_total", _doubles(
    "lost", "value_lost")), "Totals over every reason (clv_churn_reason_total).")
ChurnReasonEffect = _record("ChurnReasonEffect", _cstruct("clv_churn_reason_effect", _doubles(
    "customers_kept", "value_saved", "lost_before", "lost_after", "churn_before",
    "churn_after")), "What removing part of one cause of churn is worth.")
_clv_churn_reasons = _bind("clv_churn_reasons", [
    _PD, _PD, _SZ, _D, ctypes.POINTER(ChurnReason._ctype),
    ctypes.POINTER(ChurnReasonTotal._ctype)])
_clv_churn_reason_removal = _bind("clv_churn_reason_removal", [
    _PD, _PD, _SZ, _D, _SZ, _D, _D, ctypes.POINTER(ChurnReasonEffect._ctype)])
_clv_churn_reason_ratio = _bind("clv_churn_reason_ratio", [_PD, _SZ, _SZ, _SZ, _PD])


def _reason(v):
    return _flag(v, CHURN_REASONS, "reason", _SZ)


def churn_reasons(lost, customer_value=None, value=0.0):
    """Each reason's customers lost, value lost and shares (clv_churn_reasons):
    (list of ChurnReason, ChurnReasonTotal). customer_value per reason, or one ``value``."""
    lo = _array_in(lost, _D, "lost")
    cv = _array_in(customer_value, _D, "customer_value", lo.n)
    reasons = (ChurnReason._ctype * max(lo.n, 1))()
    total = ChurnReasonTotal._ctype()
    _check(_clv_churn_reasons(lo.ptr, _ptr(cv), lo.n, _real(value, "value"), reasons,
                              ctypes.byref(total)), "clv_churn_reasons")
    return [ChurnReason._from_c(reasons[i]) for i in range(lo.n)], \
        ChurnReasonTotal._from_c(total)


def churn_reason_removal(lost, reason, fraction, customer_value=None, value=0.0,
                         base_customers=0.0):
    """What removing ``fraction`` of one reason's churn is worth
    (clv_churn_reason_removal). reason: an index or a CHURN_REASONS name."""
    lo = _array_in(lost, _D, "lost")
    cv = _array_in(customer_value, _D, "customer_value", lo.n)
    out = ChurnReasonEffect._ctype()
    _check(_clv_churn_reason_removal(lo.ptr, _ptr(cv), lo.n, _real(value, "value"),
                                     _reason(reason), _real(fraction, "fraction"),
                                     _real(base_customers, "base_customers"), ctypes.byref(out)),
           "clv_churn_reason_removal")
    return ChurnReasonEffect._from_c(out)


def churn_reason_ratio(lost, numerator, denominator):
    """How many times more often customers leave for one reason than another
    (clv_churn_reason_ratio)."""
    lo = _array_in(lost, _D, "lost")
    out = _D()
    _check(_clv_churn_reason_ratio(lo.ptr, lo.n, _reason(numerator), _reason(denominator),
                                   ctypes.byref(out)), "clv_churn_reason_ratio")
    return out.value


_exposes("churn_reasons", "clv_churn_reasons")
_exposes("churn_reason_removal", "clv_churn_reason_removal")
_exposes("churn_reason_ratio", "clv_churn_reason_ratio")

# ------------------------------------------------------------------------------------------
# referral.h: word of mouth
# ------------------------------------------------------------------------------------------

_WomParamsC = _cstruct("clv_wom_params", _doubles("told_satisfied", "told_dissatisfied",
                                                   "conversion", "deterrence"))
_clv_wom_params_init = _bind("clv_wom_params_init", [ctypes.POINTER(_WomParamsC)])
_wom_defaults = _WomParamsC()
_check(_clv_wom_params_init(ctypes.byref(_wom_defaults)), "clv_wom_params_init")


@dataclass(frozen=True)
class WOMParams(_Params):
    """Word of mouth: people each satisfied / dissatisfied customer tells, and the chance
    that a person told becomes a customer (conversion) or is deterred (deterrence). The
    defaults are the library's (clv_wom_params_init: 5 and 10 people, rates 0)."""
    told_satisfied: float = _wom_defaults.told_satisfied
    told_dissatisfied: float = _wom_defaults.told_dissatisfied
    conversion: float = _wom_defaults.conversion
    deterrence: float = _wom_defaults.deterrence


WOMParams._ctype = _WomParamsC
_exposes("WOMParams", "clv_wom_params_init")

WOMReach = _record("WOMReach", _cstruct("clv_wom_reach", _doubles(
    "told_positive", "told_negative", "customers_won", "customers_deterred", "net_customers",
    "value_won", "value_lost", "net_value")), "One generation of word of mouth.")
WOMGeneration = _record("WOMGeneration", _cstruct("clv_wom_generation", _doubles(
    "satisfied", "dissatisfied", "customers_won", "customers_deterred", "cumulative_won",
    "cumulative_deterred")), "One generation of the word-of-mouth branching process.")
WOMTotals = _record("WOMTotals", _cstruct("clv_wom_totals", _doubles(
    "reproduction_number", "customers_won", "satisfied_won", "dissatisfied_won",
    "customers_deterred", "net_customers", "value_won", "value_lost", "net_value")),
    "Word of mouth over all generations.")
WOMCost = _record("WOMCost", _cstruct("clv_wom_cost", _doubles(
    "own_value", "deterred", "net_reproduction", "customers_per_deterred", "lost_customers",
    "word_of_mouth_cost", "total_cost")), "The full cost of losing a dissatisfied customer.")

_struct_out("wom_first_generation", "clv_wom_first_generation",
            [("satisfied", _D), ("dissatisfied", _D), ("customer_value", _D)], WOMReach,
            "People told, customers won and deterred, and their value, of one generation.",
            WOMParams)
_scalar("wom_reproduction_number", "clv_wom_reproduction_number", [("satisfied_share", _D)],
        "R = s k_s c: satisfied customers won per satisfied customer.", WOMParams)
_struct_out("wom_total", "clv_wom_total",
            [("satisfied_share", _D), ("satisfied", _D), ("dissatisfied", _D),
             ("customer_value", _D)], WOMTotals,
            "Customers won and deterred over all generations, and their value.", WOMParams)
_scalar("wom_time_to_reach", "clv_wom_time_to_reach",
        [("satisfied_share", _D), ("satisfied", _D), ("target", _D), ("cycle_time", _D)],
        "(generations, time) until the cumulative customers won reach ``target``.",
        WOMParams, outs=2)
_struct_out("wom_dissatisfied_cost", "clv_wom_dissatisfied_cost",
            [("satisfied_share", _D), ("own_value", _D), ("customer_value", _D),
             ("horizon", _D)], WOMCost,
            "The full cost of a dissatisfied customer: own value and the word of mouth lost.",
            WOMParams)
_clv_wom_generations = _bind("clv_wom_generations", [
    ctypes.POINTER(_WomParamsC), _D, _D, _D, _SZ, ctypes.POINTER(WOMGeneration._ctype)])


def wom_generations(params, satisfied_share, satisfied, dissatisfied, n_generations):
    """The first n_generations generations of word of mouth (clv_wom_generations): a list
    of WOMGeneration."""
    n = _int(n_generations, _SZ, "n_generations")
    out = (WOMGeneration._ctype * max(n, 1))()
    _check(_clv_wom_generations(ctypes.byref(WOMParams._coerce(params)),
                                _real(satisfied_share, "satisfied_share"),
                                _real(satisfied, "satisfied"), _real(dissatisfied, "dissatisfied"),
                                n, out),
           "clv_wom_generations")
    return [WOMGeneration._from_c(out[i]) for i in range(n)]


_exposes("wom_generations", "clv_wom_generations")

# ------------------------------------------------------------------------------------------
# referral.h: Bass diffusion (Bass 1969)
# ------------------------------------------------------------------------------------------

_BassP = ctypes.POINTER(BassParams._ctype)
_BASS_METHODS = {"nls": constant("CLV_BASS_NLS"), "ml": constant("CLV_BASS_ML")}
_BASS_MODELS = {"interval": constant("CLV_BASS_INTERVAL"),
                "density": constant("CLV_BASS_DENSITY")}
BassPeak = _record("BassPeak", _cstruct("clv_bass_peak_info", _doubles(
    "time", "density", "adopters", "cumulative") + [("interior", _U32), ("reserved", _U32)]),
    "The peak of the adoption curve (clv_bass_peak_info).", bools=("interior",))
_BassFitOptionsC = _cstruct("clv_bass_fit_options", [
    ("struct_size", _U32), ("reserved", _U32), ("method", _I32), ("model", _I32),
    ("max_iterations", _U32), ("use_start", _U32), ("tolerance", _D),
    ("start", BassParams._ctype), ("progress", _ProgressFn), ("user_data", _VP),
    ("diag", ctypes.POINTER(_DiagC))])
_BassFitReportC = _cstruct("clv_bass_fit_report", [
    ("fit", _FitReportC), ("sse", _D), ("residual_se", _D), ("n_periods", _U32), ("df", _U32),
    ("method", _I32), ("model", _I32)])


@dataclass(frozen=True)
class BassFitReport:
    """What a Bass fit did (clv_bass_fit_report): ``fit`` (FitReport, order p, q, m), sum of
    squared residuals, residual standard error, periods, degrees of freedom, and the method
    ("nls" or "ml") and model ("interval" or "density") fitted."""
    fit: FitReport
    sse: float
    residual_se: float
    n_periods: int
    df: int
    method: str
    model: str


_scalar("bass_cumulative", "clv_bass_cumulative", [("t", _D)],
        "F(t), the share of the market that has adopted by t.", BassParams)
_scalar("bass_density", "clv_bass_density", [("t", _D)],
        "f(t), the adoption rate (share of m per period) at t.", BassParams)
_scalar("bass_adopters", "clv_bass_adopters", [("t1", _D), ("t2", _D)],
        "Expected adopters in (t1, t2].", BassParams)
_struct_out("bass_peak", "clv_bass_peak", [], BassPeak,
            "Time, rate and cumulative share of the adoption peak.", BassParams)
_clv_bass_forecast = _bind("clv_bass_forecast", [_BassP, _D, _I, _SZ, _PD])
_clv_bass_loglik = _bind("clv_bass_loglik", [_BassP, _PD, _SZ, _PD, _PD])
_clv_bass_fit_options_init = _bind("clv_bass_fit_options_init",
                                   [ctypes.POINTER(_BassFitOptionsC)])
_clv_bass_fit = _bind("clv_bass_fit", [_PD, _SZ, ctypes.POINTER(_BassFitOptionsC), _BassP,
                                       ctypes.POINTER(_BassFitReportC)])


def bass_forecast(params, start, count, model="interval"):
    """Expected adopters of ``count`` periods from ``start`` (clv_bass_forecast): model
    "interval" (m (F(t+1) - F(t))) or "density" (m f(t))."""
    n = _int(count, _SZ, "count")
    out = _Out(n, False)
    _check(_clv_bass_forecast(ctypes.byref(BassParams._coerce(params)), _real(start, "start"),
                              _flag(model, _BASS_MODELS, "model"), n, out.ptr),
           "clv_bass_forecast")
    return out.result()


def bass_loglik(params, counts):
    """(loglik, gradient) of the multinomial Bass likelihood of adopters per period
    (clv_bass_loglik)."""
    c = _array_in(counts, _D, "counts")
    ll, grad = _D(), (_D * 3)()
    _check(_clv_bass_loglik(ctypes.byref(BassParams._coerce(params)), c.ptr, c.n,
                            ctypes.byref(ll), grad), "clv_bass_loglik")
    return ll.value, tuple(grad)


def bass_fit(counts, *, method="nls", model="interval", start=None, tolerance=None,
             max_iterations=None, progress=None):
    """Fit p, q, m to adopters per period (clv_bass_fit): (BassParams, BassFitReport).
    method "nls" (least squares, as R's nls) or "ml"; model "interval" or "density" (NLS
    only). Raises ClvNoConvergenceError with .params and .report if it did not converge.
    progress(iteration, objective, (p, q, m)) -> bool as the fits' (a true result, or an
    exception, re-raised, cancels: ClvCanceledError)."""
    c = _array_in(counts, _D, "counts")
    o = _init_options(_clv_bass_fit_options_init, _BassFitOptionsC, "clv_bass_fit_options_init")
    o.method = _flag(method, _BASS_METHODS, "method")
    o.model = _flag(model, _BASS_MODELS, "model")
    if start is not None:
        o.use_start = 1
        o.start = BassParams._coerce(start)
    if tolerance is not None:
        o.tolerance = _real(tolerance, "tolerance")
    if max_iterations is not None:
        o.max_iterations = _int(max_iterations, _U32, "max_iterations")
    prog = _Progress(progress) if progress is not None else None
    if prog is not None:
        o.progress = prog.c_fn
    d = _new_diag()  # the library's record: counts[i], the option, or why it stopped
    o.diag = ctypes.pointer(d)
    p = BassParams._ctype()
    rep = _BassFitReportC()
    status = _clv_bass_fit(c.ptr, c.n, ctypes.byref(o), ctypes.byref(p), ctypes.byref(rep))
    if prog is not None and prog.error is not None:
        raise prog.error
    if status not in (OK, ENOCONV):
        _check(status, "clv_bass_fit", diag=d)
    names = {v: k for k, v in _BASS_METHODS.items()}, {v: k for k, v in _BASS_MODELS.items()}
    report = BassFitReport(FitReport._from_c(rep.fit), rep.sse, rep.residual_se, rep.n_periods,
                           rep.df, names[0].get(rep.method, str(rep.method)),
                           names[1].get(rep.model, str(rep.model)))
    params = BassParams(p.p, p.q, p.m)
    _check(status, "clv_bass_fit", params=params, report=report, diag=d)
    return params, report


_exposes("bass_forecast", "clv_bass_forecast")
_exposes("bass_loglik", "clv_bass_loglik")
_exposes("bass_fit", "clv_bass_fit", "clv_bass_fit_options_init")

# ------------------------------------------------------------------------------------------
# referral.h: Net Promoter Score, K-factor, customer referral value
# ------------------------------------------------------------------------------------------

NPS = _record("NPS", _cstruct("clv_nps", _doubles(
    "promoters", "passives", "detractors", "n", "nps", "variance", "std_error")),
    "A Net Promoter Score with its per-response variance and standard error (clv_nps).")
NPSComparison = _record("NPSComparison", _cstruct("clv_nps_comparison", _doubles(
    "difference", "std_error", "z", "p_value", "lower", "upper")),
    "Two NPS compared: difference, Wald z, two-sided p-value, interval.")
_NpsP = ctypes.POINTER(NPS._ctype)
_struct_out("nps_from_counts", "clv_nps_from_counts",
            [("promoters", _D), ("passives", _D), ("detractors", _D)], NPS,
            "NPS from counts of promoters (9-10), passives (7-8) and detractors (0-6).")
_clv_nps_from_scores = _bind("clv_nps_from_scores", [_PD, _SZ, _NpsP])
_clv_nps_interval = _bind("clv_nps_interval", [_NpsP, _D, _PD, _PD])
_clv_nps_compare = _bind("clv_nps_compare", [_NpsP, _NpsP, _D,
                                             ctypes.POINTER(NPSComparison._ctype)])
_clv_nps_by_segment = _bind("clv_nps_by_segment", [_PD, ctypes.POINTER(_U32), _SZ, _SZ, _NpsP])
_scalar("nps_sample_size", "clv_nps_sample_size",
        [("variance_a", _D), ("variance_b", _D), ("delta", _D), ("alpha", _D, 0.05),
         ("power", _D, 0.8)],
        "Respondents per group to detect an NPS difference ``delta`` (points).")


def nps_from_scores(scores):
    """NPS from answers 0..10 (clv_nps_from_scores)."""
    s = _array_in(scores, _D, "scores")
    out = NPS._ctype()
    _check(_clv_nps_from_scores(s.ptr, s.n, ctypes.byref(out)), "clv_nps_from_scores")
    return NPS._from_c(out)


def nps_interval(nps, level=0.95):
    """(lower, upper) Wald interval of an NPS (clv_nps_interval)."""
    lo, hi = _D(), _D()
    _check(_clv_nps_interval(ctypes.byref(nps._to_c()), _real(level, "level"), ctypes.byref(lo),
                             ctypes.byref(hi)), "clv_nps_interval")
    return lo.value, hi.value


def nps_compare(a, b, level=0.95):
    """Compare two NPS (clv_nps_compare): NPSComparison."""
    out = NPSComparison._ctype()
    _check(_clv_nps_compare(ctypes.byref(a._to_c()), ctypes.byref(b._to_c()), _real(level, "level"),
                            ctypes.byref(out)), "clv_nps_compare")
    return NPSComparison._from_c(out)


def nps_by_segment(scores, segments, n_segments=None):
    """One NPS per segment (clv_nps_by_segment): segments[i] in 0..n_segments-1 (default:
    max + 1)."""
    s = _array_in(scores, _D, "scores")
    g = _array_in(segments, _U32, "segments", s.n)
    if n_segments is None:
        n_segments = max(g.ptr[:g.n], default=-1) + 1
    n_segments = _int(n_segments, _SZ, "n_segments")
    out = (NPS._ctype * max(n_segments, 1))()
    _check(_clv_nps_by_segment(s.ptr, g.ptr, s.n, n_segments, out), "clv_nps_by_segment")
    return [NPS._from_c(out[i]) for i in range(n_segments)]


_exposes("nps_from_scores", "clv_nps_from_scores")
_exposes("nps_interval", "clv_nps_interval")
_exposes("nps_compare", "clv_nps_compare")
_exposes("nps_by_segment", "clv_nps_by_segment")

_scalar("kfactor", "clv_kfactor", [("invitations", _D), ("conversion", _D)],
        "Viral coefficient K = invitations x conversion.")
_scalar("kfactor_customers", "clv_kfactor_customers",
        [("initial", _D), ("invitations", _D), ("conversion", _D), ("cycles", _D)],
        "Customers after a number of viral cycles.")
_scalar("kfactor_customers_at", "clv_kfactor_customers_at",
        [("initial", _D), ("invitations", _D), ("conversion", _D), ("cycle_time", _D),
         ("time", _D)], "Customers at a time, with cycles of ``cycle_time``.")


@dataclass(frozen=True)
class CRVParams(_Params):
    """Customer referral value inputs (Kumar, Petersen & Leone 2007): value of a referred
    customer who would not have come otherwise, acquisition cost saved on one who would,
    cost of a referral, discount rate per period."""
    referral_value: float
    acquisition_cost: float
    referral_cost: float
    discount: float


CRVParams._ctype = _cstruct("clv_crv_params", _doubles(
    "referral_value", "acquisition_cost", "referral_cost", "discount"))
CRVResult = _record("CRVResult", _cstruct("clv_crv_result", _doubles(
    "incremental_customers", "anyway_customers", "value_incremental", "acquisition_saved",
    "referral_cost", "crv", "clv", "customer_value")), "Customer referral value (clv_crv_result).")
_clv_crv_value = _bind("clv_crv_value", [ctypes.POINTER(CRVParams._ctype), _PD, _PD, _SZ, _D,
                                         ctypes.POINTER(CRVResult._ctype)])


def crv_value(params, referrals, anyway_share, clv):
    """Customer referral value from referred customers per period and the share of them who
    would have joined anyway (clv_crv_value)."""
    r = _array_in(referrals, _D, "referrals")
    w = _array_in(anyway_share, _D, "anyway_share", r.n)
    out = CRVResult._ctype()
    _check(_clv_crv_value(ctypes.byref(CRVParams._coerce(params)), r.ptr, w.ptr, r.n,
                          _real(clv, "clv"), ctypes.byref(out)), "clv_crv_value")
    return CRVResult._from_c(out)


_exposes("crv_value", "clv_crv_value")

# ------------------------------------------------------------------------------------------
# Random numbers and simulation (clv.h, group clv_sim; churn.h, clv_sbg_simulate)
# ------------------------------------------------------------------------------------------

_RngC = _cstruct("clv_rng", [("s", _U64 * 4)])
_RngP = ctypes.POINTER(_RngC)
_PU64 = ctypes.POINTER(_U64)
_clv_rng_seed = _bind("clv_rng_seed", [_RngP, _U64])
_clv_rng_jump = _bind("clv_rng_jump", [_RngP])
_clv_rng_next = _bind("clv_rng_next", [_RngP, _PU64])
_clv_rng_uniform = _bind("clv_rng_uniform", [_RngP, _PD])
_clv_rng_normal = _bind("clv_rng_normal", [_RngP, _PD])
_clv_rng_gamma = _bind("clv_rng_gamma", [_RngP, _D, _D, _PD])
_clv_rng_beta = _bind("clv_rng_beta", [_RngP, _D, _D, _PD])
_clv_rng_poisson = _bind("clv_rng_poisson", [_RngP, _D, _PD])
_clv_rng_exponential = _bind("clv_rng_exponential", [_RngP, _D, _PD])
_clv_rng_geometric = _bind("clv_rng_geometric", [_RngP, _D, _PD])

DRAW_NATURAL = constant("CLV_DRAW_NATURAL")
DRAW_LOG = constant("CLV_DRAW_LOG")
_DRAW_SCALES = {"natural": DRAW_NATURAL, "log": DRAW_LOG}


class RNG:
    """A xoshiro256** generator owned by the caller (clv_rng): the same seed gives the same
    draws everywhere. ``state`` is its four 64-bit words (settable, to replay a stream);
    ``copy()`` forks it, ``jump()`` moves it 2^128 outputs ahead (independent streams)."""

    def __init__(self, seed=0):
        self._c = _RngC()
        _check(_clv_rng_seed(ctypes.byref(self._c), _int(seed, _U64, "seed")), "clv_rng_seed")

    @property
    def state(self):
        return tuple(int(w) for w in self._c.s)

    @state.setter
    def state(self, words):
        words = [_int(w, _U64, "state[%d]" % i) for i, w in enumerate(words)]
        if len(words) != 4:
            raise ValueError("state takes 4 words, got %d" % len(words))
        for i, w in enumerate(words):
            self._c.s[i] = w

    def copy(self):
        other = RNG.__new__(RNG)
        other._c = _RngC()
        ctypes.memmove(ctypes.byref(other._c), ctypes.byref(self._c), ctypes.sizeof(_RngC))
        return other

    def jump(self):
        """Advance by 2^128 outputs (clv_rng_jump); returns self."""
        _check(_clv_rng_jump(ctypes.byref(self._c)), "clv_rng_jump")
        return self

    def next(self):
        """The next raw 64-bit output (clv_rng_next)."""
        v = _U64(0)
        _check(_clv_rng_next(ctypes.byref(self._c), ctypes.byref(v)), "clv_rng_next")
        return int(v.value)

    def _draw(self, fn, name, *args):
        v = _D(0.0)
        _check(fn(ctypes.byref(self._c), *args, ctypes.byref(v)), name)
        return v.value

    def uniform(self):
        """Uniform on (0, 1), never 0 or 1 (clv_rng_uniform)."""
        return self._draw(_clv_rng_uniform, "clv_rng_uniform")

    def normal(self):
        """Standard normal (clv_rng_normal)."""
        return self._draw(_clv_rng_normal, "clv_rng_normal")

    def gamma(self, shape, rate=1.0):
        """Gamma of shape and rate, mean shape / rate (clv_rng_gamma)."""
        return self._draw(_clv_rng_gamma, "clv_rng_gamma", _real(shape, "shape"),
                          _real(rate, "rate"))

    def beta(self, a, b):
        """Beta(a, b) (clv_rng_beta)."""
        return self._draw(_clv_rng_beta, "clv_rng_beta", _real(a, "a"), _real(b, "b"))

    def poisson(self, mean):
        """Poisson(mean), mean <= 1e12 (clv_rng_poisson); a whole float."""
        return self._draw(_clv_rng_poisson, "clv_rng_poisson", _real(mean, "mean"))

    def exponential(self, rate=1.0):
        """Exponential of the rate (clv_rng_exponential)."""
        return self._draw(_clv_rng_exponential, "clv_rng_exponential", _real(rate, "rate"))

    def geometric(self, p):
        """Failures before the first success, 0 < p <= 1 (clv_rng_geometric)."""
        return self._draw(_clv_rng_geometric, "clv_rng_geometric", _real(p, "p"))


def _rng(rng):
    if not isinstance(rng, RNG):
        raise TypeError("expected an RNG, got %s" % type(rng).__name__)
    return ctypes.byref(rng._c)


_exposes("RNG", "clv_rng_seed")
for _name in ("jump", "next", "uniform", "normal", "gamma", "beta", "poisson", "exponential",
              "geometric"):
    _exposes("RNG." + _name, "clv_rng_" + _name)

_SimOptionsC = _cstruct("clv_sim_options", [
    ("struct_size", _U32), ("reserved", _U32), ("T", _D), ("holdout", _D),
    ("progress", _WorkFn), ("user_data", _VP), ("diag", ctypes.POINTER(_DiagC))])
_SimTransactionsC = _cstruct("clv_sim_transactions", [
    ("customer", _PU64), ("time", _PD), ("amount", _PD), ("capacity", _SZ), ("count", _SZ)])
_clv_sim_options_init = _bind("clv_sim_options_init", [ctypes.POINTER(_SimOptionsC)])
_clv_sim_customers = _bind("clv_sim_customers", [
    _RngP, ctypes.POINTER(_PurchaseModelC), ctypes.POINTER(GGParams._ctype),
    ctypes.POINTER(_SimOptionsC), _SZ, _PD, _PD, _PD, _PD, _PD,
    ctypes.POINTER(_SimTransactionsC)])


@dataclass(frozen=True)
class SimulatedBase:
    """A simulated customer base (sim_customers): the rows, and the transaction log when
    asked for (customer index, time since the customer's first purchase, value or None)."""
    x: object
    t_x: object
    T: object
    monetary: object
    x_holdout: object
    customer: object = None
    time: object = None
    amount: object = None

    def table(self):
        """The rows as a CustomerTable (with the monetary column when simulated)."""
        return CustomerTable(self.x, self.t_x, self.T, monetary=self.monetary)


def sim_customers(rng, model, T, *, count=None, spend=None, holdout=0.0, transactions=False,
                  progress=None):
    """Simulate customers of a purchase model (clv_sim_customers).

    model: BGNBDParams, PNBDParams, MBGNBDParams or BGBBParams; T: one observation length for
    ``count`` customers, or a sequence (one per customer; BG/BB: whole opportunities);
    spend: GGParams for the monetary column (and transaction values); holdout: the length of
    the window after T whose purchases fill x_holdout; transactions=True also returns the
    full log (the capacity is found by the documented rerun from a copy of the generator).
    progress(done, total) -> bool can cancel. Returns a SimulatedBase."""
    if isinstance(T, (int, float)) or (isinstance(T, numbers.Real) and not _is_numpy(T)):
        if count is None:
            raise TypeError("count is required with one T for every customer")
        n = _int(count, _SZ, "count")
        t_arr, numpy, t_values = None, False, [float(T)] * n
    else:
        t_arr = _array_in(T, _D, "T")
        n = t_arr.n
        if count is not None and _int(count, _SZ, "count") != n:
            raise ValueError("count %s does not match the %d T values" % (count, n))
        numpy = _is_numpy(T)
        t_values = T
    o = _init_options(_clv_sim_options_init, _SimOptionsC, "clv_sim_options_init")
    if t_arr is None:
        o.T = _real(T, "T")
    o.holdout = _real(holdout, "holdout")
    d = _new_diag()
    o.diag = ctypes.pointer(d)
    work = _Work(progress) if progress is not None else None
    if work is not None:
        o.progress = work.c_fn
    gg = None if spend is None else ctypes.byref(GGParams._coerce(spend))
    pm = _purchase_model(model)
    x, t_x = _Out(n, numpy), _Out(n, numpy)
    mon = _Out(n, numpy) if spend is not None else None
    xh = _Out(n, numpy)
    start = rng.copy() if isinstance(rng, RNG) else None
    capacity = 4 * n + 64
    for _attempt in range(2):
        tx = None
        if transactions:
            cust, time = _Out(capacity, numpy, _U64), _Out(capacity, numpy)
            amount = _Out(capacity, numpy) if spend is not None else None
            tx = _SimTransactionsC(cust.ptr, time.ptr, _ptr(amount), capacity, 0)
        status = _clv_sim_customers(_rng(rng), ctypes.byref(pm), gg, ctypes.byref(o), n,
                                    _ptr(t_arr), x.ptr, t_x.ptr, _ptr(mon), xh.ptr,
                                    None if tx is None else ctypes.byref(tx))
        if status == ENOMEM and tx is not None and _attempt == 0:
            capacity = int(tx.count)
            ctypes.memmove(ctypes.byref(rng._c), ctypes.byref(start._c), ctypes.sizeof(_RngC))
            continue
        break
    if work is not None and work.error is not None:
        raise work.error
    _check(status, "clv_sim_customers", diag=d)
    base = dict(x=x.result(), t_x=t_x.result(), T=t_values if t_arr is not None else
                (_np.full(n, float(T)) if numpy else t_values),
                monetary=None if mon is None else mon.result(), x_holdout=xh.result())
    if transactions:
        m = int(tx.count)
        base.update(customer=cust.result(m), time=time.result(m),
                    amount=None if amount is None else amount.result(m))
    return SimulatedBase(**base)


_exposes("sim_customers", "clv_sim_customers", "clv_sim_options_init")

_clv_param_draws = _bind("clv_param_draws", [_RngP, _U32, _PD, _PD, ctypes.c_int, _SZ, _PD,
                                             ctypes.POINTER(_DiagC)])
_clv_param_draws_report = _bind("clv_param_draws_report", [
    _RngP, _PD, ctypes.POINTER(_FitReportC), ctypes.c_int, _SZ, _PD, ctypes.POINTER(_DiagC)])


def _draws_out(buf, k, n, params):
    rows = [tuple(buf[i * k:(i + 1) * k]) for i in range(n)]
    if params is not None:
        return [type(params)(*r) for r in rows]
    return rows


def param_draws(rng, estimate, covariance, n_draws, *, scale="log"):
    """n_draws parameter vectors from N(estimate, covariance) (scale "natural", redrawing
    vectors with a parameter <= 0) or its log-normal delta-method form (scale "log")
    (clv_param_draws). estimate: a params dataclass or a sequence; covariance: k x k nested
    sequences (or a flat row-major sequence). Returns a list of the estimate's dataclass
    (or of tuples)."""
    params = estimate if isinstance(estimate, _Params) else None
    est = _array_in(list(estimate), _D, "estimate")
    k = est.n
    flat = [v for row in covariance for v in row] if not isinstance(covariance[0], numbers.Real) \
        else list(covariance)
    cov = _array_in(flat, _D, "covariance", k * k)
    n = _int(n_draws, _SZ, "n_draws")
    out = (_D * max(n * k, 1))()
    d = _new_diag()
    _check(_clv_param_draws(_rng(rng), k, est.ptr, cov.ptr, _flag(scale, _DRAW_SCALES, "scale"),
                            n, out, ctypes.byref(d)), "clv_param_draws", diag=d)
    return _draws_out(out, k, n, params)


def param_draws_report(rng, params, report, n_draws, *, scale="log"):
    """param_draws() with a fit's estimate and FitReport (clv_param_draws_report): a list of
    n_draws dataclasses of the estimate's type. Re-score with each for a bootstrap interval."""
    k = report.n_params
    est = _array_in(list(params), _D, "params", k)
    r = _FitReportC()
    r.n_params = k
    r.covariance_ok = 1 if report.covariance_ok else 0
    for i in range(k):
        for j in range(k):
            r.covariance[i * k + j] = _real(report.covariance[i][j], "covariance")
    n = _int(n_draws, _SZ, "n_draws")
    out = (_D * max(n * k, 1))()
    d = _new_diag()
    _check(_clv_param_draws_report(_rng(rng), est.ptr, ctypes.byref(r),
                                   _flag(scale, _DRAW_SCALES, "scale"), n, out,
                                   ctypes.byref(d)), "clv_param_draws_report", diag=d)
    return _draws_out(out, k, n, params if isinstance(params, _Params) else None)


_exposes("param_draws", "clv_param_draws")
_exposes("param_draws_report", "clv_param_draws_report")

_clv_sbg_simulate = _bind("clv_sbg_simulate", [_RngP, ctypes.POINTER(SBGParams._ctype), _D,
                                               _U32, _PD])


def sbg_simulate(rng, params, cohort_size, periods):
    """Survivor counts of a simulated sBG cohort, alive[0..periods] (clv_sbg_simulate)."""
    m = _int(periods, _U32, "periods")
    out = (_D * (m + 1))()
    _check(_clv_sbg_simulate(_rng(rng), ctypes.byref(SBGParams._coerce(params)),
                             _real(cohort_size, "cohort_size"), m, out), "clv_sbg_simulate")
    return list(out)


_exposes("sbg_simulate", "clv_sbg_simulate")
# clv.h: model checking (goodness of fit, issue 14)
# ------------------------------------------------------------------------------------------

_CheckOptionsC = _cstruct("clv_check_options", [
    ("struct_size", _U32), ("reserved", _U32), ("min_expected", _D), ("progress", _WorkFn),
    ("user_data", _VP), ("diag", ctypes.POINTER(_DiagC))])
_CheckOptionsP = ctypes.POINTER(_CheckOptionsC)
_ChiSquareResultC = _cstruct("clv_chi_square_result",
                             _doubles("statistic", "df", "p_value", "groups"))
_AccuracyC = _cstruct("clv_accuracy", _doubles(
    "count", "mae", "rmse", "bias", "correlation", "correlation_defined", "mean_predicted",
    "mean_actual"))
ChiSquareResult = _record("ChiSquareResult", _ChiSquareResultC,
                          "Pearson's chi-square test after merging (clv_chi_square_result).")
Accuracy = _record("Accuracy", _AccuracyC,
                   "Holdout accuracy: count, MAE, RMSE, bias, correlation (0 with "
                   "correlation_defined 0 when a series is constant), means (clv_accuracy).")
_clv_check_options_init = _bind("clv_check_options_init", [_CheckOptionsP])
_clv_tracking_expected = _bind("clv_tracking_expected", [
    _PurchaseModelP, _PD, _PD, _SZ, _PD, _SZ, _CheckOptionsP, _PD, _PD])
_clv_tracking_actual = _bind("clv_tracking_actual", [
    ctypes.POINTER(_U64), _PD, _SZ, _PD, _SZ, _CheckOptionsP, _PD, _PD])
_clv_frequency_histogram = _bind("clv_frequency_histogram", [
    _PurchaseModelP, _RfmViewP, _U32, _CheckOptionsP, _PD, _PD])
_clv_chi_square_test = _bind("clv_chi_square_test", [
    _PD, _PD, _SZ, _U32, _CheckOptionsP, ctypes.POINTER(_ChiSquareResultC),
    ctypes.POINTER(_U32)])
_clv_chi_square_p_value = _bind("clv_chi_square_p_value", [_D, _D, _PD])
_clv_conditional_by_frequency = _bind("clv_conditional_by_frequency", [
    _PurchaseModelP, _RfmViewP, _PD, _D, _U32, _CheckOptionsP, _PD, _PD, _PD])
_clv_conditional_by_recency = _bind("clv_conditional_by_recency", [
    _PurchaseModelP, _RfmViewP, _PD, _D, _PD, _SZ, _CheckOptionsP, _PD, _PD, _PD])
_clv_holdout_accuracy = _bind("clv_holdout_accuracy", [
    _PD, _PD, _PD, _SZ, _CheckOptionsP, ctypes.POINTER(_AccuracyC)])
_clv_calibration_table = _bind("clv_calibration_table", [
    _PD, _PD, _PD, _SZ, _PD, _SZ, _CheckOptionsP, _PD, _PD, _PD, _PD])
_clv_information_criteria = _bind("clv_information_criteria", [
    ctypes.POINTER(_FitReportC), _D, _PD, _PD])
_clv_likelihood_ratio_test = _bind("clv_likelihood_ratio_test", [_D, _D, _D, _PD, _PD])
_clv_frequency_recency_matrix = _bind("clv_frequency_recency_matrix", [
    _PurchaseModelP, _U32, _PD, _SZ, _D, _D, _CheckOptionsP, _PD, _PD, _PI32])


class _Check:
    """clv_check_options with a diagnostic record and an optional progress callback; call()
    raises ClvError carrying the record."""

    def __init__(self, progress=None, min_expected=None):
        self.o = _init_options(_clv_check_options_init, _CheckOptionsC,
                               "clv_check_options_init")
        self.diag = _new_diag()
        self.o.diag = ctypes.pointer(self.diag)
        if min_expected is not None:
            self.o.min_expected = _real(min_expected, "min_expected")
        self.work = _Work(progress) if progress is not None else None
        if self.work is not None:
            self.o.progress = self.work.c_fn

    def call(self, fn, name, *args):
        status = fn(*args, ctypes.byref(self.o), *self._outs)
        if self.work is not None and self.work.error is not None:
            raise self.work.error
        if status != OK:
            raise _error(status, name, index=int(self.diag.row) if self.diag.has_row else None,
                         diag=self.diag)

    def run(self, fn, name, args, outs):
        self._outs = outs
        self.call(fn, name, *args)


def tracking_expected(model, birth, times, *, weight=None, progress=None):
    """Expected cumulative and incremental repeat transactions of a customer base at calendar
    ``times`` from each customer's first-purchase time ``birth`` (ascending), FHL 2005 fig. 2
    (clv_tracking_expected). ``weight``: customers per birth entry. Returns (cumulative,
    incremental)."""
    b = _array_in(birth, _D, "birth")
    w = _array_in(weight, _D, "weight", b.n)
    tm = _array_in(times, _D, "times")
    numpy = b.numpy or tm.numpy
    cum, inc = _Out(tm.n, numpy), _Out(tm.n, numpy)
    _Check(progress).run(_clv_tracking_expected, "clv_tracking_expected",
                         (ctypes.byref(_purchase_model(model)), b.ptr, _ptr(w), b.n, tm.ptr,
                          tm.n), (cum.ptr, inc.ptr))
    return cum.result(), inc.result()


def tracking_actual(customer, time, times):
    """Actual cumulative and incremental repeat transactions at calendar ``times`` from a
    transaction log sorted by customer, then time (clv_tracking_actual): a customer's first
    transaction is not a repeat, transactions at one time are one purchase."""
    c = _array_in(customer, _U64, "customer")
    t = _array_in(time, _D, "time", c.n)
    tm = _array_in(times, _D, "times")
    numpy = t.numpy or tm.numpy
    cum, inc = _Out(tm.n, numpy), _Out(tm.n, numpy)
    _Check().run(_clv_tracking_actual, "clv_tracking_actual", (c.ptr, t.ptr, c.n, tm.ptr, tm.n),
                 (cum.ptr, inc.ptr))
    return cum.result(), inc.result()


def frequency_histogram(model, table, k, *, progress=None):
    """Expected and actual numbers of customers with 0..k-1 and k+ calibration repeat
    purchases (clv_frequency_histogram): (expected, actual), k + 1 entries each."""
    t = _table(table)
    e, a = _Out(k + 1, t.numpy), _Out(k + 1, t.numpy)
    _Check(progress).run(_clv_frequency_histogram, "clv_frequency_histogram",
                         (ctypes.byref(_purchase_model(model)), ctypes.byref(t.view),
                          _int(k, _U32, "k")), (e.ptr, a.ptr))
    return e.result(), a.result()


def chi_square_test(expected, observed, n_params, *, min_expected=None, groups=False):
    """Pearson's chi-square test with bins merged in order until each group's expected count
    reaches min_expected (default 5) (clv_chi_square_test): a ChiSquareResult, and with
    groups=True also the group of each bin."""
    e = _array_in(expected, _D, "expected")
    o = _array_in(observed, _D, "observed", e.n)
    r = _ChiSquareResultC()
    g = _Out(e.n, False, _U32)
    _Check(min_expected=min_expected).run(
        _clv_chi_square_test, "clv_chi_square_test", (e.ptr, o.ptr, e.n,
                                                      _int(n_params, _U32, "n_params")),
        (ctypes.byref(r), g.ptr))
    res = ChiSquareResult._from_c(r)
    return (res, g.result()) if groups else res


def chi_square_p_value(statistic, df):
    """P(chi-square(df) >= statistic) (clv_chi_square_p_value)."""
    out = _D()
    _check(_clv_chi_square_p_value(_real(statistic, "statistic"), _real(df, "df"),
                                   ctypes.byref(out)), "clv_chi_square_p_value")
    return out.value


def _conditional(fn, name, model, table, holdout, holdout_length, extra, n_bins, progress):
    t = _table(table)
    h = _array_in(holdout, _D, "holdout", len(t))
    outs = [_Out(n_bins, t.numpy or h.numpy) for _ in range(3)]
    _Check(progress).run(fn, name, (ctypes.byref(_purchase_model(model)), ctypes.byref(t.view),
                                    h.ptr, _real(holdout_length, "holdout_length")) + extra,
                         tuple(o.ptr for o in outs))
    return tuple(o.result() for o in outs)


def conditional_by_frequency(model, table, holdout, holdout_length, k, *, progress=None):
    """Customers, mean actual and mean predicted holdout purchases by calibration frequency
    0..k-1, k+ (FHL 2005 fig. 4; clv_conditional_by_frequency): (count, mean_actual,
    mean_predicted)."""
    return _conditional(_clv_conditional_by_frequency, "clv_conditional_by_frequency", model,
                        table, holdout, holdout_length, (_int(k, _U32, "k"),), k + 1, progress)


def conditional_by_recency(model, table, holdout, holdout_length, edges, *, progress=None):
    """As conditional_by_frequency(), binned by t_x: edges[b] <= t_x < edges[b+1], the last
    bin closed (clv_conditional_by_recency)."""
    e = _array_in(edges, _D, "edges")
    return _conditional(_clv_conditional_by_recency, "clv_conditional_by_recency", model, table,
                        holdout, holdout_length, (e.ptr, e.n - 1), max(e.n - 1, 0), progress)


def holdout_accuracy(predicted, actual, weight=None):
    """MAE, RMSE, bias and Pearson correlation of predictions against actual values
    (clv_holdout_accuracy): an Accuracy."""
    p = _array_in(predicted, _D, "predicted")
    a = _array_in(actual, _D, "actual", p.n)
    w = _array_in(weight, _D, "weight", p.n)
    r = _AccuracyC()
    _Check().run(_clv_holdout_accuracy, "clv_holdout_accuracy", (p.ptr, a.ptr, _ptr(w), p.n),
                 (ctypes.byref(r),))
    return Accuracy._from_c(r)


def calibration_table(predicted, actual, bins=10, *, weight=None, edges=None, progress=None):
    """Predictions binned (quantile bins of equal weight, or the given ``edges``): a dict of
    edges, count, mean_predicted, mean_actual (clv_calibration_table)."""
    p = _array_in(predicted, _D, "predicted")
    a = _array_in(actual, _D, "actual", p.n)
    w = _array_in(weight, _D, "weight", p.n)
    e = _array_in(edges, _D, "edges")
    n_bins = e.n - 1 if e is not None else _int(bins, _SZ, "bins")
    outs = [_Out(max(n_bins + 1, 1), p.numpy)] + [_Out(max(n_bins, 1), p.numpy)
                                                  for _ in range(3)]
    _Check(progress).run(_clv_calibration_table, "clv_calibration_table",
                         (p.ptr, a.ptr, _ptr(w), p.n, _ptr(e), n_bins),
                         tuple(o.ptr for o in outs))
    return {"edges": outs[0].result(), "count": outs[1].result(),
            "mean_predicted": outs[2].result(), "mean_actual": outs[3].result()}


def information_criteria(report, n_obs):
    """(AIC, BIC) of a fit's FitReport over n_obs observations (clv_information_criteria)."""
    r = _FitReportC()
    r.loglik = _real(report.loglik, "loglik")
    r.n_params = _int(report.n_params, _U32, "n_params")
    aic, bic = _D(), _D()
    _check(_clv_information_criteria(ctypes.byref(r), _real(n_obs, "n_obs"), ctypes.byref(aic),
                                     ctypes.byref(bic)), "clv_information_criteria")
    return aic.value, bic.value


def likelihood_ratio_test(loglik_restricted, loglik_full, df):
    """(statistic, p_value) of a restricted fit nested in a fuller one
    (clv_likelihood_ratio_test)."""
    s, p = _D(), _D()
    _check(_clv_likelihood_ratio_test(_real(loglik_restricted, "loglik_restricted"),
                                      _real(loglik_full, "loglik_full"), _real(df, "df"),
                                      ctypes.byref(s), ctypes.byref(p)),
           "clv_likelihood_ratio_test")
    return s.value, p.value


def frequency_recency_matrix(model, max_x, t_x, T, horizon, *, progress=None):
    """P(alive) and expected purchases in ``horizon`` over x = 0..max_x (rows) x the t_x grid
    (columns) for one T (clv_frequency_recency_matrix): (p_alive, expected, possible) as
    lists of rows; impossible cells have possible 0 and values 0 (read only where possible)."""
    g = _array_in(t_x, _D, "t_x")
    rows = _int(max_x, _U32, "max_x") + 1
    n = rows * g.n
    pa, ex, ok = _Out(n, False), _Out(n, False), _Out(n, False, _I32)
    _Check(progress).run(_clv_frequency_recency_matrix, "clv_frequency_recency_matrix",
                         (ctypes.byref(_purchase_model(model)), rows - 1, g.ptr, g.n,
                          _real(T, "T"), _real(horizon, "horizon")), (pa.ptr, ex.ptr, ok.ptr))

    def shape(v):
        return [v[i * g.n:(i + 1) * g.n] for i in range(rows)]
    return shape(pa.result()), shape(ex.result()), shape(ok.result())


_exposes("tracking_expected", "clv_tracking_expected", "clv_check_options_init")
_exposes("tracking_actual", "clv_tracking_actual")
_exposes("frequency_histogram", "clv_frequency_histogram")
_exposes("chi_square_test", "clv_chi_square_test")
_exposes("chi_square_p_value", "clv_chi_square_p_value")
_exposes("conditional_by_frequency", "clv_conditional_by_frequency")
_exposes("conditional_by_recency", "clv_conditional_by_recency")
_exposes("holdout_accuracy", "clv_holdout_accuracy")
_exposes("calibration_table", "clv_calibration_table")
_exposes("information_criteria", "clv_information_criteria")
_exposes("likelihood_ratio_test", "clv_likelihood_ratio_test")
_exposes("frequency_recency_matrix", "clv_frequency_recency_matrix")

# ------------------------------------------------------------------------------------------
# clv.h: delta-method intervals of the predictions (issue 14, uncertainty)
# ------------------------------------------------------------------------------------------

_IntervalOptionsC = _cstruct("clv_interval_options", [
    ("struct_size", _U32), ("reserved", _U32), ("level", _D), ("scale", _I32),
    ("reserved2", _U32), ("horizon", _D), ("delta", _D),
    ("value", ctypes.POINTER(_ValueOptionsC)), ("diag", ctypes.POINTER(_DiagC)),
    ("progress", _WorkFn), ("user_data", _VP), ("count", _D)])
_IntervalOptionsP = ctypes.POINTER(_IntervalOptionsC)
_clv_interval_options_init = _bind("clv_interval_options_init", [_IntervalOptionsP])
_clv_prediction_gradient = _bind("clv_prediction_gradient", [
    _PurchaseModelP, ctypes.POINTER(GGParams._ctype), ctypes.c_int, _IntervalOptionsP, _D, _D,
    _D, _D, _PD, _PD, _PD, ctypes.POINTER(_U32)])
_clv_delta_interval = _bind("clv_delta_interval", [_D, _PD, _U32, _PD, _IntervalOptionsP, _PD,
                                                   _PD, _PD])
_clv_interval_rows = _bind("clv_interval_rows", [
    _PurchaseModelP, ctypes.POINTER(GGParams._ctype), ctypes.c_int, _PD, _IntervalOptionsP,
    _RfmViewP, _PD, _PD, _PD, _PD, _PI32])

INTERVAL_QUANTITIES = {
    "p_alive": constant("CLV_INTERVAL_P_ALIVE"),
    "expected_purchases": constant("CLV_INTERVAL_EXPECTED_PURCHASES"),
    "expected_new": constant("CLV_INTERVAL_EXPECTED_NEW"),
    "dert": constant("CLV_INTERVAL_DERT"),
    "spend": constant("CLV_INTERVAL_SPEND"),
    "value": constant("CLV_INTERVAL_VALUE"),
    "prob_purchases": constant("CLV_INTERVAL_PROB_PURCHASES")}
INTERVAL_SCALES = {"log": constant("CLV_INTERVAL_LOG"),
                   "natural": constant("CLV_INTERVAL_NATURAL"),
                   "logit": constant("CLV_INTERVAL_LOGIT")}


class _IntervalCall:
    """clv_interval_options (and the value options it points to) from keyword arguments."""

    def __init__(self, level=None, scale="log", horizon=None, delta=None, margin=None,
                 discount_rate=None, period=None, value_horizon=None, count=None):
        self.o = _init_options(_clv_interval_options_init, _IntervalOptionsC,
                               "clv_interval_options_init")
        self.v = _init_options(_clv_value_options_init, _ValueOptionsC, "clv_value_options_init")
        self.diag = _new_diag()
        self.o.diag = ctypes.pointer(self.diag)
        self.o.value = ctypes.pointer(self.v)
        self.o.scale = _flag(scale, INTERVAL_SCALES, "scale")
        for obj, name, v in ((self.o, "level", level), (self.o, "horizon", horizon),
                             (self.o, "delta", delta), (self.o, "count", count),
                             (self.v, "margin", margin),
                             (self.v, "discount_rate", discount_rate), (self.v, "period", period),
                             (self.v, "horizon", value_horizon)):
            if v is not None:
                setattr(obj, name, _real(v, name))


def _interval_models(model, spend):
    pm = None if model is None else ctypes.byref(_purchase_model(model))
    gg = None if spend is None else ctypes.byref(GGParams._coerce(spend))
    return pm, gg


def _flat_covariance(covariance):
    flat = [v for row in covariance for v in row] \
        if not isinstance(covariance[0], numbers.Real) else list(covariance)
    return _array_in(flat, _D, "covariance")


def prediction_gradient(model, quantity, x=0.0, t_x=0.0, T=0.0, monetary=0.0, *, spend=None,
                        **options):
    """One customer's prediction and its gradient in the parameters (clv_prediction_gradient):
    (estimate, gradient, gradient_error) with lists over the purchase model's 4 parameters
    (then the GGParams' 3 for "value" with ``spend``; only those 3 for "spend", model None).
    quantity: "p_alive", "expected_purchases", "expected_new", "dert", "spend", "value" or
    "prob_purchases". options: horizon (expected purchases; prob_purchases' t), count
    (prob_purchases' n), delta (DERT), margin, discount_rate, period, value_horizon (value)."""
    c = _IntervalCall(**options)
    pm, gg = _interval_models(model, spend)
    est, g, e, n = _D(), (_D * MAX_PARAMS)(), (_D * MAX_PARAMS)(), _U32()
    _check(_clv_prediction_gradient(pm, gg, _flag(quantity, INTERVAL_QUANTITIES, "quantity"),
                                    ctypes.byref(c.o), _real(x, "x"), _real(t_x, "t_x"),
                                    _real(T, "T"), _real(monetary, "monetary"),
                                    ctypes.byref(est), g, e, ctypes.byref(n)),
           "clv_prediction_gradient", diag=c.diag)
    return est.value, list(g[:n.value]), list(e[:n.value])


def delta_interval(estimate, gradient, covariance, *, level=None, scale="log"):
    """(lower, upper, std_error) of a prediction from its gradient and the parameters'
    covariance (k x k nested sequences or flat row-major) by the delta method
    (clv_delta_interval); scale "log" (default), "natural" or "logit"."""
    c = _IntervalCall(level=level, scale=scale)
    g = _array_in(list(gradient), _D, "gradient")
    cov = _flat_covariance(covariance)
    if cov.n != g.n * g.n:
        raise ValueError("covariance must be %d x %d" % (g.n, g.n))
    lo, hi, se = _D(), _D(), _D()
    _check(_clv_delta_interval(_real(estimate, "estimate"), g.ptr, g.n, cov.ptr,
                               ctypes.byref(c.o), ctypes.byref(lo), ctypes.byref(hi),
                               ctypes.byref(se)), "clv_delta_interval", diag=c.diag)
    return lo.value, hi.value, se.value


def interval_rows(model, quantity, covariance, table, *, spend=None, row_status=False,
                  **options):
    """Prediction, delta-method standard error and interval of every row (clv_interval_rows):
    (lower, estimate, upper, std_error), plus the statuses with row_status=True (a refused
    row gets NaN). quantity and options as prediction_gradient(), with level and scale as
    delta_interval(); covariance over the parameters the gradient runs over."""
    c = _IntervalCall(**options)
    t = _table(table)
    pm, gg = _interval_models(model, spend)
    cov = _flat_covariance(covariance)
    outs = [_Out(len(t), t.numpy).fill(math.nan) for _ in range(4)]
    status = _Out(len(t), t.numpy, _I32) if row_status else None
    _check(_clv_interval_rows(pm, gg, _flag(quantity, INTERVAL_QUANTITIES, "quantity"), cov.ptr,
                              ctypes.byref(c.o), ctypes.byref(t.view),
                              *(o.ptr for o in outs), _ptr(status)),
           "clv_interval_rows", diag=c.diag)
    result = tuple(o.result() for o in outs)
    return result + (status.result(),) if row_status else result


_clv_sbg_interval = _bind("clv_sbg_interval", [
    ctypes.POINTER(SBGParams._ctype), _PD, ctypes.c_int, _D, _D, _IntervalOptionsP, _PD, _PD,
    _PD, _PD])
SBG_INTERVAL_QUANTITIES = {
    "survival": constant("CLV_SBG_INTERVAL_SURVIVAL"),
    "retention": constant("CLV_SBG_INTERVAL_RETENTION"),
    "del": constant("CLV_SBG_INTERVAL_DEL"),
    "derl": constant("CLV_SBG_INTERVAL_DERL")}


def sbg_interval(params, quantity, covariance, t=0.0, discount=0.0, *, level=None,
                 scale="log"):
    """An sBG prediction with its delta-method interval (clv_sbg_interval): (estimate, lower,
    upper, std_error). quantity "survival" or "retention" (t periods), "del" (discount),
    "derl" (t renewals, discount); covariance 2 x 2 (SBG fit report)."""
    c = _IntervalCall(level=level, scale=scale)
    cov = _flat_covariance(covariance)
    if cov.n != 4:
        raise ValueError("covariance must be 2 x 2")
    est, lo, hi, se = _D(), _D(), _D(), _D()
    _check(_clv_sbg_interval(ctypes.byref(SBGParams._coerce(params)), cov.ptr,
                             _flag(quantity, SBG_INTERVAL_QUANTITIES, "quantity"),
                             _real(t, "t"), _real(discount, "discount"), ctypes.byref(c.o),
                             ctypes.byref(est), ctypes.byref(lo), ctypes.byref(hi),
                             ctypes.byref(se)), "clv_sbg_interval", diag=c.diag)
    return est.value, lo.value, hi.value, se.value


_exposes("sbg_interval", "clv_sbg_interval")

_clv_bass_interval = _bind("clv_bass_interval", [
    _BassP, _PD, ctypes.c_int, _PD, _SZ, _IntervalOptionsP, _PD, _PD, _PD, _PD])
BASS_INTERVAL_QUANTITIES = {
    "cumulative": constant("CLV_BASS_FORECAST_CUMULATIVE"),
    "period": constant("CLV_BASS_FORECAST_PERIOD"),
    "rate": constant("CLV_BASS_FORECAST_RATE")}


def bass_interval(params, quantity, covariance, times, *, level=None, scale="log"):
    """A Bass forecast at each of ``times`` with its delta-method interval
    (clv_bass_interval): (estimate, lower, upper, std_error) arrays. quantity "cumulative"
    (m F(t)), "period" (adopters in (t-1, t]) or "rate" (m f(t)); covariance 3 x 3 in the
    order p, q, m (the Bass fit report's)."""
    c = _IntervalCall(level=level, scale=scale)
    cov = _flat_covariance(covariance)
    if cov.n != 9:
        raise ValueError("covariance must be 3 x 3")
    t = _array_in(times, _D, "times")
    outs = [_Out(t.n, t.numpy) for _ in range(4)]
    _check(_clv_bass_interval(ctypes.byref(BassParams._coerce(params)), cov.ptr,
                              _flag(quantity, BASS_INTERVAL_QUANTITIES, "quantity"), t.ptr, t.n,
                              ctypes.byref(c.o), *(o.ptr for o in outs)),
           "clv_bass_interval", diag=c.diag)
    return tuple(o.result() for o in outs)


_exposes("bass_interval", "clv_bass_interval")

_exposes("prediction_gradient", "clv_prediction_gradient", "clv_interval_options_init")
_exposes("delta_interval", "clv_delta_interval")
_exposes("interval_rows", "clv_interval_rows")

__all__ = sorted(k for k, v in globals().items()
                 if not k.startswith("_") and getattr(v, "__module__", None) == __name__)
__all__ += ["BOUND", "C_API", "FIELD_NAMES", "RULE_NAMES", "HAVE_NUMPY", "LIBRARY_PATH",
            "LIBRARY_SOURCE", "STATUS_NAMES",
            "CHURN_REASONS", "OK", "EINVAL", "EDOM", "ENOCONV", "ERANGE", "ECANCELED", "ESTRUCT",
            "ENOMEM", "EDIVERGE", "EIDENT", "MARGIN_END", "MARGIN_START", "MAX_PARAMS",
            "DRAW_NATURAL", "DRAW_LOG", "INTERVAL_QUANTITIES", "INTERVAL_SCALES",
            "SBG_INTERVAL_QUANTITIES"]
