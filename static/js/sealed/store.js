// A sealed person's things in this browser: their key, the server's JSON endpoints, and their encrypted
// blobs (answers, sections, keyring, each pairing's results and round secret), opened and saved here.
// docs/sealed.md says what each blob holds; crypto.js seals and opens them.
import {
  BLOB_PAYLOAD,
  Rejected,
  answersState,
  decodeAnswers,
  decodeKeyring,
  decodeSections,
  encodeAnswers,
  encodeKeyring,
  encodeSections,
  fromBase64url,
  openBlob,
  sealBlob,
  toBase64url,
} from "./crypto.js";
import { word } from "./words.js";

const PREFIX = "kinklist-sealed";

// ---------------------------------------------------------------------------------------------
// Keys. A person's key lives in this browser's localStorage under their public id (which only they see);
// a key that arrived in a resume link's fragment waits in sessionStorage until the checklist page has
// shown that it opens the blobs.

export const keys = {
  get(participant) {
    const stored = localStorage.getItem(`${PREFIX}:key:${participant}`);
    return stored === null ? null : fromBase64url(stored);
  },
  put(participant, key) {
    localStorage.setItem(`${PREFIX}:key:${participant}`, toBase64url(key));
  },
  forget(participant) {
    localStorage.removeItem(`${PREFIX}:key:${participant}`);
    localStorage.removeItem(`${PREFIX}:counters:${participant}`);
  },
  holdPending(key) {
    sessionStorage.setItem(`${PREFIX}:pending-key`, toBase64url(key));
  },
  takePending() {
    const held = sessionStorage.getItem(`${PREFIX}:pending-key`);
    sessionStorage.removeItem(`${PREFIX}:pending-key`);
    return held === null ? null : fromBase64url(held);
  },
};

// ---------------------------------------------------------------------------------------------
// The server's JSON endpoints: same-origin, CSRF token from the page, a refusal's message kept for people.

/** The page's address's language prefix ("/de"; English's addresses have none): the endpoints answer, and
 * refuse, in the page's language. */
const language = document.documentElement.lang;
export const LANGUAGE_PREFIX = location.pathname.startsWith(`/${language}/`) ? `/${language}` : "";

export class Refused extends Error {
  name = "Refused";
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

export function csrfToken() {
  return document.querySelector("[name=csrfmiddlewaretoken]")?.value ?? "";
}

export async function api(method, url, body, { cache = "default" } = {}) {
  const init = { method, cache, credentials: "same-origin", headers: { Accept: "application/json" } };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.headers["X-CSRFToken"] = csrfToken();
    init.body = JSON.stringify(body);
  } else if (method !== "GET") {
    init.headers["X-CSRFToken"] = csrfToken();
  }
  let response;
  try {
    response = await fetch(url, init);
  } catch {
    throw new Refused(word("unreachable"), 0);
  }
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new Refused(data.error ?? `${word("refused")} (${response.status}).`, response.status);
  return data;
}

const BUNDLE_URL = `${LANGUAGE_PREFIX}/sealed/catalogue.json`;

/**
 * The catalogue bundle, asked again each time (an unchanged one is a 304): answers must meet every content
 * change before the person edits or compares them on a page the server built after it.
 */
export async function loadBundle() {
  return api("GET", BUNDLE_URL, undefined, { cache: "no-cache" });
}

// ---------------------------------------------------------------------------------------------
// Blobs. Each has a server revision (for compare-and-swap) and an inner counter (so the server cannot
// roll one back unnoticed: the highest counter seen is remembered here).

const BLOBS_URL = `${LANGUAGE_PREFIX}/sealed/blobs/`;

function countersOf(participant) {
  return JSON.parse(localStorage.getItem(`${PREFIX}:counters:${participant}`) ?? "{}");
}

function rememberCounter(participant, name, counter) {
  const counters = countersOf(participant);
  if ((counters[name] ?? 0) >= counter) return;
  counters[name] = counter;
  localStorage.setItem(`${PREFIX}:counters:${participant}`, JSON.stringify(counters));
}

