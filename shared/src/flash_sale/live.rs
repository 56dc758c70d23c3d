//! Live stock: how a sale's remaining count reaches the people watching it.
//!
//! The sale object pushes a [`LiveFigure`] to its WebSocket subscribers whenever the count
//! changes, but a burst of orders must not become a burst of messages: [`LiveFeed`] lets at
//! most one message out per [`LiveFeed::MIN_INTERVAL`], and what changed in between is folded
//! into the next one (last value wins). The object passes `now` in and arms a timer for the
//! instant [`Push::At`] names; the rule itself reads no clock.

use super::SaleStatus;
use chrono::{DateTime, Duration, Utc};

/// What subscribers see of a sale at one moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LiveFigure {
    /// Units still available to lock, over every bucket.
    pub remaining: u32,
    /// The sale's status with that count.
    pub status: SaleStatus,
}

impl SaleStatus {
    /// The status of a sale with window `[starts_at, ends_at)` and `remaining` units at `now`.
    pub fn at(starts_at: DateTime<Utc>, ends_at: DateTime<Utc>, remaining: u32, now: DateTime<Utc>) -> SaleStatus {
        if now < starts_at {
            SaleStatus::Upcoming
        } else if now >= ends_at {
            SaleStatus::Ended
        } else if remaining == 0 {
            SaleStatus::SoldOut
        } else {
            SaleStatus::Live
        }
    }
}

impl LiveFigure {
    /// What subscribers of `sale` see with `remaining` units at `now`: a cancelled sale says
    /// so whatever its window.
    pub fn of(sale: &super::FlashSale, cancelled: bool, remaining: u32, now: DateTime<Utc>) -> LiveFigure {
        let status = match cancelled {
            true => SaleStatus::Cancelled,
            false => SaleStatus::at(sale.starts_at(), sale.ends_at(), remaining, now),
        };
        LiveFigure { remaining, status }
    }
}

/// What the object should do after offering a figure to the feed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Push {
    /// Send this figure to every subscriber now.
    Now(LiveFigure),
    /// Arm a timer for this instant and call [`LiveFeed::due`] then.
    At(DateTime<Utc>),
    /// Nothing to do (unchanged, or a timer is already armed for it).
    Nothing,
}

/// The coalescing rule of one sale's live feed: a minimum interval between messages, the last
/// value winning, never the same figure twice in a row.
#[derive(Clone, Debug, Default)]
pub struct LiveFeed {
    sent: Option<(LiveFigure, DateTime<Utc>)>,
    pending: Option<LiveFigure>,
}

impl LiveFeed {
    /// The shortest gap between two messages: at most four a second per sale.
    pub const MIN_INTERVAL: Duration = Duration::milliseconds(250);

    /// A feed that has sent nothing yet.
    pub fn new() -> LiveFeed {
        LiveFeed::default()
    }

    /// The figure last sent, if any.
    pub fn last_sent(&self) -> Option<LiveFigure> {
        self.sent.map(|(f, _)| f)
    }

    fn next_slot(&self) -> Option<DateTime<Utc>> {
        self.sent.map(|(_, at)| at + Self::MIN_INTERVAL)
    }

    fn send(&mut self, figure: LiveFigure, now: DateTime<Utc>) -> Push {
        self.pending = None;
        if self.last_sent() == Some(figure) {
            return Push::Nothing;
        }
        self.sent = Some((figure, now));
        Push::Now(figure)
    }

    /// The count changed (or may have): decide whether it goes out now or later.
    pub fn offer(&mut self, figure: LiveFigure, now: DateTime<Utc>) -> Push {
        match self.next_slot() {
            Some(slot) if now < slot => {
                let armed = self.pending.replace(figure).is_some();
                if armed { Push::Nothing } else { Push::At(slot) }
            }
            _ => self.send(figure, now),
        }
    }

    /// The timer fired: send what waited, if its slot has come (a timer may fire early or be
    /// shared with other work, so an early call re-arms instead of sending).
    pub fn due(&mut self, now: DateTime<Utc>) -> Push {
        let Some(figure) = self.pending else { return Push::Nothing };
        match self.next_slot() {
            Some(slot) if now < slot => Push::At(slot),
            _ => self.send(figure, now),
        }
    }

    /// When the armed timer should fire, if a figure is waiting.
    pub fn waiting_until(&self) -> Option<DateTime<Utc>> {
        self.pending.and(self.next_slot())
    }
}

#[cfg(test)]
mod tests;
