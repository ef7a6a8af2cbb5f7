"""Small helpers shared by the v1 classes."""
import contextlib
from datetime import datetime, timezone

from cairn.errors import ValidationError

from ..exceptions import UserErrorException


@contextlib.contextmanager
def user_errors():
    """Re-raises the client's validation errors as v1's UserErrorException, with the same message."""
    try:
        yield
    except UserErrorException:
        raise
    except ValidationError as error:
        raise UserErrorException(error.message) from error


def iso_utc(epoch_ms):
    """Epoch milliseconds as v1's ``...Z`` timestamp string; None stays None."""
    if epoch_ms is None:
        return None
    moment = datetime.fromtimestamp(epoch_ms / 1000.0, timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (moment.microsecond // 1000)
