#!/usr/bin/env python3
"""`tessera migrate` output verifies under pyseto, an independent PASETO implementation, with the mapped claims.

Usage: pyseto_migrate.py PATH/TO/tessera

For a v4.public and a v4.local target: the CLI makes an ES256 JWT with two audiences and custom claims, migrates it
with an issuer rewrite, an audience and a 5-minute cap, and pyseto must verify the PASETO token with the PASERK key and
find: iss rewritten, aud the matching audience, sub/jti/custom claims kept, RFC 3339 dates, exp capped, and the footer
kid equal to the key's PASERK id. Closes with 'N passed, N failed'.
"""
import datetime
import json
import os
import subprocess
import sys
import tempfile

import pyseto
from pyseto import Key


def run(arguments):
    result = subprocess.run(arguments, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(arguments[:2])} exited {result.returncode}: {result.stderr.strip()}")
    return result.stdout.strip()


def rfc3339(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


def check(tessera, purpose, folder):
    private_jwk = os.path.join(folder, "legacy.jwk")
    public_jwk = os.path.join(folder, "legacy.public.jwk")
    with open(private_jwk, "w", encoding="utf-8") as handle:
        handle.write(run([tessera, "keygen", "ES256", "--public", public_jwk]))
    paserk = run([tessera, "keygen", purpose])
    claims = {"iss": "https://old-auth", "sub": "alice", "aud": ["api", "web"], "jti": "t-1", "scope": "read"}
    jwt = run([tessera, "issue", "--key", private_jwk, "--claims", json.dumps(claims), "--expires-in", "1h"])
    before = datetime.datetime.now(datetime.timezone.utc)
    token = run([tessera, "migrate", "--jwt-key", public_jwk, "--jwt-issuer", "https://old-auth", "--jwt-audience",
                 "api", "--paseto-key", paserk, "--issuer", "https://auth", "--max-lifetime", "5m", jwt])

    if purpose == "v4.public":
        key = Key.from_paserk(run([tessera, "key", "public", paserk]))
        expected_kid = run([tessera, "key", "id", run([tessera, "key", "public", paserk])])
    else:
        key = Key.from_paserk(paserk)
        expected_kid = run([tessera, "key", "id", paserk])
    decoded = pyseto.decode(key, token, deserializer=json)
    payload = decoded.payload
    footer = decoded.footer if isinstance(decoded.footer, dict) else json.loads(decoded.footer)
    problems = []
    if not token.startswith(purpose + "."):
        problems.append(f"header of {token[:12]}")
    if footer != {"kid": expected_kid}:
        problems.append(f"footer {footer} != kid {expected_kid}")
    for name, value in [("iss", "https://auth"), ("sub", "alice"), ("aud", "api"), ("jti", "t-1"), ("scope", "read")]:
        if payload.get(name) != value:
            problems.append(f"{name} = {payload.get(name)!r}, expected {value!r}")
    expiry = rfc3339(payload["exp"])
    if not payload["exp"].endswith("Z") or expiry > before + datetime.timedelta(minutes=5, seconds=2):
        problems.append(f"exp {payload['exp']} is not an RFC 3339 instant within 5 minutes")
    rfc3339(payload["iat"])
    if problems:
        raise RuntimeError("; ".join(problems))


def main():
    tessera = sys.argv[1]
    failures = 0
    with tempfile.TemporaryDirectory() as folder:
        for purpose in ["v4.public", "v4.local"]:
            try:
                check(tessera, purpose, folder)
                print(f"migrate -> {purpose}: verified by pyseto with the mapped claims")
            except Exception as error:  # noqa: BLE001 - every failure is reported, then counted
                failures += 1
                print(f"migrate -> {purpose}: FAILED: {error}")
    print(f"{2 - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
