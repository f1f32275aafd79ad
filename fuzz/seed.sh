#!/usr/bin/env bash
# Builds the seed corpora of the fuzz targets in fuzz/seeds/<target>/ from the bundled examples
# (../examples) and the shared real data (../../shared/data, ../../shared/reference), plus a few
# hand-written valid inputs. Generated at run time, never committed (fuzz/seeds is ignored).
# Large files are also cut into their first lines, so the fuzzer starts from small valid inputs.
set -euo pipefail
cd "$(dirname "$0")"
root=..
shared=$root/../shared
rm -rf seeds
mkdir -p seeds

# seed TARGET FILE [LINES...]: copies FILE whole and, for each LINES, its first LINES lines.
seed() {
    local target=$1 file=$2
    shift 2
    [ -f "$file" ] || return 0
    mkdir -p "seeds/$target"
    local base
    base=$(basename "$file")
    cp "$file" "seeds/$target/$base"
    for n in "$@"; do
        head -n "$n" "$file" >"seeds/$target/$base.head$n"
    done
}

# inline TARGET NAME TEXT: a hand-written seed.
inline() {
    mkdir -p "seeds/$1"
    printf '%b' "$3" >"seeds/$1/$2"
}

shopt -s nullglob
for f in "$root"/examples/*/*.energies.csv; do seed csv_energies "$f"; done
for f in "$root"/examples/*/*.rates.csv; do seed csv_rates "$f"; done
for f in "$root"/examples/*/*coalescence.csv; do seed csv_coalescence "$f"; done
for f in "$root"/examples/*/*ratio.csv; do seed csv_ratio "$f"; done
inline protocol coalescence '{"id":1,"op":"coalescence","params":{"tc_k":330,"dnu_hz":40,"pop_major":0.75,"tc_err_k":2}}'
inline protocol eyring '{"op":"eyring","params":{"temp_k":298.15,"dg_kcal_per_mol":16}}'
inline protocol boltzmann '{"id":2,"op":"boltzmann","params":{"energies":[0,0.45,1.8,2.35],"degeneracies":[1,2,1,1],"unit":"kcal/mol"}}'
inline protocol pucker '{"op":"pucker","params":{"ring":[[1.45,0,0.25],[0.725,1.2557,-0.25],[-0.725,1.2557,0.25],[-1.45,0,-0.25],[-0.725,-1.2557,0.25],[0.725,-1.2557,-0.25]]}}'
inline protocol fit '{"op":"lineshape_fit","params":{"model":"ab","va_hz":165,"vb_hz":135,"j_hz":12,"k_start_per_s":10,"w_hz":1,"x0_hz":100,"dx_hz":1,"y":[0,1,2,3,2,1,0],"temp_k":300}}'
inline protocol suggest '{"id":4,"op":"suggest","params":{"facts":{"bioactive_conformation":"TB","bioactive_rotamer":"O-syn-C7","bioactive_population":0.3}}}'
inline protocol escapes '{"op":"ratio","params":{"major":3e0,"minor":1E-0,"temp_k":298.15},"id":4294967295}\n'
inline csv_energies hartree 'name,energy_hartree,degeneracy\nTC-E,-519.123456,2\nTB-Z,-519.120001,1\n'
inline csv_energies comments '# conformers\n\nname,energy\nA,0\n\n# skipped\nB,0.45\n"C, quoted",1.8\n'
inline csv_rates weighted 'temp_k,k_per_s,k_err_per_s\n300,10,1\n310,25,2\n320,60,5\n'
inline csv_coalescence all 'name,tc_k,dnu_hz,j_hz,pop_major,tc_err_k,dnu_err_hz\nA,330,40,,,1,0.5\nB,330,40,5,,,\nC,330,40,,0.7,,\n'
inline csv_ratio basic 'name,ratio,temp_k\nE/Z,3:1,298.15\n'

