"""The v1 names: offline runs, get_context, validation errors, get_metrics shapes, status semantics."""
import contextlib
import io
import os
import unittest

import support  # noqa: F401
import cairn
from azureml.core import Experiment, Run, Workspace
from azureml.core.run import _OfflineRun
from azureml.exceptions import RunEnvironmentException, UserErrorException
from cairn import CairnError
from support import StubServer, batch_points, run_json

RUN_VARS = ("CAIRN_URL", "CAIRN_RUN_ID", "CAIRN_RUN_TOKEN", "CAIRN_TOKEN", "CAIRN_WORKSPACE", "CAIRN_EXPERIMENT",
            "CAIRN_RUN_SUBMITTED", "AZUREML_RUN_ID", "AZUREML_RUN_TOKEN", "AZUREML_ARM_WORKSPACE_NAME",
            "AZUREML_ARM_PROJECT_NAME", "AZUREML_SERVICE_ENDPOINT")


class EnvTest(unittest.TestCase):
    def setUp(self):
        saved = {name: os.environ.pop(name) for name in RUN_VARS if name in os.environ}
        self.addCleanup(self._restore, saved)

    def _restore(self, saved):
        for name in RUN_VARS:
            os.environ.pop(name, None)
        os.environ.update(saved)


class OfflineTest(EnvTest):
    def test_outside_a_run_get_context_is_an_offline_run(self):
        run = Run.get_context()
        self.assertIsInstance(run, _OfflineRun)
        self.assertIsInstance(run, Run)
        self.assertTrue(run.id.startswith("OfflineRun_"))

    def test_offline_calls_print_like_v1_and_never_fail(self):
        run = Run.get_context()
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            run.log("alpha", 0.5)
            run.log("alpha", [1, 2])  # refused online; offline runs only print
            run.log_list("curve", [1, 2, 3])
            run.log_row("table", epoch=1, acc=0.5)
            run.log_table("t", {"a": [1], "b": [1, 2]})
            run.log_image("img", path="missing.png")
            run.tag("k", "v")
            run.add_properties({"p": 1})
            run.upload_file("outputs/model.pkl", "outputs/model.pkl")
            run.complete()
        text = out.getvalue()
        self.assertIn("Attempted to log scalar metric alpha:\n0.5\n", text)
        self.assertIn("Attempted to log list metric curve:\n[1, 2, 3]", text)
        self.assertIn("Attempted to track file outputs/model.pkl at outputs/model.pkl", text)
        self.assertEqual(run.get_tags(), {"k": "v"})
        self.assertEqual(run.get_status(), "Completed")

    def test_offline_get_metrics_uses_v1_shapes(self):
        run = Run.get_context()
        with contextlib.redirect_stdout(io.StringIO()):
            run.log("one", 1)
            run.log("many", 1)
            run.log("many", 2)
            run.log_row("row", a=1, b=2)
            run.log_row("rows", a=1)
            run.log_row("rows", a=2)
        self.assertEqual(run.get_metrics(), {"one": 1, "many": [1, 2], "row": {"a": 1, "b": 2}, "rows": {"a": [1, 2]}})

    def test_allow_offline_false_raises(self):
        with self.assertRaises(RunEnvironmentException):
            Run.get_context(allow_offline=False)


class ContextTest(EnvTest):
    def test_inside_a_run_get_context_is_a_per_process_singleton_built_from_env(self):
        os.environ.update({"CAIRN_URL": "http://127.0.0.1:9", "CAIRN_RUN_ID": "run-ctx-1", "CAIRN_RUN_TOKEN": "rt",
                           "CAIRN_WORKSPACE": "default", "CAIRN_EXPERIMENT": "exp", "CAIRN_RUN_SUBMITTED": "1"})
        run = Run.get_context()
        self.assertIs(run, Run.get_context())
        self.assertNotIsInstance(run, _OfflineRun)
        self.assertEqual((run.id, run.experiment_name, run.submitted), ("run-ctx-1", "exp", True))

    def test_v1_variables_work_too(self):
        os.environ.update({"AZUREML_SERVICE_ENDPOINT": "http://127.0.0.1:9", "AZUREML_RUN_ID": "run-ctx-2",
                           "AZUREML_RUN_TOKEN": "rt", "AZUREML_ARM_WORKSPACE_NAME": "w",
                           "AZUREML_ARM_PROJECT_NAME": "e"})
        run = Run.get_context()
        self.assertEqual((run.id, run.workspace_name, run.submitted), ("run-ctx-2", "w", True))


class ValidationTest(unittest.TestCase):
    def setUp(self):
        self.run = Run._wrap(Workspace._attach(cairn.CairnClient("http://127.0.0.1:9", "t"), "default"), run_json())

    def test_log_of_a_list_raises_v1s_user_error(self):
        with self.assertRaises(UserErrorException) as caught:
            self.run.log("x", [1, 2])
        self.assertEqual(str(caught.exception), "run.log does not support list type. Use run.log_list instead")
        self.assertIsInstance(caught.exception, ValueError)
        self.assertIsInstance(caught.exception, CairnError)

    def test_table_and_image_rules(self):
        with self.assertRaisesRegex(UserErrorException, "InvalidColumnLength"):
            self.run.log_table("t", {"a": [1, 2], "b": [1]})
        with self.assertRaises(UserErrorException):
            self.run.log_row("r", a=[1, 2])
        with self.assertRaises(UserErrorException):
            self.run.log_image("i")

    def test_create_children_rules(self):
        cases = [
            ({}, "needs count"),
            ({"count": 2, "tag_key": "k"}, "not both"),
            ({"count": 0}, "positive integer"),
            ({"tag_key": "k"}, "both tag_key and tag_values"),
            ({"count": 101}, "create_children can not create more than 100 runs"),
            ({"tag_key": "k", "tag_values": [str(i) for i in range(101)]}, "can not create more than 100 runs"),
        ]
        for kwargs, message in cases:
            with self.assertRaisesRegex(UserErrorException, message):
                self.run.create_children(**kwargs)


