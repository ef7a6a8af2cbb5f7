"""`azureml.contrib.services`: `@rawhttp`, `AMLRequest` and `AMLResponse` for v1 scoring scripts."""
