//! Properties of DP4 that follow from its definition (Bayes with equal priors over products of
//! per-nucleus probabilities; `../shared/reference/boltzmann-shifts.md` §5).

use proptest::prelude::*;
use ringflux_core::dp4::{ln_likelihood, posterior, DP4_T_13C};
use ringflux_core::shifts::{scale, Scaling};

/// Normalisation is a sum of ≤ 8 terms in [0, 1]: a few ulp.
const SUM_ABS: f64 = 1e-14;

fn errors_of(calc: &[f64], exp: &[f64], scaled: bool) -> Vec<f64> {
    if scaled {
        let mut s = vec![0.0; calc.len()];
        scale(calc, exp, Scaling::CalcOnExp, &mut s).unwrap();
        s.iter().zip(exp).map(|(a, b)| a - b).collect()
    } else {
        calc.iter().zip(exp).map(|(a, b)| a - b).collect()
    }
}

fn dp4(cands: &[Vec<f64>], exp: &[f64], scaled: bool) -> Vec<f64> {
    let ln: Vec<f64> = cands
        .iter()
        .map(|c| ln_likelihood(&errors_of(c, exp, scaled), &DP4_T_13C).unwrap())
        .collect();
    let mut p = vec![0.0; ln.len()];
    posterior(&ln, &mut p).unwrap();
    p
}

/// Experimental ¹³C shifts (10–200 ppm, at least 3 and spread so a line can be fitted) and
/// candidates = experiment plus noise of a few ppm.
fn problem() -> impl Strategy<Value = (Vec<f64>, Vec<Vec<f64>>)> {
    (3usize..12, 2usize..6).prop_flat_map(|(n, k)| {
        (
            proptest::collection::vec(10.0..200.0f64, n),
            proptest::collection::vec(proptest::collection::vec(-6.0..6.0f64, n), k),
        )
            .prop_filter("spread shifts", |(e, _)| {
                let (lo, hi) = e
                    .iter()
                    .fold((f64::MAX, f64::MIN), |a, &x| (a.0.min(x), a.1.max(x)));
                hi - lo > 5.0
            })
            .prop_map(|(exp, noise)| {
                let cands = noise
                    .iter()
                    .map(|d| exp.iter().zip(d).map(|(x, e)| x + e).collect())
                    .collect();
                (exp, cands)
            })
    })
}

proptest! {
    #[test]
    fn probabilities_sum_to_one((exp, cands) in problem(), scaled in any::<bool>()) {
        let p = dp4(&cands, &exp, scaled);
        prop_assert!((p.iter().sum::<f64>() - 1.0).abs() < SUM_ABS);
        prop_assert!(p.iter().all(|&x| (0.0..=1.0).contains(&x)));
    }

    #[test]
    fn invariant_to_candidate_order((exp, cands) in problem(), rot in 0usize..6) {
        let p = dp4(&cands, &exp, true);
        let mut perm = cands.clone();
        perm.reverse();
        let r = rot % perm.len();
        perm.rotate_left(r);
        let q = dp4(&perm, &exp, true);
        // candidate i of the original sits at position j of the permutation
        let n = cands.len();
        for (i, &pi) in p.iter().enumerate() {
            let j = ((n - 1 - i) + n - r) % n;
            prop_assert!((pi - q[j]).abs() < SUM_ABS, "{} vs {}", pi, q[j]);
        }
    }

    /// A candidate equal to the experiment beats one offset by a constant c only when scaling is
    /// off: the calc-on-exp fit absorbs any constant offset (slope 1, intercept c).
    #[test]
    fn constant_offset_matters_only_without_scaling(
        exp in proptest::collection::vec(10.0..200.0f64, 3..12)
            .prop_filter("spread", |e| e.iter().cloned().fold(f64::MIN, f64::max)
                - e.iter().cloned().fold(f64::MAX, f64::min) > 5.0),
        c in prop_oneof![-10.0..-0.5f64, 0.5..10.0f64],
    ) {
        let shifted: Vec<f64> = exp.iter().map(|x| x + c).collect();
        let cands = vec![exp.clone(), shifted];
        let p = dp4(&cands, &exp, false);
        prop_assert!(p[0] > p[1], "unscaled: {:?}", p);
        let p = dp4(&cands, &exp, true);
        // both scale to exp up to rounding of the fit (≤ 1e-12 ppm): a tie
        prop_assert!((p[0] - 0.5).abs() < 1e-9, "scaled: {:?}", p);
    }
}

/// Shift arithmetic (boltzmann-shifts.md §2.1, §3): δ = σ_ref − σ is affine and Σ p = 1, so
/// weighting shieldings then converting equals converting then weighting; pairing of
/// interchangeable nuclei only permutes values within a group.
mod shift_properties {
    use proptest::prelude::*;
    use ringflux_core::shifts::{boltzmann_weighted, pair_interchangeable, shift_from_shielding};

    proptest! {
        #[test]
        fn weighting_commutes_with_reference_subtraction(
            raw_p in proptest::collection::vec(0.01..1.0f64, 1..6),
            sigma in proptest::collection::vec(20.0..200.0f64, 30),
            sigma_ref in 180.0..200.0f64,
        ) {
            let n_conf = raw_p.len();
            let n = 5;
            let total: f64 = raw_p.iter().sum();
            let p: Vec<f64> = raw_p.iter().map(|x| x / total).collect();
            let sig = &sigma[..n_conf * n];
            let mut w_sigma = vec![0.0; n];
            boltzmann_weighted(&p, sig, n, &mut w_sigma).unwrap();
            let deltas: Vec<f64> = sig.iter().map(|&s| shift_from_shielding(sigma_ref, s).unwrap()).collect();
            let mut w_delta = vec![0.0; n];
            boltzmann_weighted(&p, &deltas, n, &mut w_delta).unwrap();
            for (ws, wd) in w_sigma.iter().zip(&w_delta) {
                // sums of ≤ 6 terms of size ≤ 200: a few ulp of 200
                prop_assert!((sigma_ref - ws - wd).abs() < 1e-12, "{} vs {}", sigma_ref - ws, wd);
            }
        }

        #[test]
        fn pairing_permutes_within_groups(
            calc in proptest::collection::vec(0.0..10.0f64, 8),
            exp in proptest::collection::vec(0.0..10.0f64, 8),
            groups in proptest::collection::vec(0u32..3, 8),
        ) {
            let mut out = vec![0.0; 8];
            pair_interchangeable(&calc, &exp, &groups, &mut out).unwrap();
            for g in 0..3u32 {
                let mut a: Vec<f64> = calc.iter().zip(&groups).filter(|x| *x.1 == g).map(|x| *x.0).collect();
                let mut b: Vec<f64> = out.iter().zip(&groups).filter(|x| *x.1 == g).map(|x| *x.0).collect();
                if g == 0 {
                    prop_assert_eq!(&a, &b);
                }
                a.sort_by(f64::total_cmp);
                b.sort_by(f64::total_cmp);
                prop_assert_eq!(a, b);
            }
            // within a group, larger exp gets the larger (or equal) calc
            for i in 0..8 {
                for j in 0..8 {
                    if groups[i] != 0 && groups[i] == groups[j] && exp[i] < exp[j] {
                        prop_assert!(out[i] <= out[j]);
                    }
                }
            }
        }
    }
}
