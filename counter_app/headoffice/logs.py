"""Head office logs one JSON object per line, for whatever collects the server's logs."""

import logging
import sys

from pythonjsonlogger.json import JsonFormatter

LOGGER_NAME = "counter.headoffice"


def configure_json_logging(level: int = logging.INFO) -> None:
    """Send the server's and uvicorn's log records to stderr as JSON lines."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        JsonFormatter(
            "%(levelname)s %(name)s %(message)s",
            rename_fields={"levelname": "level", "name": "logger"},
            timestamp="time",
        )
    )
    for name in (LOGGER_NAME, "uvicorn", "uvicorn.error"):
        logger = logging.getLogger(name)
        logger.handlers = [handler]
        logger.setLevel(level)
        logger.propagate = False
    # Our own access line carries the store and the time taken; uvicorn's would repeat it.
    logging.getLogger("uvicorn.access").disabled = True
