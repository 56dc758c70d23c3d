//! Coupons: campaigns (满减 threshold, percent with a cap, fixed), their scope (all, category,
//! brand, SKU; optionally one store), validity (the campaign window, or N days from the claim),
//! audiences (everyone, new members, first orders), the discount a coupon gives a cart, the
//! best coupon of a wallet with the reason each other one does not apply, and the states a
//! coupon moves through: available → locked (on a pending order) → redeemed (paid), or back to
//! available when the order is cancelled or expires. Redeemed happens at most once.
//!
//! One coupon per order; flash-sale prices take no coupon unless the campaign says so.

use crate::Fen;
use crate::ids::{Category, MemberId, OrderId, Sku, StoreId};
use chrono::{DateTime, Duration, Utc};
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
    let spend = eligible.iter().fold(Fen::ZERO, |acc, l| acc.plus(l.unit_price.times(l.qty)));
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

/// A coupon's state as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Held {
    /// In the wallet.
    Available,
    /// On a pending order, until the order's stock lock lapses (plus a grace): a lock left
    /// behind by an order that was never recorded frees itself.
    Locked {
        /// The order.
        order: OrderId,
        /// After this, the lock no longer holds the coupon against other orders.
        until: DateTime<Utc>,
    },
    /// Used by a paid order.
    Redeemed {
        /// The order.
        order: OrderId,
    },
}

/// A coupon's status as the member sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CouponStatus {
    /// Usable.
    Available,
    /// On a pending order.
    Locked,
    /// Used.
    Redeemed,
    /// Past its validity, unused.
    Expired,
}

/// A coupon in a member's wallet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coupon {
    /// `C…`.
    pub id: String,
    /// The campaign it came from.
    pub campaign_id: String,
    /// Its title.
    pub title: String,
    /// What it promises.
    pub terms: Terms,
    /// First instant it can be used.
    pub valid_from: DateTime<Utc>,
    /// First instant it can no longer be used.
    pub valid_until: DateTime<Utc>,
    /// Its state.
    pub held: Held,
}

/// Why a coupon could not move to a state.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CouponError {
    /// It cannot be used now, for this reason.
    #[error("{0}")]
    NotApplicable(NotApplicable),
    /// It is not locked by this order (redeem or release by a stranger).
    #[error("the coupon is not held by this order")]
    NotHeld,
}

impl Coupon {
    /// The status at `now`. A coupon locked or redeemed in time stays so past its validity
    /// (an order placed before expiry may still be paid).
    pub fn status(&self, now: DateTime<Utc>) -> CouponStatus {
        match &self.held {
            Held::Redeemed { .. } => CouponStatus::Redeemed,
            Held::Locked { until, .. } if now < *until => CouponStatus::Locked,
            _ if now >= self.valid_until => CouponStatus::Expired,
            _ => CouponStatus::Available,
        }
    }

    fn locked_by(&self, now: DateTime<Utc>) -> Option<&OrderId> {
        match &self.held {
            Held::Locked { order, until } if now < *until => Some(order),
            _ => None,
        }
    }

    /// Whether it can be used on `order` at `now` (a coupon already locked by the same order
    /// counts as usable for it).
    pub fn usable(&self, order: Option<&OrderId>, now: DateTime<Utc>) -> Result<(), NotApplicable> {
        if let Held::Redeemed { .. } = self.held {
            return Err(NotApplicable::Redeemed);
        }
        let mine = self.locked_by(now).is_some() && self.locked_by(now) == order;
        if self.locked_by(now).is_some() && !mine {
            return Err(NotApplicable::InUse);
        }
        if now < self.valid_from {
            return Err(NotApplicable::NotYetValid);
        }
        if now >= self.valid_until && !mine {
            return Err(NotApplicable::Expired);
        }
        Ok(())
    }

    /// Puts the coupon on a pending order until `until`. Repeating it for the same order is a
    /// no-op.
    pub fn lock(&mut self, order: &OrderId, until: DateTime<Utc>, now: DateTime<Utc>) -> Result<bool, CouponError> {
        self.usable(Some(order), now).map_err(CouponError::NotApplicable)?;
        if self.locked_by(now) == Some(order) {
            return Ok(false);
        }
        self.held = Held::Locked { order: order.clone(), until };
        Ok(true)
    }

