//! Plastic cards' scratch codes, kept only as keyed MACs: a copy of the database does not give
//! away the six digits that prove someone holds a card (they are few enough to try them all
//! against a plain hash, but not without the key).

use crate::error::{ApiError, ErrorCode};
use crate::keys::{constant_time_eq, mac};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

const SCHEME: &str = "hmac-sha256:";

/// The stored form of card `card_no`'s scratch code `code`, bound to the card so one card's
/// row cannot be copied to another.
pub fn seal_code(key: &[u8; 32], card_no: &str, code: &str) -> String {
    let tag = mac(key, &[b"card-scratch-code", card_no.as_bytes(), code.as_bytes()]);
    format!("{SCHEME}{}", URL_SAFE_NO_PAD.encode(tag))
}

/// Whether `code` is card `card_no`'s scratch code, given its stored form. Compared in
/// constant time; anything not sealed (a legacy plain code) never matches.
pub fn code_matches(key: &[u8; 32], card_no: &str, code: &str, stored: &str) -> bool {
    // Both sides are always computed, so an unknown card (empty `stored`) takes the same time.
    let expected = seal_code(key, card_no, code);
    is_sealed(stored) & constant_time_eq(expected.as_bytes(), stored.as_bytes())
}

/// Whether a stored code is already sealed (a legacy row holds the plain six digits).
pub fn is_sealed(stored: &str) -> bool {
    stored.starts_with(SCHEME)
}

/// A member's request to link a plastic card, checked: the 16 digits on the card and the 6
/// under its scratch panel (spaces and dashes as typed are ignored).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CardLink {
    card_no: String,
    verify_code: String,
}

/// Why a card could not be linked; each answers as the API's error ([`ApiError::from`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    /// The card number is not 16 digits (422).
    #[error("card_no: must be the 16 digits on the card")]
    CardNo,
    /// The verification code is not 6 digits (422).
    #[error("verify_code: must be the 6 digits under the scratch panel")]
    VerifyCode,
    /// Unknown card or wrong code; both answer alike, so card numbers cannot be probed (422).
    #[error("verify_code: the card number or verification code is wrong")]
    Wrong,
    /// The member already has another card (409).
    #[error("card {0} is already linked to this account")]
    AlreadyLinked(String),
    /// The card belongs to someone else (409 `CARD_LINKED_ELSEWHERE`).
    #[error("this card is linked to another member")]
    LinkedElsewhere,
}

impl LinkError {
    /// The error code the API answers with.
    pub fn code(&self) -> ErrorCode {
        match self {
            LinkError::CardNo | LinkError::VerifyCode | LinkError::Wrong => ErrorCode::Invalid,
            LinkError::AlreadyLinked(_) => ErrorCode::Conflict,
            LinkError::LinkedElsewhere => ErrorCode::CardLinkedElsewhere,
        }
    }
}

impl From<LinkError> for ApiError {
    fn from(e: LinkError) -> Self {
        ApiError::new(e.code(), e.to_string())
    }
}

/// What linking a known card, whose code matched, takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Linking {
    /// The card is already this member's: finish whatever was left undone.
    Mine,
    /// Nobody holds the card: claim it (a lost race is [`LinkError::LinkedElsewhere`]).
    Claim,
}

fn digits(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace() && *c != '-').collect()
}

