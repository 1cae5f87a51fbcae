"""Measures the app as deployed: gunicorn over PostgreSQL and Redis, driven by wrk on loopback.

    make bench                      # or: .venv/bin/python bench/run.py [--sizes 100 100000]

Seeds a dedicated PostgreSQL database (BENCH_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/kinklist_bench) with N participants x 150 ratings and N/5 pairings
(at most 20,000) with a revealed round each, starts gunicorn on 127.0.0.1 with Redis as its cache
(BENCH_REDIS_URL, default redis://127.0.0.1:6379/15, which it clears), and prints for each size, one
request at a time and with 16 connections at once: latency p50/p99 and requests/s of a bare view with
the same middleware (the baseline), the checklist page, a one-tap save and the comparison page; each
as a ratio to the baseline; SQL queries per page; bytes per page as served (HTML uncompressed, CSS and
JS compressed). Then what one query costs next to the bare view. Figures are printed, not asserted."""

from __future__ import annotations

import argparse
import io
import itertools
import json
import logging
import os
import random
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from importlib import import_module
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DATABASE_URL = os.getenv("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kinklist_bench")
PORT = int(os.getenv("BENCH_PORT", "8765"))
BASE = f"http://127.0.0.1:{PORT}"
DURATION = os.getenv("BENCH_DURATION", "10s")
# One connection measures how long a request takes; sixteen, what a server sustains (its p50 is then
# mostly time queued behind other requests, so it tracks throughput more than the request's own cost).
LOADS = {"one request at a time": 1, "16 connections at once": 16}
RATINGS_EACH = 150
GZIP_MAGIC = b"\x1f\x8b"
SAVE_SCRIPT = """
counter = 0
answers = {"yes", "maybe", "no"}
request = function()
  counter = counter + 1
  local body = "%(field)s=" .. answers[counter %% 3 + 1]
  return wrk.format("POST", "/checklist/", {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["HX-Request"] = "true",
    ["X-CSRFToken"] = "%(csrf)s",
    ["Cookie"] = "%(cookie)s",
  }, body)
end
"""

ENVIRONMENT = {
    "DATABASE_URL": DATABASE_URL,
    "SECRET_KEY": "bench-only-" + "x" * 40,
    "ALLOWED_HOSTS": "127.0.0.1,testserver",
    "HTTPS": "0",
    "REDIS_URL": os.getenv("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15"),
    "RATELIMIT_ENABLE": "0",
    "BENCH_BASELINE": "1",
    "CONN_MAX_AGE": "60",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 100_000])
    arguments = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk (make bench installs it when run as root)")
    os.environ.update(ENVIRONMENT)
    os.environ.pop("DEBUG", None)
    create_database()
    manage("migrate", "--noinput", "-v0")
    manage("load_content")
    manage("collectstatic", "--noinput", "-v0")

    import django

    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "kinklist.settings"
    django.setup()
    logging.getLogger("kinklist").setLevel(logging.WARNING)  # the in-process requests need no log lines

    print(f"Bench on {os.cpu_count()} cores, {time.strftime('%Y-%m-%d')}, wrk {DURATION} per page\n")
    comparison = {}
    for size in arguments.sizes:
        seconds = seed(size)
        print(f"== {size:,} participants x {RATINGS_EACH} ratings (seeded in {seconds:.0f} s) ==")
        comparison[size] = measure()
        print()
    print(round_trip_cost())
    if len(comparison) >= 2:
        small, large = min(comparison), max(comparison)
        (p50_small, base_small), (p50_large, base_large) = comparison[small], comparison[large]
        # The machine's own speed drifts between the two sizes' runs; each size's baseline measures it.
        print(
            f"Comparison page p50, one request at a time, at {large:,} vs {small:,} participants: "
            f"{p50_large / p50_small:.2f}x; {(p50_large / base_large) / (p50_small / base_small):.2f}x "
            "relative to each run's baseline (goal <= 1.2x)"
        )


def round_trip_cost() -> str:
    """What one database query costs next to the whole bare view, in this process, with no HTTP in between.

    A save cannot be cheaper than the queries it must make (check the participant, read their answers,
    write one), so this puts the baseline ratio of any view that touches the database in proportion.
    """
    from django.test import Client

    from checklist.models import Participant

    client = Client()
    bare = median_milliseconds(lambda: client.get("/bench/baseline/"))
    query = median_milliseconds(lambda: Participant.objects.filter(pk=1).first())
    return (
        f"In process, median of 500: the bare view {bare:.2f} ms, one query by primary key {query:.2f} ms "
        f"({query / bare:.1f}x the bare view)\n"
    )


def median_milliseconds(action, runs: int = 500) -> float:
    for _ in range(50):
        action()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def manage(*command: str) -> None:
    subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


