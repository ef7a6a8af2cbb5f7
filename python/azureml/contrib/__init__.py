"""v1's `azureml.contrib` names Cairn serves: the raw HTTP request and response of a scoring script."""
