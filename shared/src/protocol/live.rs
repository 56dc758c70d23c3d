//! What a sale's buckets tell each other about live stock: a bucket reports its available count
//! to bucket 0 (the coordinator of the sale's WebSocket subscribers), which answers whether
//! anyone is watching; when the first subscriber arrives, the coordinator asks each bucket to
//! report again.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Which report of a bucket is newer: the instant its object started (ms), then a counter.
pub type Stamp = (i64, u64);

/// A bucket's available count changed (sent to bucket 0).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Report {
    /// The reporting bucket.
    pub index: u32,
    /// Its units free to lock now.
    pub available: u32,
    /// Which of its reports this is.
    pub stamp: Stamp,
    /// The instant of the change.
    pub now: DateTime<Utc>,
}

/// Whether the coordinator has subscribers (a bucket reports only while it has).
#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
pub struct Watching {
    /// Someone is watching.
    pub watched: bool,
}

/// The coordinator has subscribers: report changes from now on, starting with this count.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Watch {
    /// The instant the worker acts at.
    pub now: DateTime<Utc>,
}

/// A bucket's available count, with its stamp.
#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
pub struct Count {
    /// Units free to lock.
    pub available: u32,
    /// Which of the bucket's reports this is.
    pub stamp: Stamp,
}

commands! {
    /// What buckets ask each other about live stock (the wire form).
    LiveCommand,
    /// A live-stock command a bucket answers.
    LiveCall {
        /// A count changed.
        Report => Watching,
        /// Start reporting.
        Watch => Count,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn live_commands_keep_their_wire_form() {
        let at = DateTime::parse_from_rfc3339("2026-11-30T08:00:00Z").map(|t| t.with_timezone(&Utc)).unwrap();
        let report: LiveCommand = Report { index: 2, available: 5, stamp: (7, 3), now: at }.into();
        assert_eq!(
            serde_json::to_value(&report).unwrap(),
            serde_json::json!({"op": "report", "index": 2, "available": 5, "stamp": [7, 3], "now": "2026-11-30T08:00:00Z"})
        );
        let watch: LiveCommand = Watch { now: at }.into();
        assert_eq!(
            serde_json::to_value(&watch).unwrap(),
            serde_json::json!({"op": "watch", "now": "2026-11-30T08:00:00Z"})
        );
        assert_eq!(reply::<Report>(&Watching { watched: true }), serde_json::json!({"watched": true}));
    }
}
