"""Turning logging calls into metric points, with v1's validation.

Every check runs in the caller's thread, so a bad value fails at the line that logged it rather than
later in the background uploader.
"""
import re
import time
import types

from .errors import ValidationError
from .wire import number_to_wire

LIST_MESSAGE = "run.log does not support list type. Use run.log_list instead"
MAX_STRING = 4096
_INT64_MIN, _INT64_MAX = -(2 ** 63), 2 ** 63 - 1
_NAME = re.compile(r"^[^\x00-\x1f/\\]{1,255}$")
_COLUMN = re.compile(r"^.{1,255}$", re.S)
IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".svg", ".tif", ".tiff", ".webp")


def now_ms():
    """The current time in epoch milliseconds."""
    return int(time.time() * 1000)


def check_name(name):
    """Raises unless `name` is a valid metric name (1-255 characters, no control characters, "/" or "\\")."""
    if not isinstance(name, str) or not _NAME.match(name):
        raise ValidationError(
            'invalid metric name %r: use 1-255 characters, no control characters, "/" or "\\"' % (name,)
        )
    return name


def is_list_like(value):
    """Whether v1 treats a value as a list: list, tuple, range, generator, or an array with dimensions."""
    if isinstance(value, (list, tuple, range, types.GeneratorType)):
        return True
    return getattr(value, "ndim", 0) > 0 and hasattr(value, "tolist")


def cell(value, what="value"):
    """A logged value as a wire cell: int, float, bool, str or None; NaN and infinities as strings."""
    if hasattr(value, "dtype") and getattr(value, "ndim", None) == 0:
        value = value.item()  # a numpy scalar, without importing numpy
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        if not _INT64_MIN <= value <= _INT64_MAX:
            raise ValidationError("%s %d does not fit in 64 bits" % (what, value))
        return value
    if isinstance(value, float):
        return number_to_wire(value)
    if isinstance(value, str):
        if len(value) > MAX_STRING:
            raise ValidationError("%s is a string of %d characters; the most is %d" % (what, len(value), MAX_STRING))
        return value
    raise ValidationError(
        "%s must be an int, float, bool, str or None, not %s" % (what, type(value).__name__)
    )


def _point(name, kind, description, timestamp, step=None):
    point = {"name": name, "kind": kind, "timestamp": timestamp}
    if step is not None:
        point["step"] = step
    if description:
        point["description"] = str(description)[:1000]
    return point


def scalar_point(name, value, description="", step=None, timestamp=None):
    """The point for ``run.log``: lists are refused with v1's message."""
    check_name(name)
    if is_list_like(value):
        raise ValidationError(LIST_MESSAGE)
    if step is not None and (isinstance(step, bool) or not isinstance(step, int) or step < 0):
        raise ValidationError("step must be a non-negative int, not %r" % (step,))
    point = _point(name, "scalar", description, timestamp or now_ms(), step)
    point["value"] = cell(value, "metric %r" % name)
    return point


def list_points(name, values, description="", timestamp=None):
    """The points for ``run.log_list``: one per element, each a scalar."""
    check_name(name)
    if hasattr(values, "tolist") and not isinstance(values, (list, tuple)):
        values = values.tolist()
    if isinstance(values, (str, bytes, dict)) or not hasattr(values, "__iter__"):
        raise ValidationError("run.log_list needs a list of values, not %s" % type(values).__name__)
    timestamp = timestamp or now_ms()
    points = []
    for index, value in enumerate(values):
        if is_list_like(value) or isinstance(value, dict):
            raise ValidationError("element %d of list metric %r is not a scalar" % (index, name))
        point = _point(name, "list", description, timestamp)
        point["value"] = cell(value, "element %d of list metric %r" % (index, name))
        points.append(point)
    return points


def _row(name, row):
    if not row:
        raise ValidationError("table metric %r needs at least one column" % name)
    out = {}
    for column, value in row.items():
        if not isinstance(column, str) or not _COLUMN.match(column):
            raise ValidationError("column names of %r must be strings of 1-255 characters" % name)
        if is_list_like(value) or isinstance(value, dict):
            raise ValidationError(
                "column %r of row metric %r is a %s; log_row takes one scalar per column"
                % (column, name, type(value).__name__)
            )
        out[column] = cell(value, "column %r of metric %r" % (column, name))
    return out


def row_point(name, row, description="", timestamp=None):
    """The point for ``run.log_row``: one row, each column a scalar."""
    check_name(name)
    point = _point(name, "table", description, timestamp or now_ms())
    point["row"] = _row(name, row)
    return point


def table_points(name, table, description="", timestamp=None):
    """The points for ``run.log_table``: a dict of equally long columns becomes one point per row."""
    check_name(name)
    if not isinstance(table, dict) or not table:
        raise ValidationError("run.log_table needs a dict of column name to list of values")
    columns = {}
    for column, values in table.items():
        if hasattr(values, "tolist") and not isinstance(values, (list, tuple)):
            values = values.tolist()
        if not is_list_like(values):
            raise ValidationError("column %r of table metric %r must be a list" % (column, name))
        columns[column] = list(values)
    lengths = {column: len(values) for column, values in columns.items()}
    if len(set(lengths.values())) > 1:
        raise ValidationError(
            "InvalidColumnLength: the columns of table metric %r must have the same length, got %s" % (name, lengths)
        )
    timestamp = timestamp or now_ms()
    count = next(iter(lengths.values()))
    return [row_point(name, {c: v[i] for c, v in columns.items()}, description, timestamp) for i in range(count)]


def image_point(name, file_path, description="", timestamp=None):
    """The point for ``run.log_image``: its value is the run file path of the uploaded image."""
    check_name(name)
    point = _point(name, "image", description, timestamp or now_ms())
    point["value"] = file_path
    return point


def check_image_args(path, plot):
    """v1's rules: exactly one of `path` and `plot`; a path must name an image; a plot must have ``savefig``."""
    if path is not None and plot is not None:
        raise ValidationError(
            "Invalid parameters, path and plot were both provided, only one at a time is supported"
        )
    if path is None and plot is None:
        raise ValidationError("Invalid parameters, one of path and plot is required as input")
    if path is not None and not str(path).lower().endswith(IMAGE_EXTENSIONS):
        raise ValidationError(
            "%s is not a recognized image file (use one of %s)" % (path, ", ".join(IMAGE_EXTENSIONS))
        )
    if plot is not None and not callable(getattr(plot, "savefig", None)):
        raise ValidationError("plot must have a savefig method, like matplotlib.pyplot or a Figure")
