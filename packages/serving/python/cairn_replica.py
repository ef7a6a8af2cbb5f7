"""Cairn replica host: runs an Azure ML v1 entry script behind the gateway.

The gateway talks to this process over one socket inherited as file descriptor 3 (not stdout, so
the script's own prints stay in its log). Every frame is a 4-byte big-endian length, then:

  request  (gateway -> replica): u32 id, u8 op, payload       op 1 = score, payload = UTF-8 body
                                                              op 2 = score by a deadline: f64
                                                              time.monotonic() seconds, then the body
                                                              op 3 = HTTP request (@rawhttp): u32 n,
                                                              n bytes of JSON {method, path, headers},
                                                              then the body as sent
                                                              op 4 = op 3 by a deadline (f64 first)
  response (replica -> gateway): u32 id, u16 status, u32 run() microseconds, payload (JSON bytes);
                                 status | 0x8000: the payload is u32 n, n bytes of a JSON object of
                                 headers, then the body (run() returned an AMLResponse)

Frame id 0 from the replica is the ready signal sent once init() returned, its payload
{"mode": "plain" | "schema" | "raw"}: how run() takes requests, so the gateway applies v1's checks
(415 for a non-JSON POST to a decorated run()) and sends the HTTP request only to a @rawhttp one.
init() raising prints the traceback and exits with code 3, as v1's worker does. Standard library only.

CAIRN_REPLICA_CONCURRENCY (default 1) is how many requests run() may work on at once. At 1 the host
reads, scores and answers one frame at a time on the main thread: v1's run() may not be thread-safe,
and a strictly serial loop is also the fastest. Above 1, a reader thread hands frames to that many
worker threads, and answers (in any order, matched by id) go out under one lock.

The gateway may send a frame while run() is still busy (op 2), so the next one is already here when
run() returns; if its queue-wait deadline passed by the time a worker gets to it, it is answered 503
without calling run(), as the gateway would have answered it from its own queue.

When inference-schema decorators declare run()'s inputs (v1's decorated mode), the body must be a JSON
object whose members are passed by name (400 otherwise, run() not called), and the declared schemas
go to stderr once, as a `cairn-schema {json}` line, before init(): the server builds swagger.json from
it. A `@rawhttp` run() gets an AMLRequest (python/azureml/contrib/services) and may return an
AMLResponse; @rawhttp with @input_schema is refused before init().

After init(), what init() loaded is moved out of the cyclic garbage collector's reach (gc.freeze): a
model's objects live as long as the process, and a full collection would walk them all while a
request waits.
"""
import gc
import importlib.util
import inspect
import json
import os
import queue
import socket
import struct
import sys
import threading
import time
import traceback
import types

CHANNEL_FD = 3
OP_SCORE = 1
OP_SCORE_BY = 2
OP_HTTP = 3
OP_HTTP_BY = 4
WITH_HEADERS = 0x8000
WAITED_TOO_LONG = b'{"message": "The request waited for a free replica over the queue wait limit"}'
RUN_FAILED = b'{"message": "An unexpected error occurred in scoring script. Check the logs for more info."}'
NOT_JSON = b'{"message": "The scoring script returned a value that is not JSON serializable. Check the logs for more info."}'
HEAD = struct.Struct(">I")
REQUEST_HEAD = struct.Struct(">IB")
RESPONSE_HEAD = struct.Struct(">IIHI")
DEADLINE = struct.Struct(">d")
NOT_A_DICT = b'{"message": "POST body should be a JSON dictionary."}'
EMPTY_BODY = b'{"message": "POST body is empty. Please provide a JSON dictionary."}'
SCHEMA_MARKER = "cairn-schema "


class BadRequest(Exception):
    """A body run() cannot take (decorated mode): answered 400 with `body`, run() not called."""

    def __init__(self, body):
        super().__init__(body)
        self.body = body


