// Small progressive enhancements. Every page works without this file.
"use strict";

document.documentElement.classList.add("js");

// Copy buttons for secret links: shown only where copying can work. What they say is the button's, in the
// page's language.
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("[data-copy-target]")) {
    const source = document.getElementById(button.dataset.copyTarget);
    const status = button.parentElement.querySelector(".copy-status");
    if (!source || !navigator.clipboard) continue;
    button.hidden = false;
    button.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(source.value);
        status.textContent = button.dataset.copied;
      } catch {
        source.select();
        status.textContent = button.dataset.selectToCopy;
      }
    });
  }
});

// A real print button where printing can work; without JavaScript the browser's own menu does the same.
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("[data-print]")) {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  }
});

// Share buttons for invite links, where the device can share (Web Share API); the Copy button stays too.
// What is shared is the link alone: no name, which a link preview could show to anyone who sees it.
document.addEventListener("DOMContentLoaded", () => {
  if (!navigator.share) return;
  for (const button of document.querySelectorAll("[data-share-target]")) {
    const source = document.getElementById(button.dataset.shareTarget);
    if (!source) continue;
    button.hidden = false;
    button.addEventListener("click", async () => {
      try {
        await navigator.share({url: source.value});
      } catch {
        // Closing the share sheet rejects too; the link stays on the page to copy.
      }
    });
  }
});

// One-tap saving: remember which rating was touched, so a failed save can say so right there.
let touchedRating = null;
document.addEventListener("change", (event) => {
  touchedRating = event.target.closest("fieldset.rate") || touchedRating;
}, true);
document.addEventListener("click", (event) => {
  if (event.target.closest("button.clear")) touchedRating = event.target.closest("fieldset.rate");
}, true);

// The words are the page's own, in its language (checklist.html's #save-status); a save's response swaps
// only the status's text, so they stay.
function saveFailed(message) {
  const status = document.getElementById("save-status");
  if (!status) return;
  const words = status.dataset;
  if (touchedRating) {
    touchedRating.classList.remove("saved");
    touchedRating.classList.add("failed");
    touchedRating.querySelector(".note").textContent = words.retry;
  }
  status.textContent = `${words.notSaved} ${message ?? words.offline}`;
}

// Saves are the only requests htmx posts; the others show a refusal where they swap it.
const isSave = (event) => Boolean(event.detail.elt.closest("form[data-hx-post]"));

// Our refusals are short fragments, but a whole page may still come (a server error, a proxy): the status
// region then reads its <main> alone, not its navigation and footer.
function summary(responseText) {
  const html = new DOMParser().parseFromString(responseText, "text/html");
  return (html.querySelector("main") || html.body).textContent.replace(/\s+/g, " ").trim();
}

document.addEventListener("htmx:responseError", (event) => {
  if (isSave(event)) saveFailed(summary(event.detail.xhr.responseText));
});
document.addEventListener("htmx:sendError", (event) => {
  if (isSave(event)) saveFailed();
});

// A category that loads as it scrolls into view replaces the link a keyboard user may be on:
// keep their place by moving focus to the category's first answer.
let lazyWithFocus = null;
document.addEventListener("htmx:beforeSwap", (event) => {
  const target = event.detail.target;
  if (target.classList.contains("cat-lazy") && target.contains(document.activeElement)) {
    lazyWithFocus = target.id;
  }
});
document.addEventListener("htmx:afterSettle", (event) => {
  if (!lazyWithFocus || event.detail.target.id !== lazyWithFocus) return;
  const first = document.getElementById(lazyWithFocus)?.querySelector("input[type=radio]");
  lazyWithFocus = null;
  if (first) first.focus();
});

// Sections just above the one a person jumped to load as they come into view, grow, and would push it out
// of sight: until the person moves the page themselves, keep the section they asked for in view.
let movedByPerson = false;
for (const type of ["wheel", "touchstart", "keydown", "mousedown"]) {
  document.addEventListener(type, () => { movedByPerson = true; }, { capture: true, passive: true });
}
document.addEventListener("htmx:afterSettle", () => {
  if (movedByPerson || !location.hash) return;
  document.getElementById(location.hash.slice(1))?.scrollIntoView();
});

// A dismissed note takes its button away with it, and focus would fall back to the page's start: it goes
// to the next note's button, or to the main content, where the person was reading.
document.addEventListener("htmx:beforeSwap", (event) => {
  const banner = event.detail.target;
  if (!banner.classList.contains("pairing-banner") || !event.detail.shouldSwap) return;
  const next = [...document.querySelectorAll(".pairing-banner")].find((other) => other !== banner);
  const focus = next ? next.querySelector("button") : document.getElementById("main");
  requestAnimationFrame(() => focus.focus());
});