class FakeRunApi:
    """Answers the run routes a v1 script uses; records status changes."""

    def __init__(self, series=None, run=None):
        self.series = series or {}
        self.run = run or run_json()
        self.patches = []

    def __call__(self, request):
        base = "/api/v1/workspaces/default/runs/run-1"
        if request.path == base and request.method == "PATCH":
            self.patches.append(request.json)
            self.run.update(request.json)
            return 200, self.run
        if request.path == base:
            return 200, self.run
        if request.path == base + "/metrics" and request.method == "POST":
            return 200, {"accepted": len(batch_points(request.json)), "duplicate": False}
        if request.path == base + "/metrics":
            return 200, {"items": [{"name": n, "kind": s["kind"]} for n, s in self.series.items()]}
        name = request.path[len(base + "/metrics/"):]
        series = self.series[name]
        return 200, dict(series, name=name, columns=None, count=len(series["points"]["timestamp"]), downsampled=False)


def series(kind, values=None, columns=None):
    count = len(values if values is not None else next(iter(columns.values())))
    points = {"step": list(range(count)), "timestamp": [1] * count}
    if columns is not None:
        points["columns"] = columns
    else:
        points["value"] = values
    return {"kind": kind, "points": points}


class ServerBackedTest(unittest.TestCase):
    def attach(self, server, submitted=False):
        workspace = Workspace._attach(cairn.CairnClient(server.url, "t"), "default")
        return Run._wrap(workspace, run_json(), submitted)

    def test_get_metrics_shapes_and_nan(self):
        api = FakeRunApi({
            "one": series("scalar", [0.5]), "many": series("scalar", [1, "NaN", "Infinity"]),
            "row": series("table", columns={"a": [1], "b": ["x"]}), "rows": series("table", columns={"a": [1, 2]}),
            "curve": series("list", [1, 2]),
        })
        with StubServer(api) as server:
            metrics = self.attach(server).get_metrics()
            only = self.attach(server).get_metrics("one")
        self.assertEqual(metrics["one"], 0.5)
        self.assertEqual(metrics["many"][0], 1)
        self.assertNotEqual(metrics["many"][1], metrics["many"][1])  # NaN
        self.assertEqual(metrics["many"][2], float("inf"))
        self.assertEqual(metrics["row"], {"a": 1, "b": "x"})
        self.assertEqual(metrics["rows"], {"a": [1, 2]})
        self.assertEqual(metrics["curve"], [1, 2])
        self.assertEqual(only, {"one": 0.5})

    def test_with_block_completes_or_fails(self):
        api = FakeRunApi()
        with StubServer(api) as server:
            with self.attach(server) as run:
                run.log("x", 1)
            self.assertEqual(api.patches[-1], {"status": "Completed"})
            with self.assertRaises(ZeroDivisionError):
                with self.attach(server):
                    1 / 0
            self.assertEqual(api.patches[-1]["status"], "Failed")
            self.assertEqual(api.patches[-1]["error"]["code"], "ZeroDivisionError")
            with self.attach(server):
                raise SystemExit(0)
            self.assertEqual(api.patches[-1], {"status": "Completed"})

    def test_a_submitted_run_only_flushes_on_complete_and_fail(self):
        api = FakeRunApi()
        with StubServer(api) as server:
            run = self.attach(server, submitted=True)
            run.log("x", 1)
            run.complete()
            run.fail("bad")
            posted = server.matching("POST", "/metrics")
        self.assertEqual(api.patches, [])
        self.assertEqual(len(posted), 1)

    def test_get_details_uses_v1_keys(self):
        api = FakeRunApi(run=run_json(status="Failed", endedAt=1700000001500, tags={"a": "1"},
                                      error={"code": "UserError", "message": "boom"}))
        with StubServer(api) as server:
            details = self.attach(server).get_details()
        self.assertEqual(details["runId"], "run-1")
        self.assertEqual(details["status"], "Failed")
        self.assertEqual(details["startTimeUtc"], "2023-11-14T22:13:20.000Z")
        self.assertEqual(details["endTimeUtc"], "2023-11-14T22:13:21.500Z")
        self.assertEqual(details["tags"], {"a": "1"})
        self.assertEqual(details["error"], {"error": {"code": "UserError", "message": "boom"}})

    def test_an_experiment_name_is_checked_before_any_call(self):
        workspace = Workspace._attach(cairn.CairnClient("http://127.0.0.1:9", "t"), "default")
        with self.assertRaisesRegex(UserErrorException, "invalid experiment name"):
            Experiment(workspace, "bad name!")


if __name__ == "__main__":
    unittest.main()
