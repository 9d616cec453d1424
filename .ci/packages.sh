# Sourced by the .ci scripts: makes sure libsodium, libcrypto, pkg-config and curl (for the gateway example's
# HTTP checks) are installed.
ensure_system_packages() {
    if command -v pkg-config >/dev/null 2>&1 && pkg-config --exists libsodium libcrypto && command -v curl >/dev/null 2>&1; then
        return 0
    fi
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1; then
            sudo="sudo"
        else
            echo "libsodium-dev, libssl-dev, pkg-config or curl is missing; install them as root" >&2
            return 1
        fi
    fi
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update
    $sudo apt-get install -y libsodium-dev libssl-dev pkg-config curl
}

# Makes sure PyJWT and pyseto are importable when Python is present (for the interop checks); returns 1 without
# Python.
ensure_python_packages() {
    command -v python3 >/dev/null 2>&1 || return 1
    python3 -c "import jwt, cryptography, pyseto" >/dev/null 2>&1 && return 0
    python3 -m pip install --quiet pyjwt cryptography pyseto
}
