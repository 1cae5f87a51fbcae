// A finished comparison of a sealed pairing: its matches exist only in the person's results blob, so
// this page reads them there and shows them as the ordinary comparison does, with its exports made here.
import { Rejected } from "./crypto.js";
import { Refused } from "./store.js";
import {
  asCsv,
  asJson,
  comparison,
  exportRows,
  loadWords,
  openStore,
  previousOf,
  resultsOf,
} from "./comparing.js";
import { counted, sentence, word } from "./words.js";

const root = document.querySelector("[data-sealed-round]");

/** Marks an element as English when the text it shows fell back to English for want of a translation. */
function markEnglish(element, fallback, key) {
  if (fallback?.includes(key)) element.lang = "en";
}

function card(template, item, showCategory) {
  const node = template.content.firstElementChild.cloneNode(true);
  const heading = node.querySelector("h3");
  heading.textContent = item.activity.name;
  markEnglish(heading, item.activity.fallback, "name");
  const chip = node.querySelector(".chip");
  chip.textContent = item.chip;
  chip.classList.add(`chip-${item.kind}`);
  const category = node.querySelector(".match-category-name");
  if (showCategory) {
    category.textContent = item.category;
    markEnglish(category, item.section.fallback, "name");
  } else category.remove();
  const wording = node.querySelector(".wording");
  const own = item.kind === "you" || item.kind === "partner"; // a direction: say which side was theirs
  if (own) wording.querySelector("[data-your-wording]").textContent = item.yourWording;
  else wording.remove();
  node.querySelector(".prompt").textContent = item.prompt;
  node.querySelector("summary .vh").textContent = `: ${item.activity.name}`;
  const description = node.querySelector("[data-description]");
  description.textContent = item.activity.description;
  markEnglish(description, item.activity.fallback, "description");
  const risk = node.querySelector(".risk");
  risk.textContent = item.activity.risk_label;
  risk.classList.add(`risk-${item.activity.risk}`);
  const terms = node.querySelector("[data-terms]");
  item.activity.terms.forEach(([name, url, fallback], i) => {
    const link = document.createElement("a");
    link.href = url;
    link.textContent = name;
    markEnglish(link, fallback, "name");
    terms.append(i === 0 ? " · " : ", ", link);
  });
  return node;
}

function section(id, heading, cards, fallback) {
  const part = document.createElement("section");
  part.className = "match-category";
  part.setAttribute("aria-labelledby", id);
  const title = document.createElement("h2");
  title.id = id;
  title.textContent = heading;
  markEnglish(title, fallback, "name");
  const list = document.createElement("ul");
  list.className = "matches";
  list.append(...cards);
  part.append(title, list);
  return part;
}

function download(link, text, type, filename) {
  link.href = URL.createObjectURL(new Blob([text], { type }));
  link.download = filename;
}

async function show() {
  const status = root.querySelector("[data-status]");
  const store = await openStore(root.dataset.me);
  if (!store) {
    status.textContent = "";
    root.querySelector("[data-no-key]").hidden = false;
    return;
  }
  const number = Number(root.dataset.number);
  const words = await loadWords();
  const { rounds } = resultsOf(store, root.dataset.pairing);
  const result = rounds.find(({ round }) => round === number);
  status.textContent = "";
  if (!result) {
    root.querySelector("[data-not-kept]").hidden = false;
    root.querySelector("[data-print]").remove();
    return;
  }
  const previous = previousOf(rounds, number);
  const cards = comparison(words, result.matches, previous?.matches ?? null);
  const count = root.querySelector("[data-count]");
  const strong = document.createElement("strong");
  strong.textContent = counted(cards.all.length, "shared-yes");
  count.append(strong);
  if (previous) {
    const fresh = counted(cards.fresh.length, "new");
    count.append(" · ", ...sentence("new-since-comparison", { new: fresh, previous: previous.round }));
  }
  count.hidden = false;
  if (!cards.all.length) {
    root.querySelector("[data-no-matches]").hidden = false;
    root.querySelector("[data-print]").remove();
    return;
  }
  const template = document.getElementById("match-card");
  const groups = root.querySelector("[data-groups]");
  if (cards.fresh.length) {
    groups.append(section("m-new", word("new-this-time"), cards.fresh.map((item) => card(template, item, true))));
  }
  for (const group of cards.groups) {
    const cardsOf = group.cards.map((item) => card(template, item, false));
    groups.append(section(`m-${group.slug}`, group.name, cardsOf, group.fallback));
  }
  root.querySelector("[data-answers-change]").hidden = !previous;
  const rows = exportRows(number, root.dataset.revealed, cards.all);
  const name = `shared-yes-round-${number}`;
  download(root.querySelector("[data-export=json]"), asJson(rows), "application/json", `${name}.json`);
  download(root.querySelector("[data-export=csv]"), asCsv(rows), "text/csv", `${name}.csv`);
  root.querySelector("[data-matches]").hidden = false;
}

if (root) {
  show().catch((error) => {
    const status = root.querySelector("[data-status]");
    status.classList.add("warning");
    if (error instanceof Rejected) {
      status.textContent = `${word("unreadable-heading")} (${error.message}). ${word("unreadable")}`;
    } else if (error instanceof Refused) {
      status.textContent = error.message;
    } else {
      status.textContent = `${word("broken-heading")}: ${error.message}. ${word("reload")}`;
    }
  });
}
