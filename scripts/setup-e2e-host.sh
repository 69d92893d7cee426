#!/usr/bin/env bash
# Installs the real editor hosts the e2e tests drive on a machine that reaches only the npm
# registry and Debian: code-server (a real VS Code 1.100 workbench + extension host), Debian's
# chromium for playwright-core to drive it headless, and Neovim as a second LSP client.
# Idempotent: each step checks what is there first, so a second run takes seconds.
#
#   bash scripts/setup-e2e-host.sh            # everything
#   E2E_CACHE_DIR=/some/dir bash scripts/...  # keep code-server elsewhere (CI keeps it across clones)
#
# code-server lands in $E2E_CACHE_DIR/code-server/node_modules/code-server, outside the project's
# node_modules so `npm ci` neither removes it nor has to know about it.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CACHE="${E2E_CACHE_DIR:-$ROOT/.e2e-cache}"
CODE_SERVER_VERSION=4.100.3
CS_PREFIX="$CACHE/code-server"
CS_DIR="$CS_PREFIX/node_modules/code-server"
READY="$CS_PREFIX/.ready-$CODE_SERVER_VERSION"
started=$SECONDS

log() { echo "[setup-e2e-host] $*"; }

# --- Debian packages ---------------------------------------------------------------------------
# Native addons of code-server build against these headers; ripgrep replaces the binary its
# postinstall would download; chromium is what playwright-core drives; neovim is the LSP client;
# unzip lets the package test list the .vsix; imagemagick renders the icon.
APT_PACKAGES=(libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config ripgrep chromium neovim unzip imagemagick python3 make g++)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
else
  log "Debian packages present"
fi

# --- code-server -------------------------------------------------------------------------------
if [ -f "$READY" ] && [ -f "$CS_DIR/out/node/entry.js" ]; then
  log "code-server $CODE_SERVER_VERSION present in $CS_DIR"
else
  log "installing code-server $CODE_SERVER_VERSION into $CS_PREFIX"
  rm -rf "$CS_PREFIX"
  mkdir -p "$CS_PREFIX"
  # A private package.json keeps npm from walking up into the project's own package.json.
  echo '{ "name": "e2e-host", "private": true }' > "$CS_PREFIX/package.json"
  # --ignore-scripts: its postinstall downloads ripgrep from outside the registries and fails;
  # the steps it would run are done below by hand.
  (cd "$CS_PREFIX" && npm install --no-audit --no-fund --ignore-scripts --no-save "code-server@$CODE_SERVER_VERSION" >/dev/null)

  VS="$CS_DIR/lib/vscode"
  (cd "$VS" && npm install --omit=dev --ignore-scripts --no-audit --no-fund >/dev/null)
  (cd "$VS" && npm rebuild kerberos @vscode/spdlog @vscode/deviceid native-watchdog >/dev/null)
  # node-pty's install script calls `npx node-gyp`, which would stop at npx's prompt.
  (cd "$VS" && npm_config_yes=true npm rebuild node-pty >/dev/null)
  mkdir -p "$VS/node_modules/@vscode/ripgrep/bin"
  cp /usr/bin/rg "$VS/node_modules/@vscode/ripgrep/bin/rg"
  # The server loads modules from node_modules.asar the way the desktop build does.
  ln -sfn node_modules "$VS/node_modules.asar"
  ln -sfn code-linux.sh "$VS/bin/remote-cli/code-server"
  ln -sfn browser-linux.sh "$VS/bin/helpers/browser.sh"
  (cd "$VS/extensions" && npm install --omit=dev --ignore-scripts --no-audit --no-fund >/dev/null)
  # argon2's prebuilt download fails here; it then builds from source.
  # npm hoists argon2 to the prefix, next to code-server, so it is rebuilt there.
  (cd "$CS_PREFIX" && npm rebuild argon2 >/dev/null)
  touch "$READY"
fi
log "code-server $(node "$CS_DIR/out/node/entry.js" --version 2>/dev/null | head -1)"

# --- playwright-core ---------------------------------------------------------------------------
# A devDependency of the project, so `npm ci` installs it; only check it is there.
if [ -f "$ROOT/node_modules/playwright-core/package.json" ]; then
  log "playwright-core $(node -p "require('$ROOT/node_modules/playwright-core/package.json').version")"
else
  log "playwright-core missing: run npm ci first"
fi
log "chromium: $(chromium --version 2>/dev/null || echo absent); nvim: $(nvim --version 2>/dev/null | head -1 || echo absent)"
log "done in $((SECONDS - started)) s"
