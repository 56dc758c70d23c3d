//! Changing a flash sale before it starts: its title, window and price may change until the
//! window opens, under the same rules a new sale meets; from the start on nothing changes
//! (buyers may hold units at the price they saw). Edits close [`EDIT_CUTOFF_MINUTES`] before
//! the start, longer than a worker keeps a sale's definition in memory
//! ([`definition_cache_ttl`]), so every worker sells by the edited sale. The quantity is not editable: its units are
//! already carved from the store's pool and split over the buckets.

use super::{FlashSale, SaleError, SaleRequest};
use crate::api::SaleEditRequest;
use chrono::{DateTime, Duration, Utc};

/// Edits close this many minutes before the start.
pub const EDIT_CUTOFF_MINUTES: i64 = 2;

/// How long a worker may answer from a sale definition it read (shorter than the edit cutoff).
pub fn definition_cache_ttl() -> Duration {
    Duration::seconds(60)
}

/// Why an edit was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// The sale starts within the cutoff, has started, or was cancelled: it can no longer change.
    #[error("the sale starts at {0}; it can be changed only until 2 minutes before, and not once cancelled")]
    Started(DateTime<Utc>),
    /// A new value breaks a rule (names the field).
    #[error("{field}: {problem}")]
    Invalid {
        /// The field.
        field: &'static str,
        /// What is wrong.
        problem: &'static str,
    },
}

/// What a bucket does with a definition of its sale sent to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BucketAmend {
    /// The definition it sells by already: nothing changes.
    Repeat,
    /// A new definition: sell by it from now on.
    Apply,
}

/// Why a bucket refused a new definition: its sale has started, or it is another sale (409
/// `CONFLICT`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the flash sale has started")]
pub struct BucketStarted;

impl From<BucketStarted> for crate::ApiError {
    fn from(e: BucketStarted) -> crate::ApiError {
        crate::ApiError::new(crate::ErrorCode::Conflict, e.to_string())
    }
}

impl FlashSale {
    /// The sale with `edit` applied at `now`, checked as a new sale would be, plus: the new
    /// start is at least the cutoff away (a sale starts when its window says, not when edited).
    pub fn edit(&self, edit: &SaleEditRequest, cancelled: bool, now: DateTime<Utc>) -> Result<FlashSale, EditError> {
        let cutoff = Duration::minutes(EDIT_CUTOFF_MINUTES);
        if cancelled || now >= self.starts_at() - cutoff {
            return Err(EditError::Started(self.starts_at()));
        }
        let starts_at = edit.starts_at.unwrap_or(self.starts_at());
        if starts_at < now + cutoff {
            return Err(EditError::Invalid { field: "starts_at", problem: "must be at least 2 minutes from now" });
        }
        let request = SaleRequest {
            sku: self.sku().to_string(),
            store_id: self.store_id().to_string(),
            price_fen: edit.price_fen.unwrap_or(self.price().get() as i64),
            quantity: i64::from(self.quantity()),
            per_member_limit: i64::from(self.per_member_limit()),
            starts_at,
            ends_at: edit.ends_at.unwrap_or(self.ends_at()),
            title: Some(edit.title.clone().unwrap_or_else(|| self.title().to_owned())),
            buckets: Some(i64::from(self.buckets())),
            lock_minutes: Some(self.lock_ttl().num_minutes()),
        };
        if request.title.as_deref().is_some_and(|t| t.trim().is_empty()) {
            return Err(EditError::Invalid { field: "title", problem: "must not be empty" });
        }
        FlashSale::parse(self.id().clone(), &request, self.title(), self.original_price(), now)
            .map_err(|SaleError::Invalid { field, problem }| EditError::Invalid { field, problem })
    }

