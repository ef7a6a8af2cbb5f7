"""Azure ML SDK v1 names over Cairn's client, so v1 tracking scripts run unchanged on Cairn."""
__path__ = __import__("pkgutil").extend_path(__path__, __name__)
