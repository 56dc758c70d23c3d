//! Messages: the one call every event makes ([`send`]), and the scheduled pass that pushes
//! reminders once they fall due and warns of expiring coupons ([`upkeep`]). What a message says,
//! when it is due and its "sent once" key are the core's (`shared::reminders`); the unique
//! dedupe key in D1 makes a repeated event write nothing.

pub mod invites;

use crate::ctx::Ctx;
use crate::db::messages as store;
use crate::db::orders::OrderRow;
use crate::http::Failure;
use shared::coupon::Coupon;
use shared::ids::MemberId;
use shared::reminders::{DedupeKey, Letter, MessageKind, Scheduled, at_once, coupon_warning};

/// Writes `message` into its recipient's inbox, once, and pushes it now if it is due. `about`
/// is what people call its subject (a sale's title, an order id). Never fails its caller: the
/// event that sends it has already happened; a failure is logged.
pub async fn send(ctx: &Ctx, message: Scheduled, about: &str) {
    if let Err(e) = write_and_push(ctx, &message, about).await {
        worker::console_error!("message {}: {e:?}", message.key().as_str());
    }
}

/// [`send`] for a message due at once about an event: `subject` is the event (an order, a
/// return), so a retried event sends nothing new.
pub async fn notify(ctx: &Ctx, recipient: &str, kind: MessageKind, subject: &str, about: &str) {
    send(ctx, at_once(recipient, kind, subject, ctx.now), about).await;
}

/// An order was paid for the first time: the member hears it is ready to collect (a
/// scan-and-go order leaves with its shopper), and the guide looking after them that they paid.
pub async fn order_paid(ctx: &Ctx, order: &OrderRow) {
    if order.channel.as_deref() != Some("scan_go") {
        notify(ctx, &order.member_id, MessageKind::ReadyForPickup, &order.id, &order.id).await;
    }
    match crate::db::clienteling::binding(ctx, &order.store_id, &order.member_id).await {
        Ok(Some(bound)) => {
            let name = match crate::db::members::by_id(ctx, &order.member_id).await {
                Ok(Some(m)) => m.name,
                _ => order.member_id.clone(),
            };
            notify(ctx, &bound.guide_id, MessageKind::CustomerPaid, &order.id, &name).await;
        }
        Ok(None) => {}
        Err(e) => worker::console_error!("guide of {}: {e:?}", order.member_id),
    }
}

/// Writes `message`; whether it is new. The push of a due one follows at once.
pub async fn write_and_push(ctx: &Ctx, message: &Scheduled, about: &str) -> Result<bool, Failure> {
    write_letter_and_push(ctx, message, &Letter::of(message.kind(), message.subject(), about)).await
}

/// [`write_and_push`] with the words already written (a suggestion that carries figures).
pub async fn write_letter_and_push(ctx: &Ctx, message: &Scheduled, letter: &Letter) -> Result<bool, Failure> {
    let id = crate::rand::id("MSG")?;
    let new = store::insert(ctx, &id, message, letter).await?;
    if new && message.due() <= ctx.now && store::claim(ctx, &id).await? {
        let rows = store::inbox(ctx, message.recipient()).await?;
        if let Some(row) = rows.into_iter().find(|r| r.id == id) {
            crate::push::deliver(ctx, &row).await;
        }
    }
    Ok(new)
}

/// A coupon came into `member`'s wallet: its expiry warning is written now, due a day before
/// it lapses (or at once inside that day), and withdrawn if it is used first.
pub async fn coupon_in_wallet(ctx: &Ctx, member: &str, coupon: &Coupon) {
    let Ok(member_id) = MemberId::parse(member) else { return };
    if let Some(warning) = coupon_warning(&member_id, &coupon.id, coupon.valid_until, true, ctx.now) {
        send(ctx, warning, &coupon.title).await;
    }
}

/// `member` used `coupon`: a warning not yet due is withdrawn.
pub async fn coupon_used(ctx: &Ctx, member: &str, coupon: &str) {
    let key = DedupeKey::new(member, MessageKind::CouponExpiring, coupon);
    if let Err(e) = store::withdraw(ctx, &key).await {
        worker::console_error!("withdraw {}: {e:?}", key.as_str());
    }
}

/// The scheduled pass: sends the guides' invite suggestions due now ([`invites`]; a failure
/// there is logged and the pushes still run), then pushes the reminders that fell due since
/// the last pass.
pub async fn upkeep(ctx: &Ctx) -> Result<u32, Failure> {
    if let Err(e) = invites::upkeep(ctx).await {
        worker::console_error!("invites: {e:?}");
    }
    let due = store::claim_unpushed(ctx, shared::reminders::PUSH_BATCH).await?;
    for row in &due {
        crate::push::deliver(ctx, row).await;
    }
    Ok(due.len() as u32)
}
