//! Campaigns: what a manager defines, its validation, and the rules of a claim.

use super::{Audience, Coupon, CouponKind, Held, NEW_MEMBER_DAYS, Scope, Terms};
use crate::Fen;
use crate::ids::{MemberId, StoreId};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

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
    /// For `after_payment` campaigns: the order total that earns a coupon.
    #[serde(default)]
    pub reward_min_fen: Option<i64>,
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
    /// For `after_payment` campaigns: the order total that earns a coupon.
    #[serde(default)]
    pub reward_min: Option<Fen>,
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
    /// The claim key was spent by another member. Claim keys are scoped to their member
    /// (see [`crate::idempotency::Scope`]), so this only guards against a caller that forgot to.
    #[error("this claim key belongs to another member")]
    KeyOfAnotherMember,
    /// A manager closed the campaign: no more claims or gifts.
    #[error("the campaign was closed")]
    Closed,
}

impl From<ClaimError> for crate::ApiError {
    fn from(e: ClaimError) -> crate::ApiError {
        use crate::ErrorCode as E;
        let code = match e {
            ClaimError::NotOpen | ClaimError::Closed => E::Conflict,
            ClaimError::SoldOut => E::SoldOut,
            ClaimError::LimitExceeded => E::LimitExceeded,
            ClaimError::NotEligible => E::Forbidden,
            ClaimError::KeyOfAnotherMember => E::IdempotencyMismatch,
        };
        crate::ApiError::new(code, e.to_string())
    }
}

/// A claim already recorded under the claim key being used.
#[derive(Clone, Copy, Debug)]
pub struct RecordedClaim<'a> {
    /// Who claimed.
    pub member: &'a MemberId,
    /// What they got.
    pub coupon: &'a Coupon,
}

/// What a claim comes to.
#[derive(Clone, Debug, PartialEq)]
pub enum ClaimDecision {
    /// The same member repeated a claim: the coupon they already have, nothing counted again.
    Repeat(Coupon),
    /// A new coupon, to be recorded under the claim key.
    Grant(Coupon),
    /// Refused; nothing is recorded.
    Refuse(ClaimError),
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
        let reward_min = match (audience, req.reward_min_fen) {
            (Audience::AfterPayment, Some(v)) if v > 0 => Some(money("reward_min_fen", Some(v))?),
            (Audience::AfterPayment, _) => {
                return Err(refuse("reward_min_fen", "an after_payment campaign needs the order total that earns it"));
            }
            (_, Some(_)) => return Err(refuse("reward_min_fen", "only after_payment campaigns have one")),
            (_, None) => None,
        };
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
            reward_min,
        })
    }

    /// Whether members claim it themselves (after-payment coupons are given, not claimed).
    pub fn is_claimable(&self) -> bool {
        self.audience != Audience::AfterPayment
    }

    /// Whether an order of `total` paid at `store` at `now` earns one of its coupons.
    pub fn rewards(&self, total: Fen, store: &StoreId, now: DateTime<Utc>) -> bool {
        self.audience == Audience::AfterPayment
            && self.reward_min.is_some_and(|min| total >= min)
            && self.terms.store.as_ref().is_none_or(|s| s == store)
            && self.starts_at <= now
            && now < self.ends_at
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

    /// Decides a claim by `member` under a claim key: `earlier` is what that key already
    /// recorded, `claimed` and `member_claimed` the counts so far. A key spent by the same
    /// member repeats the first coupon; a new claim must pass [`Campaign::check_claim`].
    #[allow(clippy::too_many_arguments)]
    pub fn decide_claim(
        &self,
        earlier: Option<RecordedClaim<'_>>,
        member: &MemberId,
        claimed: u32,
        member_claimed: u32,
        member_joined: DateTime<Utc>,
        coupon_id: String,
        now: DateTime<Utc>,
    ) -> ClaimDecision {
        if let Some(e) = earlier {
            return if e.member == member {
                ClaimDecision::Repeat(e.coupon.clone())
            } else {
                ClaimDecision::Refuse(ClaimError::KeyOfAnotherMember)
            };
        }
        match self.check_claim(now, claimed, member_claimed, member_joined) {
            Ok(()) => ClaimDecision::Grant(self.coupon(coupon_id, now)),
            Err(e) => ClaimDecision::Refuse(e),
        }
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
    format!("C{}", crate::ids::base32(&digest[..10]))
}
