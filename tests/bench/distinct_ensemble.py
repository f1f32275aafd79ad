"""Writes a multi-frame XYZ ensemble of N distinct conformers for the memory benchmark
(tests/bench/conformers-memory.sh): the conformers of an SDF ensemble, each copy with Gaussian
noise (sigma 0.09 A per coordinate, clipped at 0.12 A so bonds stay perceivable; heavy-atom RMSDs
mostly exceed the 0.125 A duplicate threshold)
and its energy shifted by a uniform 0-3 kcal/mol, so the duplicate check has to hold nearly all of
them. Standard library only; seeded, so the file is the same on every run.

    python3 distinct_ensemble.py SOURCE.sdf N OUT.xyz
"""
import random
import sys


def read_sdf(path):
    """(elements, coordinates, energy) of every V2000 record."""
    out = []
    with open(path) as f:
        lines = f.read().split("\n")
    i = 0
    while i + 3 < len(lines):
        counts = lines[i + 3]
        n = int(counts[0:3])
        atoms = []
        for line in lines[i + 4 : i + 4 + n]:
            x, y, z = float(line[0:10]), float(line[10:20]), float(line[20:30])
            atoms.append((line[31:34].strip(), x, y, z))
        j = i + 4 + n
        energy = None
        while lines[j] != "$$$$":
            if "energy" in lines[j].lower() and lines[j].startswith(">"):
                energy = float(lines[j + 1])
            j += 1
        out.append((atoms, energy))
        i = j + 1
    return out


def main():
    source, n, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    records = read_sdf(source)
    rng = random.Random(20261125)

    def noise():
        return max(-0.12, min(0.12, rng.gauss(0.0, 0.09)))

    with open(path, "w") as f:
        for k in range(n):
            atoms, energy = records[k % len(records)]
            e = energy + 3.0 * rng.random()
            rows = [f"{len(atoms)}\nconformer {k + 1} energy_kcal_per_mol={e:.6f}\n"]
            for el, x, y, z in atoms:
                rows.append(
                    f"{el} {x + noise():.5f} {y + noise():.5f} {z + noise():.5f}\n"
                )
            f.write("".join(rows))


if __name__ == "__main__":
    main()
