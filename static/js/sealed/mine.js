// The small parts of a sealed person's own pages that need their key: a resume link carries it in its
// fragment, which only this browser adds; a link followed hands it over; deleting forgets it here too.
import { linkWithSecret, takeFragmentSecret } from "./fragment.js";
import { keys } from "./store.js";

// The resume page: the key in the link's fragment waits for the checklist page, which keeps it once it
// has shown that the key opens the answers.
if (document.querySelector("[data-resume]")) {
  try {
    const key = takeFragmentSecret("k");
    if (key) keys.holdPending(key);
  } catch (error) {
    document.querySelector("[data-resume-status]").textContent = error.message;
  }
}

// A new resume link would switch off the old one, which may be the only other copy of the key: it is
// offered only in a browser that holds the key.
for (const button of document.querySelectorAll("[data-needs-key]")) {
  const held = keys.get(button.dataset.needsKey) !== null;
  button.disabled = !held;
  button.closest("section").querySelector("[data-key-missing]").hidden = held;
}

for (const input of document.querySelectorAll("input[data-add-key]")) {
  const key = keys.get(input.dataset.addKey);
  if (key) input.value = linkWithSecret(input.value, "k", key);
  else document.querySelector("[data-key-missing]").hidden = false;
}

for (const form of document.querySelectorAll("form[data-forget-key]")) {
  form.addEventListener("submit", () => keys.forget(form.dataset.forgetKey));
}
