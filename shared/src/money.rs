//! Money as integer fen (1 yuan = 100 fen). Never a float.

use serde::{Deserialize, Serialize};
use std::fmt;

/// An amount of money in fen. Serialized as a plain integer (`"price_fen": 12900`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(into = "u64", try_from = "i64")]
pub struct Fen(u64);

impl From<Fen> for u64 {
    fn from(value: Fen) -> u64 {
        value.0
    }
}

impl TryFrom<i64> for Fen {
    type Error = MoneyError;
    fn try_from(value: i64) -> Result<Self, Self::Error> {
        Fen::parse(value)
    }
}

/// Why an amount of money was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    /// The amount was negative.
    #[error("an amount of money cannot be negative")]
    Negative,
    /// The amount is above what the shop accepts in one go.
    #[error("an amount of money cannot exceed {max} fen")]
    TooLarge {
        /// The largest accepted amount.
        max: u64,
    },
}

impl Fen {
    /// The largest amount edgemall handles in one value: ¥10,000,000.00.
    pub const MAX: u64 = 1_000_000_000;
    /// Zero fen.
    pub const ZERO: Fen = Fen(0);

    /// Accepts an amount as it arrives from a client (possibly negative or absurd).
    pub fn parse(value: i64) -> Result<Self, MoneyError> {
        if value < 0 {
            return Err(MoneyError::Negative);
        }
        let value = value as u64;
        if value > Self::MAX {
            return Err(MoneyError::TooLarge { max: Self::MAX });
        }
        Ok(Fen(value))
    }

    /// Builds an amount already known to be in range: a constant, or a value read back from
    /// storage that was written through the checked arithmetic below. Saturates at
    /// [`Fen::MAX`]; anything computed from client input goes through [`Fen::checked`] instead.
    pub const fn new(value: u64) -> Self {
        if value > Self::MAX { Fen(Self::MAX) } else { Fen(value) }
    }

    /// The amount in fen.
    pub const fn get(self) -> u64 {
        self.0
    }

    /// The amount, or `None` above [`Fen::MAX`] (never silently capped).
    pub const fn checked(value: u64) -> Option<Fen> {
        if value > Self::MAX { None } else { Some(Fen(value)) }
    }

    /// `self + other`, or `None` when it would exceed [`Fen::MAX`].
    pub fn checked_add(self, other: Fen) -> Option<Fen> {
        self.0.checked_add(other.0).and_then(Fen::checked)
    }

    /// `self - other`, or `None` when it would go below zero.
    pub fn minus(self, other: Fen) -> Option<Fen> {
        self.0.checked_sub(other.0).map(Fen)
    }

    /// `self * n`, or `None` when it would exceed [`Fen::MAX`].
    pub fn checked_mul(self, n: u32) -> Option<Fen> {
        self.0.checked_mul(u64::from(n)).and_then(Fen::checked)
    }

    /// The sum of `amounts`, or `None` as soon as it would exceed [`Fen::MAX`].
    pub fn sum(amounts: impl IntoIterator<Item = Fen>) -> Option<Fen> {
        amounts.into_iter().try_fold(Fen::ZERO, Fen::checked_add)
    }

    /// Yuan with two decimals and no currency sign: `129.00`.
    pub fn yuan_string(self) -> String {
        format!("{}.{:02}", self.0 / 100, self.0 % 100)
    }

    /// Yuan as a shop label shows it: `¥129`, `¥9.90`, `¥0.01` (a whole-yuan `.00` dropped).
    pub fn label(self) -> String {
        if self.0.is_multiple_of(100) { format!("¥{}", self.0 / 100) } else { format!("¥{}", self.yuan_string()) }
    }
}

impl fmt::Display for Fen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "¥{}", self.yuan_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negative_and_absurd_amounts_are_refused() {
        assert_eq!(Fen::parse(-1), Err(MoneyError::Negative));
        assert_eq!(Fen::parse(1_000_000_001), Err(MoneyError::TooLarge { max: Fen::MAX }));
        assert_eq!(Fen::parse(0).map(Fen::get), Ok(0));
        assert_eq!(Fen::parse(12_900).map(Fen::get), Ok(12_900));
    }

    #[test]
    fn labels_read_like_a_price_tag() {
        assert_eq!(Fen::new(12_900).label(), "¥129");
        assert_eq!(Fen::new(990).label(), "¥9.90");
        assert_eq!(Fen::new(36_850).label(), "¥368.50");
        assert_eq!(Fen::new(1).label(), "¥0.01");
        assert_eq!(Fen::new(105).to_string(), "¥1.05");
        assert_eq!(Fen::new(0).label(), "¥0");
    }

    #[test]
    fn arithmetic_never_goes_negative_or_overflows() {
        assert_eq!(Fen::new(5).minus(Fen::new(6)), None);
        assert_eq!(Fen::new(6).minus(Fen::new(5)), Some(Fen::new(1)));
        assert_eq!(Fen::new(Fen::MAX).checked_add(Fen::new(1)), None);
        assert_eq!(Fen::new(Fen::MAX - 1).checked_add(Fen::new(1)), Some(Fen::new(Fen::MAX)));
        assert_eq!(Fen::new(300).checked_mul(3), Some(Fen::new(900)));
        assert_eq!(Fen::new(Fen::MAX).checked_mul(u32::MAX), None);
        assert_eq!(Fen::new(Fen::MAX).checked_mul(2), None);
        assert_eq!(Fen::checked(Fen::MAX + 1), None);
        assert_eq!(Fen::sum([Fen::new(1), Fen::new(2)]), Some(Fen::new(3)));
        assert_eq!(Fen::sum([Fen::new(Fen::MAX), Fen::new(1), Fen::ZERO]), None);
    }

    proptest::proptest! {
        /// Checked arithmetic is exact below the maximum and refuses (never caps) above it.
        #[test]
        fn checked_arithmetic_is_exact_or_refused(a in 0..=Fen::MAX, b in 0..=Fen::MAX, n in proptest::num::u32::ANY) {
            let sum = Fen::new(a).checked_add(Fen::new(b));
            proptest::prop_assert_eq!(sum.map(Fen::get), (a + b <= Fen::MAX).then_some(a + b));
            let exact = u128::from(a) * u128::from(n);
            let product = Fen::new(a).checked_mul(n);
            proptest::prop_assert_eq!(product.map(|p| u128::from(p.get())), (exact <= u128::from(Fen::MAX)).then_some(exact));
        }
    }

    #[test]
    fn serializes_as_a_plain_integer() {
        assert_eq!(serde_json::to_string(&Fen::new(42)).unwrap(), "42");
        assert_eq!(serde_json::from_str::<Fen>("42").unwrap(), Fen::new(42));
        assert!(serde_json::from_str::<Fen>("-3").is_err());
    }
}
