"""Data helpers for train.py: the bundled diabetes data, split the same way every time."""
from sklearn.datasets import load_diabetes
from sklearn.metrics import mean_squared_error
from sklearn.model_selection import train_test_split


def load_split(test_size=0.2, seed=0):
    """(x_train, x_test, y_train, y_test) of scikit-learn's diabetes data (442 patients, 10 features)."""
    x, y = load_diabetes(return_X_y=True)
    return train_test_split(x, y, test_size=test_size, random_state=seed)


def mean_squared_error_of(model, x, y):
    """The model's mean squared error on (x, y), as a plain float for logging."""
    return float(mean_squared_error(y, model.predict(x)))
