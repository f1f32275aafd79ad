#!/usr/bin/env bash
# Regenerates the simulated four-site VT series of this folder with the ringflux engine itself.
# Usage (from the workspace root): examples/homopiperazine-four-site/vt/generate.sh target/debug/ringflux
#
# Model (README.md): one N-CH2 signal of an N-acyl homopiperazine in the four environments of
# the amide x ring scheme, 1H at 400 MHz, shifts in Hz from 0 ppm, natural width 1.5 Hz:
#   E-TC 1440 Hz (p 0.45), E-TB 1400 Hz (0.30), Z-TC 1380 Hz (0.15), Z-TB 1330 Hz (0.10).
# Amide rotation E -> Z (both ring forms): dH = 70 kJ/mol, dS = -5 J/(mol K).
# Ring inversion TC -> TB (both amide forms): dH = 34 kJ/mol, dS = +2 J/(mol K). kappa = 1.
# Reverse rates by detailed balance. Intensities x 1e6 + baseline 200 + Gaussian noise of 1 % of
# the tallest point, seed = temperature in K. 150 K to 370 K in 20 K steps, 1500 points 1250-1520 Hz.
set -euo pipefail
ringflux=${1:-target/debug/ringflux}
dir=$(dirname "$0")
manifest="$dir/../homopiperazine.vt.csv"
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
{
  echo "# Simulated four-site VT series (README.md, vt/generate.sh); model: homopiperazine.model.json"
  echo "file,temp_k"
} > "$manifest"
for t in 150 170 190 210 230 250 270 290 310 330 350 370; do
  # k = (k_B T / h) exp(dS/R) exp(-dH/(R T))
  k() { python3 -c "import math; R=8.31446261815324; T=$t; print(2.0836619123327576e10*T*math.exp($2/R)*math.exp(-$1/(R*T)))"; }
  ka=$(k 70000.0 -5.0)
  kr=$(k 34000.0 2.0)
  cat > "$tmp" <<JSON
{"sites": [{"name": "E-TC", "nu_hz": 1440.0, "w_hz": 1.5, "population": 0.45},
           {"name": "E-TB", "nu_hz": 1400.0, "w_hz": 1.5, "population": 0.30},
           {"name": "Z-TC", "nu_hz": 1380.0, "w_hz": 1.5, "population": 0.15},
           {"name": "Z-TB", "nu_hz": 1330.0, "w_hz": 1.5, "population": 0.10}],
 "exchanges": [{"from": "E-TC", "to": "Z-TC", "k_per_s": $ka, "process": "amide"},
               {"from": "E-TB", "to": "Z-TB", "k_per_s": $ka, "process": "amide"},
               {"from": "E-TC", "to": "E-TB", "k_per_s": $kr, "process": "ring"},
               {"from": "Z-TC", "to": "Z-TB", "k_per_s": $kr, "process": "ring"}],
 "from_hz": 1250.0, "to_hz": 1520.0, "points": 1500}
JSON
  "$ringflux" lineshape simulate --model-file "$tmp" \
    --scale 1e6 --baseline 200 --noise 0.01 --seed "$t" --csv > "$dir/h-${t}K.csv"
  echo "vt/h-${t}K.csv,$t" >> "$manifest"
done
