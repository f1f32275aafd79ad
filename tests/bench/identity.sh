#!/usr/bin/env bash
# Regenerates the conformer-identity fixtures and their RDKit reference (issue 16):
# tests/data/identity/*.sdf and tests/data/identity/reference.json, from
# tests/bench/identity_reference.py in a throwaway virtualenv (pip install rdkit numpy) that is
# deleted afterwards. Seeds are fixed; the RDKit version is recorded in the JSON.
#
#   bash tests/bench/identity.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
python3 -m venv "$WORK/venv"
"$WORK/venv/bin/pip" install -q rdkit numpy
"$WORK/venv/bin/python" tests/bench/identity_reference.py tests/data/identity
