//! Bruker processed-data reader (`ringflux_cli::io::spectrum::bruker::read_pdata`): the input is
//! split into a `procs` text, an `acqus` text and the `1r` bytes (at the first two 0xFF bytes),
//! written as a dataset folder. No panic and no huge allocation; an error names a file of the
//! dataset; a success has SI finite points and a finite, decreasing ppm axis.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ringflux_cli::io::spectrum::bruker;

fuzz_target!(|data: &[u8]| {
    let mut parts = data.splitn(3, |&b| b == 0xFF);
    let (procs, acqus, one_r) = (
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or_default(),
    );
    let root = ringflux_fuzz::scratch_dir().join("bruker");
    let pdata = root.join("pdata").join("1");
    std::fs::create_dir_all(&pdata).expect("scratch folder");
    std::fs::write(pdata.join("procs"), procs).expect("write procs");
    std::fs::write(root.join("acqus"), acqus).expect("write acqus");
    std::fs::write(pdata.join("1r"), one_r).expect("write 1r");
    // 1 Mi points, 64 MiB: the fuzzer's memory limit is 1 GiB.
    match bruker::read_pdata(&pdata, 1 << 20, 64 << 20) {
        Err(e) => assert!(e.path.starts_with(&root), "error names no dataset file: {e}"),
        Ok(p) => {
            assert!(!p.real.is_empty());
            assert!(p.real.iter().all(|v| v.is_finite()), "non-finite intensity");
            assert!(p.ppm_first.is_finite() && p.ppm_step.is_finite(), "axis {p:?}");
            assert!(p.ppm_step < 0.0, "ppm step {} not decreasing", p.ppm_step);
        }
    }
});
