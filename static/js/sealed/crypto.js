// Sealed checklists, the browser's side: keys, the private set intersection and the sealed blobs.
// docs/sealed.md is the specification; each section below carries the name of the step it implements
// there. Nothing here talks to the network or the page, so it runs alike in a page and in a worker.
import { hkdf, hmac, ristretto255, ristretto255_hasher, sha256 } from "../../vendor/noble/noble-2.4.0.min.js";

export const PROTOCOL = "kinklist-sealed-v1";
// RFC 9380 asks for a tag naming the application and the suite, so tokens can never equal a point
// another protocol hashes from the same bytes.
export const TOKEN_DST = `${PROTOCOL}-tok_ristretto255_XMD:SHA-512_R255MAP_RO_`;
export const ROLES = ["inviter", "invitee"];
export const SIDES = ["shared", "give", "receive"];
export const ANSWERS = ["yes", "maybe", "no"];
const FORMAT = 1;
const POINT = 32;
const SECRET = 32;
const NONCE = 12;
const TAG = 16;
const PADDING = 0xffff; // a position in a round that holds padding, not an answer

const Point = ristretto255.Point;
const ORDER = Point.Fn.ORDER;
const encoder = new TextEncoder();

/** A message or blob that failed to decrypt or to validate: nothing in it may be used. */
export class Rejected extends Error {
  name = "Rejected";
}

// ---------------------------------------------------------------------------------------------
// Bytes

export function utf8(text) {
  return encoder.encode(text);
}

export function concat(...parts) {
  const out = new Uint8Array(parts.reduce((size, part) => size + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

export function toHex(bytes) {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

export function fromHex(hex) {
  if (!/^(?:[0-9a-f]{2})*$/.test(hex)) throw new TypeError("not lowercase hexadecimal");
  return Uint8Array.from(hex.match(/../g) ?? [], (pair) => parseInt(pair, 16));
}

/** Unpadded base64url, as every binary value travels in JSON and in link fragments. */
export function toBase64url(bytes) {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function fromBase64url(text) {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) throw new Rejected("not base64url");
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (text.length % 4)) % 4));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

// ---------------------------------------------------------------------------------------------
// Keys: a person's key k and a pairing's secret K are 256 random bits each; everything else is
// derived from them by HKDF-SHA256 with an empty salt and a label of our own.

export function newSecret() {
  return crypto.getRandomValues(new Uint8Array(SECRET));
}

export function derive(secret, label) {
  if (!(secret instanceof Uint8Array) || secret.length !== SECRET) throw new TypeError("a secret is 32 bytes");
  return hkdf(sha256, secret, new Uint8Array(0), utf8(`${PROTOCOL} ${label}`), 32);
}

async function aesGcm(rawKey, usage) {
  return crypto.subtle.importKey("raw", rawKey, "AES-GCM", false, [usage]);
}

async function seal(rawKey, associated, plaintext) {
  const nonce = crypto.getRandomValues(new Uint8Array(NONCE));
  const key = await aesGcm(rawKey, "encrypt");
  const sealed = await crypto.subtle.encrypt({ name: "AES-GCM", iv: nonce, additionalData: associated }, key, plaintext);
  return concat(nonce, new Uint8Array(sealed));
}

async function unseal(rawKey, associated, sealed) {
  if (!(sealed instanceof Uint8Array) || sealed.length < NONCE + TAG) throw new Rejected("too short to be sealed");
  const key = await aesGcm(rawKey, "decrypt");
  try {
    const plain = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: sealed.subarray(0, NONCE), additionalData: associated },
      key,
      sealed.subarray(NONCE),
    );
    return new Uint8Array(plain);
  } catch {
    throw new Rejected("could not be decrypted: wrong key, or changed on the way");
  }
}

// ---------------------------------------------------------------------------------------------
// The catalogue: the ordered [activity id, side] pairs every round is laid out by. Its version is the
// first 16 hex digits of SHA-256 over that list as compact JSON, so wording and language never enter it.

export function catalogueVersion(sides) {
  return toHex(sha256(utf8(JSON.stringify(sides)))).slice(0, 16);
}

