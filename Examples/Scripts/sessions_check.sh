#!/usr/bin/env bash
# Starts the SessionsBFF example on loopback and drives it with real HTTP requests, one cookie file per client.
#   SQLite (one server): login (JSON bodies only, against login CSRF) and the refresh cookie's flags, /me, the CSRF
#   header, rotation, reuse of a spent refresh token (the whole session dies, its access tokens are refused within the
#   staleness bound), logout, logout-all.
#   PostgreSQL (only when TESSERA_POSTGRES_URL is set; required when CI=true): two servers sharing the database and
#   the state folder (keys created by whichever starts first), the same refresh token sent 20 times at once, split
#   across both (exactly one succeeds, every other is refused), and revocations made through one server seen by the
#   other within the staleness bound.
# curl keeps `Secure` cookies away from http://127.0.0.1, so the script reads Set-Cookie itself and sends Cookie.
# Usage: sessions_check.sh PATH/TO/SessionsBFF
set -uo pipefail
bff="$1"
work="$(mktemp -d)"
staleness=2
passed=0
failed=0
server_pids=()

# Stops every server (SIGTERM, then SIGKILL after 5 s) and removes the work folder.
cleanup() {
    local pid
    for pid in "${server_pids[@]}"; do kill "$pid" 2>/dev/null; done
    for pid in "${server_pids[@]}"; do
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
    done
    rm -rf "$work"
}
trap cleanup EXIT

pass() { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; }

# start_server LOG PORT STORE STATE_DIR: starts a server in the background.
start_server() {
    "$bff" --port "$2" --store "$3" --state-dir "$4" --staleness "$staleness" > "$work/$1.log" 2>&1 &
    server_pids+=($!)
}

# wait_healthy NAME BASE: waits up to 20 s for /health.
wait_healthy() {
    for _ in $(seq 1 100); do
        if [ "$(curl -s --max-time 2 "$2/health")" = "ok" ]; then
            pass "$1 answers /health"
            return 0
        fi
        sleep 0.2
    done
    fail "$1 did not start: $(tail -c 500 "$work/$1.log" 2>/dev/null)"
    return 1
}

# request OUT METHOD URL CURL_ARGUMENTS...: prints the status; the body goes to $work/OUT.body, the headers to
# $work/OUT.headers.
request() {
    local out="$1" method="$2" url="$3"
    shift 3
    curl -s -X "$method" -o "$work/$out.body" -D "$work/$out.headers" -w '%{http_code}' --max-time 10 "$@" "$url"
}

# field OUT NAME: a string member of OUT's JSON body.
field() { sed -nE "s/.*\"$2\":\"([^\"]*)\".*/\1/p" "$work/$1.body"; }

# set_cookie OUT: the refresh Set-Cookie header line of OUT's response, without the header name.
set_cookie() {
    grep -i '^set-cookie: tessera_refresh=' "$work/$1.headers" | head -n 1 | sed -E 's/^[^:]*: //' | tr -d '\r'
}

# expect NAME EXPECTED_STATUS BODY_PATTERN STATUS OUT: checks a response already made.
expect() {
    if [ "$4" = "$2" ] && grep -q -- "$3" "$work/$5.body"; then
        pass "$1 ($4)"
    else
        fail "$1: status $4, expected $2 and /$3/; body $(head -c 300 "$work/$5.body")"
    fi
}

# login CLIENT BASE: logs the demo user in; the access token goes to $work/CLIENT.access, the refresh token to the
# client's cookie file $work/CLIENT.cookie. Prints the status.
login() {
    local status
    status=$(request "$1" POST "$2/auth/login" -H 'Content-Type: application/json' \
        --data '{"username":"demo","password":"demo"}')
    field "$1" access_token > "$work/$1.access"
    set_cookie "$1" | sed -E 's/^tessera_refresh=([^;]*).*/\1/' > "$work/$1.cookie"
    echo "$status"
}

