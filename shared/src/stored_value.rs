//! Stored value (储值): an append-only ledger per member.
//!
//! Every change is an entry with a kind, an amount, the balance after it, a reason and a
//! reference (a payment id, an order id). [`post`] decides one entry from the balance and the
//! entry already posted under the same reference, if any: a repeated reference returns that
//! entry (so a retried payment never charges twice), and a debit never takes the balance below
//! zero. The member's Durable Object serializes posts, so concurrent debits see each other.

use crate::Fen;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// What an entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// Money in from a payment gateway.
    TopUp,
    /// Money out: an order or a counter purchase.
    Payment,
    /// Money back in for a cancelled or returned purchase.
    Refund,
}

impl EntryKind {
    /// Whether the entry adds to the balance.
    pub fn is_credit(self) -> bool {
        !matches!(self, EntryKind::Payment)
    }
}

/// A change someone asks for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Posting {
    /// Kind.
    pub kind: EntryKind,
    /// Amount (always positive; the kind says which way).
    pub amount_fen: Fen,
    /// What it is for, e.g. a payment or order id; unique per ledger.
    pub reference: String,
    /// Words for the member's statement.
    pub reason: String,
}

impl Posting {
    /// A posting of `amount_fen` of `kind` under `reference`, with words for the statement.
    pub fn new(kind: EntryKind, amount_fen: Fen, reference: &str, reason: &str) -> Posting {
        Posting { kind, amount_fen, reference: reference.to_owned(), reason: reason.to_owned() }
    }
}

/// What one top-up of stored value may be.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TopUpPolicy {
    smallest: Fen,
    largest: Fen,
}

/// A top-up amount outside the policy's range.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("must be {} to {} (¥{} to ¥{})", smallest.get(), largest.get(), grouped(smallest.get() / 100), grouped(largest.get() / 100))]
pub struct TopUpOutOfRange {
    smallest: Fen,
    largest: Fen,
}

impl TopUpPolicy {
    /// The shop's policy: ¥1 to ¥50,000 a top-up.
    pub const STANDARD: TopUpPolicy = TopUpPolicy { smallest: Fen::new(100), largest: Fen::new(5_000_000) };

    /// The amount asked for, if a top-up may be that much.
    pub fn amount(&self, fen: i64) -> Result<Fen, TopUpOutOfRange> {
        match u64::try_from(fen) {
            Ok(f) if (self.smallest.get()..=self.largest.get()).contains(&f) => Ok(Fen::new(f)),
            _ => Err(TopUpOutOfRange { smallest: self.smallest, largest: self.largest }),
        }
    }
}

/// Whole yuan with thousands separated by commas (`50,000`).
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A posted entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Position in the ledger, from 1.
    pub seq: u64,
    /// Kind.
    pub kind: EntryKind,
    /// Amount.
    pub amount_fen: Fen,
    /// Balance after this entry.
    pub balance_after_fen: Fen,
    /// Reference.
    pub reference: String,
    /// Reason.
    pub reason: String,
    /// When.
    pub at: DateTime<Utc>,
}

/// What posting did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Posted {
    /// A new entry to append.
    New(Entry),
    /// The reference was posted before; nothing to append.
    Repeat(Entry),
}

impl Posted {
    /// The entry, new or earlier.
    pub fn entry(&self) -> &Entry {
        match self {
            Posted::New(e) | Posted::Repeat(e) => e,
        }
    }
}

/// Why a posting was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PostingError {
    /// The debit is larger than the balance.
    #[error("insufficient balance: {balance} available, {needed} needed")]
    InsufficientBalance {
        /// Balance now.
        balance: Fen,
        /// Amount asked.
        needed: Fen,
    },
    /// The reference was used for a different entry.
    #[error("reference {0} was already used for a different entry")]
    ReferenceReused(String),
    /// Zero amount, or an empty or over-long reference.
    #[error("{0}")]
    Invalid(&'static str),
    /// The credit would take the balance above [`Fen::MAX`] (refused, never capped).
    #[error("amount_fen: the balance would exceed {} fen", Fen::MAX)]
    BalanceTooLarge,
}

impl From<PostingError> for crate::ApiError {
    fn from(e: PostingError) -> crate::ApiError {
        let code = match e {
            PostingError::InsufficientBalance { .. } => crate::ErrorCode::InsufficientBalance,
            PostingError::ReferenceReused(_) => crate::ErrorCode::Conflict,
            PostingError::Invalid(_) | PostingError::BalanceTooLarge => crate::ErrorCode::Invalid,
        };
        crate::ApiError::new(code, e.to_string())
    }
}

/// A charge a guide rings up at the counter: 1 fen to ¥50,000, with a note of at most 60
/// characters (surrounding spaces dropped).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CounterCharge {
    amount: Fen,
    note: String,
}

