//! The points history: every movement of a member's points with why and the balance after
//! it, read from the card's points log (reference, points, time) in the order it was written.

use crate::api::PointsEntry;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Why points moved, read from the reference the card logged them under.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PointsReason {
    /// Earned by a payment (`spend:…` with points in).
    Earned,
    /// Taken back by a return (`spend:…` with points out).
    Returned,
    /// Spent on a reward (`reward:…`).
    Redeemed,
    /// For a referred member's first order (`referral:…`), or taken back with it.
    Referral,
    /// Merged from a plastic card (`card:…`).
    CardMerged,
    /// Any other reference.
    Adjusted,
}

/// The reference prefix a redemption's debit is logged under.
pub const REDEEMED_PREFIX: &str = "reward:";

impl PointsReason {
    /// The reason of a movement of `delta` points logged under `reference`.
    pub fn of(reference: &str, delta: i64) -> PointsReason {
        let prefix = reference.split(':').next().unwrap_or_default();
        match prefix {
            "spend" if delta >= 0 => PointsReason::Earned,
            "spend" => PointsReason::Returned,
            "reward" => PointsReason::Redeemed,
            "referral" | "referral-back" => PointsReason::Referral,
            "card" => PointsReason::CardMerged,
            _ => PointsReason::Adjusted,
        }
    }
}

/// One row of the card's points log, in the order it was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoggedPoints {
    /// What made the movement once-only.
    pub reference: String,
    /// Points in or out.
    pub delta: i64,
    /// When.
    pub at: DateTime<Utc>,
}

/// The history of a log in written order: newest first, at most `limit` lines, each with the
/// balance after it (the running sum from the first line).
pub fn history(log: &[LoggedPoints], limit: usize) -> Vec<PointsEntry> {
    let mut balance = 0i64;
    let mut lines: Vec<PointsEntry> = log
        .iter()
        .map(|row| {
            balance = balance.saturating_add(row.delta);
            PointsEntry { at: row.at, delta: row.delta, reason: PointsReason::of(&row.reference, row.delta), balance }
        })
        .collect();
    lines.reverse();
    lines.truncate(limit);
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn row(reference: &str, delta: i64, minute: i64) -> LoggedPoints {
        let at = DateTime::from_timestamp(1_800_000_000 + minute * 60, 0).expect("time");
        LoggedPoints { reference: reference.into(), delta, at }
    }

    #[test]
    fn every_movement_says_why_and_the_balance_after_it_newest_first() {
        let log = [
            row("spend:O1", 800, 0),
            row("card:6200000000000001", 300, 1),
            row("referral:M2", 500, 2),
            row("reward:member:M1|/api/me/rewards/{id}/redeem|k1", -500, 3),
            row("spend:R1", -200, 4),
            row("bonus", 7, 5),
        ];
        let lines = history(&log, 100);
        let got: Vec<(i64, PointsReason, i64)> = lines.iter().map(|l| (l.delta, l.reason, l.balance)).collect();
        assert_eq!(
            got,
            [
                (7, PointsReason::Adjusted, 907),
                (-200, PointsReason::Returned, 900),
                (-500, PointsReason::Redeemed, 1_100),
                (500, PointsReason::Referral, 1_600),
                (300, PointsReason::CardMerged, 1_100),
                (800, PointsReason::Earned, 800),
            ]
        );
        assert_eq!(history(&log, 2).len(), 2, "the limit keeps the newest");
        assert_eq!(serde_json::to_value(PointsReason::CardMerged).expect("json"), "card_merged");
    }

    proptest! {
        #[test]
        fn the_newest_balance_is_the_sum_of_every_movement(deltas in proptest::collection::vec(-1_000i64..5_000, 1..40)) {
            let log: Vec<LoggedPoints> = deltas.iter().enumerate().map(|(i, d)| row(&format!("spend:O{i}"), *d, i as i64)).collect();
            let lines = history(&log, usize::MAX);
            prop_assert_eq!(lines.len(), deltas.len());
            prop_assert_eq!(lines[0].balance, deltas.iter().sum::<i64>());
            for pair in lines.windows(2) {
                prop_assert_eq!(pair[0].balance - pair[0].delta, pair[1].balance);
            }
        }
    }
}
