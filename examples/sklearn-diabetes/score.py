"""Scoring script for the diabetes Ridge model, in Azure ML v1 style: it serves unchanged on v1 and Cairn.

init() runs once per replica and loads the model from AZUREML_MODEL_DIR (the registered model's
version folder); run() gets each request body as a string, {"data": [[10 features], ...]}.
"""
import json
import os

import joblib
import numpy as np

model = None


def init():
    global model
    model_path = os.path.join(os.getenv("AZUREML_MODEL_DIR"), "model.pkl")
    model = joblib.load(model_path)


def run(raw_data):
    data = np.array(json.loads(raw_data)["data"])
    result = model.predict(data)
    return result.tolist()
