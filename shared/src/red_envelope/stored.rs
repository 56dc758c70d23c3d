//! An envelope as read back from storage, checked before it becomes a [`RedEnvelope`].

use super::{Opening, RedEnvelope};
use crate::Fen;
use crate::ids::{MemberId, OrderId};
use serde::Deserialize;

/// The stored fields, unchecked.
#[derive(Deserialize)]
pub(super) struct StoredEnvelope {
    order: OrderId,
    buyer: MemberId,
    shares: Vec<Fen>,
    openings: Vec<Opening>,
    withdrawn: bool,
}

/// Why a stored envelope was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CorruptEnvelope {
    /// No shares, more than the maximum, or a share of zero fen.
    #[error("a stored red envelope has 1 to 100 shares of at least one fen")]
    Shares,
    /// Openings that do not hand out the shares in turn to distinct members.
    #[error("a stored red envelope's openings do not match its shares")]
    Openings,
}

impl TryFrom<StoredEnvelope> for RedEnvelope {
    type Error = CorruptEnvelope;
    fn try_from(s: StoredEnvelope) -> Result<RedEnvelope, CorruptEnvelope> {
        let count_ok = (1..=usize::from(super::MAX_SHARES)).contains(&s.shares.len());
        if !count_ok || s.shares.iter().any(|f| f.get() == 0) {
            return Err(CorruptEnvelope::Shares);
        }
        let in_turn = s.openings.len() <= s.shares.len()
            && s.openings
                .iter()
                .enumerate()
                .all(|(i, o)| usize::from(o.share) == i && Some(&o.amount) == s.shares.get(i) && o.member != s.buyer);
        let mut members: Vec<&MemberId> = s.openings.iter().map(|o| &o.member).collect();
        crate::sorting::sort(&mut members);
        members.dedup();
        if !in_turn || members.len() != s.openings.len() {
            return Err(CorruptEnvelope::Openings);
        }
        Ok(RedEnvelope {
            order: s.order,
            buyer: s.buyer,
            shares: s.shares,
            openings: s.openings,
            withdrawn: s.withdrawn,
        })
    }
}

impl crate::stored::Stored for RedEnvelope {
    const NAME: &'static str = "red envelope";
    const SCHEMA: u32 = 1;
}
