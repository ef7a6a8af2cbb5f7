"""Schemas of JSON-like values and of numpy dtypes, shared by the parameter types."""

_INTEGER_FORMATS = {"int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"}
_NUMBER_FORMATS = {"float16": "float", "float32": "float", "float64": "double"}


def schema_of_value(value):
    """The schema of a plain Python value (nested parameter types describe themselves)."""
    if hasattr(value, "input_to_swagger"):
        return value.input_to_swagger()
    if isinstance(value, bool):
        return {"type": "boolean"}
    if isinstance(value, int):
        return {"type": "integer", "format": "int64"}
    if isinstance(value, float):
        return {"type": "number", "format": "double"}
    if isinstance(value, str):
        return {"type": "string"}
    if isinstance(value, (list, tuple)):
        return {"type": "array", "items": schema_of_value(value[0]) if value else {}}
    if isinstance(value, dict):
        return {"type": "object", "required": list(value), "properties": {k: schema_of_value(v) for k, v in value.items()}}
    if value is None:
        return {"type": "object", "nullable": True}
    return {"type": "string"}


def schema_of_dtype(dtype):
    """The schema of one element of a numpy dtype (a structured dtype is an object of its fields)."""
    if dtype.fields:
        properties = {}
        for name in dtype.names:
            field = dtype.fields[name][0]
            item = schema_of_dtype(field.base)
            for _ in field.shape:
                item = {"type": "array", "items": item}
            properties[name] = item
        return {"type": "object", "required": list(dtype.names), "properties": properties}
    name = dtype.name
    if name in _INTEGER_FORMATS:
        return {"type": "integer", "format": name}
    if name in _NUMBER_FORMATS:
        return {"type": "number", "format": _NUMBER_FORMATS[name]}
    if name == "bool":
        return {"type": "boolean"}
    if dtype.kind == "M":
        return {"type": "string", "format": "date-time"}
    return {"type": "string"}


def jsonable(value):
    """`value` with numpy scalars, arrays and timestamps turned into JSON values (for examples)."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if hasattr(value, "input_to_swagger"):
        return value.input_to_swagger().get("example")
    if hasattr(value, "tolist"):
        return jsonable(value.tolist())
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)
