"""Validation of logging calls, with v1's messages, before anything is queued."""
import unittest

import support  # noqa: F401
from cairn import ValidationError
from cairn.points import (
    LIST_MESSAGE, check_image_args, list_points, row_point, scalar_point, table_points,
)

try:
    import numpy
except ImportError:  # numpy is optional: the client never needs it
    numpy = None


class ScalarTest(unittest.TestCase):
    def test_lists_are_refused_with_v1s_message(self):
        for value in ([1, 2], (1, 2), range(3), (x for x in [1])):
            with self.assertRaises(ValidationError) as caught:
                scalar_point("loss", value)
            self.assertEqual(str(caught.exception), "run.log does not support list type. Use run.log_list instead")
        self.assertEqual(LIST_MESSAGE, "run.log does not support list type. Use run.log_list instead")

    def test_scalars_of_every_kind_are_kept(self):
        for value in (1, 2.5, True, False, "adam", None):
            self.assertEqual(scalar_point("m", value)["value"], value)

    def test_nan_and_infinity_are_kept_in_wire_form(self):
        self.assertEqual(scalar_point("m", float("nan"))["value"], "NaN")
        self.assertEqual(scalar_point("m", float("inf"))["value"], "Infinity")
        self.assertEqual(scalar_point("m", float("-inf"))["value"], "-Infinity")

    def test_point_shape(self):
        point = scalar_point("loss", 0.5, "training loss", step=3, timestamp=1234)
        self.assertEqual(point, {"name": "loss", "kind": "scalar", "timestamp": 1234, "step": 3,
                                 "description": "training loss", "value": 0.5})

    def test_other_values_are_refused(self):
        for value in ({"a": 1}, object(), b"bytes", 2 ** 64):
            with self.assertRaises(ValidationError):
                scalar_point("m", value)

    def test_bad_steps_and_names_are_refused(self):
        for step in (-1, 1.5, True):
            with self.assertRaises(ValidationError):
                scalar_point("m", 1, step=step)
        for name in ("", "a/b", "a\\b", "tab\tname", "x" * 256, 3):
            with self.assertRaises(ValidationError):
                scalar_point(name, 1)

    @unittest.skipIf(numpy is None, "numpy not installed")
    def test_numpy_scalars_and_arrays(self):
        self.assertEqual(scalar_point("m", numpy.float32(0.5))["value"], 0.5)
        self.assertEqual(scalar_point("m", numpy.int64(7))["value"], 7)
        self.assertEqual(scalar_point("m", numpy.float64("nan"))["value"], "NaN")
        with self.assertRaisesRegex(ValidationError, "Use run.log_list instead"):
            scalar_point("m", numpy.array([1.0, 2.0]))
        self.assertEqual([p["value"] for p in list_points("l", numpy.array([1, 2]))], [1, 2])


class ListRowTableTest(unittest.TestCase):
    def test_log_list_makes_one_point_per_element(self):
        points = list_points("l", [1, 2.5, float("nan")])
        self.assertEqual([p["value"] for p in points], [1, 2.5, "NaN"])
        self.assertEqual({p["kind"] for p in points}, {"list"})

    def test_log_list_refuses_nested_values_and_non_lists(self):
        with self.assertRaises(ValidationError):
            list_points("l", [1, [2]])
        with self.assertRaises(ValidationError):
            list_points("l", 5)

    def test_rows_take_scalars_only(self):
        self.assertEqual(row_point("t", {"epoch": 1, "acc": 0.5})["row"], {"epoch": 1, "acc": 0.5})
        with self.assertRaisesRegex(ValidationError, "log_row takes one scalar per column"):
            row_point("t", {"epoch": [1, 2]})
        with self.assertRaises(ValidationError):
            row_point("t", {"nested": {"a": 1}})
        with self.assertRaises(ValidationError):
            row_point("t", {})

    def test_tables_become_rows(self):
        points = table_points("t", {"x": [1, 2, 3], "y": ["a", "b", float("inf")]})
        self.assertEqual([p["row"] for p in points],
                         [{"x": 1, "y": "a"}, {"x": 2, "y": "b"}, {"x": 3, "y": "Infinity"}])

    def test_tables_with_unequal_columns_are_refused(self):
        with self.assertRaisesRegex(ValidationError, "InvalidColumnLength"):
            table_points("t", {"x": [1, 2, 3], "y": [1, 2]})
        with self.assertRaises(ValidationError):
            table_points("t", {"x": 1})
        with self.assertRaises(ValidationError):
            table_points("t", [1, 2])


class ImageArgsTest(unittest.TestCase):
    def test_exactly_one_of_path_and_plot(self):
        class Plot:
            def savefig(self, path, **kwargs):
                pass

        with self.assertRaisesRegex(ValidationError, "both provided"):
            check_image_args("a.png", Plot())
        with self.assertRaisesRegex(ValidationError, "one of path and plot is required"):
            check_image_args(None, None)
        check_image_args("a.png", None)
        check_image_args(None, Plot())

    def test_paths_must_be_images_and_plots_must_save(self):
        with self.assertRaisesRegex(ValidationError, "not a recognized image"):
            check_image_args("model.pkl", None)
        with self.assertRaisesRegex(ValidationError, "savefig"):
            check_image_args(None, object())


if __name__ == "__main__":
    unittest.main()
