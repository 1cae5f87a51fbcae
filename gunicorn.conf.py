"""gunicorn settings for production: `make serve`, or `gunicorn -c gunicorn.conf.py kinklist.wsgi`."""

from __future__ import annotations

import multiprocessing
import os

from kinklist.environment import envbool, envint

bind = os.getenv("BIND", "127.0.0.1:8000")
# One process when asked (SINGLE_PROCESS=1, without a shared cache): rate limits are then counted once.
workers = (
    1 if envbool("SINGLE_PROCESS") else envint("WEB_CONCURRENCY", str(multiprocessing.cpu_count() * 2 + 1))
)
# Long enough for a slow phone, short enough that a stuck request frees its worker.
timeout = 30
graceful_timeout = 30
keepalive = 5
max_requests = 2000
max_requests_jitter = 200

# No gunicorn access log: the app writes one structured line per request itself
# (kinklist.middleware.RequestLog) with secret links masked and no query string, address or
# referrer. gunicorn's own line would record the raw request line, secrets included.
accesslog = None
errorlog = "-"
loglevel = "info"
