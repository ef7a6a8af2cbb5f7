"""Values on the wire.

JSON has no NaN or infinities: Cairn sends them as the strings "NaN", "Infinity" and "-Infinity" in
numeric positions, and reads those strings back as floats. Python's ``json`` would emit bare ``NaN``
(not JSON), so bodies are converted first and dumped with ``allow_nan=False``.
"""
import json
import math

_FROM_WIRE = {"NaN": float("nan"), "Infinity": float("inf"), "-Infinity": float("-inf")}


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
