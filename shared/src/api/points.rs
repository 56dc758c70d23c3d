//! Points that buy something and the guide handover, as the API shows them: the rewards
//! catalogue, a redemption's receipt, the points history, and a handover's request and report.

use super::CouponView;
use crate::points_catalogue::Reward;
use crate::tier::Tier;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One reward of `GET /api/rewards`: what it costs and the coupon it gives.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RewardView {
    /// `R-…`.
    pub id: String,
    /// Title in Chinese.
    pub title: String,
    /// Title in English.
    pub title_en: String,
    /// Points it costs.
    pub points: u64,
    /// Amount off the coupon gives.
    pub off_fen: crate::Fen,
    /// Spend the coupon needs (0: none).
    pub threshold_fen: crate::Fen,
    /// Days the coupon is valid from the redemption.
    pub valid_days: u32,
    /// Redemptions allowed per member.
    pub per_member_limit: u32,
    /// The lowest tier that may redeem it.
    pub min_tier: Tier,
}

impl RewardView {
    /// The view of a reward of the catalogue.
    pub fn of(r: &Reward) -> RewardView {
        RewardView {
            id: r.id().to_owned(),
            title: r.title().to_owned(),
            title_en: r.title_en().to_owned(),
            points: r.points(),
            off_fen: r.terms().off,
            threshold_fen: r.terms().threshold,
            valid_days: r.valid_days(),
            per_member_limit: r.per_member_limit(),
            min_tier: r.min_tier(),
        }
    }
}

/// `POST /api/me/rewards/{id}/redeem` → 201: the coupon now in the wallet and the points left.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RedeemReceipt {
    /// The coupon the reward gave.
    pub coupon: CouponView,
    /// Points left after the debit.
    pub points_balance: u64,
}

/// One line of `GET /api/me/points`, newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PointsEntry {
    /// When the points moved.
    pub at: DateTime<Utc>,
    /// Points in (positive) or out (negative).
    pub delta: i64,
    /// Why: `earned`, `returned`, `redeemed`, `referral`, `card_merged` or `adjusted`.
    pub reason: crate::points_catalogue::PointsReason,
    /// The balance after this line.
    pub balance: i64,
}

/// `POST /api/manage/guides/{staff_no}/handover` body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandoverRequest {
    /// The guide who takes the customers over.
    pub to_staff_no: String,
}

/// What a handover moved.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandoverReport {
    /// The leaving guide.
    pub from_staff_no: String,
    /// The guide who has the customers now.
    pub to_staff_no: String,
    /// The store of both.
    pub store_id: String,
    /// Customers moved (their protection dates unchanged).
    pub moved: u32,
}
