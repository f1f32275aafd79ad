"""Reference n-site exchange spectra by an independent dense complex solve per point (numpy).

Writes tests/data/nsite_reference.json, read by tests/tests/nsite.rs. Run once through
tests/bench/nsite_reference.sh (throwaway venv); the output is kept in the repository.

Convention (shared/reference/kinetics.md (e), written here from the text, not from the Rust code):
    L = diag(i 2 pi nu_j - 1/T2_j) + K,  T2_j = 1/(pi w_j),
    K[i][j] = k_{j->i} (i != j),  K[j][j] = -sum_i k_{j->i}  (columns sum to zero),
    I(nu) = Re{ 1^T (i 2 pi nu 1 - L)^-1 p }.
Each exchange is the forward rate out of `from`; the reverse is p_from k / p_to.
"""
import json
import sys

import numpy as np


def spectrum(sites, exchanges, x):
    n = len(sites)
    nu = np.array([s["nu_hz"] for s in sites])
    w = np.array([s["w_hz"] for s in sites])
    p = np.array([s["population"] for s in sites])
    K = np.zeros((n, n))
    for e in exchanges:
        a, b, k = e["from"], e["to"], e["k_per_s"]
        kb = p[a] * k / p[b]
        K[b, a] += k
        K[a, a] -= k
        K[a, b] += kb
        K[b, b] -= kb
    ones = np.ones(n)
    y = []
    for v in x:
        L = np.diag(2j * np.pi * nu - np.pi * w) + K
        M = 2j * np.pi * v * np.eye(n) - L
        y.append(float(np.real(ones @ np.linalg.solve(M, p.astype(complex)))))
    return y


def four_site(k_rot, k_inv):
    # E-TC, E-TB, Z-TC, Z-TB; k_rot out of E, k_inv out of TC (core/src/nsite.rs docs).
    return [
        {"from": 0, "to": 2, "k_per_s": k_rot},
        {"from": 1, "to": 3, "k_per_s": k_rot},
        {"from": 0, "to": 1, "k_per_s": k_inv},
        {"from": 2, "to": 3, "k_per_s": k_inv},
    ]


FOUR_SITES = [
    {"nu_hz": 1120.0, "w_hz": 0.8, "population": 0.45},
    {"nu_hz": 1085.0, "w_hz": 1.2, "population": 0.15},
    {"nu_hz": 1160.0, "w_hz": 0.8, "population": 0.30},
    {"nu_hz": 1190.0, "w_hz": 1.0, "population": 0.10},
]

CASES = [
    {
        "name": "three_site_cycle",
        "sites": [
            {"nu_hz": 100.0, "w_hz": 1.0, "population": 0.5},
            {"nu_hz": 150.0, "w_hz": 2.0, "population": 0.3},
            {"nu_hz": 180.0, "w_hz": 0.7, "population": 0.2},
        ],
        "exchanges": [
            {"from": 0, "to": 1, "k_per_s": 25.0},
            {"from": 1, "to": 2, "k_per_s": 60.0},
            {"from": 2, "to": 0, "k_per_s": 10.0},
        ],
        "from_hz": 50.0, "to_hz": 230.0, "points": 721,
    },
    {"name": "four_site_slow_rot_intermediate_inv", "sites": FOUR_SITES,
     "exchanges": four_site(2.0, 80.0), "from_hz": 1000.0, "to_hz": 1250.0, "points": 1001},
    {"name": "four_site_both_intermediate", "sites": FOUR_SITES,
     "exchanges": four_site(60.0, 150.0), "from_hz": 1000.0, "to_hz": 1250.0, "points": 1001},
    {"name": "four_site_fast_inv", "sites": FOUR_SITES,
     "exchanges": four_site(30.0, 1e5), "from_hz": 1000.0, "to_hz": 1250.0, "points": 1001},
    {
        "name": "five_site_chain_wide_rates",
        "sites": [
            {"nu_hz": -300.0, "w_hz": 3.0, "population": 0.1},
            {"nu_hz": -100.0, "w_hz": 0.5, "population": 0.25},
            {"nu_hz": 0.0, "w_hz": 1.5, "population": 0.3},
            {"nu_hz": 120.0, "w_hz": 0.9, "population": 0.15},
            {"nu_hz": 410.0, "w_hz": 2.2, "population": 0.2},
        ],
        "exchanges": [
            {"from": 0, "to": 1, "k_per_s": 0.1},
            {"from": 2, "to": 1, "k_per_s": 400.0},
            {"from": 2, "to": 3, "k_per_s": 5000.0},
            {"from": 4, "to": 3, "k_per_s": 30.0},
        ],
        "from_hz": -500.0, "to_hz": 600.0, "points": 1101,
    },
    {
        "name": "eight_site_ring",
        "sites": [{"nu_hz": 40.0 * j + 3.0 * j * j, "w_hz": 0.5 + 0.25 * j,
                   "population": (j + 1) / 36.0} for j in range(8)],
        "exchanges": [{"from": j, "to": (j + 1) % 8, "k_per_s": 15.0 * (j + 1)} for j in range(8)],
        "from_hz": -80.0, "to_hz": 580.0, "points": 1321,
    },
]


def main(out):
    for c in CASES:
        x = np.linspace(c["from_hz"], c["to_hz"], c["points"])
        c["y"] = spectrum(c["sites"], c["exchanges"], x)
    doc = {
        "generator": "tests/bench/nsite_reference.py (numpy.linalg.solve, complex128, per point)",
        "numpy_version": np.__version__,
        "grid": "numpy.linspace(from_hz, to_hz, points), endpoints included",
        "cases": CASES,
    }
    with open(out, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
