#!/usr/bin/env python3
"""Tokens made by PyJWT verify with the tessera CLI, and tokens made by the CLI verify with PyJWT.

Usage: pyjwt_interop.py PATH/TO/tessera

For every JWS algorithm both support: the CLI generates a private JWK; PyJWT signs with it and `tessera verify`
must print the payload; `tessera issue` signs and PyJWT must decode it with the public key. Prints one line per
algorithm and closes with 'N passed, N failed'; exits non-zero on any failure.
"""
import json
import os
import subprocess
import sys
import tempfile
import time

import jwt

ALGORITHMS = ["HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
              "ES256", "ES384", "ES512", "EdDSA"]


def run(arguments):
    result = subprocess.run(arguments, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(arguments[:2])} exited {result.returncode}: {result.stderr.strip()}")
    return result.stdout.strip()


def check(tessera, algorithm, folder):
    private_file = os.path.join(folder, f"{algorithm}.jwk")
    public_file = os.path.join(folder, f"{algorithm}.public.jwk")
    arguments = [tessera, "keygen", algorithm] + ([] if algorithm.startswith("HS") else ["--public", public_file])
    private_jwk = json.loads(run(arguments))
    with open(private_file, "w", encoding="utf-8") as handle:
        json.dump(private_jwk, handle)
    if algorithm.startswith("HS"):
        public_file = private_file
    with open(public_file, encoding="utf-8") as handle:
        public_jwk = json.load(handle)

    signing_key = jwt.PyJWK(private_jwk, algorithm=algorithm).key
    claims = {"sub": "alice", "exp": int(time.time()) + 600}
    token = jwt.encode(claims, signing_key, algorithm=algorithm, headers={"kid": private_jwk["kid"]})
    payload = json.loads(run([tessera, "verify", "--key", public_file, token]))
    if payload != claims:
        raise RuntimeError(f"PyJWT -> tessera: payload {payload} != {claims}")

    token = run([tessera, "issue", "--key", private_file, "--claims", '{"sub":"alice"}'])
    verification_key = jwt.PyJWK(public_jwk, algorithm=algorithm).key
    decoded = jwt.decode(token, verification_key, algorithms=[algorithm])
    if decoded.get("sub") != "alice":
        raise RuntimeError(f"tessera -> PyJWT: claims {decoded}")


def main():
    tessera = sys.argv[1]
    failures = 0
    with tempfile.TemporaryDirectory() as folder:
        for algorithm in ALGORITHMS:
            try:
                check(tessera, algorithm, folder)
                print(f"{algorithm}: PyJWT -> tessera ok, tessera -> PyJWT ok")
            except Exception as error:  # noqa: BLE001 - every failure is reported, then counted
                failures += 1
                print(f"{algorithm}: FAILED: {error}")
    print(f"{len(ALGORITHMS) - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
