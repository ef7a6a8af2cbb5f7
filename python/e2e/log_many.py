"""Logs N points to the context run in a tight loop, then exits without flushing (the atexit hook must).

Usage: log_many.py N [ROUNDS [PAUSE_SECONDS]] - N points in ROUNDS rounds with a pause after each round.
"""
import sys
import time

from azureml.core import Run

count = int(sys.argv[1])
rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 1
pause = float(sys.argv[3]) if len(sys.argv) > 3 else 0.0
run = Run.get_context()
assert not run.id.startswith("OfflineRun_"), "expected a context run from the environment"
started = time.monotonic()
per_round = count // rounds
for round_index in range(rounds):
    for step in range(round_index * per_round, (round_index + 1) * per_round):
        run.log("x", step, step=step)
    if pause:
        time.sleep(pause)
print("logged %d points in %.2f s" % (count, time.monotonic() - started), flush=True)
run.complete()  # a submitted run: flushes, leaves the status to the runner
