//! Points that buy something: a catalogue of rewards (points → a coupon), and redemption as one
//! pure step from the member's points account and a request to the new account, the ledger
//! debit and the coupon to issue, or a typed refusal. The caller persists all three together
//! (the member's card object), so the points are debited in the same step the coupon is given.
//!
//! A redemption is idempotent on its reference (the request's idempotency key): asked again,
//! it debits nothing and hands back what the first one issued.

use crate::Fen;
use crate::coupon::{Coupon, CouponKind, Held, Scope, Terms};
use crate::tier::Tier;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

mod history;
pub use history::{LoggedPoints, PointsReason, REDEEMED_PREFIX, history};

/// One reward of the catalogue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reward {
    id: String,
    title: String,
    title_en: String,
    points: u64,
    terms: Terms,
    valid_days: u32,
    per_member_limit: u32,
    min_tier: Tier,
    available: bool,
}

/// Why a reward definition was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RewardError {
    /// The id is not 1–32 of `A-Z a-z 0-9 -`.
    #[error("a reward id is 1 to 32 letters, digits or dashes")]
    Id,
    /// A reward costs at least one point.
    #[error("a reward costs at least one point")]
    Points,
    /// The coupon is valid 1 to 365 days and may be redeemed 1 to 100 times per member.
    #[error("validity must be 1 to 365 days and the limit 1 to 100")]
    Limits,
}

impl Reward {
    /// A reward `id` titled `title` (Chinese) and `title_en` costing `points` for a coupon of `terms`, valid `valid_days` from the
    /// redemption, at most `per_member_limit` per member, for members of `min_tier` and above.
    pub fn parse(
        id: &str,
        (title, title_en): (&str, &str),
        points: u64,
        terms: Terms,
        valid_days: u32,
        per_member_limit: u32,
        min_tier: Tier,
    ) -> Result<Reward, RewardError> {
        let id_ok = (1..=32).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
        if !id_ok {
            return Err(RewardError::Id);
        }
        if points == 0 {
            return Err(RewardError::Points);
        }
        if !(1..=365).contains(&valid_days) || !(1..=100).contains(&per_member_limit) {
            return Err(RewardError::Limits);
        }
        let (id, title, title_en) = (id.to_owned(), title.to_owned(), title_en.to_owned());
        Ok(Reward { id, title, title_en, points, terms, valid_days, per_member_limit, min_tier, available: true })
    }

    /// The same reward withdrawn from (or put back into) the catalogue.
    pub fn with_available(self, available: bool) -> Reward {
        Reward { available, ..self }
    }

    /// Its id.
    pub fn id(&self) -> &str {
        &self.id
    }
    /// Its title in Chinese.
    pub fn title(&self) -> &str {
        &self.title
    }
    /// Its title in English.
    pub fn title_en(&self) -> &str {
        &self.title_en
    }
    /// What it costs.
    pub fn points(&self) -> u64 {
        self.points
    }
    /// The coupon it gives.
    pub fn terms(&self) -> &Terms {
        &self.terms
    }
    /// Days the coupon is valid from the redemption.
    pub fn valid_days(&self) -> u32 {
        self.valid_days
    }
    /// Redemptions allowed per member.
    pub fn per_member_limit(&self) -> u32 {
        self.per_member_limit
    }
    /// The lowest tier that may redeem it.
    pub fn min_tier(&self) -> Tier {
        self.min_tier
    }
}

fn fixed(off: u64, threshold: u64) -> Terms {
    let kind = if threshold == 0 { CouponKind::Fixed } else { CouponKind::Threshold };
    Terms {
        kind,
        threshold: Fen::new(threshold),
        off: Fen::new(off),
        percent: 0,
        scope: Scope::All,
        store: None,
        flash_sale_ok: false,
        first_order_only: false,
    }
}

/// The demo catalogue: 500 points for ¥5 off, 2,000 for ¥25 off ¥200, 5,000 for ¥80 off ¥500
/// (gold and diamond members).
pub fn demo_catalogue() -> Vec<Reward> {
    let r = |id: &str, (title, title_en): (&str, &str), points, terms, limit, tier| Reward {
        id: id.into(),
        title: title.into(),
        title_en: String::from(title_en),
        points,
        terms,
        valid_days: 30,
        per_member_limit: limit,
        min_tier: tier,
        available: true,
    };
    vec![
        r("R-5", ("积分换 ¥5 券", "¥5 off"), 500, fixed(500, 0), 5, Tier::Classic),
        r("R-25", ("积分换满 ¥200 减 ¥25", "¥25 off ¥200"), 2_000, fixed(2_500, 20_000), 2, Tier::Classic),
        r("R-80", ("金卡专享满 ¥500 减 ¥80", "Gold: ¥80 off ¥500"), 5_000, fixed(8_000, 50_000), 1, Tier::Gold),
    ]
}