    /// The order was paid: the coupon is used, once. Repeating it for the same order is a no-op.
    pub fn redeem(&mut self, order: &OrderId) -> Result<bool, CouponError> {
        match &self.held {
            Held::Redeemed { order: o } if o == order => Ok(false),
            Held::Locked { order: o, .. } if o == order => {
                self.held = Held::Redeemed { order: order.clone() };
                Ok(true)
            }
            _ => Err(CouponError::NotHeld),
        }
    }

    /// The order was cancelled or expired, or its payment was refunded: the coupon goes back
    /// to the wallet if that order held or used it; anything else is left alone.
    pub fn release(&mut self, order: &OrderId) -> bool {
        match &self.held {
            Held::Locked { order: o, .. } | Held::Redeemed { order: o } if o == order => {
                self.held = Held::Available;
                true
            }
            _ => false,
        }
    }
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

/// What a manager asks for (raw, as it arrives).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignRequest {
    /// Shown to members.
    pub title: String,
    /// `threshold`, `percent` or `fixed`.
    pub kind: CouponKind,
    /// Spend needed.
    #[serde(default)]
    pub threshold_fen: Option<i64>,
    /// Amount off, or the cap of a percent coupon.
    #[serde(default)]
    pub off_fen: Option<i64>,
    /// Percent off.
    #[serde(default)]
    pub percent: Option<i64>,
    /// `all`, `category:…`, `brand:…`, `sku:…`.
    pub scope: String,
    /// The store it is for (null: every store).
    #[serde(default)]
    pub store_id: Option<String>,
    /// Coupons to hand out.
    pub quantity: i64,
    /// Per member.
    pub per_member_limit: i64,
    /// Claims open.
    pub starts_at: DateTime<Utc>,
    /// Claims close (and coupons without `valid_days` expire).
    pub ends_at: DateTime<Utc>,
    /// Days a coupon is valid from its claim (null: until `ends_at`).
    #[serde(default)]
    pub valid_days: Option<i64>,
    /// `all`, `new_member`, `first_order`.
    #[serde(default)]
    pub audience: Option<Audience>,
    /// Whether flash-sale prices count.
    #[serde(default)]
    pub flash_sale_ok: Option<bool>,
}

/// A validated campaign.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Campaign {
    /// `CP…`.
    pub id: String,
    /// Title.
    pub title: String,
    /// What each coupon promises.
    pub terms: Terms,
    /// Coupons to hand out.
    pub quantity: u32,
    /// Per member.
    pub per_member_limit: u32,
    /// Claims open.
    pub starts_at: DateTime<Utc>,
    /// Claims close.
    pub ends_at: DateTime<Utc>,
    /// Days from the claim, or until `ends_at`.
    pub valid_days: Option<u32>,
    /// Who it is for.
    pub audience: Audience,
}

/// Why a campaign definition was refused (names the field for a 422).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {problem}")]
pub struct CampaignError {
    /// The field.
    pub field: &'static str,
    /// What is wrong.
    pub problem: &'static str,
}

fn refuse(field: &'static str, problem: &'static str) -> CampaignError {
    CampaignError { field, problem }
}

fn money(field: &'static str, value: Option<i64>) -> Result<Fen, CampaignError> {
    Fen::parse(value.unwrap_or(0)).map_err(|_| refuse(field, "must be 0 or more fen, at most ¥10,000,000"))
}

/// Why a claim was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ClaimError {
    /// Before `starts_at` or from `ends_at` on.
    #[error("the campaign is not open for claims")]
    NotOpen,
    /// Every coupon was claimed.
    #[error("all coupons have been claimed")]
    SoldOut,
    /// The member has their share.
    #[error("you already have the most coupons of this campaign")]
    LimitExceeded,
    /// For new members only.
    #[error("this campaign is for new members")]
    NotEligible,
}

