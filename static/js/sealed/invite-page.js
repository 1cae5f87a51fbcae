// A sealed invite's page. The pairing's secret K arrives in the link's fragment, which never reaches the
// server: it is taken out of the address bar at once and held in this tab (sessionStorage) until the
// pairing's page keeps it, through sealing one's own checklist first if need be.
import { toBase64url } from "./crypto.js";
import { takeFragmentSecret } from "./fragment.js";
import { ACCEPTING, PENDING_INVITE, PENDING_SECRET } from "./comparing.js";

const root = document.querySelector("[data-sealed-invite]");
if (root) {
  let secret = null;
  try {
    secret = takeFragmentSecret("K");
  } catch {
    // A damaged secret is as good as none: the page asks for the whole link again.
  }
  if (secret) sessionStorage.setItem(PENDING_SECRET, toBase64url(secret));
  sessionStorage.removeItem(ACCEPTING); // an Accept sent before, say one refused, leads nowhere now
  if (sessionStorage.getItem(PENDING_SECRET) === null) {
    root.querySelector("[data-no-secret]").hidden = false;
    document.querySelector("form[data-accept]")?.remove();
  }
  document.querySelector("form[data-accept]")?.addEventListener("submit", () => sessionStorage.setItem(ACCEPTING, "1"));
  // The sealing page offers the way back here, to accept once the checklist is sealed.
  if (root.querySelector("[data-seal-first]")) sessionStorage.setItem(PENDING_INVITE, location.pathname);
}
