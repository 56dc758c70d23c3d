//! Query-string parameters, parsed into domain types.

use crate::ApiError;
use crate::barcode::Ean13;
use crate::ids::{Category, Sku, StoreId};

/// The filters of `GET /api/products`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProductQuery {
    store_id: Option<StoreId>,
    category: Option<Category>,
    text: Option<String>,
    barcode: Option<Ean13>,
}

/// The longest text query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 50;

impl ProductQuery {
    /// Reads the filters from decoded `(name, value)` pairs. Unknown names are ignored, empty
    /// values mean "no filter"; a malformed store or category is 400, an over-long text 422.
    pub fn parse<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Self, ApiError> {
        let mut query = ProductQuery::default();
        for (name, value) in pairs {
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            match name {
                "store_id" => {
                    query.store_id = Some(StoreId::parse(value).map_err(|e| ApiError::bad_request(e.to_string()))?)
                }
                "category" => {
                    query.category = Some(Category::parse(value).map_err(|e| ApiError::bad_request(e.to_string()))?)
                }
                "q" => {
                    if value.chars().count() > MAX_QUERY_CHARS {
                        return Err(ApiError::invalid(format!("q is longer than {MAX_QUERY_CHARS} characters")));
                    }
                    query.text = Some(value.to_owned());
                }
                "barcode" => {
                    query.barcode = Some(Ean13::parse(value).map_err(|e| ApiError::invalid(format!("barcode: {e}")))?)
                }
                _ => {}
            }
        }
        Ok(query)
    }

    /// The store filter.
    pub fn store_id(&self) -> Option<&StoreId> {
        self.store_id.as_ref()
    }
    /// The category filter.
    pub fn category(&self) -> Option<&Category> {
        self.category.as_ref()
    }
    /// The text filter, trimmed.
    pub fn text(&self) -> Option<&str> {
        self.text.as_deref()
    }
    /// The barcode filter (a scanned or typed EAN-13).
    pub fn barcode(&self) -> Option<&Ean13> {
        self.barcode.as_ref()
    }
    /// The text filter as a SQL `LIKE` pattern with `\` escaping `%` and `_`.
    pub fn like_pattern(&self) -> Option<String> {
        self.text.as_ref().map(|t| {
            let escaped: String = t
                .chars()
                .flat_map(|c| match c {
                    '%' | '_' | '\\' => vec!['\\', c],
                    c => vec![c],
                })
                .collect();
            format!("%{escaped}%")
        })
    }
}

/// The product of `GET /api/guide/stock?sku=`: the first `sku` pair, required and well-formed
/// (400 otherwise).
pub fn sku_param<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Sku, ApiError> {
    let sku = pairs.into_iter().find(|(k, _)| *k == "sku").map(|(_, v)| v);
    let sku = sku.filter(|s| !s.is_empty()).ok_or_else(|| ApiError::bad_request("the sku parameter is required"))?;
    Sku::parse(sku).map_err(|e| ApiError::bad_request(e.to_string()))
}

/// The page of `GET /api/me/ledger`: how many entries, and from before which one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LedgerQuery {
    limit: u32,
    before: Option<u64>,
}

/// The entries shown when the query names no limit.
pub const LEDGER_PAGE: u32 = 50;

impl LedgerQuery {
    /// Reads `limit` (1 to 200) and `before` (an entry's seq) from decoded `(name, value)`
    /// pairs; unknown names are ignored, a malformed value is 400.
    pub fn parse<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Result<Self, ApiError> {
        let mut query = LedgerQuery { limit: LEDGER_PAGE, before: None };
        for (name, value) in pairs {
            match name {
                "limit" => {
                    query.limit = value
                        .parse()
                        .ok()
                        .filter(|n| (1..=200).contains(n))
                        .ok_or_else(|| ApiError::bad_request("limit must be 1 to 200"))?
                }
                "before" => {
                    query.before =
                        Some(value.parse::<u64>().map_err(|_| ApiError::bad_request("before must be an entry seq"))?)
                }
                _ => {}
            }
        }
        Ok(query)
    }

