#!/usr/bin/env bash
# Starts the MigrationGateway example on loopback and drives it with real HTTP requests: a legacy JWT, the token
# exchange, the exchanged PASETO token, and forged, expired, alg-none and missing tokens (401 with a JSON error); then
# a gateway past its JWT cut-off, which neither accepts nor exchanges JWTs.
# Usage: gateway_check.sh PATH/TO/tessera PATH/TO/MigrationGateway
set -uo pipefail
tessera="$1"
gateway="$2"
state="$(mktemp -d)"
port=$((20000 + RANDOM % 20000))
base="http://127.0.0.1:$port"
passed=0
failed=0

"$gateway" --port "$port" --state-dir "$state" > "$state/gateway.log" 2>&1 &
gateway_pid=$!
trap 'kill "$gateway_pid" 2>/dev/null; wait "$gateway_pid" 2>/dev/null; rm -rf "$state"' EXIT

for _ in $(seq 1 100); do
    curl -fs "$base/health" > /dev/null 2>&1 && break
    sleep 0.2
done

# check NAME EXPECTED_STATUS BODY_PATTERN CURL_ARGUMENTS...
check() {
    local name="$1" expected="$2" pattern="$3"
    shift 3
    local status
    status=$(curl -s -o "$state/body" -w '%{http_code}' --max-time 10 "$@")
    if [ "$status" = "$expected" ] && grep -q -- "$pattern" "$state/body"; then
        passed=$((passed + 1))
        echo "ok   $name ($status)"
    else
        failed=$((failed + 1))
        echo "FAIL $name: status $status, body $(head -c 300 "$state/body")"
    fi
}

legacy_claims='{"iss":"https://legacy-auth.example","sub":"alice","aud":"gateway"}'
jwt=$("$tessera" issue --key "$state/legacy.jwk" --claims "$legacy_claims" --expires-in 10m)
expired=$("$tessera" issue --key "$state/legacy.jwk" --claims "$legacy_claims" --now 2020-01-01T00:00:00Z --expires-in 1m)
forged="${jwt%?}$([ "${jwt: -1}" = "A" ] && echo B || echo A)"
payload_segment=$(echo "$jwt" | cut -d. -f2)
alg_none="$(printf '%s' '{"alg":"none","typ":"JWT"}' | base64 | tr '+/' '-_' | tr -d '=\n').$payload_segment."

check "health" 200 "ok" "$base/health"
check "legacy JWT accepted" 200 '"origin":"legacyJWT"' -H "Authorization: Bearer $jwt" "$base/me"
check "token exchange" 200 '"token":"v4.public.' -X POST -H "Authorization: Bearer $jwt" "$base/token/exchange"
paseto=$(sed -E 's/.*"token":"([^"]+)".*/\1/' "$state/body")
check "exchanged PASETO accepted" 200 '"origin":"paseto"' -H "Authorization: Bearer $paseto" "$base/me"
if "$tessera" verify --key "$state/paseto.public" --issuer https://gateway.example --audience gateway "$paseto" > /dev/null; then
    passed=$((passed + 1))
    echo "ok   exchanged token verifies with tessera verify"
else
    failed=$((failed + 1))
    echo "FAIL exchanged token does not verify with tessera verify"
fi
check "forged JWT refused" 401 '"error":"invalid_token"' -H "Authorization: Bearer $forged" "$base/me"
check "expired JWT refused" 401 '"code":"expired"' -H "Authorization: Bearer $expired" "$base/me"
check "alg none refused" 401 '"code":"wrongHeader"' -H "Authorization: Bearer $alg_none" "$base/me"
check "missing token refused" 401 '"error":"invalid_token"' "$base/me"
check "forged JWT not exchanged" 401 '"error":"invalid_token"' -X POST -H "Authorization: Bearer $forged" "$base/token/exchange"
tampered_paseto="${paseto:0:30}$([ "${paseto:30:1}" = "A" ] && echo B || echo A)${paseto:31}"
check "tampered PASETO refused" 401 '"code":"authenticationFailed"' -H "Authorization: Bearer $tampered_paseto" "$base/me"
check "metrics count each format and the exchange" 200 '"paseto":1,"legacyJWT":1' "$base/metrics"
check "metrics count the exchange" 200 '"exchanged":1' "$base/metrics"

# A second gateway whose JWT cut-off has passed: JWTs are neither accepted nor exchanged.
retired_state="$state/retired"
retired_port=$((port + 1))
retired_base="http://127.0.0.1:$retired_port"
"$gateway" --port "$retired_port" --state-dir "$retired_state" --jwt-cutoff 1 > "$state/retired.log" 2>&1 &
retired_pid=$!
trap 'kill "$gateway_pid" "$retired_pid" 2>/dev/null; wait "$gateway_pid" "$retired_pid" 2>/dev/null; rm -rf "$state"' EXIT
for _ in $(seq 1 100); do
    curl -fs "$retired_base/health" > /dev/null 2>&1 && break
    sleep 0.2
done
retired_jwt=$("$tessera" issue --key "$retired_state/legacy.jwk" --claims "$legacy_claims" --expires-in 10m)
check "after the cut-off a JWT is refused" 401 '"code":"formatRetired"' -H "Authorization: Bearer $retired_jwt" "$retired_base/me"
check "after the cut-off a JWT is not exchanged" 401 '"code":"formatRetired"' -X POST \
    -H "Authorization: Bearer $retired_jwt" "$retired_base/token/exchange"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
