"""A load test of couples going through the whole site: gunicorn over PostgreSQL and Redis, rate limits on.

    make load           # or, with Locust installed (pip install --group load): .venv/bin/python bench/load.py

Empties a dedicated PostgreSQL database (LOAD_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/kinklist_load), starts gunicorn on 127.0.0.1 as production runs it
behind a proxy (BEHIND_PROXY=1, Redis counting the rate limits), and runs Locust headless on loopback with
the couples of bench/locustfile.py (LOAD_COUPLES, default 200: twice as many simulated people, each with a
client address of their own), spawning LOAD_SPAWN_RATE people a second (default 10), for at most
LOAD_MINUTES (default 90). Then prints throughput, p50 and p99 per step, the errors, and checks the
database against what the site acknowledged: every acknowledged save must be a row with that answer, and
both partners must have been shown the comparison the reveal rule gives for their acknowledged answers.
Exits non-zero unless there were no errors, no unfinished journeys and no lost answers.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from serving import BASE, PYTHON, ROOT, clear_people, environment, prepare, start_gunicorn, stop

DATABASE_URL = os.getenv("LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kinklist_load")
COUPLES = int(os.getenv("LOAD_COUPLES", "200"))
SPAWN_RATE = os.getenv("LOAD_SPAWN_RATE", "10")
MINUTES = int(os.getenv("LOAD_MINUTES", "90"))  # 200 couples took 56 minutes on 2 cores


def main() -> None:
    locust = Path(PYTHON).with_name("locust")
    if not locust.exists():
        sys.exit("Locust is missing: .venv/bin/pip install --group load (make load installs it)")
    prepare(environment(DATABASE_URL, BEHIND_PROXY="1", RATELIMIT_ENABLE="1"))
    from django.db import connection

    with connection.cursor() as cursor:
        clear_people(cursor)
    connection.close()

    folder = Path(tempfile.mkdtemp(prefix="load-"))
    people = 2 * COUPLES
    print(
        f"Load test on {os.cpu_count()} cores, {time.strftime('%Y-%m-%d %H:%M')}: {COUPLES} couples "
        f"({people} people, {SPAWN_RATE} more a second), at most {MINUTES} minutes\n"
    )
    server = start_gunicorn()
    started = time.monotonic()
    try:
        with open(folder / "locust.log", "w") as log:
            subprocess.run(
                [
                    str(locust),
                    "-f",
                    str(ROOT / "bench" / "locustfile.py"),
                    "--headless",
                    "--only-summary",
                    f"--users={people}",
                    f"--spawn-rate={SPAWN_RATE}",
                    f"--run-time={MINUTES}m",
                    f"--host={BASE}",
                    "--exit-code-on-error=0",
                ],
                env={**os.environ, "LOAD_COUPLES": str(COUPLES), "LOAD_RESULTS": str(folder / "people.json")},
                stdout=log,
                stderr=subprocess.STDOUT,
                check=False,
            )
    finally:
        stop(server)
    if not (folder / "people.json").exists():
        sys.exit(f"Locust stopped before the run ended: see {folder / 'locust.log'}")
    seconds = time.monotonic() - started
    results = json.loads((folder / "people.json").read_text())
    errors = print_steps(results["steps"], seconds)
    unfinished = report_journeys(results["people"])
    lost = check_answers(results["people"])
    print(f"\nErrors: {errors}; unfinished journeys: {unfinished}; lost answers: {lost}")
    print(f"Locust's log: {folder / 'locust.log'}")
    if errors or unfinished or lost:
        sys.exit(1)


def print_steps(steps: list[dict], seconds: float) -> int:
    """Prints each step's figures, as Locust measured them (the last line is all steps together); returns
    the number of failed requests."""
    print(f"{'step':28}{'requests':>10}{'errors':>8}{'req/s':>8}{'p50 ms':>9}{'p99 ms':>9}")
    for step in steps:
        print(
            f"  {step['name']:26}{step['requests']:>10}{step['errors']:>8}{step['requests'] / seconds:8.1f}"
            f"{step['p50']:>9.0f}{step['p99']:>9.0f}"
        )
    total = steps[-1]
    print(f"Throughput: {total['requests'] / seconds:.0f} requests/s over {seconds:.0f} s")
    return total["errors"]


def report_journeys(results: list[dict]) -> int:
    failed = [person for person in results if person["failed"]]
    for person in failed[:10]:
        print(f"  person {person['number']} (couple {person['couple']}) stopped: {person['failed']}")
    finished = len(results) - len(failed)
    print(f"Journeys finished: {finished} of {len(results)} people")
    return len(failed)


def check_answers(results: list[dict]) -> int:
    """Acknowledged saves against rows; what each partner was shown against the reveal rule. Returns
    the number of acknowledged answers missing or different in the database."""
    from django.contrib.sessions.models import Session

    from checklist.answers import parse_field_name
    from checklist.models import Rating
    from checklist.participants import SESSION_KEY
    from checklist.reveal import by_activity, reveal

    acknowledged = lost = extra = 0
    yes_of: dict[int, set] = {}
    for person in results:
        rows = {}
        session = Session.objects.filter(session_key=person["session"]).first()
        if session is not None:
            participant_id = session.get_decoded().get(SESSION_KEY)
            ratings = Rating.objects.filter(participant_id=participant_id)
            rows = {
                (activity, side): answer
                for activity, side, answer in ratings.values_list("activity_id", "side", "answer")
            }
        saved = {parse_field_name(field): answer for field, answer in person["acknowledged"].items()}
        acknowledged += len(saved)
        lost += sum(1 for key, answer in saved.items() if rows.get(key) != answer)
        extra += len(rows.keys() - saved.keys())
        yes_of[person["number"]] = {key for key, answer in saved.items() if answer == "yes"}
    wrong = 0
    for person in results:
        if person["shown"] is None:
            continue
        number = person["number"]
        expected = len(by_activity(reveal(yes_of[number], yes_of[number ^ 1])))
        wrong += person["shown"] != expected or person["exported"] != expected
    print(
        f"Acknowledged saves: {acknowledged}; rows missing or different: {lost}; rows never acknowledged: "
        f"{extra}; comparisons shown or exported otherwise than the reveal rule gives: {wrong}"
    )
    return lost + wrong


if __name__ == "__main__":
    main()
