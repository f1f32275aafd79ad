"""Generates examples/isovaleryl-dp4-pyscf (issue 19, the worked example on the seed's question).

Real: PySCF single points and GIAO shieldings, RHF/6-31G, gas phase, at the MMFF94 geometries of
the lowest-energy conformer of each family (TC-E, TC-Z, TB-E, TB-Z) of
../isovaleryl-diazepane/isovaleryl-diazepane.sdf; TMS at the same level on an idealised Td
geometry. Simulated: the "low-temperature experimental" shifts (see SIMULATE below).

Run (takes ~15 min on one core):
    python3 -m venv /tmp/pyscfvenv && /tmp/pyscfvenv/bin/pip install -r requirements.txt
    OMP_NUM_THREADS=1 /tmp/pyscfvenv/bin/python generate.py
"""

import json
import math
import sys
import time
from pathlib import Path

import numpy as np
from pyscf import gto, scf
from pyscf import lib
from pyscf.prop import nmr
from pyscf.prop.nmr import rhf as nmr_rhf


def _gen_vind(mf, mo_coeff, mo_occ):
    """pyscf-properties 0.1.0's induced potential, reshaped for any number of trial vectors:
    the Krylov solver of pyscf 2.14 passes them in batches, the original assumes exactly 3."""
    vresp = mf.gen_response(singlet=True, hermi=2)
    orbo = mo_coeff[:, mo_occ > 0]
    nocc = orbo.shape[1]
    nmo = mo_coeff.shape[1]

    def vind(mo1):
        dm1 = np.asarray([mo_coeff @ (x * 2) @ orbo.T.conj() for x in mo1.reshape(-1, nmo, nocc)])
        dm1 = dm1 - dm1.conj().transpose(0, 2, 1)
        return lib.einsum("xpq,pi,qj->xij", vresp(dm1), mo_coeff.conj(), orbo).ravel()

    return vind


nmr_rhf.gen_vind = _gen_vind

HERE = Path(__file__).resolve().parent
SDF = HERE.parent / "isovaleryl-diazepane" / "isovaleryl-diazepane.sdf"
BASIS = "6-31g"
LEVEL = "RHF/6-31G (GIAO), gas phase, PySCF"

# The lowest-MMFF94-energy conformer of each family, 0-based record index in SDF, as
# `ringflux dft-inputs ../isovaleryl-diazepane/isovaleryl-diazepane.sdf --min-population 0 --json`
# selects them (`families[].record` is 1-based, the titles "conformer N" 0-based); E = O-syn-C7,
# Z = O-syn-C2 (the top README's mapping).
FAMILIES = json.loads((HERE / "families.json").read_text())

# The simulated "experiment": shifts of ONE candidate, a linear distortion typical of a small
# level against experiment, and seeded Gaussian noise.
SIMULATE = {
    "from": "TC-Z",
    "c13": {"slope": 0.95, "intercept_ppm": 1.5, "noise_ppm": 1.0},
    "h1": {"slope": 0.97, "intercept_ppm": 0.05, "noise_ppm": 0.05},
    "seed": 19,
}


def read_sdf(path):
    """(title, elements, coordinates Å) of every record of a V2000 SDF."""
    recs, lines = [], path.read_text().splitlines()
    i = 0
    while i < len(lines):
        title = lines[i].strip()
        counts = lines[i + 3]
        n = int(counts[0:3])
        atoms = []
        for line in lines[i + 4 : i + 4 + n]:
            x, y, z, el = float(line[0:10]), float(line[10:20]), float(line[20:30]), line[31:34].strip()
            atoms.append((el, (x, y, z)))
        recs.append((title, atoms))
        while lines[i].strip() != "$$$$":
            i += 1
        i += 1
    return recs


def run(atoms):
    """SCF energy (hartree) and isotropic shieldings (ppm) at the level."""
    mol = gto.M(atom=[(el, xyz) for el, xyz in atoms], basis=BASIS, unit="Angstrom", verbose=0)
    mf = scf.RHF(mol)
    mf.conv_tol = 1e-10
    mf.kernel()
    assert mf.converged
    tensors = nmr.RHF(mf).kernel()
    iso = [float(np.trace(t)) / 3.0 for t in tensors]
    return float(mf.e_tot), iso