impl CardLink {
    /// Checks the card number, then the code.
    pub fn parse(card_no: &str, verify_code: &str) -> Result<CardLink, LinkError> {
        let card_no = digits(card_no);
        if card_no.len() != 16 || !card_no.bytes().all(|b| b.is_ascii_digit()) {
            return Err(LinkError::CardNo);
        }
        let verify_code = digits(verify_code);
        if verify_code.len() != 6 || !verify_code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(LinkError::VerifyCode);
        }
        Ok(CardLink { card_no, verify_code })
    }

    /// The 16 digits.
    pub fn card_no(&self) -> &str {
        &self.card_no
    }

    /// The 6 digits.
    pub fn verify_code(&self) -> &str {
        &self.verify_code
    }

    /// What linking takes for `member`, who holds `linked` (if any), when the card's owner is
    /// `owner`: another card of the member's is refused first, then a card of someone else's.
    pub fn linking(&self, member: &str, linked: Option<&str>, owner: Option<&str>) -> Result<Linking, LinkError> {
        if let Some(existing) = linked.filter(|c| *c != self.card_no) {
            return Err(LinkError::AlreadyLinked(existing.to_owned()));
        }
        match owner {
            Some(owner) if owner == member => Ok(Linking::Mine),
            Some(_) => Err(LinkError::LinkedElsewhere),
            None => Ok(Linking::Claim),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CARD: &str = "6200000000000001";

    #[test]
    fn a_link_request_ignores_spaces_and_dashes_and_checks_the_card_first() {
        let link = CardLink::parse("6200 0000-0000 0001", " 100 001 ").unwrap();
        assert_eq!((link.card_no(), link.verify_code()), (CARD, "100001"));
        assert_eq!(CardLink::parse("620000000000000", "x").unwrap_err(), LinkError::CardNo);
        assert_eq!(CardLink::parse("620000000000000a", "100001").unwrap_err(), LinkError::CardNo);
        assert_eq!(CardLink::parse(CARD, "10000").unwrap_err(), LinkError::VerifyCode);
        assert_eq!(CardLink::parse(CARD, "10000a").unwrap_err(), LinkError::VerifyCode);
        let err = ApiError::from(LinkError::CardNo);
        assert_eq!(err.code(), ErrorCode::Invalid);
        assert_eq!(err.error.message, "card_no: must be the 16 digits on the card");
        let err = ApiError::from(LinkError::VerifyCode);
        assert_eq!(err.error.message, "verify_code: must be the 6 digits under the scratch panel");
        let err = ApiError::from(LinkError::Wrong);
        assert_eq!(
            (err.code(), err.error.message.as_str()),
            (ErrorCode::Invalid, "verify_code: the card number or verification code is wrong")
        );
    }

    #[test]
    fn another_card_of_the_members_is_refused_before_the_owner_is_looked_at() {
        let link = CardLink::parse(CARD, "100001").unwrap();
        let err = link.linking("M1", Some("6200000000000002"), Some("M2")).unwrap_err();
        assert_eq!(err, LinkError::AlreadyLinked("6200000000000002".into()));
        let err = ApiError::from(err);
        assert_eq!(err.code(), ErrorCode::Conflict);
        assert_eq!(err.error.message, "card 6200000000000002 is already linked to this account");
        assert_eq!(link.linking("M1", Some(CARD), Some("M1")), Ok(Linking::Mine));
        assert_eq!(link.linking("M1", None, Some("M1")), Ok(Linking::Mine));
        assert_eq!(link.linking("M1", None, None), Ok(Linking::Claim));
        assert_eq!(link.linking("M1", Some(CARD), Some("M2")), Err(LinkError::LinkedElsewhere));
        let err = ApiError::from(LinkError::LinkedElsewhere);
        assert_eq!(
            (err.code(), err.error.message.as_str()),
            (ErrorCode::CardLinkedElsewhere, "this card is linked to another member")
        );
    }

    #[test]
    fn a_sealed_code_matches_only_its_own_code_card_and_key() {
        let key = [7u8; 32];
        let stored = seal_code(&key, "6200000000000001", "100001");
        assert!(is_sealed(&stored) && !stored.contains("100001"));
        assert!(code_matches(&key, "6200000000000001", "100001", &stored));
        assert!(!code_matches(&key, "6200000000000001", "100002", &stored));
        assert!(!code_matches(&key, "6200000000000002", "100001", &stored));
        assert!(!code_matches(&[8u8; 32], "6200000000000001", "100001", &stored));
        assert!(!code_matches(&key, "6200000000000001", "100001", "100001"), "plain codes never match");
    }
}
