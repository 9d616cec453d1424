#!/usr/bin/env python3
"""Differential corpus: tokens made and judged by implementations Tessera did not write.

Usage: "$PYTHON" generate.py OUT.jsonl [--count N] [--mutations M] [--seed S] [--now T] [--jobs J]

For every format family (HS256/384/512, RS256/384/512, PS256/384/512, ES256/384/512, EdDSA, v4.local, v4.public)
it makes N valid tokens (default 1,500; the RS384/RS512/PS384/PS512 families get N/10, RSA signing is slow) with
random claims, headers and footers, signed or encrypted through the reference libraries (PyJWT's algorithm objects
for JWS, pyseto for PASETO), and M mutations of each (default 3, drawn at random from every mutation that applies to
the token), so about 6,000 tokens per main family. The RSA families also get a few tokens whose signature starts
with a zero byte, sent as they are and with that byte stripped. Each record is then judged by every applicable reference with the key pinned to one algorithm:

- PyJWT: ``jwt.decode(token, PyJWK, algorithms=[alg], issuer=, audience=, options={"require": ["exp"]})``;
- joserfc: ``jwt.decode(token, key, registry=JWSRegistry(algorithms=[alg], strict_check_header=False))`` and
  ``JWTClaimsRegistry(now=NOW, exp essential, iss/aud essential with their value when configured)``;
- pyseto: ``pyseto.decode(key_of_that_purpose, token, implicit_assertion=, deserializer=json, aud=)``; pyseto checks
  ``exp``/``nbf``/``aud`` itself, and this script adds what it has no option for: ``exp`` required, ``iat`` not in
  the future, ``iss`` equal to the configured issuer (Python ``==``, code point by code point) and the expected
  footer.

Every reference reads one fixed ``now`` (``--now``, default 1,900,000,000) with zero leeway: joserfc through its
``now`` parameter, PyJWT and pyseto through their module's ``datetime.now``, replaced here by a stopped clock. When
no audience is configured, PyJWT is told not to check ``aud`` (Tessera ignores ``aud`` then; PyJWT would refuse any
token that carries one).

One JSON object per line: id, family, alg, key (public or HMAC JWK with ``alg``, or a ``k4.local``/``k4.public``
PASERK), token, footer/implicit (PASETO), now, issuer/audience (when configured), mutation and refs (verdicts).
"""
import argparse
import base64
import datetime as _datetime
import hashlib
import hmac
import json
import multiprocessing
import os
import random
import sys
import time
import unicodedata
import warnings

warnings.simplefilter("ignore")

import jwt  # noqa: E402
import jwt.api_jwt  # noqa: E402
import pyseto  # noqa: E402
import pyseto.paseto  # noqa: E402
from cryptography.hazmat.primitives import serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa  # noqa: E402
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature  # noqa: E402
from joserfc import jwk as joserfc_jwk  # noqa: E402
from joserfc import jwt as joserfc_jwt  # noqa: E402
from joserfc.jws import JWSRegistry  # noqa: E402
from joserfc.jwt import JWTClaimsRegistry  # noqa: E402
from pyseto import Key  # noqa: E402

NOW = 1_900_000_000
JWS_FAMILIES = ["HS256", "HS384", "HS512", "RS256", "PS256", "RS384", "RS512", "PS384", "PS512", "ES256", "ES384",
                "ES512", "EdDSA"]
SMALL_FAMILIES = {"RS384", "RS512", "PS384", "PS512"}
PASETO_FAMILIES = ["v4.local", "v4.public"]
CURVES = {"ES256": (ec.SECP256R1(), "P-256", 32), "ES384": (ec.SECP384R1(), "P-384", 48),
          "ES512": (ec.SECP521R1(), "P-521", 66)}
ORDERS = {
    "ES256": 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551,
    "ES384": int("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFC7634D81F4372DDF581A0DB248B0A77AECEC196ACCC52973", 16),
    "ES512": int("01FF" + "FFFFFFFF" * 7 + "FFFFFFFA51868783BF2F966B7FCC0148F709A5D03BB5C9B8899C47AEBB6FB71E91386409", 16),
}
HASH_BYTES = {"256": 32, "384": 48, "512": 64}


class StoppedClock(_datetime.datetime):
    """``datetime`` whose ``now`` is the corpus's fixed instant; swapped into PyJWT and pyseto."""

    @classmethod
    def now(cls, tz=None):
        return _datetime.datetime.fromtimestamp(NOW, tz)


def set_now(value):
    global NOW
    NOW = value
    jwt.api_jwt.datetime = StoppedClock
    pyseto.paseto.datetime = StoppedClock


# ---------------------------------------------------------------------------------------------------------------
# JSON written by hand, so mutations can hold duplicate members, raw number text and odd escapes.

class Raw:
    """JSON text inserted as is."""

    def __init__(self, text):
        self.text = text


class Obj:
    """A JSON object as a list of (name, value) pairs; names may repeat."""

    def __init__(self, pairs):
        self.pairs = list(pairs)

    def get(self, name, default=None):
        for key, value in self.pairs:
            if key == name:
                return value
        return default

    def set(self, name, value):
        self.pairs = [(k, v) for k, v in self.pairs if k != name] + [(name, value)]

    def remove(self, name):
        self.pairs = [(k, v) for k, v in self.pairs if k != name]

    def copy(self):
        return Obj(self.pairs)


def dumps(value, ascii_only=False, spaced=False):
    colon, comma = (": ", ", ") if spaced else (":", ",")
    if isinstance(value, Raw):
        return value.text
    if isinstance(value, Obj):
        return "{" + comma.join(dumps(k, ascii_only) + colon + dumps(v, ascii_only, spaced)
                                for k, v in value.pairs) + "}"
    if isinstance(value, dict):
        return dumps(Obj(value.items()), ascii_only, spaced)
    if isinstance(value, list):
        return "[" + comma.join(dumps(v, ascii_only, spaced) for v in value) + "]"
    return json.dumps(value, ensure_ascii=ascii_only)


