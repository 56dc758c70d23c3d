//! What an opened share becomes (a coupon), and how an envelope is named and linked.

use super::Opening;
use crate::Fen;
use crate::coupon::{Coupon, CouponKind, Held, Scope, Terms};
use crate::ids::OrderId;
use chrono::{DateTime, Duration, Utc};

/// Days an envelope's coupon stays valid from the opening.
pub const ENVELOPE_COUPON_DAYS: i64 = 30;

/// An envelope's id: `E-` and its order's id (one envelope per order, so the id names the
/// object that owns it and a retried payment finds the same one).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnvelopeId {
    order: OrderId,
}

/// Why a path segment is not an envelope id (answered 404: no such envelope).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("no red envelope has this id")]
pub struct NotAnEnvelope;

impl EnvelopeId {
    /// The envelope of `order`.
    pub fn of(order: &OrderId) -> EnvelopeId {
        EnvelopeId { order: order.clone() }
    }

    /// Reads `E-<order id>`.
    pub fn parse(text: &str) -> Result<EnvelopeId, NotAnEnvelope> {
        let order = text.strip_prefix("E-").ok_or(NotAnEnvelope)?;
        Ok(EnvelopeId { order: OrderId::parse(order).map_err(|_| NotAnEnvelope)? })
    }

    /// The order it came with.
    pub fn order(&self) -> &OrderId {
        &self.order
    }

    /// The id as text.
    pub fn as_string(&self) -> String {
        format!("E-{}", self.order.as_str())
    }

    /// The app's page for the envelope, the link its buyer shares.
    pub fn link(&self) -> String {
        format!("/red-envelopes/{}", self.as_string())
    }

    /// The id of the coupon `opening` gives: one per envelope and member, so giving it again
    /// after a crash puts nothing new in the wallet.
    pub fn coupon_id(&self, opening: &Opening) -> String {
        format!("RE-{}-{}", self.order.as_str(), opening.member.as_str())
    }

    /// The coupon `opening` gives: its amount off any order in any store, valid
    /// [`ENVELOPE_COUPON_DAYS`] days from `now`.
    pub fn coupon(&self, opening: &Opening, now: DateTime<Utc>) -> Coupon {
        Coupon {
            id: self.coupon_id(opening),
            campaign_id: "red-envelope".to_owned(),
            title: format!("分享红包 Red envelope {}", opening.amount.label()),
            terms: Terms {
                kind: CouponKind::Fixed,
                threshold: Fen::ZERO,
                off: opening.amount,
                percent: 0,
                scope: Scope::All,
                store: None,
                flash_sale_ok: false,
                first_order_only: false,
            },
            valid_from: now,
            valid_until: now + Duration::days(ENVELOPE_COUPON_DAYS),
            held: Held::Available,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::MemberId;

    fn opening(amount: u64) -> Opening {
        Opening { member: MemberId::parse("M10000002").expect("member"), share: 0, amount: Fen::new(amount) }
    }

    #[test]
    fn an_envelope_id_reads_back_and_names_its_order() {
        let order = OrderId::parse("O20261130ABC").expect("order");
        let id = EnvelopeId::of(&order);
        assert_eq!(EnvelopeId::parse(&id.as_string()), Ok(id.clone()));
        assert_eq!(id.link(), format!("/red-envelopes/E-{}", order.as_str()));
        assert_eq!(EnvelopeId::parse("O20261130ABC"), Err(NotAnEnvelope));
        assert_eq!(EnvelopeId::parse("E-"), Err(NotAnEnvelope));
    }

    #[test]
    fn the_coupon_takes_the_share_off_and_is_the_same_when_given_again() {
        let id = EnvelopeId::of(&OrderId::parse("O20261130ABC").expect("order"));
        let now = DateTime::from_timestamp(1_800_000_000, 0).expect("time");
        let c = id.coupon(&opening(257), now);
        assert_eq!((c.terms.kind, c.terms.off, c.terms.threshold), (CouponKind::Fixed, Fen::new(257), Fen::ZERO));
        assert_eq!(c.title, "分享红包 Red envelope ¥2.57");
        assert_eq!(c.valid_until - c.valid_from, Duration::days(ENVELOPE_COUPON_DAYS));
        assert_eq!(id.coupon(&opening(257), now + Duration::hours(1)).id, c.id);
        assert_eq!(id.coupon(&opening(300), now).title, "分享红包 Red envelope ¥3");
    }
}
