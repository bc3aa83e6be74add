#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine lacks to build, run and test
# Interleave. Safe to run again: it installs only what is missing.
set -euo pipefail

APT_PACKAGES=(
  libwebkit2gtk-4.1-dev build-essential curl wget file libssl-dev
  libayatana-appindicator3-dev librsvg2-dev libxdo-dev pkg-config
  xvfb xauth procps imagemagick webkit2gtk-driver libclang-dev nodejs npm python3 python3-pip
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

# Python packages for the end-to-end suite and `make bench-app` (selenium,
# pytest), pinned in e2e/requirements.txt, into the machine's python3; only
# when one is missing or at another version.
if [[ -f e2e/requirements.txt ]] && ! python3 - e2e/requirements.txt <<'EOF'
import importlib.metadata as md, sys
pins = [l.split("#")[0].strip() for l in open(sys.argv[1])]
def ok(pin):
    name, _, version = pin.partition("==")
    try:
        return md.version(name) == version
    except md.PackageNotFoundError:
        return False
sys.exit(0 if all(ok(p) for p in pins if p) else 1)
EOF
then
  PIP_FLAGS=(--quiet --disable-pip-version-check --root-user-action=ignore)
  # Debian's own python3 refuses pip installs (PEP 668) unless told.
  if python3 -c 'import os, sys, sysconfig; sys.exit(not os.path.exists(os.path.join(sysconfig.get_path("stdlib"), "EXTERNALLY-MANAGED")))'; then
    PIP_FLAGS+=(--break-system-packages)
  fi
  echo "pip installing: e2e/requirements.txt"
  python3 -m pip install "${PIP_FLAGS[@]}" -r e2e/requirements.txt
fi