def create_database() -> None:
    import psycopg

    parts = urlsplit(DATABASE_URL)
    name = parts.path.lstrip("/")
    admin_url = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def seed(size: int) -> float:
    """Replaces every participant with `size` new ones, by COPY; returns the seconds it took."""
    from django.core.cache import cache
    from django.db import connection

    from checklist.models import Activity
    from checklist.reveal import saturation

    started = time.monotonic()
    sides = [(activity.pk, str(side)) for activity in Activity.objects.all() for side in activity.sides]
    random.seed(size)
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE checklist_snapshot, checklist_round, checklist_pairing, checklist_invite, "
            "checklist_rating, checklist_participant, django_session RESTART IDENTITY CASCADE"
        )
        cache.clear()  # sessions cached by an earlier run name participants that are now someone else
        now = "2026-11-01 12:00:00+00"
        copy(
            cursor,
            "checklist_participant (public_id, display_name, access_version, created, last_seen, "
            "hidden_categories, shown_categories)",
            (f"{uuid.uuid4()}\t\t0\t{now}\t{now}\t[]\t[]\n" for _ in range(size)),
        )
        yes_of: dict[int, list] = {}

        def ratings():
            for participant in range(1, size + 1):
                chosen = random.sample(sides, RATINGS_EACH)
                answers = random.choices(["yes", "maybe", "no"], k=RATINGS_EACH)
                yes_of[participant] = [
                    [a, s] for (a, s), answer in zip(chosen, answers, strict=True) if answer == "yes"
                ]
                for (activity, side), answer in zip(chosen, answers, strict=True):
                    yield f"{participant}\t{activity}\t{side}\t{answer}\t{now}\tf\n"

        copy(
            cursor, "checklist_rating (participant_id, activity_id, side, answer, updated, review)", ratings()
        )
        pairings = min(size // 5, 20_000)
        copy(
            cursor,
            "checklist_pairing (public_id, first_id, second_id, created, first_nickname, second_nickname, "
            "first_banner_dismissed, second_banner_dismissed)",
            (f"{uuid.uuid4()}\t{2 * n + 1}\t{2 * n + 2}\t{now}\t\t\tf\tf\n" for n in range(pairings)),
        )
        copy(
            cursor,
            "checklist_round (pairing_id, number, created, revealed)",
            (f"{n}\t1\t{now}\t{now}\n" for n in range(1, pairings + 1)),
        )
        shared_count = sum(1 for _, side in sides if side == "shared")
        directional_count = (len(sides) - shared_count) // 2

        def snapshots():
            for n in range(pairings):
                for participant in (2 * n + 1, 2 * n + 2):
                    keys = {(activity, side) for activity, side in yes_of[participant]}
                    share = saturation(keys, shared_count, directional_count)
                    yield f"{n + 1}\t{participant}\t{now}\t{json.dumps(yes_of[participant])}\t{share}\tf\n"

        copy(
            cursor,
            "checklist_snapshot (round_id, participant_id, frozen, yes, saturation, reveals_anyway)",
            snapshots(),
        )
        cursor.execute("ANALYZE")
    return time.monotonic() - started


def copy(cursor, table: str, lines) -> None:
    with cursor.copy(f"COPY {table} FROM STDIN") as stream:
        buffer = io.StringIO()
        for number, line in enumerate(lines, start=1):
            buffer.write(line)
            if number % 50_000 == 0:
                stream.write(buffer.getvalue())
                buffer = io.StringIO()
        stream.write(buffer.getvalue())


def visitor() -> tuple[str, str, str]:
    """A session for participant 1 (who is in pairing 1): cookie header, CSRF token, pairing path."""
    from django.conf import settings

    from checklist.models import Pairing, Participant

    session_store = import_module(settings.SESSION_ENGINE).SessionStore
    participant = Participant.objects.get(pk=1)
    session = session_store()
    session["participant_id"] = participant.pk
    session["participant_access"] = participant.access_version
    session.create()
    csrf = secrets.token_hex(16)  # Django accepts its 32-character secret as the token
    cookie = f"session={session.session_key}; csrftoken={csrf}"
    pairing = Pairing.objects.get(pk=1)
    return cookie, csrf, f"/pairings/{pairing.public_id}/rounds/1/"


def measure() -> tuple[float, float]:
    """Prints every figure for the database as seeded; returns the comparison's and the baseline's p50."""
    cookie, csrf, comparison = visitor()
    field = first_field(cookie)
    pages = {
        "baseline": ("/bench/baseline/", None),
        "checklist page": ("/checklist/", None),
        "one-tap save": ("/checklist/", SAVE_SCRIPT % {"field": field, "csrf": csrf, "cookie": cookie}),
        "comparison page": (comparison, None),
    }
    server = start_gunicorn()
    try:
        figures = {
            load: {name: run_wrk(path, cookie, connections, script) for name, (path, script) in pages.items()}
            for load, connections in LOADS.items()
        }
        sizes = {
            "checklist page": page_bytes("/checklist/", cookie),
            "comparison page": page_bytes(comparison, cookie),
        }
        largest = largest_section()
        section_sizes = {
            "opened without JavaScript": page_bytes(f"/checklist/?category={largest}", cookie),
            "loaded by htmx as a fragment": len(
                fetch(f"/checklist/?category={largest}", cookie, headers={"HX-Request": "true"})
            ),
        }
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    queries = count_queries(cookie, comparison, field, csrf)
    for load, measured in figures.items():
        baseline = measured["baseline"]["p50"]
        print(f"{load:28}{'p50 ms':>9}{'p99 ms':>9}{'req/s':>9}{'p50 x base':>12}{'queries':>9}{'KB':>8}")
        for name, page in measured.items():
            size = f"{sizes[name] / 1024:.1f}" if name in sizes else ""
            print(
                f"  {name:26}{page['p50']:9.2f}{page['p99']:9.2f}{page['rps']:9.0f}"
                f"{page['p50'] / baseline:12.2f}{queries.get(name, ''):>9}{size:>8}"
            )
    for how, size in section_sizes.items():
        print(f"  the largest section ({largest}) {how}: {size / 1024:.1f} KB")
    alone = figures["one request at a time"]
    return alone["comparison page"]["p50"], alone["baseline"]["p50"]


def django_client(cookie: str):
    from django.test import Client

    client = Client()
    client.cookies.load(cookie)
    return client


def first_field(cookie: str) -> str:
    html = django_client(cookie).get("/checklist/").content.decode()
    return re.search(r'name="(r\d+[sgr])"', html).group(1)


def start_gunicorn() -> subprocess.Popen:
    server = subprocess.Popen(
        [
            str(Path(PYTHON).with_name("gunicorn")),
            "-c",
            "gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
            "kinklist.wsgi",
        ],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "kinklist.settings"},
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(BASE + "/healthz", timeout=1).close()
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    sys.exit("gunicorn did not start")


def run_wrk(path: str, cookie: str, connections: int, script: str | None = None) -> dict:
    threads = min(connections, 2)
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{DURATION}",
        "--latency",
        "-H",
        f"Cookie: {cookie}",
    ]
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(script or "")
    if script:
        command += ["-s", lua.name]
    output = subprocess.run([*command, BASE + path], capture_output=True, text=True, check=True).stdout
    if "Requests/sec" not in output or "50%" not in output:
        sys.exit(f"wrk said:\n{output}")
    Path(lua.name).unlink()
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        print(f"  ({path}: {errors.group(1)} error responses)")
    return {
        "p50": milliseconds(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1)),
        "p99": milliseconds(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1)),
        "rps": float(re.search(r"Requests/sec:\s+(\S+)", output).group(1)),
    }


