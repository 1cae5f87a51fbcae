"""What `make bench` and `make load` share: a dedicated PostgreSQL database holding the site's content, and
gunicorn serving it with gunicorn.conf.py over that database and Redis, on loopback, as in production."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PORT = int(os.getenv("BENCH_PORT", "8765"))
BASE = f"http://127.0.0.1:{PORT}"
REDIS_URL = os.getenv("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")


def environment(database_url: str, **overrides: str) -> dict[str, str]:
    """Production's settings for a server on 127.0.0.1 (no TLS in front, so plain HTTP)."""
    return {
        "DATABASE_URL": database_url,
        "SECRET_KEY": "bench-only-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,testserver",
        "HTTPS": "0",
        "REDIS_URL": REDIS_URL,
        "CONN_MAX_AGE": "60",
        **overrides,
    }


def prepare(settings: dict[str, str]) -> None:
    """Creates the database if need be, migrates it, loads the content, collects static files, and sets up
    Django in this process with the same settings as the server."""
    os.environ.update(settings)
    os.environ.pop("DEBUG", None)
    create_database(settings["DATABASE_URL"])
    manage("migrate", "--noinput", "-v0")
    manage("load_content")
    manage("collectstatic", "--noinput", "-v0")

    import django

    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "kinklist.settings"
    django.setup()
    logging.getLogger("kinklist").setLevel(logging.WARNING)  # in-process requests need no log lines


def manage(*command: str) -> None:
    subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


def create_database(database_url: str) -> None:
    import psycopg

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    admin_url = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def clear_people(cursor) -> None:
    """Deletes every participant and all that is theirs, and the cache that may still name them."""
    from django.core.cache import cache

    cursor.execute(
        "TRUNCATE checklist_snapshot, checklist_round, checklist_pairing, checklist_invite, "
        "checklist_rating, checklist_participant, django_session RESTART IDENTITY CASCADE"
    )
    cache.clear()  # sessions and rate-limit counts of an earlier run


def start_gunicorn(root: Path = ROOT, port: int = PORT) -> subprocess.Popen:
    """gunicorn with `root`'s code and gunicorn.conf.py (another checkout, to compare versions)."""
    server = subprocess.Popen(
        [
            str(Path(PYTHON).with_name("gunicorn")),
            "-c",
            "gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "kinklist.wsgi",
        ],
        cwd=root,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "kinklist.settings"},
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1).close()
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    sys.exit("gunicorn did not start")


def stop(server: subprocess.Popen) -> None:
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=30)
