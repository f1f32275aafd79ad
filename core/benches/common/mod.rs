//! Shared by the bench binaries: the seeded noise generator.

/// Standard normal deviates: xorshift64 uniforms in (0, 1] through Box–Muller (cosine branch),
/// seeded with a fixed constant so that every run sees the same noise.
pub struct Gaussian(u64);

impl Gaussian {
    pub fn seeded() -> Self {
        Self(0x2545_F491_4F6C_DD1D)
    }

    fn uniform(&mut self) -> f64 {
        let s = &mut self.0;
        *s ^= *s << 13;
        *s ^= *s >> 7;
        *s ^= *s << 17;
        ((*s >> 11) as f64 + 1.0) / (1u64 << 53) as f64
    }

    pub fn sample(&mut self) -> f64 {
        let (u, w) = (self.uniform(), self.uniform());
        (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * w).cos()
    }
}
