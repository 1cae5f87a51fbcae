// The page of a sealed pairing. Its comparisons are computed here, between the two partners' browsers;
// the server relays what they send and tells each where the round stands (docs/sealed.md). That state
// drives the round panel, the heavy steps run in the worker with their progress shown, and every result
// is kept in the person's own results blob, where the history and the round pages read it.
import {
  Rejected,
  decodeRoundSecret,
  encodeRoundSecret,
  fromBase64url,
  newSecret,
  saturation,
  toBase64url,
} from "./crypto.js";
import { linkWithSecret, takeFragmentSecret } from "./fragment.js";
import { Refused, api } from "./store.js";
import { SealedWorker } from "./worker-client.js";
import {
  ACCEPTING,
  PENDING_INVITE,
  PENDING_SECRET,
  comparison,
  keepResult,
  loadCatalogue,
  loadWords,
  lockable,
  longDate,
  moveSecret,
  openStore,
  previousOf,
  resultsOf,
} from "./comparing.js";
import { counted, sentence, word } from "./words.js";

const PADDING = 0xffff; // a round secret's position that holds padding, not an answer
const sideKey = ([id, side]) => `${id}|${side}`;

/** What the partner's browser sent could not be opened: most likely the two browsers hold different K. */
class Unreadable extends Error {
  name = "Unreadable";
}

class PairingPage {
  constructor(root, fromLink, accepted) {
    this.root = root;
    this.fromLink = fromLink;
    this.accepted = accepted; // this page is where accepting a sealed invite led, in this tab
    this.pairing = root.dataset.pairing;
    this.pairingUrl = root.dataset.pairingUrl;
    this.apiUrl = root.dataset.apiUrl; // in the page's language, which the server's refusals are worded in
    this.threshold = Number(root.dataset.saturationThreshold);
    this.askBelow = Number(root.dataset.askBelow);
    this.pollMs = Number(root.dataset.pollMs) || 3000; // never 0 or NaN: a page polling without pause
    this.panel = root.querySelector("[data-round-state]");
    this.status = root.querySelector("[data-status]");
    this.sealLink = root.querySelector("[data-seal-link]");
    this.state = null;
    this.timer = null;
    this.polling = false;
    this.worker = null;
    this.partnerWasLocked = false;
    // Counts what started last, a look at the server or a person's press: a look that comes back after a
    // press must not draw its panel over the one the press shows (a question being answered, say).
    this.generation = 0;
    // Whoever presses Ready second goes straight to the result, as in the ordinary comparison.
    this.second = false;
    this.onClick(this.sealLink, "[data-make-seal-link]", () => this.makeSealLink());
    document.addEventListener("visibilitychange", () => {
      if (document.hidden) clearTimeout(this.timer);
      else if (this.polling) this.refresh();
    });
    window.addEventListener("pagehide", () => this.stopPolling());
    // A seal link opened over this very page changes only its fragment: the page is not loaded again.
    window.addEventListener("hashchange", () => {
      this.fromLink = takeLinkSecret(root);
      if (this.fromLink && this.store) this.guard(() => this.keepLinkSecret());
    });
  }

  async start() {
    await this.guard(async () => {
      this.store = await openStore(this.root.dataset.me);
      if (!this.store) {
        this.panel.hidden = true;
        this.root.querySelector("[data-no-key]").hidden = false;
        return;
      }
      this.info = await api("GET", this.apiUrl);
      this.secret = await this.findSecret();
      [this.catalogue, this.words] = await Promise.all([loadCatalogue(), loadWords()]);
      this.renderHistory();
      if (!this.secret) {
        this.panel.hidden = true;
        this.offerSealLink(false);
        return;
      }
      await this.refresh(false);
    });
  }

  /** The pairing's secret: kept already, just opened from a seal link, or brought by an invite link. */
  async findSecret() {
    const ring = this.store.keyring();
    if (this.fromLink) return this.keepLinkSecret(false);
    if (ring[this.pairing]) return ring[this.pairing];
    const invite = this.info.invite;
    if (invite && ring[invite]) {
      await moveSecret(this.store, invite, this.pairing);
      return ring[invite];
    }
    const held = sessionStorage.getItem(PENDING_SECRET);
    if (this.info.role === "invitee" && held && this.accepted) {
      const secret = fromBase64url(held);
      await this.store.keep(this.pairing, secret);
      sessionStorage.removeItem(PENDING_SECRET);
      sessionStorage.removeItem(PENDING_INVITE);
      return secret;
    }
    return null;
  }

