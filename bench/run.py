"""Measures the app as deployed: gunicorn over PostgreSQL and Redis, driven by wrk on loopback.

    make bench                      # or: .venv/bin/python bench/run.py [--sizes 100 100000]

Seeds a dedicated PostgreSQL database (BENCH_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/kinklist_bench) with N participants x 150 ratings and N/5 pairings
(at most 20,000) with a revealed round each, starts gunicorn on 127.0.0.1 with Redis as its cache
(BENCH_REDIS_URL, default redis://127.0.0.1:6379/15, which it clears), and prints for each size, one
request at a time and with 16 connections at once: latency p50/p99 and requests/s of a bare view with
the same middleware (the baseline), a view that reads the session and one row (the read baseline), one
that reads the session and writes one row by its index in a transaction (the write baseline), the
checklist page, a one-tap save and the comparison page; each as a ratio to the baseline; SQL queries
per page; bytes per page as served (HTML uncompressed, CSS and JS compressed). Then what one query costs
next to the bare view, and the goals as ratios of this run's p50s: the save against the write baseline,
the checklist page against the read baseline, the comparison at the largest size against the smallest.
Figures are printed, not asserted."""

from __future__ import annotations

import argparse
import io
import itertools
import json
import os
import random
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from importlib import import_module
from pathlib import Path

from serving import BASE, clear_people, environment, prepare, start_gunicorn, stop

DATABASE_URL = os.getenv("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kinklist_bench")
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
  return wrk.format("POST", "%(path)s", {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["HX-Request"] = "true",
    ["X-CSRFToken"] = "%(csrf)s",
    ["Cookie"] = "%(cookie)s",
  }, body)
end
"""

# The goals, as ratios of p50s one request at a time: each page against the least its kind of request must
# do (a save: read the session, write one row; a page: read the session and one row).
GOALS = (
    ("one-tap save", "write baseline", 2.0),
    ("checklist page", "read baseline", 3.0),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 100_000])
    arguments = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk (make bench installs it when run as root)")
    # wrk is one client, so the rate limits are off.
    prepare(environment(DATABASE_URL, RATELIMIT_ENABLE="0", BENCH_BASELINE="1"))

    print(f"Bench on {os.cpu_count()} cores, {time.strftime('%Y-%m-%d')}, wrk {DURATION} per page\n")
    alone = {}
    for size in arguments.sizes:
        seconds = seed(size)
        print(f"== {size:,} participants x {RATINGS_EACH} ratings (seeded in {seconds:.0f} s) ==")
        alone[size] = measure()
        print()
    print(round_trip_cost())
    print("Goals, p50 one request at a time:")
    for size, p50 in alone.items():
        for page, baseline, goal in GOALS:
            print(
                f"  {size:>7,} participants: {page} / {baseline} {verdict(p50[page] / p50[baseline], goal)}"
            )
    if len(alone) >= 2:
        small, large = alone[min(alone)], alone[max(alone)]
        growth = large["comparison page"] / small["comparison page"]
        # The machine's own speed drifts between the two sizes' runs; each size's read baseline measures it.
        relative = growth / (large["read baseline"] / small["read baseline"])
        print(
            f"  comparison page at {max(alone):,} / at {min(alone):,} participants {verdict(growth, 1.2)}; "
            f"{relative:.2f}x relative to each run's read baseline"
        )


def verdict(ratio: float, goal: float) -> str:
    return f"{ratio:.2f}x (goal <= {goal}x): {'met' if ratio <= goal else 'NOT MET'}"


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


def seed(size: int) -> float:
    """Replaces every participant with `size` new ones, by COPY; returns the seconds it took."""
    from django.db import connection

    from checklist.models import Activity
    from checklist.reveal import saturation

    started = time.monotonic()
    sides = [(activity.pk, str(side)) for activity in Activity.objects.all() for side in activity.sides]
    random.seed(size)
    with connection.cursor() as cursor:
        clear_people(cursor)
        now = "2026-11-01 12:00:00+00"
        copy(
            cursor,
            "checklist_participant (public_id, display_name, access_version, created, last_seen, "
            "hidden_categories, shown_categories, language)",
            (f"{uuid.uuid4()}\t\t0\t{now}\t{now}\t[]\t[]\ten\n" for _ in range(size)),
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


def measure() -> dict[str, float]:
    """Prints every figure for the database as seeded; returns each page's p50, one request at a time."""
    cookie, csrf, comparison = visitor()
    field = first_field(cookie)
    pages = {
        "baseline": ("/bench/baseline/", None),
        **goal_pages(cookie, csrf, field),
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
        stop(server)
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
    return {name: page["p50"] for name, page in figures["one request at a time"].items()}


def goal_pages(cookie: str, csrf: str, field: str) -> dict[str, tuple[str, str | None]]:
    """The pages of GOALS and their baselines: path, and the wrk script of a POST (None for a GET)."""

    def posting(path: str) -> str:
        return SAVE_SCRIPT % {"path": path, "field": field, "csrf": csrf, "cookie": cookie}

    return {
        "read baseline": ("/bench/baseline/read/", None),
        "write baseline": ("/bench/baseline/write/", posting("/bench/baseline/write/")),
        "checklist page": ("/checklist/", None),
        "one-tap save": ("/checklist/", posting("/checklist/")),
    }


def django_client(cookie: str):
    from django.test import Client

    client = Client()
    client.cookies.load(cookie)
    return client


def first_field(cookie: str) -> str:
    html = django_client(cookie).get("/checklist/").content.decode()
    return re.search(r'name="(r\d+[sgr])"', html).group(1)


def run_wrk(path: str, cookie: str, connections: int, script: str | None = None, base: str = BASE) -> dict:
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
    output = subprocess.run([*command, base + path], capture_output=True, text=True, check=True).stdout
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
        "read baseline": lambda: client.get("/bench/baseline/read/"),
        "write baseline": lambda: client.post("/bench/baseline/write/", headers={"X-CSRFToken": csrf}),
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
