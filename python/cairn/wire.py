"""Values on the wire.

JSON has no NaN or infinities: Cairn sends them as the strings "NaN", "Infinity" and "-Infinity" in
numeric positions, and reads those strings back as floats. Python's ``json`` would emit bare ``NaN``
(not JSON), so bodies are converted first and dumped with ``allow_nan=False``.
"""
import array
import base64
import collections
import json
import math
import sys

_FROM_WIRE = {"NaN": float("nan"), "Infinity": float("inf"), "-Infinity": float("-inf")}
F64_BASE64 = "f64le-base64"


def number_to_wire(value):
    """A float that JSON cannot carry becomes its wire string; anything else is returned unchanged."""
    if isinstance(value, float) and not math.isfinite(value):
        if math.isnan(value):
            return "NaN"
        return "Infinity" if value > 0 else "-Infinity"
    return value


def cell_from_wire(cell):
    """A wire cell to its value: the strings "NaN", "Infinity", "-Infinity" become floats."""
    if isinstance(cell, str) and cell in _FROM_WIRE:
        return _FROM_WIRE[cell]
    return cell


def to_wire(value):
    """Converts non-finite floats anywhere inside dicts, lists and tuples to their wire strings."""
    if isinstance(value, float):
        return number_to_wire(value)
    if isinstance(value, dict):
        return {k: to_wire(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_wire(v) for v in value]
    return value


def dumps(value):
    """JSON text of a body, with NaN and infinities as wire strings (never bare NaN)."""
    return json.dumps(to_wire(value), allow_nan=False, separators=(",", ":"))


def metric_batch(batch_key, points):
    """The body of a metric batch. Each metric whose points fit travels in columns (one object with
    ``steps``, ``timestamps`` and ``values``: several times cheaper for the server to read than an
    object per point), as base64 of little-endian float64s when its values are all numbers (cheaper
    again, NaN and infinities included); a metric that does not fit (tables, mixed kinds, timestamps on
    only some points) travels as its points, unchanged, so its order and the server's checks stay the same."""
    groups = collections.OrderedDict()
    for point in points:
        groups.setdefault(point["name"], []).append(point)
    series, rest = [], []
    for name, group in groups.items():
        if _fits_columns(group):
            series.append(_columns(name, group))
        else:
            rest.extend(group)
    body = {"batchKey": batch_key}
    if series:
        body["series"] = series
    if rest:
        body["points"] = rest
    return body


def _fits_columns(group):
    kind = group[0].get("kind", "scalar")
    stamped = "timestamp" in group[0]
    return kind != "table" and all(
        p.get("kind", "scalar") == kind and "value" in p and "row" not in p and ("timestamp" in p) == stamped
        for p in group
    )


def _columns(name, group):
    first = group[0]
    kind = first.get("kind", "scalar")
    values = [p["value"] for p in group]
    encoded = float64_base64(values) if kind in ("scalar", "list") else None
    has_steps = any("step" in p for p in group)
    if encoded is None:
        out = {"name": name, "kind": kind, "values": values}
        if has_steps:
            out["steps"] = [p.get("step") for p in group]
        if "timestamp" in first:
            out["timestamps"] = [p["timestamp"] for p in group]
    else:
        out = {"name": name, "kind": kind, "encoding": F64_BASE64, "values": encoded}
        if has_steps:
            out["steps"] = float64_base64([p.get("step", _NAN) for p in group])
        if "timestamp" in first:
            out["timestamps"] = float64_base64([p["timestamp"] for p in group])
    description = next((p["description"] for p in group if p.get("description")), None)
    if description:
        out["description"] = description
    return out


_NAN = float("nan")


def float64_base64(values):
    """``values`` as base64 of little-endian float64s (the ``f64le-base64`` column encoding), or None when
    one is not a number: None, a bool, or a string other than "NaN", "Infinity" and "-Infinity"."""
    if any(value is None or value is True or value is False for value in values):
        return None
    try:
        numbers = array.array("d", values)
    except TypeError:  # wire strings of NaN and the infinities, or other strings
        try:
            numbers = array.array("d", [_FROM_WIRE[v] if isinstance(v, str) else v for v in values])
        except (KeyError, TypeError):
            return None
    if sys.byteorder == "big":
        numbers.byteswap()
    return base64.b64encode(numbers.tobytes()).decode("ascii")


def float64s_from_base64(text):
    """The floats of an ``f64le-base64`` column."""
    numbers = array.array("d", base64.b64decode(text))
    if sys.byteorder == "big":
        numbers.byteswap()
    return numbers.tolist()
