"""What every parameter type does: convert a JSON value to its type, and describe itself as a schema."""


class AbstractParameterType:
    """A parameter declared by a sample value."""

    def __init__(self, sample_input, enforce_column_type=True, enforce_shape=True):
        self.sample_input = sample_input
        self.enforce_column_type = enforce_column_type
        self.enforce_shape = enforce_shape

    def deserialize_input(self, input_data):
        """The JSON value `input_data` as this type."""
        raise NotImplementedError

    def input_to_swagger(self):
        """An OpenAPI-style schema of the sample, with the sample (as JSON) as its `example`."""
        raise NotImplementedError
