//! Coupon shapes: campaigns (the coupon centre), coupons (the wallet), and the checkout quote.

use crate::Fen;
use crate::coupon::{Audience, Campaign, Cart, Coupon, CouponKind, CouponStatus, NotApplicable, best_coupon};
use crate::protocol::campaign::CampaignFigures;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A campaign as the coupon centre shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignView {
    /// `CP…`.
    pub id: String,
    /// Title.
    pub title: String,
    /// `threshold|percent|fixed`.
    pub kind: CouponKind,
    /// Spend needed.
    pub threshold_fen: Fen,
    /// Amount off (the cap, for percent).
    pub off_fen: Fen,
    /// Percent off (percent kind).
    pub percent: Option<u8>,
    /// `all`, `category:…`, `brand:…`, `sku:…`.
    pub scope: crate::kinds::Scope,
    /// Only in this store, if set.
    pub store_id: Option<String>,
    /// Claims open.
    pub starts_at: DateTime<Utc>,
    /// Claims close.
    pub ends_at: DateTime<Utc>,
    /// Days from the claim (null: until `ends_at`).
    pub valid_days: Option<u32>,
    /// Coupons still to hand out.
    pub remaining: u32,
    /// Coupons in all.
    pub quantity: u32,
    /// Per member.
    pub per_member_limit: u32,
    /// Who it is for.
    pub audience: Audience,
    /// Whether flash-sale prices count.
    pub flash_sale_ok: bool,
    /// With a member's token: how many this member claimed.
    pub my_claimed: Option<u32>,
}

impl CampaignView {
    /// The coupon centre's view of a campaign with its claim counts; `member`: the asker is a
    /// signed-in member, who is told how many they claimed.
    pub fn of(c: &Campaign, f: &CampaignFigures, member: bool) -> CampaignView {
        let t = &c.terms;
        CampaignView {
            id: c.id.clone(),
            title: c.title.clone(),
            kind: t.kind,
            threshold_fen: t.threshold,
            off_fen: t.off,
            percent: (t.kind == CouponKind::Percent).then_some(t.percent),
            scope: t.scope.clone(),
            store_id: t.store.as_ref().map(|s| s.to_string()),
            starts_at: c.starts_at,
            ends_at: c.ends_at,
            valid_days: c.valid_days,
            remaining: c.quantity.saturating_sub(f.claimed),
            quantity: c.quantity,
            per_member_limit: c.per_member_limit,
            audience: c.audience,
            flash_sale_ok: t.flash_sale_ok,
            my_claimed: member.then_some(f.member_claimed),
        }
    }
}

/// A coupon as the wallet shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CouponView {
    /// `C…`.
    pub id: String,
    /// Its campaign.
    pub campaign_id: String,
    /// Title.
    pub title: String,
    /// `available|locked|redeemed|expired`.
    pub status: CouponStatus,
    /// First instant it can be used.
    pub valid_from: DateTime<Utc>,
    /// First instant it can no longer be used.
    pub valid_until: DateTime<Utc>,
    /// Kind.
    pub kind: CouponKind,
    /// Spend needed.
    pub threshold_fen: Fen,
    /// Amount off (the cap, for percent).
    pub off_fen: Fen,
    /// Percent off (percent kind).
    pub percent: Option<u8>,
    /// Scope.
    pub scope: crate::kinds::Scope,
    /// Only in this store, if set.
    pub store_id: Option<String>,
    /// Whether flash-sale prices count.
    pub flash_sale_ok: bool,
    /// Only on a first order.
    pub first_order_only: bool,
    /// The order it is locked by or was used on.
    pub order_id: Option<String>,
}

impl CouponView {
    /// The wallet's view of a coupon at `now`.
    pub fn of(c: &Coupon, now: DateTime<Utc>) -> CouponView {
        use crate::coupon::Held;
        let t = &c.terms;
        CouponView {
            id: c.id.clone(),
            campaign_id: c.campaign_id.clone(),
            title: c.title.clone(),
            status: c.status(now),
            valid_from: c.valid_from,
            valid_until: c.valid_until,
            kind: t.kind,
            threshold_fen: t.threshold,
            off_fen: t.off,
            percent: (t.kind == CouponKind::Percent).then_some(t.percent),
            scope: t.scope.clone(),
            store_id: t.store.as_ref().map(|s| s.to_string()),
            flash_sale_ok: t.flash_sale_ok,
            first_order_only: t.first_order_only,
            order_id: match &c.held {
                Held::Available => None,
                Held::Locked { order, .. } | Held::Redeemed { order } => Some(order.to_string()),
            },
        }
    }
}

/// `POST /api/guide/coupons`: a guide hands a member a coupon (it counts against the campaign).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SendCouponRequest {
    /// The campaign.
    pub campaign_id: String,
    /// The member's phone number.
    pub phone: String,
}

/// One coupon at checkout.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuotedCoupon {
    /// The coupon.
    pub coupon: CouponView,
    /// What it would take off, if it applies.
    pub discount_fen: Option<Fen>,
    /// Why it does not, if it does not.
    pub reason: Option<NotApplicable>,
    /// The reason in words.
    pub reason_text: Option<String>,
}

/// `POST /api/checkout/quote`: what an order would cost, with the best coupon chosen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    /// Σ lines at their prices.
    pub subtotal_fen: Fen,
    /// The coupon chosen (the best), if any applies.
    pub best_coupon_id: Option<String>,
    /// Its discount.
    pub discount_fen: Fen,
    /// Subtotal less discount.
    pub total_fen: Fen,
    /// Every usable-looking coupon of the wallet, with its discount or the reason it does not apply.
    pub coupons: Vec<QuotedCoupon>,
}

impl Quote {
    /// The quote of `cart` (whose lines come to `subtotal`) at `now`: every coupon of the wallet
    /// that is available, each with its discount or the reason it does not apply, and the best
    /// of them taken off (the total never goes below zero).
    pub fn of(cart: &Cart, subtotal: Fen, wallet: Vec<Coupon>, now: DateTime<Utc>) -> Quote {
        let candidates: Vec<Coupon> = wallet.into_iter().filter(|c| c.status(now) == CouponStatus::Available).collect();
        let (best, evaluations) = best_coupon(cart, &candidates, None, now);
        let discount = evaluations
            .iter()
            .find(|e| Some(&e.coupon_id) == best.as_ref())
            .and_then(|e| e.discount)
            .unwrap_or(Fen::ZERO);
        let coupons = candidates
            .iter()
            .zip(evaluations)
            .map(|(c, e)| QuotedCoupon {
                coupon: CouponView::of(c, now),
                discount_fen: e.discount,
                reason_text: e.reason.as_ref().map(ToString::to_string),
                reason: e.reason,
            })
            .collect();
        Quote {
            subtotal_fen: subtotal,
            best_coupon_id: best,
            discount_fen: discount,
            total_fen: subtotal.minus(discount).unwrap_or(Fen::ZERO),
            coupons,
        }
    }
}

#[cfg(test)]
mod tests;