def to_python(value):
    if isinstance(value, Obj):
        return {k: to_python(v) for k, v in value.pairs}
    if isinstance(value, list):
        return [to_python(v) for v in value]
    if isinstance(value, Raw):
        return json.loads(value.text)
    return value


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def unb64(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


# ---------------------------------------------------------------------------------------------------------------
# Random content.

ALPHABETS = [
    "abcdefghijklmnopqrstuvwxyz0123456789-_.:/",
    "ÄÖÜäöüßéèêçñøåæ",
    "日本語中文한국어",
    "Ωπ∑√∞≠≈",
    "\U0001F600\U0001F680\U0001D4B3\U00010348\U0001F9EA",
    "\"\\/\b\f\n\r\t\u0001\u001f\u2028\u2029",
    "\u0301\u0308\u200d\ufeff",
]


def rand_string(rng, low=0, high=16):
    return "".join(rng.choice(rng.choice(ALPHABETS)) for _ in range(rng.randint(low, high)))


def rand_name(rng):
    return rng.choice(["scope", "roles", "tenant", "data", "x", "métadonnées", "名前", "\U0001F511key", "a.b",
                       "$ref", "", "ünïcødé", "nested", "n"]) + rand_string(rng, 0, 4)


def rand_number(rng):
    kind = rng.randrange(9)
    if kind == 0:
        return rng.randint(-10**6, 10**6)
    if kind == 1:
        return rng.randint(10**19, 10**40) * rng.choice([1, -1])
    if kind == 2:
        return rng.uniform(-1e6, 1e6)
    if kind == 3:
        return rng.choice([1e300, 1e-300, 5e-324, 1.7976931348623157e308, -0.0])
    if kind == 4:
        return Raw(rng.choice(["1E5", "1e+5", "-2.5E-3", "0.000", "-0", "123456789012345678901234567890.5",
                               "1.0e0", "9007199254740993"]))
    return rng.randint(0, 1000)


def rand_value(rng, depth=0):
    kind = rng.randrange(8 if depth < 3 else 5)
    if kind == 0:
        return rand_string(rng)
    if kind == 1:
        return rand_number(rng)
    if kind == 2:
        return rng.choice([True, False, None])
    if kind == 3:
        return rand_string(rng, 1, 40)
    if kind == 4:
        return rng.randint(0, 99)
    if kind == 5:
        return [rand_value(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    names = []
    for _ in range(rng.randint(0, 4)):
        name = rand_name(rng)
        if name not in names:
            names.append(name)
    return Obj((name, rand_value(rng, depth + 1)) for name in names)


ISSUERS = ["https://auth.example.com", "https://Kelvin.example/K", "https://café.example", "issuer-Å",
           "https://idp.例え.jp", "\U0001D4BE\U0001D4C8\U0001D4C8-K", "urn:example:issuer"]
AUDIENCES = ["api", "web", "https://api.example.com", "Kapi", "café-api", "mobile-ñ", "\U0001F680-aud", "ALL"]
REGISTERED = {"iss", "sub", "aud", "exp", "nbf", "iat", "jti"}


def rand_date(rng, base, low, high, paseto):
    """A date `low..high` seconds after `base`: a NumericDate (JWT) or an RFC 3339 string (PASETO)."""
    seconds = rng.randint(low, high)
    if paseto:
        return rfc3339(base + seconds, rng)
    form = rng.randrange(6)
    if form == 0:
        return float(base + seconds) + rng.choice([0.25, 0.5, 0.999])
    if form == 1:
        return Raw(f"{base + seconds}e0") if rng.random() < 0.5 else Raw(f"{(base + seconds) * 10}E-1")
    if form == 2:
        return Raw(f"{base + seconds}.0")
    return base + seconds


def rfc3339(instant, rng, style=None):
    moment = _datetime.datetime.fromtimestamp(instant, _datetime.timezone.utc)
    style = style if style is not None else rng.randrange(5)
    if style == 1:
        return moment.strftime("%Y-%m-%dT%H:%M:%S") + ".123456Z"
    if style == 2:
        shifted = moment.astimezone(_datetime.timezone(_datetime.timedelta(hours=5, minutes=30)))
        return shifted.strftime("%Y-%m-%dT%H:%M:%S+05:30")
    if style == 3:
        return moment.strftime("%Y-%m-%dT%H:%M:%S+00:00")
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def rand_claims(rng, paseto):
    claims = Obj([])
    if rng.random() < 0.85:
        claims.set("iss", rng.choice(ISSUERS))
    if rng.random() < 0.9:
        claims.set("sub", rand_string(rng, 1, 12))
    audiences = rng.sample(AUDIENCES, 1 if paseto else rng.randint(1, 4))
    if rng.random() < 0.9:
        claims.set("aud", audiences[0] if len(audiences) == 1 and (paseto or rng.random() < 0.5) else audiences)
    claims.set("exp", rand_date(rng, NOW, 5, 10**7, paseto))
    if rng.random() < 0.5:
        claims.set("nbf", rand_date(rng, NOW, -10**7, -5, paseto))
    if rng.random() < 0.7:
        claims.set("iat", rand_date(rng, NOW, -10**7, -5, paseto))
    if rng.random() < 0.5:
        claims.set("jti", rand_string(rng, 1, 20))
    for _ in range(rng.randint(0, 5)):
        name = rand_name(rng)
        if name not in REGISTERED and claims.get(name) is None:
            claims.set(name, rand_value(rng))
    rng.shuffle(claims.pairs)
    return claims


# ---------------------------------------------------------------------------------------------------------------
# Keys: a small pool per family, made once in the parent process and shared with the workers by fork.

KEYS = {}


def make_keys():
    rsa_keys = [("rsa2048a", rsa.generate_private_key(65537, 2048), True, 10),
                ("rsa2048b", rsa.generate_private_key(65537, 2048), False, 10),
                ("rsa3072", rsa.generate_private_key(65537, 3072), True, 1),
                ("rsa1024", rsa.generate_private_key(65537, 1024), True, 0.4)]
    for family in JWS_FAMILIES:
        pool = []
        if family.startswith("HS"):
            size = HASH_BYTES[family[2:]]
            for name, length, kid, weight in [("a", size, True, 10), ("b", size * 2, False, 10),
                                              ("short", size // 2, True, 0.5)]:
                secret = os.urandom(length)
                jwk = {"kty": "oct", "k": b64(secret), "alg": family}
                pool.append(key_entry(family, f"{family}-{name}", secret, jwk, kid, weight))
        elif family[:2] in ("RS", "PS"):
            for name, private, kid, weight in rsa_keys:
                if name == "rsa1024" and family in ("PS384", "PS512"):
                    continue  # salt + hash do not fit a 1024-bit modulus
                numbers = private.public_key().public_numbers()
                jwk = {"kty": "RSA", "n": b64(numbers.n.to_bytes((numbers.n.bit_length() + 7) // 8, "big")),
                       "e": b64(numbers.e.to_bytes(3, "big")), "alg": family}
                pool.append(key_entry(family, f"{family}-{name}", private, jwk, kid, weight))
        elif family.startswith("ES"):
            curve, crv, size = CURVES[family]
            for name, kid in [("a", True), ("b", False)]:
                private = ec.generate_private_key(curve)
                numbers = private.public_key().public_numbers()
                jwk = {"kty": "EC", "crv": crv, "x": b64(numbers.x.to_bytes(size, "big")),
                       "y": b64(numbers.y.to_bytes(size, "big")), "alg": family}
                pool.append(key_entry(family, f"{family}-{name}", private, jwk, kid, 10))
        else:
            for name, kid in [("a", True), ("b", False)]:
                private = ed25519.Ed25519PrivateKey.generate()
                raw = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
                jwk = {"kty": "OKP", "crv": "Ed25519", "x": b64(raw), "alg": "EdDSA"}
                pool.append(key_entry(family, f"{family}-{name}", private, jwk, kid, 10))
        KEYS[family] = pool
    KEYS["v4.local"] = []
    for name in ["a", "b"]:
        key = Key.new(4, "local", os.urandom(32))
        KEYS["v4.local"].append({"name": f"local-{name}", "signer": key, "verifier": key,
                                 "record": key.to_paserk(), "weight": 10})
    KEYS["v4.public"] = []
    for name in ["a", "b"]:
        private = ed25519.Ed25519PrivateKey.generate()
        pem = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption())
        public_pem = private.public_key().public_bytes(serialization.Encoding.PEM,
                                                       serialization.PublicFormat.SubjectPublicKeyInfo)
        public = Key.new(4, "public", public_pem)
        KEYS["v4.public"].append({"name": f"public-{name}", "signer": Key.new(4, "public", pem), "verifier": public,
                                  "record": public.to_paserk(), "weight": 10})


def key_entry(family, name, private, jwk, with_kid, weight):
    if with_kid:
        jwk["kid"] = f"kid-{name}"
    return {"name": name, "family": family, "private": private, "jwk": jwk, "kid": jwk.get("kid"), "weight": weight,
            "pyjwt": None, "joserfc": None}


def pick_key(rng, family):
    pool = KEYS[family]
    return rng.choices(pool, weights=[k["weight"] for k in pool])[0]


# ---------------------------------------------------------------------------------------------------------------
# Signing (PyJWT's algorithm objects) and the references' verdicts.

ALGORITHMS = jwt.algorithms.get_default_algorithms()


def sign(alg, key, signing_input):
    return ALGORITHMS[alg].sign(signing_input, key["private"])


def assemble(alg, key, header_text, payload_text):
    signing_input = (header_text + "." + payload_text).encode("ascii")
    return header_text + "." + payload_text + "." + b64(sign(alg, key, signing_input))


def verdict_pyjwt(token, alg, key, issuer, audience):
    if key["pyjwt"] is None:
        key["pyjwt"] = jwt.PyJWK(key["jwk"])
    options = {"require": ["exp"], "verify_aud": audience is not None}
    try:
        jwt.decode(token, key["pyjwt"], algorithms=[alg], issuer=issuer, audience=audience, options=options, leeway=0)
        return "accept"
    except Exception:  # noqa: BLE001 - any refusal is a refusal
        return "reject"


def verdict_joserfc(token, alg, key, issuer, audience):
    if key["joserfc"] is None:
        key["joserfc"] = (joserfc_jwk.import_key(key["jwk"]),
                          JWSRegistry(algorithms=[alg], strict_check_header=False))
    jwk, registry = key["joserfc"]
    options = {"exp": {"essential": True}}
    if issuer is not None:
        options["iss"] = {"essential": True, "value": issuer}
    if audience is not None:
        options["aud"] = {"essential": True, "value": audience}
    try:
        decoded = joserfc_jwt.decode(token, jwk, algorithms=[alg], registry=registry)
        JWTClaimsRegistry(now=NOW, leeway=0, **options).validate(decoded.claims)
        return "accept"
    except Exception:  # noqa: BLE001
        return "reject"


def verdict_pyseto(token, key, footer, implicit, issuer, audience):
    try:
        decoded = pyseto.decode(key["verifier"], token, implicit_assertion=implicit.encode("utf-8"),
                                deserializer=json, aud=audience or "")
        claims = decoded.payload
        if not isinstance(claims, dict) or claims.get("exp") is None:
            return "reject"
        if "iat" in claims:
            issued = pyseto_date(claims["iat"])
            if issued is None or issued > NOW:
                return "reject"
        if issuer is not None and claims.get("iss") != issuer:
            return "reject"
        if footer is not None:
            parts = token.split(".")
            actual = unb64(parts[3]) if len(parts) == 4 else b""
            if actual != footer.encode("utf-8"):
                return "reject"
        return "accept"
    except Exception:  # noqa: BLE001
        return "reject"


def pyseto_date(value):
    import iso8601

    try:
        return iso8601.parse_date(value).timestamp()
    except Exception:  # noqa: BLE001
        return None


# ---------------------------------------------------------------------------------------------------------------
# Mutations. Each takes the valid token's parts and returns (token, changes) or None when it does not apply;
# `changes` may override the record's issuer/audience/footer/implicit.

def flip_bit(rng, data):
    if not data:
        return None
    data = bytearray(data)
    data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
    return bytes(data)


def non_canonical(text):
    """The same bytes with non-zero unused trailing bits (None when the length leaves no unused bits)."""
    if len(text) % 4 not in (2, 3):
        return None
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    index = alphabet.index(text[-1])
    return text[:-1] + alphabet[index | 1]


def padded(text):
    return text + "=" * (-len(text) % 4) if len(text) % 4 else None


def standard_alphabet(text):
    changed = text.replace("-", "+").replace("_", "/")
    return changed if changed != text else None


class JWSCase:
    """A valid JWS token and everything needed to re-sign variants of it."""

    def __init__(self, rng, family, key, header, claims, issuer, audience, ascii_only, spaced):
        self.rng, self.family, self.key = rng, family, key
        self.header, self.claims = header, claims
        self.issuer, self.audience = issuer, audience
        self.ascii_only, self.spaced = ascii_only, spaced
        self.header_text = b64(dumps(header, ascii_only).encode("utf-8"))
        self.payload_text = b64(dumps(claims, ascii_only, spaced).encode("utf-8"))
        self.token = assemble(family, key, self.header_text, self.payload_text)

    def resign(self, header=None, claims=None, payload_bytes=None, header_bytes=None):
        header_text = b64(header_bytes) if header_bytes is not None else (
            b64(dumps(header, self.ascii_only).encode("utf-8")) if header is not None else self.header_text)
        if payload_bytes is not None:
            payload_text = b64(payload_bytes)
        elif claims is not None:
            payload_text = b64(dumps(claims, self.ascii_only, self.spaced).encode("utf-8"))
        else:
            payload_text = self.payload_text
        return assemble(self.family, self.key, header_text, payload_text)

    def with_claim(self, name, value):
        claims = self.claims.copy()
        claims.set(name, value)
        return self.resign(claims=claims)


def jws_mutations(case):
    rng, family, alg = case.rng, case.family, case.family
    h, p, s = case.token.split(".")
    header_bytes, payload_bytes, signature = unb64(h), unb64(p), unb64(s)
    kelvin = case.claims.get("iss")
    m = {}

    m["bitflip-header"] = lambda: b64(flip_bit(rng, header_bytes)) + "." + p + "." + s
    m["bitflip-payload"] = lambda: h + "." + b64(flip_bit(rng, payload_bytes)) + "." + s
    m["bitflip-signature"] = lambda: h + "." + p + "." + b64(flip_bit(rng, signature))
    m["swap-header-payload"] = lambda: p + "." + h + "." + s
    m["signature-truncated"] = lambda: h + "." + p + "." + b64(signature[:-1])
    m["signature-empty"] = lambda: h + "." + p + "."
    m["two-segments"] = lambda: h + "." + p
    m["extra-segment"] = lambda: case.token + "." + rng.choice(["", s, "e30"])
    m["empty-segment-inserted"] = lambda: h + ".." + p + "." + s
    m["whitespace-around"] = lambda: rng.choice([" ", "\n", "\t"]) + case.token
    m["padding-signature"] = lambda: (lambda x: x and h + "." + p + "." + x)(padded(s))
    m["padding-payload-resigned"] = lambda: (lambda x: x and assemble(alg, case.key, h, x))(padded(p))
    m["alphabet-signature"] = lambda: (lambda x: x and h + "." + p + "." + x)(standard_alphabet(s))
    m["alphabet-payload-resigned"] = lambda: (lambda x: x and assemble(alg, case.key, h, x))(standard_alphabet(p))
    m["trailing-bits-signature"] = lambda: (lambda x: x and h + "." + p + "." + x)(non_canonical(s))
    m["trailing-bits-payload-resigned"] = lambda: (lambda x: x and assemble(alg, case.key, h, x))(non_canonical(p))
    m["trailing-bits-header-resigned"] = lambda: (lambda x: x and assemble(alg, case.key, x, p))(non_canonical(h))

    def header_with(**changes):
        header = case.header.copy()
        for name, value in changes.items():
            if value is None:
                header.remove(name)
            else:
                header.set(name, value)
        return header

    others = [a for a in ALGORITHMS if a not in (alg, "none")]
    m["alg-other-unsigned"] = lambda: b64(dumps(header_with(alg=rng.choice(others))).encode()) + "." + p + "." + s
    m["alg-none"] = lambda: b64(dumps(header_with(alg=rng.choice(["none", "None", "NONE", "nOnE"]))).encode()) \
        + "." + p + "." + rng.choice(["", s])
    m["alg-lowercase-resigned"] = lambda: case.resign(header=header_with(alg=alg.lower()))
    m["alg-missing-resigned"] = lambda: case.resign(header=header_with(alg=None))
    m["alg-not-string-resigned"] = lambda: case.resign(header=header_with(alg=[alg]))
    m["crit-added-resigned"] = lambda: case.resign(header=header_with(crit=rng.choice([["exp"], [], "exp", ["b64"]]),
                                                                      exp=1))
    m["b64-false-resigned"] = lambda: case.resign(header=header_with(b64=False))
    m["zip-or-enc-resigned"] = lambda: case.resign(header=header_with(**{rng.choice(["zip", "enc"]): "DEF"}))
    m["embedded-jwk-resigned"] = lambda: case.resign(header=header_with(jwk={"kty": "oct", "k": "AAAA"}))
    m["kid-changed-resigned"] = lambda: case.resign(header=header_with(kid=rand_string(rng, 1, 10) + "-other"))
    m["kid-removed-resigned"] = lambda: case.resign(header=header_with(kid=None))
    m["kid-not-string-resigned"] = lambda: case.resign(header=header_with(kid=rng.choice([7, ["a"], True])))
    m["typ-unusual-resigned"] = lambda: case.resign(header=header_with(typ=rng.choice(["at+jwt", "JOSE", "", "x"])))
    m["header-not-object-resigned"] = lambda: case.resign(header_bytes=rng.choice([b"[]", b'"HS256"', b"null"]))
    m["header-duplicate-member-resigned"] = lambda: case.resign(
        header_bytes=("{" + dumps("alg") + ":" + dumps(alg) + "," + dumps(case.header)[1:]).encode())
    if alg.startswith("HS"):
        m["alg-other-hmac-resigned"] = lambda: (lambda other: assemble(
            other, case.key, b64(dumps(header_with(alg=other)).encode()), p))(
            rng.choice([a for a in ("HS256", "HS384", "HS512") if a != alg]))
    else:
        def hmac_confusion():
            public = case.jwk_public_bytes()
            header = b64(dumps(header_with(alg="HS256")).encode())
            digest = hmac.new(public, (header + "." + p).encode(), hashlib.sha256).digest()
            return header + "." + p + "." + b64(digest)
        m["hmac-with-public-key"] = hmac_confusion

    m["exp-past-resigned"] = lambda: case.with_claim("exp", NOW - rng.randint(1, 10**6))
    m["exp-now-resigned"] = lambda: case.with_claim("exp", NOW)
    m["exp-now-plus-one-resigned"] = lambda: case.with_claim("exp", NOW + 1)
    m["exp-string-resigned"] = lambda: case.with_claim("exp", str(NOW + 3600))
    m["exp-bool-or-null-resigned"] = lambda: case.with_claim("exp", rng.choice([True, None, [NOW + 3600]]))
    m["exp-missing-resigned"] = lambda: case.resign(claims=Obj((k, v) for k, v in case.claims.pairs if k != "exp"))
    m["exp-huge-resigned"] = lambda: case.with_claim("exp", rng.choice([
        253402300800, 10**20, Raw("1e20"), 2**63, Raw("1e400"), Raw("9" * 30)]))
    m["exp-year-9999-resigned"] = lambda: case.with_claim("exp", rng.choice([253402300799, 253402300798.25]))
    m["exp-exponent-resigned"] = lambda: case.with_claim("exp", Raw(f"{(NOW + 7200) / 1e9!r}E9"))
    m["exp-fraction-resigned"] = lambda: case.with_claim("exp", NOW + 100.75)
    m["nbf-future-resigned"] = lambda: case.with_claim("nbf", NOW + rng.randint(2, 10**6))
    m["nbf-huge-negative-resigned"] = lambda: case.with_claim("nbf", rng.choice([-10**20, Raw("-1e20")]))
    m["iat-future-resigned"] = lambda: case.with_claim("iat", NOW + rng.randint(2, 10**6))
    m["iat-string-resigned"] = lambda: case.with_claim("iat", str(NOW - 100))
    m["sub-not-string-resigned"] = lambda: case.with_claim("sub", rng.choice([1, ["a"], {"a": 1}]))
    m["aud-empty-array-resigned"] = lambda: case.with_claim("aud", [])
    m["aud-not-string-resigned"] = lambda: case.with_claim("aud", rng.choice([1, [1], {"a": "b"}, ["api", None]]))
    m["duplicate-claim-resigned"] = lambda: case.resign(claims=Obj(case.claims.pairs + [
        rng.choice([("exp", NOW + 10**5), ("sub", "other"), ("exp", NOW - 10)])]))
    m["duplicate-claim-escaped-resigned"] = lambda: case.resign(payload_bytes=(
        dumps(case.claims)[:-1] + (", " if case.claims.pairs else "") + '"\\u0065xp":' + str(NOW + 99) + "}").encode())
    m["payload-not-object-resigned"] = lambda: case.resign(payload_bytes=rng.choice([b"[]", b"1", b'"x"', b"null"]))
    m["payload-lone-surrogate-resigned"] = lambda: case.resign(payload_bytes=(
        dumps(case.claims)[:-1] + (", " if case.claims.pairs else "") + '"note":"\\ud800"}').encode())
    m["payload-invalid-utf8-resigned"] = lambda: case.resign(payload_bytes=(
        dumps(case.claims)[:-1] + (", " if case.claims.pairs else "") + '"note":"').encode() + b"\xff\xfe\"}")
    m["payload-too-deep-resigned"] = lambda: case.with_claim("deep", Raw("[" * 200 + "]" * 200))
    m["payload-trailing-garbage-resigned"] = lambda: case.resign(payload_bytes=dumps(case.claims).encode() + b" x")
    m["payload-pretty-resigned"] = lambda: case.resign(payload_bytes=json.dumps(
        to_python(case.claims), indent=2, ensure_ascii=False).encode())

    if case.issuer is not None:
        m["issuer-mismatch"] = lambda: (case.token, {"issuer": case.issuer + "x"})
        if "K" in case.issuer:
            m["issuer-kelvin-sign-resigned"] = lambda: case.with_claim("iss", case.issuer.replace("K", "\u212a"))
        if unicodedata.normalize("NFD", case.issuer) != case.issuer:
            m["issuer-nfd-resigned"] = lambda: case.with_claim("iss", unicodedata.normalize("NFD", case.issuer))
    if case.audience is not None:
        m["audience-mismatch"] = lambda: (case.token, {"audience": case.audience + "-other"})

        def audience_lookalike(transform):
            aud = case.claims.get("aud")
            changed = [transform(a) for a in aud] if isinstance(aud, list) else transform(aud)
            return case.with_claim("aud", changed) if changed != aud else None
        if "K" in case.audience:
            m["audience-kelvin-sign-resigned"] = lambda: audience_lookalike(lambda a: a.replace("K", "\u212a"))
        if unicodedata.normalize("NFD", case.audience) != case.audience:
            m["audience-nfd-resigned"] = lambda: audience_lookalike(lambda a: unicodedata.normalize("NFD", a))

    if family.startswith("ES"):
        size = CURVES[family][2]

        def high_s():
            r, s_ = int.from_bytes(signature[:size], "big"), int.from_bytes(signature[size:], "big")
            return h + "." + p + "." + b64(r.to_bytes(size, "big") + (ORDERS[family] - s_).to_bytes(size, "big"))

        def der():
            r, s_ = int.from_bytes(signature[:size], "big"), int.from_bytes(signature[size:], "big")
            return h + "." + p + "." + b64(encode_dss_signature(r, s_))

        def zero_r():
            return h + "." + p + "." + b64(bytes(size) + signature[size:])
        m["ecdsa-high-s"] = high_s
        m["ecdsa-der-signature"] = der
        m["ecdsa-zero-r"] = zero_r
    if family[:2] in ("RS", "PS"):
        m["rsa-signature-leading-zero-added"] = lambda: h + "." + p + "." + b64(b"\x00" + signature)
    return m


def jws_public_bytes(key):
    private = key["private"]
    if isinstance(private, bytes):
        return private
    return private.public_key().public_bytes(serialization.Encoding.PEM,
                                             serialization.PublicFormat.SubjectPublicKeyInfo)


def make_jws_case(rng, family):
    key = pick_key(rng, family)
    claims = rand_claims(rng, paseto=False)
    header = Obj([("alg", family)])
    if rng.random() < 0.7:
        header.set("typ", rng.choice(["JWT", "JWT", "at+jwt", "application/jwt"]))
    if key["kid"] is not None and rng.random() < 0.9:
        header.set("kid", key["kid"])
    elif key["kid"] is None and rng.random() < 0.3:
        header.set("kid", "kid-" + rand_string(rng, 1, 8))
    if rng.random() < 0.3:
        header.set(rng.choice(["x-extra", "trace", "ünï"]), rand_value(rng, 3))
    if rng.random() < 0.1:
        header.set("cty", rng.choice(["JWT", "text/plain"]))
    rng.shuffle(header.pairs)
    if len(dumps(header)) > 300:
        header = Obj([("alg", family)])
    issuer = claims.get("iss") if isinstance(claims.get("iss"), str) and rng.random() < 0.6 else None
    aud = claims.get("aud")
    audience = None
    if aud is not None and rng.random() < 0.85:
        audience = rng.choice(aud) if isinstance(aud, list) else aud
    case = JWSCase(rng, family, key, header, claims, issuer, audience, rng.random() < 0.3, rng.random() < 0.1)
    case.jwk_public_bytes = lambda: jws_public_bytes(key)
    return case


def rsa_leading_zero_records(rng, family, count, counter):
    """Valid-looking tokens whose RSA signature starts with a zero byte, sent with that byte stripped."""
    records = []
    key = KEYS[family][0]
    for _ in range(count):
        case = make_jws_case(rng, family)
        case.key = key
        if case.header.get("kid") is not None:
            case.header.set("kid", key["kid"])
        for attempt in range(4000):
            claims = case.claims.copy()
            claims.set("jti", f"zero-{attempt}-{rng.random()}")
            case.claims = claims
            case.header_text = b64(dumps(case.header).encode())
            case.payload_text = b64(dumps(claims).encode())
            token = assemble(family, key, case.header_text, case.payload_text)
            h, p, s = token.split(".")
            signature = unb64(s)
            if signature[0] == 0:
                records.append(jws_record(f"{family}-{counter[0]}", case, token, "valid-leading-zero-signature"))
                counter[0] += 1
                records.append(jws_record(f"{family}-{counter[0]}", case, h + "." + p + "." + b64(signature[1:]),
                                          "rsa-signature-leading-zero-stripped"))
                counter[0] += 1
                break
    return records


def jws_record(rid, case, token, mutation, changes=None):
    changes = changes or {}
    issuer = changes.get("issuer", case.issuer)
    audience = changes.get("audience", case.audience)
    record = {"id": rid, "family": case.family, "alg": case.family, "key": case.key["jwk"], "token": token,
              "now": NOW, "mutation": mutation}
    if issuer is not None:
        record["issuer"] = issuer
    if audience is not None:
        record["audience"] = audience
    record["refs"] = {"pyjwt": verdict_pyjwt(token, case.family, case.key, issuer, audience),
                      "joserfc": verdict_joserfc(token, case.family, case.key, issuer, audience)}
    return record


# ---------------------------------------------------------------------------------------------------------------
# PASETO.

class PASETOCase:
    def __init__(self, rng, family, key, claims, footer, implicit, expect_footer, issuer, audience):
        self.rng, self.family, self.key = rng, family, key
        self.claims, self.footer, self.implicit = claims, footer, implicit
        self.expect_footer, self.issuer, self.audience = expect_footer, issuer, audience
        self.token = self.seal(dumps(claims, rng.random() < 0.3).encode("utf-8"))

    def seal(self, payload, footer=None, implicit=None):
        footer = self.footer if footer is None else footer
        implicit = self.implicit if implicit is None else implicit
        return pyseto.encode(self.key["signer"], payload, footer=footer.encode("utf-8"),
                             implicit_assertion=implicit.encode("utf-8")).decode("ascii")

    def with_claim(self, name, value):
        claims = self.claims.copy()
        claims.set(name, value)
        return self.seal(dumps(claims).encode("utf-8"))


def make_paseto_case(rng, family):
    key = pick_key(rng, family)
    claims = rand_claims(rng, paseto=True)
    kind = rng.randrange(4)
    if kind == 0:
        footer = ""
    elif kind == 1:
        footer = dumps(Obj([("kid", "k4.lid.not-a-real-id" if family == "v4.local" else "k4.pid.x"),
                            ("n", rand_string(rng, 0, 6))]))
    elif kind == 2:
        footer = rand_string(rng, 1, 20).replace(".", "")
    else:
        footer = dumps(Obj([("kid", rand_string(rng, 1, 10))]))
    implicit = rand_string(rng, 1, 20) if rng.random() < 0.5 else ""
    issuer = claims.get("iss") if rng.random() < 0.6 else None
    audience = claims.get("aud") if isinstance(claims.get("aud"), str) and rng.random() < 0.8 else None
    return PASETOCase(rng, family, key, claims, footer, implicit, rng.random() < 0.5, issuer, audience)


def paseto_mutations(case):
    rng = case.rng
    parts = case.token.split(".")
    prefix = parts[0] + "." + parts[1] + "."
    body = unb64(parts[2])
    footer_part = parts[3] if len(parts) == 4 else None
    tail = "." + footer_part if footer_part is not None else ""
    m = {}
    m["bitflip-body"] = lambda: prefix + b64(flip_bit(rng, body)) + tail
    m["bitflip-nonce-or-tag"] = lambda: prefix + b64(
        flip_bit(rng, body[:32]) + body[32:] if case.family == "v4.local" else body[:-64] + flip_bit(rng, body[-64:])
    ) + tail
    m["body-truncated"] = lambda: prefix + b64(body[:rng.randint(0, 64)]) + tail
    m["header-other-purpose"] = lambda: ("v4.public." if case.family == "v4.local" else "v4.local.") + parts[2] + tail
    m["header-other-version"] = lambda: rng.choice(["v3.", "v2.", "V4.", "v4 ."]) + parts[1] + "." + parts[2] + tail
    m["footer-changed"] = lambda: prefix + parts[2] + "." + b64((case.footer + "x").encode())
    m["footer-removed"] = lambda: (prefix + parts[2]) if footer_part is not None else None
    m["footer-trailing-dot"] = lambda: (prefix + parts[2] + ".") if footer_part is None else None
    m["extra-segment"] = lambda: case.token + "." + rng.choice(["", "e30", parts[2][:8]])
    m["implicit-wrong"] = lambda: (case.token, {"implicit": case.implicit + "x"})
    m["expected-footer-wrong"] = lambda: (case.token, {"footer": case.footer + "y"})
    m["padding-body"] = lambda: (lambda x: x and prefix + x + tail)(padded(parts[2]))
    m["alphabet-body"] = lambda: (lambda x: x and prefix + x + tail)(standard_alphabet(parts[2]))
    m["trailing-bits-body"] = lambda: (lambda x: x and prefix + x + tail)(non_canonical(parts[2]))
    if footer_part:
        m["trailing-bits-footer"] = lambda: (lambda x: x and prefix + parts[2] + "." + x)(non_canonical(footer_part))
        m["padding-footer"] = lambda: (lambda x: x and prefix + parts[2] + "." + x)(padded(footer_part))
    m["exp-past-resealed"] = lambda: case.with_claim("exp", rfc3339(NOW - rng.randint(1, 10**6), rng))
    m["exp-now-resealed"] = lambda: case.with_claim("exp", rfc3339(NOW, rng, 0))
    m["exp-now-plus-one-resealed"] = lambda: case.with_claim("exp", rfc3339(NOW + 1, rng, 0))
    m["exp-number-resealed"] = lambda: case.with_claim("exp", NOW + 3600)
    m["exp-missing-resealed"] = lambda: case.seal(dumps(Obj((k, v) for k, v in case.claims.pairs
                                                             if k != "exp")).encode())
    m["exp-lowercase-t-z-resealed"] = lambda: case.with_claim("exp", rfc3339(NOW + 3600, rng, 0).lower())
    m["exp-no-offset-resealed"] = lambda: case.with_claim("exp", rfc3339(NOW + 3600, rng, 0)[:-1])
    m["exp-compact-offset-resealed"] = lambda: case.with_claim("exp", rfc3339(NOW + 3600, rng, 0)[:-1] + "+0000")
    m["exp-leap-second-resealed"] = lambda: case.with_claim("exp", "2031-12-31T23:59:60Z")
    m["exp-fraction-resealed"] = lambda: case.with_claim("exp", rfc3339(NOW + 3600, rng, 1))
    m["exp-offset-resealed"] = lambda: case.with_claim("exp", rfc3339(NOW + 3600, rng, 2))
    m["nbf-future-resealed"] = lambda: case.with_claim("nbf", rfc3339(NOW + rng.randint(2, 10**6), rng))
    m["iat-future-resealed"] = lambda: case.with_claim("iat", rfc3339(NOW + rng.randint(2, 10**6), rng))
    m["aud-array-resealed"] = lambda: case.with_claim("aud", [case.claims.get("aud") or "api", "web"])
    m["duplicate-claim-resealed"] = lambda: case.seal(dumps(Obj(case.claims.pairs + [
        rng.choice([("exp", rfc3339(NOW + 10**5, rng)), ("sub", "other"), ("exp", rfc3339(NOW - 10, rng))])])).encode())
    m["payload-not-object-resealed"] = lambda: case.seal(rng.choice([b"[]", b"1", b'"x"', b"null"]))
    m["payload-lone-surrogate-resealed"] = lambda: case.seal((
        dumps(case.claims)[:-1] + (", " if case.claims.pairs else "") + '"note":"\\ud800"}').encode())
    m["payload-too-deep-resealed"] = lambda: case.with_claim("deep", Raw("[" * 200 + "]" * 200))
    if case.issuer is not None:
        m["issuer-mismatch"] = lambda: (case.token, {"issuer": case.issuer + "x"})
        if "K" in case.issuer:
            m["issuer-kelvin-sign-resealed"] = lambda: case.with_claim("iss", case.issuer.replace("K", "\u212a"))
        if unicodedata.normalize("NFD", case.issuer) != case.issuer:
            m["issuer-nfd-resealed"] = lambda: case.with_claim("iss", unicodedata.normalize("NFD", case.issuer))
    if case.audience is not None:
        m["audience-mismatch"] = lambda: (case.token, {"audience": case.audience + "-other"})
        if "K" in case.audience:
            m["audience-kelvin-sign-resealed"] = lambda: case.with_claim("aud", case.audience.replace("K", "\u212a"))
        if unicodedata.normalize("NFD", case.audience) != case.audience:
            m["audience-nfd-resealed"] = lambda: case.with_claim("aud", unicodedata.normalize("NFD", case.audience))
    return m


def paseto_record(rid, case, token, mutation, changes=None):
    changes = changes or {}
    issuer = changes.get("issuer", case.issuer)
    audience = changes.get("audience", case.audience)
    implicit = changes.get("implicit", case.implicit)
    footer = changes.get("footer", case.footer if case.expect_footer else None)
    record = {"id": rid, "family": case.family, "alg": case.family, "key": case.key["record"], "token": token,
              "implicit": implicit, "now": NOW, "mutation": mutation}
    if footer is not None:
        record["footer"] = footer
    if issuer is not None:
        record["issuer"] = issuer
    if audience is not None:
        record["audience"] = audience
    record["refs"] = {"pyseto": verdict_pyseto(token, case.key, footer, implicit, issuer, audience)}
    return record


# ---------------------------------------------------------------------------------------------------------------

def work(task):
    family, start, count, mutations, seed = task
    rng = random.Random(f"{seed}/{family}/{start}")
    lines = []
    counter = [start * 1_000_000]
    paseto = family.startswith("v4.")
    for _ in range(count):
        case = make_paseto_case(rng, family) if paseto else make_jws_case(rng, family)
        record = paseto_record if paseto else jws_record
        lines.append(record(f"{family}-{counter[0]}", case, case.token, "valid"))
        counter[0] += 1
        available = paseto_mutations(case) if paseto else jws_mutations(case)
        names = sorted(available)
        for name in rng.sample(names, min(mutations, len(names))):
            result = available[name]()
            if result is None:
                continue
            token, changes = result if isinstance(result, tuple) else (result, None)
            lines.append(record(f"{family}-{counter[0]}", case, token, name, changes))
            counter[0] += 1
    if family[:2] in ("RS", "PS") and start == 0:
        lines.extend(rsa_leading_zero_records(rng, family, 3 if family in SMALL_FAMILIES else 6, counter))
    return [json.dumps(line, ensure_ascii=False) for line in lines]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out")
    parser.add_argument("--count", type=int, default=1500, help="valid tokens per family (default 1500)")
    parser.add_argument("--mutations", type=int, default=3, help="mutated records per valid token (default 3)")
    parser.add_argument("--seed", default="tessera", help="random seed (default 'tessera')")
    parser.add_argument("--now", type=int, default=NOW, help="the fixed Unix time every verdict uses")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--families", default=",".join(JWS_FAMILIES + PASETO_FAMILIES))
    args = parser.parse_args()
    set_now(args.now)
    started = time.monotonic()
    make_keys()
    families = args.families.split(",")
    tasks = []
    chunk = 500
    for family in families:
        total = max(1, args.count // 10) if family in SMALL_FAMILIES else args.count
        for start in range(0, total, chunk):
            tasks.append((family, start // chunk, min(chunk, total - start), args.mutations, args.seed))
    tasks.sort(key=lambda task: task[0][:2] not in ("RS", "PS"))
    records = 0
    with open(args.out, "w", encoding="utf-8") as out:
        if args.jobs > 1:
            with multiprocessing.get_context("fork").Pool(args.jobs) as pool:
                for lines in pool.imap(work, tasks):
                    out.write("\n".join(lines) + "\n")
                    records += len(lines)
        else:
            for task in tasks:
                lines = work(task)
                out.write("\n".join(lines) + "\n")
                records += len(lines)
    print(f"generate.py: {records} records for {len(families)} families in {time.monotonic() - started:.1f} s "
          f"-> {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
