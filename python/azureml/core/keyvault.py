"""``azureml.core.keyvault``: the workspace's secrets, v1's Keyvault methods."""


class Keyvault:
    """The secret vault of a workspace; values go in, only names come out."""

    def __init__(self, workspace):
        self.workspace = workspace
        self._client = workspace._client

    def set_secret(self, name, value):
        """Creates or replaces a secret."""
        self._client.set_secret(self.workspace.name, name, value)

    def set_secrets(self, secrets_batch):
        """Creates or replaces several secrets from a dict."""
        for name, value in secrets_batch.items():
            self.set_secret(name, value)

    def list_secrets(self):
        """The secret names."""
        return [item["name"] for item in self._client.list_secrets(self.workspace.name)]

    def delete_secret(self, name):
        """Deletes a secret."""
        self._client.delete_secret(self.workspace.name, name)

    def delete_secrets(self, secrets_batch):
        """Deletes several secrets by name."""
        for name in secrets_batch:
            self.delete_secret(name)
