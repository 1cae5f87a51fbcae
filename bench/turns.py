"""Each goal's page against its baseline over HTTP, for two or more versions measured in turns.

    .venv/bin/python bench/turns.py [--size N] [--rounds 6] before=/tmp/before after=.

On one seeded database (BENCH_DATABASE_URL, as `make bench`; --size first reseeds it with N participants as
`make bench` does), gunicorn serves each checkout's code on a port of its own (BENCH_PORT + 1, + 2, ...),
with this checkout's virtual environment and each checkout's gunicorn.conf.py and static files. A checkout
of another version: `git worktree add /tmp/before COMMIT` or `git archive COMMIT | tar -x -C /tmp/before`;
its migrations must be the database's. Each round, the versions in alternating order, wrk measures one
request at a time (BENCH_DURATION each, default 10s) each goal's baseline, then its page: the read baseline
and the checklist page of make bench's visitor, the write baseline and a one-tap save. A machine shared with
other work drifts by more than the differences worth measuring, so versions are compared by medians over
rounds taken in turns, never by runs made minutes apart. Prints each round's p50s with the load average,
then each version's medians and each goal's ratio. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

from run import DATABASE_URL, GOALS, first_field, goal_pages, run_wrk, seed, visitor
from serving import PORT, PYTHON, environment, prepare, start_gunicorn, stop


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, help="reseed with this many participants first")
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("versions", nargs="+", metavar="NAME=CHECKOUT")
    arguments = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")
    versions = {}
    for version in arguments.versions:
        name, _, root = version.partition("=")
        versions[name] = Path(root).resolve()
    prepare(environment(DATABASE_URL, RATELIMIT_ENABLE="0", BENCH_BASELINE="1"))
    if arguments.size:
        print(f"Seeded {arguments.size:,} participants in {seed(arguments.size):.0f} s")
    for root in versions.values():  # each serves its own static files, as collected from its checkout
        subprocess.run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=root, check=True)
    cookie, csrf, _ = visitor()
    pages = goal_pages(cookie, csrf, first_field(cookie))
    ports = {name: PORT + 1 + at for at, name in enumerate(versions)}
    servers = {name: start_gunicorn(root, ports[name]) for name, root in versions.items()}
    p50 = {(name, page): [] for name in versions for page in pages}
    loads = []
    try:
        for name in versions:  # every worker's first requests build the catalogue and the kept fragments
            for path, script in pages.values():
                run_wrk(path, cookie, 2, script, base=f"http://127.0.0.1:{ports[name]}")
        for number in range(arguments.rounds):
            loads.append(os.getloadavg()[0])
            order = list(versions) if number % 2 == 0 else list(reversed(versions))
            for name in order:
                for page, (path, script) in pages.items():
                    measured = run_wrk(path, cookie, 1, script, base=f"http://127.0.0.1:{ports[name]}")
                    p50[name, page].append(measured["p50"])
            figures = "  ".join(
                f"{name}: " + " ".join(f"{p50[name, page][-1]:.2f}" for page in pages) for name in versions
            )
            print(f"round {number + 1}, load {loads[-1]:.1f}: p50 ms ({', '.join(pages)})  {figures}")
    finally:
        for server in servers.values():
            stop(server)
    print(f"\nLoad average (1 min) {min(loads):.1f}-{max(loads):.1f} on {os.cpu_count()} cores; medians:")
    for name in versions:
        print(f"  {name}:")
        for page, baseline, goal in GOALS:
            mine, base = statistics.median(p50[name, page]), statistics.median(p50[name, baseline])
            ratios = [p / b for p, b in zip(p50[name, page], p50[name, baseline], strict=True)]
            print(
                f"    {page} {mine:.2f} ms, {baseline} {base:.2f} ms: {mine / base:.2f}x (goal {goal}x; "
                f"each round's ratio {min(ratios):.2f}-{max(ratios):.2f})"
            )


if __name__ == "__main__":
    main()
