//! Calling a coupon campaign.

pub use shared::protocol::campaign::*;

use super::call;
use crate::ctx::Ctx;
use crate::http::Failure;

/// Sends a command to a campaign and reads the reply that command names.
pub async fn send<C: CampaignCall>(ctx: &Ctx, campaign: &str, command: &C) -> std::result::Result<C::Reply, Failure> {
    call(ctx, "CAMPAIGN", campaign, &command.clone().into()).await
}
