"""Git properties for interactive runs, as v1 records them."""
import os
import shutil
import subprocess
import tempfile
import unittest

import support  # noqa: F401
from cairn.git_info import git_properties


def git(directory, *args):
    subprocess.run(("git", "-c", "user.name=t", "-c", "user.email=t@example.com") + args, cwd=directory,
                   check=True, capture_output=True)


@unittest.skipUnless(shutil.which("git"), "git not installed")
class GitPropertiesTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.dir, True)

    def test_a_repository_gives_commit_branch_remote_and_dirty(self):
        git(self.dir, "init", "-q", "-b", "main")
        git(self.dir, "remote", "add", "origin", "https://example.com/team/repo.git")
        with open(os.path.join(self.dir, "train.py"), "w") as handle:
            handle.write("print(1)\n")
        git(self.dir, "add", "train.py")
        git(self.dir, "commit", "-q", "-m", "first")
        found = git_properties(self.dir, env={})
        commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=self.dir, capture_output=True, text=True).stdout.strip()
        self.assertEqual(found["azureml.git.commit"], commit)
        self.assertEqual(found["mlflow.source.git.commit"], commit)
        self.assertEqual(found["azureml.git.branch"], "main")
        self.assertEqual(found["azureml.git.repository_uri"], "https://example.com/team/repo.git")
        self.assertEqual(found["azureml.git.dirty"], "False")
        with open(os.path.join(self.dir, "train.py"), "a") as handle:
            handle.write("print(2)\n")
        self.assertEqual(git_properties(self.dir, env={})["azureml.git.dirty"], "True")

    def test_variables_win_and_outside_a_repository_there_is_nothing(self):
        self.assertEqual(git_properties(self.dir, env={}), {})
        env = {"AZUREML_GIT_COMMIT": "abc", "AZUREML_GIT_BRANCH": "b", "AZUREML_GIT_REPOSITORY_URI": "u",
               "AZUREML_GIT_DIRTY": "False", "AZUREML_GIT_BUILD_ID": "42"}
        found = git_properties(self.dir, env=env)
        self.assertEqual(found["azureml.git.commit"], "abc")
        self.assertEqual(found["azureml.git.build_id"], "42")


if __name__ == "__main__":
    unittest.main()
