// A sealed checklist's print view and downloads: the answers are read and laid out here, in the browser,
// and the files are made here too; nothing readable is asked of the server.
import { answersByKey, openSheet, sectionState } from "./sheet.js";
import { filled, word } from "./words.js";

// The last column says which language the names and wording are in: the page's.
const COLUMNS = ["activity", "category", "side", "wording", "answer", "category_left_out", "language"];
const language = document.documentElement.lang;

const root = document.querySelector("[data-sealed-print]");
if (root) start(root);

async function start(root) {
  const opened = await openSheet(root);
  if (opened === null) return;
  const { store } = opened;
  const answers = answersByKey(store);
  const stored = store.sections();
  const sections = { hidden: new Set(stored.hidden), shown: new Set(stored.shown) };
  const rows = [];
  const leftOut = [];
  let answered = 0;
  let total = 0;
  for (const el of root.querySelectorAll("section[data-category]")) {
    const lines = [...el.querySelectorAll("tr[data-key]")];
    const mine = lines.filter((line) => answers.has(line.dataset.key));
    const state = sectionState(Number(el.dataset.category), "startsHidden" in el.dataset, sections, mine.length > 0);
    if (state === "left-out") leftOut.push(el.dataset.name);
    if (state === "shown") {
      answered += mine.length;
      total += lines.length;
    }
    el.hidden = mine.length === 0;
    el.querySelector("[data-left-out]").hidden = state === "shown";
    for (const line of mine) {
      const answer = answers.get(line.dataset.key);
      line.hidden = false;
      line.cells[1].textContent = word(answer);
      rows.push({
        activity: line.dataset.activity,
        category: el.dataset.name,
        side: line.dataset.key.split("|")[1],
        wording: line.dataset.wording,
        answer,
        category_left_out: state === "shown" ? "no" : "yes",
        language,
      });
    }
  }
  root.querySelector("[data-overall]").textContent = filled("answered-count", { answered, total });
  root.addEventListener("click", (event) => {
    const kind = event.target.closest("[data-download]")?.dataset.download;
    if (kind) download(kind, rows, leftOut);
  });
}

function csvField(value) {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function download(kind, rows, leftOut) {
  const body =
    kind === "json"
      ? JSON.stringify(
          { exported: new Date().toISOString(), categories_left_out: leftOut, language, answers: rows },
          null,
          2,
        )
      : [COLUMNS, ...rows.map((row) => COLUMNS.map((column) => row[column]))]
          .map((fields) => fields.map(csvField).join(","))
          .join("\r\n") + "\r\n";
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([body], { type: kind === "json" ? "application/json" : "text/csv" }));
  link.download = `my-answers.${kind}`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}