# refresh CLIENT BASE [TOKEN]: POST /auth/refresh with the CSRF header and the client's cookie (or TOKEN); a new
# cookie replaces the client's, a clearing one empties it. The response is $work/CLIENT.refresh.*. Prints the status.
refresh() {
    local token="${3:-$(cat "$work/$1.cookie")}" status line
    status=$(request "$1.refresh" POST "$2/auth/refresh" -H 'X-Tessera-Refresh: 1' -H "Cookie: tessera_refresh=$token")
    line=$(set_cookie "$1.refresh")
    if [ -n "$line" ]; then
        echo "$line" | sed -E 's/^tessera_refresh=([^;]*).*/\1/' > "$work/$1.cookie"
        [ "$(field "$1.refresh" access_token)" = "" ] || field "$1.refresh" access_token > "$work/$1.access"
    fi
    echo "$status"
}

# me OUT BASE TOKEN: GET /me with a bearer token. Prints the status.
me() { request "$1" GET "$2/me" -H "Authorization: Bearer $3"; }

# now_ms: milliseconds since the epoch (whole seconds where the shell has no EPOCHREALTIME).
now_ms() {
    if [ -n "${EPOCHREALTIME:-}" ]; then echo $((${EPOCHREALTIME//[.,]/} / 1000)); else echo $((SECONDS * 1000)); fi
}

# eventually_revoked NAME BASE TOKEN: /me must answer 401 "revoked" within 3 s (the staleness bound is 2 s).
eventually_revoked() {
    local status start
    start=$(now_ms)
    while [ $(($(now_ms) - start)) -le 3000 ]; do
        status=$(me poll "$2" "$3")
        if [ "$status" = 401 ] && grep -q '"error":"revoked"' "$work/poll.body"; then
            pass "$1 (401 revoked, seen after $(($(now_ms) - start)) ms)"
            return
        fi
        sleep 0.1
    done
    fail "$1: still status $status after 3 s, body $(head -c 300 "$work/poll.body")"
}

# stays_fresh NAME BASE TOKEN: after idling past the staleness bound, /me still answers 200, since the monitor's
# background task keeps the revocation list fresh (a list older than the bound fails closed as revocationStateStale).
stays_fresh() {
    sleep "$staleness"
    sleep 0.5
    local status
    status=$(me me "$2" "$3")
    expect "$1" 200 '"sub":"demo"' "$status" me
}

# --- SQLite: one server ---------------------------------------------------------------------------------------------
echo "== SQLite"
port=$((20000 + RANDOM % 20000))
base="http://127.0.0.1:$port"
mkdir -p "$work/sqlite"
start_server sqlite "$port" "sqlite:$work/sqlite/sessions.sqlite" "$work/sqlite/state"
if wait_healthy sqlite "$base"; then
    state_files=$(cd "$work/sqlite/state" && ls | tr '\n' ' ')
    state_modes=$( (stat -c '%a' "$work/sqlite/state"/* 2>/dev/null || stat -f '%Lp' "$work/sqlite/state"/*) |
        sort -u | tr '\n' ' ')
    if [ "$state_files" = "access.paserk refresh.key " ] && [ "$state_modes" = "600 " ]; then
        pass "the state folder holds access.paserk and refresh.key, mode 600"
    else
        fail "state folder: files '$state_files', modes '$state_modes'"
    fi

    status=$(request bad POST "$base/auth/login" -H 'Content-Type: application/json' \
        --data '{"username":"demo","password":"wrong"}')
    expect "wrong password refused" 401 '"error":"invalidCredentials"' "$status" bad

    # Login CSRF: a cross-site form can send only these types without a preflight, so login refuses them.
    for type in 'text/plain' 'application/x-www-form-urlencoded' 'multipart/form-data; boundary=x'; do
        status=$(request ctype POST "$base/auth/login" -H "Content-Type: $type" \
            --data '{"username":"demo","password":"demo"}')
        expect "login with Content-Type: $type refused" 415 '"error":"unsupportedMediaType"' "$status" ctype
    done
    status=$(request ctype POST "$base/auth/login" -H 'Content-Type:' --data '{"username":"demo","password":"demo"}')
    expect "login without a Content-Type refused" 415 '"error":"unsupportedMediaType"' "$status" ctype
    status=$(request ctype POST "$base/auth/login" -H 'Content-Type: Application/JSON; charset=utf-8' \
        --data '{"username":"demo","password":"wrong"}')
    expect "login with Content-Type: Application/JSON; charset=utf-8 accepted" 401 '"error":"invalidCredentials"' \
        "$status" ctype

    status=$(login a "$base")
    expect "login" 200 '"access_token":"v4.public.' "$status" a
    cookie=$(set_cookie a)
    flags_ok=1
    for flag in HttpOnly Secure SameSite=Strict Path=/auth/refresh; do
        echo "$cookie" | grep -q "; $flag\(;\|$\)" || flags_ok=0
    done
    max_age=$(echo "$cookie" | sed -nE 's/.*; Max-Age=([0-9]+).*/\1/p')
    if [ "$flags_ok" = 1 ] && [ "${max_age:-0}" -gt 0 ] && grep -q '^trt_' "$work/a.cookie"; then
        pass "refresh cookie: HttpOnly, Secure, SameSite=Strict, Path=/auth/refresh, Max-Age=$max_age"
    else
        fail "refresh cookie flags: $cookie"
    fi
    if grep -q 'trt_' "$work/a.body"; then fail "the refresh token leaked into the body"; else
        pass "the body holds the access token, not the refresh token"
    fi
    first_access=$(cat "$work/a.access")
    first_refresh=$(cat "$work/a.cookie")
    session=$(field a session)

    status=$(me me "$base" "$first_access")
    expect "/me with the access token" 200 "\"sid\":\"$session\"" "$status" me
    stays_fresh "/me after idling past the staleness bound (the monitor keeps the list fresh)" "$base" "$first_access"
    status=$(request anon GET "$base/me")
    expect "/me without a token" 401 '"error":"malformedToken"' "$status" anon

    status=$(request csrf POST "$base/auth/refresh" -H "Cookie: tessera_refresh=$first_refresh")
    expect "refresh without X-Tessera-Refresh" 403 '"error":"missingRefreshHeader"' "$status" csrf
    status=$(request nocookie POST "$base/auth/refresh" -H 'X-Tessera-Refresh: 1')
    expect "refresh without the cookie" 401 '"error":"refreshTokenInvalid"' "$status" nocookie

    status=$(refresh a "$base")
    expect "refresh" 200 '"access_token":"v4.public.' "$status" a.refresh
    second_refresh=$(cat "$work/a.cookie")
    if [ -n "$second_refresh" ] && [ "$second_refresh" != "$first_refresh" ] && set_cookie a.refresh | grep -q HttpOnly
    then
        pass "refresh set a new cookie"
    else
        fail "refresh cookie not rotated: '$second_refresh'"
    fi
    second_access=$(cat "$work/a.access")
    status=$(me me "$base" "$first_access")
    expect "the first access token is still valid after the refresh" 200 '"sub":"demo"' "$status" me

    status=$(refresh replay "$base" "$first_refresh")
    expect "replaying the first refresh token" 401 '"error":"refreshTokenReused"' "$status" replay.refresh
    if set_cookie replay.refresh | grep -q '^tessera_refresh=;.*Max-Age=0'; then
        pass "the failed refresh clears the cookie"
    else
        fail "the failed refresh did not clear the cookie: $(set_cookie replay.refresh)"
    fi
    status=$(refresh a "$base" "$second_refresh")
    expect "the latest refresh token after the reuse (family dead)" 401 '"error":"sessionRevoked"' "$status" a.refresh
    eventually_revoked "the latest access token refused after the reuse" "$base" "$second_access"
    eventually_revoked "the first access token refused after the reuse" "$base" "$first_access"

    login b "$base" > /dev/null
    b_access=$(cat "$work/b.access")
    status=$(request logout POST "$base/auth/logout" -H "Authorization: Bearer $b_access")
    expect "logout" 200 '"logged_out":true' "$status" logout
    if set_cookie logout | grep -q 'Max-Age=0'; then pass "logout clears the cookie"; else
        fail "logout did not clear the cookie"
    fi
    status=$(refresh b "$base")
    expect "refresh after logout" 401 '"error":"sessionRevoked"' "$status" b.refresh
    eventually_revoked "the access token refused after logout" "$base" "$b_access"

    login c "$base" > /dev/null
    login d "$base" > /dev/null
    c_access=$(cat "$work/c.access")
    d_access=$(cat "$work/d.access")
    status=$(me me "$base" "$d_access")
    expect "second device /me before logout-all" 200 '"sub":"demo"' "$status" me
    status=$(request logoutall POST "$base/auth/logout-all" -H "Authorization: Bearer $c_access")
    expect "logout-all" 200 '"logged_out_everywhere":true' "$status" logoutall
    eventually_revoked "logout-all: the first device's access token refused" "$base" "$c_access"
    eventually_revoked "logout-all: the second device's access token refused" "$base" "$d_access"
    status=$(refresh c "$base")
    expect "logout-all: the first device's refresh fails" 401 '"error":"' "$status" c.refresh
    status=$(refresh d "$base")
    expect "logout-all: the second device's refresh fails" 401 '"error":"' "$status" d.refresh
    sleep 1 # the subject epoch compares with iat, which has whole seconds
    status=$(login e "$base")
    expect "a new login after logout-all" 200 '"access_token":"v4.public.' "$status" e
    status=$(me me "$base" "$(cat "$work/e.access")")
    expect "the new login's access token is valid" 200 '"sub":"demo"' "$status" me
    status=$(refresh e "$base")
    expect "the new login's refresh works" 200 '"access_token":"v4.public.' "$status" e.refresh
fi
sqlite_passed=$passed
sqlite_failed=$failed

# --- PostgreSQL: two servers, one database, one state folder --------------------------------------------------------
echo "== PostgreSQL"
if [ -z "${TESSERA_POSTGRES_URL:-}" ]; then
    if [ "${CI:-}" = "true" ]; then
        fail "TESSERA_POSTGRES_URL is not set (CI=true): run \`source .ci/postgres start\` first"
    else
        echo "skip PostgreSQL run: TESSERA_POSTGRES_URL is not set (source .ci/postgres start)"
    fi
else
    port_a=$((20000 + RANDOM % 20000))
    port_b=$((port_a + 1))
    base_a="http://127.0.0.1:$port_a"
    base_b="http://127.0.0.1:$port_b"
    # Both start at once on an empty state folder: one creates the keys, the other reads them.
    start_server pg-a "$port_a" "$TESSERA_POSTGRES_URL" "$work/pg-state"
    start_server pg-b "$port_b" "$TESSERA_POSTGRES_URL" "$work/pg-state"
    if wait_healthy pg-a "$base_a" && wait_healthy pg-b "$base_b"; then
        if [ "$(cd "$work/pg-state" && ls | tr '\n' ' ')" = "access.paserk refresh.key " ]; then
            pass "the servers started together left one access.paserk and one refresh.key"
        else
            fail "shared state folder: $(cd "$work/pg-state" && ls | tr '\n' ' ')"
        fi
        status=$(login p "$base_a")
        expect "login on A" 200 '"access_token":"v4.public.' "$status" p
        p_access=$(cat "$work/p.access")
        status=$(me me "$base_b" "$p_access")
        expect "B accepts A's access token (shared keys)" 200 '"sub":"demo"' "$status" me
        stays_fresh "B after idling past the staleness bound (the monitor keeps the list fresh)" "$base_b" "$p_access"

        # The same refresh token sent 20 times at once, half to A and half to B: exactly one rotation may win; every
        # other request is a reuse (refreshTokenReused, which revokes the family) or meets the revoked family.
        token=$(cat "$work/p.cookie")
        racers=20
        race_pids=()
        for i in $(seq 1 "$racers"); do
            if [ $((i % 2)) = 1 ]; then race_base="$base_a"; else race_base="$base_b"; fi
            request "race-$i" POST "$race_base/auth/refresh" -H 'X-Tessera-Refresh: 1' \
                -H "Cookie: tessera_refresh=$token" > "$work/race-$i.status" &
            race_pids+=($!)
        done
        wait "${race_pids[@]}"
        winners=()
        losers=0
        others=""
        for i in $(seq 1 "$racers"); do
            race_status=$(cat "$work/race-$i.status")
            if [ "$race_status" = 200 ]; then
                winners+=("race-$i")
            elif [ "$race_status" = 401 ] &&
                grep -qE '"error":"(refreshTokenReused|sessionRevoked)"' "$work/race-$i.body"; then
                losers=$((losers + 1))
            else
                others="$others race-$i: $race_status $(head -c 200 "$work/race-$i.body");"
            fi
        done
        if [ "${#winners[@]}" = 1 ] && [ "$losers" = $((racers - 1)) ]; then
            pass "one refresh token sent $racers times to A and B at once: one 200, $losers 401 reuse/revoked"
        else
            fail "concurrent refresh on A and B: ${#winners[@]} 200, $losers 401 reuse/revoked, others:${others:- none}"
        fi
        if [ "${#winners[@]}" = 1 ]; then
            winner_refresh=$(set_cookie "${winners[0]}" | sed -E 's/^tessera_refresh=([^;]*).*/\1/')
            status=$(refresh p "$base_a" "$winner_refresh")
            expect "the race winner's new refresh token is dead (family revoked)" 401 '"error":"sessionRevoked"' \
                "$status" p.refresh
        fi
        eventually_revoked "the raced session's access token refused by A" "$base_a" "$p_access"
        eventually_revoked "the raced session's access token refused by B" "$base_b" "$p_access"

        login q "$base_a" > /dev/null
        q_access=$(cat "$work/q.access")
        status=$(me me "$base_a" "$q_access")
        expect "A accepts a new login's access token" 200 '"sub":"demo"' "$status" me
        status=$(request logoutall POST "$base_b/auth/logout-all" -H "Authorization: Bearer $q_access")
        expect "logout-all through B" 200 '"logged_out_everywhere":true' "$status" logoutall
        eventually_revoked "A refuses the access token after logout-all through B" "$base_a" "$q_access"

        sleep 1 # the subject epoch compares with iat, which has whole seconds
        status=$(login r "$base_b")
        expect "login on B after logout-all" 200 '"access_token":"v4.public.' "$status" r
        r_access=$(cat "$work/r.access")
        status=$(me me "$base_b" "$r_access")
        expect "B accepts its new access token" 200 '"sub":"demo"' "$status" me
        status=$(request logout POST "$base_a/auth/logout" -H "Authorization: Bearer $r_access")
        expect "logout (revoke the family) through A" 200 '"logged_out":true' "$status" logout
        eventually_revoked "B refuses the access token after the logout through A" "$base_b" "$r_access"
        status=$(refresh r "$base_b")
        expect "B refuses the session's refresh token after the logout through A" 401 '"error":"sessionRevoked"' \
            "$status" r.refresh
    fi
fi
postgres_passed=$((passed - sqlite_passed))
postgres_failed=$((failed - sqlite_failed))

echo "SQLite: $sqlite_passed passed, $sqlite_failed failed"
echo "PostgreSQL: $postgres_passed passed, $postgres_failed failed"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
