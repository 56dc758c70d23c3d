//! The card's points as rewards spend them: a redemption (debit, coupon and count in one
//! step of this object, so concurrent redemptions see each other) and the points history.

use super::{EntryRow, MemberObject, encode};
use serde::Deserialize;
use shared::ApiError;
use shared::api::PointsEntry;
use shared::points_catalogue::{self as rewards, LoggedPoints, PointsAccount, REDEEMED_PREFIX, Redemption};
use shared::protocol::member::{PointsHistory, RedeemReward, Redeemed};
use std::collections::BTreeMap;
use worker::Result;

#[derive(Deserialize)]
struct CountRow {
    reward_id: String,
    n: f64,
}

#[derive(Deserialize)]
struct LogRow {
    reference: String,
    points: f64,
    at: String,
}

/// The table of redemptions: which reward each reference bought and the coupon it gave.
pub const REDEMPTIONS_TABLE: &str = "CREATE TABLE IF NOT EXISTS redemptions (reference TEXT PRIMARY KEY, reward_id TEXT NOT NULL, coupon_id TEXT NOT NULL)";

impl MemberObject {
    fn points_account(&self, balance: u64, reference: &str) -> Result<PointsAccount> {
        let counts: Vec<CountRow> =
            self.sql().exec("SELECT reward_id, COUNT(*) AS n FROM redemptions GROUP BY reward_id", None)?.to_array()?;
        let redeemed: BTreeMap<String, u32> =
            shared::sorting::collect(counts.into_iter().map(|r| (r.reward_id, r.n as u32)));
        let first: Vec<EntryRow> = self
            .sql()
            .exec("SELECT coupon_id AS v FROM redemptions WHERE reference = ?", vec![reference.into()])?
            .to_array()?;
        let by_reference = shared::sorting::collect(first.into_iter().map(|r| (reference.to_owned(), r.v)));
        Ok(PointsAccount::new(balance, redeemed, by_reference))
    }

    /// Redeems with no await between the reads and the writes, so the object's one-at-a-time
    /// input gate makes the check and the debit a single step.
    pub(super) fn redeem(&self, r: RedeemReward) -> Result<std::result::Result<Redeemed, ApiError>> {
        let card = self.summary(r.now)?;
        let account = self.points_account(card.points, &r.reference)?;
        let catalogue = rewards::demo_catalogue();
        match account.redeem(&catalogue, &r.reward, card.standing.tier, &r.reference, r.coupon_id, r.now) {
            Err(e) => Ok(Err(e.into())),
            Ok(Redemption::Repeat { coupon_id }) => {
                let coupon = self.coupon(&coupon_id)?.ok_or_else(|| super::internal(format!("coupon {coupon_id}")))?;
                Ok(Ok(Redeemed { coupon, points_balance: card.points }))
            }
            Ok(Redemption::Redeemed { account, debit, coupon }) => {
                self.sql().exec(
                    "INSERT INTO coupons (id, coupon) VALUES (?, ?)",
                    vec![coupon.id.clone().into(), encode(coupon.as_ref())?.into()],
                )?;
                self.sql().exec(
                    "INSERT INTO redemptions (reference, reward_id, coupon_id) VALUES (?, ?, ?)",
                    vec![r.reference.clone().into(), r.reward.clone().into(), coupon.id.clone().into()],
                )?;
                let reason = format!("积分兑换 reward {}", r.reward);
                let debit = -(debit.min(i64::MAX as u64) as i64);
                self.add_points(&format!("{REDEEMED_PREFIX}{}", r.reference), debit, &reason, r.now)?;
                Ok(Ok(Redeemed { coupon: *coupon, points_balance: account.balance() }))
            }
        }
    }

    pub(super) fn points_history(&self, q: PointsHistory) -> Result<Vec<PointsEntry>> {
        let rows: Vec<LogRow> =
            self.sql().exec("SELECT reference, points, at FROM points_log ORDER BY rowid", None)?.to_array()?;
        let log = rows
            .into_iter()
            .map(|r| {
                let at = chrono::DateTime::parse_from_rfc3339(&r.at)
                    .map_err(|e| super::internal(format!("points at {}: {e}", r.at)))?;
                Ok(LoggedPoints { reference: r.reference, delta: r.points as i64, at: at.to_utc() })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(rewards::history(&log, q.limit.clamp(1, 200) as usize))
    }
}
