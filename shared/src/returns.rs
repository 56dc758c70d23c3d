//! Returns across channels (跨渠道退货): goods bought online and collected in one store can be
//! brought back to the counter of any store of the chain within [`RETURN_DAYS`] of pickup. The
//! money goes back the way it came, the units join the receiving store's pool, and the spend
//! (and its points) is taken back.
//!
//! What a returned unit refunds is fixed once per order: each line's share of the coupon
//! discount is spread over its units ([`unit_refunds`]), so any sequence of partial returns adds
//! up to exactly what was paid, never a fen more.

use crate::Fen;
use crate::idempotency::IdempotencyKey;
use crate::ids::OrderId;
use crate::keys::mac;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// Days after pickup in which goods come back without a reason (七天无理由退货).
pub const RETURN_DAYS: i64 = 7;

/// A line of a paid order as returns see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PaidLine {
    /// Product.
    pub sku: String,
    /// Units bought.
    pub qty: u32,
    /// Unit price paid before the coupon.
    pub unit_price: Fen,
    /// Units already returned.
    pub returned: u32,
}

/// What each unit of each line refunds, in order: line `i` gets its subtotal less its share of
/// `discount` (shares proportional to line subtotals, remainders to the earliest lines), spread
/// over its units the same way. The whole adds up to subtotal − discount exactly.
pub fn unit_refunds(lines: &[PaidLine], discount: Fen) -> Vec<Vec<Fen>> {
    let subtotals: Vec<u64> = lines.iter().map(|l| l.unit_price.get() * u64::from(l.qty)).collect();
    let total: u64 = subtotals.iter().sum();
    let discount = discount.get().min(total);
    let shares = spread(discount, &subtotals);
    lines
        .iter()
        .zip(subtotals.iter().zip(shares))
        .map(|(l, (sub, share))| {
            let net = sub - share;
            let per_unit = vec![1u64; l.qty as usize];
            spread(net, &per_unit).into_iter().map(Fen::new).collect()
        })
        .collect()
}

/// Splits `amount` over `weights` proportionally; the fen left by rounding down go one each to
/// the first parts with weight.
fn spread(amount: u64, weights: &[u64]) -> Vec<u64> {
    let total: u128 = weights.iter().map(|w| u128::from(*w)).sum();
    if total == 0 {
        return vec![0; weights.len()];
    }
    let mut parts: Vec<u64> = weights.iter().map(|w| (u128::from(amount) * u128::from(*w) / total) as u64).collect();
    let mut left = amount - parts.iter().sum::<u64>();
    for (p, w) in parts.iter_mut().zip(weights) {
        if left == 0 {
            break;
        }
        if *w > 0 {
            *p += 1;
            left -= 1;
        }
    }
    parts
}

/// A line of a return request, validated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReturnLine {
    /// Product.
    pub sku: String,
    /// Units coming back.
    pub qty: u32,
    /// The units' positions in the order line (first unreturned first).
    pub first_unit: u32,
    /// What they refund.
    pub refund: Fen,
}

/// A return decided.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReturnPlan {
    /// Lines coming back.
    pub lines: Vec<ReturnLine>,
    /// Total refund.
    pub refund: Fen,
    /// Whether every unit of the order is back after this.
    pub completes_order: bool,
}

/// Why a return was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReturnError {
    /// Returns are for collected goods.
    #[error("the order has not been collected; returns are for goods taken home")]
    NotCollected,
    /// Too late.
    #[error("the return window closed on {closed}")]
    WindowClosed {
        /// When it closed.
        closed: DateTime<Utc>,
    },
    /// No lines.
    #[error("lines: name at least one product to return")]
    Empty,
    /// The refund would exceed the largest amount of money.
    #[error("lines: the refund would come to more than {} fen", Fen::MAX)]
    TooLarge,
    /// A product not on the order.
    #[error("lines[{index}].sku: {sku} is not on this order")]
    NotOnOrder {
        /// Line of the request.
        index: usize,
        /// The product.
        sku: String,
    },
    /// More units than are left to return.
    #[error("lines[{index}].qty: {left} unit(s) of {sku} can still be returned")]
    TooMany {
        /// Line of the request.
        index: usize,
        /// The product.
        sku: String,
        /// Units left.
        left: u32,
    },
}

