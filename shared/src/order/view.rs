//! An order as the API shows it, assembled from its rows.

use super::rows::{CounterRow, EnvelopeRow, LineRow, OrderRow};
use crate::api::{Order, OrderLineView, OrderReward, Pickup, RedEnvelopeView};
use crate::ids::OrderId;
use crate::pickup::pickup_code;
use crate::scan_go::Channel;
use crate::{ApiError, Fen};

/// What an order's view needs besides its row.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Details {
    /// Its lines, in order.
    pub lines: Vec<LineRow>,
    /// Units returned per SKU (picked-up or refunded orders).
    pub returned: Vec<(String, u32)>,
    /// The pickup counter (orders with a pickup number).
    pub counter: Option<CounterRow>,
    /// Coupons the payment earned (paid orders).
    pub rewards: Vec<OrderReward>,
    /// The red envelope the paid order carries, if it earned one.
    pub envelope: Option<EnvelopeRow>,
}

/// Why an order could not be shown.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ViewError {
    /// The row's id is not an order id (no such row is ever written): it is not found.
    #[error("no order {0}")]
    NotAnOrder(String),
}

impl From<ViewError> for ApiError {
    fn from(e: ViewError) -> ApiError {
        ApiError::not_found(e.to_string())
    }
}

/// The order as the API shows it, from its row and details. An order with a pickup number
/// shows its pickup code when given the deployment's pickup key (`None`: no code). Rewards and
/// the red envelope are shown only once it is paid; negative amounts read as zero.
pub fn assemble(row: &OrderRow, details: Details, pickup_key: Option<&[u8]>) -> Result<Order, ViewError> {
    let Details { lines, returned, counter, rewards, envelope } = details;
    let pickup = match row.pickup_no {
        Some(no) => {
            let id = OrderId::parse(&row.id).map_err(|_| ViewError::NotAnOrder(row.id.clone()))?;
            Some(Pickup {
                code: pickup_key.map(|key| pickup_code(key, &id, no.max(0) as u64)),
                counter_id: counter.as_ref().map(|c| c.id.clone()),
                counter_name: counter.as_ref().map(|c| c.name.clone()),
                counter_name_en: counter.as_ref().map(|c| c.name_en.clone()),
                store_name: counter.as_ref().map(|c| c.store_name.clone()),
                store_name_en: counter.as_ref().map(|c| c.store_name_en.clone()),
                floor: counter.map(|c| c.floor),
            })
        }
        None => None,
    };
    let fen = |v: i64| Fen::new(v.max(0) as u64);
    Ok(Order {
        id: row.id.clone(),
        member_id: row.member_id.clone(),
        store_id: row.store_id.clone(),
        status: row.status(),
        lines: lines
            .into_iter()
            .map(|l| OrderLineView {
                returned_qty: returned.iter().find(|(s, _)| *s == l.sku).map(|(_, n)| *n).unwrap_or(0),
                sku: l.sku,
                qty: l.qty,
                unit_price_fen: fen(l.unit_price_fen),
                flash_sale_id: l.flash_sale_id,
                name: l.name,
                name_en: l.name_en,
                image: l.image,
            })
            .collect(),
        subtotal_fen: fen(row.subtotal_fen),
        discount_fen: fen(row.discount_fen),
        total_fen: fen(row.total_fen),
        coupon_id: row.coupon_id.clone(),
        created_at: row.created_at,
        lock_expires_at: row.lock_expires_at(),
        paid_at: row.paid_at,
        payment_method: row.payment_method,
        picked_up_at: row.picked_up_at,
        pickup,
        placed_by: row.placed_by.clone(),
        rewards: if row.paid_at.is_some() { rewards } else { Vec::new() },
        channel: row.channel.as_deref().and_then(Channel::parse).unwrap_or_default(),
        red_envelope: envelope.filter(|_| row.paid_at.is_some()).map(|e| RedEnvelopeView {
            link: format!("/red-envelopes/{}", e.id),
            id: e.id,
            shares: e.shares.clamp(0, u16::MAX.into()) as u16,
            total_fen: fen(e.total_fen),
        }),
        from_store: row.source_store.clone(),
    })
}

#[cfg(test)]
mod tests;
