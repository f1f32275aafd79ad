"""Conformer-identity fixtures and an independent, symmetry-aware reference (issue 16).

Makes small ETKDGv3 + MMFF94 ensembles (fixed seeds) of five rings, writes them as SDF with the
MMFF94 energy in kcal/mol (field `MMFF94_energy_kcal_per_mol`), reads each file back, and computes
with RDKit alone:

* duplicates: a conformer duplicates an earlier kept one when |dE| < 0.05 kcal/mol and the
  heavy-atom RMSD after optimal superposition, minimised over all atom mappings of the heavy-atom
  graph onto itself (rdMolAlign.GetBestRMS, which enumerates the substructure self-matches:
  element and bond order respected), is < 0.125 A, either to the kept conformer or to its mirror
  image (x -> -x); the first in file order is kept (the CREST thresholds ringflux uses);
* degeneracy g of a kept conformer: 1 when GetBestRMS(conformer, its mirror image) < 0.125 A
  (achiral conformer), else 2;
* populations p_i = g_i exp(-E_i/RT) / sum, T = 298.15 K, R = 8.314462618 J/(mol K);
* S_conf = -R sum p ln(p/g), J/(mol K);
* for a ring with two N-acyl groups, the amide rotamers by geometry: for each amide, the ring
  carbon on its nitrogen with |dihedral(O, C(=O), N, C_ring)| < 90 deg (syn to O), named by its
  bridge between the two nitrogens (`ethylene` = C2 of N1 and C3 of N4, `propylene` = C7 and
  C5); their populations over both amides, and the families by combination (summed over pucker).

Writes tests/data/identity/<name>.sdf and tests/data/identity/reference.json. Run through
tests/bench/identity.sh (throwaway virtualenv with rdkit and numpy). With --keep-sdf the existing
SDF files are read instead of regenerated.

    python identity_reference.py OUT_DIR [--keep-sdf]
"""
import copy
import json
import math
import os
import sys

import numpy as np
from rdkit import Chem, rdBase
from rdkit.Chem import AllChem, rdMolAlign

RMSD_A = 0.125
DE_KCAL = 0.05
T_K = 298.15
R = 8.314462618
KCAL = 4184.0
FIELD = "MMFF94_energy_kcal_per_mol"

MOLECULES = [
    # name, SMILES, conformers, seed
    ("cycloheptane", "C1CCCCCC1", 40, 7),
    ("n-acetylpiperidine", "CC(=O)N1CCCCC1", 30, 11),
    ("1,4-diacetyl-1,4-diazepane", "CC(=O)N1CCN(C(C)=O)CCC1", 60, 13),
    ("cyclooctane", "C1CCCCCCC1", 60, 17),
    ("n-acetylazocane", "CC(=O)N1CCCCCCC1", 60, 19),
]


def make(name, smiles, n, seed, out):
    mol = Chem.AddHs(Chem.MolFromSmiles(smiles))
    params = AllChem.ETKDGv3()
    params.randomSeed = seed
    ids = list(AllChem.EmbedMultipleConfs(mol, numConfs=n, params=params))
    res = AllChem.MMFFOptimizeMoleculeConfs(mol, maxIters=5000)
    path = os.path.join(out, name + ".sdf")
    w = Chem.SDWriter(path)
    for cid, (conv, e) in zip(ids, res):
        mol.SetProp("_Name", f"{name} conformer {cid}")
        mol.SetProp(FIELD, f"{e:.6f}")
        w.write(mol, confId=cid)
    w.close()
    return path


def mirrored(mol):
    m = Chem.Mol(mol)
    conf = m.GetConformer()
    for i in range(m.GetNumAtoms()):
        p = conf.GetAtomPosition(i)
        conf.SetAtomPosition(i, (-p.x, p.y, p.z))
    return m


def best_rms(a, b):
    # GetBestRMS aligns its first argument in place: work on a copy.
    return rdMolAlign.GetBestRMS(Chem.Mol(a), b)


def syn_bridges(mol):
    """For each N-acyl nitrogen of the ring with two of them: the bridge of its ring carbon
    syn to the carbonyl O ('ethylene' or 'propylene'); [] for other molecules."""
    mol = Chem.Mol(mol)
    Chem.FastFindRings(mol)  # the heavy-atom copies are unsanitised: no ring info yet
    ri = mol.GetRingInfo()
    amide_n = []
    for ring in ri.AtomRings():
        for a in ring:
            at = mol.GetAtomWithIdx(a)
            if at.GetSymbol() != "N":
                continue
            for nb in at.GetNeighbors():
                if nb.GetIdx() in ring or nb.GetSymbol() != "C":
                    continue
                o = [x for x in nb.GetNeighbors() if x.GetSymbol() == "O"
                     and mol.GetBondBetweenAtoms(nb.GetIdx(), x.GetIdx()).GetBondTypeAsDouble() == 2]
                if o:
                    amide_n.append((ring, a, nb.GetIdx(), o[0].GetIdx()))
    if len(amide_n) != 2:
        return []
    ring = amide_n[0][0]
    nitrogens = {n for _, n, _, _ in amide_n}
    conf = mol.GetConformer()
    out = []
    for _, n, c, o in amide_n:
        syn = None
        for nb in mol.GetAtomWithIdx(n).GetNeighbors():
            if nb.GetIdx() not in ring:
                continue
            d = Chem.rdMolTransforms.GetDihedralDeg(conf, o, c, n, nb.GetIdx())
            if abs(d) < 90.0:
                syn = nb.GetIdx()
        # the ethylene-bridge carbon is bonded to a ring carbon bonded to the other nitrogen
        other = (nitrogens - {n}).pop()
        ethylene = any(x.GetIdx() in ring and mol.GetBondBetweenAtoms(x.GetIdx(), other)
                       for x in mol.GetAtomWithIdx(syn).GetNeighbors() if x.GetIdx() != n)
        out.append("ethylene" if ethylene else "propylene")
    return out


