//! Membership tiers by rolling 12-month spend, and points.
//!
//! The tier is a function of what the member spent in the 365 days before `now`, so it rises
//! the moment a purchase crosses a threshold and falls on its own when old spend leaves the
//! window: no batch job, no stored tier to drift.

use crate::Fen;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// A membership tier.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    /// 普卡: every member.
    Classic,
    /// 银卡: ¥5,000 in 12 months.
    Silver,
    /// 金卡: ¥20,000 in 12 months.
    Gold,
    /// 钻石卡: ¥50,000 in 12 months.
    Diamond,
}

/// The window spend is counted over.
pub fn window() -> Duration {
    Duration::days(365)
}

impl Tier {
    /// All tiers, lowest first.
    pub const ALL: [Tier; 4] = [Tier::Classic, Tier::Silver, Tier::Gold, Tier::Diamond];

    /// The 12-month spend that earns the tier.
    pub fn threshold(self) -> Fen {
        Fen::new(match self {
            Tier::Classic => 0,
            Tier::Silver => 500_000,
            Tier::Gold => 2_000_000,
            Tier::Diamond => 5_000_000,
        })
    }
    /// The highest tier `spend` reaches.
    pub fn for_spend(spend: Fen) -> Tier {
        Tier::ALL.into_iter().rev().find(|t| spend >= t.threshold()).unwrap_or(Tier::Classic)
    }
    /// The tier above, if any.
    pub fn next(self) -> Option<Tier> {
        Tier::ALL.into_iter().find(|t| *t > self)
    }
    /// Chinese name.
    pub fn name(self) -> &'static str {
        match self {
            Tier::Classic => "普卡",
            Tier::Silver => "银卡",
            Tier::Gold => "金卡",
            Tier::Diamond => "钻石卡",
        }
    }
    /// English name.
    pub fn name_en(self) -> &'static str {
        match self {
            Tier::Classic => "Classic",
            Tier::Silver => "Silver",
            Tier::Gold => "Gold",
            Tier::Diamond => "Diamond",
        }
    }
}

/// One amount that counts towards the tier (a paid order; a refund is negative).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Spend {
    /// When it was paid.
    pub at: DateTime<Utc>,
    /// Fen spent (negative for a refund).
    pub fen: i64,
}

/// Why a stored spend record does not read back: its instant is out of range.
#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
#[error("spend at {0} ms is not a time")]
pub struct BadSpendTime(pub f64);

impl Spend {
    /// A spend record as the member object stores it: the instant in milliseconds since the
    /// epoch and the fen, both as SQLite numbers read back (`f64`; fractions are dropped).
    pub fn from_stored(at_ms: f64, fen: f64) -> Result<Spend, BadSpendTime> {
        let at = DateTime::from_timestamp_millis(at_ms as i64).ok_or(BadSpendTime(at_ms))?;
        Ok(Spend { at, fen: fen as i64 })
    }
}

/// A member's standing at one instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Standing {
    /// The tier now.
    pub tier: Tier,
    /// Spend in the 365 days before now.
    pub spend_12m: Fen,
    /// The next tier, if any.
    pub next_tier: Option<Tier>,
    /// How much more spend reaches it.
    pub to_next_tier: Option<Fen>,
}

/// The standing at `now` given all spend records (records after `now` are ignored).
pub fn standing(records: &[Spend], now: DateTime<Utc>) -> Standing {
    let since = now - window();
    let total: i64 = records.iter().filter(|s| s.at > since && s.at <= now).map(|s| s.fen).sum();
    let spend_12m = Fen::new(total.max(0) as u64);
    let tier = Tier::for_spend(spend_12m);
    let next_tier = tier.next();
    Standing { tier, spend_12m, next_tier, to_next_tier: next_tier.and_then(|t| t.threshold().minus(spend_12m)) }
}

/// Points earned for a paid amount: `points_per_yuan` per whole yuan.
pub fn points_for(paid: Fen, points_per_yuan: u32) -> u64 {
    paid.get() / 100 * points_per_yuan as u64
}

