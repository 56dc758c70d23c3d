//! The repair pass: finishes what crashes left half-done (settled payments without their
//! effect, stored-value payments debited but not settled, unpaid orders past their lock, paid
//! orders from another store whose units have not all set off).

use super::apply;
use super::method::ledger_reference;
use crate::calls::member as card;
use crate::ctx::Ctx;
use crate::db;
use crate::db::payments::PaymentRow;
use crate::http::Failure;
use serde::Serialize;
use shared::flows::policy::OrderPolicy;
use shared::kinds::PaymentStatus;

/// What a reconciliation pass did.
#[derive(Debug, Default, Serialize)]
pub struct Reconciled {
    /// Settled payments whose effect was applied now.
    pub applied: u32,
    /// Stored-value payments found debited and settled now.
    pub settled: u32,
    /// Stored-value payments never debited, given up on (marked failed) now.
    pub abandoned: u32,
    /// Unpaid orders past their lock, expired now.
    pub expired: u32,
    /// Items that could not be finished this time (retried on a later pass, behind the rest).
    pub failed: u32,
}

/// Finishes what crashes left half-done: settled payments without their effect, stored-value
/// payments whose debit went through but were not settled, and unpaid orders past their lock
/// whose objects' alarms have not expired them yet. Each item is stamped as tried first and
/// taken least recently tried first; one that fails is logged and skipped, so no row can
/// block the ones behind it.
pub async fn reconcile(ctx: &Ctx) -> Result<Reconciled, Failure> {
    let mut done = Reconciled::default();
    for payment in db::payments::stale_balance_payments(ctx).await? {
        match settle_stale(ctx, &payment).await {
            Ok(Stale::Settled) => {
                done.settled += 1;
                done.applied += 1;
            }
            Ok(Stale::Abandoned) => done.abandoned += 1,
            Ok(Stale::Waiting) => {}
            Err(e) => {
                worker::console_error!("reconcile {}: {e:?}", payment.id);
                done.failed += 1;
            }
        }
    }
    for payment in db::payments::unapplied(ctx).await? {
        let attempt = async {
            db::payments::mark_attempted(ctx, &payment.id).await?;
            apply(ctx, &payment).await
        };
        match attempt.await {
            Ok(()) => done.applied += 1,
            Err(e) => {
                worker::console_error!("reconcile {}: {e:?}", payment.id);
                done.failed += 1;
            }
        }
    }
    for order in db::orders::lapsed_unpaid(ctx).await? {
        if let Ok(id) = shared::ids::OrderId::parse(&order) {
            match crate::flows::expiry::lock_lapsed(ctx, &id).await {
                Ok(_) => done.expired += 1,
                Err(e) => {
                    worker::console_error!("reconcile expiry {order}: {e:?}");
                    done.failed += 1;
                }
            }
        }
    }
    for order in db::orders::unsent_from_elsewhere(ctx).await? {
        let sent = match db::orders::by_id(ctx, &order).await {
            Ok(Some(row)) => crate::flows::store_transfer::fulfil(ctx, &row).await,
            Ok(None) => Ok(()),
            Err(e) => Err(e),
        };
        if let Err(e) = sent {
            worker::console_error!("reconcile fulfilment {order}: {e:?}");
            done.failed += 1;
        }
    }
    Ok(done)
}

/// What became of a stale stored-value payment.
enum Stale {
    /// The debit was found: settled and applied now.
    Settled,
    /// Never debited, and too old to ever be: failed now.
    Abandoned,
    /// Not debited yet; looked at again on a later pass.
    Waiting,
}

/// A stored-value payment left pending: if the card shows its debit, settle and apply it now;
/// if it never came and cannot come any more, give it up.
async fn settle_stale(ctx: &Ctx, payment: &PaymentRow) -> Result<Stale, Failure> {
    db::payments::mark_attempted(ctx, &payment.id).await?;
    let reference = ledger_reference(&payment.reference);
    let entry: Option<shared::stored_value::Entry> =
        card::send(ctx, &payment.member_id, &card::Entry { reference }).await?;
    if entry.is_some() {
        db::payments::settle_debit(ctx, &payment.id, ctx.now).await?;
        apply(ctx, payment).await?;
        return Ok(Stale::Settled);
    }
    if payment.created_at < ctx.now - OrderPolicy::standard().abandon_payment_after() {
        db::payments::settle(ctx, &payment.id, PaymentStatus::Failed, "abandoned", ctx.now).await?;
        return Ok(Stale::Abandoned);
    }
    Ok(Stale::Waiting)
}
