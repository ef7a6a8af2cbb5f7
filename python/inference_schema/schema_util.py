"""Reading the schemas the decorators attached to a function (v1's `inference_schema.schema_util`)."""

INPUTS_ATTR = "__inference_schema_inputs__"
OUTPUT_ATTR = "__inference_schema_output__"


def is_schema_decorated(func):
    """True when `func` carries input or output declarations."""
    return bool(getattr(func, INPUTS_ATTR, None)) or getattr(func, OUTPUT_ATTR, None) is not None


def get_input_schema(func):
    """The JSON body run() takes: an object with one property per declared parameter, and its example."""
    inputs = getattr(func, INPUTS_ATTR, {})
    properties = {name: kind.input_to_swagger() for name, kind in inputs.items()}
    schema = {"type": "object", "properties": properties}
    if properties:
        schema["example"] = {name: prop.get("example") for name, prop in properties.items()}
    return schema


def get_output_schema(func):
    """The schema of what run() answers, or {} when it declares none."""
    output = getattr(func, OUTPUT_ATTR, None)
    return output.input_to_swagger() if output is not None else {}


def refresh_schemas(func):
    """Recomputes `__input_schema__` and `__output_schema__` after a decorator added a declaration."""
    func.__input_schema__ = get_input_schema(func)
    func.__output_schema__ = get_output_schema(func)
