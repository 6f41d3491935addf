#!/usr/bin/env bash
# Installs the Debian 12 packages resgraph builds, tests and serves with, skipping those present.
# Safe to run repeatedly; apt-get runs only when something is missing.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config curl clang libclang-rt-14-dev
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  librocksdb-dev libsimdjson-dev libxapian-dev
  libcmark-gfm-dev libcmark-gfm-extensions-dev libgtest-dev libutf8proc-dev libcurl4-openssl-dev
  libbtparse-dev libsodium-dev zlib1g-dev
)
if [[ "${RESGRAPH_WEB:-1}" == "1" ]]; then
  packages+=(nodejs npm chromium)
fi
if [[ "${1:-}" == "--bench" ]]; then
  packages+=(wrk nginx-light bc xvfb libgl1-mesa-dri libegl-mesa0)
fi

missing=()
for p in "${packages[@]}"; do
  # nodejs/npm may come from outside Debian on some machines; a working command is enough.
  case "$p" in
    nodejs) command -v node >/dev/null 2>&1 && continue ;;
    npm) command -v npm >/dev/null 2>&1 && continue ;;
  esac
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  SUDO=""
  [[ $(id -u) -eq 0 ]] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
