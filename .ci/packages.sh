# Sourced by the .ci scripts: makes sure libsodium, libcrypto, libsqlite3 (the SQLite store's GRDB links it),
# pkg-config and curl (for the gateway example's HTTP checks) are installed, and builds the Python virtual
# environment the oracles run in.
ensure_system_packages() {
    if command -v pkg-config >/dev/null 2>&1 && pkg-config --exists libsodium libcrypto sqlite3 && command -v curl >/dev/null 2>&1; then
        return 0
    fi
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1; then
            sudo="sudo"
        else
            echo "libsodium-dev, libssl-dev, libsqlite3-dev, pkg-config or curl is missing; install them as root" >&2
            return 1
        fi
    fi
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update
    $sudo apt-get install -y libsodium-dev libssl-dev libsqlite3-dev pkg-config curl
}

# The reference implementations Tessera is checked against, pinned to the majors the scripts were written for.
PYTHON_ORACLES=("pyjwt[crypto]>=2.8,<3" "joserfc>=1.0,<2" "pyseto>=1.7,<2" "hypothesis>=6,<7")

# Creates (once) a virtual environment in .build-venv/ holding PyJWT, joserfc, pyseto and Hypothesis, and sets
# PYTHON to its interpreter. A virtual environment works where the system pip is externally managed. Returns 1
# when python3 or a package cannot be had; callers decide whether that is a failure (always under CI=true).
ensure_python_packages() {
    command -v python3 >/dev/null 2>&1 || return 1
    local venv=".build-venv"
    if [ ! -x "$venv/bin/python" ]; then
        if ! python3 -m venv "$venv" >/dev/null 2>&1; then
            rm -rf "$venv"
            if [ "$(id -u)" -eq 0 ]; then
                DEBIAN_FRONTEND=noninteractive apt-get install -y python3-venv >&2 || return 1
            fi
            python3 -m venv "$venv" || return 1
        fi
    fi
    PYTHON="$PWD/$venv/bin/python"
    export PYTHON
    "$PYTHON" -c "import jwt, cryptography, joserfc, pyseto, hypothesis" >/dev/null 2>&1 && return 0
    "$PYTHON" -m pip install --quiet --disable-pip-version-check "${PYTHON_ORACLES[@]}"
}

# Under CI=true a missing oracle is a failure; elsewhere a note and a skip.
require_python_packages() {
    if ensure_python_packages; then
        return 0
    fi
    if [ "${CI:-}" = "true" ]; then
        echo "error: the Python oracles (PyJWT, joserfc, pyseto, Hypothesis) could not be installed" >&2
        exit 1
    fi
    echo "note: python3 or the Python oracles are not available; the Python checks are skipped" >&2
    return 1
}