  /** A seal link replaces what was kept: it is how two browsers holding different secrets agree again. */
  async keepLinkSecret(refresh = true) {
    const secret = this.fromLink;
    this.fromLink = null;
    await this.store.keep(this.pairing, secret);
    this.secret = secret;
    this.sealLink.hidden = true;
    this.say(word("kept-secret"));
    if (refresh) await this.refresh();
    return secret;
  }

  // -------------------------------------------------------------------------------------------
  // Where the round stands, and the panel that goes with it.

  roundUrl(number, step = "") {
    return `${this.apiUrl}rounds/${number}/${step}`;
  }

  async refresh(again = true) {
    this.stopPolling();
    const look = ++this.generation;
    await this.guard(async () => {
      if (again) this.info = await api("GET", this.apiUrl);
      // A result just found stays on the panel until the person moves on, as the ordinary page does.
      if (await this.finishLeftover()) return;
      const state = await api("GET", this.roundUrl(this.info.round));
      if (look === this.generation) await this.render(state);
    });
  }

  async render(state) {
    this.state = state;
    if (state.stage === "done") {
      // Finished between reading the pairing and the round: this browser's part ends it here.
      const secret = await this.secretFor(this.info.round);
      if (!secret?.digests || !state.partner_reply) return this.refresh();
      await this.finish(secret, state.partner_reply);
      return;
    }
    if (!state.me_locked) {
      this.partnerWasLocked = false;
      this.ready(state.partner_locked);
      return;
    }
    if (state.stage === "open") {
      this.second = false; // the partner presses Ready after this person now, if at all
      const panel = this.show("waiting");
      if (this.partnerWasLocked) {
        panel.querySelector("[data-note]").textContent = word("partner-withdrew");
      }
      this.onClick(panel, "[data-withdraw]", () => this.withdraw());
      this.poll();
      return;
    }
    this.partnerWasLocked = true;
    if (state.stage === "replied") {
      this.show("replied");
      this.poll();
      return;
    }
    const secret = await this.secretFor(this.info.round);
    if (!secret) {
      this.problem(word("no-record-heading"), word("no-record"), { withdraw: true });
      return;
    }
    await this.reply(secret, state.partner_message);
  }

  ready(partnerReady) {
    const panel = this.show("ready");
    const compared = this.info.finished.length > 0;
    panel.querySelector("[data-heading]").textContent = word(
      partnerReady ? "partner-ready" : compared ? "compare-again" : "ready-first",
    );
    panel.querySelector("[data-ready]").classList.toggle("button-primary", partnerReady || !compared);
    this.onClick(panel, "[data-ready]", () => this.pressReady(false));
  }

  // -------------------------------------------------------------------------------------------
  // The steps: Ready (lock), the reply once both are locked, and the finish once both replies are in.

  async pressReady(confirmed) {
    // Asked from the answers as this page holds them, before anything is asked of the server: were it asked
    // after a request, the pause before the lock would tell the server that this person answered little.
    const { answered, total } = lockable(this.store, this.catalogue, this.words);
    if (!confirmed && answered < total * this.askBelow) {
      const panel = this.show("confirm");
      panel.querySelector("[data-answered]").textContent = answered;
      panel.querySelector("[data-total]").textContent = total;
      this.onClick(panel, "[data-ready-anyway]", () => this.pressReady(true));
      return;
    }
    this.working(word("locking"), word("reading"));
    await this.store.reload(); // the answers as they are now, whichever device changed them last
    const { yes } = lockable(this.store, this.catalogue, this.words);
    this.working(word("locking"), word("sealing"));
    const offered = new Set(this.catalogue.sides.map(sideKey));
    const counted = new Map(
      [...resultsOf(this.store, this.pairing).earlier, ...yes]
        .filter((answer) => offered.has(sideKey(answer)))
        .map((answer) => [sideKey(answer), answer]),
    );
    const saturated = saturation([...counted.values()], this.catalogue.sides) >= this.threshold;
    const round = this.info.round;
    const { message, secret } = await this.run("lock", {
      pairingSecret: this.secret,
      pairing: this.pairing,
      round,
      role: this.info.role,
      catalogue: this.catalogue,
      yes,
      saturated,
    });
    // Kept before the lock is sent: a lock whose secret was lost could never be finished.
    await this.store.update(`round-secret:${this.pairing}`, () => encodeRoundSecret(secret));
    const state = await api("POST", this.roundUrl(round, "lock/"), {
      catalogue: this.catalogue.version,
      message: toBase64url(message),
    });
    this.second = state.partner_locked;
    await this.render(state);
  }

