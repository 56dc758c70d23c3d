//! The arithmetic behind the flash-sale page: which countdown to show and what the buy button
//! says, as plain functions tested natively.

use crate::i18n::{self, Lang};
use chrono::{DateTime, Utc};
use shared::api::FlashSaleView;
use shared::flash_sale::SaleStatus;

/// What the countdown counts to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Countdown {
    /// Seconds until the sale starts.
    ToStart(i64),
    /// Seconds until it ends.
    ToEnd(i64),
    /// It is over.
    Over,
}

/// The countdown at `now_ms` (the browser's clock), whatever status the server last reported.
pub fn countdown(starts_at: DateTime<Utc>, ends_at: DateTime<Utc>, now_ms: i64) -> Countdown {
    let secs = |t: DateTime<Utc>| (t.timestamp_millis() - now_ms + 999).div_euclid(1000);
    if now_ms < starts_at.timestamp_millis() {
        Countdown::ToStart(secs(starts_at))
    } else if now_ms < ends_at.timestamp_millis() {
        Countdown::ToEnd(secs(ends_at))
    } else {
        Countdown::Over
    }
}

/// `01:02:03`, or `2d 03:04:05` past a day (the day in the language's words).
pub fn hms(lang: Lang, total: i64) -> String {
    let total = total.max(0);
    let (d, h, m, s) = (total / 86_400, total % 86_400 / 3600, total % 3600 / 60, total % 60);
    let time = format!("{h:02}:{m:02}:{s:02}");
    if d > 0 { (i18n::strings(lang).days_and_time)(d, &time) } else { time }
}

/// The buy button's state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Button {
    /// Not started: shows when it starts.
    Upcoming,
    /// Buyable.
    Buy,
    /// Nothing left.
    SoldOut,
    /// This member holds the limit already.
    LimitReached,
    /// Over.
    Ended,
    /// Called off by the store.
    Cancelled,
}

/// The button for a sale at `now_ms`. The browser's clock decides start and end (so the
/// button turns live the moment the countdown hits zero); units and the member's limit come
/// from the server.
pub fn button(sale: &FlashSaleView, now_ms: i64) -> Button {
    if sale.status == SaleStatus::Cancelled {
        return Button::Cancelled;
    }
    match countdown(sale.starts_at, sale.ends_at, now_ms) {
        Countdown::ToStart(_) => Button::Upcoming,
        Countdown::Over => Button::Ended,
        Countdown::ToEnd(_) => {
            if sale.my_held.is_some_and(|held| held >= sale.per_member_limit) {
                Button::LimitReached
            } else if sale.remaining == 0 || sale.status == SaleStatus::SoldOut {
                Button::SoldOut
            } else {
                Button::Buy
            }
        }
    }
}

/// Percentage of the sale already taken, for the progress bar.
pub fn taken_percent(sale: &FlashSaleView) -> u32 {
    if sale.quantity == 0 {
        return 100;
    }
    (sale.quantity.saturating_sub(sale.remaining) * 100 / sale.quantity).min(100)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use shared::Fen;

    fn at(s: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(1_800_000_000 + s, 0).single().unwrap()
    }
    fn ms(s: i64) -> i64 {
        (1_800_000_000 + s) * 1000
    }
    fn sale(remaining: u32, held: Option<u32>) -> FlashSaleView {
        FlashSaleView {
            id: "FS1".into(),
            sku: "SKU-1".into(),
            store_id: "S1".into(),
            title: "t".into(),
            title_en: "t".into(),
            image: String::new(),
            price_fen: Fen::new(100),
            original_price_fen: Fen::new(26_000),
            starts_at: at(0),
            ends_at: at(3600),
            quantity: 50,
            remaining,
            per_member_limit: 1,
            status: SaleStatus::Live,
            lock_minutes: 10,
            buckets: 1,
            my_held: held,
        }
    }

    #[test]
    fn the_countdown_counts_to_start_then_to_end() {
        assert_eq!(countdown(at(0), at(3600), ms(-90)), Countdown::ToStart(90));
        assert_eq!(countdown(at(0), at(3600), ms(-90) + 1), Countdown::ToStart(90), "rounds up");
        assert_eq!(countdown(at(0), at(3600), ms(0)), Countdown::ToEnd(3600));
        assert_eq!(countdown(at(0), at(3600), ms(3600)), Countdown::Over);
    }

    #[test]
    fn durations_read_as_clocks() {
        assert_eq!(hms(Lang::Zh, 3723), "01:02:03");
        assert_eq!(hms(Lang::En, 0), "00:00:00");
        assert_eq!(hms(Lang::Zh, -5), "00:00:00");
        assert_eq!(hms(Lang::Zh, 2 * 86_400 + 3 * 3600 + 4 * 60 + 5), "2天 03:04:05");
        assert_eq!(hms(Lang::En, 2 * 86_400 + 3 * 3600 + 4 * 60 + 5), "2d 03:04:05");
    }

    #[test]
    fn the_button_follows_time_units_and_the_limit() {
        assert_eq!(button(&sale(10, None), ms(-1)), Button::Upcoming);
        assert_eq!(button(&sale(10, None), ms(0)), Button::Buy, "live the moment the countdown ends");
        assert_eq!(button(&sale(0, None), ms(5)), Button::SoldOut);
        assert_eq!(button(&sale(10, Some(1)), ms(5)), Button::LimitReached);
        assert_eq!(button(&sale(0, Some(1)), ms(5)), Button::LimitReached, "the member's own limit says more");
        assert_eq!(button(&sale(10, Some(0)), ms(5)), Button::Buy);
        assert_eq!(button(&sale(10, None), ms(3600)), Button::Ended);
        assert_eq!(taken_percent(&sale(10, None)), 80);
    }

    #[test]
    fn a_cancelled_sale_says_so_before_and_during_its_window() {
        let mut cancelled = sale(0, None);
        cancelled.status = SaleStatus::Cancelled;
        assert_eq!(button(&cancelled, ms(-1)), Button::Cancelled);
        assert_eq!(button(&cancelled, ms(5)), Button::Cancelled);
    }
}
