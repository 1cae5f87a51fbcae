// What the sealed checklist page and its print view share: opening the person's answers (or saying why
// not), and which sections count, by the same rule as checklist/sections.py.
import { bringUpToDate } from "./changes.js";
import { loadBundle, openMine } from "./store.js";
import { word } from "./words.js";

/**
 * Opens the page's store, showing progress and, if this browser holds no key that opens it, why not.
 * Answers that content changes since their last save have not reached yet are brought up to date first.
 * Gives the store and the catalogue bundle, or null.
 */
export async function openSheet(root) {
  const status = root.querySelector("[data-sheet-status]");
  status.textContent = word("opening-answers");
  let store;
  let bundle;
  try {
    store = await openMine(root.dataset.participant);
    bundle = await loadBundle();
    if (store !== null) await bringUpToDate(store, bundle.changes);
  } catch (error) {
    status.textContent = `${word("not-opened")} ${error.message}`;
    return null;
  }
  status.textContent = "";
  if (store === null) {
    root.querySelector("[data-no-key]").hidden = false;
    return null;
  }
  root.querySelector("[data-sheet-body]").hidden = false;
  return { store, bundle };
}

export function answersByKey(store) {
  return new Map(store.answers().map(([id, side, answer]) => [`${id}|${side}`, answer]));
}

/**
 * A section is rated unless left out; one that starts hidden waits to be shown (offered with one tap)
 * until it is shown or holds answers.
 */
export function sectionState(id, startsHidden, sections, hasAnswers) {
  if (sections.hidden.has(id)) return "left-out";
  if (startsHidden && !sections.shown.has(id) && !hasAnswers) return "waiting";
  return "shown";
}
