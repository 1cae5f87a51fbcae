"""How long a sealed comparison round takes in Chromium, for the largest checklist there is.

Every side of the shipped content (fixtures/checklist/) is one point in each message, so S = N = the
number of sides. Two simulated partners play a whole round in one page: each makes a lock message
(tokens, padding, blinding), replies to the other's and finishes (validating the partner's reply and
finding the matches). Printed per browser, that is per person: what one phone would compute.

Runs on the page's own thread with Chromium's CPU throttled (CDP Emulation.setCPUThrottlingRate) and
unthrottled, and in the Web Worker the page uses; a fresh page each time, so the first round is cold
(as for someone pressing Ready) and the second warm. Figures are printed, never asserted.

    .venv/bin/python bench/sealed.py [--rates 1 4] [--rounds 2]
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"

ROUND = """
async ({ sides, inWorker, rounds }) => {
  const sealed = await import("/js/sealed/crypto.js");
  const { SealedWorker } = await import("/js/sealed/worker-client.js");
  const catalogue = { version: sealed.catalogueVersion(sides), sides };
  const worker = inWorker ? new SealedWorker(new URL("/js/sealed/worker.js", location.href)) : null;
  const steps = { lock: sealed.makeLock, reply: sealed.makeReply, finish: sealed.finishRound };
  const run = (step, args) => (worker ? worker.run(step, args) : steps[step](args));
  const pairingSecret = sealed.newSecret();
  const pairing = crypto.randomUUID();
  const yes = () => sides.filter(() => Math.random() < 0.5);
  const timings = [];
  for (let round = 1; round <= rounds; round++) {
    const spent = { inviter: {}, invitee: {} };
    const timed = async (role, step, args) => {
      const started = performance.now();
      const result = await run(step, args);
      spent[role][step] = performance.now() - started;
      return result;
    };
    const people = {};
    for (const role of ["inviter", "invitee"]) {
      const args = { pairingSecret, pairing, round, role, catalogue, yes: yes(), saturated: false };
      people[role] = await timed(role, "lock", args);
    }
    const replies = {};
    for (const [role, other] of [["inviter", "invitee"], ["invitee", "inviter"]]) {
      const args = { pairingSecret, secret: people[role].secret, partnerMessage: people[other].message };
      replies[role] = await timed(role, "reply", args);
    }
    for (const [role, other] of [["inviter", "invitee"], ["invitee", "inviter"]]) {
      const { secret } = replies[role];
      const args = { pairingSecret, secret, partnerReply: replies[other].reply, catalogue };
      await timed(role, "finish", args);
    }
    timings.push(spent);
  }
  worker?.terminate();
  return timings;
}
"""


def catalogue_sides() -> list[list]:
    """Every side the shipped content asks, numbered as a fresh database would number the activities."""
    sides = []
    files = sorted((ROOT / "fixtures" / "checklist").glob("*.json"))
    activities = [activity for path in files for activity in json.loads(path.read_text())["activities"]]
    for activity_id, activity in enumerate(activities, start=1):
        kinds = ["give", "receive"] if activity["kind"] == "directional" else ["shared"]
        sides += [[activity_id, side] for side in kinds]
    return sides


def serve_static() -> ThreadingHTTPServer:
    handler = functools.partial(QuietHandler, directory=str(ROOT / "static"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rates", type=float, nargs="+", default=[1, 4], help="CPU throttling rates")
    parser.add_argument("--rounds", type=int, default=2, help="rounds per page (the first is cold)")
    options = parser.parse_args()
    sides = catalogue_sides()
    server = serve_static()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    print(f"S = N = {len(sides)} sides; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    columns = f"{'lock s':>7} {'reply s':>8} {'finish s':>9} {'per browser s':>14}"
    print(f"{'where':<16} {'CPU':>4} {'round':>5}   {columns}")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        for in_worker in (False, True):
            for rate in options.rates:
                page = browser.new_page()
                page.goto(base)
                page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": rate})
                timings = page.evaluate(
                    ROUND, {"sides": sides, "inWorker": in_worker, "rounds": options.rounds}
                )
                page.close()
                for number, spent in enumerate(timings, start=1):
                    for role, steps in spent.items():
                        total = sum(steps.values()) / 1000
                        label = f"{'worker' if in_worker else 'page'} {role}"
                        print(
                            f"{label:<16} {rate:>3g}x {number:>4}   {steps['lock'] / 1000:>7.2f} "
                            f"{steps['reply'] / 1000:>8.2f} {steps['finish'] / 1000:>9.2f} {total:>14.2f}"
                        )
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