impl From<ReturnError> for crate::ApiError {
    fn from(e: ReturnError) -> crate::ApiError {
        let code = match e {
            ReturnError::NotCollected => crate::ErrorCode::Conflict,
            ReturnError::WindowClosed { .. } => crate::ErrorCode::ReturnWindowClosed,
            _ => crate::ErrorCode::Invalid,
        };
        crate::ApiError::new(code, e.to_string())
    }
}

/// Decides a return of `asked` (sku, qty) against an order collected at `picked_up_at` with
/// `lines` (with what was already returned) and `discount`, at `now`, within `window` after
/// pickup (the shop's window is [`crate::flows::settlement::ReturnPolicy`]'s).
pub(crate) fn plan_return_within(
    window: Duration,
    lines: &[PaidLine],
    discount: Fen,
    picked_up_at: Option<DateTime<Utc>>,
    asked: &[(String, i64)],
    now: DateTime<Utc>,
) -> Result<ReturnPlan, ReturnError> {
    let picked = picked_up_at.ok_or(ReturnError::NotCollected)?;
    let closed = picked + window;
    if now >= closed {
        return Err(ReturnError::WindowClosed { closed });
    }
    if asked.is_empty() {
        return Err(ReturnError::Empty);
    }
    let units = unit_refunds(lines, discount);
    let mut taken: Vec<u32> = lines.iter().map(|l| l.returned).collect();
    let mut out = Vec::new();
    for (index, (sku, qty)) in asked.iter().enumerate() {
        let i = lines
            .iter()
            .position(|l| &l.sku == sku)
            .ok_or_else(|| ReturnError::NotOnOrder { index, sku: sku.clone() })?;
        let left = lines[i].qty - taken[i].min(lines[i].qty);
        let too_many = || ReturnError::TooMany { index, sku: sku.clone(), left };
        let qty = u32::try_from(*qty).ok().filter(|q| *q >= 1 && *q <= left).ok_or_else(too_many)?;
        let first = taken[i];
        // Each unit's refund is a share of what was paid for it, so the sums stay within the
        // order's total; checked all the same, so a corrupt row is refused, never capped.
        let refund =
            Fen::sum(units[i][first as usize..(first + qty) as usize].iter().copied()).ok_or(ReturnError::TooLarge)?;
        taken[i] += qty;
        out.push(ReturnLine { sku: sku.clone(), qty, first_unit: first, refund });
    }
    let refund = Fen::sum(out.iter().map(|l| l.refund)).ok_or(ReturnError::TooLarge)?;
    let completes_order = lines.iter().zip(&taken).all(|(l, t)| *t >= l.qty);
    Ok(ReturnPlan { lines: out, refund, completes_order })
}

/// The id of a return under an idempotency key: a retried request is the same return.
pub fn return_id(key: &[u8], order: &OrderId, staff: &str, idempotency_key: &IdempotencyKey) -> String {
    let digest =
        mac(key, &[b"return", order.as_str().as_bytes(), staff.as_bytes(), idempotency_key.as_str().as_bytes()]);
    format!("R{}", crate::ids::base32(&digest[..10]))
}

/// `POST /api/guide/returns`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnRequest {
    /// The order (shown on the customer's order page).
    pub order_id: String,
    /// What comes back.
    pub lines: Vec<ReturnLineRequest>,
    /// Why, in the customer's words (optional).
    #[serde(default)]
    pub reason: String,
    /// The customer's current dynamic member code, scanned at the counter: a return needs the
    /// customer who owns the order to be there. Required (422 when missing); spent like any scan.
    #[serde(default)]
    pub member_code: Option<String>,
}

/// The most characters of a return's reason.
pub const MAX_REASON_CHARS: usize = 60;

/// A return asked for at the counter, checked: the reason, the customer's member code, the
/// order and the lines asked for (as typed; the plan judges them).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReturnAsk {
    order_id: OrderId,
    reason: String,
    member_code: String,
    asked: Vec<(String, i64)>,
}

