// What the pages of a sealed pairing share: the person's store opened with this browser's key, the
// pairing's secret in their keyring, the checklist's words (one bundle, the same for everyone), the Yes
// answers a comparison locks in, and a result worded and grouped as the ordinary comparison shows it
// (checklist/comparison_view.py), with its exports.
import { bringUpToDate } from "./changes.js";
import { checkCatalogue, decodeKeyring, decodeResults, encodeKeyring, encodeResults } from "./crypto.js";
import { LANGUAGE_PREFIX, api, loadBundle, openMine } from "./store.js";
import { word } from "./words.js";

// A pairing's secret from an invite link, held in this tab until the pairing it began is open.
export const PENDING_SECRET = "kinklist-sealed:pending-pairing-secret";
// The invite a person left to seal their checklist: the sealing page offers the way back to it.
export const PENDING_INVITE = "kinklist-sealed:pending-invite";
// Set as the invite's Accept is sent: only the pairing page that accepting leads to takes the held secret,
// never another pairing's page opened in this tab meanwhile (one whose secret this browser lacks).
export const ACCEPTING = "kinklist-sealed:accepting-invite";

/**
 * The person's store, or null when this browser holds no key that opens it; its answers brought through
 * every content change first, as the checklist page does.
 */
export async function openStore(participant) {
  const store = await openMine(participant);
  if (store !== null) await bringUpToDate(store, (await loadBundle()).changes);
  return store;
}

/** Moves a pairing's secret from the invite it was kept under to the pairing, in one write. */
export async function moveSecret(store, invite, pairing) {
  await store.update("keyring", (current) => {
    const ring = current ? decodeKeyring(current) : {};
    if (ring[invite]) {
      ring[pairing] ??= ring[invite];
      delete ring[invite];
    }
    return encodeKeyring(ring);
  });
}

export async function loadCatalogue() {
  return checkCatalogue(await loadBundle());
}

/** The page's language: the words it loads and the exports it makes are in it. */
const language = document.documentElement.lang;

/** The checklist's words in the page's language, each text shown in English named in its "fallback". */
export async function loadWords() {
  const { sections } = await api("GET", `${LANGUAGE_PREFIX}/sealed/wording.json`);
  const activities = new Map();
  for (const section of sections) {
    for (const activity of section.activities) activities.set(activity.id, { ...activity, section });
  }
  return { sections, activities };
}

const key = (id, side) => `${id}|${side}`;

/**
 * The Yes answers a comparison locks in now, as the checklist counts them (checklist/sections.py): none
 * in a section left out, nor in one that starts hidden and was neither shown nor answered; only sides the
 * catalogue offers. With the person's progress over the sections they rate, for Ready's question.
 */
export function lockable(store, catalogue, words) {
  const { hidden, shown } = store.sections();
  const left = new Set(hidden);
  const showing = new Set(shown);
  const offered = new Set(catalogue.sides.map(([id, side]) => key(id, side)));
  const answers = store.answers().filter(([id, side]) => offered.has(key(id, side)));
  const answeredIn = new Set(answers.map(([id]) => words.activities.get(id)?.section.id));
  const counts = (section) =>
    !left.has(section.id) && !(section.starts_hidden && !showing.has(section.id) && !answeredIn.has(section.id));
  const counted = new Set(words.sections.filter(counts).map((section) => section.id));
  const inCounted = ([id]) => counted.has(words.activities.get(id)?.section.id);
  const total = catalogue.sides.filter(inCounted).length;
  const yes = answers.filter((answer) => answer[2] === "yes" && inCounted(answer)).map(([id, side]) => [id, side]);
  return { yes, answered: answers.filter(inCounted).length, total };
}

// ---------------------------------------------------------------------------------------------
// Results: the rounds of a pairing as the person's browser computed them, from their side (a match's
// side is their own: "give" is them acting). Beside the rounds one entry numbered 0 keeps every Yes they
// locked in in this pairing's finished rounds: saturation counts those too, as the ordinary guard does,
// so a Yes to everything spread over several comparisons does not slip past it.

const EARLIER = 0;

export function resultsOf(store, pairing) {
  const payload = store.payload(`results:${pairing}`);
  const entries = payload ? decodeResults(payload) : [];
  return {
    rounds: entries.filter(({ round }) => round !== EARLIER).sort((a, b) => a.round - b.round),
    earlier: entries.find(({ round }) => round === EARLIER)?.matches ?? [],
  };
}

