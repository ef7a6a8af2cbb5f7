"""Scoring script for the diabetes Ridge model, in Azure ML v1 style: it serves unchanged on v1 and Cairn.

init() runs once per replica and loads the model from AZUREML_MODEL_DIR (the registered model's
version folder, where the registered file keeps its name, e.g. ridge_0.5.pkl); run() gets each request body as a string, {"data": [[10 features], ...]}.
"""
import glob
import json
import os

import joblib
import numpy as np

model = None


def init():
    global model
    # train.py names the file after its alpha; the registered model holds exactly one .pkl.
    model_path = sorted(glob.glob(os.path.join(os.getenv("AZUREML_MODEL_DIR"), "**", "*.pkl"), recursive=True))[0]
    model = joblib.load(model_path)


def run(raw_data):
    data = np.array(json.loads(raw_data)["data"])
    result = model.predict(data)
    return result.tolist()
