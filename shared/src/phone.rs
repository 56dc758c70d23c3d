//! Mainland mobile numbers: members sign in with them.

use serde::{Deserialize, Serialize};

/// An 11-digit mainland mobile number starting with `1` and a second digit of 3–9.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Phone(String);

/// Why a phone number was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("phone must be an 11-digit mainland mobile number starting with 13–19")]
pub struct PhoneError;

impl Phone {
    /// Accepts `13800000001`; spaces and dashes typed by people are ignored.
    pub fn parse(text: &str) -> Result<Phone, PhoneError> {
        let digits: String = text.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
        let b = digits.as_bytes();
        if b.len() == 11 && b.iter().all(u8::is_ascii_digit) && b[0] == b'1' && (b'3'..=b'9').contains(&b[1]) {
            Ok(Phone(digits))
        } else {
            Err(PhoneError)
        }
    }
    /// The digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// As shown to staff and on screen: `138****0001`.
    pub fn masked(&self) -> String {
        format!("{}****{}", &self.0[..3], &self.0[7..])
    }
}

impl TryFrom<String> for Phone {
    type Error = PhoneError;
    fn try_from(s: String) -> Result<Phone, PhoneError> {
        Phone::parse(&s)
    }
}

impl From<Phone> for String {
    fn from(p: Phone) -> String {
        p.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mainland_mobiles_parse_and_mask() {
        let p = Phone::parse("138 0000 0001").unwrap();
        assert_eq!(p.as_str(), "13800000001");
        assert_eq!(p.masked(), "138****0001");
    }

    #[test]
    fn other_numbers_are_refused() {
        for bad in ["", "1380000000", "138000000012", "23800000001", "12800000001", "1380000000a", "+8613800000001"] {
            assert_eq!(Phone::parse(bad), Err(PhoneError), "{bad}");
        }
    }
}
