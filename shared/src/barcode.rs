//! Product barcodes: EAN-13, the 13-digit code printed on goods (GS1). The last digit is a check
//! digit computed from the other twelve, so a misread or mistyped digit is caught before a
//! lookup. Goods from manufacturers carry their GS1 number (China's prefixes are 690–699); the
//! store numbers what it labels itself with the in-store prefixes 20–29, which never reach a
//! manufacturer's range.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Why a text is not an EAN-13 barcode.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BarcodeError {
    /// Not exactly 13 characters.
    #[error("an EAN-13 barcode has 13 digits, not {0}")]
    Length(usize),
    /// A character that is not an ASCII digit.
    #[error("an EAN-13 barcode has only digits")]
    NotDigits,
    /// The last digit does not match the other twelve.
    #[error("the check digit should be {expected}: a digit was misread or mistyped")]
    CheckDigit {
        /// The check digit the first twelve digits call for.
        expected: u8,
    },
}

/// A well-formed EAN-13 barcode (check digit verified).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Ean13(String);

/// The check digit of twelve digits: weights 1, 3, 1, 3… from the left, then the amount that
/// tops the sum up to a multiple of ten.
pub fn check_digit(first12: &[u8; 12]) -> u8 {
    let sum: u32 = first12.iter().enumerate().map(|(i, d)| u32::from(*d) * if i % 2 == 0 { 1 } else { 3 }).sum();
    ((10 - sum % 10) % 10) as u8
}

impl Ean13 {
    /// Accepts 13 ASCII digits whose last is the check digit of the first twelve. Spaces
    /// around the code (a scanner's or a spreadsheet's) are ignored.
    pub fn parse(text: &str) -> Result<Self, BarcodeError> {
        let text = text.trim();
        if !text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(BarcodeError::NotDigits);
        }
        if text.len() != 13 {
            return Err(BarcodeError::Length(text.chars().count()));
        }
        let digits: Vec<u8> = text.bytes().map(|b| b - b'0').collect();
        let mut first12 = [0u8; 12];
        first12.copy_from_slice(&digits[..12]);
        let expected = check_digit(&first12);
        if digits[12] != expected {
            return Err(BarcodeError::CheckDigit { expected });
        }
        Ok(Self(text.to_owned()))
    }

    /// Completes twelve digits with their check digit.
    pub fn complete(first12: &[u8; 12]) -> Result<Self, BarcodeError> {
        if first12.iter().any(|d| *d > 9) {
            return Err(BarcodeError::NotDigits);
        }
        let mut text: String = first12.iter().map(|d| char::from(b'0' + d)).collect();
        text.push(char::from(b'0' + check_digit(first12)));
        Ok(Self(text))
    }

    /// A barcode for goods the store labels itself, in the in-store range (prefix `2`, then
    /// a digit 0–9, so 20–29), drawn from random bytes the caller supplies: the same bytes
    /// always give the same code.
    pub fn in_store(random: [u8; 8]) -> Self {
        let mut n = u64::from_le_bytes(random) % 100_000_000_000; // eleven digits after the `2`
        let mut first12 = [0u8; 12];
        first12[0] = 2;
        for d in first12[1..].iter_mut().rev() {
            *d = (n % 10) as u8;
            n /= 10;
        }
        Self::complete(&first12).unwrap_or_else(|_| unreachable!("digits are below ten"))
    }

    /// Whether the store labelled this item itself (prefixes 20–29).
    pub fn is_in_store(&self) -> bool {
        self.0.starts_with('2')
    }

    /// The thirteen digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Ean13 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Ean13 {
    type Error = BarcodeError;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        Ean13::parse(&text)
    }
}

impl From<Ean13> for String {
    fn from(code: Ean13) -> String {
        code.0
    }
}

/// What a guide typed or scanned to name a product: its SKU, or the barcode on the goods.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProductRef {
    /// A stock-keeping unit such as `SKU-1001`.
    Sku(crate::ids::Sku),
    /// An EAN-13 barcode.
    Barcode(Ean13),
}

