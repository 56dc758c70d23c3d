//! The shop's rules for returns, in one named place: the window, who may refund how much,
//! how a unit's refund is sliced from what was paid, what used gift coupons keep back, and the
//! points rate at which returned spend takes its points back.

use crate::Fen;
use crate::returns::{
    GUIDE_REFUND_LIMIT, PaidLine, RETURN_DAYS, ReturnError, ReturnPlan, plan_return_within, unit_refunds,
};
use chrono::{DateTime, Duration, Utc};

/// The rules a return is decided and settled by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReturnPolicy {
    window: Duration,
    guide_limit: Fen,
    points_per_yuan: u32,
}

impl ReturnPolicy {
    /// Seven days after pickup (七天无理由退货), guides refund up to ¥2,000, one point per yuan.
    pub const STANDARD: ReturnPolicy =
        ReturnPolicy { window: Duration::days(RETURN_DAYS), guide_limit: GUIDE_REFUND_LIMIT, points_per_yuan: 1 };

    /// The standard rules at the store's points rate (what spend earned, a return takes back).
    pub fn with_points_per_yuan(self, points_per_yuan: u32) -> Self {
        ReturnPolicy { points_per_yuan, ..self }
    }

    /// The points rate.
    pub fn points_per_yuan(&self) -> u32 {
        self.points_per_yuan
    }

    /// The largest refund a guide may give; above it a manager must sign in.
    pub fn guide_limit(&self) -> Fen {
        self.guide_limit
    }

    /// When the return window of an order collected at `picked_up_at` closes: from that instant
    /// no return is accepted (and a promoter's commission on the order settles).
    pub fn window_closes(&self, picked_up_at: DateTime<Utc>) -> DateTime<Utc> {
        picked_up_at + self.window
    }

    /// Whether a refund of `refund` needs a manager rather than a guide.
    pub fn needs_manager(&self, refund: Fen) -> bool {
        refund > self.guide_limit
    }

    /// Decides a return of `asked` (sku, qty) of an order with `lines` (and what already came
    /// back) and `discount`, collected at `picked_up_at`, at `now`.
    pub fn plan(
        &self,
        lines: &[PaidLine],
        discount: Fen,
        picked_up_at: Option<DateTime<Utc>>,
        asked: &[(String, i64)],
        now: DateTime<Utc>,
    ) -> Result<ReturnPlan, ReturnError> {
        plan_return_within(self.window, lines, discount, picked_up_at, asked, now)
    }

    /// What each unit coming back under `plan` refunds, line by line in the plan's order: the
    /// units' slices of the order's per-unit refunds, so partial returns add up to what was
    /// paid. A plan line whose product is not on the order gets no units.
    pub fn unit_refunds(&self, lines: &[PaidLine], discount: Fen, plan: &ReturnPlan) -> Vec<Vec<Fen>> {
        let units = unit_refunds(lines, discount);
        plan.lines
            .iter()
            .map(|l| {
                let of_line = lines.iter().position(|p| p.sku == l.sku).and_then(|i| units.get(i));
                let (from, to) = (l.first_unit as usize, (l.first_unit + l.qty) as usize);
                of_line.and_then(|u| u.get(from..to)).map(<[Fen]>::to_vec).unwrap_or_default()
            })
            .collect()
    }

    /// What a return that completes its order keeps back for the gift coupons the order
    /// earned and the member already used (`(coupon id, what it took off the order it was used
    /// on)`): their value, up to the whole refund. Returns `(refund, kept, note)` with
    /// `refund + kept` equal to the refund before, and a note naming each used gift.
    pub fn keep_for_used_gifts(&self, refund: Fen, used: &[(String, Fen)]) -> (Fen, Fen, String) {
        let owed = used.iter().fold(0u64, |a, (_, v)| a.saturating_add(v.get()));
        let kept = owed.min(refund.get());
        let note: Vec<String> = used
            .iter()
            .map(|(id, value)| format!("支付有礼券已使用 gift coupon {id} used: {}", value.label()))
            .collect();
        (Fen::new(refund.get() - kept), Fen::new(kept), note.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refunds_over_two_thousand_yuan_need_a_manager() {
        let p = ReturnPolicy::STANDARD;
        assert!(!p.needs_manager(Fen::new(200_000)));
        assert!(p.needs_manager(Fen::new(200_001)));
    }

    #[test]
    fn used_gifts_are_kept_out_of_the_refund_but_never_more_than_it() {
        let p = ReturnPolicy::STANDARD;
        assert_eq!(p.keep_for_used_gifts(Fen::new(10_000), &[]), (Fen::new(10_000), Fen::ZERO, String::new()));
        let used = [("C1".to_string(), Fen::new(1_000)), ("C2".to_string(), Fen::new(500))];
        let (refund, kept, note) = p.keep_for_used_gifts(Fen::new(10_000), &used);
        assert_eq!((refund, kept), (Fen::new(8_500), Fen::new(1_500)));
        assert!(note.contains("C1") && note.contains("; ") && note.contains("C2"));
        let (refund, kept, _) = p.keep_for_used_gifts(Fen::new(300), &used[..1]);
        assert_eq!((refund, kept), (Fen::ZERO, Fen::new(300)));
    }

    #[test]
    fn a_partial_return_refunds_the_slices_of_its_own_units() {
        let lines = [PaidLine { sku: "C".into(), qty: 3, unit_price: Fen::new(1_000), returned: 1 }];
        let now: DateTime<Utc> = "2026-11-21T00:00:00Z".parse().expect("valid");
        let picked = Some(now - Duration::days(1));
        let p = ReturnPolicy::STANDARD;
        let plan = p.plan(&lines, Fen::new(100), picked, &[("C".into(), 2)], now).expect("allowed");
        // 100 fen off three units: 34 + 33 + 33; units 2 and 3 come back.
        assert_eq!(p.unit_refunds(&lines, Fen::new(100), &plan), vec![vec![Fen::new(967), Fen::new(966)]]);
        assert!(p.plan(&lines, Fen::ZERO, picked, &[("C".into(), 1)], now + Duration::days(7)).is_err());
    }
}
