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


if __name__ == "__main__":
    unittest.main()
