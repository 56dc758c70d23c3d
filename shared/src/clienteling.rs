//! Clienteling (导购与客户): a guide looks after the customers bound to them, labels them with
//! tags, and can place orders on their behalf.
//!
//! A customer is bound by scanning their dynamic member code at the counter (so they are there
//! and agree). A customer has one guide per store. Another guide of the store takes them over
//! only once the binding has been quiet for [`PROTECTION_DAYS`] (no order, no scan, no tag
//! change): the usual "protection period" of department-store clienteling.

use crate::idempotency::IdempotencyKey;
use crate::ids::{MemberId, OrderId};
use crate::keys::mac;
use crate::order::KeyError;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// Tags a customer can carry.
pub const MAX_TAGS: usize = 8;
/// Characters in one tag.
pub const MAX_TAG_CHARS: usize = 12;
/// Days a binding protects its guide after the last interaction.
pub const PROTECTION_DAYS: i64 = 180;

/// A guide's label for a customer (`VIP`, `爱买包`, `周末来`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Tag(String);

/// Why a tag was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TagError {
    /// Nothing but spaces.
    #[error("a tag cannot be empty")]
    Empty,
    /// Too long.
    #[error("a tag is at most {MAX_TAG_CHARS} characters")]
    TooLong,
    /// Commas separate stored tags; control characters do not print.
    #[error("a tag cannot contain commas or control characters")]
    BadChar,
    /// Too many tags.
    #[error("a customer carries at most {MAX_TAGS} tags")]
    TooMany,
}

impl Tag {
    /// A tag: trimmed, 1 to [`MAX_TAG_CHARS`] characters, no commas (ASCII or full-width) or
    /// control characters.
    pub fn parse(raw: &str) -> Result<Tag, TagError> {
        let t = raw.trim();
        if t.is_empty() {
            return Err(TagError::Empty);
        }
        if t.chars().count() > MAX_TAG_CHARS {
            return Err(TagError::TooLong);
        }
        if t.chars().any(|c| c == ',' || c == '，' || c.is_control()) {
            return Err(TagError::BadChar);
        }
        Ok(Tag(t.to_owned()))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A customer's tags, in the order the guide gave them, without repeats (any case).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Tags(Vec<Tag>);

impl Tags {
    /// Reads a list from a request; the error says which one (by index) is wrong.
    pub fn parse(raw: &[String]) -> Result<Tags, (usize, TagError)> {
        let mut tags: Vec<Tag> = Vec::new();
        for (i, r) in raw.iter().enumerate() {
            let tag = Tag::parse(r).map_err(|e| (i, e))?;
            if !tags.iter().any(|t| t.0.to_lowercase() == tag.0.to_lowercase()) {
                tags.push(tag);
            }
        }
        if tags.len() > MAX_TAGS {
            return Err((MAX_TAGS, TagError::TooMany));
        }
        Ok(Tags(tags))
    }

    /// As stored in one column: comma-separated.
    pub fn to_stored(&self) -> String {
        self.0.iter().map(Tag::as_str).collect::<Vec<_>>().join(",")
    }

    /// Back from the column (anything that no longer parses is dropped, never fatal).
    pub fn from_stored(stored: &str) -> Tags {
        let raw: Vec<String> = stored.split(',').map(str::to_owned).collect();
        let good: Vec<String> = raw.into_iter().filter(|r| Tag::parse(r).is_ok()).take(MAX_TAGS).collect();
        Tags::parse(&good).unwrap_or_default()
    }

    /// The tags.
    pub fn as_slice(&self) -> &[Tag] {
        &self.0
    }

    /// Whether one of them is `tag` (any case).
    pub fn has(&self, tag: &str) -> bool {
        let tag = tag.trim().to_lowercase();
        self.0.iter().any(|t| t.0.to_lowercase() == tag)
    }
}

/// The binding a customer has in a store now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Binding {
    /// The guide.
    pub guide_id: String,
    /// The last order, scan or tag change.
    pub last_active_at: DateTime<Utc>,
}

/// What binding a customer to a guide does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BindOutcome {
    /// A new binding.
    New,
    /// The customer was already this guide's; the binding is refreshed.
    AlreadyYours,
    /// The customer's binding to another guide had lapsed; it moves to this guide.
    TakenOver {
        /// The guide they were bound to.
        from: String,
    },
}

/// Why a binding was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BindError {
    /// Another guide of the store looks after this customer and the protection period runs.
    #[error("this customer is looked after by guide {guide_id} until {until}")]
    BoundElsewhere {
        /// The guide.
        guide_id: String,
        /// When the protection period ends (if nothing happens before).
        until: DateTime<Utc>,
    },
}

impl From<BindError> for crate::ApiError {
    fn from(e: BindError) -> crate::ApiError {
        match e {
            BindError::BoundElsewhere { .. } => crate::ApiError::new(crate::ErrorCode::BoundElsewhere, e.to_string()),
        }
    }
}

/// When a binding stops protecting its guide.
pub fn protected_until(binding: &Binding) -> DateTime<Utc> {
    binding.last_active_at + Duration::days(PROTECTION_DAYS)
}

