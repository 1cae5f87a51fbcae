// A sealed checklist: the page arrives with nothing answered, the same for every sealed person; this
// fills in the answers only this browser can read, and saves taps encrypted, a moment after the last one.
import { rewriteAnswers } from "./changes.js";
import { encodeSections } from "./crypto.js";
import { answersByKey, openSheet, sectionState } from "./sheet.js";
import { filled, word } from "./words.js";

const SIDE_CODES = { s: "shared", g: "give", r: "receive" };
// One save per burst of taps: the server's logs then count bursts of work, never single answers.
const SAVE_AFTER_MS = 1500;

const root = document.querySelector("[data-sealed-sheet]");
if (root) start(root);

function keyOf(name) {
  const match = /^r(\d+)([sgr])$/.exec(name);
  return match ? `${match[1]}|${SIDE_CODES[match[2]]}` : null;
}

const activityOf = (key) => Number(key.split("|")[0]);

async function start(root) {
  const opened = await openSheet(root);
  if (opened === null) return;
  const { store, bundle } = opened;
  const status = root.querySelector("[data-sheet-status]");
  const clearTemplate = root.querySelector("#clear-button");
  const reviewTemplate = root.querySelector("#review-note");
  const answers = answersByKey(store);
  const review = new Set(store.answersState().review);
  const edits = new Map(); // taps not saved yet: key -> answer, or null for a cleared one
  const stored = store.sections();
  const sections = { hidden: new Set(stored.hidden), shown: new Set(stored.shown) };
  const sectionEls = [...root.querySelectorAll("section[data-category]")];
  const keysIn = new Map(
    sectionEls.map((el) => [el, [...el.querySelectorAll("fieldset.rate")].map((set) => keyOf(set.id.slice(2)))]),
  );
  let timer = null;
  let saving = null;
  let failed = false; // the last save did not reach the server: the next waits for a tap

  function paint(fieldset) {
    const key = keyOf(fieldset.id.slice(2));
    for (const input of fieldset.querySelectorAll("input[type=radio]")) input.checked = answers.get(key) === input.value;
    const foot = fieldset.querySelector(".rate-foot");
    const clear = foot.querySelector("button.clear");
    if (answers.has(key) && !clear) {
      const button = clearTemplate.content.firstElementChild.cloneNode(true);
      button.querySelector(".vh").append(fieldset.querySelector("legend").textContent.trim());
      button.dataset.clear = key;
      foot.prepend(button);
    } else if (!answers.has(key) && clear) {
      clear.remove();
    }
    const note = fieldset.querySelector(".review-note");
    if (review.has(activityOf(key)) && !note) {
      fieldset.querySelector("legend").after(reviewTemplate.content.firstElementChild.cloneNode(true));
    } else if (!review.has(activityOf(key)) && note) {
      note.remove();
    }
  }

  function stateOf(el) {
    const id = Number(el.dataset.category);
    const hasAnswers = keysIn.get(el).some((key) => answers.has(key));
    return sectionState(id, "startsHidden" in el.dataset, sections, hasAnswers);
  }

  function layout() {
    let shownCount = 0;
    for (const el of sectionEls) {
      const state = stateOf(el);
      const id = el.dataset.category;
      el.hidden = state === "left-out";
      el.querySelector("[data-waiting]").hidden = state !== "waiting";
      el.querySelector("form[data-ratings]").hidden = state !== "shown";
      root.querySelector(`[data-jump="${id}"]`).hidden = state !== "shown";
      root.querySelector(`[data-sections-form] input[value="${id}"]`).checked = state === "shown";
      if (state === "shown") shownCount++;
    }
    root.querySelector("[data-shown-count]").textContent = filled("shown-count", { shown: shownCount, total: sectionEls.length });
    root.querySelector("[data-all-left-out]").hidden = shownCount > 0;
  }

  function progress() {
    let answered = 0;
    let total = 0;
    for (const el of sectionEls) {
      const keys = keysIn.get(el);
      const done = keys.filter((key) => answers.has(key)).length;
      el.querySelector("[data-section-count]").textContent = filled("answered-count", { answered: done, total: keys.length });
      const bar = el.querySelector(".cat-progress progress");
      bar.value = done;
      bar.textContent = filled("of", { answered: done, total: keys.length });
      root.querySelector(`[data-jump="${el.dataset.category}"] [data-jump-count]`).textContent = `${done}/${keys.length}`;
      if (stateOf(el) === "shown") {
        answered += done;
        total += keys.length;
      }
    }
    root.querySelector("[data-overall]").textContent = filled("of", { answered, total });
    const bar = root.querySelector("#progress-bar");
    bar.max = Math.max(total, 1);
    bar.value = answered;
  }

  async function save() {
    clearTimeout(timer);
    if (saving) return;
    const batch = new Map(edits);
    edits.clear();
    status.textContent = word("saving");
    // Built on the latest stored answers, so a save from another device meanwhile is kept too.
    saving = store.update("answers", (current) => rewriteAnswers(current, bundle.changes, batch));
    try {
      await saving;
      failed = false;
      status.textContent = word(edits.size ? "saving" : "saved");
    } catch (error) {
      for (const [key, answer] of batch) if (!edits.has(key)) edits.set(key, answer);
      failed = true;
      status.textContent = `${word("not-saved")} ${error.message} ${word("retry")}`;
    } finally {
      saving = null;
      if (edits.size && !failed) schedule();
    }
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(save, SAVE_AFTER_MS);
  }

  function answer(key, value) {
    if (value === null) answers.delete(key);
    else answers.set(key, value);
    edits.set(key, value);
    if (review.delete(activityOf(key))) {
      for (const code of Object.keys(SIDE_CODES)) {
        const fieldset = document.getElementById(`f-r${activityOf(key)}${code}`);
        if (fieldset) paint(fieldset);
      }
    }
    status.textContent = word("saving");
    progress();
    schedule();
  }

  async function saveSections(message) {
    try {
      await store.update("sections", () => encodeSections({ hidden: [...sections.hidden], shown: [...sections.shown] }));
      status.textContent = message;
    } catch (error) {
      status.textContent = `${word("sections-not-saved")} ${error.message}`;
    }
  }

  root.querySelectorAll("fieldset.rate").forEach(paint);
  layout();
  progress();

  root.addEventListener("change", (event) => {
    const input = event.target;
    if (input.type !== "radio") return;
    answer(keyOf(input.name), input.value);
    paint(input.closest("fieldset"));
  });
  root.addEventListener("click", (event) => {
    const clear = event.target.closest("[data-clear]");
    if (clear) {
      const fieldset = clear.closest("fieldset");
      answer(clear.dataset.clear, null);
      paint(fieldset);
      fieldset.querySelector("input[type=radio]").focus();
      return;
    }
    const show = event.target.closest("[data-show-section]");
    if (show) {
      const section = show.closest("section[data-category]");
      const id = Number(section.dataset.category);
      sections.hidden.delete(id);
      sections.shown.add(id);
      layout();
      progress();
      section.querySelector("input[type=radio]")?.focus();
      saveSections(filled("section-shown", { section: section.querySelector("h2").textContent }));
    }
  });
  root.querySelector("[data-sections-form]").addEventListener("submit", (event) => {
    event.preventDefault();
    for (const box of event.target.querySelectorAll("input[name=shown]")) {
      const el = root.querySelector(`section[data-category="${box.value}"]`);
      const id = Number(box.value);
      if (box.checked) {
        sections.hidden.delete(id);
        if ("startsHidden" in el.dataset) sections.shown.add(id);
      } else if (stateOf(el) !== "waiting") {
        sections.hidden.add(id);
        sections.shown.delete(id);
      }
    }
    layout();
    progress();
    const shown = sectionEls.filter((el) => stateOf(el) === "shown").length;
    saveSections(filled("sections-saved", { shown, total: sectionEls.length }));
  });
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden" && edits.size) save();
  });
  window.addEventListener("beforeunload", (event) => {
    if (edits.size || saving) event.preventDefault();
  });
  if (location.hash) document.getElementById(location.hash.slice(1))?.scrollIntoView();
}