/** The kept round just before `number`: what "new since" is measured against. */
export function previousOf(rounds, number) {
  return rounds.filter(({ round }) => round < number).at(-1) ?? null;
}

export async function keepResult(store, pairing, round, matches, lockedYes) {
  await store.update(`results:${pairing}`, (current) => {
    const entries = current ? decodeResults(current) : [];
    const rounds = entries.filter((entry) => entry.round !== EARLIER && entry.round !== round);
    rounds.push({ round, matches });
    rounds.sort((a, b) => a.round - b.round);
    const earlier = new Map(entries.find((entry) => entry.round === EARLIER)?.matches.map((m) => [key(...m), m]));
    for (const yes of lockedYes) earlier.set(key(...yes), yes);
    // The oldest rounds drop out first when the blob is full; the entry of earlier Yes answers is kept.
    return encodeResults([...rounds, { round: EARLIER, matches: [...earlier.values()] }]);
  });
}

// ---------------------------------------------------------------------------------------------
// A result as the ordinary comparison words it: one card per activity, "new since" the round before.

function wordingOf(activity, kind) {
  return {
    together: activity.name,
    both: `${activity.give}; ${activity.receive}`,
    you: activity.give,
    partner: activity.receive,
  }[kind];
}

function kindOf(sides) {
  if (sides.has("shared")) return "together";
  if (sides.has("give") && sides.has("receive")) return "both";
  return sides.has("give") ? "you" : "partner";
}

function byActivity(matches) {
  const found = new Map();
  for (const [id, side] of matches) {
    if (!found.has(id)) found.set(id, new Set());
    found.get(id).add(side);
  }
  return found;
}

/** Each card's chip and opening question are the page's words for its kind (chip-you, prompt-you…). */
export function comparison(words, matches, previous) {
  const before = new Set((previous ?? []).map((match) => key(...match)));
  const fresh = new Set(matches.filter((match) => !before.has(key(...match))).map(([id]) => id));
  const directions = byActivity(matches);
  const cards = [];
  const groups = [];
  for (const section of words.sections) {
    const rest = [];
    for (const activity of section.activities) {
      if (!directions.has(activity.id)) continue;
      const kind = kindOf(directions.get(activity.id));
      const other = { you: "partner", partner: "you" }[kind] ?? kind;
      const card = {
        activity,
        section,
        category: section.name,
        kind,
        chip: word(`chip-${kind}`),
        prompt: word(`prompt-${kind}`),
        yourWording: wordingOf(activity, kind),
        partnerWording: wordingOf(activity, other),
        isNew: previous !== null && fresh.has(activity.id),
      };
      (card.isNew ? cards : rest).push(card);
    }
    if (rest.length) {
      groups.push({ slug: section.slug, name: section.name, fallback: section.fallback, cards: rest });
    }
  }
  return { fresh: cards, groups, all: [...cards, ...groups.flatMap((group) => group.cards)] };
}

// ---------------------------------------------------------------------------------------------
// Exports, made here: the same columns and layout as the ordinary comparison's downloads, saying which
// language their words are in.

const COLUMNS = [
  "round",
  "revealed",
  "activity",
  "category",
  "direction",
  "your_wording",
  "partner_wording",
  "language",
];

export function exportRows(number, revealed, cards) {
  return cards.map((card) => ({
    round: number,
    revealed,
    activity: card.activity.name,
    category: card.category,
    direction: card.chip,
    your_wording: card.yourWording,
    partner_wording: card.partnerWording,
  }));
}

export function asJson(rows) {
  return JSON.stringify({ exported: new Date().toISOString(), language, matches: rows }, null, 2);
}

function csvField(value) {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function asCsv(rows) {
  const lines = [COLUMNS, ...rows.map((row) => COLUMNS.map((column) => ({ ...row, language })[column]))];
  return lines.map((line) => line.map(csvField).join(",") + "\r\n").join("");
}

/**
 * A date as the server's pages write it in the page's language (in its time zone, UTC): "3 December 2026",
 * "3. Dezember 2026", "3 de diciembre de 2026". English pages write the day first, as British English does.
 */
export function longDate(iso) {
  const language = document.documentElement.lang;
  const format = { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" };
  return new Intl.DateTimeFormat(language === "en" ? "en-GB" : language, format).format(new Date(iso));
}
