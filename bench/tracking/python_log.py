"""Logs 100,000 points from a loop with the v1 API, as a training script would, and times it.

Prints one JSON line: seconds until the loop ends, until every point is durable (run.flush()), and
for a loop that only appends to a list (the floor any logging call sits on).
"""
import json
import time

from azureml.core import Run

POINTS = 100_000

run = Run.get_context()
start = time.perf_counter()
for step in range(POINTS):
    run.log("loss", 1.0 / (step + 1), step=step)
loop = time.perf_counter() - start
run.flush()
durable = time.perf_counter() - start

floor_list = []
floor_start = time.perf_counter()
for step in range(POINTS):
    floor_list.append(("loss", 1.0 / (step + 1), step))
floor = time.perf_counter() - floor_start

print(json.dumps({"loop": loop, "durable": durable, "floor": floor}))
