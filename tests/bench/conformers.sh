#!/usr/bin/env bash
# Benchmark: `ringflux conformers` against the pipeline a user would otherwise write (RDKit reading
# the SDF + a numpy Cremer–Pople, tests/bench/rdkit_cremer_pople.py), on >= 100,000 conformers made
# by concatenating the shared ensembles (../shared/data/ensembles/*.sdf, 1,372 records per round).
# Both run in the same invocation on the same file; the script prints conformers/s for each, the
# ratio, and ringflux's peak memory. Not run by CI (it takes a few minutes).
#
#   bash tests/bench/conformers.sh [MIN_CONFORMERS]     # default 100000
#
# The Python peer is installed in a throwaway virtualenv (pip install rdkit numpy) that is deleted
# afterwards, together with the concatenated file.
set -euo pipefail
cd "$(dirname "$0")/../.."
MIN=${1:-100000}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

echo "== build (release)"
cargo build --release -q -p ringflux-cli
BIN=target/release/ringflux

echo "== peer: throwaway virtualenv with rdkit and numpy"
python3 -m venv "$WORK/venv"
"$WORK/venv/bin/pip" install -q rdkit numpy
"$WORK/venv/bin/python" -c 'import rdkit, numpy; print("rdkit", rdkit.__version__, "numpy", numpy.__version__)'

echo "== input: concatenated shared ensembles"
BIG="$WORK/ensembles.sdf"
per_round=$(cat ../shared/data/ensembles/*.sdf | grep -c '^\$\$\$\$')
n=0
while [ "$n" -lt "$MIN" ]; do
  cat ../shared/data/ensembles/*.sdf >>"$BIG"
  n=$((n + per_round))
done
echo "$n conformers, $(du -h "$BIG" | cut -f1)"

now() { date +%s.%N; }

echo "== ringflux conformers (duplicates removed, populations, families)"
t0=$(now)
/usr/bin/time -f "%M" -o "$WORK/rss" "$BIN" conformers "$BIG" >"$WORK/ringflux.txt"
t1=$(now)
head -1 "$WORK/ringflux.txt"
echo "== ringflux conformers --no-dedupe"
t2=$(now)
/usr/bin/time -f "%M" -o "$WORK/rss2" "$BIN" conformers --no-dedupe "$BIG" >"$WORK/ringflux2.txt"
t3=$(now)
echo "== RDKit + numpy Cremer–Pople"
t4=$(now)
"$WORK/venv/bin/python" tests/bench/rdkit_cremer_pople.py "$BIG"
t5=$(now)

python3 - "$n" "$t0" "$t1" "$t2" "$t3" "$t4" "$t5" "$(cat "$WORK/rss")" "$(cat "$WORK/rss2")" <<'PY'
import sys
n = int(sys.argv[1])
t0, t1, t2, t3, t4, t5 = map(float, sys.argv[2:8])
rss, rss2 = int(sys.argv[8]), int(sys.argv[9])
rf, rf2, peer = n / (t1 - t0), n / (t3 - t2), n / (t5 - t4)
print(f"\nconformers: {n}")
print(f"ringflux conformers            : {t1 - t0:8.2f} s  {rf:10.0f} conformers/s  peak RSS {rss / 1024:.1f} MB")
print(f"ringflux conformers --no-dedupe: {t3 - t2:8.2f} s  {rf2:10.0f} conformers/s  peak RSS {rss2 / 1024:.1f} MB")
print(f"RDKit + numpy Cremer-Pople     : {t5 - t4:8.2f} s  {peer:10.0f} conformers/s")
print(f"ratio ringflux / peer          : {rf / peer:.1f}x (with dedupe), {rf2 / peer:.1f}x (without)")
PY
