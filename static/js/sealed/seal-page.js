// The sealing page: a new key, the person's answers encrypted under it, then the server deletes its
// readable copy and gives a new resume link, to which only this page adds the key.
import { newSecret } from "./crypto.js";
import { linkWithSecret } from "./fragment.js";
import { PENDING_INVITE } from "./comparing.js";
import { Refused, api, firstBlobs, keys } from "./store.js";
import { word } from "./words.js";

const root = document.querySelector("[data-seal]");
const form = root?.querySelector("[data-seal-form]");

if (form) {
  const status = root.querySelector("[data-seal-status]");
  const participant = root.dataset.participant;
  form.hidden = false;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button");
    button.disabled = true;
    status.textContent = word("encrypting");
    const own = JSON.parse(document.getElementById("own-answers").textContent);
    const key = newSecret();
    // Kept before anything is sent: a checklist sealed under a key this browser lost could never be read.
    keys.put(participant, key);
    try {
      const state = { applied: own.changes, review: own.review };
      const sections = { hidden: own.hidden, shown: own.shown };
      const blobs = await firstBlobs({ participant, key, answers: own.answers, state, sections });
      const { resume } = await api("POST", root.dataset.sealUrl, { blobs, changes: own.changes });
      done(linkWithSecret(resume, "k", key));
    } catch (error) {
      // Refused means nothing was sealed, so the new key opens nothing; if the server could not be
      // reached, it may have sealed: the key stays, and reloading shows which.
      if (error instanceof Refused && error.status !== 0) keys.forget(participant);
      status.textContent = error instanceof Refused ? error.message : word("nothing-sealed");
      button.disabled = false;
    }
  });

  function done(link) {
    form.hidden = true;
    status.textContent = "";
    const finished = root.querySelector("[data-sealed-done]");
    finished.querySelector("input.secret").value = link;
    const invite = sessionStorage.getItem(PENDING_INVITE);
    if (invite) {
      const onward = finished.querySelector("[data-continue-invite]");
      onward.href = invite;
      onward.hidden = false;
    }
    finished.hidden = false;
    finished.focus();
  }
}