    /// How many entries.
    pub fn limit(&self) -> u32 {
        self.limit
    }
    /// Entries before this seq (`None`: the newest).
    pub fn before(&self) -> Option<u64> {
        self.before
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    #[test]
    fn filters_are_read_and_blank_ones_ignored() {
        let q = ProductQuery::parse([("store_id", "S1"), ("category", ""), ("q", " 口红 "), ("x", "y")]).unwrap();
        assert_eq!(q.store_id().map(|s| s.as_str()), Some("S1"));
        assert_eq!(q.category(), None);
        assert_eq!(q.text(), Some("口红"));
    }

    #[test]
    fn bad_parameters_say_which_and_why() {
        assert_eq!(ProductQuery::parse([("store_id", "S 1")]).unwrap_err().code(), ErrorCode::BadRequest);
        assert_eq!(ProductQuery::parse([("category", "a/b")]).unwrap_err().code(), ErrorCode::BadRequest);
        let long = "长".repeat(MAX_QUERY_CHARS + 1);
        let err = ProductQuery::parse([("q", long.as_str())]).unwrap_err();
        assert_eq!(err.code(), ErrorCode::Invalid);
        assert!(err.error.message.contains("q "));
    }

    #[test]
    fn a_barcode_filter_must_be_a_valid_ean13() {
        let q = ProductQuery::parse([("barcode", " 6901234567892 ")]).unwrap();
        assert_eq!(q.barcode().map(|b| b.as_str()), Some("6901234567892"));
        let err = ProductQuery::parse([("barcode", "6901234567891")]).unwrap_err();
        assert_eq!(err.code(), ErrorCode::Invalid);
        assert!(err.error.message.starts_with("barcode: "), "{}", err.error.message);
        assert_eq!(ProductQuery::parse([("barcode", "12345")]).unwrap_err().code(), ErrorCode::Invalid);
    }

    #[test]
    fn like_patterns_escape_wildcards() {
        let q = ProductQuery::parse([("q", "50%_off")]).unwrap();
        assert_eq!(q.like_pattern().unwrap(), "%50\\%\\_off%");
    }

    #[test]
    fn a_ledger_page_defaults_to_fifty_of_the_newest() {
        let q = LedgerQuery::parse([("x", "y")]).unwrap();
        assert_eq!((q.limit(), q.before()), (LEDGER_PAGE, None));
        let q = LedgerQuery::parse([("limit", "200"), ("before", "17")]).unwrap();
        assert_eq!((q.limit(), q.before()), (200, Some(17)));
    }

    #[test]
    fn a_ledger_page_refuses_limits_out_of_range_and_bad_seqs() {
        for limit in ["0", "201", "", " 5", "x"] {
            let err = LedgerQuery::parse([("limit", limit)]).unwrap_err();
            assert_eq!((err.code(), err.error.message.as_str()), (ErrorCode::BadRequest, "limit must be 1 to 200"));
        }
        let err = LedgerQuery::parse([("before", "-1")]).unwrap_err();
        assert_eq!((err.code(), err.error.message.as_str()), (ErrorCode::BadRequest, "before must be an entry seq"));
    }

    #[test]
    fn the_stock_query_needs_its_first_sku_pair_well_formed() {
        assert_eq!(sku_param([("x", "1"), ("sku", "SKU-1")]).unwrap().as_str(), "SKU-1");
        for pairs in [vec![], vec![("sku", "")], vec![("sku", ""), ("sku", "SKU-1")]] {
            let err = sku_param(pairs).unwrap_err();
            assert_eq!(
                (err.code(), err.error.message.as_str()),
                (ErrorCode::BadRequest, "the sku parameter is required")
            );
        }
        assert_eq!(sku_param([("sku", "a b")]).unwrap_err().code(), ErrorCode::BadRequest);
    }
}
