"""The scipy side of tests/bench/global_fit.sh: the same global two-site Eyring fit as
ringflux_core::global_fit, written with scipy.optimize.least_squares + numpy.

Model (core/src/global_fit.rs, module documentation): spectrum s at T_s is
    scale_s * I(nu; k(T_s), c * w) + baseline_s,
I the two-site exchange lineshape (closed form of shared/reference/kinetics.md (e), nmrsim's
convention, vectorised over all 17 x 2,048 points at once), and
    ln k(T) = ln(k_B T / h) + phi1 - phi2 (1/T - 1/T_ref),  dH = R phi2,  dS = R (phi1 + phi2/T_ref)
with T_ref the mean temperature. Free: phi1, phi2, the common width factor c, and a scale and a
baseline per spectrum (37 parameters), as ringflux. Start: dH = 66 kJ/mol, dS = 0, c = 1 and each
spectrum's scale and baseline by linear least squares at that start (as ringflux). Jacobian:
forward differences (step sqrt(eps) max(|v|, 1)) for phi1, phi2, c and exact columns for scale and
baseline, as ringflux. Standard errors: s^2 (J^T J)^-1 at the minimum, s^2 = SSR/(n - p).

Usage: python global_fit_scipy.py DATA [REPEATS]   (DATA: `t_k x_hz y` lines, written by the
Rust bench); prints `name value` lines like the Rust bench.
"""

import sys
import timeit

import numpy as np
from scipy.optimize import least_squares

R = 8.314_462_618_153_24  # J/(mol K), CODATA 2018 exact (as core/src/constants.rs)
LN_KB_OVER_H = np.log(1.380_649e-23 / 6.626_070_15e-34)  # exact SI constants
VA, VB, W, PA = 1440.0, 1380.0, 1.5, 0.75
START_DH, START_DS = 66_000.0, 0.0

data = np.loadtxt(sys.argv[1])
repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
temps = np.unique(data[:, 0])[::-1]
n_spec = len(temps)
x = data[:, 1].reshape(n_spec, -1)  # rows in file order: 353 K first, as temps
y = data[:, 2].reshape(n_spec, -1)
assert np.all(data[:, 0].reshape(n_spec, -1)[:, 0] == temps)
t_ref = temps.mean()
lkt = LN_KB_OVER_H + np.log(temps)
dinv = 1.0 / temps - 1.0 / t_ref


def intensity(phi1, phi2, c):
    """Two-site spectra, shape (n_spec, points): Re[1^T (i 2 pi nu - L)^-1 p] in real arithmetic."""
    ka = np.exp(lkt + phi1 - phi2 * dinv)[:, None]
    pb = 1.0 - PA
    kb = PA * ka / pb
    w = c * W
    aa, ab = np.pi * w + ka, np.pi * w + kb
    det_re0 = np.pi * (np.pi * w * w + w * kb + w * ka)
    num_re = PA * ab + pb * aa + 2.0 * ka * PA
    ba = 2.0 * np.pi * (x - VA)
    bb = 2.0 * np.pi * (x - VB)
    d_re = det_re0 - ba * bb
    d_im = aa * bb + ba * ab
    n_im = PA * bb + pb * ba
    return (num_re * d_re + n_im * d_im) / (d_re * d_re + d_im * d_im)


def residuals(p):
    i0 = intensity(p[0], p[1], p[2])
    return (p[3 : 3 + n_spec, None] * i0 + p[3 + n_spec :, None] - y).ravel()


def jacobian(p):
    i0 = intensity(p[0], p[1], p[2])
    sc = p[3 : 3 + n_spec, None]
    m, pts = n_spec, x.shape[1]
    jac = np.zeros((m * pts, 3 + 2 * m))
    for j in range(3):
        h = np.sqrt(np.finfo(float).eps) * max(abs(p[j]), 1.0)
        q = p[:3].copy()
        q[j] += h
        jac[:, j] = (sc * (intensity(*q) - i0) / h).ravel()
    rows = np.arange(m * pts)
    spec = rows // pts
    jac[rows, 3 + spec] = i0.ravel()
    jac[rows, 3 + m + spec] = 1.0
    return jac


def fit():
    phi2 = START_DH / R
    phi1 = START_DS / R - START_DH / (R * t_ref)
    i0 = intensity(phi1, phi2, 1.0)
    scale = np.empty(n_spec)
    base = np.empty(n_spec)
    for s in range(n_spec):
        a = np.column_stack([i0[s], np.ones(x.shape[1])])
        scale[s], base[s] = np.linalg.lstsq(a, y[s], rcond=None)[0]
    p0 = np.concatenate([[phi1, phi2, 1.0], scale, base])
    res = least_squares(residuals, p0, jac=jacobian, method="lm")
    jac = jacobian(res.x)
    n, k = jac.shape
    s2 = 2.0 * res.cost / (n - k)
    cov = s2 * np.linalg.inv(jac.T @ jac)
    return res, cov, s2


res, cov, s2 = fit()
assert res.success, res.message
p1, p2 = res.x[0], res.x[1]
it = 1.0 / t_ref
dh, ds = R * p2, R * (p1 + p2 * it)
dh_err = R * np.sqrt(cov[1, 1])
ds_err = R * np.sqrt(cov[0, 0] + 2.0 * it * cov[0, 1] + it * it * cov[1, 1])
runs = timeit.repeat(fit, number=1, repeat=repeats)
print(f"scipy_global_fit_17x2048_ns {min(runs) * 1e9:.0f}")
print(f"dh_j_per_mol {dh:.6f} {dh_err:.6f}")
print(f"ds_j_per_mol_k {ds:.6f} {ds_err:.6f}")
print(f"width_factor {res.x[2]:.8f} {np.sqrt(cov[2, 2]):.8f}")
print(f"s2 {s2:.6e}")
print(f"nfev {res.nfev}")
print(f"n_params {len(res.x)}")
