#!/usr/bin/env python3
"""Replays the attack gallery of the PeerVerdicts executable against PyJWT, joserfc and pyseto.

Usage: peer_verdicts.py CASES.json

CASES.json is written by `swift run PeerVerdicts` (which runs this script itself when given `--python`): a list of
cases, each with `format` (a JWS algorithm or `v4.local` / `v4.public`), `attack`, `token` and `key` (the
verification key a correctly configured verifier holds: a JWK as JSON text, or a PASERK). Every library verifies each
token of a format it supports the way its documentation says an application should: pinned to the one algorithm,
with its default claim checks (expiry). Prints a JSON object on stdout: `libraries` (name -> version) and `verdicts`,
one object per case mapping a library name to {"accepted": bool, "reason": str, "subject": str or null}. Keys are
loaded outside the verdicts: a key a library cannot load is a harness error (a traceback and exit status 1), never a
"refused" verdict.
"""
import json
import sys

import joserfc
import jwt
import pyseto
from joserfc import jwt as joserfc_jwt
from joserfc.jwk import JWKRegistry


def reason(error):
    """The exception's class and the first line of its message, short enough for a table cell."""
    text = str(error).splitlines()[0] if str(error) else ""
    return f"{type(error).__name__}: {text}"[:90]


def subject(claims):
    """The `sub` a library returned, or None."""
    value = claims.get("sub") if isinstance(claims, dict) else None
    return value if isinstance(value, str) else None


# Each library is a pair: load_key (run outside any try: a key that does not load is the harness's bug and ends the
# run with a traceback and a non-zero status) and verify (whose exceptions are the library's refusals).
def pyjwt_key(case):
    return jwt.PyJWK(json.loads(case["key"]), algorithm=case["format"]).key


def pyjwt_verify(case, key):
    return subject(jwt.decode(case["token"], key, algorithms=[case["format"]]))


def joserfc_key(case):
    return JWKRegistry.import_key(json.loads(case["key"]))


def joserfc_verify(case, key):
    token = joserfc_jwt.decode(case["token"], key, algorithms=[case["format"]])
    joserfc_jwt.JWTClaimsRegistry().validate(token.claims)
    return subject(token.claims)


def pyseto_key(case):
    return pyseto.Key.from_paserk(case["key"])


def pyseto_verify(case, key):
    return subject(pyseto.decode(key, case["token"], deserializer=json).payload)


def is_paseto(case):
    return case["format"].startswith("v4.")


LIBRARIES = {
    "PyJWT": (lambda case: not is_paseto(case), pyjwt_key, pyjwt_verify),
    "joserfc": (lambda case: not is_paseto(case), joserfc_key, joserfc_verify),
    "pyseto": (is_paseto, pyseto_key, pyseto_verify),
}


def verdicts(case, keys):
    """Every applicable library's verdict on one case; keys caches each library's key per format."""
    result = {}
    for name, (applies, load_key, verify) in LIBRARIES.items():
        if not applies(case):
            continue
        cache = (name, case["format"], case["key"])
        if cache not in keys:
            keys[cache] = load_key(case)  # outside the try on purpose: see LIBRARIES
        try:
            result[name] = {"accepted": True, "reason": "", "subject": verify(case, keys[cache])}
        except Exception as error:  # noqa: BLE001 - every refusal is a verdict, reported with its reason
            result[name] = {"accepted": False, "reason": reason(error)}
    return result


def main():
    with open(sys.argv[1], encoding="utf-8") as handle:
        cases = json.load(handle)
    keys = {}
    output = {
        "libraries": {"PyJWT": jwt.__version__, "joserfc": joserfc.__version__, "pyseto": pyseto.__version__},
        "verdicts": [verdicts(case, keys) for case in cases],
    }
    json.dump(output, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
