#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine lacks to build, run and test
# Interleave. Safe to run again: it installs only what is missing.
set -euo pipefail

APT_PACKAGES=(
  libwebkit2gtk-4.1-dev build-essential curl wget file libssl-dev
  libayatana-appindicator3-dev librsvg2-dev libxdo-dev pkg-config
  xvfb xauth procps imagemagick webkit2gtk-driver libclang-dev nodejs npm python3
)

missing=()
for p in "${APT_PACKAGES[@]}"; do
  # nodejs/npm may come from elsewhere (nvm, the image): a working `node` is enough.
  if [[ $p == nodejs || $p == npm ]] && command -v node >/dev/null && command -v npm >/dev/null; then
    continue
  fi
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# Front-end packages, from the lockfile.
if [[ -f ui/package-lock.json ]]; then
  if [[ ! -d ui/node_modules ]] || [[ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]]; then
    (cd ui && npm ci --no-audit --no-fund)
  fi
fi
