//! DP4 and DP4+ probabilities that each of N candidate structures is the one measured.
//!
//! * DP4 (Smith & Goodman, J. Am. Chem. Soc. 2010, 132, 12946): errors of the scaled shifts
//!   (calc-on-exp, [`crate::shifts::Scaling::CalcOnExp`]) scored with a Student-t tail,
//!   p = 1 − T_ν(|e|/σ), ¹³C σ = 2.306 ppm, ν = 11.38; ¹H σ = 0.185 ppm, ν = 14.18; or with the
//!   Gaussian variant of PyDP4 / DP4-AI, p = 2Φ(−|e|/σ) (σ_C = 2.269372270818724,
//!   σ_H = 0.18731058105269952 ppm).
//! * DP4+ (Grimblat, Zanardi, Sarotti, J. Org. Chem. 2015, 80, 12526, as in DP4+App 2.2.3):
//!   unscaled errors scored per hybridisation (Csp2/Csp3/Hsp2/Hsp3: p = 1 − T_n(|(e − m)/s|)),
//!   scaled errors with Csca/Hsca; DP4+ = C_uns·C_sca·H_uns·H_sca, normalised.
//! * Bayes with equal priors over the candidates, in log space: P_i = e^{L_i − max L}/Σ_j e^{L_j − max L},
//!   L_i = Σ_k ln p_ik — no product underflows, whatever the number of nuclei.
//!
//! Sources and test cases: `shared/reference/boltzmann-shifts.md` §5,
//! `shared/reference/boltzmann/cases/dp4_*.json`, `dp4plus_*.json`.

use crate::error::{finite, positive};
use crate::stats::{ln_normal_two_sided_tail, ln_student_t_sf};
use crate::{Error, Result};

/// How the error of one shift is turned into a probability.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum ErrorModel {
    /// p = 1 − T_ν(|(e − mean)/σ|): Student-t with `nu` degrees of freedom (DP4, DP4+).
    StudentT {
        /// Degrees of freedom ν.
        nu: f64,
        /// Location (mean error), ppm.
        mean_ppm: f64,
        /// Scale σ, ppm.
        sigma_ppm: f64,
    },
    /// p = 2Φ(−|e − mean|/σ): two-sided normal tail (PyDP4 / DP4-AI `SingleGausProbability`).
    Gaussian {
        /// Mean error, ppm.
        mean_ppm: f64,
        /// Standard deviation σ, ppm.
        sigma_ppm: f64,
    },
}

/// DP4 ¹³C Student-t parameters (σ = 2.306 ppm, ν = 11.38; qcnmr-tools `dp4.py:35-38`,
/// gkxiao/DP4 — boltzmann-shifts.md §5.1).
pub const DP4_T_13C: ErrorModel = ErrorModel::StudentT {
    nu: 11.38,
    mean_ppm: 0.0,
    sigma_ppm: 2.306,
};
/// DP4 ¹H Student-t parameters (σ = 0.185 ppm, ν = 14.18).
pub const DP4_T_1H: ErrorModel = ErrorModel::StudentT {
    nu: 14.18,
    mean_ppm: 0.0,
    sigma_ppm: 0.185,
};
/// DP4 ¹³C Gaussian parameters of PyDP4 / DP4-AI (`DP4.py:17-21`).
pub const DP4_GAUSS_13C: ErrorModel = ErrorModel::Gaussian {
    mean_ppm: 0.0,
    sigma_ppm: 2.269372270818724,
};
/// DP4 ¹H Gaussian parameters of PyDP4 / DP4-AI.
pub const DP4_GAUSS_1H: ErrorModel = ErrorModel::Gaussian {
    mean_ppm: 0.0,
    sigma_ppm: 0.18731058105269952,
};

impl ErrorModel {
    /// ln p of one error `error_ppm` = δ_calc − δ_exp (ppm); finite for every finite error.
    ///
    /// ```
    /// # use ringflux_core::dp4::DP4_T_13C;
    /// // nankakurine 15a, C5: scaled error 3.1557746121334 ppm → p = 0.0987817328199172
    /// // (shared/reference/boltzmann/cases/dp4_01_nankakurine_real.json)
    /// let ln_p = DP4_T_13C.ln_probability(3.1557746121334).unwrap();
    /// assert!((ln_p.exp() - 0.0987817328199172).abs() < 1e-12);
    /// ```
    pub fn ln_probability(&self, error_ppm: f64) -> Result<f64> {
        let e = finite(error_ppm, "error_ppm")?;
        match *self {
            ErrorModel::StudentT {
                nu,
                mean_ppm,
                sigma_ppm,
            } => {
                let s = positive(sigma_ppm, "sigma_ppm")?;
                let t = ((e - finite(mean_ppm, "mean_ppm")?) / s).abs();
                ln_student_t_sf(t, nu)
            }
            ErrorModel::Gaussian {
                mean_ppm,
                sigma_ppm,
            } => {
                let s = positive(sigma_ppm, "sigma_ppm")?;
                ln_normal_two_sided_tail((e - finite(mean_ppm, "mean_ppm")?) / s)
            }
        }
    }
}

