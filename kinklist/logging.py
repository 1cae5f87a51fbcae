"""Secret links must never reach a log: their secret path segment is masked before anything is written."""

from __future__ import annotations

import logging
import re

SECRET_PATH = re.compile(r"/(resume|invite)/[^/\s\"'?]+")


def mask_secrets(text: str) -> str:
    return SECRET_PATH.sub(r"/\1/[secret]", text)


class MaskSecrets(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_secrets(message)
        if masked != message:
            record.msg, record.args = masked, ()
        return True
