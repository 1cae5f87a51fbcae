"""Secret links must never reach a log: their secret path segment is masked before anything is written.
Nor must a public id (of a pairing, an invite): Django logs the path of every refused request, and a line
naming a pairing would tie it to when, and how, its partners were turned away.
"""

from __future__ import annotations

import json
import logging
import re

SECRET_PATH = re.compile(r"/(resume|invite)/[^/\s\"'?]+")
PUBLIC_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)


def mask_secrets(text: str) -> str:
    return PUBLIC_ID.sub("[id]", SECRET_PATH.sub(r"/\1/[secret]", text))


class MaskSecrets(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_secrets(message)
        if masked != message:
            record.msg, record.args = masked, ()
        return True


STANDARD_ATTRIBUTES = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, and whatever `extra` fields were given."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        # Only plain extra values: Django attaches the whole request object, whose text holds the URL.
        for key, value in vars(record).items():
            if key not in STANDARD_ATTRIBUTES and isinstance(value, str | int | float | bool):
                line[key] = mask_secrets(value) if isinstance(value, str) else value
        if record.exc_info:
            line["exception"] = mask_secrets(self.formatException(record.exc_info))
        return json.dumps(line, default=str)


events = logging.getLogger("kinklist.events")


def log_event(name: str) -> None:
    """Something happened. Only its name is logged: never an answer, a secret, a name or an id."""
    events.info(name, extra={"event": name})
