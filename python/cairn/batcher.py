"""The background metric uploader.

Logging calls only append to an in-memory queue; one daemon thread per run sends the queue in
batches of up to 10,000 points every ``interval`` seconds, or at once when the queue is large or
someone flushes. A batch keeps its key across retries, and the server stores a key once, so a batch
whose answer was lost is never stored twice.

- No answer, 429 or 5xx: the same batch is sent again with the same key, with back-off, until it is
  stored (the training loop never waits for this).
- Any other error: the batch is split by metric name so that one bad metric does not lose the
  others; what is still refused is reported on stderr once per metric name and dropped.
"""
import atexit
import collections
import os
import sys
import threading
import time
import uuid
import weakref

from .errors import FlushTimeoutError, is_transient

MAX_BATCH_POINTS = 10000
_live = weakref.WeakSet()
_atexit_lock = threading.Lock()
_atexit_registered = []


class MetricBatcher:
    """Queues metric points and delivers them in the background through ``send(batch_key, points)``."""

    def __init__(self, send, interval=0.5, max_batch=MAX_BATCH_POINTS, min_backoff=0.25, max_backoff=10.0,
                 stderr=None, label="run", idle_seconds=10.0):
        self._send = send
        self._interval = interval
        self._idle_seconds = idle_seconds
        self._max_batch = max_batch
        self._min_backoff = min_backoff
        self._max_backoff = max_backoff
        self._stderr = stderr
        self._label = label
        self._cond = threading.Condition()
        self._queue = collections.deque()
        self._enqueued = 0
        self._settled = 0
        self._flushing = 0
        self._thread = None
        self._reported = set()
        self._outage = False
        _register(self)

    @property
    def pending(self):
        """Points queued or in flight, not yet stored or dropped."""
        with self._cond:
            return self._enqueued - self._settled

    def add(self, points):
        """Queues points; returns at once."""
        with self._cond:
            self._queue.extend(points)
            self._enqueued += len(points)
            if self._thread is None:
                self._thread = threading.Thread(target=self._work, name="cairn-metrics-" + self._label, daemon=True)
                self._thread.start()
            if len(self._queue) >= self._max_batch:
                self._cond.notify_all()

    def flush(self, timeout_seconds=300):
        """Blocks until every point queued before the call is stored (or dropped as refused)."""
        deadline = time.monotonic() + timeout_seconds
        with self._cond:
            target = self._enqueued
            self._flushing += 1
            self._cond.notify_all()
            try:
                while self._settled < target:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        raise FlushTimeoutError(target - self._settled, timeout_seconds)
                    self._cond.wait(left)
            finally:
                self._flushing -= 1

    def _work(self):
        while True:
            batch = self._next_batch()
            if batch is None:
                return
            try:
                self._deliver(uuid.uuid4().hex, batch)
            except Exception as error:  # noqa: BLE001 - keep the thread alive so flush() cannot hang
                self._write("cairn: metric upload failed for %s: %r" % (self._label, error))
            with self._cond:
                self._settled += len(batch)
                self._cond.notify_all()

    def _next_batch(self):
        """The next batch to send; None when the queue stayed empty for `idle_seconds` (the thread then ends)."""
        with self._cond:
            idle_until = time.monotonic() + self._idle_seconds
            while not self._queue:
                left = idle_until - time.monotonic()
                if left <= 0:
                    self._thread = None  # add() starts a new one; an idle run holds no thread
                    return None
                self._cond.wait(left)
            if len(self._queue) < self._max_batch and not self._flushing:
                self._cond.wait(self._interval)
            count = min(len(self._queue), self._max_batch)
            return [self._queue.popleft() for _ in range(count)]

    def _deliver(self, key, points):
        error = self._send_until_answered(key, points)
        if error is None:
            return
        if error.status == 413 and len(points) > 1:
            half = len(points) // 2
            self._deliver(key + "a", points[:half])
            self._deliver(key + "b", points[half:])
            return
        names = list(collections.OrderedDict.fromkeys(p["name"] for p in points))
        if len(names) > 1:
            for index, name in enumerate(names):
                self._deliver("%s.%d" % (key, index), [p for p in points if p["name"] == name])
            return
        self._report(names[0], len(points), error)

    def _send_until_answered(self, key, points):
        """Sends one batch, again and again with the same key while the server cannot answer."""
        delay = self._min_backoff
        while True:
            try:
                self._send(key, points)
            except Exception as error:  # noqa: BLE001 - the training loop must never see this thread die
                if not is_transient(error):
                    return _as_cairn(error)
                self._note_outage(error)
                time.sleep(delay)
                delay = min(delay * 2, self._max_backoff)
                continue
            if self._outage:
                self._outage = False
                self._write("cairn: metrics for %s are being stored again" % self._label)
            return None

    def _note_outage(self, error):
        if not self._outage:
            self._outage = True
            self._write("cairn: cannot store metrics for %s yet (%s); retrying with the same batch key" % (self._label, error))

    def _report(self, name, count, error):
        if name in self._reported:
            return
        self._reported.add(name)
        self._write("cairn: metric %r of %s was refused and %d point(s) dropped: %s" % (name, self._label, count, error))

    def _write(self, line):
        stream = self._stderr or sys.stderr
        try:
            stream.write(line + "\n")
            stream.flush()
        except Exception:  # noqa: BLE001 - a closed stderr must not stop uploads
            pass


def _as_cairn(error):
    if getattr(error, "code", None) is not None and hasattr(error, "status"):
        return error
    from .errors import CairnError

    return CairnError("CLIENT_ERROR", "%s: %s" % (type(error).__name__, error))


def _forget_in_child():
    """After fork the sending thread is gone and the queue belongs to the parent: start empty."""
    for batcher in list(_live):
        batcher._cond = threading.Condition()
        batcher._queue.clear()
        batcher._enqueued = batcher._settled = batcher._flushing = 0
        batcher._thread = None


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_in_child)


def _register(batcher):
    _live.add(batcher)
    with _atexit_lock:
        if not _atexit_registered:
            atexit.register(flush_all_at_exit)
            _atexit_registered.append(True)


def flush_all_at_exit():
    """Flushes every live batcher; waits up to ``CAIRN_EXIT_FLUSH_TIMEOUT`` seconds (300) for each."""
    timeout = float(os.environ.get("CAIRN_EXIT_FLUSH_TIMEOUT", "300"))
    for batcher in list(_live):
        if batcher.pending:
            _flush_at_exit(batcher, timeout)


def _flush_at_exit(batcher, timeout):
    try:
        batcher.flush(min(2.0, timeout))
        return
    except FlushTimeoutError as error:
        if timeout <= 2.0:
            sys.stderr.write("cairn: %s\n" % error)
            return
        sys.stderr.write(
            "cairn: waiting up to %d s for %d metric point(s) to be stored (CAIRN_EXIT_FLUSH_TIMEOUT sets the wait)\n"
            % (timeout, error.pending)
        )
    try:
        batcher.flush(timeout - 2.0)
    except Exception as error:  # noqa: BLE001 - exiting anyway; say what was lost
        sys.stderr.write("cairn: %s\n" % error)