# Structure, spectrum and QC readers (targets exist once the readers do; unknown ones are skipped).
for f in "$shared"/data/ensembles/*.xyz "$root"/examples/*/*.xyz "$shared"/reference/pucker/structures/*.xyz; do
    seed xyz "$f" 30 60
done
for f in "$shared"/data/ensembles/*.sdf "$root"/examples/*/*.sdf "$root"/examples/*/*.mol "$shared"/reference/pucker/structures/*.sdf; do
    seed sdf "$f" 60 120
done
for f in "$shared"/reference/pucker/structures/*.pdb "$root"/examples/*/*.pdb; do seed pdb "$f" 40; done
inline pdb two-models 'MODEL        1\nHETATM    1  N1  LIG A   1       0.000   0.000   0.000  1.00  0.00           N\nHETATM    2  C2  LIG A   1       1.470   0.000   0.000  1.00  0.00           C\nHETATM    3  C3  LIG A   1       2.000   1.400   0.000  1.00  0.00           C\nENDMDL\nMODEL        2\nHETATM    1  N1  LIG A   1       0.000   0.100   0.000  1.00  0.00           N\nHETATM    2  C2  LIG A   1       1.470   0.100   0.000  1.00  0.00           C\nHETATM    3  C3  LIG A   1       2.000   1.500   0.000  1.00  0.00           C\nENDMDL\nCONECT    1    2\nCONECT    2    1    3\nCONECT    3    2\nEND\n'
inline xyz two-frames '3\nenergy: -12.5\nN 0 0 0\nC 1.47 0 0\nC 2 1.4 0\n3\nE=3.2\nN 0 0.1 0\nC 1.47 0.1 0\nC 2 1.5 0\n'

for f in "$shared"/data/jcamp/*.dx "$shared"/data/jcamp/*.jdx "$root"/examples/*/*.dx "$root"/examples/*/*.jdx; do
    seed jcamp "$f" 60 200
done
for f in "$shared"/data/qc/Gaussian_* "$shared"/data/qc/ORCA_*; do seed qc_output "$f" 400 1200 2000; done
# shift_inputs: the first byte picks the reader (0 exp list, 1 conformer CSV, 2 conformer JSON)
for f in "$root"/examples/*/*.exp-shifts.csv; do mkdir -p seeds/shift_inputs; { printf '\x00'; cat "$f"; } >"seeds/shift_inputs/$(basename "$f")"; done
for f in "$root"/examples/*/*.shieldings.csv; do mkdir -p seeds/shift_inputs; { printf '\x01'; cat "$f"; } >"seeds/shift_inputs/$(basename "$f")"; done
inline shift_inputs conformer.json '\x02{"scf_energy_hartree": -382.1, "atoms": [{"index": 1, "element": "C", "isotropic_shielding_ppm": 114.1}, {"index": 2, "element": "H", "isotropic_shielding_ppm": 25.6}]}'
for f in "$root"/examples/*/*.json "$root"/rules/*.json "$root"/rules/**/*.json; do seed rules "$f"; done

for f in "$root"/tests/data/rules/*.json; do seed rules "$f"; done
"$root"/target/debug/ringflux rules show --format json >seeds/rules/default.json 2>/dev/null || rm -f seeds/rules/default.json
# spectrum_csv: the first byte says whether an observe frequency is given (odd: 400.13 MHz).
for f in "$root"/examples/*/vt/*.csv; do
    mkdir -p seeds/spectrum_csv
    { printf '\001'; head -n 200 "$f"; } >"seeds/spectrum_csv/$(basename "$f")"
done
inline spectrum_csv ppm '\001ppm,y\n1.0,0\n1.1,5\n1.2,0\n'

# Regression inputs found by earlier runs are seeds too.
for d in regressions/*/; do
    t=$(basename "$d")
    mkdir -p "seeds/$t"
    cp "$d"* "seeds/$t/" 2>/dev/null || true
done
for d in seeds/*/; do
    printf 'seeds: %-18s %3d files\n' "$(basename "$d")" "$(find "$d" -type f | wc -l)"
done
