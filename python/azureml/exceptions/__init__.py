"""v1's exception classes (``azureml.exceptions``), built on the Cairn client's errors.

Every one is a ``cairn.CairnError`` with a stable ``code``, so ``except CairnError`` catches errors
from both layers; ``UserErrorException`` is also a ``ValueError`` like the client's ValidationError.
"""
from cairn.errors import CairnError, ValidationError


class AzureMLException(CairnError):
    """Base of v1's exceptions."""

    _code = "AZUREML_ERROR"

    def __init__(self, exception_message="", inner_exception=None, **kwargs):
        CairnError.__init__(self, self._code, str(exception_message), details=kwargs.get("details"))
        self.inner_exception = inner_exception

    def __str__(self):
        return self.message


class UserErrorException(AzureMLException, ValidationError):
    """A call was given arguments it refuses."""

    _code = "INVALID_INPUT"


class RunEnvironmentException(AzureMLException):
    """``Run.get_context(allow_offline=False)`` outside a run."""

    _code = "RUN_ENVIRONMENT"


class ActivityFailedException(AzureMLException):
    """A run being waited on failed."""

    _code = "ACTIVITY_FAILED"


class ExperimentExecutionException(AzureMLException):
    """An experiment could not be run as asked."""

    _code = "EXPERIMENT_EXECUTION"


class SnapshotException(AzureMLException):
    """A snapshot could not be taken or restored."""

    _code = "SNAPSHOT"


__all__ = [
    "AzureMLException", "ActivityFailedException", "ExperimentExecutionException", "RunEnvironmentException",
    "SnapshotException", "UserErrorException",
]
