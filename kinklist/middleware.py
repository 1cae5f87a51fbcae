from __future__ import annotations

import logging
import time

from .logs import mask_secrets

requests = logging.getLogger("kinklist.requests")


class RequestLog:
    """One structured line per request: method, route, status and time taken. No address, cookie,
    user or query string; and the route pattern, not the path, so that no line names a pairing, an
    invite or a secret (an unknown path is logged with secrets and ids masked)."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        started = time.monotonic()
        response = self.get_response(request)
        requests.info(
            "request",
            extra={
                "method": request.method,
                "path": route_of(request),
                "status": response.status_code,
                "ms": round((time.monotonic() - started) * 1000, 1),
            },
        )
        return response


def route_of(request) -> str:
    match = getattr(request, "resolver_match", None)
    return "/" + match.route if match is not None else mask_secrets(request.path)
