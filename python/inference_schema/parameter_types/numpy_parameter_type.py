"""A parameter that is a numpy array shaped and typed like its sample (v1's `NumpyParameterType`)."""
from ._swagger import jsonable, schema_of_dtype
from .abstract_parameter_type import AbstractParameterType


class NumpyParameterType(AbstractParameterType):
    """The JSON (nested lists; records as lists or objects) becomes an array of the sample's dtype."""

    def deserialize_input(self, input_data):
        """Raises ValueError when the shape after the first axis differs from the sample's (with enforce_shape)."""
        import numpy as np
        dtype = self.sample_input.dtype if self.enforce_column_type else None
        if dtype is not None and dtype.names:
            input_data = [_record(row, dtype.names) for row in input_data]
        array = np.array(input_data, dtype=dtype)
        if self.enforce_shape and array.shape[1:] != self.sample_input.shape[1:]:
            raise ValueError("Invalid input shape %s: expected (n, %s)" % (array.shape, ", ".join(map(str, self.sample_input.shape[1:]))))
        return array

    def input_to_swagger(self):
        """Arrays nested once per dimension around the dtype's schema; the sample is the example."""
        sample = self.sample_input
        schema = schema_of_dtype(sample.dtype)
        for _ in range(sample.ndim):
            schema = {"type": "array", "items": schema}
        schema["example"] = _example(sample)
        return schema


def _record(row, names):
    return tuple(row[name] for name in names) if isinstance(row, dict) else tuple(row)


def _example(sample):
    if sample.dtype.names:
        return [dict(zip(sample.dtype.names, jsonable(row.tolist()))) for row in sample.reshape(-1)]
    return jsonable(sample.tolist())
