"""The background metric uploader against a local stub of a flaky server."""
import io
import os
import socket
import threading
import time
import unittest

import support  # noqa: F401
from cairn import CairnClient, FlushTimeoutError, Run
from cairn.batcher import _live
from support import StubServer, batch_points, error


class MetricStore:
    """A stub metrics route: fails the first `failures` calls with `status`, then stores each batch key once."""

    def __init__(self, failures=0, status=503, refuse=None):
        self.failures = failures
        self.status = status
        self.refuse = refuse or {}
        self.keys_seen = []
        self.stored = {}
        self.lock = threading.Lock()

    def __call__(self, request):
        if not request.path.endswith("/metrics") or request.method != "POST":
            return 404, {"error": {"code": "ROUTE_NOT_FOUND", "message": request.path}}
        body = request.json
        with self.lock:
            self.keys_seen.append(body["batchKey"])
            if self.failures > 0:
                self.failures -= 1
                return error(self.status, "INTERNAL", "try again")
            points = batch_points(body)
            bad = [p["name"] for p in points if p["name"] in self.refuse]
            if bad:
                return error(409, self.refuse[bad[0]], "metric %s refused" % bad[0])
            duplicate = body["batchKey"] in self.stored
            self.stored.setdefault(body["batchKey"], points)
            return 200, {"accepted": len(points), "duplicate": duplicate}

    def points(self):
        with self.lock:
            return [p for batch in self.stored.values() for p in batch]


def make_run(url):
    return Run(CairnClient(url, "token", retries=1), "default", "run-1")


def quiet(run):
    """Gives the run a batcher whose stderr lines are captured."""
    from cairn.batcher import MetricBatcher

    captured = io.StringIO()
    run._batcher = MetricBatcher(run._send_batch, stderr=captured, min_backoff=0.05, max_backoff=0.2)
    return captured


class RetryTest(unittest.TestCase):
    def test_server_errors_are_retried_with_the_same_batch_key_and_stored_once(self):
        store = MetricStore(failures=2, status=503)
        with StubServer(store) as server:
            run = make_run(server.url)
            captured = quiet(run)
            for step in range(10):
                run.log("loss", 1.0 / (step + 1), step=step)
            run.flush(timeout_seconds=10)
        self.assertEqual(len(store.keys_seen), 3)
        self.assertEqual(len(set(store.keys_seen)), 1, "a retried batch must keep its key")
        self.assertEqual([p["step"] for p in store.points()], list(range(10)))
        self.assertIn("retrying with the same batch key", captured.getvalue())

    def test_429_is_retried_too(self):
        store = MetricStore(failures=1, status=429)
        with StubServer(store) as server:
            run = make_run(server.url)
            quiet(run)
            run.log("a", 1)
            run.flush(10)
        self.assertEqual(len(store.keys_seen), 2)
        self.assertEqual(len(store.points()), 1)

    def test_refused_connections_are_retried_until_the_server_starts(self):
        port = _free_port()
        store = MetricStore()
        run = make_run("http://127.0.0.1:%d" % port)
        quiet(run)
        run.log("acc", 0.5)
        run.log("acc", float("nan"))
        time.sleep(0.6)  # the first sends meet a closed port
        self.assertEqual(store.keys_seen, [])
        with StubServer(store, port=port):
            run.flush(timeout_seconds=10)
        self.assertEqual([p["value"] for p in store.points()], [0.5, "NaN"])
        self.assertEqual(len(set(store.keys_seen)), 1)

    def test_logging_does_not_wait_for_an_unreachable_server(self):
        run = make_run("http://127.0.0.1:%d" % _free_port())
        quiet(run)
        self.addCleanup(_live.discard, run._batcher)  # nothing will store these; do not wait at exit
        started = time.monotonic()
        for step in range(20000):
            run.log("loss", step * 0.5, step=step)
        self.assertLess(time.monotonic() - started, 5.0)
        self.assertEqual(run._batcher.pending, 20000)
        with self.assertRaises(FlushTimeoutError) as caught:
            run.flush(timeout_seconds=0.3)
        self.assertEqual(caught.exception.code, "FLUSH_TIMEOUT")


class BatchingTest(unittest.TestCase):
    def test_large_queues_go_in_batches_of_at_most_10000(self):
        store = MetricStore()
        with StubServer(store) as server:
            run = make_run(server.url)
            quiet(run)
            for step in range(25000):
                run.log("x", step, step=step)
            run.flush(30)
            sizes = [len(batch_points(r.json)) for r in server.matching("POST", "/metrics")]
        self.assertEqual(sum(sizes), 25000)
        self.assertLessEqual(max(sizes), 10000)
        self.assertEqual(sorted(p["value"] for p in store.points()), list(range(25000)))

    def test_the_sending_thread_ends_when_idle_and_comes_back_for_new_points(self):
        from cairn.batcher import MetricBatcher

        store = MetricStore()
        with StubServer(store) as server:
            run = make_run(server.url)
            run._batcher = MetricBatcher(run._send_batch, idle_seconds=0.2, interval=0.05)
            run.log("a", 1)
            first = run._batcher._thread
            run.flush(10)
            first.join(5)
            self.assertFalse(first.is_alive())
            run.log("a", 2)
            run.flush(10)
        self.assertEqual([p["value"] for p in store.points()], [1, 2])

    def test_flush_with_nothing_logged_returns_at_once(self):
        run = make_run("http://127.0.0.1:%d" % _free_port())
        run.flush(timeout_seconds=0.1)


class RefusedTest(unittest.TestCase):
    def test_a_refused_metric_is_reported_once_and_dropped_while_others_are_stored(self):
        store = MetricStore(refuse={"bad": "METRIC_KIND_MISMATCH"})
        with StubServer(store) as server:
            run = make_run(server.url)
            captured = quiet(run)
            for step in range(3):
                run.log("good", step)
                run.log("bad", step)
            run.flush(10)
            run.log("bad", 99)
            run.flush(10)
        self.assertEqual([p["value"] for p in store.points() if p["name"] == "good"], [0, 1, 2])
        self.assertFalse([p for p in store.points() if p["name"] == "bad"])
        lines = [line for line in captured.getvalue().splitlines() if "refused" in line]
        self.assertEqual(len(lines), 1, captured.getvalue())
        self.assertIn("'bad'", lines[0])
        self.assertIn("METRIC_KIND_MISMATCH", lines[0])


class ForkTest(unittest.TestCase):
    @unittest.skipUnless(hasattr(os, "fork"), "needs fork")
    def test_a_forked_child_sends_its_own_points_and_not_the_parents(self):
        store = MetricStore()
        with StubServer(store) as server:
            run = make_run(server.url)
            quiet(run)
            run.log("parent", 1)
            pid = os.fork()
            if pid == 0:  # the child: log, flush, leave without running the parent's cleanups
                try:
                    run.log("child", 2)
                    run.flush(10)
                finally:
                    os._exit(0)
            self.assertTrue(_child_exited(pid, timeout=20), "the forked child hung")
            run.flush(10)
        names = sorted(p["name"] for p in store.points())
        self.assertEqual(names, ["child", "parent"])


def _child_exited(pid, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if os.waitpid(pid, os.WNOHANG)[0] == pid:
            return True
        time.sleep(0.05)
    os.kill(pid, 9)
    os.waitpid(pid, 0)
    return False


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


if __name__ == "__main__":
    unittest.main()