/// Why a counter charge was refused (422 `INVALID`, naming the field).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CounterChargeError {
    /// Not 1 to 5,000,000 fen.
    #[error("amount_fen: must be 1 to 5000000 (up to ¥50,000)")]
    Amount,
    /// A note over 60 characters.
    #[error("note: must be at most 60 characters")]
    Note,
}

impl From<CounterChargeError> for crate::ApiError {
    fn from(e: CounterChargeError) -> crate::ApiError {
        crate::ApiError::invalid(e.to_string())
    }
}

impl CounterCharge {
    /// Checks the amount, then the note.
    pub fn parse(amount_fen: i64, note: &str) -> Result<CounterCharge, CounterChargeError> {
        if !(1..=5_000_000).contains(&amount_fen) {
            return Err(CounterChargeError::Amount);
        }
        let note = note.trim();
        if note.chars().count() > 60 {
            return Err(CounterChargeError::Note);
        }
        Ok(CounterCharge { amount: Fen::new(amount_fen as u64), note: note.to_owned() })
    }

    /// The amount.
    pub fn amount(&self) -> Fen {
        self.amount
    }

    /// The ledger's reason for a charge at store `store_id`: `柜台消费 S1`, with ` · note` when
    /// there is one.
    pub fn reason(&self, store_id: &str) -> String {
        match self.note.is_empty() {
            true => format!("柜台消费 {store_id}"),
            false => format!("柜台消费 {store_id} · {}", self.note),
        }
    }
}

