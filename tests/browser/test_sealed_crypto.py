"""The sealed checklists' browser cryptography (static/js/sealed/), checked in Chromium against the RFCs'
test vectors and against an independent implementation in Python over libsodium (pysodium), then played
through whole rounds and attacked the way a malicious server or partner could.

Everything runs in one page, opened once for the module: the modules under test are imported into it
from the live server, with the site's Content-Security-Policy on the page and on every static file."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import random
import re
import uuid
from pathlib import Path

import pysodium
import pytest
from django.conf import settings
from django.test.utils import modify_settings

from checklist.reveal import Direction, Match, reveal, saturation
from checklist.sealed import BLOB_SIZES

HARNESS = Path(__file__).with_name("sealed_harness.js").read_text(encoding="utf-8")
NOBLE = settings.BASE_DIR / "static" / "vendor" / "noble"
TOKEN_DST = b"kinklist-sealed-v1-tok_ristretto255_XMD:SHA-512_R255MAP_RO_"


@pytest.fixture(scope="module")
def page(browser, server, django_db_blocker):
    with django_db_blocker.unblock(), modify_settings(ALLOWED_HOSTS={"append": server.thread.host}):
        context = browser.new_context(base_url=server.url)
        page = context.new_page()
        problems: list[str] = []
        page.on(
            "console", lambda message: message.type in {"error", "warning"} and problems.append(message.text)
        )
        page.on("pageerror", lambda error: problems.append(str(error)))
        policy = page.goto("/").headers["content-security-policy"]

        # The live server hands static files out before any middleware; in production whitenoise serves
        # them with the same headers as pages, and a worker runs under its own script's policy.
        def with_policy(route):
            response = route.fetch()
            route.fulfill(response=response, headers={**response.headers, "content-security-policy": policy})

        page.route("**/static/**", with_policy)
        page.evaluate(HARNESS)
        yield page
        context.close()
        assert problems == [], "the browser console reported problems (a CSP refusal, say)"


def call(page, name: str, *args):
    return page.evaluate(f"(args) => harness.{name}(...args)", list(args))


# ---------------------------------------------------------------------------------------------------
# An independent implementation in Python: hashlib, hmac and libsodium, nothing shared with the browser.


def hkdf(secret: bytes, label: str) -> bytes:
    """RFC 5869 HKDF-SHA256 with an empty salt, 32 bytes."""
    prk = hmac.new(bytes(32), secret, hashlib.sha256).digest()
    return hmac.new(prk, f"kinklist-sealed-v1 {label}".encode() + b"\x01", hashlib.sha256).digest()


def expand_message_xmd(message: bytes, dst: bytes, length: int) -> bytes:
    """RFC 9380 section 5.3.1 with SHA-512."""
    dst_prime = dst + bytes([len(dst)])
    b0 = hashlib.sha512(bytes(128) + message + length.to_bytes(2, "big") + b"\x00" + dst_prime).digest()
    blocks = [hashlib.sha512(b0 + b"\x01" + dst_prime).digest()]
    while len(blocks) * 64 < length:
        mixed = bytes(x ^ y for x, y in zip(b0, blocks[-1], strict=True))
        blocks.append(hashlib.sha512(mixed + bytes([len(blocks) + 1]) + dst_prime).digest())
    return b"".join(blocks)[:length]


def hash_to_group(message: bytes, dst: bytes) -> bytes:
    """RFC 9380 hash_to_ristretto255, with libsodium's RFC 9496 element derivation."""
    return pysodium.crypto_core_ristretto255_from_hash(expand_message_xmd(message, dst, 64))


def token(pairing_secret: bytes, token_class: str, activity_id: int) -> bytes:
    message = hmac.new(hkdf(pairing_secret, "tok"), f"{token_class}|{activity_id}".encode(), hashlib.sha256)
    return hash_to_group(message.digest(), TOKEN_DST)