/// Why a text names no product.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProductRefError {
    /// Only digits, so meant as a barcode, but not a valid EAN-13.
    #[error(transparent)]
    Barcode(#[from] BarcodeError),
    /// Not a well-formed SKU.
    #[error(transparent)]
    Sku(#[from] crate::ids::IdError),
}

impl ProductRef {
    /// Digits only (a scanner types the barcode's digits) are read as an EAN-13 and must check;
    /// anything else is read as a SKU. Surrounding spaces are ignored.
    pub fn parse(text: &str) -> Result<Self, ProductRefError> {
        let text = text.trim();
        if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
            return Ok(Self::Barcode(Ean13::parse(text)?));
        }
        Ok(Self::Sku(crate::ids::Sku::parse(text)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn digits_name_a_barcode_anything_else_a_sku() {
        assert_eq!(
            ProductRef::parse(" 6901234567892 "),
            Ok(ProductRef::Barcode(Ean13::parse("6901234567892").unwrap()))
        );
        assert!(matches!(ProductRef::parse("SKU-1001"), Ok(ProductRef::Sku(s)) if s.as_str() == "SKU-1001"));
        assert_eq!(
            ProductRef::parse("6901234567891"),
            Err(ProductRefError::Barcode(BarcodeError::CheckDigit { expected: 2 }))
        );
        assert_eq!(ProductRef::parse("12345678"), Err(ProductRefError::Barcode(BarcodeError::Length(8))));
        assert!(matches!(ProductRef::parse("SKU 1001"), Err(ProductRefError::Sku(_))));
        assert!(matches!(ProductRef::parse("  "), Err(ProductRefError::Sku(_))));
    }

    #[test]
    fn known_codes_check() {
        // Printed on real goods.
        assert!(Ean13::parse("4006381333931").is_ok());
        assert!(Ean13::parse("6901234567892").is_ok());
        assert_eq!(Ean13::parse(" 6901234567892 ").unwrap().as_str(), "6901234567892");
        assert_eq!(Ean13::parse("6901234567891"), Err(BarcodeError::CheckDigit { expected: 2 }));
    }

    #[test]
    fn wrong_shapes_say_what_is_wrong() {
        assert_eq!(Ean13::parse("690123456789"), Err(BarcodeError::Length(12)));
        assert_eq!(Ean13::parse("69012345678920"), Err(BarcodeError::Length(14)));
        assert_eq!(Ean13::parse("690123456789X"), Err(BarcodeError::NotDigits));
        assert_eq!(Ean13::parse("６901234567892"), Err(BarcodeError::NotDigits));
        assert_eq!(Ean13::parse(""), Err(BarcodeError::Length(0)));
        assert!(serde_json::from_str::<Ean13>("\"6901234567891\"").is_err());
        assert_eq!(serde_json::to_string(&Ean13::parse("6901234567892").unwrap()).unwrap(), "\"6901234567892\"");
    }

    #[test]
    fn in_store_codes_are_in_the_in_store_range_and_repeatable() {
        let a = Ean13::in_store([7; 8]);
        assert!(a.is_in_store());
        assert_eq!(a, Ean13::in_store([7; 8]));
        assert_ne!(a, Ean13::in_store([8; 8]));
        assert!(!Ean13::parse("6901234567892").unwrap().is_in_store());
    }

    proptest! {
        #[test]
        fn completed_codes_parse_and_any_single_digit_change_is_caught(
            first12 in proptest::array::uniform12(0u8..10),
            at in 0usize..13,
            bump in 1u8..10,
        ) {
            let code = Ean13::complete(&first12).unwrap();
            prop_assert_eq!(Ean13::parse(code.as_str()), Ok(code.clone()));
            let mut digits: Vec<u8> = code.as_str().bytes().map(|b| b - b'0').collect();
            digits[at] = (digits[at] + bump) % 10;
            let changed: String = digits.iter().map(|d| char::from(b'0' + d)).collect();
            prop_assert!(Ean13::parse(&changed).is_err());
        }

        #[test]
        fn in_store_codes_always_parse(random in any::<[u8; 8]>()) {
            let code = Ean13::in_store(random);
            prop_assert!(code.is_in_store());
            prop_assert_eq!(Ean13::parse(code.as_str()), Ok(code));
        }
    }
}