/// ln Π_k p(e_k) = Σ_k ln p(e_k) for one candidate and one nucleus type.
pub fn ln_likelihood(errors_ppm: &[f64], model: &ErrorModel) -> Result<f64> {
    let mut acc = 0.0;
    for &e in errors_ppm {
        acc += model.ln_probability(e)?;
    }
    Ok(acc)
}

/// Posterior probabilities with equal priors from per-candidate log-likelihoods, written into
/// `out[..n]` (they sum to 1): P_i = exp(L_i − max L)/Σ_j exp(L_j − max L).
///
/// ```
/// # use ringflux_core::dp4::posterior;
/// let mut p = [0.0; 2];
/// // likelihoods far below f64's smallest number still compare correctly
/// posterior(&[-2000.0, -2001.0], &mut p).unwrap();
/// assert!((p[0] - 1.0 / (1.0 + (-1.0f64).exp())).abs() < 1e-15);
/// ```
pub fn posterior(ln_likelihoods: &[f64], out: &mut [f64]) -> Result<()> {
    if ln_likelihoods.is_empty() {
        return Err(Error::Empty("ln_likelihoods"));
    }
    let out = out
        .get_mut(..ln_likelihoods.len())
        .ok_or(Error::CapacityExceeded("out"))?;
    let mut max = f64::NEG_INFINITY;
    for &l in ln_likelihoods {
        if l.is_nan() || l == f64::INFINITY {
            return Err(Error::NonFinite("ln_likelihoods"));
        }
        max = max.max(l);
    }
    if max == f64::NEG_INFINITY {
        return Err(Error::Undetermined("ln_likelihoods"));
    }
    let mut sum = 0.0;
    for (o, &l) in out.iter_mut().zip(ln_likelihoods) {
        *o = libm::exp(l - max);
        sum += *o;
    }
    out.iter_mut().for_each(|o| *o /= sum);
    Ok(())
}

/// One row of a DP4+ parameter set: Student-t (n, m, s) as in DP4+App's data bank.
pub type Dp4PlusRow = ErrorModel;

/// A DP4+ parameter set for one level of theory (DP4+App `data_base_QM.xlsx`, copied in
/// `shared/reference/boltzmann/dp4plus_parameters_QM.json`).
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Dp4PlusParameters {
    /// Unscaled ¹³C errors of sp² carbons.
    pub csp2: Dp4PlusRow,
    /// Unscaled ¹³C errors of sp³ carbons.
    pub csp3: Dp4PlusRow,
    /// Unscaled ¹H errors of protons on sp² carbons.
    pub hsp2: Dp4PlusRow,
    /// Unscaled ¹H errors of the other protons.
    pub hsp3: Dp4PlusRow,
    /// Scaled ¹³C errors.
    pub csca: Dp4PlusRow,
    /// Scaled ¹H errors.
    pub hsca: Dp4PlusRow,
}

/// The nucleus type of a shift list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Nucleus {
    /// ¹³C.
    C13,
    /// ¹H.
    H1,
}

