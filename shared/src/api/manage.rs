//! What the manager's console reads: sales and campaigns over their life, and the dashboard.

use super::{CampaignView, FlashSaleView};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A flash sale as the manager's list shows it: the sale with its live figures.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManagedSale {
    /// The sale as customers see it (`status` may be `cancelled`).
    #[serde(flatten)]
    pub sale: FlashSaleView,
    /// Units paid for.
    pub sold: u32,
    /// Units held by unpaid orders.
    pub held: u32,
}

/// What a manager may change of a sale before it starts (absent fields stay as they are).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaleEditRequest {
    /// New title.
    #[serde(default)]
    pub title: Option<String>,
    /// New window start.
    #[serde(default)]
    pub starts_at: Option<DateTime<Utc>>,
    /// New window end.
    #[serde(default)]
    pub ends_at: Option<DateTime<Utc>>,
    /// New sale price, fen.
    #[serde(default)]
    pub price_fen: Option<i64>,
}

/// A campaign as the manager's list shows it: its terms with what became of its coupons.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ManagedCampaign {
    /// The campaign as the coupon centre shows it (after-payment ones too).
    #[serde(flatten)]
    pub campaign: CampaignView,
    /// Coupons handed out (claimed, sent by guides, given after payment).
    pub claimed: u32,
    /// Coupons spent on a paid order.
    pub redeemed: u32,
    /// `redeemed / claimed`, 0 to 1 (0 while nothing was claimed).
    pub redemption_rate: f64,
    /// When a manager closed it (no more claims or gifts), if they did.
    pub closed_at: Option<DateTime<Utc>>,
}

/// One local day of a store (or the chain) on the dashboard.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DashboardDay {
    /// `2026-11-24`, the store's local date.
    pub date: String,
    /// Orders paid that day.
    pub orders: u32,
    /// What those orders took, fen.
    pub takings_fen: u64,
    /// Members who joined that day (for a store: those its guides look after).
    pub new_members: u32,
    /// Paid orders that day that spent a coupon.
    pub coupons_redeemed: u32,
    /// Flash-sale units in orders paid that day.
    pub flash_units_sold: u32,
}

/// One guide's figures over the dashboard's days.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuideFigures {
    /// Staff number.
    pub staff_id: String,
    /// Name.
    pub name: String,
    /// Customers the guide looks after (bound, whenever).
    pub customers: u32,
    /// Orders the guide placed for customers, paid in the days shown.
    pub orders_for_customers: u32,
    /// What those orders took, fen.
    pub takings_fen: u64,
}

/// `GET /api/manage/dashboard`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dashboard {
    /// Every day of the range, oldest first (days with nothing are zeros, not gaps).
    pub days: Vec<DashboardDay>,
    /// Guides of the store (or chain), most takings first.
    pub guides: Vec<GuideFigures>,
    /// Promoters of the store (or chain) who brought customers, most commission first.
    pub promoters: Vec<PromoterFigures>,
}

/// One promoter's figures over the dashboard's days: customers they brought and the
/// commissions on orders paid in those days, by where each stands now.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PromoterFigures {
    /// Staff number.
    pub staff_id: String,
    /// Name.
    pub name: String,
    /// Customers who registered through their code in the days shown.
    pub customers: u32,
    /// Commissions still inside the order's return window, fen.
    pub pending_fen: u64,
    /// Commissions settled (owed to the promoter), fen.
    pub settled_fen: u64,
    /// Commissions taken back by a return, fen.
    pub reversed_fen: u64,
}
