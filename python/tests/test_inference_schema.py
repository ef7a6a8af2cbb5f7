"""The inference-schema stand-in: conversion of each parameter type, and the schemas it attaches."""
import json
import unittest

import support  # noqa: F401  (puts python/ on sys.path)
from inference_schema.parameter_types.numpy_parameter_type import NumpyParameterType
from inference_schema.parameter_types.pandas_parameter_type import PandasParameterType
from inference_schema.parameter_types.standard_py_parameter_type import StandardPythonParameterType
from inference_schema.schema_decorators import input_schema, output_schema
from inference_schema.schema_util import get_input_schema, get_output_schema, is_schema_decorated

import numpy as np
import pandas as pd


class NumpyTest(unittest.TestCase):
    def setUp(self):
        @input_schema("data", NumpyParameterType(np.array([[1.5, 2.0]], dtype="float32")))
        @output_schema(StandardPythonParameterType([3.5]))
        def run(data):
            return data

        self.run = run

    def test_converts_to_the_sample_dtype_by_keyword_and_position(self):
        for got in (self.run(data=[[1, 2], [3, 4]]), self.run([[1, 2], [3, 4]])):
            self.assertIsInstance(got, np.ndarray)
            self.assertEqual(got.dtype, np.float32)
            self.assertEqual(got.shape, (2, 2))

    def test_refuses_another_shape(self):
        with self.assertRaises(ValueError):
            self.run(data=[[1, 2, 3]])

    def test_schemas(self):
        schema = get_input_schema(self.run)
        self.assertEqual(schema["properties"]["data"], {
            "type": "array", "items": {"type": "array", "items": {"type": "number", "format": "float"}}, "example": [[1.5, 2.0]],
        })
        self.assertEqual(schema["example"], {"data": [[1.5, 2.0]]})
        self.assertEqual(get_output_schema(self.run), {"type": "array", "items": {"type": "number", "format": "double"}, "example": [3.5]})
        self.assertEqual(self.run.__input_schema__, schema)
        self.assertTrue(is_schema_decorated(self.run))
        json.dumps(schema)

    def test_structured_dtype_takes_objects(self):
        sample = np.array([(1, 2.0)], dtype=[("a", "int32"), ("b", "float64")])
        kind = NumpyParameterType(sample)
        got = kind.deserialize_input([{"a": 5, "b": 6.5}])
        self.assertEqual(got["a"][0], 5)
        self.assertEqual(kind.input_to_swagger()["items"]["properties"]["a"], {"type": "integer", "format": "int32"})
        self.assertEqual(kind.input_to_swagger()["example"], [{"a": 1, "b": 2.0}])


class PandasTest(unittest.TestCase):
    def test_records_become_a_frame_with_the_sample_columns_and_dtypes(self):
        sample = pd.DataFrame({"age": [30], "bmi": [22.5], "name": ["x"]})
        kind = PandasParameterType(sample)
        frame = kind.deserialize_input([{"bmi": 1, "age": 2, "name": "y"}])
        self.assertEqual(list(frame.columns), ["age", "bmi", "name"])
        self.assertEqual(frame["bmi"].dtype, np.float64)
        swagger = kind.input_to_swagger()
        self.assertEqual(swagger["format"], "pandas.DataFrame:records")
        self.assertEqual(swagger["items"]["properties"]["age"], {"type": "integer", "format": "int64"})
        self.assertEqual(swagger["example"], [{"age": 30, "bmi": 22.5, "name": "x"}])

    def test_split_orient(self):
        kind = PandasParameterType(pd.DataFrame({"a": [1]}), orient="split")
        frame = kind.deserialize_input({"columns": ["a"], "data": [[4], [5]]})
        self.assertEqual(frame["a"].tolist(), [4, 5])


class StandardTest(unittest.TestCase):
    def test_nested_types_convert_and_describe_themselves(self):
        kind = StandardPythonParameterType({"x": NumpyParameterType(np.array([1, 2], dtype="int16")), "k": 3})
        got = kind.deserialize_input({"x": [7, 8], "k": 4})
        self.assertEqual(got["x"].dtype, np.int16)
        self.assertEqual(got["k"], 4)
        swagger = kind.input_to_swagger()
        self.assertEqual(swagger["required"], ["x", "k"])
        self.assertEqual(swagger["properties"]["k"], {"type": "integer", "format": "int64"})
        self.assertEqual(swagger["example"], {"x": [1, 2], "k": 3})

    def test_decorators_keep_declared_order_and_defaults(self):
        @input_schema("text", StandardPythonParameterType("hello"))
        @input_schema("beam", StandardPythonParameterType(3), convert_to_provided_type=False)
        def run(text, beam=5):
            return text, beam

        self.assertEqual(list(get_input_schema(run)["properties"]), ["text", "beam"])
        self.assertEqual(run(text="a"), ("a", 5))
        self.assertEqual(get_output_schema(run), {})

    def test_unknown_parameter_is_refused_when_decorating(self):
        with self.assertRaises(ValueError):
            input_schema("nope", StandardPythonParameterType(1))(lambda data: data)


if __name__ == "__main__":
    unittest.main()