def padding(pairing_secret: bytes, role: str, round_number: int, j: int) -> bytes:
    message = hmac.new(hkdf(pairing_secret, "tok"), f"pad|{role}|{round_number}|{j}".encode(), hashlib.sha256)
    return hash_to_group(message.digest(), TOKEN_DST)


def catalogue_version(sides: list) -> str:
    """As the server computes it for /sealed/catalogue.json."""
    return hashlib.sha256(json.dumps(sides, separators=(",", ":")).encode()).hexdigest()[:16]


def context(pairing: str, round_number: int, sides: list, role: str, stage: str) -> dict:
    """What a message is bound to (its associated data)."""
    return {
        "pairing": pairing,
        "round": round_number,
        "catalogue": catalogue_version(sides),
        "role": role,
        "stage": stage,
    }


def open_message(page, pairing_secret: bytes, bound_to: dict, message: str) -> bytes:
    n = (len(message) // 2 - 29 - (bound_to["stage"] == "lock")) // 32
    return bytes.fromhex(call(page, "openMessage", pairing_secret.hex(), bound_to, n, message))


def seal_message(page, pairing_secret: bytes, bound_to: dict, plaintext: bytes) -> str:
    return call(page, "sealMessage", pairing_secret.hex(), bound_to, plaintext.hex())


def token_class(role: str, side: str) -> str:
    other = "invitee" if role == "inviter" else "inviter"
    return {"shared": "shared", "give": f"{role}-acts", "receive": f"{other}-acts"}[side]


# ---------------------------------------------------------------------------------------------------
# Test vectors, transcribed from the RFCs' appendices.

RFC9496_MULTIPLES = [
    "0000000000000000000000000000000000000000000000000000000000000000",
    "e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76",
    "6a493210f7499cd17fecb510ae0cea23a110e8d5b901f8acadd3095c73a3b919",
    "94741f5d5d52755ece4f23f044ee27d5d1ea1e2bd196b462166b16152a9d0259",
    "da80862773358b466ffadfe0b3293ab3d9fd53c5ea6c955358f568322daf6a57",
    "e882b131016b52c1d3337080187cf768423efccbb517bb495ab812c4160ff44e",
    "f64746d3c92b13050ed8d80236a7f0007c3b3f962f5ba793d19a601ebb1df403",
    "44f53520926ec81fbd5a387845beb7df85a96a24ece18738bdcfa6a7822a176d",
    "903293d8f2287ebe10e2374dc1a53e0bc887e592699f02d077d5263cdd55601c",
    "02622ace8f7303a31cafc63f8fc48fdc16e1c8c8d234b2f0d6685282a9076031",
    "20706fd788b2720a1ed2a5dad4952b01f413bcf0e7564de8cdc816689e2db95f",
    "bce83f8ba5dd2fa572864c24ba1810f9522bc6004afe95877ac73241cafdab42",
    "e4549ee16b9aa03099ca208c67adafcafa4c3f3e4e5303de6026e3ca8ff84460",
    "aa52e000df2e16f55fb1032fc33bc42742dad6bd5a8fc0be0167436c5948501f",
    "46376b80f409b29dc2b5f6f0c52591990896e5716f41477cd30085ab7f10301e",
    "e0c418f7c8d9c4cdd7395b93ea124f3ad99021bb681dfc3302a9d99a2e53e64e",
]

# Non-canonical field encodings, negative field elements, non-square x^2, negative xy, s = -1.
RFC9496_INVALID = [
    "00ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
    "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "f3ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "0100000000000000000000000000000000000000000000000000000000000000",
    "01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "ed57ffd8c914fb201471d1c3d245ce3c746fcbe63a3679d51b6a516ebebe0e20",
    "c34c4e1826e5d403b78e246e88aa051c36ccf0aafebffe137d148a2bf9104562",
    "c940e5a4404157cfb1628b108db051a8d439e1a421394ec4ebccb9ec92a8ac78",
    "47cfc5497c53dc8e61c91d17fd626ffb1c49e2bca94eed052281b510b1117a24",
    "f1c6165d33367351b0da8f6e4511010c68174a03b6581212c71c0e1d026c3c72",
    "87260f7a2f12495118360f02c26a470f450dadf34a413d21042b43b9d93e1309",
    "26948d35ca62e643e26a83177332e6b6afeb9d08e4268b650f1f5bbd8d81d371",
    "4eac077a713c57b4f4397629a4145982c661f48044dd3f96427d40b147d9742f",
    "de6a7b00deadc788eb6b6c8d20c0ae96c2f2019078fa604fee5b87d6e989ad7b",
    "bcab477be20861e01e4a0e295284146a510150d9817763caf1a6f4b422d67042",
    "2a292df7e32cababbd9de088d1d1abec9fc0440f637ed2fba145094dc14bea08",
    "f4a9e534fc0d216c44b218fa0c42d99635a0127ee2e53c712f70609649fdff22",
    "8268436f8c4126196cf64b3c7ddbda90746a378625f9813dd9b8457077256731",
    "2810e5cbc2cc4d4eece54f61c6f69758e289aa7ab440b3cbeaa21995c2f4232b",
    "3eb858e78f5a7254d8c9731174a94f76755fd3941c0ac93735c07ba14579630e",
    "a45fdc55c76448c049a1ab33f17023edfb2be3581e9c7aade8a6125215e04220",
    "d483fe813c6ba647ebbfd3ec41adca1c6130c2beeee9d9bf065c8d151c5f396e",
    "8a2e1d30050198c65a54483123960ccc38aef6848e1ec8f5f780e8523769ba32",
    "32888462f8b486c68ad7dd9610be5192bbeaf3b443951ac1a8118419d9fa097b",
    "227142501b9d4355ccba290404bde41575b037693cef1f438c47f8fbf35d1165",
    "5c37cc491da847cfeb9281d407efc41e15144c876e0170b499a96a22ed31e01e",
    "445425117cb8c90edcbc7c1cc0e74f747f2c1efa5630a967c64f287792a48a4b",
    "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
]

# The element derivation's (64 bytes in, one element out) pairs, then four inputs that meet in one element.
RFC9496_DERIVATION = [
    (
        "5d1be09e3d0c82fc538112490e35701979d99e06ca3e2b5b54bffe8b4dc772c1"
        "4d98b696a1bbfb5ca32c436cc61c16563790306c79eaca7705668b47dffe5bb6",
        "3066f82a1a747d45120d1740f14358531a8f04bbffe6a819f86dfe50f44a0a46",
    ),
    (
        "f116b34b8f17ceb56e8732a60d913dd10cce47a6d53bee9204be8b44f6678b27"
        "0102a56902e2488c46120e9276cfe54638286b9e4b3cdb470b542d46c2068d38",
        "f26e5b6f7d362d2d2a94c5d0e7602cb4773c95a2e5c31a64f133189fa76ed61b",
    ),
    (
        "8422e1bbdaab52938b81fd602effb6f89110e1e57208ad12d9ad767e2e25510c"
        "27140775f9337088b982d83d7fcf0b2fa1edffe51952cbe7365e95c86eaf325c",
        "006ccd2a9e6867e6a2c5cea83d3302cc9de128dd2a9a57dd8ee7b9d7ffe02826",
    ),
    (
        "ac22415129b61427bf464e17baee8db65940c233b98afce8d17c57beeb7876c2"
        "150d15af1cb1fb824bbd14955f2b57d08d388aab431a391cfc33d5bafb5dbbaf",
        "f8f0c87cf237953c5890aec3998169005dae3eca1fbb04548c635953c817f92a",
    ),
    (
        "165d697a1ef3d5cf3c38565beefcf88c0f282b8e7dbd28544c483432f1cec767"
        "5debea8ebb4e5fe7d6f6e5db15f15587ac4d4d4a1de7191e0c1ca6664abcc413",
        "ae81e7dedf20a497e10c304a765c1767a42d6e06029758d2d7e8ef7cc4c41179",
    ),
    (
        "a836e6c9a9ca9f1e8d486273ad56a78c70cf18f0ce10abb1c7172ddd605d7fd2"
        "979854f47ae1ccf204a33102095b4200e5befc0465accc263175485f0e17ea5c",
        "e2705652ff9f5e44d3e841bf1c251cf7dddb77d140870d1ab2ed64f1a9ce8628",
    ),
    (
        "2cdc11eaeb95daf01189417cdddbf95952993aa9cb9c640eb5058d09702c7462"
        "2c9965a697a3b345ec24ee56335b556e677b30e6f90ac77d781064f866a3c982",
        "80bd07262511cdde4863f8a7434cef696750681cb9510eea557088f76d9e5065",
    ),
] + [
    (uniform, "304282791023b73128d277bdcb5c7746ef2eac08dde9f2983379cb8e5ef0517f")
    for uniform in (
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
        "1200000000000000000000000000000000000000000000000000000000000000",
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"
        "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
        "0000000000000000000000000000000000000000000000000000000000000080"
        "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "0000000000000000000000000000000000000000000000000000000000000000"
        "1200000000000000000000000000000000000000000000000000000000000080",
    )
]

# RFC 9497 appendix A.1.1: OPRF(ristretto255, SHA-512), base mode; the key from seed a3…a3, info "test key".
RFC9497_KEY = "5ebcea5ee37023ccb9fc2d2019f9d7737be85591ae8652ffa9ef0f4d37063b0e"
RFC9497_BLIND = "64d37aed22a27f5191de1c1d69fadb899d8862b58eb4220029e036ec4c1f6706"
RFC9497 = [
    (
        "00",
        "609a0ae68c15a3cf6903766461307e5c8bb2f95e7e6550e1ffa2dc99e412803c",
        "7ec6578ae5120958eb2db1745758ff379e77cb64fe77b0b2d8cc917ea0869c7e",
        "527759c3d9366f277d8c6020418d96bb393ba2afb20ff90df23fb7708264e2f3"
        "ab9135e3bd69955851de4b1f9fe8a0973396719b7912ba9ee8aa7d0b5e24bcf6",
    ),
    (
        "5a" * 17,
        "da27ef466870f5f15296299850aa088629945a17d1f5b7f5ff043f76b3c06418",
        "b4cbf5a4f1eeda5a63ce7b77c7d23f461db3fcab0dd28e4e17cecb5c90d02c25",
        "f4a74c9c592497375e796aa837e907b1a045d34306a749db9f34221f7e750cb4"
        "f2a6413a6bf6fa5e19ba6348eb673934a722a7ede2e7621306d18951e7cf2c73",
    ),
]


def test_the_vendored_bundle_is_the_pinned_build_and_needs_no_eval():
    bundle = (NOBLE / "noble-2.4.0.min.js").read_bytes()
    recorded = re.search(r"^([0-9a-f]{64})$", (NOBLE / "README.md").read_text(encoding="utf-8"), re.MULTILINE)
    assert recorded and hashlib.sha256(bundle).hexdigest() == recorded.group(1)
    assert not re.search(rb"eval\(|Function\(|WebAssembly", bundle)
    assert (NOBLE / "LICENSE-curves").exists() and (NOBLE / "LICENSE-hashes").exists()


def test_ristretto255_follows_rfc_9496_as_libsodium_does(page):
    inputs = [uniform for uniform, _ in RFC9496_DERIVATION]
    found = call(page, "rfc9496", RFC9496_INVALID, inputs)

    assert found["multiples"] == RFC9496_MULTIPLES
    assert found["rejected"] == [True] * len(RFC9496_INVALID)
    assert found["derived"] == [element for _, element in RFC9496_DERIVATION]
    # libsodium agrees on each, so the transcription above is not what makes the browser pass.
    for k, encoding in enumerate(RFC9496_MULTIPLES[1:], start=1):
        assert pysodium.crypto_scalarmult_ristretto255_base(k.to_bytes(32, "little")).hex() == encoding
    assert not any(
        pysodium.crypto_core_ristretto255_is_valid_point(bytes.fromhex(bad)) for bad in RFC9496_INVALID
    )
    for uniform, element in RFC9496_DERIVATION:
        assert pysodium.crypto_core_ristretto255_from_hash(bytes.fromhex(uniform)).hex() == element


def test_hash_to_group_and_blinding_follow_rfc_9497_oprf_vectors(page):
    for message, blinded, evaluated, output in RFC9497:
        assert call(page, "oprf", message, RFC9497_BLIND, RFC9497_KEY) == {
            "blinded": blinded,
            "evaluated": evaluated,
            "output": output,
        }


def test_tokens_padding_and_blinding_equal_libsodium_with_our_tag(page):
    pairing_secret = os.urandom(32)
    scalar = pysodium.crypto_core_ristretto255_scalar_random()
    tokens = [["shared", 1], ["inviter-acts", 17], ["invitee-acts", 17], ["shared", 2047]]
    paddings = [["inviter", 1, 0], ["invitee", 3, 576]]
    messages = [b"", b"abc", os.urandom(32), os.urandom(200)]

    found = call(page, "tokens", pairing_secret.hex(), tokens, paddings, scalar.hex())

    assert call(page, "hashToGroup", [m.hex() for m in messages], TOKEN_DST.decode()) == [
        hash_to_group(m, TOKEN_DST).hex() for m in messages
    ]
    assert found["tokenKey"] == hkdf(pairing_secret, "tok").hex()
    assert found["messageKey"] == hkdf(pairing_secret, "msg").hex()
    expected = [token(pairing_secret, *t) for t in tokens] + [padding(pairing_secret, *p) for p in paddings]
    assert found["points"] == [point.hex() for point in expected]
    assert found["blinded"] == [pysodium.crypto_scalarmult_ristretto255(scalar, p).hex() for p in expected]
    # A person's give is their own role's class, their receive the other's: the reveal rule's crosswise match.
    assert call(page, "tokenClasses") == {
        f"{role} {side}": token_class(role, side)
        for role in ("inviter", "invitee")
        for side in ("shared", "give", "receive")
    }


def small_catalogue() -> list[list]:
    """Activities with ids that are not consecutive, a third of them directional."""
    sides = []
    for activity_id in range(3, 75, 3):
        sides += (
            [[activity_id, "give"], [activity_id, "receive"]]
            if activity_id % 9 == 0
            else [[activity_id, "shared"]]
        )
    return sides


def random_yes(sides: list) -> list[list]:
    return [side for side in sides if random.random() < 0.5]  # noqa: S311 - test data


def test_a_lock_message_is_what_the_contract_says_down_to_each_point(page):
    sides = small_catalogue()
    pairing_secret, pairing = os.urandom(32), str(uuid.uuid4())
    yes = random_yes(sides)
    lock = call(
        page,
        "lock",
        "ann",
        {
            "pairingSecret": pairing_secret.hex(),
            "pairing": pairing,
            "round": 4,
            "role": "invitee",
            "sides": sides,
            "yes": yes,
            "saturated": True,
        },
    )

    plaintext = open_message(
        page, pairing_secret, context(pairing, 4, sides, "invitee", "lock"), lock["message"]
    )
    scalar = bytes.fromhex(lock["scalar"])
    points = [plaintext[2 + 32 * i : 34 + 32 * i] for i in range(len(sides))]
    tokens = [token(pairing_secret, token_class("invitee", side), activity_id) for activity_id, side in yes]
    pads = [padding(pairing_secret, "invitee", 4, j) for j in range(len(sides) - len(yes))]

    assert call(page, "catalogueVersion", sides) == catalogue_version(sides)
    assert call(page, "checkCatalogue", catalogue_version(sides), sides)["version"] == catalogue_version(
        sides
    )
    assert "rejected" in call(page, "checkCatalogue", catalogue_version(sides), sides[1:])
    assert len(bytes.fromhex(lock["message"])) == 32 * len(sides) + 30
    assert plaintext[:2] == b"\x01\x01"
    assert sorted(points) == sorted(pysodium.crypto_scalarmult_ristretto255(scalar, t) for t in tokens + pads)


def play_round(page, pairing_secret: bytes, pairing: str, round_number: int, sides, ann_yes, ben_yes):
    """Ann invited Ben; the test relays their messages as the server does."""
    common = {
        "pairingSecret": pairing_secret.hex(),
        "pairing": pairing,
        "round": round_number,
        "sides": sides,
    }
    ann = call(page, "lock", "ann", {**common, "role": "inviter", "yes": ann_yes, "saturated": False})
    ben = call(page, "lock", "ben", {**common, "role": "invitee", "yes": ben_yes, "saturated": True})
    ann_reply = call(page, "reply", "ann", pairing_secret.hex(), ben["message"])
    ben_reply = call(page, "reply", "ben", pairing_secret.hex(), ann["message"])
    call(page, "moveSecret", "ann")  # Ann finishes on another device
    return {
        "locks": (ann["message"], ben["message"]),
        "scalars": (ann["scalar"], ben["scalar"]),
        "replies": (ann_reply["reply"], ben_reply["reply"]),
        "saturation bits seen": (ann_reply["partnerSaturated"], ben_reply["partnerSaturated"]),
        "ann": call(page, "finish", "ann", pairing_secret.hex(), ben_reply["reply"], sides)["matches"],
        "ben": call(page, "finish", "ben", pairing_secret.hex(), ann_reply["reply"], sides)["matches"],
    }


AS_INVITER = {"shared": Direction.TOGETHER, "give": Direction.A_TO_B, "receive": Direction.B_TO_A}
AS_INVITEE = {"shared": Direction.TOGETHER, "give": Direction.B_TO_A, "receive": Direction.A_TO_B}


def test_two_partners_each_find_exactly_the_reveal_rules_matches_round_after_round(page):
    sides = small_catalogue()
    pairing_secret, pairing = os.urandom(32), str(uuid.uuid4())
    ann_yes, ben_yes = random_yes(sides), random_yes(sides)
    expected = reveal({tuple(key) for key in ann_yes}, {tuple(key) for key in ben_yes})

    first = play_round(page, pairing_secret, pairing, 1, sides, ann_yes, ben_yes)
    second = play_round(page, pairing_secret, pairing, 2, sides, ann_yes, ben_yes)

    for played in (first, second):
        assert {Match(activity_id, AS_INVITER[side]) for activity_id, side in played["ann"]} == expected
        assert {Match(activity_id, AS_INVITEE[side]) for activity_id, side in played["ben"]} == expected
        assert played["saturation bits seen"] == (True, False)
        # Different answers, same sizes: a message's length tells nothing of how many were Yes.
        assert {len(message) // 2 for message in played["locks"]} == {32 * len(sides) + 30}
        assert {len(message) // 2 for message in played["replies"]} == {32 * len(sides) + 29}
    # Fresh scalars, padding and shuffle each round: the same answers never make the same message.
    assert set(first["scalars"]).isdisjoint(second["scalars"])
    assert set(first["locks"]).isdisjoint(second["locks"])
    shared = sum(side == "shared" for _, side in sides)
    directional = sum(side == "give" for _, side in sides)
    for yes in (ann_yes, ben_yes):
        mine = saturation({tuple(key) for key in yes}, shared, directional)
        assert call(page, "saturation", yes, sides) == pytest.approx(mine)


def test_a_malicious_server_or_partner_is_refused_or_learns_nothing(page):
    sides = small_catalogue()
    n = len(sides)
    pairing_secret, pairing = os.urandom(32), str(uuid.uuid4())
    key = pairing_secret.hex()
    ann_yes, ben_yes = random_yes(sides), random_yes(sides)
    common = {"pairingSecret": key, "pairing": pairing, "sides": sides, "saturated": False}
    earlier = call(page, "lock", "ben", {**common, "round": 1, "role": "invitee", "yes": ben_yes})["message"]
    ann = call(page, "lock", "ann", {**common, "round": 2, "role": "inviter", "yes": ann_yes})["message"]
    ben = call(page, "lock", "ben", {**common, "round": 2, "role": "invitee", "yes": ben_yes})["message"]
    ben_plain = open_message(page, pairing_secret, context(pairing, 2, sides, "invitee", "lock"), ben)

    def as_ben(
        plaintext: bytes, stage: str = "lock", round_number: int = 2, secret: bytes = pairing_secret
    ) -> str:
        """A partner running modified code: correctly sealed, whatever is inside."""
        return seal_message(page, secret, context(pairing, round_number, sides, "invitee", stage), plaintext)

    def flipped(message: str, at: int) -> str:
        raw = bytearray.fromhex(message)
        raw[at] ^= 1
        return raw.hex()

    def blocks_swapped(message: str, header: int) -> str:
        raw = bytearray.fromhex(message)
        first, second = 12 + header, 12 + header + 32
        raw[first:second], raw[second : second + 32] = raw[second : second + 32], raw[first:second]
        return raw.hex()

    points = ben_plain[2:]
    refused_locks = {
        # What the server can do: it holds ciphertexts only, and can make none.
        "a point of the server's own in place of one of Ben's": flipped(ben, 12 + 2 + 32 * 3),
        "the server's own points, sealed under a key it made up": as_ben(ben_plain, secret=os.urandom(32)),
        "Ben's message from an earlier round, replayed": earlier,
        "Ann's own message handed back as Ben's": ann,
        "Ben's points reordered": blocks_swapped(ben, 2),
        "a truncated message": ben[: -2 * 32],
        "a reply where a lock belongs": as_ben(ben_plain[:1] + points, stage="reply"),
        # What Ben's modified browser can do: seal anything under K.
        "a point repeated": as_ben(ben_plain[:2] + points[:32] + points[:-32]),
        "the identity": as_ben(ben_plain[:2] + bytes(32) + points[32:]),
        "a non-canonical encoding": as_ben(ben_plain[:2] + bytes.fromhex(RFC9496_INVALID[0]) + points[32:]),
        "one point too few": as_ben(ben_plain[:-32]),
        "an unknown format": as_ben(b"\x02" + ben_plain[1:]),
        "a saturation bit of 2": as_ben(b"\x01\x02" + points),
    }
    for attack, message in refused_locks.items():
        assert "rejected" in call(page, "reply", "ann", key, message), attack

    ann_reply = call(page, "reply", "ann", key, ben)["reply"]
    ben_reply = call(page, "reply", "ben", key, ann)["reply"]
    ben_reply_plain = open_message(
        page, pairing_secret, context(pairing, 2, sides, "invitee", "reply"), ben_reply
    )
    doubled = [ben_reply_plain[1 + 32 * i : 33 + 32 * i] for i in range(n)]
    refused_replies = {
        "the reply withheld": None,
        "Ben's reply reordered by the server": blocks_swapped(ben_reply, 1),
        "Ann's own reply handed back": ann_reply,
        "a reply from an earlier round": as_ben(ben_reply_plain, stage="reply", round_number=1),
        "a lock where a reply belongs": ben,
        "a reply point repeated": as_ben(b"\x01" + doubled[0] * 2 + b"".join(doubled[2:]), stage="reply"),
        "the identity in a reply": as_ben(b"\x01" + bytes(32) + b"".join(doubled[1:]), stage="reply"),
    }
    for attack, reply in refused_replies.items():
        assert "rejected" in call(page, "finish", "ann", key, reply, sides), attack

    # Ben's browser reorders its reply, correctly sealed: Ann may be shown a wrong result (docs/sealed.md
    # says so), but never anything that is not one of her own Yes answers.
    shuffled = random.sample(doubled, n)
    wrong = call(page, "finish", "ann", key, as_ben(b"\x01" + b"".join(shuffled), stage="reply"), sides)
    assert {tuple(match) for match in wrong["matches"]} <= {tuple(yes) for yes in ann_yes}

    honest = call(page, "finish", "ann", key, ben_reply, sides)["matches"]
    expected = reveal({tuple(k) for k in ann_yes}, {tuple(k) for k in ben_yes})
    assert {Match(activity_id, AS_INVITER[side]) for activity_id, side in honest} == expected


def test_blobs_are_one_size_per_kind_whatever_they_hold_and_refuse_roll_backs(page):
    few = [[5, "shared", "yes"]]
    many = [
        [activity_id, side, random.choice(["yes", "maybe", "no"])]
        for activity_id in range(1, 400)
        for side in ("give", "receive")
    ]  # noqa: S311

    found = call(
        page,
        "blobs",
        [few, many],
        {"hidden": [3, 200], "shown": [200]},
        [{"round": 9, "matches": [[2047, "receive"], [5, "shared"]]}],
        64,
    )

    few_sealed, many_sealed = found["answers"]
    assert few_sealed["size"] == many_sealed["size"] == found["sizes"]["answers"]
    assert few_sealed["roundTrip"] == few
    assert sorted(map(tuple, many_sealed["roundTrip"])) == sorted(map(tuple, many))
    for sealed in found["answers"]:
        assert "rolled back" in sealed["rolledBack"]["rejected"]
        assert "rejected" in sealed["otherName"]
        assert "rejected" in sealed["otherPerson"]
    assert found["sections"] == {"hidden": [3, 200], "shown": [200]}
    assert found["results"] == [{"round": 9, "matches": [[5, "shared"], [2047, "receive"]]}]
    assert found["keyring"]
    assert found["sizes"] == BLOB_SIZES  # the server refuses any other size
    # The server's limit per blob, even counted as the base64url text that carries it.
    assert max(-(-size // 3) * 4 for size in found["sizes"].values()) <= 64 * 1024
    for byte in (0, 12, -1):  # the nonce, the sealed plaintext, the tag
        assert "rejected" in call(page, "tamperedBlob", byte)


def test_the_worker_runs_a_round_step_under_the_sites_policy_and_reports_progress(page):
    sides = small_catalogue()
    found = call(
        page,
        "lockInWorker",
        {
            "pairingSecret": os.urandom(32).hex(),
            "pairing": str(uuid.uuid4()),
            "round": 1,
            "role": "inviter",
            "sides": sides,
            "yes": sides[:3],
        },
    )

    assert found["size"] == 32 * len(sides) + 30
    assert found["progress"][-1] == [len(sides), len(sides)]
    assert len(found["progress"]) > 1
    assert "only after replying" in found["refusal"]


def test_a_secret_read_from_the_fragment_leaves_the_address_bar(page):
    found = call(page, "takeFragment", "k", bytes(range(32)).hex())

    assert found["link"].endswith("/#k=AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8")
    assert found["secret"] == bytes(range(32)).hex()
    assert "#" not in found["href"]


def test_the_servers_catalogue_bundle_is_one_the_browser_accepts(page, content):
    """The two halves agree on the catalogue: its version, as the server computes it over the shipped
    content, is what the browser computes over the sides it lists."""
    served = page.evaluate("async () => (await fetch('/sealed/catalogue.json')).json()")

    assert len(served["sides"]) > 300
    assert call(page, "checkCatalogue", served["version"], served["sides"])["version"] == served["version"]
    assert "rejected" in call(page, "checkCatalogue", served["version"], served["sides"][1:])
