//! Where a line's units are held: the store's pool of the SKU, or a bucket of a flash sale.

use crate::ids::{SaleId, Sku, StoreId};

/// The owner of one line's hold.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Holder {
    /// The store's pool of the SKU.
    Pool {
        /// The store.
        store: StoreId,
        /// The product.
        sku: Sku,
    },
    /// A bucket of a flash sale (the member's home bucket).
    Bucket {
        /// The sale.
        sale: SaleId,
        /// Which bucket.
        index: u32,
    },
}

impl Holder {
    /// The flash sale and bucket of a line held by one, for the order's record.
    pub fn sale_bucket(&self) -> Option<(&SaleId, u32)> {
        match self {
            Holder::Pool { .. } => None,
            Holder::Bucket { sale, index } => Some((sale, *index)),
        }
    }
}