/// What a recorded spend of `fen` (negative for a return) does to the points balance: a
/// purchase earns [`points_for`] its amount, a return takes back what its amount earned.
/// Returns the signed change and its reason, or `None` when nothing changes.
pub fn points_for_spend(fen: i64, points_per_yuan: u32) -> Option<(i64, &'static str)> {
    let points = points_for(Fen::new(fen.unsigned_abs()), points_per_yuan) as i64;
    match (points, fen > 0) {
        (0, _) => None,
        (p, true) => Some((p, "purchase")),
        (p, false) => Some((-p, "return")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;

    #[test]
    fn stored_spend_reads_back_or_names_its_bad_instant() {
        let at = DateTime::from_timestamp_millis(1_800_000_000_123).expect("time");
        assert_eq!(Spend::from_stored(1_800_000_000_123.0, -2_500.0), Ok(Spend { at, fen: -2_500 }));
        assert_eq!(Spend::from_stored(1_800_000_000_123.9, 99.9), Ok(Spend { at, fen: 99 }), "fractions dropped");
        let bad = Spend::from_stored(1e16, 1.0).expect_err("out of range");
        assert_eq!(bad.to_string(), "spend at 10000000000000000 ms is not a time");
    }

    #[test]
    fn a_purchase_earns_points_and_its_return_takes_the_same_points_back() {
        assert_eq!(points_for_spend(12_345, 1), Some((123, "purchase")));
        assert_eq!(points_for_spend(-12_345, 1), Some((-123, "return")));
        assert_eq!(points_for_spend(99, 1), None);
        assert_eq!(points_for_spend(0, 2), None);
    }

    proptest! {
        #[test]
        fn a_return_of_a_whole_purchase_leaves_no_points(fen in 0i64..10_000_000, rate in 0u32..10) {
            let earned = points_for_spend(fen, rate).map_or(0, |(p, _)| p);
            let taken = points_for_spend(-fen, rate).map_or(0, |(p, _)| p);
            prop_assert_eq!(earned + taken, 0);
        }
    }

    fn day(n: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(1_800_000_000 + n * 86_400, 0).single().unwrap()
    }

    #[test]
    fn thresholds_pick_the_tier() {
        assert_eq!(Tier::for_spend(Fen::new(0)), Tier::Classic);
        assert_eq!(Tier::for_spend(Fen::new(499_999)), Tier::Classic);
        assert_eq!(Tier::for_spend(Fen::new(500_000)), Tier::Silver);
        assert_eq!(Tier::for_spend(Fen::new(2_000_000)), Tier::Gold);
        assert_eq!(Tier::for_spend(Fen::new(9_000_000)), Tier::Diamond);
        assert_eq!(Tier::Diamond.next(), None);
    }

    #[test]
    fn a_purchase_upgrades_at_once_and_the_tier_falls_when_it_ages_out() {
        let records = [Spend { at: day(0), fen: 300_000 }, Spend { at: day(100), fen: 250_000 }];
        assert_eq!(standing(&records, day(50)).tier, Tier::Classic);
        let s = standing(&records, day(100));
        assert_eq!((s.tier, s.spend_12m.get()), (Tier::Silver, 550_000));
        assert_eq!(s.to_next_tier, Some(Fen::new(1_450_000)));
        assert_eq!(standing(&records, day(364)).tier, Tier::Silver, "day 0 still inside the window");
        let s = standing(&records, day(365));
        assert_eq!((s.tier, s.spend_12m.get()), (Tier::Classic, 250_000), "day 0 left the window: downgrade");
        assert_eq!(standing(&records, day(465)).spend_12m, Fen::ZERO);
    }

    #[test]
    fn refunds_take_spend_back_and_never_below_zero() {
        let records =
            [Spend { at: day(0), fen: 600_000 }, Spend { at: day(1), fen: -600_000 }, Spend { at: day(2), fen: -1 }];
        assert_eq!(standing(&records, day(0)).tier, Tier::Silver);
        assert_eq!(standing(&records, day(2)).spend_12m, Fen::ZERO);
    }

    #[test]
    fn points_are_per_whole_yuan() {
        assert_eq!(points_for(Fen::new(12_999), 1), 129);
        assert_eq!(points_for(Fen::new(12_999), 2), 258);
        assert_eq!(points_for(Fen::new(99), 1), 0);
    }

    proptest! {
        /// The tier never goes below what the window's spend earns, and more spend never
        /// lowers the tier.
        #[test]
        fn more_spend_never_lowers_the_tier(a in 0u64..10_000_000, b in 0u64..10_000_000) {
            let (lo, hi) = (a.min(b), a.max(b));
            prop_assert!(Tier::for_spend(Fen::new(lo)) <= Tier::for_spend(Fen::new(hi)));
            let t = Tier::for_spend(Fen::new(hi));
            prop_assert!(Fen::new(hi) >= t.threshold());
            if let Some(n) = t.next() { prop_assert!(Fen::new(hi) < n.threshold()); }
        }
    }
}