/// Why a return request was refused before anything was read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReturnAskError {
    /// The reason is too long (422).
    #[error("reason: must be at most {MAX_REASON_CHARS} characters")]
    Reason,
    /// No member code (422).
    #[error("member_code: is required: scan the customer's member code")]
    MemberCode,
    /// The order id is not one (404).
    #[error("no order {0}")]
    Order(String),
}

impl ReturnAsk {
    /// Checks the reason, then the member code, then the order id (each trimmed).
    pub fn parse(req: &ReturnRequest) -> Result<ReturnAsk, ReturnAskError> {
        let reason = req.reason.trim();
        if reason.chars().count() > MAX_REASON_CHARS {
            return Err(ReturnAskError::Reason);
        }
        let member_code = req.member_code.as_deref().map(str::trim).filter(|c| !c.is_empty());
        let member_code = member_code.ok_or(ReturnAskError::MemberCode)?;
        let order_id = OrderId::parse(&req.order_id).map_err(|_| ReturnAskError::Order(req.order_id.clone()))?;
        let asked = req.lines.iter().map(|l| (l.sku.trim().to_owned(), l.qty)).collect();
        Ok(ReturnAsk { order_id, reason: reason.to_owned(), member_code: member_code.to_owned(), asked })
    }

    /// The order.
    pub fn order_id(&self) -> &OrderId {
        &self.order_id
    }
    /// Why, trimmed.
    pub fn reason(&self) -> &str {
        &self.reason
    }
    /// The customer's member code, trimmed.
    pub fn member_code(&self) -> &str {
        &self.member_code
    }
    /// `(sku, qty)` of each line, the SKU trimmed.
    pub fn asked(&self) -> &[(String, i64)] {
        &self.asked
    }

    /// What was asked for at `store`, so a retry that asks for something else is told apart.
    pub fn fingerprint(&self, store: &str) -> Result<String, serde_json::Error> {
        let text = serde_json::to_string(&(&self.asked, self.reason.as_str(), store))?;
        Ok(crate::ids::base32(&mac(b"return-fingerprint", &[text.as_bytes()])))
    }
}

/// Refunds above this many fen need a manager's sign-in (a guide is refused with
/// `NEEDS_MANAGER`): ¥2,000. The rule is [`crate::flows::settlement::ReturnPolicy::needs_manager`].
pub const GUIDE_REFUND_LIMIT: Fen = Fen::new(200_000);

/// One product coming back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnLineRequest {
    /// Product.
    pub sku: String,
    /// Units.
    pub qty: i64,
}

/// A return as the API reports it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnReceipt {
    /// `R…`.
    pub id: String,
    /// The order.
    pub order_id: String,
    /// The store that took the goods back (their stock goes there).
    pub store_id: String,
    /// Who took them.
    pub staff_id: String,
    /// Lines and their refunds.
    pub lines: Vec<ReturnedLine>,
    /// Money back, fen.
    pub refund_fen: Fen,
    /// How it goes back: `balance` (at once) or `sandbox` (the gateway).
    pub method: crate::kinds::PaymentMethod,
    /// Why, as the customer said.
    pub reason: String,
    /// When.
    pub at: DateTime<Utc>,
    /// Kept out of the refund for gifts the order earned that were already used.
    #[serde(default)]
    pub kept_fen: Fen,
    /// Why `kept_fen` was kept (empty when nothing was).
    #[serde(default)]
    pub kept_note: String,
}

/// A return's row as D1 keeps it.
#[derive(Clone, Debug, Deserialize)]
pub struct ReturnRow {
    /// `R…`.
    pub id: String,
    /// The order.
    pub order_id: String,
    /// Whose order it is.
    pub member_id: String,
    /// The store that took the goods back.
    pub store_id: String,
    /// Who took them.
    pub staff_id: String,
    /// Money back, fen.
    pub refund_fen: i64,
    /// How it goes back.
    pub method: crate::kinds::PaymentMethod,
    /// Why, as the customer said.
    pub reason: String,
    /// What was asked for, so a retry with other lines is told apart.
    pub fingerprint: String,
    /// When.
    #[serde(with = "crate::instant::stored")]
    pub at: DateTime<Utc>,
    /// When every settlement step was done, if they all were.
    #[serde(default, with = "crate::instant::stored_opt")]
    pub settled_at: Option<DateTime<Utc>>,
    /// Kept out of the refund for used gifts, fen.
    #[serde(default)]
    pub kept_fen: i64,
    /// Why it was kept.
    #[serde(default)]
    pub kept_note: String,
}

