#!/usr/bin/env bash
# Idempotent setup: a virtualenv with the project and its test tools, plus the Debian packages
# the build and the browser tests need (Chromium and a CJK font). Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
# Charts are measured with this exact font (generator/charts/palette.py): another CJK font would
# change label widths, so look for its file rather than for any CJK font.
find /usr/share/fonts -name wqy-microhei.ttc 2>/dev/null | grep -q . || need_apt+=(fonts-wqy-microhei)
command -v npm >/dev/null || need_apt+=(npm)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "setup: installing Debian packages: ${need_apt[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
  else
    echo "setup: please install these Debian packages (as root): ${need_apt[*]}" >&2
  fi
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
# Browser-test tools from npm, project-local (git-ignored, never committed): axe-core (accessibility
# audit) and iframe-worker (its shim lets search run from file:// in the offline review package;
# `build --offline` stops with a message naming the file when it is missing).
npm_pkgs=(axe-core@4 iframe-worker@1)
if [ ! -f .tools/node_modules/axe-core/axe.min.js ] || [ ! -f .tools/node_modules/iframe-worker/shim/index.js ]; then
  if command -v npm >/dev/null; then
    npm install --prefix .tools --no-audit --no-fund --silent "${npm_pkgs[@]}"
    for f in axe-core/axe.min.js iframe-worker/shim/index.js; do
      [ -f ".tools/node_modules/$f" ] || { echo "setup: npm did not install .tools/node_modules/$f" >&2; exit 1; }
    done
  else
    echo "setup: npm not found; install Debian's npm to get ${npm_pkgs[*]} (browser tests, offline build)" >&2
  fi
fi

stamp=.venv/.installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e '.[test]'
  touch "$stamp"
fi
