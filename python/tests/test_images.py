"""log_image: the file is uploaded as a run file and an image point carries its path."""
import os
import shutil
import tempfile
import unittest

import support  # noqa: F401
from cairn import CairnClient, Run
from support import StubServer, batch_points, error

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


class ImageApi:
    """Stores run files write-once and metric batches."""

    def __init__(self):
        self.files = {}
        self.points = []

    def __call__(self, request):
        marker = "/runs/run-1/files/"
        if request.method == "PUT" and marker in request.path:
            path = request.path.split(marker, 1)[1]
            if path in self.files and self.files[path] != request.body:
                return error(409, "FILE_EXISTS", "%s already holds other content" % path)
            self.files[path] = request.body
            return 201, {"path": path}
        if request.method == "POST" and request.path.endswith("/metrics"):
            self.points.extend(batch_points(request.json))
            return 200, {"accepted": len(batch_points(request.json)), "duplicate": False}
        return error(404, "ROUTE_NOT_FOUND")


class Plot:
    """Like matplotlib.pyplot: savefig writes the figure."""

    def __init__(self, content):
        self.content = content

    def savefig(self, path, **kwargs):
        with open(path, "wb") as handle:
            handle.write(self.content)


class LogImageTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.dir, True)
        saved = os.getcwd()
        os.chdir(self.dir)
        self.addCleanup(os.chdir, saved)
        os.makedirs("plots")
        with open(os.path.join("plots", "loss.png"), "wb") as handle:
            handle.write(PNG)

    def log(self, *calls):
        api = ImageApi()
        with StubServer(api) as server:
            run = Run(CairnClient(server.url, "t"), "default", "run-1")
            for kwargs in calls:
                run.log_image(**kwargs)
            run.flush(10)
        return api

    def test_a_relative_path_is_kept_as_the_file_name(self):
        api = self.log({"name": "loss", "path": "./plots/loss.png"})
        self.assertEqual(api.files, {"plots/loss.png": PNG})
        self.assertEqual([(p["name"], p["kind"], p["value"]) for p in api.points], [("loss", "image", "plots/loss.png")])

    def test_an_absolute_path_keeps_only_the_file_name(self):
        api = self.log({"name": "loss", "path": os.path.join(self.dir, "plots", "loss.png")})
        self.assertEqual(list(api.files), ["loss.png"])

    def test_a_plot_is_saved_as_name_and_time(self):
        api = self.log({"name": "curve", "plot": Plot(PNG)})
        (path,) = api.files
        self.assertRegex(path, r"^curve_\d+\.png$")
        self.assertEqual(api.points[0]["value"], path)

    def test_the_same_path_with_new_content_is_stored_beside_the_first(self):
        first = {"name": "loss", "path": "plots/loss.png"}
        api = ImageApi()
        with StubServer(api) as server:
            run = Run(CairnClient(server.url, "t"), "default", "run-1")
            run.log_image(**first)
            with open(os.path.join("plots", "loss.png"), "wb") as handle:
                handle.write(PNG + b"epoch 2")
            run.log_image(**first)
            run.flush(10)
        values = [p["value"] for p in api.points]
        self.assertEqual(values[0], "plots/loss.png")
        self.assertRegex(values[1], r"^plots/loss_\d+\.png$")
        self.assertEqual(api.files[values[1]], PNG + b"epoch 2")


if __name__ == "__main__":
    unittest.main()
