"""Dataset APIs of the azureml package against a real server: get_by_name, to_path, download,
to_pandas_dataframe of CSV and Parquet (when pandas is present) and the v1 not-found error; prints findings as JSON."""
import json
import os
import sys
import tempfile

from azureml.core import Dataset, Run
from azureml.core.dataset import DatasetNotFoundException

ws = Run.get_context().experiment.workspace
seen = {}
files = Dataset.get_by_name(ws, "numbers", version=1)
seen["id"] = files.id
seen["to_path"] = files.to_path()
target = tempfile.mkdtemp()
seen["download"] = sorted(os.path.relpath(p, target) for p in files.download(target_path=target))
seen["content"] = open(os.path.join(target, "nums", "a.txt")).read()
try:
    files.download(target_path=target)
except Exception as error:
    seen["again"] = type(error).__name__
table = Dataset.get_by_name(ws, "table")
seen["latest"] = table.version
seen["rows"] = table.profile["rowCount"] if table.profile else None
try:
    import pandas  # noqa: F401

    frame = table.to_pandas_dataframe()
    seen["frame"] = {"columns": list(frame.columns), "rows": len(frame), "sum": float(frame["x"].sum())}
    parquet = Dataset.get_by_name(ws, "pq").to_pandas_dataframe()
    seen["parquet"] = {"columns": list(parquet.columns), "ages": [int(a) for a in parquet["age"]], "cities": list(parquet["city"])}
except ImportError:
    seen["frame"] = "no pandas"
try:
    Dataset.get_by_name(ws, "numbers", version=9)
except DatasetNotFoundException as error:
    seen["missing"] = str(error)[:40]
seen["inputs"] = Run.get_context().input_datasets
print(json.dumps(seen))
sys.exit(0)
