//! The manager's dashboard: which local days a request covers, which day each paid order and
//! new member falls on, the guides' ranking, and the CSV a manager downloads (of the dashboard
//! and of the day report, 对账). The edge reads the facts from D1; every rule is here.

use crate::api::{Dashboard, DashboardDay, GuideFigures};
use crate::reconciliation::{DayError, DayReport, StoreDay};
use crate::session::StaffRole;
use chrono::{DateTime, Duration, Utc};

pub mod promoters;
pub mod stored;

/// The most days one dashboard shows.
pub const MAX_DAYS: i64 = 92;

/// The days shown when `from` is not given: the last fortnight up to `to`.
pub const DEFAULT_DAYS: i64 = 14;

/// Where the chain's days are counted when no store is named: China Standard Time, as every
/// store of the chain keeps it unless its own row says otherwise.
pub const CHAIN_OFFSET_MINUTES: i32 = 8 * 60;

/// Consecutive local days of one store, both ends included.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DayRange {
    from: StoreDay,
    days: i64,
    offset_minutes: i32,
}

/// Why a range was refused (each names its field for a 422).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RangeError {
    /// A date is malformed or has not begun.
    #[error("{field}: {problem}")]
    Date {
        /// `from` or `to`.
        field: &'static str,
        /// What is wrong.
        problem: DayError,
    },
    /// `from` after `to`.
    #[error("from: must not be after to")]
    Reversed,
    /// More than [`MAX_DAYS`].
    #[error("from: at most 92 days at once")]
    TooLong,
}

/// 422 `INVALID`, naming the field.
impl From<RangeError> for crate::ApiError {
    fn from(e: RangeError) -> crate::ApiError {
        match e {
            RangeError::Date { field, problem } => {
                crate::ApiError::invalid(format!("{field}: {}", problem.to_string().trim_start_matches("date: ")))
            }
            other => crate::ApiError::invalid(other.to_string()),
        }
    }
}

impl DayRange {
    /// Reads `from` and `to` (`YYYY-MM-DD`, the store's local dates; `to` defaults to today,
    /// `from` to the fortnight before `to`) for a store `offset_minutes` east of UTC.
    pub fn parse(
        from: Option<&str>,
        to: Option<&str>,
        offset_minutes: i32,
        now: DateTime<Utc>,
    ) -> Result<DayRange, RangeError> {
        let day = |field: &'static str, text: &str| {
            StoreDay::parse(text, offset_minutes, now).map_err(|problem| RangeError::Date { field, problem })
        };
        let to = match to {
            Some(t) => day("to", t)?,
            None => StoreDay::today(offset_minutes, now),
        };
        let from = match from {
            Some(f) => day("from", f)?,
            None => StoreDay::today(offset_minutes, to.start() - Duration::days(DEFAULT_DAYS - 1)),
        };
        if from.start() > to.start() {
            return Err(RangeError::Reversed);
        }
        let days = (to.start() - from.start()).num_days() + 1;
        if days > MAX_DAYS {
            return Err(RangeError::TooLong);
        }
        Ok(DayRange { from, days, offset_minutes })
    }

    /// First instant of the first day (UTC).
    pub fn start(&self) -> DateTime<Utc> {
        self.from.start()
    }

    /// First instant after the last day (UTC).
    pub fn end(&self) -> DateTime<Utc> {
        self.from.start() + Duration::days(self.days)
    }

    /// The index of the day `t` falls on, if it falls in the range.
    pub fn day_of(&self, t: DateTime<Utc>) -> Option<usize> {
        (self.start() <= t && t < self.end()).then(|| (t - self.start()).num_days() as usize)
    }

    /// Every day of the range with zero figures, oldest first.
    pub fn empty_days(&self) -> Vec<DashboardDay> {
        (0..self.days)
            .map(|i| {
                let day = StoreDay::today(self.offset_minutes, self.start() + Duration::days(i));
                DashboardDay { date: day.date(), ..DashboardDay::default() }
            })
            .collect()
    }
}

/// Which store a manager's list or dashboard covers: the one asked for, if the caller acts for
/// it; otherwise the caller's own store, except that head office without a store sees the
/// chain (`None`). `Err` names the store asked for that the caller may not see.
pub fn store_scope<'a>(
    role: StaffRole,
    home_store: &'a str,
    asked: Option<&'a str>,
) -> Result<Option<&'a str>, &'a str> {
    match asked.map(str::trim).filter(|s| !s.is_empty()) {
        Some(store) if role.acts_for(home_store, store) => Ok(Some(store)),
        Some(store) => Err(store),
        None if role == StaffRole::Admin => Ok(None),
        None => Ok(Some(home_store)),
    }
}

/// Something that happened, as D1 holds it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fact {
    /// An order was paid.
    OrderPaid {
        /// When.
        at: DateTime<Utc>,
        /// Its total, fen.
        total_fen: u64,
        /// Whether it spent a coupon.
        coupon: bool,
        /// Flash-sale units in it.
        flash_units: u32,
    },
    /// A member joined.
    MemberJoined {
        /// When.
        at: DateTime<Utc>,
    },
}