    /// Whether a bucket selling by this definition takes `new` at `now`: the same definition
    /// is a repeat; a definition of another sale, or any change once this one started, is
    /// refused.
    pub fn amend_bucket(&self, new: &FlashSale, now: DateTime<Utc>) -> Result<BucketAmend, BucketStarted> {
        if self == new {
            return Ok(BucketAmend::Repeat);
        }
        if self.id() != new.id() || now >= self.starts_at() {
            return Err(BucketStarted);
        }
        Ok(BucketAmend::Apply)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Fen;
    use crate::flash_sale::tests::fixtures::{request, sale_of, t};
    use chrono::Duration;

    /// Ten units an hour from now, "早鸟", two buckets, five-minute locks.
    fn sale() -> FlashSale {
        let req = SaleRequest {
            quantity: 10,
            starts_at: t(3_600),
            ends_at: t(7_200),
            title: Some("早鸟".into()),
            buckets: Some(2),
            lock_minutes: Some(5),
            ..request()
        };
        sale_of(&req, t(0))
    }

    #[test]
    fn title_times_and_price_change_before_the_start_and_the_rest_stays() {
        let edit = SaleEditRequest {
            title: Some("晚场".into()),
            starts_at: Some(t(5_400)),
            ends_at: Some(t(9_000)),
            price_fen: Some(1_990),
        };
        let edited = sale().edit(&edit, false, t(60)).expect("edited");
        assert_eq!(
            (edited.title(), edited.price(), edited.starts_at(), edited.ends_at()),
            ("晚场", Fen::new(1_990), t(5_400), t(9_000))
        );
        assert_eq!((edited.quantity(), edited.buckets(), edited.per_member_limit()), (10, 2, 2));
        assert_eq!(edited.lock_ttl(), Duration::minutes(5));
        assert_eq!(sale().edit(&SaleEditRequest::default(), false, t(60)), Ok(sale()), "an empty edit changes nothing");
    }

    #[test]
    fn a_bucket_takes_a_new_definition_of_its_sale_only_before_the_start() {
        let later = SaleEditRequest { starts_at: Some(t(5_400)), ..SaleEditRequest::default() };
        let edited = sale().edit(&later, false, t(60)).expect("edited");
        assert_eq!(sale().amend_bucket(&sale(), t(4_000)), Ok(BucketAmend::Repeat), "a repeat, even after the start");
        assert_eq!(sale().amend_bucket(&edited, t(3_599)), Ok(BucketAmend::Apply));
        assert_eq!(sale().amend_bucket(&edited, t(3_600)), Err(BucketStarted), "from the start on");
        let other = FlashSale::parse(
            crate::ids::SaleId::parse("FS2").expect("valid"),
            &SaleRequest { starts_at: t(3_600), ends_at: t(7_200), ..request() },
            "兰雅精华",
            Fen::new(36_800),
            t(0),
        )
        .expect("sale");
        assert_eq!(sale().amend_bucket(&other, t(60)), Err(BucketStarted), "another sale");
        let api = crate::ApiError::from(BucketStarted);
        assert_eq!((api.code(), api.status()), (crate::ErrorCode::Conflict, 409));
        assert_eq!(api.error.message, "the flash sale has started");
    }

    #[test]
    fn a_worker_rereads_a_definition_before_an_edit_could_be_missed() {
        assert!(definition_cache_ttl() < Duration::minutes(EDIT_CUTOFF_MINUTES));
    }

    #[test]
    fn nothing_changes_once_started_or_cancelled() {
        let edit = SaleEditRequest { price_fen: Some(500), ..SaleEditRequest::default() };
        assert_eq!(sale().edit(&edit, false, t(3_600)), Err(EditError::Started(t(3_600))));
        assert_eq!(sale().edit(&edit, false, t(3_480)), Err(EditError::Started(t(3_600))), "2 minutes before");
        assert!(sale().edit(&edit, false, t(3_479)).is_ok());
        assert_eq!(sale().edit(&edit, true, t(60)), Err(EditError::Started(t(3_600))));
    }

    #[test]
    fn each_broken_rule_names_its_field() {
        let field = |edit: SaleEditRequest| match sale().edit(&edit, false, t(60)) {
            Err(EditError::Invalid { field, .. }) => field,
            other => panic!("{other:?}"),
        };
        let base = SaleEditRequest::default;
        assert_eq!(field(SaleEditRequest { price_fen: Some(0), ..base() }), "price_fen");
        assert_eq!(field(SaleEditRequest { price_fen: Some(40_000), ..base() }), "price_fen");
        assert_eq!(field(SaleEditRequest { starts_at: Some(t(0)), ..base() }), "starts_at");
        assert_eq!(field(SaleEditRequest { starts_at: Some(t(120)), ..base() }), "starts_at");
        assert_eq!(field(SaleEditRequest { ends_at: Some(t(3_000)), ..base() }), "ends_at");
        assert_eq!(field(SaleEditRequest { ends_at: Some(t(3_600 + 15 * 86_400)), ..base() }), "ends_at");
        assert_eq!(field(SaleEditRequest { title: Some(" ".into()), ..base() }), "title");
        assert_eq!(field(SaleEditRequest { title: Some("长".repeat(61)), ..base() }), "title");
    }
}
