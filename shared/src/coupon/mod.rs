//! Coupons: campaigns (满减 threshold, percent with a cap, fixed), their scope (all, category,
//! brand, SKU; optionally one store), validity (the campaign window, or N days from the claim),
//! audiences (everyone, new members, first orders), the discount a coupon gives a cart, the
//! best coupon of a wallet with the reason each other one does not apply, and the states a
//! coupon moves through: available → locked (on a pending order) → redeemed (paid), or back to
//! available when the order is cancelled or expires. Redeemed happens at most once.
//!
//! One coupon per order; flash-sale prices take no coupon unless the campaign says so.

use crate::Fen;
use crate::ids::{Category, OrderId, Sku, StoreId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// How a coupon takes money off.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CouponKind {
    /// 满减: `off` once the eligible spend reaches `threshold`.
    Threshold,
    /// `percent`% of the eligible spend, at most `off` (0: no cap), from `threshold` up.
    Percent,
    /// `off` flat (never more than the eligible spend).
    Fixed,
}

/// What a coupon applies to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Scope {
    /// Everything.
    All,
    /// One category.
    Category(Category),
    /// One brand (as the catalog spells it).
    Brand(String),
    /// One product.
    Sku(Sku),
}

impl Scope {
    /// Reads `all`, `category:<slug>`, `brand:<name>` or `sku:<sku>`.
    pub fn parse(text: &str) -> Option<Scope> {
        let text = text.trim();
        if text == "all" {
            return Some(Scope::All);
        }
        let (kind, value) = text.split_once(':')?;
        let value = value.trim();
        match kind {
            "category" => Category::parse(value).ok().map(Scope::Category),
            "brand" if !value.is_empty() && value.chars().count() <= 40 => Some(Scope::Brand(value.to_owned())),
            "sku" => Sku::parse(value).ok().map(Scope::Sku),
            _ => None,
        }
    }

    fn covers(&self, line: &CartLine) -> bool {
        match self {
            Scope::All => true,
            Scope::Category(c) => &line.category == c,
            Scope::Brand(b) => line.brand.eq_ignore_ascii_case(b),
            Scope::Sku(s) => &line.sku == s,
        }
    }
}

impl TryFrom<String> for Scope {
    type Error = String;
    fn try_from(text: String) -> Result<Scope, String> {
        Scope::parse(&text).ok_or_else(|| format!("unknown scope {text}"))
    }
}

impl From<Scope> for String {
    fn from(s: Scope) -> String {
        match s {
            Scope::All => "all".into(),
            Scope::Category(c) => format!("category:{c}"),
            Scope::Brand(b) => format!("brand:{b}"),
            Scope::Sku(s) => format!("sku:{s}"),
        }
    }
}

/// Who may claim or use a campaign's coupons.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    /// Every member.
    All,
    /// Members who joined within [`NEW_MEMBER_DAYS`] days (checked at the claim).
    NewMember,
    /// Usable only on the member's first paid order.
    FirstOrder,
    /// Not claimed: given after a paid order of at least the campaign's `reward_min` in its
    /// store (支付有礼), once per order.
    AfterPayment,
}

impl Audience {
    /// The stored and wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Audience::All => "all",
            Audience::NewMember => "new_member",
            Audience::FirstOrder => "first_order",
            Audience::AfterPayment => "after_payment",
        }
    }
}

/// How new a "new member" is.
pub const NEW_MEMBER_DAYS: i64 = 30;

/// What a coupon promises: copied into each coupon when it is claimed, so later edits of a
/// campaign never change a coupon in someone's wallet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Terms {
    /// Kind.
    pub kind: CouponKind,
    /// Eligible spend needed (0: none).
    pub threshold: Fen,
    /// Amount off (threshold, fixed) or the cap (percent; 0: no cap).
    pub off: Fen,
    /// Percent off (percent kind), 1–99.
    pub percent: u8,
    /// What it applies to.
    pub scope: Scope,
    /// Only orders in this store, if set.
    pub store: Option<StoreId>,
    /// Whether flash-sale prices count.
    pub flash_sale_ok: bool,
    /// Only on a member's first paid order.
    pub first_order_only: bool,
}

/// A line of a cart, as coupons see it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartLine {
    /// Product.
    pub sku: Sku,
    /// Its category.
    pub category: Category,
    /// Its brand.
    pub brand: String,
    /// Price per unit on this order.
    pub unit_price: Fen,
    /// Units.
    pub qty: u32,
    /// Bought under a flash sale.
    pub flash_sale: bool,
}