/// Adds up `facts` per local day of `range`; facts outside it are left out.
pub fn days(range: &DayRange, facts: &[Fact]) -> Vec<DashboardDay> {
    let mut days = range.empty_days();
    for fact in facts {
        let at = match fact {
            Fact::OrderPaid { at, .. } | Fact::MemberJoined { at } => *at,
        };
        let Some(day) = range.day_of(at).and_then(|i| days.get_mut(i)) else { continue };
        match *fact {
            Fact::OrderPaid { total_fen, coupon, flash_units, .. } => {
                day.orders += 1;
                day.takings_fen = day.takings_fen.saturating_add(total_fen);
                day.coupons_redeemed += u32::from(coupon);
                day.flash_units_sold += flash_units;
            }
            Fact::MemberJoined { .. } => day.new_members += 1,
        }
    }
    days
}

/// The dashboard: the days, and the guides ranked by takings (then orders, then staff number);
/// the promoters are [`promoters::promoter_figures`]'s.
pub fn dashboard(range: &DayRange, facts: &[Fact], mut guides: Vec<GuideFigures>) -> Dashboard {
    crate::sorting::sort_by(&mut guides, |a, b| {
        b.takings_fen
            .cmp(&a.takings_fen)
            .then(b.orders_for_customers.cmp(&a.orders_for_customers))
            .then(a.staff_id.cmp(&b.staff_id))
    });
    Dashboard { days: days(range, facts), guides, promoters: Vec::new() }
}

/// `redeemed / claimed` rounded to four places; 0 while nothing was claimed.
pub fn redemption_rate(claimed: u32, redeemed: u32) -> f64 {
    if claimed == 0 {
        return 0.0;
    }
    (f64::from(redeemed.min(claimed)) / f64::from(claimed) * 10_000.0).round() / 10_000.0
}

/// One CSV field: quoted when it holds a comma, quote or line break (quotes doubled), and a
/// leading `=`, `+`, `-` or `@` defused with an apostrophe so a spreadsheet does not run it.
pub fn csv_field(text: &str) -> String {
    let defused = match text.chars().next() {
        Some('=' | '+' | '-' | '@') if text.parse::<f64>().is_err() => format!("'{text}"),
        _ => text.to_owned(),
    };
    if defused.contains([',', '"', '\n', '\r']) { format!("\"{}\"", defused.replace('"', "\"\"")) } else { defused }
}

fn csv_line(fields: &[String]) -> String {
    fields.iter().map(|f| csv_field(f)).collect::<Vec<_>>().join(",") + "\r\n"
}

/// The dashboard as CSV: the days, a blank line, then the guides (amounts in fen).
pub fn dashboard_csv(d: &Dashboard) -> String {
    let mut out = csv_line(
        &["date", "orders", "takings_fen", "new_members", "coupons_redeemed", "flash_units_sold"].map(String::from),
    );
    for day in &d.days {
        out += &csv_line(&[
            day.date.clone(),
            day.orders.to_string(),
            day.takings_fen.to_string(),
            day.new_members.to_string(),
            day.coupons_redeemed.to_string(),
            day.flash_units_sold.to_string(),
        ]);
    }
    out += "\r\n";
    out += &csv_line(&["staff_id", "name", "customers", "orders_for_customers", "takings_fen"].map(String::from));
    for g in &d.guides {
        out += &csv_line(&[
            g.staff_id.clone(),
            g.name.clone(),
            g.customers.to_string(),
            g.orders_for_customers.to_string(),
            g.takings_fen.to_string(),
        ]);
    }
    out
}

/// The day report (对账) as CSV: one `field,value` line per figure, then the takings by method
/// and every disagreement with the gateway.
pub fn day_report_csv(r: &DayReport) -> String {
    let figures: [(&str, String); 17] = [
        ("store_id", r.store_id.clone()),
        ("date", r.date.clone()),
        ("orders_paid", r.orders_paid.to_string()),
        ("subtotal_fen", r.subtotal_fen.to_string()),
        ("discount_fen", r.discount_fen.to_string()),
        ("takings_fen", r.takings_fen.to_string()),
        ("refunds", r.refunds.to_string()),
        ("refunded_fen", r.refunded_fen.to_string()),
        ("picked_up", r.picked_up.to_string()),
        ("counter_sales", r.counter_sales.to_string()),
        ("counter_units", r.counter_units.to_string()),
        ("counter_charges", r.counter_charges.to_string()),
        ("counter_charged_fen", r.counter_charged_fen.to_string()),
        ("returns", r.returns.to_string()),
        ("returned_fen", r.returned_fen.to_string()),
        ("discrepancies", r.discrepancies.len().to_string()),
        ("balanced", r.balanced.to_string()),
    ];
    let mut out = csv_line(&["field".into(), "value".into()]);
    for (name, value) in figures {
        out += &csv_line(&[name.to_owned(), value]);
    }
    out += "\r\n";
    out += &csv_line(&["method".into(), "count".into(), "amount_fen".into()]);
    for m in &r.by_method {
        out += &csv_line(&[m.method.as_str().to_owned(), m.count.to_string(), m.amount_fen.to_string()]);
    }
    out += "\r\n";
    out += &csv_line(&["discrepancy".into(), "order_id".into(), "payment_id".into(), "message".into()]);
    for d in &r.discrepancies {
        out += &csv_line(&[
            d.kind.clone(),
            d.order_id.clone(),
            d.payment_id.clone().unwrap_or_default(),
            d.message.clone(),
        ]);
    }
    out
}

#[cfg(test)]
mod tests;