/// Decides one posting. `prior` is the entry already posted under `posting.reference`, if any.
pub fn post(
    balance: Fen,
    next_seq: u64,
    prior: Option<&Entry>,
    posting: Posting,
    at: DateTime<Utc>,
) -> Result<Posted, PostingError> {
    if posting.amount_fen == Fen::ZERO {
        return Err(PostingError::Invalid("amount must be above zero"));
    }
    if posting.reference.is_empty() || posting.reference.len() > 100 {
        return Err(PostingError::Invalid("reference must be 1 to 100 bytes"));
    }
    if let Some(prior) = prior {
        return if prior.kind == posting.kind && prior.amount_fen == posting.amount_fen {
            Ok(Posted::Repeat(prior.clone()))
        } else {
            Err(PostingError::ReferenceReused(posting.reference))
        };
    }
    let balance_after_fen = if posting.kind.is_credit() {
        balance.checked_add(posting.amount_fen).ok_or(PostingError::BalanceTooLarge)?
    } else {
        balance
            .minus(posting.amount_fen)
            .ok_or(PostingError::InsufficientBalance { balance, needed: posting.amount_fen })?
    };
    Ok(Posted::New(Entry {
        seq: next_seq,
        kind: posting.kind,
        amount_fen: posting.amount_fen,
        balance_after_fen,
        reference: posting.reference,
        reason: posting.reason,
        at,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;

    #[test]
    fn a_counter_charge_is_bounded_and_names_its_store_and_note() {
        assert_eq!(CounterCharge::parse(0, ""), Err(CounterChargeError::Amount));
        assert_eq!(CounterCharge::parse(5_000_001, ""), Err(CounterChargeError::Amount));
        assert_eq!(CounterCharge::parse(0, &"长".repeat(61)), Err(CounterChargeError::Amount), "the amount first");
        assert_eq!(CounterCharge::parse(1, &"长".repeat(61)), Err(CounterChargeError::Note));
        let most = CounterCharge::parse(5_000_000, &format!(" {} ", "长".repeat(60))).expect("60 characters");
        assert_eq!(most.amount(), Fen::new(5_000_000));
        assert_eq!(most.reason("S1"), format!("柜台消费 S1 · {}", "长".repeat(60)));
        assert_eq!(CounterCharge::parse(1, "  ").expect("no note").reason("S1"), "柜台消费 S1");
        let api = crate::ApiError::from(CounterChargeError::Amount);
        assert_eq!((api.code(), api.status()), (crate::ErrorCode::Invalid, 422));
        assert_eq!(api.error.message, "amount_fen: must be 1 to 5000000 (up to ¥50,000)");
        assert_eq!(
            crate::ApiError::from(CounterChargeError::Note).error.message,
            "note: must be at most 60 characters"
        );
    }

    #[test]
    fn refusals_map_to_the_api_codes() {
        use crate::{ApiError, ErrorCode as E};
        let cases = [
            (
                PostingError::InsufficientBalance { balance: Fen::new(5), needed: Fen::new(9) },
                E::InsufficientBalance,
                409,
            ),
            (PostingError::ReferenceReused("R1".into()), E::Conflict, 409),
            (PostingError::Invalid("amount_fen: must not be zero"), E::Invalid, 422),
            (PostingError::BalanceTooLarge, E::Invalid, 422),
        ];
        for (e, code, status) in cases {
            let api = ApiError::from(e.clone());
            assert_eq!((api.code(), api.status(), api.error.message), (code, status, e.to_string()));
        }
        let reused = ApiError::from(PostingError::ReferenceReused("R1".into()));
        assert_eq!(reused.error.message, "reference R1 was already used for a different entry");
    }

    #[test]
    fn a_top_up_is_one_yuan_to_fifty_thousand() {
        let p = TopUpPolicy::STANDARD;
        assert_eq!(p.amount(100), Ok(Fen::new(100)));
        assert_eq!(p.amount(5_000_000), Ok(Fen::new(5_000_000)));
        for refused in [99, 5_000_001, 0, -100] {
            let e = p.amount(refused).expect_err("out of range");
            assert_eq!(e.to_string(), "must be 100 to 5000000 (¥1 to ¥50,000)");
        }
    }
    use std::collections::HashMap;

    fn at() -> DateTime<Utc> {
        Utc.timestamp_opt(1_800_000_000, 0).single().unwrap()
    }
    fn p(kind: EntryKind, fen: u64, reference: &str) -> Posting {
        Posting { kind, amount_fen: Fen::new(fen), reference: reference.into(), reason: "test".into() }
    }

    #[test]
    fn credits_and_debits_move_the_balance() {
        let e = post(Fen::new(0), 1, None, p(EntryKind::TopUp, 10_000, "P1"), at()).unwrap();
        assert_eq!(e.entry().balance_after_fen, Fen::new(10_000));
        let e = post(Fen::new(10_000), 2, None, p(EntryKind::Payment, 2_500, "O1"), at()).unwrap();
        assert_eq!((e.entry().seq, e.entry().balance_after_fen), (2, Fen::new(7_500)));
    }

    #[test]
    fn an_overdraft_is_refused() {
        assert_eq!(
            post(Fen::new(100), 1, None, p(EntryKind::Payment, 101, "O1"), at()),
            Err(PostingError::InsufficientBalance { balance: Fen::new(100), needed: Fen::new(101) })
        );
    }

    #[test]
    fn a_repeated_reference_is_the_same_entry_and_a_reused_one_is_refused() {
        let first = post(Fen::new(500), 1, None, p(EntryKind::Payment, 500, "O1"), at()).unwrap();
        let prior = first.entry().clone();
        // Balance is now 0, yet the retry succeeds: it is the same payment, not a new one.
        assert_eq!(
            post(Fen::ZERO, 2, Some(&prior), p(EntryKind::Payment, 500, "O1"), at()),
            Ok(Posted::Repeat(prior.clone()))
        );
        assert_eq!(
            post(Fen::ZERO, 2, Some(&prior), p(EntryKind::Payment, 400, "O1"), at()),
            Err(PostingError::ReferenceReused("O1".into()))
        );
    }

    #[test]
    fn nonsense_is_refused() {
        assert!(matches!(post(Fen::ZERO, 1, None, p(EntryKind::TopUp, 0, "P"), at()), Err(PostingError::Invalid(_))));
        assert!(matches!(post(Fen::ZERO, 1, None, p(EntryKind::TopUp, 1, ""), at()), Err(PostingError::Invalid(_))));
    }

    #[test]
    fn a_credit_beyond_the_largest_balance_is_refused_not_capped() {
        let full = Fen::new(Fen::MAX - 10);
        assert_eq!(post(full, 1, None, p(EntryKind::TopUp, 11, "P1"), at()), Err(PostingError::BalanceTooLarge));
        let e = post(full, 1, None, p(EntryKind::Refund, 10, "R1"), at()).unwrap();
        assert_eq!(e.entry().balance_after_fen, Fen::new(Fen::MAX));
    }

    proptest! {
        /// Under any sequence of top-ups, payments (some retried) and refunds, the balance never
        /// goes negative, equals credits minus debits, and a reference moves money once.
        #[test]
        fn the_balance_is_never_negative(ops in prop::collection::vec((0u8..3, 1u64..5_000, 0u8..12), 1..100)) {
            let mut balance = Fen::ZERO;
            let mut by_ref: HashMap<String, Entry> = HashMap::new();
            let mut seq = 1;
            let (mut credits, mut debits) = (0i64, 0i64);
            for (kind, fen, r) in ops {
                let kind = [EntryKind::TopUp, EntryKind::Payment, EntryKind::Refund][kind as usize];
                let reference = format!("R{r}");
                match post(balance, seq, by_ref.get(&reference), p(kind, fen, &reference), at()) {
                    Ok(Posted::New(e)) => {
                        if kind.is_credit() { credits += fen as i64 } else { debits += fen as i64 }
                        balance = e.balance_after_fen;
                        seq += 1;
                        by_ref.insert(reference, e);
                    }
                    Ok(Posted::Repeat(e)) => prop_assert_eq!(e.amount_fen, Fen::new(fen)),
                    Err(PostingError::InsufficientBalance { balance: b, .. }) => prop_assert!(b.get() < fen),
                    Err(_) => {}
                }
                prop_assert_eq!(balance.get() as i64, credits - debits);
            }
        }
    }
}
