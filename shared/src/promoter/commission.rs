//! A promoter's commissions on one customer they brought in, as a small state machine fed what
//! happened to the customer's orders.
//!
//! - The customer's first paid order earns 500 fen, the second 200; later orders nothing. The
//!   position counts paid orders, so a returned first order does not make the second "first".
//! - Each order earns at most one commission, ever: paying (or reporting the payment of) an
//!   order again changes nothing.
//! - A commission is `pending` until the order's return window closes ([`ReturnPolicy`]: seven
//!   days from pickup; an order not yet collected has not started its window), then `settled`.
//! - A return of the whole order before settlement `reversed` it. A partial return leaves it
//!   (the order is still a paid order of the customer's).
//! - Decision: settlement is final. The return window is closed by then, so the return flow
//!   refuses the return; if one happens anyway (a manager's goodwill refund), the commission
//!   stays settled and [`Change::StaysSettled`] lets the caller note it in the audit log.

use crate::Fen;
use crate::flows::settlement::ReturnPolicy;
use crate::ids::{MemberId, OrderId};
use chrono::{DateTime, Datelike, FixedOffset, Offset, Utc};
use serde::{Deserialize, Serialize};

/// Which of the customer's orders a commission is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommissionKind {
    /// The first paid order: 500 fen.
    FirstOrder,
    /// The second paid order: 200 fen.
    SecondOrder,
}

impl CommissionKind {
    /// What it earns.
    pub fn amount(self) -> Fen {
        match self {
            CommissionKind::FirstOrder => Fen::new(500),
            CommissionKind::SecondOrder => Fen::new(200),
        }
    }
}

/// Where a commission stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommissionStatus {
    /// Earned; the order may still come back.
    Pending,
    /// The return window closed: the promoter is owed it.
    Settled,
    /// The order came back before settlement.
    Reversed,
}

/// One commission.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Commission {
    order: OrderId,
    kind: CommissionKind,
    status: CommissionStatus,
    paid_at: DateTime<Utc>,
    settles_at: Option<DateTime<Utc>>,
}

impl Commission {
    /// The order that earned it.
    pub fn order(&self) -> &OrderId {
        &self.order
    }
    /// First or second order.
    pub fn kind(&self) -> CommissionKind {
        self.kind
    }
    /// What it is worth.
    pub fn amount(&self) -> Fen {
        self.kind.amount()
    }
    /// Where it stands.
    pub fn status(&self) -> CommissionStatus {
        self.status
    }
    /// When the order was paid (the statement's month is taken from it).
    pub fn paid_at(&self) -> DateTime<Utc> {
        self.paid_at
    }
    /// When it settles, once the order was collected.
    pub fn settles_at(&self) -> Option<DateTime<Utc>> {
        self.settles_at
    }
}

/// Something that happened to one of the customer's orders, or the clock moving on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OrderEvent {
    /// The order was paid.
    Paid {
        /// The order.
        order: OrderId,
        /// When.
        at: DateTime<Utc>,
    },
    /// The order was collected: its return window starts.
    PickedUp {
        /// The order.
        order: OrderId,
        /// When.
        at: DateTime<Utc>,
    },
    /// Goods of the order came back (`whole`: the return completed the order).
    Returned {
        /// The order.
        order: OrderId,
        /// Whether nothing of the order is kept any more.
        whole: bool,
    },
    /// It is now `now` (the scheduled check that settles what is due).
    Clock {
        /// The current instant.
        now: DateTime<Utc>,
    },
}

/// What an event changed, for the caller to persist and audit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// A commission was earned (pending).
    Earned(Commission),
    /// The order's return window is known: the commission settles at that instant.
    Scheduled(OrderId, DateTime<Utc>),
    /// The commission on the order settled.
    Settled(OrderId),
    /// The commission on the order was reversed by a return.
    Reversed(OrderId),
    /// A return came after settlement; the commission stays settled.
    StaysSettled(OrderId),
}

/// A customer who registered through a promoter's code, with the commissions they earned them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PromotedCustomer {
    promoter: String,
    member: MemberId,
    commissions: Vec<Commission>,
}

impl PromotedCustomer {
    /// `member`, brought in by staff member `promoter` (from a checked [`super::PromoterCode`]).
    pub fn new(promoter: &super::PromoterCode, member: MemberId) -> PromotedCustomer {
        PromotedCustomer { promoter: promoter.staff().to_owned(), member, commissions: Vec::new() }
    }

    /// The promoter's staff number.
    pub fn promoter(&self) -> &str {
        &self.promoter
    }

    /// The customer.
    pub fn member(&self) -> &MemberId {
        &self.member
    }

    /// The commissions so far (at most two).
    pub fn commissions(&self) -> &[Commission] {
        &self.commissions
    }

