//! The split of an envelope's total into shares, decided by a seed.

use crate::Fen;

/// SplitMix64 (Steele, Lea and Flood, 2014; the generator Java's `SplittableRandom` and the
/// seeding of xoshiro use): a 64-bit state advanced by the golden-ratio constant and mixed by
/// two multiply-xorshift rounds. Tiny, fast, and every seed gives a full-period stream; it is
/// not a cryptographic generator, which is why the seed itself comes from a keyed MAC.
#[derive(Clone, Debug)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// A generator starting from `seed`.
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64 { state: seed }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..=max`, without modulo bias (rejection sampling).
    pub fn up_to(&mut self, max: u64) -> u64 {
        let Some(span) = max.checked_add(1) else { return self.next_u64() };
        // The largest multiple of `span` that fits; draws at or above it are redrawn.
        let zone = u64::MAX - (u64::MAX % span);
        loop {
            let x = self.next_u64();
            if x < zone {
                return x % span;
            }
        }
    }
}

/// Why a total cannot be split.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SplitError {
    /// No shares.
    #[error("an envelope has at least one share")]
    NoShares,
    /// Fewer fen than shares: some share would be empty.
    #[error("the total must be at least one fen per share")]
    TooSmall,
}

/// Splits `total` into `shares` amounts of at least one fen each that add up to exactly
/// `total`, the same for the same seed: every share gets one fen, and the rest is cut at
/// `shares - 1` uniform points, so each share's expected value is the average.
pub fn split(total: Fen, shares: u16, seed: u64) -> Result<Vec<Fen>, SplitError> {
    let n = u64::from(shares);
    if n == 0 {
        return Err(SplitError::NoShares);
    }
    let extra = total.get().checked_sub(n).ok_or(SplitError::TooSmall)?;
    let mut rng = SplitMix64::new(seed);
    let mut cuts: Vec<u64> = (1..n).map(|_| rng.up_to(extra)).collect();
    cuts.sort_unstable();
    cuts.push(extra);
    let mut previous = 0;
    Ok(cuts
        .into_iter()
        .map(|cut| {
            let share = 1 + cut - previous;
            previous = cut;
            Fen::new(share)
        })
        .collect())
}
