"""CairnClient over HTTP: the server's error codes, connection errors, streamed uploads and downloads."""
import io
import json
import math
import os
import socket
import tempfile
import unittest

import support  # noqa: F401
from cairn import CairnClient, CairnConnectionError, CairnError, wire
from support import StubServer, error, run_json


class ErrorTest(unittest.TestCase):
    def test_server_errors_keep_code_status_and_message(self):
        with StubServer(lambda r: error(409, "PROPERTY_IMMUTABLE", "property lr already has value 0.1")) as server:
            client = CairnClient(server.url, "secret-token")
            with self.assertRaises(CairnError) as caught:
                client.add_properties("default", "run-1", {"lr": "0.2"})
        err = caught.exception
        self.assertEqual((err.code, err.status), ("PROPERTY_IMMUTABLE", 409))
        self.assertEqual(err.message, "property lr already has value 0.1")
        self.assertNotIsInstance(err, CairnConnectionError)

    def test_a_body_that_is_not_an_error_body_still_gives_the_status(self):
        with StubServer(lambda r: (502, b"<html>bad gateway</html>")) as server:
            with self.assertRaises(CairnError) as caught:
                CairnClient(server.url, "t", retries=1).get_run("default", "r")
        self.assertEqual((caught.exception.code, caught.exception.status), ("HTTP_502", 502))

    def test_no_server_is_a_connection_error(self):
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        with self.assertRaises(CairnConnectionError) as caught:
            CairnClient("http://127.0.0.1:%d" % port, "t", retries=1).get_run("default", "r")
        self.assertEqual(caught.exception.code, "CONNECTION_FAILED")
        self.assertIsNone(caught.exception.status)

    def test_gets_are_retried_when_the_server_is_briefly_down(self):
        answers = [error(503, "INTERNAL"), (200, run_json())]
        with StubServer(lambda r: answers.pop(0)) as server:
            client = CairnClient(server.url, "t")
            client._http.backoff = 0.01
            self.assertEqual(client.get_run("default", "run-1")["id"], "run-1")
            self.assertEqual(len(server.requests), 2)


class RequestTest(unittest.TestCase):
    def test_requests_carry_the_token_and_escape_path_segments(self):
        with StubServer(lambda r: (200, run_json("a b/c"))) as server:
            CairnClient(server.url + "/", "secret-token").get_run("default", "a b/c")
            request = server.requests[0]
        self.assertEqual(request.headers["Authorization"], "Bearer secret-token")
        self.assertEqual(request.raw_path, "/api/v1/workspaces/default/runs/a%20b%2Fc")

    def test_an_api_url_is_not_doubled(self):
        with StubServer(lambda r: (200, {"items": []})) as server:
            CairnClient(server.url + "/api/v1", "t").list_workspaces()
            self.assertEqual(server.requests[0].path, "/api/v1/workspaces")

    def test_metric_batches_carry_nan_natively_in_float64_columns_and_as_strings_in_json(self):
        with StubServer(lambda r: (200, {"accepted": 3, "duplicate": False})) as server:
            points = [
                {"name": "m", "kind": "scalar", "timestamp": 1, "value": float("nan")},
                {"name": "n", "kind": "scalar", "timestamp": 1, "value": float("nan")},
                {"name": "n", "kind": "scalar", "timestamp": 1, "value": None},
            ]
            CairnClient(server.url, "t").log_metrics("default", "r", "key-1", points)
            body = server.requests[0].body.decode()
        self.assertIn('"batchKey":"key-1"', body)
        m, n = json.loads(body)["series"]
        self.assertEqual(m["encoding"], "f64le-base64")
        self.assertTrue(math.isnan(wire.float64s_from_base64(m["values"])[0]))
        self.assertEqual(n["values"], ["NaN", None])


class FileTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp()
        self.addCleanup(_remove_tree, self.dir)

    def test_a_file_is_streamed_with_its_length(self):
        path = os.path.join(self.dir, "model.bin")
        with open(path, "wb") as handle:
            handle.write(os.urandom(3 * 1024 * 1024 + 7))
        with StubServer(lambda r: (201, {"path": "outputs/model.bin"})) as server:
            CairnClient(server.url, "t").upload_file("default", "r", "outputs/model.bin", path)
            request = server.requests[0]
        with open(path, "rb") as handle:
            self.assertEqual(request.body, handle.read())
        self.assertEqual(request.method, "PUT")
        self.assertEqual(request.headers["Content-Length"], str(3 * 1024 * 1024 + 7))
        self.assertEqual(request.path, "/api/v1/workspaces/default/runs/r/files/outputs/model.bin")

    def test_a_stream_of_unknown_length_is_sent_chunked(self):
        class Unsized(io.RawIOBase):
            def __init__(self):
                self.left = [b"abc", b"def"]

            def readable(self):
                return True

            def readinto(self, buffer):
                if not self.left:
                    return 0
                chunk = self.left.pop(0)
                buffer[: len(chunk)] = chunk
                return len(chunk)

        with StubServer(lambda r: (201, {"path": "x.txt"})) as server:
            CairnClient(server.url, "t").upload_file("default", "r", "x.txt", Unsized())
            request = server.requests[0]
        self.assertEqual(request.body, b"abcdef")
        self.assertEqual(request.headers.get("Transfer-Encoding"), "chunked")

    def test_a_download_is_streamed_to_the_target(self):
        payload = os.urandom(2 * 1024 * 1024)
        with StubServer(lambda r: (200, payload)) as server:
            target = io.BytesIO()
            CairnClient(server.url, "t").download_file("default", "r", "outputs/a.bin", target)
        self.assertEqual(target.getvalue(), payload)


def _remove_tree(path):
    import shutil

    shutil.rmtree(path, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
