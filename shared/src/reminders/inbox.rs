//! A message as D1's inbox keeps it, and as the API shows it ([`MessageRow::view`]).

use super::MessageKind;
use crate::api::Message;
use chrono::{DateTime, Utc};
use serde::Deserialize;

/// A message row as the inbox and the pusher read it.
#[derive(Deserialize)]
pub struct MessageRow {
    /// The message.
    pub id: String,
    /// Whom it is for.
    pub recipient: String,
    /// Its kind's contract string.
    pub kind: String,
    /// Title.
    pub title: String,
    /// Body.
    pub body: String,
    /// Where tapping it leads.
    pub link: String,
    /// When it falls due (and is shown as sent).
    #[serde(with = "crate::instant::stored")]
    pub due_at: DateTime<Utc>,
    /// Non-zero once read.
    pub is_read: i64,
}

impl MessageRow {
    /// The API's view; `None` for a kind this build does not know (a newer row).
    pub fn view(self) -> Option<Message> {
        Some(Message {
            kind: MessageKind::parse(&self.kind).ok()?,
            id: self.id,
            title: self.title,
            body: self.body,
            link: self.link,
            created_at: self.due_at,
            read: self.is_read != 0,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(kind: &str, is_read: i64) -> MessageRow {
        serde_json::from_value(serde_json::json!({
            "id": "N1", "recipient": "M10000001", "kind": kind, "title": "t", "body": "b", "link": "/l",
            "due_at": "2026-11-24T08:00:00.000Z", "is_read": is_read
        }))
        .unwrap()
    }

    #[test]
    fn a_known_kind_is_shown_due_at_as_its_time() {
        let kind = MessageKind::SaleStarting.as_str();
        let m = row(kind, 1).view().unwrap();
        assert_eq!((m.kind, m.id.as_str(), m.title.as_str()), (MessageKind::SaleStarting, "N1", "t"));
        assert_eq!((m.body.as_str(), m.link.as_str(), m.read), ("b", "/l", true));
        assert_eq!(m.created_at.to_rfc3339(), "2026-11-24T08:00:00+00:00");
        assert!(!row(kind, 0).view().unwrap().read);
    }

    #[test]
    fn an_unknown_kind_is_left_out() {
        assert!(row("from_a_newer_build", 0).view().is_none());
    }
}
