//! Finding a guide's customers: by tag, and by a text that is part of the name, or the end of
//! the card number or of the (masked) phone number. Matching ignores case and the spaces
//! around the text; an empty filter matches everyone. Which rows are looked at (the guide's
//! own, most recently active first) is the database's query.

use super::Customer;

/// A search of a guide's customers, from the list's `tag` and `q` parameters.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CustomerSearch {
    tag: Option<String>,
    text: Option<String>,
}

impl CustomerSearch {
    /// The search for `tag` and `q` as they arrive (either may be missing or blank).
    pub fn parse(tag: Option<&str>, q: Option<&str>) -> Self {
        let clean = |s: Option<&str>| s.map(|s| s.trim().to_lowercase()).filter(|s| !s.is_empty());
        CustomerSearch { tag: clean(tag), text: clean(q) }
    }

    /// Whether `customer` is one the search asks for.
    pub fn matches(&self, customer: &Customer) -> bool {
        let tagged = self.tag.as_ref().is_none_or(|t| customer.tags.iter().any(|x| x.to_lowercase() == *t));
        let found = self.text.as_ref().is_none_or(|q| {
            customer.name.to_lowercase().contains(q)
                || customer.card_no.ends_with(q.as_str())
                || customer.phone_masked.ends_with(q.as_str())
        });
        tagged && found
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn customer() -> Customer {
        let at = Utc.timestamp_opt(1_800_000_000, 0).single().expect("valid");
        Customer {
            member_id: "M10000001".into(),
            name: "Li Na 李娜".into(),
            phone_masked: "138****0001".into(),
            card_no: "6200001234".into(),
            tags: vec!["VIP".into(), "护肤".into()],
            bound_at: at,
            last_active_at: at,
            orders: 0,
            spend_fen: 0,
        }
    }

    #[test]
    fn a_customer_is_found_by_tag_name_card_or_phone_ending() {
        let c = customer();
        assert!(CustomerSearch::parse(None, None).matches(&c));
        assert!(CustomerSearch::parse(Some(" vip "), Some("")).matches(&c), "tags ignore case and spaces");
        assert!(CustomerSearch::parse(Some("护肤"), Some("li na")).matches(&c));
        assert!(CustomerSearch::parse(None, Some("李娜")).matches(&c));
        assert!(CustomerSearch::parse(None, Some("1234")).matches(&c), "the card number's end");
        assert!(CustomerSearch::parse(None, Some("0001")).matches(&c), "the phone number's end");
        assert!(!CustomerSearch::parse(None, Some("6200")).matches(&c), "not the card number's start");
        assert!(!CustomerSearch::parse(Some("VI"), None).matches(&c), "a whole tag, not part of one");
        assert!(!CustomerSearch::parse(Some("vip"), Some("wang")).matches(&c), "both filters must match");
    }
}
