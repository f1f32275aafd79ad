#!/usr/bin/env bash
# Benchmark (issue 17): n-site spectra, ringflux-core vs numpy measured in the same run.
#  * nsite4_2000: the four-site amide × ring spectrum at 2,000 points, against numpy's dense
#    complex solve per point (the reference generator's method, tests/bench/nsite_reference.py)
#    and against one batched numpy.linalg.solve over all 2,000 points (the fastest numpy form).
#  * two_site_800_no_grid vs plain_loop_800: the two-site spectrum through lineshape::simulate
#    against a bare loop of the same formula (division-throughput yardstick).
# Usage: tests/bench/nsite.sh   (needs cargo, python3 with venv, network for pip)
set -euo pipefail
cd "$(dirname "$0")/../.."
venv=$(mktemp -d)
trap 'rm -rf "$venv"' EXIT
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet "numpy==2.3.5" >&2
ROUNDS=${ROUNDS:-3}
cargo bench --quiet -p ringflux-core --bench nsite --no-run 2>/dev/null
rust=""
py=""
for round in $(seq "$ROUNDS"); do
    echo "== round $round/$ROUNDS: ringflux-core (cargo bench -p ringflux-core --bench nsite)" >&2
    rust+=$(cargo bench --quiet -p ringflux-core --bench nsite 2>/dev/null)$'\n'
    echo "== round $round/$ROUNDS: numpy" >&2
    py+=$("$venv/bin/python" - <<'PY'
import sys, timeit
sys.path.insert(0, "tests/bench")
import numpy as np
from nsite_reference import spectrum, four_site, FOUR_SITES
x = np.linspace(1000.0, 1250.0, 2000)
ex = four_site(60.0, 150.0)
def batched():
    n = 4
    nu = np.array([s["nu_hz"] for s in FOUR_SITES]); w = np.array([s["w_hz"] for s in FOUR_SITES])
    p = np.array([s["population"] for s in FOUR_SITES])
    K = np.zeros((n, n))
    for e in ex:
        a, b, k = e["from"], e["to"], e["k_per_s"]
        kb = p[a] * k / p[b]
        K[b, a] += k; K[a, a] -= k; K[a, b] += kb; K[b, b] -= kb
    L = np.diag(2j * np.pi * nu - np.pi * w) + K
    M = 2j * np.pi * x[:, None, None] * np.eye(n) - L
    return np.real(np.linalg.solve(M, np.broadcast_to(p.astype(complex), (len(x), n))[..., None])[..., 0].sum(axis=1))
assert np.allclose(batched(), spectrum(FOUR_SITES, ex, x), rtol=1e-12, atol=1e-15)
runs = timeit.repeat(lambda: spectrum(FOUR_SITES, ex, x), number=1, repeat=7)
print("numpy_per_point_2000", min(runs) * 1e9)
runs = timeit.repeat(batched, number=20, repeat=15)
print("numpy_batched_2000", min(runs) / 20 * 1e9)
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
r, p = fastest(sys.argv[1]), fastest(sys.argv[2])
print(f"nsite4_2000 (capacity 4): {r['nsite4_2000']/1e3:.1f} µs; capacity 8: {r['nsite4_cap8_2000']/1e3:.1f} µs")
print(f"numpy per-point solve:  {p['numpy_per_point_2000']/1e3:.1f} µs  -> {p['numpy_per_point_2000']/r['nsite4_2000']:.1f}x")
print(f"numpy batched solve:    {p['numpy_batched_2000']/1e3:.1f} µs  -> {p['numpy_batched_2000']/r['nsite4_2000']:.1f}x")
print(f"two-site 800 (simulate, no grid): {r['two_site_800_no_grid']/1e3:.2f} µs; plain loop of the formula: {r['plain_loop_800']/1e3:.2f} µs; ratio {r['two_site_800_no_grid']/r['plain_loop_800']:.2f}")
PY