def reference(path):
    heavy = [Chem.RemoveHs(m, sanitize=False) for m in Chem.SDMolSupplier(path, removeHs=False)]
    energies = [
        float(m.GetProp(FIELD))
        for m in Chem.SDMolSupplier(path, removeHs=False)
    ]
    kept = []  # (record index 1-based, energy, mol, mirror)
    closest = math.inf  # smallest |rmsd - threshold| among compared pairs in the window
    duplicate_of = {}
    mirror_of = {}
    for i, (m, e) in enumerate(zip(heavy, energies), start=1):
        hit = None
        for k in kept:
            if abs(k[1] - e) >= DE_KCAL:
                continue
            r = best_rms(m, k[2])
            rm = best_rms(m, k[3])
            closest = min(closest, abs(r - RMSD_A), abs(rm - RMSD_A))
            if r < RMSD_A:
                hit = (k[0], "same")
                break
            if rm < RMSD_A:
                hit = (k[0], "mirror")
                break
        if hit is None:
            kept.append((i, e, m, mirrored(m)))
        else:
            duplicate_of[i] = hit[0]
            if hit[1] == "mirror":
                mirror_of[i] = hit[0]
    rows = []
    for idx, e, m, mm in kept:
        self_mirror = best_rms(m, mm)
        closest = min(closest, abs(self_mirror - RMSD_A))
        row = {
            "index": idx,
            "energy_kcal_per_mol": e,
            "degeneracy": 1 if self_mirror < RMSD_A else 2,
            "self_mirror_rmsd_angstrom": round(self_mirror, 6),
        }
        bridges = syn_bridges(m)
        if bridges:
            row["o_syn_bridges"] = bridges
        rows.append(row)
    e0 = min(r["energy_kcal_per_mol"] for r in rows)
    w = [r["degeneracy"] * math.exp(-(r["energy_kcal_per_mol"] - e0) * KCAL / (R * T_K)) for r in rows]
    z = sum(w)
    s = 0.0
    for r, wi in zip(rows, w):
        p = wi / z
        r["population"] = p
        s -= R * p * math.log(p / r["degeneracy"])
    rotamers = {}
    families = {}
    for r in rows:
        if "o_syn_bridges" in r:
            for b in r["o_syn_bridges"]:
                rotamers[b] = rotamers.get(b, 0.0) + r["population"] / 2
            key = "/".join(sorted(r["o_syn_bridges"]))
            families[key] = families.get(key, 0.0) + r["population"]
    extra = {}
    if rotamers:
        extra["amide_o_syn_populations"] = rotamers
        extra["diacyl_family_populations"] = families
    return {
        **extra,
        "records": len(heavy),
        "conformers_kept": len(rows),
        "duplicates_removed": len(heavy) - len(rows),
        "removed_as_mirror_image": len(mirror_of),
        "mirror_image_records": sorted(mirror_of),
        "conformational_entropy_j_per_mol_k": s,
        "closest_rmsd_to_threshold_angstrom": closest,
        "kept": rows,
    }


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    result = {
        "generator": "tests/bench/identity_reference.py via tests/bench/identity.sh",
        "rdkit": rdBase.rdkitVersion,
        "numpy": np.__version__,
        "rmsd_threshold_angstrom": RMSD_A,
        "energy_window_kcal_per_mol": DE_KCAL,
        "temp_k": T_K,
        "ensembles": {},
    }
    keep = "--keep-sdf" in sys.argv[2:]
    for name, smiles, n, seed in MOLECULES:
        path = os.path.join(out, name + ".sdf") if keep else make(name, smiles, n, seed, out)
        ref = reference(path)
        ref["smiles"] = smiles
        ref["seed"] = seed
        result["ensembles"][name] = ref
        print(f"{name}: {ref['records']} records, {ref['conformers_kept']} kept, "
              f"g = {[r['degeneracy'] for r in ref['kept']]}, "
              f"S = {ref['conformational_entropy_j_per_mol_k']:.3f} J/(mol K), "
              f"closest |rmsd - thr| = {ref['closest_rmsd_to_threshold_angstrom']:.4f}")
    with open(os.path.join(out, "reference.json"), "w") as f:
        json.dump(result, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
