//! Time arithmetic behind countdowns and local-time labels, as plain functions.

use chrono::{DateTime, Datelike, Duration, FixedOffset, TimeZone, Timelike, Utc};
use shared::api::Store;

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

/// `2026-11-24 15:44` in the store's zone (`offset_minutes` east of UTC). Written out from the
/// date's fields rather than with chrono's `format`, whose pattern parser and formatter cost the
/// app's wasm ~10 KB for this one shape.
pub fn local_label(at: DateTime<Utc>, offset_minutes: i32) -> String {
    let local = at.naive_utc() + Duration::minutes(i64::from(offset_minutes));
    let (date, time) = (local.date(), local.time());
    format!("{:04}-{:02}-{:02} {:02}:{:02}", date.year(), date.month(), date.day(), time.hour(), time.minute())
}

/// Reads a `datetime-local` value (`2026-11-24T10:00`) as wall time `offset_minutes` east of UTC.
pub fn parse_local(text: &str, offset_minutes: i32) -> Option<DateTime<Utc>> {
    let naive = shared::calendar::parse_ymd_hm(text)?;
    let offset = FixedOffset::east_opt(offset_minutes * 60)?;
    offset.from_local_datetime(&naive).single().map(|t| t.with_timezone(&Utc))
}

/// The start of the hour after the current one (an hour from `now`, truncated), as a `datetime-local` value in the zone `offset_minutes` east of UTC.
pub fn next_hour_local(now: DateTime<Utc>, offset_minutes: i32) -> String {
    local_label(now + Duration::hours(1), offset_minutes).replace(' ', "T")[..13].to_owned() + ":00"
}

/// Each store's offset from UTC, as `/api/stores` reports it: times show in the zone of the
/// store they belong to, never in a zone the app assumes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StoreZones(Vec<(String, i32)>);

impl StoreZones {
    /// The zones of the chain's stores.
    pub fn from_stores(stores: &[Store]) -> Self {
        StoreZones(stores.iter().map(|s| (s.id.to_string(), s.utc_offset_minutes)).collect())
    }

    /// Whether the stores have been loaded yet.
    pub fn is_known(&self) -> bool {
        !self.0.is_empty()
    }

    /// The offset of `store`; for a time tied to no store (or an unknown one), the first
    /// store's; UTC only until the stores are known (labels are reactive and redraw then).
    pub fn offset_of(&self, store: Option<&str>) -> i32 {
        let own = store.and_then(|id| self.0.iter().find(|(s, _)| s == id));
        own.or(self.0.first()).map(|(_, offset)| *offset).unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store(id: &str, offset: i32) -> Store {
        serde_json::from_value(serde_json::json!({
            "id": id, "name": id, "name_en": id, "address": "", "address_en": "",
            "timezone": "Etc/Test", "utc_offset_minutes": offset, "floors": []
        }))
        .expect("a store")
    }

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
        assert_eq!(local_label(at, 480), "2026-11-24 15:44");
        assert_eq!(local_label(at, 0), "2026-11-24 07:44");
        assert_eq!(local_label(at, -300), "2026-11-24 02:44");
        // Across midnight, a month and a year, both ways.
        let eve = Utc.with_ymd_and_hms(2026, 12, 31, 20, 5, 59).single().unwrap();
        assert_eq!(local_label(eve, 480), "2027-01-01 04:05");
        let dawn = Utc.with_ymd_and_hms(2027, 3, 1, 1, 0, 0).single().unwrap();
        assert_eq!(local_label(dawn, -300), "2027-02-28 20:00");
        assert_eq!(local_label(dawn, 345), "2027-03-01 06:45");
    }

    #[test]
    fn each_store_keeps_its_own_zone_and_unknown_stores_take_the_first() {
        let zones = StoreZones::from_stores(&[store("S1", 480), store("S9", -300)]);
        assert!(zones.is_known());
        assert_eq!(zones.offset_of(Some("S9")), -300);
        assert_eq!(zones.offset_of(Some("S1")), 480);
        assert_eq!(zones.offset_of(Some("S5")), 480);
        assert_eq!(zones.offset_of(None), 480);
        assert_eq!(StoreZones::default().offset_of(Some("S1")), 0);
        assert!(!StoreZones::default().is_known());
    }

    #[test]
    fn datetime_inputs_read_as_store_time_and_round_trip() {
        let at = parse_local("2026-11-24T10:00", 480).expect("a time");
        assert_eq!(at, Utc.with_ymd_and_hms(2026, 11, 24, 2, 0, 0).single().unwrap());
        assert_eq!(
            parse_local("2026-11-24T10:00", -300).map(|t| local_label(t, -300)).as_deref(),
            Some("2026-11-24 10:00")
        );
        assert_eq!(parse_local("tomorrow", 480), None);
        let now = Utc.with_ymd_and_hms(2026, 11, 24, 7, 44, 16).single().unwrap();
        assert_eq!(next_hour_local(now, 480), "2026-11-24T16:00");
        assert_eq!(next_hour_local(now, 0), "2026-11-24T08:00");
    }
}
