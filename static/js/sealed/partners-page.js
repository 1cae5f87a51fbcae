// The partners page of a sealed person: "Create an invite link" makes a sealed invite, whose pairing
// secret K this browser makes, keeps in the keyring under the invite's id (until the pairing exists), and
// adds to the link's fragment, which never reaches the server.
import { newSecret } from "./crypto.js";
import { linkWithSecret } from "./fragment.js";
import { Refused, api, csrfToken } from "./store.js";
import { longDate, openStore } from "./comparing.js";
import { word } from "./words.js";

const form = document.querySelector("[data-sealed-invite-form]");

/** The display name typed with the invite, saved as the ordinary form saves it (empty keeps it). */
async function saveName(typed) {
  const name = typed.trim();
  if (!name || name === form.elements.display_name.defaultValue.trim()) return;
  const response = await fetch(form.dataset.nameUrl, {
    method: "POST",
    credentials: "same-origin",
    headers: { "X-CSRFToken": csrfToken() },
    body: new URLSearchParams({ display_name: name }),
    redirect: "manual", // saved is a redirect to the page about one's data, which is not needed here
  }).catch(() => null);
  if (response?.type !== "opaqueredirect") {
    throw new Refused(word("name-not-saved"), 400);
  }
}

async function invite(status) {
  const store = await openStore(form.dataset.me);
  if (!store) {
    throw new Refused(word("no-key"), 0);
  }
  await saveName(form.elements.display_name.value);
  status.textContent = word("making");
  const made = await api("POST", form.dataset.sealedInviteUrl, { sealed: true });
  const secret = newSecret();
  // Kept before the link is shown: a link whose secret this browser lost could never be compared through.
  await store.keep(made.invite, secret);
  const done = document.querySelector("[data-sealed-invite-made]");
  done.querySelector("#invite-link").value = linkWithSecret(made.link, "K", secret);
  done.querySelector("[data-expires]").textContent = longDate(made.expires);
  form.hidden = true;
  done.hidden = false;
  done.focus();
  status.textContent = "";
}

if (form) {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    const status = form.querySelector("[data-invite-status]");
    button.disabled = true;
    try {
      await invite(status);
    } catch (error) {
      status.textContent =
        error instanceof Refused ? error.message : `${word("went-wrong")}: ${error.message}. ${word("nothing-sent")}`;
    } finally {
      button.disabled = false;
    }
  });
}
