//! Promoters and red envelopes around an order's life: the gifts at registration, the
//! commission and the envelope when it is paid (from the rewards pass, which the cron retries),
//! and both taken back when it is returned. Settling is done on read: every load of a promoted
//! customer first catches up with the pickups and the clock (`PromotedCustomer::catch_up`), so
//! no scheduled job is needed.

use crate::calls::{envelope, member as card};
use crate::ctx::Ctx;
use crate::db;
use crate::db::orders::OrderRow;
use crate::db::promoters::PromotedRow;
use crate::http::Failure;
use shared::Fen;
use shared::flows::settlement::ReturnPolicy;
use shared::ids::{MemberId, OrderId};
use shared::promoter::{OrderEvent, PromotedCustomer, PromoterCode, new_customer_gifts};
use shared::red_envelope::{EnvelopeId, EnvelopePolicy, RedEnvelope, seed_for};

fn internal(e: impl std::fmt::Display) -> Failure {
    Failure::Internal(e.to_string())
}

/// Puts the two new-customer gifts in the member's wallet (idempotent: the ids are the member's).
pub async fn give_gifts(ctx: &Ctx, member_id: &str) -> Result<(), Failure> {
    for (n, gift) in new_customer_gifts().iter().enumerate() {
        let coupon = gift.coupon(format!("PG{}-{member_id}", n + 1), ctx.now);
        let _: Option<shared::coupon::Coupon> = card::send(ctx, member_id, &card::AddCoupon { coupon }).await?;
    }
    Ok(())
}

/// The customer's commissions brought up to now (not saved: the same every time it is read).
pub fn current(
    ctx: &Ctx,
    row: &PromotedRow,
    pickups: &[(String, chrono::DateTime<chrono::Utc>)],
) -> Result<PromotedCustomer, Failure> {
    let mut customer = match row.customer()? {
        Some(c) => c,
        None => {
            let key = ctx.keys()?.promoter;
            let code = PromoterCode::parse(&key, &PromoterCode::for_staff(&key, &row.promoter)).map_err(internal)?;
            PromotedCustomer::new(&code, MemberId::parse(&row.member_id).map_err(internal)?)
        }
    };
    let pickups: Vec<(OrderId, _)> =
        pickups.iter().filter_map(|(id, at)| OrderId::parse(id).ok().map(|id| (id, *at))).collect();
    customer.catch_up(&pickups, ctx.now, &ReturnPolicy::STANDARD);
    Ok(customer)
}

/// Feeds `event` to the member's commissions if a promoter brought them. Saved by
/// compare-and-swap: two payments of one customer at once are fed one after the other.
async fn feed(ctx: &Ctx, member_id: &str, event: OrderEvent) -> Result<(), Failure> {
    for _ in 0..5 {
        let Some(row) = db::promoters::of_member(ctx, member_id).await? else { return Ok(()) };
        let pickups = db::promoters::pickups(ctx, member_id).await?;
        let mut customer = current(ctx, &row, &pickups)?;
        let changes = customer.on(event.clone(), &ReturnPolicy::STANDARD);
        if changes.is_empty() && row.state.is_some() {
            return Ok(());
        }
        if db::promoters::save(ctx, &customer, row.version).await? {
            return Ok(());
        }
    }
    Err(Failure::Internal(format!("the commissions of {member_id} kept changing")))
}

/// A paid order: the promoter's commission (first or second order) and the order's envelope.
pub async fn on_paid(ctx: &Ctx, order: &OrderRow) -> Result<(), Failure> {
    let id = OrderId::parse(&order.id).map_err(internal)?;
    let at = order.paid_at.unwrap_or(ctx.now);
    feed(ctx, &order.member_id, OrderEvent::Paid { order: id.clone(), at }).await?;
    let policy = EnvelopePolicy::DEMO;
    let total = Fen::new(order.total_fen.max(0) as u64);
    if !policy.carries(total) {
        return Ok(());
    }
    let buyer = MemberId::parse(&order.member_id).map_err(internal)?;
    let seed = seed_for(&ctx.keys()?.red_envelope, &id);
    let issued = RedEnvelope::issue(id.clone(), buyer, total, &policy, seed).map_err(internal)?;
    let name = EnvelopeId::of(&id).as_string();
    let kept = envelope::send(ctx, &name, &envelope::Issue { envelope: issued }).await?;
    db::promoters::record_envelope(ctx, &name, &order.id, &order.member_id, kept.share_count(), kept.total().get())
        .await
}

/// The whole order came back: its commission is reversed (unless settled) and its envelope
/// taken back (opened shares stay with their openers). Idempotent.
pub async fn on_returned(ctx: &Ctx, order: &OrderRow) -> Result<(), Failure> {
    let id = OrderId::parse(&order.id).map_err(internal)?;
    feed(ctx, &order.member_id, OrderEvent::Returned { order: id, whole: true }).await?;
    if let Some(e) = db::promoters::envelope_of_order(ctx, &order.id).await? {
        let _: shared::protocol::Done = envelope::send(ctx, &e.id, &envelope::Withdraw {}).await?;
    }
    Ok(())
}
