//! Instants as storage keeps them: RFC 3339 UTC text. Reading one back is a parse that can
//! fail (a row written by hand, a column holding something else), and a failure is an error
//! for the caller to report, never the epoch: an order "created in 1970" would sort, expire
//! and reconcile wrongly without anyone noticing.
//!
//! The [`stored`] and [`stored_opt`] modules plug the parse into serde (`#[serde(with = …)]`),
//! so a storage row is parsed into `DateTime<Utc>` where it is read, at the boundary.

use chrono::{DateTime, SecondsFormat, Utc};

/// Text that is not an RFC 3339 instant.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not an RFC 3339 instant: {0:?}")]
pub struct BadInstant(pub String);

/// Reads an RFC 3339 instant (any offset; the result is UTC).
pub fn parse_instant(text: &str) -> Result<DateTime<Utc>, BadInstant> {
    DateTime::parse_from_rfc3339(text).map(|t| t.with_timezone(&Utc)).map_err(|_| BadInstant(text.to_owned()))
}

/// The stored form: fixed-width UTC with milliseconds, so text order is time order.
pub fn format_instant(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Serde for a stored instant: written by [`format_instant`], read by [`parse_instant`].
pub mod stored {
    use chrono::{DateTime, Utc};
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes the stored form.
    pub fn serialize<S: Serializer>(t: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::format_instant(*t))
    }

    /// Reads an RFC 3339 instant; anything else is a deserialization error.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
        let text = String::deserialize(d)?;
        super::parse_instant(&text).map_err(serde::de::Error::custom)
    }
}

/// Serde for a stored instant that may be absent (SQL `NULL`).
pub mod stored_opt {
    use chrono::{DateTime, Utc};
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes the stored form, or null.
    pub fn serialize<S: Serializer>(t: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => s.serialize_str(&super::format_instant(*t)),
            None => s.serialize_none(),
        }
    }

    /// Reads null as `None` and text as an RFC 3339 instant; anything else is an error.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
        match Option::<String>::deserialize(d)? {
            Some(text) => super::parse_instant(&text).map(Some).map_err(serde::de::Error::custom),
            None => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde::{Deserialize, Serialize};

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Row {
        #[serde(with = "stored")]
        at: DateTime<Utc>,
        #[serde(default, with = "stored_opt")]
        paid_at: Option<DateTime<Utc>>,
    }

    #[test]
    fn reads_what_storage_holds() {
        let t = parse_instant("2026-11-24T03:00:00.250Z").expect("instant");
        assert_eq!(format_instant(t), "2026-11-24T03:00:00.250Z");
        // Older rows were written with `to_rfc3339()` (an offset, no fixed width).
        assert_eq!(parse_instant("2026-11-24T11:00:00.250+08:00"), Ok(t));
    }

    #[test]
    fn a_bad_instant_is_an_error_not_the_epoch() {
        assert_eq!(parse_instant("yesterday"), Err(BadInstant("yesterday".into())));
        assert!(parse_instant("").is_err());
        assert!(parse_instant("2026-13-01T00:00:00Z").is_err());
        let bad = serde_json::from_str::<Row>(r#"{"at":"soon","paid_at":null}"#);
        assert!(bad.is_err());
        let bad = serde_json::from_str::<Row>(r#"{"at":"2026-11-24T03:00:00.000Z","paid_at":"later"}"#);
        assert!(bad.is_err());
    }

    #[test]
    fn rows_round_trip() {
        let row: Row = serde_json::from_str(r#"{"at":"2026-11-24T03:00:00.000Z","paid_at":null}"#).expect("row");
        assert_eq!(row.paid_at, None);
        let json = serde_json::to_string(&row).expect("json");
        assert_eq!(json, r#"{"at":"2026-11-24T03:00:00.000Z","paid_at":null}"#);
        let row: Row = serde_json::from_str(r#"{"at":"2026-11-24T03:00:00.000Z"}"#).expect("absent column");
        assert_eq!(row.paid_at, None);
    }

    proptest! {
        #[test]
        fn stored_text_orders_like_time(a in 0i64..4_102_444_800_000, b in 0i64..4_102_444_800_000) {
            let (ta, tb) = (DateTime::from_timestamp_millis(a).unwrap(), DateTime::from_timestamp_millis(b).unwrap());
            let (sa, sb) = (format_instant(ta), format_instant(tb));
            prop_assert_eq!(parse_instant(&sa), Ok(ta));
            prop_assert_eq!(sa.cmp(&sb), ta.cmp(&tb));
        }
    }
}
