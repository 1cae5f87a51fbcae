// Secrets that travel in a link's fragment (#k=… for a person's key, #K=… for a pairing's secret): the
// fragment never reaches the server, and is taken out of the address bar and history once read.
import { fromBase64url, toBase64url } from "./crypto.js";

export function takeFragmentSecret(name) {
  const value = new URLSearchParams(location.hash.slice(1)).get(name);
  if (value === null) return null;
  history.replaceState(history.state, "", location.pathname + location.search);
  const secret = fromBase64url(value);
  if (secret.length !== 32) throw new RangeError("the link's secret is damaged: copy the whole link again");
  return secret;
}

/**
 * `url` (an address the server gave) with the secret in its fragment, always on this site's own address: a
 * page on another host, given the link, would read the secret, so only the path and query are kept.
 */
export function linkWithSecret(url, name, secret) {
  const { pathname, search } = new URL(url, location.href);
  return `${location.origin}${pathname}${search}#${name}=${toBase64url(secret)}`;
}
