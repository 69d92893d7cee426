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
# node_modules so `npm ci` neither removes it nor has to know about it. Downloaded .deb files are
# kept in $E2E_CACHE_DIR/apt-archives.
#
# Exit status 0 when every host is in place; 1, with one line naming the failing step and its
# error, otherwise. The tests skip (and say why) for whatever is missing.
set -uo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CACHE="${E2E_CACHE_DIR:-$ROOT/.e2e-cache}"
CODE_SERVER_VERSION=4.100.3
CS_PREFIX="$CACHE/code-server"
CS_DIR="$CS_PREFIX/node_modules/code-server"
# Native addons are built for one Node ABI: another Node needs another build.
READY="$CS_PREFIX/.ready-$CODE_SERVER_VERSION-abi$(node -p process.versions.modules)"
LOG="$CACHE/setup-e2e-host.log"
started=$SECONDS

log() { echo "[setup-e2e-host] $*"; }
# One line for CI: the step, the error line that explains it best, where the rest is.
fail() {
  local cause
  cause=$(grep -iE '^(E:|npm error (code|gyp|[a-z]*err))|error:' "$LOG" | tail -n 1)
  [ -n "$cause" ] || cause=$(grep -v '^\s*$' "$LOG" | tail -n 1)
  log "FAILED: $1 after $((SECONDS - started)) s: ${cause:-no output}; the e2e tests needing it will skip; full output in $LOG"
  exit 1
}
# Runs a command in a directory, its output going to the log; stops the script when it fails.
in_dir() {
  local dir=$1 what=$2
  shift 2
  echo "+ (cd $dir && $*)" >>"$LOG"
  (cd "$dir" && "$@") >>"$LOG" 2>&1 || fail "$what"
}

mkdir -p "$CACHE" 2>/dev/null || { log "FAILED: cannot create the cache directory $CACHE; the e2e tests needing a host will skip"; exit 1; }
: >"$LOG"

# --- Debian packages ---------------------------------------------------------------------------
# Native addons of code-server build against these headers; ripgrep replaces the binary its
# postinstall would download; chromium is what playwright-core drives; neovim is the LSP client;
# unzip lets the package test list the .vsix; imagemagick renders the icon.
APT_PACKAGES=(libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev pkg-config ripgrep chromium neovim unzip imagemagick python3 make g++ fonts-noto-color-emoji)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  log "Debian packages present"
else
  if [ "$(id -u)" = 0 ]; then
    apt_get=(env DEBIAN_FRONTEND=noninteractive apt-get)
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    apt_get=(sudo -n env DEBIAN_FRONTEND=noninteractive apt-get)
  else
    apt_get=()
  fi
  if [ ${#apt_get[@]} -eq 0 ]; then
    log "not root and no password-less sudo: cannot apt-get install ${missing[*]}; going on without them"
  else
    apt_started=$SECONDS
    log "apt-get install ${missing[*]}"
    archives="$CACHE/apt-archives"
    mkdir -p "$archives/partial"
    in_dir / "apt-get update" "${apt_get[@]}" update -q
    in_dir / "apt-get install" "${apt_get[@]}" install -y -q --no-install-recommends -o "Dir::Cache::archives=$archives" "${missing[@]}"
    log "Debian packages installed in $((SECONDS - apt_started)) s"
  fi
fi

# --- code-server -------------------------------------------------------------------------------
if [ -f "$READY" ] && [ -f "$CS_DIR/out/node/entry.js" ]; then
  log "code-server $CODE_SERVER_VERSION present in $CS_DIR"
else
  cs_started=$SECONDS
  log "installing code-server $CODE_SERVER_VERSION into $CS_PREFIX"
  rm -rf "$CS_PREFIX"
  mkdir -p "$CS_PREFIX"
  # A private package.json keeps npm from walking up into the project's own package.json.
  echo '{ "name": "e2e-host", "private": true }' > "$CS_PREFIX/package.json"
  # --ignore-scripts: its postinstall downloads ripgrep from outside the registries and fails;
  # the steps it would run are done below by hand.
  in_dir "$CS_PREFIX" "npm install code-server" npm install --no-audit --no-fund --ignore-scripts --no-save "code-server@$CODE_SERVER_VERSION"

  VS="$CS_DIR/lib/vscode"
  in_dir "$VS" "npm install (lib/vscode)" npm install --omit=dev --ignore-scripts --no-audit --no-fund
  in_dir "$VS" "npm rebuild native addons" npm rebuild kerberos @vscode/spdlog @vscode/deviceid native-watchdog
  # node-pty's install script calls `npx node-gyp`, which would stop at npx's prompt.
  in_dir "$VS" "npm rebuild node-pty" env npm_config_yes=true npm rebuild node-pty
  command -v rg >/dev/null 2>&1 || fail "ripgrep (Debian package) missing"
  mkdir -p "$VS/node_modules/@vscode/ripgrep/bin"
  cp "$(command -v rg)" "$VS/node_modules/@vscode/ripgrep/bin/rg"
  # The server loads modules from node_modules.asar the way the desktop build does.
  ln -sfn node_modules "$VS/node_modules.asar"
  ln -sfn code-linux.sh "$VS/bin/remote-cli/code-server"
  ln -sfn browser-linux.sh "$VS/bin/helpers/browser.sh"
  in_dir "$VS/extensions" "npm install (built-in extensions)" npm install --omit=dev --ignore-scripts --no-audit --no-fund
  # argon2's prebuilt download fails here; it then builds from source.
  # npm hoists argon2 to the prefix, next to code-server, so it is rebuilt there.
  in_dir "$CS_PREFIX" "npm rebuild argon2" npm rebuild argon2
  version=$(node "$CS_DIR/out/node/entry.js" --version 2>>"$LOG" | head -1)
  [ -n "$version" ] || fail "code-server --version"
  touch "$READY"
  log "code-server installed in $((SECONDS - cs_started)) s"
fi
log "code-server $(node "$CS_DIR/out/node/entry.js" --version 2>/dev/null | head -1)"

# --- playwright-core ---------------------------------------------------------------------------
# A devDependency of the project, so `npm ci` installs it; only check it is there.
if [ -f "$ROOT/node_modules/playwright-core/package.json" ]; then
  log "playwright-core $(node -p "require('$ROOT/node_modules/playwright-core/package.json').version")"
else
  log "playwright-core missing: run npm ci first"
fi
chromium_version=$(chromium --version 2>/dev/null)
nvim_version=$(nvim --version 2>/dev/null | head -1)
log "chromium: ${chromium_version:-absent}; nvim: ${nvim_version:-absent}"
[ -n "$chromium_version" ] && [ -n "$nvim_version" ] || { log "FAILED: chromium or nvim absent after $((SECONDS - started)) s; the tests needing them will skip"; exit 1; }
log "done in $((SECONDS - started)) s"
