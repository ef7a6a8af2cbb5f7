"""A parameter that is a plain Python value (v1's `StandardPythonParameterType`)."""
from ._swagger import jsonable, schema_of_value
from .abstract_parameter_type import AbstractParameterType


class StandardPythonParameterType(AbstractParameterType):
    """A sample of int, float, bool, str, list, tuple or dict; a list or dict may hold other parameter types."""

    def __init__(self, sample_input):
        super().__init__(sample_input)

    def deserialize_input(self, input_data):
        """Nested parameter types convert their part; a tuple sample makes a tuple; the rest is as sent."""
        sample = self.sample_input
        if isinstance(sample, dict) and isinstance(input_data, dict):
            return {k: _nested(sample.get(k), v) for k, v in input_data.items()}
        if isinstance(sample, (list, tuple)) and isinstance(input_data, list):
            items = [_nested(sample[min(i, len(sample) - 1)] if sample else None, v) for i, v in enumerate(input_data)]
            return tuple(items) if isinstance(sample, tuple) else items
        return input_data

    def input_to_swagger(self):
        """The schema of the sample, with it as the example."""
        return dict(schema_of_value(self.sample_input), example=jsonable(self.sample_input))


def _nested(sample, value):
    return sample.deserialize_input(value) if hasattr(sample, "deserialize_input") else value