impl ReturnReceipt {
    /// Return `r` with its `lines` as the API shows it (negative amounts read as zero).
    pub fn of(r: &ReturnRow, lines: Vec<ReturnedLine>) -> ReturnReceipt {
        ReturnReceipt {
            id: r.id.clone(),
            order_id: r.order_id.clone(),
            store_id: r.store_id.clone(),
            staff_id: r.staff_id.clone(),
            lines,
            refund_fen: Fen::new(r.refund_fen.max(0) as u64),
            method: r.method,
            reason: r.reason.clone(),
            at: r.at,
            kept_fen: Fen::new(r.kept_fen.max(0) as u64),
            kept_note: r.kept_note.clone(),
        }
    }
}

/// A returned line.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnedLine {
    /// Product.
    pub sku: String,
    /// Units.
    pub qty: u32,
    /// Refund, fen.
    pub refund_fen: Fen,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rule at the shop's standard window.
    fn plan_return(
        lines: &[PaidLine],
        discount: Fen,
        picked_up_at: Option<DateTime<Utc>>,
        asked: &[(String, i64)],
        now: DateTime<Utc>,
    ) -> Result<ReturnPlan, ReturnError> {
        crate::flows::settlement::ReturnPolicy::STANDARD.plan(lines, discount, picked_up_at, asked, now)
    }
    use proptest::prelude::*;

    fn line(sku: &str, qty: u32, price: u64) -> PaidLine {
        PaidLine { sku: sku.into(), qty, unit_price: Fen::new(price), returned: 0 }
    }
    fn t(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn a_receipt_shows_the_row_with_its_lines() {
        let row: ReturnRow = serde_json::from_value(serde_json::json!({
            "id": "R1", "order_id": "O1", "member_id": "M10000001", "store_id": "S2", "staff_id": "G1",
            "refund_fen": 9_000, "method": "balance", "reason": "too big", "fingerprint": "f",
            "at": "2026-11-24T08:00:00.000Z", "kept_fen": -1
        }))
        .unwrap();
        assert_eq!((row.settled_at, row.kept_note.as_str()), (None, ""));
        let lines = vec![ReturnedLine { sku: "SKU-1".into(), qty: 1, refund_fen: Fen::new(9_000) }];
        let r = ReturnReceipt::of(&row, lines.clone());
        assert_eq!(
            (r.id.as_str(), r.order_id.as_str(), r.store_id.as_str(), r.staff_id.as_str()),
            ("R1", "O1", "S2", "G1")
        );
        assert_eq!(
            (r.refund_fen, r.method, r.reason.as_str()),
            (Fen::new(9_000), crate::kinds::PaymentMethod::Balance, "too big")
        );
        assert_eq!((r.at, r.kept_fen, r.kept_note.as_str()), (t("2026-11-24T08:00:00Z"), Fen::ZERO, ""));
        assert_eq!(r.lines, lines);
    }

    fn ask(order: &str, reason: &str, code: Option<&str>) -> ReturnRequest {
        ReturnRequest {
            order_id: order.into(),
            lines: vec![ReturnLineRequest { sku: " SKU-1 ".into(), qty: 2 }],
            reason: reason.into(),
            member_code: code.map(str::to_owned),
        }
    }

    #[test]
    fn a_return_ask_checks_the_reason_then_the_code_then_the_order() {
        let a = ReturnAsk::parse(&ask("O1", " too big ", Some(" 123 "))).unwrap();
        assert_eq!((a.order_id().as_str(), a.reason(), a.member_code()), ("O1", "too big", "123"));
        assert_eq!(a.asked(), [("SKU-1".to_string(), 2)]);
        let long = "长".repeat(MAX_REASON_CHARS + 1);
        assert_eq!(ReturnAsk::parse(&ask("bad id", &long, None)), Err(ReturnAskError::Reason));
        assert!(ReturnAsk::parse(&ask("O1", &"长".repeat(MAX_REASON_CHARS), Some("1"))).is_ok());
        assert_eq!(ReturnAsk::parse(&ask("bad id", "", Some("  "))), Err(ReturnAskError::MemberCode));
        assert_eq!(ReturnAsk::parse(&ask("bad id", "", Some("1"))).unwrap_err().to_string(), "no order bad id");
        assert_eq!(ReturnAskError::Reason.to_string(), "reason: must be at most 60 characters");
        assert_eq!(ReturnAskError::MemberCode.to_string(), "member_code: is required: scan the customer's member code");
    }

    #[test]
    fn a_return_fingerprint_is_what_was_asked_where() {
        let a = ReturnAsk::parse(&ask("O1", "too big", Some("1"))).unwrap();
        let text = r#"[[["SKU-1",2]],"too big","S1"]"#;
        let expected = crate::ids::base32(&mac(b"return-fingerprint", &[text.as_bytes()]));
        assert_eq!(a.fingerprint("S1").unwrap(), expected);
        assert_ne!(a.fingerprint("S2").unwrap(), expected);
        let other = ReturnAsk::parse(&ask("O1", "too small", Some("1"))).unwrap();
        assert_ne!(other.fingerprint("S1").unwrap(), expected);
    }

    #[test]
    fn refusals_map_to_the_api_codes() {
        use crate::{ApiError, ErrorCode as E};
        let closed = DateTime::from_timestamp(1_800_000_000, 0).expect("time");
        let cases = [
            (ReturnError::NotCollected, E::Conflict, 409),
            (ReturnError::WindowClosed { closed }, E::ReturnWindowClosed, 409),
            (ReturnError::Empty, E::Invalid, 422),
            (ReturnError::TooLarge, E::Invalid, 422),
            (ReturnError::NotOnOrder { index: 0, sku: "SKU-1".into() }, E::Invalid, 422),
            (ReturnError::TooMany { index: 1, sku: "SKU-1".into(), left: 2 }, E::Invalid, 422),
        ];
        for (e, code, status) in cases {
            let api = ApiError::from(e.clone());
            assert_eq!((api.code(), api.status(), api.error.message), (code, status, e.to_string()));
        }
        let api = ApiError::from(ReturnError::TooMany { index: 1, sku: "SKU-1".into(), left: 2 });
        assert_eq!(api.error.message, "lines[1].qty: 2 unit(s) of SKU-1 can still be returned");
    }

    #[test]
    fn a_return_key_is_scoped_to_its_order_and_staff_member() {
        let k = IdempotencyKey::parse("r-1").unwrap();
        let (o1, o2) = (OrderId::parse("O1").unwrap(), OrderId::parse("O2").unwrap());
        let a = return_id(b"k", &o1, "G1001", &k);
        assert_eq!(a, return_id(b"k", &o1, "G1001", &k));
        assert_ne!(a, return_id(b"k", &o1, "G2001", &k), "another guide's identical key is another return");
        assert_ne!(a, return_id(b"k", &o2, "G1001", &k));
    }

    #[test]
    fn the_coupon_is_shared_by_line_value_and_every_fen_is_accounted_for() {
        // ¥300 + 2 × ¥100, ¥50 off: the first line carries 30, the second 20 (10 per unit).
        let units = unit_refunds(&[line("A", 1, 30_000), line("B", 2, 10_000)], Fen::new(5_000));
        assert_eq!(units, vec![vec![Fen::new(27_000)], vec![Fen::new(9_000), Fen::new(9_000)]]);
        // Three units sharing 100 fen off ¥10: 34 + 33 + 33 off.
        let units = unit_refunds(&[line("C", 3, 1_000)], Fen::new(100));
        assert_eq!(units, vec![vec![Fen::new(967), Fen::new(967), Fen::new(966)]]);
    }

    #[test]
    fn returns_are_for_collected_goods_within_seven_days() {
        let lines = [line("A", 2, 10_000)];
        let ask = vec![("A".to_string(), 1)];
        let picked = t("2026-11-20T10:00:00Z");
        assert_eq!(plan_return(&lines, Fen::ZERO, None, &ask, picked), Err(ReturnError::NotCollected));
        let ok = plan_return(&lines, Fen::ZERO, Some(picked), &ask, t("2026-11-27T09:59:59Z")).unwrap();
        assert_eq!((ok.refund, ok.completes_order, ok.lines[0].first_unit), (Fen::new(10_000), false, 0));
        assert_eq!(
            plan_return(&lines, Fen::ZERO, Some(picked), &ask, t("2026-11-27T10:00:00Z")),
            Err(ReturnError::WindowClosed { closed: t("2026-11-27T10:00:00Z") })
        );
    }

    #[test]
    fn a_request_cannot_take_back_more_than_is_left_or_what_was_not_bought() {
        let mut lines = [line("A", 2, 10_000)];
        lines[0].returned = 1;
        let now = t("2026-11-21T00:00:00Z");
        let picked = Some(t("2026-11-20T00:00:00Z"));
        let two = vec![("A".to_string(), 2)];
        assert_eq!(
            plan_return(&lines, Fen::ZERO, picked, &two, now),
            Err(ReturnError::TooMany { index: 0, sku: "A".into(), left: 1 })
        );
        let split = vec![("A".to_string(), 1), ("A".to_string(), 1)];
        assert!(matches!(
            plan_return(&lines, Fen::ZERO, picked, &split, now),
            Err(ReturnError::TooMany { index: 1, .. })
        ));
        let zero = vec![("A".to_string(), 0)];
        assert!(matches!(plan_return(&lines, Fen::ZERO, picked, &zero, now), Err(ReturnError::TooMany { .. })));
        let other = vec![("Z".to_string(), 1)];
        assert!(matches!(plan_return(&lines, Fen::ZERO, picked, &other, now), Err(ReturnError::NotOnOrder { .. })));
        assert_eq!(plan_return(&lines, Fen::ZERO, picked, &[], now), Err(ReturnError::Empty));
        let last = plan_return(&lines, Fen::ZERO, picked, &[("A".to_string(), 1)], now).unwrap();
        assert_eq!((last.lines[0].first_unit, last.completes_order), (1, true));
    }

    proptest! {
        #[test]
        fn any_sequence_of_partial_returns_refunds_exactly_what_was_paid(
            spec in proptest::collection::vec((1u32..5, 1u64..50_000), 1..5),
            discount in 0u64..200_000,
            order in proptest::collection::vec((0usize..5, 1i64..3), 1..20),
        ) {
            let mut lines: Vec<PaidLine> = spec.iter().enumerate().map(|(i, (q, p))| line(&format!("S{i}"), *q, *p)).collect();
            let paid = lines.iter().map(|l| l.unit_price.get() * u64::from(l.qty)).sum::<u64>()
                - discount.min(lines.iter().map(|l| l.unit_price.get() * u64::from(l.qty)).sum());
            let (picked, now) = (Some(t("2026-11-20T00:00:00Z")), t("2026-11-21T00:00:00Z"));
            let mut refunded = 0u64;
            for (i, q) in order {
                let sku = format!("S{}", i % lines.len());
                if let Ok(plan) = plan_return(&lines, Fen::new(discount), picked, &[(sku.clone(), q)], now) {
                    refunded += plan.refund.get();
                    let l = lines.iter_mut().find(|l| l.sku == sku).unwrap();
                    l.returned += plan.lines[0].qty;
                }
            }
            // Return whatever is left: the refunds then add up to what was paid, exactly.
            let rest: Vec<(String, i64)> = lines.iter().filter(|l| l.returned < l.qty).map(|l| (l.sku.clone(), i64::from(l.qty - l.returned))).collect();
            if !rest.is_empty() {
                let plan = plan_return(&lines, Fen::new(discount), picked, &rest, now).unwrap();
                prop_assert!(plan.completes_order);
                refunded += plan.refund.get();
            }
            prop_assert_eq!(refunded, paid);
        }
    }
}
