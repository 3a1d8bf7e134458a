#!/usr/bin/env bash
# Install everything the tests need, then run them:
#   Debian's chromium for the headless-browser tests (apt-get, as root or through sudo),
#   the package with its test extras (pytest, ruff, pyld, the Oxigraph server, Playwright's driver) in .venv.
# Extra arguments go to pytest (-n 0 runs the tests in one process).
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
# the test files run in parallel, one process per core (at most four), each file in one process
exec .venv/bin/python -m pytest -q -n auto --maxprocesses=4 --dist loadfile "$@"
