#!/usr/bin/env bash
# Install everything the tests need, then run them:
#   Debian's chromium for the headless-browser tests (apt-get, as root or through sudo),
#   the package with its test extras (pytest, ruff, pyld, the Oxigraph server, Playwright's driver) in .venv.
# Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; fi
  echo "installing Debian's chromium for the browser tests ..."
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q chromium
fi
python3 -m venv .venv
.venv/bin/pip install -q -e '.[test]'
exec .venv/bin/python -m pytest -q "$@"