  async reply(secret, partnerMessage) {
    this.working(word("comparing"), word("comparing-step"));
    const made = await this.run("reply", {
      pairingSecret: this.secret,
      secret,
      partnerMessage: fromBase64url(partnerMessage),
    });
    if (!made.partnerSaturated) return this.sendReply(made);
    const panel = this.show("decide");
    const nothingExposed = Array.from(secret.positions).every((position) => position === PADDING);
    for (const part of panel.querySelectorAll("[data-exposed]")) part.hidden = nothingExposed;
    for (const part of panel.querySelectorAll("[data-nothing-exposed]")) part.hidden = !nothingExposed;
    this.onClick(panel, "[data-reveal-anyway]", () => this.sendReply(made));
    this.onClick(panel, "[data-cancel]", () => this.withdraw());
  }

  async sendReply(made) {
    this.working(word("comparing"), word("sending"));
    // The digests finish the round once the partner's reply arrives, on this device or another one.
    await this.store.update(`round-secret:${this.pairing}`, () => encodeRoundSecret(made.secret));
    const state = await api("POST", this.roundUrl(made.secret.round, "reply/"), { message: toBase64url(made.reply) });
    await this.render(state);
  }

  async withdraw() {
    const round = this.info.round;
    const state = await api("POST", this.roundUrl(round, "withdraw/"));
    // The withdrawn points' secret goes with them: kept, it would let a server that kept the withdrawn lock
    // (and says later that it still stands) get a reply from this browser, over answers taken back.
    await this.erase(round);
    this.partnerWasLocked = false;
    this.second = false;
    this.say(word("withdrew"));
    await this.render(state);
  }

  async finish(secret, partnerReply) {
    this.working(word("opening"), word("finding"));
    const { matches } = await this.run("finish", {
      pairingSecret: this.secret,
      secret,
      partnerReply: fromBase64url(partnerReply),
      catalogue: this.catalogue,
    });
    const locked = Array.from(secret.positions)
      .filter((position) => position !== PADDING)
      .map((position) => this.catalogue.sides[position]);
    await keepResult(this.store, this.pairing, secret.round, matches, locked);
    await this.erase(secret.round);
    this.info = await api("GET", this.apiUrl);
    this.renderHistory();
    this.revealed(secret.round);
  }

  /**
   * Ends a round that finished since this page last looked, or while no page of this person's was open
   * (on this device or another); says whether it did.
   */
  async finishLeftover() {
    const secret = this.roundSecret();
    if (!secret?.digests || !this.info.finished.some(({ number }) => number === secret.round)) return false;
    const kept = resultsOf(this.store, this.pairing).rounds.some(({ round }) => round === secret.round);
    const state = kept ? null : await api("GET", this.roundUrl(secret.round));
    if (!state?.partner_reply) {
      await this.erase(secret.round); // ended elsewhere, or its reply is gone: nothing to finish here
      return false;
    }
    await this.finish(secret, state.partner_reply);
    return true;
  }

  roundSecret() {
    const payload = this.store.payload(`round-secret:${this.pairing}`);
    return payload?.length ? decodeRoundSecret(payload) : null;
  }

  /** The secret of this round, as the latest write left it: another device may have pressed Ready. */
  async secretFor(round) {
    await this.store.reload();
    const secret = this.roundSecret();
    return secret?.round === round ? secret : null;
  }

  /** Erases a finished round's secret (an empty payload, sealed to the same size), unless a newer one is there. */
  async erase(round) {
    await this.store.update(`round-secret:${this.pairing}`, (current) =>
      current?.length && decodeRoundSecret(current).round !== round ? current : new Uint8Array(0),
    );
  }

  async run(step, args) {
    this.worker ??= new SealedWorker();
    const bar = this.panel.querySelector("progress");
    try {
      return await this.worker.run(step, args, (done, total) => {
        if (bar) bar.value = done / total;
      });
    } catch (error) {
      throw error instanceof Rejected ? new Unreadable(error.message) : error;
    }
  }

  // -------------------------------------------------------------------------------------------
  // What the page shows.

  show(name) {
    const panel = this.panel;
    // The button just pressed goes with the old panel: keyboard and screen reader users continue from
    // the new panel's heading rather than from the top of the page.
    const hadFocus = panel.contains(document.activeElement);
    panel.replaceChildren(document.getElementById(`panel-${name}`).content.cloneNode(true));
    panel.classList.toggle("ready-panel", name === "revealed");
    panel.hidden = false;
    if (hadFocus) {
      const heading = panel.querySelector("h2");
      heading.tabIndex = -1;
      heading.focus();
    }
    return panel;
  }

  working(heading, step) {
    const panel = this.show("working");
    panel.querySelector("[data-heading]").textContent = heading;
    panel.querySelector("[data-step]").textContent = step;
  }

  onClick(within, selector, step) {
    within.querySelector(selector).addEventListener("click", () => {
      this.generation++;
      this.guard(step);
    });
  }

  say(message) {
    this.status.textContent = message;
  }

