//! The book of scheduled messages of one recipient group (a Durable Object's state): what is
//! due when, and which keys were sent, so each message goes out once.

use super::{DedupeKey, MessageKind};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// A message waiting for its time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scheduled {
    key: DedupeKey,
    recipient: String,
    kind: MessageKind,
    subject: String,
    due: DateTime<Utc>,
}

impl Scheduled {
    pub(super) fn new(recipient: &str, kind: MessageKind, subject: &str, due: DateTime<Utc>) -> Scheduled {
        Scheduled {
            key: DedupeKey::new(recipient, kind, subject),
            recipient: recipient.to_owned(),
            kind,
            subject: subject.to_owned(),
            due,
        }
    }

    /// Its "sent once" identity.
    pub fn key(&self) -> &DedupeKey {
        &self.key
    }
    /// A member or staff id.
    pub fn recipient(&self) -> &str {
        &self.recipient
    }
    /// Its kind.
    pub fn kind(&self) -> MessageKind {
        self.kind
    }
    /// What it is about (a sale, coupon or order id).
    pub fn subject(&self) -> &str {
        &self.subject
    }
    /// When it is due.
    pub fn due(&self) -> DateTime<Utc> {
        self.due
    }
}

/// Scheduled messages and the keys already sent.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReminderBook {
    waiting: Vec<Scheduled>,
    sent: BTreeSet<DedupeKey>,
}

impl ReminderBook {
    /// An empty book.
    pub fn new() -> ReminderBook {
        ReminderBook::default()
    }

    /// Adds `message`; `false` (and nothing changes) when a message with its key is already
    /// waiting or was sent.
    pub fn schedule(&mut self, message: Scheduled) -> bool {
        if self.sent.contains(&message.key) || self.waiting.iter().any(|w| w.key == message.key) {
            return false;
        }
        self.waiting.push(message);
        true
    }

    /// Takes every message due at `now`, earliest first, marking them sent.
    pub fn take_due(&mut self, now: DateTime<Utc>) -> Vec<Scheduled> {
        let (mut due, waiting): (Vec<Scheduled>, Vec<Scheduled>) =
            std::mem::take(&mut self.waiting).into_iter().partition(|w| w.due <= now);
        self.waiting = waiting;
        crate::sorting::sort_by(&mut due, |a, b| a.due.cmp(&b.due).then_with(|| a.key.cmp(&b.key)));
        self.sent.extend(due.iter().map(|d| d.key.clone()));
        due
    }

    /// Withdraws a waiting message (the member cancelled the reminder); `false` if none waits.
    pub fn cancel(&mut self, key: &DedupeKey) -> bool {
        let before = self.waiting.len();
        self.waiting.retain(|w| w.key != *key);
        self.waiting.len() != before
    }

    /// When the next message falls due: the time to set the object's alarm for.
    pub fn next_due(&self) -> Option<DateTime<Utc>> {
        self.waiting.iter().map(|w| w.due).min()
    }

    /// Whether the message with `key` went out.
    pub fn was_sent(&self, key: &DedupeKey) -> bool {
        self.sent.contains(key)
    }
}
