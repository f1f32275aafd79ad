#!/usr/bin/env bash
# Benchmark (issue 4): 800-point two-site and AB exchange spectra, ringflux-core vs nmrsim 0.7.1
# measured in the same run, plus the time of one complete lineshape fit.
#
# Usage: tests/bench/lineshape.sh          (from anywhere; needs cargo, python3 with venv, network)
# nmrsim is installed into a throwaway virtualenv that is deleted afterwards.
set -euo pipefail
cd "$(dirname "$0")/../.."

venv=$(mktemp -d)
trap 'rm -rf "$venv"' EXIT
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet "nmrsim==0.7.1" >&2

# The machine is shared: alternate the two sides for ROUNDS rounds and keep each case's fastest
# time, so that a burst of foreign load does not land on one side only.
ROUNDS=${ROUNDS:-3}
cargo bench --quiet -p ringflux-core --bench lineshape --no-run 2>/dev/null
rust=""
py=""
for round in $(seq "$ROUNDS"); do
    echo "== round $round/$ROUNDS: ringflux-core (cargo bench -p ringflux-core --bench lineshape, release)" >&2
    rust+=$(cargo bench --quiet -p ringflux-core --bench lineshape 2>/dev/null)$'\n'
    echo "== round $round/$ROUNDS: nmrsim 0.7.1 (timeit, fastest of 31 batches, as the Rust side)" >&2
    py+=$("$venv/bin/python" - <<'PY'
import timeit
from nmrsim.dnmr import dnmr_two_singlets, dnmr_AB
cases = {
    # The same parameters and default grid (linspace(min-50, max+50, 800)) as the Rust bench.
    "two_site_800": lambda: dnmr_two_singlets(165.0, 135.0, 1.5, 0.5, 0.5, 0.5, points=800),
    "ab_800": lambda: dnmr_AB(165.0, 135.0, 12.0, 12.0, 0.5, points=800),
}
for name, f in cases.items():
    n = 200
    runs = timeit.repeat(f, number=n, repeat=31)
    print(name, min(runs) / n * 1e9)
PY
)$'\n'
done
python3 - "$rust" "$py" <<'PY'
import sys
def fastest(text):
    best = {}
    for line in text.splitlines():
        if line.strip():
            name, ns = line.split()
            best[name] = min(best.get(name, float("inf")), float(ns))
    return best
rust, py = fastest(sys.argv[1]), fastest(sys.argv[2])
print(f"{'case':<16}{'ringflux (µs)':>15}{'nmrsim (µs)':>15}{'ratio':>10}")
for name in ("two_site_800", "ab_800"):
    r, p = rust[name] / 1e3, py[name] / 1e3
    print(f"{name:<16}{r:>15.2f}{p:>15.2f}{p / r:>9.1f}x")
print(f"{'full fit (800 points, k scan + LM, free width)':<46} {rust['full_fit_800'] / 1e6:.3f} ms")
PY
