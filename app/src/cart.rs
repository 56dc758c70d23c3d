//! The online mall's cart: one per store, kept in the browser's localStorage so it survives a
//! reload, checked out as ONE order with several lines. [`Cart`] is a plain struct (tested
//! natively and in the browser); [`CartBox`] is the reactive handle pages share.
//!
//! Stored data is never trusted: a cart written by an older version, by hand or half-written
//! reads as what can be saved from it (bad lines dropped, quantities brought into range), and
//! unreadable text as an empty cart, never a crash.

use serde::{Deserialize, Serialize};
use shared::Fen;
use shared::api::Attributes;
use shared::order::{LineRequest, MAX_LINES, OrderRequest};

/// Most units of one product on one order (the order rules' limit).
pub const MAX_QTY: u32 = 99;

/// The version of the stored shape; a cart stored under another is not read.
const VERSION: u32 = 1;

/// One product in the cart, with what the cart page shows without asking the server.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CartLine {
    /// The SKU (a variant's own SKU).
    pub sku: String,
    /// Chinese name.
    pub name: String,
    /// English name.
    pub name_en: String,
    /// Image path.
    pub image: String,
    /// Shelf price when it was added (the quote and the order use the server's price).
    pub price_fen: Fen,
    /// Its colour and size, if it is a variant.
    #[serde(default)]
    pub attributes: Attributes,
    /// Units, 1 to [`MAX_QTY`].
    pub qty: u32,
}

impl CartLine {
    /// `藏青 · M`: the variant's colour and size, or nothing.
    pub fn variant_label(&self) -> String {
        [&self.attributes.color, &self.attributes.size].into_iter().flatten().cloned().collect::<Vec<_>>().join(" · ")
    }
}

/// Why a product could not go into the cart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AddError {
    /// The cart already has as many lines as an order may.
    Full,
}

/// A line against the store's stock, as the cart page last heard it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineStock {
    /// Not heard yet (or the product could not be asked about): nothing to say.
    Unknown,
    /// The store has the units.
    Enough,
    /// The store has fewer units than the line asks for (but some).
    Short(u32),
    /// The store has none (sold out, or no longer carries it).
    Gone,
}

impl LineStock {
    /// A line of `qty` units where the store has `available` (`None`: not known).
    pub fn of(qty: u32, available: Option<u32>) -> LineStock {
        match available {
            None => LineStock::Unknown,
            Some(0) => LineStock::Gone,
            Some(n) if n < qty => LineStock::Short(n),
            Some(_) => LineStock::Enough,
        }
    }

    /// Whether the line stops a checkout until the customer changes it.
    pub fn blocks(self) -> bool {
        matches!(self, LineStock::Short(_) | LineStock::Gone)
    }
}

/// The cart of one store.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Cart {
    store: String,
    lines: Vec<CartLine>,
    /// The idempotency key of a checkout sent but not yet answered: a retry after a dropped
    /// connection (even after a reload) reuses it, so the server places the order at most once.
    pending_key: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct Stored {
    v: u32,
    store: String,
    lines: Vec<serde_json::Value>,
    #[serde(default)]
    pending_key: Option<String>,
}

impl Cart {
    /// An empty cart for `store`.
    pub fn empty(store: &str) -> Cart {
        Cart { store: store.to_owned(), ..Cart::default() }
    }

    /// The store whose cart this is.
    pub fn store(&self) -> &str {
        &self.store
    }

    /// The lines, in the order they were added.
    pub fn lines(&self) -> &[CartLine] {
        &self.lines
    }

    /// Units in the cart (the badge's number).
    pub fn count(&self) -> u32 {
        self.lines.iter().map(|l| l.qty).sum()
    }

    /// Σ price × qty at the prices the lines were added with.
    pub fn subtotal(&self) -> Fen {
        Fen::sum(self.lines.iter().map(|l| l.price_fen.checked_mul(l.qty).unwrap_or(Fen::new(Fen::MAX))))
            .unwrap_or(Fen::new(Fen::MAX))
    }

    /// Adds `line`; a product already in the cart gets the units added to its line. Quantities
    /// stop at [`MAX_QTY`]. Returns the line's quantity now.
    pub fn add(&mut self, line: CartLine) -> Result<u32, AddError> {
        let qty = line.qty.clamp(1, MAX_QTY);
        if let Some(l) = self.lines.iter_mut().find(|l| l.sku == line.sku) {
            l.qty = l.qty.saturating_add(qty).min(MAX_QTY);
            return Ok(l.qty);
        }
        if self.lines.len() >= MAX_LINES {
            return Err(AddError::Full);
        }
        self.lines.push(CartLine { qty, ..line });
        Ok(qty)
    }

    /// Sets a line's units, kept within 1 to [`MAX_QTY`] (removing is [`Cart::remove`]).
    pub fn set_qty(&mut self, sku: &str, qty: u32) {
        if let Some(l) = self.lines.iter_mut().find(|l| l.sku == sku) {
            l.qty = qty.clamp(1, MAX_QTY);
        }
    }

    /// Takes a product out of the cart.
    pub fn remove(&mut self, sku: &str) {
        self.lines.retain(|l| l.sku != sku);
    }

    /// The order this cart would place (`None` when it is empty).
    pub fn order_request(&self, coupon_id: Option<String>) -> Option<OrderRequest> {
        let lines: Vec<LineRequest> = self
            .lines
            .iter()
            .map(|l| LineRequest { sku: l.sku.clone(), qty: i64::from(l.qty), flash_sale_id: None })
            .collect();
        (!lines.is_empty()).then(|| OrderRequest { store_id: self.store.clone(), lines, coupon_id, from_store: None })
    }

    /// The key for the checkout about to be sent: the unanswered one if there is one, else
    /// `fresh()` (remembered until [`Cart::answered`]).
    pub fn checkout_key(&mut self, fresh: impl FnOnce() -> String) -> String {
        self.pending_key.get_or_insert_with(fresh).clone()
    }

    /// The server answered the checkout (placed or refused): the next one gets a new key.
    pub fn answered(&mut self) {
        self.pending_key = None;
    }

    /// The order was placed: the cart is empty again.
    pub fn ordered(&mut self) {
        self.lines.clear();
        self.pending_key = None;
    }

    /// The localStorage key of `store`'s cart.
    pub fn storage_key(store: &str) -> String {
        format!("edgemall.cart.v{VERSION}.{store}")
    }

    /// The stored text of this cart.
    pub fn to_stored(&self) -> String {
        let lines = self.lines.iter().filter_map(|l| serde_json::to_value(l).ok()).collect();
        let stored = Stored { v: VERSION, store: self.store.clone(), lines, pending_key: self.pending_key.clone() };
        serde_json::to_string(&stored).unwrap_or_default()
    }

    /// `store`'s cart from its stored text: whatever of it is sound (see the module doc).
    pub fn from_stored(store: &str, text: Option<&str>) -> Cart {
        let mut cart = Cart::empty(store);
        let Some(stored) = text.and_then(|t| serde_json::from_str::<Stored>(t).ok()) else { return cart };
        if stored.v != VERSION || stored.store != store {
            return cart;
        }
        for value in stored.lines {
            let Ok(line) = serde_json::from_value::<CartLine>(value) else { continue };
            if line.qty == 0 || shared::ids::Sku::parse(&line.sku).is_err() {
                continue;
            }
            let _ = cart.add(line);
        }
        cart.pending_key = stored.pending_key.filter(|k| !k.is_empty() && k.len() <= 64);
        cart
    }
}

mod reactive;
pub use reactive::CartBox;

#[cfg(test)]
mod tests;
