"""Sample-based parameter types: standard Python values, numpy arrays and pandas DataFrames."""
