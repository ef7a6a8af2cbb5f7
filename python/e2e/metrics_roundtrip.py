"""NaN and infinities round trip, and get_metrics returns v1's shapes (asserted here, read back by the test)."""
import json
import math
import os
import shutil
import tempfile

from azureml.core import Run

run = Run.get_context()
run.log("nan", float("nan"))
run.log("inf", float("inf"))
run.log("ninf", float("-inf"))
run.log("one", 0.5)
for value in (1, 2, 3):
    run.log("many", value)
run.log_list("list", [1, float("nan"), 3])
run.log_row("row", a=1, b=float("inf"), c="text")
run.log_row("rows", epoch=1, acc=0.5)
run.log_row("rows", epoch=2, acc=0.75)
run.log_table("table", {"x": [1, 2, 3], "y": [1.5, None, True]})
png = os.path.join(tempfile.mkdtemp(), "confusion.png")
with open(png, "wb") as handle:
    handle.write(b"\x89PNG\r\n\x1a\n" + os.urandom(64))


class Plot:
    def savefig(self, path, **kwargs):
        with open(png, "rb") as source, open(path, "wb") as target:
            target.write(source.read())


run.log_image("confusion", path=png)
run.log_image("curve", plot=Plot())
run.flush()
shutil.rmtree(os.path.dirname(png))

metrics = run.get_metrics()
assert math.isnan(metrics["nan"]), metrics["nan"]
assert metrics["inf"] == float("inf") and metrics["ninf"] == float("-inf")
assert metrics["one"] == 0.5
assert metrics["many"] == [1, 2, 3]
assert metrics["list"][0] == 1 and math.isnan(metrics["list"][1]) and metrics["list"][2] == 3
assert metrics["row"] == {"a": 1, "b": float("inf"), "c": "text"}, metrics["row"]
assert metrics["rows"] == {"epoch": [1, 2], "acc": [0.5, 0.75]}, metrics["rows"]
assert metrics["table"] == {"x": [1, 2, 3], "y": [1.5, None, True]}, metrics["table"]
assert metrics["confusion"] == "confusion.png", metrics["confusion"]
assert metrics["curve"].startswith("curve_") and metrics["curve"] in run.get_file_names(), metrics["curve"]
assert run.get_metrics(name="one") == {"one": 0.5}
assert run.get_metrics(name="never-logged") == {}
print(json.dumps(sorted(metrics)))