  problem(heading, message, { withdraw = false } = {}) {
    const panel = this.show("problem");
    panel.querySelector("[data-heading]").textContent = heading;
    panel.querySelector("[data-message]").textContent = message;
    panel.querySelector("[data-retry]").addEventListener("click", () => location.reload());
    panel.querySelector("[data-withdraw]").hidden = !withdraw;
    this.onClick(panel, "[data-withdraw]", () => this.withdraw());
  }

  revealed(round) {
    const url = `${this.pairingUrl}rounds/${round}/`;
    if (this.second) {
      location.assign(url);
      return;
    }
    const { rounds } = resultsOf(this.store, this.pairing);
    const result = rounds.find((each) => each.round === round);
    const cards = comparison(this.words, result.matches, previousOf(rounds, round)?.matches ?? null);
    const panel = this.show("revealed");
    panel.querySelector("[data-count]").textContent = counted(cards.all.length, "shared-yes");
    panel.querySelector("[data-see]").href = url;
  }

  renderHistory() {
    const section = this.root.querySelector("#history");
    const { rounds } = resultsOf(this.store, this.pairing);
    const heading = section.querySelector("h2");
    if (!this.info.finished.length) {
      const none = document.createElement("p");
      none.textContent = word("no-comparisons");
      section.replaceChildren(heading, none);
      return;
    }
    const list = document.createElement("ol");
    list.className = "history";
    list.reversed = true;
    for (const { number, date } of [...this.info.finished].reverse()) {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = `${this.pairingUrl}rounds/${number}/`;
      link.append(...sentence("history-entry", { number, date: longDate(date) }));
      item.append(link, this.summary(rounds, number));
      list.append(item);
    }
    section.replaceChildren(heading, list);
  }

  summary(rounds, number) {
    const result = rounds.find((each) => each.round === number);
    if (!result) return `: ${word("not-kept")}`;
    const previous = previousOf(rounds, number);
    const cards = comparison(this.words, result.matches, previous?.matches ?? null);
    const count = `: ${counted(cards.all.length, "shared-yes")}`;
    return previous ? `${count}, ${counted(cards.fresh.length, "new-since-before")}` : count;
  }

  offerSealLink(different) {
    this.sealLink.hidden = false;
    this.sealLink.querySelector("[data-why-missing]").hidden = different;
    this.sealLink.querySelector("[data-why-different]").hidden = !different;
    this.sealLink.querySelector("[data-make]").hidden = false;
    this.sealLink.querySelector("[data-made]").hidden = true;
  }

  async makeSealLink() {
    const secret = newSecret();
    await this.store.keep(this.pairing, secret);
    this.secret = secret;
    const input = this.sealLink.querySelector("input.secret");
    input.value = linkWithSecret(new URL(this.pairingUrl, location.href).href, "K", secret);
    this.sealLink.querySelector("[data-make]").hidden = true;
    this.sealLink.querySelector("[data-made]").hidden = false;
    input.focus();
    input.select();
    await this.refresh();
  }

  poll() {
    this.polling = true;
    clearTimeout(this.timer);
    if (!document.hidden) this.timer = setTimeout(() => this.refresh(), this.pollMs);
  }

  stopPolling() {
    this.polling = false;
    clearTimeout(this.timer);
  }

  /** Runs a step; whatever goes wrong is said in words, and the page stays usable. */
  async guard(step) {
    try {
      await step();
    } catch (error) {
      this.stopPolling();
      if (error instanceof Unreadable) {
        const mine = this.state?.me_locked && !this.state?.me_replied;
        this.problem(word("different-heading"), word("different"), { withdraw: mine });
        this.offerSealLink(true);
      } else if (error instanceof Rejected) {
        this.problem(word("unreadable-heading"), `${error.message}. ${word("unreadable")}`);
      } else if (error instanceof Refused) {
        this.problem(word("refused-heading"), error.message);
      } else {
        this.problem(word("broken-heading"), `${error.message}. ${word("reload")}`);
      }
    }
  }
}

/** A seal link's secret, taken out of the address bar and the history at once. */
function takeLinkSecret(root) {
  try {
    return takeFragmentSecret("K");
  } catch {
    root.querySelector("[data-status]").textContent = word("damaged-link");
    return null;
  }
}

/** Whether accepting an invite led here; asked once, so no later page of this tab takes the invite's secret. */
function takeAccepting() {
  const accepted = sessionStorage.getItem(ACCEPTING) !== null;
  sessionStorage.removeItem(ACCEPTING);
  return accepted;
}

const root = document.querySelector("[data-sealed-pairing]");
if (root) new PairingPage(root, takeLinkSecret(root), takeAccepting()).start();