def log(message):
    sys.stderr.write("00000000-0000-0000-0000-000000000000 | %s\n" % message)
    sys.stderr.flush()


def load_entry_script(path):
    """Imports the entry script as module `main` (v1's name for it), with its folder on sys.path."""
    folder = os.path.dirname(os.path.abspath(path))
    if folder not in sys.path:
        sys.path.insert(0, folder)
    spec = importlib.util.spec_from_file_location("main", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["main"] = module
    spec.loader.exec_module(module)
    if not callable(getattr(module, "run", None)):
        raise RuntimeError("the entry script %s defines no run() function" % path)
    return module


def wants_headers(run):
    try:
        return "request_headers" in inspect.signature(run).parameters
    except (TypeError, ValueError):
        return False


def report_schemas(run):
    """One stderr line with the inference-schema decorators' schemas, read by the server for swagger.json."""
    inputs, output = getattr(run, "__input_schema__", None), getattr(run, "__output_schema__", None)
    if inputs or output:
        sys.stderr.write(SCHEMA_MARKER + json.dumps({"input": inputs, "output": output}, default=str) + "\n")
        sys.stderr.flush()


def run_mode(run):
    """How run() takes requests: 'raw' (@rawhttp), 'schema' (@input_schema), else 'plain'."""
    raw = getattr(run, "__rawhttp__", False)
    schema = bool(getattr(run, "__inference_schema_inputs__", None))
    if raw and schema:
        raise RuntimeError("run() is decorated with both @rawhttp and @input_schema: a @rawhttp run() takes the "
                           "HTTP request itself, so it cannot declare its inputs; remove one of the two decorators")
    return "raw" if raw else "schema" if schema else "plain"


def keyword_mode(module):
    """v1's decorated mode when @input_schema declares run()'s inputs: the JSON body's members by name."""
    run = module.run
    if not getattr(run, "__inference_schema_inputs__", None):
        return module
    params = [p for p in inspect.signature(run).parameters.values() if p.name != "request_headers"]
    headers = {"request_headers": {}} if wants_headers(run) else {}
    return types.SimpleNamespace(run=lambda text: run(**keyword_arguments(params, text), **headers))


def keyword_arguments(params, text):
    if not text.strip():
        raise BadRequest(EMPTY_BODY)
    try:
        body = json.loads(text)
    except ValueError:
        raise BadRequest(NOT_A_DICT) from None
    if not isinstance(body, dict):
        raise BadRequest(NOT_A_DICT)
    missing = [p.name for p in params if p.name not in body and p.default is inspect.Parameter.empty]
    if missing:
        raise BadRequest(json.dumps({"message": "A value is not provided for the '%s' parameter." % missing[0]}).encode("utf-8"))
    return {p.name: body[p.name] for p in params if p.name in body}


def read_exact(stream, size):
    data = stream.read(size)
    if data is None or len(data) < size:
        return None
    return data


def send(sock, request_id, status, micros, payload):
    frame = RESPONSE_HEAD.pack(len(payload) + 10, request_id, status, micros) + payload
    sock.sendall(frame)


def score(run, payload, with_headers):
    """Calls run() on one body; returns (status, micros, payload bytes). The traceback goes to the log only."""
    text = payload.decode("utf-8")
    return call(lambda: run(text, request_headers={}) if with_headers else run(text))


def score_raw(run, payload):
    """Calls a @rawhttp run() with the HTTP request (op 3 payload: u32 n, n bytes of JSON, the body)."""
    return call(lambda: run(http_request(payload)))


def http_request(payload):
    # Imported here: only @rawhttp scripts need azureml on the path, and they import it themselves.
    from azureml.contrib.services.aml_request import AMLRequest
    (size,) = HEAD.unpack_from(payload)
    meta = json.loads(payload[4:4 + size])
    return AMLRequest(meta["method"], meta["path"], meta["headers"], payload[4 + size:])


def call(invoke):
    started = time.perf_counter()
    try:
        result = invoke()
    except BadRequest as refused:
        return 400, 0, refused.body
    except Exception:
        micros = int((time.perf_counter() - started) * 1e6)
        log("Encountered Exception in run():\n" + traceback.format_exc())
        return 500, micros, RUN_FAILED
    micros = int((time.perf_counter() - started) * 1e6)
    if is_response(result):
        return response_frame(result, micros)
    try:
        return 200, micros, json.dumps(result).encode("utf-8")
    except (TypeError, ValueError):
        log("run() returned a value that is not JSON serializable:\n" + traceback.format_exc())
        return 500, micros, NOT_JSON


def is_response(result):
    """An HTTP response object (AMLResponse, or any Flask-like one): passed through as v1 does."""
    return hasattr(result, "status_code") and callable(getattr(result, "get_data", None))


def response_frame(response, micros):
    headers = json.dumps({str(k): str(v) for k, v in response.headers.items()}).encode("utf-8")
    body = response.get_data()
    return int(response.status_code) | WITH_HEADERS, micros, HEAD.pack(len(headers)) + headers + body


def frames(sock):
    """Yields (request id, op, payload) until the gateway closes the socket."""
    stream = sock.makefile("rb", buffering=1 << 16)
    while True:
        head = read_exact(stream, 4)
        if head is None:
            return
        (length,) = HEAD.unpack(head)
        frame = read_exact(stream, length)
        if frame is None:
            return
        request_id, op = REQUEST_HEAD.unpack_from(frame)
        yield request_id, op, frame[5:]


def answer(run, with_headers, request_id, op, payload):
    if op == OP_SCORE_BY or op == OP_HTTP_BY:
        (deadline,) = DEADLINE.unpack_from(payload)
        if time.monotonic() > deadline:
            return request_id, 503, 0, WAITED_TOO_LONG
        payload = payload[DEADLINE.size:]
        op -= 1
    if op == OP_SCORE:
        return (request_id,) + score(run, payload, with_headers)
    if op == OP_HTTP:
        return (request_id,) + score_raw(run, payload)
    return request_id, 500, 0, b'{"message": "unknown operation"}'


def serve(module, sock):
    run = module.run
    with_headers = wants_headers(run)
    for request_id, op, payload in frames(sock):
        send(sock, *answer(run, with_headers, request_id, op, payload))


def serve_concurrently(module, sock, workers):
    """Up to `workers` run() calls at once; the main thread only reads frames."""
    run = module.run
    with_headers = wants_headers(run)
    work = queue.SimpleQueue()
    lock = threading.Lock()

    def worker():
        while True:
            item = work.get()
            if item is None:
                return
            response = answer(run, with_headers, *item)
            with lock:
                send(sock, *response)

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for item in frames(sock):
        work.put(item)
    for _ in threads:
        work.put(None)
    for thread in threads:
        thread.join()


def main():
    entry = os.environ.get("AZUREML_ENTRY_SCRIPT")
    if not entry:
        log("AZUREML_ENTRY_SCRIPT is not set")
        sys.exit(3)
    sock = socket.socket(fileno=CHANNEL_FD)
    try:
        module = load_entry_script(entry)
        mode = run_mode(module.run)
        report_schemas(module.run)
        if callable(getattr(module, "init", None)):
            module.init()
    except Exception:
        log("Encountered Exception in init():\n" + traceback.format_exc())
        sys.exit(3)
    gc.collect()
    gc.freeze()
    module = keyword_mode(module)
    workers = int(os.environ.get("CAIRN_REPLICA_CONCURRENCY", "1") or "1")
    log("init() done; ready (%d concurrent request%s, %s mode)" % (workers, "" if workers == 1 else "s", mode))
    send(sock, 0, 200, 0, json.dumps({"mode": mode}).encode("utf-8"))
    if workers > 1:
        serve_concurrently(module, sock, workers)
    else:
        serve(module, sock)


if __name__ == "__main__":
    main()
