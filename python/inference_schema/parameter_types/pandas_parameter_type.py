"""A parameter that is a DataFrame with its sample's columns (v1's `PandasParameterType`)."""
from ._swagger import jsonable, schema_of_dtype
from .abstract_parameter_type import AbstractParameterType

_ORIENTS = ("records", "split", "index", "columns", "values", "table")


class PandasParameterType(AbstractParameterType):
    """The JSON, in the `orient` layout of `DataFrame.to_dict` (records by default), becomes a DataFrame."""

    def __init__(self, sample_input, enforce_column_type=True, enforce_shape=True, apply_column_names=False, orient="records"):
        super().__init__(sample_input, enforce_column_type, enforce_shape)
        if orient not in _ORIENTS:
            raise ValueError("orient must be one of %s" % ", ".join(_ORIENTS))
        self.apply_column_names = apply_column_names
        self.orient = orient

    def deserialize_input(self, input_data):
        """Columns in the sample's order and, with enforce_column_type, of the sample's dtypes."""
        frame = self._frame(input_data)
        columns = list(self.sample_input.columns)
        if self.apply_column_names and len(frame.columns) == len(columns):
            frame.columns = columns
        if self.enforce_shape and len(frame.columns) != len(columns):
            raise ValueError("Invalid input: %d columns where the sample has %d" % (len(frame.columns), len(columns)))
        if set(columns) <= set(frame.columns):
            frame = frame[columns]
            if self.enforce_column_type:
                frame = frame.astype(self.sample_input.dtypes.to_dict())
        return frame

    def _frame(self, data):
        import pandas as pd
        if self.orient in ("records", "values"):
            return pd.DataFrame(data)
        if self.orient == "split":
            return pd.DataFrame(data["data"], columns=data["columns"], index=data.get("index"))
        if self.orient == "table":
            return pd.DataFrame(data["data"]).drop(columns=["index"], errors="ignore")
        return pd.DataFrame.from_dict(data, orient=self.orient)

    def input_to_swagger(self):
        """Records: an array of objects with one property per column; other layouts: their shape of the sample."""
        sample = self.sample_input
        properties = {str(c): schema_of_dtype(sample[c].dtype) for c in sample.columns}
        row = {"type": "object", "required": list(properties), "properties": properties}
        if self.orient == "records":
            schema = {"type": "array", "items": row}
        elif self.orient == "values":
            schema = {"type": "array", "items": {"type": "array", "items": {}}}
        else:
            schema = {"type": "object"}
        schema["format"] = "pandas.DataFrame:" + self.orient
        schema["example"] = jsonable(sample.to_dict(orient=self.orient) if self.orient != "table" else sample.to_dict(orient="records"))
        return schema
