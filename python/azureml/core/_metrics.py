"""v1's ``get_metrics`` shapes.

A scalar, list or image metric with one row is the value itself and with several a list in logged
order; a table metric with one row is ``{column: value}`` and with several ``{column: [values]}``.
"""


def shape(series):
    """The v1 value of one series as ``cairn.Run.metric_series`` returns it."""
    if series["kind"] == "table":
        table = series.get("table") or {}
        if len(series["timestamp"]) == 1:
            return {column: values[0] for column, values in table.items()}
        return table
    values = series.get("value") or []
    return values[0] if len(values) == 1 else list(values)


def run_metrics(run, name=None):
    """``{name: shaped value}`` for one run: every metric, or only `name` (empty when it was never logged)."""
    summaries = [item for item in run.metric_summaries() if name is None or item["name"] == name]
    return {item["name"]: shape(run.metric_series(item["name"], item)) for item in summaries}
