#!/usr/bin/env python3
"""Replays the attack gallery of the PeerVerdicts executable against PyJWT, joserfc and pyseto.

Usage: peer_verdicts.py CASES.json

CASES.json is written by `swift run PeerVerdicts` (which runs this script itself when given `--python`): a list of
cases, each with `format` (a JWS algorithm or `v4.local` / `v4.public`), `attack`, `token` and `key` (the
verification key a correctly configured verifier holds: a JWK as JSON text, or a PASERK). Every library verifies each
token of a format it supports the way its documentation says an application should: pinned to the one algorithm,
with its default claim checks (expiry). Prints a JSON object on stdout: `libraries` (name -> version) and `verdicts`,
one object per case mapping a library name to {"accepted": bool, "reason": str}.
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


def pyjwt_verdict(case):
    key = jwt.PyJWK(json.loads(case["key"]), algorithm=case["format"]).key
    jwt.decode(case["token"], key, algorithms=[case["format"]])


def joserfc_verdict(case):
    key = JWKRegistry.import_key(json.loads(case["key"]))
    token = joserfc_jwt.decode(case["token"], key, algorithms=[case["format"]])
    joserfc_jwt.JWTClaimsRegistry().validate(token.claims)


def pyseto_verdict(case):
    key = pyseto.Key.from_paserk(case["key"])
    pyseto.decode(key, case["token"], deserializer=json)


LIBRARIES = {
    "PyJWT": (lambda case: not case["format"].startswith("v4."), pyjwt_verdict),
    "joserfc": (lambda case: not case["format"].startswith("v4."), joserfc_verdict),
    "pyseto": (lambda case: case["format"].startswith("v4."), pyseto_verdict),
}


def verdicts(case):
    result = {}
    for name, (applies, verify) in LIBRARIES.items():
        if not applies(case):
            continue
        try:
            verify(case)
            result[name] = {"accepted": True, "reason": ""}
        except Exception as error:  # noqa: BLE001 - every refusal is a verdict, reported with its reason
            result[name] = {"accepted": False, "reason": reason(error)}
    return result


def main():
    with open(sys.argv[1], encoding="utf-8") as handle:
        cases = json.load(handle)
    output = {
        "libraries": {"PyJWT": jwt.__version__, "joserfc": joserfc.__version__, "pyseto": pyseto.__version__},
        "verdicts": [verdicts(case) for case in cases],
    }
    json.dump(output, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
