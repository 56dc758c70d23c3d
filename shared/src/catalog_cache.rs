//! Catalog reads from the platform's shared cache (the Workers Cache API) under versioned keys.
//!
//! **Keys.** Stores, one store, a store's map, the product list and one product are cached under
//! a key that carries the catalog version: a number in D1 that every write which may change
//! what these reads show moves forward (`bumps_version`). A write makes every older entry
//! unreachable at once for whoever knows the new version; nothing is ever purged.
//!
//! **How stale.** An isolate asks D1 for the version at most once per `version_check_ms` and
//! learns its own bumps at once, so a write through the API is seen at once by the isolate that
//! made it and by every other isolate within that time. A product's stock figures also change
//! without a request (a lock lapses in an object's alarm), so an entry that carries stock is
//! never served more than `stock_ms` after it was built, wherever it was kept; the others
//! (`catalog_ms`) only guard against a change made outside the API.

use crate::routes::{Method, RouteId, endpoint};
use chrono::{DateTime, Utc};

/// A catalog read the worker answers from the shared cache.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CatalogRead {
    /// `GET /api/stores`.
    Stores,
    /// `GET /api/stores/{id}`.
    Store,
    /// `GET /api/stores/{id}/map`.
    StoreMap,
    /// `GET /api/products?...`.
    Products,
    /// `GET /api/products/{sku}`: carries each store's available units.
    Product,
}

impl CatalogRead {
    /// The catalog read an endpoint is, if it is one.
    pub fn of(route: RouteId) -> Option<CatalogRead> {
        match route {
            RouteId::Stores => Some(CatalogRead::Stores),
            RouteId::Store => Some(CatalogRead::Store),
            RouteId::StoreMap => Some(CatalogRead::StoreMap),
            RouteId::Products => Some(CatalogRead::Products),
            RouteId::Product => Some(CatalogRead::Product),
            _ => None,
        }
    }
    /// Whether the answer carries stock figures, which change without a request too.
    pub fn carries_stock(self) -> bool {
        self == CatalogRead::Product
    }
}

/// How long cached catalog reads and the known version are believed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CachePolicy {
    version_check_ms: i64,
    stock_ms: i64,
    catalog_ms: i64,
}

impl CachePolicy {
    /// The version asked at most once a second; stock figures at most 1 s old (today's bound
    /// of the isolate's memory, `hot_reads`); other entries kept at most a minute.
    pub const fn standard() -> CachePolicy {
        CachePolicy { version_check_ms: 1_000, stock_ms: 1_000, catalog_ms: 60_000 }
    }
    /// How long a known version is used before D1 is asked again (ms).
    pub fn version_check_ms(&self) -> i64 {
        self.version_check_ms
    }
    /// The longest an entry of `read` is served after it was built (ms).
    pub fn max_age_ms(&self, read: CatalogRead) -> i64 {
        if read.carries_stock() { self.stock_ms } else { self.catalog_ms }
    }
    /// The `Cache-Control` an entry of `read` is stored with, so the cache drops it by itself
    /// (whole seconds, never less than one).
    pub fn cache_control(&self, read: CatalogRead) -> String {
        format!("public, max-age={}", (self.max_age_ms(read) / 1_000).max(1))
    }
    /// Whether an entry of `read` built at `built_at_ms` (ms since the epoch) may be served at
    /// `now`. A build stated after `now` (a test's clock) is not fresh either.
    pub fn is_fresh(&self, read: CatalogRead, built_at_ms: i64, now: DateTime<Utc>) -> bool {
        let age = now.timestamp_millis() - built_at_ms;
        (0..self.max_age_ms(read)).contains(&age)
    }
    /// From when the isolate's memory (`hot_reads`, at most 1 s) counts an entry of `read` it
    /// took from the shared cache at `now`: stock from its build, so the two layers together
    /// never serve figures older than `stock_ms`; the rest from `now` (the version keys them).
    pub fn kept_since(&self, read: CatalogRead, built_at_ms: i64, now: DateTime<Utc>) -> i64 {
        if read.carries_stock() { built_at_ms } else { now.timestamp_millis() }
    }
}

