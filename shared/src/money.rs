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

    /// Builds an amount the program itself computed; saturates at [`Fen::MAX`].
    pub const fn new(value: u64) -> Self {
        if value > Self::MAX { Fen(Self::MAX) } else { Fen(value) }
    }

    /// The amount in fen.
    pub const fn get(self) -> u64 {
        self.0
    }

    /// `self + other`, saturating at [`Fen::MAX`].
    pub fn plus(self, other: Fen) -> Fen {
        Fen::new(self.0.saturating_add(other.0))
    }

    /// `self - other`, or `None` when it would go below zero.
    pub fn minus(self, other: Fen) -> Option<Fen> {
        self.0.checked_sub(other.0).map(Fen)
    }

    /// `self * n`, saturating at [`Fen::MAX`].
    pub fn times(self, n: u32) -> Fen {
        Fen::new(self.0.saturating_mul(n as u64))
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
        assert_eq!(Fen::new(Fen::MAX).plus(Fen::new(1)).get(), Fen::MAX);
        assert_eq!(Fen::new(300).times(3).get(), 900);
        assert_eq!(Fen::new(Fen::MAX).times(u32::MAX).get(), Fen::MAX);
    }

    #[test]
    fn serializes_as_a_plain_integer() {
        assert_eq!(serde_json::to_string(&Fen::new(42)).unwrap(), "42");
        assert_eq!(serde_json::from_str::<Fen>("42").unwrap(), Fen::new(42));
        assert!(serde_json::from_str::<Fen>("-3").is_err());
    }
}