/** The catalogue bundle as the server publishes it, checked: its version must be its own list's. */
export function checkCatalogue({ version, sides }) {
  const seen = new Set();
  for (const entry of sides) {
    const [id, side] = entry;
    if (entry.length !== 2 || !Number.isSafeInteger(id) || id <= 0 || !SIDES.includes(side)) {
      throw new Rejected("the catalogue lists something that is not an activity side");
    }
    if (seen.has(`${id}|${side}`)) throw new Rejected("the catalogue lists a side twice");
    seen.add(`${id}|${side}`);
  }
  if (catalogueVersion(sides) !== version) throw new Rejected("the catalogue is not the version it claims");
  return { version, sides };
}

// ---------------------------------------------------------------------------------------------
// Tokens. T = hash_to_ristretto255(HMAC(K_tok, class | activity id)) with our own tag. A person's
// "give" is their own role's "acts" class and their "receive" the other role's, so two tokens are
// equal exactly when the reveal rule matches the two answers. Padding takes the same path.

export function otherRole(role) {
  if (!ROLES.includes(role)) throw new TypeError(`not a role: ${role}`);
  return role === "inviter" ? "invitee" : "inviter";
}

export function tokenClass(role, side) {
  const other = otherRole(role);
  if (side === "shared") return "shared";
  if (side === "give") return `${role}-acts`;
  if (side === "receive") return `${other}-acts`;
  throw new TypeError(`not a side: ${side}`);
}

/** RFC 9380 hash_to_ristretto255: expand_message_xmd with SHA-512 to 64 bytes, then RFC 9496's map. */
export function hashToGroup(message, dst) {
  return ristretto255_hasher.hashToCurve(message, { DST: dst });
}

export function tokenPoint(tokenKey, tokenClassName, activityId) {
  return hashToGroup(hmac(sha256, tokenKey, utf8(`${tokenClassName}|${activityId}`)), TOKEN_DST);
}

export function paddingPoint(tokenKey, role, round, j) {
  return hashToGroup(hmac(sha256, tokenKey, utf8(`pad|${role}|${round}|${j}`)), TOKEN_DST);
}

// ---------------------------------------------------------------------------------------------
// Randomness: scalars uniform in [1, L), and an unbiased Fisher–Yates shuffle, both from the CSPRNG.

function littleEndian(bytes) {
  return bytes.reduceRight((value, byte) => (value << 8n) | BigInt(byte), 0n);
}

export function randomScalar() {
  for (;;) {
    // 512 bits reduced modulo L: the bias is below 2^-250.
    const scalar = littleEndian(crypto.getRandomValues(new Uint8Array(64))) % ORDER;
    if (scalar !== 0n) return scalar;
  }
}

export function scalarToBytes(scalar) {
  const out = new Uint8Array(32);
  for (let i = 0, value = scalar; i < 32; i++, value >>= 8n) out[i] = Number(value & 0xffn);
  return out;
}

export function scalarFromBytes(bytes) {
  const scalar = littleEndian(bytes);
  if (bytes.length !== 32 || scalar === 0n || scalar >= ORDER) throw new Rejected("not a scalar");
  return scalar;
}

export function randomBelow(bound) {
  // Draws above the largest multiple of bound are redrawn, so every result is equally likely.
  const limit = 2 ** 32 - (2 ** 32 % bound);
  const draw = new Uint32Array(1);
  for (;;) {
    crypto.getRandomValues(draw);
    if (draw[0] < limit) return draw[0] % bound;
  }
}