/// A member's points as redemption sees them: the balance, what each reward was redeemed for
/// so far, and the references already redeemed (with the coupon each gave).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PointsAccount {
    balance: u64,
    redeemed: BTreeMap<String, u32>,
    by_reference: BTreeMap<String, String>,
}

/// Why a reward was not redeemed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RedeemError {
    /// The balance is below the reward's price (409 `INSUFFICIENT_POINTS`).
    #[error("this reward costs {need} points; you have {have}")]
    NotEnoughPoints {
        /// The balance.
        have: u64,
        /// The price.
        need: u64,
    },
    /// No such reward, or it was withdrawn (409 `REWARD_UNAVAILABLE`).
    #[error("this reward is not available")]
    Unavailable,
    /// The member already redeemed it as often as allowed (409 `LIMIT_EXCEEDED`).
    #[error("you can redeem this reward at most {limit} times")]
    LimitReached {
        /// The limit.
        limit: u32,
    },
    /// The reward is for a higher tier (403 `TIER_TOO_LOW`).
    #[error("this reward is for {} members and above", .0.name_en())]
    TierTooLow(Tier),
}

/// A redemption's outcome: the account after it, the points debited and the coupon to issue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Redemption {
    /// Redeemed now: persist `account`, post the debit, add `coupon` to the wallet.
    Redeemed {
        /// The account after the debit.
        account: PointsAccount,
        /// Points taken.
        debit: u64,
        /// The coupon to issue.
        coupon: Box<Coupon>,
    },
    /// The reference was redeemed before: nothing changes; this was the coupon's id.
    Repeat {
        /// The coupon the first redemption issued.
        coupon_id: String,
    },
}

impl PointsAccount {
    /// An account holding `balance` points with the rewards redeemed so far (`(reward, count)`)
    /// and the references redeemed (`(reference, coupon id)`), as stored.
    pub fn new(balance: u64, redeemed: BTreeMap<String, u32>, by_reference: BTreeMap<String, String>) -> Self {
        PointsAccount { balance, redeemed, by_reference }
    }

    /// Points held.
    pub fn balance(&self) -> u64 {
        self.balance
    }

    /// Times `reward` was redeemed.
    pub fn times_redeemed(&self, reward: &str) -> u32 {
        self.redeemed.get(reward).copied().unwrap_or(0)
    }

    /// Redeems `reward_id` from `catalogue` for a member of `tier`, under `reference`, at
    /// `now`, issuing the coupon `coupon_id`.
    pub fn redeem(
        &self,
        catalogue: &[Reward],
        reward_id: &str,
        tier: Tier,
        reference: &str,
        coupon_id: String,
        now: DateTime<Utc>,
    ) -> Result<Redemption, RedeemError> {
        if let Some(first) = self.by_reference.get(reference) {
            return Ok(Redemption::Repeat { coupon_id: first.clone() });
        }
        let reward = catalogue.iter().find(|r| r.id == reward_id && r.available).ok_or(RedeemError::Unavailable)?;
        if tier < reward.min_tier {
            return Err(RedeemError::TierTooLow(reward.min_tier));
        }
        if self.times_redeemed(reward_id) >= reward.per_member_limit {
            return Err(RedeemError::LimitReached { limit: reward.per_member_limit });
        }
        let balance = self
            .balance
            .checked_sub(reward.points)
            .ok_or(RedeemError::NotEnoughPoints { have: self.balance, need: reward.points })?;
        let mut account = self.clone();
        account.balance = balance;
        *account.redeemed.entry(reward.id.clone()).or_insert(0) += 1;
        account.by_reference.insert(reference.to_owned(), coupon_id.clone());
        let coupon = Box::new(Coupon {
            id: coupon_id,
            campaign_id: format!("points-{}", reward.id),
            // The wallet shows one title, in both languages, as coupons' titles are.
            title: format!("{} {}", reward.title, reward.title_en),
            terms: reward.terms.clone(),
            valid_from: now,
            valid_until: now + Duration::days(i64::from(reward.valid_days)),
            held: Held::Available,
        });
        Ok(Redemption::Redeemed { account, debit: reward.points, coupon })
    }
}

impl From<RedeemError> for crate::ApiError {
    fn from(e: RedeemError) -> crate::ApiError {
        use crate::ErrorCode as E;
        let code = match e {
            RedeemError::NotEnoughPoints { .. } => E::InsufficientPoints,
            RedeemError::Unavailable => E::RewardUnavailable,
            RedeemError::LimitReached { .. } => E::LimitExceeded,
            RedeemError::TierTooLow(_) => E::TierTooLow,
        };
        crate::ApiError::new(code, e.to_string())
    }
}

#[cfg(test)]
mod tests;