/// Decides a bind of a customer (who has `current` in this store) to `guide` at `now`.
pub fn bind(current: Option<&Binding>, guide: &str, now: DateTime<Utc>) -> Result<BindOutcome, BindError> {
    match current {
        None => Ok(BindOutcome::New),
        Some(b) if b.guide_id == guide => Ok(BindOutcome::AlreadyYours),
        Some(b) if now >= protected_until(b) => Ok(BindOutcome::TakenOver { from: b.guide_id.clone() }),
        Some(b) => Err(BindError::BoundElsewhere { guide_id: b.guide_id.clone(), until: protected_until(b) }),
    }
}

/// A customer as their guide sees them (`GET /api/guide/customers`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Customer {
    /// `M10000001`.
    pub member_id: String,
    /// Name.
    pub name: String,
    /// `138****0001`.
    pub phone_masked: String,
    /// Card number.
    pub card_no: String,
    /// Tags.
    pub tags: Vec<String>,
    /// When they were bound to this guide.
    pub bound_at: DateTime<Utc>,
    /// The last order, scan or tag change.
    pub last_active_at: DateTime<Utc>,
    /// Orders at this store (any state but cancelled/expired).
    pub orders: u32,
    /// What they spent at this store (paid orders, fen).
    pub spend_fen: u64,
}

/// A customer as D1 gives them: the binding, the member, and their orders at the store.
#[derive(Clone, Debug, Deserialize)]
pub struct CustomerRow {
    /// `M10000001`.
    pub member_id: String,
    /// Name.
    pub name: String,
    /// The phone as registered.
    pub phone: String,
    /// Card number.
    pub card_no: String,
    /// Tags as stored ([`Tags::to_stored`]).
    pub tags: String,
    /// When they were bound to this guide.
    #[serde(with = "crate::instant::stored")]
    pub bound_at: DateTime<Utc>,
    /// The last order, scan or tag change.
    #[serde(with = "crate::instant::stored")]
    pub last_active_at: DateTime<Utc>,
    /// Orders at this store (any state but cancelled/expired).
    pub orders: i64,
    /// What they spent at this store (paid orders, fen).
    pub spend_fen: i64,
}

impl TryFrom<CustomerRow> for Customer {
    type Error = crate::member::StoredPhoneError;

    /// The customer as the guide sees them: the phone masked, negative figures as zero.
    fn try_from(r: CustomerRow) -> Result<Customer, Self::Error> {
        Ok(Customer {
            phone_masked: crate::member::masked_phone(&r.member_id, &r.phone)?,
            member_id: r.member_id,
            name: r.name,
            card_no: r.card_no,
            tags: Tags::from_stored(&r.tags).as_slice().iter().map(|t| t.as_str().to_owned()).collect(),
            bound_at: r.bound_at,
            last_active_at: r.last_active_at,
            orders: r.orders.max(0) as u32,
            spend_fen: r.spend_fen.max(0) as u64,
        })
    }
}

/// `POST /api/guide/customers`: the customer's member code, scanned at the counter.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BindRequest {
    /// Dynamic member code.
    pub code: String,
    /// Tags to start with.
    #[serde(default)]
    pub tags: Vec<String>,
}

/// `PUT /api/guide/customers/{member_id}/tags`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagsRequest {
    /// The whole new list.
    pub tags: Vec<String>,
}

/// `POST /api/guide/orders`: an order placed by a guide for a customer bound to them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuideOrderRequest {
    /// The customer.
    pub member_id: String,
    /// Lines, as in `POST /api/orders`; the store is the guide's.
    pub lines: Vec<crate::order::LineRequest>,
}

/// Why a guide may not order for a customer: the customer is not bound to them (403
/// `FORBIDDEN`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0} is not your customer; scan their member code to bind them first")]
pub struct NotYourCustomer(pub MemberId);

impl From<NotYourCustomer> for crate::ApiError {
    fn from(e: NotYourCustomer) -> crate::ApiError {
        crate::ApiError::new(crate::ErrorCode::Forbidden, e.to_string())
    }
}

/// Whether guide `guide_id` may place an order for `member`, whose binding in the store names
/// `bound_to` (`None`: nobody): only for a customer bound to them.
pub fn may_order_for(bound_to: Option<&str>, guide_id: &str, member: &MemberId) -> Result<(), NotYourCustomer> {
    if bound_to != Some(guide_id) {
        return Err(NotYourCustomer(member.clone()));
    }
    Ok(())
}

/// The id of an order a guide places for a customer under an idempotency key: the same key
/// from the same guide for the same customer is the same order, and it can never collide with
/// an order the member placed themselves under the same key.
pub fn guide_order_id(
    key: &[u8],
    member: &MemberId,
    guide: &str,
    idempotency_key: &IdempotencyKey,
) -> Result<OrderId, KeyError> {
    let digest =
        mac(key, &[b"guide-order", guide.as_bytes(), member.as_str().as_bytes(), idempotency_key.as_str().as_bytes()]);
    OrderId::parse(&format!("O{}", &crate::ids::base32(&digest[..10]))).map_err(|_| KeyError)
}

pub mod handover;
pub mod search;

#[cfg(test)]
mod tests;
