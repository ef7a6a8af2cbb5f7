"""Finding the server: environment, v1 config.json search order, CLI config; v1's not-found error."""
import json
import os
import shutil
import tempfile
import unittest

import support  # noqa: F401
from azureml.core import Workspace
from azureml.exceptions import UserErrorException
from cairn.config import discover, find_v1_config, run_environment
from support import StubServer


def write_json(path, value):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as handle:
        json.dump(value, handle)
    return path


class TempDirTest(unittest.TestCase):
    def setUp(self):
        self.root = os.path.realpath(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.root, True)
        self.deep = os.path.join(self.root, "project", "src", "nested")
        os.makedirs(self.deep)
        self.env = {"CAIRN_CONFIG": os.path.join(self.root, "no-cli-config.json")}
        saved_cwd, saved_env = os.getcwd(), dict(os.environ)
        self.addCleanup(os.chdir, saved_cwd)
        self.addCleanup(_restore_env, saved_env)
        for name in list(os.environ):
            if name.startswith(("CAIRN_", "AZUREML_")):
                del os.environ[name]
        os.environ["CAIRN_CONFIG"] = self.env["CAIRN_CONFIG"]


class V1SearchTest(TempDirTest):
    def test_config_is_found_walking_up_from_the_working_directory(self):
        found = write_json(os.path.join(self.root, "project", ".azureml", "config.json"), {})
        self.assertEqual(find_v1_config(self.deep), found)

    def test_azureml_dir_is_searched_before_aml_config_and_the_directory_itself(self):
        # v1 walks the whole chain for .azureml/ first, even past a nearer aml_config/ or config.json
        write_json(os.path.join(self.deep, "config.json"), {})
        write_json(os.path.join(self.deep, "aml_config", "config.json"), {})
        far = write_json(os.path.join(self.root, ".azureml", "config.json"), {})
        self.assertEqual(find_v1_config(self.deep), far)
        os.remove(far)
        self.assertEqual(find_v1_config(self.deep), os.path.join(self.deep, "aml_config", "config.json"))

    def test_legacy_project_json_is_found(self):
        found = write_json(os.path.join(self.root, "project", "aml_config", "project.json"), {})
        self.assertEqual(find_v1_config(self.deep), found)

    def test_a_file_path_is_used_as_is(self):
        path = write_json(os.path.join(self.root, "elsewhere.json"), {})
        self.assertEqual(find_v1_config(path), path)


class DiscoverTest(TempDirTest):
    def test_environment_wins(self):
        write_json(os.path.join(self.deep, ".azureml", "config.json"), {"cairn_url": "http://from-file"})
        env = dict(self.env, CAIRN_URL="http://from-env", CAIRN_TOKEN="t", CAIRN_WORKSPACE="team")
        found = discover(self.deep, env)
        self.assertEqual((found.url, found.token, found.workspace), ("http://from-env", "t", "team"))

    def test_a_v1_file_with_cairn_url_comes_next_with_the_cli_token(self):
        write_json(self.env["CAIRN_CONFIG"], {"url": "http://cli", "token": "cli-token", "workspace": "default"})
        write_json(os.path.join(self.root, "project", ".azureml", "config.json"),
                   {"cairn_url": "http://from-file", "workspace_name": "research", "subscription_id": "x"})
        found = discover(self.deep, self.env)
        self.assertEqual((found.url, found.token, found.workspace), ("http://from-file", "cli-token", "research"))

    def test_a_v1_file_without_cairn_url_is_ignored(self):
        write_json(self.env["CAIRN_CONFIG"], {"url": "http://cli", "token": "cli-token"})
        write_json(os.path.join(self.deep, ".azureml", "config.json"), {"workspace_name": "azure-ws"})
        found = discover(self.deep, self.env)
        self.assertEqual((found.url, found.workspace), ("http://cli", "default"))

    def test_nothing_configured(self):
        self.assertIsNone(discover(self.deep, self.env))


class WorkspaceFromConfigTest(TempDirTest):
    def test_not_found_raises_v1s_message(self):
        os.chdir(self.deep)
        with self.assertRaises(UserErrorException) as caught:
            Workspace.from_config()
        message = str(caught.exception)
        self.assertIn("We could not find config.json in: %s or in its parent directories" % self.deep, message)
        with self.assertRaises(UserErrorException):
            Workspace.from_config(path=os.path.join(self.root, "missing"))

    def test_from_config_uses_the_file_and_checks_the_workspace(self):
        with StubServer(lambda r: (200, {"name": "research", "description": "", "createdAt": 1})) as server:
            write_json(os.path.join(self.root, "project", ".azureml", "config.json"),
                       {"cairn_url": server.url, "workspace_name": "research"})
            os.environ["CAIRN_TOKEN"] = "env-token"
            os.chdir(self.deep)
            workspace = Workspace.from_config()
            request = server.requests[0]
        self.assertEqual(workspace.name, "research")
        self.assertEqual(request.path, "/api/v1/workspaces/research")
        self.assertEqual(request.headers["Authorization"], "Bearer env-token")

    def test_a_url_without_a_token_is_a_user_error(self):
        write_json(os.path.join(self.deep, ".azureml", "config.json"), {"cairn_url": "http://x"})
        os.chdir(self.deep)
        with self.assertRaisesRegex(UserErrorException, "CAIRN_TOKEN"):
            Workspace.from_config()


class RunEnvironmentTest(unittest.TestCase):
    def test_cairn_names(self):
        env = {"CAIRN_URL": "http://s", "CAIRN_RUN_ID": "r1", "CAIRN_RUN_TOKEN": "rt", "CAIRN_TOKEN": "ut",
               "CAIRN_WORKSPACE": "w", "CAIRN_EXPERIMENT": "e"}
        found = run_environment(env)
        self.assertEqual((found.url, found.run_id, found.token, found.workspace, found.experiment),
                         ("http://s", "r1", "rt", "w", "e"))
        self.assertFalse(found.submitted)
        self.assertTrue(run_environment(dict(env, CAIRN_RUN_SUBMITTED="1")).submitted)
        del env["CAIRN_RUN_TOKEN"]
        self.assertEqual(run_environment(env).token, "ut")

    def test_v1_names(self):
        env = {"AZUREML_SERVICE_ENDPOINT": "http://s", "AZUREML_RUN_ID": "r1", "AZUREML_RUN_TOKEN": "rt",
               "AZUREML_ARM_WORKSPACE_NAME": "w", "AZUREML_ARM_PROJECT_NAME": "e"}
        found = run_environment(env)
        self.assertEqual((found.run_id, found.token, found.workspace, found.experiment), ("r1", "rt", "w", "e"))
        self.assertTrue(found.submitted)

    def test_a_missing_variable_means_no_run(self):
        self.assertIsNone(run_environment({"CAIRN_URL": "http://s", "CAIRN_RUN_ID": "r1", "CAIRN_TOKEN": "t"}))


def _restore_env(saved):
    os.environ.clear()
    os.environ.update(saved)


if __name__ == "__main__":
    unittest.main()