/// Writes that never change what a catalog read shows: sign-ins, messages, staff, coupons and
/// customers. Anything not listed here is assumed to (erring towards a rebuild).
const NEVER_TOUCHES_CATALOG: &[RouteId] = &[
    RouteId::Register,
    RouteId::SignIn,
    RouteId::SignOut,
    RouteId::StaffSignIn,
    RouteId::LinkCard,
    RouteId::TopUp,
    RouteId::VerifyMemberCode,
    RouteId::ClaimCoupon,
    RouteId::CreateCampaign,
    RouteId::CloseCampaign,
    RouteId::SendCoupon,
    RouteId::Quote,
    RouteId::BindCustomer,
    RouteId::CustomerTags,
    RouteId::CreateStaff,
    RouteId::DisableStaff,
    RouteId::ResetStaffPassword,
    RouteId::Handover,
    RouteId::PickupPreview,
    RouteId::ReadMessage,
    RouteId::RemindSale,
    RouteId::PushSubscribe,
    RouteId::OpenRedEnvelope,
    RouteId::DevMembers,
];

/// A buyer's order, payment and cancel: their only effect on a catalog read is a product's
/// stock figures, which are never served more than `stock_ms` after they were built anyway. They
/// do not move the version, so a sale's rush of orders neither writes the one version row in D1
/// per order nor sends every isolate back to D1 for the catalog.
const ONLY_STOCK: &[RouteId] = &[RouteId::CreateOrder, RouteId::PayOrder, RouteId::CancelOrder];

/// Whether the answer `status` to a request for `route` moves the catalog version forward: a
/// write that was not refused (anything but 4xx: a failure may have written part of its work)
/// unless its endpoint never touches stores and products, or touches only stock figures.
pub fn bumps_version(route: RouteId, status: u16) -> bool {
    endpoint(route).method != Method::Get
        && !(400..500).contains(&status)
        && !NEVER_TOUCHES_CATALOG.contains(&route)
        && !ONLY_STOCK.contains(&route)
}

/// The version a bump at `now` writes after `current`: one more, and never below the clock in
/// ms, so a version can never come back to one an old cache entry was stored under, even when
/// the row is reset (a development reseed). D1's upsert computes the same
/// (`max(version + 1, floor)` with `floor = now`).
pub fn next_version(current: i64, now: DateTime<Utc>) -> i64 {
    current.saturating_add(1).max(now.timestamp_millis())
}

/// What one isolate knows of the catalog version, and since when.
#[derive(Clone, Debug)]
pub struct VersionClock {
    policy: CachePolicy,
    known: Option<(i64, DateTime<Utc>)>,
}

impl VersionClock {
    /// Nothing known yet: the first read asks D1.
    pub fn new(policy: CachePolicy) -> VersionClock {
        VersionClock { policy, known: None }
    }
    /// The version to key reads with at `now`, or `None` when D1 must be asked again (never
    /// asked, asked too long ago, or a stated time before the answer).
    pub fn current(&self, now: DateTime<Utc>) -> Option<i64> {
        let (version, at) = self.known?;
        let age = (now - at).num_milliseconds();
        (0..self.policy.version_check_ms).contains(&age).then_some(version)
    }
    /// D1 said (or a bump of ours wrote) `version` at `now`. A version never goes back: an
    /// answer older than one already known (a read that raced our own bump) keeps the newer.
    pub fn learned(&mut self, version: i64, now: DateTime<Utc>) {
        let newest = self.known.map_or(version, |(v, _)| v.max(version));
        self.known = Some((newest, now));
    }
}

/// The shared cache's key for a read of `path?query` under catalog `version`: a URL under the
/// request's own origin (the cache is per zone), in a path no endpoint has.
pub fn cache_key(origin: &str, version: i64, path: &str, query: &str) -> String {
    format!("{origin}/_catalog/v{version}{path}?{query}")
}

#[cfg(test)]
mod tests;
