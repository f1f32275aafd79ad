"""Derives the shift-validation example folders from the shared reference cases (no new data).

    python3 tests/data/derive_shift_examples.py      (from the workspace root; ../shared must exist)

* examples/nankakurine-dp4/: the real nankakurine A case (Smith & Goodman 2010, candidates 15a/15b;
  ../shared/reference/boltzmann/cases/dp4_01_nankakurine_real.json). The case gives calculated
  *shifts*; ringflux validate reads *shieldings*, so each is written as sigma = SIGMA_REF - delta with
  SIGMA_REF = 200 ppm (13C) and 32 ppm (1H), and the manifest passes those as --tms-c/--tms-h: an exact,
  reversible relabelling. Atom k = the k-th label of the case (C1..C17, then the 25 protons).
  The interchangeable pair H2(R)/H2(S) gets interchange = 1.
* examples/dp4plus-synthetic/: ../shared/reference/boltzmann/cases/dp4plus_02_sp2_sp3_synthetic.json
  (SYNTHETIC, invented shieldings of 3 candidates; already Boltzmann-averaged), mPW1PW91/6-31+G(d,p)
  PCM(CHCl3) parameters and TMS shieldings of the DP4+App bank.
"""
import json
import os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CASES = os.path.join(ROOT, "..", "shared", "reference", "boltzmann", "cases")
SIGMA_REF = {"C": "200", "H": "32"}


def dec_sub(a, b):
    """a - b for decimal strings, exactly (scaled integers), as a decimal string."""
    def parts(s):
        s = s.strip()
        neg = s.startswith("-")
        s = s.lstrip("-")
        whole, _, frac = s.partition(".")
        return neg, whole, frac
    na, wa, fa = parts(a)
    nb, wb, fb = parts(b)
    n = max(len(fa), len(fb))
    ia = int(wa + fa.ljust(n, "0")) * (-1 if na else 1)
    ib = int(wb + fb.ljust(n, "0")) * (-1 if nb else 1)
    d = ia - ib
    sign = "-" if d < 0 else ""
    d = abs(d)
    s = str(d).rjust(n + 1, "0")
    return sign + (s[:-n] + "." + s[-n:] if n else s)


def write(path, text):
    with open(path, "w") as f:
        f.write(text)


def nankakurine():
    c = json.load(open(os.path.join(CASES, "dp4_01_nankakurine_real.json")))
    out = os.path.join(ROOT, "examples", "nankakurine-dp4")
    os.makedirs(out, exist_ok=True)
    rows = ["label,nucleus,shift_ppm,atoms,interchange"]
    for k, (lab, nuc, x, g) in enumerate(zip(c["labels"], c["nucleus"], c["experimental_ppm"], c["interchangeable_group"])):
        rows.append(f"{lab},{'13C' if nuc == 'C' else '1H'},{x},{k + 1},{g}")
    write(os.path.join(out, "nankakurine.exp-shifts.csv"), "\n".join(rows) + "\n")
    for cand in c["candidates"]:
        lines = ["atom,element,shielding_ppm"]
        for k, (nuc, d) in enumerate(zip(c["nucleus"], c["calculated_ppm"][cand])):
            lines.append(f"{k + 1},{nuc},{dec_sub(SIGMA_REF[nuc], d)}")
        write(os.path.join(out, f"{cand}.shieldings.csv"), "\n".join(lines) + "\n")
    manifest = {
        "exp": "nankakurine.exp-shifts.csv",
        "candidates": {cand: [f"{cand}.shieldings.csv"] for cand in c["candidates"]},
        "tms_c": float(SIGMA_REF["C"]),
        "tms_h": float(SIGMA_REF["H"]),
        "dp4": "t",
    }
    write(os.path.join(out, "nankakurine.validate.json"), json.dumps(manifest, indent=1) + "\n")


def dp4plus():
    c = json.load(open(os.path.join(CASES, "dp4plus_02_sp2_sp3_synthetic.json")))
    out = os.path.join(ROOT, "examples", "dp4plus-synthetic")
    os.makedirs(out, exist_ok=True)
    rows = ["label,nucleus,shift_ppm,atoms,sp2"]
    counts = {"C": 0, "H": 0}
    for k, r in enumerate(c["experimental"]):
        counts[r["nuclei"]] += 1
        lab = f"{r['nuclei']}{counts[r['nuclei']]}"
        rows.append(f"{lab},{'13C' if r['nuclei'] == 'C' else '1H'},{r['exp']},{k + 1},{'true' if r['sp2'] else 'false'}")
    write(os.path.join(out, "synthetic.exp-shifts.csv"), "\n".join(rows) + "\n")
    for cand, sig in c["shieldings_ppm"].items():
        lines = ["atom,element,shielding_ppm"]
        for k, (r, s) in enumerate(zip(c["experimental"], sig)):
            lines.append(f"{k + 1},{r['nuclei']},{s}")
        write(os.path.join(out, f"{cand}.shieldings.csv"), "\n".join(lines) + "\n")
    manifest = {
        "exp": "synthetic.exp-shifts.csv",
        "candidates": {cand: [f"{cand}.shieldings.csv"] for cand in c["shieldings_ppm"]},
        "dp4plus": "mPW1PW91/6-31+G(d,p)",
        "solvent": "CHCl3",
    }
    write(os.path.join(out, "synthetic.validate.json"), json.dumps(manifest, indent=1) + "\n")


nankakurine()
dp4plus()
