"""Peer pipeline for tests/bench/conformers.sh: what a user would otherwise write.

RDKit reads the SDF (with hydrogens), finds the smallest ring of 5-8 atoms that contains a
nitrogen, takes its atoms in ring order from RingInfo, computes Cremer-Pople coordinates with
numpy (Cremer & Pople, JACS 1975, 97, 1354; the same formulas as shared/reference/pucker.md),
and reads the MMFF94 energy data field. Prints conformers read and the mean Q as a checksum.
"""
import sys

import numpy as np
from rdkit import Chem


def cremer_pople(xyz):
    n = len(xyz)
    r = xyz - xyz.mean(axis=0)
    j = np.arange(n)
    ang = 2.0 * np.pi * j / n
    r1 = (r * np.sin(ang)[:, None]).sum(axis=0)
    r2 = (r * np.cos(ang)[:, None]).sum(axis=0)
    normal = np.cross(r1, r2)
    normal /= np.linalg.norm(normal)
    z = r @ normal
    out = {}
    for m in range(2, (n - 1) // 2 + 1):
        c = np.sqrt(2.0 / n) * (z * np.cos(m * ang)).sum()
        s = -np.sqrt(2.0 / n) * (z * np.sin(m * ang)).sum()
        out[f"q{m}"] = np.hypot(c, s)
        out[f"phi{m}"] = np.degrees(np.arctan2(s, c)) % 360.0
    if n % 2 == 0:
        out[f"q{n // 2}"] = (z * (-1.0) ** j).sum() / np.sqrt(n)
    out["Q"] = np.sqrt((z * z).sum())
    return out


def main(path):
    count = 0
    total_q = 0.0
    for mol in Chem.SDMolSupplier(path, removeHs=False):
        if mol is None:
            continue
        rings = [
            r
            for r in mol.GetRingInfo().AtomRings()
            if 5 <= len(r) <= 8 and any(mol.GetAtomWithIdx(i).GetSymbol() == "N" for i in r)
        ]
        if not rings:
            continue
        ring = min(rings, key=len)
        xyz = mol.GetConformer().GetPositions()[list(ring)]
        cp = cremer_pople(xyz)
        float(mol.GetProp("MMFF94_energy_kcal_per_mol"))
        total_q += cp["Q"]
        count += 1
    print(f"{count} conformers, mean Q {total_q / max(count, 1):.4f} A")


if __name__ == "__main__":
    main(sys.argv[1])
