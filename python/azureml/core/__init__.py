"""``azureml.core``: the v1 classes a tracking script uses, over Cairn."""
from .dataset import Dataset
from .experiment import Experiment
from .keyvault import Keyvault
from .model import Model
from .run import Run
from .workspace import Workspace

__all__ = ["Dataset", "Experiment", "Keyvault", "Model", "Run", "Workspace"]
