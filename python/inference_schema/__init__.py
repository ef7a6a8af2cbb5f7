"""Cairn's stand-in for v1's `inference-schema` package: the `input_schema`/`output_schema` decorators
and the sample-based parameter types, so a v1 score.py that imports them serves unchanged. Standard
library only; numpy and pandas are used when the script's own samples are numpy or pandas values."""