def milliseconds(text: str) -> float:
    value, unit = re.match(r"([\d.]+)(\w+)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]


def fetch(path: str, cookie: str, encoding: str = "identity", headers: dict | None = None) -> bytes:
    request = urllib.request.Request(
        BASE + path, headers={"Cookie": cookie, "Accept-Encoding": encoding, **(headers or {})}
    )
    with urllib.request.urlopen(request) as response:
        return response.read()


def largest_section() -> str:
    from checklist.catalogue import catalogue

    return max(catalogue().sections, key=lambda section: section.size).slug


def page_bytes(path: str, cookie: str) -> int:
    """Bytes on the wire for the page and its CSS and JS, each as the server sends them."""
    html = fetch(path, cookie)
    total = len(html)
    for asset in re.findall(rb'(?:src|href)="(/static/[^"]+\.(?:css|js))"', html):
        total += len(fetch(asset.decode(), cookie, encoding="br, gzip"))
    assert not html.startswith(GZIP_MAGIC), "dynamic pages must not be compressed"
    return total


def count_queries(cookie: str, comparison: str, field: str, csrf: str) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = django_client(cookie)
    counts = {}
    answers = itertools.cycle(["yes", "no"])  # each save changes the answer, so each one writes
    # Counted on the second of two requests: the first may fill this process's catalogue cache.
    for name, request in {
        "baseline": lambda: client.get("/bench/baseline/"),
        "checklist page": lambda: client.get("/checklist/"),
        "one-tap save": lambda: client.post(
            "/checklist/", {field: next(answers)}, headers={"HX-Request": "true", "X-CSRFToken": csrf}
        ),
        "comparison page": lambda: client.get(comparison),
    }.items():
        request()
        with CaptureQueriesContext(connection) as captured:
            request()
        counts[name] = len(captured)
    return counts


if __name__ == "__main__":
    main()