    /// Feeds one event; returns what changed (nothing, for an event that changes nothing).
    pub fn on(&mut self, event: OrderEvent, policy: &ReturnPolicy) -> Vec<Change> {
        match event {
            OrderEvent::Paid { order, at } => {
                if self.commissions.iter().any(|c| c.order == order) {
                    return Vec::new();
                }
                let kind = match self.commissions.len() {
                    0 => CommissionKind::FirstOrder,
                    1 => CommissionKind::SecondOrder,
                    _ => return Vec::new(),
                };
                let c = Commission { order, kind, status: CommissionStatus::Pending, paid_at: at, settles_at: None };
                self.commissions.push(c.clone());
                vec![Change::Earned(c)]
            }
            OrderEvent::PickedUp { order, at } => match self.pending(&order) {
                Some(c) if c.settles_at.is_none() => {
                    let closes = policy.window_closes(at);
                    c.settles_at = Some(closes);
                    vec![Change::Scheduled(order, closes)]
                }
                _ => Vec::new(),
            },
            OrderEvent::Returned { order, whole } => {
                let Some(c) = self.commissions.iter_mut().find(|c| c.order == order) else { return Vec::new() };
                match c.status {
                    CommissionStatus::Pending if whole => {
                        c.status = CommissionStatus::Reversed;
                        vec![Change::Reversed(order)]
                    }
                    CommissionStatus::Settled => vec![Change::StaysSettled(order)],
                    _ => Vec::new(),
                }
            }
            OrderEvent::Clock { now } => self
                .commissions
                .iter_mut()
                .filter(|c| c.status == CommissionStatus::Pending && c.settles_at.is_some_and(|at| now >= at))
                .map(|c| {
                    c.status = CommissionStatus::Settled;
                    Change::Settled(c.order.clone())
                })
                .collect(),
        }
    }

    /// Brings the commissions up to `now` from what storage knows: each order's pickup (from
    /// `pickups`) starts its return window, then every window closed by `now` settles. The
    /// worker settles this way on every read and before feeding a return, so no scheduled job
    /// is needed and a return after the window finds the commission already settled.
    pub fn catch_up(
        &mut self,
        pickups: &[(OrderId, DateTime<Utc>)],
        now: DateTime<Utc>,
        policy: &ReturnPolicy,
    ) -> Vec<Change> {
        let mut changes = Vec::new();
        for (order, at) in pickups {
            changes.extend(self.on(OrderEvent::PickedUp { order: order.clone(), at: *at }, policy));
        }
        changes.extend(self.on(OrderEvent::Clock { now }, policy));
        changes
    }

    fn pending(&mut self, order: &OrderId) -> Option<&mut Commission> {
        self.commissions.iter_mut().find(|c| c.order == *order && c.status == CommissionStatus::Pending)
    }
}

/// One month of a promoter's statement.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthLine {
    /// `YYYY-MM` in the store's local time.
    pub month: String,
    /// Commissions earned that month still pending.
    pub pending_fen: Fen,
    /// Commissions earned that month and settled.
    pub settled_fen: Fen,
    /// Commissions earned that month and reversed.
    pub reversed_fen: Fen,
}

/// The monthly statement of `commissions` (any promoter's, any customers'), by the month their
/// order was paid in the store's local time (`utc_offset_minutes`, e.g. 480 for Beijing),
/// oldest month first.
pub fn statement(commissions: &[Commission], utc_offset_minutes: i32) -> Vec<MonthLine> {
    // An offset beyond ±24 h is no zone: such a store's months are read in UTC.
    let zone = FixedOffset::east_opt(utc_offset_minutes.saturating_mul(60)).unwrap_or(Utc.fix());
    let mut months: std::collections::BTreeMap<(i32, u32), MonthLine> = Default::default();
    for c in commissions {
        let local = c.paid_at.with_timezone(&zone);
        let line = months.entry((local.year(), local.month())).or_insert_with(|| MonthLine {
            month: format!("{:04}-{:02}", local.year(), local.month()),
            ..MonthLine::default()
        });
        let sum = match c.status {
            CommissionStatus::Pending => &mut line.pending_fen,
            CommissionStatus::Settled => &mut line.settled_fen,
            CommissionStatus::Reversed => &mut line.reversed_fen,
        };
        *sum = Fen::new(sum.get().saturating_add(c.amount().get()));
    }
    months.into_values().collect()
}

/// What the commissions with `status` add up to.
pub fn sum(commissions: &[Commission], status: CommissionStatus) -> Fen {
    Fen::new(commissions.iter().filter(|c| c.status == status).map(|c| c.amount().get()).sum())
}

/// The `YYYY-MM` month (store local time, `utc_offset_minutes`) a commission's order was paid in.
pub fn month_of(c: &Commission, utc_offset_minutes: i32) -> String {
    let zone = FixedOffset::east_opt(utc_offset_minutes.saturating_mul(60)).unwrap_or(Utc.fix());
    let local = c.paid_at.with_timezone(&zone);
    format!("{:04}-{:02}", local.year(), local.month())
}

/// Reads a statement month as asked (`2026-11`, or `2026-1`; a four-digit year); `None` for
/// anything else.
pub fn parse_month(text: &str) -> Option<String> {
    let (year, month) = text.trim().split_once('-')?;
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if year.len() != 4 || !all_digits(year) || month.len() > 2 || !all_digits(month) {
        return None;
    }
    let month: u32 = month.parse().ok()?;
    (1..=12).contains(&month).then(|| format!("{year}-{month:02}"))
}
