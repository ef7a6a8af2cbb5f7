"""NaN and infinities on the wire: strings in JSON, floats in Python."""
import base64
import json
import math
import struct
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
    def test_numeric_metrics_travel_as_base64_float64_columns_with_nan_for_a_missing_step(self):
        points = [
            {"name": "loss", "kind": "scalar", "timestamp": 10, "step": 0, "value": 0.5},
            {"name": "acc", "kind": "scalar", "timestamp": 10, "value": "NaN"},
            {"name": "loss", "kind": "scalar", "timestamp": 11, "value": 4},
            {"name": "acc", "kind": "scalar", "timestamp": 12, "value": "-Infinity"},
        ]
        body = wire.metric_batch("k", points)
        loss, acc = body["series"]
        self.assertEqual(sorted(loss), ["encoding", "kind", "name", "steps", "timestamps", "values"])
        self.assertEqual((loss["encoding"], loss["kind"]), ("f64le-base64", "scalar"))
        self.assertEqual(wire.float64s_from_base64(loss["values"]), [0.5, 4.0])
        steps = wire.float64s_from_base64(loss["steps"])
        self.assertEqual(steps[0], 0.0)
        self.assertTrue(math.isnan(steps[1]))
        self.assertEqual(wire.float64s_from_base64(loss["timestamps"]), [10.0, 11.0])
        self.assertNotIn("steps", acc)
        values = wire.float64s_from_base64(acc["values"])
        self.assertTrue(math.isnan(values[0]))
        self.assertEqual(values[1], float("-inf"))
        # The text is the standard base64 of little-endian float64s, as the server reads it.
        self.assertEqual(acc["values"], base64.b64encode(struct.pack("<2d", float("nan"), float("-inf"))).decode())

    def test_metrics_with_strings_booleans_or_nulls_travel_as_json_arrays(self):
        for values in (["a", 1], [True, 2.5], [None, 1], ["nan", 1]):
            points = [{"name": "m", "kind": "list", "timestamp": 1, "step": i, "value": v} for i, v in enumerate(values)]
            self.assertEqual(wire.metric_batch("k", points)["series"], [
                {"name": "m", "kind": "list", "values": values, "steps": [0, 1], "timestamps": [1, 1]},
            ])

    def test_metrics_that_columns_cannot_carry_stay_points(self):
        table = [{"name": "t", "kind": "table", "timestamp": 1, "row": {"a": 1}}]
        mixed = [{"name": "m", "kind": "scalar", "timestamp": 1, "value": 1}, {"name": "m", "kind": "list", "timestamp": 1, "value": 2}]
        ok = [{"name": "ok", "kind": "image", "timestamp": 1, "value": "a.png", "description": "d"}]
        body = wire.metric_batch("k", table + mixed + ok)
        self.assertEqual(body["points"], table + mixed)
        self.assertEqual(body["series"], [{"name": "ok", "kind": "image", "values": ["a.png"], "timestamps": [1], "description": "d"}])


if __name__ == "__main__":
    unittest.main()
