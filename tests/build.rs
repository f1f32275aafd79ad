//! The cross-crate tests read references and real data from `../shared/` beside the checkout
//! (README, "Set-up"). Without it they cannot compile or run: say so once, clearly, instead of a
//! compile error deep inside a test.

use std::path::Path;

fn main() {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared");
    println!("cargo:rerun-if-changed={}", shared.display());
    if !shared.join("README.md").is_file() {
        eprintln!(
            "ringflux's tests need the shared references beside the checkout: {} is missing.\n\
             Put (or link) the `shared` folder next to the workspace, e.g. `ln -s /path/to/shared ../shared`,\n\
             so that ../shared/README.md exists, then run `cargo test --workspace` again.",
            shared.display()
        );
        std::process::exit(1);
    }
}