/// A cart.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cart {
    /// Store of the order.
    pub store: StoreId,
    /// Lines.
    pub lines: Vec<CartLine>,
    /// Whether this would be the member's first paid order.
    pub first_order: bool,
}

/// Why a coupon does not apply to a cart (shown to the member at checkout).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum NotApplicable {
    /// Its validity has not started.
    #[error("not valid yet")]
    NotYetValid,
    /// Its validity is over.
    #[error("expired")]
    Expired,
    /// Already redeemed.
    #[error("already used")]
    Redeemed,
    /// Held by another unpaid order.
    #[error("in use on another order")]
    InUse,
    /// For another store.
    #[error("valid only in store {store}")]
    WrongStore {
        /// The store it is for.
        store: String,
    },
    /// Nothing in the cart is covered.
    #[error("nothing in this order is covered")]
    OutOfScope,
    /// Only flash-sale lines are covered, and it excludes flash-sale prices.
    #[error("not valid on flash-sale prices")]
    FlashSale,
    /// The covered spend is below the threshold.
    #[error("spend {short} more to use it")]
    BelowThreshold {
        /// How much more covered spend is needed.
        short: Fen,
    },
    /// Only for a first order, and this is not one.
    #[error("only for your first order")]
    NotFirstOrder,
    /// The covered spend is more than one amount of money can hold (the order itself is
    /// refused for that before any coupon is judged).
    #[error("the order comes to more than the largest amount accepted")]
    TooLarge,
}

/// The discount `terms` give `cart`.
pub fn discount(terms: &Terms, cart: &Cart) -> Result<Fen, NotApplicable> {
    if let Some(store) = &terms.store
        && store != &cart.store
    {
        return Err(NotApplicable::WrongStore { store: store.to_string() });
    }
    if terms.first_order_only && !cart.first_order {
        return Err(NotApplicable::NotFirstOrder);
    }
    let covered: Vec<&CartLine> = cart.lines.iter().filter(|l| terms.scope.covers(l)).collect();
    if covered.is_empty() {
        return Err(NotApplicable::OutOfScope);
    }
    let eligible: Vec<&&CartLine> = covered.iter().filter(|l| terms.flash_sale_ok || !l.flash_sale).collect();
    if eligible.is_empty() {
        return Err(NotApplicable::FlashSale);
    }
    let amounts: Option<Vec<Fen>> = eligible.iter().map(|l| l.unit_price.checked_mul(l.qty)).collect();
    let spend = amounts.and_then(Fen::sum).ok_or(NotApplicable::TooLarge)?;
    if spend < terms.threshold {
        return Err(NotApplicable::BelowThreshold { short: terms.threshold.minus(spend).unwrap_or(Fen::ZERO) });
    }
    let off = match terms.kind {
        CouponKind::Threshold | CouponKind::Fixed => terms.off,
        CouponKind::Percent => {
            let raw = Fen::new(spend.get() * terms.percent as u64 / 100);
            if terms.off > Fen::ZERO { raw.min(terms.off) } else { raw }
        }
    };
    Ok(off.min(spend))
}

/// How a coupon fares against a cart.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evaluation {
    /// The coupon.
    pub coupon_id: String,
    /// Its discount, if it applies.
    pub discount: Option<Fen>,
    /// Why not, if it does not.
    pub reason: Option<NotApplicable>,
}

/// Evaluates every coupon and picks the best: the largest discount; ties go to the one that
/// expires first (use it before it is lost), then the smaller id. `order` is the pending order
/// the choice is for, if any (its own locked coupon counts as usable).
pub fn best_coupon(
    cart: &Cart,
    wallet: &[Coupon],
    order: Option<&OrderId>,
    now: DateTime<Utc>,
) -> (Option<String>, Vec<Evaluation>) {
    let mut best: Option<(&Coupon, Fen)> = None;
    let mut evaluations = Vec::with_capacity(wallet.len());
    for c in wallet {
        let outcome = c.usable(order, now).and_then(|_| discount(&c.terms, cart));
        if let Ok(d) = outcome {
            let better = match best {
                None => true,
                Some((b, bd)) => d > bd || (d == bd && (c.valid_until, &c.id) < (b.valid_until, &b.id)),
            };
            if better && d > Fen::ZERO {
                best = Some((c, d));
            }
        }
        evaluations.push(Evaluation {
            coupon_id: c.id.clone(),
            discount: outcome.as_ref().ok().copied(),
            reason: outcome.err(),
        });
    }
    (best.map(|(c, _)| c.id.clone()), evaluations)
}

mod campaign;
mod closing;
mod state;
pub mod wallet;

pub use campaign::*;
pub use closing::CloseError;
pub use state::*;

#[cfg(test)]
mod tests;