/// ln of DP4+'s unscaled and scaled likelihoods of one candidate for one nucleus type:
/// (Σ ln p_uns, Σ ln p_sca) with p_uns from the sp²/sp³ row chosen by `sp2[k]`, e = δ − δ_exp.
///
/// `unscaled_ppm` = σ_TMS − ⟨σ⟩, `scaled_ppm` = its calc-on-exp scaling, `exp_ppm` experiment.
pub fn dp4plus_ln(
    nucleus: Nucleus,
    unscaled_ppm: &[f64],
    scaled_ppm: &[f64],
    exp_ppm: &[f64],
    sp2: &[bool],
    params: &Dp4PlusParameters,
) -> Result<(f64, f64)> {
    let n = exp_ppm.len();
    if unscaled_ppm.len() != n {
        return Err(Error::LengthMismatch("unscaled_ppm"));
    }
    if scaled_ppm.len() != n {
        return Err(Error::LengthMismatch("scaled_ppm"));
    }
    if sp2.len() != n {
        return Err(Error::LengthMismatch("sp2"));
    }
    let (row2, row3, sca) = match nucleus {
        Nucleus::C13 => (&params.csp2, &params.csp3, &params.csca),
        Nucleus::H1 => (&params.hsp2, &params.hsp3, &params.hsca),
    };
    let (mut l_uns, mut l_sca) = (0.0, 0.0);
    for (((&u, &s), &x), &is_sp2) in unscaled_ppm.iter().zip(scaled_ppm).zip(exp_ppm).zip(sp2) {
        let row = if is_sp2 { row2 } else { row3 };
        l_uns += row.ln_probability(u - x)?;
        l_sca += sca.ln_probability(s - x)?;
    }
    Ok((l_uns, l_sca))
}

/// The nine DP4+ outputs of DP4+App (`calc_results`): which log-likelihoods are summed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Dp4PlusTerm {
    /// ¹³C unscaled.
    CUns,
    /// ¹³C scaled.
    CSca,
    /// ¹³C unscaled × scaled.
    CFull,
    /// ¹H unscaled.
    HUns,
    /// ¹H scaled.
    HSca,
    /// ¹H unscaled × scaled.
    HFull,
    /// ¹³C × ¹H unscaled (uDP4+).
    Uns,
    /// ¹³C × ¹H scaled (sDP4+).
    Sca,
    /// Everything: DP4+.
    Full,
}

impl Dp4PlusTerm {
    /// All nine, in DP4+App's order.
    pub const ALL: [Dp4PlusTerm; 9] = [
        Dp4PlusTerm::CUns,
        Dp4PlusTerm::CSca,
        Dp4PlusTerm::CFull,
        Dp4PlusTerm::HUns,
        Dp4PlusTerm::HSca,
        Dp4PlusTerm::HFull,
        Dp4PlusTerm::Uns,
        Dp4PlusTerm::Sca,
        Dp4PlusTerm::Full,
    ];

    /// The combined log-likelihood from the four per-nucleus terms (missing nucleus: 0).
    pub fn ln_likelihood(self, l: &Dp4PlusLn) -> f64 {
        match self {
            Dp4PlusTerm::CUns => l.c_uns,
            Dp4PlusTerm::CSca => l.c_sca,
            Dp4PlusTerm::CFull => l.c_uns + l.c_sca,
            Dp4PlusTerm::HUns => l.h_uns,
            Dp4PlusTerm::HSca => l.h_sca,
            Dp4PlusTerm::HFull => l.h_uns + l.h_sca,
            Dp4PlusTerm::Uns => l.c_uns + l.h_uns,
            Dp4PlusTerm::Sca => l.c_sca + l.h_sca,
            Dp4PlusTerm::Full => l.c_uns + l.c_sca + l.h_uns + l.h_sca,
        }
    }
}

/// One candidate's DP4+ log-likelihoods per nucleus type (0 for a nucleus not measured).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Dp4PlusLn {
    /// Σ ln p, ¹³C unscaled.
    pub c_uns: f64,
    /// Σ ln p, ¹³C scaled.
    pub c_sca: f64,
    /// Σ ln p, ¹H unscaled.
    pub h_uns: f64,
    /// Σ ln p, ¹H scaled.
    pub h_sca: f64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn posterior_rejects_bad_input() {
        let mut p = [0.0; 2];
        assert_eq!(posterior(&[], &mut p), Err(Error::Empty("ln_likelihoods")));
        assert_eq!(
            posterior(&[0.0, f64::NAN], &mut p),
            Err(Error::NonFinite("ln_likelihoods"))
        );
        assert_eq!(
            posterior(&[0.0; 3], &mut p),
            Err(Error::CapacityExceeded("out"))
        );
    }

    #[test]
    fn huge_errors_stay_finite_in_log_space() {
        // 1000 ppm off for ¹H: the Gaussian tail underflows f64 but its log does not; the
        // heavy Student-t tail (∝ t^−ν) stays far smaller than at 1 ppm
        let l = DP4_GAUSS_1H.ln_probability(1000.0).unwrap();
        assert!(l.is_finite() && l < -700.0, "{l}");
        let l = DP4_T_1H.ln_probability(1e6).unwrap();
        assert!(l.is_finite() && l < DP4_T_1H.ln_probability(1.0).unwrap() - 100.0);
    }
}
