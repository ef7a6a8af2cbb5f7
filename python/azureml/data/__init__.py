"""``azureml.data``: v1's data classes; file and tabular datasets are both ``azureml.core.Dataset`` here."""
from ..core.dataset import Dataset as FileDataset
from ..core.dataset import Dataset as TabularDataset

__all__ = ["FileDataset", "TabularDataset"]
