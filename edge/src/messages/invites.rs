//! The scheduled pass's "invite to open a card" suggestions for guides: which rounds are due and
//! what they say is `shared::reminders::invite`; this reads the facts and writes the messages
//! (each once: the dedupe key makes the window's repeated passes write nothing new).

use crate::ctx::Ctx;
use crate::db::invites as facts;
use crate::http::Failure;
use shared::reminders::invite::{InvitePolicy, InviteRound};

/// Sends the rounds due now in every store; how many messages were new.
pub async fn upkeep(ctx: &Ctx) -> Result<u32, Failure> {
    let policy = InvitePolicy::STANDARD;
    let mut sent = 0;
    for store in facts::stores(ctx).await? {
        for round in policy.rounds(ctx.now, store.utc_offset_minutes) {
            let guides = facts::guides(ctx, &store.id).await?;
            if guides.is_empty() {
                continue;
            }
            let letters = match round {
                InviteRound::Weekly(week) => {
                    let joined = facts::joined(ctx, &store.id, week.since()).await?;
                    week.letters(&ctx.keys()?.promoter, &guides, &joined, ctx.now)
                }
                InviteRound::Daily(day) => {
                    let shoppers = facts::shoppers(ctx, &store.id, day.from(), day.to()).await?;
                    day.letters(&store.id, &guides, &shoppers, ctx.now)
                }
            };
            for (message, letter) in letters {
                sent += u32::from(super::write_letter_and_push(ctx, &message, &letter).await?);
            }
        }
    }
    Ok(sent)
}
