//! What the coordinator of a sale's live feed knows of its buckets' counts, and what one bucket
//! last reported. Reports travel between objects and may arrive late or twice: each carries a
//! stamp (the reporting object's start, then a counter), and an older one never replaces a newer.

use crate::protocol::live::{Count, Stamp};
use std::collections::BTreeMap;

/// One bucket object's side of the live feed (in memory: an evicted coordinator asks again).
#[derive(Clone, Debug)]
pub struct LiveTally {
    /// Coordinator: each bucket's last count.
    counts: BTreeMap<u32, Count>,
    /// This bucket: the count it last reported.
    reported: Option<u32>,
    started_ms: i64,
    seq: u64,
}

impl LiveTally {
    /// Nothing known yet, for an object that started at `started_ms`.
    pub fn new(started_ms: i64) -> LiveTally {
        LiveTally { counts: BTreeMap::new(), reported: None, started_ms, seq: 0 }
    }

    fn stamp(&mut self) -> Stamp {
        self.seq += 1;
        (self.started_ms, self.seq)
    }

    /// This bucket's count is now `available`: the report to send, or `None` if it is the count
    /// already reported.
    pub fn changed(&mut self, available: u32) -> Option<Count> {
        if self.reported.replace(available) == Some(available) {
            return None;
        }
        Some(Count { available, stamp: self.stamp() })
    }

    /// Asked to report again from now on: the count to answer with (stamped, and remembered as
    /// reported).
    pub fn restart(&mut self, available: u32) -> Count {
        self.reported = Some(available);
        Count { available, stamp: self.stamp() }
    }

    /// Coordinator: keeps a bucket's count unless a newer one was already heard.
    pub fn note(&mut self, index: u32, count: Count) {
        if self.counts.get(&index).is_none_or(|known| known.stamp < count.stamp) {
            self.counts.insert(index, count);
        }
    }

    /// Coordinator: its own bucket's count (bucket 0), as of now.
    pub fn note_own(&mut self, available: u32) {
        let count = Count { available, stamp: self.stamp() };
        self.counts.insert(0, count);
    }

    /// Coordinator: the buckets among `0..buckets` not heard from.
    pub fn missing(&self, buckets: u32) -> Vec<u32> {
        (0..buckets).filter(|i| !self.counts.contains_key(i)).collect()
    }

    /// Coordinator: the sale's total of the counts heard.
    pub fn total(&self) -> u32 {
        self.counts.values().map(|c| c.available).sum()
    }

    /// Coordinator: forgets the other buckets' counts (they may have stopped reporting while
    /// nobody watched), keeping its own.
    pub fn forget_others(&mut self) {
        self.counts.retain(|index, _| *index == 0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bucket_reports_only_a_count_that_changed() {
        let mut t = LiveTally::new(7);
        let first = t.changed(5).expect("a first report");
        assert_eq!((first.available, first.stamp), (5, (7, 1)));
        assert!(t.changed(5).is_none(), "the same count again is not reported");
        assert_eq!(t.changed(4).map(|c| c.stamp), Some((7, 2)));
        let restarted = t.restart(4);
        assert_eq!(restarted.stamp, (7, 3));
        assert!(t.changed(4).is_none(), "a restart counts as reported");
    }

    #[test]
    fn the_coordinator_sums_the_newest_counts_and_asks_the_missing() {
        let mut t = LiveTally::new(1);
        t.note_own(3);
        assert_eq!(t.missing(3), vec![1, 2]);
        t.note(1, Count { available: 4, stamp: (9, 2) });
        t.note(1, Count { available: 9, stamp: (9, 1) });
        assert_eq!(t.total(), 7, "a late, older report does not undo a newer one");
        t.note(2, Count { available: 1, stamp: (5, 1) });
        assert!(t.missing(3).is_empty());
        assert_eq!(t.total(), 8);
        t.note(2, Count { available: 0, stamp: (6, 1) });
        assert_eq!(t.total(), 7, "a restarted bucket's stamps are newer");
        t.forget_others();
        assert_eq!((t.total(), t.missing(3)), (3, vec![1, 2]));
    }
}
