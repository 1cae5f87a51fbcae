// Content changes that remap answers (a merge, a change of kind), applied by a sealed person's browser to
// their own answers, by exactly the rules checklist/operations.py applies to plain ones (a browser test
// holds the two together): nobody ends up with a Yes they did not give, and what could not be carried
// over exactly is marked for its owner to review.
import { SIDES, answersState, decodeAnswers, encodeAnswers } from "./crypto.js";

const CAUTION = ["no", "maybe", "yes"]; // most cautious first

const mostCautious = (given) => given.reduce((kept, next) => (CAUTION.indexOf(next) < CAUTION.indexOf(kept) ? next : kept));
// Some of the merged activities were left unanswered: never a Yes, since one of them was not.
const partlyAnswered = (given) => (given.includes("no") ? "no" : "maybe");

function merge(answers, review, into, replaced) {
  const ids = [into, ...replaced];
  for (const side of SIDES) {
    const given = ids.map((id) => answers.get(`${id}|${side}`)).filter(Boolean);
    if (given.length === 0) continue;
    const unanimous = given.length === ids.length && new Set(given).size === 1;
    answers.set(`${into}|${side}`, given.length === ids.length ? mostCautious(given) : partlyAnswered(given));
    if (!unanimous || ids.some((id) => review.has(id))) review.add(into);
  }
}

function changeKind(answers, review, activity, to) {
  const key = (side) => `${activity}|${side}`;
  if (to === "shared") {
    const given = ["give", "receive"].map((side) => answers.get(key(side))).filter(Boolean);
    answers.delete(key("give"));
    answers.delete(key("receive"));
    if (given.length === 0) return;
    answers.set(key("shared"), given.length === 2 ? mostCautious(given) : partlyAnswered(given));
  } else {
    const shared = answers.get(key("shared"));
    answers.delete(key("shared"));
    if (shared === undefined) return;
    // A Yes to doing something together is no Yes to doing it to a partner.
    for (const side of ["give", "receive"]) answers.set(key(side), shared === "yes" ? "maybe" : shared);
  }
  review.add(activity);
}

/**
 * Applies the changes after the first `applied` to `answers` (a Map "id|side" -> answer) and `review`
 * (a Set of activity ids), in order; returns how many are applied then.
 */
export function applyChanges(answers, review, changes, applied) {
  for (const [kind, activity, detail] of changes.slice(applied)) {
    if (kind === "merge") merge(answers, review, activity, detail);
    else if (kind === "kind") changeKind(answers, review, activity, detail);
    else throw new TypeError(`not a content change: ${kind}`);
  }
  return Math.max(applied, changes.length);
}

/**
 * The answers blob's next payload: `current` (null for none) brought up to date with every content change,
 * then `edits` (a Map "id|side" -> answer, or null to clear) applied; an edited activity needs no more review.
 */
export function rewriteAnswers(current, changes, edits = new Map()) {
  const stored = current ?? new Uint8Array(0);
  const answers = new Map(decodeAnswers(stored).map(([id, side, answer]) => [`${id}|${side}`, answer]));
  const state = answersState(stored);
  const review = new Set(state.review);
  const applied = applyChanges(answers, review, changes, state.applied);
  for (const [key, answer] of edits) {
    if (answer === null) answers.delete(key);
    else answers.set(key, answer);
    review.delete(Number(key.split("|")[0]));
  }
  const listed = [...answers].map(([key, answer]) => {
    const [id, side] = key.split("|");
    return [Number(id), side, answer];
  });
  return encodeAnswers(listed, { applied, review: [...review] });
}

/** Brings the person's stored answers through every content change they have not been through yet. */
export async function bringUpToDate(store, changes) {
  if (store.answersState().applied < changes.length) {
    await store.update("answers", (current) => rewriteAnswers(current, changes));
  }
}
