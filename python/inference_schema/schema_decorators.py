"""`@input_schema(name, ParamType(sample))` and `@output_schema(ParamType(sample))`, with v1's import path.

The input decorator converts the JSON value of its parameter to the declared type when run() is
called; both attach what they declare to the function: `__inference_schema_inputs__` (name → type),
`__inference_schema_output__` (a type), and their OpenAPI-style schemas `__input_schema__` and
`__output_schema__`, which the replica host reports for the endpoint's swagger.json.
"""
import functools
import inspect

from .schema_util import INPUTS_ATTR, OUTPUT_ATTR, refresh_schemas


def input_schema(param_name, param_type, convert_to_provided_type=True, optional=False):
    """Declares run()'s parameter `param_name` as `param_type` (converting the JSON value to it)."""
    def decorate(func):
        position = _position(func, param_name)

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            if convert_to_provided_type:
                args, kwargs = _converted(args, kwargs, param_name, position, param_type)
            return func(*args, **kwargs)

        # functools.wraps copied the inner declarations; this one goes first, as the decorators read top-down.
        inputs = {param_name: param_type}
        inputs.update({k: v for k, v in getattr(func, INPUTS_ATTR, {}).items() if k != param_name})
        setattr(wrapper, INPUTS_ATTR, inputs)
        wrapper.__inference_schema_optional__ = getattr(func, "__inference_schema_optional__", set()) | ({param_name} if optional else set())
        refresh_schemas(wrapper)
        return wrapper
    return decorate


def output_schema(output_type):
    """Declares what run() returns (for the schema only: the value is not converted)."""
    def decorate(func):
        setattr(func, OUTPUT_ATTR, output_type)
        refresh_schemas(func)
        return func
    return decorate


def _position(func, param_name):
    parameters = list(inspect.signature(func).parameters)
    if param_name not in parameters:
        raise ValueError("input_schema: %r is not a parameter of %s()" % (param_name, func.__name__))
    return parameters.index(param_name)


def _converted(args, kwargs, name, position, param_type):
    if name in kwargs:
        kwargs = dict(kwargs, **{name: param_type.deserialize_input(kwargs[name])})
    elif position < len(args):
        args = args[:position] + (param_type.deserialize_input(args[position]),) + args[position + 1:]
    return args, kwargs
