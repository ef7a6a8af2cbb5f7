"""NaN and infinities on the wire: strings in JSON, floats in Python."""
import json
import math
import unittest

import support  # noqa: F401  (puts python/ on sys.path)
from cairn import wire


class WireTest(unittest.TestCase):
    def test_non_finite_floats_become_strings_anywhere_in_a_body(self):
        body = {"points": [{"value": float("nan")}, {"row": {"a": float("inf"), "b": -float("inf"), "c": 1.5}}]}
        text = wire.dumps(body)
        self.assertEqual(
            json.loads(text),
            {"points": [{"value": "NaN"}, {"row": {"a": "Infinity", "b": "-Infinity", "c": 1.5}}]},
        )

    def test_dumps_never_writes_bare_nan(self):
        text = wire.dumps([float("nan"), float("inf"), (float("-inf"),)])
        self.assertNotIn("NaN,", text.replace('"NaN"', ""))
        json.loads(text, parse_constant=lambda name: self.fail("bare %s in %s" % (name, text)))

    def test_wire_strings_read_back_as_floats(self):
        self.assertTrue(math.isnan(wire.cell_from_wire("NaN")))
        self.assertEqual(wire.cell_from_wire("Infinity"), float("inf"))
        self.assertEqual(wire.cell_from_wire("-Infinity"), float("-inf"))

    def test_other_values_pass_unchanged(self):
        for value in (0, 1.25, True, None, "nan", "text", "infinity"):
            self.assertEqual(wire.cell_from_wire(value), value)
            self.assertEqual(wire.to_wire(value), value)


class MetricBatchTest(unittest.TestCase):
    def test_each_metric_travels_in_columns_with_none_for_a_missing_step(self):
        points = [
            {"name": "loss", "kind": "scalar", "timestamp": 10, "step": 0, "value": 0.5},
            {"name": "acc", "kind": "scalar", "timestamp": 10, "value": "NaN"},
            {"name": "loss", "kind": "scalar", "timestamp": 11, "value": 0.4},
        ]
        self.assertEqual(wire.metric_batch("k", points), {"batchKey": "k", "series": [
            {"name": "loss", "kind": "scalar", "values": [0.5, 0.4], "steps": [0, None], "timestamps": [10, 11]},
            {"name": "acc", "kind": "scalar", "values": ["NaN"], "timestamps": [10]},
        ]})

    def test_metrics_that_columns_cannot_carry_stay_points(self):
        table = [{"name": "t", "kind": "table", "timestamp": 1, "row": {"a": 1}}]
        mixed = [{"name": "m", "kind": "scalar", "timestamp": 1, "value": 1}, {"name": "m", "kind": "list", "timestamp": 1, "value": 2}]
        ok = [{"name": "ok", "kind": "image", "timestamp": 1, "value": "a.png", "description": "d"}]
        body = wire.metric_batch("k", table + mixed + ok)
        self.assertEqual(body["points"], table + mixed)
        self.assertEqual(body["series"], [{"name": "ok", "kind": "image", "values": ["a.png"], "timestamps": [1], "description": "d"}])


if __name__ == "__main__":
    unittest.main()
