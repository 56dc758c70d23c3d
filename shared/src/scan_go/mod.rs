//! Scan-and-go (扫码购): a member scans products in a store into a cart, pays on the phone and
//! leaves through the exit, where a guide checks the exit pass. The cart's rules (lines by
//! barcode, limits, the best coupon, totals) and the exit pass (signed, bound to its store and
//! order, expiring, used once) live here; the checkout is [`crate::flows::scan_go`].

use serde::{Deserialize, Serialize};

mod cart;
mod exit_pass;
mod stored;

pub use cart::*;
pub use exit_pass::*;
pub use stored::{CartRow, LineRow, StoredCartError, coupon_lines};

#[cfg(test)]
mod tests;

/// Where an order was made: the online mall, the in-store scan-and-go cart, or a guide's
/// counter. Orders made before channels existed are `online`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// Ordered in the app for pickup.
    #[default]
    Online,
    /// Scanned and paid in the store by the member (扫码购).
    ScanGo,
    /// Rung up and paid at a guide's counter (柜台收银).
    Counter,
}

impl Channel {
    /// The stored and wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Online => "online",
            Channel::ScanGo => "scan_go",
            Channel::Counter => "counter",
        }
    }

    /// Reads a stored name; `None` for one this build does not know.
    pub fn parse(text: &str) -> Option<Channel> {
        [Channel::Online, Channel::ScanGo, Channel::Counter].into_iter().find(|c| c.as_str() == text)
    }
}
