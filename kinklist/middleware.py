from __future__ import annotations

import logging
import time

from .logging import mask_secrets

requests = logging.getLogger("kinklist.requests")


class RequestLog:
    """One structured line per request: method, path without its query string and with secrets
    masked, status and time taken. No address, no cookie, no user."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        started = time.monotonic()
        response = self.get_response(request)
        requests.info(
            "request",
            extra={
                "method": request.method,
                "path": mask_secrets(request.path),
                "status": response.status_code,
                "ms": round((time.monotonic() - started) * 1000, 1),
            },
        )
        return response
