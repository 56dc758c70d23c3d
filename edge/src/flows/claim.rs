//! Runs a coupon claim ([`shared::flows::claim`]): the campaign's object grants, the member's
//! object takes the coupon into the wallet.

use crate::calls::campaign;
use crate::calls::member as card;
use crate::ctx::Ctx;
use crate::db::members::MemberRow;
use crate::http::Failure;
use shared::coupon::{Campaign, Coupon, coupon_id};
use shared::flows::claim::{Claim, ClaimError, ClaimRequest, Command, Event};
use shared::ids::MemberId;

/// Where a claim's commands go.
pub trait ClaimPort {
    /// Performs one command; its reply as the machine's event.
    async fn apply(&self, command: Command) -> Event;
}

/// A reply from an object as an event: a refusal passes through, any other failure is a crash.
pub fn replied<T>(reply: Result<T, Failure>, ok: impl FnOnce(T) -> Event) -> Event {
    match reply {
        Ok(value) => ok(value),
        Err(Failure::Api(e)) => Event::Refused(e),
        Err(other) => Event::Crashed(format!("{other:?}")),
    }
}

/// The live objects.
pub struct Objects<'a>(pub &'a Ctx);

impl ClaimPort for Objects<'_> {
    async fn apply(&self, command: Command) -> Event {
        let ctx = self.0;
        match command {
            Command::TakeFromCampaign { campaign_id, claim_key, member, coupon_id, member_joined, now } => {
                let ask = campaign::Claim { claim_key, member, coupon_id, member_joined, now };
                replied(campaign::send(ctx, &campaign_id, &ask).await, Event::Granted)
            }
            Command::AddToWallet { member, coupon } => {
                let id = coupon.id.clone();
                let add = card::AddCoupon { coupon };
                replied(card::send(ctx, member.as_str(), &add).await, |_| Event::InWallet(id))
            }
        }
    }
}

/// Drives `flow` from its first commands to its outcome.
pub async fn drive(mut flow: Claim, mut todo: Vec<Command>, port: &impl ClaimPort) -> Result<Coupon, Failure> {
    while flow.outcome().is_none()
        && let Some(command) = todo.pop()
    {
        let event = port.apply(command).await;
        todo.extend(flow.on(event));
    }
    match flow.outcome() {
        Some(Ok(coupon)) => Ok(coupon),
        Some(Err(ClaimError::Refused(e))) => Err(Failure::Api(e)),
        Some(Err(ClaimError::Interrupted(why))) => Err(Failure::Internal(why)),
        None => Err(Failure::Internal("the claim stopped with a step outstanding".into())),
    }
}

/// Claims a coupon of `campaign` for `member` (once per `claim_key`) and puts it in their wallet.
pub async fn claim_for(ctx: &Ctx, campaign: &Campaign, member: &MemberRow, claim_key: &str) -> Result<Coupon, Failure> {
    let member_id = MemberId::parse(&member.id).map_err(|_| Failure::Internal(format!("member id {}", member.id)))?;
    let id = coupon_id(&ctx.keys()?.order_id, &campaign.id, &member_id, claim_key);
    let joined = member.created_at;
    let request = ClaimRequest::new(&campaign.id, member_id, joined, claim_key, &id);
    let (flow, todo) = Claim::start(request, ctx.now);
    let coupon = drive(flow, todo, &Objects(ctx)).await?;
    // Listed with its campaign so redemptions can be counted (a repeat lists nothing new).
    crate::db::campaigns::record_coupon(ctx, &coupon.id, &campaign.id, &member.id).await?;
    crate::messages::coupon_in_wallet(ctx, &member.id, &coupon).await;
    Ok(coupon)
}

#[cfg(test)]
mod tests;