/** The first blobs of a checklist being sealed, every one at counter 1; `state` as encodeAnswers takes it. */
export async function firstBlobs({ participant, key, answers, state, sections }) {
  const payloads = {
    answers: encodeAnswers(answers, state),
    sections: encodeSections(sections),
    keyring: encodeKeyring({}),
  };
  const blobs = {};
  for (const [name, payload] of Object.entries(payloads)) {
    blobs[name] = toBase64url(await sealBlob({ personKey: key, participant, name, counter: 1, payload }));
    rememberCounter(participant, name, 1);
  }
  return blobs;
}

export class SealedStore {
  #participant;
  #key;
  #blobs = new Map(); // name -> { revision, counter, payload }

  constructor(participant, key) {
    this.#participant = participant;
    this.#key = key;
  }

  /** Every blob of the person, opened; throws Rejected if the key does not open them. */
  static async open(participant, key) {
    const store = new SealedStore(participant, key);
    await store.reload();
    return store;
  }

  get participant() {
    return this.#participant;
  }

  get key() {
    return this.#key;
  }

  async reload() {
    const listed = await api("GET", BLOBS_URL);
    const counters = countersOf(this.#participant);
    const opened = new Map();
    for (const [name, { revision, data }] of Object.entries(listed)) {
      const kind = name.split(":")[0];
      if (!(kind in BLOB_PAYLOAD)) continue;
      const { counter, payload } = await openBlob({
        personKey: this.#key, participant: this.#participant, name, data: fromBase64url(data),
        lastCounter: counters[name] ?? 0,
      });
      opened.set(name, { revision, counter, payload });
    }
    this.#blobs = opened;
    for (const [name, { counter }] of opened) rememberCounter(this.#participant, name, counter);
  }

  payload(name) {
    return this.#blobs.get(name)?.payload ?? null;
  }

  /**
   * Writes a blob whose new payload `change` makes from the current one (null for a new blob). If another
   * device wrote it meanwhile, the latest is fetched and `change` applied to it again, so neither write is
   * lost: `change` must build on what it is given, not on what it saw before.
   */
  async update(name, change) {
    for (let attempt = 0; ; attempt++) {
      const current = this.#blobs.get(name);
      const payload = change(current?.payload ?? null);
      const counter = (current?.counter ?? 0) + 1;
      const data = await sealBlob({ personKey: this.#key, participant: this.#participant, name, counter, payload });
      try {
        const { revision } = await api("PUT", `${BLOBS_URL}${encodeURIComponent(name)}/`, {
          data: toBase64url(data), expected_revision: current?.revision ?? 0,
        });
        this.#blobs.set(name, { revision, counter, payload });
        rememberCounter(this.#participant, name, counter);
        return payload;
      } catch (error) {
        if (!(error instanceof Refused) || error.status !== 409 || attempt >= 2) throw error;
        await this.reload();
      }
    }
  }

  answers() {
    return decodeAnswers(this.payload("answers") ?? new Uint8Array(0));
  }

  /** How many content changes the answers have been through, and the activities to review. */
  answersState() {
    return answersState(this.payload("answers") ?? new Uint8Array(0));
  }

  sections() {
    return decodeSections(this.payload("sections") ?? new Uint8Array(0));
  }

  keyring() {
    return decodeKeyring(this.payload("keyring") ?? encodeKeyring({}));
  }

  /** Keeps a pairing's secret K (or an invite's, until the pairing exists) in the keyring. */
  async keep(id, secret) {
    await this.update("keyring", (current) => {
      const ring = current ? decodeKeyring(current) : {};
      ring[id] = secret;
      return encodeKeyring(ring);
    });
  }

  /** Drops keyring entries, e.g. an invite's once its pairing holds the secret. */
  async drop(...ids) {
    await this.update("keyring", (current) => {
      const ring = current ? decodeKeyring(current) : {};
      for (const id of ids) delete ring[id];
      return encodeKeyring(ring);
    });
  }
}

export { Rejected };

/**
 * The person's store, opened with the key from a resume link just followed (tried first: it is the one
 * they meant) or the key this browser keeps; the key that opens it is kept. Null if neither does.
 */
export async function openMine(participant) {
  const pending = keys.takePending();
  for (const key of [pending, keys.get(participant)]) {
    if (key === null) continue;
    try {
      const store = await SealedStore.open(participant, key);
      keys.put(participant, key);
      return store;
    } catch (error) {
      if (!(error instanceof Rejected)) throw error;
    }
  }
  return null;
}
