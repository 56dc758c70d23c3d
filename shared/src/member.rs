//! A member's row as D1 keeps it, and the card the API shows built from it and the card's
//! figures ([`Member::of`]).

use crate::api::{BenefitsView, Member};
use crate::phone::{Phone, PhoneError};
use crate::protocol::member::CardState;
use chrono::{DateTime, Utc};
use serde::Deserialize;

/// A member's row, parsed where it is read (a bad `created_at` fails the read).
#[derive(Clone, Debug, Deserialize)]
pub struct MemberRow {
    /// `M10000001`.
    pub id: String,
    /// The number the id, the card number and the codes are made from.
    pub serial: i64,
    /// The phone as registered.
    pub phone: String,
    /// How the member wants to be addressed.
    pub name: String,
    /// The password's stored hash.
    pub password_hash: String,
    /// Virtual card number, 16 digits.
    pub card_no: String,
    /// Linked plastic card, if any.
    pub physical_card_no: Option<String>,
    /// When the member registered.
    #[serde(with = "crate::instant::stored")]
    pub created_at: DateTime<Utc>,
    /// The member who brought them, if any.
    #[serde(default)]
    pub referred_by: Option<String>,
    /// `YYYY-MM-DD`, set once.
    #[serde(default)]
    pub birthday: Option<String>,
}

/// A member's stored phone that is not a phone number (a fault on our side, not an empty
/// masked number).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("member {member}: {source}")]
pub struct StoredPhoneError {
    /// The member.
    pub member: String,
    /// What is wrong with it.
    pub source: PhoneError,
}

/// Member `member`'s phone `stored` as shown to staff and on screen (`138****0001`).
pub fn masked_phone(member: &str, stored: &str) -> Result<String, StoredPhoneError> {
    Ok(Phone::parse(stored).map_err(|source| StoredPhoneError { member: member.to_owned(), source })?.masked())
}

impl Member {
    /// The member as the API shows it: D1's row plus the card's figures from its object.
    pub fn of(row: &MemberRow, card: &CardState) -> Result<Member, StoredPhoneError> {
        let phone = masked_phone(&row.id, &row.phone)?;
        let s = card.standing;
        let (benefits, next) = crate::tier_benefits::card_benefits(s.tier);
        Ok(Member {
            id: row.id.clone(),
            card_no: row.card_no.clone(),
            name: row.name.clone(),
            phone_masked: phone,
            tier: s.tier,
            tier_name: s.tier.name().to_owned(),
            tier_name_en: s.tier.name_en().to_owned(),
            points: card.points,
            balance_fen: card.balance_fen,
            physical_card_no: row.physical_card_no.clone(),
            spend_12m_fen: s.spend_12m,
            next_tier: s.next_tier,
            to_next_tier_fen: s.to_next_tier,
            birthday: row.birthday.clone(),
            benefits: BenefitsView::of(&benefits),
            next_tier_benefits: next.as_ref().map(BenefitsView::of),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Fen;
    use crate::tier::{Standing, Tier};

    fn row(phone: &str) -> MemberRow {
        serde_json::from_value(serde_json::json!({
            "id": "M10000001", "serial": 10000001, "phone": phone, "name": "Li",
            "password_hash": "h", "card_no": "6688000010000001", "physical_card_no": null,
            "created_at": "2026-11-24T08:00:00.000Z", "birthday": "1990-05-01"
        }))
        .unwrap()
    }

    fn card(tier: Tier, next: Option<Tier>) -> CardState {
        CardState {
            balance_fen: Fen::new(1_500),
            points: 42,
            standing: Standing { tier, spend_12m: Fen::new(600_000), next_tier: next, to_next_tier: Some(Fen::new(7)) },
        }
    }

    #[test]
    fn the_card_shows_the_row_the_figures_and_both_tiers_benefits() {
        let m = Member::of(&row("13800000001"), &card(Tier::Silver, Some(Tier::Gold))).unwrap();
        assert_eq!((m.id.as_str(), m.card_no.as_str(), m.name.as_str()), ("M10000001", "6688000010000001", "Li"));
        assert_eq!(m.phone_masked, "138****0001");
        assert_eq!((m.tier, m.tier_name.as_str(), m.tier_name_en.as_str()), (Tier::Silver, "银卡", "Silver"));
        assert_eq!((m.points, m.balance_fen, m.spend_12m_fen), (42, Fen::new(1_500), Fen::new(600_000)));
        assert_eq!((m.next_tier, m.to_next_tier_fen), (Some(Tier::Gold), Some(Fen::new(7))));
        assert_eq!(m.birthday.as_deref(), Some("1990-05-01"));
        assert_eq!(m.benefits.tier, Tier::Silver);
        assert_eq!(m.next_tier_benefits.map(|b| b.tier), Some(Tier::Gold));
    }

    #[test]
    fn the_top_tier_has_no_next_benefits() {
        let m = Member::of(&row("13800000001"), &card(Tier::Diamond, None)).unwrap();
        assert_eq!(m.next_tier_benefits, None);
    }

    #[test]
    fn a_stored_phone_that_is_not_one_names_the_member() {
        let err = Member::of(&row("12345"), &card(Tier::Classic, Some(Tier::Silver))).unwrap_err();
        assert_eq!(err.to_string(), format!("member M10000001: {}", PhoneError));
    }
}
