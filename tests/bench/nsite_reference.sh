#!/usr/bin/env bash
# Regenerates tests/data/nsite_reference.json (n-site spectra by numpy's dense complex solve per
# point; issue 17) in a throwaway virtualenv. Usage: tests/bench/nsite_reference.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
venv=$(mktemp -d)
trap 'rm -rf "$venv"' EXIT
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet "numpy==2.3.5" >&2
"$venv/bin/python" tests/bench/nsite_reference.py tests/data/nsite_reference.json
echo "wrote tests/data/nsite_reference.json" >&2