def tms_atoms():
    """TMS, idealised Td: Si–C 1.875 Å, C–H 1.09 Å, staggered (not optimised)."""
    d = np.array([[1, 1, 1], [1, -1, -1], [-1, 1, -1], [-1, -1, 1]], float) / math.sqrt(3)
    atoms = [("Si", (0.0, 0.0, 0.0))]
    for u in d:
        c = 1.875 * u
        atoms.append(("C", tuple(c)))
        # three H on the C, staggered: tetrahedral about the Si–C axis
        a = np.cross(u, [1.0, 0.0, 0.0] if abs(u[0]) < 0.9 else [0.0, 1.0, 0.0])
        a /= np.linalg.norm(a)
        b = np.cross(u, a)
        for k in range(3):
            phi = 2 * math.pi * k / 3
            h = c + 1.09 * (math.cos(math.radians(70.53)) * u
                            + math.sin(math.radians(70.53)) * (math.cos(phi) * a + math.sin(phi) * b))
            atoms.append(("H", tuple(h)))
    return atoms


def write_shieldings(path, atoms, energy, iso):
    with open(path, "w") as f:
        f.write("atom,element,shielding_ppm,scf_energy_hartree\n")
        for k, ((el, _), s) in enumerate(zip(atoms, iso), 1):
            f.write(f"{k},{el},{s:.4f},{energy:.8f}\n")


def groups(atoms):
    """Signals: each C alone; the H of one carbon averaged (CH3 rotation, and the CH2 pairs,
    which are not resolved in the simulated list); NH alone."""
    el = [a[0] for a in atoms]
    xyz = np.array([a[1] for a in atoms])
    out = []
    for k, e in enumerate(el):
        if e == "C":
            out.append(("13C", [k + 1], f"C{k + 1}"))
    for k, e in enumerate(el):
        if e in ("C", "N"):
            hs = [j + 1 for j, f in enumerate(el) if f == "H" and np.linalg.norm(xyz[j] - xyz[k]) < 1.2]
            if hs:
                out.append(("1H", hs, f"H@{e}{k + 1}"))
    return out


def main():
    recs = read_sdf(SDF)
    log = {"level": LEVEL, "pyscf_timings_s": {}, "families": {}}
    results = {}
    t0 = time.time()
    tms = tms_atoms()
    e, iso = run(tms)
    log["pyscf_timings_s"]["TMS"] = round(time.time() - t0, 1)
    write_shieldings(HERE / "tms.shieldings.csv", tms, e, iso)
    sref = {"13C": float(np.mean([s for (el, _), s in zip(tms, iso) if el == "C"])),
            "1H": float(np.mean([s for (el, _), s in zip(tms, iso) if el == "H"]))}
    for fam, idx in FAMILIES.items():
        t = time.time()
        title, atoms = recs[idx]
        assert title.endswith(f"conformer {idx}"), (fam, idx, title)
        e, iso = run(atoms)
        log["pyscf_timings_s"][fam] = round(time.time() - t, 1)
        results[fam] = (atoms, e, iso)
        write_shieldings(HERE / f"{fam}.shieldings.csv", atoms, e, iso)
        print(fam, idx, e, f"{time.time() - t:.0f} s", file=sys.stderr, flush=True)
    emin = min(r[1] for r in results.values())
    for fam, (_, e, _) in results.items():
        log["families"][fam] = {"sdf_index0": FAMILIES[fam], "scf_energy_hartree": e,
                                "relative_kcal_per_mol": (e - emin) * 627.509474}
    log["sigma_tms_ppm"] = sref
    # simulated experiment
    rng = np.random.default_rng(SIMULATE["seed"])
    atoms, _, iso = results[SIMULATE["from"]]
    with open(HERE / "isovaleryl.exp-shifts.csv", "w") as f:
        f.write("label,nucleus,shift_ppm,atoms\n")
        for nuc, members, label in groups(atoms):
            p = SIMULATE["c13" if nuc == "13C" else "h1"]
            delta = sref[nuc] - float(np.mean([iso[m - 1] for m in members]))
            x = p["slope"] * delta + p["intercept_ppm"] + rng.normal(0.0, p["noise_ppm"])
            f.write(f"{label},{nuc},{x:.2f},{' '.join(map(str, members))}\n")
    log["simulate"] = SIMULATE
    (HERE / "pyscf-run.json").write_text(json.dumps(log, indent=1) + "\n")


if __name__ == "__main__":
    main()
