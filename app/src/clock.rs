//! Time arithmetic behind countdowns and local-time labels, as plain functions.

use chrono::{DateTime, FixedOffset, Utc};

/// The browser's clock (which Playwright can drive in tests).
pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// Whole seconds from `now_ms` until `until` (0 once it has passed), rounded up so a countdown
/// shows 1 during the last second rather than 0.
pub fn seconds_left(until: DateTime<Utc>, now_ms: i64) -> i64 {
    let ms = until.timestamp_millis() - now_ms;
    if ms <= 0 { 0 } else { (ms + 999) / 1000 }
}

/// `2026-11-24 15:44` in the store's zone (`offset_minutes` east of UTC).
pub fn local_label(at: DateTime<Utc>, offset_minutes: i32) -> String {
    let offset = FixedOffset::east_opt(offset_minutes * 60)
        .unwrap_or_else(|| FixedOffset::east_opt(0).expect("UTC is a valid offset"));
    at.with_timezone(&offset).format("%Y-%m-%d %H:%M").to_string()
}

/// Shanghai time, which all demo stores keep.
pub const CHINA_OFFSET_MINUTES: i32 = 480;

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn countdowns_round_up_and_stop_at_zero() {
        let until = Utc.timestamp_opt(1_800_000_030, 0).single().unwrap();
        let ms = |s: i64| 1_800_000_000_000 + s;
        assert_eq!(seconds_left(until, ms(0)), 30);
        assert_eq!(seconds_left(until, ms(29_001)), 1);
        assert_eq!(seconds_left(until, ms(30_000)), 0);
        assert_eq!(seconds_left(until, ms(99_000)), 0);
    }

    #[test]
    fn times_show_in_the_store_zone() {
        let at = Utc.with_ymd_and_hms(2026, 11, 24, 7, 44, 16).single().unwrap();
        assert_eq!(local_label(at, CHINA_OFFSET_MINUTES), "2026-11-24 15:44");
        assert_eq!(local_label(at, 0), "2026-11-24 07:44");
    }
}
