#!/usr/bin/env bash
# Regenerates the simulated VT series of this folder with the ringflux engine itself.
# Usage (from the workspace root): examples/isovaleryl-diazepane/vt/generate.sh target/debug/ringflux
#
# Model: amide E/Z rotation seen on one N-CH2 pair, 1H at 400 MHz: major (E, p = 0.75) at 3.60 ppm
# = 1440 Hz, minor (Z) at 3.45 ppm = 1380 Hz (Hz counted from 0 ppm), natural linewidth 1.5 Hz,
# shifts taken as temperature-independent. k (major -> minor) from the Eyring equation with
# dH = 70 kJ/mol, dS = -5 J/(mol K), kappa = 1. Intensities x 1e6 + baseline 200, Gaussian noise
# of 1 % of the tallest point, seed = temperature in K. Temperatures: the seed's protocol, 353 K
# cooling in 10 K steps to 223 K.
set -euo pipefail
ringflux=${1:-target/debug/ringflux}
dir=$(dirname "$0")
manifest="$dir/../isovaleryl-diazepane.amide.vt.csv"
{
  echo "# Simulated VT series (see vt/README.md): file,temp_k and the starting model per spectrum"
  echo "file,temp_k,va_hz,vb_hz,wa_hz,pop_a"
} > "$manifest"
for t in 353 343 333 323 313 303 293 283 273 263 253 243 233 223; do
  # k = (k_B T / h) exp(dS/R) exp(-dH/(R T))
  k=$(python3 -c "import math; R=8.31446261815324; T=$t; print(2.0836619123327576e10*T*math.exp(-5.0/R)*math.exp(-70000.0/(R*T)))")
  "$ringflux" lineshape simulate --model two-site --va-hz 1440 --vb-hz 1380 --k-per-s "$k" \
    --wa-hz 1.5 --pop-a 0.75 --from-hz 1300 --to-hz 1520 --points 1024 \
    --scale 1e6 --baseline 200 --noise 0.01 --seed "$t" --csv > "$dir/amide-${t}K.csv"
  echo "vt/amide-${t}K.csv,$t,1440,1380,1.5,0.75" >> "$manifest"
done