export function shuffle(items) {
  for (let i = items.length - 1; i > 0; i--) {
    const j = randomBelow(i + 1);
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/** Raises a point to a secret scalar (constant-time in the library). */
export function blind(point, scalar) {
  return point.multiply(scalar);
}

// ---------------------------------------------------------------------------------------------
// Messages between partners: AES-GCM under HKDF(K, "msg"), bound to the pairing, the round, the
// catalogue, the sender's role and the stage, so none can be replayed in another place.

const STAGES = { lock: 2, reply: 1 }; // bytes of header before the points

export function messageSize(stage, n) {
  return NONCE + STAGES[stage] + POINT * n + TAG;
}

function messageContext({ pairing, round, catalogue, role, stage }) {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(pairing)) throw new TypeError("pairing");
  if (!Number.isSafeInteger(round) || round < 1) throw new TypeError("round");
  if (!/^[0-9a-f]{16}$/.test(catalogue)) throw new TypeError("catalogue version");
  if (!ROLES.includes(role) || !(stage in STAGES)) throw new TypeError("role or stage");
  return utf8([PROTOCOL, pairing, round, catalogue, role, stage].join("|"));
}

export async function sealMessage({ pairingSecret, plaintext, ...context }) {
  return seal(derive(pairingSecret, "msg"), messageContext(context), plaintext);
}

export async function openMessage({ pairingSecret, message, n, ...context }) {
  if (message.length !== messageSize(context.stage, n)) throw new Rejected("a message of the wrong size");
  const plaintext = await unseal(derive(pairingSecret, "msg"), messageContext(context), message);
  if (plaintext[0] !== FORMAT) throw new Rejected("a message in an unknown format");
  return plaintext;
}

/** n encoded points, each canonical, none the identity, no two alike: or the whole message is rejected. */
function decodePoints(bytes, n) {
  const seen = new Set();
  const points = [];
  for (let i = 0; i < n; i++) {
    const encoding = bytes.subarray(i * POINT, (i + 1) * POINT);
    const key = toHex(encoding);
    if (seen.has(key)) throw new Rejected("a message repeats a point");
    seen.add(key);
    let point;
    try {
      point = Point.fromBytes(encoding);
    } catch {
      throw new Rejected("a message holds something that is not a canonical ristretto255 encoding");
    }
    if (point.is0()) throw new Rejected("a message holds the identity");
    points.push(point);
  }
  return points;
}

function progressEvery(step, n, progress) {
  return (i) => {
    if (progress && ((i + 1) % step === 0 || i + 1 === n)) progress(i + 1, n);
  };
}

// ---------------------------------------------------------------------------------------------
// Round r, step 1 (Ready): N = S points — the Yes tokens and padding — shuffled, each raised to a fresh
// scalar, with the saturation bit, sealed as the "lock" message. The secret stays with the person.

export async function makeLock({ pairingSecret, pairing, round, role, catalogue, yes, saturated, progress }) {
  const n = catalogue.sides.length;
  const position = new Map(catalogue.sides.map(([id, side], i) => [`${id}|${side}`, i]));
  const entries = new Set();
  for (const [id, side] of yes) {
    const index = position.get(`${id}|${side}`);
    if (index === undefined) throw new TypeError("a Yes answer that this catalogue does not ask");
    entries.add(index);
  }
  const slots = [...entries];
  for (let j = 0; slots.length < n; j++) slots.push(-1 - j); // padding j, told apart by its sign
  shuffle(slots);

  const tokenKey = derive(pairingSecret, "tok");
  const scalar = randomScalar();
  const tick = progressEvery(16, n, progress);
  const body = new Uint8Array(2 + POINT * n);
  body[0] = FORMAT;
  body[1] = saturated ? 1 : 0;
  slots.forEach((slot, i) => {
    const point =
      slot >= 0
        ? tokenPoint(tokenKey, tokenClass(role, catalogue.sides[slot][1]), catalogue.sides[slot][0])
        : paddingPoint(tokenKey, role, round, -1 - slot);
    body.set(blind(point, scalar).toBytes(), 2 + POINT * i);
    tick(i);
  });
  const message = await sealMessage({
    pairingSecret, pairing, round, catalogue: catalogue.version, role, stage: "lock", plaintext: body,
  });
  const positions = Uint16Array.from(slots, (slot) => (slot >= 0 ? slot : PADDING));
  return { message, secret: { pairing, round, role, catalogue: catalogue.version, scalar, positions, digests: null } };
}

/** The partner's lock message, decrypted and validated: their saturation bit and their N points. */
export async function openLock({ pairingSecret, secret, message }) {
  const n = secret.positions.length;
  const { pairing, round, catalogue } = secret;
  const plaintext = await openMessage({
    pairingSecret, message, n, pairing, round, catalogue, role: otherRole(secret.role), stage: "lock",
  });
  if (plaintext[1] > 1) throw new Rejected("a saturation bit that is neither 0 nor 1");
  return { saturated: plaintext[1] === 1, points: decodePoints(plaintext.subarray(2), n) };
}

// Step 2 (once both are locked): the partner's points raised to our scalar, in the partner's order,
// sealed as the "reply". Their first bytes are kept (in the secret) to find the matches when the
// partner's reply arrives. If the partner's saturation bit is set, the page asks its person (reveal
// anyway or cancel) before it sends the reply; a reply not sent reveals nothing to anyone.

const DIGEST = 8;

export async function makeReply({ pairingSecret, secret, partnerMessage, progress }) {
  const { saturated, points } = await openLock({ pairingSecret, secret, message: partnerMessage });
  const n = points.length;
  const tick = progressEvery(16, n, progress);
  const body = new Uint8Array(1 + POINT * n);
  body[0] = FORMAT;
  const digests = new Uint8Array(DIGEST * n);
  points.forEach((point, i) => {
    const doubled = blind(point, secret.scalar).toBytes();
    body.set(doubled, 1 + POINT * i);
    digests.set(doubled.subarray(0, DIGEST), DIGEST * i);
    tick(i);
  });
  const { pairing, round, catalogue, role } = secret;
  const reply = await sealMessage({ pairingSecret, pairing, round, catalogue, role, stage: "reply", plaintext: body });
  return { partnerSaturated: saturated, reply, secret: { ...secret, digests } };
}

// Step 3 (both replies released together): our own positions whose doubly blinded value is among the
// partner's doubly blinded set, real tokens only, as a fixed-length bitmap in catalogue order.

export async function finishRound({ pairingSecret, secret, partnerReply, catalogue }) {
  if (!secret.digests) throw new TypeError("a round is finished only after replying");
  if (!partnerReply) throw new Rejected("the partner's reply has not arrived");
  if (catalogue.version !== secret.catalogue) throw new TypeError("the round's catalogue is another one");
  const n = secret.positions.length;
  const { pairing, round } = secret;
  const plaintext = await openMessage({
    pairingSecret, message: partnerReply, n, pairing, round, catalogue: secret.catalogue,
    role: otherRole(secret.role), stage: "reply",
  });
  decodePoints(plaintext.subarray(1), n);
  const theirs = new Set();
  for (let i = 0; i < n; i++) theirs.add(toHex(secret.digests.subarray(DIGEST * i, DIGEST * (i + 1))));
  const bitmap = new Uint8Array(Math.ceil(n / 8));
  const matches = [];
  secret.positions.forEach((index, i) => {
    const start = 1 + POINT * i;
    if (index === PADDING || !theirs.has(toHex(plaintext.subarray(start, start + DIGEST)))) return;
    bitmap[index >> 3] |= 1 << (index & 7);
    matches.push(catalogue.sides[index]);
  });
  matches.sort(([a, x], [b, y]) => a - b || SIDES.indexOf(x) - SIDES.indexOf(y));
  return { bitmap, matches };
}

/** The share of the checklist one's Yes answers cover, as checklist/reveal.py's saturation() measures it. */
export function saturation(yes, sides) {
  const shared = sides.filter(([, side]) => side === "shared").length;
  const directional = sides.filter(([, side]) => side === "give").length;
  const half = shared + directional;
  if (half === 0) return 0;
  const count = (wanted) => yes.filter(([, side]) => side === wanted).length;
  const [yesShared, yesGive, yesReceive] = SIDES.map(count);
  const halves = Math.max(yesShared + yesGive, yesShared + yesReceive) / half;
  return Math.max(halves, (yesShared + yesGive + yesReceive) / (half + directional));
}

// ---------------------------------------------------------------------------------------------
// Blobs: what a person keeps, sealed under HKDF(k, "blob") and bound to their public id and the blob's
// name. The plaintext is an 8-byte version counter, a 4-byte length and the payload, padded to one
// size per kind of blob, so every person's blob of a kind is the same size whatever it holds.
//
// Layouts are keyed by activity id, not by catalogue position: adding or retiring an activity moves
// nothing, and a change of meaning (a side swap, a merge) is a migration the browser applies.

export const MAX_ACTIVITY_ID = 2047;
export const MAX_CATEGORY_ID = 255;
const MAX_SIDES = 2048;
const MAX_PAIRINGS = 64;
const MAX_ROUNDS = 48;
const MATCH_BITMAP = Math.ceil((3 * (MAX_ACTIVITY_ID + 1)) / 8);
const UUID = 16;

const CHANGES_APPLIED = 4; // after the answers: how many content changes they have been through

export const BLOB_PAYLOAD = {
  answers: MAX_ACTIVITY_ID + 1 + CHANGES_APPLIED,
  sections: MAX_CATEGORY_ID + 1,
  keyring: 2 + MAX_PAIRINGS * (UUID + SECRET),
  results: 2 + MAX_ROUNDS * (4 + MATCH_BITMAP),
  "round-secret": UUID + 1 + 4 + 8 + 32 + 2 + MAX_SIDES * (2 + DIGEST) + 1,
};
const HEADER = 8 + 4;

function blobKind(name) {
  const kind = name.split(":")[0];
  if (!(kind in BLOB_PAYLOAD)) throw new TypeError(`not a blob name: ${name}`);
  return kind;
}

function blobContext(participant, name) {
  return utf8([PROTOCOL, "blob", participant, name].join("|"));
}

export function blobSize(name) {
  return NONCE + HEADER + BLOB_PAYLOAD[blobKind(name)] + TAG;
}

export async function sealBlob({ personKey, participant, name, counter, payload }) {
  const size = BLOB_PAYLOAD[blobKind(name)];
  if (payload.length > size) throw new TypeError(`${name} holds more than its fixed size`);
  const plaintext = new Uint8Array(HEADER + size);
  const view = new DataView(plaintext.buffer);
  view.setBigUint64(0, BigInt(counter));
  view.setUint32(8, payload.length);
  plaintext.set(payload, HEADER);
  return seal(derive(personKey, "blob"), blobContext(participant, name), plaintext);
}

/** Rejects a blob older than one already seen (lastCounter): the server may not roll one back. */
export async function openBlob({ personKey, participant, name, data, lastCounter = 0 }) {
  if (data.length !== blobSize(name)) throw new Rejected(`${name} is not its fixed size`);
  const plaintext = await unseal(derive(personKey, "blob"), blobContext(participant, name), data);
  const view = new DataView(plaintext.buffer);
  const counter = Number(view.getBigUint64(0));
  if (counter < lastCounter) throw new Rejected(`${name} is older than a copy seen before: it was rolled back`);
  const length = view.getUint32(8);
  if (length > BLOB_PAYLOAD[blobKind(name)]) throw new Rejected(`${name} claims more than its size`);
  return { counter, payload: plaintext.slice(HEADER, HEADER + length) };
}

function checkId(id, max) {
  if (!Number.isSafeInteger(id) || id < 1 || id > max) throw new RangeError(`an id outside 1…${max}: ${id}`);
}

const REVIEW = 1 << 6; // a content change chose this activity's answers cautiously: its owner should check them

/**
 * Answers: one byte per activity id, 2 bits per side (shared, give, receive): 0 unanswered, 1 Yes, 2 Maybe,
 * 3 No, and a bit asking for review; then, big-endian, how many content changes they have been through.
 */
export function encodeAnswers(answers, { applied = 0, review = [] } = {}) {
  const out = new Uint8Array(BLOB_PAYLOAD.answers);
  for (const [id, side, answer] of answers) {
    checkId(id, MAX_ACTIVITY_ID);
    const shift = 2 * SIDES.indexOf(side);
    const code = ANSWERS.indexOf(answer) + 1;
    if (shift < 0 || code < 1) throw new TypeError(`not an answer: ${side} ${answer}`);
    out[id] = (out[id] & ~(3 << shift)) | (code << shift);
  }
  for (const id of review) {
    checkId(id, MAX_ACTIVITY_ID);
    out[id] |= REVIEW;
  }
  new DataView(out.buffer).setUint32(MAX_ACTIVITY_ID + 1, applied);
  return out;
}

export function decodeAnswers(bytes) {
  const answers = [];
  bytes.subarray(0, MAX_ACTIVITY_ID + 1).forEach((byte, id) => {
    SIDES.forEach((side, i) => {
      const code = (byte >> (2 * i)) & 3;
      if (code) answers.push([id, side, ANSWERS[code - 1]]);
    });
  });
  return answers;
}

/** What else the answers blob keeps: the content changes applied, and the activities to review. */
export function answersState(bytes) {
  if (bytes.length < BLOB_PAYLOAD.answers) return { applied: 0, review: [] };
  const review = [...bytes.subarray(0, MAX_ACTIVITY_ID + 1).keys()].filter((id) => bytes[id] & REVIEW);
  return { applied: new DataView(bytes.buffer, bytes.byteOffset).getUint32(MAX_ACTIVITY_ID + 1), review };
}

/** Sections: one byte per category id: bit 0 left out, bit 1 shown although it starts hidden. */
export function encodeSections({ hidden = [], shown = [] }) {
  const out = new Uint8Array(BLOB_PAYLOAD.sections);
  const mark = (ids, bit) => {
    for (const id of ids) {
      checkId(id, MAX_CATEGORY_ID);
      out[id] |= bit;
    }
  };
  mark(hidden, 1);
  mark(shown, 2);
  return out;
}

export function decodeSections(bytes) {
  const ids = (bit) => [...bytes.keys()].filter((id) => bytes[id] & bit);
  return { hidden: ids(1), shown: ids(2) };
}

function uuidBytes(uuid) {
  return fromHex(uuid.replace(/-/g, ""));
}

function uuidText(bytes) {
  const hex = toHex(bytes);
  return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
}

/** The keyring: each pairing's secret K, by pairing id. */
export function encodeKeyring(keyring) {
  const entries = Object.entries(keyring);
  if (entries.length > MAX_PAIRINGS) throw new RangeError("more pairings than a keyring holds");
  const out = new Uint8Array(2 + entries.length * (UUID + SECRET));
  new DataView(out.buffer).setUint16(0, entries.length);
  entries.forEach(([pairing, secret], i) => out.set(concat(uuidBytes(pairing), secret), 2 + i * (UUID + SECRET)));
  return out;
}

export function decodeKeyring(bytes) {
  const count = new DataView(bytes.buffer, bytes.byteOffset).getUint16(0);
  const keyring = {};
  for (let i = 0, at = 2; i < count; i++, at += UUID + SECRET) {
    keyring[uuidText(bytes.subarray(at, at + UUID))] = bytes.slice(at + UUID, at + UUID + SECRET);
  }
  return keyring;
}

/** Results of a pairing: the latest rounds, each its number and 3 bits per activity id (shared, give, receive). */
export function encodeResults(rounds) {
  const kept = rounds.slice(-MAX_ROUNDS);
  const out = new Uint8Array(2 + kept.length * (4 + MATCH_BITMAP));
  const view = new DataView(out.buffer);
  view.setUint16(0, kept.length);
  kept.forEach(({ round, matches }, r) => {
    const at = 2 + r * (4 + MATCH_BITMAP);
    view.setUint32(at, round);
    for (const [id, side] of matches) {
      checkId(id, MAX_ACTIVITY_ID);
      const bit = 3 * id + SIDES.indexOf(side);
      out[at + 4 + (bit >> 3)] |= 1 << (bit & 7);
    }
  });
  return out;
}

export function decodeResults(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  const rounds = [];
  for (let r = 0; r < view.getUint16(0); r++) {
    const at = 2 + r * (4 + MATCH_BITMAP);
    const matches = [];
    for (let bit = 0; bit < 3 * (MAX_ACTIVITY_ID + 1); bit++) {
      if (bytes[at + 4 + (bit >> 3)] & (1 << (bit & 7))) matches.push([Math.floor(bit / 3), SIDES[bit % 3]]);
    }
    rounds.push({ round: view.getUint32(at), matches });
  }
  return rounds;
}

/** A round's secret, so that another device of the same person can reply or finish; erased after use. */
export function encodeRoundSecret(secret) {
  const n = secret.positions.length;
  if (n > MAX_SIDES) throw new RangeError("more sides than a round holds");
  const out = new Uint8Array(UUID + 1 + 4 + 8 + 32 + 2 + 2 * n + 1 + (secret.digests ? DIGEST * n : 0));
  const view = new DataView(out.buffer);
  out.set(uuidBytes(secret.pairing), 0);
  out[UUID] = ROLES.indexOf(secret.role);
  view.setUint32(UUID + 1, secret.round);
  out.set(fromHex(secret.catalogue), UUID + 5);
  out.set(scalarToBytes(secret.scalar), UUID + 13);
  view.setUint16(UUID + 45, n);
  secret.positions.forEach((index, i) => view.setUint16(UUID + 47 + 2 * i, index));
  out[UUID + 47 + 2 * n] = secret.digests ? 1 : 0;
  if (secret.digests) out.set(secret.digests, UUID + 48 + 2 * n);
  return out;
}

export function decodeRoundSecret(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  const n = view.getUint16(UUID + 45);
  const positions = Uint16Array.from({ length: n }, (_, i) => view.getUint16(UUID + 47 + 2 * i));
  const start = UUID + 48 + 2 * n;
  return {
    pairing: uuidText(bytes.subarray(0, UUID)),
    role: ROLES[bytes[UUID]],
    round: view.getUint32(UUID + 1),
    catalogue: toHex(bytes.subarray(UUID + 5, UUID + 13)),
    scalar: scalarFromBytes(bytes.subarray(UUID + 13, UUID + 45)),
    positions,
    digests: bytes[start - 1] ? bytes.slice(start, start + DIGEST * n) : null,
  };
}