impl Campaign {
    /// Validates a request at `now`.
    pub fn parse(id: String, req: &CampaignRequest, now: DateTime<Utc>) -> Result<Campaign, CampaignError> {
        let title = req.title.trim();
        if title.is_empty() || title.chars().count() > 40 {
            return Err(refuse("title", "must be 1 to 40 characters"));
        }
        let threshold = money("threshold_fen", req.threshold_fen)?;
        let off = money("off_fen", req.off_fen)?;
        let percent = req.percent.unwrap_or(0);
        match req.kind {
            CouponKind::Threshold => {
                if off == Fen::ZERO {
                    return Err(refuse("off_fen", "must be above zero"));
                }
                if threshold <= off {
                    return Err(refuse("threshold_fen", "must be above off_fen for a threshold coupon"));
                }
            }
            CouponKind::Fixed => {
                if off == Fen::ZERO {
                    return Err(refuse("off_fen", "must be above zero"));
                }
            }
            CouponKind::Percent => {
                if !(1..=99).contains(&percent) {
                    return Err(refuse("percent", "must be 1 to 99"));
                }
            }
        }
        let scope = Scope::parse(&req.scope)
            .ok_or(refuse("scope", "must be all, category:<slug>, brand:<name> or sku:<sku>"))?;
        let store = match req.store_id.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            Some(s) => Some(StoreId::parse(s).map_err(|_| refuse("store_id", "is not a valid store id"))?),
            None => None,
        };
        if !(1..=100_000).contains(&req.quantity) {
            return Err(refuse("quantity", "must be 1 to 100000"));
        }
        if !(1..=req.quantity.min(10)).contains(&req.per_member_limit) {
            return Err(refuse("per_member_limit", "must be 1 to the quantity (at most 10)"));
        }
        if req.ends_at <= req.starts_at {
            return Err(refuse("ends_at", "must be after starts_at"));
        }
        if req.ends_at <= now {
            return Err(refuse("ends_at", "must be in the future"));
        }
        if req.ends_at - req.starts_at > Duration::days(366) {
            return Err(refuse("ends_at", "a campaign may run at most a year"));
        }
        let valid_days = match req.valid_days {
            Some(d) if (1..=365).contains(&d) => Some(d as u32),
            Some(_) => return Err(refuse("valid_days", "must be 1 to 365, or null")),
            None => None,
        };
        let audience = req.audience.unwrap_or(Audience::All);
        Ok(Campaign {
            id,
            title: title.to_owned(),
            terms: Terms {
                kind: req.kind,
                threshold,
                off,
                percent: if req.kind == CouponKind::Percent { percent as u8 } else { 0 },
                scope,
                store,
                flash_sale_ok: req.flash_sale_ok.unwrap_or(false),
                first_order_only: audience == Audience::FirstOrder,
            },
            quantity: req.quantity as u32,
            per_member_limit: req.per_member_limit as u32,
            starts_at: req.starts_at,
            ends_at: req.ends_at,
            valid_days,
            audience,
        })
    }

    /// Whether a member may claim at `now`: open, coupons left, under their limit, eligible.
    pub fn check_claim(
        &self,
        now: DateTime<Utc>,
        claimed: u32,
        member_claimed: u32,
        member_joined: DateTime<Utc>,
    ) -> Result<(), ClaimError> {
        if now < self.starts_at || now >= self.ends_at {
            return Err(ClaimError::NotOpen);
        }
        if member_claimed >= self.per_member_limit {
            return Err(ClaimError::LimitExceeded);
        }
        if claimed >= self.quantity {
            return Err(ClaimError::SoldOut);
        }
        if self.audience == Audience::NewMember && now - member_joined > Duration::days(NEW_MEMBER_DAYS) {
            return Err(ClaimError::NotEligible);
        }
        Ok(())
    }

    /// The coupon a claim at `now` gives.
    pub fn coupon(&self, id: String, now: DateTime<Utc>) -> Coupon {
        let valid_until = match self.valid_days {
            Some(days) => now + Duration::days(days as i64),
            None => self.ends_at,
        };
        Coupon {
            id,
            campaign_id: self.id.clone(),
            title: self.title.clone(),
            terms: self.terms.clone(),
            valid_from: now,
            valid_until,
            held: Held::Available,
        }
    }
}

/// The coupon id of a member's n-th claim of a campaign (so a retried claim is the same coupon).
pub fn coupon_id(key: &[u8], campaign: &str, member: &MemberId, claim: &str) -> String {
    let digest = crate::keys::mac(key, &[b"coupon", campaign.as_bytes(), member.as_str().as_bytes(), claim.as_bytes()]);
    format!("C{}", crate::order::base32(&digest[..10]))
}

#[cfg(test)]
mod tests;
