"""cairn.models and azureml Model helpers that need no server: v1's validation, filters, layouts and safe paths."""
import os
import tempfile
import unittest

import support  # noqa: F401 - puts python/ on sys.path

from cairn import models
from cairn.errors import CairnError, ValidationError
from azureml.core.model import ModelNotFoundException, Model


class RegistrationChecks(unittest.TestCase):
    def test_names_follow_v1_rule(self):
        models.check_name("a" * 255)
        models.check_name("diabetes-model_v1.2")
        for bad in ("", "-x", "a" * 256, "has space", "x:1", None):
            with self.assertRaises(ValidationError):
                models.check_name(bad)

    def test_framework_version_needs_framework_and_values_become_strings(self):
        with self.assertRaises(ValidationError):
            models.registration_body("m", framework_version="1.0")
        with self.assertRaises(ValidationError):
            models.registration_body("m", framework="Sklearn")
        with self.assertRaises(ValidationError):
            models.registration_body("m", tags=["not", "a", "dict"])
        body = models.registration_body("m", framework="Onnx", framework_version=1.17, tags={"n": 3}, properties={"p": None},
                                        datasets=[("training", "ds:1"), "other"])
        self.assertEqual(body["tags"], {"n": "3"})
        self.assertEqual(body["properties"], {"p": None})
        self.assertEqual(body["frameworkVersion"], "1.17")
        self.assertEqual(body["datasets"], ["ds:1", "other"])

    def test_filters_are_key_or_key_value(self):
        self.assertEqual(models._filter_items(["a", ["b", "c"], ("d", 1)]), ["a", "b=c", "d=1"])
        with self.assertRaises(ValidationError):
            models._filter_items([["a", "b", "c"]])


class LocalLayout(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp()
        os.makedirs(os.path.join(self.dir, "net", "sub"))
        for rel in ("net/a.txt", "net/sub/b.txt", "single.pkl"):
            with open(os.path.join(self.dir, *rel.split("/")), "w") as handle:
                handle.write(rel)

    def test_a_file_keeps_its_name_and_a_folder_its_tree(self):
        self.assertEqual([p for p, _ in models.local_files(os.path.join(self.dir, "single.pkl"))], ["single.pkl"])
        self.assertEqual([p for p, _ in models.local_files(os.path.join(self.dir, "net"))], ["net/a.txt", "net/sub/b.txt"])
        self.assertEqual([p for p, _ in models.local_files(os.path.join(self.dir, "net"), child_paths=["sub/b.txt"])], ["net/sub/b.txt"])
        with self.assertRaises(ValidationError):
            models.local_files(os.path.join(self.dir, "missing"))

    def test_downloads_never_leave_the_target(self):
        with self.assertRaises(CairnError):
            models._inside(self.dir, "../escape.txt")
        self.assertEqual(models._inside(self.dir, "net/a.txt"), os.path.join(self.dir, "net", "a.txt"))

    def test_get_model_path_in_a_deployment(self):
        os.environ["AZUREML_MODEL_DIR"] = self.dir
        try:
            os.makedirs(os.path.join(self.dir, "m", "1", "m.pkl"))
            os.makedirs(os.path.join(self.dir, "m", "2"))
            open(os.path.join(self.dir, "m", "2", "m.pkl"), "w").close()
            self.assertEqual(Model.get_model_path("m"), os.path.join(self.dir, "m", "2", "m.pkl"))
            self.assertEqual(Model.get_model_path("m", version=1), os.path.join(self.dir, "m", "1", "m.pkl"))
            with self.assertRaises(ModelNotFoundException):
                Model.get_model_path("m", version=7)
        finally:
            del os.environ["AZUREML_MODEL_DIR"]


if __name__ == "__main__":
    unittest.main()
