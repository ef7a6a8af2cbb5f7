"""A probe for ADR 21, not a product: how fast can a replica be that answers its clients itself?

WORKERS processes share one SO_REUSEPORT listening socket on 127.0.0.1:PORT and each serves HTTP/1.1
keep-alive POSTs with `score.run(body)` of SCORE_DIR/score.py (init() once, as a replica does, then
gc.freeze()): one hop from the client to Python, no gateway. It does none of the gateway's work (no
key check, queue, timeout, telemetry, v1 status codes); it measures the ceiling of that design.

    SCORE_DIR=dir AZUREML_MODEL_DIR=dir python3 bench/serving/one_hop_probe.py PORT WORKERS
"""
import gc
import json
import os
import selectors
import socket
import sys

sys.path.insert(0, os.environ["SCORE_DIR"])
import score  # noqa: E402

score.init()
gc.freeze()


def content_length(head):
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return int(value)
    return 0


def answer(connection, buffer):
    """Answers every whole request in `buffer`; returns what is left of it."""
    while True:
        end = buffer.find(b"\r\n\r\n")
        if end < 0:
            return buffer
        length = content_length(buffer[:end])
        if len(buffer) < end + 4 + length:
            return buffer
        body, buffer = buffer[end + 4:end + 4 + length], buffer[end + 4 + length:]
        out = json.dumps(score.run(body.decode())).encode()
        connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s" % (len(out), out))


def serve(port):
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    listener.bind(("127.0.0.1", port))
    listener.listen(128)
    listener.setblocking(False)
    selector = selectors.DefaultSelector()
    selector.register(listener, selectors.EVENT_READ)
    buffers = {}
    while True:
        for key, _ in selector.select():
            if key.fileobj is listener:
                try:
                    connection, _ = listener.accept()
                except BlockingIOError:
                    continue
                connection.setblocking(False)
                connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                buffers[connection] = b""
                selector.register(connection, selectors.EVENT_READ)
                continue
            connection = key.fileobj
            try:
                data = connection.recv(65536)
            except BlockingIOError:
                continue
            except ConnectionError:
                data = b""
            if not data:
                selector.unregister(connection)
                connection.close()
                del buffers[connection]
                continue
            buffers[connection] = answer(connection, buffers[connection] + data)


if __name__ == "__main__":
    port, workers = int(sys.argv[1]), int(sys.argv[2])
    for _ in range(workers - 1):
        if os.fork() == 0:
            break
    serve(port)
